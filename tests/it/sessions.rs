//! One server for every test: datasets chosen per request (seed, anchor,
//! scenario), session sandboxes, deterministic latency and faults, and the
//! `extensions.agentmock` block. In-process where the transport does not
//! matter; over real sockets to the real binary for parallel workers and a
//! dropped connection.

use std::sync::Arc;

use agentmock::http::{AppState, HttpOptions, router};
use agentmock::store::{Snapshot, Store};
use axum::body::Body;
use axum::http::Request;
use serde_json::{Value, json};

use crate::cli::{Sandbox, Server};
use crate::support::{ANCHOR, PINNED_FINGERPRINT, PUBLIC_URL, Reply, send, snapshot};

const OPERATOR: &str = "Bearer amk_1605c5a789d1ad8c565d07db3ce9ee8f";

/// A fresh app of its own with the server's defaults (the block on),
/// adjusted by `tune`.
fn app_with(tune: impl FnOnce(&mut HttpOptions)) -> (agentmock::http::App, AppState) {
    let mut options = HttpOptions::default();
    tune(&mut options);
    let store = Arc::new(Store::new(Snapshot::new(snapshot().dataset.clone())));
    let state = AppState::with_options(store, PUBLIC_URL, options);
    (router(state.clone()), state)
}

fn app() -> agentmock::http::App {
    app_with(|_| {}).0
}

/// Another server like [`app`].
fn another_app() -> agentmock::http::App {
    app()
}

async fn post(app: &agentmock::http::App, headers: &[(&str, &str)], query: &str, variables: Value) -> Reply {
    let mut request = Request::post("/graphql").header("content-type", "application/json");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let body = json!({ "query": query, "variables": variables }).to_string();
    send(app.clone(), request.body(Body::from(body)).expect("a request")).await
}

async fn call(app: &agentmock::http::App, method: &str, path: &str) -> Reply {
    let request = Request::builder().method(method).uri(path).body(Body::empty()).expect("a request");
    send(app.clone(), request).await
}

const FLEET: &str = "{ meta { seed anchorTime scenario session fingerprint } agents(first: 5) { totalCount nodes { id name status } } }";

// ---------------------------------------------------------------- datasets by header

#[tokio::test]
async fn the_same_headers_give_the_same_bytes_and_other_seeds_other_data() {
    let headers = [("x-agentmock-seed", "7"), ("x-agentmock-now", "2025-03-03T09:00:00Z")];
    let first = post(&app(), &headers, FLEET, json!({})).await;
    let second = post(&app(), &headers, FLEET, json!({})).await;
    assert_eq!(first.status, 200, "{}", first.text());
    assert_eq!(first.body, second.body, "two servers, the same headers: the same bytes");
    let data = &first.json()["data"];
    assert_eq!(data["meta"]["seed"], "7");
    assert_eq!(data["meta"]["anchorTime"], "2025-03-03T09:00:00Z");
    let block = &first.json()["extensions"]["agentmock"];
    assert_eq!((block["seed"].as_str(), block["anchorTime"].as_str()), (Some("7"), Some("2025-03-03T09:00:00Z")));
    assert_eq!(block["fingerprint"], data["meta"]["fingerprint"], "a fresh dataset: its seeded fingerprint");

    let other = post(&app(), &[("x-agentmock-seed", "8"), headers[1]], FLEET, json!({})).await;
    assert_ne!(other.json()["data"]["agents"], data["agents"], "another seed, other agents");
    let served = post(&app(), &[], FLEET, json!({})).await.json();
    assert_eq!(served["data"]["meta"]["fingerprint"], PINNED_FINGERPRINT, "without headers: the served dataset");
    assert_eq!(served["extensions"]["agentmock"]["session"], Value::Null);

    // Ids never depend on the anchor: only the seed names the agents.
    let moved =
        post(&app(), &[("x-agentmock-seed", "7"), ("x-agentmock-now", "2025-03-10T09:00:00Z")], FLEET, json!({}))
            .await
            .json();
    let ids = |v: &Value| v["agents"]["nodes"].as_array().unwrap().iter().map(|n| n["id"].clone()).collect::<Vec<_>>();
    assert_eq!(ids(&moved["data"]), ids(data));
}

