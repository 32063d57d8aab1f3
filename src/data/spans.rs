//! What is behind a reply: the steps that made each agent message (a
//! retrieval, a planning model call, tool calls, the model call that wrote
//! the answer) as spans, the way Langfuse, LangSmith and Arize Phoenix
//! record a trace; the end user's feedback on a reply; and the day-level
//! counts the telemetry keeps of both.
//!
//! Spans are a pure function of the seed and the message (their own
//! stream), built with the transcript, and they add up to it exactly:
//! - **Time.** The root span starts at the user's message. The reply's
//!   `latencyMs` is its time to the first streamed token (the ruling that
//!   reconciles the seed's 0.8–3 s with its token counts): the steps before
//!   the answering call, plus that call's own time to first token, make it
//!   to the millisecond. The answer then streams at the model's published
//!   speed (capped so it ends before the user's next message), and the
//!   root span ends with it.
//! - **Tokens and cost.** The model calls' prompt and completion tokens sum
//!   to the message's; their costs (the seed's formula, split by largest
//!   remainder) sum to the message's cost, and the messages' costs to the
//!   conversation's. Retrievals and tools carry no tokens.
//! - **Failures.** A failed conversation's last reply carries the error
//!   that failed it on the step that failed: a tool (`TOOL_ERROR`), or the
//!   answering model call (`TIMEOUT` at the deadline, `RATE_LIMITED`,
//!   `MODEL_ERROR`, `CONTEXT_LENGTH_EXCEEDED`, `CONTENT_FILTERED`, each
//!   fast, with no tokens). Healthy replies sometimes retry a tool that
//!   failed once.
//!
//! The telemetry cannot hold every span, so a daily row keeps counts
//! ([`TraceCounts`]) computed from its own figures by the same laws
//! ([`day_counts`]): tool calls from its latency histogram (slow replies
//! call more tools), tool errors from its retries and `TOOL_ERROR`
//! failures, ratings from its replies, failures and sentiments. `check`
//! holds the sample's spans to those rates (`traces.sample_agrees`).

use std::borrow::Cow;

use chrono::{DateTime, TimeDelta, Utc};
use uuid::Uuid;

use super::catalogue::Model;
use super::histogram::LATENCY_MS;
use super::kinds::AgentKind;
use super::messages::split;
use super::model::{DailyMetric, ErrorType, Sentiment};
use super::rng::Draws;

/// What a span did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpanKind {
    /// The agent's turn: the root, from the user's message to the answer's last token.
    Agent,
    /// A model call.
    Llm,
    /// A search of the agent's knowledge base.
    Retriever,
    /// A call to one of the agent's tools (an internal API).
    Tool,
}

/// One step of a reply.
#[derive(Clone, Debug, PartialEq)]
pub struct Span {
    pub id: Uuid,
    /// Index of its parent among the message's spans; `None` for the root.
    pub parent: Option<u8>,
    pub kind: SpanKind,
    pub name: Cow<'static, str>,
    /// When it started, after the user's message, ms.
    pub start_ms: u32,
    pub duration_ms: u32,
    /// The error it ended on; `None` when it succeeded.
    pub error: Option<ErrorType>,
    /// What failed, in the words of the service that failed.
    pub status_message: Option<&'static str>,
    /// Model calls: prompt and completion tokens (the root: their sums).
    pub input_tokens: u32,
    pub output_tokens: u32,
    /// What its tokens cost, micro-dollars (the root: the message's cost).
    pub cost_micros: i64,
    /// Model calls that answered: ms from their start to the first token.
    pub first_token_ms: Option<u32>,
    /// Model calls: the model.
    pub model: Option<Model>,
}

impl Span {
    pub fn end_ms(&self) -> u32 {
        self.start_ms + self.duration_ms
    }
}

/// A thumbs up or down an end user gave a reply.
#[derive(Clone, Debug, PartialEq)]
pub struct Feedback {
    pub positive: bool,
    /// What they wrote with it, if anything.
    pub comment: Option<&'static str>,
    pub created_at: DateTime<Utc>,
}

/// The steps behind one agent message and what the end user made of it.
#[derive(Clone, Debug, PartialEq)]
pub struct Trace {
    /// The user's message it answers (the root span's start).
    pub started_at: DateTime<Utc>,
    /// The root first, then its children in start order.
    pub spans: Vec<Span>,
    pub feedback: Option<Feedback>,
}

