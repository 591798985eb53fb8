//! Joint-building units (共建单位): offices, firms, hospitals and schools
//! stationed in an area that sign co-building agreements with communities.

pub mod credit_code;
pub mod dto;
pub mod export;
pub mod import;
pub mod model;
pub mod repo;
pub mod routes;

pub use model::UnitKind;
