use actix_web::http::header;
use actix_web::{delete, get, patch, post, web, HttpResponse};
use chrono::{NaiveDate, Utc};

use super::dto::{
    CoverageQuery, CreatePartyOrg, PartyOrgCoverage, PartyOrgDto, PartyOrgListQuery, PartyOrgNode, PartyOrgTreeQuery,
    UpdatePartyOrg,
};
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
    // `/party-orgs/tree` and `/coverage` before `/party-orgs/{id}`, which would otherwise take them as ids.
    cfg.service(party_org_tree)
        .service(party_org_coverage)
        .service(list_party_orgs)
        .service(create_party_org)
        .service(get_party_org)
        .service(update_party_org)
        .service(delete_party_org);
}

/// Dates are judged in the deployment's time zone: shortly after midnight in
/// Beijing it is still yesterday in UTC.
fn today(state: &AppState) -> NaiveDate {
    Utc::now().with_timezone(&state.config.timezone).date_naive()
}

/// Party organisations built on areas in the caller's subtree.
#[utoipa::path(
    tag = "party-orgs",
    params(PartyOrgListQuery),
    responses(
        (status = 200, description = "A page of party organisations", body = Page<PartyOrgDto>),
        (status = 422, description = "Invalid paging or sort field", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/party-orgs")]
async fn list_party_orgs(
    state: web::Data<AppState>,
    token: AccessToken,
    query: web::Query<PartyOrgListQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let page = state
        .db
        .read(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::PartyOrgsRead)?;
            repo::list(conn, &caller, &query)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// The party organisations in reach, nested under the ones they report to.
///
/// An organisation whose parent is out of the caller's reach (or left out by
/// `area_id`) is a root.
#[utoipa::path(
    tag = "party-orgs",
    params(PartyOrgTreeQuery),
    responses((status = 200, description = "Root nodes with their children", body = Vec<PartyOrgNode>)),
    security(("bearer" = []))
)]
#[get("/party-orgs/tree")]
async fn party_org_tree(
    state: web::Data<AppState>,
    token: AccessToken,
    query: web::Query<PartyOrgTreeQuery>,
) -> Result<HttpResponse, ApiError> {
    let area_id = query.into_inner().area_id;
    let tree = state
        .db
        .read(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::PartyOrgsRead)?;
            repo::tree(conn, &caller, area_id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(tree))
}

/// Grid coverage: the share of grids that have a party organisation of their own.
///
/// Counts the grids in the caller's subtree, or under `area_id` within it
/// (an area out of reach counts nothing). Only organisations attached to the
/// grid itself count.
#[utoipa::path(
    tag = "party-orgs",
    params(CoverageQuery),
    responses((status = 200, description = "Grids, grids with a party organisation, and their ratio", body = PartyOrgCoverage)),
    security(("bearer" = []))
)]
#[get("/party-orgs/coverage")]
async fn party_org_coverage(
    state: web::Data<AppState>,
    token: AccessToken,
    query: web::Query<CoverageQuery>,
) -> Result<HttpResponse, ApiError> {
    let area_id = query.into_inner().area_id;
    let coverage = state
        .db
        .read(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::PartyOrgsRead)?;
            repo::coverage(conn, &caller, area_id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(coverage))
}

/// One party organisation.
#[utoipa::path(
    tag = "party-orgs",
    params(("id" = i64, Path, description = "Party organisation id")),
    responses(
        (status = 200, description = "The party organisation; its version is the ETag", body = PartyOrgDto,
            headers(("ETag" = String, description = "Send it back in If-Match to change the organisation"))),
        (status = 404, description = "No such party organisation in your reach", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/party-orgs/{id}")]
async fn get_party_org(
    state: web::Data<AppState>,
    token: AccessToken,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let org = state
        .db
        .read(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::PartyOrgsRead)?;
            repo::find(conn, &caller.scope, id)
        })
        .await?;
    Ok(etag::ok_with_etag(org.version, &org))
}

/// Creates a party organisation on an area in the caller's subtree.
///
/// A parent must rank above it (committee > general branch > branch >
/// group); area, unit and parent must all be in the caller's reach.
#[utoipa::path(
    tag = "party-orgs",
    request_body = CreatePartyOrg,
    responses(
        (status = 201, description = "Created", body = PartyOrgDto,
            headers(("Location" = String), ("ETag" = String))),
        (status = 422, description = "Invalid fields, a founding date in the future, an area, unit or parent out of reach, or a parent that does not rank above it", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/party-orgs")]
async fn create_party_org(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    body: JsonBody<CreatePartyOrg>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner();
    let today = today(&state);
    let org = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::PartyOrgsWrite)?;
            repo::create(conn, &caller, &meta, today, input)
        })
        .await?;
    Ok(etag::with_etag(HttpResponse::Created(), org.version)
        .insert_header((header::LOCATION, format!("/api/v1/party-orgs/{}", org.id)))
        .json(org))
}

/// Changes a party organisation, or moves it to another parent or area.
///
/// Its children stay under it. Requires `If-Match`.
#[utoipa::path(
    tag = "party-orgs",
    params(("id" = i64, Path, description = "Party organisation id"), ("If-Match" = String, Header, description = "The ETag last read")),
    request_body = UpdatePartyOrg,
    responses(
        (status = 200, description = "Updated", body = PartyOrgDto, headers(("ETag" = String))),
        (status = 404, description = "No such party organisation in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, a reference out of reach, a rank that does not fit, or a cycle", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/party-orgs/{id}")]
async fn update_party_org(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
    if_match: IfMatch,
    body: JsonBody<UpdatePartyOrg>,
) -> Result<HttpResponse, ApiError> {
    let (id, input) = (id.into_inner(), body.into_inner());
    let today = today(&state);
    let org = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::PartyOrgsWrite)?;
            repo::update(conn, &caller, &meta, today, id, if_match, input)
        })
        .await?;
    Ok(etag::ok_with_etag(org.version, &org))
}

/// Deletes a party organisation that no other reports to.
#[utoipa::path(
    tag = "party-orgs",
    params(("id" = i64, Path, description = "Party organisation id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such party organisation in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Party organisations still report to it (`still_referenced`)", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/party-orgs/{id}")]
async fn delete_party_org(
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
            let caller = Caller::authorize(conn, &token, Permission::PartyOrgsWrite)?;
            repo::delete(conn, &caller, &meta, id, if_match)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
