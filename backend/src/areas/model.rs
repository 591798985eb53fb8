use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::schema::areas;

/// The level of an area in the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AreaKind {
    /// 区/旗
    District,
    /// 街道/镇
    Street,
    /// 社区
    Community,
    /// 网格
    Grid,
    /// 楼栋
    Building,
}

impl AreaKind {
    pub const ALL: [AreaKind; 5] =
        [AreaKind::District, AreaKind::Street, AreaKind::Community, AreaKind::Grid, AreaKind::Building];

    /// The kind stored in an `areas.kind` column.
    pub fn stored(column: &str) -> AreaKind {
        // The CHECK constraint keeps the column to these five.
        AreaKind::parse(column).unwrap_or(AreaKind::Building)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AreaKind::District => "district",
            AreaKind::Street => "street",
            AreaKind::Community => "community",
            AreaKind::Grid => "grid",
            AreaKind::Building => "building",
        }
    }

    pub fn parse(s: &str) -> Option<AreaKind> {
        AreaKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The kind a parent must have; `None` for a district, which is a root.
    pub fn parent_kind(self) -> Option<AreaKind> {
        match self {
            AreaKind::District => None,
            AreaKind::Street => Some(AreaKind::District),
            AreaKind::Community => Some(AreaKind::Street),
            AreaKind::Grid => Some(AreaKind::Community),
            AreaKind::Building => Some(AreaKind::Grid),
        }
    }

    /// Districts, streets and communities carry the 12-digit statistical
    /// division code (统计用区划代码); grids and buildings extend their parent's.
    pub fn has_statistical_code(self) -> bool {
        matches!(self, AreaKind::District | AreaKind::Street | AreaKind::Community)
    }

    /// Households, population and a leader belong to grids and buildings.
    pub fn has_grid_fields(self) -> bool {
        matches!(self, AreaKind::Grid | AreaKind::Building)
    }
}

#[derive(Debug, Clone, Queryable)]
pub struct Area {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub kind: String,
    pub parent_id: Option<i64>,
    pub path: String,
    pub depth: i32,
    pub households: Option<i32>,
    pub population: Option<i32>,
    pub leader_name: Option<String>,
    pub leader_phone: Option<String>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The ids along a materialised path, root first: `/1/5/23/` → `[1, 5, 23]`.
pub fn path_ids(path: &str) -> Vec<i64> {
    path.split('/').filter_map(|part| part.parse().ok()).collect()
}

impl Area {
    pub fn kind(&self) -> AreaKind {
        AreaKind::stored(&self.kind)
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = areas)]
pub struct NewArea {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub parent_id: Option<i64>,
    pub path: String,
    pub depth: i32,
    pub households: Option<i32>,
    pub population: Option<i32>,
    pub leader_name: Option<String>,
    pub leader_phone: Option<String>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Fields a PATCH may change; `None` leaves a field alone, `Some(None)` clears it.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = areas)]
pub struct AreaChanges {
    pub code: Option<String>,
    pub name: Option<String>,
    pub households: Option<Option<i32>>,
    pub population: Option<Option<i32>>,
    pub leader_name: Option<Option<String>>,
    pub leader_phone: Option<Option<String>>,
    pub version: Option<i32>,
    pub updated_at: Option<NaiveDateTime>,
}
