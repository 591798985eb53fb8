//! Ranked matches for a need (需求对接): which resources fit it best, each
//! with its score and the reasons in words the SPA shows.
//!
//! Candidates are narrowed in SQL — available resources with something
//! left, of units still in the alliance, that the caller can see and that
//! serve an area of the need's street or one above it — then scored here.
//! Seven factors, 100 points in all:
//!
//! | factor | points |
//! |---|---|
//! | category fit (need category → resource category) | 0–25 |
//! | closeness in the area tree: same grid 25, community 18, street 10, further 4 | 4–25 |
//! | available between today and the wanted-by day | 0 or 15 |
//! | remaining quantity: no limit 10, else 5 + up to 5 | 6–10 |
//! | active co-building agreement with the need's community | 0 or 15 |
//! | the unit's acceptance rate so far (none yet: 3) | 0–5 |
//! | the unit's average rating so far (none yet: 2) | 0–5 |

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use super::model::NeedCategory;
use super::repo as needs_repo;
use crate::areas::model::{path_ids, AreaKind};
use crate::areas::repo as areas_repo;
use crate::auth::caller::subtree_bounds;
use crate::auth::{AreaScope, Caller};
use crate::db::schema::{agreements, areas, resource_areas, resources, unit_service_records, units};
use crate::db::DbConn;
use crate::http::ApiError;
use crate::resources::availability::Availability;
use crate::resources::dto::ResourceDto;
use crate::resources::model::{remaining, Resource, ResourceCategory, ResourceStatus};
use crate::resources::repo as resources_repo;
use crate::services::record::UnitRecord;
use crate::units::model::UnitStatus;

pub const DEFAULT_LIMIT: i64 = 20;
pub const MAX_LIMIT: i64 = 100;

/// How far ahead a need without a wanted-by day looks for availability.
const LOOK_AHEAD_DAYS: i64 = 30;

crate::text_enum! {
    /// One consideration in a match's score.
    pub enum MatchFactor {
        /// 类别匹配
        Category => "category",
        /// 区域远近
        Closeness => "closeness",
        /// 时间可用
        Availability => "availability",
        /// 剩余数量
        Quantity => "quantity",
        /// 共建协议
        Agreement => "agreement",
        /// 接单率
        AcceptanceRate => "acceptance_rate",
        /// 平均评分
        Rating => "rating",
    }
}

/// Why a match scores what it does, one factor at a time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct MatchReason {
    pub factor: MatchFactor,
    pub points: i32,
    /// Chinese, for display: 同一网格, 有效共建协议, 接单率 80%.
    pub text: String,
}

/// A resource ranked for a need.
#[derive(Debug, Serialize, ToSchema)]
pub struct NeedMatch {
    /// 0–100: the sum of the reasons' points.
    pub score: i32,
    pub reasons: Vec<MatchReason>,
    pub resource: ResourceDto,
}

/// How well a resource category serves a need category; 0 when it does not.
pub fn category_points(need: NeedCategory, resource: ResourceCategory) -> i32 {
    use NeedCategory as N;
    use ResourceCategory as R;
    let table: &[(R, i32)] = match need {
        N::Sanitation => &[(R::VolunteerService, 25), (R::Goods, 20), (R::Funds, 15), (R::Skills, 10)],
        N::PovertyRelief => {
            &[(R::Funds, 25), (R::Goods, 25), (R::Skills, 15), (R::VolunteerService, 15), (R::Policy, 15)]
        }
        N::Care => &[(R::VolunteerService, 25), (R::Skills, 25), (R::Goods, 15), (R::Venue, 15), (R::Funds, 10)],
        N::PolicyOutreach => &[(R::Policy, 25), (R::Skills, 20), (R::Venue, 20), (R::VolunteerService, 10)],
        N::Convenience => &[(R::Skills, 25), (R::VolunteerService, 25), (R::Goods, 15), (R::Venue, 10)],
        N::DisasterRelief => {
            &[(R::Goods, 25), (R::Funds, 25), (R::VolunteerService, 20), (R::Venue, 15), (R::Skills, 10)]
        }
        N::OpinionCollection => &[(R::VolunteerService, 25), (R::Venue, 15), (R::Skills, 15), (R::Policy, 10)],
        N::Civility => &[(R::Venue, 25), (R::VolunteerService, 20), (R::Skills, 15), (R::Funds, 10), (R::Policy, 10)],
        N::PublicOrder => &[(R::VolunteerService, 25), (R::Skills, 20), (R::Policy, 15), (R::Venue, 10)],
    };
    match table.iter().find(|(c, _)| *c == resource) {
        Some((_, p)) => *p,
        None if resource == R::Other => 5,
        None => 0,
    }
}

