//! The GraphQL API over the store: one file per entity (its object type,
//! field resolvers, root fields and what its fields read for the response
//! cache), merged into one schema. Knows nothing of HTTP nor of how
//! requests run: [`crate::engine`] parses, checks, runs and finishes them.

pub mod agent;
pub mod analytics;
pub mod audit;
pub mod clients;
pub mod connection;
pub mod context;
pub mod conversation;
pub mod cost;
pub mod end_user;
pub mod enums;
pub mod flat;
pub mod ids;
pub mod json;
pub mod live;
pub mod loaders;
pub mod meta;
pub mod metrics;
pub mod model;
pub mod node;
pub mod range;
pub mod roles;
pub mod scalars;
pub mod session;
pub mod telemetry;
pub mod text;
pub mod user;
pub mod workspace;

use async_graphql::{MergedObject, Schema, SchemaBuilder};

pub use context::{ContextExt, RequestData};

use crate::store::Parts;

/// Every root query field.
#[derive(MergedObject, Default)]
pub struct Query(
    agent::AgentQuery,
    conversation::ConversationQuery,
    end_user::EndUserQuery,
    metrics::MetricsQuery,
    audit::AuditQuery,
    user::UserQuery,
    model::ModelQuery,
    analytics::AnalyticsQuery,
    node::NodeQuery,
    meta::MetaQuery,
    roles::RolesQuery,
    workspace::WorkspaceQuery,
);

/// Every root mutation field: one object per entity file.
#[derive(MergedObject, Default)]
pub struct Mutation(agent::AgentMutation, user::UserMutation, workspace::WorkspaceMutation, session::SessionMutation);

pub type AppSchema = Schema<Query, Mutation, live::Subscription>;

/// The schema's types, registered and nothing else: no limits, no
/// extensions (the engine adds them).
pub fn schema_builder() -> SchemaBuilder<Query, Mutation, live::Subscription> {
    Schema::build(Query::default(), Mutation::default(), live::Subscription).register_output_type::<node::Node>()
}

/// The schema in SDL, as committed in `schema.graphql`.
pub fn sdl() -> String {
    schema_builder().finish().sdl()
}

/// What the fields of one output type read, for the response cache: the
/// engine keeps a query's answer while these parts of the dataset keep
/// their versions. Each entity file declares its types' fields next to
/// them (its `READS`, listed in [`READS`]); the engine's schema
/// description attaches them to the fields, and its test fails when a
/// field a query can reach is declared nowhere, so a new field cannot be
/// served stale without anyone deciding it.
#[derive(Clone, Copy, Debug)]
pub struct TypeReads {
    /// The GraphQL type's name.
    pub ty: &'static str,
    pub fields: FieldReads,
}

/// See [`TypeReads`].
#[derive(Clone, Copy, Debug)]
pub enum FieldReads {
    /// Each field by name with the parts it reads (what its selections
    /// read is added): a type whose resolvers read the snapshot, so each
    /// field must say what it reads.
    Each(&'static [(Parts, &'static [&'static str])]),
    /// Every field, a new one too, reads these: a value whose fields only
    /// project what the field that returned it computed (a connection, a
    /// summary, a row).
    All(Parts),
}

impl TypeReads {
    /// Each field of `ty` by name, grouped by what it reads.
    pub const fn each(ty: &'static str, fields: &'static [(Parts, &'static [&'static str])]) -> Self {
        TypeReads { ty, fields: FieldReads::Each(fields) }
    }

    /// Every field of `ty` reads `parts`.
    pub const fn all(ty: &'static str, parts: Parts) -> Self {
        TypeReads { ty, fields: FieldReads::All(parts) }
    }
}

/// Every entity file's read declarations.
pub const READS: &[&[TypeReads]] = &[
    agent::READS,
    analytics::READS,
    audit::READS,
    connection::READS,
    conversation::READS,
    end_user::READS,
    meta::READS,
    metrics::READS,
    model::READS,
    node::READS,
    roles::READS,
    telemetry::READS,
    user::READS,
    workspace::READS,
];
