use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::certificates;

#[derive(Debug, Clone, Queryable)]
pub struct Certificate {
    pub id: i64,
    pub certificate_no: String,
    pub check_code: String,
    pub volunteer_id: i64,
    pub volunteer_name: String,
    pub volunteer_no: String,
    pub area_id: i64,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub minutes: i32,
    /// JSON array of `CertifiedProject`.
    pub projects: String,
    pub issuer_name: String,
    pub issued_by: i64,
    pub issued_on: NaiveDate,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = certificates)]
pub struct NewCertificate {
    pub certificate_no: String,
    pub check_code: String,
    pub volunteer_id: i64,
    pub volunteer_name: String,
    pub volunteer_no: String,
    pub area_id: i64,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub minutes: i32,
    pub projects: String,
    pub issuer_name: String,
    pub issued_by: i64,
    pub issued_on: NaiveDate,
    pub created_at: NaiveDateTime,
}
