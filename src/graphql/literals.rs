//! Literal values checked against their types where async-graphql's
//! validation is lenient: it takes a string literal where an enum is
//! expected (`status: "ACTIVE"`), since it checks literals and JSON
//! variables alike and a variable's enum arrives as a string. graphql-js
//! (and so every client's tooling) refuses the literal; so do we. Values
//! from variables are not touched.
//!
//! The types are read once from the schema's SDL. One pass over each
//! operation and fragment definition, no expansion: linear in the document.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use async_graphql::Pos;
use async_graphql::parser::types::{
    BaseType, ExecutableDocument, OperationType, Selection, SelectionSet, Type, TypeKind, TypeSystemDefinition,
};
use async_graphql_value::{ConstValue, Value};

use crate::error::ApiError;

/// A field's arguments by name, and the named type it returns.
type FieldShape = (BTreeMap<String, Type>, String);

/// What the check needs to know of the schema.
#[derive(Default)]
struct Types {
    /// Object and interface fields: type → field → shape.
    fields: BTreeMap<String, BTreeMap<String, FieldShape>>,
    /// Input object fields: type → field → type.
    inputs: BTreeMap<String, BTreeMap<String, Type>>,
    enums: BTreeSet<String>,
}

fn named(ty: &Type) -> &str {
    match &ty.base {
        BaseType::Named(name) => name.as_str(),
        BaseType::List(inner) => named(inner),
    }
}

fn types() -> &'static Types {
    static TYPES: OnceLock<Types> = OnceLock::new();
    TYPES.get_or_init(|| {
        let mut types = Types::default();
        let Ok(schema) = async_graphql::parser::parse_schema(super::sdl()) else { return types };
        for definition in schema.definitions {
            let TypeSystemDefinition::Type(ty) = definition else { continue };
            let name = ty.node.name.node.to_string();
            let fields = match ty.node.kind {
                TypeKind::Object(object) => object.fields,
                TypeKind::Interface(interface) => interface.fields,
                TypeKind::InputObject(input) => {
                    let fields = input.fields.into_iter().map(|f| (f.node.name.node.to_string(), f.node.ty.node));
                    types.inputs.insert(name, fields.collect());
                    continue;
                }
                TypeKind::Enum(_) => {
                    types.enums.insert(name);
                    continue;
                }
                _ => continue,
            };
            let fields = fields.into_iter().map(|f| {
                let arguments = f.node.arguments.into_iter().map(|a| (a.node.name.node.to_string(), a.node.ty.node));
                (f.node.name.node.to_string(), (arguments.collect(), named(&f.node.ty.node).to_string()))
            });
            types.fields.insert(name, fields.collect());
        }
        types
    })
}

/// Refuses a string literal wherever the schema expects an enum.
pub fn check(document: &ExecutableDocument) -> Result<(), ApiError> {
    let types = types();
    let (operations, fragments) = super::limits::in_document_order(document);
    for operation in operations {
        let operation = &operation.node;
        for variable in &operation.variable_definitions {
            if let Some(default) = &variable.node.default_value {
                check_const(types, &default.node, &variable.node.var_type.node, default.pos)?;
            }
        }
        let root = match operation.ty {
            OperationType::Query => "Query",
            OperationType::Mutation => "Mutation",
            OperationType::Subscription => "Subscription",
        };
        check_set(types, &operation.selection_set.node, root)?;
    }
    for (_, fragment) in fragments {
        check_set(types, &fragment.node.selection_set.node, &fragment.node.type_condition.node.on.node)?;
    }
    Ok(())
}

fn check_set(types: &Types, set: &SelectionSet, parent: &str) -> Result<(), ApiError> {
    for selection in &set.items {
        match &selection.node {
            Selection::Field(field) => {
                // Unknown fields are validation's to report.
                let Some((arguments, returns)) =
                    types.fields.get(parent).and_then(|f| f.get(field.node.name.node.as_str()))
                else {
                    continue;
                };
                for (name, value) in &field.node.arguments {
                    if let Some(ty) = arguments.get(name.node.as_str()) {
                        check_value(types, &value.node, ty, value.pos)?;
                    }
                }
                check_set(types, &field.node.selection_set.node, returns)?;
            }
            Selection::InlineFragment(inline) => {
                let on = inline.node.type_condition.as_ref().map_or(parent, |c| c.node.on.node.as_str());
                check_set(types, &inline.node.selection_set.node, on)?;
            }
            // Checked once, as its own definition.
            Selection::FragmentSpread(_) => {}
        }
    }
    Ok(())
}

fn not_an_enum(enum_name: &str, text: &str, pos: Pos) -> ApiError {
    ApiError::ValidationFailed {
        message: format!("Enum \"{enum_name}\" cannot represent non-enum value: {text:?}."),
        pos: Some(pos),
    }
}

fn check_value(types: &Types, value: &Value, ty: &Type, pos: Pos) -> Result<(), ApiError> {
    match (value, &ty.base) {
        (Value::Variable(_) | Value::Null, _) => Ok(()),
        (Value::List(items), BaseType::List(inner)) => items.iter().try_for_each(|v| check_value(types, v, inner, pos)),
        (_, BaseType::List(inner)) => check_value(types, value, inner, pos),
        (Value::String(text), BaseType::Named(name)) if types.enums.contains(name.as_str()) => {
            Err(not_an_enum(name, text, pos))
        }
        (Value::Object(fields), BaseType::Named(name)) => {
            let Some(input) = types.inputs.get(name.as_str()) else { return Ok(()) };
            for (key, value) in fields {
                if let Some(ty) = input.get(key.as_str()) {
                    check_value(types, value, ty, pos)?;
                }
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn check_const(types: &Types, value: &ConstValue, ty: &Type, pos: Pos) -> Result<(), ApiError> {
    check_value(types, &value.clone().into_value(), ty, pos)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(query: &str) -> Result<(), ApiError> {
        check(&async_graphql::parser::parse_query(query).expect("parses"))
    }

    #[test]
    fn strings_are_refused_where_enums_go_and_only_there() {
        for query in [
            r#"{ agents(filter: { status: ["ACTIVE"] }) { totalCount } }"#,
            r#"{ agents(filter: { status: "ACTIVE" }) { totalCount } }"#,
            r#"{ analytics { telemetry(bucket: "DAY") { start } } }"#,
            r#"query($s: [AgentStatus!] = ["ACTIVE"]) { agents(filter: { status: $s }) { totalCount } }"#,
            r#"{ ...F } fragment F on Query { agents(orderBy: { field: "NAME" }) { totalCount } }"#,
        ] {
            assert_eq!(checked(query).unwrap_err().code(), "GRAPHQL_VALIDATION_FAILED", "{query}");
        }
        for query in [
            r#"{ agents(filter: { status: [ACTIVE], search: "ACTIVE" }) { totalCount } }"#,
            "query($s: [AgentStatus!]) { agents(filter: { status: $s }) { totalCount } }",
            r#"{ noSuch(x: "A") { y } }"#,
        ] {
            assert!(checked(query).is_ok(), "{query}");
        }
    }
}
