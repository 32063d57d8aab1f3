//! Writes: commands in, events out. A [`Command`] is checked against the
//! role matrix and validated (a refused command changes nothing), then
//! applied to a clone of the current snapshot: the rows it touches, their
//! index entries and roll-ups, one audit entry, and the virtual clock and
//! write counter. The result is the next snapshot and the [`Event`]s a
//! subscription sees.
//!
//! Writes are deterministic: new ids come from the seed and the write
//! counter, timestamps from one virtual clock that starts at the anchor and
//! advances one second per accepted write, so replaying the same commands
//! on the same seed and anchor gives the same state, byte for byte.
//!
//! Adding a mutation: a variant here (with its checks in [`Command::apply`]),
//! and a resolver in the GraphQL file of its entity.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;
use uuid::Uuid;

use super::Snapshot;
use crate::data::catalogue::{AuditAction, Capability, Model, Role};
use crate::data::kinds::AgentKind;
use crate::data::rng::{Streams, uuid_v4};
use crate::data::{
    self, Agent, AgentConfig, AgentMetrics, AgentStatus, AuditDetails, AuditLog, AuditTarget, ConfigSetting,
    CostRecord, DailyMetric, StatusChange,
};

/// Longest agent name and description.
pub const MAX_NAME: usize = 80;
pub const MAX_DESCRIPTION: usize = 500;
/// Longest system prompt.
pub const MAX_PROMPT: usize = 8000;
/// Temperatures an agent may run at.
pub const TEMPERATURE: (f64, f64) = (0.0, 2.0);
/// Largest monthly budget, USD.
pub const MAX_BUDGET_USD: f64 = 1e9;

/// The workspace's id: a pure function of the seed.
pub fn workspace_id(seed: u64) -> Uuid {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    hasher.update(b"agentmock/workspace/v1");
    hasher.update(seed.to_le_bytes());
    let digest = hasher.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

/// What a collection export holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ExportCollection {
    Agents,
    Conversations,
    DailyMetrics,
    CostRecords,
    AuditLogs,
}

impl ExportCollection {
    /// The seed's dataset name, as `export.requested` entries record it.
    pub fn label(self) -> &'static str {
        match self {
            ExportCollection::Agents => "agents",
            ExportCollection::Conversations => "conversations",
            ExportCollection::DailyMetrics => "daily metrics",
            ExportCollection::CostRecords => "cost records",
            ExportCollection::AuditLogs => "audit logs",
        }
    }
}

/// An export's file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ExportFormat {
    Csv,
    Json,
}

impl ExportFormat {
    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Csv => "CSV",
            ExportFormat::Json => "JSON",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
        }
    }
}

/// A requested export: a collection over a range of days, with its file
/// as rendered from the state the write applied to (so the download never
/// changes).
#[derive(Clone, Debug)]
pub struct Export {
    pub id: Uuid,
    pub collection: ExportCollection,
    pub format: ExportFormat,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub requested_by: u32,
    pub requested_at: DateTime<Utc>,
    pub file: Arc<super::export::ExportFile>,
}

/// Where a `requestExport`'s file comes from.
pub(super) enum ExportSource {
    /// Rendered from the snapshot the write applies to.
    Render,
    /// Rendered already, from that same snapshot (outside the writer's lock).
    Rendered(Result<Arc<super::export::ExportFile>, super::export::ExportTooLarge>),
    /// Not kept: a replayed export that later ones push off the shelf anyway,
    /// or one larger than this server's budget.
    Skip,
}

/// A write, as the API and the journal give it. Rows are table rows of the
/// snapshot it applies to; strings are validated when applied (enums the
/// API has already checked arrive typed).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase", deny_unknown_fields)]
pub enum Command {
    #[serde(rename_all = "camelCase")]
    SignIn {
        email: String,
    },
    SignOut,
    #[serde(rename_all = "camelCase")]
    CreateAgent {
        name: String,
        #[serde(with = "api_name")]
        kind: AgentKind,
        description: Option<String>,
        model: String,
        temperature: Option<f64>,
        max_tokens: Option<u32>,
        system_prompt: Option<String>,
    },
    #[serde(rename_all = "camelCase")]
    UpdateAgent {
        agent: Uuid,
        name: Option<String>,
        description: Option<String>,
        system_prompt: Option<String>,
    },
    #[serde(rename_all = "camelCase")]
    UpdateAgentConfig {
        agent: Uuid,
        model: Option<String>,
        temperature: Option<f64>,
        max_tokens: Option<u32>,
    },
    #[serde(rename_all = "camelCase")]
    StartAgent {
        agent: Uuid,
    },
    #[serde(rename_all = "camelCase")]
    StopAgent {
        agent: Uuid,
        reason: Option<String>,
    },
    #[serde(rename_all = "camelCase")]
    DeleteAgent {
        agent: Uuid,
    },
    #[serde(rename_all = "camelCase")]
    UpdateUserRole {
        user: Uuid,
        #[serde(with = "api_name")]
        role: Role,
    },
    #[serde(rename_all = "camelCase")]
    UpdatePolicy {
        monthly_budget: Option<f64>,
        allowed_models: Option<Vec<String>>,
    },
    #[serde(rename_all = "camelCase")]
    RequestExport {
        collection: ExportCollection,
        format: ExportFormat,
        from: NaiveDate,
        to: NaiveDate,
    },
    ResetData,
    /// The simulator's step: simulate live traffic up to `until` (see
    /// [`super::simulator`]). Never sent by the API, never journaled: a
    /// journal record notes how far the simulator had run instead.
    #[serde(rename_all = "camelCase")]
    Simulate {
        until: DateTime<Utc>,
    },
}

