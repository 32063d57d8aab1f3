//! `Conversation` (with its `Message` transcript): the retained sample of
//! agent traffic; the `conversations` and `conversation` queries.

use std::collections::BTreeSet;
use std::sync::Arc;

use async_graphql::{Context, Enum, ID, InputObject, Object};

use super::agent::{Agent, agent_row};
use super::connection::{Page, PageArgs, PageSpec, Rows, Scope, by_key, connection, paginate, sorted};
use super::context::ContextExt;
use super::enums::{
    Channel, Complexity, DateTimeRange, Instants, MessageRole, OrderDirection, Sentiment, allows, matches_search,
    parse_id, rows_of, search_text, set_of,
};
use super::loaders::{AgentKey, MessagesKey};
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
    async fn title(&self) -> &'static str {
        self.snap.dataset.agents[self.record().agent as usize].topic_title(self.record().topic)
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

    /// Mean time the agent took to answer, in milliseconds.
    async fn avg_response_time(&self) -> i32 {
        self.record().avg_response_time as i32
    }

    /// Tokens sent to the model over the conversation (prompts and context).
    async fn input_tokens(&self) -> i32 {
        self.record().input_tokens as i32
    }

    /// Tokens the model produced over the conversation.
    async fn output_tokens(&self) -> i32 {
        self.record().output_tokens as i32
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

    /// Tokens of this message.
    async fn tokens(&self) -> i32 {
        self.record().tokens as i32
    }

    /// For the agent's messages: how long it took to answer, in milliseconds.
    async fn latency_ms(&self) -> Option<i32> {
        self.record().latency_ms.map(|l| l as i32)
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
            && matches_search(&q.search, d.agents[c.agent as usize].topic_title(c.topic))
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
