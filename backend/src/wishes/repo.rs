use std::collections::HashMap;

use chrono::Utc;
use diesel::prelude::*;

use super::dto::{ClaimWish, CreateWish, FulfilWish, WishDto, WishListQuery};
use super::model::{NewWish, Wish, WishStatus};
use crate::apply_sort;
use crate::areas::model::{Area, AreaKind};
use crate::areas::repo as areas_repo;
use crate::audit::{self, Entry};
use crate::auth::{AreaScope, Caller, Permission};
use crate::db::schema::{areas, households, units, volunteers, wishes};
use crate::db::{DbBackend, DbConn};
use crate::households::repo::{self as households_repo, Reach};
use crate::http::list::{parse_sort, Page, Paging};
use crate::http::meta::RequestMeta;
use crate::http::{ApiError, FieldError};
use crate::pairings::dto::{HelperRef, HouseholdRef};
use crate::pairings::repo::Helper;
use crate::pairings::HelperKind;
use crate::units::repo::areas_in;
use crate::users::dto::AreaRef;

const SORTABLE: &[&str] = &["created_at", "claimed_at", "id"];

type Boxed = wishes::BoxedQuery<'static, DbBackend>;

/// Whose wish board the caller looks at.
#[derive(Debug, Clone)]
enum Board {
    Staff(AreaScope),
    /// Wishes of the helper's community (`path`), and those they claimed
    /// anywhere. Seeing who claimed one is harmless; the household is hidden.
    Helper {
        helper: Helper,
        path: Option<String>,
    },
    Nothing,
}

/// The community a helper belongs to: their unit's or volunteer's area, or
/// the community above it when that is a grid or building.
fn community_path(conn: &mut DbConn, helper: Helper) -> Result<Option<String>, ApiError> {
    let area_id: Option<i64> = match helper {
        Helper::Unit(id) => units::table.find(id).select(units::area_id).first(conn).optional()?,
        Helper::Volunteer(id) => volunteers::table.find(id).select(volunteers::area_id).first(conn).optional()?,
    };
    let Some(mut area) = area_id.map(|id| areas::table.find(id).first::<Area>(conn)).transpose()? else {
        return Ok(None);
    };
    while matches!(area.kind(), AreaKind::Grid | AreaKind::Building) {
        match area.parent_id {
            Some(parent) => area = areas::table.find(parent).first(conn)?,
            None => break,
        }
    }
    Ok(Some(area.path))
}

fn board(conn: &mut DbConn, caller: &Caller) -> Result<Board, ApiError> {
    Ok(match households_repo::reach(conn, caller)? {
        Reach::Staff(scope) => Board::Staff(scope),
        Reach::Helper(helper) => Board::Helper { helper, path: community_path(conn, helper)? },
        Reach::Nothing => Board::Nothing,
    })
}

fn claimed_by(query: Boxed, helper: Helper) -> Boxed {
    match helper {
        Helper::Unit(id) => query.filter(wishes::claimer_unit_id.eq(id)),
        Helper::Volunteer(id) => query.filter(wishes::claimer_volunteer_id.eq(id)),
    }
}

fn visible(board: &Board) -> Boxed {
    let query = wishes::table.into_boxed();
    match board {
        Board::Staff(AreaScope::Everything) => query,
        Board::Staff(AreaScope::Subtree(prefix)) => query.filter(wishes::area_id.eq_any(areas_in(prefix))),
        Board::Helper { helper, path } => {
            let here = |path: &str| wishes::area_id.eq_any(areas_in(path));
            match (helper, path) {
                (Helper::Unit(id), Some(path)) => query.filter(here(path).or(wishes::claimer_unit_id.eq(*id))),
                (Helper::Volunteer(id), Some(path)) => {
                    query.filter(here(path).or(wishes::claimer_volunteer_id.eq(*id)))
                }
                (helper, None) => claimed_by(query, *helper),
            }
        }
        Board::Nothing => query.filter(wishes::id.eq(-1)),
    }
}

