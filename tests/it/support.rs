//! Shared fixtures: a pinned-anchor dataset, the in-process router, and a
//! helper to run GraphQL against it without a socket.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use agentmock::data::{self, Dataset, Params, Sizes};
use agentmock::http::{AppState, HttpOptions, router};
use agentmock::store::{Snapshot, Store};
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// The anchor every snapshot test pins.
pub const ANCHOR: &str = "2025-01-19T14:00:00Z";

/// The pinned window: 2024-12-21 to the anchor's own day, 2025-01-19 (partial).
pub const FIRST_DAY: &str = "2024-12-21";
pub const ANCHOR_DAY: &str = "2025-01-19";

pub fn date(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

pub fn midnight(d: chrono::NaiveDate) -> chrono::DateTime<chrono::Utc> {
    d.and_time(chrono::NaiveTime::MIN).and_utc()
}

/// A `DateTime` of an answer.
pub fn instant(v: &serde_json::Value) -> chrono::DateTime<chrono::Utc> {
    text(v).parse().unwrap_or_else(|e| panic!("not a DateTime: {v}: {e}"))
}

/// SHA-256 (hex) of the canonical dump at seed 12345, the pinned [`ANCHOR`]
/// and default sizes: the dataset's fingerprint, pinned.
///
/// A change here must be deliberate. A generator change, or a dependency bump
/// (rand, rand_chacha, fake, chrono, serde_json, ...), that alters any value
/// changes it; whoever makes that change updates this constant knowingly and
/// says so in the commit message.
pub const PINNED_FINGERPRINT: &str = "d7fa301ee7e5af8938c6df03e0fa6865c9f038f485f578fd345665b565d1d186";

/// Base URL the in-process app reports for links.
pub const PUBLIC_URL: &str = "http://127.0.0.1:4000";

pub fn anchor() -> chrono::DateTime<chrono::Utc> {
    ANCHOR.parse().expect("valid anchor")
}

/// Default sizes at `seed`, anchored at [`ANCHOR`].
pub fn params(seed: u64) -> Params {
    Params::new(seed, anchor(), Sizes::default())
}

pub fn generate(params: &Params) -> Dataset {
    data::generate(params).expect("generation succeeds")
}

/// The default dataset (seed 12345, pinned anchor), generated once.
pub fn snapshot() -> Arc<Snapshot> {
    static SNAPSHOT: OnceLock<Arc<Snapshot>> = OnceLock::new();
    SNAPSHOT
        .get_or_init(|| Arc::new(Snapshot::generate(&params(data::DEFAULT_SEED)).expect("generation succeeds")))
        .clone()
}

/// The options of the shared test apps: the defaults, but without the
/// `extensions.agentmock` block, as `--response-extensions false` serves
/// (the tests that compare whole bodies predate it; the block has tests of
/// its own in `sessions.rs`).
pub fn options() -> HttpOptions {
    let mut options = HttpOptions::default();
    options.defaults.extensions = false;
    options
}

/// The whole app over the default dataset, built once (a clone shares
/// the store).
pub fn app() -> agentmock::http::App {
    static APP: OnceLock<agentmock::http::App> = OnceLock::new();
    APP.get_or_init(fresh_app).clone()
}

/// An app over a store of its own (a fresh copy of the default dataset),
/// for requests that write.
pub fn fresh_app() -> agentmock::http::App {
    let snapshot = Snapshot::new(snapshot().dataset.clone());
    router(AppState::with_options(Arc::new(Store::new(snapshot)), PUBLIC_URL, options()))
}

/// Runs one playground tab as the page would: its headers and variables,
/// on a store of its own when it writes. The whole reply.
pub async fn run_tab(tab: &agentmock::http::playground::Tab) -> Reply {
    let writes = tab.query.lines().any(|l| l.trim_start().starts_with("mutation"));
    let app = if writes { fresh_app() } else { app() };
    let variables: serde_json::Value =
        tab.variables.as_deref().map_or(serde_json::json!({}), |v| serde_json::from_str(v).expect("variables JSON"));
    let mut request = Request::post("/graphql").header("content-type", "application/json");
    if let Some(headers) = &tab.headers {
        let headers: BTreeMap<String, String> = serde_json::from_str(headers).expect("headers JSON");
        for (name, value) in headers {
            request = request.header(name, value);
        }
    }
    let body = serde_json::json!({ "query": tab.query, "variables": variables }).to_string();
    send(app, request.body(Body::from(body)).expect("request")).await
}

/// Whether a tab asks for faults on purpose (its answer carries their errors).
pub fn injects_faults(tab: &agentmock::http::playground::Tab) -> bool {
    tab.headers.as_deref().is_some_and(|h| h.contains("X-Agentmock-Fault"))
}

/// Asserts a tab that injects faults answered with data and only the
/// injected errors.
pub fn assert_only_injected_errors(name: &str, response: &serde_json::Value) {
    assert!(response["data"].is_object(), "{name}: no data: {response}");
    let errors = response["errors"].as_array().unwrap_or_else(|| panic!("{name}: no injected error: {response}"));
    for e in errors {
        assert!(e["message"].as_str().unwrap_or("").starts_with("injected fault"), "{name}: {e}");
    }
}

/// The playground's tabs for the default dataset.
pub fn playground_tabs() -> Vec<agentmock::http::playground::Tab> {
    let settings = agentmock::http::playground::PlaygroundSettings::for_snapshot(&snapshot());
    agentmock::http::playground::tabs(&settings)
}

/// A response read whole.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends one request to the app in-process (or to its router alone:
/// [`agentmock::http::App::routed`]).
pub async fn send<S>(app: S, request: Request<Body>) -> Reply
where
    S: tower::Service<Request<Body>, Response = axum::response::Response, Error = std::convert::Infallible>,
{
    let response = app.oneshot(request).await.expect("infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.expect("body").to_bytes().to_vec();
    Reply { status, headers, body }
}

/// POSTs a GraphQL request body.
pub async fn post_json(app: agentmock::http::App, body: serde_json::Value) -> Reply {
    let request = Request::post("/graphql")
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .expect("request");
    send(app, request).await
}

/// GETs a path from the app.
pub async fn get(uri: &str) -> Reply {
    send(app(), Request::get(uri).body(Body::empty()).expect("request")).await
}

/// Runs a query with extra request headers; the whole reply.
pub async fn graphql_with_headers(query: &str, variables: serde_json::Value, headers: &[(&str, &str)]) -> Reply {
    let mut request = Request::post("/graphql").header("content-type", "application/json");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let body = serde_json::json!({ "query": query, "variables": variables }).to_string();
    send(app(), request.body(Body::from(body)).expect("request")).await
}

/// Runs a query with variables against the default app; the whole response.
pub async fn graphql(query: &str, variables: serde_json::Value) -> serde_json::Value {
    post_json(app(), serde_json::json!({ "query": query, "variables": variables })).await.json()
}

/// Runs a query that must succeed; its `data`.
pub async fn data(query: &str, variables: serde_json::Value) -> serde_json::Value {
    let response = graphql(query, variables).await;
    assert!(response.get("errors").is_none(), "unexpected errors: {response}");
    response["data"].clone()
}

/// The token of the first seeded user with `role` (`amk_` + 32 hex digits,
/// derived from the seed and the user's id): what a client signed in as
/// that user sends as `Authorization: Bearer <token>`.
pub fn token_of_role(d: &Dataset, role: data::catalogue::Role) -> String {
    let user = d.users.iter().find(|u| u.role == role).unwrap_or_else(|| panic!("no {role:?} user"));
    agentmock::store::auth::token(d.params.seed, &user.id)
}

/// Runs a query signed in as `credential` (a token, a user id or an email,
/// sent as `Authorization: Bearer <credential>`), through the same
/// in-process path as [`graphql`]; the whole response.
pub async fn graphql_as(credential: &str, query: &str, variables: serde_json::Value) -> serde_json::Value {
    let authorization = format!("Bearer {credential}");
    graphql_with_headers(query, variables, &[("authorization", &authorization)]).await.json()
}

/// As [`data`], signed in as `credential`.
pub async fn data_as(credential: &str, query: &str, variables: serde_json::Value) -> serde_json::Value {
    let response = graphql_as(credential, query, variables).await;
    assert!(response.get("errors").is_none(), "unexpected errors: {response}");
    response["data"].clone()
}

/// Asserts `response` masks exactly the fields at `paths`: each is null in
/// `data`, and the errors are one `FORBIDDEN` per path, at that path.
pub fn assert_masked(response: &serde_json::Value, paths: &[serde_json::Value]) {
    for path in paths {
        let mut at = &response["data"];
        for step in path.as_array().expect("a path") {
            at = match step {
                serde_json::Value::String(key) => &at[key.as_str()],
                index => &at[index.as_u64().expect("a key or an index") as usize],
            };
        }
        assert!(at.is_null(), "{path} is {at}, not masked");
    }
    let errors = response["errors"].as_array().unwrap_or_else(|| panic!("no errors: {response}"));
    let mut masked: Vec<&serde_json::Value> = errors.iter().map(|e| &e["path"]).collect();
    let mut expected: Vec<&serde_json::Value> = paths.iter().collect();
    masked.sort_by_key(|p| p.to_string());
    expected.sort_by_key(|p| p.to_string());
    assert_eq!(masked, expected, "the masked paths");
    for e in errors {
        assert_eq!(e["extensions"]["code"], "FORBIDDEN", "{e}");
    }
}

/// The `extensions.code` of the first error.
pub fn first_error_code(response: &serde_json::Value) -> &str {
    response["errors"][0]["extensions"]["code"].as_str().unwrap_or("")
}

/// Percent-encodes a query-string value (everything but RFC 3986 unreserved characters).
pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Reading answers.

pub fn num(value: &serde_json::Value) -> f64 {
    value.as_f64().unwrap_or_else(|| panic!("not a number: {value}"))
}

pub fn text(value: &serde_json::Value) -> String {
    value.as_str().unwrap_or_else(|| panic!("not a string: {value}")).to_string()
}

/// The elements of a JSON list.
pub fn list(value: &serde_json::Value) -> &Vec<serde_json::Value> {
    value.as_array().unwrap_or_else(|| panic!("not a list: {value}"))
}

/// `field` of each element of a list, as strings.
pub fn strs(value: &serde_json::Value, field: &str) -> Vec<String> {
    list(value).iter().map(|n| text(&n[field])).collect()
}

/// `("Customer Support Bot", 42)` for "Customer Support Bot 42": how a person
/// expects numbered names to sort.
pub fn natural(name: &str) -> (String, u64) {
    let (base, number) = name.rsplit_once(' ').expect("agent names end in a number");
    (base.to_string(), number.parse().expect("agent names end in a number"))
}

/// Agent rows in natural name order.
pub fn agents_by_name(d: &Dataset, keep: impl Fn(&data::Agent) -> bool) -> Vec<usize> {
    let mut rows: Vec<usize> = (0..d.agents.len()).filter(|&r| keep(&d.agents[r])).collect();
    rows.sort_by_key(|&r| natural(&d.agents[r].name));
    rows
}

/// Version `version` of an agent's system prompt, written from its facts
/// (name, kind, model, configuration, the workspace's company) as the
/// generator writes it. Version 1 depends on nothing else; the version an
/// agent is at is read back from the `systemPrompt` updates of the audit
/// trail.
pub fn prompt_text(d: &Dataset, agent: &data::Agent, version: u32) -> String {
    use agentmock::data::prompts;
    let facts = prompts::PromptFacts {
        agent_name: &agent.name,
        kind: agent.kind,
        model: agent.model,
        temperature: agent.config.temperature,
        max_tokens: agent.config.max_tokens,
        company: &d.workspace.company,
    };
    let streams = agentmock::data::rng::Streams::new(d.params.seed);
    prompts::system_prompt(&facts, version, &streams, prompts::agent_key(&agent.id))
}

/// The agent row with the id `id` holds.
pub fn agent_row(d: &Dataset, id: &serde_json::Value) -> usize {
    d.agents.iter().position(|a| a.id.to_string() == text(id)).unwrap_or_else(|| panic!("no agent {id}"))
}

/// Ids of the agent, conversation or audit rows, as the API shows them.
pub fn agent_ids(d: &Dataset, rows: &[usize]) -> Vec<String> {
    rows.iter().map(|&r| d.agents[r].id.to_string()).collect()
}

pub fn conversation_ids(d: &Dataset, rows: &[usize]) -> Vec<String> {
    rows.iter().map(|&r| d.conversations[r].id.to_string()).collect()
}

pub fn audit_ids(d: &Dataset, rows: &[usize]) -> Vec<String> {
    rows.iter().map(|&r| d.audit_logs[r].id.to_string()).collect()
}

/// Collects every node of a root connection by following `endCursor`; the
/// query takes `$after` and selects `totalCount`, `pageInfo { hasNextPage
/// endCursor }` and `nodes`.
pub async fn all_nodes(query: &str, field: &str, variables: serde_json::Value) -> (Vec<serde_json::Value>, i64) {
    all_nodes_as(None, query, field, variables).await
}

/// As [`all_nodes`], signed in as `credential` when given (see [`data_as`]).
pub async fn all_nodes_as(
    credential: Option<&str>,
    query: &str,
    field: &str,
    mut variables: serde_json::Value,
) -> (Vec<serde_json::Value>, i64) {
    let mut nodes = Vec::new();
    let mut total = None;
    loop {
        let answer = match credential {
            Some(credential) => data_as(credential, query, variables.clone()).await,
            None => data(query, variables.clone()).await,
        };
        let connection = &answer[field];
        let count = connection["totalCount"].as_i64().expect("totalCount");
        assert_eq!(*total.get_or_insert(count), count, "totalCount changed between pages");
        nodes.extend(list(&connection["nodes"]).iter().cloned());
        if connection["pageInfo"]["hasNextPage"] != serde_json::json!(true) {
            return (nodes, count);
        }
        variables["after"] = connection["pageInfo"]["endCursor"].clone();
    }
}

// ---------------------------------------------------------------------------
// Figures as the API shows them, checked against exact values computed here.

/// A rate shown to 4 decimals: within half a unit of the 4th decimal of
/// `part / whole`, and no more decimals; null when `whole` is 0.
pub fn assert_rate(shown: &serde_json::Value, part: u64, whole: u64, what: &str) {
    assert_decimals(shown, (whole > 0).then(|| part as f64 / whole as f64), 4, what);
}

/// `exact` shown rounded to `places` decimals (null for `None`).
pub fn assert_decimals(shown: &serde_json::Value, exact: Option<f64>, places: i32, what: &str) {
    let Some(exact) = exact else {
        assert!(shown.is_null(), "{what}: expected null, got {shown}");
        return;
    };
    let value = num(shown);
    let unit = 10f64.powi(-places);
    assert!(
        (value - exact).abs() <= unit / 2.0 + 1e-9 * exact.abs().max(1.0),
        "{what}: {value} is not {exact} to {places} decimals"
    );
    let scaled = value / unit;
    assert!((scaled - scaled.round()).abs() < 1e-6, "{what}: {value} has more than {places} decimals");
}

/// Milliseconds shown to one decimal: `sum / count`, null without values.
pub fn assert_ms(shown: &serde_json::Value, sum: u64, count: u64, what: &str) {
    assert_decimals(shown, (count > 0).then(|| sum as f64 / count as f64), 1, what);
}

/// USD with at most six decimals, equal to `micros` micro-dollars exactly.
pub fn assert_usd(shown: &serde_json::Value, micros: i64, what: &str) {
    let value = num(shown);
    let scaled = value * 1e6;
    assert!((scaled - scaled.round()).abs() < 1e-3, "{what}: ${value} has more than six decimals");
    assert_eq!(scaled.round() as i64, micros, "{what}: ${value} is not {micros} micro-dollars");
}

/// A count as a JSON integer.
pub fn assert_count(shown: &serde_json::Value, expected: u64, what: &str) {
    assert_eq!(shown.as_u64(), Some(expected), "{what}: got {shown}");
}

// ---------------------------------------------------------------------------
// Histograms, restated: bucket `b` holds values in `[base·2^(b/k), base·2^((b+1)/k))`.

/// A log-scale bucketing of milliseconds.
#[derive(Clone, Copy, Debug)]
pub struct Scale {
    pub base: f64,
    pub per_octave: u32,
}

/// Reply latencies: from 50 ms, 16 buckets per octave.
pub const LATENCY: Scale = Scale { base: 50.0, per_octave: 16 };
/// Conversation durations: from 1 s, 8 buckets per octave.
pub const DURATION: Scale = Scale { base: 1000.0, per_octave: 8 };

impl Scale {
    pub fn lower(self, bucket: u32) -> f64 {
        self.base * (bucket as f64 / self.per_octave as f64).exp2()
    }

    pub fn upper(self, bucket: u32) -> f64 {
        self.lower(bucket + 1)
    }

    /// The stated resolution: one bucket's relative width.
    pub fn resolution(self) -> f64 {
        (1.0 / self.per_octave as f64).exp2() - 1.0
    }
}

/// Counts per bucket, merged over rows.
pub type Buckets = BTreeMap<u32, u64>;

pub fn merge(into: &mut Buckets, histogram: &agentmock::data::histogram::Histogram) {
    for (bucket, count) in histogram.iter() {
        *into.entry(bucket).or_default() += count as u64;
    }
}

/// The bucket holding the nearest-rank `q`-quantile: the ⌈q·n⌉-th smallest
/// value (the smallest for q = 0).
pub fn rank_bucket(buckets: &Buckets, q: f64) -> Option<u32> {
    let n: u64 = buckets.values().sum();
    if n == 0 {
        return None;
    }
    let rank = ((q * n as f64).ceil() as u64).clamp(1, n);
    let mut before = 0;
    buckets.iter().find_map(|(&b, &c)| {
        before += c;
        (before >= rank).then_some(b)
    })
}

/// A percentile as shown (one decimal): inside the bucket of the exact
/// nearest-rank value, so within the scale's resolution of it.
pub fn assert_percentile(shown: &serde_json::Value, buckets: &Buckets, scale: Scale, q: f64, what: &str) {
    let Some(b) = rank_bucket(buckets, q) else {
        assert!(shown.is_null(), "{what}: expected null, got {shown}");
        return;
    };
    let (lo, hi) = (scale.lower(b), scale.upper(b));
    let value = num(shown);
    assert!(
        value >= lo - 0.05 && value <= hi + 0.05,
        "{what}: {value} lies outside the nearest-rank bucket [{lo:.1}, {hi:.1})"
    );
    assert!(hi / lo - 1.0 <= scale.resolution() + 1e-12);
}

/// The bucket of a value.
pub fn bucket_of(scale: Scale, value: f64) -> u32 {
    if value <= scale.base {
        return 0;
    }
    ((value / scale.base).log2() * scale.per_octave as f64).floor() as u32
}

// ---------------------------------------------------------------------------
// Sums over the rows, computed here from the dataset.

/// Exact sums over daily-metric rows (and the cost records of the same
/// agents and days), with their merged distributions.
#[derive(Clone, Debug, Default)]
pub struct Sums {
    pub rows: u64,
    pub conversations: u64,
    pub succeeded: u64,
    /// Per error type, in `ErrorType::ALL` order.
    pub errors: [u64; 6],
    /// Positive, neutral, negative.
    pub sentiments: [u64; 3],
    pub resolved: u64,
    pub messages: u64,
    pub replies: u64,
    pub latency_sum: u64,
    pub duration_sum: u64,
    pub input: u64,
    pub output: u64,
    pub cost_micros: i64,
    pub latency: Buckets,
    pub durations: Buckets,
    pub hourly: [u64; 24],
    pub hourly_failed: [u64; 24],
    pub agents_with_traffic: std::collections::BTreeSet<u32>,
}

impl Sums {
    /// The rows of agents `keep` accepts on the days `from..=to`.
    pub fn of(d: &Dataset, keep: impl Fn(u32) -> bool, from: chrono::NaiveDate, to: chrono::NaiveDate) -> Sums {
        let mut s = Sums::default();
        for (m, c) in d.daily_metrics.iter().zip(&d.cost_records) {
            assert_eq!((m.agent, m.date), (c.agent, c.date), "the grids align");
            if keep(m.agent) && m.date >= from && m.date <= to {
                s.add(m, c);
            }
        }
        s
    }

    pub fn add(&mut self, m: &data::DailyMetric, c: &data::CostRecord) {
        self.rows += 1;
        self.conversations += m.conversations as u64;
        self.succeeded += m.succeeded as u64;
        for (sum, &n) in self.errors.iter_mut().zip(&m.errors) {
            *sum += n as u64;
        }
        for (sum, &n) in self.sentiments.iter_mut().zip(&m.sentiments) {
            *sum += n as u64;
        }
        self.resolved += m.resolved as u64;
        self.messages += m.messages as u64;
        self.replies += m.replies as u64;
        self.latency_sum += m.latency_sum_ms;
        self.duration_sum += m.duration_sum_ms;
        self.input += c.input_tokens;
        self.output += c.output_tokens;
        self.cost_micros += c.cost_micros;
        merge(&mut self.latency, &m.latency);
        merge(&mut self.durations, &m.durations);
        for h in 0..24 {
            self.hourly[h] += m.hourly[h] as u64;
            self.hourly_failed[h] += m.hourly_failed[h] as u64;
        }
        if m.conversations > 0 {
            self.agents_with_traffic.insert(m.agent);
        }
    }

    pub fn failed(&self) -> u64 {
        self.conversations - self.succeeded
    }

    pub fn share(part: u64, whole: u64) -> Option<f64> {
        (whole > 0).then(|| part as f64 / whole as f64)
    }

    pub fn success_rate(&self) -> Option<f64> {
        Sums::share(self.succeeded, self.conversations)
    }

    pub fn avg_response_time(&self) -> Option<f64> {
        Sums::share(self.latency_sum, self.replies)
    }

    pub fn sentiment_score(&self) -> Option<f64> {
        let [positive, _, negative] = self.sentiments;
        (self.conversations > 0).then(|| (positive as f64 - negative as f64) / self.conversations as f64)
    }

    /// The latency percentile's bucket's lower bound (for orders and deltas).
    pub fn p95_bucket(&self) -> Option<u32> {
        rank_bucket(&self.latency, 0.95)
    }
}

/// The error types and sentiments in the API's order.
pub const ERROR_TYPES: [&str; 6] =
    ["TIMEOUT", "RATE_LIMITED", "MODEL_ERROR", "CONTEXT_LENGTH_EXCEEDED", "TOOL_ERROR", "CONTENT_FILTERED"];
pub const SENTIMENTS: [&str; 3] = ["POSITIVE", "NEUTRAL", "NEGATIVE"];

/// A `SentimentSummary` against counts.
pub fn assert_sentiment(v: &serde_json::Value, sentiments: [u64; 3], what: &str) {
    let total: u64 = sentiments.iter().sum();
    for (key, value) in v.as_object().unwrap_or_else(|| panic!("{what}: not an object: {v}")) {
        let what = format!("{what}.{key}");
        match key.as_str() {
            "total" => assert_count(value, total, &what),
            "positive" => assert_count(value, sentiments[0], &what),
            "neutral" => assert_count(value, sentiments[1], &what),
            "negative" => assert_count(value, sentiments[2], &what),
            "positiveShare" => assert_rate(value, sentiments[0], total, &what),
            "neutralShare" => assert_rate(value, sentiments[1], total, &what),
            "negativeShare" => assert_rate(value, sentiments[2], total, &what),
            "meanScore" => assert_decimals(
                value,
                (total > 0).then(|| (sentiments[0] as f64 - sentiments[2] as f64) / total as f64),
                4,
                &what,
            ),
            "sentiments" => {
                let entries = list(value);
                assert_eq!(entries.len(), 3, "{what}: all three");
                for ((entry, name), count) in entries.iter().zip(SENTIMENTS).zip(sentiments) {
                    assert_eq!(entry["sentiment"], name, "{what}");
                    if let Some(c) = entry.get("count") {
                        assert_count(c, count, &what);
                    }
                    if let Some(s) = entry.get("share") {
                        assert_rate(s, count, total, &what);
                    }
                }
            }
            other => panic!("{what}: unchecked field {other}"),
        }
    }
}

/// A `LatencyDistribution` against merged buckets, a sum and a count.
pub fn assert_distribution(v: &serde_json::Value, buckets: &Buckets, scale: Scale, sum: u64, what: &str) {
    let count: u64 = buckets.values().sum();
    for (key, value) in v.as_object().unwrap_or_else(|| panic!("{what}: not an object: {v}")) {
        let what = format!("{what}.{key}");
        let q = match key.as_str() {
            "count" => {
                assert_count(value, count, &what);
                continue;
            }
            "mean" => {
                assert_ms(value, sum, count, &what);
                continue;
            }
            "resolution" => {
                assert_decimals(value, Some(scale.resolution()), 4, &what);
                continue;
            }
            "min" => 0.0,
            "p50" => 0.5,
            "p75" => 0.75,
            "p90" => 0.9,
            "p95" => 0.95,
            "p99" => 0.99,
            "max" => 1.0,
            other => panic!("{what}: unchecked field {other}"),
        };
        assert_percentile(value, buckets, scale, q, &what);
    }
}

/// Failures by type (`ErrorCount` list) against counts.
pub fn assert_errors(v: &serde_json::Value, errors: [u64; 6], what: &str) {
    let failed: u64 = errors.iter().sum();
    let entries = list(v);
    assert_eq!(entries.len(), 6, "{what}: all six");
    for ((entry, name), count) in entries.iter().zip(ERROR_TYPES).zip(errors) {
        assert_eq!(entry["errorType"], name, "{what}");
        if let Some(c) = entry.get("count") {
            assert_count(c, count, &format!("{what} {name}"));
        }
        if let Some(s) = entry.get("share") {
            assert_rate(s, count, failed, &format!("{what} {name} share"));
        }
    }
}

/// Every field of a `TelemetrySummary` (or of the summary part of
/// `FleetKpis`) that `v` holds, against the sums; a field this does not
/// know fails, so nothing an answer shows goes unchecked. `skip` names
/// fields the caller checks itself.
pub fn assert_summary(v: &serde_json::Value, s: &Sums, skip: &[&str], what: &str) {
    for (key, value) in v.as_object().unwrap_or_else(|| panic!("{what}: not an object: {v}")) {
        if skip.contains(&key.as_str()) {
            continue;
        }
        let what = format!("{what}.{key}");
        match key.as_str() {
            "totalConversations" => assert_count(value, s.conversations, &what),
            "succeeded" => assert_count(value, s.succeeded, &what),
            "failed" => assert_count(value, s.failed(), &what),
            "successRate" => assert_rate(value, s.succeeded, s.conversations, &what),
            "errorRate" => assert_rate(value, s.failed(), s.conversations, &what),
            "errors" => assert_errors(value, s.errors, &what),
            "resolved" => assert_count(value, s.resolved, &what),
            "resolutionRate" => assert_rate(value, s.resolved, s.conversations, &what),
            "sentiment" => assert_sentiment(value, s.sentiments, &what),
            "totalMessages" => assert_count(value, s.messages, &what),
            "messagesPerConversation" => {
                assert_decimals(value, Sums::share(s.messages, s.conversations), 2, &what);
            }
            "turnsPerConversation" => {
                assert_decimals(value, Sums::share(s.messages - s.replies, s.conversations), 2, &what);
            }
            "avgResponseTime" => assert_ms(value, s.latency_sum, s.replies, &what),
            "latency" => assert_distribution(value, &s.latency, LATENCY, s.latency_sum, &what),
            "duration" => assert_distribution(value, &s.durations, DURATION, s.duration_sum, &what),
            "inputTokens" => assert_eq!(num(value), s.input as f64, "{what}"),
            "outputTokens" => assert_eq!(num(value), s.output as f64, "{what}"),
            "totalTokens" => assert_eq!(num(value), (s.input + s.output) as f64, "{what}"),
            "totalCost" => assert_usd(value, s.cost_micros, &what),
            "costPerConversation" => assert_decimals(
                value,
                (s.conversations > 0).then(|| s.cost_micros as f64 / 1e6 / s.conversations as f64),
                6,
                &what,
            ),
            other => panic!("{what}: unchecked field {other}"),
        }
    }
}

/// A telemetry field selection covering every `TelemetrySummary` field.
pub const SUMMARY_FIELDS: &str = "totalConversations succeeded failed successRate errorRate
    errors { errorType count share } resolved resolutionRate
    sentiment { total positive neutral negative positiveShare neutralShare negativeShare meanScore sentiments { sentiment count share } }
    totalMessages messagesPerConversation turnsPerConversation avgResponseTime
    latency { count mean min p50 p75 p90 p95 p99 max resolution }
    duration { count mean min p50 p75 p90 p95 p99 max resolution }
    inputTokens outputTokens totalTokens totalCost costPerConversation";
