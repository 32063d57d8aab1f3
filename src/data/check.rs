//! Every consistency rule of the dataset contract, checked against a
//! generated dataset (`agentmock check`, and the tests). Each rule states its
//! tolerance and reports what it observed.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{TimeDelta, Timelike};

use super::agents::{INCIDENT_DAYS, MAX_AGE_DAYS, MAX_TOKENS, TEMPERATURES, status_counts};
use super::calendar::is_business_hour;
use super::catalogue::{AuditAction, Model, Role};
use super::conversations::SENTIMENT_SHARES;
use super::kinds::{AgentKind, Complexity};
use super::metrics::{
    CONVERSATIONS_PER_DAY, DECLINE_DAYS, RESPONSE_TIME_MS, SUCCESS_RATE, incident_day, is_active_day, roll_up,
};
use super::model::{AgentStatus, AuditDetails, AuditTarget, ConfigSetting, Sentiment};
use super::users::role_counts;
use super::{Dataset, Performance};

/// The outcome of one rule.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleResult {
    /// Dotted rule name, e.g. `agents.statuses`.
    pub name: &'static str,
    /// What the rule requires, with its tolerance.
    pub requirement: &'static str,
    /// `Ok(observation)` or `Err(first violation)`.
    pub outcome: Result<String, String>,
}

impl RuleResult {
    pub fn passed(&self) -> bool {
        self.outcome.is_ok()
    }
}

type Outcome = Result<String, String>;

/// A rule: its name, what it requires, and the check.
type Rule = (&'static str, &'static str, fn(&Dataset) -> Outcome);

/// Runs every rule, in a fixed order.
pub fn run(d: &Dataset) -> Vec<RuleResult> {
    let rules: Vec<Rule> = vec![
        ("ids.unique", "every id is a v4 UUID, unique across all entity types", ids_unique),
        ("users.roles", "roles follow the 2/4/4-per-10 quota exactly", users_roles),
        (
            "users.identity",
            "names are 'First Last'; emails unique and derived from the name; avatar served locally",
            users_identity,
        ),
        ("agents.names", "'<seed base name> <number>', unique", agents_names),
        ("agents.statuses", "status quota 70/20/10 exactly", agents_statuses),
        ("agents.models", "models from the seed's three, in the 30/45/25 quota", agents_models),
        (
            "agents.text",
            "description fits the kind; system prompt its own (names the agent and company); temperature and maxTokens from their domains",
            agents_text,
        ),
        ("agents.created_at", "created within the past year and before the window", agents_created_at),
        ("agents.creators", "created by an existing admin or operator who joined before", agents_creators),
        (
            "agents.active_period",
            "active: seen in the last hour; error: failed in the last 3 window days; inactive: stopped before the window",
            agents_active_period,
        ),
        (
            "agents.rollup",
            "metrics summary is the exact conversation-weighted roll-up of the agent's daily metrics",
            agents_rollup,
        ),
        ("metrics.grid", "one daily metric and one cost record per agent per window day", metrics_grid),
        (
            "metrics.activity",
            "traffic exactly on the days of the agent's active period; empty days are zero with null rates",
            metrics_activity,
        ),
        (
            "metrics.ranges",
            "active agent-days: 10-100 conversations, 800-3000 ms, success 0.85-0.99 (except an error agent's failing days)",
            metrics_ranges,
        ),
        ("metrics.tokens", "output tokens 1.4-1.6x input tokens on every active day", metrics_tokens),
        (
            "metrics.weekend_dip",
            "weekday/weekend conversations per active agent-day between 1.6 and 2.5",
            metrics_weekend_dip,
        ),
        (
            "metrics.trend",
            "traffic of active agents per weekday-adjusted day grows: second half / first half between 1.03 and 1.3",
            metrics_trend,
        ),
        (
            "metrics.performers",
            "at least one star (every day >= 0.98) and one struggling agent (0.85-0.90 overall)",
            metrics_performers,
        ),
        (
            "metrics.declining_agent",
            "an error agent whose success rate falls every day over its last 7 days, ending below 0.85",
            metrics_declining_agent,
        ),
        ("costs.tokens", "a cost record's tokens and model equal its daily metric's and agent's", costs_tokens),
        ("costs.formula", "totalCost = input/1000 x inputPrice + output/1000 x outputPrice, exactly", costs_formula),
        (
            "costs.model_ratio",
            "gpt-4o agents cost at least 10x gpt-4o-mini agents per active agent-day",
            costs_model_ratio,
        ),
        ("costs.weekend_cheaper", "mean cost per active agent-day is lower on weekends", costs_weekend_cheaper),
        ("conversations.count", "the requested number of records, ordered by start time", conversations_count),
        (
            "conversations.active_period",
            "inside the window and the agent's active period, on an agent-day with traffic, never more than it counts",
            conversations_active_period,
        ),
        (
            "conversations.recency",
            "more recent days have more: weekday-adjusted records, second half / first half above 1.0",
            conversations_recency,
        ),
        (
            "conversations.weekday_ratio",
            "records per weekday / per weekend day between 1.6 and 2.5",
            conversations_weekday_ratio,
        ),
        (
            "conversations.business_hours",
            "records per business hour (09-17 UTC) / per other hour between 2.4 and 3.6",
            conversations_business_hours,
        ),
        ("conversations.sentiment", "positive/neutral/negative within 5 points of 60/30/10", conversations_sentiment),
        (
            "conversations.messages",
            "8-15 messages on average; customer support longer than the rest",
            conversations_messages,
        ),
        (
            "conversations.complexity",
            "simple queries resolve faster: mean duration and messages rise with complexity",
            conversations_complexity,
        ),
        (
            "conversations.anonymous",
            "end users are anonymous ids ('anon-' + 12 hex digits), never a dashboard user",
            conversations_anonymous,
        ),
        ("audit.count", "the requested number of entries, ordered by time", audit_count),
        ("audit.actions", "only the seed's 10 action types; all 10 present when there is room", audit_actions),
        ("audit.roles", "every actor exists and its role allows the action", audit_roles),
        (
            "audit.targets",
            "agent actions point at an existing agent created before; others have none; deletions name no live agent",
            audit_targets,
        ),
        (
            "audit.time",
            "no entry precedes its actor's joining or its target's creation, or reaches the anchor",
            audit_time,
        ),
        (
            "audit.lifecycle",
            "one agent.created per agent at its creation by its creator; one agent.stopped per inactive agent when it stopped",
            audit_lifecycle,
        ),
        (
            "audit.sessions",
            "every window entry but a login lies inside its actor's session; every stop is followed by a restart",
            audit_sessions,
        ),
        (
            "audit.config_chain",
            "config.changed entries chain from value to value into the agent's current config",
            audit_config_chain,
        ),
    ];
    rules.into_iter().map(|(name, requirement, rule)| RuleResult { name, requirement, outcome: rule(d) }).collect()
}

