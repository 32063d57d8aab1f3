//! The records of a generated dataset. Relations are table indices (`u32`)
//! into the owning [`Dataset`](super::Dataset); the API turns them into IDs.

use std::borrow::Cow;

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::catalogue::{AuditAction, Model, Role};
use super::histogram::Histogram;
use super::kinds::{AgentKind, Complexity};

/// Rates (success, shares) as shown: 4 decimals. The exact counts behind
/// them are always shown too.
pub fn shown_rate(rate: f64) -> f64 {
    // Ties to even: a rate and its complement then always add up to 1 as
    // shown (93 of 96 succeeded is 0.96875, failed 0.03125: 0.9688 and
    // 0.0312, where rounding half up showed 1.0001 between them).
    (rate * 10_000.0).round_ties_even() / 10_000.0
}

/// Mean milliseconds as shown: one decimal.
pub fn shown_ms(ms: f64) -> f64 {
    super::rng::round_to(ms, 1)
}

/// Index of a user in `Dataset::users`.
pub type UserIx = u32;
/// Index of an agent in `Dataset::agents`.
pub type AgentIx = u32;

/// A person who signs in to the dashboard.
#[derive(Clone, Debug, PartialEq)]
pub struct User {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub created_at: DateTime<Utc>,
}

/// Lifecycle state of an agent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AgentStatus {
    Active,
    Inactive,
    Error,
}

impl AgentStatus {
    pub const ALL: [AgentStatus; 3] = [AgentStatus::Active, AgentStatus::Inactive, AgentStatus::Error];

    /// The API spelling (`ACTIVE`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            AgentStatus::Active => "ACTIVE",
            AgentStatus::Inactive => "INACTIVE",
            AgentStatus::Error => "ERROR",
        }
    }
}

/// How an agent behaves over the window. Internal: the API shows only its
/// effects on the metrics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Performance {
    /// Success rate 0.98 or better every day.
    Star,
    /// Success rate 0.85-0.90.
    Struggling,
    /// Success rate 0.90-0.98.
    Steady,
    /// Error agent whose success rate falls over its last days until it fails.
    Declining,
    /// Error agent that failed suddenly on its last day.
    Crashed,
}

/// Generation settings of an agent.
#[derive(Clone, Debug, PartialEq)]
pub struct AgentConfig {
    pub temperature: f64,
    pub max_tokens: u32,
    pub system_prompt: String,
    /// Version of the system prompt: 1 at creation, one more per update.
    pub prompt_version: u32,
}

/// What set off an error agent's incident.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum IncidentCause {
    /// Someone raised `maxTokens`: prompt plus reserved output overflow the
    /// model's context window on long conversations.
    MaxTokensRaised { from: u32, to: u32 },
    /// Someone raised the temperature: tool calls come back malformed.
    TemperatureRaised { from: f64, to: f64 },
    /// The model provider degraded: calls fail with 5xx or time out.
    ProviderOutage,
    /// The workspace hit the provider's rate limit.
    RateLimit,
}

impl IncidentCause {
    /// Whether a user's change (an audit entry) set it off.
    pub fn is_config_change(&self) -> bool {
        matches!(self, IncidentCause::MaxTokensRaised { .. } | IncidentCause::TemperatureRaised { .. })
    }
}

/// How an error agent came to fail: an onset, a cause, a dominant error type
/// and the moment it was paused.
#[derive(Clone, Debug, PartialEq)]
pub struct Incident {
    pub cause: IncidentCause,
    /// When failures started to climb (for a config change: the change).
    pub onset: DateTime<Utc>,
    /// When the agent was paused in `ERROR` (its `last_active_at`).
    pub failed_at: DateTime<Utc>,
    /// The error type the incident adds.
    pub dominant: ErrorType,
    /// The user whose change set it off, for a config change.
    pub changed_by: Option<UserIx>,
}

/// An agent's status changes, oldest first: a persistent vector, so a write
/// that copies the agent (or the chunk of agents it sits in) shares the
/// history instead of copying it, and a change costs O(log n), not O(n)
/// (a journal of start/stop toggles replayed in quadratic time).
pub type StatusHistory = imbl::Vector<StatusChange>;

