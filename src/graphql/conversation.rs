//! `Conversation` (with its `Message` transcript): the retained sample of
//! agent traffic; the `conversations` and `conversation` queries.

use std::collections::BTreeSet;
use std::sync::Arc;

use async_graphql::{Context, Enum, ID, InputObject, Object};

use super::agent::{Agent, agent_row};
use super::connection::{Page, PageArgs, PageSpec, Rows, Scope, by_key, connection, paginate, sorted};
use super::context::ContextExt;
use super::enums::{
    Channel, Complexity, ErrorType, MessageRole, OrderDirection, Outcome, Sentiment, allows, matches_search, model_set,
    parse_id, rows_of, search_text, set_of,
};
use super::loaders::{AgentKey, MessagesKey};
use super::model::ModelInfo;
use super::range::{DateTimeRange, Instants};
use super::scalars::DateTime;
use crate::data::{self, messages, transcript::Speaker};
use crate::error::{ApiError, ApiResult};
use crate::store::{EntityRef, Snapshot};

/// A conversation between an anonymous end user and an agent: a retained,
/// detailed sample of the traffic the daily metrics count.
#[derive(Clone)]
pub struct Conversation {
    snap: Arc<Snapshot>,
    row: u32,
}

impl Conversation {
    pub fn from_row(snap: Arc<Snapshot>, row: u32) -> Self {
        Conversation { snap, row }
    }

    fn record(&self) -> &data::Conversation {
        &self.snap.dataset.conversations[self.row as usize]
    }
}

/// The conversation row of an entity reference.
pub fn conversation_row(entity: EntityRef) -> Option<u32> {
    match entity {
        EntityRef::Conversation(c) => Some(c),
        _ => None,
    }
}

/// A conversation between an anonymous end user and an agent: a retained,
/// detailed sample of the traffic the daily metrics count.
#[Object]
impl Conversation {
    /// Unique id (UUID); also its global `Node` id.
    pub async fn id(&self) -> ID {
        ID(self.record().id.to_string())
    }

    /// Id of the agent that handled it.
    async fn agent_id(&self) -> ID {
        ID(self.snap.dataset.agents[self.record().agent as usize].id.to_string())
    }

    /// The agent that handled it.
    async fn agent(&self, ctx: &Context<'_>) -> async_graphql::Result<Agent> {
        let row = ctx.loader()?.load_one(AgentKey(self.record().agent)).await?;
        let row = row.ok_or_else(|| ApiError::Internal("conversation agent missing".into()))?;
        Ok(Agent::from_row(self.snap.clone(), row))
    }

    /// What the end user came for, e.g. "Refund for a double charge".
    async fn title(&self) -> &str {
        &self.record().title
    }

    /// How much work the topic takes.
    async fn complexity(&self) -> Complexity {
        self.record().complexity.into()
    }

    /// Where it took place.
    async fn channel(&self) -> Channel {
        self.record().channel.into()
    }

    /// When the end user's first message arrived.
    async fn started_at(&self) -> DateTime {
        DateTime(self.record().started_at)
    }

    /// When the last message was sent.
    async fn ended_at(&self) -> DateTime {
        DateTime(self.record().ended_at)
    }

    /// `endedAt - startedAt`, in milliseconds.
    async fn duration_ms(&self) -> i32 {
        i32::try_from(self.record().duration_ms()).unwrap_or(i32::MAX)
    }

    /// Messages exchanged, both sides.
    async fn message_count(&self) -> i32 {
        self.record().message_count as i32
    }

    /// How the end user felt.
    async fn sentiment(&self) -> Sentiment {
        self.record().sentiment.into()
    }

    /// Whether the agent resolved the request without a human.
    async fn resolved(&self) -> bool {
        self.record().resolved
    }

    /// The anonymous end user: `anon-` and 12 hex digits.
    async fn end_user_id(&self) -> String {
        self.record().end_user_id()
    }

    /// Whether it completed or ended on an error.
    async fn outcome(&self) -> Outcome {
        if self.record().outcome.error().is_some() { Outcome::Failed } else { Outcome::Succeeded }
    }

    /// The error it ended on; null when it succeeded.
    async fn error_type(&self) -> Option<ErrorType> {
        self.record().outcome.error().map(Into::into)
    }