fn fail<T>(message: String) -> Result<T, String> {
    Err(message)
}

fn ratio(a: f64, b: f64) -> f64 {
    if b == 0.0 { f64::INFINITY } else { a / b }
}

fn within(name: &str, value: f64, (lo, hi): (f64, f64)) -> Outcome {
    if (lo..=hi).contains(&value) {
        Ok(format!("{name} {value:.3}"))
    } else {
        fail(format!("{name} {value:.3} outside {lo}-{hi}"))
    }
}

fn ids_unique(d: &Dataset) -> Outcome {
    let ids = d
        .users
        .iter()
        .map(|u| u.id)
        .chain(d.agents.iter().map(|a| a.id))
        .chain(d.conversations.iter().map(|c| c.id))
        .chain(d.daily_metrics.iter().map(|m| m.id))
        .chain(d.cost_records.iter().map(|c| c.id))
        .chain(d.audit_logs.iter().map(|l| l.id));
    let mut seen = BTreeSet::new();
    for id in ids {
        if id.get_version_num() != 4 || id.get_variant() != uuid::Variant::RFC4122 {
            return fail(format!("{id} is not a v4 UUID"));
        }
        if !seen.insert(id) {
            return fail(format!("{id} appears twice"));
        }
    }
    Ok(format!("{} ids", seen.len()))
}

fn users_roles(d: &Dataset) -> Outcome {
    let counts: Vec<usize> = Role::ALL.iter().map(|r| d.users.iter().filter(|u| u.role == *r).count()).collect();
    let expected = role_counts(d.users.len());
    let shown = format!("{} admins, {} operators, {} viewers", counts[0], counts[1], counts[2]);
    if counts == expected { Ok(shown) } else { fail(format!("{shown}; expected {expected:?}")) }
}

fn users_identity(d: &Dataset) -> Outcome {
    let mut emails = BTreeSet::new();
    for u in &d.users {
        let parts: Vec<&str> = u.name.split(' ').collect();
        if parts.len() != 2 || parts.iter().any(|p| p.is_empty()) {
            return fail(format!("user name {:?} is not 'First Last'", u.name));
        }
        let local: String =
            u.name.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
        let email_local: String =
            u.email.split('@').next().unwrap_or("").chars().filter(|c| c.is_ascii_alphabetic()).collect();
        if !email_local.starts_with(local.trim_end_matches(|c: char| c.is_ascii_digit())) {
            return fail(format!("email {} does not follow name {}", u.email, u.name));
        }
        if !emails.insert(u.email.as_str()) {
            return fail(format!("email {} is not unique", u.email));
        }
        if u.avatar_path() != format!("/avatars/{}.svg", u.id) {
            return fail(format!("avatar of {} is not served by agentmock", u.name));
        }
    }
    Ok(format!("{} users, {} unique emails", d.users.len(), emails.len()))
}

