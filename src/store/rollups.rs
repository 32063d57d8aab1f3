//! Roll-ups of the daily telemetry for analytics, built once per snapshot on
//! first use: per-day sums and merged latency and duration histograms of each
//! (model, status) cell of agents, per-day hourly counts per cell, and a
//! table of agents with traffic per day range. With them a range aggregate
//! over the whole fleet (or any model / status subset) costs O(days × cells),
//! whatever the scale; a set of named agents is served from those agents'
//! own rows.
//!
//! Every figure is an integer sum (counts, milliseconds, tokens,
//! micro-dollars, histogram counts), so a roll-up is exact and equals the
//! sum over its rows; rates and percentiles are computed from the sums.

use std::ops::{AddAssign, Range, Sub};
use std::sync::{Arc, OnceLock};

use chrono::{DateTime, Utc};

use super::Snapshot;
use super::index::{model_slot, status_slot};
use crate::data::catalogue::{Model, usd};
use crate::data::histogram::{DURATION_MS, LATENCY_MS, Merged};
use crate::data::{AgentStatus, CostRecord, DailyMetric, Dataset, ErrorType, Sentiment};

/// Agents fall into one cell per (model, status) pair, so any model and
/// status filter is a union of cells.
pub const CELLS: usize = Model::ALL.len() * AgentStatus::ALL.len();

/// The cells, then one sink per model: the traffic of deleted agents,
/// billed at that model. A deleted agent has no status, so its traffic
/// counts wherever the status is not filtered on (the fleet, a model) and
/// nowhere else.
const SLOTS: usize = CELLS + Model::ALL.len();

/// The cell of agents on `model` in `status`.
pub fn cell_of(model: Model, status: AgentStatus) -> usize {
    model_slot(model) * AgentStatus::ALL.len() + status_slot(status)
}

/// The sink of deleted agents' traffic billed at `model`.
fn sink_of(model: Model) -> usize {
    CELLS + model_slot(model)
}

/// A set of slots (cells and sinks).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CellMask(u64);

impl CellMask {
    /// Every slot: the whole fleet.
    pub const ALL: CellMask = CellMask((1 << SLOTS) - 1);

    /// The cells whose (model, status) `keep` accepts, and the sink of each
    /// model whose every status it accepts.
    pub fn of(keep: impl Fn(Model, AgentStatus) -> bool) -> CellMask {
        let mut mask = 0;
        for model in Model::ALL {
            let mut every = true;
            for status in AgentStatus::ALL {
                if keep(model, status) {
                    mask |= 1 << cell_of(model, status);
                } else {
                    every = false;
                }
            }
            if every {
                mask |= 1 << sink_of(model);
            }
        }
        CellMask(mask)
    }

    /// The slots as bits, for a key that names the set.
    pub fn bits(self) -> u64 {
        self.0
    }

    pub fn contains(self, cell: usize) -> bool {
        self.0 & (1 << cell) != 0
    }

    fn cells(self) -> impl Iterator<Item = usize> {
        (0..SLOTS).filter(move |&c| self.contains(c))
    }
}

/// Which agents an aggregate covers.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum AgentSet {
    /// Every agent of these cells; served from the roll-ups.
    Cells(CellMask),
    /// These agent rows, ascending and distinct; their own rows are summed.
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

    /// The agents of this set in `status`.
    pub fn in_status(&self, d: &Dataset, status: AgentStatus) -> AgentSet {
        match self {
            AgentSet::Cells(mask) => AgentSet::Cells(CellMask(mask.0 & CellMask::of(|_, s| s == status).0)),
            AgentSet::Agents(rows) => {
                AgentSet::Agents(rows.iter().copied().filter(|&a| d.agents[a as usize].status == status).collect())
            }
        }
    }
}

