//! A new workspace (`empty`, `onboarding`): members who joined in the last
//! days, the owner (the first admin) first; for `onboarding`, the first
//! agent, created by the owner a few hours before the anchor, and the
//! sessions that tell it: everyone's first sign-in, and the owner's
//! session that creates the agent, edits its prompt, lowers its
//! temperature and restarts it.

use chrono::{DateTime, TimeDelta, Utc};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::super::agents::TEMPERATURES;
use super::super::audit::{PlannedEntry, PlannedSession};
use super::super::calendar::Window;
use super::super::catalogue::{AuditAction, RESTART_REASONS, Role};
use super::super::model::{Agent, AuditDetails, AuditTarget, ConfigSetting, User, UserIx};
use super::super::rng::{Streams, uniform};
use super::{Budget, Story};

/// The owner joined this many days before the anchor...
pub const OWNER_JOINED_DAYS: (f64, f64) = (8.0, 10.0);
/// ...and everyone else this many.
pub const JOINED_DAYS: (f64, f64) = (1.5, 7.5);
/// The first agent was created this many hours before the anchor.
pub const ONBOARDING_AGE_HOURS: (f64, f64) = (3.0, 6.0);
/// Its first hours hold at least this many conversations (its creator
/// tries it at once, even at night).
pub const ONBOARDING_MIN_CONVERSATIONS: u32 = 3;

/// The audit entries of an onboarding with `users` members: each one's
/// first sign-in and sign-out, and the owner's session (sign-in, the
/// creation, a prompt edit, a config change, a stop and a start, sign-out).
pub fn onboarding_entries(users: usize) -> usize {
    2 * users + 7
}

/// The owner: the first admin (the role quota always has one).
fn owner(users: &[User]) -> UserIx {
    users.iter().position(|u| u.role == Role::Admin).unwrap_or(0) as UserIx
}

fn seconds(rng: &mut ChaCha8Rng, (lo, hi): (f64, f64), unit: f64) -> TimeDelta {
    TimeDelta::seconds((uniform(rng, lo, hi) * unit) as i64)
}

fn minutes(rng: &mut ChaCha8Rng, lo: i64, hi: i64) -> TimeDelta {
    TimeDelta::seconds(rng.random_range(lo * 60..hi * 60))
}

/// Sets when each member joined (the owner first); returns the owner.
fn members(streams: &Streams, window: &Window, users: &mut [User]) -> UserIx {
    let owner = owner(users);
    let mut rng = streams.family("scenario.members");
    for (u, user) in users.iter_mut().enumerate() {
        let days = if u as UserIx == owner { OWNER_JOINED_DAYS } else { JOINED_DAYS };
        user.created_at = window.anchor - seconds(&mut rng, days, 86_400.0);
    }
    owner
}

/// Each member's first sign-in, minutes after joining, and sign-out.
fn first_sign_ins(streams: &Streams, users: &[User]) -> Vec<PlannedSession> {
    let mut rng = streams.family("scenario.first-sign-ins");
    users
        .iter()
        .enumerate()
        .map(|(u, user)| {
            let login = user.created_at + minutes(&mut rng, 2, 30);
            let logout = login + minutes(&mut rng, 5, 40);
            PlannedSession { user: u as UserIx, login, entries: Vec::new(), logout: Some(logout) }
        })
        .collect()
}

/// `empty`: the members, nothing else. The audit trail stays empty too: the
/// audit screen's empty state is one a UI must show, and a trail of
/// sign-ins only is `onboarding`'s.
pub fn empty(streams: &Streams, window: &Window, users: &mut [User]) -> Story {
    members(streams, window, users);
    Story { budget: Budget::NewWorkspace, ..Story::default() }
}

/// `onboarding`: the members, their first sign-ins, and the first agent
/// (the one `agents` holds), created by the owner hours ago.
pub fn onboarding(streams: &Streams, window: &Window, users: &mut [User], agents: &mut [Agent]) -> Story {
    let owner = members(streams, window, users);
    let mut sessions = first_sign_ins(streams, users);
    let mut story = Story { budget: Budget::NewWorkspace, keep_every_conversation: true, ..Story::default() };
    let Some(agent) = agents.first_mut() else {
        story.sessions = sessions;
        return story;
    };
    let mut rng = streams.family("scenario.onboarding");
    let created = window.anchor - seconds(&mut rng, ONBOARDING_AGE_HOURS, 3600.0);
    agent.created_at = created;
    agent.created_by = owner;
    let target = Some(AuditTarget::Agent(0));
    let login = created - minutes(&mut rng, 5, 25);
    // The owner watches its first conversations, sharpens the prompt,
    // steadies the answers and restarts it to pick the prompt up.
    let edited = created + minutes(&mut rng, 20, 50);
    let tuned = edited + minutes(&mut rng, 3, 10);
    let stopped = tuned + minutes(&mut rng, 2, 8);
    let started = stopped + minutes(&mut rng, 1, 4);
    let logout = started + minutes(&mut rng, 10, 30);
    let from = agent.config.temperature;
    let at = TEMPERATURES.iter().position(|&t| t == from).unwrap_or(5);
    let to = TEMPERATURES[if at >= 3 { at - 2 } else { at + 2 }];
    agent.config.temperature = to;
    let (stop_reason, start_reason) = RESTART_REASONS[0];
    let entry = |action, at: DateTime<Utc>, details| PlannedEntry { action, target, at, details };
    sessions.push(PlannedSession {
        user: owner,
        login,
        entries: vec![
            entry(
                AuditAction::AgentUpdated,
                edited,
                AuditDetails::AgentUpdated { field: "systemPrompt", prompt: None },
            ),
            entry(
                AuditAction::ConfigChanged,
                tuned,
                AuditDetails::ConfigChanged { setting: ConfigSetting::Temperature, from, to },
            ),
            entry(AuditAction::AgentStopped, stopped, AuditDetails::Lifecycle { reason: stop_reason.into() }),
            entry(AuditAction::AgentStarted, started, AuditDetails::Lifecycle { reason: start_reason.into() }),
        ],
        logout: Some(logout),
    });
    // Its first conversations: on the day (of at most two) it served longer.
    let last = window.last_day();
    let first_day = window.day_of_instant(created).unwrap_or(last);
    let served = |day: u32| (window.day_end(day) - window.day_start(day).max(created)).num_seconds();
    let day = if served(first_day) >= served(last) { first_day } else { last };
    story.least_conversations.push((day as usize, ONBOARDING_MIN_CONVERSATIONS));
    story.sessions = sessions;
    story
}
