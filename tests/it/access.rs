//! Safe on a developer's laptop: pages of other origins can neither read
//! nor write, a foreign `Host` (DNS rebinding) is refused, loopback pages
//! and local hosts work, and both settings widen.

use std::sync::Arc;

use agentmock::http::{Access, AppState, Hosts, HttpOptions, Origins, router};
use agentmock::store::{Snapshot, Store};
use axum::body::Body;
use axum::http::{Method, Request};
use serde_json::json;

use crate::support::{PUBLIC_URL, Reply, send, snapshot};

/// An app of its own (it may be written to) with `access`.
fn app_with(access: Access) -> agentmock::http::App {
    let store = Arc::new(Store::new(Snapshot::new(snapshot().dataset.clone())));
    router(AppState::with_options(store, PUBLIC_URL, HttpOptions { access, ..HttpOptions::default() }))
}

/// `method path` with a GraphQL body (for POST) and headers.
async fn call(
    app: &agentmock::http::App,
    method: Method,
    path: &str,
    query: Option<&str>,
    headers: &[(&str, &str)],
) -> Reply {
    let mut request = Request::builder().method(method).uri(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let body = match query {
        Some(query) => {
            request = request.header("content-type", "application/json");
            Body::from(json!({ "query": query }).to_string())
        }
        None => Body::empty(),
    };
    send(app.clone(), request.body(body).expect("a request")).await
}

fn header(reply: &Reply, name: &str) -> Option<String> {
    reply.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
}

fn assert_refused(reply: &Reply, setting: &str, quoted: &str) {
    assert_eq!(reply.status, 403, "{}", reply.text());
    let body = reply.json();
    assert_eq!(body["errors"][0]["extensions"]["code"], "FORBIDDEN", "{body}");
    let message = body["errors"][0]["message"].as_str().unwrap_or("");
    assert!(message.contains(setting) && message.contains(quoted), "{message}");
    assert!(header(reply, "access-control-allow-origin").is_none(), "no CORS grant: {:?}", reply.headers);
}

const ADMIN: &str = "Bearer amk_3fc8788c03a1a080539c604496e8fa0c";

#[tokio::test]
async fn a_page_of_another_origin_can_neither_read_nor_write() {
    let app = app_with(Access::default());
    let evil = [("origin", "https://evil.example"), ("host", "127.0.0.1:4000")];
    let read = call(&app, Method::POST, "/graphql", Some("{ agents(first: 1) { nodes { name } } }"), &evil).await;
    assert_refused(&read, "--cors-origins", "evil.example");
    let get = call(&app, Method::GET, "/graphql?query=%7Bmeta%7Bseed%7D%7D", None, &evil).await;
    assert_refused(&get, "--cors-origins", "evil.example");
    let preflight = call(
        &app,
        Method::OPTIONS,
        "/graphql",
        None,
        &[("origin", "https://evil.example"), ("access-control-request-method", "POST")],
    )
    .await;
    assert_refused(&preflight, "--cors-origins", "evil.example");
    // A sandboxed frame or a file:// page says `null`.
    let null = call(&app, Method::POST, "/graphql", Some("{ meta { seed } }"), &[("origin", "null")]).await;
    assert_refused(&null, "--cors-origins", "null");

    // The public admin token does not help it: nothing is deleted or reset
    // (a write first, so a reset would show).
    let sign_in = "mutation { signIn(email: \"jacob.shah@example.com\") { token } }";
    assert_eq!(call(&app, Method::POST, "/graphql", Some(sign_in), &[]).await.status, 200);
    let before = call(&app, Method::POST, "/graphql", Some("{ meta { fingerprint counts { agents } } }"), &[]).await;
    let mut with_token = evil.to_vec();
    with_token.push(("authorization", ADMIN));
    let reset = call(&app, Method::POST, "/graphql", Some("mutation { resetData { fingerprint } }"), &with_token).await;
    assert_refused(&reset, "--cors-origins", "evil.example");
    let agent = snapshot().dataset.agents[0].id;
    let delete = format!("mutation {{ deleteAgent(input: {{ id: \"{agent}\" }}) {{ agent {{ id }} }} }}");
    assert_refused(&call(&app, Method::POST, "/graphql", Some(&delete), &with_token).await, "--cors-origins", "evil");
    let after = call(&app, Method::POST, "/graphql", Some("{ meta { fingerprint counts { agents } } }"), &[]).await;
    assert_eq!(before.json(), after.json());
    assert_eq!(after.status, 200);
}

#[tokio::test]
async fn a_foreign_host_name_is_refused_so_dns_rebinding_fails() {
    let app = app_with(Access::default());
    // A rebound name: the page's own origin, so the origin check alone would pass it.
    let rebound = [("host", "rebind.evil.example:4000"), ("origin", "http://rebind.evil.example:4000")];
    let reply = call(&app, Method::POST, "/graphql", Some("{ meta { seed } }"), &rebound).await;
    assert_refused(&reply, "--allowed-hosts", "rebind.evil.example");
    for path in ["/", "/healthz", "/schema.graphql"] {
        let reply = call(&app, Method::GET, path, None, &[("host", "rebind.evil.example")]).await;
        assert_refused(&reply, "--allowed-hosts", "rebind.evil.example");
    }
}

#[tokio::test]
async fn loopback_pages_and_local_hosts_work() {
    let app = app_with(Access::default());
    for (host, origin) in [
        ("127.0.0.1:4000", "http://localhost:5173"),
        ("localhost:4000", "http://127.0.0.1:3000"),
        ("[::1]:4000", "https://dashboard.localhost"),
        ("dev.localhost:4000", "http://[::1]:8080"),
    ] {
        let reply =
            call(&app, Method::POST, "/graphql", Some("{ meta { seed } }"), &[("host", host), ("origin", origin)])
                .await;
        assert_eq!(reply.status, 200, "{host} {origin}: {}", reply.text());
        assert_eq!(reply.json()["data"], json!({ "meta": { "seed": "12345" } }));
        assert_eq!(header(&reply, "access-control-allow-origin").as_deref(), Some(origin));
    }
    // Reached over the LAN by address (`--host 0.0.0.0`): an address cannot be
    // rebound, and the playground served from there calls its own origin.
    let lan = [("host", "192.168.1.20:4000"), ("origin", "http://192.168.1.20:4000")];
    assert_eq!(call(&app, Method::POST, "/graphql", Some("{ meta { seed } }"), &lan).await.status, 200);
    // Tools and test runners send no Origin.
    assert_eq!(call(&app, Method::GET, "/healthz", None, &[("host", "localhost:4000")]).await.status, 200);
    // A signed-in loopback page writes.
    let write = call(
        &app,
        Method::POST,
        "/graphql",
        Some("mutation { signIn(email: \"jacob.shah@example.com\") { token } }"),
        &[("origin", "http://localhost:5173")],
    )
    .await;
    assert!(write.json()["data"]["signIn"]["token"].is_string(), "{}", write.text());
}

#[tokio::test]
async fn both_settings_widen() {
    // A container reached by its service name from a web container.
    let access = Access {
        origins: Origins::parse("loopback,http://web:3000").expect("origins"),
        hosts: Hosts::parse("local,agentmock").expect("hosts"),
    };
    let app = app_with(access);
    let reply = call(
        &app,
        Method::POST,
        "/graphql",
        Some("{ meta { seed } }"),
        &[("host", "agentmock:4000"), ("origin", "http://web:3000")],
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(header(&reply, "access-control-allow-origin").as_deref(), Some("http://web:3000"));
    let other = call(&app, Method::POST, "/graphql", Some("{ meta { seed } }"), &[("origin", "http://web:3001")]).await;
    assert_refused(&other, "--cors-origins", "web:3001");

    // `*` for both: anything goes, as before these defaults.
    let open = app_with(Access { origins: Origins::Any, hosts: Hosts::Any });
    let reply = call(
        &open,
        Method::POST,
        "/graphql",
        Some("{ meta { seed } }"),
        &[("host", "mock.example"), ("origin", "https://evil.example")],
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(header(&reply, "access-control-allow-origin").as_deref(), Some("*"));
}
