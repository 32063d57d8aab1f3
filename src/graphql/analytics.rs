//! `analytics`: the dashboard's aggregates over a range of days: KPIs with
//! deltas against the previous period, time series, cost by model and by
//! agent, latency percentiles, sentiment and top agents. Every figure comes
//! from the store's roll-ups ([`crate::store::rollups`]), so a fleet-wide or
//! model / status filtered aggregate costs O(days), whatever the scale.

use std::cmp::Ordering;
use std::ops::Range;
use std::sync::Arc;

use async_graphql::resolver_utils::enum_value;
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{Datelike, Days, NaiveDate, TimeDelta, Utc};

use super::agent::{Agent, agent_row};
use super::context::ContextExt;
use super::enums::{AgentStatus, OrderDirection, Sentiment, allows, model_set, rows_of, set_of};
use super::model::ModelInfo;
use super::scalars::{Date, DateTime};
use crate::data::{self, Window, catalogue::Model};
use crate::error::{ApiError, ApiResult};
use crate::store::{AgentSet, CellMask, GridTotals, RecordCounts, Snapshot};

/// Longest range, in days (about ten years).
pub const MAX_RANGE_DAYS: u32 = 3660;
/// Most buckets one time series may have.
pub const MAX_BUCKETS: usize = 2000;
/// Largest `first` of a ranking.
pub const MAX_RANKED: i32 = 100;
/// Accepted `utcOffsetMinutes`: UTC-12:00 to UTC+14:00.
pub const UTC_OFFSET_MINUTES: (i32, i32) = (-720, 840);

/// Which days to aggregate: `from`/`to`, or the window's `last` N days.
/// Without either, the whole window (the whole UTC days before the anchor's).
#[derive(InputObject, Clone, Copy, Debug, Default)]
pub struct AnalyticsRange {
    /// First day (inclusive); defaults to the window's first day.
    pub from: Option<Date>,
    /// Last day (inclusive); defaults to the window's last day.
    pub to: Option<Date>,
    /// The last N days of the window (1 to 3660; days before the window hold
    /// no data). Not together with `from` or `to`.
    pub last: Option<i32>,
}

/// Which agents to aggregate; all given conditions must hold.
#[derive(InputObject, Default)]
pub struct AnalyticsFilter {
    /// Only these agents.
    pub agent_ids: Option<Vec<ID>>,
    /// Only agents on one of these models (provider ids such as "gpt-4o").
    pub model: Option<Vec<String>>,
    /// Only agents in one of these states.
    pub status: Option<Vec<AgentStatus>>,
}

/// A resolved range: `days` whole days from `from`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Period {
    from: NaiveDate,
    days: u32,
}

impl Period {
    fn resolve(range: Option<AnalyticsRange>, window: &Window) -> ApiResult<Period> {
        let range = range.unwrap_or_default();
        let (first, last) = (window.date(0), window.date(window.days - 1));
        let (from, to) = match (range.last, range.from, range.to) {
            (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
                return Err(ApiError::bad_input("`range.last` cannot be combined with `range.from` or `range.to`"));
            }
            (Some(n), None, None) => {
                if !(1..=MAX_RANGE_DAYS as i32).contains(&n) {
                    return Err(ApiError::bad_input(format!(
                        "`range.last` must be between 1 and {MAX_RANGE_DAYS} days, got {n}"
                    )));
                }
                (last - TimeDelta::days(n as i64 - 1), last)
            }
            (None, from, to) => (from.map_or(first, |d| d.0), to.map_or(last, |d| d.0)),
        };
        for (name, date) in [("from", from), ("to", to)] {
            if !(1..=9999).contains(&date.year()) {
                return Err(ApiError::bad_input(format!("`range.{name}` must be in the years 1 to 9999, got {date}")));
            }
        }
        if from > to {
            return Err(ApiError::bad_input(format!(
                "`range.from` ({from}) must not be after `range.to` ({to}); an omitted end is the window's ({first} to {last})"
            )));
        }
        let days = (to - from).num_days() + 1;
        if days > MAX_RANGE_DAYS as i64 {
            return Err(ApiError::bad_input(format!(
                "a range may span at most {MAX_RANGE_DAYS} days, got {days} ({from} to {to})"
            )));
        }
        Ok(Period { from, days: days as u32 })
    }

    fn to(self) -> NaiveDate {
        self.from + Days::new(self.days as u64 - 1)
    }

    /// The equally long period just before.
    fn previous(self) -> ApiResult<Period> {
        let from = self
            .from
            .checked_sub_days(Days::new(self.days as u64))
            .ok_or_else(|| ApiError::bad_input("the previous period lies before the earliest supported date"))?;
        Ok(Period { from, days: self.days })
    }

