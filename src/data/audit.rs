//! The audit trail. Lifecycle entries mirror the agents exactly (one
//! `agent.created` at each agent's creation by its creator, one
//! `agent.stopped` when each inactive agent stopped); every other entry lies
//! in the window inside one of its actor's sign-in sessions, and an actor only
//! does what its role allows. The change that set off the declining agent's
//! incident is one of them, in its author's session at the incident's onset.
//! Each agent's status history is read back from the trail
//! ([`status_histories`]).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, TimeDelta, Utc};
use rand::RngExt;
use rand::seq::IndexedRandom;
use rand_chacha::ChaCha8Rng;

use super::agents::{MAX_TOKENS, TEMPERATURES};
use super::calendar::{Audience, DayType, Window};
use super::catalogue::{
    AuditAction, EXPORT_DATASETS, EXPORT_FORMATS, POLICIES, RESTART_REASONS, RETIRE_REASONS, Role, SIGN_IN_METHODS,
    UPDATABLE_AGENT_FIELDS, USER_AGENTS,
};
use super::kinds::AgentKind;
use super::model::{
    Agent, AgentIx, AgentStatus, AuditDetails, AuditLog, AuditTarget, ConfigSetting, DailyMetric, Incident,
    IncidentCause, StatusChange, User, UserIx,
};
use super::rng::{Streams, cumulative, pick, uuid_v4};

/// At most this many audit entries per user per window day (beyond the
/// lifecycle entries), so sessions never have to overlap.
pub const MAX_ENTRIES_PER_USER_DAY: usize = 8;

/// How long an idle session stays open after its last entry when the user
/// never logs out.
pub const IDLE_TIMEOUT_SECONDS: i64 = 3600;

/// Entries the trail must hold: one per agent, one per inactive agent, and
/// the session (login, change, logout) that set off the declining agent's
/// incident.
pub fn lifecycle_entries(agent_count: usize, inactive_count: usize) -> usize {
    agent_count + inactive_count + INCIDENT_SESSION_ENTRIES
}

/// At most one entry in this many of what the trail holds beyond its
/// lifecycle goes to the sign-ins before the window (`Generator::history_sessions`).
pub const HISTORY_SHARE: usize = 5;

/// A sign-in before the window lasts at most this long.
pub const HISTORY_SESSION_SECONDS: i64 = 2 * 3600;

/// Entries of the session that set off an incident.
pub const INCIDENT_SESSION_ENTRIES: usize = 3;

/// A sign-in session a scenario plans (a new workspace's first sign-ins,
/// an onboarding, an incident's responders, the change behind a spend
/// spike): drafted as the generated sessions are, and kept clear of them.
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedSession {
    pub user: UserIx,
    pub login: DateTime<Utc>,
    /// What the user does, in time order, after the login.
    pub entries: Vec<PlannedEntry>,
    /// `None`: still signed in at the anchor.
    pub logout: Option<DateTime<Utc>>,
}

/// One entry of a [`PlannedSession`].
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedEntry {
    pub action: AuditAction,
    pub target: Option<AuditTarget>,
    pub at: DateTime<Utc>,
    pub details: AuditDetails,
}

impl PlannedSession {
    /// How many entries it makes (login and logout included).
    pub fn entry_count(&self) -> usize {
        1 + self.entries.len() + usize::from(self.logout.is_some())
    }

    /// The last moment its user counts as signed in.
    fn until(&self) -> DateTime<Utc> {
        let last = self.entries.last().map_or(self.login, |e| e.at);
        self.logout.unwrap_or(last + TimeDelta::seconds(IDLE_TIMEOUT_SECONDS))
    }
}

/// Something a user does inside a session.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Activity {
    Single(AuditAction),
    /// `agent.stopped` followed minutes later by `agent.started`: a restart.
    Restart,
}

fn activity_weights(role: Role) -> &'static [(Activity, f64)] {
    use Activity::*;
    use AuditAction::*;
    match role {
        Role::Admin => &[
            (Single(AgentUpdated), 2.0),
            (Single(ConfigChanged), 2.0),
            (Restart, 1.0),
            (Single(AgentDeleted), 0.4),
            (Single(PolicyUpdated), 1.0),
            (Single(ExportRequested), 1.0),
        ],
        Role::Operator => {
            &[(Single(AgentUpdated), 2.0), (Single(ConfigChanged), 3.0), (Restart, 2.0), (Single(ExportRequested), 1.0)]
        }
        Role::Viewer => &[(Single(ExportRequested), 1.0)],
    }
}

/// How often each role signs in, relative to the others.
fn session_weight(role: Role) -> f64 {
    match role {
        Role::Admin => 3.0,
        Role::Operator => 4.0,
        Role::Viewer => 1.5,
    }
}

