use actix_web::http::header;
use actix_web::{delete, get, patch, post, web, HttpResponse};

use super::dto::{
    CreateProject, CreateShift, GenerateShifts, ProjectDto, ProjectListQuery, ShiftDto, ShiftList, UpdateProject,
    UpdateShift,
};
use super::repo;
use super::state::ProjectAction;
use crate::app::AppState;
use crate::auth::{AccessToken, Caller, Permission};
use crate::http::body::JsonBody;
use crate::http::etag::{self, IfMatch};
use crate::http::list::Page;
use crate::http::meta::RequestMeta;
use crate::http::problem::Problem;
use crate::http::ApiError;
use crate::services::dto::ReasonBody;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_projects)
        .service(create_project)
        .service(get_project)
        .service(update_project)
        .service(publish_project)
        .service(start_project)
        .service(complete_project)
        .service(cancel_project)
        .service(list_shifts)
        .service(create_shift)
        .service(generate_shifts)
        .service(get_shift)
        .service(update_shift)
        .service(delete_shift);
}

/// Projects in reach: staff those of their subtree; a volunteer the
/// published ones for their home area, the areas above it and below it.
#[utoipa::path(
    tag = "projects",
    params(ProjectListQuery),
    responses(
        (status = 200, description = "A page of projects", body = Page<ProjectDto>),
        (status = 422, description = "Invalid paging or sort field", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/volunteer-projects")]
async fn list_projects(
    state: web::Data<AppState>,
    token: AccessToken,
    query: web::Query<ProjectListQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let page = state
        .db
        .read(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::ProjectsRead)?;
            repo::list(conn, &caller, &query)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Creates a project as a `draft` for a community or grid in reach.
#[utoipa::path(
    tag = "projects",
    request_body = CreateProject,
    responses(
        (status = 201, description = "Created", body = ProjectDto, headers(("Location" = String), ("ETag" = String))),
        (status = 422, description = "Invalid fields; an area, unit or party organisation out of reach (`not_found`); the organiser's id missing (`required`) or given for another kind (`not_applicable`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/volunteer-projects")]
async fn create_project(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    body: JsonBody<CreateProject>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner();
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::ProjectsWrite)?;
            repo::create(conn, &caller, &meta, input)
        })
        .await?;
    Ok(etag::with_etag(HttpResponse::Created(), dto.version)
        .insert_header((header::LOCATION, format!("/api/v1/volunteer-projects/{}", dto.id)))
        .json(dto))
}

/// One project.
#[utoipa::path(
    tag = "projects",
    params(("id" = i64, Path, description = "Project id")),
    responses(
        (status = 200, description = "The project", body = ProjectDto, headers(("ETag" = String))),
        (status = 404, description = "No such project in your reach", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/volunteer-projects/{id}")]
async fn get_project(
    state: web::Data<AppState>,
    token: AccessToken,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let dto = state
        .db
        .read(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::ProjectsRead)?;
            let row = repo::find(conn, &caller, id)?;
            repo::to_dto(conn, row)
        })
        .await?;
    Ok(etag::ok_with_etag(dto.version, &dto))
}

/// Changes the fields sent, until the project is completed or cancelled.
#[utoipa::path(
    tag = "projects",
    params(("id" = i64, Path, description = "Project id"), ("If-Match" = String, Header, description = "The ETag last read")),
    request_body = UpdateProject,
    responses(
        (status = 200, description = "Updated", body = ProjectDto, headers(("ETag" = String))),
        (status = 404, description = "No such project in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Completed or cancelled (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/volunteer-projects/{id}")]
async fn update_project(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
    if_match: IfMatch,
    body: JsonBody<UpdateProject>,
) -> Result<HttpResponse, ApiError> {
    let (id, input) = (id.into_inner(), body.into_inner());
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::ProjectsWrite)?;
            repo::update(conn, &caller, &meta, id, if_match, input)
        })
        .await?;
    Ok(etag::ok_with_etag(dto.version, &dto))
}

async fn act(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: i64,
    action: ProjectAction,
    reason: Option<String>,
) -> Result<HttpResponse, ApiError> {
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::ProjectsWrite)?;
            repo::act(conn, &caller, &meta, id, action, reason)
        })
        .await?;
    Ok(etag::ok_with_etag(dto.version, &dto))
}

/// A draft opens for sign-ups (`recruiting`).
#[utoipa::path(
    tag = "projects",
    params(("id" = i64, Path, description = "Project id")),
    responses(
        (status = 200, description = "Recruiting", body = ProjectDto, headers(("ETag" = String))),
        (status = 404, description = "No such project in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a draft (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/volunteer-projects/{id}/publish")]
async fn publish_project(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    act(state, token, meta, id.into_inner(), ProjectAction::Publish, None).await
}

/// A recruiting project gets under way; shifts not yet ended still take sign-ups.
#[utoipa::path(
    tag = "projects",
    params(("id" = i64, Path, description = "Project id")),
    responses(
        (status = 200, description = "In progress", body = ProjectDto, headers(("ETag" = String))),
        (status = 404, description = "No such project in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not recruiting (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/volunteer-projects/{id}/start")]
async fn start_project(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    act(state, token, meta, id.into_inner(), ProjectAction::Start, None).await
}

/// A project in progress is done.
#[utoipa::path(
    tag = "projects",
    params(("id" = i64, Path, description = "Project id")),
    responses(
        (status = 200, description = "Completed", body = ProjectDto, headers(("ETag" = String))),
        (status = 404, description = "No such project in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not in progress (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/volunteer-projects/{id}/complete")]
async fn complete_project(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    act(state, token, meta, id.into_inner(), ProjectAction::Complete, None).await
}

