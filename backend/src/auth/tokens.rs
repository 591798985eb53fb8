//! Access tokens (short-lived JWTs, HS256 pinned) and refresh tokens (opaque,
//! stored hashed, rotated on every use; a reused one revokes its family).

use std::path::Path;

use base64::Engine;
use chrono::{Duration, NaiveDateTime, Utc};
use diesel::prelude::*;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::config::{Backend, Config};
use crate::db::schema::refresh_tokens;
use crate::db::DbConn;
use crate::http::ApiError;

/// Clock skew allowed on `exp` / `nbf`.
const LEEWAY_SECONDS: u64 = 5;
const KEY_FILE: &str = "jwt-signing.key";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    /// The user id.
    pub sub: String,
    pub exp: i64,
    pub nbf: i64,
    pub iat: i64,
    pub jti: String,
    /// The refresh-token family (sign-in session) this token belongs to.
    pub sid: String,
}

impl Claims {
    pub fn user_id(&self) -> Result<i64, ApiError> {
        self.sub.parse().map_err(|_| ApiError::InvalidToken)
    }
}

pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    kid: String,
    issuer: String,
    audience: String,
    pub access_ttl_seconds: i64,
    pub refresh_ttl_seconds: i64,
}

/// The signing key: configured, or on SQLite generated once and kept in the
/// data directory. Several instances on PostgreSQL must share one key, so
/// there it has to be configured.
pub fn signing_key(config: &Config) -> anyhow::Result<Vec<u8>> {
    if let Some(secret) = &config.jwt_secret {
        return Ok(secret.as_bytes().to_vec());
    }
    if config.backend() == Some(Backend::Postgres) {
        anyhow::bail!(
            "GRIDLINK_JWT_SECRET is not set. On PostgreSQL every server instance must sign tokens \
             with the same key: set GRIDLINK_JWT_SECRET to the same random string (32+ characters) \
             on each instance, e.g. from `openssl rand -base64 48`."
        );
    }
    load_or_create_key_file(&config.data_dir.join(KEY_FILE))
}

fn load_or_create_key_file(path: &Path) -> anyhow::Result<Vec<u8>> {
    if let Ok(existing) = std::fs::read_to_string(path) {
        let key = existing.trim().as_bytes().to_vec();
        anyhow::ensure!(key.len() >= 32, "{} holds too short a key", path.display());
        return Ok(key);
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut raw = [0u8; 48];
    rand::rng().fill_bytes(&mut raw);
    let key = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw);
    write_private(path, &key)?;
    tracing::info!(path = %path.display(), "generated a JWT signing key");
    Ok(key.into_bytes())
}

#[cfg(unix)]
pub(crate) fn write_private(path: &Path, content: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    f.write_all(content.as_bytes())
}

#[cfg(not(unix))]
pub(crate) fn write_private(path: &Path, content: &str) -> std::io::Result<()> {
    std::fs::write(path, content)
}

pub fn sha256_hex(input: &[u8]) -> String {
    hex::encode(Sha256::digest(input))
}

impl TokenKeys {
    pub fn new(key: &[u8], config: &Config) -> TokenKeys {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.algorithms = vec![Algorithm::HS256];
        validation.leeway = LEEWAY_SECONDS;
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.validate_aud = true;
        validation.set_issuer(&[&config.jwt_issuer]);
        validation.set_audience(&[&config.jwt_audience]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        TokenKeys {
            encoding: EncodingKey::from_secret(key),
            decoding: DecodingKey::from_secret(key),
            validation,
            // Names the key without revealing it, so a future key rotation can tell tokens apart.
            kid: sha256_hex(key)[..16].to_string(),
            issuer: config.jwt_issuer.clone(),
            audience: config.jwt_audience.clone(),
            access_ttl_seconds: config.access_token_ttl_seconds,
            refresh_ttl_seconds: config.refresh_token_ttl_seconds,
        }
    }

    pub fn issue_access(&self, user_id: i64, family: &str) -> Result<String, ApiError> {
        let now = Utc::now().timestamp();
        let claims = Claims {
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            sub: user_id.to_string(),
            exp: now + self.access_ttl_seconds,
            nbf: now,
            iat: now,
            jti: uuid::Uuid::new_v4().simple().to_string(),
            sid: family.to_string(),
        };
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, &claims, &self.encoding).map_err(ApiError::internal)
    }

    pub fn verify_access(&self, token: &str) -> Result<Claims, ApiError> {
        let header = jsonwebtoken::decode_header(token).map_err(|_| ApiError::InvalidToken)?;
        if header.alg != Algorithm::HS256 || header.kid.as_deref() != Some(self.kid.as_str()) {
            return Err(ApiError::InvalidToken);
        }
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|data| data.claims)
            .map_err(|_| ApiError::InvalidToken)
    }
}

#[derive(Debug, Queryable)]
pub struct RefreshTokenRow {
    pub id: i64,
    pub user_id: i64,
    pub family: String,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

fn new_secret() -> String {
    let mut raw = [0u8; 32];
    rand::rng().fill_bytes(&mut raw);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw)
}

/// Stores a new refresh token in `family` and returns the secret the client keeps.
pub fn insert_refresh(conn: &mut DbConn, user_id: i64, family: &str, ttl_seconds: i64) -> Result<String, ApiError> {
    let secret = new_secret();
    let now = Utc::now().naive_utc();
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::user_id.eq(user_id),
            refresh_tokens::family.eq(family),
            refresh_tokens::token_hash.eq(sha256_hex(secret.as_bytes())),
            refresh_tokens::created_at.eq(now),
            refresh_tokens::expires_at.eq(now + Duration::seconds(ttl_seconds)),
        ))
        .execute(conn)?;
    Ok(secret)
}

pub fn new_family() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

pub fn find_refresh(conn: &mut DbConn, secret: &str) -> Result<Option<RefreshTokenRow>, ApiError> {
    Ok(refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(sha256_hex(secret.as_bytes())))
        .first::<RefreshTokenRow>(conn)
        .optional()?)
}

/// Marks a token used; false when another request used it first.
pub fn mark_used(conn: &mut DbConn, id: i64) -> Result<bool, ApiError> {
    let n = diesel::update(
        refresh_tokens::table.filter(refresh_tokens::id.eq(id)).filter(refresh_tokens::used_at.is_null()),
    )
    .set(refresh_tokens::used_at.eq(Utc::now().naive_utc()))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn revoke_family(conn: &mut DbConn, family: &str) -> Result<usize, ApiError> {
    Ok(diesel::update(
        refresh_tokens::table.filter(refresh_tokens::family.eq(family)).filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(Utc::now().naive_utc()))
    .execute(conn)?)
}

/// Ends every sign-in session of a user, except `keep` (the one asking).
pub fn revoke_user_families(conn: &mut DbConn, user_id: i64, keep: Option<&str>) -> Result<usize, ApiError> {
    let mut q = diesel::update(refresh_tokens::table)
        .filter(refresh_tokens::user_id.eq(user_id))
        .filter(refresh_tokens::revoked_at.is_null())
        .into_boxed();
    if let Some(family) = keep {
        q = q.filter(refresh_tokens::family.ne(family));
    }
    Ok(q.set(refresh_tokens::revoked_at.eq(Utc::now().naive_utc())).execute(conn)?)
}
