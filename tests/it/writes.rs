//! Writes (issue 9): sign-in and tokens, the role matrix on every mutation
//! and masked field, validation, one audit entry per accepted write,
//! determinism, reset, consistency after random sequences, concurrency,
//! and the journal as the real binary keeps it.
//!
//! Every test writes to a store of its own (a fresh snapshot of the default
//! dataset), never to the shared `app()`.

use std::sync::Arc;

use agentmock::data::catalogue::Role;
use agentmock::data::{AgentStatus, check, dump};
use agentmock::http::{AppState, HttpOptions, router};
use agentmock::store::rollups::{AgentSet, CellMask};
use agentmock::store::{Snapshot, Store, auth};
use axum::body::Body;
use axum::http::Request;
use rand::{RngExt, SeedableRng};
use serde_json::{Value, json};

use crate::support::{PUBLIC_URL, Reply, send, snapshot};

/// A store and an app of its own over the default dataset.
struct Fresh {
    store: Arc<Store>,
    app: agentmock::http::App,
}

impl Fresh {
    fn new() -> Self {
        Self::with_cache(true)
    }

    fn with_cache(cache: bool) -> Self {
        let store = Arc::new(Store::new(Snapshot::new(snapshot().dataset.clone())));
        let mut options = HttpOptions::default();
        if !cache {
            options.response_cache_bytes = 0;
        }
        let app = router(AppState::with_options(store.clone(), PUBLIC_URL, options));
        Fresh { store, app }
    }

    async fn post(&self, auth: Option<&str>, body: Value) -> Reply {
        let mut request = Request::post("/graphql").header("content-type", "application/json");
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        send(self.app.clone(), request.body(Body::from(body.to_string())).expect("request")).await
    }

    /// One operation as `who` (a token, or anonymous); the whole response.
    async fn call(&self, who: Option<&str>, query: &str, variables: Value) -> Value {
        let auth = who.map(|t| format!("Bearer {t}"));
        self.post(auth.as_deref(), json!({ "query": query, "variables": variables })).await.json()
    }

    /// An operation that must succeed; its data.
    async fn ok(&self, who: Option<&str>, query: &str, variables: Value) -> Value {
        let response = self.call(who, query, variables).await;
        assert!(response.get("errors").is_none(), "unexpected errors: {response}");
        response["data"].clone()
    }

    fn fingerprint(&self) -> String {
        self.store.snapshot().fingerprint().to_string()
    }

    fn audit_count(&self) -> usize {
        self.store.snapshot().dataset.audit_logs.len()
    }
}

/// The token of the first user with `role`.
fn token_of(role: Role) -> String {
    let snap = snapshot();
    let user = snap.dataset.users.iter().find(|u| u.role == role).expect("a user of every role");
    auth::token(snap.dataset.params.seed, &user.id)
}

fn user_of(role: Role) -> (String, String) {
    let snap = snapshot();
    let user = snap.dataset.users.iter().find(|u| u.role == role).expect("a user of every role");
    (user.id.to_string(), user.email.clone())
}

fn agent_with(status: AgentStatus) -> String {
    let snap = snapshot();
    snap.dataset.agents.iter().find(|a| a.status == status).expect("an agent of every status").id.to_string()
}

fn code(response: &Value) -> &str {
    response["errors"][0]["extensions"]["code"].as_str().unwrap_or("")
}

/// The roles a test acts as: three signed-in users and anonymous.
fn actors() -> [(&'static str, Option<String>); 4] {
    [
        ("admin", Some(token_of(Role::Admin))),
        ("operator", Some(token_of(Role::Operator))),
        ("viewer", Some(token_of(Role::Viewer))),
        ("anonymous", None),
    ]
}

/// A mutation: its name, the audit action it writes, the roles it is
/// allowed to, and its document and variables.
type Case = (&'static str, Option<&'static str>, &'static [&'static str], &'static str, Value);

/// Every mutation.
fn mutations() -> Vec<Case> {
    let active = agent_with(AgentStatus::Active);
    let inactive = agent_with(AgentStatus::Inactive);
    let (viewer_id, viewer_email) = user_of(Role::Viewer);
    let everyone: &'static [&'static str] = &["admin", "operator", "viewer", "anonymous"];
    let signed_in: &'static [&'static str] = &["admin", "operator", "viewer"];
    let fleet: &'static [&'static str] = &["admin", "operator"];
    let admin: &'static [&'static str] = &["admin"];
    vec![
        (
            "signIn",
            Some("USER_LOGIN"),
            everyone,
            "mutation($e: String!) { signIn(email: $e) { token user { id } auditLog { id action } } }",
            json!({ "e": viewer_email }),
        ),
        (
            "signOut",
            Some("USER_LOGOUT"),
            signed_in,
            "mutation { signOut { user { id } auditLog { id action } } }",
            json!({}),
        ),
        (
            "createAgent",
            Some("AGENT_CREATED"),
            fleet,
            "mutation($i: CreateAgentInput!) { createAgent(input: $i) { agent { id name status } auditLog { id action } } }",
            json!({ "i": { "name": "Returns Helper", "kind": "CUSTOMER_SUPPORT", "model": "gpt-4o-mini" } }),
        ),
        (
            "updateAgent",
            Some("AGENT_UPDATED"),
            fleet,
            "mutation($i: UpdateAgentInput!) { updateAgent(input: $i) { agent { id name } auditLog { id action } } }",
            json!({ "i": { "id": active, "name": "Renamed Agent" } }),
        ),
        (
            "updateAgentConfig",
            Some("CONFIG_CHANGED"),
            fleet,
            "mutation($i: UpdateAgentConfigInput!) { updateAgentConfig(input: $i) { agent { id config { temperature } } auditLog { id action } } }",
            json!({ "i": { "id": active, "temperature": 1.5 } }),
        ),
        (
            "startAgent",
            Some("AGENT_STARTED"),
            fleet,
            "mutation($id: ID!) { startAgent(input: { id: $id }) { agent { id status } auditLog { id action } } }",
            json!({ "id": inactive }),
        ),
        (
            "stopAgent",
            Some("AGENT_STOPPED"),
            fleet,
            "mutation($id: ID!) { stopAgent(input: { id: $id, reason: \"Maintenance\" }) { agent { id status } auditLog { id action } } }",
            json!({ "id": active }),
        ),
        (
            "deleteAgent",
            Some("AGENT_DELETED"),
            admin,
            "mutation($id: ID!) { deleteAgent(input: { id: $id }) { agent { id deletedAt } auditLog { id action } } }",
            json!({ "id": active }),
        ),
        (
            "updateUserRole",
            Some("POLICY_UPDATED"),
            admin,
            "mutation($id: ID!) { updateUserRole(input: { id: $id, role: OPERATOR }) { user { id role } auditLog { id action } } }",
            json!({ "id": viewer_id }),
        ),
        (
            "updatePolicy",
            Some("POLICY_UPDATED"),
            admin,
            "mutation { updatePolicy(input: { monthlyBudget: 12345 }) { workspace { id monthlyBudget } auditLog { id action } } }",
            json!({}),
        ),
        (
            "requestExport",
            Some("EXPORT_REQUESTED"),
            signed_in,
            "mutation { requestExport(input: { collection: COST_RECORDS, format: CSV, range: { lastDays: 7 } }) { export { id url } auditLog { id action } } }",
            json!({}),
        ),
        ("resetData", None, admin, "mutation { resetData { fingerprint } }", json!({})),
    ]
}

#[tokio::test]
async fn every_mutation_is_allowed_to_its_roles_and_refused_to_the_rest() {
    let seeded = snapshot().fingerprint().to_string();
    for (name, action, allowed, query, variables) in mutations() {
        for (role, token) in actors() {
            let fresh = Fresh::new();
            let before = fresh.audit_count();
            let response = fresh.call(token.as_deref(), query, variables.clone()).await;
            let what = format!("{name} as {role}");
            if allowed.contains(&role) {
                assert!(response.get("errors").is_none(), "{what}: {response}");
                let payload = &response["data"][name];
                match action {
                    Some(action) => {
                        assert_eq!(fresh.audit_count(), before + 1, "{what}: one audit entry");
                        assert_eq!(payload["auditLog"]["action"], action, "{what}");
                        let snap = fresh.store.snapshot();
                        let entry = snap.dataset.audit_logs.back().expect("an entry");
                        assert_eq!(payload["auditLog"]["id"], entry.id.to_string(), "{what}: the newest entry");
                        assert_eq!(entry.created_at, snap.dataset.now, "{what}: at the write clock");
                        let actor = &snap.dataset.users[entry.actor as usize];
                        let expected_actor = match token.as_deref() {
                            // signIn acts as the user it signs in.
                            _ if name == "signIn" => user_of(Role::Viewer).0,
                            Some(t) => snap.dataset.users[snap.user_by_credential(t).unwrap() as usize].id.to_string(),
                            None => unreachable!("anonymous writes only signIn"),
                        };
                        assert_eq!(actor.id.to_string(), expected_actor, "{what}: the actor");
                        assert_ne!(fresh.fingerprint(), seeded, "{what}: the dump changed");
                    }
                    None => {
                        assert_eq!(fresh.audit_count(), before, "{what}: a reset writes no entry");
                        assert_eq!(payload["fingerprint"], seeded.as_str(), "{what}");
                    }
                }
            } else {
                let expected = if token.is_some() { "FORBIDDEN" } else { "UNAUTHENTICATED" };
                assert_eq!(code(&response), expected, "{what}: {response}");
                assert!(response["data"][name].is_null(), "{what}: its field is null: {response}");
                assert_eq!(fresh.audit_count(), before, "{what}: no audit entry");
                assert_eq!(fresh.fingerprint(), seeded, "{what}: nothing changed");
                assert_eq!(fresh.store.snapshot().writes.count, 0, "{what}: no write counted");
            }
        }
    }
}

