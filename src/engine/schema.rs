//! The schema as the engine's passes read it: every type with its kind,
//! each output field's declared type, arguments and what it reads
//! ([`crate::graphql::TypeReads`]), each input object's fields, and the
//! object types behind each interface and union. Built once per process,
//! from the SDL, before the first request (see
//! [`super::build_schema_with`]), and shared: the document walk checks
//! literals and sums reads with it, the response pass orders and nulls
//! with it.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use async_graphql::parser::types::{BaseType, Type, TypeKind, TypeSystemDefinition};

use crate::graphql::{FieldReads, TypeReads};
use crate::store::Parts;

/// What kind of type a name stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Scalar,
    Object,
    Interface,
    Union,
    Enum,
    InputObject,
}

/// One type of the schema.
#[derive(Debug)]
pub struct TypeDesc {
    pub name: String,
    pub kind: Kind,
    /// Output fields by name (objects and interfaces).
    fields: BTreeMap<String, FieldDesc>,
    /// Input fields by name (input objects).
    inputs: BTreeMap<String, Type>,
    /// The object types it covers (interfaces and unions).
    possible: BTreeSet<String>,
    /// Its values, in declaration order (enums).
    values: Vec<String>,
}

impl TypeDesc {
    /// Its output field `name`, if it has one.
    pub fn field(&self, name: &str) -> Option<&FieldDesc> {
        self.fields.get(name)
    }

    /// The declared type of its input field `name` (input objects).
    pub fn input(&self, name: &str) -> Option<&Type> {
        self.inputs.get(name)
    }

    /// Whether a fragment on this type applies to an object of type
    /// `concrete`.
    pub fn covers(&self, concrete: &str) -> bool {
        self.name == concrete || self.possible.contains(concrete)
    }
}

/// One output field.
#[derive(Debug)]
pub struct FieldDesc {
    /// The named type it returns (a list's item type).
    pub returns: String,
    /// Whether the field may be null.
    pub nullable: bool,
    /// For a list, whether its items may be null.
    pub items_nullable: Option<bool>,
    /// Arguments by name, with their declared types.
    pub arguments: BTreeMap<String, Type>,
    /// What it reads, as its type's [`TypeReads`] declare; `None` when
    /// nothing declares it.
    declared_reads: Option<Parts>,
}

impl FieldDesc {
    /// The parts of the dataset the field's value depends on (its
    /// selections add theirs); everything when undeclared, so a field no
    /// one declared is never served stale.
    pub fn reads(&self) -> Parts {
        self.declared_reads.unwrap_or(Parts::ALL)
    }
}

/// The whole schema.
#[derive(Debug, Default)]
pub struct SchemaDescription {
    types: BTreeMap<String, TypeDesc>,
    /// Read declarations that name no type or field, or a field twice.
    misdeclared: Vec<String>,
}

/// The options close to `input`, best first, as graphql-js's
/// `suggestionList` picks them: within a lexical distance of 40% of the
/// input's length (plus one), a difference of case alone counting as the
/// closest.
pub fn suggestion_list<'a>(input: &str, options: &'a [String]) -> Vec<&'a str> {
    let threshold = input.len() * 4 / 10 + 1;
    let lower = input.to_lowercase();
    let mut close: Vec<(usize, &str)> = options
        .iter()
        .filter_map(|option| {
            let distance = if option.to_lowercase() == lower { 1 } else { distance(&lower, &option.to_lowercase()) };
            (distance <= threshold).then_some((distance, option.as_str()))
        })
        .collect();
    close.sort();
    close.into_iter().map(|(_, option)| option).collect()
}

/// Damerau-Levenshtein distance (optimal string alignment) between two
/// short names.
fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1).min(rows[i][j - 1] + 1).min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

/// The description of the served schema, built on first use.
pub fn schema() -> &'static SchemaDescription {
    static SCHEMA: OnceLock<SchemaDescription> = OnceLock::new();
    SCHEMA.get_or_init(|| SchemaDescription::new(&crate::graphql::sdl(), crate::graphql::READS))
}

