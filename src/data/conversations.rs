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
use super::metrics::{SampledConversation, traffic_end};
use super::model::{Agent, Conversation, DailyMetric, Outcome};
use super::rng::{Streams, uuid_v4};
use super::transcript;

/// The contract's sentiment targets, in [`super::model::Sentiment::ALL`]
/// order; the sample meets them with noise.
pub const SENTIMENT_SHARES: [f64; 3] = [0.6, 0.3, 0.1];

/// How many conversations of each row (agent-major, as `counts`) the sample
/// takes: `n` of all the counted conversations, each equally likely
/// (selection sampling, walked day by day).
pub fn allocate(streams: &Streams, window: &Window, counts: &[u32], n: usize) -> Vec<u32> {
    let days = window.days as usize;
    let agents = counts.len() / days.max(1);
    let mut picks = vec![0u32; counts.len()];
    let mut units_left: u64 = counts.iter().map(|&c| c as u64).sum();
    let mut needed = (n as u64).min(units_left);
    let mut rng = streams.family("conversations.sample");
    for day in 0..days {
        for agent in 0..agents {
            let row = agent * days + day;
            for _ in 0..counts[row] {
                if needed == 0 {
                    return picks;
                }
                if rng.random::<f64>() * (units_left as f64) < needed as f64 {
                    picks[row] += 1;
                    needed -= 1;
                }
                units_left -= 1;
            }
        }
    }
    picks
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
                    end_user: rng.random::<u64>() & 0xffff_ffff_ffff,
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