/// Where and how a user connects from.
pub struct UserHabits {
    /// Office and home addresses.
    pub addresses: [[u8; 4]; 2],
    pub user_agent: u8,
    /// How the user signs in (`password`, `sso`).
    pub method: &'static str,
}

/// User `u`'s habits, drawn from its own stream (writes reuse them, so a
/// user's new entries come from the same addresses and browser).
pub fn habits(streams: &Streams, u: UserIx) -> UserHabits {
    let mut rng = streams.record("audit.users", u64::from(u));
    let office = [10, 20, rng.random_range(0..=255), rng.random_range(1..=254)];
    let home = [203, 0, 113, rng.random_range(1..=254)];
    UserHabits {
        addresses: [office, home],
        user_agent: rng.random_range(0..USER_AGENTS.len() as u8),
        method: SIGN_IN_METHODS[usize::from(rng.random_bool(0.7))],
    }
}

/// An entry before its id is drawn.
struct Draft {
    action: AuditAction,
    actor: UserIx,
    target: Option<AuditTarget>,
    at: DateTime<Utc>,
    ip_address: [u8; 4],
    user_agent: u8,
    details: AuditDetails,
}

struct Generator<'a> {
    window: &'a Window,
    users: &'a [User],
    agents: &'a [Agent],
    habits: Vec<UserHabits>,
    rng: ChaCha8Rng,
    live_names: BTreeSet<&'a str>,
    /// Activities still owed so every action type appears: each session's
    /// first action takes the first one its actor's role allows.
    owed: Vec<Activity>,
    /// Agents whose config changes a planned session makes: generated
    /// sessions leave their settings alone, so the changes chain.
    planned_configs: BTreeSet<AgentIx>,
    /// Each user's address in its current session (set by its sign-in):
    /// one address and browser per session.
    session_address: Vec<Option<[u8; 4]>>,
    /// Policy changes already made (policy, change): a workspace makes each
    /// change once.
    used_policies: BTreeSet<(usize, usize)>,
    streams: &'a Streams,
}

/// The audit trail: `n` entries, the lifecycle's, the incidents' and the
/// `planned` sessions' first, then generated sessions.
pub fn generate(
    streams: &Streams,
    window: &Window,
    users: &[User],
    agents: &[Agent],
    n: usize,
    planned: &[PlannedSession],
) -> Vec<AuditLog> {
    let habits = (0..users.len() as UserIx).map(|u| habits(streams, u)).collect();
    let mut generator = Generator {
        window,
        users,
        agents,
        habits,
        rng: streams.family("audit"),
        live_names: agents.iter().map(|a| a.name.as_str()).collect(),
        owed: vec![
            Activity::Single(AuditAction::AgentDeleted),
            Activity::Single(AuditAction::PolicyUpdated),
            Activity::Restart,
            Activity::Single(AuditAction::ConfigChanged),
            Activity::Single(AuditAction::AgentUpdated),
            Activity::Single(AuditAction::ExportRequested),
        ],
        planned_configs: planned
            .iter()
            .flat_map(|p| &p.entries)
            .filter(|e| e.action == AuditAction::ConfigChanged)
            .filter_map(|e| match e.target {
                Some(AuditTarget::Agent(a)) => Some(a),
                _ => None,
            })
            .collect(),
        session_address: vec![None; users.len()],
        used_policies: BTreeSet::new(),
        streams,
    };
    // A planned stop is an agent's final one: the lifecycle leaves it to the plan.
    let planned_stops: BTreeSet<(AgentIx, DateTime<Utc>)> = planned
        .iter()
        .flat_map(|p| &p.entries)
        .filter_map(|e| match (e.action, e.target) {
            (AuditAction::AgentStopped, Some(AuditTarget::Agent(a))) => Some((a, e.at)),
            _ => None,
        })
        .collect();
    let mut drafts = generator.lifecycle(&planned_stops);
    let mut busy: Vec<Vec<(DateTime<Utc>, DateTime<Utc>)>> = vec![Vec::new(); users.len()];
    drafts.extend(generator.incident_sessions(&mut busy));
    drafts.extend(generator.planned_sessions(planned, &mut busy));
    drafts.extend(generator.responses(&mut busy));
    let history = generator.history_sessions(&drafts, n.saturating_sub(drafts.len()) / HISTORY_SHARE);
    drafts.extend(history);
    let budget = n.saturating_sub(drafts.len());
    drafts.extend(generator.sessions(budget, busy));
    drafts.truncate(n);
    // Stable sort: same-second entries keep generation order.
    drafts.sort_by_key(|d| d.at);
    generator.chain_config_changes(&mut drafts);
    restart_reasons(&mut drafts);
    one_identity_per_session(&mut drafts);

    let mut ids = streams.family("audit.ids");
    drafts
        .into_iter()
        .map(|d| AuditLog {
            id: uuid_v4(&mut ids),
            action: d.action,
            actor: d.actor,
            target: d.target,
            created_at: d.at,
            ip_address: d.ip_address,
            user_agent: d.user_agent,
            details: d.details,
        })
        .collect()
}

