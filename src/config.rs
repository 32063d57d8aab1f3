//! Configuration: every setting is a CLI flag with an `AGENTMOCK_*`
//! environment variable of the same meaning (a `.env` file is read first).
//! Values are validated here, so a bad one stops start-up with one line that
//! names the setting.

use std::net::IpAddr;

use chrono::{DateTime, Datelike, DurationRound, TimeDelta, Utc};
use clap::{Args, Parser, Subcommand};

use crate::data::{DEFAULT_SEED, Params, Scenario, SizeError, Sizes};

/// agentmock: a seeded, deterministic GraphQL mock backend for AI-agent
/// operations dashboards.
#[derive(Debug, Parser)]
#[command(name = "agentmock", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub dataset: DatasetArgs,
    #[command(flatten)]
    pub server: ServerArgs,
    #[command(flatten)]
    pub limits: LimitArgs,
    #[command(flatten)]
    pub live: LiveArgs,
    #[command(flatten)]
    pub testing: TestingArgs,
    /// Log filter (tracing `EnvFilter` syntax), e.g. `info` or `agentmock=debug,tower_http=debug`.
    #[arg(long, env = "AGENTMOCK_LOG", default_value = "info", global = true)]
    pub log: String,
}

#[derive(Debug, Subcommand, Clone, PartialEq)]
pub enum Command {
    /// Serve the GraphQL API (the default).
    Serve,
    /// Print the GraphQL schema (SDL).
    Schema,
    /// Write the whole dataset as canonical JSON.
    Dump {
        /// Write to this file instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<std::path::PathBuf>,
    },
    /// Verify every consistency rule of the dataset contract; exit 1 on any failure.
    Check,
    /// Ask a running server's /healthz: exit 0 when it answers healthy, 1
    /// otherwise (a container's HEALTHCHECK; needs no curl).
    Healthcheck {
        /// The server to ask, `http://host:port` (its /healthz) or a full
        /// URL. Default: the server `--host` and `--port` configure, on
        /// 127.0.0.1 when it listens on every address.
        #[arg(long, value_name = "URL")]
        url: Option<String>,
        /// Milliseconds to wait for the answer, connecting included.
        #[arg(long, default_value_t = 5_000, value_parser = clap::value_parser!(u64).range(1..=600_000))]
        timeout_ms: u64,
    },
}

/// What data to generate.
#[derive(Debug, Args, Clone)]
pub struct DatasetArgs {
    /// Master seed of every generated value.
    #[arg(long, env = "AGENTMOCK_SEED", default_value_t = DEFAULT_SEED, global = true)]
    pub seed: u64,
    /// Anchor time ("now", RFC 3339): every date is an offset from it.
    /// Default: the current UTC time truncated to the hour.
    #[arg(long, env = "AGENTMOCK_NOW", value_parser = parse_anchor, global = true)]
    pub now: Option<DateTime<Utc>>,
    /// Multiplies every default volume (10 users, 20 agents, 500 conversations, 200 audit logs); 0.5 to 1000.
    #[arg(long, env = "AGENTMOCK_SCALE", default_value_t = 1.0, global = true)]
    pub scale: f64,
    /// Number of users (overrides the scaled default; 3 or more).
    #[arg(long, env = "AGENTMOCK_USERS", global = true)]
    pub users: Option<usize>,
    /// Number of agents (overrides the scaled default; 10 or more).
    #[arg(long, env = "AGENTMOCK_AGENTS", global = true)]
    pub agents: Option<usize>,
    /// Number of conversation records (overrides the scaled default; 100 or more).
    #[arg(long, env = "AGENTMOCK_CONVERSATIONS", global = true)]
    pub conversations: Option<usize>,
    /// Number of audit log entries (overrides the scaled default).
    #[arg(long, env = "AGENTMOCK_AUDIT_LOGS", global = true)]
    pub audit_logs: Option<usize>,
    /// Days of daily metrics and cost records, ending with the anchor's (partial) day (14 to 180).
    #[arg(long, env = "AGENTMOCK_DAYS", default_value_t = 30, global = true)]
    pub days: u32,
    /// The workspace's home time zone (IANA name): where its people keep
    /// business hours, weekends and holidays. Dates and times stay UTC.
    #[arg(long, env = "AGENTMOCK_TIME_ZONE", default_value = "America/New_York", value_parser = parse_zone, global = true)]
    pub time_zone: chrono_tz::Tz,
    /// Which dataset: default, empty, onboarding, incident, cost-spike or
    /// large (empty, onboarding and large set their own sizes; see
    /// docs/testing.md, "Scenarios").
    #[arg(long, env = "AGENTMOCK_SCENARIO", default_value = "default", value_name = "NAME", global = true)]
    pub scenario: String,
}

