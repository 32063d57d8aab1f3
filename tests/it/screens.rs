//! One test per dashboard screen (issue 7's fifteen, and the fleet list,
//! transcript, cost records, node lookup, models and viewer a dashboard
//! also shows), each sending the one query that screen would send and
//! checking the answer against the dataset itself: every aggregate is
//! recomputed here from the rows of `support::snapshot().dataset` (see
//! `support::Sums`), every order and filter from the records. JSON
//! snapshots (the anchor is pinned) show a reader what the screen gets;
//! they are never the only check.

use std::collections::{BTreeMap, BTreeSet};

use agentmock::data::catalogue::{AuditAction, Model, Role};
use agentmock::data::dump::timestamp;
use agentmock::data::{self, AgentStatus, AuditDetails, AuditTarget, Dataset, Outcome, Sentiment};
use chrono::{Datelike, NaiveDate, TimeDelta, Weekday};
use serde_json::{Value, json};

use crate::support::{
    ANCHOR, ANCHOR_DAY, DURATION, FIRST_DAY, LATENCY, PUBLIC_URL, SUMMARY_FIELDS, Sums, agent_ids, agent_row,
    agents_by_name, all_nodes, all_nodes_as, assert_count, assert_decimals, assert_distribution, assert_errors,
    assert_masked, assert_rate, assert_sentiment, assert_summary, assert_usd, audit_ids, conversation_ids, data,
    data_as, date, first_error_code, get, graphql, graphql_as, graphql_with_headers, instant, list, midnight, num,
    rank_bucket, snapshot, strs, text, token_of_role,
};

// ---------------------------------------------------------------- helpers

/// The fleet's sums over `from..=to`.
fn fleet(d: &Dataset, from: NaiveDate, to: NaiveDate) -> Sums {
    Sums::of(d, |_| true, from, to)
}

/// Every day of `from..=to`.
fn days(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    (0..=(to - from).num_days()).map(|k| from + TimeDelta::days(k)).collect()
}

/// A relative change as the deltas show it: 4 decimals, null against 0.
fn assert_relative(shown: &Value, now: f64, before: f64, what: &str) {
    assert_decimals(shown, (before != 0.0).then(|| (now - before) / before), 4, what);
}

/// Seed prices, written out: USD per 1K tokens (input, output).
fn seed_price(model: &str) -> (f64, f64) {
    match model {
        "gpt-4o" => (0.005, 0.015),
        "gpt-4o-mini" => (0.00015, 0.0006),
        "gpt-3.5-turbo" => (0.0005, 0.0015),
        other => panic!("unknown model {other}"),
    }
}

/// The last day of the DAY or WEEK bucket starting on `start` (weeks end
/// on Sunday), within a range ending on `to`.
fn last_day_of(bucket: &str, start: NaiveDate, to: NaiveDate) -> NaiveDate {
    match bucket {
        "DAY" => start,
        _ => (start + TimeDelta::days(6 - start.weekday().num_days_from_monday() as i64)).min(to),
    }
}

/// Day buckets `[start, end)` from midnights; the anchor's day is partial.
fn assert_day_bucket(bucket: &Value, day: NaiveDate, what: &str) {
    assert_eq!(instant(&bucket["start"]), midnight(day), "{what}");
    assert_eq!(instant(&bucket["end"]), midnight(day) + TimeDelta::days(1), "{what}");
    assert_eq!(bucket["partial"], json!(day == date(ANCHOR_DAY)), "{what}: partial");
}

/// Every screen's query, as its test sends it: for running them all
/// against other datasets (`scenarios`: the empty workspace answers each
/// without an error). Inline queries of the models and viewer tests are
/// restated at the end.
pub(crate) fn screen_queries() -> Vec<(&'static str, String)> {
    vec![
        ("overview", OVERVIEW.into()),
        ("cost by model over time", COST_BY_MODEL_OVER_TIME.into()),
        ("tokens", TOKENS.into()),
        ("latency bands", LATENCY_BANDS.into()),
        ("volume", VOLUME.into()),
        ("top models", TOP_MODELS.into()),
        ("leaderboard", LEADERBOARD.into()),
        ("agent detail", agent_detail_query()),
        ("explorer", EXPLORER.into()),
        ("transcript", TRANSCRIPT.into()),
        ("traces", TRACE_KPIS.into()),
        ("sentiment", SENTIMENT.into()),
        ("errors", ERRORS.into()),
        ("sessions", SESSIONS.into()),
        ("audit feed", AUDIT_FEED.into()),
        ("users and roles", USERS_AND_ROLES.into()),
        ("budget", BUDGET.into()),
        ("fleet", FLEET.into()),
        ("cost records", COSTS.into()),
        ("node", NODE.into()),
        (
            "models",
            r#"{ models { id name provider inputPricePer1K outputPricePer1K agents { nodes { name model } } }
             gpt4o: model(id: "gpt-4o") { id name } unknown: model(id: "gpt-5") { id } }"#
                .into(),
        ),
        ("viewer", "{ viewer { id name email role } }".into()),
    ]
}

// ---------------------------------------------------------------- 1. overview KPIs

const OVERVIEW: &str = r#"
query Overview($range: DateRange) {
  analytics {
    kpis(range: $range) {
      range { from to days }
      agentsWithTraffic
      agentsWithStatusActive
      sampledConversations
      totalConversations
      errorRate
      totalCost
      totalTokens
      latency { p50 p95 }
      previous {
        range { from to days }
        agentsWithTraffic
        totalConversations
        errorRate
        totalCost
        totalTokens
        latency { p50 p95 }
      }
      deltas { totalConversations agentsWithTraffic errorRate totalCost totalTokens p50Latency p95Latency }
    }
  }
}"#;

/// Screen 1: KPI tiles for a range, each with the previous period and its delta.
#[tokio::test]
async fn overview_kpis() {
    let snap = snapshot();
    let d = &snap.dataset;
    let cases = [
        (json!({ "lastDays": 7 }), ("2025-01-13", ANCHOR_DAY), ("2025-01-06", "2025-01-12")),
        (
            json!({ "from": "2025-01-01", "to": "2025-01-10" }),
            ("2025-01-01", "2025-01-10"),
            ("2024-12-22", "2024-12-31"),
        ),
        (json!(null), (FIRST_DAY, ANCHOR_DAY), ("2024-11-21", "2024-12-20")),
    ];
    let mut snap_out = Vec::new();
    for (range, (from, to), (before_from, before_to)) in cases {
        let answer = data(OVERVIEW, json!({ "range": range })).await;
        let k = &answer["analytics"]["kpis"];
        for (figures, (from, to)) in [(k, (from, to)), (&k["previous"], (before_from, before_to))] {
            let what = format!("kpis {from}..={to}");
            let (from, to) = (date(from), date(to));
            let s = fleet(d, from, to);
            assert_eq!(
                figures["range"],
                json!({ "from": from.to_string(), "to": to.to_string(), "days": (to - from).num_days() + 1 })
            );
            assert_count(&figures["agentsWithTraffic"], s.agents_with_traffic.len() as u64, &what);
            if let Some(active) = figures.get("agentsWithStatusActive") {
                // A status, now: not the agents with traffic in the range.
                let now = d.agents.iter().filter(|a| a.status == AgentStatus::Active && a.deleted_at.is_none()).count();
                assert_count(active, now as u64, &what);
            }
            if let Some(sampled) = figures.get("sampledConversations") {
                let records = d
                    .conversations
                    .iter()
                    .filter(|c| c.started_at >= midnight(from) && c.started_at < midnight(to) + TimeDelta::days(1))
                    .count();
                assert_count(sampled, records as u64, &what);
            }
            assert_summary(
                figures,
                &s,
                &["range", "agentsWithTraffic", "agentsWithStatusActive", "sampledConversations", "previous", "deltas"],
                &what,
            );
        }
        // Deltas: relative for counts, cost, tokens and latency; rate points for the error rate.
        let (now, before) = (fleet(d, date(from), date(to)), fleet(d, date(before_from), date(before_to)));
        let deltas = &k["deltas"];
        let what = format!("deltas {from}..={to}");
        assert_relative(&deltas["totalConversations"], now.conversations as f64, before.conversations as f64, &what);
        assert_relative(
            &deltas["agentsWithTraffic"],
            now.agents_with_traffic.len() as f64,
            before.agents_with_traffic.len() as f64,
            &what,
        );
        assert_relative(&deltas["totalCost"], now.cost_micros as f64, before.cost_micros as f64, &what);
        assert_relative(
            &deltas["totalTokens"],
            (now.input + now.output) as f64,
            (before.input + before.output) as f64,
            &what,
        );
        let error_rate = |s: &Sums| Sums::share(s.failed(), s.conversations);
        match (error_rate(&now), error_rate(&before)) {
            (Some(n), Some(b)) => assert_decimals(&deltas["errorRate"], Some(n - b), 4, &what),
            _ => assert!(deltas["errorRate"].is_null(), "{what}"),
        }
        // Percentile deltas from the shown percentiles (each within 0.05 ms of the exact value).
        for (field, p) in [("p50Latency", "p50"), ("p95Latency", "p95")] {
            match (k["latency"][p].as_f64(), k["previous"]["latency"][p].as_f64()) {
                (Some(n), Some(b)) => assert!((num(&deltas[field]) - (n - b) / b).abs() < 2e-4, "{what} {field}"),
                _ => assert!(deltas[field].is_null(), "{what} {field}"),
            }
        }
        snap_out.push(answer);
    }
    // The whole window's previous period lies before the data: zeros and nulls, every delta null.
    let whole = &snap_out[2]["analytics"]["kpis"];
    assert_eq!(whole["previous"]["totalConversations"], 0);
    assert_eq!(whole["previous"]["latency"], json!({ "p50": null, "p95": null }));
    assert!(whole["deltas"].as_object().unwrap().values().all(Value::is_null), "{}", whole["deltas"]);
    // Concrete tiles for the last 7 days.
    let week = &snap_out[0]["analytics"]["kpis"];
    assert_eq!((week["totalConversations"].clone(), week["agentsWithTraffic"].clone()), (json!(4695), json!(17)));
    assert_eq!(week["previous"]["totalConversations"], 5313);
    insta::assert_json_snapshot!("overview_kpis", snap_out[0]);
}

// ---------------------------------------------------------------- 2. cost over time by model

const COST_BY_MODEL_OVER_TIME: &str = r#"
query CostByModelOverTime($range: DateRange, $bucket: TimeBucket!) {
  analytics {
    breakdown(by: MODEL, range: $range, orderBy: { measure: COST }) {
      model
      agentCount
      share
      summary { totalCost }
      series(bucket: $bucket) { start end partial summary { totalCost } }
    }
  }
}"#;

/// Screen 2: cost over time stacked by model, in day and week buckets.
#[tokio::test]
async fn cost_over_time_by_model() {
    let snap = snapshot();
    let d = &snap.dataset;
    let on = |model: Model| move |a: u32| d.agents[a as usize].model == model;
    for (range, from, bucket) in [
        (json!(null), FIRST_DAY, "DAY"),
        (json!(null), FIRST_DAY, "WEEK"),
        (json!({ "lastDays": 14 }), "2025-01-06", "WEEK"),
    ] {
        let (from, to) = (date(from), date(ANCHOR_DAY));
        let answer = data(COST_BY_MODEL_OVER_TIME, json!({ "range": range, "bucket": bucket })).await;
        let rows = list(&answer["analytics"]["breakdown"]);
        let total = fleet(d, from, to).cost_micros;
        assert_eq!(rows.len(), 3, "every model has agents");
        let mut stacked: BTreeMap<String, i64> = BTreeMap::new();
        let mut previous = i64::MAX;
        for row in rows {
            let model = Model::from_id(&text(&row["model"])).expect("a model");
            let what = format!("{} by {bucket}", model.id());
            let s = Sums::of(d, on(model), from, to);
            assert_usd(&row["summary"]["totalCost"], s.cost_micros, &what);
            assert!(s.cost_micros <= previous, "{what}: ordered by cost, highest first");
            previous = s.cost_micros;
            assert_count(&row["agentCount"], d.agents.iter().filter(|a| a.model == model).count() as u64, &what);
            assert_decimals(&row["share"], Some(s.cost_micros as f64 / total as f64), 4, &what);
            let series = list(&row["series"]);
            assert_eq!(instant(&series[0]["start"]), midnight(from), "{what}: the series starts the range");
            assert_eq!(series.last().unwrap()["partial"], true, "{what}: the anchor's bucket is partial");
            let mut sum = 0;
            for (i, bucket_value) in series.iter().enumerate() {
                let (start, end) = (instant(&bucket_value["start"]), instant(&bucket_value["end"]));
                if i > 0 {
                    assert_eq!(series[i - 1]["end"], bucket_value["start"], "{what}: contiguous");
                    if bucket == "WEEK" {
                        assert_eq!(start.weekday(), Weekday::Mon, "{what}: weeks start on Monday");
                    }
                }
                let last = (end - TimeDelta::days(1)).date_naive().min(to);
                let cost = Sums::of(d, on(model), start.date_naive(), last).cost_micros;
                assert_usd(&bucket_value["summary"]["totalCost"], cost, &format!("{what} from {start}"));
                sum += cost;
                *stacked.entry(text(&bucket_value["start"])).or_default() += cost;
            }
            assert_eq!(sum, s.cost_micros, "{what}: the buckets add up to the row");
        }
        // Stacked, the models are the fleet's cost of each bucket.
        for (start, cost) in stacked {
            let start = instant(&json!(start)).date_naive();
            let last = last_day_of(bucket, start, to);
            assert_eq!(cost, fleet(d, start, last).cost_micros, "{bucket} from {start}");
        }
        if bucket == "DAY" {
            assert_eq!(list(&rows[0]["series"]).len(), 30);
            insta::assert_json_snapshot!("cost_over_time_by_model", rows.iter().map(|r| json!({ "model": r["model"], "summary": r["summary"], "share": r["share"], "firstDays": list(&r["series"])[..3] })).collect::<Vec<_>>());
        }
    }
}

