//! Export downloads: `GET /exports/{id}.{csv|json}`, the file a
//! `requestExport` made, as rendered from the state it was requested at.
//! A plain link works (no header needed). Every store (the served dataset,
//! each per-request dataset, each session) keeps its newest exports within
//! `--max-exports` and `--max-export-mb`; an export pushed out, or dropped
//! by a reset, is a `404` with a JSON body saying so.

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::AppState;
use crate::error::ApiError;

/// `GET /exports/{file}`.
pub async fn download(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let limits = state.store.snapshot().writes.exports.limits;
    let not_found = |what: String| {
        let message = format!(
            "{what}: the server keeps the newest {} exports within {} MiB (--max-exports, --max-export-mb), \
             and a reset drops every export; request it again",
            limits.max_count,
            limits.max_bytes >> 20
        );
        let body = ApiError::NotFound { field: "id".into(), message }.to_body();
        let mut response = (StatusCode::NOT_FOUND, body).into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        response
    };
    let Some((id, extension)) = file.rsplit_once('.') else {
        return not_found(format!("{:?} is not an export's file name (<id>.csv or <id>.json)", clip(&file)));
    };
    let Some(id) = crate::data::rng::parse_uuid(id) else {
        return not_found(format!("{:?} is not an export id", clip(id)));
    };
    // A session's exports are its own, but a link is a plain URL: look in
    // every store (ids are drawn per store, so they do not collide).
    let found = state.hub.stores().iter().find_map(|store| store.snapshot().writes.exports.find(id).cloned());
    let Some(export) = found.filter(|e| e.format.extension() == extension) else {
        return not_found(format!("no export {id}.{} is kept", clip(extension)));
    };
    let file = export.file.clone();
    let mut response = Body::from(Bytes::from_owner(file.bytes.clone())).into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(file.media_type));
    // Export ids start again after a reset: a cached download could be another state's file.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(value) =
        HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\"", file_name = file_name(&export)))
    {
        h.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

fn file_name(export: &crate::store::writes::Export) -> String {
    format!("{}.{}", export.id, export.format.extension())
}

/// At most 40 characters of what the client sent, for a message.
fn clip(text: &str) -> String {
    text.chars().take(40).collect()
}