#[tokio::test]
async fn anonymous_requests_read_as_the_setting_says_and_never_write() {
    use agentmock::data::catalogue::Anonymous;
    let query = "{ agents(first: 1) { nodes { name config { systemPrompt } } } }";
    let write = "mutation { resetData { fingerprint } }";
    for (mode, prompt, status) in
        [(Anonymous::Read, true, 200), (Anonymous::Viewer, false, 200), (Anonymous::Refuse, false, 401)]
    {
        let store = Arc::new(Store::new(Snapshot::new(snapshot().dataset.clone())));
        let options = HttpOptions { anonymous: mode, ..HttpOptions::default() };
        let app = router(AppState::with_options(store, PUBLIC_URL, options));
        let post = |query: &str| {
            let request = Request::post("/graphql")
                .header("content-type", "application/json")
                .body(Body::from(json!({ "query": query }).to_string()))
                .expect("request");
            send(app.clone(), request)
        };
        let reply = post(query).await;
        assert_eq!(reply.status, status, "{mode:?}: {}", reply.text());
        let body = reply.json();
        assert_eq!(
            body["data"]["agents"]["nodes"][0]["config"]["systemPrompt"].is_string(),
            prompt,
            "{mode:?}: {body}"
        );
        if mode == Anonymous::Refuse {
            assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED", "{body}");
            assert!(body["errors"][0]["message"].as_str().unwrap_or("").contains("--anonymous"), "{body}");
            // Signing in still works: it is how a client gets its token.
            let signed = post("mutation { signIn(email: \"jacob.shah@example.com\") { token } }").await.json();
            assert!(signed["data"]["signIn"]["token"].is_string(), "{signed}");
        }
        // Whatever the setting, a write needs a token.
        let refused = post(write).await.json();
        assert_eq!(refused["errors"][0]["extensions"]["code"], "UNAUTHENTICATED", "{mode:?}: {refused}");
    }
}

#[tokio::test]
async fn masked_fields_are_null_with_forbidden_for_roles_that_may_not_see_them() {
    let fresh = Fresh::new();
    let query = "{ agents(first: 2) { nodes { name config { temperature systemPrompt } } }
                   auditLogs(first: 2) { nodes { action ipAddress userAgent } } }";
    // (role, sees prompts, sees network details)
    // Anonymous requests read everything by default (`--anonymous read`).
    let cases = [("admin", true, true), ("operator", true, false), ("viewer", false, false), ("anonymous", true, true)];
    for ((role, token), (_, prompts, network)) in actors().into_iter().zip(cases) {
        let response = fresh.call(token.as_deref(), query, json!({})).await;
        let agents = &response["data"]["agents"]["nodes"];
        let logs = &response["data"]["auditLogs"]["nodes"];
        assert_eq!(agents.as_array().unwrap().len(), 2, "{role}: the rest of the data is there: {response}");
        assert!(agents[0]["config"]["temperature"].is_number(), "{role}");
        assert_eq!(agents[0]["config"]["systemPrompt"].is_string(), prompts, "{role}: {response}");
        assert_eq!(logs[0]["ipAddress"].is_string(), network, "{role}: {response}");
        assert_eq!(logs[0]["userAgent"].is_string(), network, "{role}");
        let errors = response["errors"].as_array().cloned().unwrap_or_default();
        let expected = usize::from(!prompts) * 2 + usize::from(!network) * 4;
        assert_eq!(errors.len(), expected, "{role}: one error per masked value: {response}");
        for e in &errors {
            assert_eq!(e["extensions"]["code"], "FORBIDDEN", "{role}: {e}");
            let last = e["path"].as_array().and_then(|p| p.last()).and_then(Value::as_str).unwrap_or("");
            assert!(["systemPrompt", "ipAddress", "userAgent"].contains(&last), "{role}: {e}");
        }
    }
}

#[tokio::test]
async fn tokens_are_stable_and_bad_credentials_are_refused() {
    let fresh = Fresh::new();
    let (id, email) = user_of(Role::Operator);
    let data = fresh
        .ok(None, "mutation($e: String!) { signIn(email: $e) { token user { id role } } }", json!({ "e": email }))
        .await;
    let token = data["signIn"]["token"].as_str().unwrap().to_string();
    assert_eq!(token, token_of(Role::Operator), "the token is the seed's, as documented");
    assert!(token.starts_with("amk_") && token.len() == 36, "{token}");
    for credential in [token.as_str(), id.as_str(), email.as_str()] {
        let viewer = fresh.ok(Some(credential), "{ viewer { id role } }", json!({})).await;
        assert_eq!(viewer["viewer"]["id"], id.as_str(), "{credential}");
    }
    assert!(fresh.ok(None, "{ viewer { id } }", json!({})).await["viewer"].is_null(), "no header: anonymous");
    for header in ["Bearer amk_00000000000000000000000000000000", "Bearer nobody@example.com", "Basic abc", "Bearer "] {
        let reply = fresh.post(Some(header), json!({ "query": "{ meta { seed } }" })).await;
        assert_eq!(reply.status.as_u16(), 401, "{header}");
        assert_eq!(code(&reply.json()), "UNAUTHENTICATED", "{header}: never a silent fallback");
    }
    // The scheme is case-insensitive and spaces or tabs may follow it.
    for header in [format!("bearer {token}"), format!("BEARER  {token}"), format!("Bearer\t{token} ")] {
        let reply = fresh.post(Some(&header), json!({ "query": "{ viewer { id } }" })).await;
        assert_eq!(reply.json()["data"]["viewer"]["id"], id.as_str(), "{header:?}");
    }
    for header in [format!("Bearer {token} extra"), format!("Bearer{token}")] {
        let reply = fresh.post(Some(&header), json!({ "query": "{ viewer { id } }" })).await;
        assert_eq!(reply.status.as_u16(), 401, "{header:?}");
    }
    // Two Authorization headers are refused, not one picked.
    let request = Request::post("/graphql")
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {}", token_of(Role::Viewer)))
        .header("authorization", format!("Bearer {token}"))
        .body(Body::from(json!({ "query": "{ viewer { id } }" }).to_string()))
        .unwrap();
    let reply = send(fresh.app.clone(), request).await;
    assert_eq!(reply.status.as_u16(), 401);
    assert!(reply.text().contains("one Authorization header"), "{}", reply.text());
}

#[tokio::test]
async fn a_request_that_may_not_write_is_told_so_before_its_input_is_read() {
    let fresh = Fresh::new();
    let viewer = token_of(Role::Viewer);
    let stop = r#"mutation { stopAgent(input: { id: "not-an-id" }) { agent { id } } }"#;
    assert_eq!(code(&fresh.call(None, stop, json!({})).await), "UNAUTHENTICATED");
    assert_eq!(code(&fresh.call(Some(&viewer), stop, json!({})).await), "FORBIDDEN");
    let export = r#"mutation { requestExport(input: { collection: AGENTS, format: CSV, range: { from: "2025-01-10", to: "2025-01-01" } }) { export { id } } }"#;
    assert_eq!(code(&fresh.call(None, export, json!({})).await), "UNAUTHENTICATED");
    let create = r#"mutation { createAgent(input: { name: "X", kind: IT_SUPPORT, model: "gpt-4o", maxTokens: -1 }) { agent { id } } }"#;
    assert_eq!(code(&fresh.call(Some(&viewer), create, json!({})).await), "FORBIDDEN");
    // Allowed, the same input is then refused for what it is.
    let response = fresh.call(Some(&token_of(Role::Operator)), stop, json!({})).await;
    assert_eq!(response["errors"][0]["extensions"]["field"], "input.id", "{response}");
}

