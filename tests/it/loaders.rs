//! The dataloader proof: nested relations resolve in one batch per relation
//! and level, however many parents ask: no N+1.
//!
//! Runs the schema directly with [`RequestData::with_stats`], on a
//! multi-threaded runtime with a real clock (and once on a runtime with no
//! timer at all). A batch runs when the request
//! stalls waiting for it (not when a timer fires), so the counts are exact
//! at any machine speed: one batch per relation and level, whatever the
//! number of parents.

use std::collections::BTreeSet;
use std::sync::Arc;

use agentmock::data::AuditTarget;
use agentmock::engine::{PreparedRequest, build_schema, execute, prepare};
use agentmock::graphql::RequestData;
use agentmock::graphql::loaders::{LoaderStats, Relation};
use serde_json::Value;

use crate::support::{PUBLIC_URL, snapshot};

/// `query` prepared to run over the default dataset, counting its batches.
fn prepared(query: &str) -> (PreparedRequest, Arc<LoaderStats>) {
    let stats = Arc::new(LoaderStats::default());
    let request_data = RequestData::with_stats(snapshot(), None, PUBLIC_URL.into(), stats.clone());
    match prepare(async_graphql::Request::new(query)) {
        Ok(prepared) => (prepared.data(request_data), stats),
        Err(response) => panic!("did not parse: {:?}", response.errors),
    }
}

/// Runs `query` and returns its data and the loader statistics.
async fn run(query: &str) -> (Value, Arc<LoaderStats>) {
    let (prepared, stats) = prepared(query);
    let response = execute(&build_schema(), prepared).await;
    assert!(response.errors.is_empty(), "{:?}", response.errors);
    (response.data.into_json().expect("JSON data"), stats)
}

/// [`run`] with the request's time slice spent at every poll (objects as
/// text, so it runs sliced): its lists and batches yield all along, as a
/// long request's do on a slow machine.
async fn run_sliced(query: &str) -> (Value, Arc<LoaderStats>) {
    let (prepared, stats) = prepared(query);
    let schema = build_schema();
    let mut response = std::pin::pin!(execute(&schema, prepared.objects_as_text()));
    let mut polls = 0;
    let response = std::future::poll_fn(|cx| {
        polls += 1;
        agentmock::rt::in_slice(agentmock::rt::Instant::now(), || response.as_mut().poll(cx))
    })
    .await;
    assert!(polls > 10, "the request yielded only {polls} times");
    assert!(response.errors.is_empty(), "{:?}", response.errors);
    (response.data.into_json().expect("JSON data"), stats)
}

/// Batches per relation, for every relation that ran.
fn batches(stats: &LoaderStats) -> Vec<(Relation, usize, usize)> {
    Relation::ALL.iter().filter(|r| stats.batches(**r) > 0).map(|r| (*r, stats.batches(*r), stats.keys(*r))).collect()
}

fn fleet_query(agents: usize) -> String {
    format!(
        "{{ agents(first: {agents}) {{ nodes {{
            createdBy {{ name }}
            dailyMetrics {{ date }}
            costRecords {{ totalCost }}
            conversations(first: 5) {{ totalCount }}
        }} }} }}"
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fleet_page_loads_each_relation_in_one_batch() {
    let (data, stats) = run(&fleet_query(20)).await;
    let nodes = data["agents"]["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 20);
    // The data is really there (the loaders answered every key).
    assert!(nodes.iter().all(|n| n["dailyMetrics"].as_array().unwrap().len() == 30));
    assert!(nodes.iter().all(|n| n["costRecords"].as_array().unwrap().len() == 30));
    assert!(nodes.iter().all(|n| n["createdBy"]["name"].is_string()));
    let total: u64 = nodes.iter().map(|n| n["conversations"]["totalCount"].as_u64().unwrap()).sum();
    assert_eq!(total, 500);

    let snap = snapshot();
    let creators: BTreeSet<u32> = snap.dataset.agents.iter().map(|a| a.created_by).collect();
    assert_eq!(
        batches(&stats),
        vec![
            // Twenty agents share fewer creators: keys are deduplicated.
            (Relation::User, 1, creators.len()),
            (Relation::AgentDailyMetrics, 1, 20),
            (Relation::AgentCostRecords, 1, 20),
            (Relation::AgentConversations, 1, 20),
        ]
    );
    assert_eq!(stats.total_batches(), 4);
}

/// A request whose batches yield partway (its slice spent) still loads
/// each relation of a level in one batch, as when nothing yields (the
/// driver finishes a pass's batches before the request goes on).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn yielding_batches_keep_one_batch_per_relation_and_level() {
    // Two first-level batches of different sizes (users' agents, the
    // conversations' agents), each yielding at every key, whose children
    // share a relation (creators): still one batch of creators.
    let query = "{ users(first: 5) { nodes { agents(first: 3) { nodes { createdBy { name } } } } } \
                 conversations(first: 50) { nodes { agent { createdBy { name } } } } }";
    // (The answers are the same bytes: `equivalence.rs` sends every query
    // to an app whose slices are spent at once. Here objects come back as
    // JSON text, which only the HTTP writer reads.)
    let (_, plain_stats) = run(query).await;
    let (_, sliced_stats) = run_sliced(query).await;
    assert_eq!(batches(&sliced_stats), batches(&plain_stats));
    let levels: Vec<(Relation, usize)> = batches(&sliced_stats).into_iter().map(|(r, b, _)| (r, b)).collect();
    assert_eq!(levels, vec![(Relation::User, 1), (Relation::Agent, 1), (Relation::UserAgents, 1)]);
}

