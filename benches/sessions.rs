//! What the per-request features cost: creating a session, a first request
//! on a dataset no request asked for before (×1: generation, indices,
//! fingerprint), the memory a session holds after 10 writes and a
//! generated dataset holds (counted by this binary's allocator, so the
//! figures are the bytes really held), and Q1–Q3 throughput with 32
//! sessions each writing once per 100 reads against the same reads without
//! sessions (cache on, the default), in-process on one core.
//!
//! ```sh
//! cargo bench --bench sessions
//! ```

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicIsize, AtomicU64, Ordering};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::Request;
use chrono::{DateTime, Utc};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use http_body_util::BodyExt;
use tower::ServiceExt;

use agentmock::data::{DEFAULT_SEED, Params, Sizes};
use agentmock::http::{AppState, HttpOptions, router};
use agentmock::store::{Snapshot, Store};

mod common;
use common::CONCURRENCY;

/// Counts the bytes held, to measure what sessions and datasets keep.
struct Counting;

static HELD: AtomicIsize = AtomicIsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged; the
// counter only observes sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        HELD.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        HELD.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        HELD.fetch_add(new_size as isize - layout.size() as isize, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const OPERATOR: &str = "Bearer amk_1605c5a789d1ad8c565d07db3ce9ee8f";

fn new_app(cache: bool) -> (agentmock::http::App, AppState) {
    let anchor: DateTime<Utc> =
        DateTime::parse_from_rfc3339("2025-01-19T14:00:00Z").expect("valid anchor").with_timezone(&Utc);
    let params = Params::new(DEFAULT_SEED, anchor, Sizes::default());
    let store = Arc::new(Store::new(Snapshot::generate(&params).expect("default dataset")));
    let mut options = HttpOptions::default();
    if !cache {
        options.response_cache_bytes = 0;
    }
    options.hub.max_sessions = 100_000;
    options.hub.sessions_bytes = 64 << 30;
    let state = AppState::with_options(store, "http://127.0.0.1:4000", options);
    (router(state.clone()), state)
}

async fn post(app: &agentmock::http::App, headers: &[(&str, &str)], body: Bytes) -> (u16, Bytes) {
    let mut request = Request::post("/graphql").header("content-type", "application/json");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = app.clone().oneshot(request.body(Body::from(body)).expect("request")).await.expect("infallible");
    let status = response.status().as_u16();
    (status, response.into_body().collect().await.expect("body").to_bytes())
}

fn held() -> isize {
    HELD.load(Ordering::Relaxed)
}

/// A write of the session: the temperature of the first agent, toggled.
fn write(n: u64, agent: &str) -> Bytes {
    let temperature = if n.is_multiple_of(2) { 0.3 } else { 0.7 };
    let query = format!(
        "mutation {{ updateAgentConfig(input: {{ id: \"{agent}\", temperature: {temperature} }}) {{ agent {{ id }} }} }}"
    );
    serde_json::json!({ "query": query }).to_string().into()
}

