//! Every dataset one server serves: the served one (the configuration's,
//! journaled, moved by the simulator), the datasets requests ask for by
//! scenario, seed and anchor (generated on first use, once however many ask
//! at the same time, kept within a byte budget), and the sessions: each a
//! copy-on-write sandbox of its own over a dataset's seeded state, so
//! parallel test workers never see each other's writes.
//!
//! Everything here is bounded: datasets by the bytes they hold (least
//! recently used first out; one in use is never dropped, and a request that
//! would need more than the budget can free is refused with
//! `DATASET_BUDGET_EXCEEDED`), sessions by their number and their bytes
//! (idle ones expire; the least recently used idle one makes room; when
//! every one is busy the new one is refused with `TOO_MANY_SESSIONS`).
//! Only bookkeeping reads the wall clock (idle times, use order); no data
//! depends on it.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use crate::rt::Instant;

use super::export::ExportLimits;
use super::{Snapshot, Store};
use chrono::{DateTime, Utc};

use crate::data::{Params, Scenario, Sizes};

/// How much the hub may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HubOptions {
    /// Bytes the datasets generated per request may hold together (the
    /// served dataset is not counted).
    pub datasets_bytes: usize,
    /// Sessions at once.
    pub max_sessions: usize,
    /// Bytes the sessions' own writes may hold together (what they share
    /// with their dataset is counted there).
    pub sessions_bytes: usize,
    /// A session unused this long is dropped.
    pub session_idle: Duration,
    /// The exports each store keeps (every dataset's and every session's
    /// own shelf).
    pub exports: ExportLimits,
    /// The sizes configured, before the served scenario made its own of
    /// them: what a request for another scenario starts from. `None`: the
    /// served dataset's when its scenario keeps the configured sizes, the
    /// defaults otherwise.
    pub sizes: Option<Sizes>,
}

impl Default for HubOptions {
    fn default() -> Self {
        HubOptions {
            datasets_bytes: 512 << 20,
            max_sessions: 1024,
            sessions_bytes: 256 << 20,
            session_idle: Duration::from_secs(30 * 60),
            exports: ExportLimits::default(),
            sizes: None,
        }
    }
}

/// Names one dataset: what generation depends on, ordered (never hash
/// order), so it can key a map.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DatasetKey {
    scenario: Scenario,
    seed: u64,
    anchor: i64,
    sizes: (usize, usize, usize, usize, u32),
}

impl From<&Params> for DatasetKey {
    fn from(p: &Params) -> Self {
        let s = p.sizes;
        DatasetKey {
            scenario: p.scenario,
            seed: p.seed,
            anchor: p.anchor.timestamp(),
            sizes: (s.users, s.agents, s.conversations, s.audit_logs, s.days),
        }
    }
}

/// Why the hub cannot serve a request.
#[derive(Debug, Clone, thiserror::Error, PartialEq)]
pub enum HubError {
    /// The dataset asked for cannot be generated (its sizes).
    #[error("the dataset cannot be generated: {0}")]
    Generation(String),
    /// The dataset would not fit the budget, even after dropping every
    /// dataset not in use.
    #[error(
        "no room for another dataset: it needs about {needed_mb} MiB and the datasets in use hold {held_mb} of {budget_mb} MiB (--datasets-mb); try again when fewer are in use, or raise the budget"
    )]
    DatasetBudget { needed_mb: usize, held_mb: usize, budget_mb: usize },
    /// Every session is busy and there is no room for another.
    #[error(
        "no room for another session: {count} sessions hold {held_mb} MiB ({limit} at most, --max-sessions; {budget_mb} MiB, --sessions-mb), none idle; reset or drop one (DELETE /sessions/<id>)"
    )]
    Sessions { count: usize, limit: usize, held_mb: usize, budget_mb: usize },
}

/// One dataset as served: its store (which requests without a session
/// read and write) and what it holds.
#[derive(Debug)]
pub struct Served {
    pub store: Arc<Store>,
    pub params: Params,
    /// Estimated bytes (see [`estimated_bytes`]); 0 for the served dataset.
    pub bytes: usize,
    /// [`Served::identity_json`], written once.
    identity: std::sync::OnceLock<String>,
}

