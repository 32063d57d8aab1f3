//! Telemetry by channel and by complexity. Each day's row counts its
//! conversations, failures, resolutions and tokens per channel and per
//! complexity as the simulation drew them ([`crate::data::Mix`]); a
//! group's cost is the row's cost shared among the groups by what their
//! tokens cost at the row's model, in whole micro-dollars, so the groups
//! of a row add up to the row exactly. A day a span cuts counts its
//! hours: each group quantity is split across the day's hours as the
//! day's own figures are ([`super::hours`]), a table whose hours and
//! groups both add up, so a group's hours add up to its day.
//!
//! Computed on demand (only a summary asked for `byChannel` or
//! `byComplexity` pays for it): O(agents × days) over the rows.

use std::ops::Range;

use crate::data::{CostRecord, DailyMetric, GroupCounts};

use super::Snapshot;
use super::hours::{Hours, apportion, split_table};
use super::rollups::{AgentSet, Totals};

/// One group's sums: a channel's or a complexity's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GroupTotals {
    pub conversations: u64,
    pub failed: u64,
    pub resolved: u64,
    pub input_tokens: u64,
    pub output_tokens: u64,
    pub cost_micros: i64,
}

impl From<GroupTotals> for Totals {
    /// A group as telemetry sums, for their rates: what the group does not
    /// count (messages, latency, sentiment) stays 0.
    fn from(g: GroupTotals) -> Totals {
        Totals {
            conversations: g.conversations,
            succeeded: g.conversations - g.failed.min(g.conversations),
            resolved: g.resolved,
            input_tokens: g.input_tokens,
            output_tokens: g.output_tokens,
            cost_micros: g.cost_micros,
            ..Totals::default()
        }
    }
}

/// Sums by channel ([`crate::data::Channel::ALL`] order) and by complexity
/// ([`crate::data::kinds::Complexity::ALL`] order).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MixTotals {
    pub channels: [GroupTotals; 5],
    pub complexities: [GroupTotals; 3],
}

/// The row's cost shared among `groups` by what their tokens cost at its
/// model (largest remainder: they add up to the row's cost).
fn group_costs<const N: usize>(groups: &[GroupCounts; N], cost: &CostRecord) -> [u64; N] {
    let priced = groups.map(|g| cost.model.cost_micros(g.input_tokens, g.output_tokens).max(0) as u64);
    apportion(cost.cost_micros.max(0) as u64, &priced)
}

/// Adds one side (channels or complexities) of a whole row.
fn add_side<const N: usize>(out: &mut [GroupTotals; N], groups: &[GroupCounts; N], cost: &CostRecord) {
    let costs = group_costs(groups, cost);
    for ((o, g), c) in out.iter_mut().zip(groups).zip(costs) {
        o.conversations += u64::from(g.conversations);
        o.failed += u64::from(g.failed);
        o.resolved += u64::from(g.resolved);
        o.input_tokens += g.input_tokens;
        o.output_tokens += g.output_tokens;
        o.cost_micros += c as i64;
    }
}

/// Adds one side of a row's hours `hours`: each quantity split as a table
/// whose hours add up to the row's share of that hour ([`super::hours`])
/// and whose groups add up to the group's day.
fn add_side_hours<const N: usize>(
    out: &mut [GroupTotals; N],
    groups: &[GroupCounts; N],
    metric: &DailyMetric,
    cost: &CostRecord,
    hours: Range<usize>,
) {
    let weights: [u64; 24] = metric.hourly.map(u64::from);
    if weights.iter().sum::<u64>() == 0 {
        return;
    }
    let costs = group_costs(groups, cost);
    let column = |f: &dyn Fn(&GroupCounts) -> u64| groups.iter().map(f).collect::<Vec<u64>>();
    let share = |value: u64| apportion(value, &weights);
    // Failures and successes are split apart, so no group's hour holds
    // more failures than conversations (a split of the conversations and
    // another of the failures can: one hour's conversation to one group,
    // its failure to another).
    let failed = split_table(&metric.hourly_failed.map(u64::from), &column(&|g| u64::from(g.failed)));
    let hourly_succeeded: [u64; 24] =
        std::array::from_fn(|h| u64::from(metric.hourly[h]).saturating_sub(u64::from(metric.hourly_failed[h])));
    let succeeded = split_table(&hourly_succeeded, &column(&|g| u64::from(g.conversations.saturating_sub(g.failed))));
    let conversations: Vec<Vec<u64>> =
        failed.iter().zip(&succeeded).map(|(f, s)| f.iter().zip(s).map(|(f, s)| f + s).collect()).collect();
    let tables = [
        conversations,
        failed,
        split_table(&share(u64::from(metric.resolved)), &column(&|g| u64::from(g.resolved))),
        split_table(&share(metric.total_tokens_input), &column(&|g| g.input_tokens)),
        split_table(&share(metric.total_tokens_output), &column(&|g| g.output_tokens)),
        split_table(&share(cost.cost_micros.max(0) as u64), &costs),
    ];
    let sum = |table: &Vec<Vec<u64>>, g: usize| -> u64 { table[hours.clone()].iter().map(|row| row[g]).sum() };
    for (g, o) in out.iter_mut().enumerate() {
        o.conversations += sum(&tables[0], g);
        o.failed += sum(&tables[1], g);
        o.resolved += sum(&tables[2], g);
        o.input_tokens += sum(&tables[3], g);
        o.output_tokens += sum(&tables[4], g);
        o.cost_micros += sum(&tables[5], g) as i64;
    }
}

