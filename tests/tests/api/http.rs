use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::*;
use crate::contract::repo_file;
use crate::on_both_backends;

on_both_backends!(
    body_and_content_type_errors,
    list_parameter_errors,
    request_id_and_headers,
    health_and_unknown_routes,
    cors_allows_configured_origins_only,
    forwarded_for_is_taken_from_the_proxy_only,
    serves_the_spa_with_history_fallback,
);

async fn body_and_content_type_errors(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let token = app.token("community_admin").await;
    let before = app.count("SELECT count(*) AS n FROM areas");

    let (status, problem) = send(
        app.request(Method::POST, "/areas", Some(&token))
            .header("content-type", "application/json")
            .body("{\"code\": "),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(problem["code"], "malformed_json");

    let (status, problem) =
        send(app.request(Method::POST, "/areas", Some(&token)).header("content-type", "text/plain").body("{}")).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(problem["code"], "unsupported_media_type");

    let big = format!("{{\"code\": \"1\", \"name\": \"{}\"}}", "x".repeat(1024 * 1024 + 10));
    let (status, problem) =
        send(app.request(Method::POST, "/areas", Some(&token)).header("content-type", "application/json").body(big))
            .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(problem["code"], "payload_too_large");

    // A JSON body with a wrong type names the field.
    let (status, problem) = app.post("/areas", &token, json!({"code": 5, "name": "x", "kind": "grid"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&problem), vec!["code"]);
    assert_eq!(problem["errors"][0]["code"], "invalid_type");

    assert_eq!(app.count("SELECT count(*) AS n FROM areas"), before, "nothing written");
}

async fn list_parameter_errors(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let token = app.token("community_admin").await;
    for (query, field) in [
        ("page_size=101", "page_size"),
        ("page_size=0", "page_size"),
        ("page=0", "page"),
        ("sort=password_hash", "sort"),
    ] {
        for path in ["/areas", "/users", "/audit"] {
            if path == "/audit" && field == "sort" {
                continue; // the audit trail has one fixed order
            }
            let (status, problem) = app.get(&format!("{path}?{query}"), &token).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}?{query}");
            assert_eq!(error_fields(&problem), vec![field], "{path}?{query}");
        }
    }
    let (status, problem) = app.get("/areas?sort=-name,bogus", &token).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["code"], "unknown_sort_field");
    let (status, problem) = app.get("/areas?page_size=abc", &token).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(problem["code"], "malformed_query");
    let (status, _) = app.get("/areas?kind=village", &token).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, page) = app.get("/areas?page_size=100", &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["page_size"], 100);
}

async fn request_id_and_headers(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let res = app.request(Method::GET, "/areas", None).header("x-request-id", "portal-abc-123").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(res.headers()["x-request-id"], "portal-abc-123");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert_eq!(res.headers()["www-authenticate"], "Bearer");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["request_id"], "portal-abc-123", "the problem names the request");
    assert_eq!(body["type"], "/api/problems/unauthenticated");

    // A hostile id is replaced, not echoed.
    let res = app.request(Method::GET, "/healthz", None).header("x-request-id", "a b\"<script>").send().await.unwrap();
    let id = res.headers()["x-request-id"].to_str().unwrap().to_string();
    assert!(!id.contains('<') && id.len() >= 16);
}

async fn health_and_unknown_routes(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let (status, body) = send(app.request(Method::GET, "/healthz", None)).await;
    assert_eq!((status, body["status"].as_str()), (StatusCode::OK, Some("ok")));
    let (status, body) = send(app.request(Method::GET, "/readyz", None)).await;
    assert_eq!((status, body["status"].as_str()), (StatusCode::OK, Some("ok")));
    let token = app.token("admin").await;
    let (status, body) = app.get("/nothing-here", &token).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["code"], "not_found");
    let (status, _) = app.get("/areas/not-a-number", &token).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = send(app.request(Method::GET, "/api/docs/", None)).await;
    assert_eq!(status, StatusCode::OK, "interactive docs are served");
    // The document is served as the committed file has it, and the docs page
    // loads it from there.
    let (status, doc) = send(app.request(Method::GET, "/api/openapi.json", None)).await;
    assert_eq!(status, StatusCode::OK);
    let committed: Value = serde_json::from_str(&repo_file("docs/openapi.json")).unwrap();
    assert_eq!(doc["paths"], committed["paths"]);
    let init = app.request(Method::GET, "/api/docs/swagger-initializer.js", None).send().await.unwrap();
    assert_eq!(init.status(), StatusCode::OK);
    assert!(init.text().await.unwrap().contains("/api/openapi.json"));
}

