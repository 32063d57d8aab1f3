//! The fast path for objects: [`Flat`] resolves an object's selected
//! fields together from one slice into its value, where async-graphql's
//! `resolve_container` boxes a future per field and drives them through a
//! `FuturesUnordered` (an allocation, a task and waker traffic per field).
//!
//! Most fields of the objects a dashboard lists (agents, daily metrics,
//! cost records, conversations, users) are plain values: their futures are
//! ready on the first poll, so each is polled once where it is built
//! (`resolve_fields`). The fields that wait (on a loader) then wait
//! together, and the other objects of their list keep running meanwhile
//! (a list still resolves its items together), so loader batches still
//! gather one key per object of the list. [`FlatPage`] does the same for
//! connections, edges and page info where nothing in the document merges.
//!
//! It is one wrapper for every object type, built on async-graphql's public
//! [`OutputType`] and [`ContainerType`]: the selection set is walked once,
//! with async-graphql's own rules (aliases, fields of one key merged,
//! fragments and inline fragments by type condition, `__typename`; `@skip`
//! and `@include` are gone before execution), and each field is resolved by
//! the type's own `resolve_field`. The value is the one the general path
//! gives, its keys already in selection order, which the engine's ordering
//! pass then finds in place. Schema data [`GeneralPathOnly`] turns it off
//! (the schema with field faults, whose extension must see every field,
//! and the equivalence tests that compare both paths).
//!
//! Where nothing in the document merges ([`ObjectsAsText`]), an object is
//! written as JSON text while it is resolved: the leaf fields its type
//! lists in `text_fields!` ([`super::text`]) straight from their resolver
//! methods, the others through `resolve_field`; and [`FlatList`] resolves
//! a list's objects together, their fields collected once per list and,
//! where they hold only leaves, their texts written into the list's.
//!
//! A list yields between its items once the time slice of the poll it runs
//! in is spent ([`crate::rt::slice_spent`]), keeping its place, so a long
//! request can be cut at its deadline or moved off the fast lane.

use std::borrow::Cow;
use std::future::Future;
use std::task::Poll;

use async_graphql::indexmap::IndexMap;
use async_graphql::parser::types::{Field, Selection, SelectionSet};
use async_graphql::registry::Registry;
use async_graphql::{
    ContainerType, Context, ContextSelectionSet, Name, OutputType, Positioned, ServerError, ServerResult, Value,
};
use futures_util::future::join_all;

use super::json::{self, ObjectsAsText};
use super::text::TextFields;

/// Schema data: resolve every object by async-graphql's general path.
#[derive(Clone, Copy, Debug, Default)]
pub struct GeneralPathOnly;

/// An object resolved by the fast path; the schema sees `T` itself.
pub struct Flat<T>(pub T);

/// A connection, edge or page info resolved by the fast path only in a
/// document in which nothing merges ([`ObjectsAsText`]), else by the
/// general path; the schema sees `T` itself.
///
/// Where a response key repeats, async-graphql merges the values of its
/// fields in the order they complete, and a connection's `nodes` or
/// `edges` complete when their loaders do: the general path's answer
/// depends on that order, which only the general path can reproduce.
/// Where nothing merges, the order does not show, and a page of objects
/// written as JSON text is itself written as text.
pub struct FlatPage<T>(pub T);

/// `OutputType` for a wrapper of `T` that the schema sees as `T` itself:
/// everything but `resolve` is `T`'s; `resolve` takes the general path
/// when `$general` holds for the request's context, else the fast path.
macro_rules! wrapper_output_type {
    ($wrapper:ident, |$ctx:ident| $general:expr) => {
        impl<T: ContainerType + TextFields> OutputType for $wrapper<T> {
            fn type_name() -> Cow<'static, str> {
                T::type_name()
            }

            fn qualified_type_name() -> String {
                T::qualified_type_name()
            }

            fn introspection_type_name(&self) -> Cow<'static, str> {
                self.0.introspection_type_name()
            }

            fn create_type_info(registry: &mut Registry) -> String {
                T::create_type_info(registry)
            }

            async fn resolve(&self, $ctx: &ContextSelectionSet<'_>, field: &Positioned<Field>) -> ServerResult<Value> {
                // An item of a list async-graphql resolves: a step where
                // a long request yields once its time slice is spent.
                crate::rt::yield_if_spent().await;
                if $general {
                    // Boxed: the general path's future is large, and every
                    // list of flat objects holds one future of this
                    // function per item.
                    let general: BoxedResolve<'_, ServerResult<Value>> = Box::pin(self.0.resolve($ctx, field));
                    return general.await;
                }
                resolve_flat($ctx, &self.0).await
            }
        }
    };
}

