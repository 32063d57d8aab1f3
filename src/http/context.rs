//! One request's options besides its GraphQL text, read in one place: who
//! is asking (`Authorization`), which dataset (scenario, seed, anchor),
//! which session, what latency and faults to inject, and whether to add
//! the `extensions.agentmock` block. Read once per HTTP request from its
//! headers and once per WebSocket from `connection_init`'s payload (the
//! same names, as keys), then resolved against the hub into a
//! [`Resolved`] request, from which both the response cache's key and the
//! GraphQL request's data derive: an option cannot reach one and miss the
//! other.

use std::sync::Arc;

use axum::http::{HeaderMap, HeaderValue};
use chrono::{DateTime, Utc};

use crate::data::{Params, Scenario};
use crate::error::ApiError;
use crate::faults::{Draw, Faults, FieldFaults, Latency, RequestFault};
use crate::store::Snapshot;
use crate::store::hub::{Hub, Target};

/// The request headers agentmock reads (and the `connectionParams` keys).
pub mod names {
    pub const AUTHORIZATION: &str = "authorization";
    pub const SCENARIO: &str = "x-agentmock-scenario";
    pub const SEED: &str = "x-agentmock-seed";
    pub const NOW: &str = "x-agentmock-now";
    pub const SESSION: &str = "x-agentmock-session";
    pub const LATENCY: &str = "x-agentmock-latency";
    pub const FAULT: &str = "x-agentmock-fault";
    pub const EXTENSIONS: &str = "x-agentmock-extensions";
    /// Every one, in the order docs/testing.md lists them.
    pub const ALL: [&str; 8] = [AUTHORIZATION, SCENARIO, SEED, NOW, SESSION, LATENCY, FAULT, EXTENSIONS];
}

/// Longest session id.
pub const MAX_SESSION_ID: usize = 128;

/// Whether `id` may name a session: 1 to [`MAX_SESSION_ID`] letters,
/// digits and `- _ . : @` (it goes into URLs and logs as it is).
pub fn is_session_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= MAX_SESSION_ID && id.chars().all(|c| c.is_ascii_alphanumeric() || "-_.:@".contains(c))
}

/// What a request asks for besides its GraphQL text; `None` everywhere
/// means "as the server is configured".
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct RequestContext {
    /// The `Authorization` value as sent (checked when the viewer is
    /// resolved: a malformed or unknown one is a 401).
    pub authorization: Option<String>,
    /// More than one `Authorization` header (a 401).
    pub repeated_authorization: bool,
    pub scenario: Option<Scenario>,
    pub seed: Option<u64>,
    pub anchor: Option<DateTime<Utc>>,
    pub session: Option<Arc<str>>,
    /// `Some(None)`: no latency, whatever the server's setting.
    pub latency: Option<Option<Latency>>,
    pub faults: Option<Faults>,
    pub extensions: Option<bool>,
}

impl RequestContext {
    /// The options of an HTTP request's headers; a malformed one is a
    /// `400 BAD_REQUEST` naming the header.
    pub fn from_headers(headers: &HeaderMap) -> Result<Self, ApiError> {
        let mut context = RequestContext::default();
        // One pass over the request's few headers, rather than a look-up
        // per name (each parses the name again): each name's first value
        // and whether it came again, then the names in their order.
        let mut found: [(Option<&HeaderValue>, bool); names::ALL.len()] = [(None, false); names::ALL.len()];
        for (name, value) in headers {
            if let Some(i) = names::ALL.iter().position(|n| *n == name.as_str()) {
                match found[i].0 {
                    None => found[i].0 = Some(value),
                    Some(_) => found[i].1 = true,
                }
            }
        }
        match found[0] {
            (Some(_), true) => context.repeated_authorization = true,
            // A value that is not text is malformed; checked with the rest.
            (Some(value), false) => context.authorization = Some(value.to_str().unwrap_or("\u{0}").to_string()),
            (None, _) => {}
        }
        for (name, (value, repeated)) in names::ALL.iter().zip(found).skip(1) {
            let value = match (value, repeated) {
                (None, _) => continue,
                (Some(_), true) => return Err(ApiError::bad_request(format!("the {name} header is repeated"))),
                (Some(value), false) => {
                    value.to_str().map_err(|_| ApiError::bad_request(format!("the {name} header is not text")))?
                }
            };
            context.set(name, value)?;
        }
        Ok(context)
    }

