//! Who is asking from where: the client IP and request id recorded in the audit trail.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use futures_util::future::{ready, Ready};

use super::request_id::RequestId;
use super::ApiError;
use crate::app::AppState;

#[derive(Debug, Clone, Default)]
pub struct RequestMeta {
    pub client_ip: Option<String>,
    pub request_id: Option<String>,
}

/// The client address: the peer, or the first `X-Forwarded-For` hop when the
/// deployment says a trusted proxy sits in front.
pub fn client_ip(req: &HttpRequest) -> Option<String> {
    let trust = req.app_data::<actix_web::web::Data<AppState>>().is_some_and(|s| s.config.trust_forwarded_for);
    if trust {
        if let Some(ip) = req.connection_info().realip_remote_addr() {
            return Some(strip_port(ip).to_string());
        }
    }
    req.peer_addr().map(|a| a.ip().to_string())
}

fn strip_port(addr: &str) -> &str {
    match addr.parse::<std::net::SocketAddr>() {
        Ok(_) => addr.rsplit_once(':').map(|(h, _)| h.trim_matches(['[', ']'])).unwrap_or(addr),
        Err(_) => addr,
    }
}

impl FromRequest for RequestMeta {
    type Error = ApiError;
    type Future = Ready<Result<RequestMeta, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(RequestMeta {
            client_ip: client_ip(req),
            request_id: req.extensions().get::<RequestId>().map(|r| r.0.clone()),
        }))
    }
}
