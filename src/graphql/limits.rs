//! The limits a GraphQL document is held to, checked in two passes that each
//! cost time linear in the document, before async-graphql sees it:
//!
//! 1. [`scan`], over the text: bytes, tokens, and the nesting of `{`, `[`
//!    and `(`. It is hand-written rather than a parse because
//!    async-graphql's parser (pest) recurses once per nesting level with no
//!    bound of its own, so a few KB of `[[[[` overflow the stack and abort
//!    the process; nothing outside the parser can bound that but a pass
//!    that never recurses. It honours strings, block strings and comments,
//!    so brackets inside them do not count.
//! 2. [`analyse`], over the parsed document: selection depth, fields once
//!    fragments are expanded (counted once per fragment, memoised, so a
//!    fragment bomb costs its size, not its expansion), aliases, directives,
//!    fragment cycles, and the checks async-graphql's validation skips on
//!    `__typename`. async-graphql's own validation visitors expand fragments
//!    in place and are exponential on a bomb; after this pass their work is
//!    bounded by `max_fields`.
//!
//! Complexity (what the fields produce) is weighed by async-graphql's
//! validation with the cost functions of [`super::cost`].

use std::collections::HashMap;

use async_graphql::Pos;
use async_graphql::parser::Positioned;
use async_graphql::parser::types::{Directive, ExecutableDocument, Selection, SelectionSet};
use async_graphql_value::{ConstValue, Value as AstValue};

use crate::error::{ApiError, Limit};

/// Every document limit. The defaults admit every playground example and
/// the introspection queries of GraphiQL, Apollo and urql with room to
/// spare (tests check both), and bound the work of any document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of the query text.
    pub max_query_bytes: usize,
    /// Lexical tokens of the query text (punctuators, names, numbers, strings).
    pub max_tokens: usize,
    /// Nesting of `{`, `[` and `(` in the text, and of selections and
    /// fragment spreads once expanded.
    pub max_nesting: usize,
    /// Fields on the longest path of selections, fragments expanded.
    pub max_depth: usize,
    /// Field selections (`__typename` included) of every operation, with
    /// fragments expanded.
    pub max_fields: usize,
    /// Aliases in the document.
    pub max_aliases: usize,
    /// Directives on one field, fragment or operation.
    pub max_directives: usize,
    /// Query complexity: what the fields produce, list sizes multiplied in.
    pub max_complexity: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_query_bytes: 64 * 1024,
            max_tokens: 10_000,
            max_nesting: 48,
            max_depth: 16,
            max_fields: 2_000,
            max_aliases: 200,
            max_directives: 5,
            max_complexity: 50_000,
        }
    }
}

