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
//! 2. The walk over the parsed document ([`super::walk`]), with the checks
//!    here: selection depth, fields once fragments are expanded (counted
//!    once per fragment, memoised, so a fragment bomb costs its size, not
//!    its expansion), aliases, directives, fragment cycles, and the checks
//!    async-graphql's validation skips on `__typename`. async-graphql's own
//!    validation visitors expand fragments in place and are exponential on
//!    a bomb; after the walk their work is bounded by `max_fields`.
//!
//! Complexity (what the fields produce) is weighed by async-graphql's
//! validation with the cost functions of `graphql::cost`, which the
//! fields' annotations call.

use async_graphql::Pos;
use async_graphql::parser::Positioned;
use async_graphql::parser::types::{Directive, Field};
use async_graphql_value::Value as AstValue;

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

/// Directives an executable document may use: async-graphql's built-ins
/// (the schema declares none of its own).
const EXECUTABLE_DIRECTIVES: [&str; 2] = ["skip", "include"];

/// At most `max_directives` on one location, each known and used once.
pub fn check_directives(directives: &[Positioned<Directive>], pos: Pos, limits: &Limits) -> Result<(), ApiError> {
    if directives.len() > limits.max_directives {
        return Err(ApiError::limit(Limit::Directives, directives.len(), limits.max_directives, Some(pos)));
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

/// The checks of the meta fields async-graphql lets through: `__typename`
/// (what validation skips on it), and `__schema` / `__type` when introspection
/// is off (async-graphql would answer null without a word).
pub fn check_meta_field(field: &Field, pos: Pos, introspection: bool) -> Result<(), ApiError> {
    match field.name.node.as_str() {
        "__typename" => typename_field(field, pos),
        name @ ("__schema" | "__type") if !introspection => Err(ApiError::ValidationFailed {
            message: format!(
                "GraphQL introspection has been disabled, but the requested query contained the field \"{name}\" (--introspection)."
            ),
            pos: Some(pos),
        }),
        _ => Ok(()),
    }
}

/// async-graphql's validation does not visit `__typename` at all: check
/// what it would have (arguments, a selection, directive arguments).
fn typename_field(field: &Field, pos: Pos) -> Result<(), ApiError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn scanned(query: &str) -> Result<(), String> {
        scan(query, &Limits::default()).map_err(|e| e.to_string())
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
}