/// The depth of the deepest area two paths share (3 = a grid, 2 = a
/// community, 1 = a street, 0 = a district, -1 = none): the `/` they have in
/// common, less the leading one and the one closing the top area.
fn shared_depth(a: &str, b: &str) -> i64 {
    let common = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).filter(|(x, _)| *x == b'/').count();
    common as i64 - 2
}

/// What the closest served area is worth, by the depth it shares with the need's area.
fn closeness(depth: i64) -> (i32, &'static str) {
    match depth {
        d if d >= 3 => (25, "同一网格"),
        2 => (18, "同一社区"),
        1 => (10, "同一街道"),
        _ => (4, "同一区县，距离较远"),
    }
}

/// Everything about one candidate that its score depends on.
pub struct Candidate<'a> {
    pub category: ResourceCategory,
    /// The deepest `shared_depth` of an area it serves with the need's area.
    pub depth: i64,
    pub availability: Availability,
    pub remaining: Option<i32>,
    /// The unit of the remaining quantity, for its reason's words: set for
    /// the best only, from their whole rows.
    pub measure: Option<&'a str>,
    pub agreement: bool,
    pub record: UnitRecord,
}

/// The need as matching sees it.
pub struct Wanted {
    pub category: NeedCategory,
    pub wanted_by: Option<NaiveDate>,
    pub today: NaiveDate,
}

fn reason(factor: MatchFactor, points: i32, text: impl Into<String>) -> MatchReason {
    MatchReason { factor, points, text: text.into() }
}

/// What being available by the wanted-by day is worth.
const AVAILABLE_POINTS: i32 = 15;

fn quantity_points(remaining: Option<i32>) -> i32 {
    remaining.map_or(10, |left| 5 + left.clamp(0, 5))
}

fn agreement_points(agreement: bool) -> i32 {
    if agreement {
        15
    } else {
        0
    }
}

/// Taken out of decided (taken or declined); none before the first decision.
fn acceptance_rate(r: &UnitRecord) -> Option<f64> {
    let decided = r.taken + r.declined;
    (decided > 0).then(|| r.taken as f64 / decided as f64)
}

fn acceptance_points(rate: Option<f64>) -> i32 {
    rate.map_or(3, |rate| (rate * 5.0).round() as i32)
}

fn average_rating(r: &UnitRecord) -> Option<f64> {
    (r.ratings > 0).then(|| r.rating_sum as f64 / r.ratings as f64)
}

fn rating_points(average: Option<f64>) -> i32 {
    average.map_or(2, |avg| ((avg - 1.0) / 4.0 * 5.0).round() as i32)
}

impl Wanted {
    /// The days a resource must be available in: today to the wanted-by day,
    /// or the next `LOOK_AHEAD_DAYS` when the need names none.
    fn window(&self) -> (NaiveDate, NaiveDate) {
        match self.wanted_by {
            Some(day) => (self.today, day.max(self.today)),
            None => (self.today, self.today + Duration::days(LOOK_AHEAD_DAYS)),
        }
    }
}

impl Candidate<'_> {
    /// The points of every factor but availability, which is the one that
    /// needs the schedule read: the score is this, or this plus `AVAILABLE_POINTS`.
    fn settled_points(&self, need: &Wanted) -> i32 {
        category_points(need.category, self.category)
            + closeness(self.depth).0
            + quantity_points(self.remaining)
            + agreement_points(self.agreement)
            + acceptance_points(acceptance_rate(&self.record))
            + rating_points(average_rating(&self.record))
    }

    fn available_from(&self, need: &Wanted) -> Option<NaiveDate> {
        let (from, to) = need.window();
        self.availability.first_available(from, to)
    }

    fn availability_points(&self, need: &Wanted) -> i32 {
        if self.available_from(need).is_some() {
            AVAILABLE_POINTS
        } else {
            0
        }
    }

    /// The score without its reasons' words.
    pub fn points(&self, need: &Wanted) -> i32 {
        self.settled_points(need) + self.availability_points(need)
    }
}

