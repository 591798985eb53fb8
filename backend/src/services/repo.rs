use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use diesel::prelude::*;

use super::dto::{
    CreateService, DeliverService, Delivery, Rating, ServiceDto, ServiceFilters, ServiceListQuery, ServiceNeed,
    ServiceResource, TimelineEntry,
};
use super::model::{Event, NewEvent, NewService, Service, ServiceChanges, ServiceKind};
use super::record::{self, UnitRecord};
use super::state::{self, ServiceAction, ServiceStatus, Side};
use crate::apply_sort;
use crate::areas::model::Area;
use crate::audit::{self, Entry};
use crate::auth::{AreaScope, Caller, Permission, Role};
use crate::db::schema::{areas, needs, resources, service_events, services, unit_grids, units};
use crate::db::{DbBackend, DbConn};
use crate::http::list::{in_batches, like_pattern, parse_sort, Page, Paging, SortKey};
use crate::http::meta::RequestMeta;
use crate::http::{ApiError, FieldError};
use crate::needs::dto::PersonRef;
use crate::needs::repo as needs_repo;
use crate::needs::NeedCategory;
use crate::resources::dto::UnitRef;
use crate::resources::model::{Resource, ResourceStatus};
use crate::resources::repo as resources_repo;
use crate::resources::ResourceCategory;
use crate::units::repo::{self as units_repo, areas_in};
use crate::users::dto::AreaRef;

const SORTABLE: &[&str] = &["created_at", "updated_at", "wanted_by", "id"];

type Boxed = services::BoxedQuery<'static, DbBackend>;

/// A service with its ordering area.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub service: Service,
    pub area: Area,
}

impl Loaded {
    pub fn status(&self) -> ServiceStatus {
        // The CHECK constraint keeps the column to the seven statuses.
        ServiceStatus::parse(&self.service.status).unwrap_or(ServiceStatus::Cancelled)
    }
}

/// Services the caller can see: a unit contact those of their unit; staff
/// those ordered by areas of their subtree, and (with `services.fulfil`)
/// those of the units they can see.
fn visible(caller: &Caller) -> Boxed {
    let query = services::table.into_boxed();
    if caller.role == Role::UnitContact {
        return query.filter(services::unit_id.eq(caller.unit_id.unwrap_or(-1)));
    }
    match &caller.scope {
        AreaScope::Everything => query,
        AreaScope::Subtree(prefix) => {
            let ordered_here = services::area_id.eq_any(areas_in(prefix));
            if caller.can(Permission::ServicesFulfil) {
                let stationed = units::table.filter(units::area_id.eq_any(areas_in(prefix))).select(units::id);
                let serving =
                    unit_grids::table.filter(unit_grids::area_id.eq_any(areas_in(prefix))).select(unit_grids::unit_id);
                query.filter(ordered_here.or(services::unit_id.eq_any(stationed)).or(services::unit_id.eq_any(serving)))
            } else {
                query.filter(ordered_here)
            }
        }
    }
}

fn load(conn: &mut DbConn, query: Boxed) -> Result<Vec<Loaded>, ApiError> {
    let rows: Vec<Service> = query.load(conn)?;
    let area_ids: Vec<i64> = rows.iter().map(|s| s.area_id).collect();
    let found: HashMap<i64, Area> =
        areas::table.filter(areas::id.eq_any(&area_ids)).load::<Area>(conn)?.into_iter().map(|a| (a.id, a)).collect();
    rows.into_iter()
        .map(|service| {
            let area =
                found.get(&service.area_id).cloned().ok_or_else(|| ApiError::internal("service without its area"))?;
            Ok(Loaded { service, area })
        })
        .collect()
}

/// A service the caller can see; 404 for one that is absent or out of reach.
pub fn find(conn: &mut DbConn, caller: &Caller, id: i64) -> Result<Loaded, ApiError> {
    load(conn, visible(caller).filter(services::id.eq(id)).limit(1))?.pop().ok_or(ApiError::NotFound)
}

