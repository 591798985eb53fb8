use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::model::{PartyOrg, PartyOrgKind};
use crate::http::body::double_option;
use crate::http::validation::{not_blank, phone_number};
use crate::users::dto::AreaRef;

/// The joint-building unit an organisation belongs to, named for display.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PartyOrgUnit {
    pub id: i64,
    pub name: String,
}

/// A party organisation as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PartyOrgDto {
    pub id: i64,
    pub name: String,
    pub kind: PartyOrgKind,
    /// The organisation it reports to; `null` for a top-level one.
    pub parent_id: Option<i64>,
    /// The area it is built on (a grid for a grid branch, 网格党支部).
    pub area: AreaRef,
    /// Set for the party organisation of a joint-building unit.
    pub unit: Option<PartyOrgUnit>,
    /// Secretary (书记).
    pub secretary: Option<String>,
    pub contact_phone: Option<String>,
    /// Party members in the organisation.
    pub member_count: i32,
    pub founded_on: Option<NaiveDate>,
    /// Also sent as the ETag.
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl PartyOrgDto {
    pub fn new(org: PartyOrg, area: AreaRef, unit: Option<PartyOrgUnit>) -> Self {
        PartyOrgDto {
            kind: org.kind(),
            id: org.id,
            name: org.name,
            parent_id: org.parent_id,
            area,
            unit,
            secretary: org.secretary,
            contact_phone: org.contact_phone,
            member_count: org.member_count,
            founded_on: org.founded_on,
            version: org.version,
            created_at: org.created_at.and_utc(),
            updated_at: org.updated_at.and_utc(),
        }
    }
}

/// A node of `GET /party-orgs/tree`.
#[derive(Debug, Serialize, ToSchema)]
pub struct PartyOrgNode {
    pub id: i64,
    pub name: String,
    pub kind: PartyOrgKind,
    pub parent_id: Option<i64>,
    pub area_id: i64,
    pub unit_id: Option<i64>,
    pub member_count: i32,
    #[schema(no_recursion)]
    pub children: Vec<PartyOrgNode>,
}

/// Grid coverage (网格党组织覆盖率): grids with a party organisation built on
/// them, out of all grids.
#[derive(Debug, Serialize, ToSchema)]
pub struct PartyOrgCoverage {
    /// Grids in reach (under `area_id` when given).
    pub grids: i64,
    /// Those with at least one party organisation attached to the grid itself.
    pub grids_with_party_org: i64,
    /// `grids_with_party_org / grids`, from 0 to 1; 0 when there are no grids.
    pub rate: f64,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatePartyOrg {
    #[validate(length(min = 1, max = 100, code = "invalid_length"), custom(function = "not_blank"))]
    pub name: String,
    pub kind: PartyOrgKind,
    /// The area it is built on: any kind of area in the caller's reach.
    pub area_id: i64,
    /// The joint-building unit it belongs to, if any.
    pub unit_id: Option<i64>,
    /// The organisation it reports to, which must rank above it.
    pub parent_id: Option<i64>,
    #[validate(length(min = 1, max = 50, code = "invalid_length"), custom(function = "not_blank"))]
    pub secretary: Option<String>,
    #[validate(custom(function = "phone_number"))]
    pub contact_phone: Option<String>,
    /// Defaults to 0.
    #[validate(range(min = 0, max = 1_000_000, code = "out_of_range"))]
    pub member_count: Option<i32>,
    /// Not after today (in the deployment's time zone).
    pub founded_on: Option<NaiveDate>,
}

/// Only the fields sent change; `null` clears an optional field.
/// A new `parent_id` or `area_id` moves the organisation; its children stay under it.
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdatePartyOrg {
    #[validate(length(min = 1, max = 100, code = "invalid_length"), custom(function = "not_blank"))]
    pub name: Option<String>,
    /// Must still rank below its parent and above its children.
    pub kind: Option<PartyOrgKind>,
    pub area_id: Option<i64>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub unit_id: Option<Option<i64>>,
    /// `null` makes it a top-level organisation.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub parent_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    #[validate(length(min = 1, max = 50, code = "invalid_length"), custom(function = "not_blank"))]
    pub secretary: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    #[validate(custom(function = "phone_number"))]
    pub contact_phone: Option<Option<String>>,
    #[validate(range(min = 0, max = 1_000_000, code = "out_of_range"))]
    pub member_count: Option<i32>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    pub founded_on: Option<Option<NaiveDate>>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PartyOrgListQuery {
    /// Page number, from 1.
    pub page: Option<i64>,
    /// Items per page, 1–100 (default 20).
    pub page_size: Option<i64>,
    /// Comma-separated fields, `-` for descending: `name`, `kind` (by rank, committee first),
    /// `member_count`, `founded_on`, `created_at`, `id`.
    pub sort: Option<String>,
    /// Text search in name and secretary.
    pub q: Option<String>,
    pub kind: Option<PartyOrgKind>,
    /// Organisations built on this area and everything under it.
    pub area_id: Option<i64>,
    pub unit_id: Option<i64>,
    /// Direct children of this organisation.
    pub parent_id: Option<i64>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PartyOrgTreeQuery {
    /// Only organisations built on this area and everything under it.
    pub area_id: Option<i64>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CoverageQuery {
    /// Count the grids under this area (within reach) instead of the caller's whole subtree.
    pub area_id: Option<i64>,
}