/// The enums commands hold, written in the journal in their API spelling
/// (`"IT_SUPPORT"`, `"ADMIN"`), as when commands held them as strings, so
/// every journal replays.
mod api_name {
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::data::catalogue::Role;
    use crate::data::kinds::AgentKind;

    /// An enum with one API name per value.
    pub trait ApiName: Copy + 'static {
        const ALL: &'static [Self];
        /// What a value is, for the error naming an unknown one.
        const WHAT: &'static str;
        fn as_str(self) -> &'static str;
    }

    impl ApiName for AgentKind {
        const ALL: &'static [Self] = &AgentKind::ALL;
        const WHAT: &'static str = "agent kind";
        fn as_str(self) -> &'static str {
            AgentKind::as_str(self)
        }
    }

    impl ApiName for Role {
        const ALL: &'static [Self] = &Role::ALL;
        const WHAT: &'static str = "role";
        fn as_str(self) -> &'static str {
            Role::as_str(self)
        }
    }

    pub fn serialize<T: ApiName, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(value.as_str())
    }

    pub fn deserialize<'de, T: ApiName, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        let text = String::deserialize(deserializer)?;
        T::ALL
            .iter()
            .copied()
            .find(|value| value.as_str() == text)
            .ok_or_else(|| D::Error::custom(format!("unknown {} {text:?}", T::WHAT)))
    }
}

impl Command {
    /// What the command needs the actor to be allowed (`None`: anyone,
    /// signed in or not).
    pub fn needs(&self) -> Option<Capability> {
        Some(match self {
            Command::SignIn { .. } => return None,
            Command::SignOut => Capability::ViewDashboards,
            Command::CreateAgent { .. } => Capability::CreateAgent,
            Command::UpdateAgent { .. } => Capability::UpdateAgent,
            Command::UpdateAgentConfig { .. } => Capability::ConfigureAgent,
            Command::StartAgent { .. } | Command::StopAgent { .. } => Capability::StartStopAgent,
            Command::DeleteAgent { .. } => Capability::DeleteAgent,
            Command::UpdateUserRole { .. } => Capability::ManageUsers,
            Command::UpdatePolicy { .. } => Capability::UpdatePolicy,
            Command::RequestExport { .. } => Capability::RequestExport,
            Command::ResetData => Capability::ResetData,
            Command::Simulate { .. } => return None,
        })
    }

    /// The command's name, as the API spells its mutation.
    pub fn name(&self) -> &'static str {
        match self {
            Command::SignIn { .. } => "signIn",
            Command::SignOut => "signOut",
            Command::CreateAgent { .. } => "createAgent",
            Command::UpdateAgent { .. } => "updateAgent",
            Command::UpdateAgentConfig { .. } => "updateAgentConfig",
            Command::StartAgent { .. } => "startAgent",
            Command::StopAgent { .. } => "stopAgent",
            Command::DeleteAgent { .. } => "deleteAgent",
            Command::UpdateUserRole { .. } => "updateUserRole",
            Command::UpdatePolicy { .. } => "updatePolicy",
            Command::RequestExport { .. } => "requestExport",
            Command::ResetData => "resetData",
            Command::Simulate { .. } => "simulate",
        }
    }
}

/// Why a write was refused. Nothing changed.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum WriteError {
    /// The write needs a signed-in user.
    #[error("{0}")]
    Unauthenticated(String),
    /// The actor's role does not allow it.
    #[error("{0}")]
    Forbidden(String),
    /// An input value cannot be used; `field` names it (`input.name`).
    #[error("{message}")]
    BadInput { field: String, message: String },
    /// A well-formed id in `field` names no live record.
    #[error("{message}")]
    NotFound { field: String, message: String },
    /// The write could not be made durable (the journal failed); nothing changed.
    #[error("{0}")]
    Unavailable(String),
}

fn bad(field: &str, message: impl Into<String>) -> WriteError {
    WriteError::BadInput { field: field.to_string(), message: format!("`{field}`: {}", message.into()) }
}

fn missing(field: &str, message: impl Into<String>) -> WriteError {
    WriteError::NotFound { field: field.to_string(), message: format!("`{field}`: {}", message.into()) }
}

/// What a write changed, for subscriptions (and the journal's readers).
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    AgentCreated {
        agent: u32,
    },
    AgentUpdated {
        agent: u32,
        fields: Vec<&'static str>,
    },
    AgentStatusChanged {
        agent: u32,
        from: AgentStatus,
        to: AgentStatus,
    },
    AgentDeleted {
        agent: u32,
    },
    UserRoleChanged {
        user: u32,
        from: Role,
        to: Role,
    },
    PolicyUpdated,
    /// An export was requested; the id of its file (kept while the shelf
    /// has room for it).
    ExportRequested {
        export: Uuid,
    },
    AuditLogAdded {
        entry: u32,
    },
    SignedIn {
        user: u32,
    },
    SignedOut {
        user: u32,
    },
    DataReset,
    /// A simulated conversation started; if `recorded` (the sampled share
    /// of the traffic) it becomes a conversation record once it ends.
    ConversationStarted {
        conversation: Arc<data::Conversation>,
        recorded: bool,
    },
    /// A conversation ended and was recorded (a row of `conversations`).
    ConversationEnded {
        conversation: u32,
    },
    /// Today's telemetry of these agents (ascending rows) moved.
    MetricsUpdated {
        agents: Vec<u32>,
    },
}

