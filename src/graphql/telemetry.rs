//! The telemetry objects every screen reads: a summary of some agents over
//! some days (counts, rates, errors by type, sentiment, latency and duration
//! distributions, tokens and cost), the measures lists and rankings order
//! by, and the time buckets of a series. Built from the store's exact sums
//! ([`crate::store::Totals`], [`crate::store::Telemetry`]).

use std::sync::Arc;

use async_graphql::{Enum, ID, InputObject, Object, SimpleObject};

use super::TypeReads;
use super::analytics::ANALYTICS_READS;
use super::enums::{Channel, Complexity, ErrorType, OrderDirection, Sentiment};
use super::scalars::DateTime;
use crate::data::histogram::Merged;
use crate::data::{self, shown_ms, shown_rate};
use crate::store::hours::Hours;
use crate::store::mix::GroupTotals;
use crate::store::{AgentSet, Snapshot, Telemetry, Totals};

/// What the telemetry values' fields read ([`super::TypeReads`]): they
/// are computed from the analytics' parts.
pub const READS: &[TypeReads] = &[
    TypeReads::all("TelemetrySummary", ANALYTICS_READS),
    TypeReads::all("TelemetryBucket", ANALYTICS_READS),
    TypeReads::all("LatencyDistribution", ANALYTICS_READS),
    TypeReads::all("HistogramBin", ANALYTICS_READS),
    TypeReads::all("SentimentSummary", ANALYTICS_READS),
    TypeReads::all("SentimentCount", ANALYTICS_READS),
    TypeReads::all("ErrorCount", ANALYTICS_READS),
    TypeReads::all("TrafficGroup", ANALYTICS_READS),
];

/// A count as a GraphQL Int (saturating at 2³¹ − 1).
pub fn int(n: u64) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn rate(x: Option<f64>) -> Option<f64> {
    x.map(shown_rate)
}

/// What some agents did over some days: exact sums of their daily
/// telemetry, with the rates and distributions that follow from them.
#[derive(Clone)]
pub struct TelemetrySummary {
    /// What it is: its agents and span ([`super::ids::aggregate`]).
    pub id: Arc<str>,
    pub telemetry: Arc<Telemetry>,
    /// What it covers, for the figures computed only when asked for
    /// (`byChannel`, `byComplexity`).
    pub covers: Arc<Covers>,
}

/// The agents and span a summary covers.
pub struct Covers {
    pub snap: Arc<Snapshot>,
    pub agents: AgentSet,
    pub span: Hours,
}

impl Covers {
    pub fn new(snap: Arc<Snapshot>, agents: AgentSet, span: Hours) -> Arc<Covers> {
        Arc::new(Covers { snap, agents, span })
    }
}

impl TelemetrySummary {
    pub fn new(id: String, t: Telemetry, covers: Arc<Covers>) -> Self {
        TelemetrySummary { id: id.into(), telemetry: Arc::new(t), covers }
    }

    fn groups(&self, by_channel: bool) -> Vec<TrafficGroup> {
        let c = &self.covers;
        let mix = c.snap.mix_in(&c.agents, c.span);
        let whole = self.totals().conversations;
        let group = |key: GroupKey, totals: GroupTotals| TrafficGroup {
            id: super::ids::part(&self.id, &key.id()),
            key,
            totals: totals.into(),
            whole,
        };
        match by_channel {
            true => {
                data::Channel::ALL.into_iter().zip(mix.channels).map(|(k, t)| group(GroupKey::Channel(k), t)).collect()
            }
            false => data::kinds::Complexity::ALL
                .into_iter()
                .zip(mix.complexities)
                .map(|(k, t)| group(GroupKey::Complexity(k), t))
                .collect(),
        }
    }

    fn totals(&self) -> &Totals {
        &self.telemetry.totals
    }
}

/// What some agents did over some days: exact sums of their daily
/// telemetry, with the rates and distributions that follow from them.
#[Object]
impl TelemetrySummary {
    /// What the summary covers, as an id: its agents and its span of time
    /// (the same figures always have the same id, for client caches).
    async fn id(&self) -> ID {
        ID(self.id.to_string())
    }

    /// Conversations.
    async fn total_conversations(&self) -> i32 {
        int(self.totals().conversations)
    }

