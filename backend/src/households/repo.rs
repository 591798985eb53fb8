use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, Utc};
use diesel::dsl::{count_star, min};
use diesel::prelude::*;

use super::dto::{
    CreateHousehold, HouseholdDetail, HouseholdDto, HouseholdListQuery, Member, RevealedHousehold, UpdateHousehold,
};
use super::model::{Category, Household, HouseholdChanges, HouseholdStatus, NewHousehold};
use crate::apply_sort;
use crate::areas::model::{Area, AreaKind};
use crate::areas::repo as areas_repo;
use crate::audit::{self, Entry};
use crate::auth::{AreaScope, Caller, Permission};
use crate::crypto::DataKey;
use crate::db::schema::{areas, households, pairings, wishes};
use crate::db::{DbBackend, DbConn};
use crate::http::etag::IfMatch;
use crate::http::list::{like_pattern, parse_sort, Page, Paging, SortKey};
use crate::http::meta::RequestMeta;
use crate::http::ApiError;
use crate::pairings::dto::PairingDto;
use crate::pairings::model::PairingStatus;
use crate::pairings::repo::{self as pairings_repo, Helper};
use crate::units::repo::areas_in;
use crate::users::dto::AreaRef;
use crate::visits::repo as visits_repo;
use crate::volunteers::repo::{seal_id_number, Sealer};

const SORTABLE: &[&str] = &["created_at", "updated_at", "household_no", "head_name", "id"];

/// What an erased household's head is called from then on.
pub const ERASED_NAME: &str = "已删除";

type Boxed = households::BoxedQuery<'static, DbBackend>;

/// How a caller reaches households: staff by area, a helper by pairing.
#[derive(Debug, Clone)]
pub enum Reach {
    Staff(AreaScope),
    /// Households with an active pairing of this helper.
    Helper(Helper),
    /// A helper account with no unit or volunteer profile: nothing.
    Nothing,
}

impl Reach {
    pub fn is_helper(&self) -> bool {
        !matches!(self, Reach::Staff(_))
    }
}

/// Staff with `households.read` reach their subtree; helpers (`pairings.self`)
/// the households they are paired with; anyone else gets 403.
pub fn reach(conn: &mut DbConn, caller: &Caller) -> Result<Reach, ApiError> {
    if caller.role.has(Permission::HouseholdsRead) {
        return Ok(Reach::Staff(caller.scope.clone()));
    }
    caller.require(Permission::PairingsSelf)?;
    Ok(pairings_repo::helper_of(conn, caller)?.map_or(Reach::Nothing, Reach::Helper))
}

fn visible(reach: &Reach) -> Boxed {
    let query = households::table.into_boxed();
    let active = || pairings::table.filter(pairings::status.eq("active")).select(pairings::household_id);
    match reach {
        Reach::Staff(AreaScope::Everything) => query,
        Reach::Staff(AreaScope::Subtree(prefix)) => query.filter(households::area_id.eq_any(areas_in(prefix))),
        Reach::Helper(Helper::Unit(id)) => {
            query.filter(households::id.eq_any(active().filter(pairings::helper_unit_id.eq(*id))))
        }
        Reach::Helper(Helper::Volunteer(id)) => {
            query.filter(households::id.eq_any(active().filter(pairings::helper_volunteer_id.eq(*id))))
        }
        Reach::Nothing => query.filter(households::id.eq(-1)),
    }
}

/// A household with the area it lives in.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub household: Household,
    pub area: Area,
}

fn load(conn: &mut DbConn, query: Boxed) -> Result<Vec<Loaded>, ApiError> {
    let rows: Vec<Household> = query.load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|h| h.area_id).collect();
    let found: HashMap<i64, Area> =
        areas::table.filter(areas::id.eq_any(&ids)).load::<Area>(conn)?.into_iter().map(|a| (a.id, a)).collect();
    rows.into_iter()
        .map(|household| {
            let area =
                found.get(&household.area_id).cloned().ok_or_else(|| ApiError::internal("household without area"))?;
            Ok(Loaded { household, area })
        })
        .collect()
}

/// Households by id, in id order (for the export's batches).
pub fn load_ids(conn: &mut DbConn, ids: &[i64]) -> Result<Vec<Loaded>, ApiError> {
    let mut rows = load(conn, households::table.into_boxed().filter(households::id.eq_any(ids.to_vec())))?;
    rows.sort_by_key(|r| r.household.id);
    Ok(rows)
}