    /// As window days (0 = the window's first; may lie outside it).
    fn window_days(self, window: &Window) -> Range<i64> {
        let start = (self.from - window.date(0)).num_days();
        start..start + self.days as i64
    }

    /// `[start, end)` as UTC instants, the days being local days at `offset`.
    fn instants(self, offset: TimeDelta) -> (chrono::DateTime<Utc>, chrono::DateTime<Utc>) {
        let start = self.from.and_time(chrono::NaiveTime::MIN).and_utc() - offset;
        (start, start + TimeDelta::days(self.days as i64))
    }
}

/// Checks a filter: named agents are scanned, model / status alone are cells.
fn agent_set(snap: &Snapshot, filter: Option<AnalyticsFilter>) -> ApiResult<AgentSet> {
    let filter = filter.unwrap_or_default();
    let models = model_set(&filter.model)?;
    let statuses: Option<std::collections::BTreeSet<data::AgentStatus>> = set_of(&filter.status);
    let ids = rows_of(snap, &filter.agent_ids, "filter.agentIds", agent_row)?;
    Ok(match ids {
        None => AgentSet::Cells(CellMask::of(|m, s| allows(&models, &m) && allows(&statuses, &s))),
        Some(rows) => AgentSet::Agents(
            rows.into_iter()
                .filter(|&a| {
                    let agent = &snap.dataset.agents[a as usize];
                    allows(&models, &agent.model) && allows(&statuses, &agent.status)
                })
                .collect(),
        ),
    })
}

fn checked_first(first: i32) -> ApiResult<usize> {
    if !(1..=MAX_RANKED).contains(&first) {
        return Err(ApiError::bad_input(format!("`first` must be between 1 and {MAX_RANKED}, got {first}")));
    }
    Ok(first as usize)
}

