//! Deterministic conversation text: the per-conversation slot values, the
//! conversation-list title and the message texts of one conversation, plus a
//! cheap token estimate for sizing messages.
//!
//! The words come from the agent kinds' templates in [`super::kinds`]; this
//! module fills their `{slot}`s, picks their `[a|b]` wordings, and arranges
//! them into a transcript whose ending fits the conversation's sentiment,
//! resolution and outcome.

use std::fmt::Write as _;

use rand::RngExt;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use super::kinds::{AgentKind, Complexity, SlotValues, Topic, WEEKDAYS};
use super::model::{Channel, ErrorType, Sentiment};
use super::rng::{RecordStreams, Streams};

/// Who wrote a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Speaker {
    User,
    Assistant,
}

impl Speaker {
    /// The API spelling (`USER`, `ASSISTANT`).
    pub fn as_str(self) -> &'static str {
        match self {
            Speaker::User => "USER",
            Speaker::Assistant => "ASSISTANT",
        }
    }
}

/// One message's author and text.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub speaker: Speaker,
    pub content: String,
}

/// What a transcript must agree with: the conversation record's facts.
#[derive(Clone, Copy, Debug)]
pub struct ConversationFacts<'a> {
    pub kind: AgentKind,
    /// One of `kind`'s topics.
    pub topic: &'a Topic,
    /// Exactly this many lines, alternating User, Assistant, starting with User.
    pub message_count: usize,
    pub sentiment: Sentiment,
    /// Resolved without a human.
    pub resolved: bool,
    /// `Some`: the conversation ended on this error (then `resolved` is ignored).
    pub error: Option<ErrorType>,
    pub agent_name: &'a str,
    pub channel: Channel,
    /// The agent's prompt asks for a formal voice (no exclamation marks):
    /// its replies keep to it.
    pub formal: bool,
}

// ---------------------------------------------------------------------------
// Slots

/// The stream family slot values are drawn from, one record per conversation.
pub const SLOT_FAMILY: &str = "conversations.slots";

/// A conversation's slot values: the order number, the amount, the app, the
/// colleague a hand-off goes to... drawn once per conversation so that its
/// title and every line of its transcript agree.
///
/// Holds one seed; each slot's value is a pure function of that seed and the
/// slot's name, computed when a template asks for it.
#[derive(Clone, Copy, Debug)]
pub struct Slots {
    kind: AgentKind,
    complexity: Complexity,
    topic: &'static [(&'static str, SlotValues)],
    seed: u64,
}

/// The per-conversation slot streams, keyed once (for generating many titles).
pub fn slot_streams(streams: &Streams) -> RecordStreams {
    streams.records(SLOT_FAMILY)
}

/// The slot values of one conversation: a pure function of the seed, the
/// conversation's key ([`text_key`]: the first 8 bytes of its id), its kind
/// and its topic.
pub fn slots(streams: &Streams, conversation_key: u64, kind: AgentKind, topic: &Topic) -> Slots {
    slots_from(&slot_streams(streams), conversation_key, kind, topic)
}

/// As [`slots`], with the family's streams keyed once by [`slot_streams`].
pub fn slots_from(records: &RecordStreams, conversation_key: u64, kind: AgentKind, topic: &Topic) -> Slots {
    slots_and_stream(records, conversation_key, kind, topic).0
}

/// As [`slots_from`], also returning the rest of the conversation's slot
/// stream (for drawing its [`title`] without keying another stream).
pub fn slots_and_stream(
    records: &RecordStreams,
    conversation_key: u64,
    kind: AgentKind,
    topic: &Topic,
) -> (Slots, ChaCha8Rng) {
    let mut rng = records.get(conversation_key);
    let seed = rng.random::<u64>();
    (Slots { kind, complexity: topic.complexity, topic: topic.slots, seed }, rng)
}

/// The key of a conversation's text streams (its slots, its transcript's
/// words): the first 8 bytes of its id, little-endian.
pub fn text_key(id: &uuid::Uuid) -> u64 {
    u64::from_le_bytes(id.as_bytes()[..8].try_into().unwrap_or_default())
}

impl Slots {
    /// The value of slot `name`, or `None` when neither the topic, its kind
    /// nor the common table defines it.
    pub fn value(&self, name: &str) -> Option<String> {
        let mut out = String::new();
        self.write(name, &mut out).then_some(out)
    }

    /// The number behind a `Number` or `Money` slot (cents for money), or the
    /// digits of any other slot's value ("1,500" is 1500).
    pub fn number(&self, name: &str) -> Option<u64> {
        Some(match self.spec(name)? {
            SlotValues::Number { lo, hi, .. } => between(self.raw(name), lo, hi, 1),
            SlotValues::Money { lo, hi, step, .. } => between(self.raw(name), lo, hi, step),
            _ => {
                let value = self.value(name)?;
                let digits: String = value.chars().filter(char::is_ascii_digit).collect();
                digits.parse().ok()?
            }
        })
    }

    pub fn complexity(&self) -> Complexity {
        self.complexity
    }

    /// How many different texts `template`'s slots can give (its `[a|b]`
    /// wordings aside): the product of their values' counts, a computed
    /// slot counted as many.
    fn variety(&self, template: &str) -> u64 {
        let mut product: u64 = 1;
        let mut seen: Vec<&str> = Vec::new();
        for part in template.split('{').skip(1) {
            let Some(name) = part.split('}').next() else { continue };
            if seen.contains(&name) {
                continue;
            }
            seen.push(name);
            let count = match self.spec(name) {
                Some(SlotValues::Pick(pool)) => pool.len() as u64,
                Some(SlotValues::Another { pool, .. }) => pool.len().saturating_sub(1) as u64,
                Some(SlotValues::Paired { pool, .. }) => pool.len() as u64,
                Some(SlotValues::Number { lo, hi, .. }) => u64::from(hi.saturating_sub(lo)) + 1,
                Some(SlotValues::Money { lo, hi, step, .. }) => u64::from(hi.saturating_sub(lo) / step.max(1)) + 1,
                Some(SlotValues::Derived(_)) => 100,
                None => 1,
            };
            product = product.saturating_mul(count.max(1));
        }
        product
    }

    fn spec(&self, name: &str) -> Option<SlotValues> {
        let find = |table: &[(&str, SlotValues)]| table.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
        find(self.topic).or_else(|| find(self.kind.profile().slots)).or_else(|| find(COMMON_SLOTS))
    }

