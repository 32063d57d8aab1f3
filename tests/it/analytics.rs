//! `analytics`: every argument's meaning, against sums computed here over
//! the rows of the default dataset (seed 12345, anchor
//! 2025-01-19T14:00:00Z, window 2024-12-21 to the anchor's own day): ranges
//! inside, across and outside the window, filters (the roll-up cells and
//! named agents agree), buckets (partition, Mondays, the partial bucket,
//! nothing after the anchor), breakdowns, rankings, bad input and defaults.
//! The screens (`screens.rs`) show what a dashboard reads; this shows that
//! each knob does what its documentation says.

use agentmock::data::{AgentStatus, Dataset};
use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, TimeDelta, Timelike, Weekday};
use serde_json::{Value, json};

use crate::support::{
    ANCHOR_DAY, FIRST_DAY, LATENCY, SUMMARY_FIELDS, Sums, agent_row, assert_count, assert_decimals,
    assert_distribution, assert_rate, assert_sentiment, assert_summary, assert_usd, data, date, first_error_code,
    graphql, instant, list, midnight, natural, num, snapshot, strs, text,
};

fn agent_id(row: u32) -> String {
    snapshot().dataset.agents[row as usize].id.to_string()
}

fn all(_: u32) -> bool {
    true
}

fn kpis_query() -> String {
    format!(
        "query($range: DateRange, $filter: AnalyticsFilter) {{ analytics {{ kpis(range: $range, filter: $filter) {{
            range {{ from to days }} agentsWithTraffic sampledConversations {SUMMARY_FIELDS}
            previous {{ range {{ from to days }} agentsWithTraffic totalConversations totalCost }}
        }} }} }}"
    )
}

async fn kpis(range: Value, filter: Value) -> Value {
    data(&kpis_query(), json!({ "range": range, "filter": filter })).await["analytics"]["kpis"].clone()
}

/// One period's KPIs against the rows of the agents `keep` accepts.
fn assert_kpis(k: &Value, keep: impl Fn(u32) -> bool + Copy, from: NaiveDate, to: NaiveDate) {
    let d = &snapshot().dataset;
    let what = format!("{from}..={to}");
    let s = Sums::of(d, keep, from, to);
    assert_eq!(
        k["range"],
        json!({ "from": from.to_string(), "to": to.to_string(), "days": (to - from).num_days() + 1 })
    );
    assert_count(&k["agentsWithTraffic"], s.agents_with_traffic.len() as u64, &what);
    let (start, end) = (midnight(from), midnight(to) + TimeDelta::days(1));
    let records =
        d.conversations.iter().filter(|c| keep(c.agent) && c.started_at >= start && c.started_at < end).count();
    assert_count(&k["sampledConversations"], records as u64, &what);
    assert_summary(k, &s, &["range", "agentsWithTraffic", "sampledConversations", "previous"], &what);
}

#[tokio::test]
async fn kpis_reconcile_with_the_rows_over_any_range() {
    let whole = kpis(json!(null), json!(null)).await;
    assert_kpis(&whole, all, date(FIRST_DAY), date(ANCHOR_DAY));
    assert_eq!((whole["range"]["days"].clone(), whole["sampledConversations"].clone()), (json!(30), json!(500)));
    assert_eq!(kpis(json!({ "lastDays": 30 }), json!(null)).await, whole, "the last 30 days are the window");
    for (range, from, to) in [
        (json!({ "lastDays": 7 }), "2025-01-13", ANCHOR_DAY),
        (json!({ "lastDays": 1 }), ANCHOR_DAY, ANCHOR_DAY),
        (json!({ "from": "2025-01-01", "to": "2025-01-05" }), "2025-01-01", "2025-01-05"),
        (json!({ "from": "2025-01-10" }), "2025-01-10", ANCHOR_DAY),
        (json!({ "to": "2024-12-24" }), FIRST_DAY, "2024-12-24"),
        (json!({ "from": "2025-01-18", "to": "2025-01-18" }), "2025-01-18", "2025-01-18"),
        // Across the end of the window and past the anchor, and wholly outside it.
        (json!({ "from": "2025-01-15", "to": "2025-01-25" }), "2025-01-15", "2025-01-25"),
        (json!({ "from": "2024-12-01", "to": "2024-12-25" }), "2024-12-01", "2024-12-25"),
        (json!({ "from": "2025-02-01", "to": "2025-02-10" }), "2025-02-01", "2025-02-10"),
        (json!({ "lastDays": 60 }), "2024-11-21", ANCHOR_DAY),
    ] {
        let k = kpis(range.clone(), json!(null)).await;
        assert_kpis(&k, all, date(from), date(to));
        let days = (date(to) - date(from)).num_days() + 1;
        let before = (date(from) - TimeDelta::days(days), date(from) - TimeDelta::days(1));
        // The previous period answers exactly as asking for its days directly.
        let direct = kpis(json!({ "from": before.0.to_string(), "to": before.1.to_string() }), json!(null)).await;
        assert_kpis(&direct, all, before.0, before.1);
        for field in ["range", "agentsWithTraffic", "totalConversations", "totalCost"] {
            assert_eq!(k["previous"][field], direct[field], "{range}: previous {field}");
        }
        assert_eq!(
            k["previous"]["range"],
            json!({ "from": before.0.to_string(), "to": before.1.to_string(), "days": days }),
            "{range}"
        );
    }
    let outside = kpis(json!({ "from": "2024-06-01", "to": "2024-06-10" }), json!(null)).await;
    assert_eq!(outside["totalConversations"], 0);
    assert_eq!(
        (outside["successRate"].clone(), outside["latency"]["p50"].clone()),
        (Value::Null, Value::Null),
        "rates are null without traffic"
    );
    assert_eq!(outside["latency"]["count"], 0);
}

#[tokio::test]
async fn kpis_respect_filters() {
    let d = &snapshot().dataset;
    let (from, to) = (date(FIRST_DAY), date(ANCHOR_DAY));
    let model = |id: &'static str| move |a: u32| d.agents[a as usize].model.id() == id;
    assert_kpis(&kpis(json!(null), json!({ "model": ["gpt-4o"] })).await, model("gpt-4o"), from, to);
    let erroring = |a: u32| d.agents[a as usize].status == AgentStatus::Error;
    assert_kpis(
        &kpis(json!({ "lastDays": 7 }), json!({ "status": ["ERROR"] })).await,
        erroring,
        date("2025-01-13"),
        to,
    );
    let mini_not_active =
        |a: u32| d.agents[a as usize].model.id() == "gpt-4o-mini" && d.agents[a as usize].status != AgentStatus::Active;
    let filter = json!({ "model": ["gpt-4o-mini"], "status": ["INACTIVE", "ERROR"] });
    assert_kpis(&kpis(json!(null), filter).await, mini_not_active, from, to);
    let support = |a: u32| matches!(d.agents[a as usize].kind.as_str(), "CUSTOMER_SUPPORT" | "IT_SUPPORT");
    assert_kpis(&kpis(json!(null), json!({ "kind": ["CUSTOMER_SUPPORT", "IT_SUPPORT"] })).await, support, from, to);

    let picked = [0u32, 3, 7, 11];
    let ids: Vec<String> = picked.iter().map(|&a| agent_id(a)).collect();
    let k = kpis(json!({ "from": "2025-01-01", "to": "2025-01-14" }), json!({ "agentIds": ids })).await;
    assert_kpis(&k, |a| picked.contains(&a), date("2025-01-01"), date("2025-01-14"));
    assert_eq!(k["previous"]["range"]["from"], "2024-12-18");
    // Named agents narrowed by status: only those that pass both.
    let k = kpis(json!(null), json!({ "agentIds": ids, "status": ["ACTIVE"] })).await;
    assert_kpis(&k, |a| picked.contains(&a) && d.agents[a as usize].status == AgentStatus::Active, from, to);
    // An id of nothing selects nothing.
    let k = kpis(json!(null), json!({ "agentIds": ["00000000-0000-4000-8000-000000000000"] })).await;
    assert_eq!(
        (k["totalConversations"].clone(), k["totalCost"].clone(), k["successRate"].clone()),
        (json!(0), json!(0.0), Value::Null)
    );
}

/// Equal JSON, except floats may differ by rounding in their last digit.
fn assert_same_numbers(a: &Value, b: &Value, path: &str) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            assert_eq!(x.keys().collect::<Vec<_>>(), y.keys().collect::<Vec<_>>(), "{path}");
            for (k, v) in x {
                assert_same_numbers(v, &y[k], &format!("{path}.{k}"));
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            assert_eq!(x.len(), y.len(), "{path}");
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                assert_same_numbers(v, w, &format!("{path}[{i}]"));
            }
        }
        (Value::Number(_), Value::Number(_)) => {
            let (x, y) = (num(a), num(b));
            assert!((x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0), "{path}: {x} vs {y}");
        }
        _ => assert_eq!(a, b, "{path}"),
    }
}