impl Generator<'_> {
    fn draft(
        &mut self,
        action: AuditAction,
        actor: UserIx,
        target: Option<AuditTarget>,
        at: DateTime<Utc>,
        details: AuditDetails,
    ) -> Draft {
        let habits = &self.habits[actor as usize];
        let user_agent = habits.user_agent;
        // A sign-in picks the session's address (office or home); the
        // session's entries keep it.
        let current = self.session_address.get(actor as usize).copied().flatten();
        let address = match current {
            Some(address) if action != AuditAction::UserLogin => address,
            _ => habits.addresses[usize::from(self.rng.random_bool(0.3))],
        };
        if action == AuditAction::UserLogin
            && let Some(slot) = self.session_address.get_mut(actor as usize)
        {
            *slot = Some(address);
        }
        Draft { action, actor, target, at, ip_address: address, user_agent, details }
    }

    /// A scenario's planned sessions, each kept in its user's busy times.
    fn planned_sessions(
        &mut self,
        planned: &[PlannedSession],
        busy: &mut [Vec<(DateTime<Utc>, DateTime<Utc>)>],
    ) -> Vec<Draft> {
        let mut drafts = Vec::new();
        for session in planned {
            let user = session.user;
            let Some(habits) = self.habits.get(user as usize) else { continue };
            let method = habits.method;
            let me = Some(AuditTarget::User(user));
            drafts.push(self.draft(AuditAction::UserLogin, user, me, session.login, AuditDetails::Session { method }));
            for e in &session.entries {
                drafts.push(self.draft(e.action, user, e.target, e.at, e.details.clone()));
            }
            if let Some(logout) = session.logout {
                drafts.push(self.draft(AuditAction::UserLogout, user, me, logout, AuditDetails::Session { method }));
            }
            busy[user as usize].push((session.login, session.until()));
        }
        drafts
    }

    /// The sign-ins behind the agents' creations before the window: each
    /// creator's creations within an hour of each other share a session
    /// (a login minutes before the first, a logout minutes after the
    /// last), the latest first while `room` (entries) lasts, so the trail
    /// shows people working before the window as in it.
    fn history_sessions(&mut self, drafts: &[Draft], room: usize) -> Vec<Draft> {
        let start = self.window.start();
        let mut created: Vec<(UserIx, DateTime<Utc>)> = drafts
            .iter()
            .filter(|d| d.action == AuditAction::AgentCreated && d.at < start)
            .map(|d| (d.actor, d.at))
            .collect();
        created.sort_by_key(|&(actor, at)| (actor, at));
        // (actor, first creation, last creation), one per session.
        let mut groups: Vec<(UserIx, DateTime<Utc>, DateTime<Utc>)> = Vec::new();
        for (actor, at) in created {
            match groups.last_mut() {
                Some((a, _, last)) if *a == actor && at - *last <= TimeDelta::hours(1) => *last = at,
                _ => groups.push((actor, at, at)),
            }
        }
        groups.sort_by_key(|&(actor, first, _)| (std::cmp::Reverse(first), actor));
        let mut rng = self.streams.family("audit.history");
        let mut out = Vec::new();
        for (actor, first, last) in groups.into_iter().take(room / 2) {
            let joined = self.users[actor as usize].created_at;
            let login = (first - TimeDelta::seconds(rng.random_range(60..1200))).max(joined + TimeDelta::seconds(1));
            let logout = (last + TimeDelta::seconds(rng.random_range(120..1800)))
                .min(login + TimeDelta::seconds(HISTORY_SESSION_SECONDS))
                .min(start - TimeDelta::seconds(1));
            if login >= first || logout <= last {
                continue;
            }
            let method = self.habits[actor as usize].method;
            let me = Some(AuditTarget::User(actor));
            out.push(self.draft(AuditAction::UserLogin, actor, me, login, AuditDetails::Session { method }));
            out.push(self.draft(AuditAction::UserLogout, actor, me, logout, AuditDetails::Session { method }));
        }
        out
    }

    /// One `agent.created` per agent (by its creator, at its creation) and one
    /// `agent.stopped` per inactive agent (when it stopped), unless a planned
    /// session makes that stop.
    fn lifecycle(&mut self, planned_stops: &BTreeSet<(AgentIx, DateTime<Utc>)>) -> Vec<Draft> {
        let managers: Vec<UserIx> = self.users_with(|r| matches!(r, Role::Admin | Role::Operator));
        let mut drafts = Vec::new();
        for (a, agent) in self.agents.iter().enumerate() {
            let target = Some(AuditTarget::Agent(a as AgentIx));
            drafts.push(self.draft(
                AuditAction::AgentCreated,
                agent.created_by,
                target,
                agent.created_at,
                AuditDetails::None,
            ));
            if agent.status == AgentStatus::Inactive {
                let actor = *managers.choose(&mut self.rng).unwrap_or(&agent.created_by);
                let reason = *RETIRE_REASONS.choose(&mut self.rng).unwrap_or(&RETIRE_REASONS[0]);
                let stop = self.draft(
                    AuditAction::AgentStopped,
                    actor,
                    target,
                    agent.last_active_at,
                    AuditDetails::Lifecycle { reason: reason.into() },
                );
                if !planned_stops.contains(&(a as AgentIx, agent.last_active_at)) {
                    drafts.push(stop);
                }
            }
        }
        drafts
    }

    /// The session in which a user's config change set off an incident:
    /// login minutes before the onset, the change at the onset, logout later.
    fn incident_sessions(&mut self, busy: &mut [Vec<(DateTime<Utc>, DateTime<Utc>)>]) -> Vec<Draft> {
        let mut drafts = Vec::new();
        for (a, agent) in self.agents.iter().enumerate() {
            let Some(incident) = &agent.incident else { continue };
            let (Some(user), true) = (incident.changed_by, incident.cause.is_config_change()) else { continue };
            let (setting, from, to) = match incident.cause {
                IncidentCause::MaxTokensRaised { from, to } => (ConfigSetting::MaxTokens, from as f64, to as f64),
                IncidentCause::TemperatureRaised { from, to } => (ConfigSetting::Temperature, from, to),
                _ => continue,
            };
            let login = incident.onset - TimeDelta::seconds(self.rng.random_range(300..2400));
            let logout = incident.onset + TimeDelta::seconds(self.rng.random_range(600..5400));
            let method = self.habits[user as usize].method;
            let me = Some(AuditTarget::User(user));
            let target = Some(AuditTarget::Agent(a as AgentIx));
            drafts.push(self.draft(AuditAction::UserLogin, user, me, login, AuditDetails::Session { method }));
            let change = AuditDetails::ConfigChanged { setting, from, to };
            drafts.push(self.draft(AuditAction::ConfigChanged, user, target, incident.onset, change));
            let until = if logout < self.window.end() {
                drafts.push(self.draft(AuditAction::UserLogout, user, me, logout, AuditDetails::Session { method }));
                logout
            } else {
                incident.onset + TimeDelta::seconds(IDLE_TIMEOUT_SECONDS)
            };
            busy[user as usize].push((login, until));
        }
        drafts
    }

    /// Humans react to an agent the platform paused: within two hours of
    /// the pause an admin or operator signs in and pulls the week's
    /// conversations (unless the anchor comes first). Drawn from the
    /// `audit.responses` stream, one record per agent.
    fn responses(&mut self, busy: &mut [Vec<(DateTime<Utc>, DateTime<Utc>)>]) -> Vec<Draft> {
        let managers = self.users_with(|r| matches!(r, Role::Admin | Role::Operator));
        let mut drafts = Vec::new();
        for (a, agent) in self.agents.iter().enumerate() {
            let Some(incident) = &agent.incident else { continue };
            if agent.status != AgentStatus::Error {
                continue;
            }
            let mut rng = self.streams.record("audit.responses", a as u64);
            let login = incident.failed_at + TimeDelta::seconds(rng.random_range(480..RESPONSE_SECONDS - 1800));
            let look = login + TimeDelta::seconds(rng.random_range(90..900));
            let logout = look + TimeDelta::seconds(rng.random_range(600..3600));
            if look >= self.window.end() {
                continue;
            }
            let until =
                if logout < self.window.end() { logout } else { look + TimeDelta::seconds(IDLE_TIMEOUT_SECONDS) };
            let free: Vec<UserIx> = managers
                .iter()
                .copied()
                .filter(|&u| self.users[u as usize].created_at < login)
                .filter(|&u| !busy[u as usize].iter().any(|&(s, e)| login <= e && s <= until))
                .collect();
            let Some(&user) = free.choose(&mut rng) else { continue };
            let method = self.habits[user as usize].method;
            let me = Some(AuditTarget::User(user));
            drafts.push(self.draft(AuditAction::UserLogin, user, me, login, AuditDetails::Session { method }));
            let export = AuditDetails::ExportRequested { dataset: "conversations", format: "JSON", days: 7 };
            drafts.push(self.draft(AuditAction::ExportRequested, user, None, look, export));
            if logout < self.window.end() {
                drafts.push(self.draft(AuditAction::UserLogout, user, me, logout, AuditDetails::Session { method }));
            }
            busy[user as usize].push((login, until));
        }
        drafts
    }

    fn users_with(&self, role: impl Fn(Role) -> bool) -> Vec<UserIx> {
        (0..self.users.len() as UserIx).filter(|&u| role(self.users[u as usize].role)).collect()
    }

    fn agents_with(&self, status: impl Fn(AgentStatus) -> bool) -> Vec<AgentIx> {
        (0..self.agents.len() as AgentIx).filter(|&a| status(self.agents[a as usize].status)).collect()
    }

    /// Sign-in sessions until `budget` entries are drawn. Sessions of one user
    /// never overlap, so each entry sits between its actor's login and logout.
    fn sessions(&mut self, budget: usize, mut busy: Vec<Vec<(DateTime<Utc>, DateTime<Utc>)>>) -> Vec<Draft> {
        let user_bands = cumulative(&self.users.iter().map(|u| session_weight(u.role)).collect::<Vec<_>>());
        // The staff's hours in the home zone: office hours on working days,
        // a few sessions on days off; sessions that would start after the
        // anchor are redrawn.
        let [working, off] = Audience::Employees.shapes();
        let hour_weights: Vec<f64> = (0..self.window.days)
            .flat_map(|d| self.window.local_hours(d))
            .map(|(day, hour)| match day {
                DayType::Working => working[hour as usize],
                DayType::Festive => 0.5 * working[hour as usize],
                _ => 0.3 * off[hour as usize],
            })
            .collect();
        let hour_bands = cumulative(&hour_weights);
        let active = self.agents_with(|s| s == AgentStatus::Active);
        let serving = self.agents_with(|s| s != AgentStatus::Inactive);
        let mut out = Vec::with_capacity(budget);
        let mut misses = 0;
        let admins = self.users_with(|r| r == Role::Admin);
        while out.len() < budget && misses < 10_000 {
            let drawn_user = pick(&user_bands, self.rng.random()) as UserIx;
            // Admin-only actions are owed until an admin session lands.
            let user = match admins.get(misses % admins.len().max(1)) {
                Some(&admin)
                    if self.owed.iter().any(|o| {
                        matches!(o, Activity::Single(AuditAction::AgentDeleted | AuditAction::PolicyUpdated))
                    }) =>
                {
                    admin
                }
                _ => drawn_user,
            };
            let hour = pick(&hour_bands, self.rng.random()) as i64;
            let login = self.window.start() + TimeDelta::seconds(hour * 3600 + self.rng.random_range(0..3600));
            if login >= self.window.end() {
                misses += 1;
                continue;
            }
            let session = self.session(user, login, budget - out.len(), &active, &serving);
            let last = session.last().map_or(login, |d| d.at);
            let logged_out = session.last().is_some_and(|d| d.action == AuditAction::UserLogout);
            let until = if logged_out { last } else { last + TimeDelta::seconds(IDLE_TIMEOUT_SECONDS) };
            if busy[user as usize].iter().any(|&(s, e)| login <= e && s <= until) {
                misses += 1;
                continue;
            }
            busy[user as usize].push((login, until));
            self.owed.retain(|owed| {
                let action = match owed {
                    Activity::Restart => AuditAction::AgentStopped,
                    Activity::Single(action) => *action,
                };
                !session.iter().any(|d| d.action == action)
            });
            out.extend(session);
        }
        out
    }

    /// Login, a few role-appropriate actions minutes apart, maybe a logout;
    /// never past the window's end (so never past the anchor), never more
    /// than `budget` entries.
    fn session(
        &mut self,
        user: UserIx,
        login: DateTime<Utc>,
        budget: usize,
        active: &[AgentIx],
        serving: &[AgentIx],
    ) -> Vec<Draft> {
        let role = self.users[user as usize].role;
        let method = self.habits[user as usize].method;
        let me = Some(AuditTarget::User(user));
        let mut drafts = vec![self.draft(AuditAction::UserLogin, user, me, login, AuditDetails::Session { method })];
        let drawn = if role == Role::Viewer { self.rng.random_range(0..=1) } else { self.rng.random_range(1..=4) };
        // A session owing action types makes room for all it may do.
        let owed = self.owed.iter().filter(|o| activity_weights(role).iter().any(|(w, _)| w == *o)).count();
        let actions = drawn.max(owed);
        let weights = activity_weights(role);
        let bands = cumulative(&weights.iter().map(|(_, w)| *w).collect::<Vec<_>>());
        let mut at = login;
        for n in 0..actions {
            at += TimeDelta::seconds(self.rng.random_range(120..2400));
            let mut activity = weights[pick(&bands, self.rng.random())].0;
            if let Some(owed) = self.owed.iter().filter(|o| weights.iter().any(|(w, _)| w == *o)).nth(n) {
                activity = *owed;
            }
            let room = budget - drafts.len();
            if at >= self.window.end() || room == 0 {
                break;
            }
            match activity {
                Activity::Restart => {
                    let restart_at = at + TimeDelta::seconds(self.rng.random_range(60..900));
                    let Some(&agent) = active.choose(&mut self.rng) else { continue };
                    if room < 2 || restart_at >= self.window.end() {
                        continue;
                    }
                    let target = Some(AuditTarget::Agent(agent));
                    let (stop, start) = *RESTART_REASONS.choose(&mut self.rng).unwrap_or(&RESTART_REASONS[0]);
                    let stopped = AuditDetails::Lifecycle { reason: stop.into() };
                    drafts.push(self.draft(AuditAction::AgentStopped, user, target, at, stopped));
                    let started = AuditDetails::Lifecycle { reason: start.into() };
                    drafts.push(self.draft(AuditAction::AgentStarted, user, target, restart_at, started));
                    at = restart_at;
                }
                Activity::Single(action) => {
                    let drafted = self.action(action, user, at, active, serving);
                    drafts.push(drafted);
                }
            }
        }
        let logout_at = at + TimeDelta::seconds(self.rng.random_range(300..10_800));
        if self.rng.random_bool(0.75) && logout_at < self.window.end() && drafts.len() < budget {
            drafts.push(self.draft(AuditAction::UserLogout, user, me, logout_at, AuditDetails::Session { method }));
        }
        drafts
    }

    fn action(
        &mut self,
        action: AuditAction,
        user: UserIx,
        at: DateTime<Utc>,
        active: &[AgentIx],
        serving: &[AgentIx],
    ) -> Draft {
        let (target, details) = match action {
            AuditAction::AgentUpdated => {
                let agent = *serving.choose(&mut self.rng).unwrap_or(&0);
                let field = *UPDATABLE_AGENT_FIELDS.choose(&mut self.rng).unwrap_or(&"description");
                (Some(AuditTarget::Agent(agent)), AuditDetails::AgentUpdated { field, prompt: None })
            }
            AuditAction::ConfigChanged => {
                let open: Vec<AgentIx> = active.iter().copied().filter(|a| !self.planned_configs.contains(a)).collect();
                let agent = *open.choose(&mut self.rng).unwrap_or(&0);
                let setting =
                    if self.rng.random_bool(0.6) { ConfigSetting::Temperature } else { ConfigSetting::MaxTokens };
                // Values are chained to the agent's current config afterwards.
                (Some(AuditTarget::Agent(agent)), AuditDetails::ConfigChanged { setting, from: 0.0, to: 0.0 })
            }
            AuditAction::AgentDeleted => (None, self.deleted_agent()),
            AuditAction::PolicyUpdated if self.used_policies.len() < policy_changes() => {
                // Each change once: a workspace does not make the same change twice.
                let open: Vec<(usize, usize)> = POLICIES
                    .iter()
                    .enumerate()
                    .flat_map(|(p, (_, changes))| (0..changes.len()).map(move |c| (p, c)))
                    .filter(|pc| !self.used_policies.contains(pc))
                    .collect();
                let &(p, c) = open.choose(&mut self.rng).unwrap_or(&(0, 0));
                self.used_policies.insert((p, c));
                let (policy, changes) = POLICIES[p];
                (None, AuditDetails::PolicyUpdated { policy, change: changes[c] })
            }
            _ => {
                // An export (also what an admin does once every policy change is made).
                let action = AuditAction::ExportRequested;
                let dataset = *EXPORT_DATASETS.choose(&mut self.rng).unwrap_or(&EXPORT_DATASETS[0]);
                let format = *EXPORT_FORMATS.choose(&mut self.rng).unwrap_or(&EXPORT_FORMATS[0]);
                let days = *[7u16, 30, 90].choose(&mut self.rng).unwrap_or(&30);
                return self.draft(action, user, None, at, AuditDetails::ExportRequested { dataset, format, days });
            }
        };
        self.draft(action, user, target, at, details)
    }

    /// A former agent: a kind's name with a number no live agent carries.
    fn deleted_agent(&mut self) -> AuditDetails {
        loop {
            let kind = *AgentKind::ALL.choose(&mut self.rng).unwrap_or(&AgentKind::CustomerSupport);
            let name = format!("{} {}", kind.base_name(), self.rng.random_range(1..=999));
            let former_id = uuid_v4(&mut self.rng);
            if !self.live_names.contains(name.as_str()) {
                return AuditDetails::AgentDeleted { name, former_id };
            }
        }
    }

    /// Fills `config.changed` values so each agent's changes chain, oldest to
    /// newest, into its current config: every `from` is the previous `to`.
    fn chain_config_changes(&mut self, drafts: &mut [Draft]) {
        let mut changes_by_agent: Vec<Vec<usize>> = vec![Vec::new(); self.agents.len()];
        for (i, draft) in drafts.iter().enumerate() {
            if let (Some(AuditTarget::Agent(a)), AuditDetails::ConfigChanged { .. }) = (draft.target, &draft.details) {
                changes_by_agent[a as usize].push(i);
            }
        }
        for (agent, changes) in self.agents.iter().zip(changes_by_agent) {
            let mut temperature = agent.config.temperature;
            let mut max_tokens = agent.config.max_tokens as f64;
            for i in changes.into_iter().rev() {
                if let AuditDetails::ConfigChanged { setting, from, to } = &mut drafts[i].details {
                    let value = match setting {
                        ConfigSetting::Temperature => &mut temperature,
                        ConfigSetting::MaxTokens => &mut max_tokens,
                    };
                    if from != to {
                        // Planned (an incident's cause): its values stand.
                        *value = *from;
                        continue;
                    }
                    *to = *value;
                    *from = previous_value(&mut self.rng, *setting, *value);
                    *value = *from;
                }
            }
        }
    }
}

