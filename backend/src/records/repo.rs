//! Service records. Hours once confirmed are history: the table refuses
//! updates and deletes (a trigger on both databases), and a correction is an
//! adjustment row whose minutes are the change, so every total is one SUM
//! and the ledger shows who changed what, when and why.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate, Utc};
use chrono_tz::Tz;
use diesel::dsl::{count, count_star, sum};
use diesel::prelude::*;
use diesel::sql_types::Bool;

use super::dto::{
    AdjustServiceRecord, CreateServiceRecord, MyHours, MyHoursQuery, MyRecordsQuery, ServiceRecordDto,
    ServiceRecordListQuery, TotalRow, Totals, TotalsGroup, TotalsQuery, YearHours,
};
use super::model::{hours, NewServiceRecord, RecordKind, ServiceRecord};
use crate::apply_sort;
use crate::areas::model::{path_ids, Area};
use crate::areas::repo::{self as areas_repo, AreaFilter};
use crate::audit::{self, Entry};
use crate::auth::{AreaScope, Caller, Role};
use crate::db::schema::{areas, service_records, units, users, volunteer_projects, volunteers};
use crate::db::{DbBackend, DbConn};
use crate::enrollments::dto::{ProjectRef, VolunteerRef};
use crate::enrollments::model::Enrollment;
use crate::http::list::{decode_id_cursor, in_batches, parse_sort, CursorPage, Paging};
use crate::http::meta::RequestMeta;
use crate::http::ApiError;
use crate::needs::dto::PersonRef;
use crate::projects::repo::{self as projects_repo, Loaded as LoadedProject};
use crate::resources::dto::UnitRef;
use crate::units::repo::areas_in;
use crate::users::dto::{AreaRef, AREA_REF_COLUMNS};
use crate::volunteers::model::Volunteer;
use crate::volunteers::repo as volunteers_repo;

const SORTABLE: &[&str] = &["service_date", "created_at", "minutes", "id"];
/// The most groups a volunteer or unit total answers with.
const MOST_GROUPS: i64 = 1000;
const DEFAULT_GROUPS: i64 = 100;

/// A condition on service records, built per request from the caller's
/// reach and the filters; boxed so that the list, the export and the
/// grouped totals (whose statements have other types) share it.
type Predicate = Box<dyn BoxableExpression<service_records::table, DbBackend, SqlType = Bool>>;

/// Records staff can see: of service done in their subtree, or of volunteers
/// who reported to it (their hours elsewhere are still their volunteers').
fn visible(caller: &Caller) -> Predicate {
    if caller.role == Role::UnitContact {
        // The hours served on the projects their unit organises, to correct them.
        let theirs = volunteer_projects::table
            .filter(volunteer_projects::organiser_unit_id.eq(caller.unit_id.unwrap_or(-1)))
            .select(volunteer_projects::id);
        return Box::new(service_records::project_id.eq_any(theirs));
    }
    match &caller.scope {
        AreaScope::Everything => Box::new(true.into_sql::<Bool>()),
        AreaScope::Subtree(prefix) => Box::new(
            service_records::area_id
                .eq_any(areas_in(prefix))
                .or(service_records::volunteer_area_id.eq_any(areas_in(prefix))),
        ),
    }
}

/// What the filters of the list, the export and the totals share.
#[derive(Debug, Clone, Default)]
struct Filters {
    volunteer_id: Option<i64>,
    project_id: Option<i64>,
    unit_id: Option<i64>,
    area_id: Option<i64>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    kind: Option<RecordKind>,
}

impl From<&ServiceRecordListQuery> for Filters {
    fn from(q: &ServiceRecordListQuery) -> Self {
        Filters {
            volunteer_id: q.volunteer_id,
            project_id: q.project_id,
            unit_id: q.unit_id,
            area_id: q.area_id,
            from: q.from,
            to: q.to,
            kind: q.kind,
        }
    }
}

impl From<&TotalsQuery> for Filters {
    fn from(q: &TotalsQuery) -> Self {
        Filters {
            volunteer_id: q.volunteer_id,
            project_id: q.project_id,
            unit_id: q.unit_id,
            area_id: q.area_id,
            from: q.from,
            to: q.to,
            kind: None,
        }
    }
}

