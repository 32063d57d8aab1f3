//! Generates and indexes one dataset, then prints one line with the wall time
//! and the process's peak resident memory (VmHWM), for `bench/generation.sh`.
//!
//! ```sh
//! cargo run --release --example generate -- --scale 1000
//! # scale=1000 seed=12345 agents=20000 conversations=500000 daily_metrics=600000 cost_records=600000 audit_logs=200000 generate_ms=… snapshot_ms=… total_ms=… peak_rss_mib=…
//! ```
//!
//! Options: `--scale X` (default 1), `--seed N` (default 12345), `--now
//! RFC3339` (default 2025-01-19T14:00:00Z), `--scenario NAME` (default
//! `default`; `large` sets its own sizes). Peak RSS is the whole process's
//! high-water mark, so it includes the runtime's baseline (a few MiB).

use std::process::ExitCode;
use std::time::Instant;

use chrono::{DateTime, Utc};

use agentmock::data::{self, DEFAULT_SEED, Params, Scenario, Sizes};
use agentmock::store::Snapshot;

fn main() -> ExitCode {
    match run() {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<String, String> {
    let mut scale = 1.0_f64;
    let mut seed = DEFAULT_SEED;
    let mut now = "2025-01-19T14:00:00Z".to_string();
    let mut scenario = Scenario::Default;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--scale" => scale = value("--scale")?.parse().map_err(|e| format!("--scale: {e}"))?,
            "--seed" => seed = value("--seed")?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--now" => now = value("--now")?,
            "--scenario" => {
                let name = value("--scenario")?;
                scenario = Scenario::parse(&name)
                    .ok_or_else(|| format!("--scenario: {name:?} is not one of {}", Scenario::names()))?;
            }
            "-h" | "--help" => {
                return Ok("usage: generate [--scale X] [--seed N] [--now RFC3339] [--scenario NAME]".to_string());
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let anchor: DateTime<Utc> =
        DateTime::parse_from_rfc3339(&now).map_err(|e| format!("--now: {e}"))?.with_timezone(&Utc);
    let sizes = Sizes::scaled(scale).map_err(|e| e.to_string())?;
    let params = Params::for_scenario(seed, anchor, sizes, scenario);

    let started = Instant::now();
    let dataset = data::generate(&params).map_err(|e| e.to_string())?;
    let generated = started.elapsed();
    let snapshot = Snapshot::new(dataset);
    let total = started.elapsed();
    let d = &snapshot.dataset;
    let ms = |x: std::time::Duration| format!("{:.1}", x.as_secs_f64() * 1000.0);
    let line = format!(
        "scenario={scenario} scale={scale} seed={seed} agents={} conversations={} daily_metrics={} cost_records={} audit_logs={} \
         generate_ms={} snapshot_ms={} total_ms={} peak_rss_mib={}",
        d.agents.len(),
        d.conversations.len(),
        d.daily_metrics.len(),
        d.cost_records.len(),
        d.audit_logs.len(),
        ms(generated),
        ms(total - generated),
        ms(total),
        peak_rss_mib().map_or_else(|| "NA".to_string(), |m| format!("{m:.1}")),
    );
    // Keep the snapshot alive until VmHWM is read.
    drop(snapshot);
    Ok(line)
}

/// VmHWM from /proc/self/status, in MiB (Linux only).
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}
