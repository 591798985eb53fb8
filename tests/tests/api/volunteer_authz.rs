//! Authorization of the volunteer endpoints as a table: role × an object in
//! its reach ("in", grid 1 of community 1) / out of it ("out", a grid of
//! town B) → the status it gets. `self` is a registered, approved volunteer
//! account of grid 1: it sees only itself. For lists, 200 = listed and 404 =
//! left out.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::*;
use crate::on_both_backends;
use crate::volunteers::{phone, registration, volunteer};

on_both_backends!(volunteer_authorization_table);

const TOWN_B_GRID: &str = "152922101001001";

#[derive(Debug, Clone, Copy, PartialEq)]
enum Action {
    VolList,
    VolExport,
    VolGet,
    VolCreate,
    VolUpdate,
    VolApprove,
    VolReveal,
    ProjList,
    ProjGet,
    ProjCreate,
    ProjPublish,
    ShiftCreate,
    ShiftGet,
    ShiftUpdate,
    ShiftDelete,
    Enroll,
    Withdraw,
    CheckIn,
    Me,
    MyEnrollments,
}
use Action::*;

/// (who, action, in, out); 0 where the role reaches everything.
#[rustfmt::skip]
const TABLE: &[(&str, Action, u16, u16)] = &[
    ("admin", VolList, 200, 0), ("admin", VolExport, 200, 0), ("admin", VolGet, 200, 0), ("admin", VolCreate, 201, 0), ("admin", VolUpdate, 200, 0),
    ("admin", VolApprove, 200, 0), ("admin", VolReveal, 200, 0), ("admin", ProjList, 200, 0), ("admin", ProjGet, 200, 0),
    ("admin", ProjCreate, 201, 0), ("admin", ProjPublish, 200, 0), ("admin", ShiftCreate, 201, 0), ("admin", ShiftGet, 200, 0), ("admin", ShiftUpdate, 200, 0), ("admin", ShiftDelete, 204, 0),
    ("admin", Enroll, 201, 0), ("admin", Withdraw, 200, 0), ("admin", CheckIn, 200, 0), ("admin", Me, 403, 0), ("admin", MyEnrollments, 403, 0),

    ("street_admin", VolList, 200, 404), ("street_admin", VolExport, 200, 404), ("street_admin", VolGet, 200, 404), ("street_admin", VolCreate, 201, 422),
    ("street_admin", VolUpdate, 200, 404), ("street_admin", VolApprove, 200, 404), ("street_admin", VolReveal, 200, 404),
    ("street_admin", ProjList, 200, 404), ("street_admin", ProjGet, 200, 404), ("street_admin", ProjCreate, 201, 422),
    ("street_admin", ProjPublish, 200, 404), ("street_admin", ShiftCreate, 201, 404), ("street_admin", ShiftGet, 200, 404),
    ("street_admin", ShiftUpdate, 200, 404), ("street_admin", ShiftDelete, 204, 404),
    ("street_admin", Enroll, 201, 404), ("street_admin", Withdraw, 200, 404), ("street_admin", CheckIn, 200, 404), ("street_admin", Me, 403, 403),

    ("community_admin", VolList, 200, 404), ("community_admin", VolExport, 200, 404), ("community_admin", VolGet, 200, 404), ("community_admin", VolCreate, 201, 422),
    ("community_admin", VolUpdate, 200, 404), ("community_admin", VolApprove, 200, 404), ("community_admin", VolReveal, 200, 404),
    ("community_admin", ProjList, 200, 404), ("community_admin", ProjGet, 200, 404), ("community_admin", ProjCreate, 201, 422),
    ("community_admin", ProjPublish, 200, 404), ("community_admin", ShiftCreate, 201, 404), ("community_admin", ShiftGet, 200, 404),
    ("community_admin", ShiftUpdate, 200, 404), ("community_admin", ShiftDelete, 204, 404),
    ("community_admin", Enroll, 201, 404), ("community_admin", Withdraw, 200, 404), ("community_admin", CheckIn, 200, 404), ("community_admin", Me, 403, 403),

    // Grid workers look volunteers and projects up and check volunteers in on the spot; they neither enter, reveal nor organise.
    ("grid_worker", VolList, 200, 404), ("grid_worker", VolExport, 200, 404), ("grid_worker", VolGet, 200, 404), ("grid_worker", VolCreate, 403, 403),
    ("grid_worker", VolUpdate, 403, 403), ("grid_worker", VolApprove, 403, 403), ("grid_worker", VolReveal, 403, 403),
    ("grid_worker", ProjList, 200, 404), ("grid_worker", ProjGet, 200, 404), ("grid_worker", ProjCreate, 403, 403),
    ("grid_worker", ProjPublish, 403, 403), ("grid_worker", ShiftCreate, 403, 403), ("grid_worker", ShiftGet, 200, 404),
    ("grid_worker", ShiftUpdate, 403, 403), ("grid_worker", ShiftDelete, 403, 403),
    ("grid_worker", Enroll, 403, 403), ("grid_worker", Withdraw, 403, 403), ("grid_worker", CheckIn, 200, 404), ("grid_worker", Me, 403, 403),

    // A unit contact organises their own unit's projects only (enrollments.rs): a community's project is out of their sight.
    ("unit_contact", VolList, 403, 403), ("unit_contact", VolExport, 403, 403), ("unit_contact", VolGet, 403, 403), ("unit_contact", VolCreate, 403, 403),
    ("unit_contact", VolReveal, 403, 403), ("unit_contact", ProjList, 404, 404), ("unit_contact", ProjGet, 404, 404),
    ("unit_contact", ProjCreate, 422, 422), ("unit_contact", ProjPublish, 404, 404), ("unit_contact", ShiftCreate, 404, 404),
    ("unit_contact", ShiftGet, 404, 404), ("unit_contact", ShiftUpdate, 404, 404), ("unit_contact", ShiftDelete, 404, 404),
    ("unit_contact", Enroll, 404, 404), ("unit_contact", Withdraw, 404, 404), ("unit_contact", CheckIn, 404, 404),

    // A volunteer: published projects around them, their own sign-ups and profile, nobody else's.
    ("self", VolList, 403, 403), ("self", VolExport, 403, 403), ("self", VolGet, 403, 403), ("self", VolCreate, 403, 403), ("self", VolUpdate, 403, 403),
    ("self", VolApprove, 403, 403), ("self", VolReveal, 403, 403), ("self", ProjList, 200, 404), ("self", ProjGet, 200, 404),
    ("self", ProjCreate, 403, 403), ("self", ProjPublish, 403, 403), ("self", ShiftCreate, 403, 403), ("self", ShiftGet, 200, 404),
    ("self", ShiftUpdate, 403, 403), ("self", ShiftDelete, 403, 403),
    ("self", Enroll, 201, 404), ("self", Withdraw, 200, 404), ("self", CheckIn, 200, 404), ("self", Me, 200, 200), ("self", MyEnrollments, 200, 200),
];