/// The caller's records matching the filters, as a factory of the
/// condition; `None` when `area_id` lies out of reach (an empty answer, not
/// an error).
fn select(conn: &mut DbConn, caller: &Caller, f: &Filters) -> Result<Option<impl Fn() -> Predicate>, ApiError> {
    let area = match areas_repo::area_filter(conn, &caller.scope, f.area_id)? {
        AreaFilter::OutOfReach => return Ok(None),
        AreaFilter::Subtree(path) => Some(path),
        AreaFilter::Anywhere => None,
    };
    let (caller, f) = (caller.clone(), f.clone());
    Ok(Some(move || {
        let mut p = visible(&caller);
        if let Some(path) = &area {
            p = Box::new(p.and(service_records::area_id.eq_any(areas_in(path))));
        }
        if let Some(id) = f.volunteer_id {
            p = Box::new(p.and(service_records::volunteer_id.eq(id)));
        }
        if let Some(id) = f.project_id {
            p = Box::new(p.and(service_records::project_id.eq(id)));
        }
        if let Some(id) = f.unit_id {
            p = Box::new(p.and(service_records::unit_id.eq(id).assume_not_null()));
        }
        if let Some(from) = f.from {
            p = Box::new(p.and(service_records::service_date.ge(from)));
        }
        if let Some(to) = f.to {
            p = Box::new(p.and(service_records::service_date.le(to)));
        }
        if let Some(kind) = f.kind {
            p = Box::new(p.and(service_records::kind.eq(kind.as_str())));
        }
        p
    }))
}

/// A volunteer's own records, between two days.
fn own(volunteer_id: i64, from: Option<NaiveDate>, to: Option<NaiveDate>) -> impl Fn() -> Predicate {
    move || {
        let mut p: Predicate = Box::new(service_records::volunteer_id.eq(volunteer_id));
        if let Some(from) = from {
            p = Box::new(p.and(service_records::service_date.ge(from)));
        }
        if let Some(to) = to {
            p = Box::new(p.and(service_records::service_date.le(to)));
        }
        p
    }
}

