//! Service records, hour totals, certificates and the sync of sign-ups:
//! confirmed hours become records, corrections are new records, totals and
//! certificates count both, and apps page by keyset without missing a change.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::*;
use crate::on_both_backends;
use crate::unit_import::{sheet_rows, text};
use crate::volunteers::{phone, registration, volunteer};

on_both_backends!(
    confirmed_hours_become_records,
    corrections_are_new_records,
    totals_count_adjustments,
    records_page_by_keyset,
    certificates_state_the_hours_and_verify,
    sign_ups_sync_by_keyset,
);

/// A published project of the community admin at `area` (a grid or community code).
async fn project(app: &TestApp, token: &str, area: &str, title: &str) -> i64 {
    let body = json!({"title": title, "category": "care", "organiser_kind": "community", "area_id": app.area(area)});
    let (status, created) = app.post("/volunteer-projects", token, body).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_i64().unwrap();
    app.post(&format!("/volunteer-projects/{id}/publish"), token, json!({})).await;
    id
}

/// Hours entered by the organiser: the new record.
async fn entered(app: &TestApp, token: &str, volunteer: i64, project: i64, day: &str, minutes: i32) -> Value {
    let body = json!({"volunteer_id": volunteer, "project_id": project, "service_date": day, "minutes": minutes});
    let (status, record) = app.post("/service-records", token, body).await;
    assert_eq!(status, StatusCode::CREATED, "{record}");
    record
}

/// Today in Asia/Shanghai (UTC+8 all year), the test server's time zone.
fn today() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}

fn days_ago(n: i64) -> String {
    (today() - chrono::Duration::days(n)).to_string()
}

