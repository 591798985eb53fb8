use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::model::EnrollmentStatus;

/// The volunteer of a sign-up, by name and volunteer number (never the identity number).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VolunteerRef {
    pub id: i64,
    pub volunteer_no: String,
    pub name: String,
}

/// The project of a sign-up, named for display.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProjectRef {
    pub id: i64,
    pub title: String,
}

/// A sign-up (报名) of a volunteer to a shift.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EnrollmentDto {
    pub id: i64,
    pub shift_id: i64,
    pub project: ProjectRef,
    pub volunteer: VolunteerRef,
    /// The shift's times.
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub status: EnrollmentStatus,
    /// Place in the shift's waitlist, 1 first; only while `waitlisted`.
    pub waitlist_position: Option<i64>,
    /// Why it was rejected or withdrawn.
    pub reason: Option<String>,
    pub checked_in_at: Option<DateTime<Utc>>,
    pub checked_out_at: Option<DateTime<Utc>>,
    /// Minutes served: the time checked in, clipped to the shift; set at check-out.
    pub minutes: Option<i32>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A volunteer account signs itself up (send `{}`); staff organising the
/// project name the volunteer.
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateEnrollment {
    /// Required for staff; a volunteer account may send only its own.
    pub volunteer_id: Option<i64>,
}

/// `withdraw` and `reject`; the reason is optional for a withdrawal.
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnrollmentReason {
    #[validate(length(max = 500, code = "invalid_length"))]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MyEnrollmentsQuery {
    /// Page number, from 1 (ignored with `cursor` or `updated_since`).
    pub page: Option<i64>,
    /// Items per page, 1–100.
    pub page_size: Option<i64>,
    /// Keyset paging for sync: empty for the first page, then the previous
    /// page's `next_cursor`. Sign-ups then come in the order of their last
    /// change, oldest first, and the answer carries `next_cursor` instead of `total`.
    pub cursor: Option<String>,
    /// Sync: sign-ups changed at or after this time (RFC 3339); pages by keyset.
    pub updated_since: Option<DateTime<Utc>>,
    pub status: Option<EnrollmentStatus>,
}

/// Sign-ups of projects in reach, for rosters across shifts and for portals'
/// sync.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EnrollmentListQuery {
    /// Page number, from 1 (ignored with `cursor` or `updated_since`).
    pub page: Option<i64>,
    /// Items per page, 1–100.
    pub page_size: Option<i64>,
    /// Keyset paging for sync: empty for the first page, then the previous
    /// page's `next_cursor`. Sign-ups then come in the order of their last
    /// change, oldest first, and the answer carries `next_cursor` instead of `total`.
    pub cursor: Option<String>,
    /// Sync: sign-ups changed at or after this time (RFC 3339); pages by keyset.
    pub updated_since: Option<DateTime<Utc>>,
    pub project_id: Option<i64>,
    pub shift_id: Option<i64>,
    pub volunteer_id: Option<i64>,
    pub status: Option<EnrollmentStatus>,
}

/// Check-in: staff on the spot send `{}`; a volunteer's app sends the
/// shift's code, which the organiser shows.
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckIn {
    #[validate(length(max = 20, code = "invalid_length"))]
    pub code: Option<String>,
}