pub fn to_dtos(conn: &mut DbConn, rows: Vec<ServiceRecord>) -> Result<Vec<ServiceRecordDto>, ApiError> {
    let ids = |f: fn(&ServiceRecord) -> Option<i64>| -> Vec<i64> {
        let mut ids: Vec<i64> = rows.iter().filter_map(f).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    let (volunteer_ids, project_ids, area_ids) =
        (ids(|r| Some(r.volunteer_id)), ids(|r| Some(r.project_id)), ids(|r| Some(r.area_id)));
    let (unit_ids, user_ids) = (ids(|r| r.unit_id), ids(|r| Some(r.confirmed_by)));
    let originals: Vec<i64> = rows.iter().filter(|r| r.kind() == RecordKind::Original).map(|r| r.id).collect();
    let people: HashMap<i64, (String, String)> = volunteers::table
        .filter(volunteers::id.eq_any(&volunteer_ids))
        .select((volunteers::id, (volunteers::volunteer_no, volunteers::name)))
        .load(conn)?
        .into_iter()
        .collect();
    let titles: HashMap<i64, String> = volunteer_projects::table
        .filter(volunteer_projects::id.eq_any(&project_ids))
        .select((volunteer_projects::id, volunteer_projects::title))
        .load(conn)?
        .into_iter()
        .collect();
    let places: HashMap<i64, AreaRef> = areas::table
        .filter(areas::id.eq_any(&area_ids))
        .select(AREA_REF_COLUMNS)
        .load::<(i64, String, String, String)>(conn)?
        .into_iter()
        .map(|row| (row.0, AreaRef::from_row(row)))
        .collect();
    let unit_names: HashMap<i64, String> = units::table
        .filter(units::id.eq_any(&unit_ids))
        .select((units::id, units::name))
        .load(conn)?
        .into_iter()
        .collect();
    let staff: HashMap<i64, String> = users::table
        .filter(users::id.eq_any(&user_ids))
        .select((users::id, users::display_name))
        .load(conn)?
        .into_iter()
        .collect();
    let corrections: HashMap<i64, i64> = service_records::table
        .filter(service_records::corrects_id.eq_any(&originals))
        .group_by(service_records::corrects_id)
        .select((service_records::corrects_id, sum(service_records::minutes)))
        .load::<(Option<i64>, Option<i64>)>(conn)?
        .into_iter()
        .filter_map(|(id, minutes)| Some((id?, minutes.unwrap_or(0))))
        .collect();
    rows.into_iter()
        .map(|r| {
            let kind = r.kind();
            let (volunteer_no, name) = people.get(&r.volunteer_id).cloned().unwrap_or_default();
            let area =
                places.get(&r.area_id).cloned().ok_or_else(|| ApiError::internal("service record without area"))?;
            Ok(ServiceRecordDto {
                id: r.id,
                kind,
                volunteer: VolunteerRef { id: r.volunteer_id, volunteer_no, name },
                project: ProjectRef { id: r.project_id, title: titles.get(&r.project_id).cloned().unwrap_or_default() },
                enrollment_id: r.enrollment_id,
                area,
                unit: r.unit_id.map(|id| UnitRef { id, name: unit_names.get(&id).cloned().unwrap_or_default() }),
                service_date: r.service_date,
                minutes: r.minutes,
                hours: hours(i64::from(r.minutes)),
                effective_minutes: (kind == RecordKind::Original)
                    .then(|| i64::from(r.minutes) + corrections.get(&r.id).copied().unwrap_or(0)),
                content: r.content,
                corrects_id: r.corrects_id,
                reason: r.reason,
                confirmed_by: PersonRef {
                    id: r.confirmed_by,
                    display_name: staff.get(&r.confirmed_by).cloned().unwrap_or_default(),
                },
                created_at: r.created_at.and_utc(),
            })
        })
        .collect()
}

/// A page of `query`: by number, sorted as asked; or, with a cursor or
/// `updated_since`, by keyset in the order records were written.
fn page_of(
    conn: &mut DbConn,
    condition: impl Fn() -> Predicate,
    paging: &PagingRequest,
) -> Result<CursorPage<ServiceRecordDto>, ApiError> {
    let size = Paging::new(paging.page, paging.page_size)?;
    let after = paging.cursor.as_deref().map(|raw| decode_id_cursor(raw, 'r')).transpose()?;
    let query = || service_records::table.into_boxed().filter(condition());
    if after.is_some() || paging.updated_since.is_some() {
        let mut keyset = query();
        if let Some(since) = paging.updated_since {
            keyset = keyset.filter(service_records::created_at.ge(since.naive_utc()));
        }
        if let Some(Some(id)) = after {
            keyset = keyset.filter(service_records::id.gt(id));
        }
        let rows: Vec<ServiceRecord> = keyset.order(service_records::id.asc()).limit(size.page_size + 1).load(conn)?;
        return Ok(CursorPage::keyset(to_dtos(conn, rows)?, size.page_size, |r| format!("r{}", r.id)));
    }
    let sort = parse_sort(paging.sort.as_deref(), SORTABLE, "-service_date")?;
    let rows: Vec<ServiceRecord> = apply_sort!(query(), &sort, service_records::id, {
        "service_date" => service_records::service_date,
        "created_at" => service_records::created_at,
        "minutes" => service_records::minutes,
        "id" => service_records::id,
    })
    .limit(size.page_size)
    .offset(size.offset())
    .load(conn)?;
    let total = match size.total_from_page(rows.len()) {
        Some(total) => total,
        None => query().count().get_result(conn)?,
    };
    Ok(CursorPage::numbered(size.wrap(to_dtos(conn, rows)?, total)))
}

/// The paging half of a records query.
struct PagingRequest {
    page: Option<i64>,
    page_size: Option<i64>,
    cursor: Option<String>,
    updated_since: Option<chrono::DateTime<Utc>>,
    sort: Option<String>,
}

macro_rules! paging_request_from {
    ($query:ty) => {
        impl From<&$query> for PagingRequest {
            fn from(q: &$query) -> Self {
                PagingRequest {
                    page: q.page,
                    page_size: q.page_size,
                    cursor: q.cursor.clone(),
                    updated_since: q.updated_since,
                    sort: q.sort.clone(),
                }
            }
        }
    };
}
paging_request_from!(ServiceRecordListQuery);
paging_request_from!(MyRecordsQuery);

pub fn list(
    conn: &mut DbConn,
    caller: &Caller,
    q: &ServiceRecordListQuery,
) -> Result<CursorPage<ServiceRecordDto>, ApiError> {
    let paging = PagingRequest::from(q);
    match select(conn, caller, &Filters::from(q))? {
        Some(query) => page_of(conn, query, &paging),
        None => {
            let size = Paging::new(q.page, q.page_size)?;
            Ok(CursorPage::numbered(size.wrap(Vec::new(), 0)))
        }
    }
}

/// The signed-in volunteer's own records (`/me/service-records`).
pub fn mine(conn: &mut DbConn, caller: &Caller, q: &MyRecordsQuery) -> Result<CursorPage<ServiceRecordDto>, ApiError> {
    let me = volunteers_repo::of_account(conn, caller)?.volunteer.id;
    page_of(conn, own(me, q.from, q.to), &PagingRequest::from(q))
}

/// Every record the list shows for these filters, a batch at a time, for the export.
pub fn for_each_batch(
    conn: &mut DbConn,
    caller: &Caller,
    q: &ServiceRecordListQuery,
    batch: i64,
    each: impl FnMut(Vec<ServiceRecordDto>) -> Result<(), ApiError>,
) -> Result<(), ApiError> {
    let Some(condition) = select(conn, caller, &Filters::from(q))? else { return Ok(()) };
    let sort = parse_sort(q.sort.as_deref(), SORTABLE, "-service_date")?;
    in_batches(
        batch,
        |limit, offset| {
            let rows: Vec<ServiceRecord> =
                apply_sort!(service_records::table.into_boxed().filter(condition()), &sort, service_records::id, {
                    "service_date" => service_records::service_date,
                    "created_at" => service_records::created_at,
                    "minutes" => service_records::minutes,
                    "id" => service_records::id,
                })
                .limit(limit)
                .offset(offset)
                .load(conn)?;
            to_dtos(conn, rows)
        },
        each,
    )
}

/// A record the caller can see; 404 for one absent or out of reach.
pub fn find(conn: &mut DbConn, caller: &Caller, id: i64) -> Result<ServiceRecordDto, ApiError> {
    let row: ServiceRecord = service_records::table
        .filter(visible(caller))
        .filter(service_records::id.eq(id))
        .first(conn)
        .optional()?
        .ok_or(ApiError::NotFound)?;
    Ok(to_dtos(conn, vec![row])?.remove(0))
}

fn audit_record(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    action: &str,
    dto: &ServiceRecordDto,
    area_path: &str,
) -> Result<(), ApiError> {
    audit::record(
        conn,
        caller,
        meta,
        Entry {
            action,
            entity: "service_record",
            entity_id: Some(dto.id),
            area_path: Some(area_path),
            changes: Some(serde_json::json!({
                "volunteer_id": dto.volunteer.id,
                "project_id": dto.project.id,
                "service_date": dto.service_date,
                "minutes": dto.minutes,
                "corrects_id": dto.corrects_id,
                "reason": dto.reason,
            })),
        },
    )
}

fn insert(conn: &mut DbConn, row: NewServiceRecord) -> Result<ServiceRecordDto, ApiError> {
    let row: ServiceRecord = diesel::insert_into(service_records::table).values(row).get_result(conn)?;
    Ok(to_dtos(conn, vec![row])?.remove(0))
}

/// What an original record of `minutes` served by `volunteer` on `project`
/// is made of; the volunteer's area and unit are taken as they are now.
struct Served<'a> {
    volunteer: &'a Volunteer,
    project: &'a LoadedProject,
    enrollment_id: Option<i64>,
    service_date: NaiveDate,
    minutes: i32,
    content: String,
}

