//! Daily metrics and cost records: one row per agent per window day, the
//! aggregate telemetry the dashboard charts.
//!
//! Every conversation an agent handles is simulated (cheaply, from 16-bit
//! draws): its hour, topic, message count, outcome and error type,
//! sentiment, resolution, reply latencies, the user's think time and its
//! tokens. A day's row is the exact sum of its conversations, so outcome
//! counts agree with the success rate, error counts sum to the failures, the
//! latency and duration histograms hold one value per reply or conversation
//! and their sums give the averages. The conversation records are a random
//! sample of these very conversations ([`super::conversations`]).
//!
//! Levels are drawn, not stratified: each agent has its own popularity,
//! diurnal shape, weekend dip, failure rate, error mix and latency; days add
//! a fleet-wide wobble, an agent's own autocorrelated noise and a slight
//! upward trend; holidays dip like weekends; incidents
//! ([`super::incidents`]) add failures and latency from their onset.

use chrono::{DateTime, TimeDelta, Timelike, Utc};

use super::calendar::{Audience, Rhythm, Window, provider_load, shaped};
use super::catalogue::Model;
use super::conversations::Sample;
use super::histogram::{DURATION_MS, Histogram, LATENCY_MS};
use super::incidents::{self, CRASH_FAILURE, DECLINE_PEAK, Episode, Pressure};
use super::kinds::{Complexity, KindProfile, conversation_length};
use super::model::{
    Agent, AgentMetrics, Channel, CostRecord, DailyMetric, ErrorType, GroupCounts, Mix, Performance, Sentiment,
};
use super::providers::Providers;
use super::rng::{Draws, Streams, cumulative, inverse_normal_cdf, normal, uniform, uuid_v4};

/// Conversations per whole active agent-day are clamped to this range.
pub const CONVERSATIONS_PER_DAY: (u32, u32) = (10, 100);
/// A day with fewer conversations has no slow tail (a cold start, a long
/// tool call): its few replies keep its average inside the seed's range.
const QUIET_DAY: u32 = 30;
/// The highest median reply latency of a quiet day's calls, ms.
const QUIET_MEDIAN_MS: f64 = 1300.0;
/// A star's typical week carries at least this many conversations a day
/// on average (each star 1 to 1.25 times it): each whole day has at least
/// one failure (the seed's 0.99 at most), so a star keeps its roll-up at
/// the seed's 0.98 or better by being busy over its window, not on every
/// day: its weekends and holidays dip like anyone's, and a window of
/// holidays keeps it above the 50 a day its one failure needs.
pub const STAR_MEAN_PER_DAY: f64 = 62.0;
/// ...and its window's whole days at least this many (see [`window_lift`]).
const STAR_WINDOW_MEAN: f64 = 55.0;
/// The seed's "weekdays 2× weekends", for the fleet as a whole.
const WEEKDAYS_OVER_WEEKENDS: f64 = 2.0;
/// Average response time per whole active agent-day stays in this range (ms).
pub const RESPONSE_TIME_MS: (f64, f64) = (800.0, 3000.0);
/// Success rate of every whole day of a healthy agent: at least one failure,
/// at most 15% (see [`failure_band`]).
pub const SUCCESS_RATE: (f64, f64) = (0.85, 0.99);
/// Traffic grows by about this share from the window's first day to its last.
pub const MONTHLY_GROWTH: f64 = 0.2;
/// Output tokens per input token, per conversation (so per day too).
pub const OUTPUT_RATIO: (f64, f64) = (1.42, 1.58);
/// The platform pauses an agent once most of its conversations over this
/// many hours failed: an error agent's last hours before its pause.
pub const PAUSE_HOURS: i64 = 3;
/// The fewest conversations the platform's pause window holds: it pauses
/// on failures it saw, never on an empty window.
pub const PAUSE_LEAST: u32 = 5;
/// An agent's deadline for one reply: a `TIMEOUT` failure's last reply takes this long.
pub const REPLY_TIMEOUT_MS: f64 = 30_000.0;
/// Channel shares, in [`Channel::ALL`] order, by audience: customers come
/// by the website, email and the shop's app (the API); employees by Slack,
/// Teams and the intranet. The fleet's mix is about the seed's 45/20/15/10/10.
pub fn channel_shares(audience: Audience) -> [f64; 5] {
    match audience {
        Audience::Customers => [0.72, 0.0, 0.0, 0.2, 0.08],
        Audience::Employees => [0.24, 0.4, 0.26, 0.07, 0.03],
    }
}
/// The usual mix of error types, in [`ErrorType::ALL`] order.
pub const ERROR_MIX: [f64; 6] = [0.25, 0.15, 0.15, 0.10, 0.30, 0.05];

/// How much replies slow with the provider's load: log2 of the latency
/// factor per log2 of the hour's load (the fleet's traffic at that UTC
/// hour against its mean), so the busiest hours run about 9% slower than
/// the day's median and the night's quietest about 20% faster.
const LOAD_LATENCY: f64 = 0.12;
/// How much a reply's length moves its latency: log2 of the factor per
/// log2 of its output tokens against the agent's typical reply.
const REPLY_LENGTH_LATENCY: f64 = 0.25;

/// log2 of the providers' load at `at` (see [`provider_load`]).
fn load_log2(at: DateTime<Utc>) -> f64 {
    provider_load(at).log2()
}

/// How much the providers' load at `at` slows a reply (a factor around 1).
pub fn load_slowdown(at: DateTime<Utc>) -> f64 {
    (LOAD_LATENCY * load_log2(at)).exp2()
}

/// Success-rate band of a performance profile's roll-up over the window.
pub fn success_band(performance: Performance) -> (f64, f64) {
    match performance {
        Performance::Star => (0.98, 1.0),
        Performance::Struggling => (0.85, 0.90),
        Performance::Steady | Performance::Declining | Performance::Crashed => (0.90, STEADY_BEST),
    }
}

/// The best a steady agent's days (so its roll-up) may read: just above
/// the stars' 0.98, so the fleet's success rates run on a continuum from
/// the strugglers' 0.85 to the stars' 0.99 instead of leaving a gap between
/// the steady agents and the stars.
pub const STEADY_BEST: f64 = 0.99;

/// A steady agent's usual failure probability is drawn log-uniformly in
/// this range (its days then clamped to at least one failure and at most
/// 10%): some fail nearly as rarely as a star, some nearly as often as a
/// struggler. Busier agents lean to the reliable end (teams tune the
/// agents that carry their traffic), so the steady agents' roll-ups run
/// on from the strugglers' band into the stars'.
const STEADY_FAILURE: (f64, f64) = (0.01, 0.12);

/// A steady agent's usual failure probability from a uniform draw `u`:
/// log-uniform in [`STEADY_FAILURE`], the draw leaning to the reliable end
/// with the agent's popularity (0 at the seed's floor, 1 at its ceiling).
fn steady_failure(popularity: f64, u: f64) -> f64 {
    let (lo, hi) = STEADY_FAILURE;
    let busy = ((popularity.max(1.0) / 10.0).ln() / 10f64.ln()).clamp(0.0, 1.0);
    let position = u.clamp(0.0, 1.0).powf(0.8 + 2.5 * busy);
    lo * (hi / lo).powf(position)
}

/// Failures a whole day of `n` (10 or more) conversations of a healthy agent
/// may have, by performance: a star at least one and at most 2% on a busy
/// day (one on a quieter one), a steady agent at least one and at most 10%,
/// a struggler 10–15%. A
/// day's success rate is thus always 0.85–0.99, and a profile's days (so its
/// roll-up) stay in its band; where no whole count fits a band (a struggler's
/// 11 conversations), the count keeping the rate at 0.85 or above is used.
pub fn failure_band(performance: Performance, n: u32) -> (u32, u32) {
    let at_least = |percent: u32| (n * percent).div_ceil(100).max(1);
    let at_most = |percent: u32| (n * percent / 100).max(1);
    let (lo, hi) = match performance {
        Performance::Star => (1, at_most(2)),
        Performance::Struggling => (at_least(10), at_most(15)),
        _ => (1, at_most(10)),
    };
    (lo.min(hi), hi)
}

/// The end of an agent's traffic: the anchor, or when it was stopped or paused.
pub fn traffic_end(window: &Window, agent: &Agent) -> DateTime<Utc> {
    agent.last_active_at.min(window.end())
}

/// Whether an agent's traffic covers the whole of window day `day`.
pub fn is_whole_day(window: &Window, agent: &Agent, day: u32) -> bool {
    let start = window.day_start(day);
    agent.created_at <= start && traffic_end(window, agent) >= start + TimeDelta::days(1)
}

/// Whether an agent served any traffic on window day `day`.
pub fn is_active_day(window: &Window, agent: &Agent, day: u32) -> bool {
    let start = window.day_start(day);
    agent.created_at < window.day_end(day) && traffic_end(window, agent) > start
}