fn agents_names(d: &Dataset) -> Outcome {
    let mut names = BTreeSet::new();
    for a in &d.agents {
        let base = a.kind.base_name();
        let ok = a
            .name
            .strip_prefix(base)
            .and_then(|rest| rest.strip_prefix(' '))
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        if !ok {
            return fail(format!("{:?} is not '{base} <number>'", a.name));
        }
        if !names.insert(a.name.as_str()) {
            return fail(format!("{:?} is not unique", a.name));
        }
    }
    let kinds: BTreeSet<AgentKind> = d.agents.iter().map(|a| a.kind).collect();
    Ok(format!("{} unique names over {} kinds", names.len(), kinds.len()))
}

fn agents_statuses(d: &Dataset) -> Outcome {
    let counts: Vec<usize> =
        AgentStatus::ALL.iter().map(|s| d.agents.iter().filter(|a| a.status == *s).count()).collect();
    let shown = format!("{} active, {} inactive, {} error", counts[0], counts[1], counts[2]);
    if counts == status_counts(d.agents.len()) { Ok(shown) } else { fail(shown) }
}

fn agents_models(d: &Dataset) -> Outcome {
    let counts: Vec<usize> = Model::ALL.iter().map(|m| d.agents.iter().filter(|a| a.model == *m).count()).collect();
    let expected = super::rng::quota(d.agents.len(), &super::agents::MODEL_SHARES);
    let shown = format!("{} gpt-4o, {} gpt-4o-mini, {} gpt-3.5-turbo", counts[0], counts[1], counts[2]);
    if counts == expected { Ok(shown) } else { fail(format!("{shown}; expected {expected:?}")) }
}

fn agents_text(d: &Dataset) -> Outcome {
    let company = super::prompts::company_name(&super::rng::Streams::new(d.params.seed));
    let mut prompts = std::collections::BTreeSet::new();
    for a in &d.agents {
        let profile = a.kind.profile();
        if !profile.descriptions.contains(&a.description) {
            return fail(format!("{}: description is not one of its kind's", a.name));
        }
        let prompt = &a.config.system_prompt;
        if !prompt.contains(&a.name) || !prompt.contains(&company) || !prompts.insert(prompt.as_str()) {
            return fail(format!("{}: system prompt does not name the agent and {company}, or is another's", a.name));
        }
        if !TEMPERATURES.contains(&a.config.temperature) || !MAX_TOKENS.contains(&a.config.max_tokens) {
            return fail(format!(
                "{}: temperature {} / maxTokens {} outside their domains",
                a.name, a.config.temperature, a.config.max_tokens
            ));
        }
    }
    Ok(format!("{} agents", d.agents.len()))
}

fn agents_created_at(d: &Dataset) -> Outcome {
    let oldest = d.window.anchor - TimeDelta::days(MAX_AGE_DAYS);
    for a in &d.agents {
        if a.created_at < oldest || a.created_at >= d.window.start() {
            return fail(format!("{} created {} outside [{oldest}, {})", a.name, a.created_at, d.window.start()));
        }
    }
    let first = d.agents.iter().map(|a| a.created_at).min();
    Ok(format!("oldest {}", first.map(|t| t.to_string()).unwrap_or_default()))
}

fn agents_creators(d: &Dataset) -> Outcome {
    for a in &d.agents {
        let Some(creator) = d.users.get(a.created_by as usize) else {
            return fail(format!("{} has no creator", a.name));
        };
        if !creator.role.may(AuditAction::AgentCreated) || creator.created_at >= a.created_at {
            return fail(format!(
                "{} created by {} ({:?}, joined {})",
                a.name, creator.name, creator.role, creator.created_at
            ));
        }
    }
    let creators: BTreeSet<u32> = d.agents.iter().map(|a| a.created_by).collect();
    Ok(format!("{} distinct creators", creators.len()))
}

fn agents_active_period(d: &Dataset) -> Outcome {
    let w = &d.window;
    for a in &d.agents {
        let ok = a.created_at < a.last_active_at
            && match a.status {
                AgentStatus::Active => {
                    a.last_active_at >= w.anchor - TimeDelta::hours(1) && a.last_active_at < w.anchor
                }
                AgentStatus::Error => {
                    a.last_active_at >= w.day_start(w.days - INCIDENT_DAYS) && a.last_active_at < w.end()
                }
                AgentStatus::Inactive => a.last_active_at < w.start(),
            };
        if !ok {
            return fail(format!("{} ({}) active {} .. {}", a.name, a.status.as_str(), a.created_at, a.last_active_at));
        }
    }
    Ok(format!("{} agents", d.agents.len()))
}

