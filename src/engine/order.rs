//! Puts response fields in the order the query selected them, and nulls
//! the fields that failed.
//!
//! async-graphql 7 resolves sibling fields concurrently and inserts each
//! into the response object when it completes, so a field that waits on a
//! loader can land after a later sibling. GraphQL requires selection order
//! (CollectFields, with fragments expanded in place when their type condition
//! applies), and agentmock promises byte-identical responses, so every
//! response is re-ordered against its document here. Errors are sorted too.
//!
//! async-graphql also leaves a field whose resolver failed out of its
//! object. The spec ("Handling Field Errors") wants it present as `null`,
//! and a non-null field's failure to null its nearest nullable ancestor;
//! Apollo Client's cache otherwise reports a missing field and refetches.
//! The same pass does that: a selected key that is missing and has an error
//! at its path becomes `null` if the schema lets it, else nulls its parent,
//! and so on up. A key missing without an error (`@skip`, `@include`) stays
//! missing.
//!
//! Where a selection holds type-conditioned fragments, the order depends on
//! each object's concrete type: [`prepare_document`] adds a hidden
//! `__typename` there, which re-ordering reads and removes.

use std::cell::RefCell;
use std::rc::Rc;

use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, Field, Selection, SelectionSet};
use async_graphql::parser::{Pos, Positioned};
use async_graphql::{Name, PathSegment, Response, Value};

use super::heap::{name_bytes, vec_bytes};
use super::schema::{TypeDesc, schema};

/// Response key of the hidden `__typename`.
const TYPENAME_KEY: &str = "_agentmock_typename";

/// Deepest nesting followed; validation bounds real queries well below it.
const MAX_DEPTH: usize = 64;

/// Adds the hidden `__typename` to every selection set holding a
/// type-conditioned fragment: the heap bytes that added (see
/// [`super::heap`]), or `None` when no set needed it.
pub fn prepare_document(document: &mut ExecutableDocument) -> Option<usize> {
    let mut added = 0;
    match &mut document.operations {
        DocumentOperations::Single(operation) => added += add_typenames(&mut operation.node.selection_set.node, 0),
        DocumentOperations::Multiple(operations) => {
            // Order-independent: each operation is changed on its own.
            for operation in operations.values_mut() {
                added += add_typenames(&mut operation.node.selection_set.node, 0);
            }
        }
    }
    for fragment in document.fragments.values_mut() {
        added += add_typenames(&mut fragment.node.selection_set.node, 0);
    }
    (added > 0).then_some(added)
}

/// Adds the hidden field where `set` and the sets below it need it; the
/// heap bytes added.
fn add_typenames(set: &mut SelectionSet, depth: usize) -> usize {
    if depth > MAX_DEPTH {
        return 0;
    }
    let mut added = 0;
    let mut conditional = false;
    for selection in &mut set.items {
        match &mut selection.node {
            Selection::Field(field) => added += add_typenames(&mut field.node.selection_set.node, depth + 1),
            Selection::InlineFragment(inline) => {
                conditional |= inline.node.type_condition.is_some();
                added += add_typenames(&mut inline.node.selection_set.node, depth + 1);
            }
            Selection::FragmentSpread(_) => conditional = true,
        }
    }
    if conditional {
        let pos = Pos::default();
        let field = Field {
            alias: Some(Positioned::new(Name::new(TYPENAME_KEY), pos)),
            name: Positioned::new(Name::new("__typename"), pos),
            arguments: Vec::new(),
            directives: Vec::new(),
            selection_set: Positioned::new(SelectionSet::default(), pos),
        };
        let before = vec_bytes::<Positioned<Selection>>(set.items.len());
        set.items.insert(0, Positioned::new(Selection::Field(Positioned::new(field, pos)), pos));
        added += vec_bytes::<Positioned<Selection>>(set.items.len()) - before
            + name_bytes(TYPENAME_KEY)
            + name_bytes("__typename");
    }
    added
}

/// Re-orders `response` to follow the selections of the operation it ran,
/// and nulls failed fields. `document` is the document as the client sent
/// it (without hidden fields); `hidden` whether the executed copy had
/// hidden `__typename`s ([`prepare_document`]).
pub fn in_selection_order(
    response: &mut Response,
    document: &ExecutableDocument,
    operation_name: Option<&str>,
    hidden: bool,
) {
    let operation = match (&document.operations, operation_name) {
        (DocumentOperations::Single(op), _) => Some(op),
        (DocumentOperations::Multiple(ops), Some(name)) => ops.get(name),
        (DocumentOperations::Multiple(ops), None) => ops.values().next(),
    };
    if let Some(operation) = operation {
        let shape = Shape::new(vec![&operation.node.selection_set.node], document);
        let root = schema().root(operation.node.ty);
        let failed: Vec<Vec<PathSegment>> =
            response.errors.iter().filter(|e| !e.path.is_empty()).map(|e| e.path.clone()).collect();
        let mut walk = Walk { failed: &failed, path: Vec::new(), hidden };
        if walk.reorder(&mut response.data, &shape, root) {
            response.data = Value::Null;
        }
    }
    sort_errors(&mut response.errors);
}

