//! Assistance pairings in the demo banner and at city scale: households in
//! difficulty with their sealed personal data, helpers paired with them, a
//! year of visits (some pairings left overdue), and micro-wishes.
//!
//! The demo follows seed 004: 130 households paired with units and party
//! members, visited over the past year, and twenty wishes. `unit_contact`
//! (旗人民医院) and `volunteer` are among the helpers, so their "my
//! pairings" and the wish board have something in them.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;

use super::common::{draw, insert_returning_ids, insert_rows, local_at, local_today, ZONE_HOURS};
use super::volunteering::person_name;
use crate::config::Backend;
use crate::crypto::DataKey;
use crate::db::schema::{areas, households, pairings, units, users, visits, volunteers, wishes};
use crate::db::DbConn;
use crate::households::repo::mask_phone;
use crate::households::Category;
use crate::http::ApiError;
use crate::pairings::model::due_on;
use crate::volunteers::id_number;

#[derive(Insertable)]
#[diesel(table_name = households, treat_none_as_default_value = false)]
struct HouseholdRow {
    household_no: String,
    head_name: String,
    head_id_number_sealed: Option<String>,
    head_id_number_hash: Option<String>,
    head_id_number_masked: Option<String>,
    phone_sealed: Option<String>,
    phone_masked: Option<String>,
    situation_sealed: Option<String>,
    members: String,
    area_id: i64,
    address: Option<String>,
    categories: String,
    status: &'static str,
    archived_at: Option<NaiveDateTime>,
    erased_at: Option<NaiveDateTime>,
    created_by: i64,
    version: i32,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = pairings, treat_none_as_default_value = false)]
struct PairingRow {
    household_id: i64,
    area_id: i64,
    helper_kind: &'static str,
    helper_unit_id: Option<i64>,
    helper_volunteer_id: Option<i64>,
    starts_on: NaiveDate,
    ends_on: Option<NaiveDate>,
    plan: Option<&'static str>,
    goals: Option<&'static str>,
    visit_interval_days: i32,
    status: &'static str,
    end_reason: Option<&'static str>,
    last_visit_on: Option<NaiveDate>,
    visit_count: i32,
    due_on: NaiveDate,
    created_by: i64,
    version: i32,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = visits, treat_none_as_default_value = false)]
struct VisitRow {
    pairing_id: i64,
    household_id: i64,
    visited_on: NaiveDate,
    kind: &'static str,
    paperwork: Option<&'static str>,
    content: &'static str,
    outcome: Option<&'static str>,
    follow_up_on: Option<NaiveDate>,
    photo_count: i32,
    recorded_by: i64,
    created_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = wishes, treat_none_as_default_value = false)]
