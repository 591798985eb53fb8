use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, Utc};
use diesel::dsl::{sql, Eq, InnerJoin, IntoBoxed, LeftJoinOn, Nullable};
use diesel::prelude::*;
use diesel::sql_types::Integer;

use super::dto::{
    CreatePartyOrg, PartyOrgCoverage, PartyOrgDto, PartyOrgListQuery, PartyOrgNode, PartyOrgUnit, UpdatePartyOrg,
};
use super::model::{NewPartyOrg, PartyOrg, PartyOrgChanges, PartyOrgKind};
use crate::apply_sort;
use crate::areas::model::Area;
use crate::areas::repo::{self as areas_repo, AreaFilter};
use crate::audit::{self, Entry};
use crate::auth::caller::subtree_bounds;
use crate::auth::{AreaScope, Caller};
use crate::db::schema::{areas, party_orgs, units};
use crate::db::{DbBackend, DbConn};
use crate::http::etag::IfMatch;
use crate::http::list::{like_pattern, parse_sort, Page, Paging};
use crate::http::meta::RequestMeta;
use crate::http::ApiError;
use crate::units::model::Unit;
use crate::units::repo as units_repo;
use crate::users::dto::AreaRef;

const SORTABLE: &[&str] = &["name", "kind", "member_count", "founded_on", "created_at", "id"];

type InReach = IntoBoxed<'static, InnerJoin<party_orgs::table, areas::table>, DbBackend>;
type WithUnit = IntoBoxed<
    'static,
    LeftJoinOn<InnerJoin<party_orgs::table, areas::table>, units::table, Eq<Nullable<units::id>, party_orgs::unit_id>>,
    DbBackend,
>;
type Row = (PartyOrg, Area, Option<(i64, String)>);

/// An organisation is in reach when the area it is built on is: the start of
/// every party organisation query.
fn in_reach(scope: &AreaScope) -> InReach {
    let query = party_orgs::table.inner_join(areas::table).into_boxed();
    match scope {
        AreaScope::Everything => query,
        AreaScope::Subtree(prefix) => {
            let (lo, hi) = subtree_bounds(prefix);
            query.filter(areas::path.ge(lo)).filter(areas::path.lt(hi))
        }
    }
}

/// As `in_reach`, with the unit named for display. The unit is joined, not
/// filtered: an organisation in reach shows its unit's name even when the
/// unit itself is registered elsewhere.
fn scoped(scope: &AreaScope) -> WithUnit {
    let query = party_orgs::table
        .inner_join(areas::table)
        .left_join(units::table.on(units::id.nullable().eq(party_orgs::unit_id)))
        .into_boxed();
    match scope {
        AreaScope::Everything => query,
        AreaScope::Subtree(prefix) => {
            let (lo, hi) = subtree_bounds(prefix);
            query.filter(areas::path.ge(lo)).filter(areas::path.lt(hi))
        }
    }
}

fn unit_ref(u: Unit) -> PartyOrgUnit {
    PartyOrgUnit { id: u.id, name: u.name }
}

fn to_dto((org, area, unit): Row) -> PartyOrgDto {
    PartyOrgDto::new(org, AreaRef::from(area), unit.map(|(id, name)| PartyOrgUnit { id, name }))
}

/// An organisation within reach with its area and unit; 404 otherwise.
fn find_row(conn: &mut DbConn, scope: &AreaScope, id: i64) -> Result<Row, ApiError> {
    scoped(scope)
        .filter(party_orgs::id.eq(id))
        .select((party_orgs::all_columns, areas::all_columns, (units::id, units::name).nullable()))
        .first(conn)
        .optional()?
        .ok_or(ApiError::NotFound)
}

pub fn find(conn: &mut DbConn, scope: &AreaScope, id: i64) -> Result<PartyOrgDto, ApiError> {
    find_row(conn, scope, id).map(to_dto)
}

/// A parent named in a body. One the caller cannot see is reported as not
/// found, never as "forbidden", so its existence is not revealed.
fn find_parent(conn: &mut DbConn, scope: &AreaScope, id: i64) -> Result<PartyOrg, ApiError> {
    in_reach(scope)
        .filter(party_orgs::id.eq(id))
        .select(party_orgs::all_columns)
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::field("parent_id", "not_found", "no such party organisation within your reach"))
}

