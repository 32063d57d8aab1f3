//! The `Node` interface and global lookup: ids are UUIDs unique across every
//! entity type, so `node(id:)` needs no type prefix.

use async_graphql::{Context, ID, Interface, Object};

use super::TypeReads;
use super::agent::Agent;
use super::audit::AuditLog;
use super::context::ContextExt;
use super::conversation::Conversation;
use super::enums::{MAX_LIST_INPUT, parse_id};
use super::metrics::{CostRecord, DailyMetric};
use super::user::User;
use crate::error::ApiError;
use crate::store::Parts;
use crate::store::{EntityRef, Snapshot};

/// What the node lookups read ([`super::TypeReads`]): an id may name a row
/// of any part.
pub const READS: &[TypeReads] =
    &[TypeReads::each("Query", &[(Parts::ALL, &["node", "nodes"])]), TypeReads::all("Node", Parts::NONE)];

/// Anything with a global id.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID", desc = "Unique id (UUID), unique across all types."))]
pub enum Node {
    User(User),
    Agent(Agent),
    Conversation(Conversation),
    DailyMetric(DailyMetric),
    CostRecord(CostRecord),
    AuditLog(AuditLog),
}

fn node(snap: &std::sync::Arc<Snapshot>, entity: EntityRef) -> Node {
    let snap = snap.clone();
    match entity {
        EntityRef::User(r) => Node::User(User::from_row(snap, r)),
        EntityRef::Agent(r) => Node::Agent(Agent::from_row(snap, r)),
        EntityRef::Conversation(r) => Node::Conversation(Conversation::from_row(snap, r)),
        EntityRef::DailyMetric(r) => Node::DailyMetric(DailyMetric::from_row(snap, r)),
        EntityRef::CostRecord(r) => Node::CostRecord(CostRecord::from_row(snap, r)),
        EntityRef::AuditLog(r) => Node::AuditLog(AuditLog::from_row(snap, r)),
    }
}

/// Root fields for global lookup.
#[derive(Default)]
pub struct NodeQuery;

/// Root fields for global lookup.
#[Object]
impl NodeQuery {
    /// Any record by id; null when nothing has it.
    async fn node(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<Node>> {
        let snap = ctx.snapshot()?;
        Ok(snap.entity(parse_id(&id, "id")?).map(|e| node(snap, e)))
    }

    /// Records by id, in the order asked; null for each id nothing has.
    #[graphql(complexity = "crate::graphql::cost::per_id(ids.len(), child_complexity)")]
    async fn nodes(&self, ctx: &Context<'_>, ids: Vec<ID>) -> async_graphql::Result<Vec<Option<Node>>> {
        if ids.len() > MAX_LIST_INPUT {
            return Err(ApiError::bad_input(format!("`ids` takes at most {MAX_LIST_INPUT} IDs")).into());
        }
        let snap = ctx.snapshot()?;
        ids.iter().map(|id| Ok(snap.entity(parse_id(id, "ids")?).map(|e| node(snap, e)))).collect()
    }
}
