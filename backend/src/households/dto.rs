use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::model::{Category, HouseholdStatus};
use crate::http::body::double_option;
use crate::http::validation::{not_blank, phone_number};
use crate::pairings::dto::PairingDto;
use crate::users::dto::AreaRef;
use crate::visits::dto::VisitDto;

/// A member of the household besides (or including) its head.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Member {
    #[validate(length(min = 1, max = 50, code = "invalid_length"), custom(function = "not_blank"))]
    pub name: String,
    /// 与户主关系: 配偶, 子女, 父母 ...
    #[validate(length(min = 1, max = 20, code = "invalid_length"), custom(function = "not_blank"))]
    pub relation: String,
    #[validate(range(min = 0, max = 130, code = "out_of_range"))]
    pub age: Option<i32>,
}

/// A household (困难家庭) as lists and details show it: identity number and
/// phone masked, the situation withheld. A helper (unit contact or
/// volunteer) sees no identity number at all.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HouseholdDto {
    pub id: i64,
    /// 户编号, e.g. `H2026000042`.
    pub household_no: String,
    /// 户主; `已删除` once erased.
    pub head_name: String,
    /// The head's identity number masked, `150***********123X`; `null` when
    /// none was recorded, for helpers, and once erased.
    pub id_number: Option<String>,
    /// Masked, `139****1234`.
    pub phone: Option<String>,
    /// Whether a situation text is on file (read it with `reveal`).
    pub has_situation: bool,
    pub members: Vec<Member>,
    /// The grid (or community) the household lives in.
    pub area: AreaRef,
    pub address: Option<String>,
    pub categories: Vec<Category>,
    pub status: HouseholdStatus,
    /// Helpers paired now.
    pub active_pairings: i64,
    /// Whether a visit of an active pairing is overdue.
    pub overdue: bool,
    /// The earliest day a visit is due among the active pairings.
    pub next_visit_due: Option<NaiveDate>,
    pub archived_at: Option<DateTime<Utc>>,
    /// When the personal fields were erased after the retention period.
    pub erased_at: Option<DateTime<Utc>>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A household with its pairings (ended ones too) and its latest visits.
#[derive(Debug, Serialize, ToSchema)]
pub struct HouseholdDetail {
    #[serde(flatten)]
    pub household: HouseholdDto,
    /// Active first, then ended, newest first. A helper sees only their own.
    pub pairings: Vec<PairingDto>,
    /// The latest 100 visits of all its pairings, newest first (a helper's: their own).
    pub visits: Vec<VisitDto>,
}

fn id_number_shape(value: &str) -> Result<(), validator::ValidationError> {
    if value.trim().len() == 18 {
        Ok(())
    } else {
        Err(validator::ValidationError::new("invalid_id_number")
            .with_message("18 characters: 17 digits and a digit or X (GB 11643)".into()))
    }
}

fn some_categories(categories: &[Category]) -> Result<(), validator::ValidationError> {
    if categories.is_empty() {
        Err(validator::ValidationError::new("required").with_message("at least one category".into()))
    } else {
        Ok(())
    }
}

/// A household entered on the ledger.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateHousehold {
    #[validate(length(min = 1, max = 50, code = "invalid_length"), custom(function = "not_blank"))]
    pub head_name: String,
    /// The head's identity number (GB 11643-1999); one household per person.
    #[validate(custom(function = "id_number_shape"))]
    pub id_number: Option<String>,
    #[validate(custom(function = "phone_number"))]
    pub phone: Option<String>,
    /// 家庭情况: illness, income, what the family struggles with. Sealed.
    #[validate(length(max = 2000, code = "invalid_length"))]
    pub situation: Option<String>,
    #[serde(default)]
    #[validate(length(max = 20, code = "invalid_length"), nested)]
    pub members: Vec<Member>,
    /// A grid or community in your reach.
    pub area_id: i64,
    #[validate(length(max = 200, code = "invalid_length"))]
    pub address: Option<String>,
    #[validate(custom(function = "some_categories"))]
    pub categories: Vec<Category>,
}

/// Fields to change; absent ones stay, `null` clears.
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateHousehold {
    #[validate(length(min = 1, max = 50, code = "invalid_length"), custom(function = "not_blank"))]
    pub head_name: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    #[validate(custom(function = "id_number_shape"))]
    pub id_number: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    #[validate(custom(function = "phone_number"))]
    pub phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    #[validate(length(max = 2000, code = "invalid_length"))]
    pub situation: Option<Option<String>>,
    #[validate(length(max = 20, code = "invalid_length"), nested)]
    pub members: Option<Vec<Member>>,
    pub area_id: Option<i64>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    #[validate(length(max = 200, code = "invalid_length"))]
    pub address: Option<Option<String>>,
    #[validate(custom(function = "some_categories"))]
    pub categories: Option<Vec<Category>>,
    /// `lifted`, `moved` and `deceased` end the active pairings' need for
    /// visits only when the pairings are ended; an archived household cannot change.
    pub status: Option<HouseholdStatus>,
}

/// The sealed fields in full, for a caller with `households.reveal`.
#[derive(Debug, Serialize, ToSchema)]
pub struct RevealedHousehold {
    pub household_id: i64,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub situation: Option<String>,
}

/// What the retention run did.
#[derive(Debug, Serialize, ToSchema)]
pub struct RetentionRun {
    /// Households whose personal fields were erased now.
    pub erased: i64,
    /// Archived before this moment and not yet erased: erased now.
    pub archived_before: DateTime<Utc>,
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HouseholdListQuery {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    /// `created_at`, `updated_at`, `household_no`, `head_name`, `id`; `-` for descending (default `-created_at`).
    pub sort: Option<String>,
    /// Text search in head name, household number and address.
    pub q: Option<String>,
    /// Households of this area or one under it.
    pub area_id: Option<i64>,
    /// Households with this category (among others).
    pub category: Option<Category>,
    pub status: Option<HouseholdStatus>,
    /// `true`: archived only; `false`: on the live ledger only. Default: both.
    pub archived: Option<bool>,
    /// `true`: households with an overdue pairing.
    pub overdue: Option<bool>,
}

/// With `plain=true` (needs `households.reveal`) the ledger export carries
/// identity numbers and phones in full, and is audited with `reason`.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlainExport {
    /// Identity numbers and phones unmasked.
    pub plain: Option<bool>,
    /// Why the plain ledger is needed; required with `plain=true`.
    pub reason: Option<String>,
}