// ---------------------------------------------------------------- 3. token usage

const TOKENS: &str = r#"
query TokenUsage($range: DateRange, $bucket: TimeBucket!) {
  analytics {
    telemetry(bucket: $bucket, range: $range) {
      start end partial
      summary { inputTokens outputTokens totalTokens }
    }
  }
}"#;

/// Screen 3: token usage over time, input and output apart.
#[tokio::test]
async fn token_usage_over_time() {
    let snap = snapshot();
    let d = &snap.dataset;
    let whole = fleet(d, date(FIRST_DAY), date(ANCHOR_DAY));
    for bucket in ["DAY", "WEEK"] {
        let answer = data(TOKENS, json!({ "bucket": bucket })).await;
        let series = list(&answer["analytics"]["telemetry"]);
        let (mut input, mut output) = (0, 0);
        for b in series {
            let (start, end) = (instant(&b["start"]).date_naive(), instant(&b["end"]).date_naive());
            let s = fleet(d, start, (end - TimeDelta::days(1)).min(date(ANCHOR_DAY)));
            assert_summary(&b["summary"], &s, &[], &format!("tokens {bucket} from {start}"));
            let ratio = s.output as f64 / s.input as f64;
            assert!((1.4..=1.6).contains(&ratio), "{bucket} from {start}: output/input {ratio}");
            input += s.input;
            output += s.output;
        }
        assert_eq!((input, output), (whole.input, whole.output), "{bucket}: the buckets add up");
        if bucket == "DAY" {
            assert_eq!(series.len(), 30);
            for (b, day) in series.iter().zip(days(date(FIRST_DAY), date(ANCHOR_DAY))) {
                assert_day_bucket(b, day, "tokens");
            }
        } else {
            assert_eq!(
                strs(&answer["analytics"]["telemetry"], "start"),
                [
                    "2024-12-21T00:00:00Z",
                    "2024-12-23T00:00:00Z",
                    "2024-12-30T00:00:00Z",
                    "2025-01-06T00:00:00Z",
                    "2025-01-13T00:00:00Z"
                ]
            );
            insta::assert_json_snapshot!("token_usage_by_week", answer);
        }
    }
}

// ---------------------------------------------------------------- 4. latency bands

const LATENCY_BANDS: &str = r#"
query LatencyBands($range: DateRange) {
  analytics {
    latencyPercentiles(range: $range) { count mean min p50 p75 p90 p95 p99 max resolution }
    telemetry(bucket: DAY, range: $range) {
      start
      summary { avgResponseTime latency { count mean p50 p75 p90 p95 p99 max resolution } }
    }
  }
}"#;

/// Screen 4: latency percentile bands per day (p50 to max), from the
/// merged histograms: each within one bucket (4.4%) of the exact
/// nearest-rank value; the bands separate (a long tail).
#[tokio::test]
async fn latency_percentile_bands() {
    let snap = snapshot();
    let d = &snap.dataset;
    let answer = data(LATENCY_BANDS, json!({ "range": { "lastDays": 14 } })).await;
    let (from, to) = (date("2025-01-06"), date(ANCHOR_DAY));
    let s = fleet(d, from, to);
    let whole = &answer["analytics"]["latencyPercentiles"];
    assert_distribution(whole, &s.latency, LATENCY, s.latency_sum, "14 days");
    assert_eq!(whole["resolution"], 0.0443);
    // A long tail: p99 well above p95, the slowest reply well above p99.
    let (p95, p99, max) = (num(&whole["p95"]), num(&whole["p99"]), num(&whole["max"]));
    assert!(p99 >= 1.25 * p95 && max >= 3.0 * p99, "p95 {p95}, p99 {p99}, max {max}");
    let series = list(&answer["analytics"]["telemetry"]);
    assert_eq!(series.len(), 14);
    for (b, day) in series.iter().zip(days(from, to)) {
        let what = format!("latency on {day}");
        let s = fleet(d, day, day);
        assert_summary(&b["summary"], &s, &[], &what);
        let l = &b["summary"]["latency"];
        let bands: Vec<f64> = ["p50", "p75", "p90", "p95", "p99", "max"].iter().map(|p| num(&l[*p])).collect();
        assert!(bands.windows(2).all(|w| w[0] < w[1]), "{what}: bands separate: {bands:?}");
        // A day's p99 and max are not one bucket (issue 7: no p95 = p99 = max).
        assert_ne!(rank_bucket(&s.latency, 0.99), rank_bucket(&s.latency, 1.0), "{what}");
    }
    insta::assert_json_snapshot!("latency_bands", json!({ "whole": whole, "lastDay": series[13] }));
}

// ---------------------------------------------------------------- 5. volume by outcome

const VOLUME: &str = r#"
query VolumeByOutcome($hours: DateRange, $days: DateRange) {
  analytics {
    hourly: telemetry(bucket: HOUR, range: $hours) {
      start end partial totalConversations succeeded failed successRate errorRate summary { totalCost }
    }
    daily: telemetry(bucket: DAY, range: $days) { start end partial totalConversations succeeded failed errorRate }
  }
}"#;

/// Screen 5: volume by outcome over time, as integers, by hour and by day;
/// hours after the anchor are absent.
#[tokio::test]
async fn volume_by_outcome() {
    let snap = snapshot();
    let d = &snap.dataset;
    let answer = data(VOLUME, json!({ "hours": { "lastDays": 2 }, "days": null })).await;
    let hourly = list(&answer["analytics"]["hourly"]);
    // Yesterday's 24 hours and today's 14 up to the anchor (14:00).
    assert_eq!(hourly.len(), 24 + 14);
    assert_eq!(hourly.last().unwrap()["end"], ANCHOR);
    for (i, b) in hourly.iter().enumerate() {
        let start = midnight(date("2025-01-18")) + TimeDelta::hours(i as i64);
        assert_eq!((instant(&b["start"]), instant(&b["end"])), (start, start + TimeDelta::hours(1)));
        assert_eq!(b["partial"], false, "the anchor is on the hour");
        let s = fleet(d, start.date_naive(), start.date_naive());
        let hour = i % 24;
        let what = format!("hour {start}");
        assert_count(&b["totalConversations"], s.hourly[hour], &what);
        assert_count(&b["failed"], s.hourly_failed[hour], &what);
        assert_count(&b["succeeded"], s.hourly[hour] - s.hourly_failed[hour], &what);
        assert_rate(&b["successRate"], s.hourly[hour] - s.hourly_failed[hour], s.hourly[hour], &what);
        assert_rate(&b["errorRate"], s.hourly_failed[hour], s.hourly[hour], &what);
        // An hour has its share of the day's cost (a day's hours add up to
        // it: `analytics::the_hours_of_a_day_add_up_to_the_day`).
        let cost = num(&b["summary"]["totalCost"]);
        assert!(
            cost >= 0.0 && (cost > 0.0) == (s.hourly[hour] > 0),
            "{what}: {cost} for {} conversations",
            s.hourly[hour]
        );
    }
    let daily = list(&answer["analytics"]["daily"]);
    assert_eq!(daily.len(), 30);
    for (b, day) in daily.iter().zip(days(date(FIRST_DAY), date(ANCHOR_DAY))) {
        assert_day_bucket(b, day, "volume");
        let s = fleet(d, day, day);
        assert_count(&b["totalConversations"], s.conversations, &format!("{day}"));
        assert_count(&b["succeeded"], s.succeeded, &format!("{day}"));
        assert_count(&b["failed"], s.errors.iter().sum(), &format!("{day}: failures are the errors"));
        assert_rate(&b["errorRate"], s.failed(), s.conversations, &format!("{day}"));
    }
    // The hours of a day add up to its day bucket.
    let yesterday: u64 = hourly[..24].iter().map(|b| b["totalConversations"].as_u64().unwrap()).sum();
    assert_eq!(json!(yesterday), daily[28]["totalConversations"]);
    insta::assert_json_snapshot!("volume_by_outcome", json!({ "today": &hourly[24..], "lastDays": &daily[27..] }));
}

// ---------------------------------------------------------------- 6. top models

const TOP_MODELS: &str = r#"
query TopModels($range: DateRange) {
  analytics {
    costByModel(range: $range) {
      model modelInfo { name inputPricePer1K outputPricePer1K } totalCost inputTokens outputTokens records agents share
    }
    byTokens: breakdown(by: MODEL, range: $range, orderBy: { measure: TOKENS }) {
      model share summary { totalTokens totalCost }
    }
  }
}"#;

/// Screen 6: the models by cost and by tokens.
#[tokio::test]
async fn top_models_by_cost_and_tokens() {
    let snap = snapshot();
    let d = &snap.dataset;
    let (from, to) = (date("2025-01-06"), date(ANCHOR_DAY));
    let answer = data(TOP_MODELS, json!({ "range": { "lastDays": 14 } })).await;
    let by_cost = list(&answer["analytics"]["costByModel"]);
    // Highest cost first, as every order by a measure.
    let costs: Vec<f64> = by_cost.iter().map(|row| num(&row["totalCost"])).collect();
    assert!(costs.windows(2).all(|w| w[0] >= w[1]), "highest cost first: {costs:?}");
    assert_eq!(strs(&answer["analytics"]["costByModel"], "model"), ["gpt-4o", "gpt-3.5-turbo", "gpt-4o-mini"]);
    let total = fleet(d, from, to);
    let mut cost = 0;
    for row in by_cost {
        let model = text(&row["model"]);
        let s = Sums::of(d, |a| d.agents[a as usize].model.id() == model, from, to);
        let agents = d.agents.iter().filter(|a| a.model.id() == model).count() as u64;
        assert_usd(&row["totalCost"], s.cost_micros, &model);
        assert_eq!((num(&row["inputTokens"]), num(&row["outputTokens"])), (s.input as f64, s.output as f64), "{model}");
        assert_count(&row["records"], agents * 14, &model);
        assert_count(&row["agents"], agents, &model);
        let (input, output) = seed_price(&model);
        assert_eq!(
            (num(&row["modelInfo"]["inputPricePer1K"]), num(&row["modelInfo"]["outputPricePer1K"])),
            (input, output)
        );
        cost += s.cost_micros;
        assert_decimals(&row["share"], Some(s.cost_micros as f64 / total.cost_micros as f64), 4, &model);
    }
    assert_eq!(cost, total.cost_micros, "the models add up to the fleet");
    // By tokens, highest first, with shares of the fleet's tokens.
    let by_tokens = list(&answer["analytics"]["byTokens"]);
    let tokens: Vec<u64> = by_tokens
        .iter()
        .map(|row| {
            let model = text(&row["model"]);
            let s = Sums::of(d, |a| d.agents[a as usize].model.id() == model, from, to);
            assert_summary(&row["summary"], &s, &[], &model);
            assert_decimals(
                &row["share"],
                Some((s.input + s.output) as f64 / (total.input + total.output) as f64),
                4,
                &model,
            );
            s.input + s.output
        })
        .collect();
    assert!(tokens.windows(2).all(|w| w[0] >= w[1]), "{tokens:?}");
    // gpt-4o is the most expensive model by far, though not the one with the most tokens.
    let most_expensive = by_cost.iter().max_by(|a, b| num(&a["totalCost"]).total_cmp(&num(&b["totalCost"]))).unwrap();
    assert_eq!(most_expensive["model"], "gpt-4o");
    insta::assert_json_snapshot!("top_models", answer);
}

// ---------------------------------------------------------------- 7. leaderboard

const LEADERBOARD: &str = r#"
query Leaderboard($range: DateRange, $orderBy: AgentOrder, $filter: AgentFilter, $first: Int, $after: String) {
  agents(range: $range, orderBy: $orderBy, filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      rank
      node { id name status model createdBy { id } }
      summary {
        totalConversations failed successRate errorRate avgResponseTime totalCost totalTokens resolutionRate
        latency { p95 }
        sentiment { meanScore }
      }
    }
  }
}"#;

/// Walks every page of the leaderboard in pages of `first`: each agent with
/// its edge's `summary` (over the list's range), ranks checked to count on
/// across pages.
async fn leaderboard(vars: Value, first: usize) -> (Vec<Value>, i64) {
    let mut vars = vars;
    vars["first"] = json!(first);
    let mut nodes: Vec<Value> = Vec::new();
    loop {
        let answer = data(LEADERBOARD, vars.clone()).await;
        let connection = &answer["agents"];
        for edge in list(&connection["edges"]) {
            assert_eq!(edge["rank"], json!(nodes.len() + 1), "ranks count on across pages");
            let mut node = edge["node"].clone();
            node["summary"] = edge["summary"].clone();
            nodes.push(node);
        }
        if connection["pageInfo"]["hasNextPage"] != json!(true) {
            let total = connection["totalCount"].as_i64().expect("totalCount");
            assert!(nodes.len() as i64 == total, "the pages hold every agent once");
            return (nodes, total);
        }
        vars["after"] = connection["pageInfo"]["endCursor"].clone();
    }
}

