use actix_files::NamedFile;
use actix_web::http::header;
use actix_web::{get, patch, post, web, HttpResponse};
use chrono::{NaiveDate, Utc};

use super::dto::{
    AgreementDto, AgreementFilters, AgreementListQuery, CreateAgreement, RenewAgreement, TerminateAgreement,
    UpdateAgreement,
};
use super::{export, repo};
use crate::app::AppState;
use crate::auth::{AccessToken, Caller, Permission};
use crate::http::body::JsonBody;
use crate::http::etag::{self, IfMatch};
use crate::http::list::Page;
use crate::http::meta::RequestMeta;
use crate::http::problem::Problem;
use crate::http::upload::FileBytes;
use crate::http::{xlsx, ApiError};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    // `/agreements/export` before `/agreements/{id}`, which would take it for an id.
    cfg.service(list_agreements)
        .service(create_agreement)
        .service(export_agreements)
        .service(get_agreement)
        .service(update_agreement)
        .service(activate_agreement)
        .service(terminate_agreement)
        .service(renew_agreement);
}

/// Today in the deployment's time zone: terms begin and end on local calendar days.
fn today(state: &AppState) -> NaiveDate {
    Utc::now().with_timezone(&state.config.timezone).date_naive()
}

fn created(dto: AgreementDto) -> HttpResponse {
    etag::with_etag(HttpResponse::Created(), dto.version)
        .insert_header((header::LOCATION, format!("/api/v1/agreements/{}", dto.id)))
        .json(dto)
}

/// Co-building agreements in reach: those of communities in the caller's
/// subtree, or for a unit contact those of their unit.
#[utoipa::path(
    tag = "agreements",
    params(AgreementListQuery),
    responses(
        (status = 200, description = "A page of agreements", body = Page<AgreementDto>),
        (status = 422, description = "Invalid paging, sort field or `expiring_within_days`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/agreements")]
async fn list_agreements(
    state: web::Data<AppState>,
    token: AccessToken,
    query: web::Query<AgreementListQuery>,
) -> Result<HttpResponse, ApiError> {
    let (query, today) = (query.into_inner(), today(&state));
    let page = state
        .db
        .read(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::AgreementsRead)?;
            repo::list(conn, &caller, &query, today)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// The agreements `GET /agreements` lists for the same filters, every page,
/// as an .xlsx download (导出): Chinese headers, statuses in Chinese as of
/// today, the term as dates, the members in one cell.
#[utoipa::path(
    tag = "agreements",
    params(AgreementFilters),
    responses(
        (status = 200, description = "`agreements-YYYYMMDD.xlsx` (共建协议-YYYYMMDD.xlsx)", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = FileBytes,
            headers(("Content-Disposition" = String, description = "attachment with the file name"))),
        (status = 422, description = "Unknown sort field, or `expiring_within_days` out of range", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/agreements/export")]
async fn export_agreements(
    state: web::Data<AppState>,
    token: AccessToken,
    filters: web::Query<AgreementFilters>,
) -> Result<NamedFile, ApiError> {
    let (filters, today, tz) = (filters.into_inner(), today(&state), state.config.timezone);
    let file = state
        .db
        .read_snapshot(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::AgreementsRead)?;
            export::export(conn, &caller, &filters, today, &tz)
        })
        .await?;
    let day = today.format("%Y%m%d");
    xlsx::download(file, &format!("agreements-{day}.xlsx"), &format!("共建协议-{day}.xlsx"))
}

/// One agreement, with its members.
#[utoipa::path(
    tag = "agreements",
    params(("id" = i64, Path, description = "Agreement id")),
    responses(
        (status = 200, description = "The agreement; its version is the ETag", body = AgreementDto,
            headers(("ETag" = String, description = "Send it back in If-Match to edit the draft"))),
        (status = 404, description = "No such agreement in your reach", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/agreements/{id}")]
async fn get_agreement(
    state: web::Data<AppState>,
    token: AccessToken,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let (id, today) = (id.into_inner(), today(&state));
    let dto = state
        .db
        .read(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::AgreementsRead)?;
            let row = repo::find(conn, &caller, id)?;
            repo::to_dto(conn, row, today)
        })
        .await?;
    Ok(etag::ok_with_etag(dto.version, &dto))
}

/// Drafts an agreement between a unit and a community.
///
/// The community must lie in the caller's subtree; the unit must be within
/// reach and not withdrawn. The agreement starts as a `draft`.
#[utoipa::path(
    tag = "agreements",
    request_body = CreateAgreement,
    responses(
        (status = 201, description = "Created as a draft", body = AgreementDto,
            headers(("Location" = String), ("ETag" = String))),
        (status = 422, description = "Invalid fields, a term ending before it starts, a unit or community out of reach, withdrawn or not a community", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/agreements")]
async fn create_agreement(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    body: JsonBody<CreateAgreement>,
) -> Result<HttpResponse, ApiError> {
    let (input, today) = (body.into_inner(), today(&state));
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::AgreementsWrite)?;
            repo::create(conn, &caller, &meta, input, today)
        })
        .await?;
    Ok(created(dto))
}

