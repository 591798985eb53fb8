//! Builds the actix application and the server. `main` and the tests both
//! start Gridlink from here, so what is tested is what runs.

use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;

use actix_cors::Cors;
use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServerHandle, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::{from_fn, Next};
use actix_web::{web, App, HttpRequest, HttpServer};
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::auth::tokens::{signing_key, TokenKeys};
use crate::config::Config;
use crate::crypto::{data_key, DataKey};
use crate::db::Db;
use crate::http::body::MAX_BODY_BYTES;
use crate::http::rate_limit::RateLimiter;
use crate::http::{request_id, ApiError};

/// What every handler can reach.
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub tokens: Arc<TokenKeys>,
    /// Seals identity numbers at rest.
    pub data_key: Arc<DataKey>,
    pub auth_rate_limit: RateLimiter,
}

/// Every `/api/v1` route, each registered together with its OpenAPI entry.
fn api_routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    crate::auth::routes::configure(cfg);
    crate::areas::routes::configure(cfg);
    crate::users::routes::configure(cfg);
    crate::audit::routes::configure(cfg);
    crate::party_orgs::routes::configure(cfg);
    crate::units::routes::configure(cfg);
    crate::agreements::routes::configure(cfg);
    crate::resources::routes::configure(cfg);
    crate::needs::routes::configure(cfg);
    crate::services::routes::configure(cfg);
    crate::volunteers::routes::configure(cfg);
    crate::projects::routes::configure(cfg);
    crate::enrollments::routes::configure(cfg);
    crate::records::routes::configure(cfg);
    crate::certificates::routes::configure(cfg);
    crate::households::routes::configure(cfg);
    crate::pairings::routes::configure(cfg);
    crate::visits::routes::configure(cfg);
    crate::wishes::routes::configure(cfg);
}

/// The OpenAPI document, built from the same route registration as the server.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, doc) = App::new()
        .into_utoipa_app()
        .openapi(<crate::openapi::ApiDoc as utoipa::OpenApi>::openapi())
        .configure(crate::health::configure)
        .service(utoipa_actix_web::scope("/api/v1").configure(api_routes))
        .split_for_parts();
    crate::openapi::finish(doc)
}

async fn not_found() -> Result<actix_web::HttpResponse, ApiError> {
    Err(ApiError::NotFound)
}

fn query_error(err: actix_web::error::QueryPayloadError, _: &HttpRequest) -> actix_web::Error {
    ApiError::MalformedQuery(err.to_string()).into()
}

fn path_error(_: actix_web::error::PathError, _: &HttpRequest) -> actix_web::Error {
    // `/areas/abc` names nothing that could exist.
    ApiError::NotFound.into()
}

/// What a response may load: nothing for the API, the app's own files for the
/// SPA (Element Plus sets inline styles), and the interactive docs are left
/// to their own page.
fn content_security_policy(path: &str) -> Option<&'static str> {
    if path.starts_with("/api/docs") {
        None
    } else if path.starts_with("/api/") || path == "/healthz" || path == "/readyz" {
        Some("default-src 'none'; frame-ancestors 'none'")
    } else {
        Some(
            "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; \
             font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
        )
    }
}

/// Headers every answer carries, and the caching of the SPA's files: hashed
/// assets forever, the HTML shell never (so a new release is picked up).
async fn security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let path = req.path().to_string();
    let mut res = next.call(req).await?;
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let ok = res.status().is_success();
    let headers = res.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    if let Some(policy) = content_security_policy(&path) {
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(policy));
    }
    if ok && path.starts_with("/assets/") {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable"));
    } else if ok && is_html && !path.starts_with("/api/") {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    Ok(res)
}

/// History-mode routing: any GET outside the API that names no file is a
/// route of the SPA, answered with its `index.html`.
async fn spa_fallback(req: ServiceRequest) -> Result<ServiceResponse, actix_web::Error> {
    let (req, _) = req.into_parts();
    let is_api = req.path().starts_with("/api/");
    let index =
        req.app_data::<web::Data<AppState>>().and_then(|s| s.config.web_dir.as_ref()).map(|d| d.join("index.html"));
    match index {
        Some(index) if !is_api && req.method() == actix_web::http::Method::GET => {
            let file = actix_files::NamedFile::open_async(index).await?;
            let res = file.into_response(&req);
            Ok(ServiceResponse::new(req, res))
        }
        _ => Ok(ServiceResponse::new(req, actix_web::ResponseError::error_response(&ApiError::NotFound))),
    }
}

fn cors(config: &Config) -> Cors {
    let mut cors = Cors::default()
        .allowed_methods(["GET", "POST", "PATCH", "DELETE", "OPTIONS"])
        .allowed_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::IF_MATCH,
            header::HeaderName::from_static("idempotency-key"),
            header::HeaderName::from_static(request_id::HEADER),
        ])
        .expose_headers([
            header::ETAG,
            header::LOCATION,
            header::RETRY_AFTER,
            header::HeaderName::from_static(request_id::HEADER),
        ])
        .max_age(3600);
    for origin in &config.cors_origins {
        cors = cors.allowed_origin(origin);
    }
    cors
}

