use chrono::{Duration, Utc};
use diesel::prelude::*;

use super::dto::{AuditEntryDto, AuditPage, AuditQuery};
use super::model::{AuditRow, NewAuditRow};
use crate::auth::caller::subtree_bounds;
use crate::auth::{AreaScope, Caller};
use crate::db::schema::audit_log;
use crate::db::DbConn;
use crate::http::list::{decode_id_cursor, Paging};
use crate::http::meta::RequestMeta;
use crate::http::ApiError;

/// What happened, to what, where.
pub struct Entry<'a> {
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<i64>,
    /// Path of the area the entity belongs to: who may read the entry.
    pub area_path: Option<&'a str>,
    pub changes: Option<serde_json::Value>,
}

/// The acting account; `None` fields for anonymous events (a failed sign-in).
pub struct Actor<'a> {
    pub id: Option<i64>,
    pub username: Option<&'a str>,
    pub role: Option<&'a str>,
}

impl<'a> From<&'a Caller> for Actor<'a> {
    fn from(c: &'a Caller) -> Self {
        Actor { id: Some(c.user_id), username: Some(&c.username), role: Some(c.role.as_str()) }
    }
}

/// Appends an entry; call it inside the transaction of the change.
pub fn record<'a>(
    conn: &mut DbConn,
    actor: impl Into<Actor<'a>>,
    meta: &RequestMeta,
    entry: Entry,
) -> Result<(), ApiError> {
    let actor = actor.into();
    diesel::insert_into(audit_log::table)
        .values(NewAuditRow {
            at: Utc::now().naive_utc(),
            actor_id: actor.id,
            actor_username: actor.username,
            actor_role: actor.role,
            action: entry.action,
            entity: entry.entity,
            entity_id: entry.entity_id,
            area_path: entry.area_path,
            changes: entry.changes.map(|c| c.to_string()),
            client_ip: meta.client_ip.as_deref(),
            request_id: meta.request_id.as_deref(),
        })
        .execute(conn)?;
    Ok(())
}

/// Entries the caller may read: those of areas in their subtree; entries tied
/// to no area (system-wide events) only for callers who reach everything.
pub fn list(conn: &mut DbConn, caller: &Caller, q: &AuditQuery) -> Result<AuditPage, ApiError> {
    let paging = Paging::new(q.page, q.page_size)?;
    let cursor = q.cursor.as_deref().map(|raw| decode_id_cursor(raw, 'a')).transpose()?;
    let filtered = || {
        let mut query = audit_log::table.into_boxed();
        if let AreaScope::Subtree(prefix) = &caller.scope {
            let (lo, hi) = subtree_bounds(prefix);
            query = query.filter(audit_log::area_path.ge(lo)).filter(audit_log::area_path.lt(hi));
        }
        if let Some(entity) = &q.entity {
            query = query.filter(audit_log::entity.eq(entity.clone()));
        }
        if let Some(id) = q.entity_id {
            query = query.filter(audit_log::entity_id.eq(id));
        }
        if let Some(id) = q.actor_id {
            query = query.filter(audit_log::actor_id.eq(id));
        }
        if let Some(action) = &q.action {
            query = query.filter(audit_log::action.eq(action.clone()));
        }
        if let Some(from) = q.from {
            query = query.filter(audit_log::at.ge(from.naive_utc()));
        }
        if let Some(to) = q.to {
            query = query.filter(audit_log::at.lt(to.naive_utc()));
        }
        query
    };
    match cursor {
        Some(after) => {
            let mut query = filtered();
            if let Some(before_id) = after {
                query = query.filter(audit_log::id.lt(before_id));
            }
            let rows: Vec<AuditRow> = query.order(audit_log::id.desc()).limit(paging.page_size + 1).load(conn)?;
            let more = rows.len() as i64 > paging.page_size;
            let items: Vec<AuditEntryDto> =
                rows.into_iter().take(paging.page_size as usize).map(AuditEntryDto::from).collect();
            let next_cursor = if more { items.last().map(|e| format!("a{}", e.id)) } else { None };
            Ok(AuditPage { items, total: None, page: None, page_size: paging.page_size, next_cursor })
        }
        None => {
            let total: i64 = filtered().count().get_result(conn)?;
            let rows: Vec<AuditRow> =
                filtered().order(audit_log::id.desc()).limit(paging.page_size).offset(paging.offset()).load(conn)?;
            Ok(AuditPage {
                items: rows.into_iter().map(AuditEntryDto::from).collect(),
                total: Some(total),
                page: Some(paging.page),
                page_size: paging.page_size,
                next_cursor: None,
            })
        }
    }
}

/// Deletes entries older than the retention period; returns how many.
pub fn prune(conn: &mut DbConn, retention_days: i64) -> Result<usize, ApiError> {
    let days = retention_days.max(crate::config::MIN_AUDIT_RETENTION_DAYS);
    let cutoff = Utc::now().naive_utc() - Duration::days(days);
    Ok(diesel::delete(audit_log::table.filter(audit_log::at.lt(cutoff))).execute(conn)?)
}

/// The fields that differ between two snapshots: `{"field": {"from": .., "to": ..}}`.
/// Bookkeeping fields (version, timestamps) are left out.
pub fn diff(before: &serde_json::Value, after: &serde_json::Value) -> serde_json::Value {
    const SKIP: &[&str] = &["version", "updated_at", "created_at"];
    let mut out = serde_json::Map::new();
    if let (Some(b), Some(a)) = (before.as_object(), after.as_object()) {
        for (key, new) in a {
            if SKIP.contains(&key.as_str()) {
                continue;
            }
            let old = b.get(key).unwrap_or(&serde_json::Value::Null);
            if old != new {
                out.insert(key.clone(), serde_json::json!({ "from": old, "to": new }));
            }
        }
    }
    serde_json::Value::Object(out)
}

/// A snapshot of an object for the audit trail.
pub fn snapshot<T: serde::Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}
