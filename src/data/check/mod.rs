//! Every consistency rule of the dataset contract, checked against a
//! generated dataset (`agentmock check`, and the tests). Each rule states its
//! tolerance and reports what it observed.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, TimeDelta, Timelike, Utc};

use super::agents::{INCIDENT_LATEST_DAYS, LAST_SEEN_SECONDS, MAX_AGE_DAYS, MAX_TOKENS, TEMPERATURES, status_counts};
use super::calendar::{
    Audience, BUSINESS_HOURS, DayType, day_type, first_working_days_of_january, holiday, is_quiet_day,
};
use super::catalogue::{AuditAction, Model, Role, usd};
use super::conversations::SENTIMENT_SHARES;
use super::histogram::{LATENCY_MS, Merged};
use super::kinds::{AgentKind, Complexity};
use super::metrics::{
    CONVERSATIONS_PER_DAY, PAUSE_LEAST, RESPONSE_TIME_MS, SUCCESS_RATE, hour_middle, is_active_day, is_healthy_day,
    is_whole_day, roll_up, success_band, traffic_end,
};
use super::model::{AgentStatus, AuditDetails, AuditTarget, ConfigSetting};
use super::providers::{OUTAGE_HOURS, OUTAGE_MINUTES, STORM_HOURS, STORM_MINUTES};
use super::users::role_counts;
use super::workspace::days_in_month;
use super::{Dataset, Performance};

mod scenarios;
mod traces;

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

const TRACES_RECONCILE: Rule = (
    "traces.reconcile",
    "every reply's spans add up to it: model calls' tokens and costs sum to the message's, messages' costs to the conversation's; steps run in turn inside the root, the answer's first token lands at the reply's latency; a failed conversation's last reply fails on a step of its error type",
    traces::reconcile,
);

// The rules that hold for the seeded state and after any writes alike.
const IDS_UNIQUE: Rule = ("ids.unique", "every id is a v4 UUID, unique across all entity types", ids_unique);

const USERS_IDENTITY: Rule = (
    "users.identity",
    "names are 'First Last'; emails unique and derived from the name; avatar served locally",
    users_identity,
);

const METRICS_GRID: Rule =
    ("metrics.grid", "one daily metric and one cost record per agent per window day", metrics_grid);

const METRICS_OUTCOMES: Rule = (
    "metrics.outcomes",
    "succeeded + errors = conversations; sentiments, hours and histograms sum to their totals; resolved within succeeded",
    metrics_outcomes,
);

const AGENTS_ROLLUP: Rule = (
    "agents.rollup",
    "metrics summary is the exact roll-up (sums of counts) of the agent's daily metrics",
    agents_rollup,
);

const COSTS_FORMULA: Rule = (
    "costs.formula",
    "totalCost = input/1000 x inputPrice + output/1000 x outputPrice, exact to the micro-dollar",
    costs_formula,
);

/// Runs every rule that applies to the dataset's scenario, in a fixed
/// order: the contract's rules, some replaced by the scenario's variants,
/// then the scenario's own (see [`skipped`] for those it leaves out).
pub fn run(d: &Dataset) -> Vec<RuleResult> {
    let rules = scenarios::rules(d.params.scenario).applied;
    rules.into_iter().map(|(name, requirement, rule)| RuleResult { name, requirement, outcome: rule(d) }).collect()
}

/// The contract's rules the dataset's scenario does not check, each with why
/// (its defining property moves them on purpose, or there is nothing to
/// check them on).
pub fn skipped(d: &Dataset) -> Vec<(&'static str, String)> {
    scenarios::rules(d.params.scenario).skipped
}

/// The contract's rules, as the default dataset is checked.
fn contract_rules() -> Vec<Rule> {
    vec![
        IDS_UNIQUE,
        ("users.roles", "roles follow the 2/4/4-per-10 quota exactly", users_roles),
        USERS_IDENTITY,
        (
            "users.names",
            "names read like people: a common given name and a common surname, no full name twice",
            users_names,
        ),
        ("agents.names", "'<seed base name> <number>', unique", agents_names),
        ("agents.statuses", "status quota 70/20/10 exactly", agents_statuses),
        ("agents.models", "models from the seed's three, in the 30/45/25 quota", agents_models),
        (
            "agents.text",
            "description fits the kind; system prompt its own (names the agent and company); temperature and maxTokens from their domains",
            agents_text,
        ),
        (
            "agents.prompt_history",
            "each agent's prompt version is 1 plus its systemPrompt updates in the audit trail, numbered 2, 3, ... in time order",
            agents_prompt_history,
        ),
        ("agents.created_at", "created within the past year and before the window", agents_created_at),
        ("agents.creators", "created by an existing admin or operator who joined before", agents_creators),
        (
            "agents.active_period",
            "active: seen in the last 15 minutes; error: paused within the 10 days before the anchor's (on a working day of the home zone, 11:00-17:00 there); inactive: stopped 2+ weeks after creation and 2+ days before the anchor",
            agents_active_period,
        ),
        AGENTS_ROLLUP,
        (
            "agents.status_history",
            "history starts active at creation, follows the audit trail's stops and starts, ends in the agent's status; error agents end with an automatic pause naming the incident's error and what the platform saw: 5 or more conversations in the 3 hours before the pause, at least half failed, the reason citing those counts",
            agents_status_history,
        ),
        METRICS_GRID,
        (
            "metrics.activity",
            "whole active days have traffic; days outside the active period are all zero; no traffic after the agent's last activity",
            metrics_activity,
        ),
        METRICS_OUTCOMES,
        (
            "metrics.provider_weather",
            "every model has provider incidents (one or more in 14 days or longer), not all in the last 3 days; calls to the model fail at least twice as often in an incident's hours; over three weeks or more the fleet's daily median latency moves (slowest/fastest whole day at least 1.1x); the last two outside the incident scenario, whose own outage blurs them",
            metrics_provider_weather,
        ),
        (
            "metrics.mix",
            "each day's conversations, failures, resolutions and tokens add up by channel and by complexity; the sampled records of a channel or a complexity are within its count",
            metrics_mix,
        ),
        (
            "metrics.ranges",
            "whole healthy agent-days: 10-100 conversations, 800-3000 ms mean latency, success 0.85-0.99",
            metrics_ranges,
        ),
        (
            "metrics.partial_day",
            "the anchor's day holds traffic only before the anchor, about pro rata (0.5-1.7x the covered share of a usual day)",
            metrics_partial_day,
        ),
        ("metrics.tokens", "output tokens 1.4-1.6x input tokens on every active day", metrics_tokens),
        (
            "metrics.output_ratio_moves",
            "the output/input ratio moves from day to day: the fleet's daily ratio spans at least 0.015 over the window, and the median agent's at least 0.04 (from 14 days of 200 conversations)",
            metrics_output_ratio_moves,
        ),
        (
            "metrics.weekend_dip",
            "working-day / weekend-day conversations per whole active agent-day between 1.6 and 2.4 (1.5-3.1 under 100 weekend agent-days, the kinds' own weekends moving a fleet's mix; the seed's 2x, for the fleet; days of the home time zone)",
            metrics_weekend_dip,
        ),
        ("metrics.holidays", "a holiday on a weekday carries under 0.75x a working day's traffic", metrics_holidays),
        (
            "calendar.audiences",
            "weeks differ by audience (home time zone): customer-facing agents keep 0.45-1.0 of a working day's traffic at weekends, internal tools at most 0.45 (0.5 with under 14 active agents or under 21 days), the seed's floor of 10 a day holding their weekends up (stars, whose quiet days a star's mean may lift, aside; judged from 12 weekend agent-days)",
            calendar_audiences,
        ),
        (
            "calendar.festive",
            "the median customer-facing agent-day of Christmas Day under 0.6x a weekend day's (internal tools sit on the seed's floor of 10 on both; judged with 5 or more active customer-facing agents); the median internal tool's day between Christmas and New Year under 0.7x its working day's (judged with 3 or more active internal tools)",
            calendar_festive,
        ),
        (
            "calendar.day_shapes",
            "no two days alike (local days of the home time zone, per audience, judged from working days of 150+ conversations): the median working day's hourly profile correlates at most 0.96 with the mean working day's, and the mean weekend day's at most 0.95 (customers) or 0.9 (internal tools)",
            calendar_day_shapes,
        ),
        (
            "calendar.weeks",
            "the working week has a shape (local days of the home time zone, each whole agent-day against its agent's mean working day, stars aside): internal tools' Mondays and Tuesdays carry at least 1.06x their Fridays, customer-facing agents' Mondays at least 1.06x theirs (judged from 16 Friday agent-days); and each kind keeps its own week: the kinds' Monday/Friday ratios (kinds with 3 or more of each) span at least 1.4x, once 4 kinds are judged",
            calendar_weeks,
        ),
        (
            "calendar.new_year",
            "customers come back with the year's plans: on January's first working day (a local day of the home time zone) the median active customer-facing agent carries at least 1.15x its mean of the same weekday's other working days (judged with 4 such agents: the days of three swing too much with their growth and their weeks)",
            calendar_new_year,
        ),
        (
            "calendar.evening",
            "the customers' day runs on into the West Coast's afternoon: the customer-facing agents' mean working day (local hours) keeps at least 0.6x its 15:00-17:00 traffic at its 19:00-21:00 peak, and at least 0.2 more of it than the internal tools keep of theirs (judged from 2,000 conversations each)",
            calendar_evening,
        ),
        (
            "metrics.trend",
            "traffic of active agents per quiet-day-adjusted day grows: second half / first half between 1.01 and 1.35 (1.0-1.35 with under 14 active agents or under 21 days)",
            metrics_trend,
        ),
        (
            "metrics.diurnal",
            "fleet hourly traffic by local hour of the home time zone: business hours 2.4-3.7x the rest per hour (2.2-4.0 with under 14 active agents or under 21 days), the busiest hour inside them; morning ramp, the internal tools' lunch dip (customers write in over lunch; not required of those small fleets), evening tail",
            metrics_diurnal,
        ),
        (
            "metrics.skew",
            "popularity is heavy-tailed: the busiest active agent handles 2.5x+ the quietest and 1.3x+ the median (1.8x and 1.1x with under 14 active agents); with 100+ active agents a steady agent is among as many busiest as there are stars, and the busiest handles 1.15x+ the agent ranked just below them",
            metrics_skew,
        ),
        (
            "metrics.success_continuum",
            "active agents' success rates run on a continuum: with 14+ active agents the best steady agent reaches 0.95 (the steady band runs up to the stars'); with 100+ no gap wider than 0.015 between neighbouring roll-ups within 0.90-0.98",
            metrics_success_continuum,
        ),
        (
            "metrics.rate_limit_storms",
            "rate-limit storms (one or more in 14 days or longer) start at the home zone's busiest hours (10, 11, 13, 14, 15 local) of working days and last at most an hour; in the hours they cover, calls fail at least 2x as often as in the same hours otherwise (judged from 30 conversations, 60 with under 14 active agents) and 1.5x as many of the agents with traffic fail (judged from 20 agent-hours)",
            metrics_rate_limit_storms,
        ),
        (
            "metrics.tool_outages",
            "the services the agents' tools call have outages (one or more in 14 days or longer), starting at 08-17 local on working days and lasting at most two hours; in the hours an outage covers by a quarter or more, the agents whose tools call the service (stars aside: the seed holds their days to 2%) fail at least 2x as often as in the same local hours of other working days (judged from 30 conversations)",
            metrics_tool_outages,
        ),
        (
            "metrics.failure_runs",
            "failures come in runs: on the days of agents without an incident of their own (before the anchor's), hours with two or more of the day's failures are at least 1.5x as many as if they fell on its conversations at random (judged with 14+ active agents, when chance gives 20)",
            metrics_failure_runs,
        ),
        (
            "metrics.performers",
            "a star (0.98+ overall and on every whole day of 50+ conversations) and a struggler (0.85-0.90 overall); steady agents 0.90-0.985",
            metrics_performers,
        ),
        (
            "metrics.latency_tail",
            "fleet reply latency over the window is long-tailed: p99 at least 1.25x p95, max at least 3x p99",
            metrics_latency_tail,
        ),
        (
            "metrics.declining_agent",
            "an error agent whose failures climb from a change in the audit trail, noisily, mostly of one error type, to below 0.85 success",
            metrics_declining_agent,
        ),
        (
            "metrics.crashed_agent",
            "other error agents fail within hours: 30%+ of the conversations from the onset to the pause failed, the incident's error type the day's most common",
            metrics_crashed_agent,
        ),
        ("costs.tokens", "a cost record's tokens and model equal its daily metric's and agent's", costs_tokens),
        COSTS_FORMULA,
        (
            "costs.model_ratio",
            "gpt-4o agents cost at least 10x gpt-4o-mini agents per active agent-day",
            costs_model_ratio,
        ),
        ("costs.weekend_cheaper", "mean cost per active agent-day is lower on weekends", costs_weekend_cheaper),
        ("conversations.count", "the requested number of records, ordered by start time", conversations_count),
        (
            "conversations.active_period",
            "inside the window and the agent's active period, ending before its last activity",
            conversations_active_period,
        ),
        (
            "conversations.agree",
            "each record is one of its agent-day's conversations: per day, outcome, error type, sentiment and resolution never exceed the telemetry's counts; timing and tokens add up",
            conversations_agree,
        ),
        (
            "conversations.time_shape",
            "the records follow the telemetry's shape: per day and per hour of day, a chi-square goodness of fit with p above 0.0001 (so more recent days and business hours have more, within sampling noise)",
            conversations_time_shape,
        ),
        (
            "conversations.weekday_ratio",
            "records follow the telemetry's working/quiet-day shape: their share on weekends and holidays within 1.5 points plus 3.5 standard errors of the telemetry's (whole days)",
            conversations_weekday_ratio,
        ),
        (
            "conversations.business_hours",
            "records follow the telemetry's business hours (09-17 in the home time zone, 3x the rest): their business-hour share within 1.5 points plus 3.5 standard errors of the telemetry's",
            conversations_business_hours,
        ),
        (
            "conversations.sentiment",
            "positive/neutral/negative within 5 points of 60/30/10 in the telemetry; in the records within 1.5 points plus 3.5 standard errors of their count (9.2/8.7/6.2 points at 500)",
            conversations_sentiment,
        ),
        (
            "conversations.resolution",
            "resolved without a human: 0.80-0.88 of the telemetry's conversations; the records' share within 1 point plus 3.5 standard errors of it",
            conversations_resolution,
        ),
        (
            "conversations.messages",
            "8-15 messages on average in the records; customer support conversations longer than the rest (in the telemetry)",
            conversations_messages,
        ),
        (
            "conversations.complexity",
            "simple queries resolve faster: simple topics have the shortest median duration; messages rise with complexity",
            conversations_complexity,
        ),
        (
            "conversations.anonymous",
            "end users are anonymous ids ('anon-' + 12 hex digits), never a dashboard user",
            conversations_anonymous,
        ),
        (
            "transcripts.greetings",
            "no reply opens with two greetings or two acknowledgements in a row ('Hi there! Hi!')",
            transcripts_greetings,
        ),
        (
            "transcripts.tone",
            "agents whose prompt asks for the formal voice ('no exclamation marks') write none; the other agents do",
            transcripts_tone,
        ),
        (
            "conversations.short",
            "some people leave after the first answer: with 100 records or more, 4-25% of records have 2 messages or fewer",
            conversations_short,
        ),
        (
            "conversations.channels",
            "the channel follows the agent's audience: customer-facing agents are never reached over Slack or Teams; internal tools get at least 40% of their traffic there",
            conversations_channels,
        ),
        (
            "conversations.titles",
            "titles vary at every scale: at least 90% of records (with 50 to 10,000 of them; 80% beyond) have a title no other record has",
            conversations_titles,
        ),
        (
            "agents.descriptions",
            "descriptions vary at every scale: at least 95% of agents have a description no other agent has",
            agents_descriptions,
        ),
        (
            "transcripts.endings",
            "endings vary: with 20 records or more at most 30% end with the user thanking, at least 10% of resolved ones (3 messages or more, 20 or more) end on the agent's answer, and with 100 records or more no last sentence ends more than 5% of them",
            transcripts_endings,
        ),
        (
            "transcripts.one_topic",
            "one topic per conversation: besides its topic's follow-ups, a conversation asks none of its kind's general questions under 10 messages, at most one under 20, two from 20",
            transcripts_one_topic,
        ),
        (
            "transcripts.slots",
            "replies repeat only what the user said: a value only the user can give (their school, course, degree, nonprofit, purpose) is in a reply only after a user message named it",
            transcripts_slots,
        ),
        (
            "transcripts.api",
            "API conversations are machine calls: every message is a JSON object, requests with a session id, answers with a status; no other channel's message is JSON",
            transcripts_api,
        ),
        (
            "conversations.returning",
            "end users come back: with 100 records or more, at most 85% of records have a distinct end user, 20-80% come from people seen more than once, and nobody has more than 5% of them (15 records on the smallest samples)",
            conversations_returning,
        ),
        ("audit.count", "the requested number of entries, ordered by time", audit_count),
        ("audit.actions", "only the seed's 10 action types; all 10 present when there is room", audit_actions),
        ("audit.roles", "every actor exists and its role allows the action", audit_roles),
        (
            "audit.targets",
            "agent actions point at an existing agent created before; sign-ins at their user; others have none; deletions name no live agent",
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
            "every window entry but a login or an agent's final stop lies inside its actor's session; every other stop is followed by a restart",
            audit_sessions,
        ),
        (
            "audit.history",
            "people signed in before the window too: with room in the trail (a fifth of what it holds beyond its lifecycle makes a session), a sign-in session before it holds agent creations by its user; each session ending before it signs out within 2 hours of signing in, before the next sign-in of its user",
            audit_history,
        ),
        (
            "audit.config_chain",
            "config.changed entries chain from value to value into the agent's current config",
            audit_config_chain,
        ),
        (
            "audit.session_identity",
            "every entry of a sign-in session comes from the address and browser of its sign-in",
            audit_session_identity,
        ),
        (
            "audit.responses",
            "a human (admin or operator) signs in within 2 hours of every pause of an agent still in ERROR, unless the anchor comes first or the trail has no room beyond its lifecycle",
            audit_responses,
        ),
        (
            "audit.restart_reasons",
            "a restart to pick up the updated system prompt follows an update of that agent's prompt within 24 hours",
            audit_restart_reasons,
        ),
        ("audit.policies", "each policy change is made once (no change repeated by another admin)", audit_policies),
        (
            "workspace.budget",
            "the monthly budget is a round figure 1.0-1.6x the month's spend at the last week's rate",
            workspace_budget,
        ),
        TRACES_RECONCILE,
        (
            "traces.sample_agrees",
            "the sample's spans and ratings follow the telemetry's counts: tool calls per reply within 20% and tool error rate within 2 points (from 300 tool calls), ratings per reply within 35% and thumbs-down share within 15 points (from 40 ratings)",
            traces::sample_agrees,
        ),
    ]
}

