//! Generation and indexing time (issue 2).
//!
//! `cargo bench --bench generate` measures, at the default volumes (×1) and at
//! ×1000 (20,000 agents, 500,000 conversations, 600,000 daily metrics and
//! cost records, 200,000 audit logs):
//!
//! - `generate/*`: `data::generate` (the dataset alone);
//! - `snapshot/*`: `Snapshot::new` (building the indices over a dataset that
//!   already exists; the dataset is cloned outside the timed section).
//!
//! Outputs are dropped outside the timed section. The ×1000 groups keep one
//! dataset alive at a time (`BatchSize::PerIteration`) so peak memory stays at
//! two datasets. Peak RSS is measured separately by `examples/generate.rs`
//! (see `bench/generation.sh`), since criterion's own allocations would blur
//! it.
//!
//! Filter as usual: `cargo bench --bench generate -- x1/` runs only ×1.

use std::hint::black_box;
use std::time::Duration;

use chrono::{DateTime, Utc};
use criterion::{BatchSize, Criterion, SamplingMode, criterion_group, criterion_main};

use agentmock::data::{self, DEFAULT_SEED, Params, Sizes};
use agentmock::store::Snapshot;

/// The anchor the test suites pin, so every run generates the same values.
fn anchor() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2025-01-19T14:00:00Z").expect("valid anchor").with_timezone(&Utc)
}

fn params(sizes: Sizes) -> Params {
    Params::new(DEFAULT_SEED, anchor(), sizes)
}

fn x1000() -> Sizes {
    Sizes::scaled(1000.0).expect("×1000 is within the limits")
}

fn default_size(c: &mut Criterion) {
    let p = params(Sizes::default());
    let dataset = data::generate(&p).expect("default dataset");
    let mut group = c.benchmark_group("x1");
    group.bench_function("generate", |b| {
        b.iter_batched(|| (), |()| data::generate(black_box(&p)).expect("generates"), BatchSize::SmallInput)
    });
    group.bench_function("snapshot", |b| {
        b.iter_batched(|| dataset.clone(), |d| Snapshot::new(black_box(d)), BatchSize::SmallInput)
    });
    group.finish();
}

fn scaled_1000(c: &mut Criterion) {
    let p = params(x1000());
    let dataset = data::generate(&p).expect("×1000 dataset");
    let mut group = c.benchmark_group("x1000");
    // Seconds per iteration: criterion's minimum of 10 samples, one
    // iteration each, without the linear ramp.
    group.sample_size(10).sampling_mode(SamplingMode::Flat).warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("generate", |b| {
        b.iter_batched(|| (), |()| data::generate(black_box(&p)).expect("generates"), BatchSize::PerIteration)
    });
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("snapshot", |b| {
        b.iter_batched(|| dataset.clone(), |d| Snapshot::new(black_box(d)), BatchSize::PerIteration)
    });
    group.finish();
}

criterion_group!(benches, default_size, scaled_1000);
criterion_main!(benches);