/// Naming every agent (or every kind) sums their own rows instead of
/// reading the roll-up cells; both must tell the same story.
#[tokio::test]
async fn named_agents_and_roll_up_cells_agree() {
    let d = &snapshot().dataset;
    let every: Vec<String> = (0..d.agents.len() as u32).map(agent_id).collect();
    let kinds: Vec<&str> = d.agents.iter().map(|a| a.kind.as_str()).collect::<BTreeSet<_>>().into_iter().collect();
    let query = format!(
        "query($filter: AnalyticsFilter) {{ analytics {{
          kpis(range: {{ lastDays: 10 }}, filter: $filter) {{ agentsWithTraffic sampledConversations {SUMMARY_FIELDS} previous {{ totalConversations agentsWithTraffic }} }}
          costByModel(filter: $filter) {{ model totalCost inputTokens outputTokens records agents }}
          latencyPercentiles(filter: $filter) {{ count mean min p50 p75 p90 p95 p99 max }}
          sentimentBreakdown(filter: $filter) {{ total positive neutral negative meanScore }}
          weekly: telemetry(bucket: WEEK, filter: $filter) {{ start totalConversations failed summary {{ totalCost latency {{ p95 }} }} }}
          hourly: telemetry(bucket: HOUR, range: {{ lastDays: 2 }}, filter: $filter) {{ start totalConversations failed }}
          breakdown(by: STATUS, filter: $filter) {{ status agentCount share summary {{ totalCost totalConversations }} }}
          topAgents(orderBy: {{measure: COST}}, first: 20, filter: $filter) {{ rank agent {{ id }} value }}
        }} }}"
    );
    let unfiltered = data(&query, json!({ "filter": null })).await;
    let named = data(&query, json!({ "filter": { "agentIds": every } })).await;
    assert_same_numbers(&named, &unfiltered, "every agent named");
    let by_kind = data(&query, json!({ "filter": { "kind": kinds } })).await;
    assert_same_numbers(&by_kind, &unfiltered, "every kind named");
    let by_model = data(&query, json!({ "filter": { "model": ["gpt-4o", "gpt-4o-mini", "gpt-3.5-turbo"], "status": ["ACTIVE", "INACTIVE", "ERROR"] } })).await;
    assert_same_numbers(&by_model, &unfiltered, "every cell named");
}

// ---------------------------------------------------------------- series

const SERIES: &str = "query($bucket: TimeBucket!, $range: DateRange, $filter: AnalyticsFilter) {
  analytics { telemetry(bucket: $bucket, range: $range, filter: $filter) {
    start end partial totalConversations succeeded failed successRate errorRate
    summary { totalConversations failed totalCost inputTokens latency { count p95 } sentiment { total } }
  } }
}";

async fn series(bucket: &str, range: Value, filter: Value) -> Vec<Value> {
    let answer = data(SERIES, json!({ "bucket": bucket, "range": range, "filter": filter })).await;
    list(&answer["analytics"]["telemetry"]).clone()
}

/// Buckets are contiguous and cover `[start, end)`.
fn assert_partition(points: &[Value], start: chrono::DateTime<chrono::Utc>, end: chrono::DateTime<chrono::Utc>) {
    assert!(!points.is_empty());
    assert_eq!(instant(&points[0]["start"]), start, "the first bucket starts the range");
    assert_eq!(instant(&points[points.len() - 1]["end"]), end, "the last bucket ends it");
    for pair in points.windows(2) {
        assert_eq!(pair[0]["end"], pair[1]["start"], "contiguous");
    }
}

/// Each bucket against the rows of its days (or, by the hour, their hourly counts).
fn assert_bucket(b: &Value, keep: impl Fn(u32) -> bool + Copy, hourly: bool) {
    let d = &snapshot().dataset;
    let (start, end) = (instant(&b["start"]), instant(&b["end"]));
    let what = format!("bucket {start}");
    let s = Sums::of(d, keep, start.date_naive(), (end - TimeDelta::seconds(1)).date_naive());
    let (total, failed) = if hourly {
        let h = (start - midnight(start.date_naive())).num_hours() as usize;
        assert_count(&b["summary"]["totalConversations"], s.hourly[h], &what);
        assert_count(&b["summary"]["failed"], s.hourly_failed[h], &what);
        (s.hourly[h], s.hourly_failed[h])
    } else {
        let summary = &b["summary"];
        assert_count(&summary["totalConversations"], s.conversations, &what);
        assert_count(&summary["failed"], s.failed(), &what);
        assert_usd(&summary["totalCost"], s.cost_micros, &what);
        assert_eq!(num(&summary["inputTokens"]), s.input as f64, "{what}");
        assert_distribution(&summary["latency"], &s.latency, LATENCY, s.latency_sum, &what);
        assert_count(&summary["sentiment"]["total"], s.sentiments.iter().sum(), &what);
        (s.conversations, s.failed())
    };
    assert_count(&b["totalConversations"], total, &what);
    assert_count(&b["failed"], failed, &what);
    assert_count(&b["succeeded"], total - failed, &what);
    assert_rate(&b["successRate"], total - failed, total, &what);
    assert_rate(&b["errorRate"], failed, total, &what);
}

#[tokio::test]
async fn the_hours_of_a_day_add_up_to_the_day() {
    let query = "query($range: DateRange, $bucket: TimeBucket!, $filter: AnalyticsFilter) { analytics { telemetry(bucket: $bucket, range: $range, filter: $filter) {
        start partial summary { totalConversations succeeded failed resolved totalMessages totalCost inputTokens outputTokens
          errors { errorType count } sentiment { positive neutral negative total } latency { count } duration { count } avgResponseTime } } } }";
    let d = &snapshot().dataset;
    let error_agent = d.agents.iter().position(|a| a.status == agentmock::data::AgentStatus::Error).unwrap();
    for (day, filter) in [
        ("2025-01-15", json!(null)),
        ("2025-01-18", json!({ "model": "gpt-4o" })),
        ("2025-01-19", json!(null)),
        ("2025-01-12", json!({ "agentIds": [agent_id(error_agent as u32)] })),
    ] {
        let range = json!({ "from": day, "to": day });
        let hours = data(query, json!({ "range": range, "bucket": "HOUR", "filter": filter })).await;
        let whole = data(query, json!({ "range": range, "bucket": "DAY", "filter": filter })).await;
        let hours = list(&hours["analytics"]["telemetry"]).clone();
        let day_summary = &list(&whole["analytics"]["telemetry"])[0]["summary"];
        let what = format!("{day} {filter}");
        for field in
            ["totalConversations", "succeeded", "failed", "resolved", "totalMessages", "inputTokens", "outputTokens"]
        {
            let sum: f64 = hours.iter().map(|h| num(&h["summary"][field])).sum();
            assert_eq!(sum, num(&day_summary[field]), "{what}: {field}");
        }
        // Money adds up to the micro-dollar.
        let micros = |v: &Value| (num(v) * 1e6).round() as i64;
        let cost: i64 = hours.iter().map(|h| micros(&h["summary"]["totalCost"])).sum();
        assert_eq!(cost, micros(&day_summary["totalCost"]), "{what}: totalCost");
        for (path, inner) in
            [("latency", "count"), ("duration", "count"), ("sentiment", "total"), ("sentiment", "negative")]
        {
            let sum: f64 = hours.iter().map(|h| num(&h["summary"][path][inner])).sum();
            assert_eq!(sum, num(&day_summary[path][inner]), "{what}: {path}.{inner}");
        }
        for (i, error) in list(&day_summary["errors"]).iter().enumerate() {
            let sum: f64 = hours.iter().map(|h| num(&h["summary"]["errors"][i]["count"])).sum();
            assert_eq!(sum, num(&error["count"]), "{what}: errors {}", error["errorType"]);
        }
        // Hours differ: the business hours carry the day.
        let busiest = hours.iter().map(|h| num(&h["summary"]["totalCost"])).fold(0.0, f64::max);
        let quietest = hours.iter().map(|h| num(&h["summary"]["totalCost"])).fold(f64::MAX, f64::min);
        assert!(busiest > quietest, "{what}: every hour the same");
    }
}

