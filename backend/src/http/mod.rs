//! HTTP conventions shared by every domain: problem+json errors, JSON bodies,
//! lists, ETags, request ids, rate limits.

pub mod body;
pub mod etag;
pub mod list;
pub mod meta;
pub mod problem;
pub mod rate_limit;
pub mod request_id;
pub mod validation;

pub use problem::{ApiError, FieldError};
