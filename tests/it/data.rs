//! The dataset contract (PRODUCT.md, "The dataset contract") on generated
//! datasets: determinism and stream independence, every pattern with its
//! tolerance, and every consistency rule of `check::run`, including proof
//! that each rule can fail.
//!
//! The patterns are computed here from the raw records, independently of
//! `data::check`, with the seed's catalogues (base names, prices, action
//! types, role matrix) written out again below: if the generator and its
//! checker drift together, these tests still notice.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use agentmock::data::catalogue::{AuditAction, Model, Role};
use agentmock::data::kinds::{AgentKind, Complexity};
use agentmock::data::{
    self, Agent, AgentStatus, AuditDetails, AuditTarget, CostRecord, DailyMetric, Dataset, Params, Sentiment, Sizes,
    check, dump,
};
use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Timelike, Utc, Weekday};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::support::{ANCHOR, PINNED_FINGERPRINT, anchor, generate, params};

// ---------------------------------------------------------------------------
// The seed's catalogues, restated (seed/fake-data-strategy.md).

/// The seed's agent base names, in its order.
const BASE_NAMES: [&str; 10] = [
    "Customer Support Bot",
    "Sales Assistant",
    "HR Onboarding Helper",
    "IT Support Agent",
    "Knowledge Base Bot",
    "Lead Qualification Agent",
    "Document Analyzer",
    "Meeting Scheduler",
    "Expense Report Bot",
    "Training Assistant",
];

/// The seed's price table: model id, USD per 1K input tokens, per 1K output tokens.
const PRICES: [(&str, f64, f64); 3] =
    [("gpt-4o", 0.005, 0.015), ("gpt-4o-mini", 0.00015, 0.0006), ("gpt-3.5-turbo", 0.0005, 0.0015)];

/// The seed's ten audit action types.
const ACTION_TYPES: [&str; 10] = [
    "agent.created",
    "agent.updated",
    "agent.deleted",
    "agent.started",
    "agent.stopped",
    "config.changed",
    "user.login",
    "user.logout",
    "policy.updated",
    "export.requested",
];

/// Actions that point at an existing agent.
const AGENT_ACTIONS: [&str; 5] = ["agent.created", "agent.updated", "agent.started", "agent.stopped", "config.changed"];

/// The role matrix: admin does everything; an operator everything but
/// deleting agents and updating policies; a viewer only signs in and out and
/// exports.
fn role_allows(role: Role, action: &str) -> bool {
    match role {
        Role::Admin => true,
        Role::Operator => !matches!(action, "agent.deleted" | "policy.updated"),
        Role::Viewer => matches!(action, "user.login" | "user.logout" | "export.requested"),
    }
}

/// The seed's cost formula: `(inputTokens/1000 * inputPrice) + (outputTokens/1000 * outputPrice)`.
fn seed_cost(model: &str, input: u64, output: u64) -> f64 {
    let (_, input_price, output_price) =
        PRICES.iter().find(|(id, _, _)| *id == model).unwrap_or_else(|| panic!("{model} is not a seed model"));
    (input as f64 / 1000.0 * input_price) + (output as f64 / 1000.0 * output_price)
}

// ---------------------------------------------------------------------------
// Determinism.

#[test]
fn the_same_inputs_give_the_same_dataset() {
    let cases = [
        params(data::DEFAULT_SEED),
        Params { seed: 7, anchor: "2031-06-02T09:00:00Z".parse().unwrap(), sizes: Sizes::scaled(3.0).unwrap() },
        Params { seed: u64::MAX, anchor: "2000-01-01T00:00:00Z".parse().unwrap(), sizes: Sizes::scaled(0.5).unwrap() },
    ];
    for p in cases {
        let (a, b) = (generate(&p), generate(&p));
        assert!(a == b, "two generations of {p:?} differ");
        assert!(dump::to_string(&a) == dump::to_string(&b), "dumps of {p:?} differ");
        assert_eq!(dump::fingerprint(&a), dump::fingerprint(&b));
    }
}

#[test]
fn the_default_fingerprint_is_pinned() {
    let d = generate(&params(data::DEFAULT_SEED));
    // Hashed here, not only through `dump::fingerprint`.
    let bytes = dump::to_string(&d);
    let hashed = hex::encode(Sha256::digest(bytes.as_bytes()));
    assert_eq!(dump::fingerprint(&d), hashed, "fingerprint() is not the SHA-256 of the dump");
    assert_eq!(
        hashed, PINNED_FINGERPRINT,
        "the canonical dump at seed 12345 / {ANCHOR} changed; if deliberate, update PINNED_FINGERPRINT in tests/it/support.rs"
    );
}

#[test]
fn a_different_seed_gives_different_data() {
    let a = generate(&params(12345));
    let b = generate(&params(12346));
    let ids = |d: &Dataset| -> BTreeSet<uuid::Uuid> {
        d.users
            .iter()
            .map(|u| u.id)
            .chain(d.agents.iter().map(|x| x.id))
            .chain(d.conversations.iter().map(|c| c.id))
            .chain(d.daily_metrics.iter().map(|m| m.id))
            .chain(d.cost_records.iter().map(|c| c.id))
            .chain(d.audit_logs.iter().map(|l| l.id))
            .collect()
    };
    let shared = ids(&a).intersection(&ids(&b)).count();
    assert_eq!(shared, 0, "seeds 12345 and 12346 share {shared} ids");
    let names = |d: &Dataset| d.users.iter().map(|u| u.name.clone()).collect::<Vec<_>>();
    assert_ne!(names(&a), names(&b));
    let agent_names = |d: &Dataset| d.agents.iter().map(|x| x.name.clone()).collect::<Vec<_>>();
    assert_ne!(agent_names(&a), agent_names(&b));
    let traffic = |d: &Dataset| d.daily_metrics.iter().map(|m| m.conversations).collect::<Vec<_>>();
    assert_ne!(traffic(&a), traffic(&b));
    let starts = |d: &Dataset| d.conversations.iter().map(|c| c.started_at).collect::<Vec<_>>();
    assert_ne!(starts(&a), starts(&b));
    assert_ne!(dump::fingerprint(&a), dump::fingerprint(&b));
}

#[test]
fn the_audit_log_count_changes_only_the_audit_logs() {
    for seed in [data::DEFAULT_SEED, 1, 99] {
        let base = generate(&params(seed));
        // 24 is the minimum at 20 agents (one agent.created each, one agent.stopped per inactive one).
        for audit_logs in [24, 199, 201, 1000] {
            let p = Params { sizes: Sizes { audit_logs, ..Sizes::default() }, ..params(seed) };
            let other = generate(&p);
            assert_eq!(other.audit_logs.len(), audit_logs);
            assert!(other.users == base.users, "seed {seed}, {audit_logs} audit logs: users changed");
            assert!(other.agents == base.agents, "seed {seed}, {audit_logs} audit logs: agents changed");
            assert!(
                other.conversations == base.conversations,
                "seed {seed}, {audit_logs} audit logs: conversations changed"
            );
            assert!(
                other.daily_metrics == base.daily_metrics,
                "seed {seed}, {audit_logs} audit logs: daily metrics changed"
            );
            assert!(
                other.cost_records == base.cost_records,
                "seed {seed}, {audit_logs} audit logs: cost records changed"
            );
        }
    }
}

