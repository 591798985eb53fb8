//! `Idempotency-Key` on POST, for mobile apps retrying over bad networks.
//!
//! A POST that opts in takes its body as [`IdempotentJson`]. With a key, the
//! first successful answer is stored (status, body, `Location`, `ETag`) in
//! `idempotency_keys`, in the same transaction as the change it answers, so
//! the two land together or not at all:
//!
//! - the same key, method, path and body (as a JSON document: spacing and key
//!   order do not matter) within 24 hours → the stored answer again, marked
//!   `Idempotent-Replayed: true`, and nothing runs a second time;
//! - the same key with another request → 422 `idempotency_key_reused`;
//! - an error answer is not stored: the change rolled back, so a retry runs anew.
//!
//! Keys belong to the caller (the account of the token; requests without a
//! token share one space, where keys are random UUIDs nobody guesses).
//! Concurrent duplicates never both run: on SQLite write transactions are
//! serial; on PostgreSQL the first takes a transaction-scoped advisory lock on
//! the key, the duplicate waits for it and then finds the stored answer (or,
//! when the first failed, runs itself). The unique `(caller, key)` index backs
//! this up. Several instances share the table, so a retry may land on any.

use actix_web::dev::Payload;
use actix_web::http::{header, StatusCode};
use actix_web::{FromRequest, HttpRequest, HttpResponse};
use chrono::{Duration, NaiveDateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use serde::Serialize;
use sha2::{Digest, Sha256};
use validator::Validate;

use super::body::{parse, read_bytes};
use super::{ApiError, FieldError};
use crate::auth::AccessToken;
use crate::db::schema::idempotency_keys;
use crate::db::{Db, DbConn};

pub const HEADER: &str = "idempotency-key";
/// How long an answer is kept for replay.
pub const KEEP_HOURS: i64 = 24;
const MAX_KEY_LEN: usize = 255;

/// The key of one request, with what it must match to be replayed.
#[derive(Debug, Clone)]
pub struct IdempotencyKey {
    key: String,
    method: String,
    path: String,
    request_hash: String,
}

/// A JSON body (checked as `JsonBody` checks it) and the request's
/// `Idempotency-Key`, when one was sent.
#[derive(Debug)]
pub struct IdempotentJson<T> {
    pub body: T,
    pub key: Option<IdempotencyKey>,
}

fn header_key(req: &HttpRequest) -> Result<Option<String>, ApiError> {
    let Some(raw) = req.headers().get(HEADER) else { return Ok(None) };
    let key = raw.to_str().unwrap_or("").trim();
    if key.is_empty() || key.len() > MAX_KEY_LEN || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ApiError::Validation(vec![FieldError::new(
            "Idempotency-Key",
            "invalid_length",
            format!("1 to {MAX_KEY_LEN} printable ASCII characters, e.g. a UUID"),
        )]));
    }
    Ok(Some(key.to_string()))
}

/// The body as a JSON document: keys sorted, spacing dropped.
fn request_hash(bytes: &[u8]) -> String {
    let canonical = serde_json::from_slice::<serde_json::Value>(bytes)
        .map(|v| v.to_string().into_bytes())
        .unwrap_or_else(|_| bytes.to_vec());
    hex::encode(Sha256::digest(canonical))
}

impl<T: DeserializeOwned + Validate + 'static> FromRequest for IdempotentJson<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let key = header_key(req);
        let (method, path) = (req.method().to_string(), req.path().to_string());
        let bytes = read_bytes(req, payload);
        Box::pin(async move {
            let bytes = bytes.await?;
            let body = parse(&bytes)?;
            let key = key?.map(|key| IdempotencyKey { key, method, path, request_hash: request_hash(&bytes) });
            Ok(IdempotentJson { body, key })
        })
    }
}

/// An answer that can be stored and sent again.
#[derive(Debug, Clone)]
pub struct Replayable {
    pub status: StatusCode,
    /// JSON.
    pub body: String,
    pub location: Option<String>,
    pub etag: Option<String>,
}

impl Replayable {
    pub fn json<T: Serialize>(status: StatusCode, body: &T) -> Result<Replayable, ApiError> {
        Ok(Replayable {
            status,
            body: serde_json::to_string(body).map_err(ApiError::internal)?,
            location: None,
            etag: None,
        })
    }

    /// 201 with the object, its `Location` and its `ETag`.
    pub fn created<T: Serialize>(location: String, version: i32, body: &T) -> Result<Replayable, ApiError> {
        let mut r = Replayable::json(StatusCode::CREATED, body)?;
        r.location = Some(location);
        r.etag = Some(super::etag::etag(version));
        Ok(r)
    }

