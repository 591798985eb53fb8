use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::permissions::{Permission, Role};
use crate::users::dto::AreaRef;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[validate(length(min = 1, max = 64, code = "invalid_length"))]
    pub username: String,
    #[validate(length(min = 1, max = 256, code = "invalid_length"))]
    pub password: String,
    /// Browsers: keep the refresh token in an HttpOnly cookie (scoped to
    /// `/api/v1/auth`, SameSite=Strict) instead of returning it in the body.
    #[serde(default)]
    pub refresh_cookie: bool,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    /// Omit it to use the refresh-token cookie set at sign-in with `refresh_cookie`.
    #[validate(length(min = 1, max = 256, code = "invalid_length"))]
    pub refresh_token: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    #[validate(length(min = 1, max = 256, code = "invalid_length"))]
    pub current_password: String,
    /// At least 8 characters with 3 of: lower case, upper case, digits, others.
    pub new_password: String,
}

/// The signed-in account, with what it may do (the SPA builds its menu from `permissions`).
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub phone: Option<String>,
    pub role: Role,
    /// Home area; `null` for a system-wide admin.
    pub area: Option<AreaRef>,
    pub permissions: Vec<Permission>,
    /// A unit contact's joint-building unit.
    pub unit_id: Option<i64>,
    /// While true, only `/auth/*` answers: change the password first.
    pub must_change_password: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    /// JWT for `Authorization: Bearer`.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    /// Opaque; single use: every refresh returns a new one. Absent when it
    /// travels in the HttpOnly cookie instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    pub user: Me,
}
