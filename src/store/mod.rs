//! The in-memory store: datasets held as persistent snapshots with the
//! indices every API lookup needs, so a lookup costs O(log n + k) and never
//! scans a table.
//!
//! A [`Snapshot`] never changes once built; readers hold an `Arc` to one for
//! a whole request, so a response is always consistent. A write clones the
//! current snapshot (O(1): every table and index is a persistent structure),
//! changes only the rows and index entries it touches, and swaps the result
//! in ([`writes`]). Other datasets (seeds, anchors, scenarios asked for per
//! request) and per-session sandboxes live side by side in the [`hub`].

pub mod auth;
pub mod export;
pub mod hours;
pub mod hub;
pub mod index;
pub mod journal;
pub mod mix;
pub mod query;
pub mod rollups;
pub mod simulator;
pub mod writes;

use std::ops::Range;
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::data::{self, Dataset, GenerateError, Params};
pub use index::{EntityRef, Index};
pub use rollups::{AgentSet, CellMask, Telemetry, Totals};

/// One dataset with its indices.
#[derive(Debug)]
pub struct Snapshot {
    pub dataset: Dataset,
    pub index: Index,
    /// Counts the snapshots a [`Store`] has served: anything derived from
    /// one snapshot (cached responses) is keyed by it.
    pub generation: u64,
    fingerprint: OnceLock<String>,
    /// Analytics roll-ups, built part by part on first use (see [`rollups`]).
    rollups: rollups::Rollups,
    /// The write counter, virtual clock and requested exports.
    pub writes: writes::WriteState,
    /// Token → user row, built on first use and shared by every snapshot
    /// of one seeded lineage (writes never add users).
    tokens: Arc<OnceLock<std::collections::HashMap<String, u32>>>,
    /// End user → their conversation rows, oldest first; built on first use.
    end_users: OnceLock<std::collections::BTreeMap<u64, Vec<u32>>>,
    /// The generation at which each [`Parts`] part last changed.
    pub versions: Versions,
}

/// Parts of a dataset, as a set: what a change touched, or what a read
/// depends on. A cached answer stays valid while the parts it read keep
/// their versions, so a simulator tick that moves only today's telemetry
/// leaves the cached agent list valid.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Parts(u8);

impl Parts {
    pub const NONE: Parts = Parts(0);
    /// Users and their roles.
    pub const USERS: Parts = Parts(1);
    /// Agents: names, configs, statuses and their histories.
    pub const AGENTS: Parts = Parts(1 << 1);
    /// Conversation records.
    pub const CONVERSATIONS: Parts = Parts(1 << 2);
    /// The audit trail.
    pub const AUDIT: Parts = Parts(1 << 3);
    /// Workspace settings and exports.
    pub const WORKSPACE: Parts = Parts(1 << 4);
    /// What moves with the clock: daily metrics, cost records, agents'
    /// roll-ups and last activity, the window's end.
    pub const LIVE: Parts = Parts(1 << 5);
    pub const ALL: Parts = Parts((1 << PARTS) - 1);

    pub fn contains(self, other: Parts) -> bool {
        self.0 & other.0 == other.0
    }

    /// Both sets, in a `const` (`|` is not one).
    pub const fn union(self, other: Parts) -> Parts {
        Parts(self.0 | other.0)
    }

    fn has(self, part: usize) -> bool {
        self.0 & (1 << part) != 0
    }
}

impl std::ops::BitOr for Parts {
    type Output = Parts;

    fn bitor(self, other: Parts) -> Parts {
        Parts(self.0 | other.0)
    }
}

impl std::ops::BitOrAssign for Parts {
    fn bitor_assign(&mut self, other: Parts) {
        self.0 |= other.0;
    }
}

/// How many parts [`Parts`] names.
const PARTS: usize = 6;

/// The generation at which each part last changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Versions([u64; PARTS]);

impl Versions {
    /// Every part at generation 0: the seeded state.
    pub const ZERO: Versions = Versions([0; PARTS]);

    /// Whether every part of `parts` is at the same version in both.
    pub fn agree(&self, other: &Versions, parts: Parts) -> bool {
        (0..PARTS).all(|p| !parts.has(p) || self.0[p] == other.0[p])
    }
}

