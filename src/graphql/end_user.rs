//! `EndUser`: the anonymous people who talk to the agents, as first-class
//! objects (Langfuse's users): who came back, when first and last, and
//! which conversations. Built from the retained conversation records.

use std::sync::Arc;

use async_graphql::{Context, ID, Object};

use super::TypeReads;
use super::context::ContextExt;
use super::conversation::Conversation;
use super::scalars::DateTime;
use crate::error::ApiError;
use crate::store::{Parts, Snapshot};

/// What the end-user fields read ([`super::TypeReads`]).
pub const READS: &[TypeReads] = &[
    TypeReads::each("Query", &[(Parts::CONVERSATIONS, &["endUser"])]),
    TypeReads::all("EndUser", Parts::CONVERSATIONS),
];

/// Most conversations `EndUser.conversations` lists at once.
const MAX_LISTED: i32 = 100;

/// An anonymous end user: everything the retained records hold of them.
pub struct EndUser {
    snap: Arc<Snapshot>,
    key: u64,
}

impl EndUser {
    pub fn new(snap: Arc<Snapshot>, key: u64) -> Self {
        EndUser { snap, key }
    }

    /// Their conversation rows, oldest first.
    fn rows(&self) -> &[u32] {
        self.snap.end_user_rows(self.key)
    }

    fn started(&self, row: Option<&u32>) -> Option<DateTime> {
        row.map(|&r| DateTime(self.snap.dataset.conversations[r as usize].started_at))
    }
}

/// An anonymous end user: everything the retained records hold of them.
#[Object]
impl EndUser {
    /// `anon-` and 12 hex digits (the conversations' `endUserId`).
    async fn id(&self) -> ID {
        ID(format!("anon-{:012x}", self.key))
    }

    /// Their retained conversations.
    async fn conversation_count(&self) -> i32 {
        i32::try_from(self.rows().len()).unwrap_or(i32::MAX)
    }

    /// When their first retained conversation started; null when none is retained.
    async fn first_seen_at(&self) -> Option<DateTime> {
        self.started(self.rows().first())
    }

    /// When their latest retained conversation started; null when none is retained.
    async fn last_seen_at(&self) -> Option<DateTime> {
        self.started(self.rows().last())
    }

    /// Their retained conversations, newest first: at most `first` (1–100).
    #[graphql(complexity = "crate::graphql::cost::top(first, 10, child_complexity)")]
    async fn conversations(
        &self,
        #[graphql(default = 10)] first: Option<i32>,
    ) -> async_graphql::Result<Vec<Conversation>> {
        let first = first.unwrap_or(10);
        if !(1..=MAX_LISTED).contains(&first) {
            return Err(ApiError::bad_input(format!("`first` must be 1 to {MAX_LISTED}, got {first}")).into());
        }
        let rows = self.rows().iter().rev().take(first as usize);
        Ok(rows.map(|&row| Conversation::from_row(self.snap.clone(), row)).collect())
    }
}

/// The end-user query.
#[derive(Default)]
pub struct EndUserQuery;

#[Object]
impl EndUserQuery {
    /// One end user by id (`anon-` and 12 hex digits); null when no
    /// retained conversation has them.
    async fn end_user(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<EndUser>> {
        let snap = ctx.snapshot()?;
        let key = parse_end_user(&id)?;
        Ok((!snap.end_user_rows(key).is_empty()).then(|| EndUser::new(snap.clone(), key)))
    }
}

/// The key of an end-user id.
fn parse_end_user(id: &str) -> Result<u64, ApiError> {
    id.strip_prefix("anon-")
        .filter(|hex| hex.len() == 12 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
        .and_then(|hex| u64::from_str_radix(hex, 16).ok())
        .ok_or_else(|| ApiError::bad_input(format!("`id` must be `anon-` and 12 hex digits, got {id:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn end_user_ids_parse_back() {
        assert_eq!(parse_end_user("anon-00000000002a").ok(), Some(42));
        for bad in ["anon-2a", "anon-00000000002g", "user-00000000002a", "anon-00000000002a0", ""] {
            assert!(parse_end_user(bad).is_err(), "{bad}");
        }
    }
}