/// Screen 7: the agent leaderboard over a range: every telemetry order,
/// both directions, paginated with totalCount; filters by status, model
/// and owner.
#[tokio::test]
async fn agent_leaderboard() {
    let snap = snapshot();
    let d = &snap.dataset;
    let range = json!({ "lastDays": 14 });
    let (from, to) = (date("2025-01-06"), date(ANCHOR_DAY));
    let sums: Vec<Sums> = (0..d.agents.len() as u32).map(|a| Sums::of(d, |x| x == a, from, to)).collect();
    // The measure of each order, computed here; `None` sorts last either way.
    type Key = fn(&Sums) -> Option<f64>;
    let orders: [(&str, Key); 10] = [
        ("COST", |s| Some(s.cost_micros as f64)),
        ("TOKENS", |s| Some((s.input + s.output) as f64)),
        ("CONVERSATIONS", |s| Some(s.conversations as f64)),
        ("FAILED", |s| Some(s.failed() as f64)),
        ("SUCCESS_RATE", Sums::success_rate),
        ("ERROR_RATE", |s| Sums::share(s.failed(), s.conversations)),
        ("AVG_RESPONSE_TIME", Sums::avg_response_time),
        ("SENTIMENT", Sums::sentiment_score),
        ("RESOLUTION_RATE", |s| Sums::share(s.resolved, s.conversations)),
        ("P95_LATENCY", |s| s.p95_bucket().map(f64::from)),
    ];
    let mut snap_out = BTreeMap::new();
    for (field, key) in orders {
        for direction in ["DESC", "ASC"] {
            let case = format!("{field} {direction}");
            let vars = json!({ "range": range, "orderBy": { "measure": field, "direction": direction } });
            let (nodes, total) = leaderboard(vars, 7).await;
            assert_eq!(total, 20, "{case}");
            let rows: Vec<usize> = nodes.iter().map(|n| agent_row(d, &n["id"])).collect();
            for (node, &row) in nodes.iter().zip(&rows) {
                assert_summary(&node["summary"], &sums[row], &[], &format!("{case}: {}", d.agents[row].name));
            }
            let keys: Vec<Option<f64>> = rows.iter().map(|&r| key(&sums[r])).collect();
            let with_value = keys.iter().take_while(|k| k.is_some()).count();
            assert!(keys[with_value..].iter().all(Option::is_none), "{case}: agents without traffic last");
            for pair in rows[..with_value].windows(2) {
                let (x, y) = (key(&sums[pair[0]]).unwrap(), key(&sums[pair[1]]).unwrap());
                let ordered = if direction == "DESC" { x >= y } else { x <= y };
                assert!(ordered, "{case}: {} ({x}) before {} ({y})", d.agents[pair[0]].name, d.agents[pair[1]].name);
                // Ties in agent (row) order; p95 ties within a bucket follow the shown values.
                if x == y && field != "P95_LATENCY" {
                    assert!(pair[0] < pair[1], "{case}: a tie in row order");
                }
            }
            if field == "P95_LATENCY" {
                let shown: Vec<f64> =
                    nodes[..with_value].iter().map(|n| num(&n["summary"]["latency"]["p95"])).collect();
                assert!(
                    shown.windows(2).all(|w| if direction == "DESC" { w[0] >= w[1] } else { w[0] <= w[1] }),
                    "{case}: {shown:?}"
                );
            }
            // Exactly the expected order for exact measures: sorted here, ties by row.
            if field != "P95_LATENCY" {
                let mut expected: Vec<usize> = (0..d.agents.len()).collect();
                expected.sort_by(|&a, &b| match (key(&sums[a]), key(&sums[b])) {
                    (Some(x), Some(y)) if direction == "DESC" => y.total_cmp(&x).then(a.cmp(&b)),
                    (Some(x), Some(y)) => x.total_cmp(&y).then(a.cmp(&b)),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => a.cmp(&b),
                });
                assert_eq!(rows, expected, "{case}");
            }
            snap_out.insert(case, nodes.iter().take(3).map(|n| n["name"].clone()).collect::<Vec<_>>());
        }
    }
    // The range is part of the order: over the last day, the paused error agents have no traffic.
    let (today, _) =
        leaderboard(json!({ "range": { "lastDays": 1 }, "orderBy": { "measure": "SUCCESS_RATE" } }), 20).await;
    let statuses: Vec<String> = today.iter().map(|n| text(&n["status"])).collect();
    assert!(
        statuses[..14].iter().all(|s| s == "ACTIVE") && statuses[14..].iter().all(|s| s != "ACTIVE"),
        "{statuses:?}"
    );

    // Filters by status, model and owner, with the range's orders.
    let owner =
        (0..d.users.len()).max_by_key(|&u| d.agents.iter().filter(|a| a.created_by as usize == u).count()).unwrap();
    let owner_id = d.users[owner].id.to_string();
    type Keep = Box<dyn Fn(&data::Agent) -> bool>;
    let filters: Vec<(&str, Value, Keep)> = vec![
        ("active", json!({ "status": ["ACTIVE"] }), Box::new(|a| a.status == AgentStatus::Active)),
        ("gpt-4o or mini", json!({ "model": ["gpt-4o", "gpt-4o-mini"] }), Box::new(|a| a.model != Model::Gpt35Turbo)),
        ("owner", json!({ "createdByIds": [owner_id] }), Box::new(move |a| a.created_by as usize == owner)),
        (
            "active gpt-4o-mini of the owner",
            json!({ "status": ["ACTIVE"], "model": ["gpt-4o-mini"], "createdByIds": [d.users[owner].id] }),
            Box::new(move |a| {
                a.status == AgentStatus::Active && a.model == Model::Gpt4oMini && a.created_by as usize == owner
            }),
        ),
    ];
    for (case, filter, keep) in filters {
        let vars = json!({ "range": range, "filter": filter, "orderBy": { "measure": "COST" } });
        let (nodes, total) = leaderboard(vars, 2).await;
        let mut expected: Vec<usize> = (0..d.agents.len()).filter(|&a| keep(&d.agents[a])).collect();
        expected.sort_by(|&a, &b| sums[b].cost_micros.cmp(&sums[a].cost_micros).then(a.cmp(&b)));
        assert!(!expected.is_empty() && expected.len() < 20, "{case}: the filter selects some");
        assert_eq!(total as usize, expected.len(), "{case}");
        assert_eq!(strs(&json!(nodes), "id"), agent_ids(d, &expected), "{case}");
    }
    let answer = graphql(LEADERBOARD, json!({ "filter": { "createdByIds": ["not-a-uuid"] } })).await;
    assert_eq!(first_error_code(&answer), "BAD_USER_INPUT", "{answer}");
    insta::assert_json_snapshot!("agent_leaderboard", snap_out);
}

/// The fleet list's non-telemetry orders and filters (the agents screen).
#[tokio::test]
async fn agent_list_orders_and_filters() {
    let snap = snapshot();
    let d = &snap.dataset;
    let query = "query($orderBy: AgentOrder, $filter: AgentFilter) { agents(first: 100, orderBy: $orderBy, filter: $filter) { totalCount nodes { id } } }";
    type Key = Box<dyn Fn(&data::Agent) -> (i64, String)>;
    let orders: Vec<(&str, Key)> = vec![
        ("CREATED_AT", Box::new(|a| (a.created_at.timestamp(), String::new()))),
        ("LAST_ACTIVE_AT", Box::new(|a| (a.last_active_at.timestamp(), String::new()))),
        ("STATUS", Box::new(|a| (AgentStatus::ALL.iter().position(|s| *s == a.status).unwrap() as i64, String::new()))),
        ("MODEL", Box::new(|a| (0, a.model.id().to_string()))),
    ];
    for (field, key) in orders {
        for direction in ["ASC", "DESC"] {
            let answer = data(query, json!({ "orderBy": { "field": field, "direction": direction } })).await;
            let mut expected: Vec<usize> = (0..d.agents.len()).collect();
            expected.sort_by(|&a, &b| key(&d.agents[a]).cmp(&key(&d.agents[b])).then(a.cmp(&b)));
            if direction == "DESC" {
                expected.reverse();
            }
            assert_eq!(strs(&answer["agents"]["nodes"], "id"), agent_ids(d, &expected), "{field} {direction}");
        }
    }
    // By name by default, in natural order ("Bot 9" before "Bot 10").
    let by_name = data(query, json!({})).await;
    assert_eq!(strs(&by_name["agents"]["nodes"], "id"), agent_ids(d, &agents_by_name(d, |_| true)));
    let midpoint = d.agents.iter().map(|a| a.created_at).min().unwrap()
        + (d.agents.iter().map(|a| a.created_at).max().unwrap() - d.agents.iter().map(|a| a.created_at).min().unwrap())
            / 2;
    type Keep = Box<dyn Fn(&data::Agent) -> bool>;
    let filters: Vec<(Value, Keep)> = vec![
        (
            json!({ "kind": ["CUSTOMER_SUPPORT", "MEETING_SCHEDULER"] }),
            Box::new(|a| matches!(a.kind.as_str(), "CUSTOMER_SUPPORT" | "MEETING_SCHEDULER")),
        ),
        (json!({ "search": "  BOT " }), Box::new(|a| a.name.to_lowercase().contains("bot"))),
        (json!({ "search": "zzz" }), Box::new(|_| false)),
        (
            json!({ "ids": [d.agents[0].id, d.agents[7].id] }),
            Box::new({
                let ids = [d.agents[0].id, d.agents[7].id];
                move |a| ids.contains(&a.id)
            }),
        ),
        (json!({ "createdAt": { "from": timestamp(midpoint) } }), Box::new(move |a| a.created_at >= midpoint)),
        (json!({ "createdAt": { "to": timestamp(midpoint) } }), Box::new(move |a| a.created_at < midpoint)),
    ];
    for (filter, keep) in filters {
        let answer = data(query, json!({ "filter": filter })).await;
        let expected = agents_by_name(d, keep);
        assert_eq!(answer["agents"]["totalCount"], expected.len(), "{filter}");
        assert_eq!(strs(&answer["agents"]["nodes"], "id"), agent_ids(d, &expected), "{filter}");
    }
    let answer = graphql(query, json!({ "filter": { "model": ["gpt-5"] } })).await;
    assert_eq!(first_error_code(&answer), "BAD_USER_INPUT", "{answer}");
}

// ---------------------------------------------------------------- 8. agent detail

fn agent_detail_query() -> String {
    format!(
        r#"
query AgentDetail($id: ID!, $range: DateRange, $after: String) {{
  agent(id: $id) {{
    id name kind description model status createdAt lastActiveAt
    config {{ temperature maxTokens systemPrompt promptVersion }}
    createdBy {{ id name }}
    metrics {{ totalConversations avgResponseTime successRate }}
    summary(range: $range) {{ {SUMMARY_FIELDS} }}
    dailyMetrics(range: $range) {{
      date partial conversations succeeded failed successRate errorRate avgResponseTime resolved messages replies
      errors {{ errorType count }} totalTokensInput totalTokensOutput hourly hourlyFailed
    }}
    costRecords(range: $range) {{ date inputTokens outputTokens totalCost model }}
    conversations(first: 5, after: $after) {{
      totalCount
      pageInfo {{ hasNextPage hasPreviousPage endCursor }}
      edges {{ cursor node {{ id startedAt outcome errorType }} }}
    }}
    statusHistory {{ status at reason automatic actor {{ id name }} }}
    statusReason
    incident {{ cause onset pausedAt dominantErrorType changedBy {{ id name }} }}
    auditLogs(first: 10) {{ totalCount nodes {{ id action createdAt actor {{ name }} details }} }}
  }}
}}"#
    )
}

