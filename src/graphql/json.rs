//! Responses as JSON text, where part of the value tree may already be
//! text: an object the fast path wrote out while resolving it
//! ([`super::flat`]) travels through the executor as `Value::Binary`
//! holding its JSON (no field of the schema yields binary data), and is
//! copied as it stands. Everything else is written as serde_json writes
//! async-graphql's `Value` (compact, keys in map order), byte for byte.

use std::io::{self, Write};

use async_graphql::{Name, Response, Value};

/// Request data: this request's answer is written by [`write_response`],
/// so objects may be resolved to JSON text (`Value::Binary`). Attached
/// only where the document lets it ([`super::flat`] says when).
#[derive(Clone, Copy, Debug, Default)]
pub struct ObjectsAsText;

/// `response` as serde_json writes it (`data`, then `extensions` and
/// `errors` when there are any), with objects already written copied.
pub fn write_response<W: Write>(out: &mut W, response: &Response) -> io::Result<()> {
    out.write_all(b"{\"data\":")?;
    write_value(out, &response.data)?;
    if !response.extensions.is_empty() {
        out.write_all(b",\"extensions\":")?;
        serde_json::to_writer(&mut *out, &response.extensions).map_err(io::Error::other)?;
    }
    if !response.errors.is_empty() {
        out.write_all(b",\"errors\":")?;
        serde_json::to_writer(&mut *out, &response.errors).map_err(io::Error::other)?;
    }
    out.write_all(b"}")
}

/// `value` as serde_json writes it, `Value::Binary` copied as JSON text.
pub fn write_value<W: Write>(out: &mut W, value: &Value) -> io::Result<()> {
    match value {
        Value::Null => out.write_all(b"null"),
        Value::Boolean(true) => out.write_all(b"true"),
        Value::Boolean(false) => out.write_all(b"false"),
        Value::Binary(text) => out.write_all(text),
        Value::List(items) => {
            out.write_all(b"[")?;
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.write_all(b",")?;
                }
                write_value(out, item)?;
            }
            out.write_all(b"]")
        }
        Value::Object(map) => {
            out.write_all(b"{")?;
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.write_all(b",")?;
                }
                write_key(out, key)?;
                write_value(out, item)?;
            }
            out.write_all(b"}")
        }
        Value::String(text) => write_str(out, text),
        Value::Enum(name) => write_str(out, name),
        Value::Number(number) => write_number(out, number),
    }
}

/// A number as serde_json writes it (its `Serialize` for `Number`, without
/// `arbitrary_precision`): integers by itoa, floats by zmij, a non-finite
/// float as `null`; without serde's serializer in between.
fn write_number<W: Write>(out: &mut W, number: &serde_json::Number) -> io::Result<()> {
    if let Some(n) = number.as_u64() {
        out.write_all(itoa::Buffer::new().format(n).as_bytes())
    } else if let Some(n) = number.as_i64() {
        out.write_all(itoa::Buffer::new().format(n).as_bytes())
    } else if let Some(n) = number.as_f64().filter(|n| n.is_finite()) {
        out.write_all(zmij::Buffer::new().format_finite(n).as_bytes())
    } else {
        serde_json::to_writer(&mut *out, number).map_err(io::Error::other)
    }
}

/// A JSON string as serde_json writes it: copied between quotes when no
/// byte needs escaping (serde_json escapes quotes, backslashes and
/// control bytes only), else serde_json's own escaping. The test for escapes runs over
/// every byte without stopping early, which the compiler vectorises.
fn write_str<W: Write>(out: &mut W, text: &str) -> io::Result<()> {
    if needs_escape(text) {
        return serde_json::to_writer(&mut *out, text).map_err(io::Error::other);
    }
    out.write_all(b"\"")?;
    out.write_all(text.as_bytes())?;
    out.write_all(b"\"")
}

/// Whether serde_json escapes a byte of `text` (see [`write_str`]).
fn needs_escape(text: &str) -> bool {
    text.bytes().fold(false, |found, b| found | (b < 0x20) | (b == b'"') | (b == b'\\'))
}

