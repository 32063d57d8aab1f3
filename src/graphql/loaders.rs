//! One loader type over the store, with one `Loader<Key>` per relation, so
//! nested fields resolve in batches: a list of N agents asking for their
//! creators makes one user lookup, not N.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::future::BoxFuture;

use async_graphql::dataloader::{DataLoader, Loader, NoCache};

use super::connection::Page;
use crate::data::messages::{Message, transcript};
use crate::error::ApiError;
use crate::store::Snapshot;
use crate::store::query::{AgentList as AgentListQuery, agent_page};
use crate::store::query::{AuditList as AuditListQuery, AuditScope, audit_page};
use crate::store::query::{ConversationList as ConversationListQuery, conversation_page};

/// The batch tasks of one request's loader. Instead of waiting on a timer
/// (which closes a batch whenever it happens to fire, so a slow poll splits
/// it), a batch runs when the request can make no more progress without it:
/// the engine's loader driver takes them from here when the request stalls.
#[derive(Clone, Default)]
pub struct LoaderQueue(Arc<Mutex<Vec<BoxFuture<'static, ()>>>>);

impl LoaderQueue {
    fn push(&self, task: BoxFuture<'static, ()>) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).push(task);
    }

    /// The batch tasks queued since the last take.
    pub fn take(&self) -> Vec<BoxFuture<'static, ()>> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

/// The relations resolved through the loader, for batch statistics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    User,
    Agent,
    AgentDailyMetrics,
    AgentCostRecords,
    AgentConversations,
    UserAgents,
    ActorAuditLogs,
    TargetAuditLogs,
    Messages,
}

impl Relation {
    pub const ALL: [Relation; 9] = [
        Relation::User,
        Relation::Agent,
        Relation::AgentDailyMetrics,
        Relation::AgentCostRecords,
        Relation::AgentConversations,
        Relation::UserAgents,
        Relation::ActorAuditLogs,
        Relation::TargetAuditLogs,
        Relation::Messages,
    ];
}

/// Counts of batched store lookups, per relation.
#[derive(Debug, Default)]
pub struct LoaderStats {
    batches: [AtomicUsize; 9],
    keys: [AtomicUsize; 9],
}

impl LoaderStats {
    fn record(&self, relation: Relation, keys: usize) {
        self.batches[relation as usize].fetch_add(1, Ordering::Relaxed);
        self.keys[relation as usize].fetch_add(keys, Ordering::Relaxed);
    }

    /// Batches run for one relation.
    pub fn batches(&self, relation: Relation) -> usize {
        self.batches[relation as usize].load(Ordering::Relaxed)
    }

    /// Keys loaded for one relation.
    pub fn keys(&self, relation: Relation) -> usize {
        self.keys[relation as usize].load(Ordering::Relaxed)
    }

    /// Batches over all relations.
    pub fn total_batches(&self) -> usize {
        Relation::ALL.iter().map(|r| self.batches(*r)).sum()
    }
}

/// Loads from one snapshot.
pub struct StoreLoader {
    snap: Arc<Snapshot>,
    stats: Arc<LoaderStats>,
}

impl StoreLoader {
    pub fn new(snap: Arc<Snapshot>, stats: Arc<LoaderStats>) -> Self {
        StoreLoader { snap, stats }
    }

    /// The snapshot it loads from.
    pub fn snapshot(&self) -> &Arc<Snapshot> {
        &self.snap
    }

    /// A per-request loader whose batches wait in `queue` for the engine's
    /// loader driver.
    pub fn data_loader(self, queue: LoaderQueue) -> DataLoader<StoreLoader, NoCache> {
        // A zero delay: the batch runs when the driver polls it (the
        // request stalled), not on a timer (see Cargo.toml: async-graphql
        // without `tokio-timer`).
        let loader = DataLoader::with_cache(self, move |task| queue.push(task), NoCache).delay(Duration::ZERO);
        // async-graphql's batch timer is `unimplemented!()` on wasm32; a
        // batch of one key starts at once, without it. Every key is loaded
        // on its own either way, so the answers are the same.
        #[cfg(target_arch = "wasm32")]
        let loader = loader.max_batch_size(1);
        loader
    }

    /// Each key's value, yielding between keys once the poll's time slice
    /// is spent (a batch of transcripts is milliseconds of work; a key can
    /// be a transcript or a page, so the clock is read at every one).
    async fn batch<K: Clone + Eq + std::hash::Hash, V>(
        &self,
        relation: Relation,
        keys: &[K],
        load: impl Fn(&K) -> Option<V>,
    ) -> HashMap<K, V> {
        self.stats.record(relation, keys.len());
        let mut values = HashMap::with_capacity(keys.len());
        for key in keys {
            crate::rt::yield_if_due().await;
            if let Some(value) = load(key) {
                values.insert(key.clone(), value);
            }
        }
        values
    }
}

/// The page a nested connection's loader key stands for (empty when the
/// parent row is gone).
pub async fn load_page<K>(ctx: &async_graphql::Context<'_>, snap: &Arc<Snapshot>, key: K) -> async_graphql::Result<Page>
where
    K: Send + Sync + std::hash::Hash + Eq + Clone + 'static,
    StoreLoader: Loader<K, Value = Arc<Page>, Error = ApiError>,
{
    let page = super::context::ContextExt::loader(ctx, snap)?.load_one(key).await?;
    Ok(page.map_or_else(Page::empty, |p| (*p).clone()))
}

/// A user row (creator, actor).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UserKey(pub u32);

/// An agent row (of a conversation, metric, cost record or audit entry).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AgentKey(pub u32);

/// An agent's daily metrics over window days `[from, to)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AgentDailyMetricsKey {
    pub agent: u32,
    pub days: (u32, u32),
}

/// An agent's cost records over window days `[from, to)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AgentCostRecordsKey {
    pub agent: u32,
    pub days: (u32, u32),
}

