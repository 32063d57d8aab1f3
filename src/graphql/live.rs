//! Subscriptions: the dashboard live. Every root field follows the store's
//! changes ([`crate::store::Store::subscribe`]: mutations and the
//! simulator alike), keeps the events its arguments ask for, and gives each
//! as an object over the snapshot that change made, so its nested fields
//! (relations through the loaders, masked fields by the viewer's role)
//! resolve exactly as a query's would on that state.

use std::sync::Arc;

use async_graphql::{Context, Enum, ID, Object, Subscription};
use futures_util::stream::{self, Stream, StreamExt};

use super::agent::{Agent, AgentStatusChange};
use super::analytics::FleetKpis;
use super::audit::{AuditLog, AuditLogFilter, audit_filter};
use super::context::ContextExt;
use super::conversation::Conversation;
use super::enums::{AgentStatus, Channel, Complexity, parse_id};
use super::metrics::DailyMetric;
use super::range::Period;
use super::scalars::{Date, DateTime};
use crate::data;
use crate::error::{ApiError, ApiResult};
use crate::store::writes::Event;
use crate::store::{AgentSet, CellMask, Change, Snapshot};

/// The root subscription fields.
#[derive(Default)]
pub struct Subscription;

/// The agent row an `agentId` argument names, in the viewer's snapshot.
fn agent_filter(ctx: &Context<'_>, id: &Option<ID>) -> ApiResult<Option<u32>> {
    let Some(id) = id else { return Ok(None) };
    let snap = ctx.snapshot()?;
    let uuid = parse_id(id, "agentId")?;
    snap.agent_ix(uuid).map(Some).ok_or_else(|| ApiError::bad_input(format!("no agent has the id {uuid}")))
}

