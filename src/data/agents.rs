//! Agents: the fleet. Status, model and performance quotas are exact at every
//! size; names, descriptions and prompts come from the agent kinds.

use std::borrow::Cow;

use chrono::{DateTime, TimeDelta, Utc};
use rand::RngExt;
use rand::seq::{IndexedRandom, SliceRandom};

use super::calendar::{Audience, DayType, SECONDS_PER_DAY, Window, day_type};
use super::catalogue::{Model, Role};
use super::kinds::AgentKind;
use super::model::{Agent, AgentConfig, AgentMetrics, AgentStatus, Performance, User, UserIx};
use super::prompts::{self, PromptFacts};
use super::rng::{Streams, normal, quota, shuffled_quota, uniform, uuid_v4};

/// Status shares, in [`AgentStatus::ALL`] order: 70% active, 20% inactive, 10% error.
pub const STATUS_SHARES: [f64; 3] = [0.7, 0.2, 0.1];

/// Model shares, in [`Model::ALL`] order (gpt-4o, gpt-4o-mini, gpt-3.5-turbo).
pub const MODEL_SHARES: [f64; 3] = [0.3, 0.45, 0.25];

/// Performance shares among active agents: stars, strugglers, the steady rest.
pub const ACTIVE_PERFORMANCE_SHARES: [f64; 3] = [0.2, 0.15, 0.65];

/// Agents were created within this many days before the anchor...
pub const MAX_AGE_DAYS: i64 = 365;
/// ...and at least this many days before the window starts.
pub const MIN_DAYS_BEFORE_WINDOW: i64 = 15;

/// Error agents fail on one of the this-many days before the anchor's day,
/// during the day (moved back to a working day of the home zone)...
pub const INCIDENT_DAYS: u32 = 6;
/// ...so at most this many days before the anchor's day.
pub const INCIDENT_LATEST_DAYS: u32 = 10;
/// Local hours (home time zone) an error agent's failure (its automatic pause) falls in.
pub const INCIDENT_HOURS: std::ops::Range<i64> = 11..17;
/// Active agents were last seen within this many seconds before the anchor.
pub const LAST_SEEN_SECONDS: i64 = 900;
/// Share of inactive agents stopped inside the window (the rest before it).
pub const STOPPED_IN_WINDOW: f64 = 0.5;

/// Popularity (typical working-day conversations) stays inside this range:
/// the seed's 10-100 a day, with room for the window's growth and a
/// weekend's dip above the floor of 10.
pub const POPULARITY: (f64, f64) = (15.0, 100.0);
/// Internal tools start higher: their weekends keep under two fifths of a
/// working day, and the seed's floor of 10 a day would lift a quieter
/// tool's weekend above that.
pub const INTERNAL_POPULARITY_FLOOR: f64 = 30.0;
/// The median agent's popularity, and the spread (natural log) of the
/// lognormal it is drawn from: real fleets have a heavy-tailed popularity,
/// a few agents carrying much of the traffic and many a little.
pub const POPULARITY_MEDIAN: f64 = 36.0;
pub const POPULARITY_SIGMA: f64 = 0.75;
/// Star performers are busy agents: at least this popular, so their
/// one-failure days still read 98% or better.
pub const STAR_POPULARITY: f64 = 62.0;

/// The temperatures agents are configured with (tenths from 0.0 to 1.0).
pub const TEMPERATURES: [f64; 11] = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];
/// The `maxTokens` settings agents are configured with.
pub const MAX_TOKENS: [u32; 6] = [256, 512, 1024, 2048, 4096, 8192];

/// Exact status counts for `n` agents, in [`AgentStatus::ALL`] order.
pub fn status_counts(n: usize) -> Vec<usize> {
    quota(n, &STATUS_SHARES)
}

