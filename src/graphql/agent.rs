//! `Agent`: the fleet; the `agents` and `agent` queries.

use std::sync::Arc;

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};

use super::TypeReads;
use super::audit::{AuditLogConnection, AuditLogFilter, AuditLogOrder, audit_list_query};
use super::connection::{Page, PageArgs, PageInfo, PageOf, Scope};
use super::context::{ContextExt, Parsed};
use super::conversation::{ConversationConnection, ConversationFilter, ConversationOrder, conversation_list_query};
use super::enums::{
    AgentKind, AgentStatus, ErrorType, OrderDirection, OrderField, OrderKey, input_id, model_set, parse_id, rows_of,
    search_text, set_of,
};
use super::flat::{Flat, FlatList, FlatPage, FlatPageList};
use super::loaders::{
    AgentConversationsKey, AgentCostRecordsKey, AgentDailyMetricsKey, TargetAuditLogsKey, UserKey, load_page,
};
use super::metrics::{CostRecord, DailyMetric};
use super::model::ModelInfo;
use super::range::{DateRange, DateTimeRange, Period};
use super::scalars::DateTime;
use super::telemetry::{TelemetryMeasure, TelemetrySummary};
use super::text::text_fields;
use super::user::{User, user_row};
use crate::data::{self, catalogue::Capability};
use crate::error::{ApiError, ApiResult};
use crate::store;
use crate::store::Parts;
use crate::store::query::{AgentList, AgentSort, agent_page};
use crate::store::{EntityRef, Snapshot};

/// What the agent types' fields read ([`super::TypeReads`]): an agent's
/// own columns are `AGENTS`; its activity, totals and daily rows move with
/// the clock (`LIVE`); its relations read their own parts.
pub const READS: &[TypeReads] = &[
    TypeReads::each("Query", &[(Parts::AGENTS, &["agents", "agent"])]),
    TypeReads::each(
        "Agent",
        &[
            (
                Parts::AGENTS,
                &[
                    "id",
                    "name",
                    "kind",
                    "description",
                    "model",
                    "modelInfo",
                    "status",
                    "createdAt",
                    "deletedAt",
                    "config",
                    "statusHistory",
                    "statusReason",
                    "incident",
                    "createdById",
                ],
            ),
            (Parts::LIVE, &["lastActiveAt", "metrics", "summary", "dailyMetrics", "costRecords"]),
            (Parts::CONVERSATIONS, &["conversations"]),
            (Parts::AUDIT, &["auditLogs"]),
            (Parts::USERS, &["createdBy"]),
        ],
    ),
    TypeReads::all("AgentConfig", Parts::AGENTS),
    TypeReads::all("AgentMetrics", Parts::LIVE),
    TypeReads::each("AgentStatusChange", &[(Parts::AGENTS, &["id", "at", "status", "reason", "actor", "automatic"])]),
    TypeReads::each("Incident", &[(Parts::AGENTS, &["cause", "onset", "pausedAt", "dominantErrorType", "changedBy"])]),
    TypeReads::all("AgentConnection", Parts::NONE),
    TypeReads::each("AgentEdge", &[(Parts::NONE, &["cursor", "node", "rank"]), (Parts::LIVE, &["summary"])]),
];

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
        let days = DateRange::resolve_days(range, window, "range")?.window_days(window);
        let clamp = |d: i64| d.clamp(0, window.days as i64) as u32;
        Ok((clamp(days.start), clamp(days.end).max(clamp(days.start))))
    }
}