fn agent_rows(d: &Dataset, agent: usize) -> &[super::DailyMetric] {
    let days = d.window.days as usize;
    &d.daily_metrics[agent * days..(agent + 1) * days]
}

fn agents_rollup(d: &Dataset) -> Outcome {
    for (i, a) in d.agents.iter().enumerate() {
        let rows = agent_rows(d, i);
        let expected = roll_up(rows);
        let total: u64 = rows.iter().map(|r| r.conversations as u64).sum();
        let close = |x: Option<f64>, y: Option<f64>| match (x, y) {
            (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * y.abs().max(1.0),
            (None, None) => true,
            _ => false,
        };
        if a.metrics.total_conversations != total
            || !close(a.metrics.avg_response_time, expected.avg_response_time)
            || !close(a.metrics.success_rate, expected.success_rate)
        {
            return fail(format!("{}: summary {:?} != roll-up {:?}", a.name, a.metrics, expected));
        }
    }
    let total: u64 = d.agents.iter().map(|a| a.metrics.total_conversations).sum();
    Ok(format!("{total} conversations rolled up"))
}

fn metrics_grid(d: &Dataset) -> Outcome {
    let days = d.window.days as usize;
    let expected = d.agents.len() * days;
    if d.daily_metrics.len() != expected || d.cost_records.len() != expected {
        return fail(format!(
            "{} metrics, {} cost records; expected {expected} each",
            d.daily_metrics.len(),
            d.cost_records.len()
        ));
    }
    for (row, (m, c)) in d.daily_metrics.iter().zip(&d.cost_records).enumerate() {
        let (agent, day) = (row / days, (row % days) as u32);
        let date = d.window.date(day);
        if m.agent as usize != agent || c.agent as usize != agent || m.date != date || c.date != date {
            return fail(format!("row {row} is not agent {agent} on {date}"));
        }
    }
    Ok(format!("{expected} metrics and {expected} cost records"))
}

fn metrics_activity(d: &Dataset) -> Outcome {
    for m in &d.daily_metrics {
        let agent = &d.agents[m.agent as usize];
        let day = d.window.day_of(m.date).unwrap_or(0);
        let active = is_active_day(&d.window, agent, day);
        let has_traffic = m.conversations > 0 && m.avg_response_time.is_some() && m.success_rate.is_some();
        let empty = m.conversations == 0
            && m.avg_response_time.is_none()
            && m.success_rate.is_none()
            && m.total_tokens_input == 0
            && m.total_tokens_output == 0;
        if (active && !has_traffic) || (!active && !empty) {
            return fail(format!(
                "{} on {}: active={active} but {} conversations",
                agent.name, m.date, m.conversations
            ));
        }
    }
    let active_days = d.daily_metrics.iter().filter(|m| m.conversations > 0).count();
    Ok(format!("{active_days} active agent-days"))
}

/// Whether a day is one of an error agent's failing days (decline or crash).
fn failing_day(d: &Dataset, agent: usize, day: u32) -> bool {
    let a = &d.agents[agent];
    match (a.performance, incident_day(&d.window, a)) {
        (Performance::Declining, Some(last)) => day + DECLINE_DAYS > last && day <= last,
        (Performance::Crashed, Some(last)) => day == last,
        _ => false,
    }
}

fn metrics_ranges(d: &Dataset) -> Outcome {
    let days = d.window.days as usize;
    for (row, m) in d.daily_metrics.iter().enumerate() {
        let (Some(rt), Some(sr)) = (m.avg_response_time, m.success_rate) else { continue };
        let name = &d.agents[m.agent as usize].name;
        let (lo, hi) = CONVERSATIONS_PER_DAY;
        if !(lo..=hi).contains(&m.conversations) || !(RESPONSE_TIME_MS.0..=RESPONSE_TIME_MS.1).contains(&rt) {
            return fail(format!("{name} on {}: {} conversations, {rt} ms", m.date, m.conversations));
        }
        if !failing_day(d, row / days, (row % days) as u32) && !(SUCCESS_RATE.0..=SUCCESS_RATE.1).contains(&sr) {
            return fail(format!("{name} on {}: success rate {sr}", m.date));
        }
    }
    Ok("all active agent-days in range".into())
}

fn metrics_tokens(d: &Dataset) -> Outcome {
    let mut lowest = f64::INFINITY;
    let mut highest: f64 = 0.0;
    for m in d.daily_metrics.iter().filter(|m| m.conversations > 0) {
        let r = m.total_tokens_output as f64 / m.total_tokens_input as f64;
        if !(1.4..=1.6).contains(&r) {
            return fail(format!("output/input {r:.3} on {}", m.date));
        }
        lowest = lowest.min(r);
        highest = highest.max(r);
    }
    Ok(format!("output/input {lowest:.3}-{highest:.3}"))
}

/// Mean of `value` over active agent-days, split into (weekday, weekend).
fn weekday_weekend_means(d: &Dataset, value: impl Fn(usize) -> f64) -> (f64, f64) {
    let mut sums = [(0.0, 0usize); 2];
    for (row, m) in d.daily_metrics.iter().enumerate() {
        if m.conversations == 0 {
            continue;
        }
        let weekend = usize::from(d.window.is_weekend(d.window.day_of(m.date).unwrap_or(0)));
        sums[weekend].0 += value(row);
        sums[weekend].1 += 1;
    }
    let mean = |(sum, n): (f64, usize)| if n == 0 { 0.0 } else { sum / n as f64 };
    (mean(sums[0]), mean(sums[1]))
}

fn metrics_weekend_dip(d: &Dataset) -> Outcome {
    let (weekday, weekend) = weekday_weekend_means(d, |row| d.daily_metrics[row].conversations as f64);
    within("weekday/weekend", ratio(weekday, weekend), (1.6, 2.5))
}

/// Second-half over first-half ratio of a per-day series, each day divided by
/// its weekday factor (weekends count half) so the weekend layout cancels out.
fn half_over_half(d: &Dataset, per_day: &[f64]) -> f64 {
    let days = d.window.days as usize;
    let mut halves = [(0.0, 0.0); 2];
    for (day, value) in per_day.iter().enumerate() {
        let half = usize::from(day >= days / 2 + days % 2);
        if days % 2 == 1 && day == days / 2 {
            continue;
        }
        let factor = if d.window.is_weekend(day as u32) { 0.5 } else { 1.0 };
        halves[half].0 += value;
        halves[half].1 += factor;
    }
    ratio(halves[1].0 / halves[1].1, halves[0].0 / halves[0].1)
}

fn metrics_trend(d: &Dataset) -> Outcome {
    let days = d.window.days as usize;
    let mut per_day = vec![0.0; days];
    for (row, m) in d.daily_metrics.iter().enumerate() {
        if d.agents[m.agent as usize].status == AgentStatus::Active {
            per_day[row % days] += m.conversations as f64;
        }
    }
    within("second/first half", half_over_half(d, &per_day), (1.03, 1.3))
}

fn metrics_performers(d: &Dataset) -> Outcome {
    let active: Vec<usize> = (0..d.agents.len()).filter(|&i| d.agents[i].status == AgentStatus::Active).collect();
    let stars =
        active.iter().filter(|&&i| agent_rows(d, i).iter().filter_map(|m| m.success_rate).all(|sr| sr >= 0.98)).count();
    let struggling = active
        .iter()
        .filter(|&&i| d.agents[i].metrics.success_rate.is_some_and(|sr| (0.85..=0.90).contains(&sr)))
        .count();
    let shown = format!("{stars} stars, {struggling} struggling");
    if stars >= 1 && struggling >= 1 { Ok(shown) } else { fail(shown) }
}

fn metrics_declining_agent(d: &Dataset) -> Outcome {
    let declining = (0..d.agents.len()).find(|&i| {
        let Some(last) = incident_day(&d.window, &d.agents[i]) else { return false };
        if last < DECLINE_DAYS {
            return false;
        }
        let rates: Vec<f64> = agent_rows(d, i)[(last - DECLINE_DAYS) as usize..=last as usize]
            .iter()
            .filter_map(|m| m.success_rate)
            .collect();
        rates.len() == DECLINE_DAYS as usize + 1
            && rates.windows(2).all(|w| w[1] < w[0])
            && rates.last().is_some_and(|&r| r < 0.85)
    });
    match declining {
        Some(i) => {
            let a = &d.agents[i];
            Ok(format!(
                "{} declines to {:?} before failing at {}",
                a.name,
                agent_rows(d, i).iter().filter_map(|m| m.success_rate).next_back(),
                a.last_active_at
            ))
        }
        None => fail("no error agent declines over its last 7 days".into()),
    }
}

fn costs_tokens(d: &Dataset) -> Outcome {
    for (m, c) in d.daily_metrics.iter().zip(&d.cost_records) {
        if c.input_tokens != m.total_tokens_input
            || c.output_tokens != m.total_tokens_output
            || c.model != d.agents[c.agent as usize].model
        {
            return fail(format!("cost record {} disagrees with daily metric {}", c.id, m.id));
        }
    }
    Ok(format!("{} cost records match", d.cost_records.len()))
}

fn costs_formula(d: &Dataset) -> Outcome {
    for c in &d.cost_records {
        let price = c.model.price();
        let expected = c.input_tokens as f64 / 1000.0 * price.input + c.output_tokens as f64 / 1000.0 * price.output;
        if c.total_cost != expected {
            return fail(format!("cost record {}: {} != {expected}", c.id, c.total_cost));
        }
    }
    let total: f64 = d.cost_records.iter().map(|c| c.total_cost).sum();
    Ok(format!("total ${total:.2}"))
}

fn mean_active_cost(d: &Dataset, keep: impl Fn(&super::CostRecord) -> bool) -> f64 {
    let (sum, n) = d
        .cost_records
        .iter()
        .filter(|c| c.input_tokens > 0 && keep(c))
        .fold((0.0, 0usize), |(s, n), c| (s + c.total_cost, n + 1));
    if n == 0 { 0.0 } else { sum / n as f64 }
}

fn costs_model_ratio(d: &Dataset) -> Outcome {
    let big = mean_active_cost(d, |c| c.model == Model::Gpt4o);
    let mini = mean_active_cost(d, |c| c.model == Model::Gpt4oMini);
    let r = ratio(big, mini);
    if r >= 10.0 {
        Ok(format!("${big:.2} vs ${mini:.2} per agent-day ({r:.1}x)"))
    } else {
        fail(format!("${big:.2} vs ${mini:.2} per agent-day ({r:.1}x)"))
    }
}

fn costs_weekend_cheaper(d: &Dataset) -> Outcome {
    let (weekday, weekend) = weekday_weekend_means(d, |row| d.cost_records[row].total_cost);
    let shown = format!("${weekday:.2} weekday vs ${weekend:.2} weekend");
    if weekend < weekday { Ok(shown) } else { fail(shown) }
}

fn conversations_count(d: &Dataset) -> Outcome {
    let n = d.conversations.len();
    if n != d.params.sizes.conversations {
        return fail(format!("{n} records; {} requested", d.params.sizes.conversations));
    }
    if !d.conversations.windows(2).all(|w| (w[0].started_at, w[0].id) <= (w[1].started_at, w[1].id)) {
        return fail("records are not ordered by start time".into());
    }
    Ok(format!("{n} records"))
}

fn conversations_active_period(d: &Dataset) -> Outcome {
    let mut per_row: BTreeMap<usize, u32> = BTreeMap::new();
    for c in &d.conversations {
        let agent = &d.agents[c.agent as usize];
        let Some(day) = d.window.day_of_instant(c.started_at) else {
            return fail(format!("conversation {} starts outside the window", c.id));
        };
        if c.started_at < agent.created_at
            || c.ended_at > agent.last_active_at
            || c.ended_at > d.window.end()
            || c.ended_at < c.started_at
        {
            return fail(format!("conversation {} outside {}'s active period", c.id, agent.name));
        }
        *per_row.entry(d.grid_row(c.agent, day)).or_default() += 1;
    }
    for (&row, &count) in &per_row {
        let m = &d.daily_metrics[row];
        if count > m.conversations {
            return fail(format!("{count} records on an agent-day that counts {}", m.conversations));
        }
    }
    Ok(format!("{} agent-days sampled", per_row.len()))
}

fn records_per_day(d: &Dataset) -> Vec<f64> {
    let mut per_day = vec![0.0; d.window.days as usize];
    for c in &d.conversations {
        if let Some(day) = d.window.day_of_instant(c.started_at) {
            per_day[day as usize] += 1.0;
        }
    }
    per_day
}

fn conversations_recency(d: &Dataset) -> Outcome {
    let r = half_over_half(d, &records_per_day(d));
    if r > 1.0 { Ok(format!("second/first half {r:.3}")) } else { fail(format!("second/first half {r:.3}")) }
}

fn conversations_weekday_ratio(d: &Dataset) -> Outcome {
    let per_day = records_per_day(d);
    let mut sums = [(0.0, 0.0); 2];
    for (day, n) in per_day.iter().enumerate() {
        let weekend = usize::from(d.window.is_weekend(day as u32));
        sums[weekend].0 += n;
        sums[weekend].1 += 1.0;
    }
    within("weekday/weekend", ratio(sums[0].0 / sums[0].1, sums[1].0 / sums[1].1), (1.6, 2.5))
}

fn conversations_business_hours(d: &Dataset) -> Outcome {
    let business = d.conversations.iter().filter(|c| is_business_hour(c.started_at.hour())).count() as f64;
    let other = d.conversations.len() as f64 - business;
    within("per-hour business/other", ratio(business / 8.0, other / 16.0), (2.4, 3.6))
}

fn conversations_sentiment(d: &Dataset) -> Outcome {
    let n = d.conversations.len() as f64;
    let shares: Vec<f64> = Sentiment::ALL
        .iter()
        .map(|s| d.conversations.iter().filter(|c| c.sentiment == *s).count() as f64 / n)
        .collect();
    let shown = format!("{:.1}/{:.1}/{:.1}%", shares[0] * 100.0, shares[1] * 100.0, shares[2] * 100.0);
    if shares.iter().zip(SENTIMENT_SHARES).all(|(s, e)| (s - e).abs() <= 0.05) { Ok(shown) } else { fail(shown) }
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 { f64::NAN } else { sum / n as f64 }
}

fn conversations_messages(d: &Dataset) -> Outcome {
    let all = mean(d.conversations.iter().map(|c| c.message_count as f64));
    let is_support = |c: &&super::Conversation| d.agents[c.agent as usize].kind == AgentKind::CustomerSupport;
    let support = mean(d.conversations.iter().filter(is_support).map(|c| c.message_count as f64));
    let others = mean(d.conversations.iter().filter(|c| !is_support(c)).map(|c| c.message_count as f64));
    let shown = format!("mean {all:.1}; customer support {support:.1} vs others {others:.1}");
    let support_longer = support.is_nan() || support > others;
    if (8.0..=15.0).contains(&all) && support_longer { Ok(shown) } else { fail(shown) }
}

fn conversations_complexity(d: &Dataset) -> Outcome {
    let by = |c: Complexity, f: fn(&super::Conversation) -> f64| {
        mean(d.conversations.iter().filter(|x| x.complexity == c).map(f))
    };
    let minutes = |c: &super::Conversation| c.duration_ms() as f64 / 60_000.0;
    let messages = |c: &super::Conversation| c.message_count as f64;
    let durations = Complexity::ALL.map(|c| by(c, minutes));
    let counts = Complexity::ALL.map(|c| by(c, messages));
    let shown = format!(
        "minutes {:.1}/{:.1}/{:.1}, messages {:.1}/{:.1}/{:.1}",
        durations[0], durations[1], durations[2], counts[0], counts[1], counts[2]
    );
    let rising = |v: [f64; 3]| v[0] < v[1] && v[1] < v[2];
    if rising(durations) && rising(counts) { Ok(shown) } else { fail(shown) }
}

fn conversations_anonymous(d: &Dataset) -> Outcome {
    let people: BTreeSet<String> = d.users.iter().flat_map(|u| [u.id.to_string(), u.email.clone()]).collect();
    for c in &d.conversations {
        let id = c.end_user_id();
        let hex = id.strip_prefix("anon-").unwrap_or("");
        if hex.len() != 12 || !hex.chars().all(|ch| ch.is_ascii_hexdigit()) || people.contains(&id) {
            return fail(format!("end user {id} is not anonymous"));
        }
    }
    let distinct: BTreeSet<u64> = d.conversations.iter().map(|c| c.end_user).collect();
    Ok(format!("{} distinct anonymous end users", distinct.len()))
}

fn audit_count(d: &Dataset) -> Outcome {
    let n = d.audit_logs.len();
    if n != d.params.sizes.audit_logs {
        return fail(format!("{n} entries; {} requested", d.params.sizes.audit_logs));
    }
    if !d.audit_logs.windows(2).all(|w| w[0].created_at <= w[1].created_at) {
        return fail("entries are not ordered by time".into());
    }
    Ok(format!("{n} entries"))
}

fn audit_actions(d: &Dataset) -> Outcome {
    let present: BTreeSet<AuditAction> = d.audit_logs.iter().map(|l| l.action).collect();
    let lifecycle = super::audit::lifecycle_entries(d.agents.len(), status_counts(d.agents.len())[1]);
    let room = d.audit_logs.len() >= lifecycle + 40;
    if room && present.len() != AuditAction::ALL.len() {
        let missing: Vec<&str> = AuditAction::ALL.iter().filter(|a| !present.contains(a)).map(|a| a.dotted()).collect();
        return fail(format!("missing {}", missing.join(", ")));
    }
    Ok(format!("{} action types", present.len()))
}

fn audit_roles(d: &Dataset) -> Outcome {
    for l in &d.audit_logs {
        let Some(actor) = d.users.get(l.actor as usize) else {
            return fail(format!("entry {} has no actor", l.id));
        };
        if !actor.role.may(l.action) {
            return fail(format!("{} ({}) did {}", actor.name, actor.role.as_str(), l.action.dotted()));
        }
    }
    Ok(format!("{} entries by permitted actors", d.audit_logs.len()))
}

fn audit_targets(d: &Dataset) -> Outcome {
    let live: BTreeSet<&str> = d.agents.iter().map(|a| a.name.as_str()).collect();
    for l in &d.audit_logs {
        match (l.action.targets_agent(), l.target) {
            (true, Some(AuditTarget::Agent(a))) => {
                let Some(agent) = d.agents.get(a as usize) else {
                    return fail(format!("entry {} points at a missing agent", l.id));
                };
                if l.created_at < agent.created_at {
                    return fail(format!("entry {} precedes {}'s creation", l.id, agent.name));
                }
            }
            (false, None) => {
                if let AuditDetails::AgentDeleted { name, .. } = &l.details
                    && live.contains(name.as_str())
                {
                    return fail(format!("agent.deleted names live agent {name}"));
                }
            }
            _ => return fail(format!("entry {} ({}) has target {:?}", l.id, l.action.dotted(), l.target)),
        }
    }
    Ok("every target exists".into())
}

fn audit_time(d: &Dataset) -> Outcome {
    for l in &d.audit_logs {
        if l.created_at >= d.window.anchor || l.created_at < d.users[l.actor as usize].created_at {
            return fail(format!("entry {} at {}", l.id, l.created_at));
        }
    }
    let first = d.audit_logs.first().map(|l| l.created_at.to_string()).unwrap_or_default();
    Ok(format!("from {first} to before the anchor"))
}

/// Audit entries grouped by the agent they point at, in time order.
fn entries_by_agent(d: &Dataset) -> Vec<Vec<&super::AuditLog>> {
    let mut by_agent = vec![Vec::new(); d.agents.len()];
    for l in &d.audit_logs {
        if let Some(AuditTarget::Agent(a)) = l.target
            && let Some(entries) = by_agent.get_mut(a as usize)
        {
            entries.push(l);
        }
    }
    by_agent
}

fn audit_lifecycle(d: &Dataset) -> Outcome {
    for (a, entries) in d.agents.iter().zip(entries_by_agent(d)) {
        let created: Vec<_> = entries.iter().filter(|l| l.action == AuditAction::AgentCreated).collect();
        if created.len() != 1 || created[0].created_at != a.created_at || created[0].actor != a.created_by {
            return fail(format!("{} has {} matching agent.created entries", a.name, created.len()));
        }
        if a.status == AgentStatus::Inactive
            && !entries.iter().any(|l| l.action == AuditAction::AgentStopped && l.created_at == a.last_active_at)
        {
            return fail(format!("inactive {} has no agent.stopped when it stopped", a.name));
        }
    }
    Ok(format!("{} agents mirrored", d.agents.len()))
}

fn audit_sessions(d: &Dataset) -> Outcome {
    let start = d.window.start();
    let mut signed_in = vec![false; d.users.len()];
    for (i, l) in d.audit_logs.iter().enumerate() {
        if l.created_at < start {
            continue;
        }
        let actor = l.actor as usize;
        match l.action {
            AuditAction::UserLogin => signed_in[actor] = true,
            AuditAction::UserLogout if !signed_in[actor] => return fail(format!("logout {} without a session", l.id)),
            AuditAction::UserLogout => signed_in[actor] = false,
            _ if !signed_in[actor] => return fail(format!("entry {} outside its actor's session", l.id)),
            AuditAction::AgentStopped => {
                let restarted = d.audit_logs[i + 1..]
                    .iter()
                    .take_while(|n| n.created_at <= l.created_at + TimeDelta::minutes(15))
                    .any(|n| n.action == AuditAction::AgentStarted && n.target == l.target && n.actor == l.actor);
                if !restarted {
                    return fail(format!("stop {} is not followed by a restart", l.id));
                }
            }
            _ => {}
        }
    }
    let sessions = d.audit_logs.iter().filter(|l| l.action == AuditAction::UserLogin).count();
    Ok(format!("{sessions} sessions"))
}

fn audit_config_chain(d: &Dataset) -> Outcome {
    let mut chains = 0;
    for (a, entries) in d.agents.iter().zip(entries_by_agent(d)) {
        for setting in [ConfigSetting::Temperature, ConfigSetting::MaxTokens] {
            let current = match setting {
                ConfigSetting::Temperature => a.config.temperature,
                ConfigSetting::MaxTokens => a.config.max_tokens as f64,
            };
            let changes: Vec<(f64, f64)> = entries
                .iter()
                .filter_map(|l| match l.details {
                    AuditDetails::ConfigChanged { setting: s, from, to } if s == setting => Some((from, to)),
                    _ => None,
                })
                .collect();
            let chained = changes.windows(2).all(|w| w[0].1 == w[1].0);
            let distinct = changes.iter().all(|(from, to)| from != to);
            let ends = changes.last().is_none_or(|(_, to)| *to == current);
            if !(chained && distinct && ends) {
                return fail(format!("{}'s {} changes do not chain into {current}", a.name, setting.as_str()));
            }
            chains += usize::from(!changes.is_empty());
        }
    }
    Ok(format!("{chains} chains"))
}
