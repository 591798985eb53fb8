use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, Utc};
use diesel::prelude::*;

use super::dto::{
    CreateVolunteer, IdNumber, RegisterVolunteer, UpdateVolunteer, VolunteerDto, VolunteerListQuery, WorkUnit,
};
use super::id_number;
use super::model::{NewVolunteer, PoliticalStatus, Volunteer, VolunteerChanges, VolunteerStatus};
use crate::apply_sort;
use crate::areas::model::{Area, AreaKind};
use crate::areas::repo as areas_repo;
use crate::audit::{self, Entry};
use crate::auth::{AreaScope, Caller, Role};
use crate::crypto::DataKey;
use crate::db::schema::{areas, service_records, units, volunteers};
use crate::db::{DbBackend, DbConn};
use crate::http::etag::IfMatch;
use crate::http::list::{in_batches, like_pattern, parse_sort, Page, Paging, SortKey};
use crate::http::meta::RequestMeta;
use crate::http::{ApiError, FieldError};
use crate::units::repo::areas_in;
use crate::users::dto::AreaRef;

const SORTABLE: &[&str] = &["created_at", "updated_at", "name", "volunteer_no", "id"];

type Boxed = volunteers::BoxedQuery<'static, DbBackend>;

/// A volunteer with the area they report to.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub volunteer: Volunteer,
    pub area: Area,
}

/// Volunteers reporting to an area of the caller's subtree.
fn visible(caller: &Caller) -> Boxed {
    let query = volunteers::table.into_boxed();
    if caller.role == Role::UnitContact {
        // Those who work at their unit, whom they sign up for its projects.
        return query.filter(volunteers::work_unit_id.eq(caller.unit_id.unwrap_or(-1)));
    }
    match &caller.scope {
        AreaScope::Everything => query,
        AreaScope::Subtree(prefix) => query.filter(volunteers::area_id.eq_any(areas_in(prefix))),
    }
}

fn load(conn: &mut DbConn, query: Boxed) -> Result<Vec<Loaded>, ApiError> {
    let rows: Vec<Volunteer> = query.load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|v| v.area_id).collect();
    let found: HashMap<i64, Area> =
        areas::table.filter(areas::id.eq_any(&ids)).load::<Area>(conn)?.into_iter().map(|a| (a.id, a)).collect();
    rows.into_iter()
        .map(|volunteer| {
            let area =
                found.get(&volunteer.area_id).cloned().ok_or_else(|| ApiError::internal("volunteer without area"))?;
            Ok(Loaded { volunteer, area })
        })
        .collect()
}

/// A volunteer the caller can see; 404 for one absent or out of reach.
pub fn find(conn: &mut DbConn, caller: &Caller, id: i64) -> Result<Loaded, ApiError> {
    load(conn, visible(caller).filter(volunteers::id.eq(id)).limit(1))?.pop().ok_or(ApiError::NotFound)
}

/// The volunteer profile of a signed-in volunteer account; 404 when it has none.
pub fn of_account(conn: &mut DbConn, caller: &Caller) -> Result<Loaded, ApiError> {
    if caller.role != Role::Volunteer {
        return Err(ApiError::NotFound);
    }
    load(conn, volunteers::table.into_boxed().filter(volunteers::user_id.eq(caller.user_id)).limit(1))?
        .pop()
        .ok_or(ApiError::NotFound)
}

/// A volunteer named in a request body (`volunteer_id`): 422 `not_found` when out of reach.
pub fn find_reference(conn: &mut DbConn, caller: &Caller, field: &str, id: i64) -> Result<Loaded, ApiError> {
    find(conn, caller, id).map_err(|e| match e {
        ApiError::NotFound => ApiError::field(field, "not_found", "no such volunteer within your reach"),
        other => other,
    })
}

