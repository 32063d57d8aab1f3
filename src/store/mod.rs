//! The in-memory store: generated datasets held as immutable snapshots with
//! the indices every API lookup needs, so a lookup costs O(log n + k) and
//! never scans a table.
//!
//! A [`Snapshot`] never changes once built; readers hold an `Arc` to one for
//! a whole request, so a response is always consistent. Writes (a later
//! release) build the next snapshot and swap it in with [`Store::replace`].
//! Several datasets (other seeds, anchors or scenarios) live side by side in
//! the [`Store`]'s registry, generated on first use.

pub mod index;
pub mod rollups;

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::data::{self, Dataset, GenerateError, Params};
pub use index::{EntityRef, Index};
pub use rollups::{AgentSet, CellMask, GridTotals, LatencySample, RecordCounts};

/// One dataset with its indices.
#[derive(Debug)]
pub struct Snapshot {
    pub dataset: Dataset,
    pub index: Index,
    fingerprint: OnceLock<String>,
    /// Analytics roll-ups, built part by part on first use (see [`rollups`]).
    rollups: rollups::Rollups,
}

impl Snapshot {
    pub fn new(dataset: Dataset) -> Self {
        let index = Index::build(&dataset);
        Snapshot { dataset, index, fingerprint: OnceLock::new(), rollups: rollups::Rollups::default() }
    }

    /// Generates and indexes the dataset of `params`.
    pub fn generate(params: &Params) -> Result<Self, GenerateError> {
        Ok(Snapshot::new(data::generate(params)?))
    }

    /// SHA-256 of the canonical dump, computed on first use.
    pub fn fingerprint(&self) -> &str {
        self.fingerprint.get_or_init(|| data::dump::fingerprint(&self.dataset))
    }

    /// Any entity by id.
    pub fn entity(&self, id: Uuid) -> Option<EntityRef> {
        self.index.by_id.get(&id).copied()
    }

    pub fn user_ix(&self, id: Uuid) -> Option<u32> {
        match self.entity(id)? {
            EntityRef::User(u) => Some(u),
            _ => None,
        }
    }

    pub fn agent_ix(&self, id: Uuid) -> Option<u32> {
        match self.entity(id)? {
            EntityRef::Agent(a) => Some(a),
            _ => None,
        }
    }

    pub fn conversation_ix(&self, id: Uuid) -> Option<u32> {
        match self.entity(id)? {
            EntityRef::Conversation(c) => Some(c),
            _ => None,
        }
    }

    /// Window days covering `from..=to` (clamped to the window), as a range.
    pub fn day_range(&self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Range<u32> {
        let window = &self.dataset.window;
        let first = window.start().date_naive();
        let day = |d: NaiveDate| (d - first).num_days().clamp(0, window.days as i64) as u32;
        let start = from.map_or(0, day);
        let end = to.map_or(window.days, |t| day(t + chrono::Days::new(1)));
        start..end.max(start)
    }

    /// Rows of the daily-metric / cost-record grid for one agent over `days`.
    pub fn grid_rows(&self, agent: u32, days: Range<u32>) -> Range<usize> {
        self.dataset.grid_row(agent, days.start)..self.dataset.grid_row(agent, days.end)
    }

    /// Conversation rows started in `[from, to)`, in time order.
    pub fn conversations_between(&self, from: Option<DateTime<Utc>>, to: Option<DateTime<Utc>>) -> Range<usize> {
        time_range(&self.dataset.conversations, |c| c.started_at, from, to)
    }

    /// One agent's conversation rows started in `[from, to)`, in time order.
    pub fn agent_conversations(&self, agent: u32, from: Option<DateTime<Utc>>, to: Option<DateTime<Utc>>) -> &[u32] {
        let rows = &self.index.conversations_by_agent[agent as usize];
        let at = |&row: &u32| self.dataset.conversations[row as usize].started_at;
        let start = from.map_or(0, |f| rows.partition_point(|r| at(r) < f));
        let end = to.map_or(rows.len(), |t| rows.partition_point(|r| at(r) < t));
        &rows[start..end.max(start)]
    }

    /// Audit rows created in `[from, to)`, in time order.
    pub fn audit_between(&self, from: Option<DateTime<Utc>>, to: Option<DateTime<Utc>>) -> Range<usize> {
        time_range(&self.dataset.audit_logs, |l| l.created_at, from, to)
    }
}

/// Rows of a time-ordered table in `[from, to)`, by binary search.
fn time_range<T>(
    rows: &[T],
    at: impl Fn(&T) -> DateTime<Utc>,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
) -> Range<usize> {
    let start = from.map_or(0, |f| rows.partition_point(|r| at(r) < f));
    let end = to.map_or(rows.len(), |t| rows.partition_point(|r| at(r) < t));
    start..end.max(start)
}

/// How many extra datasets the registry keeps before evicting the oldest.
pub const REGISTRY_CAPACITY: usize = 8;

/// Holds the served dataset and any others generated on demand.
#[derive(Debug)]
pub struct Store {
    current: RwLock<Arc<Snapshot>>,
    others: Mutex<Registry>,
}

#[derive(Debug, Default)]
struct Registry {
    /// Generation order, for eviction.
    order: Vec<Params>,
    snapshots: BTreeMap<ParamsKey, Arc<Snapshot>>,
}

/// `Params` ordered, so the registry never depends on hash order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct ParamsKey {
    seed: u64,
    anchor: i64,
    sizes: (usize, usize, usize, usize, u32),
}

impl From<&Params> for ParamsKey {
    fn from(p: &Params) -> Self {
        let s = p.sizes;
        ParamsKey {
            seed: p.seed,
            anchor: p.anchor.timestamp(),
            sizes: (s.users, s.agents, s.conversations, s.audit_logs, s.days),
        }
    }
}

impl Store {
    pub fn new(snapshot: Snapshot) -> Self {
        Store { current: RwLock::new(Arc::new(snapshot)), others: Mutex::new(Registry::default()) }
    }

    /// The served dataset, as one consistent snapshot.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        match self.current.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Swaps in a new served snapshot (writes, resets).
    pub fn replace(&self, snapshot: Snapshot) {
        let snapshot = Arc::new(snapshot);
        match self.current.write() {
            Ok(mut guard) => *guard = snapshot,
            Err(poisoned) => *poisoned.into_inner() = snapshot,
        }
    }

    /// The dataset of other parameters: the served one if they match, else
    /// generated on first use and kept (up to [`REGISTRY_CAPACITY`]).
    pub fn dataset_for(&self, params: &Params) -> Result<Arc<Snapshot>, GenerateError> {
        let current = self.snapshot();
        if current.dataset.params == *params {
            return Ok(current);
        }
        let key = ParamsKey::from(params);
        if let Some(found) = self.registry().snapshots.get(&key) {
            return Ok(found.clone());
        }
        let snapshot = Arc::new(Snapshot::generate(params)?);
        let mut registry = self.registry();
        if !registry.snapshots.contains_key(&key) {
            if registry.order.len() >= REGISTRY_CAPACITY {
                let oldest = registry.order.remove(0);
                registry.snapshots.remove(&ParamsKey::from(&oldest));
            }
            registry.order.push(*params);
            registry.snapshots.insert(key, snapshot);
        }
        Ok(registry.snapshots.get(&key).cloned().unwrap_or_else(|| current.clone()))
    }

    fn registry(&self) -> std::sync::MutexGuard<'_, Registry> {
        self.others.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
