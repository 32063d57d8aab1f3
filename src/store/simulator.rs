//! The simulator: makes the served dataset move on its own, from the anchor
//! on, one virtual clock for everything.
//!
//! A step ([`Command::Simulate`](super::writes::Command::Simulate)) simulates
//! every whole UTC minute up to an instant, in order. In each minute:
//! - an incident may be planned (on the hour; see [`INCIDENT_CHANCE`]);
//! - incidents move on: an agent whose conversations have been failing is
//!   paused in `ERROR` by the platform, and later restarted by a user who
//!   may (an `agent.started` audit entry);
//! - every running agent starts its conversations for the minute
//!   ([`crate::data::live`]), each drawn whole;
//! - conversations that have ended are recorded, in start order: each adds
//!   to its day's daily metric and cost record, its agent's roll-up and last
//!   activity, and (when kept, see [`live::sample_share`]) becomes a
//!   conversation record. A conversation waits for every earlier-started one
//!   to end (at most [`live::MAX_DURATION_MS`]), so the records stay in start
//!   order and nothing lies after the simulated time.
//!
//! What a minute brings is keyed by the seed, the agent and the minute, so
//! the state after simulating up to an instant is a pure function of the
//! seed, the anchor, that instant and the writes made on the way (at the
//! simulated times they were made): how steps batch the minutes changes
//! only how events are grouped, never the data.
//!
//! Midnight: the window rolls. When the simulated time reaches the next
//! UTC midnight, the window's oldest day leaves it (its daily metrics, cost
//! records and conversation records with it; the audit trail stays) and the
//! new day joins as today, empty; agents' roll-ups are taken over the new
//! window. It costs a rebuild of the indices (O(dataset)), once a simulated
//! day. Conversations under way at midnight are recorded on the day they
//! started.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, TimeDelta, Timelike, Utc};

use super::writes::{Applied, Draft, Event, Written};
use super::{EntityRef, Parts, Snapshot};
use crate::data::catalogue::{AuditAction, Capability, Model};
use crate::data::incidents::{self, Pressure};
use crate::data::live::{self, Arrival, LiveStreams, MINUTE_SECONDS, Stress, minute_of, minute_start};
use crate::data::metrics::{LiveProfile, roll_up};
use crate::data::providers::{self, Providers};
use crate::data::rng::{Draws, Streams, uuid_v4};
use crate::data::{
    AgentStatus, AuditDetails, AuditTarget, CostRecord, DailyMetric, Dataset, ErrorType, Incident, IncidentCause,
    StatusChange, Table, Window,
};

/// Chance that a simulated hour brings an incident (on a running agent).
pub const INCIDENT_CHANCE: f64 = 0.2;
/// Minutes from an incident's onset to the platform's pause.
pub const FAILING_MINUTES: (u32, u32) = (8, 25);
/// Minutes from the pause to a user's restart.
pub const RECOVERY_MINUTES: (u32, u32) = (10, 40);

/// The simulator's part of a snapshot.
#[derive(Clone, Debug)]
pub struct LiveState {
    /// Simulated up to here (the anchor until the first step).
    pub until: DateTime<Utc>,
    /// Conversations under way, in start order (then id).
    pub in_flight: imbl::Vector<Arc<Arrival>>,
    /// Incidents planned or under way, in onset order.
    pub incidents: imbl::Vector<Arc<LiveIncident>>,
    /// The share of live conversations kept as records: the seeded
    /// dataset's ([`live::sample_share`]), set by the first step.
    pub sample_share: Option<f64>,
    /// Agents' live profiles, drawn on first use (a cache: what it holds
    /// is a pure function of the seed, the agent row and its model).
    profiles: Profiles,
}

impl LiveState {
    pub fn seeded(anchor: DateTime<Utc>) -> Self {
        LiveState {
            until: anchor,
            in_flight: imbl::Vector::new(),
            incidents: imbl::Vector::new(),
            sample_share: None,
            profiles: Profiles::default(),
        }
    }
}

/// Profiles by agent row and model (looked up, never iterated).
type ProfileCache = HashMap<(u32, Model), Arc<LiveProfile>>;

#[derive(Clone, Default)]
struct Profiles(Arc<Mutex<ProfileCache>>);

impl std::fmt::Debug for Profiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Profiles")
    }
}