/// The reasons of a candidate's score, one per factor; their points sum to `Candidate::points`.
pub fn score(need: &Wanted, c: &Candidate) -> Vec<MatchReason> {
    let mut reasons = Vec::with_capacity(7);
    let fit = category_points(need.category, c.category);
    reasons.push(reason(
        MatchFactor::Category,
        fit,
        if fit >= 20 {
            "类别高度匹配"
        } else if fit > 0 {
            "类别部分匹配"
        } else {
            "类别不匹配"
        },
    ));
    let (near, text) = closeness(c.depth);
    reasons.push(reason(MatchFactor::Closeness, near, text));
    reasons.push(match c.available_from(need) {
        Some(_) if c.availability.always => reason(MatchFactor::Availability, AVAILABLE_POINTS, "随时可用"),
        Some(day) => reason(MatchFactor::Availability, AVAILABLE_POINTS, format!("{} 起可用", day.format("%Y-%m-%d"))),
        None if need.wanted_by.is_some() => reason(MatchFactor::Availability, 0, "需求日期前不可用"),
        None => reason(MatchFactor::Availability, 0, format!("{LOOK_AHEAD_DAYS} 天内不可用")),
    });
    let quantity = quantity_points(c.remaining);
    reasons.push(match c.remaining {
        None => reason(MatchFactor::Quantity, quantity, "数量不限"),
        Some(left) => reason(MatchFactor::Quantity, quantity, format!("剩余 {left}{}", c.measure.unwrap_or(""))),
    });
    let agreement = agreement_points(c.agreement);
    reasons.push(if c.agreement {
        reason(MatchFactor::Agreement, agreement, "有效共建协议")
    } else {
        reason(MatchFactor::Agreement, agreement, "尚无有效共建协议")
    });
    let rate = acceptance_rate(&c.record);
    reasons.push(match rate {
        None => reason(MatchFactor::AcceptanceRate, acceptance_points(rate), "暂无接单记录"),
        Some(r) => reason(MatchFactor::AcceptanceRate, acceptance_points(rate), format!("接单率 {:.0}%", r * 100.0)),
    });
    let average = average_rating(&c.record);
    reasons.push(match average {
        None => reason(MatchFactor::Rating, rating_points(average), "暂无评价"),
        Some(avg) => reason(MatchFactor::Rating, rating_points(average), format!("平均评分 {avg:.1}")),
    });
    reasons
}

/// The best `limit` candidates with their scores, best first; ties go to the
/// lower id (the older resource). Each comes with its stored schedule.
///
/// A street offers a thousand-odd candidates, and reading every schedule
/// (JSON) and wording seven reasons for each was most of a request. So all
/// get the points that need no schedule first; the best of those are
/// finished in that order, and the walk stops once even full availability
/// points could not reach the best `limit`. Reasons are worded by the caller
/// for the few that are shown.
fn rank<'a>(
    need: &Wanted,
    candidates: Vec<(Candidate<'a>, i64, &str)>,
    limit: usize,
) -> Vec<(i32, Candidate<'a>, i64)> {
    // Sorted as (points, id, place) keys: a candidate is ten times the size
    // of its key, and moving whole candidates was most of the sort's time.
    let mut order: Vec<(i32, i64, usize)> =
        candidates.iter().enumerate().map(|(at, (c, id, _))| (c.settled_points(need), *id, at)).collect();
    order.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut candidates: Vec<Option<(Candidate, i64, &str)>> = candidates.into_iter().map(Some).collect();
    let mut best: Vec<(i32, Candidate, i64)> = Vec::with_capacity(limit + 1);
    for (settled_points, id, at) in order {
        if limit == 0 || (best.len() == limit && settled_points + AVAILABLE_POINTS < best[limit - 1].0) {
            break;
        }
        // Each place is in `order` once, so its candidate is still there.
        let Some((mut candidate, _, schedule)) = candidates[at].take() else { continue };
        candidate.availability = Availability::from_stored(schedule);
        let total = settled_points + candidate.availability_points(need);
        let at = best.partition_point(|(t, _, other)| *t > total || (*t == total && *other < id));
        if at < limit {
            best.insert(at, (total, candidate, id));
            best.truncate(limit);
        }
    }
    best
}

/// What ranking reads of a candidate. Most of a street's thousand-odd
/// candidates are dropped, so their text and timestamps are not loaded.
#[derive(Queryable)]
struct Fit {
    id: i64,
    category: String,
    quantity: Option<i32>,
    reserved: i32,
    availability: String,
}