async fn confirmed_hours_become_records(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("admin").await;
    let organiser = app.token("community_admin").await;
    let v = volunteer(&app, &admin, 1, codes::GRID_1).await;
    let p = project(&app, &organiser, codes::GRID_1, "敬老院陪护").await;
    let now = chrono::Utc::now();
    let starts_at = now - chrono::Duration::minutes(10);
    let body = json!({"starts_at": starts_at, "ends_at": now + chrono::Duration::minutes(50), "places": 2});
    let (_, s) = app.post(&format!("/volunteer-projects/{p}/shifts"), &organiser, body).await;
    let (_, e) = app.post(&format!("/shifts/{}/enrollments", s["id"]), &organiser, json!({"volunteer_id": v})).await;
    let path = |action: &str| format!("/enrollments/{}/{action}", e["id"]);
    app.post(&path("check-in"), &organiser, json!({})).await;
    let (_, out) = app.post(&path("check-out"), &organiser, json!({})).await;
    assert_eq!(app.count("SELECT count(*) AS n FROM service_records"), 0, "nothing before confirmation");
    let (status, _) = app.post(&path("confirm-hours"), &organiser, json!({})).await;
    assert_eq!(status, StatusCode::OK);
    let (status, page) = app.get(&format!("/service-records?volunteer_id={v}"), &organiser).await;
    assert_eq!((status, page["total"].as_i64()), (StatusCode::OK, Some(1)), "{page}");
    let record = &page["items"][0];
    assert_eq!(record["kind"], "original");
    assert_eq!(record["enrollment_id"], e["id"]);
    assert_eq!(record["minutes"], out["minutes"]);
    // The day the shift started, which in the first minutes after midnight
    // in Asia/Shanghai is yesterday there.
    let shift_day = (starts_at + chrono::Duration::hours(8)).date_naive();
    assert_eq!(record["service_date"], shift_day.to_string(), "the shift's day in Asia/Shanghai");
    assert_eq!(record["project"]["title"], "敬老院陪护");
    assert_eq!(record["area"]["code"], codes::GRID_1);
    assert_eq!(record["confirmed_by"]["id"], app.user("community_admin"));
    assert_eq!(
        app.count("SELECT count(*) AS n FROM audit_log WHERE action = 'record_hours' AND entity = 'service_record'"),
        1
    );
    // Confirming again is refused and writes no second record.
    assert_eq!(app.post(&path("confirm-hours"), &organiser, json!({})).await.0, StatusCode::CONFLICT);
    assert_eq!(app.count("SELECT count(*) AS n FROM service_records"), 1);

    // Hours entered by hand: checked, and never for a day ahead.
    let record = entered(&app, &organiser, v, p, &days_ago(3), 150).await;
    assert_eq!((record["hours"].as_f64(), record["enrollment_id"].is_null()), (Some(2.5), true), "{record}");
    assert_eq!(record["content"], "敬老院陪护", "the project's title when no content is given");
    let ahead = (today() + chrono::Duration::days(1)).to_string();
    let cases = [
        (
            json!({"volunteer_id": v, "project_id": p, "service_date": ahead, "minutes": 60}),
            "service_date",
            "in_the_future",
        ),
        (
            json!({"volunteer_id": v, "project_id": p, "service_date": days_ago(1), "minutes": 0}),
            "minutes",
            "out_of_range",
        ),
        (
            json!({"volunteer_id": v, "project_id": p, "service_date": days_ago(1), "minutes": 1441}),
            "minutes",
            "out_of_range",
        ),
        (
            json!({"volunteer_id": v, "project_id": 999_999, "service_date": days_ago(1), "minutes": 60}),
            "project_id",
            "not_found",
        ),
    ];
    for (body, field, code) in cases {
        let (status, problem) = app.post("/service-records", &organiser, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(
            (problem["errors"][0]["field"].as_str(), problem["errors"][0]["code"].as_str()),
            (Some(field), Some(code))
        );
    }
    assert_eq!(app.count("SELECT count(*) AS n FROM service_records"), 2, "refusals wrote nothing");
}

async fn corrections_are_new_records(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("admin").await;
    let organiser = app.token("community_admin").await;
    let v = volunteer(&app, &admin, 2, codes::GRID_1).await;
    let p = project(&app, &organiser, codes::GRID_1, "清扫楼道").await;
    let original = entered(&app, &organiser, v, p, &days_ago(2), 240).await;
    let id = original["id"].as_i64().unwrap();
    let adjust = format!("/service-records/{id}/adjust");
    let (status, fix) =
        app.post(&adjust, &organiser, json!({"corrected_minutes": 180, "reason": "提前一小时离开"})).await;
    assert_eq!(status, StatusCode::CREATED, "{fix}");
    assert_eq!(fix["kind"], "adjustment");
    assert_eq!((fix["minutes"].as_i64(), fix["corrects_id"].as_i64()), (Some(-60), Some(id)));
    assert_eq!(fix["service_date"], original["service_date"], "dated as the record it corrects");
    assert_eq!(fix["reason"], "提前一小时离开");
    let (_, now) = app.get(&format!("/service-records/{id}"), &organiser).await;
    assert_eq!((now["minutes"].as_i64(), now["effective_minutes"].as_i64()), (Some(240), Some(180)), "{now}");
    // A second correction is the difference from what it counts now.
    let (_, again) = app.post(&adjust, &organiser, json!({"corrected_minutes": 200, "reason": "核对签到表"})).await;
    assert_eq!(again["minutes"], 20);
    let (status, problem) = app.post(&adjust, &organiser, json!({"corrected_minutes": 200, "reason": "重复"})).await;
    assert_eq!((status, problem["errors"][0]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("unchanged")));
    let (status, problem) = app.post(&adjust, &organiser, json!({"corrected_minutes": 100})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a reason is required: {problem}");
    let (status, problem) = app
        .post(
            &format!("/service-records/{}/adjust", fix["id"]),
            &organiser,
            json!({"corrected_minutes": 10, "reason": "x"}),
        )
        .await;
    assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("invalid_transition")), "{problem}");
    assert_eq!(app.count("SELECT count(*) AS n FROM service_records"), 3);

    // The database itself refuses to change or delete a record.
    let mut conn = app.state.db.get().unwrap();
    for sql in [
        format!("UPDATE service_records SET minutes = 1 WHERE id = {id}"),
        format!("DELETE FROM service_records WHERE id = {id}"),
    ] {
        use diesel::RunQueryDsl;
        assert!(diesel::sql_query(&sql).execute(&mut **conn).is_err(), "{sql} must fail");
    }
    drop(conn);
    let (_, list) = app.get(&format!("/service-records?volunteer_id={v}&kind=adjustment"), &organiser).await;
    assert_eq!(list["total"], 2);
}

