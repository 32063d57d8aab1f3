//! The `agentmock` binary as a user runs it: `dump`, `check`, `--help`,
//! every configuration error path, `.env`, and `serve`.
//!
//! Every run gets its own empty working directory (the binary reads `.env`
//! from there) and an environment without `AGENTMOCK_*` variables, so a
//! developer's own settings never leak in.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use agentmock::data::{self, check, dump};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::support::{ANCHOR, PINNED_FINGERPRINT, generate, params};

/// Every setting's environment variable, as documented.
const VARIABLES: [&str; 65] = [
    "AGENTMOCK_SEED",
    "AGENTMOCK_NOW",
    "AGENTMOCK_TIME_ZONE",
    "AGENTMOCK_SCALE",
    "AGENTMOCK_USERS",
    "AGENTMOCK_AGENTS",
    "AGENTMOCK_CONVERSATIONS",
    "AGENTMOCK_AUDIT_LOGS",
    "AGENTMOCK_DAYS",
    "AGENTMOCK_SCENARIO",
    "AGENTMOCK_HOST",
    "AGENTMOCK_PORT",
    "AGENTMOCK_PUBLIC_URL",
    "AGENTMOCK_CORS_ORIGINS",
    "AGENTMOCK_ALLOWED_HOSTS",
    "AGENTMOCK_DATASETS_MB",
    "AGENTMOCK_MAX_SESSIONS",
    "AGENTMOCK_SESSIONS_MB",
    "AGENTMOCK_SESSION_IDLE_MS",
    "AGENTMOCK_LATENCY",
    "AGENTMOCK_FAULT",
    "AGENTMOCK_RESPONSE_EXTENSIONS",
    "AGENTMOCK_ANONYMOUS",
    "AGENTMOCK_RESPONSE_CACHE_MB",
    "AGENTMOCK_LOG",
    "AGENTMOCK_JOURNAL",
    "AGENTMOCK_MAX_EXPORTS",
    "AGENTMOCK_MAX_EXPORT_MB",
    "AGENTMOCK_MAX_QUERY_BYTES",
    "AGENTMOCK_MAX_TOKENS",
    "AGENTMOCK_MAX_NESTING",
    "AGENTMOCK_MAX_DEPTH",
    "AGENTMOCK_MAX_FIELDS",
    "AGENTMOCK_MAX_ALIASES",
    "AGENTMOCK_MAX_DIRECTIVES",
    "AGENTMOCK_MAX_COMPLEXITY",
    "AGENTMOCK_MAX_BATCH",
    "AGENTMOCK_MAX_RESPONSE_BYTES",
    "AGENTMOCK_MAX_BODY_BYTES",
    "AGENTMOCK_MAX_URI_BYTES",
    "AGENTMOCK_MAX_HEADER_BYTES",
    "AGENTMOCK_MAX_HEADERS",
    "AGENTMOCK_MAX_CONNECTIONS",
    "AGENTMOCK_HEADER_TIMEOUT_MS",
    "AGENTMOCK_BODY_TIMEOUT_MS",
    "AGENTMOCK_IDLE_TIMEOUT_MS",
    "AGENTMOCK_REQUEST_TIMEOUT_MS",
    "AGENTMOCK_SHUTDOWN_GRACE_MS",
    "AGENTMOCK_EXECUTOR_THREADS",
    "AGENTMOCK_MAX_EXECUTIONS",
    "AGENTMOCK_MAX_HEAVY_EXECUTIONS",
    "AGENTMOCK_DOCUMENT_CACHE_MB",
    "AGENTMOCK_PERSISTED_QUERIES_MB",
    "AGENTMOCK_INTROSPECTION",
    "AGENTMOCK_FIELD_SUGGESTIONS",
    "AGENTMOCK_FAST_PATH",
    "AGENTMOCK_SIMULATOR",
    "AGENTMOCK_SIMULATOR_SPEED",
    "AGENTMOCK_SIMULATOR_RATE",
    "AGENTMOCK_MAX_WEBSOCKETS",
    "AGENTMOCK_MAX_SUBSCRIPTIONS",
    "AGENTMOCK_MAX_WS_MESSAGE_BYTES",
    "AGENTMOCK_MAX_WS_QUEUE_BYTES",
    "AGENTMOCK_WS_INIT_TIMEOUT_MS",
    "AGENTMOCK_WS_KEEP_ALIVE_MS",
];