/// Sums over daily-metric rows and their cost records (same agent and day).
/// All integers: any roll-up is exact, and sums subtract exactly.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Rows summed (daily metrics; equally, cost records), with or without traffic.
    pub rows: u64,
    pub conversations: u64,
    pub succeeded: u64,
    /// Failures per error type, in [`ErrorType::ALL`] order.
    pub errors: [u64; 6],
    /// Conversations per sentiment, in [`Sentiment::ALL`] order.
    pub sentiments: [u64; 3],
    pub resolved: u64,
    pub messages: u64,
    pub replies: u64,
    pub latency_sum_ms: u64,
    pub duration_sum_ms: u64,
    /// The daily metrics' tokens (equal to their cost records', as `check` verifies).
    pub input_tokens: u64,
    pub output_tokens: u64,
    /// The cost records' costs, micro-dollars.
    pub cost_micros: i64,
    /// Tool calls and the failed ones; replies rated and thumbs down
    /// ([`crate::data::spans::TraceCounts`]).
    pub tool_calls: u64,
    pub tool_errors: u64,
    pub rated: u64,
    pub thumbs_down: u64,
}

fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

impl Totals {
    pub fn of_row(metric: &DailyMetric, cost: &CostRecord) -> Self {
        Totals {
            rows: 1,
            conversations: metric.conversations as u64,
            succeeded: metric.succeeded as u64,
            errors: metric.errors.map(u64::from),
            sentiments: metric.sentiments.map(u64::from),
            resolved: metric.resolved as u64,
            messages: metric.messages as u64,
            replies: metric.replies as u64,
            latency_sum_ms: metric.latency_sum_ms,
            duration_sum_ms: metric.duration_sum_ms,
            input_tokens: metric.total_tokens_input,
            output_tokens: metric.total_tokens_output,
            cost_micros: cost.cost_micros,
            tool_calls: metric.traces.tool_calls as u64,
            tool_errors: metric.traces.tool_errors as u64,
            rated: metric.traces.rated as u64,
            thumbs_down: metric.traces.thumbs_down as u64,
        }
    }

    pub fn failed(&self) -> u64 {
        self.conversations - self.succeeded
    }

    pub fn error_count(&self, error: ErrorType) -> u64 {
        self.errors[error as usize]
    }

    pub fn sentiment_count(&self, sentiment: Sentiment) -> u64 {
        self.sentiments[sentiment as usize]
    }

    /// USD.
    pub fn cost(&self) -> f64 {
        usd(self.cost_micros)
    }

    /// Mean reply latency, ms; `None` without traffic.
    pub fn avg_response_time(&self) -> Option<f64> {
        ratio(self.latency_sum_ms, self.replies)
    }

    /// Mean conversation duration, ms; `None` without traffic.
    pub fn avg_duration_ms(&self) -> Option<f64> {
        ratio(self.duration_sum_ms, self.conversations)
    }

    /// Succeeded / conversations; `None` without traffic.
    pub fn success_rate(&self) -> Option<f64> {
        ratio(self.succeeded, self.conversations)
    }

    /// Failed / conversations; `None` without traffic.
    pub fn error_rate(&self) -> Option<f64> {
        ratio(self.failed(), self.conversations)
    }

    /// Resolved without a human / conversations; `None` without traffic.
    pub fn resolution_rate(&self) -> Option<f64> {
        ratio(self.resolved, self.conversations)
    }

    /// Share of one sentiment; `None` without traffic.
    pub fn sentiment_share(&self, sentiment: Sentiment) -> Option<f64> {
        ratio(self.sentiment_count(sentiment), self.conversations)
    }

    /// Mean sentiment score (positive +1, neutral 0, negative −1); `None` without traffic.
    pub fn sentiment_score(&self) -> Option<f64> {
        let [positive, _, negative] = self.sentiments;
        (self.conversations > 0).then(|| (positive as f64 - negative as f64) / self.conversations as f64)
    }

    /// Messages per conversation; `None` without traffic.
    pub fn messages_per_conversation(&self) -> Option<f64> {
        ratio(self.messages, self.conversations)
    }

