//! The audit trail (审计日志): every write and every read of sensitive fields,
//! appended in the same transaction as the change it records.

pub mod dto;
pub mod model;
pub mod repo;
pub mod routes;

pub use repo::{diff, prune, record, snapshot, Entry};
