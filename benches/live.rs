//! The live dashboard (issue 10): what the simulator costs the readers, and
//! how many subscribers one core can feed.
//!
//! - `reads/{q1,q2,q3}/{off,on}/{cache,nocache}`: 32 concurrent requests of
//!   a workload through the router, GraphQL work on the one bench thread
//!   (`--executor-threads 0`), with the simulator off and on at its default
//!   pace (a step a second, a simulated minute each: `simulator::run` on a
//!   thread of its own), response cache on and off. A step moves today's
//!   telemetry and records: Q1 (agent names, statuses, models) stays cached
//!   while Q2 (daily rows, conversations) and Q3 (cost by model) are
//!   answered afresh once per step.
//! - `fanout/{metrics,audit}/{100,1000}`: one change delivered to N
//!   subscribers on one core, from the write to the last subscriber's result
//!   serialised as its `next` message would be (`engine::run` per
//!   subscriber, as the WebSocket transport runs it; the socket write is
//!   not counted). `metrics` is the playground's `metricsUpdated` tab (today's
//!   fleet KPIs, every moved agent and its row) after a simulator step;
//!   `audit` a small `auditLogAdded` after a sign-in. Subscribers one core
//!   can feed at R events a second: 1 / (R × time per subscriber).
//!
//! ```sh
//! cargo bench --bench live                 # all (≈3 min)
//! cargo bench --bench live -- fanout/      # the fan-out only
//! ```

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use chrono::{DateTime, TimeDelta, Utc};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use futures_util::StreamExt;

use agentmock::data::{DEFAULT_SEED, Params, Sizes};
use agentmock::engine::{self, DocumentCache, SchemaOptions};
use agentmock::graphql::RequestData;
use agentmock::http::executor::ExecutorOptions;
use agentmock::http::{AppState, HttpOptions, router};
use agentmock::store::writes::{Command, Event};
use agentmock::store::{Snapshot, Store, simulator};

mod common;
use common::CONCURRENCY;

fn store() -> Arc<Store> {
    let anchor: DateTime<Utc> =
        DateTime::parse_from_rfc3339("2025-01-19T14:00:00Z").expect("valid anchor").with_timezone(&Utc);
    let params = Params::new(DEFAULT_SEED, anchor, Sizes::default());
    Arc::new(Store::new(Snapshot::generate(&params).expect("the default dataset")))
}

/// The simulator at `pace` on a thread of its own, until dropped.
struct Simulating(Option<tokio::sync::oneshot::Sender<()>>, Option<std::thread::JoinHandle<()>>);

impl Simulating {
    fn start(store: Arc<Store>, pace: simulator::Pace) -> Self {
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            runtime.block_on(async move {
                tokio::select! {
                    () = simulator::run(store, pace, Arc::new(simulator::SystemClock)) => {}
                    _ = stopped => {}
                }
            });
        });
        Simulating(Some(stop), Some(thread))
    }
}

impl Drop for Simulating {
    fn drop(&mut self) {
        if let Some(stop) = self.0.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.1.take() {
            let _ = thread.join();
        }
    }
}

fn reads(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/queries");
    let mut group = c.benchmark_group("reads");
    group.throughput(Throughput::Elements(CONCURRENCY as u64));
    group.measurement_time(Duration::from_secs(6));
    let default_pace = simulator::Pace::new(60.0, 1.0);
    for cache in [true, false] {
        for simulating in [false, true] {
            let store = store();
            let options = HttpOptions {
                response_cache_bytes: if cache { HttpOptions::default().response_cache_bytes } else { 0 },
                executor: ExecutorOptions { threads: 0, ..ExecutorOptions::default() },
                ..HttpOptions::default()
            };
            let app = router(AppState::with_options(store.clone(), "http://127.0.0.1:4000", options));
            let _simulator = simulating.then(|| Simulating::start(store.clone(), default_pace));
            for name in ["q1", "q2", "q3"] {
                let Ok(body) = std::fs::read(dir.join(format!("{name}.json"))) else { continue };
                let body = Bytes::from(body);
                let id = format!(
                    "{name}/{}/{}",
                    if simulating { "on" } else { "off" },
                    if cache { "cache" } else { "nocache" }
                );
                group.bench_function(&id, |b| b.iter(|| common::burst(&runtime, &app, &body)));
            }
        }
    }
    group.finish();
}