#[tokio::test]
async fn a_malformed_option_is_a_400_naming_its_header() {
    let app = app();
    for (name, value) in [
        ("x-agentmock-seed", "seven"),
        ("x-agentmock-now", "tomorrow"),
        ("x-agentmock-scenario", "apocalypse"),
        ("x-agentmock-session", "a b"),
        ("x-agentmock-fault", "status:418"),
        ("x-agentmock-latency", "-5"),
    ] {
        let reply = post(&app, &[(name, value)], "{ meta { seed } }", json!({})).await;
        assert_eq!(reply.status, 400, "{name}: {}", reply.text());
        let error = &reply.json()["errors"][0];
        assert_eq!(error["extensions"]["code"], "BAD_REQUEST");
        assert!(error["message"].as_str().unwrap_or("").contains(name), "{error}");
    }
    // And the server keeps serving.
    assert_eq!(post(&app, &[], "{ meta { seed } }", json!({})).await.status, 200);
}

#[tokio::test]
async fn datasets_stay_within_their_budget() {
    let one = agentmock::store::hub::estimated_bytes(&crate::support::params(1));
    let (app, state) = app_with(|o| o.hub.datasets_bytes = 3 * one);
    for seed in 1..=40u64 {
        let reply = post(&app, &[("x-agentmock-seed", &seed.to_string())], "{ meta { seed } }", json!({})).await;
        assert_eq!(reply.json()["data"]["meta"]["seed"], seed.to_string());
        let (count, bytes) = state.hub.dataset_usage();
        assert!(count <= 3 && bytes <= 3 * one, "{count} datasets, {bytes} bytes");
    }
    // A budget smaller than one dataset: refused with its code, and the rest still works.
    let (tiny, _) = app_with(|o| o.hub.datasets_bytes = one / 2);
    let reply = post(&tiny, &[("x-agentmock-seed", "2")], "{ meta { seed } }", json!({})).await;
    assert_eq!(reply.status, 503, "{}", reply.text());
    assert_eq!(reply.json()["errors"][0]["extensions"]["code"], "DATASET_BUDGET_EXCEEDED");
    assert!(reply.text().contains("--datasets-mb"), "{}", reply.text());
    assert_eq!(post(&tiny, &[], "{ meta { seed } }", json!({})).await.status, 200);
}

// ---------------------------------------------------------------- sessions

const CREATE: &str = "mutation($name: String!) { createAgent(input: { name: $name, kind: CUSTOMER_SUPPORT, model: \"gpt-4o-mini\" }) { agent { id name } } }";

fn session(id: &str) -> [(&str, &str); 2] {
    [("x-agentmock-session", id), ("authorization", OPERATOR)]
}

#[tokio::test]
async fn a_session_sees_only_its_own_writes_and_a_reset_equals_the_base() {
    let app = app();
    let created = post(&app, &session("a"), CREATE, json!({ "name": "Session A Bot" })).await.json();
    let id = created["data"]["createAgent"]["agent"]["id"].clone();
    assert!(id.is_string(), "{created}");
    let count = |reply: Value| reply["data"]["agents"]["totalCount"].as_u64().unwrap_or(0);
    assert_eq!(count(post(&app, &session("a"), FLEET, json!({})).await.json()), 21);
    assert_eq!(count(post(&app, &session("b"), FLEET, json!({})).await.json()), 20, "session b does not see it");
    let base = post(&app, &[], FLEET, json!({})).await.json();
    assert_eq!(count(base.clone()), 20, "nor does the served dataset");
    assert_eq!(base["data"]["meta"]["fingerprint"], PINNED_FINGERPRINT);

    // Its ids are its own, the same on every run.
    let again = post(&another_app(), &session("a"), CREATE, json!({ "name": "Session A Bot" })).await.json();
    assert_eq!(again["data"]["createAgent"]["agent"]["id"], id, "another server, the same session: the same id");
    let other = post(&app, &session("b"), CREATE, json!({ "name": "Session A Bot" })).await.json();
    assert_ne!(other["data"]["createAgent"]["agent"]["id"], id, "another session draws its own ids");

    // A reset puts it back, byte for byte.
    let reset = post(&app, &session("a"), "mutation { resetSession { id fingerprint } }", json!({})).await.json();
    assert_eq!(reset["data"]["resetSession"], json!({ "id": "a", "fingerprint": PINNED_FINGERPRINT }));
    let big = "{ meta { fingerprint counts { agents auditLogs } } agents(first: 50) { nodes { id name status metrics { totalConversations } } } auditLogs(first: 50) { nodes { id action createdAt } } }";
    let off = ("x-agentmock-extensions", "off");
    let in_session = post(&app, &[("x-agentmock-session", "a"), off], big, json!({})).await;
    let served = post(&app, &[off], big, json!({})).await;
    assert_eq!(in_session.text(), served.text());

    // Over HTTP too: seen, reset, dropped.
    post(&app, &session("c"), CREATE, json!({ "name": "Session C Bot" })).await;
    let seen = call(&app, "GET", "/sessions/c").await.json();
    assert_eq!(seen["sandboxes"][0]["writes"], 1, "{seen}");
    assert_eq!(call(&app, "POST", "/sessions/c/reset").await.json()["reset"], 1);
    assert_eq!(call(&app, "GET", "/sessions/c").await.json()["sandboxes"][0]["writes"], 0);
    assert_eq!(call(&app, "DELETE", "/sessions/c").await.json()["dropped"], 1);
    assert_eq!(call(&app, "GET", "/sessions/c").await.status, 404);
    // Without a session there is nothing to reset.
    let refused = post(&app, &[], "mutation { resetSession { id } }", json!({})).await.json();
    assert_eq!(refused["errors"][0]["extensions"]["code"], "BAD_USER_INPUT", "{refused}");
}