/// How to serve.
#[derive(Debug, Args, Clone)]
pub struct ServerArgs {
    /// Address to listen on.
    #[arg(long, env = "AGENTMOCK_HOST", default_value = "127.0.0.1", global = true)]
    pub host: IpAddr,
    /// Port to listen on (0 picks a free port and prints it).
    #[arg(long, env = "AGENTMOCK_PORT", default_value_t = 4000, global = true)]
    pub port: u16,
    /// Base URL clients reach the server at, for absolute links such as
    /// avatars. Default: `http://<host>:<port>`.
    #[arg(long, env = "AGENTMOCK_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,
    /// Origins whose pages may call the API and open WebSockets (CORS; a
    /// request or upgrade carrying another `Origin` is refused 403): a
    /// comma-separated list of `loopback` (http(s) on localhost, *.localhost,
    /// 127.0.0.0/8 or `[::1]`, any port) and origins such as
    /// `http://web:3000`, or `*` for any. Requests without an `Origin`
    /// (curl, Node, test runners) and pages of the server's own origin
    /// always pass.
    #[arg(long, env = "AGENTMOCK_CORS_ORIGINS", default_value = "loopback", global = true)]
    pub cors_origins: String,
    /// Host names the server answers to (the `Host` header; anything else
    /// gets 403, which stops DNS rebinding): a comma-separated list of
    /// `local` (localhost, *.localhost and every IP address), names such as
    /// `agentmock` (a container's service name) and `.example.com`
    /// (that domain and every name under it), or `*` for any. The host of
    /// `--public-url` is always allowed.
    #[arg(long, env = "AGENTMOCK_ALLOWED_HOSTS", default_value = "local", global = true)]
    pub allowed_hosts: String,
    /// Memory for replaying repeated requests, in MiB (0 turns the response
    /// cache off). Responses are pure functions of the data and the request,
    /// so a replay is byte-identical to a fresh answer.
    #[arg(long, env = "AGENTMOCK_RESPONSE_CACHE_MB", default_value_t = 64, value_parser = clap::value_parser!(u32).range(0..=4096), global = true)]
    pub response_cache_mb: u32,
    /// File to journal accepted writes to (created if missing): each is
    /// flushed before its response, and the journal is replayed at start,
    /// so a restart keeps the state. Default: writes live in memory only.
    #[arg(long, env = "AGENTMOCK_JOURNAL", value_name = "FILE", global = true)]
    pub journal: Option<std::path::PathBuf>,
    /// Exports kept for download at once; a new one pushes the oldest out
    /// (its link then answers 404).
    #[arg(long, env = "AGENTMOCK_MAX_EXPORTS", default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=100_000), global = true)]
    pub max_exports: u32,
    /// Memory for the kept exports' files, in MiB: a new one pushes the
    /// oldest out, and a file larger than this is refused.
    #[arg(long, env = "AGENTMOCK_MAX_EXPORT_MB", default_value_t = 64, value_parser = clap::value_parser!(u32).range(1..=4096), global = true)]
    pub max_export_mb: u32,
    /// What a request without a token may read: `read` (everything, masked
    /// fields included; roles and masking apply to signed-in users),
    /// `viewer` (what a viewer reads), `refuse` (401, but for `signIn`).
    /// Writes always need a token.
    #[arg(long, env = "AGENTMOCK_ANONYMOUS", default_value = "read", value_parser = crate::data::catalogue::Anonymous::parse, global = true)]
    pub anonymous: crate::data::catalogue::Anonymous,
}

