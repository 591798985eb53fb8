//! Assistance pairings end to end: households sealed, masked and revealed
//! with an audit entry; overdue pairings and the visits that clear them;
//! the wish claim race; archive and erasure keeping the counts; photo limits;
//! the ledger export.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::*;
use crate::on_both_backends;
use crate::unit_import::sheet_rows;
use crate::volunteers::{id_number, phone, registration};

on_both_backends!(
    households_are_sealed_masked_and_revealed_with_an_audit_entry,
    visits_move_the_due_date_and_clear_overdue,
    a_wish_claimed_at_once_by_two_goes_to_one,
    archiving_then_erasing_keeps_the_counts,
    visit_photos_are_checked_and_served_only_in_reach,
    the_ledger_exports_masked_unless_permitted_and_asked,
);

pub const ID: &str = "11010519491231002X";
pub const PHONE: &str = "13912345678";
pub const SITUATION: &str = "丈夫因病去世，独自抚养两个孩子";
pub const TOWN_B_GRID: &str = "152922101001001";

pub fn today() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}

pub fn days_ago(n: i64) -> chrono::NaiveDate {
    today() - chrono::Duration::days(n)
}

pub fn household_body(app: &TestApp, grid: &str, id_number: Option<&str>) -> Value {
    json!({
        "head_name": "张桂英",
        "id_number": id_number,
        "phone": PHONE,
        "situation": SITUATION,
        "members": [{"name": "李明", "relation": "子女", "age": 12}, {"name": "李华", "relation": "子女", "age": 9}],
        "area_id": app.area(grid),
        "address": "幸福小区3号楼2单元101",
        "categories": ["minimum_living", "left_behind_child"],
    })
}

