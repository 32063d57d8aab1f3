//! The playground's example tabs are real dashboard operations: each runs
//! against the served schema (within its depth and complexity limits) and
//! returns data without errors, and together they cover issue 7's fifteen
//! screens.

use agentmock::http::playground::EXAMPLES;
use serde_json::Value;

use crate::support::{playground_tabs, run_tab};

/// Where each screen's data lands in its tab's answer.
const SCREENS: [(&str, &str, &[&str]); 15] = [
    ("overview KPIs", "01-fleet-overview.graphql", &["analytics", "kpis", "deltas", "p95Latency"]),
    (
        "cost over time by model",
        "02-cost-and-tokens.graphql",
        &["analytics", "byModel", "0", "series", "0", "summary", "totalCost"],
    ),
    ("token usage", "02-cost-and-tokens.graphql", &["analytics", "tokens", "0", "summary", "totalTokensOutput"]),
    ("latency bands", "03-traffic-and-latency.graphql", &["analytics", "bands", "0", "summary", "latency", "p99"]),
    ("volume by outcome", "03-traffic-and-latency.graphql", &["analytics", "volume", "0", "failed"]),
    ("top models", "02-cost-and-tokens.graphql", &["analytics", "byTokens", "0", "share"]),
    ("agent leaderboard", "05-agent-leaderboard.graphql", &["agents", "nodes", "0", "summary", "latency", "p95"]),
    ("agent detail", "06-agent-detail.graphql", &["agents", "nodes", "0", "incident", "dominantErrorType"]),
    ("conversation explorer", "07-conversation-explorer.graphql", &["conversations", "nodes", "0", "cost"]),
    ("sentiment", "04-quality.graphql", &["analytics", "sentiment", "0", "summary", "sentiment", "meanScore"]),
    ("errors", "04-quality.graphql", &["analytics", "failingAgents", "0", "summary", "errors", "0", "count"]),
    ("session metrics", "04-quality.graphql", &["analytics", "kpis", "duration", "p90"]),
    ("audit feed", "08-audit-feed.graphql", &["auditLogs", "nodes", "0", "details"]),
    ("users and roles", "09-users-and-roles.graphql", &["roles", "0", "capabilities", "0"]),
    ("budget", "10-budget.graphql", &["workspace", "budget", "projectedMonthEnd"]),
];

fn at<'a>(value: &'a Value, path: &[&str]) -> &'a Value {
    path.iter().fold(value, |v, key| match key.parse::<usize>() {
        Ok(i) => &v[i],
        Err(_) => &v[*key],
    })
}

#[tokio::test]
async fn every_example_tab_runs_without_errors() {
    assert!((8..=16).contains(&EXAMPLES.len()), "{} tabs", EXAMPLES.len());
    let mut answers = Vec::new();
    let tabs = playground_tabs();
    for (i, ((file, text), tab)) in EXAMPLES.iter().zip(&tabs).enumerate() {
        assert!(file.starts_with(&format!("{:02}-", i + 1)), "{file}: tabs are numbered in order");
        assert!(
            text.starts_with("# ") && text.lines().nth(1).is_some_and(|l| l.starts_with("# ")),
            "{file}: a title and a comment"
        );
        for placeholder in ["_TOKEN", "_EMAIL", "$AGENT_ID"] {
            let left = tab.query.split('"').any(|s| s.starts_with('$') && s.contains(placeholder));
            assert!(!left, "{file}: {placeholder} filled in");
        }
        if tab.query.lines().any(|l| l.trim_start().starts_with("subscription")) {
            // Over a WebSocket: `live::the_playgrounds_subscription_tab_delivers_events`.
            continue;
        }
        let response = run_tab(tab).await.json();
        if crate::support::injects_faults(tab) {
            crate::support::assert_only_injected_errors(file, &response);
            continue;
        }
        assert!(response.get("errors").is_none(), "{file} failed: {response}");
        let data = response["data"].as_object().unwrap_or_else(|| panic!("{file} returned no data: {response}"));
        assert!(!data.is_empty(), "{file} returned empty data");
        // No panel is empty: every analytics field answered.
        if let Some(analytics) = data.get("analytics").and_then(Value::as_object) {
            for (panel, value) in analytics {
                assert!(
                    value.is_object() || value.as_array().is_some_and(|v| !v.is_empty()),
                    "{file}: {panel} is {value}"
                );
            }
        }
        answers.push((*file, response["data"].clone()));
    }
    for (screen, file, path) in SCREENS {
        let (_, answer) = answers.iter().find(|(f, _)| *f == file).unwrap_or_else(|| panic!("{screen}: no tab {file}"));
        let value = at(answer, path);
        assert!(!value.is_null(), "{screen}: {file} answers nothing at {path:?}");
    }
}
