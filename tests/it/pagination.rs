//! Pagination walks over every collection, root and nested: paging forward
//! with `first/after` and backward with `last/before` visits every record
//! exactly once, in the list's order, the same both ways, with `totalCount`
//! and `pageInfo` right on every page; cursors address positions; bad
//! arguments and foreign cursors are refused with BAD_USER_INPUT.

use std::collections::{BTreeSet, HashMap};

use agentmock::data::catalogue::{AuditAction, Model};
use agentmock::data::{AgentStatus, AuditTarget, Dataset, Sentiment};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

use crate::support::{data, first_error_code, graphql, snapshot};

/// A sort key read from the dataset (never from the response).
#[derive(Clone, Debug, PartialEq, PartialOrd)]
enum Key {
    /// A number, or none (metrics of a day or agent without traffic).
    Num(Option<f64>),
    Text(String),
    /// "Customer Support Bot 42" as ("Customer Support Bot", 42).
    Name(String, u64),
}

fn natural(name: &str) -> Key {
    let (base, number) = name.rsplit_once(' ').expect("numbered name");
    Key::Name(base.to_string(), number.parse().expect("numbered name"))
}

fn time(at: chrono::DateTime<chrono::Utc>) -> Key {
    Key::Num(Some(at.timestamp() as f64))
}

/// One list in one order, as a client pages through it.
struct List {
    name: String,
    query: String,
    /// Path from `data` to the connection.
    path: Vec<&'static str>,
    /// The records the list holds, by id, from the dataset.
    expected: BTreeSet<String>,
    /// Sort key of a record of the list, by id.
    key: Box<dyn Fn(&str) -> Key>,
    descending: bool,
}

const PAGE: &str = "totalCount
    edges { cursor node { id } }
    nodes { id }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }";

const ARGS: &str = "first: $first, after: $after, last: $last, before: $before";

const VARS: &str = "$first: Int, $after: String, $last: Int, $before: String";

/// A root collection, with extra arguments (`filter`, `orderBy`).
fn root(field: &'static str, extra: &str) -> (String, Vec<&'static str>) {
    (format!("query Walk({VARS}) {{ {field}({ARGS}{extra}) {{ {PAGE} }} }}"), vec![field])
}

/// A collection nested in a record looked up by `parent(id:)`.
fn nested(parent: &'static str, id: &str, field: &'static str, extra: &str) -> (String, Vec<&'static str>) {
    (
        format!("query Walk({VARS}) {{ {parent}(id: \"{id}\") {{ {field}({ARGS}{extra}) {{ {PAGE} }} }} }}"),
        vec![parent, field],
    )
}

fn order(field: &str, direction: &str) -> String {
    format!(", orderBy: {{ field: {field}, direction: {direction} }}")
}

/// An order by a telemetry measure.
fn measure(measure: &str, direction: &str) -> String {
    format!(", orderBy: {{ measure: {measure}, direction: {direction} }}")
}

/// Ids of a table mapped to rows.
fn rows_by_id<T: Clone>(records: &agentmock::data::Table<T>, id: impl Fn(&T) -> uuid::Uuid) -> HashMap<String, usize> {
    records.iter().enumerate().map(|(row, r)| (id(r).to_string(), row)).collect()
}

/// The connection at `path` in a response's data.
fn at<'a>(data: &'a Value, path: &[&str]) -> &'a Value {
    path.iter().fold(data, |v, key| &v[*key])
}

async fn page(list: &List, variables: Value) -> Value {
    let data = data(&list.query, variables).await;
    at(&data, &list.path).clone()
}

fn ids_of(connection: &Value) -> (Vec<String>, Vec<String>) {
    let edges = connection["edges"].as_array().expect("edges");
    let ids: Vec<String> = edges.iter().map(|e| e["node"]["id"].as_str().unwrap().to_string()).collect();
    let cursors: Vec<String> = edges.iter().map(|e| e["cursor"].as_str().unwrap().to_string()).collect();
    let nodes: Vec<String> =
        connection["nodes"].as_array().unwrap().iter().map(|n| n["id"].as_str().unwrap().into()).collect();
    assert_eq!(ids, nodes, "`edges` and `nodes` hold the same records");
    (ids, cursors)
}