    /// Conversations that completed without an error.
    async fn succeeded(&self) -> i32 {
        int(self.totals().succeeded)
    }

    /// Conversations that ended on an error (the sum of `errors`).
    async fn failed(&self) -> i32 {
        int(self.totals().failed())
    }

    /// `succeeded / totalConversations` (4 decimals); null without traffic.
    async fn success_rate(&self) -> Option<f64> {
        rate(self.totals().success_rate())
    }

    /// `failed / totalConversations` (4 decimals); null without traffic.
    async fn error_rate(&self) -> Option<f64> {
        rate(self.totals().error_rate())
    }

    /// Failures by error type: all six, in a fixed order.
    async fn errors(&self) -> Vec<ErrorCount> {
        error_counts(&self.id, self.totals())
    }

    /// Conversations resolved without a human.
    async fn resolved(&self) -> i32 {
        int(self.totals().resolved)
    }

    /// `resolved / totalConversations` (4 decimals); null without traffic.
    async fn resolution_rate(&self) -> Option<f64> {
        rate(self.totals().resolution_rate())
    }

    /// How the end users felt.
    async fn sentiment(&self) -> SentimentSummary {
        SentimentSummary::of(&self.id, self.totals())
    }

    /// Messages of both sides.
    async fn total_messages(&self) -> i32 {
        int(self.totals().messages)
    }

    /// Messages per conversation; null without traffic.
    async fn messages_per_conversation(&self) -> Option<f64> {
        self.totals().messages_per_conversation().map(|m| data::rng::round_to(m, 2))
    }

    /// Turns (user messages) per conversation; null without traffic.
    async fn turns_per_conversation(&self) -> Option<f64> {
        let t = self.totals();
        let user_messages = t.messages - t.replies;
        (t.conversations > 0).then(|| data::rng::round_to(user_messages as f64 / t.conversations as f64, 2))
    }

    /// Mean reply latency, ms (one decimal); null without traffic.
    async fn avg_response_time(&self) -> Option<f64> {
        self.totals().avg_response_time().map(shown_ms)
    }

    /// Reply latencies: percentiles from the merged distribution.
    async fn latency(&self) -> LatencyDistribution {
        LatencyDistribution::of(
            &self.id,
            Distributed::Latency,
            &self.telemetry.latency,
            self.totals().avg_response_time(),
        )
    }

    /// Conversation durations: percentiles from the merged distribution.
    async fn duration(&self) -> LatencyDistribution {
        LatencyDistribution::of(
            &self.id,
            Distributed::Duration,
            &self.telemetry.durations,
            self.totals().avg_duration_ms(),
        )
    }

    /// Input (prompt) tokens.
    async fn input_tokens(&self) -> f64 {
        self.totals().input_tokens as f64
    }

    /// Output (completion) tokens.
    async fn output_tokens(&self) -> f64 {
        self.totals().output_tokens as f64
    }

    /// Input plus output tokens.
    async fn total_tokens(&self) -> f64 {
        (self.totals().input_tokens + self.totals().output_tokens) as f64
    }

    /// USD, summed over the cost records (exact to the micro-dollar).
    async fn total_cost(&self) -> f64 {
        self.totals().cost()
    }

    /// USD per conversation (to the micro-dollar); null without traffic.
    async fn cost_per_conversation(&self) -> Option<f64> {
        self.totals().cost_per_conversation().map(|c| data::rng::round_to(c, 6))
    }

    /// Tool calls behind the replies (retries included): the spans of kind
    /// `TOOL` the telemetry counted.
    async fn tool_calls(&self) -> i32 {
        int(self.totals().tool_calls)
    }

    /// Tool calls that failed: retried ones, and those that failed a
    /// conversation (`errors` of type `TOOL_ERROR`).
    async fn tool_errors(&self) -> i32 {
        int(self.totals().tool_errors)
    }

    /// `toolErrors / toolCalls` (4 decimals); null without tool calls.
    async fn tool_error_rate(&self) -> Option<f64> {
        rate(self.totals().tool_error_rate())
    }

    /// Replies the end users rated, thumbs up or down.
    async fn rated_replies(&self) -> i32 {
        int(self.totals().rated)
    }

    /// Replies rated thumbs up.
    async fn thumbs_up(&self) -> i32 {
        int(self.totals().thumbs_up())
    }