    /// The slot's own draw: the seed mixed with its name.
    fn raw(&self, name: &str) -> u64 {
        // FNV-1a of the name, then SplitMix64's finalizer over seed ^ hash.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for b in name.bytes() {
            hash = (hash ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        }
        let mut z = self.seed ^ hash;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Appends the value of slot `name`; false when the slot is unknown.
    fn write(&self, name: &str, out: &mut String) -> bool {
        let Some(spec) = self.spec(name) else { return false };
        let raw = self.raw(name);
        match spec {
            SlotValues::Pick(pool) => out.push_str(nth(pool, raw)),
            SlotValues::Another { of, pool } => {
                let len = pool.len() as u64;
                if len < 2 {
                    out.push_str(nth(pool, raw));
                } else {
                    let taken = self.raw(of) % len;
                    let i = raw % (len - 1);
                    out.push_str(pool[(if i >= taken { i + 1 } else { i }) as usize]);
                }
            }
            SlotValues::Paired { draw, pool, second } => {
                if !pool.is_empty() {
                    let (a, b) = pool[(self.raw(draw) % pool.len() as u64) as usize];
                    out.push_str(if second { b } else { a });
                }
            }
            SlotValues::Number { prefix, lo, hi, width } => {
                out.push_str(prefix);
                let _ = write!(out, "{:0width$}", between(raw, lo, hi, 1), width = width as usize);
            }
            SlotValues::Money { symbol, lo, hi, step } => {
                write_money(out, symbol, between(raw, lo, hi, step), step % 100 != 0);
            }
            SlotValues::Derived(f) => f(self, out),
        }
        true
    }
}

fn nth(pool: &[&'static str], raw: u64) -> &'static str {
    if pool.is_empty() { "" } else { pool[(raw % pool.len() as u64) as usize] }
}

/// `lo + k × step` for a `k` drawn from `raw`, within `lo..=hi`.
fn between(raw: u64, lo: u32, hi: u32, step: u32) -> u64 {
    let step = step.max(1) as u64;
    let (lo, hi) = (lo as u64, (hi as u64).max(lo as u64));
    lo + raw % ((hi - lo) / step + 1) * step
}

/// "$1,234.50" (or "$1,234" without cents).
pub fn write_money(out: &mut String, symbol: &str, cents: u64, with_cents: bool) {
    out.push_str(symbol);
    write_grouped(out, cents / 100);
    if with_cents {
        let _ = write!(out, ".{:02}", cents % 100);
    }
}

/// A whole number with thousands separators: "12,960".
pub fn write_grouped(out: &mut String, n: u64) {
    let digits = n.to_string();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
}

fn write_eta(slots: &Slots, out: &mut String) {
    let pool: &[&str] = match slots.complexity {
        Complexity::Simple => {
            &["within a few hours", "later today", "by end of day", "within the next couple of hours"]
        }
        Complexity::Moderate => {
            &["by end of day", "within one business day", "by tomorrow morning", "by tomorrow midday"]
        }
        Complexity::Complex => &["within one business day", "within two business days", "by the end of the week"],
    };
    out.push_str(nth(pool, slots.raw("eta")));
}

fn write_email(slots: &Slots, out: &mut String) {
    const DOMAINS: &[&str] = &["gmail.com", "outlook.com", "fastmail.com", "icloud.com", "yahoo.com", "proton.me"];
    let (first, last) = (slots.value("first").unwrap_or_default(), slots.value("last").unwrap_or_default());
    let raw = slots.raw("email");
    out.push_str(&first.to_lowercase());
    out.push_str(if raw & 1 == 0 { "." } else { "" });
    out.push_str(&last.to_lowercase().replace(['\'', ' '], ""));
    if raw & 6 == 2 {
        let _ = write!(out, "{}", 70 + (raw >> 8) % 30);
    }
    out.push('@');
    out.push_str(nth(DOMAINS, raw >> 16));
}

fn write_ordinal_day(slots: &Slots, out: &mut String) {
    let d = 1 + slots.raw("dom") % 28;
    let suffix = match (d % 10, d) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    let _ = write!(out, "{d}{suffix}");
}

/// Slots every kind can use (a kind or topic may override any of them).
static COMMON_SLOTS: &[(&str, SlotValues)] = &[
    ("person", SlotValues::Pick(STAFF)),
    ("first", SlotValues::Pick(FIRST_NAMES)),
    ("last", SlotValues::Pick(LAST_NAMES)),
    ("other_last", SlotValues::Another { of: "last", pool: LAST_NAMES }),
    ("email", SlotValues::Derived(write_email)),
    ("manager", SlotValues::Pick(COWORKERS)),
    ("coworker", SlotValues::Another { of: "manager", pool: COWORKERS }),
    ("day", SlotValues::Pick(WEEKDAYS)),
    ("time", SlotValues::Pick(&["9:30", "10:00", "11:00", "11:30", "1:30", "2:00", "3:00", "3:30", "4:00"])),
    ("dom", SlotValues::Derived(write_ordinal_day)),
    ("eta", SlotValues::Derived(write_eta)),
    ("weeks", SlotValues::Pick(&["two", "three", "four", "six"])),
];

/// The people a hand-off goes to (support staff).
const STAFF: &[&str] = &[
    "Priya", "Marcus", "Elena", "Jamal", "Sofia", "Daniel", "Aisha", "Tom", "Mei", "Lucas", "Grace", "Omar", "Hannah",
    "Diego", "Nina", "Kwame", "Rachel", "Arjun", "Claire", "Mateo", "Ingrid", "Femi",
];
/// End users.
const FIRST_NAMES: &[&str] = &[
    "Jordan", "Alex", "Sam", "Taylor", "Morgan", "Chris", "Jamie", "Casey", "Riley", "Avery", "Maya", "Ethan",
    "Olivia", "Noah", "Emma", "Liam", "Ava", "Ben", "Chloe", "Leo", "Zoe", "Isaac", "Lena", "Ravi", "Ana", "Kenji",
    "Fatima", "Pablo", "Sara", "Tariq", "Yuki", "Hugo", "Ines", "Marta", "Dev", "Nora", "Felix", "Amara", "Jonas",
    "Lucy", "Samir", "Erin", "Kofi", "Julia", "Mark", "Paula", "Wei", "Dana", "Victor", "Rosa",
];
const LAST_NAMES: &[&str] = &[
    "Miles",
    "Natarajan",
    "Okafor",
    "Brennan",
    "Castillo",
    "Lindqvist",
    "Haddad",
    "Kowalski",
    "Nguyen",
    "Fischer",
    "Romero",
    "Sato",
    "Bianchi",
    "Mensah",
    "Park",
    "Dubois",
    "O'Connell",
    "Shah",
    "Novak",
    "Alvarez",
    "Becker",
    "Chen",
    "Duarte",
    "Ivanova",
    "Moreau",
    "Patel",
    "Reyes",
    "Schmidt",
    "Tanaka",
    "Walsh",
];
/// Colleagues and managers users mention.
const COWORKERS: &[&str] = &[
    "Karen", "Raj", "Beatriz", "Stefan", "Lauren", "Hiro", "Megan", "Tobias", "Anita", "Greg", "Sunita", "Patrick",
    "Eva", "Kevin", "Leila", "Martin", "Joanna", "Andre", "Vanessa", "Neil", "Carmen", "Oskar",
];

// ---------------------------------------------------------------------------
// Rendering

/// Appends `template` with each `{slot}` filled and each `[a|b]` resolved to
/// one option. An unknown slot or an unclosed bracket is kept verbatim (the
/// tests render every template and reject any brace in the output).
fn render<R: RngExt + ?Sized>(template: &str, slots: &Slots, rng: &mut R, out: &mut String) {
    let mut rest = template;
    while let Some(open) = rest.find(['{', '[']) {
        out.push_str(&rest[..open]);
        let brace = rest.as_bytes()[open] == b'{';
        let after = &rest[open + 1..];
        let Some(close) = after.find(if brace { '}' } else { ']' }) else {
            out.push_str(&rest[open..]);
            return;
        };
        let inner = &after[..close];
        if brace {
            if !slots.write(inner, out) {
                out.push_str(&rest[open..open + close + 2]);
            }
        } else {
            let options = inner.split('|').count();
            let choice = rng.random_range(0..options);
            render(inner.split('|').nth(choice).unwrap_or(""), slots, rng, out);
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
}

/// Collapses the double spaces an empty option leaves and trims.
fn tidy(mut text: String) -> String {
    if text.contains("  ") || text.contains(" ,") || text.contains(" .") {
        while text.contains("  ") {
            text = text.replace("  ", " ");
        }
        text = text.replace(" ,", ",").replace(" .", ".");
    }
    let trimmed = text.trim();
    if trimmed.len() == text.len() { text } else { trimmed.to_string() }
}

/// `text` starting with a capital.
fn tidy_capital(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) if c.is_lowercase() => c.to_uppercase().chain(chars).collect(),
        _ => text.to_string(),
    }
}

/// The conversation-list title of a conversation: one of its topic's title
/// templates, filled with the conversation's slots.
pub fn title<R: RngExt + ?Sized>(kind: AgentKind, topic: &Topic, slots: &Slots, rng: &mut R) -> String {
    debug_assert!(kind.profile().topics.iter().any(|t| std::ptr::eq(t, topic)), "{kind:?} topic");
    if topic.titles.is_empty() {
        return topic.title.to_string();
    }
    let template = topic.titles[rng.random_range(0..topic.titles.len())];
    let mut out = String::with_capacity(template.len() + 16);
    render(template, slots, rng, &mut out);
    let mut title = tidy_capital(&tidy(out));
    // A template with few possible values repeats once there are many
    // conversations: the person it is about tells them apart, as an
    // inbox's list does.
    if slots.variety(template) < TITLE_VARIETY {
        let first = slots.value("first").unwrap_or_default();
        let initial = slots.value("last").and_then(|l| l.chars().next());
        if let Some(initial) = initial.filter(|_| !first.is_empty() && !title.contains(&first)) {
            let suffix = if title.contains(" — ") {
                format!(" · {first} {initial}.")
            } else {
                format!(" — {first} {initial}.")
            };
            if title.len() + suffix.len() <= 90 {
                title.push_str(&suffix);
            }
        }
    }
    title
}

/// Below this many possible renderings, a title names its person.
const TITLE_VARIETY: u64 = 1000;

// ---------------------------------------------------------------------------
// Transcripts

/// The message texts of one conversation: exactly `facts.message_count`
/// lines, alternating User, Assistant, User, ..., starting with one of the
/// topic's openers.
///
/// The shape: opener; the assistant's clarifying question (after an optional
/// greeting), the user's details and the answer; the topic's follow-ups with
/// turns of working through the answer between them, at most
/// [`asides`] of the kind's general questions, drawn without repetition; and
/// an ending that fits the facts:
/// - failed: the last assistant line is the notice of its error type,
///   followed (odd counts) by the user's reaction in the conversation's mood;
/// - resolved: a calm user often just stops after the answer (even counts)
///   or says "ok" (odd counts); otherwise the user confirms, thanking the
///   agent some of the time (and the assistant closes, even counts);
/// - otherwise: the user says why it is not settled, in the topic's own words,
///   and the assistant hands off to a named person with a ticket (and the
///   user acknowledges, odd counts), or a calm user gives up silently;
///   two- and three-message conversations hand off directly.
///
/// Users on Slack and Teams often type casually; API conversations are
/// machine calls, each message a JSON object. The output is a pure function
/// of the arguments and the rng's state.
pub fn lines<R: RngExt + ?Sized>(facts: &ConversationFacts, slots: &Slots, rng: &mut R) -> Vec<Line> {
    let mut out = drafted_lines(facts, slots, rng);
    if facts.formal {
        for line in out.iter_mut().filter(|l| l.speaker == Speaker::Assistant) {
            line.content = formal(&line.content);
        }
    }
    if facts.channel == Channel::Api {
        machine_calls(facts, slots, &mut out);
    }
    out
}

/// What a resolved API conversation's client sends last: it closes the session.
const API_CLOSE: &str = "\u{0}close";

/// API conversations are machine calls: each request a JSON object (the
/// first names the intent and the values its input carries), each answer a
/// structured JSON object with a status (`ok`, `escalated` with the ticket,
/// or `error` with the error type).
fn machine_calls(facts: &ConversationFacts, slots: &Slots, lines: &mut [Line]) {
    use serde_json::{Map, Value, json};
    let ticket = slots.value("ticket").unwrap_or_default();
    let session = format!("sess_{:012x}", slots.raw("session") & 0xffff_ffff_ffff);
    let intent: String = facts
        .topic
        .title
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
        .collect::<String>()
        .split('_')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    let last = lines.len().saturating_sub(1);
    for (i, line) in lines.iter_mut().enumerate() {
        let text = std::mem::take(&mut line.content);
        let value = match line.speaker {
            Speaker::User if text == API_CLOSE => {
                json!({ "session_id": session, "event": "session.close", "resolved": true })
            }
            Speaker::User if i == 0 => {
                // The values the request carries: the slots its text names.
                let mut params = Map::new();
                let names = facts.topic.slots.iter().chain(facts.kind.profile().slots).map(|(n, _)| *n);
                for name in names.chain(["first", "email", "card", "day"]) {
                    if let Some(v) = slots.value(name).filter(|v| v.len() >= 2 && text.contains(v.as_str())) {
                        params.entry(name.to_string()).or_insert(Value::String(v));
                    }
                }
                json!({ "session_id": session, "intent": intent, "params": params, "input": text })
            }
            Speaker::User => json!({ "session_id": session, "input": text }),
            Speaker::Assistant => match facts.error {
                Some(error) if i == last || (i + 1 == last && facts.message_count % 2 == 1) => {
                    json!({ "status": "error", "error": { "type": error.as_str(), "message": text } })
                }
                _ if !ticket.is_empty()
                    && text.contains(&ticket)
                    && slots.value("person").is_some_and(|p| text.contains(&p)) =>
                {
                    json!({ "status": "escalated", "ticket": ticket, "output": text })
                }
                _ => json!({ "status": "ok", "output": text }),
            },
        };
        line.content = value.to_string();
    }
}

/// What an agent told "no exclamation marks" writes: each `!` a full stop
/// (or nothing after a `?`).
pub fn formal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '!' if out.ends_with('?') || out.ends_with('.') => {}
            '!' => out.push('.'),
            c => out.push(c),
        }
    }
    out
}

