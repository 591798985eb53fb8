use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use diesel::prelude::*;

use super::dto::{CreateVisit, VisitDto};
use super::model::{NewVisit, Paperwork, Visit, VisitKind};
use crate::audit::{self, Entry};
use crate::auth::Caller;
use crate::db::schema::{areas, pairings, users, visit_photos, visits};
use crate::db::DbConn;
use crate::households::repo::{self as households_repo, Reach};
use crate::http::list::{Page, Paging};
use crate::http::meta::RequestMeta;
use crate::http::{ApiError, FieldError};
use crate::pairings::model::due_on;
use crate::pairings::repo as pairings_repo;

pub fn to_dtos(conn: &mut DbConn, rows: Vec<Visit>) -> Result<Vec<VisitDto>, ApiError> {
    let user_ids: Vec<i64> = rows.iter().map(|v| v.recorded_by).collect();
    let names: HashMap<i64, String> = users::table
        .filter(users::id.eq_any(&user_ids))
        .select((users::id, users::display_name))
        .load(conn)?
        .into_iter()
        .collect();
    with_names(conn, rows, &names)
}

/// The DTOs of visits whose recorders' names are known, by user id.
fn with_names(conn: &mut DbConn, rows: Vec<Visit>, names: &HashMap<i64, String>) -> Result<Vec<VisitDto>, ApiError> {
    let ids: Vec<i64> = rows.iter().filter(|v| v.photo_count > 0).map(|v| v.id).collect();
    let mut photos: HashMap<i64, Vec<i64>> = HashMap::new();
    if !ids.is_empty() {
        let found: Vec<(i64, i64)> = visit_photos::table
            .filter(visit_photos::visit_id.eq_any(&ids))
            .select((visit_photos::visit_id, visit_photos::id))
            .order(visit_photos::id.asc())
            .load(conn)?;
        for (visit, photo) in found {
            photos.entry(visit).or_default().push(photo);
        }
    }
    Ok(rows
        .into_iter()
        .map(|v| VisitDto {
            id: v.id,
            pairing_id: v.pairing_id,
            household_id: v.household_id,
            visited_on: v.visited_on,
            // The CHECK constraints keep both columns to their codes.
            kind: VisitKind::parse(&v.kind).unwrap_or(VisitKind::Other),
            paperwork: v.paperwork.as_deref().and_then(Paperwork::parse),
            content: v.content,
            outcome: v.outcome,
            follow_up_on: v.follow_up_on,
            photos: photos.remove(&v.id).unwrap_or_default(),
            recorded_by: names.get(&v.recorded_by).cloned().unwrap_or_default(),
            created_at: v.created_at.and_utc(),
        })
        .collect())
}

/// The latest visits of a household (only those of `pairing_ids` when given), newest first.
pub fn latest_of_household(
    conn: &mut DbConn,
    household_id: i64,
    pairing_ids: Option<&[i64]>,
    limit: i64,
) -> Result<Vec<VisitDto>, ApiError> {
    // The recorders' names come with the visits, not in a round trip of their own.
    let query = visits::table
        .inner_join(users::table.on(users::id.eq(visits::recorded_by)))
        .filter(visits::household_id.eq(household_id))
        .order((visits::visited_on.desc(), visits::id.desc()))
        .limit(limit)
        .select((visits::all_columns, (users::id, users::display_name)));
    // Statically typed either way, so straight to the backend's connection.
    let rows: Vec<(Visit, (i64, String))> = match pairing_ids {
        // A helper sees the visits of their own pairings only.
        Some(ids) => conn.load_direct(query.filter(visits::pairing_id.eq_any(ids.to_vec())))?,
        None => conn.load_direct(query)?,
    };
    let (rows, names): (Vec<Visit>, HashMap<i64, String>) = rows.into_iter().unzip();
    with_names(conn, rows, &names)
}

/// The caller's reach over pairings and visits: staff by area, helpers their own.
fn reach_of(conn: &mut DbConn, caller: &Caller) -> Result<Reach, ApiError> {
    households_repo::reach(conn, caller)
}

/// A pairing's visits, newest first.
pub fn of_pairing(
    conn: &mut DbConn,
    caller: &Caller,
    pairing_id: i64,
    page: Option<i64>,
    page_size: Option<i64>,
) -> Result<Page<VisitDto>, ApiError> {
    let paging = Paging::new(page, page_size)?;
    let reach = reach_of(conn, caller)?;
    pairings_repo::find(conn, &reach, pairing_id)?;
    let rows: Vec<Visit> = visits::table
        .filter(visits::pairing_id.eq(pairing_id))
        .order((visits::visited_on.desc(), visits::id.desc()))
        .limit(paging.page_size)
        .offset(paging.offset())
        .load(conn)?;
    let total = match paging.total_from_page(rows.len()) {
        Some(total) => total,
        None => visits::table.filter(visits::pairing_id.eq(pairing_id)).count().get_result(conn)?,
    };
    Ok(paging.wrap(to_dtos(conn, rows)?, total))
}

