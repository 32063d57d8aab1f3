//! Hour-fine telemetry. A day's row records its conversations and failures
//! per UTC hour; everything else (tokens, cost, latency and duration
//! distributions, errors by type, sentiment, messages, resolutions) is
//! recorded for the day. Splitting a row across its hours gives each hour
//! its share of the day by the hour's conversations, in whole units, so
//! the hours of a day add up to the day exactly, every count and every
//! micro-dollar (a test checks every field), and the split of many rows is
//! the sum of their splits.
//!
//! Each quantity is apportioned by largest remainder (Hamilton's method,
//! ties to the earlier hour). A quantity with a breakdown (errors by type,
//! sentiments, histogram buckets) is split as a table whose row sums (per
//! hour) and column sums (per type or bucket) are both fixed: hour by hour,
//! each hour's total is shared among the columns by what they have left,
//! so the last hour takes exactly what remains.

use std::ops::Range;

use crate::data::{CostRecord, DailyMetric};

use super::Snapshot;
use super::rollups::{AgentSet, Telemetry, Totals};

/// A span of whole UTC hours, `[start, end)`, counted from the window's
/// first midnight (hour 0); it may reach outside the window, where there
/// is no traffic. A range of days is a span whose ends are midnights.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Hours {
    pub start: i64,
    pub end: i64,
}

/// A day the span cuts: the day and its hours inside the span.
pub type CutDay = (i64, Range<usize>);

impl Hours {
    /// The days it touches, whole or cut.
    pub fn touched(self) -> Range<i64> {
        self.start.div_euclid(24)..self.end.max(self.start).div_euclid(24) + i64::from(self.end.rem_euclid(24) != 0)
    }

    /// Its days, when both ends are midnights.
    pub fn whole_days(self) -> Option<Range<i64>> {
        (self.start.rem_euclid(24) == 0 && self.end.rem_euclid(24) == 0).then(|| self.touched())
    }

    /// The span as the days it cuts at either end and the whole days
    /// between them: `(head, whole, tail)`. A span inside one day is a head.
    pub fn split(self) -> (Option<CutDay>, Range<i64>, Option<CutDay>) {
        let (start, end) = (self.start, self.end.max(self.start));
        let hour = |t: i64| t.rem_euclid(24) as usize;
        let (first, last) = (start.div_euclid(24), end.div_euclid(24));
        if first == last {
            let head = (start < end).then(|| (first, hour(start)..hour(end)));
            return (head, first..first, None);
        }
        let head = (hour(start) != 0).then(|| (first, hour(start)..24));
        let tail = (hour(end) != 0).then(|| (last, 0..hour(end)));
        (head.clone(), first + i64::from(head.is_some())..last, tail)
    }
}

impl Snapshot {
    /// Telemetry of a set over the hours `hours` of window day `day` (the
    /// day's hour-fine split, [`add_split`]); `rows` counts the day's
    /// records, as a record is not cut.
    fn cut_day(&self, set: &AgentSet, (day, hours): &CutDay) -> Telemetry {
        let mut t = Telemetry::default();
        if let Some(day_hours) = self.hourly_telemetry(set, *day..*day + 1).first() {
            for hour in &day_hours[hours.clone()] {
                t.add(hour);
            }
        }
        t.totals.rows = self.totals(set, *day..*day + 1).rows;
        t
    }

    /// Telemetry of a set over a span, one per day it touches, the days it
    /// cuts holding their hours inside it: whole days as
    /// [`Snapshot::telemetry_days`], cut ones O(agents × buckets).
    pub fn telemetry_days_in(&self, set: &AgentSet, span: Hours) -> Vec<Telemetry> {
        let touched = span.touched();
        let mut days = self.telemetry_days(set, touched.clone());
        let (head, _, tail) = span.split();
        for cut in head.iter().chain(tail.iter()) {
            if let Some(slot) = days.get_mut((cut.0 - touched.start) as usize) {
                *slot = self.cut_day(set, cut);
            }
        }
        days
    }

