//! Authorization as a table: every endpoint × role × an object inside the
//! role's home area / outside it → the status the caller gets.
//!
//! For lists and the tree, "200" means the object is in the answer and "404"
//! that the answer leaves it out.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::*;
use crate::on_both_backends;

on_both_backends!(authorization_table, function_level_per_role);

#[derive(Debug, Clone, Copy, PartialEq)]
enum Action {
    AreaList,
    AreaTree,
    AreaGet,
    AreaCreate,
    AreaUpdate,
    AreaDelete,
    UserList,
    UserGet,
    UserCreate,
    UserUpdate,
    UserReset,
    AuditList,
}
use Action::*;

/// (role, a grid inside its reach, a grid outside it or "" when it reaches everything)
const ROLES: &[(&str, &str, &str)] = &[
    ("admin", codes::GRID_OTHER, ""),
    ("street_admin", codes::GRID_OTHER, "152922101001001"),
    ("community_admin", codes::GRID_2, codes::GRID_OTHER),
    ("grid_worker", codes::GRID_1, codes::GRID_2),
    ("unit_contact", codes::GRID_2, codes::GRID_OTHER),
    ("volunteer", codes::GRID_1, codes::GRID_2),
];

/// (role, action, inside, outside)
#[rustfmt::skip]
const TABLE: &[(&str, Action, u16, u16)] = &[
    ("admin", AreaList, 200, 0), ("admin", AreaTree, 200, 0), ("admin", AreaGet, 200, 0),
    ("admin", AreaCreate, 201, 0), ("admin", AreaUpdate, 200, 0), ("admin", AreaDelete, 204, 0),
    ("admin", UserList, 200, 0), ("admin", UserGet, 200, 0), ("admin", UserCreate, 201, 0),
    ("admin", UserUpdate, 200, 0), ("admin", UserReset, 200, 0), ("admin", AuditList, 200, 0),

    ("street_admin", AreaList, 200, 404), ("street_admin", AreaTree, 200, 404), ("street_admin", AreaGet, 200, 404),
    ("street_admin", AreaCreate, 201, 422), ("street_admin", AreaUpdate, 200, 404), ("street_admin", AreaDelete, 204, 404),
    ("street_admin", UserList, 200, 404), ("street_admin", UserGet, 200, 404), ("street_admin", UserCreate, 201, 422),
    ("street_admin", UserUpdate, 200, 404), ("street_admin", UserReset, 200, 404), ("street_admin", AuditList, 200, 404),

    ("community_admin", AreaList, 200, 404), ("community_admin", AreaTree, 200, 404), ("community_admin", AreaGet, 200, 404),
    ("community_admin", AreaCreate, 201, 422), ("community_admin", AreaUpdate, 200, 404), ("community_admin", AreaDelete, 204, 404),
    ("community_admin", UserList, 200, 404), ("community_admin", UserGet, 200, 404), ("community_admin", UserCreate, 201, 422),
    ("community_admin", UserUpdate, 200, 404), ("community_admin", UserReset, 200, 404), ("community_admin", AuditList, 200, 404),

    ("grid_worker", AreaList, 200, 404), ("grid_worker", AreaTree, 200, 404), ("grid_worker", AreaGet, 200, 404),
    ("grid_worker", AreaCreate, 403, 403), ("grid_worker", AreaUpdate, 403, 403), ("grid_worker", AreaDelete, 403, 403),
    ("grid_worker", UserList, 403, 403), ("grid_worker", UserGet, 403, 403), ("grid_worker", UserCreate, 403, 403),
    ("grid_worker", UserUpdate, 403, 403), ("grid_worker", UserReset, 403, 403), ("grid_worker", AuditList, 403, 403),

    ("unit_contact", AreaList, 200, 404), ("unit_contact", AreaTree, 200, 404), ("unit_contact", AreaGet, 200, 404),
    ("unit_contact", AreaCreate, 403, 403), ("unit_contact", AreaUpdate, 403, 403), ("unit_contact", AreaDelete, 403, 403),
    ("unit_contact", UserList, 403, 403), ("unit_contact", UserGet, 403, 403), ("unit_contact", UserCreate, 403, 403),
    ("unit_contact", UserUpdate, 403, 403), ("unit_contact", UserReset, 403, 403), ("unit_contact", AuditList, 403, 403),

    ("volunteer", AreaList, 200, 404), ("volunteer", AreaTree, 200, 404), ("volunteer", AreaGet, 200, 404),
    ("volunteer", AreaCreate, 403, 403), ("volunteer", AreaUpdate, 403, 403), ("volunteer", AreaDelete, 403, 403),
    ("volunteer", UserList, 403, 403), ("volunteer", UserGet, 403, 403), ("volunteer", UserCreate, 403, 403),
    ("volunteer", UserUpdate, 403, 403), ("volunteer", UserReset, 403, 403), ("volunteer", AuditList, 403, 403),
];

/// Fresh objects under a grid, made by the system admin, so each row acts on its own.
struct Fixture {
    grid_id: i64,
    building_id: i64,
    building_code: String,
    user_id: i64,
    username: String,
}

