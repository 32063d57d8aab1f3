//! Heap bytes a parsed document holds, estimated per node, for the
//! document cache's budget: each `Vec` at the capacity growth leaves it
//! with (a power of two, at least four slots), each name's and string's
//! bytes, and each map's table. The walk ([`super::walk`]) adds them up as
//! it goes; a unit test there checks the sum against the allocator's own
//! count for a range of documents.

use async_graphql::parser::Positioned;
use async_graphql::parser::types::{Directive, Type};
use async_graphql_value::{ConstValue, Value};

/// A `Vec` of `len` items as grown by pushes.
pub fn vec_bytes<T>(len: usize) -> usize {
    if len == 0 { 0 } else { len.max(4).next_power_of_two() * std::mem::size_of::<T>() + 16 }
}

/// A hash map (or an `IndexMap`'s entries and index) of `len` items.
pub fn map_bytes<T>(len: usize) -> usize {
    if len == 0 { 0 } else { 2 * vec_bytes::<(u64, async_graphql::Name, T)>(len) + len.next_power_of_two() * 16 }
}

/// A name's `Arc<str>`: two counters, the text, the allocator's rounding.
const NAME_BYTES: usize = 32;

pub fn name_bytes(name: &str) -> usize {
    NAME_BYTES + name.len()
}

pub fn type_bytes(ty: &Type) -> usize {
    use async_graphql::parser::types::BaseType;
    match &ty.base {
        BaseType::Named(name) => name_bytes(name),
        BaseType::List(inner) => std::mem::size_of::<Type>() + 16 + type_bytes(inner),
    }
}

pub type Argument = (Positioned<async_graphql::Name>, Positioned<Value>);

pub fn arguments_bytes(arguments: &[Argument]) -> usize {
    vec_bytes::<Argument>(arguments.len())
        + arguments.iter().map(|(name, value)| name_bytes(&name.node) + value_bytes(&value.node)).sum::<usize>()
}

pub fn directives_bytes(directives: &[Positioned<Directive>]) -> usize {
    vec_bytes::<Positioned<Directive>>(directives.len())
        + directives.iter().map(|d| name_bytes(&d.node.name.node) + arguments_bytes(&d.node.arguments)).sum::<usize>()
}

/// Bytes below a value (its own slot is counted by its container).
fn value_bytes(value: &Value) -> usize {
    match value {
        Value::Variable(name) | Value::Enum(name) => name_bytes(name),
        Value::String(s) => 16 + s.len(),
        Value::Binary(b) => 16 + b.len(),
        Value::List(items) => vec_bytes::<Value>(items.len()) + items.iter().map(value_bytes).sum::<usize>(),
        Value::Object(map) => {
            map_bytes::<Value>(map.len()) + map.iter().map(|(k, v)| name_bytes(k) + value_bytes(v)).sum::<usize>()
        }
        Value::Null | Value::Number(_) | Value::Boolean(_) => 0,
    }
}

pub fn const_value_bytes(value: &ConstValue) -> usize {
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