/// `sort=kind` follows the hierarchy, not the alphabet.
fn kind_rank() -> diesel::expression::SqlLiteral<Integer> {
    sql::<Integer>(
        "CASE party_orgs.kind WHEN 'committee' THEN 0 WHEN 'general_branch' THEN 1 WHEN 'branch' THEN 2 ELSE 3 END",
    )
}

pub fn list(conn: &mut DbConn, caller: &Caller, q: &PartyOrgListQuery) -> Result<Page<PartyOrgDto>, ApiError> {
    let paging = Paging::new(q.page, q.page_size)?;
    let sort = parse_sort(q.sort.as_deref(), SORTABLE, "name")?;
    let within = match areas_repo::area_filter(conn, &caller.scope, q.area_id)? {
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
            query = query.filter(
                party_orgs::name
                    .like(pattern.clone())
                    .escape('\\')
                    .or(party_orgs::secretary.like(pattern).escape('\\')),
            );
        }
        if let Some(kind) = q.kind {
            query = query.filter(party_orgs::kind.eq(kind.as_str()));
        }
        if let Some(unit) = q.unit_id {
            query = query.filter(party_orgs::unit_id.eq(unit));
        }
        if let Some(parent) = q.parent_id {
            query = query.filter(party_orgs::parent_id.eq(parent));
        }
        query
    };
    let total: i64 = filtered().count().get_result(conn)?;
    let query = apply_sort!(filtered(), &sort, party_orgs::id, {
        "name" => party_orgs::name,
        "kind" => kind_rank(),
        "member_count" => party_orgs::member_count,
        "created_at" => party_orgs::created_at,
        "id" => party_orgs::id,
    }, nullable {
        "founded_on" => party_orgs::founded_on,
    });
    let rows: Vec<Row> = query
        .select((party_orgs::all_columns, areas::all_columns, (units::id, units::name).nullable()))
        .limit(paging.page_size)
        .offset(paging.offset())
        .load(conn)?;
    Ok(paging.wrap(rows.into_iter().map(to_dto).collect(), total))
}

/// The organisations in reach as nested nodes. One whose parent the caller
/// cannot see (or that the `area_id` filter leaves out) is a root.
pub fn tree(conn: &mut DbConn, caller: &Caller, area_id: Option<i64>) -> Result<Vec<PartyOrgNode>, ApiError> {
    type NodeRow = (i64, String, String, Option<i64>, i64, Option<i64>, i32);
    let mut query = in_reach(&caller.scope).select((
        party_orgs::id,
        party_orgs::name,
        party_orgs::kind,
        party_orgs::parent_id,
        party_orgs::area_id,
        party_orgs::unit_id,
        party_orgs::member_count,
    ));
    match areas_repo::area_filter(conn, &caller.scope, area_id)? {
        AreaFilter::OutOfReach => return Ok(Vec::new()),
        AreaFilter::Subtree(path) => {
            let (lo, hi) = subtree_bounds(&path);
            query = query.filter(areas::path.ge(lo)).filter(areas::path.lt(hi));
        }
        AreaFilter::Anywhere => {}
    }
    let rows: Vec<NodeRow> = query.load(conn)?;
    let present: HashSet<i64> = rows.iter().map(|r| r.0).collect();
    let mut children: HashMap<Option<i64>, Vec<PartyOrgNode>> = HashMap::new();
    for (id, name, kind, parent_id, area_id, unit_id, member_count) in rows {
        let key = parent_id.filter(|p| present.contains(p));
        children.entry(key).or_default().push(PartyOrgNode {
            id,
            name,
            kind: PartyOrgKind::parse(&kind).unwrap_or(PartyOrgKind::Group),
            parent_id,
            area_id,
            unit_id,
            member_count,
            children: Vec::new(),
        });
    }
    fn attach(mut node: PartyOrgNode, children: &mut HashMap<Option<i64>, Vec<PartyOrgNode>>) -> PartyOrgNode {
        let kids = children.remove(&Some(node.id)).unwrap_or_default();
        node.children = ordered(kids.into_iter().map(|k| attach(k, children)).collect());
        node
    }
    fn ordered(mut nodes: Vec<PartyOrgNode>) -> Vec<PartyOrgNode> {
        nodes.sort_by(|a, b| (a.kind.rank(), &a.name, a.id).cmp(&(b.kind.rank(), &b.name, b.id)));
        nodes
    }
    let roots = children.remove(&None).unwrap_or_default();
    Ok(ordered(roots.into_iter().map(|r| attach(r, &mut children)).collect()))
}