#[tokio::test]
async fn distributions_come_as_histograms_too() {
    let query = "query($bins: Int!) { analytics { kpis(range: { lastDays: 7 }) {
        latency { count min max histogram(bins: $bins) { lower upper count } }
        duration { count histogram { lower upper count } } } } }";
    for bins in [1, 12, 100] {
        let answer = data(query, json!({ "bins": bins })).await;
        let summary = &answer["analytics"]["kpis"];
        for (what, dist) in [("latency", &summary["latency"]), ("duration", &summary["duration"])] {
            let histogram = list(&dist["histogram"]);
            assert!(!histogram.is_empty() && histogram.len() <= if what == "latency" { bins } else { 20 }, "{what}");
            let total: f64 = histogram.iter().map(|b| num(&b["count"])).sum();
            assert_eq!(total, num(&dist["count"]), "{what}: the bins hold every value");
            for pair in histogram.windows(2) {
                assert_eq!(pair[0]["upper"], pair[1]["lower"], "{what}: contiguous bins");
            }
            if what == "latency" {
                assert!(num(&histogram[0]["lower"]) <= num(&dist["min"]), "the first bin holds the smallest");
                assert!(num(&histogram[histogram.len() - 1]["upper"]) >= num(&dist["max"]), "the last the largest");
            }
        }
    }
    let refused = graphql(query, json!({ "bins": 0 })).await;
    assert_eq!(refused["errors"][0]["extensions"]["code"], "BAD_USER_INPUT", "{refused}");
}

#[tokio::test]
async fn series_partition_the_range_and_add_up() {
    let d = &snapshot().dataset;
    let anchor = d.window.anchor;
    for (bucket, range, from, to) in [
        ("DAY", json!({ "lastDays": 14 }), "2025-01-06", ANCHOR_DAY),
        ("WEEK", json!({ "lastDays": 14 }), "2025-01-06", ANCHOR_DAY),
        ("WEEK", json!(null), FIRST_DAY, ANCHOR_DAY),
        ("DAY", json!({ "from": "2025-01-01", "to": "2025-01-07" }), "2025-01-01", "2025-01-07"),
        ("HOUR", json!({ "from": "2025-01-17", "to": "2025-01-18" }), "2025-01-17", "2025-01-18"),
    ] {
        let points = series(bucket, range.clone(), json!(null)).await;
        // Whole buckets, but none starts at or after the anchor (here on the hour).
        let end = midnight(date(to)) + TimeDelta::days(1);
        let end = if bucket == "HOUR" { end.min(anchor) } else { end };
        let start = midnight(date(from));
        assert_partition(&points, start, end);
        for p in &points {
            assert_bucket(p, all, bucket == "HOUR");
            let (s, e) = (instant(&p["start"]), instant(&p["end"]));
            let cut_week = bucket == "WEEK" && (s.weekday() != Weekday::Mon || e - s != TimeDelta::days(7));
            let partial = (s < anchor && anchor < e) || cut_week;
            assert_eq!(p["partial"], json!(partial), "{p}");
        }
        let sum: u64 = points.iter().map(|p| p["totalConversations"].as_u64().unwrap()).sum();
        assert_eq!(sum, Sums::of(d, all, date(from), date(to)).conversations, "{bucket} {range}: the buckets add up");
    }
    // Weeks start on Mondays; the first and last are cut to the range.
    let weeks = series("WEEK", json!({ "from": "2025-01-01", "to": "2025-01-16" }), json!(null)).await;
    assert_eq!(strs(&json!(weeks), "start"), ["2025-01-01T00:00:00Z", "2025-01-06T00:00:00Z", "2025-01-13T00:00:00Z"]);
    assert_eq!(weeks[2]["end"], "2025-01-17T00:00:00Z");
    // The cut first and last weeks say so: a chart can draw them apart
    // instead of reading them as drops.
    assert_eq!(weeks.iter().map(|w| w["partial"].as_bool()).collect::<Vec<_>>(), [Some(true), Some(false), Some(true)]);
    assert!(weeks[1..].iter().all(|w| instant(&w["start"]).weekday() == Weekday::Mon));
    // A filter narrows every bucket.
    let gpt4o = |a: u32| snapshot().dataset.agents[a as usize].model.id() == "gpt-4o";
    for p in series("DAY", json!({ "lastDays": 5 }), json!({ "model": ["gpt-4o"] })).await {
        assert_bucket(&p, gpt4o, false);
    }
}

#[tokio::test]
async fn buckets_before_the_window_are_empty_and_after_the_anchor_absent() {
    // Five days before the window, then its first five: empty buckets are
    // present, with zero counts and null rates.
    let points = series("DAY", json!({ "from": "2024-12-16", "to": "2024-12-25" }), json!(null)).await;
    assert_eq!(points.len(), 10);
    for p in &points[..5] {
        assert_eq!((p["totalConversations"].clone(), p["successRate"].clone()), (json!(0), Value::Null), "{p}");
        assert_eq!(p["summary"]["latency"], json!({ "count": 0, "p95": null }));
    }
    assert!(points[5..].iter().all(|p| p["totalConversations"].as_u64().unwrap() > 0));
    // Past the anchor: no bucket at all (not a zero).
    let points = series("DAY", json!({ "from": "2025-01-18", "to": "2025-01-31" }), json!(null)).await;
    assert_eq!(points.len(), 2, "2025-01-18 and the anchor's day");
    assert_eq!((points[0]["partial"].clone(), points[1]["partial"].clone()), (json!(false), json!(true)));
    let points = series("HOUR", json!({ "lastDays": 1 }), json!(null)).await;
    assert_eq!(points.len(), 14, "00:00 to the anchor at 14:00");
    assert!(points.iter().all(|p| p["partial"] == false), "the anchor is on the hour");
    assert!(series("DAY", json!({ "from": "2025-02-01", "to": "2025-02-05" }), json!(null)).await.is_empty());
    let weeks = series("WEEK", json!({ "from": "2025-01-13", "to": "2025-01-26" }), json!(null)).await;
    assert_eq!(weeks.len(), 1);
    assert_eq!((weeks[0]["end"].clone(), weeks[0]["partial"].clone()), (json!("2025-01-20T00:00:00Z"), json!(true)));
}

// ---------------------------------------------------------------- breakdowns

const BREAKDOWN: &str = "query($by: BreakdownDimension!, $range: DateRange, $filter: AnalyticsFilter, $orderBy: TelemetryOrder, $first: Int! = 20) {
  analytics { breakdown(by: $by, range: $range, filter: $filter, orderBy: $orderBy, first: $first) {
    model status kind agent { id name } agentCount share
    summary { totalConversations failed successRate totalCost totalTokens }
    series(bucket: WEEK) { start summary { totalConversations } }
  } }
}";

async fn breakdown(vars: Value) -> Vec<Value> {
    let answer = data(BREAKDOWN, vars).await;
    list(&answer["analytics"]["breakdown"]).clone()
}

/// The rows a breakdown group covers.
fn group_rows(d: &Dataset, row: &Value) -> Vec<u32> {
    (0..d.agents.len() as u32)
        .filter(|&a| {
            let agent = &d.agents[a as usize];
            let matches = |field: &str, value: &str| row[field].is_null() || row[field] == value;
            let named = row["agent"].is_null() || row["agent"]["id"] == agent.id.to_string();
            matches("model", agent.model.id())
                && matches("status", agent.status.as_str())
                && matches("kind", agent.kind.as_str())
                && named
        })
        .collect()
}

