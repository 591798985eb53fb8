use actix_files::NamedFile;
use actix_web::http::header;
use actix_web::{get, patch, post, web, HttpResponse};
use chrono::Utc;

use super::dto::{CreateUnit, UnitDto, UnitFilters, UnitImportQuery, UnitImportReport, UnitListQuery, UpdateUnit};
use super::{export, import, repo};
use crate::app::AppState;
use crate::auth::{AccessToken, Caller, Permission};
use crate::http::body::JsonBody;
use crate::http::etag::{self, IfMatch};
use crate::http::list::Page;
use crate::http::meta::RequestMeta;
use crate::http::problem::Problem;
use crate::http::upload::{read_table, FileBytes, SheetUpload, XLSX_TYPE};
use crate::http::{xlsx, ApiError};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    // The fixed paths before `/units/{id}`, which would take them for ids.
    cfg.service(list_units)
        .service(create_unit)
        .service(import_units)
        .service(import_template)
        .service(export_units)
        .service(get_unit)
        .service(update_unit);
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

/// Imports units from a spreadsheet (批量导入): the raw file as the body.
///
/// The first row names the columns, in Chinese (单位名称, 单位类型,
/// 统一社会信用代码, 联系人, 联系电话, 地址, 所属区域编码, 服务网格编码, 在职党员数,
/// 服务承诺, 承诺电话) or by the English field names; other columns are
/// ignored. Each row is checked as a `POST /units` body would be, plus its
/// credit code against the other rows. A dry run (the default) writes
/// nothing; otherwise `all_or_nothing` writes every row or, when any is bad,
/// none, and `good_rows` writes the good rows. What is written is written in
/// one transaction, each unit audited with the action `import`.
#[utoipa::path(
    tag = "units",
    params(UnitImportQuery),
    request_body(
        description = "The file itself, at most 10 MiB: CSV in UTF-8 (with or without BOM) or GBK, or an .xlsx workbook (its first worksheet), at most 20,000 rows",
        content(
            (String = "text/csv"),
            (FileBytes = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ),
    ),
    responses(
        (status = 200, description = "What the rows hold and what was written; faults by row, column and code", body = UnitImportReport),
        (status = 409, description = "A credit code was taken by another request while the import ran; nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The file is over 10 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Neither `text/csv` nor the .xlsx type", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The file as a whole cannot be used, field `file`: `missing_column`, `duplicate_column`, `unreadable_file`, `too_many_rows`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/units/import")]
async fn import_units(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    query: web::Query<UnitImportQuery>,
    upload: SheetUpload,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let (dry_run, mode) = (query.dry_run.unwrap_or(true), query.mode.unwrap_or_default());
    // Parsing is CPU work: off the actix worker, and before a connection is taken.
    let table = web::block(move || read_table(&upload, import::MAX_ROWS)).await.map_err(ApiError::internal)??;
    let run = move |conn: &mut crate::db::DbConn| {
        let caller = Caller::authorize(conn, &token, Permission::UnitsWrite)?;
        import::run(conn, &caller, &meta, &table, dry_run, mode)
    };
    let report = if dry_run { state.db.read(run).await? } else { state.db.write(run).await? };
    Ok(HttpResponse::Ok().json(report))
}

/// The import template: the header row, an example row and a sheet that
/// says what each column takes.
#[utoipa::path(
    tag = "units",
    responses(
        (status = 200, description = "An .xlsx workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = FileBytes),
    ),
    security(("bearer" = []))
)]
#[get("/units/import-template")]
async fn import_template(state: web::Data<AppState>, token: AccessToken) -> Result<HttpResponse, ApiError> {
    let bytes = state
        .db
        .read(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::UnitsWrite)?;
            export::template(conn, &caller)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type(XLSX_TYPE)
        .insert_header(xlsx::attachment("units-import-template.xlsx", "共建单位导入模板.xlsx"))
        .body(bytes))
}

/// The units `GET /units` lists for the same filters, every page, as an
/// .xlsx download (导出): Chinese headers, unit types and statuses in
/// Chinese, times as date-times in the deployment's time zone.
#[utoipa::path(
    tag = "units",
    params(UnitFilters),
    responses(
        (status = 200, description = "`units-YYYYMMDD.xlsx` (共建单位-YYYYMMDD.xlsx)", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = FileBytes,
            headers(("Content-Disposition" = String, description = "attachment with the file name"))),
        (status = 422, description = "Unknown sort field", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/units/export")]
async fn export_units(
    state: web::Data<AppState>,
    token: AccessToken,
    filters: web::Query<UnitFilters>,
) -> Result<NamedFile, ApiError> {
    let filters = filters.into_inner();
    let tz = state.config.timezone;
    let file = state
        .db
        .read_snapshot(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::UnitsRead)?;
            export::export(conn, &caller, &filters, &tz)
        })
        .await?;
    let day = Utc::now().with_timezone(&tz).format("%Y%m%d");
    xlsx::download(file, &format!("units-{day}.xlsx"), &format!("共建单位-{day}.xlsx"))
}
