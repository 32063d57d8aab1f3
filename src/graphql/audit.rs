//! `AuditLog`: the audit trail; the `auditLogs` query.

use std::sync::Arc;

use async_graphql::{Context, Enum, ID, InputObject, Json, Object, Union};

use super::TypeReads;
use super::agent::Agent;
use super::connection::{PageArgs, Scope, connection};
use super::context::ContextExt;
use super::enums::{AuditAction, OrderDirection, OrderField, OrderKey, Role, agent_history_rows, rows_of, set_of};
use super::flat::FlatPage;
use super::loaders::{AgentKey, UserKey};
use super::range::DateTimeRange;
use super::scalars::DateTime;
use super::text::text_fields;
use super::user::{User, user_row};
use crate::data::{self, AuditDetails, AuditTarget as Target, catalogue::Capability};
use crate::error::{ApiError, ApiResult};
use crate::store;
use crate::store::Parts;
use crate::store::query::{AuditList, AuditScope, audit_page};
use crate::store::{EntityRef, Snapshot};

/// What the audit types' fields read ([`super::TypeReads`]): an entry's
/// summary and target name the agent or user it is about.
pub const READS: &[TypeReads] = &[
    TypeReads::each("Query", &[(Parts::AUDIT, &["auditLogs"])]),
    TypeReads::each(
        "AuditLog",
        &[
            (
                Parts::AUDIT,
                &[
                    "id",
                    "action",
                    "actorId",
                    "targetType",
                    "targetId",
                    "details",
                    "ipAddress",
                    "userAgent",
                    "createdAt",
                ],
            ),
            (Parts::USERS, &["actor"]),
            (Parts::AUDIT.union(Parts::AGENTS).union(Parts::USERS), &["target", "summary"]),
        ],
    ),
    TypeReads::all("AuditLogConnection", Parts::NONE),
    TypeReads::all("AuditLogEdge", Parts::NONE),
];

/// One entry of the audit trail.
#[derive(Clone)]
pub struct AuditLog {
    snap: Arc<Snapshot>,
    row: u32,
}

impl AuditLog {
    pub fn from_row(snap: Arc<Snapshot>, row: u32) -> Self {
        AuditLog { snap, row }
    }

    fn record(&self) -> &data::AuditLog {
        &self.snap.dataset.audit_logs[self.row as usize]
    }
}

pub fn audit_log_row(entity: EntityRef) -> Option<u32> {
    match entity {
        EntityRef::AuditLog(r) => Some(r),
        _ => None,
    }
}

/// What an audit entry is about.
#[derive(Union)]
pub enum AuditTarget {
    Agent(Agent),
    User(User),
}

/// Kinds of audit targets.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditTargetType {
    Agent,
    User,
}

/// "temperature from 0.7 to 0.9 and maxTokens from 1024 to 2048".
fn moves(changes: &[data::FieldChange]) -> String {
    changes.iter().map(data::FieldChange::describe).collect::<Vec<_>>().join(" and ")
}

/// One sentence describing an entry, e.g. "Ada Lovelace stopped Sales Assistant 7".
pub fn summary(d: &data::Dataset, log: &data::AuditLog) -> String {
    use data::catalogue::AuditAction as A;
    let actor = &d.users[log.actor as usize].name;
    let target = match log.target {
        Some(Target::Agent(a)) => d.agents[a as usize].name.as_str(),
        Some(Target::User(u)) => d.users[u as usize].name.as_str(),
        None => "",
    };
    match (&log.action, &log.details) {
        (A::AgentCreated, _) => format!("{actor} created {target}"),
        (A::AgentUpdated, AuditDetails::AgentUpdated { field, prompt: Some((version, change)) }) => {
            format!("{actor} updated the {field} of {target} (v{version}): {change}")
        }
        (A::AgentUpdated, AuditDetails::AgentUpdated { field, .. }) => {
            format!("{actor} updated the {field} of {target}")
        }
        (A::AgentDeleted, AuditDetails::AgentDeleted { name, .. }) => format!("{actor} deleted {name}"),
        (A::AgentStarted, _) => format!("{actor} started {target}"),
        (A::AgentStopped, _) => format!("{actor} stopped {target}"),
        (A::ConfigChanged, AuditDetails::ConfigChanged { setting, from, to }) => {
            format!("{actor} changed {} of {target} from {from} to {to}", setting.as_str())
        }
        (A::UserLogin, AuditDetails::Session { method }) => format!("{actor} signed in ({method})"),
        (A::UserLogout, _) => format!("{actor} signed out"),
        (A::PolicyUpdated, AuditDetails::PolicyUpdated { policy, change }) => {
            format!("{actor} updated the {policy} policy: {change}")
        }
        (A::ExportRequested, AuditDetails::ExportRequested { dataset, format, days }) => {
            format!("{actor} exported {dataset} for the last {days} days as {format}")
        }
        (A::AgentUpdated, AuditDetails::AgentChanged { changes, prompt, .. }) => {
            // A prompt edit is recorded as its version moving: "the
            // systemPrompt of X (v4): ...", as the seeded entries say it.
            let fields: Vec<&str> = changes
                .iter()
                .map(|c| if c.field == "promptVersion" { "systemPrompt" } else { c.field.as_str() })
                .collect();
            let version = prompt.as_ref().map_or_else(String::new, |(v, change)| format!(" (v{v}): {change}"));
            format!("{actor} updated the {} of {target}{version}", fields.join(" and "))
        }
        (A::ConfigChanged, AuditDetails::Changed { changes }) => {
            format!("{actor} changed {target}'s {}", moves(changes))
        }
        (A::PolicyUpdated, AuditDetails::Changed { changes }) if log.target.is_some() => {
            format!("{actor} changed {target}'s {}", moves(changes))
        }
        (A::PolicyUpdated, AuditDetails::Changed { changes }) => {
            format!("{actor} updated the workspace policy: {}", moves(changes))
        }
        (action, _) => format!("{actor}: {}", action.dotted()),
    }
}

