//! The fast path for value objects (`graphql::flat`) answers byte for byte
//! what async-graphql's general path answers: every playground tab, every
//! query written in this test suite, and a seeded corpus of queries
//! generated from the schema (aliases, repeated keys, fragments and inline
//! fragments on objects, interfaces and unions, `@skip` / `@include` with
//! literals and variables, `__typename`, resolver errors that null their
//! field, unknown fields, masked fields), each sent to two apps over the
//! same dataset that differ only in `SchemaOptions::fast_path`, anonymously
//! and as a viewer (whose masked fields fail). The fast app is asked a
//! third time with time slices spent at once: its lists then yield every
//! few items and resume, and must answer the same bytes.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Duration;

use agentmock::data::catalogue::Role;
use agentmock::http::{AppState, HttpOptions, router};
use agentmock::store::{Snapshot, Store};
use axum::body::Body;
use axum::http::Request;
use serde_json::{Value, json};

use crate::support::{PUBLIC_URL, Reply, options, playground_tabs, send, snapshot, token_of_role};

/// An app over a fresh copy of the default dataset, the response cache off
/// (every request executes), on the fast path or not; `sliced`, its time
/// slices spent at once, so that its lists yield every few items
/// (`agentmock::rt::slice_spent`) and resume where they stopped.
fn app(fast_path: bool, sliced: bool) -> agentmock::http::App {
    let mut options: HttpOptions = options();
    options.response_cache_bytes = 0;
    options.schema.fast_path = fast_path;
    if sliced {
        options.executor.fast_lane_budget = Duration::ZERO;
        options.executor.heavy_slice = Duration::ZERO;
    }
    let store = Store::new(Snapshot::new(snapshot().dataset.clone()));
    router(AppState::with_options(Arc::new(store), PUBLIC_URL, options))
}

/// The two apps, fast first, and the fast one again yielding all along.
struct Pair {
    fast: agentmock::http::App,
    general: agentmock::http::App,
    sliced: agentmock::http::App,
    /// Requests compared, and how many of them answered with errors.
    compared: usize,
    with_errors: usize,
}

impl Pair {
    fn new() -> Self {
        Pair {
            fast: app(true, false),
            general: app(false, false),
            sliced: app(true, true),
            compared: 0,
            with_errors: 0,
        }
    }

    /// Sends one request to both apps; panics when the answers differ.
    async fn compare(&mut self, label: &str, body: &Value, headers: &[(String, String)]) -> Reply {
        let request = || {
            let mut request = Request::post("/graphql").header("content-type", "application/json");
            for (name, value) in headers {
                request = request.header(name.as_str(), value.as_str());
            }
            request.body(Body::from(body.to_string())).expect("request")
        };
        let fast = send(self.fast.clone(), request()).await;
        let general = send(self.general.clone(), request()).await;
        // Again: a document that passed validation skips async-graphql's
        // strict rules the second time (`engine::Prevalidated`).
        let again = send(self.fast.clone(), request()).await;
        assert!(
            again.status == fast.status && again.body == fast.body,
            "{label}: a repeat answers differently\nquery: {body}\nfirst:  {}\nrepeat: {}",
            fast.text(),
            again.text()
        );
        let sliced = send(self.sliced.clone(), request()).await;
        assert!(
            sliced.status == fast.status && sliced.body == fast.body,
            "{label}: yielding in slices answers differently\nquery: {body}\nfast:   {}\nsliced: {}",
            fast.text(),
            sliced.text()
        );
        assert_eq!(fast.status, general.status, "{label}: status differs\n{body}");
        assert!(
            fast.body == general.body,
            "{label}: the paths answer differently\nquery: {body}\nfast:    {}\ngeneral: {}",
            fast.text(),
            general.text()
        );
        self.compared += 1;
        if fast.text().contains("\"errors\"") {
            self.with_errors += 1;
        }
        fast
    }
}

fn viewer() -> Vec<(String, String)> {
    let token = token_of_role(&snapshot().dataset, Role::Viewer);
    vec![("authorization".into(), format!("Bearer {token}"))]
}

