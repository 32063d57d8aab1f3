//! `DailyMetric` and `CostRecord`: one row per agent per window day; the
//! `dailyMetrics` and `costRecords` queries.

use std::sync::Arc;

use async_graphql::{Context, Enum, ID, InputObject, Object};

use super::TypeReads;
use super::agent::Agent;
use super::connection::{PageArgs, connection};
use super::context::ContextExt;
use super::enums::{OrderDirection, OrderField, OrderKey, agent_history_rows, model_set};
use super::flat::FlatPage;
use super::loaders::AgentKey;
use super::model::ModelInfo;
use super::range::DateRange;
use super::scalars::Date;
use super::telemetry::{
    Distributed, ErrorCount, LatencyDistribution, SentimentSummary, TelemetryMeasure, error_counts,
};
use super::text::text_fields;
use crate::data::histogram::{DURATION_MS, LATENCY_MS, Merged};
use crate::data::{self};
use crate::error::ApiError;
use crate::error::ApiResult;
use crate::store::Parts;
use crate::store::Totals;
use crate::store::query::{GridList, GridSort, grid_page};
use crate::store::{EntityRef, Snapshot};

/// What the daily rows' fields read ([`super::TypeReads`]): the rows move
/// with the clock (`LIVE`); their agent reads `AGENTS`.
pub const READS: &[TypeReads] = &[
    TypeReads::each("Query", &[(Parts::LIVE, &["dailyMetrics", "costRecords"])]),
    TypeReads::each(
        "DailyMetric",
        &[
            (
                Parts::LIVE,
                &[
                    "id",
                    "agentId",
                    "date",
                    "partial",
                    "conversations",
                    "succeeded",
                    "failed",
                    "successRate",
                    "errorRate",
                    "errors",
                    "resolved",
                    "messages",
                    "replies",
                    "avgResponseTime",
                    "latency",
                    "duration",
                    "sentiment",
                    "totalTokensInput",
                    "totalTokensOutput",
                    "hourly",
                    "hourlyFailed",
                    "toolCalls",
                    "toolErrors",
                    "ratedReplies",
                    "thumbsDown",
                    "costRecord",
                ],
            ),
            (Parts::AGENTS, &["agent"]),
        ],
    ),
    TypeReads::each(
        "CostRecord",
        &[
            (
                Parts::LIVE,
                &[
                    "id",
                    "agentId",
                    "date",
                    "model",
                    "modelInfo",
                    "inputTokens",
                    "outputTokens",
                    "totalCost",
                    "dailyMetric",
                ],
            ),
            (Parts::AGENTS, &["agent"]),
        ],
    ),
    TypeReads::all("DailyMetricConnection", Parts::NONE),
    TypeReads::all("DailyMetricEdge", Parts::NONE),
    TypeReads::all("CostRecordConnection", Parts::NONE),
    TypeReads::all("CostRecordEdge", Parts::NONE),
];

/// One agent's aggregate telemetry for one UTC day.
#[derive(Clone)]
pub struct DailyMetric {
    snap: Arc<Snapshot>,
    row: u32,
}

/// What one agent's traffic cost on one UTC day.
#[derive(Clone)]
pub struct CostRecord {
    snap: Arc<Snapshot>,
    row: u32,
}

impl DailyMetric {
    pub fn from_row(snap: Arc<Snapshot>, row: u32) -> Self {
        DailyMetric { snap, row }
    }

    fn record(&self) -> &data::DailyMetric {
        &self.snap.dataset.daily_metrics[self.row as usize]
    }

    fn totals(&self) -> Totals {
        Totals::of_row(self.record(), &self.snap.dataset.cost_records[self.row as usize])
    }
}

impl CostRecord {
    pub fn from_row(snap: Arc<Snapshot>, row: u32) -> Self {
        CostRecord { snap, row }
    }

    fn record(&self) -> &data::CostRecord {
        &self.snap.dataset.cost_records[self.row as usize]
    }
}

pub fn daily_metric_row(entity: EntityRef) -> Option<u32> {
    match entity {
        EntityRef::DailyMetric(r) => Some(r),
        _ => None,
    }
}

pub fn cost_record_row(entity: EntityRef) -> Option<u32> {
    match entity {
        EntityRef::CostRecord(r) => Some(r),
        _ => None,
    }
}

async fn load_agent(ctx: &Context<'_>, snap: &Arc<Snapshot>, row: u32) -> async_graphql::Result<Agent> {
    let row = ctx.loader(snap)?.load_one(AgentKey(row)).await?;
    let row = row.ok_or_else(|| ApiError::Internal("record's agent missing".into()))?;
    Ok(Agent::from_row(snap.clone(), row))
}

