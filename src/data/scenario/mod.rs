//! Scenarios: named datasets a UI is tested against (the empty workspace,
//! the first day, an incident, a cost spike, a large fleet), each a pure
//! function of `(scenario, seed, anchor, sizes)` like the default dataset.
//!
//! A scenario is the default generator with a [`Story`] planned into it
//! before the traffic is drawn: its own sizes ([`Scenario::sizes`]), users
//! who joined days ago, a first agent, an outage on one model, a spend
//! spike. Each plan draws from streams of its own (`scenario.*`), so the
//! default dataset never changes when a scenario does; what a scenario
//! leaves alone keeps the default's values at the same seed.

mod new_workspace;
mod outage;
mod spike;

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use super::audit::{self, PlannedSession};
use super::calendar::Window;
use super::catalogue::Model;
use super::incidents::Episode;
use super::model::{Agent, AgentIx, Conversation, CostRecord, User};
use super::rng::Streams;
use super::{SizeError, Sizes, agents, limits};

pub use new_workspace::{JOINED_DAYS, ONBOARDING_AGE_HOURS, ONBOARDING_MIN_CONVERSATIONS, OWNER_JOINED_DAYS};
pub use outage::{OUTAGE_FLOOR, OUTAGE_HOURS};
pub use spike::{SPIKE_DAYS, SPIKE_TOKENS};

/// Which dataset to generate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scenario {
    /// The seed document's fleet.
    #[default]
    Default,
    /// A new workspace: users, no agents, no history.
    Empty,
    /// The first agent created hours ago, a first day of traffic.
    Onboarding,
    /// A provider outage on one model over the last hours.
    Incident,
    /// One agent's spend jumps about tenfold over the last days.
    CostSpike,
    /// At least 1,000 agents and 90 days of history.
    Large,
}

impl Scenario {
    pub const ALL: [Scenario; 6] = [
        Scenario::Default,
        Scenario::Empty,
        Scenario::Onboarding,
        Scenario::Incident,
        Scenario::CostSpike,
        Scenario::Large,
    ];

    /// Its name, as `--scenario` and `X-Agentmock-Scenario` take it.
    pub fn name(self) -> &'static str {
        match self {
            Scenario::Default => "default",
            Scenario::Empty => "empty",
            Scenario::Onboarding => "onboarding",
            Scenario::Incident => "incident",
            Scenario::CostSpike => "cost-spike",
            Scenario::Large => "large",
        }
    }

    /// The scenario named `name` (ASCII case ignored).
    pub fn parse(name: &str) -> Option<Scenario> {
        let name = name.trim();
        Scenario::ALL.into_iter().find(|s| s.name().eq_ignore_ascii_case(name))
    }

    /// Every name, for error messages and `--help`.
    pub fn names() -> String {
        Scenario::ALL.map(Scenario::name).join(", ")
    }
}

/// The large scenario's sizes: a fleet of 1,000 agents over 90 days, the
/// default's proportions otherwise (a user per two agents, about the
/// default's share of the traffic kept as records, ten audit entries per
/// agent-month).
pub const LARGE: Sizes = Sizes { users: 500, agents: 1000, conversations: 75_000, audit_logs: 30_000, days: 90 };

impl Scenario {
    /// The sizes the scenario generates, given the configured ones: the
    /// default, `incident` and `cost-spike` take them as they are; `empty`
    /// and `onboarding` keep the users and days and set the rest (no
    /// agents; one agent, every conversation of its first hours kept as a
    /// record, shown as 0, and its story's audit entries); `large` is
    /// [`LARGE`] whatever was configured. Applying it twice changes
    /// nothing.
    pub fn sizes(self, configured: Sizes) -> Sizes {
        match self {
            Scenario::Default | Scenario::Incident | Scenario::CostSpike => configured,
            Scenario::Empty => Sizes { agents: 0, conversations: 0, audit_logs: 0, ..configured },
            Scenario::Onboarding => Sizes {
                agents: 1,
                conversations: 0,
                audit_logs: new_workspace::onboarding_entries(configured.users),
                ..configured
            },
            Scenario::Large => LARGE,
        }
    }

