//! Sign-ups (报名) of volunteers to shifts: places never over-filled, a
//! waitlist behind a full shift, promotion when someone withdraws.

pub mod dto;
pub mod model;
pub mod repo;
pub mod routes;

pub use model::EnrollmentStatus;
