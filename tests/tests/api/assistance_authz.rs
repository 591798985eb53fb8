//! Authorization of households, pairings, visits and wishes as a table: role
//! × an object in its reach ("in") / out of it ("out") → the status it gets.
//! For staff "in" is grid 1 of community 1 and "out" a grid of town B. For
//! the helpers — `unit_contact` (旗人民医院) and `self`, an approved volunteer
//! of grid 1 — "in" is a household of grid 1 paired with them, "out" one of
//! town B paired with someone else. For lists, 200 = listed, 404 = left out.
//! A second table says who sees identity numbers masked or not at all, who
//! may reveal them, and that each reveal, and only a reveal, is audited.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::assistance::{helper_volunteer, hospital, household_body, TOWN_B_GRID};
use crate::common::*;
use crate::on_both_backends;
use crate::volunteers::volunteer;

on_both_backends!(assistance_authorization_table, sensitive_fields_by_role);

#[derive(Debug, Clone, Copy, PartialEq)]
enum Action {
    HhList,
    HhGet,
    HhCreate,
    HhUpdate,
    HhReveal,
    HhArchive,
    HhExport,
    HhPersonal,
    PrList,
    PrCreate,
    PrGet,
    PrUpdate,
    PrEnd,
    VisitList,
    VisitCreate,
    WishList,
    WishCreate,
    WishClaim,
    MyPairings,
    Retention,
}
use Action::*;