wrapper_output_type!(FlatPage, |ctx| ctx.data_opt::<GeneralPathOnly>().is_some()
    || ctx.data_opt::<ObjectsAsText>().is_none());
wrapper_output_type!(Flat, |ctx| ctx.data_opt::<GeneralPathOnly>().is_some());

/// A list of objects each resolved as [`Flat`] (`FlatList`) or
/// [`FlatPage`] (`FlatPageList`) would resolve it; the schema sees
/// `Vec<T>`. In a document in which nothing merges ([`ObjectsAsText`]),
/// the items are resolved here together rather than by async-graphql's
/// `resolve_list` (a future per item moved into `try_join_all`'s slots,
/// then its values collected), and a list whose items all came out as
/// text is itself one text; elsewhere it is `Vec<Flat<T>>` (or
/// `Vec<FlatPage<T>>`) resolved by async-graphql.
pub struct FlatList<T>(pub Vec<T>);

/// See [`FlatList`]: items as [`FlatPage`] resolves them.
pub struct FlatPageList<T>(pub Vec<T>);

/// `OutputType` for a list wrapper whose items the schema sees as `T`;
/// `$item` wraps a borrowed item for async-graphql's `resolve_list`.
macro_rules! list_output_type {
    ($list:ident, $item:ident) => {
        impl<T: ContainerType + TextFields + Sync> OutputType for $list<T> {
            fn type_name() -> Cow<'static, str> {
                <Vec<$item<&T>> as OutputType>::type_name()
            }

            fn qualified_type_name() -> String {
                <Vec<$item<&T>> as OutputType>::qualified_type_name()
            }

            fn create_type_info(registry: &mut Registry) -> String {
                <Vec<$item<&T>> as OutputType>::create_type_info(registry)
            }

            async fn resolve(&self, ctx: &ContextSelectionSet<'_>, field: &Positioned<Field>) -> ServerResult<Value> {
                // As for fields: a schema whose extensions must see every
                // item and field (field faults) has `GeneralPathOnly`.
                if ctx.data_opt::<GeneralPathOnly>().is_some() || ctx.data_opt::<ObjectsAsText>().is_none() {
                    // What `Vec<$item<T>>` does; boxed, as the general path in
                    // the wrappers.
                    let items: Vec<$item<&T>> = self.0.iter().map($item).collect();
                    let general: BoxedResolve<'_, ServerResult<Value>> =
                        Box::pin(async_graphql::resolver_utils::resolve_list(ctx, field, items, Some(self.0.len())));
                    return general.await;
                }
                resolve_items(ctx, &self.0).await
            }
        }
    };
}

list_output_type!(FlatList, Flat);
list_output_type!(FlatPageList, FlatPage);

