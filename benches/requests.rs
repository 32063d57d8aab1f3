//! In-process cost of the load-benchmark workloads (issue 3's companion).
//!
//! `bench/load.sh` measures agentmock over TCP against its peers, on a shared
//! machine where the load generator and the servers compete for the same
//! cores. This benchmark isolates agentmock's own cost: each iteration sends
//! `CONCURRENCY` copies of one workload body through the whole axum router
//! (`tower::ServiceExt::oneshot`: transport checks, JSON parsing, GraphQL
//! parse/validate/execute, DataLoader batches, response ordering,
//! serialization) on a single-threaded tokio runtime, concurrently like
//! `oha -c 32` does, and reports requests per second **on one core**.
//!
//! `{ __typename }` is the floor: what every request pays before any field
//! of the dataset is resolved. A workload whose body fails (e.g. q3 before
//! analytics lands) is reported and skipped. Each workload runs twice: as
//! the server runs by default (its response cache replays it) and with the
//! cache off (`-nocache`: every request parsed, validated and executed,
//! issue 17's measure; per resolved value, divide Q2's time by ~5,400).
//!
//! ```sh
//! cargo bench --bench requests            # all
//! cargo bench --bench requests -- q2      # one workload
//! ```

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use chrono::{DateTime, Utc};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use agentmock::data::{DEFAULT_SEED, Params, Sizes};
use agentmock::http::{AppState, router};
use agentmock::store::{Snapshot, Store};

mod common;
use common::CONCURRENCY;

fn app(cache_bytes: usize) -> agentmock::http::App {
    let anchor: DateTime<Utc> =
        DateTime::parse_from_rfc3339("2025-01-19T14:00:00Z").expect("valid anchor").with_timezone(&Utc);
    let params = Params::new(DEFAULT_SEED, anchor, Sizes::default());
    let store = Arc::new(Store::new(Snapshot::generate(&params).expect("default dataset")));
    router(AppState::with_cache(store, "http://127.0.0.1:4000", cache_bytes))
}

fn workloads() -> Vec<(String, Bytes)> {
    let mut list = vec![("typename".to_string(), Bytes::from_static(br#"{"query":"{ __typename }"}"#))];
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/queries");
    for name in ["q1", "q2", "q3"] {
        match std::fs::read(dir.join(format!("{name}.json"))) {
            Ok(body) => list.push((name.to_string(), body.into())),
            Err(e) => eprintln!("skipping {name}: {e}"),
        }
    }
    list
}

fn requests(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("single-threaded runtime");
    let cached = app(agentmock::http::DEFAULT_CACHE_BYTES);
    let uncached = app(0);
    let mut group = c.benchmark_group("requests");
    group.throughput(Throughput::Elements(CONCURRENCY as u64));
    group.measurement_time(Duration::from_secs(8));
    let runs = workloads().into_iter().flat_map(|(name, body)| {
        [(name.clone(), body.clone(), cached.clone()), (format!("{name}-nocache"), body, uncached.clone())]
    });
    for (name, body, app) in runs {
        let (status, reply) = runtime.block_on(common::post(app.clone(), body.clone()));
        let json: serde_json::Value = serde_json::from_slice(&reply).unwrap_or_default();
        if status != 200 || json.get("errors").is_some() || json.get("data").is_none_or(|d| d.is_null()) {
            let text = String::from_utf8_lossy(&reply);
            eprintln!("skipping {name}: status {status}, {}", text.chars().take(200).collect::<String>());
            continue;
        }
        eprintln!("{name}: {} response bytes", reply.len());
        group.bench_function(&name, |b| b.iter(|| common::burst(&runtime, &app, &body)));
    }
    group.finish();
}

criterion_group!(benches, requests);
criterion_main!(benches);
