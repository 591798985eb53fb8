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

use chrono::Utc;
use diesel::prelude::*;

use super::dto::{CreateEnrollment, EnrollmentDto, MyEnrollmentsQuery, ProjectRef, VolunteerRef};
use super::model::{Enrollment, EnrollmentStatus, NewEnrollment};
use crate::audit::{self, Entry};
use crate::auth::{Caller, Permission, Role};
use crate::db::schema::{enrollments, volunteer_projects, volunteer_shifts, volunteers};
use crate::db::DbConn;
use crate::http::list::{Page, Paging};
use crate::http::meta::RequestMeta;
use crate::http::ApiError;
use crate::projects::model::{ApprovalMode, Shift};
use crate::projects::repo::{self as projects_repo, Loaded as LoadedProject};
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
    rows.into_iter()
        .map(|e| {
            let status = e.status();
            let waitlist_position = if status == EnrollmentStatus::Waitlisted {
                let ahead: i64 = enrollments::table
                    .filter(enrollments::shift_id.eq(e.shift_id))
                    .filter(enrollments::status.eq(EnrollmentStatus::Waitlisted.as_str()))
                    .filter(enrollments::id.le(e.id))
                    .count()
                    .get_result(conn)?;
                Some(ahead)
            } else {
                None
            };
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

/// The signed-in volunteer's own sign-ups, newest shift first.
pub fn mine(conn: &mut DbConn, caller: &Caller, q: &MyEnrollmentsQuery) -> Result<Page<EnrollmentDto>, ApiError> {
    let paging = Paging::new(q.page, q.page_size)?;
    let me = volunteers_repo::of_account(conn, caller)?.volunteer.id;
    let filtered = || {
        let mut query = enrollments::table.filter(enrollments::volunteer_id.eq(me)).into_boxed();
        if let Some(status) = q.status {
            query = query.filter(enrollments::status.eq(status.as_str()));
        }
        query
    };
    let rows: Vec<Enrollment> = filtered()
        .order((enrollments::starts_at.desc(), enrollments::id.desc()))
        .limit(paging.page_size)
        .offset(paging.offset())
        .load(conn)?;
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
    let first: Option<i64> = enrollments::table
        .filter(enrollments::shift_id.eq(shift_id))
        .filter(enrollments::status.eq(EnrollmentStatus::Waitlisted.as_str()))
        .order(enrollments::id.asc())
        .select(enrollments::id)
        .first(conn)
        .optional()?;
    if let Some(next) = first {
        if take_place(conn, shift_id)? {
            diesel::update(enrollments::table.find(next))
                .set((
                    enrollments::status.eq(placed_status(mode).as_str()),
                    enrollments::holds_place.eq(true),
                    enrollments::version.eq(enrollments::version + 1),
                    enrollments::updated_at.eq(Utc::now().naive_utc()),
                ))
                .execute(conn)?;
        }
    }
    Ok(())
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
