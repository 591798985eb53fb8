//! Volunteers: identity numbers checked (GB 11643), sealed at rest, shown
//! masked and revealed only with the permission and an audit entry;
//! self-registration, approval and the volunteer's own view; area scope;
//! the ledger export.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::*;
use crate::on_both_backends;
use crate::unit_import::{sheet_rows, text};

on_both_backends!(
    identity_numbers_are_checked,
    identity_numbers_are_sealed_at_rest,
    reveal_needs_the_permission_and_is_audited,
    registration_waits_for_approval,
    registration_is_idempotent,
    lists_filter_within_reach,
    phones_are_unique,
    the_ledger_exports_with_hours_and_masked_numbers,
);

/// The example of GB 11643-1999.
pub const ID_EXAMPLE: &str = "11010519491231002X";

/// A valid identity number for each `n` (born 1 January 1990, sequence `n`).
pub fn id_number(n: u32) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let first17 = format!("15292219900101{:03}", n % 1000);
    let sum: u32 = first17.bytes().zip(WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    format!("{first17}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

/// A mobile number for each `n`.
pub fn phone(n: u32) -> String {
    format!("139{:08}", n)
}

pub fn volunteer_body(app: &TestApp, n: u32, grid: &str) -> Value {
    json!({
        "name": format!("志愿者{n}"),
        "phone": phone(n),
        "id_number": id_number(n),
        "political_status": "party_member",
        "in_service": true,
        "work_unit_name": "旗医院",
        "area_id": app.area(grid),
        "skills": ["急救", "理发"],
    })
}

/// Creates an active volunteer as the system admin; returns its id.
pub async fn volunteer(app: &TestApp, admin: &str, n: u32, grid: &str) -> i64 {
    let (status, body) = app.post("/volunteers", admin, volunteer_body(app, n, grid)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_i64().unwrap()
}

fn field_codes(problem: &Value) -> Vec<(String, String)> {
    problem["errors"]
        .as_array()
        .map(|a| a.iter().map(|e| (e["field"].as_str().unwrap().into(), e["code"].as_str().unwrap().into())).collect())
        .unwrap_or_default()
}

async fn identity_numbers_are_checked(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("community_admin").await;
    let mut body = volunteer_body(&app, 1, codes::GRID_1);
    body["id_number"] = json!(ID_EXAMPLE.to_lowercase());
    let (status, created) = app.post("/volunteers", &admin, body).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["id_number"], "110***********002X");
    assert_eq!(created["status"], "active");
    assert!(created["volunteer_no"].as_str().unwrap().starts_with('V'), "{created}");
    for (n, bad) in [(2, "110105194912310021"), (3, "110105194902300020"), (4, "1101051949123100")] {
        let mut body = volunteer_body(&app, n, codes::GRID_1);
        body["id_number"] = json!(bad);
        let (status, problem) = app.post("/volunteers", &admin, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {problem}");
        assert_eq!(field_codes(&problem), vec![("id_number".to_string(), "invalid_id_number".to_string())], "{bad}");
    }
    assert_eq!(app.count("SELECT count(*) AS n FROM volunteers"), 1, "refused ones left nothing");
}

/// The plain number is in no column and no page of the database, nor in the audit trail.
async fn identity_numbers_are_sealed_at_rest(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("admin").await;
    let id = volunteer(&app, &admin, 7, codes::GRID_1).await;
    let plain = id_number(7);
    let (_, got) = app.get(&format!("/volunteers/{id}"), &admin).await;
    assert_eq!(got["id_number"].as_str().unwrap(), format!("{}***********{}", &plain[..3], &plain[14..]));
    match backend {
        Backend::Sqlite => {
            // The database file and its write-ahead log, byte for byte.
            let url = app.state.config.database_url.clone();
            let file = gridlink::db::sqlite_path(&url).to_string();
            let mut bytes = std::fs::read(&file).unwrap();
            bytes.extend(std::fs::read(format!("{file}-wal")).unwrap_or_default());
            let needle = plain.as_bytes();
            assert!(!bytes.windows(needle.len()).any(|w| w == needle), "the plain number is in the database file");
        }
        Backend::Postgres => {
            for table in ["volunteers", "audit_log", "users"] {
                let sql = format!("SELECT count(*) AS n FROM {table} t WHERE t::text LIKE '%{plain}%'");
                assert_eq!(app.count(&sql), 0, "{table} holds the plain number");
            }
        }
    }
    assert_eq!(
        app.count(&format!("SELECT count(*) AS n FROM volunteers WHERE id_number_sealed IS NOT NULL AND id = {id}")),
        1
    );
}

async fn reveal(app: &TestApp, token: &str, id: i64, reason: Value) -> (StatusCode, Value) {
    app.post(&format!("/volunteers/{id}/id-number/reveal"), token, reason).await
}

async fn reveal_needs_the_permission_and_is_audited(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("admin").await;
    let mine = volunteer(&app, &admin, 1, codes::GRID_1).await;
    let elsewhere = volunteer(&app, &admin, 2, codes::GRID_OTHER).await;
    let community = app.token("community_admin").await;
    let reveals = || app.count("SELECT count(*) AS n FROM audit_log WHERE action = 'reveal_id_number'");
    let (status, body) = reveal(&app, &community, mine, json!({"reason": "保险投保核对身份"})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["id_number"], id_number(1));
    assert_eq!(reveals(), 1);
    let (_, trail) =
        app.get(&format!("/audit?entity=volunteer&entity_id={mine}&action=reveal_id_number"), &admin).await;
    let entry = &trail["items"][0];
    assert_eq!(entry["actor_username"], "community_admin", "{trail}");
    assert!(entry["changes"].to_string().contains("保险投保核对身份"), "{entry}");
    assert!(!entry.to_string().contains(&id_number(1)), "the audit entry does not hold the number");

    assert_eq!(reveal(&app, &community, elsewhere, json!({"reason": "x"})).await.0, StatusCode::NOT_FOUND);
    assert_eq!(reveal(&app, &community, mine, json!({"reason": " "})).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    for role in ["grid_worker", "unit_contact", "volunteer"] {
        let token = app.token(role).await;
        assert_eq!(reveal(&app, &token, mine, json!({"reason": "x"})).await.0, StatusCode::FORBIDDEN, "{role}");
    }
    assert_eq!(reveals(), 1, "refused reveals leave no entry and reveal nothing");
}

pub fn registration(app: &TestApp, n: u32) -> Value {
    json!({
        "name": format!("报名人{n}"),
        "phone": phone(n),
        "id_number": id_number(n),
        "password": "Volunteer#2026",
        "political_status": "league_member",
        "area_id": app.area(codes::GRID_1),
        "skills": ["摄影"],
    })
}

async fn registration_waits_for_approval(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let req = app.request(Method::POST, "/volunteers/register", None).json(&registration(&app, 21));
    let (status, body) = send(req).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["volunteer"]["status"], "pending");
    assert_eq!(body["username"], phone(21));
    let id = body["volunteer"]["id"].as_i64().unwrap();

    let me = app.login_with(&phone(21), "Volunteer#2026").await.access;
    let (status, profile) = app.get("/me", &me).await;
    assert_eq!(status, StatusCode::OK, "{profile}");
    assert_eq!((profile["id"].as_i64(), profile["status"].as_str()), (Some(id), Some("pending")));
    assert!(profile["id_number"].as_str().unwrap().contains('*'));
    // A volunteer sees only themselves.
    assert_eq!(app.get(&format!("/volunteers/{id}"), &me).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/volunteers", &me).await.0, StatusCode::FORBIDDEN);
    // Staff accounts have no volunteer profile.
    assert_eq!(app.get("/me", &app.token("admin").await).await.0, StatusCode::FORBIDDEN);

    // The grid's community office decides, once.
    let other = app.token("street_admin").await;
    let community = app.token("community_admin").await;
    let (status, approved) = app.post(&format!("/volunteers/{id}/approve"), &community, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{approved}");
    assert_eq!(approved["status"], "active");
    let (status, again) = app.post(&format!("/volunteers/{id}/approve"), &other, json!({})).await;
    assert_eq!((status, again["code"].as_str()), (StatusCode::CONFLICT, Some("invalid_transition")));
    assert_eq!(app.get("/me", &me).await.1["status"], "active");

    let (status, body) =
        send(app.request(Method::POST, "/volunteers/register", None).json(&registration(&app, 22))).await;
    assert_eq!(status, StatusCode::CREATED);
    let second = body["volunteer"]["id"].as_i64().unwrap();
    let path = format!("/volunteers/{second}/reject");
    assert_eq!(app.post(&path, &community, json!({})).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, rejected) = app.post(&path, &community, json!({"reason": "身份信息无法核实"})).await;
    assert_eq!((status, rejected["status"].as_str()), (StatusCode::OK, Some("rejected")));
    assert_eq!(rejected["reject_reason"], "身份信息无法核实");

    // The same phone or identity number cannot register twice.
    let (status, dup) =
        send(app.request(Method::POST, "/volunteers/register", None).json(&registration(&app, 21))).await;
    assert_eq!((status, dup["code"].as_str()), (StatusCode::CONFLICT, Some("duplicate")));
    let mut body = registration(&app, 23);
    body["password"] = json!("short");
    let (status, weak) = send(app.request(Method::POST, "/volunteers/register", None).json(&body)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{weak}");
    assert_eq!(app.count("SELECT count(*) AS n FROM volunteers"), 2);
}

async fn registration_is_idempotent(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let register = |body: Value, key: &str| {
        let req = app.request(Method::POST, "/volunteers/register", None).header("Idempotency-Key", key).json(&body);
        async move {
            let res = req.send().await.unwrap();
            let (status, replayed) = (res.status(), res.headers().get("idempotent-replayed").is_some());
            (status, replayed, res.text().await.unwrap())
        }
    };
    let first = register(registration(&app, 31), "retry-31").await;
    assert_eq!((first.0, first.1), (StatusCode::CREATED, false), "{}", first.2);
    // Sent again after a lost answer: the first answer, word for word, and nothing new.
    let again = register(registration(&app, 31), "retry-31").await;
    assert_eq!((again.0, again.1, &again.2), (StatusCode::CREATED, true, &first.2));
    assert_eq!(app.count("SELECT count(*) AS n FROM volunteers"), 1);
    assert_eq!(
        app.count("SELECT count(*) AS n FROM users WHERE role = 'volunteer'"),
        2,
        "the demo volunteer and one more"
    );
    // The same key with another body is a client fault.
    let other = register(registration(&app, 32), "retry-31").await;
    assert_eq!(other.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(other.2.contains("idempotency_key_reused"), "{}", other.2);
    assert_eq!(app.count("SELECT count(*) AS n FROM volunteers"), 1);
}

async fn lists_filter_within_reach(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("admin").await;
    let a = volunteer(&app, &admin, 1, codes::GRID_1).await;
    let b = volunteer(&app, &admin, 2, codes::GRID_2).await;
    let out = volunteer(&app, &admin, 3, codes::GRID_OTHER).await;
    let (_, v) = app
        .patch(
            &format!("/volunteers/{b}"),
            &admin,
            "*",
            json!({"political_status": "masses", "in_service": false, "skills": ["法律"]}),
        )
        .await;
    assert_eq!(v["skills"], json!(["法律"]));
    let community = app.token("community_admin").await;
    let ids = |page: &Value| -> Vec<i64> {
        page["items"].as_array().unwrap().iter().map(|v| v["id"].as_i64().unwrap()).collect()
    };
    let (status, page) = app.get("/volunteers?sort=id", &community).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(ids(&page), vec![a, b], "only volunteers reporting to the subtree");
    assert_eq!(app.get(&format!("/volunteers/{out}"), &community).await.0, StatusCode::NOT_FOUND);
    let worker = app.token("grid_worker").await;
    assert_eq!(ids(&app.get("/volunteers", &worker).await.1), vec![a]);
    for (query, expected) in [
        ("political_status=masses", vec![b]),
        ("in_service=true", vec![a]),
        ("skill=法律", vec![b]),
        ("skill=法", vec![]),
        (&format!("area_id={}", app.area(codes::GRID_1)) as &str, vec![a]),
        (&format!("area_id={}", app.area(codes::GRID_OTHER)), vec![]),
        (&format!("q={}", phone(2)), vec![b]),
        ("q=志愿者1", vec![a]),
        ("status=active", vec![a, b]),
    ] {
        let (status, page) = app.get(&format!("/volunteers?sort=id&{query}"), &community).await;
        assert_eq!(status, StatusCode::OK, "{query}");
        assert_eq!(ids(&page), expected, "{query}");
    }
    assert_eq!(app.get("/volunteers?sort=phone", &community).await.0, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn phones_are_unique(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("admin").await;
    let first = volunteer(&app, &admin, 1, codes::GRID_1).await;
    let mut body = volunteer_body(&app, 2, codes::GRID_1);
    body["phone"] = json!(phone(1));
    let (status, problem) = app.post("/volunteers", &admin, body).await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (StatusCode::CONFLICT, Some("phone")));
    let mut body = volunteer_body(&app, 3, codes::GRID_1);
    body["id_number"] = json!(id_number(1));
    let (status, problem) = app.post("/volunteers", &admin, body).await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (StatusCode::CONFLICT, Some("id_number")));
    let second = volunteer(&app, &admin, 4, codes::GRID_1).await;
    let (status, _) = app.patch(&format!("/volunteers/{second}"), &admin, "*", json!({"phone": phone(1)})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_ne!(first, second);
}

async fn the_ledger_exports_with_hours_and_masked_numbers(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("admin").await;
    let community = app.token("community_admin").await;
    let a = volunteer(&app, &admin, 1, codes::GRID_1).await;
    let mut body = volunteer_body(&app, 2, codes::GRID_1);
    body["in_service"] = json!(false);
    body["political_status"] = json!("masses");
    let b = app.post("/volunteers", &admin, body).await.1["id"].as_i64().unwrap();
    volunteer(&app, &admin, 3, codes::GRID_OTHER).await;
    // Two hours served by `a`, corrected to an hour and a half.
    let body = json!({"title": "巡逻", "category": "public_order", "organiser_kind": "community", "area_id": app.area(codes::GRID_1)});
    let project = app.post("/volunteer-projects", &community, body).await.1["id"].as_i64().unwrap();
    let yesterday = (chrono::Utc::now() + chrono::Duration::hours(8) - chrono::Duration::days(1)).date_naive();
    let body = json!({"volunteer_id": a, "project_id": project, "service_date": yesterday, "minutes": 120});
    let (status, record) = app.post("/service-records", &community, body).await;
    assert_eq!(status, StatusCode::CREATED, "{record}");
    let adjust = format!("/service-records/{}/adjust", record["id"]);
    assert_eq!(
        app.post(&adjust, &community, json!({"corrected_minutes": 90, "reason": "核对"})).await.0,
        StatusCode::CREATED
    );

    let download =
        |query: &str| app.request(Method::GET, &format!("/volunteers/export?sort=id{query}"), Some(&community)).send();
    let response = download("").await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    let rows = sheet_rows(&response.bytes().await.unwrap());
    let cells = |r: usize| rows[r].iter().map(text).collect::<Vec<_>>();
    assert_eq!(rows.len(), 3, "the header and the two volunteers in reach: {rows:?}");
    assert_eq!((cells(0)[3].as_str(), cells(0)[11].as_str()), ("身份证号", "累计服务时长（小时）"));
    let (_, first) = app.get(&format!("/volunteers/{a}"), &community).await;
    assert_eq!(cells(1)[0], first["volunteer_no"].as_str().unwrap());
    assert_eq!(cells(1)[3], first["id_number"].as_str().unwrap(), "masked as in the list");
    assert!(rows.iter().flatten().all(|c| text(c) != id_number(1)), "no identity number in full");
    assert_eq!((cells(1)[4].as_str(), cells(1)[5].as_str(), cells(1)[11].as_str()), ("中共党员", "是", "1.5"));
    assert_eq!((cells(2)[4].as_str(), cells(2)[5].as_str(), cells(2)[11].as_str()), ("群众", "否", "0"));
    // The list's filters apply.
    let rows = sheet_rows(&download("&in_service=false").await.unwrap().bytes().await.unwrap());
    assert_eq!(rows.len(), 2);
    assert_eq!(text(&rows[1][1]), "志愿者2");
    assert_eq!(app.get("/volunteers?in_service=false", &community).await.1["items"][0]["id"].as_i64(), Some(b));
    let response = app.request(Method::GET, "/volunteers/export?sort=phone", Some(&community)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let own_account = app.token("volunteer").await;
    let response = app.request(Method::GET, "/volunteers/export", Some(&own_account)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

/// Without `GRIDLINK_DATA_KEY` SQLite generates a key once into the data
/// directory; PostgreSQL refuses to start.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_data_key_is_generated_on_sqlite_and_required_on_postgres() {
    let app = TestApp::spawn_with(Backend::Sqlite, |c| c.data_key = None).await.unwrap();
    let key_file = app.state.config.data_dir.join("data-encryption.key");
    assert!(key_file.is_file(), "generated into the data directory");
    let admin = app.token("admin").await;
    let id = volunteer(&app, &admin, 1, codes::GRID_1).await;
    let (_, body) = reveal(&app, &admin, id, json!({"reason": "check"})).await;
    assert_eq!(body["id_number"], id_number(1));

    let config = gridlink::config::Config {
        database_url: "postgres://nobody@127.0.0.1:1/none".into(),
        data_key: None,
        ..test_config()
    };
    let err = gridlink::app::prepare(config).err().expect("refuses to start").to_string();
    assert!(err.contains("GRIDLINK_DATA_KEY"), "{err}");
}
