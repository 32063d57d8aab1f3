//! `Agent`: the fleet; the `agents` and `agent` queries.

use std::collections::BTreeSet;
use std::sync::Arc;

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};

use super::audit::{AuditLogConnection, AuditLogFilter, AuditLogOrder, audit_list_query};
use super::connection::{Page, PageArgs, PageSpec, Rows, Scope, by_key, connection, paginate, sorted};
use super::context::ContextExt;
use super::conversation::{ConversationConnection, ConversationFilter, ConversationOrder, conversation_list_query};
use super::enums::{
    AgentKind, AgentStatus, DateRange, DateTimeRange, OrderDirection, allows, matches_search, model_set, parse_id,
    rows_of, search_text, set_of,
};
use super::loaders::{
    AgentConversationsKey, AgentCostRecordsKey, AgentDailyMetricsKey, TargetAuditLogsKey, UserKey, load_page,
};
use super::metrics::{CostRecord, DailyMetric};
use super::model::ModelInfo;
use super::scalars::DateTime;
use super::user::{User, user_row};
use crate::data::{self, catalogue::Model};
use crate::error::{ApiError, ApiResult};
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

    /// The agent's window days covering `from..=to`.
    fn days(&self, from: Option<super::scalars::Date>, to: Option<super::scalars::Date>) -> ApiResult<(u32, u32)> {
        let (from, to) = DateRange::checked(Some(DateRange { from, to }), "date")?;
        let days = self.snap.day_range(from, to);
        Ok((days.start, days.end))
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
    /// Sampling temperature, 0.0 to 1.0.
    pub temperature: f64,
    /// Most tokens one response may use.
    pub max_tokens: i32,
    /// The instructions the agent runs with.
    pub system_prompt: &'static str,
}

/// An agent's totals over the window: the exact roll-up of its daily metrics.
#[derive(SimpleObject)]
pub struct AgentMetrics {
    /// Sum of the daily conversation counts.
    pub total_conversations: i32,
    /// Conversation-weighted mean of the daily average response times, in
    /// milliseconds; null without traffic.
    pub avg_response_time: Option<f64>,
    /// Conversation-weighted mean of the daily success rates (0..1); null without traffic.
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
        AgentConfig { temperature: c.temperature, max_tokens: c.max_tokens as i32, system_prompt: c.system_prompt }
    }

    /// Totals over the window.
    async fn metrics(&self) -> AgentMetrics {
        let m = &self.record().metrics;
        AgentMetrics {
            total_conversations: i32::try_from(m.total_conversations).unwrap_or(i32::MAX),
            avg_response_time: m.avg_response_time,
            success_rate: m.success_rate,
        }
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

    /// One row per window day (oldest first), optionally limited to `from..=to`.
    #[graphql(complexity = "crate::graphql::cost::days(from, to, child_complexity)")]
    async fn daily_metrics(
        &self,
        ctx: &Context<'_>,
        from: Option<super::scalars::Date>,
        to: Option<super::scalars::Date>,
    ) -> async_graphql::Result<Vec<DailyMetric>> {
        let key = AgentDailyMetricsKey { agent: self.row, days: self.days(from, to)? };
        let (start, end) = ctx.loader()?.load_one(key).await?.unwrap_or((0, 0));
        Ok((start..end).map(|r| DailyMetric::from_row(self.snap.clone(), r as u32)).collect())
    }

    /// One cost record per window day (oldest first), optionally limited to `from..=to`.
    #[graphql(complexity = "crate::graphql::cost::days(from, to, child_complexity)")]
    async fn cost_records(
        &self,
        ctx: &Context<'_>,
        from: Option<super::scalars::Date>,
        to: Option<super::scalars::Date>,
    ) -> async_graphql::Result<Vec<CostRecord>> {
        let key = AgentCostRecordsKey { agent: self.row, days: self.days(from, to)? };
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
    pub created_by: Option<Vec<ID>>,
    /// Case-insensitive text in the name.
    pub search: Option<String>,
    /// Only agents created in this interval.
    pub created_at: Option<DateTimeRange>,
}

/// Fields agents can be ordered by.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AgentOrderField {
    Name,
    CreatedAt,
    LastActiveAt,
    Status,
    Model,
    TotalConversations,
    SuccessRate,
    AvgResponseTime,
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

/// A checked agent list request.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AgentListQuery {
    ids: Option<BTreeSet<u32>>,
    statuses: Option<BTreeSet<data::AgentStatus>>,
    models: Option<BTreeSet<Model>>,
    kinds: Option<BTreeSet<data::kinds::AgentKind>>,
    creators: Option<BTreeSet<u32>>,
    search: Option<String>,
    created: (Option<chrono::DateTime<chrono::Utc>>, Option<chrono::DateTime<chrono::Utc>>),
    order: (AgentOrderField, OrderDirection),
    page: PageSpec,
}

impl AgentListQuery {
    /// The same request, narrowed to agents on `model`.
    pub fn on_model(mut self, model: Model) -> Self {
        self.models = Some(match self.models {
            Some(models) => models.into_iter().filter(|m| *m == model).collect(),
            None => [model].into(),
        });
        self
    }

