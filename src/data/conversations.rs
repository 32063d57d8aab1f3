//! Conversation records: the retained, detailed sample of the traffic the
//! daily metrics count. The sample is a simple random sample of the
//! simulated conversations themselves (every conversation of the window
//! equally likely, none twice), so each record is one of the conversations
//! its agent-day counts, with that conversation's hour, outcome, sentiment,
//! resolution, reply latencies and tokens: the records agree with the
//! telemetry's distributions by construction, and no day holds more records
//! than it counts.

use chrono::{DateTime, TimeDelta, Utc};
use rand::RngExt;

use super::calendar::Window;
use super::kinds::AgentKind;
use super::metrics::{SampledConversation, traffic_end};
use super::model::{Agent, Conversation, DailyMetric, Outcome};
use super::rng::{Streams, uuid_v4};
use super::transcript;

/// The contract's sentiment targets, in [`super::model::Sentiment::ALL`]
/// order; the sample meets them with noise.
pub const SENTIMENT_SHARES: [f64; 3] = [0.6, 0.3, 0.1];

/// Which conversations of each row (agent-major, as `counts`) the sample
/// takes: `n` of all the counted conversations, each equally likely, none
/// twice. Every conversation gets a priority hashed from the seed and its
/// identity (agent, window day, place in its day) and the `n` of lowest
/// priority are taken (bottom-k sampling: a simple random sample). So
/// whether a conversation is a record depends on no other row: when the
/// anchor moves and the calendar changes some days' volumes, the records of
/// every other day stay records, with the same ids (the contract: ids never
/// depend on the anchor).
pub fn allocate(streams: &Streams, window: &Window, counts: &[u32], n: usize) -> Sample {
    let days = window.days as usize;
    let total: u64 = counts.iter().map(|&c| c as u64).sum();
    let n = (n as u64).min(total) as usize;
    let salt = streams.family("conversations.sample").random::<u64>();
    let priority = |row: usize, unit: u32| {
        let (agent, day) = (row / days.max(1), row % days.max(1));
        mix(mix(salt ^ conversation_key(agent as u32, day as u32, 0)) ^ u64::from(unit))
    };
    // Every priority below a threshold, the threshold raised until at
    // least `n` pass (once, almost always, with half again as many).
    let mut chosen: Vec<(u64, u32, u32)> = Vec::new();
    if n > 0 {
        let mut share = (n as f64 * 1.5 + 64.0) / total as f64;
        loop {
            let threshold = if share >= 1.0 { u64::MAX } else { (share * u64::MAX as f64) as u64 };
            chosen.clear();
            for (row, &count) in counts.iter().enumerate() {
                for unit in 0..count {
                    let p = priority(row, unit);
                    if p <= threshold {
                        chosen.push((p, row as u32, unit));
                    }
                }
            }
            if chosen.len() >= n || threshold == u64::MAX {
                break;
            }
            share *= 2.0;
        }
        chosen.select_nth_unstable(n - 1);
        chosen.truncate(n);
    }
    chosen.sort_unstable_by_key(|&(_, row, unit)| (row, unit));
    let mut starts = Vec::with_capacity(counts.len() + 1);
    let mut at = 0;
    for row in 0..counts.len() {
        starts.push(at as u32);
        while chosen.get(at).is_some_and(|&(_, r, _)| r as usize == row) {
            at += 1;
        }
    }
    starts.push(at as u32);
    Sample { starts, units: chosen.into_iter().map(|(_, _, unit)| unit).collect() }
}

/// The conversations a sample takes, row by row (see [`allocate`]).
#[derive(Clone, Debug, Default)]
pub struct Sample {
    /// Where each row's units start in `units` (one more than the rows).
    starts: Vec<u32>,
    /// Each row's chosen units, ascending.
    units: Vec<u32>,
}

