//! The one walk over a parsed document before async-graphql sees it. Each
//! operation's selections are followed with fragments expanded, each
//! fragment measured once and remembered (so a fragment bomb costs its
//! size, not its expansion), then every fragment no operation used. On the
//! way it does what used to be six passes:
//!
//! - the document limits ([`super::limits`]): selection depth, fields with
//!   fragments expanded, aliases, directives, nesting of selections and
//!   spreads, fragment cycles, `__typename`'s own checks, introspection
//!   when it is off;
//! - the literal checks ([`super::literals`]): a string where an enum goes;
//! - what each operation reads ([`super::reads`]), for the response cache;
//! - a subscription's root fields (one, and not an introspection field);
//! - the heap bytes the document holds ([`super::heap`]);
//! - whether any selection set holds a type-conditioned fragment, which is
//!   when the document needs hidden `__typename`s ([`super::order`]).
//!
//! A refusal is the one the separate passes gave: the first limit refusal
//! in document order wins over any literal refusal, and of the literal
//! refusals the first of the operations (then of the fragments) in the
//! text, as a pass over each definition in turn finds it.

use std::collections::HashMap;

use async_graphql::Name;
use async_graphql::Pos;
use async_graphql::parser::Positioned;
use async_graphql::parser::types::{
    Directive, DocumentOperations, ExecutableDocument, FragmentDefinition, OperationDefinition, OperationType,
    Selection, SelectionSet, VariableDefinition,
};

use super::heap::{arguments_bytes, const_value_bytes, directives_bytes, map_bytes, name_bytes, type_bytes, vec_bytes};
use super::limits::{self, Limits};
use super::schema::{SchemaDescription, TypeDesc};
use super::{literals, reads};
use crate::error::{ApiError, Limit};
use crate::store::Parts;

/// What the walk measured of a whole document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Analysis {
    /// Fields on the longest path of selections.
    pub depth: usize,
    /// Field selections of every operation, fragments expanded.
    pub fields: usize,
    pub aliases: usize,
}

/// What the walk found of one operation.
#[derive(Clone, Debug)]
pub struct OperationFacts {
    pub name: Option<Name>,
    pub ty: OperationType,
    /// The parts of the dataset its answer depends on: what its fields
    /// read for a query; everything for a mutation or subscription (they
    /// change or follow everything).
    pub reads: Parts,
    /// For a subscription selecting more than one root field, or an
    /// introspection one, why it cannot run (graphql-js's
    /// SingleFieldSubscriptionsRule, which async-graphql does not have: it
    /// would run a stream per field and merge them).
    pub refusal: Option<ApiError>,
}

/// What the walk found of a document it accepts.
#[derive(Clone, Debug)]
pub struct Facts {
    pub analysis: Analysis,
    /// Each operation, in document order.
    pub operations: Vec<OperationFacts>,
    /// Heap bytes the document holds, estimated.
    pub heap_bytes: usize,
    /// Whether a selection set holds a fragment spread or an inline
    /// fragment with a type condition.
    pub type_conditions: bool,
    /// Whether a field is `__schema` or `__type`.
    pub introspects: bool,
}

