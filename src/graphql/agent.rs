//! `Agent`: the fleet; the `agents` and `agent` queries.

use std::sync::Arc;

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};

use super::audit::{AuditLogConnection, AuditLogFilter, AuditLogOrder, audit_list_query};
use super::connection::{PageArgs, Scope, connection};
use super::context::ContextExt;
use super::conversation::{ConversationConnection, ConversationFilter, ConversationOrder, conversation_list_query};
use super::enums::{
    AgentKind, AgentStatus, ErrorType, OrderDirection, model_set, parse_id, rows_of, search_text, set_of,
};
use super::loaders::{
    AgentConversationsKey, AgentCostRecordsKey, AgentDailyMetricsKey, TargetAuditLogsKey, UserKey, load_page,
};
use super::metrics::{CostRecord, DailyMetric};
use super::model::ModelInfo;
use super::range::{DateRange, DateTimeRange};
use super::scalars::DateTime;
use super::telemetry::TelemetrySummary;
use super::user::{User, user_row};
use crate::data::{self};
use crate::error::{ApiError, ApiResult};
use crate::store;
use crate::store::query::{AgentList, AgentSort, Days, Measure, agent_page};
use crate::store::{EntityRef, Snapshot};

/// An LLM agent in the fleet.
#[derive(Clone)]
pub struct Agent {
    snap: Arc<Snapshot>,
    row: u32,
}

impl Agent {
    pub fn from_row(snap: Arc<Snapshot>, row: u32) -> Self {
        Agent { snap, row }
    }

    fn record(&self) -> &data::Agent {
        &self.snap.dataset.agents[self.row as usize]
    }

    /// The window days a range covers, clamped to the window.
    fn days(&self, range: Option<DateRange>) -> ApiResult<(u32, u32)> {
        let window = &self.snap.dataset.window;
        let days = DateRange::resolve(range, window, "range")?.window_days(window);
        let clamp = |d: i64| d.clamp(0, window.days as i64) as u32;
        Ok((clamp(days.start), clamp(days.end).max(clamp(days.start))))
    }
}

/// The agent row of an entity reference.
pub fn agent_row(entity: EntityRef) -> Option<u32> {
    match entity {
        EntityRef::Agent(a) => Some(a),
        _ => None,
    }
}

/// Generation settings of an agent.
#[derive(SimpleObject)]
pub struct AgentConfig {
    /// Sampling temperature, 0.0 to 2.0 (the fleet uses 0.0 to 1.0).
    pub temperature: f64,
    /// Most tokens one response may use.
    pub max_tokens: i32,
    /// The instructions the agent runs with.
    pub system_prompt: String,
    /// Version of the system prompt: 1 at creation, one more per update.
    pub prompt_version: i32,
}

/// One change of an agent's status.
pub struct AgentStatusChange {
    snap: Arc<Snapshot>,
    change: data::StatusChange,
}

/// One change of an agent's status.
#[Object]
impl AgentStatusChange {
    /// The status it changed to.
    async fn status(&self) -> AgentStatus {
        self.change.status.into()
    }

    /// When.
    async fn at(&self) -> DateTime {
        DateTime(self.change.at)
    }

    /// Why, in a sentence.
    async fn reason(&self) -> &str {
        &self.change.reason
    }

    /// Whether the platform changed it (an automatic pause), not a user.
    async fn automatic(&self) -> bool {
        self.change.actor.is_none()
    }

    /// The user who changed it; null for an automatic change.
    async fn actor(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        let Some(actor) = self.change.actor else { return Ok(None) };
        let row = ctx.loader()?.load_one(UserKey(actor)).await?;
        Ok(row.map(|r| User::from_row(self.snap.clone(), r)))
    }
}

/// What set off an error agent's incident.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum IncidentCause {
    /// A user raised `maxTokens`: prompt plus reserved output overflow the context window.
    MaxTokensRaised,
    /// A user raised the temperature: tool calls come back malformed.
    TemperatureRaised,
    /// The model provider degraded (5xx errors, timeouts).
    ProviderOutage,
    /// The workspace hit the provider's rate limit.
    RateLimit,
}

/// How an error agent came to fail.
pub struct Incident {
    snap: Arc<Snapshot>,
    incident: data::Incident,
}