/// One entry of the audit trail.
#[Object]
impl AuditLog {
    /// Unique id (UUID); also its global `Node` id.
    pub async fn id(&self) -> ID {
        ID(super::ids::uuid_text(self.record().id))
    }

    /// What happened (the seed's `agent.created` is `AGENT_CREATED`).
    async fn action(&self) -> AuditAction {
        self.record().action.into()
    }

    /// Id of the user who did it.
    async fn actor_id(&self) -> ID {
        ID(super::ids::uuid_text(self.snap.dataset.users[self.record().actor as usize].id))
    }

    /// The user who did it.
    async fn actor(&self, ctx: &Context<'_>) -> async_graphql::Result<User> {
        let row = ctx.loader(&self.snap)?.load_one(UserKey(self.record().actor)).await?;
        let row = row.ok_or_else(|| ApiError::Internal("audit actor missing".into()))?;
        Ok(User::from_row(self.snap.clone(), row))
    }

    /// Kind of the target (a sign-in's target is its user); null when the
    /// action has none (policies, exports, deletions).
    async fn target_type(&self) -> Option<AuditTargetType> {
        self.record().target.map(|t| match t {
            Target::Agent(_) => AuditTargetType::Agent,
            Target::User(_) => AuditTargetType::User,
        })
    }

    /// Id of the target; null when the action has none.
    async fn target_id(&self) -> Option<ID> {
        self.record().target.map(|t| ID(self.snap.dataset.target_id(t).to_string()))
    }