pub fn to_dtos(conn: &mut DbConn, rows: Vec<Loaded>) -> Result<Vec<VolunteerDto>, ApiError> {
    let unit_ids: Vec<i64> = rows.iter().filter_map(|r| r.volunteer.work_unit_id).collect();
    let unit_names: HashMap<i64, String> = units::table
        .filter(units::id.eq_any(&unit_ids))
        .select((units::id, units::name))
        .load(conn)?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|row| {
            let status = row.volunteer.status();
            let v = row.volunteer;
            let work_unit = match (v.work_unit_id, v.work_unit_name) {
                (Some(id), _) => {
                    Some(WorkUnit { id: Some(id), name: unit_names.get(&id).cloned().unwrap_or_default() })
                }
                (None, Some(name)) => Some(WorkUnit { id: None, name }),
                (None, None) => None,
            };
            VolunteerDto {
                id: v.id,
                volunteer_no: v.volunteer_no,
                name: v.name,
                phone: v.phone,
                id_number: v.id_number_masked,
                political_status: PoliticalStatus::parse(&v.political_status).unwrap_or(PoliticalStatus::Masses),
                in_service: v.in_service,
                work_unit,
                area: AreaRef::from(row.area),
                skills: serde_json::from_str(&v.skills).unwrap_or_default(),
                status,
                reject_reason: v.reject_reason,
                has_account: v.user_id.is_some(),
                version: v.version,
                created_at: v.created_at.and_utc(),
                updated_at: v.updated_at.and_utc(),
            }
        })
        .collect())
}

pub fn to_dto(conn: &mut DbConn, row: Loaded) -> Result<VolunteerDto, ApiError> {
    Ok(to_dtos(conn, vec![row])?.remove(0))
}

/// What the list and the export share: the caller's volunteers narrowed by
/// the filters, and the order asked for.
struct Selection<'a> {
    caller: &'a Caller,
    q: &'a VolunteerListQuery,
    within: Option<String>,
    sort: Vec<SortKey>,
}

impl Selection<'_> {
    fn filtered(&self) -> Boxed {
        let q = self.q;
        let mut query = visible(self.caller);
        if let Some(path) = &self.within {
            query = query.filter(volunteers::area_id.eq_any(areas_in(path)));
        }
        if let Some(text) = q.q.as_deref().filter(|t| !t.trim().is_empty()) {
            let pattern = like_pattern(text);
            query = query.filter(
                volunteers::name
                    .like(pattern.clone())
                    .escape('\\')
                    .or(volunteers::phone.like(pattern.clone()).escape('\\'))
                    .or(volunteers::volunteer_no.like(pattern).escape('\\')),
            );
        }
        if let Some(p) = q.political_status {
            query = query.filter(volunteers::political_status.eq(p.as_str()));
        }
        if let Some(flag) = q.in_service {
            query = query.filter(volunteers::in_service.eq(flag));
        }
        if let Some(skill) = q.skill.as_deref().filter(|s| !s.trim().is_empty()) {
            // Skills are a JSON array of strings: match one whole element.
            let element = serde_json::to_string(skill.trim()).unwrap_or_default();
            query = query.filter(volunteers::skills.like(like_pattern(&element)).escape('\\'));
        }
        if let Some(status) = q.status {
            query = query.filter(volunteers::status.eq(status.as_str()));
        }
        query
    }

    fn sorted(&self) -> Boxed {
        apply_sort!(self.filtered(), &self.sort, volunteers::id, {
            "created_at" => volunteers::created_at,
            "updated_at" => volunteers::updated_at,
            "name" => volunteers::name,
            "volunteer_no" => volunteers::volunteer_no,
            "id" => volunteers::id,
        })
    }
}

/// The selection for these filters; `None` when the area asked for is out of reach.
fn select<'a>(
    conn: &mut DbConn,
    caller: &'a Caller,
    q: &'a VolunteerListQuery,
) -> Result<Option<Selection<'a>>, ApiError> {
    let sort = parse_sort(q.sort.as_deref(), SORTABLE, "-created_at")?;
    let within = match areas_repo::area_filter(conn, &caller.scope, q.area_id)? {
        areas_repo::AreaFilter::OutOfReach => return Ok(None),
        areas_repo::AreaFilter::Subtree(path) => Some(path),
        areas_repo::AreaFilter::Anywhere => None,
    };
    Ok(Some(Selection { caller, q, within, sort }))
}

