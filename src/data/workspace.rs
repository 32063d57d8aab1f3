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

/// The anchor's month as the budget screen reads it: its spend inside the
/// window so far and the month-end projection (that spend over the days
/// gone, the anchor's counted by its hours, times the month's days), in
/// micro-dollars.
pub fn month_to_date(window: &Window, costs: &[CostRecord]) -> (i64, f64) {
    let today = window.anchor.date_naive();
    let spent: i64 = costs
        .iter()
        .filter(|c| c.date.year() == today.year() && c.date.month() == today.month())
        .map(|c| c.cost_micros)
        .sum();
    let elapsed =
        (today.day() - 1) as f64 + (window.anchor - window.anchor_day_start()).num_seconds() as f64 / 86_400.0;
    let burn = if elapsed > 0.0 { spent as f64 / elapsed } else { 0.0 };
    (spent, spent as f64 + burn * (days_in_month(today) as f64 - elapsed).max(0.0))
}

/// A budget set before a spend spike: a round figure a little over the
/// month at the rate of window days `basis` (the usual spend: on track
/// before the spike), and under the month-end projection the spike makes,
/// where the month has run long enough to show it.
pub fn under_projection(
    streams: &Streams,
    window: &Window,
    company: String,
    costs: &[CostRecord],
    basis: std::ops::Range<u32>,
) -> Workspace {
    let mut rng = streams.family("workspace");
    let days: Vec<u32> = basis.collect();
    let spent: i64 =
        costs.iter().filter(|c| window.day_of(c.date).is_some_and(|d| days.contains(&d))).map(|c| c.cost_micros).sum();
    let usual = spent as f64 / days.len().max(1) as f64 * days_in_month(window.anchor.date_naive()) as f64;
    let (_, projected) = month_to_date(window, costs);
    let least = round_up_nicely(usual);
    let target = (usual * uniform(&mut rng, UNDER_PROJECTION_HEADROOM.0, UNDER_PROJECTION_HEADROOM.1))
        .min(usual + (projected - usual) * 0.6);
    let drawn = round_up_nicely(target);
    let budget = if (drawn as f64) < projected { drawn } else { least };
    Workspace { company, monthly_budget_micros: budget, allowed_models: Model::ALL.to_vec() }
}

/// How far over the usual month a budget set before a spike is (before rounding up).
pub const UNDER_PROJECTION_HEADROOM: (f64, f64) = (1.0, 1.25);

/// The budgets a new workspace starts with (one is drawn), micro-dollars.
pub const NEW_WORKSPACE_BUDGETS: [i64; 3] = [500_000_000, 1_000_000_000, 2_000_000_000];

/// A new workspace: no spend to size a budget on, so one of the round
/// defaults a team starts with.
pub fn new_workspace(streams: &Streams, company: String) -> Workspace {
    let mut rng = streams.family("workspace");
    let pick = (uniform(&mut rng, 0.0, 1.0) * NEW_WORKSPACE_BUDGETS.len() as f64) as usize;
    let budget = NEW_WORKSPACE_BUDGETS[pick.min(NEW_WORKSPACE_BUDGETS.len() - 1)];
    Workspace { company, monthly_budget_micros: budget, allowed_models: Model::ALL.to_vec() }
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