/// A count as a GraphQL Int (saturating at 2³¹ − 1).
fn int(n: u64) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn share(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
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

/// The days an analytics answer covers.
#[derive(SimpleObject)]
pub struct AnalyticsPeriod {
    /// First day (inclusive).
    pub from: Date,
    /// Last day (inclusive).
    pub to: Date,
    /// Number of days.
    pub days: i32,
}

/// What a period's KPIs are computed from.
#[derive(Clone, Copy, Debug)]
struct Figures {
    grid: GridTotals,
    records: RecordCounts,
    active_agents: u64,
}

impl Figures {
    fn of(snap: &Snapshot, agents: &AgentSet, period: Period) -> Figures {
        let days = period.window_days(&snap.dataset.window);
        let (from, to) = period.instants(TimeDelta::zero());
        Figures {
            grid: snap.grid_totals(agents, days.clone()),
            records: snap.record_counts(agents, from, to),
            active_agents: snap.agents_with_traffic(agents, days),
        }
    }

    fn cost_per_conversation(&self) -> Option<f64> {
        (self.grid.conversations > 0).then(|| self.grid.cost / self.grid.conversations as f64)
    }

    fn resolution_rate(&self) -> Option<f64> {
        share(self.records.resolved, self.records.records)
    }

    fn negative_share(&self) -> Option<f64> {
        share(self.records.sentiment(data::Sentiment::Negative), self.records.records)
    }
}

/// Fleet KPIs over a range of days.
pub struct FleetKpis {
    snap: Arc<Snapshot>,
    agents: Arc<AgentSet>,
    period: Period,
    figures: Figures,
}

impl FleetKpis {
    fn new(snap: Arc<Snapshot>, agents: Arc<AgentSet>, period: Period) -> Self {
        let figures = Figures::of(&snap, &agents, period);
        FleetKpis { snap, agents, period, figures }
    }

    fn previous_kpis(&self) -> ApiResult<FleetKpis> {
        Ok(FleetKpis::new(self.snap.clone(), self.agents.clone(), self.period.previous()?))
    }
}

/// Fleet KPIs over a range of days.
#[Object]
impl FleetKpis {
    /// The days these figures cover.
    async fn range(&self) -> AnalyticsPeriod {
        AnalyticsPeriod { from: Date(self.period.from), to: Date(self.period.to()), days: self.period.days as i32 }
    }

    /// Conversations, summed over the daily metrics.
    async fn total_conversations(&self) -> i32 {
        int(self.figures.grid.conversations)
    }

    /// Agents with at least one conversation in the range.
    async fn active_agents(&self) -> i32 {
        int(self.figures.active_agents)
    }

    /// Conversation-weighted mean of the daily success rates (0..1); null without traffic.
    async fn success_rate(&self) -> Option<f64> {
        self.figures.grid.success_rate()
    }

    /// Conversation-weighted mean of the daily average response times, in
    /// milliseconds; null without traffic.
    async fn avg_response_time(&self) -> Option<f64> {
        self.figures.grid.avg_response_time()
    }

    /// USD, summed over the cost records.
    async fn total_cost(&self) -> f64 {
        self.figures.grid.cost
    }

    /// Input tokens, summed over the daily metrics (a Float: it may exceed 32 bits).
    async fn total_tokens_input(&self) -> f64 {
        self.figures.grid.input_tokens as f64
    }

    /// Output tokens, summed over the daily metrics (a Float: it may exceed 32 bits).
    async fn total_tokens_output(&self) -> f64 {
        self.figures.grid.output_tokens as f64
    }

    /// USD per conversation; null without traffic.
    async fn cost_per_conversation(&self) -> Option<f64> {
        self.figures.cost_per_conversation()
    }

    /// Conversation records (the retained sample of the traffic) started in the range.
    async fn sampled_conversations(&self) -> i32 {
        int(self.figures.records.records)
    }

    /// Share of the sampled conversations resolved without a human (0..1); null without records.
    async fn resolution_rate(&self) -> Option<f64> {
        self.figures.resolution_rate()
    }

    /// Share of the sampled conversations with NEGATIVE sentiment (0..1); null without records.
    async fn negative_share(&self) -> Option<f64> {
        self.figures.negative_share()
    }

    /// The same figures for the equally long period just before this one.
    async fn previous(&self) -> async_graphql::Result<FleetKpis> {
        Ok(self.previous_kpis()?)
    }

    /// Change against the previous period.
    async fn deltas(&self) -> async_graphql::Result<KpiDeltas> {
        Ok(KpiDeltas::between(&self.figures, &self.previous_kpis()?.figures))
    }
}

/// Change of each KPI against the previous period: relative for counts,
/// cost and latency (`(current - previous) / previous`, so 0.25 is +25%),
/// absolute for rates (`current - previous`, so 0.02 is +2 percentage
/// points). Null when the previous value is 0 or null, or the current null.
#[derive(SimpleObject)]
pub struct KpiDeltas {
    /// Relative change of `totalConversations`.
    pub total_conversations: Option<f64>,
    /// Relative change of `activeAgents`.
    pub active_agents: Option<f64>,
    /// Change of `successRate` in rate points.
    pub success_rate: Option<f64>,
    /// Relative change of `avgResponseTime`.
    pub avg_response_time: Option<f64>,
    /// Relative change of `totalCost`.
    pub total_cost: Option<f64>,
    /// Relative change of `totalTokensInput`.
    pub total_tokens_input: Option<f64>,
    /// Relative change of `totalTokensOutput`.
    pub total_tokens_output: Option<f64>,
    /// Relative change of `costPerConversation`.
    pub cost_per_conversation: Option<f64>,
    /// Relative change of `sampledConversations`.
    pub sampled_conversations: Option<f64>,
    /// Change of `resolutionRate` in rate points.
    pub resolution_rate: Option<f64>,
    /// Change of `negativeShare` in rate points.
    pub negative_share: Option<f64>,
}

impl KpiDeltas {
    fn between(now: &Figures, before: &Figures) -> KpiDeltas {
        fn relative(now: Option<f64>, before: Option<f64>) -> Option<f64> {
            match (now, before) {
                (Some(n), Some(b)) if b != 0.0 => Some((n - b) / b),
                _ => None,
            }
        }
        fn points(now: Option<f64>, before: Option<f64>) -> Option<f64> {
            Some(now? - before?)
        }
        let count = |f: &Figures, pick: fn(&Figures) -> u64| Some(pick(f) as f64);
        let counted = |pick: fn(&Figures) -> u64| relative(count(now, pick), count(before, pick));
        KpiDeltas {
            total_conversations: counted(|f| f.grid.conversations),
            active_agents: counted(|f| f.active_agents),
            success_rate: points(now.grid.success_rate(), before.grid.success_rate()),
            avg_response_time: relative(now.grid.avg_response_time(), before.grid.avg_response_time()),
            total_cost: relative(Some(now.grid.cost), Some(before.grid.cost)),
            total_tokens_input: counted(|f| f.grid.input_tokens),
            total_tokens_output: counted(|f| f.grid.output_tokens),
            cost_per_conversation: relative(now.cost_per_conversation(), before.cost_per_conversation()),
            sampled_conversations: counted(|f| f.records.records),
            resolution_rate: points(now.resolution_rate(), before.resolution_rate()),
            negative_share: points(now.negative_share(), before.negative_share()),
        }
    }
}

/// What a time series measures. The first six come from the daily metrics
/// and cost records (whole UTC days: DAY or WEEK buckets, offset 0); the
/// last three from the conversation records (any bucket and offset).
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeSeriesMeasure {
    /// Conversations (daily metrics). Empty buckets: 0.
    Conversations,
    /// Conversation-weighted success rate, 0..1 (daily metrics). Empty buckets: null.
    SuccessRate,
    /// Conversation-weighted average response time, ms (daily metrics). Empty buckets: null.
    AvgResponseTime,
    /// USD (cost records). Empty buckets: 0.
    Cost,
    /// Input tokens (daily metrics). Empty buckets: 0.
    InputTokens,
    /// Output tokens (daily metrics). Empty buckets: 0.
    OutputTokens,
    /// Conversation records started in the bucket. Empty buckets: 0.
    SampledConversations,
    /// Share of the bucket's conversation records resolved, 0..1. Empty buckets: null.
    ResolutionRate,
    /// Share of the bucket's conversation records with NEGATIVE sentiment, 0..1. Empty buckets: null.
    NegativeShare,
}

impl TimeSeriesMeasure {
    fn is_daily(self) -> bool {
        !matches!(
            self,
            TimeSeriesMeasure::SampledConversations
                | TimeSeriesMeasure::ResolutionRate
                | TimeSeriesMeasure::NegativeShare
        )
    }

    /// Value and count of a bucket of daily rows.
    fn of_grid(self, g: &GridTotals) -> (Option<f64>, u64) {
        let value = match self {
            TimeSeriesMeasure::Conversations => Some(g.conversations as f64),
            TimeSeriesMeasure::SuccessRate => g.success_rate(),
            TimeSeriesMeasure::AvgResponseTime => g.avg_response_time(),
            TimeSeriesMeasure::Cost => Some(g.cost),
            TimeSeriesMeasure::InputTokens => Some(g.input_tokens as f64),
            TimeSeriesMeasure::OutputTokens => Some(g.output_tokens as f64),
            _ => None,
        };
        (value, g.conversations)
    }

    /// Value and count of a bucket of conversation records.
    fn of_records(self, r: &RecordCounts) -> (Option<f64>, u64) {
        let value = match self {
            TimeSeriesMeasure::ResolutionRate => share(r.resolved, r.records),
            TimeSeriesMeasure::NegativeShare => share(r.sentiment(data::Sentiment::Negative), r.records),
            _ => Some(r.records as f64),
        };
        (value, r.records)
    }
}

/// Width of a time-series bucket.
#[derive(Enum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TimeBucket {
    /// One hour (conversation-record measures only).
    Hour,
    /// One day, from local midnight.
    #[default]
    Day,
    /// Monday 00:00 to the next Monday 00:00, local; the first and last
    /// buckets are cut to the range.
    Week,
}

