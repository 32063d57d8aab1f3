//! The GraphQL API over the store: one file per entity (its object type,
//! field resolvers and root fields), merged into one schema. Knows nothing of
//! HTTP: [`execute`] takes a request and gives a response whose errors all
//! carry `extensions.code`.

pub mod agent;
pub mod analytics;
pub mod audit;
pub mod connection;
pub mod context;
pub mod conversation;
pub mod cost;
pub mod enums;
pub mod faults;
pub mod limits;
pub mod literals;
pub mod live;
pub mod loaders;
pub mod meta;
pub mod metrics;
pub mod model;
pub mod node;
pub mod order;
pub mod range;
pub mod reads;
pub mod roles;
pub mod scalars;
pub mod session;
pub mod telemetry;
pub mod user;
pub mod workspace;

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextValidation};
use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, OperationType};
use async_graphql::{MergedObject, Request, Response, Schema, ServerError, ValidationResult, Value};
use futures_util::stream::{Stream, StreamExt};

pub use context::{ContextExt, RequestData};
pub use limits::Limits;

use crate::error::{ApiError, Limit, codes};
use crate::lru::{ByteLru, allocation};

/// Every root query field.
#[derive(MergedObject, Default)]
pub struct Query(
    agent::AgentQuery,
    conversation::ConversationQuery,
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

/// How the schema is served: the document limits and the switches for
/// shared networks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaOptions {
    pub limits: Limits,
    /// Answer `__schema` / `__type` (GraphiQL and codegen need it).
    pub introspection: bool,
    /// Suggest field and argument names in validation errors ("Did you mean ...?").
    pub suggestions: bool,
}

impl Default for SchemaOptions {
    fn default() -> Self {
        SchemaOptions { limits: Limits::default(), introspection: true, suggestions: true }
    }
}

/// Builds the schema with the default options. Needs no data: resolvers
/// read [`RequestData`].
pub fn build_schema() -> AppSchema {
    build_schema_with(&SchemaOptions::default())
}

/// Builds the schema with `options`.
pub fn build_schema_with(options: &SchemaOptions) -> AppSchema {
    builder_with(options).finish()
}

/// The schema of requests that carry field faults: the same, with the
/// extension that injects them ([`faults`]).
pub fn build_faulted_schema(options: &SchemaOptions) -> AppSchema {
    builder_with(options).extension(faults::InjectFieldFaults).finish()
}

fn builder_with(options: &SchemaOptions) -> async_graphql::SchemaBuilder<Query, Mutation, live::Subscription> {
    let mut builder = schema_builder(options.limits.max_nesting).limit_complexity(options.limits.max_complexity);
    if !options.introspection {
        builder = builder.disable_introspection();
    }
    if !options.suggestions {
        builder = builder.disable_suggestions();
    }
    builder
}

fn schema_builder(max_nesting: usize) -> async_graphql::SchemaBuilder<Query, Mutation, live::Subscription> {
    // Depth is checked by [`limits::analyse`] with numbers in its message;
    // async-graphql's recursion guard (selection sets and spreads nested)
    // stays as a backstop at the nesting limit, which `analyse` enforces
    // first.
    Schema::build(Query::default(), Mutation::default(), live::Subscription)
        .register_output_type::<node::Node>()
        .limit_recursive_depth(max_nesting)
}

/// The schema in SDL, as committed in `schema.graphql`.
pub fn sdl() -> String {
    build_schema().sdl()
}

/// async-graphql says only "Query is too complex." when a query is over
/// `limit_complexity`. Only then, the request is validated again by this
/// schema, which has no limit and an extension that reads the complexity
/// and stops before execution, so the error can give the figure. (An
/// extension on the main schema would cost every field of every request a
/// hook call.)
fn complexity_probe() -> &'static AppSchema {
    static PROBE: std::sync::OnceLock<AppSchema> = std::sync::OnceLock::new();
    PROBE.get_or_init(|| schema_builder(usize::MAX).extension(ComplexityProbe).finish())
}

/// The message async-graphql gives for a query over `limit_complexity`.
const TOO_COMPLEX: &str = "Query is too complex.";

