//! Nothing a client sends can crash, stall or bloat the server: one test
//! per class of bad input, each checking the status, the error code, that
//! the refusal was quick, and that the app still answers a normal query
//! afterwards. In-process (the router); the socket-level limits
//! (connections, timeouts, shutdown) are in `server.rs`.

use std::time::{Duration, Instant};

use agentmock::http::{AppState, HttpOptions, router};
use agentmock::store::{Snapshot, Store};
use axum::body::Body;
use axum::http::Request;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::support::{PUBLIC_URL, Reply, app, encode, send, snapshot};

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

/// Generous on a noisy 2-core CI machine; every refusal here takes
/// milliseconds.
const QUICK: Duration = Duration::from_secs(2);

/// A fresh app over the default dataset with `options`.
fn app_with(options: HttpOptions) -> agentmock::http::App {
    let snapshot = Snapshot::new(snapshot().dataset.clone());
    router(AppState::with_options(std::sync::Arc::new(Store::new(snapshot)), PUBLIC_URL, options))
}

async fn post_to(app: agentmock::http::App, body: &Value) -> Reply {
    let request = Request::post("/graphql")
        .header("content-type", "application/json")
        .header("accept", GRAPHQL_RESPONSE)
        .body(Body::from(body.to_string()))
        .unwrap();
    send(app, request).await
}

async fn post(body: &Value) -> Reply {
    post_to(app(), body).await
}

async fn get_query(query: &str, variables: Option<&Value>) -> Reply {
    let mut uri = format!("/graphql?query={}", encode(query));
    if let Some(variables) = variables {
        uri.push_str(&format!("&variables={}", encode(&variables.to_string())));
    }
    let request = Request::get(uri).header("accept", GRAPHQL_RESPONSE).body(Body::empty()).unwrap();
    send(app(), request).await
}

fn code(reply: &Reply) -> String {
    reply.json()["errors"][0]["extensions"]["code"].as_str().unwrap_or("").to_string()
}

fn message(reply: &Reply) -> String {
    reply.json()["errors"][0]["message"].as_str().unwrap_or("").to_string()
}

/// The app still serves a normal query.
async fn still_serving(app: agentmock::http::App) {
    let reply = post_to(app, &json!({ "query": "{ meta { seed } agents(first: 2) { totalCount } }" })).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.json()["data"]["meta"]["seed"], "12345", "{}", reply.text());
}

/// Sends `body`, expects `status` and `code` quickly and no `data` entry;
/// then checks the app still answers.
async fn refused(app: agentmock::http::App, body: Value, status: u16, expected: &str) -> Reply {
    let started = Instant::now();
    let reply = post_to(app.clone(), &body).await;
    let took = started.elapsed();
    assert_eq!(reply.status, status, "{}", reply.text());
    assert_eq!(code(&reply), expected, "{}", reply.text());
    assert!(reply.json().get("data").is_none(), "a request error has no data: {}", reply.text());
    assert!(took < QUICK, "took {took:?}");
    still_serving(app).await;
    reply
}

// ---------------------------------------------------------------- nesting

/// `[` × n … `]` × n.
fn nested_list(n: usize) -> String {
    format!("{}1{}", "[".repeat(n), "]".repeat(n))
}

/// `{a: {a: … 1 …}}` n deep.
fn nested_object(n: usize) -> String {
    format!("{}1{}", "{a: ".repeat(n), "}".repeat(n))
}

/// Every position a nested literal can hide in.
fn nested_documents(list: &str, object: &str) -> Vec<String> {
    vec![
        format!("{{ agents(filter: {{ ids: {list} }}) {{ totalCount }} }}"),
        format!("{{ agents(filter: {object}) {{ totalCount }} }}"),
        format!("query($x: [ID!] = {list}) {{ agents(filter: {{ ids: $x }}) {{ totalCount }} }}"),
        format!("{{ meta @include(if: {list}) {{ seed }} }}"),
        format!("{{ __typename @skip(if: {object}) }}"),
        format!("{{ noSuchField(x: {list}) }}"),
        format!("{{ __typename(x: {object}) }}"),
    ]
}