/// One change of an agent's status, oldest first in `Agent::status_changes`.
#[derive(Clone, Debug, PartialEq)]
pub struct StatusChange {
    pub at: DateTime<Utc>,
    pub status: AgentStatus,
    /// Who changed it; `None` for the platform itself (an automatic pause).
    pub actor: Option<UserIx>,
    /// Why, in a sentence.
    pub reason: String,
}

/// Roll-up of an agent's daily metrics over the window: sums of their counts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AgentMetrics {
    pub total_conversations: u64,
    pub succeeded: u64,
    pub replies: u64,
    pub latency_sum_ms: u64,
}

impl AgentMetrics {
    /// Mean reply latency (ms): Σ latency / Σ replies; `None` without traffic.
    pub fn avg_response_time(&self) -> Option<f64> {
        (self.replies > 0).then(|| self.latency_sum_ms as f64 / self.replies as f64)
    }

    /// Σ succeeded / Σ conversations; `None` without traffic.
    pub fn success_rate(&self) -> Option<f64> {
        (self.total_conversations > 0).then(|| self.succeeded as f64 / self.total_conversations as f64)
    }
}

/// An LLM agent in the fleet.
#[derive(Clone, Debug, PartialEq)]
pub struct Agent {
    pub id: Uuid,
    pub name: String,
    pub kind: AgentKind,
    pub description: Cow<'static, str>,
    pub model: Model,
    pub status: AgentStatus,
    pub performance: Performance,
    pub created_at: DateTime<Utc>,
    /// End of the agent's active period.
    pub last_active_at: DateTime<Utc>,
    pub config: AgentConfig,
    pub created_by: UserIx,
    pub metrics: AgentMetrics,
    /// Typical conversations on a working day at the window's start
    /// (internal: the API shows its effect on the metrics).
    pub popularity: f64,
    /// For error agents: how they failed.
    pub incident: Option<Incident>,
    /// Every status change, oldest first; the last one is `status`.
    pub status_changes: StatusHistory,
    /// When a user deleted the agent: it leaves every list and lookup, its
    /// history stays.
    pub deleted_at: Option<DateTime<Utc>>,
}

/// One agent's aggregate telemetry for one UTC day (the anchor's day: up
/// to the anchor). Every figure is an exact count or sum over the day's
/// conversations, so any roll-up of rows is exact.
#[derive(Clone, Debug, PartialEq)]
pub struct DailyMetric {
    pub id: Uuid,
    pub agent: AgentIx,
    pub date: NaiveDate,
    pub conversations: u32,
    /// Conversations that completed without an error.
    pub succeeded: u32,
    /// Failed conversations per error type, in [`ErrorType::ALL`] order;
    /// they sum to `conversations - succeeded`.
    pub errors: [u32; 6],
    /// Conversations per sentiment, in [`Sentiment::ALL`] order; they sum to `conversations`.
    pub sentiments: [u32; 3],
    /// Conversations resolved without a human.
    pub resolved: u32,
    /// Messages of both sides.
    pub messages: u32,
    /// Agent replies: the model responses the latency distribution counts.
    pub replies: u32,
    /// Σ reply latency, ms.
    pub latency_sum_ms: u64,
    /// Reply latencies ([`super::histogram::LATENCY_MS`]).
    pub latency: Histogram,
    /// Σ conversation duration, ms.
    pub duration_sum_ms: u64,
    /// Conversation durations ([`super::histogram::DURATION_MS`]).
    pub durations: Histogram,
    /// Conversations started in each UTC hour; they sum to `conversations`.
    pub hourly: [u16; 24],
    /// Failed conversations started in each UTC hour.
    pub hourly_failed: [u16; 24],
    pub total_tokens_input: u64,
    pub total_tokens_output: u64,
    /// Its traces' counts: tool calls and errors, ratings ([`super::spans::day_counts`]).
    pub traces: super::spans::TraceCounts,
    /// The day's conversations by channel and by complexity.
    pub mix: Mix,
}

