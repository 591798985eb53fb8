use chrono::Utc;
use diesel::prelude::*;

use super::dto::{AreaRef, CreateUser, UpdateUser, UserDto, UserListQuery, UserStatus};
use super::model::{NewUser, User, UserChanges};
use crate::apply_sort;
use crate::areas::model::Area;
use crate::areas::repo as areas_repo;
use crate::audit::{self, Entry};
use crate::auth::caller::subtree_bounds;
use crate::auth::{tokens, AreaScope, Caller, Permission, Role};
use crate::db::schema::{areas, users};
use crate::db::{DbBackend, DbConn};
use crate::http::etag::IfMatch;
use crate::http::list::{like_pattern, parse_sort, Page, Paging};
use crate::http::meta::RequestMeta;
use crate::http::ApiError;

const SORTABLE: &[&str] = &["username", "display_name", "role", "status", "created_at", "last_login_at", "id"];

type Joined = diesel::dsl::IntoBoxed<'static, diesel::dsl::LeftJoin<users::table, areas::table>, DbBackend>;

/// Accounts whose home area lies in the scope; accounts with no home area
/// (system-wide admins) only for a caller who reaches everything.
fn scoped(scope: &AreaScope) -> Joined {
    let query = users::table.left_join(areas::table).into_boxed();
    match scope {
        AreaScope::Everything => query,
        AreaScope::Subtree(prefix) => {
            let (lo, hi) = subtree_bounds(prefix);
            query.filter(areas::path.ge(lo)).filter(areas::path.lt(hi))
        }
    }
}

pub fn to_dto((user, area): (User, Option<Area>)) -> UserDto {
    UserDto::new(user, area.map(AreaRef::from))
}

/// An account within reach, with its area; 404 otherwise.
pub fn find(conn: &mut DbConn, scope: &AreaScope, id: i64) -> Result<(User, Option<Area>), ApiError> {
    scoped(scope).filter(users::id.eq(id)).first(conn).optional()?.ok_or(ApiError::NotFound)
}

pub fn list(conn: &mut DbConn, caller: &Caller, q: &UserListQuery) -> Result<Page<UserDto>, ApiError> {
    let paging = Paging::new(q.page, q.page_size)?;
    let sort = parse_sort(q.sort.as_deref(), SORTABLE, "username")?;
    let within = match areas_repo::area_filter(conn, &caller.scope, q.area_id)? {
        areas_repo::AreaFilter::OutOfReach => return Ok(paging.wrap(Vec::new(), 0)),
        areas_repo::AreaFilter::Subtree(path) => Some(path),
        areas_repo::AreaFilter::Anywhere => None,
    };
    let filtered = || {
        let mut query = scoped(&caller.scope);
        if let Some(path) = &within {
            let (lo, hi) = subtree_bounds(path);
            query = query.filter(areas::path.ge(lo)).filter(areas::path.lt(hi));
        }
        if let Some(text) = q.q.as_deref().filter(|t| !t.trim().is_empty()) {
            let pattern = like_pattern(&text.to_lowercase());
            query = query.filter(
                users::username
                    .like(pattern.clone())
                    .escape('\\')
                    .or(users::display_name.like(like_pattern(text)).escape('\\')),
            );
        }
        if let Some(role) = q.role {
            query = query.filter(users::role.eq(role.as_str()));
        }
        if let Some(status) = q.status {
            query = query.filter(users::status.eq(status.as_str()));
        }
        query
    };
    let total: i64 = filtered().count().get_result(conn)?;
    let query = apply_sort!(filtered(), &sort, users::id, {
        "username" => users::username,
        "display_name" => users::display_name,
        "role" => users::role,
        "status" => users::status,
        "created_at" => users::created_at,
        "id" => users::id,
    }, nullable {
        "last_login_at" => users::last_login_at,
    });
    let rows: Vec<(User, Option<Area>)> = query.limit(paging.page_size).offset(paging.offset()).load(conn)?;
    Ok(paging.wrap(rows.into_iter().map(to_dto).collect(), total))
}