#[tokio::test]
async fn text_is_checked_and_recorded_as_a_person_reads_it() {
    let fresh = Fresh::new();
    let admin = token_of(Role::Admin);
    let create = "mutation($i: CreateAgentInput!) { createAgent(input: $i) { agent { id name description config { systemPrompt } } } }";
    let input = json!({ "i": {
        "name": "Écho Bot",
        "kind": "IT_SUPPORT",
        "model": "gpt-4o",
        "description": "Two lines:\r\nthe second.",
        "systemPrompt": "You are Écho.\r\n\tBe brief.",
    }});
    let data = fresh.ok(Some(&admin), create, input).await;
    let agent = &data["createAgent"]["agent"];
    assert_eq!(agent["description"], "Two lines:\nthe second.", "CRLF is stored as LF");
    assert_eq!(agent["config"]["systemPrompt"], "You are Écho.\n\tBe brief.");
    let id = agent["id"].as_str().unwrap().to_string();
    // Unicode case-folding: "ÉCHO BOT" is the same name.
    let again = json!({ "i": { "name": "ÉCHO BOT", "kind": "IT_SUPPORT", "model": "gpt-4o" } });
    let response = fresh.call(Some(&admin), create, again).await;
    assert_eq!(response["errors"][0]["extensions"]["field"], "input.name", "{response}");
    // Normalized text, full case folding: a decomposed "Écho Bot" and
    // "STRASSE BOT" against "Straße Bot" are taken names.
    let decomposed = json!({ "i": { "name": "E\u{301}cho bot", "kind": "IT_SUPPORT", "model": "gpt-4o" } });
    let refused = fresh.call(Some(&admin), create, decomposed).await;
    assert_eq!(refused["errors"][0]["extensions"]["field"], "input.name", "{refused}");
    let strasse = json!({ "i": { "name": "Straße Bot", "kind": "IT_SUPPORT", "model": "gpt-4o" } });
    fresh.ok(Some(&admin), create, strasse).await;
    let shouted = json!({ "i": { "name": "STRASSE BOT", "kind": "IT_SUPPORT", "model": "gpt-4o" } });
    let refused = fresh.call(Some(&admin), create, shouted).await;
    assert!(refused["errors"][0]["message"].as_str().unwrap_or("").contains("Straße Bot"), "{refused}");
    // A name is stored composed (NFC): one spelling, whatever was sent.
    let composed = json!({ "i": { "name": "Cafe\u{301} Bot", "kind": "IT_SUPPORT", "model": "gpt-4o" } });
    let data = fresh.ok(Some(&admin), create, composed).await;
    assert_eq!(data["createAgent"]["agent"]["name"], "Café Bot");
    // A line separator in a prompt is a line break.
    let prompt = json!({ "i": { "name": "Lines Bot", "kind": "IT_SUPPORT", "model": "gpt-4o", "systemPrompt": "One\u{2028}Two" } });
    let data = fresh.ok(Some(&admin), create, prompt).await;
    assert_eq!(data["createAgent"]["agent"]["config"]["systemPrompt"], "One\nTwo");
    // An emoji sequence joined by U+200D is a fine name.
    let emoji = json!({ "i": { "name": "👩\u{200D}💻 Helper", "kind": "IT_SUPPORT", "model": "gpt-4o" } });
    fresh.ok(Some(&admin), create, emoji).await;
    assert!(response["errors"][0]["message"].as_str().unwrap().contains("already named \"Écho Bot\""), "{response}");
    // A prompt edit says which version it made, in the keys seeded prompt
    // edits have (a prompt-history view reads both alike).
    let edit = "mutation($id: ID!) { updateAgent(input: { id: $id, description: \"Kind.\", systemPrompt: \"Be kind.\" }) { auditLog { summary details } } }";
    let data = fresh.ok(Some(&admin), edit, json!({ "id": id })).await;
    let entry = &data["updateAgent"]["auditLog"];
    let summary = entry["summary"].as_str().unwrap();
    assert!(
        summary.contains("updated the description and systemPrompt of Écho Bot (v2): Prompt rewritten"),
        "{summary}"
    );
    assert_eq!(entry["details"]["field"], "systemPrompt", "{entry}");
    assert_eq!(entry["details"]["promptVersion"], 2, "{entry}");
    assert!(entry["details"]["change"].is_string() && entry["details"]["changes"].is_array(), "{entry}");
    let seeded = fresh
        .ok(None, "{ auditLogs(first: 100, filter: { actions: [AGENT_UPDATED, CONFIG_CHANGED, POLICY_UPDATED] }) { nodes { action details } } }", json!({}))
        .await;
    let keys = |action: &str, details: &Value| {
        let mut keys: Vec<String> = details.as_object().unwrap().keys().filter(|k| *k != "changes").cloned().collect();
        keys.sort();
        (action.to_string(), keys)
    };
    let seeded_shapes: std::collections::BTreeSet<(String, Vec<String>)> = seeded["auditLogs"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| keys(n["action"].as_str().unwrap(), &n["details"]))
        .collect();
    assert!(seeded_shapes.contains(&keys("AGENT_UPDATED", &entry["details"])), "{seeded_shapes:?}");
    let config =
        "mutation($id: ID!) { updateAgentConfig(input: { id: $id, temperature: 1.1 }) { auditLog { details } } }";
    let data = fresh.ok(Some(&admin), config, json!({ "id": id })).await;
    let details = &data["updateAgentConfig"]["auditLog"]["details"];
    assert_eq!((&details["setting"], &details["to"]), (&json!("temperature"), &json!(1.1)), "{details}");
    assert!(seeded_shapes.contains(&keys("CONFIG_CHANGED", details)), "{details}");
    let policy = "mutation { updatePolicy(input: { monthlyBudget: 2000 }) { auditLog { summary details } } }";
    let data = fresh.ok(Some(&admin), policy, json!({})).await;
    let entry = &data["updatePolicy"]["auditLog"];
    assert_eq!(entry["details"]["policy"], "Spend limits", "{entry}");
    assert!(entry["details"]["change"].as_str().unwrap().ends_with("to $2,000.00"), "{entry}");
    assert!(seeded_shapes.contains(&keys("POLICY_UPDATED", &entry["details"])), "{entry}");
    assert!(entry["summary"].as_str().unwrap().contains("monthly budget from $"), "{entry}");
    // -0 is 0.
    let config = "mutation($id: ID!) { updateAgentConfig(input: { id: $id, temperature: -0.0 }) { agent { config { temperature } } } }";
    let data = fresh.ok(Some(&admin), config, json!({ "id": id })).await;
    let temperature = data["updateAgentConfig"]["agent"]["config"]["temperature"].as_f64().unwrap();
    assert!(temperature == 0.0 && temperature.is_sign_positive(), "{data}");
    // A role set to the one the user has succeeds without writing.
    let (user, _) = user_of(Role::Operator);
    let written = fresh.store.snapshot().writes.count;
    let role =
        "mutation($id: ID!) { updateUserRole(input: { id: $id, role: OPERATOR }) { user { role } auditLog { id } } }";
    let data = fresh.ok(Some(&admin), role, json!({ "id": user })).await;
    assert_eq!(data["updateUserRole"]["user"]["role"], "OPERATOR");
    assert!(data["updateUserRole"]["auditLog"].is_null(), "{data}");
    assert_eq!(fresh.store.snapshot().writes.count, written);
    // Echoed input is cut short in messages.
    let long = "m".repeat(5000);
    let response = fresh
        .call(
            Some(&admin),
            "mutation($m: String!) { updateAgentConfig(input: { id: $id, model: $m }) { agent { id } } }"
                .replace("$id", &format!("\"{id}\""))
                .as_str(),
            json!({ "m": long }),
        )
        .await;
    let message = response["errors"][0]["message"].as_str().unwrap_or("");
    assert!(message.contains("unknown model") && message.len() < 300, "{message}");
}

