//! `cost-spike`: the default fleet, but a few days before the anchor an
//! admin or operator raises `maxTokens` to 8192 on the running agent that
//! costs the most, and from that moment its replies no longer stop early:
//! every conversation runs about ten times the tokens, both ways (the
//! model calls of long answer-and-tool loops), so its spend jumps about
//! tenfold. The budget was set, before the spike, a little over the month
//! at the fleet's usual rate: the month-end projection now goes over it
//! (once the month has run long enough for a projection to show it).

use chrono::TimeDelta;
use rand::RngExt;

use super::super::audit::{PlannedEntry, PlannedSession};
use super::super::calendar::Window;
use super::super::catalogue::{AuditAction, Role};
use super::super::incidents::{Episode, Pressure};
use super::super::model::{Agent, AgentStatus, AuditDetails, AuditTarget, ConfigSetting, ErrorType, User, UserIx};
use super::super::rng::{Streams, uniform};
use super::{Budget, Story};

/// The spike began this many days before the anchor's day (whole days),
/// during working hours.
pub const SPIKE_DAYS: (u32, u32) = (3, 5);
/// Tokens per conversation multiply by this much from the spike on.
pub const SPIKE_TOKENS: (f64, f64) = (9.0, 10.5);
/// `maxTokens` after the change.
pub const RAISED_MAX_TOKENS: u32 = 8192;
/// Entries of the session that makes the change: a sign-in, the change, a sign-out.
pub const ENTRIES: usize = 3;

pub fn plan(streams: &Streams, window: &Window, users: &[User], agents: &mut [Agent]) -> Story {
    let mut rng = streams.family("scenario.cost-spike");
    // The running agent expected to cost the most a day: its traffic, its
    // kind's context and its model's prices.
    let daily_cost = |a: &Agent| {
        let (lo, hi) = a.kind.profile().input_tokens_per_conversation;
        let price = a.model.price();
        a.popularity * (lo + hi) as f64 / 2.0 * (price.input + 1.5 * price.output)
    };
    let Some(spiked) = (0..agents.len())
        .filter(|&a| agents[a].status == AgentStatus::Active)
        .reduce(|best, a| if daily_cost(&agents[a]) > daily_cost(&agents[best]) { a } else { best })
    else {
        return Story::default();
    };
    let days_back = rng.random_range(SPIKE_DAYS.0..=SPIKE_DAYS.1);
    let day = window.last_day().saturating_sub(days_back);
    let onset = window.day_start(day) + TimeDelta::seconds(rng.random_range(9 * 3600..17 * 3600));
    let tokens = uniform(&mut rng, SPIKE_TOKENS.0, SPIKE_TOKENS.1);
    let managers: Vec<UserIx> = (0..users.len() as UserIx)
        .filter(|&u| matches!(users[u as usize].role, Role::Admin | Role::Operator))
        .collect();
    let user = managers.get(rng.random_range(0..managers.len().max(1))).copied().unwrap_or(0);
    let login = onset - TimeDelta::seconds(rng.random_range(300..2400));
    let logout = onset + TimeDelta::seconds(rng.random_range(600..5400));
    let agent = &mut agents[spiked];
    let from = agent.config.max_tokens;
    agent.config.max_tokens = RAISED_MAX_TOKENS;
    let mut episodes = vec![None; agents.len()];
    episodes[spiked] = Some(Episode {
        from: onset,
        until: window.anchor,
        pressure: Pressure::NONE,
        dominant: ErrorType::Timeout,
        floor: 0.0,
        tokens,
        least: 0,
    });
    let change = AuditDetails::ConfigChanged {
        setting: ConfigSetting::MaxTokens,
        from: from as f64,
        to: RAISED_MAX_TOKENS as f64,
    };
    Story {
        episodes,
        sessions: vec![PlannedSession {
            user,
            login,
            entries: vec![PlannedEntry {
                action: AuditAction::ConfigChanged,
                target: Some(AuditTarget::Agent(spiked as u32)),
                at: onset,
                details: change,
            }],
            logout: Some(logout),
        }],
        budget: Budget::UnderProjection { basis: day.saturating_sub(7)..day },
        ..Story::default()
    }
}
