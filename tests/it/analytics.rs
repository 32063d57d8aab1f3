//! `analytics`: every aggregate against a hand computation over the rows of
//! the default dataset (seed 12345, anchor 2025-01-19T14:00:00Z, window
//! 2024-12-20..=2025-01-18).

use std::collections::BTreeSet;

use agentmock::data::{Conversation, Sentiment};
use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Utc, Weekday};
use serde_json::{Value, json};

use crate::support::{data, first_error_code, graphql, snapshot};

const FIRST_DAY: &str = "2024-12-20";
const LAST_DAY: &str = "2025-01-18";

fn date(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

fn midnight(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(0, 0, 0).expect("midnight").and_utc()
}

fn instant(v: &Value) -> DateTime<Utc> {
    v.as_str().and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("not a DateTime: {v}"))
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

fn opt(v: &Value) -> Option<f64> {
    v.as_f64()
}

/// Floats reconcile to 1e-9 relative (1e-12 absolute near zero).
fn assert_close(actual: f64, expected: f64, what: &str) {
    let tolerance = 1e-9 * expected.abs().max(actual.abs()).max(1e-3);
    assert!((actual - expected).abs() <= tolerance, "{what}: got {actual}, expected {expected}");
}

fn assert_close_opt(actual: Option<f64>, expected: Option<f64>, what: &str) {
    match (actual, expected) {
        (Some(a), Some(e)) => assert_close(a, e, what),
        (a, e) => assert_eq!(a, e, "{what}"),
    }
}

/// Sums of the daily metrics and cost records, computed from the rows.
#[derive(Debug, Default)]
struct Hand {
    conversations: u64,
    input: u64,
    output: u64,
    cost: f64,
    records: u64,
    response_time_sum: f64,
    success_sum: f64,
    agents_with_traffic: BTreeSet<u32>,
}

impl Hand {
    fn success_rate(&self) -> Option<f64> {
        (self.conversations > 0).then(|| self.success_sum / self.conversations as f64)
    }

    fn avg_response_time(&self) -> Option<f64> {
        (self.conversations > 0).then(|| self.response_time_sum / self.conversations as f64)
    }
}

/// The grid rows of agents `keep` accepts, on days `from..=to`.
fn hand(keep: impl Fn(u32) -> bool, from: NaiveDate, to: NaiveDate) -> Hand {
    let d = &snapshot().dataset;
    let mut h = Hand::default();
    for (m, c) in d.daily_metrics.iter().zip(&d.cost_records) {
        if !keep(m.agent) || m.date < from || m.date > to {
            continue;
        }
        assert_eq!((m.agent, m.date), (c.agent, c.date), "grid rows align");
        h.records += 1;
        h.conversations += m.conversations as u64;
        h.input += c.input_tokens;
        h.output += c.output_tokens;
        h.cost += c.total_cost;
        if let (Some(rt), Some(sr)) = (m.avg_response_time, m.success_rate) {
            h.response_time_sum += m.conversations as f64 * rt;
            h.success_sum += m.conversations as f64 * sr;
        }
        if m.conversations > 0 {
            h.agents_with_traffic.insert(m.agent);
        }
    }
    h
}

/// Conversation records of agents `keep` accepts, started in `[from, to)`.
fn records(keep: impl Fn(u32) -> bool, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Conversation> {
    let d = &snapshot().dataset;
    d.conversations.iter().filter(|c| keep(c.agent) && c.started_at >= from && c.started_at < to).cloned().collect()
}

fn records_on_days(keep: impl Fn(u32) -> bool, from: NaiveDate, to: NaiveDate) -> Vec<Conversation> {
    records(keep, midnight(from), midnight(to) + TimeDelta::days(1))
}

/// Which agents a hand computation covers.
type Keep<'a> = Box<dyn Fn(u32) -> bool + 'a>;

/// A ranking measure computed by hand.
type HandMeasure = fn(&Hand) -> Option<f64>;

fn all(_: u32) -> bool {
    true
}

fn agent_id(row: u32) -> String {
    snapshot().dataset.agents[row as usize].id.to_string()
}

fn agent_row(id: &Value) -> u32 {
    let id = id.as_str().expect("id");
    snapshot().dataset.agents.iter().position(|a| a.id.to_string() == id).expect("known agent") as u32
}

const KPIS: &str = "query($range: AnalyticsRange, $filter: AnalyticsFilter) {
  analytics { kpis(range: $range, filter: $filter) { ...K previous { ...K } deltas {
    totalConversations activeAgents successRate avgResponseTime totalCost totalTokensInput totalTokensOutput
    costPerConversation sampledConversations resolutionRate negativeShare } } }
}
fragment K on FleetKpis {
  range { from to days } totalConversations activeAgents successRate avgResponseTime totalCost
  totalTokensInput totalTokensOutput costPerConversation sampledConversations resolutionRate negativeShare
}";

async fn kpis(range: Value, filter: Value) -> Value {
    data(KPIS, json!({ "range": range, "filter": filter })).await["analytics"]["kpis"].clone()
}

/// Asserts one period's KPIs against the rows.
fn assert_kpis(k: &Value, keep: impl Fn(u32) -> bool + Copy, from: NaiveDate, to: NaiveDate) {
    let h = hand(keep, from, to);
    let recs = records_on_days(keep, from, to);
    let what = format!("{from}..={to}");
    assert_eq!(
        k["range"],
        json!({ "from": from.to_string(), "to": to.to_string(), "days": (to - from).num_days() + 1 })
    );
    assert_eq!(k["totalConversations"], json!(h.conversations), "{what}");
    assert_eq!(k["activeAgents"], json!(h.agents_with_traffic.len()), "{what}");
    assert_eq!(f(&k["totalTokensInput"]), h.input as f64, "{what}");
    assert_eq!(f(&k["totalTokensOutput"]), h.output as f64, "{what}");
    assert_close(f(&k["totalCost"]), h.cost, &format!("{what} cost"));
    assert_close_opt(opt(&k["successRate"]), h.success_rate(), &format!("{what} successRate"));
    assert_close_opt(opt(&k["avgResponseTime"]), h.avg_response_time(), &format!("{what} avgResponseTime"));
    let per_conversation = (h.conversations > 0).then(|| h.cost / h.conversations as f64);
    assert_close_opt(opt(&k["costPerConversation"]), per_conversation, &format!("{what} costPerConversation"));
    assert_eq!(k["sampledConversations"], json!(recs.len()), "{what}");
    let n = recs.len() as f64;
    let resolved = recs.iter().filter(|c| c.resolved).count() as f64;
    let negative = recs.iter().filter(|c| c.sentiment == Sentiment::Negative).count() as f64;
    assert_close_opt(opt(&k["resolutionRate"]), (n > 0.0).then(|| resolved / n), &format!("{what} resolutionRate"));
    assert_close_opt(opt(&k["negativeShare"]), (n > 0.0).then(|| negative / n), &format!("{what} negativeShare"));
}

#[tokio::test]
async fn kpis_reconcile_with_the_rows() {
    let whole = kpis(json!(null), json!(null)).await;
    assert_kpis(&whole, all, date(FIRST_DAY), date(LAST_DAY));
    // The whole window is 20 agents × 30 days; 18 agents served traffic (2 inactive).
    assert_eq!(whole["range"]["days"], 30);
    assert_eq!(whole["sampledConversations"], 500);
    let whole_again = kpis(json!({ "last": 30 }), json!(null)).await;
    assert_eq!(whole_again, whole, "last: 30 is the whole window");

    let last7 = kpis(json!({ "last": 7 }), json!(null)).await;
    assert_kpis(&last7, all, date("2025-01-12"), date(LAST_DAY));
    let explicit = kpis(json!({ "from": "2025-01-01", "to": "2025-01-05" }), json!(null)).await;
    assert_kpis(&explicit, all, date("2025-01-01"), date("2025-01-05"));
    let from_only = kpis(json!({ "from": "2025-01-10" }), json!(null)).await;
    assert_kpis(&from_only, all, date("2025-01-10"), date(LAST_DAY));
    let to_only = kpis(json!({ "to": "2024-12-24" }), json!(null)).await;
    assert_kpis(&to_only, all, date(FIRST_DAY), date("2024-12-24"));
    let one_day = kpis(json!({ "from": "2025-01-18", "to": "2025-01-18" }), json!(null)).await;
    assert_kpis(&one_day, all, date(LAST_DAY), date(LAST_DAY));
    // Ranges reaching past the window, or wholly outside it.
    let straddling = kpis(json!({ "from": "2025-01-15", "to": "2025-01-25" }), json!(null)).await;
    assert_kpis(&straddling, all, date("2025-01-15"), date("2025-01-25"));
    for (from, to) in [("2025-02-01", "2025-02-10"), ("2024-06-01", "2024-06-10")] {
        let outside = kpis(json!({ "from": from, "to": to }), json!(null)).await;
        assert_kpis(&outside, all, date(from), date(to));
        assert_eq!(outside["totalConversations"], 0);
        let series = series("CONVERSATIONS", "DAY", json!({ "from": from, "to": to }), 0).await;
        assert!(series.len() == 10 && series.iter().all(|p| p["value"] == 0.0), "{series:?}");
    }
}

#[tokio::test]
async fn kpis_compare_with_the_previous_period() {
    let k = kpis(json!({ "last": 7 }), json!(null)).await;
    let previous = &k["previous"];
    assert_kpis(previous, all, date("2025-01-05"), date("2025-01-11"));
    // The previous period answers exactly as asking for its days directly.
    let direct = kpis(json!({ "from": "2025-01-05", "to": "2025-01-11" }), json!(null)).await;
    for field in ["totalConversations", "activeAgents", "successRate", "totalCost", "sampledConversations"] {
        assert_eq!(previous[field], direct[field], "{field}");
    }

    let d = &k["deltas"];
    let relative = |field: &str| (f(&k[field]) - f(&previous[field])) / f(&previous[field]);
    let points = |field: &str| f(&k[field]) - f(&previous[field]);
    for field in [
        "totalConversations",
        "activeAgents",
        "avgResponseTime",
        "totalCost",
        "totalTokensInput",
        "totalTokensOutput",
        "costPerConversation",
        "sampledConversations",
    ] {
        assert_close(f(&d[field]), relative(field), &format!("relative delta of {field}"));
    }
    for field in ["successRate", "resolutionRate", "negativeShare"] {
        assert_close(f(&d[field]), points(field), &format!("point delta of {field}"));
    }
    // Traffic grows over the window (slight upward trend), so the last week beats the one before.
    assert!(f(&d["totalConversations"]) > 0.0, "{d}");

    // Before the window there is no data: previous figures are 0 or null,
    // so every delta is null.
    let whole = kpis(json!(null), json!(null)).await;
    let before = &whole["previous"];
    assert_eq!(before["range"], json!({ "from": "2024-11-20", "to": "2024-12-19", "days": 30 }));
    assert_eq!(before["totalConversations"], 0);
    assert_eq!(before["activeAgents"], 0);
    assert_eq!(before["totalCost"], 0.0);
    assert_eq!(before["successRate"], Value::Null);
    assert_eq!(before["resolutionRate"], Value::Null);
    for (field, delta) in whole["deltas"].as_object().expect("deltas") {
        assert_eq!(*delta, Value::Null, "delta of {field} against an empty period");
    }
}

#[tokio::test]
async fn kpis_respect_filters() {
    let d = &snapshot().dataset;
    let (from, to) = (date(FIRST_DAY), date(LAST_DAY));
    let on_gpt4o = |a: u32| d.agents[a as usize].model.id() == "gpt-4o";
    assert_kpis(&kpis(json!(null), json!({ "model": ["gpt-4o"] })).await, on_gpt4o, from, to);

    let erroring = |a: u32| d.agents[a as usize].status == agentmock::data::AgentStatus::Error;
    let k = kpis(json!({ "last": 7 }), json!({ "status": ["ERROR"] })).await;
    assert_kpis(&k, erroring, date("2025-01-12"), to);

    let mini_or_inactive = |a: u32| {
        let agent = &d.agents[a as usize];
        agent.model.id() == "gpt-4o-mini" && agent.status != agentmock::data::AgentStatus::Active
    };
    let filter = json!({ "model": ["gpt-4o-mini"], "status": ["INACTIVE", "ERROR"] });
    assert_kpis(&kpis(json!(null), filter).await, mini_or_inactive, from, to);

    let picked = [0u32, 3, 7, 11];
    let ids: Vec<String> = picked.iter().map(|&a| agent_id(a)).collect();
    let k = kpis(json!({ "from": "2025-01-01", "to": "2025-01-14" }), json!({ "agentIds": ids })).await;
    assert_kpis(&k, |a| picked.contains(&a), date("2025-01-01"), date("2025-01-14"));
    assert_kpis(&k["previous"], |a| picked.contains(&a), date("2024-12-18"), date("2024-12-31"));

    // Named agents narrowed by status: only those that pass both.
    let filter = json!({ "agentIds": ids, "status": ["ACTIVE"] });
    let k = kpis(json!(null), filter).await;
    let active_picked =
        |a: u32| picked.contains(&a) && d.agents[a as usize].status == agentmock::data::AgentStatus::Active;
    assert_kpis(&k, active_picked, from, to);

    // Ids of nothing select nothing.
    let k = kpis(json!(null), json!({ "agentIds": [uuid_of_nothing()] })).await;
    assert_eq!((k["totalConversations"].clone(), k["totalCost"].clone()), (json!(0), json!(0.0)));
    assert_eq!(k["successRate"], Value::Null);
}

fn uuid_of_nothing() -> String {
    "00000000-0000-4000-8000-000000000000".into()
}

/// Naming every agent scans their rows instead of reading the roll-ups;
/// both must tell the same story.
#[tokio::test]
async fn naming_every_agent_matches_the_unfiltered_answer() {
    let every: Vec<String> = (0..snapshot().dataset.agents.len() as u32).map(agent_id).collect();
    let query = "query($filter: AnalyticsFilter) { analytics {
      kpis(range: { last: 10 }, filter: $filter) { totalConversations activeAgents successRate avgResponseTime
        totalCost totalTokensInput sampledConversations resolutionRate negativeShare }
      costByModel(filter: $filter) { model totalCost inputTokens outputTokens records agents }
      latencyPercentiles(filter: $filter) { count min max mean p50 p90 p95 p99 }
      sentimentBreakdown(filter: $filter) { total resolved sentiments { sentiment count } }
      daily: timeSeries(measure: SUCCESS_RATE, bucket: WEEK, filter: $filter) { start value count }
      hourly: timeSeries(measure: SAMPLED_CONVERSATIONS, bucket: HOUR, range: { last: 3 }, utcOffsetMinutes: 60,
        filter: $filter) { start value count }
      topAgents(by: COST, first: 20, filter: $filter) { rank agent { id } value }
    } }";
    let unfiltered = data(query, json!({ "filter": null })).await;
    let named = data(query, json!({ "filter": { "agentIds": every } })).await;
    assert_same_numbers(&named, &unfiltered, "analytics");
}

