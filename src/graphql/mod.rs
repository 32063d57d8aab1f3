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
pub mod enums;
pub mod loaders;
pub mod meta;
pub mod metrics;
pub mod model;
pub mod node;
pub mod order;
pub mod range;
pub mod roles;
pub mod scalars;
pub mod telemetry;
pub mod user;
pub mod workspace;

use std::sync::Arc;

use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, OperationType};
use async_graphql::{EmptyMutation, EmptySubscription, MergedObject, Request, Response, Schema, ServerError, Value};

pub use context::{ContextExt, RequestData};

use crate::error::codes;

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

pub type AppSchema = Schema<Query, EmptyMutation, EmptySubscription>;

/// Deepest selection nesting a query may have.
pub const MAX_DEPTH: usize = 15;
/// Most fields (weighted by list sizes) a query may select.
pub const MAX_COMPLEXITY: usize = 50_000;

/// Builds the schema. Needs no data: resolvers read [`RequestData`].
pub fn build_schema() -> AppSchema {
    Schema::build(Query::default(), EmptyMutation, EmptySubscription)
        .register_output_type::<node::Node>()
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .finish()
}

/// The schema in SDL, as committed in `schema.graphql`.
pub fn sdl() -> String {
    build_schema().sdl()
}

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
}

impl ParsedDocument {
    fn parse(query: &str) -> Result<Self, String> {
        let document = async_graphql::parser::parse_query(query).map_err(|e| e.to_string())?;
        let mut executable = document.clone();
        let executable = order::prepare_document(&mut executable).then_some(executable);
        Ok(ParsedDocument { document, executable })
    }

    /// The document to hand to the executor.
    fn to_execute(&self) -> ExecutableDocument {
        self.executable.as_ref().unwrap_or(&self.document).clone()
    }
}

/// Parsed documents by query text, so a repeated query is parsed once.
/// Bounded: least recently used out first; long queries are not kept.
pub struct DocumentCache {
    capacity: usize,
    documents: std::sync::Mutex<lru::LruCache<String, Arc<ParsedDocument>>>,
}

/// Longest query text the document cache keeps.
pub const MAX_CACHED_QUERY_BYTES: usize = 16 * 1024;

impl DocumentCache {
    /// A cache of up to `capacity` documents; 0 disables it.
    pub fn new(capacity: usize) -> Self {
        DocumentCache { capacity, documents: std::sync::Mutex::new(lru::LruCache::unbounded()) }
    }

    /// The parsed document of `query`, or the parser's message.
    fn parse(&self, query: &str) -> Result<Arc<ParsedDocument>, String> {
        let cacheable = self.capacity > 0 && query.len() <= MAX_CACHED_QUERY_BYTES;
        if cacheable && let Some(doc) = self.documents.lock().unwrap_or_else(|p| p.into_inner()).get(query) {
            return Ok(doc.clone());
        }
        let parsed = Arc::new(ParsedDocument::parse(query)?);
        if cacheable {
            let mut documents = self.documents.lock().unwrap_or_else(|p| p.into_inner());
            documents.put(query.to_string(), parsed.clone());
            while documents.len() > self.capacity {
                documents.pop_lru();
            }
        }
        Ok(parsed)
    }
}

/// A request parsed and ready to run.
pub struct PreparedRequest {
    request: Request,
    /// The parsed document, to order the response by.
    parsed: Arc<ParsedDocument>,
    /// What the request would run.
    pub kind: OperationKind,
    loader_queue: Option<loaders::LoaderQueue>,
}

impl PreparedRequest {
    /// Attaches the per-request state resolvers read.
    pub fn data(mut self, data: RequestData) -> Self {
        self.loader_queue = Some(data.loader_queue.clone());
        self.request = self.request.data(data);
        self
    }
}

/// Parses a request's document, so the caller can see the operation kind
/// before running it (GET may only run queries); refuses what cannot parse.
pub fn prepare(request: Request) -> Result<PreparedRequest, Box<Response>> {
    prepare_cached(request, &DocumentCache::new(0))
}

