use std::collections::HashMap;

use chrono::{Duration, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use super::dto::{
    AgreementCommunity, AgreementDto, AgreementFilters, AgreementListQuery, AgreementMember, AgreementUnit,
    CreateAgreement, RenewAgreement, UpdateAgreement,
};
use super::model::{Agreement, AgreementChanges, Member, NewAgreement, NewMember};
use super::state::{self, Action, AgreementStatus};
use crate::apply_sort;
use crate::areas::model::{Area, AreaKind};
use crate::areas::repo as areas_repo;
use crate::audit::{self, Entry};
use crate::auth::caller::subtree_bounds;
use crate::auth::{AreaScope, Caller, Role};
use crate::db::schema::{agreement_members, agreements, areas, units};
use crate::db::{DbBackend, DbConn};
use crate::http::etag::IfMatch;
use crate::http::list::{in_batches, like_pattern, parse_sort, Page, Paging, SortKey};
use crate::http::meta::RequestMeta;
use crate::http::{ApiError, FieldError};
use crate::units::model::Unit;
use crate::units::repo as units_repo;

const SORTABLE: &[&str] = &["starts_on", "ends_on", "signed_on", "created_at", "id"];

/// The longest look-ahead `expiring_within_days` takes: ten years.
const MAX_EXPIRING_WITHIN_DAYS: i64 = 3650;

type Joined = diesel::dsl::IntoBoxed<
    'static,
    diesel::dsl::InnerJoin<diesel::dsl::InnerJoin<agreements::table, units::table>, areas::table>,
    DbBackend,
>;

/// An agreement with its unit and its community (`areas` joins on `community_id`).
type Row = (Agreement, (i64, String, String), (i64, String, String, String));

/// An agreement as loaded, with what its DTO and audit entries need.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub agreement: Agreement,
    pub unit: AgreementUnit,
    pub community: AgreementCommunity,
    /// Where the agreement's audit entries are filed.
    pub community_path: String,
}

impl From<Row> for Loaded {
    fn from((agreement, unit, community): Row) -> Self {
        Loaded {
            agreement,
            unit: AgreementUnit { id: unit.0, name: unit.1, credit_code: unit.2 },
            community: AgreementCommunity { id: community.0, code: community.1, name: community.2 },
            community_path: community.3,
        }
    }
}

fn joined() -> Joined {
    agreements::table.inner_join(units::table).inner_join(areas::table).into_boxed()
}

fn in_subtree(query: Joined, scope: &AreaScope) -> Joined {
    match scope {
        AreaScope::Everything => query,
        AreaScope::Subtree(prefix) => {
            let (lo, hi) = subtree_bounds(prefix);
            query.filter(areas::path.ge(lo)).filter(areas::path.lt(hi))
        }
    }
}

/// Agreements the caller may read: those of communities in their subtree;
/// for a unit contact, only their own unit's, wherever the community lies.
fn visible(caller: &Caller) -> Joined {
    if caller.role == Role::UnitContact {
        // A contact not yet bound to a unit sees none.
        return joined().filter(agreements::unit_id.eq(caller.unit_id.unwrap_or(-1)));
    }
    in_subtree(joined(), &caller.scope)
}

/// Agreements the caller may change: those of communities in their subtree.
fn writable(caller: &Caller) -> Joined {
    in_subtree(joined(), &caller.scope)
}

fn load(conn: &mut DbConn, query: Joined) -> Result<Vec<Loaded>, ApiError> {
    let rows: Vec<Row> = query
        .select((
            agreements::all_columns,
            (units::id, units::name, units::credit_code),
            (areas::id, areas::code, areas::name, areas::path),
        ))
        .load(conn)?;
    Ok(rows.into_iter().map(Loaded::from).collect())
}

fn first(conn: &mut DbConn, query: Joined, id: i64) -> Result<Loaded, ApiError> {
    load(conn, query.filter(agreements::id.eq(id)).limit(1))?.pop().ok_or(ApiError::NotFound)
}

/// An agreement the caller can see; 404 for one that is absent or out of reach.
pub fn find(conn: &mut DbConn, caller: &Caller, id: i64) -> Result<Loaded, ApiError> {
    first(conn, visible(caller), id)
}

fn find_writable(conn: &mut DbConn, caller: &Caller, id: i64) -> Result<Loaded, ApiError> {
    first(conn, writable(caller), id)
}