fn check_page_info(list: &List, size: usize, connection: &Value, cursors: &[String]) {
    let info = &connection["pageInfo"];
    assert_eq!(connection["totalCount"], list.expected.len(), "{}: totalCount", list.name);
    assert!(cursors.len() <= size, "{}: page over {size}", list.name);
    assert_eq!(info["startCursor"], json!(cursors.first()), "{}: startCursor", list.name);
    assert_eq!(info["endCursor"], json!(cursors.last()), "{}: endCursor", list.name);
}

/// Pages through `list` forward and backward with pages of `size`; returns
/// the records in list order, with their cursors.
async fn walk(list: &List, size: usize) -> (Vec<String>, Vec<String>) {
    let total = list.expected.len();
    let what = format!("{} by {size}", list.name);

    let (mut forward, mut forward_cursors) = (Vec::new(), Vec::new());
    let mut after = Value::Null;
    loop {
        let connection = page(list, json!({ "first": size, "after": after })).await;
        let (ids, cursors) = ids_of(&connection);
        check_page_info(list, size, &connection, &cursors);
        let remaining = total - forward.len();
        assert_eq!(ids.len(), size.min(remaining), "{what}: a full page unless at the end");
        let info = &connection["pageInfo"];
        assert_eq!(info["hasPreviousPage"], !forward.is_empty(), "{what}: hasPreviousPage after {}", forward.len());
        forward.extend(ids);
        forward_cursors.extend(cursors);
        assert_eq!(info["hasNextPage"], forward.len() < total, "{what}: hasNextPage after {}", forward.len());
        if forward.len() >= total || info["hasNextPage"] != json!(true) {
            break;
        }
        after = info["endCursor"].clone();
    }

    let (mut backward, mut backward_cursors) = (Vec::new(), Vec::new());
    let mut before = Value::Null;
    loop {
        let connection = page(list, json!({ "last": size, "before": before })).await;
        let (ids, cursors) = ids_of(&connection);
        check_page_info(list, size, &connection, &cursors);
        let remaining = total - backward.len();
        assert_eq!(ids.len(), size.min(remaining), "{what} backward: a full page unless at the start");
        let info = &connection["pageInfo"];
        assert_eq!(info["hasNextPage"], !backward.is_empty(), "{what} backward: hasNextPage");
        backward.splice(0..0, ids);
        backward_cursors.splice(0..0, cursors);
        assert_eq!(info["hasPreviousPage"], backward.len() < total, "{what} backward: hasPreviousPage");
        if backward.len() >= total || info["hasPreviousPage"] != json!(true) {
            break;
        }
        before = info["startCursor"].clone();
    }

    assert_eq!(forward.len(), total, "{what}: forward walk length");
    assert_eq!(forward, backward, "{what}: the same records in the same order both ways");
    assert_eq!(forward_cursors, backward_cursors, "{what}: a record's cursor does not depend on the page");
    let unique: BTreeSet<String> = forward.iter().cloned().collect();
    assert_eq!(unique.len(), total, "{what}: no record twice");
    assert_eq!(unique, list.expected, "{what}: exactly the records of the list");
    for pair in forward.windows(2) {
        let (a, b) = ((list.key)(&pair[0]), (list.key)(&pair[1]));
        let ordered = if list.descending { a >= b } else { a <= b };
        assert!(ordered, "{what}: {a:?} then {b:?}");
    }
    (forward, forward_cursors)
}

/// Every page size on one list, then cursors as positions.
async fn walk_all_sizes(list: List) {
    assert!(list.expected.len() > 1, "{}: a list worth paging", list.name);
    let (order, cursors) = walk(&list, 1).await;
    for size in [7, 20, 100] {
        assert_eq!(walk(&list, size).await.0, order, "{} by {size}: same order as one by one", list.name);
    }
    // Any cursor (not only page ends) marks a position; `after` and `before` combine.
    let n = order.len();
    for i in [0, n / 3, n / 2, n - 1] {
        let after = page(&list, json!({ "first": 3, "after": cursors[i] })).await;
        assert_eq!(ids_of(&after).0, order[i + 1..(i + 4).min(n)], "{}: first 3 after #{i}", list.name);
        let before = page(&list, json!({ "last": 3, "before": cursors[i] })).await;
        assert_eq!(ids_of(&before).0, order[i.saturating_sub(3)..i], "{}: last 3 before #{i}", list.name);
        let head = page(&list, json!({ "first": 2, "before": cursors[i] })).await;
        assert_eq!(ids_of(&head).0, order[..i.min(2)], "{}: first 2 before #{i}", list.name);
    }
    let window = page(&list, json!({ "after": cursors[0], "before": cursors[n - 1], "first": 100 })).await;
    assert_eq!(ids_of(&window).0, order[1..(n - 1).min(101)], "{}: between two cursors", list.name);
    // No size: the default page of 20.
    let default = page(&list, json!({})).await;
    assert_eq!(ids_of(&default).0, order[..n.min(20)], "{}: default page", list.name);
}

