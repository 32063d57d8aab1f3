//! One test per screen a dashboard would build, each sending the query that
//! screen would send and checking the answer against the dataset itself
//! (counts, sums, orders, filters, page boundaries), plus a JSON snapshot of
//! the response (the anchor is pinned, so snapshots are stable).

use std::collections::BTreeMap;

use agentmock::data::catalogue::{AuditAction, Model, Role};
use agentmock::data::dump::timestamp;
use agentmock::data::{self, AgentStatus, AuditDetails, AuditTarget, Dataset};
use serde_json::{Value, json};

use crate::support::{ANCHOR, PUBLIC_URL, data, first_error_code, get, graphql, graphql_with_headers, snapshot};

// ---------------------------------------------------------------- helpers

/// `("Customer Support Bot", 42)` for "Customer Support Bot 42": how a person
/// expects numbered names to sort.
fn natural(name: &str) -> (String, u64) {
    let (base, number) = name.rsplit_once(' ').expect("agent names end in a number");
    (base.to_string(), number.parse().expect("agent names end in a number"))
}

/// Agent rows in natural name order.
fn agents_by_name(d: &Dataset, keep: impl Fn(&data::Agent) -> bool) -> Vec<usize> {
    let mut rows: Vec<usize> = (0..d.agents.len()).filter(|&r| keep(&d.agents[r])).collect();
    rows.sort_by_key(|&r| natural(&d.agents[r].name));
    rows
}

fn strs(value: &Value, field: &str) -> Vec<String> {
    value.as_array().unwrap_or_else(|| panic!("not a list: {value}")).iter().map(|n| text(&n[field])).collect()
}

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_else(|| panic!("not a string: {value}")).to_string()
}

fn num(value: &Value) -> f64 {
    value.as_f64().unwrap_or_else(|| panic!("not a number: {value}"))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn assert_close(actual: &Value, expected: Option<f64>, what: &str) {
    match expected {
        None => assert!(actual.is_null(), "{what}: expected null, got {actual}"),
        Some(e) => assert!(close(num(actual), e), "{what}: expected {e}, got {actual}"),
    }
}

fn agent_ids(d: &Dataset, rows: &[usize]) -> Vec<String> {
    rows.iter().map(|&r| d.agents[r].id.to_string()).collect()
}

fn conversation_ids(d: &Dataset, rows: &[usize]) -> Vec<String> {
    rows.iter().map(|&r| d.conversations[r].id.to_string()).collect()
}

fn audit_ids(d: &Dataset, rows: &[usize]) -> Vec<String> {
    rows.iter().map(|&r| d.audit_logs[r].id.to_string()).collect()
}

fn agent_row(d: &Dataset, id: &Value) -> usize {
    d.agents.iter().position(|a| a.id.to_string() == text(id)).unwrap_or_else(|| panic!("no agent {id}"))
}

/// The conversation-weighted roll-up of an agent's daily metrics, computed here
/// independently of the generator: (total conversations, avg response time, success rate).
fn roll_up(d: &Dataset, agent: usize) -> (u64, Option<f64>, Option<f64>) {
    let days = d.daily_metrics.iter().filter(|m| m.agent as usize == agent);
    let (mut total, mut latency, mut success) = (0u64, 0.0, 0.0);
    for m in days {
        total += m.conversations as u64;
        latency += m.conversations as f64 * m.avg_response_time.unwrap_or(0.0);
        success += m.conversations as f64 * m.success_rate.unwrap_or(0.0);
    }
    if total == 0 { (0, None, None) } else { (total, Some(latency / total as f64), Some(success / total as f64)) }
}

/// The seed's price table, written out: USD per 1K tokens (input, output).
fn seed_price(model: &str) -> (f64, f64) {
    match model {
        "gpt-4o" => (0.005, 0.015),
        "gpt-4o-mini" => (0.00015, 0.0006),
        "gpt-3.5-turbo" => (0.0005, 0.0015),
        other => panic!("unknown model {other}"),
    }
}

/// Collects every node of a root connection by following `endCursor`.
async fn all_nodes(query: &str, field: &str, mut variables: Value) -> (Vec<Value>, i64) {
    let mut nodes = Vec::new();
    let mut total = None;
    loop {
        let data = data(query, variables.clone()).await;
        let connection = &data[field];
        let count = connection["totalCount"].as_i64().expect("totalCount");
        assert_eq!(*total.get_or_insert(count), count, "totalCount changed between pages");
        nodes.extend(connection["nodes"].as_array().expect("nodes").iter().cloned());
        if connection["pageInfo"]["hasNextPage"] != json!(true) {
            return (nodes, count);
        }
        variables["after"] = connection["pageInfo"]["endCursor"].clone();
    }
}

// ---------------------------------------------------------------- fleet overview

const FLEET_OVERVIEW: &str = r#"
query FleetOverview {
  meta {
    seed
    anchorTime
    window { start end days }
    fingerprint
    counts { users agents conversations dailyMetrics costRecords auditLogs }
  }
  agents(first: 100) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage }
    nodes {
      id
      name
      kind
      status
      model
      lastActiveAt
      createdBy { name }
      metrics { totalConversations avgResponseTime successRate }
    }
  }
}"#;

#[tokio::test]
async fn fleet_overview() {
    let snap = snapshot();
    let d = &snap.dataset;
    let response = data(FLEET_OVERVIEW, json!({})).await;

    let meta = &response["meta"];
    assert_eq!(meta["seed"], "12345");
    assert_eq!(meta["anchorTime"], ANCHOR);
    // 30 whole UTC days before the anchor's day.
    assert_eq!(meta["window"], json!({ "start": "2024-12-20T00:00:00Z", "end": "2025-01-19T00:00:00Z", "days": 30 }));
    assert_eq!(meta["fingerprint"], snap.fingerprint());
    assert_eq!(
        meta["counts"],
        json!({ "users": 10, "agents": 20, "conversations": 500, "dailyMetrics": 600, "costRecords": 600, "auditLogs": 200 })
    );

    let agents = &response["agents"];
    assert_eq!(agents["totalCount"], 20);
    assert_eq!(agents["pageInfo"], json!({ "hasNextPage": false, "hasPreviousPage": false }));
    let nodes = agents["nodes"].as_array().unwrap();
    // Natural name order: "Bot 9" before "Bot 10".
    assert_eq!(strs(&agents["nodes"], "id"), agent_ids(d, &agents_by_name(d, |_| true)));
    let mut by_status = BTreeMap::new();
    for node in nodes {
        let row = agent_row(d, &node["id"]);
        let agent = &d.agents[row];
        assert_eq!(node["name"], agent.name.as_str());
        assert_eq!(node["kind"], agent.kind.as_str());
        assert_eq!(node["status"], agent.status.as_str());
        assert_eq!(node["model"], agent.model.id());
        assert_eq!(node["lastActiveAt"], timestamp(agent.last_active_at));
        assert_eq!(node["createdBy"]["name"], d.users[agent.created_by as usize].name.as_str());
        let (total, latency, success) = roll_up(d, row);
        assert_eq!(node["metrics"]["totalConversations"], total, "{}", agent.name);
        assert_close(&node["metrics"]["avgResponseTime"], latency, &agent.name);
        assert_close(&node["metrics"]["successRate"], success, &agent.name);
        *by_status.entry(text(&node["status"])).or_insert(0) += 1;
    }
    // The 70/20/10 status quota of the contract.
    assert_eq!(by_status, BTreeMap::from([("ACTIVE".into(), 14), ("INACTIVE".into(), 4), ("ERROR".into(), 2)]));
    // Inactive agents served nothing in the window.
    for node in nodes.iter().filter(|n| n["status"] == "INACTIVE") {
        assert_eq!(node["metrics"], json!({ "totalConversations": 0, "avgResponseTime": null, "successRate": null }));
    }

    insta::assert_json_snapshot!("fleet_overview", response);
}