impl Served {
    pub fn new(store: Arc<Store>, params: Params, bytes: usize) -> Self {
        Served { store, params, bytes, identity: std::sync::OnceLock::new() }
    }

    /// The seeded state's fingerprint (computed once per dataset).
    pub fn fingerprint(&self) -> &str {
        self.store.base().fingerprint()
    }

    /// What names the dataset, as the JSON object members every answer's
    /// `extensions.agentmock` block starts with (written once per dataset,
    /// not per request): `"seed":…,"scenario":…,"anchorTime":…,"fingerprint":…`.
    pub fn identity_json(&self) -> &str {
        self.identity.get_or_init(|| {
            #[derive(serde::Serialize)]
            #[serde(rename_all = "camelCase")]
            struct Identity<'a> {
                seed: String,
                scenario: &'a str,
                anchor_time: String,
                fingerprint: &'a str,
            }
            let params = &self.params;
            let identity = Identity {
                seed: params.seed.to_string(),
                scenario: params.scenario.name(),
                anchor_time: crate::data::dump::timestamp(params.anchor),
                fingerprint: self.fingerprint(),
            };
            let object = serde_json::to_string(&identity).unwrap_or_default();
            // The members, without the braces.
            object.get(1..object.len().saturating_sub(1)).unwrap_or_default().to_string()
        })
    }
}

/// A session: a sandbox of its own over one dataset's seeded state.
#[derive(Debug)]
pub struct Session {
    pub id: Arc<str>,
    /// The dataset it is over (held, so it stays while the session lives).
    pub dataset: Arc<Served>,
    store: Mutex<Arc<Store>>,
    /// Requests the session has made (each takes the next number).
    requests: AtomicU64,
    last_used: Mutex<Instant>,
}

impl Session {
    /// Its sandbox.
    pub fn store(&self) -> Arc<Store> {
        lock(&self.store).clone()
    }

    /// Numbers a new request of the session: 1, 2, ... since it started or
    /// was last reset.
    pub fn next_request(&self) -> u64 {
        *lock(&self.last_used) = Instant::now();
        self.requests.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// Puts the sandbox back to the dataset's seeded state (subscribers
    /// get the reset as `resetData`'s) and restarts the request count; the
    /// state it is in now.
    pub fn reset(&self) -> Result<Arc<Snapshot>, super::writes::WriteError> {
        let applied = self.store().reset()?;
        self.requests.store(0, Ordering::Relaxed);
        Ok(applied.snapshot)
    }

    /// Requests made so far.
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// Bytes its own writes hold, estimated: each write keeps the rows,
    /// index paths and roll-up cells it copied; the exports it keeps hold
    /// their files besides (counted exactly).
    pub fn bytes(&self) -> usize {
        let snap = self.store().snapshot();
        SESSION_BYTES + snap.writes.count as usize * SESSION_WRITE_BYTES + snap.writes.exports.bytes()
    }

    fn idle_for(&self, now: Instant) -> Duration {
        now.saturating_duration_since(*lock(&self.last_used))
    }
}

/// A session's own bookkeeping: its store, its change channel, its index
/// of per-request loaders. `cargo bench --bench sessions` measures a
/// session with 10 writes at about 104 KiB in all; these two count 256
/// KiB for it, room for writes that copy more of the roll-ups.
pub const SESSION_BYTES: usize = 16 << 10;
/// What one write of a session keeps, at most (see [`SESSION_BYTES`]).
pub const SESSION_WRITE_BYTES: usize = 24 << 10;

/// What one request reads and writes.
#[derive(Clone, Debug)]
pub struct Target {
    pub dataset: Arc<Served>,
    /// The session, when the request named one.
    pub session: Option<Arc<Session>>,
}

impl Target {
    /// The store the request reads and writes.
    pub fn store(&self) -> Arc<Store> {
        match &self.session {
            Some(session) => session.store(),
            None => self.dataset.store.clone(),
        }
    }
}

/// Every dataset and session of one server.
pub struct Hub {
    served: Arc<Served>,
    options: HubOptions,
    datasets: Mutex<Datasets>,
    sessions: Mutex<Sessions>,
}

/// Sessions by name and dataset.
type Sessions = BTreeMap<(Arc<str>, DatasetKey), Arc<Session>>;

#[derive(Default)]
struct Datasets {
    slots: BTreeMap<DatasetKey, Slot>,
    /// Bytes held and reserved by the slots.
    held: usize,
    /// Counts uses, for least-recently-used order.
    clock: u64,
}

struct Slot {
    /// Filled once by whichever request asked first; the others wait for it.
    cell: Arc<tokio::sync::OnceCell<Arc<Served>>>,
    /// Bytes counted for it (an estimate before it is generated).
    bytes: usize,
    used: u64,
}

impl Hub {
    /// A hub serving `store` (the configured dataset) and, on request,
    /// others within `options`.
    pub fn new(store: Arc<Store>, options: HubOptions) -> Self {
        let params = store.base().dataset.params;
        let served = Arc::new(Served::new(store, params, 0));
        Hub { served, options, datasets: Mutex::default(), sessions: Mutex::default() }
    }