/// How long any one run may take before the test gives up on it.
const TIMEOUT: Duration = Duration::from_secs(60);

/// A unique, empty working directory, removed on drop.
pub(crate) struct Sandbox {
    dir: PathBuf,
}

impl Sandbox {
    pub(crate) fn new(label: &str) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("agentmock-it-{}-{label}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create a temp dir");
        Sandbox { dir }
    }

    pub(crate) fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    fn write(&self, name: &str, contents: &str) {
        std::fs::write(self.path(name), contents).expect("write a file");
    }

    /// The binary with `args`, run in this directory with no `AGENTMOCK_*`
    /// variable but `env`.
    pub(crate) fn command(&self, args: &[&str], env: &[(&str, &str)]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_agentmock"));
        command.args(args).current_dir(&self.dir).stdin(Stdio::null());
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("AGENTMOCK_") {
                command.env_remove(&key);
            }
        }
        command.env_remove("RUST_LOG").envs(env.iter().copied());
        command
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A finished run.
pub(crate) struct Run {
    pub(crate) status: ExitStatus,
    pub(crate) stdout: Vec<u8>,
    pub(crate) stderr: String,
    label: String,
}

impl Run {
    pub(crate) fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.stdout).unwrap_or_else(|e| panic!("{}: stdout is not JSON: {e}", self.label))
    }

    fn assert_success(&self) -> &Self {
        assert!(self.status.success(), "{}: exit {:?}, stderr: {}", self.label, self.status.code(), self.stderr);
        self
    }
}

/// Kills a child that is still running when dropped, so no process outlives its test.
pub(crate) struct ChildGuard(pub(crate) Child);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs `command` to completion (at most [`TIMEOUT`]), reading both streams.
pub(crate) fn run(mut command: Command) -> Run {
    let label = format!("{command:?}");
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = ChildGuard(command.spawn().expect("spawn agentmock"));
    let mut stdout = child.0.stdout.take().expect("stdout");
    let mut stderr = child.0.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stdout.read_to_end(&mut bytes);
        bytes
    });
    let err = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.0.try_wait().expect("wait") {
            break status;
        }
        assert!(started.elapsed() < TIMEOUT, "{label}: still running after {TIMEOUT:?}");
        std::thread::sleep(Duration::from_millis(5));
    };
    Run { status, stdout: out.join().expect("stdout reader"), stderr: err.join().expect("stderr reader"), label }
}

/// Runs the binary with `args` and `env` in a fresh sandbox.
fn agentmock(args: &[&str], env: &[(&str, &str)]) -> Run {
    let sandbox = Sandbox::new("run");
    run(sandbox.command(args, env))
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[test]
fn dump_writes_the_documented_dataset() {
    let run = agentmock(&["dump", "--now", ANCHOR], &[]);
    run.assert_success();
    assert!(run.stderr.is_empty(), "stderr: {}", run.stderr);
    let json = run.json();
    let keys: Vec<&str> = json.as_object().expect("an object").keys().map(String::as_str).collect();
    let mut documented = vec![
        "seed",
        "anchorTime",
        "window",
        "models",
        "workspace",
        "users",
        "agents",
        "conversations",
        "dailyMetrics",
        "costRecords",
        "auditLogs",
    ];
    // The canonical key order, as written.
    let text = run.stdout_text();
    let positions: Vec<usize> =
        documented.iter().map(|k| text.find(&format!("\"{k}\":")).unwrap_or_else(|| panic!("no {k}"))).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "top-level keys out of order: {positions:?}");
    documented.sort_unstable();
    let mut keys_sorted = keys.clone();
    keys_sorted.sort_unstable();
    assert_eq!(keys_sorted, documented, "top-level keys");
    assert_eq!(json["seed"], 12345);
    assert_eq!(json["anchorTime"], ANCHOR);
    assert_eq!(json["window"]["days"], 30);
    let count = |key: &str| json[key].as_array().map(Vec::len);
    assert_eq!(count("users"), Some(10));
    assert_eq!(count("agents"), Some(20));
    assert_eq!(count("conversations"), Some(500));
    assert_eq!(count("dailyMetrics"), Some(600));
    assert_eq!(count("costRecords"), Some(600));
    assert_eq!(count("auditLogs"), Some(200));
    let models: Vec<(&str, f64, f64)> = json["models"]
        .as_array()
        .expect("models")
        .iter()
        .map(|m| {
            let price = |k: &str| m[k].as_f64().unwrap_or(f64::NAN);
            (m["id"].as_str().unwrap_or(""), price("inputPricePer1K"), price("outputPricePer1K"))
        })
        .collect();
    assert_eq!(
        models,
        [("gpt-4o", 0.005, 0.015), ("gpt-4o-mini", 0.00015, 0.0006), ("gpt-3.5-turbo", 0.0005, 0.0015)],
        "the seed's price table"
    );
}

