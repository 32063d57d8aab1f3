//! Incidents: how each error agent came to fail. The declining agent's
//! failures start climbing after a user's config change (an audit entry
//! records it) and keep climbing, noisily, until the platform pauses it; a
//! crashed agent fails within hours when its provider degrades or the
//! workspace hits a rate limit. Telemetry, the conversation sample, the audit
//! trail and the agent's status history all read the same [`Incident`].

use chrono::{DateTime, TimeDelta, Utc};
use rand::RngExt;

use super::calendar::Window;
use super::catalogue::Role;
use super::model::{Agent, AgentStatus, ErrorType, Incident, IncidentCause, Performance, User, UserIx};
use super::rng::{Streams, uniform};

/// The declining agent's failures climb over this many days (inclusive
/// range), its failure day included.
pub const DECLINE_DAYS: (u32, u32) = (6, 9);
/// A crashed agent's failures start this many hours before it is paused.
pub const CRASH_HOURS: (f64, f64) = (4.0, 9.0);
/// Failure probability at the end of a decline, and during a crash.
pub const DECLINE_PEAK: (f64, f64) = (0.35, 0.50);
pub const CRASH_FAILURE: (f64, f64) = (0.70, 0.90);

/// Plans the incident of every error agent; config-change causes also set
/// the agent's current config to the changed value.
pub fn plan(streams: &Streams, window: &Window, users: &[User], agents: &mut [Agent]) {
    let managers: Vec<UserIx> = (0..users.len() as UserIx)
        .filter(|&u| matches!(users[u as usize].role, Role::Admin | Role::Operator))
        .collect();
    for (a, agent) in agents.iter_mut().enumerate() {
        if agent.status != AgentStatus::Error {
            continue;
        }
        let mut rng = streams.record("incidents", a as u64);
        let failed_at = agent.last_active_at;
        let changed_by = managers.get(rng.random_range(0..managers.len().max(1))).copied();
        let incident = match agent.performance {
            Performance::Declining => {
                let days = rng.random_range(DECLINE_DAYS.0..=DECLINE_DAYS.1) as i64;
                // The change lands during someone's working day: 09:00-17:00
                // in the home zone.
                let failure_midnight = failed_at - TimeDelta::seconds(failed_at.timestamp().rem_euclid(86_400));
                let day = failure_midnight - TimeDelta::days(days - 1);
                let offset = window.offset_hours(day + TimeDelta::hours(12));
                let onset = day + TimeDelta::seconds(rng.random_range(9 * 3600..17 * 3600) - offset * 3600);
                let onset = onset.max(window.start() + TimeDelta::hours(1));
                if rng.random_bool(0.6) {
                    let from = [1024, 2048][rng.random_range(0..2)];
                    agent.config.max_tokens = 8192;
                    Incident {
                        cause: IncidentCause::MaxTokensRaised { from, to: 8192 },
                        onset,
                        failed_at,
                        dominant: ErrorType::ContextLengthExceeded,
                        changed_by,
                    }
                } else {
                    let from = [0.2, 0.3, 0.4][rng.random_range(0..3)];
                    agent.config.temperature = 1.0;
                    Incident {
                        cause: IncidentCause::TemperatureRaised { from, to: 1.0 },
                        onset,
                        failed_at,
                        dominant: ErrorType::ToolError,
                        changed_by,
                    }
                }
            }
            _ => {
                let hours = uniform(&mut rng, CRASH_HOURS.0, CRASH_HOURS.1);
                let onset = failed_at - TimeDelta::seconds((hours * 3600.0) as i64);
                let (cause, dominant) = if rng.random_bool(0.65) {
                    (IncidentCause::ProviderOutage, ErrorType::ModelError)
                } else {
                    (IncidentCause::RateLimit, ErrorType::RateLimited)
                };
                Incident { cause, onset, failed_at, dominant, changed_by: None }
            }
        };
        agent.incident = Some(incident);
    }
}

/// How an incident shapes one hour of an agent's traffic.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pressure {
    /// Failure probability added to the agent's usual one.
    pub extra_failure: f64,
    /// Latency multiplier.
    pub latency: f64,
}

