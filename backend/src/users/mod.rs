//! Accounts (账号): staff, unit contacts and volunteers, each with a role and
//! a home area. Accounts are disabled, never deleted, so the audit trail
//! keeps pointing at someone.

pub mod dto;
pub mod model;
pub mod repo;
pub mod routes;