pub fn list(conn: &mut DbConn, caller: &Caller, q: &VolunteerListQuery) -> Result<Page<VolunteerDto>, ApiError> {
    let paging = Paging::new(q.page, q.page_size)?;
    let Some(selection) = select(conn, caller, q)? else { return Ok(paging.wrap(Vec::new(), 0)) };
    let rows = load(conn, selection.sorted().limit(paging.page_size).offset(paging.offset()))?;
    let total = match paging.total_from_page(rows.len()) {
        Some(total) => total,
        None => selection.filtered().count().get_result(conn)?,
    };
    Ok(paging.wrap(to_dtos(conn, rows)?, total))
}

/// Every volunteer `list` would give for these filters, in its order, a
/// batch at a time, each with the minutes of their confirmed service.
pub fn for_each_batch(
    conn: &mut DbConn,
    caller: &Caller,
    q: &VolunteerListQuery,
    batch: i64,
    each: impl FnMut(Vec<(VolunteerDto, i64)>) -> Result<(), ApiError>,
) -> Result<(), ApiError> {
    let Some(selection) = select(conn, caller, q)? else { return Ok(()) };
    in_batches(
        batch,
        |limit, offset| {
            let loaded = load(conn, selection.sorted().limit(limit).offset(offset))?;
            let rows = to_dtos(conn, loaded)?;
            let ids: Vec<i64> = rows.iter().map(|v| v.id).collect();
            // Adjustments carry the difference they make, so the sum is the corrected total.
            let served: HashMap<i64, Option<i64>> = service_records::table
                .filter(service_records::volunteer_id.eq_any(&ids))
                .group_by(service_records::volunteer_id)
                .select((service_records::volunteer_id, diesel::dsl::sum(service_records::minutes)))
                .load(conn)?
                .into_iter()
                .collect();
            Ok(rows
                .into_iter()
                .map(|v| {
                    let minutes = served.get(&v.id).copied().flatten().unwrap_or(0);
                    (v, minutes)
                })
                .collect())
        },
        each,
    )
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
        Entry { action, entity: "volunteer", entity_id: Some(id), area_path: Some(path), changes: Some(changes) },
    )
}

/// What turns a typed identity number into its stored forms: the data key,
/// and the day its birth date is judged against.
#[derive(Clone, Copy)]
pub struct Sealer<'a> {
    pub key: &'a DataKey,
    pub today: NaiveDate,
}

/// The sealed, hashed and masked forms of an identity number.
pub struct SealedIdNumber {
    pub sealed: String,
    pub hash: String,
    pub masked: String,
}

/// Or 422 `invalid_id_number`.
pub fn seal_id_number(sealer: Sealer, raw: &str) -> Result<SealedIdNumber, ApiError> {
    let (key, number) = (sealer.key, id_number::normalize(raw));
    if let Some(why) = id_number::fault(&number, sealer.today) {
        return Err(ApiError::field("id_number", "invalid_id_number", why));
    }
    Ok(SealedIdNumber { sealed: key.seal(&number)?, hash: key.lookup_hash(&number), masked: id_number::mask(&number) })
}

/// Phone and identity number are each one person's: 409 `duplicate` naming the field.
fn check_unique(
    conn: &mut DbConn,
    except: Option<i64>,
    phone: Option<&str>,
    id_hash: Option<&str>,
) -> Result<(), ApiError> {
    let others = || {
        let q = volunteers::table.select(volunteers::id).into_boxed();
        match except {
            Some(id) => q.filter(volunteers::id.ne(id)),
            None => q,
        }
    };
    if let Some(phone) = phone {
        if others().filter(volunteers::phone.eq(phone)).first::<i64>(conn).optional()?.is_some() {
            return Err(ApiError::Duplicate { field: "phone" });
        }
    }
    if let Some(hash) = id_hash {
        if others().filter(volunteers::id_number_hash.eq(hash)).first::<i64>(conn).optional()?.is_some() {
            return Err(ApiError::Duplicate { field: "id_number" });
        }
    }
    Ok(())
}