    /// Failed tool calls / tool calls; `None` without tool calls.
    pub fn tool_error_rate(&self) -> Option<f64> {
        ratio(self.tool_errors, self.tool_calls)
    }

    /// Rated replies / replies; `None` without replies.
    pub fn rated_share(&self) -> Option<f64> {
        ratio(self.rated, self.replies)
    }

    /// Rated replies that were not thumbs down.
    pub fn thumbs_up(&self) -> u64 {
        self.rated.saturating_sub(self.thumbs_down)
    }

    /// Thumbs up / rated replies; `None` without ratings.
    pub fn positive_share(&self) -> Option<f64> {
        ratio(self.thumbs_up(), self.rated)
    }

    /// USD per conversation; `None` without traffic.
    pub fn cost_per_conversation(&self) -> Option<f64> {
        (self.conversations > 0).then(|| self.cost() / self.conversations as f64)
    }
}

impl AddAssign for Totals {
    fn add_assign(&mut self, o: Totals) {
        self.rows += o.rows;
        self.conversations += o.conversations;
        self.succeeded += o.succeeded;
        for (a, b) in self.errors.iter_mut().zip(o.errors) {
            *a += b;
        }
        for (a, b) in self.sentiments.iter_mut().zip(o.sentiments) {
            *a += b;
        }
        self.resolved += o.resolved;
        self.messages += o.messages;
        self.replies += o.replies;
        self.latency_sum_ms += o.latency_sum_ms;
        self.duration_sum_ms += o.duration_sum_ms;
        self.input_tokens += o.input_tokens;
        self.output_tokens += o.output_tokens;
        self.cost_micros += o.cost_micros;
        self.tool_calls += o.tool_calls;
        self.tool_errors += o.tool_errors;
        self.rated += o.rated;
        self.thumbs_down += o.thumbs_down;
    }
}

/// The difference of two sums (the first containing the second).
impl Sub for Totals {
    type Output = Totals;

    fn sub(self, o: Totals) -> Totals {
        Totals {
            rows: self.rows - o.rows,
            conversations: self.conversations - o.conversations,
            succeeded: self.succeeded - o.succeeded,
            errors: std::array::from_fn(|i| self.errors[i] - o.errors[i]),
            sentiments: std::array::from_fn(|i| self.sentiments[i] - o.sentiments[i]),
            resolved: self.resolved - o.resolved,
            messages: self.messages - o.messages,
            replies: self.replies - o.replies,
            latency_sum_ms: self.latency_sum_ms - o.latency_sum_ms,
            duration_sum_ms: self.duration_sum_ms - o.duration_sum_ms,
            input_tokens: self.input_tokens - o.input_tokens,
            output_tokens: self.output_tokens - o.output_tokens,
            cost_micros: self.cost_micros - o.cost_micros,
            tool_calls: self.tool_calls - o.tool_calls,
            tool_errors: self.tool_errors - o.tool_errors,
            rated: self.rated - o.rated,
            thumbs_down: self.thumbs_down - o.thumbs_down,
        }
    }
}

/// Sums with the merged latency and duration distributions of the same rows.
#[derive(Clone, Debug, PartialEq)]
pub struct Telemetry {
    pub totals: Totals,
    /// Reply latencies, ms ([`LATENCY_MS`]).
    pub latency: Merged,
    /// Conversation durations, ms ([`DURATION_MS`]).
    pub durations: Merged,
}

impl Default for Telemetry {
    fn default() -> Self {
        Telemetry { totals: Totals::default(), latency: Merged::new(LATENCY_MS), durations: Merged::new(DURATION_MS) }
    }
}

impl Telemetry {
    /// One row's telemetry.
    pub fn of_row(metric: &DailyMetric, cost: &CostRecord) -> Telemetry {
        let mut one = Telemetry::default();
        one.add_row(metric, cost);
        one
    }