/// Agreements whose status today is `status`: the stored status, with active
/// ones past their last day counted as expired.
fn with_status(query: Joined, status: AgreementStatus, today: NaiveDate) -> Joined {
    let active = AgreementStatus::Active.as_str();
    match status {
        AgreementStatus::Active => query.filter(agreements::status.eq(active)).filter(agreements::ends_on.ge(today)),
        AgreementStatus::Expired => query.filter(
            agreements::status
                .eq(AgreementStatus::Expired.as_str())
                .or(agreements::status.eq(active).and(agreements::ends_on.lt(today))),
        ),
        other => query.filter(agreements::status.eq(other.as_str())),
    }
}

fn to_dtos(conn: &mut DbConn, rows: Vec<Loaded>, today: NaiveDate) -> Result<Vec<AgreementDto>, ApiError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.agreement.id).collect();
    let members: Vec<Member> = agreement_members::table
        .filter(agreement_members::agreement_id.eq_any(&ids))
        .order(agreement_members::id.asc())
        .load(conn)?;
    let mut by_agreement: HashMap<i64, Vec<AgreementMember>> = HashMap::new();
    for m in members {
        by_agreement.entry(m.agreement_id).or_default().push(m.into());
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let a = r.agreement;
            AgreementDto {
                status: state::effective(&a.status, a.ends_on, today),
                members: by_agreement.remove(&a.id).unwrap_or_default(),
                id: a.id,
                unit: r.unit,
                community: r.community,
                starts_on: a.starts_on,
                ends_on: a.ends_on,
                signed_on: a.signed_on,
                unit_duties: a.unit_duties,
                community_duties: a.community_duties,
                termination_reason: a.termination_reason,
                renewed_from_id: a.renewed_from_id,
                version: a.version,
                created_at: a.created_at.and_utc(),
                updated_at: a.updated_at.and_utc(),
            }
        })
        .collect())
}

pub fn to_dto(conn: &mut DbConn, row: Loaded, today: NaiveDate) -> Result<AgreementDto, ApiError> {
    Ok(to_dtos(conn, vec![row], today)?.remove(0))
}

/// The agreements a list or an export shows: those in reach, narrowed by
/// the filters, in the order asked for. Built anew for each query it runs.
struct Selection<'a> {
    caller: &'a Caller,
    filters: &'a AgreementFilters,
    within: Option<String>,
    sort: Vec<SortKey>,
    today: NaiveDate,
}

impl Selection<'_> {
    fn filtered(&self) -> Joined {
        let (f, today) = (self.filters, self.today);
        let mut query = visible(self.caller);
        if let Some(path) = &self.within {
            let (lo, hi) = subtree_bounds(path);
            query = query.filter(areas::path.ge(lo)).filter(areas::path.lt(hi));
        }
        if let Some(unit) = f.unit_id {
            query = query.filter(agreements::unit_id.eq(unit));
        }
        if let Some(community) = f.community_id {
            query = query.filter(agreements::community_id.eq(community));
        }
        if let Some(text) = f.q.as_deref().filter(|t| !t.trim().is_empty()) {
            query = query.filter(units::name.like(like_pattern(text)).escape('\\'));
        }
        if let Some(status) = f.status {
            query = with_status(query, status, today);
        }
        if let Some(days) = f.expiring_within_days {
            query = with_status(query, AgreementStatus::Active, today)
                .filter(agreements::ends_on.le(today + Duration::days(days)));
        }
        query
    }

    fn sorted(&self) -> Joined {
        apply_sort!(self.filtered(), &self.sort, agreements::id, {
            "starts_on" => agreements::starts_on,
            "ends_on" => agreements::ends_on,
            "created_at" => agreements::created_at,
            "id" => agreements::id,
        }, nullable {
            "signed_on" => agreements::signed_on,
        })
    }
}

/// Checks the sort, the look-ahead and the area filter; `None` when the area
/// filter lies out of reach, which selects nothing.
fn select<'a>(
    conn: &mut DbConn,
    caller: &'a Caller,
    filters: &'a AgreementFilters,
    today: NaiveDate,
) -> Result<Option<Selection<'a>>, ApiError> {
    let sort = parse_sort(filters.sort.as_deref(), SORTABLE, "-starts_on")?;
    if let Some(days) = filters.expiring_within_days {
        if !(0..=MAX_EXPIRING_WITHIN_DAYS).contains(&days) {
            return Err(ApiError::field(
                "expiring_within_days",
                "out_of_range",
                format!("must be between 0 and {MAX_EXPIRING_WITHIN_DAYS}"),
            ));
        }
    }
    let within = match areas_repo::area_filter(conn, &caller.scope, filters.area_id)? {
        areas_repo::AreaFilter::OutOfReach => return Ok(None),
        areas_repo::AreaFilter::Subtree(path) => Some(path),
        areas_repo::AreaFilter::Anywhere => None,
    };
    Ok(Some(Selection { caller, filters, within, sort, today }))
}

