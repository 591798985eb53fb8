//! One test binary: every module drives the real server over HTTP, each test
//! on SQLite and (when configured) on PostgreSQL.

mod common;

mod agreements;
mod areas;
mod assistance;
mod assistance_authz;
mod assistance_demo;
mod audit;
mod auth;
mod authz;
mod contract;
mod enrollments;
mod hours_authz;
mod http;
mod matching;
mod needs;
mod party_orgs;
mod records;
mod resources;
mod services;
mod supply;
mod supply_demo;
mod unit_import;
mod units;
mod users;
mod volunteer_authz;
mod volunteering_demo;
mod volunteers;
