//! The area tree (区域): district → street/town → community → grid → building.
//! Every other record hangs on an area, and every query is cut to the
//! caller's subtree of it.

pub mod dto;
pub mod model;
pub mod repo;
pub mod routes;

pub use model::AreaKind;
