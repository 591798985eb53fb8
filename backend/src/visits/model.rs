use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{visit_photos, visits};

crate::text_enum! {
    /// What a visit was for.
    pub enum VisitKind {
        /// 走访慰问
        Visit => "visit",
        /// 送物资
        Gifts => "gifts",
        /// 代办事项: residence registration, allowance, disability card.
        Paperwork => "paperwork",
        /// 就业帮扶
        Employment => "employment",
        /// 就医帮扶
        Medical => "medical",
        /// 其他
        Other => "other",
    }
}

impl VisitKind {
    pub fn label(self) -> &'static str {
        match self {
            VisitKind::Visit => "走访慰问",
            VisitKind::Gifts => "送物资",
            VisitKind::Paperwork => "代办事项",
            VisitKind::Employment => "就业帮扶",
            VisitKind::Medical => "就医帮扶",
            VisitKind::Other => "其他",
        }
    }
}

crate::text_enum! {
    /// Which paperwork a `paperwork` visit handled.
    pub enum Paperwork {
        /// 户口
        ResidenceRegistration => "residence_registration",
        /// 低保等救助金
        Allowance => "allowance",
        /// 残疾证
        DisabilityCard => "disability_card",
        /// 其他证件
        Other => "other",
    }
}

#[derive(Debug, Clone, Queryable)]
pub struct Visit {
    pub id: i64,
    pub pairing_id: i64,
    pub household_id: i64,
    pub visited_on: NaiveDate,
    pub kind: String,
    pub paperwork: Option<String>,
    pub content: String,
    pub outcome: Option<String>,
    pub follow_up_on: Option<NaiveDate>,
    pub photo_count: i32,
    pub recorded_by: i64,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = visits)]
pub struct NewVisit {
    pub pairing_id: i64,
    pub household_id: i64,
    pub visited_on: NaiveDate,
    pub kind: String,
    pub paperwork: Option<String>,
    pub content: String,
    pub outcome: Option<String>,
    pub follow_up_on: Option<NaiveDate>,
    pub photo_count: i32,
    pub recorded_by: i64,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = visit_photos)]
pub struct NewPhoto {
    pub visit_id: i64,
    pub content_type: String,
    pub byte_size: i32,
    pub data: Vec<u8>,
    pub created_at: NaiveDateTime,
}