/// Screen 8: the agent detail page of the declining error agent: its daily
/// points and cost records over a range (the summary is their sum),
/// recent conversations in cursor pages, and the status history with the
/// reason it is in error and the change that caused it. Read by an admin:
/// the system prompt is for admins and operators only.
#[tokio::test]
async fn agent_detail() {
    let snap = snapshot();
    let d = &snap.dataset;
    let row = d.agents.iter().position(|a| a.incident.as_ref().is_some_and(|i| i.changed_by.is_some())).unwrap();
    let agent = &d.agents[row];
    let incident = agent.incident.as_ref().unwrap();
    let (from, to) = (date("2025-01-06"), date(ANCHOR_DAY));
    let query = agent_detail_query();
    let admin = token_of_role(d, Role::Admin);
    let variables = json!({ "id": agent.id, "range": { "lastDays": 14 } });
    let answer = data_as(&admin, &query, variables.clone()).await;
    let a = &answer["agent"];
    assert_eq!(a["name"], agent.name.as_str());
    assert_eq!(a["status"], "ERROR");
    assert_eq!(a["lastActiveAt"], timestamp(agent.last_active_at));
    assert_eq!(
        a["config"],
        json!({ "temperature": agent.config.temperature, "maxTokens": agent.config.max_tokens, "systemPrompt": agent.config.system_prompt, "promptVersion": agent.config.prompt_version })
    );
    // An operator and an anonymous request (the default `--anonymous read`)
    // see the same page; a viewer gets everything but the prompt, which is
    // null with a FORBIDDEN error at its path.
    let operator = token_of_role(d, Role::Operator);
    assert_eq!(data_as(&operator, &query, variables.clone()).await, answer, "an operator's agent page");
    assert_eq!(data(&query, variables.clone()).await, answer, "an anonymous request's agent page");
    let mut without_prompt = answer.clone();
    without_prompt["agent"]["config"]["systemPrompt"] = Value::Null;
    let viewer = graphql_as(&token_of_role(d, Role::Viewer), &query, variables.clone()).await;
    assert_masked(&viewer, &[json!(["agent", "config", "systemPrompt"])]);
    assert_eq!(viewer["data"], without_prompt, "a viewer's agent page");
    assert_eq!(a["createdBy"]["id"], d.users[agent.created_by as usize].id.to_string());

    // The daily points: the stored rows, oldest first; the summary is their sum.
    let points = list(&a["dailyMetrics"]);
    assert_eq!(points.len(), 14);
    let mut from_points = Sums::default();
    for (p, day) in points.iter().zip(days(from, to)) {
        let r = d.grid_row(row as u32, d.window.day_of(day).unwrap());
        let (m, c) = (&d.daily_metrics[r], &d.cost_records[r]);
        let what = format!("{} on {day}", agent.name);
        assert_eq!(p["date"], day.to_string());
        assert_eq!(p["partial"], day == date(ANCHOR_DAY));
        let mut one = Sums::default();
        one.add(m, c);
        for field in ["succeeded", "resolved"] {
            assert_count(&p[field], if field == "succeeded" { one.succeeded } else { one.resolved }, &what);
        }
        assert_count(&p["conversations"], one.conversations, &what);
        assert_count(&p["failed"], one.failed(), &what);
        assert_count(&p["messages"], one.messages, &what);
        assert_count(&p["replies"], one.replies, &what);
        assert_rate(&p["successRate"], one.succeeded, one.conversations, &what);
        assert_rate(&p["errorRate"], one.failed(), one.conversations, &what);
        crate::support::assert_ms(&p["avgResponseTime"], one.latency_sum, one.replies, &what);
        assert_errors(&p["errors"], one.errors, &what);
        assert_eq!(p["hourly"], json!(m.hourly), "{what}");
        assert_eq!(p["hourlyFailed"], json!(m.hourly_failed), "{what}");
        assert_eq!(
            (p["totalTokensInput"].as_f64(), p["totalTokensOutput"].as_f64()),
            (Some(m.total_tokens_input as f64), Some(m.total_tokens_output as f64))
        );
        let cost = &list(&a["costRecords"])[points.iter().position(|x| x == p).unwrap()];
        assert_eq!((cost["date"].clone(), cost["model"].clone()), (p["date"].clone(), json!(agent.model.id())));
        assert_eq!(
            (cost["inputTokens"].clone(), cost["outputTokens"].clone()),
            (p["totalTokensInput"].clone(), p["totalTokensOutput"].clone())
        );
        assert_usd(&cost["totalCost"], c.cost_micros, &what);
        from_points.add(m, c);
    }
    assert_summary(&a["summary"], &from_points, &[], "summary over the range");
    assert_summary(&a["summary"], &Sums::of(d, |x| x == row as u32, from, to), &[], "summary over the range");
    // Paused: no traffic after the pause, and failures climbing before it.
    let paused = incident.failed_at.date_naive();
    for p in points.iter().filter(|p| date(&text(&p["date"])) > paused) {
        assert_eq!(p["conversations"], 0, "{p}");
    }
    let onset = incident.onset.date_naive();
    let rate =
        |day: NaiveDate| points.iter().find(|p| p["date"] == day.to_string()).map(|p| num(&p["successRate"])).unwrap();
    assert!(
        // The change's own day (failures climb from it, slowly at first)
        // or, when the range reaches back, the day before.
        rate(paused) < 0.85 && rate((onset - TimeDelta::days(1)).max(from)) > 0.9,
        "from {} to {}",
        rate((onset - TimeDelta::days(1)).max(from)),
        rate(paused)
    );
    // The summary over the window is the agent's metrics.
    let whole = Sums::of(d, |x| x == row as u32, date(FIRST_DAY), date(ANCHOR_DAY));
    assert_count(&a["metrics"]["totalConversations"], whole.conversations, "metrics");
    assert_rate(&a["metrics"]["successRate"], whole.succeeded, whole.conversations, "metrics");

    // Recent conversations, newest first, in cursor pages.
    let records: Vec<usize> =
        (0..d.conversations.len()).rev().filter(|&c| d.conversations[c].agent as usize == row).collect();
    assert!(records.len() > 5, "more than one page");
    let page = &a["conversations"];
    assert_eq!(page["totalCount"], records.len());
    assert_eq!(page["pageInfo"]["hasNextPage"], true);
    assert_eq!(page["pageInfo"]["hasPreviousPage"], false);
    let ids: Vec<String> = list(&page["edges"]).iter().map(|e| text(&e["node"]["id"])).collect();
    assert_eq!(ids, conversation_ids(d, &records[..5]));
    let next = data_as(
        &admin,
        &query,
        json!({ "id": agent.id, "range": { "lastDays": 14 }, "after": page["pageInfo"]["endCursor"] }),
    )
    .await;
    let ids: Vec<String> =
        list(&next["agent"]["conversations"]["edges"]).iter().map(|e| text(&e["node"]["id"])).collect();
    assert_eq!(ids, conversation_ids(d, &records[5..10.min(records.len())]));
    for e in list(&page["edges"]) {
        let c = d.conversations.iter().find(|c| c.id.to_string() == text(&e["node"]["id"])).unwrap();
        let (outcome, error) = match c.outcome {
            Outcome::Succeeded => ("SUCCEEDED", Value::Null),
            Outcome::Failed(e) => ("FAILED", json!(e.as_str())),
        };
        assert_eq!((e["node"]["outcome"].clone(), e["node"]["errorType"].clone()), (json!(outcome), error));
    }

    // The status history: created by its creator, then paused automatically.
    let history = list(&a["statusHistory"]);
    let creator = &d.users[agent.created_by as usize];
    assert_eq!(history.len(), 2, "{history:?}");
    assert_eq!(
        history[0],
        json!({ "status": "ACTIVE", "at": timestamp(agent.created_at), "reason": format!("Created by {}", creator.name), "automatic": false, "actor": { "id": creator.id, "name": creator.name } })
    );
    let pause = &history[1];
    assert_eq!(
        (pause["status"].clone(), pause["at"].clone(), pause["automatic"].clone(), pause["actor"].clone()),
        (json!("ERROR"), json!(timestamp(incident.failed_at)), json!(true), Value::Null)
    );
    assert_eq!(a["statusReason"], pause["reason"]);
    // The reason names the error, who changed what, and when.
    let changer = &d.users[incident.changed_by.unwrap() as usize];
    let reason = text(&a["statusReason"]);
    let error = incident.dominant.as_str();
    for part in [error.to_lowercase(), changer.name.clone(), timestamp(incident.onset)] {
        assert!(reason.contains(&part), "{reason:?} names {part}");
    }
    assert_eq!(
        a["incident"],
        json!({ "cause": if error == "CONTEXT_LENGTH_EXCEEDED" { "MAX_TOKENS_RAISED" } else { "TEMPERATURE_RAISED" }, "onset": timestamp(incident.onset), "pausedAt": timestamp(incident.failed_at), "dominantErrorType": error, "changedBy": { "id": changer.id, "name": changer.name } })
    );
    // The cause is in the agent's audit trail: a config change by that user at the onset.
    let entries: Vec<usize> = (0..d.audit_logs.len())
        .rev()
        .filter(|&l| d.audit_logs[l].target == Some(AuditTarget::Agent(row as u32)))
        .collect();
    assert_eq!(a["auditLogs"]["totalCount"], entries.len());
    assert_eq!(strs(&a["auditLogs"]["nodes"], "id"), audit_ids(d, &entries[..entries.len().min(10)]));
    let cause = list(&a["auditLogs"]["nodes"])
        .iter()
        .find(|n| n["action"] == "CONFIG_CHANGED" && n["createdAt"] == timestamp(incident.onset))
        .expect("the change");
    assert_eq!(cause["actor"]["name"], changer.name.as_str());
    let setting = if error == "CONTEXT_LENGTH_EXCEEDED" { "maxTokens" } else { "temperature" };
    assert_eq!(cause["details"]["setting"], setting);
    assert_eq!(
        num(&cause["details"]["to"]),
        if setting == "maxTokens" { agent.config.max_tokens as f64 } else { agent.config.temperature }
    );

    // Most failures since the onset are of the incident's error type.
    let since = Sums::of(d, |x| x == row as u32, onset, paused);
    assert!(since.errors[incident.dominant as usize] * 2 >= since.failed(), "{:?}", since.errors);
    insta::assert_json_snapshot!(
        "agent_detail",
        json!({ "agent": { "name": a["name"], "summary": a["summary"], "statusHistory": a["statusHistory"], "incident": a["incident"], "lastDays": &points[7..] } })
    );
}

/// The range argument of an agent's rows: both ends inclusive, clamped to
/// the window, `lastDays` ending with the anchor's day; bad ranges refused.
#[tokio::test]
async fn agent_detail_ranges() {
    let snap = snapshot();
    let d = &snap.dataset;
    let query = r#"query($id: ID!, $range: DateRange) {
        agent(id: $id) { dailyMetrics(range: $range) { date } costRecords(range: $range) { date } summary(range: $range) { totalConversations } }
    }"#;
    let id = d.agents[0].id;
    let dates = |answer: &Value| strs(&answer["agent"]["dailyMetrics"], "date");
    let answer = data(query, json!({ "id": id, "range": { "from": "2024-01-01", "to": "2024-12-22" } })).await;
    assert_eq!(dates(&answer), ["2024-12-21", "2024-12-22"], "clamped to the window");
    assert_eq!(answer["agent"]["costRecords"], answer["agent"]["dailyMetrics"]);
    let answer = data(query, json!({ "id": id, "range": { "from": "2025-01-18", "to": "2025-01-18" } })).await;
    assert_eq!(dates(&answer), ["2025-01-18"], "one day: from == to");
    let answer = data(query, json!({ "id": id, "range": { "lastDays": 3 } })).await;
    assert_eq!(dates(&answer), ["2025-01-17", "2025-01-18", "2025-01-19"], "the last days end with the anchor's");
    let answer = data(query, json!({ "id": id, "range": { "from": "2025-01-10" } })).await;
    assert_eq!(dates(&answer).len(), 10, "an open end is the window's");
    let answer = data(query, json!({ "id": id, "range": { "from": "2025-02-01", "to": "2025-02-05" } })).await;
    assert_eq!(dates(&answer), Vec::<String>::new(), "after the window: nothing");
    assert_eq!(answer["agent"]["summary"]["totalConversations"], 0);
    for bad in [
        json!({ "from": "2025-01-10", "to": "2025-01-01" }),
        json!({ "lastDays": 3, "from": "2025-01-01" }),
        json!({ "lastDays": 0 }),
        json!({ "from": "2025-02-01" }),
        json!({ "from": "19/01/2025" }),
    ] {
        let answer = graphql(query, json!({ "id": id, "range": bad })).await;
        assert_eq!(first_error_code(&answer), "BAD_USER_INPUT", "{bad}: {answer}");
    }
}

// ---------------------------------------------------------------- 9. conversation explorer

const EXPLORER: &str = r#"
query Explorer($filter: ConversationFilter, $orderBy: ConversationOrder, $first: Int = 100, $after: String) {
  conversations(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id title startedAt durationMs messageCount sentiment resolved channel complexity outcome errorType
      model cost avgResponseTime maxResponseTime thinkTimeMs inputTokens outputTokens totalTokens agent { name }
    }
  }
}"#;

