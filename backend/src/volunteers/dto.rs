use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::model::{PoliticalStatus, VolunteerStatus};
use crate::http::body::double_option;
use crate::http::validation::{not_blank, phone_number};
use crate::users::dto::AreaRef;

/// Where a volunteer works: a joint-building unit (`id` set) or another one by name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WorkUnit {
    pub id: Option<i64>,
    pub name: String,
}

/// A volunteer (志愿者) as the API shows them: the identity number masked.
#[derive(Debug, Serialize, ToSchema)]
pub struct VolunteerDto {
    pub id: i64,
    /// 志愿者编号, e.g. `V2026000042`: show it wherever a number is needed.
    pub volunteer_no: String,
    pub name: String,
    pub phone: String,
    /// Masked, `110***********123X`; `null` when none was given. The plain
    /// number only through `POST /volunteers/{id}/id-number/reveal`.
    pub id_number: Option<String>,
    pub political_status: PoliticalStatus,
    /// 在职党员: an in-service party member reporting to the community.
    pub in_service: bool,
    pub work_unit: Option<WorkUnit>,
    /// The community or grid reported to.
    pub area: AreaRef,
    pub skills: Vec<String>,
    pub status: VolunteerStatus,
    /// Why the registration was turned down.
    pub reject_reason: Option<String>,
    /// Whether the volunteer has an account of their own (the mobile app).
    pub has_account: bool,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn id_number_shape(value: &str) -> Result<(), validator::ValidationError> {
    // The check character and birth date are judged by the repository (it
    // knows today's date); this catches what is plainly not one.
    if value.trim().len() == 18 {
        Ok(())
    } else {
        Err(validator::ValidationError::new("invalid_id_number")
            .with_message("18 characters: 17 digits and a digit or X (GB 11643)".into()))
    }
}

fn skill_list(skills: &[String]) -> Result<(), validator::ValidationError> {
    if skills.iter().all(|s| !s.trim().is_empty() && s.chars().count() <= 50) {
        Ok(())
    } else {
        Err(validator::ValidationError::new("invalid_length").with_message("each skill 1 to 50 characters".into()))
    }
}

/// A volunteer entered by community staff: active at once.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateVolunteer {
    #[validate(length(min = 1, max = 50, code = "invalid_length"), custom(function = "not_blank"))]
    pub name: String,
    /// A mainland mobile number; unique among volunteers.
    #[validate(custom(function = "phone_number"))]
    pub phone: String,
    /// 18 characters with its check character (GB 11643-1999); a wrong one is `invalid_id_number`.
    #[validate(custom(function = "id_number_shape"))]
    pub id_number: Option<String>,
    pub political_status: PoliticalStatus,
    #[serde(default)]
    pub in_service: bool,
    /// A joint-building unit the volunteer works at.
    pub work_unit_id: Option<i64>,
    /// Another work unit, by name.
    #[validate(length(max = 100, code = "invalid_length"))]
    pub work_unit_name: Option<String>,
    /// The community or grid reported to, within your reach.
    pub area_id: i64,
    #[serde(default)]
    #[validate(length(max = 20, code = "invalid_length"), custom(function = "skill_list"))]
    pub skills: Vec<String>,
}

/// Self-registration from the mobile app: the volunteer and their account
/// (the username is the phone number). Starts `pending`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterVolunteer {
    #[validate(length(min = 1, max = 50, code = "invalid_length"), custom(function = "not_blank"))]
    pub name: String,
    /// A mainland mobile number: also the account's username.
    #[validate(custom(function = "phone_number"))]
    pub phone: String,
    /// Required for registration (GB 11643-1999).
    #[validate(custom(function = "id_number_shape"))]
    pub id_number: String,
    /// As for `POST /auth/password`: 8+ characters of 3 kinds.
    #[validate(length(max = 128, code = "invalid_length"))]
    pub password: String,
    pub political_status: PoliticalStatus,
    #[serde(default)]
    pub in_service: bool,
    pub work_unit_id: Option<i64>,
    #[validate(length(max = 100, code = "invalid_length"))]
    pub work_unit_name: Option<String>,
    /// The community or grid to report to.
    pub area_id: i64,
    #[serde(default)]
    #[validate(length(max = 20, code = "invalid_length"), custom(function = "skill_list"))]
    pub skills: Vec<String>,
}

/// Fields to change; absent ones stay, `null` clears.
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateVolunteer {
    #[validate(length(min = 1, max = 50, code = "invalid_length"), custom(function = "not_blank"))]
    pub name: Option<String>,
    #[validate(custom(function = "phone_number"))]
    pub phone: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub id_number: Option<Option<String>>,
    pub political_status: Option<PoliticalStatus>,
    pub in_service: Option<bool>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub work_unit_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub work_unit_name: Option<Option<String>>,
    pub area_id: Option<i64>,
    #[validate(length(max = 20, code = "invalid_length"), custom(function = "skill_list"))]
    pub skills: Option<Vec<String>>,
    /// `active` or `inactive`; registrations are decided by `approve` and `reject`.
    pub status: Option<VolunteerStatus>,
}

/// Why the plain identity number is needed: written to the audit trail.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevealIdNumber {
    #[validate(length(min = 1, max = 200, code = "invalid_length"), custom(function = "not_blank"))]
    pub reason: String,
}

/// The plain identity number.
#[derive(Debug, Serialize, ToSchema)]
pub struct IdNumber {
    pub volunteer_id: i64,
    pub id_number: String,
}

/// A registration: the pending volunteer and the account to sign in with.
#[derive(Debug, Serialize, ToSchema)]
pub struct Registration {
    pub volunteer: VolunteerDto,
    /// Sign in with this (the phone number) and the password given.
    pub username: String,
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VolunteerListQuery {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    /// `created_at`, `updated_at`, `name`, `volunteer_no`, `id`; `-` for descending (default `-created_at`).
    pub sort: Option<String>,
    /// Text search in name, phone and volunteer number.
    pub q: Option<String>,
    pub political_status: Option<PoliticalStatus>,
    pub in_service: Option<bool>,
    /// Volunteers reporting to this area or one under it.
    pub area_id: Option<i64>,
    /// Volunteers with this skill.
    pub skill: Option<String>,
    pub status: Option<VolunteerStatus>,
}
