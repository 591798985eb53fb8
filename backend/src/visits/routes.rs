use actix_web::http::header;
use actix_web::{get, post, web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use super::dto::{CreateVisit, PhotoRef, VisitDto};
use super::{photos, repo};
use crate::app::AppState;
use crate::auth::{AccessToken, Caller};
use crate::http::body::JsonBody;
use crate::http::list::Page;
use crate::http::meta::RequestMeta;
use crate::http::problem::Problem;
use crate::http::upload::{FileBytes, ImageUpload};
use crate::http::ApiError;
use crate::needs::routes::today;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_visits).service(create_visit).service(add_photo).service(get_photo);
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VisitListQuery {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
}

/// A pairing's visits, newest first: staff in reach, or its own helper.
#[utoipa::path(
    tag = "pairings",
    params(("id" = i64, Path, description = "Pairing id"), VisitListQuery),
    responses(
        (status = 200, description = "A page of visits", body = Page<VisitDto>),
        (status = 403, description = "Neither staff with `households.read` nor a helper", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such pairing in your reach", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/pairings/{id}/visits")]
async fn list_visits(
    state: web::Data<AppState>,
    token: AccessToken,
    id: web::Path<i64>,
    query: web::Query<VisitListQuery>,
) -> Result<HttpResponse, ApiError> {
    let (id, query) = (id.into_inner(), query.into_inner());
    let page = state
        .db
        .read(move |conn| {
            let caller = Caller::load(conn, &token)?;
            repo::of_pairing(conn, &caller, id, query.page, query.page_size)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Records a visit on an active pairing: staff with `households.write` in
/// reach (grid workers), or the pairing's own helper. Moves the pairing's
/// `due_on` to the latest visit plus the interval.
#[utoipa::path(
    tag = "pairings",
    params(("id" = i64, Path, description = "Pairing id")),
    request_body = CreateVisit,
    responses(
        (status = 201, description = "Recorded", body = VisitDto, headers(("Location" = String))),
        (status = 403, description = "Neither staff with `households.write` nor a helper", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such pairing in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The pairing has ended (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields; `visited_on` after today (`in_the_future`) or before the start; `paperwork` missing or not applicable", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/pairings/{id}/visits")]
async fn create_visit(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: JsonBody<CreateVisit>,
) -> Result<HttpResponse, ApiError> {
    let (id, input, today) = (id.into_inner(), body.into_inner(), today(&state));
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::load(conn, &token)?;
            repo::create(conn, &caller, &meta, id, input, today)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/pairings/{id}/visits/{}", dto.id)))
        .json(dto))
}

/// Adds a photo to a visit, sent as the raw body (`image/jpeg`, `image/png`
/// or `image/webp`, at most 5 MiB, nine a visit). The bytes must be an image
/// of the type sent.
#[utoipa::path(
    tag = "pairings",
    params(("id" = i64, Path, description = "Visit id")),
    request_body(content = FileBytes, content_type = "image/jpeg"),
    responses(
        (status = 201, description = "Stored", body = PhotoRef),
        (status = 403, description = "Neither staff with `households.write` nor a helper", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such visit in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The visit has nine photos (`too_many_photos`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Over 5 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not a JPEG, PNG or WebP image, or not of the type sent", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/visits/{id}/photos")]
async fn add_photo(
    state: web::Data<AppState>,
    token: AccessToken,
    id: web::Path<i64>,
    image: ImageUpload,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let photo = state
        .db
        .write(move |conn| {
            let caller = Caller::load(conn, &token)?;
            photos::add(conn, &caller, id, image)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/visits/{id}/photos/{}", photo.id)))
        .json(photo))
}

/// A visit photo, for those who reach the visit's household. Not cached by shared caches.
#[utoipa::path(
    tag = "pairings",
    params(("id" = i64, Path, description = "Visit id"), ("photo_id" = i64, Path, description = "Photo id")),
    responses(
        (status = 200, description = "The image", content_type = "image/jpeg", body = FileBytes),
        (status = 403, description = "Neither staff with `households.read` nor a helper", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such photo in your reach", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/visits/{id}/photos/{photo_id}")]
async fn get_photo(
    state: web::Data<AppState>,
    token: AccessToken,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, ApiError> {
    let (id, photo_id) = path.into_inner();
    let (content_type, bytes) = state
        .db
        .read(move |conn| {
            let caller = Caller::load(conn, &token)?;
            photos::read(conn, &caller, id, photo_id)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .body(bytes))
}
