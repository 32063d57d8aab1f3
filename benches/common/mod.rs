//! What the request benchmarks share: one POST through the router, and a
//! burst of them in flight at once, as a load generator keeps them.

use axum::body::{Body, Bytes};
use axum::http::Request;
use http_body_util::BodyExt;
use tower::ServiceExt;

/// Requests in flight per iteration (oha's `-c` in `bench/load.sh`).
pub const CONCURRENCY: usize = 32;

/// One POST /graphql; the status and the body bytes.
pub async fn post(app: agentmock::http::App, body: Bytes) -> (u16, Bytes) {
    let request =
        Request::post("/graphql").header("content-type", "application/json").body(Body::from(body)).expect("request");
    let response = app.oneshot(request).await.expect("infallible");
    let status = response.status().as_u16();
    (status, response.into_body().collect().await.expect("body").to_bytes())
}

/// `CONCURRENCY` copies of `body` in flight at once on `runtime`, each
/// answered 200.
pub fn burst(runtime: &tokio::runtime::Runtime, app: &agentmock::http::App, body: &Bytes) {
    runtime.block_on(async {
        let mut set = tokio::task::JoinSet::new();
        for _ in 0..CONCURRENCY {
            set.spawn(post(app.clone(), body.clone()));
        }
        while let Some(done) = set.join_next().await {
            assert_eq!(done.expect("request task").0, 200);
        }
    })
}