impl SchemaDescription {
    /// Reads `sdl` and attaches the read declarations `reads` to its
    /// fields. An SDL that does not parse gives an empty description (the
    /// passes then check nothing and every query reads everything); a test
    /// parses the real one.
    pub fn new(sdl: &str, reads: &[&[TypeReads]]) -> Self {
        let mut description = SchemaDescription::default();
        let Ok(document) = async_graphql::parser::parse_schema(sdl) else { return description };
        let mut possible: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for definition in document.definitions {
            let TypeSystemDefinition::Type(ty) = definition else { continue };
            let name = ty.node.name.node.to_string();
            let mut desc = TypeDesc {
                name: name.clone(),
                kind: Kind::Scalar,
                fields: BTreeMap::new(),
                inputs: BTreeMap::new(),
                possible: BTreeSet::new(),
                values: Vec::new(),
            };
            let fields = match ty.node.kind {
                TypeKind::Scalar => Vec::new(),
                TypeKind::Object(object) => {
                    desc.kind = Kind::Object;
                    for interface in object.implements {
                        possible.entry(interface.node.to_string()).or_default().insert(name.clone());
                    }
                    object.fields
                }
                TypeKind::Interface(interface) => {
                    desc.kind = Kind::Interface;
                    interface.fields
                }
                TypeKind::Union(union) => {
                    desc.kind = Kind::Union;
                    possible
                        .entry(name.clone())
                        .or_default()
                        .extend(union.members.into_iter().map(|m| m.node.to_string()));
                    Vec::new()
                }
                TypeKind::Enum(values) => {
                    desc.kind = Kind::Enum;
                    desc.values = values.values.into_iter().map(|v| v.node.value.node.to_string()).collect();
                    Vec::new()
                }
                TypeKind::InputObject(input) => {
                    desc.kind = Kind::InputObject;
                    desc.inputs =
                        input.fields.into_iter().map(|f| (f.node.name.node.to_string(), f.node.ty.node)).collect();
                    Vec::new()
                }
            };
            for field in fields {
                let field = field.node;
                let ty = &field.ty.node;
                let (returns, items_nullable) = match &ty.base {
                    BaseType::Named(name) => (name.to_string(), None),
                    BaseType::List(item) => (named(item).to_string(), Some(item.nullable)),
                };
                let arguments = field.arguments.into_iter().map(|a| (a.node.name.node.to_string(), a.node.ty.node));
                let desc_field = FieldDesc {
                    returns,
                    nullable: ty.nullable,
                    items_nullable,
                    arguments: arguments.collect(),
                    declared_reads: None,
                };
                desc.fields.insert(field.name.node.to_string(), desc_field);
            }
            description.types.insert(name, desc);
        }
        for (name, members) in possible {
            if let Some(ty) = description.types.get_mut(&name) {
                ty.possible = members;
            }
        }
        for declaration in reads.iter().copied().flatten() {
            description.declare(declaration);
        }
        description
    }

    /// Attaches one type's read declaration, noting what it names wrongly.
    fn declare(&mut self, declaration: &TypeReads) {
        let Some(ty) = self.types.get_mut(declaration.ty) else {
            self.misdeclared.push(format!("{}: no such type", declaration.ty));
            return;
        };
        let set = |ty: &mut TypeDesc, field: &str, parts: Parts, misdeclared: &mut Vec<String>| match ty
            .fields
            .get_mut(field)
        {
            None => misdeclared.push(format!("{}.{field}: no such field", ty.name)),
            Some(f) if f.declared_reads.is_some() => {
                misdeclared.push(format!("{}.{field}: declared twice", ty.name));
            }
            Some(f) => f.declared_reads = Some(parts),
        };
        match declaration.fields {
            FieldReads::Each(groups) => {
                for &(parts, fields) in groups {
                    for field in fields {
                        set(ty, field, parts, &mut self.misdeclared);
                    }
                }
            }
            FieldReads::All(parts) => {
                let names: Vec<String> = ty.fields.keys().cloned().collect();
                for field in names {
                    set(ty, &field, parts, &mut self.misdeclared);
                }
            }
        }
    }

    /// The type named `name`.
    pub fn ty(&self, name: &str) -> Option<&TypeDesc> {
        self.types.get(name)
    }

    /// The root type of an operation of type `ty`.
    pub fn root(&self, ty: async_graphql::parser::types::OperationType) -> Option<&TypeDesc> {
        use async_graphql::parser::types::OperationType;
        self.ty(match ty {
            OperationType::Query => "Query",
            OperationType::Mutation => "Mutation",
            OperationType::Subscription => "Subscription",
        })
    }

    /// The values of the enum `name`.
    pub fn enum_values(&self, name: &str) -> Option<&[String]> {
        self.types.get(name).filter(|t| t.kind == Kind::Enum).map(|t| t.values.as_slice())
    }

    /// Whether `name` is an enum type.
    pub fn is_enum(&self, name: &str) -> bool {
        self.ty(name).is_some_and(|t| t.kind == Kind::Enum)
    }