/// Opens the database, migrates it (when configured), and prepares the shared state.
pub fn prepare(config: Config) -> anyhow::Result<web::Data<AppState>> {
    // Before the database: a missing key is a configuration error, whatever the database's state.
    let data_key = Arc::new(data_key(&config)?);
    let db = Db::connect(&config)?;
    if config.migrate_on_start {
        let applied = db.migrate()?;
        if applied > 0 {
            tracing::info!(applied, "database migrated");
        }
    }
    let key = signing_key(&config)?;
    let tokens = Arc::new(TokenKeys::new(&key, &config));
    Ok(web::Data::new(AppState {
        db,
        tokens,
        data_key,
        auth_rate_limit: RateLimiter::new(config.auth_rate_limit_per_minute),
        config: Arc::new(config),
    }))
}

/// A bound, not yet running server.
pub struct Prepared {
    pub server: Server,
    pub addr: SocketAddr,
    pub state: web::Data<AppState>,
}

/// Binds the listener and builds the server; the document is built once and
/// shared by every worker.
pub fn build(state: web::Data<AppState>, listener: TcpListener) -> anyhow::Result<Prepared> {
    let addr = listener.local_addr()?;
    // Serialised once: every worker serves the same bytes instead of holding
    // (and re-serialising) its own copy of the document's object tree.
    let doc = web::Bytes::from(serde_json::to_vec(&openapi())?);
    let config = state.config.clone();
    let shared = state.clone();
    let mut server = HttpServer::new(move || {
        let (app, _) = App::new()
            .into_utoipa_app()
            .app_data(shared.clone())
            .app_data(web::PayloadConfig::new(MAX_BODY_BYTES))
            .app_data(web::QueryConfig::default().error_handler(query_error))
            .app_data(web::PathConfig::default().error_handler(path_error))
            .configure(crate::health::configure)
            .service(utoipa_actix_web::scope("/api/v1").configure(api_routes))
            .split_for_parts();
        crate::memory::release_free_heap();
        let app = app
            .service(web::redirect("/api/docs", "/api/docs/"))
            .route(
                "/api/openapi.json",
                web::get().to({
                    let doc = doc.clone();
                    move || {
                        let doc = doc.clone();
                        async move { actix_web::HttpResponse::Ok().content_type("application/json").body(doc) }
                    }
                }),
            )
            .service(SwaggerUi::new("/api/docs/{_:.*}").config(utoipa_swagger_ui::Config::from("/api/openapi.json")));
        // The SPA last: its files and its fallback take whatever the API did not.
        let app = match &shared.config.web_dir {
            Some(dir) => app.service(
                actix_files::Files::new("/", dir)
                    .index_file("index.html")
                    .default_handler(actix_web::dev::fn_service(spa_fallback)),
            ),
            None => app,
        }
        // Also what the API scope answers for paths it does not know.
        .default_service(web::to(not_found));
        app.wrap(cors(&shared.config)).wrap(from_fn(security_headers)).wrap(from_fn(request_id::middleware))
    })
    .shutdown_timeout(config.shutdown_timeout_seconds)
    .listen(listener)?;
    if config.workers > 0 {
        server = server.workers(config.workers);
    }
    Ok(Prepared { server: server.run(), addr, state })
}

/// A server running on the current tokio runtime (the tests start one per
/// test, on port 0).
pub struct Running {
    pub addr: SocketAddr,
    pub handle: ServerHandle,
    pub state: web::Data<AppState>,
}

pub fn spawn(config: Config) -> anyhow::Result<Running> {
    let listener = TcpListener::bind(config.bind)?;
    let state = prepare(config)?;
    let prepared = build(state, listener)?;
    let handle = prepared.server.handle();
    tokio::spawn(prepared.server);
    Ok(Running { addr: prepared.addr, handle, state: prepared.state })
}

/// Deletes audit entries past retention and idempotency keys past their 24
/// hours, and erases archived households past theirs, now and then. Every
/// instance runs it; each step is idempotent, so several instances on one
/// database do no harm.
pub fn start_audit_pruning(state: web::Data<AppState>) {
    actix_web::rt::spawn(async move {
        let mut every = actix_web::rt::time::interval(Duration::from_secs(6 * 3600));
        loop {
            every.tick().await;
            let days = state.config.audit_retention_days;
            match state.db.write(move |conn| crate::audit::prune(conn, days)).await {
                Ok(0) => {}
                Ok(pruned) => tracing::info!(pruned, "audit entries past retention deleted"),
                Err(e) => tracing::warn!(error = %e, "audit pruning failed"),
            }
            let retention_days = state.config.household_retention_days;
            let erased = state
                .db
                .write(move |conn| {
                    let system = crate::audit::repo::Actor { id: None, username: Some("system"), role: None };
                    let meta = crate::http::meta::RequestMeta::default();
                    let scope = crate::auth::AreaScope::Everything;
                    crate::households::retention::erase_expired(conn, system, &meta, &scope, retention_days)
                })
                .await;
            match erased {
                Ok(run) if run.erased == 0 => {}
                Ok(run) => tracing::info!(erased = run.erased, "archived households past retention erased"),
                Err(e) => tracing::warn!(error = %e, "household erasure failed"),
            }
            if let Err(e) = state.db.write(crate::http::idempotency::prune).await {
                tracing::warn!(error = %e, "idempotency key pruning failed");
            }
        }
    });
}
