//! Sign-in, token refresh, sign-out and password change.

use chrono::{Duration, NaiveDateTime, Utc};
use diesel::prelude::*;

use super::dto::{Me, TokenResponse};
use super::permissions::Role;
use super::tokens::{self, TokenKeys};
use super::{password, Caller};
use crate::audit::{self, repo::Actor, Entry};
use crate::config::Config;
use crate::db::schema::{areas, users};
use crate::db::{Db, DbConn};
use crate::http::meta::RequestMeta;
use crate::http::ApiError;
use crate::users::model::User;
use crate::users::repo as users_repo;

fn area_path(conn: &mut DbConn, area_id: Option<i64>) -> Result<Option<String>, ApiError> {
    match area_id {
        Some(id) => Ok(areas::table.find(id).select(areas::path).first(conn).optional()?),
        None => Ok(None),
    }
}

pub fn me(conn: &mut DbConn, user: &User) -> Result<Me, ApiError> {
    let role = Role::parse(&user.role).unwrap_or(Role::Volunteer);
    Ok(Me {
        id: user.id,
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        phone: user.phone.clone(),
        role,
        area: users_repo::home_area(conn, user.area_id)?,
        permissions: role.permissions().to_vec(),
        unit_id: user.unit_id,
        must_change_password: user.must_change_password,
    })
}

fn audit_security(
    conn: &mut DbConn,
    user: Option<&User>,
    attempted: &str,
    meta: &RequestMeta,
    action: &str,
) -> Result<(), ApiError> {
    let path = area_path(conn, user.and_then(|u| u.area_id))?;
    let actor = Actor {
        id: user.map(|u| u.id),
        username: Some(user.map(|u| u.username.as_str()).unwrap_or(attempted)),
        role: user.map(|u| u.role.as_str()),
    };
    audit::record(
        conn,
        actor,
        meta,
        Entry { action, entity: "session", entity_id: user.map(|u| u.id), area_path: path.as_deref(), changes: None },
    )
}

enum Attempt {
    Success(Box<TokenResponse>),
    Failed(ApiError),
}

/// Checks a username and password. The account row is read, the argon2
/// verification runs with no connection held, then the outcome (counters,
/// lockout, session) is written in one transaction.
pub async fn login(
    db: &Db,
    keys: &TokenKeys,
    config: &Config,
    meta: RequestMeta,
    username: String,
    secret: String,
) -> Result<TokenResponse, ApiError> {
    let username = username.trim().to_lowercase();
    let lookup = username.clone();
    let user: Option<User> = db
        .read(move |conn| Ok(users::table.filter(users::username.eq(lookup)).first::<User>(conn).optional()?))
        .await?;
    let now = Utc::now().naive_utc();
    let locked_for = user.as_ref().and_then(|u| u.locked_until).filter(|t| *t > now).map(|t| (t - now).num_seconds());
    let verified = match (&user, locked_for) {
        // A locked account is refused before its password is even checked.
        (_, Some(_)) => false,
        (Some(u), None) => {
            let stored = u.password_hash.clone();
            actix_web::web::block(move || password::verify(&secret, &stored)).await.map_err(ApiError::internal)?
        }
        (None, None) => {
            actix_web::web::block(move || password::verify_dummy(&secret)).await.map_err(ApiError::internal)?;
            false
        }
    };
    let (max_failures, lockout) = (config.login_max_failures.max(1), Duration::seconds(config.lockout_seconds));
    let (access_ttl, refresh_ttl) = (keys.access_ttl_seconds, keys.refresh_ttl_seconds);
    let family = tokens::new_family();
    let access = match &user {
        Some(u) if verified => Some(keys.issue_access(u.id, &family)?),
        _ => None,
    };
    let attempt = db
        .write(move |conn| {
            let Some(user) = user else {
                audit_security(conn, None, &username, &meta, "login_failed")?;
                return Ok(Attempt::Failed(ApiError::InvalidCredentials));
            };
            if let Some(seconds) = locked_for {
                audit_security(conn, Some(&user), &username, &meta, "login_locked")?;
                return Ok(Attempt::Failed(ApiError::AccountLocked { retry_after_seconds: seconds }));
            }
            let Some(access_token) = access else {
                record_failure(conn, &user, max_failures, now + lockout)?;
                audit_security(conn, Some(&user), &username, &meta, "login_failed")?;
                return Ok(Attempt::Failed(ApiError::InvalidCredentials));
            };
            if user.status != "active" {
                audit_security(conn, Some(&user), &username, &meta, "login_disabled")?;
                return Ok(Attempt::Failed(ApiError::AccountDisabled));
            }
            diesel::update(users::table.find(user.id))
                .set((
                    users::failed_logins.eq(0),
                    users::locked_until.eq(None::<NaiveDateTime>),
                    users::last_login_at.eq(now),
                ))
                .execute(conn)?;
            let refresh_token = tokens::insert_refresh(conn, user.id, &family, refresh_ttl)?;
            audit_security(conn, Some(&user), &username, &meta, "login")?;
            Ok(Attempt::Success(Box::new(TokenResponse {
                access_token,
                token_type: "Bearer",
                expires_in: access_ttl,
                refresh_token: Some(refresh_token),
                user: me(conn, &user)?,
            })))
        })
        .await?;
    match attempt {
        Attempt::Success(response) => Ok(*response),
        Attempt::Failed(error) => Err(error),
    }
}

