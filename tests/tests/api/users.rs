use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::*;
use crate::on_both_backends;

on_both_backends!(create_and_manage_accounts, no_more_reach_than_your_own, list_filters);

async fn create_and_manage_accounts(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let token = app.token("street_admin").await;
    let grid = app.area(codes::GRID_OTHER);
    // A chosen temporary password must meet the policy too.
    let (status, problem) = app
        .post("/users", &token, json!({"username": "li_ming", "display_name": "李明", "role": "grid_worker", "area_id": grid, "password": "short"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "password");
    let (status, created) = app
        .post(
            "/users",
            &token,
            json!({"username": "li_ming", "display_name": "李明", "phone": "13904839999", "role": "grid_worker", "area_id": grid, "password": "Temp-Pass-1"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["temporary_password"], Value::Null, "a given password is not echoed");
    assert_eq!(created["area"]["code"], codes::GRID_OTHER);
    assert_eq!(created["status"], "active");
    let id = created["id"].as_i64().unwrap();
    assert!(created.get("password_hash").is_none());

    let (status, problem) = app
        .post(
            "/users",
            &token,
            json!({"username": "li_ming", "display_name": "x", "role": "volunteer", "area_id": grid}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(problem["errors"][0]["field"], "username");

    // Move the account and disable it; enable it again.
    let community = app.area(codes::COMMUNITY_2);
    let (status, updated) =
        app.patch(&format!("/users/{id}"), &token, "\"1\"", json!({"area_id": community, "phone": null})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(updated["area"]["code"], codes::COMMUNITY_2);
    assert_eq!(updated["phone"], Value::Null);
    let (status, disabled) = app.patch(&format!("/users/{id}"), &token, "\"2\"", json!({"status": "disabled"})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(disabled["status"], "disabled");
    let (status, _) = app.patch(&format!("/users/{id}"), &token, "\"3\"", json!({"status": "active"})).await;
    assert_eq!(status, StatusCode::OK);

    // Reset: a new temporary password that must be changed.
    let (status, reset) = app.post(&format!("/users/{id}/reset-password"), &token, json!({})).await;
    assert_eq!(status, StatusCode::OK);
    let temporary = reset["temporary_password"].as_str().unwrap();
    let session = app.login_with("li_ming", temporary).await;
    assert_eq!(session.body["user"]["must_change_password"], true);

    // Nobody disables themselves.
    let me = app.user("street_admin");
    let etag = app.etag(&format!("/users/{me}")).await;
    let (status, problem) = app.patch(&format!("/users/{me}"), &token, &etag, json!({"status": "disabled"})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(problem["code"], "cannot_disable_self");
    // There is no way to delete an account.
    let (status, _) = app.delete(&format!("/users/{id}"), &token, "*").await;
    assert!(status == StatusCode::NOT_FOUND || status == StatusCode::METHOD_NOT_ALLOWED, "{status}");
    assert_eq!(app.count(&format!("SELECT count(*) AS n FROM users WHERE id = {id}")), 1);
}

async fn no_more_reach_than_your_own(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let token = app.token("street_admin").await;
    let town = app.area(codes::TOWN_A);
    let banner = app.area(codes::BANNER);
    let before = app.count("SELECT count(*) AS n FROM users");
    for (body, field, code) in [
        (
            json!({"username": "boss", "display_name": "x", "role": "admin", "area_id": town}),
            "role",
            "beyond_your_reach",
        ),
        (
            json!({"username": "boss", "display_name": "x", "role": "area_admin", "area_id": banner}),
            "area_id",
            "not_found",
        ),
        (json!({"username": "boss", "display_name": "x", "role": "area_admin"}), "area_id", "required"),
    ] {
        let (status, problem) = app.post("/users", &token, body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(problem["errors"][0]["field"], field);
        assert_eq!(problem["errors"][0]["code"], code);
    }
    assert_eq!(app.count("SELECT count(*) AS n FROM users"), before);
    // Without the permission the answer is 403 whatever the body holds, and no password is judged.
    let volunteer = app.token("volunteer").await;
    let (status, _) = app
        .post(
            "/users",
            &volunteer,
            json!({"username": "x_y", "display_name": "x", "role": "volunteer", "area_id": town, "password": "weak"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // An equal reach is fine: another admin of the same street.
    let (status, _) = app
        .post(
            "/users",
            &token,
            json!({"username": "deputy", "display_name": "副主任", "role": "area_admin", "area_id": town}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    // Raising one's own reach is refused too.
    let me = app.user("street_admin");
    let etag = app.etag(&format!("/users/{me}")).await;
    let (status, _) = app.patch(&format!("/users/{me}"), &token, &etag, json!({"area_id": banner})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = app.patch(&format!("/users/{me}"), &token, &etag, json!({"role": "admin"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // The system admin is out of every area admin's sight.
    let admin_id = app.user("admin");
    let (status, _) = app.get(&format!("/users/{admin_id}"), &token).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn list_filters(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let token = app.token("street_admin").await;
    let (status, page) = app.get("/users?sort=username", &token).await;
    assert_eq!(status, StatusCode::OK);
    let names: Vec<&str> = page["items"].as_array().unwrap().iter().map(|u| u["username"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["community_admin", "grid_worker", "street_admin", "unit_contact", "volunteer"]);
    let (_, page) = app.get("/users?role=area_admin", &token).await;
    assert_eq!(page["total"], 2);
    let (_, page) = app.get(&format!("/users?area_id={}", app.area(codes::GRID_1)), &token).await;
    assert_eq!(page["total"], 2, "grid worker and volunteer");
    let (_, page) = app.get("/users?q=GRID", &token).await;
    assert_eq!(page["items"][0]["username"], "grid_worker");
    let (_, page) = app.get("/users?status=disabled", &token).await;
    assert_eq!(page["total"], 0);
    let (_, page) = app.get("/users?sort=-last_login_at&page_size=1", &token).await;
    assert_eq!(page["items"][0]["username"], "street_admin", "the one who just signed in");
}