/// Walks `document`: its facts, or the first reason it may not run (every
/// limit but complexity, which async-graphql's validation weighs, and the
/// literal checks).
pub fn walk(
    document: &ExecutableDocument,
    schema: &SchemaDescription,
    limits: &Limits,
    introspection: bool,
) -> Result<Facts, ApiError> {
    let mut walk = Walk {
        document,
        schema,
        limits,
        introspection,
        fragments: HashMap::new(),
        aliases: 0,
        bytes: 0,
        type_conditions: false,
        introspects: false,
        in_fragment: false,
        literal: None,
    };
    let mut analysis = Analysis::default();
    let mut operations = Vec::with_capacity(1);
    let (ordered, fragments) = in_document_order(document);
    if let DocumentOperations::Multiple(all) = &document.operations {
        walk.bytes += map_bytes::<Positioned<OperationDefinition>>(all.len());
    }
    for (name, operation) in ordered {
        let pos = operation.pos;
        let operation = &operation.node;
        walk.bytes += name.map_or(0, |n| name_bytes(n));
        walk.directives(&operation.directives, pos)?;
        walk.variables(&operation.variable_definitions);
        let mut roots = RootKeys::default();
        let root = schema.root(operation.ty);
        let measure = walk.set(&operation.selection_set.node, 1, root, true, Some(&mut roots))?;
        analysis.depth = analysis.depth.max(measure.depth);
        analysis.fields = analysis.fields.saturating_add(measure.fields);
        walk.check_totals(analysis.fields, measure.depth, pos)?;
        let reads = if operation.ty == OperationType::Query { measure.reads } else { Parts::ALL };
        let refusal = (operation.ty == OperationType::Subscription).then(|| roots.refusal(name)).flatten();
        operations.push(OperationFacts { name: name.cloned(), ty: operation.ty, reads, refusal });
    }
    // Fragments no operation uses are still validated: measure them too.
    walk.bytes += map_bytes::<Positioned<FragmentDefinition>>(document.fragments.len());
    for (name, fragment) in fragments {
        walk.bytes += 2 * name_bytes(name) + name_bytes(&fragment.node.type_condition.node.on.node);
        walk.directives(&fragment.node.directives, fragment.pos)?;
        let (measure, _) = walk.fragment(name, fragment.pos, 1)?;
        walk.check_totals(measure.fields, measure.depth, fragment.pos)?;
    }
    if let Some((_, refusal)) = walk.literal {
        return Err(refusal);
    }
    analysis.aliases = walk.aliases;
    Ok(Facts {
        analysis,
        operations,
        heap_bytes: walk.bytes,
        type_conditions: walk.type_conditions,
        introspects: walk.introspects,
    })
}

type Operation = Positioned<OperationDefinition>;
type Fragment = Positioned<FragmentDefinition>;
/// Operations by name (`None`: the anonymous one) and fragments by name.
type Definitions<'a> = (Vec<(Option<&'a Name>, &'a Operation)>, Vec<(&'a str, &'a Fragment)>);

/// A document's operations and fragments in the order they are written:
/// they sit in hash maps, whose order changes from run to run, and the
/// first refusal must not.
fn in_document_order(document: &ExecutableDocument) -> Definitions<'_> {
    let mut operations: Vec<(Option<&Name>, &Operation)> = document.operations.iter().collect();
    operations.sort_by_key(|(_, op)| op.pos);
    let mut fragments: Vec<(&str, &Fragment)> = document.fragments.iter().map(|(n, f)| (n.as_str(), f)).collect();
    fragments.sort_by_key(|(_, f)| f.pos);
    (operations, fragments)
}

/// What a selection set comes to, fragments expanded.
#[derive(Clone, Copy, Debug, Default)]
struct Measure {
    /// Fields on its longest path.
    depth: usize,
    fields: usize,
    /// Selection sets and fragment spreads nested, expanded.
    nesting: usize,
    /// What its fields read.
    reads: Parts,
}

/// The first two distinct response keys at the top of a selection set
/// (fragments expanded), each with its field's name and position: all a
/// subscription's root check needs. Keeping two of each part keeps the
/// first two of the whole, however parts merge.
#[derive(Clone, Copy, Debug, Default)]
struct RootKeys<'a>([Option<(&'a str, &'a str, Pos)>; 2]);

impl<'a> RootKeys<'a> {
    fn add(&mut self, key: &'a str, field: &'a str, pos: Pos) {
        if self.0.iter().flatten().any(|(k, _, _)| *k == key) {
            return;
        }
        if let Some(slot) = self.0.iter_mut().find(|slot| slot.is_none()) {
            *slot = Some((key, field, pos));
        }
    }

    fn merge(&mut self, other: &RootKeys<'a>) {
        for &(key, field, pos) in other.0.iter().flatten() {
            self.add(key, field, pos);
        }
    }

    /// Why a subscription with these root keys cannot run, if it cannot.
    fn refusal(&self, name: Option<&Name>) -> Option<ApiError> {
        let what = match name {
            Some(name) => format!("Subscription \"{name}\""),
            None => "Anonymous Subscription".to_string(),
        };
        if let Some((_, _, pos)) = self.0[1] {
            let message = format!("{what} must select only one top level field.");
            return Some(ApiError::ValidationFailed { message, pos: Some(pos) });
        }
        let (_, _, pos) = self.0[0].filter(|(_, field, _)| field.starts_with("__"))?;
        let message = format!("{what} must not select an introspection top level field.");
        Some(ApiError::ValidationFailed { message, pos: Some(pos) })
    }
}