/// Cancels a project before it is completed, with a reason.
#[utoipa::path(
    tag = "projects",
    params(("id" = i64, Path, description = "Project id")),
    request_body = ReasonBody,
    responses(
        (status = 200, description = "Cancelled", body = ProjectDto, headers(("ETag" = String))),
        (status = 404, description = "No such project in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Completed or cancelled already (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`reason` missing or blank", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/volunteer-projects/{id}/cancel")]
async fn cancel_project(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: JsonBody<ReasonBody>,
) -> Result<HttpResponse, ApiError> {
    act(state, token, meta, id.into_inner(), ProjectAction::Cancel, Some(body.into_inner().reason)).await
}

/// A project's shifts in time order, each with its places left.
#[utoipa::path(
    tag = "projects",
    params(("id" = i64, Path, description = "Project id")),
    responses(
        (status = 200, description = "The shifts", body = ShiftList),
        (status = 404, description = "No such project in your reach", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/volunteer-projects/{id}/shifts")]
async fn list_shifts(
    state: web::Data<AppState>,
    token: AccessToken,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let items = state
        .db
        .read(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::ProjectsRead)?;
            repo::list_shifts(conn, &caller, id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(ShiftList { items }))
}

/// Adds one shift to a project that is not completed or cancelled.
#[utoipa::path(
    tag = "projects",
    params(("id" = i64, Path, description = "Project id")),
    request_body = CreateShift,
    responses(
        (status = 201, description = "Created", body = ShiftDto, headers(("Location" = String))),
        (status = 404, description = "No such project in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Completed or cancelled (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields; `ends_at` not after `starts_at` (`ends_before_start`) or more than 24 hours later (`out_of_range`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/volunteer-projects/{id}/shifts")]
async fn create_shift(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: JsonBody<CreateShift>,
) -> Result<HttpResponse, ApiError> {
    let (id, input) = (id.into_inner(), body.into_inner());
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::ProjectsWrite)?;
            repo::create_shift(conn, &caller, &meta, id, input)
        })
        .await?;
    Ok(HttpResponse::Created().insert_header((header::LOCATION, format!("/api/v1/shifts/{}", dto.id))).json(dto))
}

/// Makes a shift for every day from `from` to `to` and each daily window,
/// in the deployment's time zone (`GRIDLINK_TIMEZONE`), all or none.
#[utoipa::path(
    tag = "projects",
    params(("id" = i64, Path, description = "Project id")),
    request_body = GenerateShifts,
    responses(
        (status = 201, description = "The shifts made, in time order", body = ShiftList),
        (status = 404, description = "No such project in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Completed or cancelled (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`to` before `from` (`ends_before_start`); a window not `HH:MM` (`invalid_time`), ending before it starts, or overlapping another (`overlapping_windows`); more than 366 days or 500 shifts (`out_of_range`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/volunteer-projects/{id}/shifts/generate")]
async fn generate_shifts(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: JsonBody<GenerateShifts>,
) -> Result<HttpResponse, ApiError> {
    let (id, input, tz) = (id.into_inner(), body.into_inner(), state.config.timezone);
    let items = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::ProjectsWrite)?;
            repo::generate_shifts(conn, &caller, &meta, id, input, &tz)
        })
        .await?;
    Ok(HttpResponse::Created().json(ShiftList { items }))
}

/// One shift with its places left; for the organiser also the check-in code
/// and the roster of sign-ups.
#[utoipa::path(
    tag = "projects",
    params(("id" = i64, Path, description = "Shift id")),
    responses(
        (status = 200, description = "The shift", body = ShiftDto, headers(("ETag" = String))),
        (status = 404, description = "No such shift in your reach", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/shifts/{id}")]
async fn get_shift(
    state: web::Data<AppState>,
    token: AccessToken,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let dto = state
        .db
        .read(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::ProjectsRead)?;
            let (shift, project) = repo::find_shift(conn, &caller, id)?;
            Ok(repo::shift_dtos(conn, &caller, &project, vec![shift], true)?.remove(0))
        })
        .await?;
    Ok(etag::ok_with_etag(dto.version, &dto))
}

/// Moves a shift or changes its places, until it is over. Its times move only
/// while nobody is signed up; places freed by a raise go to the waitlist.
#[utoipa::path(
    tag = "projects",
    params(("id" = i64, Path, description = "Shift id"), ("If-Match" = String, Header, description = "The ETag last read")),
    request_body = UpdateShift,
    responses(
        (status = 200, description = "Updated; for the organiser with the roster", body = ShiftDto, headers(("ETag" = String))),
        (status = 403, description = "Not the project's organiser", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such shift in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The shift is over or its project completed or cancelled (`invalid_transition`); new times for a shift with sign-ups (`has_sign_ups`)", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields; `places` below those taken (`below_taken`); `ends_at` not after `starts_at` (`ends_before_start`) or more than 24 hours later (`out_of_range`)", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/shifts/{id}")]
async fn update_shift(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
    if_match: IfMatch,
    body: JsonBody<UpdateShift>,
) -> Result<HttpResponse, ApiError> {
    let (id, input) = (id.into_inner(), body.into_inner());
    let dto = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::ProjectsWrite)?;
            repo::update_shift(conn, &caller, &meta, id, if_match, input)
        })
        .await?;
    Ok(etag::ok_with_etag(dto.version, &dto))
}

/// Deletes a shift that nobody ever signed up for.
#[utoipa::path(
    tag = "projects",
    params(("id" = i64, Path, description = "Shift id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Not the project's organiser", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such shift in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Sign-ups are recorded on it (`still_referenced`); the shift is over or its project completed or cancelled (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/shifts/{id}")]
async fn delete_shift(
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
            let caller = Caller::authorize(conn, &token, Permission::ProjectsWrite)?;
            repo::delete_shift(conn, &caller, &meta, id, if_match)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