#[test]
fn dump_is_byte_identical_across_runs_and_to_its_file_and_pinned() {
    let first = agentmock(&["dump", "--now", ANCHOR], &[]);
    let second = agentmock(&["dump", "--now", ANCHOR], &[]);
    first.assert_success();
    second.assert_success();
    assert!(first.stdout == second.stdout, "two dumps differ");

    let sandbox = Sandbox::new("dump-out");
    let to_file = run(sandbox.command(&["dump", "--now", ANCHOR, "--out", "dataset.json"], &[]));
    to_file.assert_success();
    assert!(to_file.stdout.is_empty(), "--out writes nothing to stdout");
    let file = std::fs::read(sandbox.path("dataset.json")).expect("the --out file");
    assert!(file == first.stdout, "--out FILE differs from stdout");

    assert_eq!(sha256_hex(&first.stdout), PINNED_FINGERPRINT, "the dump's SHA-256 is the pinned fingerprint");
    // And the binary dumps what the library generates.
    let in_process = dump::to_string(&generate(&params(data::DEFAULT_SEED)));
    assert!(in_process.as_bytes() == first.stdout.as_slice(), "the binary's dump differs from the library's");
}

/// Without `--now` the anchor is the current UTC time truncated to the hour.
#[test]
fn the_default_anchor_is_the_current_hour() {
    let hour = |t: chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%dT%H:00:00Z").to_string();
    let before = hour(chrono::Utc::now());
    let run = agentmock(&["dump", "--users", "3", "--agents", "10", "--conversations", "100"], &[]);
    let after = hour(chrono::Utc::now());
    run.assert_success();
    let anchor = run.json()["anchorTime"].as_str().expect("an anchor").to_string();
    assert!(anchor == before || anchor == after, "anchor {anchor}, clock {before} .. {after}");
}

