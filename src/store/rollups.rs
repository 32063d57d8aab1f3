//! Roll-ups for dashboard analytics, each part built once per snapshot on
//! first use: per-day totals of the daily-metric / cost-record grid for each
//! (model, status) cell, a table of agents with traffic per day range,
//! per-agent running totals, and per-cell conversation-record counts with
//! day-sorted latencies. With them a range aggregate over the whole fleet
//! (or any model / status subset) costs O(days × cells), not O(rows); a set
//! of named agents is served by scanning only those agents' rows.
//!
//! Counts and tokens are exact. Float sums (cost, weighted rates) are
//! deterministic: a cell aggregate adds each day's cells, then the days in
//! order; an agent's range is the difference of two running totals. They
//! match a plain sum of the rows up to rounding error.

use std::borrow::Cow;
use std::ops::{AddAssign, Range, Sub};
use std::sync::OnceLock;

use chrono::{DateTime, TimeDelta, Utc};

use super::Snapshot;
use super::index::{model_slot, status_slot};
use crate::data::catalogue::Model;
use crate::data::{AgentStatus, Conversation, CostRecord, DailyMetric, Dataset, Sentiment};

/// Agents fall into one cell per (model, status) pair, so any model and
/// status filter is a union of cells.
pub const CELLS: usize = Model::ALL.len() * AgentStatus::ALL.len();

/// The cell of agents on `model` in `status`.
pub fn cell_of(model: Model, status: AgentStatus) -> usize {
    model_slot(model) * AgentStatus::ALL.len() + status_slot(status)
}

/// A set of cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CellMask(u16);

impl CellMask {
    /// Every cell: the whole fleet.
    pub const ALL: CellMask = CellMask((1 << CELLS) - 1);

    /// The cells whose (model, status) `keep` accepts.
    pub fn of(keep: impl Fn(Model, AgentStatus) -> bool) -> CellMask {
        let mut mask = 0;
        for model in Model::ALL {
            for status in AgentStatus::ALL {
                if keep(model, status) {
                    mask |= 1 << cell_of(model, status);
                }
            }
        }
        CellMask(mask)
    }

    pub fn contains(self, cell: usize) -> bool {
        self.0 & (1 << cell) != 0
    }

    fn cells(self) -> impl Iterator<Item = usize> {
        (0..CELLS).filter(move |&c| self.contains(c))
    }
}

/// Which agents an aggregate covers.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum AgentSet {
    /// Every agent of these cells; served from the roll-ups.
    Cells(CellMask),
    /// These agent rows, ascending and distinct; their own rows are scanned.
    Agents(Vec<u32>),
}

impl AgentSet {
    /// The agents of this set that run on `model`.
    pub fn on_model(&self, d: &Dataset, model: Model) -> AgentSet {
        match self {
            AgentSet::Cells(mask) => AgentSet::Cells(CellMask(mask.0 & CellMask::of(|m, _| m == model).0)),
            AgentSet::Agents(rows) => {
                AgentSet::Agents(rows.iter().copied().filter(|&a| d.agents[a as usize].model == model).collect())
            }
        }
    }
}

/// Sums over daily-metric rows and their cost records (same agent and day).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct GridTotals {
    /// Rows summed (daily metrics; equally, cost records), with or without traffic.
    pub rows: u64,
    pub conversations: u64,
    /// The daily metrics' tokens (equal to their cost records', as `check` verifies).
    pub input_tokens: u64,
    pub output_tokens: u64,
    /// USD: the cost records' `total_cost`.
    pub cost: f64,
    /// Σ conversations × avg_response_time over rows with traffic.
    pub response_time_sum: f64,
    /// Σ conversations × success_rate over rows with traffic.
    pub success_sum: f64,
}

impl GridTotals {
    fn of_row(metric: &DailyMetric, cost: &CostRecord) -> Self {
        let n = metric.conversations as f64;
        GridTotals {
            rows: 1,
            conversations: metric.conversations as u64,
            input_tokens: metric.total_tokens_input,
            output_tokens: metric.total_tokens_output,
            cost: cost.total_cost,
            response_time_sum: metric.avg_response_time.map_or(0.0, |rt| n * rt),
            success_sum: metric.success_rate.map_or(0.0, |sr| n * sr),
        }
    }

