use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{agreement_members, agreements};

#[derive(Debug, Clone, Queryable)]
pub struct Agreement {
    pub id: i64,
    pub unit_id: i64,
    pub community_id: i64,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub signed_on: Option<NaiveDate>,
    pub unit_duties: Option<String>,
    pub community_duties: Option<String>,
    /// As stored; see `state::effective` for what it reads as today.
    pub status: String,
    pub termination_reason: Option<String>,
    pub renewed_from_id: Option<i64>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = agreements)]
pub struct NewAgreement {
    pub unit_id: i64,
    pub community_id: i64,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub signed_on: Option<NaiveDate>,
    pub unit_duties: Option<String>,
    pub community_duties: Option<String>,
    pub status: String,
    pub termination_reason: Option<String>,
    pub renewed_from_id: Option<i64>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Fields a PATCH or an action may change; `None` leaves a field alone, `Some(None)` clears it.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = agreements)]
pub struct AgreementChanges {
    pub unit_id: Option<i64>,
    pub community_id: Option<i64>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub signed_on: Option<Option<NaiveDate>>,
    pub unit_duties: Option<Option<String>>,
    pub community_duties: Option<Option<String>>,
    pub status: Option<String>,
    pub termination_reason: Option<Option<String>>,
    pub version: Option<i32>,
    pub updated_at: Option<NaiveDateTime>,
}

/// A part-time committee member (兼职委员) the unit names in an agreement.
#[derive(Debug, Clone, Queryable)]
pub struct Member {
    pub id: i64,
    pub agreement_id: i64,
    pub name: String,
    pub post: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = agreement_members)]
pub struct NewMember {
    pub agreement_id: i64,
    pub name: String,
    pub post: Option<String>,
    pub phone: Option<String>,
}