    /// The configured dataset.
    pub fn served(&self) -> &Arc<Served> {
        &self.served
    }

    /// The parameters of the dataset a request asks for: the served
    /// dataset's, with the scenario, seed and anchor it names (a scenario
    /// of its own makes its sizes from the configured ones).
    pub fn params_for(&self, scenario: Option<Scenario>, seed: Option<u64>, anchor: Option<DateTime<Utc>>) -> Params {
        let served = &self.served.params;
        let scenario = scenario.unwrap_or(served.scenario);
        let seed = seed.unwrap_or(served.seed);
        let anchor = anchor.unwrap_or(served.anchor);
        if scenario == served.scenario {
            return Params { seed, anchor, ..*served };
        }
        let keeps_sizes = matches!(served.scenario, Scenario::Default | Scenario::Incident | Scenario::CostSpike);
        let configured = self.options.sizes.unwrap_or(if keeps_sizes { served.sizes } else { Sizes::default() });
        Params::for_scenario(seed, anchor, configured, scenario)
    }

    pub fn options(&self) -> &HubOptions {
        &self.options
    }

    /// The dataset of `params` (generating it if no request did before)
    /// and, when `session` is named, that session's sandbox over it.
    pub async fn target(&self, params: &Params, session: Option<&str>) -> Result<Target, HubError> {
        let dataset = self.dataset(params).await?;
        let session = match session {
            Some(id) => Some(self.session(id, &dataset)?),
            None => None,
        };
        Ok(Target { dataset, session })
    }

    /// As [`Hub::target`], only if nothing needs generating (for answers
    /// that can come from the response cache without waiting).
    pub fn ready_target(&self, params: &Params, session: Option<&str>) -> Option<Result<Target, HubError>> {
        let dataset = self.ready_dataset(params)?;
        let session = match session {
            Some(id) => match self.session(id, &dataset) {
                Ok(session) => Some(session),
                Err(e) => return Some(Err(e)),
            },
            None => None,
        };
        Some(Ok(Target { dataset, session }))
    }

    fn ready_dataset(&self, params: &Params) -> Option<Arc<Served>> {
        if *params == self.served.params {
            return Some(self.served.clone());
        }
        let mut datasets = lock(&self.datasets);
        datasets.clock += 1;
        let clock = datasets.clock;
        let slot = datasets.slots.get_mut(&DatasetKey::from(params))?;
        slot.used = clock;
        slot.cell.get().cloned()
    }

