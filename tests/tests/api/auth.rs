use base64::Engine;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::*;
use crate::on_both_backends;

on_both_backends!(
    login_success_and_failure,
    lockout_and_its_end,
    rate_limit_on_auth,
    bad_tokens_are_401,
    refresh_rotation_and_reuse_detection,
    logout_revokes_the_session,
    password_policy,
    first_login_password_change,
    disabled_account_is_refused_at_once,
    password_change_ends_other_sessions,
    refresh_token_in_an_http_only_cookie,
);

async fn login_success_and_failure(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let session = app.login("community_admin").await;
    assert_eq!(session.body["token_type"], "Bearer");
    assert_eq!(session.body["expires_in"], 900);
    assert_eq!(session.body["user"]["role"], "area_admin");
    assert_eq!(session.body["user"]["area"]["code"], codes::COMMUNITY_1);
    // Sign-in ignores the case of the username.
    assert_eq!(app.login_raw("Community_Admin", DEMO_PASSWORD).await.status(), StatusCode::OK);

    let (status, me) = app.get("/auth/me", &session.access).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["username"], "community_admin");
    assert!(me["permissions"].as_array().unwrap().contains(&json!("areas.write")));

    for (username, password) in [("community_admin", "wrong-Password1"), ("nobody", DEMO_PASSWORD)] {
        let res = app.login_raw(username, password).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        let body: Value = res.json().await.unwrap();
        // The same answer whether or not the account exists.
        assert_eq!(body["code"], "invalid_credentials");
    }
    assert_eq!(app.count("SELECT count(*) AS n FROM audit_log WHERE action = 'login_failed'"), 2);
    assert_eq!(app.count("SELECT count(*) AS n FROM audit_log WHERE action = 'login'"), 2);

    let (status, body) = send(app.request(Method::POST, "/auth/login", None).json(&json!({"username": "x"}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&body), vec!["password"]);
}

async fn lockout_and_its_end(backend: Backend) {
    let Some(app) = TestApp::spawn_with(backend, |c| c.lockout_seconds = 2).await else { return };
    for _ in 0..5 {
        let res = app.login_raw("grid_worker", "Wrong-pass-1").await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    // Locked now: even the right password is refused, with Retry-After.
    let res = app.login_raw("grid_worker", DEMO_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(res.headers().contains_key("retry-after"));
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "account_locked");
    // Other accounts are not affected.
    assert_eq!(app.login_raw("community_admin", DEMO_PASSWORD).await.status(), StatusCode::OK);

    tokio::time::sleep(std::time::Duration::from_millis(2300)).await;
    let res = app.login_raw("grid_worker", DEMO_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK, "the lock ends after its time");
    assert_eq!(app.count("SELECT count(*) AS n FROM users WHERE username = 'grid_worker' AND failed_logins = 0"), 1);
}

async fn rate_limit_on_auth(backend: Backend) {
    let Some(app) = TestApp::spawn_with(backend, |c| c.auth_rate_limit_per_minute = 3).await else { return };
    for _ in 0..3 {
        let res = app.login_raw("nobody", "Whatever-1").await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let res = app.login_raw("community_admin", DEMO_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = res.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry));
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "rate_limited");
    // Other endpoints are not limited.
    let (status, _) = send(app.request(Method::GET, "/healthz", None)).await;
    assert_eq!(status, StatusCode::OK);
}

fn sign(claims: &Value, key: &[u8], kid: Option<String>) -> String {
    let mut header = Header::new(Algorithm::HS256);
    header.kid = kid;
    encode(&header, claims, &EncodingKey::from_secret(key)).unwrap()
}

fn kid_of(token: &str) -> Option<String> {
    jsonwebtoken::decode_header(token).unwrap().kid
}

