//! Sign-ups. The rules that keep places right under any number of
//! simultaneous requests, on SQLite and PostgreSQL alike:
//!
//! - a place is taken by one conditional statement, `UPDATE volunteer_shifts
//!   SET taken = taken + 1 WHERE id = ? AND taken < places`, in the same
//!   transaction as the sign-up; when it changes no row the sign-up joins
//!   the waitlist. PostgreSQL re-checks the condition after waiting for the
//!   row lock, SQLite runs write transactions one at a time;
//! - a freed place goes to the first on the waitlist in the same transaction
//!   that frees it, while the shift's row is still locked, so a new sign-up
//!   never jumps the queue;
//! - every sign-up to a shift first locks the shift's row, so the waitlist
//!   fills in commit order and positions are never given twice;
//! - a `pending` sign-up (manual approval) holds its place: what someone who
//!   signed up expects, and what the organiser decides on.

use std::collections::HashMap;

use chrono::{Duration, NaiveDateTime, Utc};
use chrono_tz::Tz;
use diesel::prelude::*;

use super::dto::{CreateEnrollment, EnrollmentDto, EnrollmentListQuery, MyEnrollmentsQuery, ProjectRef, VolunteerRef};
use super::model::{Enrollment, EnrollmentStatus, NewEnrollment};
use crate::audit::{self, Entry};
use crate::auth::{AreaScope, Caller, Permission, Role};
use crate::db::schema::{enrollments, volunteer_projects, volunteer_shifts, volunteers};
use crate::db::{DbBackend, DbConn};
use crate::http::list::{ChangeCursor, CursorPage, Paging};
use crate::http::meta::RequestMeta;
use crate::http::ApiError;
use crate::projects::model::{ApprovalMode, Shift};
use crate::projects::repo::{self as projects_repo, Loaded as LoadedProject};
use crate::records::repo as records_repo;
use crate::units::repo::areas_in;
use crate::volunteers::repo as volunteers_repo;
use crate::volunteers::VolunteerStatus;

fn to_dtos(conn: &mut DbConn, rows: Vec<Enrollment>) -> Result<Vec<EnrollmentDto>, ApiError> {
    let volunteer_ids: Vec<i64> = rows.iter().map(|e| e.volunteer_id).collect();
    let shift_ids: Vec<i64> = rows.iter().map(|e| e.shift_id).collect();
    let people: HashMap<i64, (String, String)> = volunteers::table
        .filter(volunteers::id.eq_any(&volunteer_ids))
        .select((volunteers::id, (volunteers::volunteer_no, volunteers::name)))
        .load(conn)?
        .into_iter()
        .collect();
    let projects: HashMap<i64, (i64, String)> = volunteer_shifts::table
        .inner_join(volunteer_projects::table)
        .filter(volunteer_shifts::id.eq_any(&shift_ids))
        .select((volunteer_shifts::id, (volunteer_projects::id, volunteer_projects::title)))
        .load(conn)?
        .into_iter()
        .collect();
    // Waitlist positions: every waitlisted id of the shifts concerned, in
    // order, read once for the page rather than counted per row.
    let mut waiting_shifts: Vec<i64> =
        rows.iter().filter(|e| e.status() == EnrollmentStatus::Waitlisted).map(|e| e.shift_id).collect();
    waiting_shifts.sort_unstable();
    waiting_shifts.dedup();
    let mut positions: HashMap<i64, i64> = HashMap::new();
    if !waiting_shifts.is_empty() {
        let queue: Vec<(i64, i64)> = enrollments::table
            .filter(enrollments::shift_id.eq_any(&waiting_shifts))
            .filter(enrollments::status.eq(EnrollmentStatus::Waitlisted.as_str()))
            .order((enrollments::shift_id.asc(), enrollments::id.asc()))
            .select((enrollments::shift_id, enrollments::id))
            .load(conn)?;
        let mut place = (0_i64, 0_i64);
        for (shift, id) in queue {
            place = if place.0 == shift { (shift, place.1 + 1) } else { (shift, 1) };
            positions.insert(id, place.1);
        }
    }
    rows.into_iter()
        .map(|e| {
            let status = e.status();
            let waitlist_position =
                if status == EnrollmentStatus::Waitlisted { positions.get(&e.id).copied() } else { None };
            let (volunteer_no, name) = people.get(&e.volunteer_id).cloned().unwrap_or_default();
            let (project_id, title) = projects.get(&e.shift_id).cloned().unwrap_or_default();
            Ok(EnrollmentDto {
                id: e.id,
                shift_id: e.shift_id,
                project: ProjectRef { id: project_id, title },
                volunteer: VolunteerRef { id: e.volunteer_id, volunteer_no, name },
                starts_at: e.starts_at.and_utc(),
                ends_at: e.ends_at.and_utc(),
                status,
                waitlist_position,
                reason: e.reason,
                checked_in_at: e.checked_in_at.map(|t| t.and_utc()),
                checked_out_at: e.checked_out_at.map(|t| t.and_utc()),
                minutes: e.minutes,
                version: e.version,
                created_at: e.created_at.and_utc(),
                updated_at: e.updated_at.and_utc(),
            })
        })
        .collect()
}

