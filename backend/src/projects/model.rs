use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{volunteer_projects, volunteer_shifts};

crate::text_enum! {
    /// Who organises a project.
    pub enum OrganiserKind {
        /// A joint-building unit (共建单位).
        Unit => "unit",
        /// A party organisation (党组织).
        PartyOrg => "party_org",
        /// The community (or grid) of the project's area itself.
        Community => "community",
    }
}

crate::text_enum! {
    /// How sign-ups are accepted.
    pub enum ApprovalMode {
        /// A sign-up with a free place is enrolled at once.
        Automatic => "automatic",
        /// A sign-up holds a place but waits (`pending`) for the organiser.
        Manual => "manual",
    }
}

#[derive(Debug, Clone, Queryable)]
pub struct Project {
    pub id: i64,
    pub title: String,
    pub category: String,
    pub organiser_kind: String,
    pub organiser_unit_id: Option<i64>,
    pub organiser_party_org_id: Option<i64>,
    pub area_id: i64,
    pub place: Option<String>,
    pub description: Option<String>,
    pub requirements: Option<String>,
    pub approval_mode: String,
    pub status: String,
    pub cancel_reason: Option<String>,
    pub created_by: i64,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = volunteer_projects)]
pub struct NewProject {
    pub title: String,
    pub category: String,
    pub organiser_kind: String,
    pub organiser_unit_id: Option<i64>,
    pub organiser_party_org_id: Option<i64>,
    pub area_id: i64,
    pub place: Option<String>,
    pub description: Option<String>,
    pub requirements: Option<String>,
    pub approval_mode: String,
    pub status: String,
    pub created_by: i64,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = volunteer_projects)]
pub struct ProjectChanges {
    pub title: Option<String>,
    pub category: Option<String>,
    pub place: Option<Option<String>>,
    pub description: Option<Option<String>>,
    pub requirements: Option<Option<String>>,
    pub approval_mode: Option<String>,
    pub status: Option<String>,
    pub cancel_reason: Option<Option<String>>,
    pub version: Option<i32>,
    pub updated_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable)]
pub struct Shift {
    pub id: i64,
    pub project_id: i64,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub places: i32,
    /// Places held by sign-ups.
    pub taken: i32,
    pub check_in_code: String,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = volunteer_shifts)]
pub struct NewShift {
    pub project_id: i64,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub places: i32,
    pub taken: i32,
    pub check_in_code: String,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = volunteer_shifts)]
pub struct ShiftChanges {
    pub starts_at: Option<NaiveDateTime>,
    pub ends_at: Option<NaiveDateTime>,
    pub places: Option<i32>,
    pub version: Option<i32>,
    pub updated_at: Option<NaiveDateTime>,
}
