//! The GraphQL-over-HTTP transport: POST (JSON, single or batched) and GET
//! (queries only), owned here rather than left to framework defaults so every
//! malformed request gets a clear error and the right status.

use axum::body::Bytes;
use axum::extract::{Query, State};
use std::sync::Arc;

use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::AppState;
use super::cache::{CacheKey, CachedResponse};
use crate::graphql::{self, OperationKind, RequestData};
use crate::store::Snapshot;

/// Largest request body accepted.
pub const MAX_BODY_BYTES: usize = 1 << 20;
/// Most operations one batched POST may carry.
pub const MAX_BATCH: usize = 25;

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";
const JSON: &str = "application/json";

/// How the client wants responses: the GraphQL-over-HTTP media type (with
/// 4xx statuses for requests that cannot run) or legacy JSON (always 200).
#[derive(Clone, Copy, PartialEq, Eq)]
enum MediaType {
    GraphqlResponse,
    Json,
}

fn media_type(headers: &HeaderMap) -> MediaType {
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or("");
    // Prefer the GraphQL media type when the client names it before JSON.
    let graphql = accept.find(GRAPHQL_RESPONSE);
    let json = accept.find(JSON).or_else(|| accept.find("*/*"));
    match (graphql, json) {
        (Some(g), Some(j)) if j < g => MediaType::Json,
        (Some(_), _) => MediaType::GraphqlResponse,
        _ => MediaType::Json,
    }
}

/// An error response outside GraphQL execution (bad HTTP request).
fn request_error(status: StatusCode, code: &str, message: impl Into<String>) -> Response {
    let body = serde_json::json!({ "errors": [{ "message": message.into(), "extensions": { "code": code } }] });
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON));
    response
}

/// Who the request is signed in as: `Authorization: Bearer <user id or email>`.
fn viewer(state: &AppState, headers: &HeaderMap) -> Result<Option<u32>, Box<Response>> {
    let Some(value) = headers.get(header::AUTHORIZATION) else { return Ok(None) };
    let unauthenticated = |m: &str| Box::new(request_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED", m));
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim)
        .ok_or_else(|| unauthenticated("Authorization must be `Bearer <user id or email>`"))?;
    let snap = state.store.snapshot();
    let by_id = uuid::Uuid::parse_str(token).ok().and_then(|id| snap.user_ix(id));
    let row = by_id.or_else(|| snap.index.users_by_email.get(&token.to_lowercase()).copied());
    row.map(Some).ok_or_else(|| unauthenticated("no user has this id or email"))
}

/// Runs one request against `snap`; `get` refuses anything but queries.
async fn run(
    state: &AppState,
    snap: &Arc<Snapshot>,
    viewer: Option<u32>,
    request: async_graphql::Request,
    get: bool,
) -> (async_graphql::Response, Option<StatusCode>) {
    let prepared = match graphql::prepare_cached(request, &state.documents) {
        Ok(prepared) => prepared,
        Err(response) => return (*response, None),
    };
    if get && prepared.kind != OperationKind::Query {
        let error = graphql::coded_error("GET requests may only run queries; use POST", "BAD_REQUEST");
        return (async_graphql::Response::from_errors(vec![error]), Some(StatusCode::METHOD_NOT_ALLOWED));
    }
    let data = RequestData::new(snap.clone(), viewer, state.public_url.clone());
    (graphql::execute(&state.schema, prepared.data(data)).await, None)
}