fn to_dtos(conn: &mut DbConn, rows: Vec<Loaded>, today: NaiveDate) -> Result<Vec<ServiceDto>, ApiError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.service.id).collect();
    let need_ids: Vec<i64> = rows.iter().filter_map(|r| r.service.need_id).collect();
    let resource_ids: Vec<i64> = rows.iter().map(|r| r.service.resource_id).collect();
    let unit_ids: Vec<i64> = rows.iter().map(|r| r.service.unit_id).collect();
    let needs: HashMap<i64, (String, String)> = needs::table
        .filter(needs::id.eq_any(&need_ids))
        .select((needs::id, (needs::title, needs::category)))
        .load(conn)?
        .into_iter()
        .collect();
    let resources: HashMap<i64, Resource> = resources::table
        .filter(resources::id.eq_any(&resource_ids))
        .load::<Resource>(conn)?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let unit_names = resources_repo::unit_names(conn, &unit_ids)?;
    let events: Vec<Event> = service_events::table
        .filter(service_events::service_id.eq_any(&ids))
        .order(service_events::id.asc())
        .load(conn)?;
    let mut people: Vec<i64> = rows.iter().map(|r| r.service.ordered_by).collect();
    people.extend(events.iter().filter_map(|e| e.actor_id));
    let names = needs_repo::person_names(conn, &people)?;
    let person = |id: i64| PersonRef { id, display_name: names.get(&id).cloned().unwrap_or_default() };
    let mut timelines: HashMap<i64, Vec<TimelineEntry>> = HashMap::new();
    for e in events {
        let Some(to) = ServiceStatus::parse(&e.to_status) else { continue };
        timelines.entry(e.service_id).or_default().push(TimelineEntry {
            at: e.at.and_utc(),
            actor: e.actor_id.map(|id| PersonRef {
                id,
                display_name: e.actor_name.clone().or_else(|| names.get(&id).cloned()).unwrap_or_default(),
            }),
            action: ServiceAction::parse(&e.action).unwrap_or(ServiceAction::Order),
            from: e.from_status.as_deref().and_then(ServiceStatus::parse),
            to,
            reason: e.reason,
        });
    }
    rows.into_iter()
        .map(|row| {
            let status = row.status();
            let s = row.service;
            let r = resources.get(&s.resource_id).ok_or_else(|| ApiError::internal("service without its resource"))?;
            Ok(ServiceDto {
                id: s.id,
                kind: ServiceKind::parse(&s.kind).unwrap_or(ServiceKind::ShelfOrder),
                status,
                need: s.need_id.and_then(|id| {
                    needs.get(&id).map(|(title, category)| ServiceNeed {
                        id,
                        title: title.clone(),
                        category: NeedCategory::parse(category).unwrap_or(NeedCategory::Convenience),
                    })
                }),
                resource: ServiceResource {
                    id: r.id,
                    title: r.title.clone(),
                    category: ResourceCategory::parse(&r.category).unwrap_or(ResourceCategory::Other),
                    measure: r.measure.clone(),
                    shelf: r.shelf,
                },
                unit: UnitRef { id: s.unit_id, name: unit_names.get(&s.unit_id).cloned().unwrap_or_default() },
                area: AreaRef::from(row.area),
                quantity: s.quantity,
                wanted_by: s.wanted_by,
                note: s.note,
                overdue: state::overdue(status, s.wanted_by, today),
                reason: s.reason,
                delivery: s.delivered_on.map(|delivered_on| Delivery {
                    delivered_on,
                    participants: s.participants,
                    beneficiaries_reached: s.beneficiaries_reached,
                    notes: s.delivery_notes.clone(),
                    photo_urls: s.photo_urls.as_deref().and_then(|p| serde_json::from_str(p).ok()).unwrap_or_default(),
                }),
                rating: match (s.rating, s.rated_at) {
                    (Some(score), Some(at)) => {
                        Some(Rating { score, comment: s.rating_comment.clone(), rated_at: at.and_utc() })
                    }
                    _ => None,
                },
                ordered_by: person(s.ordered_by),
                timeline: timelines.remove(&s.id).unwrap_or_default(),
                version: s.version,
                created_at: s.created_at.and_utc(),
                updated_at: s.updated_at.and_utc(),
            })
        })
        .collect()
}

