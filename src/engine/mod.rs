//! The GraphQL engine: everything between a request's text and its
//! response that async-graphql 7 does not do the way the API promises.
//! Knows the schema's types ([`crate::graphql`]) and nothing of HTTP; every
//! transport calls the same few entry points:
//!
//! - [`build_schema_with`]: the executable schema for a set of
//!   [`SchemaOptions`] (limits, introspection, suggestions);
//! - [`prepare_cached`] (or [`prepare`]): a request's document scanned,
//!   parsed and walked once, kept in a [`DocumentCache`]; its operation
//!   chosen, its variables checked; what it reads
//!   ([`PreparedRequest::reads`]);
//! - [`run()`] (or [`execute`] for one response): executed with its loader
//!   batches driven, each response ordered, its failed fields nulled and
//!   its errors coded; [`failed_before_execution`] tells a request error
//!   from a response.
//!
//! Inside, in the order a request meets them:
//!
//! - [`limits`]: the document limits and the scan of the text before it
//!   is parsed;
//! - [`walk`]: the one walk over a parsed document: limits, literal checks
//!   ([`literals`]), what each operation reads ([`reads`]), a
//!   subscription's root fields, the document's heap bytes ([`heap`]);
//! - [`schema`]: the schema description every pass reads, built once;
//! - [`document`]: parsed documents and their cache;
//! - [`run`](mod@run): prepare, run and finish; error classification; the
//!   complexity figure;
//! - [`driver`]: DataLoader batches run when the request stalls;
//! - [`faults`]: field errors injected on purpose, on a schema of their own;
//! - [`order`]: responses in selection order, failed fields nulled.

pub mod document;
pub mod driver;
pub mod faults;
pub mod heap;
pub mod limits;
pub mod literals;
pub mod order;
pub mod reads;
pub mod run;
pub mod schema;
pub mod walk;

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextValidation};
use async_graphql::{ServerError, ValidationResult};

pub use crate::graphql::AppSchema;
pub use document::DocumentCache;
pub use limits::Limits;
pub use run::{
    INPUT_ERRORS, OperationKind, PreparedRequest, classify, execute, failed_before_execution, prepare, prepare_cached,
    run,
};

/// How the schema is served: the document limits and the switches for
/// shared networks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaOptions {
    pub limits: Limits,
    /// Answer `__schema` / `__type` (GraphiQL and codegen need it).
    pub introspection: bool,
    /// Suggest field and argument names in validation errors ("Did you mean ...?").
    pub suggestions: bool,
    /// Resolve the objects that take it by the fast path
    /// ([`crate::graphql::flat`]); off, every object goes through
    /// async-graphql's general path. The answers are the same byte for
    /// byte (tests/it/equivalence.rs); off is for that proof.
    pub fast_path: bool,
}

impl Default for SchemaOptions {
    fn default() -> Self {
        SchemaOptions { limits: Limits::default(), introspection: true, suggestions: true, fast_path: true }
    }
}

/// The schema with the default options.
pub fn build_schema() -> AppSchema {
    build_schema_with(&SchemaOptions::default())
}

/// The schema with `options`. Also builds the schema description the
/// engine's passes share ([`schema::schema`]), so the first request does
/// not pay for it.
pub fn build_schema_with(options: &SchemaOptions) -> AppSchema {
    schema::schema();
    let prevalidated = Prevalidated(builder_with(options).extension(SkipValidation).enable_federation().finish());
    builder_with(options).data(prevalidated).finish()
}

/// Schema data: the same schema, without validation. A request runs on
/// it only when its document, operation and variables passed the strict
/// rules and the complexity limit against this schema before
/// ([`document::ParsedDocument`] remembers them), so they would find
/// nothing again: the answer is the same, errors included, without
/// walking the document once more (its extension, `SkipValidation`).
///
/// It also has federation on, for one thing federation does: without
/// it, async-graphql asks for every root field of a query whether any
/// type of the registry is a federation entity (`Registry::has_entities`,
/// a walk over every type: 5,100 instructions, 5% of Q1, 6% of Q3); with
/// it, that question is never asked. What federation adds (`_service`,
/// `_Any`) no request on this schema can reach: validation against the
/// main schema, which lacks them, refused any document naming them, and
/// introspection, which would list them, never runs here.
#[derive(Clone)]
pub struct Prevalidated(pub(crate) AppSchema);

/// The schema of requests that carry field faults: the same, with the
/// extension that injects them ([`faults`]); no other request pays its
/// hook per field.
pub fn build_faulted_schema(options: &SchemaOptions) -> AppSchema {
    // The faults' extension must see every field: the general path only.
    let faulted =
        || builder_with(options).extension(faults::InjectFieldFaults).data(crate::graphql::flat::GeneralPathOnly);
    let prevalidated = Prevalidated(faulted().extension(SkipValidation).enable_federation().finish());
    faulted().data(prevalidated).finish()
}

/// Skips async-graphql's validation for [`Prevalidated`]'s schema. Even
/// its fast mode walks the whole document per request (complexity, depth,
/// cache hints, fragment cycles): about a tenth of a small query's
/// instructions (Q3: 98k to 90k per request). Nothing reads what the walk
/// would give: the limit it checks passed before, and the cache hints are
/// not served. The extension costs each field async-graphql resolves
/// itself a hook call, which `graphql::flat`'s objects do not pay: Q2, with
/// thousands of values, is unchanged.
struct SkipValidation;

impl ExtensionFactory for SkipValidation {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(SkipValidation)
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for SkipValidation {
    async fn validation(
        &self,
        _ctx: &ExtensionContext<'_>,
        _next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        Ok(ValidationResult { cache_control: Default::default(), complexity: 0, depth: 0 })
    }
}

fn builder_with(
    options: &SchemaOptions,
) -> async_graphql::SchemaBuilder<crate::graphql::Query, crate::graphql::Mutation, crate::graphql::live::Subscription> {
    let mut builder = schema_builder(options.limits.max_nesting).limit_complexity(options.limits.max_complexity);
    if !options.introspection {
        builder = builder.disable_introspection();
    }
    if !options.suggestions {
        builder = builder.disable_suggestions();
    }
    if !options.fast_path {
        builder = builder.data(crate::graphql::flat::GeneralPathOnly);
    }
    builder
}

fn schema_builder(
    max_nesting: usize,
) -> async_graphql::SchemaBuilder<crate::graphql::Query, crate::graphql::Mutation, crate::graphql::live::Subscription> {
    // Depth is checked by the walk with numbers in its message;
    // async-graphql's recursion guard (selection sets and spreads nested)
    // stays as a backstop at the nesting limit, which the walk enforces
    // first.
    crate::graphql::schema_builder().limit_recursive_depth(max_nesting)
}