#[tokio::test]
async fn literals_nested_thousands_deep_are_refused_before_parsing_over_post() {
    // Within the default document size: 30,000 levels.
    for document in nested_documents(&nested_list(30_000), &nested_object(12_000)) {
        let reply = refused(app(), json!({ "query": document }), 400, "QUERY_TOO_NESTED").await;
        assert!(message(&reply).contains("--max-nesting"), "{}", reply.text());
        assert!(reply.json()["errors"][0]["locations"][0]["line"].is_number(), "{}", reply.text());
    }
    // With the size limit raised, 100,000 levels: the scan still stops them.
    let roomy = app_with(HttpOptions {
        schema: agentmock::engine::SchemaOptions {
            limits: agentmock::engine::Limits { max_query_bytes: 4 << 20, max_tokens: 1_000_000, ..Default::default() },
            ..Default::default()
        },
        ..Default::default()
    });
    for document in nested_documents(&nested_list(100_000), &nested_object(100_000)) {
        refused(roomy.clone(), json!({ "query": document }), 400, "QUERY_TOO_NESTED").await;
    }
    // Selections nested as deep: the same.
    let selections = format!("{}{}", "{ a ".repeat(10_000), "}".repeat(10_000));
    refused(app(), json!({ "query": selections }), 400, "QUERY_TOO_NESTED").await;
}

#[tokio::test]
async fn literals_nested_thousands_deep_are_refused_over_get() {
    // 4,000 levels (the old parser died at about 1,550) fit the URI limit.
    for document in nested_documents(&nested_list(4_000), &nested_object(2_000)) {
        let started = Instant::now();
        let reply = get_query(&document, None).await;
        assert_eq!(reply.status, 400, "{}", reply.text());
        assert_eq!(code(&reply), "QUERY_TOO_NESTED", "{}", reply.text());
        assert!(started.elapsed() < QUICK);
    }
    still_serving(app()).await;
}

#[tokio::test]
async fn variables_nested_thousands_deep_are_refused() {
    let deep: Value = serde_json::from_str(&nested_list(120)).unwrap();
    let too_deep = format!(
        r#"{{"query":"query($x: [ID!]) {{ agents(filter: {{ ids: $x }}) {{ totalCount }} }}","variables":{{"x":{}}}}}"#,
        nested_list(100_000)
    );
    let request =
        Request::post("/graphql").header("content-type", "application/json").body(Body::from(too_deep)).unwrap();
    let started = Instant::now();
    let reply = send(app(), request).await;
    assert_eq!(reply.status, 400, "{}", reply.text());
    assert_eq!(code(&reply), "BAD_REQUEST");
    assert!(started.elapsed() < QUICK);
    // Within JSON's own recursion limit: a coercion error, not a crash.
    let reply = post(&json!({
        "query": "query($x: [ID!]) { agents(filter: { ids: $x }) { totalCount } }",
        "variables": { "x": deep },
    }))
    .await;
    assert_eq!(code(&reply), "BAD_USER_INPUT", "{}", reply.text());
    still_serving(app()).await;
}

// ---------------------------------------------------------------- fragments

/// Each fragment spreads the next twice; `leaf` ends the chain.
fn fragment_bomb(levels: usize, leaf: &str) -> String {
    let mut query = String::from("{ ...F0 }\n");
    for i in 0..levels {
        query.push_str(&format!("fragment F{i} on Query {{ ...F{} ...F{} }}\n", i + 1, i + 1));
    }
    query.push_str(&format!("fragment F{levels} on Query {{ {leaf} }}\n"));
    query
}

#[tokio::test]
async fn fragment_bombs_are_refused_without_expanding_them() {
    for leaf in ["__typename", "meta { seed }", "agents(first: 100) { nodes { name } }"] {
        let reply = refused(app(), json!({ "query": fragment_bomb(30, leaf) }), 400, "TOO_MANY_FIELDS").await;
        assert!(message(&reply).contains("--max-fields"), "{}", reply.text());
    }
    // A small bomb within the limits runs, each field once in the response.
    let reply = post(&json!({ "query": fragment_bomb(4, "__typename") })).await;
    assert_eq!(reply.json(), json!({ "data": { "__typename": "Query" } }));
}

#[tokio::test]
async fn fragment_cycles_are_validation_errors() {
    let query = "{ ...A } fragment A on Query { meta { seed } ...B } fragment B on Query { ...A }";
    let reply = refused(app(), json!({ "query": query }), 400, "GRAPHQL_VALIDATION_FAILED").await;
    assert!(message(&reply).contains("within itself"), "{}", reply.text());
}

// ---------------------------------------------------------------- document size

