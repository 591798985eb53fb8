//! Data to start from: the first admin, the demo district, and generated
//! data at city scale for benchmarks.

pub mod alliance;
pub mod assistance;
mod common;
pub mod supply;
pub mod volunteering;

use std::time::Instant;

use chrono::Utc;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;

use crate::areas::model::{Area, NewArea};
use crate::auth::{password, Role};
use crate::config::{Backend, Config};
use crate::db::schema::{areas, unit_grids, units, users};
use crate::db::{write_tx, Db, DbConn};
use crate::http::ApiError;
use crate::units::model::{NewUnit, Unit};
use crate::users::repo::{self as users_repo, NewAccount};
use crate::volunteers::repo::Sealer;

/// The password of every demo and city-scale account. Demo data only: never
/// seed a production database.
pub const DEMO_PASSWORD: &str = "Gridlink@2026";

/// The credit codes of the demo district's hospital, whose contact is the
/// demo unit contact, and of its power company.
pub const HOSPITAL_CODE: &str = "121529224600100234";
pub const POWER_CODE: &str = "91152922MA0N2K1X3K";

fn admin_account<'a>(username: &'a str, area_id: Option<i64>, hash: &'a str, temporary: bool) -> NewAccount<'a> {
    NewAccount {
        username,
        display_name: "系统管理员",
        phone: None,
        role: Role::Admin,
        area_id,
        password_hash: hash,
        must_change_password: temporary,
        unit_id: None,
    }
}

/// Creates the first admin when there is no account at all. Returns a line to
/// print when the password was generated (it is shown this once).
pub fn ensure_first_admin(db: &Db, config: &Config) -> anyhow::Result<Option<String>> {
    let mut conn = db.get().map_err(|e| anyhow::anyhow!("{e}"))?;
    let count: i64 = users::table.count().get_result(&mut **conn)?;
    if count > 0 {
        return Ok(None);
    }
    anyhow::ensure!(
        crate::users::dto::valid_username(&config.admin_username),
        "GRIDLINK_ADMIN_USERNAME must be 3-32 of a-z, 0-9, `_`, `.`, `-`"
    );
    let (secret, generated) = match &config.admin_password {
        Some(p) => {
            password::check_policy("GRIDLINK_ADMIN_PASSWORD", p).map_err(|_| {
                anyhow::anyhow!(
                    "GRIDLINK_ADMIN_PASSWORD needs 8+ characters with 3 of: lower case, upper case, digits, others"
                )
            })?;
            (p.clone(), false)
        }
        None => (password::generate_temporary(), true),
    };
    let hash = password::hash(&secret).map_err(|e| anyhow::anyhow!("{e}"))?;
    let created = write_tx(&mut conn, |conn| {
        users_repo::insert(conn, admin_account(&config.admin_username, None, &hash, generated))
    });
    if let Err(e) = created {
        // Several instances starting on one empty database: another one was first.
        let count: i64 = users::table.count().get_result(&mut **conn)?;
        if count > 0 {
            return Ok(None);
        }
        anyhow::bail!("cannot create the first admin: {e}");
    }
    Ok(generated.then(|| {
        format!(
            "First admin created: username `{}`, temporary password `{secret}` (shown once; change it at first sign-in)",
            config.admin_username
        )
    }))
}

pub fn create_admin_command(
    config: &Config,
    username: &str,
    given: Option<String>,
    area_code: Option<&str>,
) -> anyhow::Result<()> {
    let db = Db::connect(config)?;
    db.migrate()?;
    if let Some(p) = &given {
        password::check_policy("password", p).map_err(|_| {
            anyhow::anyhow!("the password needs 8+ characters with 3 of: lower case, upper case, digits, others")
        })?;
    }
    let secret = given.clone().unwrap_or_else(password::generate_temporary);
    let hash = password::hash(&secret).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut conn = db.get().map_err(|e| anyhow::anyhow!("{e}"))?;
    let username = username.trim().to_lowercase();
    anyhow::ensure!(
        crate::users::dto::valid_username(&username),
        "the username must be 3-32 of a-z, 0-9, `_`, `.`, `-`"
    );
    write_tx(&mut conn, |conn| {
        let area_id = match area_code {
            Some(code) => Some(
                areas::table
                    .filter(areas::code.eq(code))
                    .select(areas::id)
                    .first::<i64>(conn)
                    .optional()?
                    .ok_or_else(|| ApiError::field("area_code", "not_found", format!("no area with code {code}")))?,
            ),
            None => None,
        };
        users_repo::insert(conn, admin_account(&username, area_id, &hash, given.is_none()))
    })
    .map_err(|e| anyhow::anyhow!("cannot create the admin: {e}"))?;
    match given {
        Some(_) => println!("admin `{username}` created"),
        None => println!("admin `{username}` created with temporary password `{secret}` (change it at first sign-in)"),
    }
    Ok(())
}