/// As [`prepare`], reusing documents parsed for earlier requests.
pub fn prepare_cached(mut request: Request, cache: &DocumentCache) -> Result<PreparedRequest, Box<Response>> {
    let parsed = match cache.parse(&request.query) {
        Ok(parsed) => parsed,
        Err(message) => {
            let error = ServerError::new(message, None);
            return Err(Box::new(Response::from_errors(vec![with_code(error, codes::GRAPHQL_PARSE_FAILED)])));
        }
    };
    let Some(kind) = operation_kind(&parsed.document, request.operation_name.as_deref()) else {
        let message = match &request.operation_name {
            Some(name) => format!("Unknown operation named \"{name}\"."),
            None => "Operation name required in request.".to_string(),
        };
        let error = ServerError::new(message, None);
        return Err(Box::new(Response::from_errors(vec![with_code(error, codes::GRAPHQL_VALIDATION_FAILED)])));
    };
    request.set_parsed_query(parsed.to_execute());
    Ok(PreparedRequest { request, parsed, kind, loader_queue: None })
}

fn operation_kind(document: &ExecutableDocument, name: Option<&str>) -> Option<OperationKind> {
    let operation = match (&document.operations, name) {
        (DocumentOperations::Single(op), None) => op,
        (DocumentOperations::Single(_), Some(_)) => {
            return document
                .operations
                .iter()
                .find(|(n, _)| n.map(|n| n.as_str()) == name)
                .map(|(_, op)| kind_of(op.node.ty));
        }
        (DocumentOperations::Multiple(ops), Some(name)) => ops.get(name)?,
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => ops.values().next()?,
        (DocumentOperations::Multiple(_), None) => return None,
    };
    Some(kind_of(operation.node.ty))
}

fn kind_of(ty: OperationType) -> OperationKind {
    match ty {
        OperationType::Query => OperationKind::Query,
        OperationType::Mutation => OperationKind::Mutation,
        OperationType::Subscription => OperationKind::Subscription,
    }
}

/// Runs a prepared request and gives every error a code: parse failures
/// were coded in [`prepare`]; errors without a path are validation
/// failures; resolver errors carry the code of their [`ApiError`].
///
/// [`ApiError`]: crate::error::ApiError
pub async fn execute(schema: &AppSchema, prepared: PreparedRequest) -> Response {
    let PreparedRequest { request, parsed, loader_queue, .. } = prepared;
    let operation_name = request.operation_name.clone();
    let mut response = match loader_queue {
        Some(queue) => loaders::drive(schema.execute(request), queue).await,
        None => schema.execute(request).await,
    };
    order::in_selection_order(&mut response, &parsed.document, operation_name.as_deref());
    let failed_validation = response.data == Value::Null && response.errors.iter().all(|e| e.path.is_empty());
    for error in &mut response.errors {
        if error.extensions.as_ref().is_some_and(|x| x.get("code").is_some()) {
            continue;
        }
        // A value that cannot be coerced is bad input whichever phase found
        // it (validation checks literals, execution checks variables).
        let code = if is_input_error(&error.message) {
            codes::BAD_USER_INPUT
        } else if failed_validation && error.path.is_empty() {
            codes::GRAPHQL_VALIDATION_FAILED
        } else {
            codes::INTERNAL_SERVER_ERROR
        };
        *error = with_code(std::mem::replace(error, ServerError::new("", None)), code);
    }
    response
}

/// async-graphql's messages for argument values that cannot be coerced.
fn is_input_error(message: &str) -> bool {
    ["Failed to parse", "Invalid value", "Expected input type", "Internal error: Failed to parse"]
        .iter()
        .any(|prefix| message.starts_with(prefix))
}

/// Whether a response failed before execution (parse or validation): no
/// data, and no error came from a resolver (resolver errors have a path).
pub fn failed_before_execution(response: &Response) -> bool {
    response.data == Value::Null && !response.errors.is_empty() && response.errors.iter().all(|e| e.path.is_empty())
}

/// An error outside any resolver, with its code.
pub fn coded_error(message: impl Into<String>, code: &str) -> ServerError {
    with_code(ServerError::new(message, None), code)
}

fn with_code(mut error: ServerError, code: &str) -> ServerError {
    error.extensions.get_or_insert_with(Default::default).set("code", code);
    error
}
