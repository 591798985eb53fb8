use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::audit_log;

#[derive(Debug, Queryable)]
pub struct AuditRow {
    pub id: i64,
    pub at: NaiveDateTime,
    pub actor_id: Option<i64>,
    pub actor_username: Option<String>,
    pub actor_role: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub area_path: Option<String>,
    pub changes: Option<String>,
    pub client_ip: Option<String>,
    pub request_id: Option<String>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = audit_log)]
pub struct NewAuditRow<'a> {
    pub at: NaiveDateTime,
    pub actor_id: Option<i64>,
    pub actor_username: Option<&'a str>,
    pub actor_role: Option<&'a str>,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<i64>,
    pub area_path: Option<&'a str>,
    pub changes: Option<String>,
    pub client_ip: Option<&'a str>,
    pub request_id: Option<&'a str>,
}