/// Whether an agent's days count as healthy (the contract's per-day bands
/// apply): not an error agent's days from its incident's onset on.
pub fn is_healthy_day(window: &Window, agent: &Agent, day: u32) -> bool {
    match &agent.incident {
        Some(incident) => window.day_start(day) + TimeDelta::days(1) <= incident.onset,
        None => true,
    }
}

/// Daily rows of every agent, agent-major, and the sampled conversations.
pub struct Telemetry {
    pub daily_metrics: Vec<DailyMetric>,
    pub cost_records: Vec<CostRecord>,
    /// The conversations picked for the sample, in row order.
    pub sampled: Vec<SampledConversation>,
    /// The model providers' drift and incidents the traffic went through.
    pub providers: Providers,
}

/// One simulated conversation picked for the sample, with everything its
/// record needs.
#[derive(Clone, Debug)]
pub struct SampledConversation {
    /// Its daily-metric row.
    pub row: usize,
    /// Its place among the row's conversations (for a stable id).
    pub unit: u32,
    pub hour: u32,
    pub topic: u16,
    pub complexity: Complexity,
    pub message_count: u16,
    pub error: Option<ErrorType>,
    pub sentiment: Sentiment,
    pub resolved: bool,
    pub channel: Channel,
    pub reply_latencies_ms: Vec<u32>,
    pub think_ms: u32,
    pub duration_ms: u64,
    pub input_tokens: u32,
    pub output_tokens: u32,
}

/// Generates every agent's rows. `picks` says which of each row's
/// conversations the sample takes (see [`super::conversations::allocate`]).
/// `volumes` are the rows' conversation counts, from [`conversation_counts`];
/// `episodes[a]` a scenario's stress on agent `a` (empty: none).
pub fn generate(
    streams: &Streams,
    window: &Window,
    agents: &mut [Agent],
    volumes: &[u32],
    picks: &Sample,
    episodes: &[Option<Episode>],
) -> Telemetry {
    let days = window.days as usize;
    let profiles = profiles(streams, window, agents);
    let providers = Providers::draw(streams, window);
    let shared: &[Agent] = agents;
    let parts = super::in_chunks(agents.len(), |range| {
        simulate_agents(streams, window, shared, &profiles, volumes, picks, episodes, &providers, range)
    });
    let mut telemetry = Telemetry {
        daily_metrics: Vec::with_capacity(agents.len() * days),
        cost_records: Vec::with_capacity(agents.len() * days),
        sampled: Vec::new(),
        providers: Providers::default(),
    };
    telemetry.providers = providers;
    for part in parts {
        telemetry.daily_metrics.extend(part.daily_metrics);
        telemetry.cost_records.extend(part.cost_records);
        telemetry.sampled.extend(part.sampled);
    }
    for (a, agent) in agents.iter_mut().enumerate() {
        agent.metrics = roll_up(&telemetry.daily_metrics[a * days..(a + 1) * days]);
    }
    telemetry
}

/// The rows of the agents in `range`.
#[allow(clippy::too_many_arguments)]
fn simulate_agents(
    streams: &Streams,
    window: &Window,
    agents: &[Agent],
    profiles: &[Profile],
    volumes: &[u32],
    picks: &Sample,
    episodes: &[Option<Episode>],
    providers: &Providers,
    range: std::ops::Range<usize>,
) -> Telemetry {
    let days = window.days as usize;
    let mut daily_metrics = Vec::with_capacity(range.len() * days);
    let mut cost_records = Vec::with_capacity(range.len() * days);
    let mut sampled = Vec::new();
    let mut scratch = Scratch::default();
    for a in range {
        let agent = &agents[a];
        let profile = &profiles[a];
        let episode = episodes.get(a).and_then(Option::as_ref);
        let mut draws = Draws::new(streams.record("metrics.traffic", a as u64));
        let mut metric_ids = streams.record("metrics.ids", a as u64);
        let mut cost_ids = streams.record("costs.ids", a as u64);
        let mut day_rng = streams.record("metrics.days", a as u64);
        for day in 0..window.days {
            let row = a * days + day as usize;
            let weather = agent.incident.is_none() && episode.is_none();
            let mut levels = DayLevels::draw(&mut day_rng, profile, window, agent, day, providers, weather);
            levels.healthy &= episode.is_none_or(|e| !e.unsettles(window, day));
            let n = volumes[row];
            let mut metric = empty_row(uuid_v4(&mut metric_ids), a as u32, window.date(day));
            if n > 0 {
                // Which conversations the sample takes is known first, so only
                // theirs keep their reply latencies.
                scratch.chosen.clear();
                scratch.chosen.extend_from_slice(picks.units(row));
                let day_of = DayOf { agent, episode, window, day, providers };
                profile.simulate_day(&mut draws, &levels, &day_of, n, &mut scratch, &mut metric);
                for unit in std::mem::take(&mut scratch.chosen) {
                    if let Some(c) = scratch.sampled(row, unit) {
                        sampled.push(c);
                    }
                }
            }
            cost_records.push(CostRecord {
                id: uuid_v4(&mut cost_ids),
                agent: a as u32,
                date: metric.date,
                input_tokens: metric.total_tokens_input,
                output_tokens: metric.total_tokens_output,
                cost_micros: agent.model.cost_micros(metric.total_tokens_input, metric.total_tokens_output),
                model: agent.model,
            });
            daily_metrics.push(metric);
        }
    }
    Telemetry { daily_metrics, cost_records, sampled, providers: Providers::default() }
}

/// Conversations per row: what each agent-day's traffic counts, before any
/// detail is drawn (the sample is allocated from these).
pub fn conversation_counts(streams: &Streams, window: &Window, agents: &[Agent]) -> Vec<u32> {
    let profiles = profiles(streams, window, agents);
    volumes(streams, window, agents, &profiles)
}

/// The exact roll-up of an agent's daily rows.
pub fn roll_up<'a>(rows: impl IntoIterator<Item = &'a DailyMetric>) -> AgentMetrics {
    let mut m = AgentMetrics::default();
    for row in rows {
        m.total_conversations += row.conversations as u64;
        m.succeeded += row.succeeded as u64;
        m.replies += row.replies as u64;
        m.latency_sum_ms += row.latency_sum_ms;
    }
    m
}

fn empty_row(id: uuid::Uuid, agent: u32, date: chrono::NaiveDate) -> DailyMetric {
    DailyMetric::empty(id, agent, date)
}

impl DailyMetric {
    /// A day without traffic.
    pub fn empty(id: uuid::Uuid, agent: u32, date: chrono::NaiveDate) -> DailyMetric {
        DailyMetric {
            id,
            agent,
            date,
            conversations: 0,
            succeeded: 0,
            errors: [0; 6],
            sentiments: [0; 3],
            resolved: 0,
            messages: 0,
            replies: 0,
            latency_sum_ms: 0,
            latency: Histogram::default(),
            duration_sum_ms: 0,
            durations: Histogram::default(),
            hourly: [0; 24],
            hourly_failed: [0; 24],
            total_tokens_input: 0,
            total_tokens_output: 0,
            traces: Default::default(),
            mix: Mix::default(),
        }
    }
}

/// An agent's own levels, drawn once.
struct Profile {
    performance: Performance,
    kind: &'static KindProfile,
    volume: f64,
    audience: Audience,
    /// Weekend traffic against a working day's.
    weekend: f64,
    growth: f64,
    /// Traffic by local hour on working days and on days off, each summing to 24.
    shapes: [[f64; 24]; 2],
    /// Its kind's week and each day's mood.
    rhythm: Rhythm,
    /// Usual failure probability.
    failure: f64,
    /// Cumulative bands, for drawing: error types, channels, and sentiment
    /// by (failed, complexity).
    error_bands: Vec<f64>,
    channel_bands: Vec<f64>,
    sentiment_bands: Vec<Vec<f64>>,
    /// log2 of the median reply latency, ms, and its spread.
    latency_log2: f64,
    latency_sigma: f64,
    outlier_rate: f64,
    tokens_per_conversation: f64,
    /// The centre of its conversations' output/input ratio by window day:
    /// its own verbosity, the fleet's drift and the day's own (see
    /// [`output_ratios`]).
    output_ratio: Vec<f64>,
    /// `(messages / mean messages)^0.8` by message count: bigger
    /// conversations carry more context, less than proportionally.
    size_factor: Vec<f64>,
    /// Output tokens of a typical reply.
    typical_reply_tokens: f64,
    /// Incident level (peak failure probability) for error agents.
    incident_peak: f64,
    /// The services its tools call ([`super::spans::services`]).
    services: Vec<&'static str>,
}

fn profiles(streams: &Streams, window: &Window, agents: &[Agent]) -> Vec<Profile> {
    let mut profiles: Vec<Profile> = agents
        .iter()
        .enumerate()
        .map(|(a, agent)| {
            let rhythm = Rhythm::new(streams, window, a, agent.kind);
            let mut profile = Profile::draw(&mut streams.record("metrics", a as u64), agent, rhythm);
            profile.output_ratio = output_ratios(streams, window, a);
            profile
        })
        .collect();
    fleet_weekends(&mut profiles);
    profiles
}

