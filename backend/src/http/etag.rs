//! ETags from the `version` column, and `If-Match` on PATCH and DELETE.
//!
//! `If-Match` is required on every PATCH and DELETE (428 without it): a
//! ledger edited by several staff must not lose an update silently.

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, HttpResponse, HttpResponseBuilder};
use futures_util::future::{ready, Ready};

use super::ApiError;

pub fn etag(version: i32) -> String {
    format!("\"{version}\"")
}

/// The `If-Match` header as sent. Extracting it never fails, so that the
/// caller's permission and the object's existence are judged before it.
#[derive(Debug, Clone, Copy)]
pub enum IfMatch {
    Missing,
    /// `If-Match: *`
    Any,
    Version(i32),
    /// A tag this server never issued: it cannot match.
    Foreign,
}

impl IfMatch {
    /// 428 without the header, 412 unless the stored version is the one the client saw.
    pub fn check(&self, current: i32) -> Result<(), ApiError> {
        match self {
            IfMatch::Missing => Err(ApiError::PreconditionRequired),
            IfMatch::Any => Ok(()),
            IfMatch::Version(v) if *v == current => Ok(()),
            IfMatch::Version(_) | IfMatch::Foreign => Err(ApiError::PreconditionFailed),
        }
    }
}

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = Ready<Result<IfMatch, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let Some(raw) = req.headers().get(header::IF_MATCH) else {
            return ready(Ok(IfMatch::Missing));
        };
        let raw = raw.to_str().unwrap_or("").trim();
        if raw == "*" {
            return ready(Ok(IfMatch::Any));
        }
        let tag = raw.trim_start_matches("W/").trim_matches('"');
        ready(Ok(match tag.parse::<i32>() {
            Ok(v) => IfMatch::Version(v),
            Err(_) => IfMatch::Foreign,
        }))
    }
}

/// 200 with the object and its ETag.
pub fn ok_with_etag<T: serde::Serialize>(version: i32, body: &T) -> HttpResponse {
    with_etag(HttpResponse::Ok(), version).json(body)
}

pub fn with_etag(mut builder: HttpResponseBuilder, version: i32) -> HttpResponseBuilder {
    builder.insert_header((header::ETAG, etag(version)));
    builder
}