enum FragmentState<'a> {
    Visiting,
    Done(Measure, RootKeys<'a>),
}

struct Walk<'a, 's> {
    document: &'a ExecutableDocument,
    schema: &'s SchemaDescription,
    limits: &'a Limits,
    /// Whether `__schema` and `__type` may be asked for.
    introspection: bool,
    fragments: HashMap<&'a str, FragmentState<'a>>,
    aliases: usize,
    bytes: usize,
    type_conditions: bool,
    introspects: bool,
    /// Whether the walk is inside a fragment definition's selections.
    in_fragment: bool,
    /// The first literal refused, by (in a fragment definition, position).
    literal: Option<((bool, Pos), ApiError)>,
}

impl<'a, 's> Walk<'a, 's> {
    fn check_totals(&self, fields: usize, depth: usize, pos: Pos) -> Result<(), ApiError> {
        if fields > self.limits.max_fields {
            return Err(ApiError::limit(Limit::Fields, fields, self.limits.max_fields, Some(pos)));
        }
        if depth > self.limits.max_depth {
            return Err(ApiError::limit(Limit::Depth, depth, self.limits.max_depth, Some(pos)));
        }
        Ok(())
    }

    /// Notes a refused literal; the first in the text is kept.
    fn refuse_literal(&mut self, pos: Pos, refusal: ApiError) {
        let key = (self.in_fragment, pos);
        if self.literal.as_ref().is_none_or(|(first, _)| key < *first) {
            self.literal = Some((key, refusal));
        }
    }

    /// An operation's variable definitions: their defaults' literals, and
    /// their bytes.
    fn variables(&mut self, variables: &'a [Positioned<VariableDefinition>]) {
        self.bytes += vec_bytes::<Positioned<VariableDefinition>>(variables.len());
        for variable in variables {
            let variable = &variable.node;
            self.bytes += name_bytes(&variable.name.node)
                + type_bytes(&variable.var_type.node)
                + directives_bytes(&variable.directives);
            if let Some(default) = &variable.default_value {
                self.bytes += const_value_bytes(&default.node);
                if let Err(refusal) =
                    literals::check_const(self.schema, &default.node, &variable.var_type.node, default.pos)
                {
                    self.refuse_literal(default.pos, refusal);
                }
            }
        }
    }