/// One bucket of a time series: `[start, end)`.
#[derive(SimpleObject)]
pub struct TimeSeriesPoint {
    /// First instant of the bucket.
    pub start: DateTime,
    /// First instant after the bucket.
    pub end: DateTime,
    /// The measure over the bucket: 0 for an empty bucket of a sum, null for
    /// an empty bucket of a rate.
    pub value: Option<f64>,
    /// Conversations behind the value: counted in the daily metrics for
    /// daily-metric measures, conversation records for record measures.
    pub count: i32,
}

/// Bucket boundaries over a period whose days are local days at `offset`:
/// `n + 1` ascending instants, at most [`MAX_BUCKETS`] buckets.
fn bucket_bounds(period: Period, bucket: TimeBucket, offset: TimeDelta) -> ApiResult<Vec<chrono::DateTime<Utc>>> {
    let (start, end) = period.instants(offset);
    let days = period.days as usize;
    // WEEK: the range's first day, each Monday after it, the day after the range.
    let first_monday = 7 - period.from.weekday().num_days_from_monday() as usize;
    let buckets = match bucket {
        TimeBucket::Hour => days * 24,
        TimeBucket::Day => days,
        TimeBucket::Week => 1 + days.saturating_sub(first_monday).div_ceil(7),
    };
    if buckets > MAX_BUCKETS {
        return Err(ApiError::bad_input(format!(
            "{} days in {} buckets make {buckets} buckets; a series has at most {MAX_BUCKETS}: shorten the range or use wider buckets",
            period.days,
            enum_value(bucket)
        )));
    }
    let bounds = match bucket {
        TimeBucket::Hour => (0..=buckets).map(|h| start + TimeDelta::hours(h as i64)).collect(),
        TimeBucket::Day => (0..=buckets).map(|d| start + TimeDelta::days(d as i64)).collect(),
        TimeBucket::Week => std::iter::once(start)
            .chain((first_monday..days).step_by(7).map(|d| start + TimeDelta::days(d as i64)))
            .chain(std::iter::once(end))
            .collect(),
    };
    Ok(bounds)
}

