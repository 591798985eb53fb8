//! Resources, needs and services in demo and city-scale data: the
//! party-building supermarket (党建超市) of seed 002 with its shelf items in
//! three groups, and a year of needs raised and services ordered, taken,
//! delivered and rated, each with the timeline the life cycle writes.
//!
//! Every service is planned as a fate (where it ends up) and a start time;
//! its timeline, its row and the quantity it holds of its resource all
//! follow from the plan, so the data agree with one another the way the API
//! would have left them: a resource's `reserved` is the sum of the services
//! that hold it, a need's status follows its services, and every status is
//! the last entry of its service's timeline.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;

use super::alliance::{demo_units, DEMO_UNITS};
use super::common::{draw, insert_returning_ids, insert_rows, local_at, local_day, local_today, rows_per_insert};
use crate::auth::Role;
use crate::db::schema::{areas, needs, resource_areas, resources, service_events, services, unit_grids, units, users};
use crate::db::DbConn;
use crate::http::ApiError;
use crate::needs::matching::category_points;
use crate::needs::{NeedCategory, NeedStatus, Urgency};
use crate::resources::availability::{Availability, DateRange, WeeklySlot};
use crate::resources::{ResourceCategory, ResourceStatus};
use crate::services::{record, ServiceAction, ServiceStatus};
use crate::users::repo::{self as users_repo, NewAccount};

// --- rows -------------------------------------------------------------------------------------------------------

// Every column is written, so SQLite takes a chunk in one multi-row INSERT
// (a column left to its default would make diesel insert row by row).

#[derive(Insertable)]
#[diesel(table_name = resources, treat_none_as_default_value = false)]
struct ResourceRow {
    unit_id: i64,
    category: &'static str,
    title: String,
    description: Option<String>,
    quantity: Option<i32>,
    reserved: i32,
    measure: Option<&'static str>,
    availability: String,
    contact_name: Option<String>,
    contact_phone: Option<String>,
    status: &'static str,
    shelf: bool,
    version: i32,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = resource_areas)]
struct ServedRow {
    resource_id: i64,
    area_id: i64,
}

#[derive(Insertable)]
#[diesel(table_name = needs, treat_none_as_default_value = false)]
struct NeedRow {
    area_id: i64,
    category: &'static str,
    title: &'static str,
    description: Option<String>,
    beneficiary_count: Option<i32>,
    beneficiaries: Option<&'static str>,
    urgency: &'static str,
    wanted_by: Option<NaiveDate>,
    raised_by: i64,
    status: &'static str,
    close_reason: Option<&'static str>,
    version: i32,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = services, treat_none_as_default_value = false)]
struct ServiceRow {
    kind: &'static str,
    need_id: Option<i64>,
    resource_id: i64,
    unit_id: i64,
    area_id: i64,
    quantity: i32,
    wanted_by: Option<NaiveDate>,
    note: Option<&'static str>,
    status: &'static str,
    reason: Option<&'static str>,
    delivered_on: Option<NaiveDate>,
    participants: Option<i32>,
    beneficiaries_reached: Option<i32>,
    delivery_notes: Option<&'static str>,
    photo_urls: Option<&'static str>,
    rating: Option<i32>,
    rating_comment: Option<&'static str>,
    rated_at: Option<NaiveDateTime>,
    ordered_by: i64,
    version: i32,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = service_events, treat_none_as_default_value = false)]
struct EventRow<'a> {
    service_id: i64,
    at: NaiveDateTime,
    actor_id: Option<i64>,
    actor_name: Option<&'a str>,
    action: &'static str,
    from_status: Option<&'static str>,
    to_status: &'static str,
    reason: Option<&'static str>,
}

// --- services as planned -------------------------------------------------------------------------------------------

/// Where a service ends up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Ordered,
    Accepted,
    InProgress,
    Delivered,
    Closed,
    Declined,
    /// Cancelled by the community while still ordered.
    Withdrawn,
    /// Cancelled by the unit after taking it.
    Dropped,
}

impl Fate {
    fn status(self) -> ServiceStatus {
        match self {
            Fate::Ordered => ServiceStatus::Ordered,
            Fate::Accepted => ServiceStatus::Accepted,
            Fate::InProgress => ServiceStatus::InProgress,
            Fate::Delivered => ServiceStatus::Delivered,
            Fate::Closed => ServiceStatus::Closed,
            Fate::Declined => ServiceStatus::Declined,
            Fate::Withdrawn | Fate::Dropped => ServiceStatus::Cancelled,
        }
    }

    fn is_live(self) -> bool {
        matches!(self, Fate::Ordered | Fate::Accepted | Fate::InProgress)
    }
}

/// The steps of a service as fractions of its span, from the order.
const TAKE_AT: f64 = 0.15;
const DROP_AT: f64 = 0.4;
const START_AT: f64 = 0.6;
const DELIVER_AT: f64 = 0.7;

const DECLINE_REASONS: [&str; 4] = [
    "本月服务场次已排满，建议下月再约",
    "该项目需提前两周预约，时间来不及",
    "所需专业人员外出培训，暂时无法安排",
    "超出本单位服务范围，建议对接其他共建单位",
];
const WITHDRAW_REASONS: [&str; 3] =
    ["居民已自行解决，取消预约", "活动因天气原因取消", "需求已由其他共建单位对接，撤回本次下单"];
const DROP_REASONS: [&str; 2] = ["设备检修，无法按期提供服务", "疫情防控要求，活动暂停"];
const CLOSE_REASONS: [&str; 3] =
    ["居民已搬离，需求不再存在", "辖区暂无可对接资源，已转报镇里统筹解决", "与同类需求合并办理"];
const DELIVERY_NOTES: [&str; 4] = [
    "已按约定完成服务，居民签字确认",
    "服务过程拍照留档，居民反馈良好",
    "完成服务并建立回访台账",
    "网格员全程陪同，服务对象逐户核实",
];
const NOTES: [&str; 3] = ["请提前电话联系网格员", "服务对象多为老年人，请安排耐心细致的人员", "请自带所需器材"];

fn comment(score: i32, i: usize) -> &'static str {
    const FIVE: [&str; 4] = ["服务及时，居民很满意", "专业细致，群众纷纷点赞", "准时到位，效果很好", "希望常态化开展"];
    const FOUR: [&str; 2] = ["总体满意，时间安排可以再灵活些", "服务不错，个别环节可再改进"];
    match score {
        5 => FIVE[i % FIVE.len()],
        4 => FOUR[i % FOUR.len()],
        _ => "完成了服务，但与居民期待还有差距",
    }
}

/// One service: what, for whom, by whom, and how it ends.
#[derive(Debug, Clone)]
struct Plan {
    need: Option<usize>,
    resource: usize,
    unit_id: i64,
    area_id: i64,
    quantity: i32,
    wanted_by: Option<NaiveDate>,
    note: Option<&'static str>,
    fate: Fate,
    t0: NaiveDateTime,
    span: Duration,
    ordered_by: i64,
    /// Who acts for the giving unit: its contact, or the community office.
    unit_actor: i64,
    rater: i64,
    reason: Option<&'static str>,
    rating: i32,
    participants: i32,
    reached: i32,
    variety: usize,
}

struct Step {
    at: NaiveDateTime,
    actor: i64,
    action: ServiceAction,
    from: Option<ServiceStatus>,
    to: ServiceStatus,
    reason: Option<&'static str>,
}

impl Plan {
    fn at(&self, f: f64) -> NaiveDateTime {
        self.t0 + Duration::seconds((self.span.num_seconds() as f64 * f) as i64)
    }

    /// The timeline the life cycle writes for this fate, oldest first.
    fn steps(&self) -> Vec<Step> {
        use ServiceAction as A;
        use ServiceStatus as S;
        let step =
            |f: f64, actor: i64, action, from, to, reason| Step { at: self.at(f), actor, action, from, to, reason };
        let mut out = vec![step(0.0, self.ordered_by, A::Order, None, S::Ordered, None)];
        match self.fate {
            Fate::Ordered => {}
            Fate::Declined => {
                out.push(step(TAKE_AT, self.unit_actor, A::Decline, Some(S::Ordered), S::Declined, self.reason))
            }
            Fate::Withdrawn => {
                out.push(step(TAKE_AT, self.ordered_by, A::Cancel, Some(S::Ordered), S::Cancelled, self.reason))
            }
            _ => {
                out.push(step(TAKE_AT, self.unit_actor, A::Accept, Some(S::Ordered), S::Accepted, None));
                if self.fate == Fate::Dropped {
                    out.push(step(DROP_AT, self.unit_actor, A::Cancel, Some(S::Accepted), S::Cancelled, self.reason));
                    return out;
                }
                if self.fate == Fate::Accepted {
                    return out;
                }
                out.push(step(START_AT, self.unit_actor, A::Start, Some(S::Accepted), S::InProgress, None));
                if self.fate == Fate::InProgress {
                    return out;
                }
                out.push(step(DELIVER_AT, self.unit_actor, A::Deliver, Some(S::InProgress), S::Delivered, None));
                if self.fate == Fate::Closed {
                    out.push(step(1.0, self.rater, A::Rate, Some(S::Delivered), S::Closed, None));
                }
            }
        }
        out
    }