/// A JSON string appended to a byte buffer, as [`write_value`] writes a
/// `Value::String` (the same bytes as `write_str`, without a writer).
pub fn push_str(out: &mut Vec<u8>, text: &str) {
    if needs_escape(text) {
        // Writing to a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, text);
        return;
    }
    out.reserve(text.len() + 2);
    out.push(b'"');
    out.extend_from_slice(text.as_bytes());
    out.push(b'"');
}

/// About how many bytes `value` takes as JSON text: exact for text
/// already written and for strings without escapes, a guess for numbers;
/// to size a buffer once.
pub fn text_len(value: &Value) -> usize {
    match value {
        Value::Binary(text) => text.len(),
        Value::String(text) => text.len() + 2,
        Value::Enum(name) => name.len() + 2,
        Value::List(items) => 2 + items.iter().map(|item| text_len(item) + 1).sum::<usize>(),
        Value::Object(map) => 2 + map.iter().map(|(key, item)| key.len() + 4 + text_len(item)).sum::<usize>(),
        Value::Null | Value::Boolean(_) | Value::Number(_) => 24,
    }
}

/// `"key":`, escaped only when it must be (a response key is a GraphQL
/// name; a custom scalar's object may hold any string).
pub fn write_key<W: Write>(out: &mut W, key: &Name) -> io::Result<()> {
    let text = key.as_str();
    if text.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.write_all(b"\"")?;
        out.write_all(text.as_bytes())?;
        out.write_all(b"\":")
    } else {
        serde_json::to_writer(&mut *out, text).map_err(io::Error::other)?;
        out.write_all(b":")
    }
}

/// `"name":` for a GraphQL name (a response key of the document), which
/// never needs escaping: the parser admits only `[_A-Za-z][_0-9A-Za-z]*`.
pub fn push_name(out: &mut Vec<u8>, name: &Name) {
    let name = name.as_bytes();
    out.reserve(name.len() + 3);
    out.push(b'"');
    out.extend_from_slice(name);
    out.extend_from_slice(b"\":");
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::indexmap::IndexMap;

    fn object(entries: &[(&str, Value)]) -> Value {
        Value::Object(entries.iter().map(|(k, v)| (Name::new(k), v.clone())).collect::<IndexMap<_, _>>())
    }

    #[test]
    fn values_are_written_as_serde_json_writes_them() {
        let value = object(&[
            ("a", Value::Null),
            ("b", Value::Boolean(true)),
            ("c", Value::from(1.5)),
            ("d", Value::from(-7)),
            ("e", Value::String("q\"uo\\te\n\u{1}é".into())),
            ("e2", Value::String("plain é \u{7f} text, long enough to cross a vector's width".into())),
            ("e3", Value::String(String::new())),
            ("e4", Value::String("tab\tend".into())),
            ("e5", Value::String("ends with a backslash \\".into())),
            ("f", Value::Enum(Name::new("ACTIVE"))),
            ("g", Value::List(vec![Value::from(0.1), Value::from(1e21), Value::List(vec![])])),
            (
                "n",
                Value::List(
                    [0.0, -0.0, 1.0, -2.5, 1e-7, 123456.0, 5e-324, f64::MAX, f64::MIN, 0.30000000000000004]
                        .into_iter()
                        .map(Value::from)
                        .chain([Value::from(i64::MIN), Value::from(-1), Value::from(0), Value::from(u64::MAX)])
                        .collect(),
                ),
            ),
            ("h\"odd key\n", object(&[])),
            ("i", object(&[("x", Value::from(u64::MAX))])),
        ]);
        let mut ours = Vec::new();
        write_value(&mut ours, &value).unwrap();
        assert_eq!(String::from_utf8(ours).unwrap(), serde_json::to_string(&value).unwrap());
        let response = async_graphql::Response::new(value)
            .extension("x", Value::from(1))
            .extension("a", Value::String("y".into()));
        let mut ours = Vec::new();
        write_response(&mut ours, &response).unwrap();
        assert_eq!(String::from_utf8(ours).unwrap(), serde_json::to_string(&response).unwrap());
    }

    #[test]
    fn text_is_copied_as_it_stands() {
        let value = Value::List(vec![Value::Binary(br#"{"id":"1"}"#.to_vec().into()), Value::Null]);
        let mut ours = Vec::new();
        write_value(&mut ours, &value).unwrap();
        assert_eq!(ours, br#"[{"id":"1"},null]"#);
    }
}