impl Snapshot {
    pub fn new(dataset: Dataset) -> Self {
        let index = Index::build(&dataset);
        let writes = writes::WriteState::seeded(dataset.params.anchor);
        Snapshot {
            dataset,
            index,
            generation: 0,
            fingerprint: OnceLock::new(),
            rollups: rollups::Rollups::default(),
            writes,
            tokens: Arc::default(),
            end_users: OnceLock::new(),
            versions: Versions::default(),
        }
    }

    /// Marks `parts` as changed in this (new) snapshot.
    pub fn touch(&mut self, parts: Parts) {
        for p in 0..PARTS {
            if parts.has(p) {
                self.versions.0[p] = self.generation;
            }
        }
    }

    /// A copy to change: every table and index is shared until written
    /// (O(1)), built roll-ups are carried, the fingerprint is recomputed on
    /// use, and the generation is the next one.
    pub fn next(&self) -> Snapshot {
        Snapshot {
            dataset: self.dataset.clone(),
            index: self.index.clone(),
            generation: self.generation + 1,
            fingerprint: OnceLock::new(),
            rollups: self.rollups.carried(),
            writes: self.writes.clone(),
            tokens: self.tokens.clone(),
            end_users: OnceLock::new(),
            versions: self.versions,
        }
    }

    /// Token → user row.
    pub fn tokens(&self) -> &std::collections::HashMap<String, u32> {
        self.tokens.get_or_init(|| {
            let seed = self.dataset.params.seed;
            self.dataset.users.iter().enumerate().map(|(row, u)| (auth::token(seed, &u.id), row as u32)).collect()
        })
    }

    /// The conversation rows of end user `key`, oldest first (empty when
    /// no retained conversation has them).
    pub fn end_user_rows(&self, key: u64) -> &[u32] {
        let index = self.end_users.get_or_init(|| {
            let mut index: std::collections::BTreeMap<u64, Vec<u32>> = std::collections::BTreeMap::new();
            for (row, c) in self.dataset.conversations.iter().enumerate() {
                index.entry(c.end_user).or_default().push(row as u32);
            }
            index
        });
        index.get(&key).map_or(&[], Vec::as_slice)
    }

    /// Generates and indexes the dataset of `params`.
    pub fn generate(params: &Params) -> Result<Self, GenerateError> {
        Ok(Snapshot::new(data::generate(params)?))
    }

    /// As [`Snapshot::generate`], ready to serve besides: a shelf of
    /// exports within `exports`, and the fingerprint computed once, here,
    /// rather than by the first request that shows it.
    pub fn generate_served(params: &Params, exports: export::ExportLimits) -> Result<Self, GenerateError> {
        let mut snapshot = Snapshot::generate(params)?;
        snapshot.writes.exports = export::Shelf::new(exports);
        snapshot.fingerprint();
        Ok(snapshot)
    }

    /// SHA-256 of the canonical dump, computed on first use.
    pub fn fingerprint(&self) -> &str {
        self.fingerprint.get_or_init(|| data::dump::fingerprint(&self.dataset))
    }

    /// Any entity by id.
    pub fn entity(&self, id: Uuid) -> Option<EntityRef> {
        self.index.entity(&id)
    }

    pub fn user_ix(&self, id: Uuid) -> Option<u32> {
        match self.entity(id)? {
            EntityRef::User(u) => Some(u),
            _ => None,
        }
    }

    /// The agent with this id; none for a deleted one.
    pub fn agent_ix(&self, id: Uuid) -> Option<u32> {
        match self.entity(id)? {
            EntityRef::Agent(a) if self.dataset.agents[a as usize].deleted_at.is_none() => Some(a),
            _ => None,
        }
    }

    pub fn conversation_ix(&self, id: Uuid) -> Option<u32> {
        match self.entity(id)? {
            EntityRef::Conversation(c) => Some(c),
            _ => None,
        }
    }

    /// Rows of the daily-metric / cost-record grid for one agent over `days`.
    pub fn grid_rows(&self, agent: u32, days: Range<u32>) -> Range<usize> {
        self.dataset.grid_row(agent, days.start)..self.dataset.grid_row(agent, days.end)
    }

    /// Conversation rows started in `[from, to)`, in time order.
    pub fn conversations_between(&self, from: Option<DateTime<Utc>>, to: Option<DateTime<Utc>>) -> Range<usize> {
        let table = &self.dataset.conversations;
        time_range(table.len(), |i| table[i].started_at, from, to)
    }

