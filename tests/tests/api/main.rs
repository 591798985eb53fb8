//! One test binary: every module drives the real server over HTTP, each test
//! on SQLite and (when configured) on PostgreSQL.

mod common;

mod areas;
mod audit;
mod auth;
mod authz;
mod contract;
mod http;
mod users;