fn dataset() -> std::sync::Arc<agentmock::store::Snapshot> {
    snapshot()
}

fn set(ids: impl IntoIterator<Item = uuid::Uuid>) -> BTreeSet<String> {
    ids.into_iter().map(|id| id.to_string()).collect()
}

fn list(
    name: &str,
    (query, path): (String, Vec<&'static str>),
    expected: BTreeSet<String>,
    descending: bool,
    key: impl Fn(&str) -> Key + 'static,
) -> List {
    List { name: name.to_string(), query, path, expected, key: Box::new(key), descending }
}

// ---------------------------------------------------------------- users

fn users(d: &Dataset) -> (BTreeSet<String>, impl Fn(&str) -> usize + 'static) {
    let rows = rows_by_id(&d.users, |u| u.id);
    (set(d.users.iter().map(|u| u.id)), move |id: &str| rows[id])
}

#[tokio::test]
async fn users_by_name() {
    let snap = dataset();
    let (all, row) = users(&snap.dataset);
    let s = snap.clone();
    walk_all_sizes(list("users by name", root("users", ""), all, false, move |id| {
        Key::Text(s.dataset.users[row(id)].name.clone())
    }))
    .await;
}

#[tokio::test]
async fn users_by_role_and_creation() {
    let snap = dataset();
    let (all, row) = users(&snap.dataset);
    let row = std::sync::Arc::new(row);
    let (s, r) = (snap.clone(), row.clone());
    walk_all_sizes(list("users by role", root("users", &order("ROLE", "ASC")), all.clone(), false, move |id| {
        Key::Num(Some(s.dataset.users[r(id)].role as u8 as f64))
    }))
    .await;
    let s = snap.clone();
    walk_all_sizes(list(
        "users by creation, newest first",
        root("users", &order("CREATED_AT", "DESC")),
        all,
        true,
        move |id| time(s.dataset.users[row(id)].created_at),
    ))
    .await;
}

// ---------------------------------------------------------------- agents

fn agent_rows(d: &Dataset) -> impl Fn(&str) -> usize + 'static {
    let rows = rows_by_id(&d.agents, |a| a.id);
    move |id: &str| rows[id]
}

#[tokio::test]
async fn agents_by_name_and_status() {
    let snap = dataset();
    let d = &snap.dataset;
    let all = set(d.agents.iter().map(|a| a.id));
    let (s, row) = (snap.clone(), agent_rows(d));
    walk_all_sizes(list("agents by name", root("agents", ""), all.clone(), false, move |id| {
        natural(&s.dataset.agents[row(id)].name)
    }))
    .await;
    let (s, row) = (snap.clone(), agent_rows(d));
    walk_all_sizes(list("agents by status desc", root("agents", &order("STATUS", "DESC")), all, true, move |id| {
        Key::Num(Some(AgentStatus::ALL.iter().position(|x| *x == s.dataset.agents[row(id)].status).unwrap() as f64))
    }))
    .await;
}