/// One agent's aggregate telemetry for one UTC day.
#[Object]
impl DailyMetric {
    /// Unique id (UUID); also its global `Node` id.
    pub async fn id(&self) -> ID {
        ID(super::ids::uuid_text(self.record().id))
    }

    /// Id of the agent.
    async fn agent_id(&self) -> ID {
        ID(super::ids::uuid_text(self.snap.dataset.agents[self.record().agent as usize].id))
    }

    /// The agent.
    async fn agent(&self, ctx: &Context<'_>) -> async_graphql::Result<Agent> {
        load_agent(ctx, &self.snap, self.record().agent).await
    }

    /// The UTC day.
    async fn date(&self) -> Date {
        Date(self.record().date)
    }

    /// Whether this is the anchor's day, so holds traffic only up to the anchor.
    async fn partial(&self) -> bool {
        self.snap.dataset.window.day_of(self.record().date) == Some(self.snap.dataset.window.last_day())
    }

    /// Conversations the agent handled that day (10-100 on a whole active
    /// day, pro rata on a partial one, 0 otherwise).
    async fn conversations(&self) -> i32 {
        self.record().conversations as i32
    }

    /// Conversations that completed without an error.
    async fn succeeded(&self) -> i32 {
        self.record().succeeded as i32
    }

    /// Conversations that ended on an error (the sum of `errors`).
    async fn failed(&self) -> i32 {
        self.record().failed() as i32
    }

    /// Mean reply latency in milliseconds (`Σ latency / replies`, one
    /// decimal); null on a day without traffic.
    async fn avg_response_time(&self) -> Option<f64> {
        self.record().avg_response_time().map(crate::data::shown_ms)
    }

    /// `succeeded / conversations` (0..1, 4 decimals); null on a day without traffic.
    async fn success_rate(&self) -> Option<f64> {
        self.record().success_rate().map(crate::data::shown_rate)
    }

    /// `failed / conversations` (4 decimals); null on a day without traffic.
    async fn error_rate(&self) -> Option<f64> {
        let m = self.record();
        (m.conversations > 0).then(|| crate::data::shown_rate(m.failed() as f64 / m.conversations as f64))
    }

    /// Failures by error type: all six, in a fixed order.
    async fn errors(&self) -> Vec<ErrorCount> {
        error_counts(&self.record().id.to_string(), &self.totals())
    }

    /// Sentiment counts and shares.
    async fn sentiment(&self) -> SentimentSummary {
        SentimentSummary::of(&self.record().id.to_string(), &self.totals())
    }

    /// Conversations resolved without a human.
    async fn resolved(&self) -> i32 {
        self.record().resolved as i32
    }

    /// Messages of both sides.
    async fn messages(&self) -> i32 {
        self.record().messages as i32
    }

    /// Agent replies: the model responses `latency` counts.
    async fn replies(&self) -> i32 {
        self.record().replies as i32
    }

    /// Reply latencies: percentiles from the day's histogram.
    async fn latency(&self) -> LatencyDistribution {
        let mut merged = Merged::new(LATENCY_MS);
        merged.add(&self.record().latency);
        LatencyDistribution::of(
            &self.record().id.to_string(),
            Distributed::Latency,
            &merged,
            self.record().avg_response_time(),
        )
    }

    /// Conversation durations: percentiles from the day's histogram.
    async fn duration(&self) -> LatencyDistribution {
        let m = self.record();
        let mut merged = Merged::new(DURATION_MS);
        merged.add(&m.durations);
        let mean = (m.conversations > 0).then(|| m.duration_sum_ms as f64 / m.conversations as f64);
        LatencyDistribution::of(&m.id.to_string(), Distributed::Duration, &merged, mean)
    }

    /// Conversations started in each UTC hour, 0 to 23 (they sum to `conversations`).
    async fn hourly(&self) -> Vec<i32> {
        self.record().hourly.iter().map(|&c| c as i32).collect()
    }

    /// Failed conversations started in each UTC hour.
    async fn hourly_failed(&self) -> Vec<i32> {
        self.record().hourly_failed.iter().map(|&c| c as i32).collect()
    }

    /// Input tokens sent to the model that day (the seed's name for
    /// `inputTokens`).
    async fn total_tokens_input(&self) -> f64 {
        self.record().total_tokens_input as f64
    }

    /// Output tokens the model produced that day, about 1.5x the input
    /// (the seed's name for `outputTokens`).
    async fn total_tokens_output(&self) -> f64 {
        self.record().total_tokens_output as f64
    }

    /// Tool calls behind the day's replies (retries included).
    async fn tool_calls(&self) -> i32 {
        self.record().traces.tool_calls as i32
    }

    /// Tool calls that failed (retried, or failing a conversation).
    async fn tool_errors(&self) -> i32 {
        self.record().traces.tool_errors as i32
    }