/// What test suites ask for per request: datasets by header, sessions,
/// latency and faults (docs/testing.md).
#[derive(Debug, Args, Clone)]
pub struct TestingArgs {
    /// Memory for datasets requests ask for by scenario, seed or anchor
    /// (`X-Agentmock-Scenario`, `-Seed`, `-Now`), in MiB; the least recently
    /// used idle one makes room, and a request that cannot fit gets 503
    /// `DATASET_BUDGET_EXCEEDED`. The served dataset is not counted.
    #[arg(long, env = "AGENTMOCK_DATASETS_MB", default_value_t = 512, value_parser = clap::value_parser!(u32).range(0..=65_536), global = true)]
    pub datasets_mb: u32,
    /// Sessions (`X-Agentmock-Session`) held at once; idle ones make room,
    /// else a new one gets 503 `TOO_MANY_SESSIONS`.
    #[arg(long, env = "AGENTMOCK_MAX_SESSIONS", default_value_t = 1024, value_parser = clap::value_parser!(u32).range(1..=1_000_000), global = true)]
    pub max_sessions: u32,
    /// Memory the sessions' own writes may hold together, in MiB.
    #[arg(long, env = "AGENTMOCK_SESSIONS_MB", default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..=65_536), global = true)]
    pub sessions_mb: u32,
    /// Milliseconds a session may go unused before it is dropped.
    #[arg(long, env = "AGENTMOCK_SESSION_IDLE_MS", default_value_t = 1_800_000, value_parser = clap::value_parser!(u64).range(1_000..=604_800_000), global = true)]
    pub session_idle_ms: u64,
    /// Latency added to every request that does not set its own
    /// (`X-Agentmock-Latency`): milliseconds (`250`) or a range drawn per
    /// request (`100-800`); `none`.
    #[arg(long, env = "AGENTMOCK_LATENCY", default_value = "none", value_parser = parse_latency, global = true)]
    pub latency: LatencySetting,
    /// Faults injected into every request that does not set its own
    /// (`X-Agentmock-Fault`): e.g. `error:Agent.metrics@0.1; status:503#3`;
    /// `none`. Syntax: docs/testing.md, "Latency and faults".
    #[arg(long, env = "AGENTMOCK_FAULT", default_value = "none", value_parser = crate::faults::Faults::parse, global = true)]
    pub fault: crate::faults::Faults,
    /// Add `extensions.agentmock` (seed, scenario, anchor, fingerprint,
    /// session, injected latency and faults) to every GraphQL response;
    /// `false` for byte comparisons that predate it.
    #[arg(long, env = "AGENTMOCK_RESPONSE_EXTENSIONS", default_value_t = true, action = clap::ArgAction::Set, value_name = "BOOL", global = true)]
    pub response_extensions: bool,
}

/// `--latency`: a delay, or none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LatencySetting(pub Option<crate::faults::Latency>);

fn parse_latency(value: &str) -> Result<LatencySetting, String> {
    crate::faults::Latency::parse(value).map(LatencySetting)
}

/// Whether the simulator runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SimulatorMode {
    /// On when the anchor is the current hour (no `--now`), off when it is pinned.
    Auto,
    On,
    Off,
}

