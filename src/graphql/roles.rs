//! Roles and what each may do: the role matrix as data a UI can gate on
//! (`roles`, and every user's `capabilities`).

use async_graphql::{Context, Enum, Object};

use super::TypeReads;
use super::context::ContextExt;
use super::enums::Role;
use super::telemetry::int;
use crate::data;
use crate::store::Parts;
use crate::store::index::role_slot;

/// What the role fields read ([`super::TypeReads`]).
pub const READS: &[TypeReads] = &[
    TypeReads::each("Query", &[(Parts::USERS, &["roles"])]),
    TypeReads::each("RoleInfo", &[(Parts::USERS, &["role", "description", "capabilities", "users"])]),
];

/// Something a role may do.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[graphql(remote = "crate::data::catalogue::Capability")]
pub enum Capability {
    /// See the dashboards: agents, conversations, metrics, analytics, the audit trail.
    ViewDashboards,
    /// See costs and budgets.
    ViewCosts,
    /// See agents' system prompts.
    ViewSystemPrompts,
    /// See audit entries' IP addresses and user agents.
    ViewAuditNetwork,
    /// Create agents.
    CreateAgent,
    /// Edit an agent's name, description and system prompt.
    UpdateAgent,
    /// Change an agent's model, temperature and maxTokens.
    ConfigureAgent,
    /// Start and stop agents.
    StartStopAgent,
    /// Delete agents.
    DeleteAgent,
    /// Change users' roles.
    ManageUsers,
    /// Change the workspace policy (budget, allowed models).
    UpdatePolicy,
    /// Request data exports.
    RequestExport,
    /// Reset the data to its seeded state.
    ResetData,
}

/// What a role may do.
pub fn capabilities(role: data::catalogue::Role) -> Vec<Capability> {
    role.capabilities().iter().map(|&c| c.into()).collect()
}

/// A role, what it is for and what it may do.
pub struct RoleInfo {
    role: data::catalogue::Role,
    users: u64,
}

/// A role, what it is for and what it may do.
#[Object]
impl RoleInfo {
    /// The role.
    async fn role(&self) -> Role {
        self.role.into()
    }

    /// One sentence on what the role is for.
    async fn description(&self) -> &'static str {
        self.role.description()
    }

    /// Everything the role may do, in a fixed order.
    async fn capabilities(&self) -> Vec<Capability> {
        capabilities(self.role)
    }

    /// Users with this role.
    async fn users(&self) -> i32 {
        int(self.users)
    }
}

/// Root field for the role matrix.
#[derive(Default)]
pub struct RolesQuery;

/// Root field for the role matrix.
#[Object]
impl RolesQuery {
    /// The three roles (ADMIN, OPERATOR, VIEWER) and what each may do.
    async fn roles(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<RoleInfo>> {
        let snap = ctx.snapshot()?;
        Ok(data::catalogue::Role::ALL
            .into_iter()
            .map(|role| RoleInfo { role, users: snap.index.users_by_role[role_slot(role)].len() as u64 })
            .collect())
    }
}
