//! A least-recently-used map bounded by the bytes its entries hold, shared
//! by the response cache, the document cache and the persisted-query store.
//!
//! The caller says what each entry holds on the heap (key and value); the
//! map adds its own bookkeeping per entry ([`ENTRY_OVERHEAD`] plus the key
//! and value slots), and evicts until the total is within the budget, so
//! the budget bounds memory under any traffic, including a stream of
//! distinct tiny entries.

use std::borrow::Borrow;
use std::hash::Hash;
use std::sync::{Mutex, MutexGuard};

/// Per-entry bookkeeping besides the key and value slots: the LRU's list
/// links and hash slot (at the table's lowest load factor), the node's
/// allocation header and rounding.
pub const ENTRY_OVERHEAD: usize = 96;

/// Bytes an allocation of `len` bytes really takes: allocators round up
/// to size classes (mimalloc's are at most 1/8 apart) and keep a header.
pub fn allocation(len: usize) -> usize {
    if len == 0 { 0 } else { len + len / 8 + 16 }
}

/// An LRU of at most `budget` accounted bytes.
pub struct ByteLru<K: Hash + Eq, V> {
    budget: usize,
    max_entry: usize,
    inner: Mutex<Entries<K, V>>,
}

struct Entries<K: Hash + Eq, V> {
    lru: lru::LruCache<K, (V, usize)>,
    bytes: usize,
}

impl<K: Hash + Eq, V: Clone> ByteLru<K, V> {
    /// Holds at most `budget` bytes (0: holds nothing); an entry over
    /// `max_entry` bytes is not kept.
    pub fn new(budget: usize, max_entry: usize) -> Self {
        let inner = Mutex::new(Entries { lru: lru::LruCache::unbounded(), bytes: 0 });
        ByteLru { budget, max_entry: max_entry.min(budget), inner }
    }

    pub fn enabled(&self) -> bool {
        self.budget > 0
    }

    fn entries(&self) -> MutexGuard<'_, Entries<K, V>> {
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn get<Q>(&self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if !self.enabled() {
            return None;
        }
        self.entries().lru.get(key).map(|(value, _)| value.clone())
    }

    /// Keeps `value` under `key`; `heap_bytes` is what the two hold on the
    /// heap (their inline slots are counted here).
    pub fn put(&self, key: K, value: V, heap_bytes: usize) {
        let size = heap_bytes + std::mem::size_of::<(K, V, usize)>() + ENTRY_OVERHEAD;
        if !self.enabled() || size > self.max_entry {
            return;
        }
        let mut entries = self.entries();
        if let Some((_, (_, old))) = entries.lru.push(key, (value, size)) {
            entries.bytes -= old;
        }
        entries.bytes += size;
        while entries.bytes > self.budget {
            match entries.lru.pop_lru() {
                Some((_, (_, old))) => entries.bytes -= old,
                None => break,
            }
        }
    }

    /// Bytes held, as accounted: never over the budget.
    pub fn bytes(&self) -> usize {
        self.entries().bytes
    }

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

    #[test]
    fn stays_within_its_budget_whatever_the_entries() {
        let cache: ByteLru<String, Vec<u8>> = ByteLru::new(64 << 10, 4 << 10);
        for i in 0..50_000 {
            let key = format!("k{i}");
            let value = vec![0u8; i % 3000];
            let heap = allocation(key.len()) + allocation(value.len());
            cache.put(key, value, heap);
            assert!(cache.bytes() <= 64 << 10);
        }
        assert!(cache.len() > 10);
        assert!(cache.get("k49999").is_some(), "the newest entry stays");
        assert!(cache.get("k0").is_none());
    }

    #[test]
    fn replacing_an_entry_counts_it_once() {
        let cache: ByteLru<u32, u32> = ByteLru::new(10_000, 10_000);
        cache.put(1, 1, 100);
        let once = cache.bytes();
        cache.put(1, 2, 100);
        assert_eq!(cache.bytes(), once);
        assert_eq!(cache.get(&1), Some(2));
    }
}
