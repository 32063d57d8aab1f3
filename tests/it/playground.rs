//! The playground's example tabs are real operations: each runs against the
//! served schema and returns data without errors.

use agentmock::http::playground::EXAMPLES;
use serde_json::json;

use crate::support::graphql;

#[tokio::test]
async fn every_example_tab_runs_without_errors() {
    assert!(!EXAMPLES.is_empty());
    for (file, text) in EXAMPLES {
        let response = graphql(text, json!({})).await;
        assert!(response.get("errors").is_none(), "{file} failed: {response}");
        let data = response["data"].as_object().unwrap_or_else(|| panic!("{file} returned no data: {response}"));
        assert!(!data.is_empty(), "{file} returned empty data");
    }
}
