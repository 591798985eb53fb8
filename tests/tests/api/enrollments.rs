//! Projects, shifts and sign-ups: the shift generator, places never
//! over-filled under simultaneous sign-ups, the waitlist and its promotion,
//! refusals of duplicates and overlaps, idempotent retries, changing and
//! deleting shifts, projects organised by a unit's contact.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::*;
use crate::on_both_backends;
use crate::volunteers::volunteer;

on_both_backends!(
    shifts_are_generated_all_or_nothing,
    simultaneous_sign_ups_never_over_fill,
    withdrawal_promotes_the_first_waitlisted,
    cancelling_a_project_withdraws_its_sign_ups,
    shifts_are_changed_and_deleted_while_nobody_loses_a_place,
    unit_contacts_organise_their_units_projects,
    duplicates_and_overlaps_are_refused,
    sign_ups_are_idempotent,
    volunteers_sign_themselves_up,
    check_in_out_and_hours,
);

/// A recruiting project of community 1 (approval `mode`); returns its id.
async fn project(app: &TestApp, token: &str, mode: &str) -> i64 {
    let body = json!({
        "title": "清扫楼道", "category": "sanitation", "organiser_kind": "community",
        "area_id": app.area(codes::COMMUNITY_1), "approval_mode": mode,
    });
    let (status, created) = app.post("/volunteer-projects", token, body).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_i64().unwrap();
    let (status, published) = app.post(&format!("/volunteer-projects/{id}/publish"), token, json!({})).await;
    assert_eq!((status, published["status"].as_str()), (StatusCode::OK, Some("recruiting")));
    id
}

/// A shift `day` days ahead, at `hour` for two hours.
async fn shift(app: &TestApp, token: &str, project: i64, day: i64, hour: u32, places: i32) -> i64 {
    let start =
        (chrono::Utc::now() + chrono::Duration::days(day)).date_naive().and_hms_opt(hour, 0, 0).unwrap().and_utc();
    let body = json!({"starts_at": start, "ends_at": start + chrono::Duration::hours(2), "places": places});
    let (status, created) = app.post(&format!("/volunteer-projects/{project}/shifts"), token, body).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    created["id"].as_i64().unwrap()
}

async fn sign_up(app: &TestApp, token: &str, shift: i64, volunteer: i64) -> (StatusCode, Value) {
    app.post(&format!("/shifts/{shift}/enrollments"), token, json!({"volunteer_id": volunteer})).await
}

async fn shifts_are_generated_all_or_nothing(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("community_admin").await;
    let id = project(&app, &admin, "automatic").await;
    let path = format!("/volunteer-projects/{id}/shifts/generate");
    let body = json!({
        "from": "2030-05-01", "to": "2030-05-04", "places": 3,
        "windows": [{"start": "12:00", "end": "16:00"}, {"start": "08:00", "end": "12:00"}],
    });
    let (status, made) = app.post(&path, &admin, body).await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let items = made["items"].as_array().unwrap();
    assert_eq!(items.len(), 8);
    // 1 May 08:00 in Asia/Shanghai is 00:00 UTC; in time order.
    assert_eq!(items[0]["starts_at"], "2030-05-01T00:00:00Z");
    assert_eq!(items[1]["starts_at"], "2030-05-01T04:00:00Z");
    assert_eq!(items[7]["ends_at"], "2030-05-04T08:00:00Z");
    assert!(items.iter().all(|s| s["places"] == 3 && s["places_left"] == 3));
    for bad in [
        json!({"from": "2030-05-04", "to": "2030-05-01", "places": 3, "windows": [{"start": "08:00", "end": "12:00"}]}),
        json!({"from": "2030-05-01", "to": "2030-05-02", "places": 3, "windows": [{"start": "08:00", "end": "12:00"}, {"start": "11:00", "end": "13:00"}]}),
        json!({"from": "2030-05-01", "to": "2030-05-02", "places": 3, "windows": [{"start": "8h", "end": "12:00"}]}),
        json!({"from": "2030-05-01", "to": "2030-05-02", "places": 0, "windows": [{"start": "08:00", "end": "12:00"}]}),
    ] {
        let (status, problem) = app.post(&path, &admin, bad.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {problem}");
    }
    let (_, list) = app.get(&format!("/volunteer-projects/{id}/shifts"), &admin).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 8, "refused generations made nothing");
}