/// One group of a day's conversations (a channel, or a complexity): how
/// many, how many failed or were resolved, and their tokens.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GroupCounts {
    pub conversations: u32,
    pub failed: u32,
    pub resolved: u32,
    pub input_tokens: u64,
    pub output_tokens: u64,
}

/// A day's conversations by channel ([`Channel::ALL`] order) and by
/// complexity ([`super::kinds::Complexity::ALL`] order): each side adds up
/// to the row's conversations, failures, resolutions and tokens.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Mix {
    pub channels: [GroupCounts; 5],
    pub complexities: [GroupCounts; 3],
}

impl Mix {
    /// Counts one conversation.
    pub fn add(&mut self, channel: Channel, complexity: super::kinds::Complexity, unit: GroupCounts) {
        for group in [&mut self.channels[channel as usize], &mut self.complexities[complexity as usize]] {
            group.conversations += unit.conversations;
            group.failed += unit.failed;
            group.resolved += unit.resolved;
            group.input_tokens += unit.input_tokens;
            group.output_tokens += unit.output_tokens;
        }
    }
}

impl DailyMetric {
    pub fn failed(&self) -> u32 {
        self.conversations - self.succeeded
    }

    /// `succeeded / conversations`; `None` on a day without traffic.
    pub fn success_rate(&self) -> Option<f64> {
        (self.conversations > 0).then(|| self.succeeded as f64 / self.conversations as f64)
    }

    /// Mean reply latency in ms; `None` on a day without traffic.
    pub fn avg_response_time(&self) -> Option<f64> {
        (self.replies > 0).then(|| self.latency_sum_ms as f64 / self.replies as f64)
    }

    pub fn error_count(&self, error: ErrorType) -> u32 {
        self.errors[error as usize]
    }

    pub fn sentiment_count(&self, sentiment: Sentiment) -> u32 {
        self.sentiments[sentiment as usize]
    }
}

/// What one agent's traffic cost on one UTC day.
#[derive(Clone, Debug, PartialEq)]
pub struct CostRecord {
    pub id: Uuid,
    pub agent: AgentIx,
    pub date: NaiveDate,
    pub input_tokens: u64,
    pub output_tokens: u64,
    /// `input/1000 × inputPrice + output/1000 × outputPrice`, in micro-dollars
    /// (rounded half up: see [`Model::cost_micros`]).
    pub cost_micros: i64,
    pub model: Model,
}

/// How the end user felt about a conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Sentiment {
    Positive,
    Neutral,
    Negative,
}

impl Sentiment {
    pub const ALL: [Sentiment; 3] = [Sentiment::Positive, Sentiment::Neutral, Sentiment::Negative];

    pub fn as_str(self) -> &'static str {
        match self {
            Sentiment::Positive => "POSITIVE",
            Sentiment::Neutral => "NEUTRAL",
            Sentiment::Negative => "NEGATIVE",
        }
    }
}

/// Where a conversation took place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Channel {
    Web,
    Slack,
    Teams,
    Email,
    Api,
}

impl Channel {
    pub const ALL: [Channel; 5] = [Channel::Web, Channel::Slack, Channel::Teams, Channel::Email, Channel::Api];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Web => "WEB",
            Channel::Slack => "SLACK",
            Channel::Teams => "TEAMS",
            Channel::Email => "EMAIL",
            Channel::Api => "API",
        }
    }
}

/// Why a conversation failed: what the agent's model call or tool run ended with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ErrorType {
    /// A model call or tool run exceeded the agent's deadline.
    Timeout,
    /// The model provider refused the call for the workspace's rate limit (HTTP 429).
    RateLimited,
    /// The model provider failed the call (HTTP 5xx, overloaded).
    ModelError,
    /// The prompt plus `maxTokens` exceeded the model's context window.
    ContextLengthExceeded,
    /// A tool the agent called (an internal API, a search index) failed or returned garbage.
    ToolError,
    /// The provider's safety filter blocked the prompt or the completion.
    ContentFiltered,
}

impl ErrorType {
    pub const ALL: [ErrorType; 6] = [
        ErrorType::Timeout,
        ErrorType::RateLimited,
        ErrorType::ModelError,
        ErrorType::ContextLengthExceeded,
        ErrorType::ToolError,
        ErrorType::ContentFiltered,
    ];

