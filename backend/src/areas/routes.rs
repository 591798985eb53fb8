use actix_web::http::header;
use actix_web::{delete, get, patch, post, web, HttpResponse};

use super::dto::{AreaDto, AreaListQuery, AreaNode, AreaTreeQuery, CreateArea, UpdateArea};
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
    // `/areas/tree` before `/areas/{id}`, which would otherwise take "tree" as an id.
    cfg.service(area_tree)
        .service(list_areas)
        .service(create_area)
        .service(get_area)
        .service(update_area)
        .service(delete_area);
}

/// Areas in the caller's subtree.
#[utoipa::path(
    tag = "areas",
    params(AreaListQuery),
    responses(
        (status = 200, description = "A page of areas", body = Page<AreaDto>),
        (status = 422, description = "Invalid paging or sort field", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/areas")]
async fn list_areas(
    state: web::Data<AppState>,
    token: AccessToken,
    query: web::Query<AreaListQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let page = state
        .db
        .read(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::AreasRead)?;
            repo::list(conn, &caller, &query)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// The caller's subtree as a tree: their home area and everything under it.
#[utoipa::path(
    tag = "areas",
    params(AreaTreeQuery),
    responses((status = 200, description = "Root nodes with their children", body = Vec<AreaNode>)),
    security(("bearer" = []))
)]
#[get("/areas/tree")]
async fn area_tree(
    state: web::Data<AppState>,
    token: AccessToken,
    query: web::Query<AreaTreeQuery>,
) -> Result<HttpResponse, ApiError> {
    let down_to = query.into_inner().down_to;
    let tree = state
        .db
        .read(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::AreasRead)?;
            repo::tree(conn, &caller, down_to)
        })
        .await?;
    Ok(HttpResponse::Ok().json(tree))
}

/// One area.
#[utoipa::path(
    tag = "areas",
    params(("id" = i64, Path, description = "Area id")),
    responses(
        (status = 200, description = "The area; its version is the ETag", body = AreaDto,
            headers(("ETag" = String, description = "Send it back in If-Match to change the area"))),
        (status = 404, description = "No such area in your reach", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/areas/{id}")]
async fn get_area(
    state: web::Data<AppState>,
    token: AccessToken,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let area = state
        .db
        .read(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::AreasRead)?;
            repo::find(conn, &caller.scope, id)
        })
        .await?;
    Ok(etag::ok_with_etag(area.version, &AreaDto::from(area)))
}

/// Creates an area under a parent in the caller's subtree.
///
/// The kind must fit the parent: street under district, community under
/// street, grid under community, building under grid.
#[utoipa::path(
    tag = "areas",
    request_body = CreateArea,
    responses(
        (status = 201, description = "Created", body = AreaDto,
            headers(("Location" = String), ("ETag" = String))),
        (status = 409, description = "The code is taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, a parent out of reach or of the wrong kind", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/areas")]
async fn create_area(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    body: JsonBody<CreateArea>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner();
    let area = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::AreasWrite)?;
            repo::create(conn, &caller, &meta, input)
        })
        .await?;
    Ok(etag::with_etag(HttpResponse::Created(), area.version)
        .insert_header((header::LOCATION, format!("/api/v1/areas/{}", area.id)))
        .json(AreaDto::from(area)))
}

/// Renames, re-codes or moves an area (with everything under it).
///
/// Moving needs a new parent of the right kind inside the caller's subtree
/// and never under the area itself. Requires `If-Match`.
#[utoipa::path(
    tag = "areas",
    params(("id" = i64, Path, description = "Area id"), ("If-Match" = String, Header, description = "The ETag last read")),
    request_body = UpdateArea,
    responses(
        (status = 200, description = "Updated", body = AreaDto, headers(("ETag" = String))),
        (status = 404, description = "No such area in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The code is taken", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, wrong parent kind, or a cycle", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/areas/{id}")]
async fn update_area(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
    if_match: IfMatch,
    body: JsonBody<UpdateArea>,
) -> Result<HttpResponse, ApiError> {
    let (id, input) = (id.into_inner(), body.into_inner());
    let area = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::AreasWrite)?;
            repo::update(conn, &caller, &meta, id, if_match, input)
        })
        .await?;
    Ok(etag::ok_with_etag(area.version, &AreaDto::from(area)))
}

/// Deletes an area with nothing under it and nothing bound to it.
#[utoipa::path(
    tag = "areas",
    params(("id" = i64, Path, description = "Area id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such area in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Child areas or accounts still hang on it (`still_referenced`)", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/areas/{id}")]
async fn delete_area(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::AreasWrite)?;
            repo::delete(conn, &caller, &meta, id, if_match)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