pub fn to_dto(conn: &mut DbConn, row: Loaded, today: NaiveDate) -> Result<ServiceDto, ApiError> {
    Ok(to_dtos(conn, vec![row], today)?.remove(0))
}

const UNDERWAY: [&str; 2] = ["accepted", "in_progress"];

/// The services a list or an export shows: those in reach, narrowed by the
/// filters, in the order asked for. Built anew for each query it runs.
struct Selection<'a> {
    caller: &'a Caller,
    filters: &'a ServiceFilters,
    within: Option<String>,
    sort: Vec<SortKey>,
    today: NaiveDate,
}

impl Selection<'_> {
    fn filtered(&self) -> Boxed {
        let q = self.filters;
        let mut query = visible(self.caller);
        if let Some(path) = &self.within {
            query = query.filter(services::area_id.eq_any(areas_in(path)));
        }
        if let Some(text) = q.q.as_deref().filter(|t| !t.trim().is_empty()) {
            let titled =
                resources::table.filter(resources::title.like(like_pattern(text)).escape('\\')).select(resources::id);
            query = query.filter(services::resource_id.eq_any(titled));
        }
        if let Some(status) = q.status {
            query = query.filter(services::status.eq(status.as_str()));
        }
        if let Some(kind) = q.kind {
            query = query.filter(services::kind.eq(kind.as_str()));
        }
        if let Some(unit) = q.unit_id {
            query = query.filter(services::unit_id.eq(unit));
        }
        if let Some(need) = q.need_id {
            query = query.filter(services::need_id.eq(need));
        }
        if let Some(resource) = q.resource_id {
            query = query.filter(services::resource_id.eq(resource));
        }
        let today = self.today;
        match q.overdue {
            Some(true) => query = query.filter(services::status.eq_any(UNDERWAY)).filter(services::wanted_by.lt(today)),
            Some(false) => {
                query = query.filter(
                    services::status
                        .ne_all(UNDERWAY)
                        .or(services::wanted_by.is_null())
                        .or(services::wanted_by.ge(today)),
                )
            }
            None => {}
        }
        query
    }

    fn sorted(&self) -> Boxed {
        apply_sort!(self.filtered(), &self.sort, services::id, {
            "created_at" => services::created_at,
            "updated_at" => services::updated_at,
            "id" => services::id,
        }, nullable {
            "wanted_by" => services::wanted_by,
        })
    }
}

/// Checks the sort and the area filter; `None` when the area filter lies out
/// of reach, which selects nothing.
fn select<'a>(
    conn: &mut DbConn,
    caller: &'a Caller,
    filters: &'a ServiceFilters,
    today: NaiveDate,
) -> Result<Option<Selection<'a>>, ApiError> {
    let sort = parse_sort(filters.sort.as_deref(), SORTABLE, "-created_at")?;
    let within = match crate::areas::repo::area_filter(conn, &caller.scope, filters.area_id)? {
        crate::areas::repo::AreaFilter::OutOfReach => return Ok(None),
        crate::areas::repo::AreaFilter::Subtree(path) => Some(path),
        crate::areas::repo::AreaFilter::Anywhere => None,
    };
    Ok(Some(Selection { caller, filters, within, sort, today }))
}

pub fn list(
    conn: &mut DbConn,
    caller: &Caller,
    q: &ServiceListQuery,
    today: NaiveDate,
) -> Result<Page<ServiceDto>, ApiError> {
    let paging = Paging::new(q.page, q.page_size)?;
    let filters = q.filters();
    let Some(selection) = select(conn, caller, &filters, today)? else { return Ok(paging.wrap(Vec::new(), 0)) };
    let rows = load(conn, selection.sorted().limit(paging.page_size).offset(paging.offset()))?;
    let total = match paging.total_from_page(rows.len()) {
        Some(total) => total,
        None => selection.filtered().count().get_result(conn)?,
    };
    Ok(paging.wrap(to_dtos(conn, rows, today)?, total))
}