    /// The API spelling (`TIMEOUT`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorType::Timeout => "TIMEOUT",
            ErrorType::RateLimited => "RATE_LIMITED",
            ErrorType::ModelError => "MODEL_ERROR",
            ErrorType::ContextLengthExceeded => "CONTEXT_LENGTH_EXCEEDED",
            ErrorType::ToolError => "TOOL_ERROR",
            ErrorType::ContentFiltered => "CONTENT_FILTERED",
        }
    }
}

/// How a conversation ended, technically.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Outcome {
    /// Every model call and tool run completed (the end user may still have
    /// been handed to a human: see `resolved`).
    Succeeded,
    /// The conversation ended on an error.
    Failed(ErrorType),
}

impl Outcome {
    pub fn error(self) -> Option<ErrorType> {
        match self {
            Outcome::Succeeded => None,
            Outcome::Failed(e) => Some(e),
        }
    }
}

/// A retained, detailed conversation: a sample of the traffic the daily
/// metrics count.
#[derive(Clone, Debug, PartialEq)]
pub struct Conversation {
    pub id: Uuid,
    pub agent: AgentIx,
    /// Index into the agent kind's topics.
    pub topic: u16,
    pub complexity: Complexity,
    pub started_at: DateTime<Utc>,
    pub ended_at: DateTime<Utc>,
    pub message_count: u16,
    pub sentiment: Sentiment,
    pub resolved: bool,
    /// Whether it completed or ended on an error.
    pub outcome: Outcome,
    /// What the end user came for, as the conversation list shows it.
    pub title: String,
    pub channel: Channel,
    /// Anonymous end user (rendered as `anon-` + 12 hex digits).
    pub end_user: u64,
    /// Mean of `reply_latencies_ms`, rounded.
    pub avg_response_time: u32,
    /// Latency of each agent reply, in order (one per assistant message).
    pub reply_latencies_ms: Box<[u32]>,
    /// Time the end user spent reading and typing between replies, ms; the
    /// duration is this plus the reply latencies.
    pub think_ms: u32,
    /// Tokens of every model call behind the replies: prompts (system prompt,
    /// retrieved context, history) and completions (replies, tool calls,
    /// reasoning).
    pub input_tokens: u32,
    pub output_tokens: u32,
    /// The model that served it (the agent's at the time).
    pub model: Model,
    /// What its tokens cost, micro-dollars.
    pub cost_micros: i64,
}

/// The workspace the fleet belongs to: its settings.
#[derive(Clone, Debug, PartialEq)]
pub struct Workspace {
    /// The company running the fleet.
    pub company: String,
    /// Monthly budget for model spend, micro-dollars (a seeded default).
    pub monthly_budget_micros: i64,
    /// Models agents may run on.
    pub allowed_models: Vec<Model>,
}

/// What an audit entry points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AuditTarget {
    Agent(AgentIx),
    User(UserIx),
}