/// A simulated incident: an agent's conversations fail from `onset`; the
/// platform pauses it at `pause_at` (if still running), a user restarts it
/// at `restart_at` (if still paused by this incident).
#[derive(Clone, Debug, PartialEq)]
pub struct LiveIncident {
    pub agent: u32,
    pub cause: IncidentCause,
    pub dominant: ErrorType,
    /// Failure probability it adds.
    pub peak: f64,
    pub onset: DateTime<Utc>,
    pub pause_at: DateTime<Utc>,
    pub restart_at: DateTime<Utc>,
    /// Conversations the agent started since the onset, and how many failed.
    pub started: u32,
    pub failed: u32,
    /// When it paused the agent, if it did.
    pub paused: Option<DateTime<Utc>>,
    /// Picks the user who restarts the agent.
    pub pick: u32,
}

/// Simulates up to `until` on `snap` (nothing, and the same snapshot, if
/// it is not later than the simulated time).
pub fn advance(snap: &Arc<Snapshot>, until: DateTime<Utc>) -> Applied {
    if until <= snap.writes.live.until {
        return Applied::unchanged(snap, Written::Simulated);
    }
    let streams = Streams::new(snap.dataset.params.seed);
    let draft = Draft {
        next: snap.next(),
        actor: None,
        streams,
        ids: streams.family("live.audit.ids"),
        now: snap.writes.clock,
    };
    let mut sim = Sim {
        draft,
        live: LiveStreams::new(&streams),
        streams,
        events: Vec::new(),
        touched: Parts::NONE,
        metrics: BTreeSet::new(),
        weather: BTreeMap::new(),
    };
    if sim.draft.next.writes.live.sample_share.is_none() {
        let d = sim.d();
        let traffic: u64 = d.daily_metrics.iter().map(|m| m.conversations as u64).sum();
        let share = live::sample_share(d.conversations.len(), traffic);
        sim.draft.next.writes.live.sample_share = Some(share);
    }
    let mut from = snap.writes.live.until;
    while from < until {
        let midnight = sim.draft.next.dataset.window.anchor_day_start() + TimeDelta::days(1);
        let end = until.min(midnight);
        sim.minutes(from, end);
        from = end;
        if end == midnight {
            sim.roll(midnight);
        }
    }
    // The weather of `until`'s day too, for a step inside one minute.
    sim.weather(until);
    let Sim { mut draft, mut events, mut touched, metrics, weather, .. } = sim;
    let next = &mut draft.next;
    for day in weather.values() {
        next.dataset.providers.record_live(day, until);
    }
    next.writes.live.until = until;
    next.dataset.window.anchor = next.dataset.window.anchor.max(until);
    next.dataset.now = next.dataset.now.max(until).max(next.writes.clock);
    touched |= Parts::LIVE;
    if !metrics.is_empty() {
        events.push(Event::MetricsUpdated { agents: metrics.into_iter().collect() });
    }
    draft.next.touch(touched);
    Applied { snapshot: Arc::new(draft.next), written: Written::Simulated, audit: None, events, touched }
}

/// One step under way.
struct Sim {
    draft: Draft,
    live: LiveStreams,
    streams: Streams,
    events: Vec<Event>,
    touched: Parts,
    /// Agents whose telemetry moved.
    metrics: BTreeSet<u32>,
    /// Each live day's weather ([`providers::live_day`]), drawn on first use.
    weather: BTreeMap<u32, Arc<Providers>>,
}

impl Sim {
    fn d(&self) -> &Dataset {
        &self.draft.next.dataset
    }

    /// Simulates every minute that ends in `(from, to]`.
    fn minutes(&mut self, from: DateTime<Utc>, to: DateTime<Utc>) {
        for minute in minute_of(from)..minute_of(to) {
            let start = minute_start(minute);
            if start.minute() == 0 {
                self.plan_incident(start);
            }
            self.incidents_at(start);
            self.arrivals(minute);
            self.record_ended(start + TimeDelta::seconds(MINUTE_SECONDS));
        }
    }

