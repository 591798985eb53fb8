//! Visits (走访记录) a helper or grid worker makes on a pairing, with optional
//! photos. Each visit moves its pairing's due date; photos are served only
//! to those who may see the household.

pub mod dto;
pub mod model;
pub mod photos;
pub mod repo;
pub mod routes;

pub use model::{Paperwork, VisitKind};
