//! `DailyMetric` and `CostRecord`: one row per agent per window day; the
//! `dailyMetrics` and `costRecords` queries.

use std::collections::BTreeSet;
use std::sync::Arc;

use async_graphql::{Context, Enum, ID, InputObject, Object};
use chrono::NaiveDate;

use super::agent::{Agent, agent_row};
use super::connection::{Page, PageArgs, PageSpec, Rows, by_key, connection, paginate, sorted};
use super::context::ContextExt;
use super::enums::{DateRange, OrderDirection, allows, model_set, rows_of};
use super::loaders::AgentKey;
use super::model::ModelInfo;
use super::scalars::Date;
use crate::data::{self, catalogue::Model};
use crate::error::ApiError;
use crate::store::{EntityRef, Snapshot};

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
    let row = ctx.loader()?.load_one(AgentKey(row)).await?;
    let row = row.ok_or_else(|| ApiError::Internal("record's agent missing".into()))?;
    Ok(Agent::from_row(snap.clone(), row))
}

/// One agent's aggregate telemetry for one UTC day.
#[Object]
impl DailyMetric {
    /// Unique id (UUID); also its global `Node` id.
    pub async fn id(&self) -> ID {
        ID(self.record().id.to_string())
    }

    /// Id of the agent.
    async fn agent_id(&self) -> ID {
        ID(self.snap.dataset.agents[self.record().agent as usize].id.to_string())
    }

    /// The agent.
    async fn agent(&self, ctx: &Context<'_>) -> async_graphql::Result<Agent> {
        load_agent(ctx, &self.snap, self.record().agent).await
    }

    /// The UTC day.
    async fn date(&self) -> Date {
        Date(self.record().date)
    }

    /// Conversations the agent handled that day (10-100 on an active day, 0 otherwise).
    async fn conversations(&self) -> i32 {
        self.record().conversations as i32
    }

    /// Mean response time in milliseconds; null on a day without traffic.
    async fn avg_response_time(&self) -> Option<f64> {
        self.record().avg_response_time
    }

    /// Share of conversations that succeeded (0..1); null on a day without traffic.
    async fn success_rate(&self) -> Option<f64> {
        self.record().success_rate
    }

    /// Tokens sent to the model that day.
    async fn total_tokens_input(&self) -> i32 {
        i32::try_from(self.record().total_tokens_input).unwrap_or(i32::MAX)
    }

    /// Tokens the model produced that day (about 1.5x the input).
    async fn total_tokens_output(&self) -> i32 {
        i32::try_from(self.record().total_tokens_output).unwrap_or(i32::MAX)
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
        ID(self.record().id.to_string())
    }

    /// Id of the agent.
    async fn agent_id(&self) -> ID {
        ID(self.snap.dataset.agents[self.record().agent as usize].id.to_string())
    }

    /// The agent.
    async fn agent(&self, ctx: &Context<'_>) -> async_graphql::Result<Agent> {
        load_agent(ctx, &self.snap, self.record().agent).await
    }

    /// The UTC day.
    async fn date(&self) -> Date {
        Date(self.record().date)
    }

    /// Input tokens billed (equal to the daily metric's).
    async fn input_tokens(&self) -> i32 {
        i32::try_from(self.record().input_tokens).unwrap_or(i32::MAX)
    }

    /// Output tokens billed (equal to the daily metric's).
    async fn output_tokens(&self) -> i32 {
        i32::try_from(self.record().output_tokens).unwrap_or(i32::MAX)
    }

    /// USD: `inputTokens/1000 × inputPrice + outputTokens/1000 × outputPrice`.
    async fn total_cost(&self) -> f64 {
        self.record().total_cost
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

/// Which daily metrics to list.
#[derive(InputObject, Default)]
pub struct DailyMetricFilter {
    /// Only these agents' rows.
    pub agent_ids: Option<Vec<ID>>,
    /// Only these days.
    pub date: Option<DateRange>,
}

/// Fields daily metrics can be ordered by.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DailyMetricOrderField {
    Date,
    Conversations,
    SuccessRate,
    AvgResponseTime,
}

/// How to order daily metrics.
#[derive(InputObject)]
pub struct DailyMetricOrder {
    /// The field to sort by.
    pub field: DailyMetricOrderField,
    /// Ascending (default) or descending.
    #[graphql(default)]
    pub direction: OrderDirection,
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

/// Fields cost records can be ordered by.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CostRecordOrderField {
    Date,
    TotalCost,
}

/// How to order cost records.
#[derive(InputObject)]
pub struct CostRecordOrder {
    /// The field to sort by.
    pub field: CostRecordOrderField,
    /// Ascending (default) or descending.
    #[graphql(default)]
    pub direction: OrderDirection,
}

/// Grid rows of some agents (or all) over some days, in `(date, agent)` order.
fn grid_rows<'a>(
    snap: &'a Snapshot,
    agents: &Option<BTreeSet<u32>>,
    dates: (Option<NaiveDate>, Option<NaiveDate>),
) -> Rows<'a> {
    let days = snap.day_range(dates.0, dates.1);
    match agents {
        None => {
            // `grid_by_date` holds each day's rows together, so a day range is one slice.
            let per_day = snap.dataset.agents.len();
            Rows::Slice(&snap.index.grid_by_date[days.start as usize * per_day..days.end as usize * per_day], false)
        }
        Some(agents) => {
            let mut rows: Vec<u32> =
                agents.iter().flat_map(|&a| snap.grid_rows(a, days.clone())).map(|r| r as u32).collect();
            rows.sort_by_key(|&r| (snap.dataset.daily_metrics[r as usize].date, r));
            Rows::Owned(rows)
        }
    }
}

