//! Authorization of service records, certificates and the sign-up list as a
//! table: role × an object in its reach ("in", grid 1 of community 1) / out
//! of it ("out", a grid of town B) → the status it gets. `self` is an
//! approved volunteer account of grid 1: "in" is its own record or
//! certificate, "out" someone else's. For lists, 200 = listed and 404 =
//! left out.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::*;
use crate::on_both_backends;
use crate::volunteers::{phone, registration, volunteer};

on_both_backends!(hours_authorization_table);

const TOWN_B_GRID: &str = "152922101001001";

#[derive(Debug, Clone, Copy, PartialEq)]
enum Action {
    RecList,
    RecGet,
    RecCreate,
    RecAdjust,
    RecTotals,
    RecExport,
    EnrList,
    CertIssue,
    CertList,
    CertGet,
    Verify,
    MyHours,
    MyRecords,
    MyCertificates,
}
use Action::*;

/// (who, action, in, out); 0 where the role reaches everything or "out" means nothing.
#[rustfmt::skip]
const TABLE: &[(&str, Action, u16, u16)] = &[
    ("admin", RecList, 200, 0), ("admin", RecGet, 200, 0), ("admin", RecCreate, 201, 0), ("admin", RecAdjust, 201, 0),
    ("admin", RecTotals, 200, 0), ("admin", RecExport, 200, 0), ("admin", EnrList, 200, 0), ("admin", CertIssue, 201, 0),
    ("admin", CertList, 200, 0), ("admin", CertGet, 200, 0), ("admin", Verify, 200, 200),
    ("admin", MyHours, 403, 0), ("admin", MyRecords, 403, 0), ("admin", MyCertificates, 403, 0),

    ("street_admin", RecList, 200, 404), ("street_admin", RecGet, 200, 404), ("street_admin", RecCreate, 201, 422),
    ("street_admin", RecAdjust, 201, 404), ("street_admin", RecTotals, 200, 404), ("street_admin", RecExport, 200, 0),
    ("street_admin", EnrList, 200, 404), ("street_admin", CertIssue, 201, 422), ("street_admin", CertList, 200, 404),
    ("street_admin", CertGet, 200, 404), ("street_admin", MyHours, 403, 0), ("street_admin", MyCertificates, 403, 0),

    ("community_admin", RecList, 200, 404), ("community_admin", RecGet, 200, 404), ("community_admin", RecCreate, 201, 422),
    ("community_admin", RecAdjust, 201, 404), ("community_admin", RecTotals, 200, 404), ("community_admin", RecExport, 200, 0),
    ("community_admin", EnrList, 200, 404), ("community_admin", CertIssue, 201, 422), ("community_admin", CertList, 200, 404),
    ("community_admin", CertGet, 200, 404), ("community_admin", MyRecords, 403, 0),

    // Grid workers read hours and sign-ups in their grid; they neither enter, correct nor certify.
    ("grid_worker", RecList, 200, 404), ("grid_worker", RecGet, 200, 404), ("grid_worker", RecCreate, 403, 403),
    ("grid_worker", RecAdjust, 403, 403), ("grid_worker", RecTotals, 200, 404), ("grid_worker", RecExport, 200, 0),
    ("grid_worker", EnrList, 200, 404), ("grid_worker", CertIssue, 403, 403), ("grid_worker", CertList, 200, 404),
    ("grid_worker", CertGet, 200, 404), ("grid_worker", MyHours, 403, 0),

    // Unit contacts enter and correct hours only on their own unit's projects (enrollments.rs); these are a community's.
    ("unit_contact", RecList, 403, 403), ("unit_contact", RecGet, 403, 403), ("unit_contact", RecCreate, 422, 422),
    ("unit_contact", RecAdjust, 404, 404), ("unit_contact", RecTotals, 403, 403), ("unit_contact", RecExport, 403, 0),
    ("unit_contact", EnrList, 403, 403), ("unit_contact", CertIssue, 403, 403), ("unit_contact", CertList, 403, 403),
    ("unit_contact", CertGet, 403, 403), ("unit_contact", MyHours, 403, 0), ("unit_contact", MyCertificates, 403, 0),

    // A volunteer: their own hours and certificates, nobody else's, and nothing of staff lists.
    ("self", RecList, 403, 403), ("self", RecGet, 403, 403), ("self", RecCreate, 403, 403), ("self", RecAdjust, 403, 403),
    ("self", RecTotals, 403, 403), ("self", RecExport, 403, 0), ("self", EnrList, 403, 403), ("self", CertIssue, 201, 403),
    ("self", CertList, 403, 403), ("self", CertGet, 200, 404), ("self", MyHours, 200, 0), ("self", MyRecords, 200, 404),
    ("self", MyCertificates, 200, 404),
];

struct Fixture {
    admin: String,
    /// The `self` account's volunteer id.
    me: i64,
    next: u32,
}

fn listed(status: StatusCode, page: &Value, id: &Value) -> u16 {
    if status != StatusCode::OK {
        return status.as_u16();
    }
    if page["items"].as_array().unwrap().iter().any(|x| &x["id"] == id) {
        200
    } else {
        404
    }
}

