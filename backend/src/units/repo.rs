use std::collections::HashMap;

use chrono::Utc;
use diesel::dsl::count_star;
use diesel::expression::{AppearsOnTable, ValidGrouping};
use diesel::prelude::*;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::{Bool, Text};

use super::dto::{CreateUnit, UnitDto, UnitFilters, UnitListQuery, UpdateUnit};
use super::model::{NewUnit, Unit, UnitChanges, UnitStatus};
use crate::apply_sort;
use crate::areas::model::{Area, AreaKind};
use crate::areas::repo as areas_repo;
use crate::audit::{self, Entry};
use crate::auth::caller::subtree_bounds;
use crate::auth::{AreaScope, Caller, Permission};
use crate::config::Backend;
use crate::db::schema::{areas, unit_grids, units};
use crate::db::{DbBackend, DbConn};
use crate::http::etag::IfMatch;
use crate::http::list::{in_batches, like_pattern, parse_sort, Page, Paging, SortKey};
use crate::http::meta::RequestMeta;
use crate::http::{ApiError, FieldError};
use crate::users::dto::{AreaRef, AREA_REF_COLUMNS};

const SORTABLE: &[&str] = &["name", "kind", "credit_code", "party_member_count", "created_at", "updated_at", "id"];

/// Ids of the areas in a subtree, as a subquery (a boxed one cannot nest in
/// another boxed query through the two-backend connection).
pub(crate) type AreaIds = diesel::dsl::Select<
    diesel::dsl::Filter<
        diesel::dsl::Filter<areas::table, diesel::dsl::GtEq<areas::path, String>>,
        diesel::dsl::Lt<areas::path, String>,
    >,
    areas::id,
>;

pub(crate) fn areas_in(prefix: &str) -> AreaIds {
    let (lo, hi) = subtree_bounds(prefix);
    areas::table.filter(areas::path.ge(lo)).filter(areas::path.lt(hi)).select(areas::id)
}

/// Units the caller can see: stationed in their subtree, serving a grid in
/// it, or (for a unit contact) their own.
///
/// The two ways in are written for each database's planner (measured at city
/// scale, docs/performance.md). SQLite tests an `OR` of two subqueries on
/// every unit of the wanted kind, so there one `UNION ALL` of unit ids walks
/// only the subtree's rows of the `units_area` and `unit_grids_area`
/// indexes. PostgreSQL turns the `OR` into two hashed subplans, and the union
/// into a slower hash join over all units.
pub fn visible(backend: Backend, caller: &Caller) -> units::BoxedQuery<'static, DbBackend> {
    let query = units::table.into_boxed();
    match &caller.scope {
        AreaScope::Everything => query,
        AreaScope::Subtree(prefix) => {
            let mut query = match backend {
                Backend::Sqlite => query.filter(in_reach_by_union(prefix)),
                Backend::Postgres => {
                    let serving = unit_grids::table
                        .filter(unit_grids::area_id.eq_any(areas_in(prefix)))
                        .select(unit_grids::unit_id);
                    query.filter(units::area_id.eq_any(areas_in(prefix)).or(units::id.eq_any(serving)))
                }
            };
            if let Some(own) = caller.unit_id {
                query = query.or_filter(units::id.eq(own));
            }
            query
        }
    }
}

/// `units.id IN (stationed in the subtree UNION ALL serving a grid in it)`,
/// written out because diesel's `eq_any` takes no compound select. Its own
/// expression rather than an SQL literal: a statement holding a literal is
/// never cached, so every unit list was parsed and planned afresh.
#[derive(Debug, Clone)]
struct InReachByUnion {
    lo: String,
    hi: String,
}

fn in_reach_by_union(prefix: &str) -> InReachByUnion {
    let (lo, hi) = subtree_bounds(prefix);
    InReachByUnion { lo, hi }
}

impl Expression for InReachByUnion {
    type SqlType = Bool;
}

impl AppearsOnTable<units::table> for InReachByUnion {}

impl SelectableExpression<units::table> for InReachByUnion {}

impl ValidGrouping<()> for InReachByUnion {
    type IsAggregate = diesel::expression::is_aggregate::Never;
}