struct WishRow {
    household_id: i64,
    area_id: i64,
    title: &'static str,
    description: Option<&'static str>,
    status: &'static str,
    claimer_kind: Option<&'static str>,
    claimer_unit_id: Option<i64>,
    claimer_volunteer_id: Option<i64>,
    claimed_at: Option<NaiveDateTime>,
    fulfilled_at: Option<NaiveDateTime>,
    fulfil_note: Option<&'static str>,
    cancel_reason: Option<&'static str>,
    created_by: i64,
    version: i32,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

const SITUATIONS: &[&str] = &[
    "户主患尿毒症，每周透析三次，家中无稳定收入",
    "老人独居，子女在外务工，行动不便",
    "父母外出务工，孩子由祖父母照看，学习跟不上",
    "户主肢体残疾，妻子无业，靠低保维持生活",
    "家庭主要劳动力去年失业，房贷压力大",
    "老两口均年过八旬，一人卧床需要照护",
    "单亲母亲抚养两个孩子，收入微薄",
];
const STREETS: &[&str] = &["额肯呼都格路", "雅布赖路", "巴丹吉林路", "阿拉腾朝格街", "塔木素街"];
const RELATIONS: &[&str] = &["配偶", "子女", "父母", "孙子女", "兄弟姐妹"];
const PLANS: &[&str] = &[
    "每月上门走访一次，了解生活需求，协助办理救助事项",
    "定期送医送药，帮助联系家庭医生签约",
    "帮助孩子课业辅导，寒暑假组织参加社区活动",
    "协助推荐就业岗位，参加技能培训",
];
const GOALS: &[&str] = &["年内实现稳定就业", "保障基本生活和就医", "孩子学习成绩稳步提高", "按时足额领取救助金"];
/// (kind, paperwork, what was done, outcome)
const VISITS: &[(&str, Option<&str>, &str, Option<&str>)] = &[
    ("visit", None, "入户走访，了解近况，宣讲惠民政策", Some("家中情况稳定")),
    ("gifts", None, "送去米、面、油和冬衣", Some("物资已送达")),
    ("paperwork", Some("residence_registration"), "帮助孩子补办户口登记", Some("户口已落实")),
    ("paperwork", Some("allowance"), "协助申请最低生活保障金", Some("低保已审批")),
    ("paperwork", Some("disability_card"), "陪同到医院做残疾评定，办理残疾证", Some("残疾证已领取")),
    ("employment", None, "推荐到社区公益岗位面试", Some("已上岗")),
    ("medical", None, "联系家庭医生上门体检，送药", Some("病情平稳")),
    ("other", None, "帮助修理漏水的水管", None),
];
const WISHES: &[&str] = &[
    "一个新书包",
    "一台轮椅",
    "一件羽绒服",
    "一套课外读物",
    "一副助听器",
    "一台电暖器",
    "一辆儿童自行车",
    "一套学习用品",
    "一床新棉被",
    "一个血压计",
];

fn household_identity(serial: usize) -> String {
    // Born 1935-1975; the sequence changes every 13,000 serials, so each is different.
    let born = NaiveDate::from_ymd_opt(1935, 1, 1).unwrap_or_default() + Duration::days((serial % 13_000) as i64);
    let body = format!("152922{}{:03}", born.format("%Y%m%d"), (serial / 13_000 + 500) % 1000);
    let check = id_number::check_character(body.as_bytes()).unwrap_or(b'X') as char;
    format!("{body}{check}")
}

fn categories(serial: usize) -> String {
    let all = Category::ALL;
    let first = all[draw(serial, 401, all.len() as u64) as usize];
    let mut chosen = vec![first.as_str()];
    if draw(serial, 402, 100) < 35 {
        let second = all[draw(serial, 403, all.len() as u64) as usize].as_str();
        if second != chosen[0] {
            chosen.push(second);
        }
    }
    serde_json::to_string(&chosen).unwrap_or_else(|_| "[]".into())
}

fn members(serial: usize) -> String {
    let n = draw(serial, 410, 4) as usize;
    let list: Vec<serde_json::Value> = (0..n)
        .map(|k| {
            serde_json::json!({
                "name": person_name(serial * 7 + k + 90_000),
                "relation": RELATIONS[draw(serial, 411 + k as u64, RELATIONS.len() as u64) as usize],
                "age": 3 + draw(serial, 420 + k as u64, 80),
            })
        })
        .collect();
    serde_json::to_string(&list).unwrap_or_else(|_| "[]".into())
}

/// One household's row, its personal fields sealed with the data key.
fn household_row(
    key: &DataKey,
    serial: usize,
    area: i64,
    by: i64,
    created: NaiveDateTime,
) -> Result<HouseholdRow, ApiError> {
    let number = household_identity(serial);
    let phone = format!("13{}{:08}", 5 + draw(serial, 430, 5), (serial as u64 * 7_919 + 24_680_135) % 100_000_000);
    let situation = SITUATIONS[draw(serial, 431, SITUATIONS.len() as u64) as usize];
    // One in twenty has been lifted out of difficulty; one in fifty moved away.
    let status = match draw(serial, 432, 100) {
        0..=4 => "lifted",
        5..=6 => "moved",
        _ => "active",
    };
    Ok(HouseholdRow {
        household_no: format!("seed-{serial}"),
        head_name: person_name(serial + 50_000),
        head_id_number_sealed: Some(key.seal(&number)?),
        head_id_number_hash: Some(key.lookup_hash(&number)),
        head_id_number_masked: Some(id_number::mask(&number)),
        phone_sealed: Some(key.seal(&phone)?),
        phone_masked: Some(mask_phone(&phone)),
        situation_sealed: Some(key.seal(situation)?),
        members: members(serial),
        area_id: area,
        address: Some(format!(
            "{}{}号{}单元{}室",
            STREETS[draw(serial, 433, STREETS.len() as u64) as usize],
            1 + draw(serial, 434, 120),
            1 + draw(serial, 435, 6),
            101 + draw(serial, 436, 6) * 100 + draw(serial, 437, 4)
        )),
        categories: categories(serial),
        status,
        archived_at: None,
        erased_at: None,
        created_by: by,
        version: 1,
        created_at: created,
        updated_at: created,
    })
}

/// Numbers the households just written: `H`, the year entered and the id, as the repository does.
fn number_households(conn: &mut DbConn) -> Result<(), ApiError> {
    let sql = match conn.backend() {
        Backend::Sqlite => format!(
            "UPDATE households SET household_no = 'H' || strftime('%Y', created_at, '+{ZONE_HOURS} hours') \
             || printf('%06d', id) WHERE household_no LIKE 'seed-%'"
        ),
        Backend::Postgres => format!(
            "UPDATE households SET household_no = 'H' || to_char(created_at + interval '{ZONE_HOURS} hours', 'YYYY') \
             || lpad(id::text, greatest(6, length(id::text)), '0') WHERE household_no LIKE 'seed-%'"
        ),
    };
    diesel::sql_query(sql).execute(conn)?;
    Ok(())
}

/// A helper for pairing `serial`: a unit or a volunteer.
#[derive(Clone, Copy)]
enum Helper {
    Unit(i64),
    Volunteer(i64),
}

/// A pairing and its visits: visits every interval (give or take a few days)
/// from the start; one pairing in seven stopped being visited two months ago
/// and is overdue; one in twenty ended.
fn plan_pairing(
    serial: usize,
    household: i64,
    area: i64,
    helper: Helper,
    by: i64,
    today: NaiveDate,
    now: NaiveDateTime,
) -> (PairingRow, Vec<(NaiveDate, usize)>) {
    let interval = [14, 30, 30, 30, 60][draw(serial, 440, 5) as usize];
    let starts_on = today - Duration::days(60 + draw(serial, 441, 320) as i64);
    let stops = if draw(serial, 442, 7) == 0 {
        today - Duration::days(interval + 20 + draw(serial, 443, 40) as i64)
    } else {
        today
    };
    let ended = draw(serial, 444, 20) == 0;
    let mut dates = Vec::new();
    let mut day = starts_on + Duration::days(3 + draw(serial, 445, 7) as i64);
    let mut k = 0usize;
    while day <= stops {
        dates.push((day, draw(serial * 31 + k, 446, VISITS.len() as u64) as usize));
        k += 1;
        day += Duration::days(interval - 4 + draw(serial * 31 + k, 447, 6) as i64);
    }
    let last = dates.last().map(|d| d.0);
    let (unit, volunteer, kind) = match helper {
        Helper::Unit(id) => (Some(id), None, "unit"),
        Helper::Volunteer(id) => (None, Some(id), "volunteer"),
    };
    let row = PairingRow {
        household_id: household,
        area_id: area,
        helper_kind: kind,
        helper_unit_id: unit,
        helper_volunteer_id: volunteer,
        starts_on,
        ends_on: ended.then_some(today - Duration::days(5)).filter(|d| *d >= starts_on),
        plan: Some(PLANS[draw(serial, 448, PLANS.len() as u64) as usize]),
        goals: Some(GOALS[draw(serial, 449, GOALS.len() as u64) as usize]),
        visit_interval_days: interval as i32,
        status: if ended && today - Duration::days(5) >= starts_on { "ended" } else { "active" },
        end_reason: (ended && today - Duration::days(5) >= starts_on).then_some("家庭已脱困"),
        last_visit_on: last,
        visit_count: dates.len() as i32,
        due_on: due_on(starts_on, last, interval as i32),
        created_by: by,
        version: 1,
        created_at: local_at(starts_on, 9 * 60),
        updated_at: now,
    };
    (row, dates)
}

/// A pairing's planned visits before the pairing has its id: the household,
/// the visit dates (each with the entry of `VISITS` it records) and who records them.
type PlannedVisits = (i64, Vec<(NaiveDate, usize)>, i64);

fn visit_rows(pairing: i64, household: i64, dates: &[(NaiveDate, usize)], by: i64) -> Vec<VisitRow> {
    dates
        .iter()
        .map(|(day, which)| {
            let (kind, paperwork, content, outcome) = VISITS[*which];
            VisitRow {
                pairing_id: pairing,
                household_id: household,
                visited_on: *day,
                kind,
                paperwork,
                content,
                outcome,
                follow_up_on: None,
                photo_count: 0,
                recorded_by: by,
                created_at: local_at(*day, 17 * 60),
            }
        })
        .collect()
}

fn wish_row(serial: usize, household: i64, area: i64, claimer: Helper, by: i64, now: NaiveDateTime) -> WishRow {
    let created = now - Duration::days(1 + draw(serial, 460, 90) as i64);
    let state = draw(serial, 461, 10);
    let (status, claimed) = match state {
        0..=3 => ("open", false),
        4..=6 => ("claimed", true),
        _ => ("fulfilled", true),
    };
    let (kind, unit, volunteer) = match (claimed, claimer) {
        (false, _) => (None, None, None),
        (true, Helper::Unit(id)) => (Some("unit"), Some(id), None),
        (true, Helper::Volunteer(id)) => (Some("volunteer"), None, Some(id)),
    };
    WishRow {
        household_id: household,
        area_id: area,
        title: WISHES[draw(serial, 462, WISHES.len() as u64) as usize],
        description: Some("希望在入冬前得到帮助"),
        status,
        claimer_kind: kind,
        claimer_unit_id: unit,
        claimer_volunteer_id: volunteer,
        claimed_at: claimed.then_some(created + Duration::days(1)),
        fulfilled_at: (status == "fulfilled").then_some(created + Duration::days(5)),
        fulfil_note: (status == "fulfilled").then_some("已送到家中，孩子很高兴"),
        cancel_reason: None,
        created_by: by,
        version: 1,
        created_at: created,
        updated_at: created,
    }
}

/// What the demo assistance data hold, for the seed command to print.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Figures {
    pub households: usize,
    pub pairings: usize,
    pub overdue: usize,
    pub visits: usize,
    pub wishes: usize,
}

