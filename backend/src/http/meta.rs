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

/// The client address: the peer, or, when the deployment says one trusted
/// proxy sits in front, the address that proxy appended last to
/// `X-Forwarded-For`. Earlier entries come from the client and can be forged.
pub fn client_ip(req: &HttpRequest) -> Option<String> {
    let trust = req.app_data::<actix_web::web::Data<AppState>>().is_some_and(|s| s.config.trust_forwarded_for);
    if trust {
        let forwarded = req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok());
        if let Some(ip) = forwarded.and_then(|v| v.rsplit(',').next()).map(str::trim).and_then(parse_ip) {
            return Some(ip.to_string());
        }
    }
    req.peer_addr().map(|a| a.ip().to_string())
}

fn parse_ip(raw: &str) -> Option<std::net::IpAddr> {
    raw.parse::<std::net::IpAddr>().ok().or_else(|| raw.parse::<std::net::SocketAddr>().ok().map(|a| a.ip()))
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
