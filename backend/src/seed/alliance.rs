//! The regional party-building alliance in demo and city-scale data:
//! joint-building units, their party organisations and their co-building
//! agreements with communities.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, Utc};
use diesel::prelude::*;

use super::common::local_today;
use crate::areas::model::Area;
use crate::db::schema::{agreement_members, agreements, areas, party_orgs, unit_grids, units};
use crate::db::DbConn;
use crate::http::ApiError;
use crate::units::credit_code::check_character;

/// A valid unified social credit code derived from a number: a registration
/// prefix and the district's code, a serial, and the check character.
pub fn credit_code(prefix: &str, serial: u32) -> String {
    let body = format!("{prefix}{serial:0width$}", width = 17 - prefix.len());
    let check = check_character(body.as_bytes()).expect("digits and capitals of the code alphabet") as char;
    format!("{body}{check}")
}

const KINDS: [&str; 6] = [
    "party_government_organ",
    "public_institution",
    "state_owned_enterprise",
    "private_enterprise",
    "social_organisation",
    "other",
];

/// Names of stationed units of the kind seed 004 lists, by kind; the twelve
/// units of the party-building supermarket (seed 002).
pub const DEMO_UNITS: [(&str, &str); 12] = [
    ("阿拉善右旗税务局", "party_government_organ"),
    ("阿拉善右旗市场监督管理局", "party_government_organ"),
    ("阿拉善右旗第一中学", "public_institution"),
    ("阿拉善右旗蒙医医院", "public_institution"),
    ("阿拉善右旗自来水公司", "state_owned_enterprise"),
    ("中国移动阿拉善右旗分公司", "state_owned_enterprise"),
    ("巴丹吉林旅游开发有限公司", "private_enterprise"),
    ("右旗驼乡牧业合作社", "private_enterprise"),
    ("阿拉善右旗志愿者协会", "social_organisation"),
    ("阿拉善右旗律师事务所", "private_enterprise"),
    ("阿拉善右旗农村信用合作联社", "other"),
    ("阿拉善右旗老年大学", "public_institution"),
];

/// The credit code of the `i`-th of `DEMO_UNITS`.
pub fn demo_unit_code(i: usize) -> String {
    credit_code("12152922", 100 + i as u32)
}

/// The demo's fourteen joint-building units as (id, area id): `DEMO_UNITS`
/// in order, then the hospital and the power company of `seed::demo`.
pub fn demo_units(conn: &mut DbConn) -> Result<Vec<(i64, i64)>, ApiError> {
    let mut codes: Vec<String> = (0..DEMO_UNITS.len()).map(demo_unit_code).collect();
    codes.push(super::HOSPITAL_CODE.to_string());
    codes.push(super::POWER_CODE.to_string());
    let found: HashMap<String, (i64, i64)> = units::table
        .filter(units::credit_code.eq_any(&codes))
        .select((units::credit_code, (units::id, units::area_id)))
        .load::<(String, (i64, i64))>(conn)?
        .into_iter()
        .collect();
    codes
        .iter()
        .map(|code| found.get(code).copied())
        .collect::<Option<Vec<(i64, i64)>>>()
        .ok_or_else(|| ApiError::internal("the demo alliance comes first: seed::demo, then alliance::demo"))
}

struct NewUnitRow<'a> {
    name: &'a str,
    kind: &'a str,
    code: String,
    area: &'a Area,
    grids: &'a [i64],
    members: i32,
}

fn insert_unit(conn: &mut DbConn, u: NewUnitRow) -> Result<i64, ApiError> {
    if let Some(id) = units::table.filter(units::credit_code.eq(&u.code)).select(units::id).first(conn).optional()? {
        return Ok(id);
    }
    let now = Utc::now().naive_utc();
    let id: i64 = diesel::insert_into(units::table)
        .values((
            units::name.eq(u.name),
            units::kind.eq(u.kind),
            units::credit_code.eq(&u.code),
            units::contact_name.eq("党务联络员"),
            units::contact_phone.eq("0483-6020000"),
            units::address.eq(format!("{}辖区", u.area.name)),
            units::area_id.eq(u.area.id),
            units::party_member_count.eq(u.members),
            units::commitment.eq("认领网格服务岗位，每季度至少开展一次进社区共建活动"),
            units::commitment_phone.eq("0483-6020000"),
            units::status.eq("active"),
            units::version.eq(1),
            units::created_at.eq(now),
            units::updated_at.eq(now),
        ))
        .returning(units::id)
        .get_result(conn)?;
    for grid in u.grids {
        diesel::insert_into(unit_grids::table)
            .values((unit_grids::unit_id.eq(id), unit_grids::area_id.eq(*grid)))
            .execute(conn)?;
    }
    Ok(id)
}

struct NewOrg<'a> {
    name: String,
    kind: &'a str,
    parent: Option<i64>,
    area: i64,
    unit: Option<i64>,
    secretary: &'a str,
    members: i32,
}