    /// Positions, in the agent's conversation list, of its conversations
    /// started in `[from, to)`.
    pub fn agent_conversations(
        &self,
        agent: u32,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
    ) -> Range<usize> {
        let Some(rows) = self.index.conversations_by_agent.get(agent as usize) else { return 0..0 };
        time_range(rows.len(), |i| self.dataset.conversations[rows[i] as usize].started_at, from, to)
    }

    /// Positions, in an index list of audit rows (any of the time-ordered
    /// `audit_by_*` lists), of the entries created in `[from, to)`.
    pub fn audit_rows_between(
        &self,
        rows: &index::List,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
    ) -> Range<usize> {
        time_range(rows.len(), |i| self.dataset.audit_logs[rows[i] as usize].created_at, from, to)
    }

    /// Audit rows created in `[from, to)`, in time order.
    pub fn audit_between(&self, from: Option<DateTime<Utc>>, to: Option<DateTime<Utc>>) -> Range<usize> {
        let table = &self.dataset.audit_logs;
        time_range(table.len(), |i| table[i].created_at, from, to)
    }
}

/// Positions `[from, to)` of a time-ordered sequence of `len` items whose
/// `i`-th is at `at(i)`, by binary search.
fn time_range(
    len: usize,
    at: impl Fn(usize) -> DateTime<Utc>,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
) -> Range<usize> {
    let position = |t: DateTime<Utc>| {
        let (mut lo, mut hi) = (0, len);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if at(mid) < t { lo = mid + 1 } else { hi = mid }
        }
        lo
    };
    let start = from.map_or(0, position);
    let end = to.map_or(len, position);
    start..end.max(start)
}

/// One dataset as it is served: its seeded state, its current snapshot,
/// its writes (one at a time) and the changes subscribers follow. The
/// served dataset has one; so has every per-request dataset and every
/// session's sandbox ([`hub`]).
#[derive(Debug)]
pub struct Store {
    current: RwLock<Arc<Snapshot>>,
    /// The seeded state, for `resetData` (shares every table with the
    /// current snapshot until writes change them).
    base: Arc<Snapshot>,
    /// Serializes writes: one at a time, in the order they take the lock,
    /// each seeing the one before (linearizable). Readers never take it.
    writer: Mutex<Writer>,
    changes: tokio::sync::broadcast::Sender<Arc<Change>>,
    /// Unique among the stores of a process, so nothing derived from one
    /// store (a cached answer) is taken for another's, even when both are
    /// at the same generation.
    epoch: u64,
}

#[derive(Debug, Default)]
struct Writer {
    journal: Option<journal::Journal>,
    /// Whether the last journaled write failed: a failing journal is logged
    /// once, not once per refused write.
    failing: bool,
}

/// One accepted write, as subscribers see it: the snapshot it made and
/// what changed.
#[derive(Debug)]
pub struct Change {
    pub snapshot: Arc<Snapshot>,
    pub actor: Option<u32>,
    pub events: Vec<writes::Event>,
}

/// Changes a slow subscriber may fall behind by before it misses some.
pub const CHANGE_BUFFER: usize = 1024;

/// Why a store cannot start from its journal.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Journal(#[from] journal::JournalError),
    #[error("the journal {path} cannot be replayed at line {line}: {message}")]
    Replay { path: std::path::PathBuf, line: usize, message: String },
}

impl Store {
    pub fn new(snapshot: Snapshot) -> Self {
        Store::over(Arc::new(snapshot))
    }

