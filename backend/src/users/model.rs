use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::users;

#[derive(Debug, Clone, Queryable)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub phone: Option<String>,
    pub role: String,
    pub area_id: Option<i64>,
    pub status: String,
    pub password_hash: String,
    pub must_change_password: bool,
    pub failed_logins: i32,
    pub locked_until: Option<NaiveDateTime>,
    pub last_login_at: Option<NaiveDateTime>,
    pub password_changed_at: NaiveDateTime,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub unit_id: Option<i64>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub phone: Option<&'a str>,
    pub role: &'a str,
    pub area_id: Option<i64>,
    pub status: &'a str,
    pub password_hash: &'a str,
    pub must_change_password: bool,
    pub failed_logins: i32,
    pub unit_id: Option<i64>,
    pub password_changed_at: NaiveDateTime,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = users)]
pub struct UserChanges {
    pub display_name: Option<String>,
    pub phone: Option<Option<String>>,
    pub role: Option<String>,
    pub area_id: Option<Option<i64>>,
    pub status: Option<String>,
    pub unit_id: Option<Option<i64>>,
    pub version: Option<i32>,
    pub updated_at: Option<NaiveDateTime>,
}