/// One more failure; at the limit the account locks and the count starts over.
/// Both are conditional statements, so concurrent failures are all counted.
fn record_failure(
    conn: &mut DbConn,
    user: &User,
    max_failures: i32,
    locked_until: NaiveDateTime,
) -> Result<(), ApiError> {
    diesel::update(users::table.find(user.id)).set(users::failed_logins.eq(users::failed_logins + 1)).execute(conn)?;
    diesel::update(users::table.find(user.id).filter(users::failed_logins.ge(max_failures)))
        .set((users::locked_until.eq(locked_until), users::failed_logins.eq(0)))
        .execute(conn)?;
    Ok(())
}

enum Rotation {
    Rotated(Box<TokenResponse>),
    Refused(ApiError),
}

/// Exchanges a refresh token for a new pair. A token used twice means it
/// leaked: the whole family (sign-in session) is revoked.
pub async fn refresh(
    db: &Db,
    keys: std::sync::Arc<TokenKeys>,
    meta: RequestMeta,
    secret: String,
) -> Result<TokenResponse, ApiError> {
    let outcome = db
        .write(move |conn| {
            let Some(row) = tokens::find_refresh(conn, &secret)? else {
                return Ok(Rotation::Refused(ApiError::InvalidRefreshToken));
            };
            let now = Utc::now().naive_utc();
            if row.revoked_at.is_some() || row.expires_at <= now {
                return Ok(Rotation::Refused(ApiError::InvalidRefreshToken));
            }
            if row.used_at.is_some() || !tokens::mark_used(conn, row.id)? {
                tokens::revoke_family(conn, &row.family)?;
                let user: Option<User> = users::table.find(row.user_id).first(conn).optional()?;
                audit_security(conn, user.as_ref(), "", &meta, "refresh_token_reused")?;
                return Ok(Rotation::Refused(ApiError::RefreshTokenReused));
            }
            let user: User = users::table.find(row.user_id).first(conn)?;
            if user.status != "active" {
                tokens::revoke_family(conn, &row.family)?;
                return Ok(Rotation::Refused(ApiError::InvalidRefreshToken));
            }
            let refresh_token = tokens::insert_refresh(conn, user.id, &row.family, keys.refresh_ttl_seconds)?;
            Ok(Rotation::Rotated(Box::new(TokenResponse {
                access_token: keys.issue_access(user.id, &row.family)?,
                token_type: "Bearer",
                expires_in: keys.access_ttl_seconds,
                refresh_token: Some(refresh_token),
                user: me(conn, &user)?,
            })))
        })
        .await?;
    match outcome {
        Rotation::Rotated(response) => Ok(*response),
        Rotation::Refused(error) => Err(error),
    }
}

/// Ends the sign-in session the refresh token belongs to. Unknown tokens are
/// accepted silently (RFC 7009): signing out twice is not an error.
pub fn logout(conn: &mut DbConn, meta: &RequestMeta, secret: &str) -> Result<(), ApiError> {
    if let Some(row) = tokens::find_refresh(conn, secret)? {
        if tokens::revoke_family(conn, &row.family)? > 0 {
            let user: Option<User> = users::table.find(row.user_id).first(conn).optional()?;
            audit_security(conn, user.as_ref(), "", meta, "logout")?;
        }
    }
    Ok(())
}

/// Stores a new password hash, clears the temporary-password flag and ends
/// every other session of the account.
pub fn set_password(conn: &mut DbConn, caller: &Caller, meta: &RequestMeta, new_hash: &str) -> Result<(), ApiError> {
    let now = Utc::now().naive_utc();
    diesel::update(users::table.find(caller.user_id))
        .set((
            users::password_hash.eq(new_hash),
            users::must_change_password.eq(false),
            users::password_changed_at.eq(now),
            users::version.eq(users::version + 1),
            users::updated_at.eq(now),
        ))
        .execute(conn)?;
    tokens::revoke_user_families(conn, caller.user_id, Some(&caller.session))?;
    let path = area_path(conn, caller.area_id)?;
    audit::record(
        conn,
        caller,
        meta,
        Entry {
            action: "password_change",
            entity: "user",
            entity_id: Some(caller.user_id),
            area_path: path.as_deref(),
            changes: None,
        },
    )
}