    fn row(&self, resource_id: i64, need_id: Option<i64>, steps: &[Step]) -> ServiceRow {
        let delivered = matches!(self.fate, Fate::Delivered | Fate::Closed);
        let rated = self.fate == Fate::Closed;
        let refused = matches!(self.fate, Fate::Declined | Fate::Withdrawn | Fate::Dropped);
        ServiceRow {
            kind: if need_id.is_some() { "need_match" } else { "shelf_order" },
            need_id,
            resource_id,
            unit_id: self.unit_id,
            area_id: self.area_id,
            quantity: self.quantity,
            wanted_by: self.wanted_by,
            note: self.note,
            status: self.fate.status().as_str(),
            reason: if refused { self.reason } else { None },
            delivered_on: delivered.then(|| local_day(self.at(DELIVER_AT))),
            participants: delivered.then_some(self.participants),
            beneficiaries_reached: delivered.then_some(self.reached),
            delivery_notes: delivered.then(|| DELIVERY_NOTES[self.variety % DELIVERY_NOTES.len()]),
            photo_urls: delivered.then_some("[]"),
            rating: rated.then_some(self.rating),
            rating_comment: rated.then(|| comment(self.rating, self.variety)),
            rated_at: rated.then(|| self.at(1.0)),
            ordered_by: self.ordered_by,
            version: steps.len() as i32,
            created_at: self.t0,
            updated_at: steps.last().map(|s| s.at).unwrap_or(self.t0),
        }
    }
}

/// Keeps a plan's steps in the past: the order at least half an hour ago,
/// the last step at least five minutes ago.
fn fit(t0: NaiveDateTime, span: Duration, now: NaiveDateTime) -> (NaiveDateTime, Duration) {
    let t0 = t0.min(now - Duration::minutes(30));
    (t0, span.min(now - Duration::minutes(5) - t0))
}

/// What the plans leave in the database besides themselves: each resource's
/// reserved quantity, and each need's last change and how many changes it saw.
struct Outcome {
    reserved: Vec<i32>,
    need_last: Vec<Option<(NaiveDateTime, i32)>>,
}

fn outcome(plans: &[Plan], resources: usize, needs: usize) -> Outcome {
    let mut reserved = vec![0i32; resources];
    let mut need_last: Vec<Option<(NaiveDateTime, i32)>> = vec![None; needs];
    for p in plans {
        if p.fate.status().holds_quantity() {
            reserved[p.resource] += p.quantity;
        }
        if let Some(n) = p.need {
            let steps = p.steps();
            let last = steps.last().map(|s| s.at).unwrap_or(p.t0);
            let entry = need_last[n].get_or_insert((last, 1));
            entry.0 = entry.0.max(last);
            entry.1 += steps.len() as i32;
        }
    }
    Outcome { reserved, need_last }
}

/// A need's last change and version from its services; a need closed
/// unfulfilled was closed two days after the last of them.
fn settle_need(need: &mut NeedRow, last: Option<(NaiveDateTime, i32)>, now: NaiveDateTime) {
    let (at, version) = last.unwrap_or((need.created_at, 1));
    need.updated_at = at.max(need.created_at);
    need.version = version;
    if need.status == NeedStatus::ClosedUnfulfilled.as_str() {
        need.updated_at = (need.updated_at + Duration::days(2)).min(now - Duration::minutes(10)).max(need.created_at);
        need.version += 1;
    }
}

/// Writes the services of the plans with their timelines, chunk by chunk.
fn insert_services(
    conn: &mut DbConn,
    plans: &[Plan],
    resource_ids: &[i64],
    need_ids: &[i64],
    names: &HashMap<i64, String>,
) -> Result<(usize, usize), ApiError> {
    let mut events = 0usize;
    for chunk in plans.chunks(rows_per_insert(22)) {
        let steps: Vec<Vec<Step>> = chunk.iter().map(Plan::steps).collect();
        let rows: Vec<ServiceRow> = chunk
            .iter()
            .zip(&steps)
            .map(|(p, s)| p.row(resource_ids[p.resource], p.need.map(|n| need_ids[n]), s))
            .collect();
        let ids = insert_returning_ids!(conn, services, &rows, 22);
        let timeline: Vec<EventRow> = ids
            .iter()
            .zip(&steps)
            .flat_map(|(id, steps)| {
                steps.iter().map(move |s| EventRow {
                    service_id: *id,
                    at: s.at,
                    actor_id: Some(s.actor),
                    actor_name: names.get(&s.actor).map(String::as_str),
                    action: s.action.as_str(),
                    from_status: s.from.map(ServiceStatus::as_str),
                    to_status: s.to.as_str(),
                    reason: s.reason,
                })
            })
            .collect();
        events += timeline.len();
        insert_rows!(conn, service_events, &timeline, 8);
    }
    // Written straight into the table, past the actions that keep the counters.
    record::recount(conn)?;
    Ok((plans.len(), events))
}

fn weekly(days: &[u8], from: &str, to: &str) -> Availability {
    Availability {
        always: false,
        date_ranges: Vec::new(),
        weekly: days.iter().map(|d| WeeklySlot { weekday: *d, from: from.into(), to: to.into() }).collect(),
    }
}

/// When a resource can be had, in the forms people enter.
#[derive(Debug, Clone, Copy)]
enum When {
    Always,
    Weekends,
    Workdays,
    Wednesdays,
    /// Within a season that is on now.
    Season,
    /// The next school holidays: from a month ahead.
    Holidays,
}

impl When {
    fn availability(self, today: NaiveDate) -> String {
        let a = match self {
            When::Always => Availability::default(),
            When::Weekends => weekly(&[6, 7], "09:00", "11:30"),
            When::Workdays => weekly(&[1, 2, 3, 4, 5], "14:30", "17:30"),
            When::Wednesdays => weekly(&[3], "14:30", "17:30"),
            When::Season => Availability {
                always: false,
                date_ranges: vec![DateRange { from: today - Duration::days(120), to: today + Duration::days(90) }],
                weekly: Vec::new(),
            },
            When::Holidays => Availability {
                always: false,
                date_ranges: vec![DateRange { from: today + Duration::days(30), to: today + Duration::days(75) }],
                weekly: Vec::new(),
            },
        };
        a.to_stored()
    }
}

// --- the demo -----------------------------------------------------------------------------------------------------

/// The three groups of supermarket items in seed 002.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    /// 党群服务
    PartyMass,
    /// 环境卫生
    Sanitation,
    /// 民生保障
    Livelihood,
}

impl Group {
    fn name(self) -> &'static str {
        match self {
            Group::PartyMass => "党群服务",
            Group::Sanitation => "环境卫生",
            Group::Livelihood => "民生保障",
        }
    }
}

/// `DEMO_UNITS` by index, then these two of the demo district.
const HOSPITAL: usize = 12;
const POWER: usize = 13;

/// (unit, shelf group or none, category, title, description, quantity, measure,
/// taken per service, availability, key).
type Item = (
    usize,
    Option<Group>,
    ResourceCategory,
    &'static str,
    &'static str,
    Option<i32>,
    Option<&'static str>,
    i32,
    When,
    &'static str,
);

use Group::{Livelihood as L, PartyMass as P, Sanitation as E};
use ResourceCategory as R;

