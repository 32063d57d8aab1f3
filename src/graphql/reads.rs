//! What a query reads: the [`Parts`] of the dataset its answer depends on,
//! from the fields it selects (fragments expanded, each once). The
//! response cache keeps an answer while those parts keep their versions,
//! so a simulator step that moves today's telemetry does not evict the
//! agent list. Conservative by construction: a type or field not listed
//! here reads everything.

use std::collections::BTreeMap;

use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, OperationType, Selection, SelectionSet};

use super::order::field_type_name;
use crate::store::Parts;

/// Deepest nesting followed; the document limits keep real queries far below.
const MAX_DEPTH: usize = 64;

/// The parts `document`'s operation named `operation_name` reads. A
/// mutation or subscription reads (and may change) everything.
pub fn of_operation(document: &ExecutableDocument, operation_name: Option<&str>) -> Parts {
    let operation = match (&document.operations, operation_name) {
        (DocumentOperations::Single(op), _) => Some(op),
        (DocumentOperations::Multiple(ops), Some(name)) => ops.get(name),
        (DocumentOperations::Multiple(ops), None) => ops.values().next(),
    };
    let Some(operation) = operation else { return Parts::ALL };
    if operation.node.ty != OperationType::Query {
        return Parts::ALL;
    }
    let mut walk = Walk { document, fragments: BTreeMap::new() };
    walk.set(&operation.node.selection_set.node, "Query", 0)
}

struct Walk<'a> {
    document: &'a ExecutableDocument,
    /// What each fragment reads, once worked out.
    fragments: BTreeMap<&'a str, Parts>,
}

impl<'a> Walk<'a> {
    fn set(&mut self, set: &'a SelectionSet, parent: &str, depth: usize) -> Parts {
        if depth > MAX_DEPTH {
            return Parts::ALL;
        }
        let mut reads = Parts::NONE;
        for selection in &set.items {
            reads |= match &selection.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    let name = field.name.node.as_str();
                    if name.starts_with("__") {
                        continue;
                    }
                    let mut reads = field_reads(parent, name);
                    if field.arguments.iter().any(|(arg, _)| arg.node == "orderBy") {
                        // Ordered by a telemetry measure, a list moves with it.
                        reads |= Parts::LIVE;
                    }
                    let sub = &field.selection_set.node;
                    if !sub.items.is_empty() {
                        reads |= match field_type_name(parent, name) {
                            Some(ty) => self.set(sub, ty, depth + 1),
                            None => Parts::ALL,
                        };
                    }
                    reads
                }
                Selection::FragmentSpread(spread) => {
                    let name = spread.node.fragment_name.node.as_str();
                    match self.fragments.get(name) {
                        Some(reads) => *reads,
                        None => {
                            let Some(fragment) = self.document.fragments.get(&spread.node.fragment_name.node) else {
                                continue;
                            };
                            // A spread of itself (invalid, refused later) reads nothing more.
                            self.fragments.insert(name, Parts::NONE);
                            let on = fragment.node.type_condition.node.on.node.as_str();
                            let reads = self.set(&fragment.node.selection_set.node, on, depth + 1);
                            self.fragments.insert(name, reads);
                            reads
                        }
                    }
                }
                Selection::InlineFragment(inline) => {
                    let on = inline.node.type_condition.as_ref().map_or(parent, |c| c.node.on.node.as_str());
                    self.set(&inline.node.selection_set.node, on, depth + 1)
                }
            };
        }
        reads
    }
}

