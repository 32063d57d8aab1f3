//! Smoke tests of the GraphQL API over HTTP.

use serde_json::json;

use crate::support::{data, first_error_code, graphql};

#[tokio::test]
async fn lists_the_fleet() {
    let data = data("{ agents(first: 20) { totalCount nodes { id name status model } } }", json!({})).await;
    assert_eq!(data["agents"]["totalCount"], 20);
    assert_eq!(data["agents"]["nodes"].as_array().map(Vec::len), Some(20));
}

#[tokio::test]
async fn page_sizes_are_bounded() {
    let response = graphql("{ agents(first: 101) { totalCount } }", json!({})).await;
    assert_eq!(first_error_code(&response), "BAD_USER_INPUT");
}
