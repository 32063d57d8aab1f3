//! The list-query engine: filters, orders and pages over the snapshot's
//! tables and indices, shared by the GraphQL resolvers, the mutations and
//! the subscription filters. Pages are cut by binary search over ordered row
//! lists, so a page costs O(log n + page) once its rows are ordered.
//!
//! Lists say which rows they want in store terms (table rows, data-layer
//! enums); turning client input (ids, cursors, enum spellings) into them is
//! the GraphQL layer's job.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use chrono::{DateTime, Utc};

use super::Snapshot;
use super::hours::Hours;
use super::index::{List, name_order};
use super::rollups::Totals;
use crate::data::catalogue::{AuditAction, Model, Role};
use crate::data::histogram::Merged;
use crate::data::kinds::{AgentKind, Complexity};
use crate::data::{self, AgentStatus, AuditTarget, Channel, ErrorType, Sentiment, shown_ms, shown_rate};

/// Page size when neither `first` nor `last` is given.
pub const DEFAULT_PAGE_SIZE: usize = 20;
/// Largest `first` / `last` accepted.
pub const MAX_PAGE_SIZE: usize = 100;

/// Pagination arguments, checked, with cursors as table rows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct PageSpec {
    pub first: Option<usize>,
    pub last: Option<usize>,
    pub after: Option<u32>,
    pub before: Option<u32>,
}

/// Table rows in the order a client asked for.
pub enum Rows<'a> {
    /// Consecutive table rows, ascending or descending.
    Range(Range<usize>, bool),
    /// A run of an index list, forwards or backwards.
    List(&'a List, Range<usize>, bool),
    /// Rows collected and sorted for this request.
    Owned(Vec<u32>),
}

impl Rows<'_> {
    pub fn len(&self) -> usize {
        match self {
            Rows::Range(r, _) | Rows::List(_, r, _) => r.len(),
            Rows::Owned(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, i: usize) -> u32 {
        match self {
            Rows::Range(r, false) => (r.start + i) as u32,
            Rows::Range(r, true) => (r.end - 1 - i) as u32,
            Rows::List(l, r, false) => l[r.start + i],
            Rows::List(l, r, true) => l[r.end - 1 - i],
            Rows::Owned(v) => v[i],
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Keeps only the rows `keep` accepts (O(k)).
    pub fn filtered(self, keep: impl Fn(u32) -> bool) -> Rows<'static> {
        Rows::Owned(self.iter().filter(|&r| keep(r)).collect())
    }
}

/// One page of an ordered list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    pub rows: Vec<u32>,
    /// Position of the page's first row in the whole ordered list (0 for
    /// the first page): a row's rank is `start + i + 1`.
    pub start: usize,
    pub total: usize,
    pub has_previous: bool,
    pub has_next: bool,
}

impl Page {
    pub fn empty() -> Self {
        Page { rows: Vec::new(), start: 0, total: 0, has_previous: false, has_next: false }
    }
}

/// Cuts the page `spec` asks for out of `rows`, ordered by `order` (a total
/// order consistent with the list; ties are broken by row): cursors are
/// found by binary search, so paging costs O(log n + page).
pub fn paginate(rows: &Rows<'_>, order: impl Fn(u32, u32) -> Ordering, spec: &PageSpec) -> Page {
    let total = rows.len();
    let position = |pred: &dyn Fn(u32) -> bool| {
        let (mut lo, mut hi) = (0, total);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if pred(rows.get(mid)) { lo = mid + 1 } else { hi = mid }
        }
        lo
    };
    let mut start = spec.after.map_or(0, |c| position(&|r| order(r, c) != Ordering::Greater));
    let mut end = spec.before.map_or(total, |c| position(&|r| order(r, c) == Ordering::Less));
    end = end.max(start);
    if spec.first.is_none() && spec.last.is_none() {
        end = end.min(start + DEFAULT_PAGE_SIZE);
    }
    if let Some(first) = spec.first {
        end = end.min(start + first);
    }
    if let Some(last) = spec.last {
        start = start.max(end.saturating_sub(last));
    }
    Page {
        rows: (start..end).map(|i| rows.get(i)).collect(),
        start,
        total,
        has_previous: start > 0,
        has_next: end < total,
    }
}

