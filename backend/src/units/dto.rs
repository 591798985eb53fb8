use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::model::{Unit, UnitKind, UnitStatus};
use crate::http::body::double_option;
use crate::http::validation::{not_blank, phone_number};
use crate::users::dto::AreaRef;

/// A joint-building unit as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitDto {
    pub id: i64,
    pub name: String,
    pub kind: UnitKind,
    /// 统一社会信用代码 (GB 32100-2015).
    pub credit_code: String,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub address: Option<String>,
    /// The area the unit is stationed in (its home area).
    pub area: AreaRef,
    /// The grids it serves in.
    pub grids: Vec<AreaRef>,
    /// In-service party members (在职党员).
    pub party_member_count: i32,
    /// Its public service commitment (服务承诺).
    pub commitment: Option<String>,
    pub commitment_phone: Option<String>,
    pub status: UnitStatus,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl UnitDto {
    pub fn new(u: Unit, area: AreaRef, grids: Vec<AreaRef>) -> Self {
        UnitDto {
            kind: UnitKind::parse(&u.kind).unwrap_or(UnitKind::Other),
            status: if u.status == "active" { UnitStatus::Active } else { UnitStatus::Withdrawn },
            id: u.id,
            name: u.name,
            credit_code: u.credit_code,
            contact_name: u.contact_name,
            contact_phone: u.contact_phone,
            address: u.address,
            area,
            grids,
            party_member_count: u.party_member_count,
            commitment: u.commitment,
            commitment_phone: u.commitment_phone,
            version: u.version,
            created_at: u.created_at.and_utc(),
            updated_at: u.updated_at.and_utc(),
        }
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUnit {
    #[validate(length(min = 1, max = 100, code = "invalid_length"), custom(function = "not_blank"))]
    pub name: String,
    pub kind: UnitKind,
    /// 18 characters with its check character; a wrong one is `invalid_credit_code`.
    #[validate(custom(function = "super::credit_code::validate"))]
    pub credit_code: String,
    #[validate(length(min = 1, max = 50, code = "invalid_length"))]
    pub contact_name: Option<String>,
    #[validate(custom(function = "phone_number"))]
    pub contact_phone: Option<String>,
    #[validate(length(max = 200, code = "invalid_length"))]
    pub address: Option<String>,
    /// Home area, inside the caller's subtree.
    pub area_id: i64,
    /// Grids the unit serves in, inside the caller's subtree.
    #[serde(default)]
    #[validate(length(max = 200, code = "invalid_length"))]
    pub grid_ids: Vec<i64>,
    #[serde(default)]
    #[validate(range(min = 0, max = 1_000_000, code = "out_of_range"))]
    pub party_member_count: i32,
    #[validate(length(max = 2000, code = "invalid_length"))]
    pub commitment: Option<String>,
    #[validate(custom(function = "phone_number"))]
    pub commitment_phone: Option<String>,
}

/// Only the fields sent change. A unit contact may change the profile fields
/// of their own unit (contact, address, party members, commitment); the rest
/// needs `units.write`.
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUnit {
    #[validate(length(min = 1, max = 100, code = "invalid_length"), custom(function = "not_blank"))]
    pub name: Option<String>,
    pub kind: Option<UnitKind>,
    #[validate(custom(function = "super::credit_code::validate"))]
    pub credit_code: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    #[validate(length(min = 1, max = 50, code = "invalid_length"))]
    pub contact_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    #[validate(custom(function = "phone_number"))]
    pub contact_phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    #[validate(length(max = 200, code = "invalid_length"))]
    pub address: Option<Option<String>>,
    pub area_id: Option<i64>,
    /// Replaces the grids served.
    #[validate(length(max = 200, code = "invalid_length"))]
    pub grid_ids: Option<Vec<i64>>,
    #[validate(range(min = 0, max = 1_000_000, code = "out_of_range"))]
    pub party_member_count: Option<i32>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    #[validate(length(max = 2000, code = "invalid_length"))]
    pub commitment: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    #[validate(custom(function = "phone_number"))]
    pub commitment_phone: Option<Option<String>>,
    /// `withdrawn` when the unit leaves the alliance; units are never deleted.
    pub status: Option<UnitStatus>,
}

impl UpdateUnit {
    /// Fields only `units.write` may change, by name, for the ones sent.
    pub fn admin_fields_sent(&self) -> Vec<&'static str> {
        [
            ("name", self.name.is_some()),
            ("kind", self.kind.is_some()),
            ("credit_code", self.credit_code.is_some()),
            ("area_id", self.area_id.is_some()),
            ("grid_ids", self.grid_ids.is_some()),
            ("status", self.status.is_some()),
        ]
        .into_iter()
        .filter(|(_, sent)| *sent)
        .map(|(name, _)| name)
        .collect()
    }
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitListQuery {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    /// `name`, `kind`, `credit_code`, `party_member_count`, `created_at`, `updated_at`, `id`; `-` for descending.
    pub sort: Option<String>,
    /// Text search in name and credit code.
    pub q: Option<String>,
    pub kind: Option<UnitKind>,
    pub status: Option<UnitStatus>,
    /// Units stationed in this area or under it.
    pub area_id: Option<i64>,
}

impl UnitListQuery {
    pub fn filters(&self) -> UnitFilters {
        UnitFilters {
            sort: self.sort.clone(),
            q: self.q.clone(),
            kind: self.kind,
            status: self.status,
            area_id: self.area_id,
        }
    }
}

/// The filters of `GET /units` without its paging: what an export takes.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitFilters {
    /// As in the list; default `name`.
    pub sort: Option<String>,
    /// Text search in name and credit code.
    pub q: Option<String>,
    pub kind: Option<UnitKind>,
    pub status: Option<UnitStatus>,
    /// Units stationed in this area or under it.
    pub area_id: Option<i64>,
}

/// What an import does with a file that has bad rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportMode {
    /// One bad row and nothing is written.
    #[default]
    AllOrNothing,
    /// The good rows are written, the bad ones reported.
    GoodRows,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitImportQuery {
    /// `true` (the default): check every row, write nothing.
    pub dry_run: Option<bool>,
    /// Default `all_or_nothing`.
    pub mode: Option<ImportMode>,
}

/// One fault in one row of an import file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct UnitImportError {
    /// The row as a spreadsheet program numbers it: the header is row 1.
    pub row: u32,
    /// The column, by its English field name (`credit_code`, `area_code`, `grid_codes` ...).
    pub field: String,
    /// A field code from `docs/errors.md` (`required`, `invalid_credit_code`, `duplicate`, `not_found` ...).
    pub code: String,
    pub message: String,
}

/// What an import found and did.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitImportReport {
    pub dry_run: bool,
    pub mode: ImportMode,
    /// Data rows in the file, blank rows not counted.
    pub total_rows: u32,
    /// Rows without a fault.
    pub valid_rows: u32,
    /// Units created: 0 on a dry run, and in `all_or_nothing` mode when any row is bad.
    pub imported: u32,
    /// Every fault, by row and then column.
    pub errors: Vec<UnitImportError>,
}