#[tokio::test]
async fn documents_over_the_size_and_token_limits_are_refused() {
    let large = format!("{{ meta {{ seed }} }} #{}", "x".repeat(70_000));
    let reply = refused(app(), json!({ "query": large }), 400, "QUERY_TOO_LARGE").await;
    assert!(message(&reply).contains("--max-query-bytes"), "{}", reply.text());
    let tokens = format!("{{ meta {{ {} }} }}", "seed ".repeat(12_000));
    let reply = refused(app(), json!({ "query": tokens }), 400, "TOO_MANY_TOKENS").await;
    assert!(message(&reply).contains("the limit is 10000"), "{}", reply.text());
}

#[tokio::test]
async fn deep_selections_are_refused_with_their_depth_and_the_limit() {
    let mut query = String::from("{ agents(first: 1) { nodes { ");
    for _ in 0..6 {
        query.push_str("createdBy { agents(first: 1) { nodes { ");
    }
    query.push_str("name");
    query.push_str(&" } } }".repeat(6));
    query.push_str(" } } }");
    let reply = refused(app(), json!({ "query": query }), 400, "QUERY_TOO_DEEP").await;
    assert_eq!(message(&reply), "selections nest 21 deep; the limit is 16 (--max-depth)");
}

#[tokio::test]
async fn too_many_aliases_and_directives_are_refused() {
    let aliases: String = (0..201).map(|i| format!("a{i}: __typename ")).collect();
    let reply = refused(app(), json!({ "query": format!("{{ {aliases} }}") }), 400, "TOO_MANY_ALIASES").await;
    assert!(message(&reply).contains("the limit is 200"), "{}", reply.text());
    let directives = "@include(if: true) ".repeat(6);
    let query = format!("{{ meta {directives} {{ seed }} }}");
    refused(app(), json!({ "query": query }), 400, "TOO_MANY_DIRECTIVES").await;
    // Unknown and repeated directives, on `__typename` too (async-graphql's
    // validation does not look at it).
    for query in [
        "{ __typename @nope }",
        "{ meta @nope { seed } }",
        "{ __typename @skip(if: false) @skip(if: false) }",
        "{ __typename @include }",
    ] {
        refused(app(), json!({ "query": query }), 400, "GRAPHQL_VALIDATION_FAILED").await;
    }
}

// ---------------------------------------------------------------- complexity

#[tokio::test]
async fn a_time_series_weighs_its_buckets() {
    // 40 hourly series over 30 days: 40 × 720 points × 4 fields.
    let series: String = (0..40)
        .map(|i| {
            format!(
                "s{i}: telemetry(bucket: HOUR, range: {{ lastDays: 30 }}) {{ start end totalConversations failed }} "
            )
        })
        .collect();
    let query = format!("{{ analytics {{ {series} }} }}");
    let reply = refused(app(), json!({ "query": query }), 400, "QUERY_TOO_COMPLEX").await;
    assert!(message(&reply).starts_with("the query's complexity is 115201; the limit is 50000"), "{}", reply.text());
    // The bucket given by a variable weighs the same.
    let query = "query($b: TimeBucket) { analytics { a: telemetry(bucket: $b, range: { lastDays: 30 }) { start end totalConversations failed } b: telemetry(bucket: $b, range: { lastDays: 30 }) { start end totalConversations failed } } }";
    let small = post(&json!({ "query": query, "variables": { "b": "DAY" } })).await;
    assert!(small.json().get("errors").is_none(), "{}", small.text());
    let limited = app_with(HttpOptions {
        schema: agentmock::engine::SchemaOptions {
            limits: agentmock::engine::Limits { max_complexity: 1000, ..Default::default() },
            ..Default::default()
        },
        ..Default::default()
    });
    let reply =
        refused(limited, json!({ "query": query, "variables": { "b": "HOUR" } }), 400, "QUERY_TOO_COMPLEX").await;
    assert!(message(&reply).contains("5761"), "{}", reply.text());
}

#[tokio::test]
async fn nested_pages_multiply() {
    let query = "{ agents(first: 100) { nodes { conversations(first: 100) { nodes { messages { content } } } } } }";
    let reply = refused(app(), json!({ "query": query }), 400, "QUERY_TOO_COMPLEX").await;
    assert!(message(&reply).contains("--max-complexity"), "{}", reply.text());
}

// ---------------------------------------------------------------- execution