// ---------------------------------------------------------------- agent list

const AGENT_LIST: &str = r#"
query AgentList($filter: AgentFilter, $orderBy: AgentOrder) {
  agents(first: 100, filter: $filter, orderBy: $orderBy) {
    totalCount
    nodes { id name status model kind createdAt lastActiveAt metrics { totalConversations avgResponseTime successRate } }
  }
}"#;

#[tokio::test]
async fn agent_list_filters() {
    let snap = snapshot();
    let d = &snap.dataset;
    let creator = (0..d.users.len()).max_by_key(|&u| d.agents.iter().filter(|a| a.created_by as usize == u).count());
    let creator = creator.unwrap();
    let creator_id = d.users[creator].id.to_string();
    let (a0, a1) = (d.agents[0].id.to_string(), d.agents[7].id.to_string());
    let (oldest, newest) = (d.agents.iter().map(|a| a.created_at).min(), d.agents.iter().map(|a| a.created_at).max());
    let midpoint = oldest.unwrap() + (newest.unwrap() - oldest.unwrap()) / 2;
    type Keep = Box<dyn Fn(&data::Agent) -> bool>;
    let cases: Vec<(&str, Value, Keep)> = vec![
        ("status ERROR", json!({ "status": ["ERROR"] }), Box::new(|a| a.status == AgentStatus::Error)),
        (
            "status ACTIVE or INACTIVE",
            json!({ "status": ["ACTIVE", "INACTIVE"] }),
            Box::new(|a| a.status != AgentStatus::Error),
        ),
        ("model gpt-4o", json!({ "model": ["gpt-4o"] }), Box::new(|a| a.model == Model::Gpt4o)),
        (
            "model gpt-4o-mini or gpt-3.5-turbo",
            json!({ "model": ["gpt-4o-mini", "gpt-3.5-turbo"] }),
            Box::new(|a| a.model != Model::Gpt4o),
        ),
        (
            "kind",
            json!({ "kind": ["CUSTOMER_SUPPORT", "MEETING_SCHEDULER"] }),
            Box::new(|a| matches!(a.kind.as_str(), "CUSTOMER_SUPPORT" | "MEETING_SCHEDULER")),
        ),
        ("createdBy", json!({ "createdBy": [creator_id] }), Box::new(move |a| a.created_by as usize == creator)),
        ("search is case-insensitive", json!({ "search": "BOT" }), Box::new(|a| a.name.to_lowercase().contains("bot"))),
        ("search is trimmed", json!({ "search": "  support " }), Box::new(|a| a.name.contains("Support"))),
        ("search matches nothing", json!({ "search": "zzz" }), Box::new(|_| false)),
        (
            "ids",
            json!({ "ids": [a0, a1] }),
            Box::new({
                let ids = [d.agents[0].id, d.agents[7].id];
                move |a| ids.contains(&a.id)
            }),
        ),
        (
            "createdAt from",
            json!({ "createdAt": { "from": timestamp(midpoint) } }),
            Box::new(move |a| a.created_at >= midpoint),
        ),
        (
            "status and model together",
            json!({ "status": ["ACTIVE"], "model": ["gpt-4o-mini"] }),
            Box::new(|a| a.status == AgentStatus::Active && a.model == Model::Gpt4oMini),
        ),
    ];
    let mut snap_out = BTreeMap::new();
    for (case, filter, keep) in cases {
        let response = data(AGENT_LIST, json!({ "filter": filter })).await;
        let expected = agents_by_name(d, keep);
        let agents = &response["agents"];
        assert_eq!(agents["totalCount"], expected.len(), "{case}");
        assert_eq!(strs(&agents["nodes"], "id"), agent_ids(d, &expected), "{case}");
        snap_out.insert(case, json!({ "totalCount": agents["totalCount"], "names": strs(&agents["nodes"], "name") }));
    }
    // The cases above are not vacuous: each keeps some agents and drops others.
    assert!(snap_out.values().filter(|v| v["totalCount"] != 0 && v["totalCount"] != 20).count() >= 11);

    let response = graphql(AGENT_LIST, json!({ "filter": { "model": ["gpt-5"] } })).await;
    assert_eq!(first_error_code(&response), "BAD_USER_INPUT", "{response}");
    let response = graphql(AGENT_LIST, json!({ "filter": { "createdBy": ["not-a-uuid"] } })).await;
    assert_eq!(first_error_code(&response), "BAD_USER_INPUT", "{response}");

    insta::assert_json_snapshot!("agent_list_filters", snap_out);
}

#[tokio::test]
async fn agent_list_orders() {
    let snap = snapshot();
    let d = &snap.dataset;
    // Sort key of each order field, read from the dataset (None sorts as "no value").
    let key = |field: &str, a: &data::Agent| -> Value {
        match field {
            "NAME" => json!(natural(&a.name)),
            "CREATED_AT" => json!(a.created_at.timestamp()),
            "LAST_ACTIVE_AT" => json!(a.last_active_at.timestamp()),
            "STATUS" => json!(AgentStatus::ALL.iter().position(|s| *s == a.status)),
            "MODEL" => json!(a.model.id()),
            "TOTAL_CONVERSATIONS" => json!(a.metrics.total_conversations),
            "SUCCESS_RATE" => json!(a.metrics.success_rate),
            "AVG_RESPONSE_TIME" => json!(a.metrics.avg_response_time),
            other => panic!("{other}"),
        }
    };
    fn cmp(a: &Value, b: &Value) -> std::cmp::Ordering {
        match (a, b) {
            (Value::Null, Value::Null) => std::cmp::Ordering::Equal,
            (Value::Null, _) => std::cmp::Ordering::Less,
            (_, Value::Null) => std::cmp::Ordering::Greater,
            (Value::Number(x), Value::Number(y)) => x.as_f64().unwrap().total_cmp(&y.as_f64().unwrap()),
            (Value::String(x), Value::String(y)) => x.cmp(y),
            (Value::Array(x), Value::Array(y)) => {
                x.iter().zip(y).map(|(x, y)| cmp(x, y)).find(|o| o.is_ne()).unwrap_or(std::cmp::Ordering::Equal)
            }
            _ => panic!("incomparable {a} {b}"),
        }
    }
    let all: std::collections::BTreeSet<String> = d.agents.iter().map(|a| a.id.to_string()).collect();
    let mut snap_out = BTreeMap::new();
    for field in [
        "NAME",
        "CREATED_AT",
        "LAST_ACTIVE_AT",
        "STATUS",
        "MODEL",
        "TOTAL_CONVERSATIONS",
        "SUCCESS_RATE",
        "AVG_RESPONSE_TIME",
    ] {
        for direction in ["ASC", "DESC"] {
            let case = format!("{field} {direction}");
            let response = data(AGENT_LIST, json!({ "orderBy": { "field": field, "direction": direction } })).await;
            let ids = strs(&response["agents"]["nodes"], "id");
            assert_eq!(ids.iter().cloned().collect::<std::collections::BTreeSet<_>>(), all, "{case}: every agent once");
            assert_eq!(ids.len(), 20, "{case}");
            let keys: Vec<Value> = ids.iter().map(|id| key(field, &d.agents[agent_row(d, &json!(id))])).collect();
            for pair in keys.windows(2) {
                let ordering = cmp(&pair[0], &pair[1]);
                let ok = if direction == "ASC" { ordering.is_le() } else { ordering.is_ge() };
                assert!(ok, "{case}: {} then {}", pair[0], pair[1]);
            }
            // Not a constant key: the order has something to sort.
            assert!(keys.windows(2).any(|p| cmp(&p[0], &p[1]).is_ne()), "{case}");
            snap_out.insert(case, strs(&response["agents"]["nodes"], "name"));
        }
    }
    // A "best first" list does not start with agents that have no traffic.
    let best = data(AGENT_LIST, json!({ "orderBy": { "field": "SUCCESS_RATE", "direction": "DESC" } })).await;
    let rates: Vec<&Value> =
        best["agents"]["nodes"].as_array().unwrap().iter().map(|n| &n["metrics"]["successRate"]).collect();
    assert!(rates[..16].iter().all(|r| r.is_number()) && rates[16..].iter().all(|r| r.is_null()), "{rates:?}");
    // Default order is by name, ascending.
    let default = data(AGENT_LIST, json!({})).await;
    assert_eq!(strs(&default["agents"]["nodes"], "name"), snap_out["NAME ASC"]);
    insta::assert_json_snapshot!("agent_list_orders", snap_out);
}