impl Trace {
    pub fn root(&self) -> &Span {
        &self.spans[0]
    }

    /// The answering model call's time to its first token (its own, from
    /// its start); `None` when that call failed.
    pub fn model_first_token_ms(&self) -> Option<u32> {
        self.spans.iter().rev().find(|s| s.kind == SpanKind::Llm).and_then(|s| s.first_token_ms)
    }
}

/// What the builder needs to know of one reply.
pub struct Reply {
    pub kind: AgentKind,
    pub model: Model,
    pub sentiment: Sentiment,
    /// The user's message it answers.
    pub asked_at: DateTime<Utc>,
    pub latency_ms: u32,
    pub input_tokens: u32,
    pub output_tokens: u32,
    pub cost_micros: i64,
    /// From the reply to the user's next message, ms; `None` for the last reply.
    pub next_message_ms: Option<u64>,
    /// The error the conversation failed on, on its last reply only.
    pub failure: Option<ErrorType>,
    /// Whether it is the conversation's last reply.
    pub last: bool,
    /// The service down when it was asked, for a reply failing on a tool
    /// during an outage (`providers::ToolOutage`): its failing call is one
    /// of that service's tools.
    pub outage: Option<&'static str>,
}

/// Mean tool calls of a reply of a kind, before its latency scales it.
fn tool_rate(kind: AgentKind) -> f64 {
    match kind {
        AgentKind::CustomerSupport => 0.9,
        AgentKind::SalesAssistant => 0.5,
        AgentKind::HrOnboarding => 0.5,
        AgentKind::ItSupport => 0.9,
        AgentKind::KnowledgeBase => 0.15,
        AgentKind::LeadQualification => 0.8,
        AgentKind::DocumentAnalyzer => 1.1,
        AgentKind::MeetingScheduler => 1.3,
        AgentKind::ExpenseReport => 1.0,
        AgentKind::TrainingAssistant => 0.35,
    }
}

/// How much of its kind's tool rate a reply of `latency_ms` gets: quick
/// replies answer from the prompt, slow ones waited on tools.
fn latency_factor(latency_ms: f64) -> f64 {
    ((latency_ms - 350.0) / 900.0).clamp(0.0, 1.8)
}

/// Mean tool calls (first attempts) of one reply.
fn tool_mean(kind: AgentKind, latency_ms: f64) -> f64 {
    (tool_rate(kind) * latency_factor(latency_ms)).min(MAX_TOOLS as f64)
}

/// Most tool calls one reply makes (first attempts).
const MAX_TOOLS: u32 = 3;
/// Most spans one reply has: the root, a retrieval, a planning call, each
/// tool call with a retry, the answering call.
pub const MAX_SPANS: usize = 4 + 2 * MAX_TOOLS as usize;
/// Share of tool calls that fail once and are retried.
pub const TOOL_RETRY: f64 = 0.025;
/// Share of replies the end user rates: the last one, any other.
pub const RATED_LAST: f64 = 0.08;
pub const RATED_OTHER: f64 = 0.012;
/// Share of a failed conversation's last-reply ratings that are down.
const DOWN_WHEN_FAILED: f64 = 0.9;

/// Share of ratings that are down, by the conversation's sentiment.
fn down_share(sentiment: Sentiment) -> f64 {
    match sentiment {
        Sentiment::Positive => 0.05,
        Sentiment::Neutral => 0.3,
        Sentiment::Negative => 0.8,
    }
}

/// How often a reply of a kind searches its knowledge base.
fn retrieval_share(kind: AgentKind) -> f64 {
    match kind {
        AgentKind::CustomerSupport => 0.7,
        AgentKind::SalesAssistant => 0.5,
        AgentKind::HrOnboarding => 0.8,
        AgentKind::ItSupport => 0.7,
        AgentKind::KnowledgeBase => 0.95,
        AgentKind::LeadQualification => 0.25,
        AgentKind::DocumentAnalyzer => 0.3,
        AgentKind::MeetingScheduler => 0.05,
        AgentKind::ExpenseReport => 0.45,
        AgentKind::TrainingAssistant => 0.8,
    }
}