#[tokio::test]
async fn agents_by_success_rate_filtered() {
    let snap = dataset();
    let d = &snap.dataset;
    let all = set(d.agents.iter().map(|a| a.id));
    let (s, row) = (snap.clone(), agent_rows(d));
    walk_all_sizes(list(
        "agents by success rate",
        root("agents", &measure("SUCCESS_RATE", "ASC")),
        all,
        false,
        // Agents without traffic sort last, in either direction.
        move |id| Key::Num(Some(s.dataset.agents[row(id)].metrics.success_rate().unwrap_or(f64::INFINITY))),
    ))
    .await;
    let minis = set(d.agents.iter().filter(|a| a.model == Model::Gpt4oMini).map(|a| a.id));
    let (s, row) = (snap.clone(), agent_rows(d));
    let extra = format!(r#", filter: {{ model: ["gpt-4o-mini"] }}{}"#, measure("CONVERSATIONS", "DESC"));
    walk_all_sizes(list("gpt-4o-mini agents by traffic", root("agents", &extra), minis, true, move |id| {
        Key::Num(Some(s.dataset.agents[row(id)].metrics.total_conversations as f64))
    }))
    .await;
}

// ---------------------------------------------------------------- conversations

fn conversation_rows(d: &Dataset) -> impl Fn(&str) -> usize + 'static {
    let rows = rows_by_id(&d.conversations, |c| c.id);
    move |id: &str| rows[id]
}

#[tokio::test]
async fn conversations_newest_first() {
    let snap = dataset();
    let d = &snap.dataset;
    let row = conversation_rows(d);
    let all = set(d.conversations.iter().map(|c| c.id));
    // Rows are stored in time order, so the row is the started-at rank.
    walk_all_sizes(list("conversations newest first", root("conversations", ""), all, true, move |id| {
        Key::Num(Some(row(id) as f64))
    }))
    .await;
}

#[tokio::test]
async fn conversations_by_message_count_and_duration() {
    let snap = dataset();
    let d = &snap.dataset;
    let all = set(d.conversations.iter().map(|c| c.id));
    let (s, row) = (snap.clone(), conversation_rows(d));
    walk_all_sizes(list(
        "conversations by message count",
        root("conversations", &order("MESSAGE_COUNT", "ASC")),
        all,
        false,
        move |id| Key::Num(Some(s.dataset.conversations[row(id)].message_count as f64)),
    ))
    .await;
    let positive = set(d.conversations.iter().filter(|c| c.sentiment == Sentiment::Positive).map(|c| c.id));
    let (s, row) = (snap.clone(), conversation_rows(d));
    let extra = format!(", filter: {{ sentiment: [POSITIVE] }}{}", measure("AVG_DURATION", "DESC"));
    walk_all_sizes(list(
        "positive conversations, longest first",
        root("conversations", &extra),
        positive,
        true,
        move |id| Key::Num(Some(s.dataset.conversations[row(id)].duration_ms() as f64)),
    ))
    .await;
}

// ---------------------------------------------------------------- daily metrics and cost records

fn grid_rows(d: &Dataset) -> impl Fn(&str) -> usize + 'static {
    let mut rows = rows_by_id(&d.daily_metrics, |m| m.id);
    rows.extend(rows_by_id(&d.cost_records, |r| r.id));
    move |id: &str| rows[id]
}

#[tokio::test]
async fn daily_metrics_newest_day_first() {
    let snap = dataset();
    let d = &snap.dataset;
    let all = set(d.daily_metrics.iter().map(|m| m.id));
    let (s, row) = (snap.clone(), grid_rows(d));
    walk_all_sizes(list("daily metrics newest first", root("dailyMetrics", ""), all, true, move |id| {
        Key::Text(s.dataset.daily_metrics[row(id)].date.to_string())
    }))
    .await;
}

#[tokio::test]
async fn daily_metrics_by_values() {
    let snap = dataset();
    let d = &snap.dataset;
    let all = set(d.daily_metrics.iter().map(|m| m.id));
    let (s, row) = (snap.clone(), grid_rows(d));
    walk_all_sizes(list(
        "daily metrics by conversations",
        root("dailyMetrics", &measure("CONVERSATIONS", "DESC")),
        all.clone(),
        true,
        move |id| Key::Num(Some(s.dataset.daily_metrics[row(id)].conversations as f64)),
    ))
    .await;
    let (s, row) = (snap.clone(), grid_rows(d));
    walk_all_sizes(list(
        "daily metrics by success rate",
        root("dailyMetrics", &measure("SUCCESS_RATE", "ASC")),
        all,
        false,
        // Days without traffic sort last, in either direction.
        move |id| Key::Num(Some(s.dataset.daily_metrics[row(id)].success_rate().unwrap_or(f64::INFINITY))),
    ))
    .await;
    // Two agents over ten days, oldest first.
    let (a, b) = (&d.agents[2], &d.agents[12]);
    let (from, to) = (d.window.date(5), d.window.date(14));
    let picked = set(d
        .daily_metrics
        .iter()
        .filter(|m| (m.agent == 2 || m.agent == 12) && m.date >= from && m.date <= to)
        .map(|m| m.id));
    assert_eq!(picked.len(), 20);
    let extra = format!(
        r#", filter: {{ agentIds: ["{}", "{}"], date: {{ from: "{from}", to: "{to}" }} }}{}"#,
        a.id,
        b.id,
        order("DATE", "ASC")
    );
    let (s, row) = (snap.clone(), grid_rows(d));
    walk_all_sizes(list("two agents' days", root("dailyMetrics", &extra), picked, false, move |id| {
        Key::Text(s.dataset.daily_metrics[row(id)].date.to_string())
    }))
    .await;
}

