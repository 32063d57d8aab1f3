//! `analytics`: the dashboard's aggregates over a range of days: KPIs with
//! the previous period and deltas, telemetry series, breakdowns by model,
//! status, kind or agent (each with its own series), cost by model and by
//! agent, latency and sentiment distributions, rankings. Every figure is an
//! exact sum of the daily telemetry from the store's roll-ups
//! ([`crate::store::rollups`]): a fleet-wide or model / status filtered
//! aggregate costs O(days × cells), whatever the scale.
//!
//! Every field is nullable: one panel's bad argument nulls that panel with
//! an error, never its siblings.

use std::cmp::Ordering;
use std::sync::Arc;

use async_graphql::resolver_utils::enum_value;
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{Datelike, TimeDelta, Utc};

use super::TypeReads;
use super::agent::{Agent, agent_row};
use super::context::ContextExt;
use super::enums::{AgentKind, AgentStatus, OrderDirection, allows, model_set, rows_of, set_of};
use super::flat::FlatList;
use super::ids::{self, enum_name};
use super::model::ModelInfo;
use super::range::{DateRange, Period};
use super::scalars::{Date, DateTime};
use super::telemetry::{
    Covers, Distributed, LatencyDistribution, SentimentSummary, TelemetryBucket, TelemetryMeasure, TelemetryOrder,
    TelemetrySummary, TimeBucket, int,
};
use crate::data::{self, Window, catalogue::Model, shown_rate};
use crate::error::{ApiError, ApiResult};
use crate::store::Parts;
use crate::store::hours::Hours;
use crate::store::query::{Measure, by_measure};
use crate::store::{AgentSet, CellMask, Snapshot, Telemetry, Totals};

/// What the analytics read: the telemetry (which moves with the clock),
/// the agents (filters and groups) and the conversation records (sampled
/// counts).
pub const ANALYTICS_READS: Parts = Parts::LIVE.union(Parts::AGENTS).union(Parts::CONVERSATIONS);

/// What the analytics types' fields read ([`super::TypeReads`]): every
/// panel is computed from [`ANALYTICS_READS`].
pub const READS: &[TypeReads] = &[
    TypeReads::each("Query", &[(ANALYTICS_READS, &["analytics"])]),
    TypeReads::each(
        "Analytics",
        &[(
            ANALYTICS_READS,
            &[
                "id",
                "kpis",
                "telemetry",
                "breakdown",
                "costByModel",
                "costByAgent",
                "latencyPercentiles",
                "sentimentBreakdown",
                "topAgents",
            ],
        )],
    ),
    TypeReads::all("AnalyticsPeriod", ANALYTICS_READS),
    TypeReads::all("FleetKpis", ANALYTICS_READS),
    TypeReads::all("KpiDeltas", ANALYTICS_READS),
    TypeReads::all("BreakdownRow", ANALYTICS_READS),
    TypeReads::all("ModelCost", ANALYTICS_READS),
    TypeReads::all("AgentCost", ANALYTICS_READS),
    TypeReads::all("AgentRanking", ANALYTICS_READS),
];

/// Most buckets one series may have.
pub const MAX_BUCKETS: usize = 2000;
/// Largest `first` of a ranking or breakdown.
pub const MAX_RANKED: i32 = 100;

/// Which agents to aggregate; all given conditions must hold.
#[derive(InputObject, Default, Clone)]
pub struct AnalyticsFilter {
    /// Only these agents.
    pub agent_ids: Option<Vec<ID>>,
    /// Only agents on one of these models (provider ids such as "gpt-4o").
    pub model: Option<Vec<String>>,
    /// Only agents in one of these states.
    pub status: Option<Vec<AgentStatus>>,
    /// Only agents of one of these kinds.
    pub kind: Option<Vec<AgentKind>>,
}

/// Checks a filter: named agents or kinds are listed, model / status alone are cells.
fn agent_set(snap: &Snapshot, filter: Option<AnalyticsFilter>) -> ApiResult<AgentSet> {
    let filter = filter.unwrap_or_default();
    let models = model_set(&filter.model)?;
    let statuses: Option<std::collections::BTreeSet<data::AgentStatus>> = set_of(&filter.status);
    let kinds: Option<std::collections::BTreeSet<data::kinds::AgentKind>> = set_of(&filter.kind);
    let ids = rows_of(snap, &filter.agent_ids, "filter.agentIds", agent_row)?;
    let agents = &snap.dataset.agents;
    let keep = |a: u32| {
        let agent = &agents[a as usize];
        agent.deleted_at.is_none()
            && allows(&models, &agent.model)
            && allows(&statuses, &agent.status)
            && allows(&kinds, &agent.kind)
    };
    Ok(match (ids, &kinds) {
        (None, None) => AgentSet::Cells(CellMask::of(|m, s| allows(&models, &m) && allows(&statuses, &s))),
        (Some(rows), _) => AgentSet::Agents(rows.into_iter().filter(|&a| keep(a)).collect()),
        (None, Some(_)) => AgentSet::Agents((0..agents.len() as u32).filter(|&a| keep(a)).collect()),
    })
}

fn checked_first(first: i32) -> ApiResult<usize> {
    if !(1..=MAX_RANKED).contains(&first) {
        return Err(ApiError::bad_input(format!("`first` must be between 1 and {MAX_RANKED}, got {first}")));
    }
    Ok(first as usize)
}