/// A work unit named by id must exist (any joint-building unit: people work
/// outside the community they live in).
fn check_work_unit(conn: &mut DbConn, id: Option<i64>) -> Result<(), ApiError> {
    if let Some(id) = id {
        if units::table.find(id).select(units::id).first::<i64>(conn).optional()?.is_none() {
            return Err(ApiError::field("work_unit_id", "not_found", "no such joint-building unit"));
        }
    }
    Ok(())
}

/// Volunteers report to a community or a grid.
fn reported_to(conn: &mut DbConn, scope: &AreaScope, id: i64) -> Result<Area, ApiError> {
    let area = areas_repo::find_reference(conn, scope, "area_id", id)?;
    if !matches!(area.kind(), AreaKind::Community | AreaKind::Grid) {
        return Err(ApiError::field("area_id", "wrong_area_kind", "must be a community or a grid"));
    }
    Ok(area)
}

fn clean_skills(skills: Vec<String>) -> String {
    let mut out: Vec<String> = Vec::new();
    for s in skills.into_iter().map(|s| s.trim().to_string()) {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    serde_json::to_string(&out).unwrap_or_else(|_| "[]".into())
}

/// What a new volunteer is made of, checked.
struct Fields {
    name: String,
    phone: String,
    id_number: Option<SealedIdNumber>,
    political_status: PoliticalStatus,
    in_service: bool,
    work_unit_id: Option<i64>,
    work_unit_name: Option<String>,
    area: Area,
    skills: String,
}

/// Inserts a volunteer and gives them their number: `V`, the year, and the
/// row id to six places. Ids are never reused, so numbers need no counter.
fn insert(
    conn: &mut DbConn,
    f: Fields,
    status: VolunteerStatus,
    user_id: Option<i64>,
    year: i32,
) -> Result<Loaded, ApiError> {
    let now = Utc::now().naive_utc();
    let (sealed, hash, masked) = match f.id_number {
        Some(n) => (Some(n.sealed), Some(n.hash), Some(n.masked)),
        None => (None, None, None),
    };
    let placeholder = format!("new-{}", uuid::Uuid::new_v4().simple());
    let v: Volunteer = diesel::insert_into(volunteers::table)
        .values(NewVolunteer {
            volunteer_no: placeholder,
            name: f.name,
            phone: f.phone,
            id_number_sealed: sealed,
            id_number_hash: hash,
            id_number_masked: masked,
            political_status: f.political_status.as_str().to_string(),
            in_service: f.in_service,
            work_unit_id: f.work_unit_id,
            work_unit_name: f.work_unit_name,
            area_id: f.area.id,
            skills: f.skills,
            status: status.as_str().to_string(),
            user_id,
            version: 1,
            created_at: now,
            updated_at: now,
        })
        .get_result(conn)?;
    let volunteer: Volunteer = diesel::update(volunteers::table.find(v.id))
        .set(volunteers::volunteer_no.eq(format!("V{year}{:06}", v.id)))
        .get_result(conn)?;
    Ok(Loaded { volunteer, area: f.area })
}

/// Staff enter a volunteer: active at once.
pub fn create(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    sealer: Sealer,
    input: CreateVolunteer,
) -> Result<VolunteerDto, ApiError> {
    let area = reported_to(conn, &caller.scope, input.area_id)?;
    let id_number = input.id_number.as_deref().map(|n| seal_id_number(sealer, n)).transpose()?;
    check_unique(conn, None, Some(&input.phone), id_number.as_ref().map(|n| n.hash.as_str()))?;
    check_work_unit(conn, input.work_unit_id)?;
    let fields = Fields {
        name: input.name.trim().to_string(),
        phone: input.phone,
        id_number,
        political_status: input.political_status,
        in_service: input.in_service,
        work_unit_id: input.work_unit_id,
        work_unit_name: input.work_unit_name.filter(|n| !n.trim().is_empty()),
        area,
        skills: clean_skills(input.skills),
    };
    let row = insert(conn, fields, VolunteerStatus::Active, None, sealer.today.year())?;
    let path = row.area.path.clone();
    let dto = to_dto(conn, row)?;
    record(conn, caller, meta, "create", dto.id, &path, audit::snapshot(&dto))?;
    Ok(dto)
}

/// Self-registration: a pending volunteer and their `volunteer` account in
/// one transaction. The password was hashed outside it (argon2 is slow).
pub fn register(
    conn: &mut DbConn,
    meta: &RequestMeta,
    sealer: Sealer,
    input: RegisterVolunteer,
    password_hash: &str,
) -> Result<(VolunteerDto, String), ApiError> {
    let area = reported_to(conn, &AreaScope::Everything, input.area_id)?;
    let id_number = seal_id_number(sealer, &input.id_number)?;
    check_unique(conn, None, Some(&input.phone), Some(&id_number.hash))?;
    check_work_unit(conn, input.work_unit_id)?;
    let username = input.phone.clone();
    if crate::users::repo::username_taken(conn, &username)? {
        return Err(ApiError::Duplicate { field: "phone" });
    }
    let name = input.name.trim().to_string();
    let account = crate::users::repo::insert(
        conn,
        crate::users::repo::NewAccount {
            username: &username,
            display_name: &name,
            phone: Some(&input.phone),
            role: Role::Volunteer,
            area_id: Some(area.id),
            password_hash,
            must_change_password: false,
            unit_id: None,
        },
    )?;
    let fields = Fields {
        name,
        phone: input.phone,
        id_number: Some(id_number),
        political_status: input.political_status,
        in_service: input.in_service,
        work_unit_id: input.work_unit_id,
        work_unit_name: input.work_unit_name.filter(|n| !n.trim().is_empty()),
        area,
        skills: clean_skills(input.skills),
    };
    let row = insert(conn, fields, VolunteerStatus::Pending, Some(account.id), sealer.today.year())?;
    let path = row.area.path.clone();
    let dto = to_dto(conn, row)?;
    let actor =
        audit::repo::Actor { id: Some(account.id), username: Some(&username), role: Some(Role::Volunteer.as_str()) };
    audit::record(
        conn,
        actor,
        meta,
        Entry {
            action: "register",
            entity: "volunteer",
            entity_id: Some(dto.id),
            area_path: Some(&path),
            changes: Some(audit::snapshot(&dto)),
        },
    )?;
    Ok((dto, username))
}

pub fn update(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    sealer: Sealer,
    id: i64,
    if_match: IfMatch,
    input: UpdateVolunteer,
) -> Result<VolunteerDto, ApiError> {
    let current = find(conn, caller, id)?;
    if_match.check(current.volunteer.version)?;
    let mut errors = Vec::new();
    let area = match input.area_id {
        Some(area_id) => match reported_to(conn, &caller.scope, area_id) {
            Ok(a) => Some(a),
            Err(ApiError::Validation(mut e)) => {
                errors.append(&mut e);
                None
            }
            Err(other) => return Err(other),
        },
        None => None,
    };
    if let Some(status) = input.status {
        let from = current.volunteer.status();
        let allowed = matches!(
            (from, status),
            (VolunteerStatus::Active | VolunteerStatus::Inactive, VolunteerStatus::Active | VolunteerStatus::Inactive)
        );
        if !allowed && from != status {
            errors.push(FieldError::new("status", "not_applicable", "pending registrations are approved or rejected"));
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let id_number = match &input.id_number {
        Some(Some(n)) => Some(Some(seal_id_number(sealer, n)?)),
        Some(None) => Some(None),
        None => None,
    };
    let new_hash = match &id_number {
        Some(Some(n)) => Some(n.hash.as_str()),
        _ => None,
    };
    check_unique(conn, Some(id), input.phone.as_deref(), new_hash)?;
    if let Some(unit) = input.work_unit_id {
        check_work_unit(conn, unit)?;
    }
    if let (Some(phone), Some(user_id)) = (&input.phone, current.volunteer.user_id) {
        // The account signs in with the phone number: they move together.
        if phone != &current.volunteer.phone {
            if crate::users::repo::username_taken(conn, phone)? {
                return Err(ApiError::Duplicate { field: "phone" });
            }
            diesel::update(crate::db::schema::users::table.find(user_id))
                .set((crate::db::schema::users::username.eq(phone), crate::db::schema::users::phone.eq(phone)))
                .execute(conn)?;
        }
    }
    let before = audit::snapshot(&to_dto(conn, current.clone())?);
    let (sealed, hash, masked) = match id_number {
        Some(Some(n)) => (Some(Some(n.sealed)), Some(Some(n.hash)), Some(Some(n.masked))),
        Some(None) => (Some(None), Some(None), Some(None)),
        None => (None, None, None),
    };
    let changes = VolunteerChanges {
        name: input.name.map(|n| n.trim().to_string()),
        phone: input.phone,
        id_number_sealed: sealed,
        id_number_hash: hash,
        id_number_masked: masked,
        political_status: input.political_status.map(|p| p.as_str().to_string()),
        in_service: input.in_service,
        work_unit_id: input.work_unit_id,
        work_unit_name: input.work_unit_name,
        area_id: area.as_ref().map(|a| a.id),
        skills: input.skills.map(clean_skills),
        status: input.status.map(|s| s.as_str().to_string()),
        version: Some(current.volunteer.version + 1),
        updated_at: Some(Utc::now().naive_utc()),
        ..Default::default()
    };
    let volunteer: Volunteer = diesel::update(volunteers::table.find(id)).set(&changes).get_result(conn)?;
    let area = area.unwrap_or(current.area);
    let path = area.path.clone();
    let dto = to_dto(conn, Loaded { volunteer, area })?;
    record(conn, caller, meta, "update", dto.id, &path, audit::diff(&before, &audit::snapshot(&dto)))?;
    Ok(dto)
}

/// The community decides on a registration: `approve` (reason `None`) or `reject`.
pub fn decide(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    id: i64,
    reject_reason: Option<String>,
) -> Result<VolunteerDto, ApiError> {
    let current = find(conn, caller, id)?;
    let (action, to) = match reject_reason {
        None => ("approve", VolunteerStatus::Active),
        Some(_) => ("reject", VolunteerStatus::Rejected),
    };
    if current.volunteer.status() != VolunteerStatus::Pending {
        return Err(ApiError::Conflict(
            "invalid_transition",
            format!("a volunteer who is {} cannot be {action}d", current.volunteer.status().as_str()),
        ));
    }
    let before = audit::snapshot(&to_dto(conn, current.clone())?);
    let changed = diesel::update(
        volunteers::table
            .filter(volunteers::id.eq(id))
            .filter(volunteers::status.eq(VolunteerStatus::Pending.as_str())),
    )
    .set((
        volunteers::status.eq(to.as_str()),
        volunteers::reject_reason.eq(reject_reason.map(|r| r.trim().to_string())),
        volunteers::version.eq(current.volunteer.version + 1),
        volunteers::updated_at.eq(Utc::now().naive_utc()),
    ))
    .execute(conn)?;
    if changed == 0 {
        return Err(ApiError::Conflict("invalid_transition", "the volunteer changed meanwhile; read again".into()));
    }
    let row = find(conn, caller, id)?;
    let path = row.area.path.clone();
    let dto = to_dto(conn, row)?;
    record(conn, caller, meta, action, dto.id, &path, audit::diff(&before, &audit::snapshot(&dto)))?;
    Ok(dto)
}

/// The plain identity number, for a caller with `volunteers.reveal_id`; every
/// reveal is in the audit trail with who, whose and why.
pub fn reveal_id_number(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    key: &DataKey,
    id: i64,
    reason: &str,
) -> Result<IdNumber, ApiError> {
    let row = find(conn, caller, id)?;
    let sealed = row.volunteer.id_number_sealed.as_deref().ok_or(ApiError::NotFound)?;
    let id_number = key.open(sealed)?;
    let changes = serde_json::json!({"reason": reason.trim(), "volunteer_no": row.volunteer.volunteer_no});
    record(conn, caller, meta, "reveal_id_number", id, &row.area.path, changes)?;
    Ok(IdNumber { volunteer_id: id, id_number })
}