// ---------------------------------------------------------------- agent detail

const AGENT_DETAIL: &str = r#"
query AgentDetail($id: ID!, $from: Date, $to: Date) {
  agent(id: $id) {
    id
    name
    kind
    description
    model
    modelInfo { id inputPricePer1K outputPricePer1K }
    status
    createdAt
    lastActiveAt
    config { temperature maxTokens systemPrompt }
    createdById
    createdBy { id name email role }
    metrics { totalConversations avgResponseTime successRate }
    week: dailyMetrics(from: $from, to: $to) {
      date conversations avgResponseTime successRate totalTokensInput totalTokensOutput
    }
    window: dailyMetrics { date conversations }
    costRecords(from: $from, to: $to) { date inputTokens outputTokens totalCost model }
    unhappy: conversations(first: 5, filter: { sentiment: [NEGATIVE, NEUTRAL] }) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage }
      nodes { id startedAt sentiment agent { id } }
    }
    auditLogs(first: 10) {
      totalCount
      nodes { id action createdAt actor { name } summary }
    }
  }
}"#;

#[tokio::test]
async fn agent_detail() {
    let snap = snapshot();
    let d = &snap.dataset;
    // The agent with the most conversation records: the richest detail page.
    let row = (0..d.agents.len())
        .max_by_key(|&a| (d.conversations.iter().filter(|c| c.agent as usize == a).count(), std::cmp::Reverse(a)))
        .unwrap();
    let agent = &d.agents[row];
    let (from, to) = (d.window.date(23), d.window.date(29));
    let response = data(AGENT_DETAIL, json!({ "id": agent.id, "from": from.to_string(), "to": to.to_string() })).await;
    let a = &response["agent"];

    assert_eq!(a["id"], agent.id.to_string());
    assert_eq!(a["name"], agent.name.as_str());
    assert_eq!(a["kind"], agent.kind.as_str());
    assert_eq!(a["description"], agent.description);
    assert_eq!(a["model"], agent.model.id());
    let (input_price, output_price) = seed_price(agent.model.id());
    assert_eq!(
        a["modelInfo"],
        json!({ "id": agent.model.id(), "inputPricePer1K": input_price, "outputPricePer1K": output_price })
    );
    assert_eq!(a["status"], agent.status.as_str());
    assert_eq!(a["createdAt"], timestamp(agent.created_at));
    assert_eq!(a["lastActiveAt"], timestamp(agent.last_active_at));
    assert_eq!(
        a["config"],
        json!({
            "temperature": agent.config.temperature,
            "maxTokens": agent.config.max_tokens,
            "systemPrompt": agent.config.system_prompt,
        })
    );
    let creator = &d.users[agent.created_by as usize];
    assert_eq!(a["createdById"], creator.id.to_string());
    assert_eq!(
        a["createdBy"],
        json!({ "id": creator.id, "name": creator.name, "email": creator.email, "role": creator.role.as_str() })
    );

    // dailyMetrics(from, to): the seven days asked, oldest first, each the stored row.
    let week = a["week"].as_array().unwrap();
    assert_eq!(week.len(), 7);
    for (i, m) in week.iter().enumerate() {
        let stored = &d.daily_metrics[d.grid_row(row as u32, 23 + i as u32)];
        assert_eq!(m["date"], d.window.date(23 + i as u32).to_string());
        assert_eq!(m["conversations"], stored.conversations);
        assert_close(&m["avgResponseTime"], stored.avg_response_time, "avgResponseTime");
        assert_close(&m["successRate"], stored.success_rate, "successRate");
        assert_eq!(m["totalTokensInput"], stored.total_tokens_input);
        assert_eq!(m["totalTokensOutput"], stored.total_tokens_output);
    }
    // Without bounds: the whole window, and the summary is its exact roll-up.
    let window = a["window"].as_array().unwrap();
    assert_eq!(window.len(), 30);
    assert_eq!(window[0]["date"], "2024-12-20");
    assert_eq!(window[29]["date"], "2025-01-18");
    let sum: u64 = window.iter().map(|m| m["conversations"].as_u64().unwrap()).sum();
    assert_eq!(a["metrics"]["totalConversations"], sum);
    let (total, latency, success) = roll_up(d, row);
    assert_eq!(sum, total);
    assert_close(&a["metrics"]["avgResponseTime"], latency, "avgResponseTime");
    assert_close(&a["metrics"]["successRate"], success, "successRate");

    // costRecords(from, to): same days, same tokens as the metrics, priced by the seed's formula.
    let costs = a["costRecords"].as_array().unwrap();
    assert_eq!(costs.len(), 7);
    for (cost, metric) in costs.iter().zip(week) {
        assert_eq!(cost["date"], metric["date"]);
        assert_eq!(cost["inputTokens"], metric["totalTokensInput"]);
        assert_eq!(cost["outputTokens"], metric["totalTokensOutput"]);
        assert_eq!(cost["model"], agent.model.id());
        let expected =
            num(&cost["inputTokens"]) / 1000.0 * input_price + num(&cost["outputTokens"]) / 1000.0 * output_price;
        assert_close(&cost["totalCost"], Some(expected), "totalCost");
    }

    // conversations(filter): newest first, counted across pages.
    let unhappy: Vec<usize> = (0..d.conversations.len())
        .rev()
        .filter(|&c| {
            let c = &d.conversations[c];
            c.agent as usize == row && c.sentiment != data::Sentiment::Positive
        })
        .collect();
    assert!(unhappy.len() > 5, "the case should need more than one page");
    let conversations = &a["unhappy"];
    assert_eq!(conversations["totalCount"], unhappy.len());
    assert_eq!(conversations["pageInfo"], json!({ "hasNextPage": true, "hasPreviousPage": false }));
    assert_eq!(strs(&conversations["nodes"], "id"), conversation_ids(d, &unhappy[..5]));
    for node in conversations["nodes"].as_array().unwrap() {
        assert_eq!(node["agent"]["id"], agent.id.to_string());
        assert!(node["sentiment"] == "NEGATIVE" || node["sentiment"] == "NEUTRAL");
    }

    // auditLogs: entries about this agent, newest first.
    let about: Vec<usize> = (0..d.audit_logs.len())
        .rev()
        .filter(|&l| d.audit_logs[l].target == Some(AuditTarget::Agent(row as u32)))
        .collect();
    assert!(!about.is_empty());
    assert_eq!(a["auditLogs"]["totalCount"], about.len());
    assert_eq!(strs(&a["auditLogs"]["nodes"], "id"), audit_ids(d, &about[..about.len().min(10)]));
    for node in a["auditLogs"]["nodes"].as_array().unwrap() {
        assert!(text(&node["summary"]).starts_with(&text(&node["actor"]["name"])), "{node}");
    }

    insta::assert_json_snapshot!("agent_detail", response);
}