/// How far a conversation's output/input ratio strays from its day's centre.
const OUTPUT_SPREAD: f64 = 0.04;

/// Agent `a`'s output/input centre by window day: the seed's 1.5 moved by
/// the agent's own verbosity (a terse classifier, a chatty tutor: ±0.04),
/// by the workspace's drift (prompts and model versions change how much
/// every agent writes: a slow walk within ±0.035, the same for the fleet)
/// and by the day's own (±0.015). Conversations draw within
/// [`OUTPUT_SPREAD`] of it, inside the contract's [`OUTPUT_RATIO`], so the
/// fleet's daily ratio moves by a few hundredths and an agent's by more
/// (it sat at 1.494-1.505 every day).
fn output_ratios(streams: &Streams, window: &Window, a: usize) -> Vec<f64> {
    let mut fleet = streams.record("metrics.output_drift", 0);
    let mut own = streams.record("metrics.output_ratio", a as u64);
    let centre = uniform(&mut own, 1.46, 1.54);
    let mut drift = uniform(&mut fleet, -0.02, 0.02);
    (0..window.days)
        .map(|_| {
            drift = (0.6 * drift + uniform(&mut fleet, -0.015, 0.015)).clamp(-0.035, 0.035);
            let day = uniform(&mut own, -0.015, 0.015);
            (centre + drift + day).clamp(OUTPUT_RATIO.0 + 0.01, OUTPUT_RATIO.1 - 0.01)
        })
        .collect()
}

/// A conversation's output/input ratio around `centre`, inside [`OUTPUT_RATIO`].
fn output_ratio(draws: &mut Draws, centre: f64) -> f64 {
    let half = OUTPUT_SPREAD.min(centre - OUTPUT_RATIO.0).min(OUTPUT_RATIO.1 - centre).max(0.0);
    draws.uniform(centre - half, centre + half)
}

/// The seed's "weekdays 2× weekends" is the fleet's, while each audience
/// keeps its own week: every agent's drawn weekend factor is scaled by one
/// fleet-wide factor (within its audience's bounds) so that the fleet's
/// expected working day carries twice its weekend day. A fleet of shop
/// assistants keeps about half its traffic at weekends, a fleet of internal
/// tools about two fifths, and in a mixed one the shop keeps far more than
/// the office.
fn fleet_weekends(profiles: &mut [Profile]) {
    let day = |p: &Profile, factor: f64| banded(p.volume * factor, true);
    let scaled = |p: &Profile, s: f64| {
        let (lo, hi) = p.audience.weekend_bounds();
        (p.weekend * s).clamp(lo, hi)
    };
    let working: f64 = profiles.iter().map(|p| day(p, 1.0)).sum();
    let weekend = |s: f64| profiles.iter().map(|p| day(p, scaled(p, s))).sum::<f64>();
    // The weekend's volume grows with the scale: bisect for the ratio.
    let (mut lo, mut hi) = (0.1, 10.0);
    for _ in 0..50 {
        let mid = (lo + hi) / 2.0;
        if working > WEEKDAYS_OVER_WEEKENDS * weekend(mid) { lo = mid } else { hi = mid }
    }
    let s = (lo + hi) / 2.0;
    for p in profiles.iter_mut() {
        p.weekend = scaled(p, s);
    }
}

impl Profile {
    fn draw(rng: &mut rand_chacha::ChaCha8Rng, agent: &Agent, rhythm: Rhythm) -> Profile {
        let kind = agent.kind.profile();
        let failure = match agent.performance {
            Performance::Star => uniform(rng, 0.004, 0.009),
            Performance::Struggling => uniform(rng, 0.095, 0.15),
            // An error agent's own failures stay few, so its incident's type
            // dominates its decline.
            Performance::Declining | Performance::Crashed => uniform(rng, 0.03, 0.05),
            _ => steady_failure(agent.popularity, uniform(rng, 0.0, 1.0)),
        };
        let mut error_mix = ERROR_MIX;
        for w in &mut error_mix {
            *w *= (0.45 * normal(rng)).exp();
        }
        let median = match agent.model {
            Model::Gpt4o => uniform(rng, 1150.0, 1550.0),
            Model::Gpt4oMini => uniform(rng, 940.0, 1200.0),
            Model::Gpt35Turbo => uniform(rng, 900.0, 1280.0),
        };
        let (tokens_lo, tokens_hi) = kind.input_tokens_per_conversation;
        let mean_messages =
            kind.topics.iter().map(|t| super::kinds::mean_length(t.complexity, kind.extra_messages)).sum::<f64>()
                / kind.topics.len().max(1) as f64;
        let shift = uniform(rng, -0.5, 1.0);
        let flatness = uniform(rng, 0.0, 0.15);
        let peak = match agent.performance {
            Performance::Declining => uniform(rng, DECLINE_PEAK.0, DECLINE_PEAK.1),
            _ => uniform(rng, CRASH_FAILURE.0, CRASH_FAILURE.1),
        };
        let audience = Audience::of(agent.kind);
        let (weekend_lo, weekend_hi) = rhythm.week().weekend;
        Profile {
            performance: agent.performance,
            kind,
            volume: agent.popularity,
            audience,
            // Stars' busy queues keep more of their traffic at weekends.
            weekend: uniform(rng, weekend_lo, weekend_hi)
                + if agent.performance == Performance::Star { 0.06 } else { 0.0 },
            growth: MONTHLY_GROWTH * uniform(rng, 0.8, 1.3),
            shapes: audience.shapes().map(|curve| shaped(&curve, shift, flatness)),
            rhythm,
            failure,
            error_bands: cumulative(&error_mix),
            channel_bands: cumulative(&channel_shares(audience)),
            sentiment_bands: [false, true]
                .into_iter()
                .flat_map(|failed| Complexity::ALL.map(move |c| (failed, c)))
                .map(|(failed, c)| cumulative(&sentiment_weights(failed, agent.performance, c)))
                .collect(),
            latency_log2: median.log2(),
            latency_sigma: uniform(rng, 0.38, 0.52) / std::f64::consts::LN_2,
            outlier_rate: uniform(rng, 0.001, 0.003),
            tokens_per_conversation: uniform(rng, tokens_lo as f64, tokens_hi as f64),
            output_ratio: Vec::new(),
            size_factor: (0..64).map(|m| (m as f64 / mean_messages).powf(0.8)).collect(),
            typical_reply_tokens: (tokens_lo + tokens_hi) as f64 / 2.0 * (OUTPUT_RATIO.0 + OUTPUT_RATIO.1)
                / 2.0
                / (mean_messages / 2.0).max(1.0),
            incident_peak: peak,
            services: super::spans::services(agent.kind),
        }
    }
}

impl Profile {
    /// The agent's traffic in each UTC hour of window day `day` against
    /// its working day's mean hour: its calendar's weight of the local
    /// date and hour (see [`Rhythm::weight`]).
    fn day_weights(&self, window: &Window, day: u32) -> [f64; 24] {
        std::array::from_fn(|h| {
            let (date, hour) = window.local_hour(day, h as u32);
            self.weight(date, hour)
        })
    }

    fn weight(&self, date: chrono::NaiveDate, local_hour: u32) -> f64 {
        self.rhythm.weight(&self.shapes, self.weekend, date, local_hour)
    }
}

/// Conversations per row, agent-major: volume × trend × weekday ×
/// fleet and agent noise × the share of the day the agent served.
fn volumes(streams: &Streams, window: &Window, agents: &[Agent], profiles: &[Profile]) -> Vec<u32> {
    let fleet: Vec<f64> = {
        let mut rng = streams.family("metrics.fleet");
        (0..window.days).map(|_| (0.04 * normal(&mut rng)).exp()).collect()
    };
    let chunks = super::in_chunks(agents.len(), |range| {
        let mut out = Vec::with_capacity(range.len() * window.days as usize);
        for a in range {
            agent_volumes(streams, window, &agents[a], a, &profiles[a], &fleet, &mut out);
        }
        out
    });
    chunks.concat()
}

