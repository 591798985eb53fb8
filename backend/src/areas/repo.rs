use std::collections::HashMap;

use chrono::Utc;
use diesel::prelude::*;
use diesel::sql_types::{Integer, Text};

use super::dto::{AreaDto, AreaListQuery, AreaNode, CreateArea, UpdateArea};
use super::model::{Area, AreaChanges, AreaKind, NewArea};
use crate::apply_sort;
use crate::audit::{self, Entry};
use crate::auth::caller::subtree_bounds;
use crate::auth::{AreaScope, Caller};
use crate::db::schema::{areas, users};
use crate::db::{DbBackend, DbConn};
use crate::http::etag::IfMatch;
use crate::http::list::{like_pattern, parse_sort, Page, Paging};
use crate::http::meta::RequestMeta;
use crate::http::{ApiError, FieldError};

const SORTABLE: &[&str] = &["code", "name", "kind", "depth", "created_at", "updated_at", "id"];

/// Areas inside the caller's subtree: the start of every area query.
pub fn scoped(scope: &AreaScope) -> areas::BoxedQuery<'static, DbBackend> {
    let query = areas::table.into_boxed();
    match scope {
        AreaScope::Everything => query,
        AreaScope::Subtree(prefix) => {
            let (lo, hi) = subtree_bounds(prefix);
            query.filter(areas::path.ge(lo)).filter(areas::path.lt(hi))
        }
    }
}

type IdIs = diesel::dsl::Eq<areas::id, i64>;

/// `areas.id` is one of the areas on a path: the five `=` of `on_path`.
pub type OnPath = diesel::dsl::Or<diesel::dsl::Or<diesel::dsl::Or<diesel::dsl::Or<IdIs, IdIs>, IdIs>, IdIs>, IdIs>;

/// `areas.id` is one of `ids`, an area's path (a district down to a
/// building: at most five), as five `=` with the last id repeated. SQLite
/// prepares a statement holding an `IN` list afresh each time, while one of
/// this fixed shape is prepared once.
pub fn on_path(ids: &[i64]) -> OnPath {
    debug_assert!(ids.len() <= AreaKind::ALL.len(), "a path is at most five areas deep");
    let id = |i: usize| ids.get(i).or(ids.last()).copied().unwrap_or(-1);
    areas::id.eq(id(0)).or(areas::id.eq(id(1))).or(areas::id.eq(id(2))).or(areas::id.eq(id(3))).or(areas::id.eq(id(4)))
}

/// An area the caller can see; 404 for one that is absent or outside.
pub fn find(conn: &mut DbConn, scope: &AreaScope, id: i64) -> Result<Area, ApiError> {
    scoped(scope).filter(areas::id.eq(id)).first(conn).optional()?.ok_or(ApiError::NotFound)
}

/// An area referenced from a request body (a parent, a home area). One the
/// caller cannot see is reported as not found, never as "forbidden", so its
/// existence is not revealed.
pub fn find_reference(conn: &mut DbConn, scope: &AreaScope, field: &str, id: i64) -> Result<Area, ApiError> {
    scoped(scope)
        .filter(areas::id.eq(id))
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::field(field, "not_found", "no such area within your reach"))
}

/// An `area_id` list filter, judged against the caller's reach.
pub enum AreaFilter {
    Anywhere,
    /// That area and everything under it: its path.
    Subtree(String),
    /// An area the caller cannot see: the list is empty, not an error.
    OutOfReach,
}

pub fn area_filter(conn: &mut DbConn, scope: &AreaScope, area_id: Option<i64>) -> Result<AreaFilter, ApiError> {
    let Some(id) = area_id else { return Ok(AreaFilter::Anywhere) };
    let path: Option<String> = scoped(scope).filter(areas::id.eq(id)).select(areas::path).first(conn).optional()?;
    Ok(path.map(AreaFilter::Subtree).unwrap_or(AreaFilter::OutOfReach))
}