/// A household the caller reaches; 404 for one absent or out of reach.
/// Read with its area in one statement, and staff's reach checked on the
/// area's path: on PostgreSQL a round trip costs more than a lookup by key.
pub fn find(conn: &mut DbConn, reach: &Reach, id: i64) -> Result<Loaded, ApiError> {
    let query = households::table
        .inner_join(areas::table)
        .filter(households::id.eq(id))
        .select((households::all_columns, areas::all_columns))
        .limit(1);
    let row: Option<(Household, Area)> = conn.load_direct(query)?.pop();
    let Some((household, area)) = row else {
        return Err(ApiError::NotFound);
    };
    let reached = match reach {
        Reach::Staff(scope) => scope.contains(&area.path),
        Reach::Helper(_) | Reach::Nothing => {
            visible(reach).filter(households::id.eq(id)).select(households::id).first::<i64>(conn).optional()?.is_some()
        }
    };
    if !reached {
        return Err(ApiError::NotFound);
    }
    Ok(Loaded { household, area })
}

/// A household named in a request body: 422 `not_found` when out of reach.
pub fn find_reference(conn: &mut DbConn, reach: &Reach, field: &str, id: i64) -> Result<Loaded, ApiError> {
    find(conn, reach, id).map_err(|e| match e {
        ApiError::NotFound => ApiError::field(field, "not_found", "no such household within your reach"),
        other => other,
    })
}

/// The phone as lists show it: the first three and last four characters.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    if chars.len() < 8 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 7))
}

pub fn to_dtos(
    conn: &mut DbConn,
    rows: Vec<Loaded>,
    today: NaiveDate,
    for_helper: bool,
) -> Result<Vec<HouseholdDto>, ApiError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.household.id).collect();
    let due: HashMap<i64, (i64, Option<NaiveDate>)> = pairings::table
        .filter(pairings::household_id.eq_any(&ids))
        .filter(pairings::status.eq("active"))
        .group_by(pairings::household_id)
        .select((pairings::household_id, count_star(), min(pairings::due_on)))
        .load::<(i64, i64, Option<NaiveDate>)>(conn)?
        .into_iter()
        .map(|(id, n, due)| (id, (n, due)))
        .collect();
    Ok(rows
        .into_iter()
        .map(|row| {
            let active = due.get(&row.household.id).copied().unwrap_or((0, None));
            dto(row, active, today, for_helper)
        })
        .collect())
}

/// A household's DTO, given how many active pairings it has and the
/// earliest day one of them is due.
fn dto(row: Loaded, active: (i64, Option<NaiveDate>), today: NaiveDate, for_helper: bool) -> HouseholdDto {
    let h = row.household;
    let (active_pairings, next_visit_due) = active;
    HouseholdDto {
        id: h.id,
        status: h.status(),
        categories: h.categories(),
        household_no: h.household_no,
        head_name: h.head_name,
        id_number: if for_helper { None } else { h.head_id_number_masked },
        phone: h.phone_masked,
        has_situation: !for_helper && h.situation_sealed.is_some(),
        members: serde_json::from_str(&h.members).unwrap_or_default(),
        area: AreaRef::from(row.area),
        address: h.address,
        active_pairings,
        overdue: next_visit_due.is_some_and(|d| d < today),
        next_visit_due,
        archived_at: h.archived_at.map(|t| t.and_utc()),
        erased_at: h.erased_at.map(|t| t.and_utc()),
        version: h.version,
        created_at: h.created_at.and_utc(),
        updated_at: h.updated_at.and_utc(),
    }
}

pub fn to_dto(conn: &mut DbConn, row: Loaded, today: NaiveDate, for_helper: bool) -> Result<HouseholdDto, ApiError> {
    Ok(to_dtos(conn, vec![row], today, for_helper)?.remove(0))
}