/// What was billed over a range: the fields `AgentCost` and `ModelCost` share.
struct Billed(GridTotals);

#[Object]
impl Billed {
    /// USD, summed over the cost records.
    async fn total_cost(&self) -> f64 {
        self.0.cost
    }

    /// Input tokens billed (a Float: it may exceed 32 bits).
    async fn input_tokens(&self) -> f64 {
        self.0.input_tokens as f64
    }

    /// Output tokens billed (a Float: it may exceed 32 bits).
    async fn output_tokens(&self) -> f64 {
        self.0.output_tokens as f64
    }
}

/// One agent's cost over a range.
pub struct AgentCost {
    snap: Arc<Snapshot>,
    row: u32,
    totals: GridTotals,
    share: Option<f64>,
}

/// One agent's cost over a range.
#[Object]
impl AgentCost {
    /// The agent.
    async fn agent(&self) -> Agent {
        Agent::from_row(self.snap.clone(), self.row)
    }

    /// `totalCost`, `inputTokens`, `outputTokens`.
    #[graphql(flatten)]
    async fn billed(&self) -> Billed {
        Billed(self.totals)
    }

    /// This agent's part of the cost of every agent the filter selects (0..1);
    /// null when that total is 0.
    async fn share(&self) -> Option<f64> {
        self.share
    }
}

/// Cost and tokens billed at one model over a range.
pub struct ModelCost {
    model: Model,
    totals: GridTotals,
    agents: u64,
}

/// Cost and tokens billed at one model over a range.
#[Object]
impl ModelCost {
    /// The provider's model id, e.g. "gpt-4o-mini".
    async fn model(&self) -> &'static str {
        self.model.id()
    }

    /// The model with its prices.
    async fn model_info(&self) -> ModelInfo {
        ModelInfo(self.model)
    }

    /// `totalCost`, `inputTokens`, `outputTokens`.
    #[graphql(flatten)]
    async fn billed(&self) -> Billed {
        Billed(self.totals)
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
}

/// Distribution of the conversation records' average response times, in
/// milliseconds. Percentiles are nearest-rank: `pN` is the smallest
/// recorded value with at least N% of the records at or below it (the
/// ⌈N/100 × count⌉-th smallest), so it is always a value that occurred.
/// Everything but `count` is null without records.
#[derive(SimpleObject)]
pub struct LatencyPercentiles {
    /// Conversation records in the range.
    pub count: i32,
    /// Fastest record.
    pub min: Option<f64>,
    /// Slowest record.
    pub max: Option<f64>,
    /// Arithmetic mean.
    pub mean: Option<f64>,
    /// Median (nearest rank).
    pub p50: Option<f64>,
    /// 90th percentile (nearest rank).
    pub p90: Option<f64>,
    /// 95th percentile (nearest rank).
    pub p95: Option<f64>,
    /// 99th percentile (nearest rank).
    pub p99: Option<f64>,
}

/// How many conversation records had one sentiment.
#[derive(SimpleObject)]
pub struct SentimentCount {
    /// The sentiment.
    pub sentiment: Sentiment,
    /// Records with it.
    pub count: i32,
    /// `count / total` (0..1); null without records.
    pub share: Option<f64>,
}

/// Sentiment and resolution of the conversation records in a range.
#[derive(SimpleObject)]
pub struct SentimentBreakdown {
    /// Conversation records in the range.
    pub total: i32,
    /// Records per sentiment: POSITIVE, NEUTRAL, NEGATIVE (always all three).
    pub sentiments: Vec<SentimentCount>,
    /// Records resolved without a human.
    pub resolved: i32,
    /// `resolved / total` (0..1); null without records.
    pub resolution_rate: Option<f64>,
}

/// What agents are ranked by.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TopAgentMeasure {
    /// Conversations (daily metrics).
    Conversations,
    /// Conversation-weighted success rate, 0..1; agents without traffic are left out.
    SuccessRate,
    /// Conversation-weighted average response time, ms; agents without traffic are left out.
    AvgResponseTime,
    /// USD (cost records).
    Cost,
    /// Input plus output tokens.
    Tokens,
}

impl TopAgentMeasure {
    fn of(self, g: &GridTotals) -> Option<f64> {
        match self {
            TopAgentMeasure::Conversations => Some(g.conversations as f64),
            TopAgentMeasure::SuccessRate => g.success_rate(),
            TopAgentMeasure::AvgResponseTime => g.avg_response_time(),
            TopAgentMeasure::Cost => Some(g.cost),
            TopAgentMeasure::Tokens => Some((g.input_tokens + g.output_tokens) as f64),
        }
    }
}

/// An agent's place in a ranking.
pub struct AgentRanking {
    snap: Arc<Snapshot>,
    rank: usize,
    row: u32,
    value: f64,
}

