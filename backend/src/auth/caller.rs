//! The signed-in caller: the access token as an extractor, then the account
//! loaded fresh from the database on every request, so disabling an account
//! or changing its role takes effect at once.

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use diesel::prelude::*;
use futures_util::future::{ready, Ready};

use super::permissions::{Permission, Role};
use super::tokens::Claims;
use crate::app::AppState;
use crate::db::schema::{areas, users};
use crate::db::DbConn;
use crate::http::ApiError;

/// A verified access token (signature, algorithm, issuer, audience, expiry).
#[derive(Debug, Clone)]
pub struct AccessToken(pub Claims);

impl FromRequest for AccessToken {
    type Error = ApiError;
    type Future = Ready<Result<AccessToken, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let Some(state) = req.app_data::<web::Data<AppState>>() else {
            return ready(Err(ApiError::internal("application state missing")));
        };
        let Some(value) = req.headers().get(header::AUTHORIZATION) else {
            return ready(Err(ApiError::Unauthenticated));
        };
        let value = value.to_str().unwrap_or("");
        let token = match value.split_once(' ') {
            Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim(),
            _ => return ready(Err(ApiError::InvalidToken)),
        };
        ready(state.tokens.verify_access(token).map(AccessToken))
    }
}

/// Which part of the area tree a caller reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AreaScope {
    /// A system admin with no home area.
    Everything,
    /// The home area's materialised path, e.g. `/1/5/`.
    Subtree(String),
}

impl AreaScope {
    /// Whether an area with this path lies inside the scope.
    pub fn contains(&self, path: &str) -> bool {
        match self {
            AreaScope::Everything => true,
            AreaScope::Subtree(prefix) => path.starts_with(prefix.as_str()),
        }
    }

    /// Whether this scope reaches at least as far as `other`.
    pub fn covers(&self, other: &AreaScope) -> bool {
        match (self, other) {
            (AreaScope::Everything, _) => true,
            (AreaScope::Subtree(_), AreaScope::Everything) => false,
            (AreaScope::Subtree(_), AreaScope::Subtree(p)) => self.contains(p),
        }
    }
}

/// `[lo, hi)` bounds of every path under `prefix`: the paths end in `/`, and
/// `0` is the byte after `/`, so the subtree is one index range scan.
pub fn subtree_bounds(prefix: &str) -> (String, String) {
    let mut hi = prefix.trim_end_matches('/').to_string();
    hi.push('0');
    (prefix.to_string(), hi)
}

#[derive(Debug, Clone)]
pub struct Caller {
    pub user_id: i64,
    pub username: String,
    pub role: Role,
    pub area_id: Option<i64>,
    /// A unit contact's unit.
    pub unit_id: Option<i64>,
    pub scope: AreaScope,
    pub must_change_password: bool,
    /// The sign-in session, kept when the password changes.
    pub session: String,
}

impl Caller {
    /// Loads the caller named by the token. A disabled or vanished account
    /// gets 401; a temporary password must be changed before anything but
    /// `/auth/*` is allowed.
    pub fn load(conn: &mut DbConn, token: &AccessToken) -> Result<Caller, ApiError> {
        let caller = Self::load_allowing_password_change(conn, token)?;
        if caller.must_change_password {
            return Err(ApiError::PasswordChangeRequired);
        }
        Ok(caller)
    }

    /// Loads the caller and checks a permission in one go: the usual first line of a handler.
    pub fn authorize(conn: &mut DbConn, token: &AccessToken, permission: Permission) -> Result<Caller, ApiError> {
        let caller = Self::load(conn, token)?;
        caller.require(permission)?;
        Ok(caller)
    }

    pub fn load_allowing_password_change(conn: &mut DbConn, token: &AccessToken) -> Result<Caller, ApiError> {
        let user_id = token.0.user_id()?;
        type Row = (String, String, Option<i64>, String, bool, Option<String>, Option<i64>);
        // Every request asks this, so it goes straight to the backend's connection.
        let query = users::table
            .left_join(areas::table)
            .filter(users::id.eq(user_id))
            .select((
                users::username,
                users::role,
                users::area_id,
                users::status,
                users::must_change_password,
                areas::path.nullable(),
                users::unit_id,
            ))
            .limit(1);
        let row: Option<Row> = conn.load_direct(query)?.pop();
        let Some((username, role, area_id, status, must_change_password, path, unit_id)) = row else {
            return Err(ApiError::InvalidToken);
        };
        if status != "active" {
            return Err(ApiError::InvalidToken);
        }
        let role = Role::parse(&role).ok_or_else(|| ApiError::internal(format!("unknown role {role}")))?;
        let scope = match path {
            Some(p) => AreaScope::Subtree(p),
            None if role == Role::Admin => AreaScope::Everything,
            // Only a system admin may have no home area; anyone else reaches nothing.
            None => AreaScope::Subtree("/-/".into()),
        };
        Ok(Caller {
            user_id,
            username,
            role,
            area_id,
            unit_id,
            scope,
            must_change_password,
            session: token.0.sid.clone(),
        })
    }

    pub fn require(&self, permission: Permission) -> Result<(), ApiError> {
        if self.role.has(permission) {
            Ok(())
        } else {
            Err(ApiError::Forbidden)
        }
    }

    pub fn can(&self, permission: Permission) -> bool {
        self.role.has(permission)
    }
}
