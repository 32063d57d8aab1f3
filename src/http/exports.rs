//! Export downloads: `GET /exports/{id}.{csv|json}`, the file a
//! `requestExport` made, from the state it was requested at. A plain link
//! works (no header needed); a reset drops every export.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::AppState;
use crate::store::export;

/// `GET /exports/{file}`.
pub async fn download(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let not_found = || (StatusCode::NOT_FOUND, "no such export (a reset drops every export)").into_response();
    let Some((id, extension)) = file.rsplit_once('.') else { return not_found() };
    let Some(id) = crate::data::rng::parse_uuid(id) else { return not_found() };
    // A session's exports are its own, but a link is a plain URL: look in
    // every store (ids are drawn per store, so they do not collide).
    let found = state
        .hub
        .stores()
        .iter()
        .find_map(|store| store.snapshot().writes.exports.iter().find(|e| e.id == id).cloned());
    let Some(found) = found else { return not_found() };
    if found.format.extension() != extension {
        return not_found();
    }
    let (body, media_type) = match tokio::task::spawn_blocking(move || export::file(&found)).await {
        Ok(file) => file,
        Err(_) => return (StatusCode::INTERNAL_SERVER_ERROR, "the export could not be made").into_response(),
    };
    let mut response = body.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
    // Export ids start again after a reset: a cached download could be another state's file.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{file}\"")) {
        h.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}