/// The object a write made or changed, for its payload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Written {
    Agent(u32),
    User(u32),
    Workspace,
    /// An export, by id.
    Export(Uuid),
    Reset,
    /// A simulator step.
    Simulated,
}

/// The outcome of an accepted write.
#[derive(Clone, Debug)]
pub struct Applied {
    pub snapshot: Arc<Snapshot>,
    pub written: Written,
    /// The audit entry it wrote (none for a reset).
    pub audit: Option<u32>,
    pub events: Vec<Event>,
    /// What it changed, for caches keyed by what a read depends on.
    pub touched: super::Parts,
}

impl Applied {
    /// An accepted command that changed nothing.
    pub(super) fn unchanged(snap: &Arc<Snapshot>, written: Written) -> Applied {
        Applied { snapshot: snap.clone(), written, audit: None, events: Vec::new(), touched: super::Parts::NONE }
    }

    /// Whether it wrote (a new snapshot), or changed nothing.
    pub fn wrote(&self, before: &Arc<Snapshot>) -> bool {
        !Arc::ptr_eq(&self.snapshot, before)
    }
}

/// The write counter and virtual clock, carried from snapshot to snapshot.
#[derive(Clone, Debug)]
pub struct WriteState {
    /// Accepted writes since the seeded state.
    pub count: u64,
    /// "Now" for writes: the anchor, plus one second per accepted write.
    pub clock: DateTime<Utc>,
    /// The requested exports kept, oldest first, within their limits.
    pub exports: super::export::Shelf,
    /// The simulator's state.
    pub live: super::simulator::LiveState,
    /// The session whose sandbox this state is (none for the served
    /// dataset): its name keys the ids its writes create, so a session's
    /// ids are its own on every run, whatever other sessions do.
    pub lineage: Option<Arc<str>>,
}

impl WriteState {
    pub fn seeded(anchor: DateTime<Utc>) -> Self {
        WriteState {
            count: 0,
            clock: anchor,
            exports: super::export::Shelf::default(),
            live: super::simulator::LiveState::seeded(anchor),
            lineage: None,
        }
    }

    /// The stream family new ids are drawn from: `writes`, or the
    /// session's own.
    fn id_family(&self) -> std::borrow::Cow<'static, str> {
        match &self.lineage {
            None => "writes".into(),
            Some(session) => format!("writes/session/{session}").into(),
        }
    }

    /// "Now" for the next write: one second after the later of the write
    /// clock and the simulator's.
    pub fn next_instant(&self) -> DateTime<Utc> {
        self.clock.max(self.live.until) + TimeDelta::seconds(1)
    }
}

/// A snapshot being changed by one write.
pub(super) struct Draft {
    pub(super) next: Snapshot,
    pub(super) actor: Option<u32>,
    pub(super) streams: Streams,
    pub(super) ids: rand_chacha::ChaCha8Rng,
    pub(super) now: DateTime<Utc>,
}

impl Draft {
    pub(super) fn new_id(&mut self) -> Uuid {
        uuid_v4(&mut self.ids)
    }

    fn d(&self) -> &data::Dataset {
        &self.next.dataset
    }

    /// Appends the command's one audit entry (the newest, so lists stay in time order).
    pub(super) fn audit(&mut self, action: AuditAction, target: Option<AuditTarget>, details: AuditDetails) -> u32 {
        let actor = self.actor.unwrap_or(0);
        // Inside the actor's open sign-in session, the session's address
        // and browser; else its office's.
        let logs = &self.d().audit_logs;
        let session = self
            .next
            .index
            .audit_by_actor
            .get(actor as usize)
            .and_then(|rows| {
                rows.iter()
                    .rev()
                    .map(|&row| &logs[row as usize])
                    .find(|l| matches!(l.action, AuditAction::UserLogin | AuditAction::UserLogout))
            })
            .filter(|l| l.action == AuditAction::UserLogin)
            .map(|l| (l.ip_address, l.user_agent));
        let (ip_address, user_agent) = session.unwrap_or_else(|| {
            let habits = data::audit::habits(&self.streams, actor);
            (habits.addresses[0], habits.user_agent)
        });
        let log = AuditLog {
            id: self.new_id(),
            action,
            actor,
            target,
            created_at: self.now,
            ip_address,
            user_agent,
            details,
        };
        let row = self.next.dataset.audit_logs.len() as u32;
        self.next.index.add_audit(&log, row);
        self.next.dataset.audit_logs.push_back(log);
        row
    }

    fn agent_row(&self, field: &str, id: Uuid) -> Result<u32, WriteError> {
        self.next
            .agent_ix(id)
            .filter(|&a| self.d().agents[a as usize].deleted_at.is_none())
            .ok_or_else(|| missing(field, format!("no agent has the id {id}")))
    }

    /// Replaces agent `row` by `agent`, keeping indices and roll-ups in step.
    pub(super) fn set_agent(&mut self, row: u32, agent: Agent) {
        let before = self.next.dataset.agents.set(row as usize, agent);
        let d = &self.next.dataset;
        self.next.index.update_agent(&d.agents, row, &before);
        let after = &d.agents[row as usize];
        if before.status != after.status || before.deleted_at != after.deleted_at {
            let conversations: Vec<u32> = self
                .next
                .index
                .conversations_by_agent
                .get(row as usize)
                .map_or_else(Vec::new, |l| l.iter().copied().collect());
            let was = (before.model, before.status);
            self.next.rollups.agent_moved(&self.next.dataset, row as usize, was, &conversations);
        } else if before.model != self.next.dataset.agents[row as usize].model {
            self.next.rollups.agent_remodelled(&self.next.dataset, row as usize, before.model);
        }
    }
}