#[tokio::test]
async fn a_response_over_the_cap_is_refused() {
    let small = app_with(HttpOptions { max_response_bytes: 2048, ..crate::support::options() });
    let query = "{ agents(first: 100) { nodes { id name description } } }";
    let reply = refused(small.clone(), json!({ "query": query }), 400, "RESPONSE_TOO_LARGE").await;
    assert!(message(&reply).contains("--max-response-bytes"), "{}", reply.text());
    // A batch is capped as a whole.
    let batch = json!([{ "query": query }, { "query": "{ meta { seed } }" }]);
    let reply = post_to(small, &batch).await;
    assert_eq!(code(&reply), "RESPONSE_TOO_LARGE", "{}", reply.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_over_its_time_limit_gets_a_clear_error() {
    let impatient = app_with(HttpOptions { request_timeout: Duration::from_millis(1), ..crate::support::options() });
    // Four hundred transcripts: over ten milliseconds of work even warm and
    // in release (Q2 can finish inside 1 ms there, and a job that is done
    // when a late-woken deadline is checked wins the race).
    let page = |order: &str| {
        format!("conversations(first: 100, orderBy: {{ {order} }}) {{ nodes {{ messages {{ content role }} }} }}")
    };
    let query = format!(
        "{{ a: {} b: {} c: {} d: {} }}",
        page("field: STARTED_AT"),
        page("measure: COST"),
        page("measure: TOKENS"),
        page("measure: AVG_RESPONSE_TIME")
    );
    let query = query.as_str();
    let started = Instant::now();
    let reply = post_to(impatient.clone(), &json!({ "query": query })).await;
    assert_eq!(reply.status, 503, "{}", reply.text());
    assert_eq!(code(&reply), "REQUEST_TIMEOUT");
    assert!(message(&reply).contains("--request-timeout-ms"), "{}", reply.text());
    assert!(started.elapsed() < QUICK);
    // Not cached: the same request is tried again, not replayed.
    let again = post_to(impatient, &json!({ "query": query })).await;
    assert_eq!(code(&again), "REQUEST_TIMEOUT");
}

// ---------------------------------------------------------------- HTTP

#[tokio::test]
async fn bodies_over_the_limit_are_413_at_any_size_even_without_a_length() {
    for size in [(1 << 20) + 1, 3 << 20, 20 << 20] {
        let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
            (0..size / 65_536 + 1).map(|_| Ok(vec![b' '; 65_536])).collect();
        let request = Request::post("/graphql")
            .header("content-type", "application/json")
            .body(Body::from_stream(futures_util::stream::iter(chunks)))
            .unwrap();
        let started = Instant::now();
        let reply = send(app(), request).await;
        assert_eq!(reply.status, 413, "{size}");
        assert_eq!(code(&reply), "PAYLOAD_TOO_LARGE");
        assert!(started.elapsed() < QUICK);
    }
    // Declared too long: refused before reading.
    let request = Request::post("/graphql")
        .header("content-type", "application/json")
        .header("content-length", "99999999")
        .body(Body::empty())
        .unwrap();
    assert_eq!(code(&send(app(), request).await), "PAYLOAD_TOO_LARGE");
    still_serving(app()).await;
}

#[tokio::test]
async fn long_uris_and_large_headers_get_json_errors() {
    let long = format!("/graphql?query={}", "a".repeat(40_000));
    let reply = send(app(), Request::get(long).body(Body::empty()).unwrap()).await;
    assert_eq!(reply.status, 414);
    assert_eq!(code(&reply), "URI_TOO_LONG");
    assert_eq!(reply.headers["content-type"], "application/json");

    let mut request = Request::get("/healthz");
    for i in 0..120 {
        request = request.header(format!("x-h{i}"), "1");
    }
    let reply = send(app(), request.body(Body::empty()).unwrap()).await;
    assert_eq!(reply.status, 431);
    assert_eq!(code(&reply), "HEADERS_TOO_LARGE");
    let reply =
        send(app(), Request::get("/healthz").header("x-big", "b".repeat(40_000)).body(Body::empty()).unwrap()).await;
    assert_eq!(reply.status, 431);
    assert!(message(&reply).contains("--max-header-bytes"), "{}", reply.text());
    still_serving(app()).await;
}

#[tokio::test]
async fn media_types_are_parsed_not_prefixed() {
    for content_type in ["application/jsonx", "application/json-patch+json", "application/json; charset=latin1"] {
        let request = Request::post("/graphql")
            .header("content-type", content_type)
            .body(Body::from(r#"{"query":"{ __typename }"}"#))
            .unwrap();
        let reply = send(app(), request).await;
        assert_eq!(reply.status, 415, "{content_type}");
        assert_eq!(code(&reply), "UNSUPPORTED_MEDIA_TYPE");
    }
}

#[tokio::test]
async fn other_methods_get_a_json_405() {
    for method in ["PUT", "DELETE", "PATCH"] {
        let request = Request::builder().method(method).uri("/graphql").body(Body::empty()).unwrap();
        let reply = send(app(), request).await;
        assert_eq!(reply.status, 405, "{method}");
        assert_eq!(code(&reply), "METHOD_NOT_ALLOWED");
        assert_eq!(reply.headers["allow"], "GET, POST");
    }
}

#[tokio::test]
async fn a_request_without_a_query_is_a_400() {
    for body in [json!({}), json!({ "variables": {} }), json!({ "query": null })] {
        refused(app(), body, 400, "BAD_REQUEST").await;
    }
}

#[tokio::test]
async fn request_errors_have_no_data_entry_and_parse_errors_are_one_line() {
    let reply = refused(app(), json!({ "query": "{ agents(" }), 400, "GRAPHQL_PARSE_FAILED").await;
    let error = &reply.json()["errors"][0];
    let text = error["message"].as_str().unwrap();
    assert!(!text.contains('\n') && text.len() < 120 && text.starts_with("Syntax Error:"), "{text}");
    assert_eq!(error["locations"], json!([{ "line": 1, "column": 10 }]));
    refused(app(), json!({ "query": "{ nope }" }), 400, "GRAPHQL_VALIDATION_FAILED").await;
}

#[tokio::test]
async fn null_for_a_non_null_variable_is_refused() {
    let query = "query($n: Int!) { agents(first: $n) { totalCount } }";
    let reply = refused(app(), json!({ "query": query, "variables": { "n": null } }), 400, "BAD_USER_INPUT").await;
    assert_eq!(message(&reply), "Variable \"$n\" of non-null type \"Int!\" must not be null.");
    // Absent with no default: the same, in graphql-js's words.
    let reply = refused(app(), json!({ "query": query }), 400, "BAD_USER_INPUT").await;
    assert_eq!(message(&reply), "Variable \"$n\" of required type \"Int!\" was not provided.");
}

#[tokio::test]
async fn a_string_where_an_enum_is_expected_is_a_validation_error() {
    let reply = refused(
        app(),
        json!({ "query": r#"{ agents(filter: { status: ["ACTIVE"] }) { totalCount } }"# }),
        400,
        "GRAPHQL_VALIDATION_FAILED",
    )
    .await;
    assert!(message(&reply).contains("AgentStatus"), "{}", reply.text());
    // From a variable, a string is how an enum arrives: fine.
    let reply = post(&json!({
        "query": "query($s: [AgentStatus!]) { agents(filter: { status: $s }) { totalCount } }",
        "variables": { "s": ["ACTIVE"] },
    }))
    .await;
    assert_eq!(reply.json()["data"]["agents"]["totalCount"], 14, "{}", reply.text());
}

// ---------------------------------------------------------------- persisted queries

fn sha256(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

#[tokio::test]
async fn persisted_queries_follow_apollos_protocol_over_post_and_get() {
    let app = app_with(crate::support::options());
    let query = "query Seed { meta { seed } }";
    let extensions = json!({ "persistedQuery": { "version": 1, "sha256Hash": sha256(query) } });
    // Hash only, unknown: Apollo's link expects exactly this, then sends the query.
    let reply = post_to(app.clone(), &json!({ "extensions": extensions })).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(
        reply.json(),
        json!({ "errors": [{ "message": "PersistedQueryNotFound", "extensions": { "code": "PERSISTED_QUERY_NOT_FOUND" } }] })
    );
    let get_uri = format!("/graphql?extensions={}", encode(&extensions.to_string()));
    let reply = send(app.clone(), Request::get(&get_uri).body(Body::empty()).unwrap()).await;
    assert_eq!(code(&reply), "PERSISTED_QUERY_NOT_FOUND");
    // A wrong hash is refused and registers nothing.
    let wrong = json!({ "query": "{ __typename }", "extensions": extensions });
    refused(app.clone(), wrong, 400, "BAD_REQUEST").await;
    // The query with its hash registers it.
    let reply = post_to(app.clone(), &json!({ "query": query, "extensions": extensions })).await;
    assert_eq!(reply.json(), json!({ "data": { "meta": { "seed": "12345" } } }));
    // Then hash-only requests work, GET (not replayed from the cache: its
    // first answer was "not found") and POST and batched.
    let reply = send(app.clone(), Request::get(&get_uri).body(Body::empty()).unwrap()).await;
    assert_eq!(reply.json(), json!({ "data": { "meta": { "seed": "12345" } } }), "{}", reply.text());
    let reply = post_to(app.clone(), &json!({ "extensions": extensions })).await;
    assert_eq!(reply.json(), json!({ "data": { "meta": { "seed": "12345" } } }));
    let reply = post_to(app, &json!([{ "extensions": extensions }, { "query": "{ __typename }" }])).await;
    assert_eq!(
        reply.json(),
        json!([{ "data": { "meta": { "seed": "12345" } } }, { "data": { "__typename": "Query" } }])
    );
}

// ---------------------------------------------------------------- switches

#[tokio::test]
async fn introspection_and_suggestions_can_be_turned_off() {
    let closed = app_with(HttpOptions {
        schema: agentmock::engine::SchemaOptions { introspection: false, suggestions: false, ..Default::default() },
        ..crate::support::options()
    });
    for query in ["{ __schema { types { name } } }", "{ __type(name: \"Agent\") { name } }"] {
        let reply = refused(closed.clone(), json!({ "query": query }), 400, "GRAPHQL_VALIDATION_FAILED").await;
        assert!(message(&reply).contains("introspection has been disabled"), "{}", reply.text());
    }
    // `__typename` is not introspection of the schema.
    let reply = post_to(closed.clone(), &json!({ "query": "{ __typename }" })).await;
    assert_eq!(reply.json(), json!({ "data": { "__typename": "Query" } }));
    let reply = post_to(closed, &json!({ "query": "{ agentz { totalCount } }" })).await;
    assert!(!message(&reply).contains("Did you mean"), "{}", reply.text());
    let reply = post(&json!({ "query": "{ agentz { totalCount } }" })).await;
    assert!(message(&reply).contains("Did you mean"), "{}", reply.text());
    // An enum value's typo is suggested too (as a literal and as a variable),
    // unless suggestions are off.
    let typo = json!({ "query": "{ agents(orderBy: { measure: COSTT }) { totalCount } }" });
    assert!(message(&post(&typo).await).ends_with("Did you mean the enum value \"COST\"?"));
    let variable = json!({
        "query": "query($s: [AgentStatus!]) { agents(filter: { status: $s }) { totalCount } }",
        "variables": { "s": ["activ"] },
    });
    let reply = post(&variable).await;
    let said = message(&reply);
    assert!(said.ends_with("\"activ\". Did you mean the enum value \"ACTIVE\" or \"INACTIVE\"?"), "{said}");
    assert_eq!(code(&reply), "BAD_USER_INPUT");
    let far = json!({ "query": "{ agents(orderBy: { field: ZZZZZZZZ }) { totalCount } }" });
    assert!(!message(&post(&far).await).contains("Did you mean"), "nothing close, nothing suggested");
    let closed = app_with(HttpOptions {
        schema: agentmock::engine::SchemaOptions { suggestions: false, ..Default::default() },
        ..crate::support::options()
    });
    assert!(!message(&post_to(closed, &typo).await).contains("Did you mean"));
}

// ---------------------------------------------------------------- what must still pass

#[tokio::test]
async fn standard_introspection_queries_and_every_example_pass_the_default_limits() {
    let documents: Vec<(&str, &str)> = vec![
        ("GraphiQL", include_str!("fixtures/introspection-graphiql.graphql")),
        ("Apollo / urql", include_str!("fixtures/introspection-default.graphql")),
    ];
    for (name, document) in documents {
        let reply = post(&json!({ "query": document })).await;
        assert_eq!(reply.status, 200, "{name}: {}", reply.text());
        assert!(reply.json().get("errors").is_none(), "{name}: {}", reply.text());
    }
    for tab in crate::support::playground_tabs() {
        if tab.query.lines().any(|l| l.trim_start().starts_with("subscription")) {
            // Parsed and checked as any request; it runs under the default
            // limits over a socket in `live::the_playgrounds_subscription_tab_delivers_events`.
            let prepared = agentmock::engine::prepare(async_graphql::Request::new(tab.query.clone()));
            assert!(prepared.is_ok(), "{}: refused", tab.name);
            continue;
        }
        let reply = crate::support::run_tab(&tab).await;
        assert_eq!(reply.status, 200, "{}: {}", tab.name, reply.text());
        if crate::support::injects_faults(&tab) {
            crate::support::assert_only_injected_errors(&tab.name, &reply.json());
            continue;
        }
        assert!(reply.json().get("errors").is_none(), "{}: {}", tab.name, reply.text());
    }
}

/// async-graphql's errors carry no code; the ones we tell apart by their
/// text are pinned here, one real request per message, so an upgrade that
/// rewords one fails this test rather than miscoding errors.
#[tokio::test]
async fn async_graphql_messages_we_classify_are_pinned() {
    let date = "query($d: Date) { costRecords(filter: { date: { to: $d } }) { totalCount } }";
    let cases: [(&str, Value, &str, &str); 5] = [
        // Validation of a literal.
        (r#"{ agents(first: "ten") { totalCount } }"#, json!({}), "Expected input type", "BAD_USER_INPUT"),
        (
            "query($n: Int) { agents(first: $n) { totalCount } }",
            json!({ "n": "x" }),
            "Invalid value for argument",
            "BAD_USER_INPUT",
        ),
        // Execution: a custom scalar's own parse (a request error: no data).
        (date, json!({ "d": "19/01/2025" }), "Failed to parse", "BAD_USER_INPUT"),
        // Anything else found before execution.
        ("{ agents { nope } }", json!({}), "Unknown field", "GRAPHQL_VALIDATION_FAILED"),
        (
            "query($n: Int!) { __typename }",
            json!({ "n": 1 }),
            "Variable \"$n\" is not used",
            "GRAPHQL_VALIDATION_FAILED",
        ),
    ];
    for (query, variables, prefix, expected) in cases {
        let reply = post(&json!({ "query": query, "variables": variables })).await;
        let errors = reply.json()["errors"].as_array().cloned().unwrap_or_default();
        assert!(
            errors.iter().any(|e| e["message"].as_str().unwrap_or("").starts_with(prefix)),
            "{query}: {}",
            reply.text()
        );
        assert!(errors.iter().all(|e| e["extensions"]["code"] == expected), "{query}: {}", reply.text());
        assert_eq!(reply.status, 400, "{query}: {}", reply.text());
        assert!(reply.json().get("data").is_none(), "{query}: {}", reply.text());
    }
    // "Query is too complex." is read to fetch the figure for our message.
    let schema = agentmock::engine::build_schema_with(&agentmock::engine::SchemaOptions {
        limits: agentmock::engine::Limits { max_complexity: 1, ..Default::default() },
        ..Default::default()
    });
    let response = schema.execute("{ meta { seed } }").await;
    assert_eq!(response.errors[0].message, "Query is too complex.");
    for prefix in agentmock::engine::INPUT_ERRORS {
        assert_eq!(agentmock::engine::classify(prefix, true), "BAD_USER_INPUT");
    }
}

/// The transcript cost is a bound: no conversation is longer.
#[test]
fn no_transcript_is_longer_than_its_cost() {
    let snap = snapshot();
    let longest = snap.dataset.conversations.iter().map(|c| c.message_count as usize).max().unwrap();
    assert!(longest <= agentmock::graphql::cost::MAX_TRANSCRIPT, "{longest}");
}

/// The caches hold what they count, whatever the traffic: a stream of
/// distinct small requests never takes the response cache past its budget.
#[tokio::test]
async fn distinct_requests_keep_the_caches_within_their_budgets() {
    let options =
        HttpOptions { response_cache_bytes: 256 << 10, document_cache_bytes: 256 << 10, ..crate::support::options() };
    let state = AppState::with_options(
        std::sync::Arc::new(Store::new(Snapshot::new(snapshot().dataset.clone()))),
        PUBLIC_URL,
        options,
    );
    let app = router(state.clone());
    for i in 0..3000 {
        let reply = post_to(app.clone(), &json!({ "query": format!("{{ a{i}: meta {{ seed }} }}") })).await;
        assert_eq!(reply.status, 200);
    }
    assert!(state.cache.bytes() <= 256 << 10 && state.cache.len() > 100, "{}", state.cache.bytes());
    assert!(
        state.documents.bytes() <= 256 << 10 && state.documents.len() > 100,
        "{} bytes, {} documents",
        state.documents.bytes(),
        state.documents.len()
    );
}