/// The live dashboard: the simulator and the WebSocket transport.
#[derive(Debug, Args, Clone)]
pub struct LiveArgs {
    /// Simulate live traffic from the anchor on (conversations, telemetry,
    /// incidents): `auto` runs it unless `--now` pins the anchor.
    #[arg(long, env = "AGENTMOCK_SIMULATOR", value_enum, default_value_t = SimulatorMode::Auto, global = true)]
    pub simulator: SimulatorMode,
    /// Simulated seconds per real second: 1 follows the wall clock (the
    /// demo catches up from the anchor to the current time at start, so the
    /// data's "now" is the browser's); 60 runs a simulated minute a second.
    #[arg(long, env = "AGENTMOCK_SIMULATOR_SPEED", default_value_t = 1.0, value_parser = parse_speed, global = true)]
    pub simulator_speed: f64,
    /// Simulator steps per real second (each moves the clock speed/rate simulated seconds).
    #[arg(long, env = "AGENTMOCK_SIMULATOR_RATE", default_value_t = 1.0, value_parser = parse_rate, global = true)]
    pub simulator_rate: f64,
    /// WebSockets open at once; more are closed at once (1013).
    #[arg(long, env = "AGENTMOCK_MAX_WEBSOCKETS", default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..=100_000), global = true)]
    pub max_websockets: u32,
    /// Operations (subscriptions, queries, mutations) running at once on one WebSocket.
    #[arg(long, env = "AGENTMOCK_MAX_SUBSCRIPTIONS", default_value_t = 64, value_parser = clap::value_parser!(u32).range(1..=10_000), global = true)]
    pub max_subscriptions: u32,
    /// Largest WebSocket message a client may send, in bytes (more closes 1009).
    #[arg(long, env = "AGENTMOCK_MAX_WS_MESSAGE_BYTES", default_value_t = 262_144, value_parser = clap::value_parser!(u32).range(1024..=67_108_864), global = true)]
    pub max_ws_message_bytes: u32,
    /// Bytes waiting to be sent to one WebSocket; a client further behind is closed (1008).
    #[arg(long, env = "AGENTMOCK_MAX_WS_QUEUE_BYTES", default_value_t = 4_194_304, value_parser = clap::value_parser!(u32).range(1024..=1_073_741_824), global = true)]
    pub max_ws_queue_bytes: u32,
    /// Milliseconds a new WebSocket has to send `connection_init` (else 4408).
    #[arg(long, env = "AGENTMOCK_WS_INIT_TIMEOUT_MS", default_value_t = 5_000, value_parser = clap::value_parser!(u64).range(10..=3_600_000), global = true)]
    pub ws_init_timeout_ms: u64,
    /// Milliseconds between keep-alive pings on a WebSocket; a peer silent for three is dropped.
    #[arg(long, env = "AGENTMOCK_WS_KEEP_ALIVE_MS", default_value_t = 15_000, value_parser = clap::value_parser!(u64).range(10..=3_600_000), global = true)]
    pub ws_keep_alive_ms: u64,
}

fn parse_positive(value: &str, (lo, hi): (f64, f64)) -> Result<f64, String> {
    let v: f64 = value.trim().parse().map_err(|_| format!("{value:?} is not a number"))?;
    if !v.is_finite() || v < lo || v > hi {
        return Err(format!("must be between {lo} and {hi}"));
    }
    Ok(v)
}

fn parse_speed(value: &str) -> Result<f64, String> {
    parse_positive(value, (0.01, 86_400.0))
}

fn parse_rate(value: &str) -> Result<f64, String> {
    parse_positive(value, (0.1, 50.0))
}

impl LiveArgs {
    /// Whether the simulator runs, given whether `--now` pinned the anchor.
    pub fn simulating(&self, pinned: bool) -> bool {
        match self.simulator {
            SimulatorMode::Auto => !pinned,
            SimulatorMode::On => true,
            SimulatorMode::Off => false,
        }
    }
}

