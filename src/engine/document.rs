//! Documents parsed once: the text scanned ([`limits::scan`]), parsed,
//! walked once ([`walk`]) and, when a selection holds a type-conditioned
//! fragment, copied with hidden `__typename`s to run ([`order`]); kept by
//! query text in a byte-bounded cache so a repeated query is parsed once.

use std::sync::{Arc, Mutex};

use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Name, Variables};

use super::heap::{const_value_bytes, name_bytes, vec_bytes};
use super::walk::{Facts, OperationFacts, walk};
use super::{SchemaOptions, limits, order, schema};
use crate::error::ApiError;
use crate::lru::{ByteLru, allocation};

/// A query parsed once: the document as sent (to order responses by) and,
/// when ordering needs them, the same with hidden `__typename` fields (to
/// run); and what the walk found of it.
pub struct ParsedDocument {
    pub(super) document: ExecutableDocument,
    /// Boxed: most documents need no copy, and an empty slot stays small.
    executable: Option<Box<ExecutableDocument>>,
    facts: Facts,
    /// Whether objects may be answered as JSON text
    /// ([`crate::graphql::json::ObjectsAsText`]): no selection set repeats
    /// a response key (nothing merges) and none holds a type-conditioned
    /// fragment (no hidden `__typename` to take out).
    objects_as_text: bool,
    /// The operations and variables that passed async-graphql's strict
    /// validation against the schema this cache serves: a repeat of one
    /// runs without validation ([`super::Prevalidated`]).
    validated: Mutex<Vec<Validated>>,
    /// Heap bytes the two documents hold, estimated (see [`super::heap`]).
    heap_bytes: usize,
}

/// An operation of the document and the variables it was validated with:
/// the operation's name shares the document's text, and no variables (the
/// common case) take no room.
struct Validated {
    operation: Option<Name>,
    variables: Option<Box<Variables>>,
}

impl Validated {
    fn is(&self, operation: Option<&str>, variables: &Variables) -> bool {
        self.operation.as_deref() == operation
            && match &self.variables {
                None => variables.is_empty(),
                Some(validated) => **validated == *variables,
            }
    }
}

/// At most this many operation and variables pairs are remembered per
/// document, and only variables of at most [`VALIDATED_VARIABLES_BYTES`]
/// (estimated heap bytes): the cache counts that much per document (the
/// variables only for a document that defines some).
const VALIDATED_ENTRIES: usize = 4;
const VALIDATED_VARIABLES_BYTES: usize = 256;

impl ParsedDocument {
    /// Scans, parses and walks `query`: every document limit but
    /// complexity, and the literal checks.
    fn parse(query: &str, options: &SchemaOptions) -> Result<Self, ApiError> {
        let limits = &options.limits;
        limits::scan(query, limits)?;
        let document = async_graphql::parser::parse_query(query).map_err(parse_error)?;
        let facts = walk(&document, schema::schema(), limits, options.introspection)?;
        let refusals = facts.operations.iter().filter_map(|o| o.refusal.as_ref()).map(|r| 16 + r.to_string().len());
        let mut heap_bytes =
            facts.heap_bytes + vec_bytes::<OperationFacts>(facts.operations.len()) + refusals.sum::<usize>();
        let executable = if facts.type_conditions {
            let mut executable = document.clone();
            order::prepare_document(&mut executable).map(|added| {
                heap_bytes += facts.heap_bytes + added + allocation(std::mem::size_of::<ExecutableDocument>());
                Box::new(executable)
            })
        } else {
            None
        };
        let objects_as_text = !facts.type_conditions && !repeats_keys(&document);
        heap_bytes += vec_bytes::<Validated>(VALIDATED_ENTRIES);
        if defines_variables(&document) {
            heap_bytes += VALIDATED_ENTRIES * (std::mem::size_of::<Variables>() + 16 + VALIDATED_VARIABLES_BYTES);
        }
        let validated = Mutex::new(Vec::new());
        Ok(ParsedDocument { document, executable, facts, objects_as_text, validated, heap_bytes })
    }