/// `items`, each resolved by [`resolve_flat`] at its index, as
/// async-graphql's `resolve_list` resolves a list without extensions (a
/// schema whose extensions hook fields has [`GeneralPathOnly`]: the
/// faults'; the prevalidated twin's hooks only validation, see
/// `engine::Prevalidated`): a list of their values, or the first
/// item's error (in item order; an object resolved here fails only on an
/// unknown fragment, which validation rules out).
///
/// Items whose selection holds only leaf fields (through fragments) are
/// polled in place, as [`resolve_fields`] polls leaf fields: an item not
/// ready on its first poll waits on a leaf field's loader, whose key stays
/// in the batch; it is dropped and built again, boxed, to wait with the
/// others (all it did is read: its text fields are pure, its other fields
/// are leaves rebuilt the same way, and a failed field's error is added
/// only once the object is complete). Other items are boxed before their
/// first poll and kept. All that wait wait together, so a list's objects
/// put their loader keys in one batch, as before.
///
/// When every item is text, the list is one text (`[` items `]`), which
/// its parent copies once: nothing below a text object failed (see
/// [`as_text_allowed`]), so the ordering pass has nothing to do in it.
async fn resolve_items<'a, T: ContainerType + TextFields + Sync>(
    ctx: &ContextSelectionSet<'a>,
    items: &'a [T],
) -> ServerResult<Value> {
    let contexts: Vec<ContextSelectionSet<'_>> = (0..items.len()).map(|i| ctx.with_index(i)).collect();
    let leaves = only_leaves(ctx, &ctx.item.node, 0);
    // The fields of the first item, for all items of its concrete type;
    // none where its selection fails (each item then fails as it would
    // alone) or is empty (each item is null).
    let plan = items.first().and_then(|first| {
        let mut fields: Vec<&'a Positioned<Field>> = Vec::with_capacity(ctx.item.node.items.len());
        collect(ctx, first, &ctx.item.node, &mut fields, 0).ok()?;
        (!fields.is_empty()).then(|| Plan::new(fields, first.introspection_type_name()))
    });
    if leaves && let Some(plan) = &plan {
        return write_items(items, &contexts, plan).await;
    }
    let plan = plan.as_ref();
    let mut capacity = plan.map_or(0, |p| p.estimate);
    let mut values: Vec<ServerResult<Value>> = Vec::with_capacity(items.len());
    let mut waiting: Vec<(usize, BoxedResolve<'_, ServerResult<Value>>)> = Vec::new();
    let mut next = 0;
    std::future::poll_fn(|cx| {
        let first = next;
        for (i, (item, item_ctx)) in items.iter().zip(&contexts).enumerate().skip(first) {
            if pause(i, first, cx) {
                next = i;
                return Poll::Pending;
            }
            if leaves {
                let future = std::pin::pin!(resolve_item(item_ctx, item, plan, capacity));
                match future.poll(cx) {
                    Poll::Ready(result) => {
                        // The next item's text is likely as long as this one's.
                        if let Ok(Value::Binary(text)) = &result {
                            capacity = capacity.max(text.len());
                        }
                        values.push(result)
                    }
                    Poll::Pending => {
                        values.push(Ok(Value::Null));
                        waiting.push((i, Box::pin(resolve_item(item_ctx, item, plan, capacity))));
                    }
                }
            } else {
                let mut future: BoxedResolve<'_, ServerResult<Value>> =
                    Box::pin(resolve_item(item_ctx, item, plan, capacity));
                match future.as_mut().poll(cx) {
                    Poll::Ready(result) => values.push(result),
                    Poll::Pending => {
                        values.push(Ok(Value::Null));
                        waiting.push((i, future));
                    }
                }
            }
        }
        Poll::Ready(())
    })
    .await;
    if !waiting.is_empty() {
        let later = join_all(waiting.iter_mut().map(|(_, future)| future)).await;
        for ((i, _), result) in waiting.iter().zip(later) {
            values[*i] = result;
        }
    }
    let mut list: Vec<Value> = Vec::with_capacity(values.len());
    for (value, item_ctx) in values.into_iter().zip(&contexts) {
        list.push(value.map_err(|error| item_ctx.set_error_path(error))?);
    }
    Ok(one_text(list))
}

/// Whether a list resolved in place stops before item `i` (its poll's
/// slice is spent, and it did item `first` in this poll): then it has
/// woken its task, to go on from `i` at the next poll.
fn pause(i: usize, first: usize, cx: &mut std::task::Context<'_>) -> bool {
    let pause = i > first && crate::rt::slice_spent();
    if pause {
        cx.waker().wake_by_ref();
    }
    pause
}

/// `list` as one text (`[` items `]`) when every item is text, else as it is.
fn one_text(list: Vec<Value>) -> Value {
    if list.iter().all(|v| matches!(v, Value::Binary(_))) {
        let len: usize = list.iter().map(|v| json::text_len(v) + 1).sum();
        let mut text: Vec<u8> = Vec::with_capacity(len + 2);
        text.push(b'[');
        for (i, value) in list.iter().enumerate() {
            if i > 0 {
                text.push(b',');
            }
            if let Value::Binary(item) = value {
                text.extend_from_slice(item);
            }
        }
        text.push(b']');
        return Value::Binary(text.into());
    }
    Value::List(list)
}

/// Where an item of [`write_items`] went.
enum Slot {
    /// Into the list's text, at this range.
    Text(std::ops::Range<usize>),
    /// A value (an object that is not text, or an error).
    Value(ServerResult<Value>),
}

/// [`resolve_items`] for items whose selection holds only leaves, all of
/// `plan`'s type or resolved alone: each item's text is written straight
/// into the list's text (no buffer, no `Bytes` and no copy per item), as
/// `[`, the items with commas between them, `]`. An item that is not text
/// (it fell back to a value, or waits: then, as in [`resolve_items`], it
/// is built again to wait with the others) leaves the text as it was, and
/// the list is then the items' values, the text ones copied out. (Some
/// items text and others not needs an item that waits or fails after
/// others were written; no leaf field of today's schema waits, and the
/// leaves that fail, masked ones, fail for every item or none, so today a
/// list is all text or all values.)
async fn write_items<'a, T: ContainerType + TextFields + Sync>(
    items: &'a [T],
    contexts: &'a [ContextSelectionSet<'a>],
    plan: &Plan<'a>,
) -> ServerResult<Value> {
    let mut text: Vec<u8> = Vec::with_capacity(2 + items.len() * (plan.estimate + 1));
    text.push(b'[');
    let mut slots: Vec<Slot> = Vec::with_capacity(items.len());
    let mut waiting: Vec<(usize, BoxedResolve<'_, ServerResult<Value>>)> = Vec::new();
    let mut next = 0;
    std::future::poll_fn(|cx| {
        let first = next;
        for (i, (item, item_ctx)) in items.iter().zip(contexts).enumerate().skip(first) {
            if pause(i, first, cx) {
                next = i;
                return Poll::Pending;
            }
            let mark = text.len();
            if i > 0 {
                text.push(b',');
            }
            let start = text.len();
            let polled = {
                let future = std::pin::pin!(write_item(item_ctx, item, plan, &mut text));
                future.poll(cx)
            };
            match polled {
                Poll::Ready(Ok(None)) => slots.push(Slot::Text(start..text.len())),
                Poll::Ready(result) => {
                    text.truncate(mark);
                    slots.push(Slot::Value(result.map(Option::unwrap_or_default)));
                }
                Poll::Pending => {
                    text.truncate(mark);
                    slots.push(Slot::Value(Ok(Value::Null)));
                    waiting.push((i, Box::pin(resolve_item(item_ctx, item, Some(plan), plan.estimate))));
                }
            }
        }
        Poll::Ready(())
    })
    .await;
    if !waiting.is_empty() {
        let later = join_all(waiting.iter_mut().map(|(_, future)| future)).await;
        for ((i, _), result) in waiting.iter().zip(later) {
            slots[*i] = Slot::Value(result);
        }
    }
    if slots.iter().all(|slot| matches!(slot, Slot::Text(_))) {
        text.push(b']');
        return Ok(Value::Binary(text.into()));
    }
    let mut list: Vec<Value> = Vec::with_capacity(slots.len());
    for (slot, item_ctx) in slots.into_iter().zip(contexts) {
        let value = match slot {
            Slot::Text(range) => Ok(Value::Binary(text[range].to_vec().into())),
            Slot::Value(value) => value,
        };
        list.push(value.map_err(|error| item_ctx.set_error_path(error))?);
    }
    Ok(one_text(list))
}

/// An item of [`write_items`]: its text appended to `text` (`None`) where
/// it is of `plan`'s type and can be text, else its value.
async fn write_item<'a, T: ContainerType + TextFields + ?Sized>(
    ctx: &ContextSelectionSet<'a>,
    root: &'a T,
    plan: &Plan<'a>,
    text: &mut Vec<u8>,
) -> ServerResult<Option<Value>> {
    if root.introspection_type_name() == plan.type_name {
        Ok(write_text(ctx, root, plan, text).await)
    } else {
        resolve_flat(ctx, root).await.map(Some)
    }
}