/// The home area a caller may give an account of `role`: inside their own
/// subtree, and never more reach than their own (only a caller who may grant
/// the admin role makes admins, and only one who reaches everything makes a
/// system-wide account).
fn grantable_area(
    conn: &mut DbConn,
    caller: &Caller,
    role: Role,
    area_id: Option<i64>,
) -> Result<Option<Area>, ApiError> {
    if role == Role::Admin && !caller.can(Permission::UsersGrantAdmin) {
        return Err(ApiError::field("role", "beyond_your_reach", "you cannot grant the admin role"));
    }
    match area_id {
        Some(id) => Ok(Some(areas_repo::find_reference(conn, &caller.scope, "area_id", id)?)),
        None if role != Role::Admin => {
            Err(ApiError::field("area_id", "required", "every account but a system admin has a home area"))
        }
        None if caller.scope != AreaScope::Everything => Err(ApiError::field(
            "area_id",
            "beyond_your_reach",
            "only a system-wide admin creates system-wide accounts",
        )),
        None => Ok(None),
    }
}

/// A unit contact speaks for one unit within the caller's reach; no other role has one.
fn checked_unit(conn: &mut DbConn, caller: &Caller, role: Role, unit_id: Option<i64>) -> Result<Option<i64>, ApiError> {
    match (role, unit_id) {
        (Role::UnitContact, Some(id)) => Ok(Some(crate::units::repo::find_reference(conn, caller, "unit_id", id)?.id)),
        (Role::UnitContact, None) => Err(ApiError::field("unit_id", "required", "a unit contact speaks for a unit")),
        (_, Some(_)) => Err(ApiError::field("unit_id", "not_applicable", "only unit contacts have a unit")),
        (_, None) => Ok(None),
    }
}

/// Accounts with the admin role are managed only by callers who may grant it.
fn check_manageable(caller: &Caller, target: &User) -> Result<(), ApiError> {
    if target.role == Role::Admin.as_str() && !caller.can(Permission::UsersGrantAdmin) {
        return Err(ApiError::Forbidden);
    }
    Ok(())
}

pub fn username_taken(conn: &mut DbConn, username: &str) -> Result<bool, ApiError> {
    Ok(users::table.filter(users::username.eq(username)).select(users::id).first::<i64>(conn).optional()?.is_some())
}

/// An account to insert; the caller has checked reach and hashed the password.
pub struct NewAccount<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub phone: Option<&'a str>,
    pub role: Role,
    pub area_id: Option<i64>,
    pub password_hash: &'a str,
    /// A temporary password: changed at first sign-in.
    pub must_change_password: bool,
    pub unit_id: Option<i64>,
}

pub fn insert(conn: &mut DbConn, account: NewAccount) -> Result<User, ApiError> {
    if username_taken(conn, account.username)? {
        return Err(ApiError::Duplicate { field: "username" });
    }
    let now = Utc::now().naive_utc();
    Ok(diesel::insert_into(users::table)
        .values(NewUser {
            username: account.username,
            display_name: account.display_name,
            phone: account.phone,
            role: account.role.as_str(),
            area_id: account.area_id,
            status: "active",
            password_hash: account.password_hash,
            must_change_password: account.must_change_password,
            failed_logins: 0,
            unit_id: account.unit_id,
            password_changed_at: now,
            version: 1,
            created_at: now,
            updated_at: now,
        })
        .get_result(conn)?)
}

/// Creates an account with a temporary password (hashed by the handler
/// outside the transaction; argon2 is deliberately slow).
pub fn create(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    input: &CreateUser,
    password_hash: &str,
) -> Result<UserDto, ApiError> {
    let area = grantable_area(conn, caller, input.role, input.area_id)?;
    let unit_id = checked_unit(conn, caller, input.role, input.unit_id)?;
    let user = insert(
        conn,
        NewAccount {
            username: &input.username,
            display_name: input.display_name.trim(),
            phone: input.phone.as_deref(),
            role: input.role,
            area_id: area.as_ref().map(|a| a.id),
            password_hash,
            must_change_password: true,
            unit_id,
        },
    )?;
    let dto = UserDto::new(user, area.clone().map(AreaRef::from));
    audit::record(
        conn,
        caller,
        meta,
        Entry {
            action: "create",
            entity: "user",
            entity_id: Some(dto.id),
            area_path: area.as_ref().map(|a| a.path.as_str()),
            changes: Some(audit::snapshot(&dto)),
        },
    )?;
    Ok(dto)
}