#[tokio::test]
async fn sessions_are_bounded() {
    let (app, state) = app_with(|o| o.hub.max_sessions = 3);
    for n in 0..10 {
        let id = format!("worker-{n}");
        let reply = post(&app, &[("x-agentmock-session", &id)], "{ meta { session } }", json!({})).await;
        assert_eq!(reply.json()["data"]["meta"]["session"], id.as_str());
        assert!(state.hub.session_usage().0 <= 3, "idle sessions make room");
    }
}

/// Runs `worker`'s script against `server`: creates agents and renames
/// them, reading its fleet between writes; what it created.
fn worker(server: &Server, worker: usize) -> Vec<String> {
    let id = format!("worker-{worker}");
    let headers = [("x-agentmock-session", id.as_str()), ("authorization", OPERATOR)];
    let body = |query: &str, variables: Value| json!({ "query": query, "variables": variables }).to_string();
    let mut created = Vec::new();
    for n in 0..4 {
        let name = format!("Worker {worker} Bot {n}");
        let (status, reply) =
            server.post("/graphql", &headers, &body(CREATE, json!({ "name": name }))).expect("an answer");
        assert_eq!(status, 200, "{reply}");
        let reply: Value = serde_json::from_str(&reply).expect("JSON");
        let agent = reply["data"]["createAgent"]["agent"]["id"].as_str().expect("an id").to_string();
        created.push(agent);
        let (_, fleet) = server
            .post("/graphql", &headers, &body("{ agents(first: 100) { totalCount nodes { name } } }", json!({})))
            .expect("an answer");
        let fleet: Value = serde_json::from_str(&fleet).expect("JSON");
        assert_eq!(fleet["data"]["agents"]["totalCount"], 20 + n + 1, "worker {worker} sees its own writes only");
        let names: Vec<&str> =
            fleet["data"]["agents"]["nodes"].as_array().unwrap().iter().filter_map(|a| a["name"].as_str()).collect();
        assert!(names.iter().all(|name| !name.starts_with("Worker") || name.starts_with(&format!("Worker {worker} "))));
    }
    created
}

#[test]
fn parallel_workers_over_real_sockets_keep_to_their_own_sessions() {
    let sandbox = Sandbox::new("workers");
    let args = ["--port", "0", "--now", ANCHOR, "--log", "warn"];
    let server = Arc::new(Server::start(&sandbox, &args));
    const WORKERS: usize = 6;
    let parallel: Vec<Vec<String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..WORKERS)
            .map(|w| {
                scope.spawn({
                    let server = &server;
                    move || worker(server, w)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("a worker")).collect()
    });
    // The same scripts one after another on another server: the same ids.
    let alone = Server::start(&sandbox, &args);
    for (w, ids) in parallel.iter().enumerate().rev() {
        assert_eq!(&worker(&alone, w), ids, "worker {w}'s ids do not depend on the others");
    }
    // The served dataset saw none of it.
    let meta = json!({ "query": "{ meta { fingerprint counts { agents } } }" }).to_string();
    let (_, base) = server.post("/graphql", &[], &meta).expect("an answer");
    let base: Value = serde_json::from_str(&base).expect("JSON");
    assert_eq!(base["data"]["meta"]["fingerprint"], PINNED_FINGERPRINT);
    // A reset session is the base again.
    assert!(server.post("/sessions/worker-0/reset", &[], "").is_some());
    let (_, reset) = server.post("/graphql", &[("x-agentmock-session", "worker-0")], &meta).expect("an answer");
    let reset: Value = serde_json::from_str(&reset).expect("JSON");
    assert_eq!(reset["data"], base["data"]);
}

// ---------------------------------------------------------------- latency and faults