impl Pressure {
    pub const NONE: Pressure = Pressure { extra_failure: 0.0, latency: 1.0 };
}

/// A scenario's stress on the traffic of an agent that is not (or not
/// yet) in `ERROR`: an outage it rides out (failures and slower replies
/// from `from` to `until`, at least `floor` of the conversations in those
/// hours failing) or a spend spike (`tokens` times each conversation's
/// tokens). Generation reads it as it reads an error agent's [`Incident`].
#[derive(Clone, Debug, PartialEq)]
pub struct Episode {
    pub from: DateTime<Utc>,
    pub until: DateTime<Utc>,
    pub pressure: Pressure,
    /// The error type its failures add.
    pub dominant: ErrorType,
    /// Least share of the conversations of its hours that fail.
    pub floor: f64,
    /// Multiplies each conversation's tokens (input and output alike).
    pub tokens: f64,
    /// At least this many of a day's conversations fall in its critical
    /// hours (users retry through an outage), where the day has them.
    pub least: u32,
}

impl Episode {
    /// Whether `at` (the middle of an hour's traffic) lies in it.
    pub fn covers(&self, at: DateTime<Utc>) -> bool {
        self.from <= at && at <= self.until
    }

    /// Whether it adds failures on window day `day` (so the day's usual
    /// failure band does not hold).
    pub fn unsettles(&self, window: &Window, day: u32) -> bool {
        self.pressure.extra_failure > 0.0 && window.day_start(day) <= self.until && window.day_end(day) > self.from
    }
}

/// The incident's pressure at `at` (the middle of an hour): zero before
/// the onset; for a decline, climbing with the days since the onset (the
/// day's noise `wobble` around the curve); for a crash, flat after the onset.
pub fn pressure(incident: &Incident, at: DateTime<Utc>, peak: f64, wobble: f64) -> Pressure {
    if at < incident.onset || at > incident.failed_at {
        return Pressure::NONE;
    }
    let elapsed = (at - incident.onset).num_seconds() as f64;
    let span = (incident.failed_at - incident.onset).num_seconds().max(1) as f64;
    let progress = (elapsed / span).clamp(0.0, 1.0);
    if incident.cause.is_config_change() {
        // Slow at first (only the longest conversations overflow), then faster.
        let level = (peak * progress.powf(1.4) * wobble).clamp(0.0, 0.9);
        Pressure { extra_failure: level, latency: 1.0 + 0.35 * level }
    } else {
        let _ = wobble;
        Pressure { extra_failure: peak.clamp(0.0, 0.95), latency: 1.6 }
    }
}

/// Why the agent is in `ERROR`, as its status history tells it: `failed`
/// of the `total` conversations the platform judged (`span`: "in the 3
/// hours before the pause", its pause window) failed.
pub fn reason(incident: &Incident, failed: u32, total: u32, span: &str, users: &[User]) -> String {
    let percent = (f64::from(failed) * 100.0 / f64::from(total.max(1))).round();
    let failed = format!("{failed} of the {total} conversations ({percent}%) {span} failed");
    let who = incident.changed_by.and_then(|u| users.get(u as usize)).map_or("a user", |u| u.name.as_str());
    let on = super::dump::timestamp(incident.onset);
    let error = incident.dominant.as_str().to_lowercase();
    match incident.cause {
        IncidentCause::MaxTokensRaised { from, to } => format!(
            "Paused automatically: {failed}, mostly {error}, since {who} raised maxTokens from {from} to {to} at {on} (prompt plus reserved output overflows the model's context window on long conversations)."
        ),
        IncidentCause::TemperatureRaised { from, to } => format!(
            "Paused automatically: {failed}, mostly {error} (malformed tool calls), since {who} raised the temperature from {from:.1} to {to:.1} at {on}."
        ),
        IncidentCause::ProviderOutage => format!(
            "Paused automatically: {failed}, with model_error: the provider returned 5xx errors and timeouts from {on}."
        ),
        IncidentCause::RateLimit => format!(
            "Paused automatically: {failed}, with rate_limited: the workspace hit the provider's rate limit from {on}."
        ),
    }
}