#[tokio::test]
async fn every_playground_tab_answers_the_same_on_both_paths() {
    let tabs = playground_tabs();
    assert!(tabs.len() >= 10, "{} tabs", tabs.len());
    for tab in tabs {
        // A tab that writes gets stores of its own, so both apply its writes to the same data.
        let mut pair = Pair::new();
        let variables: Value = tab.variables.as_deref().map_or(json!({}), |v| serde_json::from_str(v).expect("JSON"));
        let headers: Vec<(String, String)> = tab
            .headers
            .as_deref()
            .map(|h| serde_json::from_str::<BTreeMap<String, String>>(h).expect("headers JSON").into_iter().collect())
            .unwrap_or_default();
        let body = json!({ "query": tab.query, "variables": variables });
        // Writes stamp the wall clock: only tabs that read are compared byte for byte.
        if tab.query.lines().any(|l| l.trim_start().starts_with("mutation")) {
            let fast = pair.fast.clone();
            let general = pair.general.clone();
            let post = |app: agentmock::http::App| {
                let mut request = Request::post("/graphql").header("content-type", "application/json");
                for (name, value) in &headers {
                    request = request.header(name.as_str(), value.as_str());
                }
                send(app, request.body(Body::from(body.to_string())).expect("request"))
            };
            let (a, b) = (post(fast).await, post(general).await);
            assert_eq!(a.status, b.status, "{}", tab.name);
            continue;
        }
        pair.compare(&tab.name, &body, &headers).await;
        pair.compare(&format!("{} as a viewer", tab.name), &body, &viewer()).await;
    }
}

/// The GraphQL documents written as string literals in this test suite's
/// sources (those that read: queries and fragments), unescaped.
fn suite_queries() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it");
    let mut files: Vec<_> = std::fs::read_dir(&dir).expect("tests/it").flatten().map(|e| e.path()).collect();
    files.sort();
    let mut queries = Vec::new();
    for file in files.iter().filter(|f| f.extension().is_some_and(|e| e == "rs")) {
        let text = std::fs::read_to_string(file).expect("source");
        for literal in string_literals(&text) {
            let trimmed = literal.trim_start();
            let reads = trimmed.starts_with('{') || trimmed.starts_with("query") || trimmed.starts_with("fragment");
            // `{{` is a format! template, not a document.
            if reads && trimmed.contains('}') && !literal.contains("{{") && !queries.contains(&literal) {
                queries.push(literal);
            }
        }
    }
    queries
}

/// The string literals of Rust source text: `"..."` (with `\"`, `\\`,
/// `\n` and line continuations undone) and raw `r#"..."#`.
fn string_literals(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut literals = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'/') {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
        } else if bytes[i] == b'\'' {
            // A char literal ('"', '\'') or a lifetime: skip what could hide a quote.
            match (bytes.get(i + 1), bytes.get(i + 2), bytes.get(i + 3)) {
                (Some(b'\\'), _, Some(b'\'')) => i += 4,
                (Some(_), Some(b'\''), _) => i += 3,
                _ => i += 1,
            }
        } else if bytes[i] == b'r' && (bytes.get(i + 1) == Some(&b'#') || bytes.get(i + 1) == Some(&b'"')) {
            let hashes = bytes[i + 1..].iter().take_while(|&&b| b == b'#').count();
            if bytes.get(i + 1 + hashes) != Some(&b'"') || (i > 0 && (bytes[i - 1] as char).is_alphanumeric()) {
                i += 1;
                continue;
            }
            let start = i + 2 + hashes;
            let close = format!("\"{}", "#".repeat(hashes));
            match text[start..].find(&close) {
                Some(end) => {
                    literals.push(text[start..start + end].to_string());
                    i = start + end + close.len();
                }
                None => break,
            }
        } else if bytes[i] == b'"' {
            let mut literal = String::new();
            let mut j = i + 1;
            while j < bytes.len() && bytes[j] != b'"' {
                if bytes[j] == b'\\' {
                    match bytes.get(j + 1) {
                        Some(b'n') => literal.push('\n'),
                        Some(b'"') => literal.push('"'),
                        Some(b'\\') => literal.push('\\'),
                        Some(b'\n') => {
                            j += 2;
                            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                                j += 1;
                            }
                            continue;
                        }
                        Some(&other) => literal.push(other as char),
                        None => {}
                    }
                    j += 2;
                } else {
                    let ch = text[j..].chars().next().unwrap_or(' ');
                    literal.push(ch);
                    j += ch.len_utf8();
                }
            }
            literals.push(literal);
            i = j + 1;
        } else {
            i += 1;
        }
    }
    literals
}

