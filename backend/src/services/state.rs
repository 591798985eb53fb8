//! The life of a service, kept as data so the rules can be read in one
//! place and tested on their own:
//!
//! ```text
//! ordered ──accept──▶ accepted ──start──▶ in_progress ──deliver──▶ delivered ──rate──▶ closed
//!    │                   │                    │
//!    ├──decline──▶ declined                   │
//!    └──cancel───────────┴────────cancel──────┴──▶ cancelled
//! ```

use chrono::NaiveDate;

use crate::http::ApiError;

crate::text_enum! {
    /// Where a service stands.
    pub enum ServiceStatus {
        /// 已下单: proposed or ordered, waiting for the unit.
        Ordered => "ordered",
        /// 已接单: taken by the unit; the quantity is reserved.
        Accepted => "accepted",
        /// 已拒单: declined by the unit, with a reason.
        Declined => "declined",
        /// 服务中
        InProgress => "in_progress",
        /// 已交付: waiting for the community's rating.
        Delivered => "delivered",
        /// 已评价: rated and closed.
        Closed => "closed",
        /// 已取消: by either side before delivery, with a reason.
        Cancelled => "cancelled",
    }
}

crate::text_enum! {
    /// What can be done to a service; also the `action` of its timeline entries.
    pub enum ServiceAction {
        /// Proposed for a need or ordered from the shelf: the first entry.
        Order => "order",
        Accept => "accept",
        Decline => "decline",
        Start => "start",
        Deliver => "deliver",
        Rate => "rate",
        Cancel => "cancel",
    }
}

/// Which side of a service may take an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The unit that gives (共建单位).
    Unit,
    /// The community or grid that ordered.
    Community,
    Either,
}

use ServiceStatus::*;

/// (action, the statuses it is allowed from, the status it leads to, who takes it).
pub const TRANSITIONS: &[(ServiceAction, &[ServiceStatus], ServiceStatus, Side)] = &[
    (ServiceAction::Accept, &[Ordered], Accepted, Side::Unit),
    (ServiceAction::Decline, &[Ordered], Declined, Side::Unit),
    (ServiceAction::Start, &[Accepted], InProgress, Side::Unit),
    (ServiceAction::Deliver, &[InProgress], Delivered, Side::Unit),
    (ServiceAction::Rate, &[Delivered], Closed, Side::Community),
    (ServiceAction::Cancel, &[Ordered, Accepted, InProgress], Cancelled, Side::Either),
];

impl ServiceStatus {
    /// How the service ledger and its users name it.
    pub fn label(self) -> &'static str {
        match self {
            ServiceStatus::Ordered => "待接单",
            ServiceStatus::Accepted => "已接单",
            ServiceStatus::Declined => "已拒单",
            ServiceStatus::InProgress => "服务中",
            ServiceStatus::Delivered => "待评价",
            ServiceStatus::Closed => "已评价",
            ServiceStatus::Cancelled => "已取消",
        }
    }

    /// The quantity of a service in this status is counted as taken from its resource.
    pub fn holds_quantity(self) -> bool {
        matches!(self, Accepted | InProgress | Delivered | Closed)
    }

    /// Taken by the unit and not yet delivered: what can fall overdue.
    pub fn is_underway(self) -> bool {
        matches!(self, Accepted | InProgress)
    }
}

impl ServiceAction {
    pub fn side(self) -> Side {
        TRANSITIONS.iter().find(|t| t.0 == self).map(|t| t.3).unwrap_or(Side::Either)
    }
}

/// The status after `action` from `current`, or 409 `invalid_transition`.
pub fn transition(current: ServiceStatus, action: ServiceAction) -> Result<ServiceStatus, ApiError> {
    TRANSITIONS.iter().find(|(a, from, _, _)| *a == action && from.contains(&current)).map(|t| t.2).ok_or_else(|| {
        ApiError::Conflict(
            "invalid_transition",
            format!("a service that is {} cannot {}", current.as_str(), action.as_str()),
        )
    })
}

/// Taken but not delivered by its wanted-by day, judged on the deployment's
/// calendar: overdue from the day after.
pub fn overdue(status: ServiceStatus, wanted_by: Option<NaiveDate>, today: NaiveDate) -> bool {
    status.is_underway() && wanted_by.is_some_and(|d| d < today)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACTIONS: [ServiceAction; 6] = [
        ServiceAction::Accept,
        ServiceAction::Decline,
        ServiceAction::Start,
        ServiceAction::Deliver,
        ServiceAction::Rate,
        ServiceAction::Cancel,
    ];

    #[test]
    fn the_allowed_paths() {
        let mut s = Ordered;
        for action in [ServiceAction::Accept, ServiceAction::Start, ServiceAction::Deliver, ServiceAction::Rate] {
            s = transition(s, action).unwrap();
        }
        assert_eq!(s, Closed);
        assert_eq!(transition(Ordered, ServiceAction::Decline).unwrap(), Declined);
        for from in [Ordered, Accepted, InProgress] {
            assert_eq!(transition(from, ServiceAction::Cancel).unwrap(), Cancelled);
        }
    }

    #[test]
    fn everything_else_is_refused() {
        let allowed = 4 + 1 + 3;
        let mut ok = 0;
        for status in ServiceStatus::ALL {
            for action in ACTIONS {
                match transition(*status, action) {
                    Ok(_) => ok += 1,
                    Err(e) => assert_eq!(e.code(), "invalid_transition", "{status:?} {action:?}"),
                }
            }
        }
        assert_eq!(ok, allowed);
        for end in [Declined, Closed, Cancelled] {
            assert!(ACTIONS.iter().all(|a| transition(end, *a).is_err()), "{end:?} is final");
        }
    }

    #[test]
    fn sides() {
        assert_eq!(ServiceAction::Accept.side(), Side::Unit);
        assert_eq!(ServiceAction::Rate.side(), Side::Community);
        assert_eq!(ServiceAction::Cancel.side(), Side::Either);
    }

    #[test]
    fn overdue_only_while_underway_and_from_the_day_after() {
        let d: NaiveDate = "2026-05-10".parse().unwrap();
        let next = d.succ_opt().unwrap();
        assert!(!overdue(Accepted, Some(d), d));
        assert!(overdue(Accepted, Some(d), next));
        assert!(overdue(InProgress, Some(d), next));
        for s in [Ordered, Delivered, Closed, Cancelled, Declined] {
            assert!(!overdue(s, Some(d), next), "{s:?}");
        }
        assert!(!overdue(Accepted, None, next));
    }
}