struct ComplexityProbe;

impl ExtensionFactory for ComplexityProbe {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ComplexityProbe)
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for ComplexityProbe {
    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let result = next.run(ctx).await?;
        // Carried out in a message the caller reads; never executed.
        Err(vec![ServerError::new(format!("{PROBED}{}", result.complexity), None)])
    }
}

const PROBED: &str = "agentmock complexity probe: ";

/// What kind of operation a request would run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OperationKind {
    Query,
    Mutation,
    Subscription,
}

/// A query parsed once: the document as sent (to order responses by) and,
/// when ordering needs them, the same with hidden `__typename` fields (to run).
pub struct ParsedDocument {
    document: ExecutableDocument,
    executable: Option<ExecutableDocument>,
    /// Heap bytes the two documents hold, estimated (see [`limits::heap_bytes`]).
    heap_bytes: usize,
}

impl ParsedDocument {
    /// Scans, parses and analyses `query`: every document limit but
    /// complexity.
    fn parse(query: &str, options: &SchemaOptions) -> Result<Self, ApiError> {
        let limits = &options.limits;
        limits::scan(query, limits)?;
        let document = async_graphql::parser::parse_query(query).map_err(parse_error)?;
        limits::analyse(&document, limits, options.introspection)?;
        literals::check(&document)?;
        let mut executable = document.clone();
        let executable = order::prepare_document(&mut executable).then_some(executable);
        let heap_bytes = limits::heap_bytes(&document) + executable.as_ref().map_or(0, limits::heap_bytes);
        Ok(ParsedDocument { document, executable, heap_bytes })
    }

    /// The document to hand to the executor.
    fn to_execute(&self) -> ExecutableDocument {
        self.executable.as_ref().unwrap_or(&self.document).clone()
    }
}

/// A parse error as one short line, with its position: pest's message
/// spans several lines of ASCII art; its last line says what was expected.
fn parse_error(error: async_graphql::parser::Error) -> ApiError {
    let pos = error.positions().next();
    let message = match &error {
        async_graphql::parser::Error::Syntax { message, .. } => {
            let expected = message.lines().rev().find_map(|l| l.trim().strip_prefix("= ")).unwrap_or(message);
            format!("Syntax Error: {expected}")
        }
        other => format!("Syntax Error: {other}"),
    };
    let message = format!("{}.", message.trim_end_matches('.'));
    ApiError::ParseFailed { message, pos }
}

/// Parsed documents by query text, so a repeated query is parsed once.
/// Bounded by the bytes its entries hold (query text, both documents and
/// the entry's bookkeeping), least recently used out first.
pub struct DocumentCache(ByteLru<Box<str>, Arc<ParsedDocument>>);

impl DocumentCache {
    /// A cache holding at most `budget` bytes; 0 disables it. An entry over
    /// a sixteenth of the budget is not kept (it would evict many others).
    pub fn new(budget: usize) -> Self {
        DocumentCache(ByteLru::new(budget, budget / 16))
    }

    /// The parsed document of `query`, or why it cannot be run.
    fn parse(&self, query: &str, options: &SchemaOptions) -> Result<Arc<ParsedDocument>, ApiError> {
        if let Some(doc) = self.0.get(query) {
            return Ok(doc);
        }
        let parsed = Arc::new(ParsedDocument::parse(query, options)?);
        if self.0.enabled() {
            // `Box<str>` from `&str` is exactly the text's size.
            let heap = allocation(query.len()) + allocation(std::mem::size_of::<ParsedDocument>()) + parsed.heap_bytes;
            self.0.put(query.into(), parsed.clone(), heap);
        }
        Ok(parsed)
    }
}