    /// Replies the end users rated, thumbs up or down.
    async fn rated_replies(&self) -> i32 {
        self.record().traces.rated as i32
    }

    /// Replies rated thumbs down.
    async fn thumbs_down(&self) -> i32 {
        self.record().traces.thumbs_down as i32
    }

    /// The cost record of the same agent and day (same tokens).
    async fn cost_record(&self) -> CostRecord {
        CostRecord::from_row(self.snap.clone(), self.row)
    }
}

/// What one agent's traffic cost on one UTC day.
#[Object]
impl CostRecord {
    /// Unique id (UUID); also its global `Node` id.
    pub async fn id(&self) -> ID {
        ID(super::ids::uuid_text(self.record().id))
    }

    /// Id of the agent.
    async fn agent_id(&self) -> ID {
        ID(super::ids::uuid_text(self.snap.dataset.agents[self.record().agent as usize].id))
    }

    /// The agent.
    async fn agent(&self, ctx: &Context<'_>) -> async_graphql::Result<Agent> {
        load_agent(ctx, &self.snap, self.record().agent).await
    }

    /// The UTC day.
    async fn date(&self) -> Date {
        Date(self.record().date)
    }

    /// Input tokens billed (equal to the daily metric's `totalTokensInput`).
    async fn input_tokens(&self) -> f64 {
        self.record().input_tokens as f64
    }

    /// Output tokens billed (equal to the daily metric's `totalTokensOutput`).
    async fn output_tokens(&self) -> f64 {
        self.record().output_tokens as f64
    }

    /// USD: `inputTokens/1000 × inputPrice + outputTokens/1000 × outputPrice`.
    async fn total_cost(&self) -> f64 {
        crate::data::catalogue::usd(self.record().cost_micros)
    }

    /// The provider's model id the tokens were billed at.
    async fn model(&self) -> &'static str {
        self.record().model.id()
    }

    /// The model with its prices.
    async fn model_info(&self) -> ModelInfo {
        ModelInfo(self.record().model)
    }

    /// The daily metric of the same agent and day.
    async fn daily_metric(&self) -> DailyMetric {
        DailyMetric::from_row(self.snap.clone(), self.row)
    }
}

connection!(DailyMetric, DailyMetricConnection, DailyMetricEdge, "daily metrics", daily_metrics);
connection!(CostRecord, CostRecordConnection, CostRecordEdge, "cost records", cost_records);

text_fields!(DailyMetric {
    "id" => id,
    "agentId" => agent_id,
    "date" => date,
    "partial" => partial,
    "conversations" => conversations,
    "succeeded" => succeeded,
    "failed" => failed,
    "avgResponseTime" => avg_response_time,
    "successRate" => success_rate,
    "errorRate" => error_rate,
    "resolved" => resolved,
    "messages" => messages,
    "replies" => replies,
    "hourly" => hourly,
    "hourlyFailed" => hourly_failed,
    "totalTokensInput" => total_tokens_input,
    "totalTokensOutput" => total_tokens_output,
    "toolCalls" => tool_calls,
    "toolErrors" => tool_errors,
    "ratedReplies" => rated_replies,
    "thumbsDown" => thumbs_down,
});

text_fields!(CostRecord {
    "id" => id,
    "agentId" => agent_id,
    "date" => date,
    "inputTokens" => input_tokens,
    "outputTokens" => output_tokens,
    "totalCost" => total_cost,
    "model" => model,
});

/// Which daily metrics to list.
#[derive(InputObject, Default)]
pub struct DailyMetricFilter {
    /// Only these agents' rows.
    pub agent_ids: Option<Vec<ID>>,
    /// Only these days.
    pub date: Option<DateRange>,
}

/// Columns daily metrics can be ordered by (telemetry measures go in
/// `DailyMetricOrder.measure`).
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DailyMetricOrderField {
    /// The day, newest first by default.
    Date,
}

impl OrderField for DailyMetricOrderField {
    fn natural(self) -> OrderDirection {
        OrderDirection::Desc
    }
}

/// How to order daily metrics: by a column (`field`) or by a telemetry
/// measure of each row (`measure`), one of the two.
#[derive(InputObject)]
pub struct DailyMetricOrder {
    /// A column: the day.
    pub field: Option<DailyMetricOrderField>,
    /// A measure of each agent-day (conversations, success rate, cost,
    /// p95 latency, ...); rows without a value come last.
    pub measure: Option<TelemetryMeasure>,
    /// Omitted: newest and highest first (see `OrderDirection`).
    pub direction: Option<OrderDirection>,
}