/// Writes an original record, and its audit entry.
fn record_original(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    served: Served,
) -> Result<ServiceRecordDto, ApiError> {
    let dto = insert(
        conn,
        NewServiceRecord {
            kind: RecordKind::Original.as_str().to_string(),
            volunteer_id: served.volunteer.id,
            project_id: served.project.project.id,
            enrollment_id: served.enrollment_id,
            area_id: served.project.area.id,
            volunteer_area_id: served.volunteer.area_id,
            unit_id: served.volunteer.work_unit_id,
            service_date: served.service_date,
            minutes: served.minutes,
            content: served.content,
            corrects_id: None,
            reason: None,
            confirmed_by: caller.user_id,
            created_at: Utc::now().naive_utc(),
        },
    )?;
    audit_record(conn, caller, meta, "record_hours", &dto, &served.project.area.path)?;
    Ok(dto)
}

/// The original record of a sign-up whose hours the organiser just
/// confirmed: written in the same transaction as the confirmation.
pub fn record_confirmed(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    enrollment: &Enrollment,
    project: &LoadedProject,
    tz: &Tz,
) -> Result<ServiceRecordDto, ApiError> {
    let volunteer: Volunteer = volunteers::table.find(enrollment.volunteer_id).first(conn)?;
    let served = Served {
        volunteer: &volunteer,
        project,
        enrollment_id: Some(enrollment.id),
        service_date: enrollment.starts_at.and_utc().with_timezone(tz).date_naive(),
        minutes: enrollment.minutes.unwrap_or(0).max(0),
        content: project.project.title.clone(),
    };
    record_original(conn, caller, meta, served)
}

