use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use diesel::dsl::count_star;
use diesel::prelude::*;

use super::dto::{CreateNeed, NeedDto, NeedListQuery, PersonRef, UpdateNeed};
use super::model::{Need, NeedCategory, NeedChanges, NewNeed, Urgency};
use super::state::{self, NeedStatus};
use crate::apply_sort;
use crate::areas::model::{Area, AreaKind};
use crate::areas::repo as areas_repo;
use crate::audit::{self, Entry};
use crate::auth::caller::subtree_bounds;
use crate::auth::{AreaScope, Caller};
use crate::config::Backend;
use crate::db::schema::{areas, needs, services, users};
use crate::db::{DbBackend, DbConn};
use crate::http::etag::IfMatch;
use crate::http::list::{like_pattern, parse_sort, Page, Paging};
use crate::http::meta::RequestMeta;
use crate::http::ApiError;
use crate::services::ServiceStatus;
use crate::users::dto::AreaRef;

const SORTABLE: &[&str] = &["created_at", "updated_at", "wanted_by", "title", "id"];

/// Needs with their areas, and the people who raised them for the lists: a
/// left join on a unique key, which both databases drop from a query that
/// reads none of its columns (a count, a single need).
type Joined = diesel::dsl::IntoBoxed<
    'static,
    diesel::dsl::LeftJoinOn<
        diesel::dsl::InnerJoin<needs::table, areas::table>,
        users::table,
        diesel::dsl::Eq<users::id, needs::raised_by>,
    >,
    DbBackend,
>;

/// A need of a list, with its area and the name of who raised it.
type BoardRow = (Need, Area, Option<String>);

/// A need with its area.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub need: Need,
    pub area: Area,
}

fn within(query: Joined, prefix: &str) -> Joined {
    let (lo, hi) = subtree_bounds(prefix);
    query.filter(areas::path.ge(lo)).filter(areas::path.lt(hi))
}

/// Needs the caller can see (and, with `needs.write`, change): those of
/// areas in their subtree.
fn visible(caller: &Caller) -> Joined {
    let query =
        needs::table.inner_join(areas::table).left_join(users::table.on(users::id.eq(needs::raised_by))).into_boxed();
    match &caller.scope {
        AreaScope::Everything => query,
        AreaScope::Subtree(prefix) => within(query, prefix),
    }
}

fn load(conn: &mut DbConn, query: Joined) -> Result<Vec<Loaded>, ApiError> {
    let rows: Vec<(Need, Area)> = query.select((needs::all_columns, areas::all_columns)).load(conn)?;
    Ok(rows.into_iter().map(|(need, area)| Loaded { need, area }).collect())
}

/// A need the caller can see; 404 for one that is absent or out of reach.
pub fn find(conn: &mut DbConn, caller: &Caller, id: i64) -> Result<Loaded, ApiError> {
    load(conn, visible(caller).filter(needs::id.eq(id)).limit(1))?.pop().ok_or(ApiError::NotFound)
}

/// A need named in a request body; one the caller cannot see is "not found".
pub fn find_reference(conn: &mut DbConn, caller: &Caller, field: &str, id: i64) -> Result<Loaded, ApiError> {
    find(conn, caller, id).map_err(|e| match e {
        ApiError::NotFound => ApiError::field(field, "not_found", "no such need within your reach"),
        other => other,
    })
}

pub fn status_of(need: &Need) -> NeedStatus {
    // The CHECK constraint keeps the column to the five statuses.
    NeedStatus::parse(&need.status).unwrap_or(NeedStatus::Open)
}

pub fn person_names(conn: &mut DbConn, ids: &[i64]) -> Result<HashMap<i64, String>, ApiError> {
    Ok(users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::display_name))
        .load(conn)?
        .into_iter()
        .collect())
}

fn to_dtos(conn: &mut DbConn, rows: Vec<Loaded>, today: NaiveDate) -> Result<Vec<NeedDto>, ApiError> {
    let people: Vec<i64> = rows.iter().map(|r| r.need.raised_by).collect();
    let names = person_names(conn, &people)?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let name = names.get(&row.need.raised_by).cloned().unwrap_or_default();
            dto(row, name, today)
        })
        .collect())
}

fn dto(Loaded { need: n, area }: Loaded, raised_by_name: String, today: NaiveDate) -> NeedDto {
    let status = status_of(&n);
    NeedDto {
        id: n.id,
        area: AreaRef::from(area),
        category: NeedCategory::parse(&n.category).unwrap_or(NeedCategory::Convenience),
        title: n.title,
        description: n.description,
        beneficiary_count: n.beneficiary_count,
        beneficiaries: n.beneficiaries,
        urgency: Urgency::parse(&n.urgency).unwrap_or(Urgency::Normal),
        wanted_by: n.wanted_by,
        raised_by: PersonRef { id: n.raised_by, display_name: raised_by_name },
        status,
        close_reason: n.close_reason,
        overdue: state::overdue(status, n.wanted_by, today),
        version: n.version,
        created_at: n.created_at.and_utc(),
        updated_at: n.updated_at.and_utc(),
    }
}

