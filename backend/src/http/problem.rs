//! RFC 9457 problem details: the one closed list of API errors.
//!
//! Every error a client can see is a variant here with a status and a stable
//! `code`; `docs/errors.md` lists them and a test keeps the two in step.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use super::request_id;

/// One invalid field of a request.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct FieldError {
    /// The field's name as the client sent it (`parent_id`, `members[2].name`).
    pub field: String,
    /// A stable machine code (`required`, `too_long`, `invalid_phone` ...).
    pub code: String,
    /// A short English explanation for developers.
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError { field: field.into(), code: code.into(), message: message.into() }
    }
}

/// The body of every error response (`application/problem+json`).
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// `/api/problems/<code>`
    #[serde(rename = "type")]
    pub type_: String,
    pub title: String,
    pub status: u16,
    /// Stable machine code; see `docs/errors.md`.
    pub code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("malformed JSON: {0}")]
    MalformedJson(String),
    #[error("malformed query: {0}")]
    MalformedQuery(String),
    #[error("authentication required")]
    Unauthenticated,
    #[error("the access token is invalid or expired")]
    InvalidToken,
    #[error("wrong username or password")]
    InvalidCredentials,
    #[error("account locked")]
    AccountLocked { retry_after_seconds: i64 },
    #[error("account disabled")]
    AccountDisabled,
    #[error("refresh token invalid or expired")]
    InvalidRefreshToken,
    #[error("refresh token reused")]
    RefreshTokenReused,
    #[error("permission denied")]
    Forbidden,
    #[error("password change required")]
    PasswordChangeRequired,
    #[error("not found")]
    NotFound,
    #[error("duplicate {field}")]
    Duplicate { field: &'static str },
    #[error("still referenced: {0}")]
    StillReferenced(String),
    #[error("conflict: {0}")]
    Conflict(&'static str, String),
    #[error("If-Match does not match the current version")]
    PreconditionFailed,
    /// The body is over the endpoint's limit, named in the detail ("1 MiB").
    #[error("request body too large")]
    PayloadTooLarge { limit: &'static str },
    /// The content types the endpoint takes, named in the detail.
    #[error("unsupported media type")]
    UnsupportedMediaType { expected: &'static str },
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// An `Idempotency-Key` sent again with another request.
    #[error("idempotency key reused")]
    IdempotencyKeyReused,
    #[error("If-Match required")]
    PreconditionRequired,
    #[error("rate limited")]
    RateLimited { retry_after_seconds: u64 },
    #[error("database unavailable")]
    Unavailable,
    #[error("internal error: {0}")]
    Internal(String),
}

/// Every code the API can answer with, for the documentation check.
pub const ALL_CODES: &[&str] = &[
    "malformed_json",
    "malformed_query",
    "unauthenticated",
    "invalid_token",
    "invalid_credentials",
    "account_locked",
    "account_disabled",
    "invalid_refresh_token",
    "refresh_token_reused",
    "forbidden",
    "password_change_required",
    "not_found",
    "duplicate",
    "still_referenced",
    "cannot_disable_self",
    "invalid_transition",
    "agreement_overlap",
    "insufficient_quantity",
    "already_enrolled",
    "overlapping_shift",
    "volunteer_not_active",
    "not_recruiting",
    "check_in_closed",
    "has_sign_ups",
    "already_paired",
    "already_claimed",
    "too_many_photos",
    "precondition_failed",
    "payload_too_large",
    "unsupported_media_type",
    "validation_failed",
    "idempotency_key_reused",
    "precondition_required",
    "rate_limited",
    "service_unavailable",
    "internal_error",
];

impl ApiError {
    /// One invalid field: the common case of a 422.
    pub fn field(field: impl Into<String>, code: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError::Validation(vec![FieldError::new(field, code, message)])
    }

    pub fn internal(cause: impl std::fmt::Display) -> Self {
        ApiError::Internal(cause.to_string())
    }

    pub fn code(&self) -> &'static str {
        match self {
            ApiError::MalformedJson(_) => "malformed_json",
            ApiError::MalformedQuery(_) => "malformed_query",
            ApiError::Unauthenticated => "unauthenticated",
            ApiError::InvalidToken => "invalid_token",
            ApiError::InvalidCredentials => "invalid_credentials",
            ApiError::AccountLocked { .. } => "account_locked",
            ApiError::AccountDisabled => "account_disabled",
            ApiError::InvalidRefreshToken => "invalid_refresh_token",
            ApiError::RefreshTokenReused => "refresh_token_reused",
            ApiError::Forbidden => "forbidden",
            ApiError::PasswordChangeRequired => "password_change_required",
            ApiError::NotFound => "not_found",
            ApiError::Duplicate { .. } => "duplicate",
            ApiError::StillReferenced(_) => "still_referenced",
            ApiError::Conflict(code, _) => code,
            ApiError::PreconditionFailed => "precondition_failed",
            ApiError::PayloadTooLarge { .. } => "payload_too_large",
            ApiError::UnsupportedMediaType { .. } => "unsupported_media_type",
            ApiError::Validation(_) => "validation_failed",
            ApiError::IdempotencyKeyReused => "idempotency_key_reused",
            ApiError::PreconditionRequired => "precondition_required",
            ApiError::RateLimited { .. } => "rate_limited",
            ApiError::Unavailable => "service_unavailable",
            ApiError::Internal(_) => "internal_error",
        }
    }

    fn title(&self) -> &'static str {
        match self {
            ApiError::MalformedJson(_) => "Malformed JSON body",
            ApiError::MalformedQuery(_) => "Malformed query string",
            ApiError::Unauthenticated => "Authentication required",
            ApiError::InvalidToken => "Invalid or expired access token",
            ApiError::InvalidCredentials => "Wrong username or password",
            ApiError::AccountLocked { .. } => "Account temporarily locked",
            ApiError::AccountDisabled => "Account disabled",
            ApiError::InvalidRefreshToken => "Invalid or expired refresh token",
            ApiError::RefreshTokenReused => "Refresh token reused; the session was revoked",
            ApiError::Forbidden => "Permission denied",
            ApiError::PasswordChangeRequired => "Password change required",
            ApiError::NotFound => "Not found",
            ApiError::Duplicate { .. } => "Duplicate value",
            ApiError::StillReferenced(_) => "Still referenced",
            ApiError::Conflict(..) => "Conflict with the current state",
            ApiError::PreconditionFailed => "Precondition failed",
            ApiError::PayloadTooLarge { .. } => "Request body too large",
            ApiError::UnsupportedMediaType { .. } => "Unsupported media type",
            ApiError::Validation(_) => "Request validation failed",
            ApiError::IdempotencyKeyReused => "Idempotency key reused with another request",
            ApiError::PreconditionRequired => "If-Match header required",
            ApiError::RateLimited { .. } => "Too many requests",
            ApiError::Unavailable => "Service unavailable",
            ApiError::Internal(_) => "Internal server error",
        }
    }

    fn detail(&self) -> Option<String> {
        match self {
            ApiError::MalformedJson(d) | ApiError::MalformedQuery(d) => Some(d.clone()),
            ApiError::StillReferenced(d) | ApiError::Conflict(_, d) => Some(d.clone()),
            ApiError::Duplicate { field } => Some(format!("another record already has this {field}")),
            ApiError::Validation(errors) => Some(format!("{} field(s) invalid", errors.len())),
            ApiError::AccountLocked { retry_after_seconds } => {
                Some(format!("too many failed sign-ins; try again in {retry_after_seconds} s"))
            }
            ApiError::PasswordChangeRequired => {
                Some("change the temporary password with POST /api/v1/auth/password first".into())
            }
            ApiError::PreconditionFailed => Some("the object changed since it was read; fetch it again".into()),
            ApiError::PreconditionRequired => Some("send If-Match with the ETag of the object".into()),
            ApiError::IdempotencyKeyReused => {
                Some("this Idempotency-Key was used in the last 24 hours for another request; send a new key".into())
            }
            ApiError::PayloadTooLarge { limit } => Some(format!("the limit is {limit}")),
            ApiError::UnsupportedMediaType { expected } => Some(format!("send Content-Type: {expected}")),
            _ => None,
        }
    }

    fn field_errors(&self) -> Vec<FieldError> {
        match self {
            ApiError::Validation(errors) => errors.clone(),
            ApiError::Duplicate { field } => {
                vec![FieldError::new(*field, "duplicate", format!("another record already has this {field}"))]
            }
            _ => Vec::new(),
        }
    }

    fn retry_after(&self) -> Option<u64> {
        match self {
            ApiError::RateLimited { retry_after_seconds } => Some(*retry_after_seconds),
            ApiError::AccountLocked { retry_after_seconds } => Some((*retry_after_seconds).max(1) as u64),
            _ => None,
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::MalformedJson(_) | ApiError::MalformedQuery(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthenticated
            | ApiError::InvalidToken
            | ApiError::InvalidCredentials
            | ApiError::AccountLocked { .. }
            | ApiError::AccountDisabled
            | ApiError::InvalidRefreshToken
            | ApiError::RefreshTokenReused => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden | ApiError::PasswordChangeRequired => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::Duplicate { .. } | ApiError::StillReferenced(_) | ApiError::Conflict(..) => StatusCode::CONFLICT,
            ApiError::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            ApiError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Validation(_) | ApiError::IdempotencyKeyReused => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let request_id = request_id::current();
        match self {
            // The cause stays in the log, tied to the request id; the client gets only the id.
            ApiError::Internal(cause) => tracing::error!(request_id = ?request_id, %cause, "internal error"),
            ApiError::Unavailable => tracing::warn!(request_id = ?request_id, "database unavailable"),
            _ => {}
        }
        let code = self.code();
        let problem = Problem {
            type_: format!("/api/problems/{code}"),
            title: self.title().to_string(),
            status: status.as_u16(),
            code: code.to_string(),
            detail: self.detail(),
            request_id,
            errors: self.field_errors(),
        };
        let mut builder = HttpResponse::build(status);
        builder.insert_header((header::CONTENT_TYPE, "application/problem+json"));
        if let Some(seconds) = self.retry_after() {
            builder.insert_header((header::RETRY_AFTER, seconds.to_string()));
        }
        if matches!(self, ApiError::Unauthenticated | ApiError::InvalidToken) {
            builder.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        builder.body(serde_json::to_string(&problem).unwrap_or_default())
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind as K, Error as E};
        match e {
            E::NotFound => ApiError::NotFound,
            E::DatabaseError(K::ForeignKeyViolation, _) => {
                ApiError::StillReferenced("other records refer to this one".into())
            }
            // Repositories check uniqueness first to name the field; this is the race they cannot see.
            E::DatabaseError(K::UniqueViolation, _) => {
                ApiError::Conflict("duplicate", "a record with the same unique value already exists".into())
            }
            E::DatabaseError(K::ClosedConnection, _) => ApiError::Unavailable,
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<validator::ValidationErrors> for ApiError {
    fn from(errors: validator::ValidationErrors) -> Self {
        ApiError::Validation(super::validation::field_errors(&errors))
    }
}
