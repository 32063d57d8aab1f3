//! Cache identity: every object type either has an `id` or is a value
//! object that client caches merge into its parent. Records carry their
//! UUIDs; the objects computed for a request (summaries, KPIs, buckets,
//! breakdown rows, rankings, counts by type) carry an id derived from what
//! they are: the agents they cover, the span of time and their key in a
//! group. The same figures always have the same id, whatever query asked
//! for them, so Apollo's normalized cache and urql's Graphcache merge two
//! screens' selections of them instead of replacing one with the other.
//!
//! [`VALUE_TYPES`] lists the types without an id; the client
//! configuration (`clients/`) and the schema lint test read it.

use chrono::{DateTime, SecondsFormat, Utc};
use sha2::{Digest, Sha256};

use super::range::Period;
use crate::store::{AgentSet, CellMask, Snapshot};

/// A record's UUID as its `ID` text (hyphenated, lower case: what
/// `to_string` gives), written into a buffer of its exact size: without
/// the formatting machinery `to_string` goes through, which cost several
/// times more for every `id` a response carries.
pub fn uuid_text(id: uuid::Uuid) -> String {
    let mut buffer = [0u8; uuid::fmt::Hyphenated::LENGTH];
    id.hyphenated().encode_lower(&mut buffer).to_owned()
}

/// How a client cache should treat a type without an `id`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    /// One object under one parent field (with its arguments): merged
    /// field by field into what the cache holds there (Apollo's
    /// `merge: true`; embedded in Graphcache).
    Merged,
    /// A Relay connection: merged page by page by the paginated field's
    /// policy (Apollo's `relayStylePagination`, Graphcache's
    /// `relayPagination`).
    Connection,
    /// A connection's edge: kept in its connection's merged list.
    Edge,
    /// A mutation's or subscription's result: read once, never cached by
    /// itself (its records and figures are, by their ids).
    Payload,
}

/// Every object type without an `id`, and how caches merge it. A test
/// fails when an object type has neither an `id: ID!` nor a line here, or
/// when a value type can be a list's item (positions in a list are not
/// identities: a cache cannot merge them).
pub const VALUE_TYPES: &[(&str, Value)] = &[
    ("AgentConfig", Value::Merged),
    ("AgentMetrics", Value::Merged),
    ("MessageFeedback", Value::Merged),
    ("Incident", Value::Merged),
    ("LatencyDistribution", Value::Merged),
    ("KpiDeltas", Value::Merged),
    ("AnalyticsPeriod", Value::Merged),
    ("BudgetStatus", Value::Merged),
    ("Counts", Value::Merged),
    ("Window", Value::Merged),
    ("PageInfo", Value::Merged),
    ("AgentConnection", Value::Connection),
    ("AuditLogConnection", Value::Connection),
    ("ConversationConnection", Value::Connection),
    ("CostRecordConnection", Value::Connection),
    ("DailyMetricConnection", Value::Connection),
    ("UserConnection", Value::Connection),
    ("AgentEdge", Value::Edge),
    ("AuditLogEdge", Value::Edge),
    ("ConversationEdge", Value::Edge),
    ("CostRecordEdge", Value::Edge),
    ("DailyMetricEdge", Value::Edge),
    ("UserEdge", Value::Edge),
    ("AgentPayload", Value::Payload),
    ("UserPayload", Value::Payload),
    ("WorkspacePayload", Value::Payload),
    ("ExportPayload", Value::Payload),
    ("SignInPayload", Value::Payload),
    ("ResetPayload", Value::Payload),
    ("AgentStatusEvent", Value::Payload),
    ("AgentUpdate", Value::Payload),
    ("MetricsUpdate", Value::Payload),
];

/// The id of the one `Analytics` object.
pub const ANALYTICS: &str = "analytics";
/// The id of the one `Meta` object.
pub const META: &str = "meta";

/// An instant as ids spell it: RFC 3339, UTC, whole seconds.
fn instant(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A span of time `[start, end)`: `2025-01-13T00:00:00Z/2025-01-20T00:00:00Z`.
pub fn span(start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    format!("{}/{}", instant(start), instant(end))
}

/// The span of a resolved range.
pub fn period(p: Period) -> String {
    span(p.start, p.end)
}

/// The agents an aggregate covers: `fleet`, `agent:<uuid>`, `cells:<bits>`
/// (models and statuses) or `agents:<hash>` (a list of agents).
pub fn selection(snap: &Snapshot, set: &AgentSet) -> String {
    match set {
        AgentSet::Cells(mask) if *mask == CellMask::ALL => "fleet".to_string(),
        AgentSet::Cells(mask) => format!("cells:{:x}", mask.bits()),
        AgentSet::Agents(rows) if rows.len() == 1 => agent(snap, rows[0]),
        AgentSet::Agents(rows) => {
            let mut hash = Sha256::new();
            for &row in rows {
                if let Some(a) = snap.dataset.agents.get(row as usize) {
                    hash.update(a.id.as_bytes());
                }
            }
            format!("agents:{}", &hex::encode(hash.finalize())[..16])
        }
    }
}

/// One agent as a selection: `agent:<uuid>`.
pub fn agent(snap: &Snapshot, row: u32) -> String {
    snap.dataset.agents.get(row as usize).map_or_else(|| format!("agent:#{row}"), |a| format!("agent:{}", a.id))
}

/// The id of an aggregate of `selection` over `span`: `fleet@<span>`.
pub fn aggregate(selection: &str, span: &str) -> String {
    format!("{selection}@{span}")
}

/// The id of a part of `owner` with key `key`: `<owner>/<key>`.
pub fn part(owner: &str, key: &str) -> String {
    format!("{owner}/{key}")
}

/// An enum value as the schema spells it (`TIMEOUT`), for an id.
pub fn enum_name<T: async_graphql::resolver_utils::EnumType + PartialEq + Copy>(value: T) -> &'static str {
    T::items().iter().find(|item| item.value == value).map_or("", |item| item.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_text_is_to_string() {
        for id in [
            uuid::Uuid::nil(),
            uuid::Uuid::max(),
            uuid::Uuid::from_u128(0x0123_4567_89ab_cdef_fedc_ba98_7654_3210),
            uuid::Uuid::from_u128(0xa0b1_c2d3_e4f5_0617_2839_4a5b_6c7d_8e9f),
        ] {
            assert_eq!(uuid_text(id), id.to_string());
        }
    }
}
