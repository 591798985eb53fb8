//! Per-client-IP rate limit on `/auth/*`, against password guessing from one place.
//!
//! Counted in process memory, per instance: behind a load balancer with N
//! instances a client gets at most N times the limit, which still stops
//! guessing; the per-account lockout, which must be exact, lives in the database.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::{ready, Ready};

use super::ApiError;
use crate::app::AppState;

const WINDOW: Duration = Duration::from_secs(60);
/// Past this many tracked clients, expired windows are swept on the next hit.
const SWEEP_AT: usize = 10_000;

#[derive(Debug)]
pub struct RateLimiter {
    per_window: u32,
    windows: Mutex<HashMap<String, (Instant, u32)>>,
}

impl RateLimiter {
    pub fn new(per_minute: u32) -> Self {
        RateLimiter { per_window: per_minute, windows: Mutex::new(HashMap::new()) }
    }

    /// Counts one request from `client`; `Err(seconds)` when over the limit.
    pub fn hit(&self, client: &str) -> Result<(), u64> {
        if self.per_window == 0 {
            return Ok(());
        }
        let now = Instant::now();
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        if windows.len() > SWEEP_AT {
            windows.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
        }
        let entry = windows.entry(client.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= WINDOW {
            *entry = (now, 0);
        }
        entry.1 += 1;
        if entry.1 > self.per_window {
            let left = WINDOW.saturating_sub(now.duration_since(entry.0));
            Err(left.as_secs().max(1))
        } else {
            Ok(())
        }
    }
}

/// Extractor that counts the request against the caller's IP; put it on every `/auth/*` handler.
pub struct AuthRateLimit;

impl FromRequest for AuthRateLimit {
    type Error = ApiError;
    type Future = Ready<Result<AuthRateLimit, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let Some(state) = req.app_data::<web::Data<AppState>>() else {
            return ready(Ok(AuthRateLimit));
        };
        let client = super::meta::client_ip(req).unwrap_or_default();
        ready(
            state
                .auth_rate_limit
                .hit(&client)
                .map(|_| AuthRateLimit)
                .map_err(|retry_after_seconds| ApiError::RateLimited { retry_after_seconds }),
        )
    }
}
