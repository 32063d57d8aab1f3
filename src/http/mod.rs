//! HTTP: the router, the GraphQL transport (request parsing, limits, content
//! negotiation), the playground, avatars, the SDL and health endpoints.

pub mod avatars;
pub mod cache;
pub mod graphql;
pub mod playground;

use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderValue, Method, header};
use axum::response::IntoResponse;
use axum::routing::get;
use tower_http::cors::{AllowHeaders, AllowOrigin, Any, CorsLayer};

use crate::graphql::{AppSchema, DocumentCache, build_schema};
use crate::store::Store;
use cache::ResponseCache;

/// Everything handlers share, behind one `Arc` so a request clones one
/// pointer.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

/// The contents of [`AppState`].
pub struct Shared {
    pub store: Arc<Store>,
    pub schema: AppSchema,
    /// SDL, rendered once.
    pub sdl: Arc<str>,
    /// Base URL for absolute links, without a trailing slash.
    pub public_url: Arc<str>,
    pub cache: ResponseCache,
    /// Parsed documents of recent queries.
    pub documents: DocumentCache,
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// Parsed documents kept for reuse.
pub const DOCUMENT_CACHE_ENTRIES: usize = 512;

/// Default response-cache budget.
pub const DEFAULT_CACHE_BYTES: usize = 64 << 20;

impl AppState {
    pub fn new(store: Arc<Store>, public_url: &str) -> Self {
        Self::with_cache(store, public_url, DEFAULT_CACHE_BYTES)
    }

    /// As [`AppState::new`] with a response-cache budget in bytes (0: off).
    pub fn with_cache(store: Arc<Store>, public_url: &str, cache_bytes: usize) -> Self {
        let schema = build_schema();
        let sdl = schema.sdl().into();
        let cache = ResponseCache::new(cache_bytes);
        let documents = DocumentCache::new(DOCUMENT_CACHE_ENTRIES);
        let public_url = public_url.trim_end_matches('/').into();
        AppState(Arc::new(Shared { store, schema, sdl, public_url, cache, documents }))
    }
}

/// Which origins CORS lets in: `None` for any.
pub type CorsOrigins = Option<Vec<String>>;

/// The whole application.
pub fn router(state: AppState, cors: &CorsOrigins) -> Router {
    Router::new()
        .route("/graphql", get(graphql::get_handler).post(graphql::post_handler))
        .route("/schema.graphql", get(schema_handler))
        .route("/healthz", get(health_handler))
        .route("/avatars/{file}", get(avatars::avatar))
        .merge(playground::router(playground::PlaygroundSettings::default()))
        .layer(cors_layer(cors))
        .with_state(state)
}

fn cors_layer(origins: &CorsOrigins) -> CorsLayer {
    let layer = CorsLayer::new()
        .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
        // Mirrored, not `*`: browsers never let a `*` cover `Authorization`
        // (Fetch standard), so a dashboard sending a bearer token would
        // fail its preflight.
        .allow_headers(AllowHeaders::mirror_request())
        .max_age(std::time::Duration::from_secs(600));
    match origins {
        None => layer.allow_origin(Any),
        Some(list) => layer.allow_origin(AllowOrigin::list(list.iter().filter_map(|o| HeaderValue::from_str(o).ok()))),
    }
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
    }))
}