fn insert_area(
    conn: &mut DbConn,
    parent: Option<&Area>,
    code: &str,
    name: &str,
    kind: &str,
    grid: Option<(i32, i32, &str, &str)>,
) -> Result<Area, ApiError> {
    if let Some(existing) = areas::table.filter(areas::code.eq(code)).first::<Area>(conn).optional()? {
        return Ok(existing);
    }
    let now = Utc::now().naive_utc();
    let inserted: Area = diesel::insert_into(areas::table)
        .values(NewArea {
            code: code.to_string(),
            name: name.to_string(),
            kind: kind.to_string(),
            parent_id: parent.map(|p| p.id),
            path: String::new(),
            depth: parent.map(|p| p.depth + 1).unwrap_or(0),
            households: grid.map(|g| g.0),
            population: grid.map(|g| g.1),
            leader_name: grid.map(|g| g.2.to_string()),
            leader_phone: grid.map(|g| g.3.to_string()),
            version: 1,
            created_at: now,
            updated_at: now,
        })
        .get_result(conn)?;
    let path = format!("{}{}/", parent.map(|p| p.path.as_str()).unwrap_or("/"), inserted.id);
    Ok(diesel::update(areas::table.find(inserted.id)).set(areas::path.eq(path)).get_result(conn)?)
}

/// A demo unit by credit code; returns its id.
fn demo_unit(
    conn: &mut DbConn,
    name: &str,
    kind: &str,
    credit_code: &str,
    area: &Area,
    phone: &str,
    commitment: &str,
) -> Result<i64, ApiError> {
    if let Some(id) =
        units::table.filter(units::credit_code.eq(credit_code)).select(units::id).first(conn).optional()?
    {
        return Ok(id);
    }
    let now = Utc::now().naive_utc();
    let unit: Unit = diesel::insert_into(units::table)
        .values(NewUnit {
            name: name.into(),
            kind: kind.into(),
            credit_code: credit_code.into(),
            contact_name: Some("党办主任".into()),
            contact_phone: Some(phone.into()),
            address: Some(format!("{}内", area.name)),
            area_id: area.id,
            party_member_count: 36,
            commitment: Some(commitment.into()),
            commitment_phone: Some(phone.into()),
            status: "active".into(),
            version: 1,
            created_at: now,
            updated_at: now,
        })
        .get_result(conn)?;
    Ok(unit.id)
}

fn ensure_account(
    conn: &mut DbConn,
    username: &str,
    name: &str,
    role: Role,
    area: Option<&Area>,
    hash: &str,
) -> Result<bool, ApiError> {
    if users_repo::username_taken(conn, username)? {
        return Ok(false);
    }
    users_repo::insert(
        conn,
        NewAccount {
            username,
            display_name: name,
            phone: None,
            role,
            area_id: area.map(|a| a.id),
            password_hash: hash,
            must_change_password: false,
            unit_id: None,
        },
    )?;
    Ok(true)
}

