//! Volunteers (志愿者), their projects (志愿服务项目), shifts, sign-ups (报名)
//! and service records (志愿服务记录) in demo and city-scale data.
//!
//! The demo reads as the source articles tell: 1,212 in-service party
//! members (在职党员) of the joint-building units have registered and 636 of
//! them have reported to a community or grid (the rest wait for review),
//! with some league members and ordinary residents beside them; 562
//! activities over the past year in the nine assembly calls; and a holiday
//! checkpoint (节假日卡点值守) in 巴丹吉林社区 still recruiting for the coming
//! holidays. City scale is what the benchmark loads.
//!
//! Sign-ups are planned shift by shift in the order of time, so the data hold
//! as the API would have left them: nobody twice on a shift or on two shifts
//! at once, a shift's `taken` is the number of its sign-ups that hold a place
//! and never more than its places, everyone signed up could see the project,
//! and every sign-up with confirmed hours has its one original service record
//! with the same minutes.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Timelike, Utc, Weekday};
use diesel::prelude::*;

use super::alliance::{demo_units, DEMO_UNITS};
use super::common::{draw, insert_returning_ids, insert_rows, local_at, local_day, local_today, SetAside, ZONE_HOURS};
use crate::auth::Role;
use crate::config::Backend;
use crate::db::schema::{
    areas, enrollments, party_orgs, service_records, units, users, volunteer_projects, volunteer_shifts, volunteers,
};
use crate::db::DbConn;
use crate::enrollments::repo::served_minutes;
use crate::enrollments::EnrollmentStatus;
use crate::http::ApiError;
use crate::needs::NeedCategory;
use crate::projects::model::{ApprovalMode, OrganiserKind};
use crate::projects::ProjectStatus;
use crate::volunteers::id_number;
use crate::volunteers::repo::{seal_id_number, Sealer};
use crate::volunteers::{PoliticalStatus, VolunteerStatus};

// --- rows -------------------------------------------------------------------------------------------------------

// Every column is written, so SQLite takes a chunk in one multi-row INSERT.

#[derive(Insertable)]
#[diesel(table_name = volunteers, treat_none_as_default_value = false)]
struct VolunteerRow {
    volunteer_no: String,
    name: String,
    phone: String,
    id_number_sealed: Option<String>,
    id_number_hash: Option<String>,
    id_number_masked: Option<String>,
    political_status: &'static str,
    in_service: bool,
    work_unit_id: Option<i64>,
    work_unit_name: Option<String>,
    area_id: i64,
    skills: String,
    status: &'static str,
    reject_reason: Option<&'static str>,
    user_id: Option<i64>,
    version: i32,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = volunteer_projects, treat_none_as_default_value = false)]
struct ProjectRow {
    title: &'static str,
    category: &'static str,
    organiser_kind: &'static str,
    organiser_unit_id: Option<i64>,
    organiser_party_org_id: Option<i64>,
    area_id: i64,
    place: Option<String>,
    description: Option<String>,
    requirements: Option<&'static str>,
    approval_mode: &'static str,
    status: &'static str,
    cancel_reason: Option<&'static str>,
    created_by: i64,
    version: i32,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = volunteer_shifts, treat_none_as_default_value = false)]
struct ShiftRow {
    project_id: i64,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    places: i32,
    taken: i32,
    check_in_code: String,
    version: i32,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = enrollments, treat_none_as_default_value = false)]
struct EnrollmentRow {
    shift_id: i64,
    volunteer_id: i64,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    status: &'static str,
    holds_place: bool,
    reason: Option<&'static str>,
    checked_in_at: Option<NaiveDateTime>,
    checked_out_at: Option<NaiveDateTime>,
    minutes: Option<i32>,
    enrolled_by: i64,
    version: i32,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = service_records, treat_none_as_default_value = false)]
struct RecordRow {
    kind: &'static str,
    volunteer_id: i64,
    project_id: i64,
    enrollment_id: Option<i64>,
    area_id: i64,
    volunteer_area_id: i64,
    unit_id: Option<i64>,
    service_date: NaiveDate,
    minutes: i32,
    content: &'static str,
    corrects_id: Option<i64>,
    reason: Option<&'static str>,
    confirmed_by: i64,
    created_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = users, treat_none_as_default_value = false)]
struct AccountRow<'a> {
    username: String,
    display_name: String,
    phone: Option<String>,
    role: &'static str,
    area_id: Option<i64>,
    status: &'static str,
    password_hash: &'a str,
    must_change_password: bool,
    failed_logins: i32,
    locked_until: Option<NaiveDateTime>,
    last_login_at: Option<NaiveDateTime>,
    password_changed_at: NaiveDateTime,
    version: i32,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    unit_id: Option<i64>,
}

/// Column counts, for the rows per INSERT.
const VOLUNTEER_COLUMNS: usize = 18;
const PROJECT_COLUMNS: usize = 16;
const SHIFT_COLUMNS: usize = 9;
const ENROLLMENT_COLUMNS: usize = 14;
const RECORD_COLUMNS: usize = 14;
const ACCOUNT_COLUMNS: usize = 16;

// --- people -------------------------------------------------------------------------------------------------------

#[rustfmt::skip]
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭",
    "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧", "程", "曹", "袁", "邓", "许", "傅",
    "沈", "曾", "彭", "吕", "苏", "卢", "蒋", "蔡", "贾", "丁", "魏", "薛", "叶", "阎", "余", "潘", "杜", "戴",
    "夏", "钟", "汪", "田", "任", "姜", "范", "方", "石", "姚", "谭", "廖", "邹", "熊", "金", "陆", "郝", "孔",
    "白", "崔", "康", "毛", "邱", "秦", "江", "史",
];
#[rustfmt::skip]
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
    "秀兰", "霞", "平", "刚", "桂英", "建华", "志刚", "海燕", "晓东", "红梅", "玉兰", "建国", "丽娟", "文博",
    "子涵", "浩然", "雨桐", "欣怡", "宇航", "思远", "佳琪", "俊杰", "淑珍", "德明", "春梅", "立新", "海军",
    "玉梅", "志强", "秀芳", "国庆", "永红", "晓燕", "建平", "凤英", "国强", "丽华", "宏伟", "雪梅", "振华",
];
/// Mongolian names, whole: the demo banner is in Inner Mongolia.
const MONGOLIAN: &[&str] = &[
    "巴特尔",
    "乌云其木格",
    "斯琴高娃",
    "额尔敦",
    "其其格",
    "朝鲁",
    "萨仁",
    "苏日娜",
    "巴雅尔",
    "图雅",
    "宝音",
    "那仁",
];
const SKILLS: &[&str] = &[
    "急救",
    "心理疏导",
    "法律咨询",
    "医疗护理",
    "文艺演出",
    "摄影摄像",
    "驾驶",
    "水电维修",
    "电脑操作",
    "蒙汉双语",
    "书法绘画",
    "厨艺",
];
const PHONE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "156",
    "157", "158", "159", "180", "181", "182", "183", "184", "185", "186", "187", "188", "189",
];

/// A name for person `serial`: a surname and a given name, or a Mongolian name.
pub(crate) fn person_name(serial: usize) -> String {
    if draw(serial, 1, 100) < 6 {
        return MONGOLIAN[draw(serial, 2, MONGOLIAN.len() as u64) as usize].to_string();
    }
    let surname = SURNAMES[draw(serial, 3, SURNAMES.len() as u64) as usize];
    format!("{surname}{}", GIVEN[draw(serial, 4, GIVEN.len() as u64) as usize])
}

/// None to three skills, as the JSON array the column keeps.
fn skills(serial: usize) -> String {
    let mut chosen: Vec<&str> = Vec::new();
    for k in 0..draw(serial, 5, 4) {
        let skill = SKILLS[draw(serial, 6 + k, SKILLS.len() as u64) as usize];
        if !chosen.contains(&skill) {
            chosen.push(skill);
        }
    }
    serde_json::to_string(&chosen).unwrap_or_else(|_| "[]".into())
}

/// Mobile numbers, one each: eight digits that differ for every serial (a
/// multiplication by a number prime to 10⁸), behind a 13x, 15x or 18x
/// prefix; numbers volunteers already have are passed over.
struct Phones {
    taken: HashSet<String>,
}