/// Compares two rows by a key, then by row, ascending or descending.
pub fn by_key<K: PartialOrd>(key: impl Fn(u32) -> K, descending: bool) -> impl Fn(u32, u32) -> Ordering {
    move |a, b| {
        let ordering = key(a).partial_cmp(&key(b)).unwrap_or(Ordering::Equal).then(a.cmp(&b));
        if descending { ordering.reverse() } else { ordering }
    }
}

/// Sorts rows by `order`.
pub fn sorted(mut rows: Vec<u32>, order: &impl Fn(u32, u32) -> Ordering) -> Rows<'static> {
    rows.sort_by(|a, b| order(*a, *b));
    Rows::Owned(rows)
}

fn page_by(rows: Vec<u32>, order: impl Fn(u32, u32) -> Ordering, page: &PageSpec) -> Page {
    paginate(&sorted(rows, &order), order, page)
}

/// Whether `value` passes an optional set filter.
pub fn allows<T: Ord>(set: &Option<BTreeSet<T>>, value: &T) -> bool {
    set.as_ref().is_none_or(|s| s.contains(value))
}

/// Whether `text` contains the lower-cased `needle`, ignoring case.
pub fn matches_search(needle: &Option<String>, text: &str) -> bool {
    needle.as_ref().is_none_or(|n| text.to_lowercase().contains(n.as_str()))
}

/// What lists, rankings and breakdowns can order by: a measure of the
/// telemetry over a range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Measure {
    Conversations,
    Failed,
    SuccessRate,
    ErrorRate,
    Cost,
    Tokens,
    AvgResponseTime,
    P95Latency,
    Sentiment,
    ResolutionRate,
    AvgDuration,
}

impl Measure {
    /// Whether the measure needs the latency distribution.
    pub fn needs_distribution(self) -> bool {
        self == Measure::P95Latency
    }

    /// Whether the measure is a sum (so groups have shares of its total).
    pub fn is_sum(self) -> bool {
        matches!(self, Measure::Conversations | Measure::Failed | Measure::Cost | Measure::Tokens)
    }

    /// The measure's value (micro-dollars for cost); `None` for a rate without traffic.
    pub fn of(self, t: &Totals, latency: Option<&Merged>) -> Option<f64> {
        match self {
            Measure::Conversations => Some(t.conversations as f64),
            Measure::Failed => Some(t.failed() as f64),
            Measure::SuccessRate => t.success_rate(),
            Measure::ErrorRate => t.error_rate(),
            Measure::Cost => Some(t.cost_micros as f64),
            Measure::Tokens => Some((t.input_tokens + t.output_tokens) as f64),
            Measure::AvgResponseTime => t.avg_response_time(),
            Measure::P95Latency => latency.and_then(|l| l.quantile(0.95)),
            Measure::Sentiment => t.sentiment_score(),
            Measure::ResolutionRate => t.resolution_rate(),
            Measure::AvgDuration => t.avg_duration_ms(),
        }
    }

    /// The value as shown (USD for cost, rounded rates and milliseconds).
    pub fn shown(self, value: f64) -> f64 {
        match self {
            Measure::Cost => data::catalogue::usd(value as i64),
            Measure::SuccessRate | Measure::ErrorRate | Measure::Sentiment | Measure::ResolutionRate => {
                shown_rate(value)
            }
            Measure::AvgResponseTime | Measure::P95Latency | Measure::AvgDuration => shown_ms(value),
            Measure::Conversations | Measure::Failed | Measure::Tokens => value,
        }
    }