/// The SQL text is the same for every subtree (the bounds are bound
/// parameters), so the statement may be cached by the expression's type.
impl QueryId for InReachByUnion {
    type QueryId = Self;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl QueryFragment<DbBackend> for InReachByUnion {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DbBackend>) -> QueryResult<()> {
        let subtree = "(SELECT a.id FROM areas a WHERE a.path >= ";
        out.push_sql("units.id IN (SELECT s.id FROM units s WHERE s.area_id IN ");
        out.push_sql(subtree);
        out.push_bind_param::<Text, _>(&self.lo)?;
        out.push_sql(" AND a.path < ");
        out.push_bind_param::<Text, _>(&self.hi)?;
        out.push_sql(") UNION ALL SELECT g.unit_id FROM unit_grids g WHERE g.area_id IN ");
        out.push_sql(subtree);
        out.push_bind_param::<Text, _>(&self.lo)?;
        out.push_sql(" AND a.path < ");
        out.push_bind_param::<Text, _>(&self.hi)?;
        out.push_sql("))");
        Ok(())
    }
}

pub fn find(conn: &mut DbConn, caller: &Caller, id: i64) -> Result<Unit, ApiError> {
    visible(conn.backend(), caller).filter(units::id.eq(id)).first(conn).optional()?.ok_or(ApiError::NotFound)
}

/// A unit named in a request body; one the caller cannot see is "not found".
pub fn find_reference(conn: &mut DbConn, caller: &Caller, field: &str, id: i64) -> Result<Unit, ApiError> {
    visible(conn.backend(), caller)
        .filter(units::id.eq(id))
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::field(field, "not_found", "no such unit within your reach"))
}

/// The DTOs of some units, with their home areas and grids in two queries.
fn to_dtos(conn: &mut DbConn, rows: Vec<Unit>) -> Result<Vec<UnitDto>, ApiError> {
    let ids: Vec<i64> = rows.iter().map(|u| u.id).collect();
    let mut area_ids: Vec<i64> = rows.iter().map(|u| u.area_id).collect();
    let served: Vec<(i64, i64)> = unit_grids::table
        .filter(unit_grids::unit_id.eq_any(&ids))
        .select((unit_grids::unit_id, unit_grids::area_id))
        .load(conn)?;
    area_ids.extend(served.iter().map(|s| s.1));
    area_ids.sort_unstable();
    area_ids.dedup();
    let named: HashMap<i64, AreaRef> = areas::table
        .filter(areas::id.eq_any(&area_ids))
        .select(AREA_REF_COLUMNS)
        .load(conn)?
        .into_iter()
        .map(|row| {
            let area = AreaRef::from_row(row);
            (area.id, area)
        })
        .collect();
    let lookup = |id: i64| named.get(&id).cloned();
    let mut grids: HashMap<i64, Vec<AreaRef>> = HashMap::new();
    for (unit, area) in served {
        if let Some(r) = lookup(area) {
            grids.entry(unit).or_default().push(r);
        }
    }
    rows.into_iter()
        .map(|u| {
            let area = lookup(u.area_id).ok_or_else(|| ApiError::internal("unit without its area"))?;
            let mut served = grids.remove(&u.id).unwrap_or_default();
            served.sort_by(|a, b| a.code.cmp(&b.code));
            Ok(UnitDto::new(u, area, served))
        })
        .collect()
}

pub fn to_dto(conn: &mut DbConn, unit: Unit) -> Result<UnitDto, ApiError> {
    Ok(to_dtos(conn, vec![unit])?.remove(0))
}

/// The units a list or an export shows: those in reach, narrowed by the
/// filters, in the order asked for. Built anew for each query it runs.
struct Selection<'a> {
    backend: Backend,
    caller: &'a Caller,
    filters: &'a UnitFilters,
    within: Option<String>,
    sort: Vec<SortKey>,
}

impl Selection<'_> {
    fn filtered(&self) -> units::BoxedQuery<'static, DbBackend> {
        let mut query = visible(self.backend, self.caller);
        if let Some(path) = &self.within {
            query = query.filter(units::area_id.eq_any(areas_in(path)));
        }
        if let Some(text) = self.filters.q.as_deref().filter(|t| !t.trim().is_empty()) {
            let pattern = like_pattern(text);
            let upper = like_pattern(&text.to_uppercase());
            query =
                query.filter(units::name.like(pattern).escape('\\').or(units::credit_code.like(upper).escape('\\')));
        }
        if let Some(kind) = self.filters.kind {
            query = query.filter(units::kind.eq(kind.as_str()));
        }
        if let Some(status) = self.filters.status {
            query = query.filter(units::status.eq(status.as_str()));
        }
        query
    }

    fn sorted(&self) -> units::BoxedQuery<'static, DbBackend> {
        apply_sort!(self.filtered(), &self.sort, units::id, {
            "name" => units::name,
            "kind" => units::kind,
            "credit_code" => units::credit_code,
            "party_member_count" => units::party_member_count,
            "created_at" => units::created_at,
            "updated_at" => units::updated_at,
            "id" => units::id,
        })
    }
}

