//! `resetSession`: whoever names a session (`X-Agentmock-Session`, or the
//! same key in a WebSocket's `connectionParams`) may put its sandbox back
//! to its dataset's seeded state; the session id is the capability.

use async_graphql::{Context, Object};

use super::context::ContextExt;
use super::scalars::DateTime;
use crate::error::ApiError;

/// A session after a reset.
pub struct SessionPayload {
    id: String,
    snapshot: std::sync::Arc<crate::store::Snapshot>,
}

/// A session after `resetSession`: its dataset and state.
#[Object]
impl SessionPayload {
    /// The session's id, as the request named it.
    async fn id(&self) -> &str {
        &self.id
    }

    /// The dataset's scenario.
    async fn scenario(&self) -> &'static str {
        self.snapshot.dataset.params.scenario.name()
    }

    /// The dataset's seed (a string: it may exceed GraphQL's 32-bit Int).
    async fn seed(&self) -> String {
        self.snapshot.dataset.params.seed.to_string()
    }

    /// The dataset's anchor time.
    async fn anchor_time(&self) -> DateTime {
        DateTime(self.snapshot.dataset.params.anchor)
    }

    /// The sandbox's fingerprint after the reset: the seeded dataset's.
    async fn fingerprint(&self) -> &str {
        self.snapshot.fingerprint()
    }
}

/// Session mutations.
#[derive(Default)]
pub struct SessionMutation;

#[Object]
impl SessionMutation {
    /// Puts this request's session (`X-Agentmock-Session`) back to its
    /// dataset's seeded state, byte for byte, and restarts its request
    /// count (faults by request number count from 1 again). No token is
    /// needed: the session id is the capability. Other sessions and the
    /// served dataset are untouched. Without a session: `BAD_USER_INPUT`.
    async fn reset_session(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<SessionPayload>> {
        let request = ctx.request()?;
        let Some(session) = &request.session else {
            return Err(ApiError::bad_input(
                "resetSession needs a session: send X-Agentmock-Session (or its key in connectionParams)",
            )
            .into());
        };
        let snapshot = session.reset().map_err(ApiError::from)?;
        Ok(Some(SessionPayload { id: session.id.to_string(), snapshot }))
    }
}