    /// Mean time the agent took to answer, in milliseconds (the mean of its
    /// replies' latencies, rounded).
    async fn avg_response_time(&self) -> i32 {
        self.record().avg_response_time as i32
    }

    /// The slowest reply's latency, in milliseconds; null without replies.
    async fn max_response_time(&self) -> Option<i32> {
        self.record().reply_latencies_ms.iter().max().map(|&l| l as i32)
    }

    /// Time the end user spent reading and typing between replies, in ms:
    /// `durationMs` is this plus every reply's latency.
    async fn think_time_ms(&self) -> i32 {
        i32::try_from(self.record().think_ms).unwrap_or(i32::MAX)
    }

    /// Prompt tokens of every model call behind the replies (system prompt,
    /// retrieved context, history): the sum of the messages' `inputTokens`.
    async fn input_tokens(&self) -> i32 {
        self.record().input_tokens as i32
    }

    /// Completion tokens of those calls (replies, tool calls, reasoning):
    /// the sum of the messages' `outputTokens`.
    async fn output_tokens(&self) -> i32 {
        self.record().output_tokens as i32
    }

    /// Input plus output tokens.
    async fn total_tokens(&self) -> i32 {
        i32::try_from(self.record().input_tokens as u64 + self.record().output_tokens as u64).unwrap_or(i32::MAX)
    }

    /// The provider's model id that served it (the agent's at the time).
    async fn model(&self) -> &'static str {
        self.record().model.id()
    }

    /// The model with its prices.
    async fn model_info(&self) -> ModelInfo {
        ModelInfo(self.record().model)
    }

    /// USD its tokens cost at the model's prices, exact to the micro-dollar.
    async fn cost(&self) -> f64 {
        crate::data::catalogue::usd(self.record().cost_micros)
    }

    /// The transcript, oldest message first (`messageCount` messages).
    #[graphql(complexity = "crate::graphql::cost::transcript(child_complexity)")]
    async fn messages(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Message>> {
        let transcript = ctx.loader()?.load_one(MessagesKey(self.row)).await?.unwrap_or_default();
        Ok((0..transcript.len()).map(|index| Message { transcript: transcript.clone(), index }).collect())
    }
}

/// One message of a conversation.
pub struct Message {
    transcript: Arc<Vec<messages::Message>>,
    index: usize,
}

impl Message {
    fn record(&self) -> &messages::Message {
        &self.transcript[self.index]
    }
}

/// One message of a conversation.
#[Object]
impl Message {
    /// Unique id (UUID).
    async fn id(&self) -> ID {
        ID(self.record().id.to_string())
    }

    /// Position in the conversation, from 0.
    async fn index(&self) -> i32 {
        self.index as i32
    }

    /// Who wrote it.
    async fn role(&self) -> MessageRole {
        match self.record().speaker {
            Speaker::User => MessageRole::User,
            Speaker::Assistant => MessageRole::Assistant,
        }
    }

    /// The text.
    async fn content(&self) -> &str {
        &self.record().content
    }

    /// When it was sent.
    async fn created_at(&self) -> DateTime {
        DateTime(self.record().created_at)
    }

    /// Tokens of the message's own text.
    async fn tokens(&self) -> i32 {
        self.record().tokens as i32
    }

    /// For the agent's messages: how long it took to answer, in
    /// milliseconds (it arrived that long after the user's message).
    async fn latency_ms(&self) -> Option<i32> {
        self.record().latency_ms.map(|l| l as i32)
    }

    /// For the agent's messages: the prompt tokens of the model calls behind
    /// it (they grow with the history); null for the user's.
    async fn input_tokens(&self) -> Option<i32> {
        self.record().input_tokens.map(|t| t as i32)
    }

    /// For the agent's messages: the completion tokens behind it (the reply,
    /// tool calls and reasoning); null for the user's.
    async fn output_tokens(&self) -> Option<i32> {
        self.record().output_tokens.map(|t| t as i32)
    }
}

connection!(Conversation, ConversationConnection, ConversationEdge, "conversations", conversations);