impl Sample {
    /// The places in their day of row `row`'s records, ascending.
    pub fn units(&self, row: usize) -> &[u32] {
        match (self.starts.get(row), self.starts.get(row + 1)) {
            (Some(&a), Some(&b)) => &self.units[a as usize..b as usize],
            _ => &[],
        }
    }

    /// How many of row `row`'s conversations are records.
    pub fn count(&self, row: usize) -> u32 {
        self.units(row).len() as u32
    }
}

/// SplitMix64's finalizer: a fixed, well-mixed 64-bit hash (a sample's
/// priorities need no stream, only a value per conversation).
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The records of the sampled conversations, ordered by start time, then id.
pub fn build(
    streams: &Streams,
    window: &Window,
    agents: &[Agent],
    daily_metrics: &[DailyMetric],
    sampled: Vec<SampledConversation>,
) -> Vec<Conversation> {
    let details = streams.records("conversations");
    let ids = streams.records("conversations.ids");
    let slot_streams = transcript::slot_streams(streams);
    let end_users = EndUsers::new(streams, sampled.len());
    // Each record draws from streams keyed by itself, so chunks of the
    // sample are built on every core and joined in any order before sorting.
    let chunks = super::in_chunks(sampled.len(), |range| {
        sampled[range]
            .iter()
            .filter_map(|s| {
                let metric = daily_metrics.get(s.row)?;
                let agent = agents.get(metric.agent as usize)?;
                let day = window.day_of(metric.date)?;
                let key = conversation_key(metric.agent, day, s.unit);
                let mut rng = details.get(key);
                let started_at = start_time(window, agent, day, s, rng.random());
                let replies = s.reply_latencies_ms.len().max(1) as u64;
                let latency_total: u64 = s.reply_latencies_ms.iter().map(|&l| l as u64).sum();
                let id = uuid_v4(&mut ids.get(key));
                // The title shares the conversation's slot values (order numbers,
                // apps, ...) with its transcript, made later on request.
                let title = match agent.kind.profile().topics.get(s.topic as usize) {
                    Some(topic) => {
                        let (slots, mut title_rng) =
                            transcript::slots_and_stream(&slot_streams, transcript::text_key(&id), agent.kind, topic);
                        transcript::title(agent.kind, topic, &slots, &mut title_rng)
                    }
                    None => "General question".to_string(),
                };
                Some(Conversation {
                    id,
                    agent: metric.agent,
                    topic: s.topic,
                    complexity: s.complexity,
                    started_at,
                    ended_at: started_at + TimeDelta::milliseconds(s.duration_ms as i64),
                    message_count: s.message_count,
                    sentiment: s.sentiment,
                    resolved: s.resolved,
                    outcome: s.error.map_or(Outcome::Succeeded, Outcome::Failed),
                    title,
                    channel: s.channel,
                    end_user: end_users.of(agent.kind, key),
                    avg_response_time: (latency_total as f64 / replies as f64).round() as u32,
                    reply_latencies_ms: s.reply_latencies_ms.clone().into_boxed_slice(),
                    think_ms: s.think_ms,
                    input_tokens: s.input_tokens,
                    output_tokens: s.output_tokens,
                    model: agent.model,
                    cost_micros: agent.model.cost_micros(s.input_tokens as u64, s.output_tokens as u64),
                })
            })
            .collect::<Vec<Conversation>>()
    });
    let mut conversations: Vec<Conversation> = chunks.concat();
    conversations.sort_by(|a, b| a.started_at.cmp(&b.started_at).then(a.id.cmp(&b.id)));
    conversations
}

/// The end users behind the records: two populations (the company's
/// customers, who reach its customer-facing agents, and its employees, who
/// use the internal tools), each about as large as the sample, and a
/// heavy-tailed draw of who comes back: most people appear once, a few
/// return often. Drawn from the `conversations.end_users` stream, one
/// record per conversation (its key), so no other draw moves.
struct EndUsers {
    salt: u64,
    population: f64,
    draws: super::rng::RecordStreams,
}

