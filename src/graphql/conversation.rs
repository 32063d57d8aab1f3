//! `Conversation` (with its `Message` transcript): the retained sample of
//! agent traffic; the `conversations` and `conversation` queries.

use std::sync::Arc;

use async_graphql::{Context, Enum, ID, InputObject, Object};

use super::TypeReads;
use super::agent::Agent;
use super::connection::{PageArgs, Scope, connection};
use super::context::ContextExt;
use super::enums::{
    Channel, Complexity, ErrorType, MessageRole, OrderDirection, Outcome, Sentiment, agent_history_rows, model_set,
    parse_id, rows_of, search_text, set_of,
};
use super::loaders::{AgentKey, MessagesKey};
use super::model::ModelInfo;
use super::range::DateTimeRange;
use super::scalars::DateTime;
use crate::data::{self, messages, transcript::Speaker};
use crate::error::{ApiError, ApiResult};
use crate::store;
use crate::store::Parts;
use crate::store::query::{ConversationList, ConversationSort, OutcomeKind, conversation_page};
use crate::store::{EntityRef, Snapshot};

/// What the conversation types' fields read ([`super::TypeReads`]).
pub const READS: &[TypeReads] = &[
    TypeReads::each("Query", &[(Parts::CONVERSATIONS, &["conversations", "conversation"])]),
    TypeReads::each(
        "Conversation",
        &[
            (
                Parts::CONVERSATIONS,
                &[
                    "id",
                    "agentId",
                    "title",
                    "endUserId",
                    "startedAt",
                    "endedAt",
                    "durationMs",
                    "messageCount",
                    "model",
                    "modelInfo",
                    "channel",
                    "complexity",
                    "outcome",
                    "errorType",
                    "resolved",
                    "sentiment",
                    "inputTokens",
                    "outputTokens",
                    "totalTokens",
                    "cost",
                    "avgResponseTime",
                    "maxResponseTime",
                    "thinkTimeMs",
                    "messages",
                ],
            ),
            (Parts::AGENTS, &["agent"]),
        ],
    ),
    TypeReads::all("Message", Parts::CONVERSATIONS),
    TypeReads::all("ConversationConnection", Parts::NONE),
    TypeReads::all("ConversationEdge", Parts::NONE),
];

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
        let row = ctx.loader(&self.snap)?.load_one(AgentKey(self.record().agent)).await?;
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
        let transcript = ctx.loader(&self.snap)?.load_one(MessagesKey(self.row)).await?.unwrap_or_default();
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

/// Checks a conversation list request. Gives the store's list and the
/// cursor scope.
pub fn conversation_list_query(
    snap: &Snapshot,
    page: PageArgs,
    filter: Option<ConversationFilter>,
    order_by: Option<ConversationOrder>,
) -> ApiResult<(ConversationList, Scope)> {
    let filter = filter.unwrap_or_default();
    let order = order_by.map_or((ConversationOrderField::StartedAt, OrderDirection::Desc), |o| (o.field, o.direction));
    let scope = format!("conversations/{:?}_{}", order.0, order.1.as_str());
    let outcome = |o: Outcome| match o {
        Outcome::Succeeded => OutcomeKind::Succeeded,
        Outcome::Failed => OutcomeKind::Failed,
    };
    let query = ConversationList {
        filter: store::query::ConversationFilter {
            ids: rows_of(snap, &filter.ids, "filter.ids", conversation_row)?,
            agents: agent_history_rows(snap, &filter.agent_ids, "filter.agentIds")?,
            sentiments: set_of(&filter.sentiment),
            resolved: filter.resolved,
            channels: set_of(&filter.channel),
            complexities: set_of(&filter.complexity),
            models: model_set(&filter.model)?,
            outcomes: filter.outcome.map(|o| o.into_iter().map(outcome).collect()),
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
        },
        sort: match order.0 {
            ConversationOrderField::StartedAt => ConversationSort::StartedAt,
            ConversationOrderField::Duration => ConversationSort::Duration,
            ConversationOrderField::MessageCount => ConversationSort::MessageCount,
            ConversationOrderField::Cost => ConversationSort::Cost,
            ConversationOrderField::Latency => ConversationSort::Latency,
            ConversationOrderField::Tokens => ConversationSort::Tokens,
        },
        descending: order.1.descending(),
        page: page.spec(snap, &scope, conversation_row)?,
    };
    Ok((query, scope))
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
