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
        let shape = Shape::of(&[&operation.node.selection_set.node], document, 0);
        reorder(&mut response.data, &shape);
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

/// The response keys a selection produces, in order, each with the shape of
/// its own selection. Built once per request from the document, then laid
/// over every object of the response.
#[derive(Debug, Default)]
struct Shape {
    keys: Vec<(Name, Shape)>,
}

impl Shape {
    fn of(sets: &[&SelectionSet], document: &ExecutableDocument, depth: usize) -> Shape {
        if depth > MAX_DEPTH {
            return Shape::default();
        }
        let mut grouped: Vec<(Name, Vec<&SelectionSet>)> = Vec::new();
        for set in sets {
            collect(set, document, &mut grouped, 0);
        }
        let keys = grouped.into_iter().map(|(key, subsets)| (key, Shape::of(&subsets, document, depth + 1))).collect();
        Shape { keys }
    }
}

fn reorder(value: &mut Value, shape: &Shape) {
    match value {
        Value::List(items) => {
            for item in items {
                reorder(item, shape);
            }
        }
        Value::Object(map) => {
            // Rebuild only objects whose keys arrived out of order.
            let ordered =
                map.keys().zip(shape.keys.iter().filter(|(k, _)| map.contains_key(k))).all(|(a, (b, _))| a == b);
            if !ordered {
                let mut rebuilt = async_graphql::indexmap::IndexMap::with_capacity(map.len());
                for (key, _) in &shape.keys {
                    if let Some(v) = map.swap_remove(key) {
                        rebuilt.insert(key.clone(), v);
                    }
                }
                rebuilt.extend(map.drain(..));
                *map = rebuilt;
            }
            for (key, sub) in &shape.keys {
                if !sub.keys.is_empty()
                    && let Some(v) = map.get_mut(key)
                {
                    reorder(v, sub);
                }
            }
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
