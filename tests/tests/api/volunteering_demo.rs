//! The demo's volunteering (`seed --demo`) read as the source articles tell:
//! 1,212 in-service party members of whom 600-odd reported, 562 activities
//! over the year in the nine assembly calls, a holiday checkpoint recruiting
//! for the coming holidays, and the demo volunteer's own hours; the data
//! agree with one another as the API would have left them.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, NaiveTime, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};

use gridlink::http::ApiError;
use gridlink::seed::volunteering::{
    DemoFigures, CHECKPOINT_TITLE, DEMO_CATEGORIES, DEMO_IN_SERVICE, DEMO_PROJECTS, DEMO_REPORTED, UNDER_WAY_TITLE,
};
use gridlink::volunteers::repo::Sealer;

use crate::common::*;
use crate::on_both_backends;

on_both_backends!(demo_volunteering_reads_as_the_articles_tell);

/// The one project of the demo by its title and status, as `token` sees it.
async fn project(app: &TestApp, token: &str, title: &str) -> Value {
    let (status, page) = app.get(&format!("/volunteer-projects?q={title}&status=recruiting"), token).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(items(&page).len(), 1, "{title}: {page}");
    items(&page)[0].clone()
}

async fn shifts(app: &TestApp, token: &str, project: i64) -> Vec<Value> {
    let (status, list) = app.get(&format!("/volunteer-projects/{project}/shifts"), token).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    items(&list).clone()
}

