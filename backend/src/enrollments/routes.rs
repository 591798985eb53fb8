use actix_web::{get, post, web, HttpResponse};

use super::dto::{CheckIn, CreateEnrollment, EnrollmentDto, EnrollmentListQuery, EnrollmentReason, MyEnrollmentsQuery};
use super::repo;
use crate::app::AppState;
use crate::auth::{AccessToken, Caller, Permission};
use crate::http::body::JsonBody;
use crate::http::etag;
use crate::http::idempotency::{self, IdempotentJson, Replayable};
use crate::http::list::CursorPage;
use crate::http::meta::RequestMeta;
use crate::http::problem::Problem;
use crate::http::ApiError;
use crate::services::dto::ReasonBody;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(enroll)
        .service(withdraw_enrollment)
        .service(approve_enrollment)
        .service(reject_enrollment)
        .service(check_in)
        .service(check_out)
        .service(confirm_hours)
        .service(mark_no_show)
        .service(list_enrollments)
        .service(my_enrollments);
}

/// Signs up for a shift: a volunteer account itself (body `{}`), or the
/// project's organiser naming an active volunteer. With a free place the
/// sign-up is `enrolled` (`pending` where the organiser approves, holding
/// the place meanwhile); on a full shift it is `waitlisted` with its
/// position, and promoted in order as places free up. Places are never
/// over-filled, however many sign up at once. Honours `Idempotency-Key`.
#[utoipa::path(
    tag = "enrollments",
    params(
        ("id" = i64, Path, description = "Shift id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer to a retry with the same body (24 h)"),
    ),
    request_body = CreateEnrollment,
    responses(
        (status = 201, description = "Signed up: `enrolled`, `pending` or `waitlisted`", body = EnrollmentDto, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "Not the project's organiser; a volunteer signing up someone else", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such shift in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Signed up already (`already_enrolled`); signed up for a shift at the same time (`overlapping_shift`); the volunteer not active (`volunteer_not_active`); the project not taking sign-ups or the shift over (`not_recruiting`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`volunteer_id` missing or out of reach; the key reused with another body (`idempotency_key_reused`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/shifts/{id}/enrollments")]
async fn enroll(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: IdempotentJson<CreateEnrollment>,
) -> Result<HttpResponse, ApiError> {
    let (shift_id, IdempotentJson { body: input, key }) = (id.into_inner(), body);
    let caller_key = idempotency::caller_of(Some(&token));
    idempotency::run(&state.db, caller_key, key, move |conn| {
        let caller = Caller::load(conn, &token)?;
        let dto = repo::enroll(conn, &caller, &meta, shift_id, input)?;
        Replayable::created(format!("/api/v1/enrollments/{}", dto.id), dto.version, &dto)
    })
    .await
}

/// Withdraws a sign-up: the volunteer their own, or the organiser. A place
/// it held goes at once to the first on the waitlist.
#[utoipa::path(
    tag = "enrollments",
    params(("id" = i64, Path, description = "Enrollment id")),
    request_body = EnrollmentReason,
    responses(
        (status = 200, description = "Withdrawn", body = EnrollmentDto, headers(("ETag" = String))),
        (status = 404, description = "No such sign-up in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not pending, enrolled or waitlisted (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/enrollments/{id}/withdraw")]
async fn withdraw_enrollment(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: JsonBody<EnrollmentReason>,
) -> Result<HttpResponse, ApiError> {
    let (id, reason) = (id.into_inner(), body.into_inner().reason);
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::load(conn, &token)?;
            repo::withdraw(conn, &caller, &meta, id, reason)
        })
        .await?;
    Ok(etag::ok_with_etag(dto.version, &dto))
}

async fn decide(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: i64,
    reason: Option<String>,
) -> Result<HttpResponse, ApiError> {
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::ProjectsWrite)?;
            repo::decide(conn, &caller, &meta, id, reason)
        })
        .await?;
    Ok(etag::ok_with_etag(dto.version, &dto))
}

/// The organiser approves a pending sign-up (manual approval).
#[utoipa::path(
    tag = "enrollments",
    params(("id" = i64, Path, description = "Enrollment id")),
    responses(
        (status = 200, description = "Enrolled", body = EnrollmentDto, headers(("ETag" = String))),
        (status = 404, description = "No such sign-up in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not pending (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/enrollments/{id}/approve")]
async fn approve_enrollment(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    decide(state, token, meta, id.into_inner(), None).await
}