#[tokio::test]
async fn cost_records_by_date_and_cost() {
    let snap = dataset();
    let d = &snap.dataset;
    let all = set(d.cost_records.iter().map(|r| r.id));
    let (s, row) = (snap.clone(), grid_rows(d));
    walk_all_sizes(list("cost records newest first", root("costRecords", ""), all.clone(), true, move |id| {
        Key::Text(s.dataset.cost_records[row(id)].date.to_string())
    }))
    .await;
    let (s, row) = (snap.clone(), grid_rows(d));
    walk_all_sizes(list(
        "cost records cheapest first",
        root("costRecords", &measure("COST", "ASC")),
        all,
        false,
        move |id| Key::Num(Some(s.dataset.cost_records[row(id)].cost_micros as f64)),
    ))
    .await;
    let gpt4o = set(d.cost_records.iter().filter(|r| r.model == Model::Gpt4o).map(|r| r.id));
    let (s, row) = (snap.clone(), grid_rows(d));
    let extra = format!(r#", filter: {{ model: ["gpt-4o"] }}{}"#, measure("COST", "DESC"));
    walk_all_sizes(list("gpt-4o costs, highest first", root("costRecords", &extra), gpt4o, true, move |id| {
        Key::Num(Some(s.dataset.cost_records[row(id)].cost_micros as f64))
    }))
    .await;
}

// ---------------------------------------------------------------- audit logs

fn audit_rows(d: &Dataset) -> impl Fn(&str) -> usize + 'static {
    let rows = rows_by_id(&d.audit_logs, |l| l.id);
    move |id: &str| rows[id]
}

#[tokio::test]
async fn audit_logs_both_directions() {
    let snap = dataset();
    let d = &snap.dataset;
    let all = set(d.audit_logs.iter().map(|l| l.id));
    // Rows are in time order: the row is the created-at rank.
    let row = audit_rows(d);
    walk_all_sizes(list("audit newest first", root("auditLogs", ""), all.clone(), true, move |id| {
        Key::Num(Some(row(id) as f64))
    }))
    .await;
    let row = audit_rows(d);
    walk_all_sizes(list("audit oldest first", root("auditLogs", &order("CREATED_AT", "ASC")), all, false, move |id| {
        Key::Num(Some(row(id) as f64))
    }))
    .await;
    let sessions = set(d
        .audit_logs
        .iter()
        .filter(|l| matches!(l.action, AuditAction::UserLogin | AuditAction::UserLogout))
        .map(|l| l.id));
    let row = audit_rows(d);
    walk_all_sizes(list(
        "sessions",
        root("auditLogs", ", filter: { actions: [USER_LOGIN, USER_LOGOUT] }"),
        sessions,
        true,
        move |id| Key::Num(Some(row(id) as f64)),
    ))
    .await;
}

// ---------------------------------------------------------------- nested

#[tokio::test]
async fn agent_conversations() {
    let snap = dataset();
    let d = &snap.dataset;
    let busiest = (0..d.agents.len() as u32)
        .max_by_key(|&a| (d.conversations.iter().filter(|c| c.agent == a).count(), std::cmp::Reverse(a)))
        .unwrap();
    let id = d.agents[busiest as usize].id.to_string();
    let mine = set(d.conversations.iter().filter(|c| c.agent == busiest).map(|c| c.id));
    assert!(mine.len() > 20);
    let row = conversation_rows(d);
    walk_all_sizes(list(
        "agent.conversations",
        nested("agent", &id, "conversations", ""),
        mine.clone(),
        true,
        move |id| Key::Num(Some(row(id) as f64)),
    ))
    .await;
    let (s, row) = (snap.clone(), conversation_rows(d));
    walk_all_sizes(list(
        "agent.conversations by duration",
        nested("agent", &id, "conversations", &measure("AVG_DURATION", "ASC")),
        mine,
        false,
        move |id| Key::Num(Some(s.dataset.conversations[row(id)].duration_ms() as f64)),
    ))
    .await;
}