/// The `first` items of `items` in `order`, sorted: O(n + first × log first).
fn first_in_order<T>(mut items: Vec<T>, first: usize, order: impl Fn(&T, &T) -> Ordering) -> Vec<T> {
    if items.len() > first {
        items.select_nth_unstable_by(first - 1, &order);
        items.truncate(first);
    }
    items.sort_by(order);
    items
}

/// The span an analytics answer covers: whole UTC hours from `start` to
/// `end`, and the days they touch (a range of days starts and ends at
/// midnights; a `lastHours` range cuts its first and last days).
#[derive(SimpleObject)]
pub struct AnalyticsPeriod {
    /// First day (inclusive).
    pub from: Date,
    /// Last day (inclusive).
    pub to: Date,
    /// Number of days from `from` to `to`, whole or cut.
    pub days: i32,
    /// First instant (inclusive).
    pub start: DateTime,
    /// End (exclusive).
    pub end: DateTime,
    /// Number of hours from `start` to `end`.
    pub hours: i32,
}

impl From<Period> for AnalyticsPeriod {
    fn from(p: Period) -> Self {
        AnalyticsPeriod {
            from: Date(p.from()),
            to: Date(p.to()),
            days: p.days() as i32,
            start: DateTime(p.start),
            end: DateTime(p.end),
            hours: p.hours() as i32,
        }
    }
}

/// What a period's KPIs are computed from.
#[derive(Clone, Debug)]
struct Figures {
    telemetry: Arc<Telemetry>,
    sampled: u64,
    with_traffic: u64,
}

impl Figures {
    fn of(snap: &Snapshot, agents: &AgentSet, period: Period) -> Figures {
        let span = period.window_hours(&snap.dataset.window);
        Figures {
            telemetry: Arc::new(snap.telemetry_in(agents, span)),
            sampled: snap.sampled_records(agents, period.start, period.end),
            with_traffic: snap.agents_with_traffic_in(agents, span),
        }
    }

    fn totals(&self) -> &Totals {
        &self.telemetry.totals
    }

    fn p(&self, q: f64) -> Option<f64> {
        self.telemetry.latency.quantile(q)
    }
}

/// Fleet KPIs over a range of days.
pub struct FleetKpis {
    snap: Arc<Snapshot>,
    agents: Arc<AgentSet>,
    period: Period,
    /// The period `previous` and `deltas` compare with, when asked for
    /// (`compareTo`); otherwise the equally long period just before.
    compare: Option<Period>,
    figures: Figures,
}

impl FleetKpis {
    pub fn new(snap: Arc<Snapshot>, agents: Arc<AgentSet>, period: Period) -> Self {
        let figures = Figures::of(&snap, &agents, period);
        FleetKpis { snap, agents, period, compare: None, figures }
    }

    /// These KPIs compared with `compare` rather than the period before.
    fn compared_with(self, compare: Option<Period>) -> Self {
        FleetKpis { compare: compare.filter(|&c| self.period.previous().ok() != Some(c)), ..self }
    }

    fn previous_kpis(&self) -> ApiResult<FleetKpis> {
        let period = match self.compare {
            Some(period) => period,
            None => self.period.previous()?,
        };
        Ok(FleetKpis::new(self.snap.clone(), self.agents.clone(), period))
    }
}

/// Fleet KPIs over a range of days: the telemetry summary, the agents with
/// traffic, the previous period and the change against it.
#[Object]
impl FleetKpis {
    /// The days these figures cover.
    async fn range(&self) -> AnalyticsPeriod {
        self.period.into()
    }

    /// Live agents with at least one conversation in the range (a deleted
    /// agent leaves the count; its traffic stays in the fleet's figures):
    /// what "active in the range" means. Not `agentsWithStatusActive`,
    /// which counts a status.
    async fn agents_with_traffic(&self) -> i32 {
        int(self.figures.with_traffic)
    }

    /// Live agents of the selection whose status is ACTIVE now, whatever
    /// their traffic in the range (the same figure for `previous`). Not
    /// `agentsWithTraffic`, which counts agents that served the range.
    async fn agents_with_status_active(&self) -> i32 {
        int(self.snap.agent_count(&self.agents.in_status(&self.snap.dataset, data::AgentStatus::Active)))
    }

    /// Live agents the selection covers now.
    async fn agent_count(&self) -> i32 {
        int(self.snap.agent_count(&self.agents))
    }

    /// Conversation records (the retained sample of the traffic) started in the range.
    async fn sampled_conversations(&self) -> i32 {
        int(self.figures.sampled)
    }

    /// The telemetry of the range. Its id is the range's and the agents'
    /// (with the comparison period when `compareTo` chose one, as
    /// `previous` and `deltas` then differ).
    #[graphql(flatten)]
    async fn summary(&self) -> TelemetrySummary {
        let mut id = ids::aggregate(&ids::selection(&self.snap, &self.agents), &ids::period(self.period));
        if let Some(compare) = self.compare {
            id = format!("{id}~{}", ids::period(compare));
        }
        let covers =
            Covers::new(self.snap.clone(), (*self.agents).clone(), self.period.window_hours(&self.snap.dataset.window));
        TelemetrySummary { id: id.into(), telemetry: self.figures.telemetry.clone(), covers }
    }

    /// The same figures for the comparison period: `compareTo` when the
    /// query names one, else the equally long period just before this one.
    async fn previous(&self) -> async_graphql::Result<FleetKpis> {
        Ok(self.previous_kpis()?)
    }