#[tokio::test]
async fn every_query_of_the_test_suite_answers_the_same_on_both_paths() {
    let queries = suite_queries();
    assert!(queries.len() > 200, "{} queries found", queries.len());
    let mut pair = Pair::new();
    let viewer = viewer();
    for query in &queries {
        let body = json!({ "query": query });
        pair.compare("suite query", &body, &[]).await;
        pair.compare("suite query as a viewer", &body, &viewer).await;
    }
    eprintln!("suite queries: {} found, {} of {} answers with errors", queries.len(), pair.with_errors, pair.compared);
    // The corpus holds answers with data and answers with errors.
    assert!(
        pair.with_errors > 10 && pair.with_errors + 100 < pair.compared,
        "{} of {}",
        pair.with_errors,
        pair.compared
    );
}

/// A small deterministic generator (splitmix64).
struct Draw(u64);

impl Draw {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const INTROSPECTION: &str = "{ __schema { types { name kind possibleTypes { name } interfaces { name } \
    enumValues { name } fields { name type { ...T } args { name defaultValue type { ...T } } } } } } \
    fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }";

/// The named type under a type reference, and whether it is non-null.
fn named(ty: &Value) -> (&str, bool) {
    let non_null = ty["kind"] == "NON_NULL";
    let mut ty = ty;
    while ty["name"].is_null() && !ty["ofType"].is_null() {
        ty = &ty["ofType"];
    }
    (ty["name"].as_str().unwrap_or(""), non_null)
}

/// Builds random documents over the schema.
struct Generator<'a> {
    types: BTreeMap<&'a str, &'a Value>,
    draw: Draw,
    /// Ids of real records, for `id` arguments.
    ids: Vec<String>,
    fragments: String,
    fragment_count: usize,
    aliases: usize,
    uses_flag: bool,
    /// Documents in which nothing merges (no fragment with a type
    /// condition, no named fragment, no response key twice in a set):
    /// those whose objects the fast path writes as JSON text over HTTP.
    plain: bool,
}

impl<'a> Generator<'a> {
    fn kind(&self, name: &str) -> &str {
        self.types.get(name).and_then(|t| t["kind"].as_str()).unwrap_or("SCALAR")
    }

    /// A literal for a required argument of type `ty`, if one can be made.
    fn literal(&mut self, ty: &str, name: &str) -> Option<String> {
        match ty {
            "ID" => Some(if self.draw.chance(85) && !self.ids.is_empty() {
                format!("\"{}\"", self.ids[self.draw.below(self.ids.len())])
            } else {
                "\"not-an-id\"".into()
            }),
            "String" => Some("\"x\"".into()),
            "Int" => Some(if name == "first" { "2".into() } else { "1".into() }),
            "Boolean" => Some("true".into()),
            _ if self.kind(ty) == "ENUM" => {
                let values = self.types.get(ty)?["enumValues"].as_array()?;
                let value = values.get(self.draw.below(values.len()))?;
                value["name"].as_str().map(str::to_string)
            }
            _ => None,
        }
    }

    /// The arguments of a field, or `None` when a required one cannot be made.
    fn arguments(&mut self, field: &Value) -> Option<String> {
        let mut out = Vec::new();
        for arg in field["args"].as_array().into_iter().flatten() {
            let name = arg["name"].as_str().unwrap_or("");
            let (ty, required) = named(&arg["type"]);
            let required = required && arg["defaultValue"].is_null();
            if name == "first" {
                // Small pages keep the complexity down; a negative one fails in the resolver.
                let value = if self.draw.chance(4) { -1 } else { 2 };
                out.push(format!("first: {value}"));
            } else if required {
                out.push(format!("{name}: {}", self.literal(ty, name)?));
            }
        }
        Some(if out.is_empty() { String::new() } else { format!("({})", out.join(", ")) })
    }