/// One agent's conversations per window day, appended to `out`.
fn agent_volumes(
    streams: &Streams,
    window: &Window,
    agent: &Agent,
    a: usize,
    profile: &Profile,
    fleet: &[f64],
    out: &mut Vec<u32>,
) {
    let mut rng = streams.record("metrics.volume", a as u64);
    let mut wobble = 0.0;
    let end = traffic_end(window, agent).timestamp();
    // Each day's natural count (before the seed's band), whether the agent
    // served all of it and the share of its traffic it served: `None` for
    // a day without traffic.
    let mut days: Vec<Option<(f64, bool, f64)>> = Vec::with_capacity(window.days as usize);
    for day in 0..window.days {
        wobble = 0.6 * wobble + 0.06 * normal(&mut rng);
        let jitter = normal(&mut rng);
        let covered = hour_coverage(window, day, agent.created_at.timestamp(), end);
        let weights = profile.day_weights(window, day);
        // The share of a working day's traffic the agent served this day:
        // the calendar's dip and the part of the day it served.
        let coverage: f64 = (0..24).map(|h| weights[h] * covered[h]).sum::<f64>() / 24.0;
        if !is_active_day(window, agent, day) || coverage <= 0.0 {
            days.push(None);
            continue;
        }
        let trend = 1.0 + profile.growth * day as f64 / (window.days - 1).max(1) as f64;
        let expected = profile.volume * trend * fleet[day as usize] * wobble.exp() * coverage;
        // A day (or a part of one: the anchor's, a stop, a pause) is
        // noisy as a day of its own size.
        let natural = (expected + expected.sqrt() * 0.5 * jitter).max(0.5);
        let part = coverage * 24.0 / weights.iter().sum::<f64>().max(f64::MIN_POSITIVE);
        days.push(Some((natural, is_whole_day(window, agent, day), part)));
    }
    // A star too quiet for its roll-up gets as much more traffic as it needs.
    let more = if profile.performance == Performance::Star {
        let typical = star_lift(profile, STAR_MEAN_PER_DAY * uniform(&mut rng, 1.0, 1.25));
        typical.max(window_lift(&days, STAR_WINDOW_MEAN))
    } else {
        0.0
    };
    let (lo, hi) = CONVERSATIONS_PER_DAY;
    out.extend(days.iter().map(|day| match *day {
        None => 0,
        Some((x, whole, part)) => {
            let n = round_half_up(banded(x + more * part, whole)) as u32;
            // The clamp only catches rounding: the band keeps every whole day inside.
            if whole { n.clamp(lo, hi) } else { n.min(hi) }
        }
    }));
}

/// How many conversations to add to each of a star's days so that its
/// typical week's days carry `mean` on average once banded: 0 when they
/// already do. The same number each day, so its quiet days gain the most
/// in proportion (its weekend queue keeps more of its week) and its busy
/// days stay clear of the cap; a part of a day gains its part of it. Its
/// typical week (its kind's weekdays and its weekend at the window's
/// middle, no holidays), not the window's days: moving the anchor moves
/// no star's other days.
fn star_lift(profile: &Profile, mean: f64) -> f64 {
    let week = profile.rhythm.week();
    let level = profile.volume * (1.0 + profile.growth / 2.0);
    let typical: Vec<f64> = week
        .weekdays
        .iter()
        .map(|w| level * w)
        .chain(week.weekend_days.iter().map(|w| level * profile.weekend * w))
        .collect();
    lift_to(&typical, mean)
}

/// What to add to each of a star's days so that the window's whole days
/// (`days`, as [`agent_volumes`] draws them) carry `mean` on average once
/// banded: the floor under [`star_lift`] in a window of holidays, where a
/// star's typical week would leave its roll-up under 0.98.
fn window_lift(days: &[Option<(f64, bool, f64)>], mean: f64) -> f64 {
    let whole: Vec<f64> = days.iter().flatten().filter(|(_, whole, _)| *whole).map(|&(x, _, _)| x).collect();
    lift_to(&whole, mean)
}

/// What to add to each of `naturals` for their banded mean to reach
/// `mean`: 0 when it already does, else bisected (the banded mean grows
/// with what is added, towards the cap's 100).
fn lift_to(naturals: &[f64], mean: f64) -> f64 {
    let banded_mean = |more: f64| naturals.iter().map(|&x| banded(x + more, true)).sum::<f64>() / naturals.len() as f64;
    if naturals.is_empty() || banded_mean(0.0) >= mean {
        return 0.0;
    }
    let (mut low, mut high) = (0.0, 100.0);
    for _ in 0..40 {
        let mid = (low + high) / 2.0;
        if banded_mean(mid) >= mean { high = mid } else { low = mid }
    }
    high
}

/// A day's natural count `x` fitted into the seed's band: a `whole`
/// day's 10 to 100, a part of one's under 100. Counts
/// from [`QUIET_ROOM`] above the floor to [`BUSY_FROM`] stay as they are;
/// quieter ones are squeezed into the room above the floor and busier ones
/// bend towards the cap without reaching it, each keeping its order (a
/// power curve, joining on with slope 1). A clamp instead piled a fifth of
/// the fleet's agent-days on exactly 10 (an internal tool's weekends and
/// holidays) and the busiest stars' weekdays on exactly 100: flat lines no
/// real fleet draws.
fn banded(x: f64, whole: bool) -> f64 {
    let (lo, hi) = (CONVERSATIONS_PER_DAY.0 as f64, CONVERSATIONS_PER_DAY.1 as f64);
    let top = lo + QUIET_ROOM;
    if whole && x < top {
        lo + QUIET_ROOM * (x / top).powf(top / QUIET_ROOM)
    } else if x > BUSY_FROM {
        // Slope 1 where the bend starts, so the busy days join on.
        hi - (hi - BUSY_FROM) * (BUSY_FROM / x).powf(BUSY_FROM / (hi - BUSY_FROM))
    } else {
        x
    }
}

/// See [`banded`]: the room above a whole day's floor its quieter days share...
const QUIET_ROOM: f64 = 20.0;
/// ...and where a day starts bending towards the cap.
const BUSY_FROM: f64 = 85.0;

/// How much more likely the conversation after a failed one in the same
/// hour is to fail ([`Profile::simulate_day`]'s selection)...
const RETRY_WEIGHT: f64 = 12.0;
/// ...and the share of an hour's later usual failures that fail the same
/// way as its first.
const SAME_WAY: f64 = 0.6;

/// One agent-day's levels around the agent's profile.
struct DayLevels {
    failure: f64,
    latency_log2: f64,
    /// Multiplies an incident's curve on this day.
    wobble: f64,
    healthy: bool,
    whole: bool,
}

impl DayLevels {
    fn draw(
        rng: &mut rand_chacha::ChaCha8Rng,
        p: &Profile,
        window: &Window,
        agent: &Agent,
        day: u32,
        providers: &Providers,
        weather: bool,
    ) -> DayLevels {
        let failure = p.failure * (0.25 * normal(rng)).exp();
        // Keep the day's mean latency inside the contract's band.
        // Below 1,700 ms: longer replies and busy hours lift the mean, and a
        // small day's one timeout must not take it past 3,000 ms.
        // The provider's drift, for an agent with no incident or episode of
        // its own (whose story its own figures tell).
        let drift = if weather { providers.drift(agent.model, day) } else { 0.0 };
        let median = day_median_log2(p.latency_log2 + drift + 0.06 * normal(rng));
        let wobble = (0.15 * normal(rng)).exp();
        DayLevels {
            failure,
            latency_log2: median,
            wobble,
            healthy: is_healthy_day(window, agent, day),
            whole: is_whole_day(window, agent, day),
        }
    }
}

/// A day's median reply latency (log2 of ms) kept in the band whose
/// busy hours, long replies and one timeout still leave the day's mean
/// inside the contract's 800-3,000 ms.
fn day_median_log2(log2: f64) -> f64 {
    log2.clamp(960f64.log2(), 1700f64.log2())
}

/// Whether a conversation that did not fail (the caller asks only then)
/// still reads as one that did:
/// replies slowed by an incident (the provider's, or the agent's own) keep
/// users waiting, and some leave as annoyed as if it had failed, less
/// often resolved. A share [`SOURING`] per unit of slowdown, at most
/// [`SOURED_MOST`].
fn soured(draws: &mut Draws, pressure: Pressure) -> bool {
    pressure.latency > 1.0 && draws.chance((SOURING * (pressure.latency - 1.0)).min(SOURED_MOST))
}

/// See [`soured`].
const SOURING: f64 = 0.8;
const SOURED_MOST: f64 = 0.6;

/// One simulated conversation, before aggregation.
#[derive(Clone, Debug, Default)]
struct Unit {
    hour: u8,
    topic: u16,
    complexity: Complexity,
    message_count: u16,
    error: Option<ErrorType>,
    sentiment: usize,
    resolved: bool,
    channel: usize,
    latencies: Vec<u32>,
    think_ms: u32,
    duration_ms: u64,
    input_tokens: u32,
    output_tokens: u32,
}

/// Buffers reused across days.
#[derive(Default)]
struct Scratch {
    /// `units[..count]` are the day's conversations.
    units: Vec<Unit>,
    count: usize,
    /// The day's units the sample takes, ascending.
    chosen: Vec<u32>,
    weights: Vec<f64>,
    /// Each unit's next in the same hour (`u32::MAX`: none), and whether
    /// it is a retry of a failure ([`RETRY_WEIGHT`]).
    next_in_hour: Vec<u32>,
    retry: Vec<bool>,
    latency: Vec<u32>,
    duration: Vec<u32>,
}