struct Fixture {
    admin: String,
    /// The `self` account's volunteer id.
    me: i64,
    next: u32,
}

impl Fixture {
    fn n(&mut self) -> u32 {
        self.next += 1;
        self.next
    }
}

/// A published project at `grid` with one shift `day` days ahead: (project, shift).
async fn project_with_shift(app: &TestApp, admin: &str, grid: &str, day: i64) -> (i64, i64) {
    let body =
        json!({"title": "巡逻", "category": "public_order", "organiser_kind": "community", "area_id": app.area(grid)});
    let (_, p) = app.post("/volunteer-projects", admin, body).await;
    let p = p["id"].as_i64().unwrap();
    app.post(&format!("/volunteer-projects/{p}/publish"), admin, json!({})).await;
    let start = (chrono::Utc::now() + chrono::Duration::days(day)).date_naive().and_hms_opt(1, 0, 0).unwrap().and_utc();
    let body = json!({"starts_at": start, "ends_at": start + chrono::Duration::hours(1), "places": 5});
    let (_, s) = app.post(&format!("/volunteer-projects/{p}/shifts"), admin, body).await;
    (p, s["id"].as_i64().unwrap())
}

fn listed(status: StatusCode, page: &Value, id: i64) -> u16 {
    if status != StatusCode::OK {
        return status.as_u16();
    }
    if page["items"].as_array().unwrap().iter().any(|x| x["id"] == id) {
        200
    } else {
        404
    }
}

