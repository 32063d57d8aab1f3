//! Leaf fields written straight to JSON text: on the fast path, where an
//! object is answered as JSON text ([`super::json::ObjectsAsText`]), a
//! field without a selection set (a scalar, an enum or a list of them) of
//! a type that lists it in `text_fields!` is resolved by calling its
//! resolver method directly and writing the method's value with [`Text`],
//! where async-graphql's derived `resolve_field` would build a future as
//! large as the type's largest field's, match the field's name against
//! every field of the type, turn the value into an `async_graphql::Value`
//! (a `String` for every id, date and enum) and leave it to be written and
//! dropped later.
//!
//! Hand-written because async-graphql has no way to resolve a field
//! without producing a `Value` (its `OutputType::resolve` returns one, and
//! `#[Object]` generates nothing else).
//!
//! The method is the one `#[Object]` calls for the field (it adds the
//! `&Context` parameter to every resolver method and makes its return type
//! a `Result`), called with the same field context, so a field that reads
//! the viewer (a masked field) reads the same. [`Text`] writes each value
//! as `OutputType::resolve` then [`super::json::write_value`] would, byte
//! for byte. Only a value ready on its first poll and `Ok` is written; a
//! field that waits (a loader) or fails is left to the type's own
//! `resolve_field`, as is every field of a type or name not listed, and
//! [`super::flat`] falls back to values for a whole object when it cannot
//! be text.
//!
//! What `resolve_field` does around the method is skipped, so a field
//! listed must have none of it: no arguments (a method taking any does
//! not compile here), no `guard` on the field or its type (none in this
//! schema; a guard runs in `resolve_field` only), and its value must not
//! need a selection set.

use std::future::Future;
use std::task::{Context as TaskContext, Poll};

use async_graphql::resolver_utils::EnumType;
use async_graphql::{Context, ID};

use super::json;
use super::scalars::{Date, DateTime};
use crate::data::dump::{day, timestamp};

/// A value of a leaf field as JSON text, exactly as async-graphql's
/// `OutputType::resolve` followed by [`json::write_value`] writes it.
pub trait Text {
    fn write_text(&self, out: &mut Vec<u8>);
}

impl<T: Text + ?Sized> Text for &T {
    fn write_text(&self, out: &mut Vec<u8>) {
        (**self).write_text(out)
    }
}

impl<T: Text> Text for Option<T> {
    fn write_text(&self, out: &mut Vec<u8>) {
        match self {
            Some(value) => value.write_text(out),
            None => out.extend_from_slice(b"null"),
        }
    }
}

impl<T: Text> Text for Vec<T> {
    fn write_text(&self, out: &mut Vec<u8>) {
        out.push(b'[');
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            item.write_text(out);
        }
        out.push(b']');
    }
}

impl Text for str {
    fn write_text(&self, out: &mut Vec<u8>) {
        json::push_str(out, self)
    }
}

impl Text for String {
    fn write_text(&self, out: &mut Vec<u8>) {
        json::push_str(out, self)
    }
}

impl Text for ID {
    fn write_text(&self, out: &mut Vec<u8>) {
        json::push_str(out, self)
    }
}

impl Text for bool {
    fn write_text(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(if *self { b"true" } else { b"false" })
    }
}

/// `Int`: async-graphql's `Value::Number` from an `i64`.
impl Text for i32 {
    fn write_text(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(itoa::Buffer::new().format(*self).as_bytes())
    }
}

/// `Float`: a number as serde_json writes it, `null` when not finite
/// (async-graphql's `to_value` for `f64`).
impl Text for f64 {
    fn write_text(&self, out: &mut Vec<u8>) {
        if self.is_finite() {
            out.extend_from_slice(zmij::Buffer::new().format_finite(*self).as_bytes())
        } else {
            out.extend_from_slice(b"null")
        }
    }
}

/// `"YYYY-MM-DD"` as `data::dump::day` writes it, digit by digit into the
/// buffer: `day` returns a `String` (an allocation per date, and two for
/// Q2's 600 rows a request); for a year outside 0–9999 it is `day`'s text.
impl Text for Date {
    fn write_text(&self, out: &mut Vec<u8>) {
        if !push_quoted_day(out, self.0, b'"') {
            json::push_str(out, &day(self.0))
        }
    }
}

/// `"YYYY-MM-DDTHH:MM:SSZ"` as `data::dump::timestamp` writes it, as
/// [`Date`]'s text is written (`timestamp`'s text for other years).
impl Text for DateTime {
    fn write_text(&self, out: &mut Vec<u8>) {
        use chrono::Timelike;
        if !push_quoted_day(out, self.0.date_naive(), b'T') {
            return json::push_str(out, &timestamp(self.0));
        }
        let time = self.0.time();
        let two = |n: u32| [b'0' + (n / 10 % 10) as u8, b'0' + (n % 10) as u8];
        let [h1, h2] = two(time.hour());
        let [m1, m2] = two(time.minute());
        let [s1, s2] = two(time.second());
        out.extend_from_slice(&[h1, h2, b':', m1, m2, b':', s1, s2, b'Z', b'"']);
    }
}