#[tokio::test]
async fn agent_audit_logs() {
    let snap = dataset();
    let d = &snap.dataset;
    let agent = (0..d.agents.len() as u32)
        .max_by_key(|&a| d.audit_logs.iter().filter(|l| l.target == Some(AuditTarget::Agent(a))).count())
        .unwrap();
    let id = d.agents[agent as usize].id.to_string();
    let about = set(d.audit_logs.iter().filter(|l| l.target == Some(AuditTarget::Agent(agent))).map(|l| l.id));
    assert!(about.len() > 7);
    let row = audit_rows(d);
    walk_all_sizes(list("agent.auditLogs", nested("agent", &id, "auditLogs", ""), about.clone(), true, move |id| {
        Key::Num(Some(row(id) as f64))
    }))
    .await;
    let row = audit_rows(d);
    walk_all_sizes(list(
        "agent.auditLogs oldest first",
        nested("agent", &id, "auditLogs", &order("CREATED_AT", "ASC")),
        about,
        false,
        move |id| Key::Num(Some(row(id) as f64)),
    ))
    .await;
}

#[tokio::test]
async fn user_agents() {
    let snap = dataset();
    let d = &snap.dataset;
    let creator =
        (0..d.users.len() as u32).max_by_key(|&u| d.agents.iter().filter(|a| a.created_by == u).count()).unwrap();
    let id = d.users[creator as usize].id.to_string();
    let created = set(d.agents.iter().filter(|a| a.created_by == creator).map(|a| a.id));
    assert!(created.len() > 7);
    let (s, row) = (snap.clone(), agent_rows(d));
    walk_all_sizes(list("user.agents", nested("user", &id, "agents", ""), created.clone(), false, move |id| {
        natural(&s.dataset.agents[row(id)].name)
    }))
    .await;
    let (s, row) = (snap.clone(), agent_rows(d));
    walk_all_sizes(list(
        "user.agents newest first",
        nested("user", &id, "agents", &order("CREATED_AT", "DESC")),
        created,
        true,
        move |id| time(s.dataset.agents[row(id)].created_at),
    ))
    .await;
}

#[tokio::test]
async fn user_audit_logs() {
    let snap = dataset();
    let d = &snap.dataset;
    let actor =
        (0..d.users.len() as u32).max_by_key(|&u| d.audit_logs.iter().filter(|l| l.actor == u).count()).unwrap();
    let id = d.users[actor as usize].id.to_string();
    let made = set(d.audit_logs.iter().filter(|l| l.actor == actor).map(|l| l.id));
    assert!(made.len() > 20);
    let row = audit_rows(d);
    walk_all_sizes(list("user.auditLogs", nested("user", &id, "auditLogs", ""), made.clone(), true, move |id| {
        Key::Num(Some(row(id) as f64))
    }))
    .await;
    let row = audit_rows(d);
    walk_all_sizes(list(
        "user.auditLogs oldest first",
        nested("user", &id, "auditLogs", &order("CREATED_AT", "ASC")),
        made,
        false,
        move |id| Key::Num(Some(row(id) as f64)),
    ))
    .await;
}

// ---------------------------------------------------------------- edges of the arguments

