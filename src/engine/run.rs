//! One execution path for every transport: a request prepared (its
//! document parsed or found in the cache, its operation chosen, its
//! variables checked), run with its loader batches driven
//! ([`super::driver`]), and each response finished: put in selection
//! order with failed fields nulled ([`super::order`]), the complexity
//! figure put in the message, and every error given its code.

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextValidation};
use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, OperationType};
use async_graphql::{Request, Response, ServerError, ValidationResult, Value};
use futures_util::stream::{Stream, StreamExt};

use super::document::{DocumentCache, ParsedDocument};
use super::{AppSchema, SchemaOptions, driver, order, schema_builder};
use crate::error::{ApiError, Limit, codes};
use crate::graphql::RequestData;
use crate::graphql::loaders::LoaderQueue;
use crate::store::Parts;

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
    /// Whether errors suggest names ("Did you mean ...?").
    suggestions: bool,
    loader_queue: Option<LoaderQueue>,
    /// The parts of the dataset its answer depends on.
    reads: Parts,
    /// Whether its document, operation and variables passed strict
    /// validation before ([`super::Prevalidated`]).
    prevalidated: bool,
    /// Whether it may yield when its time slice is spent
    /// ([`driver::drive`]): where its objects may be text (nothing merges).
    sliced: bool,
}

impl PreparedRequest {
    /// The parts of the dataset its answer depends on ([`super::reads`]).
    pub fn reads(&self) -> Parts {
        self.reads
    }

    /// Attaches the per-request state resolvers read.
    pub fn data(mut self, data: RequestData) -> Self {
        self.loader_queue = Some(data.loader_queue.clone());
        self.request = self.request.data(data);
        self
    }

    /// Lets objects be answered as JSON text where the document allows it
    /// (no response key repeated, no type-conditioned fragment), for a
    /// caller that writes the response with
    /// [`crate::graphql::json::write_response`].
    pub fn objects_as_text(mut self) -> Self {
        if self.parsed.objects_as_text() {
            self.request = self.request.data(crate::graphql::json::ObjectsAsText);
            self.sliced = true;
        }
        self
    }

    /// Attaches the field faults to inject (run it on the faulted schema:
    /// [`super::build_faulted_schema`]).
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
    let facts = parsed.operation(operation_name);
    if let Some(refusal) = facts.and_then(|f| f.refusal.clone()) {
        return Err(refusal);
    }
    // Not walked (cannot happen: the walk sees every operation): reads everything.
    let reads = facts.map_or(Parts::ALL, |f| f.reads);
    // Introspection never runs on the prevalidated twin: its registry
    // describes federation's `_service` too (see `super::Prevalidated`).
    // Decided for the whole document (conservative: an operation beside
    // an introspecting one is validated every time too).
    let prevalidated = !parsed.introspects() && parsed.was_validated(operation_name, &request.variables);
    let operation_name = operation_name.map(str::to_string);
    request.set_parsed_query(parsed.to_execute());
    let max_complexity = options.limits.max_complexity;
    let suggestions = options.suggestions;
    Ok(PreparedRequest {
        request,
        parsed,
        kind,
        operation_name,
        max_complexity,
        suggestions,
        loader_queue: None,
        reads,
        prevalidated,
        sliced: false,
    })
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

/// Runs a prepared query or mutation: its one response, through the same
/// steps as [`run`]'s, as one future (async-graphql's `execute`, without
/// the boxed stream `execute_stream` wraps a single response in: simpler,
/// and a few hundred instructions fewer). Subscriptions go by [`run`]; the
/// HTTP handler, its one caller, refuses them before (async-graphql would
/// answer one here with an error).
pub async fn execute(schema: &AppSchema, prepared: PreparedRequest) -> Response {
    let (schema, request, queue, sliced, mut finishing) = begin(schema, prepared);
    // Boxed: async-graphql's future is about 3 KB, and every future that
    // holds it up to the handler's would copy it each time it moves.
    let response = driver::drive(Box::pin(schema.execute(request)), queue, sliced).await;
    finishing.finish_first(response).await
}

/// Runs a prepared request: one response for a query or mutation, one per
/// event for a subscription, every one through the same steps, whatever
/// the transport (HTTP or WebSocket). The request's loader batches run when
/// it stalls ([`driver::drive`]: nested relations of a subscription's
/// events batch as a query's do); each response is put in selection order
/// with failed fields nulled ([`order`]) and every error gets a code:
/// errors found before execution (no data, no path) are validation
/// failures unless they are about a value that cannot be coerced; resolver
/// errors carry the code of their [`ApiError`].
pub fn run(schema: &AppSchema, prepared: PreparedRequest) -> impl Stream<Item = Response> + Send + 'static {
    let (schema, request, queue, sliced, finishing) = begin(schema, prepared);
    let responses = schema.execute_stream(request);
    futures_util::stream::unfold(
        (responses, queue, finishing),
        move |(mut responses, queue, mut finishing)| async move {
            let response = driver::drive(responses.next(), queue.clone(), sliced).await?;
            let response = finishing.finish_first(response).await;
            Some((response, (responses, queue, finishing)))
        },
    )
}

