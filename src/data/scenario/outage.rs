//! `incident`: the default fleet, and a provider outage on the model most
//! of its running agents use, from a few hours before the anchor. Every
//! agent running on it degrades from the onset (`MODEL_ERROR` failures,
//! slower replies); the platform pauses several in `ERROR` (an incident
//! with the outage's onset and cause); then an on-call admin or operator
//! signs in, moves the busiest degraded agent to another model (its
//! failures stop), stops another and exports the conversations for the
//! post-mortem. The outage is still on at the anchor.

use chrono::TimeDelta;
use rand::RngExt;
use rand::seq::SliceRandom;

use super::super::audit::{PlannedEntry, PlannedSession};
use super::super::calendar::Window;
use super::super::catalogue::{AuditAction, Model, Role};
use super::super::incidents::{Episode, Pressure};
use super::super::model::{
    Agent, AgentIx, AgentStatus, AuditDetails, AuditTarget, ErrorType, FieldChange, Incident, IncidentCause, User,
    UserIx,
};
use super::super::rng::{Streams, uniform};
use super::Story;

/// The outage began this many hours before the anchor.
pub const OUTAGE_HOURS: (f64, f64) = (3.0, 6.0);
/// The platform pauses an agent this many minutes after the onset.
pub const PAUSE_MINUTES: (i64, i64) = (40, 110);
/// An agent that rides the outage out fails at least this share of its
/// conversations in the outage's hours...
pub const OUTAGE_FLOOR: f64 = 0.2;
/// ...drawing each failure with this much more probability...
pub const DEGRADED_FAILURE: (f64, f64) = (0.2, 0.4);
/// ...and replying this many times slower.
pub const DEGRADED_LATENCY: (f64, f64) = (1.6, 2.2);
/// At least this many conversations fall in each agent's outage hours on
/// each day they touch (users retry through an outage).
pub const OUTAGE_LEAST: u32 = 4;
/// Entries of the responders' session: a sign-in, a model move, a stop, an export.
pub const ENTRIES: usize = 4;

/// Where an on-call engineer moves an agent off a failing model.
pub fn fallback(model: Model) -> Model {
    match model {
        Model::Gpt4oMini => Model::Gpt4o,
        Model::Gpt4o | Model::Gpt35Turbo => Model::Gpt4oMini,
    }
}