async fn totals_count_adjustments(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("admin").await;
    let organiser = app.token("community_admin").await;
    let street = app.token("street_admin").await;
    let (a, b) = (volunteer(&app, &admin, 3, codes::GRID_1).await, volunteer(&app, &admin, 4, codes::GRID_2).await);
    let p1 = project(&app, &organiser, codes::GRID_1, "义诊").await;
    let p2 = project(&app, &organiser, codes::GRID_2, "助残").await;
    let r = entered(&app, &organiser, a, p1, "2026-01-15", 120).await;
    entered(&app, &organiser, a, p2, "2026-02-03", 60).await;
    entered(&app, &organiser, b, p2, "2026-02-20", 90).await;
    app.post(
        &format!("/service-records/{}/adjust", r["id"]),
        &organiser,
        json!({"corrected_minutes": 100, "reason": "核对"}),
    )
    .await;
    // A record out of the community admin's reach: a project of town B.
    let v_out = volunteer(&app, &admin, 5, "152922101001001").await;
    let p_out = project(&app, &admin, "152922101001001", "外镇活动").await;
    entered(&app, &admin, v_out, p_out, "2026-02-01", 600).await;

    let (status, by_volunteer) = app.get("/service-records/totals?group_by=volunteer", &organiser).await;
    assert_eq!(status, StatusCode::OK, "{by_volunteer}");
    let rows: Vec<(i64, i64, i64)> = by_volunteer["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_i64().unwrap(), r["minutes"].as_i64().unwrap(), r["records"].as_i64().unwrap()))
        .collect();
    assert_eq!(rows, [(a, 160, 2), (b, 90, 1)], "most hours first, adjustment counted, not as a record");
    assert_eq!((by_volunteer["minutes"].as_i64(), by_volunteer["records"].as_i64()), (Some(250), Some(3)));
    let (_, by_month) =
        app.get("/service-records/totals?group_by=month&from=2026-01-01&to=2026-12-31", &organiser).await;
    let months: Vec<(String, i64)> = by_month["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["label"].as_str().unwrap().to_string(), r["minutes"].as_i64().unwrap()))
        .collect();
    assert_eq!(months, [("2026-01".to_string(), 100), ("2026-02".to_string(), 150)]);
    // A street admin's areas are its communities; the community admin's, its grids.
    let (_, by_area) = app.get("/service-records/totals?group_by=area", &organiser).await;
    let grids: Vec<(i64, i64)> = by_area["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_i64().unwrap(), r["minutes"].as_i64().unwrap()))
        .collect();
    assert_eq!(grids, [(app.area(codes::GRID_1), 100), (app.area(codes::GRID_2), 150)]);
    let (_, by_community) = app.get("/service-records/totals?group_by=area", &street).await;
    assert_eq!(by_community["items"][0]["id"], app.area(codes::COMMUNITY_1));
    assert_eq!(by_community["minutes"], 250, "town B's hours are out of the street admin's reach");
    let (_, everything) = app.get("/service-records/totals?group_by=year", &admin).await;
    assert_eq!(everything["minutes"], 850);
    let (status, problem) = app.get("/service-records/totals?group_by=volunteer&limit=0", &organiser).await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("limit")));
    let (status, _) = app.get("/service-records/totals?group_by=street", &organiser).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // The ledger export holds the same records as the list: the three
    // originals and the adjustment in reach, not town B's.
    let response = app.request(Method::GET, "/service-records/export?sort=id", Some(&organiser)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    let rows = sheet_rows(&response.bytes().await.unwrap());
    let minutes: Vec<String> = rows.iter().map(|r| text(&r[9])).collect();
    assert_eq!(minutes, ["时长（分钟）", "120", "60", "90", "-20"], "{rows:?}");
    assert_eq!((text(&rows[4][1]), text(&rows[4][14])), ("更正".to_string(), "核对".to_string()));
}

async fn records_page_by_keyset(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("admin").await;
    let organiser = app.token("community_admin").await;
    let v = volunteer(&app, &admin, 6, codes::GRID_1).await;
    let p = project(&app, &organiser, codes::GRID_1, "秩序维护").await;
    let mut written = Vec::new();
    for n in 0..5 {
        written.push(entered(&app, &organiser, v, p, &days_ago(n + 1), 30).await["id"].as_i64().unwrap());
    }
    let mut seen = Vec::new();
    let mut cursor = String::new();
    for _ in 0..10 {
        let (status, page) = app.get(&format!("/service-records?page_size=2&cursor={cursor}"), &organiser).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(page["total"].is_null(), "keyset pages carry no total");
        seen.extend(page["items"].as_array().unwrap().iter().map(|r| r["id"].as_i64().unwrap()));
        match page["next_cursor"].as_str() {
            Some(next) => cursor = next.to_string(),
            None => break,
        }
    }
    assert_eq!(seen, written, "every record once, in the order written");
    let since = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true).replace('+', "%2B");
    let newer = entered(&app, &organiser, v, p, &days_ago(1), 45).await;
    let (_, page) = app.get(&format!("/service-records?updated_since={since}"), &organiser).await;
    let ids: Vec<i64> = page["items"].as_array().unwrap().iter().map(|r| r["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [newer["id"].as_i64().unwrap()], "{page}");
    let (status, problem) = app.get("/service-records?cursor=e12", &organiser).await;
    assert_eq!(
        (status, problem["errors"][0]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_cursor"))
    );
    let (status, problem) = app.get("/service-records?sort=volunteer", &organiser).await;
    assert_eq!(
        (status, problem["errors"][0]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("unknown_sort_field"))
    );
}

async fn certificates_state_the_hours_and_verify(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let organiser = app.token("community_admin").await;
    let (_, reg) = send(app.request(Method::POST, "/volunteers/register", None).json(&registration(&app, 80))).await;
    let me_id = reg["volunteer"]["id"].as_i64().unwrap();
    app.post(&format!("/volunteers/{me_id}/approve"), &organiser, json!({})).await;
    let me = app.login_with(&phone(80), "Volunteer#2026").await.access;
    let p1 = project(&app, &organiser, codes::GRID_1, "节假日卡点值守").await;
    let p2 = project(&app, &organiser, codes::GRID_1, "政策宣传").await;
    let first = entered(&app, &organiser, me_id, p1, &days_ago(10), 240).await;
    entered(&app, &organiser, me_id, p1, &days_ago(9), 240).await;
    entered(&app, &organiser, me_id, p2, &days_ago(5), 90).await;
    entered(&app, &organiser, me_id, p2, &days_ago(400), 600).await;
    app.post(
        &format!("/service-records/{}/adjust", first["id"]),
        &organiser,
        json!({"corrected_minutes": 210, "reason": "迟到"}),
    )
    .await;

    let (status, hours) = app.get("/me/hours", &me).await;
    assert_eq!(status, StatusCode::OK, "{hours}");
    assert_eq!(
        (hours["minutes"].as_i64(), hours["records"].as_i64(), hours["projects"].as_i64()),
        (Some(1140), Some(4), Some(2))
    );
    let (_, recent) = app.get(&format!("/me/hours?from={}", days_ago(30)), &me).await;
    assert_eq!(recent["minutes"], 540);
    let (_, mine) = app.get("/me/service-records", &me).await;
    assert_eq!(mine["total"], 5, "originals and the adjustment: {mine}");

    let (from, to) = (days_ago(30), today().to_string());
    let (status, cert) = app.post("/certificates", &me, json!({"from": from, "to": to})).await;
    assert_eq!(status, StatusCode::CREATED, "{cert}");
    let number = cert["certificate_no"].as_str().unwrap().to_string();
    let code = cert["check_code"].as_str().unwrap().to_string();
    assert!(number.starts_with('C') && number.len() == 11, "{number}");
    assert_eq!((cert["minutes"].as_i64(), cert["hours"].as_f64()), (Some(540), Some(9.0)));
    assert_eq!(cert["projects"][0]["title"], "节假日卡点值守", "most hours first");
    assert_eq!(cert["projects"][0]["minutes"], 450);
    assert_eq!(cert["issuer_name"], "巴丹吉林社区", "a grid volunteer's certificate is issued by the community");
    assert_eq!(cert["volunteer"]["volunteer_no"], reg["volunteer"]["volunteer_no"]);

    // The public check, without a token.
    let verify = |n: &str, c: &str| app.request(Method::GET, &format!("/certificates/{n}/verify?code={c}"), None);
    let (status, genuine) = send(verify(&number, &code.to_lowercase())).await;
    assert_eq!((status, genuine["genuine"].as_bool()), (StatusCode::OK, Some(true)), "{genuine}");
    let stated = &genuine["certificate"];
    assert_eq!(
        (stated["hours"].as_f64(), stated["volunteer_no"].as_str()),
        (Some(9.0), cert["volunteer"]["volunteer_no"].as_str())
    );
    assert!(stated.get("check_code").is_none() && stated.get("volunteer_id").is_none(), "nothing more: {stated}");
    for (n, c) in [(number.as_str(), "AAAAAAAA"), ("C2026999999", code.as_str()), (number.as_str(), "")] {
        let (status, answer) = send(verify(n, c)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(answer, json!({"genuine": false}), "{n} {c}");
    }

    // A later correction changes the next certificate, not this one.
    app.post(
        &format!("/service-records/{}/adjust", first["id"]),
        &organiser,
        json!({"corrected_minutes": 240, "reason": "补签"}),
    )
    .await;
    let (_, again) = app.get(&format!("/certificates/{}", cert["id"]), &me).await;
    assert_eq!(again["minutes"], 540);
    let (status, staff_issued) =
        app.post("/certificates", &organiser, json!({"volunteer_id": me_id, "from": from, "to": to})).await;
    assert_eq!((status, staff_issued["minutes"].as_i64()), (StatusCode::CREATED, Some(570)), "{staff_issued}");
    let (_, listed) = app.get("/me/certificates", &me).await;
    assert_eq!(listed["total"], 2);
    let (_, found) = app.get(&format!("/certificates?q={number}"), &organiser).await;
    assert_eq!(found["total"], 1);

    let cases = [
        (json!({"from": to, "to": from}), "to", "ends_before_start"),
        (json!({"from": from, "to": (today() + chrono::Duration::days(1)).to_string()}), "to", "in_the_future"),
        (json!({"from": days_ago(100), "to": days_ago(50)}), "from", "no_hours"),
    ];
    for (body, field, code) in cases {
        let (status, problem) = app.post("/certificates", &me, body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {problem}");
        assert_eq!(
            (problem["errors"][0]["field"].as_str(), problem["errors"][0]["code"].as_str()),
            (Some(field), Some(code))
        );
    }
    let (status, _) = app.post("/certificates", &organiser, json!({"from": from, "to": to})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "staff name the volunteer");
    assert_eq!(app.count("SELECT count(*) AS n FROM certificates"), 2, "refusals issued nothing");
}

async fn sign_ups_sync_by_keyset(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("admin").await;
    let organiser = app.token("community_admin").await;
    let street = app.token("street_admin").await;
    let p = project(&app, &organiser, codes::GRID_1, "社区巡逻").await;
    let start = (chrono::Utc::now() + chrono::Duration::days(2)).date_naive().and_hms_opt(1, 0, 0).unwrap().and_utc();
    let body = json!({"starts_at": start, "ends_at": start + chrono::Duration::hours(2), "places": 3});
    let (_, s) = app.post(&format!("/volunteer-projects/{p}/shifts"), &organiser, body).await;
    let mut ids = Vec::new();
    for n in 0..5 {
        let v = volunteer(&app, &admin, 20 + n, codes::GRID_1).await;
        let (_, e) =
            app.post(&format!("/shifts/{}/enrollments", s["id"]), &organiser, json!({"volunteer_id": v})).await;
        ids.push(e["id"].as_i64().unwrap());
    }
    let walk = |since: Option<String>| {
        let (app, street) = (&app, street.clone());
        async move {
            let mut seen = Vec::new();
            let mut cursor = String::new();
            for _ in 0..20 {
                let mut path = format!("/enrollments?page_size=2&project_id={p}&cursor={cursor}");
                if let Some(since) = &since {
                    path.push_str(&format!("&updated_since={since}"));
                }
                let (status, page) = app.get(&path, &street).await;
                assert_eq!(status, StatusCode::OK, "{page}");
                seen.extend(page["items"].as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()));
                match page["next_cursor"].as_str() {
                    Some(next) => cursor = next.to_string(),
                    None => break,
                }
            }
            seen
        }
    };
    assert_eq!(walk(None).await, ids, "oldest change first, each once");
    // A withdrawal promotes the first waitlisted: both changed since.
    let since = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true).replace('+', "%2B");
    app.post(&format!("/enrollments/{}/withdraw", ids[0]), &organiser, json!({})).await;
    let changed = walk(Some(since)).await;
    assert_eq!(changed.len(), 2, "{changed:?}");
    assert!(changed.contains(&ids[0]) && changed.contains(&ids[3]), "{changed:?}");
    let (_, numbered) = app.get(&format!("/enrollments?project_id={p}"), &organiser).await;
    assert_eq!(numbered["total"], 5);
    let (_, other) = app.get(&format!("/enrollments?project_id={p}"), &app.token("admin").await).await;
    assert_eq!(other["total"], 5);
    let (status, page) = app.get("/enrollments?cursor=c1.x", &street).await;
    assert_eq!(
        (status, page["errors"][0]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_cursor"))
    );

    // A volunteer's own sign-ups page the same way.
    let (_, reg) = send(app.request(Method::POST, "/volunteers/register", None).json(&registration(&app, 81))).await;
    app.post(&format!("/volunteers/{}/approve", reg["volunteer"]["id"]), &organiser, json!({})).await;
    let me = app.login_with(&phone(81), "Volunteer#2026").await.access;
    let (_, mine) = app.post(&format!("/shifts/{}/enrollments", s["id"]), &me, json!({})).await;
    let (status, page) = app.get("/me/enrollments?cursor=", &me).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["items"][0]["id"], mine["id"]);
    assert!(page["next_cursor"].is_null() && page["total"].is_null(), "{page}");
}
