//! Every setting in one place. Each comes from a `GRIDLINK_*` environment
//! variable (or `.env`) and has a default that runs on one machine.
//! `docs/configuration.md` lists them all; keep the two in step.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::str::FromStr;

use chrono_tz::Tz;

/// Which database the URL selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone)]
pub struct Config {
    /// `GRIDLINK_DATABASE_URL`: `sqlite://<file>` or `postgres://...`.
    pub database_url: String,
    /// `GRIDLINK_DATA_DIR`: the SQLite file and the generated signing key live here.
    pub data_dir: PathBuf,
    /// `GRIDLINK_BIND`
    pub bind: SocketAddr,
    /// `GRIDLINK_WORKERS`: HTTP worker threads; 0 = one per core.
    pub workers: usize,
    /// `GRIDLINK_DB_POOL_SIZE`: 4 on SQLite; on PostgreSQL twice the CPU
    /// cores, between 4 and 16, unless set.
    pub db_pool_size: u32,
    /// `GRIDLINK_DB_TIMEOUT_MS`: how long a request waits for a connection before 503.
    pub db_timeout_ms: u64,
    /// `GRIDLINK_JWT_SECRET`: HMAC key for access tokens (at least 32 bytes).
    pub jwt_secret: Option<String>,
    /// `GRIDLINK_DATA_KEY`: base64 of the 32-byte AES-256-GCM key that seals
    /// identity numbers; generated into the data directory on SQLite when
    /// unset, required on PostgreSQL (`openssl rand -base64 32`).
    pub data_key: Option<String>,
    /// `GRIDLINK_JWT_ISSUER`
    pub jwt_issuer: String,
    /// `GRIDLINK_JWT_AUDIENCE`
    pub jwt_audience: String,
    /// `GRIDLINK_ACCESS_TOKEN_TTL_SECONDS`
    pub access_token_ttl_seconds: i64,
    /// `GRIDLINK_REFRESH_TOKEN_TTL_SECONDS`
    pub refresh_token_ttl_seconds: i64,
    /// `GRIDLINK_ADMIN_USERNAME`
    pub admin_username: String,
    /// `GRIDLINK_ADMIN_PASSWORD`: password of the first admin; generated and printed once when unset.
    pub admin_password: Option<String>,
    /// `GRIDLINK_LOGIN_MAX_FAILURES`
    pub login_max_failures: i32,
    /// `GRIDLINK_LOCKOUT_SECONDS`
    pub lockout_seconds: i64,
    /// `GRIDLINK_AUTH_RATE_LIMIT_PER_MINUTE`: requests per client IP to `/auth/*`; 0 turns it off.
    pub auth_rate_limit_per_minute: u32,
    /// `GRIDLINK_TRUST_FORWARDED_FOR`: take the client IP from `X-Forwarded-For` (behind nginx).
    pub trust_forwarded_for: bool,
    /// `GRIDLINK_CORS_ORIGINS`: comma-separated origins allowed to call the API from a browser.
    pub cors_origins: Vec<String>,
    /// `GRIDLINK_LOG_FORMAT`: `text` or `json`.
    pub log_format: LogFormat,
    /// `GRIDLINK_LOG`: tracing filter, e.g. `info,gridlink=debug`.
    pub log_filter: String,
    /// `GRIDLINK_AUDIT_RETENTION_DAYS`: audit entries older than this are pruned (never below 180).
    pub audit_retention_days: i64,
    /// `GRIDLINK_HOUSEHOLD_RETENTION_DAYS`: how long an archived household
    /// keeps its personal fields before they are erased (counts survive).
    pub household_retention_days: i64,
    /// `GRIDLINK_TIMEZONE`: the zone business dates are judged in.
    pub timezone: Tz,
    /// `GRIDLINK_SHUTDOWN_TIMEOUT_SECONDS`: how long in-flight requests get on SIGTERM.
    pub shutdown_timeout_seconds: u64,
    /// `GRIDLINK_MIGRATE_ON_START`
    pub migrate_on_start: bool,
    /// `GRIDLINK_WEB_DIR`: the built admin SPA to serve at `/`; default `frontend/dist` when it exists.
    pub web_dir: Option<PathBuf>,
    /// `GRIDLINK_COOKIE_SECURE`: mark the refresh-token cookie `Secure` (set it when served over HTTPS).
    pub cookie_secure: bool,
}