/// 200 sign-ups for 10 places sent at once: exactly 10 enrolled, 190
/// waitlisted in order, and the shift counts 10 taken.
async fn simultaneous_sign_ups_never_over_fill(backend: Backend) {
    // Sign-ups to one shift queue on its row; on a busy test machine 200 of
    // them may wait longer for a pooled connection than the default 3 s,
    // which would answer 503 (retry later) rather than test the places.
    let Some(app) = TestApp::spawn_with(backend, |c| c.db_timeout_ms = 60_000).await else { return };
    let admin = app.token("admin").await;
    let organiser = app.token("community_admin").await;
    let mut volunteers = Vec::new();
    for n in 0..200 {
        volunteers.push(volunteer(&app, &admin, 100 + n, codes::GRID_1).await);
    }
    let p = project(&app, &organiser, "automatic").await;
    let s = shift(&app, &organiser, p, 3, 8, 10).await;
    let attempts = volunteers.iter().map(|v| {
        let req = app
            .request(Method::POST, &format!("/shifts/{s}/enrollments"), Some(&organiser))
            .json(&json!({"volunteer_id": v}));
        async move { send(req).await }
    });
    let handles: Vec<_> = attempts.map(tokio::spawn).collect();
    let mut results = Vec::new();
    for h in handles {
        results.push(h.await.unwrap());
    }
    assert!(
        results.iter().all(|(s, _)| *s == StatusCode::CREATED),
        "{:?}",
        results.iter().map(|r| r.0).collect::<Vec<_>>()
    );
    let enrolled = results.iter().filter(|(_, b)| b["status"] == "enrolled").count();
    let mut positions: Vec<i64> = results.iter().filter_map(|(_, b)| b["waitlist_position"].as_i64()).collect();
    positions.sort();
    assert_eq!((enrolled, positions.len()), (10, 190));
    assert_eq!(positions, (1..=190).collect::<Vec<_>>(), "each waitlist place once");
    assert_eq!(app.count(&format!("SELECT CAST(taken AS BIGINT) AS n FROM volunteer_shifts WHERE id = {s}")), 10);
    assert_eq!(app.count(&format!("SELECT count(*) AS n FROM enrollments WHERE shift_id = {s} AND holds_place")), 10);
    let (_, view) = app.get(&format!("/shifts/{s}"), &organiser).await;
    assert_eq!((view["places_left"].as_i64(), view["waitlisted"].as_i64()), (Some(0), Some(190)));
    assert_eq!(view["roster"].as_array().unwrap().len(), 200);
}

