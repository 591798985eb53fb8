//! What the generated data share: multi-row inserts fast on both backends,
//! the calendar of the deployment the seeds describe, and reproducible draws.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};

/// Rows per multi-row INSERT: SQLite binds at most 32,766 parameters in one
/// statement, PostgreSQL 65,535.
pub fn rows_per_insert(columns: usize) -> usize {
    (30_000 / columns).clamp(1, 1_000)
}

/// Inserts rows in chunks through the backend's own connection (batch
/// inserts do not compile through the two-backend enum) and returns their
/// ids in the order of the rows: ids are handed out in the order of the
/// VALUES list, so the returned ids, sorted, line up with the rows.
///
/// Every column of the row struct must be written (`treat_none_as_default_value
/// = false`): a column left to its default makes SQLite insert row by row.
macro_rules! insert_returning_ids {
    ($conn:expr, $table:ident, $rows:expr, $columns:expr) => {{
        let rows = $rows;
        let mut ids: Vec<i64> = Vec::with_capacity(rows.len());
        for chunk in rows.chunks($crate::seed::common::rows_per_insert($columns)) {
            let mut got: Vec<i64> = match &mut *$conn {
                $crate::db::DbConn::Sqlite(c) => {
                    diesel::insert_into($table::table).values(chunk).returning($table::id).get_results(c)?
                }
                $crate::db::DbConn::Postgres(c) => {
                    diesel::insert_into($table::table).values(chunk).returning($table::id).get_results(c)?
                }
            };
            got.sort_unstable();
            ids.extend(got);
        }
        ids
    }};
}
pub(crate) use insert_returning_ids;

/// Inserts rows in chunks, as `insert_returning_ids!` does, without reading ids back.
macro_rules! insert_rows {
    ($conn:expr, $table:ident, $rows:expr, $columns:expr) => {{
        for chunk in $rows.chunks($crate::seed::common::rows_per_insert($columns)) {
            match &mut *$conn {
                $crate::db::DbConn::Sqlite(c) => diesel::insert_into($table::table).values(chunk).execute(c)?,
                $crate::db::DbConn::Postgres(c) => diesel::insert_into($table::table).values(chunk).execute(c)?,
            };
        }
    }};
}
pub(crate) use insert_rows;

// --- time ---------------------------------------------------------------------------------------------------------

/// Demo and city data follow the calendar of the deployment the seeds
/// describe: Asia/Shanghai, UTC+8 all year.
pub const ZONE_HOURS: i64 = 8;

pub fn local_today() -> NaiveDate {
    (Utc::now() + Duration::hours(ZONE_HOURS)).date_naive()
}

/// A local time of day (minutes after midnight) on a day, as the naive UTC the database keeps.
pub fn local_at(day: NaiveDate, minutes: i64) -> NaiveDateTime {
    day.and_time(NaiveTime::MIN) + Duration::minutes(minutes) - Duration::hours(ZONE_HOURS)
}

pub fn local_day(t: NaiveDateTime) -> NaiveDate {
    (t + Duration::hours(ZONE_HOURS)).date()
}

// --- draws --------------------------------------------------------------------------------------------------------

/// A reproducible spread of numbers (splitmix64): the same seed gives the same data.
pub fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A number below `n` drawn for item `i` and purpose `salt`.
pub fn draw(i: usize, salt: u64, n: u64) -> u64 {
    mix((i as u64).wrapping_mul(0x1_0000_0001).wrapping_add(salt)) % n.max(1)
}

