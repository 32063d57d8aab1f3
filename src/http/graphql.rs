//! The GraphQL-over-HTTP transport: POST (JSON, single or batched) and GET
//! (queries only), owned here rather than left to framework defaults so every
//! malformed request gets a clear error, a JSON body with its code and the
//! right status (graphql/graphql-over-http; the `graphql-http` audits run in
//! CI). Reading, negotiation and cache hits happen on the IO runtime; all
//! GraphQL work (parse, limits, validation, execution, ordering,
//! serialisation) runs on the [`Executor`](super::executor::Executor).

use crate::rt::Instant;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::apq::PersistedQuery;
use super::cache::{CacheKey, CachedResponse};
use super::context::{RequestContext, Resolved, add_block};
use super::{AppState, error_response};
use crate::engine::{self, OperationKind};
use crate::error::{ApiError, codes};
use crate::faults::RequestFault;
use crate::graphql::RequestData;
use crate::store::{Parts, Versions};

pub const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";
pub const JSON: &str = "application/json";

/// How the client wants responses: the GraphQL-over-HTTP media type (with
/// 4xx statuses for requests that cannot run) or legacy JSON (always 200).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MediaType {
    GraphqlResponse,
    Json,
}

/// Negotiates the response media type from `Accept` (RFC 9110): the
/// acceptable range with the highest `q`, the earlier one on a tie;
/// `application/json` when nothing acceptable is named.
fn media_type(headers: &HeaderMap) -> MediaType {
    let accept = headers.get_all(header::ACCEPT).iter().filter_map(|v| v.to_str().ok()).collect::<Vec<_>>().join(",");
    let mut best: Option<(f32, MediaType)> = None;
    for range in accept.split(',') {
        let mut parts = range.split(';');
        let essence = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = parts
            .filter_map(|p| p.split_once('='))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("q"))
            .and_then(|(_, v)| v.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        let media = match essence.as_str() {
            GRAPHQL_RESPONSE => MediaType::GraphqlResponse,
            JSON | "application/*" | "*/*" => MediaType::Json,
            _ => continue,
        };
        if q > 0.0 && best.is_none_or(|(top, _)| q > top) {
            best = Some((q, media));
        }
    }
    best.map_or(MediaType::Json, |(_, media)| media)
}

/// A POST body must be `application/json` (parameters allowed, a charset
/// only if it is UTF-8), told by parsing the media type, not by a prefix.
fn check_content_type(headers: &HeaderMap) -> Result<(), ApiError> {
    let refuse =
        |got: &str| ApiError::UnsupportedMediaType(format!("POST bodies must be application/json (UTF-8); got {got}"));
    let Some(value) = headers.get(header::CONTENT_TYPE) else { return Err(refuse("no content type")) };
    let text = value.to_str().map_err(|_| refuse("an unreadable content type"))?;
    let mut parts = text.split(';');
    let essence = parts.next().unwrap_or("").trim();
    if !essence.eq_ignore_ascii_case(JSON) {
        return Err(refuse(&format!("{essence:?}")));
    }
    for parameter in parts {
        let (name, value) = parameter.split_once('=').unwrap_or((parameter, ""));
        let value = value.trim().trim_matches('"');
        if name.trim().eq_ignore_ascii_case("charset") && !value.eq_ignore_ascii_case("utf-8") {
            return Err(refuse(&format!("charset {value:?}")));
        }
    }
    Ok(())
}