#[tokio::test]
async fn empty_lists_and_empty_pages() {
    // A filter that matches nothing: no edges, no cursors, no neighbours.
    let nothing = data(
        r#"{ agents(first: 5, filter: { search: "no such agent" }) {
            totalCount edges { cursor } nodes { id } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }"#,
        json!({}),
    )
    .await;
    assert_eq!(
        nothing["agents"],
        json!({
            "totalCount": 0, "edges": [], "nodes": [],
            "pageInfo": { "hasNextPage": false, "hasPreviousPage": false, "startCursor": null, "endCursor": null },
        })
    );
    // first: 0 is an empty page of a non-empty list: it still counts, and more follows.
    for (args, next, previous) in [("first: 0", true, false), ("last: 0", false, true)] {
        let query = format!(
            "{{ conversations({args}) {{ totalCount edges {{ cursor }} pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }} }} }}"
        );
        let response = data(&query, json!({})).await;
        assert_eq!(
            response["conversations"],
            json!({
                "totalCount": 500, "edges": [],
                "pageInfo": { "hasNextPage": next, "hasPreviousPage": previous, "startCursor": null, "endCursor": null },
            }),
            "{args}"
        );
    }
    // Past the end: an empty page.
    let last = data("{ users(last: 1) { edges { cursor } } }", json!({})).await;
    let cursor = last["users"]["edges"][0]["cursor"].clone();
    let beyond = data(
        "query($c: String) { users(after: $c) { totalCount edges { cursor } pageInfo { hasNextPage hasPreviousPage } } }",
        json!({ "c": cursor }),
    )
    .await;
    assert_eq!(
        beyond["users"],
        json!({ "totalCount": 10, "edges": [], "pageInfo": { "hasNextPage": false, "hasPreviousPage": true } })
    );
}

/// A cursor of `query`'s first edge.
async fn first_cursor(query: &str) -> String {
    let response = data(query, json!({})).await;
    fn find(v: &Value) -> Option<String> {
        match v {
            Value::Object(map) => {
                map.get("cursor").and_then(|c| c.as_str().map(String::from)).or_else(|| map.values().find_map(find))
            }
            Value::Array(items) => items.iter().find_map(find),
            _ => None,
        }
    }
    find(&response).unwrap_or_else(|| panic!("no cursor in {response}"))
}

#[tokio::test]
async fn foreign_and_malformed_cursors_are_refused() {
    let snap = dataset();
    let d = &snap.dataset;
    let agents_by_name = first_cursor("{ agents(first: 2) { edges { cursor } } }").await;
    let conversations = first_cursor("{ conversations(first: 2) { edges { cursor } } }").await;
    let audit_desc = first_cursor("{ auditLogs(first: 2) { edges { cursor } } }").await;
    let metrics = first_cursor("{ dailyMetrics(first: 2) { edges { cursor } } }").await;

    // A cursor only works on the list and order that issued it.
    let foreign = [
        ("agents cursor on users", "query($c: String) { users(after: $c) { totalCount } }", &agents_by_name),
        (
            "agents by name cursor on agents by creation",
            "query($c: String) { agents(after: $c, orderBy: { field: CREATED_AT }) { totalCount } }",
            &agents_by_name,
        ),
        (
            "agents by name ascending cursor on descending",
            "query($c: String) { agents(before: $c, orderBy: { field: NAME, direction: DESC }) { totalCount } }",
            &agents_by_name,
        ),
        (
            "conversations by start cursor on conversations by length",
            "query($c: String) { conversations(after: $c, orderBy: { field: MESSAGE_COUNT }) { totalCount } }",
            &conversations,
        ),
        (
            "conversations cursor on audit logs",
            "query($c: String) { auditLogs(after: $c) { totalCount } }",
            &conversations,
        ),
        (
            "newest-first audit cursor on oldest-first",
            "query($c: String) { auditLogs(after: $c, orderBy: { field: CREATED_AT, direction: ASC }) { totalCount } }",
            &audit_desc,
        ),
        // Daily metrics and cost records share rows, not cursors.
        (
            "daily metric cursor on cost records",
            "query($c: String) { costRecords(after: $c) { totalCount } }",
            &metrics,
        ),
    ];
    for (case, query, cursor) in foreign {
        let response = graphql(query, json!({ "c": cursor })).await;
        assert_eq!(first_error_code(&response), "BAD_USER_INPUT", "{case}: {response}");
    }
    // The same cursor is fine where it came from.
    let ok = graphql("query($c: String) { agents(after: $c) { totalCount } }", json!({ "c": agents_by_name })).await;
    assert!(ok.get("errors").is_none(), "{ok}");

    let encode = |s: &str| URL_SAFE_NO_PAD.encode(s);
    let garbage = [
        "garbage".to_string(),
        String::new(),
        "!!!".to_string(),
        encode("agents/Name_ASC"),
        encode("agents/Name_ASC|not-a-uuid"),
        // The right scope, but the id of a user, not an agent.
        encode(&format!("agents/Name_ASC|{}", d.users[0].id)),
        // The right scope and shape, but no record has the id.
        encode("agents/Name_ASC|00000000-0000-4000-8000-000000000000"),
    ];
    for cursor in &garbage {
        for arg in ["after", "before"] {
            let query = format!("query($c: String) {{ agents({arg}: $c) {{ totalCount }} }}");
            let response = graphql(&query, json!({ "c": cursor })).await;
            assert_eq!(first_error_code(&response), "BAD_USER_INPUT", "{arg} {cursor:?}: {response}");
        }
    }
}

