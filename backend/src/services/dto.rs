use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::model::ServiceKind;
use super::state::{ServiceAction, ServiceStatus};
use crate::http::validation::not_blank;
use crate::needs::dto::PersonRef;
use crate::needs::NeedCategory;
use crate::resources::dto::UnitRef;
use crate::resources::ResourceCategory;
use crate::users::dto::AreaRef;

/// The resource a service draws on, named for display.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ServiceResource {
    pub id: i64,
    pub title: String,
    pub category: ResourceCategory,
    pub measure: Option<String>,
    pub shelf: bool,
}

/// The need a service meets, named for display.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ServiceNeed {
    pub id: i64,
    pub title: String,
    pub category: NeedCategory,
}

/// What the unit reported on delivery.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Delivery {
    pub delivered_on: NaiveDate,
    /// People of the unit who took part.
    pub participants: Option<i32>,
    /// Residents reached.
    pub beneficiaries_reached: Option<i32>,
    pub notes: Option<String>,
    pub photo_urls: Vec<String>,
}

/// The ordering community's rating.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Rating {
    /// 1 to 5.
    pub score: i32,
    pub comment: Option<String>,
    pub rated_at: DateTime<Utc>,
}

/// One step of a service's life: who, when, from, to, why.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TimelineEntry {
    pub at: DateTime<Utc>,
    pub actor: Option<PersonRef>,
    pub action: ServiceAction,
    /// `null` for the order itself.
    pub from: Option<ServiceStatus>,
    pub to: ServiceStatus,
    pub reason: Option<String>,
}

/// A service (服务清单项) as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceDto {
    pub id: i64,
    pub kind: ServiceKind,
    pub status: ServiceStatus,
    /// The need met; `null` for a shelf order.
    pub need: Option<ServiceNeed>,
    pub resource: ServiceResource,
    /// The unit that gives.
    pub unit: UnitRef,
    /// The ordering community or grid.
    pub area: AreaRef,
    /// How much of the resource it takes, in the resource's measure.
    pub quantity: i32,
    /// The day it is wanted by: the need's for a match, the order's for a shelf item.
    pub wanted_by: Option<NaiveDate>,
    pub note: Option<String>,
    /// Accepted or in progress, and its `wanted_by` day has passed (deployment time zone).
    pub overdue: bool,
    /// Why it was declined or cancelled.
    pub reason: Option<String>,
    pub delivery: Option<Delivery>,
    pub rating: Option<Rating>,
    pub ordered_by: PersonRef,
    /// Every transition, oldest first.
    pub timeline: Vec<TimelineEntry>,
    /// Changes with every action (also the ETag).
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// With `need_id`: propose a resource for a need (the area and wanted-by
/// day are the need's). Without: order a shelf item for `area_id`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateService {
    /// A pending need within your reach.
    pub need_id: Option<i64>,
    /// An available resource within your reach; on the shelf for an order.
    pub resource_id: i64,
    /// For an order: the ordering community or grid, within your reach.
    pub area_id: Option<i64>,
    /// How much of the resource; 1 when omitted.
    #[validate(range(min = 1, max = 2_000_000_000, code = "out_of_range"))]
    pub quantity: Option<i32>,
    /// For an order: the day it is wanted by.
    pub wanted_by: Option<NaiveDate>,
    #[validate(length(max = 2000, code = "invalid_length"))]
    pub note: Option<String>,
}

/// `decline` and `cancel`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonBody {
    /// Required.
    #[validate(length(min = 1, max = 500, code = "invalid_length"), custom(function = "not_blank"))]
    pub reason: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeliverService {
    /// Not after today (`in_the_future`).
    pub delivered_on: NaiveDate,
    #[validate(range(min = 0, max = 1_000_000, code = "out_of_range"))]
    pub participants: Option<i32>,
    #[validate(range(min = 0, max = 10_000_000, code = "out_of_range"))]
    pub beneficiaries_reached: Option<i32>,
    #[validate(length(max = 5000, code = "invalid_length"))]
    pub notes: Option<String>,
    /// `http(s)://` addresses of photos, at most 20.
    #[serde(default)]
    #[validate(length(max = 20, code = "invalid_length"))]
    pub photo_urls: Vec<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RateService {
    /// 1 to 5.
    #[validate(range(min = 1, max = 5, code = "out_of_range"))]
    pub score: i32,
    #[validate(length(max = 2000, code = "invalid_length"))]
    pub comment: Option<String>,
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ServiceListQuery {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    /// `created_at`, `updated_at`, `wanted_by`, `id`; `-` for descending (default `-created_at`).
    pub sort: Option<String>,
    /// Text search in the resource's title.
    pub q: Option<String>,
    pub status: Option<ServiceStatus>,
    pub kind: Option<ServiceKind>,
    /// A unit's services: with `status=ordered`, its inbox of orders.
    pub unit_id: Option<i64>,
    pub need_id: Option<i64>,
    pub resource_id: Option<i64>,
    /// Services ordered by this area or an area under it.
    pub area_id: Option<i64>,
    /// `true`: accepted or in progress past the `wanted_by` day; `false`: all others.
    pub overdue: Option<bool>,
}

impl ServiceListQuery {
    pub fn filters(&self) -> ServiceFilters {
        ServiceFilters {
            sort: self.sort.clone(),
            q: self.q.clone(),
            status: self.status,
            kind: self.kind,
            unit_id: self.unit_id,
            need_id: self.need_id,
            resource_id: self.resource_id,
            area_id: self.area_id,
            overdue: self.overdue,
        }
    }
}

/// The filters of `GET /services` without its paging: what an export takes.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ServiceFilters {
    /// As in the list; default `-created_at`.
    pub sort: Option<String>,
    /// Text search in the resource's title.
    pub q: Option<String>,
    pub status: Option<ServiceStatus>,
    pub kind: Option<ServiceKind>,
    pub unit_id: Option<i64>,
    pub need_id: Option<i64>,
    pub resource_id: Option<i64>,
    /// Services ordered by this area or an area under it.
    pub area_id: Option<i64>,
    /// `true`: accepted or in progress past the `wanted_by` day; `false`: all others.
    pub overdue: Option<bool>,
}