#[test]
fn the_conversation_count_changes_only_the_conversations() {
    for seed in [data::DEFAULT_SEED, 1, 99] {
        let base = generate(&params(seed));
        for conversations in [100, 499, 501, 5000] {
            let p = Params { sizes: Sizes { conversations, ..Sizes::default() }, ..params(seed) };
            let other = generate(&p);
            assert_eq!(other.conversations.len(), conversations);
            assert!(other.users == base.users, "seed {seed}, {conversations} conversations: users changed");
            assert!(other.agents == base.agents, "seed {seed}, {conversations} conversations: agents changed");
            assert!(
                other.daily_metrics == base.daily_metrics,
                "seed {seed}, {conversations} conversations: daily metrics changed"
            );
            assert!(
                other.cost_records == base.cost_records,
                "seed {seed}, {conversations} conversations: cost records changed"
            );
            assert!(
                other.audit_logs == base.audit_logs,
                "seed {seed}, {conversations} conversations: audit logs changed"
            );
        }
    }
}

/// Keys of the canonical dump that hold a date or an instant.
const DATE_KEYS: [&str; 8] =
    ["anchorTime", "start", "end", "date", "createdAt", "lastActiveAt", "startedAt", "endedAt"];

/// How far one date of a dump moved between two dumps.
struct Moved<'a> {
    /// Top-level key: `users`, `agents`, `window`, ...
    section: &'a str,
    /// The date's own key.
    field: &'a str,
    /// The record (in the first dump) the date belongs to.
    record: &'a Value,
    by: TimeDelta,
}

fn parse_date(value: &Value) -> Option<DateTime<Utc>> {
    let text = value.as_str()?;
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .ok()
        .or_else(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().map(|d| d.and_time(Default::default()).and_utc()))
}

/// Walks two canonical dumps in parallel. Every value but a date must be
/// equal (records of a table matched by position, or by `id` when `by_id`);
/// returns how each date moved, or the first difference.
fn dates_moved<'a>(a: &'a Value, b: &'a Value, by_id: bool) -> Result<Vec<Moved<'a>>, String> {
    let (Some(a_top), Some(b_top)) = (a.as_object(), b.as_object()) else { return Err("not objects".into()) };
    if a_top.keys().ne(b_top.keys()) {
        return Err("top-level keys differ".into());
    }
    let mut moved = Vec::new();
    for (section, a_value) in a_top {
        let b_value = &b_top[section];
        if DATE_KEYS.contains(&section.as_str()) {
            let (Some(x), Some(y)) = (parse_date(a_value), parse_date(b_value)) else {
                return Err(format!("{section}: {a_value} / {b_value} is not a date"));
            };
            moved.push(Moved { section, field: section, record: a_value, by: y - x });
            continue;
        }
        match (a_value.as_array(), b_value.as_array()) {
            (Some(a_rows), Some(b_rows)) if a_rows.iter().all(|r| r.get("id").is_some()) => {
                if a_rows.len() != b_rows.len() {
                    return Err(format!("{section}: {} vs {} records", a_rows.len(), b_rows.len()));
                }
                let b_by_id: BTreeMap<&str, &Value> =
                    b_rows.iter().map(|r| (r["id"].as_str().unwrap_or(""), r)).collect();
                for (i, a_row) in a_rows.iter().enumerate() {
                    let b_row = if by_id {
                        let id = a_row["id"].as_str().unwrap_or("");
                        *b_by_id.get(id).ok_or_else(|| format!("{section}: id {id} missing"))?
                    } else {
                        &b_rows[i]
                    };
                    walk(section, a_row, &format!("{section}[{i}]"), a_row, b_row, &mut moved)?;
                }
            }
            _ => walk(section, a_value, section, a_value, b_value, &mut moved)?,
        }
    }
    Ok(moved)
}

fn walk<'a>(
    section: &'a str,
    record: &'a Value,
    path: &str,
    a: &'a Value,
    b: &'a Value,
    moved: &mut Vec<Moved<'a>>,
) -> Result<(), String> {
    match (a, b) {
        (Value::Object(a_map), Value::Object(b_map)) => {
            if a_map.keys().ne(b_map.keys()) {
                return Err(format!("{path}: keys differ"));
            }
            for (key, a_value) in a_map {
                let b_value = &b_map[key];
                if DATE_KEYS.contains(&key.as_str()) && a_value.is_string() {
                    let (Some(x), Some(y)) = (parse_date(a_value), parse_date(b_value)) else {
                        return Err(format!("{path}.{key}: {a_value} / {b_value} is not a date"));
                    };
                    moved.push(Moved { section, field: key, record, by: y - x });
                } else {
                    walk(section, record, &format!("{path}.{key}"), a_value, b_value, moved)?;
                }
            }
            Ok(())
        }
        (Value::Array(a_items), Value::Array(b_items)) => {
            if a_items.len() != b_items.len() {
                return Err(format!("{path}: {} vs {} items", a_items.len(), b_items.len()));
            }
            for (i, (x, y)) in a_items.iter().zip(b_items).enumerate() {
                walk(section, record, &format!("{path}[{i}]"), x, y, moved)?;
            }
            Ok(())
        }
        _ if a == b => Ok(()),
        _ => Err(format!("{path}: {a} became {b}")),
    }
}

fn dump_json(p: &Params) -> Value {
    serde_json::from_str(&dump::to_string(&generate(p))).expect("the dump is JSON")
}

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// Where the first difference between two datasets lies (for messages).
fn first_difference(a: &Dataset, b: &Dataset) -> String {
    fn rows<T: PartialEq + std::fmt::Debug>(table: &str, a: &[T], b: &[T]) -> Option<String> {
        if a.len() != b.len() {
            return Some(format!("{table}: {} vs {} records", a.len(), b.len()));
        }
        let i = a.iter().zip(b).position(|(x, y)| x != y)?;
        Some(format!("{table}[{i}]:\n  expected {:?}\n  got      {:?}", a[i], b[i]))
    }
    if a.params != b.params || a.window != b.window {
        return format!("params/window: {:?} {:?} vs {:?} {:?}", a.params, a.window, b.params, b.window);
    }
    rows("users", &a.users, &b.users)
        .or_else(|| rows("agents", &a.agents, &b.agents))
        .or_else(|| rows("daily_metrics", &a.daily_metrics, &b.daily_metrics))
        .or_else(|| rows("cost_records", &a.cost_records, &b.cost_records))
        .or_else(|| rows("conversations", &a.conversations, &b.conversations))
        .or_else(|| rows("audit_logs", &a.audit_logs, &b.audit_logs))
        .unwrap_or_else(|| "no difference".into())
}

/// `d` as it should look with its anchor moved by a whole number of weeks:
/// every date moved by exactly the shift, every other value and the order
/// of every table the same.
fn week_shifted(d: &Dataset, shift: TimeDelta) -> Dataset {
    let mut e = d.clone();
    e.params.anchor += shift;
    e.window.anchor += shift;
    e.users.iter_mut().for_each(|u| u.created_at += shift);
    for a in &mut e.agents {
        a.created_at += shift;
        a.last_active_at += shift;
    }
    e.daily_metrics.iter_mut().for_each(|m| m.date += shift);
    e.cost_records.iter_mut().for_each(|c| c.date += shift);
    for c in &mut e.conversations {
        c.started_at += shift;
        c.ended_at += shift;
    }
    e.audit_logs.iter_mut().for_each(|l| l.created_at += shift);
    e
}

/// `d` as it should look with its anchor moved within its UTC day. The
/// window (whole days before the anchor's day) stays put: the records are
/// the same, in the same order; what is an offset from the anchor (users'
/// and agents' creation, active and inactive agents' last activity, and the
/// audit entries mirroring those, all before the window) moves by exactly
/// the shift; what lives on the window's calendar (daily dates,
/// conversations, error agents' failures, audit sessions) does not move.
fn hour_shifted(d: &Dataset, shift: TimeDelta) -> Dataset {
    let window_start = midnight(window_dates(d)[0]);
    let mut e = d.clone();
    e.params.anchor += shift;
    e.window.anchor += shift;
    e.users.iter_mut().for_each(|u| u.created_at += shift);
    for a in &mut e.agents {
        a.created_at += shift;
        if a.status != AgentStatus::Error {
            a.last_active_at += shift;
        }
    }
    e.audit_logs.iter_mut().filter(|l| l.created_at < window_start).for_each(|l| l.created_at += shift);
    e
}

