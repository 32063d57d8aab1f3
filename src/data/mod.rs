//! Pure, seeded generation of the whole dataset: `(seed, anchor time, sizes)`
//! in, an immutable [`Dataset`] out. Knows nothing of storage, GraphQL or HTTP.
//!
//! Families are generated in dependency order (users → agents and their
//! incidents → daily metrics and costs, with the conversation sample drawn
//! from the same simulated traffic → audit logs → status histories and the
//! workspace), each from its own ChaCha8 streams (see [`rng::Streams`]), so a
//! family's values never depend on the size of a family generated after it.

pub mod agents;
pub mod audit;
pub mod calendar;
pub mod catalogue;
pub mod check;
pub mod conversations;
pub mod dump;
pub mod histogram;
pub mod incidents;
pub mod kinds;
pub mod live;
pub mod messages;
pub mod metrics;
pub mod model;
pub mod prompts;
pub mod providers;
pub mod rng;
pub mod scenario;
pub mod spans;
pub mod transcript;
pub mod users;
pub mod workspace;

use chrono::{DateTime, Utc};
use thiserror::Error;

pub use calendar::Window;
pub use model::*;
use rng::Streams;
pub use scenario::Scenario;

/// The default seed (the seed document's `faker.seed(12345)`).
pub const DEFAULT_SEED: u64 = 12345;

/// How many records of each family to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Sizes {
    pub users: usize,
    pub agents: usize,
    pub conversations: usize,
    pub audit_logs: usize,
    /// Length of the window in days; daily metrics and cost records are
    /// `agents × days` each.
    pub days: u32,
}

/// Bounds on sizes: below them a quota or pattern of the contract cannot
/// hold; above them generation would exhaust memory.
pub mod limits {
    pub const USERS: (usize, usize) = (3, 200_000);
    pub const AGENTS: (usize, usize) = (10, 200_000);
    pub const CONVERSATIONS: (usize, usize) = (100, 5_000_000);
    pub const AUDIT_LOGS: (usize, usize) = (0, 5_000_000);
    pub const DAYS: (u32, u32) = (14, 180);
    pub const SCALE: (f64, f64) = (0.5, 1000.0);
}

impl Default for Sizes {
    fn default() -> Self {
        Sizes { users: 10, agents: 20, conversations: 500, audit_logs: 200, days: 30 }
    }
}

/// Why a set of sizes cannot produce a dataset that honours the contract.
#[derive(Debug, Error, PartialEq)]
pub enum SizeError {
    #[error("{setting} must be between {min} and {max}, got {value}")]
    OutOfRange { setting: &'static str, value: String, min: String, max: String },
    #[error(
        "audit-logs must be at least {needed} (one agent.created per agent, one agent.stopped per inactive agent and the sessions its incidents need), got {value}"
    )]
    TooFewAuditLogs { value: usize, needed: usize },
    #[error(
        "audit-logs must be at most {most} for {users} users over {days} days (sessions of one user never overlap), got {value}"
    )]
    TooManyAuditLogs { value: usize, most: usize, users: usize, days: u32 },
}

impl Sizes {
    /// The default volumes multiplied by `scale` (rounded), validated.
    pub fn scaled(scale: f64) -> Result<Sizes, SizeError> {
        let (min, max) = limits::SCALE;
        if !(min..=max).contains(&scale) {
            return Err(SizeError::OutOfRange {
                setting: "scale",
                value: scale.to_string(),
                min: min.to_string(),
                max: max.to_string(),
            });
        }
        let base = Sizes::default();
        let times = |n: usize| (n as f64 * scale).round() as usize;
        Ok(Sizes {
            users: times(base.users),
            agents: times(base.agents),
            conversations: times(base.conversations),
            audit_logs: times(base.audit_logs),
            days: base.days,
        })
    }

    /// Checks every size against [`limits`] and the audit-log minimum.
    pub fn validate(&self) -> Result<(), SizeError> {
        fn within<T: PartialOrd + ToString>(
            setting: &'static str,
            value: T,
            (min, max): (T, T),
        ) -> Result<(), SizeError> {
            if value < min || value > max {
                return Err(SizeError::OutOfRange {
                    setting,
                    value: value.to_string(),
                    min: min.to_string(),
                    max: max.to_string(),
                });
            }
            Ok(())
        }
        within("users", self.users, limits::USERS)?;
        within("agents", self.agents, limits::AGENTS)?;
        within("conversations", self.conversations, limits::CONVERSATIONS)?;
        within("audit-logs", self.audit_logs, limits::AUDIT_LOGS)?;
        within("days", self.days, limits::DAYS)?;
        let lifecycle = audit::lifecycle_entries(self.agents, agents::status_counts(self.agents)[1]);
        if self.audit_logs < lifecycle {
            return Err(SizeError::TooFewAuditLogs { value: self.audit_logs, needed: lifecycle });
        }
        let most = lifecycle + audit::MAX_ENTRIES_PER_USER_DAY * self.users * self.days as usize;
        if self.audit_logs > most {
            return Err(SizeError::TooManyAuditLogs {
                value: self.audit_logs,
                most,
                users: self.users,
                days: self.days,
            });
        }
        Ok(())
    }
}