    /// One conversation record's value: the measure over that one
    /// conversation (its cost, tokens, mean reply latency as shown (whole
    /// ms) and 95th-percentile reply latency, duration, sentiment score; 1
    /// or 0 for counts and rates).
    pub fn of_conversation(self, c: &data::Conversation) -> Option<f64> {
        let failed = c.outcome.error().is_some();
        let flag = |b: bool| Some(if b { 1.0 } else { 0.0 });
        let latencies = &c.reply_latencies_ms;
        match self {
            Measure::Conversations => Some(1.0),
            Measure::Failed | Measure::ErrorRate => flag(failed),
            Measure::SuccessRate => flag(!failed),
            Measure::Cost => Some(c.cost_micros as f64),
            Measure::Tokens => Some(c.input_tokens as f64 + c.output_tokens as f64),
            // As `avgResponseTime` shows it: whole milliseconds.
            Measure::AvgResponseTime => (!latencies.is_empty()).then_some(c.avg_response_time as f64),
            Measure::P95Latency => {
                let mut sorted = latencies.to_vec();
                sorted.sort_unstable();
                // Nearest rank: the smallest value with at least 95% at or below it.
                let rank = (0.95 * sorted.len() as f64).ceil() as usize;
                sorted.get(rank.max(1) - 1).map(|&l| l as f64)
            }
            Measure::Sentiment => Some(match c.sentiment {
                Sentiment::Positive => 1.0,
                Sentiment::Neutral => 0.0,
                Sentiment::Negative => -1.0,
            }),
            Measure::ResolutionRate => flag(c.resolved),
            Measure::AvgDuration => Some(c.duration_ms() as f64),
        }
    }

    /// One agent's value over window days `days`.
    pub fn of_agent(self, snap: &Snapshot, agent: u32, span: Hours) -> Option<f64> {
        if self.needs_distribution() {
            let t = snap.agent_telemetry_in(agent, span);
            self.of(&t.totals, Some(&t.latency))
        } else {
            self.of(&snap.agent_totals_in(agent, span), None)
        }
    }
}

/// A row's key and its value of a measure (none when it has no value).
pub type Measured<K> = (K, Option<f64>);

/// Orders `(key, value)` pairs by value, descending or not, rows without a
/// value last, ties by `tie`.
pub fn by_measure<K: Copy>(
    descending: bool,
    tie: impl Fn(K, K) -> Ordering,
) -> impl Fn(&Measured<K>, &Measured<K>) -> Ordering {
    move |(a, x), (b, y)| {
        let by_value = match (x, y) {
            (Some(x), Some(y)) if descending => y.total_cmp(x),
            (Some(x), Some(y)) => x.total_cmp(y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        by_value.then_with(|| tie(*a, *b))
    }
}

/// Which agents a list or subscription wants.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct AgentFilter {
    pub ids: Option<BTreeSet<u32>>,
    pub statuses: Option<BTreeSet<AgentStatus>>,
    pub models: Option<BTreeSet<Model>>,
    pub kinds: Option<BTreeSet<AgentKind>>,
    pub creators: Option<BTreeSet<u32>>,
    /// Lower-cased text in the name.
    pub search: Option<String>,
    pub created: (Option<DateTime<Utc>>, Option<DateTime<Utc>>),
}

impl AgentFilter {
    pub fn is_empty(&self) -> bool {
        *self == AgentFilter::default()
    }

    /// Whether agent `row` passes (deleted agents never do).
    pub fn matches(&self, snap: &Snapshot, row: u32) -> bool {
        let Some(a) = snap.dataset.agents.get(row as usize) else { return false };
        a.deleted_at.is_none()
            && allows(&self.ids, &row)
            && allows(&self.statuses, &a.status)
            && allows(&self.models, &a.model)
            && allows(&self.kinds, &a.kind)
            && allows(&self.creators, &a.created_by)
            && matches_search(&self.search, &a.name)
            && self.created.0.is_none_or(|f| a.created_at >= f)
            && self.created.1.is_none_or(|t| a.created_at < t)
    }
}

/// What agents can be ordered by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AgentSort {
    Name,
    CreatedAt,
    LastActiveAt,
    Status,
    Model,
    /// A telemetry measure over the list's `days`.
    Measure(Measure),
}

/// An agent list request.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AgentList {
    pub filter: AgentFilter,
    pub sort: AgentSort,
    pub descending: bool,
    /// The days telemetry measures are taken over.
    pub span: Hours,
    pub page: PageSpec,
}