    /// The dataset of `params`: the served one, a generated one, or one
    /// generated now (once, however many ask at the same time).
    pub async fn dataset(&self, params: &Params) -> Result<Arc<Served>, HubError> {
        if *params == self.served.params {
            return Ok(self.served.clone());
        }
        let key = DatasetKey::from(params);
        let cell = {
            let mut datasets = lock(&self.datasets);
            datasets.clock += 1;
            let clock = datasets.clock;
            match datasets.slots.get_mut(&key) {
                Some(slot) => {
                    slot.used = clock;
                    slot.cell.clone()
                }
                None => {
                    let needed = estimated_bytes(params);
                    datasets.make_room(needed, self.options.datasets_bytes)?;
                    let cell = Arc::new(tokio::sync::OnceCell::new());
                    datasets.slots.insert(key, Slot { cell: cell.clone(), bytes: needed, used: clock });
                    datasets.held += needed;
                    cell
                }
            }
        };
        let (params, exports) = (*params, self.options.exports);
        let generated = cell
            .get_or_try_init(|| async move {
                // Generation is CPU work: off the async threads.
                let built = crate::rt::blocking(move || Snapshot::generate_served(&params, exports)).await;
                match built {
                    Ok(Ok(snapshot)) => {
                        let bytes = estimated_bytes(&params);
                        Ok(Arc::new(Served::new(Arc::new(Store::new(snapshot)), params, bytes)))
                    }
                    Ok(Err(e)) => Err(HubError::Generation(e.to_string())),
                    Err(e) => Err(HubError::Generation(format!("generation stopped: {e}"))),
                }
            })
            .await;
        match generated {
            Ok(served) => Ok(served.clone()),
            Err(e) => {
                // Nothing to keep: give the reservation back.
                let mut datasets = lock(&self.datasets);
                if let Some(slot) = datasets.slots.remove(&key) {
                    datasets.held -= slot.bytes;
                }
                Err(e)
            }
        }
    }

    /// The session `id` over `dataset`, made on first use.
    fn session(&self, id: &str, dataset: &Arc<Served>) -> Result<Arc<Session>, HubError> {
        let key = (Arc::<str>::from(id), DatasetKey::from(&dataset.params));
        let mut sessions = lock(&self.sessions);
        if let Some(session) = sessions.get(&key) {
            return Ok(session.clone());
        }
        let now = Instant::now();
        let idle = self.options.session_idle;
        sessions.retain(|_, s| Arc::strong_count(s) > 1 || s.idle_for(now) < idle);
        loop {
            let count = sessions.len();
            let held: usize = sessions.values().map(|s| s.bytes()).sum();
            if count < self.options.max_sessions && held + SESSION_BYTES <= self.options.sessions_bytes {
                break;
            }
            // Make room: the least recently used session nobody is using.
            let victim = sessions
                .iter()
                .filter(|(_, s)| Arc::strong_count(s) == 1)
                .max_by_key(|(_, s)| s.idle_for(now))
                .map(|(k, _)| k.clone());
            match victim {
                Some(victim) => {
                    sessions.remove(&victim);
                }
                None => {
                    return Err(HubError::Sessions {
                        count,
                        limit: self.options.max_sessions,
                        held_mb: held >> 20,
                        budget_mb: self.options.sessions_bytes >> 20,
                    });
                }
            }
        }
        let session = Arc::new(Session {
            id: key.0.clone(),
            dataset: dataset.clone(),
            store: Mutex::new(Arc::new(Store::sandbox(dataset.store.base(), id))),
            requests: AtomicU64::new(0),
            last_used: Mutex::new(now),
        });
        sessions.insert(key, session.clone());
        Ok(session)
    }

    /// Puts every sandbox of session `id` back to its dataset's seeded
    /// state and restarts its request count; how many there were.
    pub fn reset_session(&self, id: &str) -> usize {
        let sessions = lock(&self.sessions);
        let mut count = 0;
        for ((name, _), session) in sessions.iter() {
            if &**name == id {
                // A sandbox has no journal: nothing can refuse the reset.
                let _ = session.reset();
                count += 1;
            }
        }
        count
    }

    /// Forgets every sandbox of session `id`; how many there were.
    pub fn drop_session(&self, id: &str) -> usize {
        let mut sessions = lock(&self.sessions);
        let before = sessions.len();
        sessions.retain(|(name, _), _| &**name != id);
        before - sessions.len()
    }

    /// The sandboxes of session `id`, oldest dataset key first.
    pub fn sessions_named(&self, id: &str) -> Vec<Arc<Session>> {
        lock(&self.sessions).iter().filter(|((name, _), _)| &**name == id).map(|(_, s)| s.clone()).collect()
    }

