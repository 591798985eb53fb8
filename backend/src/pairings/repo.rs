use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, Utc};
use diesel::dsl::count_star;
use diesel::prelude::*;

use super::dto::{
    CreatePairing, Due, EndPairing, HelperRef, HouseholdRef, PairingDto, PairingListQuery, UpdatePairing,
};
use super::model::{due_on, HelperKind, NewPairing, Pairing, PairingStatus};
use crate::apply_sort;
use crate::areas::model::Area;
use crate::areas::repo as areas_repo;
use crate::audit::{self, Entry};
use crate::auth::{AreaScope, Caller, Permission, Role};
use crate::db::schema::{areas, households, pairings, units, volunteers};
use crate::db::{DbBackend, DbConn};
use crate::households::model::Household;
use crate::households::repo::{self as households_repo, Reach};
use crate::http::etag::IfMatch;
use crate::http::list::{parse_sort, Page, Paging};
use crate::http::meta::RequestMeta;
use crate::http::{ApiError, FieldError};
use crate::units::repo::areas_in;
use crate::users::dto::{AreaRef, AREA_REF_COLUMNS};

const SORTABLE: &[&str] = &["due_on", "starts_on", "last_visit_on", "created_at", "id"];

type Boxed = pairings::BoxedQuery<'static, DbBackend>;

/// Who a helper account helps as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Helper {
    Unit(i64),
    Volunteer(i64),
}

impl Helper {
    /// Whether this helper is the pairing's.
    pub fn helps(self, pairing: &PairingDto) -> bool {
        match self {
            Helper::Unit(id) => pairing.helper.kind == HelperKind::Unit && pairing.helper.id == id,
            Helper::Volunteer(id) => pairing.helper.kind == HelperKind::Volunteer && pairing.helper.id == id,
        }
    }
}

/// A unit contact helps as their unit, a volunteer account as its volunteer.
pub fn helper_of(conn: &mut DbConn, caller: &Caller) -> Result<Option<Helper>, ApiError> {
    Ok(match caller.role {
        Role::UnitContact => caller.unit_id.map(Helper::Unit),
        Role::Volunteer => volunteers::table
            .filter(volunteers::user_id.eq(caller.user_id))
            .select(volunteers::id)
            .first::<i64>(conn)
            .optional()?
            .map(Helper::Volunteer),
        _ => None,
    })
}

/// A helper's own pairings.
fn of_helper(query: Boxed, helper: Helper) -> Boxed {
    match helper {
        Helper::Unit(id) => query.filter(pairings::helper_unit_id.eq(id)),
        Helper::Volunteer(id) => query.filter(pairings::helper_volunteer_id.eq(id)),
    }
}

/// Pairings the caller reaches: staff by the household's area, a helper their own (ended too).
fn visible(reach: &Reach) -> Boxed {
    let query = pairings::table.into_boxed();
    match reach {
        Reach::Staff(AreaScope::Everything) => query,
        Reach::Staff(AreaScope::Subtree(prefix)) => query.filter(pairings::area_id.eq_any(areas_in(prefix))),
        Reach::Helper(helper) => of_helper(query, *helper),
        Reach::Nothing => query.filter(pairings::id.eq(-1)),
    }
}

/// The last day of the week `today` lies in (Sunday).
pub fn end_of_week(today: NaiveDate) -> NaiveDate {
    today + chrono::Duration::days(i64::from(6 - today.weekday().num_days_from_monday()))
}

/// What a pairing's DTO names besides the pairing: its household, its area and its helper.
type Names = (HouseholdRef, AreaRef, Option<String>, Option<String>);

/// Pairings with the tables their DTOs name: household, area and helper.
type Named = diesel::dsl::IntoBoxed<
    'static,
    diesel::dsl::LeftJoinOn<
        diesel::dsl::LeftJoinOn<
            diesel::dsl::InnerJoinOn<
                diesel::dsl::InnerJoin<pairings::table, households::table>,
                areas::table,
                diesel::dsl::Eq<areas::id, pairings::area_id>,
            >,
            units::table,
            diesel::dsl::Eq<diesel::dsl::Nullable<units::id>, pairings::helper_unit_id>,
        >,
        volunteers::table,
        diesel::dsl::Eq<diesel::dsl::Nullable<volunteers::id>, pairings::helper_volunteer_id>,
    >,
    DbBackend,