/// The demo district, after Alxa Right Banner (seed 004): a banner, two
/// towns, four communities with three grids each, buildings in one grid, and
/// one account per role.
pub fn demo(conn: &mut DbConn, hash: &str) -> Result<Vec<(String, &'static str, String)>, ApiError> {
    let banner = insert_area(conn, None, "152922000000", "阿拉善右旗", "district", None)?;
    let town_a = insert_area(conn, Some(&banner), "152922100000", "额肯呼都格镇", "street", None)?;
    let town_b = insert_area(conn, Some(&banner), "152922101000", "阿拉腾敖包镇", "street", None)?;
    let communities = [
        (&town_a, "152922100001", "巴丹吉林社区"),
        (&town_a, "152922100002", "雅布赖社区"),
        (&town_a, "152922100003", "团结社区"),
        (&town_b, "152922101001", "阿拉腾社区"),
    ];
    let leaders = ["王丽华", "张建国", "李秀英", "赵志强", "刘淑芬", "陈海军"];
    let mut first_grid = None;
    let mut first_community = None;
    for (ci, (town, code, name)) in communities.iter().enumerate() {
        let community = insert_area(conn, Some(town), code, name, "community", None)?;
        for g in 1..=3 {
            let leader = leaders[(ci * 3 + g) % leaders.len()];
            let phone = format!("1390483{:02}{:02}", ci + 1, g);
            let grid = insert_area(
                conn,
                Some(&community),
                &format!("{code}{g:03}"),
                &format!("{name}第{g}网格"),
                "grid",
                Some((280 + 15 * g as i32, 610 + 40 * g as i32, leader, &phone)),
            )?;
            if first_grid.is_none() {
                for b in 1..=2 {
                    insert_area(
                        conn,
                        Some(&grid),
                        &format!("{}{b:03}", grid.code),
                        &format!("{b}号楼"),
                        "building",
                        Some((48, 102, "孙桂兰", "13904830901")),
                    )?;
                }
                first_grid = Some(grid);
            }
        }
        first_community.get_or_insert(community);
    }
    let (grid, community) = (first_grid.expect("a grid"), first_community.expect("a community"));
    let hospital = demo_unit(
        conn,
        "阿拉善右旗人民医院",
        "public_institution",
        HOSPITAL_CODE,
        &community,
        "0483-6021234",
        "每月开展一次社区义诊，家庭医生签约服务进网格",
    )?;
    let grid_served = areas::table.filter(areas::code.eq(format!("{}002", community.code))).first::<Area>(conn)?;
    for served in [&grid, &grid_served] {
        if unit_grids::table
            .filter(unit_grids::unit_id.eq(hospital))
            .filter(unit_grids::area_id.eq(served.id))
            .count()
            .get_result::<i64>(conn)?
            == 0
        {
            diesel::insert_into(unit_grids::table)
                .values((unit_grids::unit_id.eq(hospital), unit_grids::area_id.eq(served.id)))
                .execute(conn)?;
        }
    }
    let yabulai = areas::table.filter(areas::code.eq("152922100002")).first::<Area>(conn)?;
    demo_unit(
        conn,
        "阿拉善右旗供电分公司",
        "state_owned_enterprise",
        POWER_CODE,
        &yabulai,
        "0483-6025678",
        "用电报装、故障抢修进社区，二十四小时服务热线",
    )?;
    let accounts: [(&str, &str, Role, &Area); 6] = [
        ("district_admin", "旗委组织部管理员", Role::AreaAdmin, &banner),
        ("street_admin", "额肯呼都格镇管理员", Role::AreaAdmin, &town_a),
        ("community_admin", "巴丹吉林社区管理员", Role::AreaAdmin, &community),
        ("grid_worker", "王丽华", Role::GridWorker, &grid),
        ("unit_contact", "旗人民医院联系人", Role::UnitContact, &community),
        ("volunteer", "在职党员志愿者", Role::Volunteer, &grid),
    ];
    let mut created = Vec::new();
    for (username, name, role, area) in accounts {
        if ensure_account(conn, username, name, role, Some(area), hash)? && role == Role::UnitContact {
            diesel::update(users::table.filter(users::username.eq(username)))
                .set(users::unit_id.eq(hospital))
                .execute(conn)?;
        }
        created.push((username.to_string(), role.as_str(), area.name.clone()));
    }
    Ok(created)
}