    /// Telemetry of a set over a span.
    pub fn telemetry_in(&self, set: &AgentSet, span: Hours) -> Telemetry {
        if let Some(days) = span.whole_days() {
            return self.telemetry(set, days);
        }
        let mut total = Telemetry::default();
        for day in self.telemetry_days_in(set, span) {
            total.add(&day);
        }
        total
    }

    /// Sums of a set over a span: whole days O(days × cells), cut ones
    /// O(agents × buckets).
    pub fn totals_in(&self, set: &AgentSet, span: Hours) -> Totals {
        let (head, whole, tail) = span.split();
        let mut total = self.totals(set, whole);
        for cut in head.iter().chain(tail.iter()) {
            total += self.cut_day(set, cut).totals;
        }
        total
    }

    /// One agent's sums over a span.
    pub fn agent_totals_in(&self, agent: u32, span: Hours) -> Totals {
        match span.whole_days() {
            Some(days) => self.agent_totals(agent, days),
            None => self.totals_in(&AgentSet::Agents(vec![agent]), span),
        }
    }

    /// One agent's telemetry over a span.
    pub fn agent_telemetry_in(&self, agent: u32, span: Hours) -> Telemetry {
        self.telemetry_in(&AgentSet::Agents(vec![agent]), span)
    }

    /// Live agents of a set with a conversation in the span: as
    /// [`Snapshot::agents_with_traffic`] for whole days; for a cut span,
    /// O(agents × days), from each row's conversations per hour.
    pub fn agents_with_traffic_in(&self, set: &AgentSet, span: Hours) -> u64 {
        if let Some(days) = span.whole_days() {
            return self.agents_with_traffic(set, days);
        }
        let d = &self.dataset;
        let window_days = i64::from(d.window.days);
        let (head, whole, tail) = span.split();
        let served = |a: u32| {
            let row = |day: i64| (0..window_days).contains(&day).then(|| &d.daily_metrics[d.grid_row(a, day as u32)]);
            let in_cut = |cut: &Option<CutDay>| match cut {
                Some((day, hours)) => row(*day).is_some_and(|m| m.hourly[hours.clone()].iter().any(|&n| n > 0)),
                None => false,
            };
            in_cut(&head) || in_cut(&tail) || whole.clone().any(|day| row(day).is_some_and(|m| m.conversations > 0))
        };
        self.agents_in(set).into_iter().filter(|&a| served(a)).count() as u64
    }
}