/// Openings of a reply that already greet or acknowledge: no greeting goes
/// before them ("Hi there! Hi! Happy to help." is a seam).
pub const GREETING_OPENERS: [&str; 11] = [
    "hi",
    "hello",
    "hey",
    "welcome",
    "happy to help",
    "sure",
    "thanks for",
    "got it",
    "on it",
    "of course",
    "good morning",
];

/// Whether `text` opens with a greeting or an acknowledgement.
pub fn opens_with_greeting(text: &str) -> bool {
    opens_with_any(text, &GREETING_OPENERS)
}

/// Whether `text` opens with one of `words` (lowercase) as whole words,
/// whatever its case: "Hi!" opens with "hi", "Hiking" does not.
pub fn opens_with_any(text: &str, words: &[&str]) -> bool {
    let lower = text.trim_start().to_lowercase();
    words.iter().any(|w| {
        lower.strip_prefix(w).is_some_and(|rest| rest.is_empty() || rest.starts_with(|c: char| !c.is_alphanumeric()))
    })
}

fn drafted_lines<R: RngExt + ?Sized>(facts: &ConversationFacts, slots: &Slots, rng: &mut R) -> Vec<Line> {
    let n = facts.message_count;
    let mut w = Writer::new(facts, slots, rng);
    let mut out = Vec::with_capacity(n);
    if n == 0 {
        return out;
    }
    let opener = w.pick(facts.topic.openers);
    let opener = w.user_text(opener);
    out.push(user(w.envelope(opener)));
    if n == 1 {
        return out;
    }
    let (ending, ending_len) = Ending::plan(n, facts, w.rng);
    let body_len = n - 1 - ending_len;
    let profile = facts.kind.profile();
    let negative = facts.sentiment == Sentiment::Negative;

    if body_len == 1 {
        let answer = w.pick(facts.topic.answers);
        out.push(assistant(w.greeted(answer)));
    } else if body_len >= 2 {
        let clarify = w.pick(facts.topic.clarify);
        out.push(assistant(w.greeted(clarify)));
        // Details answer the clarifying question: no mood prefix, only the
        // annoyance of a negative user whose conversation ends here.
        let nudge = negative && ending == Ending::Failure && body_len == 2;
        out.push(w.user_line(facts.topic.details, nudge, false));
        let mut exchanges = Exchanges::new(facts.topic, profile, asides(n), w.rng);
        while out.len() < 1 + body_len {
            if out.len() % 2 == 1 {
                // An assistant turn: the answer first, then follow-up answers.
                let text = if out.len() == 3 {
                    w.pick(facts.topic.answers)
                } else if exchanges.answer() == RESTATE {
                    w.restate(&out)
                } else {
                    w.pick_one(exchanges.answer())
                };
                out.push(assistant(text));
            } else {
                let question = exchanges.next();
                let nudge = negative && ending == Ending::Failure && out.len() == body_len;
                if exchanges.working() {
                    out.push(w.working_line(question, nudge));
                } else {
                    out.push(w.user_line(&[question], nudge, true));
                }
            }
        }
    }

    match ending {
        Ending::Answered => {
            let answer = w.pick(facts.topic.answers);
            out.push(assistant(w.greeted(answer)));
        }
        Ending::Left => {}
        Ending::Ack => out.push(user(w.short_ack())),
        Ending::Confirm => out.push(user(w.confirmation())),
        Ending::ConfirmClose => {
            out.push(user(w.confirmation()));
            out.push(assistant(w.closing()));
        }
        Ending::DirectHandoff | Ending::DirectHandoffAck => {
            let handoff = w.pick(DIRECT_HANDOFFS);
            out.push(assistant(w.greeted(handoff)));
            if ending == Ending::DirectHandoffAck {
                out.push(user(w.acknowledgement()));
            }
        }
        Ending::StuckHandoff | Ending::StuckHandoffAck => {
            out.push(user(w.stuck()));
            out.push(assistant(w.pick(profile.handoffs)));
            if ending == Ending::StuckHandoffAck {
                out.push(user(w.acknowledgement()));
            }
        }
        Ending::Failure | Ending::FailureReaction => {
            let error = facts.error.unwrap_or(ErrorType::ModelError);
            out.push(assistant(w.pick(error_notices(error))));
            if ending == Ending::FailureReaction {
                out.push(user(w.reaction(error)));
            }
        }
    }
    debug_assert_eq!(out.len(), n);
    out
}

/// How a conversation of at least two messages ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ending {
    /// Two messages: the answer is the last word (the user had what they
    /// needed, or left).
    Answered,
    /// The user stopped replying after the agent's last answer (even count;
    /// never a negative user, whose last word is a complaint).
    Left,
    /// The user's terse last word: "ok", "got it" (odd count, resolved).
    Ack,
    /// User confirms it worked (odd count).
    Confirm,
    /// User confirms, assistant wraps up (even count).
    ConfirmClose,
    /// Two messages, unresolved: the first reply hands off.
    DirectHandoff,
    /// Three messages, unresolved: hand-off, then the user's acknowledgement.
    DirectHandoffAck,
    /// User says why it isn't settled, assistant hands off with a ticket.
    StuckHandoff,
    /// As `StuckHandoff`, then the user acknowledges (odd count).
    StuckHandoffAck,
    /// The last assistant turn is the error notice (even count).
    Failure,
    /// The error notice, then the user's reaction (odd count).
    FailureReaction,
}

impl Ending {
    /// The ending of an `n`-message conversation (`n >= 2`) and how many
    /// messages it takes. Many people just stop once they have their
    /// answer, or give up without saying why; a negative user has the last
    /// word.
    fn plan<R: RngExt + ?Sized>(n: usize, facts: &ConversationFacts, rng: &mut R) -> (Ending, usize) {
        let even = n.is_multiple_of(2);
        let calm = facts.sentiment != Sentiment::Negative;
        // A program never thanks: a resolved API session ends on the answer or closes.
        let api = facts.channel == Channel::Api;
        let mut leaves = |p: f64| calm && (api || rng.random_bool(p));
        match (facts.error, facts.resolved) {
            (Some(_), _) if even => (Ending::Failure, 1),
            (Some(_), _) => (Ending::FailureReaction, 2),
            (None, true) if n == 2 => (Ending::Answered, 1),
            (None, true) if even && leaves(LEAVE_RESOLVED) => (Ending::Left, 0),
            (None, true) if even => (Ending::ConfirmClose, 2),
            (None, true) if leaves(TERSE_RESOLVED) => (Ending::Ack, 1),
            (None, true) => (Ending::Confirm, 1),
            (None, false) if n == 2 && leaves(LEAVE_UNRESOLVED) => (Ending::Answered, 1),
            (None, false) if n == 2 => (Ending::DirectHandoff, 1),
            (None, false) if n == 3 => (Ending::DirectHandoffAck, 2),
            (None, false) if even && n >= 6 && leaves(LEAVE_UNRESOLVED) => (Ending::Left, 0),
            (None, false) if even => (Ending::StuckHandoff, 2),
            (None, false) => (Ending::StuckHandoffAck, 3),
        }
    }
}

/// Chance a resolved conversation of an even count ends on the agent's
/// answer (the user just stops), and an odd one on a terse "ok".
const LEAVE_RESOLVED: f64 = 0.55;
const TERSE_RESOLVED: f64 = 0.45;
/// Chance an unresolved conversation ends with the user giving up silently
/// rather than saying why and being handed off.
const LEAVE_UNRESOLVED: f64 = 0.3;

/// How many of the kind's general exchanges (asides from the topic) a
/// conversation of `n` messages may hold: none under 10 messages, one, two
/// from 20.
pub fn asides(n: usize) -> usize {
    match n {
        0..10 => 0,
        10..20 => 1,
        _ => 2,
    }
}

/// Share of conversations long enough for an aside that ask one.
const ASIDE_SHARE: f64 = 0.5;

fn user(content: String) -> Line {
    Line { speaker: Speaker::User, content }
}