/// Screen 9: the conversation explorer: every filter and every order,
/// in Relay pages with totalCount; each row's columns are its record's.
#[tokio::test]
async fn conversation_explorer() {
    let snap = snapshot();
    let d = &snap.dataset;
    let busiest = (0..d.agents.len())
        .max_by_key(|&a| (d.conversations.iter().filter(|c| c.agent as usize == a).count(), std::cmp::Reverse(a)))
        .unwrap();
    let (a1, a2) = (busiest, (busiest + 3) % d.agents.len());
    let (from, to) = (d.window.day_start(20), d.window.day_start(27));
    let median_cost = {
        let mut costs: Vec<i64> = d.conversations.iter().map(|c| c.cost_micros).collect();
        costs.sort_unstable();
        costs[costs.len() / 2]
    };
    type Keep<'a> = Box<dyn Fn(&data::Conversation) -> bool + 'a>;
    let cases: Vec<(&str, Value, Keep)> = vec![
        ("one agent", json!({ "agentIds": [d.agents[a1].id] }), Box::new(move |c| c.agent as usize == a1)),
        (
            "two agents",
            json!({ "agentIds": [d.agents[a1].id, d.agents[a2].id] }),
            Box::new(move |c| c.agent as usize == a1 || c.agent as usize == a2),
        ),
        ("model gpt-4o", json!({ "model": ["gpt-4o"] }), Box::new(|c| c.model == Model::Gpt4o)),
        ("failed", json!({ "outcome": ["FAILED"] }), Box::new(|c| c.outcome != Outcome::Succeeded)),
        ("succeeded", json!({ "outcome": ["SUCCEEDED"] }), Box::new(|c| c.outcome == Outcome::Succeeded)),
        (
            "timeouts and tool errors",
            json!({ "errorType": ["TIMEOUT", "TOOL_ERROR"] }),
            Box::new(|c| matches!(c.outcome, Outcome::Failed(data::ErrorType::Timeout | data::ErrorType::ToolError))),
        ),
        ("negative", json!({ "sentiment": ["NEGATIVE"] }), Box::new(|c| c.sentiment == Sentiment::Negative)),
        (
            "slack or teams",
            json!({ "channel": ["SLACK", "TEAMS"] }),
            Box::new(|c| matches!(c.channel.as_str(), "SLACK" | "TEAMS")),
        ),
        (
            "a week",
            json!({ "startedAt": { "from": timestamp(from), "to": timestamp(to) } }),
            Box::new(move |c| c.started_at >= from && c.started_at < to),
        ),
        (
            "the median cost or more",
            json!({ "minCost": median_cost as f64 / 1e6 }),
            Box::new(move |c| c.cost_micros >= median_cost),
        ),
        ("a cent or more", json!({ "minCost": 0.01 }), Box::new(|c| c.cost_micros >= 10_000)),
        ("slow", json!({ "minLatencyMs": 1500 }), Box::new(|c| c.avg_response_time >= 1500)),
        ("unresolved", json!({ "resolved": false }), Box::new(|c| !c.resolved)),
        ("complex", json!({ "complexity": ["COMPLEX"] }), Box::new(|c| c.complexity.as_str() == "COMPLEX")),
        ("search", json!({ "search": "  ACCESS " }), Box::new(|c| c.title.to_lowercase().contains("access"))),
        (
            "failed negative gpt-4o-mini since a date, slow",
            json!({ "outcome": ["FAILED"], "sentiment": ["NEGATIVE", "NEUTRAL"], "model": ["gpt-4o-mini", "gpt-3.5-turbo"], "startedAt": { "from": timestamp(from) }, "minLatencyMs": 900 }),
            Box::new(move |c| {
                c.outcome != Outcome::Succeeded
                    && c.sentiment != Sentiment::Positive
                    && c.model != Model::Gpt4o
                    && c.started_at >= from
                    && c.avg_response_time >= 900
            }),
        ),
        ("nothing", json!({ "search": "no such topic anywhere" }), Box::new(|_| false)),
    ];
    let mut snap_out = BTreeMap::new();
    for (case, filter, keep) in cases {
        let expected: Vec<usize> = (0..d.conversations.len()).rev().filter(|&c| keep(&d.conversations[c])).collect();
        let (nodes, total) = all_nodes(EXPLORER, "conversations", json!({ "filter": filter, "first": 37 })).await;
        assert_eq!(total as usize, expected.len(), "{case}");
        assert_eq!(nodes.iter().map(|n| text(&n["id"])).collect::<Vec<_>>(), conversation_ids(d, &expected), "{case}");
        if case != "nothing" {
            assert!(!expected.is_empty() && expected.len() < 500, "{case} selects some");
        }
        snap_out.insert(case, json!({ "totalCount": total, "newest": nodes.first().map(|n| &n["title"]) }));
    }
    // Each row's columns are its record's.
    let (nodes, _) = all_nodes(EXPLORER, "conversations", json!({})).await;
    for (node, c) in nodes.iter().zip(d.conversations.iter().rev()) {
        assert_eq!(node["id"], c.id.to_string());
        let what = format!("conversation {}", c.id);
        assert_eq!(node["title"], c.title.as_str());
        // Milliseconds and tokens are Floats, as everywhere.
        assert_eq!(node["durationMs"], json!(c.duration_ms() as f64));
        assert_eq!(node["thinkTimeMs"], json!(c.think_ms as f64));
        assert_eq!(node["maxResponseTime"], json!(c.reply_latencies_ms.iter().max().map(|&l| l as f64)));
        assert_eq!(node["avgResponseTime"], json!(c.avg_response_time as f64));
        assert_eq!(node["totalTokens"].as_f64(), Some(c.input_tokens as f64 + c.output_tokens as f64));
        assert_eq!(node["model"], c.model.id());
        assert_eq!(node["agent"]["name"], d.agents[c.agent as usize].name.as_str());
        // The cost is the seed's formula on the record's tokens, exact to the micro-dollar.
        let (input, output) = seed_price(c.model.id());
        let exact = c.input_tokens as f64 / 1000.0 * input + c.output_tokens as f64 / 1000.0 * output;
        assert!((num(&node["cost"]) - exact).abs() <= 0.5e-6 + 1e-12, "{what}: {} vs {exact}", node["cost"]);
        assert_usd(&node["cost"], c.cost_micros, &what);
    }
    // Every order, both directions: every record once, keys in order. A
    // column's ties follow the start (reversed with it); a measure's ties
    // come oldest first either way, as every measure order's.
    type Key = fn(&data::Conversation) -> i64;
    let orders: [(&str, &str, Key); 6] = [
        ("field", "STARTED_AT", |c| c.started_at.timestamp_millis()),
        ("field", "MESSAGE_COUNT", |c| c.message_count as i64),
        ("measure", "COST", |c| c.cost_micros),
        ("measure", "AVG_RESPONSE_TIME", |c| c.avg_response_time as i64),
        ("measure", "AVG_DURATION", |c| c.duration_ms()),
        ("measure", "TOKENS", |c| c.input_tokens as i64 + c.output_tokens as i64),
    ];
    for (by, field, key) in orders {
        for direction in ["ASC", "DESC"] {
            let case = format!("{field} {direction}");
            let (nodes, total) = all_nodes(
                EXPLORER,
                "conversations",
                json!({ "orderBy": { by: field, "direction": direction }, "first": 100 }),
            )
            .await;
            assert_eq!(total, 500, "{case}");
            let mut expected: Vec<usize> = (0..d.conversations.len()).collect();
            let k = |r: usize| key(&d.conversations[r]);
            match (by, direction) {
                ("measure", "DESC") => expected.sort_by(|&a, &b| k(b).cmp(&k(a)).then(a.cmp(&b))),
                (_, "DESC") => expected.sort_by_key(|&a| std::cmp::Reverse((k(a), a))),
                _ => expected.sort_by_key(|&r| (k(r), r)),
            }
            assert_eq!(
                nodes.iter().map(|n| text(&n["id"])).collect::<Vec<_>>(),
                conversation_ids(d, &expected),
                "{case}"
            );
            snap_out.insert(
                Box::leak(case.into_boxed_str()),
                json!({ "first": nodes[0]["title"], "firstId": nodes[0]["id"] }),
            );
        }
    }
    // A filter and an order together: the costliest failures.
    let answer =
        data(EXPLORER, json!({ "filter": { "outcome": ["FAILED"] }, "orderBy": { "measure": "COST" }, "first": 3 }))
            .await;
    let mut failed: Vec<usize> =
        (0..d.conversations.len()).filter(|&r| d.conversations[r].outcome != Outcome::Succeeded).collect();
    failed.sort_by_key(|&r| (std::cmp::Reverse(d.conversations[r].cost_micros), r));
    assert_eq!(strs(&answer["conversations"]["nodes"], "id"), conversation_ids(d, &failed[..3]));
    assert_eq!(answer["conversations"]["pageInfo"]["hasNextPage"], true);
    for bad in [
        json!({ "agentIds": ["123"] }),
        json!({ "minCost": -1 }),
        json!({ "minLatencyMs": -5 }),
        json!({ "model": ["claude"] }),
    ] {
        let answer = graphql(EXPLORER, json!({ "filter": bad })).await;
        assert_eq!(first_error_code(&answer), "BAD_USER_INPUT", "{bad}: {answer}");
    }
    insta::assert_json_snapshot!("conversation_explorer", snap_out);
}

const TRANSCRIPT: &str = r#"
query Transcript($id: ID!) {
  conversation(id: $id) {
    id title agentId agent { id name } channel complexity sentiment resolved outcome errorType endUserId
    startedAt endedAt durationMs messageCount avgResponseTime thinkTimeMs inputTokens outputTokens cost
    messages { index role content createdAt contentTokens latencyMs inputTokens outputTokens }
  }
}"#;

/// The conversation page: its transcript adds up to the record: one
/// message per count, the first at the start, each reply its latency after
/// the user's message, the last at the end; the replies' tokens sum to the
/// conversation's.
#[tokio::test]
async fn conversation_transcripts() {
    let snap = snapshot();
    let d = &snap.dataset;
    let mut distinct = BTreeSet::new();
    let mut total_messages = 0;
    for c in d.conversations.iter().step_by(7) {
        let answer = data(TRANSCRIPT, json!({ "id": c.id })).await;
        let conversation = &answer["conversation"];
        let messages = list(&conversation["messages"]);
        let id = c.id;
        assert_eq!(messages.len(), c.message_count as usize, "{id}: messageCount");
        assert_eq!(messages[0]["createdAt"], timestamp(c.started_at), "{id}: the first message at startedAt");
        assert_eq!(messages.last().unwrap()["createdAt"], timestamp(c.ended_at), "{id}: the last message at endedAt");
        let (mut input, mut output, mut latencies) = (0, 0, Vec::new());
        for (i, m) in messages.iter().enumerate() {
            assert_eq!(m["index"], i, "{id}");
            let role = if i % 2 == 0 { "USER" } else { "ASSISTANT" };
            assert_eq!(m["role"], role, "{id}: message {i} alternates, starting with the end user");
            assert!(
                !text(&m["content"]).trim().is_empty() && m["contentTokens"].as_f64().unwrap() > 0.0,
                "{id}: message {i}"
            );
            if role == "ASSISTANT" {
                let latency = m["latencyMs"].as_f64().unwrap() as i64;
                latencies.push(latency as u32);
                // Reply times are second-precise in the API: the reply is within a second of
                // the user's message plus its latency.
                let expected = instant(&messages[i - 1]["createdAt"]) + TimeDelta::milliseconds(latency);
                assert!((instant(&m["createdAt"]) - expected).num_milliseconds().abs() < 1000, "{id}: reply {i}");
                input += m["inputTokens"].as_f64().unwrap() as u64;
                output += m["outputTokens"].as_f64().unwrap() as u64;
            } else {
                assert!(
                    m["latencyMs"].is_null() && m["inputTokens"].is_null() && m["outputTokens"].is_null(),
                    "{id}: {m}"
                );
                if i > 0 {
                    assert!(
                        instant(&m["createdAt"]) >= instant(&messages[i - 1]["createdAt"]),
                        "{id}: message {i} in time order"
                    );
                }
            }
            distinct.insert(text(&m["content"]));
            total_messages += 1;
        }
        assert_eq!(latencies, c.reply_latencies_ms.to_vec(), "{id}: the replies' latencies are the record's");
        assert_eq!((input, output), (c.input_tokens as u64, c.output_tokens as u64), "{id}: tokens add up");
        assert_eq!(conversation["durationMs"], json!(c.duration_ms() as f64));
        assert_eq!(conversation["agentId"], conversation["agent"]["id"]);
        let end_user = text(&conversation["endUserId"]);
        assert!(
            end_user.len() == 17
                && end_user.starts_with("anon-")
                && end_user[5..].chars().all(|ch| ch.is_ascii_hexdigit())
        );
    }
    assert!(total_messages > 600, "{total_messages} messages read");
    assert!(distinct.len() * 100 >= total_messages * 30, "{} distinct of {total_messages} messages", distinct.len());
    let newest = data(TRANSCRIPT, json!({ "id": d.conversations.last().unwrap().id })).await;
    insta::assert_json_snapshot!("conversation_transcript", newest);
}

// ---------------------------------------------------------------- traces and feedback

const TRACES: &str = r#"
query Traces($id: ID!) {
  conversation(id: $id) {
    id errorType cost
    endUser { id conversationCount firstSeenAt lastSeenAt conversations(first: 100) { id startedAt } }
    messages {
      role latencyMs durationMs inputTokens outputTokens cost createdAt
      feedback { rating comment createdAt }
      spans { id parentId kind name status errorType statusMessage startOffsetMs durationMs timeToFirstTokenMs model inputTokens outputTokens cost }
    }
  }
}"#;

const TRACE_KPIS: &str = r#"
query TraceKpis($range: DateRange) {
  analytics {
    kpis(range: $range) { toolCalls toolErrors toolErrorRate ratedReplies thumbsUp thumbsDown feedbackRate thumbsUpRate }
  }
}"#;

/// A trace view: each reply's spans add up to it over the API (tokens,
/// micro-dollars, the answer's first token at the reply's latency, the
/// failing step of a failed conversation), its feedback comes after it,
/// and the end user's figures are their records'.
#[tokio::test]
async fn traces_and_feedback() {
    let snap = snapshot();
    let d = &snap.dataset;
    let (mut replies, mut tools, mut rated) = (0, 0, 0);
    for c in d.conversations.iter().step_by(9) {
        let answer = data(TRACES, json!({ "id": c.id })).await;
        let conversation = &answer["conversation"];
        let id = c.id;
        let micros = |v: &Value| (v.as_f64().unwrap() * 1e6).round() as i64;
        let messages = list(&conversation["messages"]);
        let cost: i64 = messages.iter().filter(|m| !m["cost"].is_null()).map(|m| micros(&m["cost"])).sum();
        assert_eq!(cost, c.cost_micros, "{id}: the messages' costs are the conversation's");
        let last_reply = messages.iter().rposition(|m| m["role"] == "ASSISTANT");
        for (i, m) in messages.iter().enumerate() {
            let spans = list(&m["spans"]);
            if m["role"] == "USER" {
                assert!(spans.is_empty() && m["feedback"].is_null() && m["cost"].is_null(), "{id}: {m}");
                continue;
            }
            replies += 1;
            let root = &spans[0];
            assert_eq!((root["kind"].as_str(), root["parentId"].is_null()), (Some("AGENT"), true), "{id}");
            assert_eq!(root["durationMs"], m["durationMs"], "{id}: the root is the whole turn");
            let calls: Vec<&Value> = spans.iter().filter(|s| s["kind"] == "LLM").collect();
            let sum = |field: &str| calls.iter().map(|s| s[field].as_f64().unwrap()).sum::<f64>();
            assert_eq!(
                (sum("inputTokens"), sum("outputTokens")),
                (num(&m["inputTokens"]), num(&m["outputTokens"])),
                "{id}"
            );
            assert_eq!(calls.iter().map(|s| micros(&s["cost"])).sum::<i64>(), micros(&m["cost"]), "{id}: span costs");
            let mut at = 0.0;
            for s in &spans[1..] {
                assert_eq!(s["parentId"], root["id"], "{id}");
                assert_eq!(num(&s["startOffsetMs"]), at, "{id}: steps run in turn");
                at += num(&s["durationMs"]);
                tools += usize::from(s["kind"] == "TOOL");
            }
            let answer = spans.last().unwrap();
            let failed = Some(i) == last_reply && !conversation["errorType"].is_null();
            if failed {
                assert_eq!(root["errorType"], conversation["errorType"], "{id}");
                assert!(
                    spans[1..].iter().any(|s| s["status"] == "ERROR" && s["errorType"] == conversation["errorType"]),
                    "{id}: the failing step"
                );
            } else {
                assert_eq!(root["status"], "OK", "{id}");
                let first_token = num(&answer["startOffsetMs"]) + num(&answer["timeToFirstTokenMs"]);
                assert_eq!(first_token, num(&m["latencyMs"]), "{id}: the answer's first token at the latency");
            }
            if !m["feedback"].is_null() {
                rated += 1;
                assert!(
                    instant(&m["feedback"]["createdAt"]) >= instant(&m["createdAt"]),
                    "{id}: feedback after the reply"
                );
            }
        }
        // The end user: their records, newest first.
        let user = &conversation["endUser"];
        let theirs: Vec<&data::Conversation> =
            d.conversations.iter().filter(|r| r.end_user_id() == text(&user["id"])).collect();
        assert_eq!(num(&user["conversationCount"]) as usize, theirs.len(), "{id}");
        assert_eq!(user["firstSeenAt"], timestamp(theirs[0].started_at), "{id}");
        assert_eq!(user["lastSeenAt"], timestamp(theirs.last().unwrap().started_at), "{id}");
        let listed: Vec<String> = list(&user["conversations"]).iter().map(|c| text(&c["id"])).collect();
        let newest_first: Vec<String> = theirs.iter().rev().map(|r| r.id.to_string()).collect();
        assert_eq!(listed, newest_first, "{id}");
    }
    assert!(replies > 200 && tools > 100 && rated > 0, "{replies} replies, {tools} tool calls, {rated} rated");

    // The week's tool and feedback figures are the rows' sums.
    let answer = data(TRACE_KPIS, json!({ "range": { "lastDays": 7 } })).await;
    let kpis = &answer["analytics"]["kpis"];
    let from = date(ANCHOR_DAY) - TimeDelta::days(6);
    let rows: Vec<&data::DailyMetric> = d.daily_metrics.iter().filter(|m| m.date >= from).collect();
    let total = |f: fn(&data::DailyMetric) -> u32| rows.iter().map(|m| f(m) as u64).sum::<u64>() as f64;
    let (calls, errors) = (total(|m| m.traces.tool_calls), total(|m| m.traces.tool_errors));
    let (rated, down) = (total(|m| m.traces.rated), total(|m| m.traces.thumbs_down));
    assert_eq!((num(&kpis["toolCalls"]), num(&kpis["toolErrors"])), (calls, errors));
    assert_eq!((num(&kpis["ratedReplies"]), num(&kpis["thumbsDown"])), (rated, down));
    assert_eq!(num(&kpis["thumbsUp"]), rated - down);
    assert_rate(&kpis["toolErrorRate"], errors as u64, calls as u64, "toolErrorRate");
    assert_rate(&kpis["thumbsUpRate"], (rated - down) as u64, rated as u64, "thumbsUpRate");
    assert!((0.01..0.06).contains(&(errors / calls)), "tool error rate {}", errors / calls);
}