    pub fn add_row(&mut self, metric: &DailyMetric, cost: &CostRecord) {
        self.totals += Totals::of_row(metric, cost);
        self.latency.add(&metric.latency);
        self.durations.add(&metric.durations);
    }

    pub fn add(&mut self, other: &Telemetry) {
        self.totals += other.totals;
        self.latency.add_merged(&other.latency);
        self.durations.add_merged(&other.durations);
    }

    /// Removes `other`, which this holds.
    pub fn sub(&mut self, other: &Telemetry) {
        self.totals = self.totals - other.totals;
        self.latency.sub_merged(&other.latency);
        self.durations.sub_merged(&other.durations);
    }
}

/// Everything precomputed for analytics over one dataset, built on first
/// use. A write carries the built parts over to the next snapshot and
/// updates only what it changed (see [`Rollups::carried`]); parts not yet
/// built stay unbuilt, so a write never builds or rebuilds one.
#[derive(Debug, Default)]
pub struct Rollups {
    cells: OnceLock<Arc<CellRollup>>,
    /// Conversation-record rows per cell, in time order.
    records: OnceLock<Arc<Vec<Arc<Vec<u32>>>>>,
}

/// Per-day, per-cell telemetry: O(days × cells × buckets) memory, whatever
/// the number of agents; running totals per cell, so a range's sums are
/// two look-ups; and which agents had traffic, O(days² × cells).
/// A row belongs to the cell of the model it was billed at and its agent's
/// current status.
#[derive(Clone, Debug)]
struct CellRollup {
    /// `[day × SLOTS + slot]`.
    day_cells: Vec<Arc<Telemetry>>,
    /// `[slot][day]`: the slot's totals over days `0..day` (days + 1 of
    /// them), so a range's totals are a difference of two: O(cells)
    /// whatever the range (summing its days was a quarter of a 30-day
    /// `costByModel`'s instructions). One vector per slot, so a write
    /// copies only the slots it changes.
    running: Vec<Arc<Vec<Totals>>>,
    /// Agents per slot (by their current model and status; none in sinks).
    cell_agents: [u64; SLOTS],
    /// `[(start × (days + 1) + end) × SLOTS + slot]`: agents of the cell with
    /// traffic on a day in `start..end`.
    reach: Vec<u32>,
}

/// The cell an agent counts in: none once deleted.
fn agent_cell(d: &Dataset, agent: usize) -> Option<usize> {
    let a = &d.agents[agent];
    a.deleted_at.is_none().then(|| cell_of(a.model, a.status))
}

/// The slot of an agent's traffic billed at `model`: the cell of that model
/// and the agent's status, or the model's sink once the agent is deleted.
fn traffic_slot(d: &Dataset, agent: usize, model: Model) -> usize {
    let a = &d.agents[agent];
    if a.deleted_at.is_some() { sink_of(model) } else { cell_of(model, a.status) }
}

/// The slot of a grid row.
pub(super) fn row_cell(d: &Dataset, agent: usize, row: usize) -> usize {
    traffic_slot(d, agent, d.cost_records[row].model)
}

impl CellRollup {
    /// One pass over the grid.
    fn build(d: &Dataset) -> Self {
        let days = d.window.days as usize;
        let span = days + 1;
        let mut day_cells = vec![Telemetry::default(); days * SLOTS];
        let mut cell_agents = [0; SLOTS];
        let mut reach = vec![0u32; span * span * SLOTS];
        for a in 0..d.agents.len() {
            if let Some(cell) = agent_cell(d, a) {
                cell_agents[cell] += 1;
            }
            for day in 0..days {
                let row = d.grid_row(a as u32, day as u32);
                let c = row_cell(d, a, row);
                day_cells[day * SLOTS + c].add_row(&d.daily_metrics[row], &d.cost_records[row]);
            }
            if let Some(cell) = agent_cell(d, a) {
                add_reach(&mut reach, d, a, cell, 1);
            }
        }
        let mut cells = CellRollup {
            day_cells: day_cells.into_iter().map(Arc::new).collect(),
            running: Vec::new(),
            cell_agents,
            reach,
        };
        cells.running = (0..SLOTS).map(|slot| Arc::new(cells.running_totals(slot))).collect();
        cells
    }