/// The shortest retention the audit trail may be given.
pub const MIN_AUDIT_RETENTION_DAYS: i64 = 180;

impl Default for Config {
    fn default() -> Self {
        Config {
            database_url: "sqlite://data/gridlink.db".into(),
            data_dir: PathBuf::from("data"),
            bind: "127.0.0.1:8080".parse().expect("valid default address"),
            workers: 0,
            db_pool_size: 8,
            db_timeout_ms: 3000,
            jwt_secret: None,
            data_key: None,
            jwt_issuer: "gridlink".into(),
            jwt_audience: "gridlink-api".into(),
            access_token_ttl_seconds: 900,
            refresh_token_ttl_seconds: 14 * 24 * 3600,
            admin_username: "admin".into(),
            admin_password: None,
            login_max_failures: 5,
            lockout_seconds: 15 * 60,
            auth_rate_limit_per_minute: 60,
            trust_forwarded_for: false,
            cors_origins: Vec::new(),
            log_format: LogFormat::Text,
            log_filter: "info".into(),
            audit_retention_days: MIN_AUDIT_RETENTION_DAYS,
            household_retention_days: 3 * 365,
            timezone: chrono_tz::Asia::Shanghai,
            shutdown_timeout_seconds: 30,
            migrate_on_start: true,
            web_dir: None,
            cookie_secure: false,
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("setting {name} is invalid: {reason}")]
pub struct ConfigError {
    pub name: &'static str,
    pub reason: String,
}

fn var(name: &'static str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn parsed<T: FromStr>(name: &'static str, default: T) -> Result<T, ConfigError>
where
    T::Err: std::fmt::Display,
{
    match var(name) {
        None => Ok(default),
        Some(v) => v.trim().parse().map_err(|e: T::Err| ConfigError { name, reason: e.to_string() }),
    }
}

/// The PostgreSQL pool of an instance on a machine with this many cores.
fn pool_size_for_cores(cores: usize) -> u32 {
    (cores * 2).clamp(4, 16) as u32
}

impl Config {
    /// Reads the environment (after loading `.env` if present).
    pub fn from_env() -> Result<Config, ConfigError> {
        let _ = dotenvy::dotenv();
        let d = Config::default();
        let data_dir = var("GRIDLINK_DATA_DIR").map(PathBuf::from).unwrap_or(d.data_dir);
        let database_url = var("GRIDLINK_DATABASE_URL")
            .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("gridlink.db").display()));
        let log_format = match var("GRIDLINK_LOG_FORMAT").as_deref() {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(ConfigError {
                    name: "GRIDLINK_LOG_FORMAT",
                    reason: format!("`{other}` is not text or json"),
                })
            }
        };
        let timezone = match var("GRIDLINK_TIMEZONE") {
            None => d.timezone,
            Some(v) => v.parse::<Tz>().map_err(|e| ConfigError { name: "GRIDLINK_TIMEZONE", reason: e.to_string() })?,
        };
        let config = Config {
            database_url,
            data_dir,
            bind: parsed("GRIDLINK_BIND", d.bind)?,
            workers: parsed("GRIDLINK_WORKERS", d.workers)?,
            db_pool_size: parsed("GRIDLINK_DB_POOL_SIZE", d.db_pool_size)?,
            db_timeout_ms: parsed("GRIDLINK_DB_TIMEOUT_MS", d.db_timeout_ms)?,
            jwt_secret: var("GRIDLINK_JWT_SECRET"),
            data_key: var("GRIDLINK_DATA_KEY"),
            jwt_issuer: var("GRIDLINK_JWT_ISSUER").unwrap_or(d.jwt_issuer),
            jwt_audience: var("GRIDLINK_JWT_AUDIENCE").unwrap_or(d.jwt_audience),
            access_token_ttl_seconds: parsed("GRIDLINK_ACCESS_TOKEN_TTL_SECONDS", d.access_token_ttl_seconds)?,
            refresh_token_ttl_seconds: parsed("GRIDLINK_REFRESH_TOKEN_TTL_SECONDS", d.refresh_token_ttl_seconds)?,
            // Sign-in ignores case; accounts are stored in lower case.
            admin_username: var("GRIDLINK_ADMIN_USERNAME").map(|u| u.trim().to_lowercase()).unwrap_or(d.admin_username),
            admin_password: var("GRIDLINK_ADMIN_PASSWORD"),
            login_max_failures: parsed("GRIDLINK_LOGIN_MAX_FAILURES", d.login_max_failures)?,
            lockout_seconds: parsed("GRIDLINK_LOCKOUT_SECONDS", d.lockout_seconds)?,
            auth_rate_limit_per_minute: parsed("GRIDLINK_AUTH_RATE_LIMIT_PER_MINUTE", d.auth_rate_limit_per_minute)?,
            trust_forwarded_for: parsed("GRIDLINK_TRUST_FORWARDED_FOR", d.trust_forwarded_for)?,
            cors_origins: var("GRIDLINK_CORS_ORIGINS")
                .map(|v| v.split(',').map(|o| o.trim().to_string()).filter(|o| !o.is_empty()).collect())
                .unwrap_or_default(),
            log_format,
            log_filter: var("GRIDLINK_LOG").unwrap_or(d.log_filter),
            audit_retention_days: parsed("GRIDLINK_AUDIT_RETENTION_DAYS", d.audit_retention_days)?,
            household_retention_days: parsed("GRIDLINK_HOUSEHOLD_RETENTION_DAYS", d.household_retention_days)?,
            timezone,
            shutdown_timeout_seconds: parsed("GRIDLINK_SHUTDOWN_TIMEOUT_SECONDS", d.shutdown_timeout_seconds)?,
            migrate_on_start: parsed("GRIDLINK_MIGRATE_ON_START", d.migrate_on_start)?,
            web_dir: var("GRIDLINK_WEB_DIR")
                .map(PathBuf::from)
                .or_else(|| Some(PathBuf::from("frontend/dist")).filter(|p| p.join("index.html").is_file())),
            cookie_secure: parsed("GRIDLINK_COOKIE_SECURE", d.cookie_secure)?,
        };
        let mut config = config;
        if var("GRIDLINK_DB_POOL_SIZE").is_none() {
            config.db_pool_size = match config.backend() {
                // SQLite writes one at a time and reads from the page cache of
                // each connection: a few connections serve as fast, in less memory.
                Some(Backend::Sqlite) => 4,
                // PostgreSQL's own rule of thumb, two connections a core: more
                // statements at once than that only take turns on the cores,
                // and the turns stretch the slowest answers (on two cores shared
                // with the database, 8 connections answered as many requests as
                // 4, with a p99 a fifth higher).
                _ => pool_size_for_cores(std::thread::available_parallelism().map_or(2, |n| n.get())),
            };
        }
        config.check()?;
        Ok(config)
    }

    /// Rules that hold whichever way the config was built.
    pub fn check(&self) -> Result<(), ConfigError> {
        if self.audit_retention_days < MIN_AUDIT_RETENTION_DAYS {
            return Err(ConfigError {
                name: "GRIDLINK_AUDIT_RETENTION_DAYS",
                reason: format!("must be at least {MIN_AUDIT_RETENTION_DAYS} days"),
            });
        }
        if !(0..=36_500).contains(&self.household_retention_days) {
            return Err(ConfigError {
                name: "GRIDLINK_HOUSEHOLD_RETENTION_DAYS",
                reason: "must be 0 to 36500 days".into(),
            });
        }
        if let Some(secret) = &self.jwt_secret {
            if secret.len() < 32 {
                return Err(ConfigError {
                    name: "GRIDLINK_JWT_SECRET",
                    reason: "must be at least 32 characters".into(),
                });
            }
        }
        if let Some(key) = &self.data_key {
            crate::crypto::decode_key(key).map_err(|reason| ConfigError { name: "GRIDLINK_DATA_KEY", reason })?;
        }
        if self.backend().is_none() {
            return Err(ConfigError {
                name: "GRIDLINK_DATABASE_URL",
                reason: "must start with sqlite:// or postgres://".into(),
            });
        }
        Ok(())
    }

    pub fn backend(&self) -> Option<Backend> {
        let url = self.database_url.as_str();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else if url.starts_with("sqlite://") || url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_postgres_pool_is_two_connections_a_core_within_bounds() {
        assert_eq!(pool_size_for_cores(1), 4);
        assert_eq!(pool_size_for_cores(2), 4);
        assert_eq!(pool_size_for_cores(4), 8);
        assert_eq!(pool_size_for_cores(64), 16);
    }
}
