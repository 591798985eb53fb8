use actix_web::http::header;
use actix_web::{get, patch, post, web, HttpResponse};

use super::dto::{CreateResource, ResourceDto, ResourceListQuery, UpdateResource};
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
    cfg.service(list_resources).service(create_resource).service(get_resource).service(update_resource);
}

/// Resources serving the caller's area: those serving an area of their
/// subtree or one above their home area; a unit contact also sees all of
/// their own unit's. `?shelf=true` is the party-building supermarket.
#[utoipa::path(
    tag = "resources",
    params(ResourceListQuery),
    responses(
        (status = 200, description = "A page of resources", body = Page<ResourceDto>),
        (status = 422, description = "Invalid paging or sort field", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/resources")]
async fn list_resources(
    state: web::Data<AppState>,
    token: AccessToken,
    query: web::Query<ResourceListQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let page = state
        .db
        .read(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::ResourcesRead)?;
            repo::list(conn, &caller, &query)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Offers a resource of a unit.
///
/// A unit contact offers for their own unit (`unit_id` may be left out);
/// staff with `resources.write` for a unit they can see. Areas served
/// default to the unit's home area; each must lie in the caller's subtree,
/// the unit's home area or a grid the unit serves.
#[utoipa::path(
    tag = "resources",
    request_body = CreateResource,
    responses(
        (status = 201, description = "Created", body = ResourceDto, headers(("Location" = String), ("ETag" = String))),
        (status = 422, description = "Invalid fields, a unit or area out of reach, a withdrawn unit, bad availability", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/resources")]
async fn create_resource(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    body: JsonBody<CreateResource>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner();
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::load(conn, &token)?;
            repo::create(conn, &caller, &meta, input)
        })
        .await?;
    Ok(etag::with_etag(HttpResponse::Created(), dto.version)
        .insert_header((header::LOCATION, format!("/api/v1/resources/{}", dto.id)))
        .json(dto))
}

/// One resource with the areas it serves and what remains of it.
#[utoipa::path(
    tag = "resources",
    params(("id" = i64, Path, description = "Resource id")),
    responses(
        (status = 200, description = "The resource", body = ResourceDto, headers(("ETag" = String))),
        (status = 404, description = "No such resource in your reach", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/resources/{id}")]
async fn get_resource(
    state: web::Data<AppState>,
    token: AccessToken,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let dto = state
        .db
        .read(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::ResourcesRead)?;
            let row = repo::find(conn, &caller, id)?;
            repo::to_dto(conn, row)
        })
        .await?;
    Ok(etag::ok_with_etag(dto.version, &dto))
}

/// Changes a resource: its unit's contact, or staff who can see the unit.
/// `status` pauses, marks used up or withdraws it. Requires `If-Match`.
#[utoipa::path(
    tag = "resources",
    params(("id" = i64, Path, description = "Resource id"), ("If-Match" = String, Header, description = "The ETag last read")),
    request_body = UpdateResource,
    responses(
        (status = 200, description = "Updated", body = ResourceDto, headers(("ETag" = String))),
        (status = 403, description = "Not your unit's resource, or a unit you cannot see", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such resource in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields; `quantity` below what is reserved (`below_reserved`)", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/resources/{id}")]
async fn update_resource(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
    if_match: IfMatch,
    body: JsonBody<UpdateResource>,
) -> Result<HttpResponse, ApiError> {
    let (id, input) = (id.into_inner(), body.into_inner());
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::ResourcesRead)?;
            repo::update(conn, &caller, &meta, id, if_match, input)
        })
        .await?;
    Ok(etag::ok_with_etag(dto.version, &dto))
}
