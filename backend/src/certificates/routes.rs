use actix_web::http::header;
use actix_web::{get, post, web, HttpResponse};

use super::dto::{CertificateDto, CertificateListQuery, IssueCertificate, Verification, VerifyQuery};
use super::repo;
use crate::app::AppState;
use crate::auth::{AccessToken, Caller, Permission};
use crate::http::body::JsonBody;
use crate::http::list::Page;
use crate::http::meta::RequestMeta;
use crate::http::problem::Problem;
use crate::http::rate_limit::AuthRateLimit;
use crate::http::ApiError;
use crate::needs::routes::today;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(issue_certificate)
        .service(list_certificates)
        .service(get_certificate)
        .service(verify_certificate)
        .service(my_certificates);
}

/// Issues an hours certificate (志愿服务证明) for a period, from the
/// volunteer's confirmed records (adjustments counted): staff with
/// `certificates.issue` for a volunteer in reach, in the name of their
/// office; a volunteer for themselves, in the name of their community.
/// The certificate keeps what it states; later corrections do not change it.
#[utoipa::path(
    tag = "certificates",
    request_body = IssueCertificate,
    responses(
        (status = 201, description = "Issued", body = CertificateDto, headers(("Location" = String))),
        (status = 403, description = "Not allowed to issue; a volunteer naming someone else", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`volunteer_id` missing or out of reach (`not_found`); `to` before `from` (`ends_before_start`) or after today (`in_the_future`); no confirmed hours in the period (`no_hours`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/certificates")]
async fn issue_certificate(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    body: JsonBody<IssueCertificate>,
) -> Result<HttpResponse, ApiError> {
    let (input, today) = (body.into_inner(), today(&state));
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::load(conn, &token)?;
            repo::issue(conn, &caller, &meta, input, today)
        })
        .await?;
    Ok(HttpResponse::Created().insert_header((header::LOCATION, format!("/api/v1/certificates/{}", dto.id))).json(dto))
}

/// Certificates of volunteers who reported to your subtree, newest first.
#[utoipa::path(
    tag = "certificates",
    params(CertificateListQuery),
    responses(
        (status = 200, description = "A page of certificates", body = Page<CertificateDto>),
        (status = 422, description = "Invalid paging", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/certificates")]
async fn list_certificates(
    state: web::Data<AppState>,
    token: AccessToken,
    query: web::Query<CertificateListQuery>,
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

/// One certificate, for printing: staff in reach, or the volunteer it was issued to.
#[utoipa::path(
    tag = "certificates",
    params(("id" = i64, Path, description = "Certificate id")),
    responses(
        (status = 200, description = "The certificate", body = CertificateDto),
        (status = 404, description = "No such certificate in your reach", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/certificates/{id}")]
async fn get_certificate(
    state: web::Data<AppState>,
    token: AccessToken,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let dto = state
        .db
        .read(move |conn| {
            let caller = Caller::load(conn, &token)?;
            repo::find(conn, &caller, id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(dto))
}

/// The public check of a certificate, without a token: whether the number
/// and check code printed on it belong together, and if so what it states
/// (name, volunteer number, period, hours, projects, issuer, date) and
/// nothing more. An unknown number and a wrong code get the same answer.
/// Counted against the per-address limit of sign-in.
#[utoipa::path(
    tag = "certificates",
    params(
        ("number" = String, Path, description = "Certificate number (证明编号)"),
        VerifyQuery,
    ),
    responses(
        (status = 200, description = "`genuine`, and what a genuine certificate states", body = Verification),
        (status = 429, description = "Too many checks from this address (`rate_limited`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[get("/certificates/{number}/verify")]
async fn verify_certificate(
    state: web::Data<AppState>,
    _limit: AuthRateLimit,
    number: web::Path<String>,
    query: web::Query<VerifyQuery>,
) -> Result<HttpResponse, ApiError> {
    let (number, code) = (number.into_inner(), query.into_inner().code);
    let answer = state.db.read(move |conn| repo::verify(conn, &number, &code)).await?;
    Ok(HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(answer))
}

/// The signed-in volunteer's certificates, newest first.
#[utoipa::path(
    tag = "me",
    params(CertificateListQuery),
    responses(
        (status = 200, description = "A page of your certificates", body = Page<CertificateDto>),
        (status = 403, description = "Not a volunteer account", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The account has no volunteer profile", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/me/certificates")]
async fn my_certificates(
    state: web::Data<AppState>,
    token: AccessToken,
    query: web::Query<CertificateListQuery>,
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