/// Edits a draft; `members` replaces the whole list. Requires `If-Match`.
#[utoipa::path(
    tag = "agreements",
    params(("id" = i64, Path, description = "Agreement id"), ("If-Match" = String, Header, description = "The ETag last read")),
    request_body = UpdateAgreement,
    responses(
        (status = 200, description = "Updated", body = AgreementDto, headers(("ETag" = String))),
        (status = 404, description = "No such agreement in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No longer a draft (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or a term ending before it starts", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/agreements/{id}")]
async fn update_agreement(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
    if_match: IfMatch,
    body: JsonBody<UpdateAgreement>,
) -> Result<HttpResponse, ApiError> {
    let (id, input, today) = (id.into_inner(), body.into_inner(), today(&state));
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::AgreementsWrite)?;
            repo::update(conn, &caller, &meta, id, if_match, input, today)
        })
        .await?;
    Ok(etag::ok_with_etag(dto.version, &dto))
}

/// Puts a draft into force.
///
/// Refused with `agreement_overlap` while another agreement of the same unit
/// and community is active for a day of this term.
#[utoipa::path(
    tag = "agreements",
    params(("id" = i64, Path, description = "Agreement id")),
    responses(
        (status = 200, description = "Active (or `expired` at once when its term has already ended)", body = AgreementDto, headers(("ETag" = String))),
        (status = 404, description = "No such agreement in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a draft, or the unit has withdrawn (`invalid_transition`); an overlapping active term (`agreement_overlap`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/agreements/{id}/activate")]
async fn activate_agreement(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let (id, today) = (id.into_inner(), today(&state));
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::AgreementsWrite)?;
            repo::activate(conn, &caller, &meta, id, today)
        })
        .await?;
    Ok(etag::ok_with_etag(dto.version, &dto))
}

/// Ends an active agreement before its term is over, with a reason.
#[utoipa::path(
    tag = "agreements",
    params(("id" = i64, Path, description = "Agreement id")),
    request_body = TerminateAgreement,
    responses(
        (status = 200, description = "Terminated", body = AgreementDto, headers(("ETag" = String))),
        (status = 404, description = "No such agreement in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not active (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`reason` missing or blank", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/agreements/{id}/terminate")]
async fn terminate_agreement(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: JsonBody<TerminateAgreement>,
) -> Result<HttpResponse, ApiError> {
    let (id, input, today) = (id.into_inner(), body.into_inner(), today(&state));
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::AgreementsWrite)?;
            repo::terminate(conn, &caller, &meta, id, &input.reason, today)
        })
        .await?;
    Ok(etag::ok_with_etag(dto.version, &dto))
}

/// Drafts the follow-up of an active or expired agreement for a new term.
///
/// The new draft copies the unit, community, duties and members and points
/// back with `renewed_from_id`; the agreement renewed keeps its status.
#[utoipa::path(
    tag = "agreements",
    params(("id" = i64, Path, description = "Agreement id")),
    request_body = RenewAgreement,
    responses(
        (status = 201, description = "The new draft", body = AgreementDto,
            headers(("Location" = String), ("ETag" = String))),
        (status = 404, description = "No such agreement in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Neither active nor expired, or the unit has withdrawn (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or a term ending before it starts", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/agreements/{id}/renew")]
async fn renew_agreement(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: JsonBody<RenewAgreement>,
) -> Result<HttpResponse, ApiError> {
    let (id, input, today) = (id.into_inner(), body.into_inner(), today(&state));
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::AgreementsWrite)?;
            repo::renew(conn, &caller, &meta, id, input, today)
        })
        .await?;
    Ok(created(dto))
}
