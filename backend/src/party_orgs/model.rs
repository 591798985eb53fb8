use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::schema::party_orgs;

/// The level of a party organisation. A child always ranks below its parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PartyOrgKind {
    /// 党委
    Committee,
    /// 党总支
    GeneralBranch,
    /// 党支部
    Branch,
    /// 党小组
    Group,
}

impl PartyOrgKind {
    /// Highest rank first.
    pub const ALL: [PartyOrgKind; 4] =
        [PartyOrgKind::Committee, PartyOrgKind::GeneralBranch, PartyOrgKind::Branch, PartyOrgKind::Group];

    pub fn as_str(self) -> &'static str {
        match self {
            PartyOrgKind::Committee => "committee",
            PartyOrgKind::GeneralBranch => "general_branch",
            PartyOrgKind::Branch => "branch",
            PartyOrgKind::Group => "group",
        }
    }

    pub fn parse(s: &str) -> Option<PartyOrgKind> {
        PartyOrgKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// 0 for a committee down to 3 for a group.
    pub fn rank(self) -> i32 {
        match self {
            PartyOrgKind::Committee => 0,
            PartyOrgKind::GeneralBranch => 1,
            PartyOrgKind::Branch => 2,
            PartyOrgKind::Group => 3,
        }
    }

    /// Whether an organisation of this kind may sit under one of `parent`'s.
    pub fn fits_under(self, parent: PartyOrgKind) -> bool {
        self.rank() > parent.rank()
    }
}

#[derive(Debug, Clone, Queryable)]
pub struct PartyOrg {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub parent_id: Option<i64>,
    pub area_id: i64,
    pub unit_id: Option<i64>,
    pub secretary: Option<String>,
    pub contact_phone: Option<String>,
    pub member_count: i32,
    pub founded_on: Option<NaiveDate>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl PartyOrg {
    pub fn kind(&self) -> PartyOrgKind {
        // The CHECK constraint keeps the column to these four.
        PartyOrgKind::parse(&self.kind).unwrap_or(PartyOrgKind::Group)
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = party_orgs)]
pub struct NewPartyOrg {
    pub name: String,
    pub kind: String,
    pub parent_id: Option<i64>,
    pub area_id: i64,
    pub unit_id: Option<i64>,
    pub secretary: Option<String>,
    pub contact_phone: Option<String>,
    pub member_count: i32,
    pub founded_on: Option<NaiveDate>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Fields a PATCH may change; `None` leaves a field alone, `Some(None)` clears it.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = party_orgs)]
pub struct PartyOrgChanges {
    pub name: Option<String>,
    pub kind: Option<String>,
    pub parent_id: Option<Option<i64>>,
    pub area_id: Option<i64>,
    pub unit_id: Option<Option<i64>>,
    pub secretary: Option<Option<String>>,
    pub contact_phone: Option<Option<String>>,
    pub member_count: Option<i32>,
    pub founded_on: Option<Option<NaiveDate>>,
    pub version: Option<i32>,
    pub updated_at: Option<NaiveDateTime>,
}