    /// Conversation-weighted mean of the daily average response times
    /// (as [`crate::data::metrics::roll_up`]); `None` without traffic.
    pub fn avg_response_time(&self) -> Option<f64> {
        self.weighted(self.response_time_sum)
    }

    /// Conversation-weighted mean of the daily success rates; `None` without traffic.
    pub fn success_rate(&self) -> Option<f64> {
        self.weighted(self.success_sum)
    }

    fn weighted(&self, sum: f64) -> Option<f64> {
        (self.conversations > 0).then(|| sum / self.conversations as f64)
    }
}

impl AddAssign for GridTotals {
    fn add_assign(&mut self, o: GridTotals) {
        self.rows += o.rows;
        self.conversations += o.conversations;
        self.input_tokens += o.input_tokens;
        self.output_tokens += o.output_tokens;
        self.cost += o.cost;
        self.response_time_sum += o.response_time_sum;
        self.success_sum += o.success_sum;
    }
}

/// Difference of two running totals (later minus earlier).
impl Sub for GridTotals {
    type Output = GridTotals;

    fn sub(self, o: GridTotals) -> GridTotals {
        GridTotals {
            rows: self.rows - o.rows,
            conversations: self.conversations - o.conversations,
            input_tokens: self.input_tokens - o.input_tokens,
            output_tokens: self.output_tokens - o.output_tokens,
            cost: self.cost - o.cost,
            response_time_sum: self.response_time_sum - o.response_time_sum,
            success_sum: self.success_sum - o.success_sum,
        }
    }
}

/// Counts over conversation records.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RecordCounts {
    pub records: u64,
    pub resolved: u64,
    /// Records per sentiment, in [`Sentiment::ALL`] order.
    pub sentiments: [u64; 3],
    /// Σ avg_response_time, milliseconds.
    pub response_time_sum: u64,
}

impl RecordCounts {
    fn add(&mut self, c: &Conversation) {
        self.records += 1;
        self.resolved += u64::from(c.resolved);
        self.sentiments[sentiment_slot(c.sentiment)] += 1;
        self.response_time_sum += c.avg_response_time as u64;
    }

    pub fn sentiment(&self, sentiment: Sentiment) -> u64 {
        self.sentiments[sentiment_slot(sentiment)]
    }
}

impl AddAssign for RecordCounts {
    fn add_assign(&mut self, o: RecordCounts) {
        self.records += o.records;
        self.resolved += o.resolved;
        for (mine, theirs) in self.sentiments.iter_mut().zip(o.sentiments) {
            *mine += theirs;
        }
        self.response_time_sum += o.response_time_sum;
    }
}

fn sentiment_slot(sentiment: Sentiment) -> usize {
    Sentiment::ALL.iter().position(|s| *s == sentiment).unwrap_or(0)
}

/// A running count over a cell's records: what `rows[..i]` hold. Compact
/// (24 bytes), as there is one per record.
#[derive(Clone, Copy, Debug, Default)]
struct RecordPrefix {
    resolved: u32,
    sentiments: [u32; 3],
    response_time_sum: u64,
}

/// One cell's conversation records.
#[derive(Debug, Default)]
struct RecordCell {
    /// Conversation rows, in time order.
    rows: Vec<u32>,
    /// `prefix[i]` counts `rows[..i]`.
    prefix: Vec<RecordPrefix>,
    /// `avg_response_time` of `rows`, sorted within each UTC day's run.
    latencies: Vec<u32>,
    /// Where each UTC day's run of `rows` ends, ascending.
    day_ends: Vec<u32>,
}

impl RecordCell {
    fn push(&mut self, row: usize, c: &Conversation, same_day_as_last: bool) {
        if !same_day_as_last && !self.rows.is_empty() {
            self.day_ends.push(self.rows.len() as u32);
        }
        let mut next = self.prefix.last().copied().unwrap_or_default();
        next.resolved += u32::from(c.resolved);
        next.sentiments[sentiment_slot(c.sentiment)] += 1;
        next.response_time_sum += c.avg_response_time as u64;
        if self.prefix.is_empty() {
            self.prefix.push(RecordPrefix::default());
        }
        self.prefix.push(next);
        self.rows.push(row as u32);
        self.latencies.push(c.avg_response_time);
    }