/// An item of a list in a document in which nothing merges: by `plan`
/// where it is of the plan's concrete type, else as [`Flat`] resolves it.
async fn resolve_item<'a, T: ContainerType + TextFields + ?Sized>(
    ctx: &ContextSelectionSet<'a>,
    root: &'a T,
    plan: Option<&Plan<'a>>,
    capacity: usize,
) -> ServerResult<Value> {
    match plan {
        Some(plan) if root.introspection_type_name() == plan.type_name => resolve_text(ctx, root, plan, capacity).await,
        _ => resolve_flat(ctx, root).await,
    }
}

/// Whether every field of `set`, through its fragments (whatever their
/// type condition), is a leaf (has no selection set).
fn only_leaves(ctx: &ContextSelectionSet<'_>, set: &SelectionSet, depth: usize) -> bool {
    if depth > MAX_FRAGMENT_DEPTH {
        return false;
    }
    set.items.iter().all(|selection| match &selection.node {
        Selection::Field(field) => field.node.selection_set.node.items.is_empty(),
        Selection::FragmentSpread(spread) => ctx
            .query_env
            .fragments
            .get(&spread.node.fragment_name.node)
            .is_some_and(|fragment| only_leaves(ctx, &fragment.node.selection_set.node, depth + 1)),
        Selection::InlineFragment(inline) => only_leaves(ctx, &inline.node.selection_set.node, depth + 1),
    })
}