>;

fn named() -> Named {
    pairings::table
        .inner_join(households::table)
        .inner_join(areas::table.on(areas::id.eq(pairings::area_id)))
        .left_join(units::table.on(units::id.nullable().eq(pairings::helper_unit_id)))
        .left_join(volunteers::table.on(volunteers::id.nullable().eq(pairings::helper_volunteer_id)))
        .into_boxed()
}

/// Loads pairings with their names in one query: four lookups by id cost
/// four round trips (on PostgreSQL most of the time of a page of pairings).
fn load_named(conn: &mut DbConn, query: Named, today: NaiveDate) -> Result<Vec<PairingDto>, ApiError> {
    type Row = (Pairing, (i64, String, String), (i64, String, String, String), Option<String>, Option<String>);
    let rows: Vec<Row> = query
        .select((
            pairings::all_columns,
            (households::id, households::household_no, households::head_name),
            AREA_REF_COLUMNS,
            units::name.nullable(),
            volunteers::name.nullable(),
        ))
        .load(conn)?;
    let week_end = end_of_week(today);
    rows.into_iter()
        .map(|(p, (household, household_no, head_name), area, unit, volunteer)| {
            let household = HouseholdRef { id: household, household_no, head_name };
            dto(p, (household, AreaRef::from_row(area), unit, volunteer), today, week_end)
        })
        .collect()
}

/// The DTOs of some pairings, in the order of `ids`.
fn dtos_in_order(conn: &mut DbConn, ids: &[i64], today: NaiveDate) -> Result<Vec<PairingDto>, ApiError> {
    let mut found: HashMap<i64, PairingDto> =
        load_named(conn, named().filter(pairings::id.eq_any(ids.to_vec())), today)?
            .into_iter()
            .map(|d| (d.id, d))
            .collect();
    ids.iter()
        .map(|id| found.remove(id).ok_or_else(|| ApiError::internal("pairing without household or area")))
        .collect()
}

fn dto(p: Pairing, names: Names, today: NaiveDate, week_end: NaiveDate) -> Result<PairingDto, ApiError> {
    let (household, area, unit_name, volunteer_name) = names;
    let helper = match (p.helper_unit_id, p.helper_volunteer_id) {
        (Some(id), _) => HelperRef { kind: HelperKind::Unit, id, name: unit_name.unwrap_or_default() },
        (None, Some(id)) => HelperRef { kind: HelperKind::Volunteer, id, name: volunteer_name.unwrap_or_default() },
        (None, None) => return Err(ApiError::internal("pairing without helper")),
    };
    let active = p.is_active();
    Ok(PairingDto {
        id: p.id,
        status: p.status(),
        household,
        area,
        helper,
        starts_on: p.starts_on,
        ends_on: p.ends_on,
        plan: p.plan,
        goals: p.goals,
        visit_interval_days: p.visit_interval_days,
        end_reason: p.end_reason,
        last_visit_on: p.last_visit_on,
        visit_count: p.visit_count,
        due_on: p.due_on,
        overdue: active && p.due_on < today,
        due_this_week: active && p.due_on <= week_end,
        version: p.version,
        created_at: p.created_at.and_utc(),
        updated_at: p.updated_at.and_utc(),
    })
}

/// A pairing as the API shows it, read with its names.
pub fn to_dto(conn: &mut DbConn, id: i64, today: NaiveDate) -> Result<PairingDto, ApiError> {
    Ok(dtos_in_order(conn, &[id], today)?.remove(0))
}

/// A pairing the caller reaches; 404 otherwise.
pub fn find(conn: &mut DbConn, reach: &Reach, id: i64) -> Result<Pairing, ApiError> {
    visible(reach).filter(pairings::id.eq(id)).first(conn).optional()?.ok_or(ApiError::NotFound)
}