/// A batch starts the moment its request stalls, never on a timer: a
/// request with two levels of nested relations runs on a runtime that has
/// none (async-graphql's DataLoader waits its `delay` on tokio's timer when
/// built with `tokio-timer`, and tokio rounds even a zero wait up to its
/// next millisecond tick: each level of a query waited about 1 ms, idle).
#[test]
fn nested_relations_resolve_without_a_timer() {
    let runtime = tokio::runtime::Builder::new_current_thread().build().expect("runtime without timers");
    let query = "{ agents(first: 20) { nodes { createdBy { name agents(first: 2) { nodes { id } } } \
                 conversations(first: 2) { nodes { id } } } } }";
    let (data, stats) = runtime.block_on(run(query));
    assert_eq!(data["agents"]["nodes"].as_array().unwrap().len(), 20);
    let levels: Vec<Relation> = batches(&stats).into_iter().map(|(r, _, _)| r).collect();
    assert_eq!(levels, vec![Relation::User, Relation::AgentConversations, Relation::UserAgents]);
    // Nor on async-io's timer (a non-zero delay): its first one starts a
    // thread named `async-io` to fire it.
    let threads = std::fs::read_dir("/proc/self/task").expect("/proc/self/task");
    let names: Vec<String> =
        threads.flatten().filter_map(|task| std::fs::read_to_string(task.path().join("comm")).ok()).collect();
    assert!(!names.iter().any(|name| name.trim() == "async-io"), "async-io's timer thread runs: {names:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batch_counts_do_not_grow_with_the_number_of_agents() {
    let mut seen = Vec::new();
    for agents in [1, 5, 20] {
        let (data, stats) = run(&fleet_query(agents)).await;
        assert_eq!(data["agents"]["nodes"].as_array().unwrap().len(), agents);
        let per_relation: Vec<(Relation, usize)> = batches(&stats).into_iter().map(|(r, b, _)| (r, b)).collect();
        for relation in [Relation::AgentDailyMetrics, Relation::AgentCostRecords, Relation::AgentConversations] {
            assert_eq!(stats.keys(relation), agents, "{relation:?} with {agents} agents");
        }
        seen.push(per_relation);
    }
    assert!(seen.windows(2).all(|w| w[0] == w[1]), "{seen:?}");
    assert_eq!(seen[0].len(), 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conversations_load_their_agents_in_one_batch() {
    let (data, stats) = run("{ conversations(first: 100) { nodes { agentId agent { id name } } } }").await;
    let nodes = data["conversations"]["nodes"].as_array().unwrap();
    assert!(nodes.iter().all(|n| n["agent"]["id"] == n["agentId"]));
    let snap = snapshot();
    let d = &snap.dataset;
    // The 100 newest conversations, and the distinct agents among them.
    let agents: BTreeSet<u32> = d.conversations.iter().rev().take(100).map(|c| c.agent).collect();
    assert!(agents.len() > 1);
    assert_eq!(batches(&stats), vec![(Relation::Agent, 1, agents.len())]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_entries_load_actors_and_targets_in_one_batch_each() {
    let (data, stats) = run("{ auditLogs(first: 100) { nodes {
            actor { name }
            target { __typename ... on Agent { name } ... on User { name } }
        } } }")
    .await;
    assert_eq!(data["auditLogs"]["nodes"].as_array().unwrap().len(), 100);
    let snap = snapshot();
    let d = &snap.dataset;
    let newest = d.audit_logs.iter().rev().take(100);
    let mut users = BTreeSet::new();
    let mut agents = BTreeSet::new();
    for log in newest {
        users.insert(log.actor);
        match log.target {
            Some(AuditTarget::Agent(a)) => {
                agents.insert(a);
            }
            Some(AuditTarget::User(u)) => {
                users.insert(u);
            }
            None => {}
        }
    }
    assert!(users.len() > 1 && agents.len() > 1);
    // Actors and user targets share the user loader: one batch for both.
    assert_eq!(batches(&stats), vec![(Relation::User, 1, users.len()), (Relation::Agent, 1, agents.len())]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_load_their_agents_and_audit_entries_in_one_batch_each() {
    let (data, stats) = run("{ users(first: 10) { nodes {
            agents(first: 5) { totalCount nodes { name } }
            auditLogs(first: 3) { totalCount }
        } } }")
    .await;
    let nodes = data["users"]["nodes"].as_array().unwrap();
    let agents: u64 = nodes.iter().map(|n| n["agents"]["totalCount"].as_u64().unwrap()).sum();
    let entries: u64 = nodes.iter().map(|n| n["auditLogs"]["totalCount"].as_u64().unwrap()).sum();
    assert_eq!((agents, entries), (20, 200));
    assert_eq!(batches(&stats), vec![(Relation::UserAgents, 1, 10), (Relation::ActorAuditLogs, 1, 10)]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transcripts_and_agent_audit_logs_batch_too() {
    let (data, stats) = run("{ conversations(first: 20) { nodes { messageCount messages { role } } }
           agents(first: 20) { nodes { auditLogs(first: 2) { totalCount } } } }")
    .await;
    for node in data["conversations"]["nodes"].as_array().unwrap() {
        assert_eq!(node["messages"].as_array().unwrap().len() as u64, node["messageCount"].as_u64().unwrap());
    }
    assert_eq!(batches(&stats), vec![(Relation::TargetAuditLogs, 1, 20), (Relation::Messages, 1, 20)]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_level_of_a_deep_query_is_one_batch() {
    // agents → conversations → agent → creator → created agents: a batch per level.
    let (data, stats) = run("{ agents(first: 20) { nodes { conversations(first: 3) { nodes {
            agent { createdBy { agents(first: 1) { totalCount } } }
        } } } } }")
    .await;
    let conversations: usize = data["agents"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["conversations"]["nodes"].as_array().unwrap().len())
        .sum();
    assert!(conversations > 20, "{conversations}");
    let snap = snapshot();
    let d = &snap.dataset;
    let creators: BTreeSet<u32> = d.agents.iter().map(|a| a.created_by).collect();
    // Only agents with conversations appear at the second level.
    let talking: BTreeSet<u32> = d.conversations.iter().map(|c| c.agent).collect();
    let talking_creators: BTreeSet<u32> = talking.iter().map(|&a| d.agents[a as usize].created_by).collect();
    assert!(talking_creators.len() <= creators.len());
    assert_eq!(
        batches(&stats),
        vec![
            (Relation::User, 1, talking_creators.len()),
            (Relation::Agent, 1, talking.len()),
            (Relation::AgentConversations, 1, 20),
            (Relation::UserAgents, 1, talking_creators.len()),
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_lists_are_one_batch_too() {
    let (data, stats) =
        run("{ conversations(first: 100) { nodes { messageCount messages { role } agent { name } } } }").await;
    let nodes = data["conversations"]["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 100);
    for node in nodes {
        assert_eq!(node["messages"].as_array().unwrap().len() as u64, node["messageCount"].as_u64().unwrap());
    }
    let snap = snapshot();
    let agents: BTreeSet<u32> = snap.dataset.conversations.iter().rev().take(100).map(|c| c.agent).collect();
    assert_eq!(batches(&stats), vec![(Relation::Agent, 1, agents.len()), (Relation::Messages, 1, 100)]);
}

/// A 100-item list resolves over several polls (async-graphql yields every
/// few dozen futures); the batch still waits until the request stalls, so it
/// is one batch even when the workers are busy and the polls come late.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_lists_are_one_batch_even_on_a_busy_machine() {
    // Keep both workers busy so the request is polled late and in pieces.
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let burners: Vec<_> = (0..4)
        .map(|_| {
            let stop = stop.clone();
            tokio::task::spawn_blocking(move || {
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    std::hint::spin_loop();
                }
            })
        })
        .collect();
    for _ in 0..5 {
        let (_, stats) = run("{ conversations(first: 100) { nodes { agent { name } messages { role } } } }").await;
        assert_eq!(stats.keys(Relation::Messages), 100, "every transcript loaded once");
        assert_eq!(stats.batches(Relation::Messages), 1, "{:?}", batches(&stats));
        assert_eq!(stats.batches(Relation::Agent), 1, "{:?}", batches(&stats));
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for burner in burners {
        burner.await.expect("burner stops");
    }
}