pub async fn household(app: &TestApp, token: &str, grid: &str, id_number: Option<&str>) -> i64 {
    let (status, body) = app.post("/households", token, household_body(app, grid, id_number)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_i64().unwrap()
}

/// The id of the unit `unit_contact` speaks for (旗人民医院, of community 1).
pub fn hospital(app: &TestApp) -> i64 {
    app.count("SELECT unit_id AS n FROM users WHERE username = 'unit_contact'")
}

pub async fn pairing(app: &TestApp, token: &str, body: Value) -> Value {
    let (status, pairing) = app.post("/pairings", token, body).await;
    assert_eq!(status, StatusCode::CREATED, "{pairing}");
    pairing
}

/// A registered, approved volunteer of grid 1 and their token.
pub async fn helper_volunteer(app: &TestApp, admin: &str, n: u32) -> (i64, String) {
    let (_, reg) = send(app.request(Method::POST, "/volunteers/register", None).json(&registration(app, n))).await;
    let id = reg["volunteer"]["id"].as_i64().unwrap();
    app.post(&format!("/volunteers/{id}/approve"), admin, json!({})).await;
    (id, app.login_with(&phone(n), "Volunteer#2026").await.access)
}

fn visit_body(on: chrono::NaiveDate) -> Value {
    json!({"visited_on": on, "kind": "paperwork", "paperwork": "disability_card", "content": "帮助办理残疾证", "outcome": "已受理"})
}

async fn households_are_sealed_masked_and_revealed_with_an_audit_entry(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let community = app.token("community_admin").await;
    let id = household(&app, &community, codes::GRID_1, Some(ID)).await;

    // Nothing of the three sealed fields is readable in the database, and the audit entry of the creation holds only masks.
    let plain_rows = format!(
        "SELECT COUNT(*) AS n FROM households WHERE head_id_number_sealed LIKE '%{ID}%' OR phone_sealed LIKE '%{PHONE}%' \
         OR situation_sealed LIKE '%{SITUATION}%' OR head_id_number_masked = '{ID}' OR phone_masked = '{PHONE}'"
    );
    assert_eq!(app.count(&plain_rows), 0);
    let sealed =
        "SELECT COUNT(*) AS n FROM households WHERE head_id_number_sealed IS NOT NULL AND phone_sealed IS NOT NULL \
                  AND situation_sealed IS NOT NULL AND head_id_number_hash IS NOT NULL";
    assert_eq!(app.count(sealed), 1);
    let leaked = format!(
        "SELECT COUNT(*) AS n FROM audit_log WHERE changes LIKE '%{ID}%' OR changes LIKE '%{PHONE}%' OR changes LIKE '%孩子%'"
    );
    assert_eq!(app.count(&leaked), 0);

    // Masked in the list and the detail; the grid worker of the grid sees it, masked too.
    let grid = app.token("grid_worker").await;
    let (status, page) = app.get("/households?q=张桂英", &grid).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let row = &items(&page)[0];
    assert_eq!(row["id_number"], "110***********002X");
    assert_eq!(row["phone"], "139****5678");
    assert_eq!(row["has_situation"], true);
    assert!(row.get("situation").is_none());
    let (_, detail) = app.get(&format!("/households/{id}"), &community).await;
    assert_eq!(detail["id_number"], "110***********002X");
    assert_eq!(detail["household_no"].as_str().unwrap().len(), 11);

    // One household per person.
    let (status, body) = app.post("/households", &community, household_body(&app, codes::GRID_2, Some(ID))).await;
    assert_eq!((status, body["errors"][0]["field"].as_str()), (StatusCode::CONFLICT, Some("id_number")));
    let (status, body) =
        app.post("/households", &community, household_body(&app, codes::GRID_2, Some("110105194912310021"))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&body), vec!["id_number"]);

    // Reveal: refused to the grid worker and without a reason, leaving no entry; then plain, with who, whose and why.
    let reveals = || app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'reveal' AND entity = 'household'");
    let path = format!("/households/{id}/reveal");
    assert_eq!(app.post(&path, &grid, json!({"reason": "核实低保"})).await.0, StatusCode::FORBIDDEN);
    let (status, body) = app.post(&path, &community, json!({"reason": "  "})).await;
    assert_eq!((status, error_fields(&body)), (StatusCode::UNPROCESSABLE_ENTITY, vec!["reason".to_string()]));
    assert_eq!(reveals(), 0);
    let res = app
        .request(Method::POST, &path, Some(&community))
        .json(&json!({"reason": "核实低保资格"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["cache-control"], "no-store");
    let plain: Value = res.json().await.unwrap();
    assert_eq!((plain["id_number"].as_str(), plain["phone"].as_str()), (Some(ID), Some(PHONE)));
    assert_eq!(plain["situation"], SITUATION);
    assert_eq!(reveals(), 1);
    let (_, audit) = app.get("/audit?action=reveal&entity=household", &community).await;
    let entry = &items(&audit)[0];
    assert_eq!(entry["actor_username"], "community_admin");
    assert_eq!(entry["entity_id"], id);
    assert_eq!(entry["changes"]["reason"], "核实低保资格");
    assert_eq!(entry["changes"]["fields"], json!(["id_number", "phone", "situation"]));

    // A paired helper sees the household without identity number or situation; an unpaired one does not see it.
    let admin = app.token("admin").await;
    let unit = app.token("unit_contact").await;
    assert_eq!(app.get(&format!("/households/{id}"), &unit).await.0, StatusCode::NOT_FOUND);
    pairing(&app, &community, json!({"household_id": id, "unit_id": hospital(&app), "visit_interval_days": 30})).await;
    let (status, seen) = app.get(&format!("/households/{id}"), &unit).await;
    assert_eq!(status, StatusCode::OK, "{seen}");
    assert_eq!((seen["id_number"].is_null(), seen["has_situation"].as_bool()), (true, Some(false)));
    assert_eq!(seen["phone"], "139****5678");
    assert_eq!(app.post(&path, &unit, json!({"reason": "x"})).await.0, StatusCode::FORBIDDEN);
    let (_, volunteer) = helper_volunteer(&app, &admin, 801).await;
    assert_eq!(app.get(&format!("/households/{id}"), &volunteer).await.0, StatusCode::NOT_FOUND);
    assert_eq!(total(&app, "/households", &volunteer).await, 0);

    // Replacing a sealed field seals it again and says so in the audit trail.
    let etag = app.etag(&format!("/households/{id}")).await;
    let (status, body) =
        app.patch(&format!("/households/{id}"), &community, &etag, json!({"situation": "孩子已入学，生活好转"})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM households WHERE situation_sealed LIKE '%入学%'"), 0);
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'update' AND entity = 'household' AND changes LIKE '%situation%'"),
        1
    );
    let (_, plain) = app.post(&path, &admin, json!({"reason": "复核"})).await;
    assert_eq!(plain["situation"], "孩子已入学，生活好转");
}

async fn visits_move_the_due_date_and_clear_overdue(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let (community, grid) = (app.token("community_admin").await, app.token("grid_worker").await);
    let id = household(&app, &community, codes::GRID_1, None).await;
    let body = json!({"household_id": id, "unit_id": hospital(&app), "visit_interval_days": 30, "starts_on": days_ago(40), "plan": "每月走访一次"});
    let p = pairing(&app, &community, body).await;
    let pid = p["id"].as_i64().unwrap();
    assert_eq!(p["due_on"], json!(days_ago(10)));
    assert_eq!((p["overdue"].as_bool(), p["due_this_week"].as_bool()), (Some(true), Some(true)));
    // A second active pairing of the same helper is refused; another helper is welcome.
    let again = json!({"household_id": id, "unit_id": hospital(&app), "visit_interval_days": 7});
    let (status, body) = app.post("/pairings", &community, again).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::CONFLICT, Some("already_paired")));
    let fresh = json!({"household_id": id, "unit_id": hospital(&app), "volunteer_id": 1, "visit_interval_days": 7});
    assert_eq!(app.post("/pairings", &community, fresh).await.0, StatusCode::UNPROCESSABLE_ENTITY);

    // The overdue list of the street and the ledger's overdue filter both hold it.
    let street = app.token("street_admin").await;
    let town = app.area(codes::TOWN_A);
    let (_, late) = app.get(&format!("/pairings?overdue=true&area_id={town}"), &street).await;
    assert_eq!(items(&late).iter().filter(|x| x["id"] == pid).count(), 1);
    assert_eq!(total(&app, "/households?overdue=true", &grid).await, 1);
    let unit = app.token("unit_contact").await;
    let (_, mine) = app.get("/me/pairings?due=overdue", &unit).await;
    assert_eq!(mine.as_array().unwrap().len(), 1, "{mine}");

    // Bad visits change nothing.
    let path = format!("/pairings/{pid}/visits");
    let (status, body) = app.post(&path, &grid, visit_body(today() + chrono::Duration::days(1))).await;
    assert_eq!((status, error_fields(&body)), (StatusCode::UNPROCESSABLE_ENTITY, vec!["visited_on".to_string()]));
    let (status, body) =
        app.post(&path, &grid, json!({"visited_on": today(), "kind": "paperwork", "content": "x"})).await;
    assert_eq!((status, error_fields(&body)), (StatusCode::UNPROCESSABLE_ENTITY, vec!["paperwork".to_string()]));
    let (status, _) = app.post(&path, &grid, visit_body(days_ago(41))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM visits"), 0);

    // The grid worker records a visit five days ago: due 25 days ahead, no longer overdue.
    let (status, visit) = app.post(&path, &grid, visit_body(days_ago(5))).await;
    assert_eq!(status, StatusCode::CREATED, "{visit}");
    assert_eq!(visit["recorded_by"], "王丽华");
    let (_, p) = app.get(&format!("/pairings/{pid}"), &community).await;
    assert_eq!(
        (p["last_visit_on"].clone(), p["due_on"].clone()),
        (json!(days_ago(5)), json!(days_ago(5) + chrono::Duration::days(30)))
    );
    assert_eq!((p["overdue"].as_bool(), p["visit_count"].as_i64()), (Some(false), Some(1)));
    assert_eq!(total(&app, "/households?overdue=true", &grid).await, 0);
    let (_, late) = app.get(&format!("/pairings?overdue=true&area_id={town}"), &street).await;
    assert!(items(&late).iter().all(|x| x["id"] != pid));
    // An older visit entered late does not move the date back; the helper records their own.
    let (status, _) =
        app.post(&path, &unit, json!({"visited_on": days_ago(20), "kind": "gifts", "content": "送米面油"})).await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, p) = app.get(&format!("/pairings/{pid}"), &unit).await;
    assert_eq!((p["last_visit_on"].clone(), p["visit_count"].as_i64()), (json!(days_ago(5)), Some(2)));

    // The detail holds the pairing and its visits newest first.
    let (_, detail) = app.get(&format!("/households/{id}"), &community).await;
    assert_eq!(detail["pairings"][0]["id"], pid);
    let kinds: Vec<&str> = detail["visits"].as_array().unwrap().iter().map(|v| v["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, vec!["paperwork", "gifts"]);
    assert_eq!(detail["overdue"], false);

    // A shorter interval moves the due date at once; ending keeps the history and stops visits.
    let etag = app.etag(&format!("/pairings/{pid}")).await;
    let (_, p) = app.patch(&format!("/pairings/{pid}"), &community, &etag, json!({"visit_interval_days": 3})).await;
    assert_eq!((p["due_on"].clone(), p["overdue"].as_bool()), (json!(days_ago(2)), Some(true)));
    let (status, ended) = app.post(&format!("/pairings/{pid}/end"), &community, json!({"reason": "已脱困"})).await;
    assert_eq!(
        (status, ended["status"].as_str(), ended["overdue"].as_bool()),
        (StatusCode::OK, Some("ended"), Some(false))
    );
    let (status, body) = app.post(&path, &grid, visit_body(today())).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::CONFLICT, Some("invalid_transition")));
    let (_, visits) = app.get(&path, &community).await;
    assert_eq!(visits["total"], 2);
    // The helper no longer reaches the household once the pairing ended.
    assert_eq!(app.get(&format!("/households/{id}"), &unit).await.0, StatusCode::NOT_FOUND);
}

