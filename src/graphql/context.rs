//! What every request carries into the resolvers, and the `ContextExt`
//! accessors resolvers use instead of raw `ctx.data` lookups.

use std::sync::{Arc, Mutex};

use async_graphql::Context;
use async_graphql::dataloader::{DataLoader, NoCache};

use super::loaders::{LoaderQueue, LoaderStats, StoreLoader};
use crate::data::catalogue::Capability;
use crate::error::{ApiError, ApiResult};
use crate::store::{Snapshot, Store};

pub type Loader = DataLoader<StoreLoader, NoCache>;

/// Loaders over other snapshots a request keeps (a batch's mutations, a
/// subscription's events).
const MAX_WRITTEN_LOADERS: usize = 8;

/// Per-request state.
pub struct RequestData {
    /// The snapshot the request reads (a mutation's payload reads the one
    /// its write made: objects carry their snapshot).
    pub snapshot: Arc<Snapshot>,
    /// The signed-in user, if any (a row of `users`).
    pub viewer: Option<u32>,
    /// Base URL for absolute links (avatars), without a trailing slash.
    pub public_url: Arc<str>,
    loader: Arc<Loader>,
    /// Loaders over the snapshots this request's mutations made.
    written: Mutex<Vec<Arc<Loader>>>,
    /// Where the loader's batches wait for the request to stall.
    pub loader_queue: LoaderQueue,
    stats: Arc<LoaderStats>,
    /// The store writes go to; none for a read-only request.
    pub store: Option<Arc<Store>>,
    /// The store whose changes subscriptions follow; none outside a subscription.
    pub feed: Option<Arc<Store>>,
    /// The session the request named, if any (`resetSession` resets it).
    pub session: Option<Arc<crate::store::hub::Session>>,
    /// What a request without a token may read.
    pub anonymous: crate::data::catalogue::Anonymous,
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
        let loader = Arc::new(StoreLoader::new(snapshot.clone(), stats.clone()).data_loader(loader_queue.clone()));
        RequestData {
            snapshot,
            viewer,
            public_url,
            loader,
            written: Mutex::default(),
            loader_queue,
            stats,
            store: None,
            feed: None,
            session: None,
            anonymous: Default::default(),
        }
    }

    /// Anonymous requests read as `anonymous` says.
    pub fn reading_anonymously(mut self, anonymous: crate::data::catalogue::Anonymous) -> Self {
        self.anonymous = anonymous;
        self
    }

    /// The request names `session`.
    pub fn in_session(mut self, session: Option<Arc<crate::store::hub::Session>>) -> Self {
        self.session = session;
        self
    }

    /// Lets the request's subscriptions follow `store`'s changes.
    pub fn listening_to(mut self, store: Arc<Store>) -> Self {
        self.feed = Some(store);
        self
    }

    /// Lets the request's mutations write to `store`.
    pub fn writing_to(mut self, store: Arc<Store>) -> Self {
        self.store = Some(store);
        self
    }

    /// The loader over `snap`: the request's, or one for a snapshot a
    /// mutation of this request made.
    pub fn loader_for(&self, snap: &Arc<Snapshot>) -> Arc<Loader> {
        if Arc::ptr_eq(snap, &self.snapshot) {
            return self.loader.clone();
        }
        let mut written = self.written.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(found) = written.iter().find(|l| Arc::ptr_eq(l.loader().snapshot(), snap)) {
            return found.clone();
        }
        let loader =
            Arc::new(StoreLoader::new(snap.clone(), self.stats.clone()).data_loader(self.loader_queue.clone()));
        // A subscription meets a new snapshot per event: keep the newest few.
        if written.len() >= MAX_WRITTEN_LOADERS {
            written.remove(0);
        }
        written.push(loader.clone());
        loader
    }
}

/// Typed access to the request's state.
/// Input errors met while building a command, held until the command is
/// authorized ([`ContextExt::write_parsed`]).
#[derive(Default)]
pub struct Parsed(Option<ApiError>);

impl Parsed {
    /// The parsed value, or a placeholder (the command is then only
    /// authorized, never run) with the first error kept.
    pub fn take<T: Default>(&mut self, value: ApiResult<T>) -> T {
        value.unwrap_or_else(|e| {
            self.0.get_or_insert(e);
            T::default()
        })
    }
}

pub trait ContextExt {
    fn request(&self) -> ApiResult<&RequestData>;

    fn snapshot(&self) -> ApiResult<&Arc<Snapshot>> {
        Ok(&self.request()?.snapshot)
    }

    /// The loader over the snapshot `snap` (an object's own).
    fn loader(&self, snap: &Arc<Snapshot>) -> ApiResult<Arc<Loader>> {
        Ok(self.request()?.loader_for(snap))
    }

    /// Runs a write by the viewer against the store: the snapshot it made,
    /// or why nothing changed.
    fn write(&self, command: crate::store::writes::Command) -> ApiResult<crate::store::writes::Applied> {
        self.write_parsed(command, Parsed::default())
    }

    /// [`ContextExt::write`] of a command built from input that may not have
    /// parsed: a request that may not run the command is told so first,
    /// whatever its input; then the first input error, if any.
    fn write_parsed(
        &self,
        command: crate::store::writes::Command,
        parsed: Parsed,
    ) -> ApiResult<crate::store::writes::Applied> {
        let request = self.request()?;
        let store = request.store.as_ref().ok_or_else(|| ApiError::Internal("a write outside a mutation".into()))?;
        if let Some(error) = parsed.0 {
            command.authorize(&store.snapshot(), request.viewer)?;
            return Err(error);
        }
        Ok(store.write(request.viewer, &command)?)
    }

    /// The signed-in user's row, if any.
    fn viewer(&self) -> ApiResult<Option<u32>> {
        Ok(self.request()?.viewer)
    }

    /// Whether the viewer may `capability`, by the role it has in `snap`
    /// (anonymous: as `--anonymous` says); `FORBIDDEN` naming `what` if not.
    fn require(&self, snap: &Snapshot, capability: Capability, what: &str) -> ApiResult<()> {
        let request = self.request()?;
        let role = request.viewer.and_then(|u| snap.dataset.users.get(u as usize)).map(|u| u.role);
        let allowed = match role {
            Some(role) => role.can(capability),
            None => request.anonymous.can(capability),
        };
        if allowed {
            return Ok(());
        }
        let who = role.map_or("an anonymous request".to_string(), |r| format!("the {} role", r.as_str()));
        Err(ApiError::Forbidden(format!(
            "{what} needs the {} capability, which {who} does not have",
            capability.as_str()
        )))
    }
}

impl ContextExt for Context<'_> {
    fn request(&self) -> ApiResult<&RequestData> {
        self.data::<RequestData>().map_err(|_| ApiError::Internal("request data missing".into()))
    }
}
