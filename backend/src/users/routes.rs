use actix_web::http::header;
use actix_web::{get, patch, post, web, HttpResponse};

use super::dto::{CreateUser, CreatedUser, TemporaryPassword, UpdateUser, UserDto, UserListQuery};
use super::repo;
use crate::app::AppState;
use crate::auth::{password, AccessToken, Caller, Permission};
use crate::http::body::JsonBody;
use crate::http::etag::{self, IfMatch};
use crate::http::list::Page;
use crate::http::meta::RequestMeta;
use crate::http::problem::Problem;
use crate::http::ApiError;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_users).service(create_user).service(get_user).service(update_user).service(reset_password);
}

/// Checks the permission before a password is judged or hashed: argon2 time
/// is spent only for callers who may create accounts. (The write checks again.)
async fn authorize_first(state: &AppState, token: &AccessToken) -> Result<(), ApiError> {
    let token = token.clone();
    state.db.read(move |conn| Caller::authorize(conn, &token, Permission::UsersWrite).map(|_| ())).await
}

/// Accounts whose home area is in the caller's subtree.
#[utoipa::path(
    tag = "users",
    params(UserListQuery),
    responses(
        (status = 200, description = "A page of accounts", body = Page<UserDto>),
        (status = 422, description = "Invalid paging or sort field", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/users")]
async fn list_users(
    state: web::Data<AppState>,
    token: AccessToken,
    query: web::Query<UserListQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let page = state
        .db
        .read(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::UsersRead)?;
            repo::list(conn, &caller, &query)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Creates an account with a temporary password, to be changed at first sign-in.
///
/// The home area must be inside the caller's subtree; only callers who may
/// grant the admin role create admins.
#[utoipa::path(
    tag = "users",
    request_body = CreateUser,
    responses(
        (status = 201, description = "Created", body = CreatedUser, headers(("Location" = String), ("ETag" = String))),
        (status = 409, description = "The username is taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, a weak password, or an area or role beyond your reach", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/users")]
async fn create_user(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    body: JsonBody<CreateUser>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner();
    authorize_first(&state, &token).await?;
    if let Some(given) = &input.password {
        password::check_policy("password", given)?;
    }
    let generated = input.password.is_none().then(password::generate_temporary);
    let plain = input.password.clone().or(generated.clone()).unwrap_or_default();
    let hash = web::block(move || password::hash(&plain)).await.map_err(ApiError::internal)??;
    let user = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::UsersWrite)?;
            repo::create(conn, &caller, &meta, &input, &hash)
        })
        .await?;
    Ok(etag::with_etag(HttpResponse::Created(), user.version)
        .insert_header((header::LOCATION, format!("/api/v1/users/{}", user.id)))
        .json(CreatedUser { user, temporary_password: generated }))
}

/// One account.
#[utoipa::path(
    tag = "users",
    params(("id" = i64, Path, description = "Account id")),
    responses(
        (status = 200, description = "The account", body = UserDto, headers(("ETag" = String))),
        (status = 404, description = "No such account in your reach", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/users/{id}")]
async fn get_user(
    state: web::Data<AppState>,
    token: AccessToken,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let user = state
        .db
        .read(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::UsersRead)?;
            repo::find(conn, &caller.scope, id).map(repo::to_dto)
        })
        .await?;
    Ok(etag::ok_with_etag(user.version, &user))
}

/// Changes an account's name, phone, role, home area or status (disable / enable).
#[utoipa::path(
    tag = "users",
    params(("id" = i64, Path, description = "Account id"), ("If-Match" = String, Header, description = "The ETag last read")),
    request_body = UpdateUser,
    responses(
        (status = 200, description = "Updated", body = UserDto, headers(("ETag" = String))),
        (status = 404, description = "No such account in your reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "You cannot disable yourself (`cannot_disable_self`)", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or an area or role beyond your reach", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/users/{id}")]
async fn update_user(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
    if_match: IfMatch,
    body: JsonBody<UpdateUser>,
) -> Result<HttpResponse, ApiError> {
    let (id, input) = (id.into_inner(), body.into_inner());
    let user = state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::UsersWrite)?;
            repo::update(conn, &caller, &meta, id, if_match, input)
        })
        .await?;
    Ok(etag::ok_with_etag(user.version, &user))
}

/// Issues a new temporary password, lifts a lockout and ends the account's sessions.
#[utoipa::path(
    tag = "users",
    params(("id" = i64, Path, description = "Account id")),
    responses(
        (status = 200, description = "The new temporary password, shown once", body = TemporaryPassword),
        (status = 404, description = "No such account in your reach", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/users/{id}/reset-password")]
async fn reset_password(
    state: web::Data<AppState>,
    token: AccessToken,
    meta: RequestMeta,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    authorize_first(&state, &token).await?;
    let temporary = password::generate_temporary();
    let plain = temporary.clone();
    let hash = web::block(move || password::hash(&plain)).await.map_err(ApiError::internal)??;
    state
        .db
        .write(move |conn| {
            let caller = Caller::authorize(conn, &token, Permission::UsersWrite)?;
            repo::reset_password(conn, &caller, &meta, id, &hash)
        })
        .await?;
    Ok(HttpResponse::Ok().json(TemporaryPassword { temporary_password: temporary }))
}