#[tokio::test]
async fn agent_detail_date_bounds() {
    let snap = snapshot();
    let d = &snap.dataset;
    let query = r#"query($id: ID!, $from: Date, $to: Date) {
        agent(id: $id) { dailyMetrics(from: $from, to: $to) { date } costRecords(from: $from, to: $to) { date } }
    }"#;
    let id = d.agents[0].id;
    // Bounds reaching outside the window are clamped to it.
    let response = data(query, json!({ "id": id, "from": "2024-01-01", "to": "2024-12-21" })).await;
    assert_eq!(response["agent"]["dailyMetrics"], json!([{ "date": "2024-12-20" }, { "date": "2024-12-21" }]));
    assert_eq!(response["agent"]["costRecords"], response["agent"]["dailyMetrics"]);
    // One day: from == to.
    let response = data(query, json!({ "id": id, "from": "2025-01-18", "to": "2025-01-18" })).await;
    assert_eq!(response["agent"]["dailyMetrics"], json!([{ "date": "2025-01-18" }]));
    // Entirely outside: nothing.
    let response = data(query, json!({ "id": id, "from": "2025-02-01" })).await;
    assert_eq!(response["agent"]["dailyMetrics"], json!([]));
    // Reversed bounds are a client mistake.
    let response = graphql(query, json!({ "id": id, "from": "2025-01-10", "to": "2025-01-01" })).await;
    assert_eq!(first_error_code(&response), "BAD_USER_INPUT", "{response}");
    // So is a date that is not YYYY-MM-DD.
    let response = graphql(query, json!({ "id": id, "from": "19/01/2025" })).await;
    assert_eq!(first_error_code(&response), "BAD_USER_INPUT", "{response}");
}

// ---------------------------------------------------------------- conversation explorer

const CONVERSATIONS: &str = r#"
query Conversations($filter: ConversationFilter, $orderBy: ConversationOrder, $after: String) {
  conversations(first: 100, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id title startedAt durationMs messageCount sentiment resolved channel complexity agent { name } }
  }
}"#;

#[tokio::test]
async fn conversation_explorer_filters() {
    let snap = snapshot();
    let d = &snap.dataset;
    let busiest = (0..d.agents.len())
        .max_by_key(|&a| (d.conversations.iter().filter(|c| c.agent as usize == a).count(), std::cmp::Reverse(a)))
        .unwrap();
    let (a1, a2) = (busiest, (busiest + 3) % d.agents.len());
    let (from, to) = (d.window.day_start(20), d.window.day_start(27));
    let title = |c: &data::Conversation| c.title.to_lowercase();
    type Keep<'a> = Box<dyn Fn(&data::Conversation) -> bool + 'a>;
    let cases: Vec<(&str, Value, Keep)> = vec![
        ("sentiment NEGATIVE", json!({ "sentiment": ["NEGATIVE"] }), Box::new(|c| c.sentiment.as_str() == "NEGATIVE")),
        ("unresolved", json!({ "resolved": false }), Box::new(|c| !c.resolved)),
        ("resolved", json!({ "resolved": true }), Box::new(|c| c.resolved)),
        (
            "channel SLACK or TEAMS",
            json!({ "channel": ["SLACK", "TEAMS"] }),
            Box::new(|c| matches!(c.channel.as_str(), "SLACK" | "TEAMS")),
        ),
        ("complexity COMPLEX", json!({ "complexity": ["COMPLEX"] }), Box::new(|c| c.complexity.as_str() == "COMPLEX")),
        (
            "startedAt range",
            json!({ "startedAt": { "from": timestamp(from), "to": timestamp(to) } }),
            Box::new(move |c| c.started_at >= from && c.started_at < to),
        ),
        ("one agent", json!({ "agentIds": [d.agents[a1].id] }), Box::new(move |c| c.agent as usize == a1)),
        (
            "two agents",
            json!({ "agentIds": [d.agents[a1].id, d.agents[a2].id] }),
            Box::new(move |c| c.agent as usize == a1 || c.agent as usize == a2),
        ),
        ("search title", json!({ "search": "LAPTOP" }), Box::new(|c| title(c).contains("laptop"))),
        (
            "combined",
            json!({
                "sentiment": ["POSITIVE"],
                "resolved": true,
                "channel": ["WEB"],
                "startedAt": { "from": timestamp(from) },
            }),
            Box::new(move |c| {
                c.sentiment.as_str() == "POSITIVE" && c.resolved && c.channel.as_str() == "WEB" && c.started_at >= from
            }),
        ),
        ("nothing", json!({ "search": "no such topic anywhere" }), Box::new(|_| false)),
    ];
    let mut snap_out = BTreeMap::new();
    for (case, filter, keep) in cases {
        let expected: Vec<usize> = (0..d.conversations.len()).rev().filter(|&c| keep(&d.conversations[c])).collect();
        let (nodes, total) = all_nodes(CONVERSATIONS, "conversations", json!({ "filter": filter })).await;
        assert_eq!(total as usize, expected.len(), "{case}");
        let ids: Vec<String> = nodes.iter().map(|n| text(&n["id"])).collect();
        assert_eq!(ids, conversation_ids(d, &expected), "{case}");
        let first: Vec<&Value> = nodes.iter().take(3).collect();
        snap_out.insert(case, json!({ "totalCount": total, "newest": first }));
    }
    assert_eq!(
        snap_out["resolved"]["totalCount"].as_u64().unwrap() + snap_out["unresolved"]["totalCount"].as_u64().unwrap(),
        500
    );
    let response = graphql(CONVERSATIONS, json!({ "filter": { "agentIds": ["123"] } })).await;
    assert_eq!(first_error_code(&response), "BAD_USER_INPUT", "{response}");
    insta::assert_json_snapshot!("conversation_explorer_filters", snap_out);
}

