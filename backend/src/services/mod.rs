//! Services (服务清单): a need matched to a resource, or an item of the
//! party-building supermarket (党建超市) ordered by a community — "you order,
//! we take the order" (你点单我接单). Each is accepted or declined by the
//! unit, started, delivered and rated, with every step in its timeline.

pub mod dto;
pub mod export;
pub mod model;
pub mod record;
pub mod repo;
pub mod routes;
pub mod state;

pub use state::{ServiceAction, ServiceStatus};