pub fn generate(streams: &Streams, window: &Window, users: &[User], n: usize) -> Vec<Agent> {
    let mut ids = streams.family("agents.ids");
    let kinds = shuffled_quota(&mut streams.family("agents.kinds"), &AgentKind::ALL, &quota(n, &[1.0; 10]));
    let statuses = shuffled_quota(&mut streams.family("agents.statuses"), &AgentStatus::ALL, &status_counts(n));
    let models = models(streams, &kinds);
    let mut popularity = popularity(streams, &kinds);
    let performances = performances(streams, &statuses, &kinds, &mut popularity);
    let names = names(streams, &kinds);
    let descriptions = descriptions(streams, &kinds);
    let creators: Vec<UserIx> = (0..users.len() as UserIx)
        .filter(|&u| matches!(users[u as usize].role, Role::Admin | Role::Operator))
        .collect();
    let mut creator_rng = streams.family("agents.creators");
    let company = prompts::company_name(streams);

    (0..n)
        .map(|i| {
            let mut rng = streams.record("agents", i as u64);
            let kind = kinds[i];
            let profile = kind.profile();
            // Where the description used to be picked: keeps the draws after it as they were.
            let _ = profile.descriptions.choose(&mut rng);
            let description = Cow::Owned(descriptions[i].clone());
            // Where the prompt used to be picked: keeps the draws after it (temperature, ...) as they were.
            let _ = rng.random_range(..3usize);
            let temperature = TEMPERATURES[rng.random_range(1..=9)];
            let max_tokens = MAX_TOKENS[rng.random_range(2..=4)];
            let (created_at, last_active_at) = active_period(&mut rng, window, statuses[i]);
            let id = uuid_v4(&mut ids);
            let facts = PromptFacts {
                agent_name: &names[i],
                kind,
                model: models[i],
                temperature,
                max_tokens,
                company: &company,
            };
            let system_prompt = prompts::system_prompt(&facts, 1, streams, prompts::agent_key(&id));
            Agent {
                id,
                name: names[i].clone(),
                kind,
                description,
                model: models[i],
                status: statuses[i],
                performance: performances[i],
                created_at,
                last_active_at,
                config: AgentConfig { temperature, max_tokens, system_prompt, prompt_version: 1 },
                created_by: creators[creator_rng.random_range(0..creators.len())],
                metrics: AgentMetrics::default(),
                popularity: popularity[i],
                incident: None,
                status_changes: Default::default(),
                deleted_at: None,
            }
        })
        .collect()
}

/// `(created_at, last_active_at)`. Draws the same number of values whatever
/// the status, so an agent's other values never depend on its status.
fn active_period<R: RngExt + ?Sized>(
    rng: &mut R,
    window: &Window,
    status: AgentStatus,
) -> (DateTime<Utc>, DateTime<Utc>) {
    let oldest = MAX_AGE_DAYS * SECONDS_PER_DAY;
    let youngest = (window.days as i64 + MIN_DAYS_BEFORE_WINDOW) * SECONDS_PER_DAY;
    let created_at = window.anchor - TimeDelta::seconds(rng.random_range(youngest..=oldest));
    let seen_before_anchor = rng.random_range(1..=LAST_SEEN_SECONDS);
    let incident_day = window.last_day() - 1 - rng.random_range(0..INCIDENT_DAYS);
    // On a working day of the home zone: a crash needs traffic to be
    // noticed, and the platform pauses on failing conversations.
    // A decline needs its days inside the window, and a day before them.
    let earliest = window.last_day().saturating_sub(INCIDENT_LATEST_DAYS).max(super::incidents::DECLINE_DAYS.1 + 2);
    let mut incident_day = incident_day.max(earliest.min(window.last_day() - 1));
    while incident_day > earliest && day_type(window.local_hour(incident_day, 12).0) != DayType::Working {
        incident_day -= 1;
    }
    let incident_second = rng.random_range(INCIDENT_HOURS.start * 3600..INCIDENT_HOURS.end * 3600);
    let stopped_fraction: f64 = rng.random();
    let stopped_in_window = rng.random_bool(STOPPED_IN_WINDOW);
    let last_active_at = match status {
        AgentStatus::Active => window.anchor - TimeDelta::seconds(seen_before_anchor),
        AgentStatus::Error => {
            // Local business hours of the home zone that day.
            let day = window.day_start(incident_day);
            let offset = window.offset_hours(day + TimeDelta::hours(12));
            day + TimeDelta::seconds(incident_second - offset * 3600)
        }
        AgentStatus::Inactive => {
            // Stopped at least two weeks after creation: half of them inside
            // the window (their charts stop that day), the rest before it.
            // Both ends are offsets from the anchor, so the stop moves
            // exactly with the anchor, as every lifecycle date does.
            let window_start = window.anchor - TimeDelta::days(window.days as i64);
            let (earliest, latest) = if stopped_in_window {
                (window_start + TimeDelta::days(1), window.anchor - TimeDelta::days(2))
            } else {
                (created_at + TimeDelta::days(14), window_start - TimeDelta::days(2))
            };
            let span = (latest - earliest).num_seconds().max(0) as f64;
            earliest + TimeDelta::seconds((span * stopped_fraction) as i64)
        }
    };
    (created_at, last_active_at)
}

