use std::collections::HashMap;

use chrono::{Duration, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use diesel::prelude::*;
use rand::Rng;

use super::dto::{
    CreateProject, CreateShift, GenerateShifts, Organiser, ProjectDto, ProjectListQuery, ShiftDto, UpdateProject,
    UpdateShift,
};
use super::model::{ApprovalMode, NewProject, NewShift, OrganiserKind, Project, ProjectChanges, Shift, ShiftChanges};
use super::state::{self, ProjectAction, ProjectStatus};
use crate::apply_sort;
use crate::areas::model::{path_ids, Area};
use crate::audit::{self, Entry};
use crate::auth::{AreaScope, Caller, Permission, Role};
use crate::db::schema::{areas, enrollments, party_orgs, units, volunteer_projects, volunteer_shifts};
use crate::db::{DbBackend, DbConn};
use crate::http::etag::IfMatch;
use crate::http::list::{like_pattern, parse_sort, Page, Paging};
use crate::http::meta::RequestMeta;
use crate::http::{ApiError, FieldError};
use crate::needs::NeedCategory;
use crate::units::repo::areas_in;
use crate::users::dto::AreaRef;

const SORTABLE: &[&str] = &["created_at", "updated_at", "title", "id"];
/// The longest a single shift may last.
const LONGEST_SHIFT_HOURS: i64 = 24;
/// The most shifts one generation makes.
const MOST_GENERATED: usize = 500;

type Boxed = volunteer_projects::BoxedQuery<'static, DbBackend>;

/// A project with its area.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub project: Project,
    pub area: Area,
}

impl Loaded {
    pub fn status(&self) -> ProjectStatus {
        // The CHECK constraint keeps the column to the five statuses.
        ProjectStatus::parse(&self.project.status).unwrap_or(ProjectStatus::Cancelled)
    }

    pub fn approval_mode(&self) -> ApprovalMode {
        ApprovalMode::parse(&self.project.approval_mode).unwrap_or(ApprovalMode::Manual)
    }
}

/// Projects the caller can see. Staff: of their subtree. A unit contact: those
/// their unit organises, wherever they serve. A volunteer: those published
/// for their home area, the areas above it (a community's project is for all
/// its grids) and below it.
fn visible(caller: &Caller) -> Boxed {
    let query = volunteer_projects::table.into_boxed();
    if caller.role == Role::UnitContact {
        return query.filter(volunteer_projects::organiser_unit_id.eq(caller.unit_id.unwrap_or(-1)));
    }
    match &caller.scope {
        AreaScope::Everything => query,
        AreaScope::Subtree(prefix) if caller.role == Role::Volunteer => query
            .filter(
                volunteer_projects::area_id
                    .eq_any(path_ids(prefix))
                    .or(volunteer_projects::area_id.eq_any(areas_in(prefix))),
            )
            .filter(volunteer_projects::status.ne(ProjectStatus::Draft.as_str())),
        AreaScope::Subtree(prefix) => query.filter(volunteer_projects::area_id.eq_any(areas_in(prefix))),
    }
}

fn load(conn: &mut DbConn, query: Boxed) -> Result<Vec<Loaded>, ApiError> {
    let rows: Vec<Project> = query.load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|p| p.area_id).collect();
    let found: HashMap<i64, Area> =
        areas::table.filter(areas::id.eq_any(&ids)).load::<Area>(conn)?.into_iter().map(|a| (a.id, a)).collect();
    rows.into_iter()
        .map(|project| {
            let area =
                found.get(&project.area_id).cloned().ok_or_else(|| ApiError::internal("project without area"))?;
            Ok(Loaded { project, area })
        })
        .collect()
}

/// A project the caller can see; 404 for one absent or out of reach.
pub fn find(conn: &mut DbConn, caller: &Caller, id: i64) -> Result<Loaded, ApiError> {
    load(conn, visible(caller).filter(volunteer_projects::id.eq(id)).limit(1))?.pop().ok_or(ApiError::NotFound)
}

