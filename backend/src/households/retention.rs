//! Retention and the rights of the person concerned: archived households
//! lose their personal fields once the retention period has passed, while
//! what is counted (categories, area, status, pairings, visit dates)
//! survives; and one household's data can be exported in full for them.

use chrono::{Duration, NaiveDate, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use super::dto::{HouseholdDto, RetentionRun, RevealedHousehold};
use super::repo::{self, Reach, ERASED_NAME};
use crate::audit::repo::Actor;
use crate::audit::{self, Entry};
use crate::auth::caller::subtree_bounds;
use crate::auth::{AreaScope, Caller};
use crate::crypto::DataKey;
use crate::db::schema::{areas, households, visit_photos, visits, wishes};
use crate::db::DbConn;
use crate::http::meta::RequestMeta;
use crate::http::ApiError;
use crate::pairings::dto::PairingDto;
use crate::visits::dto::VisitDto;
use crate::wishes::dto::WishDto;

/// Erases the personal fields of households archived before `cutoff`,
/// within `scope`. Each erasure is in the audit trail; returns how many.
pub fn erase_expired(
    conn: &mut DbConn,
    actor: Actor,
    meta: &RequestMeta,
    scope: &AreaScope,
    retention_days: i64,
) -> Result<RetentionRun, ApiError> {
    let now = Utc::now().naive_utc();
    let cutoff = now - Duration::days(retention_days);
    let mut due = households::table
        .inner_join(areas::table)
        .filter(households::archived_at.lt(cutoff))
        .filter(households::erased_at.is_null())
        .select((households::id, households::household_no, areas::path))
        .into_boxed();
    if let AreaScope::Subtree(prefix) = scope {
        let (lo, hi) = subtree_bounds(prefix);
        due = due.filter(areas::path.ge(lo)).filter(areas::path.lt(hi));
    }
    let due: Vec<(i64, String, String)> = due.load(conn)?;
    for (id, household_no, path) in &due {
        diesel::update(households::table.find(id))
            .set((
                households::head_name.eq(ERASED_NAME),
                households::head_id_number_sealed.eq(None::<String>),
                households::head_id_number_hash.eq(None::<String>),
                households::head_id_number_masked.eq(None::<String>),
                households::phone_sealed.eq(None::<String>),
                households::phone_masked.eq(None::<String>),
                households::situation_sealed.eq(None::<String>),
                households::members.eq("[]"),
                households::address.eq(None::<String>),
                households::erased_at.eq(now),
                households::version.eq(households::version + 1),
                households::updated_at.eq(now),
            ))
            .execute(conn)?;
        let visit_ids = visits::table.filter(visits::household_id.eq(id)).select(visits::id);
        diesel::delete(visit_photos::table.filter(visit_photos::visit_id.eq_any(visit_ids))).execute(conn)?;
        // What was done on a visit speaks of the family; its date and kind are what is counted.
        diesel::update(visits::table.filter(visits::household_id.eq(id)))
            .set((visits::content.eq(""), visits::outcome.eq(None::<String>), visits::photo_count.eq(0)))
            .execute(conn)?;
        diesel::update(wishes::table.filter(wishes::household_id.eq(id)))
            .set(wishes::description.eq(None::<String>))
            .execute(conn)?;
        audit::record(
            conn,
            Actor { id: actor.id, username: actor.username, role: actor.role },
            meta,
            Entry {
                action: "erase",
                entity: "household",
                entity_id: Some(*id),
                area_path: Some(path),
                changes: Some(serde_json::json!({"household_no": household_no, "retention_days": retention_days})),
            },
        )?;
    }
    Ok(RetentionRun { erased: due.len() as i64, archived_before: cutoff.and_utc() })
}

/// Everything held about one household, in full: for the person concerned.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonalData {
    pub exported_at: chrono::DateTime<Utc>,
    pub household: HouseholdDto,
    /// The sealed fields, opened.
    pub sealed: RevealedHousehold,
    pub pairings: Vec<PairingDto>,
    /// Every visit, newest first.
    pub visits: Vec<VisitDto>,
    pub wishes: Vec<WishDto>,
}

/// One household's data in full, audited with the reason like a reveal.
pub fn personal_data(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    key: &DataKey,
    id: i64,
    reason: &str,
    today: NaiveDate,
) -> Result<PersonalData, ApiError> {
    let paired = repo::find_with_pairings(conn, &Reach::Staff(caller.scope.clone()), id, today)?;
    let path = paired.row.area.path.clone();
    let household_no = paired.row.household.household_no.clone();
    let sealed = repo::reveal_quietly(key, &paired.row.household)?;
    let (household, pairings) = paired.into_parts(today);
    let visits = crate::visits::repo::latest_of_household(conn, id, None, i64::MAX)?;
    let wishes = crate::wishes::repo::of_household(conn, id)?;
    audit::record(
        conn,
        caller,
        meta,
        Entry {
            action: "export_personal_data",
            entity: "household",
            entity_id: Some(id),
            area_path: Some(&path),
            changes: Some(serde_json::json!({"reason": reason.trim(), "household_no": household_no})),
        },
    )?;
    Ok(PersonalData { exported_at: Utc::now(), household, sealed, pairings, visits, wishes })
}