/// How an error agent came to fail: a cause, an onset, a dominant error
/// type and the automatic pause.
#[Object]
impl Incident {
    /// What set it off.
    async fn cause(&self) -> IncidentCause {
        match self.incident.cause {
            data::IncidentCause::MaxTokensRaised { .. } => IncidentCause::MaxTokensRaised,
            data::IncidentCause::TemperatureRaised { .. } => IncidentCause::TemperatureRaised,
            data::IncidentCause::ProviderOutage => IncidentCause::ProviderOutage,
            data::IncidentCause::RateLimit => IncidentCause::RateLimit,
        }
    }

    /// When failures started to climb (for a config change: the change).
    async fn onset(&self) -> DateTime {
        DateTime(self.incident.onset)
    }

    /// When the platform paused the agent in ERROR.
    async fn paused_at(&self) -> DateTime {
        DateTime(self.incident.failed_at)
    }

    /// The error type the incident added.
    async fn dominant_error_type(&self) -> ErrorType {
        self.incident.dominant.into()
    }

    /// The user whose change set it off; null for a provider-side cause.
    async fn changed_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        let Some(user) = self.incident.changed_by else { return Ok(None) };
        let row = ctx.loader()?.load_one(UserKey(user)).await?;
        Ok(row.map(|r| User::from_row(self.snap.clone(), r)))
    }
}

/// An agent's totals over the window: the exact roll-up of its daily metrics.
#[derive(SimpleObject)]
pub struct AgentMetrics {
    /// Sum of the daily conversation counts.
    pub total_conversations: i32,
    /// Mean reply latency over the window, ms (Σ latency / Σ replies of the
    /// daily metrics, one decimal); null without traffic.
    pub avg_response_time: Option<f64>,
    /// Σ succeeded / Σ conversations of the daily metrics (0..1, 4
    /// decimals); null without traffic.
    pub success_rate: Option<f64>,
}

/// An LLM agent in the fleet.
#[Object]
impl Agent {
    /// Unique id (UUID); also its global `Node` id.
    pub async fn id(&self) -> ID {
        ID(self.record().id.to_string())
    }

    /// Display name: the kind's base name and a number, e.g. "Customer Support Bot 42".
    async fn name(&self) -> &str {
        &self.record().name
    }

    /// What the agent is for.
    async fn kind(&self) -> AgentKind {
        self.record().kind.into()
    }