/// Which conversations to list.
#[derive(InputObject, Default)]
pub struct ConversationFilter {
    /// Only these conversations.
    pub ids: Option<Vec<ID>>,
    /// Only conversations handled by one of these agents.
    pub agent_ids: Option<Vec<ID>>,
    /// Only conversations with one of these sentiments.
    pub sentiment: Option<Vec<Sentiment>>,
    /// Only resolved (true) or unresolved (false) conversations.
    pub resolved: Option<bool>,
    /// Only conversations on one of these channels.
    pub channel: Option<Vec<Channel>>,
    /// Only conversations of one of these complexities.
    pub complexity: Option<Vec<Complexity>>,
    /// Only conversations served by one of these models (provider ids such as "gpt-4o").
    pub model: Option<Vec<String>>,
    /// Only conversations with one of these outcomes.
    pub outcome: Option<Vec<Outcome>>,
    /// Only failed conversations with one of these error types.
    pub error_type: Option<Vec<ErrorType>>,
    /// Only conversations that cost at least this much, USD.
    pub min_cost: Option<f64>,
    /// Only conversations whose mean reply latency is at least this, ms.
    pub min_latency_ms: Option<i32>,
    /// Only conversations started in this interval.
    pub started_at: Option<DateTimeRange>,
    /// Case-insensitive text in the title.
    pub search: Option<String>,
}

/// Fields conversations can be ordered by.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConversationOrderField {
    StartedAt,
    Duration,
    MessageCount,
    /// USD.
    Cost,
    /// Mean reply latency.
    Latency,
    /// Input plus output tokens.
    Tokens,
}

/// How to order conversations.
#[derive(InputObject)]
pub struct ConversationOrder {
    /// The field to sort by.
    pub field: ConversationOrderField,
    /// Ascending (default) or descending.
    #[graphql(default)]
    pub direction: OrderDirection,
}

/// A checked conversation list request.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ConversationListQuery {
    ids: Option<BTreeSet<u32>>,
    agents: Option<BTreeSet<u32>>,
    sentiments: Option<BTreeSet<data::Sentiment>>,
    resolved: Option<bool>,
    channels: Option<BTreeSet<data::Channel>>,
    complexities: Option<BTreeSet<data::kinds::Complexity>>,
    models: Option<BTreeSet<data::catalogue::Model>>,
    outcomes: Option<BTreeSet<Outcome>>,
    errors: Option<BTreeSet<data::ErrorType>>,
    min_cost_micros: Option<i64>,
    min_latency_ms: Option<u32>,
    started: Instants,
    search: Option<String>,
    order: (ConversationOrderField, OrderDirection),
    page: PageSpec,
}

impl ConversationListQuery {
    /// Whether any filter beyond the agent and time range (which the
    /// indices answer) is set.
    fn has_residual_filter(&self) -> bool {
        self.ids.is_some()
            || self.agents.is_some()
            || self.sentiments.is_some()
            || self.resolved.is_some()
            || self.channels.is_some()
            || self.complexities.is_some()
            || self.models.is_some()
            || self.outcomes.is_some()
            || self.errors.is_some()
            || self.min_cost_micros.is_some()
            || self.min_latency_ms.is_some()
            || self.search.is_some()
    }
}

/// Checks a conversation list request.
pub fn conversation_list_query(
    snap: &Snapshot,
    page: PageArgs,
    filter: Option<ConversationFilter>,
    order_by: Option<ConversationOrder>,
) -> ApiResult<(ConversationListQuery, Scope)> {
    let filter = filter.unwrap_or_default();
    let order = order_by.map_or((ConversationOrderField::StartedAt, OrderDirection::Desc), |o| (o.field, o.direction));
    let scope = format!("conversations/{:?}_{}", order.0, order.1.as_str());
    let query = ConversationListQuery {
        ids: rows_of(snap, &filter.ids, "filter.ids", conversation_row)?,
        agents: rows_of(snap, &filter.agent_ids, "filter.agentIds", agent_row)?,
        sentiments: set_of(&filter.sentiment),
        resolved: filter.resolved,
        channels: set_of(&filter.channel),
        complexities: set_of(&filter.complexity),
        models: model_set(&filter.model)?,
        outcomes: filter.outcome.map(|o| o.into_iter().collect()),
        errors: set_of(&filter.error_type),
        min_cost_micros: match filter.min_cost {
            Some(c) if !c.is_finite() || c < 0.0 => {
                return Err(ApiError::bad_input(format!("`filter.minCost` must be 0 or more, got {c}")));
            }
            c => c.map(|c| (c * 1e6).ceil() as i64),
        },
        min_latency_ms: match filter.min_latency_ms {
            Some(ms) if ms < 0 => {
                return Err(ApiError::bad_input(format!("`filter.minLatencyMs` must be 0 or more, got {ms}")));
            }
            ms => ms.map(|ms| ms as u32),
        },
        started: DateTimeRange::checked(filter.started_at, "filter.startedAt")?,
        search: search_text(&filter.search)?,
        order,
        page: page.spec(snap, &scope, conversation_row)?,
    };
    Ok((query, scope))
}