/// Writes households, pairings with their visits, and wishes; returns the figures.
#[allow(clippy::too_many_arguments)]
fn write(
    conn: &mut DbConn,
    key: &DataKey,
    places: &[(i64, i64)],
    count: usize,
    helpers_of: &dyn Fn(usize, i64) -> Vec<Helper>,
    office: &dyn Fn(i64) -> i64,
    wish_every: usize,
    wish_limit: usize,
) -> Result<Figures, ApiError> {
    let (now, today) = (Utc::now().naive_utc(), local_today());
    let mut rows = Vec::with_capacity(count);
    for serial in 0..count {
        let (area, community) = places[serial % places.len()];
        let created = now - Duration::days(400 + draw(serial, 470, 300) as i64);
        rows.push(household_row(key, serial, area, office(community), created)?);
    }
    let ids = insert_returning_ids!(conn, households, &rows, 19);
    number_households(conn)?;
    let mut figures = Figures { households: ids.len(), ..Figures::default() };
    let mut pairing_rows = Vec::new();
    let mut planned: Vec<PlannedVisits> = Vec::new();
    let mut wish_rows = Vec::new();
    for (serial, (id, row)) in ids.iter().zip(&rows).enumerate() {
        let community = places[serial % places.len()].1;
        let by = office(community);
        let helpers = helpers_of(serial, community);
        for (k, helper) in helpers.iter().enumerate() {
            let (mut pairing, dates) = plan_pairing(serial * 3 + k, *id, row.area_id, *helper, by, today, now);
            if row.status != "active" && pairing.status == "active" {
                // Helped no more: the pairing ended when the household was lifted out or moved.
                let last = pairing.last_visit_on.unwrap_or(pairing.starts_on);
                pairing.status = "ended";
                pairing.ends_on = Some(last);
                pairing.end_reason =
                    Some(if row.status == "lifted" { "家庭已脱困" } else { "已迁出本辖区" });
            }
            if pairing.status == "active" && pairing.due_on < today {
                figures.overdue += 1;
            }
            pairing_rows.push(pairing);
            planned.push((*id, dates, by));
        }
        if serial % wish_every == 0 && row.status == "active" && wish_rows.len() < wish_limit {
            if let Some(helper) = helpers.first() {
                wish_rows.push(wish_row(serial, *id, row.area_id, *helper, by, now));
            }
        }
    }
    let pairing_ids = insert_returning_ids!(conn, pairings, &pairing_rows, 19);
    figures.pairings = pairing_ids.len();
    let mut visit_rows_all = Vec::new();
    for (pairing, (household, dates, by)) in pairing_ids.iter().zip(&planned) {
        visit_rows_all.extend(visit_rows(*pairing, *household, dates, *by));
        if visit_rows_all.len() >= 50_000 {
            figures.visits += visit_rows_all.len();
            insert_rows!(conn, visits, &visit_rows_all, 11);
            visit_rows_all.clear();
        }
    }
    figures.visits += visit_rows_all.len();
    insert_rows!(conn, visits, &visit_rows_all, 11);
    figures.wishes = wish_rows.len();
    insert_rows!(conn, wishes, &wish_rows, 16);
    Ok(figures)
}