    fn response(self, replayed: bool) -> HttpResponse {
        let mut builder = HttpResponse::build(self.status);
        builder.content_type("application/json");
        if let Some(location) = self.location {
            builder.insert_header((header::LOCATION, location));
        }
        if let Some(etag) = self.etag {
            builder.insert_header((header::ETAG, etag));
        }
        if replayed {
            builder.insert_header(("Idempotent-Replayed", "true"));
        }
        builder.body(self.body)
    }
}

/// Whose key space a request is in: its token's account, or the anonymous one.
pub fn caller_of(token: Option<&AccessToken>) -> String {
    token.map(|t| format!("u{}", t.0.sub)).unwrap_or_else(|| "-".into())
}

/// Runs `f` in one write transaction, honouring the request's key.
pub async fn run<F>(db: &Db, caller: String, key: Option<IdempotencyKey>, f: F) -> Result<HttpResponse, ApiError>
where
    F: FnOnce(&mut DbConn) -> Result<Replayable, ApiError> + Send + 'static,
{
    let (answer, replayed) = db
        .write(move |conn| match key {
            None => Ok((f(conn)?, false)),
            Some(key) => within_key(conn, &caller, &key, f),
        })
        .await?;
    Ok(answer.response(replayed))
}

#[derive(Queryable)]
struct Stored {
    method: String,
    path: String,
    request_hash: String,
    status: i32,
    response_body: String,
    response_headers: String,
}

/// A number naming (caller, key) for PostgreSQL's advisory lock.
fn lock_id(caller: &str, key: &str) -> i64 {
    let digest = Sha256::digest(format!("idempotency\n{caller}\n{key}"));
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(first)
}

fn within_key<F>(conn: &mut DbConn, caller: &str, key: &IdempotencyKey, f: F) -> Result<(Replayable, bool), ApiError>
where
    F: FnOnce(&mut DbConn) -> Result<Replayable, ApiError>,
{
    if let DbConn::Postgres(pg) = conn {
        // Held to the end of the transaction: a duplicate waits here, then reads what this one stored.
        diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
            .bind::<BigInt, _>(lock_id(caller, &key.key))
            .execute(pg)?;
    }
    let now = Utc::now().naive_utc();
    let mine = idempotency_keys::table
        .filter(idempotency_keys::caller.eq(caller))
        .filter(idempotency_keys::idempotency_key.eq(&key.key));
    diesel::delete(mine.filter(idempotency_keys::created_at.lt(now - Duration::hours(KEEP_HOURS)))).execute(conn)?;
    let stored: Option<Stored> = mine
        .select((
            idempotency_keys::method,
            idempotency_keys::path,
            idempotency_keys::request_hash,
            idempotency_keys::status,
            idempotency_keys::response_body,
            idempotency_keys::response_headers,
        ))
        .first(conn)
        .optional()?;
    if let Some(s) = stored {
        if (s.method.as_str(), s.path.as_str(), s.request_hash.as_str())
            != (key.method.as_str(), key.path.as_str(), key.request_hash.as_str())
        {
            return Err(ApiError::IdempotencyKeyReused);
        }
        let headers: serde_json::Value = serde_json::from_str(&s.response_headers).unwrap_or_default();
        let text = |name: &str| headers.get(name).and_then(|v| v.as_str()).map(str::to_string);
        let answer = Replayable {
            status: StatusCode::from_u16(s.status as u16).map_err(ApiError::internal)?,
            body: s.response_body,
            location: text("location"),
            etag: text("etag"),
        };
        return Ok((answer, true));
    }
    let answer = f(conn)?;
    diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::caller.eq(caller),
            idempotency_keys::idempotency_key.eq(&key.key),
            idempotency_keys::method.eq(&key.method),
            idempotency_keys::path.eq(&key.path),
            idempotency_keys::request_hash.eq(&key.request_hash),
            idempotency_keys::status.eq(i32::from(answer.status.as_u16())),
            idempotency_keys::response_body.eq(&answer.body),
            idempotency_keys::response_headers
                .eq(serde_json::json!({"location": answer.location, "etag": answer.etag}).to_string()),
            idempotency_keys::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok((answer, false))
}

/// Forgets answers past their 24 hours.
pub fn prune(conn: &mut DbConn) -> Result<usize, ApiError> {
    let cutoff: NaiveDateTime = Utc::now().naive_utc() - Duration::hours(KEEP_HOURS);
    Ok(diesel::delete(idempotency_keys::table.filter(idempotency_keys::created_at.lt(cutoff))).execute(conn)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_document_hashes_alike() {
        assert_eq!(request_hash(br#"{"a":1,"b":[2]}"#), request_hash(b"{ \"b\": [2],\n \"a\": 1 }"));
        assert_ne!(request_hash(br#"{"a":1}"#), request_hash(br#"{"a":2}"#));
    }

    #[test]
    fn lock_ids_differ_per_caller_and_key() {
        assert_ne!(lock_id("u1", "k"), lock_id("u2", "k"));
        assert_ne!(lock_id("u1", "k"), lock_id("u1", "l"));
    }
}