/// A boxed resolver future, its type erased.
type BoxedResolve<'a, T> = std::pin::Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Deepest fragment nesting followed; the engine's walk bounds real
/// documents far below it.
const MAX_FRAGMENT_DEPTH: usize = 64;

/// `root`'s selected fields, resolved in selection order.
async fn resolve_flat<'a, T: ContainerType + TextFields + ?Sized>(
    ctx: &ContextSelectionSet<'a>,
    root: &'a T,
) -> ServerResult<Value> {
    let mut fields: Vec<&'a Positioned<Field>> = Vec::with_capacity(ctx.item.node.items.len());
    collect(ctx, root, &ctx.item.node, &mut fields, 0)?;
    // An object with no field left (all skipped) is null, as on the general path.
    if !fields.is_empty() && ctx.data_opt::<ObjectsAsText>().is_some() {
        let plan = Plan::new(fields, root.introspection_type_name());
        return resolve_text(ctx, root, &plan, plan.estimate).await;
    }
    // Sized first: collecting through a filter would grow it from nothing.
    let mut resolved: Vec<Context<'_>> = Vec::with_capacity(fields.len());
    resolved.extend(fields.iter().filter(|f| f.node.name.node != "__typename").map(|f| ctx.with_field(f)));
    let results = resolve_fields(root, &resolved).await;
    Ok(as_value(ctx, root, &fields, results))
}

/// An object's fields, fragments expanded ([`collect`]), with their keys
/// laid out as text: for a list, once for all its items (they share a
/// selection and, where their concrete type is the same, its fields).
struct Plan<'a> {
    fields: Vec<&'a Positioned<Field>>,
    /// `{"a":`, `,"b":`, ... end to end; field `i`'s ends at `ends[i]`.
    keys: Vec<u8>,
    ends: Vec<usize>,
    /// The concrete type the fields were collected for.
    type_name: Cow<'static, str>,
    /// About how long an object's text is.
    estimate: usize,
}

impl<'a> Plan<'a> {
    fn new(fields: Vec<&'a Positioned<Field>>, type_name: Cow<'static, str>) -> Self {
        let mut keys: Vec<u8> = Vec::with_capacity(fields.iter().map(|f| f.node.response_key().node.len() + 4).sum());
        let mut ends = Vec::with_capacity(fields.len());
        for (i, field) in fields.iter().enumerate() {
            keys.push(if i == 0 { b'{' } else { b',' });
            json::push_name(&mut keys, &field.node.response_key().node);
            ends.push(keys.len());
        }
        // A short value per field, and the closing brace.
        let estimate = keys.len() + 24 * fields.len() + 1;
        Plan { fields, keys, ends, type_name, estimate }
    }