/// Equal JSON, except floats may differ by rounding (summation order).
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
        (Value::Number(x), Value::Number(y)) => assert_close(f(&json!(x)), f(&json!(y)), path),
        _ => assert_eq!(a, b, "{path}"),
    }
}

const SERIES: &str = "query($measure: TimeSeriesMeasure!, $bucket: TimeBucket, $range: AnalyticsRange,
    $offset: Int, $filter: AnalyticsFilter) {
  analytics { timeSeries(measure: $measure, bucket: $bucket, range: $range, utcOffsetMinutes: $offset,
    filter: $filter) { start end value count } }
}";

async fn series(measure: &str, bucket: &str, range: Value, offset: i32) -> Vec<Value> {
    let vars = json!({ "measure": measure, "bucket": bucket, "range": range, "offset": offset });
    data(SERIES, vars).await["analytics"]["timeSeries"].as_array().expect("points").clone()
}

/// Buckets are contiguous and cover exactly `[start, end)`.
fn assert_partition(points: &[Value], start: DateTime<Utc>, end: DateTime<Utc>) {
    assert!(!points.is_empty());
    assert_eq!(instant(&points[0]["start"]), start, "first bucket starts the range");
    assert_eq!(instant(&points[points.len() - 1]["end"]), end, "last bucket ends the range");
    for pair in points.windows(2) {
        assert_eq!(pair[0]["end"], pair[1]["start"], "buckets are contiguous");
    }
    for p in points {
        assert!(instant(&p["start"]) < instant(&p["end"]), "{p}");
    }
}