/// Staff with `projects.write` whose subtree holds the project's area, or the
/// contact of the unit that organises it.
pub fn organises(caller: &Caller, project: &Loaded) -> bool {
    caller.can(Permission::ProjectsWrite)
        && match caller.role {
            Role::Volunteer => false,
            Role::UnitContact => caller.unit_id.is_some() && project.project.organiser_unit_id == caller.unit_id,
            _ => caller.scope.contains(&project.area.path),
        }
}

pub fn require_organiser(caller: &Caller, project: &Loaded) -> Result<(), ApiError> {
    if organises(caller, project) {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

fn to_dtos(conn: &mut DbConn, rows: Vec<Loaded>) -> Result<Vec<ProjectDto>, ApiError> {
    let unit_ids: Vec<i64> = rows.iter().filter_map(|r| r.project.organiser_unit_id).collect();
    let org_ids: Vec<i64> = rows.iter().filter_map(|r| r.project.organiser_party_org_id).collect();
    let unit_names: HashMap<i64, String> = units::table
        .filter(units::id.eq_any(&unit_ids))
        .select((units::id, units::name))
        .load(conn)?
        .into_iter()
        .collect();
    let org_names: HashMap<i64, String> = party_orgs::table
        .filter(party_orgs::id.eq_any(&org_ids))
        .select((party_orgs::id, party_orgs::name))
        .load(conn)?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|row| {
            let status = row.status();
            let approval_mode = row.approval_mode();
            let p = row.project;
            let kind = OrganiserKind::parse(&p.organiser_kind).unwrap_or(OrganiserKind::Community);
            let organiser = match (kind, p.organiser_unit_id, p.organiser_party_org_id) {
                (OrganiserKind::Unit, Some(id), _) => {
                    Organiser { kind, id, name: unit_names.get(&id).cloned().unwrap_or_default() }
                }
                (OrganiserKind::PartyOrg, _, Some(id)) => {
                    Organiser { kind, id, name: org_names.get(&id).cloned().unwrap_or_default() }
                }
                _ => Organiser { kind: OrganiserKind::Community, id: row.area.id, name: row.area.name.clone() },
            };
            ProjectDto {
                id: p.id,
                title: p.title,
                category: NeedCategory::parse(&p.category).unwrap_or(NeedCategory::Convenience),
                organiser,
                area: AreaRef::from(row.area),
                place: p.place,
                description: p.description,
                requirements: p.requirements,
                approval_mode,
                status,
                cancel_reason: p.cancel_reason,
                version: p.version,
                created_at: p.created_at.and_utc(),
                updated_at: p.updated_at.and_utc(),
            }
        })
        .collect())
}

pub fn to_dto(conn: &mut DbConn, row: Loaded) -> Result<ProjectDto, ApiError> {
    Ok(to_dtos(conn, vec![row])?.remove(0))
}

pub fn list(conn: &mut DbConn, caller: &Caller, q: &ProjectListQuery) -> Result<Page<ProjectDto>, ApiError> {
    let paging = Paging::new(q.page, q.page_size)?;
    let sort = parse_sort(q.sort.as_deref(), SORTABLE, "-created_at")?;
    let within = match crate::areas::repo::area_filter(conn, &caller.scope, q.area_id)? {
        crate::areas::repo::AreaFilter::OutOfReach => return Ok(paging.wrap(Vec::new(), 0)),
        crate::areas::repo::AreaFilter::Subtree(path) => Some(path),
        crate::areas::repo::AreaFilter::Anywhere => None,
    };
    let filtered = || {
        let mut query = visible(caller);
        if let Some(path) = &within {
            query = query.filter(volunteer_projects::area_id.eq_any(areas_in(path)));
        }
        if let Some(text) = q.q.as_deref().filter(|t| !t.trim().is_empty()) {
            query = query.filter(volunteer_projects::title.like(like_pattern(text)).escape('\\'));
        }
        if let Some(status) = q.status {
            query = query.filter(volunteer_projects::status.eq(status.as_str()));
        }
        if let Some(category) = q.category {
            query = query.filter(volunteer_projects::category.eq(category.as_str()));
        }
        query
    };
    let sorted = apply_sort!(filtered(), &sort, volunteer_projects::id, {
        "created_at" => volunteer_projects::created_at,
        "updated_at" => volunteer_projects::updated_at,
        "title" => volunteer_projects::title,
        "id" => volunteer_projects::id,
    });
    let rows = load(conn, sorted.limit(paging.page_size).offset(paging.offset()))?;
    let total = match paging.total_from_page(rows.len()) {
        Some(total) => total,
        None => filtered().count().get_result(conn)?,
    };
    Ok(paging.wrap(to_dtos(conn, rows)?, total))
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
        Entry {
            action,
            entity: "volunteer_project",
            entity_id: Some(id),
            area_path: Some(path),
            changes: Some(changes),
        },
    )
}

