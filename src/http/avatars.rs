//! Avatars: a deterministic SVG per user (initials on a colour drawn from the
//! user's id), so avatar URLs work offline.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use super::AppState;

/// Background colours (accessible contrast with white text).
const PALETTE: [&str; 10] =
    ["#1e6091", "#2a9d8f", "#7b2cbf", "#c44536", "#386641", "#9c6644", "#3a0ca3", "#bc4749", "#0f766e", "#6d597a"];

/// `GET /avatars/{id}.svg`.
pub async fn avatar(State(state): State<AppState>, Path(file): Path<String>, headers: HeaderMap) -> Response {
    let not_found = || (StatusCode::NOT_FOUND, "no such avatar").into_response();
    let Some(id) = file.strip_suffix(".svg").and_then(crate::data::rng::parse_uuid) else {
        return not_found();
    };
    let snap = state.store.snapshot();
    let Some(row) = snap.user_ix(id) else { return not_found() };
    let user = &snap.dataset.users[row as usize];
    let etag = format!("\"{}\"", &id.simple().to_string()[..16]);
    if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains(&etag)) {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    let mut response = svg(&user.name, id).into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/svg+xml"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"));
    if let Ok(value) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, value);
    }
    response
}

/// The avatar of a user: initials of the name on a colour picked by the id.
pub fn svg(name: &str, id: Uuid) -> String {
    let initials: String = name.split_whitespace().filter_map(|w| w.chars().next()).take(2).collect();
    let initials = escape(&initials.to_uppercase());
    let colour = PALETTE[id.as_bytes()[0] as usize % PALETTE.len()];
    format!(
        concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128" role="img" aria-label="{label}">"#,
            r#"<rect width="128" height="128" rx="64" fill="{colour}"/>"#,
            r##"<text x="64" y="64" dy=".35em" text-anchor="middle" font-family="system-ui, sans-serif" font-size="52" font-weight="600" fill="#fff">{initials}</text>"##,
            "</svg>"
        ),
        label = escape(name),
        colour = colour,
        initials = initials,
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