    /// One sentence on what the agent does.
    async fn description(&self) -> &'static str {
        self.record().description
    }

    /// The provider's model id, e.g. "gpt-4o-mini".
    async fn model(&self) -> &'static str {
        self.record().model.id()
    }

    /// The model with its prices.
    async fn model_info(&self) -> ModelInfo {
        ModelInfo(self.record().model)
    }

    /// Lifecycle state.
    async fn status(&self) -> AgentStatus {
        self.record().status.into()
    }

    /// When the agent was created.
    async fn created_at(&self) -> DateTime {
        DateTime(self.record().created_at)
    }

    /// When the agent last served traffic (the end of its active period).
    async fn last_active_at(&self) -> DateTime {
        DateTime(self.record().last_active_at)
    }

    /// Generation settings.
    async fn config(&self) -> AgentConfig {
        let c = &self.record().config;
        AgentConfig {
            temperature: c.temperature,
            max_tokens: c.max_tokens as i32,
            system_prompt: c.system_prompt.clone(),
            prompt_version: c.prompt_version as i32,
        }
    }

    /// Totals over the window.
    async fn metrics(&self) -> AgentMetrics {
        let m = &self.record().metrics;
        AgentMetrics {
            total_conversations: i32::try_from(m.total_conversations).unwrap_or(i32::MAX),
            avg_response_time: m.avg_response_time().map(data::shown_ms),
            success_rate: m.success_rate().map(data::shown_rate),
        }
    }

    /// The agent's telemetry over a range (default: the whole window):
    /// conversations, failures by type, latency and duration percentiles,
    /// sentiment, tokens and cost. Over the window, its counts are `metrics`'.
    async fn summary(&self, range: Option<DateRange>) -> async_graphql::Result<TelemetrySummary> {
        let (from, to) = self.days(range)?;
        Ok(TelemetrySummary::new(self.snap.agent_telemetry(self.row, from as i64..to as i64)))
    }

    /// Every change of the agent's status, oldest first: created, stops and
    /// starts from the audit trail, and an automatic pause for an agent in ERROR.
    async fn status_history(&self) -> Vec<AgentStatusChange> {
        self.record()
            .status_changes
            .iter()
            .map(|c| AgentStatusChange { snap: self.snap.clone(), change: c.clone() })
            .collect()
    }

    /// Why the agent is in its status: the reason of its latest status change.
    async fn status_reason(&self) -> Option<&str> {
        self.record().status_changes.last().map(|c| c.reason.as_str())
    }

    /// For an agent in ERROR: how it came to fail; null otherwise.
    async fn incident(&self) -> Option<Incident> {
        self.record().incident.clone().map(|incident| Incident { snap: self.snap.clone(), incident })
    }

    /// Id of the user who created the agent.
    async fn created_by_id(&self) -> ID {
        ID(self.snap.dataset.users[self.record().created_by as usize].id.to_string())
    }

    /// The user who created the agent.
    async fn created_by(&self, ctx: &Context<'_>) -> async_graphql::Result<User> {
        let row = ctx.loader()?.load_one(UserKey(self.record().created_by)).await?;
        let row = row.ok_or_else(|| ApiError::Internal("agent creator missing".into()))?;
        Ok(User::from_row(self.snap.clone(), row))
    }

    /// One row per window day (oldest first), optionally limited to a range.
    #[graphql(complexity = "crate::graphql::cost::days(&range, child_complexity)")]
    async fn daily_metrics(
        &self,
        ctx: &Context<'_>,
        range: Option<DateRange>,
    ) -> async_graphql::Result<Vec<DailyMetric>> {
        let key = AgentDailyMetricsKey { agent: self.row, days: self.days(range)? };
        let (start, end) = ctx.loader()?.load_one(key).await?.unwrap_or((0, 0));
        Ok((start..end).map(|r| DailyMetric::from_row(self.snap.clone(), r as u32)).collect())
    }

    /// One cost record per window day (oldest first), optionally limited to a range.
    #[graphql(complexity = "crate::graphql::cost::days(&range, child_complexity)")]
    async fn cost_records(
        &self,
        ctx: &Context<'_>,
        range: Option<DateRange>,
    ) -> async_graphql::Result<Vec<CostRecord>> {
        let key = AgentCostRecordsKey { agent: self.row, days: self.days(range)? };
        let (start, end) = ctx.loader()?.load_one(key).await?.unwrap_or((0, 0));
        Ok((start..end).map(|r| CostRecord::from_row(self.snap.clone(), r as u32)).collect())
    }

    /// The agent's conversation records, newest first by default.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "crate::graphql::cost::page(first, last, child_complexity)")]
    async fn conversations(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<ConversationFilter>,
        order_by: Option<ConversationOrder>,
    ) -> async_graphql::Result<ConversationConnection> {
        let (query, scope) =
            conversation_list_query(&self.snap, PageArgs { first, after, last, before }, filter, order_by)?;
        let key = AgentConversationsKey { agent: self.row, query: Arc::new(query) };
        let page = load_page(ctx, key).await?;
        Ok(ConversationConnection::new(self.snap.clone(), page, scope))
    }

    /// Audit entries about this agent, newest first by default.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "crate::graphql::cost::page(first, last, child_complexity)")]
    async fn audit_logs(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<AuditLogFilter>,
        order_by: Option<AuditLogOrder>,
    ) -> async_graphql::Result<AuditLogConnection> {
        let (query, scope) = audit_list_query(&self.snap, PageArgs { first, after, last, before }, filter, order_by)?;
        let key = TargetAuditLogsKey { agent: self.row, query: Arc::new(query) };
        let page = load_page(ctx, key).await?;
        Ok(AuditLogConnection::new(self.snap.clone(), page, scope))
    }
}

connection!(Agent, AgentConnection, AgentEdge, "agents", agents);

/// Which agents to list.
#[derive(InputObject, Default)]
pub struct AgentFilter {
    /// Only these agents.
    pub ids: Option<Vec<ID>>,
    /// Only agents in one of these states.
    pub status: Option<Vec<AgentStatus>>,
    /// Only agents on one of these models (provider ids such as "gpt-4o").
    pub model: Option<Vec<String>>,
    /// Only agents of one of these kinds.
    pub kind: Option<Vec<AgentKind>>,
    /// Only agents created by one of these users.
    pub created_by_ids: Option<Vec<ID>>,
    /// Case-insensitive text in the name.
    pub search: Option<String>,
    /// Only agents created in this interval.
    pub created_at: Option<DateTimeRange>,
}

/// Fields agents can be ordered by. The telemetry measures (from
/// `TOTAL_CONVERSATIONS` on) are taken over the list's `range` (default:
/// the whole window); agents without traffic sort last for rates and latencies.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AgentOrderField {
    Name,
    CreatedAt,
    LastActiveAt,
    Status,
    Model,
    /// Conversations.
    TotalConversations,
    /// Failed conversations.
    Failed,
    /// Success rate.
    SuccessRate,
    /// Error rate.
    ErrorRate,
    /// Mean reply latency.
    AvgResponseTime,
    /// 95th-percentile reply latency.
    P95Latency,
    /// USD.
    Cost,
    /// Input plus output tokens.
    Tokens,
    /// Mean sentiment score.
    Sentiment,
    /// Share resolved without a human.
    ResolutionRate,
}

