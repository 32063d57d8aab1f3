//! Text a designer reads: conversation titles and transcripts varied and
//! consistent with their conversation's facts, and system prompts that are
//! each agent's own. Checked at the default seed and across a sweep of seeds,
//! with the targets stated here.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use agentmock::data::kinds::Topic;
use agentmock::data::messages;
use agentmock::data::prompts::{self, PromptFacts};
use agentmock::data::rng::Streams;
use agentmock::data::transcript::{self, ConversationFacts, Line, Slots, Speaker};
use agentmock::data::{self, Conversation, Dataset, ErrorType, Sentiment};

use crate::support::{generate, params};

/// Share of distinct conversation titles: at the default seed, and at every
/// seed of the sweep. (Measured when set: 0.962 at the default seed, 0.932
/// at the sweep's worst seed.)
const TITLES_DISTINCT_DEFAULT: f64 = 0.92;
const TITLES_DISTINCT_SWEEP: f64 = 0.88;
/// Share of distinct message texts over the messages of all conversations
/// (of 6 words or more).
/// (Measured when set: 0.895 at the default seed, 0.862 at the worst seed.)
const MESSAGES_DISTINCT_DEFAULT: f64 = 0.85;
const MESSAGES_DISTINCT_SWEEP: f64 = 0.82;
/// Messages under this many words are left out of the diversity ratios.
const SHORT_MESSAGE_WORDS: usize = 6;
/// A message of at least this many words...
const LONG_MESSAGE_WORDS: usize = 8;
/// ...appears at most this many times at the default seed.
const LONG_MESSAGE_MAX_REPEATS: usize = 5;
/// Seeds of the sweep (default sizes, pinned anchor).
const SWEEP_SEEDS: u64 = 20;

/// Words a user uses to complain about the conversation itself. Never in a
/// positive or neutral conversation; a negative one (three messages or more)
/// shows at least one.
const COMPLAINTS: &[&str] = &[
    "frustrating",
    "frustrated",
    "ridiculous",
    "waste of time",
    "waste of my time",
    "useless",
    "ugh",
    "seriously",
    "annoying",
    "not great",
    "took way longer",
    "shouldn't have been this",
    "back and forth",
    "taking forever",
    "way too long",
    "don't add up",
    "whatever",
    "sigh",
    "if you say so",
];

/// The phrase each error type's notice carries; none appears anywhere else.
fn error_marker(error: ErrorType) -> &'static str {
    match error {
        ErrorType::Timeout => "timed out",
        ErrorType::RateLimited => "too many requests",
        ErrorType::ModelError => "something went wrong",
        ErrorType::ContextLengthExceeded => "too long for me",
        ErrorType::ToolError => "couldn't reach",
        ErrorType::ContentFiltered => "content filter",
    }
}

struct Case {
    seed: u64,
    dataset: Dataset,
    /// Each conversation's messages, in order.
    transcripts: Vec<Vec<Line>>,
}

fn case(seed: u64) -> Case {
    let dataset = generate(&params(seed));
    let transcripts = (0..dataset.conversations.len() as u32)
        .map(|row| {
            messages::transcript(&dataset, row)
                .into_iter()
                .map(|m| Line { speaker: m.speaker, content: plain(m.content) })
                .collect()
        })
        .collect();
    Case { seed, dataset, transcripts }
}

/// What a message says: an API call's JSON (checked by `transcripts.api`)
/// unwrapped to its input, output or error message; a session's close
/// event reads "session closed".
fn plain(content: String) -> String {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(&content) else { return content };
    let text = ["input", "output"].iter().find_map(|k| value.get(*k)).or_else(|| value.pointer("/error/message"));
    match text.and_then(|t| t.as_str()) {
        Some(t) => t.to_string(),
        None => "session closed".to_string(),
    }
}

/// Words of a user's terse last word ("ok", "got it", "session closed").
const TERSE_WORDS: usize = 4;

