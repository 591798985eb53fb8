use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::model::{HelperKind, PairingStatus};
use crate::http::body::double_option;
use crate::http::validation::not_blank;
use crate::users::dto::AreaRef;

/// The helper of a pairing.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HelperRef {
    pub kind: HelperKind,
    /// The unit's or the volunteer's id.
    pub id: i64,
    pub name: String,
}

/// The household of a pairing as its list shows it: no personal data.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HouseholdRef {
    pub id: i64,
    pub household_no: String,
    pub head_name: String,
}

/// A pairing (结对帮扶).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PairingDto {
    pub id: i64,
    pub household: HouseholdRef,
    /// The household's grid or community.
    pub area: AreaRef,
    pub helper: HelperRef,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    /// 帮扶计划
    pub plan: Option<String>,
    /// 帮扶目标
    pub goals: Option<String>,
    pub visit_interval_days: i32,
    pub status: PairingStatus,
    pub end_reason: Option<String>,
    pub last_visit_on: Option<NaiveDate>,
    pub visit_count: i32,
    /// When the next visit is due: the last visit (or the start) plus the interval.
    pub due_on: NaiveDate,
    /// Active and `due_on` before today.
    pub overdue: bool,
    /// Active and due by the end of this week (Sunday), overdue included.
    pub due_this_week: bool,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn interval(days: i32) -> Result<(), validator::ValidationError> {
    if (1..=366).contains(&days) {
        Ok(())
    } else {
        Err(validator::ValidationError::new("out_of_range").with_message("1 to 366 days".into()))
    }
}

/// Pairs a helper with a household: exactly one of `unit_id` and `volunteer_id`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatePairing {
    pub household_id: i64,
    /// A joint-building unit in reach.
    pub unit_id: Option<i64>,
    /// A volunteer in reach.
    pub volunteer_id: Option<i64>,
    /// Default: today.
    pub starts_on: Option<NaiveDate>,
    #[validate(length(max = 2000, code = "invalid_length"))]
    pub plan: Option<String>,
    #[validate(length(max = 2000, code = "invalid_length"))]
    pub goals: Option<String>,
    /// Visit at least every so many days (1-366).
    #[validate(custom(function = "interval"))]
    pub visit_interval_days: i32,
}

/// Fields to change; absent ones stay, `null` clears.
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdatePairing {
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    #[validate(length(max = 2000, code = "invalid_length"))]
    pub plan: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    #[validate(length(max = 2000, code = "invalid_length"))]
    pub goals: Option<Option<String>>,
    /// Moves `due_on` at once.
    #[validate(custom(function = "interval"))]
    pub visit_interval_days: Option<i32>,
}

/// Ends a pairing: the reason, and the last day (default today).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EndPairing {
    #[validate(length(min = 1, max = 500, code = "invalid_length"), custom(function = "not_blank"))]
    pub reason: String,
    pub ends_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PairingListQuery {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    /// `due_on`, `starts_on`, `last_visit_on`, `created_at`, `id`; `-` for descending (default `due_on`).
    pub sort: Option<String>,
    /// Pairings of households in this area or one under it.
    pub area_id: Option<i64>,
    pub household_id: Option<i64>,
    pub status: Option<PairingStatus>,
    /// `true`: active pairings whose visit is overdue; `false`: those that are not.
    pub overdue: Option<bool>,
    pub helper_kind: Option<HelperKind>,
    pub unit_id: Option<i64>,
    pub volunteer_id: Option<i64>,
}

/// What `/me/pairings` shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Due {
    /// Every active pairing (default).
    #[default]
    All,
    /// Due by the end of this week, overdue included.
    Week,
    /// Overdue only.
    Overdue,
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MyPairingsQuery {
    // Inlined: `Due` appears in no body, so nothing else would register it as
    // a component for the reference to point at.
    #[param(inline)]
    pub due: Option<Due>,
}