pub fn list(conn: &mut DbConn, caller: &Caller, q: &AreaListQuery) -> Result<Page<AreaDto>, ApiError> {
    let paging = Paging::new(q.page, q.page_size)?;
    let sort = parse_sort(q.sort.as_deref(), SORTABLE, "code")?;
    let within = match area_filter(conn, &caller.scope, q.area_id)? {
        AreaFilter::OutOfReach => return Ok(paging.wrap(Vec::new(), 0)),
        AreaFilter::Subtree(path) => Some(path),
        AreaFilter::Anywhere => None,
    };
    let filtered = || {
        let mut query = scoped(&caller.scope);
        if let Some(path) = &within {
            let (lo, hi) = subtree_bounds(path);
            query = query.filter(areas::path.ge(lo)).filter(areas::path.lt(hi));
        }
        if let Some(text) = q.q.as_deref().filter(|t| !t.trim().is_empty()) {
            let pattern = like_pattern(text);
            query =
                query.filter(areas::name.like(pattern.clone()).escape('\\').or(areas::code.like(pattern).escape('\\')));
        }
        if let Some(kind) = q.kind {
            query = query.filter(areas::kind.eq(kind.as_str()));
        }
        if let Some(parent) = q.parent_id {
            query = query.filter(areas::parent_id.eq(parent));
        }
        if let Some(code) = &q.code {
            query = query.filter(areas::code.eq(code.clone()));
        }
        query
    };
    let total: i64 = filtered().count().get_result(conn)?;
    let query = apply_sort!(filtered(), &sort, areas::id, {
        "code" => areas::code,
        "name" => areas::name,
        "kind" => areas::kind,
        "depth" => areas::depth,
        "created_at" => areas::created_at,
        "updated_at" => areas::updated_at,
        "id" => areas::id,
    });
    let rows: Vec<Area> = query.limit(paging.page_size).offset(paging.offset()).load(conn)?;
    Ok(paging.wrap(rows.into_iter().map(AreaDto::from).collect(), total))
}

/// The caller's subtree as nested nodes (a forest for a system-wide admin).
pub fn tree(conn: &mut DbConn, caller: &Caller, down_to: Option<AreaKind>) -> Result<Vec<AreaNode>, ApiError> {
    type Row = (i64, String, String, String, Option<i64>);
    let mut query = scoped(&caller.scope)
        .select((areas::id, areas::code, areas::name, areas::kind, areas::parent_id))
        .order((areas::depth.asc(), areas::code.asc()));
    if let Some(kind) = down_to {
        query = query.filter(areas::depth.le(depth_of(kind)));
    }
    let rows: Vec<Row> = query.load(conn)?;
    let present: std::collections::HashSet<i64> = rows.iter().map(|r| r.0).collect();
    let mut children: HashMap<Option<i64>, Vec<Row>> = HashMap::new();
    for row in rows {
        // A node whose parent lies outside the scope is a root of the caller's forest.
        let key = row.4.filter(|p| present.contains(p));
        children.entry(key).or_default().push(row);
    }
    fn build(row: Row, children: &mut HashMap<Option<i64>, Vec<Row>>) -> AreaNode {
        let kids = children.remove(&Some(row.0)).unwrap_or_default();
        AreaNode {
            id: row.0,
            code: row.1,
            name: row.2,
            kind: AreaKind::stored(&row.3),
            parent_id: row.4,
            children: kids.into_iter().map(|k| build(k, children)).collect(),
        }
    }
    let roots = children.remove(&None).unwrap_or_default();
    Ok(roots.into_iter().map(|r| build(r, &mut children)).collect())
}

fn depth_of(kind: AreaKind) -> i32 {
    match kind {
        AreaKind::District => 0,
        AreaKind::Street => 1,
        AreaKind::Community => 2,
        AreaKind::Grid => 3,
        AreaKind::Building => 4,
    }
}

/// Code rules: districts, streets and communities carry the 12-digit
/// statistical code, a street's starting with its district's 6 digits and a
/// community's with its street's 9; grids and buildings extend their parent's code.
fn check_code(kind: AreaKind, code: &str, parent: Option<&Area>) -> Result<(), FieldError> {
    let digits = !code.is_empty() && code.bytes().all(|b| b.is_ascii_digit());
    if kind.has_statistical_code() {
        if !digits || code.len() != 12 {
            return Err(FieldError::new("code", "invalid_code", "must be the 12-digit statistical division code"));
        }
        let shared = match kind {
            AreaKind::Street => 6,
            AreaKind::Community => 9,
            _ => 0,
        };
        if let Some(parent) = parent.filter(|p| p.kind().has_statistical_code() && shared > 0) {
            if parent.code.len() >= shared && code[..shared] != parent.code[..shared] {
                return Err(FieldError::new(
                    "code",
                    "code_outside_parent",
                    format!("must begin with the parent's first {shared} digits ({})", &parent.code[..shared]),
                ));
            }
        }
        return Ok(());
    }
    if !digits || !(13..=24).contains(&code.len()) {
        return Err(FieldError::new("code", "invalid_code", "must be 13 to 24 digits extending the parent's code"));
    }
    if let Some(parent) = parent {
        if !code.starts_with(&parent.code) || code.len() == parent.code.len() {
            return Err(FieldError::new(
                "code",
                "code_outside_parent",
                format!("must extend the parent's code {}", parent.code),
            ));
        }
    }
    Ok(())
}

