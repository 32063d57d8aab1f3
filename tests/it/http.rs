//! Transport behaviour of the whole app, in-process: GET and POST rules,
//! status codes and error codes, batches, CORS, the SDL, health, the offline
//! playground, avatars, and byte-for-byte deterministic responses.

use agentmock::graphql::sdl;
use axum::body::Body;
use axum::http::{Method, Request};
use serde_json::{Value, json};

use crate::support::{ANCHOR, Reply, app, encode, first_error_code, get, graphql, send, snapshot};

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

/// `GET /graphql` with the given parameters and headers.
async fn get_graphql(params: &[(&str, &str)], headers: &[(&str, &str)]) -> Reply {
    let query: Vec<String> = params.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect();
    let mut request = Request::get(format!("/graphql?{}", query.join("&")));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    send(app(), request.body(Body::empty()).unwrap()).await
}

/// `POST /graphql` with a raw body and headers.
async fn post_raw(body: impl Into<Body>, headers: &[(&str, &str)]) -> Reply {
    let mut request = Request::post("/graphql");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    send(app(), request.body(body.into()).unwrap()).await
}

async fn post(body: &Value, headers: &[(&str, &str)]) -> Reply {
    let mut all = vec![("content-type", "application/json")];
    all.extend_from_slice(headers);
    post_raw(body.to_string(), &all).await
}

fn content_type(reply: &Reply) -> &str {
    reply.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("")
}

// ---------------------------------------------------------------- GET

#[tokio::test]
async fn get_runs_queries_with_variables_and_operation_name() {
    let snap = snapshot();
    let agent = &snap.dataset.agents[3];
    let document = "query Seed { meta { seed } } query Agent($id: ID!) { agent(id: $id) { name status } }";
    let variables = json!({ "id": agent.id }).to_string();
    let reply = get_graphql(&[("query", document), ("variables", &variables), ("operationName", "Agent")], &[]).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(content_type(&reply), "application/json");
    assert_eq!(reply.json(), json!({ "data": { "agent": { "name": agent.name, "status": agent.status.as_str() } } }));

    let reply = get_graphql(&[("query", document), ("operationName", "Seed")], &[]).await;
    assert_eq!(reply.json(), json!({ "data": { "meta": { "seed": "12345" } } }));

    // A GraphQL-over-HTTP client gets its media type back.
    let reply = get_graphql(&[("query", "{ meta { seed } }")], &[("accept", GRAPHQL_RESPONSE)]).await;
    assert_eq!(reply.status, 200);
    assert_eq!(content_type(&reply), GRAPHQL_RESPONSE);

    // Broken GET requests are 400s with a code.
    for params in [
        vec![("variables", "{}")],
        vec![("query", "{ meta { seed } }"), ("variables", "{not json")],
        vec![("query", "{ meta { seed } }"), ("extensions", "[1]")],
    ] {
        let reply = get_graphql(&params, &[]).await;
        assert_eq!(reply.status, 400, "{params:?}: {}", reply.text());
        assert_eq!(first_error_code(&reply.json()), "BAD_REQUEST", "{params:?}");
    }
    // Unknown operation name.
    let reply = get_graphql(&[("query", document), ("operationName", "Nope")], &[]).await;
    assert_eq!(first_error_code(&reply.json()), "GRAPHQL_VALIDATION_FAILED");
}

#[tokio::test]
async fn get_refuses_mutations_with_405() {
    for (document, operation) in [
        ("mutation { __typename }", None),
        ("mutation M { __typename }", Some("M")),
        ("query Q { meta { seed } } mutation M { __typename }", Some("M")),
        ("subscription { metricsUpdated { at } }", None),
    ] {
        let mut params = vec![("query", document)];
        if let Some(name) = operation {
            params.push(("operationName", name));
        }
        let reply = get_graphql(&params, &[]).await;
        assert_eq!(reply.status, 405, "{document}: {}", reply.text());
        assert_eq!(reply.headers["allow"], "POST", "{document}");
        assert!(reply.json()["errors"][0]["message"].as_str().unwrap().contains("POST"), "{}", reply.text());
    }
    // A query is fine over GET.
    let reply = get_graphql(&[("query", "query Q { meta { seed } }"), ("operationName", "Q")], &[]).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json(), json!({ "data": { "meta": { "seed": "12345" } } }));
}

// ---------------------------------------------------------------- POST bodies