fn to_dtos(conn: &mut DbConn, rows: Vec<Wish>, for_helper: bool) -> Result<Vec<WishDto>, ApiError> {
    let area_ids: Vec<i64> = rows.iter().map(|w| w.area_id).collect();
    let areas: HashMap<i64, Area> =
        areas::table.filter(areas::id.eq_any(&area_ids)).load::<Area>(conn)?.into_iter().map(|a| (a.id, a)).collect();
    let household_ids: Vec<i64> = if for_helper { Vec::new() } else { rows.iter().map(|w| w.household_id).collect() };
    let found: HashMap<i64, HouseholdRef> = households::table
        .filter(households::id.eq_any(&household_ids))
        .select((households::id, households::household_no, households::head_name))
        .load::<(i64, String, String)>(conn)?
        .into_iter()
        .map(|(id, household_no, head_name)| (id, HouseholdRef { id, household_no, head_name }))
        .collect();
    let unit_ids: Vec<i64> = rows.iter().filter_map(|w| w.claimer_unit_id).collect();
    let unit_names: HashMap<i64, String> = units::table
        .filter(units::id.eq_any(&unit_ids))
        .select((units::id, units::name))
        .load(conn)?
        .into_iter()
        .collect();
    let volunteer_ids: Vec<i64> = rows.iter().filter_map(|w| w.claimer_volunteer_id).collect();
    let volunteer_names: HashMap<i64, String> = volunteers::table
        .filter(volunteers::id.eq_any(&volunteer_ids))
        .select((volunteers::id, volunteers::name))
        .load(conn)?
        .into_iter()
        .collect();
    rows.into_iter()
        .map(|w| {
            let claimer = match (w.claimer_unit_id, w.claimer_volunteer_id) {
                (Some(id), _) => Some(HelperRef {
                    kind: HelperKind::Unit,
                    id,
                    name: unit_names.get(&id).cloned().unwrap_or_default(),
                }),
                (None, Some(id)) => Some(HelperRef {
                    kind: HelperKind::Volunteer,
                    id,
                    name: volunteer_names.get(&id).cloned().unwrap_or_default(),
                }),
                (None, None) => None,
            };
            let area = areas.get(&w.area_id).cloned().ok_or_else(|| ApiError::internal("wish without area"))?;
            Ok(WishDto {
                id: w.id,
                status: w.status(),
                household: found.get(&w.household_id).cloned(),
                title: w.title,
                description: w.description,
                area: AreaRef::from(area),
                claimer,
                claimed_at: w.claimed_at.map(|t| t.and_utc()),
                fulfilled_at: w.fulfilled_at.map(|t| t.and_utc()),
                fulfil_note: w.fulfil_note,
                cancel_reason: w.cancel_reason,
                version: w.version,
                created_at: w.created_at.and_utc(),
                updated_at: w.updated_at.and_utc(),
            })
        })
        .collect()
}

fn is_helper(board: &Board) -> bool {
    !matches!(board, Board::Staff(_))
}

/// A household's wishes, for its personal-data export.
pub fn of_household(conn: &mut DbConn, household_id: i64) -> Result<Vec<WishDto>, ApiError> {
    let rows: Vec<Wish> =
        wishes::table.filter(wishes::household_id.eq(household_id)).order(wishes::id.desc()).load(conn)?;
    to_dtos(conn, rows, false)
}

pub fn list(conn: &mut DbConn, caller: &Caller, q: &WishListQuery) -> Result<Page<WishDto>, ApiError> {
    let paging = Paging::new(q.page, q.page_size)?;
    let sort = parse_sort(q.sort.as_deref(), SORTABLE, "-created_at")?;
    let board = board(conn, caller)?;
    let scope = match &board {
        Board::Staff(scope) => scope.clone(),
        _ => AreaScope::Everything,
    };
    let within = match areas_repo::area_filter(conn, &scope, q.area_id)? {
        areas_repo::AreaFilter::OutOfReach => return Ok(paging.wrap(Vec::new(), 0)),
        areas_repo::AreaFilter::Subtree(path) => Some(path),
        areas_repo::AreaFilter::Anywhere => None,
    };
    let filtered = || {
        let mut query = visible(&board);
        if let Some(path) = &within {
            query = query.filter(wishes::area_id.eq_any(areas_in(path)));
        }
        if let Some(status) = q.status {
            query = query.filter(wishes::status.eq(status.as_str()));
        }
        if let (Some(id), false) = (q.household_id, is_helper(&board)) {
            query = query.filter(wishes::household_id.eq(id));
        }
        if q.mine == Some(true) {
            query = match &board {
                Board::Helper { helper, .. } => claimed_by(query, *helper),
                _ => query.filter(wishes::id.eq(-1)),
            };
        }
        query
    };
    let ordered = apply_sort!(filtered(), &sort, wishes::id, {
        "created_at" => wishes::created_at,
        "id" => wishes::id,
    }, nullable {
        "claimed_at" => wishes::claimed_at,
    });
    let rows: Vec<Wish> = ordered.limit(paging.page_size).offset(paging.offset()).load(conn)?;
    let total = match paging.total_from_page(rows.len()) {
        Some(total) => total,
        None => filtered().count().get_result(conn)?,
    };
    Ok(paging.wrap(to_dtos(conn, rows, is_helper(&board))?, total))
}

