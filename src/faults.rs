//! Deterministic latency and faults, for testing how a UI copes with slow
//! answers, failed fields and failed requests. Set at start-up
//! (`--latency`, `--fault`) or per request (`X-Agentmock-Latency`,
//! `X-Agentmock-Fault`, or the same keys in a WebSocket's
//! `connectionParams`).
//!
//! Every draw is keyed by the seed, the session, the request (its text and
//! variables) and the request's number within its session, never by a
//! global counter or by arrival order, so a test worker sees exactly its
//! own faults and delays however other workers interleave with it.
//!
//! Syntax (README: "Latency and faults"):
//!
//! ```text
//! latency := MS | MIN-MAX                    e.g. 250, 100-800
//! faults  := rule (';' rule)* | none
//! rule    := kind [ '@' RATE | '#' N (',' N)* ]     RATE: 0.25 or 25%
//! kind    := error:TARGET('|'TARGET)*['='CODE]      a field error (partial data)
//!          | status:CODE                            the whole request fails (HTTP 500, 502, 503, 504)
//!          | drop                                   the connection closes with no answer
//!          | timeout                                no answer within --request-timeout-ms (503)
//! TARGET  := Type.field | Type.* | Type             a field; every field of a type; every field whose value is a Type
//! ```
//!
//! `#3,7` fires on the session's 3rd and 7th requests; `@0.1` on a tenth
//! of requests (or of fields), drawn per request (or per field path).

use sha2::{Digest, Sha256};

/// Most milliseconds of injected latency.
pub const MAX_LATENCY_MS: u64 = 60_000;

/// A delay: fixed, or drawn from a range per request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Latency {
    pub min_ms: u64,
    pub max_ms: u64,
}

impl Latency {
    /// Parses `250`, `100-800` or `none` (`None`).
    pub fn parse(text: &str) -> Result<Option<Latency>, String> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("none") || text == "0" {
            return Ok(None);
        }
        let ms = |part: &str| {
            let part = part.trim().trim_end_matches("ms");
            part.parse::<u64>()
                .ok()
                .filter(|&ms| ms <= MAX_LATENCY_MS)
                .ok_or_else(|| format!("{part:?} is not a delay in milliseconds from 0 to {MAX_LATENCY_MS}"))
        };
        let (min_ms, max_ms) = match text.split_once('-') {
            Some((lo, hi)) => (ms(lo)?, ms(hi)?),
            None => (ms(text)?, ms(text)?),
        };
        if min_ms > max_ms {
            return Err(format!("the range {text:?} runs backwards"));
        }
        Ok(Some(Latency { min_ms, max_ms }))
    }

    /// The delay of a request drawing `draw`.
    pub fn of(&self, draw: &Draw) -> u64 {
        let span = self.max_ms - self.min_ms;
        self.min_ms + ((draw.unit("latency") * (span + 1) as f64) as u64).min(span)
    }
}

/// When a rule fires.
#[derive(Clone, Debug, PartialEq)]
enum When {
    /// On this share of requests (or fields).
    Rate(f64),
    /// On these requests of a session (1 for the first).
    Nth(Vec<u64>),
}

/// What a rule does.
#[derive(Clone, Debug, PartialEq)]
enum Kind {
    Field { targets: Vec<FieldTarget>, code: String },
    Request(RequestFault),
}

/// Fields a field error hits.
#[derive(Clone, Debug, PartialEq, Eq)]
enum FieldTarget {
    /// `Type.field`
    Field(String, String),
    /// `Type.*`
    Every(String),
    /// `Type`: fields whose value is of the type (lists included).
    Returning(String),
}

/// A failure of the whole request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RequestFault {
    /// HTTP status (500, 502, 503, 504) with a GraphQL error body.
    Status(u16),
    /// The connection closes without an answer.
    Drop,
    /// No answer within the request timeout, then what a real timeout gets.
    Timeout,
}