    fn has_filter(&self) -> bool {
        self.ids.is_some()
            || self.statuses.is_some()
            || self.models.is_some()
            || self.kinds.is_some()
            || self.creators.is_some()
            || self.search.is_some()
            || self.created != (None, None)
    }
}

/// Checks an agent list request.
pub fn agent_list_query(
    snap: &Snapshot,
    page: PageArgs,
    filter: Option<AgentFilter>,
    order_by: Option<AgentOrder>,
) -> ApiResult<(AgentListQuery, Scope)> {
    let filter = filter.unwrap_or_default();
    let order = order_by.map_or((AgentOrderField::Name, OrderDirection::Asc), |o| (o.field, o.direction));
    let scope = format!("agents/{:?}_{}", order.0, order.1.as_str());
    let query = AgentListQuery {
        ids: rows_of(snap, &filter.ids, "filter.ids", agent_row)?,
        statuses: set_of(&filter.status),
        models: model_set(&filter.model)?,
        kinds: set_of(&filter.kind),
        creators: rows_of(snap, &filter.created_by, "filter.createdBy", user_row)?,
        search: search_text(&filter.search)?,
        created: DateTimeRange::checked(filter.created_at, "filter.createdAt")?,
        order,
        page: page.spec(snap, &scope, agent_row)?,
    };
    Ok((query, scope))
}

/// One page of agents, optionally only those `creator` created.
pub fn agent_page(snap: &Snapshot, creator: Option<u32>, q: &AgentListQuery) -> Page {
    let agents = &snap.dataset.agents;
    let agent = |r: u32| &agents[r as usize];
    let (field, direction) = q.order;
    let desc = direction.descending();
    let keep = |r: u32| {
        let a = agent(r);
        allows(&q.ids, &r)
            && allows(&q.statuses, &a.status)
            && allows(&q.models, &a.model)
            && allows(&q.kinds, &a.kind)
            && allows(&q.creators, &a.created_by)
            && matches_search(&q.search, &a.name)
            && q.created.0.is_none_or(|f| a.created_at >= f)
            && q.created.1.is_none_or(|t| a.created_at < t)
    };
    // By name, the index's order serves pages without sorting.
    if field == AgentOrderField::Name {
        let order = by_key(|r| snap.index.agent_name_rank[r as usize], desc);
        let base = match creator {
            Some(u) => sorted(snap.index.agents_by_creator[u as usize].clone(), &order),
            None => Rows::Slice(&snap.index.agents_by_name, desc),
        };
        let rows = if q.has_filter() { base.filtered(keep) } else { base };
        return paginate(&rows, order, &q.page);
    }
    let candidates: Vec<u32> = match creator {
        Some(u) => snap.index.agents_by_creator[u as usize].iter().copied().filter(|&r| keep(r)).collect(),
        None => (0..agents.len() as u32).filter(|&r| keep(r)).collect(),
    };
    let metric = |r: u32, f: fn(&data::AgentMetrics) -> Option<f64>| f(&agent(r).metrics).unwrap_or(-1.0);
    match field {
        AgentOrderField::Name | AgentOrderField::CreatedAt => {
            let order = by_key(|r| agent(r).created_at, desc);
            paginate(&sorted(candidates, &order), order, &q.page)
        }
        AgentOrderField::LastActiveAt => {
            let order = by_key(|r| agent(r).last_active_at, desc);
            paginate(&sorted(candidates, &order), order, &q.page)
        }
        AgentOrderField::Status => {
            let order = by_key(|r| agent(r).status, desc);
            paginate(&sorted(candidates, &order), order, &q.page)
        }
        AgentOrderField::Model => {
            let order = by_key(|r| agent(r).model.id(), desc);
            paginate(&sorted(candidates, &order), order, &q.page)
        }
        AgentOrderField::TotalConversations => {
            let order = by_key(|r| agent(r).metrics.total_conversations, desc);
            paginate(&sorted(candidates, &order), order, &q.page)
        }
        AgentOrderField::SuccessRate => {
            let order = by_key(|r| metric(r, |m| m.success_rate), desc);
            paginate(&sorted(candidates, &order), order, &q.page)
        }
        AgentOrderField::AvgResponseTime => {
            let order = by_key(|r| metric(r, |m| m.avg_response_time), desc);
            paginate(&sorted(candidates, &order), order, &q.page)
        }
    }
}

/// Root fields for agents.
#[derive(Default)]
pub struct AgentQuery;

/// Root fields for agents.
#[Object]
impl AgentQuery {
    /// The fleet, ordered by name unless `orderBy` says otherwise.
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
    ) -> async_graphql::Result<AgentConnection> {
        let snap = ctx.snapshot()?.clone();
        let (query, scope) = agent_list_query(&snap, PageArgs { first, after, last, before }, filter, order_by)?;
        let page = agent_page(&snap, None, &query);
        Ok(AgentConnection::new(snap, page, scope))
    }

    /// One agent by id; null when no agent has it.
    async fn agent(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<Agent>> {
        let snap = ctx.snapshot()?;
        Ok(snap.agent_ix(parse_id(&id, "id")?).map(|row| Agent::from_row(snap.clone(), row)))
    }
}