#[tokio::test]
async fn every_validation_names_its_field_and_changes_nothing() {
    let fresh = Fresh::new();
    let admin = token_of(Role::Admin);
    let active = agent_with(AgentStatus::Active);
    let taken = snapshot().dataset.agents[0].name.clone();
    let create = "mutation($i: CreateAgentInput!) { createAgent(input: $i) { agent { id } } }";
    let update = "mutation($i: UpdateAgentInput!) { updateAgent(input: $i) { agent { id } } }";
    let config = "mutation($i: UpdateAgentConfigInput!) { updateAgentConfig(input: $i) { agent { id } } }";
    let agent = |name: &str, model: &str| json!({ "i": { "name": name, "kind": "IT_SUPPORT", "model": model } });
    let with = |base: Value, key: &str, value: Value| {
        let mut v = base;
        v["i"][key] = value;
        v
    };
    let long = "x".repeat(81);
    let cases: Vec<(&str, &str, Value, &str)> = vec![
        ("empty name", create, agent("   ", "gpt-4o"), "input.name"),
        ("long name", create, agent(&long, "gpt-4o"), "input.name"),
        ("taken name (any case)", create, agent(&taken.to_uppercase(), "gpt-4o"), "input.name"),
        ("control characters", create, agent("Bot\u{7}", "gpt-4o"), "input.name"),
        ("a line break in a name", create, agent("Two\nLines", "gpt-4o"), "input.name"),
        ("a zero-width space", create, agent("Zero\u{200B}Width", "gpt-4o"), "input.name"),
        ("a bidi override", create, agent("Evil\u{202E}toB", "gpt-4o"), "input.name"),
        ("only a joiner", create, agent("\u{200D}", "gpt-4o"), "input.name"),
        ("a line separator", create, agent("Two\u{2028}Lines", "gpt-4o"), "input.name"),
        ("a paragraph separator", create, agent("Two\u{2029}Lines", "gpt-4o"), "input.name"),
        ("tag characters", create, agent("Tag\u{E0041}\u{E0042}Bot", "gpt-4o"), "input.name"),
        ("a Hangul filler only", create, agent("\u{3164}", "gpt-4o"), "input.name"),
        ("a blank Braille pattern only", create, agent("\u{2800} \u{2800}", "gpt-4o"), "input.name"),
        ("a urn:uuid id", update, json!({ "i": { "id": format!("urn:uuid:{active}"), "name": "X" } }), "input.id"),
        ("a braced id", update, json!({ "i": { "id": format!("{{{active}}}"), "name": "X" } }), "input.id"),
        ("an id without hyphens", update, json!({ "i": { "id": active.replace('-', ""), "name": "X" } }), "input.id"),
        (
            "a budget under a micro-dollar",
            "mutation { updatePolicy(input: { monthlyBudget: 0.0000001 }) { workspace { id } } }",
            json!({}),
            "input.monthlyBudget",
        ),
        ("unknown model", create, agent("New Bot", "gpt-5"), "input.model"),
        (
            "temperature over 2",
            create,
            with(agent("New Bot", "gpt-4o"), "temperature", json!(2.5)),
            "input.temperature",
        ),
        ("temperature under 0", config, json!({ "i": { "id": active, "temperature": -0.1 } }), "input.temperature"),
        ("maxTokens 0", create, with(agent("New Bot", "gpt-4o"), "maxTokens", json!(0)), "input.maxTokens"),
        ("maxTokens negative", config, json!({ "i": { "id": active, "maxTokens": -5 } }), "input.maxTokens"),
        (
            "maxTokens over the model's limit",
            create,
            with(agent("New Bot", "gpt-3.5-turbo"), "maxTokens", json!(8192)),
            "input.maxTokens",
        ),
        (
            "long description",
            create,
            with(agent("New Bot", "gpt-4o"), "description", json!("d".repeat(501))),
            "input.description",
        ),
        ("unknown id", update, json!({ "i": { "id": uuid::Uuid::nil(), "name": "X" } }), "input.id"),
        ("malformed id", update, json!({ "i": { "id": "agent-7", "name": "X" } }), "input.id"),
        ("a user's id for an agent", update, json!({ "i": { "id": user_of(Role::Admin).0, "name": "X" } }), "input.id"),
        ("empty prompt", update, json!({ "i": { "id": active, "systemPrompt": "" } }), "input.systemPrompt"),
        (
            "start an active agent",
            "mutation($id: ID!) { startAgent(input: { id: $id }) { agent { id } } }",
            json!({ "id": active }),
            "input.id",
        ),
        ("unknown email", "mutation { signIn(email: \"no@example.com\") { token } }", json!({}), "email"),
        (
            "budget 0",
            "mutation { updatePolicy(input: { monthlyBudget: 0 }) { workspace { id } } }",
            json!({}),
            "input.monthlyBudget",
        ),
        (
            "no model allowed",
            "mutation { updatePolicy(input: { allowedModels: [] }) { workspace { id } } }",
            json!({}),
            "input.allowedModels",
        ),
        (
            "forbidding a model agents run on",
            "mutation { updatePolicy(input: { allowedModels: [\"gpt-4o\"] }) { workspace { id } } }",
            json!({}),
            "input.allowedModels",
        ),
        (
            "an export range backwards",
            "mutation { requestExport(input: { collection: AGENTS, format: JSON, range: { from: \"2025-01-10\", to: \"2025-01-01\" } }) { export { id } } }",
            json!({}),
            "input.range",
        ),
    ];
    let seeded = fresh.fingerprint();
    for (what, query, variables, field) in cases {
        let response = fresh.call(Some(&admin), query, variables).await;
        // A well-formed id that names no agent is NOT_FOUND; the rest are bad input.
        let expected =
            if ["unknown id", "a user's id for an agent"].contains(&what) { "NOT_FOUND" } else { "BAD_USER_INPUT" };
        assert_eq!(code(&response), expected, "{what}: {response}");
        assert_eq!(response["errors"][0]["extensions"]["field"], field, "{what}: {response}");
        let message = response["errors"][0]["message"].as_str().unwrap_or("");
        assert!(message.contains(&format!("`{field}")), "{what}: the message names the field: {message}");
        assert_eq!(fresh.fingerprint(), seeded, "{what}: nothing changed");
    }
    assert_eq!(fresh.store.snapshot().writes.count, 0);
}

#[tokio::test]
async fn an_update_to_the_same_values_succeeds_without_writing() {
    let fresh = Fresh::new();
    let operator = token_of(Role::Operator);
    let snap = snapshot();
    let agent = snap.dataset.agents.iter().find(|a| a.status == AgentStatus::Active).unwrap();
    let query = "mutation($i: UpdateAgentConfigInput!) { updateAgentConfig(input: $i) { agent { id config { temperature } } auditLog { id } } }";
    let same = json!({ "i": { "id": agent.id, "temperature": agent.config.temperature } });
    let data = fresh.ok(Some(&operator), query, same).await;
    assert_eq!(data["updateAgentConfig"]["agent"]["id"], agent.id.to_string());
    assert!(data["updateAgentConfig"]["auditLog"].is_null(), "no entry for no change: {data}");
    let none = fresh
        .ok(
            Some(&operator),
            "mutation($id: ID!) { updateAgent(input: { id: $id }) { agent { id } auditLog { id } } }",
            json!({ "id": agent.id }),
        )
        .await;
    assert!(none["updateAgent"]["auditLog"].is_null());
    assert_eq!(fresh.store.snapshot().writes.count, 0, "nothing written, nothing journaled");
    assert_eq!(fresh.fingerprint(), snap.fingerprint());
    assert_eq!(fresh.store.snapshot().generation, 0, "cached answers stay valid");
}

#[tokio::test]
async fn a_failed_mutation_nulls_only_its_field_and_the_writes_before_it_stand() {
    let fresh = Fresh::new();
    let operator = token_of(Role::Operator);
    let active = agent_with(AgentStatus::Active);
    let query = "mutation($id: ID!) {
        stop: stopAgent(input: { id: $id }) { agent { id status } }
        bad: updateAgentConfig(input: { id: $id, temperature: 9 }) { agent { id } }
        start: startAgent(input: { id: $id }) { agent { id status } }
    }";
    let response = fresh.call(Some(&operator), query, json!({ "id": active })).await;
    assert_eq!(response["data"]["stop"]["agent"]["status"], "INACTIVE", "{response}");
    assert!(response["data"]["bad"].is_null());
    assert_eq!(response["data"]["start"]["agent"]["status"], "ACTIVE", "mutations run in order, each on its own");
    assert_eq!(response["errors"].as_array().unwrap().len(), 1);
    assert_eq!(response["errors"][0]["path"], json!(["bad"]));
    assert_eq!(fresh.store.snapshot().writes.count, 2);
}

