use std::collections::HashMap;

use chrono::Utc;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use super::availability::Availability;
use super::dto::{CreateResource, ResourceDto, ResourceListQuery, UnitRef, UpdateResource};
use super::model::{NewResource, Resource, ResourceChanges, ResourceStatus};
use crate::apply_sort;
use crate::areas::model::{path_ids, Area};
use crate::areas::repo as areas_repo;
use crate::audit::{self, Entry};
use crate::auth::{AreaScope, Caller, Permission};
use crate::db::schema::{areas, resource_areas, resources, unit_grids, units};
use crate::db::{DbBackend, DbConn};
use crate::http::etag::IfMatch;
use crate::http::list::{like_pattern, parse_sort, Page, Paging};
use crate::http::meta::RequestMeta;
use crate::http::{ApiError, FieldError};
use crate::units::model::Unit;
use crate::units::repo::{self as units_repo, areas_in};
use crate::users::dto::{AreaRef, AREA_REF_COLUMNS};

const SORTABLE: &[&str] = &["title", "category", "created_at", "updated_at", "id"];

type Boxed = resources::BoxedQuery<'static, DbBackend>;

/// Resources the caller can see: those serving an area of their subtree or
/// one above their home area (a resource for the whole street serves every
/// grid in it); a unit contact also sees all of their own unit's.
pub fn visible(caller: &Caller) -> Boxed {
    let query = resources::table.into_boxed();
    match &caller.scope {
        AreaScope::Everything => query,
        AreaScope::Subtree(prefix) => {
            let serving = resource_areas::table
                .filter(
                    resource_areas::area_id
                        .eq_any(areas_in(prefix))
                        .or(resource_areas::area_id.eq_any(path_ids(prefix))),
                )
                .select(resource_areas::resource_id);
            let mut query = query.filter(resources::id.eq_any(serving));
            if let Some(own) = caller.unit_id {
                query = query.or_filter(resources::unit_id.eq(own));
            }
            query
        }
    }
}

pub fn find(conn: &mut DbConn, caller: &Caller, id: i64) -> Result<Resource, ApiError> {
    visible(caller).filter(resources::id.eq(id)).first(conn).optional()?.ok_or(ApiError::NotFound)
}

/// A resource named in a request body; one the caller cannot see is "not found".
pub fn find_reference(conn: &mut DbConn, caller: &Caller, field: &str, id: i64) -> Result<Resource, ApiError> {
    visible(caller)
        .filter(resources::id.eq(id))
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::field(field, "not_found", "no such resource within your reach"))
}

/// The areas each resource serves, by resource id.
pub fn served_areas(conn: &mut DbConn, ids: &[i64]) -> Result<HashMap<i64, Vec<AreaRef>>, ApiError> {
    let rows: Vec<(i64, (i64, String, String, String))> = resource_areas::table
        .inner_join(areas::table)
        .filter(resource_areas::resource_id.eq_any(ids))
        .select((resource_areas::resource_id, AREA_REF_COLUMNS))
        .order(areas::code.asc())
        .load(conn)?;
    let mut by_resource: HashMap<i64, Vec<AreaRef>> = HashMap::new();
    for (resource, area) in rows {
        by_resource.entry(resource).or_default().push(AreaRef::from_row(area));
    }
    Ok(by_resource)
}

pub fn unit_names(conn: &mut DbConn, ids: &[i64]) -> Result<HashMap<i64, String>, ApiError> {
    Ok(units::table.filter(units::id.eq_any(ids)).select((units::id, units::name)).load(conn)?.into_iter().collect())
}

pub fn to_dtos(conn: &mut DbConn, rows: Vec<Resource>) -> Result<Vec<ResourceDto>, ApiError> {
    let unit_ids: Vec<i64> = rows.iter().map(|r| r.unit_id).collect();
    let names = unit_names(conn, &unit_ids)?;
    let rows = rows
        .into_iter()
        .map(|r| {
            let name = names.get(&r.unit_id).cloned().unwrap_or_default();
            (r, name)
        })
        .collect();
    named_dtos(conn, rows)
}