    /// The options of a WebSocket's `connection_init` payload: the same
    /// names as keys (any case), at the top or under `headers`; a bare
    /// `token` is a bearer token.
    pub fn from_params(params: &serde_json::Map<String, serde_json::Value>) -> Result<Self, ApiError> {
        let mut context = RequestContext::default();
        let headers = params.get("headers").and_then(|h| h.as_object());
        for name in names::ALL {
            let found = params
                .iter()
                .chain(headers.into_iter().flatten())
                .find(|(key, _)| key.eq_ignore_ascii_case(name))
                .map(|(_, value)| value);
            let text = match found {
                None | Some(serde_json::Value::Null) => continue,
                Some(serde_json::Value::String(text)) => text.clone(),
                Some(serde_json::Value::Number(n)) => n.to_string(),
                Some(serde_json::Value::Bool(b)) => b.to_string(),
                Some(_) => return Err(ApiError::bad_request(format!("{name} in connectionParams must be a string"))),
            };
            if name == names::AUTHORIZATION {
                context.authorization = Some(text);
            } else {
                context.set(name, &text)?;
            }
        }
        if context.authorization.is_none()
            && let Some(token) = params.get("token").and_then(|t| t.as_str())
        {
            context.authorization = Some(format!("Bearer {token}"));
        }
        Ok(context)
    }

    fn set(&mut self, name: &str, value: &str) -> Result<(), ApiError> {
        let bad = |why: String| ApiError::bad_request(format!("{name}: {why}"));
        let value = value.trim();
        match name {
            names::SCENARIO => {
                self.scenario = Some(Scenario::parse(value).ok_or_else(|| {
                    bad(format!("{:?} is not a scenario; one of {}", clip(value), Scenario::names()))
                })?);
            }
            names::SEED => {
                self.seed =
                    Some(value.parse().map_err(|_| bad(format!("{:?} is not a seed (0 to 2^64-1)", clip(value))))?);
            }
            names::NOW => self.anchor = Some(crate::config::parse_anchor(value).map_err(bad)?),
            names::SESSION => {
                if !is_session_id(value) {
                    return Err(bad(format!(
                        "{:?} is not a session id: 1 to {MAX_SESSION_ID} letters, digits and - _ . : @",
                        clip(value)
                    )));
                }
                self.session = Some(value.into());
            }
            names::LATENCY => self.latency = Some(Latency::parse(value).map_err(bad)?),
            names::FAULT => self.faults = Some(Faults::parse(value).map_err(bad)?),
            names::EXTENSIONS => {
                self.extensions = Some(match value.to_ascii_lowercase().as_str() {
                    "on" | "true" | "1" => true,
                    "off" | "false" | "0" => false,
                    _ => return Err(bad(format!("{:?} is not on or off", clip(value)))),
                });
            }
            _ => {}
        }
        Ok(())
    }

    /// The dataset asked for: the served one's parameters with the
    /// request's scenario, seed and anchor.
    pub fn params(&self, hub: &Hub) -> Params {
        hub.params_for(self.scenario, self.seed, self.anchor)
    }
}

/// What the server does by default, for what a request does not say.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Defaults {
    pub latency: Option<Latency>,
    pub faults: Faults,
    /// Whether responses carry `extensions.agentmock`.
    pub extensions: bool,
}

