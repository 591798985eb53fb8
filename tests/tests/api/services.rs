//! Services (服务清单): shelf orders and matched needs from order to rating,
//! the timeline, every illegal transition, reservation of quantities under
//! concurrent accepts, overdue by the calendar, and who may act.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::*;
use crate::on_both_backends;
use crate::supply::*;
use crate::unit_import::{download, sheet_rows, text};

on_both_backends!(
    shelf_order_life_cycle,
    need_follows_its_services,
    every_illegal_transition,
    quantities_are_reserved_and_released,
    concurrent_accepts_never_over_reserve,
    overdue_around_the_boundary,
    fields_are_checked,
    services_authorization_table,
    service_ledger_exports_what_the_list_shows,
);

/// A shelf item of `unit` serving the areas named.
async fn shelf_item(app: &TestApp, unit: i64, quantity: Option<i64>, area_codes: &[&str]) -> i64 {
    let admin = app.token("admin").await;
    let mut body = resource_body(unit, "社区义诊", "volunteer_service", quantity, area_codes, app);
    body["shelf"] = json!(true);
    resource(app, &admin, body).await
}

/// Orders `quantity` of a shelf item for the area with this code.
async fn order(
    app: &TestApp,
    token: &str,
    resource: i64,
    area_code: &str,
    quantity: i64,
    wanted_by: Option<String>,
) -> i64 {
    let (status, body) = app
        .post(
            "/services",
            token,
            json!({"resource_id": resource, "area_id": app.area(area_code), "quantity": quantity,
                   "wanted_by": wanted_by, "note": "请提前一天联系"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_i64().unwrap()
}

fn delivery() -> Value {
    json!({"delivered_on": day(0), "participants": 6, "beneficiaries_reached": 85,
           "notes": "测血压、血糖", "photo_urls": ["https://img.example.cn/a.jpg"]})
}

/// The request that takes a service one step along its happy path.
fn step(action: &str) -> Value {
    match action {
        "decline" | "cancel" => json!({"reason": "人员不足"}),
        "deliver" => delivery(),
        "rate" => json!({"score": 5, "comment": "服务周到"}),
        _ => json!({}),
    }
}

async fn act(app: &TestApp, token: &str, id: i64, action: &str) -> (StatusCode, Value) {
    app.post(&format!("/services/{id}/{action}"), token, step(action)).await
}

/// Takes an ordered service to `status` as the system admin.
async fn bring_to(app: &TestApp, id: i64, status: &str) {
    let admin = app.token("admin").await;
    let path: &[&str] = match status {
        "ordered" => &[],
        "accepted" => &["accept"],
        "in_progress" => &["accept", "start"],
        "delivered" => &["accept", "start", "deliver"],
        "closed" => &["accept", "start", "deliver", "rate"],
        "declined" => &["decline"],
        "cancelled" => &["cancel"],
        other => panic!("{other}"),
    };
    for action in path {
        let (status, body) = act(app, &admin, id, action).await;
        assert_eq!(status, StatusCode::OK, "{action}: {body}");
    }
}

fn reserved(app: &TestApp, resource: i64) -> i64 {
    app.count(&format!("SELECT CAST(reserved AS BIGINT) AS n FROM resources WHERE id = {resource}"))
}

async fn shelf_order_life_cycle(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let contact = app.token("unit_contact").await;
    let community = app.token("community_admin").await;
    let hospital = hospital(&app);
    let item = shelf_item(&app, hospital, Some(5), &[codes::COMMUNITY_1]).await;

    // 你点单: the community orders two for grid 1.
    let res = app
        .request(Method::POST, "/services", Some(&community))
        .json(&json!({"resource_id": item, "area_id": app.area(codes::GRID_1), "quantity": 2, "wanted_by": day(7), "note": "周六上午"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let location = res.headers()["location"].to_str().unwrap().to_string();
    let ordered: Value = res.json().await.unwrap();
    let id = ordered["id"].as_i64().unwrap();
    assert_eq!(location, format!("/api/v1/services/{id}"));
    assert_eq!(ordered["kind"], "shelf_order");
    assert_eq!(ordered["status"], "ordered");
    assert_eq!(ordered["need"], Value::Null);
    assert_eq!(ordered["resource"]["id"], item);
    assert_eq!(ordered["resource"]["shelf"], true);
    assert_eq!(ordered["unit"]["id"], hospital);
    assert_eq!(ordered["area"]["code"], codes::GRID_1);
    assert_eq!((ordered["quantity"].as_i64(), ordered["wanted_by"].as_str()), (Some(2), Some(&*day(7))));
    assert_eq!(ordered["ordered_by"]["display_name"], "巴丹吉林社区管理员");
    assert_eq!(ordered["overdue"], false);
    assert_eq!(ordered["timeline"].as_array().unwrap().len(), 1);
    assert_eq!(ordered["timeline"][0]["action"], "order");
    assert_eq!(ordered["timeline"][0]["from"], Value::Null);
    assert_eq!(ordered["timeline"][0]["to"], "ordered");

    // 我接单: the order is in the unit's inbox.
    let (status, inbox) = app.get(&format!("/services?unit_id={hospital}&status=ordered"), &contact).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ids(&inbox), vec![id]);
    let (status, accepted) = act(&app, &contact, id, "accept").await;
    assert_eq!(status, StatusCode::OK, "{accepted}");
    assert_eq!(accepted["status"], "accepted");
    assert_eq!(accepted["version"], 2);
    assert_eq!(reserved(&app, item), 2);
    let (_, res_now) = app.get(&format!("/resources/{item}"), &contact).await;
    assert_eq!(res_now["remaining"], 3);
    let (status, started) = act(&app, &contact, id, "start").await;
    assert_eq!((status, started["status"].as_str()), (StatusCode::OK, Some("in_progress")));
    let (status, delivered) = act(&app, &contact, id, "deliver").await;
    assert_eq!(status, StatusCode::OK, "{delivered}");
    assert_eq!(delivered["status"], "delivered");
    assert_eq!(
        delivered["delivery"],
        json!({"delivered_on": day(0), "participants": 6, "beneficiaries_reached": 85, "notes": "测血压、血糖",
               "photo_urls": ["https://img.example.cn/a.jpg"]})
    );
    assert_eq!(reserved(&app, item), 2, "what was delivered stays taken");

    // The ordering community rates it, which closes it.
    let (status, rated) = act(&app, &community, id, "rate").await;
    assert_eq!(status, StatusCode::OK, "{rated}");
    assert_eq!(rated["status"], "closed");
    assert_eq!(rated["rating"]["score"], 5);
    assert_eq!(rated["rating"]["comment"], "服务周到");

    let (_, fetched) = app.get(&format!("/services/{id}"), &community).await;
    let timeline: Vec<(String, String, String, String)> = fetched["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap().into(),
                e["from"].as_str().unwrap_or("-").into(),
                e["to"].as_str().unwrap().into(),
                e["actor"]["display_name"].as_str().unwrap().into(),
            )
        })
        .collect();
    let row = |a: &str, f: &str, t: &str, who: &str| (a.to_string(), f.to_string(), t.to_string(), who.to_string());
    assert_eq!(
        timeline,
        vec![
            row("order", "-", "ordered", "巴丹吉林社区管理员"),
            row("accept", "ordered", "accepted", "旗人民医院联系人"),
            row("start", "accepted", "in_progress", "旗人民医院联系人"),
            row("deliver", "in_progress", "delivered", "旗人民医院联系人"),
            row("rate", "delivered", "closed", "巴丹吉林社区管理员"),
        ]
    );
    let (_, audit) = app.get(&format!("/audit?entity=service&entity_id={id}"), &community).await;
    let actions: Vec<&str> = audit["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, vec!["rate", "deliver", "start", "accept", "create"]);
    assert_eq!(audit["items"][3]["changes"]["status"], json!({"from": "ordered", "to": "accepted"}));
}

async fn need_follows_its_services(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let community = app.token("community_admin").await;
    let contact = app.token("unit_contact").await;
    let admin = app.token("admin").await;
    let lawyers = resource(
        &app,
        &admin,
        resource_body(hospital(&app), "法律咨询", "skills", Some(3), &[codes::COMMUNITY_1], &app),
    )
    .await;
    let need_id = need(&app, &community, codes::GRID_1, "care", Some(day(9))).await;

    // A match needs no shelf; it takes its need's area and day.
    let (status, problem) = app
        .post("/services", &community, json!({"need_id": need_id, "resource_id": lawyers, "area_id": app.area(codes::GRID_1), "wanted_by": day(1)}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_codes(&problem), vec![pair("area_id", "not_applicable"), pair("wanted_by", "not_applicable")]);
    let (status, first) = app.post("/services", &community, json!({"need_id": need_id, "resource_id": lawyers})).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!(first["kind"], "need_match");
    assert_eq!(first["need"]["id"], need_id);
    assert_eq!(first["area"]["code"], codes::GRID_1);
    assert_eq!(first["wanted_by"], day(9));
    let first = first["id"].as_i64().unwrap();
    assert_eq!(need_status(&app, &community, need_id).await, "matched");

    // Declined: open again. The reason is kept and in the timeline.
    let (status, problem) = app.post(&format!("/services/{first}/decline"), &contact, json!({})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_codes(&problem), vec![pair("reason", "required")]);
    let (status, declined) =
        app.post(&format!("/services/{first}/decline"), &contact, json!({"reason": "律师本月已排满"})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(declined["reason"], "律师本月已排满");
    assert_eq!(declined["timeline"][1]["reason"], "律师本月已排满");
    assert_eq!(need_status(&app, &community, need_id).await, "open");

    // The need's new day carries over to its live service.
    let (status, second) = app.post("/services", &community, json!({"need_id": need_id, "resource_id": lawyers})).await;
    assert_eq!(status, StatusCode::CREATED);
    let second = second["id"].as_i64().unwrap();
    let (status, _) = app.patch(&format!("/needs/{need_id}"), &community, "\"4\"", json!({"wanted_by": day(12)})).await;
    assert_eq!(status, StatusCode::OK);
    let (_, svc) = app.get(&format!("/services/{second}"), &community).await;
    assert_eq!(svc["wanted_by"], day(12));
    let (_, old) = app.get(&format!("/services/{first}"), &community).await;
    assert_eq!(old["wanted_by"], day(9), "a declined service keeps its day");

    // A need with a live service is not closed.
    let (status, problem) = app.post(&format!("/needs/{need_id}/close"), &community, json!({"reason": "x"})).await;
    assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("invalid_transition")));
    assert_eq!(act(&app, &contact, second, "accept").await.0, StatusCode::OK);
    assert_eq!(need_status(&app, &community, need_id).await, "matched");
    assert_eq!(act(&app, &contact, second, "start").await.0, StatusCode::OK);
    assert_eq!(need_status(&app, &community, need_id).await, "in_service");
    assert_eq!(act(&app, &contact, second, "deliver").await.0, StatusCode::OK);
    assert_eq!(need_status(&app, &community, need_id).await, "done");
    // A done need takes no new service.
    let (status, problem) =
        app.post("/services", &community, json!({"need_id": need_id, "resource_id": lawyers})).await;
    assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("invalid_transition")));
    let (_, list) = app.get(&format!("/services?need_id={need_id}&sort=id"), &community).await;
    assert_eq!(ids(&list), vec![first, second]);

    // Cancelling the only live service reopens a need, which can then be closed.
    let other = need(&app, &community, codes::GRID_2, "care", None).await;
    let (_, svc) = app.post("/services", &community, json!({"need_id": other, "resource_id": lawyers})).await;
    let (status, _) = act(&app, &community, svc["id"].as_i64().unwrap(), "cancel").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(need_status(&app, &community, other).await, "open");
    let (status, _) = app.post(&format!("/needs/{other}/close"), &community, json!({"reason": "居民已另行解决"})).await;
    assert_eq!(status, StatusCode::OK);
    let (status, problem) = app.post("/services", &community, json!({"need_id": other, "resource_id": lawyers})).await;
    assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("invalid_transition")));
}

