//! Runs one workload of `bench/queries/` through the router, in process and
//! on one thread, a fixed number of times without the response cache, so
//! an instruction counter can divide by requests: the noise-free measure
//! of a change on a shared machine (this one has no hardware counters for
//! `perf stat`; Valgrind's callgrind counts every instruction).
//!
//! ```sh
//! cargo build --release --example per_request
//! valgrind --tool=callgrind --toggle-collect='per_request::measured' \
//!     target/release/examples/per_request q2 100
//! # "Collected : N" / 100 = instructions per request; callgrind_annotate for where
//! ```
//!
//! Arguments: the workload (`typename`, `q1`, `q2`, `q3`), how many
//! requests (default 200) and, optionally, `general` to turn the fast path
//! off. The requests run one after another (`--executor-threads 0`: no hop
//! to another thread), after as many unmeasured ones to warm the caches;
//! the document cache stays on, as on a server. The last line printed is
//! the wall time per request (meaningful outside Valgrind only).

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::http::Request;
use chrono::{DateTime, Utc};
use http_body_util::BodyExt;
use tower::ServiceExt;

use agentmock::data::{DEFAULT_SEED, Params, Sizes};
use agentmock::http::executor::ExecutorOptions;
use agentmock::http::{AppState, HttpOptions, router};
use agentmock::store::{Snapshot, Store};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let workload = args.next().unwrap_or_else(|| "q2".into());
    let count: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(200);
    let general = args.next().as_deref() == Some("general");
    let body = if workload == "typename" {
        Bytes::from_static(br#"{"query":"{ __typename }"}"#)
    } else {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("bench/queries/{workload}.json"));
        match std::fs::read(&path) {
            Ok(body) => body.into(),
            Err(e) => {
                eprintln!("error: {}: {e}", path.display());
                return ExitCode::from(2);
            }
        }
    };
    let anchor: DateTime<Utc> =
        DateTime::parse_from_rfc3339("2025-01-19T14:00:00Z").expect("valid anchor").with_timezone(&Utc);
    let params = Params::new(DEFAULT_SEED, anchor, Sizes::default());
    let store = Arc::new(Store::new(Snapshot::generate(&params).expect("default dataset")));
    let mut options = HttpOptions {
        response_cache_bytes: 0,
        executor: ExecutorOptions { threads: 0, ..ExecutorOptions::default() },
        ..HttpOptions::default()
    };
    options.schema.fast_path = !general;
    let app = router(AppState::with_options(store, "http://127.0.0.1:4000", options));
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let bytes = runtime.block_on(warm_up(&app, &body, count));
    let started = Instant::now();
    measured(&runtime, &app, &body, count);
    let elapsed = started.elapsed();
    println!(
        "{workload}{}: {count} requests, {bytes} bytes each, {:.1} µs per request",
        if general { " (general path)" } else { "" },
        elapsed.as_secs_f64() * 1e6 / count as f64
    );
    ExitCode::SUCCESS
}

async fn post(app: &agentmock::http::App, body: &Bytes) -> Bytes {
    let request = Request::post("/graphql")
        .header("content-type", "application/json")
        .body(Body::from(body.clone()))
        .expect("request");
    let response = app.clone().oneshot(request).await.expect("infallible");
    assert_eq!(response.status(), 200);
    response.into_body().collect().await.expect("body").to_bytes()
}

async fn warm_up(app: &agentmock::http::App, body: &Bytes, count: usize) -> usize {
    let mut bytes = 0;
    for _ in 0..count {
        let reply = post(app, body).await;
        assert!(!reply.windows(9).any(|w| w == b"\"errors\":"), "{}", String::from_utf8_lossy(&reply));
        bytes = reply.len();
    }
    bytes
}

/// The requests an instruction counter measures (`--toggle-collect`): a
/// plain function, so the runtime's polls run below it on the stack.
#[inline(never)]
fn measured(runtime: &tokio::runtime::Runtime, app: &agentmock::http::App, body: &Bytes, count: usize) {
    runtime.block_on(async {
        for _ in 0..count {
            std::hint::black_box(post(app, body).await);
        }
    });
}