/// A visit the caller reaches through its pairing; 404 otherwise.
pub fn find(conn: &mut DbConn, caller: &Caller, id: i64) -> Result<Visit, ApiError> {
    let visit: Visit = visits::table.find(id).first(conn).optional()?.ok_or(ApiError::NotFound)?;
    let reach = reach_of(conn, caller)?;
    pairings_repo::find(conn, &reach, visit.pairing_id)?;
    Ok(visit)
}

fn check(input: &CreateVisit, starts_on: NaiveDate, today: NaiveDate) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    if input.visited_on > today {
        errors.push(FieldError::new("visited_on", "in_the_future", "after today"));
    } else if input.visited_on < starts_on {
        errors.push(FieldError::new("visited_on", "out_of_range", "before the pairing started"));
    }
    match (input.kind, input.paperwork) {
        (VisitKind::Paperwork, None) => {
            errors.push(FieldError::new("paperwork", "required", "which paperwork was handled"))
        }
        (kind, Some(_)) if kind != VisitKind::Paperwork => {
            errors.push(FieldError::new("paperwork", "not_applicable", "only for paperwork visits"))
        }
        _ => {}
    }
    if input.follow_up_on.is_some_and(|f| f <= input.visited_on) {
        errors.push(FieldError::new("follow_up_on", "out_of_range", "after the visit"));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// Records a visit on an active pairing and moves its due date. The pairing
/// row is locked first (by bumping its version), so two visits recorded at
/// once cannot leave it with the older date.
pub fn create(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    pairing_id: i64,
    input: CreateVisit,
    today: NaiveDate,
) -> Result<VisitDto, ApiError> {
    let pairing = pairings_repo::for_visit(conn, caller, pairing_id)?;
    if !pairing.is_active() {
        return Err(ApiError::Conflict("invalid_transition", "the pairing has ended".into()));
    }
    check(&input, pairing.starts_on, today)?;
    let now = Utc::now().naive_utc();
    let locked =
        diesel::update(pairings::table.filter(pairings::id.eq(pairing_id)).filter(pairings::status.eq("active")))
            .set(pairings::version.eq(pairings::version + 1))
            .execute(conn)?;
    if locked == 0 {
        return Err(ApiError::Conflict("invalid_transition", "the pairing ended meanwhile".into()));
    }
    let (last, interval): (Option<NaiveDate>, i32) = pairings::table
        .find(pairing_id)
        .select((pairings::last_visit_on, pairings::visit_interval_days))
        .first(conn)?;
    let last = Some(last.map_or(input.visited_on, |l| l.max(input.visited_on)));
    diesel::update(pairings::table.find(pairing_id))
        .set((
            pairings::last_visit_on.eq(last),
            pairings::visit_count.eq(pairings::visit_count + 1),
            pairings::due_on.eq(due_on(pairing.starts_on, last, interval)),
            pairings::updated_at.eq(now),
        ))
        .execute(conn)?;
    let visit: Visit = diesel::insert_into(visits::table)
        .values(NewVisit {
            pairing_id,
            household_id: pairing.household_id,
            visited_on: input.visited_on,
            kind: input.kind.as_str().to_string(),
            paperwork: input.paperwork.map(|p| p.as_str().to_string()),
            content: input.content.trim().to_string(),
            outcome: input.outcome.map(|o| o.trim().to_string()).filter(|o| !o.is_empty()),
            follow_up_on: input.follow_up_on,
            photo_count: 0,
            recorded_by: caller.user_id,
            created_at: now,
        })
        .get_result(conn)?;
    let dto = to_dtos(conn, vec![visit])?.remove(0);
    let path: String = areas::table.find(pairing.area_id).select(areas::path).first(conn)?;
    let changes = serde_json::json!({"pairing_id": pairing_id, "visited_on": dto.visited_on, "kind": dto.kind});
    audit::record(
        conn,
        caller,
        meta,
        Entry {
            action: "create",
            entity: "visit",
            entity_id: Some(dto.id),
            area_path: Some(&path),
            changes: Some(changes),
        },
    )?;
    Ok(dto)
}
