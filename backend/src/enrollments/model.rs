use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::enrollments;

crate::text_enum! {
    /// Where a sign-up stands.
    pub enum EnrollmentStatus {
        /// 待审核: holds a place, waiting for the organiser (projects with manual approval).
        Pending => "pending",
        /// 已报名: holds a place.
        Enrolled => "enrolled",
        /// 候补: the shift was full; promoted in order when a place frees up.
        Waitlisted => "waitlisted",
        /// 未通过: turned down by the organiser.
        Rejected => "rejected",
        /// 已取消: withdrawn by the volunteer or staff.
        Withdrawn => "withdrawn",
        /// 已签到
        CheckedIn => "checked_in",
        /// 已签退
        CheckedOut => "checked_out",
        /// 时长已确认
        HoursConfirmed => "hours_confirmed",
        /// 缺席
        NoShow => "no_show",
    }
}

impl EnrollmentStatus {
    /// Counts against the same shift twice (`already_enrolled`) and against
    /// overlapping shifts (`overlapping_shift`).
    pub const LIVE: [EnrollmentStatus; 4] = [
        EnrollmentStatus::Pending,
        EnrollmentStatus::Enrolled,
        EnrollmentStatus::Waitlisted,
        EnrollmentStatus::CheckedIn,
    ];

    pub fn live_strs() -> Vec<&'static str> {
        Self::LIVE.iter().map(|s| s.as_str()).collect()
    }
}

#[derive(Debug, Clone, Queryable)]
pub struct Enrollment {
    pub id: i64,
    pub shift_id: i64,
    pub volunteer_id: i64,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub status: String,
    pub holds_place: bool,
    pub reason: Option<String>,
    pub checked_in_at: Option<NaiveDateTime>,
    pub checked_out_at: Option<NaiveDateTime>,
    pub minutes: Option<i32>,
    pub enrolled_by: i64,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Enrollment {
    pub fn status(&self) -> EnrollmentStatus {
        EnrollmentStatus::parse(&self.status).unwrap_or(EnrollmentStatus::Withdrawn)
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = enrollments)]
pub struct NewEnrollment {
    pub shift_id: i64,
    pub volunteer_id: i64,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub status: String,
    pub holds_place: bool,
    pub enrolled_by: i64,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}