#[tokio::test]
async fn breakdown_groups_add_up_to_the_whole() {
    let d = &snapshot().dataset;
    let (from, to) = (date("2025-01-06"), date(ANCHOR_DAY));
    let whole = Sums::of(d, all, from, to);
    for (by, groups) in [("MODEL", 3), ("STATUS", 3), ("KIND", 10), ("AGENT", 20)] {
        let rows = breakdown(json!({ "by": by, "range": { "lastDays": 14 } })).await;
        assert_eq!(rows.len(), groups, "{by}");
        let (mut conversations, mut cost, mut agents) = (0, 0, 0);
        let mut previous = i64::MAX;
        for row in &rows {
            let members = group_rows(d, row);
            let s = Sums::of(d, |a| members.contains(&a), from, to);
            let what = format!(
                "{by} {}",
                row["model"].as_str().or(row["status"].as_str()).or(row["kind"].as_str()).unwrap_or("agent")
            );
            assert_summary(&row["summary"], &s, &[], &what);
            assert_count(&row["agentCount"], members.len() as u64, &what);
            assert_decimals(&row["share"], Some(s.cost_micros as f64 / whole.cost_micros as f64), 4, &what);
            assert!(s.cost_micros <= previous, "{what}: cost, highest first, by default");
            previous = s.cost_micros;
            let weekly: u64 =
                list(&row["series"]).iter().map(|p| p["summary"]["totalConversations"].as_u64().unwrap()).sum();
            assert_eq!(weekly, s.conversations, "{what}: its series adds up to its summary");
            conversations += s.conversations;
            cost += s.cost_micros;
            agents += members.len();
        }
        assert_eq!(
            (conversations, cost, agents),
            (whole.conversations, whole.cost_micros, 20),
            "{by}: the groups are the whole"
        );
    }
    // Another measure and direction; rates have no share.
    let rows =
        breakdown(json!({ "by": "KIND", "orderBy": { "measure": "SUCCESS_RATE", "direction": "ASC" }, "first": 3 }))
            .await;
    assert_eq!(rows.len(), 3);
    let rates: Vec<f64> = rows.iter().map(|r| num(&r["summary"]["successRate"])).collect();
    assert!(rates.windows(2).all(|w| w[0] <= w[1]), "{rates:?}");
    assert!(rows.iter().all(|r| r["share"].is_null()));
    let worst =
        breakdown(json!({ "by": "KIND", "orderBy": { "measure": "SUCCESS_RATE", "direction": "ASC" }, "first": 10 }))
            .await;
    assert!(
        worst.iter().all(|r| num(&r["summary"]["successRate"]) >= rates[2]) || worst[..3] == rows[..],
        "first takes the top of the same order"
    );
    // A filter leaves out the groups it empties, and shares are of what it keeps.
    let rows = breakdown(json!({ "by": "MODEL", "filter": { "status": ["ERROR"] } })).await;
    let error_models: BTreeSet<&str> =
        d.agents.iter().filter(|a| a.status == AgentStatus::Error).map(|a| a.model.id()).collect();
    assert_eq!(rows.len(), error_models.len());
    let shares: f64 = rows.iter().map(|r| num(&r["share"])).sum();
    assert!((shares - 1.0).abs() < 1e-3, "{shares}");
    let agents = breakdown(json!({ "by": "AGENT", "orderBy": { "measure": "FAILED" }, "first": 2 })).await;
    assert_eq!(agents.len(), 2);
    assert!(
        agents.iter().all(|r| r["model"].is_string() && r["agent"]["name"].is_string()),
        "an agent's row names its model"
    );
}

// ---------------------------------------------------------------- cost

#[tokio::test]
async fn cost_by_model_and_by_agent() {
    let d = &snapshot().dataset;
    let (from, to) = (date("2025-01-06"), date(ANCHOR_DAY));
    let answer = data(
        "{ analytics {
            models: costByModel(range: { lastDays: 14 }) { model totalCost inputTokens outputTokens records agents }
            byTokens: costByModel(range: { lastDays: 14 }, orderBy: { measure: TOKENS, direction: ASC }) { model inputTokens outputTokens }
            straddling: costByModel(range: { from: \"2025-01-18\", to: \"2025-01-25\" }, filter: { model: [\"gpt-4o\"] }) { model records agents totalCost }
            agents: costByAgent(range: { lastDays: 14 }, first: 100) { agent { id name } totalCost inputTokens outputTokens share }
            top: costByAgent(range: { lastDays: 14 }) { agent { id } }
            minis: costByAgent(range: { lastDays: 14 }, first: 100, filter: { model: [\"gpt-4o-mini\"] }) { agent { id } totalCost share }
        } }",
        json!({}),
    )
    .await;
    let a = &answer["analytics"];
    // Highest cost first by default, as every measure; any measure orders it.
    let costs: Vec<f64> = list(&a["models"]).iter().map(|m| num(&m["totalCost"])).collect();
    assert!(costs.windows(2).all(|w| w[0] > w[1]), "by cost, highest first: {costs:?}");
    assert_eq!(strs(&a["models"], "model")[0], "gpt-4o", "the dearest model bills most");
    let tokens: Vec<f64> =
        list(&a["byTokens"]).iter().map(|m| num(&m["inputTokens"]) + num(&m["outputTokens"])).collect();
    assert_eq!(tokens.len(), 3);
    assert!(tokens.windows(2).all(|w| w[0] < w[1]), "by tokens, fewest first: {tokens:?}");
    for row in list(&a["models"]) {
        let model = text(&row["model"]);
        let s = Sums::of(d, |x| d.agents[x as usize].model.id() == model, from, to);
        assert_usd(&row["totalCost"], s.cost_micros, &model);
        assert_eq!((num(&row["inputTokens"]), num(&row["outputTokens"])), (s.input as f64, s.output as f64));
        assert_count(&row["records"], s.rows, &model);
        assert_count(&row["agents"], s.rows / 14, &model);
    }
    // Only the window's days have records: two of the eight days asked.
    let straddling = &list(&a["straddling"])[0];
    assert_eq!(straddling["records"], straddling["agents"].as_u64().unwrap() * 2);
    let rows = list(&a["agents"]);
    assert_eq!(rows.len(), 20);
    let total = Sums::of(d, all, from, to).cost_micros;
    let mut shares = 0.0;
    for row in rows {
        let agent = agent_row(d, &row["agent"]["id"]) as u32;
        let s = Sums::of(d, |x| x == agent, from, to);
        assert_usd(&row["totalCost"], s.cost_micros, &text(&row["agent"]["name"]));
        assert_eq!((num(&row["inputTokens"]), num(&row["outputTokens"])), (s.input as f64, s.output as f64));
        assert_decimals(&row["share"], Some(s.cost_micros as f64 / total as f64), 4, "share");
        shares += num(&row["share"]);
    }
    assert!((shares - 1.0).abs() < 1e-3);
    // By cost, highest first, ties (the agents without traffic) by name.
    for pair in rows.windows(2) {
        let (x, y) = (num(&pair[0]["totalCost"]), num(&pair[1]["totalCost"]));
        assert!(
            x > y || (x == y && natural(&text(&pair[0]["agent"]["name"])) < natural(&text(&pair[1]["agent"]["name"]))),
            "{pair:?}"
        );
    }
    let idle = (0..d.agents.len() as u32).filter(|&a| Sums::of(d, |x| x == a, from, to).cost_micros == 0).count();
    assert!(idle > 0, "agents stopped before the range cost nothing");
    assert_eq!(rows.iter().filter(|r| num(&r["totalCost"]) == 0.0).count(), idle);
    assert_eq!(
        list(&a["top"]).iter().map(|r| r["agent"]["id"].clone()).collect::<Vec<_>>(),
        rows[..10].iter().map(|r| r["agent"]["id"].clone()).collect::<Vec<_>>(),
        "first: 10 by default"
    );
    let minis = list(&a["minis"]);
    let minis_total: i64 = minis.iter().map(|r| (num(&r["totalCost"]) * 1e6).round() as i64).sum();
    for r in minis {
        assert_eq!(d.agents[agent_row(d, &r["agent"]["id"])].model.id(), "gpt-4o-mini");
        assert_decimals(
            &r["share"],
            Some(num(&r["totalCost"]) * 1e6 / minis_total as f64),
            4,
            "share of the filtered total",
        );
    }
}

// ---------------------------------------------------------------- distributions

#[tokio::test]
async fn latency_and_sentiment_over_ranges_and_filters() {
    let d = &snapshot().dataset;
    let query = "query($range: DateRange, $filter: AnalyticsFilter) { analytics {
        latencyPercentiles(range: $range, filter: $filter) { count mean min p50 p75 p90 p95 p99 max resolution }
        sentimentBreakdown(range: $range, filter: $filter) { total positive neutral negative positiveShare neutralShare negativeShare meanScore sentiments { sentiment count share } }
    } }";
    type Keep<'a> = Box<dyn Fn(u32) -> bool + 'a>;
    let cases: Vec<(Value, Value, Keep, &str, &str)> = vec![
        (json!(null), json!(null), Box::new(all), FIRST_DAY, ANCHOR_DAY),
        (json!({ "lastDays": 7 }), json!(null), Box::new(all), "2025-01-13", ANCHOR_DAY),
        (json!({ "from": "2025-01-03", "to": "2025-01-03" }), json!(null), Box::new(all), "2025-01-03", "2025-01-03"),
        (
            json!(null),
            json!({ "model": ["gpt-4o"] }),
            Box::new(|a| d.agents[a as usize].model.id() == "gpt-4o"),
            FIRST_DAY,
            ANCHOR_DAY,
        ),
        (
            json!({ "lastDays": 10 }),
            json!({ "agentIds": [agent_id(1), agent_id(2)] }),
            Box::new(|a| a == 1 || a == 2),
            "2025-01-10",
            ANCHOR_DAY,
        ),
        (json!({ "from": "2024-01-01", "to": "2024-01-31" }), json!(null), Box::new(all), "2024-01-01", "2024-01-31"),
    ];
    for (range, filter, keep, from, to) in cases {
        let answer = data(query, json!({ "range": range, "filter": filter })).await;
        let what = format!("{range} {filter}");
        let s = Sums::of(d, &keep, date(from), date(to));
        assert_distribution(&answer["analytics"]["latencyPercentiles"], &s.latency, LATENCY, s.latency_sum, &what);
        assert_sentiment(&answer["analytics"]["sentimentBreakdown"], s.sentiments, &what);
    }
}

// ---------------------------------------------------------------- rankings

const TOP: &str = "query($by: TelemetryMeasure!, $range: DateRange, $first: Int, $direction: OrderDirection, $filter: AnalyticsFilter) {
  analytics { topAgents(orderBy: {measure: $by, direction: $direction}, range: $range, first: $first, filter: $filter) { rank agent { id name } value } }
}";