/// An assistant line, starting with a capital whatever option came first.
fn assistant(content: String) -> Line {
    let starts_lower = content.chars().next().is_some_and(char::is_lowercase);
    let content = if starts_lower { tidy_capital(&content) } else { content };
    Line { speaker: Speaker::Assistant, content }
}

/// `a` and `b` separated by a space, skipping an empty part.
fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (false, true) => a.to_string(),
        (false, false) => format!("{a} {b}"),
    }
}

/// What a conversation's middle turns are made of: the topic's follow-ups
/// in a random order, with at most `asides` of the kind's general exchanges
/// among them (one topic per conversation: a second unrelated question is
/// rare), then the turns of working through the answer (trying a step,
/// asking for it again, coming back), all about the same topic; starts over
/// only if a very long conversation uses them all.
struct Exchanges {
    order: Vec<(&'static str, &'static str)>,
    next: usize,
}

impl Exchanges {
    fn new<R: RngExt + ?Sized>(
        topic: &Topic,
        profile: &super::kinds::KindProfile,
        asides: usize,
        rng: &mut R,
    ) -> Exchanges {
        let mut own = topic.follow_ups.to_vec();
        own.shuffle(rng);
        let mut kind = profile.exchanges.to_vec();
        kind.shuffle(rng);
        // Most conversations stay on their topic; some end with an aside
        // ("while I have you, ...") once the topic's questions are done.
        kind.truncate(if rng.random_bool(ASIDE_SHARE) { asides } else { 0 });
        let mut working = WORKING.to_vec();
        working.shuffle(rng);
        // Working through the answer comes between the follow-ups; asides last.
        let mut order = Vec::with_capacity(own.len() + working.len() + kind.len());
        let mut working = working.into_iter();
        for (i, follow_up) in own.into_iter().enumerate() {
            if i > 0 && rng.random_bool(0.35) {
                order.extend(working.next());
            }
            order.push(follow_up);
        }
        order.extend(kind);
        order.extend(working);
        let own = order;
        Exchanges { order: own, next: 0 }
    }

    /// The next question (its answer follows from [`Exchanges::answer`]).
    fn next(&mut self) -> &'static str {
        if self.order.is_empty() {
            return "";
        }
        if self.next == self.order.len() {
            self.next = 0;
        }
        self.next += 1;
        self.order[self.next - 1].0
    }

    /// Whether the last question asked is a turn of working through the
    /// answer (no lead-in: "Also, ok one sec" is a seam).
    fn working(&self) -> bool {
        self.order.get(self.next.wrapping_sub(1)).is_some_and(|e| WORKING.contains(e))
    }

    /// The answer to the last question asked.
    fn answer(&self) -> &'static str {
        self.order.get(self.next.wrapping_sub(1)).map_or("", |e| e.1)
    }
}

/// Renders lines for one conversation, keeping its per-conversation state
/// (which mood prefixes were used, whether the user types casually).
struct Writer<'f, 'r, R: RngExt + ?Sized> {
    facts: &'f ConversationFacts<'f>,
    slots: &'f Slots,
    rng: &'r mut R,
    casual: bool,
    moods: &'static [&'static str],
    mood_start: usize,
    moods_used: usize,
}

impl<'f, 'r, R: RngExt + ?Sized> Writer<'f, 'r, R> {
    fn new(facts: &'f ConversationFacts<'f>, slots: &'f Slots, rng: &'r mut R) -> Self {
        let casual = match facts.channel {
            Channel::Slack | Channel::Teams => rng.random_bool(0.75),
            Channel::Web => rng.random_bool(0.25),
            Channel::Email | Channel::Api => false,
        };
        let moods = match facts.sentiment {
            Sentiment::Positive => MOOD_POSITIVE,
            Sentiment::Neutral => MOOD_NEUTRAL,
            Sentiment::Negative => MOOD_NEGATIVE,
        };
        let mood_start = rng.random_range(0..moods.len());
        Writer { facts, slots, rng, casual, moods, mood_start, moods_used: 0 }
    }

    /// One of `templates`, rendered (empty text for an empty list).
    fn pick(&mut self, templates: &[&str]) -> String {
        if templates.is_empty() {
            return String::new();
        }
        let template = templates[self.rng.random_range(0..templates.len())];
        self.pick_one(template)
    }

    fn pick_one(&mut self, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 24);
        render(template, self.slots, self.rng, &mut out);
        tidy(out)
    }

    /// `text` after one of the kind's greetings, about half the time (not
    /// when the text already addresses the user by name).
    fn greeted(&mut self, text: String) -> String {
        if self.facts.channel == Channel::Api
            || !self.rng.random_bool(0.55)
            || self.slots.value("first").is_some_and(|name| text.contains(&name))
            || opens_with_greeting(&text)
        {
            return text;
        }
        let greeting = self.pick(self.facts.kind.profile().greetings);
        join(&greeting, &text)
    }

    /// A user line from `templates`, sometimes led by a mood prefix (when
    /// `moody`); with `nudge`, always led by a sign of annoyance.
    fn user_line(&mut self, templates: &[&str], nudge: bool, moody: bool) -> Line {
        let text = self.pick(templates);
        let text = if self.facts.channel == Channel::Api {
            // A program relays the request: no lead-ins, no moods.
            tidy_capital(&text)
        } else if nudge {
            let lead = self.pick(NEGATIVE_NUDGES);
            join(&lead, &text)
        } else if !moody && self.rng.random_bool(0.3) {
            let lead = self.pick(REPLY_LEADS);
            join(&lead, &lowercase_common_first(&text))
        } else if moody && self.rng.random_bool(0.25) && self.moods_used < self.moods.len() {
            let prefix = self.moods[(self.mood_start + self.moods_used) % self.moods.len()];
            self.moods_used += 1;
            let prefix = self.pick_one(prefix);
            join(&prefix, &text)
        } else if moody && self.rng.random_bool(0.3) {
            let lead = self.pick(FOLLOW_UP_LEADS);
            join(&lead, &lowercase_common_first(&text))
        } else {
            text
        };
        user(self.user_text(text))
    }

    /// The topic's answer again, for a user who asked to hear it again: in
    /// a wording not yet used, else its first sentence, shortened.
    fn restate(&mut self, said: &[Line]) -> String {
        let answers = self.facts.topic.answers;
        let start = if answers.is_empty() { 0 } else { self.rng.random_range(0..answers.len()) };
        let mut first = None;
        for i in 0..answers.len() {
            let text = tidy_capital(&self.pick_one(answers[(start + i) % answers.len()]));
            if said.iter().all(|l| l.content != text) {
                return text;
            }
            first.get_or_insert(text);
        }
        let text = first.unwrap_or_default();
        let sentence = text.split_inclusive(". ").next().unwrap_or(&text).trim_end();
        let restated = said.iter().filter(|l| l.content.starts_with("In short")).count();
        let lead = if restated == 0 { "In short:" } else { "The short version:" };
        join(lead, &lowercase_common_first(sentence))
    }

    /// A user's turn of working through the answer, as typed; with `nudge`,
    /// led by a sign of annoyance.
    fn working_line(&mut self, template: &str, nudge: bool) -> Line {
        let text = self.pick_one(template);
        let text = if nudge {
            let lead = self.pick(NEGATIVE_NUDGES);
            join(&lead, &tidy_capital(&text))
        } else {
            tidy_capital(&text)
        };
        user(self.user_text(text))
    }

    /// How the user types: casual users drop capitals, final periods and
    /// some letters.
    fn user_text(&mut self, text: String) -> String {
        if !self.casual {
            return text;
        }
        let mut text = text;
        if self.rng.random_bool(0.8) {
            let first_word = text.split([' ', ',', '.', '!', '?']).next().unwrap_or("");
            if CASUAL_LOWERCASE.contains(&first_word) {
                text = text[..1].to_lowercase() + &text[1..];
            }
        }
        if text.ends_with('.') && !text.ends_with("..") && self.rng.random_bool(0.7) {
            text.pop();
        }
        if self.rng.random_bool(0.4) {
            for (long, short) in ABBREVIATIONS {
                if let Some(at) = find_word(&text, long) {
                    text.replace_range(at..at + long.len(), short);
                    break;
                }
            }
        }
        text
    }

    /// Email openers come with a salutation and a sign-off.
    fn envelope(&mut self, opener: String) -> String {
        if self.facts.channel != Channel::Email {
            return opener;
        }
        // The salutation replaces any the opener starts with.
        let mut body = opener.as_str();
        for hi in ["hi, ", "hello, ", "hi — ", "hi! ", "hey, ", "hi ", "hello "] {
            if body.len() > hi.len() && body.get(..hi.len()).is_some_and(|head| head.eq_ignore_ascii_case(hi)) {
                body = &body[hi.len()..];
                break;
            }
        }
        let body = tidy_capital(body);
        let hello = self.pick(&["[Hi|Hello|Hi there|Hello team],"]);
        let bye = self.pick(&["[Thanks|Thank you|Thanks in advance|Best|Kind regards],\n{first}"]);
        format!("{hello}\n\n{body}\n\n{bye}")
    }

    /// The user's terse last word once they have what they need (an API
    /// client closes its session).
    fn short_ack(&mut self) -> String {
        if self.facts.channel == Channel::Api {
            return API_CLOSE.to_string();
        }
        let pool = if self.facts.sentiment == Sentiment::Positive { SHORT_ACK_POSITIVE } else { SHORT_ACK_NEUTRAL };
        let text = self.pick(pool);
        self.user_text(text)
    }

    /// The user's last word on a resolved conversation.
    fn confirmation(&mut self) -> String {
        let confirm = self.pick(self.facts.topic.confirms);
        let text = match self.facts.sentiment {
            Sentiment::Positive if self.rng.random_bool(THANKS_SHARE[0]) => {
                let thanks = self.pick(THANKS_POSITIVE);
                join(&confirm, &thanks)
            }
            Sentiment::Neutral if self.rng.random_bool(THANKS_SHARE[1]) => {
                let thanks = self.pick(THANKS_NEUTRAL);
                join(&confirm, &thanks)
            }
            Sentiment::Positive | Sentiment::Neutral => confirm,
            Sentiment::Negative => {
                let complaint = self.pick(RESOLVED_NEGATIVE);
                let lead = if self.rng.random_bool(0.4) { "Finally." } else { "" };
                join(&join(lead, &confirm), &complaint)
            }
        };
        self.user_text(text)
    }

    /// The assistant's wrap-up after the user confirmed.
    fn closing(&mut self) -> String {
        let lead = match self.facts.sentiment {
            Sentiment::Positive => self.pick(CLOSE_LEAD_POSITIVE),
            Sentiment::Neutral => self.pick(CLOSE_LEAD_NEUTRAL),
            Sentiment::Negative => self.pick(CLOSE_LEAD_NEGATIVE),
        };
        let close = self.pick(self.facts.kind.profile().closings);
        // Two acknowledgements in a row are a seam ("Happy to help! Happy to
        // help — ..."): a closing that acknowledges keeps a lead that doesn't.
        if opens_with_greeting(&close) && opens_with_greeting(&lead) { close } else { join(&lead, &close) }
    }

    /// The user saying why the answer didn't settle it, in the topic's words.
    fn stuck(&mut self) -> String {
        let line = self.pick(self.facts.topic.stuck);
        let tail = match self.facts.sentiment {
            Sentiment::Positive if self.rng.random_bool(0.6) => self.pick(STUCK_POSITIVE),
            Sentiment::Positive | Sentiment::Neutral => String::new(),
            Sentiment::Negative => self.pick(STUCK_NEGATIVE),
        };
        let text = join(&line, &tail);
        self.user_text(text)
    }

    /// The user's answer to a hand-off.
    fn acknowledgement(&mut self) -> String {
        let text = match self.facts.sentiment {
            Sentiment::Positive => self.pick(ACK_POSITIVE),
            Sentiment::Neutral => self.pick(ACK_NEUTRAL),
            Sentiment::Negative => self.pick(ACK_NEGATIVE),
        };
        self.user_text(text)
    }

    /// The user's answer to an error notice.
    fn reaction(&mut self, error: ErrorType) -> String {
        let pool = match (self.facts.sentiment, error) {
            (Sentiment::Negative, _) => REACTION_NEGATIVE,
            (_, ErrorType::ContentFiltered) => REACTION_FILTERED,
            (_, ErrorType::ContextLengthExceeded) => REACTION_NEW_CHAT,
            (Sentiment::Positive, _) => REACTION_POSITIVE,
            (Sentiment::Neutral, _) => REACTION_NEUTRAL,
        };
        let text = self.pick(pool);
        self.user_text(text)
    }
}