/// A candidate with one of the areas read that it serves (a row for each),
/// its unit's record (none before its first service) and whether the unit
/// has an active agreement with the need's community. One statement, driven
/// by the areas: as six (the candidates, then their units, areas,
/// agreements and records by id) a request sent hundreds of ids four times
/// over, SQLite prepared each of those statements afresh, and each candidate
/// and its served areas were looked up twice.
type FitRow = (Fit, String, Option<UnitRecord>, bool);

/// The resources that fit a need best, best first; ties go to the older resource.
pub fn matches(
    conn: &mut DbConn,
    caller: &Caller,
    need_id: i64,
    limit: Option<i64>,
    today: NaiveDate,
) -> Result<Vec<NeedMatch>, ApiError> {
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::field("limit", "out_of_range", format!("must be between 1 and {MAX_LIMIT}")));
    }
    let loaded = needs_repo::find(conn, caller, need_id)?;
    let need = &loaded.need;
    let need_path = path_ids(&loaded.area.path);
    // The need's street (or whatever lies at depth 1), and every area above the need.
    let street_prefix = match need_path.get(..2) {
        Some(top) => format!("/{}/{}/", top[0], top[1]),
        None => loaded.area.path.clone(),
    };
    let community_id = match loaded.area.kind() {
        AreaKind::Community => loaded.area.id,
        _ => loaded.area.parent_id.unwrap_or(loaded.area.id),
    };
    // Candidates are read through the areas they serve: those of the
    // caller's reach within the need's street, and those above the need. The
    // caller sees resources serving their subtree or an area above them; both
    // that subtree and the street hold the need, so one lies inside the other
    // and the two conditions are one. (Matching is for staff: a unit
    // contact, who also sees their own unit's resources, may not ask.)
    let read = match &caller.scope {
        AreaScope::Subtree(prefix) if prefix.starts_with(&street_prefix) => prefix.clone(),
        _ => street_prefix.clone(),
    };
    let (lo, hi) = subtree_bounds(&read);
    let agreed = agreements::table
        .filter(agreements::community_id.eq(community_id))
        .filter(agreements::status.eq("active"))
        .filter(agreements::starts_on.le(today))
        .filter(agreements::ends_on.ge(today))
        .select(agreements::unit_id);
    let query = areas::table
        .inner_join(resource_areas::table.inner_join(resources::table.inner_join(units::table)))
        .left_join(unit_service_records::table.on(unit_service_records::unit_id.eq(resources::unit_id)))
        .filter(areas::path.ge(lo).and(areas::path.lt(hi)).or(areas_repo::on_path(&need_path)))
        .filter(resources::status.eq(ResourceStatus::Available.as_str()))
        .filter(resources::quantity.is_null().or(resources::quantity.gt(resources::reserved.nullable())))
        .filter(units::status.eq(UnitStatus::Active.as_str()))
        .select((
            // `Fit`'s fields, in order (a tuple, not `as_select`, which is
            // tied to one backend).
            (resources::id, resources::category, resources::quantity, resources::reserved, resources::availability),
            areas::path,
            (
                unit_service_records::taken,
                unit_service_records::declined,
                unit_service_records::rating_sum,
                unit_service_records::ratings,
            )
                .nullable(),
            resources::unit_id.eq_any(agreed),
        ));
    let rows: Vec<FitRow> = conn.load_direct(query)?;
    let wanted = Wanted {
        category: NeedCategory::parse(&need.category).unwrap_or(NeedCategory::Convenience),
        wanted_by: need.wanted_by,
        today,
    };
    // A row for each candidate and area read that it serves, in no order.
    let mut by_id: HashMap<i64, usize> = HashMap::with_capacity(rows.len());
    let mut candidates: Vec<(Candidate, i64, &str)> = Vec::with_capacity(rows.len());
    // Another area a known candidate serves: it may bring it closer.
    let deepen = |candidates: &mut Vec<(Candidate, i64, &str)>, at: usize, path: &str| {
        let candidate = &mut candidates[at].0;
        candidate.depth = candidate.depth.max(shared_depth(&loaded.area.path, path));
    };
    for (fit, path, record, agreement) in &rows {
        if let Some(&at) = by_id.get(&fit.id) {
            deepen(&mut candidates, at, path);
            continue;
        }
        by_id.insert(fit.id, candidates.len());
        let candidate = Candidate {
            category: ResourceCategory::parse(&fit.category).unwrap_or(ResourceCategory::Other),
            depth: shared_depth(&loaded.area.path, path),
            availability: Availability::default(), // `rank` reads the schedule when it needs it
            remaining: remaining(fit.quantity, fit.reserved),
            measure: None, // the best get theirs from their whole rows
            agreement: *agreement,
            record: record.unwrap_or_default(),
        };
        candidates.push((candidate, fit.id, fit.availability.as_str()));
    }
    // An area outside those read meets the need's path no deeper than just
    // above the subtree read: it can bring a candidate closer only when all
    // it serves there lies higher still (a whole district, read as above the
    // need from a community). Those few are read with all their areas.
    let read_depth = path_ids(&read).len() as i64 - 1;
    let shallow: Vec<i64> =
        candidates.iter().filter(|(c, _, _)| c.depth < read_depth - 1).map(|(_, id, _)| *id).collect();
    if !shallow.is_empty() {
        let all: Vec<(i64, String)> = resource_areas::table
            .inner_join(areas::table)
            .filter(resource_areas::resource_id.eq_any(&shallow))
            .select((resource_areas::resource_id, areas::path))
            .load(conn)?;
        for (id, path) in &all {
            deepen(&mut candidates, by_id[id], path);
        }
    }
    let best = rank(&wanted, candidates, limit as usize);
    // Whole rows for the best only, with their units' names. The measure in
    // the quantity's reason comes from these, so the candidates' rows, read
    // for hundreds of resources, leave it out.
    let ids: Vec<i64> = best.iter().map(|(_, _, id)| *id).collect();
    let mut full: HashMap<i64, (Resource, String)> = resources::table
        .inner_join(units::table)
        .filter(resources::id.eq_any(&ids))
        .select((resources::all_columns, units::name))
        .load::<(Resource, String)>(conn)?
        .into_iter()
        .map(|(r, name)| (r.id, (r, name)))
        .collect();
    let mut scored: Vec<(i32, Vec<MatchReason>)> = Vec::with_capacity(best.len());
    let mut shown: Vec<(Resource, String)> = Vec::with_capacity(best.len());
    for (total, candidate, id) in best {
        // A resource deleted since its candidate was read drops out.
        let Some((resource, unit_name)) = full.remove(&id) else { continue };
        let reasons = {
            // Rebound to borrow the measure from this row, which lives
            // shorter than the candidate rows the other fields borrow.
            let mut candidate: Candidate = candidate;
            candidate.measure = resource.measure.as_deref();
            score(&wanted, &candidate)
        };
        scored.push((total, reasons));
        shown.push((resource, unit_name));
    }
    let dtos = resources_repo::named_dtos(conn, shown)?;
    Ok(scored
        .into_iter()
        .zip(dtos)
        .map(|((score, reasons), resource)| NeedMatch { score, reasons, resource })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// The path of the area with these ids, as stored.
    fn path(ids: &[i64]) -> String {
        ids.iter().map(|id| format!("/{id}")).collect::<String>() + "/"
    }

    /// The need's area in these tests: a grid.
    const NEED_AREA: [i64; 4] = [1, 2, 3, 4];

    fn candidate(category: ResourceCategory, served: &[i64]) -> Candidate<'static> {
        Candidate {
            category,
            depth: shared_depth(&path(&NEED_AREA), &path(served)),
            availability: Availability::default(),
            remaining: None,
            measure: None,
            agreement: false,
            record: UnitRecord::default(),
        }
    }

    /// The score as its reasons add up; checked against the points without words.
    fn total(need: &Wanted, c: &Candidate) -> i32 {
        let sum = score(need, c).iter().map(|r| r.points).sum();
        assert_eq!(c.points(need), sum, "the points and the reasons agree");
        sum
    }

    fn need() -> Wanted {
        Wanted { category: NeedCategory::Care, wanted_by: Some(day("2026-06-10")), today: day("2026-06-01") }
    }

    #[test]
    fn shared_depth_counts_whole_areas_only() {
        assert_eq!(shared_depth("/1/2/3/9/", "/1/2/3/9/"), 3);
        assert_eq!(shared_depth("/1/2/3/9/", "/1/2/3/9/12/"), 3);
        assert_eq!(shared_depth("/1/2/3/9/", "/1/2/3/"), 2);
        assert_eq!(shared_depth("/1/2/3/9/", "/1/2/30/"), 1, "community 30 is not community 3");
        assert_eq!(shared_depth("/1/2/3/9/", "/1/5/"), 0);
        assert_eq!(shared_depth("/1/2/", "/10/2/"), -1);
    }

    #[test]
    fn closer_ranks_higher() {
        let n = need();
        let grid = total(&n, &candidate(ResourceCategory::Skills, &[1, 2, 3, 4]));
        let building = total(&n, &candidate(ResourceCategory::Skills, &[1, 2, 3, 4, 9]));
        let community = total(&n, &candidate(ResourceCategory::Skills, &[1, 2, 3]));
        let sibling_grid = total(&n, &candidate(ResourceCategory::Skills, &[1, 2, 3, 5]));
        let street = total(&n, &candidate(ResourceCategory::Skills, &[1, 2]));
        let district = total(&n, &candidate(ResourceCategory::Skills, &[1]));
        assert_eq!(grid, building);
        assert_eq!(community, sibling_grid);
        assert!(grid > community && community > street && street > district);
    }

    #[test]
    fn every_factor_is_explained_and_sums_to_the_score() {
        let n = need();
        let mut best = candidate(ResourceCategory::VolunteerService, &[1, 2, 3, 4]);
        best.agreement = true;
        best.record = UnitRecord { taken: 4, declined: 0, rating_sum: 25, ratings: 5 };
        let reasons = score(&n, &best);
        assert_eq!(reasons.len(), 7);
        assert_eq!(reasons.iter().map(|r| r.points).sum::<i32>(), 100);
        assert_eq!(reasons[1].text, "同一网格");
        assert_eq!(reasons[4].text, "有效共建协议");
        assert_eq!(reasons[5].text, "接单率 100%");
        assert_eq!(reasons[6].text, "平均评分 5.0");
    }

    #[test]
    fn unavailable_by_the_day_and_little_left_cost_points() {
        let n = need();
        let mut late = candidate(ResourceCategory::Skills, &[1, 2, 3, 4]);
        late.availability = Availability {
            always: false,
            date_ranges: vec![crate::resources::availability::DateRange {
                from: day("2026-06-11"),
                to: day("2026-06-30"),
            }],
            weekly: vec![],
        };
        late.remaining = Some(1);
        let reasons = score(&n, &late);
        assert_eq!((reasons[2].points, reasons[2].text.as_str()), (0, "需求日期前不可用"));
        assert_eq!((reasons[3].points, reasons[3].text.as_str()), (6, "剩余 1"));
    }

    /// Ranking with schedules read lazily gives what scoring every candidate
    /// in full and sorting gives, on a spread of candidates with many ties.
    #[test]
    fn ranking_reads_schedules_lazily_and_ranks_as_a_full_sort() {
        let n = need();
        let schedules = [
            Availability::default().to_stored(),
            Availability {
                always: false,
                date_ranges: vec![crate::resources::availability::DateRange {
                    from: day("2026-06-11"),
                    to: day("2026-06-30"),
                }],
                weekly: vec![],
            }
            .to_stored(),
        ];
        let make = |i: i64| {
            let mut c = candidate(ResourceCategory::ALL[i as usize % ResourceCategory::ALL.len()], &[1, 2, 3, 4]);
            c.depth = shared_depth(&path(&NEED_AREA), &path(&[1, 2, 3, 4, 5][..=(i as usize * 7 % 5)]));
            c.remaining = (i % 3 != 0).then_some((i % 7) as i32);
            c.agreement = i % 4 == 0;
            c.record = UnitRecord { taken: i % 5, declined: i % 2, rating_sum: (i % 5) * 4, ratings: i % 5 };
            c
        };
        for limit in [1, 3, 20, 200] {
            let candidates: Vec<(Candidate, i64, &str)> =
                (0..150).map(|i| (make(i), 1000 - i, schedules[(i % 3 == 0) as usize].as_str())).collect();
            let ranked: Vec<(i32, i64)> = rank(&n, candidates, limit).into_iter().map(|(t, _, id)| (t, id)).collect();
            let mut full: Vec<(i32, i64)> = (0..150)
                .map(|i| {
                    let mut c = make(i);
                    c.availability = Availability::from_stored(&schedules[(i % 3 == 0) as usize]);
                    (total(&n, &c), 1000 - i)
                })
                .collect();
            full.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            full.truncate(limit);
            assert_eq!(ranked, full, "limit {limit}");
        }
    }

    #[test]
    fn the_category_table_has_a_best_fit_for_every_need() {
        for need in NeedCategory::ALL {
            assert!(ResourceCategory::ALL.iter().any(|r| category_points(*need, *r) == 25), "{need:?}");
        }
        assert_eq!(category_points(NeedCategory::Sanitation, ResourceCategory::Policy), 0);
        assert_eq!(category_points(NeedCategory::Sanitation, ResourceCategory::Other), 5);
    }
}