/// The list's filters on top of the caller's reach; the export uses them too.
pub fn filtered(
    conn: &mut DbConn,
    reach: &Reach,
    q: &HouseholdListQuery,
    today: NaiveDate,
) -> Result<Option<impl Fn() -> Boxed>, ApiError> {
    let scope = match reach {
        Reach::Staff(scope) => scope.clone(),
        _ => AreaScope::Everything,
    };
    let within = match areas_repo::area_filter(conn, &scope, q.area_id)? {
        areas_repo::AreaFilter::OutOfReach => return Ok(None),
        areas_repo::AreaFilter::Subtree(path) => Some(path),
        areas_repo::AreaFilter::Anywhere => None,
    };
    let (reach, q) = (reach.clone(), q.clone());
    Ok(Some(move || {
        let mut query = visible(&reach);
        if let Some(path) = &within {
            query = query.filter(households::area_id.eq_any(areas_in(path)));
        }
        if let Some(text) = q.q.as_deref().filter(|t| !t.trim().is_empty()) {
            let pattern = like_pattern(text);
            query = query.filter(
                households::head_name
                    .like(pattern.clone())
                    .escape('\\')
                    .or(households::household_no.like(pattern.clone()).escape('\\'))
                    .or(households::address.like(pattern).escape('\\')),
            );
        }
        if let Some(category) = q.category {
            // Categories are a JSON array of codes: match one whole element.
            let element = format!("\"{}\"", category.as_str());
            query = query.filter(households::categories.like(like_pattern(&element)).escape('\\'));
        }
        if let Some(status) = q.status {
            query = query.filter(households::status.eq(status.as_str()));
        }
        match q.archived {
            Some(true) => query = query.filter(households::archived_at.is_not_null()),
            Some(false) => query = query.filter(households::archived_at.is_null()),
            None => {}
        }
        if let Some(overdue) = q.overdue {
            let late = pairings::table
                .filter(pairings::status.eq("active"))
                .filter(pairings::due_on.lt(today))
                .select(pairings::household_id);
            query = if overdue {
                query.filter(households::id.eq_any(late))
            } else {
                query.filter(households::id.ne_all(late))
            };
        }
        query
    }))
}

pub fn sort_keys(q: &HouseholdListQuery) -> Result<Vec<SortKey>, ApiError> {
    parse_sort(q.sort.as_deref(), SORTABLE, "-created_at")
}

pub fn sorted(query: Boxed, sort: &[SortKey]) -> Boxed {
    apply_sort!(query, sort, households::id, {
        "created_at" => households::created_at,
        "updated_at" => households::updated_at,
        "household_no" => households::household_no,
        "head_name" => households::head_name,
        "id" => households::id,
    })
}

pub fn list(
    conn: &mut DbConn,
    caller: &Caller,
    q: &HouseholdListQuery,
    today: NaiveDate,
) -> Result<Page<HouseholdDto>, ApiError> {
    let paging = Paging::new(q.page, q.page_size)?;
    let sort = sort_keys(q)?;
    let reach = reach(conn, caller)?;
    let Some(filtered) = filtered(conn, &reach, q, today)? else {
        return Ok(paging.wrap(Vec::new(), 0));
    };
    let rows = load(conn, sorted(filtered(), &sort).limit(paging.page_size).offset(paging.offset()))?;
    let total = match paging.total_from_page(rows.len()) {
        Some(total) => total,
        None => filtered().count().get_result(conn)?,
    };
    Ok(paging.wrap(to_dtos(conn, rows, today, reach.is_helper())?, total))
}

/// A household the caller reaches, with the pairings they may see of it.
pub struct Paired {
    pub row: Loaded,
    /// Every pairing for staff; a helper's own, ended ones too.
    pub pairings: Vec<PairingDto>,
    /// Set when a helper asked.
    pub helper: Option<Helper>,
    /// How many pairings of the household are active and the earliest day
    /// one is due: over all of them, whoever asked.
    active: (i64, Option<NaiveDate>),
}

impl Paired {
    /// The household's DTO (a helper's without identity number or
    /// situation) and the pairings.
    pub fn into_parts(self, today: NaiveDate) -> (HouseholdDto, Vec<PairingDto>) {
        (dto(self.row, self.active, today, self.helper.is_some()), self.pairings)
    }
}