/// How long after a pause a human has reacted.
pub const RESPONSE_SECONDS: i64 = 2 * 3600;

/// How many distinct policy changes the catalogue holds.
pub fn policy_changes() -> usize {
    POLICIES.iter().map(|(_, changes)| changes.len()).sum()
}

/// How long before a restart for an updated system prompt the update came.
pub const PROMPT_RESTART_SECONDS: i64 = 24 * 3600;

/// Every entry inside a session (after its actor's sign-in, before the
/// sign-out) comes from the sign-in's address and browser. Entries are
/// drafted phase by phase (lifecycle, incidents, planned and generated
/// sessions), so only the time-ordered trail knows which session an entry
/// falls in.
fn one_identity_per_session(drafts: &mut [Draft]) {
    let mut session: BTreeMap<UserIx, ([u8; 4], u8)> = BTreeMap::new();
    for d in drafts.iter_mut() {
        match d.action {
            AuditAction::UserLogin => {
                session.insert(d.actor, (d.ip_address, d.user_agent));
            }
            _ => {
                if let Some(&(ip, agent)) = session.get(&d.actor) {
                    (d.ip_address, d.user_agent) = (ip, agent);
                }
                if d.action == AuditAction::UserLogout {
                    session.remove(&d.actor);
                }
            }
        }
    }
}