/// Every service the list would show for these filters, `batch` at a time,
/// so an export of any size holds one batch in memory.
pub fn for_each_batch(
    conn: &mut DbConn,
    caller: &Caller,
    filters: &ServiceFilters,
    today: NaiveDate,
    batch: i64,
    each: impl FnMut(Vec<ServiceDto>) -> Result<(), ApiError>,
) -> Result<(), ApiError> {
    let Some(selection) = select(conn, caller, filters, today)? else { return Ok(()) };
    in_batches(
        batch,
        |limit, offset| {
            let rows = load(conn, selection.sorted().limit(limit).offset(offset))?;
            to_dtos(conn, rows, today)
        },
        each,
    )
}

/// What the audit trail keeps of a service: the timeline has its own table.
fn snapshot(dto: &ServiceDto) -> serde_json::Value {
    let mut value = audit::snapshot(dto);
    if let Some(fields) = value.as_object_mut() {
        fields.remove("timeline");
    }
    value
}

fn record(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    action: &str,
    dto: &ServiceDto,
    path: &str,
    changes: serde_json::Value,
) -> Result<(), ApiError> {
    audit::record(
        conn,
        caller,
        meta,
        Entry { action, entity: "service", entity_id: Some(dto.id), area_path: Some(path), changes: Some(changes) },
    )
}

fn add_event(
    conn: &mut DbConn,
    caller: &Caller,
    service_id: i64,
    action: ServiceAction,
    from: Option<ServiceStatus>,
    to: ServiceStatus,
    reason: Option<String>,
) -> Result<(), ApiError> {
    let name: Option<String> = crate::db::schema::users::table
        .find(caller.user_id)
        .select(crate::db::schema::users::display_name)
        .first(conn)
        .optional()?;
    diesel::insert_into(service_events::table)
        .values(NewEvent {
            service_id,
            at: Utc::now().naive_utc(),
            actor_id: Some(caller.user_id),
            actor_name: name,
            action: action.as_str().to_string(),
            from_status: from.map(|s| s.as_str().to_string()),
            to_status: to.as_str().to_string(),
            reason,
        })
        .execute(conn)?;
    Ok(())
}

/// The resource of a new service: within reach, available, of a unit still
/// in the alliance, and on the shelf when ordered directly.
fn ordered_resource(conn: &mut DbConn, caller: &Caller, id: i64, shelf_order: bool) -> Result<Resource, ApiError> {
    let resource = resources_repo::find_reference(conn, caller, "resource_id", id)?;
    if resource.status != ResourceStatus::Available.as_str() {
        return Err(ApiError::field("resource_id", "resource_unavailable", "the resource is not available now"));
    }
    if shelf_order && !resource.shelf {
        return Err(ApiError::field("resource_id", "not_on_shelf", "order only what is on the shelf, or match a need"));
    }
    let unit_status: String = units::table.find(resource.unit_id).select(units::status).first(conn)?;
    if unit_status != "active" {
        return Err(ApiError::field("resource_id", "unit_withdrawn", "the unit has withdrawn from the alliance"));
    }
    Ok(resource)
}