    /// The output types a query can reach from `Query`, through the types
    /// fields return and the object types behind interfaces and unions,
    /// in name order.
    pub fn reachable_from_query(&self) -> BTreeSet<&str> {
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut next = vec!["Query"];
        while let Some(name) = next.pop() {
            let Some(ty) = self.ty(name) else { continue };
            if !matches!(ty.kind, Kind::Object | Kind::Interface | Kind::Union) || !seen.insert(&ty.name) {
                continue;
            }
            next.extend(ty.fields.values().map(|f| f.returns.as_str()));
            next.extend(ty.possible.iter().map(String::as_str));
        }
        seen
    }

    /// What is wrong with the read declarations: names of no type or
    /// field, fields declared twice, and fields a query can reach that
    /// nothing declares (they read everything: never stale, never cached
    /// across a change).
    pub fn read_declaration_problems(&self) -> Vec<String> {
        let mut problems = self.misdeclared.clone();
        for name in self.reachable_from_query() {
            let Some(ty) = self.ty(name) else { continue };
            for (field, desc) in &ty.fields {
                if desc.declared_reads.is_none() {
                    problems.push(format!("{name}.{field}: no read declaration"));
                }
            }
        }
        problems
    }
}

fn named(ty: &Type) -> &str {
    match &ty.base {
        BaseType::Named(name) => name.as_str(),
        BaseType::List(inner) => named(inner),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_description_holds_every_type_of_the_sdl() {
        let schema = schema();
        let sdl = crate::graphql::sdl();
        // Definitions start a line: `type X ... {`, `union X = ...`, `scalar X`.
        let declared = sdl
            .lines()
            .filter(|l| {
                let mut words = l.split_whitespace();
                match words.next() {
                    Some("type" | "interface" | "enum" | "input") => l.ends_with('{'),
                    Some("union") => l.contains(" = "),
                    Some("scalar") => words.count() == 1,
                    _ => false,
                }
            })
            .count();
        assert!(declared > 50, "{declared}");
        assert_eq!(schema.types.len(), declared);
        let agent = schema.ty("Agent").expect("Agent");
        assert_eq!(agent.kind, Kind::Object);
        let created_by = agent.field("createdBy").expect("Agent.createdBy");
        assert_eq!(
            (created_by.returns.as_str(), created_by.nullable, created_by.items_nullable),
            ("User", false, None)
        );
        let history = agent.field("statusHistory").expect("Agent.statusHistory");
        assert_eq!(
            (history.returns.as_str(), history.nullable, history.items_nullable),
            ("AgentStatusChange", false, Some(false))
        );
        let summary = agent.field("summary").expect("Agent.summary");
        assert_eq!(summary.arguments.get("range").map(|t| t.to_string()), Some("DateRange".into()));
        assert!(
            schema.ty("Node").is_some_and(|n| n.kind == Kind::Interface && n.covers("Agent") && !n.covers("Model"))
        );
        assert!(schema.ty("AuditTarget").is_some_and(|n| n.kind == Kind::Union && n.covers("User")));
        assert!(schema.is_enum("AgentStatus") && !schema.is_enum("String"));
        let filter = schema.ty("AgentFilter").expect("AgentFilter");
        assert_eq!(filter.input("status").map(|t| t.to_string()), Some("[AgentStatus!]".into()));
        assert!(schema.root(async_graphql::parser::types::OperationType::Subscription).is_some());
    }

    /// Every field a query can select says what it reads, next to its type
    /// (`READS` in its entity file, listed in `graphql::READS`).
    #[test]
    fn every_field_a_query_reaches_declares_what_it_reads() {
        let problems = schema().read_declaration_problems();
        assert!(problems.is_empty(), "read declarations to fix:\n{}", problems.join("\n"));
    }

    #[test]
    fn declaration_mistakes_are_reported() {
        let sdl = "type Query { a: A! b: Int } type A { x: Int y: Int } schema { query: Query }";
        let twice = TypeReads::each("Query", &[(Parts::USERS, &["a", "b"]), (Parts::AUDIT, &["a"])]);
        let unknown = TypeReads::each("A", &[(Parts::USERS, &["x", "z"])]);
        let nothing = TypeReads::all("Nope", Parts::NONE);
        let schema = SchemaDescription::new(sdl, &[&[twice, unknown, nothing]]);
        assert_eq!(
            schema.read_declaration_problems(),
            ["Query.a: declared twice", "A.z: no such field", "Nope: no such type", "A.y: no read declaration"]
        );
        let query = schema.ty("Query").expect("Query");
        assert_eq!(query.field("b").map(FieldDesc::reads), Some(Parts::USERS));
        assert_eq!(schema.ty("A").and_then(|a| a.field("y")).map(FieldDesc::reads), Some(Parts::ALL));
    }
}