/// A household the caller reaches with its pairings, in one statement; 404
/// when absent or out of reach. Staff reach it by its area's path, as `find`
/// does; a helper reaches the households of their active pairings.
pub fn find_with_pairings(conn: &mut DbConn, reach: &Reach, id: i64, today: NaiveDate) -> Result<Paired, ApiError> {
    let Some((household, area, pairings)) = pairings_repo::household_with_pairings(conn, id, today)? else {
        return Err(ApiError::NotFound);
    };
    let active: Vec<&PairingDto> = pairings.iter().filter(|p| p.status == PairingStatus::Active).collect();
    let summary = (active.len() as i64, active.iter().map(|p| p.due_on).min());
    let helper = match reach {
        Reach::Staff(scope) if scope.contains(&area.path) => None,
        Reach::Helper(h) if active.iter().any(|p| h.helps(p)) => Some(*h),
        _ => return Err(ApiError::NotFound),
    };
    let pairings = match helper {
        Some(h) => pairings.into_iter().filter(|p| h.helps(p)).collect(),
        None => pairings,
    };
    Ok(Paired { row: Loaded { household, area }, pairings, helper, active: summary })
}

/// A household with its pairings and latest visits; a helper sees only their own.
pub fn detail(conn: &mut DbConn, caller: &Caller, id: i64, today: NaiveDate) -> Result<HouseholdDetail, ApiError> {
    let reach = reach(conn, caller)?;
    let paired = find_with_pairings(conn, &reach, id, today)?;
    // A helper sees the visits of their own pairings only.
    let own: Option<Vec<i64>> = paired.helper.map(|_| paired.pairings.iter().map(|p| p.id).collect());
    let visits = visits_repo::latest_of_household(conn, id, own.as_deref(), 100)?;
    let (household, pairings) = paired.into_parts(today);
    Ok(HouseholdDetail { household, pairings, visits })
}

fn record(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    action: &str,
    id: i64,
    path: &str,
    changes: serde_json::Value,
) -> Result<(), ApiError> {
    audit::record(
        conn,
        caller,
        meta,
        Entry { action, entity: "household", entity_id: Some(id), area_path: Some(path), changes: Some(changes) },
    )
}

/// Households live in a grid or a community.
fn home_area(conn: &mut DbConn, scope: &AreaScope, id: i64) -> Result<Area, ApiError> {
    let area = areas_repo::find_reference(conn, scope, "area_id", id)?;
    if !matches!(area.kind(), AreaKind::Community | AreaKind::Grid) {
        return Err(ApiError::field("area_id", "wrong_area_kind", "must be a community or a grid"));
    }
    Ok(area)
}

/// One household per person: 409 `duplicate` on `id_number`.
fn check_unique(conn: &mut DbConn, except: Option<i64>, hash: &str) -> Result<(), ApiError> {
    let mut others =
        households::table.select(households::id).filter(households::head_id_number_hash.eq(hash)).into_boxed();
    if let Some(id) = except {
        others = others.filter(households::id.ne(id));
    }
    if others.first::<i64>(conn).optional()?.is_some() {
        return Err(ApiError::Duplicate { field: "id_number" });
    }
    Ok(())
}

fn categories_json(categories: &[Category]) -> String {
    let mut codes: Vec<&str> = Vec::new();
    for c in categories {
        if !codes.contains(&c.as_str()) {
            codes.push(c.as_str());
        }
    }
    serde_json::to_string(&codes).unwrap_or_else(|_| "[]".into())
}

fn members_json(members: &[Member]) -> String {
    let cleaned: Vec<Member> = members
        .iter()
        .map(|m| Member { name: m.name.trim().to_string(), relation: m.relation.trim().to_string(), age: m.age })
        .collect();
    serde_json::to_string(&cleaned).unwrap_or_else(|_| "[]".into())
}

fn blank_to_none(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}

