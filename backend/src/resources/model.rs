use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::resources;

crate::text_enum! {
    /// What kind of help a resource is.
    pub enum ResourceCategory {
        /// 场地
        Venue => "venue",
        /// 资金 (counted in fen)
        Funds => "funds",
        /// 物资
        Goods => "goods",
        /// 人才技能: lawyers, doctors, teachers ...
        Skills => "skills",
        /// 志愿服务
        VolunteerService => "volunteer_service",
        /// 政策
        Policy => "policy",
        /// 其他
        Other => "other",
    }
}

impl ResourceCategory {
    /// The category's Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            ResourceCategory::Venue => "场地",
            ResourceCategory::Funds => "资金",
            ResourceCategory::Goods => "物资",
            ResourceCategory::Skills => "人才技能",
            ResourceCategory::VolunteerService => "志愿服务",
            ResourceCategory::Policy => "政策",
            ResourceCategory::Other => "其他",
        }
    }
}

crate::text_enum! {
    /// Whether a resource can be asked for now.
    pub enum ResourceStatus {
        /// 可用
        Available => "available",
        /// 暂停: for a while.
        Paused => "paused",
        /// 已用完: the unit has nothing left to give.
        UsedUp => "used_up",
        /// 已撤回: no longer offered; kept for the record.
        Withdrawn => "withdrawn",
    }
}

#[derive(Debug, Clone, Queryable)]
pub struct Resource {
    pub id: i64,
    pub unit_id: i64,
    pub category: String,
    pub title: String,
    pub description: Option<String>,
    /// `None`: no limit.
    pub quantity: Option<i32>,
    /// Taken by accepted services.
    pub reserved: i32,
    pub measure: Option<String>,
    /// JSON text of `availability::Availability`.
    pub availability: String,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub status: String,
    pub shelf: bool,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Resource {
    /// What is left to give; `None` when there is no limit.
    pub fn remaining(&self) -> Option<i32> {
        remaining(self.quantity, self.reserved)
    }
}

/// What is left of a quantity once the reserved part is taken; `None`: no limit.
pub fn remaining(quantity: Option<i32>, reserved: i32) -> Option<i32> {
    quantity.map(|q| (q - reserved).max(0))
}

#[derive(Debug, Insertable)]
#[diesel(table_name = resources)]
pub struct NewResource {
    pub unit_id: i64,
    pub category: String,
    pub title: String,
    pub description: Option<String>,
    pub quantity: Option<i32>,
    pub reserved: i32,
    pub measure: Option<String>,
    pub availability: String,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub status: String,
    pub shelf: bool,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Fields a PATCH may change; `None` leaves a field alone, `Some(None)` clears it.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = resources)]
pub struct ResourceChanges {
    pub category: Option<String>,
    pub title: Option<String>,
    pub description: Option<Option<String>>,
    pub quantity: Option<Option<i32>>,
    pub measure: Option<Option<String>>,
    pub availability: Option<String>,
    pub contact_name: Option<Option<String>>,
    pub contact_phone: Option<Option<String>>,
    pub status: Option<String>,
    pub shelf: Option<bool>,
    pub version: Option<i32>,
    pub updated_at: Option<NaiveDateTime>,
}