/// A restart "to pick up the updated system prompt" follows an update of
/// that agent's prompt within a day; any other takes another reason
/// (drawn by position, so no stream moves).
fn restart_reasons(drafts: &mut [Draft]) {
    let mut updated: BTreeMap<AgentIx, DateTime<Utc>> = BTreeMap::new();
    let (prompt_stop, prompt_start) = RESTART_REASONS[0];
    for i in 0..drafts.len() {
        let Some(AuditTarget::Agent(a)) = drafts[i].target else { continue };
        let at = drafts[i].at;
        match (&drafts[i].action, &drafts[i].details) {
            (AuditAction::AgentUpdated, AuditDetails::AgentUpdated { field: "systemPrompt", .. }) => {
                updated.insert(a, at);
            }
            (AuditAction::AgentStopped, AuditDetails::Lifecycle { reason }) if reason == prompt_stop => {
                if updated.get(&a).is_some_and(|&u| (at - u).num_seconds() <= PROMPT_RESTART_SECONDS) {
                    continue;
                }
                let (stop, start) = RESTART_REASONS[1 + i % (RESTART_REASONS.len() - 1)];
                drafts[i].details = AuditDetails::Lifecycle { reason: stop.into() };
                let actor = drafts[i].actor;
                if let Some(next) = drafts[i + 1..].iter_mut().find(|d| {
                    d.action == AuditAction::AgentStarted && d.target == Some(AuditTarget::Agent(a)) && d.actor == actor
                }) && matches!(&next.details, AuditDetails::Lifecycle { reason } if reason == prompt_start)
                {
                    next.details = AuditDetails::Lifecycle { reason: start.into() };
                }
            }
            _ => {}
        }
    }
}