    /// The target; null when the action has none.
    async fn target(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<AuditTarget>> {
        Ok(match self.record().target {
            Some(Target::Agent(a)) => {
                let row = ctx.loader(&self.snap)?.load_one(AgentKey(a)).await?;
                row.map(|r| AuditTarget::Agent(Agent::from_row(self.snap.clone(), r)))
            }
            Some(Target::User(u)) => {
                let row = ctx.loader(&self.snap)?.load_one(UserKey(u)).await?;
                row.map(|r| AuditTarget::User(User::from_row(self.snap.clone(), r)))
            }
            None => None,
        })
    }

    /// When it happened.
    async fn created_at(&self) -> DateTime {
        DateTime(self.record().created_at)
    }

    /// Address the request came from. Admins only (`VIEW_AUDIT_NETWORK`):
    /// null with a `FORBIDDEN` error for other roles and anonymous requests.
    async fn ip_address(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        ctx.require(&self.snap, Capability::ViewAuditNetwork, "ipAddress")?;
        Ok(Some(self.record().ip_address()))
    }

    /// Client the request came from. Admins only, as `ipAddress`.
    async fn user_agent(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<&'static str>> {
        ctx.require(&self.snap, Capability::ViewAuditNetwork, "userAgent")?;
        Ok(Some(self.record().user_agent()))
    }

    /// One human-readable sentence.
    async fn summary(&self) -> String {
        summary(&self.snap.dataset, self.record())
    }

    /// Action-specific facts (changed setting and values, export format, ...).
    async fn details(&self) -> Json<serde_json::Value> {
        Json(self.record().details.to_json())
    }
}

connection!(AuditLog, AuditLogConnection, AuditLogEdge, "audit log entries", audit_logs);

text_fields!(AuditLog {
    "id" => id,
    "action" => action,
    "actorId" => actor_id,
    "targetType" => target_type,
    "targetId" => target_id,
    "createdAt" => created_at,
    "ipAddress" => ip_address,
    "userAgent" => user_agent,
    "summary" => summary,
});

/// Which audit entries to list or deliver: the same input for the
/// `auditLogs` feed and its live updates (`auditLogAdded`), so a screen
/// keeps one filter state for both. Ids that name nothing match nothing.
#[derive(InputObject, Default, Clone)]
pub struct AuditLogFilter {
    /// Only entries of one of these actions.
    pub actions: Option<Vec<AuditAction>>,
    /// Only entries by one of these users.
    pub actor_ids: Option<Vec<ID>>,
    /// Only entries by users who have one of these roles (when the list
    /// is read, or the subscription starts).
    pub actor_roles: Option<Vec<Role>>,
    /// Only entries about one of these agents or users (a deleted agent's
    /// id still selects its entries).
    pub target_ids: Option<Vec<ID>>,
    /// Only entries in this interval.
    pub created_at: Option<DateTimeRange>,
}

/// The store's filter for an audit filter input, over `snap`.
pub fn audit_filter(snap: &Snapshot, filter: AuditLogFilter) -> ApiResult<store::query::AuditFilter> {
    let agents = agent_history_rows(snap, &filter.target_ids, "filter.targetIds")?;
    let users = rows_of(snap, &filter.target_ids, "filter.targetIds", user_row)?;
    let targets = agents.zip(users).map(|(agents, users)| {
        agents.into_iter().map(Target::Agent).chain(users.into_iter().map(Target::User)).collect()
    });
    let mut actors = rows_of(snap, &filter.actor_ids, "filter.actorIds", user_row)?;
    if let Some(roles) = set_of::<Role, data::catalogue::Role>(&filter.actor_roles) {
        let users = &snap.dataset.users;
        let in_roles = (0..users.len() as u32).filter(|&u| roles.contains(&users[u as usize].role));
        actors = Some(match actors {
            Some(ids) => in_roles.filter(|u| ids.contains(u)).collect(),
            None => in_roles.collect(),
        });
    }
    Ok(store::query::AuditFilter {
        actions: set_of(&filter.actions),
        actors,
        targets,
        created: DateTimeRange::checked(filter.created_at, "filter.createdAt")?,
    })
}

/// Fields audit entries can be ordered by.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AuditLogOrderField {
    /// When it happened, newest first by default.
    CreatedAt,
}

impl OrderField for AuditLogOrderField {
    fn natural(self) -> OrderDirection {
        OrderDirection::Desc
    }
}

/// How to order audit entries.
#[derive(InputObject)]
pub struct AuditLogOrder {
    /// The field to sort by.
    pub field: AuditLogOrderField,
    /// Omitted: newest first (see `OrderDirection`).
    pub direction: Option<OrderDirection>,
}

/// Checks an audit list request. Gives the store's list and the cursor scope.
pub fn audit_list_query(
    snap: &Snapshot,
    page: PageArgs,
    filter: Option<AuditLogFilter>,
    order_by: Option<AuditLogOrder>,
) -> ApiResult<(AuditList, Scope)> {
    let direction = order_by.map_or(OrderDirection::Desc, |o| OrderKey::Field(o.field).direction(o.direction));
    let scope = format!("auditLogs/CreatedAt_{}", direction.as_str());
    let query = AuditList {
        filter: audit_filter(snap, filter.unwrap_or_default())?,
        descending: direction.descending(),
        page: page.spec(snap, &scope, audit_log_row)?,
    };
    Ok((query, scope))
}

/// Root fields for the audit trail.
#[derive(Default)]
pub struct AuditQuery;

/// Root fields for the audit trail.
#[Object]
impl AuditQuery {
    /// The audit trail, newest first unless `orderBy` says otherwise.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "crate::graphql::cost::page(first, last, child_complexity)")]
    async fn audit_logs(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<AuditLogFilter>,
        order_by: Option<AuditLogOrder>,
    ) -> async_graphql::Result<FlatPage<AuditLogConnection>> {
        let snap = ctx.snapshot()?.clone();
        let (query, scope) = audit_list_query(&snap, PageArgs { first, after, last, before }, filter, order_by)?;
        let page = audit_page(&snap, AuditScope::All, &query);
        Ok(FlatPage(AuditLogConnection::new(snap, page, scope)))
    }
}
