use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::enrollments::dto::VolunteerRef;

/// One project a certificate counts.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CertifiedProject {
    pub id: i64,
    pub title: String,
    pub minutes: i64,
    pub hours: f64,
}

/// An hours certificate (志愿服务证明), as its holder and staff see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CertificateDto {
    pub id: i64,
    /// 证明编号: `C` + year + six digits.
    pub certificate_no: String,
    /// Printed on the certificate; whoever checks it asks for it.
    pub check_code: String,
    /// Name and volunteer number as on the day of issue.
    pub volunteer: VolunteerRef,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    /// Confirmed minutes in the period, adjustments counted.
    pub minutes: i64,
    pub hours: f64,
    /// Projects served on in the period, most hours first.
    pub projects: Vec<CertifiedProject>,
    /// Who issues it: the issuing office's area (a community, a street), or
    /// the volunteer's community when they asked for it themselves.
    pub issuer_name: String,
    /// In the deployment's time zone.
    pub issued_on: NaiveDate,
    pub created_at: DateTime<Utc>,
}

/// Issue a certificate for a period: staff name the volunteer; a volunteer
/// account leaves `volunteer_id` out (or sends its own).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IssueCertificate {
    pub volunteer_id: Option<i64>,
    /// First day counted.
    pub from: NaiveDate,
    /// Last day counted; not after today.
    pub to: NaiveDate,
}

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CertificateListQuery {
    /// Page number, from 1.
    pub page: Option<i64>,
    /// Items per page, 1–100.
    pub page_size: Option<i64>,
    pub volunteer_id: Option<i64>,
    /// Certificate number, volunteer name or volunteer number (part of it).
    pub q: Option<String>,
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VerifyQuery {
    /// The check code printed on the certificate.
    pub code: String,
}

/// What a genuine certificate states, for whoever checks it: no more than
/// is printed on it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CertificateStatement {
    pub certificate_no: String,
    pub volunteer_name: String,
    pub volunteer_no: String,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub hours: f64,
    /// Titles and hours of the projects counted.
    pub projects: Vec<StatedProject>,
    pub issuer_name: String,
    pub issued_on: NaiveDate,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatedProject {
    pub title: String,
    pub hours: f64,
}

/// The answer of the public check: the same `{"genuine": false}` whether the
/// number is unknown or the code wrong, so numbers cannot be probed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Verification {
    pub genuine: bool,
    /// What the certificate states, when genuine.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate: Option<CertificateStatement>,
}