pub fn update(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    id: i64,
    if_match: IfMatch,
    input: UpdateUser,
) -> Result<UserDto, ApiError> {
    let (user, area) = find(conn, &caller.scope, id)?;
    check_manageable(caller, &user)?;
    if_match.check(user.version)?;
    if id == caller.user_id && input.status == Some(UserStatus::Disabled) {
        return Err(ApiError::Conflict("cannot_disable_self", "you cannot disable your own account".into()));
    }
    let role = input.role.unwrap_or_else(|| Role::parse(&user.role).unwrap_or(Role::Volunteer));
    let area_id = input.area_id.unwrap_or(user.area_id);
    let new_area = if input.role.is_some() || input.area_id.is_some() {
        grantable_area(conn, caller, role, area_id)?
    } else {
        area.clone()
    };
    let unit_id = if input.role.is_some() || input.unit_id.is_some() {
        // Leaving the unit-contact role drops the unit unless a new one is named.
        let wanted = input.unit_id.unwrap_or(if role == Role::UnitContact { user.unit_id } else { None });
        Some(checked_unit(conn, caller, role, wanted)?)
    } else {
        None
    };
    let before = audit::snapshot(&UserDto::new(user.clone(), area.map(AreaRef::from)));
    let changes = UserChanges {
        display_name: input.display_name.map(|n| n.trim().to_string()),
        phone: input.phone,
        role: input.role.map(|r| r.as_str().to_string()),
        area_id: input.area_id,
        status: input.status.map(|s| s.as_str().to_string()),
        unit_id,
        version: Some(user.version + 1),
        updated_at: Some(Utc::now().naive_utc()),
    };
    let updated: User = diesel::update(users::table.find(id)).set(&changes).get_result(conn)?;
    if input.status == Some(UserStatus::Disabled) {
        tokens::revoke_user_families(conn, id, None)?;
    }
    let dto = UserDto::new(updated, new_area.clone().map(AreaRef::from));
    audit::record(
        conn,
        caller,
        meta,
        Entry {
            action: "update",
            entity: "user",
            entity_id: Some(id),
            area_path: new_area.as_ref().map(|a| a.path.as_str()),
            changes: Some(audit::diff(&before, &audit::snapshot(&dto))),
        },
    )?;
    Ok(dto)
}

/// Gives an account a new temporary password, lifts a lockout and ends its sessions.
pub fn reset_password(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    id: i64,
    password_hash: &str,
) -> Result<(), ApiError> {
    let (user, area) = find(conn, &caller.scope, id)?;
    check_manageable(caller, &user)?;
    let now = Utc::now().naive_utc();
    diesel::update(users::table.find(id))
        .set((
            users::password_hash.eq(password_hash),
            users::must_change_password.eq(true),
            users::failed_logins.eq(0),
            users::locked_until.eq(None::<chrono::NaiveDateTime>),
            users::password_changed_at.eq(now),
            users::version.eq(user.version + 1),
            users::updated_at.eq(now),
        ))
        .execute(conn)?;
    tokens::revoke_user_families(conn, id, None)?;
    audit::record(
        conn,
        caller,
        meta,
        Entry {
            action: "reset_password",
            entity: "user",
            entity_id: Some(id),
            area_path: area.as_ref().map(|a| a.path.as_str()),
            changes: None,
        },
    )?;
    Ok(())
}

/// A user's home area for display (`/auth/me`).
pub fn home_area(conn: &mut DbConn, area_id: Option<i64>) -> Result<Option<AreaRef>, ApiError> {
    let Some(id) = area_id else { return Ok(None) };
    let area: Option<Area> = areas::table.find(id).first(conn).optional()?;
    Ok(area.map(AreaRef::from))
}
