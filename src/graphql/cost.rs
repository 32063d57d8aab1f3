//! What each list-producing field costs in query complexity, in one place.
//! The `#[graphql(complexity = ...)]` annotations of the entity files call
//! these with the field's coerced arguments (variables already resolved) and
//! the cost of one item (`child_complexity`): a field costs the number of
//! items it can produce times what each item selects, so the complexity
//! limit bounds the work of a request and the size of its response.
//!
//! Every result is capped at [`CAP`]: async-graphql sums the costs in a
//! `usize`, and a sum that wrapped around would pass any limit. Requests
//! hold at most `max_fields` fields (the engine's document limits), so a sum of
//! capped costs stays far from overflow.

use super::analytics::BreakdownDimension;
use super::connection::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
use super::range::{DateRange, MAX_RANGE_DAYS};
use super::telemetry::TimeBucket;
use chrono::NaiveDate;

/// The most one field can cost: far over any limit, far under overflow.
#[cfg(target_pointer_width = "64")]
pub const CAP: usize = 1 << 40;

/// The most one field can cost: far over any limit, and 2,048 fields of it
/// still under a 32-bit `usize` (wasm32). A query costing more is refused
/// on both, but its error's figure is at most about this times its fields.
#[cfg(not(target_pointer_width = "64"))]
pub const CAP: usize = 1 << 20;

/// Longest window of days a dataset can have (`--days`).
const MAX_WINDOW_DAYS: usize = crate::data::limits::DAYS.1 as usize;

/// Most messages one transcript has: the longest conversation the data
/// draws (checked against the data by a test).
pub const MAX_TRANSCRIPT: usize = crate::data::kinds::MAX_MESSAGES as usize;

/// Most buckets of one time series (the resolver refuses more).
const MAX_BUCKETS: usize = super::analytics::MAX_BUCKETS;

/// Most items in a list field of the given size.
fn times(items: usize, child: usize) -> usize {
    items.max(1).saturating_mul(child).min(CAP)
}

/// A connection: its page size (as asked, or the default).
pub fn page(first: Option<i32>, last: Option<i32>, child: usize) -> usize {
    let size = match (first, last) {
        (Some(f), Some(l)) => f.min(l),
        (Some(n), None) | (None, Some(n)) => n,
        (None, None) => DEFAULT_PAGE_SIZE as i32,
    };
    times(size.clamp(0, MAX_PAGE_SIZE as i32) as usize, child)
}

/// Days in `from..=to`, at most `max` (a missing end: `max`).
fn days_between(from: Option<NaiveDate>, to: Option<NaiveDate>, max: usize) -> usize {
    match (from, to) {
        (Some(f), Some(t)) => ((t - f).num_days() + 1).clamp(1, max as i64) as usize,
        _ => max,
    }
}

/// Days a range can cover: at most a window for an open range.
fn range_days(range: &Option<DateRange>, max: usize) -> usize {
    let range = range.unwrap_or_default();
    if let Some(hours) = range.last_hours {
        // The days a span of hours touches: its whole days and two cut ones.
        return ((hours.max(1) as usize).div_ceil(24) + 1).min(max);
    }
    match range.last_days {
        Some(n) => (n.max(1) as usize).min(max),
        None if range.from.is_none() && range.to.is_none() => MAX_WINDOW_DAYS.min(max),
        None => days_between(range.from.map(|d| d.0), range.to.map(|d| d.0), max),
    }
}

/// A per-day list of one agent (a range, or the whole window).
pub fn days(range: &Option<DateRange>, child: usize) -> usize {
    times(range_days(range, MAX_WINDOW_DAYS), child)
}

/// A conversation's transcript.
pub fn transcript(child: usize) -> usize {
    times(MAX_TRANSCRIPT, child)
}

/// A time series: its bucket count, from the bucket and the range (a range
/// with an open end is taken at its longest; a series nested in a
/// breakdown row, whose range is its parent's, at a whole window).
pub fn time_series(bucket: TimeBucket, range: &Option<DateRange>, child: usize) -> usize {
    let days = range_days(range, MAX_RANGE_DAYS as usize);
    let hours = range.and_then(|r| r.last_hours).map(|h| h.max(1) as usize);
    let buckets = match bucket {
        TimeBucket::Hour => hours.unwrap_or(days.saturating_mul(24)),
        TimeBucket::Day => days,
        // Cut weeks at both ends.
        TimeBucket::Week => days / 7 + 2,
    };
    times(buckets.min(MAX_BUCKETS), child)
}

/// A ranking or top-N list: `first` items (the default when not given).
pub fn top(first: Option<i32>, default: usize, child: usize) -> usize {
    times(first.map_or(default, |n| n.max(0) as usize).min(MAX_PAGE_SIZE), child)
}

/// A breakdown: its rows, at most the groups the dimension has.
pub fn breakdown(by: BreakdownDimension, first: i32, child: usize) -> usize {
    let groups = match by {
        BreakdownDimension::Model => crate::data::catalogue::Model::ALL.len(),
        BreakdownDimension::Status => crate::data::AgentStatus::ALL.len(),
        BreakdownDimension::Kind => crate::data::kinds::AgentKind::ALL.len(),
        BreakdownDimension::Agent => MAX_PAGE_SIZE,
    };
    times((first.max(0) as usize).min(groups), child)
}

/// A list of as many items as ids asked for.
pub fn per_id(ids: usize, child: usize) -> usize {
    times(ids, child)
}

/// A list of a fixed number of items (the model catalogue).
pub fn fixed(items: usize, child: usize) -> usize {
    times(items, child)
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::scalars::Date;

    fn date(s: &str) -> Option<Date> {
        Some(Date(s.parse().unwrap()))
    }

    #[test]
    fn a_time_series_costs_its_buckets() {
        let month =
            Some(DateRange { from: date("2025-01-01"), to: date("2025-01-30"), last_days: None, ..Default::default() });
        assert_eq!(time_series(TimeBucket::Hour, &month, 4), 30 * 24 * 4);
        assert_eq!(time_series(TimeBucket::Day, &month, 4), 30 * 4);
        let week = Some(DateRange { last_days: Some(7), ..Default::default() });
        assert_eq!(time_series(TimeBucket::Hour, &week, 1), 168);
        // The whole window: at its longest; never past the bucket cap.
        assert_eq!(time_series(TimeBucket::Day, &None, 1), MAX_WINDOW_DAYS);
        assert_eq!(time_series(TimeBucket::Hour, &None, 1), MAX_BUCKETS);
    }

    #[test]
    fn a_breakdown_costs_at_most_its_groups() {
        assert_eq!(breakdown(BreakdownDimension::Model, 20, 2), 6);
        assert_eq!(breakdown(BreakdownDimension::Agent, 20, 2), 40);
    }

    #[test]
    fn costs_saturate_instead_of_wrapping() {
        assert_eq!(page(Some(100), None, usize::MAX), CAP);
        assert_eq!(page(Some(100), None, CAP), CAP);
        assert_eq!(page(Some(-5), None, 3), 3, "a refused size still costs one item");
        assert_eq!(days(&None, 2), 2 * MAX_WINDOW_DAYS);
        let week =
            Some(DateRange { from: date("2025-01-01"), to: date("2025-01-07"), last_days: None, ..Default::default() });
        assert_eq!(days(&week, 2), 14);
    }
}