/// The rules that hold after any sequence of writes (`check --journal`,
/// and the property test of the write path). The seeded-state rules of
/// [`run`] are about how the data was generated (quotas, statuses, the
/// shapes of traffic, an audit trail that ends before the anchor); writes
/// move those on purpose. These are about consistency: ids, the grid, exact
/// roll-ups, money, and an audit trail and histories that agree.
pub fn run_live(d: &Dataset) -> Vec<RuleResult> {
    let rules: Vec<Rule> = vec![
        IDS_UNIQUE,
        USERS_IDENTITY,
        METRICS_GRID,
        METRICS_OUTCOMES,
        AGENTS_ROLLUP,
        COSTS_FORMULA,
        ("live.names", "agents that are not deleted have distinct names (any case), 1-80 characters", live_names),
        (
            "live.policy",
            "at least one admin; every agent that is not deleted runs on a model the workspace allows",
            live_policy,
        ),
        (
            "live.audit",
            "entries in time order, none after the write clock; each actor exists; targets exist",
            live_audit,
        ),
        (
            "live.status_history",
            "each agent's history is in time order and ends in its status; user changes match its lifecycle entries",
            live_status_history,
        ),
        (
            "conversations.agree",
            "each record is one of its agent-day's conversations: per day, outcome, error type, sentiment and resolution never exceed the telemetry's counts; timing and tokens add up",
            conversations_agree,
        ),
        (
            "live.conversations",
            "records in start order (then id), each starting inside the window and ending by now",
            live_conversations,
        ),
        TRACES_RECONCILE,
    ];
    rules.into_iter().map(|(name, requirement, rule)| RuleResult { name, requirement, outcome: rule(d) }).collect()
}

fn live_conversations(d: &Dataset) -> Outcome {
    if !in_order(&d.conversations, |a, b| (a.started_at, a.id) <= (b.started_at, b.id)) {
        return fail("records are not ordered by start time".into());
    }
    let start = d.window.start();
    if let Some(c) = d.conversations.iter().find(|c| c.started_at < start || c.ended_at > d.now) {
        return fail(format!(
            "conversation {} runs {} .. {}, outside the window up to {}",
            c.id, c.started_at, c.ended_at, d.now
        ));
    }
    Ok(format!("{} records up to {}", d.conversations.len(), d.now))
}

fn live_names(d: &Dataset) -> Outcome {
    let mut seen = BTreeSet::new();
    let live: Vec<&super::Agent> = d.agents.iter().filter(|a| a.deleted_at.is_none()).collect();
    for a in &live {
        let length = a.name.chars().count();
        if !(1..=80).contains(&length) {
            return fail(format!("{:?} is {length} characters", a.name));
        }
        if !seen.insert(a.name.to_lowercase()) {
            return fail(format!("two agents are named {:?}", a.name));
        }
    }
    Ok(format!("{} distinct names", live.len()))
}

fn live_policy(d: &Dataset) -> Outcome {
    let admins = d.users.iter().filter(|u| u.role == Role::Admin).count();
    if admins == 0 {
        return fail("no admin".into());
    }
    let allowed = &d.workspace.allowed_models;
    if let Some(a) = d.agents.iter().find(|a| a.deleted_at.is_none() && !allowed.contains(&a.model)) {
        return fail(format!("{} runs {}, which the policy does not allow", a.name, a.model.id()));
    }
    Ok(format!("{admins} admins; {} models allowed", allowed.len()))
}

fn live_audit(d: &Dataset) -> Outcome {
    let mut previous = None;
    for l in &d.audit_logs {
        if previous.is_some_and(|p| l.created_at < p) || l.created_at > d.now {
            return fail(format!("entry {} at {} is out of order", l.id, l.created_at));
        }
        previous = Some(l.created_at);
        if d.users.get(l.actor as usize).is_none() {
            return fail(format!("entry {} has no actor", l.id));
        }
        let exists = match l.target {
            Some(AuditTarget::Agent(a)) => (a as usize) < d.agents.len(),
            Some(AuditTarget::User(u)) => (u as usize) < d.users.len(),
            None => true,
        };
        if !exists {
            return fail(format!("entry {} points at nothing", l.id));
        }
    }
    Ok(format!("{} entries up to {}", d.audit_logs.len(), d.now))
}

