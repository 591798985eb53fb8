//! Certificates are issued from the service records of their period and
//! keep what they stated on the day of issue: a record added or corrected
//! later changes the next certificate, never one already printed.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, Utc};
use diesel::dsl::sum;
use diesel::prelude::*;
use rand::Rng;

use super::dto::{
    CertificateDto, CertificateListQuery, CertificateStatement, CertifiedProject, IssueCertificate, StatedProject,
    Verification,
};
use super::model::{Certificate, NewCertificate};
use crate::areas::model::{path_ids, Area, AreaKind};
use crate::audit::{self, Entry};
use crate::auth::{AreaScope, Caller, Permission, Role};
use crate::db::schema::{areas, certificates, service_records, volunteer_projects};
use crate::db::{DbBackend, DbConn};
use crate::enrollments::dto::VolunteerRef;
use crate::http::list::{like_pattern, Page, Paging};
use crate::http::meta::RequestMeta;
use crate::http::ApiError;
use crate::records::model::hours;
use crate::units::repo::areas_in;
use crate::volunteers::repo::{self as volunteers_repo, Loaded as LoadedVolunteer};

/// Check codes leave out characters read one for another (0/O, 1/I).
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const CODE_LENGTH: usize = 8;

type Boxed = certificates::BoxedQuery<'static, DbBackend>;

/// Certificates of volunteers who reported to the caller's subtree when
/// they were issued.
fn visible(caller: &Caller) -> Boxed {
    let query = certificates::table.into_boxed();
    match &caller.scope {
        AreaScope::Everything => query,
        AreaScope::Subtree(prefix) => query.filter(certificates::area_id.eq_any(areas_in(prefix))),
    }
}

fn to_dto(row: Certificate) -> CertificateDto {
    // Written by `issue` from a Vec<CertifiedProject>; an unreadable value
    // would be a fault of ours, shown as no projects rather than no certificate.
    let projects: Vec<CertifiedProject> = serde_json::from_str(&row.projects).unwrap_or_default();
    CertificateDto {
        id: row.id,
        certificate_no: row.certificate_no,
        check_code: row.check_code,
        volunteer: VolunteerRef { id: row.volunteer_id, volunteer_no: row.volunteer_no, name: row.volunteer_name },
        period_from: row.period_from,
        period_to: row.period_to,
        minutes: i64::from(row.minutes),
        hours: hours(i64::from(row.minutes)),
        projects,
        issuer_name: row.issuer_name,
        issued_on: row.issued_on,
        created_at: row.created_at.and_utc(),
    }
}

fn page(conn: &mut DbConn, query: impl Fn() -> Boxed, paging: Paging) -> Result<Page<CertificateDto>, ApiError> {
    let rows: Vec<Certificate> =
        query().order(certificates::id.desc()).limit(paging.page_size).offset(paging.offset()).load(conn)?;
    let total = match paging.total_from_page(rows.len()) {
        Some(total) => total,
        None => query().count().get_result(conn)?,
    };
    Ok(paging.wrap(rows.into_iter().map(to_dto).collect(), total))
}

/// Certificates in reach, newest first.
pub fn list(conn: &mut DbConn, caller: &Caller, q: &CertificateListQuery) -> Result<Page<CertificateDto>, ApiError> {
    let paging = Paging::new(q.page, q.page_size)?;
    let (caller, q) = (caller.clone(), q.clone());
    page(
        conn,
        move || {
            let mut query = visible(&caller);
            if let Some(id) = q.volunteer_id {
                query = query.filter(certificates::volunteer_id.eq(id));
            }
            if let Some(text) = q.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                let pattern = like_pattern(text);
                query = query.filter(
                    certificates::certificate_no
                        .like(pattern.clone())
                        .escape('\\')
                        .or(certificates::volunteer_name.like(pattern.clone()).escape('\\'))
                        .or(certificates::volunteer_no.like(pattern).escape('\\')),
                );
            }
            query
        },
        paging,
    )
}