impl Agent {
    /// The agent's telemetry over `period` (days outside the window count
    /// nothing), with the id of what it covers.
    pub fn summary_over(&self, period: Period) -> TelemetrySummary {
        let span = period.window_hours(&self.snap.dataset.window);
        let id = super::ids::aggregate(&super::ids::agent(&self.snap, self.row), &super::ids::period(period));
        let covers =
            super::telemetry::Covers::new(self.snap.clone(), crate::store::AgentSet::Agents(vec![self.row]), span);
        TelemetrySummary::new(id, self.snap.agent_telemetry_in(self.row, span), covers)
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
pub struct AgentConfig(Agent);

/// Generation settings of an agent.
#[Object]
impl AgentConfig {
    /// Sampling temperature, 0.0 to 2.0 (the fleet uses 0.0 to 1.0).
    async fn temperature(&self) -> f64 {
        self.0.record().config.temperature
    }

    /// Most tokens one response may use.
    async fn max_tokens(&self) -> i32 {
        self.0.record().config.max_tokens as i32
    }

    /// The instructions the agent runs with. Admins and operators only
    /// (`VIEW_SYSTEM_PROMPTS`): null with a `FORBIDDEN` error for viewers
    /// and anonymous requests.
    async fn system_prompt(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<&str>> {
        ctx.require(&self.0.snap, Capability::ViewSystemPrompts, "systemPrompt")?;
        Ok(Some(&self.0.record().config.system_prompt))
    }

    /// Version of the system prompt: 1 at creation, one more per update.
    async fn prompt_version(&self) -> i32 {
        self.0.record().config.prompt_version as i32
    }
}

/// One change of an agent's status.
pub struct AgentStatusChange {
    snap: Arc<Snapshot>,
    id: String,
    change: data::StatusChange,
}

impl AgentStatusChange {
    /// Change `index` (from 0) of agent `agent`'s status history.
    pub fn new(snap: Arc<Snapshot>, agent: u32, index: usize) -> Option<Self> {
        let a = snap.dataset.agents.get(agent as usize)?;
        let change = a.status_changes.get(index)?.clone();
        let id = super::ids::part(&a.id.to_string(), &format!("status/{}", index + 1));
        Some(AgentStatusChange { snap, id, change })
    }
}

/// One change of an agent's status.
#[Object]
impl AgentStatusChange {
    /// The agent's id and the change's place in its history (from 1).
    async fn id(&self) -> ID {
        ID(self.id.clone())
    }

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
        let row = ctx.loader(&self.snap)?.load_one(UserKey(actor)).await?;
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
        let row = ctx.loader(&self.snap)?.load_one(UserKey(user)).await?;
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
        ID(super::ids::uuid_text(self.record().id))
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
    async fn description(&self) -> &str {
        &self.record().description
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

    /// When a user deleted the agent; null while it exists. A deleted agent
    /// is only reachable through its history (conversations, audit entries).
    async fn deleted_at(&self) -> Option<DateTime> {
        self.record().deleted_at.map(DateTime)
    }

    /// Generation settings.
    async fn config(&self) -> AgentConfig {
        AgentConfig(self.clone())
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
        let period = DateRange::resolve(range, &self.snap.dataset.window, "range")?;
        Ok(self.summary_over(period))
    }

    /// Every change of the agent's status, oldest first: created, stops and
    /// starts from the audit trail, and an automatic pause for an agent in ERROR.
    async fn status_history(&self) -> Vec<AgentStatusChange> {
        (0..self.record().status_changes.len())
            .filter_map(|i| AgentStatusChange::new(self.snap.clone(), self.row, i))
            .collect()
    }

    /// Why the agent is in its status: the reason of its latest status change.
    async fn status_reason(&self) -> Option<&str> {
        self.record().status_changes.back().map(|c| c.reason.as_str())
    }

    /// For an agent in ERROR: how it came to fail; null otherwise.
    async fn incident(&self) -> Option<Incident> {
        self.record().incident.clone().map(|incident| Incident { snap: self.snap.clone(), incident })
    }

    /// Id of the user who created the agent.
    async fn created_by_id(&self) -> ID {
        ID(super::ids::uuid_text(self.snap.dataset.users[self.record().created_by as usize].id))
    }

    /// The user who created the agent.
    async fn created_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Flat<User>> {
        let row = ctx.loader(&self.snap)?.load_one(UserKey(self.record().created_by)).await?;
        let row = row.ok_or_else(|| ApiError::Internal("agent creator missing".into()))?;
        Ok(Flat(User::from_row(self.snap.clone(), row)))
    }

    /// One row per window day (oldest first), optionally limited to a range.
    #[graphql(complexity = "crate::graphql::cost::days(&range, child_complexity)")]
    async fn daily_metrics(
        &self,
        ctx: &Context<'_>,
        range: Option<DateRange>,
    ) -> async_graphql::Result<FlatList<DailyMetric>> {
        let key = AgentDailyMetricsKey { agent: self.row, days: self.days(range)? };
        let (start, end) = ctx.loader(&self.snap)?.load_one(key).await?.unwrap_or((0, 0));
        Ok(FlatList((start..end).map(|r| DailyMetric::from_row(self.snap.clone(), r as u32)).collect()))
    }

    /// One cost record per window day (oldest first), optionally limited to a range.
    #[graphql(complexity = "crate::graphql::cost::days(&range, child_complexity)")]
    async fn cost_records(
        &self,
        ctx: &Context<'_>,
        range: Option<DateRange>,
    ) -> async_graphql::Result<FlatList<CostRecord>> {
        let key = AgentCostRecordsKey { agent: self.row, days: self.days(range)? };
        let (start, end) = ctx.loader(&self.snap)?.load_one(key).await?.unwrap_or((0, 0));
        Ok(FlatList((start..end).map(|r| CostRecord::from_row(self.snap.clone(), r as u32)).collect()))
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
    ) -> async_graphql::Result<FlatPage<ConversationConnection>> {
        let (query, scope) =
            conversation_list_query(&self.snap, PageArgs { first, after, last, before }, filter, order_by)?;
        let key = AgentConversationsKey { agent: self.row, query: Arc::new(query) };
        let page = load_page(ctx, &self.snap, key).await?;
        Ok(FlatPage(ConversationConnection::new(self.snap.clone(), page, scope)))
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
    ) -> async_graphql::Result<FlatPage<AuditLogConnection>> {
        let (query, scope) = audit_list_query(&self.snap, PageArgs { first, after, last, before }, filter, order_by)?;
        let key = TargetAuditLogsKey { agent: self.row, query: Arc::new(query) };
        let page = load_page(ctx, &self.snap, key).await?;
        Ok(FlatPage(AuditLogConnection::new(self.snap.clone(), page, scope)))
    }
}

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

/// Columns agents can be ordered by (telemetry measures go in
/// `AgentOrder.measure`).
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AgentOrderField {
    /// Display name, A to Z by default.
    Name,
    /// Creation time, newest first by default.
    CreatedAt,
    /// Last activity, most recent first by default.
    LastActiveAt,
    /// Status (ACTIVE, INACTIVE, ERROR), in that order by default.
    Status,
    /// Model id, A to Z by default.
    Model,
}

impl OrderField for AgentOrderField {
    fn natural(self) -> OrderDirection {
        match self {
            AgentOrderField::Name | AgentOrderField::Status | AgentOrderField::Model => OrderDirection::Asc,
            AgentOrderField::CreatedAt | AgentOrderField::LastActiveAt => OrderDirection::Desc,
        }
    }
}

/// How to order agents: by a column (`field`) or by a telemetry measure
/// over the list's `range` (`measure`), one of the two.
#[derive(InputObject)]
pub struct AgentOrder {
    /// A column: name, creation or last activity time, status, model.
    pub field: Option<AgentOrderField>,
    /// A telemetry measure over the list's `range` (default: the window);
    /// agents without a value for it (a rate without traffic) come last.
    pub measure: Option<TelemetryMeasure>,
    /// Omitted: names and categories ascending, times and measures
    /// descending (see `OrderDirection`).
    pub direction: Option<OrderDirection>,
}

/// Checks an agent list request; `range` is the days telemetry measures are
/// ordered over (and the edges' `summary` covers). Gives the store's list,
/// the cursor scope and the range.
pub fn agent_list_query(
    snap: &Snapshot,
    page: PageArgs,
    filter: Option<AgentFilter>,
    order_by: Option<AgentOrder>,
    range: Option<DateRange>,
) -> ApiResult<(AgentList, Scope, Period)> {
    let filter = filter.unwrap_or_default();
    let (key, direction) = match order_by {
        None => (OrderKey::Field(AgentOrderField::Name), None),
        Some(o) => (OrderKey::of(o.field, o.measure)?, o.direction),
    };
    let direction = key.direction(direction);
    let period = DateRange::resolve(range, &snap.dataset.window, "range")?;
    let sort = match key {
        OrderKey::Field(AgentOrderField::Name) => AgentSort::Name,
        OrderKey::Field(AgentOrderField::CreatedAt) => AgentSort::CreatedAt,
        OrderKey::Field(AgentOrderField::LastActiveAt) => AgentSort::LastActiveAt,
        OrderKey::Field(AgentOrderField::Status) => AgentSort::Status,
        OrderKey::Field(AgentOrderField::Model) => AgentSort::Model,
        OrderKey::Measure(m) => AgentSort::Measure(m.into()),
    };
    // A cursor holds only for the list it came from: the range is part of it.
    let scope = match sort {
        AgentSort::Measure(_) => {
            let over = match period.is_whole_days() {
                true => format!("{}+{}", period.from(), period.days()),
                false => super::ids::period(period),
            };
            format!("agents/{}_{}/{over}", key.scope(), direction.as_str())
        }
        _ => format!("agents/{}_{}", key.scope(), direction.as_str()),
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
        descending: direction.descending(),
        span: period.window_hours(&snap.dataset.window),
        page: page.spec(snap, &scope, agent_row)?,
    };
    Ok((query, scope, period))
}

/// A page of agents.
pub struct AgentConnection {
    page: PageOf,
    /// The list's range: the edges' `summary` covers it.
    period: Period,
}

impl AgentConnection {
    /// The page `page` of a list whose cursors are scoped to `scope`,
    /// ordered over `period`.
    pub fn new(snap: Arc<Snapshot>, page: Page, scope: Scope, period: Period) -> Self {
        let id_of = |s: &Snapshot, row: u32| s.dataset.agents[row as usize].id;
        AgentConnection { page: PageOf { snap, page, scope, id_of }, period }
    }
}

/// One agent of a list with its cursor, its place in the list's order and
/// its telemetry over the list's range.
pub struct AgentEdge {
    cursor: String,
    rank: usize,
    node: Agent,
    period: Period,
}

/// One agent of a list with its cursor, its place in the list's order and
/// its telemetry over the list's range: the figures a leaderboard shows
/// come from the same range as its order.
#[Object]
impl AgentEdge {
    /// Opaque cursor of this record, for `after` / `before`.
    async fn cursor(&self) -> &str {
        &self.cursor
    }

    /// The record.
    async fn node(&self) -> Flat<&Agent> {
        Flat(&self.node)
    }

    /// Position in the whole list's order, from 1: page two of ten starts
    /// at 11. Ties take consecutive ranks in a fixed order.
    async fn rank(&self) -> i32 {
        i32::try_from(self.rank).unwrap_or(i32::MAX)
    }

    /// The agent's telemetry over the list's `range` (the window when the
    /// list has none): the range a `measure` order ranks by.
    async fn summary(&self) -> TelemetrySummary {
        self.node.summary_over(self.period)
    }
}

/// A page of agents.
#[Object]
impl AgentConnection {
    /// The page's records with their cursors, ranks and summaries.
    async fn edges(&self) -> FlatPageList<AgentEdge> {
        let p = &self.page;
        FlatPageList(
            p.page
                .rows
                .iter()
                .enumerate()
                .map(|(i, &row)| AgentEdge {
                    cursor: p.cursor(row),
                    rank: p.page.start + i + 1,
                    node: Agent::from_row(p.snap.clone(), row),
                    period: self.period,
                })
                .collect(),
        )
    }

    /// The page's records, without cursors.
    async fn nodes(&self) -> FlatList<Agent> {
        FlatList(self.page.page.rows.iter().map(|&row| Agent::from_row(self.page.snap.clone(), row)).collect())
    }

    /// Where this page sits in the list.
    async fn page_info(&self) -> FlatPage<PageInfo> {
        FlatPage(self.page.page_info())
    }

    /// Records matching the filter, across all pages.
    async fn total_count(&self) -> i32 {
        i32::try_from(self.page.page.total).unwrap_or(i32::MAX)
    }
}

text_fields!(Agent {
    "id" => id,
    "name" => name,
    "kind" => kind,
    "description" => description,
    "model" => model,
    "status" => status,
    "createdAt" => created_at,
    "lastActiveAt" => last_active_at,
    "deletedAt" => deleted_at,
    "statusReason" => status_reason,
    "createdById" => created_by_id,
});

text_fields!(AgentEdge {
    "cursor" => cursor,
    "rank" => rank,
});

text_fields!(AgentConnection {
    "totalCount" => total_count,
});

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
    ) -> async_graphql::Result<FlatPage<AgentConnection>> {
        let snap = ctx.snapshot()?.clone();
        let (query, scope, period) =
            agent_list_query(&snap, PageArgs { first, after, last, before }, filter, order_by, range)?;
        let page = agent_page(&snap, None, &query);
        Ok(FlatPage(AgentConnection::new(snap, page, scope, period)))
    }

    /// One agent by id; null when no agent has it.
    async fn agent(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<Agent>> {
        let snap = ctx.snapshot()?;
        Ok(snap.agent_ix(parse_id(&id, "id")?).map(|row| Agent::from_row(snap.clone(), row)))
    }
}

/// A new agent. It starts `INACTIVE` with no traffic; `startAgent` runs it.
#[derive(InputObject)]
pub struct CreateAgentInput {
    /// Display name, 1 to 80 characters, unique among agents (any case).
    pub name: String,
    /// What the agent is for; picks its default description and prompt.
    pub kind: AgentKind,
    /// One sentence on what it does (default: the kind's first).
    pub description: Option<String>,
    /// A model id the workspace policy allows, e.g. "gpt-4o-mini".
    pub model: String,
    /// 0.0 to 2.0 (default 0.7).
    pub temperature: Option<f64>,
    /// 1 to the model's completion limit (default 1024).
    pub max_tokens: Option<i32>,
    /// Up to 8000 characters (default: a prompt written for the kind).
    pub system_prompt: Option<String>,
}

/// Changes to an agent's descriptive fields; omitted fields stay.
#[derive(InputObject)]
pub struct UpdateAgentInput {
    /// The agent to change.
    pub id: ID,
    /// A new display name, 1 to 80 characters, unique among agents (any case).
    pub name: Option<String>,
    /// A new one-sentence description.
    pub description: Option<String>,
    /// A new system prompt: the prompt version goes up by one.
    pub system_prompt: Option<String>,
}

/// Changes to an agent's generation settings (`config.changed`); omitted
/// fields stay. New traffic bills the new model; past rows keep theirs.
#[derive(InputObject)]
pub struct UpdateAgentConfigInput {
    /// The agent to change.
    pub id: ID,
    /// A model id the workspace policy allows, e.g. "gpt-4o".
    pub model: Option<String>,
    /// 0.0 to 2.0.
    pub temperature: Option<f64>,
    /// 1 to the model's completion limit.
    pub max_tokens: Option<i32>,
}

/// Which agent to start.
#[derive(InputObject)]
pub struct StartAgentInput {
    /// The agent to start.
    pub id: ID,
}

/// Which agent to stop, and why.
#[derive(InputObject)]
pub struct StopAgentInput {
    /// The agent to stop.
    pub id: ID,
    /// Why, for its status history (default: `Stopped by <name>`).
    pub reason: Option<String>,
}

/// Which agent to delete.
#[derive(InputObject)]
pub struct DeleteAgentInput {
    /// The agent to delete.
    pub id: ID,
}

/// What an agent write changed: the agent (as it now is) and its audit entry.
pub struct AgentPayload {
    applied: crate::store::writes::Applied,
    row: u32,
}

/// What an agent write changed: the agent (as it now is) and its audit entry.
#[Object]
impl AgentPayload {
    /// The agent after the write (for `deleteAgent`: its last state, with `deletedAt`).
    async fn agent(&self) -> Agent {
        Agent::from_row(self.applied.snapshot.clone(), self.row)
    }

    /// The one audit entry the write made.
    async fn audit_log(&self) -> Option<super::audit::AuditLog> {
        self.applied.audit.map(|row| super::audit::AuditLog::from_row(self.applied.snapshot.clone(), row))
    }
}

impl AgentPayload {
    fn of(applied: crate::store::writes::Applied) -> ApiResult<Self> {
        match applied.written {
            crate::store::writes::Written::Agent(row) => Ok(AgentPayload { applied, row }),
            _ => Err(ApiError::Internal("an agent write wrote no agent".into())),
        }
    }
}

/// A count an input gives as a GraphQL `Int`, for a command's `u32`.
fn count_input(value: Option<i32>, field: &str) -> ApiResult<Option<u32>> {
    value
        .map(|v| {
            u32::try_from(v).map_err(|_| ApiError::InvalidField {
                field: field.to_string(),
                message: format!("`{field}`: must be positive, got {v}"),
            })
        })
        .transpose()
}

/// Mutations of agents.
#[derive(Default)]
pub struct AgentMutation;

#[Object]
impl AgentMutation {
    /// Creates an agent (`agent.created`). Admins and operators.
    async fn create_agent(
        &self,
        ctx: &Context<'_>,
        input: CreateAgentInput,
    ) -> async_graphql::Result<Option<AgentPayload>> {
        let mut parsed = Parsed::default();
        let command = store::writes::Command::CreateAgent {
            name: input.name,
            kind: input.kind.into(),
            description: input.description,
            model: input.model,
            temperature: input.temperature,
            max_tokens: parsed.take(count_input(input.max_tokens, "input.maxTokens")),
            system_prompt: input.system_prompt,
        };
        Ok(Some(AgentPayload::of(ctx.write_parsed(command, parsed)?)?))
    }

    /// Renames an agent, or changes its description or system prompt
    /// (`agent.updated`). Admins and operators.
    async fn update_agent(
        &self,
        ctx: &Context<'_>,
        input: UpdateAgentInput,
    ) -> async_graphql::Result<Option<AgentPayload>> {
        let mut parsed = Parsed::default();
        let command = store::writes::Command::UpdateAgent {
            agent: parsed.take(input_id(&input.id, "input.id")),
            name: input.name,
            description: input.description,
            system_prompt: input.system_prompt,
        };
        Ok(Some(AgentPayload::of(ctx.write_parsed(command, parsed)?)?))
    }

    /// Changes an agent's model, temperature or maxTokens (`config.changed`).
    /// Admins and operators.
    async fn update_agent_config(
        &self,
        ctx: &Context<'_>,
        input: UpdateAgentConfigInput,
    ) -> async_graphql::Result<Option<AgentPayload>> {
        let mut parsed = Parsed::default();
        let command = store::writes::Command::UpdateAgentConfig {
            agent: parsed.take(input_id(&input.id, "input.id")),
            model: input.model,
            temperature: input.temperature,
            max_tokens: parsed.take(count_input(input.max_tokens, "input.maxTokens")),
        };
        Ok(Some(AgentPayload::of(ctx.write_parsed(command, parsed)?)?))
    }

    /// Starts an agent (`agent.started`): it becomes `ACTIVE`. Admins and operators.
    async fn start_agent(
        &self,
        ctx: &Context<'_>,
        input: StartAgentInput,
    ) -> async_graphql::Result<Option<AgentPayload>> {
        let mut parsed = Parsed::default();
        let command = store::writes::Command::StartAgent { agent: parsed.take(input_id(&input.id, "input.id")) };
        Ok(Some(AgentPayload::of(ctx.write_parsed(command, parsed)?)?))
    }

    /// Stops an agent (`agent.stopped`): it becomes `INACTIVE`. Admins and operators.
    async fn stop_agent(
        &self,
        ctx: &Context<'_>,
        input: StopAgentInput,
    ) -> async_graphql::Result<Option<AgentPayload>> {
        let mut parsed = Parsed::default();
        let agent = parsed.take(input_id(&input.id, "input.id"));
        let command = store::writes::Command::StopAgent { agent, reason: input.reason };
        Ok(Some(AgentPayload::of(ctx.write_parsed(command, parsed)?)?))
    }

    /// Deletes an agent (`agent.deleted`). Admins only. The agent leaves
    /// every list, count and lookup; its conversations, daily metrics, costs
    /// and audit entries stay, and so does its traffic in fleet totals.
    async fn delete_agent(
        &self,
        ctx: &Context<'_>,
        input: DeleteAgentInput,
    ) -> async_graphql::Result<Option<AgentPayload>> {
        let mut parsed = Parsed::default();
        let command = store::writes::Command::DeleteAgent { agent: parsed.take(input_id(&input.id, "input.id")) };
        Ok(Some(AgentPayload::of(ctx.write_parsed(command, parsed)?)?))
    }
}