impl Phones {
    fn load(conn: &mut DbConn) -> Result<Phones, ApiError> {
        Ok(Phones { taken: volunteers::table.select(volunteers::phone).load::<String>(conn)?.into_iter().collect() })
    }

    fn next(&mut self, serial: usize) -> String {
        for attempt in 0..1_000u64 {
            let prefix = PHONE_PREFIXES[draw(serial, 200 + attempt, PHONE_PREFIXES.len() as u64) as usize];
            let digits = (serial as u64 * 48_271 + 12_345_679 + attempt * 7_654_321) % 100_000_000;
            let phone = format!("{prefix}{digits:08}");
            if self.taken.insert(phone.clone()) {
                return phone;
            }
        }
        unreachable!("a thousand numbers in a row are taken")
    }
}

/// A valid identity number (GB 11643) of the demo banner, different for each
/// serial below 13,000: the birth date and the sequence both follow it.
fn identity_number(serial: usize) -> String {
    let born = NaiveDate::from_ymd_opt(1962, 1, 1).unwrap_or_default() + Duration::days((serial as i64 * 37) % 13_000);
    let body = format!("152922{}{:03}", born.format("%Y%m%d"), serial % 1000);
    let check = id_number::check_character(body.as_bytes()).unwrap_or(b'X') as char;
    format!("{body}{check}")
}

/// A volunteer as staff enter them: what differs between the demo's and the city's.
struct Entry {
    serial: usize,
    phone: String,
    area: i64,
    political: PoliticalStatus,
    in_service: bool,
    unit: Option<i64>,
    status: VolunteerStatus,
    created_at: NaiveDateTime,
}

impl Entry {
    /// The row (numbered after the insert, see `number_volunteers`) and the
    /// volunteer as the planner sees them.
    fn split(self) -> (VolunteerRow, Person) {
        let row = VolunteerRow {
            volunteer_no: format!("seed-{}", self.phone),
            name: person_name(self.serial),
            phone: self.phone,
            id_number_sealed: None,
            id_number_hash: None,
            id_number_masked: None,
            political_status: self.political.as_str(),
            in_service: self.in_service,
            work_unit_id: self.unit,
            work_unit_name: None,
            area_id: self.area,
            skills: skills(self.serial),
            status: self.status.as_str(),
            reject_reason: None,
            user_id: None,
            version: 1,
            created_at: self.created_at,
            updated_at: self.created_at,
        };
        let person = Person {
            area: self.area,
            unit: self.unit,
            account: None,
            active: self.status == VolunteerStatus::Active,
            past_only: false,
        };
        (row, person)
    }
}

/// A volunteer as the planner sees them.
#[derive(Debug, Clone, Copy)]
struct Person {
    area: i64,
    unit: Option<i64>,
    account: Option<i64>,
    /// Active: may be signed up.
    active: bool,
    /// Kept off shifts still to come: their accounts sign up themselves.
    past_only: bool,
}

// --- activities -----------------------------------------------------------------------------------------------------

/// The daily windows activities keep, in local minutes after midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Window {
    /// 08:30–11:30
    Morning,
    /// 14:30–17:30
    Afternoon,
    /// 19:00–21:00, patrols
    Evening,
    /// 07:20–08:20, the school-gate guard
    School,
}

impl Window {
    fn minutes(self) -> (i64, i64) {
        match self {
            Window::Morning => (510, 690),
            Window::Afternoon => (870, 1050),
            Window::Evening => (1140, 1260),
            Window::School => (440, 500),
        }
    }
}

use NeedCategory as C;
use Window::{Afternoon as PM, Evening as EV, Morning as AM, School as SC};

/// (category, title, place, daily window): what communities and units run
/// again and again over a year.
#[rustfmt::skip]
const ACTIVITIES: &[(NeedCategory, &str, &str, Window)] = &[
    (C::Sanitation, "楼道杂物清理", "各楼栋楼道", AM),
    (C::Sanitation, "背街小巷环境卫生整治", "辖区背街小巷", AM),
    (C::Sanitation, "垃圾分类桶边督导", "小区垃圾分类投放点", EV),
    (C::Sanitation, "清理楼道小广告", "小区楼道及电线杆", PM),
    (C::Sanitation, "绿化带白色垃圾捡拾", "小区绿化带", AM),
    (C::PovertyRelief, "困难家庭入户走访", "低保、特困家庭", PM),
    (C::PovertyRelief, "爱心物资分发", "党群服务中心", AM),
    (C::PovertyRelief, "节日慰问品送上门", "困难群众家中", AM),
    (C::PovertyRelief, "困难学生结对助学", "社区儿童之家", PM),
    (C::Care, "独居老人探访陪伴", "独居老人家中", PM),
    (C::Care, "老年助餐送餐", "社区老年食堂", AM),
    (C::Care, "留守儿童课业辅导", "社区儿童之家", PM),
    (C::Care, "残疾人上门理发", "残疾人家中", AM),
    (C::Care, "高龄老人健康随访", "高龄老人家中", AM),
    (C::PolicyOutreach, "防范电信诈骗宣传", "社区广场", AM),
    (C::PolicyOutreach, "民法典进社区宣讲", "党群服务中心会议室", PM),
    (C::PolicyOutreach, "医保政策入户宣传", "网格内各楼栋", PM),
    (C::PolicyOutreach, "禁毒知识宣传", "社区广场", AM),
    (C::PolicyOutreach, "消防安全知识宣传", "小区出入口", PM),
    (C::Convenience, "老年人智能手机使用教学", "党群服务中心", PM),
    (C::Convenience, "义诊测血压", "社区卫生服务站", AM),
    (C::Convenience, "家电义务维修", "社区广场", AM),
    (C::Convenience, "便民理发", "党群服务中心", AM),
    (C::Convenience, "水电费代缴帮办", "党群服务中心", PM),
    (C::DisasterRelief, "防汛应急值守", "易积水路段", EV),
    (C::DisasterRelief, "沙尘暴过后清障", "辖区主干道", AM),
    (C::DisasterRelief, "冬季扫雪除冰", "小区主干道及人行道", AM),
    (C::DisasterRelief, "应急物资搬运", "应急物资储备点", PM),
    (C::OpinionCollection, "老旧小区改造意见征集", "老旧小区各楼栋", PM),
    (C::OpinionCollection, "入户走访收集居民诉求", "网格内各楼栋", PM),
    (C::OpinionCollection, "居民议事会服务", "党群服务中心议事厅", EV),
    (C::Civility, "文明交通劝导", "主要路口", AM),
    (C::Civility, "敬老爱老主题活动服务", "党群服务中心", AM),
    (C::Civility, "红色故事宣讲", "党群服务中心会议室", PM),
    (C::Civility, "文明城市创建宣传", "社区广场", AM),
    (C::Civility, "全民阅读推广", "社区书屋", PM),
    (C::PublicOrder, "夜间治安巡逻", "辖区主要街巷", EV),
    (C::PublicOrder, "消防安全隐患排查", "沿街商铺", PM),
    (C::PublicOrder, "邻里纠纷调解协助", "党群服务中心调解室", PM),
    (C::PublicOrder, "校园周边护学岗", "辖区小学门口", SC),
];

/// An activity of a category, drawn for item `i`.
fn activity(category: NeedCategory, i: usize) -> (&'static str, &'static str, Window) {
    let of: Vec<_> = ACTIVITIES.iter().filter(|a| a.0 == category).collect();
    let (_, title, place, window) = *of[draw(i, 20, of.len() as u64) as usize];
    (title, place, window)
}

fn requirements(category: NeedCategory) -> Option<&'static str> {
    match category {
        C::PublicOrder => Some("请着志愿者马甲、佩戴党员徽章，提前十分钟到岗"),
        C::Care => Some("有耐心，能与老年人沟通"),
        C::DisasterRelief => Some("身体健康，服从现场统一调度"),
        _ => None,
    }
}

const WITHDRAW_REASONS: [&str; 3] = ["临时有事，无法参加", "单位临时加班", "身体不适"];
const CANCEL_REASONS: [&str; 3] =
    ["天气原因，活动取消", "场地临时占用，活动取消", "与上级统一活动时间冲突，取消本次活动"];