impl Scratch {
    fn sampled(&self, row: usize, unit: u32) -> Option<SampledConversation> {
        let u = self.units[..self.count].get(unit as usize)?;
        Some(SampledConversation {
            row,
            unit,
            hour: u.hour as u32,
            topic: u.topic,
            complexity: u.complexity,
            message_count: u.message_count,
            error: u.error,
            sentiment: Sentiment::ALL[u.sentiment],
            resolved: u.resolved,
            channel: Channel::ALL[u.channel],
            reply_latencies_ms: u.latencies.clone(),
            think_ms: u.think_ms,
            duration_ms: u.duration_ms,
            input_tokens: u.input_tokens,
            output_tokens: u.output_tokens,
        })
    }
}

/// How much of each UTC hour of window day `day` lies between `from` and
/// `end` (Unix timestamps: the agent's creation and the end of its
/// traffic): 1 for a whole hour, 0 for none. Integer arithmetic: it runs
/// for every agent-day.
fn hour_coverage(window: &Window, day: u32, from: i64, end: i64) -> [f64; 24] {
    let start = window.day_start(day).timestamp();
    std::array::from_fn(|h| {
        let hour = start + 3600 * h as i64;
        (end.min(hour + 3600) - from.max(hour)).clamp(0, 3600) as f64 / 3600.0
    })
}

/// `x` (0 or more) to the nearest whole number, ties up, without a libm
/// call (through `i64`: x86 converts it in one instruction, `u64` not).
fn round_half_up(x: f64) -> f64 {
    (x + 0.5) as i64 as f64
}

/// `2^(σ z)` for the 16-bit normal draws `z` of [`Draws::normal_bits`], per σ:
/// the lognormal noise of think times and token counts, one table read each.
fn lognormal_table(sigma_log2: f64) -> Vec<f32> {
    (0..65536u32).map(|k| (sigma_log2 * inverse_normal_cdf((k as f64 + 0.5) / 65536.0)).exp2() as f32).collect()
}

fn think_noise() -> &'static [f32] {
    static TABLE: std::sync::OnceLock<Vec<f32>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| lognormal_table(THINK_SIGMA_LOG2))
}

fn token_noise() -> &'static [f32] {
    static TABLE: std::sync::OnceLock<Vec<f32>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| lognormal_table(TOKEN_SIGMA_LOG2))
}

/// Spread (log2) of a user's think time around its channel's median.
const THINK_SIGMA_LOG2: f64 = 0.8;
/// Spread (log2) of a conversation's tokens around its size's typical count.
const TOKEN_SIGMA_LOG2: f64 = 0.25;

/// The middle of the part of UTC hour `hour` of window day `day` before `end`
/// (the hour's middle when it is whole).
pub fn hour_middle(window: &Window, day: u32, hour: i64, end: DateTime<Utc>) -> DateTime<Utc> {
    let start = window.day_start(day) + TimeDelta::hours(hour);
    let covered = (end.min(start + TimeDelta::hours(1)) - start).num_seconds().clamp(0, 3600);
    start + TimeDelta::seconds(covered / 2)
}

/// Median think time between an agent reply and the user's next message,
/// ms, by channel (web chat fast, email slow, API near-instant).
fn think_median_ms(channel: usize) -> f64 {
    match Channel::ALL[channel] {
        Channel::Web => 22_000.0,
        Channel::Slack | Channel::Teams => 40_000.0,
        Channel::Email => 900_000.0,
        Channel::Api => 1_500.0,
    }
}

/// Sentiment shares given the outcome, performance and complexity, in
/// [`Sentiment::ALL`] order.
fn sentiment_weights(failed: bool, performance: Performance, complexity: Complexity) -> [f64; 3] {
    if failed {
        return [0.08, 0.32, 0.60];
    }
    let mut w = [0.635, 0.30, 0.065];
    let shift = |w: &mut [f64; 3], d: [f64; 3]| {
        for (x, dx) in w.iter_mut().zip(d) {
            *x = (*x + dx).max(0.005);
        }
    };
    match performance {
        Performance::Star => shift(&mut w, [0.04, -0.01, -0.03]),
        Performance::Struggling => shift(&mut w, [-0.07, 0.02, 0.05]),
        _ => {}
    }
    match complexity {
        Complexity::Simple => shift(&mut w, [0.03, -0.01, -0.02]),
        Complexity::Moderate => {}
        Complexity::Complex => shift(&mut w, [-0.05, 0.02, 0.03]),
    }
    w
}

/// Chance a completed conversation was resolved without a human.
pub fn resolve_probability(sentiment: Sentiment, complexity: Complexity) -> f64 {
    let base = match sentiment {
        Sentiment::Positive => 0.96,
        Sentiment::Neutral => 0.85,
        Sentiment::Negative => 0.36,
    };
    let shift = match complexity {
        Complexity::Simple => 0.03,
        Complexity::Moderate => 0.0,
        Complexity::Complex => -0.08,
    };
    f64::min(base + shift, 0.99)
}

/// `2^(k / 4096)` for `k` in `0..4096`: places a value inside its latency
/// bucket without a transcendental call per reply.
fn fraction_table() -> &'static [f64] {
    static TABLE: std::sync::OnceLock<Vec<f64>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| (0..4096).map(|k| (k as f64 / 4096.0).exp2()).collect())
}

/// A latency from its log2 (ms): its bucket and its value in whole ms.
/// Casts and one table read, no transcendental call: it runs per reply.
fn latency_value(log2: f64) -> (u32, u32) {
    let scale = LATENCY_MS;
    let k = scale.per_octave as f64;
    let top = scale.buckets as f64 - 1e-6;
    let position = ((log2 - LATENCY_BASE_LOG2) * k).clamp(0.0, top);
    let bucket = position as u32;
    // base · 2^(position / k): an exact power of two times one table read.
    let octave = bucket / scale.per_octave;
    let within = ((position - (octave * scale.per_octave) as f64) / k * 4096.0) as usize;
    let power = f64::from_bits(((1023 + octave) as u64) << 52);
    let value = scale.base * power * fraction_table()[within.min(4095)];
    (bucket, round_half_up(value).max(1.0) as u32)
}

/// `log2` of [`LATENCY_MS`]'s base (50 ms).
const LATENCY_BASE_LOG2: f64 = 5.643856189774724;

/// Which agent-day a simulation is of.
struct DayOf<'a> {
    agent: &'a Agent,
    /// A scenario's stress on the agent.
    episode: Option<&'a Episode>,
    window: &'a Window,
    day: u32,
    /// What every agent on the model shares.
    providers: &'a Providers,
}