/// Rank of a grid row in `(date, row)` order.
fn date_order(snap: &Snapshot, desc: bool) -> impl Fn(u32, u32) -> std::cmp::Ordering + '_ {
    by_key(move |r| snap.dataset.daily_metrics[r as usize].date, desc)
}

fn paginate_grid(
    rows: Rows<'_>,
    order: impl Fn(u32, u32) -> std::cmp::Ordering,
    desc_native: Option<bool>,
    page: &PageSpec,
) -> Page {
    match (rows, desc_native) {
        (Rows::Slice(s, _), Some(desc)) => paginate(&Rows::Slice(s, desc), order, page),
        (Rows::Owned(v), Some(true)) => {
            let mut v = v;
            v.reverse();
            paginate(&Rows::Owned(v), order, page)
        }
        (rows, Some(false)) => paginate(&rows, order, page),
        (Rows::Range(r, _), Some(true)) => paginate(&Rows::Range(r, true), order, page),
        (rows, None) => paginate(&sorted(rows.iter().collect(), &order), order, page),
    }
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
    ) -> async_graphql::Result<DailyMetricConnection> {
        let snap = ctx.snapshot()?.clone();
        let filter = filter.unwrap_or_default();
        let (field, direction) =
            order_by.map_or((DailyMetricOrderField::Date, OrderDirection::Desc), |o| (o.field, o.direction));
        let desc = direction.descending();
        let scope = format!("dailyMetrics/{field:?}_{}", direction.as_str());
        let page_spec = PageArgs { first, after, last, before }.spec(&snap, &scope, daily_metric_row)?;
        let agents = rows_of(&snap, &filter.agent_ids, "filter.agentIds", agent_row)?;
        let rows = grid_rows(&snap, &agents, DateRange::checked(filter.date, "filter.date")?);
        let m = |r: u32| &snap.dataset.daily_metrics[r as usize];
        let page = match field {
            DailyMetricOrderField::Date => paginate_grid(rows, date_order(&snap, desc), Some(desc), &page_spec),
            DailyMetricOrderField::Conversations => {
                paginate_grid(rows, by_key(|r| m(r).conversations, desc), None, &page_spec)
            }
            DailyMetricOrderField::SuccessRate => {
                paginate_grid(rows, by_key(|r| m(r).success_rate.unwrap_or(-1.0), desc), None, &page_spec)
            }
            DailyMetricOrderField::AvgResponseTime => {
                paginate_grid(rows, by_key(|r| m(r).avg_response_time.unwrap_or(-1.0), desc), None, &page_spec)
            }
        };
        Ok(DailyMetricConnection::new(snap.clone(), page, scope))
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
    ) -> async_graphql::Result<CostRecordConnection> {
        let snap = ctx.snapshot()?.clone();
        let filter = filter.unwrap_or_default();
        let (field, direction) =
            order_by.map_or((CostRecordOrderField::Date, OrderDirection::Desc), |o| (o.field, o.direction));
        let desc = direction.descending();
        let scope = format!("costRecords/{field:?}_{}", direction.as_str());
        let page_spec = PageArgs { first, after, last, before }.spec(&snap, &scope, cost_record_row)?;
        let agents = rows_of(&snap, &filter.agent_ids, "filter.agentIds", agent_row)?;
        let models: Option<BTreeSet<Model>> = model_set(&filter.model)?;
        let mut rows = grid_rows(&snap, &agents, DateRange::checked(filter.date, "filter.date")?);
        if models.is_some() {
            rows = rows.filtered(|r| allows(&models, &snap.dataset.cost_records[r as usize].model));
        }
        let page = match field {
            CostRecordOrderField::Date => paginate_grid(rows, date_order(&snap, desc), Some(desc), &page_spec),
            CostRecordOrderField::TotalCost => paginate_grid(
                rows,
                by_key(|r| snap.dataset.cost_records[r as usize].total_cost, desc),
                None,
                &page_spec,
            ),
        };
        Ok(CostRecordConnection::new(snap.clone(), page, scope))
    }
}
