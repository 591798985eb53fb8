use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::availability::Availability;
use super::model::{Resource, ResourceCategory, ResourceStatus};
use crate::http::body::double_option;
use crate::http::validation::{not_blank, phone_number};
use crate::users::dto::AreaRef;

/// The unit that offers a resource, named for display.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UnitRef {
    pub id: i64,
    pub name: String,
}

/// A resource (资源清单项) as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResourceDto {
    pub id: i64,
    pub unit: UnitRef,
    pub category: ResourceCategory,
    pub title: String,
    pub description: Option<String>,
    /// How much there is in all; `null` for no limit. Funds in fen.
    pub quantity: Option<i32>,
    /// Taken by accepted services (delivered ones stay counted).
    pub reserved: i32,
    /// `quantity - reserved`; `null` for no limit.
    pub remaining: Option<i32>,
    /// The unit of `quantity` in words: 名律师, 分, 人座.
    pub measure: Option<String>,
    /// The areas it serves.
    pub areas: Vec<AreaRef>,
    pub availability: Availability,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub status: ResourceStatus,
    /// On the party-building supermarket's shelf (党建超市货架): communities order it directly.
    pub shelf: bool,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl ResourceDto {
    pub fn new(r: Resource, unit: UnitRef, areas: Vec<AreaRef>) -> Self {
        ResourceDto {
            category: ResourceCategory::parse(&r.category).unwrap_or(ResourceCategory::Other),
            status: ResourceStatus::parse(&r.status).unwrap_or(ResourceStatus::Withdrawn),
            availability: Availability::from_stored(&r.availability),
            remaining: r.remaining(),
            id: r.id,
            unit,
            title: r.title,
            description: r.description,
            quantity: r.quantity,
            reserved: r.reserved,
            measure: r.measure,
            areas,
            contact_name: r.contact_name,
            contact_phone: r.contact_phone,
            shelf: r.shelf,
            version: r.version,
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
        }
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateResource {
    /// The unit offering it: required for staff; a unit contact's own unit when omitted.
    pub unit_id: Option<i64>,
    pub category: ResourceCategory,
    #[validate(length(min = 1, max = 200, code = "invalid_length"), custom(function = "not_blank"))]
    pub title: String,
    #[validate(length(max = 5000, code = "invalid_length"))]
    pub description: Option<String>,
    /// `null` or omitted: no limit.
    #[validate(range(min = 0, max = 2_000_000_000, code = "out_of_range"))]
    pub quantity: Option<i32>,
    #[validate(length(min = 1, max = 50, code = "invalid_length"))]
    pub measure: Option<String>,
    /// Areas served; the unit's home area when empty.
    #[serde(default)]
    #[validate(length(max = 200, code = "invalid_length"))]
    pub area_ids: Vec<i64>,
    /// `{"always": true}` when omitted.
    pub availability: Option<Availability>,
    #[validate(length(min = 1, max = 50, code = "invalid_length"))]
    pub contact_name: Option<String>,
    #[validate(custom(function = "phone_number"))]
    pub contact_phone: Option<String>,
    /// `available` when omitted.
    pub status: Option<ResourceStatus>,
    #[serde(default)]
    pub shelf: bool,
}

/// Only the fields sent change; `null` clears an optional field; `area_ids` replaces the list.
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateResource {
    pub category: Option<ResourceCategory>,
    #[validate(length(min = 1, max = 200, code = "invalid_length"), custom(function = "not_blank"))]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    #[validate(length(max = 5000, code = "invalid_length"))]
    pub description: Option<Option<String>>,
    /// Not below what is reserved (`below_reserved`).
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i32>)]
    #[validate(range(min = 0, max = 2_000_000_000, code = "out_of_range"))]
    pub quantity: Option<Option<i32>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    #[validate(length(min = 1, max = 50, code = "invalid_length"))]
    pub measure: Option<Option<String>>,
    #[validate(length(min = 1, max = 200, code = "invalid_length"))]
    pub area_ids: Option<Vec<i64>>,
    pub availability: Option<Availability>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    #[validate(length(min = 1, max = 50, code = "invalid_length"))]
    pub contact_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    #[validate(custom(function = "phone_number"))]
    pub contact_phone: Option<Option<String>>,
    pub status: Option<ResourceStatus>,
    pub shelf: Option<bool>,
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ResourceListQuery {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    /// `title`, `category`, `created_at`, `updated_at`, `id`; `-` for descending (default `-created_at`).
    pub sort: Option<String>,
    /// Text search in the title.
    pub q: Option<String>,
    pub category: Option<ResourceCategory>,
    pub status: Option<ResourceStatus>,
    /// `true`: supermarket items only; `false`: the others.
    pub shelf: Option<bool>,
    pub unit_id: Option<i64>,
    /// Resources serving this area or an area under it.
    pub area_id: Option<i64>,
}