/// Its size, entries and budget, as [`ByteLru`] counts them.
impl std::ops::Deref for DocumentCache {
    type Target = ByteLru<Box<str>, Arc<ParsedDocument>>;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

/// A request parsed and ready to run.
pub struct PreparedRequest {
    request: Request,
    /// The parsed document, to order the response by.
    parsed: Arc<ParsedDocument>,
    /// What the request would run.
    pub kind: OperationKind,
    /// The operation's name, if it has one.
    pub operation_name: Option<String>,
    /// The complexity limit it runs under.
    max_complexity: usize,
    loader_queue: Option<loaders::LoaderQueue>,
}

impl PreparedRequest {
    /// The parts of the dataset its answer depends on ([`reads`]).
    pub fn reads(&self) -> crate::store::Parts {
        reads::of_operation(&self.parsed.document, self.operation_name.as_deref())
    }

    /// Attaches the per-request state resolvers read.
    pub fn data(mut self, data: RequestData) -> Self {
        self.loader_queue = Some(data.loader_queue.clone());
        self.request = self.request.data(data);
        self
    }

    /// Attaches the field faults to inject (run it on the faulted schema:
    /// [`build_faulted_schema`]).
    pub fn with_field_faults(mut self, faults: crate::faults::FieldFaults) -> Self {
        self.request = self.request.data(faults);
        self
    }
}

/// Parses a request's document with the default limits, so the caller can
/// see the operation kind before running it; refuses what cannot run.
pub fn prepare(request: Request) -> Result<PreparedRequest, Box<Response>> {
    prepare_cached(request, &DocumentCache::new(0), &SchemaOptions::default())
        .map_err(|e| Box::new(Response::from_errors(vec![e.to_server_error()])))
}

/// As [`prepare`], within the limits of `options`, reusing documents
/// parsed for earlier requests (a cache serves one set of options).
pub fn prepare_cached(
    mut request: Request,
    cache: &DocumentCache,
    options: &SchemaOptions,
) -> Result<PreparedRequest, ApiError> {
    let parsed = cache.parse(&request.query, options)?;
    let Some((operation_name, operation)) = operation(&parsed.document, request.operation_name.as_deref()) else {
        let message = match &request.operation_name {
            Some(name) => format!("Unknown operation named \"{name}\"."),
            None => "Operation name required in request.".to_string(),
        };
        return Err(ApiError::ValidationFailed { message, pos: None });
    };
    check_variables(&operation.node, &request.variables)?;
    let kind = kind_of(operation.node.ty);
    if kind == OperationKind::Subscription {
        single_root_field(&parsed.document, operation_name, operation)?;
    }
    let operation_name = operation_name.map(str::to_string);
    request.set_parsed_query(parsed.to_execute());
    let max_complexity = options.limits.max_complexity;
    Ok(PreparedRequest { request, parsed, kind, operation_name, max_complexity, loader_queue: None })
}

type Operation = async_graphql::parser::Positioned<async_graphql::parser::types::OperationDefinition>;

fn operation<'a>(document: &'a ExecutableDocument, name: Option<&str>) -> Option<(Option<&'a str>, &'a Operation)> {
    match (&document.operations, name) {
        (DocumentOperations::Single(op), None) => Some((None, op)),
        (DocumentOperations::Single(_), Some(_)) => None,
        (DocumentOperations::Multiple(ops), Some(name)) => {
            ops.get_key_value(name).map(|(n, op)| (Some(n.as_str()), op))
        }
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => {
            ops.iter().next().map(|(n, op)| (Some(n.as_str()), op))
        }
        (DocumentOperations::Multiple(_), None) => None,
    }
}