/// Hours entered by the project's organiser for a volunteer in reach.
pub fn create(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    input: CreateServiceRecord,
    today: NaiveDate,
) -> Result<ServiceRecordDto, ApiError> {
    let project = projects_repo::find(conn, caller, input.project_id)
        .map_err(|_| ApiError::field("project_id", "not_found", "no such project within your reach"))?;
    projects_repo::require_organiser(caller, &project)?;
    let volunteer = volunteers_repo::find_reference(conn, caller, "volunteer_id", input.volunteer_id)?;
    if input.service_date > today {
        return Err(ApiError::field("service_date", "in_the_future", "hours are recorded for days already served"));
    }
    let content = input.content.map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
    let served = Served {
        volunteer: &volunteer.volunteer,
        project: &project,
        enrollment_id: None,
        service_date: input.service_date,
        minutes: input.minutes,
        content: content.unwrap_or_else(|| project.project.title.clone()),
    };
    record_original(conn, caller, meta, served)
}

/// Corrects an original record: a new adjustment row with the difference
/// between the corrected minutes and what the original counts now.
pub fn adjust(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    id: i64,
    input: AdjustServiceRecord,
) -> Result<ServiceRecordDto, ApiError> {
    let original: ServiceRecord = service_records::table
        .filter(visible(caller))
        .filter(service_records::id.eq(id))
        .first(conn)
        .optional()?
        .ok_or(ApiError::NotFound)?;
    let project = projects_repo::find_unscoped(conn, original.project_id)?;
    projects_repo::require_organiser(caller, &project)?;
    if original.kind() != RecordKind::Original {
        return Err(ApiError::Conflict(
            "invalid_transition",
            format!("record {id} is itself an adjustment; correct the original, record {:?}", original.corrects_id),
        ));
    }
    // Two corrections of one record at once are judged one after the other:
    // the volunteer's row is locked until commit on PostgreSQL (the records
    // themselves take no updates), and SQLite's write transactions are serial.
    diesel::update(volunteers::table.find(original.volunteer_id))
        .set(volunteers::version.eq(volunteers::version))
        .execute(conn)?;
    let corrected: Option<i64> = service_records::table
        .filter(service_records::corrects_id.eq(original.id))
        .select(sum(service_records::minutes))
        .first(conn)?;
    let current = i64::from(original.minutes) + corrected.unwrap_or(0);
    let change = i64::from(input.corrected_minutes) - current;
    if change == 0 {
        return Err(ApiError::field("corrected_minutes", "unchanged", "the record already counts these minutes"));
    }
    let dto = insert(
        conn,
        NewServiceRecord {
            kind: RecordKind::Adjustment.as_str().to_string(),
            volunteer_id: original.volunteer_id,
            project_id: original.project_id,
            enrollment_id: None,
            area_id: original.area_id,
            volunteer_area_id: original.volunteer_area_id,
            unit_id: original.unit_id,
            service_date: original.service_date,
            minutes: i32::try_from(change).map_err(ApiError::internal)?,
            content: original.content.clone(),
            corrects_id: Some(original.id),
            reason: Some(input.reason.trim().to_string()),
            confirmed_by: caller.user_id,
            created_at: Utc::now().naive_utc(),
        },
    )?;
    audit_record(conn, caller, meta, "adjust_hours", &dto, &project.area.path)?;
    Ok(dto)
}

