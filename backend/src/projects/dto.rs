use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::model::{ApprovalMode, OrganiserKind};
use super::state::ProjectStatus;
use crate::enrollments::dto::EnrollmentDto;
use crate::http::body::double_option;
use crate::http::validation::not_blank;
use crate::needs::NeedCategory;
use crate::users::dto::AreaRef;

/// Who organises a project, named for display.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Organiser {
    pub kind: OrganiserKind,
    /// The unit's or party organisation's id; the area's for a community.
    pub id: i64,
    pub name: String,
}

/// A volunteer project (志愿服务项目).
#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectDto {
    pub id: i64,
    pub title: String,
    /// One of the nine assembly calls (集结号), as for needs.
    pub category: NeedCategory,
    pub organiser: Organiser,
    /// The community or grid the project serves.
    pub area: AreaRef,
    pub place: Option<String>,
    pub description: Option<String>,
    pub requirements: Option<String>,
    pub approval_mode: ApprovalMode,
    pub status: ProjectStatus,
    pub cancel_reason: Option<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateProject {
    #[validate(length(min = 1, max = 100, code = "invalid_length"), custom(function = "not_blank"))]
    pub title: String,
    pub category: NeedCategory,
    pub organiser_kind: OrganiserKind,
    /// With `organiser_kind` `unit`: a unit within your reach.
    pub organiser_unit_id: Option<i64>,
    /// With `organiser_kind` `party_org`: a party organisation within your reach.
    pub organiser_party_org_id: Option<i64>,
    /// A community or grid within your reach.
    pub area_id: i64,
    #[validate(length(max = 200, code = "invalid_length"))]
    pub place: Option<String>,
    #[validate(length(max = 5000, code = "invalid_length"))]
    pub description: Option<String>,
    #[validate(length(max = 2000, code = "invalid_length"))]
    pub requirements: Option<String>,
    /// `automatic` when omitted.
    pub approval_mode: Option<ApprovalMode>,
}

/// Fields to change; absent ones stay, `null` clears.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateProject {
    #[validate(length(min = 1, max = 100, code = "invalid_length"), custom(function = "not_blank"))]
    pub title: Option<String>,
    pub category: Option<NeedCategory>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    #[validate(length(max = 200, code = "invalid_length"))]
    pub place: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    #[validate(length(max = 5000, code = "invalid_length"))]
    pub description: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    #[validate(length(max = 2000, code = "invalid_length"))]
    pub requirements: Option<Option<String>>,
    pub approval_mode: Option<ApprovalMode>,
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProjectListQuery {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    /// `created_at`, `updated_at`, `title`, `id`; `-` for descending (default `-created_at`).
    pub sort: Option<String>,
    /// Text search in the title.
    pub q: Option<String>,
    pub status: Option<ProjectStatus>,
    pub category: Option<NeedCategory>,
    /// Projects of this area or one under it.
    pub area_id: Option<i64>,
}

/// A shift (班次) of a project.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShiftDto {
    pub id: i64,
    pub project_id: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub places: i32,
    /// Places held by sign-ups (pending, enrolled, checked in or out).
    pub taken: i32,
    pub places_left: i32,
    /// Sign-ups waiting for a place.
    pub waitlisted: i64,
    /// The code volunteers type to check in by app; for the organiser only.
    pub check_in_code: Option<String>,
    /// Every sign-up, oldest first; for the organiser only.
    pub roster: Option<Vec<EnrollmentDto>>,
    pub version: i32,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateShift {
    pub starts_at: DateTime<Utc>,
    /// After `starts_at`, at most 24 hours later.
    pub ends_at: DateTime<Utc>,
    #[validate(range(min = 1, max = 10_000, code = "out_of_range"))]
    pub places: i32,
}

/// Fields of a shift to change; absent ones stay. Its times move only while
/// nobody is signed up; its places never drop below those taken.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateShift {
    pub starts_at: Option<DateTime<Utc>>,
    /// After `starts_at`, at most 24 hours later.
    pub ends_at: Option<DateTime<Utc>>,
    /// At least the places taken; more places go to the waitlist first.
    #[validate(range(min = 1, max = 10_000, code = "out_of_range"))]
    pub places: Option<i32>,
}

/// A daily time window, `HH:MM` in the deployment's time zone.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TimeWindow {
    /// `08:00`
    pub start: String,
    /// `12:00`; after `start`.
    pub end: String,
}

/// Shifts for every day of a date range and each daily window: "1–4 May,
/// 08:00–12:00 and 12:00–16:00, 3 places each" is 8 shifts.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GenerateShifts {
    pub from: NaiveDate,
    /// Inclusive; at most 366 days after `from`.
    pub to: NaiveDate,
    #[validate(length(min = 1, max = 12, code = "invalid_length"))]
    pub windows: Vec<TimeWindow>,
    #[validate(range(min = 1, max = 10_000, code = "out_of_range"))]
    pub places: i32,
}

/// The shifts made.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShiftList {
    pub items: Vec<ShiftDto>,
}