    /// Field `i`'s key with what precedes it (`{` or `,`).
    fn key(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.keys[start..self.ends[i]]
    }
}

/// The object as JSON text (`Value::Binary`) where it may be
/// ([`as_text_allowed`]), else as the value [`resolve_flat`] gives.
///
/// The leaf fields the type writes itself ([`TextFields`]) are written in
/// place, in selection order, while the object's text is laid out; the
/// others (fields with a selection set, fields not listed, fields that
/// wait or fail) are resolved by `resolve_field` as before, together,
/// and their values copied into the text where they belong. The fields
/// written in place are pure reads (no loader, no error), so resolving
/// them first, before the others, changes nothing another field sees.
/// If the object cannot be text after all (a field failed, here or
/// elsewhere in the request, or holds an object to be ordered), the
/// fields written as text are resolved again as values (they are pure:
/// the same value again), and the object is the value the general
/// path's map would be.
///
/// `plan` holds the fields (at least one) and their keys; `capacity` is
/// the text's expected length.
async fn resolve_text<'a, T: ContainerType + TextFields + ?Sized>(
    ctx: &ContextSelectionSet<'a>,
    root: &'a T,
    plan: &Plan<'a>,
    capacity: usize,
) -> ServerResult<Value> {
    let mut text: Vec<u8> = Vec::with_capacity(capacity);
    Ok(match write_text(ctx, root, plan, &mut text).await {
        None => Value::Binary(text.into()),
        Some(value) => value,
    })
}

/// [`resolve_text`]'s work: the object's text appended to `text` (and
/// `None`), or, where it cannot be text, its value (`text` as it was).
async fn write_text<'a, T: ContainerType + TextFields + ?Sized>(
    ctx: &ContextSelectionSet<'a>,
    root: &'a T,
    plan: &Plan<'a>,
    text: &mut Vec<u8>,
) -> Option<Value> {
    let fields = &plan.fields[..];
    let start = text.len();
    // The fields left to `resolve_field`: their index in `fields` and
    // where their value goes in `text`.
    let mut later: Vec<(usize, usize)> = Vec::new();
    let mut later_fields: Vec<Context<'_>> = Vec::new();
    std::future::poll_fn(|cx| {
        for (i, field) in fields.iter().enumerate() {
            text.extend_from_slice(plan.key(i));
            if field.node.name.node == "__typename" {
                json::push_str(text, &root.introspection_type_name());
                continue;
            }
            let field_ctx = ctx.with_field(field);
            if field.node.selection_set.node.items.is_empty() && root.write_field(&field_ctx, text, cx) {
                continue;
            }
            later.push((i, text.len()));
            later_fields.push(field_ctx);
        }
        text.push(b'}');
        Poll::Ready(())
    })
    .await;
    let results = if later_fields.is_empty() { Vec::new() } else { resolve_fields(root, &later_fields).await };
    if as_text_allowed(ctx, &results) {
        if later.is_empty() {
            return None;
        }
        // The object's text so far, out of `text`, and back with the values.
        let written = text.split_off(start);
        let values: usize =
            results.iter().map(|r| r.as_ref().map_or(0, |v| v.as_ref().map_or(4, json::text_len))).sum();
        text.reserve(written.len() + values);
        let mut from = start;
        for ((_, at), result) in later.iter().zip(&results) {
            text.extend_from_slice(&written[from - start..*at - start]);
            if let Ok(value) = result {
                // Writing to a Vec cannot fail.
                let _ = json::write_value(text, value.as_ref().unwrap_or(&Value::Null));
            }
            from = *at;
        }
        text.extend_from_slice(&written[from - start..]);
        return None;
    }
    text.truncate(start);
    // Not text after all: every field's value, in selection order, the
    // ones written as text resolved again.
    let again: Vec<Context<'_>> = fields
        .iter()
        .enumerate()
        .filter(|(i, f)| f.node.name.node != "__typename" && !later.iter().any(|(j, _)| j == i))
        .map(|(_, f)| ctx.with_field(f))
        .collect();
    let mut again = resolve_fields(root, &again).await.into_iter();
    let mut results = results.into_iter();
    let mut later = later.iter().peekable();
    let mut merged: Vec<ServerResult<Option<Value>>> = Vec::with_capacity(fields.len());
    for (i, field) in fields.iter().enumerate() {
        if field.node.name.node == "__typename" {
            continue;
        }
        let result = if later.next_if(|(j, _)| *j == i).is_some() { results.next() } else { again.next() };
        merged.extend(result);
    }
    Some(as_value(ctx, root, fields, merged))
}