async fn demo_volunteering_reads_as_the_articles_tell(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    {
        let key = app.state.data_key.clone();
        let mut conn = app.state.db.get().unwrap();
        let seed = |conn: &mut gridlink::db::DbConn| -> Result<Option<DemoFigures>, ApiError> {
            gridlink::seed::alliance::demo(conn)?;
            let sealer = Sealer { key: &key, today: (Utc::now() + Duration::hours(8)).date_naive() };
            gridlink::seed::volunteering::demo(conn, sealer)
        };
        let figures = gridlink::db::write_tx(&mut conn, seed).unwrap().expect("seeded the first time");
        assert_eq!((figures.in_service, figures.reported, figures.projects), (1212, 636, 562));
        assert!(figures.records > figures.adjustments && figures.adjustments >= 3, "{figures:?}");
        // Twice is harmless: nothing is added.
        let before = app.count("SELECT count(*) AS n FROM enrollments");
        assert_eq!(gridlink::db::write_tx(&mut conn, seed).unwrap(), None);
        assert_eq!(app.count("SELECT count(*) AS n FROM volunteers"), figures.volunteers as i64);
        assert_eq!(app.count("SELECT count(*) AS n FROM volunteer_projects"), DEMO_PROJECTS as i64);
        assert_eq!(app.count("SELECT count(*) AS n FROM enrollments"), before);
        assert_eq!(app.count("SELECT count(*) AS n FROM service_records"), figures.records as i64);
    }
    let district = app.token("district_admin").await;
    let community = app.token("community_admin").await;

    // 1,212 in-service party members of the joint-building units; 636 reported, the rest waiting.
    assert_eq!(total(&app, "/volunteers?in_service=true&page_size=1", &district).await, DEMO_IN_SERVICE as i64);
    assert_eq!(
        total(&app, "/volunteers?in_service=true&political_status=party_member&status=active&page_size=1", &district)
            .await,
        DEMO_REPORTED as i64
    );
    assert_eq!(
        total(&app, "/volunteers?in_service=true&status=pending&page_size=1", &district).await,
        (DEMO_IN_SERVICE - DEMO_REPORTED) as i64
    );
    for status in ["league_member", "masses", "probationary_member"] {
        assert!(total(&app, &format!("/volunteers?political_status={status}"), &district).await >= 10, "{status}");
    }
    assert_eq!(
        app.count(
            "SELECT count(*) AS n FROM volunteers v WHERE v.in_service AND (v.work_unit_id IS NULL OR NOT EXISTS \
             (SELECT 1 FROM units u WHERE u.id = v.work_unit_id))"
        ),
        0,
        "every in-service member names a joint-building unit"
    );
    // The community admin sees those reporting to 巴丹吉林社区 and its grids, with their numbers.
    let (status, page) = app.get("/volunteers?in_service=true&status=active&page_size=100", &community).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let mine = page["total"].as_i64().unwrap();
    assert!((300..DEMO_REPORTED as i64).contains(&mine), "{mine}");
    let mut phones = BTreeSet::new();
    for v in items(&page) {
        let no = v["volunteer_no"].as_str().unwrap();
        let id = v["id"].as_i64().unwrap();
        let year = at(&v["created_at"]) + Duration::hours(8);
        assert_eq!(no, format!("V{}{id:06}", year.format("%Y")), "{v}");
        let phone = v["phone"].as_str().unwrap();
        assert!(phone.len() == 11 && ["13", "15", "18"].contains(&&phone[..2]), "{phone}");
        phones.insert(phone.to_string());
        assert!(v["work_unit"]["id"].is_i64(), "{v}");
        assert!(v["name"].as_str().unwrap().chars().count() >= 2, "{v}");
    }
    assert_eq!(phones.len(), items(&page).len(), "one phone each");
    assert_eq!(
        app.count("SELECT count(*) AS n FROM (SELECT phone FROM volunteers GROUP BY phone HAVING count(*) > 1) d"),
        0
    );
    // Identity numbers, where given, are sealed: the database holds no plain number, and each opens to a valid one.
    let sealed = app.count("SELECT count(*) AS n FROM volunteers WHERE id_number_sealed IS NOT NULL");
    assert!(sealed >= 100, "{sealed}");
    assert_eq!(app.count("SELECT count(*) AS n FROM volunteers WHERE id_number_sealed LIKE '152922%'"), 0);
    let (status, masked) = app.get("/volunteers?q=V&page_size=100&sort=id", &district).await;
    assert_eq!(status, StatusCode::OK);
    let with_number: Vec<&Value> = items(&masked).iter().filter(|v| v["id_number"].is_string()).collect();
    assert!(!with_number.is_empty());
    let admin = app.token("admin").await;
    let id = with_number[0]["id"].as_i64().unwrap();
    assert!(with_number[0]["id_number"].as_str().unwrap().starts_with("152***********"), "{}", with_number[0]);
    let (status, revealed) =
        app.post(&format!("/volunteers/{id}/id-number/reveal"), &admin, json!({"reason": "核对演示数据"})).await;
    assert_eq!(status, StatusCode::OK, "{revealed}");
    let number = revealed["id_number"].as_str().unwrap();
    assert_eq!(gridlink::volunteers::id_number::fault(number, Utc::now().date_naive()), None, "{number}");

    // 562 activities in the nine assembly calls, mostly completed.
    assert_eq!(total(&app, "/volunteer-projects?page_size=1", &district).await, DEMO_PROJECTS as i64);
    for (category, count) in DEMO_CATEGORIES {
        let path = format!("/volunteer-projects?category={}&page_size=1", category.as_str());
        assert_eq!(total(&app, &path, &district).await, count as i64, "{path}");
    }
    assert!(total(&app, "/volunteer-projects?status=completed&page_size=1", &district).await >= 500);
    for status in ["cancelled", "in_progress", "recruiting"] {
        assert!(total(&app, &format!("/volunteer-projects?status={status}"), &district).await >= 1, "{status}");
    }
    let (_, oldest) = app.get("/volunteer-projects?sort=created_at&page_size=1", &district).await;
    let days = (Utc::now() - at(&items(&oldest)[0]["created_at"])).num_days();
    assert!((365..=400).contains(&days), "the oldest project is {days} days old");

    // The holiday checkpoint: four days off to come, 08:00–12:00 and 12:00–16:00 there, three places each, partly filled.
    let checkpoint = project(&app, &community, CHECKPOINT_TITLE).await;
    assert_eq!(checkpoint["category"], "public_order");
    assert_eq!(checkpoint["area"]["id"], app.area(codes::COMMUNITY_1));
    let checkpoint_shifts = shifts(&app, &community, checkpoint["id"].as_i64().unwrap()).await;
    assert_eq!(checkpoint_shifts.len(), 8);
    let mut days: BTreeMap<chrono::NaiveDate, Vec<(NaiveTime, NaiveTime)>> = BTreeMap::new();
    let today = (Utc::now() + Duration::hours(8)).date_naive();
    for s in &checkpoint_shifts {
        let (starts, ends) = (at(&s["starts_at"]) + Duration::hours(8), at(&s["ends_at"]) + Duration::hours(8));
        assert!(starts.date_naive() > today, "{s}");
        days.entry(starts.date_naive()).or_default().push((starts.time(), ends.time()));
        assert_eq!(s["places"], 3);
    }
    assert_eq!(days.len(), 4);
    let hour = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
    for windows in days.values() {
        assert_eq!(windows, &vec![(hour(8), hour(12)), (hour(12), hour(16))]);
    }
    let taken: Vec<i64> = checkpoint_shifts.iter().map(|s| s["taken"].as_i64().unwrap()).collect();
    assert!(taken.contains(&3) && taken.contains(&0) && taken.iter().any(|t| (1..3).contains(t)), "{taken:?}");
    assert!(checkpoint_shifts.iter().any(|s| s["waitlisted"].as_i64().unwrap() > 0));

    // The demo volunteer has a profile, confirmed hours, and can still sign up for the checkpoint.
    let volunteer = app.token("volunteer").await;
    let (status, me) = app.get("/me", &volunteer).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["in_service"], true);
    assert!(me["id_number"].as_str().unwrap().contains('*'), "{me}");
    let (status, mine) = app.get("/me/enrollments?status=hours_confirmed&page_size=100", &volunteer).await;
    assert_eq!(status, StatusCode::OK, "{mine}");
    assert!(mine["total"].as_i64().unwrap() >= 3, "{mine}");
    assert!(items(&mine).iter().all(|e| e["minutes"].as_i64().unwrap() > 0));
    let me_id = me["id"].as_i64().unwrap();
    assert!(app.count(&format!("SELECT count(*) AS n FROM service_records WHERE volunteer_id = {me_id}")) >= 3);
    let free = checkpoint_shifts.iter().find(|s| s["places_left"].as_i64().unwrap() > 0).expect("a place left");
    let (status, signed) =
        app.post(&format!("/shifts/{}/enrollments", free["id"].as_i64().unwrap()), &volunteer, json!({})).await;
    assert_eq!(status, StatusCode::CREATED, "{signed}");
    assert_eq!(signed["status"], "enrolled");

    // A shift under way in grid_worker's grid: staff check its volunteers in on the spot.
    let under_way = project(&app, &community, UNDER_WAY_TITLE).await;
    let now = Utc::now();
    let current = shifts(&app, &community, under_way["id"].as_i64().unwrap())
        .await
        .into_iter()
        .find(|s| at(&s["starts_at"]) <= now && now < at(&s["ends_at"]))
        .expect("a shift under way");
    let worker = app.token("grid_worker").await;
    let (status, shift) = app.get(&format!("/shifts/{}", current["id"].as_i64().unwrap()), &community).await;
    assert_eq!(status, StatusCode::OK, "{shift}");
    let enrolled = shift["roster"].as_array().unwrap().iter().find(|e| e["status"] == "enrolled").expect("enrolled");
    let (status, checked) =
        app.post(&format!("/enrollments/{}/check-in", enrolled["id"].as_i64().unwrap()), &worker, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{checked}");
    assert_eq!(checked["status"], "checked_in");

    // The data agree as the API would have left them.
    assert_eq!(
        app.count(
            "SELECT count(*) AS n FROM volunteer_shifts s WHERE s.taken > s.places OR s.taken <> (SELECT count(*) \
             FROM enrollments e WHERE e.shift_id = s.id AND e.holds_place)"
        ),
        0,
        "taken is the number of sign-ups holding a place, never more than the places"
    );
    assert_eq!(
        app.count(
            "SELECT count(*) AS n FROM enrollments a JOIN enrollments b ON a.volunteer_id = b.volunteer_id \
             AND a.id < b.id AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at"
        ),
        0,
        "nobody on two shifts at once, nor twice on one"
    );
    assert_eq!(
        app.count(
            "SELECT count(*) AS n FROM enrollments e WHERE e.status = 'hours_confirmed' AND NOT EXISTS (SELECT 1 \
             FROM service_records r WHERE r.enrollment_id = e.id AND r.kind = 'original' AND r.minutes = e.minutes)"
        ),
        0,
        "every confirmed sign-up has its original record with the same minutes"
    );
    assert_eq!(
        app.count(
            "SELECT count(*) AS n FROM service_records r JOIN enrollments e ON e.id = r.enrollment_id \
             JOIN volunteer_shifts s ON s.id = e.shift_id JOIN volunteer_projects p ON p.id = s.project_id \
             JOIN volunteers v ON v.id = e.volunteer_id WHERE e.status <> 'hours_confirmed' OR r.area_id <> p.area_id \
             OR r.volunteer_area_id <> v.area_id OR r.project_id <> p.id OR r.content <> p.title \
             OR r.unit_id IS DISTINCT FROM v.work_unit_id OR r.confirmed_by <> (SELECT id FROM users \
             WHERE username = 'community_admin')"
        ),
        0,
        "originals carry the sign-up's project, areas, unit and confirmer"
    );
    assert_eq!(
        app.count(
            "SELECT count(*) AS n FROM service_records a JOIN service_records o ON o.id = a.corrects_id \
             WHERE a.kind = 'adjustment' AND (a.enrollment_id IS NOT NULL OR a.reason IS NULL OR a.minutes = 0 \
             OR o.kind <> 'original' OR a.volunteer_id <> o.volunteer_id OR o.minutes + a.minutes < 0)"
        ),
        0,
        "adjustments correct an original of the same volunteer"
    );
    assert!(
        app.count(&format!(
            "SELECT count(*) AS n FROM service_records WHERE kind = 'adjustment' AND volunteer_id = {me_id}"
        )) >= 1
    );
    assert_eq!(
        app.count(
            "SELECT count(*) AS n FROM enrollments e JOIN volunteers v ON v.id = e.volunteer_id \
             WHERE v.status <> 'active'"
        ),
        0,
        "only active volunteers are signed up"
    );
}