async fn need_status(app: &TestApp, token: &str, id: i64) -> String {
    app.get(&format!("/needs/{id}"), token).await.1["status"].as_str().unwrap().to_string()
}

async fn every_illegal_transition(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.token("admin").await;
    let item = shelf_item(&app, hospital(&app), Some(1000), &[codes::COMMUNITY_1]).await;
    let allowed: &[(&str, &[&str])] = &[
        ("ordered", &["accept", "decline", "cancel"]),
        ("accepted", &["start", "cancel"]),
        ("in_progress", &["deliver", "cancel"]),
        ("delivered", &["rate"]),
        ("closed", &[]),
        ("declined", &[]),
        ("cancelled", &[]),
    ];
    let actions = ["accept", "decline", "start", "deliver", "rate", "cancel"];
    let mut failures = Vec::new();
    for (status, ok) in allowed {
        for action in actions {
            let id = order(&app, &admin, item, codes::GRID_1, 1, None).await;
            bring_to(&app, id, status).await;
            let before = (
                reserved(&app, item),
                app.count(&format!("SELECT count(*) AS n FROM service_events WHERE service_id = {id}")),
            );
            let (got, body) = act(&app, &admin, id, action).await;
            let expected = if ok.contains(&action) { StatusCode::OK } else { StatusCode::CONFLICT };
            if got != expected || (got == StatusCode::CONFLICT && body["code"] != "invalid_transition") {
                failures.push(format!("{action} from {status}: {got} {body}"));
            }
            if got == StatusCode::CONFLICT {
                let after = (
                    reserved(&app, item),
                    app.count(&format!("SELECT count(*) AS n FROM service_events WHERE service_id = {id}")),
                );
                if after != before {
                    failures.push(format!("{action} from {status} changed something"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "transitions:\n{}", failures.join("\n"));
    let (status, _) = act(&app, &admin, 999_999, "accept").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn quantities_are_reserved_and_released(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let community = app.token("community_admin").await;
    let contact = app.token("unit_contact").await;
    let item = shelf_item(&app, hospital(&app), Some(5), &[codes::COMMUNITY_1]).await;
    let three = order(&app, &community, item, codes::GRID_1, 3, None).await;
    let four = order(&app, &community, item, codes::GRID_2, 4, None).await;
    assert_eq!(act(&app, &contact, three, "accept").await.0, StatusCode::OK);
    assert_eq!(reserved(&app, item), 3);
    let (status, problem) = act(&app, &contact, four, "accept").await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(problem["code"], "insufficient_quantity");
    let (_, still) = app.get(&format!("/services/{four}"), &contact).await;
    assert_eq!((still["status"].as_str(), still["version"].as_i64()), (Some("ordered"), Some(1)));
    assert_eq!(reserved(&app, item), 3);
    // Cancelling after acceptance gives the quantity back; then the other fits.
    assert_eq!(act(&app, &community, three, "cancel").await.0, StatusCode::OK);
    assert_eq!(reserved(&app, item), 0);
    assert_eq!(act(&app, &contact, four, "accept").await.0, StatusCode::OK);
    assert_eq!(reserved(&app, item), 4);
    // Declining takes nothing; a resource without a limit never runs out.
    let five = order(&app, &community, item, codes::GRID_1, 1, None).await;
    assert_eq!(act(&app, &contact, five, "decline").await.0, StatusCode::OK);
    assert_eq!(reserved(&app, item), 4);
    let open = shelf_item(&app, hospital(&app), None, &[codes::COMMUNITY_1]).await;
    let big = order(&app, &community, open, codes::GRID_1, 1_000_000, None).await;
    assert_eq!(act(&app, &contact, big, "accept").await.0, StatusCode::OK);
    // Quantity is not lowered below what is taken.
    let (status, problem) = app.patch(&format!("/resources/{item}"), &contact, "*", json!({"quantity": 3})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_codes(&problem), vec![pair("quantity", "below_reserved")]);
}

/// 50 orders of one each on a resource of 10, accepted all at once: exactly
/// ten are taken, whatever the interleaving, and the resource holds ten.
async fn concurrent_accepts_never_over_reserve(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let community = app.token("community_admin").await;
    let contact = app.token("unit_contact").await;
    let item = shelf_item(&app, hospital(&app), Some(10), &[codes::COMMUNITY_1]).await;
    let mut orders = Vec::new();
    for _ in 0..50 {
        orders.push(order(&app, &community, item, codes::GRID_1, 1, None).await);
    }
    let attempts = orders.iter().map(|id| {
        let path = format!("/services/{id}/accept");
        let req = app.request(Method::POST, &path, Some(&contact)).json(&json!({}));
        async move { send(req).await }
    });
    let results = futures_join_all(attempts).await;
    let accepted = results.iter().filter(|(s, _)| *s == StatusCode::OK).count();
    let short =
        results.iter().filter(|(s, b)| *s == StatusCode::CONFLICT && b["code"] == "insufficient_quantity").count();
    assert_eq!((accepted, short), (10, 40), "{:?}", results.iter().map(|r| r.0).collect::<Vec<_>>());
    assert_eq!(reserved(&app, item), 10);
    assert_eq!(
        app.count(&format!("SELECT count(*) AS n FROM services WHERE resource_id = {item} AND status = 'accepted'")),
        10
    );
}

/// Runs the futures at once on the test's runtime.
async fn futures_join_all<F, T>(futures: impl Iterator<Item = F>) -> Vec<T>
where
    F: std::future::Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.expect("task"));
    }
    out
}

async fn overdue_around_the_boundary(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let community = app.token("community_admin").await;
    let item = shelf_item(&app, hospital(&app), None, &[codes::COMMUNITY_1]).await;
    let mut made = Vec::new();
    for (wanted_by, status) in [
        (Some(day(-1)), "accepted"),
        (Some(day(-1)), "in_progress"),
        (Some(day(0)), "accepted"),
        (Some(day(1)), "accepted"),
        (None, "accepted"),
        (Some(day(-1)), "ordered"),
        (Some(day(-1)), "delivered"),
        (Some(day(-3)), "cancelled"),
    ] {
        let id = order(&app, &community, item, codes::GRID_1, 1, wanted_by).await;
        bring_to(&app, id, status).await;
        made.push(id);
    }
    let (_, page) = app.get("/services?overdue=true&sort=id", &community).await;
    assert_eq!(ids(&page), vec![made[0], made[1]], "accepted or started, and past the day");
    assert!(page["items"].as_array().unwrap().iter().all(|s| s["overdue"] == true));
    let (_, page) = app.get("/services?overdue=false&sort=id", &community).await;
    assert_eq!(ids(&page), made[2..].to_vec());
    assert!(page["items"].as_array().unwrap().iter().all(|s| s["overdue"] == false));
}

async fn fields_are_checked(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let community = app.token("community_admin").await;
    let admin = app.token("admin").await;
    let hospital = hospital(&app);
    let item = shelf_item(&app, hospital, Some(10), &[codes::COMMUNITY_1]).await;
    let plain =
        resource(&app, &admin, resource_body(hospital, "会议室", "venue", Some(1), &[codes::COMMUNITY_1], &app)).await;
    let paused = shelf_item(&app, hospital, Some(10), &[codes::COMMUNITY_1]).await;
    exec(&app, &format!("UPDATE resources SET status = 'paused' WHERE id = {paused}"));
    let far = shelf_item(&app, power(&app), Some(10), &[codes::COMMUNITY_2]).await;
    let grid = app.area(codes::GRID_1);
    let before = (app.count("SELECT count(*) AS n FROM services"), app.audit_count());
    let cases: Vec<(&str, Value, FieldCodes)> = vec![
        ("no area", json!({"resource_id": item}), vec![pair("area_id", "required")]),
        ("not on the shelf", json!({"resource_id": plain, "area_id": grid}), vec![pair("resource_id", "not_on_shelf")]),
        ("paused", json!({"resource_id": paused, "area_id": grid}), vec![pair("resource_id", "resource_unavailable")]),
        ("out of reach", json!({"resource_id": far, "area_id": grid}), vec![pair("resource_id", "not_found")]),
        (
            "a street",
            json!({"resource_id": item, "area_id": app.area(codes::COMMUNITY_2)}),
            vec![pair("area_id", "not_found")],
        ),
        ("zero", json!({"resource_id": item, "area_id": grid, "quantity": 0}), vec![pair("quantity", "out_of_range")]),
        ("no need", json!({"resource_id": item, "need_id": 999_999}), vec![pair("need_id", "not_found")]),
    ];
    for (what, body, expected) in cases {
        let (status, problem) = app.post("/services", &community, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{what}: {problem}");
        assert_eq!(field_codes(&problem), expected, "{what}");
    }
    assert_eq!((app.count("SELECT count(*) AS n FROM services"), app.audit_count()), before, "nothing written");

    let id = order(&app, &community, item, codes::GRID_1, 1, None).await;
    bring_to(&app, id, "in_progress").await;
    let (status, problem) = app
        .post(
            &format!("/services/{id}/deliver"),
            &admin,
            json!({"delivered_on": day(1), "photo_urls": ["ftp://x", "https://ok.cn/1.jpg"]}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_codes(&problem),
        vec![pair("delivered_on", "in_the_future"), pair("photo_urls[0]", "invalid_url")]
    );
    let (status, problem) = app.post(&format!("/services/{id}/deliver"), &admin, json!({"participants": 3})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_codes(&problem), vec![pair("delivered_on", "required")]);
    bring_to_delivered(&app, &admin, id).await;
    for (body, expected) in [
        (json!({"score": 6}), vec![pair("score", "out_of_range")]),
        (json!({"score": 0}), vec![pair("score", "out_of_range")]),
        (json!({"comment": "好"}), vec![pair("score", "required")]),
    ] {
        let (status, problem) = app.post(&format!("/services/{id}/rate"), &community, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(field_codes(&problem), expected);
    }
    let (_, still) = app.get(&format!("/services/{id}"), &community).await;
    assert_eq!(still["status"], "delivered");
}

async fn bring_to_delivered(app: &TestApp, admin: &str, id: i64) {
    let (status, body) = act(app, admin, id, "deliver").await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Action {
    List,
    Get,
    Create,
    Accept,
    Decline,
    Start,
    Deliver,
    Rate,
    Cancel,
}
use Action::*;

impl Action {
    /// The status a service must have for the action, and the action's path.
    fn needs(self) -> (&'static str, &'static str) {
        match self {
            Accept => ("ordered", "accept"),
            Decline => ("ordered", "decline"),
            Start => ("accepted", "start"),
            Deliver => ("in_progress", "deliver"),
            Rate => ("delivered", "rate"),
            Cancel => ("accepted", "cancel"),
            List | Get | Create => ("ordered", ""),
        }
    }
}

/// (who, which service, action, expected). "H": the hospital's shelf item
/// ordered for grid 1 (community 1); "P": the power company's ordered for a
/// grid of community 2 (both in town A). Creating orders the same item for
/// the same grid. `other_contact` is another unit's contact at home in
/// community 1. For lists, 200 = listed and 404 = left out.
#[rustfmt::skip]
const TABLE: &[(&str, &str, Action, u16)] = &[
    ("admin", "P", List, 200), ("admin", "P", Get, 200), ("admin", "P", Create, 201), ("admin", "P", Accept, 200),
    ("admin", "P", Decline, 200), ("admin", "P", Start, 200), ("admin", "P", Deliver, 200), ("admin", "P", Rate, 200), ("admin", "P", Cancel, 200),

    ("street_admin", "P", List, 200), ("street_admin", "P", Get, 200), ("street_admin", "P", Create, 201), ("street_admin", "P", Accept, 200),
    ("street_admin", "P", Rate, 200), ("street_admin", "P", Cancel, 200),

    ("community_admin", "H", List, 200), ("community_admin", "H", Get, 200), ("community_admin", "H", Create, 201),
    ("community_admin", "H", Accept, 200), ("community_admin", "H", Decline, 200), ("community_admin", "H", Start, 200),
    ("community_admin", "H", Deliver, 200), ("community_admin", "H", Rate, 200), ("community_admin", "H", Cancel, 200),
    ("community_admin", "P", List, 404), ("community_admin", "P", Get, 404), ("community_admin", "P", Create, 422),
    ("community_admin", "P", Accept, 404), ("community_admin", "P", Rate, 404), ("community_admin", "P", Cancel, 404),

    // The ordering grid's worker orders and cancels, but neither takes orders nor rates.
    ("grid_worker", "H", List, 200), ("grid_worker", "H", Get, 200), ("grid_worker", "H", Create, 201),
    ("grid_worker", "H", Accept, 403), ("grid_worker", "H", Decline, 403), ("grid_worker", "H", Start, 403),
    ("grid_worker", "H", Deliver, 403), ("grid_worker", "H", Rate, 403), ("grid_worker", "H", Cancel, 200),
    ("grid_worker", "P", List, 404), ("grid_worker", "P", Get, 404), ("grid_worker", "P", Create, 422), ("grid_worker", "P", Cancel, 404),

    // The unit's contact takes, runs and cancels its orders; orders nothing and rates nothing.
    ("unit_contact", "H", List, 200), ("unit_contact", "H", Get, 200), ("unit_contact", "H", Create, 403),
    ("unit_contact", "H", Accept, 200), ("unit_contact", "H", Decline, 200), ("unit_contact", "H", Start, 200),
    ("unit_contact", "H", Deliver, 200), ("unit_contact", "H", Rate, 403), ("unit_contact", "H", Cancel, 200),
    ("unit_contact", "P", List, 404), ("unit_contact", "P", Get, 404), ("unit_contact", "P", Accept, 404), ("unit_contact", "P", Cancel, 404),

    // Unit A cannot see, let alone take, unit B's order — even in its home community.
    ("other_contact", "H", List, 404), ("other_contact", "H", Get, 404), ("other_contact", "H", Accept, 404),
    ("other_contact", "H", Decline, 404), ("other_contact", "H", Deliver, 404), ("other_contact", "H", Cancel, 404),

    ("volunteer", "H", List, 403), ("volunteer", "H", Get, 403), ("volunteer", "H", Create, 403),
    ("volunteer", "H", Accept, 403), ("volunteer", "H", Rate, 403), ("volunteer", "H", Cancel, 403),
];

async fn services_authorization_table(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    other_contact(&app).await;
    let h_item = shelf_item(&app, hospital(&app), None, &[codes::COMMUNITY_1]).await;
    let p_item = shelf_item(&app, power(&app), None, &[codes::COMMUNITY_2]).await;
    let admin = app.token("admin").await;
    let mut tokens = std::collections::HashMap::new();
    for (who, _, _, _) in TABLE {
        if !tokens.contains_key(who) {
            tokens.insert(*who, app.token(who).await);
        }
    }
    let mut failures = Vec::new();
    for (who, which, action, expected) in TABLE {
        let token = &tokens[who];
        let (item, grid) = if *which == "H" { (h_item, codes::GRID_1) } else { (p_item, codes::GRID_OTHER) };
        let id = order(&app, &admin, item, grid, 1, Some(day(5))).await;
        let (status, path) = action.needs();
        bring_to(&app, id, status).await;
        let got = match action {
            List => {
                let (status, page) = app.get("/services?page_size=100", token).await;
                listed(status, &page, id)
            }
            Get => app.get(&format!("/services/{id}"), token).await.0.as_u16(),
            Create => {
                let body = json!({"resource_id": item, "area_id": app.area(grid)});
                app.post("/services", token, body).await.0.as_u16()
            }
            _ => act(&app, token, id, path).await.0.as_u16(),
        };
        if got != *expected {
            failures.push(format!("{who} {action:?} {which}: expected {expected}, got {got}"));
        }
    }
    assert!(failures.is_empty(), "services authorization table:\n{}", failures.join("\n"));
}

/// The ledger export holds the rows the list shows for the same filters, in
/// Chinese, with delivery and rating; nothing out of reach.
async fn service_ledger_exports_what_the_list_shows(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let community = app.token("community_admin").await;
    let hospital = hospital(&app);
    let item = shelf_item(&app, hospital, None, &[codes::COMMUNITY_1, codes::COMMUNITY_B]).await;
    let rated = order(&app, &community, item, codes::COMMUNITY_1, 2, Some(day(7))).await;
    bring_to(&app, rated, "closed").await;
    let declined = order(&app, &community, item, codes::GRID_1, 1, None).await;
    bring_to(&app, declined, "declined").await;
    // The community's own orders, and (the hospital being in its reach) the
    // one another community placed with it: the list's rule, not the sheet's.
    let other = order(&app, &app.token("admin").await, item, codes::COMMUNITY_B, 1, None).await;

    let (status, headers, bytes) = download(&app, &community, "/services/export?sort=id").await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["content-disposition"].to_str().unwrap().contains("services-"));
    let rows = sheet_rows(&bytes);
    assert_eq!(text(&rows[0][0]), "服务编号");
    let (_, listed) = app.get("/services?sort=id", &community).await;
    let listed: Vec<String> =
        listed["items"].as_array().unwrap().iter().map(|s| s["id"].as_i64().unwrap().to_string()).collect();
    let exported: Vec<String> = rows[1..].iter().map(|r| text(&r[0])).collect();
    assert_eq!(exported, listed);
    assert_eq!(exported, [rated.to_string(), declined.to_string(), other.to_string()]);
    let (_, _, bytes) = download(&app, &app.token("grid_worker").await, "/services/export?sort=id").await;
    let exported: Vec<String> = sheet_rows(&bytes)[1..].iter().map(|r| text(&r[0])).collect();
    assert_eq!(exported, [declined.to_string()], "a grid worker: the grid's order only");
    let first: Vec<String> = rows[1].iter().map(text).collect();
    assert_eq!(first[1], "超市点单");
    assert_eq!(first[2], "已评价");
    assert_eq!(first[5], "社区义诊");
    assert_eq!(first[8], codes::COMMUNITY_1);
    assert_eq!(first[19], "测血压、血糖");
    assert_eq!(first[20], "5");
    assert_eq!(first[21], "服务周到");
    assert_eq!(text(&rows[2][2]), "已拒单");
    assert_eq!(text(&rows[2][22]), "人员不足");

    let (_, _, bytes) = download(&app, &community, "/services/export?status=declined").await;
    assert_eq!(sheet_rows(&bytes).len(), 2, "the header and the declined one");
    let (status, _, _) = download(&app, &community, "/services/export?sort=nonsense").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _, _) = download(&app, "", "/services/export").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}
