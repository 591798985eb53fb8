use actix_files::NamedFile;
use actix_web::http::header;
use actix_web::{get, post, web, HttpResponse};

use super::dto::{
    AdjustServiceRecord, CreateServiceRecord, MyHours, MyHoursQuery, MyRecordsQuery, ServiceRecordDto,
    ServiceRecordListQuery, Totals, TotalsQuery,
};
use super::{export, repo};
use crate::app::AppState;
use crate::auth::{AccessToken, Caller, Permission};
use crate::http::body::JsonBody;
use crate::http::list::CursorPage;
use crate::http::meta::RequestMeta;
use crate::http::problem::Problem;
use crate::http::upload::FileBytes;
use crate::http::{xlsx, ApiError};
use crate::needs::routes::today;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    // `/service-records/export` and `/totals` before `/service-records/{id}`.
    cfg.service(list_records)
        .service(export_records)
        .service(record_totals)
        .service(get_record)
        .service(create_record)
        .service(adjust_record)
        .service(my_hours)
        .service(my_records);
}

fn created(dto: ServiceRecordDto) -> HttpResponse {
    HttpResponse::Created().insert_header((header::LOCATION, format!("/api/v1/service-records/{}", dto.id))).json(dto)
}

/// Service records (志愿服务记录) of projects in your subtree and of the
/// volunteers who report to it, originals and adjustments. Pages by number
/// (`total`), or by keyset for sync with `cursor` / `updated_since`
/// (oldest first, `next_cursor`).
#[utoipa::path(
    tag = "service-records",
    params(ServiceRecordListQuery),
    responses(
        (status = 200, description = "A page of records", body = CursorPage<ServiceRecordDto>),
        (status = 422, description = "Invalid paging, cursor or sort field", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/service-records")]
async fn list_records(
    state: web::Data<AppState>,
    token: AccessToken,
    query: web::Query<ServiceRecordListQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let page = state
        .db
        .read(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::RecordsRead)?;
            repo::list(conn, &caller, &query)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// The hours ledger as `.xlsx`: every record the list shows for these
/// filters, all pages; streamed from a temporary file.
#[utoipa::path(
    tag = "service-records",
    params(ServiceRecordListQuery),
    responses(
        (status = 200, description = "`service-records-YYYYMMDD.xlsx` (志愿服务记录-YYYYMMDD.xlsx)", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = FileBytes,
            headers(("Content-Disposition" = String, description = "attachment with the file name"))),
        (status = 422, description = "Invalid sort field", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/service-records/export")]
async fn export_records(
    state: web::Data<AppState>,
    token: AccessToken,
    query: web::Query<ServiceRecordListQuery>,
) -> Result<NamedFile, ApiError> {
    let (query, today, tz) = (query.into_inner(), today(&state), state.config.timezone);
    let file = state
        .db
        .read_snapshot(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::RecordsRead)?;
            export::export(conn, &caller, &query, &tz)
        })
        .await?;
    let day = today.format("%Y%m%d");
    xlsx::download(file, &format!("service-records-{day}.xlsx"), &format!("志愿服务记录-{day}.xlsx"))
}

/// Hour totals of the records in reach, by volunteer, unit, area (the areas
/// directly under `area_id`), month or year, with adjustments counted.
#[utoipa::path(
    tag = "service-records",
    params(TotalsQuery),
    responses(
        (status = 200, description = "Totals", body = Totals),
        (status = 422, description = "`limit` out of range", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/service-records/totals")]
async fn record_totals(
    state: web::Data<AppState>,
    token: AccessToken,
    query: web::Query<TotalsQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let totals = state
        .db
        .read(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::RecordsRead)?;
            repo::totals(conn, &caller, &query)
        })
        .await?;
    Ok(HttpResponse::Ok().json(totals))
}

/// One service record.
#[utoipa::path(
    tag = "service-records",
    params(("id" = i64, Path, description = "Record id")),
    responses(
        (status = 200, description = "The record", body = ServiceRecordDto),
        (status = 404, description = "No such record in your reach", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/service-records/{id}")]
async fn get_record(
    state: web::Data<AppState>,
    token: AccessToken,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let dto = state
        .db
        .read(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::RecordsRead)?;
            repo::find(conn, &caller, id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(dto))
}

/// Hours entered by the project's organiser for service not signed up
/// through the system (a paper roster). Hours of sign-ups are recorded when
/// the organiser confirms them (`POST /enrollments/{id}/confirm-hours`).
#[utoipa::path(
    tag = "service-records",
    request_body = CreateServiceRecord,
    responses(
        (status = 201, description = "Recorded", body = ServiceRecordDto, headers(("Location" = String))),
        (status = 403, description = "Not the project's organiser", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields; a project or volunteer out of reach (`not_found`); a day after today (`in_the_future`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/service-records")]
async fn create_record(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    body: JsonBody<CreateServiceRecord>,
) -> Result<HttpResponse, ApiError> {
    let (input, today) = (body.into_inner(), today(&state));
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::ProjectsWrite)?;
            repo::create(conn, &caller, &meta, input, today)
        })
        .await?;
    Ok(created(dto))
}

/// Corrects an original record: the organiser gives the minutes it should
/// have had and why; the answer is a new `adjustment` record holding the
/// difference, pointing at the original, which stays as it was.
#[utoipa::path(
    tag = "service-records",
    params(("id" = i64, Path, description = "Id of the original record")),
    request_body = AdjustServiceRecord,
    responses(
        (status = 201, description = "The adjustment", body = ServiceRecordDto, headers(("Location" = String))),
        (status = 403, description = "Not the project's organiser", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such record in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The record is an adjustment itself (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields; the record already counts these minutes (`unchanged`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/service-records/{id}/adjust")]
async fn adjust_record(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: JsonBody<AdjustServiceRecord>,
) -> Result<HttpResponse, ApiError> {
    let (id, input) = (id.into_inner(), body.into_inner());
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::ProjectsWrite)?;
            repo::adjust(conn, &caller, &meta, id, input)
        })
        .await?;
    Ok(created(dto))
}

/// The signed-in volunteer's confirmed hours, in all and by year, with
/// adjustments counted.
#[utoipa::path(
    tag = "me",
    params(MyHoursQuery),
    responses(
        (status = 200, description = "Your hours", body = MyHours),
        (status = 403, description = "Not a volunteer account", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The account has no volunteer profile", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/me/hours")]
async fn my_hours(
    state: web::Data<AppState>,
    token: AccessToken,
    query: web::Query<MyHoursQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let hours = state
        .db
        .read(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::EnrollmentsSelf)?;
            repo::my_hours(conn, &caller, &query)
        })
        .await?;
    Ok(HttpResponse::Ok().json(hours))
}

/// The signed-in volunteer's service records, originals and adjustments;
/// `cursor` / `updated_since` for sync as on `/service-records`.
#[utoipa::path(
    tag = "me",
    params(MyRecordsQuery),
    responses(
        (status = 200, description = "A page of your records", body = CursorPage<ServiceRecordDto>),
        (status = 403, description = "Not a volunteer account", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The account has no volunteer profile", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/me/service-records")]
async fn my_records(
    state: web::Data<AppState>,
    token: AccessToken,
    query: web::Query<MyRecordsQuery>,
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