/// One page of conversations, optionally of one agent only.
pub fn conversation_page(snap: &Snapshot, agent: Option<u32>, q: &ConversationListQuery) -> Page {
    let d = &snap.dataset;
    let (from, to) = q.started;
    let (field, direction) = q.order;
    let desc = direction.descending();
    // A single agent filter at the root reads that agent's index.
    let agent = agent.or_else(|| q.agents.as_ref().filter(|a| a.len() == 1).and_then(|a| a.first().copied()));
    // Rows are in start-time order, so the time range is a binary search.
    let base = match agent {
        Some(a) => Rows::Slice(snap.agent_conversations(a, from, to), desc),
        None => Rows::Range(snap.conversations_between(from, to), desc),
    };
    let conversation = |r: u32| &d.conversations[r as usize];
    let keep = |r: u32| {
        let c = conversation(r);
        allows(&q.ids, &r)
            && allows(&q.agents, &c.agent)
            && allows(&q.sentiments, &c.sentiment)
            && q.resolved.is_none_or(|v| c.resolved == v)
            && allows(&q.channels, &c.channel)
            && allows(&q.complexities, &c.complexity)
            && allows(&q.models, &c.model)
            && q.outcomes.as_ref().is_none_or(|o| {
                o.contains(&if c.outcome.error().is_some() { Outcome::Failed } else { Outcome::Succeeded })
            })
            && q.errors.as_ref().is_none_or(|e| c.outcome.error().is_some_and(|x| e.contains(&x)))
            && q.min_cost_micros.is_none_or(|m| c.cost_micros >= m)
            && q.min_latency_ms.is_none_or(|m| c.avg_response_time >= m)
            && matches_search(&q.search, &c.title)
    };
    let rows = if q.has_residual_filter() { base.filtered(keep) } else { base };
    match field {
        ConversationOrderField::StartedAt => paginate(&rows, by_key(|r| r, desc), &q.page),
        ConversationOrderField::Duration => {
            let order = by_key(|r| conversation(r).duration_ms(), desc);
            paginate(&sorted(rows.iter().collect(), &order), order, &q.page)
        }
        ConversationOrderField::MessageCount => {
            let order = by_key(|r| conversation(r).message_count, desc);
            paginate(&sorted(rows.iter().collect(), &order), order, &q.page)
        }
        ConversationOrderField::Cost => {
            let order = by_key(|r| conversation(r).cost_micros, desc);
            paginate(&sorted(rows.iter().collect(), &order), order, &q.page)
        }
        ConversationOrderField::Latency => {
            let order = by_key(|r| conversation(r).avg_response_time, desc);
            paginate(&sorted(rows.iter().collect(), &order), order, &q.page)
        }
        ConversationOrderField::Tokens => {
            let order = by_key(|r| conversation(r).input_tokens as u64 + conversation(r).output_tokens as u64, desc);
            paginate(&sorted(rows.iter().collect(), &order), order, &q.page)
        }
    }
}

/// Root fields for conversations.
#[derive(Default)]
pub struct ConversationQuery;

/// Root fields for conversations.
#[Object]
impl ConversationQuery {
    /// Conversation records, newest first unless `orderBy` says otherwise.
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
        let snap = ctx.snapshot()?.clone();
        let (query, scope) = conversation_list_query(&snap, PageArgs { first, after, last, before }, filter, order_by)?;
        let page = conversation_page(&snap, None, &query);
        Ok(ConversationConnection::new(snap, page, scope))
    }

    /// One conversation by id; null when no conversation has it.
    async fn conversation(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<Conversation>> {
        let snap = ctx.snapshot()?;
        Ok(snap.conversation_ix(parse_id(&id, "id")?).map(|row| Conversation::from_row(snap.clone(), row)))
    }
}