fn live_status_history(d: &Dataset) -> Outcome {
    let entries = entries_by_agent(d);
    for (a, agent) in d.agents.iter().enumerate() {
        let history = &agent.status_changes;
        if !history.iter().zip(history.iter().skip(1)).all(|(a, b)| a.at <= b.at) {
            return fail(format!("{}'s history is not in time order", agent.name));
        }
        if history.back().map(|c| c.status) != Some(agent.status) {
            return fail(format!("{}'s history does not end in {}", agent.name, agent.status.as_str()));
        }
        // A deletion stops a running agent: a change by a user whose entry
        // (`agent.deleted`) names no target.
        let deletion = usize::from(agent.deleted_at.is_some() && history.back().is_some_and(|c| c.reason == "Deleted"));
        let by_users = history.iter().filter(|c| c.actor.is_some()).count();
        let audited = entries[a]
            .iter()
            .filter(|l| {
                matches!(l.action, AuditAction::AgentCreated | AuditAction::AgentStarted | AuditAction::AgentStopped)
            })
            .count();
        if by_users != audited + deletion {
            return fail(format!("{}: {by_users} changes by users, {audited} lifecycle entries", agent.name));
        }
    }
    Ok(format!("{} histories", d.agents.len()))
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
    let company = &d.workspace.company;
    let mut prompts = std::collections::BTreeSet::new();
    for a in &d.agents {
        let profile = a.kind.profile();
        if !profile.descriptions.iter().any(|base| a.description.starts_with(base)) {
            return fail(format!("{}: description is not one of its kind's", a.name));
        }
        let prompt = &a.config.system_prompt;
        if !prompt.contains(&a.name) || !prompt.contains(company.as_str()) || !prompts.insert(prompt.as_str()) {
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

fn agents_prompt_history(d: &Dataset) -> Outcome {
    let mut updates = 0;
    for (a, entries) in d.agents.iter().zip(entries_by_agent(d)) {
        let versions: Vec<u32> = entries
            .iter()
            .filter_map(|l| match &l.details {
                AuditDetails::AgentUpdated { field: "systemPrompt", prompt } => {
                    Some(prompt.as_ref().map_or(0, |p| p.0))
                }
                _ => None,
            })
            .collect();
        let numbered = versions.iter().enumerate().all(|(i, &v)| v == i as u32 + 2);
        if !numbered || a.config.prompt_version != versions.len() as u32 + 1 {
            return fail(format!("{}: prompt version {} after updates {versions:?}", a.name, a.config.prompt_version));
        }
        updates += versions.len();
    }
    Ok(format!("{updates} prompt updates"))
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

fn agents_active_period(d: &Dataset) -> Outcome {
    active_period_where(d, |_| None)
}

/// `agents.active_period`, with `own(agent)` judging the agents a scenario
/// gives another active period (`Some(ok)`).
fn active_period_where(d: &Dataset, own: impl Fn(usize) -> Option<bool>) -> Outcome {
    let w = &d.window;
    for (i, a) in d.agents.iter().enumerate() {
        let ok = a.created_at < a.last_active_at
            && own(i).unwrap_or_else(|| match a.status {
                AgentStatus::Active => {
                    a.last_active_at >= w.anchor - TimeDelta::seconds(LAST_SEEN_SECONDS) && a.last_active_at < w.anchor
                }
                AgentStatus::Error => {
                    a.last_active_at >= w.day_start(w.last_day().saturating_sub(INCIDENT_LATEST_DAYS))
                        && a.last_active_at < w.anchor_day_start()
                }
                AgentStatus::Inactive => {
                    a.last_active_at >= a.created_at + TimeDelta::days(14)
                        && a.last_active_at <= w.anchor - TimeDelta::days(2)
                }
            });
        if !ok {
            return fail(format!("{} ({}) active {} .. {}", a.name, a.status.as_str(), a.created_at, a.last_active_at));
        }
    }
    let stopped_in_window =
        d.agents.iter().filter(|a| a.status == AgentStatus::Inactive && a.last_active_at >= w.start()).count();
    Ok(format!("{} agents; {stopped_in_window} stopped inside the window", d.agents.len()))
}

fn agent_rows(d: &Dataset, agent: usize) -> super::Span<'_, super::DailyMetric> {
    d.agent_days(agent as u32)
}

/// Whether every consecutive pair of a table's rows is in order.
fn in_order<T: Clone>(rows: &super::Table<T>, ordered: impl Fn(&T, &T) -> bool) -> bool {
    rows.iter().zip(rows.iter().skip(1)).all(|(a, b)| ordered(a, b))
}

fn agents_rollup(d: &Dataset) -> Outcome {
    for (i, a) in d.agents.iter().enumerate() {
        let expected = roll_up(agent_rows(d, i).iter());
        if a.metrics != expected {
            return fail(format!("{}: summary {:?} != roll-up {:?}", a.name, a.metrics, expected));
        }
    }
    let total: u64 = d.agents.iter().map(|a| a.metrics.total_conversations).sum();
    Ok(format!("{total} conversations rolled up"))
}

fn agents_status_history(d: &Dataset) -> Outcome {
    let entries = entries_by_agent(d);
    let mut pauses = Vec::new();
    for (a, agent) in d.agents.iter().enumerate() {
        let history = &agent.status_changes;
        let Some(first) = history.front() else { return fail(format!("{} has no status history", agent.name)) };
        if first.status != AgentStatus::Active || first.at != agent.created_at || first.actor != Some(agent.created_by)
        {
            return fail(format!("{}'s history does not start with its creation", agent.name));
        }
        if !history.iter().zip(history.iter().skip(1)).all(|(a, b)| a.at <= b.at) {
            return fail(format!("{}'s history is not in time order", agent.name));
        }
        if history.back().map(|c| c.status) != Some(agent.status) {
            return fail(format!("{}'s history does not end in {}", agent.name, agent.status.as_str()));
        }
        let by_users = history.iter().filter(|c| c.actor.is_some()).count();
        let audited = entries[a]
            .iter()
            .filter(|l| {
                matches!(l.action, AuditAction::AgentCreated | AuditAction::AgentStarted | AuditAction::AgentStopped)
            })
            .count();
        if by_users != audited {
            return fail(format!("{}: {by_users} changes by users, {audited} audit entries", agent.name));
        }
        if agent.status == AgentStatus::Error {
            let (Some(incident), Some(last)) = (&agent.incident, history.back()) else {
                return fail(format!("error agent {} has no incident", agent.name));
            };
            let named = last.reason.contains(&incident.dominant.as_str().to_lowercase());
            if last.actor.is_some() || last.at != agent.last_active_at || !named {
                return fail(format!("{}'s pause does not name its incident: {}", agent.name, last.reason));
            }
            // The pause follows failures the platform saw, and says so (a
            // generated pause; the simulator's cite their own live counts).
            let (total, failed) = super::audit::pause_window(&d.window, &rows_of(d, a), agent, incident);
            let cited = last.reason.contains(&format!("{failed} of the {total} conversations"));
            // At least PAUSE_LEAST, or all the pause day's traffic (a quiet
            // early morning on the anchor's day may have fewer).
            let day_total = d
                .window
                .day_of_instant(incident.failed_at)
                .map_or(0, |day| agent_rows(d, a).get(day as usize).map_or(0, |m| m.conversations));
            let least = PAUSE_LEAST.min(day_total).max(1);
            let generated = incident.failed_at <= d.params.anchor;
            if generated && (total < least || failed * 2 < total || !cited) {
                return fail(format!(
                    "{}'s pause window holds {failed} failures in {total} conversations; its reason: {}",
                    agent.name, last.reason
                ));
            }
            if generated {
                pauses.push(format!("{failed}/{total}"));
            }
        }
    }
    let changes: usize = d.agents.iter().map(|a| a.status_changes.len()).sum();
    Ok(format!("{changes} status changes; pauses on {} failed in their window", pauses.join(", ")))
}

/// An agent's daily metrics as a vector (its rows of the grid).
fn rows_of(d: &Dataset, agent: usize) -> Vec<super::DailyMetric> {
    agent_rows(d, agent).iter().cloned().collect()
}

fn metrics_activity(d: &Dataset) -> Outcome {
    for m in &d.daily_metrics {
        let agent = &d.agents[m.agent as usize];
        let day = d.window.day_of(m.date).unwrap_or(0);
        let active = is_active_day(&d.window, agent, day);
        let whole = is_whole_day(&d.window, agent, day);
        let empty = m.conversations == 0 && m.messages == 0 && m.replies == 0 && m.total_tokens_input == 0;
        if (whole && m.conversations == 0) || (!active && !empty) {
            return fail(format!(
                "{} on {}: active={active} but {} conversations",
                agent.name, m.date, m.conversations
            ));
        }
        let end = traffic_end(&d.window, agent);
        for hour in 0..24 {
            if m.hourly[hour as usize] > 0 && d.window.hour_coverage(day, hour, end) == 0.0 {
                return fail(format!("{} on {}: traffic at {hour}:00, after its last activity", agent.name, m.date));
            }
        }
    }
    let active_days = d.daily_metrics.iter().filter(|m| m.conversations > 0).count();
    Ok(format!("{active_days} agent-days with traffic"))
}

fn metrics_outcomes(d: &Dataset) -> Outcome {
    for m in &d.daily_metrics {
        let sum = |v: &[u32]| v.iter().map(|&x| x as u64).sum::<u64>();
        let hours = |v: &[u16; 24]| v.iter().map(|&x| x as u64).sum::<u64>();
        let n = m.conversations as u64;
        let ok = m.succeeded as u64 + sum(&m.errors) == n
            && sum(&m.sentiments) == n
            && m.resolved <= m.succeeded
            && hours(&m.hourly) == n
            && hours(&m.hourly_failed) == m.failed() as u64
            && m.hourly_failed.iter().zip(&m.hourly).all(|(f, h)| f <= h)
            && m.latency.total() == m.replies as u64
            && m.durations.total() == n
            && m.replies <= m.messages / 2
            && (m.replies == 0) == (m.latency_sum_ms == 0);
        if !ok {
            return fail(format!("{} on {}: counts do not add up", d.agents[m.agent as usize].name, m.date));
        }
    }
    let failed: u64 = d.daily_metrics.iter().map(|m| m.failed() as u64).sum();
    let total: u64 = d.daily_metrics.iter().map(|m| m.conversations as u64).sum();
    Ok(format!("{failed} of {total} conversations failed"))
}

fn metrics_ranges(d: &Dataset) -> Outcome {
    ranges_where(d, |_, _| true)
}

/// `metrics.ranges` over the rows `keep(agent, day)` takes.
fn ranges_where(d: &Dataset, keep: impl Fn(usize, u32) -> bool) -> Outcome {
    let mut checked = 0;
    for m in &d.daily_metrics {
        let agent = &d.agents[m.agent as usize];
        let day = d.window.day_of(m.date).unwrap_or(0);
        if !is_whole_day(&d.window, agent, day)
            || !is_healthy_day(&d.window, agent, day)
            || !keep(m.agent as usize, day)
        {
            continue;
        }
        let (Some(rt), Some(sr)) = (m.avg_response_time(), m.success_rate()) else {
            return fail(format!("{} on {}: no traffic on a whole day", agent.name, m.date));
        };
        let (lo, hi) = CONVERSATIONS_PER_DAY;
        if !(lo..=hi).contains(&m.conversations) || !(RESPONSE_TIME_MS.0..=RESPONSE_TIME_MS.1).contains(&rt) {
            return fail(format!("{} on {}: {} conversations, {rt:.1} ms", agent.name, m.date, m.conversations));
        }
        if !(SUCCESS_RATE.0..=SUCCESS_RATE.1 + 1e-12).contains(&sr) {
            return fail(format!("{} on {}: success rate {sr:.4}", agent.name, m.date));
        }
        checked += 1;
    }
    Ok(format!("{checked} whole healthy agent-days in range"))
}

fn metrics_partial_day(d: &Dataset) -> Outcome {
    let w = &d.window;
    let last = w.last_day();
    let anchor_hour = w.anchor.hour();
    let mut today = 0.0;
    let mut usual = 0.0;
    for (a, agent) in d.agents.iter().enumerate() {
        let rows = agent_rows(d, a);
        let m = &rows[last as usize];
        for hour in 0..24u32 {
            if m.hourly[hour as usize] > 0 && (hour > anchor_hour || w.hour_coverage(last, hour, w.anchor) == 0.0) {
                return fail(format!("{} has traffic at {hour}:00 on the anchor's day, after the anchor", agent.name));
            }
        }
        // The same weekday a week before, over the hours covered today.
        if agent.status == AgentStatus::Active && last >= 7 {
            let week_before = &rows[(last - 7) as usize];
            let covered: f64 =
                (0..24u32).map(|h| week_before.hourly[h as usize] as f64 * w.hour_coverage(last, h, w.anchor)).sum();
            today += m.conversations as f64;
            usual += covered;
        }
    }
    if usual < 20.0 {
        return Ok(format!("{today} conversations today (too early in the day to compare)"));
    }
    // A holiday (or the festive week) on one side only makes the week
    // before no measure of today.
    if last >= 7 {
        let (now, then) = (w.local_hours(last), w.local_hours(last - 7));
        let covered = (0..24).filter(|&h| w.hour_coverage(last, h as u32, w.anchor) > 0.0);
        if covered.clone().any(|h| now[h].0 != then[h].0) {
            return Ok(format!("{today} conversations today; a holiday on one side: not compared with a week before"));
        }
    }
    // 1.7: a heavy-tailed fleet's few busiest agents make a day's hours
    // noisier. Under 100 conversations a week before (an anchor early in
    // the day, a small fleet) the two counts' own chance moves the ratio
    // too: the band widens by three standard deviations of its logarithm
    // (27 against 51 is a 1.9x that chance and one evening's mood make).
    let spread = if usual < 100.0 { (3.0 / usual.sqrt()).exp() } else { 1.0 };
    let band = (0.5 / spread, 1.7 * spread);
    within(&format!("today / the same hours a week before ({today} / {usual:.0})"), today / usual, band)
}

fn metrics_output_ratio_moves(d: &Dataset) -> Outcome {
    let days = d.window.days as usize;
    let ratio = |input: u64, output: u64| output as f64 / input.max(1) as f64;
    let mut fleet = vec![(0u64, 0u64, 0u64); days];
    let mut spans = Vec::new();
    for a in 0..d.agents.len() {
        let (mut lo, mut hi) = (f64::INFINITY, 0.0f64);
        for m in agent_rows(d, a).iter().filter(|m| m.conversations >= 10) {
            let Some(day) = d.window.day_of(m.date) else { continue };
            let f = &mut fleet[day as usize];
            (f.0, f.1, f.2) = (f.0 + m.total_tokens_input, f.1 + m.total_tokens_output, f.2 + m.conversations as u64);
            let r = ratio(m.total_tokens_input, m.total_tokens_output);
            (lo, hi) = (lo.min(r), hi.max(r));
        }
        if hi > 0.0 {
            spans.push(hi - lo);
        }
    }
    let daily: Vec<f64> = fleet.iter().filter(|f| f.2 >= 200).map(|f| ratio(f.0, f.1)).collect();
    if daily.len() < 14 || spans.is_empty() {
        return Ok(format!("{} days of 200 conversations: too few to judge", daily.len()));
    }
    let (lo, hi) = daily.iter().fold((f64::INFINITY, 0.0f64), |(lo, hi), &r| (lo.min(r), hi.max(r)));
    spans.sort_by(f64::total_cmp);
    let median = spans[spans.len() / 2];
    let shown = format!(
        "fleet's daily output/input {lo:.3}-{hi:.3} over {} days; the median agent's days span {median:.3}",
        daily.len()
    );
    if hi - lo >= 0.015 && median >= 0.04 { Ok(shown) } else { fail(shown) }
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

/// Mean of `value` over whole active agent-days, split into (working day,
/// weekend or holiday).
fn working_quiet_means(d: &Dataset, value: impl Fn(usize) -> f64) -> (f64, f64) {
    working_quiet_means_where(d, |_| true, value)
}

/// [`working_quiet_means`] over the rows `keep` takes.
fn working_quiet_means_where(d: &Dataset, keep: impl Fn(usize) -> bool, value: impl Fn(usize) -> f64) -> (f64, f64) {
    let mut sums = [(0.0, 0usize); 2];
    for (row, m) in d.daily_metrics.iter().enumerate() {
        let day = d.window.day_of(m.date).unwrap_or(0);
        if !is_whole_day(&d.window, &d.agents[m.agent as usize], day) || !keep(row) {
            continue;
        }
        let quiet = usize::from(is_quiet_day(m.date));
        sums[quiet].0 += value(row);
        sums[quiet].1 += 1;
    }
    let mean = |(sum, n): (f64, usize)| if n == 0 { 0.0 } else { sum / n as f64 };
    (mean(sums[0]), mean(sums[1]))
}

fn metrics_weekend_dip(d: &Dataset) -> Outcome {
    let ([working, weekend], [_, weekend_days]) =
        working_weekend_means(d, |row| d.daily_metrics[row].conversations as f64);
    // A small fleet's few weekend days are noisier.
    // A small fleet of mostly internal tools cannot reach the fleet's 2x:
    // its tools' weekends stop at their calibration cap.
    // Sized to the sample: each kind draws its weekend from its own range
    // (HR onboarding 0.14-0.22 of a working day, customer support
    // 0.74-0.88), so a fleet's mix of kinds moves its ratio around the
    // seed's 2x (2.34 on a 20-agent fleet of the sweep, with quiet days banded above the floor).
    let band = if weekend_days >= 100 { (1.6, 2.4) } else { (1.5, 3.1) };
    within(&format!("working day/weekend day ({weekend_days} weekend agent-days)"), ratio(working, weekend), band)
}

/// Mean of `value` over whole active agent-days, split into (working day,
/// weekend day), and the agent-days of each: holidays and the festive week
/// left out.
fn working_weekend_means(d: &Dataset, value: impl Fn(usize) -> f64) -> ([f64; 2], [usize; 2]) {
    let mut sums = [(0.0, 0usize); 2];
    for (row, m) in d.daily_metrics.iter().enumerate() {
        let day = d.window.day_of(m.date).unwrap_or(0);
        let slot = match day_type(m.date) {
            DayType::Working => 0,
            DayType::Weekend => 1,
            _ => continue,
        };
        if is_whole_day(&d.window, &d.agents[m.agent as usize], day) {
            sums[slot].0 += value(row);
            sums[slot].1 += 1;
        }
    }
    let mean = |(sum, n): (f64, usize)| if n == 0 { 0.0 } else { sum / n as f64 };
    ([mean(sums[0]), mean(sums[1])], [sums[0].1, sums[1].1])
}

fn metrics_holidays(d: &Dataset) -> Outcome {
    let holidays: Vec<u32> =
        (0..d.window.days).filter(|&day| !d.window.is_weekend(day) && holiday(d.window.date(day)).is_some()).collect();
    if holidays.is_empty() {
        return Ok("no weekday holiday in the window".into());
    }
    let (working, _) = working_quiet_means(d, |row| d.daily_metrics[row].conversations as f64);
    let per_day: Vec<f64> = holidays
        .iter()
        .map(|&day| {
            let rows: Vec<&super::DailyMetric> = (0..d.agents.len())
                .filter(|&a| is_whole_day(&d.window, &d.agents[a], day))
                .map(|a| &d.daily_metrics[d.grid_row(a as u32, day)])
                .collect();
            rows.iter().map(|m| m.conversations as f64).sum::<f64>() / rows.len().max(1) as f64
        })
        .collect();
    let worst = per_day.iter().copied().fold(0.0, f64::max) / working;
    let names: Vec<&str> = holidays.iter().filter_map(|&day| holiday(d.window.date(day))).collect();
    let shown = format!("{}: at most {worst:.2}x a working day", names.join(", "));
    if worst < 0.75 { Ok(shown) } else { fail(shown) }
}

/// Second-half over first-half ratio of a per-day series, each day divided by
/// its usual weight (weekends and holidays by the series' own quiet/working
/// ratio; the partial anchor day is left out) so the calendar cancels out.
fn half_over_half(d: &Dataset, per_day: &[f64]) -> f64 {
    let days = d.window.last_day() as usize;
    let quiet = |day: usize| is_quiet_day(d.window.date(day as u32));
    let mean_of = |want: bool| {
        let v: Vec<f64> = (0..days).filter(|&day| quiet(day) == want).map(|day| per_day[day]).collect();
        v.iter().sum::<f64>() / v.len().max(1) as f64
    };
    let quiet_factor = ratio(mean_of(true), mean_of(false)).clamp(0.1, 1.0);
    let mut halves = [(0.0, 0.0); 2];
    for (day, value) in per_day.iter().enumerate().take(days) {
        if days % 2 == 1 && day == days / 2 {
            continue;
        }
        let half = usize::from(day >= days / 2 + days % 2);
        let factor = if quiet(day) { quiet_factor } else { 1.0 };
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
    // A handful of agents over two weeks carries a tenth's growth between
    // its halves under a few percent of noise: it need only not shrink.
    let lo = if small_fleet(d) { 1.0 } else { 1.01 };
    within("second/first half", half_over_half(d, &per_day), (lo, 1.35))
}

/// Fewer active agents than the default fleet's 14, or a window under
/// three weeks: fleet-wide shapes are judged as the small samples they are.
fn small_fleet(d: &Dataset) -> bool {
    active_agents(d) < SKEW_DEFAULT_FLEET || d.window.days < 21
}

/// How many agents are active.
fn active_agents(d: &Dataset) -> usize {
    d.agents.iter().filter(|a| a.status == AgentStatus::Active).count()
}

/// The fleet's conversations by local hour of the home zone, over the
/// rows `keep` takes.
fn local_hours_where(d: &Dataset, keep: impl Fn(&super::DailyMetric) -> bool) -> [f64; 24] {
    let mut hours = [0.0f64; 24];
    for m in d.daily_metrics.iter().filter(|m| keep(m)) {
        let Some(day) = d.window.day_of(m.date) else { continue };
        let local = d.window.local_hours(day);
        for (h, &c) in m.hourly.iter().enumerate() {
            hours[local[h].1 as usize] += c as f64;
        }
    }
    hours
}

fn metrics_diurnal(d: &Dataset) -> Outcome {
    let hours = local_hours_where(d, |_| true);
    let business: f64 = hours[9..17].iter().sum::<f64>() / 8.0;
    let other: f64 = (hours[..9].iter().chain(&hours[17..])).sum::<f64>() / 16.0;
    let r = ratio(business, other);
    let ramp = hours[6] < hours[8] && hours[8] < hours[10];
    // The lunch dip is the office's: customers take their lunch break to
    // write in (their 11:00-13:00 bump), so a fleet heavy with
    // customer-facing agents fills the office's dip. Judged on the
    // internal tools' hours.
    let office = local_hours_where(d, |m| Audience::of(d.agents[m.agent as usize].kind) == Audience::Employees);
    let lunch = office[12].min(office[13]);
    let dip = lunch < office[11].max(office[10]) && lunch < office[14].max(office[15]);
    let tail = hours[22] < hours[18] && hours[3] < hours[20];
    // A small fleet's curve is a few agents' own: the office's lunch dip
    // vanishes when its busiest agents are the shop's.
    let dip = dip || small_fleet(d);
    let missing: Vec<&str> = [(ramp, "ramp"), (dip, "lunch dip"), (tail, "evening tail")]
        .into_iter()
        .filter(|(ok, _)| !ok)
        .map(|(_, name)| name)
        .collect();
    let peak = (0..24).max_by(|&a, &b| hours[a].total_cmp(&hours[b])).unwrap_or(0);
    let shown = format!("business/other {r:.2}; busiest local hour {peak}:00; missing: {missing:?}");
    // A handful of agents draws the fleet's curve from a few agents' own.
    // Heavy-tailed popularity lets the busiest agents' own curves weigh.
    let band = if small_fleet(d) { 2.2..=4.0 } else { 2.4..=3.7 };
    if band.contains(&r) && missing.is_empty() && BUSINESS_HOURS.contains(&(peak as u32)) {
        Ok(shown)
    } else {
        fail(shown)
    }
}

/// Per whole active agent-day of the agents `audience` talks to: conversations
/// on working days and on weekends.
fn audience_week(d: &Dataset, audience: Audience) -> (f64, f64, usize) {
    let mut sums = [(0.0, 0usize); 2];
    for m in &d.daily_metrics {
        let agent = &d.agents[m.agent as usize];
        let day = d.window.day_of(m.date).unwrap_or(0);
        let ours = Audience::of(agent.kind) == audience;
        let slot = match day_type(m.date) {
            DayType::Working => 0,
            DayType::Weekend => 1,
            _ => continue,
        };
        // Stars aside: their floor of 40 a day holds at weekends too.
        if ours && agent.performance != Performance::Star && is_whole_day(&d.window, agent, day) {
            sums[slot].0 += m.conversations as f64;
            sums[slot].1 += 1;
        }
    }
    (sums[0].0 / sums[0].1.max(1) as f64, sums[1].0 / sums[1].1.max(1) as f64, sums[1].1)
}

fn calendar_audiences(d: &Dataset) -> Outcome {
    let (cw, ce, cn) = audience_week(d, Audience::Customers);
    let (ew, ee, en) = audience_week(d, Audience::Employees);
    let (customers, employees) = (ratio(ce, cw), ratio(ee, ew));
    let share = |r: f64, n: usize| if n == 0 { "none".to_string() } else { format!("{r:.2}") };
    let shown = format!(
        "weekend/working day: customer-facing agents {} ({cn} agent-days), internal tools {} ({en})",
        share(customers, cn),
        share(employees, en)
    );
    // A handful of agent-days is too noisy to judge (a smallest fleet's
    // one shop assistant over two weekends swings past 1.0).
    let judged = |n: usize| n >= 12;
    // An internal tool's weekend day rests on the seed's floor: its
    // natural 4 to 10 conversations sit at 10 to 14 in the band above it
    // (see `metrics::banded`), a little over two fifths of a quiet tool's
    // working day. (A small fleet of mostly internal tools keeps the
    // seed's fleet-wide 2x only by taking its tools' weekends to their
    // calibration cap, which the floor lifts further.)
    let internal_most = if small_fleet(d) { 0.5 } else { 0.45 };
    if (judged(cn) && !(0.45..=1.0).contains(&customers)) || (judged(en) && employees > internal_most) {
        return fail(shown);
    }
    Ok(shown)
}

fn calendar_festive(d: &Dataset) -> Outcome {
    // The median agent-day (stars' floor of 60 a day lifts the mean) of one
    // audience: customer-facing agents on Christmas and weekends, internal
    // tools (the office empties) between Christmas and New Year and on
    // working days.
    let median_day = |day: u32, audience: Audience| -> f64 {
        let mut rows: Vec<f64> = (0..d.agents.len())
            .filter(|&a| Audience::of(d.agents[a].kind) == audience)
            .filter(|&a| is_whole_day(&d.window, &d.agents[a], day))
            .map(|a| d.daily_metrics[d.grid_row(a as u32, day)].conversations as f64)
            .collect();
        rows.sort_by(f64::total_cmp);
        rows.get(rows.len() / 2).copied().unwrap_or(0.0)
    };
    let of_type = |want: fn(DayType) -> bool, audience: Audience| -> Vec<f64> {
        (0..d.window.last_day())
            .filter(|&day| want(day_type(d.window.date(day))))
            .map(|day| median_day(day, audience))
            .collect()
    };
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    let weekends = of_type(|t| t == DayType::Weekend, Audience::Customers);
    let christmas = of_type(|t| t == DayType::Holiday("Christmas Day"), Audience::Customers);
    let working = of_type(|t| t == DayType::Working, Audience::Employees);
    let festive = of_type(|t| t == DayType::Festive, Audience::Employees);
    if christmas.is_empty() && festive.is_empty() {
        return Ok("no Christmas in the window".into());
    }
    let (weekend, working) = (mean(&weekends), mean(&working));
    let shown = format!(
        "median customer-facing agent-day: Christmas Day {:.1}, weekend days {weekend:.1}; median internal tool's day: days between Christmas and New Year {:.1}, working days {working:.1}",
        mean(&christmas),
        mean(&festive)
    );
    // Judged when enough agents of the audience serve to have a median.
    let serving = |audience: Audience| {
        d.agents.iter().filter(|a| Audience::of(a.kind) == audience && a.status == AgentStatus::Active).count()
    };
    if (!christmas.is_empty() && serving(Audience::Customers) >= 5 && mean(&christmas) > 0.6 * weekend)
        || (!festive.is_empty() && serving(Audience::Employees) >= 3 && mean(&festive) > 0.7 * working)
    {
        return fail(shown);
    }
    Ok(shown)
}

/// Conversations by local hour per whole local date of the home zone, of
/// the agents `audience` talks to (the anchor's day and the window's
/// partial first local date left out).
fn local_days(d: &Dataset, audience: Audience) -> BTreeMap<chrono::NaiveDate, [f64; 24]> {
    let mut days: BTreeMap<chrono::NaiveDate, ([f64; 24], u32)> = BTreeMap::new();
    for m in d.daily_metrics.iter().filter(|m| Audience::of(d.agents[m.agent as usize].kind) == audience) {
        let Some(day) = d.window.day_of(m.date).filter(|&day| day < d.window.last_day()) else { continue };
        for (h, &c) in m.hourly.iter().enumerate() {
            let (date, hour) = d.window.local_hour(day, h as u32);
            days.entry(date).or_default().0[hour as usize] += c as f64;
        }
    }
    // Each local hour is covered once per agent: keep the dates whose 24
    // hours all fell inside the whole UTC days.
    let mut covered: BTreeMap<chrono::NaiveDate, u32> = BTreeMap::new();
    for day in 0..d.window.last_day() {
        for h in 0..24 {
            *covered.entry(d.window.local_hour(day, h).0).or_default() += 1;
        }
    }
    days.into_iter()
        .filter(|(date, _)| covered.get(date) == Some(&24))
        .map(|(date, (hours, _))| (date, hours))
        .collect()
}

fn correlation(a: &[f64; 24], b: &[f64; 24]) -> f64 {
    let mean = |v: &[f64; 24]| v.iter().sum::<f64>() / 24.0;
    let (ma, mb) = (mean(a), mean(b));
    let (mut ab, mut aa, mut bb) = (0.0, 0.0, 0.0);
    for h in 0..24 {
        ab += (a[h] - ma) * (b[h] - mb);
        aa += (a[h] - ma).powi(2);
        bb += (b[h] - mb).powi(2);
    }
    if aa == 0.0 || bb == 0.0 { 0.0 } else { ab / (aa * bb).sqrt() }
}

fn calendar_day_shapes(d: &Dataset) -> Outcome {
    let mut shown = Vec::new();
    let mut failed = false;
    for audience in Audience::ALL {
        let days = local_days(d, audience);
        let of = |want: DayType| -> Vec<&[f64; 24]> {
            days.iter()
                .filter(|(date, h)| day_type(**date) == want && h.iter().sum::<f64>() >= 150.0)
                .map(|(_, h)| h)
                .collect()
        };
        let (working, weekends) = (of(DayType::Working), of(DayType::Weekend));
        let name = if audience == Audience::Customers { "customer-facing" } else { "internal" };
        if working.len() < 5 {
            shown.push(format!("{name}: too few busy working days"));
            continue;
        }
        let sum = |days: &[&[f64; 24]]| -> [f64; 24] { std::array::from_fn(|h| days.iter().map(|d| d[h]).sum()) };
        let mean = sum(&working);
        let mut each: Vec<f64> = working.iter().map(|day| correlation(day, &mean)).collect();
        each.sort_by(f64::total_cmp);
        let median = each[each.len() / 2];
        let weekend = (weekends.len() >= 2).then(|| correlation(&sum(&weekends), &mean));
        let weekend_bound = if audience == Audience::Customers { 0.95 } else { 0.9 };
        failed |= median > 0.96 || weekend.is_some_and(|r| r > weekend_bound);
        shown.push(format!(
            "{name}: working days against their mean {:.3}-{:.3} (median {median:.3}), weekends {}",
            each[0],
            each[each.len() - 1],
            weekend.map_or("not judged".into(), |r| format!("{r:.3}"))
        ));
    }
    let shown = shown.join("; ");
    if failed { fail(shown) } else { Ok(shown) }
}

/// Each agent's conversations per whole local date of the home zone: the
/// dates whose 24 local hours all fall in whole days of the agent (stars
/// aside: their floor of 60 a day flattens their week).
fn agent_local_days(d: &Dataset) -> Vec<BTreeMap<chrono::NaiveDate, f64>> {
    let days = d.window.days as usize;
    d.agents
        .iter()
        .enumerate()
        .map(|(a, agent)| {
            let mut dates: BTreeMap<chrono::NaiveDate, (f64, u32)> = BTreeMap::new();
            if agent.performance == Performance::Star {
                return BTreeMap::new();
            }
            for day in (0..d.window.days).filter(|&day| is_whole_day(&d.window, agent, day)) {
                let m = &d.daily_metrics[a * days + day as usize];
                for (h, &c) in m.hourly.iter().enumerate() {
                    let entry = dates.entry(d.window.local_hour(day, h as u32).0).or_default();
                    entry.0 += c as f64;
                    entry.1 += 1;
                }
            }
            dates.into_iter().filter(|(_, (_, hours))| *hours == 24).map(|(date, (n, _))| (date, n)).collect()
        })
        .collect()
}

/// Mean traffic per whole local working day of the agents `keep`
/// takes, each agent-day against its agent's mean working day, on each
/// weekday (Monday first), with the agent-days.
fn weekday_means(
    d: &Dataset,
    local: &[BTreeMap<chrono::NaiveDate, f64>],
    keep: impl Fn(&super::Agent) -> bool,
) -> [(f64, usize); 5] {
    let mut sums = [(0.0, 0usize); 5];
    for (_, dates) in local.iter().enumerate().filter(|(a, _)| keep(&d.agents[*a])) {
        let working: Vec<(chrono::NaiveDate, f64)> = dates
            .iter()
            .filter(|(date, _)| day_type(**date) == DayType::Working)
            .map(|(&date, &n)| (date, n))
            .collect();
        // Each agent-day against its agent's mean working day: a busy
        // agent's week weighs as much as a quiet one's, so a fleet whose
        // busiest internal tools happen to be expense bots still shows the
        // fleet's week, not theirs.
        let mean = working.iter().map(|(_, n)| n).sum::<f64>() / working.len().max(1) as f64;
        if mean <= 0.0 {
            continue;
        }
        for (date, n) in working {
            if let Some(slot) = sums.get_mut(date.weekday().num_days_from_monday() as usize) {
                slot.0 += n / mean;
                slot.1 += 1;
            }
        }
    }
    sums.map(|(sum, n)| (sum / n.max(1) as f64, n))
}

fn calendar_weeks(d: &Dataset) -> Outcome {
    let local = agent_local_days(d);
    let internal = weekday_means(d, &local, |a| Audience::of(a.kind) == Audience::Employees);
    let customers = weekday_means(d, &local, |a| Audience::of(a.kind) == Audience::Customers);
    let early = (internal[0].0 * internal[0].1 as f64 + internal[1].0 * internal[1].1 as f64)
        / (internal[0].1 + internal[1].1).max(1) as f64;
    let (staff, shop) = (ratio(early, internal[4].0), ratio(customers[0].0, customers[4].0));
    let judged = |means: &[(f64, usize); 5]| means[4].1 >= 16;
    let profile =
        |means: &[(f64, usize); 5]| means.iter().map(|(m, _)| format!("{m:.2}")).collect::<Vec<_>>().join("/");
    // Each kind's Monday over its Friday.
    let mut kinds: Vec<(f64, &str)> = AgentKind::ALL
        .into_iter()
        .filter_map(|kind| {
            let means = weekday_means(d, &local, |a| a.kind == kind);
            (means[0].1 >= 3 && means[4].1 >= 3).then(|| (ratio(means[0].0, means[4].0), kind.profile().base_name))
        })
        .collect();
    kinds.sort_by(|a, b| a.0.total_cmp(&b.0));
    let spread = match (kinds.first(), kinds.last()) {
        (Some(low), Some(high)) => ratio(high.0, low.0),
        _ => 0.0,
    };
    let ends = match (kinds.first(), kinds.last()) {
        (Some(low), Some(high)) => format!("{} {:.2} to {} {:.2}", low.1, low.0, high.1, high.0),
        _ => "none".into(),
    };
    let shown = format!(
        "per agent-day against its agent's mean working day, Mon/Tue/Wed/Thu/Fri: internal tools {} (Mon-Tue over Fri {staff:.2}), customer-facing {} (Mon over Fri {shop:.2}); Monday/Friday of {} kinds: {ends} ({spread:.2}x)",
        profile(&internal),
        profile(&customers),
        kinds.len()
    );
    // (Against 1.2-1.5 as drawn: a fleet whose expense bots, busiest on
    // Fridays, carry its internal traffic comes near 1.1.)
    let flat = (judged(&internal) && staff < 1.06) || (judged(&customers) && shop < 1.06);
    // (1.4: a fleet without HR onboarding's Mondays or the expense bots'
    // Fridays spans about 1.45 over half a year.)
    if flat || (kinds.len() >= 4 && spread < 1.4) { fail(shown) } else { Ok(shown) }
}

fn calendar_new_year(d: &Dataset) -> Outcome {
    let local = agent_local_days(d);
    let customers = (0..d.agents.len()).filter(|&a| Audience::of(d.agents[a].kind) == Audience::Customers);
    // Each customer-facing agent's first working day of January against
    // its own mean of the same weekday's other working days (so neither
    // the fleet's mix of busy and quiet agents nor the kinds' weeks stand
    // for the day).
    let mut ratios: Vec<f64> = Vec::new();
    let mut first = None;
    for a in customers {
        let Some((&date, &back)) = local[a].iter().find(|(date, _)| first_working_days_of_january(**date) == Some(1))
        else {
            continue;
        };
        let working: Vec<f64> = local[a]
            .iter()
            .filter(|(day, _)| day_type(**day) == DayType::Working && day.weekday() == date.weekday() && **day != date)
            .map(|(_, &c)| c)
            .collect();
        if working.len() >= 2 && d.agents[a].status == AgentStatus::Active {
            ratios.push(ratio(back, working.iter().sum::<f64>() / working.len() as f64));
            first = Some(date);
        }
    }
    let Some(first) = first else {
        return Ok("no whole first working day of January in the window".into());
    };
    ratios.sort_by(f64::total_cmp);
    let median = ratios[ratios.len() / 2];
    let shown = format!(
        "{first}: the median customer-facing agent at {median:.2}x its other {}s ({} agents)",
        first.weekday(),
        ratios.len()
    );
    if ratios.len() >= 4 && median < 1.15 { fail(shown) } else { Ok(shown) }
}

fn calendar_evening(d: &Dataset) -> Outcome {
    // (evening peak / late afternoon, conversations) of an audience's working days.
    let evening = |audience: Audience| {
        let mut hours = [0.0f64; 24];
        for (_, day) in local_days(d, audience).iter().filter(|(date, _)| day_type(**date) == DayType::Working) {
            for h in 0..24 {
                hours[h] += day[h];
            }
        }
        let peak = hours[19..=21].iter().copied().fold(0.0, f64::max);
        (ratio(peak, hours[15..=17].iter().sum::<f64>() / 3.0), hours.iter().sum::<f64>())
    };
    let ((customers, n), (staff, m)) = (evening(Audience::Customers), evening(Audience::Employees));
    let shown = format!(
        "working days' evening peak against the late afternoon: customer-facing {customers:.2}x ({n} conversations), internal tools {staff:.2}x ({m})"
    );
    let judged = n >= 2000.0 && m >= 2000.0;
    if judged && (customers < 0.6 || customers < staff + 0.2) { fail(shown) } else { Ok(shown) }
}

/// Popularity is heavy-tailed (a rank-size curve, not quotas): the busiest
/// active agent handles [`SKEW_RANGE`] times the quietest and
/// [`SKEW_TOP`] times the median; with [`SKEW_FLEET`] or more active
/// agents the stars are not simply the busiest (a steady agent is among as
/// many busiest as there are stars) and the top bends down instead of
/// levelling off (the busiest handles 1.15x the agent at the stars' count).
fn metrics_skew(d: &Dataset) -> Outcome {
    let mut active: Vec<(f64, bool)> = (0..d.agents.len())
        .filter(|&a| d.agents[a].status == AgentStatus::Active)
        .map(|a| (d.agents[a].metrics.total_conversations as f64, d.agents[a].performance == Performance::Star))
        .collect();
    active.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (Some(&(hi, _)), Some(&(lo, _))) = (active.first(), active.last()) else {
        return Ok("no active agents".into());
    };
    let median = active[active.len() / 2].0;
    let stars = active.iter().filter(|(_, star)| *star).count();
    let non_star_on_top = active.iter().take(stars).any(|(_, star)| !star);
    let at_stars = active.get(stars).map_or(hi, |v| v.0);
    let (range, top, bend) = (ratio(hi, lo), ratio(hi, median), ratio(hi, at_stars));
    let shown = format!(
        "busiest {hi} vs quietest {lo} conversations ({range:.2}x), {top:.2}x the median, {bend:.2}x the agent at rank {}; a steady agent among the {stars} busiest: {non_star_on_top}",
        stars + 1
    );
    // A fleet of a handful of agents is a small sample of the curve: its
    // busiest need only stand out (the seed's 10 agents have 7 active).
    let (want_range, want_top) = if active.len() >= SKEW_DEFAULT_FLEET { (SKEW_RANGE, SKEW_TOP) } else { (1.8, 1.1) };
    let large = active.len() >= SKEW_FLEET;
    let tail = range >= want_range && top >= want_top && (!large || (non_star_on_top && bend >= 1.15));
    if tail { Ok(shown) } else { fail(shown) }
}

/// See [`metrics_skew`].
const SKEW_RANGE: f64 = 2.5;
const SKEW_TOP: f64 = 1.3;
const SKEW_FLEET: usize = 100;
/// The default fleet's active agents: fewer are judged as a small sample.
const SKEW_DEFAULT_FLEET: usize = 14;

/// Success rates run on a continuum: the active agents' roll-ups leave no
/// gap between the steady agents and the stars (the best steady agent
/// reaches [`CONTINUUM_BEST_STEADY`]) and, with [`SKEW_FLEET`] or more active agents,
/// no two neighbouring roll-ups within 0.90-0.98 are more than
/// [`CONTINUUM_GAP`] apart. A small fleet's nine steady agents cannot show
/// a continuum, only that the steady band reaches up to the stars'.
fn metrics_success_continuum(d: &Dataset) -> Outcome {
    let mut rates: Vec<f64> = Vec::new();
    let mut best_steady = f64::NAN;
    for a in d.agents.iter().filter(|a| a.status == AgentStatus::Active) {
        let Some(rate) = a.metrics.success_rate() else { continue };
        rates.push(rate);
        if a.performance == Performance::Steady {
            best_steady = if best_steady.is_nan() { rate } else { best_steady.max(rate) };
        }
    }
    rates.sort_by(f64::total_cmp);
    // The steady band's interior: below it lie the seed's strugglers (a
    // quota), above it the stars.
    let inside: Vec<f64> = rates.iter().copied().filter(|r| (0.90..=0.98).contains(r)).collect();
    let gap = inside.windows(2).map(|w| w[1] - w[0]).fold(0.0, f64::max);
    let (lo, hi) = (rates.first().copied().unwrap_or(f64::NAN), rates.last().copied().unwrap_or(f64::NAN));
    let shown = format!(
        "{} active agents {lo:.4}-{hi:.4}; best steady agent {best_steady:.4}; widest gap within 0.90-0.98 {gap:.4}",
        rates.len()
    );
    let large = rates.len() >= SKEW_FLEET;
    // Fewer than the default fleet's nine steady agents show nothing.
    let small = rates.len() < SKEW_DEFAULT_FLEET;
    let meets = small || best_steady.is_nan() || best_steady >= CONTINUUM_BEST_STEADY;
    if meets && (!large || gap <= CONTINUUM_GAP) { Ok(shown) } else { fail(shown) }
}

/// See [`metrics_success_continuum`].
const CONTINUUM_BEST_STEADY: f64 = 0.95;
const CONTINUUM_GAP: f64 = 0.015;

/// The workspace's rate-limit storms: with 14 days or more at least one;
/// each starts at one of the home zone's busiest hours of a working day
/// ([`STORM_HOURS`]) and lasts at most an hour; in the hours a storm
/// covers by a quarter or more, agents without an incident of their own
/// fail at least twice as often as in the same local hours of other
/// working days, and failures hit many agents at once: the share of agents
/// with traffic in those hours that fail in them is at least 1.5x the
/// share in the same hours otherwise.
fn metrics_rate_limit_storms(d: &Dataset) -> Outcome {
    let w = &d.window;
    let storms = &d.providers.storms;
    if w.days >= 14 && storms.is_empty() {
        return fail(format!("no rate-limit storm in {} days", w.days));
    }
    for s in storms {
        if !in_working_hours(w, s.start, s.end, |h| STORM_HOURS.contains(&h), STORM_MINUTES.1) {
            return fail(format!("a storm from {} to {} ({} local)", s.start, s.end, w.local(s.start)));
        }
    }
    // Per (window day, UTC hour): whether a storm covers a quarter or more.
    let stormy = |day: u32, h: usize| {
        let start = w.day_start(day) + TimeDelta::hours(h as i64);
        d.providers.storms_covering(start).any(|(covered, _)| covered >= 0.25)
    };
    let storm_hours: BTreeSet<u32> = (0..w.days)
        .flat_map(|day| (0..24).filter(move |&h| stormy(day, h)).map(move |h| w.local_hour(day, h as u32).1))
        .collect();
    // [storm, other] × [conversations, failures]; agents hit / with traffic.
    let mut counts = [[0u64; 2]; 2];
    let mut hit = [[0u64; 2]; 2];
    for (row, m) in d.daily_metrics.iter().enumerate() {
        let agent = &d.agents[m.agent as usize];
        let day = (row % w.days as usize) as u32;
        if agent.incident.is_some() || day >= w.last_day() {
            continue;
        }
        let local = w.local_hours(day);
        for (h, &(day_type, hour)) in local.iter().enumerate() {
            if day_type != DayType::Working || !storm_hours.contains(&hour) {
                continue;
            }
            let start = w.day_start(day) + TimeDelta::hours(h as i64);
            let storm = stormy(day, h);
            if !storm
                && (d.providers.covering(agent.model, start).next().is_some()
                    || d.providers.storms_covering(start).next().is_some())
            {
                continue;
            }
            let k = usize::from(!storm);
            counts[k][0] += u64::from(m.hourly[h]);
            counts[k][1] += u64::from(m.hourly_failed[h]);
            if m.hourly[h] > 0 {
                hit[k][0] += 1;
                hit[k][1] += u64::from(m.hourly_failed[h] > 0);
            }
        }
    }
    let rate = |[n, f]: [u64; 2]| if n == 0 { 0.0 } else { f as f64 / n as f64 };
    let (storm, usual) = (rate(counts[0]), rate(counts[1]));
    let (reach, usual_reach) = (rate(hit[0]), rate(hit[1]));
    let shown = format!(
        "{} storms; storm hours fail {storm:.3} of calls, the same hours otherwise {usual:.3}; {} of {} agent-hours in storms had a failure ({:.0}%, otherwise {:.0}%)",
        storms.len(),
        hit[0][1],
        hit[0][0],
        100.0 * reach,
        100.0 * usual_reach
    );
    // The incident scenario's own outage (its agents ride it out, without
    // the workspace's weather) blurs the comparisons: they hold elsewhere.
    let outage = d.params.scenario == super::Scenario::Incident;
    // A fleet under the default's 14 active agents has few calls in a
    // storm's hours, and its usual failures come in runs (see
    // `metrics.failure_runs`) that can fill the same hours of another day.
    let judged_from = if active_agents(d) < SKEW_DEFAULT_FLEET { 60 } else { 30 };
    let clusters = outage || counts[0][0] < judged_from || storm >= 2.0 * usual;
    let many = outage || hit[0][0] < 20 || reach >= 1.5 * usual_reach;
    if clusters && many { Ok(shown) } else { fail(shown) }
}

/// Failures come in runs (a user retrying, a document or tool call that
/// trips the agent again, an outage, a storm, a provider incident), not
/// one by one at random: over the days of agents without an incident of
/// their own, the agent-hours with two or more failures are at least
/// [`RUNS_OVER_CHANCE`] times as many as chance gives (the day's failures
/// falling on its conversations at random; judged when chance gives
/// [`RUNS_JUDGED_FROM`] or more, with the default fleet's active agents or
/// more). A day with one failure shows nothing.
fn metrics_failure_runs(d: &Dataset) -> Outcome {
    let w = &d.window;
    let (mut observed, mut chance, mut failures) = (0u64, 0.0, 0u64);
    for (a, _) in d.agents.iter().enumerate().filter(|(_, a)| a.incident.is_none()) {
        for day in 0..w.last_day() {
            let m = &d.daily_metrics[d.grid_row(a as u32, day)];
            let (n, f) = (m.conversations, m.failed());
            failures += u64::from(f);
            if f < 2 {
                continue;
            }
            for (&k, &failed) in m.hourly.iter().zip(&m.hourly_failed).filter(|(k, _)| **k > 0) {
                chance += two_or_more(n, u32::from(k), f);
                observed += u64::from(failed >= 2);
            }
        }
    }
    let ratio = observed as f64 / chance;
    let shown = format!(
        "{failures} failures; {observed} agent-hours with two or more against {chance:.1} by chance ({ratio:.2}x)"
    );
    // A fleet under the default's 14 active agents has too few days of
    // two or more failures to tell runs from chance.
    let judged = chance >= RUNS_JUDGED_FROM && active_agents(d) >= SKEW_DEFAULT_FLEET;
    if !judged || ratio >= RUNS_OVER_CHANCE { Ok(shown) } else { fail(shown) }
}

/// The chance that an hour of `k` of a day's `n` conversations holds two
/// or more of its `f` failures, the failures falling at random
/// (hypergeometric: 1 - P(none) - P(one)).
fn two_or_more(n: u32, k: u32, f: u32) -> f64 {
    let (n, k, f) = (f64::from(n), f64::from(k), f64::from(f.min(n)));
    // P(none) = prod over i < f of (n - k - i) / (n - i); P(one) is
    // k f / (n - f + 1) times the same product over i < f - 1.
    let (mut none, mut all_but_last) = (1.0, 1.0);
    let mut i = 0.0;
    while i < f {
        let r = ((n - k - i) / (n - i)).max(0.0);
        none *= r;
        if i + 1.0 < f {
            all_but_last *= r;
        }
        i += 1.0;
    }
    let one = k * f / (n - f + 1.0) * all_but_last;
    (1.0 - none - one).max(0.0)
}

/// See [`metrics_failure_runs`].
const RUNS_OVER_CHANCE: f64 = 1.5;
const RUNS_JUDGED_FROM: f64 = 20.0;

/// Whether the workspace's weather from `start` to `end` starts on a
/// working day of the home zone, at a local hour `hours` allows, and lasts
/// at most `minutes` (and a minute).
fn in_working_hours(
    w: &super::Window,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    hours: impl Fn(u32) -> bool,
    minutes: f64,
) -> bool {
    let local = w.local(start);
    let long = end - start > TimeDelta::minutes(minutes as i64 + 1);
    day_type(local.date()) == DayType::Working && hours(local.hour()) && !long
}

/// The tools' services' outages: with 14 days or more at least one; each
/// starts in [`OUTAGE_HOURS`] of a working day of the home zone and lasts
/// at most [`OUTAGE_MINUTES`]; in the hours an outage covers by a quarter
/// or more, the agents whose tools call its service (without an incident
/// of their own, and not stars, whose days the seed holds to 2%) fail at
/// least twice as often as in the same local hours of other working days
/// without an outage, storm or provider incident.
fn metrics_tool_outages(d: &Dataset) -> Outcome {
    let w = &d.window;
    let outages = &d.providers.outages;
    if w.days >= 14 && outages.is_empty() {
        return fail(format!("no outage in {} days", w.days));
    }
    for o in outages {
        if !in_working_hours(w, o.start, o.end, |h| (OUTAGE_HOURS.0..OUTAGE_HOURS.1).contains(&h), OUTAGE_MINUTES.1) {
            return fail(format!("a {} outage from {} to {} ({} local)", o.service, o.start, o.end, w.local(o.start)));
        }
    }
    // Each agent's services, and the local hours their outages started in.
    let hit: Vec<(Vec<&'static str>, BTreeSet<u32>)> = d
        .agents
        .iter()
        .map(|agent| {
            let services = super::spans::services(agent.kind);
            let hours =
                outages.iter().filter(|o| services.contains(&o.service)).map(|o| w.local(o.start).hour()).collect();
            (services, hours)
        })
        .collect();
    // [outage, other] × [conversations, failures].
    let mut counts = [[0u64; 2]; 2];
    for (row, m) in d.daily_metrics.iter().enumerate() {
        let agent = &d.agents[m.agent as usize];
        let day = (row % w.days as usize) as u32;
        if agent.incident.is_some() || day >= w.last_day() {
            continue;
        }
        // A star's whole days are held to its band's 2% by the seed: an
        // outage cannot show in them.
        if agent.performance == Performance::Star {
            continue;
        }
        let (services, hit_hours) = &hit[m.agent as usize];
        for (h, &(day_type, hour)) in w.local_hours(day).iter().enumerate() {
            if day_type != DayType::Working || !hit_hours.contains(&hour) {
                continue;
            }
            let start = w.day_start(day) + TimeDelta::hours(h as i64);
            let covered = d.providers.outages_covering(services, start).map(|(c, _)| c).fold(0.0, f64::max);
            let weather = d.providers.covering(agent.model, start).next().is_some()
                || d.providers.storms_covering(start).next().is_some();
            let k = match covered {
                c if c >= 0.25 && !weather => 0,
                c if c == 0.0 && !weather => 1,
                _ => continue,
            };
            counts[k][0] += u64::from(m.hourly[h]);
            counts[k][1] += u64::from(m.hourly_failed[h]);
        }
    }
    let rate = |[n, f]: [u64; 2]| if n == 0 { 0.0 } else { f as f64 / n as f64 };
    let (outage, usual) = (rate(counts[0]), rate(counts[1]));
    let shown = format!(
        "{} outages; their agents' calls in outage hours fail {outage:.3} ({} conversations), the same hours otherwise {usual:.3}",
        outages.len(),
        counts[0][0]
    );
    // The incident scenario's agents ride out their own outage, without the
    // workspace's weather: the comparison holds elsewhere.
    let own = d.params.scenario == super::Scenario::Incident;
    if own || counts[0][0] < 30 || outage >= 2.0 * usual { Ok(shown) } else { fail(shown) }
}

fn metrics_performers(d: &Dataset) -> Outcome {
    let active: Vec<usize> = (0..d.agents.len()).filter(|&i| d.agents[i].status == AgentStatus::Active).collect();
    for &i in &active {
        let a = &d.agents[i];
        let (lo, hi) = success_band(a.performance);
        let Some(sr) = a.metrics.success_rate() else { continue };
        if !(lo..=hi).contains(&sr) {
            return fail(format!("{} ({:?}) overall success {sr:.4} outside {lo}-{hi}", a.name, a.performance));
        }
        star_busy_days(d, i, agent_rows(d, i).iter())?;
    }
    stars_and_strugglers(d, &active, "")
}

/// A star agent's busy whole days (50 conversations or more) among `rows`
/// (its rows from the window's first day on) all succeed 0.98 or better.
fn star_busy_days<'a>(d: &Dataset, agent: usize, rows: impl Iterator<Item = &'a super::DailyMetric>) -> Outcome {
    let a = &d.agents[agent];
    let busy_days_ok = rows
        .enumerate()
        .filter(|(day, m)| m.conversations >= 50 && is_whole_day(&d.window, a, *day as u32))
        .all(|(_, m)| m.success_rate().is_some_and(|r| r >= 0.98 - 1e-12));
    if a.performance == Performance::Star && !busy_days_ok {
        return fail(format!("star {} has a busy day below 0.98", a.name));
    }
    Ok(String::new())
}

/// At least one star and one struggler among `agents`; `when` ends the
/// figure shown (" before the outage").
fn stars_and_strugglers(d: &Dataset, agents: &[usize], when: &str) -> Outcome {
    let count = |p: Performance| agents.iter().filter(|&&i| d.agents[i].performance == p).count();
    let (stars, struggling) = (count(Performance::Star), count(Performance::Struggling));
    let shown = format!("{stars} stars, {struggling} struggling{when}");
    if stars >= 1 && struggling >= 1 { Ok(shown) } else { fail(shown) }
}

fn metrics_latency_tail(d: &Dataset) -> Outcome {
    let mut merged = Merged::new(LATENCY_MS);
    for m in &d.daily_metrics {
        merged.add(&m.latency);
    }
    let q = |p: f64| merged.quantile(p).unwrap_or(0.0);
    let (p50, p95, p99, max) = (q(0.5), q(0.95), q(0.99), q(1.0));
    let shown = format!("p50 {p50:.0} ms, p95 {p95:.0}, p99 {p99:.0}, max {max:.0}");
    if p99 >= 1.25 * p95 && max >= 3.0 * p99 { Ok(shown) } else { fail(shown) }
}

/// Conversations and failures of the hours of an agent's traffic whose
/// covered part centres in `[from, until]`.
fn hours_between(d: &Dataset, agent: usize, from: DateTime<Utc>, until: DateTime<Utc>) -> (u64, u64) {
    let mut totals = (0, 0);
    let end = traffic_end(&d.window, &d.agents[agent]);
    for (day, row) in agent_rows(d, agent).iter().enumerate() {
        for h in 0..24 {
            let middle = hour_middle(&d.window, day as u32, h, end);
            if (from..=until).contains(&middle) {
                totals.0 += row.hourly[h as usize] as u64;
                totals.1 += row.hourly_failed[h as usize] as u64;
            }
        }
    }
    totals
}

fn metrics_declining_agent(d: &Dataset) -> Outcome {
    let Some(a) = (0..d.agents.len()).find(|&i| d.agents[i].performance == Performance::Declining) else {
        return if d.agents.iter().any(|a| a.status == AgentStatus::Error) {
            fail("no error agent declines".into())
        } else {
            Ok("no error agents".into())
        };
    };
    let agent = &d.agents[a];
    let Some(incident) = &agent.incident else { return fail(format!("{} has no incident", agent.name)) };
    let cause_logged = d.audit_logs.iter().any(|l| {
        l.created_at == incident.onset
            && l.target == Some(AuditTarget::Agent(a as u32))
            && Some(l.actor) == incident.changed_by
            && matches!(l.action, AuditAction::ConfigChanged)
    });
    if incident.cause.is_config_change() && !cause_logged {
        return fail(format!("{}'s incident cause is not in the audit trail", agent.name));
    }
    let rows = agent_rows(d, a);
    let (Some(onset), Some(last)) =
        (d.window.day_of_instant(incident.onset), d.window.day_of_instant(incident.failed_at))
    else {
        return fail(format!("{}'s incident lies outside the window", agent.name));
    };
    let rate = |days: std::ops::Range<u32>| {
        let (ok, n) = days
            .map(|day| &rows[day as usize])
            .fold((0u64, 0u64), |(s, n), m| (s + m.succeeded as u64, n + m.conversations as u64));
        if n == 0 { f64::NAN } else { ok as f64 / n as f64 }
    };
    let before = rate(0..onset);
    let early = rate(onset..(onset + last).div_ceil(2));
    let late = rate((onset + last).div_ceil(2)..last + 1);
    let final_day = {
        // The last 24 hours of traffic before the pause.
        let (total, failed) = hours_between(d, a, incident.failed_at - TimeDelta::hours(24), incident.failed_at);
        if total == 0 { 1.0 } else { 1.0 - failed as f64 / total as f64 }
    };
    let since: Vec<&super::DailyMetric> = rows.iter().skip(onset as usize).take((last - onset) as usize + 1).collect();
    let failures: u64 = since.iter().map(|m| m.failed() as u64).sum();
    let dominant: u64 = since.iter().map(|m| m.error_count(incident.dominant) as u64).sum();
    let daily: Vec<f64> = since.iter().filter_map(|m| m.success_rate()).collect();
    let steps: BTreeSet<i64> = daily.windows(2).map(|w| ((w[1] - w[0]) * 1e4).round() as i64).collect();
    let shown = format!(
        "{}: {before:.3} before, {early:.3} then {late:.3} after the change, {final_day:.3} over its last 24 hours; {dominant} of {failures} failures {}",
        agent.name,
        incident.dominant.as_str()
    );
    // The climb starts slowly (only the longest conversations overflow at
    // first), so the first half may still look like before.
    let declines = late < early && late < before - 0.05 && final_day < 0.85;
    let noisy = steps.len() > 1;
    if declines && noisy && dominant * 2 >= failures { Ok(shown) } else { fail(shown) }
}

fn metrics_crashed_agent(d: &Dataset) -> Outcome {
    let crashed: Vec<usize> =
        (0..d.agents.len()).filter(|&i| d.agents[i].performance == Performance::Crashed).collect();
    for &a in &crashed {
        let agent = &d.agents[a];
        let Some(incident) = &agent.incident else { return fail(format!("{} has no incident", agent.name)) };
        let (total, failed) = hours_between(d, a, incident.onset, incident.failed_at);
        let day = d.window.day_of_instant(incident.failed_at).unwrap_or(0);
        let row = &agent_rows(d, a)[day as usize];
        let share = ratio(failed as f64, total as f64);
        let dominant = row.errors.iter().all(|&c| c <= row.error_count(incident.dominant));
        if total == 0 || share < 0.3 || !dominant {
            return fail(format!("{}: {failed} of {total} failed in its last hours", agent.name));
        }
    }
    Ok(format!("{} crashed agents", crashed.len()))
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

/// The seed's formula in exact decimal arithmetic (prices per 1K tokens as
/// integer hundred-millionths of a dollar per token), rounded half up to
/// micro-dollars: an independent restatement of [`Model::cost_micros`].
fn expected_micros(model: Model, input: u64, output: u64) -> i64 {
    let price = model.price();
    let per_token = |usd_per_1k: f64| (usd_per_1k * 1e5).round() as u128;
    let exact = input as u128 * per_token(price.input) + output as u128 * per_token(price.output);
    ((exact + 50) / 100) as i64
}

fn costs_formula(d: &Dataset) -> Outcome {
    for c in &d.cost_records {
        let expected = expected_micros(c.model, c.input_tokens, c.output_tokens);
        if c.cost_micros != expected {
            return fail(format!("cost record {}: {} != {expected} micro-dollars", c.id, c.cost_micros));
        }
    }
    let total: i64 = d.cost_records.iter().map(|c| c.cost_micros).sum();
    Ok(format!("total ${:.6}", usd(total)))
}

fn mean_active_cost(d: &Dataset, keep: impl Fn(&super::CostRecord) -> bool) -> f64 {
    let (sum, n) = d
        .cost_records
        .iter()
        .filter(|c| c.input_tokens > 0 && keep(c))
        .fold((0.0, 0usize), |(s, n), c| (s + usd(c.cost_micros), n + 1));
    if n == 0 { 0.0 } else { sum / n as f64 }
}

fn costs_model_ratio(d: &Dataset) -> Outcome {
    let big = mean_active_cost(d, |c| c.model == Model::Gpt4o);
    let mini = mean_active_cost(d, |c| c.model == Model::Gpt4oMini);
    let r = ratio(big, mini);
    let shown = format!("${big:.2} vs ${mini:.2} per agent-day ({r:.1}x)");
    if r >= 10.0 { Ok(shown) } else { fail(shown) }
}

fn costs_weekend_cheaper(d: &Dataset) -> Outcome {
    let (working, quiet) = working_quiet_means(d, |row| usd(d.cost_records[row].cost_micros));
    let shown = format!("${working:.2} working day vs ${quiet:.2} weekend or holiday");
    if quiet < working { Ok(shown) } else { fail(shown) }
}

fn conversations_count(d: &Dataset) -> Outcome {
    let n = d.conversations.len();
    if n != d.params.sizes.conversations {
        return fail(format!("{n} records; {} requested", d.params.sizes.conversations));
    }
    if !in_order(&d.conversations, |a, b| (a.started_at, a.id) <= (b.started_at, b.id)) {
        return fail("records are not ordered by start time".into());
    }
    Ok(format!("{n} records"))
}

fn conversations_active_period(d: &Dataset) -> Outcome {
    for c in &d.conversations {
        let agent = &d.agents[c.agent as usize];
        if d.window.day_of_instant(c.started_at).is_none() {
            return fail(format!("conversation {} starts outside the window", c.id));
        }
        if c.started_at < agent.created_at || c.ended_at > traffic_end(&d.window, agent) || c.ended_at < c.started_at {
            return fail(format!("conversation {} outside {}'s active period", c.id, agent.name));
        }
    }
    Ok(format!("{} records inside their agents' active periods", d.conversations.len()))
}

fn conversations_agree(d: &Dataset) -> Outcome {
    // Per row: records, failures per type, sentiments, resolved.
    let mut per_row: BTreeMap<usize, (u32, [u32; 6], [u32; 3], u32)> = BTreeMap::new();
    for c in &d.conversations {
        // A record belongs to the day it started (in UTC).
        let Some(day) = d.window.day_of_instant(c.started_at) else { continue };
        let entry = per_row.entry(d.grid_row(c.agent, day)).or_default();
        entry.0 += 1;
        if let Some(e) = c.outcome.error() {
            entry.1[e as usize] += 1;
        }
        entry.2[c.sentiment as usize] += 1;
        entry.3 += u32::from(c.resolved);
        let replies = c.reply_latencies_ms.len();
        let latency: u64 = c.reply_latencies_ms.iter().map(|&l| l as u64).sum();
        let mean = if replies == 0 { 0 } else { (latency as f64 / replies as f64).round() as u32 };
        let duration = c.duration_ms() as u64;
        let timed = duration == latency + c.think_ms as u64;
        let costed = c.cost_micros == expected_micros(c.model, c.input_tokens as u64, c.output_tokens as u64);
        if replies != c.message_count as usize / 2 || c.avg_response_time != mean || !timed || !costed {
            return fail(format!("conversation {}: replies, timing or cost do not add up", c.id));
        }
        if c.outcome.error().is_some() && c.resolved {
            return fail(format!("conversation {} failed yet resolved", c.id));
        }
    }
    for (&row, (records, errors, sentiments, resolved)) in &per_row {
        let m = &d.daily_metrics[row];
        let within_counts = *records <= m.conversations
            && errors.iter().zip(&m.errors).all(|(s, t)| s <= t)
            && sentiments.iter().zip(&m.sentiments).all(|(s, t)| s <= t)
            && *resolved <= m.resolved;
        if !within_counts {
            return fail(format!("records on {} exceed the day's counts", m.date));
        }
    }
    Ok(format!("{} agent-days sampled", per_row.len()))
}

fn metrics_provider_weather(d: &Dataset) -> Outcome {
    let w = &d.window;
    let incidents = &d.providers.incidents;
    if w.days >= 14 {
        for model in Model::ALL {
            if !incidents.iter().any(|i| i.model == model) {
                return fail(format!("{} has no provider incident in {} days", model.id(), w.days));
            }
        }
        let late = w.anchor_day_start() - TimeDelta::days(3);
        if !incidents.is_empty() && incidents.iter().all(|i| i.start >= late) {
            return fail("every provider incident lies in the last 3 days".into());
        }
    }
    // Failures per conversation on the model, by whether one of its
    // incidents covers the whole hour (agents with no incident or episode
    // of their own; hours an incident covers in part are left out).
    let mut hours = [[0u64; 2]; 2];
    for (m, c) in d.daily_metrics.iter().zip(&d.cost_records) {
        if d.agents[m.agent as usize].incident.is_some() {
            continue;
        }
        let Some(day) = w.day_of(m.date) else { continue };
        for h in 0..24 {
            let start = w.day_start(day) + TimeDelta::hours(h as i64);
            let (mut whole, mut part) = (false, false);
            for (covered, _) in d.providers.covering(c.model, start) {
                whole |= covered >= 1.0;
                part = true;
            }
            if part && !whole {
                continue;
            }
            let hit = usize::from(whole);
            hours[hit][0] += u64::from(m.hourly[h]);
            hours[hit][1] += u64::from(m.hourly_failed[h]);
        }
    }
    let rate = |[n, f]: [u64; 2]| if n == 0 { 0.0 } else { f as f64 / n as f64 };
    let (usual, hit) = (rate(hours[0]), rate(hours[1]));
    // The incident scenario's own outage (its agents ride it out, without
    // the providers' weather) blurs both comparisons: they hold elsewhere.
    let outage = d.params.scenario == super::Scenario::Incident;
    if hours[1][0] >= 60 && hit < 2.0 * usual && !outage {
        return fail(format!("incident hours fail {hit:.3} of calls against {usual:.3} otherwise"));
    }
    // The fleet's daily median reply latency over whole days.
    let mut medians = Vec::new();
    for day in 0..w.last_day() {
        let mut merged = Merged::new(LATENCY_MS);
        for a in 0..d.agents.len() {
            merged.add(&d.daily_metrics[d.grid_row(a as u32, day)].latency);
        }
        medians.extend(merged.quantile(0.5));
    }
    let (lo, hi) = medians.iter().fold((f64::MAX, 0.0f64), |(lo, hi), &m| (lo.min(m), hi.max(m)));
    // Three weeks or more: a fortnight's drift can happen to stay flat.
    let moves = if medians.len() >= 20 && !outage { hi / lo } else { f64::INFINITY };
    let range = if medians.is_empty() { "none (no traffic)".to_string() } else { format!("{lo:.0}-{hi:.0} ms") };
    let shown = format!(
        "{} incidents; incident hours fail {hit:.3} of {} calls, others {usual:.3}; daily median latency {range}",
        incidents.len(),
        hours[1][0]
    );
    if moves >= 1.1 { Ok(shown) } else { fail(shown) }
}

fn metrics_mix(d: &Dataset) -> Outcome {
    for m in d.daily_metrics.iter() {
        let sides: [&[super::GroupCounts]; 2] = [&m.mix.channels, &m.mix.complexities];
        for side in sides {
            let sum = |f: fn(&super::GroupCounts) -> u64| side.iter().map(f).sum::<u64>();
            let adds_up = sum(|g| g.conversations.into()) == u64::from(m.conversations)
                && sum(|g| g.failed.into()) == u64::from(m.failed())
                && sum(|g| g.resolved.into()) == u64::from(m.resolved)
                && sum(|g| g.input_tokens) == m.total_tokens_input
                && sum(|g| g.output_tokens) == m.total_tokens_output;
            if !adds_up {
                return fail(format!("daily metric {}: its channels or complexities do not add up to the day", m.id));
            }
        }
    }
    let mut per_row: BTreeMap<usize, ([u32; 5], [u32; 3])> = BTreeMap::new();
    for c in &d.conversations {
        let Some(day) = d.window.day_of_instant(c.started_at) else { continue };
        let entry = per_row.entry(d.grid_row(c.agent, day)).or_default();
        entry.0[c.channel as usize] += 1;
        entry.1[c.complexity as usize] += 1;
    }
    for (&row, (channels, complexities)) in &per_row {
        let m = &d.daily_metrics[row];
        let within = channels.iter().zip(&m.mix.channels).all(|(r, g)| *r <= g.conversations)
            && complexities.iter().zip(&m.mix.complexities).all(|(r, g)| *r <= g.conversations);
        if !within {
            return fail(format!("records on {} exceed the day's count of their channel or complexity", m.date));
        }
    }
    let shares: Vec<String> = super::Channel::ALL
        .iter()
        .map(|&c| {
            let n: u64 = d.daily_metrics.iter().map(|m| u64::from(m.mix.channels[c as usize].conversations)).sum();
            let all: u64 = d.daily_metrics.iter().map(|m| u64::from(m.conversations)).sum();
            format!("{} {:.0}%", c.as_str().to_lowercase(), 100.0 * n as f64 / all.max(1) as f64)
        })
        .collect();
    Ok(format!("{} rows add up; {}", d.daily_metrics.len(), shares.join(", ")))
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

/// Pearson's chi-square of observed counts against expected shares, as an
/// upper-tail z-score (Wilson–Hilferty), pooling cells expected below 5.
fn chi_square_z(observed: &[f64], expected_shares: &[f64]) -> f64 {
    let n: f64 = observed.iter().sum();
    let total: f64 = expected_shares.iter().sum();
    let (mut chi, mut cells, mut pool) = (0.0, 0usize, (0.0, 0.0));
    for (o, share) in observed.iter().zip(expected_shares) {
        let e = n * share / total;
        if e < 5.0 {
            pool = (pool.0 + o, pool.1 + e);
            continue;
        }
        chi += (o - e) * (o - e) / e;
        cells += 1;
    }
    if pool.1 > 0.0 {
        chi += (pool.0 - pool.1) * (pool.0 - pool.1) / pool.1;
        cells += 1;
    }
    let k = cells.saturating_sub(1).max(1) as f64;
    ((chi / k).cbrt() - (1.0 - 2.0 / (9.0 * k))) / (2.0 / (9.0 * k)).sqrt()
}

fn conversations_time_shape(d: &Dataset) -> Outcome {
    let days = d.window.days as usize;
    let mut telemetry_days = vec![0.0; days];
    let mut telemetry_hours = [0.0; 24];
    for (row, m) in d.daily_metrics.iter().enumerate() {
        telemetry_days[row % days] += m.conversations as f64;
        for (h, &c) in m.hourly.iter().enumerate() {
            telemetry_hours[h] += c as f64;
        }
    }
    let mut hours = [0.0; 24];
    for c in &d.conversations {
        hours[c.started_at.hour() as usize] += 1.0;
    }
    let by_day = chi_square_z(&records_per_day(d), &telemetry_days);
    let by_hour = chi_square_z(&hours, &telemetry_hours);
    let trend = half_over_half(d, &records_per_day(d));
    let shown = format!("fit z {by_day:.2} by day, {by_hour:.2} by hour; records' second/first half {trend:.3}");
    // z 3.72 is p = 0.0001.
    if by_day < 3.72 && by_hour < 3.72 { Ok(shown) } else { fail(shown) }
}

/// Whether a sample's share `records` of `n` matches the population's
/// `telemetry` within `slack` plus 3.5 standard errors: a sampling band
/// that holds at any sample size.
fn within_sampling(records: f64, telemetry: f64, n: f64, slack: f64) -> bool {
    (records - telemetry).abs() <= slack + 3.5 * (telemetry * (1.0 - telemetry) / n.max(1.0)).sqrt()
}

fn conversations_weekday_ratio(d: &Dataset) -> Outcome {
    // Whole days only: the anchor's day is partial.
    let whole = d.window.last_day() as usize;
    let days = d.window.days as usize;
    let quiet = |day: usize| is_quiet_day(d.window.date(day as u32));
    let records = records_per_day(d);
    let mut telemetry = vec![0.0; days];
    for (row, m) in d.daily_metrics.iter().enumerate() {
        telemetry[row % days] += m.conversations as f64;
    }
    let quiet_share = |per_day: &[f64]| {
        let total: f64 = per_day[..whole].iter().sum();
        ratio((0..whole).filter(|&k| quiet(k)).map(|k| per_day[k]).sum(), total)
    };
    let per_day_ratio = |per_day: &[f64]| {
        let mean = |q: bool| {
            let v: Vec<f64> = (0..whole).filter(|&k| quiet(k) == q).map(|k| per_day[k]).collect();
            v.iter().sum::<f64>() / v.len().max(1) as f64
        };
        ratio(mean(false), mean(true))
    };
    let (r, t) = (quiet_share(&records), quiet_share(&telemetry));
    let shown = format!(
        "records per working/quiet day {:.3} (telemetry {:.3}); quiet-day share {r:.3} vs {t:.3}",
        per_day_ratio(&records),
        per_day_ratio(&telemetry)
    );
    let n: f64 = records[..whole].iter().sum();
    if within_sampling(r, t, n, 0.015) { Ok(shown) } else { fail(shown) }
}

fn conversations_business_hours(d: &Dataset) -> Outcome {
    let n = d.conversations.len() as f64;
    let business = d.conversations.iter().filter(|c| d.window.is_business_time(c.started_at)).count() as f64;
    let hours = local_hours_where(d, |_| true);
    let total: f64 = hours.iter().sum();
    let telemetry_business: f64 = hours[9..17].iter().sum();
    let (r, t) = (ratio(business, n), ratio(telemetry_business, total));
    let per_hour = |share: f64| ratio(share / 8.0, (1.0 - share) / 16.0);
    let shown = format!(
        "per-hour business/other: records {:.3}, telemetry {:.3}; business-hour share {r:.3} vs {t:.3}",
        per_hour(r),
        per_hour(t)
    );
    if within_sampling(r, t, n, 0.015) { Ok(shown) } else { fail(shown) }
}

fn shares_of(counts: [f64; 3]) -> [f64; 3] {
    let total: f64 = counts.iter().sum();
    counts.map(|c| if total > 0.0 { c / total } else { 0.0 })
}

fn conversations_sentiment(d: &Dataset) -> Outcome {
    let mut records = [0.0; 3];
    for c in &d.conversations {
        records[c.sentiment as usize] += 1.0;
    }
    let mut telemetry = [0.0; 3];
    for m in &d.daily_metrics {
        for (t, &c) in telemetry.iter_mut().zip(&m.sentiments) {
            *t += c as f64;
        }
    }
    let (records, telemetry) = (shares_of(records), shares_of(telemetry));
    let pct = |s: [f64; 3]| format!("{:.1}/{:.1}/{:.1}%", s[0] * 100.0, s[1] * 100.0, s[2] * 100.0);
    let shown = format!("records {}, telemetry {}", pct(records), pct(telemetry));
    let n = d.conversations.len().max(1) as f64;
    let sampled = |s: &f64, e: f64| (s - e).abs() <= 0.015 + 3.5 * (e * (1.0 - e) / n).sqrt();
    let records_near = records.iter().zip(SENTIMENT_SHARES).all(|(s, e)| sampled(s, e));
    let telemetry_near = telemetry.iter().zip(SENTIMENT_SHARES).all(|(s, e)| (s - e).abs() <= 0.05);
    if records_near && telemetry_near { Ok(shown) } else { fail(shown) }
}

fn conversations_resolution(d: &Dataset) -> Outcome {
    let records = ratio(d.conversations.iter().filter(|c| c.resolved).count() as f64, d.conversations.len() as f64);
    let resolved: u64 = d.daily_metrics.iter().map(|m| m.resolved as u64).sum();
    let total: u64 = d.daily_metrics.iter().map(|m| m.conversations as u64).sum();
    let telemetry = ratio(resolved as f64, total as f64);
    let shown = format!("records {records:.3}, telemetry {telemetry:.3}");
    let n = d.conversations.len().max(1) as f64;
    let noise = 0.01 + 3.5 * (telemetry * (1.0 - telemetry) / n).sqrt();
    if (0.80..=0.88).contains(&telemetry) && (records - telemetry).abs() <= noise { Ok(shown) } else { fail(shown) }
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 { f64::NAN } else { sum / n as f64 }
}

fn conversations_messages(d: &Dataset) -> Outcome {
    let all = mean(d.conversations.iter().map(|c| c.message_count as f64));
    // By kind over all the traffic: a sample of a few support records is noise.
    let mut sums = [(0.0, 0.0); 2];
    for m in &d.daily_metrics {
        let support = usize::from(d.agents[m.agent as usize].kind == AgentKind::CustomerSupport);
        sums[support].0 += m.messages as f64;
        sums[support].1 += m.conversations as f64;
    }
    let (others, support) = (ratio(sums[0].0, sums[0].1), ratio(sums[1].0, sums[1].1));
    let support = if sums[1].1 > 0.0 { support } else { f64::NAN };
    let shown = format!("records' mean {all:.1}; customer support {support:.1} vs others {others:.1} in the telemetry");
    let support_longer = support.is_nan() || support > others;
    if (8.0..=15.0).contains(&all) && support_longer { Ok(shown) } else { fail(shown) }
}

fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = values.collect();
    v.sort_by(f64::total_cmp);
    if v.is_empty() { f64::NAN } else { v[(v.len() - 1) / 2] }
}

fn conversations_complexity(d: &Dataset) -> Outcome {
    // Medians: durations are long-tailed (an email thread takes hours).
    let by = |c: Complexity, f: fn(&super::Conversation) -> f64| {
        median(d.conversations.iter().filter(|x| x.complexity == c).map(f))
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
    let simple_fastest = durations[0] < durations[1] && durations[0] < durations[2];
    if simple_fastest && rising(counts) { Ok(shown) } else { fail(shown) }
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
    if !in_order(&d.audit_logs, |a, b| a.created_at <= b.created_at) {
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
        let session = matches!(l.action, AuditAction::UserLogin | AuditAction::UserLogout);
        match (l.action.targets_agent(), session, l.target) {
            (true, _, Some(AuditTarget::Agent(a))) => {
                let Some(agent) = d.agents.get(a as usize) else {
                    return fail(format!("entry {} points at a missing agent", l.id));
                };
                if l.created_at < agent.created_at {
                    return fail(format!("entry {} precedes {}'s creation", l.id, agent.name));
                }
            }
            (false, true, Some(AuditTarget::User(u))) if u == l.actor => {}
            (false, false, None) => {
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

/// Whether an entry is an inactive agent's final stop (a lifecycle entry).
fn is_final_stop(d: &Dataset, l: &super::AuditLog) -> bool {
    match (l.action, l.target) {
        (AuditAction::AgentStopped, Some(AuditTarget::Agent(a))) => d
            .agents
            .get(a as usize)
            .is_some_and(|agent| agent.status == AgentStatus::Inactive && agent.last_active_at == l.created_at),
        _ => false,
    }
}

fn audit_sessions(d: &Dataset) -> Outcome {
    let start = d.window.start();
    let mut signed_in = vec![false; d.users.len()];
    for (i, l) in d.audit_logs.iter().enumerate() {
        if l.created_at < start || is_final_stop(d, l) {
            continue;
        }
        let actor = l.actor as usize;
        match l.action {
            AuditAction::UserLogin => signed_in[actor] = true,
            AuditAction::UserLogout if !signed_in[actor] => return fail(format!("logout {} without a session", l.id)),
            AuditAction::UserLogout => signed_in[actor] = false,
            _ if !signed_in[actor] => return fail(format!("entry {} outside its actor's session", l.id)),
            AuditAction::AgentStopped => {
                let restarted = d
                    .audit_logs
                    .iter()
                    .skip(i + 1)
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

fn audit_history(d: &Dataset) -> Outcome {
    let start = d.window.start();
    let before: Vec<&super::AuditLog> = d.audit_logs.iter().filter(|l| l.created_at < start).collect();
    // The open session of each user: its login and how many creations it holds.
    let mut open: BTreeMap<u32, (DateTime<Utc>, usize)> = BTreeMap::new();
    let (mut sessions, mut working) = (0, 0);
    for l in &before {
        match l.action {
            // (The guard records the sign-in; it fails only inside another.)
            AuditAction::UserLogin if open.insert(l.actor, (l.created_at, 0)).is_some() => {
                return fail(format!("login {} inside another session of its user", l.id));
            }
            AuditAction::AgentCreated => {
                if let Some((_, held)) = open.get_mut(&l.actor) {
                    *held += 1;
                }
            }
            AuditAction::UserLogout => {
                let Some((login, held)) = open.remove(&l.actor) else {
                    return fail(format!("logout {} without a session", l.id));
                };
                if l.created_at - login > TimeDelta::seconds(super::audit::HISTORY_SESSION_SECONDS) {
                    return fail(format!("the session ending {} lasts {}", l.id, l.created_at - login));
                }
                sessions += 1;
                working += usize::from(held > 0);
            }
            _ => {}
        }
    }
    // (A session still open at the window's start runs on into it: the
    // live simulator's window moves on past sessions it started within.)
    let lifecycle = super::audit::lifecycle_entries(d.agents.len(), status_counts(d.agents.len())[1]);
    let room = d.audit_logs.len().saturating_sub(lifecycle) / super::audit::HISTORY_SHARE >= 2;
    let created_before = before.iter().filter(|l| l.action == AuditAction::AgentCreated).count();
    let shown = format!(
        "{sessions} sign-in sessions before the window, {working} of them creating agents ({created_before} created before it)"
    );
    if room && created_before > 0 && working == 0 { fail(shown) } else { Ok(shown) }
}

fn audit_session_identity(d: &Dataset) -> Outcome {
    let start = d.window.start();
    let mut session: Vec<Option<([u8; 4], u8)>> = vec![None; d.users.len()];
    let (mut sessions, mut addresses) = (0, BTreeMap::<u32, BTreeSet<[u8; 4]>>::new());
    for l in d.audit_logs.iter().filter(|l| l.created_at >= start && !is_final_stop(d, l)) {
        let Some(current) = session.get_mut(l.actor as usize) else {
            return fail(format!("entry {} has no actor", l.id));
        };
        match (l.action, *current) {
            (AuditAction::UserLogin, _) => {
                *current = Some((l.ip_address, l.user_agent));
                sessions += 1;
                addresses.entry(l.actor).or_default().insert(l.ip_address);
            }
            (_, Some(identity)) if identity != (l.ip_address, l.user_agent) => {
                return fail(format!("entry {} comes from another address or browser than its sign-in", l.id));
            }
            _ => {}
        }
        if l.action == AuditAction::UserLogout {
            *current = None;
        }
    }
    let both = addresses.values().filter(|a| a.len() > 1).count();
    Ok(format!("{sessions} sessions, one address each; {both} of {} users seen from two addresses", addresses.len()))
}

fn audit_responses(d: &Dataset) -> Outcome {
    let inactive = d.agents.iter().filter(|a| a.status == AgentStatus::Inactive).count();
    let errors: Vec<_> = d.agents.iter().filter(|a| a.status == AgentStatus::Error).collect();
    if d.audit_logs.len() < super::audit::lifecycle_entries(d.agents.len(), inactive) + 3 * errors.len() {
        return Ok("no room beyond the lifecycle".into());
    }
    let window = TimeDelta::seconds(super::audit::RESPONSE_SECONDS);
    let (mut answered, mut minutes) = (0, Vec::new());
    for agent in &errors {
        let Some(incident) = &agent.incident else { continue };
        let paused = incident.failed_at;
        if paused + window > d.window.anchor {
            continue;
        }
        let response = d.audit_logs.iter().find(|l| {
            l.action == AuditAction::UserLogin
                && l.created_at > paused
                && l.created_at <= paused + window
                && d.users.get(l.actor as usize).is_some_and(|u| u.role != Role::Viewer)
        });
        match response {
            Some(l) => {
                answered += 1;
                minutes.push((l.created_at - paused).num_minutes());
            }
            None => return fail(format!("nobody signs in within 2 hours of {}'s pause", agent.name)),
        }
    }
    minutes.sort_unstable();
    let median = minutes.get(minutes.len() / 2).map_or("-".to_string(), |m| format!("{m} min"));
    Ok(format!("{answered} of {} paused agents answered; median response {median}", errors.len()))
}

fn audit_restart_reasons(d: &Dataset) -> Outcome {
    let prompt_stop = super::catalogue::RESTART_REASONS[0].0;
    let mut updated: BTreeMap<u32, DateTime<Utc>> = BTreeMap::new();
    let mut prompt_restarts = 0;
    for l in &d.audit_logs {
        let Some(AuditTarget::Agent(a)) = l.target else { continue };
        match (l.action, &l.details) {
            (AuditAction::AgentUpdated, AuditDetails::AgentUpdated { field: "systemPrompt", .. }) => {
                updated.insert(a, l.created_at);
            }
            (AuditAction::AgentStopped, AuditDetails::Lifecycle { reason }) if reason == prompt_stop => {
                let recent = updated
                    .get(&a)
                    .is_some_and(|&u| (l.created_at - u).num_seconds() <= super::audit::PROMPT_RESTART_SECONDS);
                if !recent {
                    return fail(format!("restart {} for an updated prompt no update precedes", l.id));
                }
                prompt_restarts += 1;
            }
            _ => {}
        }
    }
    Ok(format!("{prompt_restarts} restarts for an updated prompt, each after its update"))
}

fn audit_policies(d: &Dataset) -> Outcome {
    let mut made = BTreeSet::new();
    for l in &d.audit_logs {
        if let AuditDetails::PolicyUpdated { policy, change } = &l.details
            && !made.insert((*policy, *change))
        {
            return fail(format!("policy change {change:?} made twice ({})", l.id));
        }
    }
    Ok(format!("{} policy changes, each made once", made.len()))
}

fn users_names(d: &Dataset) -> Outcome {
    use super::users::{FIRST_NAMES, LAST_NAMES};
    let mut names = BTreeSet::new();
    for u in &d.users {
        let Some((first, last)) = u.name.split_once(' ') else {
            return fail(format!("user name {:?} is not 'First Last'", u.name));
        };
        if !FIRST_NAMES.contains(&first) || !LAST_NAMES.contains(&last) {
            return fail(format!("user name {:?} is not a common given name and surname", u.name));
        }
        if !names.insert(u.name.as_str()) && names.len() < FIRST_NAMES.len() * LAST_NAMES.len() {
            return fail(format!("user name {:?} is used twice", u.name));
        }
    }
    let surnames: BTreeSet<&str> = d.users.iter().filter_map(|u| u.name.split_once(' ').map(|(_, l)| l)).collect();
    Ok(format!("{} distinct names, {} surnames, all common ones", names.len(), surnames.len()))
}

fn conversations_returning(d: &Dataset) -> Outcome {
    let mut counts: BTreeMap<u64, usize> = BTreeMap::new();
    for c in &d.conversations {
        *counts.entry(c.end_user).or_default() += 1;
    }
    let n = d.conversations.len();
    let returning: usize = counts.values().filter(|&&k| k > 1).sum();
    let top = counts.values().copied().max().unwrap_or(0);
    let figures = format!(
        "{} end users for {n} records ({:.1}%), {:.1}% of records from returning ones, the busiest with {top}",
        counts.len(),
        100.0 * counts.len() as f64 / n.max(1) as f64,
        100.0 * returning as f64 / n.max(1) as f64
    );
    if n < 100 {
        return Ok(figures);
    }
    let returning_share = returning as f64 / n as f64;
    if counts.len() as f64 > 0.85 * n as f64
        || !(0.2..=0.8).contains(&returning_share)
        || top as f64 > (0.05 * n as f64).max(15.0)
    {
        return fail(figures);
    }
    Ok(figures)
}

/// Every conversation's transcript, with its agent.
pub(super) fn transcripts(d: &Dataset) -> impl Iterator<Item = (u32, Vec<super::messages::Message>)> + '_ {
    (0..d.conversations.len() as u32)
        .map(|row| (d.conversations[row as usize].agent, super::messages::transcript(d, row)))
}

/// The greeting class of a sentence: 1 a salutation, 2 an acknowledgement, 0 neither.
fn greeting_class(sentence: &str) -> u8 {
    // Its own word lists, not the generator's: the rule restates the seam.
    let opens = |words: &[&str]| super::transcript::opens_with_any(sentence, words);
    if opens(&["hi", "hello", "hey", "welcome", "good morning"]) {
        1
    } else if opens(&["happy to help", "sure", "of course", "got it", "on it", "thanks for reaching out"]) {
        2
    } else {
        0
    }
}

/// Whether a reply opens with two greetings or two acknowledgements in a
/// row ("Hi there! Hi! Happy to help.").
pub fn greeting_seam(text: &str) -> bool {
    let (first, rest) = first_sentences(text);
    let (a, b) = (greeting_class(first), greeting_class(first_sentences(rest).0));
    a != 0 && a == b
}

/// The first sentence of `text` and the rest.
fn first_sentences(text: &str) -> (&str, &str) {
    let cut = text.char_indices().find(|&(i, c)| matches!(c, '.' | '!' | '?') && text[i + 1..].starts_with(' '));
    match cut {
        Some((i, _)) => (&text[..=i], text[i + 1..].trim_start()),
        None => (text, ""),
    }
}

fn transcripts_greetings(d: &Dataset) -> Outcome {
    let (mut replies, mut greeted) = (0, 0);
    for (_, messages) in transcripts(d) {
        for m in messages.iter().filter(|m| m.speaker == super::transcript::Speaker::Assistant) {
            replies += 1;
            if greeting_seam(&m.content) {
                return fail(format!("a reply opens with two greetings: {:?}", m.content));
            }
            greeted += usize::from(greeting_class(first_sentences(&m.content).0) != 0);
        }
    }
    Ok(format!("{replies} replies, {greeted} opening with one greeting, none with two"))
}

fn transcripts_tone(d: &Dataset) -> Outcome {
    // Read from the prompt's tone instruction, not the generator's test.
    let formal: Vec<bool> = d.agents.iter().map(|a| a.config.system_prompt.contains("Be precise and formal")).collect();
    // (replies, with an exclamation mark) for formal agents and the rest.
    let mut counts = [(0usize, 0usize); 2];
    for (agent, messages) in transcripts(d) {
        let band = &mut counts[usize::from(formal.get(agent as usize).copied().unwrap_or(false))];
        for m in messages.iter().filter(|m| m.speaker == super::transcript::Speaker::Assistant) {
            band.0 += 1;
            band.1 += usize::from(m.content.contains('!'));
        }
    }
    let share = |(n, x): (usize, usize)| if n == 0 { 0.0 } else { 100.0 * x as f64 / n as f64 };
    if counts[1].1 > 0 {
        return fail(format!("{} of {} formal replies use an exclamation mark", counts[1].1, counts[1].0));
    }
    if counts[0].0 >= 100 && counts[0].1 == 0 {
        return fail("no agent writes an exclamation mark".into());
    }
    Ok(format!(
        "exclamation marks in {:.1}% of formal agents' {} replies, {:.1}% of the other {}",
        share(counts[1]),
        counts[1].0,
        share(counts[0]),
        counts[0].0
    ))
}

fn conversations_short(d: &Dataset) -> Outcome {
    let n = d.conversations.len();
    let short = d.conversations.iter().filter(|c| c.message_count <= 2).count();
    let longest = d.conversations.iter().map(|c| c.message_count).max().unwrap_or(0);
    let share = short as f64 / n.max(1) as f64;
    let shown =
        format!("{short} of {n} records ({:.1}%) have 2 messages or fewer; the longest {longest}", 100.0 * share);
    if n < 100 || (0.04..=0.25).contains(&share) { Ok(shown) } else { fail(shown) }
}

fn conversations_channels(d: &Dataset) -> Outcome {
    use super::Channel;
    // (all, over Slack or Teams) by audience: employees, customers.
    let mut counts = [(0u64, 0u64); 2];
    for m in &d.daily_metrics {
        let customers = Audience::of(d.agents[m.agent as usize].kind) == Audience::Customers;
        let chat =
            [Channel::Slack, Channel::Teams].iter().map(|&c| u64::from(m.mix.channels[c as usize].conversations));
        counts[usize::from(customers)].0 += u64::from(m.conversations);
        counts[usize::from(customers)].1 += chat.sum::<u64>();
    }
    for c in &d.conversations {
        let customers = Audience::of(d.agents[c.agent as usize].kind) == Audience::Customers;
        if customers && matches!(c.channel, Channel::Slack | Channel::Teams) {
            return fail(format!("{} reaches {} over {}", c.id, d.agents[c.agent as usize].name, c.channel.as_str()));
        }
    }
    let share = |(n, chat): (u64, u64)| chat as f64 / n.max(1) as f64;
    let shown = format!(
        "Slack and Teams carry {:.1}% of customer-facing traffic, {:.1}% of internal tools'",
        100.0 * share(counts[1]),
        100.0 * share(counts[0])
    );
    if counts[1].1 == 0 && (counts[0].0 == 0 || share(counts[0]) >= 0.4) { Ok(shown) } else { fail(shown) }
}

/// The share of `values` that no other value equals.
fn unique_share<'a>(values: impl Iterator<Item = &'a str>) -> (usize, f64) {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut n = 0;
    for v in values {
        *counts.entry(v).or_default() += 1;
        n += 1;
    }
    let unique = counts.values().filter(|&&c| c == 1).count();
    (n, unique as f64 / n.max(1) as f64)
}

fn conversations_titles(d: &Dataset) -> Outcome {
    let (n, share) = unique_share(d.conversations.iter().map(|c| c.title.as_str()));
    let shown = format!("{:.1}% of {n} records have a title of their own", 100.0 * share);
    // Past 10,000 records (the large scenario's 75,000) templates' values run thinner.
    let floor = if n > 10_000 { 0.8 } else { 0.9 };
    if n < 50 || share >= floor { Ok(shown) } else { fail(shown) }
}

fn agents_descriptions(d: &Dataset) -> Outcome {
    let (n, share) = unique_share(d.agents.iter().map(|a| a.description.as_ref()));
    let shown = format!("{:.1}% of {n} agents have a description of their own", 100.0 * share);
    if share >= 0.95 { Ok(shown) } else { fail(shown) }
}

/// Each record's agent and transcript, for the text rules (which also take
/// transcripts a test changed).
pub fn record_transcripts(d: &Dataset) -> Vec<(u32, Vec<super::messages::Message>)> {
    transcripts(d).collect()
}

fn transcripts_endings(d: &Dataset) -> Outcome {
    endings_rule(d, &record_transcripts(d))
}

fn transcripts_one_topic(d: &Dataset) -> Outcome {
    one_topic_rule(d, &record_transcripts(d))
}

fn transcripts_api(d: &Dataset) -> Outcome {
    api_rule(d, &record_transcripts(d))
}

/// Whether a user's message thanks the agent.
fn thanks(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    lower.contains("thank")
        || lower.contains("appreciate")
        || words.iter().any(|w| matches!(*w, "thx" | "ty" | "cheers" | "lifesaver" | "thanx"))
}

/// A message's last sentence, lowercase, letters and digits only (of its
/// text, for a machine call's JSON).
fn last_sentence(text: &str) -> String {
    let json = serde_json::from_str::<serde_json::Value>(text).ok();
    let inner = json.as_ref().and_then(|v| v.get("output").or_else(|| v.get("input"))).and_then(|v| v.as_str());
    let text = inner.unwrap_or(text);
    let trimmed = text.trim_end_matches(|c: char| !c.is_alphanumeric());
    let start = trimmed.rfind(['.', '!', '?', '\n']).map_or(0, |i| i + 1);
    let words: Vec<String> = trimmed[start..]
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.join(" ")
}

fn transcripts_slots(d: &Dataset) -> Outcome {
    slots_rule(d, &record_transcripts(d))
}

/// Slots whose values only the user can give (the agent cannot look them
/// up: where they study, what they study, which nonprofit they are, what
/// they need a skill for). Other values an agent may know or compute
/// (prices, an uploaded document's contents, a calendar's meetings).
const USER_SLOTS: [&str; 5] = ["school", "course", "degree", "company", "purpose"];

/// `transcripts.slots` over the records' transcripts (in record order).
pub fn slots_rule(d: &Dataset, transcripts: &[(u32, Vec<super::messages::Message>)]) -> Outcome {
    use super::transcript::Speaker;
    let streams = super::rng::Streams::new(d.params.seed);
    let mut checked = 0;
    for ((agent, messages), c) in transcripts.iter().zip(&d.conversations) {
        let Some(a) = d.agents.get(*agent as usize) else { continue };
        let Some(topic) = a.kind.profile().topics.get(c.topic as usize) else { continue };
        let slots = super::transcript::slots(&streams, super::transcript::text_key(&c.id), a.kind, topic);
        for (name, _) in topic.slots.iter().filter(|(name, _)| USER_SLOTS.contains(name)) {
            // Values of three characters or more: "8x10" is one, "a" is not.
            let Some(value) = slots.value(name).filter(|v| v.len() >= 3) else { continue };
            let first_user = messages.iter().position(|m| m.speaker == Speaker::User && m.content.contains(&value));
            let first_reply =
                messages.iter().position(|m| m.speaker == Speaker::Assistant && m.content.contains(&value));
            checked += usize::from(first_reply.is_some());
            if let Some(reply) = first_reply
                && first_user.is_none_or(|said| said > reply)
            {
                return fail(format!(
                    "{} ({}): a reply names {value:?} ({name}) before the user does: {:?}",
                    c.id, topic.title, messages[reply].content
                ));
            }
        }
    }
    Ok(format!("{checked} values only the user can give named in replies, each after the user named it"))
}

/// `transcripts.endings` over the records' transcripts (in record order).
pub fn endings_rule(d: &Dataset, transcripts: &[(u32, Vec<super::messages::Message>)]) -> Outcome {
    use super::transcript::Speaker;
    let (mut n, mut thanked, mut resolved, mut left) = (0usize, 0usize, 0usize, 0usize);
    let mut closings: BTreeMap<String, usize> = BTreeMap::new();
    for ((_, messages), c) in transcripts.iter().zip(&d.conversations) {
        let Some(last) = messages.last() else { continue };
        n += 1;
        thanked += usize::from(last.speaker == Speaker::User && thanks(&last.content));
        if c.resolved && c.outcome.error().is_none() && messages.len() >= 3 {
            resolved += 1;
            left += usize::from(last.speaker == Speaker::Assistant);
        }
        *closings.entry(last_sentence(&last.content)).or_default() += 1;
    }
    let (top, most) = closings.iter().max_by_key(|(_, c)| **c).map_or(("", 0), |(s, c)| (s.as_str(), *c));
    let share = |x: usize, of: usize| x as f64 / of.max(1) as f64;
    let shown = format!(
        "{:.1}% of {n} end with a thank-you; {:.1}% of {resolved} resolved ones end on the agent's answer; the commonest last sentence ({top:?}) ends {most}",
        100.0 * share(thanked, n),
        100.0 * share(left, resolved)
    );
    // No closing ends more than 5% of them, give or take two standard
    // errors of a sample that size: 7 of 137 is chance, 34 of 300 is not.
    let varied = n < 100 || share(most, n) <= 0.05 + 2.0 * (0.05 * 0.95 / n as f64).sqrt();
    // Shares of a handful of conversations (a new workspace's) say nothing.
    let thanks_fit = n < 20 || share(thanked, n) <= 0.3;
    if thanks_fit && (resolved < 20 || share(left, resolved) >= 0.1) && varied { Ok(shown) } else { fail(shown) }
}

/// The longest literal part of a template (between its `[`, `|`, `]`, `{`
/// and `}`), when it is long enough to recognise the template by.
fn longest_literal(template: &str) -> Option<&str> {
    template.split(['[', ']', '{', '}', '|']).map(str::trim).filter(|p| p.len() >= 20).max_by_key(|p| p.len())
}

/// `transcripts.one_topic` over the records' transcripts (in record order).
pub fn one_topic_rule(d: &Dataset, transcripts: &[(u32, Vec<super::messages::Message>)]) -> Outcome {
    use super::transcript::{Speaker, asides};
    // The kind's general answers, known by their longest literal part.
    let marks: Vec<Vec<&str>> = AgentKind::ALL
        .iter()
        .map(|k| k.profile().exchanges.iter().filter_map(|(_, a)| longest_literal(a)).collect())
        .collect();
    let mut with_aside = 0;
    for (agent, messages) in transcripts {
        let Some(a) = d.agents.get(*agent as usize) else { continue };
        let kind_marks = &marks[a.kind as usize];
        let general = messages
            .iter()
            .filter(|m| m.speaker == Speaker::Assistant && kind_marks.iter().any(|mark| m.content.contains(mark)))
            .count();
        if general > asides(messages.len()) {
            return fail(format!(
                "a conversation of {} messages with {} asks {general} of its kind's general questions",
                messages.len(),
                a.name
            ));
        }
        with_aside += usize::from(general > 0);
    }
    Ok(format!("{with_aside} of {} conversations ask one of their kind's general questions", transcripts.len()))
}

/// `transcripts.api` over the records' transcripts (in record order).
pub fn api_rule(d: &Dataset, transcripts: &[(u32, Vec<super::messages::Message>)]) -> Outcome {
    use super::transcript::Speaker;
    let mut calls = 0;
    for ((_, messages), c) in transcripts.iter().zip(&d.conversations) {
        let api = c.channel == super::Channel::Api;
        for m in messages {
            let object = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&m.content).ok();
            let fits = match (&object, m.speaker) {
                (Some(o), Speaker::User) => o.contains_key("session_id"),
                (Some(o), Speaker::Assistant) => o.get("status").is_some_and(|s| s.is_string()),
                (None, _) => false,
            };
            if api && !fits {
                return fail(format!("API conversation {}: {:?} is not a machine call", c.id, m.content));
            }
            if !api && object.is_some() {
                return fail(format!("{} conversation {} has a JSON message", c.channel.as_str(), c.id));
            }
            calls += usize::from(api);
        }
    }
    Ok(format!("{calls} API messages, all JSON objects"))
}

fn audit_time(d: &Dataset) -> Outcome {
    for l in &d.audit_logs {
        if l.created_at >= d.window.anchor || l.created_at < d.users[l.actor as usize].created_at {
            return fail(format!("entry {} at {}", l.id, l.created_at));
        }
    }
    let first = d.audit_logs.front().map(|l| l.created_at.to_string()).unwrap_or_default();
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

fn workspace_budget(d: &Dataset) -> Outcome {
    let w = &d.window;
    let last = w.last_day();
    let recent = last.saturating_sub(7)..last;
    let spent: i64 = d
        .cost_records
        .iter()
        .filter(|c| w.day_of(c.date).is_some_and(|day| recent.contains(&day)))
        .map(|c| c.cost_micros)
        .sum();
    let projected = spent as f64 / recent.len().max(1) as f64 * days_in_month(w.anchor.date_naive()) as f64;
    let budget = d.workspace.monthly_budget_micros;
    let r = ratio(budget as f64, projected);
    let shown = format!("budget ${:.0} vs ${:.0} projected ({r:.2}x)", usd(budget), projected / 1e6);
    let round = budget % 50_000_000 == 0;
    if round && (1.0..=1.6).contains(&r) { Ok(shown) } else { fail(shown) }
}

#[cfg(test)]
mod tests {
    /// Against the hypergeometric law written out with binomial coefficients.
    #[test]
    fn two_or_more_is_the_hypergeometric_tail() {
        let comb = |n: u32, k: u32| -> f64 { (0..k).map(|i| f64::from(n - i) / f64::from(i + 1)).product() };
        for (n, k, f) in [(10, 9, 2), (40, 3, 5), (13, 2, 2), (100, 12, 15), (20, 20, 3), (30, 1, 4)] {
            let none = if n - k >= f { comb(n - k, f) / comb(n, f) } else { 0.0 };
            let one = if n - k + 1 >= f { f64::from(k) * comb(n - k, f - 1) / comb(n, f) } else { 0.0 };
            let expected = 1.0 - none - one;
            let got = super::two_or_more(n, k, f);
            assert!((got - expected).abs() < 1e-12, "n {n}, k {k}, f {f}: {got} against {expected}");
        }
    }
}
