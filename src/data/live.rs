//! Live traffic: the conversations the simulator adds after the anchor, a
//! pure function of the seed, the agent and the minute they start in.
//!
//! Time is cut into whole UTC minutes. Each minute, each running agent
//! draws how many conversations start in it (Poisson, at the rate its own
//! profile gives that hour of that day: popularity, the window's growth,
//! the weekend or holiday dip, its diurnal curve) from a stream keyed by
//! the agent and the minute; each conversation is drawn whole as
//! generation draws a day's ([`LiveProfile::conversation`]). So what a
//! minute brings never depends on how the simulator's ticks batch the
//! minutes, nor on any other agent.

use chrono::{DateTime, TimeDelta, Timelike, Utc};
use rand::RngExt;

use super::catalogue::Model;
use super::incidents::Pressure;
use super::metrics::{LiveProfile, LiveUnit};
use super::model::{Agent, Conversation, ErrorType, Outcome};
use super::rng::{Draws, RecordStreams, Streams, uuid_v4};
use super::transcript;

/// Length of the simulator's time step: one UTC minute.
pub const MINUTE_SECONDS: i64 = 60;

/// Longest live conversation: one that would run longer was a quicker one
/// (so a conversation is recorded at most this long after it started).
pub const MAX_DURATION_MS: f64 = 15.0 * 60_000.0;

/// The share of traffic a dataset keeps as conversation records: its
/// records over the conversations its daily metrics count (the records are
/// a simple random sample of the traffic; live conversations are kept at
/// the same rate, so the sample stays one and follows the same shapes).
pub fn sample_share(records: usize, traffic: u64) -> f64 {
    if traffic == 0 { 1.0 } else { (records as f64 / traffic as f64).min(1.0) }
}

/// One conversation that started in a minute: its record (kept or not),
/// and what it adds to its day's telemetry.
#[derive(Clone, Debug, PartialEq)]
pub struct Arrival {
    pub record: Conversation,
    pub unit: LiveUnit,
    /// Whether it is kept as a conversation record (else only counted).
    pub retained: bool,
}

impl Arrival {
    /// The UTC hour it started in.
    pub fn hour(&self) -> u32 {
        self.record.started_at.hour()
    }
}

/// The index of the UTC minute holding `at` (minutes since the epoch).
pub fn minute_of(at: DateTime<Utc>) -> i64 {
    at.timestamp().div_euclid(MINUTE_SECONDS)
}

/// The first instant of minute `minute`.
pub fn minute_start(minute: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(minute * MINUTE_SECONDS, 0).unwrap_or_default()
}

/// The streams live traffic draws from, keyed once.
pub struct LiveStreams {
    traffic: RecordStreams,
    ids: RecordStreams,
    slots: RecordStreams,
}

impl LiveStreams {
    pub fn new(streams: &Streams) -> Self {
        LiveStreams {
            traffic: streams.records("live.traffic"),
            ids: streams.records("live.ids"),
            slots: transcript::slot_streams(streams),
        }
    }
}

/// The key of agent row `agent` in minute `minute`.
fn key(minute: i64, agent: u32) -> u64 {
    ((minute as u64) << 24) ^ agent as u64
}

/// What an incident does to an agent's conversations in a minute.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stress {
    pub pressure: Pressure,
    pub dominant: ErrorType,
}