    /// Checks sizes (as [`Scenario::sizes`] gives them) for this scenario:
    /// the fleet's scenarios as [`Sizes::validate`] does, with room in the
    /// audit trail for the entries their story adds; a new workspace's
    /// users and days.
    pub fn validate(self, sizes: &Sizes) -> Result<(), SizeError> {
        match self {
            Scenario::Default | Scenario::Large => sizes.validate(),
            Scenario::Incident | Scenario::CostSpike => {
                sizes.validate()?;
                let story = if self == Scenario::Incident { outage::ENTRIES } else { spike::ENTRIES };
                let needed = audit::lifecycle_entries(sizes.agents, agents::status_counts(sizes.agents)[1]) + story;
                if sizes.audit_logs < needed {
                    return Err(SizeError::TooFewAuditLogs { value: sizes.audit_logs, needed });
                }
                Ok(())
            }
            Scenario::Empty | Scenario::Onboarding => {
                let within = |setting: &'static str, value: u64, (min, max): (u64, u64)| {
                    if (min..=max).contains(&value) {
                        Ok(())
                    } else {
                        Err(SizeError::OutOfRange {
                            setting,
                            value: value.to_string(),
                            min: min.to_string(),
                            max: max.to_string(),
                        })
                    }
                };
                within("users", sizes.users as u64, (limits::USERS.0 as u64, limits::USERS.1 as u64))?;
                within("days", sizes.days as u64, (limits::DAYS.0 as u64, limits::DAYS.1 as u64))
            }
        }
    }
}

/// What a scenario plans into generation before the traffic is drawn.
#[derive(Debug, Default)]
pub struct Story {
    /// Stress on each agent's traffic (empty: none).
    pub episodes: Vec<Option<Episode>>,
    /// Sign-in sessions the audit trail holds besides the generated ones.
    pub sessions: Vec<PlannedSession>,
    /// Agents moved to another model at an instant, once their traffic is
    /// drawn: a day's row is billed at one model, so the move's day keeps
    /// the old one and the days after bill the new one.
    pub model_moves: Vec<(AgentIx, Model, DateTime<Utc>)>,
    /// Keep every conversation of the traffic as a record (the size's
    /// `conversations` is then unused).
    pub keep_every_conversation: bool,
    /// At least this many conversations on a row: `(row, least)`.
    pub least_conversations: Vec<(usize, u32)>,
    pub budget: Budget,
}

/// How the workspace's budget is set.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Budget {
    /// The default: 1.1-1.35x the month at the last 7 whole days' rate.
    #[default]
    Usual,
    /// Over the month at the rate of window days `basis`, under the
    /// month-end projection (see [`super::workspace::under_projection`]).
    UnderProjection { basis: std::ops::Range<u32> },
    /// A new workspace's round default.
    NewWorkspace,
}

impl Story {
    /// Plans `scenario` into the generated users and agents.
    pub fn plan(
        scenario: Scenario,
        streams: &Streams,
        window: &Window,
        users: &mut [User],
        agents: &mut [Agent],
    ) -> Story {
        match scenario {
            Scenario::Default | Scenario::Large => Story::default(),
            Scenario::Empty => new_workspace::empty(streams, window, users),
            Scenario::Onboarding => new_workspace::onboarding(streams, window, users, agents),
            Scenario::Incident => outage::plan(streams, window, users, agents),
            Scenario::CostSpike => spike::plan(streams, window, users, agents),
        }
    }

    /// Raises rows' conversation counts to the story's least.
    pub fn raise_counts(&self, counts: &mut [u32]) {
        for &(row, least) in &self.least_conversations {
            if let Some(count) = counts.get_mut(row) {
                *count = (*count).max(least);
            }
        }
    }

    /// Moves agents to their new models (after their traffic is drawn):
    /// the rows and records of the days after the move's are billed at it.
    pub fn move_models(
        &self,
        window: &Window,
        agents: &mut [Agent],
        cost_records: &mut [CostRecord],
        conversations: &mut [Conversation],
    ) {
        for &(a, model, at) in &self.model_moves {
            let Some(agent) = agents.get_mut(a as usize) else { continue };
            agent.model = model;
            let Some(day) = window.day_of_instant(at) else { continue };
            let days = window.days as usize;
            let rows = a as usize * days + day as usize + 1..(a as usize + 1) * days;
            for c in cost_records.get_mut(rows).into_iter().flatten() {
                c.model = model;
                c.cost_micros = model.cost_micros(c.input_tokens, c.output_tokens);
            }
            let next_day = window.day_start(day) + TimeDelta::days(1);
            for c in conversations.iter_mut().filter(|c| c.agent == a && c.started_at >= next_day) {
                c.model = model;
                c.cost_micros = model.cost_micros(c.input_tokens as u64, c.output_tokens as u64);
            }
        }
    }
}

impl std::fmt::Display for Scenario {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for s in Scenario::ALL {
            assert_eq!(Scenario::parse(s.name()), Some(s));
            assert_eq!(Scenario::parse(&s.name().to_uppercase()), Some(s));
        }
        assert_eq!(Scenario::parse("incidents"), None);
    }
}
