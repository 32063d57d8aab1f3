//! Who may talk to the server from a browser: the `Origin` a request carries
//! and the `Host` it names. With the defaults (as Vite and webpack-dev-server
//! ship since CVE-2025-24010 and CVE-2025-30359/30360), only pages served
//! from a loopback origin (any port) may call the API or open a WebSocket,
//! and only local host names and IP addresses are answered, so a web page the
//! developer happens to visit can neither read the data nor, with the public
//! tokens, write it, and DNS rebinding (a foreign name resolving to
//! 127.0.0.1) meets a `403`. Both lists can be widened (`*` included).
//!
//! Requests without an `Origin` (curl, Node, test runners, same-origin
//! GETs) pass the origin check; a request from the page's own origin (its
//! `Origin` names the host it asks) always passes.

use axum::extract::Request;
use axum::http::{HeaderMap, header};
use axum::response::Response;

use super::{AppState, error_response};
pub use crate::access::{Access, Hosts, Origins};
use crate::error::ApiError;

/// The request's `Host` (HTTP/1.1), if it has one.
fn host(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::HOST).and_then(|v| v.to_str().ok())
}

/// Refuses a request naming a host that is not allowed, or carrying an
/// `Origin` that is not, before any handler runs (WebSocket upgrades
/// included): `403` with a JSON body naming the setting.
/// (Run by `http::App` for GraphQL and by the router's one middleware,
/// `http::admit`, for the rest.)
pub fn refusal(state: &AppState, request: &Request) -> Option<Response> {
    let access = &state.options.access;
    let headers = request.headers();
    let host = host(headers);
    if let Some(name) = host
        && !access.hosts.allow(name)
    {
        return Some(error_response(&ApiError::HostNotAllowed(format!("{:?}", clip(name))), false));
    }
    // A header that is not text is no origin this server allows.
    if let Some(origin) = headers.get(header::ORIGIN) {
        let text = origin.to_str().unwrap_or("");
        if !access.origins.allow(text, host) {
            return Some(error_response(&ApiError::OriginNotAllowed(format!("{:?}", clip(text))), false));
        }
    }
    None
}

/// At most 100 characters of a header, for a message.
fn clip(text: &str) -> String {
    text.chars().take(100).collect()
}