/// Which cost records to list.
#[derive(InputObject, Default)]
pub struct CostRecordFilter {
    /// Only these agents' rows.
    pub agent_ids: Option<Vec<ID>>,
    /// Only rows billed at one of these models.
    pub model: Option<Vec<String>>,
    /// Only these days.
    pub date: Option<DateRange>,
}

/// Columns cost records can be ordered by (measures such as `COST` go in
/// `CostRecordOrder.measure`).
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CostRecordOrderField {
    /// The day, newest first by default.
    Date,
}

impl OrderField for CostRecordOrderField {
    fn natural(self) -> OrderDirection {
        OrderDirection::Desc
    }
}

/// How to order cost records: by a column (`field`) or by a telemetry
/// measure of each agent-day (`measure`: `COST`, `TOKENS`, ...), one of
/// the two.
#[derive(InputObject)]
pub struct CostRecordOrder {
    /// A column: the day.
    pub field: Option<CostRecordOrderField>,
    /// A measure of each agent-day (the cost record's and its daily
    /// metric's); rows without a value come last.
    pub measure: Option<TelemetryMeasure>,
    /// Omitted: newest and highest first (see `OrderDirection`).
    pub direction: Option<OrderDirection>,
}

/// The grid sort and cursor scope of a daily-metric or cost-record order.
fn grid_order<F: OrderField>(
    list: &str,
    key: OrderKey<F>,
    direction: Option<OrderDirection>,
) -> (GridSort, OrderDirection, String) {
    let direction = key.direction(direction);
    let sort = match key {
        OrderKey::Field(_) => GridSort::Date,
        OrderKey::Measure(m) => GridSort::Measure(m.into()),
    };
    (sort, direction, format!("{list}/{}_{}", key.scope(), direction.as_str()))
}

/// The window days of a range, clamped to the window.
fn grid_days(snap: &Snapshot, range: Option<DateRange>) -> ApiResult<(u32, u32)> {
    let window = &snap.dataset.window;
    let days = DateRange::resolve_days(range, window, "filter.date")?.window_days(window);
    let clamp = |d: i64| d.clamp(0, window.days as i64) as u32;
    Ok((clamp(days.start), clamp(days.end).max(clamp(days.start))))
}

/// Root fields for daily metrics and cost records.
#[derive(Default)]
pub struct MetricsQuery;

/// Root fields for daily metrics and cost records.
#[Object]
impl MetricsQuery {
    /// Daily metrics of every agent, newest day first unless `orderBy` says otherwise.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "crate::graphql::cost::page(first, last, child_complexity)")]
    async fn daily_metrics(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<DailyMetricFilter>,
        order_by: Option<DailyMetricOrder>,
    ) -> async_graphql::Result<FlatPage<DailyMetricConnection>> {
        let snap = ctx.snapshot()?.clone();
        let filter = filter.unwrap_or_default();
        let (key, direction) = match order_by {
            None => (OrderKey::Field(DailyMetricOrderField::Date), None),
            Some(o) => (OrderKey::of(o.field, o.measure)?, o.direction),
        };
        let (sort, direction, scope) = grid_order("dailyMetrics", key, direction);
        let query = GridList {
            agents: agent_history_rows(&snap, &filter.agent_ids, "filter.agentIds")?,
            models: None,
            days: grid_days(&snap, filter.date)?,
            sort,
            descending: direction.descending(),
            page: PageArgs { first, after, last, before }.spec(&snap, &scope, daily_metric_row)?,
        };
        let page = grid_page(&snap, &query);
        Ok(FlatPage(DailyMetricConnection::new(snap.clone(), page, scope)))
    }

    /// Cost records of every agent, newest day first unless `orderBy` says otherwise.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "crate::graphql::cost::page(first, last, child_complexity)")]
    async fn cost_records(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<CostRecordFilter>,
        order_by: Option<CostRecordOrder>,
    ) -> async_graphql::Result<FlatPage<CostRecordConnection>> {
        let snap = ctx.snapshot()?.clone();
        let filter = filter.unwrap_or_default();
        let (key, direction) = match order_by {
            None => (OrderKey::Field(CostRecordOrderField::Date), None),
            Some(o) => (OrderKey::of(o.field, o.measure)?, o.direction),
        };
        let (sort, direction, scope) = grid_order("costRecords", key, direction);
        let query = GridList {
            agents: agent_history_rows(&snap, &filter.agent_ids, "filter.agentIds")?,
            models: model_set(&filter.model)?,
            days: grid_days(&snap, filter.date)?,
            sort,
            descending: direction.descending(),
            page: PageArgs { first, after, last, before }.spec(&snap, &scope, cost_record_row)?,
        };
        let page = grid_page(&snap, &query);
        Ok(FlatPage(CostRecordConnection::new(snap.clone(), page, scope)))
    }
}
