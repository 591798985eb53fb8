//! Volunteers (志愿者) and in-service party members (在职党员) who report to
//! a community or grid. Identity numbers are sealed at rest and shown masked;
//! a volunteer number (志愿者编号) stands in for them wherever a number is needed.

pub mod dto;
pub mod export;
pub mod id_number;
pub mod model;
pub mod repo;
pub mod routes;

pub use model::{PoliticalStatus, VolunteerStatus};
