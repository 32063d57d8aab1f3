//! Conversation records: the retained, detailed sample of the traffic the
//! daily metrics count. Each agent-day holds a share of the sample
//! proportional to its conversations (systematic sampling), so the sample
//! follows the metrics' time shape (recency growth, weekday 2×) at any seed;
//! hours follow the business-hours shape and sentiment the 60/30/10 mix, both
//! stratified so proportions hold to within a record.

use chrono::{DateTime, TimeDelta, Utc};
use rand::RngExt;

use super::calendar::{SECONDS_PER_DAY, Window, hour_weights};
use super::kinds::Complexity;
use super::model::{Agent, Channel, Conversation, DailyMetric, Outcome, Sentiment};
use super::rng::{Streams, cumulative, pick, quota, stratified_uniforms, uniform, uuid_v4};
use super::transcript;

/// Sentiment shares, in [`Sentiment::ALL`] order.
pub const SENTIMENT_SHARES: [f64; 3] = [0.6, 0.3, 0.1];

/// Channel shares, in [`Channel::ALL`] order.
pub const CHANNEL_SHARES: [f64; 5] = [0.45, 0.2, 0.15, 0.1, 0.1];

/// Messages per conversation by complexity, before the kind's extra messages.
pub fn message_range(complexity: Complexity) -> (u16, u16) {
    match complexity {
        Complexity::Simple => (4, 8),
        Complexity::Moderate => (8, 14),
        Complexity::Complex => (12, 20),
    }
}

/// Seconds each message adds to a conversation's duration.
pub const SECONDS_PER_MESSAGE: (f64, f64) = (25.0, 70.0);

/// The mean message count the token estimate is relative to.
const TYPICAL_MESSAGES: f64 = 11.0;

pub fn generate(
    streams: &Streams,
    window: &Window,
    agents: &[Agent],
    daily_metrics: &[DailyMetric],
    n: usize,
) -> Vec<Conversation> {
    let rows = systematic_sample(&mut streams.family("conversations.sample"), window, daily_metrics, n);
    let hours = stratified_uniforms(&mut streams.family("conversations.hours"), rows.len());
    let hour_bands = cumulative(&hour_weights());
    let channel_bands = cumulative(&CHANNEL_SHARES);
    let mut rng = streams.family("conversations");
    let mut ids = streams.family("conversations.ids");
    let slot_streams = transcript::slot_streams(streams);

    let mut drafts: Vec<(Conversation, f64, f64)> = rows
        .iter()
        .zip(hours)
        .map(|(&row, hour_u)| {
            let metric = &daily_metrics[row];
            let agent = &agents[metric.agent as usize];
            let profile = agent.kind.profile();
            let topic = rng.random_range(0..profile.topics.len().max(1));
            let complexity = profile.topics.get(topic).map_or(Complexity::Moderate, |t| t.complexity);
            let (lo, hi) = message_range(complexity);
            let message_count = rng.random_range(lo..=hi) + profile.extra_messages;
            let per_message = uniform(&mut rng, SECONDS_PER_MESSAGE.0, SECONDS_PER_MESSAGE.1);
            let duration = (message_count as f64 * per_message).round() as i64;
            let second_in_hour = rng.random_range(0..3600);
            let channel = Channel::ALL[pick(&channel_bands, rng.random())];
            let end_user = rng.random::<u64>() & 0xffff_ffff_ffff;
            let response_noise = uniform(&mut rng, 0.85, 1.15);
            let token_noise = uniform(&mut rng, 0.85, 1.15);
            let output_ratio = uniform(&mut rng, 1.42, 1.58);
            let mood = uniform(&mut rng, -0.08, 0.08);
            let resolve_u: f64 = rng.random();

            let day_start = metric.date.and_hms_opt(0, 0, 0).map_or(window.start(), |t| t.and_utc());
            let hour = pick(&hour_bands, hour_u) as i64;
            let started_at = fit_start(
                day_start + TimeDelta::seconds(hour * 3600 + second_in_hour),
                duration,
                second_in_hour,
                (agent.last_active_at).min(day_start + TimeDelta::seconds(SECONDS_PER_DAY)),
            );
            let day_success = metric.success_rate.unwrap_or(0.9);
            let per_conversation_input = metric.total_tokens_input as f64 / metric.conversations.max(1) as f64;
            let input_tokens = (per_conversation_input * message_count as f64 / TYPICAL_MESSAGES * token_noise).round();
            let penalty = match complexity {
                Complexity::Simple => 0.0,
                Complexity::Moderate => 0.01,
                Complexity::Complex => 0.03,
            };
            let id = uuid_v4(&mut ids);
            let title = match profile.topics.get(topic) {
                Some(t) => {
                    let key = transcript::text_key(&id);
                    let (slots, mut title_rng) = transcript::slots_and_stream(&slot_streams, key, agent.kind, t);
                    transcript::title(agent.kind, t, &slots, &mut title_rng)
                }
                None => "General question".to_string(),
            };
            let conversation = Conversation {
                id,
                agent: metric.agent,
                topic: topic as u16,
                complexity,
                started_at,
                ended_at: started_at + TimeDelta::seconds(duration),
                message_count,
                sentiment: Sentiment::Neutral,
                resolved: false,
                outcome: Outcome::Succeeded,
                title,
                channel,
                end_user,
                avg_response_time: (metric.avg_response_time.unwrap_or(1000.0) * response_noise).round() as u32,
                input_tokens: input_tokens as u32,
                output_tokens: (input_tokens * output_ratio).round() as u32,
            };
            (conversation, day_success + mood - penalty, resolve_u)
        })
        .collect();

    assign_sentiment(&mut drafts);
    let mut conversations: Vec<Conversation> = drafts
        .into_iter()
        .map(|(mut c, _, resolve_u)| {
            c.resolved = resolve_u < resolve_probability(c.sentiment, c.complexity);
            c
        })
        .collect();
    conversations.sort_by(|a, b| a.started_at.cmp(&b.started_at).then(a.id.cmp(&b.id)));
    conversations
}