async fn withdrawal_promotes_the_first_waitlisted(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("admin").await;
    let organiser = app.token("community_admin").await;
    let p = project(&app, &organiser, "automatic").await;
    let s = shift(&app, &organiser, p, 2, 8, 2).await;
    let mut ids = Vec::new();
    for n in 0..4 {
        let v = volunteer(&app, &admin, n, codes::GRID_1).await;
        let (status, body) = sign_up(&app, &organiser, s, v).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        ids.push((body["id"].as_i64().unwrap(), body["status"].as_str().unwrap().to_string()));
    }
    let statuses: Vec<&str> = ids.iter().map(|(_, s)| s.as_str()).collect();
    assert_eq!(statuses, ["enrolled", "enrolled", "waitlisted", "waitlisted"]);
    let (status, withdrawn) =
        app.post(&format!("/enrollments/{}/withdraw", ids[0].0), &organiser, json!({"reason": "生病"})).await;
    assert_eq!((status, withdrawn["status"].as_str()), (StatusCode::OK, Some("withdrawn")), "{withdrawn}");
    let (_, view) = app.get(&format!("/shifts/{s}"), &organiser).await;
    let roster: Vec<(i64, String)> = view["roster"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["id"].as_i64().unwrap(), e["status"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(roster[2], (ids[2].0, "enrolled".to_string()), "the first waitlisted is promoted");
    assert_eq!(roster[3].1, "waitlisted");
    assert_eq!(view["roster"][3]["waitlist_position"], 1);
    assert_eq!((view["taken"].as_i64(), view["waitlisted"].as_i64()), (Some(2), Some(1)));
    // A waitlisted one withdrawing frees nothing; withdrawing twice is refused.
    assert_eq!(app.post(&format!("/enrollments/{}/withdraw", ids[3].0), &organiser, json!({})).await.0, StatusCode::OK);
    let (status, again) = app.post(&format!("/enrollments/{}/withdraw", ids[3].0), &organiser, json!({})).await;
    assert_eq!((status, again["code"].as_str()), (StatusCode::CONFLICT, Some("invalid_transition")));
    assert_eq!(app.get(&format!("/shifts/{s}"), &organiser).await.1["taken"], 2);
}

async fn cancelling_a_project_withdraws_its_sign_ups(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("admin").await;
    let organiser = app.token("community_admin").await;
    let p = project(&app, &organiser, "automatic").await;
    let (s1, s2) = (shift(&app, &organiser, p, 2, 8, 2).await, shift(&app, &organiser, p, 3, 8, 5).await);
    let other = shift(&app, &organiser, project(&app, &organiser, "automatic").await, 2, 14, 2).await;
    let mut ids = Vec::new();
    for n in 0..3 {
        let v = volunteer(&app, &admin, n, codes::GRID_1).await;
        for s in [s1, s2] {
            let (status, body) = sign_up(&app, &organiser, s, v).await;
            assert_eq!(status, StatusCode::CREATED, "{body}");
            ids.push(body["id"].as_i64().unwrap());
        }
        if n == 0 {
            assert_eq!(sign_up(&app, &organiser, other, v).await.0, StatusCode::CREATED);
        }
    }
    // s1: two enrolled and one waitlisted; s2: three enrolled.
    assert_eq!(app.get(&format!("/shifts/{s1}"), &organiser).await.1["waitlisted"], 1);

    let (status, cancelled) =
        app.post(&format!("/volunteer-projects/{p}/cancel"), &organiser, json!({"reason": "暴雨预警"})).await;
    assert_eq!((status, cancelled["status"].as_str()), (StatusCode::OK, Some("cancelled")), "{cancelled}");
    for s in [s1, s2] {
        let (_, view) = app.get(&format!("/shifts/{s}"), &organiser).await;
        assert_eq!((view["taken"].as_i64(), view["waitlisted"].as_i64()), (Some(0), Some(0)), "{view}");
        assert_eq!(view["roster"].as_array().unwrap().len(), 3, "{view}");
        for entry in view["roster"].as_array().unwrap() {
            assert_eq!(entry["status"], "withdrawn", "{entry}");
            assert_eq!(entry["reason"], "项目已取消：暴雨预警", "{entry}");
        }
    }
    // Withdrawn means what a volunteer's own withdrawal means: nothing more to withdraw.
    let (status, again) = app.post(&format!("/enrollments/{}/withdraw", ids[0]), &organiser, json!({})).await;
    assert_eq!((status, again["code"].as_str()), (StatusCode::CONFLICT, Some("invalid_transition")));
    // Another project's shift is untouched.
    let (_, view) = app.get(&format!("/shifts/{other}"), &organiser).await;
    assert_eq!((view["taken"].as_i64(), view["roster"][0]["status"].as_str()), (Some(1), Some("enrolled")));
    // The cancellation's audit entry counts what it withdrew.
    let (_, audit) = app.get(&format!("/audit?entity=volunteer_project&entity_id={p}&action=cancel"), &admin).await;
    assert_eq!(audit["items"][0]["changes"]["withdrawn_sign_ups"], 6, "{audit}");
}

async fn shifts_are_changed_and_deleted_while_nobody_loses_a_place(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("admin").await;
    let organiser = app.token("community_admin").await;
    let p = project(&app, &organiser, "automatic").await;
    let s = shift(&app, &organiser, p, 2, 8, 2).await;
    let path = format!("/shifts/{s}");

    // Nobody signed up yet: the times move, and the ETag follows the version.
    let etag = app.etag(&path).await;
    let start = (chrono::Utc::now() + chrono::Duration::days(2)).date_naive().and_hms_opt(9, 0, 0).unwrap().and_utc();
    let body = json!({"starts_at": start, "ends_at": start + chrono::Duration::hours(3)});
    let (status, moved) = app.patch(&path, &organiser, &etag, body.clone()).await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    let starts_at = |v: &Value| chrono::DateTime::parse_from_rfc3339(v["starts_at"].as_str().unwrap()).unwrap();
    assert_eq!(starts_at(&moved), start, "{moved}");
    assert_eq!((moved["places"].as_i64(), moved["version"].as_i64()), (Some(2), Some(2)));
    assert_eq!(app.patch(&path, &organiser, &etag, body).await.0, StatusCode::PRECONDITION_FAILED);
    assert_eq!(app.patch(&path, &organiser, "", json!({"places": 3})).await.0, StatusCode::PRECONDITION_FAILED);
    let (status, bad) = app.patch(&path, &organiser, "*", json!({"ends_at": start - chrono::Duration::hours(1)})).await;
    assert_eq!(
        (status, bad["errors"][0]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("ends_before_start"))
    );

    // Three sign up for two places: one waits.
    let mut ids = Vec::new();
    for n in 0..3 {
        let v = volunteer(&app, &admin, n, codes::GRID_1).await;
        ids.push(sign_up(&app, &organiser, s, v).await.1["id"].as_i64().unwrap());
    }
    // Now the times stay, places cannot drop below those taken, and a raise
    // gives the new place to the one waiting.
    let (status, refused) =
        app.patch(&path, &organiser, "*", json!({"starts_at": start + chrono::Duration::hours(1)})).await;
    assert_eq!((status, refused["code"].as_str()), (StatusCode::CONFLICT, Some("has_sign_ups")), "{refused}");
    let (status, refused) = app.patch(&path, &organiser, "*", json!({"places": 1})).await;
    assert_eq!(
        (status, refused["errors"][0]["field"].as_str(), refused["errors"][0]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("places"), Some("below_taken")),
        "{refused}"
    );
    let (status, raised) = app.patch(&path, &organiser, "*", json!({"places": 4})).await;
    assert_eq!(status, StatusCode::OK, "{raised}");
    assert_eq!(
        (raised["taken"].as_i64(), raised["waitlisted"].as_i64(), raised["places_left"].as_i64()),
        (Some(3), Some(0), Some(1))
    );
    assert_eq!(raised["roster"][2]["id"].as_i64(), Some(ids[2]));
    assert_eq!(raised["roster"][2]["status"], "enrolled", "{raised}");
    let (status, lowered) = app.patch(&path, &organiser, "*", json!({"places": 3})).await;
    assert_eq!((status, lowered["places_left"].as_i64()), (StatusCode::OK, Some(0)));
    let (_, audit) =
        app.get(&format!("/audit?entity=volunteer_project&entity_id={p}&action=update_shift"), &admin).await;
    assert_eq!(audit["items"][1]["changes"]["promoted_sign_ups"], 1, "{audit}");

    // A shift with sign-ups is not deleted, even when they have all withdrawn.
    let (status, refused) = app.delete(&path, &organiser, "*").await;
    assert_eq!((status, refused["code"].as_str()), (StatusCode::CONFLICT, Some("still_referenced")));
    for id in &ids {
        app.post(&format!("/enrollments/{id}/withdraw"), &organiser, json!({})).await;
    }
    assert_eq!(app.delete(&path, &organiser, "*").await.0, StatusCode::CONFLICT);
    // With nobody standing, the times move again, withdrawn sign-ups following them.
    let later = start + chrono::Duration::days(1);
    let (status, moved) = app
        .patch(&path, &organiser, "*", json!({"starts_at": later, "ends_at": later + chrono::Duration::hours(2)}))
        .await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    let stale: i64 = app
        .count(&format!("SELECT count(*) AS n FROM enrollments WHERE shift_id = {s} AND starts_at <> (SELECT starts_at FROM volunteer_shifts WHERE id = {s})"));
    assert_eq!(stale, 0);

    // An empty shift is deleted, once; then it is gone.
    let empty = shift(&app, &organiser, p, 4, 8, 2).await;
    let empty_path = format!("/shifts/{empty}");
    assert_eq!(app.delete(&empty_path, &organiser, "\"99\"").await.0, StatusCode::PRECONDITION_FAILED);
    assert_eq!(app.delete(&empty_path, &organiser, "\"1\"").await.0, StatusCode::NO_CONTENT);
    assert_eq!(app.get(&empty_path, &organiser).await.0, StatusCode::NOT_FOUND);
    assert_eq!(app.delete(&empty_path, &organiser, "*").await.0, StatusCode::NOT_FOUND);

    // A shift that is over, or of a cancelled project, is not changed.
    let past = shift(&app, &organiser, p, 5, 8, 2).await;
    let now = chrono::Utc::now();
    move_shift(&app, past, now - chrono::Duration::hours(3), now - chrono::Duration::hours(1));
    let (status, refused) = app.patch(&format!("/shifts/{past}"), &organiser, "*", json!({"places": 5})).await;
    assert_eq!((status, refused["code"].as_str()), (StatusCode::CONFLICT, Some("invalid_transition")));
    app.post(&format!("/volunteer-projects/{p}/cancel"), &organiser, json!({"reason": "取消"})).await;
    let (status, refused) = app.patch(&path, &organiser, "*", json!({"places": 5})).await;
    assert_eq!((status, refused["code"].as_str()), (StatusCode::CONFLICT, Some("invalid_transition")));
}

async fn unit_contacts_organise_their_units_projects(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("admin").await;
    let community = app.token("community_admin").await;
    let contact = app.token("unit_contact").await;
    let hospital = app.count("SELECT id AS n FROM units WHERE name = '阿拉善右旗人民医院'");
    let power = app.count("SELECT id AS n FROM units WHERE name = '阿拉善右旗供电分公司'");
    let area = app.area(codes::COMMUNITY_1);

    // They organise as their unit, named or not, and as nobody else.
    let body = json!({"title": "健康义诊", "category": "care", "organiser_kind": "unit", "area_id": area});
    let (status, own) = app.post("/volunteer-projects", &contact, body).await;
    assert_eq!(status, StatusCode::CREATED, "{own}");
    assert_eq!((own["organiser"]["kind"].as_str(), own["organiser"]["id"].as_i64()), (Some("unit"), Some(hospital)));
    let p = own["id"].as_i64().unwrap();
    for (body, field) in [
        (
            json!({"title": "巡逻", "category": "public_order", "organiser_kind": "community", "area_id": area}),
            "organiser_kind",
        ),
        (
            json!({"title": "巡逻", "category": "public_order", "organiser_kind": "unit", "organiser_unit_id": power, "area_id": area}),
            "organiser_unit_id",
        ),
    ] {
        let (status, refused) = app.post("/volunteer-projects", &contact, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        assert_eq!(
            (refused["errors"][0]["field"].as_str(), refused["errors"][0]["code"].as_str()),
            (Some(field), Some("beyond_your_reach"))
        );
    }

    // They see their unit's projects, also one the community set up for the
    // unit, and not the community's own nor another unit's.
    let body = json!({"title": "献血", "category": "care", "organiser_kind": "unit", "organiser_unit_id": hospital, "area_id": area});
    let for_them = app.post("/volunteer-projects", &community, body).await.1["id"].as_i64().unwrap();
    let body = json!({"title": "安全用电", "category": "convenience", "organiser_kind": "unit", "organiser_unit_id": power, "area_id": area});
    let others = app.post("/volunteer-projects", &admin, body).await.1["id"].as_i64().unwrap();
    let community_own = project(&app, &community, "automatic").await;
    let (status, page) = app.get("/volunteer-projects?page_size=100", &contact).await;
    assert_eq!(status, StatusCode::OK);
    let mut listed: Vec<i64> = page["items"].as_array().unwrap().iter().map(|x| x["id"].as_i64().unwrap()).collect();
    listed.sort();
    assert_eq!(listed, [p, for_them]);
    for hidden in [others, community_own] {
        assert_eq!(app.get(&format!("/volunteer-projects/{hidden}"), &contact).await.0, StatusCode::NOT_FOUND);
        assert_eq!(
            app.post(&format!("/volunteer-projects/{hidden}/publish"), &contact, json!({})).await.0,
            StatusCode::NOT_FOUND
        );
    }
    assert_eq!(
        app.post(&format!("/volunteer-projects/{for_them}/publish"), &contact, json!({})).await.0,
        StatusCode::OK
    );

    // Their shifts, the unit's own staff signed up, check-in on the spot, hours.
    assert_eq!(app.post(&format!("/volunteer-projects/{p}/publish"), &contact, json!({})).await.0, StatusCode::OK);
    let now = chrono::Utc::now();
    let body = json!({"starts_at": now - chrono::Duration::minutes(5), "ends_at": now + chrono::Duration::minutes(60), "places": 2});
    let (status, s) = app.post(&format!("/volunteer-projects/{p}/shifts"), &contact, body).await;
    assert_eq!(status, StatusCode::CREATED, "{s}");
    let mut body = crate::volunteers::volunteer_body(&app, 1, codes::GRID_1);
    body["work_unit_name"] = Value::Null;
    body["work_unit_id"] = json!(hospital);
    let staff = app.post("/volunteers", &admin, body).await.1["id"].as_i64().unwrap();
    let stranger = volunteer(&app, &admin, 2, codes::GRID_1).await;
    let (status, refused) = sign_up(&app, &contact, s["id"].as_i64().unwrap(), stranger).await;
    assert_eq!((status, refused["errors"][0]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("not_found")));
    let (status, e) = sign_up(&app, &contact, s["id"].as_i64().unwrap(), staff).await;
    assert_eq!((status, e["status"].as_str()), (StatusCode::CREATED, Some("enrolled")), "{e}");
    let (_, roster) = app.get(&format!("/shifts/{}", s["id"]), &contact).await;
    assert_eq!(roster["roster"].as_array().map(Vec::len), Some(1), "{roster}");
    assert!(roster["check_in_code"].is_string(), "{roster}");
    let path = |step: &str| format!("/enrollments/{}/{step}", e["id"]);
    for step in ["check-in", "check-out", "confirm-hours"] {
        let (status, body) = app.post(&path(step), &contact, json!({})).await;
        assert_eq!(status, StatusCode::OK, "{step}: {body}");
    }
    // The community still oversees what is organised in it.
    assert_eq!(app.get(&format!("/volunteer-projects/{p}"), &community).await.0, StatusCode::OK);
    let (_, records) = app.get(&format!("/service-records?project_id={p}"), &community).await;
    assert_eq!(records["total"], 1, "{records}");
    let adjust = format!("/service-records/{}/adjust", records["items"][0]["id"]);
    let (status, adjusted) =
        app.post(&adjust, &contact, json!({"corrected_minutes": 30, "reason": "核对签到表"})).await;
    assert_eq!(status, StatusCode::CREATED, "{adjusted}");
}

async fn duplicates_and_overlaps_are_refused(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("admin").await;
    let organiser = app.token("community_admin").await;
    let p = project(&app, &organiser, "automatic").await;
    let morning = shift(&app, &organiser, p, 2, 8, 5).await;
    let overlapping = shift(&app, &organiser, p, 2, 9, 5).await;
    let later = shift(&app, &organiser, p, 2, 10, 5).await;
    let v = volunteer(&app, &admin, 1, codes::GRID_1).await;
    assert_eq!(sign_up(&app, &organiser, morning, v).await.0, StatusCode::CREATED);
    let (status, dup) = sign_up(&app, &organiser, morning, v).await;
    assert_eq!((status, dup["code"].as_str()), (StatusCode::CONFLICT, Some("already_enrolled")));
    let (status, over) = sign_up(&app, &organiser, overlapping, v).await;
    assert_eq!((status, over["code"].as_str()), (StatusCode::CONFLICT, Some("overlapping_shift")));
    // Back to back is not an overlap.
    assert_eq!(sign_up(&app, &organiser, later, v).await.0, StatusCode::CREATED);
    assert_eq!(app.count(&format!("SELECT count(*) AS n FROM enrollments WHERE volunteer_id = {v}")), 2);

    // A pending registration cannot sign up.
    let (_, reg) =
        send(app.request(Method::POST, "/volunteers/register", None).json(&crate::volunteers::registration(&app, 50)))
            .await;
    let pending = reg["volunteer"]["id"].as_i64().unwrap();
    let (status, refused) = sign_up(&app, &organiser, morning, pending).await;
    assert_eq!((status, refused["code"].as_str()), (StatusCode::CONFLICT, Some("volunteer_not_active")));
    // Nor can anyone sign up to a draft project's shift.
    let (_, draft) = app
        .post("/volunteer-projects", &organiser, json!({"title": "草稿", "category": "care", "organiser_kind": "community", "area_id": app.area(codes::GRID_1)}))
        .await;
    let draft_shift = shift(&app, &organiser, draft["id"].as_i64().unwrap(), 5, 8, 5).await;
    let (status, closed) = sign_up(&app, &organiser, draft_shift, v).await;
    assert_eq!((status, closed["code"].as_str()), (StatusCode::CONFLICT, Some("not_recruiting")));
}

async fn sign_ups_are_idempotent(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("admin").await;
    let organiser = app.token("community_admin").await;
    let p = project(&app, &organiser, "automatic").await;
    let s = shift(&app, &organiser, p, 2, 8, 5).await;
    let v = volunteer(&app, &admin, 1, codes::GRID_1).await;
    let w = volunteer(&app, &admin, 2, codes::GRID_1).await;
    let post = |body: Value, key: &'static str| {
        let req = app
            .request(Method::POST, &format!("/shifts/{s}/enrollments"), Some(&organiser))
            .header("Idempotency-Key", key)
            .json(&body);
        async move {
            let res = req.send().await.unwrap();
            let status = res.status();
            let location = res.headers().get("location").map(|l| l.to_str().unwrap().to_string());
            (status, location, res.text().await.unwrap())
        }
    };
    let first = post(json!({"volunteer_id": v}), "k-1").await;
    assert_eq!(first.0, StatusCode::CREATED, "{}", first.2);
    let retry = post(json!({"volunteer_id": v}), "k-1").await;
    assert_eq!(retry, first, "the first answer again, not already_enrolled");
    // Concurrent duplicates with a fresh key: one runs, the other replays it.
    let (a, b) = tokio::join!(post(json!({"volunteer_id": w}), "k-2"), post(json!({"volunteer_id": w}), "k-2"));
    assert_eq!((a.0, &a.2), (b.0, &b.2));
    assert_eq!(a.0, StatusCode::CREATED, "{}", a.2);
    assert_eq!(app.count(&format!("SELECT count(*) AS n FROM enrollments WHERE shift_id = {s}")), 2);
    let reused = post(json!({"volunteer_id": w}), "k-1").await;
    assert_eq!(reused.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reused.2.contains("idempotency_key_reused"), "{}", reused.2);
    // Keys belong to their caller: another account's "k-1" is its own.
    let other = app.token("street_admin").await;
    let req =
        app.request(Method::POST, &format!("/shifts/{s}/enrollments"), Some(&other)).header("Idempotency-Key", "k-1");
    let (status, body) = send(req.json(&json!({"volunteer_id": v}))).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::CONFLICT, Some("already_enrolled")));
}

