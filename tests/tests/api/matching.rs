//! Ranked matches for a need, on hand-built cases: the order, the reasons,
//! what is left out, and who may ask.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::*;
use crate::on_both_backends;
use crate::supply::*;

on_both_backends!(ranked_on_hand_built_cases, matches_authorization);

fn titles(ranked: &Value) -> Vec<String> {
    ranked.as_array().unwrap().iter().map(|m| m["resource"]["title"].as_str().unwrap().to_string()).collect()
}

fn reason<'a>(m: &'a Value, factor: &str) -> (i64, &'a str) {
    let r = m["reasons"].as_array().unwrap().iter().find(|r| r["factor"] == factor).expect(factor);
    (r["points"].as_i64().unwrap(), r["text"].as_str().unwrap())
}

async fn ranked_on_hand_built_cases(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("admin").await;
    let street = app.token("street_admin").await;
    let hospital = hospital(&app);
    let clinic = new_unit(&app, "巴丹吉林社区卫生服务站", 1, codes::COMMUNITY_1).await;
    let far_unit = new_unit(&app, "阿拉腾敖包镇卫生院", 2, codes::COMMUNITY_B).await;
    let banner_unit = new_unit(&app, "旗红十字会", 3, codes::BANNER).await;
    // The hospital has an active agreement with community 1.
    let (status, agreement) = app
        .post("/agreements", &admin, json!({"unit_id": hospital, "community_id": app.area(codes::COMMUNITY_1), "starts_on": day(-30), "ends_on": day(300)}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{agreement}");
    let (status, _) = app.post(&format!("/agreements/{}/activate", agreement["id"]), &admin, json!({})).await;
    assert_eq!(status, StatusCode::OK);

    let need_id = need(&app, &street, codes::GRID_1, "care", Some(day(10))).await;
    let add = |unit: i64, title: &str, category: &str, quantity: Option<i64>, area: &str| {
        resource_body(unit, title, category, quantity, &[area], &app)
    };
    // Same grid, best category, agreement: first.
    resource(&app, &admin, add(hospital, "助老志愿队", "volunteer_service", None, codes::GRID_1)).await;
    // Same community, good category, a little left.
    resource(&app, &admin, add(clinic, "上门护理", "skills", Some(3), codes::COMMUNITY_1)).await;
    // The same, but only from after the wanted-by day.
    let mut late = add(clinic, "暑期护理", "skills", Some(3), codes::COMMUNITY_1);
    late["availability"] = json!({"date_ranges": [{"from": day(11), "to": day(40)}]});
    resource(&app, &admin, late).await;
    // Same street (a grid of community 2), weaker category.
    resource(&app, &admin, add(power(&app), "慰问物资", "goods", None, codes::GRID_OTHER)).await;
    // Banner-wide: the farthest that still serves the grid.
    resource(&app, &admin, add(banner_unit, "红十字会场地", "venue", None, codes::BANNER)).await;
    // Left out: another street, paused, used up, a withdrawn unit.
    resource(&app, &admin, add(far_unit, "镇卫生院义诊", "volunteer_service", None, codes::COMMUNITY_B)).await;
    let paused = resource(&app, &admin, add(hospital, "暂停项目", "volunteer_service", None, codes::GRID_1)).await;
    exec(&app, &format!("UPDATE resources SET status = 'paused' WHERE id = {paused}"));
    let used = resource(&app, &admin, add(hospital, "已用完项目", "volunteer_service", Some(2), codes::GRID_1)).await;
    exec(&app, &format!("UPDATE resources SET reserved = 2 WHERE id = {used}"));
    let gone = new_unit(&app, "已退出单位", 4, codes::COMMUNITY_1).await;
    resource(&app, &admin, add(gone, "退出单位项目", "volunteer_service", None, codes::GRID_1)).await;
    exec(&app, &format!("UPDATE units SET status = 'withdrawn' WHERE id = {gone}"));

    let (status, ranked) = app.get(&format!("/needs/{need_id}/matches"), &street).await;
    assert_eq!(status, StatusCode::OK, "{ranked}");
    assert_eq!(titles(&ranked), vec!["助老志愿队", "上门护理", "暑期护理", "慰问物资", "红十字会场地"]);
    let first = &ranked[0];
    assert_eq!(first["score"], 25 + 25 + 15 + 10 + 15 + 3 + 2);
    assert_eq!(reason(first, "closeness"), (25, "同一网格"));
    assert_eq!(reason(first, "agreement"), (15, "有效共建协议"));
    assert_eq!(reason(first, "acceptance_rate"), (3, "暂无接单记录"));
    assert_eq!(reason(&ranked[1], "closeness"), (18, "同一社区"));
    assert_eq!(reason(&ranked[1], "quantity"), (8, "剩余 3次"));
    assert_eq!(reason(&ranked[2], "availability"), (0, "需求日期前不可用"));
    assert_eq!(reason(&ranked[3], "closeness"), (10, "同一街道"));
    assert_eq!(reason(&ranked[4], "closeness").0, 4);
    for m in ranked.as_array().unwrap() {
        let sum: i64 = m["reasons"].as_array().unwrap().iter().map(|r| r["points"].as_i64().unwrap()).sum();
        assert_eq!(m["score"].as_i64().unwrap(), sum, "the score is the sum of its reasons");
        assert_eq!(m["reasons"].as_array().unwrap().len(), 7);
    }

    // A history of declining and poor ratings moves the clinic below the late item's peer.
    let nursing = ranked[1]["resource"]["id"].as_i64().unwrap();
    let late_id = ranked[2]["resource"]["id"].as_i64().unwrap();
    assert!(ranked[1]["score"].as_i64() > ranked[2]["score"].as_i64());
    let other = need(&app, &street, codes::GRID_2, "care", None).await;
    for _ in 0..2 {
        let (status, svc) = app.post("/services", &street, json!({"need_id": other, "resource_id": nursing})).await;
        assert_eq!(status, StatusCode::CREATED, "{svc}");
        let (status, _) =
            app.post(&format!("/services/{}/decline", svc["id"]), &admin, json!({"reason": "没空"})).await;
        assert_eq!(status, StatusCode::OK);
    }
    let (_, ranked) = app.get(&format!("/needs/{need_id}/matches"), &street).await;
    let nursing_match = ranked.as_array().unwrap().iter().find(|m| m["resource"]["id"] == nursing).unwrap();
    assert_eq!(reason(nursing_match, "acceptance_rate"), (0, "接单率 0%"));
    let late_match = ranked.as_array().unwrap().iter().find(|m| m["resource"]["id"] == late_id).unwrap();
    assert_eq!(reason(late_match, "acceptance_rate").0, 0, "the same unit's record");

    // limit
    let (_, two) = app.get(&format!("/needs/{need_id}/matches?limit=2"), &street).await;
    assert_eq!(titles(&two), vec!["助老志愿队", "上门护理"]);
    for bad in ["0", "101"] {
        let (status, problem) = app.get(&format!("/needs/{need_id}/matches?limit={bad}"), &street).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(field_codes(&problem), vec![pair("limit", "out_of_range")]);
    }
    // A community admin sees only what they could propose: not community 2's goods.
    let community = app.token("community_admin").await;
    let (_, mine) = app.get(&format!("/needs/{need_id}/matches"), &community).await;
    assert!(!titles(&mine).contains(&"慰问物资".to_string()));
    assert_eq!(titles(&mine)[0], "助老志愿队");

    // Banner-wide and also for a grid of community 2: as close as the street,
    // for the community admin as well, who reaches it only through the
    // banner: the areas they cannot see still say how near it comes.
    let both = resource_body(banner_unit, "红十字会流动站", "venue", None, &[codes::BANNER, codes::GRID_OTHER], &app);
    resource(&app, &admin, both).await;
    for token in [&street, &community] {
        let (_, ranked) = app.get(&format!("/needs/{need_id}/matches"), token).await;
        let roving = ranked.as_array().unwrap().iter().find(|m| m["resource"]["title"] == "红十字会流动站").unwrap();
        assert_eq!(reason(roving, "closeness"), (10, "同一街道"));
    }
}

async fn matches_authorization(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("admin").await;
    let inside = need(&app, &admin, codes::GRID_1, "care", None).await;
    let outside = need(&app, &admin, codes::GRID_OTHER, "care", None).await;
    for (who, id, expected) in [
        ("admin", outside, 200),
        ("street_admin", outside, 200),
        ("community_admin", inside, 200),
        ("community_admin", outside, 404),
        ("grid_worker", inside, 200),
        ("grid_worker", outside, 404),
        ("unit_contact", inside, 403),
        ("volunteer", inside, 403),
    ] {
        let token = app.token(who).await;
        let (status, body) = app.get(&format!("/needs/{id}/matches"), &token).await;
        assert_eq!(status.as_u16(), expected, "{who}: {body}");
    }
}
