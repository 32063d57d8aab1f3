//! HTTP: the accept loop ([`server`]: connection cap, timeouts, graceful
//! shutdown), the application ([`router`]: GraphQL straight to its
//! handlers, the rest through axum's router) with its request-head limits,
//! the GraphQL transport (request parsing, limits, content negotiation,
//! persisted queries), the executor that runs GraphQL work off the IO
//! threads, the response cache, the playground, avatars, the SDL and health
//! endpoints.

pub mod access;
pub mod apq;
pub mod avatars;
pub mod cache;
pub mod context;
pub mod executor;
pub mod exports;
pub mod graphql;
pub mod live;
pub mod playground;
#[cfg(not(target_arch = "wasm32"))]
pub mod server;
pub mod sessions;
#[cfg(not(target_arch = "wasm32"))]
pub mod ws;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower_http::cors::{AllowHeaders, AllowOrigin, Any, CorsLayer};

pub use access::{Access, Hosts, Origins};

use crate::engine::{AppSchema, DocumentCache, Limits, SchemaOptions, build_schema_with};
use crate::error::ApiError;
use crate::store::Store;
use crate::store::hub::{Hub, HubOptions};
use apq::PersistedQueries;
use cache::ResponseCache;
use context::{Defaults, RequestContext, Resolved};
use executor::{Executor, ExecutorOptions};

/// Everything handlers share, behind one `Arc` so a request clones one
/// pointer.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

/// The contents of [`AppState`].
pub struct Shared {
    /// The served dataset's store (the configured dataset; journaled,
    /// simulated).
    pub store: Arc<Store>,
    /// Every dataset and session served ([`crate::store::hub`]).
    pub hub: Hub,
    pub schema: AppSchema,
    /// The same schema, injecting field faults (for requests that ask).
    pub faulted_schema: AppSchema,
    /// SDL, rendered once.
    pub sdl: Arc<str>,
    /// Base URL for absolute links, without a trailing slash.
    pub public_url: Arc<str>,
    pub cache: ResponseCache,
    /// Parsed documents of recent queries.
    pub documents: DocumentCache,
    /// Automatic persisted queries.
    pub persisted: PersistedQueries,
    /// Where GraphQL work runs.
    pub executor: Executor,
    pub options: HttpOptions,
    /// Open WebSockets.
    pub sockets: live::Sockets,
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// Every setting of the HTTP layer, with the schema's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpOptions {
    pub schema: SchemaOptions,
    /// Response-cache budget in bytes (0: off).
    pub response_cache_bytes: usize,
    /// Document-cache budget in bytes (0: off).
    pub document_cache_bytes: usize,
    /// Persisted-query store budget in bytes (0: persisted queries off).
    pub persisted_query_bytes: usize,
    /// Largest request body.
    pub max_body_bytes: usize,
    /// Longest request target (path and query string).
    pub max_uri_bytes: usize,
    /// Most bytes of request headers (names and values).
    pub max_header_bytes: usize,
    /// Most request headers.
    pub max_headers: usize,
    /// Largest response body.
    pub max_response_bytes: usize,
    /// Most operations in one batch.
    pub max_batch: usize,
    /// Time for a request's body to arrive.
    pub body_timeout: Duration,
    /// Time for a GraphQL request to run (queueing for the executor included).
    pub request_timeout: Duration,
    pub executor: ExecutorOptions,
    /// WebSocket limits.
    pub live: live::LiveOptions,
    /// Whether the simulator moves the served data (`/healthz` says so).
    pub simulator: bool,
    /// Which origins and hosts are answered.
    pub access: Access,
    /// Per-request datasets and sessions: how many, how much.
    pub hub: HubOptions,
    /// Latency, faults and the response block when a request does not say.
    pub defaults: Defaults,
    /// What a request without a token may read.
    pub anonymous: crate::data::catalogue::Anonymous,
}