impl RequestFault {
    /// How the README and `extensions.agentmock` name it.
    pub fn describe(&self) -> String {
        match self {
            RequestFault::Status(code) => format!("status:{code}"),
            RequestFault::Drop => "drop".into(),
            RequestFault::Timeout => "timeout".into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
struct Rule {
    kind: Kind,
    when: When,
    /// The rule as written, for `extensions.agentmock`.
    text: String,
}

/// A set of fault rules.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Faults {
    rules: Vec<Rule>,
    text: String,
}

impl std::hash::Hash for Faults {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl Eq for Faults {}

/// Most rules in one set.
const MAX_RULES: usize = 16;

impl Faults {
    /// Parses a set of rules (see the module's syntax); `none` or nothing
    /// is the empty set.
    pub fn parse(text: &str) -> Result<Faults, String> {
        let trimmed = text.trim();
        if trimmed.is_empty() || trimmed.eq_ignore_ascii_case("none") {
            return Ok(Faults::default());
        }
        let rules = trimmed
            .split(';')
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(Rule::parse)
            .collect::<Result<Vec<_>, _>>()?;
        if rules.len() > MAX_RULES {
            return Err(format!("{} rules; at most {MAX_RULES}", rules.len()));
        }
        let text = rules.iter().map(|r| r.text.as_str()).collect::<Vec<_>>().join("; ");
        Ok(Faults { rules, text })
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The rules, as normalised text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// What happens to request number `ordinal` of its session, drawing
    /// from `draw`: the first whole-request rule that fires, and the field
    /// rules (drawn per field as the request runs).
    pub fn plan(&self, draw: &Draw, ordinal: u64) -> (Option<RequestFault>, Option<FieldFaults>) {
        let mut request = None;
        let mut fields = Vec::new();
        for (i, rule) in self.rules.iter().enumerate() {
            match &rule.kind {
                Kind::Request(fault) if request.is_none() => {
                    let fires = match &rule.when {
                        When::Rate(rate) => draw.unit(&format!("rule/{i}")) < *rate,
                        When::Nth(list) => list.contains(&ordinal),
                    };
                    if fires {
                        request = Some(*fault);
                    }
                }
                Kind::Request(_) => {}
                Kind::Field { targets, code } => {
                    let rate = match &rule.when {
                        When::Rate(rate) => *rate,
                        When::Nth(list) if list.contains(&ordinal) => 1.0,
                        When::Nth(_) => continue,
                    };
                    fields.push(FieldRule { targets: targets.clone(), code: code.clone(), rate, index: i });
                }
            }
        }
        let fields = (!fields.is_empty()).then(|| FieldFaults { rules: fields, draw: draw.clone() });
        (request, fields)
    }
}

impl Rule {
    fn parse(text: &str) -> Result<Rule, String> {
        let bad = |why: String| format!("{text:?}: {why}");
        let (body, when) = match text.rsplit_once(['@', '#']) {
            Some((body, tail)) if text[body.len()..].starts_with('@') => {
                let rate = tail.trim();
                let value = match rate.strip_suffix('%') {
                    Some(percent) => percent.trim().parse::<f64>().map(|p| p / 100.0),
                    None => rate.parse::<f64>(),
                };
                match value {
                    Ok(r) if (0.0..=1.0).contains(&r) => (body, When::Rate(r)),
                    _ => return Err(bad(format!("the rate {rate:?} is not between 0 and 1 (or 0% and 100%)"))),
                }
            }
            Some((body, tail)) => {
                let list = tail
                    .split(',')
                    .map(|n| n.trim().parse::<u64>().ok().filter(|&n| n > 0))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| bad(format!("{tail:?} is not a list of request numbers such as 3 or 2,5")))?;
                (body, When::Nth(list))
            }
            None => (text, When::Rate(1.0)),
        };
        let body = body.trim();
        let (kind, arg) = match body.split_once(':') {
            Some((kind, arg)) => (kind.trim(), Some(arg.trim())),
            None => (body, None),
        };
        let kind = match (kind.to_ascii_lowercase().as_str(), arg) {
            ("error", Some(arg)) => {
                let (targets, code) = match arg.split_once('=') {
                    Some((targets, code)) => (targets, code.trim().to_string()),
                    None => (arg, crate::error::codes::INTERNAL_SERVER_ERROR.to_string()),
                };
                if code.is_empty() || code.len() > 64 || !code.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
                    return Err(bad(format!("{code:?} is not an error code such as INTERNAL_SERVER_ERROR")));
                }
                let targets = targets
                    .split('|')
                    .map(|t| FieldTarget::parse(t.trim()))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| bad(format!("{targets:?} names no field: use Type.field, Type.* or Type")))?;
                Kind::Field { targets, code }
            }
            ("status", Some(code)) => match code.parse::<u16>() {
                Ok(code @ (500 | 502 | 503 | 504)) => Kind::Request(RequestFault::Status(code)),
                _ => return Err(bad(format!("status {code:?}: one of 500, 502, 503, 504"))),
            },
            ("drop", None) => Kind::Request(RequestFault::Drop),
            ("timeout", None) => Kind::Request(RequestFault::Timeout),
            _ => {
                return Err(bad(
                    "not a fault: error:Type.field, status:503, drop or timeout, then @rate or #n".to_string()
                ));
            }
        };
        Ok(Rule { kind, when, text: text.split_whitespace().collect::<Vec<_>>().join("") })
    }
}

impl FieldTarget {
    fn parse(text: &str) -> Option<FieldTarget> {
        let name = |s: &str| {
            !s.is_empty()
                && s.len() <= 128
                && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        };
        match text.split_once('.') {
            Some((ty, "*")) if name(ty) => Some(FieldTarget::Every(ty.into())),
            Some((ty, field)) if name(ty) && name(field) => Some(FieldTarget::Field(ty.into(), field.into())),
            None if name(text) => Some(FieldTarget::Returning(text.into())),
            _ => None,
        }
    }