/// An agent's place in a ranking.
#[Object]
impl AgentRanking {
    /// Position, from 1. Ties take consecutive ranks in agent name order.
    async fn rank(&self) -> i32 {
        self.rank as i32
    }

    /// The agent.
    async fn agent(&self) -> Agent {
        Agent::from_row(self.snap.clone(), self.row)
    }

    /// The measure over the range.
    async fn value(&self) -> f64 {
        self.value
    }
}

/// Dashboard analytics over the daily metrics, cost records and
/// conversation records. Ranges are whole days (UTC unless a time series
/// says otherwise); filters narrow the agents.
#[derive(Default)]
pub struct Analytics;

/// The inputs every analytics field checks first.
struct Inputs {
    snap: Arc<Snapshot>,
    period: Period,
    agents: AgentSet,
}

impl Inputs {
    fn new(ctx: &Context<'_>, range: Option<AnalyticsRange>, filter: Option<AnalyticsFilter>) -> ApiResult<Self> {
        let snap = ctx.snapshot()?.clone();
        let period = Period::resolve(range, &snap.dataset.window)?;
        let agents = agent_set(&snap, filter)?;
        Ok(Inputs { snap, period, agents })
    }

    fn days(&self) -> Range<i64> {
        self.period.window_days(&self.snap.dataset.window)
    }

    /// The selected agents with their totals over the range.
    fn agent_totals(&self) -> Vec<(u32, GridTotals)> {
        let days = self.days();
        self.snap
            .agents_in(&self.agents)
            .into_iter()
            .map(|a| (a, self.snap.agent_grid_totals(a, days.clone())))
            .collect()
    }

    /// Natural name order of agents, the tie-breaker of every ranking.
    fn by_name(&self, a: u32, b: u32) -> Ordering {
        let rank = &self.snap.index.agent_name_rank;
        rank[a as usize].cmp(&rank[b as usize])
    }
}

/// Dashboard analytics over the daily metrics, cost records and
/// conversation records. Ranges are whole days (UTC unless a time series
/// says otherwise); filters narrow the agents.
#[Object]
impl Analytics {
    /// Fleet KPIs over a range, with the previous period and the change against it.
    async fn kpis(
        &self,
        ctx: &Context<'_>,
        range: Option<AnalyticsRange>,
        filter: Option<AnalyticsFilter>,
    ) -> async_graphql::Result<FleetKpis> {
        let r = Inputs::new(ctx, range, filter)?;
        Ok(FleetKpis::new(r.snap, Arc::new(r.agents), r.period))
    }

    /// A measure in contiguous buckets over a range, oldest first; empty
    /// buckets are present. With `utcOffsetMinutes` (conversation-record
    /// measures only) the range's days and the buckets are local to that
    /// offset: a DAY bucket runs from local midnight to local midnight.
    #[graphql(complexity = "crate::graphql::cost::time_series(bucket, &range, child_complexity)")]
    async fn time_series(
        &self,
        ctx: &Context<'_>,
        measure: TimeSeriesMeasure,
        #[graphql(default_with = "Some(TimeBucket::Day)")] bucket: Option<TimeBucket>,
        range: Option<AnalyticsRange>,
        #[graphql(default = 0)] utc_offset_minutes: Option<i32>,
        filter: Option<AnalyticsFilter>,
    ) -> async_graphql::Result<Vec<TimeSeriesPoint>> {
        // An explicit null means the default.
        let bucket = bucket.unwrap_or_default();
        let utc_offset_minutes = utc_offset_minutes.unwrap_or(0);
        let (lo, hi) = UTC_OFFSET_MINUTES;
        if !(lo..=hi).contains(&utc_offset_minutes) {
            return Err(ApiError::bad_input(format!(
                "`utcOffsetMinutes` must be between {lo} and {hi}, got {utc_offset_minutes}"
            ))
            .into());
        }
        if measure.is_daily() && bucket == TimeBucket::Hour {
            return Err(ApiError::bad_input(format!(
                "{} comes from daily metrics, which are whole UTC days: use DAY or WEEK buckets",
                enum_value(measure)
            ))
            .into());
        }
        if measure.is_daily() && utc_offset_minutes != 0 {
            return Err(ApiError::bad_input(format!(
                "{} comes from daily metrics, which are whole UTC days and cannot be shifted to another offset: use utcOffsetMinutes 0",
                enum_value(measure)
            ))
            .into());
        }
        let r = Inputs::new(ctx, range, filter)?;
        let bounds = bucket_bounds(r.period, bucket, TimeDelta::minutes(utc_offset_minutes as i64))?;
        let values: Vec<(Option<f64>, u64)> = if measure.is_daily() {
            let days = r.snap.grid_days(&r.agents, r.days());
            bounds
                .windows(2)
                .map(|w| {
                    let day = |t: chrono::DateTime<Utc>| (t - bounds[0]).num_days() as usize;
                    let mut total = GridTotals::default();
                    for d in &days[day(w[0])..day(w[1])] {
                        total += *d;
                    }
                    measure.of_grid(&total)
                })
                .collect()
        } else {
            r.snap.record_series(&r.agents, &bounds).iter().map(|c| measure.of_records(c)).collect()
        };
        Ok(bounds
            .windows(2)
            .zip(values)
            .map(|(w, (value, count))| TimeSeriesPoint {
                start: DateTime(w[0]),
                end: DateTime(w[1]),
                value,
                count: int(count),
            })
            .collect())
    }

