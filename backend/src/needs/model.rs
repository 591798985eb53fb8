use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::needs;

crate::text_enum! {
    /// The nine assembly calls (集结号) a need answers to.
    pub enum NeedCategory {
        /// 环卫整治
        Sanitation => "sanitation",
        /// 扶贫助困
        PovertyRelief => "poverty_relief",
        /// 敬老爱幼助残
        Care => "care",
        /// 政策宣传
        PolicyOutreach => "policy_outreach",
        /// 便民利民
        Convenience => "convenience",
        /// 救灾应急
        DisasterRelief => "disaster_relief",
        /// 民意收集
        OpinionCollection => "opinion_collection",
        /// 精神文明
        Civility => "civility",
        /// 综治维稳
        PublicOrder => "public_order",
    }
}

impl NeedCategory {
    /// The assembly call's Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            NeedCategory::Sanitation => "环卫整治",
            NeedCategory::PovertyRelief => "扶贫助困",
            NeedCategory::Care => "敬老爱幼助残",
            NeedCategory::PolicyOutreach => "政策宣传",
            NeedCategory::Convenience => "便民利民",
            NeedCategory::DisasterRelief => "救灾应急",
            NeedCategory::OpinionCollection => "民意收集",
            NeedCategory::Civility => "精神文明",
            NeedCategory::PublicOrder => "综治维稳",
        }
    }
}

crate::text_enum! {
    /// How soon a need must be met.
    pub enum Urgency {
        /// 一般
        Low => "low",
        /// 普通
        Normal => "normal",
        /// 紧急
        High => "high",
        /// 特急
        Urgent => "urgent",
    }
}

#[derive(Debug, Clone, Queryable)]
pub struct Need {
    pub id: i64,
    pub area_id: i64,
    pub category: String,
    pub title: String,
    pub description: Option<String>,
    pub beneficiary_count: Option<i32>,
    pub beneficiaries: Option<String>,
    pub urgency: String,
    pub wanted_by: Option<NaiveDate>,
    pub raised_by: i64,
    /// Follows its services; see `state::follow`.
    pub status: String,
    pub close_reason: Option<String>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = needs)]
pub struct NewNeed {
    pub area_id: i64,
    pub category: String,
    pub title: String,
    pub description: Option<String>,
    pub beneficiary_count: Option<i32>,
    pub beneficiaries: Option<String>,
    pub urgency: String,
    pub wanted_by: Option<NaiveDate>,
    pub raised_by: i64,
    pub status: String,
    pub close_reason: Option<String>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Fields a PATCH or an action may change; `None` leaves a field alone, `Some(None)` clears it.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = needs)]
pub struct NeedChanges {
    pub category: Option<String>,
    pub title: Option<String>,
    pub description: Option<Option<String>>,
    pub beneficiary_count: Option<Option<i32>>,
    pub beneficiaries: Option<Option<String>>,
    pub urgency: Option<String>,
    pub wanted_by: Option<Option<NaiveDate>>,
    pub status: Option<String>,
    pub close_reason: Option<Option<String>>,
    pub version: Option<i32>,
    pub updated_at: Option<NaiveDateTime>,
}