    /// Walks one selection set. `nesting` is how deep it sits (1 for an
    /// operation's); `parent` is the type it selects from, if known;
    /// `checking` whether literals are checked here (not below a field the
    /// schema does not have); `roots` collects its top-level keys.
    fn set(
        &mut self,
        set: &'a SelectionSet,
        nesting: usize,
        parent: Option<&'s TypeDesc>,
        checking: bool,
        mut roots: Option<&mut RootKeys<'a>>,
    ) -> Result<Measure, ApiError> {
        self.bytes += vec_bytes::<Positioned<Selection>>(set.items.len());
        let mut measure = Measure::default();
        for selection in &set.items {
            let inner = match &selection.node {
                Selection::Field(field) => {
                    let node = &field.node;
                    if let Some(alias) = &node.alias {
                        self.bytes += name_bytes(&alias.node);
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
                    self.directives(&node.directives, field.pos)?;
                    let name = node.name.node.as_str();
                    limits::check_meta_field(node, field.pos, self.introspection)?;
                    self.introspects |= matches!(name, "__schema" | "__type");
                    self.bytes += name_bytes(name) + arguments_bytes(&node.arguments);
                    let declared = parent.and_then(|p| p.field(name));
                    if let (true, Some(declared)) = (checking, declared) {
                        for (argument, value) in &node.arguments {
                            let Some(ty) = declared.arguments.get(argument.node.as_str()) else { continue };
                            if let Err(refusal) = literals::check(self.schema, &value.node, ty, value.pos) {
                                self.refuse_literal(value.pos, refusal);
                            }
                        }
                    }
                    if let Some(roots) = roots.as_deref_mut() {
                        roots.add(node.response_key().node.as_str(), name, field.pos);
                    }
                    let sub = if node.selection_set.node.items.is_empty() {
                        Measure::default()
                    } else {
                        self.nested(nesting, field.pos)?;
                        let returns = declared.and_then(|d| self.schema.ty(&d.returns));
                        let checks = checking && declared.is_some();
                        let sub = self.set(&node.selection_set.node, nesting + 1, returns, checks, None)?;
                        // Below a field the schema does not have, no read is known.
                        Measure { reads: if declared.is_some() { sub.reads } else { Parts::ALL }, ..sub }
                    };
                    Measure {
                        depth: sub.depth + 1,
                        fields: sub.fields.saturating_add(1),
                        nesting: sub.nesting + 1,
                        reads: reads::of_field(node, declared, sub.reads),
                    }
                }
                Selection::FragmentSpread(spread) => {
                    self.type_conditions = true;
                    self.bytes += name_bytes(&spread.node.fragment_name.node);
                    self.directives(&spread.node.directives, spread.pos)?;
                    self.nested(nesting, spread.pos)?;
                    let (inner, keys) = self.fragment(&spread.node.fragment_name.node, spread.pos, nesting + 1)?;
                    if let Some(roots) = roots.as_deref_mut() {
                        roots.merge(&keys);
                    }
                    Measure { nesting: inner.nesting + 1, ..inner }
                }
                Selection::InlineFragment(inline) => {
                    let on = match &inline.node.type_condition {
                        Some(condition) => {
                            self.type_conditions = true;
                            self.bytes += name_bytes(&condition.node.on.node);
                            self.schema.ty(&condition.node.on.node)
                        }
                        None => parent,
                    };
                    self.directives(&inline.node.directives, inline.pos)?;
                    self.nested(nesting, inline.pos)?;
                    let inner =
                        self.set(&inline.node.selection_set.node, nesting + 1, on, checking, roots.as_deref_mut())?;
                    Measure { nesting: inner.nesting + 1, ..inner }
                }
            };
            measure.depth = measure.depth.max(inner.depth);
            measure.nesting = measure.nesting.max(inner.nesting);
            measure.fields = measure.fields.saturating_add(inner.fields);
            measure.reads |= inner.reads;
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

    /// A named fragment's measure and top-level keys, worked out once,
    /// from its own type condition. An unknown fragment counts as empty
    /// (validation names it); a cycle is refused here, as graphql-js words
    /// it, since every later pass would loop on it.
    fn fragment(&mut self, name: &'a str, pos: Pos, nesting: usize) -> Result<(Measure, RootKeys<'a>), ApiError> {
        match self.fragments.get(name) {
            Some(FragmentState::Done(measure, keys)) => {
                // The memo holds how deep the fragment goes below its own
                // top; check that against where it is spread now.
                let deepest = nesting + measure.nesting;
                if deepest > self.limits.max_nesting {
                    return Err(ApiError::limit(Limit::Nesting, deepest, self.limits.max_nesting, Some(pos)));
                }
                return Ok((*measure, *keys));
            }
            Some(FragmentState::Visiting) => {
                return Err(ApiError::ValidationFailed {
                    message: format!("Cannot spread fragment \"{name}\" within itself."),
                    pos: Some(pos),
                });
            }
            None => {}
        }
        let Some(fragment) = self.document.fragments.get(name) else { return Ok(Default::default()) };
        self.fragments.insert(name, FragmentState::Visiting);
        let on = self.schema.ty(&fragment.node.type_condition.node.on.node);
        let mut keys = RootKeys::default();
        let outer = std::mem::replace(&mut self.in_fragment, true);
        let measure = self.set(&fragment.node.selection_set.node, nesting, on, true, Some(&mut keys));
        self.in_fragment = outer;
        let measure = measure?;
        self.fragments.insert(name, FragmentState::Done(measure, keys));
        Ok((measure, keys))
    }

    /// At most `max_directives`, each known and used once; and their bytes.
    fn directives(&mut self, directives: &[Positioned<Directive>], pos: Pos) -> Result<(), ApiError> {
        self.bytes += directives_bytes(directives);
        limits::check_directives(directives, pos, self.limits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::schema::schema;

    fn walked(query: &str) -> Result<Facts, ApiError> {
        walked_with(query, &Limits::default())
    }

    fn walked_with(query: &str, limits: &Limits) -> Result<Facts, ApiError> {
        let document = async_graphql::parser::parse_query(query).expect("parses");
        walk(&document, schema(), limits, true)
    }

    fn refusal(query: &str) -> String {
        match walked(query) {
            Ok(_) => panic!("accepted: {query}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn fragment_bombs_are_measured_without_expanding_them() {
        let mut query = String::from("{ ...F0 }\n");
        for i in 0..40 {
            query.push_str(&format!("fragment F{i} on Query {{ ...F{} ...F{} }}\n", i + 1, i + 1));
        }
        query.push_str("fragment F40 on Query { __typename }\n");
        // Expanded, the document would have 2^40 fields: the test would
        // never end. No clock is read (timed assertions fail on a busy machine).
        let e = walked(&query).unwrap_err();
        assert_eq!(e.code(), "TOO_MANY_FIELDS", "{e}");
    }

    #[test]
    fn fields_depth_and_aliases_are_counted_through_fragments() {
        let facts = walked("{ a: meta { seed ...M } } fragment M on Meta { anchorTime b: seed }").unwrap();
        assert_eq!(facts.analysis, Analysis { depth: 2, fields: 4, aliases: 2 });
    }

    #[test]
    fn the_first_refusal_is_the_first_in_the_document_every_time() {
        let fragments: String = (0..12).map(|i| format!("fragment F{i} on Query {{ __typename @bad{i} }}\n")).collect();
        let query = format!("query A {{ __typename }}\nquery B {{ __typename }}\n{fragments}");
        for _ in 0..30 {
            assert_eq!(refusal(&query), "Unknown directive \"@bad0\".");
        }
    }

    #[test]
    fn cycles_unknown_and_repeated_directives_are_refused() {
        let e = refusal("{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }");
        assert!(e.contains("within itself"), "{e}");
        for query in [
            "{ __typename @nope }",
            "{ __typename @skip(if: true) @skip(if: true) }",
            "{ __typename(x: 1) }",
            "{ __typename { a } }",
            "{ __typename @skip(unless: true) }",
        ] {
            assert_eq!(walked(query).unwrap_err().code(), "GRAPHQL_VALIDATION_FAILED", "{query}");
        }
        assert!(walked("{ __typename @include(if: $x) }").is_ok());
    }

    #[test]
    fn strings_are_refused_where_enums_go_and_only_there() {
        for query in [
            r#"{ agents(filter: { status: ["ACTIVE"] }) { totalCount } }"#,
            r#"{ agents(filter: { status: "ACTIVE" }) { totalCount } }"#,
            r#"{ analytics { telemetry(bucket: "DAY") { start } } }"#,
            r#"query($s: [AgentStatus!] = ["ACTIVE"]) { agents(filter: { status: $s }) { totalCount } }"#,
            r#"{ ...F } fragment F on Query { agents(orderBy: { field: "NAME" }) { totalCount } }"#,
            r#"{ node(id: "x") { ... on User { agents(filter: { kind: ["IT_SUPPORT"] }) { totalCount } } } }"#,
        ] {
            assert_eq!(walked(query).unwrap_err().code(), "GRAPHQL_VALIDATION_FAILED", "{query}");
        }
        for query in [
            r#"{ agents(filter: { status: [ACTIVE], search: "ACTIVE" }) { totalCount } }"#,
            "query($s: [AgentStatus!]) { agents(filter: { status: $s }) { totalCount } }",
            // Below a field the schema does not have, validation speaks.
            r#"{ noSuch(x: "A") { y } }"#,
            r#"{ noSuch { ... on Query { agents(filter: { status: "ACTIVE" }) { totalCount } } } }"#,
        ] {
            assert!(walked(query).is_ok(), "{query}");
        }
    }

    #[test]
    fn a_limit_refusal_comes_before_a_literal_one_wherever_they_are() {
        let query = r#"{ agents(filter: { status: "X" }) { totalCount } a: __typename b: __typename }"#;
        let limits = Limits { max_aliases: 1, ..Limits::default() };
        assert_eq!(walked_with(query, &limits).unwrap_err().code(), "TOO_MANY_ALIASES");
    }

    #[test]
    fn the_literal_refused_is_the_first_of_the_operations_then_of_the_fragments() {
        // Operation A spreads F (whose literal comes first in the walk) but
        // B's own literal is the operations' first in the text.
        let query = r#"
            query A { ...F }
            query B { agents(filter: { status: "FROM_B" }) { totalCount } }
            fragment F on Query { agents(filter: { status: "FROM_F" }) { totalCount } }
            query C { agents(filter: { status: "FROM_C" }) { totalCount } }"#;
        assert!(refusal(query).contains("FROM_B"), "{}", refusal(query));
        let query = r#"
            fragment F on Query { agents(filter: { status: "FROM_F" }) { totalCount } }
            query A { ...F agents(filter: { status: "FROM_A" }) { totalCount } }"#;
        assert!(refusal(query).contains("FROM_A"), "{}", refusal(query));
    }

    #[test]
    fn a_subscription_selects_one_root_field_not_an_introspection_one() {
        let refused = |query: &str| walked(query).unwrap().operations[0].refusal.clone().map(|e| e.to_string());
        assert_eq!(refused("subscription { auditLogAdded { action } }"), None);
        assert_eq!(refused("subscription S { a: auditLogAdded { action } a: auditLogAdded { summary } }"), None);
        assert_eq!(
            refused(
                "subscription { ...A auditLogAdded { action } } fragment A on Subscription { auditLogAdded { summary } }"
            ),
            None
        );
        assert_eq!(
            refused("subscription S { auditLogAdded { action } metricsUpdated { at } }").as_deref(),
            Some("Subscription \"S\" must select only one top level field.")
        );
        assert_eq!(
            refused("subscription { ... on Subscription { auditLogAdded { action } } ...B } fragment B on Subscription { auditLogAdded { action } metricsUpdated { at } }").as_deref(),
            Some("Anonymous Subscription must select only one top level field.")
        );
        assert_eq!(
            refused("subscription { ...A ...A } fragment A on Subscription { x: __typename }").as_deref(),
            Some("Anonymous Subscription must not select an introspection top level field.")
        );
        // Only subscriptions are held to it.
        let facts = walked("query Q { agents { totalCount } meta { seed } }").unwrap();
        assert!(facts.operations[0].refusal.is_none());
    }

    #[test]
    fn introspection_is_noticed() {
        assert!(!walked("{ agents { nodes { __typename name } } }").unwrap().introspects);
        assert!(walked("{ __schema { queryType { name } } }").unwrap().introspects);
        assert!(walked("{ ...Q } fragment Q on Query { __type(name: \"Agent\") { name } }").unwrap().introspects);
        assert!(walked("{ ... { __schema { queryType { name } } } }").unwrap().introspects);
        // An alias is not the field.
        assert!(!walked("{ __schema: __typename }").unwrap().introspects);
    }

    #[test]
    fn type_conditions_are_noticed() {
        assert!(!walked("{ agents { nodes { name } } ... { meta { seed } } }").unwrap().type_conditions);
        assert!(walked("{ node(id: \"x\") { ... on Agent { name } } }").unwrap().type_conditions);
        assert!(walked("{ ...Q } fragment Q on Query { meta { seed } }").unwrap().type_conditions);
    }

    /// Counts the bytes this thread has allocated and not freed, so the
    /// walk's estimate can be checked against the real thing.
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
        let roomy = Limits { max_aliases: 1000, ..Limits::default() };
        for text in documents {
            let before = LIVE.with(|l| l.get());
            let document = async_graphql::parser::parse_query(&text).expect("parses");
            let held = LIVE.with(|l| l.get()) - before;
            let estimate = walk(&document, schema(), &roomy, true).expect("accepted").heap_bytes as isize;
            assert!(estimate >= held, "estimate {estimate} < held {held} for {}", &text[..60.min(text.len())]);
            assert!(estimate <= 4 * held + 4096, "estimate {estimate} far over held {held}");
            // The copy with hidden `__typename`s, the same way.
            let before = LIVE.with(|l| l.get());
            let mut executable = document.clone();
            if let Some(added) = super::super::order::prepare_document(&mut executable) {
                let held = LIVE.with(|l| l.get()) - before;
                let estimate = estimate + added as isize;
                assert!(estimate >= held, "estimate {estimate} < held {held} with hidden fields");
            }
            drop(document);
        }
    }
}