    /// Change against the comparison period (`previous`).
    async fn deltas(&self) -> async_graphql::Result<KpiDeltas> {
        Ok(KpiDeltas::between(&self.figures, &self.previous_kpis()?.figures))
    }
}

/// Change of each KPI against the previous period: relative for counts,
/// cost, tokens and latency (`(current - previous) / previous`, so 0.25 is
/// +25%), absolute for rates (`current - previous`, so 0.02 is +2
/// percentage points). Null when the previous value is 0 or null, or the
/// current null. Four decimals.
#[derive(SimpleObject)]
pub struct KpiDeltas {
    /// Relative change of `totalConversations`.
    pub total_conversations: Option<f64>,
    /// Relative change of `failed`.
    pub failed: Option<f64>,
    /// Relative change of `agentsWithTraffic`.
    pub agents_with_traffic: Option<f64>,
    /// Change of `successRate` in rate points.
    pub success_rate: Option<f64>,
    /// Change of `errorRate` in rate points.
    pub error_rate: Option<f64>,
    /// Relative change of `avgResponseTime`.
    pub avg_response_time: Option<f64>,
    /// Relative change of the median reply latency.
    pub p50_latency: Option<f64>,
    /// Relative change of the 95th-percentile reply latency.
    pub p95_latency: Option<f64>,
    /// Relative change of `totalCost`.
    pub total_cost: Option<f64>,
    /// Relative change of `totalTokens`.
    pub total_tokens: Option<f64>,
    /// Relative change of `costPerConversation`.
    pub cost_per_conversation: Option<f64>,
    /// Change of `resolutionRate` in rate points.
    pub resolution_rate: Option<f64>,
    /// Change of the mean sentiment score.
    pub sentiment_score: Option<f64>,
}

impl KpiDeltas {
    fn between(now: &Figures, before: &Figures) -> KpiDeltas {
        fn relative(now: Option<f64>, before: Option<f64>) -> Option<f64> {
            match (now, before) {
                (Some(n), Some(b)) if b != 0.0 => Some(shown_rate((n - b) / b)),
                _ => None,
            }
        }
        fn points(now: Option<f64>, before: Option<f64>) -> Option<f64> {
            Some(shown_rate(now? - before?))
        }
        let (n, b) = (now.totals(), before.totals());
        let count = |x: u64| Some(x as f64);
        KpiDeltas {
            total_conversations: relative(count(n.conversations), count(b.conversations)),
            failed: relative(count(n.failed()), count(b.failed())),
            agents_with_traffic: relative(count(now.with_traffic), count(before.with_traffic)),
            success_rate: points(n.success_rate(), b.success_rate()),
            error_rate: points(n.error_rate(), b.error_rate()),
            avg_response_time: relative(n.avg_response_time(), b.avg_response_time()),
            p50_latency: relative(now.p(0.5), before.p(0.5)),
            p95_latency: relative(now.p(0.95), before.p(0.95)),
            total_cost: relative(count(n.cost_micros.max(0) as u64), count(b.cost_micros.max(0) as u64)),
            total_tokens: relative(count(n.input_tokens + n.output_tokens), count(b.input_tokens + b.output_tokens)),
            cost_per_conversation: relative(n.cost_per_conversation(), b.cost_per_conversation()),
            resolution_rate: points(n.resolution_rate(), b.resolution_rate()),
            sentiment_score: points(n.sentiment_score(), b.sentiment_score()),
        }
    }
}

/// Bucket boundaries over a period, cut at the anchor: `(start, end)` of
/// each bucket that starts before the anchor, oldest first. Hours from
/// the period's start; days and weeks (from Mondays) at midnights, the
/// first and last cut by the period's ends.
fn buckets(
    period: Period,
    bucket: TimeBucket,
    window: &Window,
) -> ApiResult<Vec<(chrono::DateTime<Utc>, chrono::DateTime<Utc>)>> {
    let (start, end) = (period.start, period.end);
    let midnight = period.from().and_time(chrono::NaiveTime::MIN).and_utc();
    let first_monday = 7 - period.from().weekday().num_days_from_monday() as i64;
    let days = period.days() as i64;
    let inner: Box<dyn Iterator<Item = chrono::DateTime<Utc>>> = match bucket {
        TimeBucket::Hour => Box::new((1..period.hours()).map(|h| start + TimeDelta::hours(h))),
        TimeBucket::Day => Box::new((1..days).map(|d| midnight + TimeDelta::days(d))),
        TimeBucket::Week => Box::new((first_monday..days).step_by(7).map(|d| midnight + TimeDelta::days(d))),
    };
    let count = match bucket {
        TimeBucket::Hour => period.hours() as usize,
        TimeBucket::Day => days as usize,
        TimeBucket::Week => 1 + ((days - first_monday).max(0) as usize).div_ceil(7),
    };
    if count > MAX_BUCKETS {
        let span = match period.is_whole_days() {
            true => format!("{days} days"),
            false => format!("{} hours", period.hours()),
        };
        return Err(ApiError::bad_input(format!(
            "{span} in {} buckets make {count} buckets; a series has at most {MAX_BUCKETS}: shorten the range or use wider buckets",
            enum_value(bucket)
        )));
    }
    let bounds: Vec<chrono::DateTime<Utc>> =
        std::iter::once(start).chain(inner.filter(|&t| start < t && t < end)).chain(std::iter::once(end)).collect();
    Ok(bounds.windows(2).map(|w| (w[0], w[1])).filter(|(s, _)| *s < window.end()).collect())
}