/// The statuses and bodies of `n` requests of `session` with `fault`.
async fn replies(app: &agentmock::http::App, session: &str, fault: &str, query: &str) -> (u16, String) {
    let reply = post(app, &[("x-agentmock-session", session), ("x-agentmock-fault", fault)], query, json!({})).await;
    (reply.status.as_u16(), reply.text())
}

#[tokio::test]
async fn faults_follow_the_session_however_others_interleave() {
    let fault = "status:503@0.3; error:Agent.statusReason@0.2";
    let query = "{ agents(first: 10) { nodes { name statusReason } } }";
    const N: usize = 24;
    // One after the other.
    let app1 = app();
    let mut a1 = Vec::new();
    let mut b1 = Vec::new();
    for _ in 0..N {
        a1.push(replies(&app1, "a", fault, query).await);
    }
    for _ in 0..N {
        b1.push(replies(&app1, "b", fault, query).await);
    }
    // Interleaved, b first, with requests of a third session and none between.
    let app2 = app();
    let mut a2 = Vec::new();
    let mut b2 = Vec::new();
    for _ in 0..N {
        b2.push(replies(&app2, "b", fault, query).await);
        replies(&app2, "c", fault, query).await;
        post(&app2, &[], query, json!({})).await;
        a2.push(replies(&app2, "a", fault, query).await);
    }
    assert_eq!(a1, a2, "session a's faults do not depend on the others");
    assert_eq!(b1, b2, "session b's either");
    assert_ne!(a1, b1, "sessions draw their own");
    let failed = a1.iter().filter(|(status, _)| *status == 503).count();
    assert!((2..=14).contains(&failed), "{failed} of {N} at 30%");
    assert!(a1.iter().any(|(s, body)| *s == 200 && body.contains("INTERNAL_SERVER_ERROR")), "field errors too");
}

#[tokio::test]
async fn configured_rates_are_met_within_tolerance() {
    let app = app();
    // 1,000 requests at 10%: 100 expected, sd 9.5; the draws are seeded, so
    // this is the same count on every run.
    let mut failed = 0;
    for _ in 0..1000 {
        let (status, _) = replies(&app, "rate", "status:503@10%", "{ meta { seed } }").await;
        failed += usize::from(status == 503);
    }
    assert!((70..=130).contains(&failed), "{failed} of 1000 at 10% (tolerance ±3 sd)");
    // Field errors at 25% over 10 agents × 60 requests.
    let mut hit = 0;
    for _ in 0..60 {
        let (_, body) = replies(
            &app,
            "fields",
            "error:Agent.statusReason@0.25",
            "{ agents(first: 10) { nodes { statusReason } } }",
        )
        .await;
        let body: Value = serde_json::from_str(&body).expect("JSON");
        hit += body["errors"].as_array().map_or(0, Vec::len);
    }
    assert!((118..=182).contains(&hit), "{hit} of 600 fields at 25% (±3 sd)");
}

#[tokio::test]
async fn the_nth_request_of_a_session_fails_and_a_reset_counts_again() {
    let app = app();
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(replies(&app, "nth", "status:500#2,4", "{ meta { seed } }").await.0);
    }
    assert_eq!(statuses, [200, 500, 200, 500, 200]);
    let (_, body) = replies(&app, "nth", "status:500#2,4", "{ meta { seed } }").await;
    assert!(body.contains(r#""session":"nth""#), "{body}");
    call(&app, "POST", "/sessions/nth/reset").await;
    let first = replies(&app, "nth", "status:500#2,4", "{ meta { seed } }").await.0;
    let second = replies(&app, "nth", "status:500#2,4", "{ meta { seed } }").await;
    assert_eq!((first, second.0), (200, 500), "counted from 1 again");
    let body: Value = serde_json::from_str(&second.1).expect("JSON");
    assert_eq!(body["errors"][0]["extensions"]["code"], "INTERNAL_SERVER_ERROR");
    assert_eq!(body["extensions"]["agentmock"]["fault"], "status:500");
    assert!(body.get("data").is_none(), "{body}");
}

#[tokio::test]
async fn injected_field_errors_keep_the_spec_null_semantics() {
    let app = app();
    let agent = snapshot().dataset.agents[0].id.to_string();
    let query = "query($id: ID!) { agent(id: $id) { name statusReason } meta { seed } }";
    let run = |fault: &'static str| {
        let app = app.clone();
        let agent = agent.clone();
        async move { post(&app, &[("x-agentmock-fault", fault)], query, json!({ "id": agent })).await.json() }
    };
    // A nullable field: null, with its error at its path.
    let nullable = run("error:Agent.statusReason=FORBIDDEN").await;
    assert_eq!(nullable["data"]["agent"]["statusReason"], Value::Null);
    assert!(nullable["data"]["agent"]["name"].is_string(), "{nullable}");
    assert_eq!(nullable["errors"][0]["path"], json!(["agent", "statusReason"]));
    assert_eq!(nullable["errors"][0]["extensions"]["code"], "FORBIDDEN");
    // A non-null field nulls its nearest nullable parent; the siblings stay.
    let non_null = run("error:Agent.name").await;
    assert_eq!(non_null["data"]["agent"], Value::Null, "{non_null}");
    assert_eq!(non_null["data"]["meta"]["seed"], "12345");
    assert_eq!(non_null["errors"][0]["path"], json!(["agent", "name"]));
    // A whole type.
    let returning = run("error:Meta").await;
    assert_eq!(returning["data"]["meta"], Value::Null, "{returning}");
    assert_eq!(returning["extensions"]["agentmock"]["fieldFaults"], "error:Meta");
}

