//! A unit's record (服务记录): how many services it took or declined and how
//! it was rated, as counters that move with every status change.
//!
//! Matching scores each candidate by its unit's acceptance rate and average
//! rating; counted from the services on every request that was two grouped
//! scans of thousands of rows, read from here it is one lookup by key (a
//! join in the candidates' statement).

use diesel::prelude::*;
use diesel::sql_types::BigInt;

use super::ServiceStatus;
use crate::db::schema::unit_service_records;
use crate::db::DbConn;
use crate::http::ApiError;

/// What a unit's past services say about it.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Queryable)]
pub struct UnitRecord {
    /// Services in a status that holds quantity (accepted up to closed).
    pub taken: i64,
    pub declined: i64,
    pub rating_sum: i64,
    pub ratings: i64,
}

impl UnitRecord {
    /// The change a service moving `from` → `to` (and perhaps rated) makes.
    pub fn change(from: ServiceStatus, to: ServiceStatus, rating: Option<i32>) -> UnitRecord {
        let declined = |s: ServiceStatus| i64::from(s == ServiceStatus::Declined);
        UnitRecord {
            taken: i64::from(to.holds_quantity()) - i64::from(from.holds_quantity()),
            declined: declined(to) - declined(from),
            rating_sum: rating.map_or(0, i64::from),
            ratings: i64::from(rating.is_some()),
        }
    }
}

/// Adds a change to a unit's counters, creating them on its first service.
/// One statement, so concurrent actions on one unit's services add up.
pub fn add(conn: &mut DbConn, unit_id: i64, change: UnitRecord) -> Result<(), ApiError> {
    if change == UnitRecord::default() {
        return Ok(());
    }
    // `$n` numbers the parameters on both databases (SQLite reads them as
    // named parameters in order of first use).
    diesel::sql_query(
        "INSERT INTO unit_service_records (unit_id, taken, declined, rating_sum, ratings) \
         VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (unit_id) DO UPDATE SET \
           taken = unit_service_records.taken + excluded.taken, \
           declined = unit_service_records.declined + excluded.declined, \
           rating_sum = unit_service_records.rating_sum + excluded.rating_sum, \
           ratings = unit_service_records.ratings + excluded.ratings",
    )
    .bind::<BigInt, _>(unit_id)
    .bind::<BigInt, _>(change.taken)
    .bind::<BigInt, _>(change.declined)
    .bind::<BigInt, _>(change.rating_sum)
    .bind::<BigInt, _>(change.ratings)
    .execute(conn)?;
    Ok(())
}

/// Counts every unit's record afresh from its services: for data written
/// straight into the tables (the seeds), as the migration did once.
pub fn recount(conn: &mut DbConn) -> Result<(), ApiError> {
    diesel::delete(unit_service_records::table).execute(conn)?;
    diesel::sql_query(
        "INSERT INTO unit_service_records (unit_id, taken, declined, rating_sum, ratings) \
         SELECT unit_id, \
                SUM(CASE WHEN status IN ('accepted', 'in_progress', 'delivered', 'closed') THEN 1 ELSE 0 END), \
                SUM(CASE WHEN status = 'declined' THEN 1 ELSE 0 END), \
                COALESCE(SUM(rating), 0), \
                COUNT(rating) \
         FROM services GROUP BY unit_id",
    )
    .execute(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ServiceStatus::*;

    #[test]
    fn a_change_counts_what_the_status_means() {
        assert_eq!(UnitRecord::change(Ordered, Accepted, None), UnitRecord { taken: 1, ..Default::default() });
        assert_eq!(UnitRecord::change(Ordered, Declined, None), UnitRecord { declined: 1, ..Default::default() });
        assert_eq!(UnitRecord::change(Accepted, Cancelled, None), UnitRecord { taken: -1, ..Default::default() });
        assert_eq!(UnitRecord::change(Accepted, InProgress, None), UnitRecord::default());
        assert_eq!(
            UnitRecord::change(Delivered, Closed, Some(4)),
            UnitRecord { rating_sum: 4, ratings: 1, ..Default::default() }
        );
    }
}