/// The store's changes from now on, each turned into the events `pick`
/// keeps (in order). A subscriber that falls more than the store's buffer
/// behind gets one `EVENTS_MISSED` error and carries on.
fn follow<T, F>(ctx: &Context<'_>, pick: F) -> ApiResult<impl Stream<Item = async_graphql::Result<T>> + Send + 'static>
where
    T: Send + 'static,
    F: FnMut(&Arc<Change>) -> Vec<T> + Send + 'static,
{
    let store =
        ctx.request()?.feed.clone().ok_or_else(|| ApiError::Internal("a subscription without a store".into()))?;
    let changes = store.subscribe();
    let batches = stream::unfold((changes, pick), |(mut changes, mut pick)| async move {
        use tokio::sync::broadcast::error::RecvError;
        loop {
            match changes.recv().await {
                Ok(change) => {
                    let events: Vec<async_graphql::Result<T>> = pick(&change).into_iter().map(Ok).collect();
                    if !events.is_empty() {
                        return Some((events, (changes, pick)));
                    }
                }
                Err(RecvError::Lagged(count)) => {
                    return Some((vec![Err(ApiError::EventsMissed { count }.into())], (changes, pick)));
                }
                Err(RecvError::Closed) => return None,
            }
        }
    });
    Ok(batches.flat_map(stream::iter))
}

/// The audit entry a change wrote about agent `agent` (a user's write
/// writes one; the platform's automatic pause none).
fn audit_of(change: &Change, agent: u32) -> Option<u32> {
    let d = &change.snapshot.dataset;
    let mut entries = change.events.iter().filter_map(|e| match e {
        Event::AuditLogAdded { entry } => Some(*entry),
        _ => None,
    });
    let about = entries
        .clone()
        .find(|&e| d.audit_logs.get(e as usize).is_some_and(|l| l.target == Some(data::AuditTarget::Agent(agent))));
    about.or_else(|| if change.actor.is_some() { entries.next() } else { None })
}

/// Root subscription fields: each delivers one event per matching change,
/// as the state after it.
#[Subscription]
impl Subscription {
    /// An agent's status changed: started, stopped, deleted, paused in
    /// ERROR by the platform (the simulator's incidents) or restarted.
    /// `agentId`: only that agent's changes; `status`: only changes to one
    /// of these statuses.
    async fn agent_status_changed(
        &self,
        ctx: &Context<'_>,
        agent_id: Option<ID>,
        status: Option<Vec<AgentStatus>>,
    ) -> async_graphql::Result<impl Stream<Item = async_graphql::Result<AgentStatusEvent>>> {
        let only = agent_filter(ctx, &agent_id)?;
        let statuses: Option<Vec<data::AgentStatus>> = status.map(|s| s.into_iter().map(Into::into).collect());
        Ok(follow(ctx, move |change| {
            change
                .events
                .iter()
                .filter_map(|e| match e {
                    Event::AgentStatusChanged { agent, from, to }
                        if only.is_none_or(|a| a == *agent) && statuses.as_ref().is_none_or(|s| s.contains(to)) =>
                    {
                        Some(AgentStatusEvent {
                            snap: change.snapshot.clone(),
                            agent: *agent,
                            from: *from,
                            to: *to,
                            audit: audit_of(change, *agent),
                        })
                    }
                    _ => None,
                })
                .collect()
        })?)
    }

    /// An agent was created, edited (name, description, system prompt),
    /// reconfigured (model, temperature, maxTokens) or deleted. `agentId`:
    /// only that agent's updates.
    async fn agent_updated(
        &self,
        ctx: &Context<'_>,
        agent_id: Option<ID>,
    ) -> async_graphql::Result<impl Stream<Item = async_graphql::Result<AgentUpdate>>> {
        let only = agent_filter(ctx, &agent_id)?;
        Ok(follow(ctx, move |change| {
            change
                .events
                .iter()
                .filter_map(|e| {
                    let (agent, kind, fields) = match e {
                        Event::AgentCreated { agent } => (*agent, AgentChange::Created, Vec::new()),
                        Event::AgentUpdated { agent, fields } => (*agent, AgentChange::Updated, fields.clone()),
                        Event::AgentDeleted { agent } => (*agent, AgentChange::Deleted, Vec::new()),
                        _ => return None,
                    };
                    only.is_none_or(|a| a == agent).then(|| AgentUpdate {
                        snap: change.snapshot.clone(),
                        agent,
                        change: kind,
                        fields,
                        audit: audit_of(change, agent),
                    })
                })
                .collect()
        })?)
    }

    /// A new entry of the audit trail (every write makes one; so does a
    /// user restarting an agent the simulator's incident paused), as the
    /// `auditLogs` feed with the same `filter` would list it.
    async fn audit_log_added(
        &self,
        ctx: &Context<'_>,
        filter: Option<AuditLogFilter>,
    ) -> async_graphql::Result<impl Stream<Item = async_graphql::Result<AuditLog>>> {
        let filter = audit_filter(ctx.snapshot()?, filter.unwrap_or_default())?;
        Ok(follow(ctx, move |change| {
            change
                .events
                .iter()
                .filter_map(|e| match e {
                    Event::AuditLogAdded { entry } if filter.matches(&change.snapshot, *entry) => {
                        Some(AuditLog::from_row(change.snapshot.clone(), *entry))
                    }
                    _ => None,
                })
                .collect()
        })?)
    }

    /// A conversation started (the simulator's live traffic): every one.
    /// When it ends it counts in today's telemetry (`metricsUpdated`); if it
    /// is `recorded` (the sampled share of the traffic) it also becomes a
    /// record and `conversationEnded` fires. `agentId`: only that agent's
    /// conversations.
    async fn conversation_started(
        &self,
        ctx: &Context<'_>,
        agent_id: Option<ID>,
    ) -> async_graphql::Result<impl Stream<Item = async_graphql::Result<ConversationStart>>> {
        let only = agent_filter(ctx, &agent_id)?;
        Ok(follow(ctx, move |change| {
            change
                .events
                .iter()
                .filter_map(|e| match e {
                    Event::ConversationStarted { conversation, recorded }
                        if only.is_none_or(|a| a == conversation.agent) =>
                    {
                        Some(ConversationStart {
                            snap: change.snapshot.clone(),
                            record: conversation.clone(),
                            recorded: *recorded,
                        })
                    }
                    _ => None,
                })
                .collect()
        })?)
    }

    /// A conversation ended and was recorded (the sampled share of the
    /// traffic: as many as the seeded records are of theirs): the record,
    /// with its transcript, its telemetry counted. `agentId`: only that
    /// agent's conversations.
    async fn conversation_ended(
        &self,
        ctx: &Context<'_>,
        agent_id: Option<ID>,
    ) -> async_graphql::Result<impl Stream<Item = async_graphql::Result<Conversation>>> {
        let only = agent_filter(ctx, &agent_id)?;
        Ok(follow(ctx, move |change| {
            let d = &change.snapshot.dataset;
            change
                .events
                .iter()
                .filter_map(|e| match e {
                    Event::ConversationEnded { conversation }
                        if d.conversations
                            .get(*conversation as usize)
                            .is_some_and(|c| only.is_none_or(|a| a == c.agent)) =>
                    {
                        Some(Conversation::from_row(change.snapshot.clone(), *conversation))
                    }
                    _ => None,
                })
                .collect()
        })?)
    }

    /// Today's telemetry moved: the agents whose daily metrics changed,
    /// those rows, and the fleet's KPIs for today. At most one event per
    /// change; a reset or the window's roll at midnight moves every agent.
    /// `agentId`: only changes that move that agent's telemetry.
    async fn metrics_updated(
        &self,
        ctx: &Context<'_>,
        agent_id: Option<ID>,
    ) -> async_graphql::Result<impl Stream<Item = async_graphql::Result<MetricsUpdate>>> {
        let only = agent_filter(ctx, &agent_id)?;
        Ok(follow(ctx, move |change| {
            let everyone = || (0..change.snapshot.dataset.agents.len() as u32).collect::<Vec<u32>>();
            let moved: Vec<u32> = change
                .events
                .iter()
                .flat_map(|e| match e {
                    Event::MetricsUpdated { agents } => agents.clone(),
                    Event::DataReset => everyone(),
                    _ => Vec::new(),
                })
                .filter(|a| only.is_none_or(|o| o == *a))
                .collect();
            if moved.is_empty() {
                return Vec::new();
            }
            let mut agents = moved;
            agents.sort_unstable();
            agents.dedup();
            vec![MetricsUpdate { snap: change.snapshot.clone(), agents }]
        })?)
    }
}

/// An agent's status change.
pub struct AgentStatusEvent {
    snap: Arc<Snapshot>,
    agent: u32,
    from: data::AgentStatus,
    to: data::AgentStatus,
    audit: Option<u32>,
}

/// An agent's status change, as `agentStatusChanged` delivers it.
#[Object]
impl AgentStatusEvent {
    /// The agent, as it is after the change.
    async fn agent(&self) -> Agent {
        Agent::from_row(self.snap.clone(), self.agent)
    }

    /// Its status before.
    async fn from(&self) -> AgentStatus {
        self.from.into()
    }

    /// Its status now.
    async fn to(&self) -> AgentStatus {
        self.to.into()
    }

    /// The change as the agent's status history records it: when, why, by whom.
    async fn change(&self) -> Option<AgentStatusChange> {
        let agent = self.snap.dataset.agents.get(self.agent as usize)?;
        AgentStatusChange::new(self.snap.clone(), self.agent, agent.status_changes.len().checked_sub(1)?)
    }

    /// The audit entry of the change; null for the platform's own (an
    /// automatic pause).
    async fn audit_log(&self) -> Option<AuditLog> {
        self.audit.map(|row| AuditLog::from_row(self.snap.clone(), row))
    }
}

/// What happened to an agent.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgentChange {
    Created,
    Updated,
    Deleted,
}