fn insert_org(conn: &mut DbConn, o: NewOrg) -> Result<i64, ApiError> {
    let now = Utc::now().naive_utc();
    Ok(diesel::insert_into(party_orgs::table)
        .values((
            party_orgs::name.eq(o.name),
            party_orgs::kind.eq(o.kind),
            party_orgs::parent_id.eq(o.parent),
            party_orgs::area_id.eq(o.area),
            party_orgs::unit_id.eq(o.unit),
            party_orgs::secretary.eq(o.secretary),
            party_orgs::contact_phone.eq("13904830000"),
            party_orgs::member_count.eq(o.members),
            party_orgs::founded_on.eq(NaiveDate::from_ymd_opt(2018, 7, 1)),
            party_orgs::version.eq(1),
            party_orgs::created_at.eq(now),
            party_orgs::updated_at.eq(now),
        ))
        .returning(party_orgs::id)
        .get_result(conn)?)
}

struct NewTerm {
    unit: i64,
    community: i64,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    status: &'static str,
}

fn insert_agreement(conn: &mut DbConn, t: NewTerm, member: Option<(&str, &str)>) -> Result<i64, ApiError> {
    let now = Utc::now().naive_utc();
    let id: i64 = diesel::insert_into(agreements::table)
        .values((
            agreements::unit_id.eq(t.unit),
            agreements::community_id.eq(t.community),
            agreements::starts_on.eq(t.starts_on),
            agreements::ends_on.eq(t.ends_on),
            agreements::signed_on.eq((t.status != "draft").then_some(t.starts_on)),
            agreements::unit_duties.eq("结对共建网格，认领民生服务项目，在职党员到社区报到"),
            agreements::community_duties.eq("提供服务需求清单，协调活动场地，组织居民评价"),
            agreements::status.eq(t.status),
            agreements::version.eq(1),
            agreements::created_at.eq(now),
            agreements::updated_at.eq(now),
        ))
        .returning(agreements::id)
        .get_result(conn)?;
    if let Some((name, post)) = member {
        diesel::insert_into(agreement_members::table)
            .values((
                agreement_members::agreement_id.eq(id),
                agreement_members::name.eq(name),
                agreement_members::post.eq(post),
                agreement_members::phone.eq("13904830000"),
            ))
            .execute(conn)?;
    }
    Ok(id)
}

/// The demo district's alliance, after seeds 002 and 004: twelve more
/// stationed units, each with a branch built on a grid it serves; nine units
/// with agreements with 巴丹吉林社区 (one expiring this month, one expired,
/// one still a draft); a party committee per community with a branch per
/// grid and a party group in the first.
pub fn demo(conn: &mut DbConn) -> Result<(), ApiError> {
    if party_orgs::table.count().get_result::<i64>(conn)? > 0 {
        return Ok(());
    }
    let communities: Vec<Area> = areas::table.filter(areas::kind.eq("community")).order(areas::code).load(conn)?;
    let grids: Vec<Area> = areas::table.filter(areas::kind.eq("grid")).order(areas::code).load(conn)?;
    let leaders = ["刘建华", "陈玉梅", "王志刚", "赵淑珍", "孙德明", "周海燕"];
    for (ci, community) in communities.iter().enumerate() {
        let committee = insert_org(
            conn,
            NewOrg {
                name: format!("{}党委", community.name),
                kind: "committee",
                parent: None,
                area: community.id,
                unit: None,
                secretary: leaders[ci % leaders.len()],
                members: 0,
            },
        )?;
        for (gi, grid) in grids.iter().filter(|g| g.parent_id == Some(community.id)).enumerate() {
            let branch = insert_org(
                conn,
                NewOrg {
                    name: format!("{}党支部", grid.name),
                    kind: "branch",
                    parent: Some(committee),
                    area: grid.id,
                    unit: None,
                    secretary: leaders[(ci + gi + 1) % leaders.len()],
                    members: 18 + 3 * gi as i32,
                },
            )?;
            if gi == 0 {
                insert_org(
                    conn,
                    NewOrg {
                        name: format!("{}第一党小组", grid.name),
                        kind: "group",
                        parent: Some(branch),
                        area: grid.id,
                        unit: None,
                        secretary: leaders[(ci + 2) % leaders.len()],
                        members: 7,
                    },
                )?;
            }
        }
    }
    let home = &communities[0];
    let today = local_today();
    for (i, (name, kind)) in DEMO_UNITS.iter().enumerate() {
        let grid = &grids[i % grids.len()];
        let community = communities.iter().find(|c| Some(c.id) == grid.parent_id).unwrap_or(home);
        let unit = insert_unit(
            conn,
            NewUnitRow {
                name,
                kind,
                code: demo_unit_code(i),
                area: community,
                grids: &[grid.id],
                members: 12 + 7 * i as i32,
            },
        )?;
        insert_org(
            conn,
            NewOrg {
                name: format!("{name}党支部"),
                kind: "branch",
                parent: None,
                area: grid.id,
                unit: Some(unit),
                secretary: leaders[i % leaders.len()],
                members: 8 + i as i32,
            },
        )?;
        if i < 9 {
            // Songshan's nine signed units, with the usual one-year terms.
            let (starts_on, ends_on, status) = match i {
                0 => (today - Duration::days(350), today + Duration::days(15), "active"),
                1 => (today - Duration::days(400), today - Duration::days(35), "active"),
                2 => (today + Duration::days(10), today + Duration::days(375), "draft"),
                _ => {
                    (today - Duration::days(30 * i as i64), today + Duration::days(365 - 30 * i as i64 + 60), "active")
                }
            };
            insert_agreement(
                conn,
                NewTerm { unit, community: home.id, starts_on, ends_on, status },
                (i % 3 == 0).then_some((leaders[i % leaders.len()], "党委委员")),
            )?;
        }
    }
    Ok(())
}