    /// The providers' and the workspace's weather that may cover `at`:
    /// what started on its day of the generated window's calendar (counted
    /// from the window the dataset was generated with, which the simulator's
    /// days roll on from) and the day before.
    /// Also `at`'s day in that calendar (the second weather's).
    fn weather(&mut self, at: DateTime<Utc>) -> ([Arc<Providers>; 2], u32) {
        let d = self.d();
        let origin = Window { anchor: d.params.anchor, ..d.window };
        let day = (at - origin.start()).num_days().max(1) as u32;
        let streams = self.streams;
        let weather = [day - 1, day].map(|day| {
            self.weather.entry(day).or_insert_with(|| Arc::new(providers::live_day(&streams, &origin, day))).clone()
        });
        (weather, day)
    }

    fn profile(&self, a: u32) -> Arc<LiveProfile> {
        let agent = &self.d().agents[a as usize];
        let profiles = &self.draft.next.writes.live.profiles;
        let mut cache = profiles.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        cache
            .entry((a, agent.model))
            .or_insert_with(|| Arc::new(LiveProfile::of(&self.streams, a as usize, agent, &self.d().window)))
            .clone()
    }

    /// Running agents, ascending.
    fn running(&self) -> Vec<u32> {
        let d = self.d();
        self.draft.next.index.agents_by_status[super::index::status_slot(AgentStatus::Active)]
            .iter()
            .copied()
            .filter(|&a| d.agents[a as usize].deleted_at.is_none())
            .collect()
    }

    /// On the hour: whether the hour brings an incident, and on whom.
    fn plan_incident(&mut self, hour: DateTime<Utc>) {
        let mut draws = Draws::new(self.streams.record("live.incidents", (hour.timestamp() / 3600) as u64));
        if !draws.chance(INCIDENT_CHANCE) {
            return;
        }
        let running = self.running();
        let busy: BTreeSet<u32> = self.draft.next.writes.live.incidents.iter().map(|i| i.agent).collect();
        let candidates: Vec<u32> = running.into_iter().filter(|a| !busy.contains(a)).collect();
        if candidates.is_empty() {
            return;
        }
        let agent = candidates[draws.below(candidates.len() as u32) as usize];
        let minutes =
            |draws: &mut Draws, (lo, hi): (u32, u32)| TimeDelta::minutes((lo + draws.below(hi - lo + 1)) as i64);
        let onset = hour + TimeDelta::minutes(draws.below(60) as i64);
        let pause_at = onset + minutes(&mut draws, FAILING_MINUTES);
        let restart_at = pause_at + minutes(&mut draws, RECOVERY_MINUTES);
        let (cause, dominant) = if draws.chance(0.5) {
            (IncidentCause::ProviderOutage, ErrorType::ModelError)
        } else {
            (IncidentCause::RateLimit, ErrorType::RateLimited)
        };
        let incident = LiveIncident {
            agent,
            cause,
            dominant,
            peak: draws.uniform(0.55, 0.85),
            onset,
            pause_at,
            restart_at,
            started: 0,
            failed: 0,
            paused: None,
            pick: draws.bits() as u32,
        };
        self.draft.next.writes.live.incidents.push_back(Arc::new(incident));
    }

    /// The pauses and restarts due at the start of this minute.
    fn incidents_at(&mut self, at: DateTime<Utc>) {
        let due: Vec<(usize, Arc<LiveIncident>)> = self
            .draft
            .next
            .writes
            .live
            .incidents
            .iter()
            .enumerate()
            .filter(|(_, i)| i.pause_at == at || i.restart_at == at)
            .map(|(n, i)| (n, i.clone()))
            .collect();
        let mut finished = Vec::new();
        for (n, incident) in due {
            if incident.pause_at == at {
                let paused = self.pause(&incident, at);
                let mut updated = (*incident).clone();
                updated.paused = paused;
                self.draft.next.writes.live.incidents.set(n, Arc::new(updated));
                if paused.is_none() {
                    finished.push(n);
                }
            } else {
                self.restart(&incident, at);
                finished.push(n);
            }
        }
        for n in finished.into_iter().rev() {
            self.draft.next.writes.live.incidents.remove(n);
        }
    }