/// The DTOs of resources read with their units' names: only the areas they
/// serve are looked up.
pub fn named_dtos(conn: &mut DbConn, rows: Vec<(Resource, String)>) -> Result<Vec<ResourceDto>, ApiError> {
    let ids: Vec<i64> = rows.iter().map(|(r, _)| r.id).collect();
    let mut served = served_areas(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|(r, name)| {
            let unit = UnitRef { id: r.unit_id, name };
            let areas = served.remove(&r.id).unwrap_or_default();
            ResourceDto::new(r, unit, areas)
        })
        .collect())
}

pub fn to_dto(conn: &mut DbConn, row: Resource) -> Result<ResourceDto, ApiError> {
    Ok(to_dtos(conn, vec![row])?.remove(0))
}

pub fn list(conn: &mut DbConn, caller: &Caller, q: &ResourceListQuery) -> Result<Page<ResourceDto>, ApiError> {
    let paging = Paging::new(q.page, q.page_size)?;
    let sort = parse_sort(q.sort.as_deref(), SORTABLE, "-created_at")?;
    let within = match areas_repo::area_filter(conn, &caller.scope, q.area_id)? {
        areas_repo::AreaFilter::OutOfReach => return Ok(paging.wrap(Vec::new(), 0)),
        areas_repo::AreaFilter::Subtree(path) => Some(path),
        areas_repo::AreaFilter::Anywhere => None,
    };
    let filtered = || {
        let mut query = visible(caller);
        if let Some(path) = &within {
            let serving = resource_areas::table
                .filter(resource_areas::area_id.eq_any(areas_in(path)))
                .select(resource_areas::resource_id);
            query = query.filter(resources::id.eq_any(serving));
        }
        if let Some(text) = q.q.as_deref().filter(|t| !t.trim().is_empty()) {
            query = query.filter(resources::title.like(like_pattern(text)).escape('\\'));
        }
        if let Some(category) = q.category {
            query = query.filter(resources::category.eq(category.as_str()));
        }
        if let Some(status) = q.status {
            query = query.filter(resources::status.eq(status.as_str()));
        }
        if let Some(shelf) = q.shelf {
            query = query.filter(resources::shelf.eq(shelf));
        }
        if let Some(unit) = q.unit_id {
            query = query.filter(resources::unit_id.eq(unit));
        }
        query
    };
    let sorted = apply_sort!(filtered(), &sort, resources::id, {
        "title" => resources::title,
        "category" => resources::category,
        "created_at" => resources::created_at,
        "updated_at" => resources::updated_at,
        "id" => resources::id,
    });
    let rows: Vec<Resource> = sorted.limit(paging.page_size).offset(paging.offset()).load(conn)?;
    let total = match paging.total_from_page(rows.len()) {
        Some(total) => total,
        None => filtered().count().get_result(conn)?,
    };
    Ok(paging.wrap(to_dtos(conn, rows)?, total))
}

/// Whether the caller may offer and change resources of this unit: a unit
/// contact those of their own unit, staff with `resources.write` those of
/// the units they can see.
fn may_manage(conn: &mut DbConn, caller: &Caller, unit_id: i64) -> Result<bool, ApiError> {
    if caller.can(Permission::ResourcesWriteOwn) && caller.unit_id == Some(unit_id) {
        return Ok(true);
    }
    if caller.can(Permission::ResourcesWrite) {
        let seen: i64 =
            units_repo::visible(conn.backend(), caller).filter(units::id.eq(unit_id)).count().get_result(conn)?;
        return Ok(seen > 0);
    }
    Ok(false)
}

