use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::model::{Area, AreaKind};
use crate::http::body::double_option;
use crate::http::validation::{not_blank, phone_number};

/// An area as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AreaDto {
    pub id: i64,
    /// Statistical division code (12 digits) or its local extension for grids and buildings.
    pub code: String,
    pub name: String,
    pub kind: AreaKind,
    pub parent_id: Option<i64>,
    /// 0 for a district, 1 for a street, ... 4 for a building.
    pub depth: i32,
    /// Grids and buildings: households.
    pub households: Option<i32>,
    /// Grids and buildings: residents.
    pub population: Option<i32>,
    /// Grid leader (网格长) or building head (楼栋长).
    pub leader_name: Option<String>,
    pub leader_phone: Option<String>,
    /// Also sent as the ETag.
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Area> for AreaDto {
    fn from(a: Area) -> Self {
        AreaDto {
            kind: a.kind(),
            id: a.id,
            code: a.code,
            name: a.name,
            parent_id: a.parent_id,
            depth: a.depth,
            households: a.households,
            population: a.population,
            leader_name: a.leader_name,
            leader_phone: a.leader_phone,
            version: a.version,
            created_at: a.created_at.and_utc(),
            updated_at: a.updated_at.and_utc(),
        }
    }
}

/// A node of `GET /areas/tree`.
#[derive(Debug, Serialize, ToSchema)]
pub struct AreaNode {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub kind: AreaKind,
    pub parent_id: Option<i64>,
    #[schema(no_recursion)]
    pub children: Vec<AreaNode>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateArea {
    #[validate(length(min = 1, max = 32, code = "invalid_length"))]
    pub code: String,
    #[validate(length(min = 1, max = 100, code = "invalid_length"), custom(function = "not_blank"))]
    pub name: String,
    pub kind: AreaKind,
    /// Required for every kind but `district`.
    pub parent_id: Option<i64>,
    #[validate(range(min = 0, max = 1_000_000, code = "out_of_range"))]
    pub households: Option<i32>,
    #[validate(range(min = 0, max = 10_000_000, code = "out_of_range"))]
    pub population: Option<i32>,
    #[validate(length(min = 1, max = 50, code = "invalid_length"))]
    pub leader_name: Option<String>,
    #[validate(custom(function = "phone_number"))]
    pub leader_phone: Option<String>,
}

/// Only the fields sent change; `null` clears an optional field.
/// Sending `parent_id` moves the area (and everything under it).
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateArea {
    #[validate(length(min = 1, max = 32, code = "invalid_length"))]
    pub code: Option<String>,
    #[validate(length(min = 1, max = 100, code = "invalid_length"), custom(function = "not_blank"))]
    pub name: Option<String>,
    pub parent_id: Option<i64>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i32>)]
    #[validate(range(min = 0, max = 1_000_000, code = "out_of_range"))]
    pub households: Option<Option<i32>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i32>)]
    #[validate(range(min = 0, max = 10_000_000, code = "out_of_range"))]
    pub population: Option<Option<i32>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    #[validate(length(min = 1, max = 50, code = "invalid_length"))]
    pub leader_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    #[validate(custom(function = "phone_number"))]
    pub leader_phone: Option<Option<String>>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AreaListQuery {
    /// Page number, from 1.
    pub page: Option<i64>,
    /// Items per page, 1–100 (default 20).
    pub page_size: Option<i64>,
    /// Comma-separated fields, `-` for descending: `code`, `name`, `kind`, `depth`, `created_at`, `updated_at`, `id`.
    pub sort: Option<String>,
    /// Text search in name and code.
    pub q: Option<String>,
    pub kind: Option<AreaKind>,
    /// Direct children of this area.
    pub parent_id: Option<i64>,
    /// This area and everything under it.
    pub area_id: Option<i64>,
    /// Exact code.
    pub code: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AreaTreeQuery {
    /// Stop below this kind (e.g. `community` leaves out grids and buildings).
    pub down_to: Option<AreaKind>,
}