/// `text` with its first word in lowercase when it is a common sentence
/// opener (for text that follows a lead-in like "Also,").
fn lowercase_common_first(text: &str) -> String {
    let first_word = text.split([' ', ',', '.', '!', '?', '\'']).next().unwrap_or("");
    if first_word != "I" && CASUAL_LOWERCASE.contains(&first_word) {
        text[..1].to_lowercase() + &text[1..]
    } else {
        text.to_string()
    }
}

/// Byte offset of `word` in `text` as a whole word.
fn find_word(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find(word) {
        let at = from + i;
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric() && c != '\'');
        if boundary(before) && boundary(after) {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

/// Sentence openers casual users type in lowercase (names and products keep
/// their capitals).
const CASUAL_LOWERCASE: &[&str] = &[
    "Hi",
    "Hey",
    "Hello",
    "Can",
    "Could",
    "Is",
    "Are",
    "How",
    "What",
    "Where",
    "When",
    "Why",
    "Which",
    "Who",
    "Do",
    "Does",
    "Did",
    "The",
    "My",
    "We",
    "Our",
    "Ok",
    "Okay",
    "Yes",
    "Yeah",
    "Yep",
    "No",
    "Nope",
    "Thanks",
    "Just",
    "So",
    "It",
    "That",
    "Also",
    "Any",
    "Will",
    "Would",
    "Should",
    "Quick",
    "Sorry",
    "Please",
    "Got",
    "Done",
    "Perfect",
    "Great",
    "Oh",
    "Ah",
    "Hmm",
    "Cool",
    "Not",
    "Only",
    "Still",
    "Tried",
    "Left",
    "Set",
    "Sent",
    "Booked",
    "Found",
    "Submitted",
    "Applied",
    "Received",
    "Reset",
    "Installed",
    "Connected",
    "Tracking",
    "Fine",
    "Right",
    "Alright",
    "Super",
    "Really",
    "Amazing",
    "Awesome",
    "Shouldn't",
    "Took",
    "Kind",
    "Would've",
    "Seriously",
    "Ugh",
    "Finally",
    "This",
    "There",
    "Both",
    "Mostly",
    "Maybe",
    "About",
    "Around",
    "Me",
    "Mix",
    "From",
    "Through",
    "Today",
    "Unrolled",
    "Sure",
    "Ran",
    "Approved",
    "Moved",
    "Filed",
    "Downloaded",
    "Everything",
    "Payroll",
];

/// Words casual users shorten.
pub const ABBREVIATIONS: [(&str, &str); 8] = [
    ("thanks", "thx"),
    ("Thanks", "thx"),
    ("please", "pls"),
    ("Please", "pls"),
    ("tomorrow", "tmrw"),
    ("because", "bc"),
    ("you", "u"),
    ("okay", "ok"),
];

/// The assistant's notice when the conversation ended on `error`.
pub fn error_notices(error: ErrorType) -> &'static [&'static str] {
    match error {
        ErrorType::Timeout => &[
            "Sorry, [this is taking longer than it should|that took too long] — my request to {system} timed out. [Could you try again in a few minutes?|Please send your last message again in a minute or two.]",
            "I wasn't able to finish that: the lookup in {system} timed out. [Please try again shortly|Try again in a few minutes], and if it keeps happening, mention reference {ticket}.",
            "[Apologies|Sorry] — I timed out waiting on {system}, so I don't have an answer for you yet. [Could you ask again in a few minutes?|Please try again shortly.]",
        ],
        ErrorType::RateLimited => &[
            "I'm getting too many requests right now and couldn't answer that. [Please try again in a minute or two.|Give it a minute and send that again?]",
            "Sorry — I'm receiving too many requests at the moment, so I can't [respond|look into this] right now. [Please try again in a couple of minutes.|Try me again shortly.]",
        ],
        ErrorType::ModelError => &[
            "Sorry, something went wrong on my end and I couldn't finish [that answer|my reply]. [Please try again in a moment.|Could you send that again?]",
            "[Apologies|Sorry] — something went wrong while I was [putting that together|writing that up]. [Please try again shortly|Try again in a few minutes]; if it happens again, quote reference {ticket}.",
        ],
        ErrorType::ContextLengthExceeded => &[
            "This conversation has gotten too long for me to keep track of. [Could you start a new chat|Please open a new chat] and mention {ticket} so we can pick up where we left off?",
            "Sorry — there's too much in this conversation for me to process at once; it's too long for me to continue here. Please start a new chat with a short summary and reference {ticket}.",
        ],
        ErrorType::ToolError => &[
            "I couldn't reach {system} just now, so I can't check that for you. [Please try again in a few minutes.|Could you try again shortly?]",
            "Sorry — {system} isn't responding [at the moment|right now] and I couldn't reach it to [finish this|complete the request]. Please try again later, or quote reference {ticket} if it keeps failing.",
            "[Hmm, |]I couldn't reach {system} to [look that up|check that], so I'd rather not guess. [Please try again in a little while.|Try again in a few minutes and I'll pick it up.]",
        ],
        ErrorType::ContentFiltered => &[
            "I'm sorry, I can't respond to that message — it was blocked by our content filter. [Could you rephrase it?|If you reword it, I'll try again.]",
            "That message was flagged by the content filter, so I can't act on it. [Could you rephrase it, leaving out anything pasted?|Please rephrase it and I'll take another look.]",
        ],
    }
}

/// Assistant's hand-off when the conversation is only the opener and one reply.
const DIRECT_HANDOFFS: &[&str] = &[
    "This one needs a person to look at it, so I've opened {ticket} and passed it to {person} on our {team} team. [They'll follow up|You'll hear back] {eta}.",
    "I can't [resolve|sort out] this directly from here, so I've created {ticket} for our {team} team. {person} will pick it up and get back to you {eta}.",
    "I want to make sure this is handled properly, so I've routed it to {person} on our {team} team as {ticket}. [Expect a reply|You should hear from them] {eta}.",
];

/// The answer of a [`WORKING`] turn that asks for the answer again: the
/// topic's answer, in other words.
const RESTATE: &str = "\u{0}restate";

/// Turns of working through an answer, about whatever the topic is: trying
/// a step, asking for it again, coming back from a break. (user, agent)
const WORKING: &[(&str, &str)] = &[
    ("[one sec|ok one sec|hang on|give me a minute]", "[Sure, take your time.|No rush.|Of course.|Take your time.]"),
    ("[sorry, back|back, sorry|sorry, had a call]", "[No problem.|No worries.|Welcome back.] [Did it work?|Any luck?]"),
    ("[ok done|done|ok, did that]", "[Great.|Thanks.] [Does it look right?|What do you see?]"),
    (
        "[looks right now?|seems ok now?|it changed, is that it?]",
        "[Yes, that's it.|That's what should happen.|Yes, that's expected.]",
    ),
    ("[that's all?|is that it?|nothing else needed?]", "[That's it|Yes, that's all] — it's noted on {ticket}."),
    ("[which step was that?|say that again?|sorry, where is that?]", RESTATE),
    ("[won't affect anything else?|anyone else affected?]", "No, only this changes — noted on {ticket}."),
    ("[let me ask {coworker}|checking with {coworker}, sec]", "[Sure.|Of course.] {ticket} stays open meanwhile."),
    ("[hmm, don't see that option|where's that button?|can't find it]", RESTATE),
    (
        "[do it now?|should I do it now?|today?]",
        "[Now is best|The sooner the better]; {ticket} stays open until it's done.",
    ),
    ("[trying on my phone too|checking on the other laptop]", "[Good idea.|Sure.] Any difference?"),
    (
        "[and if it happens again?|what if it comes back?]",
        "Then reply here and mention {ticket}: whoever picks it up sees everything we tried.",
    ),
];

// Mood prefixes: templates, each used at most once per conversation.
const MOOD_POSITIVE: &[&str] =
    &["Perfect, thanks!", "Oh nice.", "Perfect.", "Super helpful[, thanks|].", "Ah, that makes sense.", "Cool!"];
const MOOD_NEUTRAL: &[&str] = &["Ok.", "Got it.", "Alright.", "Ok, noted.", "Right.", "I see."];
const MOOD_NEGATIVE: &[&str] = &["Fine.", "Ok...", "Ugh, ok.", "Right.", "If you say so.", "Sigh."];
/// How users lead into another question.
const FOLLOW_UP_LEADS: &[&str] =
    &["Also,", "And", "One more thing:", "Oh, and", "Quick one:", "Another question:", "Also —"];
/// How users start answering a question (neutral: they may answer yes or no).
const REPLY_LEADS: &[&str] = &["Sure —", "So,", "Ok so", "Um,", "Let me see —", "Hmm,", "Right,", "Oh,"];
/// Lead of the negative user's last line before a failure: never neutral.
const NEGATIVE_NUDGES: &[&str] = &[
    "Ugh[, ok|].",
    "Seriously, this is taking forever.",
    "This is getting [ridiculous|annoying].",
    "I've already spent way too long on this.",
];

const THANKS_POSITIVE: &[&str] = &[
    "Thanks so much, [you've been really helpful|that was really helpful]!",
    "Really appreciate the help!",
    "Amazing, thank you!",
    "You're a lifesaver[, thanks|].",
    "Thank you, that was [quick|fast|painless]!",
    "[Awesome|Brilliant], thanks for sorting that out!",
    "That's exactly what I needed[, thanks|]!",
    "[Great|Nice], appreciate it.",
    "Cheers!",
    "Thanks a lot!",
    "Much appreciated.",
    "That was easier than I expected, thanks.",
];
const THANKS_NEUTRAL: &[&str] =
    &["Thanks.", "Ok, thanks.", "Cool, thanks.", "Thanks, that's all.", "That's it for now.", "Ty."];
/// Chance a confirmation ends with a thank-you, by sentiment (positive,
/// neutral): many people just say it worked.
const THANKS_SHARE: [f64; 2] = [0.5, 0.3];
/// A user's last word when they have what they need, by sentiment (positive, neutral).
const SHORT_ACK_POSITIVE: &[&str] =
    &["ok great", "perfect", "ok perfect", "nice, got it", "ah ok, got it", "great", "ok cool", "ok that works"];
const SHORT_ACK_NEUTRAL: &[&str] = &["ok", "ok got it", "k", "alright", "noted", "ok.", "fine", "understood"];
/// Each carries a sign of annoyance (the tests look for one in every
/// negative conversation).
const RESOLVED_NEGATIVE: &[&str] = &[
    "Took way longer than it should have, though.",
    "Would have been nice to know that up front. Kind of annoying.",
    "Not great, honestly.",
    "Shouldn't have been this complicated.",
    "But seriously, that was a lot of back and forth.",
    "Kind of annoying it took this long.",
    "[Honestly|Seriously], that was way too long for something this simple.",
];

const CLOSE_LEAD_POSITIVE: &[&str] =
    &["You're very welcome!", "My pleasure!", "Glad I could help!", "Anytime!", "Happy to help!", "Great to hear!"];
const CLOSE_LEAD_NEUTRAL: &[&str] =
    &["Great.", "Good to hear.", "Perfect.", "Glad that worked.", "Thanks for confirming."];
const CLOSE_LEAD_NEGATIVE: &[&str] = &[
    "Sorry it took a few tries to get there.",
    "I'm sorry this was more hassle than it should have been — thanks for your patience.",
    "Understood, and I'll pass your feedback on.",
    "Thanks for sticking with it, and sorry for the back and forth.",
];

const STUCK_POSITIVE: &[&str] =
    &["Sorry to be a pain!", "Any other ideas?", "No rush though!", "Hope that makes sense!"];
const STUCK_NEGATIVE: &[&str] = &[
    "This is really frustrating.",
    "I've already spent way too long on this.",
    "Honestly, this is ridiculous.",
    "Seriously, can someone just fix it?",
    "This is a waste of my time.",
];

const ACK_POSITIVE: &[&str] = &[
    "Ok, thanks for trying! I'll keep an eye out for updates on {ticket}.",
    "Sounds good, appreciate you passing it on.",
    "Thanks, I'll wait to hear from {person}.",
    "Perfect, thanks — {eta} works for me.",
];
const ACK_NEUTRAL: &[&str] =
    &["Ok.", "Ok, will wait for the email.", "Fine, thanks.", "Got it, {ticket}.", "Ok, thanks."];
const ACK_NEGATIVE: &[&str] = &[
    "So I just wait? Great. This is ridiculous.",
    "I was hoping to get this fixed today. Honestly, not great.",
    "Whatever. Please make sure someone actually follows up this time, this is a waste of time.",
    "Ugh. Not what I wanted, but ok.",
];

const REACTION_POSITIVE: &[&str] = &[
    "No worries, I'll try again in a bit!",
    "Ah ok, no problem — I'll try again later. Thanks!",
    "Ok, I'll give it a few minutes. Thanks anyway!",
];
const REACTION_NEUTRAL: &[&str] =
    &["Ok, I'll try again later.", "Ok.", "Will try again in a bit.", "Alright, I'll come back to it."];
const REACTION_NEGATIVE: &[&str] = &[
    "Seriously? I'll just email someone instead.",
    "Great, so that was a waste of time.",
    "Ugh. Forget it, I'll sort it out myself.",
    "This is ridiculous, I've been at this for ages.",
];
const REACTION_FILTERED: &[&str] =
    &["Oh, sorry! I'll rephrase.", "Huh? I didn't write anything weird. I'll try again.", "Ok, let me reword it."];
const REACTION_NEW_CHAT: &[&str] =
    &["Ok, I'll start a new chat.", "Alright, opening a new one now.", "Sure, I'll start over in a new chat."];

// ---------------------------------------------------------------------------
// Token estimate

/// A cheap estimate of how many tokens a BPE tokenizer (cl100k-style) makes
/// of `text`: about one per short English word (≈ 1.3 per word on prose),
/// more for long words, one per 3 digits, one per punctuation mark, one per
/// line break, one per other non-ASCII character.
pub fn text_tokens(text: &str) -> u32 {
    #[derive(PartialEq)]
    enum Run {
        None,
        Word,
        Digits,
    }
    let mut tokens = 0u32;
    let mut run = Run::None;
    let mut len = 0u32;
    let close = |run: &Run, len: u32| match run {
        Run::None => 0,
        // Most words up to 7 letters are one token; longer ones split.
        Run::Word => 1 + len.saturating_sub(2) / 6,
        Run::Digits => len.div_ceil(3),
    };
    let mut last_punct = '\0';
    for c in text.chars() {
        let class = if c.is_ascii_alphabetic() {
            Run::Word
        } else if c.is_ascii_digit() {
            Run::Digits
        } else {
            Run::None
        };
        if class != run || class == Run::None {
            tokens += close(&run, len);
            len = 0;
        }
        match class {
            Run::None => {
                if c == '\n' {
                    tokens += 1;
                } else if c == '\'' && run == Run::Word {
                    // "don't", "it's": the apostrophe starts the suffix token.
                } else if !(c.is_whitespace() || c == last_punct && c.is_ascii_punctuation()) {
                    tokens += 1;
                }
                last_punct = c;
            }
            _ => {
                len += 1;
                last_punct = '\0';
            }
        }
        run = class;
    }
    tokens + close(&run, len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    const SENTIMENTS: [Sentiment; 3] = [Sentiment::Positive, Sentiment::Neutral, Sentiment::Negative];

    /// Every (kind, topic index, topic) triple.
    fn all_topics() -> impl Iterator<Item = (AgentKind, usize, &'static Topic)> {
        AgentKind::ALL
            .into_iter()
            .flat_map(|kind| kind.profile().topics.iter().enumerate().map(move |(i, topic)| (kind, i, topic)))
    }

    fn seed(kind: AgentKind, topic: usize, count: usize, variant: u64) -> u64 {
        ((kind as u64) << 40) ^ ((topic as u64) << 24) ^ ((count as u64) << 8) ^ variant
    }

    fn slots_for(kind: AgentKind, topic: &Topic, key: u64) -> Slots {
        slots(&Streams::new(99), key, kind, topic)
    }

    /// Every wording of a template: the cartesian product of its `[a|b]` groups.
    fn expansions(template: &str) -> Vec<String> {
        let mut out = vec![String::new()];
        let mut rest = template;
        while let Some(open) = rest.find('[') {
            let Some(close) = rest[open..].find(']') else { break };
            let prefix = &rest[..open];
            let options: Vec<&str> = rest[open + 1..open + close].split('|').collect();
            out = out.iter().flat_map(|done| options.iter().map(move |o| format!("{done}{prefix}{o}"))).collect();
            rest = &rest[open + close + 1..];
        }
        out.into_iter().map(|done| done + rest).collect()
    }

    fn facts<'a>(
        kind: AgentKind,
        topic: &'a Topic,
        n: usize,
        outcome: usize,
        sentiment: Sentiment,
    ) -> ConversationFacts<'a> {
        // outcome 0: resolved, 1: handed off, 2..8: failed with ErrorType::ALL[outcome - 2].
        ConversationFacts {
            kind,
            topic,
            message_count: n,
            sentiment,
            resolved: outcome == 0,
            error: outcome.checked_sub(2).map(|e| ErrorType::ALL[e]),
            agent_name: "Test Agent 1",
            channel: Channel::ALL[(n + outcome) % Channel::ALL.len()],
            formal: false,
        }
    }

    /// A message's text: an API call's JSON checked and unwrapped (its
    /// input, output or error message; a closing event reads "closed").
    fn plain_text(content: &str, channel: Channel) -> String {
        if channel != Channel::Api {
            return content.to_string();
        }
        let value: serde_json::Value = serde_json::from_str(content).expect("an API message is JSON");
        let text = value
            .get("input")
            .or_else(|| value.get("output"))
            .or_else(|| value.get("error").and_then(|e| e.get("message")))
            .and_then(|t| t.as_str());
        match text {
            Some(t) => t.to_string(),
            None if value.get("event").is_some() => "closed".to_string(),
            None => panic!("API message without text: {content}"),
        }
    }

    /// An answer that opens with "Yes" or "No" answers a yes/no question:
    /// none of its question's wordings asks what, how, where, which, who,
    /// when or why ("Yes — we have customers..." to "who else uses it?").
    #[test]
    fn answers_fit_their_questions() {
        const WH: [&str; 7] = ["what", "how", "where", "which", "who", "when", "why"];
        const LEADS: [&str; 9] = ["and", "also", "so", "oh", "ok", "wait", "hmm", "but", "sorry"];
        let mut wrong = Vec::new();
        for kind in AgentKind::ALL {
            let profile = kind.profile();
            for (question, answer) in profile.topics.iter().flat_map(|t| t.follow_ups).chain(profile.exchanges) {
                if !opens_with_any(answer, &["yes", "no"]) {
                    continue;
                }
                for wording in expansions(question) {
                    let asked = wording.split_inclusive(['.', '!', '?']).rfind(|s| s.trim_end().ends_with('?'));
                    let mut words =
                        asked.unwrap_or(&wording).split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty());
                    let mut first = words.next().unwrap_or("").to_lowercase();
                    while LEADS.contains(&first.as_str()) {
                        first = words.next().unwrap_or("").to_lowercase();
                    }
                    if WH.contains(&first.as_str()) {
                        wrong.push(format!("{kind:?}: {wording:?} answered {answer:?}"));
                    }
                }
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    fn check_text(text: &str, context: &str) {
        assert!(!text.is_empty(), "empty text ({context})");
        for bad in ['{', '}', '[', ']', '|'] {
            assert!(!text.contains(bad), "{bad:?} in {text:?} ({context})");
        }
        assert!(!text.contains("TODO"), "TODO in {text:?} ({context})");
        assert_eq!(text.trim(), text, "stray whitespace in {text:?} ({context})");
        assert!(!text.contains("  "), "double space in {text:?} ({context})");
    }

    /// All templates a conversation of `kind` about `topic` may use.
    fn templates(kind: AgentKind, topic: &Topic) -> Vec<&'static str> {
        let profile = kind.profile();
        let topic: &'static Topic = profile.topics.iter().find(|t| std::ptr::eq(*t, topic)).unwrap();
        let mut all: Vec<&'static str> = Vec::new();
        for list in [
            topic.titles,
            topic.openers,
            topic.clarify,
            topic.details,
            topic.answers,
            topic.confirms,
            topic.stuck,
            profile.greetings,
            profile.handoffs,
            profile.closings,
        ] {
            all.extend(list);
        }
        all.extend(topic.follow_ups.iter().chain(profile.exchanges).flat_map(|(q, a)| [*q, *a]));
        all.extend(WORKING.iter().flat_map(|(q, a)| [*q, *a]).filter(|t| *t != RESTATE));
        for pool in [
            SHORT_ACK_POSITIVE,
            SHORT_ACK_NEUTRAL,
            DIRECT_HANDOFFS,
            MOOD_POSITIVE,
            MOOD_NEUTRAL,
            MOOD_NEGATIVE,
            NEGATIVE_NUDGES,
            REPLY_LEADS,
            FOLLOW_UP_LEADS,
            THANKS_POSITIVE,
            THANKS_NEUTRAL,
            RESOLVED_NEGATIVE,
            CLOSE_LEAD_POSITIVE,
            CLOSE_LEAD_NEUTRAL,
            CLOSE_LEAD_NEGATIVE,
            STUCK_POSITIVE,
            STUCK_NEGATIVE,
            ACK_POSITIVE,
            ACK_NEUTRAL,
            ACK_NEGATIVE,
            REACTION_POSITIVE,
            REACTION_NEUTRAL,
            REACTION_NEGATIVE,
            REACTION_FILTERED,
            REACTION_NEW_CHAT,
        ] {
            all.extend(pool);
        }
        for error in ErrorType::ALL {
            all.extend(error_notices(error));
        }
        all
    }

    #[test]
    fn every_wording_of_every_template_renders_cleanly() {
        for (kind, ti, topic) in all_topics() {
            for key in [1, 2, 3] {
                let slots = slots_for(kind, topic, key);
                for template in templates(kind, topic) {
                    for wording in expansions(template) {
                        let mut out = String::new();
                        render(&wording, &slots, &mut ChaCha8Rng::seed_from_u64(0), &mut out);
                        check_text(&tidy(out), &format!("{kind:?} topic {ti}: {template:?}"));
                    }
                }
            }
        }
    }

    #[test]
    fn profiles_have_what_transcripts_need() {
        for (kind, ti, topic) in all_topics() {
            let context = format!("{kind:?} topic {ti}");
            for (name, list) in [
                ("titles", topic.titles),
                ("openers", topic.openers),
                ("clarify", topic.clarify),
                ("details", topic.details),
                ("answers", topic.answers),
                ("confirms", topic.confirms),
                ("stuck", topic.stuck),
            ] {
                assert!(!list.is_empty(), "{context} has no {name}");
            }
            assert!(!topic.follow_ups.is_empty(), "{context} has no follow-ups");
        }
        for kind in AgentKind::ALL {
            let profile = kind.profile();
            let slots = slots_for(kind, &profile.topics[0], 7);
            for name in ["ticket", "team", "system"] {
                assert!(slots.value(name).is_some_and(|v| !v.is_empty()), "{kind:?} lacks slot {name}");
            }
            assert!(profile.exchanges.len() >= 8, "{kind:?}");
            assert!(!profile.handoffs.is_empty() && !profile.closings.is_empty() && !profile.greetings.is_empty());
        }
    }

    /// What keeps a kind's text from repeating across conversations: every
    /// title and every answer after the first names something of its own
    /// conversation (a slot), and every follow-up question has more than
    /// one wording.
    #[test]
    fn templates_vary_per_conversation() {
        let mut missing = Vec::new();
        for kind in AgentKind::ALL {
            let profile = kind.profile();
            let exchanges = profile.topics.iter().flat_map(|t| t.follow_ups).chain(profile.exchanges);
            for (question, answer) in exchanges {
                if !answer.contains('{') {
                    missing.push(format!("{kind:?}: answer without a slot: {answer:?}"));
                }
                if !question.contains('[') && !question.contains('{') {
                    missing.push(format!("{kind:?}: question with one wording: {question:?}"));
                }
            }
            for topic in profile.topics {
                for (what, list) in
                    [("title", topic.titles), ("answer", topic.answers), ("confirmation", topic.confirms)]
                {
                    for text in list.iter().filter(|t| !t.contains('{')) {
                        if what != "confirmation" || list.iter().all(|t| !t.contains('{')) {
                            missing.push(format!("{kind:?}: {what} without a slot: {text:?}"));
                        }
                    }
                }
                for (what, list) in [("opener", topic.openers), ("clarifying question", topic.clarify)] {
                    if list.len() < 2 && list.iter().all(|t| !t.contains('{') && !t.contains('[')) {
                        missing.push(format!("{kind:?}: {what} with one wording: {list:?}"));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "{}", missing.join("\n"));
    }

    /// A number in a title (an order, a seat count) is one the user says in
    /// their opener, whichever opener they use: a conversation can end on
    /// its first reply (a failure), so nothing later may carry it. Slot
    /// values and numbers of two digits or more written into the template
    /// alike.
    #[test]
    fn numbers_in_titles_come_from_the_opener() {
        let mut missing = Vec::new();
        for (kind, ti, topic) in all_topics() {
            let literals: Vec<String> = topic
                .titles
                .iter()
                .flat_map(|t| expansions(t))
                .flat_map(|t| {
                    t.split(|c: char| !c.is_ascii_digit() && c != ',')
                        .map(|n| n.trim_matches(',').to_string())
                        // Single digits are often words in an opener ("two office days").
                        .filter(|n| n.chars().filter(char::is_ascii_digit).count() >= 2)
                        .collect::<Vec<_>>()
                })
                .collect();
            for number in literals {
                if topic.openers.iter().flat_map(|o| expansions(o)).any(|o| !o.contains(&number)) {
                    missing.push(format!("{kind:?} topic {ti}: {number} in a title is not in every opener"));
                }
            }
            let names: Vec<&str> = topic
                .titles
                .iter()
                .flat_map(|t| t.split('{').skip(1).filter_map(|rest| rest.split('}').next()))
                .collect();
            for name in names {
                let numeric = (0..4).any(|key| {
                    slots_for(kind, topic, key).value(name).is_some_and(|v| v.chars().any(|c| c.is_ascii_digit()))
                });
                let placeholder = format!("{{{name}}}");
                let wordings = topic.openers.iter().flat_map(|o| expansions(o));
                if numeric && wordings.into_iter().any(|o| !o.contains(&placeholder)) {
                    missing.push(format!("{kind:?} topic {ti}: title slot {name} is not in every opener"));
                }
            }
        }
        missing.dedup();
        assert!(missing.is_empty(), "{}", missing.join("\n"));
    }

    #[test]
    fn exact_count_alternation_and_clean_text() {
        for (kind, ti, topic) in all_topics() {
            for count in 0..=26 {
                for outcome in 0..8 {
                    for (si, sentiment) in SENTIMENTS.into_iter().enumerate() {
                        let f = facts(kind, topic, count, outcome, sentiment);
                        let slots = slots_for(kind, topic, seed(kind, ti, count, outcome as u64));
                        let mut rng = ChaCha8Rng::seed_from_u64(seed(kind, ti, count, si as u64));
                        let out = lines(&f, &slots, &mut rng);
                        let context = format!("{kind:?} topic {ti} n={count} outcome {outcome} {sentiment:?}");
                        assert_eq!(out.len(), count, "{context}");
                        for (i, line) in out.iter().enumerate() {
                            let expected = if i % 2 == 0 { Speaker::User } else { Speaker::Assistant };
                            assert_eq!(line.speaker, expected, "message {i} ({context})");
                            check_text(&plain_text(&line.content, f.channel), &context);
                        }
                        for i in 0..out.len() {
                            for j in i + 1..out.len() {
                                assert_ne!(out[i].content, out[j].content, "repeat at {i}/{j} ({context}): {out:#?}");
                            }
                        }
                        if count >= 2 {
                            let last_assistant = &plain_text(&out[count - 1 - (count % 2)].content, f.channel);
                            match (outcome, f.error) {
                                (_, Some(error)) => assert!(
                                    error_notices(error).iter().any(|t| {
                                        let head: String = t.chars().take_while(|c| *c != '[' && *c != '{').collect();
                                        last_assistant.starts_with(head.trim_end()) || head.is_empty()
                                    }),
                                    "{context}: {last_assistant:?}"
                                ),
                                // Unless the user gave up silently (even counts, never an upset user).
                                (1, None) => assert!(
                                    last_assistant.contains(&slots.value("ticket").unwrap())
                                        || count.is_multiple_of(2)
                                            && (count == 2 || count >= 6)
                                            && sentiment != Sentiment::Negative,
                                    "{context}: no ticket in {last_assistant:?}"
                                ),
                                _ => {}
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn deterministic_and_varied() {
        for (kind, ti, topic) in all_topics() {
            for count in [2, 3, 7, 12, 19, 26] {
                let f = facts(kind, topic, count, count % 3, Sentiment::Neutral);
                let slots = slots_for(kind, topic, 5);
                let s = seed(kind, ti, count, 1);
                let a = lines(&f, &slots, &mut ChaCha8Rng::seed_from_u64(s));
                let b = lines(&f, &slots, &mut ChaCha8Rng::seed_from_u64(s));
                assert_eq!(a, b);
                if count >= 7 {
                    let other = slots_for(kind, topic, 6);
                    let c = lines(&f, &other, &mut ChaCha8Rng::seed_from_u64(s + 1));
                    assert_ne!(a, c, "{kind:?} topic {ti} n={count}");
                }
            }
        }
    }

    #[test]
    fn slots_are_per_conversation_and_stable() {
        let kind = AgentKind::CustomerSupport;
        let topic = &kind.profile().topics[0];
        let streams = Streams::new(12345);
        let a = slots(&streams, 42, kind, topic);
        let b = slots_from(&slot_streams(&streams), 42, kind, topic);
        for name in ["ticket", "person", "first", "email", "eta", "day"] {
            assert_eq!(a.value(name), b.value(name), "{name}");
        }
        let tickets: std::collections::BTreeSet<String> =
            (0..50).map(|k| slots(&streams, k, kind, topic).value("ticket").unwrap()).collect();
        assert!(tickets.len() >= 45, "{tickets:?}");
        assert_eq!(a.value("no such slot"), None);
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut out = String::new();
        render("keep {unknown} and {", &a, &mut rng, &mut out);
        assert_eq!(out, "keep {unknown} and {");
    }

    #[test]
    fn tickets_look_right() {
        let ticket = |kind: AgentKind| slots_for(kind, &kind.profile().topics[0], 3).value("ticket").unwrap();
        let cs = ticket(AgentKind::CustomerSupport);
        assert!(cs.starts_with('#') && cs.len() == 6, "{cs}");
        let it = ticket(AgentKind::ItSupport);
        assert!(it.starts_with("INC00") && it.len() == 10, "{it}");
        let kb = ticket(AgentKind::KnowledgeBase);
        assert!(kb.starts_with("DOC-") && kb.len() == 8, "{kb}");
    }

    #[test]
    fn money_and_numbers_format() {
        let mut out = String::new();
        write_money(&mut out, "$", 172_800, false);
        out.push(' ');
        write_money(&mut out, "€", 6_499, true);
        out.push(' ');
        write_grouped(&mut out, 1_234_567);
        assert_eq!(out, "$1,728 €64.99 1,234,567");
        assert_eq!(between(7, 10, 20, 1), 17);
        assert_eq!(between(25, 10, 20, 1), 10 + 25 % 11);
        assert_eq!(between(u64::MAX, 5, 5, 1), 5);
    }

    #[test]
    fn token_estimate_tracks_words() {
        assert_eq!(text_tokens(""), 0);
        assert_eq!(text_tokens("Hello, world!"), 4);
        assert_eq!(text_tokens("don't"), 2);
        assert_eq!(text_tokens("Order #A-20931"), 6);
        let prose = "Order A-21877 hasn't been packed yet, so it can still be changed. Open it under My orders, choose 'Edit shipping address' and save the new address — the option stays available until the warehouse starts packing, usually about two hours after checkout.";
        let words = prose.split_whitespace().count() as f64;
        let ratio = text_tokens(prose) as f64 / words;
        assert!((1.1..=1.5).contains(&ratio), "{ratio}");
    }

    #[test]
    fn titles_fill_their_slots() {
        for (kind, ti, topic) in all_topics() {
            for key in 0..5 {
                let slots = slots_for(kind, topic, key);
                let t = title(kind, topic, &slots, &mut ChaCha8Rng::seed_from_u64(key));
                check_text(&t, &format!("{kind:?} topic {ti}"));
                assert!(t.len() <= 90, "{t:?} is too long for a list");
                assert!(t.chars().next().is_some_and(|c| !c.is_lowercase()), "{t:?}");
            }
        }
    }

    fn check_profile(kind: AgentKind) {
        let profile = kind.profile();
        assert!(profile.topics.len() >= 12, "{kind:?}");
        for complexity in [Complexity::Simple, Complexity::Moderate, Complexity::Complex] {
            assert!(profile.topics.iter().any(|t| t.complexity == complexity), "{kind:?} lacks {complexity:?}");
        }
        let (lo, hi) = profile.input_tokens_per_conversation;
        assert!(5_000 <= lo && lo <= hi && hi <= 18_000, "{kind:?}");
        assert!(hi - lo <= 4_000, "{kind:?}");
        assert!(profile.descriptions.len() >= 4, "{kind:?}");
        let static_text = profile.descriptions.iter().copied().chain(profile.topics.iter().map(|t| t.title));
        for text in static_text {
            assert!(!text.is_empty() && !text.contains('{') && !text.contains('}') && !text.contains("TODO"));
            assert_eq!(text.trim(), text);
        }
        let mut titles: Vec<&str> = profile.topics.iter().map(|t| t.title).collect();
        titles.sort_unstable();
        titles.dedup();
        assert_eq!(titles.len(), profile.topics.len(), "{kind:?} has duplicate titles");
    }

    #[test]
    fn profiles_are_complete() {
        let names: Vec<&str> = AgentKind::ALL.iter().map(|k| k.base_name()).collect();
        assert_eq!(
            names,
            [
                "Customer Support Bot",
                "Sales Assistant",
                "HR Onboarding Helper",
                "IT Support Agent",
                "Knowledge Base Bot",
                "Lead Qualification Agent",
                "Document Analyzer",
                "Meeting Scheduler",
                "Expense Report Bot",
                "Training Assistant",
            ]
        );
        for kind in AgentKind::ALL {
            check_profile(kind);
            let extra = kind.profile().extra_messages;
            if kind == AgentKind::CustomerSupport {
                assert_eq!(extra, 4);
            } else {
                assert!(extra <= 1, "{kind:?}");
            }
        }
    }
}