/// What a text field holds: one line (names, reasons) or free text
/// (descriptions, prompts: line breaks and tabs allowed, CRLF made LF).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Text {
    Line,
    Block,
}

/// Format characters (Unicode category Cf) that hide or reorder text: soft
/// hyphen, zero-width spaces and marks, bidirectional controls, invisible
/// operators, the byte-order mark. Listed by hand: std has no category
/// lookup and the list is short. The zero-width joiner (U+200D) is allowed:
/// emoji sequences use it.
fn is_hidden_format(c: char) -> bool {
    matches!(c,
        '\u{AD}' | '\u{61C}' | '\u{180E}' | '\u{200B}' | '\u{200C}' | '\u{200E}' | '\u{200F}'
        | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFB}'
        // Tag characters: invisible, and able to smuggle text past a reader.
        | '\u{E0000}'..='\u{E007F}')
}

/// Characters that are not whitespace by Unicode's properties yet render
/// as nothing: Hangul fillers, the blank Braille pattern. A name made of
/// them (and spaces) looks empty.
fn renders_blank(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200D}' | '\u{115F}' | '\u{1160}' | '\u{2800}' | '\u{3164}' | '\u{FFA0}')
}

/// The line and paragraph separators (U+2028, U+2029): line breaks.
fn is_line_separator(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}')
}

/// The form names are compared in: Unicode's canonical caseless match
/// (D145: decomposed, fully case-folded, recomposed), so "Écho Bot"
/// composed and decomposed are one name, and so are "Straße Bot" and
/// "STRASSE BOT".
pub fn name_key(name: &str) -> String {
    use caseless::Caseless;
    use unicode_normalization::UnicodeNormalization;
    name.nfd().default_case_fold().nfd().nfc().collect()
}

/// A client's text quoted in a message, cut to a readable length.
pub fn echo(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX {
        format!("{text:?}")
    } else {
        format!("{:?}…", text.chars().take(MAX).collect::<String>())
    }
}

fn check_text(field: &str, value: &str, max: usize, kind: Text) -> Result<String, WriteError> {
    let normalized;
    let value = if kind == Text::Block && value.contains(|c: char| c == '\r' || is_line_separator(c)) {
        normalized = value.replace("\r\n", "\n").replace(['\r', '\u{2028}', '\u{2029}'], "\n");
        normalized.as_str()
    } else {
        value
    };
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(bad(field, "must not be empty"));
    }
    let count = trimmed.chars().count();
    if count > max {
        return Err(bad(field, format!("must be at most {max} characters, got {count}")));
    }
    let allowed = |c: char| kind == Text::Block && (c == '\n' || c == '\t');
    let breaks = |c: char| (c.is_control() && !allowed(c)) || is_line_separator(c);
    if let Some(c) = trimmed.chars().find(|&c| breaks(c) || is_hidden_format(c)) {
        return Err(bad(
            field,
            match c {
                '\n' | '\t' | '\r' | '\u{2028}' | '\u{2029}' => {
                    "must be one line, without line breaks or tabs".to_string()
                }
                c if c.is_control() => format!("must not hold control characters (found U+{:04X})", c as u32),
                c => format!("must not hold invisible formatting characters (found U+{:04X})", c as u32),
            },
        ));
    }
    if trimmed.chars().all(renders_blank) {
        return Err(bad(field, "must hold a visible character"));
    }
    if kind == Text::Line {
        // One spelling per name: the composed form (NFC).
        use unicode_normalization::UnicodeNormalization;
        return Ok(trimmed.nfc().collect());
    }
    Ok(trimmed.to_string())
}

fn check_model(field: &str, snap: &Snapshot, id: &str) -> Result<Model, WriteError> {
    let model = Model::from_id(id).ok_or_else(|| {
        let known: Vec<&str> = Model::ALL.iter().map(|m| m.id()).collect();
        bad(field, format!("unknown model {}; known models: {}", echo(id), known.join(", ")))
    })?;
    if !snap.dataset.workspace.allowed_models.contains(&model) {
        let allowed: Vec<&str> = snap.dataset.workspace.allowed_models.iter().map(|m| m.id()).collect();
        return Err(bad(field, format!("the workspace policy does not allow {id:?}; allowed: {}", allowed.join(", "))));
    }
    Ok(model)
}

/// `maxTokens` a model accepts: from 1 to its completion limit.
pub fn max_tokens_range(model: Model) -> (u32, u32) {
    match model {
        Model::Gpt4o | Model::Gpt4oMini => (1, 16_384),
        Model::Gpt35Turbo => (1, 4_096),
    }
}

fn check_max_tokens(field: &str, model: Model, value: u32) -> Result<u32, WriteError> {
    let (lo, hi) = max_tokens_range(model);
    if !(lo..=hi).contains(&value) {
        return Err(bad(field, format!("must be between {lo} and {hi} for {}, got {value}", model.id())));
    }
    Ok(value)
}

fn check_temperature(field: &str, value: f64) -> Result<f64, WriteError> {
    let (lo, hi) = TEMPERATURE;
    if !value.is_finite() || !(lo..=hi).contains(&value) {
        return Err(bad(field, format!("must be between {lo} and {hi}, got {value}")));
    }
    // `+ 0.0` makes -0 plain 0.
    Ok(data::rng::round_to(value, 2) + 0.0)
}