/// An agent created, edited, reconfigured or deleted.
pub struct AgentUpdate {
    snap: Arc<Snapshot>,
    agent: u32,
    change: AgentChange,
    fields: Vec<&'static str>,
    audit: Option<u32>,
}

/// An agent created, edited, reconfigured or deleted, as `agentUpdated`
/// delivers it.
#[Object]
impl AgentUpdate {
    /// The agent, as it is after the change (a deleted one has `deletedAt`).
    async fn agent(&self) -> Agent {
        Agent::from_row(self.snap.clone(), self.agent)
    }

    /// What happened.
    async fn change(&self) -> AgentChange {
        self.change
    }

    /// The fields an update changed (`name`, `systemPrompt`, `model`,
    /// `temperature`, ...); empty for a creation or deletion.
    async fn fields(&self) -> &[&'static str] {
        &self.fields
    }

    /// The audit entry of the change.
    async fn audit_log(&self) -> Option<AuditLog> {
        self.audit.map(|row| AuditLog::from_row(self.snap.clone(), row))
    }
}

/// A conversation that started and is under way.
pub struct ConversationStart {
    snap: Arc<Snapshot>,
    record: Arc<data::Conversation>,
    recorded: bool,
}

/// A conversation that started and is under way, as `conversationStarted`
/// delivers it. If `recorded`, its record (`conversation(id:)`, with its
/// transcript) exists once it ends.
#[Object]
impl ConversationStart {
    /// Its id: the id of its record, if it becomes one.
    async fn id(&self) -> ID {
        ID(super::ids::uuid_text(self.record.id))
    }

