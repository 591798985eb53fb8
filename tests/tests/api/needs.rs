//! Needs (需求清单): raising, the need board's filters, overdue by the
//! calendar, editing, closing unfulfilled, and who may do what.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::*;
use crate::on_both_backends;
use crate::supply::*;

on_both_backends!(
    raise_read_and_list,
    overdue_around_the_boundary,
    fields_are_checked,
    edit_and_close,
    needs_authorization_table
);

async fn raise_read_and_list(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let grid_worker = app.token("grid_worker").await;
    let community = app.token("community_admin").await;

    let res = app
        .request(Method::POST, "/needs", Some(&grid_worker))
        .json(&json!({"area_id": app.area(codes::GRID_1), "category": "care", "title": "独居老人助餐",
                      "description": "每天中午送餐", "beneficiary_count": 8, "beneficiaries": "独居老人",
                      "urgency": "high", "wanted_by": day(10)}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(res.headers()["etag"], "\"1\"");
    let location = res.headers()["location"].to_str().unwrap().to_string();
    let meals: Value = res.json().await.unwrap();
    let id = meals["id"].as_i64().unwrap();
    assert_eq!(location, format!("/api/v1/needs/{id}"));
    assert_eq!(meals["area"]["code"], codes::GRID_1);
    assert_eq!(meals["status"], "open");
    assert_eq!(meals["urgency"], "high");
    assert_eq!(meals["overdue"], false);
    assert_eq!(meals["raised_by"], json!({"id": app.user("grid_worker"), "display_name": "王丽华"}));
    assert_eq!(meals["beneficiary_count"], 8);

    let (_, plain) = app
        .post(
            "/needs",
            &community,
            json!({"area_id": app.area(codes::COMMUNITY_1), "category": "sanitation", "title": "楼道清理"}),
        )
        .await;
    assert_eq!(plain["urgency"], "normal", "the default");
    assert_eq!(plain["wanted_by"], Value::Null);
    let sweep = plain["id"].as_i64().unwrap();
    let street = app.token("street_admin").await;
    let elsewhere = need(&app, &street, codes::GRID_OTHER, "policy_outreach", Some(day(3))).await;

    for (query, expected) in [
        ("", vec![elsewhere, sweep, id]),
        ("sort=wanted_by", vec![elsewhere, id, sweep]),
        ("sort=-wanted_by", vec![id, elsewhere, sweep]),
        ("category=care", vec![id]),
        ("urgency=normal", vec![elsewhere, sweep]),
        ("status=open", vec![elsewhere, sweep, id]),
        ("status=done", vec![]),
        ("q=老人", vec![id]),
        (&*format!("area_id={}", app.area(codes::COMMUNITY_1)), vec![sweep, id]),
        (&*format!("area_id={}", app.area(codes::GRID_1)), vec![id]),
        (&*format!("area_id={}", app.area(codes::COMMUNITY_B)), vec![]),
    ] {
        let (status, page) = app.get(&format!("/needs?{query}"), &street).await;
        assert_eq!(status, StatusCode::OK, "{query}: {page}");
        assert_eq!(ids(&page), expected, "{query}");
    }
    // Totals on every page, counted with the page (a status filter) or on
    // their own (none), and past the last page.
    for filter in ["status=open", "overdue=false", ""] {
        for (page_no, expected) in [(1, vec![elsewhere, sweep]), (2, vec![id]), (3, vec![])] {
            let query = format!("/needs?{filter}&page_size=2&page={page_no}");
            let (_, page) = app.get(&query, &street).await;
            assert_eq!(ids(&page), expected, "{query}");
            assert_eq!(page["total"], 3, "{query}");
        }
    }
    let (status, _) = app.get("/needs?urgency=extreme", &street).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // The grid worker's board is their grid.
    let (_, page) = app.get("/needs", &grid_worker).await;
    assert_eq!(ids(&page), vec![id]);
    assert_eq!(app.get(&format!("/needs/{sweep}"), &grid_worker).await.0, StatusCode::NOT_FOUND);

    let (_, audit) = app.get(&format!("/audit?entity=need&entity_id={id}"), &community).await;
    assert_eq!(audit["items"][0]["action"], "create");
}

async fn overdue_around_the_boundary(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let token = app.token("community_admin").await;
    let yesterday = need(&app, &token, codes::GRID_1, "care", Some(day(-1))).await;
    let today_ = need(&app, &token, codes::GRID_1, "care", Some(day(0))).await;
    let tomorrow = need(&app, &token, codes::GRID_1, "care", Some(day(1))).await;
    let undated = need(&app, &token, codes::GRID_1, "care", None).await;
    let closed = need(&app, &token, codes::GRID_1, "care", Some(day(-5))).await;
    let (status, _) = app.post(&format!("/needs/{closed}/close"), &token, json!({"reason": "居民已搬离"})).await;
    assert_eq!(status, StatusCode::OK);

    let (_, page) = app.get("/needs?overdue=true", &token).await;
    assert_eq!(ids(&page), vec![yesterday], "the wanted-by day itself is not overdue; a closed need never is");
    let (_, page) = app.get("/needs?overdue=false", &token).await;
    assert_eq!(ids(&page), vec![closed, undated, tomorrow, today_]);
    let (_, one) = app.get(&format!("/needs/{yesterday}"), &token).await;
    assert_eq!(one["overdue"], true);
    let (_, one) = app.get(&format!("/needs/{today_}"), &token).await;
    assert_eq!(one["overdue"], false);
}

async fn fields_are_checked(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let community = app.token("community_admin").await;
    let grid_worker = app.token("grid_worker").await;
    let before = (app.count("SELECT count(*) AS n FROM needs"), app.audit_count());
    let body = |area: &str, extra: Value| {
        let mut b = json!({"area_id": app.area(area), "category": "care", "title": "助餐"});
        for (k, v) in extra.as_object().unwrap() {
            b[k] = v.clone();
        }
        b
    };
    let cases: Vec<(&str, &String, Value, FieldCodes)> = vec![
        ("a street", &community, body(codes::TOWN_A, json!({})), vec![pair("area_id", "not_found")]),
        ("a building", &community, body(codes::BUILDING_1, json!({})), vec![pair("area_id", "wrong_area_kind")]),
        ("the community itself", &grid_worker, body(codes::COMMUNITY_1, json!({})), vec![pair("area_id", "not_found")]),
        ("another grid", &grid_worker, body(codes::GRID_2, json!({})), vec![pair("area_id", "not_found")]),
        ("blank title", &community, body(codes::GRID_1, json!({"title": " "})), vec![pair("title", "required")]),
        (
            "unknown category",
            &community,
            body(codes::GRID_1, json!({"category": "parking"})),
            vec![pair("category", "invalid_type")],
        ),
        (
            "negative count",
            &community,
            body(codes::GRID_1, json!({"beneficiary_count": -3})),
            vec![pair("beneficiary_count", "out_of_range")],
        ),
        (
            "not a date",
            &community,
            body(codes::GRID_1, json!({"wanted_by": "2026-02-30"})),
            vec![pair("wanted_by", "invalid_type")],
        ),
    ];
    for (what, token, body, expected) in cases {
        let (status, problem) = app.post("/needs", token, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{what}: {problem}");
        assert_eq!(field_codes(&problem), expected, "{what}");
    }
    assert_eq!((app.count("SELECT count(*) AS n FROM needs"), app.audit_count()), before, "nothing written");
}

async fn edit_and_close(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let token = app.token("community_admin").await;
    let id = need(&app, &token, codes::GRID_1, "convenience", Some(day(20))).await;
    let path = format!("/needs/{id}");
    let (status, _) = send(app.request(Method::PATCH, &path, Some(&token)).json(&json!({"title": "x"}))).await;
    assert_eq!(status, StatusCode::PRECONDITION_REQUIRED);
    let (status, edited) = app
        .patch(&path, &token, "\"1\"", json!({"urgency": "urgent", "wanted_by": day(5), "beneficiaries": null}))
        .await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    assert_eq!(edited["urgency"], "urgent");
    assert_eq!(edited["wanted_by"], day(5));
    assert_eq!(edited["beneficiaries"], Value::Null);
    assert_eq!(edited["title"], "convenience需求");
    assert_eq!(edited["version"], 2);

    let (status, problem) = app.post(&format!("{path}/close"), &token, json!({"reason": "  "})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_codes(&problem), vec![pair("reason", "required")]);
    let (status, closed) = app.post(&format!("{path}/close"), &token, json!({"reason": "已由社区自行解决"})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(closed["status"], "closed_unfulfilled");
    assert_eq!(closed["close_reason"], "已由社区自行解决");
    assert_eq!(closed["version"], 3);

    // Closed is final.
    let (status, problem) = app.post(&format!("{path}/close"), &token, json!({"reason": "again"})).await;
    assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("invalid_transition")));
    let (status, problem) = app.patch(&path, &token, "\"3\"", json!({"title": "改"})).await;
    assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("invalid_transition")));

    let (_, audit) = app.get(&format!("/audit?entity=need&entity_id={id}"), &token).await;
    let actions: Vec<&str> = audit["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, vec!["close", "update", "create"]);
}

#[derive(Debug, Clone, Copy)]
enum Action {
    List,
    Get,
    Create,
    Patch,
    Close,
}
use Action::*;

/// (who, where the need lies, action, expected). For lists, 200 = listed and
/// 404 = left out; creating raises a need in the same place.
#[rustfmt::skip]
const TABLE: &[(&str, &str, Action, u16)] = &[
    ("admin", codes::GRID_OTHER, List, 200), ("admin", codes::GRID_OTHER, Get, 200), ("admin", codes::GRID_OTHER, Create, 201),
    ("admin", codes::GRID_OTHER, Patch, 200), ("admin", codes::GRID_OTHER, Close, 200),
    ("street_admin", codes::GRID_OTHER, List, 200), ("street_admin", codes::GRID_OTHER, Get, 200), ("street_admin", codes::GRID_OTHER, Create, 201),
    ("street_admin", codes::GRID_OTHER, Patch, 200), ("street_admin", codes::GRID_OTHER, Close, 200),
    ("street_admin", "152922101001001", List, 404), ("street_admin", "152922101001001", Get, 404), ("street_admin", "152922101001001", Create, 422),
    ("street_admin", "152922101001001", Patch, 404), ("street_admin", "152922101001001", Close, 404),
    ("community_admin", codes::GRID_2, List, 200), ("community_admin", codes::GRID_2, Get, 200), ("community_admin", codes::GRID_2, Create, 201),
    ("community_admin", codes::GRID_2, Patch, 200), ("community_admin", codes::GRID_2, Close, 200),
    ("community_admin", codes::GRID_OTHER, List, 404), ("community_admin", codes::GRID_OTHER, Get, 404), ("community_admin", codes::GRID_OTHER, Create, 422),
    ("community_admin", codes::GRID_OTHER, Patch, 404), ("community_admin", codes::GRID_OTHER, Close, 404),
    ("grid_worker", codes::GRID_1, List, 200), ("grid_worker", codes::GRID_1, Get, 200), ("grid_worker", codes::GRID_1, Create, 201),
    ("grid_worker", codes::GRID_1, Patch, 200), ("grid_worker", codes::GRID_1, Close, 200),
    ("grid_worker", codes::GRID_2, List, 404), ("grid_worker", codes::GRID_2, Get, 404), ("grid_worker", codes::GRID_2, Create, 422),
    ("grid_worker", codes::GRID_2, Patch, 404), ("grid_worker", codes::GRID_2, Close, 404),
    // Unit contacts read the needs of their home community, and raise none.
    ("unit_contact", codes::GRID_1, List, 200), ("unit_contact", codes::GRID_1, Get, 200), ("unit_contact", codes::GRID_1, Create, 403),
    ("unit_contact", codes::GRID_1, Patch, 403), ("unit_contact", codes::GRID_1, Close, 403),
    ("unit_contact", codes::GRID_OTHER, List, 404), ("unit_contact", codes::GRID_OTHER, Get, 404),
    ("other_contact", codes::GRID_1, List, 200), ("other_contact", codes::GRID_1, Get, 200), ("other_contact", codes::GRID_1, Create, 403),
    ("volunteer", codes::GRID_1, List, 403), ("volunteer", codes::GRID_1, Get, 403), ("volunteer", codes::GRID_1, Create, 403),
    ("volunteer", codes::GRID_1, Patch, 403), ("volunteer", codes::GRID_1, Close, 403),
];

async fn needs_authorization_table(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    other_contact(&app).await;
    let admin = app.token("admin").await;
    let mut tokens = std::collections::HashMap::new();
    for (who, _, _, _) in TABLE {
        if !tokens.contains_key(who) {
            tokens.insert(*who, app.token(who).await);
        }
    }
    let mut failures = Vec::new();
    for (n, (who, place, action, expected)) in TABLE.iter().enumerate() {
        let token = &tokens[who];
        let id = need(&app, &admin, place, "civility", Some(day(30))).await;
        let got = match action {
            List => {
                let (status, page) = app.get(&format!("/needs?area_id={}&page_size=100", app.area(place)), token).await;
                listed(status, &page, id)
            }
            Get => app.get(&format!("/needs/{id}"), token).await.0.as_u16(),
            Create => {
                let body = json!({"area_id": app.area(place), "category": "civility", "title": format!("需求{n}")});
                app.post("/needs", token, body).await.0.as_u16()
            }
            Patch => {
                app.patch(&format!("/needs/{id}"), token, "\"1\"", json!({"title": format!("改{n}")})).await.0.as_u16()
            }
            Close => app.post(&format!("/needs/{id}/close"), token, json!({"reason": "无需"})).await.0.as_u16(),
        };
        if got != *expected {
            failures.push(format!("{who} {action:?} in {place}: expected {expected}, got {got}"));
        }
    }
    assert!(failures.is_empty(), "needs authorization table:\n{}", failures.join("\n"));
}