/// Appends `"YYYY-MM-DD` and `end` for a year of four digits; `false`
/// (nothing appended) for any other year.
fn push_quoted_day(out: &mut Vec<u8>, date: chrono::NaiveDate, end: u8) -> bool {
    use chrono::Datelike;
    let Ok(year) = u32::try_from(date.year()) else { return false };
    if year > 9999 {
        return false;
    }
    let digit = |n: u32| b'0' + (n % 10) as u8;
    let (month, day) = (date.month(), date.day());
    out.extend_from_slice(&[
        b'"',
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        b'-',
        digit(month / 10),
        digit(month),
        b'-',
        digit(day / 10),
        digit(day),
        end,
    ]);
    true
}

/// [`Text`] for enums derived by `#[derive(Enum)]`: the item's GraphQL
/// name, as async-graphql's `enum_value` finds it.
macro_rules! text_enums {
    ($($ty:ty),* $(,)?) => {
        $(
            impl $crate::graphql::text::Text for $ty {
                fn write_text(&self, out: &mut Vec<u8>) {
                    $crate::graphql::text::write_enum(self, out)
                }
            }
        )*
    };
}

/// An enum item's GraphQL name as a JSON string.
pub fn write_enum<T: EnumType>(value: &T, out: &mut Vec<u8>) {
    match T::items().iter().find(|item| item.value == *value) {
        Some(item) => json::push_str(out, item.name),
        // Every item of a derived enum is listed; never reached.
        None => out.extend_from_slice(b"null"),
    }
}

text_enums!(
    super::enums::AgentStatus,
    super::enums::AgentKind,
    super::enums::Role,
    super::enums::Sentiment,
    super::enums::Channel,
    super::enums::Complexity,
    super::enums::AuditAction,
    super::enums::ErrorType,
    super::enums::Outcome,
    super::enums::MessageRole,
    super::enums::SpanKind,
    super::enums::SpanStatus,
    super::enums::FeedbackRating,
    super::audit::AuditTargetType,
    super::roles::Capability,
);

/// The leaf fields a type writes as text itself (see the module's doc).
/// Every type the fast path resolves ([`super::flat::Flat`],
/// [`super::flat::FlatPage`]) implements it; a type that lists no field
/// takes the default, which writes none.
pub trait TextFields {
    /// The GraphQL names of the fields written as text and the resolver
    /// methods called for them (for the test that they match).
    const TEXT_FIELDS: &'static [(&'static str, &'static str)] = &[];

    /// Writes the value of the leaf field `ctx` (a field of this object,
    /// with no selection set) to `out` and says `true`, or writes nothing
    /// and says `false` (a field not listed, not ready on its first poll,
    /// or failed: the caller resolves it by `resolve_field`).
    fn write_field(&self, ctx: &Context<'_>, out: &mut Vec<u8>, cx: &mut TaskContext<'_>) -> bool {
        let _ = (ctx, out, cx);
        false
    }
}

impl<T: TextFields + ?Sized> TextFields for &T {
    const TEXT_FIELDS: &'static [(&'static str, &'static str)] = T::TEXT_FIELDS;

    fn write_field(&self, ctx: &Context<'_>, out: &mut Vec<u8>, cx: &mut TaskContext<'_>) -> bool {
        (**self).write_field(ctx, out, cx)
    }
}

/// Polls a resolver method's future once; writes its value if it is ready
/// and `Ok`. A future not ready is dropped (its loader key, if any, stays
/// in the batch: the caller builds the field again to wait for it).
pub fn write_ready<T: Text, E>(
    future: impl Future<Output = Result<T, E>>,
    out: &mut Vec<u8>,
    cx: &mut TaskContext<'_>,
) -> bool {
    match std::pin::pin!(future).poll(cx) {
        Poll::Ready(Ok(value)) => {
            value.write_text(out);
            true
        }
        Poll::Ready(Err(_)) | Poll::Pending => false,
    }
}

/// Implements [`TextFields`] for an `#[Object]` type: each `"name" =>
/// method` pair says that field `name` is resolved by `method` (a
/// resolver method of the type taking no argument but the context, whose
/// value implements [`Text`]); `$ty {}` implements it with no field.
macro_rules! text_fields {
    ($ty:ty { $($name:literal => $method:ident),* $(,)? }) => {
        impl $crate::graphql::text::TextFields for $ty {
            const TEXT_FIELDS: &'static [(&'static str, &'static str)] = &[$(($name, stringify!($method))),*];

            #[allow(unused_variables)]
            fn write_field(
                &self,
                ctx: &async_graphql::Context<'_>,
                out: &mut Vec<u8>,
                cx: &mut std::task::Context<'_>,
            ) -> bool {
                match ctx.item.node.name.node.as_str() {
                    $($name => $crate::graphql::text::write_ready(self.$method(ctx), out, cx),)*
                    _ => false,
                }
            }
        }
    };
}
pub(crate) use text_fields;