/// Models in their exact quota. Teams put their heaviest-context work on the
/// big model: agents are ranked by their kind's typical context size plus
/// jitter, the top share runs gpt-4o, the rest split between the small ones.
fn models(streams: &Streams, kinds: &[AgentKind]) -> Vec<Model> {
    let mut rng = streams.family("agents.models");
    let counts = quota(kinds.len(), &MODEL_SHARES);
    let scores: Vec<f64> = kinds
        .iter()
        .map(|k| {
            let (lo, hi) = k.profile().input_tokens_per_conversation;
            (lo + hi) as f64 / 2000.0 + uniform(&mut rng, 0.0, 6.0)
        })
        .collect();
    let mut ranked: Vec<usize> = (0..kinds.len()).collect();
    ranked.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    let small = shuffled_quota(&mut rng, &Model::ALL[1..], &counts[1..]);
    let mut models = vec![Model::Gpt4o; kinds.len()];
    for (&agent, model) in ranked[counts[0]..].iter().zip(small) {
        models[agent] = model;
    }
    models
}

/// Each agent's popularity: a lognormal draw (a few agents carry much of
/// the traffic), squashed into [`POPULARITY`] by a `tanh` in log space, so
/// the middle keeps its lognormal spread and the ends bend towards the
/// seed's bounds instead of piling up on them: a fleet's rank-size curve
/// falls as a tail, with no plateau of equally busy agents at the top.
fn popularity(streams: &Streams, kinds: &[AgentKind]) -> Vec<f64> {
    kinds
        .iter()
        .enumerate()
        .map(|(i, kind)| {
            let mut rng = streams.record("agents.popularity", i as u64);
            let lo = match Audience::of(*kind) {
                Audience::Customers => POPULARITY.0,
                Audience::Employees => INTERNAL_POPULARITY_FLOOR,
            };
            squashed_popularity(POPULARITY_SIGMA * normal(&mut rng), lo)
        })
        .collect()
}

/// The popularity `x` (natural log) away from [`POPULARITY_MEDIAN`], bent
/// smoothly into `lo` to the ceiling of [`POPULARITY`].
fn squashed_popularity(x: f64, lo: f64) -> f64 {
    let hi = POPULARITY.1;
    let room = if x >= 0.0 { (hi / POPULARITY_MEDIAN).ln() } else { (POPULARITY_MEDIAN / lo).ln() };
    POPULARITY_MEDIAN * (room * (x / room).tanh()).exp()
}

/// Active agents get exact star / struggler / steady quotas; inactive ones are
/// steady; the first error agent declines over its last days, others crash.
/// Stars are drawn among the busier active agents (ranked with a wide
/// jitter, so they are busy but not exactly the busiest) and lifted to at
/// least [`STAR_POPULARITY`], spread above it rather than onto one level.
fn performances(
    streams: &Streams,
    statuses: &[AgentStatus],
    kinds: &[AgentKind],
    popularity: &mut [f64],
) -> Vec<Performance> {
    let mut rng = streams.family("agents.performance");
    let mut active: Vec<(usize, f64)> = statuses
        .iter()
        .enumerate()
        .filter(|(_, s)| **s == AgentStatus::Active)
        .map(|(i, _)| (i, popularity[i] * uniform(&mut rng, 0.55, 1.45)))
        .collect();
    active.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let counts = quota(active.len(), &ACTIVE_PERFORMANCE_SHARES);
    // The fleet's flagship, its most popular agent, carries the widest mix
    // of requests and is not a star: the busiest agents are not all stars
    // (Customer-facing when it can be: their weeks carry the most.)
    let flagship = active.iter().map(|&(i, _)| i).max_by(|&a, &b| {
        let customers = |i: usize| Audience::of(kinds[i]) == Audience::Customers;
        customers(a).cmp(&customers(b)).then(popularity[a].total_cmp(&popularity[b])).then(b.cmp(&a))
    });
    if let Some(at) = active.iter().position(|&(i, _)| Some(i) == flagship)
        && at < counts[0]
        && active.len() > counts[0]
    {
        let entry = active.remove(at);
        active.insert(counts[0], entry);
    }
    let rest = shuffled_quota(&mut rng, &[Performance::Struggling, Performance::Steady], &counts[1..]);
    let mut performances = vec![Performance::Steady; statuses.len()];
    for (rank, &(agent, _)) in active.iter().enumerate() {
        performances[agent] = if rank < counts[0] {
            let lift = uniform(&mut rng, 0.0, 1.0);
            if popularity[agent] < STAR_POPULARITY {
                popularity[agent] = STAR_POPULARITY * (1.0 + 0.35 * lift * lift);
            }
            Performance::Star
        } else {
            rest.get(rank - counts[0]).copied().unwrap_or(Performance::Steady)
        };
    }
    let mut seen_error = false;
    for (agent, status) in statuses.iter().enumerate() {
        if *status == AgentStatus::Error {
            performances[agent] = if seen_error { Performance::Crashed } else { Performance::Declining };
            seen_error = true;
        }
    }
    performances
}