#[tokio::test]
async fn daily_series_partition_the_range_and_sum_to_the_kpis() {
    let range = json!({ "last": 14 });
    let k = kpis(range.clone(), json!(null)).await;
    let (from, to) = (date("2025-01-05"), date(LAST_DAY));
    for bucket in ["DAY", "WEEK"] {
        let conversations = series("CONVERSATIONS", bucket, range.clone(), 0).await;
        assert_partition(&conversations, midnight(from), midnight(to) + TimeDelta::days(1));
        let sum: i64 = conversations.iter().map(|p| p["value"].as_f64().expect("sum") as i64).sum();
        assert_eq!(json!(sum), k["totalConversations"], "{bucket}");
        let counts: i64 = conversations.iter().map(|p| p["count"].as_i64().expect("count")).sum();
        assert_eq!(json!(counts), k["totalConversations"], "{bucket}: count is the conversations");

        let cost: f64 = series("COST", bucket, range.clone(), 0).await.iter().map(|p| f(&p["value"])).sum();
        assert_close(cost, f(&k["totalCost"]), "cost");
        for (measure, field) in [("INPUT_TOKENS", "totalTokensInput"), ("OUTPUT_TOKENS", "totalTokensOutput")] {
            let tokens: f64 = series(measure, bucket, range.clone(), 0).await.iter().map(|p| f(&p["value"])).sum();
            assert_eq!(tokens, f(&k[field]), "{measure} by {bucket}");
        }
        // Rates re-weighted by their counts give the range's rate.
        for (measure, field) in [("SUCCESS_RATE", "successRate"), ("AVG_RESPONSE_TIME", "avgResponseTime")] {
            let points = series(measure, bucket, range.clone(), 0).await;
            let weighted: f64 = points.iter().map(|p| f(&p["value"]) * f(&p["count"])).sum();
            let weight: f64 = points.iter().map(|p| f(&p["count"])).sum();
            assert_close(weighted / weight, f(&k[field]), &format!("{measure} by {bucket}"));
        }
    }

    // Each DAY point is that day's rows.
    let rates = series("SUCCESS_RATE", "DAY", range.clone(), 0).await;
    for p in &rates {
        let day = instant(&p["start"]).date_naive();
        let h = hand(all, day, day);
        assert_close_opt(opt(&p["value"]), h.success_rate(), &format!("success rate on {day}"));
        assert_eq!(p["count"], json!(h.conversations));
    }
}

