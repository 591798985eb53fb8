use reqwest::StatusCode;
use serde_json::json;

use crate::common::*;
use crate::on_both_backends;

on_both_backends!(
    rejected_write_leaves_nothing,
    accepted_write_leaves_row_and_entry,
    audit_list_is_scoped_and_pages,
    audit_is_append_only_and_pruned
);

async fn rejected_write_leaves_nothing(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let token = app.token("community_admin").await;
    let community = app.area(codes::COMMUNITY_1);
    let non_login = "SELECT count(*) AS n FROM audit_log WHERE action <> 'login'";
    let (areas, users, audit) = (
        app.count("SELECT count(*) AS n FROM areas"),
        app.count("SELECT count(*) AS n FROM users"),
        app.count(non_login),
    );
    // Invalid, duplicate, out of reach, forbidden: none leaves a row or an entry.
    let _ = app.post("/areas", &token, json!({"code": "x", "name": "x", "kind": "grid", "parent_id": community})).await;
    let _ = app
        .post("/areas", &token, json!({"code": codes::GRID_1, "name": "x", "kind": "grid", "parent_id": community}))
        .await;
    let _ = app
        .post(
            "/areas",
            &token,
            json!({"code": "152922100002009", "name": "x", "kind": "grid", "parent_id": app.area(codes::COMMUNITY_2)}),
        )
        .await;
    let _ = app
        .post(
            "/users",
            &token,
            json!({"username": "taken", "display_name": "x", "role": "admin", "area_id": community}),
        )
        .await;
    let worker = app.token("grid_worker").await;
    let (status, _) = app.post("/areas", &worker, json!({"code": "152922100001001009", "name": "x", "kind": "building", "parent_id": app.area(codes::GRID_1)})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("SELECT count(*) AS n FROM areas"), areas);
    assert_eq!(app.count("SELECT count(*) AS n FROM users"), users);
    // Only sign-ins were added to the trail.
    assert_eq!(app.count(non_login), audit);
}

async fn accepted_write_leaves_row_and_entry(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let session = app.login("community_admin").await;
    let grid = app.area(codes::GRID_2);
    let res = app
        .request(reqwest::Method::PATCH, &format!("/areas/{grid}"), Some(&session.access))
        .header("If-Match", "\"1\"")
        .header("X-Request-Id", "edit-42")
        .json(&json!({"name": "雅居网格", "households": 320}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let (status, page) = app.get(&format!("/audit?entity=area&entity_id={grid}"), &session.access).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["total"], 1);
    let entry = &page["items"][0];
    assert_eq!(entry["action"], "update");
    assert_eq!(entry["actor_username"], "community_admin");
    assert_eq!(entry["actor_role"], "area_admin");
    assert_eq!(entry["request_id"], "edit-42");
    assert_eq!(entry["client_ip"], "127.0.0.1");
    assert_eq!(entry["changes"]["name"]["to"], "雅居网格");
    assert_eq!(entry["changes"]["households"]["from"], 310);
    assert!(entry["changes"].get("population").is_none(), "only changed fields");
    assert_eq!(app.count(&format!("SELECT count(*) AS n FROM areas WHERE id = {grid} AND households = 320")), 1);
}

async fn audit_list_is_scoped_and_pages(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let street = app.token("street_admin").await;
    let admin = app.token("admin").await;
    // Edits in town A and in town B.
    for code in [codes::GRID_1, codes::GRID_2, codes::GRID_OTHER] {
        let id = app.area(code);
        let (status, _) = app.patch(&format!("/areas/{id}"), &street, "\"1\"", json!({"population": 999})).await;
        assert_eq!(status, StatusCode::OK);
    }
    let other = app.area(codes::COMMUNITY_B);
    let (status, _) = app.patch(&format!("/areas/{other}"), &admin, "\"1\"", json!({"name": "阿拉腾新社区"})).await;
    assert_eq!(status, StatusCode::OK);

    let community = app.token("community_admin").await;
    let (_, page) = app.get("/audit?entity=area", &community).await;
    assert_eq!(page["total"], 2, "grids 1 and 2 are in community 1");
    let (_, page) = app.get("/audit?entity=area", &street).await;
    assert_eq!(page["total"], 3);
    let (_, page) = app.get("/audit?entity=area", &admin).await;
    assert_eq!(page["total"], 4);

    // Keyset paging walks every entry once, newest first.
    let mut seen = Vec::new();
    let mut cursor = String::new();
    for _ in 0..10 {
        let (status, page) = app.get(&format!("/audit?entity=area&page_size=3&cursor={cursor}"), &admin).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.get("total").is_none());
        seen.extend(page["items"].as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()));
        match page["next_cursor"].as_str() {
            Some(next) => cursor = next.to_string(),
            None => break,
        }
    }
    assert_eq!(seen.len(), 4);
    assert!(seen.windows(2).all(|w| w[0] > w[1]));
    let (status, _) = app.get("/audit?cursor=bogus", &admin).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn audit_is_append_only_and_pruned(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let _ = app.token("admin").await;
    let mut conn = app.state.db.get().unwrap();
    use diesel::RunQueryDsl;
    // Entries cannot be edited, even straight in the database.
    let edited = diesel::sql_query("UPDATE audit_log SET action = 'nothing'").execute(&mut **conn);
    assert!(edited.is_err());
    // An entry older than the retention period is pruned; a recent one stays.
    diesel::sql_query("INSERT INTO audit_log (at, action, entity) VALUES ('2020-01-01 00:00:00', 'update', 'area')")
        .execute(&mut **conn)
        .unwrap();
    let before = app.audit_count();
    let pruned = gridlink::audit::prune(&mut conn, 180).unwrap();
    assert_eq!(pruned, 1);
    assert_eq!(app.audit_count(), before - 1);
}