pub fn to_dto(conn: &mut DbConn, row: Loaded, today: NaiveDate) -> Result<NeedDto, ApiError> {
    Ok(to_dtos(conn, vec![row], today)?.remove(0))
}

const PENDING: [&str; 3] = ["open", "matched", "in_service"];

pub fn list(
    conn: &mut DbConn,
    caller: &Caller,
    q: &NeedListQuery,
    today: NaiveDate,
) -> Result<Page<NeedDto>, ApiError> {
    let paging = Paging::new(q.page, q.page_size)?;
    let sort = parse_sort(q.sort.as_deref(), SORTABLE, "-created_at")?;
    let area = match areas_repo::area_filter(conn, &caller.scope, q.area_id)? {
        areas_repo::AreaFilter::OutOfReach => return Ok(paging.wrap(Vec::new(), 0)),
        areas_repo::AreaFilter::Subtree(path) => Some(path),
        areas_repo::AreaFilter::Anywhere => None,
    };
    let filtered = || {
        let mut query = visible(caller);
        if let Some(path) = &area {
            query = within(query, path);
        }
        if let Some(text) = q.q.as_deref().filter(|t| !t.trim().is_empty()) {
            query = query.filter(needs::title.like(like_pattern(text)).escape('\\'));
        }
        if let Some(category) = q.category {
            query = query.filter(needs::category.eq(category.as_str()));
        }
        if let Some(status) = q.status {
            query = query.filter(needs::status.eq(status.as_str()));
        }
        if let Some(urgency) = q.urgency {
            query = query.filter(needs::urgency.eq(urgency.as_str()));
        }
        match q.overdue {
            Some(true) => query = query.filter(needs::status.eq_any(PENDING)).filter(needs::wanted_by.lt(today)),
            Some(false) => {
                query = query
                    .filter(needs::status.ne_all(PENDING).or(needs::wanted_by.is_null()).or(needs::wanted_by.ge(today)))
            }
            None => {}
        }
        query
    };
    let sorted = apply_sort!(filtered(), &sort, needs::id, {
        "created_at" => needs::created_at,
        "updated_at" => needs::updated_at,
        "title" => needs::title,
        "id" => needs::id,
    }, nullable {
        "wanted_by" => needs::wanted_by,
    });
    // The names come with the page: a lookup of its own was one more round trip.
    let page = sorted.limit(paging.page_size).offset(paging.offset());
    let (need_columns, area_columns, raised_by) =
        (needs::all_columns, areas::all_columns, users::display_name.nullable());
    // On PostgreSQL a status filter sends the walk down the areas and their
    // status index, so the page and the count read the same few rows: one
    // statement counts them too (a street's open care needs: one walk and
    // one round trip instead of two of each). Without one the page is read
    // newest first and stops when full, which a count over all of it would
    // prevent (PostgreSQL then walked every need of the city for a street's
    // unfiltered board), so the count stays a query of its own. SQLite has
    // no round trip to save, and buffers a window's rows in a temporary
    // table: there a count of its own costs less.
    let count_with_page = conn.backend() == Backend::Postgres && (q.status.is_some() || q.overdue == Some(true));
    let (rows, counted): (Vec<BoardRow>, Option<i64>) = if count_with_page {
        let rows: Vec<(Need, Area, Option<String>, i64)> =
            page.select((need_columns, area_columns, raised_by, count_star().over())).load(conn)?;
        let counted = rows.first().map(|row| row.3);
        (rows.into_iter().map(|(need, area, name, _)| (need, area, name)).collect(), counted)
    } else {
        (page.select((need_columns, area_columns, raised_by)).load(conn)?, None)
    };
    let total = match paging.total_with_count(counted, rows.len()) {
        Some(total) => total,
        None => filtered().count().get_result(conn)?,
    };
    let items = rows
        .into_iter()
        .map(|(need, area, name)| dto(Loaded { need, area }, name.unwrap_or_default(), today))
        .collect();
    Ok(paging.wrap(items, total))
}

fn record(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    action: &str,
    dto: &NeedDto,
    path: &str,
    changes: serde_json::Value,
) -> Result<(), ApiError> {
    audit::record(
        conn,
        caller,
        meta,
        Entry { action, entity: "need", entity_id: Some(dto.id), area_path: Some(path), changes: Some(changes) },
    )
}

/// A community or grid in the caller's subtree: where needs are raised and
/// shelf items ordered for.
pub fn community_or_grid(conn: &mut DbConn, caller: &Caller, field: &str, id: i64) -> Result<Area, ApiError> {
    let area = areas_repo::find_reference(conn, &caller.scope, field, id)?;
    if !matches!(area.kind(), AreaKind::Community | AreaKind::Grid) {
        return Err(ApiError::field(field, "wrong_area_kind", "must be a community or a grid"));
    }
    Ok(area)
}

