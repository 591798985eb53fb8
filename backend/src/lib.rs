//! Gridlink (网格连心): the server of party-building-led grid governance.
//!
//! `app` builds the HTTP application; each domain module (`areas`, `users`,
//! `audit`, ...) has the same rooms: `model`, `dto`, `repo`, `routes`.

pub mod agreements;
pub mod app;
pub mod areas;
pub mod audit;
pub mod auth;
pub mod certificates;
pub mod config;
pub mod crypto;
pub mod db;
pub mod enrollments;
pub mod health;
pub mod households;
pub mod http;
pub mod memory;
pub mod needs;
pub mod openapi;
pub mod pairings;
pub mod party_orgs;
pub mod projects;
pub mod records;
pub mod resources;
pub mod seed;
pub mod services;
pub mod telemetry;
pub mod text_enum;
pub mod units;
pub mod users;
pub mod visits;
pub mod volunteers;
pub mod wishes;