fn position(text: &[u8], offset: usize) -> Pos {
    let before = &text[..offset.min(text.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    Pos { line, column: offset - line_start + 1 }
}

/// Checks the query text's size, tokens and nesting without parsing it.
pub fn scan(query: &str, limits: &Limits) -> Result<(), ApiError> {
    if query.len() > limits.max_query_bytes {
        return Err(ApiError::limit(Limit::QueryBytes, query.len(), limits.max_query_bytes, None));
    }
    let text = query.as_bytes();
    let (mut i, mut tokens, mut depth) = (0, 0usize, 0usize);
    while i < text.len() {
        let start = i;
        match text[i] {
            b' ' | b'\t' | b'\n' | b'\r' | b',' => {
                i += 1;
                continue;
            }
            b'#' => {
                while i < text.len() && text[i] != b'\n' && text[i] != b'\r' {
                    i += 1;
                }
                continue;
            }
            b'"' if text[i..].starts_with(b"\"\"\"") => {
                i += 3;
                loop {
                    if i >= text.len() {
                        break;
                    }
                    if text[i..].starts_with(b"\\\"\"\"") {
                        i += 4;
                    } else if text[i..].starts_with(b"\"\"\"") {
                        i += 3;
                        break;
                    } else {
                        i += 1;
                    }
                }
            }
            b'"' => {
                i += 1;
                while i < text.len() && !matches!(text[i], b'"' | b'\n' | b'\r') {
                    i += if text[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'{' | b'[' | b'(' => {
                depth += 1;
                if depth > limits.max_nesting {
                    return Err(ApiError::limit(
                        Limit::Nesting,
                        depth,
                        limits.max_nesting,
                        Some(position(text, start)),
                    ));
                }
                i += 1;
            }
            b'}' | b']' | b')' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'.' if text[i..].starts_with(b"...") => i += 3,
            b'_' | b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' => {
                i += 1;
                // Names and numbers (and whatever the parser will refuse).
                while i < text.len()
                    && matches!(text[i], b'_' | b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'+' | b'-')
                {
                    if text[i] == b'.' && text[i..].starts_with(b"...") {
                        break;
                    }
                    i += 1;
                }
            }
            _ => i += 1,
        }
        tokens += 1;
        if tokens > limits.max_tokens {
            return Err(ApiError::limit(Limit::Tokens, tokens, limits.max_tokens, Some(position(text, start))));
        }
    }
    Ok(())
}

/// What [`analyse`] measured.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Analysis {
    pub depth: usize,
    pub fields: usize,
    pub aliases: usize,
}

/// Directives an executable document may use: async-graphql's built-ins
/// (the schema declares none of its own).
const EXECUTABLE_DIRECTIVES: [&str; 2] = ["skip", "include"];

/// Checks a parsed document against every limit but complexity, and refuses
/// what async-graphql's validation would let through or take exponential
/// time over. Linear in the document.
pub fn analyse(document: &ExecutableDocument, limits: &Limits, introspection: bool) -> Result<Analysis, ApiError> {
    let mut walk = Walk { document, limits, introspection, fragments: HashMap::new(), aliases: 0 };
    let mut analysis = Analysis::default();
    let (operations, fragments) = in_document_order(document);
    for operation in operations {
        walk.directives(&operation.node.directives, operation.pos)?;
        let measure = walk.set(&operation.node.selection_set.node, 1)?;
        analysis.depth = analysis.depth.max(measure.depth);
        analysis.fields = analysis.fields.saturating_add(measure.fields);
        walk.check_totals(analysis.fields, measure.depth, operation.pos)?;
    }
    // Fragments no operation uses are still validated: measure them too.
    for (name, fragment) in fragments {
        walk.directives(&fragment.node.directives, fragment.pos)?;
        let measure = walk.fragment(name, fragment.pos, 1)?;
        walk.check_totals(measure.fields, measure.depth, fragment.pos)?;
    }
    analysis.aliases = walk.aliases;
    Ok(analysis)
}

type Operation = Positioned<async_graphql::parser::types::OperationDefinition>;
type Fragment = Positioned<async_graphql::parser::types::FragmentDefinition>;

/// A document's operations and fragments in the order they are written:
/// they sit in hash maps, whose order changes from run to run, and the
/// first refusal a pass finds must not.
pub fn in_document_order(document: &ExecutableDocument) -> (Vec<&Operation>, Vec<(&str, &Fragment)>) {
    let mut operations: Vec<&Operation> = document.operations.iter().map(|(_, op)| op).collect();
    operations.sort_by_key(|op| (op.pos.line, op.pos.column));
    let mut fragments: Vec<(&str, &Fragment)> = document.fragments.iter().map(|(n, f)| (n.as_str(), f)).collect();
    fragments.sort_by_key(|(_, f)| (f.pos.line, f.pos.column));
    (operations, fragments)
}

/// Depth and expanded field count of a selection set.
#[derive(Clone, Copy, Debug, Default)]
struct Measure {
    depth: usize,
    fields: usize,
    /// Selection sets and fragment spreads nested, expanded.
    nesting: usize,
}

enum FragmentState {
    Visiting,
    Done(Measure),
}

struct Walk<'a> {
    document: &'a ExecutableDocument,
    limits: &'a Limits,
    /// Whether `__schema` and `__type` may be asked for.
    introspection: bool,
    fragments: HashMap<&'a str, FragmentState>,
    aliases: usize,
}

impl<'a> Walk<'a> {
    fn check_totals(&self, fields: usize, depth: usize, pos: Pos) -> Result<(), ApiError> {
        if fields > self.limits.max_fields {
            return Err(ApiError::limit(Limit::Fields, fields, self.limits.max_fields, Some(pos)));
        }
        if depth > self.limits.max_depth {
            return Err(ApiError::limit(Limit::Depth, depth, self.limits.max_depth, Some(pos)));
        }
        Ok(())
    }

    /// `nesting` is how deep this set sits (1 for an operation's).
    fn set(&mut self, set: &'a SelectionSet, nesting: usize) -> Result<Measure, ApiError> {
        let mut measure = Measure::default();
        for selection in &set.items {
            let inner = match &selection.node {
                Selection::Field(field) => {
                    let field_node = &field.node;
                    if field_node.alias.is_some() {
                        self.aliases += 1;
                        if self.aliases > self.limits.max_aliases {
                            return Err(ApiError::limit(
                                Limit::Aliases,
                                self.aliases,
                                self.limits.max_aliases,
                                Some(field.pos),
                            ));
                        }
                    }
                    self.directives(&field_node.directives, field.pos)?;
                    match field_node.name.node.as_str() {
                        "__typename" => typename_field(field_node, field.pos)?,
                        // async-graphql would answer null without a word.
                        name @ ("__schema" | "__type") if !self.introspection => {
                            return Err(ApiError::ValidationFailed {
                                message: format!(
                                    "GraphQL introspection has been disabled, but the requested query contained the field \"{name}\" (--introspection)."
                                ),
                                pos: Some(field.pos),
                            });
                        }
                        _ => {}
                    }
                    let sub = if field_node.selection_set.node.items.is_empty() {
                        Measure::default()
                    } else {
                        self.nested(nesting, field.pos)?;
                        self.set(&field_node.selection_set.node, nesting + 1)?
                    };
                    Measure { depth: sub.depth + 1, fields: sub.fields.saturating_add(1), nesting: sub.nesting + 1 }
                }
                Selection::FragmentSpread(spread) => {
                    self.directives(&spread.node.directives, spread.pos)?;
                    self.nested(nesting, spread.pos)?;
                    let inner = self.fragment(&spread.node.fragment_name.node, spread.pos, nesting + 1)?;
                    Measure { nesting: inner.nesting + 1, ..inner }
                }
                Selection::InlineFragment(inline) => {
                    self.directives(&inline.node.directives, inline.pos)?;
                    self.nested(nesting, inline.pos)?;
                    let inner = self.set(&inline.node.selection_set.node, nesting + 1)?;
                    Measure { nesting: inner.nesting + 1, ..inner }
                }
            };
            measure.depth = measure.depth.max(inner.depth);
            measure.nesting = measure.nesting.max(inner.nesting);
            measure.fields = measure.fields.saturating_add(inner.fields);
            // Stop as soon as the expansion is over the limit: the count
            // only grows from here.
            if measure.fields > self.limits.max_fields {
                return Err(ApiError::limit(
                    Limit::Fields,
                    measure.fields,
                    self.limits.max_fields,
                    Some(selection.pos),
                ));
            }
        }
        Ok(measure)
    }

    /// Refuses one more level below `nesting`.
    fn nested(&self, nesting: usize, pos: Pos) -> Result<(), ApiError> {
        if nesting + 1 > self.limits.max_nesting {
            return Err(ApiError::limit(Limit::Nesting, nesting + 1, self.limits.max_nesting, Some(pos)));
        }
        Ok(())
    }

    /// A named fragment's measure, worked out once. An unknown fragment
    /// counts as empty (validation names it); a cycle is refused here, as
    /// graphql-js words it, since every later pass would loop on it.
    fn fragment(&mut self, name: &'a str, pos: Pos, nesting: usize) -> Result<Measure, ApiError> {
        match self.fragments.get(name) {
            Some(FragmentState::Done(measure)) => {
                // The memo holds how deep the fragment goes below its own
                // top; check that against where it is spread now.
                let deepest = nesting + measure.nesting;
                if deepest > self.limits.max_nesting {
                    return Err(ApiError::limit(Limit::Nesting, deepest, self.limits.max_nesting, Some(pos)));
                }
                return Ok(*measure);
            }
            Some(FragmentState::Visiting) => {
                return Err(ApiError::ValidationFailed {
                    message: format!("Cannot spread fragment \"{name}\" within itself."),
                    pos: Some(pos),
                });
            }
            None => {}
        }
        let Some(fragment) = self.document.fragments.get(name) else { return Ok(Measure::default()) };
        self.fragments.insert(name, FragmentState::Visiting);
        let measure = self.set(&fragment.node.selection_set.node, nesting)?;
        self.fragments.insert(name, FragmentState::Done(measure));
        Ok(measure)
    }

    /// At most `max_directives`, each known and used once.
    fn directives(&self, directives: &[Positioned<Directive>], pos: Pos) -> Result<(), ApiError> {
        if directives.len() > self.limits.max_directives {
            return Err(ApiError::limit(Limit::Directives, directives.len(), self.limits.max_directives, Some(pos)));
        }
        for (i, directive) in directives.iter().enumerate() {
            let name = directive.node.name.node.as_str();
            if !EXECUTABLE_DIRECTIVES.contains(&name) {
                return Err(ApiError::ValidationFailed {
                    message: format!("Unknown directive \"@{name}\"."),
                    pos: Some(directive.pos),
                });
            }
            if directives[..i].iter().any(|d| d.node.name.node == directive.node.name.node) {
                return Err(ApiError::ValidationFailed {
                    message: format!("The directive \"@{name}\" can only be used once at this location."),
                    pos: Some(directive.pos),
                });
            }
        }
        Ok(())
    }
}

/// async-graphql's validation does not visit `__typename` at all: check
/// what it would have (arguments, a selection, directive arguments).
fn typename_field(field: &async_graphql::parser::types::Field, pos: Pos) -> Result<(), ApiError> {
    if let Some((name, value)) = field.arguments.first() {
        return Err(ApiError::ValidationFailed {
            message: format!("Unknown argument \"{}\" on field \"__typename\".", name.node),
            pos: Some(value.pos),
        });
    }
    if !field.selection_set.node.items.is_empty() {
        return Err(ApiError::ValidationFailed {
            message: "Field \"__typename\" must not have a selection since type \"String!\" has no subfields.".into(),
            pos: Some(pos),
        });
    }
    for directive in &field.directives {
        let arguments = &directive.node.arguments;
        let valid = arguments.len() == 1
            && arguments[0].0.node == "if"
            && matches!(arguments[0].1.node, AstValue::Boolean(_) | AstValue::Variable(_));
        if !valid {
            return Err(ApiError::ValidationFailed {
                message: format!(
                    "Directive \"@{}\" takes exactly one argument, `if: Boolean!`.",
                    directive.node.name.node
                ),
                pos: Some(directive.pos),
            });
        }
    }
    Ok(())
}

/// Heap bytes a parsed document holds, estimated from its nodes: each
/// `Vec` at the capacity growth leaves it with (a power of two, at least
/// four slots), each name's and string's bytes, and each map's table. A
/// unit test checks the estimate against the allocator's own count for a
/// range of documents.
pub fn heap_bytes(document: &ExecutableDocument) -> usize {
    use async_graphql::parser::types::{FragmentDefinition, OperationDefinition, VariableDefinition};
    let mut bytes = 0;
    // A single operation sits inline in the document; several in a map.
    if let async_graphql::parser::types::DocumentOperations::Multiple(operations) = &document.operations {
        bytes += map_bytes::<Positioned<OperationDefinition>>(operations.len());
    }
    for (name, operation) in document.operations.iter() {
        let operation = &operation.node;
        bytes += name.map_or(0, |n| name_bytes(n));
        bytes += vec_bytes::<Positioned<VariableDefinition>>(operation.variable_definitions.len());
        for variable in &operation.variable_definitions {
            bytes += name_bytes(&variable.node.name.node) + type_bytes(&variable.node.var_type.node);
            if let Some(default) = &variable.node.default_value {
                bytes += const_value_bytes(&default.node);
            }
            bytes += directives_bytes(&variable.node.directives);
        }
        bytes += directives_bytes(&operation.directives) + set_bytes(&operation.selection_set.node);
    }
    bytes += map_bytes::<Positioned<FragmentDefinition>>(document.fragments.len());
    for (name, fragment) in &document.fragments {
        bytes += 2 * name_bytes(name)
            + name_bytes(&fragment.node.type_condition.node.on.node)
            + directives_bytes(&fragment.node.directives)
            + set_bytes(&fragment.node.selection_set.node);
    }
    bytes
}

/// A `Vec` of `len` items as grown by pushes.
fn vec_bytes<T>(len: usize) -> usize {
    if len == 0 { 0 } else { len.max(4).next_power_of_two() * std::mem::size_of::<T>() + 16 }
}

/// A hash map (or an `IndexMap`'s entries and index) of `len` items.
fn map_bytes<T>(len: usize) -> usize {
    if len == 0 { 0 } else { 2 * vec_bytes::<(u64, async_graphql::Name, T)>(len) + len.next_power_of_two() * 16 }
}

/// A name's `Arc<str>`: two counters, the text, the allocator's rounding.
const NAME_BYTES: usize = 32;

fn name_bytes(name: &str) -> usize {
    NAME_BYTES + name.len()
}

fn type_bytes(ty: &async_graphql::parser::types::Type) -> usize {
    use async_graphql::parser::types::BaseType;
    match &ty.base {
        BaseType::Named(name) => name_bytes(name),
        BaseType::List(inner) => std::mem::size_of::<async_graphql::parser::types::Type>() + 16 + type_bytes(inner),
    }
}

fn set_bytes(set: &SelectionSet) -> usize {
    let mut bytes = vec_bytes::<Positioned<Selection>>(set.items.len());
    for selection in &set.items {
        bytes += match &selection.node {
            Selection::Field(field) => {
                let field = &field.node;
                field.alias.as_ref().map_or(0, |a| name_bytes(&a.node))
                    + name_bytes(&field.name.node)
                    + arguments_bytes(&field.arguments)
                    + directives_bytes(&field.directives)
                    + set_bytes(&field.selection_set.node)
            }
            Selection::FragmentSpread(spread) => {
                name_bytes(&spread.node.fragment_name.node) + directives_bytes(&spread.node.directives)
            }
            Selection::InlineFragment(inline) => {
                inline.node.type_condition.as_ref().map_or(0, |c| name_bytes(&c.node.on.node))
                    + directives_bytes(&inline.node.directives)
                    + set_bytes(&inline.node.selection_set.node)
            }
        };
    }
    bytes
}

type Argument = (Positioned<async_graphql::Name>, Positioned<AstValue>);

fn arguments_bytes(arguments: &[Argument]) -> usize {
    vec_bytes::<Argument>(arguments.len())
        + arguments.iter().map(|(name, value)| name_bytes(&name.node) + value_bytes(&value.node)).sum::<usize>()
}

fn directives_bytes(directives: &[Positioned<Directive>]) -> usize {
    vec_bytes::<Positioned<Directive>>(directives.len())
        + directives.iter().map(|d| name_bytes(&d.node.name.node) + arguments_bytes(&d.node.arguments)).sum::<usize>()
}

/// Bytes below a value (its own slot is counted by its container).
fn value_bytes(value: &AstValue) -> usize {
    match value {
        AstValue::Variable(name) | AstValue::Enum(name) => name_bytes(name),
        AstValue::String(s) => 16 + s.len(),
        AstValue::Binary(b) => 16 + b.len(),
        AstValue::List(items) => vec_bytes::<AstValue>(items.len()) + items.iter().map(value_bytes).sum::<usize>(),
        AstValue::Object(map) => {
            map_bytes::<AstValue>(map.len()) + map.iter().map(|(k, v)| name_bytes(k) + value_bytes(v)).sum::<usize>()
        }
        AstValue::Null | AstValue::Number(_) | AstValue::Boolean(_) => 0,
    }
}

fn const_value_bytes(value: &ConstValue) -> usize {
    match value {
        ConstValue::Enum(name) => name_bytes(name),
        ConstValue::String(s) => 16 + s.len(),
        ConstValue::Binary(b) => 16 + b.len(),
        ConstValue::List(items) => {
            vec_bytes::<ConstValue>(items.len()) + items.iter().map(const_value_bytes).sum::<usize>()
        }
        ConstValue::Object(map) => {
            map_bytes::<ConstValue>(map.len())
                + map.iter().map(|(k, v)| name_bytes(k) + const_value_bytes(v)).sum::<usize>()
        }
        ConstValue::Null | ConstValue::Number(_) | ConstValue::Boolean(_) => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scanned(query: &str) -> Result<(), String> {
        scan(query, &Limits::default()).map_err(|e| e.to_string())
    }

    fn analysed(query: &str) -> Result<Analysis, ApiError> {
        let document = async_graphql::parser::parse_query(query).expect("parses");
        analyse(&document, &Limits::default(), true)
    }

    #[test]
    fn the_scan_counts_nesting_outside_strings_and_comments_only() {
        let deep = "[".repeat(100);
        assert!(scanned(&format!("{{ a(x: {deep}) }}")).unwrap_err().contains("--max-nesting"));
        for quiet in [
            format!("{{ a(x: \"{deep}\") }}"),
            format!("{{ a(x: \"\"\"{deep}\"\"\") }}"),
            format!("{{ a(x: \"\"\" \\\"\"\" {deep}\"\"\") }}"),
            format!("# {deep}\n{{ a }}"),
            format!("{{ a(x: \"\\\"{deep}\") }}"),
        ] {
            assert_eq!(scanned(&quiet), Ok(()), "{quiet}");
        }
        // A string that never ends does not hide brackets from the parser:
        // it refuses the document.
        assert_eq!(scanned("{ a(x: \"[[[ ) }"), Ok(()));
    }

    #[test]
    fn the_scan_counts_tokens_and_bytes() {
        let many = format!("{{ {} }}", "a ".repeat(10_000));
        let e = scan(&many, &Limits::default()).unwrap_err();
        assert_eq!(e.code(), "TOO_MANY_TOKENS");
        let long = format!("{{ a }} #{}", " ".repeat(70_000));
        assert_eq!(scan(&long, &Limits::default()).unwrap_err().code(), "QUERY_TOO_LARGE");
        // Spreads, numbers and names are one token each.
        let limits = Limits { max_tokens: 10, ..Limits::default() };
        assert_eq!(scan("{ a(x: -1.5e3) ...F }", &limits), Ok(()));
        assert!(scan("{ a(x: -1.5e3) ...F b }", &limits).is_err());
    }

    #[test]
    fn fragment_bombs_are_measured_without_expanding_them() {
        let mut query = String::from("{ ...F0 }\n");
        for i in 0..40 {
            query.push_str(&format!("fragment F{i} on Query {{ ...F{} ...F{} }}\n", i + 1, i + 1));
        }
        query.push_str("fragment F40 on Query { __typename }\n");
        let started = std::time::Instant::now();
        let e = analysed(&query).unwrap_err();
        assert_eq!(e.code(), "TOO_MANY_FIELDS", "{e}");
        assert!(started.elapsed() < std::time::Duration::from_millis(100));
    }

    #[test]
    fn fields_depth_and_aliases_are_counted_through_fragments() {
        let analysis = analysed("{ a: meta { seed ...M } } fragment M on Meta { anchorTime b: seed }").unwrap();
        assert_eq!(analysis, Analysis { depth: 2, fields: 4, aliases: 2 });
    }

    #[test]
    fn the_first_refusal_is_the_first_in_the_document_every_time() {
        let fragments: String = (0..12).map(|i| format!("fragment F{i} on Query {{ __typename @bad{i} }}\n")).collect();
        let query = format!("query A {{ __typename }}\nquery B {{ __typename }}\n{fragments}");
        for _ in 0..30 {
            let e = analysed(&query).unwrap_err();
            assert_eq!(e.to_string(), "Unknown directive \"@bad0\".");
        }
    }

    #[test]
    fn cycles_unknown_and_repeated_directives_are_refused() {
        let e = analysed("{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }").unwrap_err();
        assert!(e.to_string().contains("within itself"), "{e}");
        for query in [
            "{ __typename @nope }",
            "{ __typename @skip(if: true) @skip(if: true) }",
            "{ __typename(x: 1) }",
            "{ __typename { a } }",
            "{ __typename @skip(unless: true) }",
        ] {
            assert_eq!(analysed(query).unwrap_err().code(), "GRAPHQL_VALIDATION_FAILED", "{query}");
        }
        assert!(analysed("{ __typename @include(if: $x) }").is_ok());
    }

    /// Counts the bytes this thread has allocated and not freed, so the
    /// estimate of [`heap_bytes`] can be checked against the real thing.
    struct Counting;

    thread_local! {
        static LIVE: std::cell::Cell<isize> = const { std::cell::Cell::new(0) };
    }

    // SAFETY: forwards to the system allocator; only counts.
    unsafe impl std::alloc::GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
            let _ = LIVE.try_with(|l| l.set(l.get() + layout.size() as isize));
            unsafe { std::alloc::System.alloc(layout) }
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
            let _ = LIVE.try_with(|l| l.set(l.get() - layout.size() as isize));
            unsafe { std::alloc::System.dealloc(ptr, layout) }
        }
    }

    #[global_allocator]
    static COUNTING: Counting = Counting;

    #[test]
    fn the_heap_estimate_of_a_document_is_never_below_what_it_holds() {
        let aliases: String = (0..300).map(|i| format!("a{i}: agents(first: {i}) {{ totalCount }} ")).collect();
        let lists = format!("{{ agents(filter: {{ ids: [{}] }}) {{ totalCount }} }}", "\"x\", ".repeat(2000));
        let objects = format!("{{ a(x: {}1{}) }}", "{b: ".repeat(40), "}".repeat(40));
        let documents = [
            include_str!("../../tests/it/fixtures/introspection-graphiql.graphql").to_string(),
            include_str!("../../assets/playground/examples/01-fleet-overview.graphql").to_string(),
            include_str!("../../assets/playground/examples/06-agent-detail.graphql").to_string(),
            format!("{{ {aliases} }}"),
            lists,
            objects,
            "query Q($a: Int = 5, $b: [String!] = [\"x\", \"y\"]) { __typename @skip(if: false) ...F } fragment F on Query { meta { seed } }".into(),
        ];
        for text in documents {
            let before = LIVE.with(|l| l.get());
            let document = async_graphql::parser::parse_query(&text).expect("parses");
            let held = LIVE.with(|l| l.get()) - before;
            let estimate = heap_bytes(&document) as isize;
            assert!(estimate >= held, "estimate {estimate} < held {held} for {}", &text[..60.min(text.len())]);
            assert!(estimate <= 4 * held + 4096, "estimate {estimate} far over held {held}");
            drop(document);
        }
    }
}
