//! Where a need stands. Its status follows its services — proposed or
//! accepted is `matched`, started is `in_service`, delivered is `done` —
//! and the one thing people do to it is close it unfulfilled.

use chrono::NaiveDate;

use crate::http::ApiError;
use crate::services::ServiceStatus;

crate::text_enum! {
    /// Where a need stands.
    pub enum NeedStatus {
        /// 待对接: no live service.
        Open => "open",
        /// 已对接: a service is ordered or accepted.
        Matched => "matched",
        /// 服务中: a service has started.
        InService => "in_service",
        /// 已完成: a service was delivered.
        Done => "done",
        /// 未满足关闭: closed by the community with a reason.
        ClosedUnfulfilled => "closed_unfulfilled",
    }
}

impl NeedStatus {
    /// Still waiting to be met: what `overdue` and new services look at.
    pub fn is_pending(self) -> bool {
        matches!(self, NeedStatus::Open | NeedStatus::Matched | NeedStatus::InService)
    }
}

/// The status of a need whose services stand as given; `current` when it is
/// closed, which its services no longer change.
pub fn follow(current: NeedStatus, services: &[ServiceStatus]) -> NeedStatus {
    use ServiceStatus::*;
    if current == NeedStatus::ClosedUnfulfilled {
        return current;
    }
    if services.iter().any(|s| matches!(s, Delivered | Closed)) {
        NeedStatus::Done
    } else if services.contains(&InProgress) {
        NeedStatus::InService
    } else if services.iter().any(|s| matches!(s, Ordered | Accepted)) {
        NeedStatus::Matched
    } else {
        NeedStatus::Open
    }
}

/// Editing and new services need a need still pending.
pub fn check_pending(current: NeedStatus, what: &str) -> Result<(), ApiError> {
    if current.is_pending() {
        Ok(())
    } else {
        Err(ApiError::Conflict("invalid_transition", format!("a need that is {} cannot {what}", current.as_str())))
    }
}

/// Closing unfulfilled is for an open need: one with live services is
/// closed by cancelling them first.
pub fn check_close(current: NeedStatus) -> Result<NeedStatus, ApiError> {
    match current {
        NeedStatus::Open => Ok(NeedStatus::ClosedUnfulfilled),
        NeedStatus::Matched | NeedStatus::InService => Err(ApiError::Conflict(
            "invalid_transition",
            "the need has live services: cancel them before closing it".into(),
        )),
        other => {
            Err(ApiError::Conflict("invalid_transition", format!("a need that is {} cannot be closed", other.as_str())))
        }
    }
}

/// A pending need past its wanted-by day, judged on the deployment's calendar.
pub fn overdue(status: NeedStatus, wanted_by: Option<NaiveDate>, today: NaiveDate) -> bool {
    status.is_pending() && wanted_by.is_some_and(|d| d < today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ServiceStatus::*;

    #[test]
    fn status_follows_the_furthest_service() {
        let open = NeedStatus::Open;
        assert_eq!(follow(open, &[]), NeedStatus::Open);
        assert_eq!(follow(open, &[Declined, Cancelled]), NeedStatus::Open);
        assert_eq!(follow(open, &[Ordered]), NeedStatus::Matched);
        assert_eq!(follow(NeedStatus::Matched, &[Accepted, Declined]), NeedStatus::Matched);
        assert_eq!(follow(NeedStatus::Matched, &[InProgress, Ordered]), NeedStatus::InService);
        assert_eq!(follow(NeedStatus::InService, &[Delivered, InProgress]), NeedStatus::Done);
        assert_eq!(follow(NeedStatus::Done, &[Closed]), NeedStatus::Done);
        assert_eq!(follow(NeedStatus::Matched, &[Cancelled]), NeedStatus::Open);
        assert_eq!(follow(NeedStatus::ClosedUnfulfilled, &[Ordered]), NeedStatus::ClosedUnfulfilled);
    }

    #[test]
    fn only_an_open_need_is_closed() {
        assert_eq!(check_close(NeedStatus::Open).unwrap(), NeedStatus::ClosedUnfulfilled);
        for s in [NeedStatus::Matched, NeedStatus::InService, NeedStatus::Done, NeedStatus::ClosedUnfulfilled] {
            assert_eq!(check_close(s).unwrap_err().code(), "invalid_transition");
        }
    }

    #[test]
    fn overdue_from_the_day_after() {
        let d: NaiveDate = "2026-05-10".parse().unwrap();
        let next = d.succ_opt().unwrap();
        assert!(!overdue(NeedStatus::Open, Some(d), d));
        assert!(overdue(NeedStatus::Open, Some(d), next));
        assert!(!overdue(NeedStatus::Done, Some(d), next));
        assert!(!overdue(NeedStatus::Open, None, next));
    }
}