/// The conversations agent row `a` starts in minute `minute`, in start
/// order, billed at `model` (its day's row's: a model change reaches live
/// traffic from the next day on). `stress` is an incident's, `not_before`
/// the agent's last status change (nothing starts before it was started),
/// `drift` the model's latency drift that day.
#[allow(clippy::too_many_arguments)]
pub fn arrivals(
    live: &LiveStreams,
    profile: &LiveProfile,
    a: u32,
    agent: &Agent,
    model: Model,
    minute: i64,
    stress: Option<Stress>,
    drift: f64,
    retained_share: f64,
    not_before: DateTime<Utc>,
) -> Vec<Arrival> {
    let start = minute_start(minute);
    let rate = profile.hourly_rate(start) / 60.0;
    let mut draws = Draws::new(live.traffic.get(key(minute, a)));
    let n = poisson(&mut draws, rate);
    if n == 0 {
        return Vec::new();
    }
    let mut ids = live.ids.get(key(minute, a));
    let mut out = Vec::with_capacity(n as usize);
    for _ in 0..n {
        let second = draws.below(MINUTE_SECONDS as u32) as i64;
        let retained = draws.unit() < retained_share;
        let (pressure, dominant) = match stress {
            Some(s) => (s.pressure, Some(s.dominant)),
            None => (Pressure::NONE, None),
        };
        let unit = profile.conversation(&mut draws, pressure, dominant, drift, MAX_DURATION_MS);
        let id = uuid_v4(&mut ids);
        let end_user = ids.random::<u64>() & 0xffff_ffff_ffff;
        let started_at = start + TimeDelta::seconds(second);
        if started_at < not_before {
            continue;
        }
        let title = match agent.kind.profile().topics.get(unit.topic as usize) {
            Some(topic) => {
                let (slots, mut rng) =
                    transcript::slots_and_stream(&live.slots, transcript::text_key(&id), agent.kind, topic);
                transcript::title(agent.kind, topic, &slots, &mut rng)
            }
            None => "General question".to_string(),
        };
        let latency: u64 = unit.reply_latencies_ms.iter().map(|&l| l as u64).sum();
        let replies = unit.reply_latencies_ms.len().max(1) as f64;
        let record = Conversation {
            id,
            agent: a,
            topic: unit.topic,
            complexity: unit.complexity,
            started_at,
            ended_at: started_at + TimeDelta::milliseconds(unit.duration_ms as i64),
            message_count: unit.message_count,
            sentiment: unit.sentiment,
            resolved: unit.resolved,
            outcome: unit.error.map_or(Outcome::Succeeded, Outcome::Failed),
            title,
            channel: unit.channel,
            end_user,
            avg_response_time: (latency as f64 / replies).round() as u32,
            reply_latencies_ms: unit.reply_latencies_ms.clone().into_boxed_slice(),
            think_ms: unit.think_ms,
            input_tokens: unit.input_tokens,
            output_tokens: unit.output_tokens,
            model,
            cost_micros: model.cost_micros(unit.input_tokens as u64, unit.output_tokens as u64),
        };
        out.push(Arrival { record, unit, retained });
    }
    out.sort_by_key(|x| (x.record.started_at, x.record.id));
    out
}

/// A Poisson count with mean `mean` (small: a minute's conversations), by
/// inversion of one 16-bit uniform.
fn poisson(draws: &mut Draws, mean: f64) -> u32 {
    if mean <= 0.0 {
        return 0;
    }
    let u = draws.unit();
    let mut p = (-mean).exp();
    let mut cumulative = p;
    let mut k = 0;
    while u > cumulative && k < 64 {
        k += 1;
        p *= mean / k as f64;
        cumulative += p;
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poisson_counts_have_their_mean() {
        let mut draws = Draws::new(Streams::new(5).family("t"));
        let n = 20_000;
        let total: u32 = (0..n).map(|_| poisson(&mut draws, 0.3)).sum();
        let mean = total as f64 / n as f64;
        assert!((mean - 0.3).abs() < 0.02, "{mean}");
        assert_eq!(poisson(&mut draws, 0.0), 0);
    }

    #[test]
    fn minutes_round_trip() {
        let at: DateTime<Utc> = "2025-01-19T14:03:27Z".parse().unwrap();
        assert_eq!(minute_start(minute_of(at)).to_rfc3339(), "2025-01-19T14:03:00+00:00");
        assert_eq!(sample_share(500, 19_456), 500.0 / 19_456.0);
        assert_eq!(sample_share(5, 0), 1.0);
    }
}