    /// Cost and tokens per model, ordered by model id; models none of the
    /// selected agents run on are left out.
    #[graphql(complexity = "crate::graphql::cost::fixed(Model::ALL.len(), child_complexity)")]
    async fn cost_by_model(
        &self,
        ctx: &Context<'_>,
        range: Option<AnalyticsRange>,
        filter: Option<AnalyticsFilter>,
    ) -> async_graphql::Result<Vec<ModelCost>> {
        let r = Inputs::new(ctx, range, filter)?;
        let mut models = Model::ALL;
        models.sort_by_key(|m| m.id());
        Ok(models
            .into_iter()
            .filter_map(|model| {
                let agents = r.agents.on_model(&r.snap.dataset, model);
                let count = r.snap.agent_count(&agents);
                (count > 0).then(|| ModelCost { model, totals: r.snap.grid_totals(&agents, r.days()), agents: count })
            })
            .collect())
    }

    /// The agents that cost most, by total cost (highest first), then name.
    #[graphql(complexity = "crate::graphql::cost::top(first, 10, child_complexity)")]
    async fn cost_by_agent(
        &self,
        ctx: &Context<'_>,
        range: Option<AnalyticsRange>,
        filter: Option<AnalyticsFilter>,
        #[graphql(default = 10)] first: Option<i32>,
    ) -> async_graphql::Result<Vec<AgentCost>> {
        let first = checked_first(first.unwrap_or(10))?;
        let r = Inputs::new(ctx, range, filter)?;
        let totals = r.agent_totals();
        let total_cost: f64 = totals.iter().map(|(_, t)| t.cost).sum();
        let top =
            first_in_order(totals, first, |(a, x), (b, y)| y.cost.total_cmp(&x.cost).then_with(|| r.by_name(*a, *b)));
        Ok(top
            .into_iter()
            .map(|(row, totals)| AgentCost {
                snap: r.snap.clone(),
                row,
                totals,
                share: (total_cost > 0.0).then(|| totals.cost / total_cost),
            })
            .collect())
    }

    /// Distribution of the conversation records' response times over a range.
    async fn latency_percentiles(
        &self,
        ctx: &Context<'_>,
        range: Option<AnalyticsRange>,
        filter: Option<AnalyticsFilter>,
    ) -> async_graphql::Result<LatencyPercentiles> {
        let r = Inputs::new(ctx, range, filter)?;
        let sample = r.snap.latency_sample(&r.agents, r.days());
        let ms = |v: Option<u32>| v.map(f64::from);
        Ok(LatencyPercentiles {
            count: int(sample.count),
            min: ms(sample.min()),
            max: ms(sample.max()),
            mean: sample.mean(),
            p50: ms(sample.nearest_rank(50)),
            p90: ms(sample.nearest_rank(90)),
            p95: ms(sample.nearest_rank(95)),
            p99: ms(sample.nearest_rank(99)),
        })
    }

    /// Sentiment and resolution of the conversation records over a range.
    async fn sentiment_breakdown(
        &self,
        ctx: &Context<'_>,
        range: Option<AnalyticsRange>,
        filter: Option<AnalyticsFilter>,
    ) -> async_graphql::Result<SentimentBreakdown> {
        let r = Inputs::new(ctx, range, filter)?;
        let (from, to) = r.period.instants(TimeDelta::zero());
        let counts = r.snap.record_counts(&r.agents, from, to);
        Ok(SentimentBreakdown {
            total: int(counts.records),
            sentiments: data::Sentiment::ALL
                .into_iter()
                .map(|s| SentimentCount {
                    sentiment: s.into(),
                    count: int(counts.sentiment(s)),
                    share: share(counts.sentiment(s), counts.records),
                })
                .collect(),
            resolved: int(counts.resolved),
            resolution_rate: share(counts.resolved, counts.records),
        })
    }