    /// A store whose seeded state is `base` (shared, never copied).
    pub fn over(base: Arc<Snapshot>) -> Self {
        static EPOCHS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        Store {
            current: RwLock::new(base.clone()),
            base,
            writer: Mutex::new(Writer::default()),
            changes: tokio::sync::broadcast::channel(CHANGE_BUFFER).0,
            epoch: EPOCHS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// A session's sandbox over the seeded state `base`: it shares every
    /// table with `base` until its writes change them, and the ids its
    /// writes create are keyed by `session` ([`writes::WriteState::lineage`]).
    pub fn sandbox(base: &Arc<Snapshot>, session: &str) -> Self {
        let mut seeded = base.next();
        seeded.generation = base.generation;
        seeded.writes.lineage = Some(session.into());
        // The same data as `base`.
        let _ = seeded.fingerprint.set(base.fingerprint().to_string());
        Store::over(Arc::new(seeded))
    }

    /// This store's number among the stores of the process.
    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    /// A store whose writes are journaled to `path`: the journal's writes
    /// are replayed first. Returns the store and the line of a torn last
    /// record it dropped, if any.
    pub fn with_journal(snapshot: Snapshot, path: &std::path::Path) -> Result<(Self, Option<usize>), OpenError> {
        let opened = journal::Journal::open(path, &snapshot.dataset.params)?;
        let store = Store::replaying(snapshot, path, opened.records)?;
        store.writer().journal = Some(opened.journal);
        Ok((store, opened.dropped_tail))
    }

    /// A store with the journal at `path` replayed, the file left as it is
    /// and not kept (`check --journal`). Returns the store and the line of a
    /// torn last record it left out, if any.
    pub fn from_journal(snapshot: Snapshot, path: &std::path::Path) -> Result<(Self, Option<usize>), OpenError> {
        let read = journal::Journal::read(path, &snapshot.dataset.params)?;
        Ok((Store::replaying(snapshot, path, read.records)?, read.dropped_tail))
    }

    fn replaying(
        snapshot: Snapshot,
        path: &std::path::Path,
        records: Vec<(usize, journal::Record)>,
    ) -> Result<Self, OpenError> {
        let store = Store::new(snapshot);
        let mut current = store.snapshot();
        // The shelf ends up holding some of the last `max_count` exports
        // only: the ones before are replayed without their files (the same
        // ids, audit entries and clock), so a long journal of exports
        // replays without rendering every file.
        let requested =
            records.iter().filter(|(_, r)| matches!(r.command, writes::Command::RequestExport { .. })).count();
        let mut unkept = requested.saturating_sub(current.writes.exports.limits.max_count.max(1));
        for (line, record) in records {
            let replay = |message: String| OpenError::Replay { path: path.to_path_buf(), line, message };
            let actor = match record.actor {
                Some(id) => Some(current.user_ix(id).ok_or_else(|| replay(format!("no user has the id {id}")))?),
                None => None,
            };
            // The simulator had run this far when the write was made.
            if let Some(until) = record.simulated_until.filter(|&u| u > current.writes.live.until) {
                current = writes::Command::Simulate { until }
                    .apply(&current, None)
                    .map_err(|e| replay(e.to_string()))?
                    .snapshot;
            }
            let source = match record.command.export_request(&current, actor) {
                Some(_) if unkept > 0 => {
                    unkept -= 1;
                    writes::ExportSource::Skip
                }
                // A file over this server's budget (a smaller one than the
                // journal's writer had) is not kept; the write stands.
                Some(request) => match export::render(&current, &request, current.writes.exports.limits.max_bytes) {
                    Ok(file) => writes::ExportSource::Rendered(Ok(Arc::new(file))),
                    Err(_) => writes::ExportSource::Skip,
                },
                None => writes::ExportSource::Render,
            };
            let applied = record.command.apply_with(&current, actor, source).map_err(|e| replay(e.to_string()))?;
            if applied.snapshot.writes.count != record.n {
                return Err(replay(format!("write {} replays as write {}", record.n, applied.snapshot.writes.count)));
            }
            current = applied.snapshot;
        }
        *store.current.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = current;
        Ok(store)
    }

    /// The seeded state.
    pub fn base(&self) -> &Arc<Snapshot> {
        &self.base
    }

    /// Runs one write by `actor` (a user row of the served snapshot): the
    /// next snapshot is journaled (when a journal is kept), swapped in and
    /// announced to subscribers before this returns. A refused write
    /// changes nothing.
    pub fn write(&self, actor: Option<u32>, command: &writes::Command) -> Result<writes::Applied, writes::WriteError> {
        if matches!(command, writes::Command::ResetData) {
            command.authorize(&self.snapshot(), actor)?;
        }
        self.commit(actor, command)
    }

    /// Puts the store back to its seeded state, as `resetData` does, for
    /// whoever holds it (a session's owner: the session id is the
    /// capability).
    pub fn reset(&self) -> Result<writes::Applied, writes::WriteError> {
        self.commit(None, &writes::Command::ResetData)
    }

    /// Applies an authorized `command` (see [`Store::write`]).
    fn commit(&self, actor: Option<u32>, command: &writes::Command) -> Result<writes::Applied, writes::WriteError> {
        // An export's file is rendered before the lock is taken (it takes
        // milliseconds, which other writes need not wait for), over the
        // state the write will most likely apply to; again under the lock
        // if another write came first.
        let rendered = self.snapshot();
        let rendered = command.export_request(&rendered, actor).map(|request| {
            let file = export::render(&rendered, &request, rendered.writes.exports.limits.max_bytes).map(Arc::new);
            (rendered, file)
        });
        let mut writer = self.writer();
        let current = self.snapshot();
        let applied = match command {
            writes::Command::ResetData => {
                let mut reset = self.base.next();
                reset.generation = current.generation + 1;
                reset.touch(Parts::ALL);
                let _ = reset.fingerprint.set(self.base.fingerprint().to_string());
                writes::Applied {
                    snapshot: Arc::new(reset),
                    written: writes::Written::Reset,
                    audit: None,
                    events: vec![writes::Event::DataReset],
                    touched: Parts::ALL,
                }
            }
            _ => {
                let source = match rendered {
                    Some((over, file)) if Arc::ptr_eq(&over, &current) => writes::ExportSource::Rendered(file),
                    _ => writes::ExportSource::Render,
                };
                command.apply_with(&current, actor, source)?
            }
        };
        if !applied.wrote(&current) {
            return Ok(applied);
        }
        let simulated = matches!(command, writes::Command::Simulate { .. });
        let Writer { journal, failing } = &mut *writer;
        if let Some(journal) = journal.as_mut().filter(|_| !simulated) {
            let live = &current.writes.live;
            let durable = match command {
                writes::Command::ResetData => journal.truncate(),
                _ => journal.append(&journal::Record {
                    n: applied.snapshot.writes.count,
                    actor: actor.and_then(|u| current.dataset.users.get(u as usize)).map(|u| u.id),
                    command: command.clone(),
                    simulated_until: (live.until > current.dataset.params.anchor).then_some(live.until),
                }),
            };
            if let Err(e) = durable {
                if !std::mem::replace(failing, true) {
                    tracing::error!(error = %e, "cannot journal a write; writes are refused until it can");
                }
                return Err(writes::WriteError::Unavailable(format!(
                    "the write was not made: the journal cannot be written ({e})"
                )));
            }
            if std::mem::replace(failing, false) {
                tracing::info!(journal = %journal.path().display(), "the journal takes writes again");
            }
        }
        *self.current.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = applied.snapshot.clone();
        if !applied.events.is_empty() {
            let change = Change { snapshot: applied.snapshot.clone(), actor, events: applied.events.clone() };
            // No subscriber is fine.
            let _ = self.changes.send(Arc::new(change));
        }
        drop(writer);
        Ok(applied)
    }

    /// Every accepted write from now on, in order.
    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<Arc<Change>> {
        self.changes.subscribe()
    }

    fn writer(&self) -> std::sync::MutexGuard<'_, Writer> {
        self.writer.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The served dataset, as one consistent snapshot.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        match self.current.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Swaps in a new served snapshot (writes, resets).
    pub fn replace(&self, mut snapshot: Snapshot) {
        let mut guard = self.current.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        snapshot.generation = guard.generation + 1;
        *guard = Arc::new(snapshot);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Sizes;

    fn params(seed: u64) -> Params {
        Params::new(seed, "2025-01-19T14:00:00Z".parse().unwrap(), Sizes::default())
    }

    #[test]
    fn replacing_the_served_snapshot_advances_its_generation() {
        let store = Store::new(Snapshot::generate(&params(1)).unwrap());
        let before = store.snapshot();
        store.replace(Snapshot::generate(&params(1)).unwrap());
        assert_eq!(store.snapshot().generation, before.generation + 1);
        assert_eq!(before.generation, 0, "readers keep the snapshot they hold");
    }

    #[test]
    fn lookups_use_the_indices() {
        let snap = Snapshot::generate(&params(1)).unwrap();
        let d = &snap.dataset;
        let agent = 3u32;
        assert_eq!(snap.agent_ix(d.agents[agent as usize].id), Some(agent));
        assert_eq!(snap.user_ix(d.agents[agent as usize].id), None, "an agent id is not a user");
        let positions = snap.agent_conversations(agent, None, None);
        let list = &snap.index.conversations_by_agent[agent as usize];
        assert!(positions.clone().all(|p| d.conversations[list[p] as usize].agent == agent));
        assert_eq!(positions.len(), d.conversations.iter().filter(|c| c.agent == agent).count());
        let from = d.window.day_start(10);
        let to = d.window.day_start(20);
        let range = snap.conversations_between(Some(from), Some(to));
        let expected = d.conversations.iter().filter(|c| c.started_at >= from && c.started_at < to).count();
        assert_eq!(range.len(), expected);
        assert_eq!(snap.grid_rows(agent, 5..10).len(), 5);
    }
}