impl MixTotals {
    /// Adds a row's hours `hours` (all 24: the whole row).
    pub fn add_row(&mut self, metric: &DailyMetric, cost: &CostRecord, hours: Range<usize>) {
        if hours == (0..24) {
            add_side(&mut self.channels, &metric.mix.channels, cost);
            add_side(&mut self.complexities, &metric.mix.complexities, cost);
        } else {
            add_side_hours(&mut self.channels, &metric.mix.channels, metric, cost, hours.clone());
            add_side_hours(&mut self.complexities, &metric.mix.complexities, metric, cost, hours);
        }
    }
}

impl Snapshot {
    /// A set's sums by channel and by complexity over a span (deleted
    /// agents' traffic in a roll-up set's, as its telemetry has it).
    pub fn mix_in(&self, set: &AgentSet, span: Hours) -> MixTotals {
        let d = &self.dataset;
        let window_days = i64::from(d.window.days);
        let (head, whole, tail) = span.split();
        let mut days: Vec<(i64, Range<usize>)> = Vec::new();
        days.extend(head);
        days.extend(whole.map(|day| (day, 0..24)));
        days.extend(tail);
        days.retain(|(day, _)| (0..window_days).contains(day));
        let mut out = MixTotals::default();
        for (day, hours) in &days {
            for row in self.rows_on(set, *day as u32) {
                out.add_row(&d.daily_metrics[row], &d.cost_records[row], hours.clone());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Params, Sizes};

    /// Every row's groups add up to the row, on either side, and a row's
    /// hours add up to the row, group by group.
    #[test]
    fn groups_and_hours_add_up_to_the_row() {
        let params = Params::new(12345, "2025-01-19T14:00:00Z".parse().unwrap(), Sizes::default());
        let d = crate::data::generate(&params).unwrap();
        let mut busy = 0;
        for (metric, cost) in d.daily_metrics.iter().zip(d.cost_records.iter()) {
            let mut whole = MixTotals::default();
            whole.add_row(metric, cost, 0..24);
            for side in [&whole.channels[..], &whole.complexities[..]] {
                let sum = |f: fn(&GroupTotals) -> u64| side.iter().map(f).sum::<u64>();
                assert_eq!(sum(|g| g.conversations), u64::from(metric.conversations));
                assert_eq!(sum(|g| g.failed), u64::from(metric.failed()));
                assert_eq!(sum(|g| g.resolved), u64::from(metric.resolved));
                assert_eq!(sum(|g| g.input_tokens), metric.total_tokens_input);
                assert_eq!(sum(|g| g.output_tokens), metric.total_tokens_output);
                assert_eq!(side.iter().map(|g| g.cost_micros).sum::<i64>(), cost.cost_micros.max(0));
            }
            let mut hours = MixTotals::default();
            for h in 0..24 {
                hours.add_row(metric, cost, h..h + 1);
                let mut one = MixTotals::default();
                one.add_row(metric, cost, h..h + 1);
                assert!(one.channels.iter().chain(&one.complexities).all(|g| g.failed <= g.conversations));
            }
            assert_eq!(hours, whole, "{} on {}", metric.agent, metric.date);
            let mut halves = MixTotals::default();
            halves.add_row(metric, cost, 0..13);
            halves.add_row(metric, cost, 13..24);
            assert_eq!(halves, whole);
            busy += usize::from(whole.channels.iter().filter(|g| g.conversations > 0).count() > 1);
        }
        assert!(busy > 100, "conversations come over several channels");
    }

    /// An hour's failure goes to a group that has a conversation in that
    /// hour: a row whose lone 11:00 conversation failed (found at a
    /// seed, where splitting conversations and failures apart gave the
    /// conversation to one complexity and its failure to another, which
    /// then read as 0 failed).
    #[test]
    fn no_group_hour_holds_more_failures_than_conversations() {
        let params = Params::new(12345, "2025-01-19T14:00:00Z".parse().unwrap(), Sizes::default());
        let d = crate::data::generate(&params).unwrap();
        let (mut metric, cost) = (d.daily_metrics[0].clone(), d.cost_records[0].clone());
        let at = |pairs: &[(usize, u16)]| {
            let mut hours = [0u16; 24];
            for &(h, n) in pairs {
                hours[h] = n;
            }
            hours
        };
        metric.hourly = at(&[(0, 2), (1, 6), (5, 1), (11, 1), (13, 1)]);
        metric.hourly_failed = at(&[(0, 1), (1, 2), (11, 1)]);
        metric.conversations = 11;
        let group = |conversations, failed| GroupCounts { conversations, failed, ..GroupCounts::default() };
        metric.mix.complexities = [group(3, 1), group(4, 2), group(4, 1)];
        metric.mix.channels = [group(11, 4), group(0, 0), group(0, 0), group(0, 0), group(0, 0)];
        let mut failed_at_11 = 0;
        for h in 0..24 {
            let mut one = MixTotals::default();
            one.add_row(&metric, &cost, h..h + 1);
            for g in one.channels.iter().chain(&one.complexities) {
                assert!(g.failed <= g.conversations, "hour {h}: {g:?}");
            }
            if h == 11 {
                failed_at_11 = one.complexities.iter().map(|g| g.failed).sum();
            }
        }
        assert_eq!(failed_at_11, 1, "the 11:00 failure is some complexity's");
    }
}