/// Action-specific facts of an audit entry.
#[derive(Clone, Debug, PartialEq)]
pub enum AuditDetails {
    /// `agent.created`: nothing beyond the target.
    None,
    /// `agent.started` / `agent.stopped`: why.
    Lifecycle { reason: Cow<'static, str> },
    /// `agent.updated`: which descriptive field changed.
    AgentUpdated {
        field: &'static str,
        /// For `systemPrompt`: the prompt version it made, and what changed.
        prompt: Option<(u32, String)>,
    },
    /// `agent.deleted`: the deleted agent no longer exists; its name and id remain.
    AgentDeleted { name: String, former_id: Uuid },
    /// `config.changed`: one setting moved from one value to another.
    ConfigChanged { setting: ConfigSetting, from: f64, to: f64 },
    /// `user.login` / `user.logout`.
    Session { method: &'static str },
    /// `policy.updated`.
    PolicyUpdated { policy: &'static str, change: &'static str },
    /// `export.requested`.
    ExportRequested { dataset: &'static str, format: &'static str, days: u16 },
    /// An entry a write made: each field it changed, before and after.
    Changed { changes: Vec<FieldChange> },
    /// `agent.updated` by a write: the field it changed as seeded entries
    /// name it (`systemPrompt` when the prompt changed, else the first),
    /// the prompt version and what changed for a prompt edit, and every
    /// change.
    AgentChanged { field: &'static str, prompt: Option<(u32, String)>, changes: Vec<FieldChange> },
}

/// One field a write changed: its value before (`None`: it did not exist)
/// and after.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldChange {
    pub field: String,
    pub from: Option<serde_json::Value>,
    pub to: Option<serde_json::Value>,
}

impl FieldChange {
    fn to_json(&self) -> serde_json::Value {
        serde_json::json!({ "field": self.field, "from": self.from, "to": self.to })
    }

    /// The field as a person names it (`monthlyBudget`: "monthly budget").
    pub fn label(&self) -> &str {
        match self.field.as_str() {
            "monthlyBudget" => "monthly budget",
            "allowedModels" => "allowed models",
            field => field,
        }
    }

    /// A value as a person reads it: money as dollars, lists joined.
    pub fn show(&self, value: &Option<serde_json::Value>) -> String {
        use serde_json::Value;
        match value {
            Some(Value::Number(n)) if self.field == "monthlyBudget" => dollars(n.as_f64().unwrap_or(0.0)),
            Some(Value::String(s)) => s.clone(),
            Some(Value::Array(items)) => items
                .iter()
                .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
                .collect::<Vec<_>>()
                .join(", "),
            Some(other) => other.to_string(),
            None => "nothing".to_string(),
        }
    }

    /// "monthly budget from $3,200.00 to $2,000.00".
    pub fn describe(&self) -> String {
        format!("{} from {} to {}", self.label(), self.show(&self.from), self.show(&self.to))
    }
}

/// `$3,200.00`.
fn dollars(amount: f64) -> String {
    let cents = (amount * 100.0).round() as i64;
    let whole = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("${grouped}.{:02}", cents % 100)
}

/// The seeded keys an entry made by a write carries beside its `changes`,
/// so one renderer reads both: a config change's `setting`, `from` and
/// `to` (its first change), a policy change's `policy` and `change`.
fn seeded_keys(changes: &[FieldChange]) -> serde_json::Map<String, serde_json::Value> {
    let mut keys = serde_json::Map::new();
    let Some(first) = changes.first() else { return keys };
    let policy = match (first.field.as_str(), changes.len()) {
        ("model" | "temperature" | "maxTokens", _) if first.from.is_some() => {
            keys.insert("setting".into(), first.field.clone().into());
            keys.insert("from".into(), first.from.clone().unwrap_or_default());
            keys.insert("to".into(), first.to.clone().unwrap_or_default());
            return keys;
        }
        ("monthlyBudget", 1) => "Spend limits",
        ("allowedModels", 1) => "Model access",
        ("monthlyBudget" | "allowedModels", _) => "Spend limits and model access",
        ("role", _) => "Roles",
        _ => return keys,
    };
    let said: Vec<String> = changes.iter().map(FieldChange::describe).collect();
    let mut change = said.join("; ");
    if let Some(c) = change.get(..1) {
        change = c.to_uppercase() + &change[1..];
    }
    keys.insert("policy".into(), policy.into());
    keys.insert("change".into(), change.into());
    keys
}

/// An agent setting that `config.changed` entries record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfigSetting {
    Temperature,
    MaxTokens,
}

impl ConfigSetting {
    pub fn as_str(self) -> &'static str {
        match self {
            ConfigSetting::Temperature => "temperature",
            ConfigSetting::MaxTokens => "maxTokens",
        }
    }
}

/// One entry of the audit trail.
#[derive(Clone, Debug, PartialEq)]
pub struct AuditLog {
    pub id: Uuid,
    pub action: AuditAction,
    pub actor: UserIx,
    pub target: Option<AuditTarget>,
    pub created_at: DateTime<Utc>,
    pub ip_address: [u8; 4],
    /// Index into the catalogue's user agents.
    pub user_agent: u8,
    pub details: AuditDetails,
}

