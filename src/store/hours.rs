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

use crate::data::{CostRecord, DailyMetric};

use super::rollups::{Telemetry, Totals};

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
fn split_table(rows: &[u64; 24], columns: &[u64]) -> Vec<Vec<u64>> {
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