/// What one request may ask for, and how long a client may take. Every
/// limit is refused with its own `extensions.code` (docs/limits.md, "Errors and
/// limits").
#[derive(Debug, Args, Clone)]
pub struct LimitArgs {
    /// Largest GraphQL document, in bytes.
    #[arg(long, env = "AGENTMOCK_MAX_QUERY_BYTES", default_value_t = 65_536, value_parser = clap::value_parser!(u32).range(64..=16_777_216), global = true)]
    pub max_query_bytes: u32,
    /// Most lexical tokens in a document (names, punctuators, values).
    #[arg(long, env = "AGENTMOCK_MAX_TOKENS", default_value_t = 10_000, value_parser = clap::value_parser!(u32).range(16..=1_000_000), global = true)]
    pub max_tokens: u32,
    /// Deepest nesting of `{`, `[` and `(` in a document, and of selections
    /// and fragment spreads once expanded.
    #[arg(long, env = "AGENTMOCK_MAX_NESTING", default_value_t = 48, value_parser = clap::value_parser!(u32).range(4..=256), global = true)]
    pub max_nesting: u32,
    /// Most fields on one path of selections, fragments expanded.
    #[arg(long, env = "AGENTMOCK_MAX_DEPTH", default_value_t = 16, value_parser = clap::value_parser!(u32).range(2..=128), global = true)]
    pub max_depth: u32,
    /// Most field selections (`__typename` included) in a document, fragments expanded.
    #[arg(long, env = "AGENTMOCK_MAX_FIELDS", default_value_t = 2_000, value_parser = clap::value_parser!(u32).range(1..=1_000_000), global = true)]
    pub max_fields: u32,
    /// Most aliases in a document.
    #[arg(long, env = "AGENTMOCK_MAX_ALIASES", default_value_t = 200, value_parser = clap::value_parser!(u32).range(0..=100_000), global = true)]
    pub max_aliases: u32,
    /// Most directives on one field, fragment or operation.
    #[arg(long, env = "AGENTMOCK_MAX_DIRECTIVES", default_value_t = 5, value_parser = clap::value_parser!(u32).range(0..=100), global = true)]
    pub max_directives: u32,
    /// Most query complexity: every item a field can produce counts, list
    /// sizes multiplied in (page sizes, time-series buckets, days, transcripts).
    #[arg(long, env = "AGENTMOCK_MAX_COMPLEXITY", default_value_t = 50_000, value_parser = clap::value_parser!(u32).range(10..=100_000_000), global = true)]
    pub max_complexity: u32,
    /// Most operations in one batched POST.
    #[arg(long, env = "AGENTMOCK_MAX_BATCH", default_value_t = 25, value_parser = clap::value_parser!(u32).range(1..=1000), global = true)]
    pub max_batch: u32,
    /// Largest response body, in bytes.
    #[arg(long, env = "AGENTMOCK_MAX_RESPONSE_BYTES", default_value_t = 16 << 20, value_parser = clap::value_parser!(u32).range(1024..=1_073_741_824), global = true)]
    pub max_response_bytes: u32,
    /// Largest request body, in bytes.
    #[arg(long, env = "AGENTMOCK_MAX_BODY_BYTES", default_value_t = 1 << 20, value_parser = clap::value_parser!(u32).range(256..=268_435_456), global = true)]
    pub max_body_bytes: u32,
    /// Longest request target (path and query string), in bytes.
    #[arg(long, env = "AGENTMOCK_MAX_URI_BYTES", default_value_t = 32_768, value_parser = clap::value_parser!(u32).range(256..=65_000), global = true)]
    pub max_uri_bytes: u32,
    /// Most bytes of request headers (names and values).
    #[arg(long, env = "AGENTMOCK_MAX_HEADER_BYTES", default_value_t = 32_768, value_parser = clap::value_parser!(u32).range(1024..=1_048_576), global = true)]
    pub max_header_bytes: u32,
    /// Most request headers.
    #[arg(long, env = "AGENTMOCK_MAX_HEADERS", default_value_t = 100, value_parser = clap::value_parser!(u32).range(8..=1000), global = true)]
    pub max_headers: u32,
    /// Connections open at once; more get a 503 and are closed.
    #[arg(long, env = "AGENTMOCK_MAX_CONNECTIONS", default_value_t = 1024, value_parser = clap::value_parser!(u32).range(1..=1_000_000), global = true)]
    pub max_connections: u32,
    /// Milliseconds for a request head to arrive.
    #[arg(long, env = "AGENTMOCK_HEADER_TIMEOUT_MS", default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(10..=3_600_000), global = true)]
    pub header_timeout_ms: u64,
    /// Milliseconds for a request body to arrive.
    #[arg(long, env = "AGENTMOCK_BODY_TIMEOUT_MS", default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(10..=3_600_000), global = true)]
    pub body_timeout_ms: u64,
    /// Milliseconds a connection may sit idle between requests (or silent from
    /// its start); the head timeout bounds idle connections too.
    #[arg(long, env = "AGENTMOCK_IDLE_TIMEOUT_MS", default_value_t = 5_000, value_parser = clap::value_parser!(u64).range(10..=3_600_000), global = true)]
    pub idle_timeout_ms: u64,
    /// Milliseconds a GraphQL request may run (waiting for an executor included).
    #[arg(long, env = "AGENTMOCK_REQUEST_TIMEOUT_MS", default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(10..=3_600_000), global = true)]
    pub request_timeout_ms: u64,
    /// Milliseconds in-flight requests get to finish after SIGTERM or SIGINT.
    #[arg(long, env = "AGENTMOCK_SHUTDOWN_GRACE_MS", default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(0..=3_600_000), global = true)]
    pub shutdown_grace_ms: u64,
    /// Threads of each executor lane (fast and heavy). 0 runs GraphQL work on
    /// the IO threads, as before the hardening: a heavy request then holds up
    /// every other and `/healthz`. Default: one per core.
    #[arg(long, env = "AGENTMOCK_EXECUTOR_THREADS", value_parser = clap::value_parser!(u32).range(0..=256), global = true)]
    pub executor_threads: Option<u32>,
    /// GraphQL requests admitted to the executor at once; more wait for a turn.
    #[arg(long, env = "AGENTMOCK_MAX_EXECUTIONS", default_value_t = 64, value_parser = clap::value_parser!(u32).range(1..=4096), global = true)]
    pub max_executions: u32,
    /// GraphQL requests past their first 5 ms of CPU running at once (the
    /// heavy lane); cheap requests never wait for them. Default: one per core.
    #[arg(long, env = "AGENTMOCK_MAX_HEAVY_EXECUTIONS", value_parser = clap::value_parser!(u32).range(1..=1024), global = true)]
    pub max_heavy_executions: Option<u32>,
    /// Memory for parsed documents of repeated queries, in MiB (0 turns the cache off).
    #[arg(long, env = "AGENTMOCK_DOCUMENT_CACHE_MB", default_value_t = 16, value_parser = clap::value_parser!(u32).range(0..=4096), global = true)]
    pub document_cache_mb: u32,
    /// Memory for automatic persisted queries, in MiB (0 turns them off).
    #[arg(long, env = "AGENTMOCK_PERSISTED_QUERIES_MB", default_value_t = 16, value_parser = clap::value_parser!(u32).range(0..=4096), global = true)]
    pub persisted_queries_mb: u32,
    /// Answer introspection (`__schema`, `__type`); GraphiQL and codegen need it.
    #[arg(long, env = "AGENTMOCK_INTROSPECTION", default_value_t = true, action = clap::ArgAction::Set, value_name = "BOOL", global = true)]
    pub introspection: bool,
    /// Suggest names in validation errors ("Did you mean ...?").
    #[arg(long, env = "AGENTMOCK_FIELD_SUGGESTIONS", default_value_t = true, action = clap::ArgAction::Set, value_name = "BOOL", global = true)]
    pub field_suggestions: bool,
    /// Resolve value objects by the fast path (off: async-graphql's general
    /// path for every object; the same answers, byte for byte, slower).
    #[arg(long, env = "AGENTMOCK_FAST_PATH", default_value_t = true, action = clap::ArgAction::Set, value_name = "BOOL", global = true)]
    pub fast_path: bool,
}

