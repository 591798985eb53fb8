//! Who is asking and what they may do: passwords, tokens, the signed-in
//! caller, the role → permission table and the area scope.

pub mod caller;
pub mod dto;
pub mod password;
pub mod permissions;
pub mod routes;
pub mod service;
pub mod tokens;

pub use caller::{AccessToken, AreaScope, Caller};
pub use permissions::{Permission, Role};
