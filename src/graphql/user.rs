//! `User`: people who sign in to the dashboard; the `users`, `user` and
//! `viewer` queries.

use std::sync::Arc;

use async_graphql::{Context, Enum, ID, InputObject, Object};

use super::TypeReads;
use super::agent::{AgentConnection, AgentFilter, AgentOrder, agent_list_query};
use super::audit::{AuditLogConnection, AuditLogFilter, AuditLogOrder, audit_list_query};
use super::connection::{PageArgs, connection};
use super::context::{ContextExt, Parsed};
use super::enums::{OrderDirection, OrderField, OrderKey};
use super::enums::{Role, input_id, parse_id, rows_of, search_text, set_of};
use super::flat::FlatPage;
use super::loaders::{ActorAuditLogsKey, UserAgentsKey, load_page};
use super::scalars::DateTime;
use super::text::text_fields;
use crate::data::{self, catalogue::AuditAction};
use crate::error::{ApiError, ApiResult};
use crate::store::Parts;
use crate::store::query::{UserList, UserSort, user_page};
use crate::store::writes::{Applied, Command, Written};
use crate::store::{EntityRef, Snapshot};

/// What the user types' fields read ([`super::TypeReads`]): a user's last
/// sign-in comes from the audit trail.
pub const READS: &[TypeReads] = &[
    TypeReads::each("Query", &[(Parts::USERS, &["users", "user", "viewer"])]),
    TypeReads::each(
        "User",
        &[
            (Parts::USERS, &["id", "name", "email", "role", "avatarUrl", "capabilities", "createdAt"]),
            (Parts::AUDIT, &["lastLoginAt", "auditLogs"]),
            (Parts::AGENTS, &["agents"]),
        ],
    ),
    TypeReads::all("UserConnection", Parts::NONE),
    TypeReads::all("UserEdge", Parts::NONE),
];

/// A person who signs in to the dashboard.
#[derive(Clone)]
pub struct User {
    snap: Arc<Snapshot>,
    row: u32,
}

impl User {
    pub fn from_row(snap: Arc<Snapshot>, row: u32) -> Self {
        User { snap, row }
    }

    fn record(&self) -> &data::User {
        &self.snap.dataset.users[self.row as usize]
    }
}

/// The user row of an entity reference.
pub fn user_row(entity: EntityRef) -> Option<u32> {
    match entity {
        EntityRef::User(u) => Some(u),
        _ => None,
    }
}

/// A person who signs in to the dashboard.
#[Object]
impl User {
    /// Unique id (UUID); also its global `Node` id.
    pub async fn id(&self) -> ID {
        ID(super::ids::uuid_text(self.record().id))
    }

    /// Full name.
    async fn name(&self) -> &str {
        &self.record().name
    }

    /// Work email address.
    async fn email(&self) -> &str {
        &self.record().email
    }

    /// The user's role.
    async fn role(&self) -> Role {
        self.record().role.into()
    }

    /// What the user's role may do (the role matrix), for a UI to gate on.
    async fn capabilities(&self) -> Vec<super::roles::Capability> {
        super::roles::capabilities(self.record().role)
    }

    /// Absolute URL of the user's avatar (an SVG served by agentmock itself).
    async fn avatar_url(&self, ctx: &Context<'_>) -> ApiResult<String> {
        Ok(format!("{}{}", ctx.request()?.public_url, self.record().avatar_path()))
    }

    /// When the user joined.
    async fn created_at(&self) -> DateTime {
        DateTime(self.record().created_at)
    }

    /// The user's most recent sign-in (`user.login` audit entry), if any.
    async fn last_login_at(&self) -> Option<DateTime> {
        let logs = &self.snap.dataset.audit_logs;
        self.snap.index.audit_by_actor[self.row as usize]
            .iter()
            .rev()
            .map(|&r| &logs[r as usize])
            .find(|l| l.action == AuditAction::UserLogin)
            .map(|l| DateTime(l.created_at))
    }

