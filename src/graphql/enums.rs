//! GraphQL enums mirroring the data layer's, plus shared inputs (ranges,
//! order direction) and small argument checks.

use std::collections::BTreeSet;

use async_graphql::{Enum, ID};
use uuid::Uuid;

use crate::data;
use crate::error::{ApiError, ApiResult};
use crate::store::{EntityRef, Snapshot};

/// Lifecycle state of an agent.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[graphql(remote = "crate::data::AgentStatus")]
pub enum AgentStatus {
    /// Serving traffic now.
    Active,
    /// Stopped by a user (before or during the window; its traffic ends there).
    Inactive,
    /// Paused automatically after an incident in the window's last days.
    Error,
}

/// What an agent is for: the seed's ten base names.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[graphql(remote = "crate::data::kinds::AgentKind")]
pub enum AgentKind {
    /// "Customer Support Bot".
    CustomerSupport,
    /// "Sales Assistant".
    SalesAssistant,
    /// "HR Onboarding Helper".
    HrOnboarding,
    /// "IT Support Agent".
    ItSupport,
    /// "Knowledge Base Bot".
    KnowledgeBase,
    /// "Lead Qualification Agent".
    LeadQualification,
    /// "Document Analyzer".
    DocumentAnalyzer,
    /// "Meeting Scheduler".
    MeetingScheduler,
    /// "Expense Report Bot".
    ExpenseReport,
    /// "Training Assistant".
    TrainingAssistant,
}

/// What a dashboard user may do.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[graphql(remote = "crate::data::catalogue::Role")]
pub enum Role {
    /// Everything, including deleting agents and updating policies.
    Admin,
    /// Creates, configures, starts and stops agents; exports data.
    Operator,
    /// Reads dashboards and exports data.
    Viewer,
}

/// How the end user felt about a conversation.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[graphql(remote = "crate::data::Sentiment")]
pub enum Sentiment {
    Positive,
    Neutral,
    Negative,
}

/// Where a conversation took place.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[graphql(remote = "crate::data::Channel")]
pub enum Channel {
    /// The website chat widget.
    Web,
    Slack,
    /// Microsoft Teams.
    Teams,
    Email,
    /// Another system calling the agent's API.
    Api,
}

/// How much work a conversation's topic takes.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[graphql(remote = "crate::data::kinds::Complexity")]
pub enum Complexity {
    /// A one-question lookup: few messages, resolved in minutes.
    Simple,
    /// A task with a couple of follow-ups.
    Moderate,
    /// A multi-step problem with back-and-forth.
    Complex,
}

/// The seed's ten audit action types, in GraphQL's enum spelling: the
/// seed's `agent.created` is `AGENT_CREATED`, and so on.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[graphql(remote = "crate::data::catalogue::AuditAction")]
pub enum AuditAction {
    /// `agent.created`.
    AgentCreated,
    /// `agent.updated`: a descriptive field (description, system prompt).
    AgentUpdated,
    /// `agent.deleted`.
    AgentDeleted,
    /// `agent.started`.
    AgentStarted,
    /// `agent.stopped`.
    AgentStopped,
    /// `config.changed`: temperature or maxTokens.
    ConfigChanged,
    /// `user.login`.
    UserLogin,
    /// `user.logout`.
    UserLogout,
    /// `policy.updated`.
    PolicyUpdated,
    /// `export.requested`.
    ExportRequested,
}

/// Why a conversation failed.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[graphql(remote = "crate::data::ErrorType")]
pub enum ErrorType {
    /// A model call or tool run exceeded the agent's deadline (30 s).
    Timeout,
    /// The provider refused the call for the workspace's rate limit (HTTP 429).
    RateLimited,
    /// The provider failed the call (HTTP 5xx, overloaded).
    ModelError,
    /// The prompt plus `maxTokens` exceeded the model's context window.
    ContextLengthExceeded,
    /// A tool the agent called failed or returned something unusable.
    ToolError,
    /// The provider's safety filter blocked the prompt or the completion.
    ContentFiltered,
}

