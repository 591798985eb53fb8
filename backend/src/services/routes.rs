use actix_files::NamedFile;
use actix_web::http::header;
use actix_web::{get, post, web, HttpResponse};

use super::dto::{
    CreateService, DeliverService, RateService, ReasonBody, ServiceDto, ServiceFilters, ServiceListQuery,
};
use super::export;
use super::repo::{self, Payload};
use super::state::ServiceAction;
use crate::app::AppState;
use crate::auth::{AccessToken, Caller, Permission};
use crate::http::body::JsonBody;
use crate::http::etag;
use crate::http::list::Page;
use crate::http::meta::RequestMeta;
use crate::http::problem::Problem;
use crate::http::upload::FileBytes;
use crate::http::{xlsx, ApiError};
use crate::needs::routes::today;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    // `/services/export` before `/services/{id}`, which would take it for an id.
    cfg.service(list_services)
        .service(create_service)
        .service(export_services)
        .service(get_service)
        .service(accept_service)
        .service(decline_service)
        .service(start_service)
        .service(deliver_service)
        .service(rate_service)
        .service(cancel_service);
}

/// Services in reach: a unit contact sees their unit's (its inbox is
/// `?unit_id=…&status=ordered`); staff those ordered by areas of their
/// subtree and, with `services.fulfil`, those of units they can see.
#[utoipa::path(
    tag = "services",
    params(ServiceListQuery),
    responses(
        (status = 200, description = "A page of services, each with its timeline", body = Page<ServiceDto>),
        (status = 422, description = "Invalid paging or sort field", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/services")]
async fn list_services(
    state: web::Data<AppState>,
    token: AccessToken,
    query: web::Query<ServiceListQuery>,
) -> Result<HttpResponse, ApiError> {
    let (query, today) = (query.into_inner(), today(&state));
    let page = state
        .db
        .read(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::ServicesRead)?;
            repo::list(conn, &caller, &query, today)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// The service ledger (服务台账) as `.xlsx`: every service the list shows for
/// these filters, all pages, with delivery and rating; streamed from a
/// temporary file, so its size does not weigh on the server's memory.
#[utoipa::path(
    tag = "services",
    params(ServiceFilters),
    responses(
        (status = 200, description = "`services-YYYYMMDD.xlsx` (服务清单-YYYYMMDD.xlsx)", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = FileBytes,
            headers(("Content-Disposition" = String, description = "attachment with the file name"))),
        (status = 422, description = "Invalid sort field", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/services/export")]
async fn export_services(
    state: web::Data<AppState>,
    token: AccessToken,
    filters: web::Query<ServiceFilters>,
) -> Result<NamedFile, ApiError> {
    let (filters, today, tz) = (filters.into_inner(), today(&state), state.config.timezone);
    let file = state
        .db
        .read_snapshot(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::ServicesRead)?;
            export::export(conn, &caller, &filters, today, &tz)
        })
        .await?;
    let day = today.format("%Y%m%d");
    xlsx::download(file, &format!("services-{day}.xlsx"), &format!("服务清单-{day}.xlsx"))
}

/// Proposes a resource for a need (`need_id`), or orders a shelf item for a
/// community or grid (`area_id`, "你点单"). The service starts `ordered`.
#[utoipa::path(
    tag = "services",
    request_body = CreateService,
    responses(
        (status = 201, description = "Ordered", body = ServiceDto, headers(("Location" = String), ("ETag" = String))),
        (status = 409, description = "The need is done or closed (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields; a need, resource or area out of reach (`not_found`); a resource not available (`resource_unavailable`), not on the shelf (`not_on_shelf`) or of a withdrawn unit (`unit_withdrawn`); `area_id` or `wanted_by` with a need (`not_applicable`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/services")]
async fn create_service(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    body: JsonBody<CreateService>,
) -> Result<HttpResponse, ApiError> {
    let (input, today) = (body.into_inner(), today(&state));
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::ServicesOrder)?;
            repo::create(conn, &caller, &meta, input, today)
        })
        .await?;
    Ok(etag::with_etag(HttpResponse::Created(), dto.version)
        .insert_header((header::LOCATION, format!("/api/v1/services/{}", dto.id)))
        .json(dto))
}

/// One service with its timeline.
#[utoipa::path(
    tag = "services",
    params(("id" = i64, Path, description = "Service id")),
    responses(
        (status = 200, description = "The service", body = ServiceDto, headers(("ETag" = String))),
        (status = 404, description = "No such service in your reach", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/services/{id}")]
async fn get_service(
    state: web::Data<AppState>,
    token: AccessToken,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let (id, today) = (id.into_inner(), today(&state));
    let dto = state
        .db
        .read(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::ServicesRead)?;
            let row = repo::find(conn, &caller, id)?;
            repo::to_dto(conn, row, today)
        })
        .await?;
    Ok(etag::ok_with_etag(dto.version, &dto))
}

