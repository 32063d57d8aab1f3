//! Shared fixtures: a pinned-anchor dataset, the in-process router, and a
//! helper to run GraphQL against it without a socket.

#![allow(dead_code)]

use std::sync::{Arc, OnceLock};

use agentmock::data::{self, Dataset, Params, Sizes};
use agentmock::http::{AppState, router};
use agentmock::store::{Snapshot, Store};
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// The anchor every snapshot test pins.
pub const ANCHOR: &str = "2025-01-19T14:00:00Z";

/// SHA-256 (hex) of the canonical dump at seed 12345, the pinned [`ANCHOR`]
/// and default sizes: the dataset's fingerprint, pinned.
///
/// A change here must be deliberate. A generator change, or a dependency bump
/// (rand, rand_chacha, fake, chrono, serde_json, ...), that alters any value
/// changes it; whoever makes that change updates this constant knowingly and
/// says so in the commit message.
pub const PINNED_FINGERPRINT: &str = "4ce1a7e864471e3524fb42cb0e7667238e7951a1ed945151ff34bc58bc0002e3";

/// Base URL the in-process app reports for links.
pub const PUBLIC_URL: &str = "http://127.0.0.1:4000";

pub fn anchor() -> chrono::DateTime<chrono::Utc> {
    ANCHOR.parse().expect("valid anchor")
}

/// Default sizes at `seed`, anchored at [`ANCHOR`].
pub fn params(seed: u64) -> Params {
    Params { seed, anchor: anchor(), sizes: Sizes::default() }
}

pub fn generate(params: &Params) -> Dataset {
    data::generate(params).expect("generation succeeds")
}

/// The default dataset (seed 12345, pinned anchor), generated once.
pub fn snapshot() -> Arc<Snapshot> {
    static SNAPSHOT: OnceLock<Arc<Snapshot>> = OnceLock::new();
    SNAPSHOT
        .get_or_init(|| Arc::new(Snapshot::generate(&params(data::DEFAULT_SEED)).expect("generation succeeds")))
        .clone()
}

/// The whole app over the default dataset, built once (a `Router` clone is
/// cheap and shares the store).
pub fn app() -> axum::Router {
    static APP: OnceLock<axum::Router> = OnceLock::new();
    APP.get_or_init(|| {
        let snapshot = Snapshot::new(snapshot().dataset.clone());
        router(AppState::new(Arc::new(Store::new(snapshot)), PUBLIC_URL), &None)
    })
    .clone()
}

/// A response read whole.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends one request to the app in-process.
pub async fn send(app: axum::Router, request: Request<Body>) -> Reply {
    let response = app.oneshot(request).await.expect("infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.expect("body").to_bytes().to_vec();
    Reply { status, headers, body }
}

/// POSTs a GraphQL request body.
pub async fn post_json(app: axum::Router, body: serde_json::Value) -> Reply {
    let request = Request::post("/graphql")
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .expect("request");
    send(app, request).await
}

/// GETs a path from the app.
pub async fn get(uri: &str) -> Reply {
    send(app(), Request::get(uri).body(Body::empty()).expect("request")).await
}

/// Runs a query with extra request headers; the whole reply.
pub async fn graphql_with_headers(query: &str, variables: serde_json::Value, headers: &[(&str, &str)]) -> Reply {
    let mut request = Request::post("/graphql").header("content-type", "application/json");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let body = serde_json::json!({ "query": query, "variables": variables }).to_string();
    send(app(), request.body(Body::from(body)).expect("request")).await
}

/// Runs a query with variables against the default app; the whole response.
pub async fn graphql(query: &str, variables: serde_json::Value) -> serde_json::Value {
    post_json(app(), serde_json::json!({ "query": query, "variables": variables })).await.json()
}

/// Runs a query that must succeed; its `data`.
pub async fn data(query: &str, variables: serde_json::Value) -> serde_json::Value {
    let response = graphql(query, variables).await;
    assert!(response.get("errors").is_none(), "unexpected errors: {response}");
    response["data"].clone()
}

/// The `extensions.code` of the first error.
pub fn first_error_code(response: &serde_json::Value) -> &str {
    response["errors"][0]["extensions"]["code"].as_str().unwrap_or("")
}

/// Percent-encodes a query-string value (everything but RFC 3986 unreserved characters).
pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