fn default_case() -> &'static Case {
    static CASE: OnceLock<Case> = OnceLock::new();
    CASE.get_or_init(|| case(data::DEFAULT_SEED))
}

/// The sweep: seeds 0..SWEEP_SEEDS, each generated once.
fn sweep() -> &'static [Case] {
    static SWEEP: OnceLock<Vec<Case>> = OnceLock::new();
    SWEEP.get_or_init(|| (0..SWEEP_SEEDS).map(case).collect())
}

fn all_cases() -> impl Iterator<Item = &'static Case> {
    std::iter::once(default_case()).chain(sweep())
}

fn topic_of<'d>(d: &'d Dataset, c: &Conversation) -> &'d Topic {
    &d.agents[c.agent as usize].kind.profile().topics[c.topic as usize]
}

fn slots_of(d: &Dataset, c: &Conversation) -> Slots {
    slots_with_topic(d, c, topic_of(d, c))
}

fn slots_with_topic(d: &Dataset, c: &Conversation, topic: &Topic) -> Slots {
    let agent = &d.agents[c.agent as usize];
    transcript::slots(&Streams::new(d.params.seed), transcript::text_key(&c.id), agent.kind, topic)
}

/// Lowercase words separated by single spaces, with casual spellings undone,
/// padded with a space at each end (so phrases match at word boundaries).
fn normalize(text: &str) -> String {
    let plain: String = text.chars().map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { ' ' }).collect();
    let mut out = String::from(" ");
    for word in plain.split_whitespace() {
        let word = match word {
            "thx" => "thanks",
            "pls" => "please",
            "tmrw" => "tomorrow",
            "bc" => "because",
            "u" => "you",
            w => w,
        };
        out.push_str(word);
        out.push(' ');
    }
    out
}

fn has_phrase(text: &str, phrase: &str) -> bool {
    normalize(text).contains(&normalize(phrase))
}

/// Every text `template` can render to with `slots`: each `[a|b]` option,
/// each `{slot}` filled.
fn renderings(template: &str, slots: &Slots) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut rest = template;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']') else { break };
        let prefix = &rest[..open];
        let options: Vec<&str> = rest[open + 1..open + close].split('|').collect();
        out = out.iter().flat_map(|done| options.iter().map(move |o| format!("{done}{prefix}{o}"))).collect();
        rest = &rest[open + close + 1..];
    }
    out.into_iter()
        .map(|done| {
            let mut text = done + rest;
            while let Some(open) = text.find('{') {
                let close = open + text[open..].find('}').expect("closed slot");
                let value = slots.value(&text[open + 1..close]).expect("known slot");
                text.replace_range(open..=close, &value);
            }
            text
        })
        .collect()
}

/// Whether `line` contains a rendering of one of `templates`.
fn contains_one_of(line: &str, templates: &[&str], slots: &Slots) -> bool {
    let line = normalize(line);
    templates.iter().flat_map(|t| renderings(t, slots)).any(|r| line.contains(&normalize(&r)))
}

/// Fails listing the first violations found.
fn assert_none(violations: &[String]) {
    let shown = &violations[..violations.len().min(40)];
    assert!(violations.is_empty(), "{} violations:\n{}", violations.len(), shown.join("\n"));
}

fn ratio(distinct: usize, total: usize) -> f64 {
    distinct as f64 / total.max(1) as f64
}

fn title_ratio(case: &Case) -> f64 {
    let titles: BTreeSet<&str> = case.dataset.conversations.iter().map(|c| c.title.as_str()).collect();
    ratio(titles.len(), case.dataset.conversations.len())
}