async fn volunteers_sign_themselves_up(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let organiser = app.token("community_admin").await;
    let (_, reg) =
        send(app.request(Method::POST, "/volunteers/register", None).json(&crate::volunteers::registration(&app, 60)))
            .await;
    let me_id = reg["volunteer"]["id"].as_i64().unwrap();
    app.post(&format!("/volunteers/{me_id}/approve"), &organiser, json!({})).await;
    let me = app.login_with(&crate::volunteers::phone(60), "Volunteer#2026").await.access;
    let p = project(&app, &organiser, "manual").await;
    let s = shift(&app, &organiser, p, 2, 8, 1).await;
    // A community project is listed for a volunteer of one of its grids.
    let (_, projects) = app.get("/volunteer-projects", &me).await;
    assert!(projects["items"].as_array().unwrap().iter().any(|x| x["id"] == p), "{projects}");
    let (_, view) = app.get(&format!("/shifts/{s}"), &me).await;
    assert!(view["roster"].is_null() && view["check_in_code"].is_null(), "{view}");
    let other = volunteer(&app, &app.token("admin").await, 61, codes::GRID_1).await;
    assert_eq!(sign_up(&app, &me, s, other).await.0, StatusCode::FORBIDDEN, "only themselves");
    let (status, mine) = app.post(&format!("/shifts/{s}/enrollments"), &me, json!({})).await;
    assert_eq!((status, mine["status"].as_str()), (StatusCode::CREATED, Some("pending")), "{mine}");
    let id = mine["id"].as_i64().unwrap();
    assert_eq!(app.get(&format!("/shifts/{s}"), &me).await.1["places_left"], 0, "pending holds the place");
    assert_eq!(app.post(&format!("/enrollments/{id}/approve"), &me, json!({})).await.0, StatusCode::FORBIDDEN);
    let (status, approved) = app.post(&format!("/enrollments/{id}/approve"), &organiser, json!({})).await;
    assert_eq!((status, approved["status"].as_str()), (StatusCode::OK, Some("enrolled")));
    let (status, page) = app.get("/me/enrollments", &me).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["items"][0]["id"], id);
    assert_eq!(page["items"][0]["volunteer"]["volunteer_no"], reg["volunteer"]["volunteer_no"]);
    // Another volunteer's sign-up is not theirs to see or withdraw.
    let (_, theirs) = sign_up(&app, &organiser, shift(&app, &organiser, p, 3, 8, 1).await, other).await;
    let (status, _) = app.post(&format!("/enrollments/{}/withdraw", theirs["id"]), &me, json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, withdrawn) = app.post(&format!("/enrollments/{id}/withdraw"), &me, json!({})).await;
    assert_eq!((status, withdrawn["status"].as_str()), (StatusCode::OK, Some("withdrawn")));
}