/// The signed-in volunteer's own certificates, newest first.
pub fn mine(conn: &mut DbConn, caller: &Caller, q: &CertificateListQuery) -> Result<Page<CertificateDto>, ApiError> {
    let paging = Paging::new(q.page, q.page_size)?;
    let me = volunteers_repo::of_account(conn, caller)?.volunteer.id;
    page(conn, move || certificates::table.into_boxed().filter(certificates::volunteer_id.eq(me)), paging)
}

/// One certificate: staff with `records.read` in reach, or the volunteer it
/// was issued to.
pub fn find(conn: &mut DbConn, caller: &Caller, id: i64) -> Result<CertificateDto, ApiError> {
    let query = if caller.role == Role::Volunteer {
        caller.require(Permission::EnrollmentsSelf)?;
        let me = volunteers_repo::of_account(conn, caller).map_err(|_| ApiError::NotFound)?.volunteer.id;
        certificates::table.into_boxed().filter(certificates::volunteer_id.eq(me))
    } else {
        caller.require(Permission::RecordsRead)?;
        visible(caller)
    };
    let row: Certificate = query.filter(certificates::id.eq(id)).first(conn).optional()?.ok_or(ApiError::NotFound)?;
    Ok(to_dto(row))
}

/// The name a certificate is issued in: the area itself, or the community a
/// grid or building belongs to (grids issue nothing in their own name).
fn issuing_office(conn: &mut DbConn, area: &Area) -> Result<String, ApiError> {
    if !matches!(area.kind(), AreaKind::Grid | AreaKind::Building) {
        return Ok(area.name.clone());
    }
    let community: Option<String> = areas::table
        .filter(areas::id.eq_any(path_ids(&area.path)))
        .filter(areas::kind.eq(AreaKind::Community.as_str()))
        .select(areas::name)
        .first(conn)
        .optional()?;
    Ok(community.unwrap_or_else(|| area.name.clone()))
}

fn check_code() -> String {
    let mut rng = rand::rng();
    (0..CODE_LENGTH).map(|_| CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())] as char).collect()
}