/// Fifty-three shelf items of the twelve supermarket units, and some
/// resources that are offered but not on the shelf.
#[rustfmt::skip]
const ITEMS: &[Item] = &[
    (0, Some(P), R::Policy, "减税降费政策进社区宣讲", "税务干部讲解小微企业、个体工商户税费优惠政策，现场答疑", Some(12), Some("场"), 1, When::Workdays, "tax_talk"),
    (0, Some(P), R::Skills, "个体工商户办税辅导", "手把手指导电子税务局和个税APP操作", Some(40), Some("次"), 1, When::Workdays, "tax_help"),
    (0, Some(E), R::VolunteerService, "税务青年志愿者楼道清扫", "每月一次，清理楼道杂物和卫生死角", Some(24), Some("次"), 1, When::Weekends, "volunteer_cleanup"),
    (0, Some(L), R::Skills, "个人所得税汇算上门指导", "为老年人、残疾人上门办理个税汇算", Some(30), Some("户"), 1, When::Workdays, "tax_home"),
    (1, Some(P), R::Policy, "食品安全知识讲座", "讲解食品选购、储存和过期食品辨别", Some(10), Some("场"), 1, When::Workdays, "food_safety"),
    (1, Some(L), R::Skills, "电梯、燃气安全隐患排查", "组织特种设备检验人员入户排查", Some(20), Some("次"), 1, When::Workdays, "safety_check"),
    (1, Some(E), R::VolunteerService, "农贸市场周边环境整治", "党员志愿者清理市场周边乱堆乱放", Some(12), Some("次"), 1, When::Weekends, "market_cleanup"),
    (1, Some(L), R::Policy, "消费维权咨询服务站", "每周三下午在党群服务中心坐班受理消费投诉", None, Some("次"), 1, When::Wednesdays, "consumer"),
    (1, Some(E), R::Policy, "餐饮门店油烟和垃圾整治督导", "督促临街餐饮门店落实门前三包", Some(12), Some("次"), 1, When::Workdays, "kitchen_check"),
    (2, Some(P), R::Venue, "学校操场周末向居民开放", "周六、周日上午开放，可开展健身和群众文体活动", None, None, 1, When::Weekends, "playground"),
    (2, Some(P), R::Venue, "学校报告厅借用", "可容纳200人，配投影和音响", Some(24), Some("场"), 1, When::Weekends, "hall"),
    (2, Some(L), R::Skills, "假期青少年课业辅导", "党员教师寒暑假为辖区中小学生免费辅导", Some(120), Some("课时"), 4, When::Holidays, "tutoring"),
    (2, Some(L), R::Skills, "留守儿童心理疏导", "心理教师一对一疏导", Some(36), Some("人次"), 1, When::Workdays, "child_counsel"),
    (2, Some(E), R::VolunteerService, "师生志愿者清理小广告", "清理楼道、电线杆上的小广告", Some(12), Some("次"), 1, When::Weekends, "ads_cleanup"),
    (3, Some(L), R::Skills, "蒙医义诊进社区", "蒙医专家现场问诊、推拿和健康咨询", Some(12), Some("场"), 1, When::Weekends, "mongol_clinic"),
    (3, Some(L), R::Skills, "老年人健康体检", "血压、血糖、心电图等基础项目", Some(600), Some("人次"), 30, When::Workdays, "checkup"),
    (3, Some(P), R::Skills, "急救知识培训", "心肺复苏、海姆立克急救法培训", Some(8), Some("场"), 1, When::Workdays, "first_aid"),
    (3, Some(E), R::VolunteerService, "病媒生物防制消杀", "对楼道、垃圾站点进行消杀", Some(20), Some("次"), 1, When::Season, "disinfection"),
    (3, Some(L), R::Skills, "慢病患者用药指导", "药师讲解高血压、糖尿病合理用药", Some(120), Some("人次"), 5, When::Workdays, "medication"),
    (4, Some(L), R::Skills, "入户水表检修", "检修漏水、停走水表", Some(300), Some("户"), 10, When::Workdays, "water_meter"),
    (4, Some(E), R::Skills, "二次供水水箱清洗", "每半年一次，清洗后出具水质检测报告", Some(8), Some("次"), 1, When::Season, "tank_cleaning"),
    (4, Some(L), R::Policy, "困难家庭水费减免代办", "为低保、特困家庭代办水费减免", Some(50), Some("户"), 1, When::Workdays, "water_relief"),
    (4, Some(L), R::Goods, "停水期间应急送水", "桶装水和送水车，停水时送水到楼", Some(2000), Some("桶"), 50, When::Always, "water_delivery"),
    (4, Some(E), R::Goods, "饮用水水质检测", "免费抽检居民家中自来水", Some(200), Some("户"), 10, When::Workdays, "water_test"),
    (5, Some(P), R::Skills, "老年人智能手机使用培训", "教老人视频通话、网上缴费和防范诈骗", Some(24), Some("场"), 1, When::Weekends, "phone_class"),
    (5, Some(L), R::Skills, "宽带故障上门维修", "报修后24小时内上门", None, Some("次"), 1, When::Always, "broadband_repair"),
    (5, Some(L), R::Policy, "困难家庭通信资费优惠", "低保、特困家庭办理优惠套餐", Some(100), Some("户"), 1, When::Workdays, "telecom_relief"),
    (5, Some(P), R::Skills, "反诈宣传进社区", "联合派出所开展防范电信网络诈骗宣传", Some(12), Some("场"), 1, When::Workdays, "anti_fraud"),
    (6, Some(P), R::Venue, "红色教育基地参观", "组织党员、青少年参观，含讲解", Some(20), Some("批次"), 1, When::Weekends, "red_base"),
    (6, Some(L), R::Funds, "困难家庭学生助学金", "资助辖区困难家庭学生，每人2000元", Some(5_000_000), Some("分"), 200_000, When::Always, "scholarship"),
    (6, Some(E), R::VolunteerService, "景区周边垃圾清运", "员工志愿者清运景区周边生活垃圾", Some(12), Some("次"), 1, When::Weekends, "scenic_cleanup"),
    (6, Some(L), R::Other, "困难群众就业岗位推荐", "提供保洁、讲解、售票等岗位", Some(30), Some("个岗位"), 1, When::Workdays, "jobs"),
    (7, Some(L), R::Goods, "驼奶爱心配送", "为独居老人、困难家庭配送驼奶", Some(1600), Some("盒"), 40, When::Always, "camel_milk"),
    (7, Some(L), R::Goods, "节日慰问肉食品", "春节、中秋为困难家庭送牛羊肉", Some(400), Some("份"), 20, When::Season, "holiday_meat"),
    (7, Some(E), R::Goods, "绿化苗木捐赠", "沙枣、梭梭等耐旱苗木", Some(500), Some("株"), 50, When::Season, "saplings"),
    (7, Some(L), R::Skills, "养殖技术培训", "驼羊养殖和防疫技术培训", Some(6), Some("期"), 1, When::Workdays, "herding"),
    (8, Some(E), R::VolunteerService, "周末环境卫生志愿服务队", "每周末组织志愿者清扫公共区域", None, Some("次"), 1, When::Weekends, "weekend_volunteers"),
    (8, Some(L), R::VolunteerService, "独居老人陪伴探访", "志愿者结对陪伴，每周至少探访一次", None, Some("次"), 1, When::Always, "elder_visits"),
    (8, Some(P), R::VolunteerService, "文明实践宣传志愿服务", "入户宣传、问卷调查和文明劝导", None, Some("次"), 1, When::Weekends, "civility_volunteers"),
    (8, Some(E), R::VolunteerService, "垃圾分类入户宣传", "入户讲解垃圾分类并发放宣传册", Some(24), Some("次"), 1, When::Weekends, "sorting"),
    (8, Some(L), R::VolunteerService, "爱心义剪", "为行动不便老人、残疾人上门理发", Some(48), Some("次"), 1, When::Weekends, "haircut"),
    (9, Some(P), R::Skills, "法律咨询进社区", "2名律师每月到党群服务中心坐班", Some(24), Some("次"), 1, When::Workdays, "legal_advice"),
    (9, Some(L), R::Skills, "邻里纠纷调解", "律师参与调解邻里、物业纠纷", Some(30), Some("件"), 1, When::Always, "mediation"),
    (9, Some(L), R::Skills, "困难群众法律援助", "为困难群众免费代理诉讼", Some(10), Some("件"), 1, When::Workdays, "legal_aid"),
    (9, Some(P), R::Policy, "民法典进社区宣讲", "以案说法讲解婚姻家庭、继承等常见问题", Some(6), Some("场"), 1, When::Workdays, "civil_code"),
    (10, Some(L), R::Funds, "困难家庭帮扶资金", "因病、因灾致困家庭临时帮扶，每户1000元", Some(2_000_000), Some("分"), 100_000, When::Always, "relief_fund"),
    (10, Some(P), R::Policy, "防范金融诈骗知识讲座", "识别非法集资、养老诈骗", Some(8), Some("场"), 1, When::Workdays, "finance_talk"),
    (10, Some(L), R::Skills, "养老金资格认证上门代办", "为行动不便老人上门办理", Some(200), Some("人次"), 5, When::Workdays, "pension_service"),
    (10, Some(L), R::Policy, "创业担保贷款政策咨询", "讲解贴息贷款申请条件和流程", None, Some("次"), 1, When::Workdays, "loans"),
    (11, Some(P), R::Venue, "书画教室开放", "书画教室向社区书画爱好者开放", None, None, 1, When::Workdays, "calligraphy"),
    (11, Some(P), R::Skills, "老年人书法、舞蹈公益课", "老年大学教师到社区授课", Some(80), Some("课时"), 4, When::Workdays, "senior_class"),
    (11, Some(L), R::VolunteerService, "低龄老人助高龄老人", "低龄老年学员结对帮扶高龄老人", None, Some("次"), 1, When::Always, "elder_help"),
    (11, Some(P), R::Skills, "红色故事宣讲团", "老党员讲述红色故事", Some(12), Some("场"), 1, When::Workdays, "red_stories"),
    (HOSPITAL, None, R::Skills, "社区义诊", "内科、外科、中医科专家每月一次到社区义诊", Some(12), Some("场"), 1, When::Weekends, "clinic"),
    (HOSPITAL, None, R::Skills, "家庭医生签约上门随访", "为签约的慢性病患者、失能老人上门随访", Some(300), Some("户"), 10, When::Workdays, "family_doctor"),
    (HOSPITAL, None, R::Skills, "健康知识讲座", "常见病、传染病防治知识讲座", Some(12), Some("场"), 1, When::Workdays, "health_talk"),
    (POWER, None, R::Skills, "老旧小区用电安全检查", "检查楼道线路和入户电表箱", Some(20), Some("次"), 1, When::Workdays, "power_check"),
    (POWER, None, R::Goods, "应急发电车", "停电抢修时保障重点用户用电", Some(2), Some("台"), 1, When::Always, "generator"),
    (0, None, R::Venue, "税务局多功能会议室", "可容纳60人，节假日除外", None, Some("场"), 1, When::Workdays, "tax_room"),
    (6, None, R::Funds, "年度节日慰问金", "本年度慰问金已发放完毕", Some(1_000_000), Some("分"), 100_000, When::Always, "festival_fund"),
    (8, None, R::VolunteerService, "防汛抗旱应急志愿队", "汛期和极端天气应急值守", None, Some("次"), 1, When::Always, "flood_team"),
    (10, None, R::Venue, "营业厅爱心驿站", "为户外劳动者提供休息、饮水、充电", None, None, 1, When::Always, "rest_station"),
];