    /// A selection set on the type `ty`, `depth` fields below the root.
    fn selection(&mut self, ty: &str, depth: usize) -> String {
        let Some(desc) = self.types.get(ty).copied() else { return "{ __typename }".into() };
        let mut items: Vec<String> = Vec::new();
        if self.plain && (desc["kind"] == "UNION" || desc["kind"] == "INTERFACE") {
            return "{ __typename }".into();
        }
        if desc["kind"] == "UNION" || desc["kind"] == "INTERFACE" {
            items.push("__typename".into());
            let possible: Vec<&str> =
                desc["possibleTypes"].as_array().into_iter().flatten().filter_map(|p| p["name"].as_str()).collect();
            for _ in 0..1 + self.draw.below(3) {
                if let Some(&on) = possible.get(self.draw.below(possible.len())) {
                    let inner = self.selection(on, depth);
                    items.push(format!("... on {on} {inner}"));
                }
            }
            if desc["kind"] == "UNION" {
                return format!("{{ {} }}", items.join(" "));
            }
        }
        let fields: Vec<&Value> = desc["fields"].as_array().into_iter().flatten().collect();
        let wanted = 1 + self.draw.below(5);
        for _ in 0..wanted {
            let Some(field) = fields.get(self.draw.below(fields.len())).copied() else { break };
            if let Some(item) = self.field(field, depth) {
                items.push(item);
            }
        }
        if self.plain {
            // Each key once: a repeated field (drawn twice) is dropped.
            let mut seen: Vec<String> = Vec::new();
            items.retain(|item| {
                let key = item.split([':', ' ', '(']).next().unwrap_or("").to_string();
                let fresh = !seen.contains(&key);
                seen.push(key);
                fresh
            });
        }
        if self.draw.chance(20) && !(self.plain && items.iter().any(|i| i.starts_with("__typename"))) {
            items.insert(self.draw.below(items.len() + 1), "__typename".into());
        }
        if self.plain {
            if self.draw.chance(10) {
                // An inline fragment without a type condition (its keys count as the set's).
                let inner = self.selection(ty, depth);
                if !inner.contains("__typename") {
                    items.retain(|i| !i.starts_with("__typename"));
                    items.push(format!("... @include(if: true) {inner}"));
                }
            }
        } else if self.draw.chance(15) && desc["kind"] == "OBJECT" {
            // An inline fragment on the type itself or one of its interfaces, or with no condition.
            let interfaces: Vec<&str> =
                desc["interfaces"].as_array().into_iter().flatten().filter_map(|i| i["name"].as_str()).collect();
            let on = match self.draw.below(3) {
                0 => format!("on {ty} "),
                1 if !interfaces.is_empty() => format!("on {} ", interfaces[self.draw.below(interfaces.len())]),
                _ => String::new(),
            };
            let inner = self.selection_of(ty, depth, &on);
            items.push(format!("... {on}{inner}"));
        }
        if !self.plain && self.draw.chance(10) && desc["kind"] == "OBJECT" {
            self.fragment_count += 1;
            let name = format!("F{}", self.fragment_count);
            let inner = self.selection(ty, depth);
            let _ = write!(self.fragments, " fragment {name} on {ty} {inner}");
            items.push(format!("...{name}"));
        }
        if items.is_empty() {
            items.push("__typename".into());
        }
        format!("{{ {} }}", items.join(" "))
    }

    /// The selection of an inline fragment `on` (an interface's fields only when on it).
    fn selection_of(&mut self, ty: &str, depth: usize, on: &str) -> String {
        match on.strip_prefix("on ").map(str::trim) {
            Some(interface) if interface != ty => self.selection(interface, depth),
            _ => self.selection(ty, depth),
        }
    }

