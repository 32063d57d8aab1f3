//! The rules of each scenario: the contract's, less those a scenario moves
//! on purpose (each replaced by a variant or named as skipped, with why),
//! plus the scenario's own, stating its defining property with its
//! tolerance. Every figure is read back from the data (the outage's model
//! and onset from the pauses, the spike from the tokens and the trail),
//! never from the plan that generated it.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, TimeDelta, Utc};

use super::super::catalogue::{AuditAction, Model, Role, usd};
use super::super::metrics::{load_slowdown, roll_up, success_band, traffic_end};
use super::super::model::{AgentStatus, AuditDetails, AuditTarget, ConfigSetting, ErrorType, IncidentCause};
use super::super::scenario::{
    JOINED_DAYS, LARGE, ONBOARDING_AGE_HOURS, ONBOARDING_MIN_CONVERSATIONS, OUTAGE_FLOOR, OWNER_JOINED_DAYS,
    SPIKE_TOKENS,
};
use super::super::workspace::{NEW_WORKSPACE_BUDGETS, days_in_month};
use super::super::{Dataset, Scenario, agents::status_counts};
use super::{
    Outcome, Rule, active_period_where, agent_rows, contract_rules, fail, hours_between, is_whole_day, ranges_where,
    ratio, star_busy_days, stars_and_strugglers, working_quiet_means_where,
};

