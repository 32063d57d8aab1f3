//! What a query reads: the [`Parts`] of the dataset its answer depends on.
//! The response cache keeps an answer while those parts keep their
//! versions, so a simulator step that moves today's telemetry does not
//! evict the agent list.
//!
//! Each field says what it reads next to its type, in its entity file
//! ([`crate::graphql::TypeReads`]); the schema description attaches the
//! declarations to the fields, and a test fails when a field a query can
//! reach has none. The walk ([`super::walk`]) sums them over an
//! operation's selections, fragments expanded. Conservative by
//! construction: a field nothing declares, or one the schema does not
//! have, reads everything.

use async_graphql::parser::types::Field;

use super::schema::FieldDesc;
use crate::store::Parts;

/// What one selected field reads: its declaration, what its selections
/// read (`selections`), and the live telemetry when it is ordered (a list
/// ordered by a telemetry measure moves with it). Introspection fields
/// read nothing.
pub fn of_field(field: &Field, declared: Option<&FieldDesc>, selections: Parts) -> Parts {
    if field.name.node.starts_with("__") {
        return Parts::NONE;
    }
    let mut reads = declared.map_or(Parts::ALL, FieldDesc::reads) | selections;
    if field.arguments.iter().any(|(argument, _)| argument.node == "orderBy") {
        reads |= Parts::LIVE;
    }
    reads
}

#[cfg(test)]
mod tests {
    use super::super::{Limits, schema::schema, walk::walk};
    use super::*;

    fn reads(query: &str) -> Parts {
        let document = async_graphql::parser::parse_query(query).expect("parses");
        let facts = walk(&document, schema(), &Limits::default(), true).expect("accepted");
        facts.operations[0].reads
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
    fn what_reads_everything() {
        assert_eq!(reads("{ meta { fingerprint } }"), Parts::ALL);
        assert_eq!(reads("{ node(id: \"x\") { id } }"), Parts::ALL);
        assert_eq!(reads("mutation { signOut { user { id } } }"), Parts::ALL);
        // A field the schema does not have (validation refuses it later).
        assert_eq!(reads("{ agents { nodes { nope { name } } } }"), Parts::ALL);
    }

    #[test]
    fn each_operation_of_a_document_reads_its_own() {
        let document = async_graphql::parser::parse_query(
            "query A { agents { totalCount } } query B { ...W } fragment W on Query { workspace { company } }",
        )
        .expect("parses");
        let facts = walk(&document, schema(), &Limits::default(), true).expect("accepted");
        let of = |name: &str| facts.operations.iter().find(|o| o.name.as_deref() == Some(name)).map(|o| o.reads);
        assert_eq!((of("A"), of("B")), (Some(Parts::AGENTS), Some(Parts::WORKSPACE)));
    }
}