fn first_agent(runtime: &tokio::runtime::Runtime, app: &agentmock::http::App) -> String {
    let body = Bytes::from_static(br#"{"query":"{ agents(first: 1) { nodes { id } } }"}"#);
    let (_, reply) = runtime.block_on(post(app, &[], body));
    let reply: serde_json::Value = serde_json::from_slice(&reply).expect("JSON");
    reply["data"]["agents"]["nodes"][0]["id"].as_str().expect("an agent").to_string()
}

/// Bytes held per session after 10 writes, and per generated dataset.
fn memory(runtime: &tokio::runtime::Runtime) {
    let (app, state) = new_app(false);
    let agent = first_agent(runtime, &app);
    const SESSIONS: u64 = 200;
    let before = held();
    runtime.block_on(async {
        for s in 0..SESSIONS {
            let session = format!("mem-{s}");
            for n in 0..10 {
                let (status, _) =
                    post(&app, &[("x-agentmock-session", &session), ("authorization", OPERATOR)], write(n, &agent))
                        .await;
                assert_eq!(status, 200);
            }
        }
    });
    let per_session = (held() - before) / SESSIONS as isize;
    eprintln!("memory: {per_session} bytes per session after 10 writes ({SESSIONS} sessions)");
    let (count, estimated) = state.hub.session_usage();
    eprintln!("memory: the hub counts {} bytes per session", estimated / count.max(1));

    const DATASETS: u64 = 20;
    let before = held();
    runtime.block_on(async {
        for seed in 0..DATASETS {
            let body = Bytes::from_static(br#"{"query":"{ agents(first: 5) { nodes { name metrics { successRate } } } analytics { kpis { totalCost } } }"}"#);
            let (status, _) = post(&app, &[("x-agentmock-seed", &(1000 + seed).to_string())], body).await;
            assert_eq!(status, 200);
        }
    });
    let per_dataset = (held() - before) / DATASETS as isize;
    let (count, estimated) = state.hub.dataset_usage();
    eprintln!(
        "memory: {per_dataset} bytes per generated dataset at x1 (queried; {DATASETS} held); the hub counts {} each",
        estimated / count.max(1)
    );
}

fn sessions(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("single-threaded runtime");
    memory(&runtime);

    let mut group = c.benchmark_group("sessions");
    group.measurement_time(Duration::from_secs(8));
    let (app, _) = new_app(true);
    let counter = AtomicU64::new(0);
    let meta = Bytes::from_static(br#"{"query":"{ meta { session } }"}"#);
    group.bench_function("create a session", |b| {
        b.iter(|| {
            let session = format!("new-{}", counter.fetch_add(1, Ordering::Relaxed));
            let (status, _) = runtime.block_on(post(&app, &[("x-agentmock-session", &session)], meta.clone()));
            assert_eq!(status, 200);
        })
    });
    let seed = Bytes::from_static(br#"{"query":"{ meta { seed } }"}"#);
    group.sample_size(20);
    group.bench_function("first request on a new seed", |b| {
        b.iter(|| {
            let seed_header = (10_000 + counter.fetch_add(1, Ordering::Relaxed)).to_string();
            let (status, _) = runtime.block_on(post(&app, &[("x-agentmock-seed", &seed_header)], seed.clone()));
            assert_eq!(status, 200);
        })
    });
    group.finish();

    // Q1–Q3: the same reads without sessions, and from 32 sessions each
    // writing once per 100 of its reads.
    let mut group = c.benchmark_group("workloads");
    group.throughput(Throughput::Elements(CONCURRENCY as u64));
    group.measurement_time(Duration::from_secs(8));
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/queries");
    for name in ["q1", "q2", "q3"] {
        let body: Bytes = std::fs::read(dir.join(format!("{name}.json"))).expect("a workload").into();
        let (app, _) = new_app(true);
        group.bench_function(format!("{name} without sessions"), |b| b.iter(|| common::burst(&runtime, &app, &body)));
        let (app, _) = new_app(true);
        let agent = first_agent(&runtime, &app);
        let reads = AtomicU64::new(0);
        group.bench_function(format!("{name} with 32 sessions writing 1 in 100"), |b| {
            b.iter(|| {
                runtime.block_on(async {
                    let mut set = tokio::task::JoinSet::new();
                    for s in 0..CONCURRENCY {
                        let n = reads.fetch_add(1, Ordering::Relaxed) / CONCURRENCY as u64;
                        let (app, session) = (app.clone(), format!("load-{s}"));
                        let body = if n % 100 == 99 { write(n, &agent) } else { body.clone() };
                        set.spawn(async move {
                            post(&app, &[("x-agentmock-session", &session), ("authorization", OPERATOR)], body).await
                        });
                    }
                    while let Some(done) = set.join_next().await {
                        assert_eq!(done.expect("a request").0, 200);
                    }
                })
            })
        });
    }
    group.finish();
}

criterion_group!(benches, sessions);
criterion_main!(benches);