/// Every sign-up of a shift, oldest first: the organiser's roster.
pub fn roster(conn: &mut DbConn, shift_id: i64) -> Result<Vec<EnrollmentDto>, ApiError> {
    let rows: Vec<Enrollment> =
        enrollments::table.filter(enrollments::shift_id.eq(shift_id)).order(enrollments::id.asc()).load(conn)?;
    to_dtos(conn, rows)
}

type Boxed = enrollments::BoxedQuery<'static, DbBackend>;

/// Sign-ups to shifts of projects in the caller's subtree.
fn visible(caller: &Caller) -> Boxed {
    let query = enrollments::table.into_boxed();
    match &caller.scope {
        AreaScope::Everything => query,
        AreaScope::Subtree(prefix) => query.filter(
            enrollments::shift_id.eq_any(
                volunteer_shifts::table
                    .filter(
                        volunteer_shifts::project_id.eq_any(
                            volunteer_projects::table
                                .filter(volunteer_projects::area_id.eq_any(areas_in(prefix)))
                                .select(volunteer_projects::id),
                        ),
                    )
                    .select(volunteer_shifts::id),
            ),
        ),
    }
}

/// A page of `query`: by number, latest shift first; or, with a cursor or
/// `updated_since`, by keyset in the order of last change, for sync. A
/// sign-up that changes while a client pages moves to the end, where the
/// client meets it again: nothing is skipped.
fn page_of(
    conn: &mut DbConn,
    query: impl Fn() -> Boxed,
    page: Option<i64>,
    page_size: Option<i64>,
    cursor: Option<&str>,
    updated_since: Option<chrono::DateTime<Utc>>,
) -> Result<CursorPage<EnrollmentDto>, ApiError> {
    let paging = Paging::new(page, page_size)?;
    let after = cursor.map(ChangeCursor::decode).transpose()?;
    if after.is_some() || updated_since.is_some() {
        let mut keyset = query();
        if let Some(since) = updated_since {
            keyset = keyset.filter(enrollments::updated_at.ge(since.naive_utc()));
        }
        if let Some(Some(at)) = after {
            // The range alone walks the (updated_at, id) index; the OR only
            // trims the rows of the cursor's own instant.
            keyset = keyset
                .filter(enrollments::updated_at.ge(at.changed_at))
                .filter(enrollments::updated_at.gt(at.changed_at).or(enrollments::id.gt(at.id)));
        }
        let rows: Vec<Enrollment> = keyset
            .order((enrollments::updated_at.asc(), enrollments::id.asc()))
            .limit(paging.page_size + 1)
            .load(conn)?;
        return Ok(CursorPage::keyset(to_dtos(conn, rows)?, paging.page_size, |e| {
            ChangeCursor { changed_at: e.updated_at.naive_utc(), id: e.id }.encode()
        }));
    }
    let rows: Vec<Enrollment> = query()
        .order((enrollments::starts_at.desc(), enrollments::id.desc()))
        .limit(paging.page_size)
        .offset(paging.offset())
        .load(conn)?;
    let total = match paging.total_from_page(rows.len()) {
        Some(total) => total,
        None => query().count().get_result(conn)?,
    };
    Ok(CursorPage::numbered(paging.wrap(to_dtos(conn, rows)?, total)))
}