pub fn plan(streams: &Streams, window: &Window, users: &[User], agents: &mut [Agent]) -> Story {
    let mut rng = streams.family("scenario.incident");
    let running_on = |m: Model| -> Vec<AgentIx> {
        (0..agents.len() as AgentIx)
            .filter(|&a| agents[a as usize].status == AgentStatus::Active && agents[a as usize].model == m)
            .collect()
    };
    // The model most running agents use (the first of a tie).
    let Some(model) =
        Model::ALL.into_iter().reduce(|best, m| if running_on(m).len() > running_on(best).len() { m } else { best })
    else {
        return Story::default();
    };
    let affected = running_on(model);
    if affected.is_empty() {
        return Story::default();
    }
    let onset = window.anchor - TimeDelta::seconds((uniform(&mut rng, OUTAGE_HOURS.0, OUTAGE_HOURS.1) * 3600.0) as i64);
    let minutes = |rng: &mut rand_chacha::ChaCha8Rng, (lo, hi): (i64, i64)| {
        TimeDelta::seconds(rng.random_range(lo * 60..hi * 60))
    };

    // Two in five (at least two) are paused; the rest ride it out.
    let paused_count = (affected.len() * 2).div_ceil(5).max(2).min(affected.len());
    let mut order = affected.clone();
    order.shuffle(&mut rng);
    let (paused, degraded) = order.split_at(paused_count);
    let mut paused = paused.to_vec();
    paused.sort_unstable();
    let mut first_pause = window.anchor;
    let mut episodes = vec![None; agents.len()];
    let mut least_conversations = Vec::new();
    for &a in &paused {
        let at = onset + minutes(&mut rng, PAUSE_MINUTES);
        // Enough traffic in its last hours that the platform sees most of it fail.
        episodes[a as usize] = Some(Episode {
            from: onset,
            until: at,
            pressure: Pressure::NONE,
            dominant: ErrorType::ModelError,
            floor: 0.0,
            tokens: 1.0,
            least: OUTAGE_LEAST,
        });
        if let Some(day) = window.day_of_instant(at) {
            least_conversations.push((a as usize * window.days as usize + day as usize, OUTAGE_LEAST));
        }
        let agent = &mut agents[a as usize];
        agent.status = AgentStatus::Error;
        agent.last_active_at = at;
        agent.incident = Some(Incident {
            cause: IncidentCause::ProviderOutage,
            onset,
            failed_at: at,
            dominant: ErrorType::ModelError,
            changed_by: None,
        });
        first_pause = first_pause.min(at);
    }
    let mut degraded = degraded.to_vec();
    degraded.sort_unstable();
    for &a in &degraded {
        episodes[a as usize] = Some(Episode {
            from: onset,
            until: window.anchor,
            pressure: Pressure {
                extra_failure: uniform(&mut rng, DEGRADED_FAILURE.0, DEGRADED_FAILURE.1),
                latency: uniform(&mut rng, DEGRADED_LATENCY.0, DEGRADED_LATENCY.1),
            },
            dominant: ErrorType::ModelError,
            floor: OUTAGE_FLOOR,
            tokens: 1.0,
            least: OUTAGE_LEAST,
        });
    }

    // The on-call responder, after the first pause's alert.
    let managers: Vec<UserIx> = (0..users.len() as UserIx)
        .filter(|&u| matches!(users[u as usize].role, Role::Admin | Role::Operator))
        .collect();
    let responder = managers.get(rng.random_range(0..managers.len().max(1))).copied().unwrap_or(0);
    let login = first_pause + minutes(&mut rng, (5, 20));
    let mut busiest = degraded.clone();
    busiest.sort_by(|&a, &b| agents[b as usize].popularity.total_cmp(&agents[a as usize].popularity).then(a.cmp(&b)));
    let mut entries = Vec::new();
    let mut model_moves = Vec::new();
    let mut at = login + minutes(&mut rng, (3, 10));
    // The busiest degraded agent moves to another model (a paused one if
    // none rides it out); a degraded agent's failures stop there.
    if let Some(&moved) = busiest.first().or(paused.first()) {
        let to = fallback(model);
        let change = FieldChange { field: "model".into(), from: Some(model.id().into()), to: Some(to.id().into()) };
        entries.push(PlannedEntry {
            action: AuditAction::ConfigChanged,
            target: Some(AuditTarget::Agent(moved)),
            at,
            details: AuditDetails::Changed { changes: vec![change] },
        });
        model_moves.push((moved, to, at));
        if let Some(Some(e)) = episodes.get_mut(moved as usize) {
            e.until = at;
        }
    }
    // The next busiest is stopped: its queue goes to people until the provider recovers.
    if let Some(&stopped) = busiest.get(1) {
        at += minutes(&mut rng, (4, 12));
        let reason = format!("Stopped during the {} outage; its queue goes to the support team", model.id());
        entries.push(PlannedEntry {
            action: AuditAction::AgentStopped,
            target: Some(AuditTarget::Agent(stopped)),
            at,
            details: AuditDetails::Lifecycle { reason: reason.into() },
        });
        let agent = &mut agents[stopped as usize];
        agent.status = AgentStatus::Inactive;
        agent.last_active_at = at;
        if let Some(Some(e)) = episodes.get_mut(stopped as usize) {
            e.until = at;
        }
    }
    // Each degraded agent's exposure ends on a day of traffic: it holds its retries.
    for &a in &degraded {
        let until = episodes[a as usize].as_ref().map_or(window.anchor, |e| e.until);
        if let Some(day) = window.day_of_instant(until - TimeDelta::seconds(1)) {
            least_conversations.push((a as usize * window.days as usize + day as usize, OUTAGE_LEAST));
        }
    }
    at += minutes(&mut rng, (5, 15));
    entries.push(PlannedEntry {
        action: AuditAction::ExportRequested,
        target: None,
        at,
        details: AuditDetails::ExportRequested { dataset: "conversations", format: "CSV", days: 7 },
    });
    Story {
        episodes,
        sessions: vec![PlannedSession { user: responder, login, entries, logout: None }],
        model_moves,
        least_conversations,
        ..Story::default()
    }
}