/// (minutes, why): corrections of confirmed hours.
const ADJUSTMENTS: [(i32, &str); 5] = [
    (30, "签退时漏记，经组织方核实补记30分钟"),
    (-30, "签到时间登记有误，核减30分钟"),
    (60, "活动延时一小时，经组织方核实补记"),
    (-60, "提前离场未及时签退，核减60分钟"),
    (15, "补记活动前物资准备时间"),
];

// --- planning -----------------------------------------------------------------------------------------------------

/// Where a project ended up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Completed,
    /// Cancelled before anyone signed up.
    Cancelled,
    /// Its shifts are over; the hours wait for the organiser's confirmation.
    AwaitingHours,
    Recruiting,
}

impl Fate {
    fn status(self) -> ProjectStatus {
        match self {
            Fate::Completed => ProjectStatus::Completed,
            Fate::Cancelled => ProjectStatus::Cancelled,
            Fate::AwaitingHours => ProjectStatus::InProgress,
            Fate::Recruiting => ProjectStatus::Recruiting,
        }
    }

    /// Changes since the draft: publish, start, complete (or cancel).
    fn version(self) -> i32 {
        match self {
            Fate::Completed => 4,
            Fate::Cancelled | Fate::AwaitingHours => 3,
            Fate::Recruiting => 2,
        }
    }
}

struct Project {
    title: &'static str,
    category: NeedCategory,
    organiser: OrganiserKind,
    unit: Option<i64>,
    party_org: Option<i64>,
    area: i64,
    place: Option<String>,
    description: Option<String>,
    manual: bool,
    fate: Fate,
    /// The office that organises it and signs people up.
    staff: i64,
    /// Who confirms its hours.
    confirmer: i64,
    created_at: NaiveDateTime,
}

struct Shift {
    project: usize,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    places: i32,
    /// Sign-ups to plan; beyond the places they wait on the list.
    wanted: usize,
}

/// One sign-up as planned.
#[derive(Debug, Clone, Copy)]
struct SignUp {
    shift: u32,
    person: u32,
    /// Its place among the shift's sign-ups, first first.
    rank: u16,
    status: EnrollmentStatus,
}

/// How often, per thousand, a volunteer of a finished shift withdrew before
/// it or did not come.
#[derive(Debug, Clone, Copy)]
struct Rates {
    withdrawn: u64,
    no_show: u64,
}

fn holds_place(status: EnrollmentStatus) -> bool {
    use EnrollmentStatus::*;
    matches!(status, Pending | Enrolled | CheckedIn | CheckedOut | HoursConfirmed | NoShow)
}

/// Who sees a project of an area, and so may be signed up for it: the
/// active volunteers of a community and of its grids for a community's
/// project; of a grid and of its community for a grid's.
struct Pools {
    by_area: HashMap<i64, Vec<u32>>,
    community_of: HashMap<i64, i64>,
    grids_of: HashMap<i64, Vec<i64>>,
    built: HashMap<i64, (Vec<u32>, usize)>,
}

impl Pools {
    fn new(people: &[Person], grids: &[(i64, i64)]) -> Pools {
        let mut by_area: HashMap<i64, Vec<u32>> = HashMap::new();
        for (i, p) in people.iter().enumerate() {
            if p.active {
                by_area.entry(p.area).or_default().push(i as u32);
            }
        }
        let mut grids_of: HashMap<i64, Vec<i64>> = HashMap::new();
        for (grid, community) in grids {
            grids_of.entry(*community).or_default().push(*grid);
        }
        Pools { by_area, community_of: grids.iter().copied().collect(), grids_of, built: HashMap::new() }
    }

    /// The pool of an area's projects and where its turn stands.
    fn of(&mut self, area: i64) -> &mut (Vec<u32>, usize) {
        let Pools { by_area, community_of, grids_of, built } = self;
        built.entry(area).or_insert_with(|| {
            let mut areas = vec![area];
            match community_of.get(&area) {
                Some(community) => areas.push(*community),
                None => areas.extend(grids_of.get(&area).into_iter().flatten()),
            }
            let mut members: Vec<u32> =
                areas.iter().flat_map(|a| by_area.get(a).into_iter().flatten()).copied().collect();
            // People of the community and of its grids take turns alike.
            members.sort_unstable();
            (members, 0)
        })
    }
}

/// Signs volunteers up, shift by shift in the order of time (`shifts` is
/// sorted by start): from the pool of those who see the project, in turn,
/// passing over anyone already on a shift that ends after this one starts.
fn assign(
    people: &[Person],
    projects: &[Project],
    shifts: &[Shift],
    pools: &mut Pools,
    rates: Rates,
    now: NaiveDateTime,
) -> Vec<SignUp> {
    let mut busy_until: Vec<Option<NaiveDateTime>> = vec![None; people.len()];
    let mut out = Vec::with_capacity(shifts.iter().map(|s| s.wanted).sum());
    for (s, shift) in shifts.iter().enumerate() {
        if shift.wanted == 0 {
            continue;
        }
        let project = &projects[shift.project];
        let upcoming = shift.ends_at > now;
        let (members, turn) = pools.of(project.area);
        let mut rank = 0usize;
        for _ in 0..members.len() {
            if rank == shift.wanted {
                break;
            }
            let p = members[*turn % members.len()] as usize;
            *turn += 1;
            if (upcoming && people[p].past_only) || busy_until[p].is_some_and(|t| t > shift.starts_at) {
                continue;
            }
            busy_until[p] = Some(busy_until[p].map_or(shift.ends_at, |t| t.max(shift.ends_at)));
            let serial = out.len();
            let status = status_of(project, shift, rank, serial, rates, now);
            out.push(SignUp { shift: s as u32, person: p as u32, rank: rank as u16, status });
            rank += 1;
        }
    }
    out
}

/// Where a sign-up stands, from its shift's time and its project's fate.
fn status_of(
    project: &Project,
    shift: &Shift,
    rank: usize,
    serial: usize,
    rates: Rates,
    now: NaiveDateTime,
) -> EnrollmentStatus {
    use EnrollmentStatus::*;
    if shift.starts_at > now || (shift.ends_at > now && project.fate == Fate::Recruiting) {
        return match (rank < shift.places as usize, project.manual) {
            (false, _) => Waitlisted,
            (true, true) => Pending,
            (true, false) => Enrolled,
        };
    }
    let roll = draw(serial, 40, 1000);
    match project.fate {
        Fate::AwaitingHours if roll < 50 => NoShow,
        Fate::AwaitingHours => CheckedOut,
        _ if roll < rates.withdrawn => Withdrawn,
        _ if roll < rates.withdrawn + rates.no_show => NoShow,
        _ => HoursConfirmed,
    }
}

/// The times of a sign-up and what it was left with.
struct Steps {
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    checked_in_at: Option<NaiveDateTime>,
    checked_out_at: Option<NaiveDateTime>,
    minutes: Option<i32>,
    reason: Option<&'static str>,
    version: i32,
}

fn steps(sign_up: &SignUp, serial: usize, shift: &Shift, project: &Project, now: NaiveDateTime) -> Steps {
    use EnrollmentStatus::*;
    let (start, end) = (shift.starts_at, shift.ends_at);
    // The first to sign up did so about a week ahead, the last a little before the start.
    let wanted = shift.wanted.max(1) as i64;
    let lead = Duration::minutes(60 + (7 * 24 * 60 - 60) * (wanted - sign_up.rank as i64) / wanted)
        + Duration::minutes(draw(serial, 41, 30) as i64);
    let created_at = (start - lead).max(project.created_at + Duration::hours(1)).min(now - Duration::minutes(1));
    let checked_in = start + Duration::minutes(draw(serial, 42, 31) as i64 - 10);
    let checked_out = end + Duration::minutes(draw(serial, 43, 26) as i64 - 15);
    let minutes = served_minutes((start, end), checked_in, checked_out);
    let mut s = Steps {
        created_at,
        updated_at: created_at,
        checked_in_at: None,
        checked_out_at: None,
        minutes: None,
        reason: None,
        version: 1,
    };
    match sign_up.status {
        HoursConfirmed | CheckedOut => {
            s.checked_in_at = Some(checked_in);
            s.checked_out_at = Some(checked_out);
            s.minutes = Some(minutes);
            s.version = 3;
            s.updated_at = checked_out;
            if sign_up.status == HoursConfirmed {
                let confirmed = checked_out + Duration::minutes(30 + draw(serial, 44, 36 * 60) as i64);
                s.updated_at = confirmed.min(now - Duration::minutes(5)).max(checked_out);
                s.version = 4;
            }
        }
        NoShow => {
            s.version = 2;
            s.updated_at = (end + Duration::minutes(60 + draw(serial, 45, 600) as i64)).min(now - Duration::minutes(5));
        }
        Withdrawn => {
            s.version = 2;
            s.updated_at = created_at + (start - created_at) / 2;
            s.reason = Some(WITHDRAW_REASONS[serial % WITHDRAW_REASONS.len()]);
        }
        _ => {}
    }
    s
}