/// Sign-ups of projects in the caller's subtree (`GET /enrollments`).
pub fn list(
    conn: &mut DbConn,
    caller: &Caller,
    q: &EnrollmentListQuery,
) -> Result<CursorPage<EnrollmentDto>, ApiError> {
    let (scope, filters) = (caller.clone(), q.clone());
    let query = move || {
        let mut query = visible(&scope);
        if let Some(id) = filters.shift_id {
            query = query.filter(enrollments::shift_id.eq(id));
        }
        if let Some(id) = filters.project_id {
            query = query.filter(enrollments::shift_id.eq_any(
                volunteer_shifts::table.filter(volunteer_shifts::project_id.eq(id)).select(volunteer_shifts::id),
            ));
        }
        if let Some(id) = filters.volunteer_id {
            query = query.filter(enrollments::volunteer_id.eq(id));
        }
        if let Some(status) = filters.status {
            query = query.filter(enrollments::status.eq(status.as_str()));
        }
        query
    };
    page_of(conn, query, q.page, q.page_size, q.cursor.as_deref(), q.updated_since)
}

/// The signed-in volunteer's own sign-ups, latest shift first (or by
/// keyset for sync).
pub fn mine(conn: &mut DbConn, caller: &Caller, q: &MyEnrollmentsQuery) -> Result<CursorPage<EnrollmentDto>, ApiError> {
    let me = volunteers_repo::of_account(conn, caller)?.volunteer.id;
    let status = q.status;
    let query = move || {
        let mut query = enrollments::table.filter(enrollments::volunteer_id.eq(me)).into_boxed();
        if let Some(status) = status {
            query = query.filter(enrollments::status.eq(status.as_str()));
        }
        query
    };
    page_of(conn, query, q.page, q.page_size, q.cursor.as_deref(), q.updated_since)
}

fn record(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    action: &str,
    dto: &EnrollmentDto,
    path: &str,
) -> Result<(), ApiError> {
    audit::record(
        conn,
        caller,
        meta,
        Entry {
            action,
            entity: "enrollment",
            entity_id: Some(dto.id),
            area_path: Some(path),
            changes: Some(
                serde_json::json!({"shift_id": dto.shift_id, "volunteer_id": dto.volunteer.id, "status": dto.status}),
            ),
        },
    )
}

/// Takes one place of a shift if one is free: the one statement that counts.
fn take_place(conn: &mut DbConn, shift_id: i64) -> Result<bool, ApiError> {
    let taken = diesel::update(
        volunteer_shifts::table
            .filter(volunteer_shifts::id.eq(shift_id))
            .filter(volunteer_shifts::taken.lt(volunteer_shifts::places)),
    )
    .set(volunteer_shifts::taken.eq(volunteer_shifts::taken + 1))
    .execute(conn)?;
    Ok(taken == 1)
}

/// Frees a place, then gives it to the first on the waitlist, if any.
fn free_place(conn: &mut DbConn, shift_id: i64, mode: ApprovalMode) -> Result<(), ApiError> {
    diesel::update(
        volunteer_shifts::table.filter(volunteer_shifts::id.eq(shift_id)).filter(volunteer_shifts::taken.gt(0)),
    )
    .set(volunteer_shifts::taken.eq(volunteer_shifts::taken - 1))
    .execute(conn)?;
    promote_waitlisted(conn, shift_id, mode)?;
    Ok(())
}