#[tokio::test]
async fn conversation_explorer_orders() {
    let snap = snapshot();
    let d = &snap.dataset;
    let mut snap_out = BTreeMap::new();
    for field in ["STARTED_AT", "DURATION", "MESSAGE_COUNT"] {
        for direction in ["ASC", "DESC"] {
            let case = format!("{field} {direction}");
            let order = json!({ "orderBy": { "field": field, "direction": direction } });
            let (nodes, total) = all_nodes(CONVERSATIONS, "conversations", order).await;
            assert_eq!(total, 500);
            let mut ids: Vec<String> = nodes.iter().map(|n| text(&n["id"])).collect();
            let keys: Vec<i64> = nodes
                .iter()
                .map(|n| {
                    let c = d.conversations.iter().find(|c| c.id.to_string() == text(&n["id"])).unwrap();
                    match field {
                        "STARTED_AT" => c.started_at.timestamp(),
                        "DURATION" => c.duration_ms(),
                        _ => c.message_count as i64,
                    }
                })
                .collect();
            for pair in keys.windows(2) {
                assert!(if direction == "ASC" { pair[0] <= pair[1] } else { pair[0] >= pair[1] }, "{case}: {pair:?}");
            }
            ids.sort();
            ids.dedup();
            assert_eq!(ids.len(), 500, "{case}: every conversation once");
            snap_out.insert(case, nodes.iter().take(3).map(|n| n["id"].clone()).collect::<Vec<_>>());
        }
    }
    // Started-at order is the records' own time order.
    let (nodes, _) = all_nodes(CONVERSATIONS, "conversations", json!({ "orderBy": { "field": "STARTED_AT" } })).await;
    let ids: Vec<String> = nodes.iter().map(|n| text(&n["id"])).collect();
    assert_eq!(ids, conversation_ids(d, &(0..500).collect::<Vec<_>>()));
    insta::assert_json_snapshot!("conversation_explorer_orders", snap_out);
}

const TRANSCRIPTS: &str = r#"
query Transcripts($after: String) {
  conversations(first: 100, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id startedAt endedAt messageCount avgResponseTime
      messages { index role createdAt tokens latencyMs content }
    }
  }
}"#;

#[tokio::test]
async fn conversation_transcripts() {
    let (nodes, total) = all_nodes(TRANSCRIPTS, "conversations", json!({})).await;
    assert_eq!(total, 500);
    assert_eq!(nodes.len(), 500);
    for c in &nodes {
        let messages = c["messages"].as_array().unwrap();
        let id = &c["id"];
        assert_eq!(messages.len() as u64, c["messageCount"].as_u64().unwrap(), "{id}: messageCount");
        assert!(messages.len() >= 2, "{id}");
        assert_eq!(messages[0]["createdAt"], c["startedAt"], "{id}: first message at startedAt");
        assert_eq!(messages[messages.len() - 1]["createdAt"], c["endedAt"], "{id}: last message at endedAt");
        let mut latencies = Vec::new();
        for (i, m) in messages.iter().enumerate() {
            assert_eq!(m["index"], i, "{id}");
            let role = if i % 2 == 0 { "USER" } else { "ASSISTANT" };
            assert_eq!(m["role"], role, "{id}: message {i} alternates, starting with the end user");
            assert!(!text(&m["content"]).trim().is_empty(), "{id}: message {i} has text");
            assert!(m["tokens"].as_u64().unwrap() > 0, "{id}: message {i} has tokens");
            if i > 0 {
                assert!(
                    text(&m["createdAt"]) >= text(&messages[i - 1]["createdAt"]),
                    "{id}: message {i} in time order"
                );
            }
            match role {
                "USER" => assert!(m["latencyMs"].is_null(), "{id}: the end user has no latency"),
                _ => latencies.push(num(&m["latencyMs"])),
            }
        }
        // The agent's latencies average the conversation's response time (each rounded to a millisecond).
        let mean = latencies.iter().sum::<f64>() / latencies.len() as f64;
        assert!(
            (mean - num(&c["avgResponseTime"])).abs() <= 0.5,
            "{id}: mean latency {mean} vs {}",
            c["avgResponseTime"]
        );
    }

    // One whole transcript, as the conversation page shows it.
    let newest = text(&nodes[0]["id"]);
    let response = data(
        r#"query($id: ID!) { conversation(id: $id) {
            id title agentId agent { id name } channel complexity sentiment resolved endUserId
            startedAt endedAt durationMs messageCount avgResponseTime inputTokens outputTokens
            messages { index role content createdAt tokens latencyMs }
        } }"#,
        json!({ "id": newest }),
    )
    .await;
    let snap = snapshot();
    let d = &snap.dataset;
    let c = d.conversations.last().unwrap();
    let conversation = &response["conversation"];
    assert_eq!(conversation["id"], c.id.to_string());
    assert_eq!(conversation["agentId"], conversation["agent"]["id"]);
    assert_eq!(conversation["agent"]["id"], d.agents[c.agent as usize].id.to_string());
    assert_eq!(conversation["title"], c.title.as_str());
    assert_eq!(conversation["durationMs"], (c.ended_at - c.started_at).num_milliseconds());
    let end_user = text(&conversation["endUserId"]);
    assert!(
        end_user.len() == 17 && end_user.starts_with("anon-") && end_user[5..].chars().all(|ch| ch.is_ascii_hexdigit())
    );
    assert_eq!(conversation["inputTokens"], c.input_tokens);
    assert_eq!(conversation["outputTokens"], c.output_tokens);
    insta::assert_json_snapshot!("conversation_transcript", response);
}

// ---------------------------------------------------------------- cost analysis

const COSTS: &str = r#"
query Costs($filter: CostRecordFilter, $orderBy: CostRecordOrder, $after: String, $first: Int = 100) {
  costRecords(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id date agentId inputTokens outputTokens totalCost model modelInfo { inputPricePer1K outputPricePer1K } }
  }
}"#;