/// Proposes a resource for a need, or orders a shelf item.
pub fn create(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    input: CreateService,
    today: NaiveDate,
) -> Result<ServiceDto, ApiError> {
    use resources_repo::gather;
    let mut errors = Vec::new();
    let (kind, area, wanted_by, need_id) = match input.need_id {
        Some(need_id) => {
            for (field, sent) in [("area_id", input.area_id.is_some()), ("wanted_by", input.wanted_by.is_some())] {
                if sent {
                    errors.push(FieldError::new(field, "not_applicable", "a match takes the area and day of its need"));
                }
            }
            match gather(needs_repo::find_reference(conn, caller, "need_id", need_id), &mut errors)? {
                Some(need) => {
                    crate::needs::state::check_pending(needs_repo::status_of(&need.need), "take a new service")?;
                    (ServiceKind::NeedMatch, Some(need.area), need.need.wanted_by, Some(need_id))
                }
                None => (ServiceKind::NeedMatch, None, None, Some(need_id)),
            }
        }
        None => {
            let area = match input.area_id {
                Some(id) => gather(needs_repo::community_or_grid(conn, caller, "area_id", id), &mut errors)?,
                None => {
                    errors.push(FieldError::new("area_id", "required", "name the ordering community or grid"));
                    None
                }
            };
            (ServiceKind::ShelfOrder, area, input.wanted_by, None)
        }
    };
    let resource =
        gather(ordered_resource(conn, caller, input.resource_id, kind == ServiceKind::ShelfOrder), &mut errors)?;
    let (Some(area), Some(resource), true) = (area, resource, errors.is_empty()) else {
        return Err(ApiError::Validation(errors));
    };
    let now = Utc::now().naive_utc();
    let service: Service = diesel::insert_into(services::table)
        .values(NewService {
            kind: kind.as_str().to_string(),
            need_id,
            resource_id: resource.id,
            unit_id: resource.unit_id,
            area_id: area.id,
            quantity: input.quantity.unwrap_or(1),
            wanted_by,
            note: input.note,
            status: ServiceStatus::Ordered.as_str().to_string(),
            ordered_by: caller.user_id,
            version: 1,
            created_at: now,
            updated_at: now,
        })
        .get_result(conn)?;
    add_event(conn, caller, service.id, ServiceAction::Order, None, ServiceStatus::Ordered, None)?;
    if let Some(need) = need_id {
        needs_repo::follow_services(conn, need)?;
    }
    let path = area.path.clone();
    let dto = to_dto(conn, Loaded { service, area }, today)?;
    record(conn, caller, meta, "create", &dto, &path, snapshot(&dto))?;
    Ok(dto)
}

/// The giving side: a unit contact for their own unit; staff with
/// `services.fulfil` for the units they can see (a unit without an account
/// of its own takes orders through the community office).
fn on_unit_side(conn: &mut DbConn, caller: &Caller, s: &Service) -> Result<bool, ApiError> {
    if !caller.can(Permission::ServicesFulfil) {
        return Ok(false);
    }
    if caller.role == Role::UnitContact {
        return Ok(caller.unit_id == Some(s.unit_id));
    }
    let seen: i64 =
        units_repo::visible(conn.backend(), caller).filter(units::id.eq(s.unit_id)).count().get_result(conn)?;
    Ok(seen > 0)
}

/// The ordering side: staff whose subtree holds the ordering area.
fn on_community_side(caller: &Caller, row: &Loaded, permission: Permission) -> bool {
    caller.can(permission) && caller.scope.contains(&row.area.path)
}