    /// Agents ranked by a measure over a range (highest first unless
    /// `direction: ASC`), ties in agent name order.
    #[graphql(complexity = "crate::graphql::cost::top(first, 5, child_complexity)")]
    async fn top_agents(
        &self,
        ctx: &Context<'_>,
        by: TopAgentMeasure,
        range: Option<AnalyticsRange>,
        #[graphql(default = 5)] first: Option<i32>,
        #[graphql(default_with = "Some(OrderDirection::Desc)")] direction: Option<OrderDirection>,
        filter: Option<AnalyticsFilter>,
    ) -> async_graphql::Result<Vec<AgentRanking>> {
        let first = checked_first(first.unwrap_or(5))?;
        let direction = direction.unwrap_or(OrderDirection::Desc);
        let r = Inputs::new(ctx, range, filter)?;
        let values: Vec<(u32, f64)> =
            r.agent_totals().into_iter().filter_map(|(a, t)| by.of(&t).map(|v| (a, v))).collect();
        let top = first_in_order(values, first, |(a, x), (b, y)| {
            let by_value = if direction.descending() { y.total_cmp(x) } else { x.total_cmp(y) };
            by_value.then_with(|| r.by_name(*a, *b))
        });
        Ok(top
            .into_iter()
            .enumerate()
            .map(|(i, (row, value))| AgentRanking { snap: r.snap.clone(), rank: i + 1, row, value })
            .collect())
    }
}

/// Root field for analytics.
#[derive(Default)]
pub struct AnalyticsQuery;

/// Root field for analytics.
#[Object]
impl AnalyticsQuery {
    /// Dashboard analytics: KPIs, time series, cost breakdowns, latency,
    /// sentiment and rankings over a range of days.
    async fn analytics(&self) -> Analytics {
        Analytics
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window() -> Window {
        Window::new("2025-01-19T14:00:00Z".parse().unwrap(), 30)
    }

    fn date(s: &str) -> Option<Date> {
        Some(Date(s.parse().unwrap()))
    }

    fn range(from: Option<Date>, to: Option<Date>, last: Option<i32>) -> Option<AnalyticsRange> {
        Some(AnalyticsRange { from, to, last })
    }

    #[test]
    fn ranges_resolve_against_the_window() {
        let w = window();
        let whole = Period::resolve(None, &w).unwrap();
        assert_eq!(
            (whole.from.to_string(), whole.to().to_string(), whole.days),
            ("2024-12-20".into(), "2025-01-18".into(), 30)
        );
        let last7 = Period::resolve(range(None, None, Some(7)), &w).unwrap();
        assert_eq!((last7.from.to_string(), last7.days), ("2025-01-12".into(), 7));
        assert_eq!(last7.window_days(&w), 23..30);
        let prev = last7.previous().unwrap();
        assert_eq!((prev.from.to_string(), prev.to().to_string()), ("2025-01-05".into(), "2025-01-11".into()));
        let from_only = Period::resolve(range(date("2025-01-10"), None, None), &w).unwrap();
        assert_eq!(from_only.to().to_string(), "2025-01-18");
    }

    #[test]
    fn week_buckets_start_on_mondays_and_cover_the_range() {
        // 2025-01-01 is a Wednesday; 2025-01-31 a Friday.
        let period = Period { from: "2025-01-01".parse().unwrap(), days: 31 };
        let bounds = bucket_bounds(period, TimeBucket::Week, TimeDelta::zero()).unwrap();
        let dates: Vec<String> = bounds.iter().map(|b| b.date_naive().to_string()).collect();
        assert_eq!(dates, ["2025-01-01", "2025-01-06", "2025-01-13", "2025-01-20", "2025-01-27", "2025-02-01"]);
        // A range starting on a Monday has no cut first bucket.
        let monday = Period { from: "2025-01-06".parse().unwrap(), days: 7 };
        assert_eq!(bucket_bounds(monday, TimeBucket::Week, TimeDelta::zero()).unwrap().len(), 2);
    }

    #[test]
    fn bucket_counts_are_capped() {
        let period = Period { from: "2024-01-01".parse().unwrap(), days: 90 };
        assert!(bucket_bounds(period, TimeBucket::Hour, TimeDelta::zero()).is_err());
        assert_eq!(bucket_bounds(period, TimeBucket::Day, TimeDelta::zero()).unwrap().len(), 91);
    }

    #[test]
    fn first_in_order_keeps_the_first_items_sorted() {
        let items = vec![5, 1, 4, 2, 3, 9, 0];
        assert_eq!(first_in_order(items.clone(), 3, |a, b| b.cmp(a)), [9, 5, 4]);
        assert_eq!(first_in_order(items, 10, |a, b| a.cmp(b)), [0, 1, 2, 3, 4, 5, 9]);
    }
}