/// A telemetry series of some agents over a period.
fn series(
    snap: &Arc<Snapshot>,
    agents: &AgentSet,
    period: Period,
    bucket: TimeBucket,
) -> ApiResult<Vec<TelemetryBucket>> {
    let selection = ids::selection(snap, agents);
    let id = |s, e| ids::aggregate(&selection, &ids::span(s, e));
    let window = &snap.dataset.window;
    let bounds = buckets(period, bucket, window)?;
    let span = period.window_hours(window);
    let days = span.touched();
    let hours_of = |start, end| Period { start, end }.window_hours(window);
    // Cut by the anchor (traffic only up to it), or a day or week the
    // range cuts (part of it lies outside the range): either reads low
    // beside a whole bucket.
    let partial = |(s, e): (chrono::DateTime<Utc>, chrono::DateTime<Utc>)| {
        let whole = match bucket {
            TimeBucket::Hour => true,
            TimeBucket::Day => e - s == TimeDelta::days(1),
            TimeBucket::Week => s.weekday() == chrono::Weekday::Mon && e - s == TimeDelta::days(7),
        };
        (s < window.end() && window.end() < e) || !whole
    };
    let bucket_of = |(s, e), t: Telemetry| TelemetryBucket {
        id: id(s, e),
        start: s,
        end: e,
        partial: partial((s, e)),
        conversations: t.totals.conversations,
        failed: t.totals.failed(),
        summary: Some(TelemetrySummary::new(id(s, e), t, Covers::new(snap.clone(), agents.clone(), hours_of(s, e)))),
    };
    if bucket == TimeBucket::Hour {
        let hourly = snap.hourly_telemetry(agents, days.clone());
        return Ok(bounds
            .into_iter()
            .map(|(s, e)| {
                let hours = hours_of(s, e).start;
                let (day, hour) = (hours.div_euclid(24) - days.start, hours.rem_euclid(24) as usize);
                let t = hourly.get(day.max(0) as usize).map(|h| h[hour].clone()).unwrap_or_default();
                bucket_of((s, e), t)
            })
            .collect());
    }
    // One per day the period touches, its cut days holding only their
    // hours inside it: a bucket is the sum of the days it touches.
    let per_day = snap.telemetry_days_in(agents, span);
    Ok(bounds
        .into_iter()
        .map(|(s, e)| {
            let touched = hours_of(s, e).touched();
            let range = (touched.start - days.start).max(0) as usize..(touched.end - days.start).max(0) as usize;
            let mut t = Telemetry::default();
            for d in &per_day[range] {
                t.add(d);
            }
            bucket_of((s, e), t)
        })
        .collect())
}

/// What a breakdown groups by.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum BreakdownDimension {
    /// One row per model.
    Model,
    /// One row per agent status.
    Status,
    /// One row per agent kind.
    Kind,
    /// One row per agent.
    Agent,
}

/// One group of a breakdown: its key, its summary over the range and its
/// own series.
pub struct BreakdownRow {
    id: String,
    snap: Arc<Snapshot>,
    period: Period,
    key: GroupKey,
    agents: AgentSet,
    summary: TelemetrySummary,
    share: Option<f64>,
}

/// A breakdown group while it is ranked: its place, its measure, its
/// telemetry, its agents and its key.
type Group = (usize, Option<f64>, Telemetry, AgentSet, GroupKey);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum GroupKey {
    Model(Model),
    Status(data::AgentStatus),
    Kind(data::kinds::AgentKind),
    Agent(u32),
}

/// One group of a breakdown: its key, its summary over the range and its
/// own series.
#[Object]
impl BreakdownRow {
    /// What the row is: the breakdown's agents, range and measure and the
    /// row's group (the same row of another query has the same id).
    async fn id(&self) -> ID {
        ID(self.id.clone())
    }

    /// The model (MODEL breakdowns, and AGENT ones: the agent's model).
    async fn model(&self) -> Option<&'static str> {
        match self.key {
            GroupKey::Model(m) => Some(m.id()),
            GroupKey::Agent(a) => Some(self.snap.dataset.agents[a as usize].model.id()),
            _ => None,
        }
    }

    /// The model with its prices (MODEL and AGENT breakdowns).
    async fn model_info(&self) -> Option<ModelInfo> {
        match self.key {
            GroupKey::Model(m) => Some(ModelInfo(m)),
            GroupKey::Agent(a) => Some(ModelInfo(self.snap.dataset.agents[a as usize].model)),
            _ => None,
        }
    }

    /// The status (STATUS breakdowns).
    async fn status(&self) -> Option<AgentStatus> {
        match self.key {
            GroupKey::Status(s) => Some(s.into()),
            _ => None,
        }
    }

    /// The kind (KIND breakdowns).
    async fn kind(&self) -> Option<AgentKind> {
        match self.key {
            GroupKey::Kind(k) => Some(k.into()),
            _ => None,
        }
    }

    /// The agent (AGENT breakdowns).
    async fn agent(&self) -> Option<Agent> {
        match self.key {
            GroupKey::Agent(a) => Some(Agent::from_row(self.snap.clone(), a)),
            _ => None,
        }
    }

    /// Agents in the group.
    async fn agent_count(&self) -> i32 {
        int(self.snap.agent_count(&self.agents))
    }

    /// The group's part of the ordering measure's total over every group
    /// (4 decimals), for sums (conversations, failures, cost, tokens); null
    /// for rates and latencies, or a zero total.
    async fn share(&self) -> Option<f64> {
        self.share
    }

    /// The group's telemetry over the range.
    async fn summary(&self) -> &TelemetrySummary {
        &self.summary
    }

    /// The group's series over the range.
    #[graphql(complexity = "crate::graphql::cost::time_series(bucket, &None, child_complexity)")]
    async fn series(
        &self,
        #[graphql(default_with = "TimeBucket::Day")] bucket: TimeBucket,
    ) -> async_graphql::Result<Vec<TelemetryBucket>> {
        Ok(series(&self.snap, &self.agents, self.period, bucket)?)
    }
}