async fn act(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: i64,
    action: ServiceAction,
    payload: Payload,
) -> Result<HttpResponse, ApiError> {
    let today = today(&state);
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::ServicesRead)?;
            repo::act(conn, &caller, &meta, id, action, payload, today)
        })
        .await?;
    Ok(etag::ok_with_etag(dto.version, &dto))
}

/// The unit takes the order ("我接单"): its quantity is reserved from the resource.
#[utoipa::path(
    tag = "services",
    params(("id" = i64, Path, description = "Service id")),
    responses(
        (status = 200, description = "Accepted", body = ServiceDto, headers(("ETag" = String))),
        (status = 403, description = "Not the unit's side: a unit contact of another unit's service, or a role without `services.fulfil`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such service in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not ordered (`invalid_transition`); less of the resource remains than the service takes (`insufficient_quantity`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/services/{id}/accept")]
async fn accept_service(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    act(state, token, meta, id.into_inner(), ServiceAction::Accept, Payload::None).await
}

/// The unit declines an order, with a reason.
#[utoipa::path(
    tag = "services",
    params(("id" = i64, Path, description = "Service id")),
    request_body = ReasonBody,
    responses(
        (status = 200, description = "Declined", body = ServiceDto, headers(("ETag" = String))),
        (status = 403, description = "Not the unit's side", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such service in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not ordered (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`reason` missing or blank", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/services/{id}/decline")]
async fn decline_service(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: JsonBody<ReasonBody>,
) -> Result<HttpResponse, ApiError> {
    let reason = body.into_inner().reason;
    act(state, token, meta, id.into_inner(), ServiceAction::Decline, Payload::Reason(reason)).await
}

/// The unit starts an accepted service.
#[utoipa::path(
    tag = "services",
    params(("id" = i64, Path, description = "Service id")),
    responses(
        (status = 200, description = "In progress", body = ServiceDto, headers(("ETag" = String))),
        (status = 403, description = "Not the unit's side", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such service in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not accepted (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/services/{id}/start")]
async fn start_service(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    act(state, token, meta, id.into_inner(), ServiceAction::Start, Payload::None).await
}

/// The unit reports a service in progress as delivered.
#[utoipa::path(
    tag = "services",
    params(("id" = i64, Path, description = "Service id")),
    request_body = DeliverService,
    responses(
        (status = 200, description = "Delivered", body = ServiceDto, headers(("ETag" = String))),
        (status = 403, description = "Not the unit's side", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such service in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not in progress (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields; `delivered_on` after today (`in_the_future`); a photo address that is not http(s) (`invalid_url`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/services/{id}/deliver")]
async fn deliver_service(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: JsonBody<DeliverService>,
) -> Result<HttpResponse, ApiError> {
    act(state, token, meta, id.into_inner(), ServiceAction::Deliver, Payload::Deliver(body.into_inner())).await
}

/// The ordering community rates a delivered service (1–5), which closes it.
/// Staff whose subtree holds the ordering area, with `services.rate` (grid
/// workers do not rate).
#[utoipa::path(
    tag = "services",
    params(("id" = i64, Path, description = "Service id")),
    request_body = RateService,
    responses(
        (status = 200, description = "Rated and closed", body = ServiceDto, headers(("ETag" = String))),
        (status = 403, description = "Not the ordering community's staff, or a role without `services.rate`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such service in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not delivered (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`score` outside 1–5 (`out_of_range`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/services/{id}/rate")]
async fn rate_service(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: JsonBody<RateService>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner();
    let payload = Payload::Rate { score: input.score, comment: input.comment };
    act(state, token, meta, id.into_inner(), ServiceAction::Rate, payload).await
}

/// Cancels a service before delivery, with a reason: by the unit's side or
/// by staff of the ordering area. What was reserved is given back.
#[utoipa::path(
    tag = "services",
    params(("id" = i64, Path, description = "Service id")),
    request_body = ReasonBody,
    responses(
        (status = 200, description = "Cancelled", body = ServiceDto, headers(("ETag" = String))),
        (status = 403, description = "Neither side of the service", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such service in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already delivered, declined or ended (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`reason` missing or blank", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/services/{id}/cancel")]
async fn cancel_service(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: JsonBody<ReasonBody>,
) -> Result<HttpResponse, ApiError> {
    let reason = body.into_inner().reason;
    act(state, token, meta, id.into_inner(), ServiceAction::Cancel, Payload::Reason(reason)).await
}