/// A household with its area and every pairing, active first then newest,
/// read in one statement for the household's detail and export: on PostgreSQL a round
/// trip costs more than the join. A pairing's area is its household's (kept
/// so when the household moves), so the area is read once.
pub fn household_with_pairings(
    conn: &mut DbConn,
    household_id: i64,
    today: NaiveDate,
) -> Result<Option<(Household, Area, Vec<PairingDto>)>, ApiError> {
    type Row = (Household, Area, Option<Pairing>, Option<String>, Option<String>);
    let query = households::table
        .inner_join(areas::table)
        .left_join(pairings::table)
        .left_join(units::table.on(units::id.nullable().eq(pairings::helper_unit_id)))
        .left_join(volunteers::table.on(volunteers::id.nullable().eq(pairings::helper_volunteer_id)))
        .filter(households::id.eq(household_id))
        .order((pairings::status.asc(), pairings::starts_on.desc(), pairings::id.desc()))
        .select((
            households::all_columns,
            areas::all_columns,
            pairings::all_columns.nullable(),
            units::name.nullable(),
            volunteers::name.nullable(),
        ));
    // A row for each pairing, or one with no pairing.
    let mut rows = conn.load_direct::<_, Row>(query)?.into_iter();
    let Some((household, area, pairing, unit, volunteer)) = rows.next() else { return Ok(None) };
    let week_end = end_of_week(today);
    let named = HouseholdRef {
        id: household.id,
        household_no: household.household_no.clone(),
        head_name: household.head_name.clone(),
    };
    let area_ref = AreaRef::from(area.clone());
    let pairings = std::iter::once((pairing, unit, volunteer))
        .chain(rows.map(|(_, _, pairing, unit, volunteer)| (pairing, unit, volunteer)))
        .filter_map(|(pairing, unit, volunteer)| pairing.map(|p| (p, unit, volunteer)))
        .map(|(p, unit, volunteer)| dto(p, (named.clone(), area_ref.clone(), unit, volunteer), today, week_end))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Some((household, area, pairings)))
}

pub fn list(
    conn: &mut DbConn,
    caller: &Caller,
    q: &PairingListQuery,
    today: NaiveDate,
) -> Result<Page<PairingDto>, ApiError> {
    let paging = Paging::new(q.page, q.page_size)?;
    let sort = parse_sort(q.sort.as_deref(), SORTABLE, "due_on")?;
    let reach = Reach::Staff(caller.scope.clone());
    let within = match areas_repo::area_filter(conn, &caller.scope, q.area_id)? {
        areas_repo::AreaFilter::OutOfReach => return Ok(paging.wrap(Vec::new(), 0)),
        areas_repo::AreaFilter::Subtree(path) => Some(path),
        areas_repo::AreaFilter::Anywhere => None,
    };
    let filtered = || {
        let mut query = visible(&reach);
        if let Some(path) = &within {
            query = query.filter(pairings::area_id.eq_any(areas_in(path)));
        }
        if let Some(id) = q.household_id {
            query = query.filter(pairings::household_id.eq(id));
        }
        // Overdue means active: it implies the status.
        match (q.overdue, q.status) {
            (Some(true), _) => {
                query = query.filter(pairings::status.eq("active")).filter(pairings::due_on.lt(today));
            }
            (Some(false), _) => {
                query = query.filter(pairings::status.eq("active")).filter(pairings::due_on.ge(today));
            }
            (None, Some(status)) => query = query.filter(pairings::status.eq(status.as_str())),
            (None, None) => {}
        }
        if let Some(kind) = q.helper_kind {
            query = query.filter(pairings::helper_kind.eq(kind.as_str()));
        }
        if let Some(id) = q.unit_id {
            query = query.filter(pairings::helper_unit_id.eq(id));
        }
        if let Some(id) = q.volunteer_id {
            query = query.filter(pairings::helper_volunteer_id.eq(id));
        }
        query
    };
    let ordered = apply_sort!(filtered(), &sort, pairings::id, {
        "due_on" => pairings::due_on,
        "starts_on" => pairings::starts_on,
        "created_at" => pairings::created_at,
        "id" => pairings::id,
    }, nullable {
        "last_visit_on" => pairings::last_visit_on,
    });
    // The page's ids first, then its rows with their names by id: sorting
    // whole rows (plan and goals included) cost SQLite twice as much as
    // sorting ids, on a street's overdue list of a few hundred. The ids come
    // with the count of all matches, which the sort has to see anyway: one
    // pass over the subtree and one round trip fewer than a count of its own.
    // (Diesel's window count, not an SQL literal: a statement with a literal
    // is never cached, so it was parsed and planned on every request, and
    // PostgreSQL was asked to prepare it in a round trip of its own.)
    let page: Vec<(i64, i64)> = ordered
        .select((pairings::id, count_star().over()))
        .limit(paging.page_size)
        .offset(paging.offset())
        .load(conn)?;
    let total = match paging.total_with_count(page.first().map(|(_, total)| *total), page.len()) {
        Some(total) => total,
        None => filtered().count().get_result(conn)?,
    };
    let ids: Vec<i64> = page.into_iter().map(|(id, _)| id).collect();
    Ok(paging.wrap(dtos_in_order(conn, &ids, today)?, total))
}