    /// Whether the executed copy carries hidden `__typename`s
    /// ([`order::prepare_document`]).
    pub(super) fn has_hidden_fields(&self) -> bool {
        self.executable.is_some()
    }

    /// Whether it asks for `__schema` or `__type`.
    pub(super) fn introspects(&self) -> bool {
        self.facts.introspects
    }

    /// Whether objects may be answered as JSON text (see the field).
    pub(super) fn objects_as_text(&self) -> bool {
        self.objects_as_text
    }

    /// Whether the operation `operation` already passed strict validation
    /// with exactly these `variables` (the rules read variables' values).
    pub(super) fn was_validated(&self, operation: Option<&str>, variables: &Variables) -> bool {
        let validated = self.validated.lock().unwrap_or_else(|p| p.into_inner());
        validated.iter().any(|v| v.is(operation, variables))
    }

    /// Notes that `operation` passed strict validation with `variables`,
    /// if there is room and the variables are small (see
    /// [`VALIDATED_ENTRIES`]).
    pub(super) fn note_validated(&self, operation: Option<&str>, variables: &Variables) {
        let bytes: usize = variables.iter().map(|(k, v)| name_bytes(k) + const_value_bytes(v)).sum();
        if bytes > VALIDATED_VARIABLES_BYTES {
            return;
        }
        // The document's own name for it (a shared `Arc<str>`).
        let name = match (&self.document.operations, operation) {
            (_, None) => None,
            (DocumentOperations::Multiple(operations), Some(name)) => match operations.get_key_value(name) {
                Some((name, _)) => Some(name.clone()),
                None => return,
            },
            (DocumentOperations::Single(_), Some(_)) => return,
        };
        let mut validated = self.validated.lock().unwrap_or_else(|p| p.into_inner());
        if validated.len() < VALIDATED_ENTRIES && !validated.iter().any(|v| v.is(operation, variables)) {
            let variables = (!variables.is_empty()).then(|| Box::new(variables.clone()));
            validated.push(Validated { operation: name, variables });
        }
    }

    /// The document to hand to the executor.
    pub(super) fn to_execute(&self) -> ExecutableDocument {
        self.executable.as_deref().unwrap_or(&self.document).clone()
    }

    /// What the walk found of the operation named `name` (`None`: the
    /// document's only one).
    pub(super) fn operation(&self, name: Option<&str>) -> Option<&OperationFacts> {
        match name {
            Some(name) => self.facts.operations.iter().find(|o| o.name.as_deref() == Some(name)),
            None => self.facts.operations.first(),
        }
    }
}

/// Whether an operation of `document` defines a variable.
fn defines_variables(document: &ExecutableDocument) -> bool {
    match &document.operations {
        DocumentOperations::Single(operation) => !operation.node.variable_definitions.is_empty(),
        DocumentOperations::Multiple(operations) => {
            operations.values().any(|o| !o.node.variable_definitions.is_empty())
        }
    }
}

/// Deepest nesting [`repeats_keys`] follows; the walk bounds real
/// documents far below it (deeper counts as repeating: no shortcut taken).
const MAX_DEPTH: usize = 64;

