use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::model::Member;
use super::state::AgreementStatus;
use crate::http::body::double_option;
use crate::http::validation::{not_blank, phone_number};

/// The unit that signed, named for display.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AgreementUnit {
    pub id: i64,
    pub name: String,
    pub credit_code: String,
}

/// The community that signed, named for display.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AgreementCommunity {
    pub id: i64,
    pub code: String,
    pub name: String,
}

/// A part-time committee member (兼职委员) named by the unit.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgreementMember {
    #[validate(length(min = 1, max = 50, code = "invalid_length"), custom(function = "not_blank"))]
    pub name: String,
    /// The member's post in the unit or on the committee.
    #[validate(length(min = 1, max = 100, code = "invalid_length"))]
    pub post: Option<String>,
    #[validate(custom(function = "phone_number"))]
    pub phone: Option<String>,
}

impl From<Member> for AgreementMember {
    fn from(m: Member) -> Self {
        AgreementMember { name: m.name, post: m.post, phone: m.phone }
    }
}

/// A co-building agreement (共建协议) between a unit and a community.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgreementDto {
    pub id: i64,
    pub unit: AgreementUnit,
    pub community: AgreementCommunity,
    /// First day of the term.
    pub starts_on: NaiveDate,
    /// Last day of the term.
    pub ends_on: NaiveDate,
    pub signed_on: Option<NaiveDate>,
    /// What the unit undertakes (单位职责).
    pub unit_duties: Option<String>,
    /// What the community undertakes (社区职责).
    pub community_duties: Option<String>,
    /// The status today: an active agreement past its `ends_on` reads `expired`.
    pub status: AgreementStatus,
    /// Set when terminated.
    pub termination_reason: Option<String>,
    /// The agreement this one renews.
    pub renewed_from_id: Option<i64>,
    pub members: Vec<AgreementMember>,
    /// Also sent as the ETag.
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateAgreement {
    /// An active unit within your reach.
    pub unit_id: i64,
    /// An area of kind `community` inside your subtree.
    pub community_id: i64,
    pub starts_on: NaiveDate,
    /// Not before `starts_on` (`ends_before_start`).
    pub ends_on: NaiveDate,
    pub signed_on: Option<NaiveDate>,
    #[validate(length(min = 1, max = 5000, code = "invalid_length"))]
    pub unit_duties: Option<String>,
    #[validate(length(min = 1, max = 5000, code = "invalid_length"))]
    pub community_duties: Option<String>,
    #[serde(default)]
    #[validate(length(max = 50, code = "invalid_length"), nested)]
    pub members: Vec<AgreementMember>,
}

/// Only while the agreement is a draft. Only the fields sent change; `null`
/// clears an optional field; `members` replaces the whole list.
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateAgreement {
    pub unit_id: Option<i64>,
    pub community_id: Option<i64>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    pub signed_on: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    #[validate(length(min = 1, max = 5000, code = "invalid_length"))]
    pub unit_duties: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    #[validate(length(min = 1, max = 5000, code = "invalid_length"))]
    pub community_duties: Option<Option<String>>,
    #[validate(length(max = 50, code = "invalid_length"), nested)]
    pub members: Option<Vec<AgreementMember>>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TerminateAgreement {
    /// Why the agreement ends early; required.
    #[validate(length(min = 1, max = 500, code = "invalid_length"), custom(function = "not_blank"))]
    pub reason: String,
}

/// The term of the follow-up agreement; duties and members are copied.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RenewAgreement {
    pub starts_on: NaiveDate,
    /// Not before `starts_on` (`ends_before_start`).
    pub ends_on: NaiveDate,
    pub signed_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AgreementListQuery {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    /// `starts_on`, `ends_on`, `signed_on`, `created_at`, `id`; `-` for descending (default `-starts_on`).
    pub sort: Option<String>,
    /// Text search in the unit's name.
    pub q: Option<String>,
    pub unit_id: Option<i64>,
    pub community_id: Option<i64>,
    /// Agreements of the communities in this area or under it.
    pub area_id: Option<i64>,
    /// The status today (an active agreement past its end is `expired`).
    pub status: Option<AgreementStatus>,
    /// Active agreements whose last day falls within this many days from today (0–3650).
    pub expiring_within_days: Option<i64>,
}

impl AgreementListQuery {
    pub fn filters(&self) -> AgreementFilters {
        AgreementFilters {
            sort: self.sort.clone(),
            q: self.q.clone(),
            unit_id: self.unit_id,
            community_id: self.community_id,
            area_id: self.area_id,
            status: self.status,
            expiring_within_days: self.expiring_within_days,
        }
    }
}

/// The filters of `GET /agreements` without its paging: what an export takes.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AgreementFilters {
    /// As in the list; default `-starts_on`.
    pub sort: Option<String>,
    /// Text search in the unit's name.
    pub q: Option<String>,
    pub unit_id: Option<i64>,
    pub community_id: Option<i64>,
    /// Agreements of the communities in this area or under it.
    pub area_id: Option<i64>,
    /// The status today (an active agreement past its end is `expired`).
    pub status: Option<AgreementStatus>,
    /// Active agreements whose last day falls within this many days from today (0–3650).
    pub expiring_within_days: Option<i64>,
}