/// One page of agents, optionally only those `creator` created.
pub fn agent_page(snap: &Snapshot, creator: Option<u32>, q: &AgentList) -> Page {
    let agents = &snap.dataset.agents;
    let agent = |r: u32| &agents[r as usize];
    let desc = q.descending;
    let keep = |r: u32| q.filter.matches(snap, r);
    // By name, the index's order serves pages without sorting.
    if q.sort == AgentSort::Name {
        let order = |a: u32, b: u32| {
            let ordering = name_order(agent(a), agent(b)).then(a.cmp(&b));
            if desc { ordering.reverse() } else { ordering }
        };
        let rows = match creator {
            Some(u) => {
                let mine: Vec<u32> =
                    snap.index.agents_by_creator.get(u as usize).map_or_else(Vec::new, |l| l.iter().copied().collect());
                sorted(mine, &order).filtered(keep)
            }
            None => {
                let all = &snap.index.agents_by_name;
                Rows::List(all, 0..all.len(), desc).filtered(keep)
            }
        };
        return paginate(&rows, order, &q.page);
    }
    let candidates: Vec<u32> = match creator {
        Some(u) => snap
            .index
            .agents_by_creator
            .get(u as usize)
            .map_or_else(Vec::new, |l| l.iter().copied().filter(|&r| keep(r)).collect()),
        None => (0..agents.len() as u32).filter(|&r| keep(r)).collect(),
    };
    match q.sort {
        AgentSort::Measure(measure) => {
            let values: BTreeMap<u32, Option<f64>> =
                candidates.iter().map(|&r| (r, measure.of_agent(snap, r, q.span))).collect();
            // Rows without a value sort last in either direction; ties by row.
            let cmp = by_measure(desc, |a: u32, b: u32| a.cmp(&b));
            let order = |a: u32, b: u32| cmp(&(a, values[&a]), &(b, values[&b]));
            page_by(candidates, order, &q.page)
        }
        AgentSort::Name | AgentSort::CreatedAt => page_by(candidates, by_key(|r| agent(r).created_at, desc), &q.page),
        AgentSort::LastActiveAt => page_by(candidates, by_key(|r| agent(r).last_active_at, desc), &q.page),
        AgentSort::Status => page_by(candidates, by_key(|r| agent(r).status, desc), &q.page),
        AgentSort::Model => page_by(candidates, by_key(|r| agent(r).model.id(), desc), &q.page),
    }
}

/// How a conversation ended, for filters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OutcomeKind {
    Succeeded,
    Failed,
}

/// Which conversations a list or subscription wants.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ConversationFilter {
    pub ids: Option<BTreeSet<u32>>,
    pub agents: Option<BTreeSet<u32>>,
    pub sentiments: Option<BTreeSet<Sentiment>>,
    pub resolved: Option<bool>,
    pub channels: Option<BTreeSet<Channel>>,
    pub complexities: Option<BTreeSet<Complexity>>,
    pub models: Option<BTreeSet<Model>>,
    pub outcomes: Option<BTreeSet<OutcomeKind>>,
    pub errors: Option<BTreeSet<ErrorType>>,
    pub min_cost_micros: Option<i64>,
    pub min_latency_ms: Option<u32>,
    pub started: (Option<DateTime<Utc>>, Option<DateTime<Utc>>),
    /// Lower-cased text in the title.
    pub search: Option<String>,
}

impl ConversationFilter {
    /// Whether conversation `row` passes every condition but the time range.
    pub fn matches_record(&self, snap: &Snapshot, row: u32) -> bool {
        let Some(c) = snap.dataset.conversations.get(row as usize) else { return false };
        let outcome = if c.outcome.error().is_some() { OutcomeKind::Failed } else { OutcomeKind::Succeeded };
        allows(&self.ids, &row)
            && allows(&self.agents, &c.agent)
            && allows(&self.sentiments, &c.sentiment)
            && self.resolved.is_none_or(|v| c.resolved == v)
            && allows(&self.channels, &c.channel)
            && allows(&self.complexities, &c.complexity)
            && allows(&self.models, &c.model)
            && allows(&self.outcomes, &outcome)
            && self.errors.as_ref().is_none_or(|e| c.outcome.error().is_some_and(|x| e.contains(&x)))
            && self.min_cost_micros.is_none_or(|m| c.cost_micros >= m)
            && self.min_latency_ms.is_none_or(|m| c.avg_response_time >= m)
            && matches_search(&self.search, &c.title)
    }