/// Resources people have set aside: paused for a while, or withdrawn.
const PAUSED: &[&str] = &["tax_room"];
const WITHDRAWN: &[&str] = &["festival_fund"];
/// Given out in full over the year.
const USED_UP: &[&str] = &["holiday_meat"];

/// (category, title, beneficiaries, how many, the resource that meets it, urgency):
/// the needs 巴丹吉林社区 raises over and over, as the community of seed 002 did.
#[rustfmt::skip]
const NEEDS: &[(NeedCategory, &str, &str, i32, &str, Urgency)] = &[
    (NeedCategory::Sanitation, "楼道杂物清理", "1号楼、2号楼居民", 96, "volunteer_cleanup", Urgency::Normal),
    (NeedCategory::Sanitation, "背街小巷卫生死角整治", "辖区居民", 600, "weekend_volunteers", Urgency::Normal),
    (NeedCategory::Sanitation, "楼道小广告清理", "4号楼、5号楼居民", 150, "ads_cleanup", Urgency::Low),
    (NeedCategory::Sanitation, "小区病媒生物消杀", "1至6号楼居民", 800, "disinfection", Urgency::High),
    (NeedCategory::Sanitation, "二次供水水箱清洗", "多层住宅居民", 360, "tank_cleaning", Urgency::Normal),
    (NeedCategory::Sanitation, "垃圾分类入户宣传", "网格内居民", 420, "sorting", Urgency::Low),
    (NeedCategory::PovertyRelief, "低保家庭节日慰问", "低保户", 18, "holiday_meat", Urgency::Normal),
    (NeedCategory::PovertyRelief, "困难家庭学生助学", "困难家庭学生", 6, "scholarship", Urgency::High),
    (NeedCategory::PovertyRelief, "困难家庭应急帮扶", "因病致困家庭", 3, "relief_fund", Urgency::Urgent),
    (NeedCategory::PovertyRelief, "独居老人驼奶配送", "独居老人", 40, "camel_milk", Urgency::Normal),
    (NeedCategory::Care, "独居老人定期探访", "独居老人", 23, "elder_visits", Urgency::Normal),
    (NeedCategory::Care, "高龄老人健康体检", "80岁以上老人", 45, "checkup", Urgency::Normal),
    (NeedCategory::Care, "留守儿童心理疏导", "留守儿童", 12, "child_counsel", Urgency::High),
    (NeedCategory::Care, "行动不便老人上门理发", "失能、半失能老人", 15, "haircut", Urgency::Normal),
    (NeedCategory::Care, "假期青少年课业辅导", "辖区中小学生", 30, "tutoring", Urgency::Normal),
    (NeedCategory::Care, "慢性病老人上门随访", "高血压、糖尿病患者", 50, "family_doctor", Urgency::Normal),
    (NeedCategory::PolicyOutreach, "防范电信诈骗宣传", "老年居民", 150, "anti_fraud", Urgency::Normal),
    (NeedCategory::PolicyOutreach, "民法典进社区宣讲", "辖区居民", 200, "civil_code", Urgency::Low),
    (NeedCategory::PolicyOutreach, "减税降费政策宣讲", "个体工商户", 35, "tax_talk", Urgency::Low),
    (NeedCategory::PolicyOutreach, "食品安全知识宣传", "餐饮从业人员和居民", 80, "food_safety", Urgency::Low),
    (NeedCategory::Convenience, "老年人智能手机使用培训", "老年居民", 40, "phone_class", Urgency::Normal),
    (NeedCategory::Convenience, "入户水表检修", "2号楼居民", 60, "water_meter", Urgency::Normal),
    (NeedCategory::Convenience, "宽带故障上门维修", "网格居民", 25, "broadband_repair", Urgency::High),
    (NeedCategory::Convenience, "社区义诊", "辖区居民", 150, "clinic", Urgency::Normal),
    (NeedCategory::Convenience, "养老金资格认证上门代办", "行动不便老人", 20, "pension_service", Urgency::Normal),
    (NeedCategory::DisasterRelief, "沙尘暴过后公共区域清理", "辖区居民", 500, "weekend_volunteers", Urgency::Urgent),
    (NeedCategory::DisasterRelief, "停水期间应急送水", "高层住宅居民", 300, "water_delivery", Urgency::Urgent),
    (NeedCategory::OpinionCollection, "老旧小区改造居民意见征集", "老旧小区居民", 380, "civility_volunteers", Urgency::Normal),
    (NeedCategory::Civility, "重阳节敬老文艺汇演场地", "老年居民", 200, "hall", Urgency::Normal),
    (NeedCategory::Civility, "红色故事进社区", "党员和青少年", 80, "red_stories", Urgency::Low),
    (NeedCategory::Civility, "迎新春书画进万家", "书画爱好者", 60, "calligraphy", Urgency::Low),
    (NeedCategory::PublicOrder, "邻里纠纷调解", "当事居民", 2, "mediation", Urgency::High),
    (NeedCategory::PublicOrder, "电梯、燃气安全隐患排查", "高层住宅居民", 260, "safety_check", Urgency::High),
    (NeedCategory::PublicOrder, "困难群众法律援助", "困难群众", 1, "legal_aid", Urgency::Normal),
];

/// The contacts of the twelve supermarket units, who take their orders.
const CONTACTS: [&str; 12] = [
    "刘晓燕",
    "马建军",
    "王海燕",
    "巴特尔",
    "张志刚",
    "李娜",
    "乌云其木格",
    "孟和",
    "赵春梅",
    "陈立新",
    "周玉兰",
    "高桂芝",
];

/// How many needs the demo community raised in the year and how many were met (seed 002).
pub const DEMO_NEEDS: usize = 107;
pub const DEMO_FULFILLED: usize = 96;
const SHELF_ORDERS: usize = 36;

/// What the demo supply data hold, for the seed command to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoFigures {
    pub shelf_items: usize,
    pub shelf_units: usize,
    pub resources: usize,
    pub needs: usize,
    pub fulfilled: usize,
    pub services: usize,
    pub events: usize,
    pub contacts: usize,
}

/// The demo's pending needs, by their place in the year (the rest are met,
/// or closed unfulfilled).
mod pending {
    pub const IN_SERVICE_OVERDUE: usize = 99;
    pub const OPEN_OVERDUE: usize = 100;
    pub const ACCEPTED: usize = 101;
    pub const IN_SERVICE: usize = 102;
    pub const OPEN_AFTER_DECLINE: usize = 103;
    /// Ordered from the hospital: its contact's inbox.
    pub const HOSPITAL_CLINIC: usize = 104;
    pub const HOSPITAL_FOLLOW_UP: usize = 105;
    pub const OPEN: usize = 106;
}
const CLOSED_UNFULFILLED: [usize; 3] = [20, 55, 80];
/// Met, but not rated yet.
const UNRATED_FROM: usize = 93;