fn generate_at(seed: u64, anchor: DateTime<Utc>) -> Dataset {
    generate(&Params { seed, anchor, sizes: Sizes::default() })
}

/// A whole-week shift keeps the UTC weekday and time of day of the anchor:
/// every record is the same, in the same order, and every date moved by
/// exactly the shift.
#[test]
fn a_whole_week_shift_moves_every_date_and_nothing_else() {
    let anchors = [ANCHOR, "2024-02-29T00:00:00Z", "2025-07-09T23:59:59Z"];
    let shifts = [TimeDelta::weeks(1), TimeDelta::weeks(-2), TimeDelta::weeks(260)];
    for seed in [data::DEFAULT_SEED, 0, 1, 2, 3] {
        for base in anchors {
            let a = generate_at(seed, at(base));
            for shift in shifts {
                let b = generate_at(seed, at(base) + shift);
                let expected = week_shifted(&a, shift);
                assert!(
                    expected == b,
                    "seed {seed}, {base} shifted by {} days: {}",
                    shift.num_days(),
                    first_difference(&expected, &b)
                );
            }
        }
    }
}

/// See [`hour_shifted`]. From 01:00 on, every active agent's last activity
/// (at most an hour before the anchor) lies after the window, so nothing in
/// the window depends on it; midnight is the next test's.
#[test]
fn an_hour_shift_within_the_day_moves_only_the_anchor_relative_dates() {
    let hours = [("01:00:00", "23:59:59"), ("09:30:00", "10:30:00"), ("23:00:00", "01:00:00")];
    for seed in [data::DEFAULT_SEED, 0, 1, 2, 3, 4, 5] {
        for day in ["2025-01-19", "2025-01-22"] {
            for (from, to) in hours {
                let (x, y) = (at(&format!("{day}T{from}Z")), at(&format!("{day}T{to}Z")));
                let expected = hour_shifted(&generate_at(seed, x), y - x);
                let b = generate_at(seed, y);
                assert!(expected == b, "seed {seed}, anchor {x} → {y}: {}", first_difference(&expected, &b));
            }
        }
    }
}

/// `d` with every date set to one instant and the tables whose order
/// follows dates sorted by id: what must not depend on the anchor.
fn without_dates(d: &Dataset) -> Dataset {
    let zero = DateTime::<Utc>::UNIX_EPOCH;
    let mut e = d.clone();
    e.params.anchor = zero;
    e.window.anchor = zero;
    e.users.iter_mut().for_each(|u| u.created_at = zero);
    for a in &mut e.agents {
        a.created_at = zero;
        a.last_active_at = zero;
    }
    e.daily_metrics.iter_mut().for_each(|m| m.date = zero.date_naive());
    e.cost_records.iter_mut().for_each(|c| c.date = zero.date_naive());
    for c in &mut e.conversations {
        c.started_at = zero;
        c.ended_at = zero;
    }
    e.conversations.sort_by_key(|c| c.id);
    e.audit_logs.iter_mut().for_each(|l| l.created_at = zero);
    e.audit_logs.sort_by_key(|l| l.id);
    e
}

/// At midnight an active agent's last activity falls inside the window's
/// last day, and conversations sampled after it start earlier: dates, and so
/// the order of records, may move, but no other value.
#[test]
fn no_value_but_a_date_depends_on_the_time_of_day() {
    for seed in [data::DEFAULT_SEED, 0, 1, 2, 3] {
        for day in ["2025-01-19", "2025-01-22"] {
            let a = without_dates(&generate_at(seed, at(&format!("{day}T00:00:00Z"))));
            for hour in ["00:00:01", "00:59:59", "12:00:00", "23:59:59"] {
                let b = without_dates(&generate_at(seed, at(&format!("{day}T{hour}Z"))));
                assert!(a == b, "seed {seed}, {day} 00:00 vs {hour}: {}", first_difference(&a, &b));
            }
        }
    }
}

/// The same two properties on the canonical dump, field by field, so the
/// values the API derives (titles, durations, ids of relations, details)
/// are covered too.
#[test]
fn anchor_shifts_move_only_dates_in_the_dump() {
    // A week: every date moves by the shift, nothing else changes, nothing reorders.
    for (seed, base, shift) in
        [(data::DEFAULT_SEED, ANCHOR, TimeDelta::weeks(1)), (1, "2024-02-29T00:00:00Z", TimeDelta::weeks(52))]
    {
        let label = format!("seed {seed}, {base} shifted by {} days", shift.num_days());
        let a = dump_json(&Params { seed, anchor: at(base), sizes: Sizes::default() });
        let b = dump_json(&Params { seed, anchor: at(base) + shift, sizes: Sizes::default() });
        let moved = dates_moved(&a, &b, false).unwrap_or_else(|e| panic!("{label}: {e}"));
        // anchor + window start/end + 10 users + 2 × 20 agents + 2 × 500 conversations + 600 + 600 + 200.
        assert_eq!(moved.len(), 2453, "{label}: dates counted");
        for m in &moved {
            assert_eq!(m.by, shift, "{label}: {}.{} moved by {}", m.section, m.field, m.by);
        }
    }
    // Hours within a day: see `hour_shifted`.
    for (seed, day, from, to) in
        [(data::DEFAULT_SEED, "2025-01-19", "01:00:00", "23:59:59"), (2, "2025-01-22", "14:00:00", "09:00:00")]
    {
        let (x, y) = (at(&format!("{day}T{from}Z")), at(&format!("{day}T{to}Z")));
        let label = format!("seed {seed}, anchor {x} → {y}");
        let a = dump_json(&Params { seed, anchor: x, sizes: Sizes::default() });
        let b = dump_json(&Params { seed, anchor: y, sizes: Sizes::default() });
        let moved = dates_moved(&a, &b, false).unwrap_or_else(|e| panic!("{label}: {e}"));
        let window_start = parse_date(&a["window"]["start"]).expect("window start");
        let mut counts = BTreeMap::new();
        for m in &moved {
            let anchor_relative = match (m.section, m.field) {
                ("anchorTime", _) | ("users", "createdAt") | ("agents", "createdAt") => true,
                ("agents", "lastActiveAt") => m.record["status"] != "ERROR",
                ("auditLogs", "createdAt") => parse_date(&m.record["createdAt"]).is_some_and(|t| t < window_start),
                _ => false,
            };
            let expected = if anchor_relative { y - x } else { TimeDelta::zero() };
            assert_eq!(m.by, expected, "{label}: {}.{} of {} moved by {}", m.section, m.field, m.record["id"], m.by);
            *counts.entry(anchor_relative).or_insert(0) += 1;
        }
        // Both kinds occur: the anchor-relative dates are not vacuous.
        assert!(
            counts.get(&true).is_some_and(|&n| n > 40) && counts.get(&false).is_some_and(|&n| n > 2000),
            "{label}: {counts:?}"
        );
    }
    // Midnight against late evening: any date may move, no other value.
    let a = dump_json(&Params { seed: 1, anchor: at("2025-01-19T00:00:00Z"), sizes: Sizes::default() });
    let b = dump_json(&Params { seed: 1, anchor: at("2025-01-19T23:00:00Z"), sizes: Sizes::default() });
    if let Err(e) = dates_moved(&a, &b, true) {
        panic!("seed 1, 2025-01-19 00:00 vs 23:00: {e}");
    }
}