    fn finish(&mut self) {
        if !self.rows.is_empty() {
            self.day_ends.push(self.rows.len() as u32);
        }
        if self.prefix.is_empty() {
            self.prefix.push(RecordPrefix::default());
        }
        let mut start = 0;
        for &end in &self.day_ends {
            self.latencies[start..end as usize].sort_unstable();
            start = end as usize;
        }
    }

    /// How many of `rows` started before `instant`.
    fn position(&self, d: &Dataset, instant: DateTime<Utc>) -> usize {
        self.rows.partition_point(|&r| d.conversations[r as usize].started_at < instant)
    }

    /// Positions in `rows` of the records started in `[from, to)`.
    fn span(&self, d: &Dataset, from: DateTime<Utc>, to: DateTime<Utc>) -> Range<usize> {
        let start = self.position(d, from);
        start..self.position(d, to).max(start)
    }

    fn counts(&self, span: Range<usize>) -> RecordCounts {
        let (a, b) = (self.prefix[span.start], self.prefix[span.end]);
        RecordCounts {
            records: span.len() as u64,
            resolved: (b.resolved - a.resolved) as u64,
            sentiments: [0, 1, 2].map(|i| (b.sentiments[i] - a.sentiments[i]) as u64),
            response_time_sum: b.response_time_sum - a.response_time_sum,
        }
    }
}

/// Everything precomputed for analytics over one dataset, in three parts,
/// each built on first use: a query pays, in time and memory, only for the
/// parts it reads (benchmark Q3, cost by model, needs only the cells).
#[derive(Debug, Default)]
pub struct Rollups {
    cells: OnceLock<CellRollup>,
    /// `[agent × (days + 1) + day]`: the agent's grid totals over days `0..day`.
    agent_running: OnceLock<Vec<GridTotals>>,
    /// Conversation records per cell.
    records: OnceLock<Vec<RecordCell>>,
}

/// Per-cell grid totals and traffic: O(days² × cells) memory.
#[derive(Debug)]
struct CellRollup {
    /// `[day × CELLS + cell]`: the grid totals of the cell's agents that day.
    day_cells: Vec<GridTotals>,
    /// Agents per cell.
    cell_agents: [u64; CELLS],
    /// `[(start × (days + 1) + end) × CELLS + cell]`: agents of the cell with
    /// traffic on a day in `start..end`.
    reach: Vec<u32>,
}

fn agent_cell(d: &Dataset, agent: usize) -> usize {
    cell_of(d.agents[agent].model, d.agents[agent].status)
}

fn grid_totals_of(d: &Dataset, agent: usize, day: usize) -> GridTotals {
    let row = d.grid_row(agent as u32, day as u32);
    GridTotals::of_row(&d.daily_metrics[row], &d.cost_records[row])
}

impl CellRollup {
    /// One pass over the grid.
    fn build(d: &Dataset) -> Self {
        let days = d.window.days as usize;
        let span = days + 1;
        let mut day_cells = vec![GridTotals::default(); days * CELLS];
        let mut cell_agents = [0; CELLS];
        let mut reach = vec![0u32; span * span * CELLS];
        for a in 0..d.agents.len() {
            let c = agent_cell(d, a);
            cell_agents[c] += 1;
            for day in 0..days {
                day_cells[day * CELLS + c] += grid_totals_of(d, a, day);
            }
            // For each start day, the agent's first traffic day at or after
            // it, counted at end = that day + 1; summed over `end` below.
            let mut next_traffic = None;
            for start in (0..days).rev() {
                if d.daily_metrics[d.grid_row(a as u32, start as u32)].conversations > 0 {
                    next_traffic = Some(start);
                }
                if let Some(day) = next_traffic {
                    reach[(start * span + day + 1) * CELLS + c] += 1;
                }
            }
        }
        for start in 0..days {
            for end in 1..span {
                for c in 0..CELLS {
                    reach[(start * span + end) * CELLS + c] += reach[(start * span + end - 1) * CELLS + c];
                }
            }
        }
        CellRollup { day_cells, cell_agents, reach }
    }
}