/// A helper's active pairings, most urgent first.
pub fn mine(conn: &mut DbConn, caller: &Caller, due: Due, today: NaiveDate) -> Result<Vec<PairingDto>, ApiError> {
    let Some(helper) = helper_of(conn, caller)? else {
        return Ok(Vec::new());
    };
    let mut query = of_helper(pairings::table.into_boxed(), helper).filter(pairings::status.eq("active"));
    match due {
        Due::All => {}
        Due::Week => query = query.filter(pairings::due_on.le(end_of_week(today))),
        Due::Overdue => query = query.filter(pairings::due_on.lt(today)),
    }
    let ids: Vec<i64> =
        query.order((pairings::due_on.asc(), pairings::id.asc())).limit(500).select(pairings::id).load(conn)?;
    dtos_in_order(conn, &ids, today)
}

fn record(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    action: &str,
    id: i64,
    area_id: i64,
    changes: serde_json::Value,
) -> Result<(), ApiError> {
    let path: String = areas::table.find(area_id).select(areas::path).first(conn)?;
    audit::record(
        conn,
        caller,
        meta,
        Entry { action, entity: "pairing", entity_id: Some(id), area_path: Some(&path), changes: Some(changes) },
    )
}

/// The helper named in a new pairing: exactly one of a unit or a volunteer in reach.
fn helper_named(conn: &mut DbConn, caller: &Caller, input: &CreatePairing) -> Result<Helper, ApiError> {
    match (input.unit_id, input.volunteer_id) {
        (Some(unit), None) => {
            crate::units::repo::find_reference(conn, caller, "unit_id", unit)?;
            Ok(Helper::Unit(unit))
        }
        (None, Some(volunteer)) => {
            crate::volunteers::repo::find_reference(conn, caller, "volunteer_id", volunteer)?;
            Ok(Helper::Volunteer(volunteer))
        }
        (Some(_), Some(_)) => Err(ApiError::Validation(vec![
            FieldError::new("unit_id", "not_applicable", "a unit or a volunteer, not both"),
            FieldError::new("volunteer_id", "not_applicable", "a unit or a volunteer, not both"),
        ])),
        (None, None) => Err(ApiError::Validation(vec![
            FieldError::new("unit_id", "required", "a unit or a volunteer"),
            FieldError::new("volunteer_id", "required", "a unit or a volunteer"),
        ])),
    }
}

pub fn create(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    input: CreatePairing,
    today: NaiveDate,
) -> Result<PairingDto, ApiError> {
    let reach = Reach::Staff(caller.scope.clone());
    let household = households_repo::find_reference(conn, &reach, "household_id", input.household_id)?;
    let helper = helper_named(conn, caller, &input)?;
    if household.household.archived_at.is_some() {
        return Err(ApiError::Conflict("invalid_transition", "the household is archived".into()));
    }
    let paired = of_helper(pairings::table.into_boxed(), helper)
        .filter(pairings::household_id.eq(input.household_id))
        .filter(pairings::status.eq("active"))
        .select(pairings::id)
        .first::<i64>(conn)
        .optional()?;
    if paired.is_some() {
        return Err(ApiError::Conflict("already_paired", "this helper is already paired with the household".into()));
    }
    let starts_on = input.starts_on.unwrap_or(today);
    if starts_on > today + chrono::Duration::days(366) {
        return Err(ApiError::field("starts_on", "out_of_range", "at most a year ahead"));
    }
    let now = Utc::now().naive_utc();
    let (kind, unit, volunteer) = match helper {
        Helper::Unit(id) => (HelperKind::Unit, Some(id), None),
        Helper::Volunteer(id) => (HelperKind::Volunteer, None, Some(id)),
    };
    let id: i64 = diesel::insert_into(pairings::table)
        .values(NewPairing {
            household_id: input.household_id,
            area_id: household.area.id,
            helper_kind: kind.as_str().to_string(),
            helper_unit_id: unit,
            helper_volunteer_id: volunteer,
            starts_on,
            plan: input.plan.map(|p| p.trim().to_string()).filter(|p| !p.is_empty()),
            goals: input.goals.map(|g| g.trim().to_string()).filter(|g| !g.is_empty()),
            visit_interval_days: input.visit_interval_days,
            status: PairingStatus::Active.as_str().to_string(),
            due_on: due_on(starts_on, None, input.visit_interval_days),
            created_by: caller.user_id,
            version: 1,
            created_at: now,
            updated_at: now,
        })
        .returning(pairings::id)
        .get_result(conn)?;
    let dto = to_dto(conn, id, today)?;
    record(conn, caller, meta, "create", id, household.area.id, audit::snapshot(&dto))?;
    Ok(dto)
}