// ---------------------------------------------------------------- 10. sentiment

const SENTIMENT: &str = r#"
query Sentiment($range: DateRange, $bucket: TimeBucket!) {
  analytics {
    sentimentBreakdown(range: $range) {
      total positive neutral negative positiveShare neutralShare negativeShare meanScore sentiments { sentiment count share }
    }
    telemetry(bucket: $bucket, range: $range) {
      start
      summary { sentiment { total positive neutral negative positiveShare neutralShare negativeShare meanScore sentiments { sentiment count share } } }
    }
  }
}"#;

/// Screen 10: sentiment counts and shares per bucket (all three), and the
/// mean score; shares near 60/30/10 but not exactly.
#[tokio::test]
async fn sentiment_over_time() {
    let snap = snapshot();
    let d = &snap.dataset;
    for bucket in ["DAY", "WEEK"] {
        let answer = data(SENTIMENT, json!({ "bucket": bucket })).await;
        let whole = fleet(d, date(FIRST_DAY), date(ANCHOR_DAY));
        assert_sentiment(&answer["analytics"]["sentimentBreakdown"], whole.sentiments, "the window");
        let mut counts = [0u64; 3];
        for b in list(&answer["analytics"]["telemetry"]) {
            let start = instant(&b["start"]).date_naive();
            let end = last_day_of(bucket, start, date(ANCHOR_DAY));
            let s = fleet(d, start, end);
            assert_sentiment(&b["summary"]["sentiment"], s.sentiments, &format!("{bucket} from {start}"));
            for (c, n) in counts.iter_mut().zip(s.sentiments) {
                *c += n;
            }
        }
        assert_eq!(counts, whole.sentiments, "{bucket}: the buckets add up");
        if bucket == "WEEK" {
            let shares: Vec<f64> = ["positiveShare", "neutralShare", "negativeShare"]
                .iter()
                .map(|k| num(&answer["analytics"]["sentimentBreakdown"][*k]))
                .collect();
            for (share, target) in shares.iter().zip([0.6, 0.3, 0.1]) {
                assert!((share - target).abs() <= 0.05, "{shares:?}");
            }
            assert_ne!(shares, [0.6, 0.3, 0.1], "drawn, not stratified");
            insta::assert_json_snapshot!("sentiment", answer);
        }
    }
}

// ---------------------------------------------------------------- 11. errors

const ERRORS: &str = r#"
query Errors($range: DateRange) {
  analytics {
    kpis(range: $range) { failed errorRate errors { errorType count share } }
    byAgent: breakdown(by: AGENT, range: $range, orderBy: { measure: FAILED }, first: 5) {
      agent { id name status }
      share
      summary { failed errorRate errors { errorType count share } }
    }
    overTime: telemetry(bucket: DAY, range: $range) { start failed summary { failed errors { errorType count } } }
  }
}"#;

/// Screen 11: errors by type, by agent and over time; counts by type sum
/// to the failures everywhere.
#[tokio::test]
async fn error_breakdown() {
    let snap = snapshot();
    let d = &snap.dataset;
    let (from, to) = (date("2025-01-06"), date(ANCHOR_DAY));
    let answer = data(ERRORS, json!({ "range": { "lastDays": 14 } })).await;
    let a = &answer["analytics"];
    let s = fleet(d, from, to);
    assert_summary(&a["kpis"], &s, &[], "kpis");
    assert_eq!(s.errors.iter().sum::<u64>(), s.failed());
    let by_agent = list(&a["byAgent"]);
    assert_eq!(by_agent.len(), 5);
    let mut failed: Vec<(u64, usize)> =
        (0..d.agents.len()).map(|r| (Sums::of(d, |x| x == r as u32, from, to).failed(), r)).collect();
    failed.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
    for (row, (count, agent)) in by_agent.iter().zip(&failed) {
        assert_eq!(row["agent"]["id"], d.agents[*agent].id.to_string());
        let one = Sums::of(d, |x| x == *agent as u32, from, to);
        assert_eq!(one.failed(), *count);
        assert_summary(&row["summary"], &one, &[], &d.agents[*agent].name);
        assert_decimals(&row["share"], Some(*count as f64 / s.failed() as f64), 4, "share of the failures");
    }
    // Both error agents are among the five that failed most.
    let error_agents = by_agent.iter().filter(|r| r["agent"]["status"] == "ERROR").count();
    assert_eq!(error_agents, 2, "{by_agent:?}");
    let mut by_type = [0u64; 6];
    for (b, day) in list(&a["overTime"]).iter().zip(days(from, to)) {
        let one = fleet(d, day, day);
        assert_count(&b["failed"], one.failed(), &format!("{day}"));
        assert_summary(&b["summary"], &one, &[], &format!("{day}"));
        for (t, n) in by_type.iter_mut().zip(one.errors) {
            *t += n;
        }
    }
    assert_eq!(by_type, s.errors, "the days add up");
    insta::assert_json_snapshot!(
        "error_breakdown",
        json!({ "kpis": a["kpis"], "byAgent": by_agent.iter().map(|r| json!({ "agent": r["agent"]["name"], "failed": r["summary"]["failed"], "share": r["share"] })).collect::<Vec<_>>() })
    );
}

// ---------------------------------------------------------------- 12. sessions

const SESSIONS: &str = r#"
query Sessions($range: DateRange) {
  analytics {
    kpis(range: $range) {
      totalConversations totalMessages messagesPerConversation turnsPerConversation
      duration { count mean min p50 p75 p90 p95 p99 max resolution }
    }
    byKind: breakdown(by: KIND, range: $range, orderBy: { measure: AVG_DURATION }) {
      kind agentCount summary { totalConversations turnsPerConversation duration { mean p50 p90 } }
    }
  }
}"#;

/// Screen 12: session metrics: duration (mean and quantiles), turns and
/// messages per conversation, overall and by agent kind.
#[tokio::test]
async fn session_metrics() {
    let snap = snapshot();
    let d = &snap.dataset;
    let (from, to) = (date(FIRST_DAY), date(ANCHOR_DAY));
    let answer = data(SESSIONS, json!({ "range": null })).await;
    let a = &answer["analytics"];
    let s = fleet(d, from, to);
    assert_summary(&a["kpis"], &s, &[], "sessions");
    assert_distribution(&a["kpis"]["duration"], &s.durations, DURATION, s.duration_sum, "durations");
    assert_eq!(a["kpis"]["duration"]["resolution"], 0.0905);
    let turns = num(&a["kpis"]["turnsPerConversation"]);
    assert!((4.0..=8.0).contains(&turns), "turns {turns}");
    let kinds = list(&a["byKind"]);
    assert_eq!(kinds.len(), 10, "every kind has agents");
    let mut previous = f64::INFINITY;
    for row in kinds {
        let kind = text(&row["kind"]);
        let k = Sums::of(d, |x| d.agents[x as usize].kind.as_str() == kind, from, to);
        assert_summary(&row["summary"], &k, &[], &kind);
        assert_count(&row["agentCount"], d.agents.iter().filter(|x| x.kind.as_str() == kind).count() as u64, &kind);
        let mean = k.duration_sum as f64 / k.conversations as f64;
        assert!(mean <= previous, "{kind}: ordered by mean duration, longest first");
        previous = mean;
    }
    // Customer support conversations take more turns than the fleet's.
    let support = kinds.iter().find(|r| r["kind"] == "CUSTOMER_SUPPORT").unwrap();
    assert!(num(&support["summary"]["turnsPerConversation"]) > turns);
    insta::assert_json_snapshot!("session_metrics", answer);
}

// ---------------------------------------------------------------- 13. audit feed

const AUDIT_FEED: &str = r#"
query AuditFeed($filter: AuditLogFilter, $after: String) {
  auditLogs(first: 40, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id action createdAt actorId actor { id name role } targetType targetId
      target { __typename ... on Agent { id name } ... on User { id name } }
      summary details ipAddress userAgent
    }
  }
}"#;

/// Screen 13: the audit feed, newest first, in cursor pages; filters by
/// action, actor, target and time range. Read by an admin: the network
/// fields (address, client) are for admins only.
#[tokio::test]
async fn audit_feed() {
    let snap = snapshot();
    let d = &snap.dataset;
    let admin = token_of_role(d, Role::Admin);
    let (nodes, total) = all_nodes_as(Some(&admin), AUDIT_FEED, "auditLogs", json!({})).await;
    assert_eq!(total, 200);
    assert_eq!(
        nodes.iter().map(|n| text(&n["id"])).collect::<Vec<_>>(),
        audit_ids(d, &(0..200).rev().collect::<Vec<_>>())
    );
    assert!(text(&nodes[0]["createdAt"]).as_str() < ANCHOR, "no entry at or after the anchor");
    for (node, log) in nodes.iter().zip(d.audit_logs.iter().rev()) {
        let actor = &d.users[log.actor as usize];
        assert_eq!(node["action"], log.action.as_str());
        assert_eq!(node["createdAt"], timestamp(log.created_at));
        assert_eq!(node["actorId"], actor.id.to_string());
        assert_eq!(node["actor"], json!({ "id": actor.id, "name": actor.name, "role": actor.role.as_str() }));
        let summary = text(&node["summary"]);
        assert!(summary.starts_with(&actor.name), "{summary}");
        match log.target {
            Some(AuditTarget::Agent(a)) => {
                let agent = &d.agents[a as usize];
                assert_eq!((node["targetType"].clone(), node["targetId"].clone()), (json!("AGENT"), json!(agent.id)));
                assert_eq!(node["target"], json!({ "__typename": "Agent", "id": agent.id, "name": agent.name }));
                assert!(summary.contains(&agent.name), "{summary}");
            }
            Some(AuditTarget::User(u)) => {
                let user = &d.users[u as usize];
                assert_eq!(u, log.actor, "a sign-in's target is its user");
                assert_eq!((node["targetType"].clone(), node["targetId"].clone()), (json!("USER"), json!(user.id)));
                assert_eq!(node["target"], json!({ "__typename": "User", "id": user.id, "name": user.name }));
            }
            None => assert!(
                node["targetType"].is_null() && node["targetId"].is_null() && node["target"].is_null(),
                "{node}"
            ),
        }
        let details = &node["details"];
        match &log.details {
            AuditDetails::None => assert_eq!(details, &json!({})),
            AuditDetails::Lifecycle { reason } => assert_eq!(details, &json!({ "reason": reason })),
            AuditDetails::AgentUpdated { field, prompt: None } => assert_eq!(details, &json!({ "field": field })),
            AuditDetails::AgentUpdated { field, prompt: Some((version, change)) } => {
                assert_eq!(details, &json!({ "field": field, "promptVersion": version, "change": change }))
            }
            AuditDetails::AgentDeleted { name, former_id } => {
                assert_eq!(details, &json!({ "agentName": name, "formerAgentId": former_id }));
                assert!(summary.contains(name.as_str()), "{summary}");
            }
            AuditDetails::ConfigChanged { setting, from, to } => {
                assert_eq!(details["setting"], setting.as_str());
                assert_eq!((num(&details["from"]), num(&details["to"])), (*from, *to));
            }
            AuditDetails::Session { method } => {
                assert_eq!(details, &json!({ "method": method }));
                let verb = if log.action == AuditAction::UserLogin { "signed in" } else { "signed out" };
                assert!(summary.contains(verb), "{summary}");
            }
            AuditDetails::PolicyUpdated { policy, change } => {
                assert_eq!(details, &json!({ "policy": policy, "change": change }))
            }
            AuditDetails::ExportRequested { dataset, format, days } => {
                assert_eq!(details, &json!({ "dataset": dataset, "format": format, "days": days }))
            }
            AuditDetails::Changed { .. } | AuditDetails::AgentChanged { .. } => {
                panic!("only writes make entries with changes: {node}")
            }
        }
        assert_eq!(node["ipAddress"], log.ip_address());
        assert_eq!(node["userAgent"], log.user_agent());
    }
    // An operator, a viewer and an anonymous request get the same page with
    // each entry's ipAddress and userAgent null, a FORBIDDEN error at each.
    let first_page = data_as(&admin, AUDIT_FEED, json!({})).await;
    let shown = list(&first_page["auditLogs"]["nodes"]).len();
    assert_eq!(shown, 40);
    let mut masked_page = first_page.clone();
    let mut paths = Vec::new();
    for i in 0..shown {
        for field in ["ipAddress", "userAgent"] {
            masked_page["auditLogs"]["nodes"][i][field] = Value::Null;
            paths.push(json!(["auditLogs", "nodes", i, field]));
        }
    }
    let operator = graphql_as(&token_of_role(d, Role::Operator), AUDIT_FEED, json!({})).await;
    let viewer = graphql_as(&token_of_role(d, Role::Viewer), AUDIT_FEED, json!({})).await;
    for (who, response) in [("an operator", operator), ("a viewer", viewer)] {
        assert_masked(&response, &paths);
        assert_eq!(response["data"], masked_page, "{who}'s audit feed");
    }
    // An anonymous request reads everything (`--anonymous read`, the default).
    assert_eq!(data(AUDIT_FEED, json!({})).await, first_page, "an anonymous request's audit feed");
    let actor =
        (0..d.users.len()).max_by_key(|&u| d.audit_logs.iter().filter(|l| l.actor as usize == u).count()).unwrap();
    let error_agent = d.agents.iter().position(|a| a.status == AgentStatus::Error).unwrap() as u32;
    let mid = d.window.day_start(15);
    let roles: Vec<Role> = d.users.iter().map(|u| u.role).collect();
    let other = (0..d.users.len()).find(|&u| roles[u] != roles[actor]).unwrap();
    let role_name = |r: Role| match r {
        Role::Admin => "ADMIN",
        Role::Operator => "OPERATOR",
        Role::Viewer => "VIEWER",
    };
    let operators = roles.clone();
    type Keep = Box<dyn Fn(&data::AuditLog) -> bool>;
    let cases: Vec<(&str, Value, Keep)> = vec![
        (
            "config changes",
            json!({ "actions": ["CONFIG_CHANGED"] }),
            Box::new(|l| l.action == AuditAction::ConfigChanged),
        ),
        (
            "sessions",
            json!({ "actions": ["USER_LOGIN", "USER_LOGOUT"] }),
            Box::new(|l| matches!(l.action, AuditAction::UserLogin | AuditAction::UserLogout)),
        ),
        ("actor", json!({ "actorIds": [d.users[actor].id] }), Box::new(move |l| l.actor as usize == actor)),
        (
            "the error agent",
            json!({ "targetIds": [d.agents[error_agent as usize].id] }),
            Box::new(move |l| l.target == Some(AuditTarget::Agent(error_agent))),
        ),
        (
            "a user as target",
            json!({ "targetIds": [d.users[actor].id] }),
            Box::new(move |l| l.target == Some(AuditTarget::User(actor as u32))),
        ),
        (
            "since mid-window",
            json!({ "createdAt": { "from": timestamp(mid), "to": ANCHOR } }),
            Box::new(move |l| l.created_at >= mid),
        ),
        (
            "the actor's sign-ins since mid-window",
            json!({ "actions": ["USER_LOGIN"], "actorIds": [d.users[actor].id], "createdAt": { "from": timestamp(mid) } }),
            Box::new(move |l| l.action == AuditAction::UserLogin && l.actor as usize == actor && l.created_at >= mid),
        ),
        (
            "operators' stops and starts",
            json!({ "actions": ["AGENT_STOPPED", "AGENT_STARTED"], "actorRoles": ["OPERATOR"] }),
            Box::new(move |l| {
                matches!(l.action, AuditAction::AgentStopped | AuditAction::AgentStarted)
                    && operators[l.actor as usize] == Role::Operator
            }),
        ),
        (
            "two actors, of whom one has the role",
            json!({ "actorIds": [d.users[actor].id, d.users[other].id], "actorRoles": [role_name(roles[actor])] }),
            Box::new(move |l| l.actor as usize == actor),
        ),
    ];
    let mut snap_out = BTreeMap::new();
    for (case, filter, keep) in cases {
        let expected: Vec<usize> = (0..d.audit_logs.len()).rev().filter(|&l| keep(&d.audit_logs[l])).collect();
        assert!(!expected.is_empty() && expected.len() < 200, "{case} should select some entries");
        let (nodes, total) = all_nodes_as(Some(&admin), AUDIT_FEED, "auditLogs", json!({ "filter": filter })).await;
        assert_eq!(total as usize, expected.len(), "{case}");
        assert_eq!(nodes.iter().map(|n| text(&n["id"])).collect::<Vec<_>>(), audit_ids(d, &expected), "{case}");
        snap_out.insert(case, json!({ "totalCount": total, "summaries": nodes.iter().take(3).map(|n| n["summary"].clone()).collect::<Vec<_>>() }));
    }
    let answer = graphql_as(&admin, AUDIT_FEED, json!({ "filter": { "createdAt": { "from": "yesterday" } } })).await;
    assert_eq!(first_error_code(&answer), "BAD_USER_INPUT", "{answer}");
    insta::assert_json_snapshot!("audit_feed", json!({ "newest": &nodes[..8], "filters": snap_out }));
}