    /// The platform pauses a failing agent, if it is still running.
    fn pause(&mut self, incident: &LiveIncident, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let a = incident.agent;
        let mut agent = self.d().agents.get(a as usize)?.clone();
        if agent.status != AgentStatus::Active || agent.deleted_at.is_some() {
            return None;
        }
        let at = agent.status_changes.back().map_or(at, |c| c.at.max(at));
        let record = Incident {
            cause: incident.cause,
            onset: incident.onset,
            failed_at: at,
            dominant: incident.dominant,
            changed_by: None,
        };
        let users: Vec<crate::data::User> = self.d().users.iter().cloned().collect();
        let span = format!("since {} UTC", incident.onset.format("%H:%M"));
        let reason = incidents::reason(&record, incident.failed, incident.started, &span, &users);
        agent.status = AgentStatus::Error;
        agent.last_active_at = agent.last_active_at.max(at);
        agent.incident = Some(record);
        agent.status_changes.push_back(StatusChange { at, status: AgentStatus::Error, actor: None, reason });
        self.draft.set_agent(a, agent);
        self.events.push(Event::AgentStatusChanged { agent: a, from: AgentStatus::Active, to: AgentStatus::Error });
        self.touched |= Parts::AGENTS | Parts::LIVE;
        Some(at)
    }

    /// A user restarts an agent the incident paused, if it still is and
    /// someone may.
    fn restart(&mut self, incident: &LiveIncident, at: DateTime<Utc>) {
        let Some(paused) = incident.paused else { return };
        let a = incident.agent;
        let Some(agent) = self.d().agents.get(a as usize) else { return };
        let still = agent.status == AgentStatus::Error
            && agent.deleted_at.is_none()
            && agent.incident.as_ref().is_some_and(|i| i.failed_at == paused);
        let eligible: Vec<u32> = (0..self.d().users.len() as u32)
            .filter(|&u| self.d().users[u as usize].role.can(Capability::StartStopAgent))
            .collect();
        if !still || eligible.is_empty() {
            return;
        }
        let user = eligible[incident.pick as usize % eligible.len()];
        let mut agent = agent.clone();
        let at = at
            .max(self.draft.next.writes.clock + TimeDelta::seconds(1))
            .max(agent.status_changes.back().map_or(at, |c| c.at));
        let name = self.d().users[user as usize].name.clone();
        let reason = format!("Restarted by {name} after the {} incident", incident.dominant.as_str().to_lowercase());
        agent.status = AgentStatus::Active;
        agent.status_changes.push_back(StatusChange {
            at,
            status: AgentStatus::Active,
            actor: Some(user),
            reason: reason.clone(),
        });
        self.draft.set_agent(a, agent);
        self.draft.actor = Some(user);
        self.draft.now = at;
        self.draft.ids = self.streams.record("live.audit", ((at.timestamp() as u64) << 20) ^ a as u64);
        let entry = self.draft.audit(
            AuditAction::AgentStarted,
            Some(AuditTarget::Agent(a)),
            AuditDetails::Lifecycle { reason: reason.into() },
        );
        self.draft.next.writes.clock = at;
        self.draft.next.dataset.now = self.draft.next.dataset.now.max(at);
        self.events.push(Event::AgentStatusChanged { agent: a, from: AgentStatus::Error, to: AgentStatus::Active });
        self.events.push(Event::AuditLogAdded { entry });
        self.touched |= Parts::AGENTS | Parts::AUDIT | Parts::LIVE;
    }