/// Checks the sort and the area filter; `None` when the area filter lies out
/// of reach, which selects nothing.
fn select<'a>(
    conn: &mut DbConn,
    caller: &'a Caller,
    filters: &'a UnitFilters,
) -> Result<Option<Selection<'a>>, ApiError> {
    let sort = parse_sort(filters.sort.as_deref(), SORTABLE, "name")?;
    let within = match areas_repo::area_filter(conn, &caller.scope, filters.area_id)? {
        areas_repo::AreaFilter::OutOfReach => return Ok(None),
        areas_repo::AreaFilter::Subtree(path) => Some(path),
        areas_repo::AreaFilter::Anywhere => None,
    };
    Ok(Some(Selection { backend: conn.backend(), caller, filters, within, sort }))
}

pub fn list(conn: &mut DbConn, caller: &Caller, q: &UnitListQuery) -> Result<Page<UnitDto>, ApiError> {
    let paging = Paging::new(q.page, q.page_size)?;
    let filters = q.filters();
    let Some(selection) = select(conn, caller, &filters)? else { return Ok(paging.wrap(Vec::new(), 0)) };
    // The total rides along on every row: the database has to visit every
    // match to sort them anyway, and a second count query would visit them
    // all again. (Diesel's window count, not an SQL literal, which would
    // keep the statement out of the statement cache.)
    let rows: Vec<(Unit, i64)> = selection
        .sorted()
        .select((units::all_columns, count_star().over()))
        .limit(paging.page_size)
        .offset(paging.offset())
        .load(conn)?;
    let total = match paging.total_with_count(rows.first().map(|(_, total)| *total), rows.len()) {
        Some(total) => total,
        None => selection.filtered().count().get_result(conn)?,
    };
    let rows = rows.into_iter().map(|(unit, _)| unit).collect();
    Ok(paging.wrap(to_dtos(conn, rows)?, total))
}

/// Every unit the list would show for these filters, `batch` at a time, so
/// an export of any size holds one batch in memory.
pub fn for_each_batch(
    conn: &mut DbConn,
    caller: &Caller,
    filters: &UnitFilters,
    batch: i64,
    each: impl FnMut(Vec<UnitDto>) -> Result<(), ApiError>,
) -> Result<(), ApiError> {
    let Some(selection) = select(conn, caller, filters)? else { return Ok(()) };
    in_batches(
        batch,
        |limit, offset| {
            let rows: Vec<Unit> = selection.sorted().limit(limit).offset(offset).load(conn)?;
            to_dtos(conn, rows)
        },
        each,
    )
}

pub(crate) fn credit_code_taken(conn: &mut DbConn, code: &str, except: Option<i64>) -> Result<bool, ApiError> {
    let mut query = units::table.filter(units::credit_code.eq(code)).select(units::id).into_boxed();
    if let Some(id) = except {
        query = query.filter(units::id.ne(id));
    }
    Ok(query.first::<i64>(conn).optional()?.is_some())
}

/// The grids named in `grid_ids`: each a grid inside the caller's subtree.
pub(crate) fn served_grids(conn: &mut DbConn, caller: &Caller, ids: &[i64]) -> Result<Vec<Area>, ApiError> {
    let mut errors = Vec::new();
    let mut grids = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        match areas_repo::scoped(&caller.scope).filter(areas::id.eq(*id)).first::<Area>(conn).optional()? {
            Some(a) if a.kind() == AreaKind::Grid => grids.push(a),
            Some(_) => errors.push(FieldError::new(format!("grid_ids[{i}]"), "not_a_grid", "this area is not a grid")),
            None => {
                errors.push(FieldError::new(format!("grid_ids[{i}]"), "not_found", "no such area within your reach"))
            }
        }
    }
    if errors.is_empty() {
        grids.dedup_by_key(|g| g.id);
        Ok(grids)
    } else {
        Err(ApiError::Validation(errors))
    }
}

fn replace_grids(conn: &mut DbConn, unit_id: i64, grids: &[Area]) -> Result<(), ApiError> {
    diesel::delete(unit_grids::table.filter(unit_grids::unit_id.eq(unit_id))).execute(conn)?;
    for grid in grids {
        diesel::insert_into(unit_grids::table)
            .values((unit_grids::unit_id.eq(unit_id), unit_grids::area_id.eq(grid.id)))
            .execute(conn)?;
    }
    Ok(())
}

/// Grid ids once each, in order: a grid named twice is served once.
pub(crate) fn distinct(ids: &[i64]) -> Vec<i64> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    ids
}