fn check_in_code(serial: usize) -> String {
    format!("{:06}", draw(serial, 46, 1_000_000))
}

/// What was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Written {
    volunteers: usize,
    projects: usize,
    shifts: usize,
    enrollments: usize,
    confirmed: usize,
    records: usize,
    adjustments: usize,
    minutes: i64,
}

/// Gives the volunteers just written their numbers: `V`, the local year they
/// were entered, and the row id to six places, as `volunteers::repo` does.
fn number_volunteers(conn: &mut DbConn) -> Result<(), ApiError> {
    let sql = match conn.backend() {
        Backend::Sqlite => format!(
            "UPDATE volunteers SET volunteer_no = 'V' || strftime('%Y', created_at, '+{ZONE_HOURS} hours') \
             || printf('%06d', id) WHERE volunteer_no LIKE 'seed-%'"
        ),
        Backend::Postgres => format!(
            "UPDATE volunteers SET volunteer_no = 'V' || to_char(created_at + interval '{ZONE_HOURS} hours', 'YYYY') \
             || lpad(id::text, greatest(6, length(id::text)), '0') WHERE volunteer_no LIKE 'seed-%'"
        ),
    };
    diesel::sql_query(sql).execute(conn)?;
    Ok(())
}

/// Sign-ups, their original service records and the adjustments, written
/// this many sign-ups at a time.
const SIGN_UPS_PER_ROUND: usize = 20_000;

/// Writes the plan: volunteers, projects, shifts (with the places their
/// sign-ups hold), sign-ups, an original service record per sign-up with
/// confirmed hours, and adjustments of the originals of the sign-ups in
/// `adjusted` (indices into `sign_ups`).
#[allow(clippy::too_many_arguments)]
fn write(
    conn: &mut DbConn,
    now: NaiveDateTime,
    volunteer_rows: Vec<VolunteerRow>,
    people: &[Person],
    projects: &[Project],
    shifts: &[Shift],
    sign_ups: &[SignUp],
    adjusted: &[usize],
) -> Result<Written, ApiError> {
    let volunteer_ids = insert_returning_ids!(conn, volunteers, &volunteer_rows, VOLUNTEER_COLUMNS);
    drop(volunteer_rows);
    number_volunteers(conn)?;

    // A project's first start and last end.
    let mut span: Vec<Option<(NaiveDateTime, NaiveDateTime)>> = vec![None; projects.len()];
    for s in shifts {
        let e = span[s.project].get_or_insert((s.starts_at, s.ends_at));
        *e = (e.0.min(s.starts_at), e.1.max(s.ends_at));
    }
    let project_rows: Vec<ProjectRow> = projects
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let (first, last) = span[i].unwrap_or((p.created_at, p.created_at));
            let updated_at = match p.fate {
                Fate::Completed => {
                    (last + Duration::hours(20 + draw(i, 50, 48) as i64)).min(now - Duration::minutes(10))
                }
                Fate::Cancelled => (p.created_at + Duration::days(2)).min(first - Duration::hours(1)),
                Fate::AwaitingHours => first,
                Fate::Recruiting => (p.created_at + Duration::hours(1)).min(now - Duration::minutes(30)),
            }
            .max(p.created_at);
            ProjectRow {
                title: p.title,
                category: p.category.as_str(),
                organiser_kind: p.organiser.as_str(),
                organiser_unit_id: p.unit,
                organiser_party_org_id: p.party_org,
                area_id: p.area,
                place: p.place.clone(),
                description: p.description.clone(),
                requirements: requirements(p.category),
                approval_mode: if p.manual { ApprovalMode::Manual } else { ApprovalMode::Automatic }.as_str(),
                status: p.fate.status().as_str(),
                cancel_reason: (p.fate == Fate::Cancelled).then(|| CANCEL_REASONS[i % CANCEL_REASONS.len()]),
                created_by: p.staff,
                version: p.fate.version(),
                created_at: p.created_at,
                updated_at,
            }
        })
        .collect();
    let project_ids = insert_returning_ids!(conn, volunteer_projects, &project_rows, PROJECT_COLUMNS);
    drop(project_rows);

    let mut taken = vec![0i32; shifts.len()];
    for u in sign_ups {
        if holds_place(u.status) {
            taken[u.shift as usize] += 1;
        }
    }
    let shift_rows: Vec<ShiftRow> = shifts
        .iter()
        .enumerate()
        .map(|(s, shift)| {
            let created_at = projects[shift.project].created_at;
            ShiftRow {
                project_id: project_ids[shift.project],
                starts_at: shift.starts_at,
                ends_at: shift.ends_at,
                places: shift.places,
                taken: taken[s],
                check_in_code: check_in_code(s),
                version: 1,
                created_at,
                updated_at: created_at,
            }
        })
        .collect();
    let shift_ids = insert_returning_ids!(conn, volunteer_shifts, &shift_rows, SHIFT_COLUMNS);
    drop(shift_rows);

    let adjusted: HashSet<usize> = adjusted.iter().copied().collect();
    let mut corrected: Vec<(i64, usize)> = Vec::with_capacity(adjusted.len());
    let mut written = Written {
        volunteers: volunteer_ids.len(),
        projects: project_ids.len(),
        shifts: shift_ids.len(),
        ..Written::default()
    };
    for (round, chunk) in sign_ups.chunks(SIGN_UPS_PER_ROUND).enumerate() {
        let first = round * SIGN_UPS_PER_ROUND;
        let planned: Vec<Steps> = chunk
            .iter()
            .enumerate()
            .map(|(k, u)| {
                let shift = &shifts[u.shift as usize];
                steps(u, first + k, shift, &projects[shift.project], now)
            })
            .collect();
        let rows: Vec<EnrollmentRow> = chunk
            .iter()
            .zip(&planned)
            .map(|(u, s)| {
                let shift = &shifts[u.shift as usize];
                let person = &people[u.person as usize];
                EnrollmentRow {
                    shift_id: shift_ids[u.shift as usize],
                    volunteer_id: volunteer_ids[u.person as usize],
                    starts_at: shift.starts_at,
                    ends_at: shift.ends_at,
                    status: u.status.as_str(),
                    holds_place: holds_place(u.status),
                    reason: s.reason,
                    checked_in_at: s.checked_in_at,
                    checked_out_at: s.checked_out_at,
                    minutes: s.minutes,
                    enrolled_by: person.account.unwrap_or(projects[shift.project].staff),
                    version: s.version,
                    created_at: s.created_at,
                    updated_at: s.updated_at,
                }
            })
            .collect();
        let ids = insert_returning_ids!(conn, enrollments, &rows, ENROLLMENT_COLUMNS);
        written.enrollments += ids.len();
        let mut originals = Vec::new();
        let mut of_sign_up = Vec::new();
        for (k, (u, s)) in chunk.iter().zip(&planned).enumerate() {
            if u.status != EnrollmentStatus::HoursConfirmed {
                continue;
            }
            let shift = &shifts[u.shift as usize];
            let project = &projects[shift.project];
            let person = &people[u.person as usize];
            let minutes = s.minutes.unwrap_or(0);
            written.minutes += i64::from(minutes);
            originals.push(RecordRow {
                kind: "original",
                volunteer_id: volunteer_ids[u.person as usize],
                project_id: project_ids[shift.project],
                enrollment_id: Some(ids[k]),
                area_id: project.area,
                volunteer_area_id: person.area,
                unit_id: person.unit,
                service_date: local_day(shift.starts_at),
                minutes,
                content: project.title,
                corrects_id: None,
                reason: None,
                confirmed_by: project.confirmer,
                created_at: s.updated_at,
            });
            of_sign_up.push(first + k);
        }
        let record_ids = insert_returning_ids!(conn, service_records, &originals, RECORD_COLUMNS);
        written.confirmed += record_ids.len();
        for (id, sign_up) in record_ids.iter().zip(&of_sign_up) {
            if adjusted.contains(sign_up) {
                corrected.push((*id, *sign_up));
            }
        }
    }

    let adjustments: Vec<RecordRow> = corrected
        .iter()
        .enumerate()
        .map(|(k, (original, j))| {
            let u = &sign_ups[*j];
            let shift = &shifts[u.shift as usize];
            let project = &projects[shift.project];
            let person = &people[u.person as usize];
            let s = steps(u, *j, shift, project, now);
            let served = s.minutes.unwrap_or(0);
            let (mut delta, mut why) = ADJUSTMENTS[k % ADJUSTMENTS.len()];
            if served + delta < 0 {
                (delta, why) = ADJUSTMENTS[0];
            }
            written.minutes += i64::from(delta);
            RecordRow {
                kind: "adjustment",
                volunteer_id: volunteer_ids[u.person as usize],
                project_id: project_ids[shift.project],
                enrollment_id: None,
                area_id: project.area,
                volunteer_area_id: person.area,
                unit_id: person.unit,
                service_date: local_day(shift.starts_at),
                minutes: delta,
                content: project.title,
                corrects_id: Some(*original),
                reason: Some(why),
                confirmed_by: project.confirmer,
                created_at: (s.updated_at + Duration::days(3 + draw(*j, 51, 18) as i64))
                    .min(now - Duration::minutes(2))
                    .max(s.updated_at),
            }
        })
        .collect();
    insert_rows!(conn, service_records, &adjustments, RECORD_COLUMNS);
    written.adjustments = adjustments.len();
    written.records = written.confirmed + written.adjustments;
    Ok(written)
}