/// Moves a shift in time straight in the database (a shift cannot be made in the past).
fn move_shift(app: &TestApp, shift: i64, starts: chrono::DateTime<chrono::Utc>, ends: chrono::DateTime<chrono::Utc>) {
    use diesel::RunQueryDsl;
    let fmt = |t: chrono::DateTime<chrono::Utc>| t.naive_utc().format("%Y-%m-%d %H:%M:%S").to_string();
    let sql = format!(
        "UPDATE volunteer_shifts SET starts_at = '{}', ends_at = '{}' WHERE id = {shift}",
        fmt(starts),
        fmt(ends)
    );
    let mut conn = app.state.db.get().unwrap();
    diesel::sql_query(sql).execute(&mut **conn).unwrap();
}

async fn check_in_out_and_hours(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("admin").await;
    let organiser = app.token("community_admin").await;
    let worker = app.token("grid_worker").await;
    let (_, reg) =
        send(app.request(Method::POST, "/volunteers/register", None).json(&crate::volunteers::registration(&app, 70)))
            .await;
    let me_id = reg["volunteer"]["id"].as_i64().unwrap();
    app.post(&format!("/volunteers/{me_id}/approve"), &organiser, json!({})).await;
    let me = app.login_with(&crate::volunteers::phone(70), "Volunteer#2026").await.access;
    let body = json!({"title": "垃圾分类督导", "category": "sanitation", "organiser_kind": "community", "area_id": app.area(codes::GRID_1)});
    let (_, p) = app.post("/volunteer-projects", &organiser, body).await;
    let p = p["id"].as_i64().unwrap();
    app.post(&format!("/volunteer-projects/{p}/publish"), &organiser, json!({})).await;
    let now = chrono::Utc::now();
    let body = json!({"starts_at": now - chrono::Duration::minutes(10), "ends_at": now + chrono::Duration::minutes(50), "places": 3});
    let (_, s) = app.post(&format!("/volunteer-projects/{p}/shifts"), &organiser, body).await;
    let (s, code) = (s["id"].as_i64().unwrap(), s["check_in_code"].as_str().unwrap().to_string());

    let (_, mine) = app.post(&format!("/shifts/{s}/enrollments"), &me, json!({})).await;
    let mine = mine["id"].as_i64().unwrap();
    let path = |action: &str| format!("/enrollments/{mine}/{action}");
    for wrong in [json!({}), json!({"code": "000000x"})] {
        let (status, problem) = app.post(&path("check-in"), &me, wrong).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(problem["errors"][0]["code"], "invalid_check_in_code");
    }
    let (status, checked) = app.post(&path("check-in"), &me, json!({"code": code})).await;
    assert_eq!((status, checked["status"].as_str()), (StatusCode::OK, Some("checked_in")), "{checked}");
    assert_eq!(app.post(&path("check-in"), &me, json!({"code": code})).await.0, StatusCode::CONFLICT);
    let (status, out) = app.post(&path("check-out"), &me, json!({})).await;
    assert_eq!((status, out["status"].as_str()), (StatusCode::OK, Some("checked_out")), "{out}");
    assert!(out["minutes"].as_i64().is_some_and(|m| (0..=1).contains(&m)), "{out}");
    assert_eq!(app.post(&path("confirm-hours"), &me, json!({})).await.0, StatusCode::FORBIDDEN);
    let (status, confirmed) = app.post(&path("confirm-hours"), &organiser, json!({})).await;
    assert_eq!((status, confirmed["status"].as_str()), (StatusCode::OK, Some("hours_confirmed")));

    // The grid worker checks a volunteer in on the spot, without a code.
    let v = volunteer(&app, &admin, 71, codes::GRID_1).await;
    let (_, e) = sign_up(&app, &organiser, s, v).await;
    let (status, on_spot) = app.post(&format!("/enrollments/{}/check-in", e["id"]), &worker, json!({})).await;
    assert_eq!((status, on_spot["status"].as_str()), (StatusCode::OK, Some("checked_in")), "{on_spot}");

    // A shift days away is not open for check-in.
    let later = shift(&app, &organiser, p, 2, 8, 3).await;
    let (_, e) = sign_up(&app, &organiser, later, v).await;
    let (status, closed) = app.post(&format!("/enrollments/{}/check-in", e["id"]), &organiser, json!({})).await;
    assert_eq!((status, closed["code"].as_str()), (StatusCode::CONFLICT, Some("check_in_closed")));

    // No-shows are marked once the shift is over.
    let w = volunteer(&app, &admin, 72, codes::GRID_1).await;
    let (_, absent) = sign_up(&app, &organiser, s, w).await;
    let no_show = format!("/enrollments/{}/no-show", absent["id"]);
    assert_eq!(app.post(&no_show, &organiser, json!({})).await.0, StatusCode::CONFLICT);
    move_shift(&app, s, now - chrono::Duration::hours(3), now - chrono::Duration::hours(1));
    let (status, marked) = app.post(&no_show, &organiser, json!({})).await;
    assert_eq!((status, marked["status"].as_str()), (StatusCode::OK, Some("no_show")), "{marked}");
}