/// Grids in reach (under `area_id` when given) and how many have a party
/// organisation built on the grid itself; one on a building below or a
/// community above does not count.
pub fn coverage(conn: &mut DbConn, caller: &Caller, area_id: Option<i64>) -> Result<PartyOrgCoverage, ApiError> {
    let within = match areas_repo::area_filter(conn, &caller.scope, area_id)? {
        AreaFilter::OutOfReach => return Ok(PartyOrgCoverage { grids: 0, grids_with_party_org: 0, rate: 0.0 }),
        AreaFilter::Subtree(path) => Some(path),
        AreaFilter::Anywhere => None,
    };
    let grids = || {
        let mut query = areas_repo::scoped(&caller.scope).filter(areas::kind.eq("grid"));
        if let Some(path) = &within {
            let (lo, hi) = subtree_bounds(path);
            query = query.filter(areas::path.ge(lo)).filter(areas::path.lt(hi));
        }
        query
    };
    let total: i64 = grids().count().get_result(conn)?;
    let covered: i64 =
        grids().filter(areas::id.eq_any(party_orgs::table.select(party_orgs::area_id))).count().get_result(conn)?;
    let rate = if total == 0 { 0.0 } else { covered as f64 / total as f64 };
    Ok(PartyOrgCoverage { grids: total, grids_with_party_org: covered, rate })
}

fn check_founded_on(founded_on: Option<NaiveDate>, today: NaiveDate) -> Result<(), ApiError> {
    match founded_on {
        Some(date) if date > today => Err(ApiError::field("founded_on", "in_the_future", "cannot be after today")),
        _ => Ok(()),
    }
}

fn check_rank(field: &str, kind: PartyOrgKind, parent: &PartyOrg) -> Result<(), ApiError> {
    if kind.fits_under(parent.kind()) {
        Ok(())
    } else {
        Err(ApiError::field(
            field,
            "parent_kind_mismatch",
            format!("a {} must rank below its parent, a {}", kind.as_str(), parent.kind),
        ))
    }
}

/// Whether `candidate` is `id` itself or lies under it. Ancestors are walked
/// regardless of reach: a cycle through an organisation the caller cannot
/// see is still a cycle.
fn is_self_or_descendant(conn: &mut DbConn, id: i64, candidate: &PartyOrg) -> Result<bool, ApiError> {
    let mut seen = HashSet::new();
    let mut next = Some(candidate.id);
    while let Some(current) = next {
        if current == id {
            return Ok(true);
        }
        if !seen.insert(current) {
            break;
        }
        next = party_orgs::table
            .find(current)
            .select(party_orgs::parent_id)
            .first::<Option<i64>>(conn)
            .optional()?
            .flatten();
    }
    Ok(false)
}

pub fn create(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    today: NaiveDate,
    input: CreatePartyOrg,
) -> Result<PartyOrgDto, ApiError> {
    check_founded_on(input.founded_on, today)?;
    let area = areas_repo::find_reference(conn, &caller.scope, "area_id", input.area_id)?;
    let unit = match input.unit_id {
        Some(id) => Some(units_repo::find_reference(conn, caller, "unit_id", id)?),
        None => None,
    };
    if let Some(id) = input.parent_id {
        let parent = find_parent(conn, &caller.scope, id)?;
        check_rank("parent_id", input.kind, &parent)?;
    }
    let now = Utc::now().naive_utc();
    let org: PartyOrg = diesel::insert_into(party_orgs::table)
        .values(NewPartyOrg {
            name: input.name.trim().to_string(),
            kind: input.kind.as_str().to_string(),
            parent_id: input.parent_id,
            area_id: area.id,
            unit_id: unit.as_ref().map(|u| u.id),
            secretary: input.secretary.map(|s| s.trim().to_string()),
            contact_phone: input.contact_phone,
            member_count: input.member_count.unwrap_or(0),
            founded_on: input.founded_on,
            version: 1,
            created_at: now,
            updated_at: now,
        })
        .get_result(conn)?;
    let path = area.path.clone();
    let dto = PartyOrgDto::new(org, AreaRef::from(area), unit.map(unit_ref));
    audit::record(
        conn,
        caller,
        meta,
        Entry {
            action: "create",
            entity: "party_org",
            entity_id: Some(dto.id),
            area_path: Some(&path),
            changes: Some(audit::snapshot(&dto)),
        },
    )?;
    Ok(dto)
}