/// A request resolved: the store it reads, who asks, what is injected.
#[derive(Clone)]
pub struct Resolved {
    pub context: RequestContext,
    pub target: Target,
    /// The state the request reads (a mutation reads the newest instead).
    pub snapshot: Arc<Snapshot>,
    /// The signed-in user's row.
    pub viewer: Option<u32>,
    /// The request's number within its session (0 without one).
    pub ordinal: u64,
    pub latency_ms: u64,
    /// A whole-request fault that fired.
    pub fault: Option<RequestFault>,
    /// Field errors to inject as the request runs.
    pub field_faults: Option<FieldFaults>,
    /// Whether the response carries `extensions.agentmock`.
    pub extensions: bool,
    /// The field rules in force, as text (for the block).
    fault_rules: Option<String>,
}

impl Resolved {
    /// Resolves `context` against `hub`, generating the dataset if no
    /// request asked for it before (`wait`), for a request whose text is
    /// `request` (the draws are keyed by it).
    pub async fn new(
        hub: &Hub,
        defaults: &Defaults,
        context: RequestContext,
        request: &[u8],
    ) -> Result<Self, ApiError> {
        let params = context.params(hub);
        let target = hub.target(&params, context.session.as_deref()).await?;
        Self::with_target(defaults, context, target, request)
    }

    /// As [`Resolved::new`] with the target found.
    pub fn with_target(
        defaults: &Defaults,
        context: RequestContext,
        target: Target,
        request: &[u8],
    ) -> Result<Self, ApiError> {
        let snapshot = target.store().snapshot();
        if context.repeated_authorization {
            return Err(crate::store::auth::AuthError::Repeated.into());
        }
        let viewer = snapshot.viewer_of(context.authorization.as_deref())?;
        let ordinal = target.session.as_ref().map_or(0, |s| s.next_request());
        let latency = context.latency.unwrap_or(defaults.latency);
        let faults = context.faults.as_ref().unwrap_or(&defaults.faults);
        let extensions = context.extensions.unwrap_or(defaults.extensions);
        let (latency_ms, fault, field_faults) = if latency.is_none() && faults.is_empty() {
            (0, None, None)
        } else {
            let seed = snapshot.dataset.params.seed;
            let draw = Draw::new(seed, context.session.as_deref(), request, ordinal);
            let (fault, fields) = faults.plan(&draw, ordinal);
            (latency.map_or(0, |l| l.of(&draw)), fault, fields)
        };
        let fault_rules = field_faults.is_some().then(|| faults.text().to_string());
        Ok(Resolved {
            context,
            target,
            snapshot,
            viewer,
            ordinal,
            latency_ms,
            fault,
            field_faults,
            extensions,
            fault_rules,
        })
    }

    /// What identifies the answer besides the request's bytes, its media
    /// type and the data it reads: the store (dataset and session), the
    /// viewer, the injected latency, the field faults (drawn per request
    /// number), and whether the block is added.
    pub fn answer_key(&self) -> AnswerKey {
        AnswerKey {
            store: self.target.store().epoch(),
            viewer: self.viewer,
            latency_ms: self.latency_ms,
            field_faults: self.field_faults.as_ref().map(|_| self.ordinal),
            extensions: self.extensions,
        }
    }

    /// The `extensions.agentmock` block, as JSON text, or none when it is off.
    pub fn block(&self) -> Option<String> {
        if !self.extensions {
            return None;
        }
        // The dataset's members (written once per dataset), then this
        // request's, in the block's order.
        let identity = self.target.dataset.identity_json();
        let mut block = String::with_capacity(identity.len() + 96);
        block.push('{');
        block.push_str(identity);
        block.push_str(",\"session\":");
        block.push_str(&serde_json::to_string(&self.context.session.as_deref()).ok()?);
        block.push_str(",\"latencyMs\":");
        block.push_str(itoa::Buffer::new().format(self.latency_ms));
        block.push_str(",\"fault\":");
        block.push_str(&serde_json::to_string(&self.fault.map(|f| f.describe())).ok()?);
        block.push_str(",\"fieldFaults\":");
        block.push_str(&serde_json::to_string(&self.fault_rules.as_deref()).ok()?);
        block.push('}');
        Some(block)
    }
}