#[tokio::test]
async fn cost_analysis() {
    let snap = snapshot();
    let d = &snap.dataset;
    let (from, to) = (d.window.date(10), d.window.date(19));
    let mut snap_out = BTreeMap::new();
    type Keep = Box<dyn Fn(&data::CostRecord) -> bool>;
    let cases: Vec<(&str, Value, Keep)> = vec![
        ("all", json!({}), Box::new(|_| true)),
        ("gpt-4o", json!({ "model": ["gpt-4o"] }), Box::new(|r| r.model == Model::Gpt4o)),
        (
            "gpt-4o-mini and gpt-3.5-turbo, ten days",
            json!({ "model": ["gpt-4o-mini", "gpt-3.5-turbo"], "date": { "from": from.to_string(), "to": to.to_string() } }),
            Box::new(move |r| r.model != Model::Gpt4o && r.date >= from && r.date <= to),
        ),
        (
            "ten days",
            json!({ "date": { "from": from.to_string(), "to": to.to_string() } }),
            Box::new(move |r| r.date >= from && r.date <= to),
        ),
        ("one agent", json!({ "agentIds": [d.agents[1].id] }), Box::new(|r| r.agent == 1)),
    ];
    for (case, filter, keep) in cases {
        let expected: Vec<&data::CostRecord> = d.cost_records.iter().filter(|r| keep(r)).collect();
        let order = json!({ "field": "DATE", "direction": "ASC" });
        let (nodes, total) = all_nodes(COSTS, "costRecords", json!({ "filter": filter, "orderBy": order })).await;
        assert_eq!(total as usize, expected.len(), "{case}");
        assert_eq!(nodes.len(), expected.len(), "{case}");
        let mut sum = 0.0;
        let mut tokens = (0u64, 0u64);
        for node in &nodes {
            let record = d.cost_records.iter().find(|r| r.id.to_string() == text(&node["id"])).unwrap();
            assert!(keep(record), "{case}: {node}");
            let (input_price, output_price) = seed_price(&text(&node["model"]));
            assert_eq!(node["modelInfo"], json!({ "inputPricePer1K": input_price, "outputPricePer1K": output_price }));
            let cost =
                num(&node["inputTokens"]) / 1000.0 * input_price + num(&node["outputTokens"]) / 1000.0 * output_price;
            assert_close(&node["totalCost"], Some(cost), case);
            sum += num(&node["totalCost"]);
            tokens.0 += node["inputTokens"].as_u64().unwrap();
            tokens.1 += node["outputTokens"].as_u64().unwrap();
        }
        let dates: Vec<String> = nodes.iter().map(|n| text(&n["date"])).collect();
        assert!(dates.windows(2).all(|p| p[0] <= p[1]), "{case}: date order");
        let expected_sum: f64 = expected.iter().map(|r| r.total_cost).sum();
        assert!(close(sum, expected_sum), "{case}: {sum} vs {expected_sum}");
        assert_eq!(tokens.0, expected.iter().map(|r| r.input_tokens).sum::<u64>(), "{case}");
        assert_eq!(tokens.1, expected.iter().map(|r| r.output_tokens).sum::<u64>(), "{case}");
        snap_out.insert(
            case,
            json!({ "totalCount": total, "totalCost": format!("{sum:.6}"), "inputTokens": tokens.0, "outputTokens": tokens.1 }),
        );
    }
    // gpt-4o is the expensive model: its share of the bill is the largest.
    let share = |k: &str| snap_out[k]["totalCost"].as_str().unwrap().parse::<f64>().unwrap();
    assert!(share("gpt-4o") > share("all") / 2.0);

    // The most expensive agent-days first.
    let top = data(COSTS, json!({ "first": 5, "orderBy": { "field": "TOTAL_COST", "direction": "DESC" } })).await;
    let costs: Vec<f64> =
        top["costRecords"]["nodes"].as_array().unwrap().iter().map(|n| num(&n["totalCost"])).collect();
    let mut all: Vec<f64> = d.cost_records.iter().map(|r| r.total_cost).collect();
    all.sort_by(|a, b| b.total_cmp(a));
    assert_eq!(costs, all[..5]);

    let response = graphql(COSTS, json!({ "filter": { "model": ["claude"] } })).await;
    assert_eq!(first_error_code(&response), "BAD_USER_INPUT", "{response}");
    let response = graphql(COSTS, json!({ "filter": { "date": { "from": "2025-01-19", "to": "2025-01-01" } } })).await;
    assert_eq!(first_error_code(&response), "BAD_USER_INPUT", "{response}");

    insta::assert_json_snapshot!("cost_analysis", json!({ "sums": snap_out, "top": top }));
}

// ---------------------------------------------------------------- audit feed

const AUDIT_FEED: &str = r#"
query AuditFeed($filter: AuditLogFilter, $after: String) {
  auditLogs(first: 100, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id
      action
      actionName
      createdAt
      actorId
      actor { id name role }
      targetType
      targetId
      target {
        __typename
        ... on Agent { id name }
        ... on User { id name }
      }
      summary
      details
      ipAddress
      userAgent
    }
  }
}"#;

#[tokio::test]
async fn audit_feed() {
    let snap = snapshot();
    let d = &snap.dataset;
    let (nodes, total) = all_nodes(AUDIT_FEED, "auditLogs", json!({})).await;
    assert_eq!(total, 200);
    // Newest first: the reverse of the stored time order.
    let ids: Vec<String> = nodes.iter().map(|n| text(&n["id"])).collect();
    assert_eq!(ids, audit_ids(d, &(0..200).rev().collect::<Vec<_>>()));
    let times: Vec<String> = nodes.iter().map(|n| text(&n["createdAt"])).collect();
    assert!(times.windows(2).all(|p| p[0] >= p[1]));
    assert!(times[0].as_str() <= ANCHOR, "no entry after the anchor");

    let mut seen_targets = BTreeMap::new();
    for (node, log) in nodes.iter().zip(d.audit_logs.iter().rev()) {
        let actor = &d.users[log.actor as usize];
        assert_eq!(node["action"], log.action.as_str());
        assert_eq!(node["actionName"], log.action.dotted());
        assert_eq!(node["createdAt"], timestamp(log.created_at));
        assert_eq!(node["actorId"], actor.id.to_string());
        assert_eq!(node["actor"], json!({ "id": actor.id, "name": actor.name, "role": actor.role.as_str() }));
        let summary = text(&node["summary"]);
        assert!(summary.starts_with(&actor.name), "{summary}");
        match log.target {
            Some(AuditTarget::Agent(a)) => {
                let agent = &d.agents[a as usize];
                assert_eq!(node["targetType"], "AGENT");
                assert_eq!(node["targetId"], agent.id.to_string());
                assert_eq!(node["target"], json!({ "__typename": "Agent", "id": agent.id, "name": agent.name }));
                assert!(summary.contains(&agent.name), "{summary}");
            }
            Some(AuditTarget::User(u)) => {
                let user = &d.users[u as usize];
                assert_eq!(node["targetType"], "USER");
                assert_eq!(node["target"], json!({ "__typename": "User", "id": user.id, "name": user.name }));
            }
            None => {
                assert!(
                    node["targetType"].is_null() && node["targetId"].is_null() && node["target"].is_null(),
                    "{node}"
                );
            }
        }
        *seen_targets.entry(format!("{}", node["targetType"])).or_insert(0) += 1;
        let details = &node["details"];
        assert!(details.is_object(), "{details}");
        match &log.details {
            AuditDetails::None => assert_eq!(details, &json!({})),
            AuditDetails::AgentUpdated { field } => assert_eq!(details["field"], *field),
            AuditDetails::AgentDeleted { name, former_id } => {
                assert_eq!(details["agentName"], name.as_str());
                assert_eq!(details["formerAgentId"], former_id.to_string());
                assert!(summary.contains(name.as_str()), "{summary}");
            }
            AuditDetails::ConfigChanged { setting, from, to } => {
                assert_eq!(details["setting"], setting.as_str());
                assert_eq!(num(&details["from"]), *from);
                assert_eq!(num(&details["to"]), *to);
            }
            AuditDetails::Session { method } => {
                assert_eq!(details["method"], *method);
                let verb = if log.action == AuditAction::UserLogin { "signed in" } else { "signed out" };
                assert!(summary.contains(verb), "{summary}");
            }
            AuditDetails::PolicyUpdated { policy, change } => {
                assert_eq!(details["policy"], *policy);
                assert_eq!(details["change"], *change);
            }
            AuditDetails::ExportRequested { dataset, format, days } => {
                assert_eq!(details, &json!({ "dataset": dataset, "format": format, "days": days }));
            }
        }
        let ip = text(&node["ipAddress"]);
        assert_eq!(ip.split('.').filter(|p| p.parse::<u8>().is_ok()).count(), 4, "{ip}");
        assert!(!text(&node["userAgent"]).is_empty());
    }
    assert!(seen_targets.contains_key("\"AGENT\"") && seen_targets.contains_key("null"), "{seen_targets:?}");

    // Filters, each against the dataset.
    let actor =
        (0..d.users.len()).max_by_key(|&u| d.audit_logs.iter().filter(|l| l.actor as usize == u).count()).unwrap();
    let agent = 1u32;
    let mid = d.window.day_start(15);
    type Keep = Box<dyn Fn(&data::AuditLog) -> bool>;
    let cases: Vec<(&str, Value, Keep)> = vec![
        (
            "action CONFIG_CHANGED",
            json!({ "action": ["CONFIG_CHANGED"] }),
            Box::new(|l| l.action == AuditAction::ConfigChanged),
        ),
        (
            "sessions",
            json!({ "action": ["USER_LOGIN", "USER_LOGOUT"] }),
            Box::new(|l| matches!(l.action, AuditAction::UserLogin | AuditAction::UserLogout)),
        ),
        ("actor", json!({ "actorIds": [d.users[actor].id] }), Box::new(move |l| l.actor as usize == actor)),
        (
            "target agent",
            json!({ "targetIds": [d.agents[agent as usize].id] }),
            Box::new(move |l| l.target == Some(AuditTarget::Agent(agent))),
        ),
        (
            "createdAt range",
            json!({ "createdAt": { "from": timestamp(mid), "to": ANCHOR } }),
            Box::new(move |l| l.created_at >= mid),
        ),
        (
            "actor's sign-ins since mid-window",
            json!({ "action": ["USER_LOGIN"], "actorIds": [d.users[actor].id], "createdAt": { "from": timestamp(mid) } }),
            Box::new(move |l| l.action == AuditAction::UserLogin && l.actor as usize == actor && l.created_at >= mid),
        ),
    ];
    let mut snap_out = BTreeMap::new();
    for (case, filter, keep) in cases {
        let expected: Vec<usize> = (0..d.audit_logs.len()).rev().filter(|&l| keep(&d.audit_logs[l])).collect();
        assert!(!expected.is_empty() && expected.len() < 200, "{case} should select some entries");
        let (nodes, total) = all_nodes(AUDIT_FEED, "auditLogs", json!({ "filter": filter })).await;
        assert_eq!(total as usize, expected.len(), "{case}");
        let ids: Vec<String> = nodes.iter().map(|n| text(&n["id"])).collect();
        assert_eq!(ids, audit_ids(d, &expected), "{case}");
        snap_out.insert(case, json!({ "totalCount": total, "summaries": nodes.iter().take(3).map(|n| n["summary"].clone()).collect::<Vec<_>>() }));
    }
    let response = graphql(AUDIT_FEED, json!({ "filter": { "createdAt": { "from": "yesterday" } } })).await;
    assert_eq!(first_error_code(&response), "BAD_USER_INPUT", "{response}");

    insta::assert_json_snapshot!("audit_feed", json!({ "newest": &nodes[..10], "filters": snap_out }));
}