/// "Customer Support Bot 42": the kind's base name and a number unique within
/// the kind, drawn from `1..=max(99, 5 × agents of that kind)`.
fn names(streams: &Streams, kinds: &[AgentKind]) -> Vec<String> {
    let mut rng = streams.family("agents.names");
    let per_kind: Vec<usize> = AgentKind::ALL.iter().map(|k| kinds.iter().filter(|x| *x == k).count()).collect();
    let mut taken: Vec<Vec<bool>> = per_kind.iter().map(|&count| vec![false; suffix_range(count) + 1]).collect();
    kinds
        .iter()
        .map(|&kind| {
            let taken = &mut taken[kind as usize];
            let top = taken.len() - 1;
            let mut suffix = rng.random_range(1..=top);
            while taken[suffix] {
                suffix = rng.random_range(1..=top);
            }
            taken[suffix] = true;
            format!("{} {suffix}", kind.base_name())
        })
        .collect()
}

/// Each agent's description: one of its kind's, followed by whom the
/// deployment serves (a segment and region for customer-facing kinds, a
/// group and office for internal tools) or by nothing. The agents of a kind
/// take the (description, scope) pairs of a shuffled list in turn, so no two
/// share one until the list runs out (its kind's descriptions times 21
/// scopes for customer-facing kinds, 25 for internal tools), whatever the
/// fleet's size. Drawn from its own stream.
fn descriptions(streams: &Streams, kinds: &[AgentKind]) -> Vec<String> {
    let mut rng = streams.family("agents.descriptions");
    let mut pairs: Vec<Vec<(usize, usize)>> = AgentKind::ALL
        .iter()
        .map(|kind| {
            let scopes = scopes(*kind).len() + 1;
            let mut all: Vec<(usize, usize)> =
                (0..kind.profile().descriptions.len()).flat_map(|d| (0..scopes).map(move |s| (d, s))).collect();
            all.shuffle(&mut rng);
            all
        })
        .collect();
    let mut taken = [0usize; 10];
    kinds
        .iter()
        .map(|&kind| {
            let list = &mut pairs[kind as usize];
            let at = taken[kind as usize] % list.len().max(1);
            taken[kind as usize] += 1;
            let Some(&(d, s)) = list.get(at) else { return String::new() };
            let base = kind.profile().descriptions[d];
            match scopes(kind).get(s) {
                Some(scope) => format!("{base} {scope}"),
                None => base.to_string(),
            }
        })
        .collect()
}

/// Whom an agent of `kind` serves, as a description's second sentence.
fn scopes(kind: AgentKind) -> &'static [&'static str] {
    if kind.is_customer_facing() { CUSTOMER_SCOPES } else { EMPLOYEE_SCOPES }
}

const CUSTOMER_SCOPES: &[&str] = &[
    "Serves self-serve customers in North America.",
    "Serves self-serve customers in EMEA.",
    "Serves self-serve customers in APAC.",
    "Serves self-serve customers in Latin America.",
    "Serves mid-market customers in North America.",
    "Serves mid-market customers in EMEA.",
    "Serves mid-market customers in APAC.",
    "Serves mid-market customers in Latin America.",
    "Serves enterprise accounts in North America.",
    "Serves enterprise accounts in EMEA.",
    "Serves enterprise accounts in APAC.",
    "Covers Team-plan workspaces.",
    "Covers Business-plan workspaces.",
    "Covers trial workspaces in their first 14 days.",
    "Runs in the in-app help widget.",
    "Runs on the website's chat.",
    "Handles the overnight queue (US time).",
    "Handles weekend coverage.",
    "Piloted with Spanish-speaking customers.",
    "Piloted with French- and German-speaking customers.",
];
const EMPLOYEE_SCOPES: &[&str] = &[
    "Rolled out to the engineering org.",
    "Rolled out to sales and customer success.",
    "Rolled out company-wide.",
    "Rolled out to finance and operations.",
    "Rolled out to the product and design teams.",
    "Rolled out to marketing.",
    "Piloted with new hires in their first 90 days.",
    "Piloted with the London office.",
    "Piloted with the Berlin office.",
    "Piloted with the Toronto office.",
    "Piloted with the Austin office.",
    "Piloted with remote employees.",
    "Used mainly by the New York office.",
    "Used mainly by the support organisation.",
    "Used mainly by people managers.",
    "Available in Slack and Teams.",
    "Available in Slack only.",
    "Available on the intranet and in Slack.",
    "Answers in English and Spanish.",
    "Maintained by the Internal Tools team.",
    "Maintained by the Security team.",
    "Maintained by Business Operations.",
    "Covers US and Canadian employees.",
    "Covers employees in Europe.",
];

fn suffix_range(agents_of_kind: usize) -> usize {
    (agents_of_kind * 5).max(99)
}
