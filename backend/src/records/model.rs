use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::service_records;

crate::text_enum! {
    /// What a service record is.
    pub enum RecordKind {
        /// 原始记录: hours as confirmed, from a sign-up or entered by staff.
        Original => "original",
        /// 更正记录: a correction of one original; its minutes are the change.
        Adjustment => "adjustment",
    }
}

impl RecordKind {
    /// The Chinese name in ledgers.
    pub fn label(self) -> &'static str {
        match self {
            RecordKind::Original => "原始",
            RecordKind::Adjustment => "更正",
        }
    }
}

#[derive(Debug, Clone, Queryable)]
pub struct ServiceRecord {
    pub id: i64,
    pub kind: String,
    pub volunteer_id: i64,
    pub project_id: i64,
    pub enrollment_id: Option<i64>,
    pub area_id: i64,
    pub volunteer_area_id: i64,
    pub unit_id: Option<i64>,
    pub service_date: NaiveDate,
    pub minutes: i32,
    pub content: String,
    pub corrects_id: Option<i64>,
    pub reason: Option<String>,
    pub confirmed_by: i64,
    pub created_at: NaiveDateTime,
}

impl ServiceRecord {
    pub fn kind(&self) -> RecordKind {
        // The CHECK constraint keeps the column to the two kinds.
        RecordKind::parse(&self.kind).unwrap_or(RecordKind::Original)
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = service_records)]
pub struct NewServiceRecord {
    pub kind: String,
    pub volunteer_id: i64,
    pub project_id: i64,
    pub enrollment_id: Option<i64>,
    pub area_id: i64,
    pub volunteer_area_id: i64,
    pub unit_id: Option<i64>,
    pub service_date: NaiveDate,
    pub minutes: i32,
    pub content: String,
    pub corrects_id: Option<i64>,
    pub reason: Option<String>,
    pub confirmed_by: i64,
    pub created_at: NaiveDateTime,
}

/// Hours as people read them: minutes / 60, to two places.
pub fn hours(minutes: i64) -> f64 {
    (minutes as f64 / 60.0 * 100.0).round() / 100.0
}