/// Cost and tokens billed at one model over a range.
pub struct ModelCost {
    id: String,
    model: Model,
    totals: Totals,
    agents: u64,
    share: Option<f64>,
}

/// Cost and tokens billed at one model over a range.
#[Object]
impl ModelCost {
    /// What the row is: the selection's agents and range, and the model.
    async fn id(&self) -> ID {
        ID(self.id.clone())
    }

    /// The provider's model id, e.g. "gpt-4o-mini".
    async fn model(&self) -> &'static str {
        self.model.id()
    }

    /// The model with its prices.
    async fn model_info(&self) -> ModelInfo {
        ModelInfo(self.model)
    }

    /// USD, summed over the cost records (exact to the micro-dollar).
    async fn total_cost(&self) -> f64 {
        self.totals.cost()
    }

    /// Input tokens billed (a Float: it may exceed 32 bits).
    async fn input_tokens(&self) -> f64 {
        self.totals.input_tokens as f64
    }

    /// Output tokens billed (a Float: it may exceed 32 bits).
    async fn output_tokens(&self) -> f64 {
        self.totals.output_tokens as f64
    }

    /// Cost records summed: one per agent per window day in the range,
    /// days without traffic included.
    async fn records(&self) -> i32 {
        int(self.totals.rows)
    }

    /// Agents on this model that the filter selects.
    async fn agents(&self) -> i32 {
        int(self.agents)
    }

    /// Fraction of the selection's cost billed at this model (4 decimals;
    /// the models' shares add up to 1); null when nothing was billed.
    async fn share(&self) -> Option<f64> {
        self.share
    }
}

super::text::text_fields!(ModelCost {
    "id" => id,
    "model" => model,
    "totalCost" => total_cost,
    "inputTokens" => input_tokens,
    "outputTokens" => output_tokens,
    "records" => records,
    "agents" => agents,
    "share" => share,
});

/// One agent's cost over a range.
pub struct AgentCost {
    id: String,
    snap: Arc<Snapshot>,
    row: u32,
    totals: Totals,
    share: Option<f64>,
}

/// One agent's cost over a range.
#[Object]
impl AgentCost {
    /// What the row is: the selection's agents and range, and the agent.
    async fn id(&self) -> ID {
        ID(self.id.clone())
    }

    /// The agent.
    async fn agent(&self) -> Agent {
        Agent::from_row(self.snap.clone(), self.row)
    }

    /// USD, summed over the cost records.
    async fn total_cost(&self) -> f64 {
        self.totals.cost()
    }

    /// Input tokens billed.
    async fn input_tokens(&self) -> f64 {
        self.totals.input_tokens as f64
    }

    /// Output tokens billed.
    async fn output_tokens(&self) -> f64 {
        self.totals.output_tokens as f64
    }

    /// This agent's part of the cost of every agent the filter selects (0..1,
    /// 4 decimals); null when that total is 0.
    async fn share(&self) -> Option<f64> {
        self.share
    }
}

/// An agent's place in a ranking.
pub struct AgentRanking {
    id: String,
    snap: Arc<Snapshot>,
    rank: usize,
    row: u32,
    value: f64,
    period: Period,
}

/// An agent's place in a ranking.
#[Object]
impl AgentRanking {
    /// What the entry is: the ranking (agents, range, measure, direction)
    /// and the agent.
    async fn id(&self) -> ID {
        ID(self.id.clone())
    }

    /// Position, from 1. Ties take consecutive ranks in agent name order.
    async fn rank(&self) -> i32 {
        self.rank as i32
    }

    /// The agent.
    async fn agent(&self) -> Agent {
        Agent::from_row(self.snap.clone(), self.row)
    }

    /// The measure over the range (USD for cost).
    async fn value(&self) -> f64 {
        self.value
    }

    /// The agent's telemetry over the ranking's range: the figures shown
    /// beside the rank come from the range it ranks by.
    async fn summary(&self) -> TelemetrySummary {
        Agent::from_row(self.snap.clone(), self.row).summary_over(self.period)
    }
}

/// The inputs every analytics field checks first.
struct Inputs {
    snap: Arc<Snapshot>,
    period: Period,
    agents: AgentSet,
}

impl Inputs {
    fn new(ctx: &Context<'_>, range: Option<DateRange>, filter: Option<AnalyticsFilter>) -> ApiResult<Self> {
        let snap = ctx.snapshot()?.clone();
        let period = DateRange::resolve(range, &snap.dataset.window, "range")?;
        let agents = agent_set(&snap, filter)?;
        Ok(Inputs { snap, period, agents })
    }

    fn span(&self) -> Hours {
        self.period.window_hours(&self.snap.dataset.window)
    }

