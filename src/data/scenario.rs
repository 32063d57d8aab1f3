//! Scenarios: named datasets a UI is tested against (the empty workspace,
//! the first day, an incident, a cost spike, a large fleet), each a pure
//! function of `(scenario, seed, anchor, sizes)` like the default dataset.

use serde::{Deserialize, Serialize};

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