pub fn get(conn: &mut DbConn, caller: &Caller, id: i64) -> Result<WishDto, ApiError> {
    let board = board(conn, caller)?;
    let row: Wish = visible(&board).filter(wishes::id.eq(id)).first(conn).optional()?.ok_or(ApiError::NotFound)?;
    Ok(to_dtos(conn, vec![row], is_helper(&board))?.remove(0))
}

fn record(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    action: &str,
    wish: &Wish,
    changes: serde_json::Value,
) -> Result<(), ApiError> {
    let path: String = areas::table.find(wish.area_id).select(areas::path).first(conn)?;
    audit::record(
        conn,
        caller,
        meta,
        Entry { action, entity: "wish", entity_id: Some(wish.id), area_path: Some(&path), changes: Some(changes) },
    )
}

pub fn create(conn: &mut DbConn, caller: &Caller, meta: &RequestMeta, input: CreateWish) -> Result<WishDto, ApiError> {
    let reach = Reach::Staff(caller.scope.clone());
    let household = households_repo::find_reference(conn, &reach, "household_id", input.household_id)?;
    if household.household.archived_at.is_some() {
        return Err(ApiError::field("household_id", "not_applicable", "the household is archived"));
    }
    let now = Utc::now().naive_utc();
    let wish: Wish = diesel::insert_into(wishes::table)
        .values(NewWish {
            household_id: household.household.id,
            area_id: household.area.id,
            title: input.title.trim().to_string(),
            description: input.description.map(|d| d.trim().to_string()).filter(|d| !d.is_empty()),
            status: WishStatus::Open.as_str().to_string(),
            created_by: caller.user_id,
            version: 1,
            created_at: now,
            updated_at: now,
        })
        .get_result(conn)?;
    record(conn, caller, meta, "create", &wish, serde_json::json!({"title": wish.title}))?;
    Ok(to_dtos(conn, vec![wish], false)?.remove(0))
}

/// The wish a caller acts on, from their board; 404 when not on it.
fn on_board(conn: &mut DbConn, caller: &Caller, id: i64) -> Result<(Board, Wish), ApiError> {
    let board = board(conn, caller)?;
    let wish = visible(&board).filter(wishes::id.eq(id)).first(conn).optional()?.ok_or(ApiError::NotFound)?;
    Ok((board, wish))
}

fn not_open(wish: &Wish) -> ApiError {
    match wish.status() {
        WishStatus::Claimed | WishStatus::Fulfilled => {
            ApiError::Conflict("already_claimed", "someone has claimed this wish already".into())
        }
        _ => ApiError::Conflict("invalid_transition", "the wish was withdrawn".into()),
    }
}