    /// Slot `slot`'s running totals, from its days.
    fn running_totals(&self, slot: usize) -> Vec<Totals> {
        let days = self.day_cells.len() / SLOTS;
        let mut running = Vec::with_capacity(days + 1);
        let mut total = Totals::default();
        running.push(total);
        for day in 0..days {
            total += self.day_cells[day * SLOTS + slot].totals;
            running.push(total);
        }
        running
    }

    /// Adds (`sign` > 0) or removes `one` at `day` of `slot`, and in the
    /// slot's running totals from the next day on: O(days after `day`),
    /// next to nothing for the live simulator's rows, which are the
    /// window's last day.
    fn change(&mut self, day: usize, slot: usize, one: &Telemetry, sign: i64) {
        let cell = Arc::make_mut(&mut self.day_cells[day * SLOTS + slot]);
        if sign < 0 {
            cell.sub(one)
        } else {
            cell.add(one)
        }
        for total in &mut Arc::make_mut(&mut self.running[slot])[day + 1..] {
            if sign < 0 {
                *total = *total - one.totals;
            } else {
                *total += one.totals;
            }
        }
    }
}

/// Adds `sign` × agent `a`'s traffic days to the reach table of `cell`:
/// for every `start..end` holding a day with traffic, one agent. O(days²).
fn add_reach(reach: &mut [u32], d: &Dataset, a: usize, cell: usize, sign: i64) {
    let days = d.window.days as usize;
    let span = days + 1;
    let mut next_traffic = None;
    for start in (0..days).rev() {
        if d.daily_metrics[d.grid_row(a as u32, start as u32)].conversations > 0 {
            next_traffic = Some(start);
        }
        if let Some(day) = next_traffic {
            for end in day + 1..span {
                let slot = &mut reach[(start * span + end) * SLOTS + cell];
                *slot = (*slot as i64 + sign).max(0) as u32;
            }
        }
    }
}

impl Rollups {
    /// The roll-ups for the next snapshot: every built part, shared until
    /// a write changes it.
    pub fn carried(&self) -> Rollups {
        let next = Rollups::default();
        if let Some(cells) = self.cells.get() {
            let _ = next.cells.set(cells.clone());
        }
        if let Some(records) = self.records.get() {
            let _ = next.records.set(records.clone());
        }
        next
    }

    fn cells_mut(&mut self) -> Option<&mut CellRollup> {
        self.cells.get_mut().map(Arc::make_mut)
    }

    /// An agent row was added (with empty grid rows): count it and its rows.
    pub fn agent_added(&mut self, d: &Dataset, agent: usize) {
        let days = d.window.days as usize;
        if let Some(cells) = self.cells_mut() {
            if let Some(cell) = agent_cell(d, agent) {
                cells.cell_agents[cell] += 1;
            }
            for day in 0..days {
                let row = d.grid_row(agent as u32, day as u32);
                let slot = row_cell(d, agent, row);
                cells.change(day, slot, &Telemetry::of_row(&d.daily_metrics[row], &d.cost_records[row]), 1);
            }
        }
    }