/// The part of a cache key a [`Resolved`] request gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AnswerKey {
    /// The store answering ([`crate::store::Store::epoch`]).
    pub store: u64,
    pub viewer: Option<u32>,
    pub latency_ms: u64,
    /// The request's number, when field faults are drawn by it.
    pub field_faults: Option<u64>,
    pub extensions: bool,
}

/// Adds `"extensions":{"agentmock":BLOCK}` to a JSON object's text.
pub fn add_block(body: &mut Vec<u8>, block: &str) {
    if body.last() != Some(&b'}') {
        return;
    }
    body.pop();
    let empty = body.last() == Some(&b'{');
    if !empty {
        body.push(b',');
    }
    body.extend_from_slice(b"\"extensions\":{\"agentmock\":");
    body.extend_from_slice(block.as_bytes());
    body.extend_from_slice(b"}}");
}

/// At most 60 characters of a value, for a message.
fn clip(text: &str) -> String {
    text.chars().take(60).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                axum::http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                axum::http::HeaderValue::from_str(value).unwrap(),
            );
        }
        map
    }

    #[test]
    fn headers_and_connection_params_give_the_same_context() {
        let from_headers = RequestContext::from_headers(&headers(&[
            ("X-Agentmock-Scenario", "incident"),
            ("x-agentmock-seed", "7"),
            ("x-agentmock-now", "2025-03-01T10:00:00Z"),
            ("x-agentmock-session", "worker-3"),
            ("x-agentmock-latency", "100-200"),
            ("x-agentmock-fault", "status:503#2"),
            ("authorization", "Bearer amk_x"),
        ]))
        .unwrap();
        let params = serde_json::json!({
            "X-Agentmock-Scenario": "incident",
            "headers": { "x-agentmock-seed": 7, "X-Agentmock-Now": "2025-03-01T10:00:00Z" },
            "x-agentmock-session": "worker-3",
            "X-AGENTMOCK-LATENCY": "100-200",
            "x-agentmock-fault": "status:503#2",
            "token": "amk_x",
        });
        let from_params = RequestContext::from_params(params.as_object().unwrap()).unwrap();
        assert_eq!(from_headers, from_params);
        assert_eq!(from_headers.scenario, Some(Scenario::Incident));
        assert_eq!(from_headers.session.as_deref(), Some("worker-3"));
    }

    #[test]
    fn a_malformed_option_names_its_header() {
        for (name, value, says) in [
            ("x-agentmock-scenario", "outage", "one of default, empty"),
            ("x-agentmock-seed", "-1", "not a seed"),
            ("x-agentmock-now", "yesterday", "RFC 3339"),
            ("x-agentmock-session", "has space", "not a session id"),
            ("x-agentmock-latency", "fast", "milliseconds"),
            ("x-agentmock-fault", "explode", "not a fault"),
            ("x-agentmock-extensions", "maybe", "on or off"),
        ] {
            let error = RequestContext::from_headers(&headers(&[(name, value)])).unwrap_err();
            assert_eq!(error.code(), "BAD_REQUEST");
            assert!(error.to_string().contains(name) && error.to_string().contains(says), "{error}");
        }
        let twice = RequestContext::from_headers(&headers(&[("x-agentmock-seed", "1"), ("x-agentmock-seed", "2")]));
        assert!(twice.unwrap_err().to_string().contains("repeated"));
    }

    #[test]
    fn the_block_goes_at_the_end_of_the_object() {
        let mut body = br#"{"data":{"a":1}}"#.to_vec();
        add_block(&mut body, r#"{"seed":"1"}"#);
        assert_eq!(String::from_utf8(body).unwrap(), r#"{"data":{"a":1},"extensions":{"agentmock":{"seed":"1"}}}"#);
        let mut empty = b"{}".to_vec();
        add_block(&mut empty, "{}");
        assert_eq!(String::from_utf8(empty).unwrap(), r#"{"extensions":{"agentmock":{}}}"#);
    }
}
