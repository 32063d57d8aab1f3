//! The rules of the traces behind replies ([`crate::data::spans`]): each
//! reply's spans add up to it, and the sample's spans and ratings agree
//! with the telemetry's counts.

use super::super::Dataset;
use super::super::messages::{Message, transcript};
use super::super::model::ErrorType;
use super::super::spans::{SpanKind, Trace};
use super::{Outcome, fail, within_sampling};

/// Every reply of every retained conversation: its spans' tokens and costs
/// sum to the message's, the messages' costs to the conversation's; the
/// steps run one after another inside the root, the answering call's first
/// token lands at the reply's latency, and a failed conversation's last
/// reply fails on a step of its error type (no other root fails).
pub fn reconcile(d: &Dataset) -> Outcome {
    let (mut replies, mut spans) = (0usize, 0usize);
    for row in 0..d.conversations.len() as u32 {
        let c = &d.conversations[row as usize];
        let messages = transcript(d, row);
        let cost: i64 = messages.iter().filter_map(|m| m.cost_micros).sum();
        if cost != c.cost_micros {
            return fail(format!(
                "conversation {}: messages cost {cost} µ$, the conversation {} µ$",
                c.id, c.cost_micros
            ));
        }
        let last = messages.iter().rposition(|m| m.trace.is_some());
        for (i, m) in messages.iter().enumerate() {
            let Some(trace) = &m.trace else { continue };
            replies += 1;
            spans += trace.spans.len();
            let failure = if Some(i) == last { c.outcome.error() } else { None };
            if let Err(why) = reply_adds_up(m, trace, failure) {
                return fail(format!("conversation {} message {i}: {why}", c.id));
            }
        }
    }
    Ok(format!("{replies} replies, {spans} spans add up"))
}

fn reply_adds_up(m: &Message, trace: &Trace, failure: Option<ErrorType>) -> Result<(), String> {
    let root = trace.root();
    let latency = m.latency_ms.unwrap_or(0);
    let calls = || trace.spans.iter().filter(|s| s.kind == SpanKind::Llm);
    let input: u32 = calls().map(|s| s.input_tokens).sum();
    let output: u32 = calls().map(|s| s.output_tokens).sum();
    let cost: i64 = calls().map(|s| s.cost_micros).sum();
    if (input, output) != (m.input_tokens.unwrap_or(0), m.output_tokens.unwrap_or(0))
        || (root.input_tokens, root.output_tokens) != (input, output)
    {
        return Err(format!(
            "model calls' tokens {input}/{output}, message's {:?}/{:?}",
            m.input_tokens, m.output_tokens
        ));
    }
    if Some(cost) != m.cost_micros || root.cost_micros != cost {
        return Err(format!("model calls cost {cost} µ$, the message {:?}", m.cost_micros));
    }
    if root.kind != SpanKind::Agent || root.parent.is_some() || root.start_ms != 0 || root.duration_ms < latency {
        return Err(format!("root {:?} lasts {} ms for a reply of {latency} ms", root.kind, root.duration_ms));
    }
    let mut at = 0;
    for s in &trace.spans[1..] {
        if s.parent != Some(0) || s.start_ms != at || s.end_ms() > root.end_ms() {
            return Err(format!("{} starts at {} ms, after steps ending at {at} ms", s.name, s.start_ms));
        }
        at = s.end_ms();
    }
    let Some(answer) = trace.spans.last().filter(|s| s.kind == SpanKind::Llm) else {
        return Err("the last step is not the answering model call".into());
    };
    match failure {
        None => {
            if root.error.is_some() || answer.first_token_ms.map(|t| answer.start_ms + t) != Some(latency) {
                return Err(format!("the answer's first token is not at the reply's latency ({latency} ms)"));
            }
        }
        Some(error) => {
            let failed = trace.spans[1..].iter().any(|s| s.error == Some(error) && s.status_message.is_some());
            if root.error != Some(error) || !failed {
                return Err(format!("the failed reply shows no failing {} step", error.as_str()));
            }
        }
    }
    if m.created_at != trace.started_at + chrono::TimeDelta::milliseconds(latency as i64) {
        return Err("the reply does not arrive its latency after the message it answers".into());
    }
    if trace.feedback.as_ref().is_some_and(|f| f.created_at < m.created_at) {
        return Err("feedback given before the reply".into());
    }
    Ok(())
}