async fn top(by: &str, range: Value, first: i32, direction: &str) -> Vec<Value> {
    let vars = json!({ "by": by, "range": range, "first": first, "direction": direction });
    list(&data(TOP, vars).await["analytics"]["topAgents"]).clone()
}

#[tokio::test]
async fn top_agents_rank_by_a_measure_with_ties_by_name() {
    let d = &snapshot().dataset;
    let (from, to) = (date("2025-01-06"), date(ANCHOR_DAY));
    let sums: Vec<Sums> = (0..d.agents.len() as u32).map(|a| Sums::of(d, |x| x == a, from, to)).collect();
    type Measure = fn(&Sums) -> Option<f64>;
    // The measure, exactly, and as shown (USD, 4-decimal rates, 1-decimal ms).
    let measures: [(&str, Measure, i32); 9] = [
        ("CONVERSATIONS", |s| Some(s.conversations as f64), 0),
        ("FAILED", |s| Some(s.failed() as f64), 0),
        ("COST", |s| Some(s.cost_micros as f64 / 1e6), 6),
        ("TOKENS", |s| Some((s.input + s.output) as f64), 0),
        ("SUCCESS_RATE", Sums::success_rate, 4),
        ("ERROR_RATE", |s| Sums::share(s.failed(), s.conversations), 4),
        ("AVG_RESPONSE_TIME", Sums::avg_response_time, 1),
        ("SENTIMENT", Sums::sentiment_score, 4),
        ("AVG_DURATION", |s| Sums::share(s.duration_sum, s.conversations), 1),
    ];
    for (by, value, places) in measures {
        for direction in ["DESC", "ASC"] {
            let mut expected: Vec<(usize, f64)> =
                (0..d.agents.len()).filter_map(|a| value(&sums[a]).map(|v| (a, v))).collect();
            expected.sort_by(|(a, x), (b, y)| {
                let order = if direction == "DESC" { y.total_cmp(x) } else { x.total_cmp(y) };
                order.then(natural(&d.agents[*a].name).cmp(&natural(&d.agents[*b].name)))
            });
            let got = top(by, json!({ "lastDays": 14 }), 100, direction).await;
            assert_eq!(got.len(), expected.len(), "{by} {direction}: agents without a value are left out");
            for (i, (entry, (a, v))) in got.iter().zip(&expected).enumerate() {
                assert_eq!(entry["rank"], json!(i + 1));
                assert_eq!(entry["agent"]["id"], d.agents[*a].id.to_string(), "{by} {direction} rank {}", i + 1);
                assert_decimals(&entry["value"], Some(*v), places, &format!("{by} of {}", d.agents[*a].name));
            }
            assert_eq!(
                top(by, json!({ "lastDays": 14 }), 3, direction).await.as_slice(),
                &got[..3],
                "first cuts the ranking"
            );
        }
    }
    // Rates leave out the agents without traffic; sums keep them.
    let with_traffic = sums.iter().filter(|s| s.conversations > 0).count();
    assert!(with_traffic < 20);
    assert_eq!(top("SUCCESS_RATE", json!({ "lastDays": 14 }), 100, "DESC").await.len(), with_traffic);
    assert_eq!(top("COST", json!({ "lastDays": 14 }), 100, "DESC").await.len(), 20);
    // p95: ranked by the distribution's value, each in its nearest-rank bucket.
    let p95 = top("P95_LATENCY", json!({ "lastDays": 14 }), 100, "DESC").await;
    assert_eq!(p95.len(), with_traffic);
    let values: Vec<f64> = p95.iter().map(|e| num(&e["value"])).collect();
    assert!(values.windows(2).all(|w| w[0] >= w[1]), "{values:?}");
    for e in &p95 {
        let s = &sums[agent_row(d, &e["agent"]["id"])];
        crate::support::assert_percentile(&e["value"], &s.latency, LATENCY, 0.95, "p95");
    }
    // All tied (no data before the window): name order, either direction.
    let by_name: Vec<Value> = list(&data("{ agents(first: 20) { nodes { id } } }", json!({})).await["agents"]["nodes"])
        .iter()
        .map(|n| n["id"].clone())
        .collect();
    for direction in ["ASC", "DESC"] {
        let tied = top("CONVERSATIONS", json!({ "from": "2024-01-01", "to": "2024-01-07" }), 20, direction).await;
        assert_eq!(tied.iter().map(|t| t["agent"]["id"].clone()).collect::<Vec<_>>(), by_name, "{direction}");
        assert!(tied.iter().all(|t| t["value"] == 0.0));
    }
    // Default: top 5, highest first; an explicit null means the default.
    let default =
        data("{ analytics { topAgents(orderBy: {measure: CONVERSATIONS}) { rank value } } }", json!({})).await;
    let values: Vec<f64> = list(&default["analytics"]["topAgents"]).iter().map(|t| num(&t["value"])).collect();
    assert!(values.len() == 5 && values.windows(2).all(|w| w[0] >= w[1]));
    let nulls = data(
        "{ analytics { topAgents(orderBy: {measure: CONVERSATIONS, direction: null}, first: null) { rank value } } }",
        json!({}),
    )
    .await;
    assert_eq!(nulls, default);
    // Without an order: cost, highest first, as every ranking.
    let by_cost = data("{ analytics { topAgents { value } } }", json!({})).await;
    let costs: Vec<f64> = list(&by_cost["analytics"]["topAgents"]).iter().map(|t| num(&t["value"])).collect();
    let expected: Vec<f64> = top("COST", json!(null), 5, "DESC").await.iter().map(|t| num(&t["value"])).collect();
    assert_eq!(costs, expected);
}

// ---------------------------------------------------------------- arguments

#[tokio::test]
async fn bad_input_is_refused_with_a_reason() {
    let cases: [(&str, &str); 21] = [
        ("kpis(range: { lastDays: 7, from: \"2025-01-01\" }) { totalCost }", "cannot be combined"),
        ("kpis(range: { lastDays: 7, to: \"2025-01-01\" }) { totalCost }", "cannot be combined"),
        ("kpis(range: { lastDays: 0 }) { totalCost }", "between 1 and 3660"),
        ("kpis(range: { lastDays: -3 }) { totalCost }", "between 1 and 3660"),
        ("kpis(range: { lastDays: 100000 }) { totalCost }", "between 1 and 3660"),
        ("kpis(range: { from: \"2025-01-10\", to: \"2025-01-01\" }) { totalCost }", "must not be after"),
        ("kpis(range: { from: \"2025-03-01\" }) { totalCost }", "must not be after"),
        ("kpis(range: { from: \"1990-01-01\", to: \"2025-01-01\" }) { totalCost }", "at most 3660 days"),
        ("kpis(filter: { model: [\"gpt-5\"] }) { totalCost }", "unknown model"),
        ("kpis(filter: { agentIds: [\"not-a-uuid\"] }) { totalCost }", "not a valid ID"),
        ("telemetry(bucket: HOUR, range: { lastDays: 90 }) { start }", "at most 2000"),
        ("telemetry(range: { lastDays: 3000 }) { start }", "at most 2000"),
        ("breakdown(by: MODEL, first: 0) { agentCount }", "between 1 and 100"),
        ("breakdown(by: AGENT, first: 101) { agentCount }", "between 1 and 100"),
        ("costByAgent(first: 0) { totalCost }", "between 1 and 100"),
        ("costByAgent(first: 101) { totalCost }", "between 1 and 100"),
        ("topAgents(first: 0) { rank }", "between 1 and 100"),
        ("topAgents(first: 1000) { rank }", "between 1 and 100"),
        ("latencyPercentiles(range: { lastDays: 0 }) { count }", "between 1 and 3660"),
        ("sentimentBreakdown(filter: { model: [\"claude\"] }) { total }", "unknown model"),
        ("costByModel(range: { from: \"0000-12-31\", to: \"0001-01-02\" }) { model }", "years 1 to 9999"),
    ];
    for (field, reason) in cases {
        let answer = graphql(&format!("{{ analytics {{ {field} }} }}"), json!({})).await;
        assert_eq!(first_error_code(&answer), "BAD_USER_INPUT", "{field}: {answer}");
        let message = text(&answer["errors"][0]["message"]);
        assert!(message.contains(reason), "{field}: {message:?} should say {reason:?}");
        // The panel is null; the rest of the answer stands.
        assert_eq!(
            answer["data"]["analytics"].as_object().map(|o| o.values().all(Value::is_null)),
            Some(true),
            "{answer}"
        );
    }
    let answer = graphql("{ analytics { kpis(range: { from: \"yesterday\" }) { totalCost } } }", json!({})).await;
    assert_eq!(first_error_code(&answer), "BAD_USER_INPUT", "a non-date is refused by the scalar: {answer}");
}