    /// The id of the aggregate these inputs select: its agents and span.
    fn id(&self) -> String {
        ids::aggregate(&ids::selection(&self.snap, &self.agents), &ids::period(self.period))
    }

    /// Natural name order of agents, the tie-breaker of every ranking.
    fn by_name(&self, a: u32, b: u32) -> Ordering {
        let agents = &self.snap.dataset.agents;
        crate::store::index::name_order(&agents[a as usize], &agents[b as usize]).then(a.cmp(&b))
    }

    /// The selected agents ranked by `measure` over the range.
    fn ranked(&self, measure: Measure, direction: OrderDirection, first: usize) -> Vec<(u32, Option<f64>)> {
        let span = self.span();
        let values: Vec<(u32, Option<f64>)> =
            self.snap.agents_in(&self.agents).into_iter().map(|a| (a, measure.of_agent(&self.snap, a, span))).collect();
        first_in_order(values, first, by_measure(direction.descending(), |a, b| self.by_name(a, b)))
    }
}

/// Dashboard analytics over the daily telemetry. Ranges are whole UTC days
/// (see `DateRange`); filters narrow the agents.
#[derive(Default)]
pub struct Analytics;

/// Dashboard analytics over the daily telemetry. Ranges are whole UTC days
/// (see `DateRange`); filters narrow the agents. Every field is nullable, so
/// one panel's bad argument nulls only that panel.
#[Object]
impl Analytics {
    /// Always `analytics`: there is one (its panels are keyed by their
    /// arguments).
    async fn id(&self) -> ID {
        ID(ids::ANALYTICS.to_string())
    }

    /// Fleet KPIs over a range, with a comparison period and the change
    /// against it. `compareTo` chooses the comparison (default: the
    /// equally long period just before the range); with
    /// `range: {lastDays: 7, completeDays: true}` whole days compare with
    /// whole days, so today's half-day does not read as a drop.
    async fn kpis(
        &self,
        ctx: &Context<'_>,
        range: Option<DateRange>,
        filter: Option<AnalyticsFilter>,
        compare_to: Option<DateRange>,
    ) -> async_graphql::Result<Option<FleetKpis>> {
        let r = Inputs::new(ctx, range, filter)?;
        let compare = match compare_to {
            Some(c) => Some(DateRange::resolve(Some(c), &r.snap.dataset.window, "compareTo")?),
            None => None,
        };
        Ok(Some(FleetKpis::new(r.snap, Arc::new(r.agents), r.period).compared_with(compare)))
    }

    /// The telemetry of a range in contiguous buckets, oldest first; empty
    /// buckets are present, buckets after the anchor absent.
    #[graphql(complexity = "crate::graphql::cost::time_series(bucket, &range, child_complexity)")]
    async fn telemetry(
        &self,
        ctx: &Context<'_>,
        #[graphql(default_with = "TimeBucket::Day")] bucket: TimeBucket,
        range: Option<DateRange>,
        filter: Option<AnalyticsFilter>,
    ) -> async_graphql::Result<Option<Vec<TelemetryBucket>>> {
        let r = Inputs::new(ctx, range, filter)?;
        Ok(Some(series(&r.snap, &r.agents, r.period, bucket)?))
    }

    /// The selected agents grouped by model, status, kind or agent, each
    /// group with its summary over the range (and its own `series`), ordered
    /// by a measure (cost, highest first, by default).
    #[graphql(complexity = "crate::graphql::cost::breakdown(by, first, child_complexity)")]
    async fn breakdown(
        &self,
        ctx: &Context<'_>,
        by: BreakdownDimension,
        range: Option<DateRange>,
        filter: Option<AnalyticsFilter>,
        order_by: Option<TelemetryOrder>,
        #[graphql(default = 20)] first: i32,
    ) -> async_graphql::Result<Option<Vec<BreakdownRow>>> {
        let first = checked_first(first)?;
        let r = Inputs::new(ctx, range, filter)?;
        let (by_measure_of, direction) = TelemetryOrder::or(order_by, TelemetryMeasure::Cost);
        let measure = Measure::from(by_measure_of);
        let parent = ids::part(&r.id(), &format!("{}:{}", enum_name(by), enum_name(by_measure_of)));
        let d = &r.snap.dataset;
        let members = r.snap.agents_in(&r.agents);
        let group_of = |keep: &dyn Fn(&data::Agent) -> bool| {
            AgentSet::Agents(members.iter().copied().filter(|&a| keep(&d.agents[a as usize])).collect())
        };
        let groups: Vec<(GroupKey, AgentSet)> = match by {
            BreakdownDimension::Model => {
                let mut models = Model::ALL;
                models.sort_by_key(|m| m.id());
                models.into_iter().map(|m| (GroupKey::Model(m), r.agents.on_model(d, m))).collect()
            }
            BreakdownDimension::Status => {
                data::AgentStatus::ALL.into_iter().map(|s| (GroupKey::Status(s), r.agents.in_status(d, s))).collect()
            }
            BreakdownDimension::Kind => data::kinds::AgentKind::ALL
                .into_iter()
                .map(|k| (GroupKey::Kind(k), group_of(&|a: &data::Agent| a.kind == k)))
                .collect(),
            BreakdownDimension::Agent => {
                members.iter().map(|&a| (GroupKey::Agent(a), AgentSet::Agents(vec![a]))).collect()
            }
        };
        let span = r.span();
        let rows: Vec<Group> = groups
            .into_iter()
            .filter(|(_, set)| r.snap.agent_count(set) > 0)
            .enumerate()
            .map(|(i, (key, set))| {
                let t = r.snap.telemetry_in(&set, span);
                (i, measure.of(&t.totals, Some(&t.latency)), t, set, key)
            })
            .collect();
        let is_sum = measure.is_sum();
        let total: f64 = rows.iter().filter_map(|r| r.1).sum();
        let keyed: Vec<(usize, Option<f64>)> = rows.iter().map(|r| (r.0, r.1)).collect();
        let order_fn = by_measure(direction.descending(), |a: usize, b: usize| a.cmp(&b));
        let top = first_in_order(keyed, first, order_fn);
        let mut rows: Vec<Option<Group>> = rows.into_iter().map(Some).collect();
        Ok(Some(
            top.into_iter()
                .filter_map(|(i, value)| {
                    let (_, _, t, agents, key) = rows[i].take()?;
                    let group = match key {
                        GroupKey::Model(m) => format!("model:{}", m.id()),
                        GroupKey::Status(s) => format!("status:{}", enum_name(AgentStatus::from(s))),
                        GroupKey::Kind(k) => format!("kind:{}", enum_name(AgentKind::from(k))),
                        GroupKey::Agent(a) => ids::agent(&r.snap, a),
                    };
                    let summary = ids::aggregate(&ids::selection(&r.snap, &agents), &ids::period(r.period));
                    Some(BreakdownRow {
                        id: ids::part(&parent, &group),
                        snap: r.snap.clone(),
                        period: r.period,
                        key,
                        summary: TelemetrySummary::new(
                            summary,
                            t,
                            Covers::new(r.snap.clone(), agents.clone(), r.span()),
                        ),
                        agents,
                        share: value.filter(|_| is_sum && total > 0.0).map(|v| shown_rate(v / total)),
                    })
                })
                .collect(),
        ))
    }