/// The services the agents' tools call (what a tool's name begins with),
/// each of which has outages of its own ([`super::providers`]).
pub const SERVICES: [&str; 20] = [
    "accounts",
    "billing",
    "calendar",
    "clauses",
    "crm",
    "devices",
    "directory",
    "docs",
    "enrich",
    "expenses",
    "files",
    "hris",
    "lms",
    "ocr",
    "plans",
    "pricing",
    "receipts",
    "tasks",
    "tickets",
    "workspaces",
];

/// The services a kind's tools call ([`SERVICES`]), sorted.
pub fn services(kind: AgentKind) -> Vec<&'static str> {
    let mut services: Vec<&'static str> = toolbox(kind).1.iter().map(|tool| service_of(tool)).collect();
    services.sort_unstable();
    services.dedup();
    services
}

/// The service a tool calls: what its name begins with.
fn service_of(tool: &'static str) -> &'static str {
    tool.split('.').next().unwrap_or(tool)
}

/// The retriever's span name and the kind's tools (the names a trace shows).
fn toolbox(kind: AgentKind) -> (&'static str, &'static [&'static str]) {
    match kind {
        AgentKind::CustomerSupport => {
            ("retrieve help-center", &["accounts.lookup", "billing.invoices", "workspaces.audit", "tickets.create"])
        }
        AgentKind::SalesAssistant => ("retrieve product-docs", &["pricing.quote", "crm.account", "plans.compare"]),
        AgentKind::HrOnboarding => ("retrieve hr-policies", &["hris.employee", "tasks.onboarding", "tickets.create"]),
        AgentKind::ItSupport => ("retrieve it-runbooks", &["tickets.create", "directory.user", "devices.lookup"]),
        AgentKind::KnowledgeBase => ("retrieve wiki", &["docs.fetch"]),
        AgentKind::LeadQualification => ("retrieve playbooks", &["crm.lead", "enrich.company", "calendar.slots"]),
        AgentKind::DocumentAnalyzer => ("retrieve contracts", &["files.fetch", "ocr.extract", "clauses.compare"]),
        AgentKind::MeetingScheduler => ("retrieve team-directory", &["calendar.freebusy", "calendar.create_event"]),
        AgentKind::ExpenseReport => {
            ("retrieve travel-policy", &["receipts.extract", "expenses.policy", "expenses.submit"])
        }
        AgentKind::TrainingAssistant => ("retrieve course-library", &["lms.course", "lms.progress"]),
    }
}

/// Tokens a model streams per second (published figures for each model).
fn stream_speed(model: Model) -> (f64, f64) {
    match model {
        Model::Gpt4o => (70.0, 110.0),
        Model::Gpt4oMini => (95.0, 160.0),
        Model::Gpt35Turbo => (80.0, 140.0),
    }
}

/// What the failing service said, by error type.
fn failure_message(error: ErrorType) -> &'static str {
    match error {
        ErrorType::Timeout => "deadline exceeded: no response from the model within 30 s",
        ErrorType::RateLimited => "429 Too Many Requests: rate limit reached for requests",
        ErrorType::ModelError => "500 Internal Server Error: the model is overloaded",
        ErrorType::ContextLengthExceeded => "400 context_length_exceeded: maximum context length is 128000 tokens",
        ErrorType::ToolError => "502 Bad Gateway from the tool's backend",
        ErrorType::ContentFiltered => "400 content_filter: the response was filtered",
    }
}

/// What end users write with a thumbs down (most write nothing).
const DOWN_COMMENTS: [&str; 6] = [
    "Didn't answer my question",
    "This is wrong",
    "Too long, I just needed a yes or no",
    "I asked for a person",
    "Same answer as before",
    "Not helpful",
];
/// What end users write with a thumbs up.
const UP_COMMENTS: [&str; 3] = ["Quick and clear, thanks", "Exactly what I needed", "Helpful"];

/// Whether a conversation failing on `error` failed in its answering model
/// call (every error but a tool's): that reply wrote next to nothing.
pub fn answer_fails(error: ErrorType) -> bool {
    error != ErrorType::ToolError
}

/// Draws how many tools a reply calls (first attempts): the kind's mean at
/// its latency, as a whole count around it.
fn draw_tools(draws: &mut Draws, kind: AgentKind, latency_ms: u32) -> u32 {
    let mean = tool_mean(kind, latency_ms as f64);
    mean.floor() as u32 + u32::from(draws.chance(mean.fract()))
}

/// The spans behind `reply`, and its feedback, from `draws` (the message's
/// own stream).
pub fn trace(reply: &Reply, draws: &mut Draws, mut id: impl FnMut() -> Uuid) -> Trace {
    let l = reply.latency_ms;
    let (retriever, tools) = toolbox(reply.kind);
    let mut calls = draw_tools(draws, reply.kind, l);
    if reply.failure == Some(ErrorType::ToolError) {
        calls = calls.max(1);
    }
    let retrieves = draws.chance(retrieval_share(reply.kind));
    // Each call may fail once and be retried; a `TOOL_ERROR` failure is
    // its last call failing for good.
    let mut tool_steps: Vec<(&'static str, Option<ErrorType>)> = Vec::new();
    for call in 0..calls {
        let drawn = draws.below(tools.len() as u32) as usize;
        let mut name = tools[drawn];
        let fatal = reply.failure == Some(ErrorType::ToolError) && call + 1 == calls;
        if fatal && let Some(service) = reply.outage {
            // The same draw, among the down service's tools (one draw
            // either way: the other spans do not move).
            let down: Vec<&'static str> = tools.iter().copied().filter(|&t| service_of(t) == service).collect();
            if !down.is_empty() {
                name = down[drawn % down.len()];
            }
        }
        if fatal {
            tool_steps.push((name, Some(ErrorType::ToolError)));
        } else {
            if draws.chance(TOOL_RETRY) {
                tool_steps.push((name, Some(ErrorType::ToolError)));
            }
            tool_steps.push((name, None));
        }
    }
    // The answering call fails fast (or hangs to the deadline) on every
    // error but a tool's; then a planning call before it holds the tokens.
    let answer_fails = reply.failure.filter(|&e| answer_fails(e));
    let plans = !tool_steps.is_empty() || answer_fails.is_some();

    // Time: the steps before the answer, then the answer's first token at `l`.
    let share = draws.uniform(0.35, 0.7);
    let answer_first_token = match answer_fails {
        Some(_) => 0,
        // Nothing before the answer: its first token is the reply's.
        None if !retrieves && !plans => l,
        None => ((l as f64 * share).round() as u32).max(l.min(120)),
    };
    let before_answer_budget = match answer_fails {
        // A hung call takes what the steps before it left of the deadline.
        Some(ErrorType::Timeout) => ((l.min(2_500)) as f64 * draws.uniform(0.3, 0.6)).round() as u32,
        // A refused call returns within a fraction of the reply.
        Some(_) => (l as f64 * draws.uniform(0.75, 0.92)).round() as u32,
        None => l - answer_first_token,
    }
    .min(l);
    let mut weights: Vec<u64> = Vec::new();
    if retrieves {
        weights.push((600.0 * draws.uniform(0.6, 1.4)) as u64);
    }
    if plans {
        weights.push((1000.0 * draws.uniform(0.7, 1.3)) as u64);
    }
    for _ in &tool_steps {
        weights.push((900.0 * draws.uniform(0.4, 1.6)) as u64);
    }
    let durations = split(before_answer_budget as u64, &weights);
    let answer_start = before_answer_budget;

    // Tokens: a planning call reads part of the prompt and writes the tool
    // arguments; the answer gets the rest (all of it when the answer failed).
    let (plan_in, plan_out) = match (plans, answer_fails) {
        (false, _) => (0, 0),
        (true, Some(_)) => (reply.input_tokens, reply.output_tokens),
        (true, None) => {
            let input = (reply.input_tokens as f64 * draws.uniform(0.35, 0.5)).round() as u32;
            let output = (12 + 18 * calls).min(reply.output_tokens / 2);
            (input.min(reply.input_tokens), output)
        }
    };
    let (answer_in, answer_out) = (reply.input_tokens - plan_in, reply.output_tokens - plan_out);
    let units = |i: u32, o: u32| reply.model.cost_units(i as u64, o as u64) as u64;
    let costs = split(reply.cost_micros.max(0) as u64, &[units(plan_in, plan_out), units(answer_in, answer_out)]);

    let mut spans = Vec::with_capacity(3 + tool_steps.len());
    let root = Span {
        id: id(),
        parent: None,
        kind: SpanKind::Agent,
        name: Cow::Borrowed("agent.turn"),
        start_ms: 0,
        duration_ms: l,
        error: reply.failure,
        status_message: reply.failure.map(failure_message),
        input_tokens: reply.input_tokens,
        output_tokens: reply.output_tokens,
        cost_micros: reply.cost_micros,
        first_token_ms: None,
        model: None,
    };
    spans.push(root);
    let call = || Cow::Owned(format!("chat {}", reply.model.id()));
    let step = |kind, name: Cow<'static, str>, start_ms, duration_ms, error: Option<ErrorType>| Span {
        id: Uuid::nil(),
        parent: Some(0),
        kind,
        name,
        start_ms,
        duration_ms,
        error,
        status_message: error.map(failure_message),
        input_tokens: 0,
        output_tokens: 0,
        cost_micros: 0,
        first_token_ms: None,
        model: None,
    };
    let mut at = 0u32;
    let mut durations = durations.into_iter().map(|d| d as u32);
    if retrieves {
        let d = durations.next().unwrap_or(0);
        spans.push(step(SpanKind::Retriever, Cow::Borrowed(retriever), at, d, None));
        at += d;
    }
    if plans {
        let d = durations.next().unwrap_or(0);
        let mut plan = step(SpanKind::Llm, call(), at, d, None);
        plan.input_tokens = plan_in;
        plan.output_tokens = plan_out;
        plan.cost_micros = costs[0] as i64;
        plan.first_token_ms = Some((d as f64 * draws.uniform(0.35, 0.6)).round() as u32);
        plan.model = Some(reply.model);
        spans.push(plan);
        at += d;
    }
    for (name, error) in tool_steps {
        let d = durations.next().unwrap_or(0);
        let mut tool = step(SpanKind::Tool, Cow::Borrowed(name), at, d, error);
        if error.is_some() {
            tool.status_message = Some(if reply.failure == Some(ErrorType::ToolError) {
                failure_message(ErrorType::ToolError)
            } else {
                "503 Service Unavailable (retried)"
            });
        }
        spans.push(tool);
        at += d;
    }
    debug_assert_eq!(at, answer_start);

    // The answer: it streams after its first token, at the model's speed,
    // and ends before the user's next message.
    let mut answer = step(SpanKind::Llm, call(), answer_start, l - answer_start, answer_fails);
    answer.model = Some(reply.model);
    answer.input_tokens = answer_in;
    answer.output_tokens = answer_out;
    answer.cost_micros = costs[1] as i64;
    let mut end = l;
    if answer_fails.is_none() {
        let (lo, hi) = stream_speed(reply.model);
        let mut stream = (answer_out as f64 * 1000.0 / draws.uniform(lo, hi)).round() as u64;
        if let Some(next) = reply.next_message_ms {
            stream = stream.min(next * 9 / 10);
        }
        let stream = stream.min(u32::MAX as u64 / 4) as u32;
        answer.first_token_ms = Some(answer_first_token);
        answer.duration_ms = answer_first_token + stream;
        end = l + stream;
    }
    spans.push(answer);
    spans[0].duration_ms = end;
    for span in spans.iter_mut().skip(1) {
        span.id = id();
    }

    let feedback = feedback(reply, draws, end);
    Trace { started_at: reply.asked_at, spans, feedback }
}

fn feedback(reply: &Reply, draws: &mut Draws, end_ms: u32) -> Option<Feedback> {
    let rated = draws.chance(if reply.last { RATED_LAST } else { RATED_OTHER });
    let down_if_rated = match reply.failure {
        Some(_) => DOWN_WHEN_FAILED,
        None => down_share(reply.sentiment),
    };
    let down = draws.chance(down_if_rated);
    let comment_draw = draws.unit();
    let delay = draws.uniform(2_000.0, 25_000.0) as u64;
    if !rated {
        return None;
    }
    let delay = reply.next_message_ms.map_or(delay, |next| delay.min(next.saturating_sub(1)));
    let comment = match down {
        true => (comment_draw < 0.4).then(|| DOWN_COMMENTS[(comment_draw / 0.4 * 6.0) as usize % 6]),
        false => (comment_draw < 0.15).then(|| UP_COMMENTS[(comment_draw / 0.15 * 3.0) as usize % 3]),
    };
    let created_at = reply.asked_at + TimeDelta::milliseconds(end_ms.max(reply.latency_ms) as i64 + delay as i64);
    Some(Feedback { positive: !down, comment, created_at })
}

/// What a day's telemetry counts of its traces.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TraceCounts {
    /// Tool calls, retries included.
    pub tool_calls: u32,
    /// Tool calls that failed (retried, or failing the conversation).
    pub tool_errors: u32,
    /// Replies the end users rated.
    pub rated: u32,
    /// Of those, the thumbs down.
    pub thumbs_down: u32,
}