/// Sorts shifts by start (projects in the order given for the same start).
fn in_time_order(mut shifts: Vec<Shift>) -> Vec<Shift> {
    shifts.sort_by_key(|s| (s.starts_at, s.project));
    shifts
}

fn user_id(conn: &mut DbConn, username: &str) -> Result<Option<i64>, ApiError> {
    Ok(users::table.filter(users::username.eq(username)).select(users::id).first(conn).optional()?)
}

// --- the demo -----------------------------------------------------------------------------------------------------

/// How many of the demo's 562 projects answer each assembly call.
pub const DEMO_CATEGORIES: [(NeedCategory, usize); 9] = [
    (C::Sanitation, 90),
    (C::PovertyRelief, 40),
    (C::Care, 90),
    (C::PolicyOutreach, 70),
    (C::Convenience, 80),
    (C::DisasterRelief, 30),
    (C::OpinionCollection, 32),
    (C::Civility, 70),
    (C::PublicOrder, 60),
];
pub const DEMO_PROJECTS: usize = 562;
/// In-service party members registered, and of them reported (active).
pub const DEMO_IN_SERVICE: usize = 1_212;
pub const DEMO_REPORTED: usize = 636;
/// League members, probationary members and residents (群众) beside them.
const DEMO_LEAGUE: usize = 96;
const DEMO_MASSES: usize = 72;
const DEMO_PROBATIONARY: usize = 20;
/// The title of the holiday checkpoint, recruiting for the next four holidays.
pub const CHECKPOINT_TITLE: &str = "节假日卡点值守";
/// The project with a shift under way when the demo is seeded, in grid_worker's grid.
pub const UNDER_WAY_TITLE: &str = "网格环境卫生集中整治";

/// The demo's projects by their place in time: finished ones first, then
/// three whose hours wait for confirmation, then those recruiting, the
/// three special ones last.
const PAST: usize = 547;
const AWAITING: usize = 3;
const TOMORROW: usize = DEMO_PROJECTS - 3;
const UNDER_WAY: usize = DEMO_PROJECTS - 2;
const CHECKPOINT: usize = DEMO_PROJECTS - 1;
/// Sign-ups planned for the checkpoint's eight shifts of three places: some
/// full (one with a waitlist), some with room, some empty.
const CHECKPOINT_FILL: [usize; 8] = [3, 2, 1, 0, 4, 1, 2, 0];

/// What the demo volunteer data hold, for the seed command to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoFigures {
    pub volunteers: usize,
    pub in_service: usize,
    pub reported: usize,
    pub projects: usize,
    pub shifts: usize,
    pub enrollments: usize,
    pub confirmed: usize,
    pub records: usize,
    pub adjustments: usize,
    pub hours: i64,
    pub checkpoint_days: usize,
}

/// Days off (节假日) after `today`: weekends and the fixed public holidays.
fn holidays_after(today: NaiveDate, count: usize) -> Vec<NaiveDate> {
    let fixed = |d: NaiveDate| matches!((d.month(), d.day()), (1, 1) | (5, 1..=5) | (10, 1..=7));
    (1..=60)
        .map(|k| today + Duration::days(k))
        .filter(|d| matches!(d.weekday(), Weekday::Sat | Weekday::Sun) || fixed(*d))
        .take(count)
        .collect()
}