/// Gives the shift's free places to the waitlist, first come first placed;
/// the number promoted.
pub fn promote_waitlisted(conn: &mut DbConn, shift_id: i64, mode: ApprovalMode) -> Result<usize, ApiError> {
    let mut promoted = 0;
    loop {
        let first: Option<i64> = enrollments::table
            .filter(enrollments::shift_id.eq(shift_id))
            .filter(enrollments::status.eq(EnrollmentStatus::Waitlisted.as_str()))
            .order(enrollments::id.asc())
            .select(enrollments::id)
            .first(conn)
            .optional()?;
        let Some(next) = first else { return Ok(promoted) };
        if !take_place(conn, shift_id)? {
            return Ok(promoted);
        }
        diesel::update(enrollments::table.find(next))
            .set((
                enrollments::status.eq(placed_status(mode).as_str()),
                enrollments::holds_place.eq(true),
                enrollments::version.eq(enrollments::version + 1),
                enrollments::updated_at.eq(Utc::now().naive_utc()),
            ))
            .execute(conn)?;
        promoted += 1;
    }
}

/// What a sign-up with a place becomes.
fn placed_status(mode: ApprovalMode) -> EnrollmentStatus {
    match mode {
        ApprovalMode::Automatic => EnrollmentStatus::Enrolled,
        ApprovalMode::Manual => EnrollmentStatus::Pending,
    }
}

/// A volunteer account for itself, or staff who organise projects.
fn require_signing_up(caller: &Caller) -> Result<(), ApiError> {
    caller.require(if caller.role == Role::Volunteer { Permission::EnrollmentsSelf } else { Permission::ProjectsWrite })
}

/// Signs a volunteer up for a shift: enrolled (or pending) with a place,
/// waitlisted without one.
pub fn enroll(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    shift_id: i64,
    input: CreateEnrollment,
) -> Result<EnrollmentDto, ApiError> {
    require_signing_up(caller)?;
    let (shift, project) = projects_repo::find_shift(conn, caller, shift_id)?;
    let volunteer = if caller.role == Role::Volunteer {
        let me = volunteers_repo::of_account(conn, caller).map_err(|_| ApiError::Forbidden)?;
        if input.volunteer_id.is_some_and(|id| id != me.volunteer.id) {
            return Err(ApiError::Forbidden);
        }
        me
    } else {
        projects_repo::require_organiser(caller, &project)?;
        let id = input.volunteer_id.ok_or_else(|| ApiError::field("volunteer_id", "required", "name the volunteer"))?;
        volunteers_repo::find_reference(conn, caller, "volunteer_id", id)?
    };
    let now = Utc::now().naive_utc();
    if !project.status().takes_sign_ups() || shift.ends_at <= now {
        return Err(ApiError::Conflict("not_recruiting", "the project takes no sign-ups for this shift".into()));
    }
    if volunteer.volunteer.status() != VolunteerStatus::Active {
        return Err(ApiError::Conflict(
            "volunteer_not_active",
            format!("the volunteer is {}; only active volunteers sign up", volunteer.volunteer.status().as_str()),
        ));
    }
    let volunteer_id = volunteer.volunteer.id;
    // Locks the volunteer's row on PostgreSQL until commit, so two sign-ups
    // of one person (to one shift, or to two overlapping ones) are judged one
    // after the other; SQLite's write transactions already are.
    diesel::update(volunteers::table.find(volunteer_id))
        .set(volunteers::version.eq(volunteers::version))
        .execute(conn)?;
    let live = EnrollmentStatus::live_strs();
    let theirs = || {
        enrollments::table
            .filter(enrollments::volunteer_id.eq(volunteer_id))
            .filter(enrollments::status.eq_any(live.clone()))
    };
    if theirs().filter(enrollments::shift_id.eq(shift_id)).count().get_result::<i64>(conn)? > 0 {
        return Err(ApiError::Conflict("already_enrolled", "the volunteer is already signed up for this shift".into()));
    }
    let overlapping: i64 = theirs()
        .filter(enrollments::starts_at.lt(shift.ends_at))
        .filter(enrollments::ends_at.gt(shift.starts_at))
        .count()
        .get_result(conn)?;
    if overlapping > 0 {
        return Err(ApiError::Conflict(
            "overlapping_shift",
            "the volunteer is signed up for a shift at the same time".into(),
        ));
    }
    // Every sign-up to the shift queues on its row, placed or not, so the
    // waitlist is in commit order and each position is given once (on
    // PostgreSQL an UPDATE whose condition fails takes no lock by itself).
    diesel::update(volunteer_shifts::table.find(shift_id))
        .set(volunteer_shifts::version.eq(volunteer_shifts::version))
        .execute(conn)?;
    let placed = take_place(conn, shift_id)?;
    let status = if placed { placed_status(project.approval_mode()) } else { EnrollmentStatus::Waitlisted };
    let row: Enrollment = diesel::insert_into(enrollments::table)
        .values(NewEnrollment {
            shift_id,
            volunteer_id,
            starts_at: shift.starts_at,
            ends_at: shift.ends_at,
            status: status.as_str().to_string(),
            holds_place: placed,
            enrolled_by: caller.user_id,
            version: 1,
            created_at: now,
            updated_at: now,
        })
        .get_result(conn)?;
    let dto = to_dtos(conn, vec![row])?.remove(0);
    record(conn, caller, meta, "enroll", &dto, &project.area.path)?;
    Ok(dto)
}