#[tokio::test]
async fn page_sizes_are_checked_everywhere() {
    let snap = dataset();
    let d = &snap.dataset;
    let agent = d.agents[0].id;
    let user = d.users[0].id;
    let lists = [
        "users(ARG) { totalCount }".to_string(),
        "agents(ARG) { totalCount }".to_string(),
        "conversations(ARG) { totalCount }".to_string(),
        "dailyMetrics(ARG) { totalCount }".to_string(),
        "costRecords(ARG) { totalCount }".to_string(),
        "auditLogs(ARG) { totalCount }".to_string(),
        format!(r#"agent(id: "{agent}") {{ conversations(ARG) {{ totalCount }} }}"#),
        format!(r#"agent(id: "{agent}") {{ auditLogs(ARG) {{ totalCount }} }}"#),
        format!(r#"user(id: "{user}") {{ agents(ARG) {{ totalCount }} }}"#),
        format!(r#"user(id: "{user}") {{ auditLogs(ARG) {{ totalCount }} }}"#),
    ];
    for list in &lists {
        for arg in ["first: -1", "last: -1", "first: 101", "last: 101", "first: -2147483648"] {
            let query = format!("{{ {} }}", list.replace("ARG", arg));
            let response = graphql(&query, json!({})).await;
            assert_eq!(first_error_code(&response), "BAD_USER_INPUT", "{query}: {response}");
            assert!(
                response["errors"][0]["message"].as_str().unwrap().contains(arg.split(':').next().unwrap()),
                "{response}"
            );
        }
        for arg in ["first: 100", "last: 100", "first: 0"] {
            let query = format!("{{ {} }}", list.replace("ARG", arg));
            let response = graphql(&query, json!({})).await;
            assert!(response.get("errors").is_none(), "{query}: {response}");
        }
    }
}

/// A leaderboard's `rank` is the place in the whole list, whichever way a
/// client pages: forward from the start, backward from the end, or from a
/// cursor in the middle (a page of ten rows after the tenth starts at 11).
#[tokio::test]
async fn ranks_are_places_in_the_whole_list_both_ways() {
    let query = "query($first: Int, $after: String, $last: Int, $before: String) {
        agents(orderBy: { measure: COST }, range: { lastDays: 7 }, first: $first, after: $after, last: $last, before: $before) {
          pageInfo { startCursor endCursor } edges { rank cursor node { id } } } }";
    let ranks = |answer: &Value| -> Vec<(u64, String)> {
        crate::support::list(&answer["agents"]["edges"])
            .iter()
            .map(|e| (e["rank"].as_u64().expect("rank"), crate::support::text(&e["node"]["id"])))
            .collect()
    };
    let whole = ranks(&data(query, json!({ "first": 20 })).await);
    assert_eq!(whole.iter().map(|r| r.0).collect::<Vec<_>>(), (1..=20).collect::<Vec<u64>>());
    let first = data(query, json!({ "first": 10 })).await;
    let after = data(query, json!({ "first": 10, "after": first["agents"]["pageInfo"]["endCursor"] })).await;
    assert_eq!(ranks(&after), whole[10..], "page two starts at 11");
    let tail = data(query, json!({ "last": 5 })).await;
    assert_eq!(ranks(&tail), whole[15..], "the last five are 16 to 20");
    let before = data(query, json!({ "last": 3, "before": tail["agents"]["pageInfo"]["startCursor"] })).await;
    assert_eq!(ranks(&before), whole[12..15], "three before the 16th are 13 to 15");
}