    /// Drops sessions idle for longer than the idle time (and not in use).
    pub fn expire_idle(&self) -> usize {
        let now = Instant::now();
        let idle = self.options.session_idle;
        let mut sessions = lock(&self.sessions);
        let before = sessions.len();
        sessions.retain(|_, s| Arc::strong_count(s) > 1 || s.idle_for(now) < idle);
        before - sessions.len()
    }

    /// Every store served now: the served dataset's, the per-request
    /// datasets' and the sessions' (to find an export by its id).
    pub fn stores(&self) -> Vec<Arc<Store>> {
        let mut stores = vec![self.served.store.clone()];
        stores.extend(lock(&self.datasets).slots.values().filter_map(|slot| slot.cell.get()).map(|d| d.store.clone()));
        stores.extend(lock(&self.sessions).values().map(|s| s.store()));
        stores
    }

    /// Sessions held, and their estimated bytes.
    pub fn session_usage(&self) -> (usize, usize) {
        let sessions = lock(&self.sessions);
        (sessions.len(), sessions.values().map(|s| s.bytes()).sum())
    }

    /// Datasets generated per request and held, and their estimated bytes.
    pub fn dataset_usage(&self) -> (usize, usize) {
        let datasets = lock(&self.datasets);
        (datasets.slots.len(), datasets.held)
    }
}

impl Datasets {
    /// Drops the least recently used datasets nobody uses until `needed`
    /// more bytes fit `budget`, or says why they cannot.
    fn make_room(&mut self, needed: usize, budget: usize) -> Result<(), HubError> {
        while self.held + needed > budget {
            // In use: still being generated, or held by a request or a session.
            let idle = |slot: &Slot| slot.cell.get().is_some_and(|served| Arc::strong_count(served) == 1);
            let victim = self.slots.iter().filter(|(_, s)| idle(s)).min_by_key(|(_, s)| s.used).map(|(k, _)| *k);
            match victim.and_then(|key| self.slots.remove(&key)) {
                Some(slot) => self.held -= slot.bytes,
                None => {
                    return Err(HubError::DatasetBudget {
                        needed_mb: needed.div_ceil(1 << 20),
                        held_mb: self.held.div_ceil(1 << 20),
                        budget_mb: budget >> 20,
                    });
                }
            }
        }
        Ok(())
    }
}

/// What a dataset of `params` holds once generated, indexed and rolled up
/// (roll-ups built as analytics ask for them), estimated from its sizes.
/// The per-row figures are measured (`cargo bench --bench sessions`
/// reports the bytes datasets hold, per dataset: 2.19 MB at ×1, counted
/// here as 2.47 MB) and rounded up; a grid row's figure includes its 256
/// bytes of counts by channel and by complexity.
pub fn estimated_bytes(params: &Params) -> usize {
    let s = params.sizes;
    let (agents, users, conversations, audit) = match params.scenario {
        Scenario::Empty => (0, s.users, 0, 0),
        _ => (s.agents, s.users, s.conversations, s.audit_logs),
    };
    // In u64, saturating into a 32-bit usize (the WebAssembly engine):
    // a large fleet must not wrap to a small estimate.
    let (agents, users, conversations, audit) = (agents as u64, users as u64, conversations as u64, audit as u64);
    let grid = agents * u64::from(s.days);
    let bytes =
        BYTES_BASE as u64 + users * 2_048 + agents * 12_288 + grid * 2_304 + conversations * 1_024 + audit * 1_024;
    usize::try_from(bytes).unwrap_or(usize::MAX)
}

/// What every dataset holds whatever its size (roll-up tables, the index's
/// fixed parts, the store).
const BYTES_BASE: usize = 256 << 10;

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Sizes;

    fn params(seed: u64) -> Params {
        Params::new(seed, "2025-01-19T14:00:00Z".parse().unwrap(), Sizes::default())
    }

    fn hub(options: HubOptions) -> Hub {
        Hub::new(Arc::new(Store::new(Snapshot::generate(&params(1)).unwrap())), options)
    }

