//! `Conversation` (with its `Message` transcript): the retained sample of
//! agent traffic; the `conversations` and `conversation` queries.

use std::sync::Arc;

use async_graphql::{Context, Enum, ID, InputObject, Object};

use super::TypeReads;
use super::agent::Agent;
use super::connection::{PageArgs, Scope, connection};
use super::context::ContextExt;
use super::enums::{
    Channel, Complexity, ErrorType, FeedbackRating, MessageRole, OrderDirection, OrderField, OrderKey, Outcome,
    Sentiment, SpanKind, SpanStatus, agent_history_rows, model_set, parse_id, rows_of, search_text, set_of,
};
use super::flat::FlatPage;
use super::loaders::{AgentKey, MessagesKey};
use super::model::ModelInfo;
use super::range::DateTimeRange;
use super::scalars::DateTime;
use super::telemetry::TelemetryMeasure;
use super::text::text_fields;
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
                    "endUser",
                ],
            ),
            (Parts::AGENTS, &["agent"]),
        ],
    ),
    TypeReads::all("Message", Parts::CONVERSATIONS),
    TypeReads::all("Span", Parts::CONVERSATIONS),
    TypeReads::all("MessageFeedback", Parts::CONVERSATIONS),
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
        ID(super::ids::uuid_text(self.record().id))
    }

    /// Id of the agent that handled it.
    async fn agent_id(&self) -> ID {
        ID(super::ids::uuid_text(self.snap.dataset.agents[self.record().agent as usize].id))
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
    async fn duration_ms(&self) -> f64 {
        self.record().duration_ms() as f64
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
    async fn end_user_id(&self) -> ID {
        ID(self.record().end_user_id())
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
    /// replies' latencies, rounded to the millisecond).
    async fn avg_response_time(&self) -> f64 {
        self.record().avg_response_time as f64
    }

    /// The slowest reply's latency, in milliseconds; null without replies.
    async fn max_response_time(&self) -> Option<f64> {
        self.record().reply_latencies_ms.iter().max().map(|&l| l as f64)
    }

    /// Time the end user spent reading and typing between replies, in
    /// milliseconds: `durationMs` is this plus every reply's latency.
    async fn think_time_ms(&self) -> f64 {
        self.record().think_ms as f64
    }

    /// Prompt tokens of every model call behind the replies (system prompt,
    /// retrieved context, history): the sum of the messages' `inputTokens`.
    async fn input_tokens(&self) -> f64 {
        self.record().input_tokens as f64
    }

    /// Completion tokens of those calls (replies, tool calls, reasoning):
    /// the sum of the messages' `outputTokens`.
    async fn output_tokens(&self) -> f64 {
        self.record().output_tokens as f64
    }

    /// Input plus output tokens.
    async fn total_tokens(&self) -> f64 {
        self.record().input_tokens as f64 + self.record().output_tokens as f64
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

    /// The end user who started it (the same person across their conversations).
    async fn end_user(&self) -> super::end_user::EndUser {
        super::end_user::EndUser::new(self.snap.clone(), self.record().end_user)
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
        ID(super::ids::uuid_text(self.record().id))
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
    async fn content_tokens(&self) -> f64 {
        self.record().tokens as f64
    }

    /// For the agent's messages: how long it took to answer, in
    /// milliseconds: its time to first token (it arrived that long after
    /// the user's message, and streamed on for `durationMs − latencyMs`).
    async fn latency_ms(&self) -> Option<f64> {
        self.record().latency_ms.map(|l| l as f64)
    }

    /// For the agent's messages: the prompt tokens of the model calls behind
    /// it (they grow with the history); null for the user's.
    async fn input_tokens(&self) -> Option<f64> {
        self.record().input_tokens.map(|t| t as f64)
    }

    /// For the agent's messages: the completion tokens behind it (the reply,
    /// tool calls and reasoning); null for the user's.
    async fn output_tokens(&self) -> Option<f64> {
        self.record().output_tokens.map(|t| t as f64)
    }

    /// For the agent's messages: USD its model calls cost, exact to the
    /// micro-dollar (the conversation's `cost` split by the seed's formula:
    /// the messages' costs sum to it); null for the user's.
    async fn cost(&self) -> Option<f64> {
        self.record().cost_micros.map(crate::data::catalogue::usd)
    }

    /// For the agent's messages: from the user's message to the reply's
    /// last streamed token, in milliseconds (its root span); null for the user's.
    async fn duration_ms(&self) -> Option<f64> {
        self.record().trace.as_ref().map(|t| t.root().duration_ms as f64)
    }

    /// For the agent's messages: the steps that made the reply, as the spans
    /// of its trace: the root (`AGENT`) first, then its children in start
    /// order (a retrieval, a planning model call, tool calls, the answering
    /// model call). The children's tokens and costs sum to the message's; the
    /// answering call's first token lands at `latencyMs`. Empty for the user's.
    #[graphql(complexity = "crate::graphql::cost::fixed(crate::data::spans::MAX_SPANS, child_complexity)")]
    async fn spans(&self) -> Vec<Span> {
        let count = self.record().trace.as_ref().map_or(0, |t| t.spans.len());
        (0..count).map(|span| Span { transcript: self.transcript.clone(), message: self.index, span }).collect()
    }

    /// For the agent's messages: the end user's thumbs up or down; null
    /// when they gave none (most replies are not rated).
    async fn feedback(&self) -> Option<MessageFeedback> {
        let feedback = self.record().trace.as_ref()?.feedback.as_ref()?;
        Some(MessageFeedback {
            rating: if feedback.positive { FeedbackRating::ThumbsUp } else { FeedbackRating::ThumbsDown },
            comment: feedback.comment,
            created_at: DateTime(feedback.created_at),
        })
    }
}

/// An end user's rating of a reply.
#[derive(async_graphql::SimpleObject)]
pub struct MessageFeedback {
    /// Thumbs up or down.
    rating: FeedbackRating,
    /// What they wrote with it; null when they wrote nothing.
    comment: Option<&'static str>,
    /// When they gave it.
    created_at: DateTime,
}

/// One step behind an agent's reply: a span of its trace, as Langfuse,
/// LangSmith and Arize Phoenix record them.
pub struct Span {
    transcript: Arc<Vec<messages::Message>>,
    message: usize,
    span: usize,
}

impl Span {
    fn trace(&self) -> &data::spans::Trace {
        match &self.transcript[self.message].trace {
            Some(trace) => trace,
            None => unreachable!("spans are listed only for messages with a trace"),
        }
    }

    fn record(&self) -> &data::spans::Span {
        &self.trace().spans[self.span]
    }
}

/// One step behind an agent's reply: a span of its trace, as Langfuse,
/// LangSmith and Arize Phoenix record them.
#[Object]
impl Span {
    /// Unique id (UUID).
    async fn id(&self) -> ID {
        ID(super::ids::uuid_text(self.record().id))
    }

    /// The span it is a step of; null for the root.
    async fn parent_id(&self) -> Option<ID> {
        let parent = self.record().parent?;
        Some(ID(super::ids::uuid_text(self.trace().spans[parent as usize].id)))
    }

    /// What it did.
    async fn kind(&self) -> SpanKind {
        self.record().kind.into()
    }

    /// The operation, as a trace viewer shows it (`chat gpt-4o`,
    /// `orders.lookup`, `retrieve help-center`).
    async fn name(&self) -> &str {
        &self.record().name
    }

    /// Whether it succeeded.
    async fn status(&self) -> SpanStatus {
        if self.record().error.is_some() { SpanStatus::Error } else { SpanStatus::Ok }
    }

    /// The error it ended on; null when it succeeded.
    async fn error_type(&self) -> Option<ErrorType> {
        self.record().error.map(Into::into)
    }

    /// What the failing service said; null when it succeeded.
    async fn status_message(&self) -> Option<&'static str> {
        self.record().status_message
    }

    /// When it started, as milliseconds after the user's message the reply
    /// answers (the root starts at 0).
    async fn start_offset_ms(&self) -> f64 {
        self.record().start_ms as f64
    }

    /// When it started (to the second; `startOffsetMs` is exact).
    async fn started_at(&self) -> DateTime {
        let offset = chrono::TimeDelta::milliseconds(self.record().start_ms as i64);
        DateTime(self.trace().started_at + offset)
    }

    /// How long it took, in milliseconds.
    async fn duration_ms(&self) -> f64 {
        self.record().duration_ms as f64
    }

    /// Model calls that answered: milliseconds from the call's start to its
    /// first token; null for other spans and failed calls.
    async fn time_to_first_token_ms(&self) -> Option<f64> {
        self.record().first_token_ms.map(|t| t as f64)
    }

    /// Model calls: the provider's model id; null for other spans.
    async fn model(&self) -> Option<&'static str> {
        self.record().model.map(|m| m.id())
    }

    /// Prompt tokens (model calls; the root: their sum; 0 for other spans).
    async fn input_tokens(&self) -> f64 {
        self.record().input_tokens as f64
    }

    /// Completion tokens (model calls; the root: their sum; 0 for other spans).
    async fn output_tokens(&self) -> f64 {
        self.record().output_tokens as f64
    }

    /// USD its tokens cost, exact to the micro-dollar (the root: the
    /// message's cost; 0 for spans without tokens).
    async fn cost(&self) -> f64 {
        crate::data::catalogue::usd(self.record().cost_micros)
    }
}

connection!(Conversation, ConversationConnection, ConversationEdge, "conversations", conversations);

text_fields!(Conversation {
    "id" => id,
    "agentId" => agent_id,
    "title" => title,
    "complexity" => complexity,
    "channel" => channel,
    "startedAt" => started_at,
    "endedAt" => ended_at,
    "durationMs" => duration_ms,
    "messageCount" => message_count,
    "sentiment" => sentiment,
    "resolved" => resolved,
    "endUserId" => end_user_id,
    "outcome" => outcome,
    "errorType" => error_type,
    "avgResponseTime" => avg_response_time,
    "maxResponseTime" => max_response_time,
    "thinkTimeMs" => think_time_ms,
    "inputTokens" => input_tokens,
    "outputTokens" => output_tokens,
    "totalTokens" => total_tokens,
    "model" => model,
    "cost" => cost,
});

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
    /// Only conversations whose mean reply latency (`avgResponseTime`) is
    /// at least this, milliseconds.
    pub min_latency_ms: Option<f64>,
    /// Only conversations started in this interval.
    pub started_at: Option<DateTimeRange>,
    /// Case-insensitive text in the title.
    pub search: Option<String>,
}

/// Columns conversations can be ordered by (measures such as `COST` or
/// `AVG_RESPONSE_TIME` go in `ConversationOrder.measure`).
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConversationOrderField {
    /// Start time, newest first by default.
    StartedAt,
    /// Messages of both sides, most first by default.
    MessageCount,
}

impl OrderField for ConversationOrderField {
    fn natural(self) -> OrderDirection {
        OrderDirection::Desc
    }
}

/// How to order conversations: by a column (`field`) or by a telemetry
/// measure of each conversation (`measure`), one of the two.
#[derive(InputObject)]
pub struct ConversationOrder {
    /// A column: start time or message count.
    pub field: Option<ConversationOrderField>,
    /// A measure of each conversation as the one conversation it covers:
    /// `COST`, `TOKENS`, `AVG_RESPONSE_TIME`, `P95_LATENCY` (of its
    /// replies), `AVG_DURATION` (its duration), `SENTIMENT` (its score), or
    /// 1 / 0 for `FAILED`, `ERROR_RATE`, `SUCCESS_RATE`, `RESOLUTION_RATE`.
    pub measure: Option<TelemetryMeasure>,
    /// Omitted: newest and highest first (see `OrderDirection`).
    pub direction: Option<OrderDirection>,
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
    let (key, direction) = match order_by {
        None => (OrderKey::Field(ConversationOrderField::StartedAt), None),
        Some(o) => (OrderKey::of(o.field, o.measure)?, o.direction),
    };
    let direction = key.direction(direction);
    let scope = format!("conversations/{}_{}", key.scope(), direction.as_str());
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
                Some(ms) if !ms.is_finite() || ms < 0.0 => {
                    return Err(ApiError::bad_input(format!("`filter.minLatencyMs` must be 0 or more, got {ms}")));
                }
                // Means are whole milliseconds: at least `ms` is at least its ceiling.
                ms => ms.map(|ms| ms.ceil().min(u32::MAX as f64) as u32),
            },
            started: DateTimeRange::checked(filter.started_at, "filter.startedAt")?,
            search: search_text(&filter.search)?,
        },
        sort: match key {
            OrderKey::Field(ConversationOrderField::StartedAt) => ConversationSort::StartedAt,
            OrderKey::Field(ConversationOrderField::MessageCount) => ConversationSort::MessageCount,
            OrderKey::Measure(m) => ConversationSort::Measure(m.into()),
        },
        descending: direction.descending(),
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
    ) -> async_graphql::Result<FlatPage<ConversationConnection>> {
        let snap = ctx.snapshot()?.clone();
        let (query, scope) = conversation_list_query(&snap, PageArgs { first, after, last, before }, filter, order_by)?;
        let page = conversation_page(&snap, None, &query);
        Ok(FlatPage(ConversationConnection::new(snap, page, scope)))
    }

    /// One conversation by id; null when no conversation has it.
    async fn conversation(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<Conversation>> {
        let snap = ctx.snapshot()?;
        Ok(snap.conversation_ix(parse_id(&id, "id")?).map(|row| Conversation::from_row(snap.clone(), row)))
    }
}
