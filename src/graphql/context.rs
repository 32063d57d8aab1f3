//! What every request carries into the resolvers, and the `ContextExt`
//! accessors resolvers use instead of raw `ctx.data` lookups.

use std::sync::Arc;

use async_graphql::Context;
use async_graphql::dataloader::{DataLoader, NoCache};

use super::loaders::{LoaderQueue, LoaderStats, StoreLoader};
use crate::error::{ApiError, ApiResult};
use crate::store::Snapshot;

/// Per-request state.
pub struct RequestData {
    pub snapshot: Arc<Snapshot>,
    /// The signed-in user, if any (a row of `users`).
    pub viewer: Option<u32>,
    /// Base URL for absolute links (avatars), without a trailing slash.
    pub public_url: Arc<str>,
    pub loader: DataLoader<StoreLoader, NoCache>,
    /// Where the loader's batches wait for the request to stall.
    pub loader_queue: LoaderQueue,
}

impl RequestData {
    pub fn new(snapshot: Arc<Snapshot>, viewer: Option<u32>, public_url: Arc<str>) -> Self {
        Self::with_stats(snapshot, viewer, public_url, Arc::default())
    }

    /// As [`RequestData::new`], counting loader batches into `stats`.
    pub fn with_stats(
        snapshot: Arc<Snapshot>,
        viewer: Option<u32>,
        public_url: Arc<str>,
        stats: Arc<LoaderStats>,
    ) -> Self {
        let loader_queue = LoaderQueue::default();
        let loader = StoreLoader::new(snapshot.clone(), stats).data_loader(loader_queue.clone());
        RequestData { snapshot, viewer, public_url, loader, loader_queue }
    }
}

/// Typed access to the request's state.
pub trait ContextExt {
    fn request(&self) -> ApiResult<&RequestData>;

    fn snapshot(&self) -> ApiResult<&Arc<Snapshot>> {
        Ok(&self.request()?.snapshot)
    }

    fn loader(&self) -> ApiResult<&DataLoader<StoreLoader, NoCache>> {
        Ok(&self.request()?.loader)
    }
}

impl ContextExt for Context<'_> {
    fn request(&self) -> ApiResult<&RequestData> {
        self.data::<RequestData>().map_err(|_| ApiError::Internal("request data missing".into()))
    }
}
