//! Who a request is: mock sign-in with the seeded users. A user's token is
//! a pure function of the seed and the user's id, so it is stable across
//! restarts and documented (the README lists the default seed's). The older
//! `Bearer <user id or email>` form is accepted too.

use sha2::{Digest, Sha256};
use thiserror::Error;

use super::Snapshot;

/// Prefix of every token.
pub const TOKEN_PREFIX: &str = "amk_";

/// Why a credential was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AuthError {
    #[error("Authorization must be `Bearer <token>` (or `Bearer <user id or email>`)")]
    Malformed,
    #[error("no user has this token, id or email")]
    Unknown,
    #[error("send one Authorization header, not several")]
    Repeated,
}

/// A user's token: `amk_` and 32 hex digits of SHA-256 over the seed and
/// the user's id.
pub fn token(seed: u64, user_id: &uuid::Uuid) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"agentmock/token/v1");
    hasher.update(seed.to_le_bytes());
    hasher.update(user_id.as_bytes());
    format!("{TOKEN_PREFIX}{}", &hex::encode(hasher.finalize())[..32])
}

impl Snapshot {
    /// The user of a credential: a token, a user id or an email.
    pub fn user_by_credential(&self, credential: &str) -> Result<u32, AuthError> {
        let credential = credential.trim();
        if credential.is_empty() {
            return Err(AuthError::Malformed);
        }
        if credential.starts_with(TOKEN_PREFIX) {
            return self.tokens().get(credential).copied().ok_or(AuthError::Unknown);
        }
        if let Some(id) = crate::data::rng::parse_uuid(credential) {
            return self.user_ix(id).ok_or(AuthError::Unknown);
        }
        self.index.user_by_email(credential).ok_or(AuthError::Unknown)
    }

    /// The viewer of an `Authorization` header value: none without one, an
    /// error for a malformed or unknown credential (never a silent fallback).
    pub fn viewer_of(&self, authorization: Option<&str>) -> Result<Option<u32>, AuthError> {
        let Some(value) = authorization else { return Ok(None) };
        // RFC 9110 §11.4: the scheme is case-insensitive and followed by
        // spaces (tabs tolerated); the credential is one word.
        let value = value.trim_matches([' ', '\t']);
        let (scheme, credential) = value.split_once([' ', '\t']).ok_or(AuthError::Malformed)?;
        let credential = credential.trim_start_matches([' ', '\t']);
        if !scheme.eq_ignore_ascii_case("bearer") || credential.is_empty() || credential.contains([' ', '\t']) {
            return Err(AuthError::Malformed);
        }
        self.user_by_credential(credential).map(Some)
    }

    /// A user's token.
    pub fn token_of(&self, user: u32) -> Option<String> {
        self.dataset.users.get(user as usize).map(|u| token(self.dataset.params.seed, &u.id))
    }
}