fn user_id(conn: &mut DbConn, username: &str) -> Result<Option<i64>, ApiError> {
    Ok(users::table.filter(users::username.eq(username)).select(users::id).first(conn).optional()?)
}

pub const DEMO_HOUSEHOLDS: usize = 130;
pub const DEMO_WISHES: usize = 20;

/// The demo: 130 households over the grids of the banner's communities, each
/// paired with a unit of its community or a party member reporting to it
/// (some with both), a year of visits, and twenty wishes. Skipped when
/// households exist.
pub fn demo(conn: &mut DbConn, key: &DataKey) -> Result<Option<Figures>, ApiError> {
    if households::table.count().get_result::<i64>(conn)? > 0 {
        return Ok(None);
    }
    let (Some(admin), Some(contact), Some(account)) =
        (user_id(conn, "community_admin")?, user_id(conn, "unit_contact")?, user_id(conn, "volunteer")?)
    else {
        return Err(ApiError::internal("the demo accounts come first: seed::demo"));
    };
    let hospital: Option<i64> = users::table.find(contact).select(users::unit_id).first(conn)?;
    let mine: Option<i64> =
        volunteers::table.filter(volunteers::user_id.eq(account)).select(volunteers::id).first(conn).optional()?;
    // The grids of the communities of the banner, 巴丹吉林社区 first.
    let places: Vec<(i64, i64)> = areas::table
        .filter(areas::kind.eq("grid"))
        .filter(areas::code.like("152922%"))
        .filter(areas::parent_id.is_not_null())
        .order(areas::code)
        .select((areas::id, areas::parent_id.assume_not_null()))
        .load(conn)?;
    if places.is_empty() {
        return Ok(None);
    }
    let mut units_of: HashMap<i64, Vec<i64>> = HashMap::new();
    for (unit, area) in units::table.order(units::id).select((units::id, units::area_id)).load::<(i64, i64)>(conn)? {
        units_of.entry(area).or_default().push(unit);
    }
    let mut volunteers_of: HashMap<i64, Vec<i64>> = HashMap::new();
    let reported: Vec<(i64, i64, Option<i64>)> = volunteers::table
        .inner_join(areas::table)
        .filter(volunteers::status.eq("active"))
        .filter(volunteers::in_service.eq(true))
        .order(volunteers::id)
        .select((volunteers::id, areas::id, areas::parent_id))
        .load(conn)?;
    for (volunteer, area, parent) in reported {
        // A volunteer of a grid helps in its community.
        let community = if places.iter().any(|p| p.0 == area) { parent.unwrap_or(area) } else { area };
        volunteers_of.entry(community).or_default().push(volunteer);
    }
    let first_community = places[0].1;
    let helpers_of = |serial: usize, community: i64| -> Vec<Helper> {
        // The hospital and the `volunteer` account help the first households of 巴丹吉林社区.
        if community == first_community && serial < 12 {
            return match (serial % 2, hospital, mine) {
                (0, Some(h), _) => vec![Helper::Unit(h)],
                (_, _, Some(v)) => vec![Helper::Volunteer(v)],
                (_, Some(h), None) => vec![Helper::Unit(h)],
                _ => Vec::new(),
            };
        }
        let mut out = Vec::new();
        let units = units_of.get(&community).map(Vec::as_slice).unwrap_or_default();
        let people = volunteers_of.get(&community).map(Vec::as_slice).unwrap_or_default();
        if !units.is_empty() && (draw(serial, 480, 100) < 55 || people.is_empty()) {
            out.push(Helper::Unit(units[draw(serial, 481, units.len() as u64) as usize]));
        }
        if !people.is_empty() && (out.is_empty() || draw(serial, 482, 100) < 20) {
            out.push(Helper::Volunteer(people[draw(serial, 483, people.len() as u64) as usize]));
        }
        if out.is_empty() {
            if let Some(h) = hospital {
                out.push(Helper::Unit(h));
            }
        }
        out
    };
    let office = |_: i64| admin;
    let figures = write(conn, key, &places, DEMO_HOUSEHOLDS, &helpers_of, &office, 5, DEMO_WISHES)?;
    Ok(Some(figures))
}