/// Puts errors in document order (first location, then path): async-graphql
/// reports them in the order its tasks finished or its validation visited
/// fragments (a hash map's order), which changes from run to run.
pub fn sort_errors(errors: &mut [async_graphql::ServerError]) {
    errors.sort_by(|a, b| {
        let key = |e: &async_graphql::ServerError| {
            (e.locations.first().map(|p| (p.line, p.column)), serde_json::to_string(&e.path).unwrap_or_default())
        };
        key(a).cmp(&key(b))
    });
}

/// Whether a fragment on `condition` applies to an object of `concrete` type
/// (unknown type: assume it does).
fn applies(condition: &str, concrete: Option<&str>) -> bool {
    match concrete {
        None => true,
        Some(concrete) => schema().ty(condition).is_some_and(|c| c.covers(concrete)),
    }
}

/// The selection sets one response value answers, and the key order they
/// give it, worked out once per concrete type and reused for every object
/// of a list.
struct Shape<'a> {
    sets: Vec<&'a SelectionSet>,
    document: &'a ExecutableDocument,
    keys_by_type: RefCell<Vec<(Option<String>, Rc<Keys<'a>>)>>,
}

/// Each response key of a selection set: the key, its field's name, and the
/// shape of its value.
type Keys<'a> = Vec<(Name, Name, Shape<'a>)>;

impl<'a> Shape<'a> {
    fn new(sets: Vec<&'a SelectionSet>, document: &'a ExecutableDocument) -> Self {
        Shape { sets, document, keys_by_type: RefCell::new(Vec::new()) }
    }

    fn keys(&self, concrete: Option<&str>) -> Rc<Keys<'a>> {
        if let Some((_, keys)) = self.keys_by_type.borrow().iter().find(|(t, _)| t.as_deref() == concrete) {
            return keys.clone();
        }
        let mut grouped: Vec<(Name, Name, Vec<&'a SelectionSet>)> = Vec::new();
        for set in &self.sets {
            collect(set, self.document, concrete, &mut grouped, 0);
        }
        let keys: Rc<Keys<'a>> = Rc::new(
            grouped.into_iter().map(|(key, field, subsets)| (key, field, Shape::new(subsets, self.document))).collect(),
        );
        self.keys_by_type.borrow_mut().push((concrete.map(str::to_string), keys.clone()));
        keys
    }
}

/// One pass over a response: the failed fields' paths and where it is.
struct Walk<'e> {
    failed: &'e [Vec<PathSegment>],
    /// Where the walk is; kept only when some field failed (nothing else reads it).
    path: Vec<PathSegment>,
    /// Whether objects may carry the hidden `__typename`.
    hidden: bool,
}