pub fn create(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    sealer: Sealer,
    input: CreateHousehold,
) -> Result<HouseholdDto, ApiError> {
    let area = home_area(conn, &caller.scope, input.area_id)?;
    let id_number = input.id_number.as_deref().map(|n| seal_id_number(sealer, n)).transpose()?;
    if let Some(n) = &id_number {
        check_unique(conn, None, &n.hash)?;
    }
    let key = sealer.key;
    let phone = blank_to_none(input.phone);
    let situation = blank_to_none(input.situation);
    let now = Utc::now().naive_utc();
    let (id_sealed, id_hash, id_masked) = match id_number {
        Some(n) => (Some(n.sealed), Some(n.hash), Some(n.masked)),
        None => (None, None, None),
    };
    let placeholder = format!("new-{}", uuid::Uuid::new_v4().simple());
    let inserted: Household = diesel::insert_into(households::table)
        .values(NewHousehold {
            household_no: placeholder,
            head_name: input.head_name.trim().to_string(),
            head_id_number_sealed: id_sealed,
            head_id_number_hash: id_hash,
            head_id_number_masked: id_masked,
            phone_sealed: phone.as_deref().map(|p| key.seal(p)).transpose()?,
            phone_masked: phone.as_deref().map(mask_phone),
            situation_sealed: situation.as_deref().map(|s| key.seal(s)).transpose()?,
            members: members_json(&input.members),
            area_id: area.id,
            address: blank_to_none(input.address),
            categories: categories_json(&input.categories),
            status: HouseholdStatus::Active.as_str().to_string(),
            created_by: caller.user_id,
            version: 1,
            created_at: now,
            updated_at: now,
        })
        .get_result(conn)?;
    // `H`, the year and the row id: ids are never reused, so numbers need no counter.
    let household: Household = diesel::update(households::table.find(inserted.id))
        .set(households::household_no.eq(format!("H{}{:06}", sealer.today.year(), inserted.id)))
        .get_result(conn)?;
    let path = area.path.clone();
    let dto = to_dto(conn, Loaded { household, area }, sealer.today, false)?;
    record(conn, caller, meta, "create", dto.id, &path, audit::snapshot(&dto))?;
    Ok(dto)
}

/// Archived households are history: 409 `invalid_transition` on any change.
fn check_live(household: &Household) -> Result<(), ApiError> {
    if household.archived_at.is_some() {
        return Err(ApiError::Conflict("invalid_transition", "the household is archived".into()));
    }
    Ok(())
}

pub fn update(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    sealer: Sealer,
    id: i64,
    if_match: IfMatch,
    input: UpdateHousehold,
) -> Result<HouseholdDto, ApiError> {
    let reach = Reach::Staff(caller.scope.clone());
    let current = find(conn, &reach, id)?;
    if_match.check(current.household.version)?;
    check_live(&current.household)?;
    let area = input.area_id.map(|a| home_area(conn, &caller.scope, a)).transpose()?;
    let key = sealer.key;
    let id_number = match &input.id_number {
        Some(Some(n)) => Some(Some(seal_id_number(sealer, n)?)),
        Some(None) => Some(None),
        None => None,
    };
    if let Some(Some(n)) = &id_number {
        check_unique(conn, Some(id), &n.hash)?;
    }
    let before = audit::snapshot(&to_dto(conn, current.clone(), sealer.today, false)?);
    let (id_sealed, id_hash, id_masked) = match id_number {
        Some(Some(n)) => (Some(Some(n.sealed)), Some(Some(n.hash)), Some(Some(n.masked))),
        Some(None) => (Some(None), Some(None), Some(None)),
        None => (None, None, None),
    };
    let phone = input.phone.map(blank_to_none);
    let situation = input.situation.map(blank_to_none);
    let changes = HouseholdChanges {
        head_name: input.head_name.map(|n| n.trim().to_string()),
        head_id_number_sealed: id_sealed,
        head_id_number_hash: id_hash,
        head_id_number_masked: id_masked,
        phone_sealed: phone.as_ref().map(|p| p.as_deref().map(|p| key.seal(p)).transpose()).transpose()?,
        phone_masked: phone.as_ref().map(|p| p.as_deref().map(mask_phone)),
        situation_sealed: situation.as_ref().map(|s| s.as_deref().map(|s| key.seal(s)).transpose()).transpose()?,
        members: input.members.as_deref().map(members_json),
        area_id: area.as_ref().map(|a| a.id),
        address: input.address.map(blank_to_none),
        categories: input.categories.as_deref().map(categories_json),
        status: input.status.map(|s| s.as_str().to_string()),
        version: Some(current.household.version + 1),
        updated_at: Some(Utc::now().naive_utc()),
        ..Default::default()
    };
    let household: Household = diesel::update(households::table.find(id)).set(&changes).get_result(conn)?;
    if let Some(area) = &area {
        // Pairings and wishes carry the household's area for their lists.
        diesel::update(pairings::table.filter(pairings::household_id.eq(id)))
            .set(pairings::area_id.eq(area.id))
            .execute(conn)?;
        diesel::update(wishes::table.filter(wishes::household_id.eq(id)))
            .set(wishes::area_id.eq(area.id))
            .execute(conn)?;
    }
    let area = area.unwrap_or(current.area);
    let path = area.path.clone();
    let dto = to_dto(conn, Loaded { household, area }, sealer.today, false)?;
    let mut diff = audit::diff(&before, &audit::snapshot(&dto));
    // The masked forms may not change when the plain text does: say which sealed field moved.
    if let Some(map) = diff.as_object_mut() {
        for (field, sent) in [("situation", situation.is_some()), ("phone", phone.is_some())] {
            if sent {
                map.entry(field).or_insert(serde_json::json!("changed"));
            }
        }
    }
    record(conn, caller, meta, "update", dto.id, &path, diff)?;
    Ok(dto)
}

