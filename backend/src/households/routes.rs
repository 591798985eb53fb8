use actix_files::NamedFile;
use actix_web::http::header;
use actix_web::{get, patch, post, web, HttpResponse};

use super::dto::{
    CreateHousehold, HouseholdDetail, HouseholdDto, HouseholdListQuery, PlainExport, RetentionRun, RevealedHousehold,
    UpdateHousehold,
};
use super::retention::{self, PersonalData};
use super::{export, repo};
use crate::app::AppState;
use crate::audit::repo::Actor;
use crate::auth::{AccessToken, Caller, Permission};
use crate::http::body::JsonBody;
use crate::http::etag::{self, IfMatch};
use crate::http::list::Page;
use crate::http::meta::RequestMeta;
use crate::http::problem::Problem;
use crate::http::upload::FileBytes;
use crate::http::{xlsx, ApiError};
use crate::needs::routes::today;
use crate::services::dto::ReasonBody;
use crate::volunteers::repo::Sealer;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    // `/households/export` and `/retention/run` before `/households/{id}`.
    cfg.service(list_households)
        .service(export_households)
        .service(run_retention)
        .service(create_household)
        .service(get_household)
        .service(update_household)
        .service(reveal_household)
        .service(archive_household)
        .service(personal_data);
}

/// The household ledger: staff see their subtree (a grid worker their grid),
/// helpers the households they are paired with. Identity numbers and phones
/// masked; helpers get no identity number.
#[utoipa::path(
    tag = "households",
    params(HouseholdListQuery),
    responses(
        (status = 200, description = "A page of households", body = Page<HouseholdDto>),
        (status = 403, description = "Neither staff with `households.read` nor a helper", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid paging or sort field", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/households")]
async fn list_households(
    state: web::Data<AppState>,
    token: AccessToken,
    query: web::Query<HouseholdListQuery>,
) -> Result<HttpResponse, ApiError> {
    let (query, today) = (query.into_inner(), today(&state));
    let page = state
        .db
        .read(move |conn| {
            let caller = Caller::load(conn, &token)?;
            repo::list(conn, &caller, &query, today)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// The ledger as `.xlsx`, every household the list shows for these filters.
/// Masked; `plain=true` with a `reason` (and `households.reveal`) gives
/// identity numbers and phones in full and is written to the audit trail.
#[utoipa::path(
    tag = "households",
    params(HouseholdListQuery, PlainExport),
    responses(
        (status = 200, description = "`households-YYYYMMDD.xlsx` (困难家庭台账-YYYYMMDD.xlsx)", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = FileBytes,
            headers(("Content-Disposition" = String, description = "attachment with the file name"))),
        (status = 403, description = "Not staff with `households.read`; `plain=true` without `households.reveal`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid sort field; `reason` missing with `plain=true`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/households/export")]
async fn export_households(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    query: web::Query<HouseholdListQuery>,
    plain: web::Query<PlainExport>,
) -> Result<NamedFile, ApiError> {
    let (query, plain, today, key) = (query.into_inner(), plain.into_inner(), today(&state), state.data_key.clone());
    let reason = match (plain.plain.unwrap_or(false), plain.reason.filter(|r| !r.trim().is_empty())) {
        (false, _) => None,
        (true, Some(reason)) if reason.chars().count() <= 200 => Some(reason),
        (true, Some(_)) => return Err(ApiError::field("reason", "invalid_length", "at most 200 characters")),
        (true, None) => return Err(ApiError::field("reason", "required", "say why the plain ledger is needed")),
    };
    let file = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::HouseholdsRead)?;
            if reason.is_some() {
                caller.require(Permission::HouseholdsReveal)?;
            }
            repo::sort_keys(&query)?;
            let plain = reason.map(|reason| export::Plain { key: &key, reason });
            export::export(conn, &caller, &meta, &query, today, plain)
        })
        .await?;
    let day = today.format("%Y%m%d");
    xlsx::download(file, &format!("households-{day}.xlsx"), &format!("困难家庭台账-{day}.xlsx"))
}

/// Enters a household on the ledger, in a grid or community in reach.
#[utoipa::path(
    tag = "households",
    request_body = CreateHousehold,
    responses(
        (status = 201, description = "Created", body = HouseholdDto, headers(("Location" = String), ("ETag" = String))),
        (status = 409, description = "The identity number is another household's head's (`duplicate`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (`invalid_id_number`, `invalid_phone` ...); an area out of reach (`not_found`) or not a community or grid (`wrong_area_kind`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/households")]
async fn create_household(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    body: JsonBody<CreateHousehold>,
) -> Result<HttpResponse, ApiError> {
    let (input, today, key) = (body.into_inner(), today(&state), state.data_key.clone());
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::HouseholdsWrite)?;
            repo::create(conn, &caller, &meta, Sealer { key: &key, today }, input)
        })
        .await?;
    Ok(etag::with_etag(HttpResponse::Created(), dto.version)
        .insert_header((header::LOCATION, format!("/api/v1/households/{}", dto.id)))
        .json(dto))
}

/// One household with its pairings and its latest 100 visits. A helper sees
/// only their own pairing and its visits, and no identity number.
#[utoipa::path(
    tag = "households",
    params(("id" = i64, Path, description = "Household id")),
    responses(
        (status = 200, description = "The household", body = HouseholdDetail, headers(("ETag" = String))),
        (status = 403, description = "Neither staff with `households.read` nor a helper", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such household in your reach", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/households/{id}")]
