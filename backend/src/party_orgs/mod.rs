//! Party organisations (党组织): committees, general branches, branches and
//! groups, a tree of their own, each attached to an area ("branches built on
//! the grid", 支部建在网格上) and optionally to a joint-building unit.
//! Grid coverage — grids with a party organisation of their own — is a
//! headline figure of the dashboard.

pub mod dto;
pub mod model;
pub mod repo;
pub mod routes;

pub use model::PartyOrgKind;
