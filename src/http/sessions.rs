//! `/sessions/{id}`: a session's sandboxes, seen (`GET`), put back to their
//! seeded state (`POST /sessions/{id}/reset`) or dropped (`DELETE`), for
//! test set-up and tear-down without GraphQL. The session id is the
//! capability: no token is needed.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::AppState;
use super::context::{MAX_SESSION_ID, is_session_id};

/// The answer to a path that names no session id.
fn refusal(id: &str) -> Option<Response> {
    if is_session_id(id) {
        return None;
    }
    let error = crate::error::ApiError::bad_request(format!(
        "not a session id: 1 to {MAX_SESSION_ID} letters, digits and - _ . : @"
    ));
    Some(super::error_response(&error, false))
}

/// `GET /sessions/{id}`: each sandbox of the session (one per dataset it
/// used), with its writes and requests so far; 404 when it has none.
pub async fn show(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    if let Some(response) = refusal(&id) {
        return response;
    }
    let sandboxes: Vec<serde_json::Value> = state
        .hub
        .sessions_named(&id)
        .iter()
        .map(|session| {
            let snap = session.store().snapshot();
            let params = &session.dataset.params;
            json!({
                "scenario": params.scenario.name(),
                "seed": params.seed.to_string(),
                "anchorTime": crate::data::dump::timestamp(params.anchor),
                "writes": snap.writes.count,
                "requests": session.requests(),
                "fingerprint": snap.fingerprint(),
            })
        })
        .collect();
    let status = if sandboxes.is_empty() { StatusCode::NOT_FOUND } else { StatusCode::OK };
    (status, Json(json!({ "id": id, "sandboxes": sandboxes }))).into_response()
}

/// `POST /sessions/{id}/reset`: every sandbox of the session back to its
/// seeded state, request counts from 1 again.
pub async fn reset(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    if let Some(response) = refusal(&id) {
        return response;
    }
    let count = state.hub.reset_session(&id);
    Json(json!({ "id": id, "reset": count })).into_response()
}

/// `DELETE /sessions/{id}`: forgets the session's sandboxes (a later
/// request naming it starts afresh).
pub async fn drop(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    if let Some(response) = refusal(&id) {
        return response;
    }
    let count = state.hub.drop_session(&id);
    Json(json!({ "id": id, "dropped": count })).into_response()
}
