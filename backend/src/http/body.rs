//! `JsonBody<T>`: the one way a request body comes in. It checks the content
//! type (415), the size (413), the syntax (400) and the shape (422, naming the
//! field through `serde_path_to_error`), then runs the `validator` rules.

use actix_web::dev::Payload;
use actix_web::error::PayloadError;
use actix_web::web::Bytes;
use actix_web::{FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use validator::Validate;

use super::{ApiError, FieldError};

/// The largest body any JSON endpoint accepts.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

fn too_large() -> ApiError {
    ApiError::PayloadTooLarge { limit: "1 MiB" }
}

#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<T> JsonBody<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

fn is_json(req: &HttpRequest) -> bool {
    let Some(ct) = req.headers().get(actix_web::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Parses and validates a JSON document into `T`.
pub fn parse<T: DeserializeOwned + Validate>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value: T = match serde_path_to_error::deserialize(&mut de) {
        Ok(v) => v,
        Err(err) => {
            let path = err.path().to_string();
            let inner = err.into_inner();
            return Err(if inner.is_data() {
                let field = if path == "." { "body".to_string() } else { path };
                let message = inner.to_string();
                let code = if message.starts_with("missing field") {
                    "required"
                } else if message.starts_with("unknown field") {
                    "unknown_field"
                } else {
                    "invalid_type"
                };
                // serde names a missing field in its message, not in the path.
                let field = match (code, message.split('`').nth(1)) {
                    ("required", Some(name)) => join_path(&field, name),
                    _ => field,
                };
                ApiError::Validation(vec![FieldError::new(field, code, strip_position(&message))])
            } else {
                ApiError::MalformedJson(inner.to_string())
            });
        }
    };
    if let Err(e) = de.end() {
        return Err(ApiError::MalformedJson(e.to_string()));
    }
    value.validate()?;
    Ok(value)
}

fn join_path(parent: &str, name: &str) -> String {
    if parent == "body" || parent.is_empty() || parent == "." {
        name.to_string()
    } else {
        format!("{parent}.{name}")
    }
}

/// serde_json appends "at line 1 column 17": noise in a per-field message.
fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Reads a JSON body's bytes: checks the content type (415) and the size (413).
pub(crate) fn read_bytes(req: &HttpRequest, payload: &mut Payload) -> LocalBoxFuture<'static, Result<Bytes, ApiError>> {
    if !is_json(req) {
        return Box::pin(async { Err(ApiError::UnsupportedMediaType { expected: "application/json" }) });
    }
    let declared = req
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES) {
        return Box::pin(async { Err(too_large()) });
    }
    let fut = Bytes::from_request(req, payload);
    Box::pin(async move {
        fut.await.map_err(|e| match e.as_error::<PayloadError>() {
            Some(PayloadError::Overflow) => too_large(),
            _ => match e.as_response_error().status_code().as_u16() {
                413 => too_large(),
                _ => ApiError::MalformedJson("the body could not be read".into()),
            },
        })
    })
}

impl<T: DeserializeOwned + Validate + 'static> FromRequest for JsonBody<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let bytes = read_bytes(req, payload);
        Box::pin(async move { parse(&bytes.await?).map(JsonBody) })
    }
}

/// For PATCH fields that can be cleared: absent → `None` (leave alone),
/// `null` → `Some(None)` (clear), a value → `Some(Some(v))`.
/// Use with `#[serde(default, deserialize_with = "double_option")]`.
pub fn double_option<'de, T, D>(de: D) -> Result<Option<Option<T>>, D::Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    Option::<T>::deserialize(de).map(Some)
}

use serde::Deserialize as _;