/// (who, action, in, out); 0 where the role reaches everything or "out" means nothing.
#[rustfmt::skip]
const TABLE: &[(&str, Action, u16, u16)] = &[
    ("admin", HhList, 200, 0), ("admin", HhGet, 200, 0), ("admin", HhCreate, 201, 0), ("admin", HhUpdate, 200, 0),
    ("admin", HhReveal, 200, 0), ("admin", HhArchive, 200, 0), ("admin", HhExport, 200, 0), ("admin", HhPersonal, 200, 0),
    ("admin", PrList, 200, 0), ("admin", PrCreate, 201, 0), ("admin", PrGet, 200, 0), ("admin", PrUpdate, 200, 0),
    ("admin", PrEnd, 200, 0), ("admin", VisitList, 200, 0), ("admin", VisitCreate, 201, 0), ("admin", WishList, 200, 0),
    ("admin", WishCreate, 201, 0), ("admin", WishClaim, 200, 0), ("admin", MyPairings, 403, 0), ("admin", Retention, 200, 0),

    ("street_admin", HhList, 200, 404), ("street_admin", HhGet, 200, 404), ("street_admin", HhCreate, 201, 422),
    ("street_admin", HhUpdate, 200, 404), ("street_admin", HhReveal, 200, 404), ("street_admin", HhArchive, 200, 404),
    ("street_admin", HhExport, 200, 0), ("street_admin", HhPersonal, 200, 404), ("street_admin", PrList, 200, 404),
    ("street_admin", PrCreate, 201, 422), ("street_admin", PrGet, 200, 404), ("street_admin", PrUpdate, 200, 404),
    ("street_admin", PrEnd, 200, 404), ("street_admin", VisitList, 200, 404), ("street_admin", VisitCreate, 201, 404),
    ("street_admin", WishList, 200, 404), ("street_admin", WishCreate, 201, 422), ("street_admin", WishClaim, 200, 404),
    ("street_admin", MyPairings, 403, 0), ("street_admin", Retention, 403, 0),

    ("community_admin", HhList, 200, 404), ("community_admin", HhGet, 200, 404), ("community_admin", HhCreate, 201, 422),
    ("community_admin", HhUpdate, 200, 404), ("community_admin", HhReveal, 200, 404), ("community_admin", HhArchive, 200, 404),
    ("community_admin", HhExport, 200, 0), ("community_admin", HhPersonal, 200, 404), ("community_admin", PrList, 200, 404),
    ("community_admin", PrCreate, 201, 422), ("community_admin", PrGet, 200, 404), ("community_admin", PrUpdate, 200, 404),
    ("community_admin", PrEnd, 200, 404), ("community_admin", VisitList, 200, 404), ("community_admin", VisitCreate, 201, 404),
    ("community_admin", WishList, 200, 404), ("community_admin", WishCreate, 201, 422), ("community_admin", WishClaim, 200, 404),
    ("community_admin", MyPairings, 403, 0), ("community_admin", Retention, 403, 0),

    // Grid workers keep their grid's ledger and record visits; they neither reveal, pair nor erase.
    ("grid_worker", HhList, 200, 404), ("grid_worker", HhGet, 200, 404), ("grid_worker", HhCreate, 201, 422),
    ("grid_worker", HhUpdate, 200, 404), ("grid_worker", HhReveal, 403, 403), ("grid_worker", HhArchive, 200, 404),
    ("grid_worker", HhExport, 200, 0), ("grid_worker", HhPersonal, 403, 403), ("grid_worker", PrList, 200, 404),
    ("grid_worker", PrCreate, 403, 403), ("grid_worker", PrGet, 200, 404), ("grid_worker", PrUpdate, 403, 403),
    ("grid_worker", PrEnd, 403, 403), ("grid_worker", VisitList, 200, 404), ("grid_worker", VisitCreate, 201, 404),
    ("grid_worker", WishList, 200, 404), ("grid_worker", WishCreate, 201, 422), ("grid_worker", WishClaim, 200, 404),
    ("grid_worker", MyPairings, 403, 0), ("grid_worker", Retention, 403, 0),

    // Helpers: the households they are paired with, their own pairings and visits, the wish board of their community.
    ("unit_contact", HhList, 200, 404), ("unit_contact", HhGet, 200, 404), ("unit_contact", HhCreate, 403, 403),
    ("unit_contact", HhUpdate, 403, 403), ("unit_contact", HhReveal, 403, 403), ("unit_contact", HhArchive, 403, 403),
    ("unit_contact", HhExport, 403, 0), ("unit_contact", HhPersonal, 403, 403), ("unit_contact", PrList, 403, 403),
    ("unit_contact", PrCreate, 403, 403), ("unit_contact", PrGet, 200, 404), ("unit_contact", PrUpdate, 403, 403),
    ("unit_contact", PrEnd, 403, 403), ("unit_contact", VisitList, 200, 404), ("unit_contact", VisitCreate, 201, 404),
    ("unit_contact", WishList, 200, 404), ("unit_contact", WishCreate, 403, 403), ("unit_contact", WishClaim, 200, 404),
    ("unit_contact", MyPairings, 200, 0), ("unit_contact", Retention, 403, 0),

    ("self", HhList, 200, 404), ("self", HhGet, 200, 404), ("self", HhCreate, 403, 403), ("self", HhUpdate, 403, 403),
    ("self", HhReveal, 403, 403), ("self", HhArchive, 403, 403), ("self", HhExport, 403, 0), ("self", HhPersonal, 403, 403),
    ("self", PrList, 403, 403), ("self", PrCreate, 403, 403), ("self", PrGet, 200, 404), ("self", PrUpdate, 403, 403),
    ("self", PrEnd, 403, 403), ("self", VisitList, 200, 404), ("self", VisitCreate, 201, 404), ("self", WishList, 200, 404),
    ("self", WishCreate, 403, 403), ("self", WishClaim, 200, 404), ("self", MyPairings, 200, 0), ("self", Retention, 403, 0),
];

struct Fixture {
    admin: String,
    /// The `self` account's volunteer id.
    me: i64,
    next: u32,
}