/// A setting that parsed but cannot be used.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ConfigError {
    #[error("invalid value for --{}: {}", setting(.0), .0)]
    Sizes(#[from] SizeError),
    #[error("invalid value for --scenario: {0}")]
    Scenario(String),
    #[error("invalid value for --cors-origins: {0}")]
    CorsOrigin(String),
    #[error("invalid value for --allowed-hosts: {0}")]
    AllowedHosts(String),
    #[error("invalid value for --public-url: {0}")]
    PublicUrl(String),
    #[error("invalid value for --log: {0}")]
    Log(String),
    #[error("invalid value for --max-depth: {depth} is over --max-nesting ({nesting}), which bounds it")]
    DepthOverNesting { depth: u32, nesting: u32 },
}

fn setting(error: &SizeError) -> &'static str {
    match error {
        SizeError::OutOfRange { setting, .. } => setting,
        SizeError::TooFewAuditLogs { .. } | SizeError::TooManyAuditLogs { .. } => "audit-logs",
    }
}

/// Parses `--now`: RFC 3339, any offset, converted to UTC and cut to whole
/// seconds; years 2000 to 2100.
pub fn parse_anchor(value: &str) -> Result<DateTime<Utc>, String> {
    let parsed = DateTime::parse_from_rfc3339(value.trim())
        .map_err(|e| format!("{e}; expected RFC 3339 such as 2025-01-19T14:00:00Z"))?
        .with_timezone(&Utc);
    if !(2000..=2100).contains(&parsed.year()) {
        return Err("the year must be between 2000 and 2100".into());
    }
    Ok(parsed.duration_trunc(TimeDelta::seconds(1)).unwrap_or(parsed))
}