/// Default response-cache budget.
pub const DEFAULT_CACHE_BYTES: usize = 64 << 20;

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            schema: SchemaOptions::default(),
            response_cache_bytes: DEFAULT_CACHE_BYTES,
            document_cache_bytes: 16 << 20,
            persisted_query_bytes: 16 << 20,
            max_body_bytes: 1 << 20,
            max_uri_bytes: 32 << 10,
            max_header_bytes: 32 << 10,
            max_headers: 100,
            max_response_bytes: 16 << 20,
            max_batch: 25,
            body_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(10),
            executor: ExecutorOptions::default(),
            live: live::LiveOptions::default(),
            simulator: false,
            access: Access::default(),
            hub: HubOptions::default(),
            defaults: Defaults { extensions: true, ..Defaults::default() },
            anonymous: Default::default(),
        }
    }
}

impl HttpOptions {
    /// Every setting of the HTTP layer as the flags (and `AGENTMOCK_*`
    /// variables) give it: the server's and the WebAssembly engine's.
    /// The simulator and access are set apart (they need more than the
    /// flags: `--now`, the public URL).
    pub fn from_cli(cli: &crate::config::Cli) -> Self {
        use crate::config::mib;
        let (server, limits, live, testing) = (&cli.server, &cli.limits, &cli.live, &cli.testing);
        let ms = std::time::Duration::from_millis;
        let defaults = ExecutorOptions::default();
        HttpOptions {
            schema: SchemaOptions {
                limits: Limits {
                    max_query_bytes: limits.max_query_bytes as usize,
                    max_tokens: limits.max_tokens as usize,
                    max_nesting: limits.max_nesting as usize,
                    max_depth: limits.max_depth as usize,
                    max_fields: limits.max_fields as usize,
                    max_aliases: limits.max_aliases as usize,
                    max_directives: limits.max_directives as usize,
                    max_complexity: limits.max_complexity as usize,
                },
                introspection: limits.introspection,
                suggestions: limits.field_suggestions,
                fast_path: limits.fast_path,
            },
            response_cache_bytes: mib(server.response_cache_mb),
            document_cache_bytes: mib(limits.document_cache_mb),
            persisted_query_bytes: mib(limits.persisted_queries_mb),
            max_body_bytes: limits.max_body_bytes as usize,
            max_uri_bytes: limits.max_uri_bytes as usize,
            max_header_bytes: limits.max_header_bytes as usize,
            max_headers: limits.max_headers as usize,
            max_response_bytes: limits.max_response_bytes as usize,
            max_batch: limits.max_batch as usize,
            body_timeout: ms(limits.body_timeout_ms),
            request_timeout: ms(limits.request_timeout_ms),
            executor: ExecutorOptions {
                threads: limits.executor_threads.map_or(defaults.threads, |n| n as usize),
                max_in_flight: limits.max_executions as usize,
                max_heavy: limits.max_heavy_executions.map_or(defaults.max_heavy, |n| n as usize),
                ..defaults
            },
            live: live::LiveOptions {
                max_sockets: live.max_websockets as usize,
                max_operations: live.max_subscriptions as usize,
                max_message_bytes: live.max_ws_message_bytes as usize,
                max_queue_bytes: live.max_ws_queue_bytes as usize,
                init_timeout: ms(live.ws_init_timeout_ms),
                keep_alive: ms(live.ws_keep_alive_ms),
                ..Default::default()
            },
            simulator: false,
            access: Default::default(),
            hub: HubOptions {
                datasets_bytes: mib(testing.datasets_mb),
                max_sessions: testing.max_sessions as usize,
                sessions_bytes: mib(testing.sessions_mb),
                session_idle: ms(testing.session_idle_ms),
                exports: server.export_limits(),
                sizes: cli.dataset.sizes().ok(),
            },
            defaults: Defaults {
                latency: testing.latency.0,
                faults: testing.fault.clone(),
                extensions: testing.response_extensions,
            },
            anonymous: server.anonymous,
        }
    }
}

impl AppState {
    pub fn new(store: Arc<Store>, public_url: &str) -> Self {
        Self::with_options(store, public_url, HttpOptions::default())
    }

    /// As [`AppState::new`] with a response-cache budget in bytes (0: off).
    pub fn with_cache(store: Arc<Store>, public_url: &str, cache_bytes: usize) -> Self {
        Self::with_options(store, public_url, HttpOptions { response_cache_bytes: cache_bytes, ..Default::default() })
    }