/// Message texts and how often each occurs.
fn message_counts(case: &Case) -> BTreeMap<&str, usize> {
    let mut counts = BTreeMap::new();
    // Short messages ("ok", "got it", "Sure, take your time.") repeat in
    // any real log: diversity is judged on the rest.
    let worded = |l: &&Line| l.content.split_whitespace().count() >= SHORT_MESSAGE_WORDS;
    for line in case.transcripts.iter().flatten().filter(worded) {
        *counts.entry(line.content.as_str()).or_insert(0) += 1;
    }
    counts
}

fn message_ratio(case: &Case) -> f64 {
    let counts = message_counts(case);
    ratio(counts.len(), counts.values().sum())
}

#[test]
fn titles_are_diverse() {
    let default = title_ratio(default_case());
    assert!(default >= TITLES_DISTINCT_DEFAULT, "{:.3} of titles distinct at the default seed", default);
    let worst = sweep().iter().map(|c| (title_ratio(c), c.seed)).min_by(|a, b| a.0.total_cmp(&b.0)).unwrap();
    assert!(worst.0 >= TITLES_DISTINCT_SWEEP, "{:.3} of titles distinct at seed {}", worst.0, worst.1);
}

#[test]
fn messages_are_diverse_and_long_ones_rarely_repeat() {
    let case = default_case();
    let default = message_ratio(case);
    assert!(default >= MESSAGES_DISTINCT_DEFAULT, "{default:.3} of messages distinct at the default seed");
    let repeated: Vec<String> = message_counts(case)
        .into_iter()
        .filter(|(text, n)| *n > LONG_MESSAGE_MAX_REPEATS && text.split_whitespace().count() >= LONG_MESSAGE_WORDS)
        .map(|(text, n)| format!("{n}× {text:?}"))
        .collect();
    assert!(
        repeated.is_empty(),
        "long messages repeated more than {LONG_MESSAGE_MAX_REPEATS} times:\n{}",
        repeated.join("\n")
    );
    let worst = sweep().iter().map(|c| (message_ratio(c), c.seed)).min_by(|a, b| a.0.total_cmp(&b.0)).unwrap();
    assert!(worst.0 >= MESSAGES_DISTINCT_SWEEP, "{:.3} of messages distinct at seed {}", worst.0, worst.1);
}

#[test]
fn every_transcript_matches_its_conversation() {
    for case in all_cases() {
        let d = &case.dataset;
        for (c, lines) in d.conversations.iter().zip(&case.transcripts) {
            assert_eq!(lines.len(), c.message_count as usize, "seed {}: {}", case.seed, c.id);
            for (i, line) in lines.iter().enumerate() {
                let expected = if i % 2 == 0 { Speaker::User } else { Speaker::Assistant };
                assert_eq!(line.speaker, expected, "seed {}: {} message {i}", case.seed, c.id);
            }
        }
    }
}

