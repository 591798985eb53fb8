use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::households;

crate::text_enum! {
    /// Why a household is helped (帮扶类别); a household may have several.
    pub enum Category {
        /// 低保户
        MinimumLiving => "minimum_living",
        /// 特困供养
        ExtremePoverty => "extreme_poverty",
        /// 残疾
        Disability => "disability",
        /// 独居老人
        ElderlyAlone => "elderly_alone",
        /// 留守儿童
        LeftBehindChild => "left_behind_child",
        /// 大病
        SeriousIllness => "serious_illness",
        /// 失业
        Unemployment => "unemployment",
        /// 其他
        Other => "other",
    }
}

impl Category {
    /// The Chinese name in ledgers.
    pub fn label(self) -> &'static str {
        match self {
            Category::MinimumLiving => "低保",
            Category::ExtremePoverty => "特困",
            Category::Disability => "残疾",
            Category::ElderlyAlone => "独居老人",
            Category::LeftBehindChild => "留守儿童",
            Category::SeriousIllness => "大病",
            Category::Unemployment => "失业",
            Category::Other => "其他",
        }
    }
}

crate::text_enum! {
    /// Where a household stands.
    pub enum HouseholdStatus {
        /// 帮扶中
        Active => "active",
        /// 已脱困
        Lifted => "lifted",
        /// 已迁出
        Moved => "moved",
        /// 已故
        Deceased => "deceased",
    }
}

impl HouseholdStatus {
    pub fn label(self) -> &'static str {
        match self {
            HouseholdStatus::Active => "帮扶中",
            HouseholdStatus::Lifted => "已脱困",
            HouseholdStatus::Moved => "已迁出",
            HouseholdStatus::Deceased => "已故",
        }
    }
}

#[derive(Debug, Clone, Queryable)]
pub struct Household {
    pub id: i64,
    pub household_no: String,
    pub head_name: String,
    /// Sealed with the data key; see `crate::crypto`.
    pub head_id_number_sealed: Option<String>,
    pub head_id_number_hash: Option<String>,
    pub head_id_number_masked: Option<String>,
    pub phone_sealed: Option<String>,
    pub phone_masked: Option<String>,
    pub situation_sealed: Option<String>,
    /// JSON array of members.
    pub members: String,
    pub area_id: i64,
    pub address: Option<String>,
    /// JSON array of category codes.
    pub categories: String,
    pub status: String,
    pub archived_at: Option<NaiveDateTime>,
    pub erased_at: Option<NaiveDateTime>,
    pub created_by: i64,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Household {
    pub fn status(&self) -> HouseholdStatus {
        // The CHECK constraint keeps the column to the four statuses.
        HouseholdStatus::parse(&self.status).unwrap_or(HouseholdStatus::Active)
    }

    pub fn categories(&self) -> Vec<Category> {
        let codes: Vec<String> = serde_json::from_str(&self.categories).unwrap_or_default();
        codes.iter().filter_map(|c| Category::parse(c)).collect()
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = households)]
pub struct NewHousehold {
    pub household_no: String,
    pub head_name: String,
    pub head_id_number_sealed: Option<String>,
    pub head_id_number_hash: Option<String>,
    pub head_id_number_masked: Option<String>,
    pub phone_sealed: Option<String>,
    pub phone_masked: Option<String>,
    pub situation_sealed: Option<String>,
    pub members: String,
    pub area_id: i64,
    pub address: Option<String>,
    pub categories: String,
    pub status: String,
    pub created_by: i64,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = households)]
pub struct HouseholdChanges {
    pub head_name: Option<String>,
    pub head_id_number_sealed: Option<Option<String>>,
    pub head_id_number_hash: Option<Option<String>>,
    pub head_id_number_masked: Option<Option<String>>,
    pub phone_sealed: Option<Option<String>>,
    pub phone_masked: Option<Option<String>>,
    pub situation_sealed: Option<Option<String>>,
    pub members: Option<String>,
    pub area_id: Option<i64>,
    pub address: Option<Option<String>>,
    pub categories: Option<String>,
    pub status: Option<String>,
    pub archived_at: Option<Option<NaiveDateTime>>,
    pub erased_at: Option<Option<NaiveDateTime>>,
    pub version: Option<i32>,
    pub updated_at: Option<NaiveDateTime>,
}
