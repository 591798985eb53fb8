use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::*;
use crate::on_both_backends;

on_both_backends!(
    create_get_list_and_tree,
    kind_must_fit_parent,
    code_rules,
    move_subtree_and_refuse_cycles,
    still_referenced,
    validation_errors_name_fields,
    if_match_required_and_checked,
    list_filters_sort_and_paging,
);

fn grid(code: &str, parent: i64) -> Value {
    json!({"code": code, "name": "新网格", "kind": "grid", "parent_id": parent,
           "households": 300, "population": 720, "leader_name": "周敏", "leader_phone": "13904831234"})
}

async fn create_get_list_and_tree(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let token = app.token("community_admin").await;
    let community = app.area(codes::COMMUNITY_1);
    let res = app
        .request(Method::POST, "/areas", Some(&token))
        .json(&grid("152922100001009", community))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let location = res.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(res.headers()["etag"], "\"1\"");
    let created: Value = res.json().await.unwrap();
    assert_eq!(location, format!("/api/v1/areas/{}", created["id"]));
    assert_eq!(created["kind"], "grid");
    assert_eq!(created["depth"], 3);
    assert_eq!(created["households"], 300);

    let (status, fetched) = app.get(&format!("/areas/{}", created["id"]), &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(fetched["leader_phone"], "13904831234");

    // The community admin's tree is their community, with the new grid in it.
    let (status, tree) = app.get("/areas/tree", &token).await;
    assert_eq!(status, StatusCode::OK);
    let roots = tree.as_array().unwrap();
    assert_eq!(roots.len(), 1);
    assert_eq!(roots[0]["code"], codes::COMMUNITY_1);
    let grids: Vec<&str> =
        roots[0]["children"].as_array().unwrap().iter().map(|g| g["code"].as_str().unwrap()).collect();
    assert_eq!(grids, vec!["152922100001001", "152922100001002", "152922100001003", "152922100001009"]);
    assert_eq!(roots[0]["children"][0]["children"].as_array().unwrap().len(), 2, "buildings under grid 1");

    // down_to cuts the tree.
    let street = app.token("street_admin").await;
    let (_, tree) = app.get("/areas/tree?down_to=community", &street).await;
    assert_eq!(tree[0]["code"], codes::TOWN_A);
    assert_eq!(tree[0]["children"].as_array().unwrap().len(), 3);
    assert!(tree[0]["children"][0]["children"].as_array().unwrap().is_empty());

    // A system-wide admin sees the whole forest.
    let admin = app.token("admin").await;
    let (_, tree) = app.get("/areas/tree", &admin).await;
    assert_eq!(tree[0]["code"], codes::BANNER);
    assert_eq!(tree[0]["children"].as_array().unwrap().len(), 2);
}

async fn kind_must_fit_parent(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let token = app.token("street_admin").await;
    let town = app.area(codes::TOWN_A);
    let grid1 = app.area(codes::GRID_1);
    // A grid straight under a street, a community under a grid, a district with a parent.
    for (body, expected) in [
        (grid("152922100000001", town), "parent_kind_mismatch"),
        (json!({"code": "152922100009", "name": "x", "kind": "community", "parent_id": grid1}), "parent_kind_mismatch"),
        (json!({"code": "152922000000", "name": "x", "kind": "district", "parent_id": town}), "parent_kind_mismatch"),
        (json!({"code": "152922100009", "name": "x", "kind": "community"}), "required"),
    ] {
        let before = app.count("SELECT count(*) AS n FROM areas");
        let (status, problem) = app.post("/areas", &token, body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(problem["errors"][0]["field"], "parent_id");
        assert_eq!(problem["errors"][0]["code"], expected);
        assert_eq!(app.count("SELECT count(*) AS n FROM areas"), before);
    }
    // A district needs a caller who reaches everything.
    let (status, _) =
        app.post("/areas", &token, json!({"code": "152923000000", "name": "额济纳旗", "kind": "district"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let admin = app.token("admin").await;
    let (status, created) =
        app.post("/areas", &admin, json!({"code": "152923000000", "name": "额济纳旗", "kind": "district"})).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(created["depth"], 0);
    assert_eq!(created["parent_id"], Value::Null);
    // A community under the right street is fine.
    let (status, _) = app
        .post(
            "/areas",
            &token,
            json!({"code": "152922100009", "name": "新建社区", "kind": "community", "parent_id": town}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    // Grid fields belong to grids and buildings.
    let (status, problem) = app
        .post(
            "/areas",
            &token,
            json!({"code": "152922100008", "name": "x", "kind": "community", "parent_id": town, "households": 3}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["code"], "not_applicable");
}

async fn code_rules(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let token = app.token("street_admin").await;
    let town = app.area(codes::TOWN_A);
    let community = app.area(codes::COMMUNITY_1);
    for (body, code) in [
        (json!({"code": "15292210009", "name": "x", "kind": "community", "parent_id": town}), "invalid_code"),
        (json!({"code": "152922999009", "name": "x", "kind": "community", "parent_id": town}), "code_outside_parent"),
        (grid("152922100002009", community), "code_outside_parent"),
        (grid("15292210000100A", community), "invalid_code"),
    ] {
        let (status, problem) = app.post("/areas", &token, body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(problem["errors"][0]["field"], "code");
        assert_eq!(problem["errors"][0]["code"], code, "{body}");
    }
    let (status, problem) = app.post("/areas", &token, grid(codes::GRID_1, community)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(problem["code"], "duplicate");
    assert_eq!(problem["errors"][0]["field"], "code");
}

async fn move_subtree_and_refuse_cycles(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let token = app.token("street_admin").await;
    let grid1 = app.area(codes::GRID_1);
    let community2 = app.area(codes::COMMUNITY_2);
    let building = app.area(codes::BUILDING_1);

    let etag = app.etag(&format!("/areas/{grid1}")).await;
    let (status, moved) = app.patch(&format!("/areas/{grid1}"), &token, &etag, json!({"parent_id": community2})).await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    assert_eq!(moved["parent_id"], community2);
    assert_eq!(moved["version"], 2);
    // The buildings moved with it: they are in community 2's subtree now.
    let (_, list) = app.get(&format!("/areas?area_id={community2}&kind=building"), &token).await;
    assert_eq!(list["total"], 2);
    let (_, b) = app.get(&format!("/areas/{building}"), &token).await;
    assert_eq!(b["depth"], 4);
    // ... and out of reach of the community admin of community 1.
    let community_admin = app.token("community_admin").await;
    let (status, _) = app.get(&format!("/areas/{building}"), &community_admin).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Under itself or under its own community: a cycle, whatever the kinds say.
    let town = app.area(codes::TOWN_A);
    let etag = app.etag(&format!("/areas/{town}")).await;
    let admin = app.token("district_admin").await;
    for target in [town, community2] {
        let (status, problem) = app.patch(&format!("/areas/{town}"), &admin, &etag, json!({"parent_id": target})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(problem["errors"][0]["field"], "parent_id");
        assert_eq!(problem["errors"][0]["code"], "would_create_cycle");
    }
    let (_, unchanged) = app.get(&format!("/areas/{town}"), &admin).await;
    assert_eq!(unchanged["version"], 1);

    // A community moves to another street.
    let town_b = app.area(codes::TOWN_B);
    let etag = app.etag(&format!("/areas/{community2}")).await;
    let (status, moved) = app.patch(&format!("/areas/{community2}"), &admin, &etag, json!({"parent_id": town_b})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(moved["parent_id"], town_b);
    // The street admin of town A no longer reaches it.
    let (status, _) = app.get(&format!("/areas/{community2}"), &token).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Moving into an area outside the caller's subtree is refused as if it did not exist.
    let community1 = app.area(codes::COMMUNITY_1);
    let etag = app.etag(&format!("/areas/{community1}")).await;
    let (status, problem) =
        app.patch(&format!("/areas/{community1}"), &token, &etag, json!({"parent_id": town_b})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["code"], "not_found");
}

async fn still_referenced(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let token = app.token("street_admin").await;
    let community = app.area(codes::COMMUNITY_2);
    let grid = app.area(codes::GRID_OTHER);
    let etag = app.etag(&format!("/areas/{community}")).await;
    let (status, problem) = app.delete(&format!("/areas/{community}"), &token, &etag).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(problem["code"], "still_referenced");
    // A grid that is some account's home area.
    let grid1 = app.area(codes::BUILDING_1);
    let (status, _) = app
        .post(
            "/users",
            &token,
            json!({"username": "building_head", "display_name": "楼栋长", "role": "grid_worker", "area_id": grid1}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let etag = app.etag(&format!("/areas/{grid1}")).await;
    let (status, problem) = app.delete(&format!("/areas/{grid1}"), &token, &etag).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(problem["code"], "still_referenced");
    // A leaf with nothing on it goes.
    let etag = app.etag(&format!("/areas/{grid}")).await;
    let audit_before = app.audit_count();
    let (status, _) = app.delete(&format!("/areas/{grid}"), &token, &etag).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(app.count(&format!("SELECT count(*) AS n FROM areas WHERE id = {grid}")), 0);
    assert_eq!(app.audit_count(), audit_before + 1);
    let (status, _) = app.get(&format!("/areas/{grid}"), &token).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn validation_errors_name_fields(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let token = app.token("community_admin").await;
    let community = app.area(codes::COMMUNITY_1);
    let (status, problem) = app
        .post(
            "/areas",
            &token,
            json!({"code": "152922100001010", "name": "  ", "kind": "grid", "parent_id": community,
                   "households": -1, "leader_phone": "12345"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["code"], "validation_failed");
    assert_eq!(error_fields(&problem), vec!["households", "leader_phone", "name"]);
    let (status, problem) =
        app.post("/areas", &token, json!({"code": "1", "name": "x", "kind": "village", "parent_id": community})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&problem), vec!["kind"]);
    let (status, problem) =
        app.post("/areas", &token, json!({"name": "x", "kind": "grid", "parent_id": community})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&problem), vec!["code"]);
    assert_eq!(problem["errors"][0]["code"], "required");
    let (status, problem) = app
        .post(
            "/areas",
            &token,
            json!({"code": "152922100001010", "name": "x", "kind": "grid", "parent_id": community, "colour": "red"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&problem), vec!["colour"]);
}

async fn if_match_required_and_checked(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let token = app.token("community_admin").await;
    let grid = app.area(codes::GRID_2);
    let path = format!("/areas/{grid}");
    let (status, problem) = send(app.request(Method::PATCH, &path, Some(&token)).json(&json!({"name": "改名"}))).await;
    assert_eq!(status, StatusCode::PRECONDITION_REQUIRED);
    assert_eq!(problem["code"], "precondition_required");
    let (status, _) = app.patch(&path, &token, "\"7\"", json!({"name": "改名"})).await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    let (status, updated) = app.patch(&path, &token, "\"1\"", json!({"name": "第二网格", "leader_name": null})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(updated["name"], "第二网格");
    assert_eq!(updated["leader_name"], Value::Null);
    assert_eq!(updated["households"], 310, "fields not sent stay");
    // The same ETag again is stale now.
    let (status, _) = app.patch(&path, &token, "\"1\"", json!({"name": "again"})).await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    let (status, _) = send(app.request(Method::DELETE, &path, Some(&token))).await;
    assert_eq!(status, StatusCode::PRECONDITION_REQUIRED);
    let (status, _) = app.delete(&path, &token, "\"1\"").await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
}

async fn list_filters_sort_and_paging(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let token = app.token("district_admin").await;
    let (status, all) = app.get("/areas?page_size=100", &token).await;
    assert_eq!(status, StatusCode::OK);
    // 1 banner + 2 towns + 4 communities + 12 grids + 2 buildings.
    assert_eq!(all["total"], 21);
    let (_, grids) = app.get("/areas?kind=grid&sort=-code&page_size=5&page=2", &token).await;
    assert_eq!(grids["total"], 12);
    assert_eq!(grids["page"], 2);
    let codes_page: Vec<&str> =
        grids["items"].as_array().unwrap().iter().map(|a| a["code"].as_str().unwrap()).collect();
    assert_eq!(codes_page.len(), 5);
    let mut sorted = codes_page.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(codes_page, sorted);
    let (_, found) = app.get(&format!("/areas?q={}", urlencode("雅布赖")), &token).await;
    assert_eq!(found["items"][0]["code"], codes::COMMUNITY_2);
    assert_eq!(found["total"], 4, "the community and its three grids");
    let (_, children) = app.get(&format!("/areas?parent_id={}", app.area(codes::TOWN_A)), &token).await;
    assert_eq!(children["total"], 3);
    // `%` is a character, not a wildcard.
    let (_, none) = app.get("/areas?q=%25", &token).await;
    assert_eq!(none["total"], 0);
    // An area_id outside the caller's reach gives nothing rather than an error.
    let community_admin = app.token("community_admin").await;
    let (status, empty) = app.get(&format!("/areas?area_id={}", app.area(codes::TOWN_B)), &community_admin).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(empty["total"], 0);
}

fn urlencode(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}
