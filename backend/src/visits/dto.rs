use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::model::{Paperwork, VisitKind};
use crate::http::validation::not_blank;

/// A visit (走访记录).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VisitDto {
    pub id: i64,
    pub pairing_id: i64,
    pub household_id: i64,
    pub visited_on: NaiveDate,
    pub kind: VisitKind,
    /// For `paperwork` visits: what was handled.
    pub paperwork: Option<Paperwork>,
    /// What was done; blank once the household's data was erased.
    pub content: String,
    pub outcome: Option<String>,
    /// 下次跟进日期
    pub follow_up_on: Option<NaiveDate>,
    /// Photo ids; fetch each from `/visits/{id}/photos/{photo_id}`.
    pub photos: Vec<i64>,
    /// Who recorded it: the account's display name.
    pub recorded_by: String,
    pub created_at: DateTime<Utc>,
}

/// A visit made; moves the pairing's due date.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateVisit {
    /// Not after today, not before the pairing started.
    pub visited_on: NaiveDate,
    pub kind: VisitKind,
    /// Required for `paperwork` visits, not taken for others.
    pub paperwork: Option<Paperwork>,
    /// 帮扶内容
    #[validate(length(min = 1, max = 2000, code = "invalid_length"), custom(function = "not_blank"))]
    pub content: String,
    /// 帮扶成效
    #[validate(length(max = 2000, code = "invalid_length"))]
    pub outcome: Option<String>,
    /// After `visited_on`.
    pub follow_up_on: Option<NaiveDate>,
}

/// A stored photo's id.
#[derive(Debug, Serialize, ToSchema)]
pub struct PhotoRef {
    pub id: i64,
    pub visit_id: i64,
    pub content_type: String,
    pub byte_size: i32,
}