/// Whether a selection set of `document` repeats a response key, the
/// fields of an inline fragment without a type condition counting as its
/// own (async-graphql merges fields of one key).
fn repeats_keys(document: &ExecutableDocument) -> bool {
    fn keys<'a>(set: &'a SelectionSet, into: &mut Vec<&'a str>, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return true;
        }
        for selection in &set.items {
            match &selection.node {
                Selection::Field(field) => {
                    let key = field.node.response_key().node.as_str();
                    if into.contains(&key) || set_repeats(&field.node.selection_set.node, depth + 1) {
                        return true;
                    }
                    into.push(key);
                }
                Selection::InlineFragment(inline) => {
                    if keys(&inline.node.selection_set.node, into, depth + 1) {
                        return true;
                    }
                }
                Selection::FragmentSpread(_) => return true,
            }
        }
        false
    }
    fn set_repeats(set: &SelectionSet, depth: usize) -> bool {
        keys(set, &mut Vec::new(), depth)
    }
    let mut sets = document.fragments.values().map(|f| &f.node.selection_set.node).collect::<Vec<_>>();
    match &document.operations {
        DocumentOperations::Single(operation) => sets.push(&operation.node.selection_set.node),
        DocumentOperations::Multiple(operations) => {
            sets.extend(operations.values().map(|o| &o.node.selection_set.node));
        }
    }
    sets.into_iter().any(|set| set_repeats(set, 0))
}

/// A parse error as one short line, with its position: pest's message
/// spans several lines of ASCII art; its last line says what was expected.
fn parse_error(error: async_graphql::parser::Error) -> ApiError {
    let pos = error.positions().next();
    let message = match &error {
        async_graphql::parser::Error::Syntax { message, .. } => {
            let expected = message.lines().rev().find_map(|l| l.trim().strip_prefix("= ")).unwrap_or(message);
            format!("Syntax Error: {expected}")
        }
        other => format!("Syntax Error: {other}"),
    };
    let message = format!("{}.", message.trim_end_matches('.'));
    ApiError::ParseFailed { message, pos }
}

/// Parsed documents by query text, so a repeated query is parsed once.
/// Bounded by the bytes its entries hold (query text, both documents and
/// the entry's bookkeeping), least recently used out first.
pub struct DocumentCache(ByteLru<Box<str>, Arc<ParsedDocument>>);

impl DocumentCache {
    /// A cache holding at most `budget` bytes; 0 disables it. An entry over
    /// a sixteenth of the budget is not kept (it would evict many others).
    pub fn new(budget: usize) -> Self {
        DocumentCache(ByteLru::new(budget, budget / 16))
    }

    /// The parsed document of `query`, or why it cannot be run.
    pub(super) fn parse(&self, query: &str, options: &SchemaOptions) -> Result<Arc<ParsedDocument>, ApiError> {
        if let Some(doc) = self.0.get(query) {
            return Ok(doc);
        }
        let parsed = Arc::new(ParsedDocument::parse(query, options)?);
        if self.0.enabled() {
            // `Box<str>` from `&str` is exactly the text's size.
            let heap = allocation(query.len()) + allocation(std::mem::size_of::<ParsedDocument>()) + parsed.heap_bytes;
            self.0.put(query.into(), parsed.clone(), heap);
        }
        Ok(parsed)
    }
}

/// Its size, entries and budget, as [`ByteLru`] counts them.
impl std::ops::Deref for DocumentCache {
    type Target = ByteLru<Box<str>, Arc<ParsedDocument>>;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn as_text(query: &str) -> bool {
        ParsedDocument::parse(query, &SchemaOptions::default()).expect("parses").objects_as_text()
    }

    #[test]
    fn objects_are_text_only_where_nothing_merges() {
        assert!(as_text("{ agents(first: 2) { nodes { id name } } meta { seed } }"));
        assert!(as_text("query Q($x: Boolean!) { agents { nodes { id ... @include(if: $x) { name } } } }"));
        assert!(as_text("{ a: agents { nodes { id } } b: agents { nodes { id } } }"));
        assert!(!as_text("{ agents { nodes { id } } agents { totalCount } }"));
        assert!(!as_text("{ agents { nodes { id id } } }"));
        assert!(!as_text("{ agents { nodes { name: id name } } }"));
        assert!(!as_text("{ agents { nodes { id ... { id } } } }"));
        assert!(!as_text("{ agents { nodes { ... on Agent { id } } } }"));
        assert!(!as_text("{ agents { nodes { ...A } } } fragment A on Agent { id }"));
    }
}