/// A sign-up with its shift and project, for one allowed to act on it:
/// the volunteer themselves (`own`) or the project's organiser.
fn find_for_action(
    conn: &mut DbConn,
    caller: &Caller,
    id: i64,
    volunteer_may: bool,
) -> Result<(Enrollment, Shift, LoadedProject), ApiError> {
    require_signing_up(caller)?;
    let row: Enrollment = enrollments::table.find(id).first(conn).optional()?.ok_or(ApiError::NotFound)?;
    if caller.role == Role::Volunteer {
        let me = volunteers_repo::of_account(conn, caller).map_err(|_| ApiError::NotFound)?;
        if me.volunteer.id != row.volunteer_id {
            return Err(ApiError::NotFound);
        }
        if !volunteer_may {
            return Err(ApiError::Forbidden);
        }
        let shift: Shift = volunteer_shifts::table.find(row.shift_id).first(conn)?;
        // Their own sign-up, even to a project no longer listed for them.
        let project = projects_repo::find_unscoped(conn, shift.project_id)?;
        return Ok((row, shift, project));
    }
    let (shift, project) = projects_repo::find_shift(conn, caller, row.shift_id)?;
    projects_repo::require_organiser(caller, &project)?;
    Ok((row, shift, project))
}

/// Moves a sign-up from one of `from` to `to`, only if it still stands there.
fn move_to(
    conn: &mut DbConn,
    row: &Enrollment,
    from: &[EnrollmentStatus],
    to: EnrollmentStatus,
    reason: Option<String>,
) -> Result<(), ApiError> {
    let current = row.status();
    if !from.contains(&current) {
        return Err(ApiError::Conflict(
            "invalid_transition",
            format!("a sign-up that is {} cannot become {}", current.as_str(), to.as_str()),
        ));
    }
    let changed = diesel::update(
        enrollments::table.filter(enrollments::id.eq(row.id)).filter(enrollments::status.eq(current.as_str())),
    )
    .set((
        enrollments::status.eq(to.as_str()),
        enrollments::holds_place
            .eq(row.holds_place && !matches!(to, EnrollmentStatus::Withdrawn | EnrollmentStatus::Rejected)),
        enrollments::reason.eq(reason.map(|r| r.trim().to_string()).filter(|r| !r.is_empty())),
        enrollments::version.eq(row.version + 1),
        enrollments::updated_at.eq(Utc::now().naive_utc()),
    ))
    .execute(conn)?;
    if changed == 0 {
        return Err(ApiError::Conflict("invalid_transition", "the sign-up changed meanwhile; read it again".into()));
    }
    Ok(())
}