    /// Whether conversation `row` passes every condition, the time range included.
    pub fn matches(&self, snap: &Snapshot, row: u32) -> bool {
        let Some(c) = snap.dataset.conversations.get(row as usize) else { return false };
        self.started.0.is_none_or(|f| c.started_at >= f)
            && self.started.1.is_none_or(|t| c.started_at < t)
            && self.matches_record(snap, row)
    }

    /// Whether any condition beyond the agent and time range (which the
    /// indices answer) is set.
    fn has_residual(&self) -> bool {
        let mut rest = self.clone();
        rest.started = (None, None);
        rest != ConversationFilter::default()
    }
}

/// What conversations can be ordered by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConversationSort {
    StartedAt,
    MessageCount,
    /// A measure of each conversation ([`Measure::of_conversation`]);
    /// rows without a value last.
    Measure(Measure),
}

/// A conversation list request.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ConversationList {
    pub filter: ConversationFilter,
    pub sort: ConversationSort,
    pub descending: bool,
    pub page: PageSpec,
}

/// One page of conversations, optionally of one agent only.
pub fn conversation_page(snap: &Snapshot, agent: Option<u32>, q: &ConversationList) -> Page {
    let d = &snap.dataset;
    let (from, to) = q.filter.started;
    let desc = q.descending;
    // A single agent filter at the root reads that agent's index.
    let agent = agent.or_else(|| q.filter.agents.as_ref().filter(|a| a.len() == 1).and_then(|a| a.first().copied()));
    // Rows are in start-time order, so the time range is a binary search.
    let base = match agent {
        Some(a) => match snap.index.conversations_by_agent.get(a as usize) {
            Some(list) => Rows::List(list, snap.agent_conversations(a, from, to), desc),
            None => Rows::Owned(Vec::new()),
        },
        None => Rows::Range(snap.conversations_between(from, to), desc),
    };
    let rows = if q.filter.has_residual() { base.filtered(|r| q.filter.matches_record(snap, r)) } else { base };
    let conversation = |r: u32| &d.conversations[r as usize];
    let ordered =
        |order: &dyn Fn(u32, u32) -> Ordering| paginate(&sorted(rows.iter().collect(), &order), order, &q.page);
    match q.sort {
        ConversationSort::StartedAt => paginate(&rows, by_key(|r| r, desc), &q.page),
        ConversationSort::MessageCount => ordered(&by_key(|r| conversation(r).message_count, desc)),
        ConversationSort::Measure(measure) => {
            let values: BTreeMap<u32, Option<f64>> =
                rows.iter().map(|r| (r, measure.of_conversation(conversation(r)))).collect();
            let cmp = by_measure(desc, |a: u32, b: u32| a.cmp(&b));
            ordered(&|a: u32, b: u32| cmp(&(a, values[&a]), &(b, values[&b])))
        }
    }
}

/// Which audit entries a list or subscription wants.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct AuditFilter {
    pub actions: Option<BTreeSet<AuditAction>>,
    pub actors: Option<BTreeSet<u32>>,
    pub targets: Option<BTreeSet<AuditTarget>>,
    pub created: (Option<DateTime<Utc>>, Option<DateTime<Utc>>),
}

impl AuditFilter {
    /// Whether entry `row` passes every condition but the time range.
    pub fn matches_record(&self, snap: &Snapshot, row: u32) -> bool {
        let Some(l) = snap.dataset.audit_logs.get(row as usize) else { return false };
        allows(&self.actions, &l.action)
            && allows(&self.actors, &l.actor)
            && self.targets.as_ref().is_none_or(|t| l.target.is_some_and(|x| t.contains(&x)))
    }