/// Opens the sealed fields. Callers write the audit entry.
pub fn reveal_quietly(key: &DataKey, h: &Household) -> Result<RevealedHousehold, ApiError> {
    let open = |sealed: &Option<String>| sealed.as_deref().map(|s| key.open(s)).transpose();
    Ok(RevealedHousehold {
        household_id: h.id,
        id_number: open(&h.head_id_number_sealed)?,
        phone: open(&h.phone_sealed)?,
        situation: open(&h.situation_sealed)?,
    })
}

/// The sealed fields in full; the reason and the fields read go to the audit trail.
pub fn reveal(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    key: &DataKey,
    id: i64,
    reason: &str,
) -> Result<RevealedHousehold, ApiError> {
    let row = find(conn, &Reach::Staff(caller.scope.clone()), id)?;
    let h = &row.household;
    let revealed = reveal_quietly(key, h)?;
    let fields: Vec<&str> = [
        ("id_number", revealed.id_number.is_some()),
        ("phone", revealed.phone.is_some()),
        ("situation", revealed.situation.is_some()),
    ]
    .into_iter()
    .filter_map(|(f, present)| present.then_some(f))
    .collect();
    let changes = serde_json::json!({"reason": reason.trim(), "household_no": h.household_no, "fields": fields});
    record(conn, caller, meta, "reveal", id, &row.area.path, changes)?;
    Ok(revealed)
}

/// Archives a household no longer helped (lifted out, moved, deceased): its
/// active pairings end and its open wishes are cancelled. The retention
/// period counts from now.
pub fn archive(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    id: i64,
    today: NaiveDate,
) -> Result<HouseholdDto, ApiError> {
    let current = find(conn, &Reach::Staff(caller.scope.clone()), id)?;
    check_live(&current.household)?;
    if current.household.status() == HouseholdStatus::Active {
        return Err(ApiError::Conflict(
            "invalid_transition",
            "only a household lifted out, moved or deceased can be archived; change its status first".into(),
        ));
    }
    let now = Utc::now().naive_utc();
    let ended =
        diesel::update(pairings::table.filter(pairings::household_id.eq(id)).filter(pairings::status.eq("active")))
            .set((
                pairings::status.eq("ended"),
                pairings::ends_on.eq(today),
                pairings::end_reason.eq("户已归档"),
                pairings::version.eq(pairings::version + 1),
                pairings::updated_at.eq(now),
            ))
            .execute(conn)?;
    let cancelled = diesel::update(wishes::table.filter(wishes::household_id.eq(id)).filter(wishes::status.eq("open")))
        .set((
            wishes::status.eq("cancelled"),
            wishes::cancel_reason.eq("户已归档"),
            wishes::version.eq(wishes::version + 1),
            wishes::updated_at.eq(now),
        ))
        .execute(conn)?;
    let household: Household = diesel::update(households::table.find(id))
        .set((
            households::archived_at.eq(now),
            households::version.eq(current.household.version + 1),
            households::updated_at.eq(now),
        ))
        .get_result(conn)?;
    let path = current.area.path.clone();
    let dto = to_dto(conn, Loaded { household, area: current.area }, today, false)?;
    let changes = serde_json::json!({"pairings_ended": ended, "wishes_cancelled": cancelled});
    record(conn, caller, meta, "archive", id, &path, changes)?;
    Ok(dto)
}
