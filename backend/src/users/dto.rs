use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::model::User;
use crate::areas::AreaKind;
use crate::auth::Role;
use crate::db::schema::areas;
use crate::http::body::double_option;
use crate::http::validation::{not_blank, phone_number};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum UserStatus {
    Active,
    Disabled,
}

impl UserStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            UserStatus::Active => "active",
            UserStatus::Disabled => "disabled",
        }
    }
}

/// The area an account is bound to, named for display.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AreaRef {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub kind: AreaKind,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UserDto {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub phone: Option<String>,
    pub role: Role,
    /// Home area; `null` only for a system-wide admin.
    pub area: Option<AreaRef>,
    pub status: UserStatus,
    /// A unit contact's joint-building unit.
    pub unit_id: Option<i64>,
    /// The account still has a temporary password.
    pub must_change_password: bool,
    /// Set while the account is locked after failed sign-ins.
    pub locked_until: Option<DateTime<Utc>>,
    pub last_login_at: Option<DateTime<Utc>>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The columns an `AreaRef` is made of. Lists that name many areas select
/// these rather than whole rows: on SQLite every timestamp read is a parse.
pub const AREA_REF_COLUMNS: (areas::id, areas::code, areas::name, areas::kind) =
    (areas::id, areas::code, areas::name, areas::kind);

impl AreaRef {
    pub fn from_row((id, code, name, kind): (i64, String, String, String)) -> Self {
        AreaRef { kind: AreaKind::stored(&kind), id, code, name }
    }
}

impl From<crate::areas::model::Area> for AreaRef {
    fn from(a: crate::areas::model::Area) -> Self {
        AreaRef { kind: a.kind(), id: a.id, code: a.code, name: a.name }
    }
}

impl UserDto {
    pub fn new(u: User, area: Option<AreaRef>) -> Self {
        let now = Utc::now().naive_utc();
        UserDto {
            id: u.id,
            role: Role::parse(&u.role).unwrap_or(Role::Volunteer),
            status: if u.status == "active" { UserStatus::Active } else { UserStatus::Disabled },
            username: u.username,
            display_name: u.display_name,
            phone: u.phone,
            area,
            unit_id: u.unit_id,
            must_change_password: u.must_change_password,
            locked_until: u.locked_until.filter(|t| *t > now).map(|t| t.and_utc()),
            last_login_at: u.last_login_at.map(|t| t.and_utc()),
            version: u.version,
            created_at: u.created_at.and_utc(),
            updated_at: u.updated_at.and_utc(),
        }
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUser {
    /// 3–32 of a–z, 0–9, `_`, `.`, `-` (sign-in ignores case).
    #[validate(length(min = 3, max = 32, code = "invalid_length"), custom(function = "username"))]
    pub username: String,
    #[validate(length(min = 1, max = 50, code = "invalid_length"), custom(function = "not_blank"))]
    pub display_name: String,
    #[validate(custom(function = "phone_number"))]
    pub phone: Option<String>,
    pub role: Role,
    /// Required for every role but a system-wide `admin`.
    pub area_id: Option<i64>,
    /// Required for a `unit_contact` (their unit), not allowed for other roles.
    pub unit_id: Option<i64>,
    /// A temporary password; one is generated (and returned once) when absent.
    /// Either way it must be changed at first sign-in.
    pub password: Option<String>,
}

#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUser {
    #[validate(length(min = 1, max = 50, code = "invalid_length"), custom(function = "not_blank"))]
    pub display_name: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    #[validate(custom(function = "phone_number"))]
    pub phone: Option<Option<String>>,
    pub role: Option<Role>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub area_id: Option<Option<i64>>,
    /// `disabled` ends the account's sessions; accounts are never deleted.
    pub status: Option<UserStatus>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub unit_id: Option<Option<i64>>,
}

/// A new account, with its temporary password when the server generated it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedUser {
    #[serde(flatten)]
    pub user: UserDto,
    /// Shown once; the account must change it at first sign-in.
    pub temporary_password: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TemporaryPassword {
    /// Shown once; the account must change it at its next sign-in.
    pub temporary_password: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserListQuery {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    /// `username`, `display_name`, `role`, `status`, `created_at`, `last_login_at`, `id`; `-` for descending.
    pub sort: Option<String>,
    /// Text search in username and display name.
    pub q: Option<String>,
    pub role: Option<Role>,
    pub status: Option<UserStatus>,
    /// Accounts whose home area is this area or under it.
    pub area_id: Option<i64>,
}

/// 3–32 of a–z, 0–9, `_`, `.`, `-`.
pub fn valid_username(value: &str) -> bool {
    (3..=32).contains(&value.len())
        && value.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'.' | b'-'))
}

fn username(value: &str) -> Result<(), validator::ValidationError> {
    if valid_username(value) {
        Ok(())
    } else {
        Err(validator::ValidationError::new("invalid_username")
            .with_message("use lower-case letters, digits, `_`, `.` and `-`".into()))
    }
}