#[cfg(test)]
mod tests {
    use async_graphql::registry::{MetaType, Registry};
    use async_graphql::{Name, OutputType, ScalarType, Value};
    use chrono::{NaiveDate, TimeZone, Utc};

    use super::*;
    use crate::graphql::enums::{AgentStatus, Sentiment};

    /// `lower_camel` of a method's name: the field name `#[Object]` gives it.
    fn camel(method: &str) -> String {
        let mut out = String::new();
        let mut upper = false;
        for c in method.chars() {
            if c == '_' {
                upper = true;
            } else if upper {
                out.extend(c.to_uppercase());
                upper = false;
            } else {
                out.push(c);
            }
        }
        out
    }

    /// Every listed field is a field of the type, without arguments, named
    /// after the method `#[Object]` resolves it by.
    fn check<T: OutputType + TextFields>() {
        let mut registry = Registry::default();
        T::create_type_info(&mut registry);
        let name = T::type_name();
        let Some(MetaType::Object { fields, .. }) = registry.types.get(name.as_ref()) else {
            panic!("{name} is not an object type");
        };
        for (field, method) in T::TEXT_FIELDS {
            assert_eq!(&camel(method), field, "{name}.{field} is resolved by {method}");
            let meta = fields.get(*field).unwrap_or_else(|| panic!("{name} has no field {field}"));
            assert!(meta.args.is_empty(), "{name}.{field} takes arguments");
        }
    }

    #[test]
    fn listed_fields_are_the_types_own() {
        use crate::graphql::*;
        check::<agent::Agent>();
        check::<user::User>();
        check::<metrics::DailyMetric>();
        check::<metrics::CostRecord>();
        check::<conversation::Conversation>();
        check::<audit::AuditLog>();
        check::<conversation::ConversationConnection>();
        check::<conversation::ConversationEdge>();
        check::<agent::AgentConnection>();
        check::<agent::AgentEdge>();
        check::<analytics::ModelCost>();
        check::<metrics::DailyMetricConnection>();
    }

    fn as_value_text(value: Value) -> String {
        let mut out = Vec::new();
        let _ = json::write_value(&mut out, &value);
        String::from_utf8(out).unwrap_or_default()
    }

    fn as_text<T: Text>(value: T) -> String {
        let mut out = Vec::new();
        value.write_text(&mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn values_are_written_as_async_graphql_resolves_them() {
        for n in [0, -1, 7, i32::MIN, i32::MAX] {
            assert_eq!(as_text(n), as_value_text(n.to_value()));
        }
        for x in [0.0, -0.0, 0.1, 1e21, 1e-7, 123456.0, 5e-324, f64::MAX, f64::NAN, f64::INFINITY, 2.5] {
            assert_eq!(as_text(x), as_value_text(x.to_value()));
            assert_eq!(as_text(Some(x)), as_value_text(x.to_value()));
        }
        assert_eq!(as_text(None::<f64>), "null");
        for s in ["", "plain", "q\"uo\\te\n\u{1}é", "tab\tend"] {
            assert_eq!(as_text(s), as_value_text(Value::String(s.into())));
            assert_eq!(as_text(ID(s.into())), as_value_text(Value::String(s.into())));
            assert_eq!(as_text(s.to_string()), as_value_text(Value::String(s.into())));
        }
        assert_eq!(as_text(true), "true");
        assert_eq!(as_text(vec![1, 2, 3]), "[1,2,3]");
        assert_eq!(as_text(Vec::<i32>::new()), "[]");
        for (y, m, d) in [(2025, 1, 19), (-3, 2, 1), (0, 12, 31), (9999, 12, 31), (10000, 1, 1), (999, 10, 9)] {
            let Some(date) = NaiveDate::from_ymd_opt(y, m, d) else { panic!("{y}-{m}-{d}") };
            assert_eq!(as_text(Date(date)), as_value_text(Date(date).to_value()));
            for (h, min, sec) in [(0, 0, 0), (14, 22, 5), (23, 59, 59), (9, 7, 30)] {
                let Some(at) = Utc.with_ymd_and_hms(y, m, d, h, min, sec).single() else { panic!("{date} {h}") };
                assert_eq!(as_text(DateTime(at)), as_value_text(DateTime(at).to_value()));
            }
        }
        for status in [AgentStatus::Active, AgentStatus::Error] {
            assert_eq!(as_text(status), as_value_text(async_graphql::resolver_utils::enum_value(status)));
        }
        assert_eq!(as_text(Some(Sentiment::Negative)), as_value_text(Value::Enum(Name::new("NEGATIVE"))));
    }
}