    /// The conversations every running agent starts in `minute`.
    fn arrivals(&mut self, minute: i64) {
        let start = minute_start(minute);
        let share = self.draft.next.writes.live.sample_share.unwrap_or(1.0);
        let (weather, today) = self.weather(start);
        let mut arrived = Vec::new();
        for a in self.running() {
            let profile = self.profile(a);
            let at = self
                .draft
                .next
                .writes
                .live
                .incidents
                .iter()
                .position(|i| i.agent == a && i.onset <= start && start < i.pause_at && i.paused.is_none());
            let d = self.d();
            let agent = &d.agents[a as usize];
            // The agent's own incident, else the workspace's weather.
            let stress = match at {
                Some(n) => {
                    let i = &self.draft.next.writes.live.incidents[n];
                    Some(Stress { pressure: Pressure { extra_failure: i.peak, latency: 1.6 }, dominant: i.dominant })
                }
                None => weather
                    .iter()
                    .filter_map(|w| w.stress_at(agent.model, profile.services(), start))
                    .max_by(|x, y| x.0.extra_failure.total_cmp(&y.0.extra_failure))
                    .map(|(pressure, dominant)| Stress { pressure, dominant }),
            };
            let not_before = agent.status_changes.back().map_or(agent.created_at, |c| c.at);
            let model = match d.window.day_of(start.date_naive()) {
                Some(day) => d.cost_records[d.grid_row(a, day)].model,
                None => agent.model,
            };
            let drift = weather[1].drift(model, today);
            let came = live::arrivals(&self.live, &profile, a, agent, model, minute, stress, drift, share, not_before);
            if let Some(n) = at {
                let mut updated = (*self.draft.next.writes.live.incidents[n]).clone();
                updated.started += came.len() as u32;
                updated.failed += came.iter().filter(|c| c.unit.error.is_some()).count() as u32;
                self.draft.next.writes.live.incidents.set(n, Arc::new(updated));
            }
            arrived.extend(came);
        }
        arrived.sort_by_key(|x| (x.record.started_at, x.record.id));
        for arrival in arrived {
            let arrival = Arc::new(arrival);
            self.events.push(Event::ConversationStarted {
                conversation: Arc::new(arrival.record.clone()),
                recorded: arrival.retained,
            });
            self.draft.next.writes.live.in_flight.push_back(arrival);
        }
    }

    /// Records, in start order, the conversations that ended by `end`.
    fn record_ended(&mut self, end: DateTime<Utc>) {
        while let Some(first) = self.draft.next.writes.live.in_flight.front() {
            if first.record.ended_at > end {
                break;
            }
            let Some(arrival) = self.draft.next.writes.live.in_flight.pop_front() else { break };
            self.record(&arrival);
        }
    }

    /// Adds one ended conversation to its day's rows, its agent and (when
    /// kept) the records.
    fn record(&mut self, arrival: &Arrival) {
        let c = &arrival.record;
        let a = c.agent;
        let Some(day) = self.d().window.day_of(c.started_at.date_naive()) else { return };
        let row = self.d().grid_row(a, day);
        let next = &mut self.draft.next;
        let first = next.dataset.daily_metrics[row].conversations == 0;
        next.rollups.row_changing(&next.dataset, a as usize, row, first);
        let mut metric = next.dataset.daily_metrics[row].clone();
        metric.add_conversation(arrival.hour(), &arrival.unit);
        metric.traces = crate::data::spans::day_counts(&metric, next.dataset.agents[a as usize].kind);
        let mut cost = next.dataset.cost_records[row].clone();
        cost.input_tokens += arrival.unit.input_tokens as u64;
        cost.output_tokens += arrival.unit.output_tokens as u64;
        cost.cost_micros = cost.model.cost_micros(cost.input_tokens, cost.output_tokens);
        next.dataset.daily_metrics.set(row, metric);
        next.dataset.cost_records.set(row, cost);
        next.rollups.row_changed(&next.dataset, a as usize, row, first);
        let mut agent = next.dataset.agents[a as usize].clone();
        agent.metrics.total_conversations += 1;
        agent.metrics.succeeded += u64::from(arrival.unit.error.is_none());
        agent.metrics.replies += arrival.unit.reply_latencies_ms.len() as u64;
        agent.metrics.latency_sum_ms += arrival.unit.reply_latencies_ms.iter().map(|&l| l as u64).sum::<u64>();
        agent.last_active_at = agent.last_active_at.max(c.ended_at);
        next.dataset.agents.set(a as usize, agent);
        self.metrics.insert(a);
        self.touched |= Parts::LIVE;
        if arrival.retained {
            let conversation = next.dataset.conversations.len() as u32;
            next.dataset.conversations.push_back(c.clone());
            if let Some(list) = next.index.conversations_by_agent.get_mut(a as usize) {
                list.push_back(conversation);
            }
            next.index.set_id(c.id, Some(EntityRef::Conversation(conversation)));
            next.rollups.conversation_added(&next.dataset, conversation);
            self.events.push(Event::ConversationEnded { conversation });
            self.touched |= Parts::CONVERSATIONS;
        }
    }