async fn attempt(app: &TestApp, token: &str, who: &str, action: Action, grid: &str, f: &mut Fixture) -> u16 {
    let admin = f.admin.clone();
    let n = f.n();
    let day = i64::from(n) + 1;
    match action {
        VolList | VolExport | VolGet | VolUpdate | VolReveal => {
            let id = volunteer(app, &admin, 500 + n, grid).await;
            match action {
                VolList => {
                    let (status, page) = app.get("/volunteers?page_size=100", token).await;
                    listed(status, &page, id)
                }
                VolExport => {
                    let response = app.request(Method::GET, "/volunteers/export", Some(token)).send().await.unwrap();
                    if response.status() != StatusCode::OK {
                        return response.status().as_u16();
                    }
                    let rows = crate::unit_import::sheet_rows(&response.bytes().await.unwrap());
                    let number = app.get(&format!("/volunteers/{id}"), &admin).await.1["volunteer_no"].clone();
                    if rows.iter().any(|r| Some(crate::unit_import::text(&r[0]).as_str()) == number.as_str()) {
                        200
                    } else {
                        404
                    }
                }
                VolGet => app.get(&format!("/volunteers/{id}"), token).await.0.as_u16(),
                VolUpdate => {
                    app.patch(&format!("/volunteers/{id}"), token, "*", json!({"skills": ["急救"]})).await.0.as_u16()
                }
                _ => app
                    .post(&format!("/volunteers/{id}/id-number/reveal"), token, json!({"reason": "核对"}))
                    .await
                    .0
                    .as_u16(),
            }
        }
        VolCreate => {
            let body = crate::volunteers::volunteer_body(app, 500 + n, grid);
            app.post("/volunteers", token, body).await.0.as_u16()
        }
        VolApprove => {
            let mut body = registration(app, 500 + n);
            body["area_id"] = json!(app.area(grid));
            let (_, reg) = send(app.request(Method::POST, "/volunteers/register", None).json(&body)).await;
            let id = reg["volunteer"]["id"].as_i64().unwrap();
            app.post(&format!("/volunteers/{id}/approve"), token, json!({})).await.0.as_u16()
        }
        ProjList | ProjGet | ShiftGet => {
            let (p, s) = project_with_shift(app, &admin, grid, day).await;
            match action {
                ProjList => {
                    let (status, page) = app.get("/volunteer-projects?page_size=100", token).await;
                    listed(status, &page, p)
                }
                ProjGet => app.get(&format!("/volunteer-projects/{p}"), token).await.0.as_u16(),
                _ => app.get(&format!("/shifts/{s}"), token).await.0.as_u16(),
            }
        }
        ProjCreate => {
            let body =
                json!({"title": "义诊", "category": "care", "organiser_kind": "community", "area_id": app.area(grid)});
            app.post("/volunteer-projects", token, body).await.0.as_u16()
        }
        ProjPublish | ShiftCreate => {
            let body =
                json!({"title": "义诊", "category": "care", "organiser_kind": "community", "area_id": app.area(grid)});
            let (_, p) = app.post("/volunteer-projects", &admin, body).await;
            let p = p["id"].as_i64().unwrap();
            if action == ProjPublish {
                app.post(&format!("/volunteer-projects/{p}/publish"), token, json!({})).await.0.as_u16()
            } else {
                let start = chrono::Utc::now() + chrono::Duration::days(day);
                let body = json!({"starts_at": start, "ends_at": start + chrono::Duration::hours(1), "places": 2});
                app.post(&format!("/volunteer-projects/{p}/shifts"), token, body).await.0.as_u16()
            }
        }
        ShiftUpdate | ShiftDelete => {
            let (_, s) = project_with_shift(app, &admin, grid, day).await;
            if action == ShiftUpdate {
                app.patch(&format!("/shifts/{s}"), token, "*", json!({"places": 6})).await.0.as_u16()
            } else {
                app.delete(&format!("/shifts/{s}"), token, "*").await.0.as_u16()
            }
        }
        Enroll => {
            let (_, s) = project_with_shift(app, &admin, grid, day).await;
            let body = if who == "self" {
                json!({})
            } else {
                json!({"volunteer_id": volunteer(app, &admin, 500 + n, grid).await})
            };
            app.post(&format!("/shifts/{s}/enrollments"), token, body).await.0.as_u16()
        }
        Withdraw => {
            let (_, s) = project_with_shift(app, &admin, grid, day).await;
            // `self` withdraws its own sign-up in reach; out of reach, someone else's.
            let v =
                if who == "self" && grid == codes::GRID_1 { f.me } else { volunteer(app, &admin, 500 + n, grid).await };
            let (_, e) = app.post(&format!("/shifts/{s}/enrollments"), &admin, json!({"volunteer_id": v})).await;
            app.post(&format!("/enrollments/{}/withdraw", e["id"]), token, json!({})).await.0.as_u16()
        }
        CheckIn => {
            // A shift under way now; staff check in on the spot, `self` with the code shown.
            let (p, _) = project_with_shift(app, &admin, grid, day).await;
            let now = chrono::Utc::now();
            let body = json!({"starts_at": now - chrono::Duration::minutes(5), "ends_at": now + chrono::Duration::minutes(30), "places": 5});
            let (_, s) = app.post(&format!("/volunteer-projects/{p}/shifts"), &admin, body).await;
            let v =
                if who == "self" && grid == codes::GRID_1 { f.me } else { volunteer(app, &admin, 500 + n, grid).await };
            let (_, e) =
                app.post(&format!("/shifts/{}/enrollments", s["id"]), &admin, json!({"volunteer_id": v})).await;
            let body = if who == "self" { json!({"code": s["check_in_code"]}) } else { json!({}) };
            app.post(&format!("/enrollments/{}/check-in", e["id"]), token, body).await.0.as_u16()
        }
        Me => app.get("/me", token).await.0.as_u16(),
        MyEnrollments => app.get("/me/enrollments", token).await.0.as_u16(),
    }
}

async fn volunteer_authorization_table(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("admin").await;
    let (_, reg) = send(app.request(Method::POST, "/volunteers/register", None).json(&registration(&app, 499))).await;
    let me = reg["volunteer"]["id"].as_i64().unwrap();
    app.post(&format!("/volunteers/{me}/approve"), &admin, json!({})).await;
    let mut tokens = std::collections::HashMap::new();
    tokens.insert("self", app.login_with(&phone(499), "Volunteer#2026").await.access);
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
    assert!(failures.is_empty(), "volunteer authorization table:\n{}", failures.join("\n"));
}
