//! Everything a client can grow is bounded ("One server for every test"):
//! the exports kept (a count and bytes, the oldest out, a JSON 404 for its
//! link), a long history of writes that replays and drops within a small
//! stack, status histories shared between snapshots (so a journal of
//! toggles replays in linear time), and a journal deleted while the server
//! runs. The WebSocket queue and the burst of handshakes are in
//! `live.rs` and `server.rs`, with their sockets.

use std::collections::VecDeque;
use std::sync::Arc;

use agentmock::data::AgentStatus;
use agentmock::data::catalogue::Role;
use agentmock::http::{AppState, HttpOptions, router};
use agentmock::store::export::{ExportLimits, Shelf};
use agentmock::store::writes::{Command, ExportCollection, ExportFormat, WriteError};
use agentmock::store::{Snapshot, Store, auth};
use axum::body::Body;
use axum::http::Request;
use serde_json::{Value, json};

use crate::support::{PUBLIC_URL, send, snapshot};

/// A seeded snapshot keeping exports within `limits`.
fn seeded(limits: ExportLimits) -> Snapshot {
    let mut snap = Snapshot::new(snapshot().dataset.clone());
    snap.writes.exports = Shelf::new(limits);
    snap
}

fn user_of(role: Role) -> u32 {
    snapshot().dataset.users.iter().position(|u| u.role == role).expect("a user of every role") as u32
}

fn token_of(role: Role) -> String {
    let snap = snapshot();
    auth::token(snap.dataset.params.seed, &snap.dataset.users[user_of(role) as usize].id)
}

fn export(collection: ExportCollection, format: ExportFormat, days: u32) -> Command {
    let d = &snapshot().dataset;
    let to = d.window.date(d.window.days - 1);
    Command::RequestExport { collection, format, from: to - chrono::Days::new(u64::from(days - 1)), to }
}

/// The `n`-th of a mix of exports of 14 to 35 KB (at the default seed).
fn mixed(n: usize) -> Command {
    match n % 4 {
        0 => export(ExportCollection::Agents, ExportFormat::Csv, 30),
        1 => export(ExportCollection::DailyMetrics, ExportFormat::Csv, 1),
        2 => export(ExportCollection::AuditLogs, ExportFormat::Csv, 30),
        _ => export(ExportCollection::CostRecords, ExportFormat::Json, 7),
    }
}

async fn get(app: &agentmock::http::App, path: &str) -> crate::support::Reply {
    send(app.clone(), Request::get(path).body(Body::empty()).expect("a request")).await
}

/// The download path of the newest kept export.
fn newest_path(store: &Store) -> String {
    let snap = store.snapshot();
    let newest = snap.writes.exports.iter().last().expect("an export kept");
    agentmock::store::export::path(newest)
}