/// The demo's volunteering, after `seed::demo` and `alliance::demo`: 1,400
/// volunteers of whom 1,212 in-service party members of the fourteen
/// joint-building units (636 reported, 576 waiting for review), the demo
/// `volunteer` account's own profile among them; 562 projects over the past
/// year with their shifts, sign-ups and service records; a few projects
/// recruiting, one with a shift under way for check-in, and the holiday
/// checkpoint. Identity numbers, where given, are sealed with the data key.
/// A second run changes nothing and answers `None`.
pub fn demo(conn: &mut DbConn, sealer: Sealer) -> Result<Option<DemoFigures>, ApiError> {
    let (Some(account), Some(admin), Some(street), Some(district)) = (
        user_id(conn, "volunteer")?,
        user_id(conn, "community_admin")?,
        user_id(conn, "street_admin")?,
        user_id(conn, "district_admin")?,
    ) else {
        return Err(ApiError::internal("the demo accounts come first: seed::demo"));
    };
    if volunteers::table.filter(volunteers::user_id.eq(account)).count().get_result::<i64>(conn)? > 0 {
        return Ok(None);
    }
    let units_list = demo_units(conn)?;
    let hospital = units_list[DEMO_UNITS.len()].0;

    // The four communities and their grids; 巴丹吉林社区 first.
    const COMMUNITIES: [&str; 4] = ["152922100001", "152922100002", "152922100003", "152922101001"];
    let town_a: i64 = areas::table.filter(areas::code.eq("152922100000")).select(areas::id).first(conn)?;
    let mut communities: Vec<(i64, Option<i64>)> = Vec::new();
    let mut grids: Vec<(i64, i64)> = Vec::new();
    for code in COMMUNITIES {
        let (id, parent): (i64, Option<i64>) =
            areas::table.filter(areas::code.eq(code)).select((areas::id, areas::parent_id)).first(conn)?;
        communities.push((id, parent));
        let mine: Vec<i64> = areas::table
            .filter(areas::parent_id.eq(id))
            .filter(areas::kind.eq("grid"))
            .order(areas::code)
            .select(areas::id)
            .load(conn)?;
        grids.extend(mine.into_iter().map(|g| (g, id)));
    }
    let badan = communities[0].0;
    let grids_of = |community: i64| -> Vec<i64> { grids.iter().filter(|g| g.1 == community).map(|g| g.0).collect() };
    let account_area: i64 = users::table
        .find(account)
        .select(users::area_id)
        .first::<Option<i64>>(conn)?
        .unwrap_or_else(|| grids_of(badan).first().copied().unwrap_or(badan));
    let grid_one = grids_of(badan).first().copied().unwrap_or(badan);
    // Party committees of the communities and branches of the grids.
    let orgs: HashMap<i64, i64> = party_orgs::table
        .filter(party_orgs::unit_id.is_null())
        .filter(party_orgs::kind.eq_any(["committee", "branch"]))
        .order(party_orgs::id.desc())
        .select((party_orgs::area_id, party_orgs::id))
        .load::<(i64, i64)>(conn)?
        .into_iter()
        .collect();
    // Who acts for a community: its admin in 巴丹吉林社区, else the town's or the banner's.
    let office = |community: i64| {
        if community == badan {
            admin
        } else if communities.iter().any(|c| c.0 == community && c.1 == Some(town_a)) {
            street
        } else {
            district
        }
    };
    let community_of = |area: i64| grids.iter().find(|g| g.0 == area).map(|g| g.1).unwrap_or(area);

    let now = Utc::now().naive_utc();
    let today = local_today();

    // Volunteers: the in-service party members, reported and waiting, then the others.
    let mut phones = Phones::load(conn)?;
    let taken_hashes: HashSet<String> = volunteers::table
        .filter(volunteers::id_number_hash.is_not_null())
        .select(volunteers::id_number_hash.assume_not_null())
        .load::<String>(conn)?
        .into_iter()
        .collect();
    let total = DEMO_IN_SERVICE + DEMO_LEAGUE + DEMO_MASSES + DEMO_PROBATIONARY;
    let mut people = Vec::with_capacity(total);
    let mut rows = Vec::with_capacity(total);
    for i in 0..total {
        let in_service = i < DEMO_IN_SERVICE;
        let (political, status) = match i {
            _ if i < DEMO_REPORTED => (PoliticalStatus::PartyMember, VolunteerStatus::Active),
            _ if in_service => (PoliticalStatus::PartyMember, VolunteerStatus::Pending),
            _ if i < DEMO_IN_SERVICE + DEMO_LEAGUE => (PoliticalStatus::LeagueMember, VolunteerStatus::Active),
            _ if i < DEMO_IN_SERVICE + DEMO_LEAGUE + DEMO_MASSES => {
                (PoliticalStatus::Masses, if i % 12 == 5 { VolunteerStatus::Inactive } else { VolunteerStatus::Active })
            }
            _ => (PoliticalStatus::ProbationaryMember, VolunteerStatus::Active),
        };
        // Two in three report to 巴丹吉林社区; a third of them to the community, the rest to a grid.
        let community = if draw(i, 11, 100) < 65 { badan } else { communities[1 + draw(i, 12, 3) as usize].0 };
        let mine = grids_of(community);
        let area = if i == 0 {
            account_area
        } else if draw(i, 13, 100) < 30 || mine.is_empty() {
            community
        } else {
            mine[draw(i, 14, mine.len() as u64) as usize]
        };
        let unit = match i {
            0 => Some(hospital),
            _ if in_service => Some(units_list[draw(i, 15, units_list.len() as u64) as usize].0),
            _ => None,
        };
        let days_ago = if status == VolunteerStatus::Pending { 1 + draw(i, 16, 120) } else { 380 + draw(i, 16, 320) };
        let created_at = local_at(today - Duration::days(days_ago as i64), 8 * 60 + draw(i, 17, 600) as i64);
        let sealed = if i % 8 == 0 {
            let n = seal_id_number(sealer, &identity_number(i))?;
            (!taken_hashes.contains(&n.hash)).then_some(n)
        } else {
            None
        };
        let (mut row, mut person) =
            Entry { serial: i, phone: phones.next(i), area, political, in_service, unit, status, created_at }.split();
        if let Some(n) = sealed {
            (row.id_number_sealed, row.id_number_hash, row.id_number_masked) =
                (Some(n.sealed), Some(n.hash), Some(n.masked));
        }
        if i == 0 {
            // The demo volunteer: their own account, and what is to come they sign up for themselves.
            row.name = "李建军".to_string();
            row.user_id = Some(account);
            (person.account, person.past_only) = (Some(account), true);
        }
        rows.push(row);
        people.push(person);
    }

    // Categories: the counts of DEMO_CATEGORIES, in a shuffled order, the special projects' set aside.
    let special = [(TOMORROW, C::Convenience), (UNDER_WAY, C::Sanitation), (CHECKPOINT, C::PublicOrder)];
    let mut deck: Vec<NeedCategory> = Vec::with_capacity(DEMO_PROJECTS);
    for (category, count) in DEMO_CATEGORIES {
        let set_aside = special.iter().filter(|s| s.1 == category).count();
        deck.extend(std::iter::repeat_n(category, count - set_aside));
    }
    let mut order: Vec<usize> = (0..deck.len()).collect();
    order.sort_by_key(|k| draw(*k, 21, u64::MAX));

    let mut projects = Vec::with_capacity(DEMO_PROJECTS);
    let mut shifts = Vec::new();
    for i in 0..DEMO_PROJECTS {
        let category = special.iter().find(|s| s.0 == i).map(|s| s.1).unwrap_or_else(|| deck[order[i]]);
        let (mut title, place, window) = activity(category, i);
        let area = match i {
            CHECKPOINT | TOMORROW => badan,
            UNDER_WAY => grid_one,
            _ => {
                let community = if draw(i, 22, 100) < 65 { badan } else { communities[1 + draw(i, 23, 3) as usize].0 };
                let mine = grids_of(community);
                if draw(i, 24, 100) < 40 || mine.is_empty() {
                    community
                } else {
                    mine[draw(i, 25, mine.len() as u64) as usize]
                }
            }
        };
        let community = community_of(area);
        let stationed: Vec<i64> = units_list.iter().filter(|u| u.1 == community).map(|u| u.0).collect();
        let roll = draw(i, 26, 100);
        let (organiser, unit, party_org) = match orgs.get(&area) {
            Some(org) if i == CHECKPOINT || (35..60).contains(&roll) => (OrganiserKind::PartyOrg, None, Some(*org)),
            _ if roll < 35 && !stationed.is_empty() => {
                (OrganiserKind::Unit, Some(stationed[draw(i, 27, stationed.len() as u64) as usize]), None)
            }
            _ => (OrganiserKind::Community, None, None),
        };
        let fate = match i {
            _ if i < PAST && i % 45 == 22 => Fate::Cancelled,
            _ if i < PAST => Fate::Completed,
            _ if i < PAST + AWAITING => Fate::AwaitingHours,
            _ => Fate::Recruiting,
        };
        // The days and daily windows of its shifts, and the places and sign-ups of each.
        let mut times: Vec<(NaiveDate, (i64, i64), i32, usize)> = Vec::new();
        let draw_places = |k: u64| 6 + draw(i, 50 + k, 15) as i32;
        match i {
            CHECKPOINT => {
                title = CHECKPOINT_TITLE;
                for (d, day) in holidays_after(today, 4).into_iter().enumerate() {
                    for (w, window) in [(480, 720), (720, 960)].into_iter().enumerate() {
                        times.push((day, window, 3, CHECKPOINT_FILL[(d * 2 + w) % CHECKPOINT_FILL.len()]));
                    }
                }
            }
            UNDER_WAY => title = UNDER_WAY_TITLE,
            TOMORROW => times.push((today + Duration::days(1), (870, 990), 8, 4)),
            _ => {
                let (first, count) = match fate {
                    Fate::Completed | Fate::Cancelled => {
                        let count = match draw(i, 30, 100) {
                            0..=49 => 1,
                            50..=84 => 2,
                            _ => 3,
                        };
                        (today - Duration::days(365 - (i as i64 * 360 / (PAST as i64 - 1))), count)
                    }
                    Fate::AwaitingHours => (today - Duration::days(1 + (i - PAST) as i64 % 2), 1),
                    Fate::Recruiting => {
                        (today + Duration::days(3 + 3 * (i - PAST - AWAITING) as i64), 1 + draw(i, 30, 3))
                    }
                };
                let (start, end) = window.minutes();
                for k in 0..count.min(3) {
                    let places = draw_places(k);
                    let wanted = match fate {
                        Fate::Cancelled => 0,
                        Fate::Recruiting if i == PAST + AWAITING => places as usize + 2,
                        Fate::Recruiting => (places as usize * (40 + draw(i, 31 + k, 50) as usize)) / 100,
                        _ if draw(i, 34 + k, 100) < 60 => places as usize,
                        _ => places as usize - 1 - draw(i, 37 + k, 3) as usize,
                    };
                    // A second shift the same afternoon for morning work, else the next day.
                    let (day, minutes) = if k == 1 && window == Window::Morning {
                        (first, Window::Afternoon.minutes())
                    } else {
                        (first + Duration::days(k as i64), (start, end))
                    };
                    times.push((day, minutes, places, wanted));
                }
            }
        }
        let mut first_start = times.iter().map(|t| local_at(t.0, t.1 .0)).min().unwrap_or(now);
        if i == UNDER_WAY {
            // Under way now: check-in is open (from half an hour before the start to the end).
            let hour = now.date().and_hms_opt(now.hour(), 0, 0).unwrap_or(now) - Duration::hours(1);
            shifts.push(Shift {
                project: i,
                starts_at: hour,
                ends_at: hour + Duration::hours(4),
                places: 10,
                wanted: 6,
            });
            times.push((today + Duration::days(1), (540, 690), 10, 5));
            first_start = hour;
        }
        for (day, (start, end), places, wanted) in &times {
            shifts.push(Shift {
                project: i,
                starts_at: local_at(*day, *start),
                ends_at: local_at(*day, *end),
                places: *places,
                wanted: *wanted,
            });
        }
        let created_at = (first_start - Duration::days(10 + draw(i, 40, 15) as i64))
            .min(now - Duration::hours(2 + draw(i, 41, 72) as i64));
        let staff = office(community);
        projects.push(Project {
            title,
            category,
            organiser,
            unit,
            party_org,
            area,
            place: Some(if i == CHECKPOINT { "巴丹吉林社区东门卡点".to_string() } else { place.to_string() }),
            description: Some(if i == CHECKPOINT {
                "节假日期间在社区出入口设卡，在职党员志愿者轮班值守：劝导外来车辆登记，宣传防火、防疫和防诈骗知识，\
                 协助维护出行秩序。每班4小时，每班3人。"
                    .to_string()
            } else {
                format!("组织在职党员和志愿者开展“{title}”志愿服务，地点：{place}。")
            }),
            manual: if fate == Fate::Recruiting { i == PAST + AWAITING + 1 } else { draw(i, 42, 100) < 12 },
            fate,
            staff,
            confirmer: admin,
            created_at,
        });
    }
    let shifts = in_time_order(shifts);
    let mut pools = Pools::new(&people, &grids);
    let sign_ups = assign(&people, &projects, &shifts, &mut pools, Rates { withdrawn: 30, no_show: 30 }, now);

    // A few corrections, one of them of the demo volunteer's hours.
    let confirmed: Vec<usize> =
        (0..sign_ups.len()).filter(|j| sign_ups[*j].status == EnrollmentStatus::HoursConfirmed).collect();
    let mut adjusted: Vec<usize> = (0..5).map(|k| confirmed[(k * 2 + 1) * confirmed.len() / 10]).collect();
    if let Some(own) = confirmed.iter().find(|j| sign_ups[**j].person == 0) {
        adjusted.push(*own);
    }
    adjusted.sort_unstable();
    adjusted.dedup();

    let written = write(conn, now, rows, &people, &projects, &shifts, &sign_ups, &adjusted)?;
    Ok(Some(DemoFigures {
        volunteers: written.volunteers,
        in_service: DEMO_IN_SERVICE,
        reported: DEMO_REPORTED,
        projects: written.projects,
        shifts: written.shifts,
        enrollments: written.enrollments,
        confirmed: written.confirmed,
        records: written.records,
        adjustments: written.adjustments,
        hours: written.minutes / 60,
        checkpoint_days: holidays_after(today, 4).len(),
    }))
}