    /// Whether it becomes a conversation record when it ends (the
    /// retained sample: the same share of the traffic as the seeded
    /// records, so the records stay a random sample). Every conversation
    /// counts in the telemetry either way.
    async fn recorded(&self) -> bool {
        self.recorded
    }

    /// Id of the agent handling it.
    async fn agent_id(&self) -> ID {
        ID(super::ids::uuid_text(self.snap.dataset.agents[self.record.agent as usize].id))
    }

    /// The agent handling it.
    async fn agent(&self) -> Agent {
        Agent::from_row(self.snap.clone(), self.record.agent)
    }

    /// What the end user came for.
    async fn title(&self) -> &str {
        &self.record.title
    }

    /// How much work the topic takes.
    async fn complexity(&self) -> Complexity {
        self.record.complexity.into()
    }

    /// Where it takes place.
    async fn channel(&self) -> Channel {
        self.record.channel.into()
    }

    /// When the end user's first message arrived.
    async fn started_at(&self) -> DateTime {
        DateTime(self.record.started_at)
    }

    /// The anonymous end user: `anon-` and 12 hex digits.
    async fn end_user_id(&self) -> ID {
        ID(self.record.end_user_id())
    }
}

/// Today's telemetry after a change.
pub struct MetricsUpdate {
    snap: Arc<Snapshot>,
    agents: Vec<u32>,
}

/// Today's telemetry after a change, as `metricsUpdated` delivers it.
#[Object]
impl MetricsUpdate {
    /// The moment the data reached: the end of the window (simulated time).
    async fn at(&self) -> DateTime {
        DateTime(self.snap.dataset.window.end())
    }

    /// Today (the window's last day, partial up to `at`).
    async fn date(&self) -> Date {
        let w = &self.snap.dataset.window;
        Date(w.date(w.last_day()))
    }

    /// The agents whose telemetry moved, by row order.
    async fn agents(&self) -> Vec<Agent> {
        self.agents.iter().map(|&a| Agent::from_row(self.snap.clone(), a)).collect()
    }

    /// Today's daily metrics of those agents, in the same order.
    async fn daily_metrics(&self) -> Vec<DailyMetric> {
        let d = &self.snap.dataset;
        let today = d.window.last_day();
        self.agents.iter().map(|&a| DailyMetric::from_row(self.snap.clone(), d.grid_row(a, today) as u32)).collect()
    }

    /// The fleet's KPIs for today, with yesterday's and the change against it.
    async fn today(&self) -> FleetKpis {
        let w = &self.snap.dataset.window;
        let period = Period { start: w.anchor_day_start(), end: w.anchor_day_start() + chrono::TimeDelta::days(1) };
        FleetKpis::new(self.snap.clone(), Arc::new(AgentSet::Cells(CellMask::ALL)), period)
    }
}