#[tokio::test]
async fn exports_are_kept_within_their_count_and_bytes_and_a_dropped_one_is_a_json_404() {
    let limits = ExportLimits { max_count: 5, max_bytes: 256 << 10 };
    let store = Arc::new(Store::new(seeded(limits)));
    let app = router(AppState::new(store.clone(), PUBLIC_URL));
    let viewer = Some(user_of(Role::Viewer));

    // The first export, over HTTP; a later write does not change its file.
    let request = Request::post("/graphql")
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {}", token_of(Role::Viewer)))
        .body(Body::from(
            json!({ "query": "mutation { requestExport(input: { collection: AGENTS, format: CSV }) { export { url rowCount } } }" })
                .to_string(),
        ))
        .expect("a request");
    let made = send(app.clone(), request).await.json();
    let first = made["data"]["requestExport"]["export"]["url"].as_str().expect("a url").replace(PUBLIC_URL, "");
    assert_eq!(made["data"]["requestExport"]["export"]["rowCount"], snapshot().dataset.agents.len());
    let file = get(&app, &first).await;
    assert_eq!(file.status.as_u16(), 200);
    let admin = Some(user_of(Role::Admin));
    let create = Command::CreateAgent {
        name: "Kept Bot".into(),
        kind: agentmock::data::kinds::AgentKind::ItSupport,
        description: None,
        model: "gpt-4o".into(),
        temperature: None,
        max_tokens: None,
        system_prompt: None,
    };
    store.write(admin, &create).expect("a new agent");
    assert_eq!(get(&app, &first).await.body, file.body, "a download stays what it was when requested");

    // A flood: the shelf keeps the newest exports that fit both limits
    // together, never more; every request is still an audited write.
    let entries = store.snapshot().dataset.audit_logs.len();
    let mut expected: VecDeque<(uuid::Uuid, usize)> =
        store.snapshot().writes.exports.iter().map(|e| (e.id, e.file.held())).collect();
    let mut pushed_by_bytes = false;
    for n in 0..200 {
        // Every fifth is three days of daily metrics as JSON (185 KB).
        let command = if n % 5 == 4 { export(ExportCollection::DailyMetrics, ExportFormat::Json, 3) } else { mixed(n) };
        store.write(viewer, &command).expect("an export");
        let snap = store.snapshot();
        let shelf = &snap.writes.exports;
        let newest = shelf.iter().last().expect("the new export is kept");
        expected.push_back((newest.id, newest.file.held()));
        while expected.len() > limits.max_count || expected.iter().map(|e| e.1).sum::<usize>() > limits.max_bytes {
            pushed_by_bytes |= expected.len() <= limits.max_count;
            expected.pop_front();
        }
        assert_eq!(shelf.iter().map(|e| e.id).collect::<Vec<_>>(), expected.iter().map(|e| e.0).collect::<Vec<_>>());
        assert!(
            shelf.len() <= limits.max_count && shelf.bytes() <= limits.max_bytes,
            "{} exports, {} bytes",
            shelf.len(),
            shelf.bytes()
        );
        assert_eq!(shelf.bytes(), expected.iter().map(|e| e.1).sum::<usize>(), "the bytes held are counted exactly");
    }
    assert!(pushed_by_bytes, "the byte budget, not only the count, pushed exports out");
    assert_eq!(store.snapshot().dataset.audit_logs.len(), entries + 200);

    // The first link is gone: a 404 with a JSON body that says why.
    let gone = get(&app, &first).await;
    assert_eq!(gone.status.as_u16(), 404);
    assert_eq!(gone.headers["content-type"], "application/json");
    let body = gone.json();
    assert_eq!(body["errors"][0]["extensions"]["code"], "NOT_FOUND", "{body}");
    let message = body["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("--max-exports") && message.contains("--max-export-mb"), "{message}");
    assert_eq!(get(&app, &newest_path(&store)).await.status.as_u16(), 200, "the newest is there");
    let malformed = get(&app, "/exports/not-an-id.csv").await;
    assert_eq!(
        (malformed.status.as_u16(), &malformed.json()["errors"][0]["extensions"]["code"]),
        (404, &json!("NOT_FOUND"))
    );

    // A file larger than the whole budget is refused, and nothing is written.
    let before = store.snapshot();
    let whole = export(ExportCollection::DailyMetrics, ExportFormat::Json, 30);
    match store.write(viewer, &whole) {
        Err(WriteError::BadInput { field, message }) => {
            assert_eq!(field, "input.range");
            assert!(message.contains("--max-export-mb") && message.contains("fewer days"), "{message}");
        }
        other => panic!("expected the export to be refused, got {other:?}"),
    }
    assert!(Arc::ptr_eq(&before, &store.snapshot()), "a refused export changes nothing");
}

/// A journal of `records` (after the header of `header_of`), as the server
/// writes them.
fn write_journal(path: &std::path::Path, header_of: &std::path::Path, records: impl Iterator<Item = Value>) {
    let header = std::fs::read_to_string(header_of).expect("a journal");
    let mut text = header.lines().next().expect("a header").to_string();
    text.push('\n');
    for record in records {
        text.push_str(&record.to_string());
        text.push('\n');
    }
    std::fs::write(path, text).expect("write the journal");
}

#[test]
fn a_replayed_journal_keeps_the_same_exports_and_a_long_one_drops_within_a_small_stack() {
    let dir = std::env::temp_dir().join(format!("agentmock-it-bounds-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a directory");
    let path = dir.join("exports.jsonl");
    let _ = std::fs::remove_file(&path);
    let limits = ExportLimits { max_count: 4, max_bytes: 96 << 10 };
    let viewer = Some(user_of(Role::Viewer));

    // Live, then replayed: the same exports kept, with the same files.
    let kept = {
        let (store, _) = Store::with_journal(seeded(limits), &path).expect("a journal");
        for n in 0..40 {
            store.write(viewer, &mixed(n)).expect("an export");
        }
        store.snapshot()
    };
    let (replayed, _) = Store::from_journal(seeded(limits), &path).expect("a replay");
    let files = |snap: &Snapshot| -> Vec<(uuid::Uuid, Vec<u8>)> {
        snap.writes.exports.iter().map(|e| (e.id, e.file.bytes.to_vec())).collect()
    };
    assert_eq!(files(&replayed.snapshot()), files(&kept), "the replay keeps the exports the server kept");
    assert_eq!(replayed.snapshot().fingerprint(), kept.fingerprint());

    // Thousands of exports replay, reset and drop on a thread with a small
    // stack: nothing holds a chain of older states that drops recursively.
    let long = dir.join("long.jsonl");
    let viewer_id = snapshot().dataset.users[user_of(Role::Viewer) as usize].id;
    let command = serde_json::to_value(export(ExportCollection::Agents, ExportFormat::Csv, 30)).expect("JSON");
    write_journal(&long, &path, (1..=5_000).map(|n| json!({ "n": n, "actor": viewer_id, "command": command })));
    let run = std::thread::Builder::new().stack_size(512 << 10).spawn(move || {
        let (store, _) = Store::from_journal(seeded(limits), &long).expect("a replay");
        let snap = store.snapshot();
        assert_eq!((snap.writes.count, snap.writes.exports.len()), (5_000, 4));
        drop(snap);
        store.write(Some(user_of(Role::Admin)), &Command::ResetData).expect("a reset");
        assert!(store.snapshot().writes.exports.is_empty());
        drop(store);
    });
    run.expect("a thread").join().expect("replayed, reset and dropped within 512 KiB of stack");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_status_change_shares_every_history_it_does_not_extend() {
    // A journal of stops and starts used to replay in quadratic time: each
    // change copied the agent's whole history (and its neighbours', which
    // share a chunk of the agents' table).
    let store = Store::new(Snapshot::new(snapshot().dataset.clone()));
    let d = &snapshot().dataset;
    let mut active =
        d.agents.iter().enumerate().filter(|(_, a)| a.status == AgentStatus::Active).map(|(row, a)| (row, a.id));
    let ((toggled, id), (other, other_id)) = (active.next().expect("an active agent"), active.next().expect("two"));
    let admin = Some(user_of(Role::Admin));
    for n in 0..400 {
        let command =
            if n % 2 == 0 { Command::StopAgent { agent: id, reason: None } } else { Command::StartAgent { agent: id } };
        store.write(admin, &command).expect("a toggle");
    }
    let before = store.snapshot();
    let long = &before.dataset.agents[toggled].status_changes;
    assert_eq!(long.len(), d.agents[toggled].status_changes.len() + 400);
    // Another agent's change leaves the long history where it is.
    store.write(admin, &Command::StopAgent { agent: other_id, reason: None }).expect("a stop");
    let after = store.snapshot();
    assert!(after.dataset.agents[toggled].status_changes.ptr_eq(long), "a neighbour's change copied the history");
    // Its own change adds one entry to it; the snapshot before keeps its own.
    store.write(admin, &Command::StopAgent { agent: id, reason: None }).expect("a stop");
    let extended = &store.snapshot().dataset.agents[toggled].status_changes;
    assert_eq!((long.len(), extended.len()), (d.agents[toggled].status_changes.len() + 400, long.len() + 1));
    assert!(extended.iter().zip(long.iter()).all(|(a, b)| a == b), "history is only added to");
    assert_eq!(after.dataset.agents[other].status_changes.len(), d.agents[other].status_changes.len() + 1);
}

#[tokio::test]
async fn a_journal_deleted_while_the_server_runs_refuses_writes_and_the_restart_says_why() {
    let root = std::env::temp_dir().join(format!("agentmock-it-gone-{}", std::process::id()));
    let dir = root.join("journals");
    std::fs::create_dir_all(&dir).expect("a directory");
    let path = dir.join("writes.jsonl");
    let (store, _) = Store::with_journal(Snapshot::new(snapshot().dataset.clone()), &path).expect("a journal");
    let store = Arc::new(store);
    let app = router(AppState::new(store.clone(), PUBLIC_URL));
    let budget = |usd: u32| {
        let query = format!(
            "mutation {{ updatePolicy(input: {{ monthlyBudget: {usd} }}) {{ workspace {{ monthlyBudget }} }} }}"
        );
        let request = Request::post("/graphql")
            .header("content-type", "application/json")
            .header("authorization", format!("Bearer {}", token_of(Role::Admin)))
            .body(Body::from(json!({ "query": query }).to_string()))
            .expect("a request");
        send(app.clone(), request)
    };
    assert!(budget(777).await.json().get("errors").is_none());

    // The directory goes: the next write is refused, saying why, and
    // nothing changes.
    std::fs::remove_dir_all(&dir).expect("remove the directory");
    let body = budget(778).await.json();
    assert_eq!(body["errors"][0]["extensions"]["code"], "SERVICE_UNAVAILABLE", "{body}");
    let message = body["errors"][0]["message"].as_str().unwrap_or_default().to_string();
    assert!(message.contains("was deleted with its directory") && message.contains("journals"), "{message}");
    let snap = store.snapshot();
    assert_eq!((snap.writes.count, snap.dataset.workspace.monthly_budget_micros), (1, 777_000_000));
    // Reads go on; writes stay refused, even once the directory is back (a
    // new file there is not the journal the writes went to).
    assert_eq!(get(&app, "/healthz").await.status.as_u16(), 200);
    std::fs::create_dir_all(&dir).expect("the directory again");
    assert_eq!(budget(779).await.json()["errors"][0]["extensions"]["code"], "SERVICE_UNAVAILABLE");
    std::fs::remove_dir_all(&dir).expect("remove it again");
    drop((app, store));

    // A restart names the missing directory.
    let error = Store::with_journal(Snapshot::new(snapshot().dataset.clone()), &path).expect_err("refused");
    let text = error.to_string();
    assert!(text.contains("does not exist") && text.contains(&dir.display().to_string()), "{text}");

    // A journal moved away while in use is noticed the same way.
    std::fs::create_dir_all(&dir).expect("a directory");
    let (store, _) = Store::with_journal(Snapshot::new(snapshot().dataset.clone()), &path).expect("a journal");
    std::fs::rename(&path, dir.join("moved.jsonl")).expect("move the journal");
    let admin = Some(user_of(Role::Admin));
    let write = Command::UpdatePolicy { monthly_budget: Some(5.0), allowed_models: None };
    match store.write(admin, &write) {
        Err(WriteError::Unavailable(message)) => assert!(message.contains("was moved away"), "{message}"),
        other => panic!("expected the write to be refused, got {other:?}"),
    }
    let _ = std::fs::remove_dir_all(&root);
}

#[tokio::test]
async fn a_sessions_exports_over_a_requested_dataset_keep_within_the_configured_limits() {
    // The served dataset keeps the defaults; the limits given to the hub
    // are what every dataset a request asks for, and every session over
    // it, keeps.
    let limits = ExportLimits { max_count: 2, max_bytes: 1 << 20 };
    let mut options = HttpOptions::default();
    options.hub.exports = limits;
    let store = Arc::new(Store::new(Snapshot::new(snapshot().dataset.clone())));
    let state = AppState::with_options(store, PUBLIC_URL, options);
    let app = router(state.clone());
    let post = |headers: Vec<(&'static str, String)>, query: &'static str| {
        let mut request = Request::post("/graphql").header("content-type", "application/json");
        for (name, value) in headers {
            request = request.header(name, value);
        }
        send(app.clone(), request.body(Body::from(json!({ "query": query }).to_string())).expect("a request"))
    };
    let seven = || ("x-agentmock-seed", "7".to_string());
    let users = post(vec![seven()], "{ users(first: 20) { nodes { id role } } }").await.json();
    let viewer = users["data"]["users"]["nodes"]
        .as_array()
        .and_then(|users| users.iter().find(|u| u["role"] == "VIEWER"))
        .and_then(|u| u["id"].as_str())
        .and_then(|id| uuid::Uuid::parse_str(id).ok())
        .expect("a viewer in seed 7's dataset");
    let token = format!("Bearer {}", auth::token(7, &viewer));
    let mut urls = Vec::new();
    for _ in 0..5 {
        let headers = vec![seven(), ("x-agentmock-session", "exports".to_string()), ("authorization", token.clone())];
        let made =
            post(headers, "mutation { requestExport(input: { collection: AGENTS, format: CSV }) { export { url } } }")
                .await
                .json();
        let url = made["data"]["requestExport"]["export"]["url"].as_str().map(|u| u.replace(PUBLIC_URL, ""));
        urls.push(url.unwrap_or_else(|| panic!("an export: {made}")));
    }
    let mut statuses = Vec::new();
    for url in &urls {
        statuses.push(get(&app, url).await.status.as_u16());
    }
    assert_eq!(statuses, [404, 404, 404, 200, 200], "the session keeps its newest two exports");
    let sessions = state.hub.sessions_named("exports");
    let kept = sessions.first().expect("the session").store().snapshot();
    assert_eq!((kept.writes.count, kept.writes.exports.len()), (5, 2));
    assert!(
        state.store.snapshot().writes.exports.is_empty(),
        "the session's exports are its own, not the served dataset's"
    );
}