/// Reads a body of at most `max_body_bytes` within `body_timeout`, as
/// UTF-8 (RFC 8259: JSON text exchanged between systems is UTF-8; serde
/// would let an invalid byte inside a skipped value through).
async fn read_body(state: &AppState, headers: &HeaderMap, body: Body) -> Result<Bytes, ApiError> {
    let limit = state.options.max_body_bytes;
    let too_large = ApiError::PayloadTooLarge { limit };
    let declared =
        headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    let timeout = state.options.body_timeout;
    if declared.is_some_and(|n| n > limit as u64) {
        drain(body, timeout).await;
        return Err(too_large);
    }
    let mut body = body.into_data_stream();
    let mut collected = Vec::new();
    let read = crate::rt::timeout(timeout, async {
        while let Some(chunk) = futures_util::StreamExt::next(&mut body).await {
            let chunk = chunk.map_err(|e| ApiError::bad_request(format!("the request body could not be read: {e}")))?;
            if collected.len() + chunk.len() > limit {
                return Err(too_large.clone());
            }
            collected.extend_from_slice(&chunk);
        }
        Ok(())
    })
    .await;
    match read {
        Err(_) => return Err(ApiError::BodyTimeout { limit_ms: timeout.as_millis() as u64 }),
        Ok(Err(e @ ApiError::PayloadTooLarge { .. })) => {
            drain_stream(body, timeout).await;
            return Err(e);
        }
        Ok(Err(e)) => return Err(e),
        Ok(Ok(())) => {}
    }
    if let Err(e) = std::str::from_utf8(&collected) {
        return Err(ApiError::bad_request(format!(
            "the body is not UTF-8: an invalid byte at offset {}",
            e.valid_up_to()
        )));
    }
    Ok(Bytes::from(collected))
}

/// What a refused body may still send, read and dropped, so the client
/// finishes sending and reads its `413` (closing on unread bytes would
/// reset the connection under it: a broken pipe, no answer).
const DRAIN_BYTES: usize = 256 << 20;

/// Reads and drops the rest of a refused body: at most [`DRAIN_BYTES`],
/// within `timeout`; past either, the connection is closed as it stands.
async fn drain(body: Body, timeout: std::time::Duration) {
    drain_stream(body.into_data_stream(), timeout).await;
}

async fn drain_stream(mut body: axum::body::BodyDataStream, timeout: std::time::Duration) {
    let _ = crate::rt::timeout(timeout, async {
        let mut drained = 0;
        while let Some(Ok(chunk)) = futures_util::StreamExt::next(&mut body).await {
            drained += chunk.len();
            if drained > DRAIN_BYTES {
                break;
            }
        }
    })
    .await;
}

/// One GraphQL request as it arrives, before its query is known (a
/// persisted query has only a hash).
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct WireRequest {
    query: Option<String>,
    operation_name: Option<String>,
    variables: Option<serde_json::Map<String, serde_json::Value>>,
    extensions: Option<serde_json::Map<String, serde_json::Value>>,
}

impl WireRequest {
    /// What the request asks (its text, operation and variables) as
    /// bytes, to key its draws of latency and faults.
    pub(super) fn draw_key(&self) -> Vec<u8> {
        let key = (&self.query, &self.operation_name, &self.variables, &self.extensions);
        serde_json::to_vec(&key).unwrap_or_default()
    }
}

/// With `--anonymous refuse`, a query or subscription without a token is
/// a 401; a mutation goes on to its own check (`signIn` needs no token,
/// the rest do).
pub(super) fn refuse_anonymous(state: &AppState, viewer: Option<u32>, kind: OperationKind) -> Result<(), ApiError> {
    if viewer.is_none()
        && kind != OperationKind::Mutation
        && state.options.anonymous == crate::data::catalogue::Anonymous::Refuse
    {
        return Err(ApiError::Unauthenticated(
            "this server refuses anonymous requests (--anonymous refuse): send `Authorization: Bearer <token>` (signIn gives one)".into(),
        ));
    }
    Ok(())
}

/// What answering a request came to.
struct Outcome {
    status: StatusCode,
    body: Vec<u8>,
    /// `extensions.code` of the first error, or `OK`; for logs.
    code: String,
    operation: Option<String>,
    /// Whether replaying it is right: not for answers that depend on time
    /// or on the persisted-query store.
    cacheable: bool,
    /// The parts of the dataset the answer read, and their versions.
    reads: Parts,
    versions: Versions,
}