    /// Agents this user created.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "crate::graphql::cost::page(first, last, child_complexity)")]
    async fn agents(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<AgentFilter>,
        order_by: Option<AgentOrder>,
    ) -> async_graphql::Result<FlatPage<AgentConnection>> {
        let (query, scope, period) =
            agent_list_query(&self.snap, PageArgs { first, after, last, before }, filter, order_by, None)?;
        let key = UserAgentsKey { user: self.row, query: Arc::new(query) };
        let page = load_page(ctx, &self.snap, key).await?;
        Ok(FlatPage(AgentConnection::new(self.snap.clone(), page, scope, period)))
    }

    /// Audit entries this user made, newest first by default.
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
        let (query, scope) = audit_list_query(&self.snap, PageArgs { first, after, last, before }, filter, order_by)?;
        let key = ActorAuditLogsKey { user: self.row, query: Arc::new(query) };
        let page = load_page(ctx, &self.snap, key).await?;
        Ok(FlatPage(AuditLogConnection::new(self.snap.clone(), page, scope)))
    }
}

connection!(User, UserConnection, UserEdge, "users", users);

text_fields!(User {
    "id" => id,
    "name" => name,
    "email" => email,
    "role" => role,
    "capabilities" => capabilities,
    "createdAt" => created_at,
    "lastLoginAt" => last_login_at,
});

/// Which users to list.
#[derive(InputObject, Default)]
pub struct UserFilter {
    /// Only these users.
    pub ids: Option<Vec<ID>>,
    /// Only users with one of these roles.
    pub role: Option<Vec<Role>>,
    /// Case-insensitive text in the name or email.
    pub search: Option<String>,
}

/// Fields users can be ordered by.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UserOrderField {
    /// Full name, A to Z by default.
    Name,
    /// Email address, A to Z by default.
    Email,
    /// Role (ADMIN, OPERATOR, VIEWER), in that order by default.
    Role,
    /// When the user joined, newest first by default.
    CreatedAt,
}

impl OrderField for UserOrderField {
    fn natural(self) -> OrderDirection {
        match self {
            UserOrderField::Name | UserOrderField::Email | UserOrderField::Role => OrderDirection::Asc,
            UserOrderField::CreatedAt => OrderDirection::Desc,
        }
    }
}

/// How to order users.
#[derive(InputObject)]
pub struct UserOrder {
    /// The field to sort by.
    pub field: UserOrderField,
    /// Omitted: names and roles ascending, times descending (see
    /// `OrderDirection`).
    pub direction: Option<OrderDirection>,
}

/// Root fields for users.
#[derive(Default)]
pub struct UserQuery;

/// Root fields for users.
#[Object]
impl UserQuery {
    /// All users, ordered by name unless `orderBy` says otherwise.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "crate::graphql::cost::page(first, last, child_complexity)")]
    async fn users(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<UserFilter>,
        order_by: Option<UserOrder>,
    ) -> async_graphql::Result<FlatPage<UserConnection>> {
        let snap = ctx.snapshot()?.clone();
        let filter = filter.unwrap_or_default();
        let order = order_by.map_or((UserOrderField::Name, OrderDirection::Asc), |o| {
            (o.field, OrderKey::<UserOrderField>::Field(o.field).direction(o.direction))
        });
        let scope = format!("users/{:?}_{}", order.0, order.1.as_str());
        let query = UserList {
            ids: rows_of(&snap, &filter.ids, "filter.ids", user_row)?,
            roles: set_of(&filter.role),
            search: search_text(&filter.search)?,
            sort: match order.0 {
                UserOrderField::Name => UserSort::Name,
                UserOrderField::Email => UserSort::Email,
                UserOrderField::Role => UserSort::Role,
                UserOrderField::CreatedAt => UserSort::CreatedAt,
            },
            descending: order.1.descending(),
            page: PageArgs { first, after, last, before }.spec(&snap, &scope, user_row)?,
        };
        let page = user_page(&snap, &query);
        Ok(FlatPage(UserConnection::new(snap, page, scope)))
    }