fn reload(conn: &mut DbConn, id: i64) -> Result<EnrollmentDto, ApiError> {
    let row: Enrollment = enrollments::table.find(id).first(conn)?;
    Ok(to_dtos(conn, vec![row])?.remove(0))
}

/// Withdraws a sign-up (the volunteer, or the organiser for them); a place
/// it held goes to the first on the waitlist in the same transaction.
pub fn withdraw(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    id: i64,
    reason: Option<String>,
) -> Result<EnrollmentDto, ApiError> {
    let (row, shift, project) = find_for_action(conn, caller, id, true)?;
    use EnrollmentStatus::*;
    move_to(conn, &row, &[Pending, Enrolled, Waitlisted], Withdrawn, reason)?;
    if row.holds_place {
        free_place(conn, shift.id, project.approval_mode())?;
    }
    let dto = reload(conn, id)?;
    record(conn, caller, meta, "withdraw", &dto, &project.area.path)?;
    Ok(dto)
}

/// A cancelled project's live sign-ups (pending, enrolled, waitlisted) are
/// withdrawn and their places given back, so that volunteers' calendars and
/// the shifts' counts no longer promise service that will not happen. Those
/// already checked in keep their record: they served. Runs in the cancelling
/// transaction; returns how many sign-ups it withdrew.
pub fn release_cancelled_project(conn: &mut DbConn, project_id: i64, reason: Option<&str>) -> Result<usize, ApiError> {
    use EnrollmentStatus::*;
    let live = [Pending.as_str(), Enrolled.as_str(), Waitlisted.as_str()];
    let shifts =
        || volunteer_shifts::table.filter(volunteer_shifts::project_id.eq(project_id)).select(volunteer_shifts::id);
    let held: Vec<i64> = enrollments::table
        .filter(enrollments::shift_id.eq_any(shifts()))
        .filter(enrollments::status.eq_any(live))
        .filter(enrollments::holds_place.eq(true))
        .select(enrollments::shift_id)
        .load(conn)?;
    let mut freed: HashMap<i64, i32> = HashMap::new();
    for shift in held {
        *freed.entry(shift).or_default() += 1;
    }
    let reason = match reason.map(str::trim).filter(|r| !r.is_empty()) {
        Some(r) => format!("项目已取消：{r}"),
        None => "项目已取消".to_string(),
    };
    let withdrawn = diesel::update(
        enrollments::table.filter(enrollments::shift_id.eq_any(shifts())).filter(enrollments::status.eq_any(live)),
    )
    .set((
        enrollments::status.eq(Withdrawn.as_str()),
        enrollments::holds_place.eq(false),
        enrollments::reason.eq(Some(reason)),
        enrollments::version.eq(enrollments::version + 1),
        enrollments::updated_at.eq(Utc::now().naive_utc()),
    ))
    .execute(conn)?;
    for (shift, n) in freed {
        diesel::update(volunteer_shifts::table.find(shift))
            .set(volunteer_shifts::taken.eq(volunteer_shifts::taken - n))
            .execute(conn)?;
    }
    Ok(withdrawn)
}

/// The organiser decides on a pending sign-up: approve (reason `None`) or reject.
pub fn decide(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    id: i64,
    reject_reason: Option<String>,
) -> Result<EnrollmentDto, ApiError> {
    let (row, shift, project) = find_for_action(conn, caller, id, false)?;
    let (action, to) = match reject_reason {
        None => ("approve", EnrollmentStatus::Enrolled),
        Some(_) => ("reject", EnrollmentStatus::Rejected),
    };
    move_to(conn, &row, &[EnrollmentStatus::Pending], to, reject_reason)?;
    if to == EnrollmentStatus::Rejected && row.holds_place {
        free_place(conn, shift.id, project.approval_mode())?;
    }
    let dto = reload(conn, id)?;
    record(conn, caller, meta, action, &dto, &project.area.path)?;
    Ok(dto)
}

