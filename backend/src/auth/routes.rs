use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use diesel::prelude::*;

use super::dto::{ChangePasswordRequest, LoginRequest, Me, RefreshRequest, TokenResponse};
use super::{password, service, AccessToken, Caller};
use crate::app::AppState;
use crate::db::schema::users;
use crate::http::body::JsonBody;
use crate::http::meta::RequestMeta;
use crate::http::problem::Problem;
use crate::http::rate_limit::AuthRateLimit;
use crate::http::ApiError;
use crate::users::model::User;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(login).service(refresh).service(logout).service(me).service(change_password);
}

/// The browser transport of the refresh token: an HttpOnly cookie that only
/// the `/auth` endpoints receive and no script can read. SameSite=Strict and
/// the absence of CORS credentials keep other sites from using it.
const REFRESH_COOKIE: &str = "gridlink_refresh";

fn refresh_cookie(state: &AppState, value: String, max_age_seconds: i64) -> Cookie<'static> {
    Cookie::build(REFRESH_COOKIE, value)
        .path("/api/v1/auth")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.config.cookie_secure)
        .max_age(CookieDuration::seconds(max_age_seconds))
        .finish()
}

/// Answers with the tokens; a refresh token bound for the cookie leaves the body.
fn token_response(state: &AppState, mut tokens: TokenResponse, in_cookie: bool) -> HttpResponse {
    let mut res = HttpResponse::Ok();
    res.insert_header(("Cache-Control", "no-store"));
    if in_cookie {
        if let Some(secret) = tokens.refresh_token.take() {
            res.cookie(refresh_cookie(state, secret, state.tokens.refresh_ttl_seconds));
        }
    }
    res.json(tokens)
}

/// The refresh token from the body, or else from the cookie; and whether it was the cookie.
fn presented_refresh_token(req: &HttpRequest, body: RefreshRequest) -> Option<(String, bool)> {
    match body.refresh_token {
        Some(token) => Some((token, false)),
        None => req.cookie(REFRESH_COOKIE).map(|c| (c.value().to_string(), true)),
    }
}

/// Signs in with username and password.
///
/// Five failures in a row lock the account for 15 minutes (`account_locked`,
/// with `Retry-After`). An account with a temporary password gets tokens but
/// must change it (`user.must_change_password`) before anything else answers.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenResponse),
        (status = 401, description = "`invalid_credentials`, `account_locked` or `account_disabled`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ),
    security(())
)]
#[post("/auth/login")]
async fn login(
    state: web::Data<AppState>,
    _limit: AuthRateLimit,
    meta: RequestMeta,
    body: JsonBody<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let LoginRequest { username, password, refresh_cookie } = body.into_inner();
    let tokens = service::login(&state.db, &state.tokens, &state.config, meta, username, password).await?;
    Ok(token_response(&state, tokens, refresh_cookie))
}

/// Exchanges a refresh token for a new access token and a new refresh token.
///
/// Each refresh token works once. Presenting one that was already used
/// revokes its whole session (`refresh_token_reused`): it has leaked.
/// Without `refresh_token` in the body the cookie set at sign-in is used, and
/// the new token goes back into the cookie.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "New tokens", body = TokenResponse),
        (status = 401, description = "`invalid_refresh_token` or `refresh_token_reused`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address", body = Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[post("/auth/refresh")]
async fn refresh(
    state: web::Data<AppState>,
    req: HttpRequest,
    _limit: AuthRateLimit,
    meta: RequestMeta,
    body: JsonBody<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let (secret, from_cookie) =
        presented_refresh_token(&req, body.into_inner()).ok_or(ApiError::InvalidRefreshToken)?;
    let tokens = service::refresh(&state.db, state.tokens.clone(), meta, secret).await?;
    Ok(token_response(&state, tokens, from_cookie))
}

/// Signs out: revokes the session the refresh token belongs to.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 204, description = "Signed out (also for an unknown or already revoked token)"),
        (status = 429, description = "Too many requests from this address", body = Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[post("/auth/logout")]
async fn logout(
    state: web::Data<AppState>,
    req: HttpRequest,
    _limit: AuthRateLimit,
    meta: RequestMeta,
    body: JsonBody<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    if let Some((secret, _)) = presented_refresh_token(&req, body.into_inner()) {
        state.db.write(move |conn| service::logout(conn, &meta, &secret)).await?;
    }
    let mut res = HttpResponse::NoContent();
    if req.cookie(REFRESH_COOKIE).is_some() {
        res.cookie(refresh_cookie(&state, String::new(), 0));
    }
    Ok(res.finish())
}

/// The signed-in account, its home area and permissions.
#[utoipa::path(
    tag = "auth",
    responses((status = 200, description = "The caller", body = Me)),
    security(("bearer" = []))
)]
#[get("/auth/me")]
async fn me(state: web::Data<AppState>, token: AccessToken) -> Result<HttpResponse, ApiError> {
    let me = state
        .db
        .read(move |conn| {
            let caller = Caller::load_allowing_password_change(conn, &token)?;
            let user: User = users::table.find(caller.user_id).first(conn)?;
            service::me(conn, &user)
        })
        .await?;
    Ok(HttpResponse::Ok().json(me))
}

/// Changes the caller's own password; ends their other sessions.
#[utoipa::path(
    tag = "auth",
    request_body = ChangePasswordRequest,
    responses(
        (status = 204, description = "Changed"),
        (status = 422, description = "Wrong current password (`current_password`) or a weak new one (`new_password`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/auth/password")]
async fn change_password(
    state: web::Data<AppState>,
    _limit: AuthRateLimit,
    token: AccessToken,
    meta: RequestMeta,
    body: JsonBody<ChangePasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner();
    let (caller, stored) = state
        .db
        .read(move |conn| {
            let caller = Caller::load_allowing_password_change(conn, &token)?;
            let stored: String = users::table.find(caller.user_id).select(users::password_hash).first(conn)?;
            Ok((caller, stored))
        })
        .await?;
    let hash = web::block(move || -> Result<String, ApiError> {
        if !password::verify(&input.current_password, &stored) {
            return Err(ApiError::field("current_password", "wrong_password", "the current password is wrong"));
        }
        password::check_policy("new_password", &input.new_password)?;
        if input.new_password == input.current_password {
            return Err(ApiError::field(
                "new_password",
                "unchanged",
                "the new password must differ from the current one",
            ));
        }
        password::hash(&input.new_password)
    })
    .await
    .map_err(ApiError::internal)??;
    state.db.write(move |conn| service::set_password(conn, &caller, &meta, &hash)).await?;
    Ok(HttpResponse::NoContent().finish())
}