    /// As [`AppState::new`] with every setting given.
    ///
    /// # Panics
    /// When the executor's threads cannot be started (the OS refuses threads).
    pub fn with_options(store: Arc<Store>, public_url: &str, options: HttpOptions) -> Self {
        Self::try_with_options(store, public_url, options).unwrap_or_else(|e| panic!("cannot start the executor: {e}"))
    }

    /// As [`AppState::with_options`], failing if the executor cannot start.
    pub fn try_with_options(store: Arc<Store>, public_url: &str, options: HttpOptions) -> std::io::Result<Self> {
        let schema = build_schema_with(&options.schema);
        let faulted_schema = crate::engine::build_faulted_schema(&options.schema);
        // The SDL does not depend on the options.
        let sdl = crate::graphql::sdl().into();
        let cache = ResponseCache::new(options.response_cache_bytes);
        let documents = DocumentCache::new(options.document_cache_bytes);
        let persisted = PersistedQueries::new(options.persisted_query_bytes);
        let executor = Executor::new(options.executor)?;
        let public_url = public_url.trim_end_matches('/').into();
        let hub = Hub::new(store.clone(), options.hub);
        Ok(AppState(Arc::new(Shared {
            store,
            hub,
            schema,
            faulted_schema,
            sdl,
            public_url,
            cache,
            documents,
            persisted,
            executor,
            options,
            sockets: live::Sockets::default(),
        })))
    }
}

impl AppState {
    /// Resolves a request's options: its dataset (generated if no request
    /// asked for it before), session, viewer and what is injected into it.
    pub async fn resolve(&self, context: RequestContext, request: &[u8]) -> Result<Resolved, ApiError> {
        Resolved::new(&self.hub, &self.options.defaults, context, request).await
    }
}

/// The whole application: GraphQL on `/graphql` (HTTP and WebSocket), the
/// playground, the SDL, health, avatars, exports and sessions.
pub fn router(state: AppState) -> App {
    let cors = cors_layer(&state.options.access.origins);
    let graphql = tower::Layer::layer(&cors, GraphqlEntry(state.clone()));
    App { routed: routed(state.clone(), cors), graphql, state }
}

/// Every route through axum's router (GraphQL included): what [`App`]
/// answers, the way it answers whatever is not GraphQL.
fn routed(state: AppState, cors: CorsLayer) -> Router {
    Router::new()
        .route("/graphql", get(get_or_upgrade).post(graphql::post_handler).fallback(graphql::other_method_handler))
        .route("/schema.graphql", get(schema_handler))
        .route("/healthz", get(health_handler))
        .route("/avatars/{file}", get(avatars::avatar))
        .route("/exports/{file}", get(exports::download))
        .route("/sessions/{id}", get(sessions::show).delete(sessions::drop))
        .route("/sessions/{id}/reset", axum::routing::post(sessions::reset))
        .merge(playground::router(playground::PlaygroundSettings::for_snapshot(state.store.base())))
        .layer(cors)
        .layer(axum::middleware::from_fn_with_state(state.clone(), admit))
        .with_state(state)
}

/// The application as a service. `GET` and `POST /graphql`, nearly every
/// request a client sends, go straight to their handlers, through the same
/// admission checks and the same CORS layer as the router's routes; the
/// rest goes through axum's router.
///
/// Why not the router for those too: for a small query, the router's
/// dispatch (a clone of the route's whole service stack, the middleware's
/// boxed future, the extractors' copy of the headers) cost about 13,000
/// of its 46,000 instructions (`examples/per_request`, callgrind): a
/// quarter of the work of a request the response cache cannot answer.
/// [`App::routed`] answers every request through the router alone, so the
/// tests can show that both answer alike.
#[derive(Clone)]
pub struct App {
    state: AppState,
    graphql: tower_http::cors::Cors<GraphqlEntry>,
    routed: Router,
}

impl App {
    /// The same application with every request going through axum's
    /// router, GraphQL included.
    pub fn routed(&self) -> Router {
        self.routed.clone()
    }
}

/// What [`App`] answers with.
pub type AppFuture = futures_util::future::Either<
    futures_util::future::Either<
        tower_http::cors::ResponseFuture<GraphqlFuture>,
        std::future::Ready<Result<Response, std::convert::Infallible>>,
    >,
    axum::routing::future::RouteFuture<std::convert::Infallible>,