/// Adds the split of one day's row to `hours` (its 24 UTC hours, oldest
/// first).
pub fn add_split(metric: &DailyMetric, cost: &CostRecord, hours: &mut [Telemetry; 24]) {
    let weights: [u64; 24] = metric.hourly.map(u64::from);
    let total: u64 = weights.iter().sum();
    if total == 0 {
        // No traffic: nothing to share (tokens and cost of such a day are 0).
        return;
    }
    let failed: [u64; 24] = metric.hourly_failed.map(u64::from);
    let share = |value: u64| apportion(value, &weights);
    let resolved = share(metric.resolved as u64);
    let messages = share(metric.messages as u64);
    let replies = share(metric.replies as u64);
    let latency_sum = share(metric.latency_sum_ms);
    let duration_sum = share(metric.duration_sum_ms);
    let input = share(metric.total_tokens_input);
    let output = share(metric.total_tokens_output);
    let cost_micros = share(cost.cost_micros.max(0) as u64);
    // Tool calls and ratings follow the replies; their errors and thumbs
    // down follow them (never more in an hour than the hour has).
    let traces = &metric.traces;
    let tool_calls = apportion(traces.tool_calls as u64, &replies);
    let tool_errors = apportion(traces.tool_errors as u64, &tool_calls);
    let rated = apportion(traces.rated as u64, &replies);
    let thumbs_down = apportion(traces.thumbs_down as u64, &rated);
    let errors = split_table(&failed, &metric.errors.map(u64::from));
    let sentiments = split_table(&weights, &metric.sentiments.map(u64::from));
    let latency = split_table(&replies, &metric.latency.iter().map(|(_, c)| c as u64).collect::<Vec<_>>());
    let durations = split_table(&weights, &metric.durations.iter().map(|(_, c)| c as u64).collect::<Vec<_>>());
    let latency_buckets: Vec<u32> = metric.latency.iter().map(|(b, _)| b).collect();
    let duration_buckets: Vec<u32> = metric.durations.iter().map(|(b, _)| b).collect();
    for (h, hour) in hours.iter_mut().enumerate() {
        // `rows` stays 0: an hour is a slice of a record, not one.
        let mut t = Totals {
            conversations: weights[h],
            succeeded: weights[h] - failed[h].min(weights[h]),
            resolved: resolved[h],
            messages: messages[h],
            replies: replies[h],
            latency_sum_ms: latency_sum[h],
            duration_sum_ms: duration_sum[h],
            input_tokens: input[h],
            output_tokens: output[h],
            cost_micros: cost_micros[h] as i64,
            tool_calls: tool_calls[h],
            tool_errors: tool_errors[h],
            rated: rated[h],
            thumbs_down: thumbs_down[h],
            ..Totals::default()
        };
        for (e, count) in errors[h].iter().enumerate() {
            t.errors[e] = *count;
        }
        for (s, count) in sentiments[h].iter().enumerate() {
            t.sentiments[s] = *count;
        }
        hour.totals += t;
        for (i, &b) in latency_buckets.iter().enumerate() {
            add_to_bucket(&mut hour.latency, b, latency[h][i]);
        }
        for (i, &b) in duration_buckets.iter().enumerate() {
            add_to_bucket(&mut hour.durations, b, durations[h][i]);
        }
    }
}

fn add_to_bucket(merged: &mut crate::data::histogram::Merged, bucket: u32, count: u64) {
    if let Some(slot) = merged.counts.get_mut(bucket as usize) {
        *slot += count;
        merged.total += count;
    }
}

/// `value` shared among slots in proportion to `weights`, in whole units
/// summing to `value` (largest remainder; ties to the earlier slot). All to
/// the first slot when every weight is 0.
pub fn apportion<const N: usize>(value: u64, weights: &[u64; N]) -> [u64; N] {
    let mut out = [0u64; N];
    let total: u64 = weights.iter().sum();
    if total == 0 {
        if N > 0 {
            out[0] = value;
        }
        return out;
    }
    let mut remainders = [(0u64, 0usize); N];
    let mut given = 0;
    for (i, &w) in weights.iter().enumerate() {
        let exact = value as u128 * w as u128;
        out[i] = (exact / total as u128) as u64;
        remainders[i] = ((exact % total as u128) as u64, i);
        given += out[i];
    }
    // Largest remainders first, then the earlier slot.
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, i) in remainders.iter().take((value - given) as usize) {
        out[i] += 1;
    }
    out
}