/// (minutes, original records) of one group key.
type Sums = (i64, i64);

/// Sums minutes and counts originals per value of one column; the rest of
/// the grouping (months, child areas) folds these few rows in Rust. The
/// statement is grouped before it is boxed: diesel groups no boxed query.
macro_rules! sums_by {
    ($conn:expr, $condition:expr, $column:expr, $key:ty) => {{
        let minutes: Vec<($key, Option<i64>)> = service_records::table
            .group_by($column)
            .select(($column, sum(service_records::minutes)))
            .into_boxed()
            .filter($condition())
            .load($conn)?;
        let originals: Vec<($key, i64)> = service_records::table
            .group_by($column)
            .select(($column, count_star()))
            .into_boxed()
            .filter($condition())
            .filter(service_records::kind.eq(RecordKind::Original.as_str()))
            .load($conn)?;
        let mut sums: HashMap<$key, Sums> = HashMap::new();
        for (key, m) in minutes {
            sums.entry(key).or_default().0 += m.unwrap_or(0);
        }
        for (key, n) in originals {
            sums.entry(key).or_default().1 += n;
        }
        sums
    }};
}

fn row(id: Option<i64>, label: String, (minutes, records): Sums) -> TotalRow {
    TotalRow { id, label, minutes, hours: hours(minutes), records }
}