fn user_id(conn: &mut DbConn, username: &str) -> Result<Option<i64>, ApiError> {
    Ok(users::table.filter(users::username.eq(username)).select(users::id).first(conn).optional()?)
}

/// The demo supermarket and a year of needs and services in 巴丹吉林社区:
/// 53 shelf items from the twelve alliance units in three groups, some
/// resources off the shelf (the hospital's among them), a contact account
/// per supermarket unit, 107 needs raised over the past year of which 96
/// were met, and shelf orders; a few needs open, in service or overdue, and
/// orders waiting in the hospital's inbox. Runs after `seed::demo` and
/// `alliance::demo`; a second run changes nothing and answers `None`.
pub fn demo(conn: &mut DbConn, hash: &str) -> Result<Option<DemoFigures>, ApiError> {
    let offering = demo_units(conn)?;
    let offering_ids: Vec<i64> = offering.iter().map(|u| u.0).collect();
    if resources::table.filter(resources::unit_id.eq_any(&offering_ids)).count().get_result::<i64>(conn)? > 0 {
        return Ok(None);
    }
    let community: (i64, String) =
        areas::table.filter(areas::code.eq("152922100001")).select((areas::id, areas::name)).first(conn)?;
    let grids: Vec<i64> = areas::table
        .filter(areas::parent_id.eq(community.0))
        .filter(areas::kind.eq("grid"))
        .order(areas::code)
        .select(areas::id)
        .load(conn)?;
    let (Some(admin), Some(worker), Some(hospital_contact)) =
        (user_id(conn, "community_admin")?, user_id(conn, "grid_worker")?, user_id(conn, "unit_contact")?)
    else {
        return Err(ApiError::internal("the demo accounts come first: seed::demo"));
    };
    // A contact account per supermarket unit, so that each takes its own orders.
    let names: HashMap<i64, String> =
        DEMO_UNITS.iter().map(|(name, _)| name).zip(offering.iter()).map(|(n, u)| (u.0, n.to_string())).collect();
    let mut contacts = Vec::with_capacity(DEMO_UNITS.len());
    let mut created = 0;
    for (i, person) in CONTACTS.iter().enumerate() {
        let username = format!("unit_contact_{:02}", i + 1);
        let id = match user_id(conn, &username)? {
            Some(id) => id,
            None => {
                created += 1;
                let display = format!("{person}（{}）", names[&offering[i].0]);
                users_repo::insert(
                    conn,
                    NewAccount {
                        username: &username,
                        display_name: &display,
                        phone: None,
                        role: Role::UnitContact,
                        area_id: Some(offering[i].1),
                        password_hash: hash,
                        must_change_password: false,
                        unit_id: Some(offering[i].0),
                    },
                )?
                .id
            }
        };
        contacts.push(id);
    }
    let unit_actor = |unit: usize| match unit {
        HOSPITAL => hospital_contact,
        u if u < contacts.len() => contacts[u],
        _ => admin,
    };

    let now = Utc::now().naive_utc();
    let today = local_today();
    let year_ago = today - Duration::days(380);
    // Resources: offered when the alliance was formed, a little over a year ago.
    let mut rows = Vec::with_capacity(ITEMS.len());
    let mut served = Vec::new();
    for (i, &(unit, group, category, title, description, quantity, measure, _, when, key)) in ITEMS.iter().enumerate() {
        let (unit_id, home) = offering[unit];
        let created_at = local_at(year_ago + Duration::days(i as i64 / 6), 9 * 60 + (i as i64 * 17) % 420);
        let status = if PAUSED.contains(&key) {
            ResourceStatus::Paused
        } else if WITHDRAWN.contains(&key) {
            ResourceStatus::Withdrawn
        } else {
            ResourceStatus::Available
        };
        rows.push(ResourceRow {
            unit_id,
            category: category.as_str(),
            title: title.to_string(),
            description: Some(match group {
                Some(g) => format!("【党建超市·{}】{description}", g.name()),
                None => description.to_string(),
            }),
            quantity,
            reserved: 0,
            measure,
            availability: when.availability(today),
            contact_name: Some(match unit {
                u if u < CONTACTS.len() => CONTACTS[u].to_string(),
                _ => "党办主任".to_string(),
            }),
            contact_phone: Some(format!("0483-60201{:02}", unit + 1)),
            status: status.as_str(),
            shelf: group.is_some(),
            version: 1,
            created_at,
            updated_at: created_at,
        });
        // Supermarket items serve 巴丹吉林社区, whose supermarket it is, and the unit's own community.
        let mut areas_served = vec![home];
        if group.is_some() && home != community.0 {
            areas_served.push(community.0);
        }
        served.push(areas_served);
    }
    let by_key: HashMap<&str, usize> = ITEMS.iter().enumerate().map(|(i, item)| (item.9, i)).collect();
    let shelf: Vec<usize> = (0..ITEMS.len()).filter(|i| ITEMS[*i].1.is_some()).collect();

    // Needs: one every three or four days over the past year.
    let area_of = |i: usize| if i.is_multiple_of(4) { community.0 } else { grids[(i % 4 - 1) % grids.len()] };
    let raiser = |area: i64| if Some(&area) == grids.first() { worker } else { admin };
    let mut need_rows = Vec::with_capacity(DEMO_NEEDS);
    let mut plans: Vec<Plan> = Vec::new();
    for i in 0..DEMO_NEEDS {
        let template = match i {
            pending::HOSPITAL_CLINIC => by_name("社区义诊"),
            pending::HOSPITAL_FOLLOW_UP => by_name("慢性病老人上门随访"),
            _ => (i * 11) % NEEDS.len(),
        };
        let (category, title, beneficiaries, count, key, urgency) = NEEDS[template];
        let days_ago = 360 - (i * 356 / (DEMO_NEEDS - 1)) as i64;
        let raised_on = today - Duration::days(days_ago);
        let created_at = local_at(raised_on, 8 * 60 + 30 + (i as i64 * 37) % 300);
        let wanted_by = match i {
            pending::IN_SERVICE_OVERDUE => today - Duration::days(3),
            pending::OPEN_OVERDUE => today - Duration::days(5),
            pending::ACCEPTED | pending::HOSPITAL_CLINIC => today + Duration::days(10),
            pending::IN_SERVICE => today + Duration::days(5),
            pending::HOSPITAL_FOLLOW_UP => today + Duration::days(12),
            pending::OPEN_AFTER_DECLINE | pending::OPEN => today + Duration::days(14),
            _ => raised_on + Duration::days(10 + (i as i64 % 4) * 5),
        };
        let area = area_of(i);
        let by = raiser(area);
        let resource = by_key[key];
        let base = Plan {
            need: Some(i),
            resource,
            unit_id: offering[ITEMS[resource].0].0,
            area_id: area,
            quantity: ITEMS[resource].7,
            wanted_by: Some(wanted_by),
            note: (i % 5 == 1).then(|| NOTES[i % NOTES.len()]),
            fate: Fate::Closed,
            t0: created_at + Duration::hours(3),
            span: wanted_by - raised_on,
            ordered_by: by,
            unit_actor: unit_actor(ITEMS[resource].0),
            rater: admin,
            reason: None,
            rating: if i % 23 == 7 {
                3
            } else if i % 10 == 3 {
                4
            } else {
                5
            },
            participants: 2 + (i % 6) as i32,
            reached: count,
            variety: i,
        };
        // A first try that came to nothing: another unit declined, or the community withdrew it.
        let failed_first = |fate: Fate| {
            let other = by_key[NEEDS[(template + 1) % NEEDS.len()].4];
            Plan {
                resource: other,
                unit_id: offering[ITEMS[other].0].0,
                quantity: ITEMS[other].7,
                unit_actor: unit_actor(ITEMS[other].0),
                fate,
                reason: Some(match fate {
                    Fate::Declined => DECLINE_REASONS[i % DECLINE_REASONS.len()],
                    _ => WITHDRAW_REASONS[i % WITHDRAW_REASONS.len()],
                }),
                t0: created_at + Duration::hours(2),
                span: Duration::days(2),
                note: None,
                ..base.clone()
            }
        };
        let retry = Plan { t0: created_at + Duration::days(3), span: wanted_by - raised_on, ..base.clone() };
        let status = match i {
            pending::IN_SERVICE_OVERDUE => {
                plans.push(Plan { fate: Fate::InProgress, span: Duration::days(20), ..base });
                NeedStatus::InService
            }
            pending::IN_SERVICE => {
                plans.push(Plan { fate: Fate::InProgress, span: Duration::days(16), ..base });
                NeedStatus::InService
            }
            pending::ACCEPTED => {
                plans.push(Plan { fate: Fate::Accepted, span: Duration::days(4), ..base });
                NeedStatus::Matched
            }
            pending::HOSPITAL_CLINIC | pending::HOSPITAL_FOLLOW_UP => {
                plans.push(Plan { fate: Fate::Ordered, t0: created_at + Duration::days(1), ..base });
                NeedStatus::Matched
            }
            pending::OPEN_AFTER_DECLINE => {
                plans.push(failed_first(Fate::Declined));
                NeedStatus::Open
            }
            pending::OPEN_OVERDUE | pending::OPEN => NeedStatus::Open,
            55 => {
                plans.push(failed_first(Fate::Withdrawn));
                NeedStatus::ClosedUnfulfilled
            }
            i if CLOSED_UNFULFILLED.contains(&i) => NeedStatus::ClosedUnfulfilled,
            i if i % 17 == 5 => {
                plans.push(failed_first(if i % 2 == 1 { Fate::Declined } else { Fate::Withdrawn }));
                let fate = if i >= UNRATED_FROM { Fate::Delivered } else { Fate::Closed };
                plans.push(Plan { fate, ..retry });
                NeedStatus::Done
            }
            i => {
                let fate = if i >= UNRATED_FROM { Fate::Delivered } else { Fate::Closed };
                plans.push(Plan { fate, ..base });
                NeedStatus::Done
            }
        };
        need_rows.push(NeedRow {
            area_id: area,
            category: category.as_str(),
            title,
            description: Some(format!("{}走访收集：{beneficiaries}约{count}人有此需求。", community.1)),
            beneficiary_count: Some(count),
            beneficiaries: Some(beneficiaries),
            urgency: urgency.as_str(),
            wanted_by: Some(wanted_by),
            raised_by: by,
            status: status.as_str(),
            close_reason: (status == NeedStatus::ClosedUnfulfilled).then(|| CLOSE_REASONS[i % CLOSE_REASONS.len()]),
            version: 1,
            created_at,
            updated_at: created_at,
        });
    }

    // Shelf orders ("你点单我接单"): one every ten days or so; the newest still waiting or underway.
    for k in 0..SHELF_ORDERS {
        let fate = match k {
            35 => Fate::Ordered,
            34 => Fate::Accepted,
            33 | 32 => Fate::Delivered,
            12 => Fate::Declined,
            25 => Fate::Withdrawn,
            _ => Fate::Closed,
        };
        let mut pick = (k * 7 + 3) % shelf.len();
        while fate.is_live() && USED_UP.contains(&ITEMS[shelf[pick]].9) {
            pick = (pick + 1) % shelf.len();
        }
        let resource = shelf[pick];
        let ordered_on = today - Duration::days(355 - k as i64 * 10);
        let area = area_of(k + 1);
        plans.push(Plan {
            need: None,
            resource,
            unit_id: offering[ITEMS[resource].0].0,
            area_id: area,
            quantity: ITEMS[resource].7,
            wanted_by: Some(ordered_on + Duration::days(14)),
            note: (k % 3 == 0).then(|| NOTES[k % NOTES.len()]),
            fate,
            t0: local_at(ordered_on, 10 * 60 + (k as i64 * 23) % 360),
            span: Duration::days(12),
            ordered_by: raiser(area),
            unit_actor: unit_actor(ITEMS[resource].0),
            rater: admin,
            reason: match fate {
                Fate::Declined => Some(DECLINE_REASONS[k % DECLINE_REASONS.len()]),
                Fate::Withdrawn => Some(WITHDRAW_REASONS[k % WITHDRAW_REASONS.len()]),
                _ => None,
            },
            rating: if k % 9 == 4 { 4 } else { 5 },
            participants: 2 + (k % 4) as i32,
            reached: 20 + (k as i32 * 13) % 80,
            variety: k + 1,
        });
    }
    for p in plans.iter_mut() {
        (p.t0, p.span) = fit(p.t0, p.span, now);
    }
    plans.sort_by_key(|p| p.t0);

    let outcome = outcome(&plans, rows.len(), need_rows.len());
    for (i, row) in rows.iter_mut().enumerate() {
        row.reserved = outcome.reserved[i];
        let key = ITEMS[i].9;
        if USED_UP.contains(&key) && !plans.iter().any(|p| p.resource == i && p.fate == Fate::Ordered) {
            row.quantity = Some(row.reserved);
            row.status = ResourceStatus::UsedUp.as_str();
        } else if let Some(q) = row.quantity {
            // What a year of services took, with room for three more.
            row.quantity = Some(q.max(row.reserved + 3 * ITEMS[i].7));
        }
    }
    for (i, need) in need_rows.iter_mut().enumerate() {
        settle_need(need, outcome.need_last[i], now);
    }

    let resource_ids = insert_returning_ids!(conn, resources, &rows, 15);
    let served_rows: Vec<ServedRow> = served
        .iter()
        .zip(&resource_ids)
        .flat_map(|(list, id)| list.iter().map(|a| ServedRow { resource_id: *id, area_id: *a }))
        .collect();
    insert_rows!(conn, resource_areas, &served_rows, 2);
    let need_ids = insert_returning_ids!(conn, needs, &need_rows, 14);
    let mut people: Vec<i64> = contacts.clone();
    people.extend([admin, worker, hospital_contact]);
    let names: HashMap<i64, String> = users::table
        .filter(users::id.eq_any(&people))
        .select((users::id, users::display_name))
        .load(conn)?
        .into_iter()
        .collect();
    let (services, events) = insert_services(conn, &plans, &resource_ids, &need_ids, &names)?;
    Ok(Some(DemoFigures {
        shelf_items: shelf.len(),
        shelf_units: {
            let mut u: Vec<usize> = shelf.iter().map(|i| ITEMS[*i].0).collect();
            u.sort_unstable();
            u.dedup();
            u.len()
        },
        resources: rows.len(),
        needs: need_rows.len(),
        fulfilled: need_rows.iter().filter(|n| n.status == NeedStatus::Done.as_str()).count(),
        services,
        events,
        contacts: created,
    }))
}