    /// One field selection, decorated; `None` when it cannot be asked for.
    fn field(&mut self, field: &Value, depth: usize) -> Option<String> {
        let name = field["name"].as_str()?;
        let (ty, _) = named(&field["type"]);
        let arguments = self.arguments(field)?;
        let composite = matches!(self.kind(ty), "OBJECT" | "INTERFACE" | "UNION");
        let sub = if composite {
            if depth >= 3 { "{ __typename }".to_string() } else { self.selection(ty, depth + 1) }
        } else {
            String::new()
        };
        let mut text = String::new();
        if arguments.contains("-1") {
            // A field that fails, under a key of its own (it cannot merge with a valid one).
            self.aliases += 1;
            let _ = write!(text, "failing{}: ", self.aliases);
        } else if self.plain && self.draw.chance(20) && self.aliases < 150 {
            // An alias of its own: no other field takes its key.
            self.aliases += 1;
            let _ = write!(text, "alias{}: ", self.aliases);
        } else if !self.plain && self.draw.chance(20) && self.aliases < 150 {
            // Aliases named after their field: a repeated key is the same field, which merges.
            self.aliases += 1;
            let _ = write!(text, "{name}{}: ", self.draw.below(2));
        }
        let _ = write!(text, "{name}{arguments}");
        match self.draw.below(20) {
            0 => text.push_str(" @skip(if: true)"),
            1 => text.push_str(" @include(if: false)"),
            2 => text.push_str(" @include(if: true)"),
            3 => {
                self.uses_flag = true;
                text.push_str(" @skip(if: $flag)");
            }
            _ => {}
        }
        let _ = write!(text, " {sub}");
        // The same key again (with its own sub-selection): the two merge.
        if !self.plain && self.draw.chance(8) && composite && depth < 3 {
            let again = self.selection(ty, depth + 1);
            let key = text.split_whitespace().next().unwrap_or(name).to_string();
            let key = if key.ends_with(':') { format!("{key} {name}") } else { name.to_string() };
            let _ = write!(text, " {key}{arguments} {again}");
        }
        Some(text)
    }

    fn document(&mut self) -> (String, Value) {
        self.fragments.clear();
        self.fragment_count = 0;
        self.aliases = 0;
        self.uses_flag = false;
        let mut selection = self.selection("Query", 0);
        if self.draw.chance(3) {
            // An unknown field: validation refuses the document.
            selection.insert_str(1, " noSuchField");
        }
        let flag = self.draw.chance(50);
        let header = if self.uses_flag { "query Q($flag: Boolean!) " } else { "" };
        (format!("{header}{selection}{}", self.fragments), json!({ "flag": flag }))
    }
}

#[tokio::test]
async fn a_generated_corpus_answers_the_same_on_both_paths() {
    generated_corpus(17, false, 400).await;
}

/// Documents in which nothing merges: over HTTP the fast path answers
/// their objects as JSON text (`graphql::json`), the general path builds
/// and orders values; both give the same bytes.
#[tokio::test]
async fn a_generated_corpus_without_merging_answers_the_same_on_both_paths() {
    generated_corpus(29, true, 300).await;
}