fn respond(media: MediaType, status: StatusCode, body: Bytes) -> Response {
    let content_type = match media {
        MediaType::GraphqlResponse => GRAPHQL_RESPONSE,
        MediaType::Json => JSON,
    };
    let mut response = (status, body).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

fn status_of(media: MediaType, response: &async_graphql::Response, forced: Option<StatusCode>) -> StatusCode {
    if let Some(status) = forced {
        return status;
    }
    if media == MediaType::GraphqlResponse && graphql::failed_before_execution(response) {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    }
}

fn to_json(response: &async_graphql::Response) -> String {
    serde_json::to_string(response).unwrap_or_else(|_| {
        r#"{"errors":[{"message":"internal server error","extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}"#.into()
    })
}

/// `POST /graphql`: a JSON object, or an array of them (a batch).
pub async fn post_handler(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let media = media_type(&headers);
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !content_type.trim_start().to_ascii_lowercase().starts_with(JSON) {
        return request_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "BAD_REQUEST",
            "POST bodies must be application/json",
        );
    }
    if body.len() > MAX_BODY_BYTES {
        return request_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "BAD_REQUEST",
            format!("request body over {MAX_BODY_BYTES} bytes"),
        );
    }
    let viewer = match viewer(&state, &headers) {
        Ok(v) => v,
        Err(response) => return *response,
    };
    let snap = state.store.snapshot();
    let key = cache_key(&snap, false, body.clone(), viewer, media);
    if let Some(hit) = state.cache.get(&key) {
        return respond(media, hit.status, hit.body);
    }
    // An array is a batch, anything else one request. Deciding by the first
    // byte (not serde's untagged guess) keeps `[]` a batch: serde would read
    // an empty array as a request with every field defaulted.
    let is_batch = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[');
    let parsed = if is_batch {
        serde_json::from_slice(&body).map(async_graphql::BatchRequest::Batch)
    } else {
        serde_json::from_slice(&body).map(async_graphql::BatchRequest::Single)
    };
    let batch = match parsed {
        Ok(batch) => batch,
        Err(e) => {
            return request_error(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                format!("the body is not a GraphQL request: {e}"),
            );
        }
    };
    let (status, body) = match batch {
        async_graphql::BatchRequest::Single(request) => {
            let (response, forced) = run(&state, &snap, viewer, request, false).await;
            (status_of(media, &response, forced), to_json(&response))
        }
        async_graphql::BatchRequest::Batch(requests) => {
            if requests.is_empty() || requests.len() > MAX_BATCH {
                return request_error(
                    StatusCode::BAD_REQUEST,
                    "BAD_REQUEST",
                    format!("a batch holds 1 to {MAX_BATCH} operations"),
                );
            }
            let mut parts = Vec::with_capacity(requests.len());
            for request in requests {
                parts.push(to_json(&run(&state, &snap, viewer, request, false).await.0));
            }
            (StatusCode::OK, format!("[{}]", parts.join(",")))
        }
    };
    let body = Bytes::from(body);
    state.cache.put(key, CachedResponse { status, body: body.clone() });
    respond(media, status, body)
}

fn cache_key(snap: &Snapshot, get: bool, request: Bytes, viewer: Option<u32>, media: MediaType) -> CacheKey {
    CacheKey {
        generation: snap.generation,
        get,
        request,
        viewer,
        graphql_media_type: media == MediaType::GraphqlResponse,
    }
}

/// GraphQL-over-HTTP GET parameters.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetParams {
    query: Option<String>,
    operation_name: Option<String>,
    variables: Option<String>,
    extensions: Option<String>,
}

/// `GET /graphql?query=...&variables=...`: queries only.
pub async fn get_handler(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    params: Result<Query<GetParams>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let media = media_type(&headers);
    let Ok(Query(params)) = params else {
        return request_error(StatusCode::BAD_REQUEST, "BAD_REQUEST", "malformed query string");
    };
    let Some(query) = params.query else {
        return request_error(StatusCode::BAD_REQUEST, "BAD_REQUEST", "missing `query` parameter");
    };
    let viewer = match viewer(&state, &headers) {
        Ok(v) => v,
        Err(response) => return *response,
    };
    let snap = state.store.snapshot();
    let key = cache_key(&snap, true, Bytes::copy_from_slice(uri.query().unwrap_or("").as_bytes()), viewer, media);
    if let Some(hit) = state.cache.get(&key) {
        return with_allow(respond(media, hit.status, hit.body));
    }
    let mut request = async_graphql::Request::new(query);
    request.operation_name = params.operation_name;
    if let Some(variables) = params.variables {
        match serde_json::from_str(&variables) {
            Ok(v) => request.variables = async_graphql::Variables::from_json(v),
            Err(e) => {
                return request_error(
                    StatusCode::BAD_REQUEST,
                    "BAD_REQUEST",
                    format!("`variables` is not a JSON object: {e}"),
                );
            }
        }
    }
    if let Some(extensions) = params.extensions
        && serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&extensions).is_err()
    {
        return request_error(StatusCode::BAD_REQUEST, "BAD_REQUEST", "`extensions` is not a JSON object");
    }
    let (response, forced) = run(&state, &snap, viewer, request, true).await;
    let (status, body) = (status_of(media, &response, forced), Bytes::from(to_json(&response)));
    state.cache.put(key, CachedResponse { status, body: body.clone() });
    with_allow(respond(media, status, body))
}

/// A GET refused for not being a query says which method would do.
fn with_allow(mut response: Response) -> Response {
    if response.status() == StatusCode::METHOD_NOT_ALLOWED {
        response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("POST"));
    }
    response
}
