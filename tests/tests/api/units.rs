use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::*;
use crate::on_both_backends;

on_both_backends!(
    register_and_read_units,
    credit_code_and_phone_validation,
    unit_contact_edits_own_profile_only,
    unit_contact_accounts_need_a_unit,
    units_authorization_table,
    demo_alliance_reads_as_the_seeds_tell,
);

pub const HOSPITAL: &str = "121529224600100234";
pub const POWER: &str = "91152922MA0N2K1X3K";
/// Valid codes not used by the demo data.
pub const FREE_CODES: [&str; 2] = ["91350100M000100Y43", "91110000100010433L"];

pub fn unit_id(app: &TestApp, code: &str) -> i64 {
    app.count(&format!("SELECT id AS n FROM units WHERE credit_code = '{code}'"))
}

async fn register_and_read_units(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let token = app.token("street_admin").await;
    let community = app.area(codes::COMMUNITY_2);
    let grid = app.area(codes::GRID_OTHER);
    let (status, unit) = app
        .post(
            "/units",
            &token,
            json!({"name": "右旗第一中学", "kind": "public_institution", "credit_code": FREE_CODES[0],
                   "area_id": community, "grid_ids": [grid, grid], "contact_name": "王老师", "contact_phone": "13904830000",
                   "party_member_count": 42, "commitment": "周末开放操场", "commitment_phone": "0483-6029999"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{unit}");
    assert_eq!(unit["status"], "active");
    assert_eq!(unit["area"]["code"], codes::COMMUNITY_2);
    assert_eq!(unit["grids"].as_array().unwrap().len(), 1, "duplicates collapse");
    assert_eq!(unit["grids"][0]["code"], codes::GRID_OTHER);
    let id = unit["id"].as_i64().unwrap();
    let (status, fetched) = app.get(&format!("/units/{id}"), &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(fetched["party_member_count"], 42);

    let (_, page) = app.get("/units?sort=name", &token).await;
    assert_eq!(page["total"], 3);
    // The total rides on the page's rows: right on a full page, a last page
    // and a page past the end.
    for (page_no, items) in [(1, 2), (2, 1), (3, 0)] {
        let (_, page) = app.get(&format!("/units?sort=name&page_size=2&page={page_no}"), &token).await;
        assert_eq!(page["total"], 3, "page {page_no}");
        assert_eq!(page["items"].as_array().unwrap().len(), items, "page {page_no}");
    }
    // A unit stationed in community 2 that serves a grid of community 1 is in
    // reach of community 1's admin; once it stops serving there it is not.
    let community_1 = app.token("community_admin").await;
    let (_, page) = app.get("/units?q=中学", &community_1).await;
    assert_eq!(page["total"], 0);
    let grid_1 = app.area(codes::GRID_1);
    let (status, _) = app.patch(&format!("/units/{id}"), &token, "\"1\"", json!({"grid_ids": [grid_1]})).await;
    assert_eq!(status, StatusCode::OK);
    let (_, page) = app.get("/units?q=中学", &community_1).await;
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["id"], id);
    let (status, _) = app.patch(&format!("/units/{id}"), &token, "\"2\"", json!({"grid_ids": []})).await;
    assert_eq!(status, StatusCode::OK);
    let (_, page) = app.get("/units?q=中学", &community_1).await;
    assert_eq!(page["total"], 0);
    let (_, page) = app.get("/units?kind=public_institution&q=中学", &token).await;
    assert_eq!(page["total"], 1);
    let (_, page) = app.get(&format!("/units?q={}", &HOSPITAL[..8]), &token).await;
    assert_eq!(page["items"][0]["credit_code"], HOSPITAL, "search by credit code");
    let (_, page) = app.get(&format!("/units?area_id={}", app.area(codes::COMMUNITY_1)), &token).await;
    assert_eq!(page["total"], 1);

    // Withdrawn, never deleted.
    let (status, withdrawn) =
        app.patch(&format!("/units/{id}"), &token, "\"3\"", json!({"status": "withdrawn", "grid_ids": []})).await;
    assert_eq!(status, StatusCode::OK, "{withdrawn}");
    assert_eq!(withdrawn["status"], "withdrawn");
    assert!(withdrawn["grids"].as_array().unwrap().is_empty());
    let (_, page) = app.get("/units?status=withdrawn", &token).await;
    assert_eq!(page["total"], 1);
}

async fn credit_code_and_phone_validation(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let token = app.token("community_admin").await;
    let community = app.area(codes::COMMUNITY_1);
    let before = app.count("SELECT count(*) AS n FROM units");
    for (code, phone, field, error) in [
        ("91350100M000100Y44", "13904830000", "credit_code", "invalid_credit_code"),
        ("91350100m000100Y43", "13904830000", "credit_code", "invalid_credit_code"),
        ("9135010", "13904830000", "credit_code", "invalid_credit_code"),
        (FREE_CODES[0], "12345", "contact_phone", "invalid_phone"),
    ] {
        let (status, problem) = app
            .post(
                "/units",
                &token,
                json!({"name": "x", "kind": "other", "credit_code": code, "area_id": community, "contact_phone": phone}),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{code} {phone}");
        assert_eq!(error_fields(&problem), vec![field]);
        assert_eq!(problem["errors"][0]["code"], error);
    }
    let (status, problem) = app
        .post("/units", &token, json!({"name": "x", "kind": "other", "credit_code": HOSPITAL, "area_id": community}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(problem["errors"][0]["field"], "credit_code");
    // A grid that is not a grid, an area out of reach.
    let (status, problem) = app
        .post(
            "/units",
            &token,
            json!({"name": "x", "kind": "other", "credit_code": FREE_CODES[1], "area_id": app.area(codes::COMMUNITY_2), "grid_ids": [community]}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&problem), vec!["area_id"]);
    let (status, problem) = app
        .post("/units", &token, json!({"name": "x", "kind": "other", "credit_code": FREE_CODES[1], "area_id": community, "grid_ids": [community]}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["code"], "not_a_grid");
    assert_eq!(app.count("SELECT count(*) AS n FROM units"), before, "nothing written");
}

async fn unit_contact_edits_own_profile_only(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let token = app.token("unit_contact").await;
    let hospital = unit_id(&app, HOSPITAL);
    let (status, updated) = app
        .patch(
            &format!("/units/{hospital}"),
            &token,
            "\"1\"",
            json!({"contact_name": "李主任", "commitment": "每周三上午义诊", "party_member_count": 40}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    assert_eq!(updated["commitment"], "每周三上午义诊");
    let (status, problem) =
        app.patch(&format!("/units/{hospital}"), &token, "\"2\"", json!({"name": "改名", "status": "withdrawn"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&problem), vec!["name", "status"]);
    assert_eq!(problem["errors"][0]["code"], "not_editable");
    let power = unit_id(&app, POWER);
    let (status, _) = app.patch(&format!("/units/{power}"), &token, "\"1\"", json!({"commitment": "x"})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .post("/units", &token, json!({"name": "x", "kind": "other", "credit_code": FREE_CODES[0], "area_id": app.area(codes::COMMUNITY_1)}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

async fn unit_contact_accounts_need_a_unit(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let token = app.token("community_admin").await;
    let area = app.area(codes::COMMUNITY_1);
    let hospital = unit_id(&app, HOSPITAL);
    let power = unit_id(&app, POWER);
    for (body, field, code) in [
        (
            json!({"username": "uc_a", "display_name": "x", "role": "unit_contact", "area_id": area}),
            "unit_id",
            "required",
        ),
        (
            json!({"username": "uc_b", "display_name": "x", "role": "grid_worker", "area_id": area, "unit_id": hospital}),
            "unit_id",
            "not_applicable",
        ),
        (
            json!({"username": "uc_c", "display_name": "x", "role": "unit_contact", "area_id": area, "unit_id": power}),
            "unit_id",
            "not_found",
        ),
    ] {
        let (status, problem) = app.post("/users", &token, body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(problem["errors"][0]["field"], field);
        assert_eq!(problem["errors"][0]["code"], code);
    }
    let (status, user) = app
        .post("/users", &token, json!({"username": "uc_ok", "display_name": "医院联系人", "role": "unit_contact", "area_id": area, "unit_id": hospital}))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(user["unit_id"], hospital);
}

#[derive(Debug, Clone, Copy)]
enum Action {
    List,
    Get,
    Create,
    Patch,
}

/// (role, the unit it acts on by credit code, action, expected status).
/// Inside: the hospital (community 1, serving grids 1 and 2). Outside: the
/// power company (community 2) for everyone below the street, and a unit in
/// town B for the street admin. For lists, 200 = listed, 404 = left out.
#[rustfmt::skip]
const TABLE: &[(&str, &str, Action, u16)] = &[
    ("admin", HOSPITAL, Action::List, 200), ("admin", HOSPITAL, Action::Get, 200), ("admin", "", Action::Create, 201), ("admin", HOSPITAL, Action::Patch, 200),
    ("street_admin", HOSPITAL, Action::List, 200), ("street_admin", HOSPITAL, Action::Get, 200), ("street_admin", POWER, Action::Patch, 200),
    ("street_admin", "B", Action::List, 404), ("street_admin", "B", Action::Get, 404), ("street_admin", "B", Action::Patch, 404),
    ("community_admin", HOSPITAL, Action::List, 200), ("community_admin", HOSPITAL, Action::Get, 200), ("community_admin", "", Action::Create, 201), ("community_admin", HOSPITAL, Action::Patch, 200),
    ("community_admin", POWER, Action::List, 404), ("community_admin", POWER, Action::Get, 404), ("community_admin", POWER, Action::Patch, 404),
    ("grid_worker", HOSPITAL, Action::List, 200), ("grid_worker", HOSPITAL, Action::Get, 200), ("grid_worker", "", Action::Create, 403), ("grid_worker", HOSPITAL, Action::Patch, 403),
    ("grid_worker", POWER, Action::List, 404), ("grid_worker", POWER, Action::Get, 404),
    ("unit_contact", HOSPITAL, Action::List, 200), ("unit_contact", HOSPITAL, Action::Get, 200), ("unit_contact", "", Action::Create, 403), ("unit_contact", HOSPITAL, Action::Patch, 200),
    ("unit_contact", POWER, Action::List, 404), ("unit_contact", POWER, Action::Get, 404), ("unit_contact", POWER, Action::Patch, 404),
    ("volunteer", HOSPITAL, Action::List, 200), ("volunteer", HOSPITAL, Action::Get, 200), ("volunteer", "", Action::Create, 403), ("volunteer", HOSPITAL, Action::Patch, 403),
    ("volunteer", POWER, Action::List, 404), ("volunteer", POWER, Action::Get, 404),
];

async fn units_authorization_table(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("admin").await;
    let (status, b) = app
        .post("/units", &admin, json!({"name": "旗外单位", "kind": "other", "credit_code": FREE_CODES[1], "area_id": app.area(codes::COMMUNITY_B)}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{b}");
    let mut failures = Vec::new();
    for (n, (role, code, action, expected)) in TABLE.iter().enumerate() {
        let token = app.token(role).await;
        let code = if *code == "B" { FREE_CODES[1] } else { code };
        let id = if code.is_empty() { 0 } else { unit_id(&app, code) };
        let got = match action {
            Action::List => {
                let (status, page) = app.get(&format!("/units?q={code}&page_size=100"), &token).await;
                let listed = page["items"].as_array().is_some_and(|items| items.iter().any(|u| u["id"] == id));
                match (status, listed) {
                    (StatusCode::OK, true) => 200,
                    (StatusCode::OK, false) => 404,
                    (other, _) => other.as_u16(),
                }
            }
            Action::Get => app.get(&format!("/units/{id}"), &token).await.0.as_u16(),
            Action::Create => {
                // A fresh valid code per row: 17 characters of digits, then the check character.
                let body: Value = json!({"name": format!("新单位{n}"), "kind": "other", "credit_code": fresh_code(n), "area_id": app.area(codes::COMMUNITY_1)});
                app.post("/units", &token, body).await.0.as_u16()
            }
            Action::Patch => {
                let etag = app.etag(&format!("/units/{id}")).await;
                app.patch(&format!("/units/{id}"), &token, &etag, json!({"commitment": format!("承诺{n}")}))
                    .await
                    .0
                    .as_u16()
            }
        };
        if got != *expected {
            failures.push(format!("{role} {action:?} {code}: expected {expected}, got {got}"));
        }
    }
    assert!(failures.is_empty(), "units authorization table:\n{}", failures.join("\n"));
}

/// A valid credit code derived from a number (GB 32100-2015 check character).
pub fn fresh_code(n: usize) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    const WEIGHTS: [usize; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    let body = format!("9115292200000{n:04}");
    let sum: usize = body.bytes().zip(WEIGHTS).map(|(c, w)| ALPHABET.iter().position(|&a| a == c).unwrap() * w).sum();
    format!("{body}{}", ALPHABET[(31 - sum % 31) % 31] as char)
}

/// The demo alliance (`seed --demo`): every grid has a branch, nine units
/// signed with 巴丹吉林社区, one agreement ends this month and one has expired.
async fn demo_alliance_reads_as_the_seeds_tell(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    {
        let mut conn = app.state.db.get().unwrap();
        gridlink::db::write_tx(&mut conn, gridlink::seed::alliance::demo).unwrap();
        // Twice is harmless.
        gridlink::db::write_tx(&mut conn, gridlink::seed::alliance::demo).unwrap();
    }
    let district = app.token("district_admin").await;
    let (status, coverage) = app.get("/party-orgs/coverage", &district).await;
    assert_eq!(status, StatusCode::OK, "{coverage}");
    assert_eq!(coverage["grids"], 12);
    assert_eq!(coverage["grids_with_party_org"], 12);
    let community = app.token("community_admin").await;
    let (_, signed) = app.get("/agreements?page_size=100", &community).await;
    assert_eq!(signed["total"], 9);
    let (_, expiring) = app.get("/agreements?expiring_within_days=30", &community).await;
    assert_eq!(expiring["total"], 1);
    let (_, expired) = app.get("/agreements?status=expired", &community).await;
    assert_eq!(expired["total"], 1);
    let (_, units) = app.get("/units?page_size=100", &district).await;
    assert_eq!(units["total"], 14);
    let every_code_valid = units["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|u| gridlink::units::credit_code::is_valid(u["credit_code"].as_str().unwrap()));
    assert!(every_code_valid);
}