/// A page of an agent's conversations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgentConversationsKey {
    pub agent: u32,
    pub query: Arc<ConversationListQuery>,
}

/// A page of the agents a user created.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserAgentsKey {
    pub user: u32,
    pub query: Arc<AgentListQuery>,
}

/// A page of the audit entries a user made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActorAuditLogsKey {
    pub user: u32,
    pub query: Arc<AuditListQuery>,
}

/// A page of the audit entries about an agent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetAuditLogsKey {
    pub agent: u32,
    pub query: Arc<AuditListQuery>,
}

/// Page keys hash their row alone: keys of one batch differ by row, not by
/// query (one field's arguments), and hashing a query's every filter cost
/// more than loading its page. Equal keys have equal rows, so equal hashes.
macro_rules! hash_by_row {
    ($($key:ty => $row:ident),* $(,)?) => {$(
        impl std::hash::Hash for $key {
            fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                self.$row.hash(state);
            }
        }
    )*};
}

hash_by_row!(
    AgentConversationsKey => agent,
    UserAgentsKey => user,
    ActorAuditLogsKey => user,
    TargetAuditLogsKey => agent,
);

/// The transcript of a conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MessagesKey(pub u32);

impl Loader<UserKey> for StoreLoader {
    type Value = u32;
    type Error = ApiError;

    async fn load(&self, keys: &[UserKey]) -> Result<HashMap<UserKey, u32>, ApiError> {
        let users = self.snap.dataset.users.len() as u32;
        Ok(self.batch(Relation::User, keys, |k| (k.0 < users).then_some(k.0)).await)
    }
}

impl Loader<AgentKey> for StoreLoader {
    type Value = u32;
    type Error = ApiError;

    async fn load(&self, keys: &[AgentKey]) -> Result<HashMap<AgentKey, u32>, ApiError> {
        let agents = self.snap.dataset.agents.len() as u32;
        Ok(self.batch(Relation::Agent, keys, |k| (k.0 < agents).then_some(k.0)).await)
    }
}

impl Loader<AgentDailyMetricsKey> for StoreLoader {
    type Value = (usize, usize);
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[AgentDailyMetricsKey],
    ) -> Result<HashMap<AgentDailyMetricsKey, (usize, usize)>, ApiError> {
        Ok(self
            .batch(Relation::AgentDailyMetrics, keys, |k| {
                let rows = self.snap.grid_rows(k.agent, k.days.0..k.days.1);
                Some((rows.start, rows.end))
            })
            .await)
    }
}

impl Loader<AgentCostRecordsKey> for StoreLoader {
    type Value = (usize, usize);
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[AgentCostRecordsKey],
    ) -> Result<HashMap<AgentCostRecordsKey, (usize, usize)>, ApiError> {
        Ok(self
            .batch(Relation::AgentCostRecords, keys, |k| {
                let rows = self.snap.grid_rows(k.agent, k.days.0..k.days.1);
                Some((rows.start, rows.end))
            })
            .await)
    }
}

impl Loader<AgentConversationsKey> for StoreLoader {
    type Value = Arc<Page>;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[AgentConversationsKey],
    ) -> Result<HashMap<AgentConversationsKey, Arc<Page>>, ApiError> {
        Ok(self
            .batch(Relation::AgentConversations, keys, |k| {
                Some(Arc::new(conversation_page(&self.snap, Some(k.agent), &k.query)))
            })
            .await)
    }
}

impl Loader<UserAgentsKey> for StoreLoader {
    type Value = Arc<Page>;
    type Error = ApiError;

    async fn load(&self, keys: &[UserAgentsKey]) -> Result<HashMap<UserAgentsKey, Arc<Page>>, ApiError> {
        Ok(self
            .batch(Relation::UserAgents, keys, |k| Some(Arc::new(agent_page(&self.snap, Some(k.user), &k.query))))
            .await)
    }
}

impl Loader<ActorAuditLogsKey> for StoreLoader {
    type Value = Arc<Page>;
    type Error = ApiError;

    async fn load(&self, keys: &[ActorAuditLogsKey]) -> Result<HashMap<ActorAuditLogsKey, Arc<Page>>, ApiError> {
        Ok(self
            .batch(Relation::ActorAuditLogs, keys, |k| {
                Some(Arc::new(audit_page(&self.snap, AuditScope::Actor(k.user), &k.query)))
            })
            .await)
    }
}

impl Loader<TargetAuditLogsKey> for StoreLoader {
    type Value = Arc<Page>;
    type Error = ApiError;

    async fn load(&self, keys: &[TargetAuditLogsKey]) -> Result<HashMap<TargetAuditLogsKey, Arc<Page>>, ApiError> {
        Ok(self
            .batch(Relation::TargetAuditLogs, keys, |k| {
                Some(Arc::new(audit_page(&self.snap, AuditScope::Agent(k.agent), &k.query)))
            })
            .await)
    }
}

impl Loader<MessagesKey> for StoreLoader {
    type Value = Arc<Vec<Message>>;
    type Error = ApiError;

    async fn load(&self, keys: &[MessagesKey]) -> Result<HashMap<MessagesKey, Arc<Vec<Message>>>, ApiError> {
        let conversations = self.snap.dataset.conversations.len() as u32;
        Ok(self
            .batch(Relation::Messages, keys, |k| {
                (k.0 < conversations).then(|| Arc::new(transcript(&self.snap.dataset, k.0)))
            })
            .await)
    }
}