#[tokio::test]
async fn the_policy_forbids_a_model_and_the_last_admin_stays() {
    let fresh = Fresh::new();
    let admin = token_of(Role::Admin);
    // Move every agent off gpt-3.5-turbo, then forbid it.
    let on_old: Vec<String> = snapshot()
        .dataset
        .agents
        .iter()
        .filter(|a| a.model.id() == "gpt-3.5-turbo")
        .map(|a| a.id.to_string())
        .collect();
    assert!(!on_old.is_empty());
    let config = "mutation($i: UpdateAgentConfigInput!) { updateAgentConfig(input: $i) { agent { model } } }";
    for id in &on_old {
        let data = fresh.ok(Some(&admin), config, json!({ "i": { "id": id, "model": "gpt-4o-mini" } })).await;
        assert_eq!(data["updateAgentConfig"]["agent"]["model"], "gpt-4o-mini");
    }
    let policy = "mutation { updatePolicy(input: { allowedModels: [\"gpt-4o-mini\", \"gpt-4o\"] }) { workspace { allowedModels { id } } auditLog { summary details } } }";
    let data = fresh.ok(Some(&admin), policy, json!({})).await;
    let allowed: Vec<&str> = data["updatePolicy"]["workspace"]["allowedModels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(allowed.len(), 2, "{data}");
    let create = "mutation { createAgent(input: { name: \"Legacy Bot\", kind: IT_SUPPORT, model: \"gpt-3.5-turbo\" }) { agent { id } } }";
    let response = fresh.call(Some(&admin), create, json!({})).await;
    assert_eq!(code(&response), "BAD_USER_INPUT", "{response}");
    assert_eq!(response["errors"][0]["extensions"]["field"], "input.model");

    // Demote admins until one is left; the last one cannot be demoted.
    let admins: Vec<(String, String)> = snapshot()
        .dataset
        .users
        .iter()
        .filter(|u| u.role == Role::Admin)
        .map(|u| (u.id.to_string(), u.email.clone()))
        .collect();
    let (last_id, last_email) = admins.last().unwrap().clone();
    let role = "mutation($id: ID!) { updateUserRole(input: { id: $id, role: VIEWER }) { user { role } } }";
    for (id, _) in &admins[..admins.len() - 1] {
        fresh.ok(Some(&last_email), role, json!({ "id": id })).await;
    }
    let response = fresh.call(Some(&last_email), role, json!({ "id": last_id })).await;
    assert_eq!(code(&response), "BAD_USER_INPUT", "{response}");
    assert!(response["errors"][0]["message"].as_str().unwrap().contains("last admin"), "{response}");
    // A demoted admin lost the rights at once.
    let demoted = &admins[0].1;
    let response = fresh
        .call(Some(demoted), "mutation { updatePolicy(input: { monthlyBudget: 5 }) { workspace { id } } }", json!({}))
        .await;
    assert_eq!(code(&response), "FORBIDDEN", "{response}");
}

/// A fixed script of writes a dashboard might send.
async fn script(fresh: &Fresh) -> Vec<String> {
    let admin = token_of(Role::Admin);
    let operator = token_of(Role::Operator);
    let viewer = token_of(Role::Viewer);
    let mut bodies = Vec::new();
    let (_, email) = user_of(Role::Operator);
    let steps: Vec<(Option<&str>, String)> = vec![
        (None, format!(r#"mutation {{ signIn(email: "{email}") {{ token user {{ id }} auditLog {{ id createdAt summary }} }} }}"#)),
        (Some(&operator), r#"mutation { createAgent(input: { name: "Invoice Reader", kind: DOCUMENT_ANALYZER, model: "gpt-4o", temperature: 0.2 }) { agent { id name createdAt status config { systemPrompt maxTokens } dailyMetrics(range: { lastDays: 3 }) { id date conversations } } auditLog { id summary details } } }"#.into()),
        (Some(&operator), format!(r#"mutation {{ stopAgent(input: {{ id: "{}", reason: "Tuning prompts" }}) {{ agent {{ id status statusHistory {{ status at reason }} }} auditLog {{ id summary }} }} }}"#, agent_with(AgentStatus::Active))),
        (Some(&viewer), r#"mutation { requestExport(input: { collection: AGENTS, format: JSON }) { export { id url rowCount requestedAt } auditLog { id } } }"#.into()),
        (Some(&admin), r#"mutation { updatePolicy(input: { monthlyBudget: 4200.5 }) { workspace { id monthlyBudget budget { monthlyBudget } } auditLog { id summary details } } }"#.into()),
        (Some(&admin), format!(r#"mutation {{ deleteAgent(input: {{ id: "{}" }}) {{ agent {{ id deletedAt status }} auditLog {{ id summary details }} }} }}"#, agent_with(AgentStatus::Error))),
        (None, "{ agents(first: 50) { totalCount nodes { id name status } } auditLogs(first: 8, orderBy: { field: CREATED_AT, direction: DESC }) { nodes { id action summary createdAt } } }".into()),
    ];
    for (who, query) in steps {
        let response = fresh.call(who, &query, json!({})).await;
        assert!(response.get("errors").is_none(), "{query}: {response}");
        bodies.push(response.to_string());
    }
    bodies
}

#[tokio::test]
async fn the_same_writes_give_byte_identical_responses_and_dump() {
    let (a, b) = (Fresh::new(), Fresh::with_cache(false));
    let (first, second) = (script(&a).await, script(&b).await);
    assert_eq!(first, second, "same seed, anchor and writes: same responses");
    let (da, db) = (a.store.snapshot(), b.store.snapshot());
    assert_eq!(dump::to_string(&da.dataset), dump::to_string(&db.dataset), "and the same dump");
    assert_eq!(da.writes.count, 6);
    // The write clock: the anchor plus one second per accepted write.
    assert_eq!(da.dataset.now, snapshot().dataset.params.anchor + chrono::TimeDelta::seconds(6));
    let created: Value = serde_json::from_str(&first[1]).unwrap();
    assert_eq!(created["data"]["createAgent"]["agent"]["createdAt"], "2025-01-19T14:00:02Z");
    let listed: Value = serde_json::from_str(&first[6]).unwrap();
    assert_eq!(listed["data"]["agents"]["totalCount"], snapshot().dataset.agents.len(), "one created, one deleted");
}

#[tokio::test]
async fn reset_restores_the_seeded_state() {
    let fresh = Fresh::new();
    let seeded = fresh.fingerprint();
    script(&fresh).await;
    assert_ne!(fresh.fingerprint(), seeded);
    let generation = fresh.store.snapshot().generation;
    let data = fresh
        .ok(
            Some(&token_of(Role::Admin)),
            "mutation { resetData { fingerprint workspace { monthlyBudget } } }",
            json!({}),
        )
        .await;
    assert_eq!(data["resetData"]["fingerprint"], seeded.as_str());
    let snap = fresh.store.snapshot();
    assert_eq!(dump::fingerprint(&snap.dataset), seeded, "the dump itself, not a cached value");
    assert!(
        snap.generation > generation,
        "a reset is a new generation: cached answers of the written state are never served"
    );
    assert_eq!(snap.writes.count, 0);
    assert!(snap.writes.exports.is_empty());
    // Writes after a reset start the counter again, like the seeded state.
    let again = Fresh::new();
    let (x, y) = (script(&fresh).await, script(&again).await);
    assert_eq!(x, y);
}

#[tokio::test]
async fn batches_run_mutations_in_order_and_caches_never_serve_an_old_state() {
    let fresh = Fresh::new();
    let operator = format!("Bearer {}", token_of(Role::Operator));
    let count = json!({ "query": "{ agents { totalCount } }" });
    let before =
        fresh.post(Some(&operator), count.clone()).await.json()["data"]["agents"]["totalCount"].as_u64().unwrap();
    let create = |name: &str| json!({ "query": format!("mutation {{ createAgent(input: {{ name: \"{name}\", kind: IT_SUPPORT, model: \"gpt-4o-mini\" }}) {{ agent {{ name }} }} }}") });
    let batch = json!([count, create("Batch One"), count, create("Batch Two"), count]);
    let reply = fresh.post(Some(&operator), batch).await.json();
    let counts: Vec<u64> =
        [0, 2, 4].iter().map(|&i| reply[i]["data"]["agents"]["totalCount"].as_u64().unwrap()).collect();
    assert_eq!(counts, vec![before, before + 1, before + 2], "each operation sees the writes before it: {reply}");
    // The same count query again, cache on: the newest state.
    let after =
        fresh.post(Some(&operator), count.clone()).await.json()["data"]["agents"]["totalCount"].as_u64().unwrap();
    assert_eq!(after, before + 2);
    // A repeated mutation runs again (never replayed): the name is taken now.
    let repeat = fresh.post(Some(&operator), create("Batch One")).await.json();
    assert_eq!(code(&repeat), "BAD_USER_INPUT", "{repeat}");
    // GET never runs a mutation.
    let uri = format!("/graphql?query={}", crate::support::encode("mutation { signOut { user { id } } }"));
    let request = Request::get(uri).header("authorization", &operator).body(Body::empty()).unwrap();
    let reply = send(fresh.app.clone(), request).await;
    assert_eq!(reply.status.as_u16(), 405, "{}", reply.text());
    assert_eq!(fresh.store.snapshot().writes.count, 2);
}

#[tokio::test]
async fn exports_download_the_requested_rows_as_csv_and_json() {
    let fresh = Fresh::new();
    let viewer = token_of(Role::Viewer);
    let request = "mutation($c: ExportCollection!, $f: ExportFormat!) { requestExport(input: { collection: $c, format: $f, range: { lastDays: 7 } }) { export { id url rowCount from to format } auditLog { details } } }";
    let d = &snapshot().dataset;
    let json_export = fresh.ok(Some(&viewer), request, json!({ "c": "DAILY_METRICS", "f": "JSON" })).await;
    let export = &json_export["requestExport"]["export"];
    let expected = d.daily_metrics.iter().filter(|m| m.date >= d.window.date(d.window.days - 7)).count();
    assert_eq!(export["rowCount"], expected);
    assert_eq!(
        json_export["requestExport"]["auditLog"]["details"],
        json!({ "dataset": "daily metrics", "format": "JSON", "days": 7 })
    );
    let path = export["url"].as_str().unwrap().trim_start_matches(PUBLIC_URL).to_string();
    let reply = send(fresh.app.clone(), Request::get(&path).body(Body::empty()).unwrap()).await;
    assert_eq!(reply.status.as_u16(), 200, "{path}");
    assert!(reply.headers["content-disposition"].to_str().unwrap().contains("attachment"));
    assert_eq!(reply.headers["cache-control"], "no-store", "ids start again after a reset");
    let rows = reply.json();
    assert_eq!(rows.as_array().unwrap().len(), expected);

    // A name a spreadsheet would run as a formula is written as text.
    let formula = r#"mutation { createAgent(input: { name: "=HYPERLINK(\"http://x\")", kind: IT_SUPPORT, model: "gpt-4o" }) { agent { id } } }"#;
    fresh.ok(Some(&token_of(Role::Admin)), formula, json!({})).await;
    // A viewer's agents export leaves the system prompts out; a CSV has a header and one line per row.
    let csv = fresh.ok(Some(&viewer), request, json!({ "c": "AGENTS", "f": "CSV" })).await;
    let path = csv["requestExport"]["export"]["url"].as_str().unwrap().trim_start_matches(PUBLIC_URL).to_string();
    let reply = send(fresh.app.clone(), Request::get(&path).body(Body::empty()).unwrap()).await;
    let text = reply.text();
    assert!(reply.headers["content-type"].to_str().unwrap().starts_with("text/csv"));
    let header = text.lines().next().unwrap();
    assert!(header.contains("config.temperature") && header.contains("name"), "{header}");
    assert!(!text.contains("systemPrompt"), "a viewer may not see prompts, in an export either");
    assert!(text.contains(r#""'=HYPERLINK(""http://x"")""#), "{text}");
    // Rows with line breaks are quoted, so count records by the parser's rules: one per agent.
    assert_eq!(text.matches("\r\n").count(), d.agents.len() + 2);
    // The download never changes, and a reset drops it.
    let again = send(fresh.app.clone(), Request::get(&path).body(Body::empty()).unwrap()).await;
    assert_eq!(again.body, reply.body);
    fresh.ok(Some(&token_of(Role::Admin)), "mutation { resetData { fingerprint } }", json!({})).await;
    let gone = send(fresh.app.clone(), Request::get(&path).body(Body::empty()).unwrap()).await;
    assert_eq!(gone.status.as_u16(), 404);

    // Audit entries hold different details per action: the CSV has every
    // record's columns, the same ones the JSON file's records hold.
    let download = |format: &'static str| {
        let fresh = &fresh;
        async move {
            let audit = json!({ "c": "AUDIT_LOGS", "f": format });
            let made = fresh.ok(Some(&token_of(Role::Admin)), request, audit).await;
            let url =
                made["requestExport"]["export"]["url"].as_str().unwrap().trim_start_matches(PUBLIC_URL).to_string();
            send(fresh.app.clone(), Request::get(&url).body(Body::empty()).unwrap()).await
        }
    };
    fn columns(prefix: &str, value: &Value, out: &mut std::collections::BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                for (key, inner) in map {
                    let name = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
                    columns(&name, inner, out);
                }
            }
            _ => {
                out.insert(prefix.to_string());
            }
        }
    }
    let mut expected = std::collections::BTreeSet::new();
    for record in download("JSON").await.json().as_array().unwrap() {
        columns("", record, &mut expected);
    }
    let csv = download("CSV").await.text();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    assert!(expected.len() > 12, "entries of several actions: {expected:?}");
    assert_eq!(header, expected.iter().map(String::as_str).collect::<Vec<_>>());
}

/// Every aggregate the store keeps incrementally equals the same figure
/// built from the rows of the same state.
pub(crate) fn assert_reconciles(snap: &Snapshot, what: &str) {
    for r in check::run_live(&snap.dataset) {
        assert!(r.passed(), "{what}: {} failed: {:?}", r.name, r.outcome);
    }
    let rebuilt = Snapshot::new(snap.dataset.clone());
    let days = 0..snap.dataset.window.days as i64;
    let mut sets = vec![AgentSet::Cells(CellMask::ALL)];
    for status in [AgentStatus::Active, AgentStatus::Inactive, AgentStatus::Error] {
        sets.push(AgentSet::Cells(CellMask::of(|_, s| s == status)));
    }
    for model in agentmock::data::catalogue::Model::ALL {
        sets.push(AgentSet::Cells(CellMask::of(|m, _| m == model)));
    }
    for set in &sets {
        assert_eq!(snap.agent_count(set), rebuilt.agent_count(set), "{what}: agents of {set:?}");
        assert_eq!(snap.agents_in(set), rebuilt.agents_in(set), "{what}: agents of {set:?}");
        assert_eq!(
            snap.telemetry(set, days.clone()),
            rebuilt.telemetry(set, days.clone()),
            "{what}: telemetry of {set:?}"
        );
        // Whole, inside, over either end, empty, backwards.
        let end = days.end;
        let backwards = std::ops::Range { start: 10, end: 5 };
        for range in [days.clone(), 3..17, -5..4, end - 3..end + 5, 20..20, backwards] {
            assert_eq!(snap.totals(set, range.clone()), rebuilt.totals(set, range), "{what}: totals of {set:?}");
        }
        assert_eq!(
            snap.agents_with_traffic(set, days.clone()),
            rebuilt.agents_with_traffic(set, days.clone()),
            "{what}: agents with traffic in {set:?}"
        );
    }
    let d = &snap.dataset;
    let live = d.agents.iter().filter(|a| a.deleted_at.is_none()).count() as u64;
    assert_eq!(snap.agent_count(&AgentSet::Cells(CellMask::ALL)), live, "{what}: deleted agents leave the counts");
    // A deleted agent's traffic stays in the fleet's figures and leaves
    // every status's: the statuses add up to the fleet less the deleted.
    let conversations = |set: &AgentSet| snap.telemetry(set, days.clone()).totals.conversations;
    let by_status: u64 =
        AgentStatus::ALL.iter().map(|&status| conversations(&AgentSet::Cells(CellMask::of(|_, s| s == status)))).sum();
    let deleted: u64 = d
        .daily_metrics
        .iter()
        .filter(|m| d.agents[m.agent as usize].deleted_at.is_some())
        .map(|m| m.conversations as u64)
        .sum();
    let fleet: u64 = d.daily_metrics.iter().map(|m| m.conversations as u64).sum();
    assert_eq!(conversations(&AgentSet::Cells(CellMask::ALL)), fleet, "{what}: the fleet counts every row");
    assert_eq!(by_status + deleted, fleet, "{what}: the statuses count live agents' traffic only");
}

#[tokio::test]
async fn random_writes_by_several_roles_keep_every_aggregate_reconciled() {
    let fresh = Fresh::new();
    // Build the roll-ups first, so the writes update them in place.
    assert_reconciles(&fresh.store.snapshot(), "seeded");
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(9);
    let roles = actors();
    let mut accepted = 0;
    for step in 0..120 {
        let snap = fresh.store.snapshot();
        let live: Vec<&agentmock::data::Agent> =
            snap.dataset.agents.iter().filter(|a| a.deleted_at.is_none()).collect();
        let agent = live[rng.random_range(0..live.len())].id.to_string();
        let models = ["gpt-4o", "gpt-4o-mini", "gpt-3.5-turbo"];
        let model = models[rng.random_range(0..3)];
        let (query, variables) = match rng.random_range(0..8) {
            0 => (
                "mutation($n: String!, $m: String!) { createAgent(input: { name: $n, kind: SALES_ASSISTANT, model: $m }) { agent { id } } }",
                json!({ "n": format!("Random Bot {step}"), "m": model }),
            ),
            1 => ("mutation($id: ID!) { startAgent(input: { id: $id }) { agent { id } } }", json!({ "id": agent })),
            2 => ("mutation($id: ID!) { stopAgent(input: { id: $id }) { agent { id } } }", json!({ "id": agent })),
            3 => (
                "mutation($id: ID!, $m: String!, $t: Float!) { updateAgentConfig(input: { id: $id, model: $m, temperature: $t }) { agent { id } } }",
                json!({ "id": agent, "m": model, "t": rng.random_range(0..=20) as f64 / 10.0 }),
            ),
            4 => ("mutation($id: ID!) { deleteAgent(input: { id: $id }) { agent { id } } }", json!({ "id": agent })),
            5 => (
                "mutation($id: ID!, $n: String!) { updateAgent(input: { id: $id, name: $n, systemPrompt: \"Be brief.\" }) { agent { id } } }",
                json!({ "id": agent, "n": format!("Renamed {step}") }),
            ),
            6 => (
                "mutation { requestExport(input: { collection: CONVERSATIONS, format: CSV }) { export { id } } }",
                json!({}),
            ),
            _ => (
                "mutation($b: Float!) { updatePolicy(input: { monthlyBudget: $b }) { workspace { id } } }",
                json!({ "b": rng.random_range(100..10_000) as f64 }),
            ),
        };
        let (role, token) = &roles[rng.random_range(0..3)];
        let before = fresh.audit_count();
        let response = fresh.call(token.as_deref(), query, variables).await;
        let ok = response.get("errors").is_none();
        accepted += usize::from(ok);
        assert_eq!(fresh.audit_count(), before + usize::from(ok), "step {step} by {role}: {response}");
        if !ok {
            assert!(["FORBIDDEN", "BAD_USER_INPUT"].contains(&code(&response)), "step {step}: {response}");
        }
        assert_reconciles(&fresh.store.snapshot(), &format!("step {step} ({role}: {query})"));
    }
    assert!(accepted > 30, "the sequence mostly writes: {accepted} accepted");
    // GraphQL's fleet figures agree with the rows too.
    let kpis = fresh.ok(None, "{ analytics { kpis { totalConversations } } }", json!({})).await;
    let snap = fresh.store.snapshot();
    let conversations: u64 = snap.dataset.daily_metrics.iter().map(|m| m.conversations as u64).sum();
    assert_eq!(kpis["analytics"]["kpis"]["totalConversations"], conversations, "{kpis}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writes_are_linearized_and_the_journal_replays_them() {
    let dir = std::env::temp_dir().join(format!("agentmock-it-journal-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("journal.jsonl");
    let _ = std::fs::remove_file(&path);
    let (store, _) = Store::with_journal(Snapshot::new(snapshot().dataset.clone()), &path).unwrap();
    let store = Arc::new(store);
    let app = router(AppState::new(store.clone(), PUBLIC_URL));
    let seeded_entries = store.snapshot().dataset.audit_logs.len();
    let mut tasks = Vec::new();
    for task in 0..8 {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            let roles = [Role::Admin, Role::Operator, Role::Viewer];
            let mut accepted = 0;
            for i in 0..15 {
                let token = token_of(roles[(task + i) % 3]);
                let query = match i % 3 {
                    0 => format!(r#"mutation {{ createAgent(input: {{ name: "Task {task} Bot {i}", kind: HR_ONBOARDING, model: "gpt-4o-mini" }}) {{ agent {{ id }} }} }}"#),
                    1 => format!(r#"mutation {{ updatePolicy(input: {{ monthlyBudget: {} }}) {{ workspace {{ id }} }} }}"#, 1000 + task * 100 + i),
                    _ => "mutation { requestExport(input: { collection: AGENTS, format: JSON }) { export { id } } }".to_string(),
                };
                let request = Request::post("/graphql")
                    .header("content-type", "application/json")
                    .header("authorization", format!("Bearer {token}"))
                    .body(Body::from(json!({ "query": query }).to_string()))
                    .unwrap();
                let response = send(app.clone(), request).await.json();
                accepted += usize::from(response.get("errors").is_none());
            }
            accepted
        }));
    }
    let mut accepted = 0;
    for task in tasks {
        accepted += task.await.unwrap();
    }
    let snap = store.snapshot();
    assert!(accepted > 40, "{accepted}");
    assert_eq!(snap.dataset.audit_logs.len(), seeded_entries + accepted, "exactly one entry per success");
    assert_eq!(snap.writes.count as usize, accepted);
    // The write numbers are 1..n with no gap or repeat: each write saw the one before.
    let lines = std::fs::read_to_string(&path).unwrap();
    let numbers: Vec<u64> =
        lines.lines().skip(1).map(|l| serde_json::from_str::<Value>(l).unwrap()["n"].as_u64().unwrap()).collect();
    assert_eq!(numbers, (1..=accepted as u64).collect::<Vec<_>>());
    let seeded = || Snapshot::new(snapshot().dataset.clone());
    assert!(
        matches!(Store::with_journal(seeded(), &path), Err(agentmock::store::OpenError::Journal(_))),
        "a second store may not take a journal in use"
    );
    let (replayed, dropped) = Store::from_journal(seeded(), &path).unwrap();
    assert_eq!(dropped, None);
    assert_eq!(replayed.snapshot().fingerprint(), snap.fingerprint(), "replaying the journal gives the same state");
    assert_reconciles(&snap, "after concurrent writes");
    let _ = std::fs::remove_dir_all(&dir);
}

mod journal {
    //! The journal as the real binary keeps it.

    use std::io::Write;

    use super::*;
    use crate::cli::{Sandbox, Server};
    use crate::support::ANCHOR;

    fn post(server: &Server, token: Option<&str>, query: &str) -> Value {
        use std::io::Read;
        let address = server.url.trim_start_matches("http://");
        let mut stream = std::net::TcpStream::connect(address).expect("connect");
        stream.set_read_timeout(Some(std::time::Duration::from_secs(30))).unwrap();
        let body = json!({ "query": query }).to_string();
        let auth = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
        write!(
            stream,
            "POST /graphql HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\n{auth}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let (_, body) = response.split_once("\r\n\r\n").expect("a response");
        serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
    }

    fn fingerprint(server: &Server) -> String {
        post(server, None, "{ meta { fingerprint } }")["data"]["meta"]["fingerprint"].as_str().unwrap().to_string()
    }

    fn start(sandbox: &Sandbox, journal: &str, extra: &[&str]) -> Server {
        let mut args = vec!["--port", "0", "--now", ANCHOR, "--journal", journal];
        args.extend_from_slice(extra);
        Server::start(sandbox, &args)
    }

    /// Runs the binary to its exit: status and stderr.
    fn refused(sandbox: &Sandbox, args: &[&str]) -> (i32, String) {
        let output = sandbox.command(args, &[]).output().expect("run");
        (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stderr).into_owned())
    }

    #[test]
    fn a_restart_keeps_the_state_a_torn_tail_is_dropped_and_corruption_stops_start_up() {
        let sandbox = Sandbox::new("journal");
        let path = sandbox_path(&sandbox, "writes.jsonl");
        let admin = token_of(Role::Admin);
        let server = start(&sandbox, &path, &[]);
        let seeded = fingerprint(&server);
        let created = post(
            &server,
            Some(&admin),
            r#"mutation { createAgent(input: { name: "Durable Bot", kind: IT_SUPPORT, model: "gpt-4o" }) { agent { id } } }"#,
        );
        let id = created["data"]["createAgent"]["agent"]["id"].as_str().unwrap().to_string();
        post(
            &server,
            Some(&admin),
            &format!(r#"mutation {{ startAgent(input: {{ id: "{id}" }}) {{ agent {{ id }} }} }}"#),
        );
        post(&server, Some(&admin), "mutation { updatePolicy(input: { monthlyBudget: 777 }) { workspace { id } } }");
        let written = fingerprint(&server);
        assert_ne!(written, seeded);
        drop(server); // killed: no clean shutdown

        // A restart replays the journal: the same state.
        let server = start(&sandbox, &path, &[]);
        assert_eq!(fingerprint(&server), written, "the restarted server has exactly the state it had");
        let agent = post(&server, None, &format!(r#"{{ agent(id: "{id}") {{ name status }} }}"#));
        assert_eq!(agent["data"]["agent"], json!({ "name": "Durable Bot", "status": "ACTIVE" }));
        drop(server);

        // A torn last record (a crash mid-append) is dropped.
        let mut file = std::fs::OpenOptions::new().append(true).open(&path).unwrap();
        file.write_all(br#"{"n":4,"actor":null,"command":{"type":"sig"#).unwrap();
        drop(file);
        let server = start(&sandbox, &path, &[]);
        assert_eq!(fingerprint(&server), written, "the torn record is not applied");
        // ... and cut off, so the next write appends cleanly.
        post(&server, Some(&admin), "mutation { signOut { user { id } } }");
        let after = fingerprint(&server);
        drop(server);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.lines().all(|l| serde_json::from_str::<Value>(l).is_ok()), "{text}");
        let server = start(&sandbox, &path, &[]);
        assert_eq!(fingerprint(&server), after);
        drop(server);

        // A journal for another dataset is refused.
        let (status, stderr) = refused(&sandbox, &["--port", "0", "--now", ANCHOR, "--seed", "7", "--journal", &path]);
        assert_eq!(status, 2, "{stderr}");
        assert!(stderr.contains("another dataset") && stderr.contains("seed 12345"), "{stderr}");

        // A corrupt record in the middle stops start-up, naming the line.
        let mut lines: Vec<String> = text.lines().map(String::from).collect();
        lines.insert(2, "{not json".into());
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
        let (status, stderr) = refused(&sandbox, &["--port", "0", "--now", ANCHOR, "--journal", &path]);
        assert_eq!(status, 2, "{stderr}");
        assert!(stderr.contains("line 3"), "{stderr}");
        lines.remove(2);
        // So does a whole last line that does not parse: only a line cut
        // short (no newline) is a torn append.
        std::fs::write(&path, lines.join("\n") + "\n{\"n\":9}\n").unwrap();
        let (status, stderr) = refused(&sandbox, &["--port", "0", "--now", ANCHOR, "--journal", &path]);
        assert_eq!(status, 2, "{stderr}");
        assert!(stderr.contains(&format!("line {}", lines.len() + 1)), "{stderr}");
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();

        // One server holds a journal at a time.
        let server = start(&sandbox, &path, &[]);
        let (status, stderr) = refused(&sandbox, &["--port", "0", "--now", ANCHOR, "--journal", &path]);
        assert_eq!(status, 2, "{stderr}");
        assert!(stderr.contains("in use by another agentmock server"), "{stderr}");
        assert_eq!(fingerprint(&server), after, "the first server keeps serving");
        drop(server);

        // resetData truncates the journal to its header.
        let server = start(&sandbox, &path, &[]);
        post(&server, Some(&admin), "mutation { resetData { fingerprint } }");
        assert_eq!(fingerprint(&server), seeded);
        drop(server);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 1, "only the header is left: {text}");
        let server = start(&sandbox, &path, &[]);
        assert_eq!(fingerprint(&server), seeded);
        drop(server);

        // A header cut short of its newline gets one, so records that follow
        // start on their own line.
        std::fs::write(&path, text.trim_end()).unwrap();
        let server = start(&sandbox, &path, &[]);
        post(&server, Some(&admin), "mutation { updatePolicy(input: { monthlyBudget: 778 }) { workspace { id } } }");
        let budgeted = fingerprint(&server);
        drop(server);
        let server = start(&sandbox, &path, &[]);
        assert_eq!(fingerprint(&server), budgeted);
        assert_eq!(std::fs::read_to_string(&path).unwrap().lines().count(), 2);
    }

    fn sandbox_path(sandbox: &Sandbox, name: &str) -> String {
        sandbox.path(name).to_string_lossy().into_owned()
    }

    #[test]
    fn without_now_a_server_resumes_on_the_journals_anchor() {
        let sandbox = Sandbox::new("journal-anchor");
        let path = sandbox_path(&sandbox, "writes.jsonl");
        let server = start(&sandbox, &path, &[]);
        post(
            &server,
            Some(&token_of(Role::Admin)),
            "mutation { updatePolicy(input: { monthlyBudget: 321 }) { workspace { id } } }",
        );
        let written = fingerprint(&server);
        drop(server);
        let server = Server::start(&sandbox, &["--port", "0", "--journal", &path]);
        let meta = post(&server, None, "{ meta { anchorTime fingerprint } }");
        assert_eq!(meta["data"]["meta"]["anchorTime"], ANCHOR, "{meta}");
        assert_eq!(meta["data"]["meta"]["fingerprint"], written.as_str());
    }

    #[test]
    fn check_reports_the_live_rules_after_a_journal() {
        let sandbox = Sandbox::new("journal-check");
        let path = sandbox_path(&sandbox, "writes.jsonl");
        let server = start(&sandbox, &path, &[]);
        let admin = token_of(Role::Admin);
        post(
            &server,
            Some(&admin),
            r#"mutation { createAgent(input: { name: "Checked Bot", kind: IT_SUPPORT, model: "gpt-4o" }) { agent { id } } }"#,
        );
        drop(server);
        let output = sandbox.command(&["check", "--now", ANCHOR, "--journal", &path], &[]).output().unwrap();
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{text}");
        assert!(text.contains("after 1 journaled writes"), "{text}");
        assert!(text.contains("ok   live.names") && text.contains("skip users.roles"), "{text}");

        // It only reads: a torn tail is reported and left in place, and a
        // missing journal is an error, not a new file.
        let mut file = std::fs::OpenOptions::new().append(true).open(&path).unwrap();
        file.write_all(br#"{"n":2,"act"#).unwrap();
        drop(file);
        let before = std::fs::read(&path).unwrap();
        let output = sandbox.command(&["check", "--now", ANCHOR, "--journal", &path], &[]).output().unwrap();
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success() && text.contains("torn last record on line 3"), "{text}");
        assert_eq!(std::fs::read(&path).unwrap(), before, "check leaves the journal as it was");
        let missing = sandbox_path(&sandbox, "missing.jsonl");
        let (status, stderr) = refused(&sandbox, &["check", "--now", ANCHOR, "--journal", &missing]);
        assert_eq!(status, 2, "{stderr}");
        assert!(stderr.contains("missing.jsonl") && !std::path::Path::new(&missing).exists(), "{stderr}");
    }
}

#[test]
fn the_writes_page_lists_the_default_seeds_tokens() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/writes.md")).expect("docs/writes.md");
    let snap = snapshot();
    let rows: Vec<&str> = readme.lines().filter(|l| l.starts_with("| ") && l.contains("`amk_")).collect();
    assert_eq!(rows.len(), snap.dataset.users.len(), "one row per user");
    for user in &snap.dataset.users {
        let token = auth::token(snap.dataset.params.seed, &user.id);
        let row =
            rows.iter().find(|r| r.contains(&format!("`{}`", user.email))).unwrap_or_else(|| panic!("{}", user.email));
        assert!(row.contains(&format!("`{token}`")) && row.contains(user.role.as_str()), "{row}");
    }
}

#[tokio::test]
async fn a_deleted_agent_leaves_lists_and_counts_and_its_history_stays_reachable() {
    let fresh = Fresh::new();
    let admin = token_of(Role::Admin);
    let snap = snapshot();
    let d = &snap.dataset;
    let (row, agent) = d.agents.iter().enumerate().find(|(_, a)| a.status == AgentStatus::Active).unwrap();
    let id = agent.id.to_string();
    let before = fresh
        .ok(None, "{ analytics { kpis(range: { lastDays: 30 }) { totalCost } costByModel(range: { lastDays: 30 }) { totalCost } } }", json!({}))
        .await;
    fresh
        .ok(
            Some(&admin),
            "mutation($id: ID!) { deleteAgent(input: { id: $id }) { agent { id } } }",
            json!({ "id": id }),
        )
        .await;

    let query = "query($id: ID!) {
        agent(id: $id) { id }
        agents(filter: { ids: [$id] }) { totalCount }
        all: agents { totalCount }
        meta { counts { agents } }
        conversations(filter: { agentIds: [$id] }) { totalCount nodes { agent { id deletedAt } } }
        dailyMetrics(filter: { agentIds: [$id] }) { totalCount }
        costRecords(filter: { agentIds: [$id] }) { totalCount }
        auditLogs(filter: { targetIds: [$id] }) { totalCount }
        analytics {
            kpis(range: { lastDays: 30 }) { totalCost }
            costByModel(range: { lastDays: 30 }) { totalCost }
            costByAgent(range: { lastDays: 30 }, first: 100) { share }
        }
    }";
    let data = fresh.ok(None, query, json!({ "id": id })).await;
    assert!(data["agent"].is_null(), "{data}");
    assert_eq!(data["agents"]["totalCount"], 0);
    assert_eq!(data["all"]["totalCount"], d.agents.len() - 1);
    assert_eq!(data["meta"]["counts"]["agents"], d.agents.len() - 1, "the count agrees with the list");
    // Its history stays, and the filters the unfiltered lists answer to find it.
    let conversations = d.conversations.iter().filter(|c| c.agent as usize == row).count();
    assert!(conversations > 0);
    assert_eq!(data["conversations"]["totalCount"], conversations, "{data}");
    assert_eq!(data["conversations"]["nodes"][0]["agent"]["id"], id.as_str());
    assert!(data["conversations"]["nodes"][0]["agent"]["deletedAt"].is_string());
    assert_eq!(data["dailyMetrics"]["totalCount"], d.window.days);
    assert_eq!(data["costRecords"]["totalCount"], d.window.days);
    let entries =
        d.audit_logs.iter().filter(|l| l.target == Some(agentmock::data::AuditTarget::Agent(row as u32))).count();
    assert_eq!(data["auditLogs"]["totalCount"], entries, "its entries, the deletion's own has no target");
    // Its traffic stays in the fleet's and the models' figures; shares are of the whole.
    let a = &data["analytics"];
    assert_eq!(a["kpis"]["totalCost"], before["analytics"]["kpis"]["totalCost"], "the traffic happened");
    assert_eq!(a["costByModel"], before["analytics"]["costByModel"]);
    let shares: f64 = a["costByAgent"].as_array().unwrap().iter().map(|r| r["share"].as_f64().unwrap_or(0.0)).sum();
    assert!(shares < 0.999, "the live agents' shares leave out the deleted agent's: {shares}");
}