/// How steep the reuse is: a person's rank is the population times a
/// uniform draw raised to this power, so low ranks (regulars) come back.
pub const END_USER_SKEW: f64 = 1.8;

impl EndUsers {
    fn new(streams: &Streams, records: usize) -> Self {
        let salt = streams.family("conversations.end_users").random::<u64>();
        EndUsers { salt, population: records as f64 + 20.0, draws: streams.records("conversations.end_users") }
    }

    fn of(&self, kind: AgentKind, key: u64) -> u64 {
        let u: f64 = self.draws.get(key).random();
        let rank = (self.population * u.powf(END_USER_SKEW)) as u64;
        let audience = u64::from(kind.is_customer_facing());
        mix(self.salt ^ (audience << 40) ^ rank) & 0xffff_ffff_ffff
    }
}

/// A conversation's stream key: its agent, window day and place in the day,
/// so its id and details never depend on which others were sampled.
pub fn conversation_key(agent: u32, day: u32, unit: u32) -> u64 {
    ((agent as u64) << 32) | ((day as u64) << 20) | unit as u64
}

/// When a sampled conversation started: inside its hour (and after the
/// agent's creation), late enough to be random, early enough to end before
/// the agent's traffic ends.
fn start_time(window: &Window, agent: &Agent, day: u32, s: &SampledConversation, u: f64) -> DateTime<Utc> {
    let hour_start = window.day_start(day) + TimeDelta::hours(s.hour as i64);
    let earliest = hour_start.max(agent.created_at);
    let end = traffic_end(window, agent);
    let duration = TimeDelta::milliseconds(s.duration_ms as i64);
    let latest = (hour_start + TimeDelta::hours(1)).min(end - duration - TimeDelta::seconds(1));
    let span = (latest - earliest).num_seconds().max(0);
    let start = earliest + TimeDelta::seconds((span as f64 * u) as i64);
    if start + duration > end { end - duration - TimeDelta::seconds(1) } else { start }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window() -> Window {
        Window::new("2025-01-19T14:00:00Z".parse().expect("a time"), 14)
    }

    #[test]
    fn the_sample_takes_n_distinct_conversations_of_the_rows() {
        let window = window();
        let counts: Vec<u32> = (0..3 * 14).map(|row| (row * 7 % 23) as u32).collect();
        let total: u32 = counts.iter().sum();
        let sample = allocate(&Streams::new(1), &window, &counts, 100);
        let mut taken = 0;
        for (row, &count) in counts.iter().enumerate() {
            let units = sample.units(row);
            assert!(units.windows(2).all(|w| w[0] < w[1]) && units.iter().all(|&u| u < count), "row {row}");
            taken += units.len();
        }
        assert_eq!(taken, 100);
        // Asked for more than there is: every conversation.
        let all = allocate(&Streams::new(1), &window, &counts, total as usize + 5);
        assert!(counts.iter().enumerate().all(|(row, &c)| all.count(row) == c));
        assert_eq!(allocate(&Streams::new(1), &window, &counts, 0).units(3), &[] as &[u32]);
    }

    #[test]
    fn a_row_keeps_its_records_when_another_row_changes() {
        let window = window();
        let counts: Vec<u32> = vec![40; 2 * 14];
        let a = allocate(&Streams::new(7), &window, &counts, 60);
        let mut more = counts.clone();
        more[5] = 400;
        let b = allocate(&Streams::new(7), &window, &more, 60);
        let kept =
            (0..counts.len()).filter(|&r| r != 5).map(|r| a.units(r).iter().filter(|u| b.units(r).contains(u)).count());
        let before: usize = (0..counts.len()).filter(|&r| r != 5).map(|r| a.count(r) as usize).sum();
        // Row 5 now holds a tenth of the traffic, so about a tenth of the
        // records move there; every record elsewhere that stays is the same.
        assert!(kept.sum::<usize>() * 10 >= before * 7, "{before}");
    }
}