fn by_name(title: &str) -> usize {
    NEEDS.iter().position(|n| n.1 == title).unwrap_or(0)
}

// --- city scale ---------------------------------------------------------------------------------------------------

pub const CITY_RESOURCES: usize = 50_000;
pub const CITY_NEEDS: usize = 200_000;
pub const CITY_SERVICES: usize = 300_000;
/// City data cover two years.
const CITY_DAYS: i64 = 730;

/// What the city-scale supply data hold.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CityFigures {
    pub resources: usize,
    pub resource_areas: usize,
    pub needs: usize,
    pub services: usize,
    pub events: usize,
}

/// Titles of city resources by category.
fn city_titles(category: ResourceCategory) -> &'static [&'static str] {
    match category {
        R::Venue => &["党群活动室", "多功能会议室", "职工书屋", "室外活动场地", "报告厅"],
        R::Funds => &["困难群众帮扶资金", "助学奖励金", "社区公益微基金", "节日慰问金"],
        R::Goods => &["爱心米面油", "防疫消杀物资", "冬季取暖煤", "图书捐赠", "应急救灾物资"],
        R::Skills => &["法律咨询", "义诊巡诊", "家电维修", "心理疏导", "课业辅导", "技能培训"],
        R::VolunteerService => &["环境卫生志愿服务", "助老志愿服务", "文明劝导志愿服务", "夜间巡逻志愿服务"],
        R::Policy => &["惠民政策宣讲", "就业创业政策咨询", "医保政策解读"],
        R::Other => &["就业岗位推荐", "车辆运输支持"],
    }
}

/// Category, measure, a yearly quantity (None: no limit) and what one service takes.
fn city_resource(r: usize) -> (ResourceCategory, Option<&'static str>, Option<i32>, i32) {
    let category = match draw(r, 1, 100) {
        0..=24 => R::VolunteerService,
        25..=49 => R::Skills,
        50..=64 => R::Goods,
        65..=76 => R::Venue,
        77..=86 => R::Policy,
        87..=94 => R::Funds,
        _ => R::Other,
    };
    let limited = draw(r, 2, 3) != 0;
    match category {
        R::Funds => (category, Some("分"), Some(1_000_000 * (1 + draw(r, 3, 10) as i32)), 50_000),
        R::Goods => (category, Some("份"), Some(100 + 20 * draw(r, 3, 20) as i32), 10),
        R::Venue => (category, Some("场"), limited.then(|| 24 + draw(r, 3, 30) as i32), 1),
        _ => (category, Some("次"), limited.then(|| 20 + draw(r, 3, 60) as i32), 1),
    }
}

