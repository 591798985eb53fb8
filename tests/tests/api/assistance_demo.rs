//! The demo's assistance pairings (`seed --demo`) as seed 004 tells: 130
//! households paired with units and party members, a year of visits with
//! some pairings overdue, twenty micro-wishes; sealed like any entered
//! through the API, and consistent with what the API would have left.

use chrono::{Duration, Utc};
use reqwest::StatusCode;

use gridlink::seed::assistance::{DEMO_HOUSEHOLDS, DEMO_WISHES};
use gridlink::volunteers::repo::Sealer;

use crate::common::*;
use crate::on_both_backends;

on_both_backends!(demo_assistance_reads_as_the_article_tells);

async fn demo_assistance_reads_as_the_article_tells(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let figures = {
        let key = app.state.data_key.clone();
        let mut conn = app.state.db.get().unwrap();
        let seed = |conn: &mut gridlink::db::DbConn| {
            gridlink::seed::alliance::demo(conn)?;
            let sealer = Sealer { key: &key, today: (Utc::now() + Duration::hours(8)).date_naive() };
            gridlink::seed::volunteering::demo(conn, sealer)?;
            gridlink::seed::assistance::demo(conn, &key)
        };
        let figures = gridlink::db::write_tx(&mut conn, seed).unwrap().expect("seeded the first time");
        assert_eq!(gridlink::db::write_tx(&mut conn, |c| gridlink::seed::assistance::demo(c, &key)).unwrap(), None);
        figures
    };
    assert_eq!((figures.households, figures.wishes), (DEMO_HOUSEHOLDS, DEMO_WISHES));
    assert!(figures.pairings > figures.households && figures.overdue > 5, "{figures:?}");
    assert!(figures.visits > figures.pairings * 4, "{figures:?}");
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM households"), DEMO_HOUSEHOLDS as i64);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM wishes"), DEMO_WISHES as i64);
    // Sealed and numbered as the API does it.
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM households WHERE head_id_number_sealed IS NULL OR head_id_number_sealed LIKE '152922%' OR household_no NOT LIKE 'H%'"), 0);
    // Each pairing's last visit and count agree with its visits; none lies ahead.
    let late = "SELECT COUNT(*) AS n FROM pairings p WHERE p.visit_count <> (SELECT COUNT(*) FROM visits v WHERE v.pairing_id = p.id) \
                OR p.last_visit_on IS DISTINCT FROM (SELECT MAX(visited_on) FROM visits v WHERE v.pairing_id = p.id)";
    let late = if backend == Backend::Sqlite { late.replace("IS DISTINCT FROM", "IS NOT") } else { late.to_string() };
    assert_eq!(app.count(&late), 0);

    // The overdue list agrees with the figures; the helpers' own lists hold their households.
    let admin = app.token("admin").await;
    assert_eq!(total(&app, "/pairings?overdue=true", &admin).await, figures.overdue as i64);
    for helper in ["unit_contact", "volunteer"] {
        let token = app.token(helper).await;
        let (status, mine) = app.get("/me/pairings", &token).await;
        assert_eq!(status, StatusCode::OK, "{mine}");
        assert!(!mine.as_array().unwrap().is_empty(), "{helper} has pairings");
        let (_, board) = app.get("/wishes?status=open", &token).await;
        assert!(items(&board).iter().all(|w| w["household"].is_null()));
    }
    let community = app.token("community_admin").await;
    let (_, page) = app.get("/households?page_size=5", &community).await;
    let first = &items(&page)[0];
    let (status, detail) = app.get(&format!("/households/{}", first["id"]), &community).await;
    assert_eq!(status, StatusCode::OK);
    assert!(detail["id_number"].as_str().unwrap().contains('*'));
    assert!(!detail["pairings"].as_array().unwrap().is_empty());
}