#[tokio::test]
async fn weekly_buckets_start_on_monday() {
    // The window runs Friday 2024-12-20 to Saturday 2025-01-18.
    assert_eq!(date(FIRST_DAY).weekday(), Weekday::Fri);
    let points = series("COST", "WEEK", json!(null), 0).await;
    assert_partition(&points, midnight(date(FIRST_DAY)), midnight(date(LAST_DAY)) + TimeDelta::days(1));
    let starts: Vec<String> = points.iter().map(|p| p["start"].as_str().unwrap_or("").to_string()).collect();
    assert_eq!(
        starts,
        [
            "2024-12-20T00:00:00Z",
            "2024-12-23T00:00:00Z",
            "2024-12-30T00:00:00Z",
            "2025-01-06T00:00:00Z",
            "2025-01-13T00:00:00Z"
        ]
    );
    for p in &points[1..] {
        assert_eq!(instant(&p["start"]).weekday(), Weekday::Mon, "{p}");
    }
    // Each week's cost is its days' rows.
    for p in &points {
        let (start, end) = (instant(&p["start"]).date_naive(), instant(&p["end"]).date_naive());
        let h = hand(all, start, end - TimeDelta::days(1));
        assert_close(f(&p["value"]), h.cost, &format!("week of {start}"));
    }
}

#[tokio::test]
async fn empty_buckets_are_zero_for_sums_and_null_for_rates() {
    // Five days before the window, then its first five.
    let range = json!({ "from": "2024-12-15", "to": "2024-12-24" });
    let conversations = series("CONVERSATIONS", "DAY", range.clone(), 0).await;
    let rates = series("SUCCESS_RATE", "DAY", range.clone(), 0).await;
    let resolution = series("RESOLUTION_RATE", "DAY", range.clone(), 0).await;
    assert_eq!((conversations.len(), rates.len(), resolution.len()), (10, 10, 10));
    for i in 0..5 {
        assert_eq!((conversations[i]["value"].clone(), conversations[i]["count"].clone()), (json!(0.0), json!(0)));
        assert_eq!((rates[i]["value"].clone(), rates[i]["count"].clone()), (Value::Null, json!(0)));
        assert_eq!(resolution[i]["value"], Value::Null);
    }
    for i in 5..10 {
        assert!(f(&conversations[i]["value"]) > 0.0);
        assert!(f(&rates[i]["value"]) > 0.8);
    }
    // Hours at night hold few records; some are empty.
    let hourly = series("NEGATIVE_SHARE", "HOUR", json!({ "last": 2 }), 0).await;
    assert_eq!(hourly.len(), 48);
    let empty: Vec<&Value> = hourly.iter().filter(|p| p["count"] == 0).collect();
    assert!(!empty.is_empty(), "some hour has no record");
    assert!(empty.iter().all(|p| p["value"].is_null()));
}

#[tokio::test]
async fn record_series_match_the_records_in_each_bucket() {
    let whole = kpis(json!(null), json!(null)).await;
    for (bucket, offset) in [("DAY", 0), ("DAY", 330), ("DAY", -480), ("HOUR", 0), ("HOUR", 345), ("WEEK", 840)] {
        let points = series("SAMPLED_CONVERSATIONS", bucket, json!({ "last": 10 }), offset).await;
        let shift = TimeDelta::minutes(offset as i64);
        let start = midnight(date("2025-01-09")) - shift;
        assert_partition(&points, start, start + TimeDelta::days(10));
        for p in &points {
            let (from, to) = (instant(&p["start"]), instant(&p["end"]));
            let recs = records(all, from, to);
            assert_eq!(p["count"], json!(recs.len()), "{bucket} {offset}: {p}");
            assert_eq!(f(&p["value"]), recs.len() as f64);
            if bucket != "WEEK" || p != &points[0] {
                // Buckets start on local midnights (or hours, or Mondays).
                let local = from + shift;
                match bucket {
                    "HOUR" => assert_eq!(local.timestamp() % 3600, 0),
                    "DAY" => assert_eq!(local.timestamp() % 86_400, 0),
                    _ => assert_eq!((local.weekday(), local.timestamp() % 86_400), (Weekday::Mon, 0)),
                }
            }
        }
    }

    // At offset 0 the whole window's buckets add up to the KPI.
    let points = series("SAMPLED_CONVERSATIONS", "DAY", json!(null), 0).await;
    let total: i64 = points.iter().map(|p| p["count"].as_i64().unwrap_or(0)).sum();
    assert_eq!(json!(total), whole["sampledConversations"]);

    // An offset moves the buckets, and so what they count.
    let utc = series("SAMPLED_CONVERSATIONS", "DAY", json!({ "last": 10 }), 0).await;
    let shifted = series("SAMPLED_CONVERSATIONS", "DAY", json!({ "last": 10 }), 540).await;
    assert_eq!(instant(&utc[0]["start"]) - instant(&shifted[0]["start"]), TimeDelta::hours(9));
    let counts = |points: &[Value]| points.iter().map(|p| p["count"].clone()).collect::<Vec<_>>();
    assert_ne!(counts(&utc), counts(&shifted), "local days hold other records");

    // Rates per bucket.
    for p in series("RESOLUTION_RATE", "DAY", json!({ "last": 5 }), -300).await {
        let recs = records(all, instant(&p["start"]), instant(&p["end"]));
        let resolved = recs.iter().filter(|c| c.resolved).count() as f64;
        assert_close_opt(opt(&p["value"]), (!recs.is_empty()).then(|| resolved / recs.len() as f64), "resolution");
    }
    for p in series("NEGATIVE_SHARE", "WEEK", json!(null), 0).await {
        let recs = records(all, instant(&p["start"]), instant(&p["end"]));
        let negative = recs.iter().filter(|c| c.sentiment == Sentiment::Negative).count() as f64;
        assert_close_opt(opt(&p["value"]), (!recs.is_empty()).then(|| negative / recs.len() as f64), "negative");
    }
}