fn authorize(conn: &mut DbConn, caller: &Caller, row: &Loaded, action: ServiceAction) -> Result<(), ApiError> {
    let allowed = match action.side() {
        Side::Unit => on_unit_side(conn, caller, &row.service)?,
        Side::Community => on_community_side(caller, row, Permission::ServicesRate),
        Side::Either => {
            on_community_side(caller, row, Permission::ServicesOrder) || on_unit_side(conn, caller, &row.service)?
        }
    };
    if allowed {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

/// What an action carries beyond its name.
pub enum Payload {
    None,
    Reason(String),
    Deliver(DeliverService),
    Rate { score: i32, comment: Option<String> },
}

fn check_delivery(d: &DeliverService, today: NaiveDate) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    if d.delivered_on > today {
        errors.push(FieldError::new("delivered_on", "in_the_future", "cannot lie after today"));
    }
    for (i, url) in d.photo_urls.iter().enumerate() {
        let ok = (url.starts_with("https://") || url.starts_with("http://"))
            && url.len() <= 1000
            && !url.chars().any(char::is_whitespace);
        if !ok {
            errors.push(FieldError::new(format!("photo_urls[{i}]"), "invalid_url", "an http(s) address"));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// Takes `n` of a resource, unless less than `n` remains: one conditional
/// statement, so concurrent accepts never take more than there is.
fn reserve(conn: &mut DbConn, resource_id: i64, n: i32) -> Result<(), ApiError> {
    let taken = diesel::update(
        resources::table
            .filter(resources::id.eq(resource_id))
            .filter(resources::quantity.is_null().or(resources::quantity.ge((resources::reserved + n).nullable()))),
    )
    .set(resources::reserved.eq(resources::reserved + n))
    .execute(conn)?;
    if taken == 0 {
        let (quantity, reserved): (Option<i32>, i32) =
            resources::table.find(resource_id).select((resources::quantity, resources::reserved)).first(conn)?;
        let remaining = quantity.unwrap_or(0) - reserved;
        return Err(ApiError::Conflict(
            "insufficient_quantity",
            format!("{} remain of the resource; the service takes {n}", remaining.max(0)),
        ));
    }
    Ok(())
}

/// Gives back what a cancelled service had taken.
fn release(conn: &mut DbConn, resource_id: i64, n: i32) -> Result<(), ApiError> {
    diesel::update(resources::table.filter(resources::id.eq(resource_id)).filter(resources::reserved.ge(n)))
        .set(resources::reserved.eq(resources::reserved - n))
        .execute(conn)?;
    Ok(())
}

/// Takes an action on a service: checks who may, from which status, then
/// changes the row only if its status is still the one read, moves the
/// resource's quantity, writes the timeline entry, lets the need follow and
/// records the audit entry, all in the caller's transaction.
pub fn act(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    id: i64,
    action: ServiceAction,
    payload: Payload,
    today: NaiveDate,
) -> Result<ServiceDto, ApiError> {
    let current = find(conn, caller, id)?;
    authorize(conn, caller, &current, action)?;
    let from = current.status();
    let to = state::transition(from, action)?;
    let s = &current.service;
    let mut changes = ServiceChanges {
        status: Some(to.as_str().to_string()),
        version: Some(s.version + 1),
        updated_at: Some(Utc::now().naive_utc()),
        ..Default::default()
    };
    let mut reason = None;
    let mut rating = None;
    match payload {
        Payload::None => {}
        Payload::Reason(text) => {
            let text = text.trim().to_string();
            changes.reason = Some(Some(text.clone()));
            reason = Some(text);
        }
        Payload::Deliver(d) => {
            check_delivery(&d, today)?;
            changes.delivered_on = Some(Some(d.delivered_on));
            changes.participants = Some(d.participants);
            changes.beneficiaries_reached = Some(d.beneficiaries_reached);
            changes.delivery_notes = Some(d.notes);
            changes.photo_urls = Some(Some(serde_json::to_string(&d.photo_urls).unwrap_or_else(|_| "[]".into())));
        }
        Payload::Rate { score, comment } => {
            rating = Some(score);
            changes.rating = Some(Some(score));
            changes.rating_comment = Some(comment);
            changes.rated_at = Some(Some(Utc::now().naive_utc()));
        }
    }
    let before = snapshot(&to_dto(conn, current.clone(), today)?);
    // Only from the status read: of two requests on one service, the second finds it moved on.
    let changed =
        diesel::update(services::table.filter(services::id.eq(id)).filter(services::status.eq(from.as_str())))
            .set(&changes)
            .execute(conn)?;
    if changed == 0 {
        return Err(ApiError::Conflict("invalid_transition", "the service changed meanwhile; read it again".into()));
    }
    match (from.holds_quantity(), to.holds_quantity()) {
        (false, true) => reserve(conn, s.resource_id, s.quantity)?,
        (true, false) => release(conn, s.resource_id, s.quantity)?,
        _ => {}
    }
    record::add(conn, s.unit_id, UnitRecord::change(from, to, rating))?;
    add_event(conn, caller, id, action, Some(from), to, reason)?;
    if let Some(need) = s.need_id {
        needs_repo::follow_services(conn, need)?;
    }
    let loaded =
        load(conn, services::table.into_boxed().filter(services::id.eq(id)))?.pop().ok_or(ApiError::NotFound)?;
    let path = loaded.area.path.clone();
    let dto = to_dto(conn, loaded, today)?;
    record(conn, caller, meta, action.as_str(), &dto, &path, audit::diff(&before, &snapshot(&dto)))?;
    Ok(dto)
}
