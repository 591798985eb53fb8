//! Service records (志愿服务记录): the confirmed hours of volunteers on
//! projects, the basis of hour totals and certificates. Never edited in
//! place: a correction is an adjustment record that points at the one it
//! corrects, with a reason.

pub mod dto;
pub mod export;
pub mod model;
pub mod repo;
pub mod routes;

pub use model::RecordKind;