/// Parses `--time-zone`: an IANA zone name such as `Europe/Berlin`.
pub fn parse_zone(value: &str) -> Result<chrono_tz::Tz, String> {
    value.parse::<chrono_tz::Tz>().map_err(|_| {
        format!("{value:?} is not an IANA time zone name (e.g. America/New_York, Europe/Berlin, Asia/Tokyo, UTC)")
    })
}

/// The default anchor: now, truncated to the hour. The only clock read in
/// agentmock; pin `--now` for reproducible dates.
pub fn default_anchor() -> DateTime<Utc> {
    let now = Utc::now();
    now.duration_trunc(TimeDelta::hours(1)).unwrap_or(now)
}

/// Every setting, checked: what the subcommands run with.
#[derive(Debug)]
pub struct Settings {
    pub params: Params,
    /// Which origins and hosts are answered.
    pub access: crate::access::Access,
    pub log_filter: tracing_subscriber::EnvFilter,
}

impl Cli {
    /// Checks every setting, whatever the subcommand, so a bad value is
    /// refused at once rather than when some later command reads it.
    pub fn settings(&self) -> Result<Settings, ConfigError> {
        let log_filter =
            tracing_subscriber::EnvFilter::try_new(&self.log).map_err(|e| ConfigError::Log(e.to_string()))?;
        let access = self.server.access()?;
        if self.limits.max_depth > self.limits.max_nesting {
            return Err(ConfigError::DepthOverNesting {
                depth: self.limits.max_depth,
                nesting: self.limits.max_nesting,
            });
        }
        Ok(Settings { params: self.dataset.params()?, access, log_filter })
    }
}

impl DatasetArgs {
    /// The sizes these arguments ask for, validated.
    pub fn sizes(&self) -> Result<Sizes, ConfigError> {
        let scaled = Sizes::scaled(self.scale)?;
        let sizes = Sizes {
            users: self.users.unwrap_or(scaled.users),
            agents: self.agents.unwrap_or(scaled.agents),
            conversations: self.conversations.unwrap_or(scaled.conversations),
            audit_logs: self.audit_logs.unwrap_or(scaled.audit_logs),
            days: self.days,
        };
        sizes.validate()?;
        Ok(sizes)
    }