async fn a_wish_claimed_at_once_by_two_goes_to_one(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let (admin, community) = (app.token("admin").await, app.token("community_admin").await);
    let unit = app.token("unit_contact").await;
    let (volunteer_id, volunteer) = helper_volunteer(&app, &admin, 802).await;
    let id = household(&app, &community, codes::GRID_1, Some(ID)).await;
    let mut winners = (0, 0);
    for round in 0..5 {
        let (status, wish) =
            app.post("/wishes", &community, json!({"household_id": id, "title": format!("新书包{round}")})).await;
        assert_eq!(status, StatusCode::CREATED, "{wish}");
        let claim = format!("/wishes/{}/claim", wish["id"]);
        let (a, b) = tokio::join!(app.post(&claim, &unit, json!({})), app.post(&claim, &volunteer, json!({})));
        let statuses = [a.0, b.0];
        assert!(statuses.contains(&StatusCode::OK) && statuses.contains(&StatusCode::CONFLICT), "{statuses:?}");
        let loser = if a.0 == StatusCode::CONFLICT { &a.1 } else { &b.1 };
        assert_eq!(loser["code"], "already_claimed");
        if a.0 == StatusCode::OK {
            winners.0 += 1;
        } else {
            winners.1 += 1;
        }
        let claimer = app.count(&format!(
            "SELECT COUNT(*) AS n FROM wishes WHERE id = {} AND status = 'claimed' AND claimer_kind IS NOT NULL",
            wish["id"]
        ));
        assert_eq!(claimer, 1);
    }
    assert_eq!(winners.0 + winners.1, 5);

    // Helpers see no household on the board; staff do.
    let (_, board) = app.get("/wishes?mine=true", &unit).await;
    assert_eq!(board["total"], winners.0);
    assert!(items(&board).iter().all(|w| w["household"].is_null()));
    let (_, staff) = app.get("/wishes", &community).await;
    assert_eq!(staff["total"], 5);
    assert!(items(&staff).iter().all(|w| w["household"]["id"] == id));

    // Only the claimer fulfils; a fulfilled wish cannot be claimed again.
    let mine = items(&board).first().map(|w| w["id"].clone());
    if let Some(wish) = mine {
        let path = format!("/wishes/{wish}/fulfil");
        assert_eq!(app.post(&path, &volunteer, json!({"note": "送到了"})).await.0, StatusCode::FORBIDDEN);
        let (status, done) = app.post(&path, &unit, json!({"note": "书包已送到孩子手中"})).await;
        assert_eq!((status, done["status"].as_str()), (StatusCode::OK, Some("fulfilled")));
        let (status, body) =
            app.post(&format!("/wishes/{wish}/claim"), &community, json!({"volunteer_id": volunteer_id})).await;
        assert_eq!((status, body["code"].as_str()), (StatusCode::CONFLICT, Some("already_claimed")));
    }
    // Staff record an offline claim for a unit; a helper cannot claim for someone else.
    let (_, wish) = app.post("/wishes", &community, json!({"household_id": id, "title": "轮椅"})).await;
    let claim = format!("/wishes/{}/claim", wish["id"]);
    let (status, body) = app.post(&claim, &unit, json!({"volunteer_id": volunteer_id})).await;
    assert_eq!((status, error_fields(&body)), (StatusCode::UNPROCESSABLE_ENTITY, vec!["unit_id".to_string()]));
    let (status, claimed) = app.post(&claim, &community, json!({"unit_id": hospital(&app)})).await;
    assert_eq!((status, claimed["claimer"]["kind"].as_str()), (StatusCode::OK, Some("unit")), "{claimed}");
    let (status, cancelled) =
        app.post(&format!("/wishes/{}/cancel", wish["id"]), &community, json!({"reason": "已由民政解决"})).await;
    assert_eq!((status, cancelled["status"].as_str()), (StatusCode::OK, Some("cancelled")));
}

