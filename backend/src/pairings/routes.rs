use actix_web::http::header;
use actix_web::{get, patch, post, web, HttpResponse};

use super::dto::{CreatePairing, EndPairing, MyPairingsQuery, PairingDto, PairingListQuery, UpdatePairing};
use super::repo;
use crate::app::AppState;
use crate::auth::{AccessToken, Caller, Permission};
use crate::households::repo as households_repo;
use crate::http::body::JsonBody;
use crate::http::etag::{self, IfMatch};
use crate::http::list::Page;
use crate::http::meta::RequestMeta;
use crate::http::problem::Problem;
use crate::http::ApiError;
use crate::needs::routes::today;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_pairings)
        .service(create_pairing)
        .service(get_pairing)
        .service(update_pairing)
        .service(end_pairing)
        .service(my_pairings);
}

/// Pairings of households in your subtree. `overdue=true` is the overdue
/// list (走访逾期): active pairings whose next visit was due before today,
/// most overdue first by default.
#[utoipa::path(
    tag = "pairings",
    params(PairingListQuery),
    responses(
        (status = 200, description = "A page of pairings", body = Page<PairingDto>),
        (status = 422, description = "Invalid paging or sort field", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/pairings")]
async fn list_pairings(
    state: web::Data<AppState>,
    token: AccessToken,
    query: web::Query<PairingListQuery>,
) -> Result<HttpResponse, ApiError> {
    let (query, today) = (query.into_inner(), today(&state));
    let page = state
        .db
        .read(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::HouseholdsRead)?;
            repo::list(conn, &caller, &query, today)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Pairs a unit or a volunteer in reach with a household in reach. The first
/// visit is due `visit_interval_days` after the start.
#[utoipa::path(
    tag = "pairings",
    request_body = CreatePairing,
    responses(
        (status = 201, description = "Created", body = PairingDto, headers(("Location" = String), ("ETag" = String))),
        (status = 409, description = "The helper is already paired with the household (`already_paired`); the household is archived (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields; neither or both of `unit_id` and `volunteer_id`; a household, unit or volunteer out of reach (`not_found`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/pairings")]
async fn create_pairing(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    body: JsonBody<CreatePairing>,
) -> Result<HttpResponse, ApiError> {
    let (input, today) = (body.into_inner(), today(&state));
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::PairingsWrite)?;
            repo::create(conn, &caller, &meta, input, today)
        })
        .await?;
    Ok(etag::with_etag(HttpResponse::Created(), dto.version)
        .insert_header((header::LOCATION, format!("/api/v1/pairings/{}", dto.id)))
        .json(dto))
}

/// One pairing: staff in reach, or its own helper.
#[utoipa::path(
    tag = "pairings",
    params(("id" = i64, Path, description = "Pairing id")),
    responses(
        (status = 200, description = "The pairing", body = PairingDto, headers(("ETag" = String))),
        (status = 403, description = "Neither staff with `households.read` nor a helper", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such pairing in your reach", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/pairings/{id}")]
async fn get_pairing(
    state: web::Data<AppState>,
    token: AccessToken,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let (id, today) = (id.into_inner(), today(&state));
    let dto = state
        .db
        .read(move |conn| {
            let caller = Caller::load(conn, &token)?;
            let reach = households_repo::reach(conn, &caller)?;
            repo::find(conn, &reach, id)?;
            repo::to_dto(conn, id, today)
        })
        .await?;
    Ok(etag::ok_with_etag(dto.version, &dto))
}

/// Changes plan, goals or the visit interval (which moves `due_on` at once).
#[utoipa::path(
    tag = "pairings",
    params(("id" = i64, Path, description = "Pairing id"), ("If-Match" = String, Header, description = "The ETag last read")),
    request_body = UpdatePairing,
    responses(
        (status = 200, description = "Updated", body = PairingDto, headers(("ETag" = String))),
        (status = 404, description = "No such pairing in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Ended (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/pairings/{id}")]
async fn update_pairing(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
    if_match: IfMatch,
    body: JsonBody<UpdatePairing>,
) -> Result<HttpResponse, ApiError> {
    let (id, input, today) = (id.into_inner(), body.into_inner(), today(&state));
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::PairingsWrite)?;
            repo::update(conn, &caller, &meta, id, if_match, input, today)
        })
        .await?;
    Ok(etag::ok_with_etag(dto.version, &dto))
}

/// Ends a pairing with a reason; it stays, with its visits, as history.
#[utoipa::path(
    tag = "pairings",
    params(("id" = i64, Path, description = "Pairing id")),
    request_body = EndPairing,
    responses(
        (status = 200, description = "Ended", body = PairingDto, headers(("ETag" = String))),
        (status = 404, description = "No such pairing in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Ended already (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`reason` missing; `ends_on` before the start or after today", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/pairings/{id}/end")]
async fn end_pairing(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: JsonBody<EndPairing>,
) -> Result<HttpResponse, ApiError> {
    let (id, input, today) = (id.into_inner(), body.into_inner(), today(&state));
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::PairingsWrite)?;
            repo::end(conn, &caller, &meta, id, input, today)
        })
        .await?;
    Ok(etag::ok_with_etag(dto.version, &dto))
}

/// The signed-in helper's active pairings, most urgent first: `due=week`
/// for what is due this week (overdue included), `due=overdue`.
#[utoipa::path(
    tag = "me",
    params(MyPairingsQuery),
    responses(
        (status = 200, description = "Your pairings", body = Vec<PairingDto>),
        (status = 403, description = "Not a unit contact or volunteer account", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/me/pairings")]
async fn my_pairings(
    state: web::Data<AppState>,
    token: AccessToken,
    query: web::Query<MyPairingsQuery>,
) -> Result<HttpResponse, ApiError> {
    let (due, today) = (query.into_inner().due.unwrap_or_default(), today(&state));
    let list = state
        .db
        .read(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::PairingsSelf)?;
            repo::mine(conn, &caller, due, today)
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}
