use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::schema::units;

/// What kind of body a unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// 党政机关
    PartyGovernmentOrgan,
    /// 事业单位
    PublicInstitution,
    /// 国有企业
    StateOwnedEnterprise,
    /// 非公企业
    PrivateEnterprise,
    /// 社会组织
    SocialOrganisation,
    /// 其他
    Other,
}

impl UnitKind {
    pub const ALL: [UnitKind; 6] = [
        UnitKind::PartyGovernmentOrgan,
        UnitKind::PublicInstitution,
        UnitKind::StateOwnedEnterprise,
        UnitKind::PrivateEnterprise,
        UnitKind::SocialOrganisation,
        UnitKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::PartyGovernmentOrgan => "party_government_organ",
            UnitKind::PublicInstitution => "public_institution",
            UnitKind::StateOwnedEnterprise => "state_owned_enterprise",
            UnitKind::PrivateEnterprise => "private_enterprise",
            UnitKind::SocialOrganisation => "social_organisation",
            UnitKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<UnitKind> {
        UnitKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The name staff use on paper and in spreadsheets.
    pub fn label(self) -> &'static str {
        match self {
            UnitKind::PartyGovernmentOrgan => "党政机关",
            UnitKind::PublicInstitution => "事业单位",
            UnitKind::StateOwnedEnterprise => "国有企业",
            UnitKind::PrivateEnterprise => "非公企业",
            UnitKind::SocialOrganisation => "社会组织",
            UnitKind::Other => "其他",
        }
    }

    /// A kind from a spreadsheet cell: its Chinese name (民营企业 is the
    /// everyday word for 非公企业) or the API's enum string.
    pub fn from_label(s: &str) -> Option<UnitKind> {
        if s == "民营企业" {
            return Some(UnitKind::PrivateEnterprise);
        }
        UnitKind::ALL.into_iter().find(|k| k.label() == s).or_else(|| UnitKind::parse(s))
    }
}

/// Whether a unit still takes part in the alliance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum UnitStatus {
    Active,
    /// 已退出: kept for the record, no new agreements.
    Withdrawn,
}

impl UnitStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            UnitStatus::Active => "active",
            UnitStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            UnitStatus::Active => "正常",
            UnitStatus::Withdrawn => "已退出",
        }
    }
}

#[derive(Debug, Clone, Queryable)]
pub struct Unit {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub credit_code: String,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub address: Option<String>,
    pub area_id: i64,
    pub party_member_count: i32,
    pub commitment: Option<String>,
    pub commitment_phone: Option<String>,
    pub status: String,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = units)]
pub struct NewUnit {
    pub name: String,
    pub kind: String,
    pub credit_code: String,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub address: Option<String>,
    pub area_id: i64,
    pub party_member_count: i32,
    pub commitment: Option<String>,
    pub commitment_phone: Option<String>,
    pub status: String,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = units)]
pub struct UnitChanges {
    pub name: Option<String>,
    pub kind: Option<String>,
    pub credit_code: Option<String>,
    pub contact_name: Option<Option<String>>,
    pub contact_phone: Option<Option<String>>,
    pub address: Option<Option<String>>,
    pub area_id: Option<i64>,
    pub party_member_count: Option<i32>,
    pub commitment: Option<Option<String>>,
    pub commitment_phone: Option<Option<String>>,
    pub status: Option<String>,
    pub version: Option<i32>,
    pub updated_at: Option<NaiveDateTime>,
}