/// A day's trace counts, from its own figures by the laws the spans of a
/// sampled reply are drawn by: the expected tool calls of its replies at
/// their latencies (its histogram), their retries, its `TOOL_ERROR`
/// failures, and the ratings its replies, failures and sentiments give.
pub fn day_counts(m: &DailyMetric, kind: AgentKind) -> TraceCounts {
    if m.conversations == 0 {
        return TraceCounts::default();
    }
    let first_calls: f64 = m
        .latency
        .iter()
        .map(|(b, count)| count as f64 * tool_mean(kind, (LATENCY_MS.lower(b) * LATENCY_MS.upper(b)).sqrt()))
        .sum();
    let tool_failures = m.errors[ErrorType::ToolError as usize] as f64;
    // Days differ: a flaky back-end one day, chattier users another (a
    // factor of mean 1 per row, from its id, so a row keeps it as it grows).
    let retries = first_calls * TOOL_RETRY * day_factor(&m.id, 0, 0.5);
    let conversations = m.conversations as f64;
    let failed = (m.conversations - m.succeeded) as f64;
    let other_replies = (m.replies as f64 - conversations).max(0.0);
    // The sentiments' mean down share (failures spread across sentiments).
    let down_mean: f64 =
        Sentiment::ALL.iter().map(|&s| m.sentiments[s as usize] as f64 * down_share(s)).sum::<f64>() / conversations;
    let rated = (RATED_LAST * conversations + RATED_OTHER * other_replies) * day_factor(&m.id, 8, 0.25);
    let down = (RATED_LAST * (failed * DOWN_WHEN_FAILED + (conversations - failed) * down_mean)
        + RATED_OTHER * other_replies * down_mean)
        * day_factor(&m.id, 8, 0.25);
    // Each count is rounded up with the chance of its fraction: a day's
    // expected ratings and thumbs down are mostly under 2, and rounding to
    // the nearest would move the window's totals off the replies' laws.
    let tool_calls = dither(first_calls + retries, &m.id, 0);
    let tool_errors = dither(retries + tool_failures, &m.id, 1);
    let rated = dither(rated, &m.id, 2);
    TraceCounts {
        tool_calls: tool_calls.max(tool_errors),
        tool_errors,
        rated,
        thumbs_down: dither(down, &m.id, 3).min(rated),
    }
}