async fn cors_allows_configured_origins_only(backend: Backend) {
    let Some(app) =
        TestApp::spawn_with(backend, |c| c.cors_origins = vec!["https://portal.example.gov.cn".into()]).await
    else {
        return;
    };
    let preflight = |origin: &'static str| {
        app.request(Method::OPTIONS, "/areas", None)
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "PATCH")
            .header("Access-Control-Request-Headers", "authorization, if-match")
    };
    let res = preflight("https://portal.example.gov.cn").send().await.unwrap();
    assert!(res.status().is_success());
    assert_eq!(res.headers()["access-control-allow-origin"], "https://portal.example.gov.cn");
    let res = preflight("https://elsewhere.example.com").send().await.unwrap();
    assert!(res.headers().get("access-control-allow-origin").is_none());
}

/// When PostgreSQL goes away, requests get 503 quickly, not 500 and not a hang.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn database_down_is_503() {
    let Some(app) = TestApp::spawn_with(Backend::Postgres, |c| c.db_timeout_ms = 500).await else { return };
    let token = app.token("community_admin").await;
    app.break_database();
    let started = std::time::Instant::now();
    let (status, body) = app.get("/areas", &token).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["code"], "service_unavailable");
    let (status, _) = send(app.request(Method::GET, "/readyz", None)).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let (status, _) = send(app.request(Method::GET, "/healthz", None)).await;
    assert_eq!(status, StatusCode::OK, "the process itself is up");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}

/// Pooled connections are not checked on every checkout, only after a pause
/// or a failure: when the database restarts, an idle connection is replaced
/// before a request sees it, and each connection that was busy fails one
/// request at most, with 503, never 500, before the pool has recovered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dead_connections_are_replaced() {
    let Some(app) = TestApp::spawn_with(Backend::Postgres, |c| c.db_pool_size = 4).await else { return };
    let token = app.token("community_admin").await;
    assert_eq!(app.get("/areas", &token).await.0, StatusCode::OK);
    app.end_database_sessions();
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    for _ in 0..5 {
        let (status, body) = app.get("/areas", &token).await;
        assert_eq!(status, StatusCode::OK, "an idle connection is checked before use: {body}");
    }
    app.end_database_sessions();
    let mut statuses = Vec::new();
    for _ in 0..12 {
        let (status, body) = app.get("/areas", &token).await;
        assert!(status == StatusCode::OK || status == StatusCode::SERVICE_UNAVAILABLE, "{status}: {body}");
        statuses.push(status);
    }
    let failed = statuses.iter().filter(|s| **s != StatusCode::OK).count();
    assert!(failed <= 4, "one failure at most per pooled connection: {statuses:?}");
    assert!(statuses[8..].iter().all(|s| *s == StatusCode::OK), "the pool has recovered: {statuses:?}");
}

async fn forwarded_for_is_taken_from_the_proxy_only(backend: Backend) {
    for trusted in [false, true] {
        let Some(app) = TestApp::spawn_with(backend, |c| c.trust_forwarded_for = trusted).await else { return };
        // The client forges the first hop; the proxy appends the address it saw.
        let res = app
            .request(Method::POST, "/auth/login", None)
            .header("X-Forwarded-For", "6.6.6.6, 10.0.0.9")
            .json(&json!({"username": "grid_worker", "password": DEMO_PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let expected = if trusted { "10.0.0.9" } else { "127.0.0.1" };
        let sql = format!("SELECT count(*) AS n FROM audit_log WHERE action = 'login' AND client_ip = '{expected}'");
        assert_eq!(app.count(&sql), 1, "trusted = {trusted}");
    }
}

async fn serves_the_spa_with_history_fallback(backend: Backend) {
    let web = std::env::temp_dir().join(format!("gridlink-web-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(web.join("assets")).unwrap();
    std::fs::write(web.join("index.html"), "<!doctype html><html lang=\"zh-CN\"><title>网格连心</title></html>")
        .unwrap();
    std::fs::write(web.join("assets/index-3f9a.js"), "console.log(1)").unwrap();
    let dir = web.clone();
    let Some(app) = TestApp::spawn_with(backend, move |c| c.web_dir = Some(dir)).await else {
        let _ = std::fs::remove_dir_all(&web);
        return;
    };
    for path in ["/", "/areas", "/users/12?page=2"] {
        let res = app.client.get(format!("{}{path}", app.base)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(res.headers()["cache-control"], "no-cache", "{path}");
        assert!(
            res.headers()["content-security-policy"].to_str().unwrap().contains("script-src")
                || res.headers()["content-security-policy"].to_str().unwrap().contains("default-src 'self'")
        );
        assert!(res.text().await.unwrap().contains("网格连心"), "{path}");
    }
    let res = app.client.get(format!("{}/assets/index-3f9a.js", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["cache-control"].to_str().unwrap().contains("immutable"));
    // The API keeps its own answers: a problem, not the SPA shell.
    let (status, body) = send(app.client.get(format!("{}/api/v1/nothing", app.base))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["code"], "not_found");
    let (status, _) = send(app.request(Method::GET, "/healthz", None)).await;
    assert_eq!(status, StatusCode::OK);
    let _ = std::fs::remove_dir_all(&web);
}