pub fn list(
    conn: &mut DbConn,
    caller: &Caller,
    q: &AgreementListQuery,
    today: NaiveDate,
) -> Result<Page<AgreementDto>, ApiError> {
    let paging = Paging::new(q.page, q.page_size)?;
    let filters = q.filters();
    let Some(selection) = select(conn, caller, &filters, today)? else { return Ok(paging.wrap(Vec::new(), 0)) };
    let total: i64 = selection.filtered().count().get_result(conn)?;
    let rows = load(conn, selection.sorted().limit(paging.page_size).offset(paging.offset()))?;
    Ok(paging.wrap(to_dtos(conn, rows, today)?, total))
}

/// Every agreement the list would show for these filters, `batch` at a
/// time, so an export of any size holds one batch in memory.
pub fn for_each_batch(
    conn: &mut DbConn,
    caller: &Caller,
    filters: &AgreementFilters,
    today: NaiveDate,
    batch: i64,
    each: impl FnMut(Vec<AgreementDto>) -> Result<(), ApiError>,
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

/// A term may not end before it starts.
fn check_term(starts_on: NaiveDate, ends_on: NaiveDate) -> Result<(), FieldError> {
    if ends_on < starts_on {
        return Err(FieldError::new("ends_on", "ends_before_start", "the term cannot end before it starts"));
    }
    Ok(())
}

/// Collects the field errors of several checks into one 422, so a client
/// learns every fault at once; other errors pass through unchanged.
fn gather<T>(result: Result<T, ApiError>, errors: &mut Vec<FieldError>) -> Result<Option<T>, ApiError> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(ApiError::Validation(mut list)) => {
            errors.append(&mut list);
            Ok(None)
        }
        Err(other) => Err(other),
    }
}

/// The unit of a new or edited agreement: within reach and not withdrawn.
fn signing_unit(conn: &mut DbConn, caller: &Caller, id: i64) -> Result<Unit, ApiError> {
    let unit = units_repo::find_reference(conn, caller, "unit_id", id)?;
    if unit.status != "active" {
        return Err(ApiError::field("unit_id", "unit_withdrawn", "the unit has withdrawn from the alliance"));
    }
    Ok(unit)
}

/// The community of a new or edited agreement: an area of kind community in the caller's subtree.
fn signing_community(conn: &mut DbConn, caller: &Caller, id: i64) -> Result<Area, ApiError> {
    let area = areas_repo::find_reference(conn, &caller.scope, "community_id", id)?;
    if area.kind() != AreaKind::Community {
        return Err(ApiError::field("community_id", "not_a_community", "agreements are signed with a community"));
    }
    Ok(area)
}

/// New commitments need a unit still in the alliance.
fn check_unit_active(conn: &mut DbConn, unit_id: i64) -> Result<(), ApiError> {
    let status: String = units::table.find(unit_id).select(units::status).first(conn)?;
    if status != "active" {
        return Err(ApiError::Conflict("invalid_transition", "the unit has withdrawn from the alliance".into()));
    }
    Ok(())
}

fn insert_members(conn: &mut DbConn, agreement_id: i64, members: &[AgreementMember]) -> Result<(), ApiError> {
    // One statement per member: batch inserts do not compile through the two-backend connection.
    for m in members {
        diesel::insert_into(agreement_members::table)
            .values(NewMember {
                agreement_id,
                name: m.name.trim().to_string(),
                post: m.post.clone(),
                phone: m.phone.clone(),
            })
            .execute(conn)?;
    }
    Ok(())
}

fn record(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    action: &str,
    dto: &AgreementDto,
    path: &str,
    changes: serde_json::Value,
) -> Result<(), ApiError> {
    audit::record(
        conn,
        caller,
        meta,
        Entry { action, entity: "agreement", entity_id: Some(dto.id), area_path: Some(path), changes: Some(changes) },
    )
}

