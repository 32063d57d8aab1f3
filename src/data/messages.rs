//! Conversation transcripts, generated on demand: a pure function of the
//! seed and the conversation, drawn from the conversation's own stream, so a
//! transcript never depends on which others were generated before it.
//!
//! A transcript adds up to its conversation. Each agent reply arrives its
//! latency after the user's message (the latencies the telemetry counted);
//! the user's think time between a reply and their next message splits the
//! conversation's think time by how much there was to read and to type; the
//! last message lands at `ended_at`. The model usage behind each reply (its
//! prompt and completion tokens) splits the conversation's tokens: prompts
//! grow with the history, completions with the reply, and both sum exactly
//! to the conversation's `input_tokens` and `output_tokens`.

use chrono::{DateTime, TimeDelta, Utc};
use uuid::Uuid;

use super::Dataset;
use super::rng::{Draws, Streams, uuid_v4};
use super::spans::{self, Reply, Trace};
use super::transcript::{self, ConversationFacts, Speaker, text_tokens};

/// One message of a transcript.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    pub id: Uuid,
    pub speaker: Speaker,
    pub content: String,
    pub created_at: DateTime<Utc>,
    /// Tokens of the message's own text.
    pub tokens: u32,
    /// For the agent's messages: how long the answer took, in milliseconds.
    pub latency_ms: Option<u32>,
    /// For the agent's messages: the prompt tokens of the model calls behind it.
    pub input_tokens: Option<u32>,
    /// For the agent's messages: the completion tokens behind it (the reply,
    /// tool calls and reasoning).
    pub output_tokens: Option<u32>,
    /// For the agent's messages: what their tokens cost, micro-dollars (the
    /// conversation's cost split by the seed's formula; they sum to it).
    pub cost_micros: Option<i64>,
    /// For the agent's messages: the steps behind it and its feedback.
    pub trace: Option<Trace>,
}

/// Whether a system prompt asks for the formal voice (no exclamation marks).
pub fn is_formal(system_prompt: &str) -> bool {
    system_prompt.contains("no exclamation marks")
}

/// The messages of conversation `row`: exactly `message_count` of them.
pub fn transcript(dataset: &Dataset, row: u32) -> Vec<Message> {
    let Some(conversation) = dataset.conversations.get(row as usize) else { return Vec::new() };
    let agent = &dataset.agents[conversation.agent as usize];
    let Some(topic) = agent.kind.profile().topics.get(conversation.topic as usize) else { return Vec::new() };
    let key = transcript::text_key(&conversation.id);
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
        formal: is_formal(&agent.config.system_prompt),
    };
    let slots = transcript::slots(&streams, key, agent.kind, topic);
    // The text draws from its own stream, so ids never depend on the words.
    let lines = transcript::lines(&facts, &slots, &mut streams.record("messages.text", key));
    let tokens: Vec<u32> = lines.iter().map(|l| text_tokens(&l.content)).collect();

    // Think time per gap (a reply, then the user's next message): reading
    // the reply and typing the answer, in proportion to their lengths.
    let gap_weights: Vec<u64> = (1..lines.len())
        .filter(|&i| lines[i].speaker == Speaker::User)
        .map(|i| 40 + 3 * tokens[i - 1] as u64 + 8 * tokens[i] as u64)
        .collect();
    let think = split(conversation.think_ms as u64, &gap_weights);
    // Prompts grow with the history; completions with the reply.
    let replies: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].speaker == Speaker::Assistant).collect();
    let prompt_weights: Vec<u64> =
        replies.iter().map(|&i| 600 + tokens[..i].iter().map(|&t| t as u64).sum::<u64>()).collect();
    let mut completion_weights: Vec<u64> = replies.iter().map(|&i| 50 + tokens[i] as u64).collect();
    // A reply whose answering call failed (all but a tool's failure) wrote
    // next to nothing: only its planning call's few tokens.
    if let (Some(last), Some(error)) = (completion_weights.last_mut(), conversation.outcome.error())
        && spans::answer_fails(error)
    {
        *last = 1;
    }
    let prompts = split(conversation.input_tokens as u64, &prompt_weights);
    let completions = split(conversation.output_tokens as u64, &completion_weights);

    let units: Vec<u64> = prompts
        .iter()
        .zip(&completions)
        .map(|(&i, &o)| u64::try_from(conversation.model.cost_units(i, o)).unwrap_or(u64::MAX))
        .collect();
    let costs = split(conversation.cost_micros.max(0) as u64, &units);

    let mut at = conversation.started_at;
    let (mut reply, mut gap) = (0, 0);
    let mut messages: Vec<Message> = lines
        .into_iter()
        .zip(tokens)
        .enumerate()
        .map(|(i, (line, tokens))| {
            let assistant = line.speaker == Speaker::Assistant;
            let latency = assistant.then(|| conversation.reply_latencies_ms.get(reply).copied().unwrap_or(0));
            if let Some(ms) = latency {
                at += TimeDelta::milliseconds(ms as i64);
            } else if i > 0 {
                at += TimeDelta::milliseconds(think.get(gap).copied().unwrap_or(0) as i64);
                gap += 1;
            }
            let usage = assistant.then(|| {
                let usage = (prompts.get(reply).copied(), completions.get(reply).copied(), costs.get(reply).copied());
                reply += 1;
                usage
            });
            Message {
                id: uuid_v4(&mut rng),
                speaker: line.speaker,
                created_at: at,
                tokens,
                latency_ms: latency,
                input_tokens: usage.and_then(|u| u.0).map(|t| t as u32),
                output_tokens: usage.and_then(|u| u.1).map(|t| t as u32),
                cost_micros: usage.and_then(|u| u.2).map(|c| c as i64),
                content: line.content,
                trace: None,
            }
        })
        .collect();
    add_traces(&mut messages, conversation, agent.kind, &dataset.providers, &streams, key);
    messages
}