async fn generated_corpus(seed: u64, plain: bool, count: usize) {
    let mut pair = Pair::new();
    let schema = pair.compare("introspection", &json!({ "query": INTROSPECTION }), &[]).await.json();
    let types: BTreeMap<&str, &Value> = schema["data"]["__schema"]["types"]
        .as_array()
        .expect("types")
        .iter()
        .filter_map(|t| Some((t["name"].as_str()?, t)))
        .filter(|(name, _)| !name.starts_with("__"))
        .collect();
    let d = &snapshot().dataset;
    let mut ids: Vec<String> = Vec::new();
    ids.extend(d.agents.iter().take(3).map(|a| a.id.to_string()));
    ids.extend(d.users.iter().take(2).map(|u| u.id.to_string()));
    ids.extend(d.conversations.iter().take(2).map(|c| c.id.to_string()));
    ids.extend(d.daily_metrics.iter().take(2).map(|m| m.id.to_string()));
    ids.extend(d.cost_records.iter().take(1).map(|c| c.id.to_string()));
    let mut generator = Generator {
        types,
        draw: Draw(seed),
        ids,
        fragments: String::new(),
        fragment_count: 0,
        aliases: 0,
        uses_flag: false,
        plain,
    };
    let viewer = viewer();
    let mut with_data = 0;
    for i in 0..count {
        let (query, variables) = generator.document();
        let body = json!({ "query": query, "variables": variables });
        let headers = if i % 3 == 0 { viewer.as_slice() } else { &[] };
        let reply = pair.compare(&format!("generated #{i}"), &body, headers).await;
        if reply.json()["data"].is_object() {
            with_data += 1;
        }
    }
    eprintln!(
        "generated corpus (plain: {plain}): {with_data} of {count} with data, {} of {} answers with errors",
        pair.with_errors, pair.compared
    );
    // Most documents run, and some of those have field errors.
    assert!(with_data > count / 2, "{with_data} of {count} answered with data");
    assert!(pair.with_errors > 20, "{} answers with errors", pair.with_errors);
}

/// The fast path's text fields (`graphql::text`) and lists
/// (`graphql::flat::FlatList`), both sides of each of their fallbacks:
/// leaf fields written as text and others resolved as values in one
/// object; a listed field that fails (a masked one) left to its resolver;
/// objects whose text fields were written that become values after all
/// (a field failed in the request), before and after the failure; lists
/// whose items are all leaves (polled in place) and lists of objects with
/// objects below (boxed); a list whose items are all null (every field
/// skipped); `__typename`, aliases, `@skip` / `@include`, untyped inline
/// fragments in text objects. Anonymously and as a viewer.
#[tokio::test]
async fn text_fields_and_their_fallbacks_answer_the_same_on_both_paths() {
    let documents = [
        "{ agents(first: 3) { nodes { id name status model createdBy { name } dailyMetrics { date conversations \
         avgResponseTime successRate totalTokensInput totalTokensOutput } conversations(first: 2) { totalCount \
         nodes { id startedAt messageCount sentiment resolved } } } } }",
        "{ agents(first: 2) { totalCount edges { cursor rank node { __typename a: id b: name @include(if: true) \
         c: status @skip(if: true) ... { kind deletedAt statusReason } dailyMetrics { __typename date \
         d: conversations hourly errorRate partial } } } pageInfo { hasNextPage endCursor } } }",
        "{ agents(first: 2) { nodes { id dailyMetrics { date @skip(if: true) } costRecords { id date totalCost } } } }",
        "{ auditLogs(first: 4) { nodes { id action actorId targetType targetId createdAt ipAddress userAgent \
         summary } } }",
        "{ auditLogs(first: 3) { edges { cursor node { id summary actor { id name role capabilities } } } } }",
        "{ logs: auditLogs(first: 2) { nodes { id ipAddress } } \
         first: agents(first: 2) { nodes { id name dailyMetrics { date conversations } } } \
         users(first: 3) { nodes { id name email role createdAt lastLoginAt } } }",
        "{ agents(first: 2) { nodes { id name auditLogs(first: 1) { nodes { id ipAddress } } \
         dailyMetrics { date conversations } conversations(first: 2) { nodes { id title channel complexity \
         outcome errorType endedAt durationMs cost model } } } } }",
        "{ conversations(first: 3) { totalCount edges { cursor node { id title agent { id name } \
         messages { id role } } } nodes { id agentId endUserId avgResponseTime maxResponseTime thinkTimeMs \
         inputTokens outputTokens totalTokens } } }",
        "{ dailyMetrics(first: 3) { nodes { id agentId succeeded failed resolved messages replies hourlyFailed \
         toolCalls toolErrors ratedReplies thumbsDown } } costRecords(first: 2) { nodes { id agentId \
         inputTokens outputTokens model } } }",
        "{ analytics { costByModel(range: { lastDays: 30 }) { __typename id model totalCost inputTokens \
         outputTokens records agents share } } }",
    ];
    let mut pair = Pair::new();
    let viewer = viewer();
    for (i, query) in documents.iter().enumerate() {
        let body = json!({ "query": query });
        let reply = pair.compare(&format!("document #{i}"), &body, &[]).await;
        assert!(reply.json()["data"].is_object(), "document #{i} runs: {}", reply.text());
        pair.compare(&format!("document #{i} as a viewer"), &body, &viewer).await;
    }
    // Some of them fail a field (the fallbacks); most do not.
    assert!((3..pair.compared).contains(&pair.with_errors), "{} answers with errors", pair.with_errors);
}

