use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::model::{NeedCategory, Urgency};
use super::state::NeedStatus;
use crate::http::body::double_option;
use crate::http::validation::not_blank;
use crate::users::dto::AreaRef;

/// An account, named for display.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonRef {
    pub id: i64,
    pub display_name: String,
}

/// A need (需求清单项) as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct NeedDto {
    pub id: i64,
    /// The community or grid whose residents need it.
    pub area: AreaRef,
    pub category: NeedCategory,
    pub title: String,
    pub description: Option<String>,
    /// How many people it is for.
    pub beneficiary_count: Option<i32>,
    /// Who they are, in words (独居老人, 留守儿童 ...).
    pub beneficiaries: Option<String>,
    pub urgency: Urgency,
    /// The day it should be met by.
    pub wanted_by: Option<NaiveDate>,
    pub raised_by: PersonRef,
    /// Follows the need's services; `closed_unfulfilled` by the `close` action.
    pub status: NeedStatus,
    /// Why it was closed unfulfilled.
    pub close_reason: Option<String>,
    /// Still pending after its `wanted_by` day (in the deployment's time zone).
    pub overdue: bool,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateNeed {
    /// A community or grid within your reach.
    pub area_id: i64,
    pub category: NeedCategory,
    #[validate(length(min = 1, max = 200, code = "invalid_length"), custom(function = "not_blank"))]
    pub title: String,
    #[validate(length(max = 5000, code = "invalid_length"))]
    pub description: Option<String>,
    #[validate(range(min = 0, max = 10_000_000, code = "out_of_range"))]
    pub beneficiary_count: Option<i32>,
    #[validate(length(min = 1, max = 500, code = "invalid_length"))]
    pub beneficiaries: Option<String>,
    /// `normal` when omitted.
    pub urgency: Option<Urgency>,
    pub wanted_by: Option<NaiveDate>,
}

/// While the need is pending. Only the fields sent change; `null` clears an
/// optional field. A new `wanted_by` carries over to its live services.
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateNeed {
    pub category: Option<NeedCategory>,
    #[validate(length(min = 1, max = 200, code = "invalid_length"), custom(function = "not_blank"))]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    #[validate(length(max = 5000, code = "invalid_length"))]
    pub description: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i32>)]
    #[validate(range(min = 0, max = 10_000_000, code = "out_of_range"))]
    pub beneficiary_count: Option<Option<i32>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    #[validate(length(min = 1, max = 500, code = "invalid_length"))]
    pub beneficiaries: Option<Option<String>>,
    pub urgency: Option<Urgency>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    pub wanted_by: Option<Option<NaiveDate>>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CloseNeed {
    /// Why the need is closed unfulfilled; required.
    #[validate(length(min = 1, max = 500, code = "invalid_length"), custom(function = "not_blank"))]
    pub reason: String,
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NeedListQuery {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    /// `created_at`, `updated_at`, `wanted_by`, `title`, `id`; `-` for descending (default `-created_at`).
    pub sort: Option<String>,
    /// Text search in the title.
    pub q: Option<String>,
    pub category: Option<NeedCategory>,
    pub status: Option<NeedStatus>,
    pub urgency: Option<Urgency>,
    /// Needs of this area or an area under it.
    pub area_id: Option<i64>,
    /// `true`: pending needs past their `wanted_by` day; `false`: all others.
    pub overdue: Option<bool>,
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MatchQuery {
    /// How many to return, 1–100 (default 20).
    pub limit: Option<i64>,
}