const Q3: &str =
    "{ analytics { costByModel(range: { last: 30 }) { model totalCost inputTokens outputTokens records } } }";

#[tokio::test]
async fn cost_by_model_matches_hand_sums_and_q3() {
    let d = &snapshot().dataset;
    let q3 = data(Q3, json!({})).await;
    let rows = q3["analytics"]["costByModel"].as_array().expect("models");
    let models: Vec<&str> = rows.iter().map(|r| r["model"].as_str().unwrap_or("")).collect();
    assert_eq!(models, ["gpt-3.5-turbo", "gpt-4o", "gpt-4o-mini"], "ordered by model id");
    for row in rows {
        let model = row["model"].as_str().unwrap_or("");
        let mut cost = 0.0;
        let (mut input, mut output, mut records) = (0u64, 0u64, 0u64);
        for c in d.cost_records.iter().filter(|c| c.model.id() == model) {
            cost += c.total_cost;
            input += c.input_tokens;
            output += c.output_tokens;
            records += 1;
        }
        assert_close(f(&row["totalCost"]), cost, model);
        assert_eq!(f(&row["inputTokens"]), input as f64, "{model}");
        assert_eq!(f(&row["outputTokens"]), output as f64, "{model}");
        assert_eq!(row["records"], json!(records), "{model}");
        let agents = d.agents.iter().filter(|a| a.model.id() == model).count() as u64;
        assert_eq!(records, agents * 30, "{model}: one record per agent per day");
    }
    let total: f64 = rows.iter().map(|r| f(&r["totalCost"])).sum();
    assert_close(total, f(&kpis(json!(null), json!(null)).await["totalCost"]), "models add up to the fleet");

    // The same through the public costRecords API.
    let via_api = data(
        "{ costRecords(first: 100, filter: { model: [\"gpt-4o\"], date: { from: \"2025-01-16\" } }) {
            totalCount nodes { totalCost inputTokens } } }",
        json!({}),
    )
    .await;
    let nodes = via_api["costRecords"]["nodes"].as_array().expect("nodes");
    let last3 = data(
        "{ analytics { costByModel(range: { last: 3 }, filter: { model: [\"gpt-4o\"] }) {
            model totalCost inputTokens records agents modelInfo { id inputPricePer1K } } } }",
        json!({}),
    )
    .await;
    let gpt4o = &last3["analytics"]["costByModel"];
    assert_eq!(gpt4o.as_array().map(Vec::len), Some(1), "the filter leaves one model");
    assert_eq!(gpt4o[0]["records"], via_api["costRecords"]["totalCount"]);
    assert_eq!(gpt4o[0]["modelInfo"], json!({ "id": "gpt-4o", "inputPricePer1K": 0.005 }));
    assert_close(f(&gpt4o[0]["totalCost"]), nodes.iter().map(|n| f(&n["totalCost"])).sum(), "gpt-4o, last 3 days");
    assert_eq!(f(&gpt4o[0]["inputTokens"]), nodes.iter().map(|n| f(&n["inputTokens"])).sum::<f64>());
    assert_eq!(json!(gpt4o[0]["agents"].as_i64().unwrap_or(0) * 3), gpt4o[0]["records"]);

    // Q3 answers with exactly the fields it asks for, and the same numbers as
    // a fuller query.
    let fuller = data(
        "{ analytics { costByModel(range: { last: 30 }) { agents model totalCost inputTokens outputTokens records } } }",
        json!({}),
    )
    .await;
    for (q3_row, full_row) in rows.iter().zip(fuller["analytics"]["costByModel"].as_array().expect("rows")) {
        let mut full_row = full_row.clone();
        if let Some(fields) = full_row.as_object_mut() {
            fields.remove("agents");
        }
        assert_eq!(*q3_row, full_row);
        let fields: BTreeSet<&str> =
            q3_row.as_object().map(|o| o.keys().map(String::as_str).collect()).unwrap_or_default();
        assert_eq!(fields, BTreeSet::from(["model", "totalCost", "inputTokens", "outputTokens", "records"]));
    }
}