/// The sample's traces against the telemetry's counts over the window: tool
/// calls per reply within 20%; the tool error rate, ratings per reply and
/// the thumbs-down share within what sampling explains (3.5 standard errors
/// of a simple random sample of the sample's size) plus 1, 0.3 and 5
/// points (the last two from 40 ratings in the sample, the first two from
/// 300 tool calls).
pub fn sample_agrees(d: &Dataset) -> Outcome {
    let (mut replies, mut calls, mut tool_errors, mut rated, mut down) = (0u64, 0u64, 0u64, 0u64, 0u64);
    for (_, messages) in super::transcripts(d) {
        for m in messages {
            let Some(trace) = &m.trace else { continue };
            replies += 1;
            for s in trace.spans.iter().filter(|s| s.kind == SpanKind::Tool) {
                calls += 1;
                tool_errors += u64::from(s.error.is_some());
            }
            if let Some(f) = &trace.feedback {
                rated += 1;
                down += u64::from(!f.positive);
            }
        }
    }
    let t = d.daily_metrics.iter().fold([0u64; 5], |mut t, m| {
        t[0] += m.replies as u64;
        t[1] += m.traces.tool_calls as u64;
        t[2] += m.traces.tool_errors as u64;
        t[3] += m.traces.rated as u64;
        t[4] += m.traces.thumbs_down as u64;
        t
    });
    let per = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let (sample_calls, telemetry_calls) = (per(calls, replies), per(t[1], t[0]));
    let (sample_errors, telemetry_errors) = (per(tool_errors, calls), per(t[2], t[1]));
    let (sample_rated, telemetry_rated) = (per(rated, replies), per(t[3], t[0]));
    let (sample_down, telemetry_down) = (per(down, rated), per(t[4], t[3]));
    let figures = format!(
        "tool calls per reply {sample_calls:.3} (telemetry {telemetry_calls:.3}), tool error rate {sample_errors:.3} ({telemetry_errors:.3}), rated {sample_rated:.4} ({telemetry_rated:.4}), thumbs down {sample_down:.2} ({telemetry_down:.2}) over {rated} ratings"
    );
    if calls >= 300
        && ((sample_calls / telemetry_calls - 1.0).abs() > 0.2
            || !within_sampling(sample_errors, telemetry_errors, calls as f64, 0.01))
    {
        return fail(figures);
    }
    if rated >= 40
        && (!within_sampling(sample_rated, telemetry_rated, replies as f64, 0.003)
            || !within_sampling(sample_down, telemetry_down, rated as f64, 0.05))
    {
        return fail(figures);
    }
    Ok(figures)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Params, Sizes, generate};

    /// The first failed conversation of two replies or more: its messages, and its error.
    fn failed_transcript() -> (Vec<Message>, ErrorType) {
        let anchor = "2025-01-19T14:00:00Z".parse().expect("valid anchor");
        let d = generate(&Params::new(12345, anchor, Sizes::default())).expect("generates");
        let row = d
            .conversations
            .iter()
            .position(|c| c.outcome.error().is_some() && c.message_count >= 4)
            .expect("a failure");
        (transcript(&d, row as u32), d.conversations[row].outcome.error().expect("failed"))
    }

    #[test]
    fn tampered_spans_are_caught() {
        let (messages, error) = failed_transcript();
        let last = messages.iter().rposition(|m| m.trace.is_some()).expect("a reply");
        let first = messages.iter().position(|m| m.trace.is_some()).expect("a reply");
        let check = |m: &Message, failure| reply_adds_up(m, m.trace.as_ref().expect("a trace"), failure);
        assert_eq!(check(&messages[first], None), Ok(()));
        assert_eq!(check(&messages[last], Some(error)), Ok(()));
        let tamper: [fn(&mut Trace); 5] = [
            |t| t.spans.last_mut().expect("spans").output_tokens += 1,
            |t| t.spans.last_mut().expect("spans").cost_micros += 1,
            |t| t.spans[0].duration_ms = 0,
            |t| t.spans.last_mut().expect("spans").start_ms += 1,
            |t| {
                let answer = t.spans.last_mut().expect("spans");
                answer.first_token_ms = answer.first_token_ms.map(|f| f + 1)
            },
        ];
        for (i, tamper) in tamper.iter().enumerate() {
            let mut m = messages[first].clone();
            tamper(m.trace.as_mut().expect("a trace"));
            assert!(check(&m, None).is_err(), "tampering {i} passed");
        }
        // A failed reply that shows no failing step.
        let mut m = messages[last].clone();
        for s in &mut m.trace.as_mut().expect("a trace").spans[1..] {
            s.error = None;
        }
        assert!(check(&m, Some(error)).is_err());
    }
}