/// How early before its start a shift opens for check-in.
const CHECK_IN_OPENS_MINUTES: i64 = 30;

/// Minutes served: the time checked in, clipped to the shift.
pub fn served_minutes(
    shift: (NaiveDateTime, NaiveDateTime),
    checked_in: NaiveDateTime,
    checked_out: NaiveDateTime,
) -> i32 {
    let (from, to) = (checked_in.max(shift.0), checked_out.min(shift.1));
    i32::try_from((to - from).num_minutes().max(0)).unwrap_or(i32::MAX)
}

/// A sign-up for check-in or check-out: the volunteer's own (who must show
/// the code to check in), or any in reach for staff with `enrollments.check_in`.
fn find_for_attendance(
    conn: &mut DbConn,
    caller: &Caller,
    id: i64,
) -> Result<(Enrollment, Shift, LoadedProject, bool), ApiError> {
    if caller.role == Role::Volunteer {
        caller.require(Permission::EnrollmentsSelf)?;
        let row: Enrollment = enrollments::table.find(id).first(conn).optional()?.ok_or(ApiError::NotFound)?;
        let me = volunteers_repo::of_account(conn, caller).map_err(|_| ApiError::NotFound)?;
        if me.volunteer.id != row.volunteer_id {
            return Err(ApiError::NotFound);
        }
        let shift: Shift = volunteer_shifts::table.find(row.shift_id).first(conn)?;
        let project = projects_repo::find_unscoped(conn, shift.project_id)?;
        return Ok((row, shift, project, true));
    }
    caller.require(Permission::EnrollmentsCheckIn)?;
    let row: Enrollment = enrollments::table.find(id).first(conn).optional()?.ok_or(ApiError::NotFound)?;
    let (shift, project) = projects_repo::find_shift(conn, caller, row.shift_id)?;
    Ok((row, shift, project, false))
}

fn require_status(row: &Enrollment, from: EnrollmentStatus, to: EnrollmentStatus) -> Result<(), ApiError> {
    if row.status() == from {
        Ok(())
    } else {
        Err(ApiError::Conflict(
            "invalid_transition",
            format!("a sign-up that is {} cannot become {}", row.status().as_str(), to.as_str()),
        ))
    }
}

/// Writes an attendance step, only if the sign-up still stands where it was read.
fn step(
    conn: &mut DbConn,
    row: &Enrollment,
    to: EnrollmentStatus,
    checked_in_at: Option<NaiveDateTime>,
    checked_out_at: Option<NaiveDateTime>,
    minutes: Option<i32>,
) -> Result<(), ApiError> {
    let changed = diesel::update(
        enrollments::table.filter(enrollments::id.eq(row.id)).filter(enrollments::status.eq(&row.status)),
    )
    .set((
        enrollments::status.eq(to.as_str()),
        enrollments::checked_in_at.eq(checked_in_at.or(row.checked_in_at)),
        enrollments::checked_out_at.eq(checked_out_at.or(row.checked_out_at)),
        enrollments::minutes.eq(minutes.or(row.minutes)),
        enrollments::version.eq(row.version + 1),
        enrollments::updated_at.eq(Utc::now().naive_utc()),
    ))
    .execute(conn)?;
    if changed == 0 {
        return Err(ApiError::Conflict("invalid_transition", "the sign-up changed meanwhile; read it again".into()));
    }
    Ok(())
}