/// City scale: 5,000 units spread over the communities, each serving one
/// grid; 8,000 agreements; 20,000 party organisations (a committee per
/// community, a branch per grid, a branch per unit, groups for the rest).
pub fn city(conn: &mut DbConn) -> Result<(usize, usize, usize), ApiError> {
    const UNITS: usize = 5_000;
    const AGREEMENTS: usize = 8_000;
    const ORGS: usize = 20_000;
    if units::table.count().get_result::<i64>(conn)? >= UNITS as i64 {
        return Ok((0, 0, 0));
    }
    let communities: Vec<Area> = areas::table.filter(areas::kind.eq("community")).order(areas::code).load(conn)?;
    let grids: Vec<Area> = areas::table.filter(areas::kind.eq("grid")).order(areas::code).load(conn)?;
    if communities.is_empty() || grids.is_empty() {
        return Ok((0, 0, 0));
    }
    let today = local_today();
    let mut orgs = 0usize;
    let mut committees = Vec::with_capacity(communities.len());
    for c in &communities {
        let id = insert_org(
            conn,
            NewOrg {
                name: format!("{}党委", c.name),
                kind: "committee",
                parent: None,
                area: c.id,
                unit: None,
                secretary: "书记",
                members: 0,
            },
        )?;
        committees.push((c.id, id));
        orgs += 1;
    }
    let mut branches = Vec::with_capacity(grids.len());
    for g in &grids {
        let parent = committees.iter().find(|(c, _)| Some(*c) == g.parent_id).map(|(_, id)| *id);
        let id = insert_org(
            conn,
            NewOrg {
                name: format!("{}党支部", g.name),
                kind: "branch",
                parent,
                area: g.id,
                unit: None,
                secretary: "书记",
                members: 20,
            },
        )?;
        branches.push((g.id, id));
        orgs += 1;
    }
    let mut unit_ids = Vec::with_capacity(UNITS);
    for i in 0..UNITS {
        let grid = &grids[(i * 7) % grids.len()];
        let community = communities.iter().find(|c| Some(c.id) == grid.parent_id).unwrap_or(&communities[0]);
        let name = format!("{}共建单位{}", community.name, i + 1);
        let id = insert_unit(
            conn,
            NewUnitRow {
                name: &name,
                kind: KINDS[i % KINDS.len()],
                code: credit_code("91230800", 10_000 + i as u32),
                area: community,
                grids: &[grid.id],
                members: (i % 90) as i32,
            },
        )?;
        insert_org(
            conn,
            NewOrg {
                name: format!("{name}党支部"),
                kind: "branch",
                parent: None,
                area: grid.id,
                unit: Some(id),
                secretary: "书记",
                members: 9,
            },
        )?;
        orgs += 1;
        unit_ids.push((id, community.id));
    }
    let mut g = 0usize;
    while orgs < ORGS {
        let (grid, branch) = branches[g % branches.len()];
        insert_org(
            conn,
            NewOrg {
                name: format!("党小组{}", g + 1),
                kind: "group",
                parent: Some(branch),
                area: grid,
                unit: None,
                secretary: "组长",
                members: 6,
            },
        )?;
        orgs += 1;
        g += 1;
    }
    for i in 0..AGREEMENTS {
        let (unit, community) = unit_ids[i % unit_ids.len()];
        // A unit's second agreement follows its first, so no two active terms overlap.
        let round = (i / unit_ids.len()) as i64;
        let starts_on = today - Duration::days(700 - 365 * round + (i % 200) as i64);
        let ends_on = starts_on + Duration::days(364);
        insert_agreement(conn, NewTerm { unit, community, starts_on, ends_on, status: "active" }, None)?;
    }
    Ok((unit_ids.len(), AGREEMENTS, orgs))
}