    /// Replies rated thumbs down.
    async fn thumbs_down(&self) -> i32 {
        int(self.totals().thumbs_down)
    }

    /// `ratedReplies / replies` (4 decimals): how often end users rate a
    /// reply; null without replies.
    async fn feedback_rate(&self) -> Option<f64> {
        rate(self.totals().rated_share())
    }

    /// `thumbsUp / ratedReplies` (4 decimals); null without ratings.
    async fn thumbs_up_rate(&self) -> Option<f64> {
        rate(self.totals().positive_share())
    }

    /// The same conversations by channel: every channel, in a fixed order,
    /// adding up to this summary's conversations, failures, resolutions,
    /// tokens and cost (to the micro-dollar). Counted over every
    /// conversation of the telemetry, not the sampled records.
    async fn by_channel(&self) -> Vec<TrafficGroup> {
        self.groups(true)
    }

    /// The same conversations by complexity (SIMPLE, MODERATE, COMPLEX),
    /// adding up likewise.
    async fn by_complexity(&self) -> Vec<TrafficGroup> {
        self.groups(false)
    }
}

#[derive(Clone, Copy)]
enum GroupKey {
    Channel(data::Channel),
    Complexity(data::kinds::Complexity),
}

impl GroupKey {
    fn id(self) -> String {
        match self {
            GroupKey::Channel(c) => format!("channel:{}", c.as_str()),
            GroupKey::Complexity(c) => format!("complexity:{}", super::ids::enum_name(Complexity::from(c))),
        }
    }
}

/// One channel's or one complexity's part of a summary: its
/// conversations, failures, resolutions, tokens and cost. A group's cost
/// is its day's cost shared by what its tokens cost at the day's model.
pub struct TrafficGroup {
    id: String,
    key: GroupKey,
    /// The group's counts, tokens and cost (nothing else is kept per group).
    totals: Totals,
    /// The summary's conversations, for `share`.
    whole: u64,
}

/// One channel's or one complexity's part of a summary: its
/// conversations, failures, resolutions, tokens and cost.
#[Object]
impl TrafficGroup {
    /// The summary's id and the group.
    async fn id(&self) -> ID {
        ID(self.id.clone())
    }

    /// The channel (`byChannel` rows).
    async fn channel(&self) -> Option<Channel> {
        match self.key {
            GroupKey::Channel(c) => Some(c.into()),
            GroupKey::Complexity(_) => None,
        }
    }

    /// The complexity (`byComplexity` rows).
    async fn complexity(&self) -> Option<Complexity> {
        match self.key {
            GroupKey::Complexity(c) => Some(c.into()),
            GroupKey::Channel(_) => None,
        }
    }

    /// Conversations.
    async fn total_conversations(&self) -> i32 {
        int(self.totals.conversations)
    }

    /// Part of the summary's conversations (4 decimals; the groups' shares
    /// add up to 1); null without traffic.
    async fn share(&self) -> Option<f64> {
        rate((self.whole > 0).then(|| self.totals.conversations as f64 / self.whole as f64))
    }

    /// Conversations that ended on an error.
    async fn failed(&self) -> i32 {
        int(self.totals.failed())
    }

    /// `1 - failed / totalConversations` (4 decimals); null without traffic.
    async fn success_rate(&self) -> Option<f64> {
        rate(self.totals.success_rate())
    }

    /// `failed / totalConversations` (4 decimals); null without traffic.
    async fn error_rate(&self) -> Option<f64> {
        rate(self.totals.error_rate())
    }

    /// Conversations resolved without a human.
    async fn resolved(&self) -> i32 {
        int(self.totals.resolved)
    }

    /// `resolved / totalConversations` (4 decimals); null without traffic.
    async fn resolution_rate(&self) -> Option<f64> {
        rate(self.totals.resolution_rate())
    }

    /// Input (prompt) tokens.
    async fn input_tokens(&self) -> f64 {
        self.totals.input_tokens as f64
    }

    /// Output (completion) tokens.
    async fn output_tokens(&self) -> f64 {
        self.totals.output_tokens as f64
    }

    /// Input plus output tokens.
    async fn total_tokens(&self) -> f64 {
        (self.totals.input_tokens + self.totals.output_tokens) as f64
    }

    /// USD (exact to the micro-dollar).
    async fn total_cost(&self) -> f64 {
        self.totals.cost()
    }