#[tokio::test]
async fn latency_is_drawn_per_request_and_reported() {
    let app = app();
    let started = std::time::Instant::now();
    let reply =
        post(&app, &[("x-agentmock-session", "slow"), ("x-agentmock-latency", "150-250")], FLEET, json!({})).await;
    let latency = reply.json()["extensions"]["agentmock"]["latencyMs"].as_u64().expect("a delay");
    assert!((150..=250).contains(&latency), "{latency}");
    assert!(started.elapsed() >= std::time::Duration::from_millis(latency), "it waited");
    // The same request of another server's same session waits the same.
    let again =
        post(&another_app(), &[("x-agentmock-session", "slow"), ("x-agentmock-latency", "150-250")], FLEET, json!({}))
            .await;
    assert_eq!(again.json()["extensions"]["agentmock"]["latencyMs"], latency);
}

#[test]
fn a_dropped_connection_gets_no_answer_and_the_server_serves_on() {
    let sandbox = Sandbox::new("drop");
    let server = Server::start(&sandbox, &["--port", "0", "--now", ANCHOR, "--log", "warn"]);
    let body = json!({ "query": "{ meta { seed } }" }).to_string();
    assert_eq!(server.post("/graphql", &[("x-agentmock-fault", "drop")], &body), None, "no answer at all");
    let (status, text) = server.post("/graphql", &[], &body).expect("an answer");
    assert_eq!(status, 200, "{text}");
    // And a server-wide setting applies to every request that does not say otherwise.
    let faulty = Server::start(&sandbox, &["--port", "0", "--now", ANCHOR, "--log", "warn", "--fault", "status:503"]);
    assert_eq!(faulty.post("/graphql", &[], &body).map(|r| r.0), Some(503));
    assert_eq!(faulty.post("/graphql", &[("x-agentmock-fault", "none")], &body).map(|r| r.0), Some(200));
}

// ---------------------------------------------------------------- the block

#[tokio::test]
async fn every_response_describes_what_answered_it_unless_turned_off() {
    let app = app();
    let reply = post(&app, &[("x-agentmock-session", "w-1")], "{ meta { seed } }", json!({})).await;
    let text = reply.text();
    assert!(
        text.starts_with(&format!(
            r#"{{"data":{{"meta":{{"seed":"12345"}}}},"extensions":{{"agentmock":{{"seed":"12345","scenario":"default","anchorTime":"{ANCHOR}","fingerprint":"{PINNED_FINGERPRINT}","session":"w-1","latencyMs":0,"fault":null,"fieldFaults":null}}}}}}"#
        )),
        "{text}"
    );
    // Errors before execution carry it too; a batch, on each answer.
    let invalid = post(&app, &[], "{ nope }", json!({})).await.json();
    assert_eq!(invalid["extensions"]["agentmock"]["seed"], "12345", "{invalid}");
    let batch = Request::post("/graphql")
        .header("content-type", "application/json")
        .body(Body::from(r#"[{"query":"{ meta { seed } }"},{"query":"{ meta { window { days } } }"}]"#))
        .expect("a request");
    let batch = send(app.clone(), batch).await.json();
    assert!(batch.as_array().unwrap().iter().all(|r| r["extensions"]["agentmock"]["seed"] == "12345"), "{batch}");
    // Off per request, or for the server (as the tests that predate it run).
    let off = post(&app, &[("x-agentmock-extensions", "off")], "{ meta { seed } }", json!({})).await;
    assert_eq!(off.text(), r#"{"data":{"meta":{"seed":"12345"}}}"#);
    let (quiet, _) = app_with(|o| o.defaults.extensions = false);
    assert_eq!(post(&quiet, &[], "{ meta { seed } }", json!({})).await.text(), r#"{"data":{"meta":{"seed":"12345"}}}"#);
}