/// One pass over the grid: O(agents × days) memory.
fn build_agent_running(d: &Dataset) -> Vec<GridTotals> {
    let days = d.window.days as usize;
    let mut running_totals = Vec::with_capacity(d.agents.len() * (days + 1));
    for a in 0..d.agents.len() {
        let mut running = GridTotals::default();
        running_totals.push(running);
        for day in 0..days {
            running += grid_totals_of(d, a, day);
            running_totals.push(running);
        }
    }
    running_totals
}

/// One pass over the records, then a sort of each cell's days.
fn build_records(d: &Dataset) -> Vec<RecordCell> {
    let mut records: Vec<RecordCell> = (0..CELLS).map(|_| RecordCell::default()).collect();
    let mut last_date = [None; CELLS];
    for (row, c) in d.conversations.iter().enumerate() {
        let slot = agent_cell(d, c.agent as usize);
        let date = c.started_at.date_naive();
        records[slot].push(row, c, last_date[slot] == Some(date));
        last_date[slot] = Some(date);
    }
    for cell in &mut records {
        cell.finish();
    }
    records
}

/// Conversation-record response times of a range, as sorted runs; nearest-
/// rank percentiles without sorting the whole sample.
#[derive(Debug)]
pub struct LatencySample<'a> {
    /// Runs of milliseconds, each ascending.
    runs: Vec<Cow<'a, [u32]>>,
    pub count: u64,
    /// Σ of every value, milliseconds.
    pub sum: u64,
}

impl LatencySample<'_> {
    pub fn min(&self) -> Option<u32> {
        self.runs.iter().filter_map(|r| r.first()).min().copied()
    }

    pub fn max(&self) -> Option<u32> {
        self.runs.iter().filter_map(|r| r.last()).max().copied()
    }

    pub fn mean(&self) -> Option<f64> {
        (self.count > 0).then(|| self.sum as f64 / self.count as f64)
    }

    /// The nearest-rank percentile: the smallest value with at least
    /// `percent`% of the sample at or below it, i.e. the ⌈percent/100 × n⌉-th
    /// smallest (the 1st for a tiny percent). Always a value of the sample.
    /// Binary search over values: O(log(max − min) × runs × log run).
    pub fn nearest_rank(&self, percent: u32) -> Option<u32> {
        let rank = (self.count * percent.min(100) as u64).div_ceil(100).max(1);
        let (mut lo, mut hi) = (self.min()?, self.max()?);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let at_most: u64 = self.runs.iter().map(|r| r.partition_point(|&x| x <= mid) as u64).sum();
            if at_most >= rank {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        Some(lo)
    }
}

/// Analytics queries. `days` are window days (0 = the window's first) and
/// may reach past either end of the window, where there is no data.
impl Snapshot {
    fn cells(&self) -> &CellRollup {
        self.rollups.cells.get_or_init(|| CellRollup::build(&self.dataset))
    }

    fn agent_running(&self) -> &[GridTotals] {
        self.rollups.agent_running.get_or_init(|| build_agent_running(&self.dataset))
    }

    fn record_cells(&self) -> &[RecordCell] {
        self.rollups.records.get_or_init(|| build_records(&self.dataset))
    }

    /// `days` clamped to the window.
    fn in_window(&self, days: &Range<i64>) -> Range<usize> {
        let clamp = |d: i64| d.clamp(0, self.dataset.window.days as i64) as usize;
        let start = clamp(days.start);
        start..clamp(days.end).max(start)
    }

    /// Agent rows of a set, ascending.
    pub fn agents_in(&self, set: &AgentSet) -> Vec<u32> {
        match set {
            AgentSet::Cells(mask) => (0..self.dataset.agents.len() as u32)
                .filter(|&a| {
                    let agent = &self.dataset.agents[a as usize];
                    mask.contains(cell_of(agent.model, agent.status))
                })
                .collect(),
            AgentSet::Agents(rows) => rows.clone(),
        }
    }

