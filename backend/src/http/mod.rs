//! HTTP conventions shared by every domain: problem+json errors, JSON bodies,
//! lists, ETags, idempotency keys, request ids, rate limits, spreadsheet uploads and downloads.

pub mod body;
pub mod etag;
pub mod idempotency;
pub mod list;
pub mod meta;
pub mod problem;
pub mod rate_limit;
pub mod request_id;
pub mod upload;
pub mod validation;
pub mod xlsx;

pub use problem::{ApiError, FieldError};