    /// Whether entry `row` passes every condition, the time range included.
    pub fn matches(&self, snap: &Snapshot, row: u32) -> bool {
        let Some(l) = snap.dataset.audit_logs.get(row as usize) else { return false };
        self.created.0.is_none_or(|f| l.created_at >= f)
            && self.created.1.is_none_or(|t| l.created_at < t)
            && self.matches_record(snap, row)
    }
}

/// An audit list request (always in time order).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AuditList {
    pub filter: AuditFilter,
    pub descending: bool,
    pub page: PageSpec,
}

/// Whose entries to list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditScope {
    All,
    Actor(u32),
    Agent(u32),
}

/// One page of audit entries within a scope.
pub fn audit_page(snap: &Snapshot, scope: AuditScope, q: &AuditList) -> Page {
    let (from, to) = q.filter.created;
    // Every index list is in time order, so the time range is a binary search.
    fn indexed<'a>(snap: &Snapshot, list: Option<&'a List>, q: &AuditList) -> Rows<'a> {
        let (from, to) = q.filter.created;
        match list {
            Some(list) => Rows::List(list, snap.audit_rows_between(list, from, to), q.descending),
            None => Rows::Owned(Vec::new()),
        }
    }
    let base = match scope {
        AuditScope::Actor(u) => indexed(snap, snap.index.audit_by_actor.get(u as usize), q),
        AuditScope::Agent(a) => indexed(snap, snap.index.audit_by_agent.get(a as usize), q),
        AuditScope::All => match &q.filter.actions {
            Some(actions) if actions.len() == 1 => {
                let action = actions.iter().next().copied().unwrap_or(AuditAction::UserLogin);
                indexed(snap, Some(&snap.index.audit_by_action[super::index::action_slot(action)]), q)
            }
            _ => Rows::Range(snap.audit_between(from, to), q.descending),
        },
    };
    let f = &q.filter;
    let residual = f.actions.is_some() || f.actors.is_some() || f.targets.is_some();
    let rows = if residual { base.filtered(|r| f.matches_record(snap, r)) } else { base };
    paginate(&rows, by_key(|r| r, q.descending), &q.page)
}

/// What users can be ordered by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UserSort {
    Name,
    Email,
    Role,
    CreatedAt,
}

/// A user list request.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UserList {
    pub ids: Option<BTreeSet<u32>>,
    pub roles: Option<BTreeSet<Role>>,
    /// Lower-cased text in the name or email.
    pub search: Option<String>,
    pub sort: UserSort,
    pub descending: bool,
    pub page: PageSpec,
}

/// One page of users.
pub fn user_page(snap: &Snapshot, q: &UserList) -> Page {
    let users = &snap.dataset.users;
    let rows: Vec<u32> = (0..users.len() as u32)
        .filter(|&r| {
            let u = &users[r as usize];
            allows(&q.ids, &r)
                && allows(&q.roles, &u.role)
                && (matches_search(&q.search, &u.name) || matches_search(&q.search, &u.email))
        })
        .collect();
    let user = |r: u32| &users[r as usize];
    let desc = q.descending;
    match q.sort {
        UserSort::Name => page_by(rows, by_key(|r| user(r).name.as_str(), desc), &q.page),
        UserSort::Email => page_by(rows, by_key(|r| user(r).email.as_str(), desc), &q.page),
        UserSort::Role => page_by(rows, by_key(|r| user(r).role, desc), &q.page),
        UserSort::CreatedAt => page_by(rows, by_key(|r| user(r).created_at, desc), &q.page),
    }
}

/// What daily metrics and cost records can be ordered by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GridSort {
    Date,
    /// A measure of each agent-day (its daily metric and cost record);
    /// rows without a value last.
    Measure(Measure),
}

/// A daily-metric or cost-record list request (their rows are the same grid).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct GridList {
    pub agents: Option<BTreeSet<u32>>,
    /// Only cost records billed at one of these models.
    pub models: Option<BTreeSet<Model>>,
    /// Window days `[start, end)`, clamped to the window.
    pub days: (u32, u32),
    pub sort: GridSort,
    pub descending: bool,
    pub page: PageSpec,
}

