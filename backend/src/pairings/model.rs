use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::pairings;

crate::text_enum! {
    /// Who helps.
    pub enum HelperKind {
        /// 共建单位
        Unit => "unit",
        /// 志愿者或在职党员
        Volunteer => "volunteer",
    }
}

crate::text_enum! {
    pub enum PairingStatus {
        /// 帮扶中
        Active => "active",
        /// 已结束: kept with its visits as history.
        Ended => "ended",
    }
}

#[derive(Debug, Clone, Queryable)]
pub struct Pairing {
    pub id: i64,
    pub household_id: i64,
    pub area_id: i64,
    pub helper_kind: String,
    pub helper_unit_id: Option<i64>,
    pub helper_volunteer_id: Option<i64>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub plan: Option<String>,
    pub goals: Option<String>,
    pub visit_interval_days: i32,
    pub status: String,
    pub end_reason: Option<String>,
    pub last_visit_on: Option<NaiveDate>,
    pub visit_count: i32,
    pub due_on: NaiveDate,
    pub created_by: i64,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Pairing {
    pub fn status(&self) -> PairingStatus {
        // The CHECK constraint keeps the column to the two statuses.
        PairingStatus::parse(&self.status).unwrap_or(PairingStatus::Ended)
    }

    pub fn is_active(&self) -> bool {
        self.status() == PairingStatus::Active
    }
}

/// The day the next visit is due: the last visit, or the start before the
/// first one, plus the interval.
pub fn due_on(starts_on: NaiveDate, last_visit_on: Option<NaiveDate>, interval_days: i32) -> NaiveDate {
    let from = last_visit_on.map_or(starts_on, |last| last.max(starts_on));
    from + chrono::Duration::days(i64::from(interval_days))
}

#[derive(Debug, Insertable)]
#[diesel(table_name = pairings)]
pub struct NewPairing {
    pub household_id: i64,
    pub area_id: i64,
    pub helper_kind: String,
    pub helper_unit_id: Option<i64>,
    pub helper_volunteer_id: Option<i64>,
    pub starts_on: NaiveDate,
    pub plan: Option<String>,
    pub goals: Option<String>,
    pub visit_interval_days: i32,
    pub status: String,
    pub due_on: NaiveDate,
    pub created_by: i64,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn due_counts_from_the_last_visit_or_the_start() {
        assert_eq!(due_on(day("2026-11-01"), None, 30), day("2026-12-01"));
        assert_eq!(due_on(day("2026-11-01"), Some(day("2026-11-20")), 30), day("2026-12-20"));
        // A visit recorded for before the start (entered late) does not move the start back.
        assert_eq!(due_on(day("2026-11-01"), Some(day("2026-10-01")), 7), day("2026-11-08"));
    }
}