    /// Cost and tokens per model, ordered by a measure (cost, highest
    /// first, by default; ties by model id); a model that none of the
    /// selected agents runs on and that billed nothing in the range is left
    /// out (one they left keeps its past traffic).
    #[graphql(complexity = "crate::graphql::cost::fixed(Model::ALL.len(), child_complexity)")]
    async fn cost_by_model(
        &self,
        ctx: &Context<'_>,
        range: Option<DateRange>,
        filter: Option<AnalyticsFilter>,
        order_by: Option<TelemetryOrder>,
    ) -> async_graphql::Result<Option<FlatList<ModelCost>>> {
        let r = Inputs::new(ctx, range, filter)?;
        let (measure, direction) = TelemetryOrder::or(order_by, TelemetryMeasure::Cost);
        let measure = Measure::from(measure);
        let owner = r.id();
        let span = r.span();
        let mut models = Model::ALL;
        models.sort_by_key(|m| m.id());
        let rows: Vec<(ModelCost, Option<f64>)> = models
            .into_iter()
            .filter_map(|model| {
                let agents = r.agents.on_model(&r.snap.dataset, model);
                let count = r.snap.agent_count(&agents);
                let (totals, value) = if measure.needs_distribution() {
                    let t = r.snap.telemetry_in(&agents, span);
                    (t.totals, measure.of(&t.totals, Some(&t.latency)))
                } else {
                    let totals = r.snap.totals_in(&agents, span);
                    (totals, measure.of(&totals, None))
                };
                (count > 0 || totals.conversations > 0 || totals.cost_micros != 0).then(|| {
                    let id = ids::part(&owner, &format!("model:{}", model.id()));
                    (ModelCost { id, model, totals, agents: count, share: None }, value)
                })
            })
            .collect();
        let whole: i64 = rows.iter().map(|(m, _)| m.totals.cost_micros).sum();
        let keyed: Vec<(usize, Option<f64>)> = rows.iter().enumerate().map(|(i, (_, v))| (i, *v)).collect();
        let order = first_in_order(
            keyed,
            rows.len().max(1),
            by_measure(direction.descending(), |a: usize, b: usize| a.cmp(&b)),
        );
        let mut rows: Vec<Option<ModelCost>> = rows.into_iter().map(|(m, _)| Some(m)).collect();
        Ok(Some(FlatList(
            order
                .into_iter()
                .filter_map(|(i, _)| rows[i].take())
                .map(|m| ModelCost {
                    share: (whole > 0).then(|| shown_rate(m.totals.cost_micros as f64 / whole as f64)),
                    ..m
                })
                .collect(),
        )))
    }

    /// The agents ordered by a measure (total cost, highest first, by
    /// default), then name, with their cost and tokens. `share` is of the
    /// selection's whole cost, deleted agents' traffic included, so the
    /// shares of every live agent add up to 1 less theirs.
    #[graphql(complexity = "crate::graphql::cost::top(first, 10, child_complexity)")]
    async fn cost_by_agent(
        &self,
        ctx: &Context<'_>,
        range: Option<DateRange>,
        filter: Option<AnalyticsFilter>,
        order_by: Option<TelemetryOrder>,
        #[graphql(default = 10)] first: Option<i32>,
    ) -> async_graphql::Result<Option<Vec<AgentCost>>> {
        let first = checked_first(first.unwrap_or(10))?;
        let r = Inputs::new(ctx, range, filter)?;
        let (measure, direction) = TelemetryOrder::or(order_by, TelemetryMeasure::Cost);
        let owner = r.id();
        let span = r.span();
        let total_cost = r.snap.totals_in(&r.agents, span).cost_micros;
        Ok(Some(
            r.ranked(Measure::from(measure), direction, first)
                .into_iter()
                .map(|(row, _)| {
                    let totals = r.snap.agent_totals_in(row, span);
                    AgentCost {
                        id: ids::part(&owner, &ids::agent(&r.snap, row)),
                        snap: r.snap.clone(),
                        row,
                        totals,
                        share: (total_cost > 0).then(|| shown_rate(totals.cost_micros as f64 / total_cost as f64)),
                    }
                })
                .collect(),
        ))
    }

