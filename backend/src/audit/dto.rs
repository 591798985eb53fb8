use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::model::AuditRow;

/// One audit entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntryDto {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<i64>,
    pub actor_username: Option<String>,
    pub actor_role: Option<String>,
    /// `create`, `update`, `delete`, `login`, `login_failed`, `password_change` ...
    pub action: String,
    /// `area`, `user`, `session` ...
    pub entity: String,
    pub entity_id: Option<i64>,
    /// The changed fields: `{"name": {"from": "a", "to": "b"}}` for updates, the new values for creates.
    #[schema(value_type = Option<Object>)]
    pub changes: Option<serde_json::Value>,
    pub client_ip: Option<String>,
    pub request_id: Option<String>,
}

impl From<AuditRow> for AuditEntryDto {
    fn from(r: AuditRow) -> Self {
        AuditEntryDto {
            id: r.id,
            at: r.at.and_utc(),
            actor_id: r.actor_id,
            actor_username: r.actor_username,
            actor_role: r.actor_role,
            action: r.action,
            entity: r.entity,
            entity_id: r.entity_id,
            changes: r.changes.and_then(|c| serde_json::from_str(&c).ok()),
            client_ip: r.client_ip,
            request_id: r.request_id,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Page number, from 1 (ignored with `cursor`).
    pub page: Option<i64>,
    /// Items per page, 1–100.
    pub page_size: Option<i64>,
    /// Keyset paging: pass the `next_cursor` of the previous page (empty for the first).
    /// The answer then carries `next_cursor` instead of `total`.
    pub cursor: Option<String>,
    pub entity: Option<String>,
    pub entity_id: Option<i64>,
    pub actor_id: Option<i64>,
    pub action: Option<String>,
    /// Entries at or after this time (RFC 3339).
    pub from: Option<DateTime<Utc>>,
    /// Entries before this time (RFC 3339).
    pub to: Option<DateTime<Utc>>,
}

/// A page of audit entries, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditPage {
    pub items: Vec<AuditEntryDto>,
    /// Total matches (offset paging only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<i64>,
    pub page_size: i64,
    /// Cursor of the next page (keyset paging only); absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}