// ---------------------------------------------------------------- 14. users and roles

const USERS_AND_ROLES: &str = r#"
query UsersAndRoles($role: [Role!]) {
  viewer { id name role capabilities }
  roles { role description capabilities users }
  users(first: 100, filter: { role: $role }) {
    totalCount
    nodes {
      id name email role capabilities avatarUrl createdAt lastLoginAt
      agents(first: 100) { totalCount nodes { id } }
      auditLogs(first: 3) { totalCount nodes { id } }
    }
  }
}"#;

/// The role matrix, written out (src/data/catalogue.rs, `Role::capabilities`).
fn capabilities_of(role: &str) -> Vec<&'static str> {
    let all = vec![
        "VIEW_DASHBOARDS",
        "VIEW_COSTS",
        "VIEW_SYSTEM_PROMPTS",
        "VIEW_AUDIT_NETWORK",
        "CREATE_AGENT",
        "UPDATE_AGENT",
        "CONFIGURE_AGENT",
        "START_STOP_AGENT",
        "DELETE_AGENT",
        "MANAGE_USERS",
        "UPDATE_POLICY",
        "REQUEST_EXPORT",
        "RESET_DATA",
    ];
    match role {
        "ADMIN" => all,
        "OPERATOR" => vec![
            "VIEW_DASHBOARDS",
            "VIEW_COSTS",
            "VIEW_SYSTEM_PROMPTS",
            "CREATE_AGENT",
            "UPDATE_AGENT",
            "CONFIGURE_AGENT",
            "START_STOP_AGENT",
            "REQUEST_EXPORT",
        ],
        "VIEWER" => vec!["VIEW_DASHBOARDS", "VIEW_COSTS", "REQUEST_EXPORT"],
        other => panic!("{other}"),
    }
}

/// Screen 14: users by role, the signed-in viewer, and what each role may
/// do (the capabilities a UI gates on).
#[tokio::test]
async fn users_and_roles() {
    let snap = snapshot();
    let d = &snap.dataset;
    let operator = d.users.iter().find(|u| u.role == Role::Operator).unwrap();
    let token = format!("Bearer {}", operator.email);
    let reply = graphql_with_headers(USERS_AND_ROLES, json!({}), &[("authorization", &token)]).await;
    let answer = reply.json();
    assert!(answer.get("errors").is_none(), "{answer}");
    let a = &answer["data"];
    assert_eq!(
        a["viewer"],
        json!({ "id": operator.id, "name": operator.name, "role": "OPERATOR", "capabilities": capabilities_of("OPERATOR") })
    );
    let roles = list(&a["roles"]);
    assert_eq!(strs(&a["roles"], "role"), ["ADMIN", "OPERATOR", "VIEWER"]);
    for role in roles {
        let name = text(&role["role"]);
        assert_eq!(role["capabilities"], json!(capabilities_of(&name)), "{name}");
        assert_count(&role["users"], d.users.iter().filter(|u| u.role.as_str() == name).count() as u64, &name);
        assert!(!text(&role["description"]).is_empty());
    }
    assert_eq!(roles.iter().map(|r| r["users"].as_u64().unwrap()).collect::<Vec<_>>(), [2, 4, 4]);
    // What a role may do is what its users did in the audit trail.
    for log in &d.audit_logs {
        let role = d.users[log.actor as usize].role.as_str();
        let needs = match log.action {
            AuditAction::AgentCreated => "CREATE_AGENT",
            AuditAction::AgentUpdated => "UPDATE_AGENT",
            AuditAction::AgentDeleted => "DELETE_AGENT",
            AuditAction::AgentStarted | AuditAction::AgentStopped => "START_STOP_AGENT",
            AuditAction::ConfigChanged => "CONFIGURE_AGENT",
            AuditAction::UserLogin | AuditAction::UserLogout => "VIEW_DASHBOARDS",
            AuditAction::PolicyUpdated => "UPDATE_POLICY",
            AuditAction::ExportRequested => "REQUEST_EXPORT",
        };
        assert!(capabilities_of(role).contains(&needs), "{role} did {:?}", log.action);
    }
    let users = list(&a["users"]["nodes"]);
    assert_eq!(a["users"]["totalCount"], 10);
    let names = strs(&a["users"]["nodes"], "name");
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "by name by default");
    for node in users {
        let row = d.users.iter().position(|u| u.id.to_string() == text(&node["id"])).unwrap();
        let user = &d.users[row];
        assert_eq!(
            (node["name"].clone(), node["email"].clone(), node["role"].clone()),
            (json!(user.name), json!(user.email), json!(user.role.as_str()))
        );
        assert_eq!(node["capabilities"], json!(capabilities_of(user.role.as_str())));
        assert_eq!(node["createdAt"], timestamp(user.created_at));
        let url = text(&node["avatarUrl"]);
        assert_eq!(url, format!("{PUBLIC_URL}/avatars/{}.svg", user.id));
        let last_login = d
            .audit_logs
            .iter()
            .filter(|l| l.actor as usize == row && l.action == AuditAction::UserLogin)
            .map(|l| l.created_at)
            .max();
        assert_eq!(node["lastLoginAt"], json!(last_login.map(timestamp)), "{}", user.name);
        let created = agents_by_name(d, |x| x.created_by as usize == row);
        assert_eq!(strs(&node["agents"]["nodes"], "id"), agent_ids(d, &created));
        let made: Vec<usize> =
            (0..d.audit_logs.len()).rev().filter(|&l| d.audit_logs[l].actor as usize == row).collect();
        assert_eq!(node["auditLogs"]["totalCount"], made.len());
        assert_eq!(strs(&node["auditLogs"]["nodes"], "id"), audit_ids(d, &made[..made.len().min(3)]));
    }
    // Every avatar is served by the app itself, an SVG with the user's initials.
    for (node, user) in users.iter().map(|n| (n, d.users.iter().find(|u| u.id.to_string() == text(&n["id"])).unwrap()))
    {
        let avatar = text(&node["avatarUrl"]);
        let reply = get(avatar.strip_prefix(PUBLIC_URL).unwrap()).await;
        assert_eq!((reply.status.as_u16(), reply.headers["content-type"].to_str().unwrap()), (200, "image/svg+xml"));
        let svg = reply.text();
        let initials: String = user.name.split_whitespace().filter_map(|w| w.chars().next()).take(2).collect();
        assert!(
            svg.starts_with("<svg")
                && svg.ends_with("</svg>")
                && svg.contains(&format!(">{}<", initials.to_uppercase())),
            "{svg}"
        );
    }
    // By role.
    let admins = graphql_with_headers(USERS_AND_ROLES, json!({ "role": ["ADMIN", "VIEWER"] }), &[]).await.json();
    let mut expected: Vec<&str> =
        d.users.iter().filter(|u| u.role != Role::Operator).map(|u| u.name.as_str()).collect();
    expected.sort();
    assert_eq!(strs(&admins["data"]["users"]["nodes"], "name"), expected);
    assert_eq!(admins["data"]["viewer"], Value::Null, "signed out");
    insta::assert_json_snapshot!("users_and_roles", json!({ "viewer": a["viewer"], "roles": a["roles"] }));
}

// ---------------------------------------------------------------- 15. budget

const BUDGET: &str = r#"
query Budget {
  workspace {
    company
    monthlyBudget
    allowedModels { id }
    budget {
      month monthlyBudget monthToDateSpend dailyBurnRate projectedMonthEnd projectedUtilization remaining
      daysElapsed daysInMonth onTrack
      daily { date cost cumulative }
    }
  }
}"#;

/// Screen 15: the month's spend against the budget: month to date, the
/// daily burn rate, the linear projection to the month's end.
#[tokio::test]
async fn budget() {
    let snap = snapshot();
    let d = &snap.dataset;
    let answer = data(BUDGET, json!({})).await;
    let w = &answer["workspace"];
    assert_eq!(w["company"], d.workspace.company.as_str());
    assert_eq!(strs(&w["allowedModels"], "id"), ["gpt-4o", "gpt-4o-mini", "gpt-3.5-turbo"]);
    assert_usd(&w["monthlyBudget"], d.workspace.monthly_budget_micros, "budget");
    let b = &w["budget"];
    assert_eq!(b["monthlyBudget"], w["monthlyBudget"]);
    // January 2025, from its first day to the anchor's (14:00 on the 19th).
    assert_eq!((b["month"].clone(), b["daysInMonth"].clone()), (json!("2025-01-01"), json!(31)));
    let elapsed = 18.0 + 14.0 / 24.0;
    assert_decimals(&b["daysElapsed"], Some(elapsed), 2, "days elapsed");
    let month = days(date("2025-01-01"), date(ANCHOR_DAY));
    let daily = list(&b["daily"]);
    assert_eq!(daily.len(), month.len());
    let mut cumulative = 0;
    for (entry, day) in daily.iter().zip(&month) {
        let cost: i64 = d.cost_records.iter().filter(|c| c.date == *day).map(|c| c.cost_micros).sum();
        cumulative += cost;
        assert_eq!(entry["date"], day.to_string());
        assert_usd(&entry["cost"], cost, &format!("{day}"));
        assert_usd(&entry["cumulative"], cumulative, &format!("{day} cumulative"));
    }
    assert_usd(&b["monthToDateSpend"], cumulative, "month to date");
    let spent = cumulative as f64 / 1e6;
    let burn = spent / elapsed;
    assert_decimals(&b["dailyBurnRate"], Some(burn), 2, "burn rate");
    let projected = spent + burn * (31.0 - elapsed);
    assert_decimals(&b["projectedMonthEnd"], Some(projected), 2, "projection");
    let budget = d.workspace.monthly_budget_micros as f64 / 1e6;
    assert_decimals(&b["projectedUtilization"], Some(projected / budget), 4, "utilization");
    assert_usd(&b["remaining"], d.workspace.monthly_budget_micros - cumulative, "remaining");
    assert_eq!(b["onTrack"], json!(projected <= budget));
    // The seeded budget leaves headroom over the month's course.
    assert!((0.5..1.0).contains(&(projected / budget)), "{projected} of {budget}");
    insta::assert_json_snapshot!("budget", answer);
}