/// A household, a pairing and an open wish for one attempt.
struct Objects {
    household: i64,
    pairing: i64,
    wish: i64,
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

async fn objects(app: &TestApp, who: &str, inside: bool, f: &mut Fixture) -> Objects {
    f.next += 1;
    let grid = if inside { codes::GRID_1 } else { TOWN_B_GRID };
    let mut body = household_body(app, grid, None);
    body["head_name"] = json!(format!("户主{}", f.next));
    let (status, h) = app.post("/households", &f.admin, body).await;
    assert_eq!(status, StatusCode::CREATED, "{h}");
    let household = h["id"].as_i64().unwrap();
    let helper = match (who, inside) {
        ("self", true) => json!({"volunteer_id": f.me}),
        (_, true) => json!({"unit_id": hospital(app)}),
        (_, false) => json!({"volunteer_id": volunteer(app, &f.admin, 300 + f.next, grid).await}),
    };
    let mut body = json!({"household_id": household, "visit_interval_days": 30});
    body.as_object_mut().unwrap().extend(helper.as_object().unwrap().clone());
    let (status, p) = app.post("/pairings", &f.admin, body).await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    let (status, w) = app.post("/wishes", &f.admin, json!({"household_id": household, "title": "书包"})).await;
    assert_eq!(status, StatusCode::CREATED, "{w}");
    Objects { household, pairing: p["id"].as_i64().unwrap(), wish: w["id"].as_i64().unwrap() }
}

async fn attempt(app: &TestApp, token: &str, who: &str, action: Action, inside: bool, f: &mut Fixture) -> u16 {
    let o = objects(app, who, inside, f).await;
    let grid = if inside { codes::GRID_1 } else { TOWN_B_GRID };
    let (h, p) = (format!("/households/{}", o.household), format!("/pairings/{}", o.pairing));
    match action {
        HhList => {
            let (status, page) = app.get("/households?page_size=100&sort=-id", token).await;
            listed(status, &page, o.household)
        }
        HhGet => app.get(&h, token).await.0.as_u16(),
        HhCreate => {
            let mut body = household_body(app, grid, None);
            body["head_name"] = json!("新户");
            app.post("/households", token, body).await.0.as_u16()
        }
        HhUpdate => {
            let etag = app.etag(&h).await;
            app.patch(&h, token, &etag, json!({"address": "新址"})).await.0.as_u16()
        }
        HhReveal => app.post(&format!("{h}/reveal"), token, json!({"reason": "核实"})).await.0.as_u16(),
        HhArchive => {
            let etag = app.etag(&h).await;
            app.patch(&h, &f.admin, &etag, json!({"status": "moved"})).await;
            app.post(&format!("{h}/archive"), token, json!({})).await.0.as_u16()
        }
        HhExport => app.request(Method::GET, "/households/export", Some(token)).send().await.unwrap().status().as_u16(),
        HhPersonal => app.post(&format!("{h}/personal-data"), token, json!({"reason": "本人申请"})).await.0.as_u16(),
        PrList => {
            let (status, page) = app.get("/pairings?page_size=100&sort=-id", token).await;
            listed(status, &page, o.pairing)
        }
        PrCreate => {
            let v = volunteer(app, &f.admin, 600 + f.next, grid).await;
            let body = json!({"household_id": o.household, "volunteer_id": v, "visit_interval_days": 14});
            app.post("/pairings", token, body).await.0.as_u16()
        }
        PrGet => app.get(&p, token).await.0.as_u16(),
        PrUpdate => {
            let etag = app.etag(&p).await;
            app.patch(&p, token, &etag, json!({"visit_interval_days": 7})).await.0.as_u16()
        }
        PrEnd => app.post(&format!("{p}/end"), token, json!({"reason": "调整"})).await.0.as_u16(),
        VisitList => app.get(&format!("{p}/visits"), token).await.0.as_u16(),
        VisitCreate => {
            let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
            let body = json!({"visited_on": today, "kind": "visit", "content": "入户走访"});
            app.post(&format!("{p}/visits"), token, body).await.0.as_u16()
        }
        WishList => {
            let (status, page) = app.get("/wishes?page_size=100&sort=-id", token).await;
            listed(status, &page, o.wish)
        }
        WishCreate => {
            app.post("/wishes", token, json!({"household_id": o.household, "title": "轮椅"})).await.0.as_u16()
        }
        WishClaim => {
            let body =
                if matches!(who, "unit_contact" | "self") { json!({}) } else { json!({"unit_id": hospital(app)}) };
            app.post(&format!("/wishes/{}/claim", o.wish), token, body).await.0.as_u16()
        }
        MyPairings => app.get("/me/pairings", token).await.0.as_u16(),
        Retention => app.post("/households/retention/run", token, json!({})).await.0.as_u16(),
    }
}

async fn tokens(app: &TestApp, f_admin: &str) -> (std::collections::HashMap<&'static str, String>, i64) {
    let (me, own) = helper_volunteer(app, f_admin, 299).await;
    let mut tokens = std::collections::HashMap::new();
    tokens.insert("self", own);
    for who in ["admin", "street_admin", "community_admin", "grid_worker", "unit_contact"] {
        tokens.insert(who, app.token(who).await);
    }
    (tokens, me)
}

async fn assistance_authorization_table(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("admin").await;
    let (tokens, me) = tokens(&app, &admin).await;
    let mut f = Fixture { admin, me, next: 0 };
    let mut failures = Vec::new();
    for (who, action, inside, outside) in TABLE {
        for (is_in, expected) in [(true, *inside), (false, *outside)] {
            if expected == 0 {
                continue;
            }
            let got = attempt(&app, &tokens[who], who, *action, is_in, &mut f).await;
            if got != expected {
                failures.push(format!(
                    "{who} {action:?} {}: expected {expected}, got {got}",
                    if is_in { "in" } else { "out" }
                ));
            }
        }
    }
    assert!(failures.is_empty(), "assistance authorization table:\n{}", failures.join("\n"));
}

/// (who, how the identity number shows in the detail, reveal status).
#[rustfmt::skip]
const SENSITIVE: &[(&str, &str, u16)] = &[
    ("admin", "masked", 200),
    ("street_admin", "masked", 200),
    ("community_admin", "masked", 200),
    ("grid_worker", "masked", 403),
    ("unit_contact", "hidden", 403),
    ("self", "hidden", 403),
];

async fn sensitive_fields_by_role(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("admin").await;
    let (tokens, me) = tokens(&app, &admin).await;
    let id_number = crate::assistance::ID;
    let (_, h) = app.post("/households", &admin, household_body(&app, codes::GRID_1, Some(id_number))).await;
    let id = h["id"].as_i64().unwrap();
    for helper in [json!({"unit_id": hospital(&app)}), json!({"volunteer_id": me})] {
        let mut body = json!({"household_id": id, "visit_interval_days": 30});
        body.as_object_mut().unwrap().extend(helper.as_object().unwrap().clone());
        assert_eq!(app.post("/pairings", &admin, body).await.0, StatusCode::CREATED);
    }
    let reveals = || app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'reveal' AND entity = 'household'");
    let mut failures = Vec::new();
    for (who, shown, reveal) in SENSITIVE {
        let token = &tokens[who];
        let (status, detail) = app.get(&format!("/households/{id}"), token).await;
        let (_, page) = app.get("/households", token).await;
        let listed = items(&page).iter().find(|x| x["id"] == id).cloned().unwrap_or(Value::Null);
        let seen = match (&detail["id_number"], &listed["id_number"]) {
            (Value::String(a), Value::String(b)) if a == "110***********002X" && b == a => "masked",
            (Value::Null, Value::Null) if status == StatusCode::OK && !listed.is_null() => "hidden",
            _ => "wrong",
        };
        let no_plain = !detail.to_string().contains(id_number) && !page.to_string().contains(id_number);
        let situation_hidden = detail.get("situation").is_none()
            && (*shown == "masked") == detail["has_situation"].as_bool().unwrap_or(false);
        // Staff see both helpers' pairings, a helper their own only; all see
        // that the household has two helpers.
        let helpers: Vec<String> = detail["pairings"]
            .as_array()
            .map(|ps| {
                ps.iter()
                    .map(|p| format!("{}:{}", p["helper"]["kind"].as_str().unwrap_or(""), p["helper"]["id"]))
                    .collect()
            })
            .unwrap_or_default();
        let own_pairings = match *who {
            "unit_contact" => vec![format!("unit:{}", hospital(&app))],
            "self" => vec![format!("volunteer:{me}")],
            _ => vec![format!("unit:{}", hospital(&app)), format!("volunteer:{me}")],
        };
        let mut sorted = helpers.clone();
        sorted.sort();
        let pairings_ok = sorted == own_pairings && detail["active_pairings"] == 2;
        let before = reveals();
        let (got, body) = app.post(&format!("/households/{id}/reveal"), token, json!({"reason": "核实身份"})).await;
        let audited = reveals() - before;
        let plain_ok = (got == StatusCode::OK) == (body["id_number"] == id_number);
        if seen != *shown
            || !no_plain
            || !situation_hidden
            || got.as_u16() != *reveal
            || audited != i64::from(*reveal == 200)
            || !plain_ok
            || !pairings_ok
        {
            failures.push(format!(
                "{who}: shown {seen} (want {shown}), no plain {no_plain}, situation hidden {situation_hidden}, reveal {got} (want {reveal}), audited {audited}, pairings {helpers:?} (want {own_pairings:?})"
            ));
        }
    }
    assert!(failures.is_empty(), "sensitive fields by role:\n{}", failures.join("\n"));
}