pub fn demo_command(config: &Config) -> anyhow::Result<()> {
    let db = Db::connect(config)?;
    db.migrate()?;
    if let Some(line) = ensure_first_admin(&db, config)? {
        println!("{line}");
    }
    let hash = password::hash(DEMO_PASSWORD).map_err(|e| anyhow::anyhow!("{e}"))?;
    let key = crate::crypto::data_key(config)?;
    let sealer = Sealer { key: &key, today: common::local_today() };
    let mut conn = db.get().map_err(|e| anyhow::anyhow!("{e}"))?;
    let (accounts, figures, volunteer_figures, assistance_figures) = write_tx(&mut conn, |conn| {
        let accounts = demo(conn, &hash)?;
        alliance::demo(conn)?;
        let figures = supply::demo(conn, &hash)?;
        let volunteering = volunteering::demo(conn, sealer)?;
        Ok::<_, ApiError>((accounts, figures, volunteering, assistance::demo(conn, &key)?))
    })
    .map_err(|e| anyhow::anyhow!("demo seed failed: {e}"))?;
    println!("Demo district 阿拉善右旗 ready. Demo sign-ins (password {DEMO_PASSWORD}):");
    for (username, role, area) in accounts {
        println!("  {username:<16} {role:<12} {area}");
    }
    println!("  unit_contact_01 … unit_contact_12: the contacts of the supermarket's twelve units");
    match figures {
        Some(f) => println!(
            "Party-building supermarket: {} shelf items from {} units, {} resources in all; {} needs raised over the \
             past year, {} fulfilled; {} services with {} timeline entries; orders waiting in unit_contact's inbox",
            f.shelf_items, f.shelf_units, f.resources, f.needs, f.fulfilled, f.services, f.events
        ),
        None => println!("Party-building supermarket, needs and services: already seeded"),
    }
    match volunteer_figures {
        Some(f) => println!(
            "Volunteers: {} registered, {} of them in-service party members ({} reported to a community or grid); \
             {} projects with {} shifts, {} sign-ups, {} service records ({} adjustments), {} hours served; \
             「{}」 recruiting for the next {} holidays; `volunteer` has a profile and hours",
            f.volunteers,
            f.in_service,
            f.reported,
            f.projects,
            f.shifts,
            f.enrollments,
            f.records,
            f.adjustments,
            f.hours,
            volunteering::CHECKPOINT_TITLE,
            f.checkpoint_days
        ),
        None => println!("Volunteers, projects and service records: already seeded"),
    }
    match assistance_figures {
        Some(f) => println!(
            "Assistance: {} households in difficulty with {} pairings ({} overdue for a visit), {} visits over the past \
             year, {} micro-wishes; unit_contact and volunteer are helpers of households in 巴丹吉林社区",
            f.households, f.pairings, f.overdue, f.visits, f.wishes
        ),
        None => println!("Assistance pairings: already seeded"),
    }
    Ok(())
}

/// City scale: 4 districts × 10 streets × 10 communities × 10 grids, and
/// 10,000 staff accounts (district, street and community admins, two or
/// three grid workers per grid). Accounts share one password hash: hashing
/// 10,000 times would only measure argon2.
pub fn city(conn: &mut DbConn, hash: &str) -> Result<(usize, usize), ApiError> {
    const STAFF: usize = 10_000;
    let (mut area_count, mut account_count) = (0usize, 0usize);
    let mut grids = Vec::new();
    let mut accounts: Vec<(String, Role, Area)> = Vec::new();
    for d in 1..=4 {
        let dcode = format!("2308{:02}", d + 2);
        let district = insert_area(conn, None, &format!("{dcode}000000"), &format!("佳木斯第{d}区"), "district", None)?;
        area_count += 1;
        accounts.push((format!("d{d}_admin"), Role::AreaAdmin, district.clone()));
        for s in 1..=10 {
            let scode = format!("{dcode}{s:03}");
            let street = insert_area(
                conn,
                Some(&district),
                &format!("{scode}000"),
                &format!("第{d}区第{s}街道"),
                "street",
                None,
            )?;
            area_count += 1;
            accounts.push((format!("d{d}s{s:02}_admin"), Role::AreaAdmin, street.clone()));
            for c in 1..=10 {
                let ccode = format!("{scode}{c:03}");
                let community =
                    insert_area(conn, Some(&street), &ccode, &format!("第{d}区{s}街{c}社区"), "community", None)?;
                area_count += 1;
                accounts.push((format!("d{d}s{s:02}c{c:02}_admin"), Role::AreaAdmin, community.clone()));
                for g in 1..=10 {
                    let phone = format!("139{d}{s:02}{c:02}{g:02}0");
                    let grid = insert_area(
                        conn,
                        Some(&community),
                        &format!("{ccode}{g:03}"),
                        &format!("{c}社区第{g}网格"),
                        "grid",
                        Some((300, 700, "网格长", &phone)),
                    )?;
                    area_count += 1;
                    grids.push(grid);
                }
            }
        }
    }
    for worker in 1..=3 {
        for grid in &grids {
            if accounts.len() >= STAFF {
                break;
            }
            let name = format!("g{}_w{worker}", grid.code);
            accounts.push((name, Role::GridWorker, grid.clone()));
        }
    }
    for (username, role, area) in &accounts {
        if ensure_account(conn, username, &format!("{}工作人员", area.name), *role, Some(area), hash)? {
            account_count += 1;
        }
    }
    Ok((area_count, account_count))
}