/// Checks one transcript's ending against its facts; the violations found.
/// `slots_for` gives the conversation's slots as they would be for another
/// topic of its kind (to render that topic's lines).
fn ending_violations(
    facts: &ConversationFacts,
    slots: &Slots,
    lines: &[Line],
    slots_for: &dyn Fn(&Topic) -> Slots,
) -> Vec<String> {
    let mut out = Vec::new();
    let n = lines.len();
    let whole: Vec<&str> = lines.iter().map(|l| l.content.as_str()).collect();
    let users: Vec<&str> = lines.iter().filter(|l| l.speaker == Speaker::User).map(|l| l.content.as_str()).collect();
    let complaints = |texts: &[&str]| -> Vec<&'static str> {
        COMPLAINTS.iter().copied().filter(|m| texts.iter().any(|t| has_phrase(t, m))).collect()
    };
    // A program calling the API relays no mood.
    let api = facts.channel == data::Channel::Api;
    match facts.sentiment {
        _ if api => {}
        Sentiment::Positive | Sentiment::Neutral => {
            let found = complaints(&users);
            if !found.is_empty() {
                out.push(format!("{:?} conversation complains ({found:?})", facts.sentiment));
            }
        }
        Sentiment::Negative if n >= 3 => {
            if complaints(&users[1..]).is_empty() {
                out.push("negative conversation shows no annoyance after the opener".into());
            }
        }
        Sentiment::Negative => {}
    }
    for error in ErrorType::ALL {
        let marker = error_marker(error);
        let mentions = whole.iter().filter(|t| has_phrase(t, marker)).count();
        if facts.error != Some(error) && mentions > 0 {
            out.push(format!("mentions {marker:?} without a {error:?}"));
        }
    }
    if n < 2 {
        return out;
    }
    let last_assistant = whole[n - 1 - n % 2];
    let ticket = slots.value("ticket").unwrap_or_default();
    match (facts.error, facts.resolved) {
        (Some(error), _) => {
            if !has_phrase(last_assistant, error_marker(error)) {
                out.push(format!("failed on {error:?} but the last reply is {last_assistant:?}"));
            }
        }
        (None, false) => {
            let person = slots.value("person").unwrap_or_default();
            let handed_off = last_assistant.contains(&ticket) && last_assistant.contains(&person);
            // A calm user may give up silently after an answer (even counts).
            let gave_up = n.is_multiple_of(2) && (n == 2 || n >= 6) && facts.sentiment != Sentiment::Negative;
            if !handed_off && !gave_up {
                out.push(format!("unresolved, but no hand-off to {person} with {ticket}: {last_assistant:?}"));
            }
            if n >= 4 && handed_off {
                let stuck = whole[n - 2 - n % 2];
                if !contains_one_of(stuck, facts.topic.stuck, slots) {
                    out.push(format!("{stuck:?} is not one of its topic's stuck lines"));
                }
                for other in facts.kind.profile().topics.iter().filter(|t| !std::ptr::eq(*t, facts.topic)) {
                    if contains_one_of(stuck, other.stuck, &slots_for(other)) {
                        out.push(format!("{stuck:?} belongs to another topic ({})", other.title));
                    }
                }
            }
        }
        (None, true) => {
            // (An answer may name a ticket and a person itself: a hand-off is one of the kind's.)
            let handoffs = facts.kind.profile().handoffs;
            if contains_one_of(last_assistant, handoffs, slots) && n.is_multiple_of(2) {
                out.push(format!("resolved, but the last reply hands off: {last_assistant:?}"));
            }
            if n >= 3 {
                let confirm = whole[n - 1 - (1 - n % 2)];
                let calm = facts.sentiment != Sentiment::Negative;
                // A calm user may just stop after the answer (even counts)
                // or say "ok" (odd counts); an upset one confirms.
                let stopped = calm && n.is_multiple_of(2) && lines[n - 1].speaker == Speaker::Assistant;
                let terse = calm && n % 2 == 1 && confirm.split_whitespace().count() <= TERSE_WORDS;
                if !contains_one_of(confirm, facts.topic.confirms, slots) && !stopped && !terse {
                    out.push(format!("resolved, but {confirm:?} is not one of its topic's confirmations"));
                }
            }
        }
    }
    out
}

fn facts_of<'d>(d: &'d Dataset, c: &Conversation) -> ConversationFacts<'d> {
    let agent = &d.agents[c.agent as usize];
    ConversationFacts {
        kind: agent.kind,
        topic: topic_of(d, c),
        message_count: c.message_count as usize,
        sentiment: c.sentiment,
        resolved: c.resolved,
        error: c.outcome.error(),
        agent_name: &agent.name,
        channel: c.channel,
        formal: agentmock::data::messages::is_formal(&agent.config.system_prompt),
    }
}

#[test]
fn endings_fit_sentiment_resolution_and_outcome() {
    let mut violations = Vec::new();
    for case in all_cases() {
        let d = &case.dataset;
        for (c, lines) in d.conversations.iter().zip(&case.transcripts) {
            let facts = facts_of(d, c);
            let slots = slots_of(d, c);
            let slots_for = |t: &Topic| slots_with_topic(d, c, t);
            for v in ending_violations(&facts, &slots, lines, &slots_for) {
                violations.push(format!("seed {} {} ({:?} {}): {v}", case.seed, c.id, facts.kind, facts.topic.title));
            }
        }
    }
    assert_none(&violations);
}

