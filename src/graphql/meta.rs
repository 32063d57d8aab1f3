//! `meta`: what dataset this server serves, so a test can assert it.

use async_graphql::{Context, Object, SimpleObject};

use super::TypeReads;
use super::context::ContextExt;
use super::scalars::DateTime;
use crate::store::Parts;
use crate::store::Snapshot;

/// What the meta types' fields read ([`super::TypeReads`]): everything
/// (the fingerprint and counts cover the whole dataset).
pub const READS: &[TypeReads] = &[
    TypeReads::each("Query", &[(Parts::ALL, &["meta"])]),
    TypeReads::all("Meta", Parts::ALL),
    TypeReads::all("Counts", Parts::ALL),
    TypeReads::all("Window", Parts::ALL),
];

/// Facts about the served dataset.
pub struct Meta(std::sync::Arc<Snapshot>, Option<std::sync::Arc<str>>);

/// How many records each collection holds.
#[derive(SimpleObject)]
pub struct Counts {
    /// Records in `users`.
    pub users: i32,
    /// Records in `agents`: live agents (`agents.totalCount`; a deleted
    /// agent leaves it, its rows stay in the other collections).
    pub agents: i32,
    /// Records in `conversations`.
    pub conversations: i32,
    /// Records in `dailyMetrics`.
    pub daily_metrics: i32,
    /// Records in `costRecords`.
    pub cost_records: i32,
    /// Records in `auditLogs`.
    pub audit_logs: i32,
}

/// The days daily metrics and cost records cover: whole UTC days ending
/// with the anchor's own day, which holds traffic up to the anchor.
#[derive(SimpleObject)]
pub struct Window {
    /// First instant of the window (00:00 UTC of its first day).
    pub start: DateTime,
    /// The end of the window: the anchor. Nothing lies after it.
    pub end: DateTime,
    /// Number of days, the anchor's (partial) day included.
    pub days: i32,
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// Facts about the served dataset.
#[Object]
impl Meta {
    /// The master seed (a string: it may exceed GraphQL's 32-bit Int).
    async fn seed(&self) -> String {
        self.0.dataset.params.seed.to_string()
    }

    /// The scenario the dataset was generated as (`default`, `empty`,
    /// `onboarding`, `incident`, `cost-spike`, `large`).
    async fn scenario(&self) -> &'static str {
        self.0.dataset.params.scenario.name()
    }

    /// The session whose sandbox this request read (`X-Agentmock-Session`),
    /// or null.
    async fn session(&self) -> Option<&str> {
        self.1.as_deref()
    }

    /// The anchor the dataset was generated from: every seeded date is an
    /// offset from it.
    async fn anchor_time(&self) -> DateTime {
        DateTime(self.0.dataset.params.anchor)
    }

    /// The data's "now": the anchor, or as far as the simulator has run
    /// (the wall clock's "now" in the demo) or writes have stamped, if
    /// later. A UI's "x minutes ago" reads from it.
    async fn now(&self) -> DateTime {
        let writes = &self.0.writes;
        DateTime(writes.live.until.max(writes.clock).max(self.0.dataset.params.anchor))
    }

    /// The window of daily records.
    async fn window(&self) -> Window {
        let w = &self.0.dataset.window;
        Window { start: DateTime(w.start()), end: DateTime(w.end()), days: w.days as i32 }
    }

    /// SHA-256 of the canonical JSON dump (`agentmock dump`): equal
    /// fingerprints mean byte-identical datasets.
    async fn fingerprint(&self) -> &str {
        self.0.fingerprint()
    }

    /// agentmock's version.
    async fn version(&self) -> &'static str {
        env!("CARGO_PKG_VERSION")
    }

    /// Records per collection.
    async fn counts(&self) -> Counts {
        let d = &self.0.dataset;
        Counts {
            users: count(d.users.len()),
            agents: count(d.agents.iter().filter(|a| a.deleted_at.is_none()).count()),
            conversations: count(d.conversations.len()),
            daily_metrics: count(d.daily_metrics.len()),
            cost_records: count(d.cost_records.len()),
            audit_logs: count(d.audit_logs.len()),
        }
    }
}

/// Root field for dataset facts.
#[derive(Default)]
pub struct MetaQuery;

/// Root field for dataset facts.
#[Object]
impl MetaQuery {
    /// What dataset this server serves.
    async fn meta(&self, ctx: &Context<'_>) -> async_graphql::Result<Meta> {
        let request = ctx.request()?;
        Ok(Meta(request.snapshot.clone(), request.session.as_ref().map(|s| s.id.clone())))
    }
}