/// Everything generation depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Params {
    pub seed: u64,
    /// "Now": every date is an offset from it. Whole seconds.
    pub anchor: DateTime<Utc>,
    pub sizes: Sizes,
    /// Which dataset: the default fleet or a named scenario.
    pub scenario: Scenario,
    /// The workspace's home time zone (business hours, weekends, holidays).
    pub zone: chrono_tz::Tz,
}

impl Params {
    /// The default scenario at `seed`, `anchor` and `sizes`.
    pub fn new(seed: u64, anchor: DateTime<Utc>, sizes: Sizes) -> Self {
        Params { seed, anchor, sizes, scenario: Scenario::Default, zone: calendar::DEFAULT_ZONE }
    }

    /// `scenario` at `seed` and `anchor`, with the sizes it makes of the
    /// configured ones ([`Scenario::sizes`]): what a dataset generated from
    /// them reports as its params.
    pub fn for_scenario(seed: u64, anchor: DateTime<Utc>, configured: Sizes, scenario: Scenario) -> Self {
        Params { seed, anchor, sizes: scenario.sizes(configured), scenario, zone: calendar::DEFAULT_ZONE }
    }

    /// These params with the sizes their scenario makes of them (the same
    /// params for the default scenario, and for any already normalized).
    pub fn normalized(&self) -> Self {
        Params { sizes: self.scenario.sizes(self.sizes), ..*self }
    }
}

/// Why generation failed.
#[derive(Debug, Error, PartialEq)]
pub enum GenerateError {
    #[error(transparent)]
    Sizes(#[from] SizeError),
    #[error(
        "conversations ({requested}) exceed the traffic the daily metrics record ({traffic}); the conversation records are a sample of that traffic"
    )]
    SampleExceedsTraffic { requested: usize, traffic: u64 },
}

/// A table of records: a persistent vector, so a dataset clones in O(1)
/// and a write copies only the paths to what it changes. Snapshots after
/// writes (and per-session sandboxes) share everything else.
pub type Table<T> = imbl::Vector<T>;

/// A run of consecutive rows of a table (an agent's days of the grid).
#[derive(Clone, Copy)]
pub struct Span<'a, T: Clone> {
    table: &'a Table<T>,
    start: usize,
    len: usize,
}

impl<'a, T: Clone> Span<'a, T> {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &'a T> + ExactSizeIterator + 'a {
        let table = self.table;
        (self.start..self.start + self.len).map(move |i| &table[i])
    }

    pub fn get(&self, i: usize) -> Option<&'a T> {
        (i < self.len).then(|| &self.table[self.start + i])
    }
}

impl<T: Clone> std::ops::Index<usize> for Span<'_, T> {
    type Output = T;

    fn index(&self, i: usize) -> &T {
        assert!(i < self.len, "row {i} of a span of {}", self.len);
        &self.table[self.start + i]
    }
}

/// A whole dataset; relations are table indices. Generated once, then
/// changed only by writes, each making a new dataset that shares the rest.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    pub params: Params,
    pub window: Window,
    pub users: Table<User>,
    pub agents: Table<Agent>,
    /// Agent-major: the row of agent `a` on window day `d` is `a × days + d`.
    pub daily_metrics: Table<DailyMetric>,
    /// Same layout as `daily_metrics`.
    pub cost_records: Table<CostRecord>,
    /// Ordered by `started_at`, then id.
    pub conversations: Table<Conversation>,
    /// Ordered by `created_at`, then generation order.
    pub audit_logs: Table<AuditLog>,
    /// The workspace's settings (company, budget, policy).
    pub workspace: Workspace,
    /// The model providers' latency drift and incidents over the window.
    pub providers: providers::Providers,
    /// The latest moment anything happened: the anchor, then the write
    /// clock (one second further per accepted write).
    pub now: chrono::DateTime<chrono::Utc>,
}

