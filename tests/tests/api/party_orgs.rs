//! Party organisations (党组织): the tree of committees, branches and groups
//! built on areas, grid coverage, and who may see and change them.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::*;
use crate::on_both_backends;

on_both_backends!(
    create_get_list_and_tree,
    kinds_rank_and_cycles_are_refused,
    validation_errors_name_fields,
    references_out_of_reach,
    still_referenced_while_orgs_report_to_it,
    grid_coverage,
    if_match_required_and_checked,
    rejected_writes_leave_nothing,
    authorization_table,
);

/// Valid unified social credit codes (GB 32100-2015) not used by the demo data.
const CREDIT_CODE_A: &str = "91350100M000100Y43";
const CREDIT_CODE_B: &str = "91110000100010433L";

fn org(name: &str, kind: &str, area_id: i64) -> Value {
    json!({"name": name, "kind": kind, "area_id": area_id})
}

fn under(name: &str, kind: &str, area_id: i64, parent: &Value) -> Value {
    json!({"name": name, "kind": kind, "area_id": area_id, "parent_id": parent["id"]})
}

async fn create(app: &TestApp, token: &str, body: Value) -> Value {
    let (status, created) = app.post("/party-orgs", token, body).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    created
}

async fn unit(app: &TestApp, token: &str, name: &str, credit_code: &str, area_id: i64) -> Value {
    let (status, unit) = app
        .post(
            "/units",
            token,
            json!({"name": name, "kind": "public_institution", "credit_code": credit_code, "area_id": area_id}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{unit}");
    unit
}

fn path(org: &Value) -> String {
    format!("/party-orgs/{}", org["id"])
}

/// The one field error of a 422.
fn field_error(status: StatusCode, body: &Value) -> (String, String) {
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["code"], "validation_failed");
    let errors = body["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 1, "{body}");
    (errors[0]["field"].as_str().unwrap().to_string(), errors[0]["code"].as_str().unwrap().to_string())
}

fn names(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap().to_string()).collect()
}

fn party_org_rows(app: &TestApp) -> i64 {
    app.count("SELECT count(*) AS n FROM party_orgs")
}

async fn create_get_list_and_tree(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let token = app.token("community_admin").await;
    let (community, grid_1, grid_2) = (app.area(codes::COMMUNITY_1), app.area(codes::GRID_1), app.area(codes::GRID_2));

    let res = app
        .request(Method::POST, "/party-orgs", Some(&token))
        .json(&json!({"name": "巴丹吉林社区党委", "kind": "committee", "area_id": community,
                      "secretary": "王丽华", "contact_phone": "0483-6021001", "member_count": 45,
                      "founded_on": "2015-07-01"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(res.headers()["etag"], "\"1\"");
    let location = res.headers()["location"].to_str().unwrap().to_string();
    let committee: Value = res.json().await.unwrap();
    assert_eq!(location, format!("/api/v1/party-orgs/{}", committee["id"]));
    assert_eq!(committee["kind"], "committee");
    assert_eq!(committee["parent_id"], Value::Null);
    assert_eq!(committee["area"]["code"], codes::COMMUNITY_1);
    assert_eq!(committee["area"]["kind"], "community");
    assert_eq!(committee["unit"], Value::Null);
    assert_eq!(committee["member_count"], 45);
    assert_eq!(committee["founded_on"], "2015-07-01");
    assert_eq!(committee["version"], 1);

    let school = unit(&app, &token, "旗第一中学", CREDIT_CODE_A, community).await;
    let mut branch_1 = under("第一网格党支部", "branch", grid_1, &committee);
    branch_1["unit_id"] = school["id"].clone();
    branch_1["secretary"] = json!("李秀英");
    let branch_1 = create(&app, &token, branch_1).await;
    assert_eq!(branch_1["unit"], json!({"id": school["id"], "name": "旗第一中学"}));
    assert_eq!(branch_1["member_count"], 0, "member_count defaults to 0");
    let group = create(&app, &token, under("第一党小组", "group", grid_1, &branch_1)).await;
    let mut branch_2 = under("第二网格党支部", "branch", grid_2, &committee);
    branch_2["secretary"] = json!("张建国");
    branch_2["member_count"] = json!(12);
    let branch_2 = create(&app, &token, branch_2).await;

    let res = app.request(Method::GET, &path(&branch_1), Some(&token)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["etag"], "\"1\"");
    let fetched: Value = res.json().await.unwrap();
    assert_eq!(fetched["parent_id"], committee["id"]);
    assert_eq!(fetched["area"]["code"], codes::GRID_1);
    assert_eq!(fetched["secretary"], "李秀英");
    assert_eq!(fetched["unit"]["name"], "旗第一中学");

    let (status, page) = app.get("/party-orgs", &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["total"], 4);
    assert_eq!(page["page"], 1);
    assert_eq!(page["page_size"], 20);
    let lists: &[(String, Vec<&str>)] = &[
        // By id where several match: how names sort depends on the database's collation.
        ("?kind=branch&sort=id".into(), vec!["第一网格党支部", "第二网格党支部"]),
        ("?q=张建国".into(), vec!["第二网格党支部"]),
        ("?q=党委".into(), vec!["巴丹吉林社区党委"]),
        (format!("?area_id={grid_1}&sort=-id"), vec!["第一党小组", "第一网格党支部"]),
        (format!("?unit_id={}", school["id"]), vec!["第一网格党支部"]),
        (format!("?parent_id={}&sort=id", committee["id"]), vec!["第一网格党支部", "第二网格党支部"]),
        ("?sort=kind,-member_count".into(), vec!["巴丹吉林社区党委", "第二网格党支部", "第一网格党支部", "第一党小组"]),
        ("?sort=-member_count&page_size=2&page=2".into(), vec!["第一网格党支部", "第一党小组"]),
        ("?sort=founded_on,id".into(), vec!["巴丹吉林社区党委", "第一网格党支部", "第一党小组", "第二网格党支部"]),
        (format!("?area_id={}", app.area(codes::COMMUNITY_B)), vec![]),
    ];
    for (query, expected) in lists {
        let (status, page) = app.get(&format!("/party-orgs{query}"), &token).await;
        assert_eq!(status, StatusCode::OK, "{query}: {page}");
        assert_eq!(names(&page), *expected, "{query}");
    }
    let (status, body) = app.get("/party-orgs?sort=secretary", &token).await;
    assert_eq!(field_error(status, &body), ("sort".into(), "unknown_sort_field".into()));
    let (status, body) = app.get("/party-orgs?page_size=101", &token).await;
    assert_eq!(field_error(status, &body), ("page_size".into(), "out_of_range".into()));

    // The community admin's tree: the committee, its branches by rank and name, the group under branch 1.
    let (status, tree) = app.get("/party-orgs/tree", &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(tree.as_array().unwrap().len(), 1);
    assert_eq!(tree[0]["id"], committee["id"]);
    assert_eq!(tree[0]["kind"], "committee");
    let branches: Vec<&Value> = tree[0]["children"].as_array().unwrap().iter().map(|b| &b["id"]).collect();
    assert_eq!(branches, vec![&branch_1["id"], &branch_2["id"]]);
    assert_eq!(tree[0]["children"][0]["children"][0]["id"], group["id"]);
    assert_eq!(tree[0]["children"][0]["unit_id"], school["id"]);
    assert_eq!(tree[0]["children"][1]["member_count"], 12);

    // The grid worker of grid 1 cannot see the committee: branch 1 is their root.
    let worker = app.token("grid_worker").await;
    let (_, tree) = app.get("/party-orgs/tree", &worker).await;
    assert_eq!(tree.as_array().unwrap().len(), 1, "{tree}");
    assert_eq!(tree[0]["id"], branch_1["id"]);
    assert_eq!(tree[0]["parent_id"], committee["id"]);
    assert_eq!(tree[0]["children"][0]["id"], group["id"]);
    let (_, page) = app.get("/party-orgs", &worker).await;
    assert_eq!(page["total"], 2);
    assert_eq!(app.get(&path(&committee), &worker).await.0, StatusCode::NOT_FOUND);
    // The tree narrowed to grid 2: branch 2 alone, a root.
    let (_, tree) = app.get(&format!("/party-orgs/tree?area_id={grid_2}"), &token).await;
    assert_eq!(tree.as_array().unwrap().len(), 1);
    assert_eq!(tree[0]["id"], branch_2["id"]);

    // An organisation in another community is out of the community admin's reach.
    let admin = app.token("admin").await;
    let elsewhere = create(&app, &admin, org("雅布赖社区党委", "committee", app.area(codes::COMMUNITY_2))).await;
    assert_eq!(app.get(&path(&elsewhere), &token).await.0, StatusCode::NOT_FOUND);
    let (_, page) = app.get("/party-orgs", &token).await;
    assert_eq!(page["total"], 4);
    let (_, page) = app.get("/party-orgs", &admin).await;
    assert_eq!(page["total"], 5);
    assert_eq!(app.get("/party-orgs/999999", &admin).await.0, StatusCode::NOT_FOUND);
}

async fn kinds_rank_and_cycles_are_refused(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let token = app.token("community_admin").await;
    let (community, grid) = (app.area(codes::COMMUNITY_1), app.area(codes::GRID_1));
    let committee = create(&app, &token, org("社区党委", "committee", community)).await;
    let general = create(&app, &token, under("社区党总支", "general_branch", community, &committee)).await;
    let branch = create(&app, &token, under("网格党支部", "branch", grid, &general)).await;
    let group = create(&app, &token, under("党小组", "group", grid, &branch)).await;

    // A child ranks below its parent: committee > general branch > branch > group.
    for (kind, parent) in
        [("branch", &group), ("branch", &branch), ("committee", &general), ("general_branch", &branch)]
    {
        let (status, body) = app.post("/party-orgs", &token, under("新组织", kind, grid, parent)).await;
        assert_eq!(field_error(status, &body), ("parent_id".into(), "parent_kind_mismatch".into()), "{kind}");
    }
    // A group may sit under any higher rank, not only the next one.
    create(&app, &token, under("党委直属党小组", "group", community, &committee)).await;

    // Cycles: under itself or under one of its own descendants.
    for target in [&committee, &general, &group] {
        let (status, body) = app.patch(&path(&committee), &token, "\"1\"", json!({"parent_id": target["id"]})).await;
        assert_eq!(field_error(status, &body), ("parent_id".into(), "would_create_cycle".into()));
    }

    // A kind change must still fit the parent above and the children below.
    let (status, body) = app.patch(&path(&branch), &token, "\"1\"", json!({"kind": "group"})).await;
    assert_eq!(field_error(status, &body), ("kind".into(), "parent_kind_mismatch".into()));
    let (status, body) = app.patch(&path(&general), &token, "\"1\"", json!({"kind": "committee"})).await;
    assert_eq!(field_error(status, &body), ("kind".into(), "parent_kind_mismatch".into()));
    let (status, body) =
        app.patch(&path(&general), &token, "\"1\"", json!({"kind": "branch", "parent_id": committee["id"]})).await;
    assert_eq!(field_error(status, &body), ("kind".into(), "parent_kind_mismatch".into()), "branch above a branch");

    // Legal moves: the group straight under the general branch, then the branch to the top.
    let (status, moved) = app.patch(&path(&group), &token, "\"1\"", json!({"parent_id": general["id"]})).await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    assert_eq!(moved["parent_id"], general["id"]);
    assert_eq!(moved["version"], 2);
    let (status, moved) = app.patch(&path(&branch), &token, "\"1\"", json!({"parent_id": null})).await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    assert_eq!(moved["parent_id"], Value::Null);
    // With no child left, the branch may become a group.
    let (status, changed) = app.patch(&path(&branch), &token, "\"2\"", json!({"kind": "group"})).await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["kind"], "group");

    let actions = app.count(&format!(
        "SELECT count(*) AS n FROM audit_log WHERE entity = 'party_org' AND entity_id = {} AND action = 'move'",
        group["id"]
    ));
    assert_eq!(actions, 1, "a new parent is recorded as a move");
}

async fn validation_errors_name_fields(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let token = app.token("community_admin").await;
    let grid = app.area(codes::GRID_1);
    // Business dates are judged in Asia/Shanghai (UTC+8, no daylight saving).
    let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
    let tomorrow = today.succ_opt().unwrap();
    let cases: &[(Value, &str, &str)] = &[
        (json!({"contact_phone": "12345"}), "contact_phone", "invalid_phone"),
        (json!({"founded_on": tomorrow.to_string()}), "founded_on", "in_the_future"),
        (json!({"founded_on": "2999-01-01"}), "founded_on", "in_the_future"),
        (json!({"founded_on": "2020-13-01"}), "founded_on", "invalid_type"),
        (json!({"member_count": -1}), "member_count", "out_of_range"),
        (json!({"name": "   "}), "name", "required"),
        (json!({"name": "党".repeat(101)}), "name", "invalid_length"),
        (json!({"secretary": "  "}), "secretary", "required"),
        (json!({"kind": "cell"}), "kind", "invalid_type"),
        (json!({"area_id": "7"}), "area_id", "invalid_type"),
        (json!({"status": "active"}), "status", "unknown_field"),
    ];
    for (patch, field, code) in cases {
        let mut body = org("网格党支部", "branch", grid);
        for (k, v) in patch.as_object().unwrap() {
            body[k] = v.clone();
        }
        let (status, problem) = app.post("/party-orgs", &token, body).await;
        assert_eq!(field_error(status, &problem), (field.to_string(), code.to_string()), "{patch}");
    }
    let (status, body) = app.post("/party-orgs", &token, json!({"name": "网格党支部", "kind": "branch"})).await;
    assert_eq!(field_error(status, &body), ("area_id".into(), "required".into()));

    let mut body = org("网格党支部", "branch", grid);
    body["founded_on"] = json!(today.to_string());
    body["contact_phone"] = json!("13904830101");
    let created = create(&app, &token, body).await;
    assert_eq!(created["founded_on"], today.to_string());

    let cases: &[(Value, &str, &str)] = &[
        (json!({"contact_phone": "0483"}), "contact_phone", "invalid_phone"),
        (json!({"founded_on": tomorrow.to_string()}), "founded_on", "in_the_future"),
        (json!({"member_count": -5}), "member_count", "out_of_range"),
        (json!({"name": " "}), "name", "required"),
        (json!({"parent_id": "3"}), "parent_id", "invalid_type"),
    ];
    for (patch, field, code) in cases {
        let (status, problem) = app.patch(&path(&created), &token, "\"1\"", patch.clone()).await;
        assert_eq!(field_error(status, &problem), (field.to_string(), code.to_string()), "{patch}");
    }
    // Optional fields clear with null.
    let (status, cleared) =
        app.patch(&path(&created), &token, "\"1\"", json!({"founded_on": null, "contact_phone": null})).await;
    assert_eq!(status, StatusCode::OK, "{cleared}");
    assert_eq!(cleared["founded_on"], Value::Null);
    assert_eq!(cleared["contact_phone"], Value::Null);
    assert_eq!(cleared["name"], "网格党支部");
}

async fn references_out_of_reach(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let (admin, token) = (app.token("admin").await, app.token("community_admin").await);
    let (grid, community_b) = (app.area(codes::GRID_1), app.area(codes::COMMUNITY_B));
    let own_unit = unit(&app, &token, "旗第一中学", CREDIT_CODE_A, app.area(codes::COMMUNITY_1)).await;
    let far_unit = unit(&app, &admin, "阿拉腾敖包镇卫生院", CREDIT_CODE_B, community_b).await;
    let far_committee = create(&app, &admin, org("阿拉腾社区党委", "committee", community_b)).await;

    let mut body = org("网格党支部", "branch", community_b);
    let (status, problem) = app.post("/party-orgs", &token, body.clone()).await;
    assert_eq!(field_error(status, &problem), ("area_id".into(), "not_found".into()));
    body["area_id"] = json!(grid);
    body["unit_id"] = far_unit["id"].clone();
    let (status, problem) = app.post("/party-orgs", &token, body.clone()).await;
    assert_eq!(field_error(status, &problem), ("unit_id".into(), "not_found".into()));
    body["unit_id"] = json!(999_999);
    let (status, problem) = app.post("/party-orgs", &token, body.clone()).await;
    assert_eq!(field_error(status, &problem), ("unit_id".into(), "not_found".into()));
    body["unit_id"] = own_unit["id"].clone();
    body["parent_id"] = far_committee["id"].clone();
    let (status, problem) = app.post("/party-orgs", &token, body.clone()).await;
    assert_eq!(field_error(status, &problem), ("parent_id".into(), "not_found".into()));
    body["parent_id"] = Value::Null;
    let branch = create(&app, &token, body).await;

    // Moves: out of reach is "not found"; inside, the organisation follows its new area.
    for (patch, field) in [
        (json!({"area_id": community_b}), "area_id"),
        (json!({"unit_id": far_unit["id"]}), "unit_id"),
        (json!({"parent_id": far_committee["id"]}), "parent_id"),
    ] {
        let (status, problem) = app.patch(&path(&branch), &token, "\"1\"", patch).await;
        assert_eq!(field_error(status, &problem), (field.into(), "not_found".into()));
    }
    let grid_2 = app.area(codes::GRID_2);
    let (status, moved) = app.patch(&path(&branch), &token, "\"1\"", json!({"area_id": grid_2, "unit_id": null})).await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    assert_eq!(moved["area"]["code"], codes::GRID_2);
    assert_eq!(moved["unit"], Value::Null);
    let filed = app.count(&format!(
        "SELECT count(*) AS n FROM audit_log a JOIN areas r ON r.path = a.area_path \
         WHERE a.entity = 'party_org' AND a.entity_id = {} AND a.action = 'move' AND r.code = '{}'",
        branch["id"],
        codes::GRID_2
    ));
    assert_eq!(filed, 1, "the move is filed under the new area");

    // The system admin moves it out of the community admin's reach: it is gone for them.
    let (status, _) = app.patch(&path(&branch), &admin, "\"2\"", json!({"area_id": community_b})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(app.get(&path(&branch), &token).await.0, StatusCode::NOT_FOUND);
}

async fn still_referenced_while_orgs_report_to_it(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let token = app.token("community_admin").await;
    let committee = create(&app, &token, org("社区党委", "committee", app.area(codes::COMMUNITY_1))).await;
    let branch = create(&app, &token, under("网格党支部", "branch", app.area(codes::GRID_1), &committee)).await;

    let (status, body) = app.delete(&path(&committee), &token, "\"1\"").await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["code"], "still_referenced");
    assert_eq!(app.get(&path(&committee), &token).await.0, StatusCode::OK);

    // An area with an organisation built on it stays too.
    let grid_2 = app.area(codes::GRID_2);
    let on_grid_2 = create(&app, &token, under("第二网格党支部", "branch", grid_2, &committee)).await;
    let (status, body) = app.delete(&format!("/areas/{grid_2}"), &token, "\"1\"").await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["code"], "still_referenced");
    assert_eq!(app.delete(&path(&on_grid_2), &token, "\"1\"").await.0, StatusCode::NO_CONTENT);

    assert_eq!(app.delete(&path(&branch), &token, "\"1\"").await.0, StatusCode::NO_CONTENT);
    assert_eq!(app.delete(&path(&committee), &token, "\"1\"").await.0, StatusCode::NO_CONTENT);
    assert_eq!(app.get(&path(&committee), &token).await.0, StatusCode::NOT_FOUND);
    assert_eq!(party_org_rows(&app), 0);
    let deletes = app.count("SELECT count(*) AS n FROM audit_log WHERE entity = 'party_org' AND action = 'delete'");
    assert_eq!(deletes, 3);
}

async fn coverage(app: &TestApp, token: &str, query: &str) -> (i64, i64, f64) {
    let (status, body) = app.get(&format!("/party-orgs/coverage{query}"), token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    (body["grids"].as_i64().unwrap(), body["grids_with_party_org"].as_i64().unwrap(), body["rate"].as_f64().unwrap())
}

async fn grid_coverage(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let district = app.token("district_admin").await;
    assert_eq!(coverage(&app, &district, "").await, (12, 0, 0.0));

    for (name, code) in [
        ("第一网格党支部", codes::GRID_1),
        ("第二网格党支部", codes::GRID_2),
        ("雅布赖第一网格党支部", codes::GRID_OTHER),
    ] {
        create(&app, &district, org(name, "branch", app.area(code))).await;
    }
    // Neither a second branch on a covered grid, nor one on a community or a building, adds a grid.
    create(&app, &district, org("第一网格第二党支部", "branch", app.area(codes::GRID_1))).await;
    create(&app, &district, org("团结社区党委", "committee", app.area("152922100003"))).await;
    let (status, building) = app
        .post(
            "/areas",
            &district,
            json!({"code": "152922100003001001", "name": "1号楼", "kind": "building",
                   "parent_id": app.area("152922100003001")}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{building}");
    create(&app, &district, org("1号楼党小组", "group", building["id"].as_i64().unwrap())).await;

    assert_eq!(coverage(&app, &district, "").await, (12, 3, 0.25));
    let admin = app.token("admin").await;
    assert_eq!(coverage(&app, &admin, "").await, (12, 3, 0.25));
    let (grids, covered, rate) = coverage(&app, &app.token("street_admin").await, "").await;
    assert_eq!((grids, covered), (9, 3));
    assert!((rate - 1.0 / 3.0).abs() < 1e-9, "{rate}");
    let community = app.token("community_admin").await;
    let (grids, covered, rate) = coverage(&app, &community, "").await;
    assert_eq!((grids, covered), (3, 2));
    assert!((rate - 2.0 / 3.0).abs() < 1e-9, "{rate}");
    assert_eq!(coverage(&app, &app.token("grid_worker").await, "").await, (1, 1, 1.0));

    // Narrowed by area_id: inside reach, and out of it (nothing counts).
    let community_2 = app.area(codes::COMMUNITY_2);
    let (grids, covered, _) = coverage(&app, &district, &format!("?area_id={community_2}")).await;
    assert_eq!((grids, covered), (3, 1));
    assert_eq!(coverage(&app, &district, &format!("?area_id={}", app.area(codes::TOWN_B))).await, (3, 0, 0.0));
    assert_eq!(coverage(&app, &district, &format!("?area_id={}", app.area(codes::GRID_2))).await, (1, 1, 1.0));
    assert_eq!(coverage(&app, &community, &format!("?area_id={community_2}")).await, (0, 0, 0.0));
    let (status, body) = app.get("/party-orgs/coverage?area_id=abc", &district).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}

async fn if_match_required_and_checked(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let token = app.token("community_admin").await;
    let branch = create(&app, &token, org("网格党支部", "branch", app.area(codes::GRID_1))).await;
    let url = path(&branch);

    let (status, body) = send(app.request(Method::PATCH, &url, Some(&token)).json(&json!({"member_count": 9}))).await;
    assert_eq!(status, StatusCode::PRECONDITION_REQUIRED);
    assert_eq!(body["code"], "precondition_required");
    let (status, body) = app.patch(&url, &token, "\"7\"", json!({"member_count": 9})).await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(body["code"], "precondition_failed");

    let res = app
        .request(Method::PATCH, &url, Some(&token))
        .header("If-Match", "\"1\"")
        .json(&json!({"member_count": 9}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["etag"], "\"2\"");
    // The tag just spent is stale now.
    assert_eq!(app.patch(&url, &token, "\"1\"", json!({"member_count": 10})).await.0, StatusCode::PRECONDITION_FAILED);
    assert_eq!(app.etag(&url).await, "\"2\"");

    let (status, body) = send(app.request(Method::DELETE, &url, Some(&token))).await;
    assert_eq!(status, StatusCode::PRECONDITION_REQUIRED, "{body}");
    assert_eq!(app.delete(&url, &token, "\"1\"").await.0, StatusCode::PRECONDITION_FAILED);
    assert_eq!(app.delete(&url, &token, "*").await.0, StatusCode::NO_CONTENT);
}

async fn rejected_writes_leave_nothing(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let token = app.token("community_admin").await;
    let grid = app.area(codes::GRID_1);
    let worker = app.token("grid_worker").await;
    let group = create(&app, &token, org("党小组", "group", grid)).await;
    // Taken after the sign-ins, which are audited too.
    let (rows, audits) = (party_org_rows(&app), app.audit_count());

    let mut refused = vec![
        under("网格党支部", "branch", grid, &group),
        org("网格党支部", "branch", app.area(codes::COMMUNITY_B)),
        json!({"name": "网格党支部", "kind": "branch", "area_id": grid, "founded_on": "2999-01-01"}),
        json!({"name": "网格党支部", "kind": "branch", "area_id": grid, "contact_phone": "123"}),
    ];
    for body in refused.drain(..) {
        let (status, problem) = app.post("/party-orgs", &token, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    }
    let url = path(&group);
    assert_eq!(app.patch(&url, &token, "\"5\"", json!({"name": "改名"})).await.0, StatusCode::PRECONDITION_FAILED);
    assert_eq!(
        app.patch(&url, &token, "\"1\"", json!({"name": "改名", "parent_id": group["id"]})).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(app.post("/party-orgs", &worker, org("网格党支部", "branch", grid)).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.delete(&url, &worker, "\"1\"").await.0, StatusCode::FORBIDDEN);

    assert_eq!(party_org_rows(&app), rows);
    assert_eq!(app.audit_count(), audits);
    let (_, unchanged) = app.get(&url, &token).await;
    assert_eq!((unchanged["name"].as_str(), unchanged["version"].as_i64()), (Some("党小组"), Some(1)));

    // An accepted write lands with one entry, filed under the organisation's area.
    let created = create(&app, &token, org("网格党支部", "branch", grid)).await;
    assert_eq!(party_org_rows(&app), rows + 1);
    assert_eq!(app.audit_count(), audits + 1);
    let (status, page) = app.get(&format!("/audit?entity=party_org&entity_id={}", created["id"]), &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["items"][0]["action"], "create");
    assert_eq!(page["items"][0]["changes"]["name"], "网格党支部");
    let filed = app.count(&format!(
        "SELECT count(*) AS n FROM audit_log a JOIN areas r ON r.path = a.area_path \
         WHERE a.entity = 'party_org' AND a.entity_id = {} AND r.code = '{}'",
        created["id"],
        codes::GRID_1
    ));
    assert_eq!(filed, 1);
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Action {
    List,
    Tree,
    Get,
    Create,
    Patch,
    Delete,
    Coverage,
}
use Action::*;

/// (role, a grid inside its reach, a grid outside it or "" when it reaches everything)
const ROLES: &[(&str, &str, &str)] = &[
    ("admin", codes::GRID_OTHER, ""),
    ("street_admin", codes::GRID_OTHER, "152922101001001"),
    ("community_admin", codes::GRID_2, codes::GRID_OTHER),
    ("grid_worker", codes::GRID_1, codes::GRID_2),
    ("unit_contact", codes::GRID_2, codes::GRID_OTHER),
    ("volunteer", codes::GRID_1, codes::GRID_2),
];

/// (role, action, inside, outside). For lists, the tree and coverage, "200"
/// means the fixture is counted and "404" that the answer leaves it out.
#[rustfmt::skip]
const TABLE: &[(&str, Action, u16, u16)] = &[
    ("admin", List, 200, 0), ("admin", Tree, 200, 0), ("admin", Get, 200, 0), ("admin", Create, 201, 0),
    ("admin", Patch, 200, 0), ("admin", Delete, 204, 0), ("admin", Coverage, 200, 0),

    ("street_admin", List, 200, 404), ("street_admin", Tree, 200, 404), ("street_admin", Get, 200, 404),
    ("street_admin", Create, 201, 422), ("street_admin", Patch, 200, 404), ("street_admin", Delete, 204, 404),
    ("street_admin", Coverage, 200, 404),

    ("community_admin", List, 200, 404), ("community_admin", Tree, 200, 404), ("community_admin", Get, 200, 404),
    ("community_admin", Create, 201, 422), ("community_admin", Patch, 200, 404), ("community_admin", Delete, 204, 404),
    ("community_admin", Coverage, 200, 404),

    ("grid_worker", List, 200, 404), ("grid_worker", Tree, 200, 404), ("grid_worker", Get, 200, 404),
    ("grid_worker", Create, 403, 403), ("grid_worker", Patch, 403, 403), ("grid_worker", Delete, 403, 403),
    ("grid_worker", Coverage, 200, 404),

    ("unit_contact", List, 200, 404), ("unit_contact", Tree, 200, 404), ("unit_contact", Get, 200, 404),
    ("unit_contact", Create, 403, 403), ("unit_contact", Patch, 403, 403), ("unit_contact", Delete, 403, 403),
    ("unit_contact", Coverage, 200, 404),

    ("volunteer", List, 200, 404), ("volunteer", Tree, 200, 404), ("volunteer", Get, 200, 404),
    ("volunteer", Create, 403, 403), ("volunteer", Patch, 403, 403), ("volunteer", Delete, 403, 403),
    ("volunteer", Coverage, 200, 404),
];

fn shown(status: StatusCode, found: bool) -> u16 {
    match (status, found) {
        (StatusCode::OK, true) => 200,
        (StatusCode::OK, false) => 404,
        (other, _) => other.as_u16(),
    }
}

fn tree_contains(nodes: &Value, id: &Value) -> bool {
    nodes.as_array().is_some_and(|list| list.iter().any(|n| n["id"] == *id || tree_contains(&n["children"], id)))
}

async fn attempt(app: &TestApp, token: &str, action: Action, grid_id: i64, fixture: &Value, n: usize) -> u16 {
    let url = path(fixture);
    match action {
        List => {
            let (status, page) = app.get(&format!("/party-orgs?q={}", fixture["name"].as_str().unwrap()), token).await;
            shown(status, page["total"] == 1)
        }
        Tree => {
            let (status, tree) = app.get("/party-orgs/tree", token).await;
            shown(status, tree_contains(&tree, &fixture["id"]))
        }
        Get => app.get(&url, token).await.0.as_u16(),
        Create => app.post("/party-orgs", token, org(&format!("新党小组#{n:03}"), "group", grid_id)).await.0.as_u16(),
        Patch => app.patch(&url, token, "\"1\"", json!({"member_count": 30})).await.0.as_u16(),
        Delete => app.delete(&url, token, "\"1\"").await.0.as_u16(),
        Coverage => {
            let (status, body) = app.get(&format!("/party-orgs/coverage?area_id={grid_id}"), token).await;
            shown(status, body["grids_with_party_org"] == 1)
        }
    }
}

async fn authorization_table(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("admin").await;
    let mut tokens = std::collections::HashMap::new();
    for (role, _, _) in ROLES {
        tokens.insert(*role, app.token(role).await);
    }
    let mut failures = Vec::new();
    for (n, (role, action, inside, outside)) in TABLE.iter().enumerate() {
        let (_, in_grid, out_grid) = ROLES.iter().find(|r| r.0 == *role).unwrap();
        for (label, grid, expected) in [("inside", *in_grid, *inside), ("outside", *out_grid, *outside)] {
            if expected == 0 {
                continue;
            }
            let case = n * 2 + usize::from(label == "outside");
            let grid_id = app.area(grid);
            let fixture = create(&app, &admin, org(&format!("网格党支部-{case:03}"), "branch", grid_id)).await;
            let got = attempt(&app, &tokens[role], *action, grid_id, &fixture, case).await;
            if got != expected {
                failures.push(format!("{role} {action:?} {label}: expected {expected}, got {got}"));
            }
        }
    }
    assert!(failures.is_empty(), "authorization table:\n{}", failures.join("\n"));
}
