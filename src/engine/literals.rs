//! Literal values checked against their types where async-graphql's
//! validation is lenient: it takes a string literal where an enum is
//! expected (`status: "ACTIVE"`), since it checks literals and JSON
//! variables alike and a variable's enum arrives as a string. graphql-js
//! (and so every client's tooling) refuses the literal; so do we. Values
//! from variables are not touched. The walk ([`super::walk`]) calls these
//! for each argument and variable default whose type the schema declares.

use async_graphql::Pos;
use async_graphql::parser::types::{BaseType, Type};
use async_graphql_value::{ConstValue, Value};

use super::schema::SchemaDescription;
use crate::error::ApiError;

fn not_an_enum(enum_name: &str, text: &str, pos: Pos) -> ApiError {
    ApiError::ValidationFailed {
        message: format!("Enum \"{enum_name}\" cannot represent non-enum value: {text:?}."),
        pos: Some(pos),
    }
}

/// Refuses a string literal in `value` wherever `ty` expects an enum.
pub fn check(schema: &SchemaDescription, value: &Value, ty: &Type, pos: Pos) -> Result<(), ApiError> {
    match (value, &ty.base) {
        (Value::Variable(_) | Value::Null, _) => Ok(()),
        (Value::List(items), BaseType::List(inner)) => items.iter().try_for_each(|v| check(schema, v, inner, pos)),
        (_, BaseType::List(inner)) => check(schema, value, inner, pos),
        (Value::String(text), BaseType::Named(name)) if schema.is_enum(name) => Err(not_an_enum(name, text, pos)),
        (Value::Object(fields), BaseType::Named(name)) => {
            let Some(input) = schema.ty(name) else { return Ok(()) };
            for (key, value) in fields {
                if let Some(ty) = input.input(key) {
                    check(schema, value, ty, pos)?;
                }
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// [`check`] of a variable's default.
pub fn check_const(schema: &SchemaDescription, value: &ConstValue, ty: &Type, pos: Pos) -> Result<(), ApiError> {
    check(schema, &value.clone().into_value(), ty, pos)
}
