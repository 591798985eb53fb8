use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{service_events, services};

crate::text_enum! {
    /// How a service came about.
    pub enum ServiceKind {
        /// Community staff matched a need to a resource (需求对接).
        NeedMatch => "need_match",
        /// A community or grid ordered a supermarket item (点单).
        ShelfOrder => "shelf_order",
    }
}

impl ServiceKind {
    /// How the service ledger names it.
    pub fn label(self) -> &'static str {
        match self {
            ServiceKind::NeedMatch => "需求对接",
            ServiceKind::ShelfOrder => "超市点单",
        }
    }
}

#[derive(Debug, Clone, Queryable)]
pub struct Service {
    pub id: i64,
    pub kind: String,
    pub need_id: Option<i64>,
    pub resource_id: i64,
    pub unit_id: i64,
    /// The ordering community or grid.
    pub area_id: i64,
    pub quantity: i32,
    /// The need's wanted-by day for a match (kept in step with the need), the order's for a shelf item.
    pub wanted_by: Option<NaiveDate>,
    pub note: Option<String>,
    pub status: String,
    /// Why it was declined or cancelled.
    pub reason: Option<String>,
    pub delivered_on: Option<NaiveDate>,
    pub participants: Option<i32>,
    pub beneficiaries_reached: Option<i32>,
    pub delivery_notes: Option<String>,
    /// JSON array of URLs.
    pub photo_urls: Option<String>,
    pub rating: Option<i32>,
    pub rating_comment: Option<String>,
    pub rated_at: Option<NaiveDateTime>,
    pub ordered_by: i64,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = services)]
pub struct NewService {
    pub kind: String,
    pub need_id: Option<i64>,
    pub resource_id: i64,
    pub unit_id: i64,
    pub area_id: i64,
    pub quantity: i32,
    pub wanted_by: Option<NaiveDate>,
    pub note: Option<String>,
    pub status: String,
    pub ordered_by: i64,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What an action writes besides the status.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = services)]
pub struct ServiceChanges {
    pub status: Option<String>,
    pub reason: Option<Option<String>>,
    pub delivered_on: Option<Option<NaiveDate>>,
    pub participants: Option<Option<i32>>,
    pub beneficiaries_reached: Option<Option<i32>>,
    pub delivery_notes: Option<Option<String>>,
    pub photo_urls: Option<Option<String>>,
    pub rating: Option<Option<i32>>,
    pub rating_comment: Option<Option<String>>,
    pub rated_at: Option<Option<NaiveDateTime>>,
    pub version: Option<i32>,
    pub updated_at: Option<NaiveDateTime>,
}

/// One entry of a service's timeline.
#[derive(Debug, Clone, Queryable)]
pub struct Event {
    pub id: i64,
    pub service_id: i64,
    pub at: NaiveDateTime,
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub reason: Option<String>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = service_events)]
pub struct NewEvent {
    pub service_id: i64,
    pub at: NaiveDateTime,
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub reason: Option<String>,
}
