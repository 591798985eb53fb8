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

// --- bulk loads ---------------------------------------------------------------------------------------------------

#[derive(diesel::QueryableByName)]
struct Definition {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    definition: String,
}

/// Secondary indexes of tables (and on PostgreSQL their foreign keys and
/// unique constraints), set aside for a bulk load and put back after it in
/// the same transaction. Building an index once over all rows, and checking
/// a foreign key in one join, costs a fraction of keeping both up row by row:
/// measured on a million sign-ups, PostgreSQL spent four fifths of the load
/// on foreign-key triggers. The definitions are read from the catalog, so
/// they come back exactly as the migrations made them, whatever those are.
/// On SQLite foreign keys stay (they are plain lookups there), and so do the
/// indexes of UNIQUE columns, which cannot be dropped.
#[must_use = "put the indexes back with `restore`"]
pub struct SetAside {
    restore: Vec<String>,
}

impl SetAside {
    pub fn take(conn: &mut crate::db::DbConn, tables: &[&str]) -> Result<SetAside, crate::http::ApiError> {
        use diesel::connection::SimpleConnection;
        use diesel::sql_types::Text;
        use diesel::RunQueryDsl;

        // Foreign keys are dropped first and added back last, once every index is there.
        let (mut drop_foreign, mut drop_other, mut indexes, mut foreign) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for table in tables {
            match conn.backend() {
                crate::config::Backend::Sqlite => {
                    let found: Vec<Definition> = diesel::sql_query(
                        "SELECT name, sql AS definition FROM sqlite_master WHERE type = 'index' AND tbl_name = $1 \
                         AND sql IS NOT NULL ORDER BY name",
                    )
                    .bind::<Text, _>(*table)
                    .load(conn)?;
                    for d in found {
                        drop_other.push(format!("DROP INDEX \"{}\"", d.name));
                        indexes.push(d.definition);
                    }
                }
                crate::config::Backend::Postgres => {
                    let constraints: Vec<Constraint> = diesel::sql_query(
                        "SELECT conname AS name, pg_get_constraintdef(oid) AS definition, contype = 'f' AS is_foreign \
                         FROM pg_constraint WHERE conrelid = to_regclass($1) AND contype IN ('f', 'u') ORDER BY conname",
                    )
                    .bind::<Text, _>(*table)
                    .load(conn)?;
                    for c in constraints {
                        let dropped = format!("ALTER TABLE \"{table}\" DROP CONSTRAINT \"{}\"", c.name);
                        let added = format!("ALTER TABLE \"{table}\" ADD CONSTRAINT \"{}\" {}", c.name, c.definition);
                        if c.is_foreign {
                            drop_foreign.push(dropped);
                            foreign.push(added);
                        } else {
                            drop_other.push(dropped);
                            indexes.push(added);
                        }
                    }
                    // Indexes of its own, not those behind a constraint (the primary key stays).
                    let own: Vec<Definition> = diesel::sql_query(
                        "SELECT c.relname AS name, pg_get_indexdef(x.indexrelid) AS definition FROM pg_index x \
                         JOIN pg_class c ON c.oid = x.indexrelid WHERE x.indrelid = to_regclass($1) \
                         AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid \
                         AND k.conrelid = x.indrelid) ORDER BY c.relname",
                    )
                    .bind::<Text, _>(*table)
                    .load(conn)?;
                    for d in own {
                        drop_other.push(format!("DROP INDEX \"{}\"", d.name));
                        indexes.push(d.definition);
                    }
                }
            }
        }
        for statement in drop_foreign.iter().chain(&drop_other) {
            conn.batch_execute(statement)?;
        }
        indexes.extend(foreign);
        Ok(SetAside { restore: indexes })
    }

    /// Builds the indexes again and checks the foreign keys over all rows.
    pub fn restore(self, conn: &mut crate::db::DbConn) -> Result<(), crate::http::ApiError> {
        use diesel::connection::SimpleConnection;
        for statement in &self.restore {
            conn.batch_execute(statement)?;
        }
        Ok(())
    }
}

#[derive(diesel::QueryableByName)]
struct Constraint {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    definition: String,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    is_foreign: bool,
}