// --- city scale ---------------------------------------------------------------------------------------------------

pub const CITY_VOLUNTEERS: usize = 200_000;
pub const CITY_PROJECTS: usize = 20_000;
const SHIFTS_PER_PROJECT: usize = 5;
pub const CITY_SHIFTS: usize = CITY_PROJECTS * SHIFTS_PER_PROJECT;
pub const CITY_ENROLLMENTS: usize = 1_000_000;
pub const CITY_RECORDS: usize = 1_000_000;
/// Volunteers with an account of their own (`vol000001` …), for the benchmark to sign in as.
pub const CITY_ACCOUNTS: usize = 1_000;
/// Projects by their place in time: finished, then waiting for hours, then recruiting.
const CITY_AWAITING_FROM: usize = 18_900;
const CITY_RECRUITING_FROM: usize = 19_000;

/// What the city-scale volunteer data hold.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CityFigures {
    pub volunteers: usize,
    pub accounts: usize,
    pub projects: usize,
    pub recruiting: usize,
    pub shifts: usize,
    pub enrollments: usize,
    pub records: usize,
    pub adjustments: usize,
}

/// City scale: 200,000 volunteers over the grids and communities (the first
/// 1,000 with accounts `vol000001` … sharing the demo password hash), 20,000
/// projects of five shifts each over the past year — 1,000 of them still
/// recruiting, with places free on shifts to come — 1,000,000 sign-ups and
/// 1,000,000 service records (an original per sign-up with confirmed hours,
/// adjustments for the rest). Runs after the city's areas, accounts and
/// units; skipped when the volunteers are there already.
pub fn city(conn: &mut DbConn, hash: &str) -> Result<CityFigures, ApiError> {
    if volunteers::table.count().get_result::<i64>(conn)? >= CITY_VOLUNTEERS as i64 {
        return Ok(CityFigures::default());
    }
    let communities: Vec<i64> =
        areas::table.filter(areas::kind.eq("community")).order(areas::id).select(areas::id).load(conn)?;
    let grids: Vec<(i64, i64)> = areas::table
        .filter(areas::kind.eq("grid"))
        .filter(areas::parent_id.is_not_null())
        .order(areas::code)
        .select((areas::id, areas::parent_id.assume_not_null()))
        .load(conn)?;
    if communities.is_empty() || grids.is_empty() {
        return Ok(CityFigures::default());
    }
    let mut units_of: HashMap<i64, Vec<i64>> = HashMap::new();
    for (unit, area) in units::table.order(units::id).select((units::id, units::area_id)).load::<(i64, i64)>(conn)? {
        units_of.entry(area).or_default().push(unit);
    }
    let mut grids_of: HashMap<i64, Vec<i64>> = HashMap::new();
    for (grid, community) in &grids {
        grids_of.entry(*community).or_default().push(*grid);
    }
    let committees: HashMap<i64, i64> = party_orgs::table
        .filter(party_orgs::kind.eq("committee"))
        .select((party_orgs::area_id, party_orgs::id))
        .load::<(i64, i64)>(conn)?
        .into_iter()
        .collect();
    let staff: Vec<(i64, Option<i64>, String)> = users::table
        .filter(users::role.eq_any([Role::AreaAdmin.as_str(), Role::Admin.as_str()]))
        .order(users::id.desc())
        .select((users::id, users::area_id, users::role))
        .load(conn)?;
    let fallback = staff.last().map(|s| s.0).ok_or_else(|| ApiError::internal("no staff account to act"))?;
    let offices: HashMap<i64, i64> =
        staff.iter().filter(|s| s.2 == Role::AreaAdmin.as_str()).filter_map(|s| s.1.map(|a| (a, s.0))).collect();
    let office = |community: i64| offices.get(&community).copied().unwrap_or(fallback);

    let now = Utc::now().naive_utc();
    let today = local_today();

    // Volunteers round the grids; one in five reports to the community instead.
    let mut phones = Phones::load(conn)?;
    let mut people = Vec::with_capacity(CITY_VOLUNTEERS);
    let mut rows = Vec::with_capacity(CITY_VOLUNTEERS);
    for i in 0..CITY_VOLUNTEERS {
        let (grid, community) = grids[i % grids.len()];
        let area = if draw(i, 101, 100) < 20 { community } else { grid };
        let (political, in_service) = match draw(i, 102, 100) {
            0..=54 => (PoliticalStatus::PartyMember, true),
            55..=64 => (PoliticalStatus::PartyMember, false),
            65..=69 => (PoliticalStatus::ProbationaryMember, false),
            70..=84 => (PoliticalStatus::LeagueMember, false),
            _ => (PoliticalStatus::Masses, false),
        };
        let stationed = units_of.get(&community).map(Vec::as_slice).unwrap_or_default();
        let unit =
            (in_service && !stationed.is_empty()).then(|| stationed[draw(i, 103, stationed.len() as u64) as usize]);
        let status = match draw(i, 104, 100) {
            _ if i < CITY_ACCOUNTS => VolunteerStatus::Active,
            0..=91 => VolunteerStatus::Active,
            92..=96 => VolunteerStatus::Pending,
            97..=98 => VolunteerStatus::Inactive,
            _ => VolunteerStatus::Rejected,
        };
        let days_ago = if status == VolunteerStatus::Pending { 1 + draw(i, 105, 60) } else { 380 + draw(i, 105, 700) };
        let created_at = local_at(today - Duration::days(days_ago as i64), 8 * 60 + draw(i, 106, 600) as i64);
        let (mut row, mut person) = Entry {
            serial: 10_000_000 + i,
            phone: phones.next(10_000_000 + i),
            area,
            political,
            in_service,
            unit,
            status,
            created_at,
        }
        .split();
        if in_service && unit.is_none() {
            row.work_unit_name = Some("辖区机关事业单位".to_string());
        }
        if status == VolunteerStatus::Rejected {
            row.reject_reason = Some("未能联系到本人，请核实信息后重新登记");
        }
        person.past_only = i < CITY_ACCOUNTS;
        rows.push(row);
        people.push(person);
    }
    // Their accounts: the phone is on the profile, the username says which volunteer it is.
    let accounts: Vec<AccountRow> = rows
        .iter()
        .take(CITY_ACCOUNTS)
        .enumerate()
        .map(|(i, v)| AccountRow {
            username: format!("vol{:06}", i + 1),
            display_name: v.name.clone(),
            phone: Some(v.phone.clone()),
            role: Role::Volunteer.as_str(),
            area_id: Some(v.area_id),
            status: "active",
            password_hash: hash,
            must_change_password: false,
            failed_logins: 0,
            locked_until: None,
            last_login_at: None,
            password_changed_at: now,
            version: 1,
            created_at: now,
            updated_at: now,
            unit_id: None,
        })
        .collect();
    let account_ids = insert_returning_ids!(conn, users, &accounts, ACCOUNT_COLUMNS);
    for (i, id) in account_ids.iter().enumerate() {
        rows[i].user_id = Some(*id);
        people[i].account = Some(*id);
    }

    // Projects evenly over the communities; five shifts each.
    let mut projects = Vec::with_capacity(CITY_PROJECTS);
    let mut shifts = Vec::with_capacity(CITY_SHIFTS);
    for p in 0..CITY_PROJECTS {
        let community = communities[p % communities.len()];
        let fate = match p {
            _ if p >= CITY_RECRUITING_FROM => Fate::Recruiting,
            _ if p >= CITY_AWAITING_FROM => Fate::AwaitingHours,
            _ if draw(p, 110, 200) == 0 => Fate::Cancelled,
            _ => Fate::Completed,
        };
        let category = NeedCategory::ALL[draw(p, 111, NeedCategory::ALL.len() as u64) as usize];
        let (title, place, window) = activity(category, p);
        let mine = grids_of.get(&community).map(Vec::as_slice).unwrap_or_default();
        // What is recruiting is for the whole community, so every volunteer of it may sign up.
        let area = if fate == Fate::Recruiting || draw(p, 112, 100) < 70 || mine.is_empty() {
            community
        } else {
            mine[draw(p, 113, mine.len() as u64) as usize]
        };
        let stationed = units_of.get(&community).map(Vec::as_slice).unwrap_or_default();
        let (organiser, unit, party_org) = match (draw(p, 114, 100), committees.get(&community)) {
            (0..=39, _) if !stationed.is_empty() => {
                (OrganiserKind::Unit, Some(stationed[draw(p, 115, stationed.len() as u64) as usize]), None)
            }
            (40..=49, Some(org)) => (OrganiserKind::PartyOrg, None, Some(*org)),
            _ => (OrganiserKind::Community, None, None),
        };
        let first = match fate {
            Fate::Completed | Fate::Cancelled => {
                today - Duration::days(372 - (p as i64 * 365 / CITY_AWAITING_FROM as i64))
            }
            Fate::AwaitingHours => today - Duration::days(6),
            Fate::Recruiting => today + Duration::days(1 + draw(p, 116, 14) as i64),
        };
        let (start, end) = window.minutes();
        for k in 0..SHIFTS_PER_PROJECT {
            let s = shifts.len();
            let day = first + Duration::days(if fate == Fate::Recruiting { 2 * k as i64 } else { k as i64 });
            let (places, wanted) = match fate {
                Fate::Recruiting => {
                    let places = 10 + draw(s, 120, 10) as i32;
                    (places, places as usize * (20 + draw(s, 121, 41) as usize) / 100)
                }
                Fate::Cancelled => (10 + draw(s, 120, 10) as i32, 0),
                // Filled in below, to make the total.
                _ => (0, 0),
            };
            shifts.push(Shift {
                project: p,
                starts_at: local_at(day, start),
                ends_at: local_at(day, end),
                places,
                wanted,
            });
        }
        let created_at = (local_at(first, start) - Duration::days(7 + draw(p, 117, 14) as i64))
            .min(now - Duration::hours(2 + draw(p, 118, 72) as i64));
        projects.push(Project {
            title,
            category,
            organiser,
            unit,
            party_org,
            area,
            place: Some(place.to_string()),
            description: None,
            manual: fate != Fate::Recruiting && draw(p, 119, 100) < 10,
            fate,
            staff: office(community),
            confirmer: office(community),
            created_at,
        });
    }
    // The finished shifts share the sign-ups left after those to come: mostly full, some with a place or three free.
    let upcoming: usize = shifts.iter().map(|s| s.wanted).sum();
    let finished: Vec<usize> = (0..shifts.len())
        .filter(|s| matches!(projects[shifts[*s].project].fate, Fate::Completed | Fate::AwaitingHours))
        .collect();
    let left = CITY_ENROLLMENTS.saturating_sub(upcoming);
    let (base, extra) = (left / finished.len().max(1), left % finished.len().max(1));
    for (k, s) in finished.iter().enumerate() {
        let wanted = base + usize::from(k < extra);
        let free = if draw(*s, 122, 100) < 60 { 0 } else { 1 + draw(*s, 123, 3) as i32 };
        shifts[*s].wanted = wanted;
        shifts[*s].places = wanted as i32 + free;
    }
    let shifts = in_time_order(shifts);
    let mut pools = Pools::new(&people, &grids);
    let sign_ups = assign(&people, &projects, &shifts, &mut pools, Rates { withdrawn: 7, no_show: 8 }, now);

    // Corrections make up the service records beyond the originals, spread evenly.
    let confirmed: Vec<usize> =
        (0..sign_ups.len()).filter(|j| sign_ups[*j].status == EnrollmentStatus::HoursConfirmed).collect();
    let corrections = CITY_RECORDS.saturating_sub(confirmed.len()).min(confirmed.len());
    let adjusted: Vec<usize> = (0..corrections).map(|k| confirmed[k * confirmed.len() / corrections.max(1)]).collect();

    let recruiting = projects.iter().filter(|p| p.fate == Fate::Recruiting).count();
    // Measured at this scale, the load took a third less time on SQLite and
    // half the time on PostgreSQL with the indexes set aside.
    let set_aside = SetAside::take(conn, &["volunteers", "volunteer_shifts", "enrollments", "service_records"])?;
    let written = write(conn, now, rows, &people, &projects, &shifts, &sign_ups, &adjusted)?;
    set_aside.restore(conn)?;
    Ok(CityFigures {
        volunteers: written.volunteers,
        accounts: account_ids.len(),
        projects: written.projects,
        recruiting,
        shifts: written.shifts,
        enrollments: written.enrollments,
        records: written.records,
        adjustments: written.adjustments,
    })
}