/// Creates a draft.
pub fn create(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    input: CreateAgreement,
    today: NaiveDate,
) -> Result<AgreementDto, ApiError> {
    let mut errors = Vec::new();
    if let Err(e) = check_term(input.starts_on, input.ends_on) {
        errors.push(e);
    }
    let unit = gather(signing_unit(conn, caller, input.unit_id), &mut errors)?;
    let community = gather(signing_community(conn, caller, input.community_id), &mut errors)?;
    let (Some(unit), Some(community), true) = (unit, community, errors.is_empty()) else {
        return Err(ApiError::Validation(errors));
    };
    let now = Utc::now().naive_utc();
    let agreement: Agreement = diesel::insert_into(agreements::table)
        .values(NewAgreement {
            unit_id: unit.id,
            community_id: community.id,
            starts_on: input.starts_on,
            ends_on: input.ends_on,
            signed_on: input.signed_on,
            unit_duties: input.unit_duties,
            community_duties: input.community_duties,
            status: AgreementStatus::Draft.as_str().to_string(),
            termination_reason: None,
            renewed_from_id: None,
            version: 1,
            created_at: now,
            updated_at: now,
        })
        .get_result(conn)?;
    insert_members(conn, agreement.id, &input.members)?;
    let loaded = find_writable(conn, caller, agreement.id)?;
    let path = loaded.community_path.clone();
    let dto = to_dto(conn, loaded, today)?;
    record(conn, caller, meta, "create", &dto, &path, audit::snapshot(&dto))?;
    Ok(dto)
}