/// How a conversation ended, technically.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Outcome {
    /// Every model call and tool run completed.
    Succeeded,
    /// It ended on an error (see `errorType`).
    Failed,
}

/// Who wrote a message.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageRole {
    /// The anonymous end user.
    User,
    /// The agent.
    Assistant,
}

/// What a span of a reply's trace did.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpanKind {
    /// The agent's turn: the root, from the user's message to the reply's last token.
    Agent,
    /// A model call.
    Llm,
    /// A search of the agent's knowledge base.
    Retriever,
    /// A call to one of the agent's tools.
    Tool,
}

impl From<crate::data::spans::SpanKind> for SpanKind {
    fn from(kind: crate::data::spans::SpanKind) -> Self {
        use crate::data::spans::SpanKind as K;
        match kind {
            K::Agent => SpanKind::Agent,
            K::Llm => SpanKind::Llm,
            K::Retriever => SpanKind::Retriever,
            K::Tool => SpanKind::Tool,
        }
    }
}

/// Whether a span succeeded.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpanStatus {
    Ok,
    /// It failed (`errorType` says how).
    Error,
}

/// An end user's rating of a reply.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeedbackRating {
    ThumbsUp,
    ThumbsDown,
}

/// Sort direction. Every order has one rule for its default: measures,
/// counts and times come highest and newest first (`DESC`), names and
/// categories (name, email, model, status, role) from A to Z (`ASC`); an
/// explicit `direction` overrides it. Rows without a value for a measure
/// (a rate without traffic) come last either way.
#[derive(Enum, Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum OrderDirection {
    /// Smallest, oldest or A first.
    #[default]
    Asc,
    /// Highest, newest or Z first.
    Desc,
}

/// What an order sorts by: a column of its rows (`field`) or a telemetry
/// measure of each row (`measure`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OrderKey<F> {
    Field(F),
    Measure(super::telemetry::TelemetryMeasure),
}

/// A column an order input names, with its natural direction (the one
/// rule of [`OrderDirection`]).
pub trait OrderField: Copy + std::fmt::Debug {
    /// `ASC` for names and categories, `DESC` for times and counts.
    fn natural(self) -> OrderDirection;
}

impl<F: OrderField> OrderKey<F> {
    /// The key of an order input that takes `field` or `measure`, one of the two.
    pub fn of(field: Option<F>, measure: Option<super::telemetry::TelemetryMeasure>) -> ApiResult<Self> {
        match (field, measure) {
            (Some(f), None) => Ok(OrderKey::Field(f)),
            (None, Some(m)) => Ok(OrderKey::Measure(m)),
            (None, None) => Err(ApiError::bad_input("`orderBy` needs a `field` or a `measure`")),
            (Some(_), Some(_)) => Err(ApiError::bad_input("`orderBy` takes a `field` or a `measure`, not both")),
        }
    }

    /// The direction asked for, or the key's natural one: measures `DESC`.
    pub fn direction(self, asked: Option<OrderDirection>) -> OrderDirection {
        asked.unwrap_or(match self {
            OrderKey::Field(f) => f.natural(),
            OrderKey::Measure(_) => OrderDirection::Desc,
        })
    }

    /// The key as a cursor scope names it: `NAME`, `measure:COST`.
    pub fn scope(self) -> String {
        match self {
            OrderKey::Field(f) => format!("{f:?}"),
            OrderKey::Measure(m) => format!("measure:{m:?}"),
        }
    }
}

impl OrderDirection {
    pub fn descending(self) -> bool {
        self == OrderDirection::Desc
    }

    pub fn as_str(self) -> &'static str {
        match self {
            OrderDirection::Asc => "ASC",
            OrderDirection::Desc => "DESC",
        }
    }
}

/// Parses a client-supplied ID as a UUID.
pub fn parse_id(id: &ID, argument: &str) -> ApiResult<Uuid> {
    crate::data::rng::parse_uuid(id.as_str()).ok_or_else(|| {
        ApiError::bad_input(format!("`{argument}` is not a valid ID: {}", crate::store::writes::echo(id.as_str())))
    })
}