impl AgentKind {
    /// The API spelling (`CUSTOMER_SUPPORT`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            AgentKind::CustomerSupport => "CUSTOMER_SUPPORT",
            AgentKind::SalesAssistant => "SALES_ASSISTANT",
            AgentKind::HrOnboarding => "HR_ONBOARDING",
            AgentKind::ItSupport => "IT_SUPPORT",
            AgentKind::KnowledgeBase => "KNOWLEDGE_BASE",
            AgentKind::LeadQualification => "LEAD_QUALIFICATION",
            AgentKind::DocumentAnalyzer => "DOCUMENT_ANALYZER",
            AgentKind::MeetingScheduler => "MEETING_SCHEDULER",
            AgentKind::ExpenseReport => "EXPENSE_REPORT",
            AgentKind::TrainingAssistant => "TRAINING_ASSISTANT",
        }
    }
}

impl Complexity {
    pub const ALL: [Complexity; 3] = [Complexity::Simple, Complexity::Moderate, Complexity::Complex];

    pub fn as_str(self) -> &'static str {
        match self {
            Complexity::Simple => "SIMPLE",
            Complexity::Moderate => "MODERATE",
            Complexity::Complex => "COMPLEX",
        }
    }
}

impl Conversation {
    pub fn duration_ms(&self) -> i64 {
        (self.ended_at - self.started_at).num_milliseconds()
    }

    /// The anonymous end user's id: `anon-` and 12 hex digits.
    pub fn end_user_id(&self) -> String {
        format!("anon-{:012x}", self.end_user)
    }
}

impl User {
    /// Path of the user's avatar, served by agentmock itself.
    pub fn avatar_path(&self) -> String {
        format!("/avatars/{}.svg", self.id)
    }
}

impl AuditLog {
    pub fn ip_address(&self) -> String {
        let [a, b, c, d] = self.ip_address;
        format!("{a}.{b}.{c}.{d}")
    }

    pub fn user_agent(&self) -> &'static str {
        super::catalogue::USER_AGENTS.get(self.user_agent as usize).copied().unwrap_or("")
    }
}

impl AuditTarget {
    /// `AGENT` or `USER`.
    pub fn type_name(self) -> &'static str {
        match self {
            AuditTarget::Agent(_) => "AGENT",
            AuditTarget::User(_) => "USER",
        }
    }
}

impl AuditDetails {
    /// The action-specific facts as a JSON object (the API's `details`).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::json;
        match self {
            AuditDetails::None => json!({}),
            AuditDetails::Lifecycle { reason } => json!({ "reason": reason }),
            AuditDetails::AgentUpdated { field, prompt: None } => json!({ "field": field }),
            AuditDetails::AgentUpdated { field, prompt: Some((version, change)) } => {
                json!({ "field": field, "promptVersion": version, "change": change })
            }
            AuditDetails::AgentDeleted { name, former_id } => json!({ "agentName": name, "formerAgentId": former_id }),
            AuditDetails::ConfigChanged { setting, from, to } => match setting {
                ConfigSetting::Temperature => json!({ "setting": setting.as_str(), "from": from, "to": to }),
                ConfigSetting::MaxTokens => {
                    json!({ "setting": setting.as_str(), "from": *from as u64, "to": *to as u64 })
                }
            },
            AuditDetails::Session { method } => json!({ "method": method }),
            AuditDetails::PolicyUpdated { policy, change } => json!({ "policy": policy, "change": change }),
            AuditDetails::ExportRequested { dataset, format, days } => {
                json!({ "dataset": dataset, "format": format, "days": days })
            }
            AuditDetails::Changed { changes } => {
                let mut keys = seeded_keys(changes);
                keys.insert("changes".into(), changes.iter().map(FieldChange::to_json).collect());
                serde_json::Value::Object(keys)
            }
            AuditDetails::AgentChanged { field, prompt, changes } => {
                let changes: Vec<_> = changes.iter().map(FieldChange::to_json).collect();
                match prompt {
                    Some((version, change)) => {
                        json!({ "field": field, "promptVersion": version, "change": change, "changes": changes })
                    }
                    None => json!({ "field": field, "changes": changes }),
                }
            }
        }
    }
}