async fn archiving_then_erasing_keeps_the_counts(backend: Backend) {
    let Some(app) = TestApp::spawn_with(backend, |c| c.household_retention_days = 0).await else { return };
    let (admin, community) = (app.token("admin").await, app.token("community_admin").await);
    let id = household(&app, &community, codes::GRID_1, Some(ID)).await;
    let keep = household(&app, &community, codes::GRID_1, Some(&id_number(3))).await;
    let p =
        pairing(&app, &community, json!({"household_id": id, "unit_id": hospital(&app), "visit_interval_days": 30}))
            .await;
    let (_, visit) = app.post(&format!("/pairings/{}/visits", p["id"]), &community, visit_body(today())).await;
    let photo = app
        .request(Method::POST, &format!("/visits/{}/photos", visit["id"]), Some(&community))
        .header("Content-Type", "image/png")
        .body(png(64));
    assert_eq!(send(photo).await.0, StatusCode::CREATED);
    app.post("/wishes", &community, json!({"household_id": id, "title": "冬衣", "description": "两件童装"})).await;

    // The person concerned gets their data in full, and the export is audited.
    let (status, data) =
        app.post(&format!("/households/{id}/personal-data"), &community, json!({"reason": "本人申请查阅"})).await;
    assert_eq!(status, StatusCode::OK, "{data}");
    assert_eq!((data["sealed"]["id_number"].as_str(), data["visits"].as_array().map(Vec::len)), (Some(ID), Some(1)));
    assert_eq!(data["wishes"][0]["title"], "冬衣");
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'export_personal_data'"), 1);

    // Only a household no longer helped is archived; archiving ends its pairings and withdraws its open wishes.
    let archive = format!("/households/{id}/archive");
    let (status, body) = app.post(&archive, &community, json!({})).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::CONFLICT, Some("invalid_transition")));
    let etag = app.etag(&format!("/households/{id}")).await;
    app.patch(&format!("/households/{id}"), &community, &etag, json!({"status": "lifted"})).await;
    let (status, archived) = app.post(&archive, &community, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{archived}");
    assert!(archived["archived_at"].is_string());
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM pairings WHERE status = 'active'"), 0);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM wishes WHERE status = 'open'"), 0);
    let etag = app.etag(&format!("/households/{id}")).await;
    let (status, _) = app.patch(&format!("/households/{id}"), &community, &etag, json!({"head_name": "x"})).await;
    assert_eq!(status, StatusCode::CONFLICT);

    let counted = |app: &TestApp| {
        [
            "SELECT COUNT(*) AS n FROM households WHERE categories LIKE '%minimum_living%'",
            "SELECT COUNT(*) AS n FROM pairings",
            "SELECT COUNT(*) AS n FROM visits",
            "SELECT COUNT(*) AS n FROM wishes",
        ]
        .map(|sql| app.count(sql))
    };
    let before = counted(&app);
    // Erasure needs `households.erase`; then the archived household past retention (0 days here) loses its personal fields.
    assert_eq!(app.post("/households/retention/run", &community, json!({})).await.0, StatusCode::FORBIDDEN);
    let (status, run) = app.post("/households/retention/run", &admin, json!({})).await;
    assert_eq!((status, run["erased"].as_i64()), (StatusCode::OK, Some(1)), "{run}");
    assert_eq!(counted(&app), before, "counts survive erasure");
    let erased = "SELECT COUNT(*) AS n FROM households WHERE head_name = '已删除' AND head_id_number_sealed IS NULL \
                  AND head_id_number_hash IS NULL AND phone_sealed IS NULL AND situation_sealed IS NULL AND address IS NULL \
                  AND members = '[]' AND erased_at IS NOT NULL";
    assert_eq!(app.count(erased), 1);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM visit_photos"), 0);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM visits WHERE content <> ''"), 0);
    let (_, gone) = app.get(&format!("/households/{id}"), &community).await;
    assert_eq!((gone["head_name"].as_str(), gone["id_number"].is_null()), (Some("已删除"), true));
    assert_eq!(gone["categories"], json!(["minimum_living", "left_behind_child"]));
    assert_eq!(gone["pairings"].as_array().unwrap().len(), 1);
    // The household still live is untouched; a second run erases nothing more.
    let (_, kept) = app.get(&format!("/households/{keep}"), &community).await;
    assert_eq!(kept["head_name"], "张桂英");
    assert_eq!(app.post("/households/retention/run", &admin, json!({})).await.1["erased"], 0);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'erase' AND entity = 'household'"), 1);
    // The identity number is free again: erased people are not kept as duplicates.
    let (status, _) = app.post("/households", &community, household_body(&app, codes::GRID_2, Some(ID))).await;
    assert_eq!(status, StatusCode::CREATED);
}

