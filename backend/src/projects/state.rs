//! The life of a project, as data:
//!
//! ```text
//! draft ──publish──▶ recruiting ──start──▶ in_progress ──complete──▶ completed
//!   └────────────────────┴──────cancel────────┴──▶ cancelled
//! ```

use crate::http::ApiError;

crate::text_enum! {
    /// Where a project stands.
    pub enum ProjectStatus {
        /// 草稿: being prepared; volunteers do not see it.
        Draft => "draft",
        /// 招募中: volunteers sign up for its shifts.
        Recruiting => "recruiting",
        /// 进行中: under way; shifts not yet ended still take sign-ups.
        InProgress => "in_progress",
        /// 已完成
        Completed => "completed",
        /// 已取消, with a reason.
        Cancelled => "cancelled",
    }
}

crate::text_enum! {
    /// What can be done to a project.
    pub enum ProjectAction {
        Publish => "publish",
        Start => "start",
        Complete => "complete",
        Cancel => "cancel",
    }
}

use ProjectStatus::*;

/// (action, the statuses it is allowed from, the status it leads to).
pub const TRANSITIONS: &[(ProjectAction, &[ProjectStatus], ProjectStatus)] = &[
    (ProjectAction::Publish, &[Draft], Recruiting),
    (ProjectAction::Start, &[Recruiting], InProgress),
    (ProjectAction::Complete, &[InProgress], Completed),
    (ProjectAction::Cancel, &[Draft, Recruiting, InProgress], Cancelled),
];

impl ProjectStatus {
    /// Volunteers may sign up for its (not yet ended) shifts.
    pub fn takes_sign_ups(self) -> bool {
        matches!(self, Recruiting | InProgress)
    }

    /// Shifts may still be added.
    pub fn takes_shifts(self) -> bool {
        matches!(self, Draft | Recruiting | InProgress)
    }
}

/// The status after `action` from `current`, or 409 `invalid_transition`.
pub fn transition(current: ProjectStatus, action: ProjectAction) -> Result<ProjectStatus, ApiError> {
    TRANSITIONS.iter().find(|(a, from, _)| *a == action && from.contains(&current)).map(|t| t.2).ok_or_else(|| {
        ApiError::Conflict(
            "invalid_transition",
            format!("a project that is {} cannot {}", current.as_str(), action.as_str()),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_allowed_paths_and_nothing_else() {
        let mut s = Draft;
        for a in [ProjectAction::Publish, ProjectAction::Start, ProjectAction::Complete] {
            s = transition(s, a).unwrap();
        }
        assert_eq!(s, Completed);
        let mut allowed = 0;
        for status in ProjectStatus::ALL {
            for action in ProjectAction::ALL {
                if transition(*status, *action).is_ok() {
                    allowed += 1;
                }
            }
        }
        assert_eq!(allowed, 3 + 3);
        assert!(transition(Completed, ProjectAction::Cancel).is_err());
    }
}