impl Outcome {
    fn error(error: &ApiError, media: MediaType) -> Self {
        let status = StatusCode::from_u16(error.status(media == MediaType::GraphqlResponse))
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        Outcome {
            status,
            body: error.to_body().into_bytes(),
            code: error.code().into(),
            operation: None,
            cacheable: cacheable(error),
            // Refused before reading any data.
            reads: Parts::NONE,
            versions: Versions::ZERO,
        }
    }
}

fn cacheable(error: &ApiError) -> bool {
    !matches!(error, ApiError::PersistedQueryNotFound | ApiError::Timeout { .. } | ApiError::Internal(_))
}

/// A `Vec` writer that refuses to grow past a limit.
struct Capped {
    bytes: Vec<u8>,
    limit: usize,
}

impl std::io::Write for Capped {
    #[inline]
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    /// serde_json writes token by token through `write_all`: one check
    /// and one copy each, not the default loop over `write`.
    #[inline]
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if self.bytes.len() + buf.len() > self.limit {
            return Err(std::io::Error::other("over the response limit"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A response as JSON into `out`, within its limit. A request that failed
/// before execution has no `data` entry (GraphQL-over-HTTP). Objects
/// already written as text are copied ([`crate::graphql::json`]).
fn write_response(response: &async_graphql::Response, out: &mut Capped) -> Result<(), ApiError> {
    let limit = ApiError::ResponseTooLarge { limit: out.limit };
    if engine::failed_before_execution(response) {
        serde_json::to_writer(&mut *out, &serde_json::json!({ "errors": response.errors })).map_err(|e| {
            if e.is_io() { limit.clone() } else { ApiError::Internal(format!("serialising a response: {e}")) }
        })
    } else {
        // Sized once: most of a large answer is text written while resolving;
        // with room for the `extensions.agentmock` block `add_block` appends
        // (about 250 bytes), which would otherwise copy the whole answer
        // into a larger buffer.
        let expected = crate::graphql::json::text_len(&response.data) + 64 + 512;
        out.bytes.reserve(expected.min(out.limit.saturating_sub(out.bytes.len())));
        crate::graphql::json::write_response(out, response).map_err(|e| {
            // Only the cap fails a write to memory; serde_json fails alone on a value it cannot write.
            match e.get_ref().and_then(|inner| inner.downcast_ref::<serde_json::Error>()) {
                Some(inner) if !inner.is_io() => ApiError::Internal(format!("serialising a response: {inner}")),
                _ => limit.clone(),
            }
        })
    }
}

/// The first error's code, for logs.
fn first_code(response: &async_graphql::Response) -> String {
    let Some(error) = response.errors.first() else { return "OK".into() };
    match error.extensions.as_ref().and_then(|x| x.get("code")) {
        Some(async_graphql::Value::String(code)) => code.clone(),
        _ => codes::INTERNAL_SERVER_ERROR.into(),
    }
}

/// The GraphQL request a wire request stands for, its query resolved
/// through the persisted-query store when it names one.
pub(super) fn graphql_request(state: &AppState, wire: WireRequest) -> Result<async_graphql::Request, ApiError> {
    let query = match PersistedQuery::from_extensions(wire.extensions.as_ref())? {
        Some(persisted) => state.persisted.resolve(&persisted, wire.query)?,
        None => wire.query.ok_or_else(|| ApiError::bad_request("the request has no `query`"))?,
    };
    let mut request = async_graphql::Request::new(query);
    request.operation_name = wire.operation_name;
    if let Some(variables) = wire.variables {
        request.variables = async_graphql::Variables::from_json(serde_json::Value::Object(variables));
    }
    Ok(request)
}

/// Everything one request needs on the executor.
#[derive(Clone)]
struct Job {
    state: AppState,
    resolved: Arc<Resolved>,
    get: bool,
}

impl Job {
    /// Runs one request to a GraphQL response, or the error that stopped it
    /// before execution; and whether it was a mutation. A mutation reads
    /// and writes the store's newest snapshot; so does every operation of
    /// a batch after a mutation (`latest`: it sees the writes before it).
    async fn response(
        &self,
        wire: WireRequest,
        latest: bool,
    ) -> (Result<async_graphql::Response, ApiError>, Option<String>, bool, Parts, Versions) {
        let mut operation = wire.operation_name.clone();
        let mut mutation = false;
        let mut reads = Parts::NONE;
        let resolved = &self.resolved;
        let mut versions = resolved.snapshot.versions;
        let result = async {
            let request = graphql_request(&self.state, wire)?;
            let prepared = engine::prepare_cached(request, &self.state.documents, &self.state.options.schema)?;
            operation = prepared.operation_name.clone();
            if self.get && prepared.kind != OperationKind::Query {
                return Err(ApiError::MethodNotAllowed("GET requests may only run queries; use POST".into()));
            }
            mutation = prepared.kind == OperationKind::Mutation;
            refuse_anonymous(&self.state, resolved.viewer, prepared.kind)?;
            if prepared.kind == OperationKind::Subscription {
                return Err(ApiError::bad_request(
                    "a subscription needs a WebSocket: open one on this endpoint (graphql-transport-ws)",
                ));
            }
            reads = prepared.reads();
            let store = resolved.target.store();
            let snap = if mutation || latest { store.snapshot() } else { resolved.snapshot.clone() };
            versions = snap.versions;
            let mut data = RequestData::new(snap, resolved.viewer, self.state.public_url.clone())
                .in_session(resolved.target.session.clone())
                .reading_anonymously(self.state.options.anonymous);
            if mutation {
                data = data.writing_to(store);
            }
            // Each phase ends where the executor can move a job that has
            // used its slice of the CPU (see `executor` and `crate::rt`).
            crate::rt::yield_if_due().await;
            let prepared = prepared.data(data).objects_as_text();
            let response = match &resolved.field_faults {
                None => engine::execute(&self.state.schema, prepared).await,
                Some(faults) => {
                    engine::execute(&self.state.faulted_schema, prepared.with_field_faults(faults.clone())).await
                }
            };
            crate::rt::yield_if_due().await;
            Ok(response)
        }
        .await;
        (result, operation, mutation, reads, versions)
    }

    async fn single(self, wire: WireRequest, media: MediaType) -> Outcome {
        let block = self.resolved.block();
        let mut outcome = self.single_without_block(wire, media).await;
        if let Some(block) = block {
            add_block(&mut outcome.body, &block);
        }
        outcome
    }

    async fn single_without_block(self, wire: WireRequest, media: MediaType) -> Outcome {
        let (result, operation, mutation, reads, versions) = self.response(wire, false).await;
        let response = match result {
            Ok(response) => response,
            Err(e) => return Outcome { operation, ..Outcome::error(&e, media) },
        };
        let status = if media == MediaType::GraphqlResponse && engine::failed_before_execution(&response) {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::OK
        };
        let mut out = Capped { bytes: Vec::new(), limit: self.state.options.max_response_bytes };
        match write_response(&response, &mut out) {
            // A mutation's answer is never replayed: a repeat must run it.
            Ok(()) => Outcome {
                status,
                body: out.bytes,
                code: first_code(&response),
                operation,
                // Field faults are drawn per request number: a replay would be another request's.
                cacheable: !mutation && self.resolved.field_faults.is_none(),
                reads,
                versions,
            },
            Err(e) => Outcome { operation, ..Outcome::error(&e, media) },
        }
    }

    async fn batch(self, wires: Vec<WireRequest>, media: MediaType) -> Outcome {
        let block = self.resolved.block();
        let mut out = Capped { bytes: Vec::with_capacity(64), limit: self.state.options.max_response_bytes };
        out.bytes.push(b'[');
        let mut cacheable_batch = true;
        let (mut reads, versions) = (Parts::NONE, self.resolved.snapshot.versions);
        for (i, wire) in wires.into_iter().enumerate() {
            if i > 0 {
                out.bytes.push(b',');
            }
            let (result, _, mutation, read, _) = self.response(wire, !cacheable_batch).await;
            cacheable_batch &= !mutation;
            reads |= read;
            let mut element = Capped { bytes: Vec::new(), limit: out.limit };
            let written = match result {
                Ok(response) => write_response(&response, &mut element),
                Err(e) => {
                    cacheable_batch &= cacheable(&e);
                    element.bytes = e.to_body().into_bytes();
                    Ok(())
                }
            };
            if let Some(block) = &block {
                add_block(&mut element.bytes, block);
            }
            let written = written.and_then(|()| {
                std::io::Write::write_all(&mut out, &element.bytes)
                    .map_err(|_| ApiError::ResponseTooLarge { limit: out.limit })
            });
            if let Err(e) = written {
                return Outcome::error(&e, media);
            }
        }
        out.bytes.push(b']');
        Outcome {
            status: StatusCode::OK,
            body: out.bytes,
            code: "OK".into(),
            operation: None,
            cacheable: cacheable_batch && self.resolved.field_faults.is_none(),
            reads,
            versions,
        }
    }
}

fn respond(media: MediaType, status: StatusCode, body: Bytes) -> Response {
    let content_type = match media {
        MediaType::GraphqlResponse => GRAPHQL_RESPONSE,
        MediaType::Json => JSON,
    };
    let mut response = (status, body).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if status == StatusCode::METHOD_NOT_ALLOWED {
        response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("POST"));
    }
    response
}

/// Logs one answered request at `debug`: the default `info` stays quiet
/// per request, hostile traffic included (a flood would otherwise flood
/// the log too).
fn log(method: &str, started: Instant, outcome: &Outcome, cached: bool) {
    tracing::debug!(
        method,
        operation = outcome.operation.as_deref().unwrap_or(""),
        status = outcome.status.as_u16(),
        code = outcome.code.as_str(),
        cached,
        elapsed_us = started.elapsed().as_micros() as u64,
        "graphql request"
    );
}

/// Answers from the cache or runs `job` on the executor, then caches and
/// sends the answer.
///
/// `job` comes boxed: the GraphQL work's future is kilobytes, and the
/// handler's future, which the router moves several times before and while
/// it runs, would otherwise hold it.
async fn answer<F>(
    state: &AppState,
    resolved: &Resolved,
    key: CacheKey,
    media: MediaType,
    method: &str,
    job: F,
) -> Response
where
    F: Future<Output = Outcome> + Send + 'static,
{
    let started = Instant::now();
    let outcome = match state.executor.run_request(state.options.request_timeout, Some(key.digest()), job).await {
        Ok(outcome) => outcome,
        Err(e) => with_block(Outcome::error(&e, media), resolved),
    };
    log(method, started, &outcome, false);
    let body = if outcome.cacheable && state.cache.enabled() {
        let cached = CachedResponse::new(outcome.status, &outcome.body, outcome.reads, outcome.versions);
        let body = cached.body.clone();
        state.cache.put(key, cached);
        body
    } else {
        Bytes::from(outcome.body)
    };
    respond(media, outcome.status, body)
}

/// `outcome` with the request's `extensions.agentmock` block added.
fn with_block(mut outcome: Outcome, resolved: &Resolved) -> Outcome {
    if let Some(block) = resolved.block() {
        add_block(&mut outcome.body, &block);
    }
    outcome
}

/// An error response carrying the request's block.
fn refuse(error: &ApiError, media: MediaType, resolved: &Resolved) -> Response {
    let outcome = with_block(Outcome::error(error, media), resolved);
    respond(media, outcome.status, Bytes::from(outcome.body))
}

/// Resolves a request's options against the hub (generating its dataset
/// if no request asked for it before), then waits out its injected
/// latency; a request whose injected fault fires gets it here.
async fn prelude(
    state: &AppState,
    headers: &HeaderMap,
    request: &[u8],
    media: MediaType,
    connection: Option<&super::Connection>,
) -> Result<Arc<Resolved>, Response> {
    let graphql_response = media == MediaType::GraphqlResponse;
    let context = RequestContext::from_headers(headers).map_err(|e| error_response(&e, graphql_response))?;
    let resolved = state.resolve(context, request).await.map_err(|e| error_response(&e, graphql_response))?;
    if resolved.latency_ms > 0 {
        crate::rt::sleep(std::time::Duration::from_millis(resolved.latency_ms)).await;
    }
    match resolved.fault {
        None => Ok(Arc::new(resolved)),
        Some(RequestFault::Status(status)) => Err(refuse(&ApiError::Injected { status }, media, &resolved)),
        Some(RequestFault::Timeout) => {
            let limit = state.options.request_timeout;
            crate::rt::sleep(limit).await;
            Err(refuse(&ApiError::Timeout { limit_ms: limit.as_millis() as u64 }, media, &resolved))
        }
        Some(RequestFault::Drop) => {
            // The connection closes before a byte of the answer goes out
            // (in-process, with no connection, a 500 stands in for it).
            if let Some(connection) = connection {
                connection.abort();
            }
            Err(refuse(&ApiError::Injected { status: 500 }, media, &resolved))
        }
    }
}

/// `POST /graphql` as the router's handler ([`post`]).
pub async fn post_handler(
    State(state): State<AppState>,
    connection: Option<axum::Extension<super::Connection>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    post(state, connection.as_deref(), &headers, body).await
}

/// `POST /graphql`: a JSON object, or an array of them (a batch).
pub async fn post(
    state: AppState,
    connection: Option<&super::Connection>,
    headers: &HeaderMap,
    body: Body,
) -> Response {
    let media = media_type(headers);
    let graphql_response = media == MediaType::GraphqlResponse;
    if let Err(e) = check_content_type(headers) {
        return error_response(&e, graphql_response);
    }
    let body = match read_body(&state, headers, body).await {
        Ok(body) => body,
        Err(e) => return error_response(&e, graphql_response),
    };
    let resolved = match prelude(&state, headers, &body, media, connection).await {
        Ok(resolved) => resolved,
        Err(response) => return response,
    };
    let key = CacheKey::new(false, &body, resolved.answer_key(), graphql_response);
    if let Some(hit) = state.cache.get(&key, &resolved.snapshot.versions) {
        return respond(media, hit.status, hit.body);
    }
    // An array is a batch, anything else one request. Deciding by the first
    // byte (not serde's untagged guess) keeps `[]` a batch: serde would read
    // an empty array as a request with every field defaulted.
    let is_batch = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[');
    let not_graphql = |e: serde_json::Error| ApiError::bad_request(format!("the body is not a GraphQL request: {e}"));
    let job = Job { state: state.clone(), resolved: resolved.clone(), get: false };
    if is_batch {
        let wires: Vec<WireRequest> = match serde_json::from_slice(&body).map_err(not_graphql) {
            Ok(wires) => wires,
            Err(e) => return refuse(&e, media, &resolved),
        };
        let max = state.options.max_batch;
        if wires.is_empty() || wires.len() > max {
            let e = ApiError::bad_request(format!("a batch holds 1 to {max} operations, got {}", wires.len()));
            return refuse(&e, media, &resolved);
        }
        answer(&state, &resolved, key, media, "POST", Box::pin(job.batch(wires, media))).await
    } else {
        let wire: WireRequest = match serde_json::from_slice(&body).map_err(not_graphql) {
            Ok(wire) => wire,
            Err(e) => return refuse(&e, media, &resolved),
        };
        answer(&state, &resolved, key, media, "POST", Box::pin(job.single(wire, media))).await
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

fn json_object(
    name: &str,
    text: Option<String>,
) -> Result<Option<serde_json::Map<String, serde_json::Value>>, ApiError> {
    let Some(text) = text else { return Ok(None) };
    match serde_json::from_str::<Option<serde_json::Map<String, serde_json::Value>>>(&text) {
        Ok(map) => Ok(map),
        Err(e) => Err(ApiError::bad_request(format!("`{name}` is not a JSON object: {e}"))),
    }
}

/// `GET /graphql?query=...&variables=...`: queries only.
pub async fn get_handler(
    State(state): State<AppState>,
    connection: Option<super::Connection>,
    headers: HeaderMap,
    uri: Uri,
    params: Result<Query<GetParams>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let media = media_type(&headers);
    let graphql_response = media == MediaType::GraphqlResponse;
    let wire = params
        .map_err(|_| ApiError::bad_request("malformed query string"))
        .and_then(|Query(params)| {
            Ok(WireRequest {
                query: params.query,
                operation_name: params.operation_name,
                variables: json_object("variables", params.variables)?,
                extensions: json_object("extensions", params.extensions)?,
            })
        })
        .and_then(|wire| {
            let persisted = wire.extensions.as_ref().is_some_and(|e| e.contains_key("persistedQuery"));
            if wire.query.is_none() && !persisted {
                return Err(ApiError::bad_request("missing `query` parameter"));
            }
            Ok(wire)
        });
    let wire = match wire {
        Ok(wire) => wire,
        Err(e) => return error_response(&e, graphql_response),
    };
    let request = uri.query().unwrap_or("").as_bytes();
    let resolved = match prelude(&state, &headers, request, media, connection.as_ref()).await {
        Ok(resolved) => resolved,
        Err(response) => return response,
    };
    let key = CacheKey::new(true, request, resolved.answer_key(), graphql_response);
    if let Some(hit) = state.cache.get(&key, &resolved.snapshot.versions) {
        return respond(media, hit.status, hit.body);
    }
    let job = Job { state: state.clone(), resolved: resolved.clone(), get: true };
    answer(&state, &resolved, key, media, "GET", Box::pin(job.single(wire, media))).await
}

/// Any other method on `/graphql`.
pub async fn other_method_handler(method: Method, headers: HeaderMap) -> Response {
    let e = ApiError::MethodNotAllowed(format!("{method} is not allowed on /graphql; use GET or POST"));
    let mut response = error_response(&e, media_type(&headers) == MediaType::GraphqlResponse);
    response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, POST"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(value: &str) -> MediaType {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT, HeaderValue::from_str(value).unwrap());
        media_type(&headers)
    }

    #[test]
    fn accept_is_negotiated_by_quality_then_order() {
        assert_eq!(accept(GRAPHQL_RESPONSE), MediaType::GraphqlResponse);
        assert_eq!(accept("application/json, application/graphql-response+json"), MediaType::Json);
        assert_eq!(accept("application/graphql-response+json, application/json"), MediaType::GraphqlResponse);
        assert_eq!(accept("application/json;q=0.9, application/graphql-response+json"), MediaType::GraphqlResponse);
        assert_eq!(accept("*/*"), MediaType::Json);
        assert_eq!(accept("text/html"), MediaType::Json);
        assert_eq!(accept("application/graphql-response+jsonx"), MediaType::Json);
    }

    #[test]
    fn the_content_type_is_a_media_type_not_a_prefix() {
        let check = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_str(value).unwrap());
            check_content_type(&headers).is_ok()
        };
        assert!(check("application/json"));
        assert!(check("Application/JSON; charset=UTF-8"));
        assert!(check("application/json;charset=\"utf-8\""));
        assert!(!check("application/jsonx"));
        assert!(!check("application/json-seq"));
        assert!(!check("application/json; charset=latin1"));
        assert!(!check("text/plain"));
        assert!(check_content_type(&HeaderMap::new()).is_err());
    }
}