async fn get_household(
    state: web::Data<AppState>,
    token: AccessToken,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let (id, today) = (id.into_inner(), today(&state));
    let detail = state
        .db
        .read(move |conn| {
            let caller = Caller::load(conn, &token)?;
            repo::detail(conn, &caller, id, today)
        })
        .await?;
    Ok(etag::ok_with_etag(detail.household.version, &detail))
}

/// Changes the fields sent; an area change moves the household's pairings
/// and wishes with it. Sealed fields are replaced whole, never shown back.
#[utoipa::path(
    tag = "households",
    params(("id" = i64, Path, description = "Household id"), ("If-Match" = String, Header, description = "The ETag last read")),
    request_body = UpdateHousehold,
    responses(
        (status = 200, description = "Updated", body = HouseholdDto, headers(("ETag" = String))),
        (status = 404, description = "No such household in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Archived (`invalid_transition`); identity number taken (`duplicate`)", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/households/{id}")]
async fn update_household(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
    if_match: IfMatch,
    body: JsonBody<UpdateHousehold>,
) -> Result<HttpResponse, ApiError> {
    let (id, input, today, key) = (id.into_inner(), body.into_inner(), today(&state), state.data_key.clone());
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::HouseholdsWrite)?;
            repo::update(conn, &caller, &meta, Sealer { key: &key, today }, id, if_match, input)
        })
        .await?;
    Ok(etag::ok_with_etag(dto.version, &dto))
}

/// Identity number, phone and situation in full, with `households.reveal`.
/// The reason, the caller and the fields read go into the audit trail. A
/// POST, so neither reason nor data lands in URLs, caches or access logs.
#[utoipa::path(
    tag = "households",
    params(("id" = i64, Path, description = "Household id")),
    request_body = ReasonBody,
    responses(
        (status = 200, description = "The sealed fields, opened (`null` where none is on file)", body = RevealedHousehold),
        (status = 403, description = "A role without `households.reveal`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such household in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`reason` missing or blank", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/households/{id}/reveal")]
async fn reveal_household(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: JsonBody<ReasonBody>,
) -> Result<HttpResponse, ApiError> {
    let (id, input, key) = (id.into_inner(), body.into_inner(), state.data_key.clone());
    let revealed = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::HouseholdsReveal)?;
            repo::reveal(conn, &caller, &meta, &key, id, &input.reason)
        })
        .await?;
    Ok(HttpResponse::Ok().insert_header((header::CACHE_CONTROL, "no-store")).json(revealed))
}

/// Archives a household lifted out of difficulty, moved or deceased: its
/// active pairings end, its open wishes are withdrawn, and after
/// `GRIDLINK_HOUSEHOLD_RETENTION_DAYS` its personal fields are erased.
#[utoipa::path(
    tag = "households",
    params(("id" = i64, Path, description = "Household id")),
    responses(
        (status = 200, description = "Archived", body = HouseholdDto, headers(("ETag" = String))),
        (status = 404, description = "No such household in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Still `active`, or archived already (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/households/{id}/archive")]
async fn archive_household(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let (id, today) = (id.into_inner(), today(&state));
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::HouseholdsWrite)?;
            repo::archive(conn, &caller, &meta, id, today)
        })
        .await?;
    Ok(etag::ok_with_etag(dto.version, &dto))
}

/// Everything held about one household, sealed fields opened, as a JSON
/// download for the person concerned (个人信息查阅复制). Needs
/// `households.reveal`; audited with the reason like a reveal.
#[utoipa::path(
    tag = "households",
    params(("id" = i64, Path, description = "Household id")),
    request_body = ReasonBody,
    responses(
        (status = 200, description = "`household-<number>.json`", body = PersonalData,
            headers(("Content-Disposition" = String, description = "attachment with the file name"))),
        (status = 403, description = "A role without `households.reveal`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such household in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`reason` missing or blank", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/households/{id}/personal-data")]
async fn personal_data(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: JsonBody<ReasonBody>,
) -> Result<HttpResponse, ApiError> {
    let (id, input, key, today) = (id.into_inner(), body.into_inner(), state.data_key.clone(), today(&state));
    let data = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::HouseholdsReveal)?;
            retention::personal_data(conn, &caller, &meta, &key, id, &input.reason, today)
        })
        .await?;
    let name = format!("household-{}.json", data.household.household_no);
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header(xlsx::attachment(&name, &name))
        .json(data))
}

/// Erases now the personal fields of archived households in your reach whose
/// retention period has passed (the background job does it every 6 hours).
#[utoipa::path(
    tag = "households",
    responses(
        (status = 200, description = "What was erased", body = RetentionRun),
        (status = 403, description = "A role without `households.erase`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/households/retention/run")]
async fn run_retention(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
) -> Result<HttpResponse, ApiError> {
    let days = state.config.household_retention_days;
    let run = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::HouseholdsErase)?;
            let scope = caller.scope.clone();
            retention::erase_expired(conn, Actor::from(&caller), &meta, &scope, days)
        })
        .await?;
    Ok(HttpResponse::Ok().json(run))
}