>;

impl tower::Service<Request> for App {
    type Response = Response;
    type Error = std::convert::Infallible;
    type Future = AppFuture;

    fn poll_ready(&mut self, _: &mut std::task::Context<'_>) -> std::task::Poll<Result<(), Self::Error>> {
        std::task::Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request) -> AppFuture {
        use futures_util::future::Either;
        if !skips_the_router(&request) {
            return Either::Right(tower::Service::call(&mut self.routed, request));
        }
        match refusal(&self.state, &request) {
            Some(mut refused) => {
                set_content_length(&mut refused);
                Either::Left(Either::Right(std::future::ready(Ok(refused))))
            }
            None => Either::Left(Either::Left(tower::Service::call(&mut self.graphql, request))),
        }
    }
}

/// Whether [`App`] answers `request` without axum's router: `GET` and
/// `POST` on `/graphql` exactly (the router's `get` answers `HEAD` too,
/// without a body: left to it, as every other method and path is).
fn skips_the_router(request: &Request) -> bool {
    request.uri().path() == "/graphql" && matches!(*request.method(), Method::GET | Method::POST)
}

/// A `content-length` for a body of known size, as axum's routes set it
/// (hyper would add it on the wire; in process, and in the WebAssembly
/// engine, nothing else does).
fn set_content_length(response: &mut Response) {
    if let Some(length) = axum::body::HttpBody::size_hint(response.body()).exact()
        && !response.headers().contains_key(header::CONTENT_LENGTH)
    {
        response.headers_mut().insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    }
}

/// The boxed future of a GraphQL request ([`GraphqlEntry`]).
pub type GraphqlFuture =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<Response, std::convert::Infallible>> + Send>>;

/// `GET` and `POST /graphql` as a service, for [`App`] to wrap in the
/// CORS layer.
#[derive(Clone)]
pub struct GraphqlEntry(AppState);

impl tower::Service<Request> for GraphqlEntry {
    type Response = Response;
    type Error = std::convert::Infallible;
    type Future = GraphqlFuture;

    fn poll_ready(&mut self, _: &mut std::task::Context<'_>) -> std::task::Poll<Result<(), Self::Error>> {
        std::task::Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request) -> GraphqlFuture {
        let state = self.0.clone();
        Box::pin(async move {
            let mut response = if request.method() == Method::POST {
                let (parts, body) = request.into_parts();
                let connection = parts.extensions.get::<Connection>();
                graphql::post(state, connection, &parts.headers, body).await
            } else {
                get_or_upgrade(State(state), request).await
            };
            set_content_length(&mut response);
            Ok(response)
        })
    }
}

fn cors_layer(origins: &Origins) -> CorsLayer {
    let layer = CorsLayer::new()
        .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
        // Mirrored, not `*`: browsers never let a `*` cover `Authorization`
        // (Fetch standard), so a dashboard sending a bearer token would
        // fail its preflight.
        .allow_headers(AllowHeaders::mirror_request())
        .max_age(std::time::Duration::from_secs(600));
    match origins {
        Origins::Any => layer.allow_origin(Any),
        // Only allowed origins get this far (see [`access::refusal`]); a page of
        // the server's own origin needs no CORS header, so the rest is mirrored.
        Origins::Listed { .. } => layer.allow_origin(AllowOrigin::mirror_request()),
    }
}

/// `GET /graphql`: a WebSocket upgrade, or a GraphQL-over-HTTP query.
async fn get_or_upgrade(State(state): State<AppState>, request: Request) -> Response {
    #[cfg(not(target_arch = "wasm32"))]
    if ws::is_upgrade(&request) {
        return ws::upgrade(state, request).await;
    }
    let (mut parts, _) = request.into_parts();
    let params = axum::extract::Query::<graphql::GetParams>::try_from_uri(&parts.uri);
    let uri = std::mem::take(&mut parts.uri);
    let connection = parts.extensions.get::<Connection>().cloned();
    graphql::get_handler(State(state), connection, parts.headers, uri, params).await
}

async fn schema_handler(axum::extract::State(state): axum::extract::State<AppState>) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], state.sdl.to_string())
}