pub fn update(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    today: NaiveDate,
    id: i64,
    if_match: IfMatch,
    input: UpdatePartyOrg,
) -> Result<PartyOrgDto, ApiError> {
    let (current, area, unit) = find_row(conn, &caller.scope, id)?;
    if_match.check(current.version)?;
    check_founded_on(input.founded_on.flatten(), today)?;
    let kind = input.kind.unwrap_or_else(|| current.kind());
    let parent_id = input.parent_id.unwrap_or(current.parent_id);
    let reparenting = parent_id != current.parent_id;
    if let Some(pid) = parent_id {
        if reparenting {
            let parent = find_parent(conn, &caller.scope, pid)?;
            // Checked before the ranks, which would also refuse it, so the answer names the real fault.
            if is_self_or_descendant(conn, id, &parent)? {
                return Err(ApiError::field(
                    "parent_id",
                    "would_create_cycle",
                    "an organisation cannot report to itself or to one under it",
                ));
            }
            check_rank("parent_id", kind, &parent)?;
        } else if kind != current.kind() {
            // The current parent may lie outside the caller's reach; it still bounds the kind.
            let parent: PartyOrg = party_orgs::table.find(pid).first(conn)?;
            check_rank("kind", kind, &parent)?;
        }
    }
    if kind != current.kind() {
        let child_kinds: Vec<String> =
            party_orgs::table.filter(party_orgs::parent_id.eq(id)).select(party_orgs::kind).load(conn)?;
        if let Some(child) = child_kinds.iter().filter_map(|k| PartyOrgKind::parse(k)).find(|k| !k.fits_under(kind)) {
            return Err(ApiError::field(
                "kind",
                "parent_kind_mismatch",
                format!("a {} under it would no longer rank below it", child.as_str()),
            ));
        }
    }
    let moved_to = match input.area_id {
        Some(area_id) if area_id != current.area_id => {
            Some(areas_repo::find_reference(conn, &caller.scope, "area_id", area_id)?)
        }
        _ => None,
    };
    let new_unit = match input.unit_id {
        Some(Some(unit_id)) if Some(unit_id) != current.unit_id => {
            Some(Some(unit_ref(units_repo::find_reference(conn, caller, "unit_id", unit_id)?)))
        }
        Some(None) => Some(None),
        _ => None,
    };
    let before = audit::snapshot(&to_dto((current.clone(), area.clone(), unit.clone())));
    let changes = PartyOrgChanges {
        name: input.name.map(|n| n.trim().to_string()),
        kind: input.kind.map(|k| k.as_str().to_string()),
        parent_id: input.parent_id,
        area_id: moved_to.as_ref().map(|a| a.id),
        unit_id: new_unit.as_ref().map(|u| u.as_ref().map(|u| u.id)),
        secretary: input.secretary.map(|s| s.map(|s| s.trim().to_string())),
        contact_phone: input.contact_phone,
        member_count: input.member_count,
        founded_on: input.founded_on,
        version: Some(current.version + 1),
        updated_at: Some(Utc::now().naive_utc()),
    };
    let org: PartyOrg = diesel::update(party_orgs::table.find(id)).set(&changes).get_result(conn)?;
    let moving = reparenting || moved_to.is_some();
    let area = moved_to.unwrap_or(area);
    let unit = new_unit.unwrap_or_else(|| unit.map(|(id, name)| PartyOrgUnit { id, name }));
    let path = area.path.clone();
    let dto = PartyOrgDto::new(org, AreaRef::from(area), unit);
    audit::record(
        conn,
        caller,
        meta,
        Entry {
            action: if moving { "move" } else { "update" },
            entity: "party_org",
            entity_id: Some(id),
            area_path: Some(&path),
            changes: Some(audit::diff(&before, &audit::snapshot(&dto))),
        },
    )?;
    Ok(dto)
}

pub fn delete(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    id: i64,
    if_match: IfMatch,
) -> Result<(), ApiError> {
    let row = find_row(conn, &caller.scope, id)?;
    if_match.check(row.0.version)?;
    let children: i64 = party_orgs::table.filter(party_orgs::parent_id.eq(id)).count().get_result(conn)?;
    if children > 0 {
        return Err(ApiError::StillReferenced(format!("{children} party organisation(s) report to this one")));
    }
    diesel::delete(party_orgs::table.find(id)).execute(conn)?;
    let path = row.1.path.clone();
    audit::record(
        conn,
        caller,
        meta,
        Entry {
            action: "delete",
            entity: "party_org",
            entity_id: Some(id),
            area_path: Some(&path),
            changes: Some(audit::snapshot(&to_dto(row))),
        },
    )?;
    Ok(())
}