/// Names are unique among live agents, compared as [`name_key`] gives
/// them: "ÉCHO" and "écho", "Straße" and "STRASSE" are one name.
fn check_name_free(draft: &Draft, field: &str, name: &str, except: Option<u32>) -> Result<(), WriteError> {
    let key = name_key(name);
    let taken = draft
        .d()
        .agents
        .iter()
        .enumerate()
        .find(|(row, a)| a.deleted_at.is_none() && Some(*row as u32) != except && name_key(&a.name) == key);
    match taken {
        Some((_, a)) => Err(bad(field, format!("an agent is already named {:?}", a.name))),
        None => Ok(()),
    }
}

impl Command {
    /// Applies the command by `actor` to `snap`: the next snapshot, what it
    /// changed and its events; or why nothing changed.
    /// Whether `actor` may run the command on `snap`.
    pub fn authorize(&self, snap: &Snapshot, actor: Option<u32>) -> Result<(), WriteError> {
        let Some(needs) = self.needs() else { return Ok(()) };
        let role = actor.and_then(|u| snap.dataset.users.get(u as usize)).map(|u| u.role);
        let Some(role) = role else {
            return Err(WriteError::Unauthenticated(format!(
                "{} needs a signed-in user: send `Authorization: Bearer <token>` (signIn gives one)",
                self.name()
            )));
        };
        if !role.can(needs) {
            return Err(WriteError::Forbidden(format!(
                "{} needs the {} capability, which the {} role does not have",
                self.name(),
                needs.as_str(),
                role.as_str()
            )));
        }
        Ok(())
    }

    /// A command that would change nothing (an update to the values a
    /// record already has) succeeds without writing: the same snapshot, no
    /// audit entry, no event, nothing journaled.
    pub fn apply(&self, snap: &Arc<Snapshot>, actor: Option<u32>) -> Result<Applied, WriteError> {
        self.apply_with(snap, actor, ExportSource::Render)
    }

    /// The export a `requestExport` by `actor` would make over `snap`, once
    /// authorized and validated (`None` for any other command, or one that
    /// will be refused anyway).
    pub(super) fn export_request(&self, snap: &Snapshot, actor: Option<u32>) -> Option<super::export::Request> {
        let Command::RequestExport { collection, format, from, to } = self else { return None };
        if from > to || self.authorize(snap, actor).is_err() {
            return None;
        }
        let (collection, format, from, to) = (*collection, *format, *from, *to);
        Some(super::export::Request { collection, format, from, to, requested_by: actor.unwrap_or(0) })
    }