/// A mutation input's id: `BAD_USER_INPUT` naming `field` when malformed.
pub fn input_id(id: &ID, field: &str) -> ApiResult<Uuid> {
    crate::data::rng::parse_uuid(id.as_str()).ok_or_else(|| ApiError::InvalidField {
        field: field.to_string(),
        message: format!("`{field}` is not a valid ID: {}", crate::store::writes::echo(id.as_str())),
    })
}

/// Rows of the IDs in `ids` that name records of one table; IDs of other
/// tables or of nothing simply match no row.
pub fn rows_of(
    snap: &Snapshot,
    ids: &Option<Vec<ID>>,
    argument: &str,
    table: fn(EntityRef) -> Option<u32>,
) -> ApiResult<Option<BTreeSet<u32>>> {
    let Some(ids) = ids else { return Ok(None) };
    if ids.len() > MAX_LIST_INPUT {
        return Err(ApiError::bad_input(format!("`{argument}` takes at most {MAX_LIST_INPUT} IDs")));
    }
    let mut rows = BTreeSet::new();
    for id in ids {
        if let Some(row) = snap.entity(parse_id(id, argument)?).and_then(table) {
            rows.insert(row);
        }
    }
    Ok(Some(rows))
}

/// Agent rows of `ids` for a filter over history (conversations, daily
/// metrics, cost records, audit entries): a deleted agent's id still
/// selects its rows there, as the unfiltered lists still hold them.
pub fn agent_history_rows(snap: &Snapshot, ids: &Option<Vec<ID>>, argument: &str) -> ApiResult<Option<BTreeSet<u32>>> {
    let Some(mut rows) = rows_of(snap, ids, argument, super::agent::agent_row)? else { return Ok(None) };
    let agents = &snap.dataset.agents;
    let deleted: Vec<u32> = (0..agents.len() as u32).filter(|&a| agents[a as usize].deleted_at.is_some()).collect();
    if !deleted.is_empty() {
        for id in ids.iter().flatten() {
            let id = parse_id(id, argument)?;
            rows.extend(deleted.iter().copied().filter(|&a| agents[a as usize].id == id));
        }
    }
    Ok(Some(rows))
}

/// Longest list a filter input takes.
pub const MAX_LIST_INPUT: usize = 1000;
/// Longest search text a filter takes.
pub const MAX_SEARCH_LENGTH: usize = 200;

/// A set of enum values from a filter list, converted to the data layer's.
pub fn set_of<G: Copy, D: Ord + From<G>>(values: &Option<Vec<G>>) -> Option<BTreeSet<D>> {
    values.as_ref().map(|v| v.iter().map(|x| D::from(*x)).collect())
}

pub use crate::store::query::{allows, matches_search};

/// A search text, lower-cased and checked.
pub fn search_text(search: &Option<String>) -> ApiResult<Option<String>> {
    match search {
        Some(s) if s.chars().count() > MAX_SEARCH_LENGTH => {
            Err(ApiError::bad_input(format!("`search` must be at most {MAX_SEARCH_LENGTH} characters")))
        }
        Some(s) if s.trim().is_empty() => Ok(None),
        Some(s) => Ok(Some(s.trim().to_lowercase())),
        None => Ok(None),
    }
}

/// Parses a model id from a filter; unknown ids are refused.
pub fn model_set(models: &Option<Vec<String>>) -> ApiResult<Option<BTreeSet<data::catalogue::Model>>> {
    let Some(models) = models else { return Ok(None) };
    models
        .iter()
        .map(|m| {
            data::catalogue::Model::from_id(m).ok_or_else(|| {
                let known: Vec<&str> = data::catalogue::Model::ALL.iter().map(|m| m.id()).collect();
                ApiError::bad_input(format!(
                    "unknown model {}; known models: {}",
                    crate::store::writes::echo(m),
                    known.join(", ")
                ))
            })
        })
        .collect::<ApiResult<BTreeSet<_>>>()
        .map(Some)
}