    /// USD per conversation (to the micro-dollar); null without traffic.
    async fn cost_per_conversation(&self) -> Option<f64> {
        self.totals.cost_per_conversation().map(|c| data::rng::round_to(c, 6))
    }
}

/// Failures of one error type.
#[derive(SimpleObject)]
pub struct ErrorCount {
    /// What it counts: its owner's id (a summary, KPIs or a daily metric)
    /// and the error type.
    pub id: ID,
    /// The error type.
    pub error_type: ErrorType,
    /// Conversations that failed with it.
    pub count: i32,
    /// `count / failed` (4 decimals); null without failures.
    pub share: Option<f64>,
}

/// Failures by type, all six in [`data::ErrorType::ALL`] order, as parts
/// of the object with id `owner`.
pub fn error_counts(owner: &str, t: &Totals) -> Vec<ErrorCount> {
    let failed = t.failed();
    data::ErrorType::ALL
        .into_iter()
        .map(|e| ErrorCount {
            id: ID(super::ids::part(owner, super::ids::enum_name(ErrorType::from(e)))),
            error_type: e.into(),
            count: int(t.error_count(e)),
            share: (failed > 0).then(|| shown_rate(t.error_count(e) as f64 / failed as f64)),
        })
        .collect()
}

/// Sentiment counts and shares.
#[derive(SimpleObject)]
pub struct SentimentSummary {
    /// What it counts: the id of the summary, KPIs or daily metric it
    /// belongs to, or of the agents and span it covers.
    pub id: ID,
    /// Conversations counted.
    pub total: i32,
    /// POSITIVE conversations.
    pub positive: i32,
    /// NEUTRAL conversations.
    pub neutral: i32,
    /// NEGATIVE conversations.
    pub negative: i32,
    /// `positive / total` (4 decimals); null without traffic.
    pub positive_share: Option<f64>,
    /// `neutral / total`; null without traffic.
    pub neutral_share: Option<f64>,
    /// `negative / total`; null without traffic.
    pub negative_share: Option<f64>,
    /// Mean score, positive +1, neutral 0, negative −1 (4 decimals); null without traffic.
    pub mean_score: Option<f64>,
    /// Counts per sentiment: POSITIVE, NEUTRAL, NEGATIVE (always all three).
    pub sentiments: Vec<SentimentCount>,
}

/// How many conversations had one sentiment.
#[derive(SimpleObject)]
pub struct SentimentCount {
    /// Its sentiment summary's id and the sentiment.
    pub id: ID,
    /// The sentiment.
    pub sentiment: Sentiment,
    /// Conversations with it.
    pub count: i32,
    /// `count / total` (4 decimals); null without traffic.
    pub share: Option<f64>,
}

impl SentimentSummary {
    /// The sentiment of `t`, for the object with id `owner`.
    pub fn of(owner: &str, t: &Totals) -> Self {
        let count = |s: data::Sentiment| int(t.sentiment_count(s));
        let share = |s: data::Sentiment| rate(t.sentiment_share(s));
        let name = |s: data::Sentiment| super::ids::enum_name(Sentiment::from(s));
        SentimentSummary {
            id: ID(owner.to_string()),
            total: int(t.conversations),
            positive: count(data::Sentiment::Positive),
            neutral: count(data::Sentiment::Neutral),
            negative: count(data::Sentiment::Negative),
            positive_share: share(data::Sentiment::Positive),
            neutral_share: share(data::Sentiment::Neutral),
            negative_share: share(data::Sentiment::Negative),
            mean_score: rate(t.sentiment_score()),
            sentiments: data::Sentiment::ALL
                .into_iter()
                .map(|s| SentimentCount {
                    id: ID(super::ids::part(owner, name(s))),
                    sentiment: s.into(),
                    count: count(s),
                    share: share(s),
                })
                .collect(),
        }
    }
}