#[test]
fn dump_out_to_an_unwritable_path_fails_cleanly() {
    let sandbox = Sandbox::new("dump-bad-out");
    let run = run(sandbox.command(&["dump", "--now", ANCHOR, "--out", "missing/dir/dataset.json"], &[]));
    assert_eq!(run.status.code(), Some(1), "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "one line: {}", run.stderr);
    assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
}

#[test]
fn check_passes_with_a_line_per_rule_and_a_summary() {
    let run = agentmock(&["check", "--now", ANCHOR], &[]);
    run.assert_success();
    let text = run.stdout_text();
    let lines: Vec<&str> = text.lines().collect();
    let rules: Vec<&str> = check::run(&generate(&params(data::DEFAULT_SEED))).iter().map(|r| r.name).collect();
    assert_eq!(lines.len(), rules.len() + 1, "one line per rule plus a summary:\n{text}");
    for (line, rule) in lines.iter().zip(&rules) {
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(words.get(..2), Some(&["ok", *rule][..]), "line {line:?} for rule {rule}");
    }
    assert_eq!(lines.last(), Some(&format!("{} rules, 0 failed", rules.len()).as_str()));

    // At other seeds and sizes too.
    for args in [["--seed", "1"], ["--scale", "3"], ["--days", "14"]] {
        let run = agentmock(&["check", "--now", ANCHOR, args[0], args[1]], &[]);
        run.assert_success();
        assert!(run.stdout_text().ends_with("rules, 0 failed\n"), "{}", run.stdout_text());
    }
}

#[test]
fn help_lists_every_setting_and_its_variable() {
    // The variables config.rs declares: a new setting must be documented here and in --help.
    let source = include_str!("../../src/config.rs");
    let declared: std::collections::BTreeSet<&str> =
        source.split("env = \"").skip(1).filter_map(|rest| rest.split('"').next()).collect();
    let listed: std::collections::BTreeSet<&str> = VARIABLES.into_iter().collect();
    assert_eq!(declared, listed, "the settings of src/config.rs");

    let run = agentmock(&["--help"], &[]);
    run.assert_success();
    let help = run.stdout_text();
    for variable in VARIABLES {
        assert!(help.contains(&format!("[env: {variable}=")), "--help does not list {variable}:\n{help}");
        let flag = variable.trim_start_matches("AGENTMOCK_").to_lowercase().replace('_', "-");
        assert!(help.contains(&format!("--{flag}")), "--help does not list --{flag}");
    }
    for command in ["serve", "schema", "dump", "check", "healthcheck"] {
        assert!(help.contains(command), "--help does not list the {command} command");
    }
}

/// Asserts the run was refused as a configuration error: exit 2, nothing on
/// stdout, one line on stderr that starts with `error:` and names `setting`.
fn assert_refused(run: &Run, setting: &str) {
    assert_eq!(run.status.code(), Some(2), "{}: exit {:?}, stderr: {}", run.label, run.status.code(), run.stderr);
    assert!(run.stdout.is_empty(), "{}: stdout: {}", run.label, run.stdout_text());
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{}: not one line on stderr:\n{}", run.label, run.stderr);
    assert!(lines[0].starts_with("error: "), "{}: {}", run.label, lines[0]);
    assert!(lines[0].contains(setting), "{}: {:?} does not name {setting}", run.label, lines[0]);
}

/// A bad value, as a flag and as its environment variable, and the setting
/// the message must name.
struct BadValue {
    flag: &'static str,
    variable: &'static str,
    value: &'static str,
    names: &'static str,
    /// A dataset setting, refused by every subcommand; the others only
    /// matter to `serve`.
    dataset: bool,
}

const BAD_VALUES: [BadValue; 50] = [
    BadValue { flag: "--now", variable: "AGENTMOCK_NOW", value: "2025-13-45", names: "--now", dataset: true },
    BadValue {
        flag: "--time-zone",
        variable: "AGENTMOCK_TIME_ZONE",
        value: "Mars/Olympus",
        names: "--time-zone",
        dataset: true,
    },
    BadValue {
        flag: "--scenario",
        variable: "AGENTMOCK_SCENARIO",
        value: "outage",
        names: "--scenario",
        dataset: true,
    },
    BadValue {
        flag: "--scenario",
        variable: "AGENTMOCK_SCENARIO",
        value: "cost spike",
        names: "default, empty, onboarding, incident, cost-spike, large",
        dataset: true,
    },
    BadValue { flag: "--now", variable: "AGENTMOCK_NOW", value: "1999-12-31T23:00:00Z", names: "--now", dataset: true },
    BadValue { flag: "--now", variable: "AGENTMOCK_NOW", value: "2101-01-01T00:00:00Z", names: "--now", dataset: true },
    BadValue { flag: "--seed", variable: "AGENTMOCK_SEED", value: "x", names: "--seed", dataset: true },
    BadValue { flag: "--scale", variable: "AGENTMOCK_SCALE", value: "0", names: "--scale", dataset: true },
    BadValue { flag: "--scale", variable: "AGENTMOCK_SCALE", value: "5000", names: "--scale", dataset: true },
    BadValue { flag: "--scale", variable: "AGENTMOCK_SCALE", value: "abc", names: "--scale", dataset: true },
    BadValue { flag: "--agents", variable: "AGENTMOCK_AGENTS", value: "5", names: "--agents", dataset: true },
    BadValue { flag: "--users", variable: "AGENTMOCK_USERS", value: "1", names: "--users", dataset: true },
    BadValue { flag: "--days", variable: "AGENTMOCK_DAYS", value: "3", names: "--days", dataset: true },
    BadValue {
        flag: "--audit-logs",
        variable: "AGENTMOCK_AUDIT_LOGS",
        value: "10",
        names: "--audit-logs",
        dataset: true,
    },
    BadValue {
        flag: "--audit-logs",
        variable: "AGENTMOCK_AUDIT_LOGS",
        value: "999999999",
        names: "--audit-logs",
        dataset: true,
    },
    BadValue {
        flag: "--conversations",
        variable: "AGENTMOCK_CONVERSATIONS",
        value: "10",
        names: "--conversations",
        dataset: true,
    },
    BadValue { flag: "--port", variable: "AGENTMOCK_PORT", value: "70000", names: "--port", dataset: false },
    BadValue { flag: "--host", variable: "AGENTMOCK_HOST", value: "nonsense", names: "--host", dataset: false },
    BadValue {
        flag: "--cors-origins",
        variable: "AGENTMOCK_CORS_ORIGINS",
        value: "ftp://x",
        names: "--cors-origins",
        dataset: false,
    },
    BadValue {
        flag: "--allowed-hosts",
        variable: "AGENTMOCK_ALLOWED_HOSTS",
        value: "not a host",
        names: "--allowed-hosts",
        dataset: false,
    },
    BadValue {
        flag: "--public-url",
        variable: "AGENTMOCK_PUBLIC_URL",
        value: "localhost",
        names: "--public-url",
        dataset: false,
    },
    BadValue {
        flag: "--response-cache-mb",
        variable: "AGENTMOCK_RESPONSE_CACHE_MB",
        value: "99999",
        names: "--response-cache-mb",
        dataset: false,
    },
    BadValue {
        flag: "--max-query-bytes",
        variable: "AGENTMOCK_MAX_QUERY_BYTES",
        value: "0",
        names: "--max-query-bytes",
        dataset: false,
    },
    BadValue {
        flag: "--max-tokens",
        variable: "AGENTMOCK_MAX_TOKENS",
        value: "3",
        names: "--max-tokens",
        dataset: false,
    },
    BadValue {
        flag: "--max-nesting",
        variable: "AGENTMOCK_MAX_NESTING",
        value: "1000",
        names: "--max-nesting",
        dataset: false,
    },
    BadValue { flag: "--max-depth", variable: "AGENTMOCK_MAX_DEPTH", value: "1", names: "--max-depth", dataset: false },
    BadValue {
        flag: "--max-fields",
        variable: "AGENTMOCK_MAX_FIELDS",
        value: "0",
        names: "--max-fields",
        dataset: false,
    },
    BadValue {
        flag: "--max-aliases",
        variable: "AGENTMOCK_MAX_ALIASES",
        value: "x",
        names: "--max-aliases",
        dataset: false,
    },
    BadValue {
        flag: "--max-directives",
        variable: "AGENTMOCK_MAX_DIRECTIVES",
        value: "101",
        names: "--max-directives",
        dataset: false,
    },
    BadValue {
        flag: "--max-complexity",
        variable: "AGENTMOCK_MAX_COMPLEXITY",
        value: "5",
        names: "--max-complexity",
        dataset: false,
    },
    BadValue { flag: "--max-batch", variable: "AGENTMOCK_MAX_BATCH", value: "0", names: "--max-batch", dataset: false },
    BadValue {
        flag: "--max-response-bytes",
        variable: "AGENTMOCK_MAX_RESPONSE_BYTES",
        value: "10",
        names: "--max-response-bytes",
        dataset: false,
    },
    BadValue {
        flag: "--max-body-bytes",
        variable: "AGENTMOCK_MAX_BODY_BYTES",
        value: "10",
        names: "--max-body-bytes",
        dataset: false,
    },
    BadValue {
        flag: "--max-uri-bytes",
        variable: "AGENTMOCK_MAX_URI_BYTES",
        value: "70000",
        names: "--max-uri-bytes",
        dataset: false,
    },
    BadValue {
        flag: "--max-header-bytes",
        variable: "AGENTMOCK_MAX_HEADER_BYTES",
        value: "10",
        names: "--max-header-bytes",
        dataset: false,
    },
    BadValue {
        flag: "--max-headers",
        variable: "AGENTMOCK_MAX_HEADERS",
        value: "2",
        names: "--max-headers",
        dataset: false,
    },
    BadValue {
        flag: "--max-connections",
        variable: "AGENTMOCK_MAX_CONNECTIONS",
        value: "0",
        names: "--max-connections",
        dataset: false,
    },
    BadValue {
        flag: "--header-timeout-ms",
        variable: "AGENTMOCK_HEADER_TIMEOUT_MS",
        value: "0",
        names: "--header-timeout-ms",
        dataset: false,
    },
    BadValue {
        flag: "--body-timeout-ms",
        variable: "AGENTMOCK_BODY_TIMEOUT_MS",
        value: "1s",
        names: "--body-timeout-ms",
        dataset: false,
    },
    BadValue {
        flag: "--idle-timeout-ms",
        variable: "AGENTMOCK_IDLE_TIMEOUT_MS",
        value: "5",
        names: "--idle-timeout-ms",
        dataset: false,
    },
    BadValue {
        flag: "--request-timeout-ms",
        variable: "AGENTMOCK_REQUEST_TIMEOUT_MS",
        value: "0",
        names: "--request-timeout-ms",
        dataset: false,
    },
    BadValue {
        flag: "--shutdown-grace-ms",
        variable: "AGENTMOCK_SHUTDOWN_GRACE_MS",
        value: "soon",
        names: "--shutdown-grace-ms",
        dataset: false,
    },
    BadValue {
        flag: "--executor-threads",
        variable: "AGENTMOCK_EXECUTOR_THREADS",
        value: "999",
        names: "--executor-threads",
        dataset: false,
    },
    BadValue {
        flag: "--max-executions",
        variable: "AGENTMOCK_MAX_EXECUTIONS",
        value: "0",
        names: "--max-executions",
        dataset: false,
    },
    BadValue {
        flag: "--max-heavy-executions",
        variable: "AGENTMOCK_MAX_HEAVY_EXECUTIONS",
        value: "0",
        names: "--max-heavy-executions",
        dataset: false,
    },
    BadValue {
        flag: "--document-cache-mb",
        variable: "AGENTMOCK_DOCUMENT_CACHE_MB",
        value: "99999",
        names: "--document-cache-mb",
        dataset: false,
    },
    BadValue {
        flag: "--persisted-queries-mb",
        variable: "AGENTMOCK_PERSISTED_QUERIES_MB",
        value: "lots",
        names: "--persisted-queries-mb",
        dataset: false,
    },
    BadValue {
        flag: "--introspection",
        variable: "AGENTMOCK_INTROSPECTION",
        value: "maybe",
        names: "--introspection",
        dataset: false,
    },
    BadValue {
        flag: "--field-suggestions",
        variable: "AGENTMOCK_FIELD_SUGGESTIONS",
        value: "2",
        names: "--field-suggestions",
        dataset: false,
    },
    BadValue {
        flag: "--max-depth",
        variable: "AGENTMOCK_MAX_DEPTH",
        value: "100",
        names: "--max-depth",
        dataset: false,
    },
];

/// Every bad setting is refused at start-up, as a flag and as a variable;
/// `serve` (the default) runs with `--port 0` so a setting wrongly accepted
/// cannot take port 4000 (the run would then time out and fail).
#[test]
fn every_config_error_exits_2_with_one_line_naming_the_setting() {
    let port_0 = |bad: &BadValue| if bad.flag == "--port" { vec![] } else { vec!["--port", "0"] };
    for bad in &BAD_VALUES {
        let mut args = vec![bad.flag, bad.value];
        args.extend(port_0(bad));
        assert_refused(&agentmock(&args, &[]), bad.names);
        let env_port: Vec<(&str, &str)> = if bad.flag == "--port" { vec![] } else { vec![("AGENTMOCK_PORT", "0")] };
        let mut env = vec![(bad.variable, bad.value)];
        env.extend(env_port);
        assert_refused(&agentmock(&[], &env), bad.names);
        if bad.dataset {
            assert_refused(&agentmock(&["dump", bad.flag, bad.value], &[]), bad.names);
            assert_refused(&agentmock(&["check"], &[(bad.variable, bad.value)]), bad.names);
        }
    }
    // The log filter is read by `serve`.
    assert_refused(&agentmock(&["--log", "bad[filter", "--port", "0"], &[]), "--log");
    assert_refused(&agentmock(&["serve"], &[("AGENTMOCK_LOG", "bad[filter"), ("AGENTMOCK_PORT", "0")]), "--log");
    // More conversations than the daily metrics count (about 24,000 at the
    // default size) cannot be a sample of that traffic.
    for args in [vec!["--conversations", "4000000", "--port", "0"], vec!["dump", "--conversations", "4000000"]] {
        assert_refused(&agentmock(&args, &[]), "conversations");
    }
    // An unknown flag or subcommand is refused the same way.
    assert_refused(&agentmock(&["--sede", "1"], &[]), "--sede");
    assert_refused(&agentmock(&["dumpp"], &[]), "dumpp");
}

#[test]
fn dotenv_in_the_working_directory_is_read_and_overridden() {
    let sandbox = Sandbox::new("dotenv");
    sandbox.write(".env", &format!("# settings for the demo\nAGENTMOCK_SEED=7\nAGENTMOCK_NOW={ANCHOR}\n"));
    let seed_of = |run: Run| {
        run.assert_success();
        let json = run.json();
        assert_eq!(json["anchorTime"], ANCHOR, "AGENTMOCK_NOW from .env");
        json["seed"].as_u64().expect("a seed")
    };
    assert_eq!(seed_of(run(sandbox.command(&["dump"], &[]))), 7, ".env is read");
    assert_eq!(seed_of(run(sandbox.command(&["dump", "--seed", "8"], &[]))), 8, "a flag overrides .env");
    assert_eq!(
        seed_of(run(sandbox.command(&["dump"], &[("AGENTMOCK_SEED", "9")]))),
        9,
        "the environment overrides .env"
    );

    // What .env says is the same as the flag would say.
    let from_env = run(sandbox.command(&["dump"], &[]));
    let elsewhere = agentmock(&["dump", "--seed", "7", "--now", ANCHOR], &[]);
    assert!(from_env.stdout == elsewhere.stdout, "seed 7 from .env and from --seed differ");

    // A bad value in .env is refused like any other.
    sandbox.write(".env", "AGENTMOCK_SCALE=0\n");
    assert_refused(&run(sandbox.command(&["dump"], &[])), "--scale");
}

#[test]
fn a_malformed_dotenv_is_refused() {
    for contents in ["this is not a setting\n", "AGENTMOCK_SEED=\"7\n", "AGENTMOCK_SEED='7\nAGENTMOCK_DAYS=30\n"] {
        let sandbox = Sandbox::new("bad-dotenv");
        sandbox.write(".env", contents);
        for args in [&["dump"][..], &["--port", "0"][..]] {
            assert_refused(&run(sandbox.command(args, &[])), ".env");
        }
    }
}

/// A running `serve`: the child, killed on drop, and its stdout lines.
pub(crate) struct Server {
    pub(crate) child: ChildGuard,
    pub(crate) url: String,
}

impl Server {
    pub(crate) fn start(sandbox: &Sandbox, args: &[&str]) -> Server {
        let mut command = sandbox.command(args, &[]);
        command.stdout(Stdio::piped()).stderr(Stdio::null());
        let mut child = ChildGuard(command.spawn().expect("spawn agentmock serve"));
        let stdout = child.0.stdout.take().expect("stdout");
        let (lines, received) = mpsc::channel();
        // Keeps reading to the end, so the server never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = lines.send(line);
            }
        });
        let deadline = Instant::now() + TIMEOUT;
        let url = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = received.recv_timeout(left).expect("serve prints its URL before the deadline");
            if let Some(rest) = line.split("listening on ").nth(1) {
                let graphql = rest.split_whitespace().next().expect("a URL");
                break graphql.trim_end_matches("/graphql").to_string();
            }
        };
        Server { child, url }
    }

    /// A plain HTTP/1.1 POST of a JSON body with `headers`, on a
    /// connection of its own: the status code and body, or `None` when the
    /// server closed the connection without an answer.
    pub(crate) fn post(&self, path: &str, headers: &[(&str, &str)], body: &str) -> Option<(u16, String)> {
        let address = self.url.trim_start_matches("http://");
        let mut stream = TcpStream::connect(address).expect("connect");
        stream.set_read_timeout(Some(TIMEOUT)).expect("timeout");
        let mut head = format!(
            "POST {path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
            body.len()
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).expect("send the head");
        stream.write_all(body.as_bytes()).expect("send the body");
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response);
        if response.is_empty() {
            return None;
        }
        let response = String::from_utf8_lossy(&response).into_owned();
        let (head, body) = response.split_once("\r\n\r\n").expect("a complete response");
        let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).expect("a status code");
        Some((status, body.to_string()))
    }

    /// A plain HTTP/1.1 GET: status code, content type and body.
    pub(crate) fn get(&self, path: &str) -> (u16, String, String) {
        let address = self.url.trim_start_matches("http://");
        let mut stream = TcpStream::connect(address).expect("connect");
        stream.set_read_timeout(Some(TIMEOUT)).expect("timeout");
        write!(stream, "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").expect("send");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("read the response");
        let (head, body) = response.split_once("\r\n\r\n").expect("a complete response");
        let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).expect("a status code");
        let content_type = head
            .lines()
            .find_map(|l| l.split_once(':').filter(|(k, _)| k.eq_ignore_ascii_case("content-type")))
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default();
        (status, content_type, body.to_string())
    }
}