/// The organiser turns a pending sign-up down, with a reason; its place
/// goes to the first on the waitlist.
#[utoipa::path(
    tag = "enrollments",
    params(("id" = i64, Path, description = "Enrollment id")),
    request_body = ReasonBody,
    responses(
        (status = 200, description = "Rejected", body = EnrollmentDto, headers(("ETag" = String))),
        (status = 404, description = "No such sign-up in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not pending (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`reason` missing or blank", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/enrollments/{id}/reject")]
async fn reject_enrollment(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: JsonBody<ReasonBody>,
) -> Result<HttpResponse, ApiError> {
    decide(state, token, meta, id.into_inner(), Some(body.into_inner().reason)).await
}

/// Checks an enrolled volunteer in, from 30 minutes before the shift to its
/// end: staff with `enrollments.check_in` on the spot (`{}`), or the
/// volunteer's app with the code the organiser shows (`{"code": "..."}`).
#[utoipa::path(
    tag = "enrollments",
    params(("id" = i64, Path, description = "Enrollment id")),
    request_body = CheckIn,
    responses(
        (status = 200, description = "Checked in", body = EnrollmentDto, headers(("ETag" = String))),
        (status = 404, description = "No such sign-up in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not enrolled (`invalid_transition`); outside the check-in window (`check_in_closed`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A volunteer's `code` missing or wrong (`invalid_check_in_code`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/enrollments/{id}/check-in")]
async fn check_in(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: JsonBody<CheckIn>,
) -> Result<HttpResponse, ApiError> {
    let (id, code) = (id.into_inner(), body.into_inner().code);
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::load(conn, &token)?;
            repo::check_in(conn, &caller, &meta, id, code)
        })
        .await?;
    Ok(etag::ok_with_etag(dto.version, &dto))
}

async fn organiser_step(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: i64,
    step: fn(&mut crate::db::DbConn, &Caller, &RequestMeta, i64) -> Result<EnrollmentDto, ApiError>,
) -> Result<HttpResponse, ApiError> {
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::load(conn, &token)?;
            step(conn, &caller, &meta, id)
        })
        .await?;
    Ok(etag::ok_with_etag(dto.version, &dto))
}

/// Checks a volunteer out (staff, or the volunteer's own app); `minutes` is
/// the time checked in, clipped to the shift.
#[utoipa::path(
    tag = "enrollments",
    params(("id" = i64, Path, description = "Enrollment id")),
    responses(
        (status = 200, description = "Checked out, with `minutes`", body = EnrollmentDto, headers(("ETag" = String))),
        (status = 404, description = "No such sign-up in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not checked in (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/enrollments/{id}/check-out")]
async fn check_out(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    organiser_step(state, token, meta, id.into_inner(), repo::check_out).await
}

/// The organiser confirms the minutes of a checked-out sign-up; they
/// become the volunteer's service record (`/service-records`).
#[utoipa::path(
    tag = "enrollments",
    params(("id" = i64, Path, description = "Enrollment id")),
    responses(
        (status = 200, description = "Hours confirmed", body = EnrollmentDto, headers(("ETag" = String))),
        (status = 403, description = "Not the project's organiser", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such sign-up in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not checked out (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/enrollments/{id}/confirm-hours")]
async fn confirm_hours(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let (id, tz) = (id.into_inner(), state.config.timezone);
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::load(conn, &token)?;
            repo::confirm_hours(conn, &caller, &meta, id, &tz)
        })
        .await?;
    Ok(etag::ok_with_etag(dto.version, &dto))
}

/// The organiser marks an enrolled volunteer who never checked in, after the shift.
#[utoipa::path(
    tag = "enrollments",
    params(("id" = i64, Path, description = "Enrollment id")),
    responses(
        (status = 200, description = "No-show", body = EnrollmentDto, headers(("ETag" = String))),
        (status = 403, description = "Not the project's organiser", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such sign-up in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not enrolled, or the shift not over (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/enrollments/{id}/no-show")]
async fn mark_no_show(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    organiser_step(state, token, meta, id.into_inner(), repo::no_show).await
}

/// Sign-ups to shifts of projects in your subtree, latest shift first; or,
/// with `cursor` / `updated_since`, every change in order for sync.
#[utoipa::path(
    tag = "enrollments",
    params(EnrollmentListQuery),
    responses(
        (status = 200, description = "A page of sign-ups", body = CursorPage<EnrollmentDto>),
        (status = 422, description = "Invalid paging or cursor", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/enrollments")]
async fn list_enrollments(
    state: web::Data<AppState>,
    token: AccessToken,
    query: web::Query<EnrollmentListQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let page = state
        .db
        .read(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::EnrollmentsRead)?;
            repo::list(conn, &caller, &query)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// The signed-in volunteer's sign-ups, latest shift first; or, with
/// `cursor` / `updated_since`, every change in order for the app's sync.
#[utoipa::path(
    tag = "me",
    params(MyEnrollmentsQuery),
    responses(
        (status = 200, description = "A page of your sign-ups", body = CursorPage<EnrollmentDto>),
        (status = 403, description = "Not a volunteer account", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/me/enrollments")]
async fn my_enrollments(
    state: web::Data<AppState>,
    token: AccessToken,
    query: web::Query<MyEnrollmentsQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let page = state
        .db
        .read(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::EnrollmentsSelf)?;
            repo::mine(conn, &caller, &query)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
