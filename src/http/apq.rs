//! Automatic persisted queries, as Apollo's clients speak them: a request's
//! `extensions.persistedQuery` is `{ "version": 1, "sha256Hash": "<hex>" }`.
//! With a query, the query is registered under its hash once the hash is
//! checked; without one, the hash names a query registered before, or the
//! request gets `PersistedQueryNotFound` and the client sends the query.
//! The store is bounded by the bytes it holds.

use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::error::ApiError;
use crate::lru::{ByteLru, allocation};

/// The `persistedQuery` extension of a request, if it has one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersistedQuery {
    pub hash: [u8; 32],
}

impl PersistedQuery {
    /// Reads `extensions.persistedQuery`; `None` when absent.
    pub fn from_extensions(
        extensions: Option<&serde_json::Map<String, serde_json::Value>>,
    ) -> Result<Option<Self>, ApiError> {
        let Some(value) = extensions.and_then(|e| e.get("persistedQuery")) else { return Ok(None) };
        let bad = |m: &str| ApiError::bad_request(m.to_string());
        let version = value.get("version").and_then(serde_json::Value::as_u64);
        if version != Some(1) {
            return Err(bad("Unsupported persisted query version: `extensions.persistedQuery.version` must be 1"));
        }
        let hex_hash = value.get("sha256Hash").and_then(serde_json::Value::as_str).unwrap_or("");
        let mut hash = [0u8; 32];
        hex::decode_to_slice(hex_hash, &mut hash)
            .map_err(|_| bad("`extensions.persistedQuery.sha256Hash` must be 64 hexadecimal digits"))?;
        Ok(Some(PersistedQuery { hash }))
    }

    /// Whether `query` is what the hash names.
    pub fn matches(&self, query: &str) -> bool {
        Sha256::digest(query.as_bytes()).as_slice() == self.hash
    }
}

/// Registered queries by hash.
pub struct PersistedQueries(ByteLru<[u8; 32], Arc<str>>);

impl PersistedQueries {
    /// A store of at most `budget` bytes; 0 turns persisted queries off
    /// (every hash-only request is then not found).
    pub fn new(budget: usize) -> Self {
        PersistedQueries(ByteLru::new(budget, budget / 16))
    }

    /// The query a request runs: its own (registered under its checked
    /// hash) or the one its hash names.
    pub fn resolve(&self, persisted: &PersistedQuery, query: Option<String>) -> Result<String, ApiError> {
        match query {
            Some(query) => {
                if !persisted.matches(&query) {
                    return Err(ApiError::bad_request("provided sha does not match query"));
                }
                if self.0.get(&persisted.hash).is_none() {
                    // `Arc<str>`: the text and two counters.
                    self.0.put(persisted.hash, Arc::from(query.as_str()), allocation(query.len() + 16));
                }
                Ok(query)
            }
            None => self.0.get(&persisted.hash).map(|q| q.to_string()).ok_or(ApiError::PersistedQueryNotFound),
        }
    }

    /// Bytes held, as accounted.
    pub fn bytes(&self) -> usize {
        self.0.bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extension(query: &str) -> serde_json::Map<String, serde_json::Value> {
        let hash = hex::encode(Sha256::digest(query.as_bytes()));
        let value = serde_json::json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } });
        value.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn a_hash_is_found_once_its_query_was_sent() {
        let store = PersistedQueries::new(1 << 20);
        let query = "{ meta { seed } }";
        let persisted = PersistedQuery::from_extensions(Some(&extension(query))).unwrap().unwrap();
        assert_eq!(store.resolve(&persisted, None).unwrap_err(), ApiError::PersistedQueryNotFound);
        assert_eq!(store.resolve(&persisted, Some(query.into())).unwrap(), query);
        assert_eq!(store.resolve(&persisted, None).unwrap(), query);
        let wrong = store.resolve(&persisted, Some("{ __typename }".into())).unwrap_err();
        assert_eq!(wrong.code(), "BAD_REQUEST");
    }

    #[test]
    fn the_store_stays_within_its_budget() {
        let store = PersistedQueries::new(64 << 10);
        for i in 0..20_000 {
            let query = format!("{{ a{i}: meta {{ seed }} }}");
            let persisted = PersistedQuery::from_extensions(Some(&extension(&query))).unwrap().unwrap();
            store.resolve(&persisted, Some(query)).unwrap();
            assert!(store.bytes() <= 64 << 10);
        }
    }

    #[test]
    fn malformed_extensions_are_bad_requests() {
        for value in [
            serde_json::json!({ "persistedQuery": { "version": 2, "sha256Hash": "00" } }),
            serde_json::json!({ "persistedQuery": { "version": 1, "sha256Hash": "xyz" } }),
            serde_json::json!({ "persistedQuery": 5 }),
        ] {
            let map = value.as_object().cloned().unwrap();
            assert_eq!(PersistedQuery::from_extensions(Some(&map)).unwrap_err().code(), "BAD_REQUEST");
        }
        assert_eq!(PersistedQuery::from_extensions(None).unwrap(), None);
    }
}