/// One panel's bad argument nulls that panel only: every analytics field
/// is nullable, so its siblings keep their data.
#[tokio::test]
async fn one_bad_panel_nulls_only_itself() {
    let answer = graphql(
        "{ analytics {
            good: kpis(range: { lastDays: 7 }) { totalConversations }
            bad: topAgents(first: 0) { rank }
            series: telemetry(range: { lastDays: 2 }) { totalConversations }
            worse: telemetry(bucket: HOUR, range: { lastDays: 1000 }) { start }
            models: costByModel { model }
          } meta { seed } }",
        json!({}),
    )
    .await;
    let a = &answer["data"]["analytics"];
    assert_eq!(a["good"]["totalConversations"], 4695);
    assert_eq!((a["bad"].clone(), a["worse"].clone()), (Value::Null, Value::Null));
    assert_eq!(list(&a["series"]).len(), 2);
    assert_eq!(list(&a["models"]).len(), 3);
    assert_eq!(answer["data"]["meta"]["seed"], "12345");
    let errors = list(&answer["errors"]);
    assert_eq!(errors.len(), 2, "{answer}");
    let paths: Vec<Value> = errors.iter().map(|e| e["path"].clone()).collect();
    assert_eq!(paths, [json!(["analytics", "bad"]), json!(["analytics", "worse"])]);
    assert!(errors.iter().all(|e| e["extensions"]["code"] == "BAD_USER_INPUT"));
}

#[tokio::test]
async fn arguments_document_their_defaults() {
    let answer =
        data(r#"{ __type(name: "Analytics") { fields { name args { name defaultValue } } } }"#, json!({})).await;
    let mut defaults = Vec::new();
    for field in list(&answer["__type"]["fields"]) {
        for arg in list(&field["args"]) {
            if let Some(value) = arg["defaultValue"].as_str() {
                defaults.push(format!("{}.{}={value}", text(&field["name"]), text(&arg["name"])));
            }
        }
    }
    assert_eq!(
        defaults,
        ["telemetry.bucket=DAY", "breakdown.first=20", "costByAgent.first=10", "topAgents.first=5",],
        "directions have no default in the schema: omitted, each order's own rule applies (the lint checks it)"
    );
    // Omitting `bucket` gives DAY buckets; omitting the range, the window.
    let points =
        data("{ analytics { telemetry(range: { lastDays: 3 }) { start end } whole: telemetry { start } } }", json!({}))
            .await;
    assert_eq!(list(&points["analytics"]["telemetry"]).len(), 3);
    assert_eq!(list(&points["analytics"]["whole"]).len(), 30);
    let order = data(r#"{ __type(name: "TelemetryOrder") { inputFields { name defaultValue } } }"#, json!({})).await;
    // No default in the schema: an omitted direction is the measure's own (highest first).
    assert_eq!(order["__type"]["inputFields"][1], json!({ "name": "direction", "defaultValue": null }));
}

/// "Last 7 days" against the 7 before, whole days only: `completeDays`
/// ends the range with the day before the anchor's partial day, and
/// `compareTo` chooses another comparison period; both reconcile with the
/// rows, and a chosen comparison gets an id of its own (a client cache
/// keeps the two KPI objects apart).
#[tokio::test]
async fn complete_days_and_a_chosen_comparison_period() {
    let d = &snapshot().dataset;
    let query = format!(
        "query($range: DateRange, $compareTo: DateRange) {{ analytics {{ kpis(range: $range, compareTo: $compareTo) {{
            id range {{ from to days }} agentsWithTraffic sampledConversations {SUMMARY_FIELDS}
            previous {{ range {{ from to days }} totalConversations totalCost }}
            deltas {{ totalConversations }}
        }} }} }}"
    );
    let ask = |range: Value, compare: Value| {
        let query = query.clone();
        async move { data(&query, json!({ "range": range, "compareTo": compare })).await["analytics"]["kpis"].clone() }
    };
    let whole_week = json!({ "lastDays": 7, "completeDays": true });
    let k = ask(whole_week.clone(), json!(null)).await;
    let mut figures = k.clone();
    if let Some(o) = figures.as_object_mut() {
        o.remove("deltas");
        o.remove("id");
    }
    assert_kpis(&figures, all, date("2025-01-12"), date("2025-01-18"));
    assert_eq!(k["previous"]["range"], json!({ "from": "2025-01-05", "to": "2025-01-11", "days": 7 }));
    let (now, before) = (
        Sums::of(d, all, date("2025-01-12"), date("2025-01-18")).conversations as f64,
        Sums::of(d, all, date("2025-01-05"), date("2025-01-11")).conversations as f64,
    );
    assert_eq!(num(&k["deltas"]["totalConversations"]), ((now - before) / before * 1e4).round() / 1e4);
    // Whole days against whole days: no half-day drop. The last 7 days with
    // today's partial day in them read lower against their previous 7.
    let with_today = ask(json!({ "lastDays": 7 }), json!(null)).await;
    assert!(
        num(&with_today["deltas"]["totalConversations"]) < num(&k["deltas"]["totalConversations"]),
        "{with_today} vs {k}"
    );

    // A chosen comparison: the same week of December.
    let chosen = ask(whole_week.clone(), json!({ "from": "2024-12-22", "to": "2024-12-28" })).await;
    assert_eq!(chosen["previous"]["range"], json!({ "from": "2024-12-22", "to": "2024-12-28", "days": 7 }));
    let december = Sums::of(d, all, date("2024-12-22"), date("2024-12-28"));
    assert_count(&chosen["previous"]["totalConversations"], december.conversations, "December's week");
    assert_eq!(
        num(&chosen["deltas"]["totalConversations"]),
        ((now - december.conversations as f64) / december.conversations as f64 * 1e4).round() / 1e4
    );
    assert_eq!(chosen["totalConversations"], k["totalConversations"], "the range's own figures stay");
    assert_ne!(chosen["id"], k["id"], "another comparison, another KPI object");
    // Naming the default comparison is the default object.
    let named = ask(whole_week.clone(), json!({ "from": "2025-01-05", "to": "2025-01-11" })).await;
    assert_eq!(named, k);

    // The anchor's day is not a whole day.
    let refused =
        graphql(&query, json!({ "range": { "to": ANCHOR_DAY, "completeDays": true }, "compareTo": null })).await;
    assert_eq!(first_error_code(&refused), "BAD_USER_INPUT", "{refused}");
    assert!(refused["errors"][0]["message"].as_str().unwrap_or("").contains("2025-01-18"), "{refused}");
}

// ---------------------------------------------------------------- rolling hours

const ROLLING: &str = "query($range: DateRange, $filter: AnalyticsFilter) { analytics {
  kpis(range: $range, filter: $filter) {
    id range { from to days start end hours } agentsWithTraffic sampledConversations
    totalConversations failed totalCost inputTokens outputTokens
    previous { range { start end hours } totalConversations }
  }
  hours: telemetry(bucket: HOUR, range: $range, filter: $filter) { start end partial summary { totalConversations failed totalCost inputTokens outputTokens } }
  days: telemetry(bucket: DAY, range: $range, filter: $filter) { start end partial summary { totalConversations failed totalCost inputTokens outputTokens } }
  top: topAgents(range: $range, filter: $filter, first: 100) { value agent { id } summary { totalCost } }
  costByModel(range: $range, filter: $filter) { totalCost }
  breakdown(by: KIND, range: $range, filter: $filter) { summary { totalConversations totalCost } }
} }";