/// Claims an open wish. One conditional statement decides between claims
/// sent at once: the first wins, the others get 409 `already_claimed`.
pub fn claim(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    id: i64,
    input: ClaimWish,
) -> Result<WishDto, ApiError> {
    let (board, wish) = on_board(conn, caller, id)?;
    let claimer = match (&board, input.unit_id, input.volunteer_id) {
        (Board::Helper { helper, .. }, None, None) => *helper,
        (Board::Helper { .. }, _, _) => {
            return Err(ApiError::field("unit_id", "not_applicable", "a helper claims for themselves"));
        }
        (_, Some(unit), None) => {
            caller.require(Permission::HouseholdsWrite)?;
            crate::units::repo::find_reference(conn, caller, "unit_id", unit)?;
            Helper::Unit(unit)
        }
        (_, None, Some(volunteer)) => {
            caller.require(Permission::HouseholdsWrite)?;
            crate::volunteers::repo::find_reference(conn, caller, "volunteer_id", volunteer)?;
            Helper::Volunteer(volunteer)
        }
        (_, Some(_), Some(_)) => {
            return Err(ApiError::field("volunteer_id", "not_applicable", "a unit or a volunteer, not both"));
        }
        (_, None, None) => {
            return Err(ApiError::Validation(vec![FieldError::new("unit_id", "required", "a unit or a volunteer")]));
        }
    };
    if wish.status() != WishStatus::Open {
        return Err(not_open(&wish));
    }
    let (kind, unit, volunteer) = match claimer {
        Helper::Unit(id) => (HelperKind::Unit, Some(id), None),
        Helper::Volunteer(id) => (HelperKind::Volunteer, None, Some(id)),
    };
    let now = Utc::now().naive_utc();
    let changed = diesel::update(wishes::table.filter(wishes::id.eq(id)).filter(wishes::status.eq("open")))
        .set((
            wishes::status.eq(WishStatus::Claimed.as_str()),
            wishes::claimer_kind.eq(kind.as_str()),
            wishes::claimer_unit_id.eq(unit),
            wishes::claimer_volunteer_id.eq(volunteer),
            wishes::claimed_at.eq(now),
            wishes::version.eq(wishes::version + 1),
            wishes::updated_at.eq(now),
        ))
        .execute(conn)?;
    if changed == 0 {
        return Err(ApiError::Conflict("already_claimed", "someone has claimed this wish already".into()));
    }
    let wish: Wish = wishes::table.find(id).first(conn)?;
    record(
        conn,
        caller,
        meta,
        "claim",
        &wish,
        serde_json::json!({"claimer_kind": kind, "unit_id": unit, "volunteer_id": volunteer}),
    )?;
    Ok(to_dtos(conn, vec![wish], is_helper(&board))?.remove(0))
}

/// Marks a claimed wish fulfilled: its claimer, or staff.
pub fn fulfil(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    id: i64,
    input: FulfilWish,
) -> Result<WishDto, ApiError> {
    let (board, wish) = on_board(conn, caller, id)?;
    if let Board::Helper { helper, .. } = &board {
        let mine = match helper {
            Helper::Unit(u) => wish.claimer_unit_id == Some(*u),
            Helper::Volunteer(v) => wish.claimer_volunteer_id == Some(*v),
        };
        if !mine {
            return Err(ApiError::Forbidden);
        }
    } else {
        caller.require(Permission::HouseholdsWrite)?;
    }
    let now = Utc::now().naive_utc();
    let changed = diesel::update(wishes::table.filter(wishes::id.eq(id)).filter(wishes::status.eq("claimed")))
        .set((
            wishes::status.eq(WishStatus::Fulfilled.as_str()),
            wishes::fulfilled_at.eq(now),
            wishes::fulfil_note.eq(input.note.trim()),
            wishes::version.eq(wishes::version + 1),
            wishes::updated_at.eq(now),
        ))
        .execute(conn)?;
    if changed == 0 {
        return Err(ApiError::Conflict(
            "invalid_transition",
            format!("a wish that is {} cannot be fulfilled", wish.status),
        ));
    }
    let wish: Wish = wishes::table.find(id).first(conn)?;
    record(conn, caller, meta, "fulfil", &wish, serde_json::json!({"note": wish.fulfil_note}))?;
    Ok(to_dtos(conn, vec![wish], is_helper(&board))?.remove(0))
}

/// Withdraws an open or claimed wish (staff).
pub fn cancel(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    id: i64,
    reason: &str,
) -> Result<WishDto, ApiError> {
    let (_, wish) = on_board(conn, caller, id)?;
    let now = Utc::now().naive_utc();
    let changed =
        diesel::update(wishes::table.filter(wishes::id.eq(id)).filter(wishes::status.eq_any(["open", "claimed"])))
            .set((
                wishes::status.eq(WishStatus::Cancelled.as_str()),
                wishes::cancel_reason.eq(reason.trim()),
                wishes::version.eq(wishes::version + 1),
                wishes::updated_at.eq(now),
            ))
            .execute(conn)?;
    if changed == 0 {
        return Err(ApiError::Conflict(
            "invalid_transition",
            format!("a wish that is {} cannot be withdrawn", wish.status),
        ));
    }
    let wish: Wish = wishes::table.find(id).first(conn)?;
    record(conn, caller, meta, "cancel", &wish, serde_json::json!({"reason": reason.trim()}))?;
    Ok(to_dtos(conn, vec![wish], false)?.remove(0))
}