    fn hits(&self, parent: &str, field: &str, returns: &str) -> bool {
        match self {
            FieldTarget::Field(ty, name) => ty == parent && name == field,
            FieldTarget::Every(ty) => ty == parent,
            FieldTarget::Returning(ty) => ty == returns,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
struct FieldRule {
    targets: Vec<FieldTarget>,
    code: String,
    rate: f64,
    index: usize,
}

/// The field rules of one request, with its draw.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldFaults {
    rules: Vec<FieldRule>,
    draw: Draw,
}

impl FieldFaults {
    /// The error code a field fails with, if a rule hits it: `parent` is
    /// the type the field is on, `returns` the named type of its value and
    /// `path` its response path (the draw is per path, so the same field
    /// of the same request always fares the same, in whatever order
    /// fields complete).
    pub fn fails(&self, parent: &str, field: &str, returns: &str, path: &str) -> Option<&str> {
        self.rules.iter().find_map(|rule| {
            let hit = rule.targets.iter().any(|t| t.hits(parent, field, returns));
            let fires =
                hit && (rule.rate >= 1.0 || self.draw.unit(&format!("field/{}/{path}", rule.index)) < rule.rate);
            fires.then_some(rule.code.as_str())
        })
    }
}

/// The random draws of one request: a pure function of the seed, the
/// session, the request and its number within the session.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Draw([u8; 32]);

impl Draw {
    pub fn new(seed: u64, session: Option<&str>, request: &[u8], ordinal: u64) -> Draw {
        let mut hasher = Sha256::new();
        hasher.update(b"agentmock/faults/v1");
        hasher.update(seed.to_le_bytes());
        // Lengths first, so no two (session, request) pairs hash alike.
        let session = session.unwrap_or("");
        hasher.update((session.len() as u64).to_le_bytes());
        hasher.update(session.as_bytes());
        hasher.update((request.len() as u64).to_le_bytes());
        hasher.update(request);
        hasher.update(ordinal.to_le_bytes());
        Draw(hasher.finalize().into())
    }

    /// A number in `[0, 1)` for `what`.
    pub fn unit(&self, what: &str) -> f64 {
        let mut hasher = Sha256::new();
        hasher.update(self.0);
        hasher.update(what.as_bytes());
        let digest = hasher.finalize();
        let mut bits = [0u8; 8];
        bits.copy_from_slice(&digest[..8]);
        (u64::from_le_bytes(bits) >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draw(n: u64) -> Draw {
        Draw::new(12345, Some("worker-1"), br#"{"query":"{ agents { totalCount } }"}"#, n)
    }

    #[test]
    fn rules_parse_and_bad_ones_say_why() {
        let faults =
            Faults::parse("error:Agent.metrics|Conversation=FORBIDDEN @ 25%; status:503#3,7; drop@0.01").unwrap();
        assert_eq!(faults.text(), "error:Agent.metrics|Conversation=FORBIDDEN@25%; status:503#3,7; drop@0.01");
        assert!(Faults::parse("none").unwrap().is_empty());
        for (bad, says) in [
            ("status:404", "500, 502, 503, 504"),
            ("error:", "names no field"),
            ("error:Agent.metrics=lower", "error code"),
            ("drop@2", "between 0 and 1"),
            ("timeout#0", "request numbers"),
            ("explode", "not a fault"),
        ] {
            let error = Faults::parse(bad).unwrap_err();
            assert!(error.contains(says), "{bad}: {error}");
        }
        assert_eq!(Latency::parse("100-300").unwrap(), Some(Latency { min_ms: 100, max_ms: 300 }));
        assert_eq!(Latency::parse("none").unwrap(), None);
        assert!(Latency::parse("300-100").is_err() && Latency::parse("999999").is_err());
    }

    #[test]
    fn the_nth_request_fails_and_no_other() {
        let faults = Faults::parse("status:500#2,4").unwrap();
        let fired: Vec<u64> = (1..=6).filter(|&n| faults.plan(&draw(n), n).0.is_some()).collect();
        assert_eq!(fired, [2, 4]);
    }

    #[test]
    fn rates_are_met_and_draws_repeat() {
        let faults = Faults::parse("status:503@0.2").unwrap();
        let fired = (1..=5000).filter(|&n| faults.plan(&draw(n), n).0.is_some()).count();
        assert!((900..=1100).contains(&fired), "{fired} of 5000 at 20%");
        let again = (1..=5000).filter(|&n| faults.plan(&draw(n), n).0.is_some()).count();
        assert_eq!(fired, again, "the same requests, the same faults");
        let latency = Latency { min_ms: 100, max_ms: 200 };
        let delays: Vec<u64> = (1..=1000).map(|n| latency.of(&draw(n))).collect();
        assert!(delays.iter().all(|d| (100..=200).contains(d)));
        assert!(delays.contains(&100) && delays.contains(&200), "both ends are reached");
    }

    #[test]
    fn field_errors_hit_their_targets_per_path() {
        let faults = Faults::parse("error:Agent.metrics; error:Conversation@0.5").unwrap();
        let (_, fields) = faults.plan(&draw(1), 1);
        let fields = fields.unwrap();
        assert_eq!(
            fields.fails("Agent", "metrics", "AgentMetrics", "agents.nodes.0.metrics"),
            Some("INTERNAL_SERVER_ERROR")
        );
        assert_eq!(fields.fails("Agent", "name", "String", "agents.nodes.0.name"), None);
        let hits = (0..1000)
            .filter(|i| fields.fails("Query", "conversation", "Conversation", &format!("c{i}")).is_some())
            .count();
        assert!((400..=600).contains(&hits), "{hits} of 1000 at 50%");
        let again = (0..1000)
            .filter(|i| fields.fails("Query", "conversation", "Conversation", &format!("c{i}")).is_some())
            .count();
        assert_eq!(hits, again);
    }
}