pub fn create(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    input: CreateNeed,
    today: NaiveDate,
) -> Result<NeedDto, ApiError> {
    let area = community_or_grid(conn, caller, "area_id", input.area_id)?;
    let now = Utc::now().naive_utc();
    let need: Need = diesel::insert_into(needs::table)
        .values(NewNeed {
            area_id: area.id,
            category: input.category.as_str().to_string(),
            title: input.title.trim().to_string(),
            description: input.description,
            beneficiary_count: input.beneficiary_count,
            beneficiaries: input.beneficiaries,
            urgency: input.urgency.unwrap_or(Urgency::Normal).as_str().to_string(),
            wanted_by: input.wanted_by,
            raised_by: caller.user_id,
            status: NeedStatus::Open.as_str().to_string(),
            close_reason: None,
            version: 1,
            created_at: now,
            updated_at: now,
        })
        .get_result(conn)?;
    let path = area.path.clone();
    let dto = to_dto(conn, Loaded { need, area }, today)?;
    record(conn, caller, meta, "create", &dto, &path, audit::snapshot(&dto))?;
    Ok(dto)
}

/// The statuses a need's services stand in now.
const LIVE_SERVICES: [&str; 3] = ["ordered", "accepted", "in_progress"];

pub fn update(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    id: i64,
    if_match: IfMatch,
    input: UpdateNeed,
    today: NaiveDate,
) -> Result<NeedDto, ApiError> {
    let current = find(conn, caller, id)?;
    if_match.check(current.need.version)?;
    state::check_pending(status_of(&current.need), "be edited")?;
    let before = audit::snapshot(&to_dto(conn, current.clone(), today)?);
    let changes = NeedChanges {
        category: input.category.map(|c| c.as_str().to_string()),
        title: input.title.map(|t| t.trim().to_string()),
        description: input.description,
        beneficiary_count: input.beneficiary_count,
        beneficiaries: input.beneficiaries,
        urgency: input.urgency.map(|u| u.as_str().to_string()),
        wanted_by: input.wanted_by,
        version: Some(current.need.version + 1),
        updated_at: Some(Utc::now().naive_utc()),
        ..Default::default()
    };
    let need: Need = diesel::update(needs::table.find(id)).set(&changes).get_result(conn)?;
    if let Some(wanted_by) = input.wanted_by {
        // Live services are due when their need is.
        diesel::update(services::table.filter(services::need_id.eq(id)).filter(services::status.eq_any(LIVE_SERVICES)))
            .set(services::wanted_by.eq(wanted_by))
            .execute(conn)?;
    }
    let path = current.area.path.clone();
    let dto = to_dto(conn, Loaded { need, area: current.area }, today)?;
    record(conn, caller, meta, "update", &dto, &path, audit::diff(&before, &audit::snapshot(&dto)))?;
    Ok(dto)
}

pub fn close(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    id: i64,
    reason: &str,
    today: NaiveDate,
) -> Result<NeedDto, ApiError> {
    let current = find(conn, caller, id)?;
    let to = state::check_close(status_of(&current.need))?;
    let before = audit::snapshot(&to_dto(conn, current.clone(), today)?);
    let changes = NeedChanges {
        status: Some(to.as_str().to_string()),
        close_reason: Some(Some(reason.trim().to_string())),
        version: Some(current.need.version + 1),
        updated_at: Some(Utc::now().naive_utc()),
        ..Default::default()
    };
    let need: Need = diesel::update(needs::table.find(id)).set(&changes).get_result(conn)?;
    let path = current.area.path.clone();
    let dto = to_dto(conn, Loaded { need, area: current.area }, today)?;
    record(conn, caller, meta, "close", &dto, &path, audit::diff(&before, &audit::snapshot(&dto)))?;
    Ok(dto)
}

/// Sets a need's status from its services after one of them changed.
pub fn follow_services(conn: &mut DbConn, need_id: i64) -> Result<(), ApiError> {
    let need: Need = needs::table.find(need_id).first(conn)?;
    let statuses: Vec<ServiceStatus> = services::table
        .filter(services::need_id.eq(need_id))
        .select(services::status)
        .load::<String>(conn)?
        .iter()
        .filter_map(|s| ServiceStatus::parse(s))
        .collect();
    let now = status_of(&need);
    let next = state::follow(now, &statuses);
    if next != now {
        diesel::update(needs::table.find(need_id))
            .set((
                needs::status.eq(next.as_str()),
                needs::version.eq(need.version + 1),
                needs::updated_at.eq(Utc::now().naive_utc()),
            ))
            .execute(conn)?;
    }
    Ok(())
}
