//! The response cache. A response is a pure function of the dataset
//! snapshot, the request bytes, the viewer and the negotiated media type, so
//! repeating a request can replay the bytes of its first answer instead of
//! running it again. Bounded by bytes, least recently used out first; a new
//! snapshot (writes, resets) makes every older entry unreachable.

use std::sync::Mutex;

use axum::body::Bytes;
use axum::http::StatusCode;
use lru::LruCache;

/// Everything a response depends on.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CacheKey {
    /// Generation of the snapshot that answered.
    pub generation: u64,
    /// `true` for GET (the query string), `false` for POST (the body).
    pub get: bool,
    /// The request bytes as sent.
    pub request: Bytes,
    /// The signed-in user's row, if any.
    pub viewer: Option<u32>,
    /// Whether the client asked for `application/graphql-response+json`.
    pub graphql_media_type: bool,
}

/// A stored answer.
#[derive(Clone, Debug)]
pub struct CachedResponse {
    pub status: StatusCode,
    pub body: Bytes,
}

/// An LRU of responses within a byte budget.
#[derive(Debug)]
pub struct ResponseCache {
    budget: usize,
    inner: Mutex<Entries>,
}

#[derive(Debug)]
struct Entries {
    lru: LruCache<CacheKey, CachedResponse>,
    bytes: usize,
}

/// Largest single response kept; bigger ones are not worth the budget.
pub const MAX_ENTRY_BYTES: usize = 1 << 20;

impl ResponseCache {
    /// A cache holding up to `budget` bytes of requests and responses; 0 disables it.
    pub fn new(budget: usize) -> Self {
        ResponseCache { budget, inner: Mutex::new(Entries { lru: LruCache::unbounded(), bytes: 0 }) }
    }

    pub fn enabled(&self) -> bool {
        self.budget > 0
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn get(&self, key: &CacheKey) -> Option<CachedResponse> {
        if !self.enabled() {
            return None;
        }
        self.entries().lru.get(key).cloned()
    }

    pub fn put(&self, key: CacheKey, response: CachedResponse) {
        let size = key.request.len() + response.body.len();
        if !self.enabled() || size > MAX_ENTRY_BYTES || size > self.budget {
            return;
        }
        let mut entries = self.entries();
        entries.bytes += size;
        if let Some((old_key, old)) = entries.lru.push(key, response) {
            entries.bytes -= old_key.request.len() + old.body.len();
        }
        while entries.bytes > self.budget {
            match entries.lru.pop_lru() {
                Some((k, v)) => entries.bytes -= k.request.len() + v.body.len(),
                None => break,
            }
        }
    }

    /// Entries held, for tests and diagnostics.
    pub fn len(&self) -> usize {
        self.entries().lru.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: u8) -> CacheKey {
        CacheKey {
            generation: 0,
            get: false,
            request: Bytes::from(vec![n; 10]),
            viewer: None,
            graphql_media_type: false,
        }
    }

    fn response(len: usize) -> CachedResponse {
        CachedResponse { status: StatusCode::OK, body: Bytes::from(vec![b'x'; len]) }
    }

    #[test]
    fn keeps_within_its_budget_dropping_the_least_recently_used() {
        let cache = ResponseCache::new(100);
        cache.put(key(1), response(30));
        cache.put(key(2), response(30));
        assert!(cache.get(&key(1)).is_some());
        cache.put(key(3), response(30));
        assert_eq!(cache.len(), 2);
        assert!(cache.get(&key(2)).is_none(), "least recently used goes first");
        assert!(cache.get(&key(1)).is_some() && cache.get(&key(3)).is_some());
    }

    #[test]
    fn a_zero_budget_disables_it() {
        let cache = ResponseCache::new(0);
        cache.put(key(1), response(1));
        assert!(cache.get(&key(1)).is_none());
    }

    #[test]
    fn the_key_covers_everything_a_response_depends_on() {
        let cache = ResponseCache::new(1000);
        cache.put(key(1), response(5));
        let mut other = key(1);
        other.generation = 1;
        assert!(cache.get(&other).is_none());
        let mut other = key(1);
        other.viewer = Some(3);
        assert!(cache.get(&other).is_none());
        let mut other = key(1);
        other.graphql_media_type = true;
        assert!(cache.get(&other).is_none());
    }
}