/// Checks an enrolled volunteer in, from 30 minutes before the shift to its
/// end: by staff on the spot, or by the volunteer's app with the shift's code.
pub fn check_in(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    id: i64,
    code: Option<String>,
) -> Result<EnrollmentDto, ApiError> {
    let (row, shift, project, by_volunteer) = find_for_attendance(conn, caller, id)?;
    require_status(&row, EnrollmentStatus::Enrolled, EnrollmentStatus::CheckedIn)?;
    let now = Utc::now().naive_utc();
    if now < shift.starts_at - Duration::minutes(CHECK_IN_OPENS_MINUTES) || now > shift.ends_at {
        return Err(ApiError::Conflict(
            "check_in_closed",
            format!("check-in is open from {CHECK_IN_OPENS_MINUTES} minutes before the shift to its end"),
        ));
    }
    if by_volunteer && code.as_deref().map(str::trim) != Some(shift.check_in_code.as_str()) {
        return Err(ApiError::field("code", "invalid_check_in_code", "not the code of this shift"));
    }
    step(conn, &row, EnrollmentStatus::CheckedIn, Some(now), None, None)?;
    let dto = reload(conn, id)?;
    record(conn, caller, meta, "check_in", &dto, &project.area.path)?;
    Ok(dto)
}

/// Checks a volunteer out; the minutes served are the time checked in,
/// clipped to the shift.
pub fn check_out(conn: &mut DbConn, caller: &Caller, meta: &RequestMeta, id: i64) -> Result<EnrollmentDto, ApiError> {
    let (row, shift, project, _) = find_for_attendance(conn, caller, id)?;
    require_status(&row, EnrollmentStatus::CheckedIn, EnrollmentStatus::CheckedOut)?;
    let now = Utc::now().naive_utc();
    let checked_in = row.checked_in_at.unwrap_or(now);
    let minutes = served_minutes((shift.starts_at, shift.ends_at), checked_in, now);
    step(conn, &row, EnrollmentStatus::CheckedOut, None, Some(now), Some(minutes))?;
    let dto = reload(conn, id)?;
    record(conn, caller, meta, "check_out", &dto, &project.area.path)?;
    Ok(dto)
}

/// The organiser confirms the minutes of a checked-out sign-up; they become
/// the volunteer's service record in the same transaction, dated on the
/// shift's day in the deployment's time zone.
pub fn confirm_hours(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    id: i64,
    tz: &Tz,
) -> Result<EnrollmentDto, ApiError> {
    let (row, _, project) = find_for_action(conn, caller, id, false)?;
    require_status(&row, EnrollmentStatus::CheckedOut, EnrollmentStatus::HoursConfirmed)?;
    step(conn, &row, EnrollmentStatus::HoursConfirmed, None, None, None)?;
    let dto = reload(conn, id)?;
    record(conn, caller, meta, "confirm_hours", &dto, &project.area.path)?;
    records_repo::record_confirmed(conn, caller, meta, &row, &project, tz)?;
    Ok(dto)
}

/// The organiser marks an enrolled volunteer who never checked in, once the shift is over.
pub fn no_show(conn: &mut DbConn, caller: &Caller, meta: &RequestMeta, id: i64) -> Result<EnrollmentDto, ApiError> {
    let (row, shift, project) = find_for_action(conn, caller, id, false)?;
    require_status(&row, EnrollmentStatus::Enrolled, EnrollmentStatus::NoShow)?;
    if Utc::now().naive_utc() < shift.ends_at {
        return Err(ApiError::Conflict("invalid_transition", "a no-show is marked after the shift has ended".into()));
    }
    step(conn, &row, EnrollmentStatus::NoShow, None, None, None)?;
    let dto = reload(conn, id)?;
    record(conn, caller, meta, "no_show", &dto, &project.area.path)?;
    Ok(dto)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: u32, m: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 5, 1).unwrap().and_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn minutes_are_clipped_to_the_shift() {
        let shift = (at(8, 0), at(12, 0));
        assert_eq!(served_minutes(shift, at(7, 40), at(12, 30)), 240, "early and late count only the shift");
        assert_eq!(served_minutes(shift, at(8, 15), at(11, 0)), 165);
        assert_eq!(served_minutes(shift, at(12, 10), at(12, 30)), 0, "after the shift");
    }
}