/// A different value of the same setting, from its domain.
fn previous_value(rng: &mut ChaCha8Rng, setting: ConfigSetting, current: f64) -> f64 {
    let domain: Vec<f64> = match setting {
        ConfigSetting::Temperature => TEMPERATURES.to_vec(),
        ConfigSetting::MaxTokens => MAX_TOKENS.iter().map(|&t| t as f64).collect(),
    };
    let others: Vec<f64> = domain.into_iter().filter(|v| *v != current).collect();
    others.choose(rng).copied().unwrap_or(current)
}

/// Reads each agent's status history back from the audit trail: created
/// (active), every stop and start with its reason, and for error agents the
/// platform's automatic pause with the incident's cause.
pub fn status_histories(
    window: &Window,
    users: &[User],
    agents: &mut [Agent],
    audit_logs: &[AuditLog],
    daily_metrics: &[DailyMetric],
) {
    let name = |u: UserIx| users.get(u as usize).map_or("a user", |u| u.name.as_str());
    for agent in agents.iter_mut() {
        agent.status_changes.clear();
    }
    for log in audit_logs {
        let Some(AuditTarget::Agent(a)) = log.target else { continue };
        let Some(agent) = agents.get_mut(a as usize) else { continue };
        let reason = match &log.details {
            AuditDetails::Lifecycle { reason } => reason.to_string(),
            _ => format!("Created by {}", name(log.actor)),
        };
        let status = match log.action {
            AuditAction::AgentCreated | AuditAction::AgentStarted => AgentStatus::Active,
            AuditAction::AgentStopped => AgentStatus::Inactive,
            _ => continue,
        };
        agent.status_changes.push_back(StatusChange { at: log.created_at, status, actor: Some(log.actor), reason });
    }
    let days = window.days as usize;
    for (a, agent) in agents.iter_mut().enumerate() {
        let Some(incident) = agent.incident.clone() else { continue };
        // What the platform saw in its pause window: the hours before the
        // pause (those whose traffic centres in it), across midnight too.
        let (total, failed) = pause_window(window, &daily_metrics[a * days..(a + 1) * days], agent, &incident);
        let span = format!("in the {} hours before the pause", super::metrics::PAUSE_HOURS);
        let reason = super::incidents::reason(&incident, failed, total, &span, users);
        agent.status_changes.push_back(StatusChange {
            at: incident.failed_at,
            status: AgentStatus::Error,
            actor: None,
            reason,
        });
    }
}