/// A shift that changes the anchor's weekday changes the traffic (weekends
/// are judged in UTC), but never an ID or an identity.
#[test]
fn a_day_shift_keeps_ids_and_identities() {
    for seed in [data::DEFAULT_SEED, 0, 1, 2] {
        let a = generate(&params(seed));
        for days in [1, -1, 3, 100] {
            let shift = TimeDelta::days(days);
            let label = format!("seed {seed}, shifted by {days} days");
            let b = generate(&Params { anchor: anchor() + shift, ..params(seed) });
            assert_eq!(a.users.len(), b.users.len());
            for (x, y) in a.users.iter().zip(&b.users) {
                assert_eq!((&x.id, &x.name, &x.email, x.role), (&y.id, &y.name, &y.email, y.role), "{label}");
                assert_eq!(y.created_at - x.created_at, shift, "{label}: user {} joined", x.name);
            }
            assert_eq!(a.agents.len(), b.agents.len());
            for (x, y) in a.agents.iter().zip(&b.agents) {
                let identity = |g: &Agent| {
                    (g.id, g.name.clone(), g.kind, g.description, g.model, g.status, g.config.clone(), g.created_by)
                };
                assert_eq!(identity(x), identity(y), "{label}");
                assert_eq!(y.created_at - x.created_at, shift, "{label}: agent {} created", x.name);
            }
            let rows = |d: &Dataset| d.daily_metrics.iter().map(|m| (m.id, m.agent)).collect::<Vec<_>>();
            assert_eq!(rows(&a), rows(&b), "{label}: daily metric ids");
            let rows = |d: &Dataset| d.cost_records.iter().map(|c| (c.id, c.agent)).collect::<Vec<_>>();
            assert_eq!(rows(&a), rows(&b), "{label}: cost record ids");
            let ids = |d: &Dataset| d.conversations.iter().map(|c| c.id).collect::<BTreeSet<_>>();
            assert_eq!(ids(&a), ids(&b), "{label}: conversation ids");
            let ids = |d: &Dataset| d.audit_logs.iter().map(|l| l.id).collect::<BTreeSet<_>>();
            assert_eq!(ids(&a), ids(&b), "{label}: audit log ids");
        }
    }
}

// ---------------------------------------------------------------------------
// The sweep: the default dataset, 55 other seeds at anchors covering every
// weekday alignment and many times of day, and two scales.

struct Case {
    label: String,
    dataset: Dataset,
}

fn sweep() -> &'static [Case] {
    static SWEEP: OnceLock<Vec<Case>> = OnceLock::new();
    SWEEP.get_or_init(|| {
        let mut params_list = vec![params(data::DEFAULT_SEED)];
        for i in 0..50u64 {
            let shift = TimeDelta::days(i as i64) + TimeDelta::hours((i * 7 % 24) as i64)
                - TimeDelta::minutes((i * 13 % 60) as i64);
            params_list.push(Params { anchor: anchor() + shift, ..params(i) });
        }
        for seed in [u64::MAX, 1 << 32, 0xDEAD_BEEF, 987_654_321, 20_250_119] {
            params_list.push(params(seed));
        }
        for scale in [0.5, 3.0] {
            for (i, seed) in [data::DEFAULT_SEED, 1, 2, 3, 4, 5].into_iter().enumerate() {
                let sizes = Sizes::scaled(scale).expect("valid scale");
                params_list.push(Params { seed, anchor: anchor() + TimeDelta::days(i as i64 * 2), sizes });
            }
        }
        params_list
            .into_iter()
            .map(|p| Case {
                label: format!("seed {} at {} ({} agents)", p.seed, dump::timestamp(p.anchor), p.sizes.agents),
                dataset: generate(&p),
            })
            .collect()
    })
}

/// Runs `check` on every case and fails with every violation found.
fn on_every_case(check: impl Fn(&Dataset, &mut Vec<String>)) {
    let cases = sweep();
    assert!(cases.len() >= 1 + 50 + 2, "the sweep covers the default, 50 seeds and two scales");
    let mut violations = Vec::new();
    for case in cases {
        let mut found = Vec::new();
        check(&case.dataset, &mut found);
        violations.extend(found.into_iter().map(|v| format!("{}: {v}", case.label)));
    }
    assert!(violations.is_empty(), "{} violations:\n{}", violations.len(), violations.join("\n"));
}

/// Each of the `n` records' counts is `n × share` rounded down or up;
/// exactly `n × share` when that is whole (every size the sweep uses).
fn check_quota(what: &str, counts: &[usize], shares: &[f64], out: &mut Vec<String>) {
    let n: usize = counts.iter().sum();
    for (&count, &share) in counts.iter().zip(shares) {
        let exact = n as f64 * share;
        let ok = if (exact - exact.round()).abs() < 1e-9 {
            count == exact.round() as usize
        } else {
            count == exact.floor() as usize || count == exact.ceil() as usize
        };
        if !ok {
            out.push(format!("{what}: {counts:?} of {n} is not the {shares:?} quota"));
            return;
        }
    }
}