impl Walk<'_> {
    /// Re-orders `value` (of GraphQL type `ty`, if known) and nulls failed
    /// fields; `true` when `value` itself must become null (a non-null field
    /// inside it failed).
    fn reorder(&mut self, value: &mut Value, shape: &Shape<'_>, ty: Option<&'static TypeDesc>) -> bool {
        // async-graphql answers an object whose every selected field failed
        // as null; with errors at its fields, it is that object with those
        // fields left out (so they become null, or null it in turn).
        if *value == Value::Null && shape.sets.iter().any(|s| !s.items.is_empty()) && self.failed_below() {
            *value = Value::Object(Default::default());
        }
        match value {
            Value::List(items) => {
                // Items are checked by the caller, who knows their nullability.
                let mut item_failed = false;
                for (i, item) in items.iter_mut().enumerate() {
                    self.enter(|| PathSegment::Index(i));
                    if self.reorder(item, shape, ty) {
                        *item = Value::Null;
                        item_failed = true;
                    }
                    self.leave();
                }
                item_failed
            }
            Value::Object(map) => {
                let concrete = match self.hidden.then(|| map.shift_remove(TYPENAME_KEY)).flatten() {
                    Some(Value::String(name)) => Some(name),
                    _ => None,
                };
                let keys = shape.keys(concrete.as_deref());
                let ty = match &concrete {
                    Some(concrete) => schema().ty(concrete),
                    None => ty,
                };
                let mut null_me = false;
                // Every key there and in order (the fast path's objects, and
                // many others): nothing to put back or move, no key hashed.
                let in_place = map.len() == keys.len() && map.keys().zip(keys.iter()).all(|(a, (b, _, _))| a == b);
                // A failed field is left out: put it back as null, or null this object.
                for (key, field, _) in keys.iter().filter(|_| !in_place) {
                    if map.contains_key(key) {
                        continue;
                    }
                    self.path.push(PathSegment::Field(key.to_string()));
                    let failed = self.failed.contains(&self.path);
                    self.path.pop();
                    if failed {
                        if ty.and_then(|t| t.field(field)).is_none_or(|f| f.nullable) {
                            map.insert(key.clone(), Value::Null);
                        } else {
                            null_me = true;
                        }
                    }
                }
                // Rebuild only objects whose keys arrived out of order.
                let ordered = in_place
                    || map.keys().zip(keys.iter().filter(|(k, _, _)| map.contains_key(k))).all(|(a, (b, _, _))| a == b);
                if !ordered {
                    let mut rebuilt = async_graphql::indexmap::IndexMap::with_capacity(map.len());
                    for (key, _, _) in keys.iter() {
                        if let Some(v) = map.swap_remove(key) {
                            rebuilt.insert(key.clone(), v);
                        }
                    }
                    rebuilt.extend(map.drain(..));
                    *map = rebuilt;
                }
                for (i, (key, field, sub)) in keys.iter().enumerate() {
                    if !sub.sets.iter().any(|s| !s.items.is_empty()) {
                        continue;
                    }
                    let v = if in_place { map.get_index_mut(i).map(|(_, v)| v) } else { map.get_mut(key) };
                    let Some(v) = v else { continue };
                    let declared = ty.and_then(|t| t.field(field));
                    self.enter(|| PathSegment::Field(key.to_string()));
                    let inner_failed = self.reorder(v, sub, declared.and_then(|f| schema().ty(&f.returns)));
                    self.leave();
                    if inner_failed {
                        let list_items_nullable = declared.and_then(|f| f.items_nullable).unwrap_or(true);
                        let value_nullable = declared.is_none_or(|f| f.nullable);
                        match v {
                            // A failed item was nulled in place; that holds if items may be null.
                            Value::List(_) if list_items_nullable => {}
                            _ if value_nullable => *v = Value::Null,
                            _ => null_me = true,
                        }
                    }
                }
                null_me
            }
            _ => false,
        }
    }
}

impl Walk<'_> {
    /// Steps into a field or item (tracked only when a field failed).
    fn enter(&mut self, segment: impl FnOnce() -> PathSegment) {
        if !self.failed.is_empty() {
            self.path.push(segment());
        }
    }

    fn leave(&mut self) {
        if !self.failed.is_empty() {
            self.path.pop();
        }
    }

    /// Whether a field of the object at the current path failed.
    fn failed_below(&self) -> bool {
        let depth = self.path.len();
        self.failed
            .iter()
            .any(|p| p.len() > depth && p[..depth] == self.path[..] && matches!(p[depth], PathSegment::Field(_)))
    }
}

/// Response keys of a selection set in order, with every sub-selection of
/// each key (fields of one key merge), expanding in place the fragments
/// that apply to `concrete`.
fn collect<'a>(
    set: &'a SelectionSet,
    document: &'a ExecutableDocument,
    concrete: Option<&str>,
    keys: &mut Vec<(Name, Name, Vec<&'a SelectionSet>)>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    for selection in &set.items {
        match &selection.node {
            Selection::Field(field) => {
                let key = field.node.response_key().node.clone();
                let sub = &field.node.selection_set.node;
                match keys.iter_mut().find(|(k, _, _)| *k == key) {
                    Some((_, _, subs)) => subs.push(sub),
                    None => keys.push((key, field.node.name.node.clone(), vec![sub])),
                }
            }
            Selection::FragmentSpread(spread) => {
                if let Some(fragment) = document.fragments.get(&spread.node.fragment_name.node)
                    && applies(&fragment.node.type_condition.node.on.node, concrete)
                {
                    collect(&fragment.node.selection_set.node, document, concrete, keys, depth + 1);
                }
            }
            Selection::InlineFragment(inline) => {
                let condition = inline.node.type_condition.as_ref().map(|c| c.node.on.node.as_str());
                if condition.is_none_or(|c| applies(c, concrete)) {
                    collect(&inline.node.selection_set.node, document, concrete, keys, depth + 1);
                }
            }
        }
    }
}