/// A distribution of milliseconds (reply latencies or conversation
/// durations). Percentiles are nearest-rank over the merged histogram of the
/// rows, placed inside their bucket: each is within `resolution` (relative)
/// of the exact nearest-rank value. Everything but `count` and `resolution`
/// is null without values.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct LatencyDistribution {
    /// Values counted (replies, or conversations).
    pub count: i32,
    /// Exact mean of the values (one decimal).
    pub mean: Option<f64>,
    /// Smallest value.
    pub min: Option<f64>,
    /// Median.
    pub p50: Option<f64>,
    /// 75th percentile.
    pub p75: Option<f64>,
    /// 90th percentile.
    pub p90: Option<f64>,
    /// 95th percentile.
    pub p95: Option<f64>,
    /// 99th percentile.
    pub p99: Option<f64>,
    /// Largest value.
    pub max: Option<f64>,
    /// Largest relative error of a percentile (one histogram bucket).
    pub resolution: f64,
    #[graphql(skip)]
    merged: std::sync::Arc<Merged>,
    /// What the values are, as a part of the id of what they belong to
    /// (`<owner>/latency`): the root of the bins' ids.
    #[graphql(skip)]
    key: String,
}

/// What a distribution holds: reply latencies or conversation durations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Distributed {
    Latency,
    Duration,
}

/// One bin of a distribution's histogram: the values in `[lower, upper)`.
#[derive(SimpleObject)]
pub struct HistogramBin {
    /// What the bin is: the distribution's owner (a summary, KPIs, a daily
    /// metric), what it distributes, the number of bins and the bin's place
    /// among them (`<owner>/latency/bins:20/3`).
    pub id: ID,
    /// Smallest value the bin holds (ms).
    pub lower: f64,
    /// First value after the bin (ms).
    pub upper: f64,
    /// Values in the bin.
    pub count: i32,
}

/// Most bins a histogram is drawn in.
const MAX_BINS: i32 = 100;

#[async_graphql::ComplexObject]
impl LatencyDistribution {
    /// The distribution as a histogram of `bins` bins (1 to 100), spaced
    /// evenly on a log scale from the smallest value's bucket to the
    /// largest's; the counts add up to `count`. Empty without values.
    async fn histogram(&self, #[graphql(default = 20)] bins: i32) -> async_graphql::Result<Vec<HistogramBin>> {
        if !(1..=MAX_BINS).contains(&bins) {
            return Err(crate::error::ApiError::bad_input(format!(
                "`bins` must be between 1 and {MAX_BINS}, got {bins}"
            ))
            .into());
        }
        let merged = &self.merged;
        let used: Vec<usize> = (0..merged.counts.len()).filter(|&b| merged.counts[b] > 0).collect();
        let (Some(&first), Some(&last)) = (used.first(), used.last()) else { return Ok(Vec::new()) };
        let span = last - first + 1;
        let bins = (bins as usize).min(span);
        Ok((0..bins)
            .map(|i| {
                let (from, to) = (first + span * i / bins, first + span * (i + 1) / bins);
                HistogramBin {
                    id: ID(format!("{}/bins:{bins}/{i}", self.key)),
                    lower: shown_ms(merged.scale.lower(from as u32)),
                    upper: shown_ms(merged.scale.upper(to as u32 - 1)),
                    count: int(merged.counts[from..to].iter().sum()),
                }
            })
            .collect())
    }
}

impl LatencyDistribution {
    /// The distribution `merged` (with mean `mean`) of what `distributed`
    /// names, belonging to the object with id `owner`.
    pub fn of(owner: &str, distributed: Distributed, merged: &Merged, mean: Option<f64>) -> Self {
        let q = |p: f64| merged.quantile(p).map(shown_ms);
        let what = match distributed {
            Distributed::Latency => "latency",
            Distributed::Duration => "duration",
        };
        LatencyDistribution {
            key: super::ids::part(owner, what),
            merged: std::sync::Arc::new(merged.clone()),
            count: int(merged.total),
            mean: mean.map(shown_ms),
            min: q(0.0),
            p50: q(0.5),
            p75: q(0.75),
            p90: q(0.9),
            p95: q(0.95),
            p99: q(0.99),
            max: q(1.0),
            resolution: data::rng::round_to(merged.scale.resolution(), 4),
        }
    }
}