/// `x` rounded down or up, up with the chance of its fraction, by a uniform
/// draw from the row `id` and `salt`: the rounded counts sum to their
/// expectation over many rows.
fn dither(x: f64, id: &Uuid, salt: u64) -> u32 {
    // SplitMix64's finaliser over the id's two halves and the salt.
    let (hi, lo) = id.as_u64_pair();
    let mut z = hi ^ lo.rotate_left(17) ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    let u = (z >> 11) as f64 / (1u64 << 53) as f64;
    let x = x.max(0.0);
    (x.floor() + f64::from(u < x.fract())) as u32
}

/// A lognormal factor of mean 1 and log-spread `sigma` for the row `id`,
/// from its bytes at `at` (the id is already uniformly random).
fn day_factor(id: &Uuid, at: usize, sigma: f64) -> f64 {
    let bytes = id.as_bytes();
    let bits = u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap_or_default());
    let u = ((bits >> 11) as f64 + 0.5) / (1u64 << 53) as f64;
    (sigma * super::rng::inverse_normal_cdf(u) - sigma * sigma / 2.0).exp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_services_are_what_the_tools_names_begin_with() {
        let mut all: Vec<&str> = AgentKind::ALL.iter().flat_map(|&k| services(k)).collect();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all, SERVICES);
    }
}
