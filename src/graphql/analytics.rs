//! Dashboard analytics (placeholder until the analytics module lands).

use async_graphql::Object;

/// Root field for analytics.
#[derive(Default)]
pub struct AnalyticsQuery;

/// Root field for analytics.
#[Object]
impl AnalyticsQuery {
    /// Placeholder.
    async fn analytics_version(&self) -> i32 {
        1
    }
}