    /// How many agents a set holds.
    pub fn agent_count(&self, set: &AgentSet) -> u64 {
        match set {
            AgentSet::Cells(mask) => mask.cells().map(|c| self.cells().cell_agents[c]).sum(),
            AgentSet::Agents(rows) => rows.len() as u64,
        }
    }

    /// Grid totals of a set, one per day of `days` (zero outside the window).
    pub fn grid_days(&self, set: &AgentSet, days: Range<i64>) -> Vec<GridTotals> {
        let inside = self.in_window(&days);
        let mut out = vec![GridTotals::default(); (days.end - days.start).max(0) as usize];
        if inside.is_empty() {
            return out;
        }
        let slots = &mut out[(inside.start as i64 - days.start) as usize..];
        match set {
            AgentSet::Cells(mask) => {
                let day_cells = &self.cells().day_cells;
                for (slot, day) in slots.iter_mut().zip(inside) {
                    for c in mask.cells() {
                        *slot += day_cells[day * CELLS + c];
                    }
                }
            }
            AgentSet::Agents(rows) => {
                for (slot, day) in slots.iter_mut().zip(inside) {
                    for &a in rows {
                        *slot += grid_totals_of(&self.dataset, a as usize, day);
                    }
                }
            }
        }
        out
    }

    /// Grid totals of a set over `days`: O(days × cells), or O(days × agents) for named agents.
    pub fn grid_totals(&self, set: &AgentSet, days: Range<i64>) -> GridTotals {
        let mut total = GridTotals::default();
        for day in self.grid_days(set, days) {
            total += day;
        }
        total
    }

    /// One agent's grid totals over `days`: O(1).
    pub fn agent_grid_totals(&self, agent: u32, days: Range<i64>) -> GridTotals {
        let inside = self.in_window(&days);
        let running = &self.agent_running()[agent as usize * (self.dataset.window.days as usize + 1)..];
        running[inside.end] - running[inside.start]
    }

    /// Agents of a set with traffic on at least one day of `days`: O(cells),
    /// or O(agents) for named agents.
    pub fn agents_with_traffic(&self, set: &AgentSet, days: Range<i64>) -> u64 {
        let inside = self.in_window(&days);
        match set {
            AgentSet::Cells(mask) => {
                let at = (inside.start * (self.dataset.window.days as usize + 1) + inside.end) * CELLS;
                mask.cells().map(|c| self.cells().reach[at + c] as u64).sum()
            }
            AgentSet::Agents(rows) => {
                rows.iter().filter(|&&a| self.agent_grid_totals(a, days.clone()).conversations > 0).count() as u64
            }
        }
    }

    /// Conversation-record counts of a set between consecutive `bounds`
    /// (ascending instants): `bounds.len() - 1` buckets. O(bounds × cells ×
    /// log records), or O(records of the named agents × log bounds).
    pub fn record_series(&self, set: &AgentSet, bounds: &[DateTime<Utc>]) -> Vec<RecordCounts> {
        let buckets = bounds.len().saturating_sub(1);
        let mut out = vec![RecordCounts::default(); buckets];
        let (Some(&first), Some(&last)) = (bounds.first(), bounds.last()) else { return out };
        let d = &self.dataset;
        match set {
            AgentSet::Cells(mask) => {
                for c in mask.cells() {
                    let cell = &self.record_cells()[c];
                    let at: Vec<usize> = bounds.iter().map(|&b| cell.position(d, b)).collect();
                    for (slot, pair) in out.iter_mut().zip(at.windows(2)) {
                        *slot += cell.counts(pair[0]..pair[1].max(pair[0]));
                    }
                }
            }
            AgentSet::Agents(rows) => {
                for &a in rows {
                    for &row in self.agent_conversations(a, Some(first), Some(last)) {
                        let c = &d.conversations[row as usize];
                        let bucket = bounds.partition_point(|b| *b <= c.started_at) - 1;
                        out[bucket].add(c);
                    }
                }
            }
        }
        out
    }