#[tokio::test]
async fn post_refuses_what_is_not_a_graphql_request() {
    let json = [("content-type", "application/json")];
    for body in [
        "{",
        "not json",
        "null",
        "5",
        "\"query\"",
        r#"{"query": 5}"#,
        r#"{"query": "{ meta { seed } }", "variables": 5}"#,
    ] {
        let reply = post_raw(body, &json).await;
        assert_eq!(reply.status, 400, "{body}: {}", reply.text());
        assert_eq!(content_type(&reply), "application/json");
        assert_eq!(first_error_code(&reply.json()), "BAD_REQUEST", "{body}");
    }
    // The content type must be JSON (parameters allowed).
    let body = json!({ "query": "{ meta { seed } }" }).to_string();
    for content_type in
        [None, Some("text/plain"), Some("application/x-www-form-urlencoded"), Some("application/graphql")]
    {
        let headers: Vec<(&str, &str)> = content_type.iter().map(|c| ("content-type", *c)).collect();
        let reply = post_raw(body.clone(), &headers).await;
        assert_eq!(reply.status, 415, "{content_type:?}");
        assert_eq!(first_error_code(&reply.json()), "UNSUPPORTED_MEDIA_TYPE");
    }
    let reply = post_raw(body, &[("content-type", "application/json; charset=utf-8")]).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json(), json!({ "data": { "meta": { "seed": "12345" } } }));
}

#[tokio::test]
async fn bodies_over_one_mib_are_refused() {
    let limit = 1 << 20;
    // JSON whitespace outside the query: the document itself stays small.
    let padded = |len: usize| {
        let head = r#"{"query": "{ meta { seed } }""#;
        let tail = r#"}"#;
        format!("{head}{}{tail}", " ".repeat(len - head.len() - tail.len()))
    };
    let json = [("content-type", "application/json")];
    let reply = post_raw(padded(limit), &json).await;
    assert_eq!(reply.status, 200, "exactly 1 MiB is fine");
    assert_eq!(reply.json(), json!({ "data": { "meta": { "seed": "12345" } } }));
    let reply = post_raw(padded(limit + 1), &json).await;
    assert_eq!(reply.status, 413);
    assert_eq!(first_error_code(&reply.json()), "PAYLOAD_TOO_LARGE");
    // Far over: refused before it is read whole.
    let reply = post_raw(padded(8 * limit), &json).await;
    assert_eq!(reply.status, 413);
    // The server keeps serving.
    assert_eq!(graphql("{ meta { seed } }", json!({})).await["data"]["meta"]["seed"], "12345");
}

#[tokio::test]
async fn a_body_that_is_not_utf8_is_a_400_wherever_the_byte_is() {
    let json = [("content-type", "application/json")];
    for body in [
        b"{\"query\": \"{ meta { seed } }\", \"unknown\": \"\xff\"}".to_vec(),
        b"{\"query\": \"{ meta { seed } }\", \"\xc3\x28\": 1}".to_vec(),
        b"{\"query\": \"{ meta { seed } }\"}\xff".to_vec(),
    ] {
        let reply = post_raw(body, &json).await;
        assert_eq!(reply.status, 400, "{}", reply.text());
        assert_eq!(first_error_code(&reply.json()), "BAD_REQUEST");
        assert!(reply.text().contains("UTF-8"), "{}", reply.text());
    }
}

#[tokio::test]
async fn batches_answer_in_order() {
    let snap = snapshot();
    let agent = &snap.dataset.agents[0];
    let batch = json!([
        { "query": "{ meta { seed } }" },
        { "query": "query($id: ID!) { agent(id: $id) { name } }", "variables": { "id": agent.id } },
        { "query": "{ agents(first: -1) { totalCount } }" },
        { "query": "{ nope" },
        { "query": "query A { users { totalCount } } query B { agents { totalCount } }", "operationName": "B" },
    ]);
    let reply = post(&batch, &[]).await;
    assert_eq!(reply.status, 200);
    let answers = reply.json();
    let answers = answers.as_array().expect("a batch answers with an array");
    assert_eq!(answers.len(), 5);
    assert_eq!(answers[0], json!({ "data": { "meta": { "seed": "12345" } } }));
    assert_eq!(answers[1], json!({ "data": { "agent": { "name": agent.name } } }));
    assert_eq!(first_error_code(&answers[2]), "BAD_USER_INPUT");
    assert_eq!(first_error_code(&answers[3]), "GRAPHQL_PARSE_FAILED");
    assert_eq!(answers[4], json!({ "data": { "agents": { "totalCount": 20 } } }));

    let full: Vec<Value> = (0..25).map(|i| json!({ "query": format!("{{ a{i}: meta {{ seed }} }}") })).collect();
    let reply = post(&json!(full), &[]).await;
    assert_eq!(reply.status, 200);
    let answers = reply.json();
    for (i, answer) in answers.as_array().unwrap().iter().enumerate() {
        assert_eq!(answer["data"][format!("a{i}")]["seed"], "12345");
    }

    let too_many: Vec<Value> = (0..26).map(|_| json!({ "query": "{ meta { seed } }" })).collect();
    for body in [json!([]), json!(too_many)] {
        let reply = post(&body, &[]).await;
        assert_eq!(reply.status, 400, "{}", reply.text());
        assert_eq!(first_error_code(&reply.json()), "BAD_REQUEST");
    }
}