impl Dataset {
    /// The daily-metric (and cost-record) row of an agent on a window day.
    pub fn grid_row(&self, agent: AgentIx, day: u32) -> usize {
        agent as usize * self.window.days as usize + day as usize
    }

    /// An agent's daily metrics, oldest day first.
    pub fn agent_days(&self, agent: AgentIx) -> Span<'_, DailyMetric> {
        let days = self.window.days as usize;
        Span { table: &self.daily_metrics, start: agent as usize * days, len: days }
    }

    /// An agent's cost records, oldest day first.
    pub fn agent_costs(&self, agent: AgentIx) -> Span<'_, CostRecord> {
        let days = self.window.days as usize;
        Span { table: &self.cost_records, start: agent as usize * days, len: days }
    }

    /// The id of an audit entry's target.
    pub fn target_id(&self, target: AuditTarget) -> uuid::Uuid {
        match target {
            AuditTarget::Agent(a) => self.agents[a as usize].id,
            AuditTarget::User(u) => self.users[u as usize].id,
        }
    }
}

/// Runs `work` over contiguous chunks of `0..items` on the machine's cores
/// and returns the chunks' results in order. Generation draws every record
/// (an agent, a sampled conversation) from streams of its own, so the joined
/// result is the same on any number of cores.
pub(crate) fn in_chunks<T: Send>(items: usize, work: impl Fn(std::ops::Range<usize>) -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let chunk = items.div_ceil(threads).max(1);
    if threads == 1 || items < 64 {
        return vec![work(0..items)];
    }
    std::thread::scope(|scope| {
        let work = &work;
        let handles: Vec<_> = (0..items)
            .step_by(chunk)
            .map(|first| scope.spawn(move || work(first..(first + chunk).min(items))))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    })
}

/// Generates the dataset for `params` (its sizes as its scenario sets them:
/// see [`Scenario::sizes`]).
pub fn generate(params: &Params) -> Result<Dataset, GenerateError> {
    let params = &params.normalized();
    params.scenario.validate(&params.sizes)?;
    let anchor = params.anchor;
    let window = Window::zoned(anchor, params.sizes.days, params.zone);
    let streams = Streams::new(params.seed);
    let mut users = users::generate(&streams, &window, params.sizes.users);
    let mut agents = agents::generate(&streams, &window, &users, params.sizes.agents);
    incidents::plan(&streams, &window, &users, &mut agents);
    let story = scenario::Story::plan(params.scenario, &streams, &window, &mut users, &mut agents);
    let mut counts = metrics::conversation_counts(&streams, &window, &agents);
    story.raise_counts(&mut counts);
    let traffic: u64 = counts.iter().map(|&c| c as u64).sum();
    let sample = if story.keep_every_conversation { traffic as usize } else { params.sizes.conversations };
    if sample as u64 > traffic {
        return Err(GenerateError::SampleExceedsTraffic { requested: sample, traffic });
    }
    let picks = conversations::allocate(&streams, &window, &counts, sample);
    let mut telemetry = metrics::generate(&streams, &window, &mut agents, &counts, &picks, &story.episodes);
    let mut conversations =
        conversations::build(&streams, &window, &agents, &telemetry.daily_metrics, telemetry.sampled);
    story.move_models(&window, &mut agents, &mut telemetry.cost_records, &mut conversations);
    for m in &mut telemetry.daily_metrics {
        m.traces = spans::day_counts(m, agents[m.agent as usize].kind);
    }
    let mut audit_logs = audit::generate(&streams, &window, &users, &agents, params.sizes.audit_logs, &story.sessions);
    let company = prompts::company_name(&streams);
    audit::prompt_versions(&streams, &company, &mut agents, &mut audit_logs);
    audit::status_histories(&window, &users, &mut agents, &audit_logs, &telemetry.daily_metrics);
    let workspace = match story.budget {
        scenario::Budget::Usual => workspace::generate(&streams, &window, company, &telemetry.cost_records),
        scenario::Budget::UnderProjection { basis } => {
            workspace::under_projection(&streams, &window, company, &telemetry.cost_records, basis)
        }
        scenario::Budget::NewWorkspace => workspace::new_workspace(&streams, company),
    };
    Ok(Dataset {
        params: *params,
        window,
        users: users.into(),
        agents: agents.into(),
        daily_metrics: telemetry.daily_metrics.into(),
        cost_records: telemetry.cost_records.into(),
        conversations: conversations.into(),
        audit_logs: audit_logs.into(),
        workspace,
        providers: telemetry.providers,
        now: params.anchor,
    })
}