pub const CITY_HOUSEHOLDS: usize = 50_000;

/// City scale: 50,000 households round the grids, 60,000 pairings (one
/// household in five has two helpers), about 500,000 visits, and a wish for
/// one household in ten. Skipped when the households are there.
pub fn city(conn: &mut DbConn, key: &DataKey) -> Result<Figures, ApiError> {
    if households::table.count().get_result::<i64>(conn)? >= CITY_HOUSEHOLDS as i64 {
        return Ok(Figures::default());
    }
    let places: Vec<(i64, i64)> = areas::table
        .filter(areas::kind.eq("grid"))
        .filter(areas::parent_id.is_not_null())
        .order(areas::code)
        .select((areas::id, areas::parent_id.assume_not_null()))
        .load(conn)?;
    if places.is_empty() {
        return Ok(Figures::default());
    }
    let mut units_of: HashMap<i64, Vec<i64>> = HashMap::new();
    for (unit, area) in units::table.order(units::id).select((units::id, units::area_id)).load::<(i64, i64)>(conn)? {
        units_of.entry(area).or_default().push(unit);
    }
    let mut volunteers_of: HashMap<i64, Vec<i64>> = HashMap::new();
    let active: Vec<(i64, i64)> = volunteers::table
        .filter(volunteers::status.eq("active"))
        .order(volunteers::id)
        .select((volunteers::id, volunteers::area_id))
        .load(conn)?;
    let community_of: HashMap<i64, i64> = places.iter().copied().collect();
    for (volunteer, area) in active {
        volunteers_of.entry(community_of.get(&area).copied().unwrap_or(area)).or_default().push(volunteer);
    }
    let staff: HashMap<i64, i64> = users::table
        .filter(users::role.eq("area_admin"))
        .filter(users::area_id.is_not_null())
        .select((users::area_id.assume_not_null(), users::id))
        .load::<(i64, i64)>(conn)?
        .into_iter()
        .collect();
    let fallback: i64 = users::table.filter(users::role.eq("admin")).select(users::id).first(conn)?;
    let office = |community: i64| staff.get(&community).copied().unwrap_or(fallback);
    let helpers_of = |serial: usize, community: i64| -> Vec<Helper> {
        let units = units_of.get(&community).map(Vec::as_slice).unwrap_or_default();
        let people = volunteers_of.get(&community).map(Vec::as_slice).unwrap_or_default();
        // Half are helped by a unit first, half by a party member; one in
        // five has the other kind of helper too (60,000 for 50,000).
        let unit_first = !units.is_empty() && (draw(serial, 490, 100) < 50 || people.is_empty());
        let second = draw(serial, 492, 100) < 20;
        let mut out = Vec::new();
        if !units.is_empty() && (unit_first || second) {
            out.push(Helper::Unit(units[draw(serial, 491, units.len() as u64) as usize]));
        }
        if !people.is_empty() && (!unit_first || second) {
            out.push(Helper::Volunteer(people[draw(serial, 493, people.len() as u64) as usize]));
        }
        out
    };
    write(conn, key, &places, CITY_HOUSEHOLDS, &helpers_of, &office, 10, usize::MAX)
}