/// A subscription selects one root field, and not an introspection one
/// (graphql-js's SingleFieldSubscriptionsRule, which async-graphql does not
/// have: it would run a stream per field and merge them).
fn single_root_field(document: &ExecutableDocument, name: Option<&str>, operation: &Operation) -> Result<(), ApiError> {
    use async_graphql::parser::types::{Selection, SelectionSet};
    fn collect<'a>(
        document: &'a ExecutableDocument,
        set: &'a SelectionSet,
        seen: &mut Vec<&'a str>,
        keys: &mut Vec<(&'a str, &'a str, async_graphql::Pos)>,
    ) {
        for selection in &set.items {
            match &selection.node {
                Selection::Field(field) => {
                    let key = field.node.response_key().node.as_str();
                    if !keys.iter().any(|(k, _, _)| *k == key) {
                        keys.push((key, field.node.name.node.as_str(), field.pos));
                    }
                }
                Selection::FragmentSpread(spread) => {
                    let fragment_name = spread.node.fragment_name.node.as_str();
                    if seen.contains(&fragment_name) {
                        continue;
                    }
                    seen.push(fragment_name);
                    if let Some(fragment) = document.fragments.get(&spread.node.fragment_name.node) {
                        collect(document, &fragment.node.selection_set.node, seen, keys);
                    }
                }
                Selection::InlineFragment(inline) => collect(document, &inline.node.selection_set.node, seen, keys),
            }
        }
    }
    let mut keys = Vec::new();
    collect(document, &operation.node.selection_set.node, &mut Vec::new(), &mut keys);
    let what = match name {
        Some(name) => format!("Subscription \"{name}\""),
        None => "Anonymous Subscription".to_string(),
    };
    if let Some((_, _, pos)) = keys.get(1) {
        let message = format!("{what} must select only one top level field.");
        return Err(ApiError::ValidationFailed { message, pos: Some(*pos) });
    }
    if let Some((_, _, pos)) = keys.iter().find(|(_, field, _)| field.starts_with("__")) {
        let message = format!("{what} must not select an introspection top level field.");
        return Err(ApiError::ValidationFailed { message, pos: Some(*pos) });
    }
    Ok(())
}

/// async-graphql runs `query($n: Int!)` with `{"n": null}` as if `$n`
/// were absent; graphql-js refuses it (CoerceVariableValues), and so do we,
/// with its words, as for a missing one.
fn check_variables(
    operation: &async_graphql::parser::types::OperationDefinition,
    variables: &async_graphql::Variables,
) -> Result<(), ApiError> {
    for definition in &operation.variable_definitions {
        let definition = &definition.node;
        if definition.var_type.node.nullable {
            continue;
        }
        let name = &definition.name.node;
        let ty = &definition.var_type.node;
        match variables.get(name) {
            Some(Value::Null) => {
                return Err(ApiError::bad_input(format!(
                    "Variable \"${name}\" of non-null type \"{ty}\" must not be null."
                )));
            }
            None if definition.default_value.is_none() => {
                return Err(ApiError::bad_input(format!(
                    "Variable \"${name}\" of required type \"{ty}\" was not provided."
                )));
            }
            _ => {}
        }
    }
    Ok(())
}

fn kind_of(ty: OperationType) -> OperationKind {
    match ty {
        OperationType::Query => OperationKind::Query,
        OperationType::Mutation => OperationKind::Mutation,
        OperationType::Subscription => OperationKind::Subscription,
    }
}

/// Runs a prepared query or mutation: its one response (see [`run`]).
pub async fn execute(schema: &AppSchema, prepared: PreparedRequest) -> Response {
    let mut responses = std::pin::pin!(run(schema, prepared));
    match responses.next().await {
        Some(response) => response,
        None => {
            Response::from_errors(vec![ApiError::Internal("an operation gave no response".into()).to_server_error()])
        }
    }
}

/// Runs a prepared request: one response for a query or mutation, one per
/// event for a subscription, every one through the same steps, whatever
/// the transport (HTTP or WebSocket). The request's loader batches run when
/// it stalls ([`loaders::drive`]: nested relations of a subscription's
/// events batch as a query's do); each response is put in selection order
/// with failed fields nulled ([`order`]) and every error gets a code:
/// errors found before execution (no data, no path) are validation
/// failures unless they are about a value that cannot be coerced; resolver
/// errors carry the code of their [`ApiError`].
pub fn run(schema: &AppSchema, prepared: PreparedRequest) -> impl Stream<Item = Response> + Send + 'static {
    let PreparedRequest { request, parsed, loader_queue, max_complexity, .. } = prepared;
    let finishing = Finishing {
        parsed,
        operation_name: request.operation_name.clone(),
        variables: request.variables.clone(),
        max_complexity,
    };
    let queue = loader_queue.unwrap_or_default();
    let responses = schema.execute_stream(request);
    futures_util::stream::unfold((responses, queue, finishing), |(mut responses, queue, finishing)| async move {
        let response = loaders::drive(responses.next(), queue.clone()).await?;
        let response = finishing.finish(response).await;
        Some((response, (responses, queue, finishing)))
    })
}