impl Profile {
    /// Simulates the `n` conversations of one agent-day into `metric`,
    /// keeping the units in `scratch` for the sample.
    fn simulate_day(
        &self,
        draws: &mut Draws,
        levels: &DayLevels,
        of: &DayOf,
        n: u32,
        scratch: &mut Scratch,
        metric: &mut DailyMetric,
    ) {
        let DayOf { agent, episode, window, day, providers } = *of;
        let end = traffic_end(window, agent);
        let day_start_ts = window.day_start(day).timestamp();
        let covered = hour_coverage(window, day, agent.created_at.timestamp(), end.timestamp());
        let day_weights = self.day_weights(window, day);
        let hour_weights: [f64; 24] = std::array::from_fn(|h| day_weights[h] * covered[h]);
        let hour_bands = cumulative(&hour_weights);
        let middles: [DateTime<Utc>; 24] = std::array::from_fn(|h| hour_middle(window, day, h as i64, end));
        // What the outages of the services its tools call add to the
        // failure probability of its hours (for an agent without an
        // incident of its own, outside a scenario episode's hours): its
        // failures cluster there, with the other agents' using the service.
        let flaky: [f64; 24] = std::array::from_fn(|h| match (&agent.incident, episode) {
            (None, Some(e)) if e.covers(middles[h]) => 0.0,
            (None, _) => providers.tool_failure(&self.services, window.day_start(day) + TimeDelta::hours(h as i64)),
            _ => 0.0,
        });
        let usual: [f64; 24] = std::array::from_fn(|h| levels.failure + flaky[h]);
        // The provider's incidents weigh on the hours of an agent that has
        // no incident or episode of its own.
        let provider: [(Pressure, Option<ErrorType>); 24] = std::array::from_fn(|h| match (&agent.incident, episode) {
            (None, None) => providers.hour(agent.model, window.day_start(day) + TimeDelta::hours(h as i64)),
            _ => (Pressure::NONE, None),
        });
        let pressures: [Pressure; 24] = std::array::from_fn(|h| match (&agent.incident, episode) {
            (Some(incident), _) => incidents::pressure(incident, middles[h], self.incident_peak, levels.wobble),
            (None, Some(e)) if e.covers(middles[h]) => e.pressure,
            (None, _) => provider[h].0,
        });
        // A spend spike multiplies the tokens of the hours it covers.
        let token_factor: [f64; 24] = std::array::from_fn(|h| match episode {
            Some(e) if agent.incident.is_none() && e.covers(middles[h]) => e.tokens,
            _ => 1.0,
        });
        // Replies slow with the provider's load (the fleet's hour of day)
        // and under pressure.
        // A quiet day (a weekend's or a holiday's floor) queues less, and
        // its one timeout must not take its mean past the seed's 3,000 ms.
        let day_log2 =
            if n < QUIET_DAY { levels.latency_log2.min(QUIET_MEDIAN_MS.log2()) } else { levels.latency_log2 };
        let latency_shift: [f64; 24] = std::array::from_fn(|h| {
            day_log2
                + LOAD_LATENCY * load_log2(window.day_start(day) + TimeDelta::minutes(60 * h as i64 + 30))
                + pressures[h].latency.log2()
        });
        // Room left in each hour (from the agent's creation, if later) before the traffic ends, ms.
        let created = agent.created_at.timestamp();
        let cap_ms: [f64; 24] = std::array::from_fn(|h| {
            ((end.timestamp() - (day_start_ts + 3600 * h as i64).max(created)).max(0) * 1000) as f64
        });
        let topics = self.kind.topics.len().max(1) as u32;
        let channel_bands = &self.channel_bands;

        // Hours first; then which conversations fail, weighted by each
        // hour's failure probability, with the day's count kept in band.
        scratch.weights.clear();
        // Critical hours: a crash, and the last hours before any automatic
        // pause (the platform pauses an agent once most of its conversations fail).
        // An outage an agent rides out forces its own floor in its hours.
        let crash = agent.incident.as_ref().is_some_and(|i| !i.cause.is_config_change());
        let critical: [bool; 24] = std::array::from_fn(|h| match (&agent.incident, episode) {
            (Some(i), _) => {
                let middle = middles[h];
                let before_pause =
                    middle <= i.failed_at && middle >= i.failed_at - TimeDelta::hours(PAUSE_HOURS) && middle >= i.onset;
                (crash && pressures[h].extra_failure > 0.0) || before_pause
            }
            (None, Some(e)) => e.floor > 0.0 && pressures[h].extra_failure > 0.0,
            (None, None) => pressures[h].extra_failure > 0.0 || flaky[h] > 0.0,
        });
        // The platform's pause window: the hours before an automatic pause
        // (from the onset on), which it judges. Users keep writing in (and
        // retrying) until the pause, so the window holds traffic and at
        // least half of it fails: the pause follows failures it saw.
        let pause: [bool; 24] = std::array::from_fn(|h| match &agent.incident {
            Some(i) => {
                let middle = middles[h];
                hour_weights[h] > 0.0
                    && middle <= i.failed_at
                    && middle >= i.failed_at - TimeDelta::hours(PAUSE_HOURS)
                    && middle >= i.onset
            }
            None => false,
        });
        // Groups of hours whose failures are counted apart: the usual
        // hours, critical ones (an incident's, an episode's, a provider
        // incident's or a storm's) and the pause window.
        let group = |hour: u8| {
            let h = hour as usize;
            if pause[h] { 2 } else { usize::from(critical[h]) }
        };
        let mut drawn = [0u32; 3];
        let mut members = [0u32; 3];
        // Units are reused from day to day, so their latency buffers are too.
        if scratch.units.len() < n as usize {
            scratch.units.resize_with(n as usize, Unit::default);
        }
        // Users retry through an outage: a scenario may want at least
        // `least` of the day's conversations in its critical hours, and a
        // pause window holds at least [`PAUSE_LEAST`].
        let (target, least) =
            if pause.iter().any(|&p| p) { (pause, PAUSE_LEAST) } else { (critical, episode.map_or(0, |e| e.least)) };
        let least = least.min(n);
        let mut in_target = 0u32;
        for unit in &mut scratch.units[..n as usize] {
            let hour = draws.pick(&hour_bands) as u8;
            let p = (usual[hour as usize] + pressures[hour as usize].extra_failure).min(0.95);
            let failed = draws.chance(p);
            drawn[group(hour)] += u32::from(failed);
            members[group(hour)] += 1;
            in_target += u32::from(target[hour as usize]);
            scratch.weights.push(p);
            unit.hour = hour;
            // Marks the draw for the retries below; cleared there.
            unit.error = (least > 0 && failed).then_some(ErrorType::Timeout);
        }
        if least > 0 {
            let target_weights: [f64; 24] = std::array::from_fn(|h| if target[h] { hour_weights[h] } else { 0.0 });
            let target_bands = cumulative(&target_weights);
            let room = target_weights.iter().sum::<f64>() > 0.0;
            for (unit, weight) in scratch.units[..n as usize].iter_mut().zip(scratch.weights.iter_mut()).rev() {
                if in_target >= least || !room {
                    break;
                }
                if target[unit.hour as usize] {
                    continue;
                }
                let from = group(unit.hour);
                drawn[from] -= u32::from(unit.error.is_some());
                members[from] -= 1;
                unit.hour = draws.pick(&target_bands) as u8;
                let p = (usual[unit.hour as usize] + pressures[unit.hour as usize].extra_failure).min(0.95);
                drawn[group(unit.hour)] += u32::from(draws.chance(p));
                members[group(unit.hour)] += 1;
                in_target += 1;
                *weight = p;
            }
            for unit in &mut scratch.units[..n as usize] {
                unit.error = None;
            }
        }
        scratch.count = n as usize;
        let star = self.performance == Performance::Star;
        let failures = if levels.healthy && (levels.whole || star) {
            // The day's failures stay in its band (the contract's, by
            // performance); a provider incident's, a storm's or an
            // outage's come first, the usual ones fill the rest: the day's
            // failures cluster in its hours. (A healthy day has no pause
            // window.) A star's part of a day keeps its band's most too,
            // or a storm in it would take its roll-up under 0.98.
            let (lo, hi) = failure_band(self.performance, n);
            let lo = if levels.whole { lo } else { 0 };
            let total = drawn.iter().sum::<u32>().clamp(lo, hi);
            let incident = drawn[1].min(total);
            [total - incident, incident, 0]
        } else {
            // In critical hours at least half the conversations fail, whatever
            // the draw: an outage fails calls, it does not sample them. An
            // outage the agent rides out fails its own floor.
            let floor = match (&agent.incident, episode) {
                (None, Some(e)) => (members[1] as f64 * e.floor).ceil() as u32,
                // A provider incident or a storm has no floor: its calls fail as drawn.
                (None, None) => 0,
                _ => members[1].div_ceil(2),
            };
            [drawn[0], drawn[1].max(floor), drawn[2].max(members[2].div_ceil(2))]
        };
        // Sequential selection within each group, each in proportion to
        // its weight; exact counts. The usual failures come in runs: the
        // conversation after a failed one in the same hour is its user
        // trying again (or the next to send the same document, to need the
        // same tool), and weighs [`RETRY_WEIGHT`] times as much, so a day's
        // failures share hours more than chance. (The weather's hours
        // cluster by themselves.)
        let units = &mut scratch.units[..scratch.count];
        scratch.next_in_hour.clear();
        scratch.next_in_hour.resize(units.len(), u32::MAX);
        scratch.retry.clear();
        scratch.retry.resize(units.len(), false);
        let mut last_in_hour = [u32::MAX; 24];
        for (j, unit) in units.iter().enumerate().rev() {
            scratch.next_in_hour[j] = last_in_hour[unit.hour as usize];
            last_in_hour[unit.hour as usize] = j as u32;
        }
        for (g, &wanted) in failures.iter().enumerate() {
            let mut left = wanted;
            let mut weight_left: f64 = 0.0;
            let mut remaining = 0u32;
            for (u, w) in units.iter().zip(&scratch.weights) {
                if group(u.hour) == g {
                    weight_left += w.max(1e-9);
                    remaining += 1;
                }
            }
            for (j, unit) in units.iter_mut().enumerate() {
                if group(unit.hour) != g {
                    continue;
                }
                let w = scratch.weights[j].max(1e-9) * if scratch.retry[j] { RETRY_WEIGHT } else { 1.0 };
                let fails = left > 0 && (left >= remaining || draws.unit() * weight_left < left as f64 * w);
                weight_left -= w;
                remaining -= 1;
                if fails {
                    unit.error = Some(ErrorType::Timeout);
                    left -= 1;
                    let next = scratch.next_in_hour[j] as usize;
                    if g == 0 && next < scratch.retry.len() {
                        scratch.retry[next] = true;
                        weight_left += (RETRY_WEIGHT - 1.0) * scratch.weights[next].max(1e-9);
                    }
                }
            }
        }

        // Zeroed after every day (see the end), so only sized here.
        scratch.latency.resize(LATENCY_MS.buckets as usize, 0);
        scratch.duration.resize(DURATION_MS.buckets as usize, 0);
        let (mix_bands, sentiment_bands) = (&self.error_bands, &self.sentiment_bands);
        let (think_noise, token_noise) = (think_noise(), token_noise());
        let chosen = std::mem::take(&mut scratch.chosen);
        // Each hour's first usual failure, which its runs often repeat.
        let mut first_error: [Option<ErrorType>; 24] = [None; 24];
        for (j, unit) in scratch.units[..scratch.count].iter_mut().enumerate() {
            let keep = chosen.binary_search(&(j as u32)).is_ok();
            let hour = unit.hour as usize;
            let pressure = pressures[hour];
            unit.topic = draws.below(topics) as u16;
            let complexity = self.kind.topics.get(unit.topic as usize).map_or(Complexity::Moderate, |t| t.complexity);
            unit.complexity = complexity;
            let mut messages = conversation_length(complexity, self.kind.extra_messages, draws.unit());
            if unit.error.is_some() {
                // Which error: the incident's own, in proportion to what it adds.
                let extra = pressure.extra_failure;
                let dominant = match (&agent.incident, episode) {
                    (Some(i), _) => Some(i.dominant),
                    (None, Some(e)) if extra > 0.0 => Some(e.dominant),
                    (None, _) => provider[hour].1,
                };
                unit.error = Some(match dominant {
                    Some(d) if draws.unit() * (usual[hour] + extra) < extra => d,
                    _ if flaky[hour] > 0.0 && draws.unit() * usual[hour] < flaky[hour] => ErrorType::ToolError,
                    _ => {
                        // An hour's later usual failures often fail as its
                        // first ([`SAME_WAY`]), unless that was a timeout:
                        // a retry after one usually finds the provider
                        // answering again, and more 30 s replies would take
                        // the day's mean past the seed's 3 s.
                        let error = match first_error[hour] {
                            Some(first) if first != ErrorType::Timeout && draws.chance(SAME_WAY) => first,
                            _ => ErrorType::ALL[draws.pick(mix_bands)],
                        };
                        // A quiet day's timeout (a 30 s reply among a few
                        // dozen) would lift its mean past the seed's 3 s:
                        // the seed wins, and its users see the tool call
                        // fail instead.
                        let error = match error {
                            ErrorType::Timeout if n < QUIET_DAY && levels.healthy => ErrorType::ToolError,
                            e => e,
                        };
                        first_error[hour].get_or_insert(error);
                        error
                    }
                });
                // A failure cuts the conversation short, on the agent's turn.
                let kept = round_half_up(messages as f64 * draws.uniform(0.3, 0.85)) as u16;
                messages = kept.max(2).div_ceil(2) * 2;
            }
            unit.message_count = messages;
            unit.channel = draws.pick(channel_bands);
            let failed = unit.error.is_some();
            let slot = usize::from(failed || soured(draws, pressure)) * 3 + complexity as usize;
            unit.sentiment = draws.pick(&sentiment_bands[slot]);
            unit.resolved = !failed && draws.chance(resolve_probability(Sentiment::ALL[unit.sentiment], complexity));

            let size = self.size_factor.get(messages as usize).copied().unwrap_or(1.0);
            let input =
                self.tokens_per_conversation * size * token_noise[draws.bits() as usize] as f64 * token_factor[hour];
            unit.input_tokens = round_half_up(input).max(1.0) as u32;
            let centre = self.output_ratio.get(day as usize).copied().unwrap_or(1.5);
            unit.output_tokens = round_half_up(input * output_ratio(draws, centre)) as u32;

            let replies = messages / 2;
            // Longer replies take longer (the latency is to the first
            // token, so less than in proportion).
            let per_reply = unit.output_tokens as f64 / f64::from(replies.max(1));
            let length = REPLY_LENGTH_LATENCY * (per_reply / self.typical_reply_tokens).log2().clamp(-1.5, 1.5);
            unit.latencies.clear();
            let mut latency_total = 0u64;
            for r in 0..replies {
                let log2 = if unit.error == Some(ErrorType::Timeout) && r + 1 == replies {
                    (REPLY_TIMEOUT_MS * draws.uniform(1.0, 1.04)).log2()
                } else if draws.chance(self.outlier_rate) && n >= QUIET_DAY {
                    // A slow tail (a cold start, a long tool call), not a shelf.
                    latency_shift[hour] + length + self.latency_sigma * (2.0 + 1.5 * draws.normal().abs())
                } else {
                    latency_shift[hour] + length + self.latency_sigma * draws.normal()
                };
                let (bucket, value) = latency_value(log2);
                scratch.latency[bucket as usize] += 1;
                latency_total += value as u64;
                if keep {
                    unit.latencies.push(value);
                }
            }
            let gaps = (messages as u32).div_ceil(2).saturating_sub(1);
            let think = if gaps == 0 {
                0.0
            } else {
                gaps as f64 * think_median_ms(unit.channel) * think_noise[draws.bits() as usize] as f64
            };
            // Nothing lies after the agent's last activity (or the anchor):
            // a conversation that would run past it was a quicker one.
            let cap = cap_ms[hour];
            let think = if latency_total as f64 + think > 0.9 * cap {
                ((cap * draws.uniform(0.2, 0.8)) - latency_total as f64).max(0.0)
            } else {
                think
            };
            unit.think_ms = round_half_up(think.min(u32::MAX as f64)) as u32;
            unit.duration_ms = latency_total + unit.think_ms as u64;
            scratch.duration[DURATION_MS.bucket_of_fast(unit.duration_ms as f64) as usize] += 1;

            metric.conversations += 1;
            metric.hourly[hour] += 1;
            match unit.error {
                Some(e) => {
                    metric.errors[e as usize] += 1;
                    metric.hourly_failed[hour] += 1;
                }
                None => metric.succeeded += 1,
            }
            metric.sentiments[unit.sentiment] += 1;
            metric.resolved += u32::from(unit.resolved);
            metric.messages += messages as u32;
            metric.replies += replies as u32;
            metric.latency_sum_ms += latency_total;
            metric.duration_sum_ms += unit.duration_ms;
            metric.total_tokens_input += unit.input_tokens as u64;
            metric.total_tokens_output += unit.output_tokens as u64;
            metric.mix.add(
                Channel::ALL[unit.channel],
                complexity,
                GroupCounts {
                    conversations: 1,
                    failed: u32::from(failed),
                    resolved: u32::from(unit.resolved),
                    input_tokens: unit.input_tokens as u64,
                    output_tokens: unit.output_tokens as u64,
                },
            );
        }
        scratch.chosen = chosen;
        metric.latency = Histogram::from_dense(&scratch.latency);
        metric.durations = Histogram::from_dense(&scratch.duration);
        scratch.latency.fill(0);
        scratch.duration.fill(0);
    }
}

