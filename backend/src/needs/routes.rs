use actix_web::http::header;
use actix_web::{get, patch, post, web, HttpResponse};
use chrono::{NaiveDate, Utc};

use super::dto::{CloseNeed, CreateNeed, MatchQuery, NeedDto, NeedListQuery, UpdateNeed};
use super::matching::{self, NeedMatch};
use super::repo;
use crate::app::AppState;
use crate::auth::{AccessToken, Caller, Permission};
use crate::http::body::JsonBody;
use crate::http::etag::{self, IfMatch};
use crate::http::list::Page;
use crate::http::meta::RequestMeta;
use crate::http::problem::Problem;
use crate::http::ApiError;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_needs)
        .service(create_need)
        .service(get_need)
        .service(update_need)
        .service(close_need)
        .service(need_matches);
}

/// Today in the deployment's time zone: deadlines fall on local calendar days.
pub(crate) fn today(state: &AppState) -> NaiveDate {
    Utc::now().with_timezone(&state.config.timezone).date_naive()
}

/// The need board: needs of the areas in the caller's subtree.
#[utoipa::path(
    tag = "needs",
    params(NeedListQuery),
    responses(
        (status = 200, description = "A page of needs", body = Page<NeedDto>),
        (status = 422, description = "Invalid paging or sort field", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/needs")]
async fn list_needs(
    state: web::Data<AppState>,
    token: AccessToken,
    query: web::Query<NeedListQuery>,
) -> Result<HttpResponse, ApiError> {
    let (query, today) = (query.into_inner(), today(&state));
    let page = state
        .db
        .read(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::NeedsRead)?;
            repo::list(conn, &caller, &query, today)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Raises a need for a community or grid in the caller's subtree; it starts `open`.
#[utoipa::path(
    tag = "needs",
    request_body = CreateNeed,
    responses(
        (status = 201, description = "Created", body = NeedDto, headers(("Location" = String), ("ETag" = String))),
        (status = 422, description = "Invalid fields; an area out of reach (`not_found`) or neither community nor grid (`wrong_area_kind`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/needs")]
async fn create_need(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    body: JsonBody<CreateNeed>,
) -> Result<HttpResponse, ApiError> {
    let (input, today) = (body.into_inner(), today(&state));
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::NeedsWrite)?;
            repo::create(conn, &caller, &meta, input, today)
        })
        .await?;
    Ok(etag::with_etag(HttpResponse::Created(), dto.version)
        .insert_header((header::LOCATION, format!("/api/v1/needs/{}", dto.id)))
        .json(dto))
}

/// One need.
#[utoipa::path(
    tag = "needs",
    params(("id" = i64, Path, description = "Need id")),
    responses(
        (status = 200, description = "The need", body = NeedDto, headers(("ETag" = String))),
        (status = 404, description = "No such need in your reach", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/needs/{id}")]
async fn get_need(
    state: web::Data<AppState>,
    token: AccessToken,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let (id, today) = (id.into_inner(), today(&state));
    let dto = state
        .db
        .read(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::NeedsRead)?;
            let row = repo::find(conn, &caller, id)?;
            repo::to_dto(conn, row, today)
        })
        .await?;
    Ok(etag::ok_with_etag(dto.version, &dto))
}

/// Edits a pending need (open, matched or in service). Requires `If-Match`.
#[utoipa::path(
    tag = "needs",
    params(("id" = i64, Path, description = "Need id"), ("If-Match" = String, Header, description = "The ETag last read")),
    request_body = UpdateNeed,
    responses(
        (status = 200, description = "Updated", body = NeedDto, headers(("ETag" = String))),
        (status = 404, description = "No such need in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Done or closed (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/needs/{id}")]
async fn update_need(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
    if_match: IfMatch,
    body: JsonBody<UpdateNeed>,
) -> Result<HttpResponse, ApiError> {
    let (id, input, today) = (id.into_inner(), body.into_inner(), today(&state));
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::NeedsWrite)?;
            repo::update(conn, &caller, &meta, id, if_match, input, today)
        })
        .await?;
    Ok(etag::ok_with_etag(dto.version, &dto))
}

/// Closes an open need unfulfilled, with a reason. A need with live
/// services is closed by cancelling them first.
#[utoipa::path(
    tag = "needs",
    params(("id" = i64, Path, description = "Need id")),
    request_body = CloseNeed,
    responses(
        (status = 200, description = "Closed (`closed_unfulfilled`)", body = NeedDto, headers(("ETag" = String))),
        (status = 404, description = "No such need in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not open (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`reason` missing or blank", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/needs/{id}/close")]
async fn close_need(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: JsonBody<CloseNeed>,
) -> Result<HttpResponse, ApiError> {
    let (id, input, today) = (id.into_inner(), body.into_inner(), today(&state));
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::NeedsWrite)?;
            repo::close(conn, &caller, &meta, id, &input.reason, today)
        })
        .await?;
    Ok(etag::ok_with_etag(dto.version, &dto))
}

/// Resources ranked for a need, best first, each with its score (0–100) and
/// the reasons: category fit, closeness in the area tree, availability by
/// the wanted-by day, what remains, an active co-building agreement with the
/// need's community, and the unit's acceptance rate and rating so far.
///
/// Candidates are the available resources with something left, of units
/// still in the alliance, that the caller can see and that serve an area of
/// the need's street or one above it.
#[utoipa::path(
    tag = "needs",
    params(("id" = i64, Path, description = "Need id"), MatchQuery),
    responses(
        (status = 200, description = "Ranked matches, best first", body = Vec<NeedMatch>),
        (status = 404, description = "No such need in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`limit` outside 1–100 (`out_of_range`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/needs/{id}/matches")]
async fn need_matches(
    state: web::Data<AppState>,
    token: AccessToken,
    id: web::Path<i64>,
    query: web::Query<MatchQuery>,
) -> Result<HttpResponse, ApiError> {
    let (id, limit, today) = (id.into_inner(), query.limit, today(&state));
    let ranked = state
        .db
        .read(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::ServicesOrder)?;
            matching::matches(conn, &caller, id, limit, today)
        })
        .await?;
    Ok(HttpResponse::Ok().json(ranked))
}