/// The same conversations with every other outcome and sentiment: failures of
/// each type, hand-offs and resolutions, so every ending is exercised
/// whatever the dataset's own mix.
#[test]
fn every_kind_of_ending_fits() {
    let d = &default_case().dataset;
    let mut violations = Vec::new();
    for (i, c) in d.conversations.iter().enumerate() {
        let slots = slots_of(d, c);
        let outcomes = [(None, true), (None, false)].into_iter().chain(ErrorType::ALL.map(|e| (Some(e), false)));
        for (j, (error, resolved)) in outcomes.enumerate() {
            let sentiment = Sentiment::ALL[(i + j) % 3];
            let facts = ConversationFacts { error, resolved, sentiment, ..facts_of(d, c) };
            let mut rng = Streams::new(7).record("text-test", (i * 16 + j) as u64);
            let lines = transcript::lines(&facts, &slots, &mut rng);
            assert_eq!(lines.len(), facts.message_count);
            let slots_for = |t: &Topic| slots_with_topic(d, c, t);
            for v in ending_violations(&facts, &slots, &lines, &slots_for) {
                violations.push(format!(
                    "{} ({:?} {}) as {error:?}/{resolved}/{sentiment:?}: {v}",
                    c.id, facts.kind, facts.topic.title
                ));
            }
        }
    }
    assert_none(&violations);
}

/// A title is about its conversation: every number in it (an order, an
/// amount, a seat count) appears in the transcript too.
#[test]
fn titles_and_transcripts_share_their_values() {
    let mut violations = Vec::new();
    for case in all_cases() {
        for (c, lines) in case.dataset.conversations.iter().zip(&case.transcripts) {
            let text: String = lines.iter().map(|l| l.content.as_str()).collect::<Vec<_>>().join(" ");
            let numbers = c
                .title
                .split(|ch: char| !ch.is_ascii_digit() && ch != ',')
                .map(|s| s.trim_matches(','))
                .filter(|s| s.len() >= 3);
            for number in numbers {
                if !text.contains(number) {
                    violations
                        .push(format!("seed {}: {:?} but the transcript never says {number}", case.seed, c.title));
                }
            }
        }
    }
    assert_none(&violations);
}

#[test]
fn no_template_syntax_leaks() {
    for case in all_cases() {
        let d = &case.dataset;
        let texts = d
            .conversations
            .iter()
            .map(|c| c.title.as_str())
            .chain(case.transcripts.iter().flatten().map(|l| l.content.as_str()))
            .chain(d.agents.iter().map(|a| a.config.system_prompt.as_str()));
        for text in texts {
            for bad in ['{', '}', '[', ']', '|'] {
                assert!(!text.contains(bad), "seed {}: {bad:?} in {text:?}", case.seed);
            }
        }
    }
}

fn prompt_facts<'a>(a: &'a data::Agent, company: &'a str) -> PromptFacts<'a> {
    PromptFacts {
        agent_name: &a.name,
        kind: a.kind,
        model: a.model,
        temperature: a.config.temperature,
        max_tokens: a.config.max_tokens,
        company,
    }
}