/// Moves a start earlier when the conversation would run past `limit` (the
/// agent's last activity, or midnight), keeping it inside the agent-day.
fn fit_start(start: DateTime<Utc>, duration: i64, jitter: i64, limit: DateTime<Utc>) -> DateTime<Utc> {
    if start + TimeDelta::seconds(duration) <= limit {
        start
    } else {
        limit - TimeDelta::seconds(duration + jitter % 900 + 1)
    }
}

/// Chance a conversation ended resolved.
pub fn resolve_probability(sentiment: Sentiment, complexity: Complexity) -> f64 {
    let base = match sentiment {
        Sentiment::Positive => 0.96,
        Sentiment::Neutral => 0.8,
        Sentiment::Negative => 0.3,
    };
    let shift = match complexity {
        Complexity::Simple => 0.03,
        Complexity::Moderate => 0.0,
        Complexity::Complex => -0.1,
    };
    f64::min(base + shift, 0.99)
}

/// Ranks conversations by satisfaction (the agent-day's success rate, the
/// topic's difficulty and the user's mood) and gives the top 60% positive, the
/// next 30% neutral, the rest negative: exact shares, and struggling or failing
/// agents collect the unhappy users.
fn assign_sentiment(drafts: &mut [(Conversation, f64, f64)]) {
    let mut order: Vec<usize> = (0..drafts.len()).collect();
    order.sort_by(|&a, &b| drafts[b].1.total_cmp(&drafts[a].1).then(a.cmp(&b)));
    let counts = quota(drafts.len(), &SENTIMENT_SHARES);
    let mut ranked = order.into_iter();
    for (sentiment, count) in Sentiment::ALL.into_iter().zip(counts) {
        for i in ranked.by_ref().take(count) {
            drafts[i].0.sentiment = sentiment;
        }
    }
}

/// Picks `n` rows, each as often as its share of all conversations
/// (systematic sampling over the conversation units, walked day by day):
/// row `r` gets `floor` or `ceil` of `n × conversations(r) / total`, never
/// more than it has, and each day's share is exact to within one record.
fn systematic_sample<R: RngExt + ?Sized>(
    rng: &mut R,
    window: &Window,
    daily_metrics: &[DailyMetric],
    n: usize,
) -> Vec<usize> {
    let total: u64 = daily_metrics.iter().map(|m| m.conversations as u64).sum();
    if total == 0 || n == 0 {
        return Vec::new();
    }
    let days = window.days as usize;
    let agents = daily_metrics.len() / days;
    let day_major = (0..days).flat_map(|day| (0..agents).map(move |a| a * days + day));
    let offset = rng.random_range(0..total) as u128;
    let mut rows = Vec::with_capacity(n);
    let mut next = 0u128;
    let mut seen = 0u64;
    for row in day_major {
        seen += daily_metrics[row].conversations as u64;
        // Points j with (j × total + offset) / n < seen fall in this row.
        while next < n as u128 && (next * total as u128 + offset) / (n as u128) < seen as u128 {
            rows.push(row);
            next += 1;
        }
    }
    rows
}