// ---------------------------------------------------------------- GraphQL errors

#[tokio::test]
async fn parse_and_validation_failures_are_coded() {
    // Legacy JSON clients: always 200.
    let reply = post(&json!({ "query": "{ agents(" }), &[]).await;
    assert_eq!(reply.status, 200);
    assert_eq!(content_type(&reply), "application/json");
    assert_eq!(first_error_code(&reply.json()), "GRAPHQL_PARSE_FAILED");
    assert_eq!(reply.json()["data"], Value::Null);

    // GraphQL-over-HTTP clients: 400 when the request cannot run, in their media type.
    let accept = [("accept", GRAPHQL_RESPONSE)];
    for (query, code) in [
        ("{ agents(", "GRAPHQL_PARSE_FAILED"),
        ("{ agents { nope } }", "GRAPHQL_VALIDATION_FAILED"),
        ("{ agents(nope: 1) { totalCount } }", "GRAPHQL_VALIDATION_FAILED"),
        // A value that cannot be coerced is bad input, literal or variable.
        (r#"{ agents(first: "ten") { totalCount } }"#, "BAD_USER_INPUT"),
        ("query A { meta { seed } } query B { meta { seed } }", "GRAPHQL_VALIDATION_FAILED"),
    ] {
        let reply = post(&json!({ "query": query }), &accept).await;
        assert_eq!(reply.status, 400, "{query}");
        assert_eq!(content_type(&reply), GRAPHQL_RESPONSE, "{query}");
        assert_eq!(first_error_code(&reply.json()), code, "{query}");
        let plain = post(&json!({ "query": query }), &[]).await;
        assert_eq!((plain.status.as_u16(), first_error_code(&plain.json()).to_string()), (200, code.to_string()));
    }
    // An error while executing still answers 200: the request ran.
    let reply = post(&json!({ "query": "{ agents(first: 101) { totalCount } }" }), &accept).await;
    assert_eq!(reply.status, 200);
    assert_eq!(content_type(&reply), GRAPHQL_RESPONSE);
    assert_eq!(first_error_code(&reply.json()), "BAD_USER_INPUT");
    assert_eq!(reply.json()["errors"][0]["path"], json!(["agents"]));
    // Success in the GraphQL media type.
    let reply = post(&json!({ "query": "{ meta { seed } }" }), &accept).await;
    assert_eq!((reply.status.as_u16(), content_type(&reply)), (200, GRAPHQL_RESPONSE));
}

#[tokio::test]
async fn ids_and_dates_are_checked() {
    let snap = snapshot();
    let d = &snap.dataset;
    for query in [
        r#"{ agent(id: "nope") { id } }"#,
        r#"{ user(id: "") { id } }"#,
        r#"{ conversation(id: "12345") { id } }"#,
        r#"{ node(id: "agent:1") { id } }"#,
        r#"{ nodes(ids: ["00000000-0000-4000-8000-000000000000", "x"]) { id } }"#,
        r#"{ conversations(filter: { agentIds: ["x"] }) { totalCount } }"#,
    ] {
        let response = graphql(query, json!({})).await;
        assert_eq!(first_error_code(&response), "BAD_USER_INPUT", "{query}: {response}");
        assert!(response["errors"][0]["message"].as_str().unwrap().contains("not a valid ID"), "{response}");
    }
    // Well-formed ids nothing has: null.
    let unknown = "00000000-0000-4000-8000-000000000000";
    let response = graphql(
        "query($id: ID!) { agent(id: $id) { id } user(id: $id) { id } conversation(id: $id) { id } node(id: $id) { id } }",
        json!({ "id": unknown }),
    )
    .await;
    assert_eq!(response, json!({ "data": { "agent": null, "user": null, "conversation": null, "node": null } }));
    // Upper-case UUIDs name the same record.
    let upper = d.agents[0].id.to_string().to_uppercase();
    let response = graphql("query($id: ID!) { agent(id: $id) { name } }", json!({ "id": upper })).await;
    assert_eq!(response["data"]["agent"]["name"], d.agents[0].name.as_str());

    // Dates that are not dates, literal or variable: BAD_USER_INPUT, the server answers.
    for (query, variables) in [
        (r#"{ dailyMetrics(filter: { date: { from: "2025-13-40" } }) { totalCount } }"#, json!({})),
        (
            r#"query($d: Date) { costRecords(filter: { date: { to: $d } }) { totalCount } }"#,
            json!({ "d": "19/01/2025" }),
        ),
        (
            r#"query($t: DateTime) { conversations(filter: { startedAt: { from: $t } }) { totalCount } }"#,
            json!({ "t": "yesterday" }),
        ),
        (r#"{ auditLogs(filter: { createdAt: { to: "2025-01-19" } }) { totalCount } }"#, json!({})),
        (
            r#"{ conversations(filter: { startedAt: { from: "2025-01-10T00:00:00Z", to: "2025-01-01T00:00:00Z" } }) { totalCount } }"#,
            json!({}),
        ),
    ] {
        let response = graphql(query, variables).await;
        assert_eq!(first_error_code(&response), "BAD_USER_INPUT", "{query}: {response}");
    }
    // Any RFC 3339 offset is accepted and converted to UTC.
    let a = graphql(
        r#"{ conversations(filter: { startedAt: { from: "2025-01-10T02:00:00+02:00" } }) { totalCount } }"#,
        json!({}),
    )
    .await;
    let b = graphql(
        r#"{ conversations(filter: { startedAt: { from: "2025-01-10T00:00:00Z" } }) { totalCount } }"#,
        json!({}),
    )
    .await;
    assert_eq!(a, b);
    let since: chrono::DateTime<chrono::Utc> = "2025-01-10T00:00:00Z".parse().unwrap();
    let expected = d.conversations.iter().filter(|c| c.started_at >= since).count();
    assert_eq!(b["data"]["conversations"]["totalCount"], expected);
}

/// GraphQL null semantics on the wire ("Handling Field Errors"): a failed
/// nullable field is present as `null` beside its coded error; a failed
/// non-null field nulls its nearest nullable ancestor; one bad analytics
/// panel nulls only itself.
#[tokio::test]
async fn failed_fields_are_null_in_data() {
    let snap = snapshot();
    let agent = snap.dataset.agents[0].id;
    let cases = [
        (
            r#"{ meta { seed } agent(id: "nope") { name } }"#.to_string(),
            r#"{"meta":{"seed":"12345"},"agent":null}"#,
            vec![json!(["agent"])],
        ),
        (r#"{ agent(id: "nope") { name } }"#.into(), r#"{"agent":null}"#, vec![json!(["agent"])]),
        (
            r#"{ analytics { kpis(range: { lastDays: 0 }) { totalCost } costByModel(range: { lastDays: 1 }) { model } } }"#.into(),
            r#"{"analytics":{"kpis":null,"costByModel":[{"model":"gpt-4o"},{"model":"gpt-4o-mini"},{"model":"gpt-3.5-turbo"}]}}"#,
            vec![json!(["analytics", "kpis"])],
        ),
        (
            r#"{ analytics { kpis(range: { lastDays: 0 }) { totalCost } } }"#.into(),
            r#"{"analytics":{"kpis":null}}"#,
            vec![json!(["analytics", "kpis"])],
        ),
        // `summary` is non-null: its failure nulls the agent, which may be null.
        (
            format!(r#"{{ agent(id: "{agent}") {{ name summary(range: {{ lastDays: 0 }}) {{ totalCost }} }} meta {{ seed }} }}"#),
            r#"{"agent":null,"meta":{"seed":"12345"}}"#,
            vec![json!(["agent", "summary"])],
        ),
        // Through `[Agent!]!` and `AgentConnection!` up to the root.
        (
            r#"{ agents(first: 2) { nodes { name summary(range: { lastDays: 0 }) { totalCost } } } }"#.into(),
            "null",
            vec![json!(["agents", "nodes", 0, "summary"]), json!(["agents", "nodes", 1, "summary"])],
        ),
    ];
    for (query, data, paths) in cases {
        let reply = post(&json!({ "query": query }), &[]).await;
        assert_eq!(reply.status, 200, "{query}");
        let body = reply.text();
        assert!(body.starts_with(&format!(r#"{{"data":{data},"errors":["#)), "{query}: {body}");
        let errors = reply.json()["errors"].as_array().unwrap().clone();
        assert_eq!(errors.iter().map(|e| e["path"].clone()).collect::<Vec<_>>(), paths, "{query}");
        assert!(errors.iter().all(|e| e["extensions"]["code"] == "BAD_USER_INPUT"), "{query}: {body}");
    }
}

// ---------------------------------------------------------------- CORS

#[tokio::test]
async fn cors_lets_a_browser_dashboard_in() {
    let origin = "http://localhost:5173";
    let preflight = Request::builder()
        .method(Method::OPTIONS)
        .uri("/graphql")
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type,authorization")
        .body(Body::empty())
        .unwrap();
    let reply = send(app(), preflight).await;
    assert!(reply.status.is_success(), "{}", reply.status);
    let header = |name: &str| reply.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_ascii_lowercase();
    let allowed_origin = header("access-control-allow-origin");
    assert!(allowed_origin == "*" || allowed_origin == origin, "{allowed_origin}");
    assert!(header("access-control-allow-methods").contains("post"), "{:?}", reply.headers);
    // `Authorization` is never covered by a `*` wildcard (Fetch standard): it must be named.
    let allowed: Vec<String> =
        header("access-control-allow-headers").split(',').map(|h| h.trim().to_string()).collect();
    for needed in ["content-type", "authorization"] {
        assert!(allowed.iter().any(|h| h == needed), "{needed} not allowed: {allowed:?}");
    }

    // The actual request carries the origin header back.
    let snap = snapshot();
    let user = &snap.dataset.users[0];
    let request = Request::post("/graphql")
        .header("origin", origin)
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {}", user.email))
        .body(Body::from(json!({ "query": "{ viewer { name } }" }).to_string()))
        .unwrap();
    let reply = send(app(), request).await;
    assert_eq!(reply.status, 200);
    let allowed_origin = reply.headers.get("access-control-allow-origin").map(|v| v.to_str().unwrap().to_string());
    assert!(allowed_origin.as_deref() == Some("*") || allowed_origin.as_deref() == Some(origin), "{allowed_origin:?}");
    assert_eq!(reply.json(), json!({ "data": { "viewer": { "name": user.name } } }));
}

// ---------------------------------------------------------------- other endpoints

#[tokio::test]
async fn schema_and_health_endpoints() {
    let reply = get("/schema.graphql").await;
    assert_eq!(reply.status, 200);
    assert!(content_type(&reply).starts_with("text/plain"), "{}", content_type(&reply));
    assert_eq!(reply.text(), sdl());
    assert!(reply.text().contains("type Query"));

    let reply = get("/healthz").await;
    assert_eq!(reply.status, 200);
    assert_eq!(content_type(&reply), "application/json");
    let health = reply.json();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["seed"], "12345");
    assert_eq!(health["anchorTime"], ANCHOR);

    assert_eq!(get("/no/such/page").await.status, 404);
}

/// Values of `attr="..."` in every `<tag ...>` of `html`.
fn attribute_values(html: &str, tag: &str, attr: &str) -> Vec<String> {
    let open = format!("<{tag} ");
    let needle = format!(" {attr}=\"");
    html.match_indices(&open)
        .filter_map(|(start, _)| {
            let element = &html[start..start + html[start..].find('>').expect("closed tag")];
            let value = &element[element.find(&needle)? + needle.len()..];
            Some(value[..value.find('"').expect("closed attribute")].to_string())
        })
        .collect()
}

#[tokio::test]
async fn the_playground_works_offline() {
    let page = get("/").await;
    assert_eq!(page.status, 200);
    assert!(content_type(&page).starts_with("text/html"));
    let html = page.text();
    for scheme in ["http://", "https://", "ws://", "wss://", "//cdn", "unpkg", "jsdelivr"] {
        assert!(!html.contains(scheme), "the page refers to {scheme}");
    }
    let csp = page.headers.get("content-security-policy").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    assert!(csp.contains("default-src 'none'") && !csp.contains("http"), "{csp}");

    let scripts = attribute_values(&html, "script", "src");
    let links = attribute_values(&html, "link", "href");
    assert!(scripts.len() >= 4, "{scripts:?}");
    assert!(links.iter().any(|l| l.ends_with(".css")), "{links:?}");
    for path in scripts.iter().chain(&links) {
        assert!(path.starts_with('/') && !path.starts_with("//"), "{path} is not served by the app");
        let reply = get(path).await;
        assert_eq!(reply.status, 200, "{path}");
        let expected = match path.rsplit('.').next().unwrap() {
            "js" => "text/javascript",
            "css" => "text/css",
            "svg" => "image/svg+xml",
            other => panic!("unexpected asset type {other}"),
        };
        assert!(content_type(&reply).starts_with(expected), "{path}: {}", content_type(&reply));
        assert!(reply.body.len() > 100, "{path} is empty");
        if expected == "text/css" {
            // Fonts and icons are inlined, not fetched.
            let css = reply.text();
            assert!(!css.contains("url(http") && !css.contains("url(\"http") && !css.contains("url('http"), "{path}");
        }
    }
    for script in &scripts {
        assert!(links.iter().all(|l| l != script));
    }
    assert_eq!(get("/playground/nope.js").await.status, 404);
}

#[tokio::test]
async fn unknown_avatars_are_404() {
    let snap = snapshot();
    let d = &snap.dataset;
    let user = d.users[0].id;
    assert_eq!(get(&format!("/avatars/{user}.svg")).await.status, 200);
    for path in [
        "/avatars/00000000-0000-4000-8000-000000000000.svg".to_string(),
        format!("/avatars/{}.svg", d.agents[0].id),
        format!("/avatars/{user}"),
        format!("/avatars/{user}.png"),
        "/avatars/nope.svg".to_string(),
    ] {
        assert_eq!(get(&path).await.status, 404, "{path}");
    }
}

// ---------------------------------------------------------------- determinism

const DASHBOARD: &str = r#"
query Dashboard($since: DateTime) {
  zMeta: meta { seed counts { agents users } }
  fleet: agents(first: 20, orderBy: { measure: CONVERSATIONS, direction: DESC }) {
    ...FleetPage
    totalCount
  }
  audit: auditLogs(first: 30, filter: { createdAt: { from: $since } }) {
    nodes {
      summary
      target { ... on Agent { status name } }
      actor { role name }
      createdAt
      id
    }
  }
  a: models { agents { nodes { name } } id }
}

fragment FleetPage on AgentConnection {
  nodes {
    conversations(first: 2) { totalCount nodes { messages { role latencyMs } agent { name } id } }
    name
    createdBy { email agents(first: 1) { totalCount } name }
    ...AgentBits
    dailyMetrics(range: { from: "2025-01-12" }) { date conversations }
    id
  }
  pageInfo { endCursor hasNextPage }
}

fragment AgentBits on Agent {
  status
  costRecords(range: { lastDays: 5 }) { totalCost date }
  model
}
"#;

/// Object keys in document order, read with an order-keeping parser.
fn keys(value: &async_graphql::Value) -> Vec<String> {
    match value {
        async_graphql::Value::Object(map) => map.keys().map(|k| k.to_string()).collect(),
        other => panic!("not an object: {other}"),
    }
}

fn field<'a>(value: &'a async_graphql::Value, name: &str) -> &'a async_graphql::Value {
    match value {
        async_graphql::Value::Object(map) => map.get(name).unwrap_or_else(|| panic!("no {name}")),
        other => panic!("not an object: {other}"),
    }
}

fn items(value: &async_graphql::Value) -> &[async_graphql::Value] {
    match value {
        async_graphql::Value::List(items) => items,
        other => panic!("not a list: {other}"),
    }
}

/// Sibling fields resolve concurrently, and a loader-backed field can finish
/// after a later sibling; the response must still be byte-identical run to
/// run and follow the selection order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn responses_are_byte_identical_and_in_selection_order() {
    let body = json!({ "query": DASHBOARD, "variables": { "since": "2025-01-01T00:00:00Z" } });
    let first = post(&body, &[]).await;
    assert_eq!(first.status, 200);
    assert!(first.json().get("errors").is_none(), "{}", first.text());
    for _ in 0..5 {
        let again = post(&body, &[]).await;
        assert!(again.body == first.body, "responses differ:\n{}\n{}", first.text(), again.text());
    }

    let response: async_graphql::Value = serde_json::from_slice(&first.body).unwrap();
    let data = field(&response, "data");
    assert_eq!(keys(data), ["zMeta", "fleet", "audit", "a"]);
    assert_eq!(keys(field(data, "zMeta")), ["seed", "counts"]);
    assert_eq!(keys(field(field(data, "zMeta"), "counts")), ["agents", "users"]);
    let fleet = field(data, "fleet");
    assert_eq!(keys(fleet), ["nodes", "pageInfo", "totalCount"]);
    assert_eq!(keys(field(fleet, "pageInfo")), ["endCursor", "hasNextPage"]);
    let agents = items(field(fleet, "nodes"));
    assert_eq!(agents.len(), 20);
    for agent in agents {
        assert_eq!(
            keys(agent),
            ["conversations", "name", "createdBy", "status", "costRecords", "model", "dailyMetrics", "id"]
        );
        assert_eq!(keys(field(agent, "createdBy")), ["email", "agents", "name"]);
        for conversation in items(field(field(agent, "conversations"), "nodes")) {
            assert_eq!(keys(conversation), ["messages", "agent", "id"]);
            for message in items(field(conversation, "messages")) {
                assert_eq!(keys(message), ["role", "latencyMs"]);
            }
        }
        for cost in items(field(agent, "costRecords")) {
            assert_eq!(keys(cost), ["totalCost", "date"]);
        }
    }
    let audit = items(field(field(data, "audit"), "nodes"));
    assert!(!audit.is_empty());
    let mut targets = std::collections::BTreeSet::new();
    for entry in audit {
        assert_eq!(keys(entry), ["summary", "target", "actor", "createdAt", "id"]);
        assert_eq!(keys(field(entry, "actor")), ["role", "name"]);
        if let target @ async_graphql::Value::Object(_) = field(entry, "target") {
            // An agent answers the fragment on Agent; a sign-in's user, nothing.
            let target_keys = keys(target);
            assert!(target_keys == ["status", "name"] || target_keys.is_empty(), "{target_keys:?}");
            targets.insert(target_keys.len());
        }
    }
    assert_eq!(targets.len(), 2, "both agent and user targets occur");
    for model in items(field(data, "a")) {
        assert_eq!(keys(model), ["agents", "id"]);
    }

    // A fresh app (same seed and anchor) answers the same bytes.
    let snapshot =
        agentmock::store::Snapshot::generate(&crate::support::params(agentmock::data::DEFAULT_SEED)).unwrap();
    let state = agentmock::http::AppState::with_options(
        std::sync::Arc::new(agentmock::store::Store::new(snapshot)),
        crate::support::PUBLIC_URL,
        crate::support::options(),
    );
    let fresh = agentmock::http::router(state);
    let request = Request::post("/graphql")
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let reply = send(fresh, request).await;
    assert!(reply.body == first.body, "a fresh app answered differently");
}

/// Selection order under type conditions follows the object's own type: for
/// an agent, only the `... on Agent` fragment applies (GraphQL spec,
/// CollectFields / DoesFragmentTypeApply).
#[tokio::test]
async fn selection_order_follows_the_applicable_fragment() {
    let snap = snapshot();
    let agent = &snap.dataset.agents[0];
    let reply = post(
        &json!({
            "query": "query($id: ID!) { node(id: $id) { ... on User { name email } ... on Agent { status name } } }",
            "variables": { "id": agent.id },
        }),
        &[],
    )
    .await;
    let response: async_graphql::Value = serde_json::from_slice(&reply.body).unwrap();
    assert_eq!(keys(field(field(&response, "data"), "node")), ["status", "name"], "{}", reply.text());

    // Named fragments on a union, in a list: each entry follows its own type.
    let reply = post(
        &json!({
            "query": "{ auditLogs(first: 50, filter: { actions: [AGENT_CREATED] }) { nodes { target { ...U ...A __typename } } } }
                      fragment U on User { email name }
                      fragment A on Agent { status name kind }",
        }),
        &[],
    )
    .await;
    assert!(!reply.text().contains("_agentmock"), "hidden fields never leak: {}", reply.text());
    let response: async_graphql::Value = serde_json::from_slice(&reply.body).unwrap();
    let nodes = field(field(field(&response, "data"), "auditLogs"), "nodes");
    let async_graphql::Value::List(nodes) = nodes else { panic!("no list: {}", reply.text()) };
    assert!(!nodes.is_empty());
    for node in nodes {
        assert_eq!(keys(field(node, "target")), ["status", "name", "kind", "__typename"], "{}", reply.text());
    }
}

/// `GET` and `POST /graphql` skip axum's router ([`agentmock::http::App`];
/// which requests do is a unit test of `http`); through the router alone
/// ([`agentmock::http::App::routed`]) every request is answered alike:
/// status, every header, body. Each side is a
/// fresh app over the same dataset, sent the same requests in the same
/// order, so writes, sessions and per-request draws line up.
#[tokio::test]
async fn graphql_answers_alike_with_and_without_the_router() {
    let lean = crate::support::fresh_app();
    let routed = crate::support::fresh_app().routed();
    let d = snapshot();
    let admin = crate::support::token_of_role(&d.dataset, agentmock::data::catalogue::Role::Admin);
    let bearer = format!("Bearer {admin}");
    let agent = d.dataset.agents[0].id;
    let json_body = |query: &str| json!({ "query": query }).to_string();
    let agents = json_body("{ agents(first: 3) { nodes { id name status model } } }");
    let long_uri = format!("/graphql?query={}", "x".repeat(40 << 10));
    let many_headers: Vec<(String, String)> = (0..120).map(|i| (format!("x-h{i}"), "1".into())).collect();
    type Headers = Vec<(String, String)>;
    let requests: Vec<(Method, String, Headers, String)> = {
        let h = |pairs: &[(&str, &str)]| pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>();
        let json_type = ("content-type", "application/json");
        vec![
            (Method::POST, "/graphql".into(), h(&[json_type]), agents.clone()),
            (Method::POST, "/graphql".into(), h(&[json_type, ("accept", GRAPHQL_RESPONSE)]), json_body("{ nope }")),
            (Method::POST, "/graphql".into(), h(&[json_type]), format!("[{agents},{}]", json_body("{ __typename }"))),
            (Method::POST, "/graphql".into(), h(&[("content-type", "text/plain")]), agents.clone()),
            (Method::POST, "/graphql".into(), h(&[json_type]), "{\"query\":".into()),
            (Method::POST, "/graphql".into(), h(&[json_type, ("origin", "http://localhost:5173")]), agents.clone()),
            (Method::POST, "/graphql".into(), h(&[json_type, ("origin", "https://evil.example")]), agents.clone()),
            (Method::POST, "/graphql".into(), h(&[json_type, ("host", "evil.example")]), agents.clone()),
            (Method::POST, "/graphql".into(), h(&[json_type, ("x-agentmock-session", "s1")]), agents.clone()),
            (
                Method::POST,
                "/graphql".into(),
                h(&[json_type, ("x-agentmock-fault", "status:503@0.5; error:Agent.status@0.5")]),
                agents.clone(),
            ),
            (
                Method::POST,
                "/graphql".into(),
                h(&[json_type, ("x-agentmock-seed", "7"), ("x-agentmock-extensions", "true")]),
                agents.clone(),
            ),
            (
                Method::POST,
                "/graphql".into(),
                h(&[json_type, ("authorization", &bearer), ("x-agentmock-session", "s1")]),
                json_body(&format!(
                    "mutation {{ stopAgent(input: {{ id: \"{agent}\" }}) {{ agent {{ id status }} }} }}"
                )),
            ),
            (
                Method::GET,
                format!("/graphql?query={}", encode("{ agents(first: 2) { nodes { id } } }")),
                h(&[]),
                String::new(),
            ),
            (
                Method::GET,
                format!("/graphql?query={}", encode("mutation { signIn(email: \"x\") { token } }")),
                h(&[]),
                String::new(),
            ),
            (Method::GET, "/graphql".into(), h(&[("upgrade", "websocket"), ("connection", "upgrade")]), String::new()),
            (Method::GET, long_uri, h(&[]), String::new()),
            (Method::POST, "/graphql".into(), many_headers.clone(), agents.clone()),
            (Method::POST, "/graphql".into(), h(&[json_type]), format!("{{\"query\":\"{}\"}}", " ".repeat(1 << 20))),
            (Method::POST, "/graphql?x=1".into(), h(&[json_type]), agents.clone()),
            // The router's alone on both sides (the same code): HEAD, another
            // path, a preflight, another method.
            (Method::HEAD, format!("/graphql?query={}", encode("{ __typename }")), h(&[]), String::new()),
            (Method::POST, "/graphql/".into(), h(&[json_type]), agents.clone()),
            (
                Method::OPTIONS,
                "/graphql".into(),
                h(&[("origin", "http://localhost:5173"), ("access-control-request-method", "POST")]),
                String::new(),
            ),
            (Method::PUT, "/graphql".into(), h(&[json_type]), agents.clone()),
        ]
    };
    let mut statuses = std::collections::BTreeSet::new();
    for (method, uri, headers, body) in requests {
        let build = || {
            let mut request = Request::builder().method(method.clone()).uri(&uri);
            for (name, value) in &headers {
                request = request.header(name, value);
            }
            request.body(Body::from(body.clone())).unwrap()
        };
        let (a, b) = (send(lean.clone(), build()).await, send(routed.clone(), build()).await);
        let what = format!("{method} {}", uri.chars().take(60).collect::<String>());
        statuses.insert(b.status.as_u16());
        assert_eq!(a.status, b.status, "{what}: {}", a.text());
        assert_eq!(a.headers, b.headers, "{what}");
        assert_eq!(a.text(), b.text(), "{what}");
    }
    // Answers, request errors, refusals by the admission checks, an injected fault.
    assert_eq!(statuses.into_iter().collect::<Vec<_>>(), [200, 400, 403, 404, 405, 413, 414, 415, 431, 503]);
}
