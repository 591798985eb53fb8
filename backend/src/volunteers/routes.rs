use actix_files::NamedFile;
use actix_web::http::StatusCode;
use actix_web::{get, patch, post, web, HttpResponse};

use super::dto::{
    CreateVolunteer, IdNumber, RegisterVolunteer, Registration, RevealIdNumber, UpdateVolunteer, VolunteerDto,
    VolunteerListQuery,
};
use super::export;
use super::repo::{self, Sealer};
use crate::app::AppState;
use crate::auth::{password, AccessToken, Caller, Permission};
use crate::http::body::JsonBody;
use crate::http::etag::{self, IfMatch};
use crate::http::idempotency::{self, IdempotentJson, Replayable};
use crate::http::list::Page;
use crate::http::meta::RequestMeta;
use crate::http::problem::Problem;
use crate::http::rate_limit::AuthRateLimit;
use crate::http::upload::FileBytes;
use crate::http::xlsx;
use crate::http::ApiError;
use crate::needs::routes::today;
use crate::services::dto::ReasonBody;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    // `/volunteers/register` and `/volunteers/export` before `/volunteers/{id}`.
    cfg.service(register_volunteer)
        .service(list_volunteers)
        .service(export_volunteers)
        .service(create_volunteer)
        .service(get_volunteer)
        .service(update_volunteer)
        .service(approve_volunteer)
        .service(reject_volunteer)
        .service(reveal_id_number)
        .service(get_me);
}

/// Volunteers reporting to areas of your subtree, identity numbers masked.
#[utoipa::path(
    tag = "volunteers",
    params(VolunteerListQuery),
    responses(
        (status = 200, description = "A page of volunteers", body = Page<VolunteerDto>),
        (status = 422, description = "Invalid paging or sort field", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/volunteers")]
async fn list_volunteers(
    state: web::Data<AppState>,
    token: AccessToken,
    query: web::Query<VolunteerListQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let page = state
        .db
        .read(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::VolunteersRead)?;
            repo::list(conn, &caller, &query)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// The volunteer ledger (志愿者台账) as `.xlsx`: every volunteer the list
/// shows for these filters, in its order, with their confirmed hours;
/// identity numbers masked.
#[utoipa::path(
    tag = "volunteers",
    params(VolunteerListQuery),
    responses(
        (status = 200, description = "`volunteers-YYYYMMDD.xlsx` (志愿者台账-YYYYMMDD.xlsx)", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = FileBytes,
            headers(("Content-Disposition" = String, description = "attachment with the file name"))),
        (status = 422, description = "Invalid sort field", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/volunteers/export")]
async fn export_volunteers(
    state: web::Data<AppState>,
    token: AccessToken,
    query: web::Query<VolunteerListQuery>,
) -> Result<NamedFile, ApiError> {
    let (query, today, tz) = (query.into_inner(), today(&state), state.config.timezone);
    let file = state
        .db
        .read_snapshot(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::VolunteersRead)?;
            export::export(conn, &caller, &query, &tz)
        })
        .await?;
    let day = today.format("%Y%m%d");
    xlsx::download(file, &format!("volunteers-{day}.xlsx"), &format!("志愿者台账-{day}.xlsx"))
}

/// Enters a volunteer for a community or grid in reach; active at once.
#[utoipa::path(
    tag = "volunteers",
    request_body = CreateVolunteer,
    responses(
        (status = 201, description = "Created", body = VolunteerDto, headers(("Location" = String), ("ETag" = String))),
        (status = 409, description = "`phone` or `id_number` already a volunteer's (`duplicate`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields; an identity number failing GB 11643 (`invalid_id_number`); an area out of reach (`not_found`) or not a community or grid (`wrong_area_kind`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/volunteers")]
async fn create_volunteer(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    body: JsonBody<CreateVolunteer>,
) -> Result<HttpResponse, ApiError> {
    let (input, today, key) = (body.into_inner(), today(&state), state.data_key.clone());
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::VolunteersWrite)?;
            repo::create(conn, &caller, &meta, Sealer { key: &key, today }, input)
        })
        .await?;
    Ok(etag::with_etag(HttpResponse::Created(), dto.version)
        .insert_header((actix_web::http::header::LOCATION, format!("/api/v1/volunteers/{}", dto.id)))
        .json(dto))
}

/// Self-registration from the mobile app, without a token: a `pending`
/// volunteer and a `volunteer` account (username: the phone number). The
/// community approves or rejects; until then the volunteer cannot sign up
/// for shifts. Rate limited per client address like sign-in; honours
/// `Idempotency-Key`.
#[utoipa::path(
    tag = "volunteers",
    request_body = RegisterVolunteer,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer to a retry with the same body (24 h)")),
    responses(
        (status = 201, description = "Registered, pending approval", body = Registration, headers(("Location" = String))),
        (status = 409, description = "`phone` or `id_number` already registered (`duplicate`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (`invalid_id_number`, `weak_password`, `wrong_area_kind` ...); the key reused with another body (`idempotency_key_reused`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ),
    security(())
)]
#[post("/volunteers/register")]
async fn register_volunteer(
    state: web::Data<AppState>,
    _limit: AuthRateLimit,
    meta: RequestMeta,
    body: IdempotentJson<RegisterVolunteer>,
) -> Result<HttpResponse, ApiError> {
    let IdempotentJson { body: input, key } = body;
    password::check_policy("password", &input.password)?;
    let plain = input.password.clone();
    let hash = web::block(move || password::hash(&plain)).await.map_err(ApiError::internal)??;
    let (today, data_key) = (today(&state), state.data_key.clone());
    idempotency::run(&state.db, idempotency::caller_of(None), key, move |conn| {
        let sealer = Sealer { key: &data_key, today };
        let (volunteer, username) = repo::register(conn, &meta, sealer, input, &hash)?;
        let location = format!("/api/v1/volunteers/{}", volunteer.id);
        let mut answer = Replayable::json(StatusCode::CREATED, &Registration { volunteer, username })?;
        answer.location = Some(location);
        Ok(answer)
    })
    .await
}