const METRICS: &str = "subscription { metricsUpdated { at today { totalConversations failed successRate totalCost \
                       avgResponseTime } agents { name status } dailyMetrics { conversations succeeded } } }";
const AUDIT: &str = "subscription { auditLogAdded { action summary createdAt actor { name role } } }";

/// `n` subscribers of `query` on `runtime`, each counting its results into
/// `delivered` once serialised.
fn subscribers(
    runtime: &tokio::runtime::Runtime,
    store: &Arc<Store>,
    query: &str,
    n: usize,
    delivered: &Arc<AtomicUsize>,
) {
    let schema = engine::build_schema();
    let documents = DocumentCache::new(1 << 20);
    let options = SchemaOptions::default();
    let started = Arc::new(AtomicUsize::new(0));
    for _ in 0..n {
        let prepared = engine::prepare_cached(async_graphql::Request::new(query), &documents, &options)
            .unwrap_or_else(|e| panic!("{query}: {e}"));
        let data =
            RequestData::new(store.snapshot(), None, Arc::from("http://127.0.0.1:4000")).listening_to(store.clone());
        let mut results = Box::pin(engine::run(&schema, prepared.data(data)));
        let (delivered, started) = (delivered.clone(), started.clone());
        runtime.spawn(async move {
            let mut first = true;
            loop {
                let next = results.next();
                tokio::pin!(next);
                // The first poll follows the store's changes.
                let result = std::future::poll_fn(|cx| {
                    let polled = next.as_mut().poll(cx);
                    if first {
                        first = false;
                        started.fetch_add(1, Ordering::Relaxed);
                    }
                    polled
                })
                .await;
                let Some(result) = result else { break };
                let text = serde_json::to_string(&result).expect("serialisable");
                assert!(result.errors.is_empty(), "{text}");
                std::hint::black_box(format!("{{\"id\":\"1\",\"type\":\"next\",\"payload\":{text}}}"));
                delivered.fetch_add(1, Ordering::Relaxed);
            }
        });
    }
    runtime.block_on(async {
        while started.load(Ordering::Relaxed) < n {
            tokio::task::yield_now().await;
        }
    });
}

fn fanout(c: &mut Criterion) {
    let mut group = c.benchmark_group("fanout");
    group.measurement_time(Duration::from_secs(8)).sample_size(20);
    for n in [100usize, 1000] {
        group.throughput(Throughput::Elements(n as u64));
        for (label, query) in [("metrics", METRICS), ("audit", AUDIT)] {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            let store = store();
            let delivered = Arc::new(AtomicUsize::new(0));
            subscribers(&runtime, &store, query, n, &delivered);
            let email = store.snapshot().dataset.users[0].email.clone();
            let mut until = store.snapshot().writes.live.until;
            group.bench_function(BenchmarkId::new(label, n), |b| {
                b.iter_custom(|iterations| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iterations {
                        let before = delivered.load(Ordering::Relaxed);
                        let started = Instant::now();
                        // A change that brings this subscription one event.
                        loop {
                            let events = match label {
                                "metrics" => {
                                    until += TimeDelta::minutes(1);
                                    store.write(None, &Command::Simulate { until }).expect("a step").events
                                }
                                _ => {
                                    store
                                        .write(None, &Command::SignIn { email: email.clone() })
                                        .expect("a sign-in")
                                        .events
                                }
                            };
                            let wanted = |e: &Event| match label {
                                "metrics" => matches!(e, Event::MetricsUpdated { .. }),
                                _ => matches!(e, Event::AuditLogAdded { .. }),
                            };
                            if events.iter().any(wanted) {
                                break;
                            }
                        }
                        runtime.block_on(async {
                            while delivered.load(Ordering::Relaxed) < before + n {
                                tokio::task::yield_now().await;
                            }
                        });
                        total += started.elapsed();
                    }
                    total
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, reads, fanout);
criterion_main!(benches);