/// One page of the daily-metric (and cost-record) grid.
pub fn grid_page(snap: &Snapshot, q: &GridList) -> Page {
    let d = &snap.dataset;
    let days = d.window.days as usize;
    let (from, to) = (q.days.0 as usize, q.days.1 as usize);
    // Rows in (date, agent) order.
    let mut rows: Vec<u32> = match &q.agents {
        None => (from..to).flat_map(|day| (0..d.agents.len()).map(move |a| (a * days + day) as u32)).collect(),
        Some(agents) => {
            let mut rows: Vec<u32> =
                agents.iter().flat_map(|&a| (from..to).map(move |day| (a as usize * days + day) as u32)).collect();
            rows.sort_by_key(|&r| (r as usize % days, r));
            rows
        }
    };
    if q.models.is_some() {
        rows.retain(|&r| allows(&q.models, &d.cost_records[r as usize].model));
    }
    let desc = q.descending;
    let m = |r: u32| &d.daily_metrics[r as usize];
    match q.sort {
        GridSort::Date => {
            let order = by_key(move |r| r as usize % days, desc);
            if desc {
                rows.reverse();
            }
            paginate(&Rows::Owned(rows), order, &q.page)
        }
        GridSort::Measure(measure) => {
            let value = |r: u32| {
                let totals = Totals::of_row(m(r), &d.cost_records[r as usize]);
                if measure.needs_distribution() {
                    let mut latency = Merged::new(data::histogram::LATENCY_MS);
                    latency.add(&m(r).latency);
                    measure.of(&totals, Some(&latency))
                } else {
                    measure.of(&totals, None)
                }
            };
            let values: BTreeMap<u32, Option<f64>> = rows.iter().map(|&r| (r, value(r))).collect();
            let cmp = by_measure(desc, |a: u32, b: u32| a.cmp(&b));
            page_by(rows, |a: u32, b: u32| cmp(&(a, values[&a]), &(b, values[&b])), &q.page)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(first: Option<usize>, after: Option<u32>, last: Option<usize>, before: Option<u32>) -> PageSpec {
        PageSpec { first, last, after, before }
    }

    #[test]
    fn pages_walk_forward_and_backward() {
        let rows = Rows::Range(0..10, true); // 9, 8, ..., 0
        let order = by_key(|r| r, true);
        let p = paginate(&rows, &order, &spec(Some(3), None, None, None));
        assert_eq!(p.rows, vec![9, 8, 7]);
        assert!(p.has_next && !p.has_previous);
        let p = paginate(&rows, &order, &spec(Some(3), Some(7), None, None));
        assert_eq!(p.rows, vec![6, 5, 4]);
        let p = paginate(&rows, &order, &spec(None, None, Some(4), None));
        assert_eq!(p.rows, vec![3, 2, 1, 0]);
        assert!(!p.has_next && p.has_previous);
        let p = paginate(&rows, &order, &spec(None, None, Some(2), Some(3)));
        assert_eq!(p.rows, vec![5, 4]);
        let p = paginate(&rows, &order, &spec(Some(5), Some(8), None, Some(5)));
        assert_eq!(p.rows, vec![7, 6]);
    }

    #[test]
    fn a_cursor_outside_the_list_still_finds_its_place() {
        let rows = Rows::Owned(vec![1, 4, 6, 9]);
        let order = by_key(|r| r, false);
        assert_eq!(paginate(&rows, &order, &spec(Some(2), Some(5), None, None)).rows, vec![6, 9]);
        assert_eq!(paginate(&rows, &order, &spec(None, None, Some(1), Some(5))).rows, vec![4]);
    }

    #[test]
    fn no_size_means_the_default_page() {
        let rows = Rows::Range(0..1000, false);
        let page = paginate(&rows, by_key(|r| r, false), &spec(None, None, None, None));
        assert_eq!(page.rows.len(), DEFAULT_PAGE_SIZE);
        assert_eq!(page.total, 1000);
    }

    #[test]
    fn lists_page_like_slices() {
        let list: List = (0..10u32).collect();
        let rows = Rows::List(&list, 2..8, true);
        assert_eq!(rows.iter().collect::<Vec<_>>(), [7, 6, 5, 4, 3, 2]);
    }
}
