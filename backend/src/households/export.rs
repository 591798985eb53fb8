//! The household ledger (困难家庭帮扶台账) as a spreadsheet: what the list
//! shows for the filters, masked; with `plain` (and `households.reveal`),
//! identity numbers and phones in full, the export audited with its reason.

use std::fs::File;

use chrono::NaiveDate;
use diesel::prelude::*;

use super::dto::HouseholdListQuery;
use super::model::Household;
use super::repo::{self, Reach};
use crate::audit::{self, Entry};
use crate::auth::Caller;
use crate::crypto::DataKey;
use crate::db::schema::households;
use crate::db::DbConn;
use crate::http::meta::RequestMeta;
use crate::http::xlsx::{Cell, Column, SheetWriter, EXPORT_BATCH};
use crate::http::ApiError;

fn columns() -> Vec<Column> {
    let col = |header: &'static str, width: f64| Column { header, width };
    vec![
        col("户编号", 14.0),
        col("户主", 10.0),
        col("身份证号", 22.0),
        col("联系电话", 16.0),
        col("家庭成员", 30.0),
        col("网格编码", 18.0),
        col("所在网格", 18.0),
        col("住址", 28.0),
        col("帮扶类别", 20.0),
        col("状态", 8.0),
        col("结对帮扶人数", 10.0),
        col("下次走访", 12.0),
        col("走访逾期", 8.0),
        col("归档日期", 12.0),
    ]
}

/// Unmasks rows for a plain export.
pub struct Plain<'a> {
    pub key: &'a DataKey,
    pub reason: String,
}

/// Every household the list shows for these filters, all pages, by id.
pub fn export(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    q: &HouseholdListQuery,
    today: NaiveDate,
    plain: Option<Plain>,
) -> Result<File, ApiError> {
    let reach = repo::reach(conn, caller)?;
    if !matches!(reach, Reach::Staff(_)) {
        return Err(ApiError::Forbidden);
    }
    let mut sheet = SheetWriter::new("困难家庭台账", &columns())?;
    let mut written = 0usize;
    if let Some(filtered) = repo::filtered(conn, &reach, q, today)? {
        let mut after = 0i64;
        loop {
            let rows: Vec<Household> = filtered()
                .filter(households::id.gt(after))
                .order(households::id.asc())
                .limit(EXPORT_BATCH)
                .load(conn)?;
            let Some(last) = rows.last() else { break };
            after = last.id;
            let ids: Vec<i64> = rows.iter().map(|h| h.id).collect();
            let plain_rows: Vec<(Option<String>, Option<String>)> = match &plain {
                Some(p) => rows
                    .iter()
                    .map(|h| Ok((open(p.key, &h.head_id_number_sealed)?, open(p.key, &h.phone_sealed)?)))
                    .collect::<Result<_, ApiError>>()?,
                None => Vec::new(),
            };
            let loaded = repo::load_ids(conn, &ids)?;
            let dtos = repo::to_dtos(conn, loaded, today, false)?;
            for (i, h) in dtos.iter().enumerate() {
                let (id_number, phone) = match plain_rows.get(i) {
                    Some((id, phone)) => (id.clone(), phone.clone()),
                    None => (h.id_number.clone(), h.phone.clone()),
                };
                let members = h
                    .members
                    .iter()
                    .map(|m| match m.age {
                        Some(age) => format!("{}（{}，{}岁）", m.name, m.relation, age),
                        None => format!("{}（{}）", m.name, m.relation),
                    })
                    .collect::<Vec<_>>()
                    .join("、");
                let categories = h.categories.iter().map(|c| c.label()).collect::<Vec<_>>().join("、");
                sheet.row(&[
                    Cell::from(&h.household_no),
                    Cell::from(&h.head_name),
                    Cell::from(id_number.as_deref()),
                    Cell::from(phone.as_deref()),
                    Cell::from(members.as_str()),
                    Cell::from(&h.area.code),
                    Cell::from(&h.area.name),
                    Cell::from(h.address.as_deref()),
                    Cell::from(categories.as_str()),
                    Cell::Text(h.status.label()),
                    Cell::Number(h.active_pairings as f64),
                    h.next_visit_due.map(Cell::Date).unwrap_or(Cell::Blank),
                    Cell::Text(if h.overdue { "是" } else { "否" }),
                    h.archived_at.map(|t| Cell::Date(t.date_naive())).unwrap_or(Cell::Blank),
                ])?;
            }
            written += dtos.len();
        }
    }
    if let Some(p) = &plain {
        let area_path = match &caller.scope {
            crate::auth::AreaScope::Subtree(path) => Some(path.as_str()),
            crate::auth::AreaScope::Everything => None,
        };
        let changes = serde_json::json!({"reason": p.reason.trim(), "rows": written, "plain": true});
        audit::record(
            conn,
            caller,
            meta,
            Entry { action: "export_plain", entity: "household", entity_id: None, area_path, changes: Some(changes) },
        )?;
    }
    sheet.finish()
}

fn open(key: &DataKey, sealed: &Option<String>) -> Result<Option<String>, ApiError> {
    sealed.as_deref().map(|s| key.open(s)).transpose()
}
