//! Puts response fields in the order the query selected them.
//!
//! async-graphql 7 resolves sibling fields concurrently and inserts each
//! into the response object when it completes, so a field that waits on a
//! loader can land after a later sibling. GraphQL requires selection order,
//! and agentmock promises byte-identical responses, so every response is
//! re-ordered against its document here. Errors are sorted too.

use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Name, Response, Value};

/// Re-orders `response` to follow the selections of the operation it ran.
pub fn in_selection_order(response: &mut Response, document: &ExecutableDocument, operation_name: Option<&str>) {
    let operation = match (&document.operations, operation_name) {
        (DocumentOperations::Single(op), _) => Some(op),
        (DocumentOperations::Multiple(ops), Some(name)) => ops.get(name),
        (DocumentOperations::Multiple(ops), None) => ops.values().next(),
    };
    if let Some(operation) = operation {
        reorder(&mut response.data, &[&operation.node.selection_set.node], document, 0);
    }
    response.errors.sort_by(|a, b| {
        let key = |e: &async_graphql::ServerError| {
            (e.locations.first().map(|p| (p.line, p.column)), serde_json::to_string(&e.path).unwrap_or_default())
        };
        key(a).cmp(&key(b))
    });
}

/// Deepest nesting followed; validation bounds real queries well below it.
const MAX_DEPTH: usize = 64;

fn reorder(value: &mut Value, sets: &[&SelectionSet], document: &ExecutableDocument, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::List(items) => {
            for item in items {
                reorder(item, sets, document, depth + 1);
            }
        }
        Value::Object(map) => {
            let mut keys: Vec<(Name, Vec<&SelectionSet>)> = Vec::new();
            for set in sets {
                collect(set, document, &mut keys, 0);
            }
            let mut ordered = async_graphql::indexmap::IndexMap::with_capacity(map.len());
            for (key, subsets) in &keys {
                if let Some(mut v) = map.shift_remove(key) {
                    reorder(&mut v, subsets, document, depth + 1);
                    ordered.insert(key.clone(), v);
                }
            }
            ordered.extend(map.drain(..));
            *map = ordered;
        }
        _ => {}
    }
}

/// Response keys of a selection set in order, with every sub-selection of
/// each key (fields of one key merge), following fragments in place.
fn collect<'a>(
    set: &'a SelectionSet,
    document: &'a ExecutableDocument,
    keys: &mut Vec<(Name, Vec<&'a SelectionSet>)>,
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
                match keys.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, subs)) => subs.push(sub),
                    None => keys.push((key, vec![sub])),
                }
            }
            Selection::FragmentSpread(spread) => {
                if let Some(fragment) = document.fragments.get(&spread.node.fragment_name.node) {
                    collect(&fragment.node.selection_set.node, document, keys, depth + 1);
                }
            }
            Selection::InlineFragment(inline) => collect(&inline.node.selection_set.node, document, keys, depth + 1),
        }
    }
}