/// A small valid-looking PNG: the signature, then filler up to `len` bytes.
pub fn png(len: usize) -> Vec<u8> {
    let mut bytes = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    bytes.resize(len.max(8), 7);
    bytes
}

async fn visit_photos_are_checked_and_served_only_in_reach(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let (admin, grid) = (app.token("admin").await, app.token("grid_worker").await);
    let id = household(&app, &grid, codes::GRID_1, None).await;
    let p =
        pairing(&app, &admin, json!({"household_id": id, "unit_id": hospital(&app), "visit_interval_days": 14})).await;
    let (_, visit) = app.post(&format!("/pairings/{}/visits", p["id"]), &grid, visit_body(today())).await;
    let path = format!("/visits/{}/photos", visit["id"]);
    let upload = |token: &str, content_type: &str, body: Vec<u8>| {
        app.request(Method::POST, &path, Some(token)).header("Content-Type", content_type.to_string()).body(body)
    };
    let (status, stored) = send(upload(&grid, "image/png", png(2048))).await;
    assert_eq!(status, StatusCode::CREATED, "{stored}");
    // Another type, bytes that are not the type sent, and more than 5 MiB are refused.
    assert_eq!(send(upload(&grid, "text/plain", b"hello".to_vec())).await.0, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(send(upload(&grid, "image/jpeg", png(100))).await.0, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(send(upload(&grid, "image/png", b"<svg/>".to_vec())).await.0, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(send(upload(&grid, "image/png", png(5 * 1024 * 1024 + 1))).await.0, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM visit_photos"), 1);
    // Nine a visit.
    for _ in 1..9 {
        assert_eq!(send(upload(&grid, "image/png", png(256))).await.0, StatusCode::CREATED);
    }
    let (status, body) = send(upload(&grid, "image/png", png(256))).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::CONFLICT, Some("too_many_photos")));
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM visit_photos"), 9);

    // Served with its type to those in reach, and to the paired helper; not to others.
    let photo = format!("/visits/{}/photos/{}", visit["id"], stored["id"]);
    let res = app.request(Method::GET, &photo, Some(&grid)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        (res.headers()["content-type"].to_str().unwrap(), res.headers()["cache-control"].to_str().unwrap()),
        ("image/png", "private, no-store")
    );
    assert_eq!(res.bytes().await.unwrap().to_vec(), png(2048));
    let unit = app.token("unit_contact").await;
    assert_eq!(app.request(Method::GET, &photo, Some(&unit)).send().await.unwrap().status(), StatusCode::OK);
    let (_, volunteer) = helper_volunteer(&app, &admin, 803).await;
    assert_eq!(
        app.request(Method::GET, &photo, Some(&volunteer)).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    let outsider = app.token("street_admin").await;
    assert_eq!(app.request(Method::GET, &photo, Some(&outsider)).send().await.unwrap().status(), StatusCode::OK);
    let b = household(&app, &admin, TOWN_B_GRID, None).await;
    let pb =
        pairing(&app, &admin, json!({"household_id": b, "unit_id": hospital(&app), "visit_interval_days": 14})).await;
    let (_, vb) = app.post(&format!("/pairings/{}/visits", pb["id"]), &admin, visit_body(today())).await;
    let res = send(
        app.request(Method::POST, &format!("/visits/{}/photos", vb["id"]), Some(&admin))
            .header("Content-Type", "image/png")
            .body(png(99)),
    )
    .await;
    let out_photo = format!("/visits/{}/photos/{}", vb["id"], res.1["id"]);
    assert_eq!(
        app.request(Method::GET, &out_photo, Some(&outsider)).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.request(Method::GET, &out_photo, Some(&grid)).send().await.unwrap().status(), StatusCode::NOT_FOUND);
}

async fn the_ledger_exports_masked_unless_permitted_and_asked(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let (community, grid) = (app.token("community_admin").await, app.token("grid_worker").await);
    household(&app, &community, codes::GRID_1, Some(ID)).await;
    household(&app, &app.token("admin").await, codes::GRID_OTHER, Some(&id_number(5))).await;
    let download =
        |token: &str, query: &str| app.request(Method::GET, &format!("/households/export{query}"), Some(token)).send();

    let res = download(&grid, "").await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let rows = sheet_rows(&res.bytes().await.unwrap());
    assert_eq!(rows.len(), 2, "a header and the grid's one household");
    let text = format!("{:?}", rows);
    assert!(text.contains("110***********002X") && !text.contains(ID), "{text}");
    assert!(text.contains("低保、留守儿童"), "{text}");

    // Plain: refused without the permission and without a reason, then given and audited.
    assert_eq!(download(&grid, "?plain=true&reason=核查").await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(download(&community, "?plain=true").await.unwrap().status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = download(&community, "?plain=true&reason=%E5%B9%B4%E5%BA%A6%E6%A0%B8%E6%9F%A5").await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let rows = sheet_rows(&res.bytes().await.unwrap());
    assert_eq!(rows.len(), 2, "the community admin's one household");
    assert!(format!("{:?}", rows).contains(ID));
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'export_plain' AND changes LIKE '%年度核查%'"),
        1
    );
}