impl AgentOrderField {
    /// The store's sort for a field.
    fn sort(self) -> AgentSort {
        AgentSort::Measure(match self {
            AgentOrderField::Name => return AgentSort::Name,
            AgentOrderField::CreatedAt => return AgentSort::CreatedAt,
            AgentOrderField::LastActiveAt => return AgentSort::LastActiveAt,
            AgentOrderField::Status => return AgentSort::Status,
            AgentOrderField::Model => return AgentSort::Model,
            AgentOrderField::TotalConversations => Measure::Conversations,
            AgentOrderField::Failed => Measure::Failed,
            AgentOrderField::SuccessRate => Measure::SuccessRate,
            AgentOrderField::ErrorRate => Measure::ErrorRate,
            AgentOrderField::AvgResponseTime => Measure::AvgResponseTime,
            AgentOrderField::P95Latency => Measure::P95Latency,
            AgentOrderField::Cost => Measure::Cost,
            AgentOrderField::Tokens => Measure::Tokens,
            AgentOrderField::Sentiment => Measure::Sentiment,
            AgentOrderField::ResolutionRate => Measure::ResolutionRate,
        })
    }
}

/// How to order agents.
#[derive(InputObject)]
pub struct AgentOrder {
    /// The field to sort by.
    pub field: AgentOrderField,
    /// Ascending (default) or descending.
    #[graphql(default)]
    pub direction: OrderDirection,
}

/// Checks an agent list request; `range` is the days telemetry measures are
/// ordered over. Gives the store's list and the cursor scope.
pub fn agent_list_query(
    snap: &Snapshot,
    page: PageArgs,
    filter: Option<AgentFilter>,
    order_by: Option<AgentOrder>,
    range: Option<DateRange>,
) -> ApiResult<(AgentList, Scope)> {
    let filter = filter.unwrap_or_default();
    let order = order_by.map_or((AgentOrderField::Name, OrderDirection::Asc), |o| (o.field, o.direction));
    let period = DateRange::resolve(range, &snap.dataset.window, "range")?;
    let sort = order.0.sort();
    // A cursor holds only for the list it came from: the range is part of it.
    let scope = match sort {
        AgentSort::Measure(_) => format!("agents/{:?}_{}/{}+{}", order.0, order.1.as_str(), period.from, period.days),
        _ => format!("agents/{:?}_{}", order.0, order.1.as_str()),
    };
    let query = AgentList {
        filter: store::query::AgentFilter {
            ids: rows_of(snap, &filter.ids, "filter.ids", agent_row)?,
            statuses: set_of(&filter.status),
            models: model_set(&filter.model)?,
            kinds: set_of(&filter.kind),
            creators: rows_of(snap, &filter.created_by_ids, "filter.createdByIds", user_row)?,
            search: search_text(&filter.search)?,
            created: DateTimeRange::checked(filter.created_at, "filter.createdAt")?,
        },
        sort,
        descending: order.1.descending(),
        days: Days { from: period.from, days: period.days },
        page: page.spec(snap, &scope, agent_row)?,
    };
    Ok((query, scope))
}

/// Root fields for agents.
#[derive(Default)]
pub struct AgentQuery;

/// Root fields for agents.
#[Object]
impl AgentQuery {
    /// The fleet, ordered by name unless `orderBy` says otherwise; telemetry
    /// orders (cost, p95 latency, ...) are over `range` (default: the window).
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "crate::graphql::cost::page(first, last, child_complexity)")]
    async fn agents(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<AgentFilter>,
        order_by: Option<AgentOrder>,
        range: Option<DateRange>,
    ) -> async_graphql::Result<AgentConnection> {
        let snap = ctx.snapshot()?.clone();
        let (query, scope) = agent_list_query(&snap, PageArgs { first, after, last, before }, filter, order_by, range)?;
        let page = agent_page(&snap, None, &query);
        Ok(AgentConnection::new(snap, page, scope))
    }

    /// One agent by id; null when no agent has it.
    async fn agent(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<Agent>> {
        let snap = ctx.snapshot()?;
        Ok(snap.agent_ix(parse_id(&id, "id")?).map(|row| Agent::from_row(snap.clone(), row)))
    }
}