    /// One user by id; null when no user has it.
    async fn user(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<User>> {
        let snap = ctx.snapshot()?;
        Ok(snap.user_ix(parse_id(&id, "id")?).map(|row| User::from_row(snap.clone(), row)))
    }

    /// The signed-in user (`Authorization: Bearer <token>`, or the user's
    /// id or email); null for an anonymous request.
    async fn viewer(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        let request = ctx.request()?;
        Ok(request.viewer.map(|row| User::from_row(request.snapshot.clone(), row)))
    }
}

/// A signed-in session: the token to send as `Authorization: Bearer <token>`.
pub struct SignInPayload(Applied, u32);

/// A signed-in session: the token to send as `Authorization: Bearer <token>`.
#[Object]
impl SignInPayload {
    /// The user's token: stable for a seed (docs/writes.md lists the default
    /// seed's), so tests can hard-code it.
    async fn token(&self) -> String {
        self.0.snapshot.token_of(self.1).unwrap_or_default()
    }

    /// Who signed in.
    async fn user(&self) -> User {
        User::from_row(self.0.snapshot.clone(), self.1)
    }

    /// The `user.login` entry.
    async fn audit_log(&self) -> Option<super::audit::AuditLog> {
        self.0.audit.map(|row| super::audit::AuditLog::from_row(self.0.snapshot.clone(), row))
    }
}

/// What a user write changed: the user and its audit entry.
pub struct UserPayload(Applied, u32);

/// What a user write changed: the user and its audit entry.
#[Object]
impl UserPayload {
    /// The user after the write.
    async fn user(&self) -> User {
        User::from_row(self.0.snapshot.clone(), self.1)
    }

    /// The one audit entry the write made.
    async fn audit_log(&self) -> Option<super::audit::AuditLog> {
        self.0.audit.map(|row| super::audit::AuditLog::from_row(self.0.snapshot.clone(), row))
    }
}

fn written_user(applied: &Applied) -> ApiResult<u32> {
    match applied.written {
        Written::User(row) => Ok(row),
        _ => Err(ApiError::Internal("a user write wrote no user".into())),
    }
}

/// A role change.
#[derive(InputObject)]
pub struct UpdateUserRoleInput {
    /// The user whose role changes.
    pub id: ID,
    /// The new role.
    pub role: Role,
}

/// Sign-in and user mutations.
#[derive(Default)]
pub struct UserMutation;

#[Object]
impl UserMutation {
    /// Mock sign-in as a seeded user, by email (no password): the token and
    /// the user; writes `user.login`. Anyone may call it.
    async fn sign_in(&self, ctx: &Context<'_>, email: String) -> async_graphql::Result<Option<SignInPayload>> {
        let applied = ctx.write(Command::SignIn { email })?;
        let user = written_user(&applied)?;
        Ok(Some(SignInPayload(applied, user)))
    }

    /// Signs the viewer out: writes `user.logout`. Tokens are derived, not
    /// stored, so the token keeps working (a mock has no sessions to end).
    async fn sign_out(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<UserPayload>> {
        let applied = ctx.write(Command::SignOut)?;
        let user = written_user(&applied)?;
        Ok(Some(UserPayload(applied, user)))
    }

    /// Changes a user's role (`policy.updated`, targeting the user). Admins
    /// only; the last admin cannot be demoted.
    async fn update_user_role(
        &self,
        ctx: &Context<'_>,
        input: UpdateUserRoleInput,
    ) -> async_graphql::Result<Option<UserPayload>> {
        let mut parsed = Parsed::default();
        let user = parsed.take(input_id(&input.id, "input.id"));
        let command = Command::UpdateUserRole { user, role: input.role.into() };
        let applied = ctx.write_parsed(command, parsed)?;
        let user = written_user(&applied)?;
        Ok(Some(UserPayload(applied, user)))
    }
}
