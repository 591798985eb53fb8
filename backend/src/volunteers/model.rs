use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::volunteers;

crate::text_enum! {
    /// 政治面貌
    pub enum PoliticalStatus {
        /// 中共党员
        PartyMember => "party_member",
        /// 中共预备党员
        ProbationaryMember => "probationary_member",
        /// 共青团员
        LeagueMember => "league_member",
        /// 群众
        Masses => "masses",
    }
}

crate::text_enum! {
    /// Where a volunteer stands.
    pub enum VolunteerStatus {
        /// 待审核: registered themselves, waiting for the community.
        Pending => "pending",
        /// 已认证: may sign up for shifts.
        Active => "active",
        /// 未通过: the community turned the registration down, with a reason.
        Rejected => "rejected",
        /// 已停用
        Inactive => "inactive",
    }
}

impl PoliticalStatus {
    /// The Chinese name in ledgers.
    pub fn label(self) -> &'static str {
        match self {
            PoliticalStatus::PartyMember => "中共党员",
            PoliticalStatus::ProbationaryMember => "中共预备党员",
            PoliticalStatus::LeagueMember => "共青团员",
            PoliticalStatus::Masses => "群众",
        }
    }
}

impl VolunteerStatus {
    /// The Chinese name in ledgers.
    pub fn label(self) -> &'static str {
        match self {
            VolunteerStatus::Pending => "待审核",
            VolunteerStatus::Active => "已认证",
            VolunteerStatus::Rejected => "未通过",
            VolunteerStatus::Inactive => "已停用",
        }
    }
}

#[derive(Debug, Clone, Queryable)]
pub struct Volunteer {
    pub id: i64,
    pub volunteer_no: String,
    pub name: String,
    pub phone: String,
    /// Sealed with the data key; see `crate::crypto`.
    pub id_number_sealed: Option<String>,
    pub id_number_hash: Option<String>,
    pub id_number_masked: Option<String>,
    pub political_status: String,
    pub in_service: bool,
    pub work_unit_id: Option<i64>,
    pub work_unit_name: Option<String>,
    /// The community or grid reported to.
    pub area_id: i64,
    /// JSON array of strings.
    pub skills: String,
    pub status: String,
    pub reject_reason: Option<String>,
    pub user_id: Option<i64>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Volunteer {
    pub fn status(&self) -> VolunteerStatus {
        // The CHECK constraint keeps the column to the four statuses.
        VolunteerStatus::parse(&self.status).unwrap_or(VolunteerStatus::Inactive)
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = volunteers)]
pub struct NewVolunteer {
    pub volunteer_no: String,
    pub name: String,
    pub phone: String,
    pub id_number_sealed: Option<String>,
    pub id_number_hash: Option<String>,
    pub id_number_masked: Option<String>,
    pub political_status: String,
    pub in_service: bool,
    pub work_unit_id: Option<i64>,
    pub work_unit_name: Option<String>,
    pub area_id: i64,
    pub skills: String,
    pub status: String,
    pub user_id: Option<i64>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = volunteers)]
pub struct VolunteerChanges {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub id_number_sealed: Option<Option<String>>,
    pub id_number_hash: Option<Option<String>>,
    pub id_number_masked: Option<Option<String>>,
    pub political_status: Option<String>,
    pub in_service: Option<bool>,
    pub work_unit_id: Option<Option<i64>>,
    pub work_unit_name: Option<Option<String>>,
    pub area_id: Option<i64>,
    pub skills: Option<String>,
    pub status: Option<String>,
    pub reject_reason: Option<Option<String>>,
    pub version: Option<i32>,
    pub updated_at: Option<NaiveDateTime>,
}