/// One volunteer, identity number masked.
#[utoipa::path(
    tag = "volunteers",
    params(("id" = i64, Path, description = "Volunteer id")),
    responses(
        (status = 200, description = "The volunteer", body = VolunteerDto, headers(("ETag" = String))),
        (status = 404, description = "No such volunteer in your reach", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/volunteers/{id}")]
async fn get_volunteer(
    state: web::Data<AppState>,
    token: AccessToken,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let dto = state
        .db
        .read(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::VolunteersRead)?;
            let row = repo::find(conn, &caller, id)?;
            repo::to_dto(conn, row)
        })
        .await?;
    Ok(etag::ok_with_etag(dto.version, &dto))
}

/// Changes the fields sent. A volunteer with an account signs in with their
/// phone number, so changing it changes the username too.
#[utoipa::path(
    tag = "volunteers",
    params(("id" = i64, Path, description = "Volunteer id"), ("If-Match" = String, Header, description = "The ETag last read")),
    request_body = UpdateVolunteer,
    responses(
        (status = 200, description = "Updated", body = VolunteerDto, headers(("ETag" = String))),
        (status = 404, description = "No such volunteer in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`phone` or `id_number` taken (`duplicate`)", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/volunteers/{id}")]
async fn update_volunteer(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
    if_match: IfMatch,
    body: JsonBody<UpdateVolunteer>,
) -> Result<HttpResponse, ApiError> {
    let (id, input, today, key) = (id.into_inner(), body.into_inner(), today(&state), state.data_key.clone());
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::VolunteersWrite)?;
            repo::update(conn, &caller, &meta, Sealer { key: &key, today }, id, if_match, input)
        })
        .await?;
    Ok(etag::ok_with_etag(dto.version, &dto))
}

async fn decide(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: i64,
    reject_reason: Option<String>,
) -> Result<HttpResponse, ApiError> {
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::VolunteersWrite)?;
            repo::decide(conn, &caller, &meta, id, reject_reason)
        })
        .await?;
    Ok(etag::ok_with_etag(dto.version, &dto))
}

/// The community approves a pending registration: the volunteer may sign up.
#[utoipa::path(
    tag = "volunteers",
    params(("id" = i64, Path, description = "Volunteer id")),
    responses(
        (status = 200, description = "Active", body = VolunteerDto, headers(("ETag" = String))),
        (status = 404, description = "No such volunteer in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not pending (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/volunteers/{id}/approve")]
async fn approve_volunteer(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    decide(state, token, meta, id.into_inner(), None).await
}

/// The community turns a pending registration down, with a reason.
#[utoipa::path(
    tag = "volunteers",
    params(("id" = i64, Path, description = "Volunteer id")),
    request_body = ReasonBody,
    responses(
        (status = 200, description = "Rejected", body = VolunteerDto, headers(("ETag" = String))),
        (status = 404, description = "No such volunteer in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not pending (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`reason` missing or blank", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/volunteers/{id}/reject")]
async fn reject_volunteer(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: JsonBody<ReasonBody>,
) -> Result<HttpResponse, ApiError> {
    decide(state, token, meta, id.into_inner(), Some(body.into_inner().reason)).await
}

/// The identity number unmasked, with `volunteers.reveal_id`. The reason
/// given, the caller and the volunteer go into the audit trail. A POST, so
/// neither the reason nor the number lands in URLs, caches or access logs.
#[utoipa::path(
    tag = "volunteers",
    params(("id" = i64, Path, description = "Volunteer id")),
    request_body = RevealIdNumber,
    responses(
        (status = 200, description = "The plain number", body = IdNumber),
        (status = 403, description = "A role without `volunteers.reveal_id`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such volunteer in your reach, or none recorded", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`reason` missing or blank", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/volunteers/{id}/id-number/reveal")]
async fn reveal_id_number(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: JsonBody<RevealIdNumber>,
) -> Result<HttpResponse, ApiError> {
    let (id, input, key) = (id.into_inner(), body.into_inner(), state.data_key.clone());
    let revealed = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::VolunteersRevealId)?;
            repo::reveal_id_number(conn, &caller, &meta, &key, id, &input.reason)
        })
        .await?;
    Ok(HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(revealed))
}

/// The signed-in volunteer's own profile (identity number masked), whatever
/// its status: a new registration sees here whether it was approved.
#[utoipa::path(
    tag = "me",
    responses(
        (status = 200, description = "Your volunteer profile", body = VolunteerDto, headers(("ETag" = String))),
        (status = 403, description = "Not a volunteer account", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The account has no volunteer profile", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/me")]
async fn get_me(state: web::Data<AppState>, token: AccessToken) -> Result<HttpResponse, ApiError> {
    let dto = state
        .db
        .read(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::EnrollmentsSelf)?;
            let row = repo::of_account(conn, &caller)?;
            repo::to_dto(conn, row)
        })
        .await?;
    Ok(etag::ok_with_etag(dto.version, &dto))
}