pub fn create(conn: &mut DbConn, caller: &Caller, meta: &RequestMeta, input: CreateUnit) -> Result<UnitDto, ApiError> {
    let area = areas_repo::find_reference(conn, &caller.scope, "area_id", input.area_id)?;
    let grids = served_grids(conn, caller, &distinct(&input.grid_ids))?;
    if credit_code_taken(conn, &input.credit_code, None)? {
        return Err(ApiError::Duplicate { field: "credit_code" });
    }
    insert(conn, caller, meta, input, &area, &grids, "create")
}

/// Writes a new unit whose references were checked, with its audit entry
/// (`action` is `create`, or `import` for a row of an import file).
pub(crate) fn insert(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    input: CreateUnit,
    area: &Area,
    grids: &[Area],
    action: &str,
) -> Result<UnitDto, ApiError> {
    let now = Utc::now().naive_utc();
    let unit: Unit = diesel::insert_into(units::table)
        .values(NewUnit {
            name: input.name.trim().to_string(),
            kind: input.kind.as_str().to_string(),
            credit_code: input.credit_code,
            contact_name: input.contact_name,
            contact_phone: input.contact_phone,
            address: input.address,
            area_id: area.id,
            party_member_count: input.party_member_count,
            commitment: input.commitment,
            commitment_phone: input.commitment_phone,
            status: UnitStatus::Active.as_str().to_string(),
            version: 1,
            created_at: now,
            updated_at: now,
        })
        .get_result(conn)?;
    replace_grids(conn, unit.id, grids)?;
    let dto = to_dto(conn, unit)?;
    audit::record(
        conn,
        caller,
        meta,
        Entry {
            action,
            entity: "unit",
            entity_id: Some(dto.id),
            area_path: Some(&area.path),
            changes: Some(audit::snapshot(&dto)),
        },
    )?;
    Ok(dto)
}

/// Who may change what: `units.write` on a unit stationed in the caller's
/// subtree changes anything; a unit contact changes the profile of their own.
fn check_may_edit(caller: &Caller, unit: &Unit, unit_area: &Area, input: &UpdateUnit) -> Result<(), ApiError> {
    if caller.can(Permission::UnitsWrite) && caller.scope.contains(&unit_area.path) {
        return Ok(());
    }
    if caller.can(Permission::UnitsWriteOwn) && caller.unit_id == Some(unit.id) {
        let restricted = input.admin_fields_sent();
        if restricted.is_empty() {
            return Ok(());
        }
        return Err(ApiError::Validation(
            restricted
                .into_iter()
                .map(|f| FieldError::new(f, "not_editable", "the street or community office changes this field"))
                .collect(),
        ));
    }
    Err(ApiError::Forbidden)
}

pub fn update(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    id: i64,
    if_match: IfMatch,
    input: UpdateUnit,
) -> Result<UnitDto, ApiError> {
    let unit = find(conn, caller, id)?;
    let unit_area: Area = areas::table.find(unit.area_id).first(conn)?;
    check_may_edit(caller, &unit, &unit_area, &input)?;
    if_match.check(unit.version)?;
    let new_area = match input.area_id {
        Some(area_id) => areas_repo::find_reference(conn, &caller.scope, "area_id", area_id)?,
        None => unit_area,
    };
    if let Some(code) = input.credit_code.as_deref() {
        if credit_code_taken(conn, code, Some(id))? {
            return Err(ApiError::Duplicate { field: "credit_code" });
        }
    }
    let grids = match &input.grid_ids {
        Some(ids) => Some(served_grids(conn, caller, &distinct(ids))?),
        None => None,
    };
    let before = audit::snapshot(&to_dto(conn, unit.clone())?);
    let changes = UnitChanges {
        name: input.name.map(|n| n.trim().to_string()),
        kind: input.kind.map(|k| k.as_str().to_string()),
        credit_code: input.credit_code,
        contact_name: input.contact_name,
        contact_phone: input.contact_phone,
        address: input.address,
        area_id: input.area_id,
        party_member_count: input.party_member_count,
        commitment: input.commitment,
        commitment_phone: input.commitment_phone,
        status: input.status.map(|s| s.as_str().to_string()),
        version: Some(unit.version + 1),
        updated_at: Some(Utc::now().naive_utc()),
    };
    let updated: Unit = diesel::update(units::table.find(id)).set(&changes).get_result(conn)?;
    if let Some(grids) = grids {
        replace_grids(conn, id, &grids)?;
    }
    let dto = to_dto(conn, updated)?;
    audit::record(
        conn,
        caller,
        meta,
        Entry {
            action: "update",
            entity: "unit",
            entity_id: Some(id),
            area_path: Some(&new_area.path),
            changes: Some(audit::diff(&before, &audit::snapshot(&dto))),
        },
    )?;
    Ok(dto)
}