/// The object as a value: its fields' `results` (one per field but
/// `__typename`, in order) under their keys, merged as async-graphql
/// merges them; a failed field's error added to the request.
fn as_value<T: ContainerType + ?Sized>(
    ctx: &ContextSelectionSet<'_>,
    root: &T,
    fields: &[&Positioned<Field>],
    results: Vec<ServerResult<Option<Value>>>,
) -> Value {
    let mut results = results.into_iter();
    let mut map: IndexMap<Name, Value> = IndexMap::with_capacity(fields.len());
    for field in fields {
        let key = field.node.response_key().node.clone();
        if field.node.name.node == "__typename" {
            insert_value(&mut map, key, Value::String(root.introspection_type_name().into_owned()));
            continue;
        }
        match results.next() {
            Some(Ok(value)) => insert_value(&mut map, key, value.unwrap_or_default()),
            // As the general path: the field is left out and its error kept.
            Some(Err(error)) => ctx.add_error(error),
            None => {}
        }
    }
    if map.is_empty() { Value::Null } else { Value::Object(map) }
}

/// Each field of `fields` resolved by `root`, in order.
///
/// Plain fields are ready on their first poll, so a leaf field (no
/// selection set: a scalar or an enum) is polled once where it is built,
/// on the stack: no future is moved into a slot (a type's `resolve_field`
/// future is as large as its largest field's, often kilobytes) and none is
/// kept. A leaf field that is not ready (it waits on a loader) is dropped
/// and built again to wait with the others: its loader key stays in the
/// batch (keys are a set, so it is loaded once), only the first answer is
/// discarded, and building it again repeats what the resolver did before
/// its first wait, which for a query field reads and nothing else. A field
/// with a selection set (an object or a list of them, which may wait deep
/// down after resolving much) is boxed before its first poll and kept if
/// it waits. The fields that wait then wait together, so a list's objects
/// still put their loader keys in the same batch.
async fn resolve_fields<'a, T: ContainerType + ?Sized>(
    root: &'a T,
    fields: &'a [Context<'a>],
) -> Vec<ServerResult<Option<Value>>> {
    // A field that waits holds `Ok(None)` until it is done.
    let mut results: Vec<ServerResult<Option<Value>>> = Vec::with_capacity(fields.len());
    // Boxed as trait objects, so that this future's type does not hold the
    // fields' (objects that lead to each other, an agent to its
    // conversations and back, would make the type infinite).
    let mut waiting: Vec<(usize, BoxedResolve<'a, ServerResult<Option<Value>>>)> = Vec::new();
    std::future::poll_fn(|cx| {
        for (i, ctx_field) in fields.iter().enumerate() {
            if ctx_field.item.node.selection_set.node.items.is_empty() {
                let future = std::pin::pin!(root.resolve_field(ctx_field));
                match future.poll(cx) {
                    Poll::Ready(result) => results.push(result),
                    Poll::Pending => {
                        results.push(Ok(None));
                        waiting.push((i, Box::pin(root.resolve_field(ctx_field))));
                    }
                }
            } else {
                let mut future: BoxedResolve<'a, ServerResult<Option<Value>>> = Box::pin(root.resolve_field(ctx_field));
                match future.as_mut().poll(cx) {
                    Poll::Ready(result) => results.push(result),
                    Poll::Pending => {
                        results.push(Ok(None));
                        waiting.push((i, future));
                    }
                }
            }
        }
        Poll::Ready(())
    })
    .await;
    if !waiting.is_empty() {
        let later = join_all(waiting.iter_mut().map(|(_, future)| future)).await;
        for ((i, _), result) in waiting.iter().zip(later) {
            results[*i] = result;
        }
    }
    results
}

/// Whether an object whose fields came to `results` may be answered as
/// JSON text: no field failed here or below (no error in the request so
/// far: a failed field below may have left only a null or a missing key,
/// which the ordering pass must see), and no value holds an object still
/// to be ordered (one the general path built). The request's document
/// repeats no response key ([`ObjectsAsText`] is attached only then), so
/// nothing merges into this object later.
fn as_text_allowed(ctx: &ContextSelectionSet<'_>, results: &[ServerResult<Option<Value>>]) -> bool {
    fn textual(value: &Value) -> bool {
        match value {
            Value::Object(_) => false,
            Value::List(items) => items.iter().all(textual),
            _ => true,
        }
    }
    let fields_ok = results.iter().all(|r| matches!(r, Ok(v) if v.as_ref().is_none_or(textual)));
    fields_ok && ctx.query_env.errors.lock().is_ok_and(|errors| errors.is_empty())
}

/// The fields of `set` that apply to `root`, fragments expanded in place
/// by async-graphql's rules (`Fields::add_set`).
fn collect<'a, T: ContainerType + ?Sized>(
    ctx: &ContextSelectionSet<'a>,
    root: &T,
    set: &'a SelectionSet,
    fields: &mut Vec<&'a Positioned<Field>>,
    depth: usize,
) -> ServerResult<()> {
    if depth > MAX_FRAGMENT_DEPTH {
        return Ok(());
    }
    for selection in &set.items {
        let (condition, inner) = match &selection.node {
            Selection::Field(field) => {
                fields.push(field);
                continue;
            }
            Selection::FragmentSpread(spread) => {
                let name = &spread.node.fragment_name.node;
                let Some(fragment) = ctx.query_env.fragments.get(name) else {
                    return Err(ServerError::new(format!(r#"Unknown fragment "{name}"."#), Some(spread.pos)));
                };
                (Some(fragment.node.type_condition.node.on.node.as_str()), &fragment.node.selection_set.node)
            }
            Selection::InlineFragment(inline) => {
                (inline.node.type_condition.as_ref().map(|c| c.node.on.node.as_str()), &inline.node.selection_set.node)
            }
        };
        let applies = match condition {
            None => true,
            Some(condition) => {
                let concrete = root.introspection_type_name();
                concrete == condition
                    || T::type_name() == condition
                    || ctx
                        .schema_env
                        .registry
                        .implements
                        .get(concrete.as_ref())
                        .is_some_and(|interfaces| interfaces.contains(condition))
            }
        };
        if applies {
            collect(ctx, root, inner, fields, depth + 1)?;
        }
    }
    Ok(())
}

/// Adds a field's value under its key, merging it into an earlier value of
/// the same key as async-graphql does (`insert_value` in its container
/// resolver): objects merge key by key, lists item by item, a repeated
/// plain value keeps the first.
fn insert_value(target: &mut IndexMap<Name, Value>, name: Name, value: Value) {
    use async_graphql::indexmap::map::Entry;
    match target.entry(name) {
        Entry::Vacant(entry) => {
            entry.insert(value);
        }
        Entry::Occupied(mut entry) => match (entry.get_mut(), value) {
            (Value::Object(target_map), Value::Object(object)) => {
                for (key, value) in object {
                    insert_value(target_map, key, value);
                }
            }
            (Value::List(target_list), Value::List(list)) => {
                for (index, value) in list.into_iter().enumerate() {
                    if let (Some(Value::Object(target_map)), Value::Object(object)) =
                        (target_list.get_mut(index), value)
                    {
                        for (key, value) in object {
                            insert_value(target_map, key, value);
                        }
                    }
                }
            }
            _ => {}
        },
    }
}