/// Each agent's prompt is its own: it names the agent and the company, is
/// 120–400 words, follows the agent's configuration (a word limit within its
/// `maxTokens`, a formal tone at low temperature from the first version), and
/// every later version changes something, with a change line for the audit
/// trail. The prompt an agent runs is its latest version, and the audit
/// trail's `systemPrompt` updates of the agent number the versions before
/// it, 2, 3, ..., in time order, each with that version's change line (so
/// every earlier version is recoverable).
#[test]
fn system_prompts_are_each_agents_own() {
    let mut updated = 0;
    for case in all_cases() {
        let d = &case.dataset;
        let streams = Streams::new(d.params.seed);
        let company = prompts::company_name(&streams);
        let mut seen = BTreeSet::new();
        for (row, a) in d.agents.iter().enumerate() {
            let prompt = &a.config.system_prompt;
            let current = a.config.prompt_version;
            let context = format!("seed {} {} (version {current})", case.seed, a.name);
            assert!(seen.insert(prompt.clone()), "{context}: prompt shared with another agent");
            assert!(prompt.contains(&a.name) && prompt.contains(&company), "{context}: {prompt}");
            let facts = prompt_facts(a, &company);
            let key = prompts::agent_key(&a.id);
            assert!(current >= 1, "{context}");
            assert_eq!(
                *prompt,
                prompts::system_prompt(&facts, current, &streams, key),
                "{context}: not its latest version"
            );

            let updates: Vec<(u32, String)> = d
                .audit_logs
                .iter()
                .filter(|l| l.target == Some(data::AuditTarget::Agent(row as u32)))
                .filter_map(|l| match &l.details {
                    data::AuditDetails::AgentUpdated { field: "systemPrompt", prompt } => Some(
                        prompt.clone().unwrap_or_else(|| panic!("{context}: an unnumbered prompt update {}", l.id)),
                    ),
                    _ => None,
                })
                .collect();
            let numbers: Vec<u32> = updates.iter().map(|(v, _)| *v).collect();
            assert_eq!(numbers, (2..=current).collect::<Vec<_>>(), "{context}: the audit trail's prompt updates");
            for (version, change) in &updates {
                assert_eq!(*change, prompts::prompt_change(&facts, *version, &streams, key), "{context} v{version}");
            }
            updated += usize::from(current > 1);

            let mut versions: Vec<String> = Vec::new();
            let mut changes = BTreeSet::new();
            for version in 1..=current.max(6) {
                let text = prompts::system_prompt(&facts, version, &streams, key);
                let words = text.split_whitespace().count();
                assert!((120..=400).contains(&words), "{context} v{version}: {words} words");
                let limit: u32 = text
                    .match_indices(" words")
                    .find_map(|(at, _)| text[..at].rsplit(' ').next().and_then(|n| n.parse().ok()))
                    .unwrap_or_else(|| panic!("{context} v{version}: no word limit"));
                assert!(
                    limit as f64 <= a.config.max_tokens as f64 * 0.75,
                    "{context}: {limit} words in {}",
                    a.config.max_tokens
                );
                if version > 1 {
                    assert_ne!(text, versions[version as usize - 2], "{context}: v{version} changes nothing");
                    let change = prompts::prompt_change(&facts, version, &streams, key);
                    assert!(!change.is_empty() && change.len() <= 140, "{context}: {change:?}");
                    changes.insert(change);
                }
                versions.push(text);
            }
            assert!(changes.len() >= 4, "{context}: changes repeat {changes:?}");
            if a.config.temperature <= 0.2 {
                assert!(
                    versions[0].contains("formal"),
                    "{context}: temperature {} but not formal",
                    a.config.temperature
                );
            }
        }
    }
    // Prompts do get updated: some agents run a later version.
    assert!(updated >= 20, "{updated} agents past version 1 over the sweep");
}

/// The figures the report quotes: printed with `--nocapture`.
#[test]
fn text_figures() {
    let default = default_case();
    let sweep = sweep();
    let min = |f: fn(&Case) -> f64| sweep.iter().map(f).fold(f64::MAX, f64::min);
    println!(
        "titles distinct: default {:.3}, sweep min {:.3}; messages distinct: default {:.3}, sweep min {:.3}",
        title_ratio(default),
        min(title_ratio),
        message_ratio(default),
        min(message_ratio)
    );
}