async fn fixture(app: &TestApp, admin: &str, grid_code: &str, n: usize) -> Fixture {
    let grid_id = app.area(grid_code);
    let building_code = format!("{grid_code}{:03}", 100 + n);
    let (status, building) = app
        .post(
            "/areas",
            admin,
            json!({"code": building_code, "name": format!("{n}号楼"), "kind": "building", "parent_id": grid_id}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{building}");
    let username = format!("fixture_{n:04}");
    let (status, user) = app
        .post(
            "/users",
            admin,
            json!({"username": username, "display_name": "楼栋长", "role": "grid_worker", "area_id": grid_id}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{user}");
    Fixture {
        grid_id,
        building_id: building["id"].as_i64().unwrap(),
        building_code,
        user_id: user["id"].as_i64().unwrap(),
        username,
    }
}

fn shown(status: StatusCode, found: bool) -> u16 {
    match (status, found) {
        (StatusCode::OK, true) => 200,
        (StatusCode::OK, false) => 404,
        (other, _) => other.as_u16(),
    }
}

fn tree_contains(nodes: &Value, code: &str) -> bool {
    nodes.as_array().is_some_and(|list| list.iter().any(|n| n["code"] == code || tree_contains(&n["children"], code)))
}

async fn attempt(app: &TestApp, token: &str, action: Action, f: &Fixture, n: usize) -> u16 {
    let building = format!("/areas/{}", f.building_id);
    let user = format!("/users/{}", f.user_id);
    match action {
        AreaList => {
            let (status, page) = app.get(&format!("/areas?code={}", f.building_code), token).await;
            shown(status, page["total"] == 1)
        }
        AreaTree => {
            let (status, tree) = app.get("/areas/tree", token).await;
            shown(status, tree_contains(&tree, &f.building_code))
        }
        AreaGet => app.get(&building, token).await.0.as_u16(),
        AreaCreate => {
            let body = json!({"code": format!("{}{:03}", app_code(app, f.grid_id), 500 + n), "name": "新楼", "kind": "building", "parent_id": f.grid_id});
            app.post("/areas", token, body).await.0.as_u16()
        }
        AreaUpdate => app.patch(&building, token, "\"1\"", json!({"name": "改名楼"})).await.0.as_u16(),
        AreaDelete => app.delete(&building, token, "\"1\"").await.0.as_u16(),
        UserList => {
            let (status, page) = app.get(&format!("/users?q={}", f.username), token).await;
            shown(status, page["total"] == 1)
        }
        UserGet => app.get(&user, token).await.0.as_u16(),
        UserCreate => {
            let body = json!({"username": format!("made_{n}"), "display_name": "新人", "role": "volunteer", "area_id": f.grid_id});
            app.post("/users", token, body).await.0.as_u16()
        }
        UserUpdate => app.patch(&user, token, "\"1\"", json!({"display_name": "改名"})).await.0.as_u16(),
        UserReset => app.post(&format!("{user}/reset-password"), token, json!({})).await.0.as_u16(),
        AuditList => {
            let (status, page) = app.get(&format!("/audit?entity=area&entity_id={}", f.building_id), token).await;
            shown(status, page["total"].as_i64().unwrap_or(0) >= 1)
        }
    }
}

fn app_code(app: &TestApp, area_id: i64) -> String {
    use diesel::prelude::*;
    use gridlink::db::schema::areas;
    let mut conn = app.state.db.get().unwrap();
    areas::table.find(area_id).select(areas::code).first(&mut **conn).unwrap()
}

async fn authorization_table(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("admin").await;
    let mut tokens = std::collections::HashMap::new();
    for (role, _, _) in ROLES {
        tokens.insert(*role, app.token(role).await);
    }
    let mut failures = Vec::new();
    for (n, (role, action, inside, outside)) in TABLE.iter().enumerate() {
        let (_, in_grid, out_grid) = ROLES.iter().find(|r| r.0 == *role).unwrap();
        for (label, grid, expected) in [("inside", *in_grid, *inside), ("outside", *out_grid, *outside)] {
            if expected == 0 {
                continue;
            }
            let case = n * 2 + usize::from(label == "outside");
            let f = fixture(&app, &admin, grid, case).await;
            let got = attempt(&app, &tokens[role], *action, &f, case).await;
            if got != expected {
                failures.push(format!("{role} {action:?} {label}: expected {expected}, got {got}"));
            }
        }
    }
    assert!(failures.is_empty(), "authorization table:\n{}", failures.join("\n"));
}

/// Every role against every endpoint's permission, with no object at all:
/// the function-level check alone.
async fn function_level_per_role(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let endpoints: &[(Method, &str, &[&str])] = &[
        (Method::GET, "/areas", &["admin", "area_admin", "grid_worker", "unit_contact", "volunteer"]),
        (Method::GET, "/areas/tree", &["admin", "area_admin", "grid_worker", "unit_contact", "volunteer"]),
        (Method::GET, "/users", &["admin", "area_admin"]),
        (Method::GET, "/audit", &["admin", "area_admin"]),
        (Method::GET, "/auth/me", &["admin", "area_admin", "grid_worker", "unit_contact", "volunteer"]),
    ];
    for (user, role) in [
        ("admin", "admin"),
        ("community_admin", "area_admin"),
        ("grid_worker", "grid_worker"),
        ("unit_contact", "unit_contact"),
        ("volunteer", "volunteer"),
    ] {
        let token = app.token(user).await;
        for (method, path, allowed) in endpoints {
            let (status, body) = send(app.request(method.clone(), path, Some(&token))).await;
            let expected = if allowed.contains(&role) { StatusCode::OK } else { StatusCode::FORBIDDEN };
            assert_eq!(status, expected, "{role} {method} {path}: {body}");
            if status == StatusCode::FORBIDDEN {
                assert_eq!(body["code"], "forbidden");
            }
        }
    }
}