async fn bad_tokens_are_401(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let good = app.token("community_admin").await;
    let kid = kid_of(&good);
    let user_id = app.user("community_admin");
    let now = chrono::Utc::now().timestamp();
    let claims = |exp: i64, aud: &str| {
        json!({"iss": "gridlink", "aud": aud, "sub": user_id.to_string(), "exp": exp, "nbf": now - 10,
               "iat": now - 10, "jti": "t", "sid": "s"})
    };
    let b64 = |v: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());

    let forged_ok = sign(&claims(now + 300, "gridlink-api"), JWT_SECRET.as_bytes(), kid.clone());
    let expired = sign(&claims(now - 60, "gridlink-api"), JWT_SECRET.as_bytes(), kid.clone());
    let wrong_audience = sign(&claims(now + 300, "another-api"), JWT_SECRET.as_bytes(), kid.clone());
    let wrong_key = sign(&claims(now + 300, "gridlink-api"), b"another-key-another-key-another-key!!", kid.clone());
    let alg_none = format!(
        "{}.{}.",
        b64(&json!({"alg": "none", "typ": "JWT", "kid": kid})),
        b64(&claims(now + 300, "gridlink-api"))
    );
    let tampered = {
        let parts: Vec<&str> = good.split('.').collect();
        let mut payload: Value =
            serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(parts[1]).unwrap())
                .unwrap();
        payload["sub"] = json!(app.user("admin").to_string());
        format!("{}.{}.{}", parts[0], b64(&payload), parts[2])
    };

    // The control: a correctly signed token is accepted, so the refusals below are about the defect.
    let (status, _) = app.get("/areas", &forged_ok).await;
    assert_eq!(status, StatusCode::OK);
    for (name, token) in [
        ("expired", expired),
        ("wrong audience", wrong_audience),
        ("wrong key", wrong_key),
        ("alg none", alg_none),
        ("tampered", tampered),
        ("garbage", "not-a-token".to_string()),
    ] {
        let (status, body) = app.get("/areas", &token).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{name}");
        assert_eq!(body["code"], "invalid_token", "{name}");
    }
    let (status, body) = send(app.request(Method::GET, "/areas", None)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], "unauthenticated");
}

async fn refresh(app: &TestApp, token: &str) -> (StatusCode, Value) {
    send(app.request(Method::POST, "/auth/refresh", None).json(&json!({"refresh_token": token}))).await
}

async fn refresh_rotation_and_reuse_detection(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let first = app.login("street_admin").await;
    let (status, second) = refresh(&app, &first.refresh).await;
    assert_eq!(status, StatusCode::OK);
    let second_refresh = second["refresh_token"].as_str().unwrap().to_string();
    assert_ne!(second_refresh, first.refresh, "rotated");
    let (status, _) = app.get("/areas", second["access_token"].as_str().unwrap()).await;
    assert_eq!(status, StatusCode::OK);

    // The old token again: reuse. The whole family is revoked, the newest token included.
    let (status, body) = refresh(&app, &first.refresh).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], "refresh_token_reused");
    let (status, body) = refresh(&app, &second_refresh).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], "invalid_refresh_token");

    // Another sign-in of the same account is another family and still works.
    let other = app.login("street_admin").await;
    let (status, _) = refresh(&app, &other.refresh).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = refresh(&app, "never-issued").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

async fn logout_revokes_the_session(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let session = app.login("grid_worker").await;
    let (status, _) =
        send(app.request(Method::POST, "/auth/logout", None).json(&json!({"refresh_token": session.refresh}))).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = refresh(&app, &session.refresh).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Signing out twice is fine.
    let (status, _) =
        send(app.request(Method::POST, "/auth/logout", None).json(&json!({"refresh_token": session.refresh}))).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
}

async fn change_password(app: &TestApp, token: &str, current: &str, new: &str) -> (StatusCode, Value) {
    app.post("/auth/password", token, json!({"current_password": current, "new_password": new})).await
}

async fn password_policy(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let token = app.token("volunteer").await;
    for weak in ["Ab1!", "abcdefgh", "abcdefg1", "ABCDEFGH1", "短密码Ab1"] {
        let (status, body) = change_password(&app, &token, DEMO_PASSWORD, weak).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{weak}");
        assert_eq!(body["errors"][0]["field"], "new_password");
        assert_eq!(body["errors"][0]["code"], "weak_password");
    }
    let (status, body) = change_password(&app, &token, "Not-the-password1", "Good-Pass-2027").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "current_password");
    // 3 of 4 classes is enough.
    let (status, _) = change_password(&app, &token, DEMO_PASSWORD, "goodpass-2027").await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(app.login_raw("volunteer", DEMO_PASSWORD).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.login_raw("volunteer", "goodpass-2027").await.status(), StatusCode::OK);
}

