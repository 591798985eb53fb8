//! The life of an agreement: draft → active → expired or terminated, kept
//! as data so the rules can be read in one place and tested on their own.
//!
//! `expired` is never pressed as a button: an active agreement whose term
//! has ended reads as expired from the day after its `ends_on`, in the
//! deployment's time zone, whether or not its row was ever rewritten.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::http::ApiError;

/// Where an agreement stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AgreementStatus {
    /// 草拟: being written, still editable.
    Draft,
    /// 生效: signed and within its term.
    Active,
    /// 到期: its term has ended.
    Expired,
    /// 终止: ended early, with a reason.
    Terminated,
}

impl AgreementStatus {
    pub const ALL: [AgreementStatus; 4] =
        [AgreementStatus::Draft, AgreementStatus::Active, AgreementStatus::Expired, AgreementStatus::Terminated];

    pub fn as_str(self) -> &'static str {
        match self {
            AgreementStatus::Draft => "draft",
            AgreementStatus::Active => "active",
            AgreementStatus::Expired => "expired",
            AgreementStatus::Terminated => "terminated",
        }
    }

    pub fn parse(s: &str) -> Option<AgreementStatus> {
        AgreementStatus::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The word staff use, for spreadsheets.
    pub fn label(self) -> &'static str {
        match self {
            AgreementStatus::Draft => "草拟",
            AgreementStatus::Active => "生效",
            AgreementStatus::Expired => "到期",
            AgreementStatus::Terminated => "终止",
        }
    }
}

/// The status an agreement has today: the stored one, except that an active
/// agreement past its last day is expired.
pub fn effective(stored: &str, ends_on: NaiveDate, today: NaiveDate) -> AgreementStatus {
    // The CHECK constraint keeps the column to the four statuses.
    match AgreementStatus::parse(stored).unwrap_or(AgreementStatus::Draft) {
        AgreementStatus::Active if ends_on < today => AgreementStatus::Expired,
        status => status,
    }
}

/// What can be done to an agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Change its fields (`PATCH`).
    Edit,
    Activate,
    Terminate,
    /// Start a follow-up draft; the agreement itself keeps its status.
    Renew,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Edit => "edit",
            Action::Activate => "activate",
            Action::Terminate => "terminate",
            Action::Renew => "renew",
        }
    }
}

use AgreementStatus::*;

/// (action, the statuses it is allowed from, the status it leads to; `None`
/// when the agreement keeps its status).
pub const TRANSITIONS: &[(Action, &[AgreementStatus], Option<AgreementStatus>)] = &[
    (Action::Edit, &[Draft], None),
    (Action::Activate, &[Draft], Some(Active)),
    (Action::Terminate, &[Active], Some(Terminated)),
    (Action::Renew, &[Active, Expired], None),
];

/// The status after `action` from `current`, or 409 `invalid_transition`.
pub fn transition(current: AgreementStatus, action: Action) -> Result<AgreementStatus, ApiError> {
    TRANSITIONS
        .iter()
        .find(|(a, from, _)| *a == action && from.contains(&current))
        .map(|(_, _, to)| to.unwrap_or(current))
        .ok_or_else(|| {
            ApiError::Conflict(
                "invalid_transition",
                format!("an agreement that is {} cannot {}", current.as_str(), action.as_str()),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_allowed_paths() {
        assert_eq!(transition(Draft, Action::Activate).unwrap(), Active);
        assert_eq!(transition(Active, Action::Terminate).unwrap(), Terminated);
        assert_eq!(transition(Draft, Action::Edit).unwrap(), Draft);
        assert_eq!(transition(Active, Action::Renew).unwrap(), Active);
        assert_eq!(transition(Expired, Action::Renew).unwrap(), Expired);
    }

    #[test]
    fn everything_else_is_refused() {
        let allowed = [
            (Draft, Action::Edit),
            (Draft, Action::Activate),
            (Active, Action::Terminate),
            (Active, Action::Renew),
            (Expired, Action::Renew),
        ];
        for status in AgreementStatus::ALL {
            for action in [Action::Edit, Action::Activate, Action::Terminate, Action::Renew] {
                let result = transition(status, action);
                if allowed.contains(&(status, action)) {
                    assert!(result.is_ok(), "{status:?} {action:?}");
                } else {
                    let err = result.expect_err("refused");
                    assert_eq!(err.code(), "invalid_transition", "{status:?} {action:?}");
                }
            }
        }
    }

    #[test]
    fn an_active_agreement_expires_the_day_after_its_last_day() {
        let last = day("2026-12-31");
        assert_eq!(effective("active", last, day("2026-12-31")), Active);
        assert_eq!(effective("active", last, day("2027-01-01")), Expired);
        assert_eq!(effective("active", last, day("2026-06-01")), Active);
    }

    #[test]
    fn other_statuses_ignore_the_date() {
        let last = day("2020-12-31");
        let today = day("2026-01-01");
        assert_eq!(effective("draft", last, today), Draft);
        assert_eq!(effective("terminated", last, today), Terminated);
        assert_eq!(effective("expired", day("2030-01-01"), today), Expired);
    }

    #[test]
    fn a_past_active_agreement_can_only_be_renewed() {
        let status = effective("active", day("2020-12-31"), day("2026-01-01"));
        assert!(transition(status, Action::Terminate).is_err());
        assert!(transition(status, Action::Activate).is_err());
        assert!(transition(status, Action::Renew).is_ok());
    }
}
