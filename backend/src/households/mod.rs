//! Households in difficulty (困难家庭) on the assistance ledger (帮扶台账).
//! The head's identity number, the phone and the situation are sealed at
//! rest; lists and details show them masked, and each plain read is audited
//! with the reason given. Helpers see only the households they are paired
//! with, and only what a helper needs.

pub mod dto;
pub mod export;
pub mod model;
pub mod repo;
pub mod retention;
pub mod routes;

pub use model::{Category, HouseholdStatus};
