//! The response cache. A response is a pure function of the parts of the
//! dataset it reads, the request bytes, the negotiated media type and what
//! its request context resolved to (the store: dataset and session; the
//! viewer; injected latency and faults; [`AnswerKey`]), so repeating a
//! request can replay the bytes of its first answer instead of running it
//! again. Bounded by the bytes it really holds
//! (request bytes, response bytes, per-entry bookkeeping; see
//! [`crate::lru`]), least recently used out first.
//!
//! An entry notes which parts its answer read ([`crate::engine::reads`])
//! and their versions then; it is served only while the served snapshot has
//! those parts at those versions. A user's write changes every part (every
//! entry goes stale); a simulator step changes the live telemetry and the
//! records, so an agent list or the audit trail stays cached while the
//! dashboard moves, and an analytics panel is answered afresh once per step.
//!
//! Both byte strings are exact-size copies: a `Bytes` slice of a request
//! can pin the whole read buffer it came in, and a `Bytes` made from a
//! `String` keeps the string's spare capacity, so keeping either would hold
//! far more than it counts.

use axum::body::Bytes;
use axum::http::StatusCode;

use super::context::AnswerKey;
use crate::lru::{ByteLru, allocation};
use crate::store::{Parts, Versions};

/// What a request is, to find its answer (the data it read is checked on
/// the entry: [`CachedResponse::valid_for`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CacheKey {
    /// `true` for GET (the query string), `false` for POST (the body).
    pub get: bool,
    /// The request bytes as sent (an exact-size copy: [`CacheKey::new`]).
    request: Bytes,
    /// What the request's context resolved to (derived in one place:
    /// [`crate::http::context::Resolved::answer_key`]).
    pub answer: AnswerKey,
    /// Whether the client asked for `application/graphql-response+json`.
    pub graphql_media_type: bool,
}

impl CacheKey {
    pub fn new(get: bool, request: &[u8], answer: AnswerKey, graphql_media_type: bool) -> Self {
        CacheKey { get, request: Bytes::copy_from_slice(request), answer, graphql_media_type }
    }

    /// A digest of the key, the same for the same request in any process
    /// (SipHash under fixed keys), for the executor to know it again.
    pub fn digest(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::hash::DefaultHasher::new();
        self.hash(&mut hasher);
        hasher.finish()
    }
}

/// A stored answer, with what it read.
#[derive(Clone, Debug)]
pub struct CachedResponse {
    pub status: StatusCode,
    pub body: Bytes,
    /// The parts of the dataset the answer read.
    pub reads: Parts,
    /// Their versions in the snapshot that answered.
    pub versions: Versions,
}

impl CachedResponse {
    /// An answer whose body is an exact-size copy of `body`.
    pub fn new(status: StatusCode, body: &[u8], reads: Parts, versions: Versions) -> Self {
        CachedResponse { status, body: Bytes::copy_from_slice(body), reads, versions }
    }

    /// Whether the answer still holds for a snapshot at `versions`.
    pub fn valid_for(&self, versions: &Versions) -> bool {
        self.versions.agree(versions, self.reads)
    }
}

/// Largest single entry kept; bigger ones are not worth the budget.
pub const MAX_ENTRY_BYTES: usize = 1 << 20;

/// An LRU of responses within a byte budget.
pub struct ResponseCache(ByteLru<CacheKey, CachedResponse>, std::sync::atomic::AtomicU64);

impl ResponseCache {
    /// A cache holding up to `budget` bytes; 0 disables it.
    pub fn new(budget: usize) -> Self {
        ResponseCache(ByteLru::new(budget, MAX_ENTRY_BYTES), Default::default())
    }