    /// The scenario `--scenario` names.
    pub fn scenario(&self) -> Result<Scenario, ConfigError> {
        Scenario::parse(&self.scenario).ok_or_else(|| {
            ConfigError::Scenario(format!(
                "{:?} is not a scenario; expected one of {}",
                self.scenario,
                Scenario::names()
            ))
        })
    }

    /// Generation parameters, reading the clock only when `--now` is unset:
    /// the scenario's, with the sizes it makes of the configured ones.
    pub fn params(&self) -> Result<Params, ConfigError> {
        let scenario = self.scenario()?;
        let params = Params::for_scenario(self.seed, self.now.unwrap_or_else(default_anchor), self.sizes()?, scenario);
        scenario.validate(&params.sizes)?;
        Ok(Params { zone: self.time_zone, ..params })
    }
}

impl ServerArgs {
    /// The origins and hosts answered (the public URL's host among them).
    pub fn access(&self) -> Result<crate::access::Access, ConfigError> {
        let origins = crate::access::Origins::parse(&self.cors_origins).map_err(ConfigError::CorsOrigin)?;
        let hosts = crate::access::Hosts::parse(&self.allowed_hosts).map_err(ConfigError::AllowedHosts)?;
        let public_url = self.public_url(self.port)?;
        Ok(crate::access::Access { origins, hosts: hosts.with_public_url(&public_url) })
    }

    /// How many exports are kept for download, and in how many bytes.
    pub fn export_limits(&self) -> crate::store::export::ExportLimits {
        crate::store::export::ExportLimits { max_count: self.max_exports as usize, max_bytes: mib(self.max_export_mb) }
    }

    /// The public base URL, without a trailing slash.
    pub fn public_url(&self, port: u16) -> Result<String, ConfigError> {
        match &self.public_url {
            Some(url) if url.starts_with("http://") || url.starts_with("https://") => {
                Ok(url.trim_end_matches('/').to_string())
            }
            Some(url) => Err(ConfigError::PublicUrl(format!("{url:?} must start with http:// or https://"))),
            None => Ok(match self.host {
                IpAddr::V6(ip) => format!("http://[{ip}]:{port}"),
                IpAddr::V4(ip) if ip.is_unspecified() => format!("http://127.0.0.1:{port}"),
                IpAddr::V4(ip) => format!("http://{ip}:{port}"),
            }),
        }
    }
}

/// `n` MiB in bytes, saturating where a `usize` is 32 bits (the
/// WebAssembly engine): 4096 MiB must not wrap to 0.
pub fn mib(n: u32) -> usize {
    usize::try_from(u64::from(n) << 20).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_parse_to_whole_utc_seconds() {
        let anchor = parse_anchor("2025-01-19T15:22:07.789+01:00").unwrap();
        assert_eq!(anchor.to_rfc3339(), "2025-01-19T14:22:07+00:00");
        assert!(parse_anchor("yesterday").unwrap_err().contains("RFC 3339"));
        assert!(parse_anchor("1999-12-31T00:00:00Z").unwrap_err().contains("2000"));
    }

    #[test]
    fn time_zones_parse_by_their_iana_names() {
        assert_eq!(parse_zone("Europe/Berlin"), Ok(chrono_tz::Europe::Berlin));
        assert_eq!(parse_zone("UTC"), Ok(chrono_tz::UTC));
        assert!(parse_zone("Mars/Olympus_Mons").unwrap_err().contains("IANA"));
    }

    #[test]
    fn the_default_anchor_is_on_the_hour() {
        let anchor = default_anchor();
        assert_eq!(anchor.timestamp() % 3600, 0);
    }
}
