use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::model::WishStatus;
use crate::http::validation::not_blank;
use crate::pairings::dto::{HelperRef, HouseholdRef};
use crate::users::dto::AreaRef;

/// A micro-wish (微心愿).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WishDto {
    pub id: i64,
    pub title: String,
    pub description: Option<String>,
    /// The household's grid or community.
    pub area: AreaRef,
    /// The household, for staff only; `null` on the helpers' wish board.
    pub household: Option<HouseholdRef>,
    pub status: WishStatus,
    /// Who claimed it.
    pub claimer: Option<HelperRef>,
    pub claimed_at: Option<DateTime<Utc>>,
    pub fulfilled_at: Option<DateTime<Utc>>,
    pub fulfil_note: Option<String>,
    pub cancel_reason: Option<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A wish published for a household in reach.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateWish {
    pub household_id: i64,
    /// What is wished for: 一个新书包.
    #[validate(length(min = 1, max = 100, code = "invalid_length"), custom(function = "not_blank"))]
    pub title: String,
    /// Shown to helpers: say nothing here that identifies the family.
    #[validate(length(max = 500, code = "invalid_length"))]
    pub description: Option<String>,
}

/// A helper claims for themselves with `{}`; staff record a claim made
/// offline by naming one unit or volunteer in reach.
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClaimWish {
    pub unit_id: Option<i64>,
    pub volunteer_id: Option<i64>,
}

/// How the wish was fulfilled.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FulfilWish {
    #[validate(length(min = 1, max = 500, code = "invalid_length"), custom(function = "not_blank"))]
    pub note: String,
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WishListQuery {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    /// `created_at`, `claimed_at`, `id`; `-` for descending (default `-created_at`).
    pub sort: Option<String>,
    pub status: Option<WishStatus>,
    /// Wishes of this area or one under it (staff).
    pub area_id: Option<i64>,
    /// Wishes of one household (staff).
    pub household_id: Option<i64>,
    /// `true`: only wishes the signed-in helper claimed.
    pub mine: Option<bool>,
}