/// A record of an hour yesterday on a new project at `grid`: the volunteer
/// is `self` for its own objects, a new volunteer of `grid` otherwise.
async fn record_at(app: &TestApp, who: &str, grid: &str, f: &mut Fixture) -> (i64, Value) {
    f.next += 1;
    let own = who == "self" && grid == codes::GRID_1;
    let v = if own { f.me } else { volunteer(app, &f.admin, 700 + f.next, grid).await };
    let body =
        json!({"title": "入户走访", "category": "care", "organiser_kind": "community", "area_id": app.area(grid)});
    let (_, p) = app.post("/volunteer-projects", &f.admin, body).await;
    let yesterday = (chrono::Utc::now() + chrono::Duration::hours(8) - chrono::Duration::days(1)).date_naive();
    let body = json!({"volunteer_id": v, "project_id": p["id"], "service_date": yesterday, "minutes": 60});
    let (status, record) = app.post("/service-records", &f.admin, body).await;
    assert_eq!(status, StatusCode::CREATED, "{record}");
    (v, record)
}

fn period() -> Value {
    let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
    json!({"from": today - chrono::Duration::days(7), "to": today})
}

async fn attempt(app: &TestApp, token: &str, who: &str, action: Action, grid: &str, f: &mut Fixture) -> u16 {
    let (v, record) = record_at(app, who, grid, f).await;
    let id = record["id"].as_i64().unwrap();
    match action {
        RecList => {
            let (status, page) = app.get("/service-records?page_size=100&sort=-id", token).await;
            listed(status, &page, &record["id"])
        }
        RecGet => app.get(&format!("/service-records/{id}"), token).await.0.as_u16(),
        RecCreate => {
            let body =
                json!({"title": "义诊", "category": "care", "organiser_kind": "community", "area_id": app.area(grid)});
            let (_, p) = app.post("/volunteer-projects", &f.admin, body).await;
            let body = json!({"volunteer_id": v, "project_id": p["id"], "service_date": record["service_date"], "minutes": 30});
            app.post("/service-records", token, body).await.0.as_u16()
        }
        RecAdjust => app
            .post(&format!("/service-records/{id}/adjust"), token, json!({"corrected_minutes": 45, "reason": "核对"}))
            .await
            .0
            .as_u16(),
        RecTotals => {
            let (status, totals) = app.get("/service-records/totals?group_by=volunteer&limit=1000", token).await;
            listed(status, &totals, &json!(v))
        }
        RecExport => {
            app.request(Method::GET, "/service-records/export", Some(token)).send().await.unwrap().status().as_u16()
        }
        EnrList => {
            let (p, s) = (record["project"]["id"].as_i64().unwrap(), chrono::Utc::now() + chrono::Duration::days(3));
            app.post(&format!("/volunteer-projects/{p}/publish"), &f.admin, json!({})).await;
            let body = json!({"starts_at": s, "ends_at": s + chrono::Duration::hours(1), "places": 2});
            let (_, shift) = app.post(&format!("/volunteer-projects/{p}/shifts"), &f.admin, body).await;
            let (_, e) =
                app.post(&format!("/shifts/{}/enrollments", shift["id"]), &f.admin, json!({"volunteer_id": v})).await;
            let (status, page) = app.get(&format!("/enrollments?project_id={p}"), token).await;
            listed(status, &page, &e["id"])
        }
        CertIssue => {
            let mut body = period();
            if who != "self" || grid != codes::GRID_1 {
                body["volunteer_id"] = json!(v);
            }
            app.post("/certificates", token, body).await.0.as_u16()
        }
        CertList | CertGet | Verify | MyCertificates => {
            let mut body = period();
            body["volunteer_id"] = json!(v);
            let (status, cert) = app.post("/certificates", &f.admin, body).await;
            assert_eq!(status, StatusCode::CREATED, "{cert}");
            match action {
                CertList => {
                    let (status, page) = app.get("/certificates?page_size=100", token).await;
                    listed(status, &page, &cert["id"])
                }
                CertGet => app.get(&format!("/certificates/{}", cert["id"]), token).await.0.as_u16(),
                MyCertificates => {
                    let (status, page) = app.get("/me/certificates", token).await;
                    listed(status, &page, &cert["id"])
                }
                _ => {
                    // Anyone may check, with or without a token; the answer is the same.
                    let path = format!(
                        "/certificates/{}/verify?code={}",
                        cert["certificate_no"].as_str().unwrap(),
                        cert["check_code"].as_str().unwrap()
                    );
                    let (status, answer) = send(app.request(Method::GET, &path, Some(token))).await;
                    assert_eq!(answer["genuine"], true, "{answer}");
                    status.as_u16()
                }
            }
        }
        MyHours => app.get("/me/hours", token).await.0.as_u16(),
        MyRecords => {
            let (status, page) = app.get("/me/service-records?page_size=100", token).await;
            listed(status, &page, &record["id"])
        }
    }
}

async fn hours_authorization_table(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("admin").await;
    let (_, reg) = send(app.request(Method::POST, "/volunteers/register", None).json(&registration(&app, 699))).await;
    let me = reg["volunteer"]["id"].as_i64().unwrap();
    app.post(&format!("/volunteers/{me}/approve"), &admin, json!({})).await;
    let mut tokens = std::collections::HashMap::new();
    tokens.insert("self", app.login_with(&phone(699), "Volunteer#2026").await.access);
    for (who, _, _, _) in TABLE {
        if !tokens.contains_key(who) {
            tokens.insert(*who, app.token(who).await);
        }
    }
    let mut f = Fixture { admin, me, next: 0 };
    let mut failures = Vec::new();
    for (who, action, inside, outside) in TABLE {
        let token = tokens[who].clone();
        for (grid, expected) in [(codes::GRID_1, *inside), (TOWN_B_GRID, *outside)] {
            if expected == 0 {
                continue;
            }
            let got = attempt(&app, &token, who, *action, grid, &mut f).await;
            if got != expected {
                failures.push(format!("{who} {action:?} {grid}: expected {expected}, got {got}"));
            }
        }
    }
    assert!(failures.is_empty(), "hours authorization table:\n{}", failures.join("\n"));
}