/// A table with the given row sums (`rows`, per hour) and column sums
/// (`columns`): hour by hour, each row's sum is shared among the columns in
/// proportion to what each has left (largest remainder, never more than a
/// column has left), so every row and every column adds up. The sums must
/// agree (`Σ rows = Σ columns`); where they do not, rows take what is left.
pub(super) fn split_table(rows: &[u64; 24], columns: &[u64]) -> Vec<Vec<u64>> {
    let mut left: Vec<u64> = columns.to_vec();
    let mut table = Vec::with_capacity(24);
    for &row in rows {
        let pool: u64 = left.iter().sum();
        let want = row.min(pool);
        let mut cells = vec![0u64; left.len()];
        if want > 0 {
            let mut given = 0;
            let mut remainders: Vec<(u64, usize)> = Vec::with_capacity(left.len());
            for (c, &l) in left.iter().enumerate() {
                let exact = want as u128 * l as u128;
                cells[c] = (exact / pool as u128) as u64;
                let remainder = (exact % pool as u128) as u64;
                // A column with a remainder has at least one more unit left.
                if remainder > 0 {
                    remainders.push((remainder, c));
                }
                given += cells[c];
            }
            remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            for &(_, c) in remainders.iter().take((want - given) as usize) {
                cells[c] += 1;
            }
            for (l, cell) in left.iter_mut().zip(&cells) {
                *l -= cell;
            }
        }
        table.push(cells);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Params, Sizes};

    #[test]
    fn apportioning_keeps_the_whole() {
        assert_eq!(apportion(10, &[1, 1, 1]), [4, 3, 3]);
        assert_eq!(apportion(7, &[0, 2, 5]), [0, 2, 5]);
        assert_eq!(apportion(5, &[0, 0, 0]), [5, 0, 0]);
        assert_eq!(apportion(0, &[3, 4]), [0, 0]);
        let big = apportion(u64::MAX / 2, &[u64::MAX / 4, u64::MAX / 4]);
        assert_eq!(big.iter().sum::<u64>(), u64::MAX / 2);
    }

    #[test]
    fn spans_split_into_cut_and_whole_days() {
        let span = |start, end| Hours { start, end };
        assert_eq!(span(48, 96).split(), (None, 2..4, None));
        assert_eq!(span(48, 96).whole_days(), Some(2..4));
        assert_eq!(span(50, 100).split(), (Some((2, 2..24)), 3..4, Some((4, 0..4))));
        assert_eq!(span(50, 100).touched(), 2..5);
        assert_eq!(span(50, 60).split(), (Some((2, 2..12)), 2..2, None), "inside one day: a head");
        assert_eq!(span(50, 72).split(), (Some((2, 2..24)), 3..3, None));
        assert_eq!(span(-30, -20).split(), (Some((-2, 18..24)), -1..-1, Some((-1, 0..4))), "before the window");
        assert_eq!(span(50, 50).split(), (None, 2..2, None));
        assert_eq!(span(50, 60).whole_days(), None);
    }

    #[test]
    fn tables_add_up_by_row_and_by_column() {
        let rows = {
            let mut r = [0u64; 24];
            r[3] = 5;
            r[9] = 7;
            r[23] = 2;
            r
        };
        let table = split_table(&rows, &[6, 0, 8]);
        for (h, row) in table.iter().enumerate() {
            assert_eq!(row.iter().sum::<u64>(), rows[h], "hour {h}");
        }
        for c in 0..3 {
            assert_eq!(table.iter().map(|r| r[c]).sum::<u64>(), [6, 0, 8][c], "column {c}");
        }
    }

    #[test]
    fn the_hours_of_every_row_add_up_to_the_row() {
        let params = Params::new(12345, "2025-01-19T14:00:00Z".parse().unwrap(), Sizes::default());
        let d = crate::data::generate(&params).unwrap();
        for (metric, cost) in d.daily_metrics.iter().zip(d.cost_records.iter()) {
            let mut hours: [Telemetry; 24] = std::array::from_fn(|_| Telemetry::default());
            add_split(metric, cost, &mut hours);
            let mut sum = Telemetry::default();
            for hour in &hours {
                sum.add(hour);
                assert!(hour.totals.succeeded <= hour.totals.conversations);
                assert_eq!(hour.latency.total, hour.totals.replies, "an hour's latencies are its replies");
                assert_eq!(hour.durations.total, hour.totals.conversations, "its durations its conversations");
            }
            let mut day = Telemetry::default();
            day.add_row(metric, cost);
            assert_eq!(sum.totals.rows, 0, "an hour is not a record");
            sum.totals.rows = day.totals.rows;
            assert_eq!(sum.totals, day.totals, "{} on {}", metric.agent, metric.date);
            assert_eq!(sum.latency.counts, day.latency.counts);
            assert_eq!(sum.durations.counts, day.durations.counts);
        }
    }
}