/// A request whose document, operation and variables passed validation
/// before is not validated by async-graphql's strict rules again
/// (`engine::Prevalidated`); any other request is. A server that has seen
/// every case, twice, answers each as a fresh server does its first time:
/// the same variables' values again, other values (some invalid), another
/// operation of the document, a missing variable, a query over the
/// complexity limit.
#[tokio::test]
async fn repeated_documents_answer_as_the_first_time() {
    let pages = "query Q($n: Int) { agents(first: $n) { totalCount nodes { id name } } }";
    let two = "query A { meta { seed } } query B($n: Int!) { agents(first: $n) { pageInfo { hasNextPage } } }";
    let flag = "query S($s: Boolean!) { agents(first: 3) { nodes { id status @include(if: $s) } } \
                x: agent(id: \"nope\") { id } z: __typename @skip(if: false) }";
    let unused = "{ agents(first: 1) { totalCount } } fragment Unused on Agent { id }";
    let heavy = "{ agents(first: 100) { nodes { conversations(first: 100) { nodes { messages { content } } } } } }";
    // The prevalidated schema has federation's `_service`: introspection must not see it.
    let introspection = "{ __schema { queryType { fields { name } } types { name } } \
                         t: __type(name: \"Query\") { fields { name } } ...Q } fragment Q on Query { __typename }";
    let cases: Vec<Value> = vec![
        json!({ "query": pages, "variables": { "n": 2 } }),
        json!({ "query": pages, "variables": { "n": "x" } }),
        json!({ "query": pages, "variables": { "n": 2 } }),
        json!({ "query": pages, "variables": { "n": 1000 } }),
        json!({ "query": pages, "variables": { "n": 3 } }),
        json!({ "query": pages }),
        json!({ "query": two, "operationName": "A" }),
        json!({ "query": two, "operationName": "B", "variables": { "n": 1 } }),
        json!({ "query": two, "operationName": "B", "variables": { "n": "y" } }),
        json!({ "query": two, "operationName": "B" }),
        json!({ "query": two }),
        json!({ "query": flag, "variables": { "s": true } }),
        json!({ "query": flag, "variables": { "s": "no" } }),
        json!({ "query": flag, "variables": { "s": false } }),
        json!({ "query": unused }),
        json!({ "query": heavy }),
        json!({ "query": introspection }),
    ];
    let fresh: Vec<Reply> = {
        let mut replies = Vec::new();
        for body in &cases {
            replies.push(post(app(true, false), body).await);
        }
        replies
    };
    let seen = app(true, false);
    let mut failed = 0;
    for round in 0..2 {
        for (body, first) in cases.iter().zip(&fresh) {
            let reply = post(seen.clone(), body).await;
            assert!(
                reply.status == first.status && reply.body == first.body,
                "round {round}: {body}\nfresh: {}\nseen:  {}",
                first.text(),
                reply.text()
            );
            failed += usize::from(reply.text().contains("\"errors\""));
        }
    }
    let introspected = fresh.last().expect("the introspection case").json();
    assert!(introspected["data"]["__schema"]["types"].is_array(), "{introspected}");
    // The cases that must fail do, with their errors (and the others run).
    assert!((8..cases.len() * 2).contains(&failed), "{failed} answers with errors");
}

async fn post(app: agentmock::http::App, body: &Value) -> Reply {
    let request = Request::post("/graphql")
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .expect("request");
    send(app, request).await
}