/// What finishing a response needs of its request.
struct Finishing {
    parsed: Arc<ParsedDocument>,
    operation_name: Option<String>,
    variables: async_graphql::Variables,
    max_complexity: usize,
}

impl Finishing {
    /// Orders `response`, nulls its failed fields and codes its errors.
    async fn finish(&self, mut response: Response) -> Response {
        let Finishing { parsed, operation_name, variables, max_complexity } = self;
        if response.errors.len() == 1 && response.errors[0].message == TOO_COMPLEX {
            return match probe_complexity(parsed, operation_name.clone(), variables.clone()).await {
                Ok(complexity) => {
                    let error = ApiError::limit(Limit::Complexity, complexity, *max_complexity, None);
                    Response::from_errors(vec![error.to_server_error()])
                }
                // Over the limit and invalid too: the validation errors say more.
                Err(errors) => {
                    let mut response = Response::from_errors(errors);
                    for error in &mut response.errors {
                        let code = classify(&error.message, true);
                        error.extensions.get_or_insert_with(Default::default).set("code", code);
                    }
                    response
                }
            };
        }
        order::in_selection_order(&mut response, &parsed.document, operation_name.as_deref());
        // A value async-graphql coerces only once a resolver asks for it (a
        // custom scalar) fails with the resolver's path; when nothing else
        // came of the request it is what graphql-js reports before execution:
        // a request error, without data.
        if response.data == Value::Null
            && !response.errors.is_empty()
            && response.errors.iter().all(|e| INPUT_ERRORS.iter().any(|p| e.message.starts_with(p)))
        {
            for error in &mut response.errors {
                error.path.clear();
            }
        }
        let failed_validation = response.data == Value::Null && response.errors.iter().all(|e| e.path.is_empty());
        for error in &mut response.errors {
            if error.extensions.as_ref().is_some_and(|x| x.get("code").is_some()) {
                continue;
            }
            let code = classify(&error.message, failed_validation && error.path.is_empty());
            error.extensions.get_or_insert_with(Default::default).set("code", code);
        }
        response
    }
}

/// The complexity async-graphql computed for a request it found too
/// complex, or the request's other validation errors.
async fn probe_complexity(
    parsed: &ParsedDocument,
    operation_name: Option<String>,
    variables: async_graphql::Variables,
) -> Result<usize, Vec<ServerError>> {
    let mut request = Request::new("").variables(variables);
    request.operation_name = operation_name;
    request.set_parsed_query(parsed.to_execute());
    let response = complexity_probe().execute(request).await;
    let probed = response.errors.iter().find_map(|e| e.message.strip_prefix(PROBED).and_then(|n| n.parse().ok()));
    probed.ok_or(response.errors)
}

/// The code of an error async-graphql raised (it has none of its own),
/// told by its message. `before_execution`: the request failed as a whole,
/// without a resolver running. Each message matched here is pinned by a
/// test (tests/it/limits.rs), so an async-graphql upgrade that rewords
/// one fails loudly.
pub fn classify(message: &str, before_execution: bool) -> &'static str {
    // A value that cannot be coerced is bad input whichever phase found it
    // (validation checks literals, execution checks variables).
    if INPUT_ERRORS.iter().any(|prefix| message.starts_with(prefix)) {
        codes::BAD_USER_INPUT
    } else if before_execution {
        codes::GRAPHQL_VALIDATION_FAILED
    } else {
        codes::INTERNAL_SERVER_ERROR
    }
}

/// async-graphql's messages for values that cannot be coerced.
pub const INPUT_ERRORS: [&str; 3] = ["Failed to parse", "Invalid value", "Expected input type"];

/// Whether a response failed before execution (parse or validation): no
/// data, and no error came from a resolver (resolver errors have a path).
pub fn failed_before_execution(response: &Response) -> bool {
    response.data == Value::Null && !response.errors.is_empty() && response.errors.iter().all(|e| e.path.is_empty())
}