    /// Midnight: the window's oldest day leaves, `midnight`'s day joins.
    fn roll(&mut self, midnight: DateTime<Utc>) {
        let d = self.d();
        let days = d.window.days as usize;
        let window = Window { anchor: midnight, ..d.window };
        let today = window.date(window.last_day());
        let day_number = (midnight.timestamp() / 86_400) as u64;
        let ids = self.streams.records("live.days");
        let mut daily_metrics: Table<DailyMetric> = Table::new();
        let mut cost_records: Table<CostRecord> = Table::new();
        let mut agents = d.agents.clone();
        for (a, agent) in d.agents.iter().enumerate() {
            for day in 1..days {
                daily_metrics.push_back(d.daily_metrics[a * days + day].clone());
                cost_records.push_back(d.cost_records[a * days + day].clone());
            }
            let mut rng = ids.get((day_number << 24) ^ a as u64);
            daily_metrics.push_back(DailyMetric::empty(uuid_v4(&mut rng), a as u32, today));
            cost_records.push_back(CostRecord {
                id: uuid_v4(&mut rng),
                agent: a as u32,
                date: today,
                input_tokens: 0,
                output_tokens: 0,
                cost_micros: 0,
                model: agent.model,
            });
        }
        for a in 0..agents.len() {
            let rows = (a * days..(a + 1) * days).map(|r| &daily_metrics[r]);
            let mut agent = agents[a].clone();
            agent.metrics = roll_up(rows);
            agents.set(a, agent);
        }
        let dropped = d.conversations.iter().take_while(|c| c.started_at < window.start()).count();
        let conversations = d.conversations.clone().split_off(dropped);
        let dataset = Dataset {
            params: d.params,
            window,
            users: d.users.clone(),
            agents,
            daily_metrics,
            cost_records,
            conversations,
            audit_logs: d.audit_logs.clone(),
            workspace: d.workspace.clone(),
            providers: {
                let mut providers = d.providers.clone();
                providers.forget_before(window.start());
                providers
            },
            now: d.now.max(midnight),
        };
        let old = &self.draft.next;
        let mut next = Snapshot::new(dataset);
        next.generation = old.generation;
        next.writes = old.writes.clone();
        next.tokens = old.tokens.clone();
        next.versions = old.versions;
        let deleted: Vec<uuid::Uuid> =
            next.dataset.agents.iter().filter(|a| a.deleted_at.is_some()).map(|a| a.id).collect();
        for id in deleted {
            next.index.set_id(id, None);
        }
        next.writes.live.until = midnight;
        self.draft.next = next;
        // Rows recorded earlier in this step moved up by the dropped records.
        self.events.retain_mut(|e| match e {
            Event::ConversationEnded { conversation } => match conversation.checked_sub(dropped as u32) {
                Some(row) => {
                    *conversation = row;
                    true
                }
                None => false,
            },
            _ => true,
        });
        self.metrics.extend(0..self.d().agents.len() as u32);
        self.touched |= Parts::ALL;
    }
}

/// How fast the simulator runs: simulated seconds per real second, and
/// steps per real second. Only the pace: what is simulated up to an instant
/// never depends on it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pace {
    speed: f64,
    rate: f64,
    /// Whether the simulated clock starts at the wall clock's "now"
    /// (catching up from the anchor) rather than where the data stands.
    catch_up: bool,
}

impl Pace {
    /// `speed` simulated seconds per real second, in `rate` steps a second,
    /// from where the data stands.
    pub fn new(speed: f64, rate: f64) -> Self {
        Pace { speed: speed.max(0.0), rate: rate.max(0.01), catch_up: false }
    }

    /// As [`Pace::new`], first catching up from the anchor to the wall
    /// clock's "now": at speed 1 the data's "now" is then the real one.
    pub fn following_the_wall_clock(speed: f64, rate: f64) -> Self {
        Pace { catch_up: true, ..Pace::new(speed, rate) }
    }

    pub fn speed(&self) -> f64 {
        self.speed
    }

    pub fn rate(&self) -> f64 {
        self.rate
    }

    pub fn catches_up(&self) -> bool {
        self.catch_up
    }

    /// Real time between steps.
    pub fn interval(&self) -> std::time::Duration {
        std::time::Duration::from_secs_f64(1.0 / self.rate)
    }
}

/// Where the wall clock's time comes from: the system's, or a test's.
pub trait WallClock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The system's clock: only the simulator's pacing reads it, never the data
/// (what a minute brings is drawn from the seed, the agent and the minute).
pub struct SystemClock;