/// The unit of a new resource: a unit contact's own (the default for them),
/// or for staff one within reach; never a withdrawn one.
fn offering_unit(conn: &mut DbConn, caller: &Caller, unit_id: Option<i64>) -> Result<Unit, ApiError> {
    let unit = if caller.can(Permission::ResourcesWriteOwn) {
        let own = caller.unit_id.unwrap_or(-1);
        match unit_id {
            Some(id) if id != own => {
                return Err(ApiError::field("unit_id", "not_found", "no such unit within your reach"));
            }
            _ => units::table
                .find(own)
                .first::<Unit>(conn)
                .optional()?
                .ok_or_else(|| ApiError::field("unit_id", "not_found", "the account is bound to no unit"))?,
        }
    } else {
        let id = unit_id.ok_or_else(|| ApiError::field("unit_id", "required", "name the unit that offers it"))?;
        units_repo::find_reference(conn, caller, "unit_id", id)?
    };
    if unit.status != "active" {
        return Err(ApiError::field("unit_id", "unit_withdrawn", "the unit has withdrawn from the alliance"));
    }
    Ok(unit)
}

/// The areas a resource may serve: any in the caller's subtree, and any in
/// the unit's home area or the grids it serves, wherever those lie.
fn check_areas(conn: &mut DbConn, caller: &Caller, unit: &Unit, ids: &[i64]) -> Result<Vec<Area>, ApiError> {
    let mut ids = ids.to_vec();
    if ids.is_empty() {
        ids.push(unit.area_id);
    }
    ids.sort_unstable();
    ids.dedup();
    let mut own_roots: Vec<String> = areas::table
        .filter(areas::id.eq(unit.area_id))
        .or_filter(
            areas::id.eq_any(unit_grids::table.filter(unit_grids::unit_id.eq(unit.id)).select(unit_grids::area_id)),
        )
        .select(areas::path)
        .load(conn)?;
    own_roots.sort();
    let found: HashMap<i64, Area> =
        areas::table.filter(areas::id.eq_any(&ids)).load::<Area>(conn)?.into_iter().map(|a| (a.id, a)).collect();
    let mut errors = Vec::new();
    let mut served = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        match found.get(id) {
            Some(a) if caller.scope.contains(&a.path) || own_roots.iter().any(|r| a.path.starts_with(r.as_str())) => {
                served.push(a.clone())
            }
            _ => errors.push(FieldError::new(format!("area_ids[{i}]"), "not_found", "no such area within your reach")),
        }
    }
    if errors.is_empty() {
        Ok(served)
    } else {
        Err(ApiError::Validation(errors))
    }
}

fn replace_areas(conn: &mut DbConn, resource_id: i64, served: &[Area]) -> Result<(), ApiError> {
    diesel::delete(resource_areas::table.filter(resource_areas::resource_id.eq(resource_id))).execute(conn)?;
    // One statement per area: batch inserts do not compile through the two-backend connection.
    for area in served {
        diesel::insert_into(resource_areas::table)
            .values((resource_areas::resource_id.eq(resource_id), resource_areas::area_id.eq(area.id)))
            .execute(conn)?;
    }
    Ok(())
}

/// Where a resource's audit entries are filed: its unit's home area.
fn unit_path(conn: &mut DbConn, unit_id: i64) -> Result<String, ApiError> {
    Ok(units::table.inner_join(areas::table).filter(units::id.eq(unit_id)).select(areas::path).first(conn)?)
}

fn record(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    action: &str,
    dto: &ResourceDto,
    changes: serde_json::Value,
) -> Result<(), ApiError> {
    let path = unit_path(conn, dto.unit.id)?;
    audit::record(
        conn,
        caller,
        meta,
        Entry { action, entity: "resource", entity_id: Some(dto.id), area_path: Some(&path), changes: Some(changes) },
    )
}

/// Collects the field errors of a check, so a client learns every fault at once.
pub(crate) fn gather<T>(result: Result<T, ApiError>, errors: &mut Vec<FieldError>) -> Result<Option<T>, ApiError> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(ApiError::Validation(mut list)) => {
            errors.append(&mut list);
            Ok(None)
        }
        Err(other) => Err(other),
    }
}