/// `lastHours`: "the last N hours" for every analytics field, ending at the
/// anchor (here on the hour, so every hour is whole). The hours reconcile
/// with the rows' conversations per hour; the KPIs, the hourly and the
/// daily series, the rankings and the breakdowns all add up to the same
/// figures, to the micro-dollar; a day the range does not cut is the day.
#[tokio::test]
async fn rolling_hours_reconcile_with_their_hours_and_days() {
    let d = &snapshot().dataset;
    let anchor = d.window.anchor;
    let micros = |v: &Value| (num(v) * 1e6).round() as i64;
    let gpt4o = |a: u32| snapshot().dataset.agents[a as usize].model.id() == "gpt-4o";
    let busiest = (0..d.agents.len() as u32)
        .max_by_key(|&a| Sums::of(d, |x| x == a, date(ANCHOR_DAY), date(ANCHOR_DAY)).conversations)
        .unwrap();
    let one = move |a: u32| a == busiest;
    type Keep<'a> = &'a dyn Fn(u32) -> bool;
    let cases: [(i64, Value, Keep); 3] = [
        (24, json!(null), &all),
        (60, json!({ "model": ["gpt-4o"] }), &gpt4o),
        (6, json!({ "agentIds": [agent_id(busiest)] }), &one),
    ];
    for (n, filter, keep) in cases {
        let what = format!("lastHours {n} {filter}");
        let answer = data(ROLLING, json!({ "range": { "lastHours": n }, "filter": filter })).await;
        let a = &answer["analytics"];
        let (start, end) = (anchor - TimeDelta::hours(n), anchor);
        let k = &a["kpis"];
        assert_eq!(
            k["range"],
            json!({
                "from": start.date_naive().to_string(), "to": ANCHOR_DAY,
                "days": (end.date_naive() - start.date_naive()).num_days() + 1,
                "start": start.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                "end": end.to_rfc3339_opts(chrono::SecondsFormat::Secs, true), "hours": n
            }),
            "{what}"
        );
        assert_eq!(instant(&k["previous"]["range"]["end"]), start, "{what}: the previous N hours");
        assert_eq!(k["previous"]["range"]["hours"], json!(n));

        // The rows' conversations per hour, over the range's hours.
        let mut per_hour = vec![(0u64, 0u64); n as usize];
        let mut served = BTreeSet::new();
        for m in d.daily_metrics.iter().filter(|m| keep(m.agent)) {
            for h in 0..24 {
                let at = midnight(m.date) + TimeDelta::hours(h as i64);
                if start <= at && at < end {
                    let slot = &mut per_hour[(at - start).num_hours() as usize];
                    slot.0 += u64::from(m.hourly[h]);
                    slot.1 += u64::from(m.hourly_failed[h]);
                    if m.hourly[h] > 0 && d.agents[m.agent as usize].deleted_at.is_none() {
                        served.insert(m.agent);
                    }
                }
            }
        }
        let total: u64 = per_hour.iter().map(|h| h.0).sum();
        assert_count(&k["totalConversations"], total, &what);
        assert_count(&k["failed"], per_hour.iter().map(|h| h.1).sum(), &what);
        assert_count(&k["agentsWithTraffic"], served.len() as u64, &what);
        let records =
            d.conversations.iter().filter(|c| keep(c.agent) && start <= c.started_at && c.started_at < end).count();
        assert_count(&k["sampledConversations"], records as u64, &what);

        // Every hour, whole, in order, each with its rows' counts.
        let hours = list(&a["hours"]);
        assert_eq!(hours.len(), n as usize, "{what}");
        assert_partition(hours, start, end);
        for (h, bucket) in hours.iter().enumerate() {
            assert_eq!(bucket["partial"], json!(false), "{what}: hour {h}");
            assert_count(&bucket["summary"]["totalConversations"], per_hour[h].0, &what);
            assert_count(&bucket["summary"]["failed"], per_hour[h].1, &what);
        }
        // The days it touches: cut at either end (partial), whole between.
        let days = list(&a["days"]);
        assert_partition(days, start, end);
        for day in days {
            let (s, e) = (instant(&day["start"]), instant(&day["end"]));
            assert_eq!(day["partial"], json!(e - s != TimeDelta::days(1)), "{what}: {day}");
            if e - s == TimeDelta::days(1) {
                let whole = Sums::of(d, keep, s.date_naive(), s.date_naive());
                assert_count(&day["summary"]["totalConversations"], whole.conversations, &what);
                assert_usd(&day["summary"]["totalCost"], whole.cost_micros, &what);
            }
        }
        for field in ["totalConversations", "failed", "inputTokens", "outputTokens", "totalCost"] {
            let sum = |series: &[Value]| series.iter().map(|b| micros(&b["summary"][field])).sum::<i64>();
            assert_eq!(sum(hours), micros(&k[field]), "{what}: the hours add up to the KPIs' {field}");
            assert_eq!(sum(days), micros(&k[field]), "{what}: the days add up to the KPIs' {field}");
        }
        // Rankings, cost by model and breakdowns cover the same hours: the
        // models add up to the whole; the ranking (live agents) to the
        // kinds (live agents' groups), and to the whole for one agent.
        let models: i64 = list(&a["costByModel"]).iter().map(|m| micros(&m["totalCost"])).sum();
        assert_eq!(models, micros(&k["totalCost"]), "{what}: cost by model");
        let top = list(&a["top"]);
        for t in top {
            assert_eq!(micros(&t["value"]), micros(&t["summary"]["totalCost"]), "{what}: value and summary agree");
        }
        let ranked: i64 = top.iter().map(|t| micros(&t["value"])).sum();
        let kinds: i64 = list(&a["breakdown"]).iter().map(|r| micros(&r["summary"]["totalCost"])).sum();
        assert_eq!(ranked, kinds, "{what}: the ranking and the breakdown");
        assert!(ranked <= micros(&k["totalCost"]) && ranked > 0, "{what}");
        if top.len() == 1 {
            assert_eq!(ranked, micros(&k["totalCost"]), "{what}");
        }
    }
    // An agent's own summary over the last hours is the KPIs of that agent.
    let q = "query($id: ID!, $range: DateRange) { agent(id: $id) { summary(range: $range) { id totalConversations totalCost } } }";
    let vars = json!({ "id": agent_id(busiest), "range": { "lastHours": 6 } });
    let own = data(q, vars).await;
    let kpis =
        data(ROLLING, json!({ "range": { "lastHours": 6 }, "filter": { "agentIds": [agent_id(busiest)] } })).await;
    assert_eq!(own["agent"]["summary"]["totalCost"], kpis["analytics"]["kpis"]["totalCost"]);
    assert_eq!(own["agent"]["summary"]["id"], kpis["analytics"]["kpis"]["id"], "one aggregate, one id");
    // The leaderboard orders over the same hours.
    let q =
        "{ agents(orderBy: {measure: COST}, range: {lastHours: 24}, first: 5) { edges { rank summary { totalCost } } }
              analytics { topAgents(range: {lastHours: 24}) { value } } }";
    let answer = data(q, json!({})).await;
    let board: Vec<f64> = list(&answer["agents"]["edges"]).iter().map(|e| num(&e["summary"]["totalCost"])).collect();
    let top: Vec<f64> = list(&answer["analytics"]["topAgents"]).iter().map(|t| num(&t["value"])).collect();
    assert_eq!(board, top);
    // Daily rows are whole days: an hour range is refused with a reason.
    let refused = graphql("{ dailyMetrics(filter: {date: {lastHours: 3}}) { totalCount } }", json!({})).await;
    assert_eq!(first_error_code(&refused), "BAD_USER_INPUT", "{refused}");
    for bad in [json!({ "lastHours": 0 }), json!({ "lastHours": 3, "lastDays": 1 }), json!({ "completeHours": true })] {
        let refused = graphql(ROLLING, json!({ "range": bad })).await;
        assert_eq!(first_error_code(&refused), "BAD_USER_INPUT", "{bad}: {refused}");
    }
}

// ---------------------------------------------------------------- channels and complexity

const GROUP_FIELDS: &str = "id channel complexity totalConversations share failed successRate errorRate resolved resolutionRate inputTokens outputTokens totalTokens totalCost costPerConversation";