/// Edits a draft.
pub fn update(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    id: i64,
    if_match: IfMatch,
    input: UpdateAgreement,
    today: NaiveDate,
) -> Result<AgreementDto, ApiError> {
    let current = find_writable(conn, caller, id)?;
    if_match.check(current.agreement.version)?;
    let a = &current.agreement;
    state::transition(state::effective(&a.status, a.ends_on, today), Action::Edit)?;
    let mut errors = Vec::new();
    if let Err(e) = check_term(input.starts_on.unwrap_or(a.starts_on), input.ends_on.unwrap_or(a.ends_on)) {
        errors.push(e);
    }
    if let Some(unit_id) = input.unit_id.filter(|u| *u != a.unit_id) {
        gather(signing_unit(conn, caller, unit_id), &mut errors)?;
    }
    if let Some(community_id) = input.community_id.filter(|c| *c != a.community_id) {
        gather(signing_community(conn, caller, community_id), &mut errors)?;
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let before = audit::snapshot(&to_dto(conn, current.clone(), today)?);
    let changes = AgreementChanges {
        unit_id: input.unit_id,
        community_id: input.community_id,
        starts_on: input.starts_on,
        ends_on: input.ends_on,
        signed_on: input.signed_on,
        unit_duties: input.unit_duties,
        community_duties: input.community_duties,
        version: Some(a.version + 1),
        updated_at: Some(Utc::now().naive_utc()),
        ..Default::default()
    };
    diesel::update(agreements::table.find(id)).set(&changes).execute(conn)?;
    if let Some(members) = &input.members {
        diesel::delete(agreement_members::table.filter(agreement_members::agreement_id.eq(id))).execute(conn)?;
        insert_members(conn, id, members)?;
    }
    let loaded = find_writable(conn, caller, id)?;
    let path = loaded.community_path.clone();
    let dto = to_dto(conn, loaded, today)?;
    record(conn, caller, meta, "update", &dto, &path, audit::diff(&before, &audit::snapshot(&dto)))?;
    Ok(dto)
}

/// Serialises activations of one unit's agreements on PostgreSQL, whose
/// transactions would otherwise both pass the overlap check and both
/// activate. SQLite write transactions begin IMMEDIATE and are serial already.
fn lock_unit(conn: &mut DbConn, unit_id: i64) -> Result<(), ApiError> {
    if let DbConn::Postgres(pg) = conn {
        diesel::sql_query("SELECT id FROM units WHERE id = $1 FOR UPDATE").bind::<BigInt, _>(unit_id).execute(pg)?;
    }
    Ok(())
}

/// Another agreement of the same unit and community that is active today
/// and whose term shares at least one day with `a`'s.
fn overlapping(conn: &mut DbConn, a: &Agreement, today: NaiveDate) -> Result<Option<i64>, ApiError> {
    Ok(agreements::table
        .filter(agreements::unit_id.eq(a.unit_id))
        .filter(agreements::community_id.eq(a.community_id))
        .filter(agreements::id.ne(a.id))
        .filter(agreements::status.eq(AgreementStatus::Active.as_str()))
        .filter(agreements::ends_on.ge(today))
        .filter(agreements::starts_on.le(a.ends_on))
        .filter(agreements::ends_on.ge(a.starts_on))
        .select(agreements::id)
        .first(conn)
        .optional()?)
}

/// Changes the status (and the termination reason) of an agreement and audits it.
fn change_status(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    current: Loaded,
    action: Action,
    changes: AgreementChanges,
    today: NaiveDate,
) -> Result<AgreementDto, ApiError> {
    let id = current.agreement.id;
    let changes = AgreementChanges {
        version: Some(current.agreement.version + 1),
        updated_at: Some(Utc::now().naive_utc()),
        ..changes
    };
    let before = audit::snapshot(&to_dto(conn, current, today)?);
    diesel::update(agreements::table.find(id)).set(&changes).execute(conn)?;
    let loaded = find_writable(conn, caller, id)?;
    let path = loaded.community_path.clone();
    let dto = to_dto(conn, loaded, today)?;
    record(conn, caller, meta, action.as_str(), &dto, &path, audit::diff(&before, &audit::snapshot(&dto)))?;
    Ok(dto)
}

/// Puts a draft into force, unless another active term of the same unit
/// and community overlaps it.
pub fn activate(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    id: i64,
    today: NaiveDate,
) -> Result<AgreementDto, ApiError> {
    let current = find_writable(conn, caller, id)?;
    let a = &current.agreement;
    let to = state::transition(state::effective(&a.status, a.ends_on, today), Action::Activate)?;
    check_unit_active(conn, a.unit_id)?;
    lock_unit(conn, a.unit_id)?;
    if let Some(other) = overlapping(conn, a, today)? {
        return Err(ApiError::Conflict(
            "agreement_overlap",
            format!("agreement {other} of the same unit and community is active for part of this term"),
        ));
    }
    let changes = AgreementChanges { status: Some(to.as_str().to_string()), ..Default::default() };
    change_status(conn, caller, meta, current, Action::Activate, changes, today)
}

/// Ends an active agreement early.
pub fn terminate(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    id: i64,
    reason: &str,
    today: NaiveDate,
) -> Result<AgreementDto, ApiError> {
    let current = find_writable(conn, caller, id)?;
    let a = &current.agreement;
    let to = state::transition(state::effective(&a.status, a.ends_on, today), Action::Terminate)?;
    let changes = AgreementChanges {
        status: Some(to.as_str().to_string()),
        termination_reason: Some(Some(reason.trim().to_string())),
        ..Default::default()
    };
    change_status(conn, caller, meta, current, Action::Terminate, changes, today)
}

/// Starts the follow-up of an active or expired agreement: a new draft with
/// the same unit, community, duties and members, linked by `renewed_from_id`.
pub fn renew(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    id: i64,
    input: RenewAgreement,
    today: NaiveDate,
) -> Result<AgreementDto, ApiError> {
    let source = find_writable(conn, caller, id)?;
    let a = &source.agreement;
    state::transition(state::effective(&a.status, a.ends_on, today), Action::Renew)?;
    check_term(input.starts_on, input.ends_on).map_err(|e| ApiError::Validation(vec![e]))?;
    check_unit_active(conn, a.unit_id)?;
    let now = Utc::now().naive_utc();
    let renewed: Agreement = diesel::insert_into(agreements::table)
        .values(NewAgreement {
            unit_id: a.unit_id,
            community_id: a.community_id,
            starts_on: input.starts_on,
            ends_on: input.ends_on,
            signed_on: input.signed_on,
            unit_duties: a.unit_duties.clone(),
            community_duties: a.community_duties.clone(),
            status: AgreementStatus::Draft.as_str().to_string(),
            termination_reason: None,
            renewed_from_id: Some(a.id),
            version: 1,
            created_at: now,
            updated_at: now,
        })
        .get_result(conn)?;
    let members: Vec<AgreementMember> = agreement_members::table
        .filter(agreement_members::agreement_id.eq(a.id))
        .order(agreement_members::id.asc())
        .load::<Member>(conn)?
        .into_iter()
        .map(AgreementMember::from)
        .collect();
    insert_members(conn, renewed.id, &members)?;
    let loaded = find_writable(conn, caller, renewed.id)?;
    let path = loaded.community_path.clone();
    let dto = to_dto(conn, loaded, today)?;
    record(conn, caller, meta, "renew", &dto, &path, audit::snapshot(&dto))?;
    Ok(dto)
}