#[tokio::test]
async fn cost_by_agent_orders_by_cost_then_name() {
    let d = &snapshot().dataset;
    let index = &snapshot().index;
    let query = "query($first: Int, $filter: AnalyticsFilter) { analytics {
        costByAgent(range: { last: 14 }, first: $first, filter: $filter) {
          agent { id name } totalCost inputTokens outputTokens share } } }";
    let all_agents = data(query, json!({ "first": 100 })).await["analytics"]["costByAgent"].clone();
    let rows = all_agents.as_array().expect("rows");
    assert_eq!(rows.len(), 20);
    let mut share = 0.0;
    for row in rows {
        let a = agent_row(&row["agent"]["id"]);
        let h = hand(|x| x == a, date("2025-01-05"), date(LAST_DAY));
        assert_close(f(&row["totalCost"]), h.cost, "agent cost");
        assert_eq!((f(&row["inputTokens"]), f(&row["outputTokens"])), (h.input as f64, h.output as f64));
        share += f(&row["share"]);
    }
    assert_close(share, 1.0, "shares add up to the whole");
    for pair in rows.windows(2) {
        let (x, y) = (f(&pair[0]["totalCost"]), f(&pair[1]["totalCost"]));
        let names = |i: usize| index.agent_name_rank[agent_row(&pair[i]["agent"]["id"]) as usize];
        assert!(x > y || (x == y && names(0) < names(1)), "{} before {}", pair[0], pair[1]);
    }
    // The inactive agents cost nothing and come last, by name.
    let inactive: Vec<&Value> = rows.iter().filter(|r| f(&r["totalCost"]) == 0.0).collect();
    assert_eq!(inactive.len(), 4);

    // `first` takes the top of the same order (default 10).
    let top = data(query, json!({})).await["analytics"]["costByAgent"].clone();
    assert_eq!(top.as_array().map(Vec::as_slice), Some(&rows[..10]));

    // Shares are of the filtered total.
    let filtered = data(query, json!({ "first": 100, "filter": { "model": ["gpt-4o-mini"] } })).await;
    let rows = filtered["analytics"]["costByAgent"].as_array().expect("rows").clone();
    assert!(rows.iter().all(|r| d.agents[agent_row(&r["agent"]["id"]) as usize].model.id() == "gpt-4o-mini"));
    let total: f64 = rows.iter().map(|r| f(&r["totalCost"])).sum();
    for r in &rows {
        assert_close(f(&r["share"]), f(&r["totalCost"]) / total, "share of the filtered total");
    }
}

/// The nearest-rank percentile of `values`.
fn nearest_rank(sorted: &[u32], percent: usize) -> Option<f64> {
    (!sorted.is_empty()).then(|| sorted[(sorted.len() * percent).div_ceil(100).max(1) - 1] as f64)
}

#[tokio::test]
async fn latency_percentiles_are_nearest_rank_over_the_records() {
    let d = &snapshot().dataset;
    let query = "query($range: AnalyticsRange, $filter: AnalyticsFilter) { analytics {
        latencyPercentiles(range: $range, filter: $filter) { count min max mean p50 p90 p95 p99 } } }";
    let cases: Vec<(Value, Value, Keep, NaiveDate, NaiveDate)> = vec![
        (json!(null), json!(null), Box::new(all), date(FIRST_DAY), date(LAST_DAY)),
        (json!({ "last": 7 }), json!(null), Box::new(all), date("2025-01-12"), date(LAST_DAY)),
        (
            json!({ "from": "2025-01-03", "to": "2025-01-03" }),
            json!(null),
            Box::new(all),
            date("2025-01-03"),
            date("2025-01-03"),
        ),
        (
            json!(null),
            json!({ "model": ["gpt-4o"] }),
            Box::new(|a| d.agents[a as usize].model.id() == "gpt-4o"),
            date(FIRST_DAY),
            date(LAST_DAY),
        ),
        (
            json!({ "last": 10 }),
            json!({ "agentIds": [agent_id(1), agent_id(2)] }),
            Box::new(|a| a == 1 || a == 2),
            date("2025-01-09"),
            date(LAST_DAY),
        ),
    ];
    for (range, filter, keep, from, to) in cases {
        let p =
            data(query, json!({ "range": range, "filter": filter })).await["analytics"]["latencyPercentiles"].clone();
        let mut values: Vec<u32> = records_on_days(keep, from, to).iter().map(|c| c.avg_response_time).collect();
        values.sort_unstable();
        let what = format!("{range} {filter}");
        assert!(!values.is_empty(), "{what}");
        assert_eq!(p["count"], json!(values.len()), "{what}");
        assert_eq!(opt(&p["min"]), values.first().map(|&v| v as f64), "{what}");
        assert_eq!(opt(&p["max"]), values.last().map(|&v| v as f64), "{what}");
        let mean = values.iter().map(|&v| v as f64).sum::<f64>() / values.len() as f64;
        assert_close(f(&p["mean"]), mean, &what);
        for (field, percent) in [("p50", 50), ("p90", 90), ("p95", 95), ("p99", 99)] {
            assert_eq!(opt(&p[field]), nearest_rank(&values, percent), "{field} of {what}");
        }
        assert!(f(&p["min"]) <= f(&p["p50"]) && f(&p["p50"]) <= f(&p["p90"]) && f(&p["p99"]) <= f(&p["max"]));
    }

    // No records: a count of 0 and nulls.
    let empty = data(query, json!({ "range": { "from": "2024-01-01", "to": "2024-01-31" } })).await;
    assert_eq!(
        empty["analytics"]["latencyPercentiles"],
        json!({ "count": 0, "min": null, "max": null, "mean": null, "p50": null, "p90": null, "p95": null, "p99": null })
    );
}

