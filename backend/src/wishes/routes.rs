use actix_web::http::header;
use actix_web::{get, post, web, HttpResponse};

use super::dto::{ClaimWish, CreateWish, FulfilWish, WishDto, WishListQuery};
use super::repo;
use crate::app::AppState;
use crate::auth::{AccessToken, Caller, Permission};
use crate::http::body::JsonBody;
use crate::http::etag;
use crate::http::list::Page;
use crate::http::meta::RequestMeta;
use crate::http::problem::Problem;
use crate::http::ApiError;
use crate::services::dto::ReasonBody;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_wishes)
        .service(create_wish)
        .service(get_wish)
        .service(claim_wish)
        .service(fulfil_wish)
        .service(cancel_wish);
}

/// The wish board (微心愿). Staff see the wishes of their subtree with the
/// household; a helper sees the wishes of their community (`status=open`
/// for those still to claim) and those they claimed, without the household.
#[utoipa::path(
    tag = "wishes",
    params(WishListQuery),
    responses(
        (status = 200, description = "A page of wishes", body = Page<WishDto>),
        (status = 403, description = "Neither staff with `households.read` nor a helper", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid paging or sort field", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/wishes")]
async fn list_wishes(
    state: web::Data<AppState>,
    token: AccessToken,
    query: web::Query<WishListQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let page = state
        .db
        .read(move |conn| {
            let caller = Caller::load(conn, &token)?;
            repo::list(conn, &caller, &query)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Publishes a wish of a household in reach to the helpers of its community.
#[utoipa::path(
    tag = "wishes",
    request_body = CreateWish,
    responses(
        (status = 201, description = "Published", body = WishDto, headers(("Location" = String), ("ETag" = String))),
        (status = 422, description = "Invalid fields; a household out of reach (`not_found`) or archived (`not_applicable`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/wishes")]
async fn create_wish(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    body: JsonBody<CreateWish>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner();
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::HouseholdsWrite)?;
            repo::create(conn, &caller, &meta, input)
        })
        .await?;
    Ok(etag::with_etag(HttpResponse::Created(), dto.version)
        .insert_header((header::LOCATION, format!("/api/v1/wishes/{}", dto.id)))
        .json(dto))
}

/// One wish on your board.
#[utoipa::path(
    tag = "wishes",
    params(("id" = i64, Path, description = "Wish id")),
    responses(
        (status = 200, description = "The wish", body = WishDto, headers(("ETag" = String))),
        (status = 404, description = "Not on your board", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/wishes/{id}")]
async fn get_wish(
    state: web::Data<AppState>,
    token: AccessToken,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let dto = state
        .db
        .read(move |conn| {
            let caller = Caller::load(conn, &token)?;
            repo::get(conn, &caller, id)
        })
        .await?;
    Ok(etag::ok_with_etag(dto.version, &dto))
}

/// Claims an open wish: a helper for themselves (`{}`), or staff for a unit
/// or volunteer in reach. Of claims sent at once, one wins.
#[utoipa::path(
    tag = "wishes",
    params(("id" = i64, Path, description = "Wish id")),
    request_body = ClaimWish,
    responses(
        (status = 200, description = "Claimed", body = WishDto, headers(("ETag" = String))),
        (status = 403, description = "Staff without `households.write`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not on your board", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Claimed already (`already_claimed`); withdrawn (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Staff named neither or both of unit and volunteer, or one out of reach; a helper named someone", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/wishes/{id}/claim")]
async fn claim_wish(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: JsonBody<ClaimWish>,
) -> Result<HttpResponse, ApiError> {
    let (id, input) = (id.into_inner(), body.into_inner());
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::load(conn, &token)?;
            repo::claim(conn, &caller, &meta, id, input)
        })
        .await?;
    Ok(etag::ok_with_etag(dto.version, &dto))
}

/// Marks a claimed wish fulfilled, with a note: its claimer, or staff.
#[utoipa::path(
    tag = "wishes",
    params(("id" = i64, Path, description = "Wish id")),
    request_body = FulfilWish,
    responses(
        (status = 200, description = "Fulfilled", body = WishDto, headers(("ETag" = String))),
        (status = 403, description = "A helper who did not claim it; staff without `households.write`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not on your board", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not claimed (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`note` missing", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/wishes/{id}/fulfil")]
async fn fulfil_wish(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: JsonBody<FulfilWish>,
) -> Result<HttpResponse, ApiError> {
    let (id, input) = (id.into_inner(), body.into_inner());
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::load(conn, &token)?;
            repo::fulfil(conn, &caller, &meta, id, input)
        })
        .await?;
    Ok(etag::ok_with_etag(dto.version, &dto))
}

/// Withdraws an open or claimed wish, with a reason.
#[utoipa::path(
    tag = "wishes",
    params(("id" = i64, Path, description = "Wish id")),
    request_body = ReasonBody,
    responses(
        (status = 200, description = "Withdrawn", body = WishDto, headers(("ETag" = String))),
        (status = 403, description = "A role without `households.write`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such wish in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Fulfilled or withdrawn already (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`reason` missing", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/wishes/{id}/cancel")]
async fn cancel_wish(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: JsonBody<ReasonBody>,
) -> Result<HttpResponse, ApiError> {
    let (id, input) = (id.into_inner(), body.into_inner());
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::HouseholdsWrite)?;
            repo::cancel(conn, &caller, &meta, id, &input.reason)
        })
        .await?;
    Ok(etag::ok_with_etag(dto.version, &dto))
}