impl WallClock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// Steps the served dataset's simulator at `pace`, forever. The simulated
/// "now" is where it started plus the real time since, times the speed:
/// started at the wall clock's "now" when the pace catches up (the demo:
/// at speed 1 the data's "now" is the browser's), else where the data
/// stood. After `resetData` the data stands at the anchor again and the
/// next step catches up. `clock` only schedules the steps.
pub async fn run(store: Arc<super::Store>, pace: Pace, clock: Arc<dyn WallClock>) {
    let started_real = clock.now();
    let started_sim = if pace.catch_up { started_real } else { store.snapshot().writes.live.until };
    let target = move |clock: &dyn WallClock| {
        let elapsed = (clock.now() - started_real).num_milliseconds().max(0) as f64;
        started_sim + TimeDelta::milliseconds((elapsed * pace.speed).round() as i64)
    };
    #[cfg(not(target_arch = "wasm32"))]
    let mut interval = tokio::time::interval(pace.interval());
    #[cfg(not(target_arch = "wasm32"))]
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        #[cfg(not(target_arch = "wasm32"))]
        interval.tick().await;
        #[cfg(target_arch = "wasm32")]
        crate::rt::sleep(pace.interval()).await;
        let until = target(clock.as_ref());
        let store = store.clone();
        let stepped = crate::rt::blocking(move || {
            if until <= store.snapshot().writes.live.until {
                return Ok(None);
            }
            store.write(None, &super::writes::Command::Simulate { until }).map(Some)
        })
        .await;
        match stepped {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => tracing::warn!(error = %e, "a simulator step was refused"),
            Err(e) => tracing::error!(error = %e, "a simulator step failed"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Params, Sizes, check};

    fn snapshot(anchor: &str) -> Arc<Snapshot> {
        let params = Params::new(12345, anchor.parse().unwrap(), Sizes::default());
        Arc::new(Snapshot::generate(&params).unwrap())
    }

    fn step(snap: &Arc<Snapshot>, until: DateTime<Utc>) -> Arc<Snapshot> {
        advance(snap, until).snapshot
    }

    fn assert_live_rules(snap: &Snapshot, what: &str) {
        for r in check::run_live(&snap.dataset) {
            assert!(r.passed(), "{what}: {} failed: {:?}", r.name, r.outcome);
        }
    }

    #[test]
    fn how_steps_batch_the_minutes_never_changes_the_data() {
        let seeded = snapshot("2025-01-20T14:00:00Z");
        let anchor = seeded.dataset.params.anchor;
        let whole = step(&seeded, anchor + TimeDelta::hours(3));
        let mut stepped = step(&seeded, anchor + TimeDelta::seconds(45));
        for k in 1..=35 {
            stepped = step(&stepped, anchor + TimeDelta::seconds(45) + TimeDelta::minutes(5 * k));
        }
        stepped = step(&stepped, anchor + TimeDelta::hours(3));
        assert_eq!(stepped.writes.live.until, whole.writes.live.until);
        assert_eq!(stepped.fingerprint(), whole.fingerprint());
        assert_eq!(stepped.dataset.providers, whole.dataset.providers, "the weather listed is the same");
        assert!(whole.dataset.conversations.len() > seeded.dataset.conversations.len(), "three hours bring records");
        assert_live_rules(&whole, "after three hours");
    }

    #[test]
    fn midnight_rolls_the_window_and_every_live_rule_holds() {
        let seeded = snapshot("2025-01-20T22:00:00Z");
        let anchor = seeded.dataset.params.anchor;
        let before = seeded.dataset.window;
        let mut snap = seeded;
        for hour in 1..=5 {
            snap = step(&snap, anchor + TimeDelta::hours(hour));
            assert_live_rules(&snap, &format!("after {hour} hours"));
        }
        let after = snap.dataset.window;
        assert_eq!(after.days, before.days);
        assert_eq!(after.start(), before.start() + TimeDelta::days(1));
        assert_eq!(after.date(after.last_day()).to_string(), "2025-01-21");
        assert_eq!(snap.dataset.daily_metrics.len(), 20 * 30);
        let today: u32 = (0..20).map(|a| snap.dataset.agent_days(a)[29].conversations).sum();
        assert!(today > 0, "traffic after midnight lands on the new day");
    }
}
