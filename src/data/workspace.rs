//! The workspace: the company the fleet belongs to and its settings, with a
//! seeded monthly budget that sits a little above what the fleet is on
//! course to spend (so the budget screen shows realistic headroom).

use chrono::{Datelike, NaiveDate};

use super::calendar::Window;
use super::catalogue::Model;
use super::model::{CostRecord, Workspace};
use super::rng::{Streams, uniform};

/// The budget is this much above the month's projected spend.
pub const BUDGET_HEADROOM: (f64, f64) = (1.1, 1.35);

/// The workspace of `company` (see [`super::prompts::company_name`]).
pub fn generate(streams: &Streams, window: &Window, company: String, costs: &[CostRecord]) -> Workspace {
    let mut rng = streams.family("workspace");
    // The last seven whole days' mean spend, over the anchor's month.
    let last = window.last_day();
    let recent: Vec<u32> = (last.saturating_sub(7)..last).collect();
    let spent: i64 = costs
        .iter()
        .filter(|c| window.day_of(c.date).is_some_and(|d| recent.contains(&d)))
        .map(|c| c.cost_micros)
        .sum();
    let daily = spent as f64 / recent.len().max(1) as f64;
    let projected = daily * days_in_month(window.anchor.date_naive()) as f64;
    let budget = projected * uniform(&mut rng, BUDGET_HEADROOM.0, BUDGET_HEADROOM.1);
    Workspace { company, monthly_budget_micros: round_up_nicely(budget), allowed_models: Model::ALL.to_vec() }
}

/// Days in the month of `date`.
pub fn days_in_month(date: NaiveDate) -> u32 {
    let (year, month) = (date.year(), date.month());
    let next =
        if month == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1) } else { NaiveDate::from_ymd_opt(year, month + 1, 1) };
    let first = NaiveDate::from_ymd_opt(year, month, 1);
    match (first, next) {
        (Some(f), Some(n)) => (n - f).num_days() as u32,
        _ => 30,
    }
}

/// Micro-dollars rounded up to a figure a person would set: $50 steps below
/// $1,000, $100 below $10,000, $500 above.
fn round_up_nicely(micros: f64) -> i64 {
    let dollars = micros / 1e6;
    let step = if dollars < 1_000.0 {
        50.0
    } else if dollars < 10_000.0 {
        100.0
    } else {
        500.0
    };
    ((dollars / step).ceil().max(1.0) * step * 1e6) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budgets_are_round_figures() {
        assert_eq!(round_up_nicely(1_234_567_890.0), 1_300_000_000);
        assert_eq!(round_up_nicely(12_000_000.0), 50_000_000);
        assert_eq!(days_in_month("2024-02-10".parse().unwrap()), 29);
        assert_eq!(days_in_month("2025-12-31".parse().unwrap()), 31);
    }
}