// ---------------------------------------------------------------- users

const USERS: &str = r#"
query Users($filter: UserFilter, $orderBy: UserOrder) {
  users(first: 100, filter: $filter, orderBy: $orderBy) {
    totalCount
    nodes {
      id
      name
      email
      role
      avatarUrl
      createdAt
      lastLoginAt
      agents(first: 100) { totalCount nodes { id name } }
      auditLogs(first: 3) { totalCount nodes { id action createdAt } }
    }
  }
}"#;

#[tokio::test]
async fn users_screen() {
    let snap = snapshot();
    let d = &snap.dataset;
    let response = data(USERS, json!({})).await;
    let users = &response["users"];
    assert_eq!(users["totalCount"], 10);
    let nodes = users["nodes"].as_array().unwrap();
    let names = strs(&users["nodes"], "name");
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "by name by default");
    let mut roles = BTreeMap::new();
    for node in nodes {
        let row = d.users.iter().position(|u| u.id.to_string() == text(&node["id"])).unwrap();
        let user = &d.users[row];
        assert_eq!(node["name"], user.name.as_str());
        assert_eq!(node["email"], user.email.as_str());
        assert_eq!(node["role"], user.role.as_str());
        assert_eq!(node["createdAt"], timestamp(user.created_at));
        *roles.entry(user.role.as_str()).or_insert(0) += 1;

        // The avatar: an absolute URL the app itself serves.
        let url = text(&node["avatarUrl"]);
        assert_eq!(url, format!("{PUBLIC_URL}/avatars/{}.svg", user.id));
        let reply = get(url.strip_prefix(PUBLIC_URL).unwrap()).await;
        assert_eq!(reply.status, 200, "{url}");
        assert_eq!(reply.headers["content-type"], "image/svg+xml");
        let svg = reply.text();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"), "{svg}");
        let initials: String = user.name.split_whitespace().filter_map(|w| w.chars().next()).take(2).collect();
        assert!(svg.contains(&format!(">{}<", initials.to_uppercase())), "{svg}");

        // The last sign-in is the user's latest user.login entry.
        let last_login = d
            .audit_logs
            .iter()
            .filter(|l| l.actor as usize == row && l.action == AuditAction::UserLogin)
            .map(|l| l.created_at)
            .max();
        assert_eq!(node["lastLoginAt"], json!(last_login.map(timestamp)), "{}", user.name);

        let created = agents_by_name(d, |a| a.created_by as usize == row);
        assert_eq!(node["agents"]["totalCount"], created.len());
        assert_eq!(strs(&node["agents"]["nodes"], "id"), agent_ids(d, &created));
        let made: Vec<usize> =
            (0..d.audit_logs.len()).rev().filter(|&l| d.audit_logs[l].actor as usize == row).collect();
        assert_eq!(node["auditLogs"]["totalCount"], made.len());
        assert_eq!(strs(&node["auditLogs"]["nodes"], "id"), audit_ids(d, &made[..made.len().min(3)]));
    }
    assert_eq!(roles, BTreeMap::from([("ADMIN", 2), ("OPERATOR", 4), ("VIEWER", 4)]));
    assert!(nodes.iter().any(|n| n["lastLoginAt"].is_string()));
    assert!(
        nodes.iter().any(|n| n["agents"]["totalCount"] == 0) && nodes.iter().any(|n| n["agents"]["totalCount"] != 0)
    );

    // Filters and orders.
    let admins = data(USERS, json!({ "filter": { "role": ["ADMIN"] } })).await;
    let expected: Vec<&str> = d.users.iter().filter(|u| u.role == Role::Admin).map(|u| u.name.as_str()).collect();
    let mut got = strs(&admins["users"]["nodes"], "name");
    got.sort();
    let mut expected: Vec<String> = expected.into_iter().map(String::from).collect();
    expected.sort();
    assert_eq!(got, expected);
    let email = d.users[3].email.to_uppercase();
    let found = data(USERS, json!({ "filter": { "search": email } })).await;
    assert_eq!(strs(&found["users"]["nodes"], "id"), vec![d.users[3].id.to_string()]);
    let by_email = data(USERS, json!({ "orderBy": { "field": "EMAIL", "direction": "DESC" } })).await;
    let emails = strs(&by_email["users"]["nodes"], "email");
    assert!(emails.windows(2).all(|p| p[0] > p[1]), "{emails:?}");
    let by_role = data(USERS, json!({ "orderBy": { "field": "ROLE" } })).await;
    let roles = strs(&by_role["users"]["nodes"], "role");
    assert_eq!(
        roles,
        ["ADMIN", "ADMIN", "OPERATOR", "OPERATOR", "OPERATOR", "OPERATOR", "VIEWER", "VIEWER", "VIEWER", "VIEWER"]
    );

    insta::assert_json_snapshot!("users_screen", response);
}