/// An agent's levels for live traffic (the simulator's): the same profile
/// its generated days were drawn from, from the same stream, so a live
/// conversation looks like the agent's others.
pub struct LiveProfile(Profile, chrono_tz::Tz);

/// One live conversation, drawn whole when it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct LiveUnit {
    pub topic: u16,
    pub complexity: Complexity,
    pub message_count: u16,
    pub error: Option<ErrorType>,
    pub sentiment: Sentiment,
    pub resolved: bool,
    pub channel: Channel,
    /// Every reply's latency, ms.
    pub reply_latencies_ms: Vec<u32>,
    /// Each reply's [`LATENCY_MS`] bucket.
    pub latency_buckets: Vec<u32>,
    pub think_ms: u32,
    pub duration_ms: u64,
    pub input_tokens: u32,
    pub output_tokens: u32,
}

impl LiveProfile {
    /// The profile of agent row `a`.
    pub fn of(streams: &Streams, a: usize, agent: &Agent, window: &Window) -> LiveProfile {
        let rhythm = Rhythm::new(streams, window, a, agent.kind);
        LiveProfile(Profile::draw(&mut streams.record("metrics", a as u64), agent, rhythm), window.zone)
    }

    /// Expected conversations in the hour of `at`: the agent's popularity
    /// (a typical day for an agent made by a write), grown by the window's
    /// trend, shaped by its audience's hour and day in the home zone.
    pub fn hourly_rate(&self, at: DateTime<Utc>) -> f64 {
        let volume = if self.0.volume > 0.0 { self.0.volume } else { LIVE_DEFAULT_VOLUME };
        let local = super::calendar::standard_time(self.1, at);
        let weight = self.0.weight(local.date(), local.hour());
        volume * (1.0 + self.0.growth) * weight / 24.0
    }

    /// The services its tools call ([`super::spans::services`]).
    pub fn services(&self) -> &[&'static str] {
        &self.0.services
    }

    /// The peak failure share of an incident on this agent.
    pub fn incident_peak(&self) -> f64 {
        self.0.incident_peak
    }