/// Builds each agent message's trace (its own streams: the transcript's
/// ids and words never move with the spans).
fn add_traces(
    messages: &mut [Message],
    conversation: &super::Conversation,
    kind: super::kinds::AgentKind,
    providers: &super::providers::Providers,
    streams: &Streams,
    key: u64,
) {
    let services = spans::services(kind);
    let mut draws = Draws::new(streams.record("messages.spans", key));
    let mut ids = streams.record("messages.spans.ids", key);
    let last_reply = messages.iter().rposition(|m| m.speaker == Speaker::Assistant);
    for i in 0..messages.len() {
        let Some(latency_ms) = messages[i].latency_ms else { continue };
        let last = Some(i) == last_reply;
        let asked_at = messages[i].created_at - TimeDelta::milliseconds(latency_ms as i64);
        let next_message_ms =
            messages.get(i + 1).map(|next| (next.created_at - messages[i].created_at).num_milliseconds().max(0) as u64);
        let failure = if last { conversation.outcome.error() } else { None };
        // A tool failure while a service of its tools is down: that
        // service's (the oldest such outage's, if two overlap).
        let outage = (failure == Some(super::ErrorType::ToolError))
            .then(|| {
                providers
                    .outages
                    .iter()
                    .find(|o| services.contains(&o.service) && o.start <= asked_at && asked_at < o.end)
            })
            .flatten()
            .map(|o| o.service);
        let reply = Reply {
            kind,
            model: conversation.model,
            sentiment: conversation.sentiment,
            asked_at,
            latency_ms,
            input_tokens: messages[i].input_tokens.unwrap_or(0),
            output_tokens: messages[i].output_tokens.unwrap_or(0),
            cost_micros: messages[i].cost_micros.unwrap_or(0),
            next_message_ms,
            failure,
            last,
            outage,
        };
        messages[i].trace = Some(spans::trace(&reply, &mut draws, || uuid_v4(&mut ids)));
    }
}

/// Splits `total` into parts proportional to `weights` (largest remainder,
/// ties to the earlier part): the parts sum to `total` exactly.
pub fn split(total: u64, weights: &[u64]) -> Vec<u64> {
    let sum: u64 = weights.iter().sum();
    if sum == 0 {
        return vec![0; weights.len()];
    }
    let mut parts: Vec<u64> = weights.iter().map(|&w| (total as u128 * w as u128 / sum as u128) as u64).collect();
    let mut left = total - parts.iter().sum::<u64>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    let remainder = |i: usize| (total as u128 * weights[i] as u128) % sum as u128;
    order.sort_by(|&a, &b| remainder(b).cmp(&remainder(a)).then(a.cmp(&b)));
    for i in order {
        if left == 0 {
            break;
        }
        parts[i] += 1;
        left -= 1;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_are_exact_and_proportional() {
        assert_eq!(split(10, &[1, 1, 2]), [3, 2, 5]);
        assert_eq!(split(7, &[0, 0]).iter().sum::<u64>(), 0);
        assert_eq!(split(1000, &[3, 7]), [300, 700]);
        assert_eq!(split(5, &[1, 1, 1]).iter().sum::<u64>(), 5);
    }
}