    /// A live agent's status changed, or it was deleted (`before` → the
    /// agent in `d`): its rows move between slots, as do its conversation
    /// records (`conversations`, its rows in the conversations table), and
    /// its count moves to its new cell (none once deleted). O(days × buckets
    /// + days² + its records × log).
    pub fn agent_moved(&mut self, d: &Dataset, agent: usize, before: (Model, AgentStatus), conversations: &[u32]) {
        let days = d.window.days as usize;
        let (model_before, before) = before;
        let (from, to) = (cell_of(model_before, before), agent_cell(d, agent));
        if let Some(cells) = self.cells_mut() {
            cells.cell_agents[from] = cells.cell_agents[from].saturating_sub(1);
            if let Some(to) = to {
                cells.cell_agents[to] += 1;
            }
            for day in 0..days {
                let row = d.grid_row(agent as u32, day as u32);
                let one = Telemetry::of_row(&d.daily_metrics[row], &d.cost_records[row]);
                let (old, new) = (cell_of(d.cost_records[row].model, before), row_cell(d, agent, row));
                cells.change(day, old, &one, -1);
                cells.change(day, new, &one, 1);
            }
            add_reach(&mut cells.reach, d, agent, from, -1);
            if let Some(to) = to {
                add_reach(&mut cells.reach, d, agent, to, 1);
            }
        }
        if let Some(records) = self.records.get_mut() {
            let records = Arc::make_mut(records);
            for &row in conversations {
                let model = d.conversations[row as usize].model;
                let old = Arc::make_mut(&mut records[cell_of(model, before)]);
                if let Ok(at) = old.binary_search(&row) {
                    old.remove(at);
                }
                let new = Arc::make_mut(&mut records[traffic_slot(d, agent, model)]);
                if let Err(at) = new.binary_search(&row) {
                    new.insert(at, row);
                }
            }
        }
    }

    /// Grid row `row` of agent `agent` is about to change: takes its
    /// current figures out (and, with `reach`, because the row gains its
    /// first traffic, the agent's traffic days out of the reach table).
    /// Call [`Rollups::row_changed`] with the same `reach` once it has.
    pub fn row_changing(&mut self, d: &Dataset, agent: usize, row: usize, reach: bool) {
        self.row_delta(d, agent, row, -1, reach);
    }

    /// Grid row `row` of agent `agent` changed: puts its new figures in.
    pub fn row_changed(&mut self, d: &Dataset, agent: usize, row: usize, reach: bool) {
        self.row_delta(d, agent, row, 1, reach);
    }

    fn row_delta(&mut self, d: &Dataset, agent: usize, row: usize, sign: i64, reach: bool) {
        let days = d.window.days as usize;
        let day = row % days.max(1);
        let Some(cells) = self.cells_mut() else { return };
        let slot = row_cell(d, agent, row);
        cells.change(day, slot, &Telemetry::of_row(&d.daily_metrics[row], &d.cost_records[row]), sign);
        // A deleted agent reaches no cell (it has no status).
        if let Some(cell) = agent_cell(d, agent).filter(|_| reach) {
            add_reach(&mut cells.reach, d, agent, cell, sign);
        }
    }

    /// Conversation row `row` was appended (the newest): it joins its slot.
    pub fn conversation_added(&mut self, d: &Dataset, row: u32) {
        if let Some(records) = self.records.get_mut() {
            let c = &d.conversations[row as usize];
            let slot = traffic_slot(d, c.agent as usize, c.model);
            Arc::make_mut(&mut Arc::make_mut(records)[slot]).push(row);
        }
    }

    /// A live agent's current model changed: its count and reach move to
    /// its new cell; its rows keep the model they were billed at.
    pub fn agent_remodelled(&mut self, d: &Dataset, agent: usize, before: Model) {
        let from = cell_of(before, d.agents[agent].status);
        let Some(to) = agent_cell(d, agent) else { return };
        if let Some(cells) = self.cells_mut() {
            cells.cell_agents[from] = cells.cell_agents[from].saturating_sub(1);
            cells.cell_agents[to] += 1;
            add_reach(&mut cells.reach, d, agent, from, -1);
            add_reach(&mut cells.reach, d, agent, to, 1);
        }
    }
}