#[tokio::test]
async fn sentiment_counts_add_up_to_the_records() {
    let query = "query($range: AnalyticsRange, $filter: AnalyticsFilter) { analytics {
        sentimentBreakdown(range: $range, filter: $filter) { total resolved resolutionRate
          sentiments { sentiment count share } }
        kpis(range: $range, filter: $filter) { sampledConversations resolutionRate negativeShare } } }";
    for (range, from, to) in [
        (json!(null), date(FIRST_DAY), date(LAST_DAY)),
        (json!({ "last": 7 }), date("2025-01-12"), date(LAST_DAY)),
        (json!({ "from": "2025-01-04", "to": "2025-01-05" }), date("2025-01-04"), date("2025-01-05")),
    ] {
        let answer = data(query, json!({ "range": range })).await;
        let s = &answer["analytics"]["sentimentBreakdown"];
        let k = &answer["analytics"]["kpis"];
        let recs = records_on_days(all, from, to);
        assert_eq!(s["total"], json!(recs.len()));
        assert_eq!(s["total"], k["sampledConversations"]);
        let names: Vec<&str> =
            s["sentiments"].as_array().expect("list").iter().map(|x| x["sentiment"].as_str().unwrap_or("")).collect();
        assert_eq!(names, ["POSITIVE", "NEUTRAL", "NEGATIVE"]);
        let mut sum = 0;
        for (entry, sentiment) in s["sentiments"].as_array().expect("list").iter().zip(Sentiment::ALL) {
            let count = recs.iter().filter(|c| c.sentiment == sentiment).count();
            assert_eq!(entry["count"], json!(count), "{sentiment:?}");
            assert_close(f(&entry["share"]), count as f64 / recs.len() as f64, "share");
            sum += count;
        }
        assert_eq!(sum, recs.len(), "counts add up");
        assert_eq!(s["resolved"], json!(recs.iter().filter(|c| c.resolved).count()));
        assert_eq!(s["resolutionRate"], k["resolutionRate"]);
        assert_eq!(s["sentiments"][2]["share"], k["negativeShare"]);
    }
    // The sample follows the seed's 60/30/10 mix.
    let whole = data(query, json!({})).await;
    let shares: Vec<f64> = whole["analytics"]["sentimentBreakdown"]["sentiments"]
        .as_array()
        .expect("list")
        .iter()
        .map(|x| f(&x["share"]))
        .collect();
    assert!((shares[0] - 0.6).abs() < 0.01 && (shares[1] - 0.3).abs() < 0.01 && (shares[2] - 0.1).abs() < 0.01);
}

const TOP: &str = "query($by: TopAgentMeasure!, $range: AnalyticsRange, $first: Int, $direction: OrderDirection,
    $filter: AnalyticsFilter) { analytics {
  topAgents(by: $by, range: $range, first: $first, direction: $direction, filter: $filter) { rank agent { id name } value }
} }";

async fn top(by: &str, range: Value, first: i32, direction: &str) -> Vec<Value> {
    let vars = json!({ "by": by, "range": range, "first": first, "direction": direction });
    data(TOP, vars).await["analytics"]["topAgents"].as_array().expect("ranking").clone()
}

#[tokio::test]
async fn top_agents_rank_by_measure_with_ties_by_name() {
    let d = &snapshot().dataset;
    let index = &snapshot().index;
    let (from, to) = (date("2025-01-05"), date(LAST_DAY));
    let range = json!({ "last": 14 });
    let measures: [(&str, HandMeasure); 5] = [
        ("CONVERSATIONS", |h| Some(h.conversations as f64)),
        ("SUCCESS_RATE", Hand::success_rate),
        ("AVG_RESPONSE_TIME", Hand::avg_response_time),
        ("COST", |h| Some(h.cost)),
        ("TOKENS", |h| Some((h.input + h.output) as f64)),
    ];
    for (by, value) in measures {
        for direction in ["DESC", "ASC"] {
            let mut expected: Vec<(u32, f64)> =
                (0..d.agents.len() as u32).filter_map(|a| value(&hand(|x| x == a, from, to)).map(|v| (a, v))).collect();
            expected.sort_by(|(a, x), (b, y)| {
                let order = if direction == "DESC" { y.total_cmp(x) } else { x.total_cmp(y) };
                order.then(index.agent_name_rank[*a as usize].cmp(&index.agent_name_rank[*b as usize]))
            });
            let got = top(by, range.clone(), 100, direction).await;
            assert_eq!(got.len(), expected.len(), "{by} {direction}");
            for (i, (entry, (a, v))) in got.iter().zip(&expected).enumerate() {
                assert_eq!(entry["rank"], json!(i + 1));
                assert_eq!(entry["agent"]["id"], json!(agent_id(*a)), "{by} {direction} rank {}", i + 1);
                assert_close(f(&entry["value"]), *v, by);
            }
            // `first` cuts the same ranking.
            let first3 = top(by, range.clone(), 3, direction).await;
            assert_eq!(first3.as_slice(), &got[..3]);
        }
    }
    // Rate rankings leave out the 4 inactive agents (no traffic); sums keep them.
    assert_eq!(top("SUCCESS_RATE", range.clone(), 100, "DESC").await.len(), 16);
    assert_eq!(top("AVG_RESPONSE_TIME", range.clone(), 100, "ASC").await.len(), 16);
    assert_eq!(top("COST", range.clone(), 100, "DESC").await.len(), 20);

    // All tied (no data before the window): pure name order, either direction.
    let by_name: Vec<Value> = data("{ agents(first: 20) { nodes { id } } }", json!({})).await["agents"]["nodes"]
        .as_array()
        .expect("agents")
        .iter()
        .map(|n| n["id"].clone())
        .collect();
    for direction in ["ASC", "DESC"] {
        let tied = top("CONVERSATIONS", json!({ "from": "2024-01-01", "to": "2024-01-07" }), 20, direction).await;
        let ids: Vec<Value> = tied.iter().map(|t| t["agent"]["id"].clone()).collect();
        assert_eq!(ids, by_name, "{direction}");
        assert!(tied.iter().all(|t| t["value"] == 0.0));
    }
    // Default: top 5, highest first; an explicit null means the default.
    let default = data("{ analytics { topAgents(by: CONVERSATIONS) { rank value } } }", json!({})).await;
    let values: Vec<f64> =
        default["analytics"]["topAgents"].as_array().expect("top").iter().map(|t| f(&t["value"])).collect();
    assert_eq!(values.len(), 5);
    assert!(values.windows(2).all(|w| w[0] >= w[1]));
    let nulls =
        data("{ analytics { topAgents(by: CONVERSATIONS, first: null, direction: null) { rank value } } }", json!({}))
            .await;
    assert_eq!(nulls, default);
}

