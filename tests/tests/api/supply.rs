//! Fixtures shared by the tests of resources, needs, services and matching.

use chrono::{Duration, NaiveDate, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::*;
use crate::units::{fresh_code, unit_id, HOSPITAL, POWER};

/// Today in the demo deployment's zone (Asia/Shanghai keeps UTC+8 all year).
pub fn today() -> NaiveDate {
    (Utc::now() + Duration::hours(8)).date_naive()
}

pub fn day(offset: i64) -> String {
    (today() + Duration::days(offset)).to_string()
}

pub fn exec(app: &TestApp, sql: &str) {
    use diesel::RunQueryDsl;
    let mut conn = app.state.db.get().expect("connection");
    diesel::sql_query(sql).execute(&mut **conn).expect(sql);
}

pub fn hospital(app: &TestApp) -> i64 {
    unit_id(app, HOSPITAL)
}

pub fn power(app: &TestApp) -> i64 {
    unit_id(app, POWER)
}

/// A unit stationed in the area with this code, made by the system admin.
pub async fn new_unit(app: &TestApp, name: &str, n: usize, area_code: &str) -> i64 {
    let admin = app.token("admin").await;
    let (status, unit) = app
        .post(
            "/units",
            &admin,
            json!({"name": name, "kind": "social_organisation", "credit_code": fresh_code(9000 + n),
                   "area_id": app.area(area_code), "contact_phone": "13904830077"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{unit}");
    unit["id"].as_i64().unwrap()
}

/// `other_contact`: the contact of a second unit stationed in community 1,
/// the home of `unit_contact` too. Returns the unit's id.
pub async fn other_contact(app: &TestApp) -> i64 {
    let clinic = new_unit(app, "巴丹吉林社区卫生服务站", 1, codes::COMMUNITY_1).await;
    let admin = app.token("admin").await;
    let (status, user) = app
        .post(
            "/users",
            &admin,
            json!({"username": "other_contact", "display_name": "卫生服务站联系人", "role": "unit_contact",
                   "area_id": app.area(codes::COMMUNITY_1), "unit_id": clinic, "password": DEMO_PASSWORD}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{user}");
    exec(app, "UPDATE users SET must_change_password = false WHERE username = 'other_contact'");
    clinic
}

/// Offers a resource as `token` and returns its id.
pub async fn resource(app: &TestApp, token: &str, body: Value) -> i64 {
    let (status, created) = app.post("/resources", token, body).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    created["id"].as_i64().unwrap()
}

/// A resource of `unit` serving the areas with these codes.
pub fn resource_body(
    unit: i64,
    title: &str,
    category: &str,
    quantity: Option<i64>,
    area_codes: &[&str],
    app: &TestApp,
) -> Value {
    json!({
        "unit_id": unit,
        "category": category,
        "title": title,
        "quantity": quantity,
        "measure": "次",
        "area_ids": area_codes.iter().map(|c| app.area(c)).collect::<Vec<_>>(),
    })
}

/// Raises a need as `token` and returns its id.
pub async fn need(app: &TestApp, token: &str, area_code: &str, category: &str, wanted_by: Option<String>) -> i64 {
    let (status, created) = app
        .post(
            "/needs",
            token,
            json!({"area_id": app.area(area_code), "category": category, "title": format!("{category}需求"),
                   "beneficiary_count": 12, "beneficiaries": "独居老人", "wanted_by": wanted_by}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    created["id"].as_i64().unwrap()
}

pub fn ids(page: &Value) -> Vec<i64> {
    page["items"].as_array().unwrap().iter().map(|a| a["id"].as_i64().unwrap()).collect()
}

/// (field, code) of each entry of a problem's `errors`.
pub fn field_codes(problem: &Value) -> Vec<(String, String)> {
    problem["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| (e["field"].as_str().unwrap().to_string(), e["code"].as_str().unwrap().to_string()))
                .collect()
        })
        .unwrap_or_default()
}

/// The fields a rejected request names, each with its code.
pub type FieldCodes = Vec<(String, String)>;

pub fn pair(field: &str, code: &str) -> (String, String) {
    (field.to_string(), code.to_string())
}

/// Listed (200), left out of the list (404), or the status of the list request.
pub fn listed(status: StatusCode, page: &Value, id: i64) -> u16 {
    match status {
        StatusCode::OK if page["items"].as_array().is_some_and(|i| i.iter().any(|x| x["id"] == id)) => 200,
        StatusCode::OK => 404,
        other => other.as_u16(),
    }
}