    /// As [`Command::apply`], with a `requestExport`'s file from `source`.
    pub(super) fn apply_with(
        &self,
        snap: &Arc<Snapshot>,
        actor: Option<u32>,
        source: ExportSource,
    ) -> Result<Applied, WriteError> {
        if let Command::Simulate { until } = self {
            if actor.is_some() {
                return Err(WriteError::Forbidden("only the simulator simulates".into()));
            }
            return Ok(super::simulator::advance(snap, *until));
        }
        self.authorize(snap, actor)?;
        let count = snap.writes.count + 1;
        let streams = Streams::new(snap.dataset.params.seed);
        let now = snap.writes.next_instant();
        let mut draft =
            Draft { next: snap.next(), actor, streams, ids: streams.record(&snap.writes.id_family(), count), now };
        let mut events = Vec::new();
        let (written, audit) = match self {
            Command::SignIn { email } => {
                let user = draft
                    .next
                    .index
                    .user_by_email(email.trim())
                    .ok_or_else(|| bad("email", format!("no user has the email {}", echo(email))))?;
                draft.actor = Some(user);
                let method = "password";
                let row = draft.audit(
                    AuditAction::UserLogin,
                    Some(AuditTarget::User(user)),
                    AuditDetails::Session { method },
                );
                events.push(Event::SignedIn { user });
                (Written::User(user), row)
            }
            Command::SignOut => {
                let user = actor.unwrap_or(0);
                let row = draft.audit(
                    AuditAction::UserLogout,
                    Some(AuditTarget::User(user)),
                    AuditDetails::Session { method: "password" },
                );
                events.push(Event::SignedOut { user });
                (Written::User(user), row)
            }
            Command::CreateAgent { name, kind, description, model, temperature, max_tokens, system_prompt } => {
                let name = check_text("input.name", name, MAX_NAME, Text::Line)?;
                check_name_free(&draft, "input.name", &name, None)?;
                let kind = *kind;
                let model = check_model("input.model", &draft.next, model)?;
                let temperature = check_temperature("input.temperature", temperature.unwrap_or(0.7))?;
                let max_tokens = check_max_tokens("input.maxTokens", model, max_tokens.unwrap_or(1024))?;
                let description = match description {
                    Some(text) => check_text("input.description", text, MAX_DESCRIPTION, Text::Block)?,
                    None => kind.profile().descriptions.first().copied().unwrap_or("").to_string(),
                };
                let creator = actor.unwrap_or(0);
                let system_prompt = match system_prompt {
                    Some(text) => check_text("input.systemPrompt", text, MAX_PROMPT, Text::Block)?,
                    None => {
                        let company = draft.d().workspace.company.clone();
                        let facts = data::prompts::PromptFacts {
                            agent_name: &name,
                            kind,
                            model,
                            temperature,
                            max_tokens,
                            company: &company,
                        };
                        data::prompts::system_prompt(&facts, 1, &draft.streams, count)
                    }
                };
                let row = draft.d().agents.len() as u32;
                let agent = Agent {
                    id: draft.new_id(),
                    name: name.clone(),
                    kind,
                    description: description.into(),
                    model,
                    status: AgentStatus::Inactive,
                    performance: data::Performance::Steady,
                    created_at: now,
                    last_active_at: now,
                    config: AgentConfig { temperature, max_tokens, system_prompt, prompt_version: 1 },
                    created_by: creator,
                    metrics: AgentMetrics::default(),
                    popularity: 0.0,
                    incident: None,
                    status_changes: imbl::vector![StatusChange {
                        at: now,
                        status: AgentStatus::Inactive,
                        actor: Some(creator),
                        reason: "Created; not started yet".to_string(),
                    }],
                    deleted_at: None,
                };
                draft.add_agent(agent);
                let details = AuditDetails::Changed {
                    changes: vec![
                        change("name", None, Some(name.into())),
                        change("model", None, Some(model.id().into())),
                        change("kind", None, Some(kind.as_str().into())),
                    ],
                };
                let audit = draft.audit(AuditAction::AgentCreated, Some(AuditTarget::Agent(row)), details);
                events.push(Event::AgentCreated { agent: row });
                (Written::Agent(row), audit)
            }
            Command::UpdateAgent { agent: id, name, description, system_prompt } => {
                let row = draft.agent_row("input.id", *id)?;
                let mut agent = draft.d().agents[row as usize].clone();
                let mut changes = Vec::new();
                let mut fields = Vec::new();
                if let Some(name) = name {
                    let name = check_text("input.name", name, MAX_NAME, Text::Line)?;
                    check_name_free(&draft, "input.name", &name, Some(row))?;
                    if name != agent.name {
                        changes.push(change("name", Some(agent.name.clone().into()), Some(name.clone().into())));
                        agent.name = name;
                        fields.push("name");
                    }
                }
                if let Some(text) = description {
                    let text = check_text("input.description", text, MAX_DESCRIPTION, Text::Block)?;
                    if text != agent.description {
                        changes.push(change(
                            "description",
                            Some(agent.description.to_string().into()),
                            Some(text.clone().into()),
                        ));
                        agent.description = text.into();
                        fields.push("description");
                    }
                }
                let mut prompt = None;
                if let Some(text) = system_prompt {
                    let text = check_text("input.systemPrompt", text, MAX_PROMPT, Text::Block)?;
                    if text != agent.config.system_prompt {
                        agent.config.prompt_version += 1;
                        let (before, after) = (agent.config.system_prompt.chars().count(), text.chars().count());
                        prompt = Some((
                            agent.config.prompt_version,
                            format!("Prompt rewritten ({before} → {after} characters)"),
                        ));
                        changes.push(change(
                            "promptVersion",
                            Some((agent.config.prompt_version - 1).into()),
                            Some(agent.config.prompt_version.into()),
                        ));
                        agent.config.system_prompt = text;
                        fields.push("systemPrompt");
                    }
                }
                if fields.is_empty() {
                    return Ok(Applied::unchanged(snap, Written::Agent(row)));
                }
                draft.set_agent(row, agent);
                let field =
                    if prompt.is_some() { "systemPrompt" } else { fields.first().copied().unwrap_or("description") };
                let details = AuditDetails::AgentChanged { field, prompt, changes };
                let audit = draft.audit(AuditAction::AgentUpdated, Some(AuditTarget::Agent(row)), details);
                events.push(Event::AgentUpdated { agent: row, fields });
                (Written::Agent(row), audit)
            }
            Command::UpdateAgentConfig { agent: id, model, temperature, max_tokens } => {
                let row = draft.agent_row("input.id", *id)?;
                let mut agent = draft.d().agents[row as usize].clone();
                let mut changes = Vec::new();
                let mut fields = Vec::new();
                if let Some(model) = model {
                    let model = check_model("input.model", &draft.next, model)?;
                    if model != agent.model {
                        changes.push(change("model", Some(agent.model.id().into()), Some(model.id().into())));
                        agent.model = model;
                        fields.push("model");
                    }
                }
                if let Some(t) = temperature {
                    let t = check_temperature("input.temperature", *t)?;
                    if t != agent.config.temperature {
                        changes.push(change(
                            ConfigSetting::Temperature.as_str(),
                            Some(agent.config.temperature.into()),
                            Some(t.into()),
                        ));
                        agent.config.temperature = t;
                        fields.push("temperature");
                    }
                }
                // Checked when given or when the model changes (a seeded
                // agent's own value stands while neither does).
                let max_tokens = match max_tokens {
                    Some(value) => check_max_tokens("input.maxTokens", agent.model, *value)?,
                    None if fields.contains(&"model") => {
                        check_max_tokens("input.maxTokens", agent.model, agent.config.max_tokens)?
                    }
                    None => agent.config.max_tokens,
                };
                if max_tokens != agent.config.max_tokens {
                    changes.push(change(
                        ConfigSetting::MaxTokens.as_str(),
                        Some(agent.config.max_tokens.into()),
                        Some(max_tokens.into()),
                    ));
                    agent.config.max_tokens = max_tokens;
                    fields.push("maxTokens");
                }
                if fields.is_empty() {
                    return Ok(Applied::unchanged(snap, Written::Agent(row)));
                }
                draft.set_agent(row, agent);
                let details = AuditDetails::Changed { changes };
                let audit = draft.audit(AuditAction::ConfigChanged, Some(AuditTarget::Agent(row)), details);
                events.push(Event::AgentUpdated { agent: row, fields });
                (Written::Agent(row), audit)
            }
            Command::StartAgent { agent: id } | Command::StopAgent { agent: id, .. } => {
                let start = matches!(self, Command::StartAgent { .. });
                let row = draft.agent_row("input.id", *id)?;
                let mut agent = draft.d().agents[row as usize].clone();
                let to = if start { AgentStatus::Active } else { AgentStatus::Inactive };
                if agent.status == to {
                    return Err(bad("input.id", format!("{} is already {}", agent.name, to.as_str())));
                }
                let from = agent.status;
                let reason = match self {
                    Command::StopAgent { reason: Some(text), .. } => {
                        check_text("input.reason", text, MAX_DESCRIPTION, Text::Line)?
                    }
                    _ if start => format!("Started by {}", draft.d().users[actor.unwrap_or(0) as usize].name),
                    _ => format!("Stopped by {}", draft.d().users[actor.unwrap_or(0) as usize].name),
                };
                agent.status = to;
                agent.last_active_at = now;
                agent.status_changes.push_back(StatusChange { at: now, status: to, actor, reason: reason.clone() });
                draft.set_agent(row, agent);
                let action = if start { AuditAction::AgentStarted } else { AuditAction::AgentStopped };
                let details = AuditDetails::Lifecycle { reason: reason.into() };
                let audit = draft.audit(action, Some(AuditTarget::Agent(row)), details);
                events.push(Event::AgentStatusChanged { agent: row, from, to });
                (Written::Agent(row), audit)
            }
            Command::DeleteAgent { agent: id } => {
                let row = draft.agent_row("input.id", *id)?;
                let mut agent = draft.d().agents[row as usize].clone();
                let from = agent.status;
                let (name, former_id) = (agent.name.clone(), agent.id);
                if agent.status != AgentStatus::Inactive {
                    agent.status = AgentStatus::Inactive;
                    agent.status_changes.push_back(StatusChange {
                        at: now,
                        status: AgentStatus::Inactive,
                        actor,
                        reason: "Deleted".to_string(),
                    });
                }
                agent.deleted_at = Some(now);
                draft.set_agent(row, agent);
                draft.next.index.set_id(former_id, None);
                let details = AuditDetails::AgentDeleted { name, former_id };
                let audit = draft.audit(AuditAction::AgentDeleted, None, details);
                if from != AgentStatus::Inactive {
                    events.push(Event::AgentStatusChanged { agent: row, from, to: AgentStatus::Inactive });
                }
                events.push(Event::AgentDeleted { agent: row });
                (Written::Agent(row), audit)
            }
            Command::UpdateUserRole { user: id, role } => {
                let row =
                    draft.next.user_ix(*id).ok_or_else(|| missing("input.id", format!("no user has the id {id}")))?;
                let role = *role;
                let mut user = draft.d().users[row as usize].clone();
                let from = user.role;
                if from == role {
                    return Ok(Applied::unchanged(snap, Written::User(row)));
                }
                let admins = draft.d().users.iter().filter(|u| u.role == Role::Admin).count();
                if from == Role::Admin && admins <= 1 {
                    return Err(bad(
                        "input.role",
                        format!("{} is the last admin; make another user an admin first", user.name),
                    ));
                }
                user.role = role;
                let before = draft.next.dataset.users.set(row as usize, user);
                let after = draft.next.dataset.users[row as usize].clone();
                draft.next.index.update_user(&before, &after, row);
                let details = AuditDetails::Changed {
                    changes: vec![change("role", Some(from.as_str().into()), Some(role.as_str().into()))],
                };
                let audit = draft.audit(AuditAction::PolicyUpdated, Some(AuditTarget::User(row)), details);
                events.push(Event::UserRoleChanged { user: row, from, to: role });
                (Written::User(row), audit)
            }
            Command::UpdatePolicy { monthly_budget, allowed_models } => {
                let mut workspace = draft.d().workspace.clone();
                let mut changes = Vec::new();
                if let Some(budget) = monthly_budget {
                    if !budget.is_finite() || *budget <= 0.0 || *budget > MAX_BUDGET_USD {
                        return Err(bad(
                            "input.monthlyBudget",
                            format!("must be more than 0 and at most {MAX_BUDGET_USD}, got {budget}"),
                        ));
                    }
                    let micros = (budget * 1e6).round() as i64;
                    if micros <= 0 {
                        return Err(bad("input.monthlyBudget", format!("must be at least 0.000001, got {budget}")));
                    }
                    if micros != workspace.monthly_budget_micros {
                        changes.push(change(
                            "monthlyBudget",
                            Some(data::catalogue::usd(workspace.monthly_budget_micros).into()),
                            Some(data::catalogue::usd(micros).into()),
                        ));
                        workspace.monthly_budget_micros = micros;
                    }
                }
                if let Some(ids) = allowed_models {
                    let mut models = Vec::new();
                    for id in ids {
                        let model = Model::from_id(id)
                            .ok_or_else(|| bad("input.allowedModels", format!("unknown model {}", echo(id))))?;
                        if !models.contains(&model) {
                            models.push(model);
                        }
                    }
                    models.sort();
                    if models.is_empty() {
                        return Err(bad("input.allowedModels", "must allow at least one model"));
                    }
                    for model in Model::ALL.into_iter().filter(|m| !models.contains(m)) {
                        let users =
                            draft.d().agents.iter().filter(|a| a.deleted_at.is_none() && a.model == model).count();
                        if users > 0 {
                            return Err(bad(
                                "input.allowedModels",
                                format!("{} runs {users} agents; move them to another model first", model.id()),
                            ));
                        }
                    }
                    if models != workspace.allowed_models {
                        let list = |m: &[Model]| serde_json::Value::from(m.iter().map(|m| m.id()).collect::<Vec<_>>());
                        changes.push(change(
                            "allowedModels",
                            Some(list(&workspace.allowed_models)),
                            Some(list(&models)),
                        ));
                        workspace.allowed_models = models;
                    }
                }
                if changes.is_empty() {
                    return Ok(Applied::unchanged(snap, Written::Workspace));
                }
                draft.next.dataset.workspace = workspace;
                let audit = draft.audit(AuditAction::PolicyUpdated, None, AuditDetails::Changed { changes });
                events.push(Event::PolicyUpdated);
                (Written::Workspace, audit)
            }
            Command::RequestExport { collection, format, from, to } => {
                if from > to {
                    return Err(bad("input.range", format!("`from` ({from}) must not be after `to` ({to})")));
                }
                let limit = snap.writes.exports.limits.max_bytes;
                let file = match source {
                    ExportSource::Render => self
                        .export_request(snap, actor)
                        .map(|request| super::export::render(snap, &request, limit).map(Arc::new)),
                    ExportSource::Rendered(file) => Some(file),
                    ExportSource::Skip => None,
                };
                let file = match file {
                    Some(Ok(file)) => Some(file),
                    Some(Err(too_large)) => {
                        let hint = match collection {
                            ExportCollection::Agents => "ask a server with a larger --max-export-mb",
                            _ => "ask for fewer days",
                        };
                        return Err(bad("input.range", format!("{too_large}; {hint}")));
                    }
                    None => None,
                };
                let id = draft.new_id();
                if let Some(file) = file {
                    draft.next.writes.exports.keep(Arc::new(Export {
                        id,
                        collection: *collection,
                        format: *format,
                        from: *from,
                        to: *to,
                        requested_by: actor.unwrap_or(0),
                        requested_at: now,
                        file,
                    }));
                }
                let days = ((*to - *from).num_days() + 1).clamp(1, u16::MAX as i64) as u16;
                let details =
                    AuditDetails::ExportRequested { dataset: collection.label(), format: format.label(), days };
                let audit = draft.audit(AuditAction::ExportRequested, None, details);
                events.push(Event::ExportRequested { export: id });
                (Written::Export(id), audit)
            }
            Command::ResetData => {
                return Err(bad("command", "resetData is applied by the store, not to a snapshot"));
            }
            Command::Simulate { .. } => return Err(bad("command", "simulate is applied above")),
        };
        events.push(Event::AuditLogAdded { entry: audit });
        draft.next.writes.count = count;
        draft.next.writes.clock = now;
        draft.next.dataset.now = now;
        // A user's write may touch anything: every cached answer is stale.
        draft.next.touch(super::Parts::ALL);
        Ok(Applied { snapshot: Arc::new(draft.next), written, audit: Some(audit), events, touched: super::Parts::ALL })
    }
}