pub fn create(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    input: CreateProject,
) -> Result<ProjectDto, ApiError> {
    let area = crate::needs::repo::community_or_grid(conn, caller, "area_id", input.area_id)?;
    let mut errors = Vec::new();
    let (mut unit_id, org_id) = (input.organiser_unit_id, input.organiser_party_org_id);
    if caller.role == Role::UnitContact {
        // A unit contact organises for their own unit alone, named or not.
        if input.organiser_kind != OrganiserKind::Unit {
            errors.push(FieldError::new(
                "organiser_kind",
                "beyond_your_reach",
                "a unit contact organises as their unit",
            ));
        }
        if unit_id.is_some_and(|id| Some(id) != caller.unit_id) {
            errors.push(FieldError::new(
                "organiser_unit_id",
                "beyond_your_reach",
                "a unit contact organises as their unit",
            ));
        }
        unit_id = caller.unit_id;
    }
    match input.organiser_kind {
        OrganiserKind::Unit => match unit_id {
            Some(id) => {
                if let Err(ApiError::Validation(mut e)) =
                    crate::units::repo::find_reference(conn, caller, "organiser_unit_id", id).map(|_| ())
                {
                    errors.append(&mut e);
                }
            }
            None => errors.push(FieldError::new("organiser_unit_id", "required", "name the organising unit")),
        },
        OrganiserKind::PartyOrg => match org_id {
            Some(id) => {
                if crate::party_orgs::repo::find(conn, &caller.scope, id).is_err() {
                    errors.push(FieldError::new(
                        "organiser_party_org_id",
                        "not_found",
                        "no such party organisation within your reach",
                    ));
                }
            }
            None => errors.push(FieldError::new(
                "organiser_party_org_id",
                "required",
                "name the organising party organisation",
            )),
        },
        OrganiserKind::Community => {}
    }
    for (field, sent, kind) in [
        ("organiser_unit_id", input.organiser_unit_id.is_some(), OrganiserKind::Unit),
        ("organiser_party_org_id", org_id.is_some(), OrganiserKind::PartyOrg),
    ] {
        if sent && input.organiser_kind != kind {
            errors.push(FieldError::new(field, "not_applicable", "does not go with this organiser_kind"));
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let now = Utc::now().naive_utc();
    let project: Project = diesel::insert_into(volunteer_projects::table)
        .values(NewProject {
            title: input.title.trim().to_string(),
            category: input.category.as_str().to_string(),
            organiser_kind: input.organiser_kind.as_str().to_string(),
            organiser_unit_id: unit_id,
            organiser_party_org_id: org_id,
            area_id: area.id,
            place: input.place,
            description: input.description,
            requirements: input.requirements,
            approval_mode: input.approval_mode.unwrap_or(ApprovalMode::Automatic).as_str().to_string(),
            status: ProjectStatus::Draft.as_str().to_string(),
            created_by: caller.user_id,
            version: 1,
            created_at: now,
            updated_at: now,
        })
        .get_result(conn)?;
    let path = area.path.clone();
    let dto = to_dto(conn, Loaded { project, area })?;
    record(conn, caller, meta, "create", dto.id, &path, audit::snapshot(&dto))?;
    Ok(dto)
}

pub fn update(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    id: i64,
    if_match: IfMatch,
    input: UpdateProject,
) -> Result<ProjectDto, ApiError> {
    let current = find(conn, caller, id)?;
    require_organiser(caller, &current)?;
    if_match.check(current.project.version)?;
    if !current.status().takes_shifts() {
        return Err(ApiError::Conflict("invalid_transition", "a completed or cancelled project is not edited".into()));
    }
    let before = audit::snapshot(&to_dto(conn, current.clone())?);
    let changes = ProjectChanges {
        title: input.title.map(|t| t.trim().to_string()),
        category: input.category.map(|c| c.as_str().to_string()),
        place: input.place,
        description: input.description,
        requirements: input.requirements,
        approval_mode: input.approval_mode.map(|m| m.as_str().to_string()),
        version: Some(current.project.version + 1),
        updated_at: Some(Utc::now().naive_utc()),
        ..Default::default()
    };
    let project: Project = diesel::update(volunteer_projects::table.find(id)).set(&changes).get_result(conn)?;
    let path = current.area.path.clone();
    let dto = to_dto(conn, Loaded { project, area: current.area })?;
    record(conn, caller, meta, "update", id, &path, audit::diff(&before, &audit::snapshot(&dto)))?;
    Ok(dto)
}

/// Publishes, starts, completes or cancels a project (status read and
/// written in one conditional statement, so two requests cannot both move it).
pub fn act(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    id: i64,
    action: ProjectAction,
    reason: Option<String>,
) -> Result<ProjectDto, ApiError> {
    let current = find(conn, caller, id)?;
    require_organiser(caller, &current)?;
    let from = current.status();
    let to = state::transition(from, action)?;
    let before = audit::snapshot(&to_dto(conn, current.clone())?);
    let changes = ProjectChanges {
        status: Some(to.as_str().to_string()),
        cancel_reason: reason.as_deref().map(|r| Some(r.trim().to_string())),
        version: Some(current.project.version + 1),
        updated_at: Some(Utc::now().naive_utc()),
        ..Default::default()
    };
    let changed = diesel::update(
        volunteer_projects::table
            .filter(volunteer_projects::id.eq(id))
            .filter(volunteer_projects::status.eq(from.as_str())),
    )
    .set(&changes)
    .execute(conn)?;
    if changed == 0 {
        return Err(ApiError::Conflict("invalid_transition", "the project changed meanwhile; read it again".into()));
    }
    let released = match to {
        ProjectStatus::Cancelled => crate::enrollments::repo::release_cancelled_project(conn, id, reason.as_deref())?,
        _ => 0,
    };
    let row = find(conn, caller, id)?;
    let path = row.area.path.clone();
    let dto = to_dto(conn, row)?;
    let mut changes = audit::diff(&before, &audit::snapshot(&dto));
    if released > 0 {
        changes["withdrawn_sign_ups"] = serde_json::json!(released);
    }
    record(conn, caller, meta, action.as_str(), id, &path, changes)?;
    Ok(dto)
}

// ---- shifts ----

/// A shift the caller can see, with its project.
pub fn find_shift(conn: &mut DbConn, caller: &Caller, id: i64) -> Result<(Shift, Loaded), ApiError> {
    let shift: Shift = volunteer_shifts::table.find(id).first(conn).optional()?.ok_or(ApiError::NotFound)?;
    let project = find(conn, caller, shift.project_id)?;
    Ok((shift, project))
}

/// Six digits, shown by the organiser on the spot.
fn check_in_code() -> String {
    format!("{:06}", rand::rng().random_range(0..1_000_000))
}

pub fn shift_dtos(
    conn: &mut DbConn,
    caller: &Caller,
    project: &Loaded,
    shifts: Vec<Shift>,
    with_roster: bool,
) -> Result<Vec<ShiftDto>, ApiError> {
    let organiser = organises(caller, project);
    let ids: Vec<i64> = shifts.iter().map(|s| s.id).collect();
    let waiting: HashMap<i64, i64> = enrollments::table
        .filter(enrollments::shift_id.eq_any(&ids))
        .filter(enrollments::status.eq("waitlisted"))
        .group_by(enrollments::shift_id)
        .select((enrollments::shift_id, diesel::dsl::count_star()))
        .load(conn)?
        .into_iter()
        .collect();
    shifts
        .into_iter()
        .map(|s| {
            let roster =
                if organiser && with_roster { Some(crate::enrollments::repo::roster(conn, s.id)?) } else { None };
            Ok(ShiftDto {
                id: s.id,
                project_id: s.project_id,
                starts_at: s.starts_at.and_utc(),
                ends_at: s.ends_at.and_utc(),
                places: s.places,
                taken: s.taken,
                places_left: (s.places - s.taken).max(0),
                waitlisted: waiting.get(&s.id).copied().unwrap_or(0),
                check_in_code: organiser.then(|| s.check_in_code.clone()),
                roster,
                version: s.version,
            })
        })
        .collect()
}

pub fn list_shifts(conn: &mut DbConn, caller: &Caller, project_id: i64) -> Result<Vec<ShiftDto>, ApiError> {
    let project = find(conn, caller, project_id)?;
    let shifts: Vec<Shift> = volunteer_shifts::table
        .filter(volunteer_shifts::project_id.eq(project_id))
        .order((volunteer_shifts::starts_at.asc(), volunteer_shifts::id.asc()))
        .load(conn)?;
    shift_dtos(conn, caller, &project, shifts, false)
}

fn checked_window(starts: NaiveDateTime, ends: NaiveDateTime, field: &str) -> Option<FieldError> {
    if ends <= starts {
        Some(FieldError::new(field, "ends_before_start", "the end must come after the start"))
    } else if ends - starts > Duration::hours(LONGEST_SHIFT_HOURS) {
        Some(FieldError::new(field, "out_of_range", format!("a shift lasts at most {LONGEST_SHIFT_HOURS} hours")))
    } else {
        None
    }
}

fn insert_shifts(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    project: &Loaded,
    windows: Vec<(NaiveDateTime, NaiveDateTime)>,
    places: i32,
) -> Result<Vec<ShiftDto>, ApiError> {
    let now = Utc::now().naive_utc();
    let mut made = Vec::new();
    for (starts_at, ends_at) in windows {
        let shift: Shift = diesel::insert_into(volunteer_shifts::table)
            .values(NewShift {
                project_id: project.project.id,
                starts_at,
                ends_at,
                places,
                taken: 0,
                check_in_code: check_in_code(),
                version: 1,
                created_at: now,
                updated_at: now,
            })
            .get_result(conn)?;
        made.push(shift);
    }
    let changes = serde_json::json!({
        "shifts": made.iter().map(shift_snapshot).collect::<Vec<_>>()
    });
    record(conn, caller, meta, "add_shifts", project.project.id, &project.area.path, changes)?;
    shift_dtos(conn, caller, project, made, false)
}

fn project_for_shifts(conn: &mut DbConn, caller: &Caller, project_id: i64) -> Result<Loaded, ApiError> {
    let project = find(conn, caller, project_id)?;
    require_organiser(caller, &project)?;
    if !project.status().takes_shifts() {
        return Err(ApiError::Conflict(
            "invalid_transition",
            "a completed or cancelled project takes no shifts".into(),
        ));
    }
    Ok(project)
}

pub fn create_shift(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    project_id: i64,
    input: CreateShift,
) -> Result<ShiftDto, ApiError> {
    let project = project_for_shifts(conn, caller, project_id)?;
    let (starts, ends) = (input.starts_at.naive_utc(), input.ends_at.naive_utc());
    if let Some(e) = checked_window(starts, ends, "ends_at") {
        return Err(ApiError::Validation(vec![e]));
    }
    Ok(insert_shifts(conn, caller, meta, &project, vec![(starts, ends)], input.places)?.remove(0))
}

/// Sign-ups of a shift in any status but withdrawn or rejected: the people a
/// change of its times would move, and the history a deletion would lose.
fn standing_sign_ups(conn: &mut DbConn, shift_id: i64) -> Result<i64, ApiError> {
    use crate::enrollments::model::EnrollmentStatus;
    Ok(enrollments::table
        .filter(enrollments::shift_id.eq(shift_id))
        .filter(enrollments::status.ne_all([EnrollmentStatus::Withdrawn.as_str(), EnrollmentStatus::Rejected.as_str()]))
        .count()
        .get_result(conn)?)
}

/// A shift the caller organises, of a project still taking shifts, not over yet.
fn shift_to_change(conn: &mut DbConn, caller: &Caller, id: i64) -> Result<(Shift, Loaded), ApiError> {
    let (shift, project) = find_shift(conn, caller, id)?;
    require_organiser(caller, &project)?;
    if !project.status().takes_shifts() {
        return Err(ApiError::Conflict(
            "invalid_transition",
            "the shifts of a completed or cancelled project are not changed".into(),
        ));
    }
    if shift.ends_at <= Utc::now().naive_utc() {
        return Err(ApiError::Conflict("invalid_transition", "a shift that is over is not changed".into()));
    }
    Ok((shift, project))
}

fn shift_snapshot(s: &Shift) -> serde_json::Value {
    serde_json::json!({"id": s.id, "starts_at": s.starts_at.and_utc(), "ends_at": s.ends_at.and_utc(), "places": s.places})
}

/// Moves a shift or changes its places. Times move only while nobody stands
/// signed up (their own plans and overlap checks were made on the old ones);
/// places never drop below those taken, and new places go to the waitlist.
pub fn update_shift(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    id: i64,
    if_match: IfMatch,
    input: UpdateShift,
) -> Result<ShiftDto, ApiError> {
    let (shift, project) = shift_to_change(conn, caller, id)?;
    if_match.check(shift.version)?;
    let starts = input.starts_at.map_or(shift.starts_at, |t| t.naive_utc());
    let ends = input.ends_at.map_or(shift.ends_at, |t| t.naive_utc());
    let moved = starts != shift.starts_at || ends != shift.ends_at;
    let mut errors = Vec::new();
    if moved {
        if let Some(e) = checked_window(starts, ends, "ends_at") {
            errors.push(e);
        }
    }
    // Read as the shift's row is locked, so a sign-up racing this change is counted.
    let taken: i32 = diesel::update(volunteer_shifts::table.find(id))
        .set(volunteer_shifts::version.eq(volunteer_shifts::version))
        .returning(volunteer_shifts::taken)
        .get_result(conn)?;
    if let Some(places) = input.places.filter(|p| *p < taken) {
        errors.push(FieldError::new(
            "places",
            "below_taken",
            format!("{taken} places are held by sign-ups; {places} is too few"),
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    if moved {
        let standing = standing_sign_ups(conn, id)?;
        if standing > 0 {
            return Err(ApiError::Conflict(
                "has_sign_ups",
                format!("{standing} volunteer(s) signed up for these times; add a new shift instead"),
            ));
        }
        // Withdrawn and rejected sign-ups keep the shift's times with them.
        diesel::update(enrollments::table.filter(enrollments::shift_id.eq(id)))
            .set((enrollments::starts_at.eq(starts), enrollments::ends_at.eq(ends)))
            .execute(conn)?;
    }
    let before = shift_snapshot(&shift);
    let changes = ShiftChanges {
        starts_at: moved.then_some(starts),
        ends_at: moved.then_some(ends),
        places: input.places,
        version: Some(shift.version + 1),
        updated_at: Some(Utc::now().naive_utc()),
    };
    diesel::update(volunteer_shifts::table.find(id)).set(&changes).execute(conn)?;
    let promoted = crate::enrollments::repo::promote_waitlisted(conn, id, project.approval_mode())?;
    let updated: Shift = volunteer_shifts::table.find(id).first(conn)?;
    let mut diff = audit::diff(&before, &shift_snapshot(&updated));
    diff["shift_id"] = serde_json::json!(id);
    if promoted > 0 {
        diff["promoted_sign_ups"] = serde_json::json!(promoted);
    }
    record(conn, caller, meta, "update_shift", project.project.id, &project.area.path, diff)?;
    Ok(shift_dtos(conn, caller, &project, vec![updated], true)?.remove(0))
}

/// Deletes a shift nobody ever signed up for; one with sign-ups keeps its
/// history (set its places, or cancel the project, instead).
pub fn delete_shift(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    id: i64,
    if_match: IfMatch,
) -> Result<(), ApiError> {
    let (shift, project) = shift_to_change(conn, caller, id)?;
    if_match.check(shift.version)?;
    let sign_ups: i64 = enrollments::table.filter(enrollments::shift_id.eq(id)).count().get_result(conn)?;
    if sign_ups > 0 {
        return Err(ApiError::StillReferenced(format!("{sign_ups} sign-up(s) are recorded on this shift")));
    }
    diesel::delete(volunteer_shifts::table.find(id)).execute(conn)?;
    let changes = serde_json::json!({"deleted_shift": shift_snapshot(&shift)});
    record(conn, caller, meta, "delete_shift", project.project.id, &project.area.path, changes)?;
    Ok(())
}

fn parse_time(value: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(value, "%H:%M").ok().filter(|_| value.len() == 5)
}

/// The UTC times of a local date and time; a time skipped by a clock change
/// takes the later reading, one that repeats the earlier.
fn local_to_utc(tz: &Tz, date: chrono::NaiveDate, time: NaiveTime) -> Option<NaiveDateTime> {
    let local = date.and_time(time);
    tz.from_local_datetime(&local).earliest().map(|t| t.naive_utc())
}

/// The shifts of a date range × daily windows, all checked before any is made.
pub fn generate_shifts(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    project_id: i64,
    input: GenerateShifts,
    tz: &Tz,
) -> Result<Vec<ShiftDto>, ApiError> {
    let project = project_for_shifts(conn, caller, project_id)?;
    let mut errors = Vec::new();
    if input.to < input.from {
        errors.push(FieldError::new("to", "ends_before_start", "`to` is before `from`"));
    } else if (input.to - input.from).num_days() > 366 {
        errors.push(FieldError::new("to", "out_of_range", "at most 366 days after `from`"));
    }
    let mut times = Vec::new();
    for (i, w) in input.windows.iter().enumerate() {
        match (parse_time(&w.start), parse_time(&w.end)) {
            (Some(s), Some(e)) if s < e => times.push((s, e)),
            (Some(_), Some(_)) => errors.push(FieldError::new(
                format!("windows[{i}].end"),
                "ends_before_start",
                "the end must come after the start",
            )),
            (s, e) => {
                if s.is_none() {
                    errors.push(FieldError::new(
                        format!("windows[{i}].start"),
                        "invalid_time",
                        "a time of day as HH:MM",
                    ));
                }
                if e.is_none() {
                    errors.push(FieldError::new(format!("windows[{i}].end"), "invalid_time", "a time of day as HH:MM"));
                }
            }
        }
    }
    let mut sorted = times.clone();
    sorted.sort();
    if sorted.windows(2).any(|p| p[1].0 < p[0].1) {
        errors.push(FieldError::new("windows", "overlapping_windows", "the daily windows overlap"));
    }
    if errors.is_empty() {
        let days = (input.to - input.from).num_days() as usize + 1;
        if days * times.len() > MOST_GENERATED {
            errors.push(FieldError::new("windows", "out_of_range", format!("at most {MOST_GENERATED} shifts at once")));
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let mut windows = Vec::new();
    for day in input.from.iter_days().take_while(|d| *d <= input.to) {
        for (s, e) in &sorted {
            let (Some(starts), Some(ends)) = (local_to_utc(tz, day, *s), local_to_utc(tz, day, *e)) else {
                return Err(ApiError::field(
                    "windows",
                    "invalid_time",
                    format!("{day}: a time that does not exist there"),
                ));
            };
            windows.push((starts, ends));
        }
    }
    insert_shifts(conn, caller, meta, &project, windows, input.places)
}

/// A project by id whatever the caller's reach: for a volunteer acting on
/// their own sign-up, which was checked before.
pub fn find_unscoped(conn: &mut DbConn, id: i64) -> Result<Loaded, ApiError> {
    load(conn, volunteer_projects::table.into_boxed().filter(volunteer_projects::id.eq(id)).limit(1))?
        .pop()
        .ok_or(ApiError::NotFound)
}