#[tokio::test]
async fn bad_input_is_refused_with_a_reason() {
    let cases: [(&str, &str); 22] = [
        ("kpis(range: { last: 7, from: \"2025-01-01\" }) { totalCost }", "cannot be combined"),
        ("kpis(range: { last: 7, to: \"2025-01-01\" }) { totalCost }", "cannot be combined"),
        ("kpis(range: { last: 0 }) { totalCost }", "between 1 and 3660"),
        ("kpis(range: { last: -3 }) { totalCost }", "between 1 and 3660"),
        ("kpis(range: { last: 100000 }) { totalCost }", "between 1 and 3660"),
        ("kpis(range: { from: \"2025-01-10\", to: \"2025-01-01\" }) { totalCost }", "must not be after"),
        ("kpis(range: { from: \"2025-03-01\" }) { totalCost }", "must not be after"),
        ("kpis(range: { from: \"1990-01-01\", to: \"2025-01-01\" }) { totalCost }", "at most 3660 days"),
        ("kpis(filter: { model: [\"gpt-5\"] }) { totalCost }", "unknown model"),
        ("kpis(filter: { agentIds: [\"not-a-uuid\"] }) { totalCost }", "not a valid ID"),
        ("timeSeries(measure: COST, bucket: HOUR) { value }", "whole UTC days"),
        ("timeSeries(measure: SUCCESS_RATE, utcOffsetMinutes: 60) { value }", "whole UTC days"),
        ("timeSeries(measure: SAMPLED_CONVERSATIONS, utcOffsetMinutes: 841) { value }", "between -720 and 840"),
        ("timeSeries(measure: SAMPLED_CONVERSATIONS, utcOffsetMinutes: -721) { value }", "between -720 and 840"),
        ("timeSeries(measure: SAMPLED_CONVERSATIONS, bucket: HOUR, range: { last: 90 }) { value }", "at most 2000"),
        ("timeSeries(measure: COST, range: { last: 3000 }) { value }", "at most 2000"),
        ("costByAgent(first: 0) { totalCost }", "between 1 and 100"),
        ("costByAgent(first: 101) { totalCost }", "between 1 and 100"),
        ("topAgents(by: COST, first: 0) { rank }", "between 1 and 100"),
        ("topAgents(by: COST, first: 1000) { rank }", "between 1 and 100"),
        ("latencyPercentiles(range: { last: 0 }) { count }", "between 1 and 3660"),
        ("sentimentBreakdown(filter: { model: [\"claude\"] }) { total }", "unknown model"),
    ];
    for (field, reason) in cases {
        let response = graphql(&format!("{{ analytics {{ {field} }} }}"), json!({})).await;
        assert_eq!(first_error_code(&response), "BAD_USER_INPUT", "{field}: {response}");
        let message = response["errors"][0]["message"].as_str().unwrap_or("");
        assert!(message.contains(reason), "{field}: {message:?} should say {reason:?}");
    }
    // A year out of range (the Date scalar parses it; the range refuses it).
    let response =
        graphql("{ analytics { kpis(range: { from: \"0000-12-31\", to: \"0001-01-02\" }) { totalCost } } }", json!({}))
            .await;
    assert_eq!(first_error_code(&response), "BAD_USER_INPUT", "{response}");
    // A non-date is refused by the scalar.
    let response = graphql("{ analytics { kpis(range: { from: \"yesterday\" }) { totalCost } } }", json!({})).await;
    assert_eq!(first_error_code(&response), "BAD_USER_INPUT", "{response}");
}

#[tokio::test]
async fn arguments_document_their_defaults() {
    let answer =
        data(r#"{ __type(name: "Analytics") { fields { name args { name defaultValue } } } }"#, json!({})).await;
    let mut defaults = Vec::new();
    for field in answer["__type"]["fields"].as_array().expect("fields") {
        for arg in field["args"].as_array().expect("args") {
            if let Some(value) = arg["defaultValue"].as_str() {
                defaults.push(format!(
                    "{}.{}={value}",
                    field["name"].as_str().unwrap_or(""),
                    arg["name"].as_str().unwrap_or("")
                ));
            }
        }
    }
    assert_eq!(
        defaults,
        [
            "timeSeries.bucket=DAY",
            "timeSeries.utcOffsetMinutes=0",
            "costByAgent.first=10",
            "topAgents.first=5",
            "topAgents.direction=DESC"
        ]
    );
    // Omitting `bucket` gives DAY buckets.
    let points = data("{ analytics { timeSeries(measure: COST, range: { last: 3 }) { start } } }", json!({})).await;
    assert_eq!(points["analytics"]["timeSeries"].as_array().map(Vec::len), Some(3));
}

#[tokio::test]
async fn playground_examples_with_analytics_run() {
    for example in [
        include_str!("../../assets/playground/examples/01-fleet-overview.graphql"),
        include_str!("../../assets/playground/examples/04-cost-analysis.graphql"),
    ] {
        let answer = data(example, json!({})).await;
        assert!(answer["analytics"].is_object(), "{answer}");
    }
}

#[tokio::test]
async fn dashboard_query_snapshot() {
    let answer = data(
        "{ analytics {
          kpis(range: { last: 7 }) {
            range { from to days } totalConversations activeAgents successRate avgResponseTime totalCost
            totalTokensInput totalTokensOutput costPerConversation sampledConversations resolutionRate negativeShare
            previous { range { from to } totalConversations totalCost }
            deltas { totalConversations successRate avgResponseTime totalCost resolutionRate }
          }
          conversations: timeSeries(measure: CONVERSATIONS, bucket: WEEK) { start end value count }
          costByModel(range: { last: 30 }) { model totalCost inputTokens outputTokens records agents }
          costByAgent(range: { last: 7 }, first: 3) { agent { name model } totalCost share }
          latencyPercentiles(range: { last: 7 }) { count min max mean p50 p90 p95 p99 }
          sentimentBreakdown(range: { last: 7 }) { total resolved resolutionRate sentiments { sentiment count share } }
          topAgents(by: SUCCESS_RATE, range: { last: 7 }, first: 3) { rank agent { name } value }
          slowest: topAgents(by: AVG_RESPONSE_TIME, range: { last: 7 }, first: 3) { rank agent { name } value }
        } }",
        json!({}),
    )
    .await;
    insta::assert_json_snapshot!("dashboard_analytics", answer);
}