    /// Reply latencies over a range: percentiles from the merged telemetry
    /// distribution (see `LatencyDistribution`).
    async fn latency_percentiles(
        &self,
        ctx: &Context<'_>,
        range: Option<DateRange>,
        filter: Option<AnalyticsFilter>,
    ) -> async_graphql::Result<Option<LatencyDistribution>> {
        let r = Inputs::new(ctx, range, filter)?;
        let t = r.snap.telemetry_in(&r.agents, r.span());
        Ok(Some(LatencyDistribution::of(&r.id(), Distributed::Latency, &t.latency, t.totals.avg_response_time())))
    }

    /// Sentiment counts and shares over a range, from the telemetry.
    async fn sentiment_breakdown(
        &self,
        ctx: &Context<'_>,
        range: Option<DateRange>,
        filter: Option<AnalyticsFilter>,
    ) -> async_graphql::Result<Option<SentimentSummary>> {
        let r = Inputs::new(ctx, range, filter)?;
        Ok(Some(SentimentSummary::of(&r.id(), &r.snap.totals_in(&r.agents, r.span()))))
    }

    /// Agents ranked by a measure over a range (`orderBy`; cost, highest
    /// first, by default), agents without a value for it left out, ties in
    /// agent name order. Each entry's `value` and `summary` cover the
    /// range it is ranked over.
    #[graphql(complexity = "crate::graphql::cost::top(first, 5, child_complexity)")]
    async fn top_agents(
        &self,
        ctx: &Context<'_>,
        order_by: Option<TelemetryOrder>,
        range: Option<DateRange>,
        #[graphql(default = 5)] first: Option<i32>,
        filter: Option<AnalyticsFilter>,
    ) -> async_graphql::Result<Option<Vec<AgentRanking>>> {
        let first = checked_first(first.unwrap_or(5))?;
        let (by, direction) = TelemetryOrder::or(order_by, TelemetryMeasure::Cost);
        let r = Inputs::new(ctx, range, filter)?;
        let owner = ids::part(&r.id(), &format!("{}:{}", enum_name(by), direction.as_str()));
        let by = Measure::from(by);
        Ok(Some(
            r.ranked(by, direction, first)
                .into_iter()
                .filter_map(|(row, value)| value.map(|v| (row, v)))
                .enumerate()
                .map(|(i, (row, value))| AgentRanking {
                    id: ids::part(&owner, &ids::agent(&r.snap, row)),
                    snap: r.snap.clone(),
                    rank: i + 1,
                    row,
                    value: by.shown(value),
                    period: r.period,
                })
                .collect(),
        ))
    }
}

/// Root field for analytics.
#[derive(Default)]
pub struct AnalyticsQuery;

/// Root field for analytics.
#[Object]
impl AnalyticsQuery {
    /// Dashboard analytics: KPIs, telemetry series, breakdowns, cost,
    /// latency, sentiment and rankings over a range of days.
    async fn analytics(&self) -> Analytics {
        Analytics
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(from: &str, days: i64) -> Period {
        let start = format!("{from}T00:00:00Z").parse().unwrap();
        Period { start, end: start + TimeDelta::days(days) }
    }

    #[test]
    fn week_buckets_start_on_mondays_and_stop_at_the_anchor() {
        // 2025-01-01 is a Wednesday; the anchor is on Jan 19 (a Sunday).
        let window = Window::new("2025-01-19T14:00:00Z".parse().unwrap(), 30);
        let period = days("2025-01-01", 31);
        let b = buckets(period, TimeBucket::Week, &window).unwrap();
        let dates: Vec<String> = b.iter().map(|(s, _)| s.date_naive().to_string()).collect();
        assert_eq!(dates, ["2025-01-01", "2025-01-06", "2025-01-13"]);
        let hours = buckets(days("2025-01-19", 1), TimeBucket::Hour, &window).unwrap();
        assert_eq!(hours.len(), 14, "hours after the anchor are absent");
    }

    #[test]
    fn bucket_counts_are_capped() {
        let window = Window::new("2025-01-19T14:00:00Z".parse().unwrap(), 30);
        let period = days("2024-01-01", 90);
        assert!(buckets(period, TimeBucket::Hour, &window).is_err());
        assert_eq!(buckets(period, TimeBucket::Day, &window).unwrap().len(), 90);
    }

    #[test]
    fn first_in_order_keeps_the_first_items_sorted() {
        let items = vec![5, 1, 4, 2, 3, 9, 0];
        assert_eq!(first_in_order(items.clone(), 3, |a, b| b.cmp(a)), [9, 5, 4]);
        assert_eq!(first_in_order(items, 10, |a, b| a.cmp(b)), [0, 1, 2, 3, 4, 5, 9]);
    }
}