/// Hour totals of the records in reach, grouped by volunteer, unit, area,
/// month or year.
pub fn totals(conn: &mut DbConn, caller: &Caller, q: &TotalsQuery) -> Result<Totals, ApiError> {
    let limit = q.limit.unwrap_or(DEFAULT_GROUPS);
    if !(1..=MOST_GROUPS).contains(&limit) {
        return Err(ApiError::field("limit", "out_of_range", format!("must be between 1 and {MOST_GROUPS}")));
    }
    let empty = Totals { group_by: q.group_by, items: Vec::new(), groups: 0, minutes: 0, hours: 0.0, records: 0 };
    let Some(query) = select(conn, caller, &Filters::from(q))? else { return Ok(empty) };
    let mut rows: Vec<TotalRow> = match q.group_by {
        TotalsGroup::Volunteer => {
            let sums = sums_by!(conn, query, service_records::volunteer_id, i64);
            let ids: Vec<i64> = sums.keys().copied().collect();
            let names: HashMap<i64, (String, String)> = volunteers::table
                .filter(volunteers::id.eq_any(&ids))
                .select((volunteers::id, (volunteers::name, volunteers::volunteer_no)))
                .load(conn)?
                .into_iter()
                .collect();
            sums.into_iter()
                .map(|(id, s)| {
                    let (name, no) = names.get(&id).cloned().unwrap_or_default();
                    row(Some(id), format!("{name}（{no}）"), s)
                })
                .collect()
        }
        TotalsGroup::Unit => {
            let sums = sums_by!(conn, query, service_records::unit_id, Option<i64>);
            let ids: Vec<i64> = sums.keys().flatten().copied().collect();
            let names: HashMap<i64, String> = units::table
                .filter(units::id.eq_any(&ids))
                .select((units::id, units::name))
                .load(conn)?
                .into_iter()
                .collect();
            sums.into_iter()
                .map(|(id, s)| match id {
                    Some(id) => row(Some(id), names.get(&id).cloned().unwrap_or_default(), s),
                    None => row(None, "无共建单位".to_string(), s),
                })
                .collect()
        }
        TotalsGroup::Area => {
            let sums = sums_by!(conn, query, service_records::area_id, i64);
            let anchor: Option<Area> = match q.area_id.or(caller.area_id) {
                Some(id) => Some(areas_repo::find(conn, &AreaScope::Everything, id)?),
                None => None,
            };
            let depth = anchor.as_ref().map(|a| path_ids(&a.path).len()).unwrap_or(0);
            let ids: Vec<i64> = sums.keys().copied().collect();
            let paths: HashMap<i64, String> = areas::table
                .filter(areas::id.eq_any(&ids))
                .select((areas::id, areas::path))
                .load(conn)?
                .into_iter()
                .collect();
            // Each record's area, lifted to the child of the anchor it lies under;
            // records of the anchor area itself stay on the anchor.
            let mut folded: HashMap<i64, Sums> = HashMap::new();
            for (area_id, (minutes, records)) in sums {
                let path = paths.get(&area_id).map(|p| path_ids(p)).unwrap_or_default();
                let Some(group) = path.get(depth).or(path.last()).copied() else { continue };
                let entry = folded.entry(group).or_default();
                entry.0 += minutes;
                entry.1 += records;
            }
            let group_ids: Vec<i64> = folded.keys().copied().collect();
            let names: HashMap<i64, (String, String)> = areas::table
                .filter(areas::id.eq_any(&group_ids))
                .select((areas::id, (areas::code, areas::name)))
                .load(conn)?
                .into_iter()
                .collect();
            let mut rows: Vec<(String, TotalRow)> = folded
                .into_iter()
                .map(|(id, s)| {
                    let (code, name) = names.get(&id).cloned().unwrap_or_default();
                    (code, row(Some(id), name, s))
                })
                .collect();
            rows.sort_by(|a, b| a.0.cmp(&b.0));
            rows.into_iter().map(|(_, r)| r).collect()
        }
        TotalsGroup::Month | TotalsGroup::Year => {
            let sums = sums_by!(conn, query, service_records::service_date, NaiveDate);
            let mut folded: BTreeMap<String, Sums> = BTreeMap::new();
            for (day, (minutes, records)) in sums {
                let label = match q.group_by {
                    TotalsGroup::Month => format!("{:04}-{:02}", day.year(), day.month()),
                    _ => format!("{:04}", day.year()),
                };
                let entry = folded.entry(label).or_default();
                entry.0 += minutes;
                entry.1 += records;
            }
            folded.into_iter().map(|(label, s)| row(None, label, s)).collect()
        }
    };
    if matches!(q.group_by, TotalsGroup::Volunteer | TotalsGroup::Unit) {
        rows.sort_by(|a, b| b.minutes.cmp(&a.minutes).then_with(|| a.label.cmp(&b.label)));
    }
    let (minutes, records) = rows.iter().fold((0, 0), |(m, n), r| (m + r.minutes, n + r.records));
    let groups = rows.len() as i64;
    rows.truncate(limit as usize);
    Ok(Totals { group_by: q.group_by, items: rows, groups, minutes, hours: hours(minutes), records })
}

/// The signed-in volunteer's hours: in all, and by year.
pub fn my_hours(conn: &mut DbConn, caller: &Caller, q: &MyHoursQuery) -> Result<MyHours, ApiError> {
    let me = volunteers_repo::of_account(conn, caller)?.volunteer.id;
    let query = own(me, q.from, q.to);
    let by_day = sums_by!(conn, query, service_records::service_date, NaiveDate);
    let mut years: BTreeMap<i32, i64> = BTreeMap::new();
    let (mut minutes, mut records) = (0, 0);
    for (day, (m, n)) in by_day {
        *years.entry(day.year()).or_default() += m;
        minutes += m;
        records += n;
    }
    let projects: i64 = service_records::table
        .filter(query())
        .select(count(service_records::project_id).aggregate_distinct())
        .first(conn)?;
    Ok(MyHours {
        minutes,
        hours: hours(minutes),
        records,
        projects,
        by_year: years.into_iter().rev().map(|(year, m)| YearHours { year, minutes: m, hours: hours(m) }).collect(),
    })
}
