//! Documents parsed once: the text scanned ([`limits::scan`]), parsed,
//! walked once ([`walk`]) and, when a selection holds a type-conditioned
//! fragment, copied with hidden `__typename`s to run ([`order`]); kept by
//! query text in a byte-bounded cache so a repeated query is parsed once.

use std::sync::Arc;

use async_graphql::parser::types::ExecutableDocument;

use super::heap::vec_bytes;
use super::walk::{Facts, OperationFacts, walk};
use super::{SchemaOptions, limits, order, schema};
use crate::error::ApiError;
use crate::lru::{ByteLru, allocation};

/// A query parsed once: the document as sent (to order responses by) and,
/// when ordering needs them, the same with hidden `__typename` fields (to
/// run); and what the walk found of it.
pub struct ParsedDocument {
    pub(super) document: ExecutableDocument,
    executable: Option<ExecutableDocument>,
    facts: Facts,
    /// Heap bytes the two documents hold, estimated (see [`super::heap`]).
    heap_bytes: usize,
}

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
                heap_bytes += facts.heap_bytes + added;
                executable
            })
        } else {
            None
        };
        Ok(ParsedDocument { document, executable, facts, heap_bytes })
    }

    /// Whether the executed copy carries hidden `__typename`s
    /// ([`order::prepare_document`]).
    pub(super) fn has_hidden_fields(&self) -> bool {
        self.executable.is_some()
    }

    /// The document to hand to the executor.
    pub(super) fn to_execute(&self) -> ExecutableDocument {
        self.executable.as_ref().unwrap_or(&self.document).clone()
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