/// A prepared request taken apart for running: the schema it runs on (the
/// one that skips validation when it passed strict validation before), the
/// request, its loader queue, whether it may yield, and what finishing its
/// responses needs.
fn begin(schema: &AppSchema, prepared: PreparedRequest) -> (&AppSchema, Request, LoaderQueue, bool, Finishing) {
    let PreparedRequest {
        request,
        parsed,
        loader_queue,
        max_complexity,
        suggestions,
        prevalidated,
        operation_name,
        sliced,
        ..
    } = prepared;
    let (schema, note_validation) = match (prevalidated, schema.data::<super::Prevalidated>()) {
        (true, Some(super::Prevalidated(unvalidated))) => (unvalidated, false),
        _ => (schema, true),
    };
    let finishing = Finishing {
        parsed,
        operation_name: request.operation_name.clone(),
        variables: request.variables.clone(),
        max_complexity,
        suggestions,
        validated_name: operation_name,
        note_validation,
    };
    (schema, request, loader_queue.unwrap_or_default(), sliced, finishing)
}

/// What finishing a response needs of its request.
struct Finishing {
    parsed: Arc<ParsedDocument>,
    operation_name: Option<String>,
    variables: async_graphql::Variables,
    max_complexity: usize,
    suggestions: bool,
    /// The operation's name, to remember its validation by.
    validated_name: Option<String>,
    /// Whether to remember that the request passed strict validation
    /// once its first response shows it executed.
    note_validation: bool,
}

impl Finishing {
    /// Finishes a response; the first that shows its request executed (a
    /// response that failed before execution has no data and no error with
    /// a path) notes that it passed validation, for the next time.
    async fn finish_first(&mut self, response: Response) -> Response {
        if std::mem::take(&mut self.note_validation) && !failed_before_execution(&response) {
            self.parsed.note_validated(self.validated_name.as_deref(), &self.variables);
        }
        self.finish(response).await
    }

    /// Orders `response`, nulls its failed fields and codes its errors.
    async fn finish(&self, mut response: Response) -> Response {
        let Finishing { parsed, operation_name, variables, max_complexity, suggestions, .. } = self;
        if response.errors.len() == 1 && response.errors[0].message == TOO_COMPLEX {
            return match probe_complexity(parsed, operation_name.clone(), variables.clone()).await {
                Ok(complexity) => {
                    let error = ApiError::limit(Limit::Complexity, complexity, *max_complexity, None);
                    Response::from_errors(vec![error.to_server_error()])
                }
                // Over the limit and invalid too: the validation errors say more.
                Err(mut errors) => {
                    order::sort_errors(&mut errors);
                    let mut response = Response::from_errors(errors);
                    for error in &mut response.errors {
                        let code = classify(&error.message, true);
                        error.extensions.get_or_insert_with(Default::default).set("code", code);
                    }
                    response
                }
            };
        }
        order::in_selection_order(
            &mut response,
            &parsed.document,
            operation_name.as_deref(),
            parsed.has_hidden_fields(),
        );
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
        if *suggestions {
            for error in &mut response.errors {
                if let Some(suggestion) = enum_suggestion(&error.message) {
                    if !error.message.ends_with('.') {
                        error.message.push('.');
                    }
                    error.message.push_str(&suggestion);
                }
            }
        }
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

/// " Did you mean ...?" for async-graphql's message about a value an enum
/// does not have, as graphql-js suggests (async-graphql suggests field and
/// argument names, not enum values): the enum's values within a lexical
/// distance of the one sent.
fn enum_suggestion(message: &str) -> Option<String> {
    let rest = message.split("enumeration type \"").nth(1)?;
    let (ty, rest) = rest.split_once('"')?;
    let sent = rest.split("does not contain the value \"").nth(1)?.split('"').next()?;
    let values = super::schema::schema().enum_values(ty)?;
    let list = super::schema::suggestion_list(sent, values);
    let quoted: Vec<String> = list.iter().take(5).map(|v| format!("\"{v}\"")).collect();
    let names = match quoted.as_slice() {
        [] => return None,
        [one] => one.clone(),
        [first, second] => format!("{first} or {second}"),
        [init @ .., last] => format!("{}, or {last}", init.join(", ")),
    };
    Some(format!(" Did you mean the enum value {names}?"))
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