// ---------------------------------------------------------------- the fleet list

const FLEET: &str = r#"
query Fleet {
  meta {
    seed anchorTime fingerprint window { start end days }
    counts { users agents conversations dailyMetrics costRecords auditLogs }
  }
  agents(first: 100) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage }
    nodes { id name kind status model lastActiveAt statusReason createdBy { name } metrics { totalConversations avgResponseTime successRate } }
  }
}"#;

/// The fleet list: the dataset's identity and every agent with its window
/// totals (the exact roll-up of its rows).
#[tokio::test]
async fn fleet_list() {
    let snap = snapshot();
    let d = &snap.dataset;
    let answer = data(FLEET, json!({})).await;
    let meta = &answer["meta"];
    assert_eq!((meta["seed"].clone(), meta["anchorTime"].clone()), (json!("12345"), json!(ANCHOR)));
    // The window ends at the anchor: 29 whole days and the anchor's own.
    assert_eq!(meta["window"], json!({ "start": "2024-12-21T00:00:00Z", "end": ANCHOR, "days": 30 }));
    assert_eq!(meta["fingerprint"], snap.fingerprint());
    assert_eq!(
        meta["counts"],
        json!({ "users": 10, "agents": 20, "conversations": 500, "dailyMetrics": 600, "costRecords": 600, "auditLogs": 200 })
    );
    let agents = &answer["agents"];
    assert_eq!(
        (agents["totalCount"].clone(), agents["pageInfo"].clone()),
        (json!(20), json!({ "hasNextPage": false, "hasPreviousPage": false }))
    );
    assert_eq!(strs(&agents["nodes"], "id"), agent_ids(d, &agents_by_name(d, |_| true)));
    let mut by_status = BTreeMap::new();
    for node in list(&agents["nodes"]) {
        let row = agent_row(d, &node["id"]);
        let agent = &d.agents[row];
        assert_eq!(
            (node["name"].clone(), node["kind"].clone(), node["status"].clone(), node["model"].clone()),
            (json!(agent.name), json!(agent.kind.as_str()), json!(agent.status.as_str()), json!(agent.model.id()))
        );
        assert_eq!(node["lastActiveAt"], timestamp(agent.last_active_at));
        assert_eq!(node["createdBy"]["name"], d.users[agent.created_by as usize].name.as_str());
        assert_eq!(node["statusReason"], json!(agent.status_changes.back().map(|c| c.reason.as_str())));
        let s = Sums::of(d, |x| x == row as u32, date(FIRST_DAY), date(ANCHOR_DAY));
        assert_count(&node["metrics"]["totalConversations"], s.conversations, &agent.name);
        crate::support::assert_ms(&node["metrics"]["avgResponseTime"], s.latency_sum, s.replies, &agent.name);
        assert_rate(&node["metrics"]["successRate"], s.succeeded, s.conversations, &agent.name);
        *by_status.entry(text(&node["status"])).or_insert(0) += 1;
        // Active agents were seen in the last 15 minutes: "now" agrees with itself.
        if agent.status == AgentStatus::Active {
            assert!(agent.last_active_at > d.window.anchor - TimeDelta::minutes(15));
        }
    }
    assert_eq!(by_status, BTreeMap::from([("ACTIVE".into(), 14), ("INACTIVE".into(), 4), ("ERROR".into(), 2)]));
    // The newest conversation and metric are of the anchor's day.
    assert_eq!(d.conversations.last().unwrap().started_at.date_naive(), date(ANCHOR_DAY));
    insta::assert_json_snapshot!("fleet_list", answer);
}

// ---------------------------------------------------------------- cost records

const COSTS: &str = r#"
query Costs($filter: CostRecordFilter, $orderBy: CostRecordOrder, $after: String, $first: Int = 100) {
  costRecords(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id date agentId inputTokens outputTokens totalCost model dailyMetric { id } }
  }
}"#;

/// The cost records list: filters by model, agent and days; every cost the
/// formula exactly, and the sums exact to the micro-dollar.
#[tokio::test]
async fn cost_records() {
    let snap = snapshot();
    let d = &snap.dataset;
    let (from, to) = (d.window.date(10), d.window.date(19));
    type Keep = Box<dyn Fn(&data::CostRecord) -> bool>;
    let cases: Vec<(&str, Value, Keep)> = vec![
        ("all", json!({}), Box::new(|_| true)),
        ("gpt-4o", json!({ "model": ["gpt-4o"] }), Box::new(|r| r.model == Model::Gpt4o)),
        (
            "small models, ten days",
            json!({ "model": ["gpt-4o-mini", "gpt-3.5-turbo"], "date": { "from": from.to_string(), "to": to.to_string() } }),
            Box::new(move |r| r.model != Model::Gpt4o && r.date >= from && r.date <= to),
        ),
        ("the last 3 days", json!({ "date": { "lastDays": 3 } }), Box::new(|r| r.date >= date("2025-01-17"))),
        ("one agent", json!({ "agentIds": [d.agents[1].id] }), Box::new(|r| r.agent == 1)),
    ];
    for (case, filter, keep) in cases {
        let expected: Vec<&data::CostRecord> = d.cost_records.iter().filter(|r| keep(r)).collect();
        let (nodes, total) = all_nodes(
            COSTS,
            "costRecords",
            json!({ "filter": filter, "orderBy": { "field": "DATE", "direction": "ASC" } }),
        )
        .await;
        assert_eq!((total as usize, nodes.len()), (expected.len(), expected.len()), "{case}");
        let mut sum = 0;
        for node in &nodes {
            let record = d.cost_records.iter().position(|r| r.id.to_string() == text(&node["id"])).unwrap();
            let r = &d.cost_records[record];
            assert!(keep(r), "{case}: {node}");
            assert_eq!(node["dailyMetric"]["id"], d.daily_metrics[record].id.to_string());
            let (input, output) = seed_price(&text(&node["model"]));
            let exact = num(&node["inputTokens"]) / 1000.0 * input + num(&node["outputTokens"]) / 1000.0 * output;
            assert!((num(&node["totalCost"]) - exact).abs() <= 0.5e-6 + 1e-12, "{case}: {node}");
            assert_usd(&node["totalCost"], r.cost_micros, case);
            sum += (num(&node["totalCost"]) * 1e6).round() as i64;
        }
        assert_eq!(sum, expected.iter().map(|r| r.cost_micros).sum::<i64>(), "{case}: sums exact");
        assert!(nodes.windows(2).all(|p| text(&p[0]["date"]) <= text(&p[1]["date"])), "{case}: date order");
    }
    let top = data(COSTS, json!({ "first": 5, "orderBy": { "measure": "COST" } })).await;
    let mut rows: Vec<usize> = (0..d.cost_records.len()).collect();
    rows.sort_by_key(|&r| (d.cost_records[r].cost_micros, r));
    rows.reverse();
    let ids: Vec<String> = rows[..5].iter().map(|&r| d.cost_records[r].id.to_string()).collect();
    assert_eq!(strs(&top["costRecords"]["nodes"], "id"), ids);
    for bad in [json!({ "model": ["claude"] }), json!({ "date": { "from": "2025-01-19", "to": "2025-01-01" } })] {
        let answer = graphql(COSTS, json!({ "filter": bad })).await;
        assert_eq!(first_error_code(&answer), "BAD_USER_INPUT", "{answer}");
    }
    insta::assert_json_snapshot!("cost_records_top", top);
}

// ---------------------------------------------------------------- node lookup

const NODE: &str = r#"
query Node($id: ID!) {
  node(id: $id) {
    __typename id
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
    let (c, m, r, l) = (&d.conversations[42], &d.daily_metrics[77], &d.cost_records[77], &d.audit_logs[150]);
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
            json!({ "__typename": "CostRecord", "id": r.id, "date": r.date.to_string(), "totalCost": r.cost_micros as f64 / 1e6 }),
        ),
        (l.id, json!({ "__typename": "AuditLog", "id": l.id, "action": l.action.as_str() })),
    ];
    let mut ids = Vec::new();
    let mut expected = Vec::new();
    for (id, node) in &cases {
        let answer = data(NODE, json!({ "id": id })).await;
        if node["__typename"] == "CostRecord" {
            assert_usd(&answer["node"]["totalCost"], r.cost_micros, "totalCost");
        }
        let mut got = answer["node"].clone();
        let mut want = node.clone();
        for v in [&mut got, &mut want] {
            if let Some(cost) = v.get_mut("totalCost") {
                *cost = json!("checked apart");
            }
        }
        assert_eq!(got, want);
        ids.push(json!(id));
        expected.push(want);
    }
    // nodes(ids:) keeps the order asked, with null for an id nothing has.
    let unknown = "00000000-0000-4000-8000-000000000000";
    ids.insert(3, json!(unknown));
    expected.insert(3, Value::Null);
    ids.reverse();
    expected.reverse();
    let answer = data(
        r#"query Nodes($ids: [ID!]!) { nodes(ids: $ids) {
            __typename id
            ... on User { name } ... on Agent { name } ... on Conversation { title }
            ... on DailyMetric { date conversations } ... on CostRecord { date totalCost } ... on AuditLog { action }
        } }"#,
        json!({ "ids": ids }),
    )
    .await;
    let mut nodes = answer["nodes"].clone();
    for node in nodes.as_array_mut().unwrap().iter_mut().filter(|n| n["__typename"] == "CostRecord") {
        assert_usd(&node["totalCost"], r.cost_micros, "totalCost");
        node["totalCost"] = json!("checked apart");
    }
    assert_eq!(nodes, json!(expected));
    assert_eq!(data(NODE, json!({ "id": unknown })).await["node"], Value::Null);
    // Typed lookups only find their own type.
    let answer = data(
        "query($u: ID!, $a: ID!, $c: ID!) { user(id: $a) { id } agent(id: $u) { id } conversation(id: $a) { id } agentOfC: agent(id: $c) { id } mine: user(id: $u) { id } }",
        json!({ "u": d.users[0].id, "a": d.agents[0].id, "c": c.id }),
    )
    .await;
    assert_eq!(
        answer,
        json!({ "user": null, "agent": null, "conversation": null, "agentOfC": null, "mine": { "id": d.users[0].id } })
    );
    insta::assert_json_snapshot!("node_lookup", json!(expected));
}

// ---------------------------------------------------------------- models

#[tokio::test]
async fn models_with_prices() {
    let snap = snapshot();
    let d = &snap.dataset;
    let answer = data(
        r#"{ models { id name provider inputPricePer1K outputPricePer1K agents { nodes { name model } } }
             gpt4o: model(id: "gpt-4o") { id name } unknown: model(id: "gpt-5") { id } }"#,
        json!({}),
    )
    .await;
    assert_eq!(strs(&answer["models"], "id"), ["gpt-4o", "gpt-4o-mini", "gpt-3.5-turbo"]);
    for model in list(&answer["models"]) {
        let id = text(&model["id"]);
        let (input, output) = seed_price(&id);
        assert_eq!((num(&model["inputPricePer1K"]), num(&model["outputPricePer1K"])), (input, output), "{id}");
        assert_eq!(model["provider"], "OpenAI");
        let names: Vec<String> =
            agents_by_name(d, |a| a.model.id() == id).iter().map(|&r| d.agents[r].name.clone()).collect();
        assert_eq!(strs(&model["agents"]["nodes"], "name"), names, "{id}");
    }
    assert_eq!(answer["gpt4o"], json!({ "id": "gpt-4o", "name": "GPT-4o" }));
    assert_eq!(answer["unknown"], Value::Null);
    insta::assert_json_snapshot!("models", answer);
}

// ---------------------------------------------------------------- viewer

#[tokio::test]
async fn viewer_from_bearer_token() {
    let snap = snapshot();
    let d = &snap.dataset;
    let query = "{ viewer { id name email role } }";
    let operator = d.users.iter().find(|u| u.role == Role::Operator).unwrap();
    let expected =
        json!({ "viewer": { "id": operator.id, "name": operator.name, "email": operator.email, "role": "OPERATOR" } });
    for token in [
        format!("Bearer {}", operator.email),
        format!("Bearer {}", operator.email.to_uppercase()),
        format!("Bearer {}", operator.id),
        format!("bearer   {} ", operator.id),
    ] {
        let reply = graphql_with_headers(query, json!({}), &[("authorization", &token)]).await;
        assert_eq!(reply.status, 200, "{token}");
        assert_eq!(reply.json()["data"], expected, "{token}");
    }
    let reply = graphql_with_headers(query, json!({}), &[]).await;
    assert_eq!(reply.json(), json!({ "data": { "viewer": null } }), "signed out: null, not an error");
    for token in ["Bearer nobody@example.com", "Bearer 00000000-0000-4000-8000-000000000000", "Basic dXNlcjpwYXNz"] {
        let reply = graphql_with_headers(query, json!({}), &[("authorization", token)]).await;
        assert_eq!(reply.status, 401, "{token}");
        assert_eq!(first_error_code(&reply.json()), "UNAUTHENTICATED", "{token}");
        assert!(reply.json().get("data").is_none(), "{token}");
    }
    let token = format!("Bearer {}", d.agents[0].id);
    let reply = graphql_with_headers(query, json!({}), &[("authorization", &token)]).await;
    assert_eq!(reply.status, 401, "an agent's id is not a user");
    insta::assert_json_snapshot!("viewer", expected);
}