/// Analytics queries. `days` are window days (0 = the window's first) and
/// may reach past either end of the window, where there is no data.
impl Snapshot {
    fn cells(&self) -> &CellRollup {
        self.rollups.cells.get_or_init(|| Arc::new(CellRollup::build(&self.dataset)))
    }

    fn record_cells(&self) -> &[Arc<Vec<u32>>] {
        self.rollups.records.get_or_init(|| {
            let d = &self.dataset;
            let mut cells = vec![Vec::new(); SLOTS];
            for (row, c) in d.conversations.iter().enumerate() {
                cells[traffic_slot(d, c.agent as usize, c.model)].push(row as u32);
            }
            Arc::new(cells.into_iter().map(Arc::new).collect())
        })
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
                    agent.deleted_at.is_none() && mask.contains(cell_of(agent.model, agent.status))
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

    /// Telemetry of a set, one per day of `days` (empty outside the window).
    pub fn telemetry_days(&self, set: &AgentSet, days: Range<i64>) -> Vec<Telemetry> {
        let inside = self.in_window(&days);
        let mut out = vec![Telemetry::default(); (days.end - days.start).max(0) as usize];
        if inside.is_empty() {
            return out;
        }
        let slots = &mut out[(inside.start as i64 - days.start) as usize..];
        let d = &self.dataset;
        match set {
            AgentSet::Cells(mask) => {
                let day_cells = &self.cells().day_cells;
                for (slot, day) in slots.iter_mut().zip(inside) {
                    for c in mask.cells() {
                        slot.add(&day_cells[day * SLOTS + c]);
                    }
                }
            }
            AgentSet::Agents(rows) => {
                for (slot, day) in slots.iter_mut().zip(inside) {
                    for &a in rows {
                        let row = d.grid_row(a, day as u32);
                        slot.add_row(&d.daily_metrics[row], &d.cost_records[row]);
                    }
                }
            }
        }
        out
    }

    /// Telemetry of a set over `days`: O(days × cells × buckets), or
    /// O(days × agents × buckets) for named agents.
    pub fn telemetry(&self, set: &AgentSet, days: Range<i64>) -> Telemetry {
        let mut total = Telemetry::default();
        for day in self.telemetry_days(set, days) {
            total.add(&day);
        }
        total
    }

    /// Sums of a set over `days`, without distributions: O(cells), or
    /// O(days × agents) for named agents.
    pub fn totals(&self, set: &AgentSet, days: Range<i64>) -> Totals {
        let inside = self.in_window(&days);
        let mut total = Totals::default();
        match set {
            AgentSet::Cells(mask) => {
                let running = &self.cells().running;
                for c in mask.cells() {
                    total += running[c][inside.end] - running[c][inside.start];
                }
            }
            AgentSet::Agents(rows) => {
                for &a in rows {
                    total += self.agent_totals(a, days.clone());
                }
            }
        }
        total
    }

    /// One agent's sums over `days`: O(days).
    pub fn agent_totals(&self, agent: u32, days: Range<i64>) -> Totals {
        let d = &self.dataset;
        self.in_window(&days).fold(Totals::default(), |mut total, day| {
            let row = d.grid_row(agent, day as u32);
            total += Totals::of_row(&d.daily_metrics[row], &d.cost_records[row]);
            total
        })
    }

    /// Hour-fine telemetry of a set, 24 UTC hours per day of `days` (empty
    /// outside the window): each row split across its hours
    /// ([`super::hours`]), summed over the set's rows, so a day's hours add
    /// up to the day. O(days × agents × buckets).
    pub fn hourly_telemetry(&self, set: &AgentSet, days: Range<i64>) -> Vec<[Telemetry; 24]> {
        let inside = self.in_window(&days);
        let empty = || std::array::from_fn(|_| Telemetry::default());
        let mut out: Vec<[Telemetry; 24]> = (days.start..days.end.max(days.start)).map(|_| empty()).collect();
        if inside.is_empty() {
            return out;
        }
        let offset = (inside.start as i64 - days.start) as usize;
        let d = &self.dataset;
        for (i, day) in inside.enumerate() {
            let hours = &mut out[offset + i];
            for row in self.rows_on(set, day as u32) {
                super::hours::add_split(&d.daily_metrics[row], &d.cost_records[row], hours);
            }
        }
        out
    }

    /// The grid rows of a set on window day `day`: its named agents', or
    /// every row in its roll-up cells (deleted agents' traffic included).
    pub(super) fn rows_on<'a>(&'a self, set: &'a AgentSet, day: u32) -> impl Iterator<Item = usize> + 'a {
        let d = &self.dataset;
        let agents: Box<dyn Iterator<Item = u32> + 'a> = match set {
            AgentSet::Cells(_) => Box::new(0..d.agents.len() as u32),
            AgentSet::Agents(rows) => Box::new(rows.iter().copied()),
        };
        agents.map(move |a| (a, d.grid_row(a, day))).filter_map(move |(a, row)| match set {
            AgentSet::Cells(mask) if !mask.contains(row_cell(d, a as usize, row)) => None,
            _ => Some(row),
        })
    }