fn city_need_status(days_ago: i64, n: usize) -> NeedStatus {
    let roll = draw(n, 11, 100);
    if days_ago > 45 {
        match roll {
            0..=87 => NeedStatus::Done,
            88..=94 => NeedStatus::ClosedUnfulfilled,
            95..=97 => NeedStatus::Open,
            98 => NeedStatus::Matched,
            _ => NeedStatus::InService,
        }
    } else {
        match roll {
            0..=34 => NeedStatus::Done,
            35..=59 => NeedStatus::Open,
            60..=79 => NeedStatus::Matched,
            80..=94 => NeedStatus::InService,
            _ => NeedStatus::ClosedUnfulfilled,
        }
    }
}

fn city_order_fate(days_ago: i64, k: usize) -> Fate {
    let roll = draw(k, 21, 100);
    if days_ago > 30 {
        match roll {
            0..=85 => Fate::Closed,
            86..=87 => Fate::Delivered,
            88..=92 => Fate::Declined,
            93..=96 => Fate::Withdrawn,
            _ => Fate::Dropped,
        }
    } else {
        match roll {
            0..=24 => Fate::Ordered,
            25..=39 => Fate::Accepted,
            40..=54 => Fate::InProgress,
            55..=69 => Fate::Delivered,
            70..=89 => Fate::Closed,
            90..=94 => Fate::Declined,
            _ => Fate::Withdrawn,
        }
    }
}

fn city_rating(k: usize) -> i32 {
    match draw(k, 31, 100) {
        0..=59 => 5,
        60..=89 => 4,
        90..=97 => 3,
        _ => 2,
    }
}

fn refusal(fate: Fate, k: usize) -> Option<&'static str> {
    match fate {
        Fate::Declined => Some(DECLINE_REASONS[k % DECLINE_REASONS.len()]),
        Fate::Withdrawn => Some(WITHDRAW_REASONS[k % WITHDRAW_REASONS.len()]),
        Fate::Dropped => Some(DROP_REASONS[k % DROP_REASONS.len()]),
        _ => None,
    }
}

/// A community's resources as the generator picks them.
#[derive(Default)]
struct Offer {
    /// Every resource of the community's units.
    all: Vec<usize>,
    /// Those available now, on or off the shelf.
    available: Vec<usize>,
    shelf: Vec<usize>,
    shelf_available: Vec<usize>,
}