    /// One conversation, as generation simulates each of a day's (the same
    /// draws in the same order), except that whether it fails is its own
    /// draw (a live conversation has no day's quota to keep) and it lasts
    /// at most `max_duration_ms`. `drift` is its model's latency drift that
    /// day ([`super::providers::Providers::drift`]).
    pub fn conversation(
        &self,
        draws: &mut Draws,
        pressure: Pressure,
        dominant: Option<ErrorType>,
        drift: f64,
        max_duration_ms: f64,
    ) -> LiveUnit {
        let p = &self.0;
        let failure = (p.failure + pressure.extra_failure).min(0.95);
        let fails = draws.chance(failure);
        let median = day_median_log2(p.latency_log2 + drift);
        let latency_log2 = match pressure.latency {
            1.0 => median,
            factor => median + factor.log2(),
        };
        let topics = p.kind.topics.len().max(1) as u32;
        let topic = draws.below(topics) as u16;
        let complexity = p.kind.topics.get(topic as usize).map_or(Complexity::Moderate, |t| t.complexity);
        let mut messages = conversation_length(complexity, p.kind.extra_messages, draws.unit());
        let mut error = None;
        if fails {
            let extra = pressure.extra_failure;
            error = Some(match dominant {
                Some(d) if draws.unit() * (p.failure + extra) < extra => d,
                _ => ErrorType::ALL[draws.pick(&p.error_bands)],
            });
            let kept = round_half_up(messages as f64 * draws.uniform(0.3, 0.85)) as u16;
            messages = kept.max(2).div_ceil(2) * 2;
        }
        let channel = draws.pick(&p.channel_bands);
        let slot = usize::from(fails || soured(draws, pressure)) * 3 + complexity as usize;
        let sentiment = draws.pick(&p.sentiment_bands[slot]);
        let resolved = !fails && draws.chance(resolve_probability(Sentiment::ALL[sentiment], complexity));
        let replies = messages / 2;
        let mut latencies = Vec::with_capacity(replies as usize);
        let mut buckets = Vec::with_capacity(replies as usize);
        for r in 0..replies {
            let log2 = if error == Some(ErrorType::Timeout) && r + 1 == replies {
                (REPLY_TIMEOUT_MS * draws.uniform(1.0, 1.04)).log2()
            } else if draws.chance(p.outlier_rate) {
                draws.uniform(5_000f64.log2(), 25_000f64.log2())
            } else {
                latency_log2 + p.latency_sigma * draws.normal()
            };
            let (bucket, value) = latency_value(log2);
            buckets.push(bucket);
            latencies.push(value);
        }
        let latency_total: u64 = latencies.iter().map(|&l| l as u64).sum();
        let gaps = (messages as u32).div_ceil(2).saturating_sub(1);
        let think = if gaps == 0 {
            0.0
        } else {
            gaps as f64 * think_median_ms(channel) * think_noise()[draws.bits() as usize] as f64
        };
        // A conversation that would run past the cap was a quicker one.
        let think = if latency_total as f64 + think > max_duration_ms {
            ((max_duration_ms * draws.uniform(0.2, 0.8)) - latency_total as f64).max(0.0)
        } else {
            think
        };
        let think_ms = round_half_up(think.min(u32::MAX as f64)) as u32;
        let size = p.size_factor.get(messages as usize).copied().unwrap_or(1.0);
        let input = p.tokens_per_conversation * size * token_noise()[draws.bits() as usize] as f64;
        let input_tokens = round_half_up(input).max(1.0) as u32;
        // Live days are past the window: the last day's centre.
        let centre = p.output_ratio.last().copied().unwrap_or(1.5);
        let output_tokens = round_half_up(input * output_ratio(draws, centre)) as u32;
        LiveUnit {
            topic,
            complexity,
            message_count: messages,
            error,
            sentiment: Sentiment::ALL[sentiment],
            resolved,
            channel: Channel::ALL[channel],
            reply_latencies_ms: latencies,
            latency_buckets: buckets,
            think_ms,
            duration_ms: latency_total + think_ms as u64,
            input_tokens,
            output_tokens,
        }
    }
}

/// Conversations on a typical day of an agent that has no popularity of
/// its own (one a write created).
pub const LIVE_DEFAULT_VOLUME: f64 = 40.0;

impl DailyMetric {
    /// Counts one more conversation (started in UTC hour `hour`) into the row.
    pub fn add_conversation(&mut self, hour: u32, unit: &LiveUnit) {
        let h = (hour as usize).min(23);
        self.conversations += 1;
        self.hourly[h] += 1;
        match unit.error {
            Some(e) => {
                self.errors[e as usize] += 1;
                self.hourly_failed[h] += 1;
            }
            None => self.succeeded += 1,
        }
        self.sentiments[unit.sentiment as usize] += 1;
        self.resolved += u32::from(unit.resolved);
        self.messages += unit.message_count as u32;
        self.replies += unit.reply_latencies_ms.len() as u32;
        let latency: u64 = unit.reply_latencies_ms.iter().map(|&l| l as u64).sum();
        self.latency_sum_ms += latency;
        let mut dense = self.latency.to_dense(&LATENCY_MS);
        for &b in &unit.latency_buckets {
            if let Some(slot) = dense.get_mut(b as usize) {
                *slot += 1;
            }
        }
        self.latency = Histogram::from_dense(&dense);
        self.duration_sum_ms += unit.duration_ms;
        let mut dense = self.durations.to_dense(&DURATION_MS);
        if let Some(slot) = dense.get_mut(DURATION_MS.bucket_of_fast(unit.duration_ms as f64) as usize) {
            *slot += 1;
        }
        self.durations = Histogram::from_dense(&dense);
        self.total_tokens_input += unit.input_tokens as u64;
        self.total_tokens_output += unit.output_tokens as u64;
        self.mix.add(
            unit.channel,
            unit.complexity,
            GroupCounts {
                conversations: 1,
                failed: u32::from(unit.error.is_some()),
                resolved: u32::from(unit.resolved),
                input_tokens: unit.input_tokens as u64,
                output_tokens: unit.output_tokens as u64,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latency_values_fall_in_their_buckets() {
        for ms in [180.0f64, 799.0, 1000.0, 1234.0, 2999.0, 30_000.0] {
            let (bucket, value) = latency_value(ms.log2());
            assert_eq!(bucket, LATENCY_MS.bucket_of(ms));
            assert!((value as f64 - ms).abs() <= 1.0, "{ms} gave {value}");
        }
    }

    #[test]
    fn failure_bands_keep_whole_days_in_the_contract() {
        for n in 10..=100 {
            let (lo, hi) = failure_band(Performance::Steady, n);
            assert!(lo >= 1 && lo <= hi);
            let best = (n - lo) as f64 / n as f64;
            let worst = (n - hi) as f64 / n as f64;
            assert!(best <= 0.99 + 1e-12 && worst >= 0.85, "{n}: {worst}..{best}");
        }
        assert_eq!(failure_band(Performance::Star, 60), (1, 1));
    }

    /// A day's count stays inside the seed's band, in the order of the
    /// natural counts, and clear of its ends: the band bends, it does not clamp.
    #[test]
    fn the_band_keeps_order_and_room() {
        let xs: Vec<f64> = (1..=400).map(|k| k as f64 * 0.5).collect();
        let ys: Vec<f64> = xs.iter().map(|&x| banded(x, true)).collect();
        assert!(ys.windows(2).all(|w| w[0] < w[1]), "order kept");
        assert!(ys.iter().all(|&y| (10.0..100.0).contains(&y)), "inside the band");
        // A quiet day of 5 clears the floor; a busy one of 150 still rounds below the cap.
        assert!(
            banded(5.0, true) >= 10.5 && banded(150.0, true) < 99.5,
            "{} {}",
            banded(5.0, true),
            banded(150.0, true)
        );
        assert_eq!(banded(55.0, true), 55.0, "the middle is untouched");
        assert!(banded(150.0, false) < 100.0 && banded(3.0, false) == 3.0, "a part of a day has no floor");
    }

    /// Replies slowed by an incident sour some users: a conversation in an
    /// hour whose replies take 1.5× as long reads negative, and resolves,
    /// as a failed one more often than one in a usual hour.
    #[test]
    fn slow_replies_sour_users() {
        let params = super::super::Params::new(
            12345,
            chrono::DateTime::UNIX_EPOCH + TimeDelta::days(20_000),
            Default::default(),
        );
        let d = super::super::generate(&params).expect("the default generates");
        let streams = Streams::new(params.seed);
        let a = d.agents.iter().position(|a| a.performance == Performance::Steady).expect("a steady agent");
        let profile = LiveProfile::of(&streams, a, &d.agents[a], &d.window);
        let shares = |pressure: Pressure| {
            let mut draws = Draws::new(streams.record("test.souring", pressure.latency.to_bits()));
            let (mut negative, mut resolved, mut kept) = (0u32, 0u32, 0u32);
            for _ in 0..20_000 {
                let unit = profile.conversation(&mut draws, pressure, None, 0.0, 3_600_000.0);
                if unit.error.is_none() {
                    kept += 1;
                    negative += u32::from(unit.sentiment == Sentiment::Negative);
                    resolved += u32::from(unit.resolved);
                }
            }
            (negative as f64 / kept as f64, resolved as f64 / kept as f64)
        };
        let (usual, slow) = (shares(Pressure::NONE), shares(Pressure { extra_failure: 0.0, latency: 1.5 }));
        assert!(slow.0 >= 2.0 * usual.0, "negative: {:.3} slowed against {:.3}", slow.0, usual.0);
        assert!(slow.1 <= usual.1 - 0.05, "resolved: {:.3} slowed against {:.3}", slow.1, usual.1);
    }
}