pub fn city_command(config: &Config) -> anyhow::Result<()> {
    let started = Instant::now();
    let db = Db::connect(config)?;
    db.migrate()?;
    if let Some(line) = ensure_first_admin(&db, config)? {
        println!("{line}");
    }
    let hash = password::hash(DEMO_PASSWORD).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut conn = db.get().map_err(|e| anyhow::anyhow!("{e}"))?;
    let (areas, accounts, (units, agreements, orgs)) = write_tx(&mut conn, |conn| {
        let (areas, accounts) = city(conn, &hash)?;
        Ok::<_, ApiError>((areas, accounts, alliance::city(conn)?))
    })
    .map_err(|e| anyhow::anyhow!("city seed failed: {e}"))?;
    let alliance_done = started.elapsed();
    let figures = write_tx(&mut conn, supply::city).map_err(|e| anyhow::anyhow!("city seed failed: {e}"))?;
    let supply_done = started.elapsed();
    let volunteers = write_tx(&mut conn, |conn| volunteering::city(conn, &hash))
        .map_err(|e| anyhow::anyhow!("city seed failed: {e}"))?;
    let volunteers_done = started.elapsed();
    let key = crate::crypto::data_key(config)?;
    let assistance = write_tx(&mut conn, |conn| assistance::city(conn, &key))
        .map_err(|e| anyhow::anyhow!("city seed failed: {e}"))?;
    let assistance_done = started.elapsed();
    // A bulk load leaves the planner without statistics: SQLite then takes an
    // equality on a low-cardinality column (`status = 'available'`) for a
    // selective one and walks most of a table. Measured at city scale, the
    // ranked matches were four times and the need board twenty to seventy
    // times slower without them. PostgreSQL's autovacuum would get there,
    // later; VACUUM also marks the pages all-visible, so counts and id lists
    // answer from the index alone as they do on a database in service (a
    // street's overdue count read 187 rows from the table without it).
    let analyze = match conn.backend() {
        Backend::Postgres => "VACUUM (ANALYZE)",
        Backend::Sqlite => "ANALYZE",
    };
    conn.batch_execute(analyze).map_err(|e| anyhow::anyhow!("city seed: {analyze} failed: {e}"))?;
    println!(
        "City scale seeded in {:.1} s: {areas} areas, {accounts} new accounts, {units} units, {agreements} agreements, \
         {orgs} party organisations (password {DEMO_PASSWORD}; e.g. d1s01_admin for a street, d1s01c01_admin for a community)",
        started.elapsed().as_secs_f64()
    );
    println!(
        "  resources, needs and services in {:.1} s: {} resources serving {} areas, {} needs, {} services with {} \
         timeline entries",
        (supply_done - alliance_done).as_secs_f64(),
        figures.resources,
        figures.resource_areas,
        figures.needs,
        figures.services,
        figures.events
    );
    println!(
        "  volunteers, projects, sign-ups and service records in {:.1} s: {} volunteers ({} with accounts vol000001 \
         …), {} projects ({} recruiting), {} shifts, {} sign-ups, {} service records ({} adjustments)",
        (volunteers_done - supply_done).as_secs_f64(),
        volunteers.volunteers,
        volunteers.accounts,
        volunteers.projects,
        volunteers.recruiting,
        volunteers.shifts,
        volunteers.enrollments,
        volunteers.records,
        volunteers.adjustments
    );
    println!(
        "  households, pairings, visits and wishes in {:.1} s: {} households, {} pairings ({} overdue), {} visits, {} wishes",
        (assistance_done - volunteers_done).as_secs_f64(),
        assistance.households,
        assistance.pairings,
        assistance.overdue,
        assistance.visits,
        assistance.wishes
    );
    Ok(())
}