/// City scale: 50,000 resources of the units (ten each), serving their grid,
/// community or street; 200,000 needs of the grids and communities over two
/// years; 300,000 services — matches for those needs and shelf orders —
/// with their timelines (about 1.3 million entries). Actors are the grid
/// workers who raise needs and the community offices, which order, rate and
/// act for units without an account of their own. Runs after the city's
/// areas, accounts and units; skipped when the resources are there already.
pub fn city(conn: &mut DbConn) -> Result<CityFigures, ApiError> {
    if resources::table.count().get_result::<i64>(conn)? >= CITY_RESOURCES as i64 {
        return Ok(CityFigures::default());
    }
    let now = Utc::now().naive_utc();
    let today = local_today();
    // Communities and their grids, the streets above them.
    let communities: Vec<(i64, Option<i64>)> = areas::table
        .filter(areas::kind.eq("community"))
        .order(areas::id)
        .select((areas::id, areas::parent_id))
        .load(conn)?;
    let grids: Vec<(i64, Option<i64>)> = areas::table
        .filter(areas::kind.eq("grid"))
        .order(areas::code)
        .select((areas::id, areas::parent_id))
        .load(conn)?;
    let unit_rows: Vec<(i64, i64)> = units::table.order(units::id).select((units::id, units::area_id)).load(conn)?;
    if communities.is_empty() || grids.is_empty() || unit_rows.is_empty() {
        return Ok(CityFigures::default());
    }
    let community_pos: HashMap<i64, usize> = communities.iter().enumerate().map(|(i, c)| (c.0, i)).collect();
    let mut grids_of: Vec<Vec<i64>> = vec![Vec::new(); communities.len()];
    for (grid, parent) in &grids {
        if let Some(pos) = parent.and_then(|p| community_pos.get(&p)) {
            grids_of[*pos].push(*grid);
        }
    }
    let first_grid: HashMap<i64, i64> = unit_grids::table
        .select((unit_grids::unit_id, unit_grids::area_id))
        .load::<(i64, i64)>(conn)?
        .into_iter()
        .rev()
        .collect();
    // The staff who act: each community's office (its admin) and each grid's first worker.
    let staff: Vec<(i64, Option<i64>, String, String)> = users::table
        .filter(users::role.eq_any([Role::AreaAdmin.as_str(), Role::GridWorker.as_str(), Role::Admin.as_str()]))
        .order(users::id.desc())
        .select((users::id, users::area_id, users::role, users::display_name))
        .load(conn)?;
    let fallback = staff.last().map(|s| s.0).ok_or_else(|| ApiError::internal("no staff account to act"))?;
    let mut office: HashMap<i64, i64> = HashMap::new();
    let mut worker: HashMap<i64, i64> = HashMap::new();
    let mut names: HashMap<i64, String> = HashMap::new();
    for (id, area, role, name) in staff {
        if let Some(area) = area {
            if role == Role::GridWorker.as_str() {
                worker.insert(area, id);
            } else if role == Role::AreaAdmin.as_str() {
                office.insert(area, id);
            }
        }
        names.insert(id, name);
    }
    let office_of = |community: i64| office.get(&community).copied().unwrap_or(fallback);

    // Resources, ten per unit, offered over the two years.
    let availabilities: Vec<String> =
        [When::Always, When::Weekends, When::Workdays, When::Season].iter().map(|w| w.availability(today)).collect();
    let mut rows = Vec::with_capacity(CITY_RESOURCES);
    let mut meta: Vec<(usize, ResourceCategory, i32)> = Vec::with_capacity(CITY_RESOURCES);
    let mut served = Vec::with_capacity(CITY_RESOURCES + CITY_RESOURCES / 10);
    let mut offers: Vec<Offer> = (0..communities.len()).map(|_| Offer::default()).collect();
    let per_unit = CITY_RESOURCES.div_ceil(unit_rows.len());
    for r in 0..CITY_RESOURCES {
        let (unit_id, home) = unit_rows[(r / per_unit) % unit_rows.len()];
        let c = community_pos.get(&home).copied().unwrap_or(r % communities.len());
        let (community, street) = communities[c];
        let (category, measure, quantity, per_service) = city_resource(r);
        let titles = city_titles(category);
        let status = match draw(r, 4, 100) {
            0..=87 => ResourceStatus::Available,
            88..=92 => ResourceStatus::Paused,
            93..=96 => ResourceStatus::UsedUp,
            _ => ResourceStatus::Withdrawn,
        };
        let shelf = draw(r, 5, 10) < 3;
        let days_ago = CITY_DAYS + 30 - (r as i64 * CITY_DAYS / CITY_RESOURCES as i64);
        let created_at = local_at(today - Duration::days(days_ago), 8 * 60 + draw(r, 6, 600) as i64);
        rows.push(ResourceRow {
            unit_id,
            category: category.as_str(),
            title: titles[draw(r, 7, titles.len() as u64) as usize].to_string(),
            description: None,
            quantity,
            reserved: 0,
            measure,
            availability: availabilities[draw(r, 8, availabilities.len() as u64) as usize].clone(),
            contact_name: Some("党务联络员".into()),
            contact_phone: Some("0483-6020000".into()),
            status: status.as_str(),
            shelf,
            version: 1,
            created_at,
            updated_at: created_at,
        });
        let grid = first_grid.get(&unit_id).copied().or_else(|| grids_of[c].first().copied()).unwrap_or(community);
        let mut areas_served = match draw(r, 9, 20) {
            0..=7 => vec![grid],
            8..=15 => vec![community],
            16..=18 => vec![street.unwrap_or(community)],
            _ => vec![community, grid],
        };
        areas_served.dedup();
        served.push(areas_served);
        meta.push((c, category, per_service));
        let offer = &mut offers[c];
        offer.all.push(r);
        if shelf {
            offer.shelf.push(r);
        }
        if status == ResourceStatus::Available {
            offer.available.push(r);
            if shelf {
                offer.shelf_available.push(r);
            }
        }
    }
    let all_shelf: Vec<usize> = (0..CITY_RESOURCES).filter(|r| rows[*r].shelf).collect();
    // Who acts for a unit: the office of the community it is stationed in.
    let unit_office = |r: usize| office_of(communities[meta[r].0].0);

    // Needs, evenly over the grids, newest last.
    let mut need_rows = Vec::with_capacity(CITY_NEEDS);
    let mut plans: Vec<Plan> = Vec::with_capacity(CITY_SERVICES);
    for n in 0..CITY_NEEDS {
        let (grid, parent) = grids[n % grids.len()];
        let c = parent.and_then(|p| community_pos.get(&p).copied()).unwrap_or(0);
        let community = communities[c].0;
        let on_grid = draw(n, 10, 10) < 7;
        let area = if on_grid { grid } else { community };
        let raised_by = if on_grid {
            worker.get(&grid).copied().unwrap_or_else(|| office_of(community))
        } else {
            office_of(community)
        };
        let days_ago = ((CITY_NEEDS - n) as i64 * CITY_DAYS / CITY_NEEDS as i64).min(CITY_DAYS);
        let raised_on = today - Duration::days(days_ago);
        let created_at = local_at(raised_on, 8 * 60 + draw(n, 12, 600) as i64);
        let wanted_by = raised_on + Duration::days(7 + draw(n, 13, 38) as i64);
        let (category, title, beneficiaries, count, _, urgency) = NEEDS[draw(n, 14, NEEDS.len() as u64) as usize];
        let urgency = match draw(n, 15, 100) {
            0..=19 => Urgency::Low,
            20..=74 => Urgency::Normal,
            75..=92 => Urgency::High,
            _ => urgency,
        };
        let status = city_need_status(days_ago, n);
        let reached = 1 + (count * (50 + draw(n, 16, 100) as i32) / 100);
        need_rows.push(NeedRow {
            area_id: area,
            category: category.as_str(),
            title,
            description: None,
            beneficiary_count: Some(reached),
            beneficiaries: Some(beneficiaries),
            urgency: urgency.as_str(),
            wanted_by: Some(wanted_by),
            raised_by,
            status: status.as_str(),
            close_reason: (status == NeedStatus::ClosedUnfulfilled).then(|| CLOSE_REASONS[n % CLOSE_REASONS.len()]),
            version: 1,
            created_at,
            updated_at: created_at,
        });
        // The resource: the first of the community's that fits the category, from a point of its own.
        let choose = |list: &[usize], salt: u64| -> Option<usize> {
            if list.is_empty() {
                return None;
            }
            let start = draw(n, salt, list.len() as u64) as usize;
            let fits = (0..list.len().min(24))
                .map(|k| list[(start + k) % list.len()])
                .find(|r| category_points(category, meta[*r].1) >= 15);
            Some(fits.unwrap_or(list[start]))
        };
        let plan = |resource: usize, fate: Fate, t0: NaiveDateTime, span: Duration, salt: u64| Plan {
            need: Some(n),
            resource,
            unit_id: rows[resource].unit_id,
            area_id: area,
            quantity: meta[resource].2,
            wanted_by: Some(wanted_by),
            note: (draw(n, salt + 1, 10) == 0).then(|| NOTES[n % NOTES.len()]),
            fate,
            t0,
            span,
            ordered_by: raised_by,
            unit_actor: unit_office(resource),
            rater: office_of(community),
            reason: refusal(fate, n),
            rating: city_rating(n),
            participants: 2 + draw(n, salt + 2, 8) as i32,
            reached,
            variety: n,
        };
        let mut t0 = created_at + Duration::hours(1 + draw(n, 17, 20) as i64);
        let span = Duration::hours(24 * 2 + draw(n, 18, 24 * 18) as i64);
        // Some needs went through a first try that came to nothing.
        let first_try = match status {
            NeedStatus::Done | NeedStatus::InService => draw(n, 19, 100) < 12,
            NeedStatus::Open => draw(n, 19, 100) < 25,
            NeedStatus::ClosedUnfulfilled => draw(n, 19, 100) < 40,
            NeedStatus::Matched => false,
        };
        if first_try {
            if let Some(r) = choose(&offers[c].all, 20) {
                let fate = match draw(n, 22, 3) {
                    0 => Fate::Declined,
                    1 => Fate::Withdrawn,
                    _ => Fate::Dropped,
                };
                let short = Duration::hours(24 + draw(n, 23, 48) as i64);
                plans.push(plan(r, fate, t0, short, 30));
                t0 += short;
            }
        }
        let fate = match status {
            NeedStatus::Done if days_ago > 10 && draw(n, 24, 100) < 94 => Some(Fate::Closed),
            NeedStatus::Done => Some(Fate::Delivered),
            NeedStatus::InService => Some(Fate::InProgress),
            NeedStatus::Matched if draw(n, 24, 100) < 55 => Some(Fate::Ordered),
            NeedStatus::Matched => Some(Fate::Accepted),
            _ => None,
        };
        if let Some(fate) = fate {
            let pool = if fate.is_live() { &offers[c].available } else { &offers[c].all };
            if let Some(r) = choose(pool, 25) {
                plans.push(plan(r, fate, t0, span, 40));
            } else {
                // No resource in reach: the need waits on the board.
                need_rows[n].status = NeedStatus::Open.as_str();
            }
        }
    }
    let need_services = plans.len();

    // Shelf orders fill up the services, evenly over the communities and the two years.
    let orders = CITY_SERVICES.saturating_sub(need_services);
    for k in 0..orders {
        let c = k % communities.len();
        let community = communities[c].0;
        let days_ago = ((orders - k) as i64 * CITY_DAYS / orders.max(1) as i64).min(CITY_DAYS);
        let fate = city_order_fate(days_ago, k);
        let offer = &offers[c];
        let pool: &[usize] = match (fate.is_live(), offer.shelf_available.is_empty(), offer.shelf.is_empty()) {
            (true, false, _) => &offer.shelf_available,
            (false, _, false) => &offer.shelf,
            _ => &all_shelf,
        };
        if pool.is_empty() {
            break;
        }
        let resource = pool[draw(k, 26, pool.len() as u64) as usize];
        let area = match (draw(k, 27, 2), grids_of[c].is_empty()) {
            (0, false) => grids_of[c][draw(k, 28, grids_of[c].len() as u64) as usize],
            _ => community,
        };
        let ordered_on = today - Duration::days(days_ago);
        plans.push(Plan {
            need: None,
            resource,
            unit_id: rows[resource].unit_id,
            area_id: area,
            quantity: meta[resource].2,
            wanted_by: Some(ordered_on + Duration::days(7 + draw(k, 29, 21) as i64)),
            note: (draw(k, 30, 8) == 0).then(|| NOTES[k % NOTES.len()]),
            fate,
            t0: local_at(ordered_on, 8 * 60 + draw(k, 32, 600) as i64),
            span: Duration::hours(24 * 2 + draw(k, 33, 24 * 14) as i64),
            ordered_by: office_of(community),
            unit_actor: unit_office(resource),
            rater: office_of(community),
            reason: refusal(fate, k),
            rating: city_rating(k + CITY_NEEDS),
            participants: 2 + draw(k, 34, 10) as i32,
            reached: 10 + draw(k, 35, 200) as i32,
            variety: k,
        });
    }
    for p in plans.iter_mut() {
        (p.t0, p.span) = fit(p.t0, p.span, now);
    }
    plans.sort_by_key(|p| p.t0);

    let outcome = outcome(&plans, rows.len(), need_rows.len());
    for (r, row) in rows.iter_mut().enumerate() {
        row.reserved = outcome.reserved[r];
        if let Some(q) = row.quantity {
            row.quantity = Some(if row.status == ResourceStatus::UsedUp.as_str() {
                row.reserved
            } else {
                q.max(row.reserved + meta[r].2 * (1 + draw(r, 36, 10) as i32))
            });
        }
    }
    for (n, need) in need_rows.iter_mut().enumerate() {
        settle_need(need, outcome.need_last[n], now);
    }

    let resource_ids = insert_returning_ids!(conn, resources, &rows, 15);
    let served_rows: Vec<ServedRow> = served
        .iter()
        .zip(&resource_ids)
        .flat_map(|(list, id)| list.iter().map(|a| ServedRow { resource_id: *id, area_id: *a }))
        .collect();
    insert_rows!(conn, resource_areas, &served_rows, 2);
    drop(rows);
    let need_ids = insert_returning_ids!(conn, needs, &need_rows, 14);
    let (services, events) = insert_services(conn, &plans, &resource_ids, &need_ids, &names)?;
    Ok(CityFigures {
        resources: resource_ids.len(),
        resource_areas: served_rows.len(),
        needs: need_ids.len(),
        services,
        events,
    })
}