    /// Agents of a set with traffic on at least one day of `days`: O(cells),
    /// or O(agents × days) for named agents.
    pub fn agents_with_traffic(&self, set: &AgentSet, days: Range<i64>) -> u64 {
        let inside = self.in_window(&days);
        match set {
            AgentSet::Cells(mask) => {
                let at = (inside.start * (self.dataset.window.days as usize + 1) + inside.end) * SLOTS;
                mask.cells().map(|c| self.cells().reach[at + c] as u64).sum()
            }
            AgentSet::Agents(rows) => {
                rows.iter().filter(|&&a| self.agent_totals(a, days.clone()).conversations > 0).count() as u64
            }
        }
    }

    /// Conversation records (the retained sample) of a set started in `[from, to)`.
    pub fn sampled_records(&self, set: &AgentSet, from: DateTime<Utc>, to: DateTime<Utc>) -> u64 {
        let d = &self.dataset;
        let to = to.max(from);
        match set {
            AgentSet::Cells(mask) => mask
                .cells()
                .map(|c| {
                    let rows = &self.record_cells()[c];
                    let at = |t: DateTime<Utc>| rows.partition_point(|&r| d.conversations[r as usize].started_at < t);
                    (at(to) - at(from)) as u64
                })
                .sum(),
            AgentSet::Agents(rows) => {
                rows.iter().map(|&a| self.agent_conversations(a, Some(from), Some(to)).len() as u64).sum()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_masks_select_by_model_and_status() {
        let mask = CellMask::of(|m, s| m == Model::Gpt4o && s == AgentStatus::Active);
        assert_eq!(mask.cells().count(), 1);
        assert!(mask.contains(cell_of(Model::Gpt4o, AgentStatus::Active)));
        assert_eq!(CellMask::ALL.cells().count(), SLOTS);
        // Deleted agents' traffic counts where the status is not filtered on.
        let on_model = CellMask::of(|m, _| m == Model::Gpt4o);
        assert!(on_model.contains(sink_of(Model::Gpt4o)) && !on_model.contains(sink_of(Model::Gpt35Turbo)));
        assert!(!CellMask::of(|_, s| s != AgentStatus::Error).contains(sink_of(Model::Gpt4o)));
        assert_eq!(CellMask::of(|_, _| true), CellMask::ALL);
    }

    #[test]
    fn totals_add_and_subtract_exactly() {
        let mut a = Totals { rows: 1, conversations: 10, succeeded: 9, cost_micros: 5, ..Totals::default() };
        a.errors[2] = 1;
        let mut sum = a;
        sum += a;
        assert_eq!(sum.conversations, 20);
        assert_eq!(sum - a, a);
        assert_eq!(a.error_rate(), Some(0.1));
        assert_eq!(Totals::default().success_rate(), None);
    }
}
