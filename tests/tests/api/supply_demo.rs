//! The demo supermarket, needs and services (`seed --demo`) read as seed 002
//! tells: twelve units with fifty-odd shelf items in three groups, 107 needs
//! raised over the past year and 96 met, and orders waiting in the demo unit
//! contact's (the hospital's) inbox.

use std::collections::HashSet;

use chrono::Utc;
use reqwest::StatusCode;
use serde_json::json;

use gridlink::http::ApiError;
use gridlink::seed::supply::DemoFigures;

use crate::common::*;
use crate::on_both_backends;
use crate::units::{unit_id, HOSPITAL};

on_both_backends!(demo_supply_reads_as_the_seeds_tell);

async fn demo_supply_reads_as_the_seeds_tell(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    {
        let hash = gridlink::auth::password::hash(DEMO_PASSWORD).unwrap();
        let mut conn = app.state.db.get().unwrap();
        let seed = |conn: &mut gridlink::db::DbConn| -> Result<Option<DemoFigures>, ApiError> {
            gridlink::seed::alliance::demo(conn)?;
            gridlink::seed::supply::demo(conn, &hash)
        };
        let figures = gridlink::db::write_tx(&mut conn, seed).unwrap().expect("seeded the first time");
        assert_eq!((figures.needs, figures.fulfilled), (107, 96));
        // Twice is harmless.
        assert_eq!(gridlink::db::write_tx(&mut conn, seed).unwrap(), None);
    }
    let community = app.token("community_admin").await;

    // The supermarket: 50+ shelf items from the twelve units, in the three groups of seed 002.
    let (status, shelf) = app.get("/resources?shelf=true&page_size=100", &community).await;
    assert_eq!(status, StatusCode::OK, "{shelf}");
    assert!(shelf["total"].as_i64().unwrap() >= 50, "{}", shelf["total"]);
    let units: HashSet<i64> = items(&shelf).iter().map(|r| r["unit"]["id"].as_i64().unwrap()).collect();
    assert_eq!(units.len(), 12);
    assert!(!units.contains(&unit_id(&app, HOSPITAL)), "the hospital offers its doctors off the shelf");
    for group in ["党群服务", "环境卫生", "民生保障"] {
        let n = items(&shelf).iter().filter(|r| r["description"].as_str().unwrap_or("").contains(group)).count();
        assert!(n >= 8, "{group}: {n}");
    }
    assert!(total(&app, "/resources?shelf=false", &community).await >= 1);

    // A year of needs: 107 raised, 96 met, the rest open, matched, in service or closed.
    assert_eq!(total(&app, "/needs?page_size=1", &community).await, 107);
    assert_eq!(total(&app, "/needs?status=done&page_size=1", &community).await, 96);
    for status in ["open", "matched", "in_service", "closed_unfulfilled"] {
        assert!(total(&app, &format!("/needs?status={status}"), &community).await >= 1, "{status}");
    }
    assert!(total(&app, "/needs?overdue=true", &community).await >= 1);
    assert!(total(&app, "/services?overdue=true", &community).await >= 1);
    let (_, closed) = app.get("/needs?status=closed_unfulfilled", &community).await;
    assert!(items(&closed).iter().all(|n| n["close_reason"].is_string()));
    // Spread over the past year, up to now.
    let now = Utc::now();
    let (_, oldest) = app.get("/needs?sort=created_at&page_size=1", &community).await;
    let (_, newest) = app.get("/needs?sort=-created_at&page_size=1", &community).await;
    let (first, last) = (at(&items(&oldest)[0]["created_at"]), at(&items(&newest)[0]["created_at"]));
    assert!((330..=366).contains(&(now - first).num_days()), "{first}");
    assert!(last < now && (now - last).num_days() <= 14, "{last}");

    // Services: mostly rated, with the whole life cycle in the timeline.
    let (_, rated) = app.get("/services?status=closed&page_size=100", &community).await;
    assert!(rated["total"].as_i64().unwrap() >= 80, "{}", rated["total"]);
    for s in items(&rated) {
        let actions: Vec<&str> =
            s["timeline"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(actions[actions.len() - 5..], ["order", "accept", "start", "deliver", "rate"], "{s}");
        assert!(s["timeline"].as_array().unwrap().iter().all(|e| e["actor"]["display_name"].is_string()));
        assert!((1..=5).contains(&s["rating"]["score"].as_i64().unwrap()));
        assert!(s["delivery"]["delivered_on"].is_string());
    }
    assert!(total(&app, "/services?status=delivered", &community).await >= 1, "delivered, waiting for a rating");
    assert!(total(&app, "/services?kind=shelf_order", &community).await >= 10);
    for status in ["declined", "cancelled"] {
        let (_, page) = app.get(&format!("/services?status={status}"), &community).await;
        assert!(!items(&page).is_empty(), "{status}");
        assert!(items(&page).iter().all(|s| s["reason"].is_string()), "{status}: {page}");
    }
    // The data agree as the API would have left them.
    let held = "('accepted', 'in_progress', 'delivered', 'closed')";
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) AS n FROM resources r WHERE r.reserved <> (SELECT COALESCE(SUM(s.quantity), 0) \
             FROM services s WHERE s.resource_id = r.id AND s.status IN {held})"
        )),
        0,
        "reserved is what accepted services hold"
    );
    assert_eq!(
        app.count(
            "SELECT count(*) AS n FROM services s WHERE s.status <> (SELECT e.to_status FROM service_events e \
             WHERE e.service_id = s.id ORDER BY e.id DESC LIMIT 1)"
        ),
        0,
        "a service stands where its timeline ends"
    );
    assert_eq!(
        app.count(
            "SELECT count(*) AS n FROM needs n WHERE n.status = 'done' AND NOT EXISTS (SELECT 1 FROM services s \
             WHERE s.need_id = n.id AND s.status IN ('delivered', 'closed'))"
        ),
        0,
        "a met need has a delivered service"
    );

    // The hospital's inbox has orders to take: the demo of "accept".
    let contact = app.token("unit_contact").await;
    let (status, inbox) = app.get("/services?status=ordered", &contact).await;
    assert_eq!(status, StatusCode::OK, "{inbox}");
    assert!(!items(&inbox).is_empty(), "{inbox}");
    let hospital = unit_id(&app, HOSPITAL);
    assert!(items(&inbox).iter().all(|s| s["unit"]["id"] == hospital));
    let id = items(&inbox)[0]["id"].as_i64().unwrap();
    let (status, taken) = app.post(&format!("/services/{id}/accept"), &contact, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{taken}");
    assert_eq!(taken["status"], "accepted");
    let timeline = taken["timeline"].as_array().unwrap();
    assert_eq!(timeline.len(), 2);
    assert_eq!(timeline[1]["actor"]["id"], app.user("unit_contact"));

    // Each supermarket unit has a contact of its own, who sees its orders.
    let tax = app.token("unit_contact_01").await;
    let (status, own) = app.get("/services?page_size=100", &tax).await;
    assert_eq!(status, StatusCode::OK, "{own}");
    assert!(!items(&own).is_empty());
    let tax_unit = own["items"][0]["unit"]["id"].clone();
    assert!(items(&own).iter().all(|s| s["unit"]["id"] == tax_unit));
}