/// Conversations and failures of an error agent's pause window: the hours
/// (of `rows`, its daily metrics) whose traffic centres in the
/// [`PAUSE_HOURS`](super::metrics::PAUSE_HOURS) before its pause, from its
/// incident's onset on. The platform pauses on what it saw there.
pub fn pause_window(window: &Window, rows: &[DailyMetric], agent: &Agent, incident: &Incident) -> (u32, u32) {
    let from = (incident.failed_at - TimeDelta::hours(super::metrics::PAUSE_HOURS)).max(incident.onset);
    let end = super::metrics::traffic_end(window, agent);
    let mut totals = (0, 0);
    for (day, row) in rows.iter().enumerate() {
        for h in 0..24 {
            let middle = super::metrics::hour_middle(window, day as u32, h, end);
            if (from..=incident.failed_at).contains(&middle) {
                totals.0 += u32::from(row.hourly[h as usize]);
                totals.1 += u32::from(row.hourly_failed[h as usize]);
            }
        }
    }
    totals
}

/// Numbers each agent's system-prompt updates in the audit trail (versions
/// 2, 3, ... in time order, each with what it changed), and gives every
/// agent the prompt of its latest version, written for its current config.
pub fn prompt_versions(streams: &Streams, company: &str, agents: &mut [Agent], audit_logs: &mut [AuditLog]) {
    let mut versions = vec![1u32; agents.len()];
    for log in audit_logs.iter_mut() {
        let (Some(AuditTarget::Agent(a)), AuditDetails::AgentUpdated { field: "systemPrompt", prompt }) =
            (log.target, &mut log.details)
        else {
            continue;
        };
        let Some(agent) = agents.get(a as usize) else { continue };
        versions[a as usize] += 1;
        let version = versions[a as usize];
        let facts = prompt_facts(agent, company);
        *prompt = Some((
            version,
            super::prompts::prompt_change(&facts, version, streams, super::prompts::agent_key(&agent.id)),
        ));
    }
    for (agent, version) in agents.iter_mut().zip(versions) {
        let facts = prompt_facts(agent, company);
        let text = super::prompts::system_prompt(&facts, version, streams, super::prompts::agent_key(&agent.id));
        agent.config.system_prompt = text;
        agent.config.prompt_version = version;
    }
}

fn prompt_facts<'a>(agent: &'a Agent, company: &'a str) -> super::prompts::PromptFacts<'a> {
    super::prompts::PromptFacts {
        agent_name: &agent.name,
        kind: agent.kind,
        model: agent.model,
        temperature: agent.config.temperature,
        max_tokens: agent.config.max_tokens,
        company,
    }
}