/// `byChannel` and `byComplexity` split any summary's conversations, over
/// the whole telemetry (not the sampled records): each side adds up to the
/// summary to the token and the micro-dollar, for days and for hours, and
/// matches the rows' own counts.
#[tokio::test]
async fn summaries_split_by_channel_and_by_complexity() {
    let d = &snapshot().dataset;
    let micros = |v: &Value| (num(v) * 1e6).round() as i64;
    let figures = "id totalConversations failed resolved inputTokens outputTokens totalCost";
    let query = format!(
        "query($range: DateRange, $filter: AnalyticsFilter) {{ analytics {{
            kpis(range: $range, filter: $filter) {{ {figures} byChannel {{ {GROUP_FIELDS} }} byComplexity {{ {GROUP_FIELDS} }} }}
            telemetry(bucket: HOUR, range: {{lastHours: 6}}, filter: $filter) {{ summary {{ {figures} byChannel {{ {GROUP_FIELDS} }} byComplexity {{ {GROUP_FIELDS} }} }} }}
            breakdown(by: MODEL, range: $range, filter: $filter) {{ summary {{ {figures} byComplexity {{ {GROUP_FIELDS} }} }} }}
        }} }}"
    );
    let check_side = |summary: &Value, side: &str, what: &str| {
        let key = if side == "byChannel" { "channel" } else { "complexity" };
        {
            let groups = list(&summary[side]);
            assert_eq!(groups.len(), if side == "byChannel" { 5 } else { 3 }, "{what}: every group, always");
            for field in ["totalConversations", "failed", "resolved", "inputTokens", "outputTokens", "totalCost"] {
                let sum: i64 = groups.iter().map(|g| micros(&g[field])).sum();
                assert_eq!(sum, micros(&summary[field]), "{what}: {side} adds up to {field}");
            }
            for g in groups {
                assert!(text(&g["id"]).starts_with(&text(&summary["id"])), "{what}: {g}");
                assert!(g[key].is_string(), "{what}: {g}");
                let n = num(&g["totalConversations"]);
                if n > 0.0 {
                    assert_eq!(num(&g["successRate"]) + num(&g["errorRate"]), 1.0, "{what}: {g}");
                    assert!(g["costPerConversation"].is_number());
                } else {
                    assert!(g["share"].is_null() || num(&g["share"]) == 0.0);
                    assert!(g["successRate"].is_null());
                }
            }
            let whole = num(&summary["totalConversations"]);
            if whole > 0.0 {
                let shares: f64 = groups.iter().map(|g| num(&g["share"])).sum();
                assert!((shares - 1.0).abs() <= 0.0005 * groups.len() as f64, "{what}: shares {shares}");
            }
        }
    };
    let check = |summary: &Value, what: &str| {
        check_side(summary, "byChannel", what);
        check_side(summary, "byComplexity", what);
    };
    let gpt4o = |a: u32| snapshot().dataset.agents[a as usize].model.id() == "gpt-4o";
    type Keep<'a> = &'a dyn Fn(u32) -> bool;
    let cases: [(Value, Keep); 2] = [(json!(null), &all), (json!({ "model": ["gpt-4o"] }), &gpt4o)];
    for (filter, keep) in cases {
        let answer = data(&query, json!({ "range": { "lastDays": 7 }, "filter": filter })).await;
        let a = &answer["analytics"];
        check(&a["kpis"], &format!("kpis {filter}"));
        for (i, b) in list(&a["telemetry"]).iter().enumerate() {
            check(&b["summary"], &format!("hour {i} {filter}"));
        }
        for row in list(&a["breakdown"]) {
            check_side(&row["summary"], "byComplexity", &format!("breakdown row {filter}"));
        }
        // Against the rows: each channel's conversations over the 7 days.
        let first = date(ANCHOR_DAY) - TimeDelta::days(6);
        for (i, g) in list(&a["kpis"]["byChannel"]).iter().enumerate() {
            let rows: u64 = d
                .daily_metrics
                .iter()
                .filter(|m| keep(m.agent) && m.date >= first)
                .map(|m| u64::from(m.mix.channels[i].conversations))
                .sum();
            assert_count(&g["totalConversations"], rows, &format!("{filter} {}", g["channel"]));
        }
    }
    // What a designer expects: complex conversations cost more than simple ones.
    let answer = data(&query, json!({ "range": null, "filter": null })).await;
    let by = list(&answer["analytics"]["kpis"]["byComplexity"]);
    let per = |c: &str| num(&by.iter().find(|g| g["complexity"] == c).unwrap()["costPerConversation"]);
    assert!(per("COMPLEX") > per("SIMPLE"), "{by:?}");
}

/// What a status panel overlays on the failures chart: the providers'
/// incidents, the workspace's rate-limit storms and the tools' services'
/// outages, as the API lists them, lie in the window at the hours the
/// telemetry shows them, and a storm's hours fail far more often than the
/// same hours on other days.
#[tokio::test]
async fn storms_incidents_and_outages_show_in_the_failures() {
    let query = "query($range: DateRange) {
        workspace {
          providerIncidents { model startedAt endedAt errorType peakFailureRate latencyFactor }
          rateLimitStorms { startedAt endedAt failureRate }
          toolOutages { id service startedAt endedAt failureRate }
        }
        analytics { telemetry(bucket: HOUR, range: $range) { start totalConversations failed } }
    }";
    let range = json!({ "from": FIRST_DAY, "to": ANCHOR_DAY });
    let v = data(query, json!({ "range": range })).await;
    let (first, anchor) = (midnight(date(FIRST_DAY)), snapshot().dataset.window.anchor);
    let spans = |key: &str| -> Vec<(chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>)> {
        let spans: Vec<_> =
            list(&v["workspace"][key]).iter().map(|s| (instant(&s["startedAt"]), instant(&s["endedAt"]))).collect();
        assert!(spans.windows(2).all(|w| w[0].0 <= w[1].0), "{key} oldest first");
        assert!(spans.iter().all(|&(from, to)| from >= first && from < to && to <= anchor), "{key} in the window");
        spans
    };
    let (incidents, storms, outages) = (spans("providerIncidents"), spans("rateLimitStorms"), spans("toolOutages"));
    assert!(!incidents.is_empty() && !storms.is_empty() && !outages.is_empty(), "a month has all three");
    for o in list(&v["workspace"]["toolOutages"]) {
        let (from, to) = (instant(&o["startedAt"]), instant(&o["endedAt"]));
        // In the home zone's working day, a quarter of an hour to two hours.
        let local_hour = (from - TimeDelta::hours(5)).hour();
        assert!((8..17).contains(&local_hour), "an outage at {local_hour}:00 local: {o}");
        assert!((15..=121).contains(&(to - from).num_minutes()), "{o}");
        assert!((0.35..=0.8).contains(&num(&o["failureRate"])), "{o}");
        // A service, as the tools' names in the traces begin (`crm` for `crm.account`).
        let service = text(&o["service"]);
        assert!(!service.is_empty() && service.chars().all(|c| c.is_ascii_lowercase()), "{o}");
        assert!(text(&o["id"]).starts_with(&format!("outage:{service}@")), "{o}");
    }

    for i in list(&v["workspace"]["providerIncidents"]) {
        assert!(["gpt-4o", "gpt-4o-mini", "gpt-3.5-turbo"].contains(&text(&i["model"]).as_ref()), "{i}");
        assert!((0.0..=1.0).contains(&num(&i["peakFailureRate"])) && num(&i["latencyFactor"]) > 1.0, "{i}");
    }
    for s in list(&v["workspace"]["rateLimitStorms"]) {
        let (from, to) = (instant(&s["startedAt"]), instant(&s["endedAt"]));
        // At the home zone's busy hours (New York, UTC-5), 5 to 60 minutes.
        let local_hour = (from - TimeDelta::hours(5)).hour();
        assert!((10..=15).contains(&local_hour), "a storm at {local_hour}:00 local: {s}");
        assert!((5..=61).contains(&(to - from).num_minutes()), "{s}");
        assert!((0.5..=0.9).contains(&num(&s["failureRate"])), "{s}");
    }
    // Hours a storm covers for 15 minutes or more, against the same UTC
    // hours of the other days outside any storm or incident.
    let overlap = |spans: &[(chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>)], start| {
        let end = start + TimeDelta::hours(1);
        spans.iter().map(|&(from, to)| (to.min(end) - from.max(start)).num_minutes().max(0)).sum::<i64>()
    };
    let hours = list(&v["analytics"]["telemetry"]);
    let storm_hours: BTreeSet<u32> =
        hours.iter().map(|h| instant(&h["start"])).filter(|&s| overlap(&storms, s) >= 15).map(|s| s.hour()).collect();
    let (mut stormy, mut usual) = ([0.0; 2], [0.0; 2]);
    for h in hours {
        let start = instant(&h["start"]);
        let side = if overlap(&storms, start) >= 15 {
            &mut stormy
        } else if storm_hours.contains(&start.hour())
            && overlap(&storms, start) + overlap(&incidents, start) + overlap(&outages, start) == 0
        {
            &mut usual
        } else {
            continue;
        };
        side[0] += num(&h["totalConversations"]);
        side[1] += num(&h["failed"]);
    }
    let (storm_rate, usual_rate) = (stormy[1] / stormy[0], usual[1] / usual[0]);
    assert!(
        storm_rate >= 1.5 * usual_rate,
        "storm hours fail {storm_rate:.3} of {} conversations, the same hours otherwise {usual_rate:.3}",
        stormy[0]
    );
}
