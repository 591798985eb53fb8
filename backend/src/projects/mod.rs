//! Volunteer projects (志愿服务项目) and their shifts (班次): what a unit,
//! party organisation or community organises, when, and how many places
//! each shift has. Sign-ups to shifts are `crate::enrollments`.

pub mod dto;
pub mod model;
pub mod repo;
pub mod routes;
pub mod state;

pub use state::{ProjectAction, ProjectStatus};
