use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::wishes;

crate::text_enum! {
    pub enum WishStatus {
        /// 待认领
        Open => "open",
        /// 已认领
        Claimed => "claimed",
        /// 已实现
        Fulfilled => "fulfilled",
        /// 已撤销
        Cancelled => "cancelled",
    }
}

#[derive(Debug, Clone, Queryable)]
pub struct Wish {
    pub id: i64,
    pub household_id: i64,
    pub area_id: i64,
    pub title: String,
    pub description: Option<String>,
    pub status: String,
    pub claimer_kind: Option<String>,
    pub claimer_unit_id: Option<i64>,
    pub claimer_volunteer_id: Option<i64>,
    pub claimed_at: Option<NaiveDateTime>,
    pub fulfilled_at: Option<NaiveDateTime>,
    pub fulfil_note: Option<String>,
    pub cancel_reason: Option<String>,
    pub created_by: i64,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Wish {
    pub fn status(&self) -> WishStatus {
        // The CHECK constraint keeps the column to the four statuses.
        WishStatus::parse(&self.status).unwrap_or(WishStatus::Cancelled)
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = wishes)]
pub struct NewWish {
    pub household_id: i64,
    pub area_id: i64,
    pub title: String,
    pub description: Option<String>,
    pub status: String,
    pub created_by: i64,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}