pub fn update(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    id: i64,
    if_match: IfMatch,
    input: UpdatePairing,
    today: NaiveDate,
) -> Result<PairingDto, ApiError> {
    let current = find(conn, &Reach::Staff(caller.scope.clone()), id)?;
    if_match.check(current.version)?;
    if !current.is_active() {
        return Err(ApiError::Conflict("invalid_transition", "the pairing has ended".into()));
    }
    let before = audit::snapshot(&to_dto(conn, id, today)?);
    let interval = input.visit_interval_days.unwrap_or(current.visit_interval_days);
    let clean = |text: Option<Option<String>>| text.map(|t| t.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()));
    let (plan, goals) = (clean(input.plan), clean(input.goals));
    diesel::update(pairings::table.find(id))
        .set((
            pairings::plan.eq(plan.unwrap_or(current.plan.clone())),
            pairings::goals.eq(goals.unwrap_or(current.goals.clone())),
            pairings::visit_interval_days.eq(interval),
            pairings::due_on.eq(due_on(current.starts_on, current.last_visit_on, interval)),
            pairings::version.eq(current.version + 1),
            pairings::updated_at.eq(Utc::now().naive_utc()),
        ))
        .execute(conn)?;
    let dto = to_dto(conn, id, today)?;
    record(conn, caller, meta, "update", id, current.area_id, audit::diff(&before, &audit::snapshot(&dto)))?;
    Ok(dto)
}

/// Ends a pairing; it stays, with its visits, as history.
pub fn end(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    id: i64,
    input: EndPairing,
    today: NaiveDate,
) -> Result<PairingDto, ApiError> {
    let current = find(conn, &Reach::Staff(caller.scope.clone()), id)?;
    let ends_on = input.ends_on.unwrap_or(today);
    if ends_on < current.starts_on {
        return Err(ApiError::field("ends_on", "ends_before_start", "before the pairing started"));
    }
    if ends_on > today {
        return Err(ApiError::field("ends_on", "in_the_future", "after today"));
    }
    let changed = diesel::update(pairings::table.filter(pairings::id.eq(id)).filter(pairings::status.eq("active")))
        .set((
            pairings::status.eq("ended"),
            pairings::ends_on.eq(ends_on),
            pairings::end_reason.eq(input.reason.trim()),
            pairings::version.eq(current.version + 1),
            pairings::updated_at.eq(Utc::now().naive_utc()),
        ))
        .execute(conn)?;
    if changed == 0 {
        return Err(ApiError::Conflict("invalid_transition", "the pairing has already ended".into()));
    }
    let dto = to_dto(conn, id, today)?;
    let changes = serde_json::json!({"ends_on": ends_on, "reason": input.reason.trim()});
    record(conn, caller, meta, "end", id, current.area_id, changes)?;
    Ok(dto)
}

/// Whether the caller may record visits on this pairing: staff with
/// `households.write` in reach, or its own helper.
pub fn for_visit(conn: &mut DbConn, caller: &Caller, id: i64) -> Result<Pairing, ApiError> {
    if caller.role.has(Permission::HouseholdsWrite) {
        return find(conn, &Reach::Staff(caller.scope.clone()), id);
    }
    caller.require(Permission::PairingsSelf)?;
    match helper_of(conn, caller)? {
        Some(helper) => find(conn, &Reach::Helper(helper), id),
        None => Err(ApiError::NotFound),
    }
}