async fn first_login_password_change(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("community_admin").await;
    let (status, created) = app
        .post(
            "/users",
            &admin,
            json!({"username": "new_worker", "display_name": "新网格员", "role": "grid_worker", "area_id": app.area(codes::GRID_2)}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let temporary = created["temporary_password"].as_str().unwrap().to_string();
    assert!(created["must_change_password"].as_bool().unwrap());

    let session = app.login_with("new_worker", &temporary).await;
    assert_eq!(session.body["user"]["must_change_password"], true);
    let (status, body) = app.get("/areas", &session.access).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["code"], "password_change_required");
    let (status, _) = app.get("/auth/me", &session.access).await;
    assert_eq!(status, StatusCode::OK, "the caller can still see who they are");

    let (status, _) = change_password(&app, &session.access, &temporary, "Mine-2026-ok").await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = app.get("/areas", &session.access).await;
    assert_eq!(status, StatusCode::OK, "the same token works once the password is changed");
}

async fn disabled_account_is_refused_at_once(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let worker = app.login("grid_worker").await;
    let admin = app.token("community_admin").await;
    let id = app.user("grid_worker");
    let etag = app.etag(&format!("/users/{id}")).await;
    let (status, body) = app.patch(&format!("/users/{id}"), &admin, &etag, json!({"status": "disabled"})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _) = app.get("/areas", &worker.access).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "a live access token dies with its account");
    let (status, _) = refresh(&app, &worker.refresh).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let res = app.login_raw("grid_worker", DEMO_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "account_disabled");
}

async fn password_change_ends_other_sessions(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let phone = app.login("unit_contact").await;
    let laptop = app.login("unit_contact").await;
    let (status, _) = change_password(&app, &laptop.access, DEMO_PASSWORD, "New-Secret-99").await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = refresh(&app, &phone.refresh).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "the other session ends");
    let (status, _) = refresh(&app, &laptop.refresh).await;
    assert_eq!(status, StatusCode::OK, "the session that changed it goes on");
}

/// The `gridlink_refresh=...` pair of a Set-Cookie header, and the header itself.
fn refresh_cookie(res: &reqwest::Response) -> Option<(String, String)> {
    res.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).find_map(|h| {
        h.starts_with("gridlink_refresh=").then(|| (h.split(';').next().unwrap().to_string(), h.to_string()))
    })
}

async fn refresh_token_in_an_http_only_cookie(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let res = app
        .request(Method::POST, "/auth/login", None)
        .json(&json!({"username": "street_admin", "password": DEMO_PASSWORD, "refresh_cookie": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let (first, header) = refresh_cookie(&res).expect("a refresh cookie");
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/api/v1/auth", "Max-Age="] {
        assert!(header.contains(attribute), "{header} lacks {attribute}");
    }
    let body: Value = res.json().await.unwrap();
    assert!(body.get("refresh_token").is_none(), "no script ever sees the refresh token");
    assert!(body["access_token"].is_string());

    let res = app
        .request(Method::POST, "/auth/refresh", None)
        .header("cookie", &first)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let (second, _) = refresh_cookie(&res).expect("a rotated cookie");
    assert_ne!(second, first);
    let body: Value = res.json().await.unwrap();
    assert!(body.get("refresh_token").is_none());

    // The old cookie again is reuse: the session ends.
    let res = app
        .request(Method::POST, "/auth/refresh", None)
        .header("cookie", &first)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = app
        .request(Method::POST, "/auth/refresh", None)
        .header("cookie", &second)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    // No cookie, no body token.
    let (status, body) = send(app.request(Method::POST, "/auth/refresh", None).json(&json!({}))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], "invalid_refresh_token");

    // Sign-out revokes the cookie's session and clears the cookie.
    let res = app
        .request(Method::POST, "/auth/login", None)
        .json(&json!({"username": "street_admin", "password": DEMO_PASSWORD, "refresh_cookie": true}))
        .send()
        .await
        .unwrap();
    let (cookie, _) = refresh_cookie(&res).unwrap();
    let res = app
        .request(Method::POST, "/auth/logout", None)
        .header("cookie", &cookie)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let (cleared, header) = refresh_cookie(&res).expect("a clearing cookie");
    assert_eq!(cleared, "gridlink_refresh=");
    assert!(header.contains("Max-Age=0"));
    let res = app
        .request(Method::POST, "/auth/refresh", None)
        .header("cookie", &cookie)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}
