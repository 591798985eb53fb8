//! Resources (资源清单): what a joint-building unit offers the communities it
//! serves — a venue, funds, goods, professionals, volunteer service, policy
//! help. A resource on the shelf (`shelf`) is an item of the party-building
//! supermarket (党建超市) that communities order directly.

pub mod availability;
pub mod dto;
pub mod model;
pub mod repo;
pub mod routes;

pub use model::{ResourceCategory, ResourceStatus};
