//! The write path (issue 9): what one write costs at ×1 and ×1000, and what
//! a stream of writes costs the readers.
//!
//! - `write/x1/*`, `write/x1000/*`: one `Store::write` (check, apply to a
//!   copy-on-write snapshot, update indices and roll-ups, swap in, publish),
//!   without a journal; `write/x1/journaled` adds the fsynced append. A
//!   write's cost should grow with what it touches, not with the dataset:
//!   compare the x1 and x1000 medians.
//! - `reads/{q1,q2,q3}/{quiet,writes}/{cache,nocache}`: 32 concurrent
//!   requests of a workload through the router on one core, with and
//!   without a writer thread making 200 writes a second, response cache on
//!   and off (writes defeat the cache: every write is a new generation).
//!
//! ```sh
//! cargo bench --bench writes              # all (≈2 min)
//! cargo bench --bench writes -- write/    # the write latencies only
//! ```

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::body::Bytes;
use chrono::{DateTime, Utc};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

use agentmock::data::catalogue::Role;
use agentmock::data::kinds::AgentKind;
use agentmock::data::{AgentStatus, DEFAULT_SEED, Params, Sizes};
use agentmock::http::{AppState, HttpOptions, router};
use agentmock::store::rollups::{AgentSet, CellMask};
use agentmock::store::writes::Command;
use agentmock::store::{Snapshot, Store};

mod common;
use common::CONCURRENCY;

fn params(scale: f64) -> Params {
    let anchor: DateTime<Utc> =
        DateTime::parse_from_rfc3339("2025-01-19T14:00:00Z").expect("valid anchor").with_timezone(&Utc);
    let sizes = Sizes::scaled(scale).expect("valid scale");
    Params::new(DEFAULT_SEED, anchor, sizes)
}

/// A store whose roll-ups are built (so writes keep them up to date, as in
/// a server that has answered an analytics query).
fn store(scale: f64) -> Store {
    let snapshot = Snapshot::generate(&params(scale)).expect("dataset");
    let _ = snapshot.telemetry(&AgentSet::Cells(CellMask::ALL), 0..snapshot.dataset.window.days as i64);
    Store::new(snapshot)
}

/// An admin and the active agents of the store.
fn actors(store: &Store) -> (u32, Vec<uuid::Uuid>) {
    let snap = store.snapshot();
    let admin = snap.dataset.users.iter().position(|u| u.role == Role::Admin).expect("an admin") as u32;
    let agents = snap.dataset.agents.iter().filter(|a| a.status == AgentStatus::Active).map(|a| a.id).collect();
    (admin, agents)
}

/// The i-th config change of an endless cycle over the agents (each
/// changes something: the temperature steps through 0.05 ... 1.95).
fn config(i: u64, agents: &[uuid::Uuid]) -> Command {
    let agent = agents[i as usize % agents.len()];
    let step = i / agents.len() as u64;
    Command::UpdateAgentConfig {
        agent,
        model: None,
        temperature: Some((step % 20) as f64 / 10.0 + 0.05),
        max_tokens: None,
    }
}

/// The i-th of an endless stop, start, stop, ... over the agents.
fn toggle(i: u64, agents: &[uuid::Uuid]) -> Command {
    let agent = agents[(i / 2) as usize % agents.len()];
    if i.is_multiple_of(2) { Command::StopAgent { agent, reason: None } } else { Command::StartAgent { agent } }
}

fn writes(c: &mut Criterion) {
    let mut group = c.benchmark_group("write");
    group.measurement_time(Duration::from_secs(6));
    for (label, scale) in [("x1", 1.0), ("x1000", 1000.0)] {
        let store = store(scale);
        let (admin, agents) = actors(&store);
        let mut i = 0;
        group.bench_function(BenchmarkId::new(label, "config"), |b| {
            b.iter(|| {
                i += 1;
                store.write(Some(admin), &config(i, &agents)).expect("an accepted write")
            })
        });
        let mut t = 0;
        group.bench_function(BenchmarkId::new(label, "stop-start"), |b| {
            b.iter(|| {
                let written = store.write(Some(admin), &toggle(t, &agents)).expect("an accepted write");
                t += 1;
                written
            })
        });
        let mut j = 0;
        group.bench_function(BenchmarkId::new(label, "create-agent"), |b| {
            b.iter(|| {
                j += 1;
                let create = Command::CreateAgent {
                    name: format!("Bench Bot {j}"),
                    kind: AgentKind::ItSupport,
                    description: None,
                    model: "gpt-4o-mini".into(),
                    temperature: None,
                    max_tokens: None,
                    system_prompt: Some("Be brief.".into()),
                };
                store.write(Some(admin), &create).expect("an accepted write")
            })
        });
    }
    let dir = std::env::temp_dir().join(format!("agentmock-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("journal.jsonl");
    let (store, _) = Store::with_journal(Snapshot::generate(&params(1.0)).expect("dataset"), &path).expect("journal");
    let (admin, agents) = actors(&store);
    let mut i = 0;
    group.bench_function(BenchmarkId::new("x1", "config-journaled"), |b| {
        b.iter(|| {
            i += 1;
            store.write(Some(admin), &config(i, &agents)).expect("an accepted write")
        })
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

fn reads(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/queries");
    let mut group = c.benchmark_group("reads");
    group.throughput(Throughput::Elements(CONCURRENCY as u64));
    group.measurement_time(Duration::from_secs(5));
    for cache in [true, false] {
        let store = Arc::new(store(1.0));
        let (admin, agents) = actors(&store);
        let mut options = HttpOptions::default();
        if !cache {
            options.response_cache_bytes = 0;
        }
        let app = router(AppState::with_options(store.clone(), "http://127.0.0.1:4000", options));
        for name in ["q1", "q2", "q3"] {
            let Ok(body) = std::fs::read(dir.join(format!("{name}.json"))) else { continue };
            let body = Bytes::from(body);
            for writing in [false, true] {
                let stop = Arc::new(AtomicBool::new(false));
                let writer = writing.then(|| {
                    let (store, stop, agents) = (store.clone(), stop.clone(), agents.clone());
                    std::thread::spawn(move || {
                        let mut i = 0;
                        while !stop.load(Ordering::Relaxed) {
                            i += 1;
                            let _ = store.write(Some(admin), &config(i, &agents));
                            std::thread::sleep(Duration::from_millis(5));
                        }
                    })
                });
                let id = format!(
                    "{name}/{}/{}",
                    if writing { "writes" } else { "quiet" },
                    if cache { "cache" } else { "nocache" }
                );
                group.bench_function(&id, |b| b.iter(|| common::burst(&runtime, &app, &body)));
                stop.store(true, Ordering::Relaxed);
                if let Some(writer) = writer {
                    let _ = writer.join();
                }
            }
        }
    }
    group.finish();
}

criterion_group!(benches, writes, reads);
criterion_main!(benches);
