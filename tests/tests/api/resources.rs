//! Resources (资源清单): offering, the supermarket shelf, who sees which,
//! who changes which.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::*;
use crate::on_both_backends;
use crate::supply::*;

on_both_backends!(offer_read_and_list, fields_are_checked, edit_with_if_match, resources_authorization_table);

async fn offer_read_and_list(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let contact = app.token("unit_contact").await;
    let community = app.token("community_admin").await;
    let hospital = hospital(&app);

    // A unit contact offers for their own unit; the areas default to its home.
    let res = app
        .request(Method::POST, "/resources", Some(&contact))
        .json(&json!({
            "category": "skills", "title": "法律咨询律师", "description": "每周二下午坐班",
            "quantity": 2, "measure": "名律师",
            "availability": {"weekly": [{"weekday": 2, "from": "14:00", "to": "17:30"}]},
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(res.headers()["etag"], "\"1\"");
    let location = res.headers()["location"].to_str().unwrap().to_string();
    let lawyers: Value = res.json().await.unwrap();
    let id = lawyers["id"].as_i64().unwrap();
    assert_eq!(location, format!("/api/v1/resources/{id}"));
    assert_eq!(lawyers["unit"], json!({"id": hospital, "name": "阿拉善右旗人民医院"}));
    assert_eq!(lawyers["areas"].as_array().unwrap().len(), 1);
    assert_eq!(lawyers["areas"][0]["code"], codes::COMMUNITY_1);
    assert_eq!(
        (lawyers["quantity"].as_i64(), lawyers["reserved"].as_i64(), lawyers["remaining"].as_i64()),
        (Some(2), Some(0), Some(2))
    );
    assert_eq!(lawyers["status"], "available");
    assert_eq!(lawyers["shelf"], false);
    assert_eq!(
        lawyers["availability"],
        json!({"always": false, "date_ranges": [], "weekly": [{"weekday": 2, "from": "14:00", "to": "17:30"}]})
    );
    assert_eq!(lawyers["contact_phone"], "0483-6021234", "the unit's contact when none is given");

    // Staff offer for a unit they see: a shelf item for two grids, no limit.
    let mut body =
        resource_body(hospital, "健康义诊", "volunteer_service", None, &[codes::GRID_1, codes::GRID_2], &app);
    body["shelf"] = json!(true);
    let clinic = resource(&app, &community, body).await;
    let (status, fetched) = app.get(&format!("/resources/{clinic}"), &community).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(fetched["quantity"], Value::Null);
    assert_eq!(fetched["remaining"], Value::Null);
    assert_eq!(fetched["availability"], json!({"always": true, "date_ranges": [], "weekly": []}));
    let codes_served: Vec<&str> =
        fetched["areas"].as_array().unwrap().iter().map(|a| a["code"].as_str().unwrap()).collect();
    assert_eq!(codes_served, vec![codes::GRID_1, codes::GRID_2]);

    // The power company's hall serves community 2 only.
    let street = app.token("street_admin").await;
    let hall = resource(
        &app,
        &street,
        resource_body(power(&app), "供电所会议室", "venue", Some(1), &[codes::COMMUNITY_2], &app),
    )
    .await;

    for (query, expected) in [
        ("", vec![hall, clinic, id]),
        ("sort=title", vec![hall, clinic, id]),
        ("shelf=true", vec![clinic]),
        ("shelf=false", vec![hall, id]),
        ("category=venue", vec![hall]),
        ("q=律师", vec![id]),
        (&*format!("unit_id={hospital}"), vec![clinic, id]),
        (&*format!("area_id={}", app.area(codes::GRID_2)), vec![clinic]),
        (&*format!("area_id={}", app.area(codes::COMMUNITY_1)), vec![clinic, id]),
        (&*format!("area_id={}", app.area(codes::COMMUNITY_B)), vec![]),
        ("status=paused", vec![]),
    ] {
        let (status, page) = app.get(&format!("/resources?{query}"), &street).await;
        assert_eq!(status, StatusCode::OK, "{query}: {page}");
        assert_eq!(ids(&page), expected, "{query}");
    }
    let (status, problem) = app.get("/resources?sort=quantity", &street).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["code"], "unknown_sort_field");

    // A grid worker of grid 1 sees what serves grid 1 or community 1 above it.
    let grid_worker = app.token("grid_worker").await;
    let (_, page) = app.get("/resources", &grid_worker).await;
    assert_eq!(ids(&page), vec![clinic, id]);
    assert_eq!(app.get(&format!("/resources/{hall}"), &grid_worker).await.0, StatusCode::NOT_FOUND);

    let (_, audit) = app.get(&format!("/audit?entity=resource&entity_id={id}"), &community).await;
    assert_eq!(audit["total"], 1);
    assert_eq!(audit["items"][0]["action"], "create");
}

async fn fields_are_checked(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let community = app.token("community_admin").await;
    let contact = app.token("unit_contact").await;
    let hospital = hospital(&app);
    let before = (app.count("SELECT count(*) AS n FROM resources"), app.audit_count());

    let cases: Vec<(&str, Value, FieldCodes)> = vec![
        (
            "blank title",
            json!({"unit_id": hospital, "category": "goods", "title": "  "}),
            vec![pair("title", "required")],
        ),
        (
            "bad phone and negative quantity",
            json!({"unit_id": hospital, "category": "goods", "title": "x", "contact_phone": "123", "quantity": -1}),
            vec![pair("contact_phone", "invalid_phone"), pair("quantity", "out_of_range")],
        ),
        (
            "unknown category",
            json!({"unit_id": hospital, "category": "money", "title": "x"}),
            vec![pair("category", "invalid_type")],
        ),
        ("no unit", json!({"category": "goods", "title": "x"}), vec![pair("unit_id", "required")]),
        (
            "unit out of reach",
            json!({"unit_id": power(&app), "category": "goods", "title": "x"}),
            vec![pair("unit_id", "not_found")],
        ),
        (
            "area out of reach",
            json!({"unit_id": hospital, "category": "goods", "title": "x", "area_ids": [app.area(codes::COMMUNITY_B)]}),
            vec![pair("area_ids[0]", "not_found")],
        ),
        (
            "availability",
            json!({"unit_id": hospital, "category": "venue", "title": "x", "availability": {
                "always": false,
                "date_ranges": [{"from": "2026-06-02", "to": "2026-06-01"}],
                "weekly": [{"weekday": 0, "from": "09:00", "to": "9点"}]}}),
            vec![
                pair("availability.date_ranges[0].to", "ends_before_start"),
                pair("availability.weekly[0].weekday", "out_of_range"),
                pair("availability.weekly[0].to", "invalid_time"),
            ],
        ),
        (
            "always with dates",
            json!({"unit_id": hospital, "category": "venue", "title": "x", "availability": {
                "always": true, "date_ranges": [{"from": "2026-06-01", "to": "2026-06-02"}]}}),
            vec![pair("availability.always", "not_applicable")],
        ),
        (
            "unknown field",
            json!({"unit_id": hospital, "category": "goods", "title": "x", "price": 1}),
            vec![pair("price", "unknown_field")],
        ),
    ];
    for (what, body, expected) in cases {
        let (status, problem) = app.post("/resources", &community, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{what}: {problem}");
        assert_eq!(field_codes(&problem), expected, "{what}");
    }
    // A unit contact offers only for their own unit.
    let (status, problem) =
        app.post("/resources", &contact, json!({"unit_id": power(&app), "category": "goods", "title": "x"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_codes(&problem), vec![pair("unit_id", "not_found")]);
    // A withdrawn unit offers nothing new.
    exec(&app, &format!("UPDATE units SET status = 'withdrawn' WHERE id = {hospital}"));
    let (status, problem) = app.post("/resources", &contact, json!({"category": "goods", "title": "x"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_codes(&problem), vec![pair("unit_id", "unit_withdrawn")]);

    assert_eq!((app.count("SELECT count(*) AS n FROM resources"), app.audit_count()), before, "nothing written");
}

async fn edit_with_if_match(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let contact = app.token("unit_contact").await;
    let id = resource(
        &app,
        &contact,
        json!({"category": "funds", "title": "助学金", "quantity": 2_000_000, "measure": "分"}),
    )
    .await;
    let path = format!("/resources/{id}");

    let (status, _) = send(app.request(Method::PATCH, &path, Some(&contact)).json(&json!({"title": "x"}))).await;
    assert_eq!(status, StatusCode::PRECONDITION_REQUIRED);
    let (status, _) = app.patch(&path, &contact, "\"9\"", json!({"title": "x"})).await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);

    exec(&app, &format!("UPDATE resources SET reserved = 500000 WHERE id = {id}"));
    let (status, problem) = app.patch(&path, &contact, "\"1\"", json!({"quantity": 499_999})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_codes(&problem), vec![pair("quantity", "below_reserved")]);

    let (status, edited) = app
        .patch(
            &path,
            &contact,
            "\"1\"",
            json!({"quantity": 500_000, "status": "paused", "shelf": true, "description": null,
                   "area_ids": [app.area(codes::GRID_1)], "availability": {"date_ranges": [{"from": "2026-09-01", "to": "2026-09-30"}]}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    assert_eq!((edited["quantity"].as_i64(), edited["remaining"].as_i64()), (Some(500_000), Some(0)));
    assert_eq!(edited["status"], "paused");
    assert_eq!(edited["shelf"], true);
    assert_eq!(edited["title"], "助学金", "fields not sent stay");
    assert_eq!(edited["areas"][0]["code"], codes::GRID_1);
    assert_eq!(edited["availability"]["date_ranges"][0]["to"], "2026-09-30");
    assert_eq!(edited["version"], 2);
    // Unlimited again.
    let (status, edited) = app.patch(&path, &contact, "\"2\"", json!({"quantity": null})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(edited["remaining"], Value::Null);

    let (_, audit) =
        app.get(&format!("/audit?entity=resource&entity_id={id}"), &app.token("community_admin").await).await;
    assert_eq!(audit["total"], 3);
    assert_eq!(audit["items"][1]["changes"]["status"], json!({"from": "available", "to": "paused"}));
}

#[derive(Debug, Clone, Copy)]
enum Action {
    List,
    Get,
    Create,
    Patch,
}
use Action::*;

/// (who, whose resource, action, expected). "H" is the hospital's resource
/// serving community 1; "P" the power company's serving community 2 (both in
/// town A); "B" a town-B unit's serving its community. Creating names the
/// same unit (a unit contact names none: their own). For lists, 200 = listed
/// and 404 = left out.
#[rustfmt::skip]
const TABLE: &[(&str, &str, Action, u16)] = &[
    ("admin", "B", List, 200), ("admin", "B", Get, 200), ("admin", "B", Create, 201), ("admin", "B", Patch, 200),
    ("street_admin", "P", List, 200), ("street_admin", "P", Get, 200), ("street_admin", "P", Create, 201), ("street_admin", "P", Patch, 200),
    ("street_admin", "B", List, 404), ("street_admin", "B", Get, 404), ("street_admin", "B", Create, 422), ("street_admin", "B", Patch, 404),
    ("community_admin", "H", List, 200), ("community_admin", "H", Get, 200), ("community_admin", "H", Create, 201), ("community_admin", "H", Patch, 200),
    ("community_admin", "P", List, 404), ("community_admin", "P", Get, 404), ("community_admin", "P", Create, 422), ("community_admin", "P", Patch, 404),
    ("grid_worker", "H", List, 200), ("grid_worker", "H", Get, 200), ("grid_worker", "H", Create, 403), ("grid_worker", "H", Patch, 403),
    ("grid_worker", "P", List, 404), ("grid_worker", "P", Get, 404),
    ("unit_contact", "H", List, 200), ("unit_contact", "H", Get, 200), ("unit_contact", "H", Create, 201), ("unit_contact", "H", Patch, 200),
    ("unit_contact", "P", List, 404), ("unit_contact", "P", Get, 404), ("unit_contact", "P", Patch, 404),
    // Another unit's resource serving their home community: seen, not changed.
    ("other_contact", "H", List, 200), ("other_contact", "H", Get, 200), ("other_contact", "H", Create, 201), ("other_contact", "H", Patch, 403),
    ("other_contact", "P", List, 404), ("other_contact", "P", Get, 404),
    ("volunteer", "H", List, 200), ("volunteer", "H", Get, 200), ("volunteer", "H", Create, 403), ("volunteer", "H", Patch, 403),
    ("volunteer", "P", List, 404), ("volunteer", "P", Get, 404),
];

async fn resources_authorization_table(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    other_contact(&app).await;
    let town_b = new_unit(&app, "阿拉腾敖包镇卫生院", 2, codes::COMMUNITY_B).await;
    let admin = app.token("admin").await;
    let units = [
        ("H", hospital(&app), codes::COMMUNITY_1),
        ("P", power(&app), codes::COMMUNITY_2),
        ("B", town_b, codes::COMMUNITY_B),
    ];
    let mut tokens = std::collections::HashMap::new();
    for (who, _, _, _) in TABLE {
        if !tokens.contains_key(who) {
            tokens.insert(*who, app.token(who).await);
        }
    }
    let mut failures = Vec::new();
    for (n, (who, whose, action, expected)) in TABLE.iter().enumerate() {
        let token = &tokens[who];
        let &(_, unit, area) = units.iter().find(|u| u.0 == *whose).unwrap();
        let id =
            resource(&app, &admin, resource_body(unit, &format!("资源{n}"), "goods", Some(10), &[area], &app)).await;
        let got = match action {
            List => {
                let (status, page) = app.get(&format!("/resources?q=资源{n}&page_size=100"), token).await;
                listed(status, &page, id)
            }
            Get => app.get(&format!("/resources/{id}"), token).await.0.as_u16(),
            Create => {
                let mut body = json!({"category": "goods", "title": format!("新资源{n}")});
                if !who.ends_with("contact") {
                    body["unit_id"] = json!(unit);
                }
                app.post("/resources", token, body).await.0.as_u16()
            }
            Patch => app
                .patch(&format!("/resources/{id}"), token, "\"1\"", json!({"title": format!("改{n}")}))
                .await
                .0
                .as_u16(),
        };
        if got != *expected {
            failures.push(format!("{who} {action:?} {whose}: expected {expected}, got {got}"));
        }
    }
    assert!(failures.is_empty(), "resources authorization table:\n{}", failures.join("\n"));
}