    /// Conversation-record counts of a set started in `[from, to)`.
    pub fn record_counts(&self, set: &AgentSet, from: DateTime<Utc>, to: DateTime<Utc>) -> RecordCounts {
        self.record_series(set, &[from, to.max(from)]).pop().unwrap_or_default()
    }

    /// Response times of a set's conversation records started on `days`.
    pub fn latency_sample(&self, set: &AgentSet, days: Range<i64>) -> LatencySample<'_> {
        let start = self.dataset.window.start();
        let from = start + TimeDelta::days(days.start);
        let to = start + TimeDelta::days(days.end.max(days.start));
        let d = &self.dataset;
        match set {
            AgentSet::Cells(mask) => {
                let mut sample = LatencySample { runs: Vec::new(), count: 0, sum: 0 };
                for c in mask.cells() {
                    let cell = &self.record_cells()[c];
                    let span = cell.span(d, from, to);
                    sample.count += span.len() as u64;
                    sample.sum += cell.counts(span.clone()).response_time_sum;
                    // Runs split at UTC midnights, as do day-aligned spans.
                    let first_run = cell.day_ends.partition_point(|&e| e as usize <= span.start);
                    let mut run_start = span.start;
                    for &end in &cell.day_ends[first_run..] {
                        if run_start >= span.end {
                            break;
                        }
                        let end = (end as usize).min(span.end);
                        sample.runs.push(Cow::Borrowed(&cell.latencies[run_start..end]));
                        run_start = end;
                    }
                }
                sample
            }
            AgentSet::Agents(rows) => {
                let mut values: Vec<u32> = rows
                    .iter()
                    .flat_map(|&a| self.agent_conversations(a, Some(from), Some(to)))
                    .map(|&r| d.conversations[r as usize].avg_response_time)
                    .collect();
                values.sort_unstable();
                let sum = values.iter().map(|&v| v as u64).sum();
                LatencySample { count: values.len() as u64, sum, runs: vec![Cow::Owned(values)] }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(runs: Vec<Vec<u32>>) -> LatencySample<'static> {
        let count = runs.iter().map(|r| r.len() as u64).sum();
        let sum = runs.iter().flatten().map(|&v| v as u64).sum();
        let runs = runs
            .into_iter()
            .map(|mut r| {
                r.sort_unstable();
                Cow::Owned(r)
            })
            .collect();
        LatencySample { runs, count, sum }
    }

    #[test]
    fn nearest_rank_over_runs_matches_a_sorted_sample() {
        // Deterministic pseudo-random runs with repeats and empty runs.
        let mut x = 12345u64;
        let mut next = || {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (x >> 33) as u32
        };
        for size in [1usize, 2, 3, 7, 100, 501] {
            let runs: Vec<Vec<u32>> =
                (0..5).map(|i| (0..size * i / 4).map(|_| 800 + next() % 2200).collect()).collect();
            let mut all: Vec<u32> = runs.iter().flatten().copied().collect();
            all.sort_unstable();
            let s = sample(runs);
            for p in [1, 25, 50, 90, 95, 99, 100] {
                let expected = (!all.is_empty()).then(|| {
                    let rank = (all.len() * p as usize).div_ceil(100).max(1);
                    all[rank - 1]
                });
                assert_eq!(s.nearest_rank(p), expected, "p{p} of {} values", all.len());
            }
            assert_eq!(s.min(), all.first().copied());
            assert_eq!(s.max(), all.last().copied());
        }
    }

    #[test]
    fn nearest_rank_of_an_empty_sample_is_none() {
        let s = sample(vec![vec![], vec![]]);
        assert_eq!((s.nearest_rank(50), s.min(), s.mean()), (None, None, None));
    }

    #[test]
    fn cell_masks_select_by_model_and_status() {
        let gpt4o = CellMask::of(|m, _| m == Model::Gpt4o);
        assert!(gpt4o.contains(cell_of(Model::Gpt4o, AgentStatus::Error)));
        assert!(!gpt4o.contains(cell_of(Model::Gpt4oMini, AgentStatus::Active)));
        assert_eq!(CellMask::of(|_, _| true), CellMask::ALL);
        assert_eq!(CellMask::ALL.cells().count(), CELLS);
    }
}
