//! Assistance pairings (结对帮扶): a helper — a joint-building unit or a
//! volunteer — paired with a household in difficulty, with a plan, goals
//! and a visit interval. A pairing is overdue when its last visit (or its
//! start, before the first) is older than the interval. Ending a pairing
//! keeps it and its visits as history.

pub mod dto;
pub mod model;
pub mod repo;
pub mod routes;

pub use model::{HelperKind, PairingStatus};