impl Draft {
    /// Adds a new agent with empty grid rows for every window day.
    fn add_agent(&mut self, agent: Agent) {
        let row = self.next.dataset.agents.len() as u32;
        let days = self.next.dataset.window.days;
        let model = agent.model;
        self.next.dataset.agents.push_back(agent);
        for day in 0..days {
            let date = self.next.dataset.window.date(day);
            let metric_id = self.new_id();
            let cost_id = self.new_id();
            let grid_row = self.next.dataset.daily_metrics.len() as u32;
            self.next.dataset.daily_metrics.push_back(DailyMetric::empty(metric_id, row, date));
            self.next.dataset.cost_records.push_back(CostRecord {
                id: cost_id,
                agent: row,
                date,
                input_tokens: 0,
                output_tokens: 0,
                cost_micros: 0,
                model,
            });
            self.next.index.set_id(metric_id, Some(super::EntityRef::DailyMetric(grid_row)));
            self.next.index.set_id(cost_id, Some(super::EntityRef::CostRecord(grid_row)));
        }
        let d = &self.next.dataset;
        self.next.index.add_agent(&d.agents, row);
        self.next.rollups.agent_added(&self.next.dataset, row as usize);
    }
}

/// One changed field of an audit entry's details.
fn change(field: &str, before: Option<serde_json::Value>, after: Option<serde_json::Value>) -> data::FieldChange {
    data::FieldChange { field: field.to_string(), from: before, to: after }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_commands_keep_the_journals_spelling() {
        let create = Command::CreateAgent {
            name: "Bot".into(),
            kind: AgentKind::ItSupport,
            description: None,
            model: "gpt-4o".into(),
            temperature: None,
            max_tokens: None,
            system_prompt: None,
        };
        let role = Command::UpdateUserRole { user: Uuid::nil(), role: Role::Operator };
        let written = [serde_json::to_string(&create).unwrap(), serde_json::to_string(&role).unwrap()];
        assert!(written[0].contains(r#""kind":"IT_SUPPORT""#), "{}", written[0]);
        assert!(written[1].contains(r#""role":"OPERATOR""#), "{}", written[1]);
        // A line as journals held it when these were strings replays.
        let old = r#"{"type":"updateUserRole","user":"00000000-0000-0000-0000-000000000000","role":"OPERATOR"}"#;
        assert_eq!(serde_json::from_str::<Command>(old).unwrap(), role);
        assert_eq!(serde_json::from_str::<Command>(&written[0]).unwrap(), create);
        let unknown = old.replace("OPERATOR", "JANITOR");
        let e = serde_json::from_str::<Command>(&unknown).unwrap_err().to_string();
        assert!(e.contains("unknown role \"JANITOR\""), "{e}");
    }
}