    #[tokio::test]
    async fn the_served_parameters_give_the_served_dataset() {
        let hub = hub(HubOptions::default());
        let target = hub.target(&params(1), None).await.unwrap();
        assert!(Arc::ptr_eq(&target.dataset, hub.served()));
        assert_eq!(hub.dataset_usage(), (0, 0), "the served dataset is not counted");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_first_requests_generate_once() {
        let hub = Arc::new(hub(HubOptions::default()));
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                tokio::spawn({
                    let hub = hub.clone();
                    async move { hub.dataset(&params(2)).await }
                })
            })
            .collect();
        let mut served = Vec::new();
        for task in tasks {
            served.push(task.await.unwrap().unwrap());
        }
        assert!(served.windows(2).all(|w| Arc::ptr_eq(&w[0], &w[1])), "one dataset for all");
        assert_eq!(served[0].store.base().dataset.params.seed, 2);
        assert_eq!(hub.dataset_usage().0, 1);
    }

    #[tokio::test]
    async fn datasets_stay_within_their_budget_and_those_in_use_stay() {
        let one = estimated_bytes(&params(2));
        let hub = hub(HubOptions { datasets_bytes: 2 * one, ..HubOptions::default() });
        let held = hub.dataset(&params(2)).await.unwrap();
        hub.dataset(&params(3)).await.unwrap();
        // A third evicts the least recently used one nobody holds: seed 3.
        hub.dataset(&params(4)).await.unwrap();
        assert!(hub.dataset_usage().1 <= 2 * one);
        assert!(Arc::ptr_eq(&held, &hub.dataset(&params(2)).await.unwrap()), "seed 2 was in use: kept");
        // Both held: no room for a fifth.
        let other = hub.dataset(&params(4)).await.unwrap();
        let refused = hub.dataset(&params(5)).await.unwrap_err();
        assert!(matches!(refused, HubError::DatasetBudget { .. }), "{refused}");
        assert!(refused.to_string().contains("--datasets-mb"));
        drop((held, other));
        hub.dataset(&params(5)).await.expect("room once they are released");
    }

    #[tokio::test]
    async fn sessions_are_sandboxes_of_their_own() {
        let hub = hub(HubOptions::default());
        let a = hub.target(&params(1), Some("a")).await.unwrap();
        let b = hub.target(&params(1), Some("b")).await.unwrap();
        assert!(!Arc::ptr_eq(&a.store(), &b.store()));
        assert!(!Arc::ptr_eq(&a.store(), &hub.served().store));
        let again = hub.target(&params(1), Some("a")).await.unwrap();
        assert!(Arc::ptr_eq(&a.store(), &again.store()), "the same session, the same sandbox");
        let other_seed = hub.target(&params(2), Some("a")).await.unwrap();
        assert!(!Arc::ptr_eq(&a.store(), &other_seed.store()), "a session has a sandbox per dataset");
        assert_eq!(hub.sessions_named("a").len(), 2);
        assert_eq!(hub.drop_session("a"), 2);
        assert!(hub.sessions_named("a").is_empty());
    }

    #[tokio::test]
    async fn sessions_are_bounded_idle_ones_making_room() {
        let hub = hub(HubOptions { max_sessions: 2, ..HubOptions::default() });
        let busy = hub.target(&params(1), Some("busy")).await.unwrap();
        hub.target(&params(1), Some("idle")).await.unwrap();
        // "idle" is not in use: it makes room.
        hub.target(&params(1), Some("new")).await.unwrap();
        assert!(hub.sessions_named("idle").is_empty());
        assert_eq!(hub.sessions_named("busy").len(), 1);
        // Both in use: refused.
        let held = hub.target(&params(1), Some("new")).await.unwrap();
        let refused = hub.target(&params(1), Some("third")).await.unwrap_err();
        assert!(matches!(refused, HubError::Sessions { count: 2, limit: 2, .. }), "{refused}");
        drop((busy, held));
        hub.target(&params(1), Some("third")).await.expect("room once one is idle");
    }

    #[tokio::test]
    async fn idle_sessions_expire() {
        let hub = hub(HubOptions { session_idle: Duration::from_millis(1), ..HubOptions::default() });
        hub.target(&params(1), Some("a")).await.unwrap();
        std::thread::sleep(Duration::from_millis(5));
        assert_eq!(hub.expire_idle(), 1);
        assert_eq!(hub.session_usage().0, 0);
    }
}