/// The rules a scenario applies, and the contract's it leaves out.
pub(super) struct RuleSet {
    pub applied: Vec<Rule>,
    pub skipped: Vec<(&'static str, String)>,
}

/// What a scenario does to one of the contract's rules.
enum Change {
    /// Checks this rule in its place (a variant, maybe under another name).
    Swap(Rule),
    /// Leaves it out, for this reason.
    Skip(&'static str),
}

use Change::{Skip, Swap};

pub(super) fn rules(scenario: Scenario) -> RuleSet {
    match scenario {
        Scenario::Default => RuleSet { applied: contract_rules(), skipped: Vec::new() },
        Scenario::Large => with(vec![("metrics.ranges", Swap(LARGE_RANGES))], vec![LARGE_SIZES]),
        Scenario::Empty => empty_rules(),
        Scenario::Onboarding => onboarding_rules(),
        Scenario::Incident => with(
            vec![
                ("agents.statuses", Swap(INCIDENT_STATUSES)),
                ("agents.models", Swap(MODELS_AT_START)),
                ("agents.active_period", Swap(INCIDENT_ACTIVE_PERIOD)),
                ("metrics.ranges", Swap(INCIDENT_RANGES)),
                ("metrics.performers", Swap(INCIDENT_PERFORMERS)),
                ("costs.tokens", Swap(COSTS_AS_BILLED)),
            ],
            vec![INCIDENT_OUTAGE, INCIDENT_PAUSES, INCIDENT_LATENCY, INCIDENT_RESPONDERS],
        ),
        Scenario::CostSpike => with(
            vec![("costs.weekend_cheaper", Swap(SPIKE_WEEKEND_CHEAPER)), ("workspace.budget", Swap(SPIKE_BUDGET))],
            vec![SPIKE_JUMP],
        ),
    }
}

/// The contract's rules with `changes` made, then `own`.
fn with(changes: Vec<(&'static str, Change)>, own: Vec<Rule>) -> RuleSet {
    let mut changes: BTreeMap<&'static str, Change> = changes.into_iter().collect();
    let mut applied = Vec::new();
    let mut skipped = Vec::new();
    for rule in contract_rules() {
        match changes.remove(rule.0) {
            None => applied.push(rule),
            Some(Swap(variant)) => {
                if variant.0 != rule.0 {
                    skipped.push((rule.0, format!("replaced by {}", variant.0)));
                }
                applied.push(variant);
            }
            Some(Skip(why)) => skipped.push((rule.0, why.to_string())),
        }
    }
    debug_assert!(changes.is_empty(), "changes to rules the contract does not have");
    applied.extend(own);
    RuleSet { applied, skipped }
}

// ---------------------------------------------------------------------------
// large

const LARGE_SIZES: Rule = (
    "large.sizes",
    "at least 1,000 agents over 90 days (the large scenario's sizes, whatever was configured)",
    large_sizes,
);

fn large_sizes(d: &Dataset) -> Outcome {
    let shown = format!(
        "{} agents, {} days, {} users, {} conversation records, {} audit entries",
        d.agents.len(),
        d.window.days,
        d.users.len(),
        d.conversations.len(),
        d.audit_logs.len()
    );
    if d.agents.len() >= LARGE.agents && d.window.days == LARGE.days { Ok(shown) } else { fail(shown) }
}

const LARGE_RANGES: Rule = (
    "metrics.ranges",
    "whole healthy agent-days: 10-100 conversations and success 0.85-0.99 on every one; mean latency 800-3000 ms on 99.9% of them, the rest within 5% of the band (over 90,000 rows a quiet day of a few dozen replies reaches the band's tails)",
    large_ranges,
);

fn large_ranges(d: &Dataset) -> Outcome {
    let (lo, hi) = super::RESPONSE_TIME_MS;
    let mut checked = 0usize;
    let mut outside = Vec::new();
    for m in &d.daily_metrics {
        let agent = &d.agents[m.agent as usize];
        let day = d.window.day_of(m.date).unwrap_or(0);
        if !is_whole_day(&d.window, agent, day) || !super::is_healthy_day(&d.window, agent, day) {
            continue;
        }
        let (Some(rt), Some(sr)) = (m.avg_response_time(), m.success_rate()) else {
            return fail(format!("{} on {}: no traffic on a whole day", agent.name, m.date));
        };
        let (least, most) = super::CONVERSATIONS_PER_DAY;
        if !(least..=most).contains(&m.conversations)
            || !(super::SUCCESS_RATE.0..=super::SUCCESS_RATE.1 + 1e-12).contains(&sr)
        {
            return fail(format!("{} on {}: {} conversations, success {sr:.4}", agent.name, m.date, m.conversations));
        }
        if !(lo..=hi).contains(&rt) {
            if !(lo * 0.95..=hi * 1.05).contains(&rt) {
                return fail(format!("{} on {}: {rt:.1} ms", agent.name, m.date));
            }
            outside.push(format!("{} on {}: {rt:.1} ms", agent.name, m.date));
        }
        checked += 1;
    }
    let shown = format!(
        "{checked} whole healthy agent-days; {} outside 800-3000 ms{}",
        outside.len(),
        outside.first().map_or(String::new(), |first| format!(" (first: {first})"))
    );
    if outside.len() * 1000 <= checked { Ok(shown) } else { fail(shown) }
}

// ---------------------------------------------------------------------------
// A new workspace: empty and onboarding.

const NO_AGENTS: &str = "a new workspace has no agents";
const NO_FLEET: &str = "one agent's first hours: no fleet, no whole day, no history to compare";
const ALL_RECORDED: &str = "every conversation is a record: no sample to check";

const MEMBERS: Rule = (
    "new_workspace.members",
    "members joined days ago: the owner (the first admin) 8-10 days before the anchor, everyone else 1.5-7.5 days before, after the owner",
    new_workspace_members,
);

const NEW_BUDGET: Rule = (
    "new_workspace.budget",
    "a round default budget ($500, $1,000 or $2,000 a month); every model allowed",
    new_workspace_budget,
);

fn empty_rules() -> RuleSet {
    let keep = ["ids.unique", "users.roles", "users.identity", "metrics.grid", "audit.count"];
    let mut applied = Vec::new();
    let mut skipped = Vec::new();
    for rule in contract_rules() {
        if keep.contains(&rule.0) {
            applied.push(rule);
        } else {
            skipped.push((rule.0, NO_AGENTS.to_string()));
        }
    }
    applied.extend([
        (
            "empty.nothing",
            "no agents, conversations, daily metrics, cost records or audit entries; the window as configured",
            empty_nothing as fn(&Dataset) -> Outcome,
        ),
        MEMBERS,
        NEW_BUDGET,
    ]);
    RuleSet { applied, skipped }
}

fn onboarding_rules() -> RuleSet {
    let fleet = [
        "metrics.ranges",
        "metrics.partial_day",
        "metrics.weekend_dip",
        "metrics.holidays",
        "metrics.trend",
        "metrics.diurnal",
        "metrics.skew",
        "metrics.success_continuum",
        "metrics.performers",
        "metrics.latency_tail",
        "metrics.declining_agent",
        "metrics.crashed_agent",
        "costs.model_ratio",
        "costs.weekend_cheaper",
        "conversations.messages",
    ];
    let sample = [
        "conversations.time_shape",
        "conversations.weekday_ratio",
        "conversations.business_hours",
        "conversations.sentiment",
        "conversations.resolution",
        "conversations.complexity",
    ];
    let mut changes: Vec<(&'static str, Change)> = vec![
        ("agents.created_at", Swap(FIRST_AGENT)),
        ("conversations.count", Swap(ONBOARDING_RECORDS)),
        ("workspace.budget", Swap(NEW_BUDGET)),
    ];
    changes.extend(fleet.iter().map(|&r| (r, Skip(NO_FLEET))));
    changes.extend(sample.iter().map(|&r| (r, Skip(ALL_RECORDED))));
    with(changes, vec![MEMBERS, ONBOARDING_TRAFFIC, ONBOARDING_STORY])
}

fn empty_nothing(d: &Dataset) -> Outcome {
    let counts = [
        ("agents", d.agents.len()),
        ("conversations", d.conversations.len()),
        ("daily metrics", d.daily_metrics.len()),
        ("cost records", d.cost_records.len()),
        ("audit entries", d.audit_logs.len()),
    ];
    if let Some((what, n)) = counts.iter().find(|(_, n)| *n > 0) {
        return fail(format!("{n} {what}"));
    }
    if d.window.days != d.params.sizes.days || d.window.anchor != d.params.anchor {
        return fail(format!("the window is {} days to {}", d.window.days, d.window.anchor));
    }
    Ok(format!("{} users, nothing else, over {} days", d.users.len(), d.window.days))
}

fn days_before(d: &Dataset, at: DateTime<Utc>) -> f64 {
    (d.window.anchor - at).num_seconds() as f64 / 86_400.0
}

fn new_workspace_members(d: &Dataset) -> Outcome {
    let Some(owner) = d.users.iter().position(|u| u.role == Role::Admin) else { return fail("no admin".into()) };
    let owner_joined = d.users[owner].created_at;
    let within = |days: f64, (lo, hi): (f64, f64)| (lo..=hi).contains(&days);
    if !within(days_before(d, owner_joined), OWNER_JOINED_DAYS) {
        return fail(format!("the owner {} joined {owner_joined}", d.users[owner].name));
    }
    for (u, user) in d.users.iter().enumerate() {
        if u != owner && (!within(days_before(d, user.created_at), JOINED_DAYS) || user.created_at <= owner_joined) {
            return fail(format!("{} joined {}", user.name, user.created_at));
        }
    }
    let newest = d.users.iter().map(|u| u.created_at).max().unwrap_or(owner_joined);
    Ok(format!(
        "{} members; the owner {} joined {:.1} days ago, the newest {:.1}",
        d.users.len(),
        d.users[owner].name,
        days_before(d, owner_joined),
        days_before(d, newest)
    ))
}

fn new_workspace_budget(d: &Dataset) -> Outcome {
    let w = &d.workspace;
    let shown = format!("${:.0} a month; {} models allowed", usd(w.monthly_budget_micros), w.allowed_models.len());
    if NEW_WORKSPACE_BUDGETS.contains(&w.monthly_budget_micros) && w.allowed_models == Model::ALL {
        Ok(shown)
    } else {
        fail(shown)
    }
}

const FIRST_AGENT: Rule = (
    "onboarding.first_agent",
    "exactly one agent, ACTIVE, created 3-6 hours before the anchor by the owner (an admin who joined before)",
    onboarding_first_agent,
);

const ONBOARDING_TRAFFIC: Rule = (
    "onboarding.traffic",
    "traffic only since the agent's creation: no row before its creation's day has any, no hour before it; at least 3 conversations",
    onboarding_traffic,
);

const ONBOARDING_RECORDS: Rule = (
    "onboarding.records",
    "every conversation of the traffic is a record (each row holds as many records as it counts), ordered by start time",
    onboarding_records,
);

const ONBOARDING_STORY: Rule = (
    "onboarding.story",
    "the trail tells the story: every member's first sign-in and sign-out; the owner signs in, creates the agent, edits its prompt, changes a setting and restarts it, then signs out; nothing else",
    onboarding_story,
);

fn onboarding_first_agent(d: &Dataset) -> Outcome {
    let [agent] = d.agents.iter().collect::<Vec<_>>()[..] else {
        return fail(format!("{} agents", d.agents.len()));
    };
    let owner = d.users.iter().position(|u| u.role == Role::Admin);
    let hours = (d.window.anchor - agent.created_at).num_seconds() as f64 / 3600.0;
    let creator = &d.users[agent.created_by as usize];
    let shown = format!(
        "{} ({}), created {:.1} hours before the anchor by {} ({})",
        agent.name,
        agent.model.id(),
        hours,
        creator.name,
        creator.role.as_str()
    );
    let ok = agent.status == AgentStatus::Active
        && (ONBOARDING_AGE_HOURS.0..=ONBOARDING_AGE_HOURS.1).contains(&hours)
        && owner == Some(agent.created_by as usize)
        && creator.created_at < agent.created_at;
    if ok { Ok(shown) } else { fail(shown) }
}

fn onboarding_traffic(d: &Dataset) -> Outcome {
    let Some(agent) = d.agents.front() else { return fail("no agent".into()) };
    let created = agent.created_at;
    let mut total = 0u64;
    for (day, m) in agent_rows(d, 0).iter().enumerate() {
        for (h, &count) in m.hourly.iter().enumerate() {
            let hour_end = d.window.day_start(day as u32) + TimeDelta::hours(h as i64 + 1);
            if count > 0 && hour_end <= created {
                return fail(format!("{} conversations at {h}:00 on {}, before the creation", count, m.date));
            }
        }
        total += m.conversations as u64;
    }
    if let Some(c) = d.conversations.iter().find(|c| c.started_at < created) {
        return fail(format!("conversation {} starts before the creation", c.id));
    }
    let days: Vec<String> =
        agent_rows(d, 0).iter().filter(|m| m.conversations > 0).map(|m| m.date.to_string()).collect();
    let cost: i64 = d.cost_records.iter().map(|c| c.cost_micros).sum();
    let shown = format!("{total} conversations since {created} (on {}), ${:.4}", days.join(" and "), usd(cost));
    if total >= ONBOARDING_MIN_CONVERSATIONS as u64 { Ok(shown) } else { fail(shown) }
}

fn onboarding_records(d: &Dataset) -> Outcome {
    let mut per_row = vec![0u32; d.daily_metrics.len()];
    for c in &d.conversations {
        let Some(day) = d.window.day_of_instant(c.started_at) else {
            return fail(format!("conversation {} starts outside the window", c.id));
        };
        if let Some(n) = per_row.get_mut(d.grid_row(c.agent, day)) {
            *n += 1;
        }
    }
    if let Some((row, m)) = d.daily_metrics.iter().enumerate().find(|(row, m)| per_row[*row] != m.conversations) {
        return fail(format!("{} records on {}, which counts {}", per_row[row], m.date, m.conversations));
    }
    if !super::in_order(&d.conversations, |a, b| (a.started_at, a.id) <= (b.started_at, b.id)) {
        return fail("records are not ordered by start time".into());
    }
    Ok(format!("{} records, every conversation", d.conversations.len()))
}

fn onboarding_story(d: &Dataset) -> Outcome {
    let Some(agent) = d.agents.front() else { return fail("no agent".into()) };
    let owner = agent.created_by;
    let target = Some(AuditTarget::Agent(0));
    // Everyone's first session: a sign-in within the hour after joining, then a sign-out.
    for (u, user) in d.users.iter().enumerate() {
        let first: Vec<AuditAction> = d
            .audit_logs
            .iter()
            .filter(|l| l.actor as usize == u && l.created_at < user.created_at + TimeDelta::hours(1))
            .map(|l| l.action)
            .collect();
        let signed_in = d.audit_logs.iter().find(|l| l.actor as usize == u).map(|l| l.action);
        if signed_in != Some(AuditAction::UserLogin) || first.first() != Some(&AuditAction::UserLogin) {
            return fail(format!("{}'s first entry is not a sign-in within the hour after joining", user.name));
        }
    }
    // The owner's session around the creation, in this order.
    let session: Vec<(AuditAction, bool)> = d
        .audit_logs
        .iter()
        .filter(|l| l.actor == owner && l.created_at >= agent.created_at - TimeDelta::hours(1))
        .map(|l| (l.action, l.target == target || l.target == Some(AuditTarget::User(owner))))
        .collect();
    let expected = [
        AuditAction::UserLogin,
        AuditAction::AgentCreated,
        AuditAction::AgentUpdated,
        AuditAction::ConfigChanged,
        AuditAction::AgentStopped,
        AuditAction::AgentStarted,
        AuditAction::UserLogout,
    ];
    let actions: Vec<AuditAction> = session.iter().map(|(a, _)| *a).collect();
    if actions != expected || !session.iter().all(|(_, on_target)| *on_target) {
        let said: Vec<&str> = actions.iter().map(|a| a.dotted()).collect();
        return fail(format!("the owner's session is {}", said.join(", ")));
    }
    let sign_ins = d.audit_logs.iter().filter(|l| l.action == AuditAction::UserLogin).count();
    if d.audit_logs.len() != 2 * d.users.len() + expected.len() {
        return fail(format!("{} entries for {} members", d.audit_logs.len(), d.users.len()));
    }
    Ok(format!("{} entries: {sign_ins} sign-ins; the owner's session {}", d.audit_logs.len(), {
        let said: Vec<&str> = actions.iter().map(|a| a.dotted()).collect();
        said.join(", ")
    }))
}

// ---------------------------------------------------------------------------
// incident

/// The outage as the data tells it.
struct Outage {
    model: Model,
    onset: DateTime<Utc>,
    /// The agents the platform paused.
    paused: Vec<usize>,
    /// Every agent running on the model at the onset, with the end of its
    /// exposure (paused, stopped, moved off the model, or the anchor).
    affected: Vec<(usize, DateTime<Utc>)>,
}

/// Every model change in the trail: `(agent, at, from, to, actor)`.
fn model_changes(d: &Dataset) -> Vec<(usize, DateTime<Utc>, Model, Model, u32)> {
    let mut out = Vec::new();
    for l in &d.audit_logs {
        let (
            Some(AuditTarget::Agent(a)),
            AuditDetails::Changed { changes } | AuditDetails::AgentChanged { changes, .. },
        ) = (l.target, &l.details)
        else {
            continue;
        };
        for c in changes.iter().filter(|c| c.field == "model") {
            let model = |v: &Option<serde_json::Value>| v.as_ref().and_then(|v| v.as_str()).and_then(Model::from_id);
            if let (Some(from), Some(to)) = (model(&c.from), model(&c.to)) {
                out.push((a as usize, l.created_at, from, to, l.actor));
            }
        }
    }
    out
}

/// The model an agent's row of `date` is billed at: the one it ran that
/// day (a change bills from the next day on).
fn model_on(
    d: &Dataset,
    changes: &[(usize, DateTime<Utc>, Model, Model, u32)],
    agent: usize,
    date: chrono::NaiveDate,
) -> Model {
    changes
        .iter()
        .filter(|c| c.0 == agent && c.1.date_naive() >= date)
        .min_by_key(|c| c.1)
        .map_or(d.agents[agent].model, |c| c.2)
}

fn outage(d: &Dataset) -> Result<Outage, String> {
    let mut by_onset: BTreeMap<DateTime<Utc>, Vec<usize>> = BTreeMap::new();
    for (a, agent) in d.agents.iter().enumerate() {
        if let Some(i) = &agent.incident
            && matches!(i.cause, IncidentCause::ProviderOutage)
        {
            by_onset.entry(i.onset).or_default().push(a);
        }
    }
    let Some((onset, paused)) = by_onset.into_iter().rev().find(|(_, agents)| agents.len() >= 2) else {
        return Err("no outage: no two agents paused by a provider outage of one onset".into());
    };
    let day = d.window.day_of_instant(onset).ok_or_else(|| format!("the onset {onset} is outside the window"))?;
    let models: BTreeSet<Model> = paused.iter().map(|&a| d.cost_records[d.grid_row(a as u32, day)].model).collect();
    let [model] = models.iter().copied().collect::<Vec<_>>()[..] else {
        return Err(format!("the paused agents ran on {} models", models.len()));
    };
    let changes = model_changes(d);
    let affected = (0..d.agents.len())
        .filter(|&a| {
            let agent = &d.agents[a];
            agent.created_at < onset
                && traffic_end(&d.window, agent) > onset
                && d.cost_records[d.grid_row(a as u32, day)].model == model
        })
        .map(|a| {
            let moved = changes.iter().filter(|c| c.0 == a && c.1 >= onset && c.2 == model).map(|c| c.1).min();
            let end = traffic_end(&d.window, &d.agents[a]);
            (a, moved.map_or(end, |m| m.min(end)))
        })
        .collect();
    Ok(Outage { model, onset, paused, affected })
}

const INCIDENT_OUTAGE: Rule = (
    "incident.outage",
    "a provider outage on one model: every agent running on it at the onset (two or more) fails at least 20% of its conversations from the onset until it is paused, stopped, moved off the model or the anchor; MODEL_ERROR the most common error type of their rows since",
    incident_outage,
);

fn incident_outage(d: &Dataset) -> Outcome {
    let o = outage(d)?;
    if o.affected.len() < 2 {
        return fail(format!("{} agents on {}", o.affected.len(), o.model.id()));
    }
    let (mut total, mut failed) = (0u64, 0u64);
    let mut least = (f64::INFINITY, "");
    for &(a, end) in &o.affected {
        let (n, f) = hours_between(d, a, o.onset, end);
        let name = d.agents[a].name.as_str();
        if n > 0 && (f as f64) < OUTAGE_FLOOR * n as f64 - 1e-9 {
            return fail(format!("{name}: {f} of {n} failed from {} to {end}", o.onset));
        }
        if n > 0 && (f as f64 / n as f64) < least.0 {
            least = (f as f64 / n as f64, name);
        }
        total += n;
        failed += f;
    }
    let first = d.window.day_of_instant(o.onset).unwrap_or(0);
    let mut errors = [0u64; 6];
    for &(a, _) in &o.affected {
        for m in agent_rows(d, a).iter().skip(first as usize) {
            for (e, &count) in errors.iter_mut().zip(&m.errors) {
                *e += count as u64;
            }
        }
    }
    let model_errors = errors[ErrorType::ModelError as usize];
    let shown = format!(
        "{} from {}: {} agents on it; {failed} of {total} of their conversations failed in its hours (least {:.2}, {}); {model_errors} of {} failures MODEL_ERROR since {}",
        o.model.id(),
        super::super::dump::timestamp(o.onset),
        o.affected.len(),
        least.0,
        least.1,
        errors.iter().sum::<u64>(),
        d.window.date(first)
    );
    if errors.iter().all(|&e| e <= model_errors) { Ok(shown) } else { fail(shown) }
}

const INCIDENT_PAUSES: Rule = (
    "incident.pauses",
    "the platform paused two or more of them in ERROR after the onset, before the anchor: an automatic change naming model_error, an incident (PROVIDER_OUTAGE, the outage's onset, MODEL_ERROR) and at least half of the conversations from the onset to the pause failed",
    incident_pauses,
);

fn incident_pauses(d: &Dataset) -> Outcome {
    let o = outage(d)?;
    let mut names = Vec::new();
    for &a in &o.paused {
        let agent = &d.agents[a];
        let Some(incident) = &agent.incident else { return fail(format!("{} has no incident", agent.name)) };
        let last = agent.status_changes.last();
        let automatic = last.is_some_and(|c| {
            c.actor.is_none()
                && c.status == AgentStatus::Error
                && c.at == incident.failed_at
                && c.reason.contains("model_error")
        });
        let (n, f) = hours_between(d, a, o.onset, incident.failed_at);
        let ok = agent.status == AgentStatus::Error
            && automatic
            && incident.dominant == ErrorType::ModelError
            && incident.failed_at > o.onset
            && incident.failed_at < d.window.anchor
            && 2 * f >= n;
        if !ok {
            return fail(format!("{}: paused {} with {f} of {n} failed", agent.name, incident.failed_at));
        }
        let minutes = (incident.failed_at - o.onset).num_minutes();
        names.push(format!("{} after {minutes} min ({f} of {n} failed)", agent.name));
    }
    if o.paused.len() < 2 {
        return fail(format!("{} paused", o.paused.len()));
    }
    Ok(format!("{} paused: {}", o.paused.len(), names.join("; ")))
}

const INCIDENT_LATENCY: Rule = (
    "incident.latency",
    "replies slow down in the outage: its agents' mean reply latency over the rows it touches is up on the same weekdays a week before (each read at the providers' mean load its conversations met) by at least 0.3 x the outage's share of those rows' conversations, less 0.08 for day-to-day noise",
    incident_latency,
);

fn incident_latency(d: &Dataset) -> Outcome {
    let o = outage(d)?;
    let first = d.window.day_of_instant(o.onset).unwrap_or(0);
    if first < 7 {
        return fail("the window has no 7 days before the outage".into());
    }
    // Replies slow with the providers' load, so each side's latency is
    // read against the load its conversations met (an outage in the
    // quiet of the night is compared with a day's busy hours otherwise).
    let load = |day: u32, m: &super::super::DailyMetric| -> (f64, f64) {
        let at = |h: usize| d.window.day_start(day) + TimeDelta::minutes(60 * h as i64 + 30);
        let slowdown: f64 = (0..24).map(|h| m.hourly[h] as f64 * load_slowdown(at(h))).sum();
        (slowdown, m.hourly.iter().map(|&c| c as f64).sum())
    };
    let (mut during, mut before) = ((0.0, 0.0, 0.0, 0.0), (0.0, 0.0, 0.0, 0.0));
    let add = |acc: &mut (f64, f64, f64, f64), day: u32, m: &super::super::DailyMetric| {
        let (slowdown, n) = load(day, m);
        *acc = (acc.0 + m.latency_sum_ms as f64, acc.1 + m.replies as f64, acc.2 + slowdown, acc.3 + n);
    };
    let (mut exposed, mut conversations) = (0u64, 0u64);
    for &(a, end) in &o.affected {
        let rows = agent_rows(d, a);
        for (day, m) in rows.iter().enumerate() {
            let day = day as u32;
            if day >= first {
                add(&mut during, day, m);
                conversations += m.conversations as u64;
                // The same weekday a week before: the home zone's week.
                add(&mut before, day - 7, &rows[day as usize - 7]);
            }
        }
        exposed += hours_between(d, a, o.onset, end).0;
    }
    let mean = |(sum, n, slowdown, conversations): (f64, f64, f64, f64)| {
        ratio(sum, n) / ratio(slowdown, conversations).max(f64::MIN_POSITIVE)
    };
    let rise = ratio(mean(during), mean(before));
    let share = ratio(exposed as f64, conversations as f64);
    let shown = format!(
        "{:.0} ms over the outage's rows vs {:.0} ms on the same days a week before, at the providers' mean load ({rise:.2}x); the outage holds {:.0}% of those rows' conversations",
        mean(during),
        mean(before),
        share * 100.0
    );
    if rise - 1.0 >= 0.3 * share - 0.08 { Ok(shown) } else { fail(shown) }
}

const INCIDENT_RESPONDERS: Rule = (
    "incident.responders",
    "after the first pause an admin or operator signs in and moves an agent off the outage's model (config.changed model), all before the anchor; every stop of an outage agent after the onset is by an admin or operator",
    incident_responders,
);

fn incident_responders(d: &Dataset) -> Outcome {
    let o = outage(d)?;
    let first_pause = o.paused.iter().filter_map(|&a| d.agents[a].incident.as_ref().map(|i| i.failed_at)).min();
    let Some(first_pause) = first_pause else { return fail("no pause".into()) };
    let manager = |u: u32| d.users.get(u as usize).is_some_and(|u| matches!(u.role, Role::Admin | Role::Operator));
    let moves: Vec<_> = model_changes(d)
        .into_iter()
        .filter(|c| c.1 > first_pause && c.1 < d.window.anchor && c.2 == o.model && manager(c.4))
        .filter(|c| o.affected.iter().any(|&(a, _)| a == c.0))
        .collect();
    let Some(&(moved, at, _, to, actor)) = moves.first() else {
        return fail(format!("no agent moved off {} after the first pause", o.model.id()));
    };
    let signed_in = d.audit_logs.iter().any(|l| {
        l.actor == actor && l.action == AuditAction::UserLogin && l.created_at > o.onset && l.created_at <= at
    });
    if !signed_in {
        return fail(format!(
            "{} moved {} without signing in after the onset",
            d.users[actor as usize].name, d.agents[moved].name
        ));
    }
    let affected: BTreeSet<usize> = o.affected.iter().map(|&(a, _)| a).collect();
    let stops: Vec<&super::super::AuditLog> = d
        .audit_logs
        .iter()
        .filter(|l| l.action == AuditAction::AgentStopped && l.created_at > o.onset)
        .filter(|l| matches!(l.target, Some(AuditTarget::Agent(a)) if affected.contains(&(a as usize))))
        .collect();
    if let Some(l) = stops.iter().find(|l| !manager(l.actor)) {
        return fail(format!("stop {} by a viewer", l.id));
    }
    let after = hours_between(d, moved, at + TimeDelta::hours(1), d.window.anchor);
    Ok(format!(
        "{} moved {} to {} {} min after the first pause ({} of {} conversations failed after); {} stop(s) after the onset",
        d.users[actor as usize].name,
        d.agents[moved].name,
        to.id(),
        (at - first_pause).num_minutes(),
        after.1,
        after.0,
        stops.len()
    ))
}

const INCIDENT_STATUSES: Rule = (
    "incident.statuses",
    "before the outage, the status quota 70/20/10 exactly: counting the agents it paused and the responders stopped as active",
    incident_statuses,
);

fn incident_statuses(d: &Dataset) -> Outcome {
    let o = outage(d)?;
    let affected: BTreeSet<usize> = o.affected.iter().map(|&(a, _)| a).collect();
    let at_onset = |a: usize| {
        let agent = &d.agents[a];
        if affected.contains(&a) { AgentStatus::Active } else { agent.status }
    };
    let counts: Vec<usize> =
        AgentStatus::ALL.iter().map(|s| (0..d.agents.len()).filter(|&a| at_onset(a) == *s).count()).collect();
    let now: Vec<usize> = AgentStatus::ALL.iter().map(|s| d.agents.iter().filter(|a| a.status == *s).count()).collect();
    let shown = format!(
        "at the onset {} active, {} inactive, {} error; now {} active, {} inactive, {} error",
        counts[0], counts[1], counts[2], now[0], now[1], now[2]
    );
    if counts == status_counts(d.agents.len()) { Ok(shown) } else { fail(shown) }
}

const MODELS_AT_START: Rule = (
    "agents.models",
    "models from the seed's three, in the 30/45/25 quota, as the window's first day bills them (a responder's move comes later)",
    models_at_start,
);

fn models_at_start(d: &Dataset) -> Outcome {
    let first = |a: usize| d.cost_records[d.grid_row(a as u32, 0)].model;
    let counts: Vec<usize> =
        Model::ALL.iter().map(|m| (0..d.agents.len()).filter(|&a| first(a) == *m).count()).collect();
    let expected = super::super::rng::quota(d.agents.len(), &super::super::agents::MODEL_SHARES);
    let moved = (0..d.agents.len()).filter(|&a| first(a) != d.agents[a].model).count();
    let shown =
        format!("{} gpt-4o, {} gpt-4o-mini, {} gpt-3.5-turbo; {moved} moved since", counts[0], counts[1], counts[2]);
    if counts == expected { Ok(shown) } else { fail(format!("{shown}; expected {expected:?}")) }
}

const INCIDENT_ACTIVE_PERIOD: Rule = (
    "agents.active_period",
    "as the contract's, but an agent the outage paused or a responder stopped ends its activity between the onset and the anchor",
    incident_active_period,
);

fn incident_active_period(d: &Dataset) -> Outcome {
    let o = outage(d)?;
    let outage_ends: BTreeSet<usize> =
        o.affected.iter().map(|&(a, _)| a).filter(|&a| d.agents[a].status != AgentStatus::Active).collect();
    active_period_where(d, |a| {
        outage_ends.contains(&a).then(|| {
            let at = d.agents[a].last_active_at;
            at > o.onset && at < d.window.anchor
        })
    })
}

const INCIDENT_RANGES: Rule = (
    "metrics.ranges",
    "whole healthy agent-days: 10-100 conversations, 800-3000 ms mean latency, success 0.85-0.99 (the outage's agents' days from its onset's day left out)",
    incident_ranges,
);

fn incident_ranges(d: &Dataset) -> Outcome {
    let o = outage(d)?;
    let first = d.window.day_of_instant(o.onset).unwrap_or(0);
    let affected: BTreeSet<usize> = o.affected.iter().map(|&(a, _)| a).collect();
    ranges_where(d, |a, day| !(affected.contains(&a) && day >= first))
}

const INCIDENT_PERFORMERS: Rule = (
    "metrics.performers",
    "as the contract's over the agents running before the outage and the days before its onset's day: a star (0.98+) and a struggler (0.85-0.90); steady agents 0.90-0.98",
    incident_performers,
);

fn incident_performers(d: &Dataset) -> Outcome {
    let o = outage(d)?;
    let first = d.window.day_of_instant(o.onset).unwrap_or(0) as usize;
    let affected: BTreeSet<usize> = o.affected.iter().map(|&(a, _)| a).collect();
    let running: Vec<usize> =
        (0..d.agents.len()).filter(|&a| d.agents[a].status == AgentStatus::Active || affected.contains(&a)).collect();
    for &i in &running {
        let a = &d.agents[i];
        let rows = agent_rows(d, i);
        let before: Vec<&super::super::DailyMetric> = rows.iter().take(first).collect();
        let (lo, hi) = success_band(a.performance);
        let Some(sr) = roll_up(before.iter().copied()).success_rate() else { continue };
        if !(lo..=hi).contains(&sr) {
            return fail(format!(
                "{} ({:?}) success {sr:.4} before the outage, outside {lo}-{hi}",
                a.name, a.performance
            ));
        }
        star_busy_days(d, i, before.iter().copied())?;
    }
    stars_and_strugglers(d, &running, " before the outage")
}

const COSTS_AS_BILLED: Rule = (
    "costs.tokens",
    "a cost record's tokens equal its daily metric's; its model is its agent's, or the model the agent ran that day (a model change in the trail bills from the next day)",
    costs_as_billed,
);

fn costs_as_billed(d: &Dataset) -> Outcome {
    let changes = model_changes(d);
    for (m, c) in d.daily_metrics.iter().zip(&d.cost_records) {
        let model = model_on(d, &changes, c.agent as usize, c.date);
        if c.input_tokens != m.total_tokens_input || c.output_tokens != m.total_tokens_output || c.model != model {
            return fail(format!("cost record {} disagrees with daily metric {} or its model", c.id, m.id));
        }
    }
    Ok(format!(
        "{} cost records match; {} model change(s) billed from the next day",
        d.cost_records.len(),
        changes.len()
    ))
}

// ---------------------------------------------------------------------------
// cost-spike

/// The spike as the data tells it: the agent, the change that set it off,
/// and its tokens per conversation after and before.
struct Spike {
    agent: usize,
    onset: DateTime<Utc>,
    from: f64,
    to: f64,
    actor: u32,
    /// Tokens per conversation after the onset's day over the 7 whole days before it.
    jump: f64,
}

/// Tokens and conversations of agent `a` over window days `days`.
fn tokens_and_conversations(d: &Dataset, a: usize, days: std::ops::Range<u32>) -> (u64, u64) {
    let rows = agent_rows(d, a);
    days.filter_map(|day| rows.get(day as usize))
        .fold((0u64, 0u64), |(t, n), m| (t + m.total_tokens_input + m.total_tokens_output, n + m.conversations as u64))
}

/// The ratio of tokens per conversation after window day `day` (to the
/// anchor) to the 7 whole days before it; `None` where either side has
/// fewer than 10 conversations.
fn jump_after(d: &Dataset, a: usize, day: u32) -> Option<f64> {
    let (after, n_after) = tokens_and_conversations(d, a, day + 1..d.window.days);
    let (before, n_before) = tokens_and_conversations(d, a, day.saturating_sub(7)..day);
    (n_after >= 10 && n_before >= 10).then(|| ratio(after as f64 / n_after as f64, before as f64 / n_before as f64))
}

fn spikes(d: &Dataset) -> Vec<Spike> {
    let mut out = Vec::new();
    for l in &d.audit_logs {
        let (Some(AuditTarget::Agent(a)), AuditDetails::ConfigChanged { setting: ConfigSetting::MaxTokens, from, to }) =
            (l.target, &l.details)
        else {
            continue;
        };
        let Some(day) = d.window.day_of_instant(l.created_at) else { continue };
        if day < 7 || day + 1 >= d.window.days || to <= from {
            continue;
        }
        let Some(jump) = jump_after(d, a as usize, day) else { continue };
        if jump >= 2.0 {
            out.push(Spike { agent: a as usize, onset: l.created_at, from: *from, to: *to, actor: l.actor, jump });
        }
    }
    out
}

fn the_spike(d: &Dataset) -> Result<Spike, String> {
    let mut found = spikes(d);
    match found.len() {
        1 => Ok(found.remove(0)),
        n => Err(format!("{n} agents' tokens per conversation jumped after a maxTokens raise")),
    }
}

const SPIKE_JUMP: Rule = (
    "cost_spike.jump",
    "one running agent's spend jumps about tenfold: from an admin's or operator's maxTokens raise (in a session) on, its tokens per conversation are 8-12x the 7 whole days before; every other agent's under 1.5x over the same days",
    spike_jump,
);

fn spike_jump(d: &Dataset) -> Outcome {
    let s = the_spike(d)?;
    let agent = &d.agents[s.agent];
    let day = d.window.day_of_instant(s.onset).unwrap_or(0);
    let actor = &d.users[s.actor as usize];
    if !matches!(actor.role, Role::Admin | Role::Operator) || agent.status != AgentStatus::Active {
        return fail(format!("{} ({}) raised {}'s maxTokens", actor.name, actor.role.as_str(), agent.name));
    }
    // The drawn factor, give or take the noise of the days' sizes.
    let (lo, hi) = (SPIKE_TOKENS.0 * 8.0 / 9.0, 12.0);
    if !(lo..=hi).contains(&s.jump) {
        return fail(format!("{}: tokens per conversation {:.2}x", agent.name, s.jump));
    }
    if let Some((other, jump)) = (0..d.agents.len())
        .filter(|&a| a != s.agent)
        .filter_map(|a| jump_after(d, a, day).map(|jump| (a, jump)))
        .find(|&(_, jump)| jump >= 1.5)
    {
        return fail(format!("{}'s tokens per conversation also rose {jump:.2}x", d.agents[other].name));
    }
    let costs = d.agent_costs(s.agent as u32);
    let mean_cost = |days: std::ops::Range<u32>| {
        let v: Vec<i64> = days.filter_map(|k| costs.get(k as usize)).map(|c| c.cost_micros).collect();
        usd(v.iter().sum::<i64>()) / v.len().max(1) as f64
    };
    let last = d.window.last_day();
    Ok(format!(
        "{} ({}): {} raised maxTokens {} -> {} at {}; tokens per conversation {:.2}x; ${:.2} a day the week before, ${:.2} a day since",
        agent.name,
        agent.model.id(),
        actor.name,
        s.from,
        s.to,
        super::super::dump::timestamp(s.onset),
        s.jump,
        mean_cost(day.saturating_sub(7)..day),
        mean_cost(day + 1..last)
    ))
}

/// The month's spend so far, the days gone and the month-end projection,
/// as `workspace.budget` computes them: the anchor's month's spend inside
/// the window, over the days gone (the anchor's counted by its hours),
/// times the days in the month.
fn month_projection(d: &Dataset) -> (f64, f64, f64) {
    let w = &d.window;
    let today = w.anchor.date_naive();
    let spent: i64 = d
        .cost_records
        .iter()
        .filter(|c| c.date.year() == today.year() && c.date.month() == today.month())
        .map(|c| c.cost_micros)
        .sum();
    let elapsed = (today.day() - 1) as f64 + (w.anchor - w.anchor_day_start()).num_seconds() as f64 / 86_400.0;
    let spent = usd(spent);
    let burn = if elapsed > 0.0 { spent / elapsed } else { 0.0 };
    (spent, elapsed, spent + burn * (days_in_month(today) as f64 - elapsed).max(0.0))
}

/// Before this much of the month is gone, a projection extrapolates a few
/// hours (a night's): the spike cannot be told from noise yet.
const PROJECTION_SETTLES_DAYS: f64 = 0.5;

const SPIKE_BUDGET: Rule = (
    "cost_spike.budget",
    "the budget, a round figure set before the spike, covers the month at the rate of the 7 whole days before it (1.0-1.6x); the month-end projection (month-to-date spend over the days gone, times the month's days) is over it once the month's first 12 hours are gone",
    spike_budget,
);

fn spike_budget(d: &Dataset) -> Outcome {
    let s = the_spike(d)?;
    let w = &d.window;
    let day = w.day_of_instant(s.onset).unwrap_or(0);
    let before: i64 = d
        .cost_records
        .iter()
        .filter(|c| w.day_of(c.date).is_some_and(|k| k + 7 >= day && k < day))
        .map(|c| c.cost_micros)
        .sum();
    let usual = usd(before) / 7.0 * days_in_month(w.anchor.date_naive()) as f64;
    let budget = usd(d.workspace.monthly_budget_micros);
    let (spent, elapsed, projected) = month_projection(d);
    let headroom = ratio(budget, usual);
    let shown = format!(
        "budget ${budget:.0} ({headroom:.2}x the month at the week-before rate, ${usual:.0}); ${spent:.2} spent over {elapsed:.2} days this month, ${projected:.2} projected ({:.0}% of the budget)",
        projected / budget * 100.0
    );
    let round = d.workspace.monthly_budget_micros % 50_000_000 == 0;
    let over = projected > budget || elapsed < PROJECTION_SETTLES_DAYS;
    if round && (1.0..=1.6).contains(&headroom) && over { Ok(shown) } else { fail(shown) }
}

const SPIKE_WEEKEND_CHEAPER: Rule = (
    "costs.weekend_cheaper",
    "mean cost per active agent-day is lower on weekends (the spiking agent's days from the spike's day left out)",
    spike_weekend_cheaper,
);

fn spike_weekend_cheaper(d: &Dataset) -> Outcome {
    let s = the_spike(d)?;
    let days = d.window.days as usize;
    let first = d.window.day_of_instant(s.onset).unwrap_or(0) as usize;
    let keep = |row: usize| !(row / days == s.agent && row % days >= first);
    let (working, quiet) = working_quiet_means_where(d, keep, |row| usd(d.cost_records[row].cost_micros));
    let shown = format!("${working:.2} working day vs ${quiet:.2} weekend or holiday");
    if quiet < working { Ok(shown) } else { fail(shown) }
}