fn check_parent_kind(kind: AreaKind, parent: Option<&Area>) -> Result<(), ApiError> {
    match (kind.parent_kind(), parent) {
        (None, None) => Ok(()),
        (Some(expected), Some(p)) if p.kind() == expected => Ok(()),
        (None, Some(_)) => Err(ApiError::field("parent_id", "parent_kind_mismatch", "a district has no parent")),
        (Some(expected), Some(p)) => Err(ApiError::field(
            "parent_id",
            "parent_kind_mismatch",
            format!("a {} must sit under a {}, not a {}", kind.as_str(), expected.as_str(), p.kind().as_str()),
        )),
        (Some(expected), None) => Err(ApiError::field(
            "parent_id",
            "required",
            format!("a {} needs a parent {}", kind.as_str(), expected.as_str()),
        )),
    }
}

fn grid_fields_allowed(kind: AreaKind, sent: &[(&str, bool)]) -> Result<(), ApiError> {
    if kind.has_grid_fields() {
        return Ok(());
    }
    let errors: Vec<FieldError> = sent
        .iter()
        .filter(|(_, present)| *present)
        .map(|(field, _)| FieldError::new(*field, "not_applicable", "only grids and buildings carry this field"))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

fn code_taken(conn: &mut DbConn, code: &str, except: Option<i64>) -> Result<bool, ApiError> {
    let mut query = areas::table.filter(areas::code.eq(code)).select(areas::id).into_boxed();
    if let Some(id) = except {
        query = query.filter(areas::id.ne(id));
    }
    Ok(query.first::<i64>(conn).optional()?.is_some())
}

pub fn create(conn: &mut DbConn, caller: &Caller, meta: &RequestMeta, input: CreateArea) -> Result<Area, ApiError> {
    let parent = match input.parent_id {
        Some(id) => Some(find_reference(conn, &caller.scope, "parent_id", id)?),
        // A new district widens the tree itself: only for a caller who reaches everything.
        None if input.kind == AreaKind::District && caller.scope != AreaScope::Everything => {
            return Err(ApiError::Forbidden)
        }
        None => None,
    };
    check_parent_kind(input.kind, parent.as_ref())?;
    check_code(input.kind, &input.code, parent.as_ref()).map_err(|e| ApiError::Validation(vec![e]))?;
    grid_fields_allowed(
        input.kind,
        &[
            ("households", input.households.is_some()),
            ("population", input.population.is_some()),
            ("leader_name", input.leader_name.is_some()),
            ("leader_phone", input.leader_phone.is_some()),
        ],
    )?;
    if code_taken(conn, &input.code, None)? {
        return Err(ApiError::Duplicate { field: "code" });
    }
    let now = Utc::now().naive_utc();
    let inserted: Area = diesel::insert_into(areas::table)
        .values(NewArea {
            code: input.code,
            name: input.name.trim().to_string(),
            kind: input.kind.as_str().to_string(),
            parent_id: parent.as_ref().map(|p| p.id),
            // The path needs the new id; it is set right below in the same transaction.
            path: String::new(),
            depth: parent.as_ref().map(|p| p.depth + 1).unwrap_or(0),
            households: input.households,
            population: input.population,
            leader_name: input.leader_name,
            leader_phone: input.leader_phone,
            version: 1,
            created_at: now,
            updated_at: now,
        })
        .get_result(conn)?;
    let path = format!("{}{}/", parent.as_ref().map(|p| p.path.as_str()).unwrap_or("/"), inserted.id);
    let area: Area = diesel::update(areas::table.find(inserted.id)).set(areas::path.eq(&path)).get_result(conn)?;
    audit::record(
        conn,
        caller,
        meta,
        Entry {
            action: "create",
            entity: "area",
            entity_id: Some(area.id),
            area_path: Some(&area.path),
            changes: Some(audit::snapshot(&AreaDto::from(area.clone()))),
        },
    )?;
    Ok(area)
}

pub fn update(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    id: i64,
    if_match: IfMatch,
    input: UpdateArea,
) -> Result<Area, ApiError> {
    let current = find(conn, &caller.scope, id)?;
    if_match.check(current.version)?;
    let kind = current.kind();
    grid_fields_allowed(
        kind,
        &[
            ("households", input.households.is_some()),
            ("population", input.population.is_some()),
            ("leader_name", input.leader_name.is_some()),
            ("leader_phone", input.leader_phone.is_some()),
        ],
    )?;
    let moving_to = match input.parent_id {
        Some(new_parent) if Some(new_parent) != current.parent_id => {
            let parent = find_reference(conn, &caller.scope, "parent_id", new_parent)?;
            // Checked before the kinds, whose rules would also refuse it, so the answer names the real fault.
            if parent.path.starts_with(&current.path) {
                return Err(ApiError::field("parent_id", "would_create_cycle", "an area cannot move under itself"));
            }
            check_parent_kind(kind, Some(&parent))?;
            Some(parent)
        }
        _ => None,
    };
    if let Some(code) = input.code.as_deref().filter(|c| *c != current.code) {
        let parent = match &moving_to {
            Some(p) => Some(p.clone()),
            None => match current.parent_id {
                Some(pid) => areas::table.find(pid).first::<Area>(conn).optional()?,
                None => None,
            },
        };
        check_code(kind, code, parent.as_ref()).map_err(|e| ApiError::Validation(vec![e]))?;
        if code_taken(conn, code, Some(id))? {
            return Err(ApiError::Duplicate { field: "code" });
        }
    }
    let before = audit::snapshot(&AreaDto::from(current.clone()));
    if let Some(parent) = &moving_to {
        move_subtree(conn, &current, parent)?;
    }
    let changes = AreaChanges {
        code: input.code,
        name: input.name.map(|n| n.trim().to_string()),
        households: input.households,
        population: input.population,
        leader_name: input.leader_name,
        leader_phone: input.leader_phone,
        version: Some(current.version + 1),
        updated_at: Some(Utc::now().naive_utc()),
    };
    let area: Area = diesel::update(areas::table.find(id)).set(&changes).get_result(conn)?;
    audit::record(
        conn,
        caller,
        meta,
        Entry {
            action: if moving_to.is_some() { "move" } else { "update" },
            entity: "area",
            entity_id: Some(id),
            area_path: Some(&area.path),
            changes: Some(audit::diff(&before, &audit::snapshot(&AreaDto::from(area.clone())))),
        },
    )?;
    Ok(area)
}

/// Re-roots `area` and everything under it below `parent`: one statement
/// rewrites every path prefix and depth in the subtree.
fn move_subtree(conn: &mut DbConn, area: &Area, parent: &Area) -> Result<(), ApiError> {
    let new_path = format!("{}{}/", parent.path, area.id);
    let (lo, hi) = subtree_bounds(&area.path);
    diesel::sql_query(
        "UPDATE areas SET path = $1 || substr(path, $2), depth = depth + $3 WHERE path >= $4 AND path < $5",
    )
    .bind::<Text, _>(&new_path)
    .bind::<Integer, _>(area.path.len() as i32 + 1)
    .bind::<Integer, _>(parent.depth + 1 - area.depth)
    .bind::<Text, _>(&lo)
    .bind::<Text, _>(&hi)
    .execute(conn)?;
    diesel::update(areas::table.find(area.id)).set(areas::parent_id.eq(parent.id)).execute(conn)?;
    Ok(())
}

pub fn delete(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    id: i64,
    if_match: IfMatch,
) -> Result<(), ApiError> {
    let area = find(conn, &caller.scope, id)?;
    if_match.check(area.version)?;
    let children: i64 = areas::table.filter(areas::parent_id.eq(id)).count().get_result(conn)?;
    if children > 0 {
        return Err(ApiError::StillReferenced(format!("{children} area(s) lie under this one")));
    }
    let accounts: i64 = users::table.filter(users::area_id.eq(id)).count().get_result(conn)?;
    if accounts > 0 {
        return Err(ApiError::StillReferenced(format!("{accounts} account(s) have this as their home area")));
    }
    diesel::delete(areas::table.find(id)).execute(conn)?;
    audit::record(
        conn,
        caller,
        meta,
        Entry {
            action: "delete",
            entity: "area",
            entity_id: Some(id),
            area_path: Some(&area.path.clone()),
            changes: Some(audit::snapshot(&AreaDto::from(area))),
        },
    )?;
    Ok(())
}