async fn health_handler(axum::extract::State(state): axum::extract::State<AppState>) -> impl IntoResponse {
    let snap = state.store.snapshot();
    let params = &snap.dataset.params;
    axum::Json(serde_json::json!({
        "status": "ok",
        "seed": params.seed.to_string(),
        "anchorTime": crate::data::dump::timestamp(params.anchor),
        "version": env!("CARGO_PKG_VERSION"),
        "simulator": state.options.simulator,
        "simulatedUntil": crate::data::dump::timestamp(snap.writes.live.until),
        "sessions": state.hub.session_usage().0,
        "datasets": state.hub.dataset_usage().0,
    }))
}

/// The router's one middleware (one layer: each costs a clone and a
/// boxed future per request): a request refused by [`refusal`] gets its
/// refusal before any handler runs.
async fn admit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if let Some(refused) = refusal(&state, &request) {
        return refused;
    }
    next.run(request).await
}

/// A request over the head limits, then one from a host or origin not
/// allowed ([`access::refusal`]), is refused before any handler runs.
fn refusal(state: &AppState, request: &Request) -> Option<Response> {
    over_head_limits(state, request).or_else(|| access::refusal(state, request))
}

/// Refuses a request whose target or headers are over the limits, with a
/// JSON body like every other rejection. (hyper answers heads past its
/// own buffer itself, with an empty body; its buffer is set well above
/// these limits: see [`server`].)
fn over_head_limits(state: &AppState, request: &Request) -> Option<Response> {
    let options = &state.options;
    let uri = request.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if uri > options.max_uri_bytes {
        return Some(error_response(&ApiError::UriTooLong { size: uri, limit: options.max_uri_bytes }, false));
    }
    let headers = request.headers();
    if headers.len() > options.max_headers {
        let message = format!(
            "the request has {} headers, over the limit of {} (--max-headers)",
            headers.len(),
            options.max_headers
        );
        return Some(error_response(&ApiError::HeadersTooLarge(message), false));
    }
    // As they stand on the wire: `name: value\r\n`.
    let bytes: usize = headers.iter().map(|(name, value)| name.as_str().len() + value.len() + 4).sum();
    if bytes > options.max_header_bytes {
        let message = format!(
            "the request headers are {bytes} bytes, over the limit of {} (--max-header-bytes)",
            options.max_header_bytes
        );
        return Some(error_response(&ApiError::HeadersTooLarge(message), false));
    }
    None
}

/// A handle on the connection a request came in on (a request extension
/// the accept loop adds: [`server`]).
#[derive(Clone, Debug, Default)]
pub struct Connection(pub(crate) Arc<std::sync::atomic::AtomicBool>);

impl Connection {
    /// Closes the connection before anything more is written to it: the
    /// client sees it drop with no answer (an injected `drop` fault).
    pub fn abort(&self) {
        self.0.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// A response carrying one error: its status, a JSON body with its code.
pub fn error_response(error: &ApiError, graphql_response: bool) -> Response {
    let status = StatusCode::from_u16(error.status(graphql_response)).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let content_type = if graphql_response { graphql::GRAPHQL_RESPONSE } else { graphql::JSON };
    let mut response = (status, error.to_body()).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if matches!(error, ApiError::MethodNotAllowed(_)) {
        response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, POST"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_graphql_reads_and_posts_skip_the_router() {
        let skips = |method: Method, uri: &str| {
            skips_the_router(&Request::builder().method(method).uri(uri).body(axum::body::Body::empty()).unwrap())
        };
        assert!(skips(Method::POST, "/graphql"));
        assert!(skips(Method::POST, "/graphql?x=1"));
        assert!(skips(Method::GET, "/graphql?query=%7B__typename%7D"));
        assert!(skips(Method::GET, "http://127.0.0.1:4000/graphql"));
        assert!(!skips(Method::HEAD, "/graphql"));
        assert!(!skips(Method::OPTIONS, "/graphql"));
        assert!(!skips(Method::PUT, "/graphql"));
        assert!(!skips(Method::POST, "/graphql/"));
        assert!(!skips(Method::GET, "/graphqlx"));
        assert!(!skips(Method::GET, "/schema.graphql"));
        assert!(!skips(Method::GET, "/"));
    }
}