pub fn create(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    input: CreateResource,
) -> Result<ResourceDto, ApiError> {
    if !(caller.can(Permission::ResourcesWrite) || caller.can(Permission::ResourcesWriteOwn)) {
        return Err(ApiError::Forbidden);
    }
    let mut errors = Vec::new();
    let availability = input.availability.unwrap_or_default();
    errors.extend(availability.check());
    let unit = gather(offering_unit(conn, caller, input.unit_id), &mut errors)?;
    let served = match &unit {
        Some(unit) => gather(check_areas(conn, caller, unit, &input.area_ids), &mut errors)?,
        None => None,
    };
    let (Some(unit), Some(served), true) = (unit, served, errors.is_empty()) else {
        return Err(ApiError::Validation(errors));
    };
    let now = Utc::now().naive_utc();
    let resource: Resource = diesel::insert_into(resources::table)
        .values(NewResource {
            unit_id: unit.id,
            category: input.category.as_str().to_string(),
            title: input.title.trim().to_string(),
            description: input.description,
            quantity: input.quantity,
            reserved: 0,
            measure: input.measure,
            availability: availability.to_stored(),
            contact_name: input.contact_name.or(unit.contact_name),
            contact_phone: input.contact_phone.or(unit.contact_phone),
            status: input.status.unwrap_or(ResourceStatus::Available).as_str().to_string(),
            shelf: input.shelf,
            version: 1,
            created_at: now,
            updated_at: now,
        })
        .get_result(conn)?;
    replace_areas(conn, resource.id, &served)?;
    let dto = to_dto(conn, resource)?;
    record(conn, caller, meta, "create", &dto, audit::snapshot(&dto))?;
    Ok(dto)
}

/// Holds the row until the transaction ends on PostgreSQL, so a quantity
/// lowered here cannot cross an accept that reserves meanwhile. SQLite
/// write transactions begin IMMEDIATE and are serial already.
pub(crate) fn lock(conn: &mut DbConn, id: i64) -> Result<(), ApiError> {
    if let DbConn::Postgres(pg) = conn {
        diesel::sql_query("SELECT id FROM resources WHERE id = $1 FOR UPDATE").bind::<BigInt, _>(id).execute(pg)?;
    }
    Ok(())
}

pub fn update(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    id: i64,
    if_match: IfMatch,
    input: UpdateResource,
) -> Result<ResourceDto, ApiError> {
    let current = find(conn, caller, id)?;
    if !may_manage(conn, caller, current.unit_id)? {
        return Err(ApiError::Forbidden);
    }
    if_match.check(current.version)?;
    lock(conn, id)?;
    let current: Resource = resources::table.find(id).first(conn)?;
    let mut errors = Vec::new();
    if let Some(a) = &input.availability {
        errors.extend(a.check());
    }
    if let Some(Some(quantity)) = input.quantity {
        if quantity < current.reserved {
            errors.push(FieldError::new(
                "quantity",
                "below_reserved",
                format!("{} are taken by accepted services", current.reserved),
            ));
        }
    }
    let served = match &input.area_ids {
        Some(ids) => {
            let unit: Unit = units::table.find(current.unit_id).first(conn)?;
            gather(check_areas(conn, caller, &unit, ids), &mut errors)?
        }
        None => None,
    };
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let before = audit::snapshot(&to_dto(conn, current.clone())?);
    let changes = ResourceChanges {
        category: input.category.map(|c| c.as_str().to_string()),
        title: input.title.map(|t| t.trim().to_string()),
        description: input.description,
        quantity: input.quantity,
        measure: input.measure,
        availability: input.availability.as_ref().map(Availability::to_stored),
        contact_name: input.contact_name,
        contact_phone: input.contact_phone,
        status: input.status.map(|s| s.as_str().to_string()),
        shelf: input.shelf,
        version: Some(current.version + 1),
        updated_at: Some(Utc::now().naive_utc()),
    };
    let updated: Resource = diesel::update(resources::table.find(id)).set(&changes).get_result(conn)?;
    if let Some(served) = served {
        replace_areas(conn, id, &served)?;
    }
    let dto = to_dto(conn, updated)?;
    record(conn, caller, meta, "update", &dto, audit::diff(&before, &audit::snapshot(&dto)))?;
    Ok(dto)
}
