use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::model::RecordKind;
use crate::enrollments::dto::{ProjectRef, VolunteerRef};
use crate::needs::dto::PersonRef;
use crate::resources::dto::UnitRef;
use crate::users::dto::AreaRef;

/// A service record (志愿服务记录): confirmed minutes of one volunteer on one
/// project, or a correction of such a record.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ServiceRecordDto {
    pub id: i64,
    pub kind: RecordKind,
    pub volunteer: VolunteerRef,
    pub project: ProjectRef,
    /// The sign-up whose hours were confirmed; `null` for hours entered by
    /// staff and for adjustments.
    pub enrollment_id: Option<i64>,
    /// Where the service was done (the project's community or grid).
    pub area: AreaRef,
    /// The volunteer's work unit when the hours were recorded.
    pub unit: Option<UnitRef>,
    /// The day served, in the deployment's time zone; an adjustment carries
    /// the day of the record it corrects.
    pub service_date: NaiveDate,
    /// Minutes served; on an adjustment, the change (negative when hours
    /// were taken off).
    pub minutes: i32,
    /// `minutes` / 60, to two places.
    pub hours: f64,
    /// On an original: its minutes after every adjustment of it.
    pub effective_minutes: Option<i64>,
    pub content: String,
    /// On an adjustment: the record it corrects.
    pub corrects_id: Option<i64>,
    /// On an adjustment: why.
    pub reason: Option<String>,
    /// Who confirmed the hours, or made the correction.
    pub confirmed_by: PersonRef,
    pub created_at: DateTime<Utc>,
}

/// Hours entered by the organiser for service not signed up through the
/// system (a paper roster, an activity before the system was used).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateServiceRecord {
    pub volunteer_id: i64,
    pub project_id: i64,
    /// Not after today.
    pub service_date: NaiveDate,
    /// 1 to 1,440 (one day).
    #[validate(range(min = 1, max = 1440, code = "out_of_range"))]
    pub minutes: i32,
    /// What was done; the project's title when left out.
    #[validate(length(max = 500, code = "invalid_length"))]
    pub content: Option<String>,
}

/// A correction: the minutes the record should have had, and why.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdjustServiceRecord {
    /// 0 to 1,440; the adjustment records the difference from what the
    /// original counts now.
    #[validate(range(min = 0, max = 1440, code = "out_of_range"))]
    pub corrected_minutes: i32,
    #[validate(length(min = 1, max = 500, code = "invalid_length"))]
    pub reason: String,
}

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ServiceRecordListQuery {
    /// Page number, from 1 (ignored with `cursor` or `updated_since`).
    pub page: Option<i64>,
    /// Items per page, 1–100.
    pub page_size: Option<i64>,
    /// Keyset paging for sync: empty for the first page, then the previous
    /// page's `next_cursor`. Records come oldest first and the answer carries
    /// `next_cursor` instead of `total`.
    pub cursor: Option<String>,
    /// Sync: records written at or after this time (RFC 3339); pages by keyset.
    pub updated_since: Option<DateTime<Utc>>,
    /// `service_date`, `created_at`, `minutes` or `id`, `-` for descending;
    /// default `-service_date` (paging by number only).
    pub sort: Option<String>,
    pub volunteer_id: Option<i64>,
    pub project_id: Option<i64>,
    /// The volunteers' work unit.
    pub unit_id: Option<i64>,
    /// Where the service was done: this area and everything under it.
    pub area_id: Option<i64>,
    /// Served on or after this day.
    pub from: Option<NaiveDate>,
    /// Served on or before this day.
    pub to: Option<NaiveDate>,
    pub kind: Option<RecordKind>,
}

crate::text_enum! {
    /// How hour totals are grouped.
    pub enum TotalsGroup {
        /// By volunteer, most hours first.
        Volunteer => "volunteer",
        /// By the volunteers' work unit, most hours first.
        Unit => "unit",
        /// By the areas directly under `area_id` (or the caller's home area)
        /// where the service was done.
        Area => "area",
        /// By calendar month of the day served.
        Month => "month",
        /// By calendar year of the day served.
        Year => "year",
    }
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TotalsQuery {
    pub group_by: TotalsGroup,
    /// Served on or after this day.
    pub from: Option<NaiveDate>,
    /// Served on or before this day.
    pub to: Option<NaiveDate>,
    /// Where the service was done: this area and everything under it; the
    /// caller's home area when left out.
    pub area_id: Option<i64>,
    pub volunteer_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub project_id: Option<i64>,
    /// For `volunteer` and `unit`: how many groups, 1–1,000 (default 100).
    pub limit: Option<i64>,
}

/// One group's hours.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TotalRow {
    /// The volunteer's, unit's or area's id; `null` for months, years and
    /// for volunteers without a joint-building unit.
    pub id: Option<i64>,
    /// What the group is: `2026-05`, `2026`, an area or unit name, a
    /// volunteer's name with their volunteer number.
    pub label: String,
    pub minutes: i64,
    pub hours: f64,
    /// Original records counted (adjustments change minutes, not records).
    pub records: i64,
}

/// Hour totals of the records in reach that match the filters.
#[derive(Debug, Serialize, ToSchema)]
pub struct Totals {
    pub group_by: TotalsGroup,
    /// Groups, in order: most minutes first for volunteers and units, by
    /// label for areas, months and years.
    pub items: Vec<TotalRow>,
    /// How many groups there are in all (`items` may be cut to `limit`).
    pub groups: i64,
    /// Across all groups.
    pub minutes: i64,
    pub hours: f64,
    pub records: i64,
}

/// A volunteer's own records: paging as on `/service-records`, and the days.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MyRecordsQuery {
    /// Page number, from 1 (ignored with `cursor` or `updated_since`).
    pub page: Option<i64>,
    /// Items per page, 1–100.
    pub page_size: Option<i64>,
    /// Keyset paging for sync: empty for the first page, then the previous
    /// page's `next_cursor`.
    pub cursor: Option<String>,
    /// Sync: records written at or after this time (RFC 3339).
    pub updated_since: Option<DateTime<Utc>>,
    /// `service_date`, `created_at`, `minutes` or `id`; default `-service_date`.
    pub sort: Option<String>,
    /// Served on or after this day.
    pub from: Option<NaiveDate>,
    /// Served on or before this day.
    pub to: Option<NaiveDate>,
}

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MyHoursQuery {
    /// Served on or after this day.
    pub from: Option<NaiveDate>,
    /// Served on or before this day.
    pub to: Option<NaiveDate>,
}

/// Minutes of one year.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct YearHours {
    pub year: i32,
    pub minutes: i64,
    pub hours: f64,
}

/// A volunteer's own hours (`/me/hours`).
#[derive(Debug, Serialize, ToSchema)]
pub struct MyHours {
    pub minutes: i64,
    pub hours: f64,
    /// Original records counted.
    pub records: i64,
    /// Projects served on.
    pub projects: i64,
    /// Latest year first.
    pub by_year: Vec<YearHours>,
}
