//! Co-building agreements (共建协议): drafting, the life cycle, overlapping
//! terms, expiry by date, and who may see and change them.

use chrono::{Duration, NaiveDate, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::*;
use crate::on_both_backends;

on_both_backends!(
    create_get_and_list,
    term_and_references_are_checked,
    rejected_writes_leave_nothing,
    life_cycle,
    overlapping_terms,
    overlapping_activations_at_once,
    expiry_follows_the_date,
    expiring_within_days,
    authorization_table,
);

/// Today in the demo deployment's zone (Asia/Shanghai keeps UTC+8 all year).
fn today() -> NaiveDate {
    (Utc::now() + Duration::hours(8)).date_naive()
}

fn day(offset: i64) -> String {
    (today() + Duration::days(offset)).to_string()
}

/// A well-formed unified social credit code, numbered `n`.
fn credit_code(n: u32) -> String {
    let first = format!("91152922MA{n:07}");
    let check = gridlink::units::credit_code::check_character(first.as_bytes()).expect("17 characters");
    format!("{first}{}", check as char)
}

/// A unit stationed in the area with this code, made by the system admin.
async fn unit(app: &TestApp, admin: &str, name: &str, n: u32, area_code: &str) -> i64 {
    let (status, unit) = app
        .post(
            "/units",
            admin,
            json!({"name": name, "kind": "public_institution", "credit_code": credit_code(n),
                   "area_id": app.area(area_code), "contact_name": "马红梅", "contact_phone": "13904830001"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{unit}");
    unit["id"].as_i64().unwrap()
}

fn exec(app: &TestApp, sql: &str) {
    use diesel::RunQueryDsl;
    let mut conn = app.state.db.get().expect("connection");
    diesel::sql_query(sql).execute(&mut **conn).expect(sql);
}

fn agreement_body(unit_id: i64, community_id: i64, starts_on: &str, ends_on: &str) -> Value {
    json!({
        "unit_id": unit_id,
        "community_id": community_id,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "signed_on": starts_on,
        "unit_duties": "每季度组织义诊一次，派驻家庭医生",
        "community_duties": "提供活动场地，组织居民参与",
        "members": [
            {"name": "刘建华", "post": "院党委副书记", "phone": "13904835501"},
            {"name": "韩雪", "post": "党办主任"}
        ]
    })
}

/// Creates a draft as `token` and returns its id.
async fn draft(app: &TestApp, token: &str, unit_id: i64, community_id: i64, starts_on: &str, ends_on: &str) -> i64 {
    let (status, body) =
        app.post("/agreements", token, agreement_body(unit_id, community_id, starts_on, ends_on)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_i64().unwrap()
}

async fn activate(app: &TestApp, token: &str, id: i64) -> (StatusCode, Value) {
    app.post(&format!("/agreements/{id}/activate"), token, json!({})).await
}

fn ids(page: &Value) -> Vec<i64> {
    page["items"].as_array().unwrap().iter().map(|a| a["id"].as_i64().unwrap()).collect()
}

fn count_agreements(app: &TestApp) -> i64 {
    app.count("SELECT count(*) AS n FROM agreements")
}

async fn create_get_and_list(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("admin").await;
    let token = app.token("community_admin").await;
    let hospital = unit(&app, &admin, "阿拉善右旗人民医院", 1, codes::COMMUNITY_1).await;
    let community = app.area(codes::COMMUNITY_1);

    let res = app
        .request(Method::POST, "/agreements", Some(&token))
        .json(&agreement_body(hospital, community, "2026-01-01", "2027-12-31"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(res.headers()["etag"], "\"1\"");
    let location = res.headers()["location"].to_str().unwrap().to_string();
    let created: Value = res.json().await.unwrap();
    let id = created["id"].as_i64().unwrap();
    assert_eq!(location, format!("/api/v1/agreements/{id}"));
    assert_eq!(created["status"], "draft");
    assert_eq!(created["starts_on"], "2026-01-01");
    assert_eq!(created["ends_on"], "2027-12-31");
    assert_eq!(created["signed_on"], "2026-01-01");
    assert_eq!(created["unit"], json!({"id": hospital, "name": "阿拉善右旗人民医院", "credit_code": credit_code(1)}));
    assert_eq!(created["community"], json!({"id": community, "code": codes::COMMUNITY_1, "name": "巴丹吉林社区"}));
    assert_eq!(created["renewed_from_id"], Value::Null);
    assert_eq!(created["members"].as_array().unwrap().len(), 2);
    assert_eq!(created["members"][1], json!({"name": "韩雪", "post": "党办主任", "phone": null}));

    let res = app.request(Method::GET, &location.replace("/api/v1", ""), Some(&token)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["etag"], "\"1\"");
    let fetched: Value = res.json().await.unwrap();
    assert_eq!(fetched["members"][0]["name"], "刘建华");
    assert_eq!(fetched["unit_duties"], "每季度组织义诊一次，派驻家庭医生");

    // A second unit with an agreement in another community of the same town.
    let school = unit(&app, &admin, "旗第一中学", 2, codes::COMMUNITY_2).await;
    let other = draft(&app, &admin, school, app.area(codes::COMMUNITY_2), "2026-03-01", "2026-12-31").await;

    let street = app.token("street_admin").await;
    let (status, page) = app.get("/agreements?sort=starts_on", &street).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["total"], 2);
    assert_eq!(ids(&page), vec![id, other]);
    let (_, page) = app.get("/agreements", &street).await;
    assert_eq!(ids(&page), vec![other, id], "newest term first by default");
    for (query, expected) in [
        (format!("unit_id={school}"), vec![other]),
        (format!("community_id={community}"), vec![id]),
        (format!("area_id={}", app.area(codes::TOWN_A)), vec![other, id]),
        (format!("area_id={}", app.area(codes::COMMUNITY_2)), vec![other]),
        (format!("area_id={}", app.area(codes::TOWN_B)), vec![]),
        ("q=医院".to_string(), vec![id]),
        ("status=draft".to_string(), vec![other, id]),
        ("status=active".to_string(), vec![]),
        ("sort=-ends_on&page_size=1".to_string(), vec![id]),
    ] {
        let (status, page) = app.get(&format!("/agreements?{query}"), &street).await;
        assert_eq!(status, StatusCode::OK, "{query}: {page}");
        assert_eq!(ids(&page), expected, "{query}");
    }
    let (status, problem) = app.get("/agreements?sort=unit_duties", &street).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["code"], "unknown_sort_field");
    let (status, _) = app.get("/agreements?status=signed", &street).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // The community admin sees their community's agreement only.
    let (_, page) = app.get("/agreements", &token).await;
    assert_eq!(ids(&page), vec![id]);
    let (status, _) = app.get(&format!("/agreements/{other}"), &token).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Audited under the community.
    let (_, audit) = app.get(&format!("/audit?entity=agreement&entity_id={id}"), &token).await;
    assert_eq!(audit["total"], 1);
    assert_eq!(audit["items"][0]["action"], "create");
}

async fn term_and_references_are_checked(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("admin").await;
    let token = app.token("community_admin").await;
    let hospital = unit(&app, &admin, "阿拉善右旗人民医院", 1, codes::COMMUNITY_1).await;
    let community = app.area(codes::COMMUNITY_1);

    let (status, problem) =
        app.post("/agreements", &token, agreement_body(hospital, community, "2026-06-01", "2026-05-31")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        problem["errors"],
        json!([{"field": "ends_on", "code": "ends_before_start", "message": problem["errors"][0]["message"]}])
    );
    // One day is a term.
    let (status, _) =
        app.post("/agreements", &token, agreement_body(hospital, community, "2026-06-01", "2026-06-01")).await;
    assert_eq!(status, StatusCode::CREATED);

    let field_codes = |problem: &Value| -> Vec<(String, String)> {
        problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["field"].as_str().unwrap().to_string(), e["code"].as_str().unwrap().to_string()))
            .collect()
    };
    let pair = |f: &str, c: &str| (f.to_string(), c.to_string());
    // A grid is not a community; a community elsewhere is out of reach.
    let (status, problem) = app
        .post("/agreements", &token, agreement_body(hospital, app.area(codes::GRID_1), "2026-01-01", "2026-12-31"))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_codes(&problem), vec![pair("community_id", "not_a_community")]);
    let (status, problem) = app
        .post("/agreements", &token, agreement_body(hospital, app.area(codes::COMMUNITY_2), "2026-01-01", "2026-12-31"))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_codes(&problem), vec![pair("community_id", "not_found")]);
    // A unit out of reach and a bad term are reported together.
    let far = unit(&app, &admin, "阿拉腾敖包镇卫生院", 2, codes::COMMUNITY_B).await;
    let (status, problem) =
        app.post("/agreements", &token, agreement_body(far, community, "2026-06-01", "2026-01-01")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_codes(&problem), vec![pair("ends_on", "ends_before_start"), pair("unit_id", "not_found")]);
    // A withdrawn unit signs nothing new.
    exec(&app, &format!("UPDATE units SET status = 'withdrawn' WHERE id = {hospital}"));
    let (status, problem) =
        app.post("/agreements", &token, agreement_body(hospital, community, "2027-01-01", "2027-12-31")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_codes(&problem), vec![pair("unit_id", "unit_withdrawn")]);
    exec(&app, &format!("UPDATE units SET status = 'active' WHERE id = {hospital}"));

    // Members: each phone checked, each name required.
    let mut body = agreement_body(hospital, community, "2027-01-01", "2027-12-31");
    body["members"] = json!([{"name": "刘建华", "phone": "12345"}, {"name": "  "}]);
    let (status, problem) = app.post("/agreements", &token, body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_codes(&problem),
        vec![pair("members[0].phone", "invalid_phone"), pair("members[1].name", "required")]
    );
    // Dates are calendar dates.
    let mut body = agreement_body(hospital, community, "2027-01-01", "2027-12-31");
    body["ends_on"] = json!("2027-02-30");
    let (status, problem) = app.post("/agreements", &token, body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_codes(&problem), vec![pair("ends_on", "invalid_type")]);

    // A draft's term is checked as edited, against the fields not sent too.
    let id = draft(&app, &token, hospital, community, "2028-01-01", "2028-12-31").await;
    let (status, problem) =
        app.patch(&format!("/agreements/{id}"), &token, "\"1\"", json!({"starts_on": "2029-01-01"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_codes(&problem), vec![pair("ends_on", "ends_before_start")]);
}

async fn rejected_writes_leave_nothing(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("admin").await;
    let token = app.token("community_admin").await;
    let hospital = unit(&app, &admin, "阿拉善右旗人民医院", 1, codes::COMMUNITY_1).await;
    let community = app.area(codes::COMMUNITY_1);
    let first = draft(&app, &token, hospital, community, "2026-01-01", "2027-12-31").await;
    let second = draft(&app, &token, hospital, community, "2027-01-01", "2028-12-31").await;
    assert_eq!(activate(&app, &token, first).await.0, StatusCode::OK);
    // Signed in before counting: sign-ins are audited too.
    let grid_worker = app.token("grid_worker").await;
    let (agreements, members, entries) =
        (count_agreements(&app), app.count("SELECT count(*) AS n FROM agreement_members"), app.audit_count());

    let mut rejected = vec![
        app.post("/agreements", &token, agreement_body(hospital, community, "2026-06-01", "2026-01-01")).await.0,
        app.post("/agreements", &grid_worker, agreement_body(hospital, community, "2030-01-01", "2030-12-31")).await.0,
        activate(&app, &token, second).await.0,
        app.patch(&format!("/agreements/{first}"), &token, "\"2\"", json!({"unit_duties": "改"})).await.0,
        app.post(&format!("/agreements/{first}/terminate"), &token, json!({"reason": " "})).await.0,
        app.post(
            &format!("/agreements/{second}/renew"),
            &token,
            json!({"starts_on": "2029-01-01", "ends_on": "2029-12-31"}),
        )
        .await
        .0,
    ];
    let mut body = agreement_body(hospital, community, "2030-01-01", "2030-12-31");
    body["members"] = json!([{"name": "刘建华"}, {"name": "韩雪", "phone": "not a phone"}]);
    rejected.push(app.post("/agreements", &token, body).await.0);
    let rejected: Vec<u16> = rejected.into_iter().map(|s| s.as_u16()).collect();
    assert_eq!(rejected, vec![422, 403, 409, 409, 422, 409, 422]);

    assert_eq!(count_agreements(&app), agreements, "no agreement added");
    assert_eq!(app.count("SELECT count(*) AS n FROM agreement_members"), members, "no member added");
    assert_eq!(app.audit_count(), entries, "no audit entry");
    let (_, still) = app.get(&format!("/agreements/{second}"), &token).await;
    assert_eq!((still["status"].as_str(), still["version"].as_i64()), (Some("draft"), Some(1)));
    let (_, active) = app.get(&format!("/agreements/{first}"), &token).await;
    assert_eq!((active["status"].as_str(), active["version"].as_i64()), (Some("active"), Some(2)));
}

async fn life_cycle(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("admin").await;
    let token = app.token("street_admin").await;
    let hospital = unit(&app, &admin, "阿拉善右旗人民医院", 1, codes::COMMUNITY_1).await;
    let community = app.area(codes::COMMUNITY_1);
    let id = draft(&app, &token, hospital, community, &day(-30), &day(335)).await;
    let path = format!("/agreements/{id}");

    // A draft is edited with If-Match; members are replaced as a whole.
    let (status, _) = send(app.request(Method::PATCH, &path, Some(&token)).json(&json!({"unit_duties": "x"}))).await;
    assert_eq!(status, StatusCode::PRECONDITION_REQUIRED);
    let (status, _) = app.patch(&path, &token, "\"7\"", json!({"unit_duties": "x"})).await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    let (status, edited) = app
        .patch(&path, &token, "\"1\"", json!({"signed_on": null, "members": [{"name": "赵志强", "post": "工会主席"}]}))
        .await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    assert_eq!(edited["signed_on"], Value::Null);
    assert_eq!(edited["members"], json!([{"name": "赵志强", "post": "工会主席", "phone": null}]));
    assert_eq!(edited["unit_duties"], "每季度组织义诊一次，派驻家庭医生", "fields not sent stay");
    assert_eq!(edited["version"], 2);

    // draft → active
    let res =
        app.request(Method::POST, &format!("{path}/activate"), Some(&token)).json(&json!({})).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["etag"], "\"3\"");
    let active: Value = res.json().await.unwrap();
    assert_eq!(active["status"], "active");

    // Twice is refused, and so is editing what is in force.
    let (status, problem) = activate(&app, &token, id).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(problem["code"], "invalid_transition");
    let (status, problem) = app.patch(&path, &token, "\"3\"", json!({"unit_duties": "改"})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(problem["code"], "invalid_transition");

    // Terminating needs a reason.
    let (status, problem) = app.post(&format!("{path}/terminate"), &token, json!({})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&problem), vec!["reason"]);
    assert_eq!(problem["errors"][0]["code"], "required");
    let (status, problem) = app.post(&format!("{path}/terminate"), &token, json!({"reason": "   "})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["code"], "required");
    // active → terminated
    let (status, ended) = app.post(&format!("{path}/terminate"), &token, json!({"reason": "单位搬迁出辖区"})).await;
    assert_eq!(status, StatusCode::OK, "{ended}");
    assert_eq!(ended["status"], "terminated");
    assert_eq!(ended["termination_reason"], "单位搬迁出辖区");
    assert_eq!(ended["version"], 4);

    // Nothing leads out of terminated.
    let renewal = json!({"starts_on": day(400), "ends_on": day(700)});
    for (action, body) in
        [("activate", json!({})), ("terminate", json!({"reason": "again"})), ("renew", renewal.clone())]
    {
        let (status, problem) = app.post(&format!("{path}/{action}"), &token, body).await;
        assert_eq!(status, StatusCode::CONFLICT, "{action}");
        assert_eq!(problem["code"], "invalid_transition", "{action}");
    }
    // Nor from a draft: only active agreements are terminated, only active or expired ones renewed.
    let other = draft(&app, &token, hospital, community, &day(400), &day(700)).await;
    for (action, body) in [("terminate", json!({"reason": "x"})), ("renew", renewal.clone())] {
        let (status, problem) = app.post(&format!("/agreements/{other}/{action}"), &token, body).await;
        assert_eq!(status, StatusCode::CONFLICT, "{action}");
        assert_eq!(problem["code"], "invalid_transition", "{action}");
    }
    // Unknown agreements are 404 for every action.
    for (action, body) in [("activate", json!({})), ("terminate", json!({"reason": "x"})), ("renew", renewal)] {
        let (status, _) = app.post(&format!("/agreements/999999/{action}"), &token, body).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{action}");
    }

    // Every step is audited under the community, in order.
    let (_, audit) = app.get(&format!("/audit?entity=agreement&entity_id={id}"), &token).await;
    let actions: Vec<&str> = audit["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, vec!["terminate", "activate", "update", "create"]);
    assert_eq!(audit["items"][0]["changes"]["status"], json!({"from": "active", "to": "terminated"}));
}

async fn overlapping_terms(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("admin").await;
    let token = app.token("community_admin").await;
    let hospital = unit(&app, &admin, "阿拉善右旗人民医院", 1, codes::COMMUNITY_1).await;
    let school = unit(&app, &admin, "旗第一中学", 2, codes::COMMUNITY_1).await;
    let community = app.area(codes::COMMUNITY_1);

    let current = draft(&app, &token, hospital, community, &day(-100), &day(265)).await;
    assert_eq!(activate(&app, &token, current).await.0, StatusCode::OK);
    // Sharing one day, the last of the current term, is overlap.
    let overlapping = draft(&app, &token, hospital, community, &day(265), &day(630)).await;
    let (status, problem) = activate(&app, &token, overlapping).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(problem["code"], "agreement_overlap");
    let (_, still) = app.get(&format!("/agreements/{overlapping}"), &token).await;
    assert_eq!(still["status"], "draft");
    // A term from the next day on follows without overlap.
    let next = draft(&app, &token, hospital, community, &day(266), &day(630)).await;
    assert_eq!(activate(&app, &token, next).await.0, StatusCode::OK);
    // Another unit in the same community is no overlap.
    let other_unit = draft(&app, &token, school, community, &day(-100), &day(265)).await;
    assert_eq!(activate(&app, &token, other_unit).await.0, StatusCode::OK);
    // Once the current term is terminated, the overlapping draft may start.
    let (status, _) =
        app.post(&format!("/agreements/{current}/terminate"), &token, json!({"reason": "改签新协议"})).await;
    assert_eq!(status, StatusCode::OK);
    let (status, problem) = activate(&app, &token, overlapping).await;
    assert_eq!(status, StatusCode::CONFLICT, "still overlaps the next term: {problem}");
    assert_eq!(problem["code"], "agreement_overlap");
    let (status, _) = app.post(&format!("/agreements/{next}/terminate"), &token, json!({"reason": "合并"})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(activate(&app, &token, overlapping).await.0, StatusCode::OK);
}

/// Two overlapping drafts activated at the same moment: one wins, the other
/// sees it, however the two transactions interleave.
async fn overlapping_activations_at_once(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("admin").await;
    let token = app.token("community_admin").await;
    let hospital = unit(&app, &admin, "阿拉善右旗人民医院", 1, codes::COMMUNITY_1).await;
    let community = app.area(codes::COMMUNITY_1);
    for round in 0..5 {
        let year = 2200 + round * 2;
        let a = draft(&app, &token, hospital, community, &format!("{year}-01-01"), &format!("{year}-12-31")).await;
        let b =
            draft(&app, &token, hospital, community, &format!("{year}-06-01"), &format!("{}-05-31", year + 1)).await;
        let (first, second) = tokio::join!(activate(&app, &token, a), activate(&app, &token, b));
        let mut statuses = vec![first.0.as_u16(), second.0.as_u16()];
        statuses.sort_unstable();
        assert_eq!(statuses, vec![200, 409], "round {round}: {} / {}", first.1, second.1);
        let loser = if first.0 == StatusCode::CONFLICT { &first.1 } else { &second.1 };
        assert_eq!(loser["code"], "agreement_overlap");
    }
    assert_eq!(app.count("SELECT count(*) AS n FROM agreements WHERE status = 'active'"), 5);
}

async fn expiry_follows_the_date(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("admin").await;
    let token = app.token("community_admin").await;
    let hospital = unit(&app, &admin, "阿拉善右旗人民医院", 1, codes::COMMUNITY_1).await;
    let community = app.area(codes::COMMUNITY_1);

    // A term that ended a month ago, recorded and put into force today.
    let past = draft(&app, &token, hospital, community, &day(-400), &day(-30)).await;
    let (status, activated) = activate(&app, &token, past).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(activated["status"], "expired");
    let (_, fetched) = app.get(&format!("/agreements/{past}"), &token).await;
    assert_eq!(fetched["status"], "expired");
    assert_eq!(app.count(&format!("SELECT count(*) AS n FROM agreements WHERE id = {past} AND status = 'active'")), 1);
    let (_, page) = app.get("/agreements?status=expired", &token).await;
    assert_eq!(ids(&page), vec![past]);
    assert_eq!(page["items"][0]["status"], "expired");
    let (_, page) = app.get("/agreements?status=active", &token).await;
    assert_eq!(ids(&page), Vec::<i64>::new());

    // An expired agreement is no longer terminated, and blocks no new term.
    let (status, problem) = app.post(&format!("/agreements/{past}/terminate"), &token, json!({"reason": "x"})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(problem["code"], "invalid_transition");
    let later = draft(&app, &token, hospital, community, &day(-60), &day(10)).await;
    let (status, body) = activate(&app, &token, later).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "active");

    // Renewing it drafts the next term, with duties and members copied.
    let res = app
        .request(Method::POST, &format!("/agreements/{past}/renew"), Some(&token))
        .json(&json!({"starts_on": day(11), "ends_on": day(375), "signed_on": day(0)}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(res.headers()["etag"], "\"1\"");
    let location = res.headers()["location"].to_str().unwrap().to_string();
    let renewed: Value = res.json().await.unwrap();
    assert_eq!(location, format!("/api/v1/agreements/{}", renewed["id"]));
    assert_eq!(renewed["status"], "draft");
    assert_eq!(renewed["renewed_from_id"], past);
    assert_eq!(renewed["starts_on"], day(11));
    assert_eq!(renewed["signed_on"], day(0));
    assert_eq!(renewed["unit"]["id"], hospital);
    assert_eq!(renewed["community"]["id"], community);
    assert_eq!(renewed["unit_duties"], fetched["unit_duties"]);
    assert_eq!(renewed["community_duties"], fetched["community_duties"]);
    assert_eq!(renewed["members"], fetched["members"]);
    // The renewed one keeps its status; the follow-up activates after the running term.
    let (_, source) = app.get(&format!("/agreements/{past}"), &token).await;
    assert_eq!((source["status"].as_str(), source["version"].as_i64()), (Some("expired"), Some(2)));
    let (status, _) = activate(&app, &token, renewed["id"].as_i64().unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    // An active agreement can be renewed too; the new term is checked.
    let (status, problem) = app
        .post(&format!("/agreements/{later}/renew"), &token, json!({"starts_on": day(20), "ends_on": day(19)}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["code"], "ends_before_start");
    let (status, _) = app
        .post(&format!("/agreements/{later}/renew"), &token, json!({"starts_on": day(400), "ends_on": day(700)}))
        .await;
    assert_eq!(status, StatusCode::CREATED);

    let (_, audit) = app.get(&format!("/audit?entity=agreement&entity_id={}", renewed["id"]), &token).await;
    let actions: Vec<&str> = audit["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, vec!["activate", "renew"]);
}

async fn expiring_within_days(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("admin").await;
    let token = app.token("street_admin").await;
    let hospital = unit(&app, &admin, "阿拉善右旗人民医院", 1, codes::COMMUNITY_1).await;
    let c1 = app.area(codes::COMMUNITY_1);
    let c2 = app.area(codes::COMMUNITY_2);

    let soon = draft(&app, &token, hospital, c1, &day(-100), &day(10)).await;
    let later = draft(&app, &token, hospital, c1, &day(11), &day(60)).await;
    let ends_today = draft(&app, &token, hospital, c2, &day(-100), &day(0)).await;
    let past = draft(&app, &token, hospital, c2, &day(-300), &day(-101)).await;
    let far = draft(&app, &token, hospital, c2, &day(1), &day(400)).await;
    for id in [soon, later, ends_today, past, far] {
        assert_eq!(activate(&app, &token, id).await.0, StatusCode::OK);
    }
    // Drafts and terminated agreements are not "expiring".
    let _draft = draft(&app, &token, hospital, c1, &day(100), &day(105)).await;
    let (status, page) = app.get("/agreements?expiring_within_days=0", &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ids(&page), vec![ends_today], "the last day is still in force");
    let (_, page) = app.get("/agreements?expiring_within_days=30&sort=ends_on", &token).await;
    assert_eq!(ids(&page), vec![ends_today, soon]);
    let (_, page) = app.get("/agreements?expiring_within_days=90&sort=ends_on", &token).await;
    assert_eq!(ids(&page), vec![ends_today, soon, later]);
    let (_, page) =
        app.get(&format!("/agreements?expiring_within_days=90&community_id={c1}&sort=ends_on"), &token).await;
    assert_eq!(ids(&page), vec![soon, later]);
    let (status, _) = app.post(&format!("/agreements/{soon}/terminate"), &token, json!({"reason": "提前结束"})).await;
    assert_eq!(status, StatusCode::OK);
    let (_, page) = app.get("/agreements?expiring_within_days=30&sort=ends_on", &token).await;
    assert_eq!(ids(&page), vec![ends_today]);
    let (_, page) = app.get("/agreements?status=active&sort=ends_on", &token).await;
    assert_eq!(ids(&page), vec![ends_today, later, far]);

    for bad in ["-1", "3651"] {
        let (status, problem) = app.get(&format!("/agreements?expiring_within_days={bad}"), &token).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert_eq!(problem["errors"][0]["field"], "expiring_within_days");
        assert_eq!(problem["errors"][0]["code"], "out_of_range");
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Action {
    List,
    Get,
    Create,
    Patch,
    Activate,
}
use Action::*;

/// (who, where the agreement acted on lies, action, expected status). The
/// agreement is between the hospital, stationed in community 1, and the
/// community named. "other_contact" is the contact of another unit, with
/// the same home area as "unit_contact" (community 1). For a list, 200 means
/// the agreement is in the answer and 404 that the answer leaves it out.
#[rustfmt::skip]
const TABLE: &[(&str, &str, Action, u16)] = &[
    ("admin", codes::COMMUNITY_B, List, 200), ("admin", codes::COMMUNITY_B, Get, 200),
    ("admin", codes::COMMUNITY_B, Create, 201), ("admin", codes::COMMUNITY_B, Patch, 200),
    ("admin", codes::COMMUNITY_B, Activate, 200),

    ("street_admin", codes::COMMUNITY_2, List, 200), ("street_admin", codes::COMMUNITY_2, Get, 200),
    ("street_admin", codes::COMMUNITY_2, Create, 201), ("street_admin", codes::COMMUNITY_2, Patch, 200),
    ("street_admin", codes::COMMUNITY_2, Activate, 200),
    ("street_admin", codes::COMMUNITY_B, List, 404), ("street_admin", codes::COMMUNITY_B, Get, 404),
    ("street_admin", codes::COMMUNITY_B, Create, 422), ("street_admin", codes::COMMUNITY_B, Patch, 404),
    ("street_admin", codes::COMMUNITY_B, Activate, 404),

    ("community_admin", codes::COMMUNITY_1, List, 200), ("community_admin", codes::COMMUNITY_1, Get, 200),
    ("community_admin", codes::COMMUNITY_1, Create, 201), ("community_admin", codes::COMMUNITY_1, Patch, 200),
    ("community_admin", codes::COMMUNITY_1, Activate, 200),
    ("community_admin", codes::COMMUNITY_2, List, 404), ("community_admin", codes::COMMUNITY_2, Get, 404),
    ("community_admin", codes::COMMUNITY_2, Create, 422), ("community_admin", codes::COMMUNITY_2, Patch, 404),
    ("community_admin", codes::COMMUNITY_2, Activate, 404),

    // A grid lies below its community: a grid worker reaches no community's agreements.
    ("grid_worker", codes::COMMUNITY_1, List, 404), ("grid_worker", codes::COMMUNITY_1, Get, 404),
    ("grid_worker", codes::COMMUNITY_1, Create, 403), ("grid_worker", codes::COMMUNITY_1, Patch, 403),
    ("grid_worker", codes::COMMUNITY_1, Activate, 403),

    // Their own unit's agreement, even with a community outside their home area.
    ("unit_contact", codes::COMMUNITY_B, List, 200), ("unit_contact", codes::COMMUNITY_B, Get, 200),
    ("unit_contact", codes::COMMUNITY_B, Create, 403), ("unit_contact", codes::COMMUNITY_B, Patch, 403),
    ("unit_contact", codes::COMMUNITY_B, Activate, 403),
    // Another unit's agreement, even in their home community.
    ("other_contact", codes::COMMUNITY_1, List, 404), ("other_contact", codes::COMMUNITY_1, Get, 404),
    ("other_contact", codes::COMMUNITY_1, Create, 403), ("other_contact", codes::COMMUNITY_1, Patch, 403),
    ("other_contact", codes::COMMUNITY_1, Activate, 403),

    ("volunteer", codes::COMMUNITY_1, List, 403), ("volunteer", codes::COMMUNITY_1, Get, 403),
    ("volunteer", codes::COMMUNITY_1, Create, 403), ("volunteer", codes::COMMUNITY_1, Patch, 403),
    ("volunteer", codes::COMMUNITY_1, Activate, 403),
];

async fn authorization_table(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("admin").await;
    let hospital = unit(&app, &admin, "阿拉善右旗人民医院", 1, codes::COMMUNITY_1).await;
    let clinic = unit(&app, &admin, "巴丹吉林社区卫生服务站", 2, codes::COMMUNITY_1).await;
    exec(&app, &format!("UPDATE users SET unit_id = {hospital} WHERE username = 'unit_contact'"));
    let (status, other) = app
        .post(
            "/users",
            &admin,
            json!({"username": "other_contact", "display_name": "卫生服务站联系人", "role": "unit_contact",
                   "area_id": app.area(codes::COMMUNITY_1), "unit_id": clinic, "password": DEMO_PASSWORD}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{other}");
    exec(
        &app,
        &format!("UPDATE users SET unit_id = {clinic}, must_change_password = false WHERE username = 'other_contact'"),
    );

    let mut tokens = std::collections::HashMap::new();
    for (who, _, _, _) in TABLE {
        if !tokens.contains_key(who) {
            tokens.insert(*who, app.token(who).await);
        }
    }
    let mut failures = Vec::new();
    for (n, (who, place, action, expected)) in TABLE.iter().enumerate() {
        let token = &tokens[who];
        let community = app.area(place);
        // Each row its own agreement and its own year, so no two terms overlap.
        let year = 2100 + n as i64 * 2;
        let id = draft(&app, &admin, hospital, community, &format!("{year}-01-01"), &format!("{year}-12-31")).await;
        let got = match action {
            List => {
                let (status, page) =
                    app.get(&format!("/agreements?community_id={community}&page_size=100"), token).await;
                match status {
                    StatusCode::OK if ids(&page).contains(&id) => 200,
                    StatusCode::OK => 404,
                    other => other.as_u16(),
                }
            }
            Get => app.get(&format!("/agreements/{id}"), token).await.0.as_u16(),
            Create => {
                let next = year + 1;
                let body = agreement_body(hospital, community, &format!("{next}-01-01"), &format!("{next}-12-31"));
                app.post("/agreements", token, body).await.0.as_u16()
            }
            Patch => {
                app.patch(&format!("/agreements/{id}"), token, "\"1\"", json!({"unit_duties": "改"})).await.0.as_u16()
            }
            Activate => activate(&app, token, id).await.0.as_u16(),
        };
        if got != *expected {
            failures.push(format!("{who} {action:?} in {place}: expected {expected}, got {got}"));
        }
    }
    assert!(failures.is_empty(), "authorization table:\n{}", failures.join("\n"));
}