/// The window's dates, oldest first: `days` whole UTC days before the anchor's day.
fn window_dates(d: &Dataset) -> Vec<NaiveDate> {
    let anchor_day = d.params.anchor.date_naive();
    let days = d.params.sizes.days as i64;
    (0..days).map(|k| anchor_day - TimeDelta::days(days - k)).collect()
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

fn midnight(date: NaiveDate) -> DateTime<Utc> {
    date.and_time(Default::default()).and_utc()
}

/// Whether the agent's active period `[createdAt, lastActiveAt]` overlaps the day.
fn active_on(agent: &Agent, date: NaiveDate) -> bool {
    agent.created_at < midnight(date) + TimeDelta::days(1) && agent.last_active_at >= midnight(date)
}

fn mean(values: impl IntoIterator<Item = f64>) -> f64 {
    let (sum, n) = values.into_iter().fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 { f64::NAN } else { sum / n as f64 }
}

/// The daily metric of each (agent, date).
fn metric_grid(d: &Dataset) -> BTreeMap<(u32, NaiveDate), &DailyMetric> {
    d.daily_metrics.iter().map(|m| ((m.agent, m.date), m)).collect()
}

/// Second-half over first-half mean of a per-day series, each day weighted
/// by its weekday factor (a weekend day counts half, as weekends carry half
/// the traffic), so the weekend layout cancels out.
fn weekday_adjusted_growth(dates: &[NaiveDate], per_day: &[f64]) -> f64 {
    let half = dates.len() / 2;
    let part = |range: std::ops::Range<usize>| {
        let sum: f64 = per_day[range.clone()].iter().sum();
        let weight: f64 = dates[range].iter().map(|&d| if is_weekend(d) { 0.5 } else { 1.0 }).sum();
        sum / weight
    };
    part(dates.len() - half..dates.len()) / part(0..half)
}

// ---------------------------------------------------------------------------
// Patterns.

/// IDs: every id is a UUID with the version-4 layout, unique across all
/// entity types (deleted agents' former ids included).
#[test]
fn ids_are_unique_v4_uuids() {
    on_every_case(|d, out| {
        let former = d.audit_logs.iter().filter_map(|l| match &l.details {
            AuditDetails::AgentDeleted { former_id, .. } => Some(*former_id),
            _ => None,
        });
        let ids: Vec<uuid::Uuid> = d
            .users
            .iter()
            .map(|u| u.id)
            .chain(d.agents.iter().map(|a| a.id))
            .chain(d.conversations.iter().map(|c| c.id))
            .chain(d.daily_metrics.iter().map(|m| m.id))
            .chain(d.cost_records.iter().map(|c| c.id))
            .chain(d.audit_logs.iter().map(|l| l.id))
            .chain(former)
            .collect();
        let mut seen = BTreeSet::new();
        for id in ids {
            if id.get_version_num() != 4 || id.get_variant() != uuid::Variant::RFC4122 {
                out.push(format!("{id} is not a v4 UUID"));
            }
            if !seen.insert(id) {
                out.push(format!("{id} appears twice"));
            }
        }
    });
}

/// Users: exactly 2 admins, 4 operators, 4 viewers per 10; "First Last"
/// names; unique emails derived from the name; avatars served locally.
#[test]
fn users_follow_the_contract() {
    on_every_case(|d, out| {
        let counts: Vec<usize> = Role::ALL.iter().map(|r| d.users.iter().filter(|u| u.role == *r).count()).collect();
        check_quota("roles", &counts, &[0.2, 0.4, 0.4], out);
        if d.users.len() == 10 && counts != [2, 4, 4] {
            out.push(format!("10 users but roles {counts:?}"));
        }
        let mut emails = BTreeSet::new();
        for u in &d.users {
            let words: Vec<&str> = u.name.split(' ').collect();
            if words.len() != 2 || words.iter().any(|w| w.is_empty() || !w.starts_with(char::is_uppercase)) {
                out.push(format!("user name {:?} is not 'First Last'", u.name));
            }
            let clean = |w: &str| w.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_lowercase();
            let expected = format!("{}.{}", clean(words[0]), clean(words.get(1).unwrap_or(&"")));
            let (local, domain) = u.email.split_once('@').unwrap_or(("", ""));
            if local.trim_end_matches(|c: char| c.is_ascii_digit()) != expected || domain.is_empty() {
                out.push(format!("email {} does not follow name {}", u.email, u.name));
            }
            if !emails.insert(u.email.clone()) {
                out.push(format!("email {} appears twice", u.email));
            }
            if u.avatar_path() != format!("/avatars/{}.svg", u.id) {
                out.push(format!("avatar {} of {} is not served by agentmock", u.avatar_path(), u.name));
            }
            if u.created_at >= d.params.anchor {
                out.push(format!("{} joined at {}, after the anchor", u.name, u.created_at));
            }
        }
    });
}

/// Agents: "<base name> <n>" unique; text of their kind; the seed's models;
/// statuses 70/20/10 exactly; created within the past year, before the
/// window, by an admin or operator who had joined.
#[test]
fn agents_follow_the_contract() {
    on_every_case(|d, out| {
        let mut names = BTreeSet::new();
        let mut prompts = BTreeSet::new();
        for a in &d.agents {
            let base = BASE_NAMES.iter().find(|b| a.name.strip_prefix(**b).is_some_and(|rest| rest.starts_with(' ')));
            let number = base.map(|b| &a.name[b.len() + 1..]).unwrap_or("");
            if base.is_none() || number.is_empty() || !number.chars().all(|c| c.is_ascii_digit()) || number == "0" {
                out.push(format!("{:?} is not '<seed base name> <n>'", a.name));
            } else if base.copied() != Some(a.kind.base_name()) {
                out.push(format!("{:?} is named after another kind than {:?}", a.name, a.kind));
            }
            if !names.insert(a.name.clone()) {
                out.push(format!("{:?} is not unique", a.name));
            }
            let profile = a.kind.profile();
            if !profile.descriptions.contains(&a.description) {
                out.push(format!("{}: description is not one of its kind's", a.name));
            }
            if !a.config.system_prompt.contains(&a.name) || !prompts.insert(a.config.system_prompt.clone()) {
                out.push(format!("{}: system prompt does not name the agent, or is another agent's", a.name));
            }
            if !PRICES.iter().any(|(id, _, _)| *id == a.model.id()) {
                out.push(format!("{}: model {} is not one of the seed's", a.name, a.model.id()));
            }
            let oldest = d.params.anchor - TimeDelta::days(365);
            let window_start = midnight(window_dates(d)[0]);
            if a.created_at < oldest || a.created_at >= window_start {
                out.push(format!(
                    "{} created {}, not within the past year and before the window",
                    a.name, a.created_at
                ));
            }
            if a.last_active_at <= a.created_at || a.last_active_at >= d.params.anchor {
                out.push(format!("{}: active {} .. {}", a.name, a.created_at, a.last_active_at));
            }
            match d.users.get(a.created_by as usize) {
                Some(creator) if matches!(creator.role, Role::Admin | Role::Operator) => {
                    if creator.created_at >= a.created_at {
                        out.push(format!("{} created before its creator {} joined", a.name, creator.name));
                    }
                }
                Some(creator) => out.push(format!("{} created by {} ({:?})", a.name, creator.name, creator.role)),
                None => out.push(format!("{} has no creator", a.name)),
            }
        }
        let counts: Vec<usize> =
            AgentStatus::ALL.iter().map(|s| d.agents.iter().filter(|a| a.status == *s).count()).collect();
        check_quota("statuses", &counts, &[0.7, 0.2, 0.1], out);
        if d.agents.len() == 20 && counts != [14, 4, 2] {
            out.push(format!("20 agents but statuses {counts:?}"));
        }
    });
}

/// Conversations: inside the window and the agent's active period, on an
/// agent-day with that much traffic; weekdays 2× weekends (records per day
/// 1.6–2.5); business hours 3× other hours (per-hour rate 2.4–3.6);
/// sentiment within 5 points of 60/30/10; 8–15 messages on average, customer
/// support longer than the rest; simple topics shortest; more recent days
/// have more; anonymous end users.
#[test]
fn conversations_follow_the_contract() {
    on_every_case(|d, out| {
        let n = d.conversations.len();
        if n != d.params.sizes.conversations {
            out.push(format!("{n} conversations, {} requested", d.params.sizes.conversations));
        }
        if d.conversations.windows(2).any(|w| w[0].started_at > w[1].started_at) {
            out.push("conversations are not ordered by start time".into());
        }
        let dates = window_dates(d);
        let (window_start, window_end) = (midnight(dates[0]), midnight(*dates.last().unwrap()) + TimeDelta::days(1));
        let grid = metric_grid(d);
        let mut sampled: BTreeMap<(u32, NaiveDate), u32> = BTreeMap::new();
        for c in &d.conversations {
            let agent = &d.agents[c.agent as usize];
            if c.started_at < window_start || c.ended_at > window_end || c.ended_at < c.started_at {
                out.push(format!("conversation {} ({} .. {}) outside the window", c.id, c.started_at, c.ended_at));
            }
            if c.started_at < agent.created_at || c.ended_at > agent.last_active_at {
                out.push(format!("conversation {} outside {}'s active period", c.id, agent.name));
            }
            *sampled.entry((c.agent, c.started_at.date_naive())).or_default() += 1;
            let hex = c.end_user_id().strip_prefix("anon-").map(str::to_owned).unwrap_or_default();
            if hex.len() != 12 || !hex.chars().all(|ch| ch.is_ascii_hexdigit()) {
                out.push(format!("end user {} is not anonymous", c.end_user_id()));
            }
        }
        for (key, count) in &sampled {
            let traffic = grid.get(key).map_or(0, |m| m.conversations);
            if *count > traffic {
                out.push(format!("{count} records on an agent-day with {traffic} conversations"));
            }
        }

        let mut per_day = vec![0.0; dates.len()];
        for c in &d.conversations {
            if let Some(i) = dates.iter().position(|&x| x == c.started_at.date_naive()) {
                per_day[i] += 1.0;
            }
        }
        let weekday = mean(dates.iter().zip(&per_day).filter(|(x, _)| !is_weekend(**x)).map(|(_, n)| *n));
        let weekend = mean(dates.iter().zip(&per_day).filter(|(x, _)| is_weekend(**x)).map(|(_, n)| *n));
        let ratio = weekday / weekend;
        if !(1.6..=2.5).contains(&ratio) {
            out.push(format!("records per weekday / weekend day {ratio:.3} outside 1.6-2.5"));
        }

        let business = d.conversations.iter().filter(|c| (9..17).contains(&c.started_at.hour())).count() as f64;
        let ratio = (business / 8.0) / ((n as f64 - business) / 16.0);
        if !(2.4..=3.6).contains(&ratio) {
            out.push(format!("records per business hour / other hour {ratio:.3} outside 2.4-3.6"));
        }

        for (sentiment, target) in [(Sentiment::Positive, 0.6), (Sentiment::Neutral, 0.3), (Sentiment::Negative, 0.1)] {
            let share = d.conversations.iter().filter(|c| c.sentiment == sentiment).count() as f64 / n as f64;
            if (share - target).abs() > 0.05 {
                out.push(format!("{sentiment:?} {:.1}% is not within 5 points of {}%", share * 100.0, target * 100.0));
            }
        }

        let messages = mean(d.conversations.iter().map(|c| c.message_count as f64));
        if !(8.0..=15.0).contains(&messages) {
            out.push(format!("{messages:.2} messages per conversation on average, not 8-15"));
        }
        let support = |c: &&data::Conversation| d.agents[c.agent as usize].name.starts_with("Customer Support Bot ");
        let support_mean = mean(d.conversations.iter().filter(support).map(|c| c.message_count as f64));
        let others_mean = mean(d.conversations.iter().filter(|c| !support(c)).map(|c| c.message_count as f64));
        if d.conversations.iter().any(|c| support(&c)) && support_mean <= others_mean {
            out.push(format!("customer support {support_mean:.2} messages, not longer than others {others_mean:.2}"));
        }

        let minutes = Complexity::ALL.map(|x| {
            mean(
                d.conversations
                    .iter()
                    .filter(|c| c.complexity == x)
                    .map(|c| (c.ended_at - c.started_at).num_seconds() as f64 / 60.0),
            )
        });
        if !(minutes[0] < minutes[1] && minutes[1] < minutes[2]) {
            out.push(format!("minutes by complexity {minutes:?} do not rise from simple to complex"));
        }

        let growth = weekday_adjusted_growth(&dates, &per_day);
        if growth <= 1.0 {
            out.push(format!("weekday-adjusted records, second half / first half {growth:.3}, not above 1"));
        }
    });
}

/// Daily metrics: one per agent per window day; traffic exactly on the
/// agent's active days; 10–100 conversations, 800–3000 ms, success
/// 0.85–0.99 (an error agent may fall below over its last 7 days); output
/// 1.4–1.6× input; a star (every day ≥ 0.98) and a struggling agent (every
/// day 0.85–0.90) among the active ones; an error agent whose rate falls
/// every day over its last 7 days to below 0.85; weekdays 1.6–2.5× weekends;
/// the active fleet's weekday-adjusted traffic grows 3–30% half over half.
#[test]
fn daily_metrics_follow_the_contract() {
    on_every_case(|d, out| {
        let dates = window_dates(d);
        let grid = metric_grid(d);
        if d.daily_metrics.len() != d.agents.len() * dates.len() || grid.len() != d.daily_metrics.len() {
            out.push(format!("{} daily metrics for {} agents × {} days", grid.len(), d.agents.len(), dates.len()));
        }
        let row = |a: usize, date: NaiveDate| grid.get(&(a as u32, date)).copied();
        let mut weekday_weekend = [Vec::new(), Vec::new()];
        for (a, agent) in d.agents.iter().enumerate() {
            let last_day = agent.last_active_at.date_naive();
            for &date in &dates {
                let Some(m) = row(a, date) else {
                    out.push(format!("{} has no daily metric on {date}", agent.name));
                    continue;
                };
                if !active_on(agent, date) {
                    let empty = m.conversations == 0
                        && m.avg_response_time.is_none()
                        && m.success_rate.is_none()
                        && m.total_tokens_input == 0
                        && m.total_tokens_output == 0;
                    if !empty {
                        out.push(format!(
                            "{} served {} conversations on {date}, outside its period",
                            agent.name, m.conversations
                        ));
                    }
                    continue;
                }
                let (Some(rt), Some(sr)) = (m.avg_response_time, m.success_rate) else {
                    out.push(format!("{} on {date}: active day without rates", agent.name));
                    continue;
                };
                if !(10..=100).contains(&m.conversations) {
                    out.push(format!("{} on {date}: {} conversations", agent.name, m.conversations));
                }
                if !(800.0..=3000.0).contains(&rt) {
                    out.push(format!("{} on {date}: {rt} ms", agent.name));
                }
                let failing = agent.status == AgentStatus::Error && (last_day - date).num_days() < 7;
                if sr > 0.99 || (sr < 0.85 && !failing) {
                    out.push(format!("{} ({:?}) on {date}: success rate {sr}", agent.name, agent.status));
                }
                let ratio = m.total_tokens_output as f64 / m.total_tokens_input as f64;
                if !(1.4..=1.6).contains(&ratio) {
                    out.push(format!("{} on {date}: output/input tokens {ratio:.3}", agent.name));
                }
                weekday_weekend[usize::from(is_weekend(date))].push(m.conversations as f64);
            }
        }

        let rates = |a: usize| dates.iter().filter_map(|&x| row(a, x).and_then(|m| m.success_rate)).collect::<Vec<_>>();
        let active: Vec<usize> = (0..d.agents.len()).filter(|&a| d.agents[a].status == AgentStatus::Active).collect();
        if !active.iter().any(|&a| rates(a).iter().all(|&r| r >= 0.98)) {
            out.push("no star performer (an active agent at 0.98 or better every day)".into());
        }
        if !active.iter().any(|&a| rates(a).iter().all(|&r| (0.85..=0.90).contains(&r))) {
            out.push("no struggling agent (an active agent at 0.85-0.90 every day)".into());
        }
        let declining = (0..d.agents.len()).filter(|&a| d.agents[a].status == AgentStatus::Error).any(|a| {
            let last = d.agents[a].last_active_at.date_naive();
            let tail: Vec<Option<f64>> =
                (0..=7).rev().map(|k| row(a, last - TimeDelta::days(k)).and_then(|m| m.success_rate)).collect();
            let tail: Option<Vec<f64>> = tail.into_iter().collect();
            tail.is_some_and(|t| t.windows(2).all(|w| w[1] < w[0]) && t[7] < 0.85)
        });
        if !declining {
            out.push("no error agent whose success rate falls every day over its last 7 days to below 0.85".into());
        }

        let ratio = mean(weekday_weekend[0].iter().copied()) / mean(weekday_weekend[1].iter().copied());
        if !(1.6..=2.5).contains(&ratio) {
            out.push(format!("conversations per active agent-day, weekday / weekend {ratio:.3} outside 1.6-2.5"));
        }

        let per_day: Vec<f64> = dates
            .iter()
            .map(|&x| active.iter().filter_map(|&a| row(a, x)).map(|m| m.conversations as f64).sum())
            .collect();
        let growth = weekday_adjusted_growth(&dates, &per_day);
        if !(1.03..=1.3).contains(&growth) {
            out.push(format!("active fleet traffic, second half / first half {growth:.3} outside 1.03-1.3"));
        }
    });
}

/// Costs: exactly the seed's formula and price table; the tokens of the
/// daily metric of the same agent and day; the agent's model; gpt-4o at
/// least 10× gpt-4o-mini per active agent-day; weekends cheaper.
#[test]
fn cost_records_follow_the_contract() {
    on_every_case(|d, out| {
        let grid = metric_grid(d);
        let mut seen = BTreeSet::new();
        for c in &d.cost_records {
            let agent = &d.agents[c.agent as usize];
            let expected = seed_cost(c.model.id(), c.input_tokens, c.output_tokens);
            if c.total_cost != expected {
                out.push(format!("cost record {}: {} is not the formula's {expected}", c.id, c.total_cost));
            }
            if c.model != agent.model {
                out.push(format!("cost record {} is for {}, its agent runs {}", c.id, c.model.id(), agent.model.id()));
            }
            match grid.get(&(c.agent, c.date)) {
                Some(m) if (m.total_tokens_input, m.total_tokens_output) == (c.input_tokens, c.output_tokens) => {}
                Some(m) => out.push(format!(
                    "cost record {}: tokens {}/{} but the daily metric has {}/{}",
                    c.id, c.input_tokens, c.output_tokens, m.total_tokens_input, m.total_tokens_output
                )),
                None => out.push(format!("cost record {} has no daily metric", c.id)),
            }
            if !seen.insert((c.agent, c.date)) {
                out.push(format!("two cost records for {} on {}", agent.name, c.date));
            }
        }
        if seen.len() != d.daily_metrics.len() {
            out.push(format!("{} cost records for {} daily metrics", seen.len(), d.daily_metrics.len()));
        }

        let per_active_day = |keep: &dyn Fn(&CostRecord) -> bool| {
            mean(d.cost_records.iter().filter(|c| c.input_tokens > 0 && keep(c)).map(|c| c.total_cost))
        };
        let big = per_active_day(&|c| c.model == Model::Gpt4o);
        let mini = per_active_day(&|c| c.model == Model::Gpt4oMini);
        if big.is_nan() || mini.is_nan() || big < 10.0 * mini {
            out.push(format!("gpt-4o ${big:.2} vs gpt-4o-mini ${mini:.2} per active agent-day, not 10x"));
        }
        let weekday = per_active_day(&|c| !is_weekend(c.date));
        let weekend = per_active_day(&|c| is_weekend(c.date));
        if weekend >= weekday {
            out.push(format!("weekend ${weekend:.2} per active agent-day, not cheaper than weekday ${weekday:.2}"));
        }
    });
}

/// Audit logs: the requested count in time order; only and all of the
/// seed's 10 action types; a real actor whose role allows the action; a
/// real agent target exactly for agent actions, created before the entry;
/// deletions name no live agent; nothing before the actor joined or at or
/// after the anchor.
#[test]
fn audit_logs_follow_the_contract() {
    on_every_case(|d, out| {
        if d.audit_logs.len() != d.params.sizes.audit_logs {
            out.push(format!("{} audit logs, {} requested", d.audit_logs.len(), d.params.sizes.audit_logs));
        }
        if d.audit_logs.windows(2).any(|w| w[0].created_at > w[1].created_at) {
            out.push("audit logs are not in time order".into());
        }
        let actions: BTreeSet<&str> = d.audit_logs.iter().map(|l| l.action.dotted()).collect();
        if actions != ACTION_TYPES.into_iter().collect() {
            out.push(format!("action types {actions:?} are not the seed's ten"));
        }
        let live: BTreeSet<&str> = d.agents.iter().map(|a| a.name.as_str()).collect();
        for l in &d.audit_logs {
            let action = l.action.dotted();
            let Some(actor) = d.users.get(l.actor as usize) else {
                out.push(format!("entry {} has no actor", l.id));
                continue;
            };
            if !role_allows(actor.role, action) {
                out.push(format!("{} ({:?}) did {action}", actor.name, actor.role));
            }
            if l.created_at >= d.params.anchor || l.created_at < actor.created_at {
                out.push(format!("entry {} at {} (actor joined {})", l.id, l.created_at, actor.created_at));
            }
            match l.target {
                Some(AuditTarget::Agent(a)) if AGENT_ACTIONS.contains(&action) => match d.agents.get(a as usize) {
                    Some(agent) if agent.created_at <= l.created_at => {}
                    Some(agent) => out.push(format!("{action} {} precedes {}'s creation", l.id, agent.name)),
                    None => out.push(format!("{action} {} points at a missing agent", l.id)),
                },
                None if !AGENT_ACTIONS.contains(&action) => {}
                target => out.push(format!("{action} {} has target {target:?}", l.id)),
            }
            if let AuditDetails::AgentDeleted { name, .. } = &l.details
                && live.contains(name.as_str())
            {
                out.push(format!("agent.deleted {} names live agent {name}", l.id));
            }
        }
    });
}

/// The roll-up of an agent's daily metrics: total conversations and the
/// conversation-weighted means, `None` without traffic.
fn roll_up(d: &Dataset, agent: usize) -> (u64, Option<f64>, Option<f64>) {
    let rows = d.daily_metrics.iter().filter(|m| m.agent as usize == agent);
    let (mut total, mut rt, mut sr) = (0u64, 0.0, 0.0);
    for m in rows {
        if let (Some(r), Some(s)) = (m.avg_response_time, m.success_rate) {
            total += m.conversations as u64;
            rt += m.conversations as f64 * r;
            sr += m.conversations as f64 * s;
        }
    }
    (total, (total > 0).then(|| rt / total as f64), (total > 0).then(|| sr / total as f64))
}

/// Agent summary = the exact conversation-weighted roll-up of its daily
/// metrics (total exact; means within 1e-9 relative, for float summation).
#[test]
fn agent_summaries_are_the_roll_up_of_their_daily_metrics() {
    let close = |x: Option<f64>, y: Option<f64>| match (x, y) {
        (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * y.abs(),
        (x, y) => x == y,
    };
    on_every_case(|d, out| {
        for (a, agent) in d.agents.iter().enumerate() {
            let (total, rt, sr) = roll_up(d, a);
            let m = &agent.metrics;
            if m.total_conversations != total || !close(m.avg_response_time, rt) || !close(m.success_rate, sr) {
                out.push(format!("{}: summary {m:?} is not the roll-up ({total}, {rt:?}, {sr:?})", agent.name));
            }
            if agent.status != AgentStatus::Inactive && total == 0 {
                out.push(format!("{} ({:?}) has no traffic in the window", agent.name, agent.status));
            }
        }
    });
}

// ---------------------------------------------------------------------------
// The consistency rules of `check::run`.

fn failing_rules(d: &Dataset) -> Vec<&'static str> {
    check::run(d).into_iter().filter(|r| !r.passed()).map(|r| r.name).collect()
}

#[test]
fn every_rule_passes_across_the_sweep_and_odd_sizes() {
    let names: Vec<&str> = check::run(&sweep()[0].dataset).iter().map(|r| r.name).collect();
    assert_eq!(names.len(), 40, "check runs 40 rules: {names:?}");
    assert_eq!(names.iter().collect::<BTreeSet<_>>().len(), names.len(), "rule names are unique");
    let mut failures = Vec::new();
    for case in sweep() {
        for r in check::run(&case.dataset).into_iter().filter(|r| !r.passed()) {
            failures.push(format!("{}: {} {:?}", case.label, r.name, r.outcome));
        }
    }
    let odd = [
        Sizes { users: 7, agents: 13, conversations: 137, audit_logs: 61, days: 14 },
        Sizes { users: 3, agents: 10, conversations: 100, audit_logs: 12, days: 14 },
        Sizes { users: 23, agents: 11, conversations: 900, audit_logs: 400, days: 180 },
    ];
    for sizes in odd {
        for seed in 0..5 {
            let d = generate(&Params { sizes, ..params(seed) });
            for r in check::run(&d).into_iter().filter(|r| !r.passed()) {
                failures.push(format!("seed {seed}, {sizes:?}: {} {:?}", r.name, r.outcome));
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

/// A mutation of the default dataset and the one rule it must break.
type Mutation = (&'static str, &'static str, fn(&mut Dataset));

fn first_active_row(d: &Dataset, keep: impl Fn(&Agent) -> bool) -> usize {
    d.daily_metrics
        .iter()
        .position(|m| m.conversations > 0 && keep(&d.agents[m.agent as usize]))
        .expect("an active agent-day")
}

fn recompute_summary(d: &mut Dataset, agent: usize) {
    let (total, rt, sr) = roll_up(d, agent);
    let m = &mut d.agents[agent].metrics;
    m.total_conversations = total;
    m.avg_response_time = rt;
    m.success_rate = sr;
}

fn user_with(d: &Dataset, role: Role) -> u32 {
    d.users.iter().position(|u| u.role == role).expect("a user with the role") as u32
}

fn entry_where(d: &Dataset, keep: impl Fn(&data::AuditLog) -> bool) -> usize {
    d.audit_logs.iter().position(keep).expect("a matching audit entry")
}

const MUTATIONS: [Mutation; 22] = [
    ("ids.unique", "an audit entry reuses a user's id", |d| d.audit_logs[5].id = d.users[0].id),
    ("users.roles", "a viewer becomes an admin", |d| {
        let v = user_with(d, Role::Viewer);
        d.users[v as usize].role = Role::Admin;
    }),
    ("users.identity", "two users share an email", |d| d.users[1].email = d.users[0].email.clone()),
    ("agents.names", "two agents share a name (the prompt follows the name)", |d| {
        let (old, new) = (d.agents[1].name.clone(), d.agents[0].name.clone());
        d.agents[1].config.system_prompt = d.agents[1].config.system_prompt.replace(&old, &new);
        d.agents[1].name = new;
    }),
    ("agents.text", "an agent takes another kind's description", |d| {
        let other = AgentKind::ALL.into_iter().find(|k| *k != d.agents[0].kind).unwrap();
        d.agents[0].description = other.profile().descriptions[0];
    }),
    ("agents.rollup", "a summary counts one conversation too many", |d| d.agents[0].metrics.total_conversations += 1),
    ("metrics.grid", "a cost record moves to the previous day", |d| d.cost_records[5].date = d.cost_records[4].date),
    ("metrics.ranges", "a steady active agent-day takes 3100 ms", |d| {
        let row = first_active_row(d, |a| a.status == AgentStatus::Active);
        d.daily_metrics[row].avg_response_time = Some(3100.0);
        recompute_summary(d, d.daily_metrics[row].agent as usize);
    }),
    ("metrics.tokens", "a day's output doubles its input (cost record kept consistent)", |d| {
        let row = first_active_row(d, |_| true);
        let output = d.daily_metrics[row].total_tokens_input * 2;
        d.daily_metrics[row].total_tokens_output = output;
        let c = &mut d.cost_records[row];
        c.output_tokens = output;
        c.total_cost = seed_cost(c.model.id(), c.input_tokens, c.output_tokens);
    }),
    ("metrics.declining_agent", "the declining agent recovers on its last day", |d| {
        for a in 0..d.agents.len() {
            if d.agents[a].status != AgentStatus::Error {
                continue;
            }
            let last = d.agents[a].last_active_at.date_naive();
            let row =
                |date: NaiveDate| d.daily_metrics.iter().position(|m| m.agent as usize == a && m.date == date).unwrap();
            let (before, final_row) = (row(last - TimeDelta::days(1)), row(last));
            let previous = d.daily_metrics[before].success_rate.unwrap();
            if d.daily_metrics[final_row].success_rate.unwrap() < previous {
                d.daily_metrics[final_row].success_rate = Some(previous + 0.001);
                recompute_summary(d, a);
            }
        }
    }),
    ("costs.tokens", "a cost record bills one input token more than its metric (formula kept)", |d| {
        let row = first_active_row(d, |_| true);
        let c = &mut d.cost_records[row];
        c.input_tokens += 1;
        c.total_cost = seed_cost(c.model.id(), c.input_tokens, c.output_tokens);
    }),
    ("costs.formula", "one cost is a cent off", |d| {
        let row = first_active_row(d, |_| true);
        d.cost_records[row].total_cost += 0.01;
    }),
    ("conversations.count", "the first and last conversations swap places", |d| {
        let last = d.conversations.len() - 1;
        d.conversations.swap(0, last);
    }),
    ("conversations.active_period", "a conversation moves to an agent stopped before the window", |d| {
        let inactive = d.agents.iter().position(|a| a.status == AgentStatus::Inactive).unwrap();
        d.conversations[0].agent = inactive as u32;
    }),
    ("conversations.sentiment", "30 positive conversations turn negative", |d| {
        for c in d.conversations.iter_mut().filter(|c| c.sentiment == Sentiment::Positive).take(30) {
            c.sentiment = Sentiment::Negative;
        }
    }),
    ("conversations.anonymous", "an end user id grows past 12 hex digits", |d| d.conversations[3].end_user = u64::MAX),
    ("audit.count", "the first two entries swap places", |d| {
        assert!(d.audit_logs[0].created_at < d.audit_logs[1].created_at);
        d.audit_logs.swap(0, 1);
    }),
    ("audit.roles", "a viewer stops an agent", |d| {
        // The stop of an inactive agent, before the window: no session to break.
        let start = d.window.start();
        let i = entry_where(d, |l| l.action == AuditAction::AgentStopped && l.created_at < start);
        d.audit_logs[i].actor = user_with(d, Role::Viewer);
    }),
    ("audit.targets", "an agent.updated entry loses its target", |d| {
        let i = entry_where(d, |l| l.action == AuditAction::AgentUpdated);
        d.audit_logs[i].target = None;
    }),
    ("audit.time", "the last entry happens at the anchor", |d| {
        let anchor = d.window.anchor;
        d.audit_logs.last_mut().unwrap().created_at = anchor;
    }),
    ("audit.lifecycle", "an agent.created entry names another manager than the creator", |d| {
        let i = entry_where(d, |l| l.action == AuditAction::AgentCreated);
        let creator = d.audit_logs[i].actor;
        let other = (0..d.users.len() as u32)
            .find(|&u| u != creator && matches!(d.users[u as usize].role, Role::Admin | Role::Operator))
            .unwrap();
        d.audit_logs[i].actor = other;
    }),
    ("audit.config_chain", "a config change goes from a value to itself", |d| {
        let i = entry_where(d, |l| matches!(l.details, AuditDetails::ConfigChanged { .. }));
        if let AuditDetails::ConfigChanged { from, to, .. } = &mut d.audit_logs[i].details {
            *from = *to;
        }
    }),
];

/// Each mutation breaks exactly its rule: the checks can fail, and fail
/// precisely.
#[test]
fn each_rule_fails_on_its_mutation_and_only_it() {
    let base = generate(&params(data::DEFAULT_SEED));
    assert_eq!(failing_rules(&base), Vec::<&str>::new(), "the default dataset passes");
    let rules: BTreeSet<&str> = MUTATIONS.iter().map(|(rule, _, _)| *rule).collect();
    assert!(rules.len() >= 10, "at least 10 rules are shown to fail");
    let mut wrong = Vec::new();
    for (rule, what, mutate) in MUTATIONS {
        let mut d = base.clone();
        mutate(&mut d);
        let failing = failing_rules(&d);
        if failing != [rule] {
            wrong.push(format!("{what}: expected only {rule} to fail, got {failing:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