#[test]
fn serve_prints_its_url_and_answers_healthz() {
    let sandbox = Sandbox::new("serve");
    let runs: [(&[&str], u64); 2] = [
        (&["--port", "0", "--now", ANCHOR], data::DEFAULT_SEED),
        (&["serve", "--port", "0", "--now", ANCHOR, "--seed", "7"], 7),
    ];
    for (args, seed) in runs {
        let server = Server::start(&sandbox, args);
        assert!(server.url.starts_with("http://127.0.0.1:"), "{}", server.url);
        assert!(!server.url.ends_with(":0"), "the URL names the port picked: {}", server.url);
        let (status, content_type, body) = server.get("/healthz");
        assert_eq!((status, content_type.as_str()), (200, "application/json"), "{body}");
        let health: Value = serde_json::from_str(&body).expect("JSON");
        assert_eq!(health["status"], "ok");
        assert_eq!(health["anchorTime"], ANCHOR);
        assert_eq!(health["seed"], seed.to_string());
        // Avatars are served by agentmock itself, so they work offline.
        let user = &generate(&params(seed)).users[0];
        let (status, content_type, body) = server.get(&user.avatar_path());
        assert_eq!((status, content_type.as_str()), (200, "image/svg+xml"), "{body}");
        assert!(body.starts_with("<svg"), "{body}");
    }
}