// ---------------------------------------------------------------- node lookup

const NODE: &str = r#"
query Node($id: ID!) {
  node(id: $id) {
    __typename
    id
    ... on User { name }
    ... on Agent { name }
    ... on Conversation { title }
    ... on DailyMetric { date conversations }
    ... on CostRecord { date totalCost }
    ... on AuditLog { action }
  }
}"#;

#[tokio::test]
async fn node_lookup_for_every_type() {
    let snap = snapshot();
    let d = &snap.dataset;
    let c = &d.conversations[42];
    let m = &d.daily_metrics[77];
    let r = &d.cost_records[77];
    let l = &d.audit_logs[150];
    let cases = [
        (d.users[2].id, json!({ "__typename": "User", "id": d.users[2].id, "name": d.users[2].name })),
        (d.agents[5].id, json!({ "__typename": "Agent", "id": d.agents[5].id, "name": d.agents[5].name })),
        (c.id, json!({ "__typename": "Conversation", "id": c.id, "title": c.title })),
        (
            m.id,
            json!({ "__typename": "DailyMetric", "id": m.id, "date": m.date.to_string(), "conversations": m.conversations }),
        ),
        (
            r.id,
            json!({ "__typename": "CostRecord", "id": r.id, "date": r.date.to_string(), "totalCost": "checked apart" }),
        ),
        (l.id, json!({ "__typename": "AuditLog", "id": l.id, "action": l.action.as_str() })),
    ];
    let mut ids = Vec::new();
    let mut expected = Vec::new();
    for (id, node) in &cases {
        let mut response = data(NODE, json!({ "id": id })).await;
        // serde_json parses floats best-effort (1 ULP), so money is compared with a tolerance.
        if node["__typename"] == "CostRecord" {
            assert_close(&response["node"]["totalCost"], Some(r.total_cost), "totalCost");
            response["node"]["totalCost"] = json!("checked apart");
        }
        assert_eq!(response["node"], *node);
        ids.push(json!(id));
        expected.push(node.clone());
    }
    // nodes(ids:) keeps the order asked, with null for an id nothing has.
    let unknown = "00000000-0000-4000-8000-000000000000";
    ids.insert(3, json!(unknown));
    expected.insert(3, Value::Null);
    ids.reverse();
    expected.reverse();
    let response = data(
        r#"query Nodes($ids: [ID!]!) { nodes(ids: $ids) {
            __typename id
            ... on User { name } ... on Agent { name } ... on Conversation { title }
            ... on DailyMetric { date conversations } ... on CostRecord { date totalCost } ... on AuditLog { action }
        } }"#,
        json!({ "ids": ids }),
    )
    .await;
    let mut nodes = response["nodes"].clone();
    for node in nodes.as_array_mut().unwrap().iter_mut().filter(|n| n["__typename"] == "CostRecord") {
        assert_close(&node["totalCost"], Some(r.total_cost), "totalCost");
        node["totalCost"] = json!("checked apart");
    }
    assert_eq!(nodes, json!(expected));
    assert_eq!(data(NODE, json!({ "id": unknown })).await["node"], Value::Null);

    // Typed lookups only find their own type.
    let response = data(
        "query($u: ID!, $a: ID!, $c: ID!) { user(id: $a) { id } agent(id: $u) { id } conversation(id: $a) { id } agentOfC: agent(id: $c) { id } mine: user(id: $u) { id } }",
        json!({ "u": d.users[0].id, "a": d.agents[0].id, "c": c.id }),
    )
    .await;
    assert_eq!(
        response,
        json!({ "user": null, "agent": null, "conversation": null, "agentOfC": null, "mine": { "id": d.users[0].id } })
    );

    insta::assert_json_snapshot!("node_lookup", json!(expected));
}

// ---------------------------------------------------------------- models

#[tokio::test]
async fn models_with_prices() {
    let snap = snapshot();
    let d = &snap.dataset;
    let response = data(
        r#"{ models { id name provider inputPricePer1K outputPricePer1K agents { nodes { name model } } }
             gpt4o: model(id: "gpt-4o") { id name } unknown: model(id: "gpt-5") { id } }"#,
        json!({}),
    )
    .await;
    let models = response["models"].as_array().unwrap();
    assert_eq!(strs(&response["models"], "id"), ["gpt-4o", "gpt-4o-mini", "gpt-3.5-turbo"]);
    for model in models {
        let id = text(&model["id"]);
        let (input, output) = seed_price(&id);
        assert_eq!(model["inputPricePer1K"], input, "{id}");
        assert_eq!(model["outputPricePer1K"], output, "{id}");
        assert_eq!(model["provider"], "OpenAI");
        let expected = agents_by_name(d, |a| a.model.id() == id);
        let names: Vec<String> = expected.iter().map(|&r| d.agents[r].name.clone()).collect();
        assert_eq!(strs(&model["agents"]["nodes"], "name"), names, "{id}");
        assert!(model["agents"]["nodes"].as_array().unwrap().iter().all(|a| a["model"] == id.as_str()));
    }
    assert_eq!(models.iter().map(|m| m["agents"]["nodes"].as_array().unwrap().len()).sum::<usize>(), 20);
    assert_eq!(response["gpt4o"], json!({ "id": "gpt-4o", "name": "GPT-4o" }));
    assert_eq!(response["unknown"], Value::Null);
    insta::assert_json_snapshot!("models", response);
}

// ---------------------------------------------------------------- viewer

#[tokio::test]
async fn viewer_from_bearer_token() {
    let snap = snapshot();
    let d = &snap.dataset;
    let query = "{ viewer { id name email role } }";
    let operator = d.users.iter().find(|u| u.role == Role::Operator).unwrap();
    let expected = json!({ "viewer": {
        "id": operator.id, "name": operator.name, "email": operator.email, "role": "OPERATOR"
    } });
    let tokens = [
        format!("Bearer {}", operator.email),
        format!("Bearer {}", operator.email.to_uppercase()),
        format!("Bearer {}", operator.id),
        format!("bearer   {} ", operator.id),
    ];
    for token in &tokens {
        let reply = graphql_with_headers(query, json!({}), &[("authorization", token)]).await;
        assert_eq!(reply.status, 200, "{token}");
        assert_eq!(reply.json()["data"], expected, "{token}");
    }
    // Signed out: null, not an error.
    let reply = graphql_with_headers(query, json!({}), &[]).await;
    assert_eq!(reply.json(), json!({ "data": { "viewer": null } }));
    // A token naming nobody, or not a bearer token at all: 401.
    for token in ["Bearer nobody@example.com", "Bearer 00000000-0000-4000-8000-000000000000", "Basic dXNlcjpwYXNz"] {
        let reply = graphql_with_headers(query, json!({}), &[("authorization", token)]).await;
        assert_eq!(reply.status, 401, "{token}");
        assert_eq!(first_error_code(&reply.json()), "UNAUTHENTICATED", "{token}");
        assert!(reply.json().get("data").is_none(), "{token}");
    }
    // An agent's id is not a user.
    let token = format!("Bearer {}", d.agents[0].id);
    let reply = graphql_with_headers(query, json!({}), &[("authorization", &token)]).await;
    assert_eq!(reply.status, 401);
    insta::assert_json_snapshot!("viewer", expected);
}