// The store's `Measure` (which holds what each one means) as the API
// spells it: one enum, mirrored variant for variant.
/// Measures lists, rankings and breakdowns order by (over the chosen range).
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[graphql(remote = "crate::store::query::Measure")]
pub enum TelemetryMeasure {
    /// Conversations.
    Conversations,
    /// Failed conversations.
    Failed,
    /// Success rate; rows without traffic last.
    SuccessRate,
    /// Error rate; rows without traffic last.
    ErrorRate,
    /// USD.
    Cost,
    /// Input plus output tokens.
    Tokens,
    /// Mean reply latency; rows without traffic last.
    AvgResponseTime,
    /// 95th-percentile reply latency; rows without traffic last.
    P95Latency,
    /// Mean sentiment score; rows without traffic last.
    Sentiment,
    /// Resolution rate; rows without traffic last.
    ResolutionRate,
    /// Mean conversation duration; rows without traffic last.
    AvgDuration,
}

/// How to order by a telemetry measure.
#[derive(InputObject, Clone, Copy, Debug)]
pub struct TelemetryOrder {
    /// The measure.
    pub measure: TelemetryMeasure,
    /// Omitted: highest first, as every measure (see `OrderDirection`).
    pub direction: Option<OrderDirection>,
}

impl TelemetryOrder {
    /// The order asked for, or `default` (highest first).
    pub fn or(order: Option<TelemetryOrder>, default: TelemetryMeasure) -> (TelemetryMeasure, OrderDirection) {
        let order = order.unwrap_or(TelemetryOrder { measure: default, direction: None });
        (order.measure, order.direction.unwrap_or(OrderDirection::Desc))
    }
}

/// Width of a time bucket.
#[derive(Enum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TimeBucket {
    /// One hour, with its full summary: each day's telemetry split across
    /// its hours (see `TelemetryBucket.summary`).
    Hour,
    /// One UTC day.
    #[default]
    Day,
    /// Monday 00:00 to the next Monday 00:00 UTC; the first and last buckets
    /// are cut to the range.
    Week,
}

/// One bucket of a telemetry series, `[start, end)`. Buckets that start at
/// or after the anchor are absent; the one holding the anchor, and a week the range cuts, are `partial`.
pub struct TelemetryBucket {
    /// Its agents and span ([`super::ids::aggregate`]).
    pub id: String,
    pub start: chrono::DateTime<chrono::Utc>,
    pub end: chrono::DateTime<chrono::Utc>,
    pub partial: bool,
    pub conversations: u64,
    pub failed: u64,
    /// The bucket's full summary.
    pub summary: Option<TelemetrySummary>,
}

/// One bucket of a telemetry series, `[start, end)`. Buckets that start at
/// or after the anchor are absent; the one holding the anchor, and a week the range cuts, are `partial`.
#[Object]
impl TelemetryBucket {
    /// What the bucket covers, as an id: its agents and its span (the same
    /// bucket of another series of the same agents has the same id).
    async fn id(&self) -> ID {
        ID(self.id.clone())
    }

    /// First instant of the bucket.
    async fn start(&self) -> DateTime {
        DateTime(self.start)
    }

    /// First instant after the bucket.
    async fn end(&self) -> DateTime {
        DateTime(self.end)
    }

    /// Whether the bucket is cut: it holds the anchor (traffic only up to
    /// it), or it is a WEEK the range cuts (a first or last week with days
    /// outside the range). A cut bucket reads low beside a whole one.
    async fn partial(&self) -> bool {
        self.partial
    }

    /// Conversations started in the bucket.
    async fn total_conversations(&self) -> i32 {
        int(self.conversations)
    }

    /// Conversations that completed.
    async fn succeeded(&self) -> i32 {
        int(self.conversations - self.failed)
    }

    /// Conversations that ended on an error.
    async fn failed(&self) -> i32 {
        int(self.failed)
    }

    /// `succeeded / totalConversations` (4 decimals); null without traffic.
    async fn success_rate(&self) -> Option<f64> {
        (self.conversations > 0)
            .then(|| shown_rate((self.conversations - self.failed) as f64 / self.conversations as f64))
    }

    /// `failed / totalConversations` (4 decimals); null without traffic.
    async fn error_rate(&self) -> Option<f64> {
        (self.conversations > 0).then(|| shown_rate(self.failed as f64 / self.conversations as f64))
    }

    /// Everything else of the bucket (tokens, cost, latency, sentiment,
    /// errors by type, durations). An HOUR bucket's is its days' rows split
    /// by their hourly conversations, in whole units: a day's hours add up
    /// to the day exactly.
    async fn summary(&self) -> Option<&TelemetrySummary> {
        self.summary.as_ref()
    }
}