#[test]
fn a_pinned_anchor_stays_still_unless_the_simulator_is_turned_on() {
    let sandbox = Sandbox::new("simulator");
    let health = |server: &Server| -> Value {
        let (status, _, body) = server.get("/healthz");
        assert_eq!(status, 200, "{body}");
        serde_json::from_str(&body).expect("JSON")
    };
    // A test's server: the anchor pinned, nothing moves.
    let still = Server::start(&sandbox, &["--port", "0", "--now", ANCHOR]);
    let h = health(&still);
    assert_eq!((h["simulator"].as_bool(), h["simulatedUntil"].as_str()), (Some(false), Some(ANCHOR)), "{h}");
    // The demo (`cargo run --release`): the current hour, and it moves.
    let demo = Server::start(&sandbox, &["--port", "0"]);
    assert_eq!(health(&demo)["simulator"], true);
    // A pinned anchor with the simulator turned on, fast: the clock leaves the anchor.
    let args =
        ["--port", "0", "--now", ANCHOR, "--simulator", "on", "--simulator-speed", "3600", "--simulator-rate", "20"];
    let moving = Server::start(&sandbox, &args);
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let h = health(&moving);
        assert_eq!(h["simulator"], true);
        if h["simulatedUntil"].as_str() != Some(ANCHOR) {
            assert_eq!(h["anchorTime"], ANCHOR, "the anchor stays; the simulated clock moves: {h}");
            break;
        }
        assert!(Instant::now() < deadline, "the simulator never stepped: {h}");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(health(&still)["simulatedUntil"], ANCHOR, "the pinned server is still");
}