/// The parts one field of `parent` reads itself (its selections add theirs).
fn field_reads(parent: &str, field: &str) -> Parts {
    let analytics = Parts::LIVE | Parts::AGENTS | Parts::CONVERSATIONS;
    match (parent, field) {
        ("Query", "agents" | "agent") => Parts::AGENTS,
        ("Query", "conversations" | "conversation") => Parts::CONVERSATIONS,
        ("Query", "dailyMetrics" | "costRecords") => Parts::LIVE,
        ("Query", "auditLogs") => Parts::AUDIT,
        ("Query", "users" | "user" | "viewer" | "roles") => Parts::USERS,
        ("Query", "models" | "model" | "workspace") => Parts::WORKSPACE,
        ("Query", "analytics") => analytics,
        ("Agent", "lastActiveAt" | "metrics" | "summary" | "dailyMetrics" | "costRecords") => Parts::LIVE,
        ("Agent", "conversations") => Parts::CONVERSATIONS,
        ("Agent", "auditLogs") => Parts::AUDIT,
        ("Agent", "createdBy") => Parts::USERS,
        ("Agent" | "AgentConfig" | "AgentStatusChange" | "Incident", _) => Parts::AGENTS,
        ("AgentMetrics", _) => Parts::LIVE,
        ("Conversation", "agent") => Parts::AGENTS,
        ("Conversation" | "Message", _) => Parts::CONVERSATIONS,
        ("User", "agents") => Parts::AGENTS,
        ("User", "auditLogs" | "lastLoginAt") => Parts::AUDIT,
        ("User" | "RoleInfo", _) => Parts::USERS,
        ("AuditLog", "actor") => Parts::USERS,
        ("AuditLog", "target" | "summary") => Parts::AUDIT | Parts::AGENTS | Parts::USERS,
        ("AuditLog", _) => Parts::AUDIT,
        ("DailyMetric" | "CostRecord", "agent") => Parts::AGENTS,
        ("DailyMetric" | "CostRecord", _) => Parts::LIVE,
        ("Workspace", "budget") => Parts::LIVE | Parts::WORKSPACE,
        ("Workspace", _) => Parts::WORKSPACE,
        ("BudgetStatus" | "DailySpend", _) => Parts::LIVE | Parts::WORKSPACE,
        ("Model", "agents") => Parts::AGENTS,
        ("Model", _) => Parts::NONE,
        (
            "Analytics"
            | "AgentCost"
            | "AgentRanking"
            | "AnalyticsPeriod"
            | "BreakdownRow"
            | "FleetKpis"
            | "KpiDeltas"
            | "LatencyDistribution"
            | "ModelCost"
            | "SentimentCount"
            | "SentimentSummary"
            | "TelemetryBucket"
            | "TelemetrySummary"
            | "ErrorCount",
            _,
        ) => analytics,
        // A connection reads what the field that made it read.
        (
            "AgentConnection"
            | "AgentEdge"
            | "ConversationConnection"
            | "ConversationEdge"
            | "CostRecordConnection"
            | "CostRecordEdge"
            | "DailyMetricConnection"
            | "DailyMetricEdge"
            | "AuditLogConnection"
            | "AuditLogEdge"
            | "UserConnection"
            | "UserEdge"
            | "PageInfo"
            | "AuditTarget"
            | "Node",
            _,
        ) => Parts::NONE,
        _ => Parts::ALL,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reads(query: &str) -> Parts {
        let document = async_graphql::parser::parse_query(query).unwrap();
        of_operation(&document, None)
    }

    #[test]
    fn a_field_reads_its_part_and_its_selections_theirs() {
        assert_eq!(reads("{ agents(first: 20) { nodes { id name status model } } }"), Parts::AGENTS);
        assert_eq!(reads("{ agents { nodes { name metrics { totalConversations } } } }"), Parts::AGENTS | Parts::LIVE);
        assert_eq!(
            reads("{ agents { nodes { createdBy { name } conversations(first: 2) { totalCount } } } }"),
            Parts::AGENTS | Parts::USERS | Parts::CONVERSATIONS
        );
        assert_eq!(reads("{ agents(orderBy: { field: NAME }) { totalCount } }"), Parts::AGENTS | Parts::LIVE);
        assert_eq!(reads("{ users { nodes { ...U } } } fragment U on User { name role }"), Parts::USERS);
        assert_eq!(reads("{ __schema { types { name } } }"), Parts::NONE);
    }

    #[test]
    fn what_is_not_listed_reads_everything() {
        assert_eq!(reads("{ meta { fingerprint } }"), Parts::ALL);
        assert_eq!(reads("{ node(id: \"x\") { id } }"), Parts::ALL);
        assert_eq!(reads("mutation { signOut { user { id } } }"), Parts::ALL);
    }
}
