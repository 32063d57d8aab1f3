//! Conversation transcripts, generated on demand: a pure function of the
//! seed and the conversation, drawn from the conversation's own stream, so a
//! transcript never depends on which others were generated before it.

use chrono::{DateTime, TimeDelta, Utc};
use rand::RngExt;
use uuid::Uuid;

use super::Dataset;
use super::rng::{Streams, uniform, uuid_v4};
use super::transcript::{self, ConversationFacts, Speaker};

/// One message of a transcript.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    pub id: Uuid,
    pub speaker: Speaker,
    pub content: String,
    pub created_at: DateTime<Utc>,
    pub tokens: u32,
    /// For the agent's messages: how long the answer took, in milliseconds.
    pub latency_ms: Option<u32>,
}

/// The messages of conversation `row`: exactly `message_count` of them, the
/// first at `started_at`, the last at `ended_at`, the agent's latencies
/// averaging the conversation's `avg_response_time`.
pub fn transcript(dataset: &Dataset, row: u32) -> Vec<Message> {
    let Some(conversation) = dataset.conversations.get(row as usize) else { return Vec::new() };
    let agent = &dataset.agents[conversation.agent as usize];
    let Some(topic) = agent.kind.profile().topics.get(conversation.topic as usize) else { return Vec::new() };
    let key = u64::from_le_bytes(conversation.id.as_bytes()[..8].try_into().unwrap_or_default());
    let streams = Streams::new(dataset.params.seed);
    let mut rng = streams.record("messages", key);
    let facts = ConversationFacts {
        kind: agent.kind,
        topic,
        message_count: conversation.message_count as usize,
        sentiment: conversation.sentiment,
        resolved: conversation.resolved,
        error: conversation.outcome.error(),
        agent_name: &agent.name,
        channel: conversation.channel,
    };
    let slots = transcript::slots(&streams, key, agent.kind, topic);
    // The text draws from its own stream, so the timing below never depends on the words.
    let lines = transcript::lines(&facts, &slots, &mut streams.record("messages.text", key));

    // Gaps between messages, scaled to span the conversation exactly.
    let gaps: Vec<f64> = (1..lines.len()).map(|_| uniform(&mut rng, 0.5, 1.5)).collect();
    let total: f64 = gaps.iter().sum();
    let span = (conversation.ended_at - conversation.started_at).num_milliseconds() as f64;
    let latencies: Vec<f64> = lines.iter().map(|_| uniform(&mut rng, 0.7, 1.3)).collect();
    let assistant_mean = {
        let picked: Vec<f64> =
            lines.iter().zip(&latencies).filter(|(l, _)| l.speaker == Speaker::Assistant).map(|(_, x)| *x).collect();
        if picked.is_empty() { 1.0 } else { picked.iter().sum::<f64>() / picked.len() as f64 }
    };
    let mut elapsed = 0.0;
    lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            if i > 0 {
                elapsed += gaps[i - 1];
            }
            let offset = if total > 0.0 { (span * elapsed / total).round() as i64 } else { 0 };
            let words = line.content.split_whitespace().count() as f64;
            let latency = (line.speaker == Speaker::Assistant)
                .then(|| (conversation.avg_response_time as f64 * latencies[i] / assistant_mean).round() as u32);
            Message {
                id: uuid_v4(&mut rng),
                speaker: line.speaker,
                created_at: conversation.started_at + TimeDelta::milliseconds(offset),
                tokens: (words * 1.33).ceil() as u32 + rng.random_range(0..4),
                latency_ms: latency,
                content: line.content,
            }
        })
        .collect()
}