/// Issues a certificate of the volunteer's confirmed hours in a period.
pub fn issue(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    input: IssueCertificate,
    today: NaiveDate,
) -> Result<CertificateDto, ApiError> {
    let (volunteer, issuer_name): (LoadedVolunteer, String) = if caller.role == Role::Volunteer {
        caller.require(Permission::EnrollmentsSelf)?;
        let me = volunteers_repo::of_account(conn, caller).map_err(|_| ApiError::Forbidden)?;
        if input.volunteer_id.is_some_and(|id| id != me.volunteer.id) {
            return Err(ApiError::Forbidden);
        }
        let office = issuing_office(conn, &me.area)?;
        (me, office)
    } else {
        caller.require(Permission::CertificatesIssue)?;
        let id = input.volunteer_id.ok_or_else(|| ApiError::field("volunteer_id", "required", "name the volunteer"))?;
        let volunteer = volunteers_repo::find_reference(conn, caller, "volunteer_id", id)?;
        let home: Option<Area> = match caller.area_id {
            Some(id) => areas::table.find(id).first(conn).optional()?,
            None => None,
        };
        let office = issuing_office(conn, home.as_ref().unwrap_or(&volunteer.area))?;
        (volunteer, office)
    };
    if input.to < input.from {
        return Err(ApiError::field("to", "ends_before_start", "the period cannot end before it starts"));
    }
    if input.to > today {
        return Err(ApiError::field("to", "in_the_future", "a certificate counts days already served"));
    }
    let by_project: Vec<(i64, Option<i64>)> = service_records::table
        .filter(service_records::volunteer_id.eq(volunteer.volunteer.id))
        .filter(service_records::service_date.ge(input.from))
        .filter(service_records::service_date.le(input.to))
        .group_by(service_records::project_id)
        .select((service_records::project_id, sum(service_records::minutes)))
        .load(conn)?;
    let served: Vec<(i64, i64)> =
        by_project.into_iter().map(|(id, m)| (id, m.unwrap_or(0))).filter(|(_, m)| *m > 0).collect();
    let minutes: i64 = served.iter().map(|(_, m)| m).sum();
    if minutes <= 0 {
        return Err(ApiError::field("from", "no_hours", "the volunteer has no confirmed hours in this period"));
    }
    let ids: Vec<i64> = served.iter().map(|(id, _)| *id).collect();
    let titles: HashMap<i64, String> = volunteer_projects::table
        .filter(volunteer_projects::id.eq_any(&ids))
        .select((volunteer_projects::id, volunteer_projects::title))
        .load(conn)?
        .into_iter()
        .collect();
    let mut projects: Vec<CertifiedProject> = served
        .into_iter()
        .map(|(id, m)| CertifiedProject {
            id,
            title: titles.get(&id).cloned().unwrap_or_default(),
            minutes: m,
            hours: hours(m),
        })
        .collect();
    projects.sort_by(|a, b| b.minutes.cmp(&a.minutes).then(a.id.cmp(&b.id)));
    let v = &volunteer.volunteer;
    let row: Certificate = diesel::insert_into(certificates::table)
        .values(NewCertificate {
            certificate_no: format!("new-{}", uuid::Uuid::new_v4().simple()),
            check_code: check_code(),
            volunteer_id: v.id,
            volunteer_name: v.name.clone(),
            volunteer_no: v.volunteer_no.clone(),
            area_id: v.area_id,
            period_from: input.from,
            period_to: input.to,
            minutes: i32::try_from(minutes).map_err(ApiError::internal)?,
            projects: serde_json::to_string(&projects).map_err(ApiError::internal)?,
            issuer_name,
            issued_by: caller.user_id,
            issued_on: today,
            created_at: Utc::now().naive_utc(),
        })
        .get_result(conn)?;
    // Numbered from the row id, as volunteer numbers are: unique without a counter.
    let row: Certificate = diesel::update(certificates::table.find(row.id))
        .set(certificates::certificate_no.eq(format!("C{}{:06}", today.year(), row.id)))
        .get_result(conn)?;
    let dto = to_dto(row);
    audit::record(
        conn,
        caller,
        meta,
        Entry {
            action: "issue_certificate",
            entity: "certificate",
            entity_id: Some(dto.id),
            area_path: Some(&volunteer.area.path),
            changes: Some(serde_json::json!({
                "certificate_no": dto.certificate_no,
                "volunteer_id": dto.volunteer.id,
                "period_from": dto.period_from,
                "period_to": dto.period_to,
                "minutes": dto.minutes,
            })),
        },
    )?;
    Ok(dto)
}

/// Compares without stopping at the first difference, so the time taken
/// tells nothing about how much of a guessed code was right.
fn same_code(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

/// The public check: genuine only when the number exists and the code is
/// its own (case and surrounding spaces do not matter).
pub fn verify(conn: &mut DbConn, number: &str, code: &str) -> Result<Verification, ApiError> {
    let row: Option<Certificate> =
        certificates::table.filter(certificates::certificate_no.eq(number.trim())).first(conn).optional()?;
    let Some(row) = row.filter(|r| same_code(&r.check_code, &code.trim().to_uppercase())) else {
        return Ok(Verification { genuine: false, certificate: None });
    };
    let dto = to_dto(row);
    Ok(Verification {
        genuine: true,
        certificate: Some(CertificateStatement {
            certificate_no: dto.certificate_no,
            volunteer_name: dto.volunteer.name,
            volunteer_no: dto.volunteer.volunteer_no,
            period_from: dto.period_from,
            period_to: dto.period_to,
            hours: dto.hours,
            projects: dto.projects.into_iter().map(|p| StatedProject { title: p.title, hours: p.hours }).collect(),
            issuer_name: dto.issuer_name,
            issued_on: dto.issued_on,
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_codes_use_the_unambiguous_alphabet() {
        let code = check_code();
        assert_eq!(code.len(), CODE_LENGTH);
        assert!(code.bytes().all(|c| CODE_ALPHABET.contains(&c)), "{code}");
        assert!(same_code("ABCD2345", "ABCD2345"));
        assert!(!same_code("ABCD2345", "ABCD2346"));
        assert!(!same_code("ABCD2345", "ABCD234"));
    }
}