    /// The answer to `key`, if one is cached and still holds for a
    /// snapshot at `versions`.
    pub fn get(&self, key: &CacheKey, versions: &Versions) -> Option<CachedResponse> {
        let hit = self.0.get(key).filter(|hit| hit.valid_for(versions));
        if hit.is_some() {
            self.1.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        hit
    }

    /// Answers served from the cache so far.
    pub fn hits(&self) -> u64 {
        self.1.load(std::sync::atomic::Ordering::Relaxed)
    }

    pub fn put(&self, key: CacheKey, response: CachedResponse) {
        // `Bytes` adds a shared header to each copy.
        let heap = allocation(key.request.len()) + allocation(response.body.len()) + 2 * 32;
        self.0.put(key, response, heap);
    }
}

/// Its size, entries and budget, as [`ByteLru`] counts them.
impl std::ops::Deref for ResponseCache {
    type Target = ByteLru<CacheKey, CachedResponse>;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANSWER: AnswerKey = AnswerKey { store: 0, viewer: None, latency_ms: 0, field_faults: None, extensions: true };

    fn key(n: u32) -> CacheKey {
        CacheKey::new(false, format!("{{\"query\":\"{{ a{n} }}\"}}").as_bytes(), ANSWER, false)
    }

    fn response(len: usize) -> CachedResponse {
        CachedResponse::new(StatusCode::OK, &vec![b'x'; len], Parts::ALL, Versions::default())
    }

    const V0: Versions = Versions::ZERO;

    #[test]
    fn keeps_within_its_budget_dropping_the_least_recently_used() {
        let cache = ResponseCache::new(1000);
        cache.put(key(1), response(30));
        cache.put(key(2), response(30));
        assert!(cache.get(&key(1), &V0).is_some());
        for n in 3..10 {
            cache.put(key(n), response(30));
        }
        assert!(cache.get(&key(2), &V0).is_none(), "least recently used goes first");
        assert!(cache.get(&key(9), &V0).is_some());
        assert!(cache.bytes() <= 1000);
    }

    #[test]
    fn tens_of_thousands_of_distinct_requests_stay_within_the_budget() {
        let budget = 256 << 10;
        let cache = ResponseCache::new(budget);
        for n in 0..40_000 {
            cache.put(key(n), response((n as usize * 37) % 2000));
            assert!(cache.bytes() <= budget);
        }
        assert!(cache.len() > 50);
    }

    #[test]
    fn an_entry_holds_while_the_parts_it_read_keep_their_versions() {
        let cache = ResponseCache::new(10_000);
        cache.put(key(1), CachedResponse::new(StatusCode::OK, b"agents", Parts::AGENTS, V0));
        let mut snap = crate::store::Snapshot::generate(&crate::data::Params::new(
            1,
            "2025-01-19T14:00:00Z".parse().unwrap(),
            crate::data::Sizes::default(),
        ))
        .unwrap()
        .next();
        snap.touch(Parts::LIVE | Parts::CONVERSATIONS);
        assert!(cache.get(&key(1), &snap.versions).is_some(), "telemetry moved; the agents did not");
        snap.touch(Parts::AGENTS);
        assert!(cache.get(&key(1), &snap.versions).is_none(), "the agents changed");
    }

    #[test]
    fn a_zero_budget_disables_it() {
        let cache = ResponseCache::new(0);
        cache.put(key(1), response(1));
        assert!(cache.get(&key(1), &V0).is_none());
    }

    #[test]
    fn the_key_covers_everything_a_response_depends_on() {
        let cache = ResponseCache::new(10_000);
        cache.put(key(1), response(5));
        let changes: [fn(&mut AnswerKey); 5] = [
            |a| a.viewer = Some(3),
            |a| a.store = 1,
            |a| a.latency_ms = 100,
            |a| a.field_faults = Some(2),
            |a| a.extensions = false,
        ];
        for change in changes {
            let mut other = key(1);
            change(&mut other.answer);
            assert!(cache.get(&other, &V0).is_none(), "{:?}", other.answer);
        }
        let mut other = key(1);
        other.graphql_media_type = true;
        assert!(cache.get(&other, &V0).is_none());
        assert!(cache.get(&key(1), &V0).is_some());
    }
}
