use actix_web::http::header;
use actix_web::{get, patch, post, web, HttpResponse};

use super::dto::{CreateUnit, UnitDto, UnitListQuery, UpdateUnit};
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
    cfg.service(list_units).service(create_unit).service(get_unit).service(update_unit);
}

/// Units stationed in the caller's subtree or serving a grid in it (a unit
/// contact also sees their own).
#[utoipa::path(
    tag = "units",
    params(UnitListQuery),
    responses(
        (status = 200, description = "A page of units", body = Page<UnitDto>),
        (status = 422, description = "Invalid paging or sort field", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/units")]
async fn list_units(
    state: web::Data<AppState>,
    token: AccessToken,
    query: web::Query<UnitListQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let page = state
        .db
        .read(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::UnitsRead)?;
            repo::list(conn, &caller, &query)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Registers a unit stationed in the caller's subtree.
#[utoipa::path(
    tag = "units",
    request_body = CreateUnit,
    responses(
        (status = 201, description = "Created", body = UnitDto, headers(("Location" = String), ("ETag" = String))),
        (status = 409, description = "The credit code is taken (`duplicate`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (`invalid_credit_code`, `invalid_phone` ...), an area out of reach, a grid that is not one", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/units")]
async fn create_unit(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    body: JsonBody<CreateUnit>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner();
    let unit = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::UnitsWrite)?;
            repo::create(conn, &caller, &meta, input)
        })
        .await?;
    Ok(etag::with_etag(HttpResponse::Created(), unit.version)
        .insert_header((header::LOCATION, format!("/api/v1/units/{}", unit.id)))
        .json(unit))
}

/// One unit with its home area and the grids it serves.
#[utoipa::path(
    tag = "units",
    params(("id" = i64, Path, description = "Unit id")),
    responses(
        (status = 200, description = "The unit", body = UnitDto, headers(("ETag" = String))),
        (status = 404, description = "No such unit in your reach", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/units/{id}")]
async fn get_unit(
    state: web::Data<AppState>,
    token: AccessToken,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let unit = state
        .db
        .read(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::UnitsRead)?;
            let unit = repo::find(conn, &caller, id)?;
            repo::to_dto(conn, unit)
        })
        .await?;
    Ok(etag::ok_with_etag(unit.version, &unit))
}

/// Changes a unit. Area admins change any field of units stationed in their
/// subtree; a unit contact changes the profile of their own unit.
#[utoipa::path(
    tag = "units",
    params(("id" = i64, Path, description = "Unit id"), ("If-Match" = String, Header, description = "The ETag last read")),
    request_body = UpdateUnit,
    responses(
        (status = 200, description = "Updated", body = UnitDto, headers(("ETag" = String))),
        (status = 404, description = "No such unit in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The credit code is taken", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or fields a unit contact may not change (`not_editable`)", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/units/{id}")]
async fn update_unit(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
    if_match: IfMatch,
    body: JsonBody<UpdateUnit>,
) -> Result<HttpResponse, ApiError> {
    let (id, input) = (id.into_inner(), body.into_inner());
    let unit = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::UnitsRead)?;
            repo::update(conn, &caller, &meta, id, if_match, input)
        })
        .await?;
    Ok(etag::ok_with_etag(unit.version, &unit))
}
