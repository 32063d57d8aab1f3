//! `workspace`: the company the fleet belongs to, its policy (budget,
//! allowed models) and where spend stands against the monthly budget.

use std::sync::Arc;

use async_graphql::{Context, Object, SimpleObject};
use chrono::{Datelike, NaiveDate};

use super::TypeReads;
use super::context::ContextExt;
use super::enums::ErrorType;
use super::model::ModelInfo;
use super::scalars::{Date, DateTime};
use crate::data::catalogue::usd;
use crate::data::workspace::days_in_month;
use crate::data::{self, rng::round_to};
use crate::store::Parts;
use crate::store::{AgentSet, CellMask, Snapshot};

/// What the workspace fields read ([`super::TypeReads`]): the budget
/// follows the day's spend (`LIVE`); the providers' incidents, storms and
/// the tools' outages are the generated dataset's, and the live
/// simulator's as its clock passes them (`LIVE`); no write moves them.
pub const READS: &[TypeReads] = &[
    TypeReads::each("Query", &[(Parts::WORKSPACE, &["workspace"])]),
    TypeReads::each(
        "Workspace",
        &[
            (Parts::WORKSPACE, &["id", "company", "monthlyBudget", "allowedModels"]),
            (Parts::WORKSPACE.union(Parts::LIVE), &["budget"]),
            (Parts::LIVE, &["providerIncidents", "rateLimitStorms", "toolOutages"]),
        ],
    ),
    TypeReads::all("BudgetStatus", Parts::WORKSPACE.union(Parts::LIVE)),
    TypeReads::all("DailySpend", Parts::WORKSPACE.union(Parts::LIVE)),
    TypeReads::all("ProviderIncident", Parts::LIVE),
    TypeReads::all("RateLimitStorm", Parts::LIVE),
    TypeReads::all("ToolOutage", Parts::LIVE),
];

/// The workspace the fleet belongs to.
pub struct Workspace(Arc<Snapshot>);

/// One day of the month's spend.
#[derive(SimpleObject)]
pub struct DailySpend {
    /// The day, as its id (`2025-01-18`): one workspace, one spend a day.
    pub id: async_graphql::ID,
    /// The UTC day.
    pub date: Date,
    /// USD spent that day (the anchor's day: so far).
    pub cost: f64,
    /// USD spent from the month's first day to this one, inclusive.
    pub cumulative: f64,
}

/// Where the month's spend stands against the budget. Spend is the cost
/// records of the anchor's month inside the window (all of it unless the
/// month began more than `days` before the anchor); the burn rate is the
/// month's spend per elapsed day (the anchor's day counted by the hours
/// gone); the projection adds that rate for the days left.
pub struct BudgetStatus {
    budget_micros: i64,
    month: NaiveDate,
    days_in_month: u32,
    days_elapsed: f64,
    spent_micros: i64,
    daily: Vec<(NaiveDate, i64)>,
}

/// Where the month's spend stands against the budget.
#[Object]
impl BudgetStatus {
    /// First day of the anchor's month.
    async fn month(&self) -> Date {
        Date(self.month)
    }

    /// The monthly budget, USD.
    async fn monthly_budget(&self) -> f64 {
        usd(self.budget_micros)
    }

    /// USD spent this month so far.
    async fn month_to_date_spend(&self) -> f64 {
        usd(self.spent_micros)
    }

    /// Days of the month gone, the anchor's day counted by its hours (e.g. 18.58).
    async fn days_elapsed(&self) -> f64 {
        round_to(self.days_elapsed, 2)
    }

    /// Days in the month.
    async fn days_in_month(&self) -> i32 {
        self.days_in_month as i32
    }

    /// USD per day: month-to-date spend over days elapsed (to the cent).
    async fn daily_burn_rate(&self) -> f64 {
        round_to(self.burn(), 2)
    }

    /// Month-to-date spend plus the burn rate for the rest of the month (to the cent).
    async fn projected_month_end(&self) -> f64 {
        round_to(self.projected(), 2)
    }

    /// Projected month-end spend over the budget (4 decimals); null for a zero budget.
    async fn projected_utilization(&self) -> Option<f64> {
        (self.budget_micros > 0).then(|| data::shown_rate(self.projected() / usd(self.budget_micros)))
    }

    /// Budget left this month, USD (negative once over).
    async fn remaining(&self) -> f64 {
        usd(self.budget_micros - self.spent_micros)
    }

    /// Whether the projection stays within the budget.
    async fn on_track(&self) -> bool {
        self.projected() <= usd(self.budget_micros)
    }

    /// The month's spend day by day, up to the anchor's day.
    async fn daily(&self) -> Vec<DailySpend> {
        let mut cumulative = 0;
        self.daily
            .iter()
            .map(|&(date, micros)| {
                cumulative += micros;
                DailySpend {
                    id: async_graphql::ID(date.to_string()),
                    date: Date(date),
                    cost: usd(micros),
                    cumulative: usd(cumulative),
                }
            })
            .collect()
    }
}

impl BudgetStatus {
    fn burn(&self) -> f64 {
        if self.days_elapsed > 0.0 { usd(self.spent_micros) / self.days_elapsed } else { 0.0 }
    }

    fn projected(&self) -> f64 {
        usd(self.spent_micros) + self.burn() * (self.days_in_month as f64 - self.days_elapsed).max(0.0)
    }
}

/// The workspace the fleet belongs to.
#[Object]
impl Workspace {
    /// The workspace's id, stable for a seed (for client caches: a policy
    /// write returns the workspace under the same id).
    async fn id(&self) -> async_graphql::ID {
        async_graphql::ID(crate::store::writes::workspace_id(self.0.dataset.params.seed).to_string())
    }

    /// The company running the fleet.
    async fn company(&self) -> &str {
        &self.0.dataset.workspace.company
    }

    /// Monthly budget for model spend, USD (a seeded default).
    async fn monthly_budget(&self) -> f64 {
        usd(self.0.dataset.workspace.monthly_budget_micros)
    }

    /// Models agents may run on.
    async fn allowed_models(&self) -> Vec<ModelInfo> {
        self.0.dataset.workspace.allowed_models.iter().map(|&m| ModelInfo(m)).collect()
    }

    /// Where this month's spend stands against the budget.
    async fn budget(&self) -> BudgetStatus {
        let snap = &self.0;
        let window = &snap.dataset.window;
        let today = window.anchor.date_naive();
        let month = today.with_day(1).unwrap_or(today);
        let first = window.day_of(month).unwrap_or(0);
        let days = first as i64..window.days as i64;
        let per_day = snap.telemetry_days(&AgentSet::Cells(CellMask::ALL), days);
        let daily: Vec<(NaiveDate, i64)> =
            per_day.iter().enumerate().map(|(i, t)| (window.date(first + i as u32), t.totals.cost_micros)).collect();
        let since_midnight = (window.anchor - window.anchor_day_start()).num_seconds() as f64 / 86_400.0;
        BudgetStatus {
            budget_micros: snap.dataset.workspace.monthly_budget_micros,
            month,
            days_in_month: days_in_month(today),
            days_elapsed: (today.day() - 1) as f64 + since_midnight,
            spent_micros: daily.iter().map(|(_, c)| c).sum(),
            daily,
        }
    }

    /// The model providers' incidents that touched the window, oldest
    /// first: every agent on the model failed more and answered slower
    /// while one lasted (what the status page of the provider showed).
    /// One under way ends at the anchor (the live simulator's clock).
    async fn provider_incidents(&self) -> Vec<ProviderIncident> {
        let providers = &self.0.dataset.providers;
        providers
            .incidents
            .iter()
            .map(|i| ProviderIncident {
                id: async_graphql::ID(super::ids::aggregate(
                    &format!("provider:{}", i.model.id()),
                    &super::ids::span(i.start, i.end),
                )),
                model: i.model.id(),
                started_at: DateTime(i.start),
                ended_at: DateTime(i.end),
                error_type: i.error.into(),
                peak_failure_rate: round_to(i.pressure.extra_failure, 4),
                latency_factor: round_to(i.pressure.latency, 4),
            })
            .collect()
    }

    /// The workspace's rate-limit storms in the window (the live
    /// simulator's included; one under way ends at its clock), oldest first: its
    /// quota spent at a busy hour, every agent's calls on any model were
    /// refused with `RATE_LIMITED` for a few minutes to an hour.
    async fn rate_limit_storms(&self) -> Vec<RateLimitStorm> {
        let providers = &self.0.dataset.providers;
        providers
            .storms
            .iter()
            .map(|s| RateLimitStorm {
                id: async_graphql::ID(super::ids::aggregate("storm", &super::ids::span(s.start, s.end))),
                started_at: DateTime(s.start),
                ended_at: DateTime(s.end),
                failure_rate: round_to(s.extra_failure, 4),
            })
            .collect()
    }

    /// The outages of the services the agents' tools call (the CRM, the
    /// ticketing system, the calendar...) in the window (the live
    /// simulator's included; one under way ends at its clock), oldest first:
    /// every agent whose tools call the service failed more tool calls
    /// (`TOOL_ERROR`) while one lasted.
    async fn tool_outages(&self) -> Vec<ToolOutage> {
        let providers = &self.0.dataset.providers;
        providers
            .outages
            .iter()
            .map(|o| ToolOutage {
                id: async_graphql::ID(super::ids::aggregate(
                    &format!("outage:{}", o.service),
                    &super::ids::span(o.start, o.end),
                )),
                service: o.service,
                started_at: DateTime(o.start),
                ended_at: DateTime(o.end),
                failure_rate: round_to(o.extra_failure, 4),
            })
            .collect()
    }
}

/// An outage of a service the agents' tools call: from `startedAt` to
/// `endedAt`, `failureRate` of the tool calls to `service` failed, for
/// every agent whose tools call it (as `TOOL_ERROR`; a failed tool call is
/// fast: latency did not move).
#[derive(SimpleObject)]
pub struct ToolOutage {
    /// `outage:<service>@<start>/<end>`: one outage, one id.
    id: async_graphql::ID,
    /// The service, as its tools' names begin (`crm` for `crm.account`).
    service: &'static str,
    /// When it began.
    started_at: DateTime,
    /// When it ended (the anchor, for one still going on).
    ended_at: DateTime,
    /// The share of the service's calls that failed while it lasted.
    failure_rate: f64,
}

/// A model provider's incident: from `startedAt` to `endedAt` calls to
/// `model`, from every agent on it, were likelier to fail (most with
/// `errorType`) and slower.
#[derive(SimpleObject)]
pub struct ProviderIncident {
    /// `provider:<model>@<start>/<end>`: one incident, one id.
    id: async_graphql::ID,
    /// The model whose provider degraded.
    model: &'static str,
    /// When it began.
    started_at: DateTime,
    /// When it ended (the anchor, for one still going on).
    ended_at: DateTime,
    /// The error type most of its failures had.
    error_type: ErrorType,
    /// At its worst, the share of calls it failed on top of the usual.
    peak_failure_rate: f64,
    /// At its worst, how many times the usual reply latency replies took.
    latency_factor: f64,
}

/// A workspace rate-limit storm: from `startedAt` to `endedAt` the
/// workspace's quota was spent and `failureRate` of every agent's calls
/// were refused with `RATE_LIMITED` (refusals are fast: latency did not move).
#[derive(SimpleObject)]
pub struct RateLimitStorm {
    /// `storm@<start>/<end>`: one storm, one id.
    id: async_graphql::ID,
    /// When the quota ran out.
    started_at: DateTime,
    /// When calls went through again.
    ended_at: DateTime,
    /// The share of calls refused while it lasted.
    failure_rate: f64,
}

/// Root field for the workspace.
#[derive(Default)]
pub struct WorkspaceQuery;

/// Root field for the workspace.
#[Object]
impl WorkspaceQuery {
    /// The workspace the fleet belongs to: company, policy and budget.
    async fn workspace(&self, ctx: &Context<'_>) -> async_graphql::Result<Workspace> {
        Ok(Workspace(ctx.snapshot()?.clone()))
    }
}

/// A policy change; omitted fields stay.
#[derive(async_graphql::InputObject)]
pub struct UpdatePolicyInput {
    /// USD per month, more than 0.
    pub monthly_budget: Option<f64>,
    /// Model ids agents may run on: at least one, and every model an agent
    /// runs on.
    pub allowed_models: Option<Vec<String>>,
}

/// What an export holds.
#[derive(async_graphql::Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "crate::store::writes::ExportCollection")]
pub enum ExportCollection {
    Agents,
    Conversations,
    DailyMetrics,
    CostRecords,
    AuditLogs,
}

/// An export's file format.
#[derive(async_graphql::Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "crate::store::writes::ExportFormat")]
pub enum ExportFormat {
    Csv,
    Json,
}

/// An export request.
#[derive(async_graphql::InputObject)]
pub struct RequestExportInput {
    /// What to export.
    pub collection: ExportCollection,
    /// CSV or JSON.
    pub format: ExportFormat,
    /// The days to export (default: the window). Agents are exported whole.
    pub range: Option<super::range::DateRange>,
}

/// A requested export, downloadable at `url` while it is kept.
pub struct Export {
    export: Arc<crate::store::writes::Export>,
    /// The state after the request, for its requester.
    snap: Arc<crate::store::Snapshot>,
    public_url: Arc<str>,
}

/// A requested export, downloadable at `url` while it is kept: the server
/// keeps the newest exports within a count and a size (`--max-exports`,
/// `--max-export-mb`), and a reset drops them all.
#[Object]
impl Export {
    /// The export's id: deterministic, like every id a write creates.
    async fn id(&self) -> async_graphql::ID {
        async_graphql::ID(self.export.id.to_string())
    }

    /// What it holds.
    async fn collection(&self) -> ExportCollection {
        self.export.collection.into()
    }

    /// CSV or JSON.
    async fn format(&self) -> ExportFormat {
        self.export.format.into()
    }

    /// First day exported.
    async fn from(&self) -> Date {
        Date(self.export.from)
    }

    /// Last day exported.
    async fn to(&self) -> Date {
        Date(self.export.to)
    }

    /// When it was requested (the write clock).
    async fn requested_at(&self) -> super::scalars::DateTime {
        super::scalars::DateTime(self.export.requested_at)
    }

    /// Who requested it.
    async fn requested_by(&self) -> super::user::User {
        super::user::User::from_row(self.snap.clone(), self.export.requested_by)
    }

    /// Records in the file.
    async fn row_count(&self) -> i32 {
        i32::try_from(self.export.file.rows).unwrap_or(i32::MAX)
    }

    /// Where to download it (no header needed: a plain link works).
    async fn url(&self) -> String {
        format!("{}{}", self.public_url, crate::store::export::path(&self.export))
    }
}

/// What a workspace write changed.
pub struct WorkspacePayload(crate::store::writes::Applied);

/// What a workspace write changed.
#[Object]
impl WorkspacePayload {
    /// The workspace after the write.
    async fn workspace(&self) -> Workspace {
        Workspace(self.0.snapshot.clone())
    }

    /// The one audit entry the write made.
    async fn audit_log(&self) -> Option<super::audit::AuditLog> {
        self.0.audit.map(|row| super::audit::AuditLog::from_row(self.0.snapshot.clone(), row))
    }
}

/// A requested export and its audit entry.
pub struct ExportPayload(crate::store::writes::Applied, Arc<str>);

/// A requested export and its audit entry.
#[Object]
impl ExportPayload {
    /// The export, with its download `url`.
    async fn export(&self) -> async_graphql::Result<Export> {
        let crate::store::writes::Written::Export(id) = self.0.written else {
            return Err(crate::error::ApiError::Internal("an export write wrote no export".into()).into());
        };
        let export = self.0.snapshot.writes.exports.find(id).cloned();
        let export = export.ok_or_else(|| crate::error::ApiError::Internal("export missing".into()))?;
        Ok(Export { export, snap: self.0.snapshot.clone(), public_url: self.1.clone() })
    }

    /// The `export.requested` entry.
    async fn audit_log(&self) -> Option<super::audit::AuditLog> {
        self.0.audit.map(|row| super::audit::AuditLog::from_row(self.0.snapshot.clone(), row))
    }
}

/// The state after a reset.
pub struct ResetPayload(crate::store::writes::Applied);

/// The state after a reset.
#[Object]
impl ResetPayload {
    /// SHA-256 of the dataset dump: the seeded state's again.
    async fn fingerprint(&self) -> &str {
        self.0.snapshot.fingerprint()
    }

    /// The workspace as seeded.
    async fn workspace(&self) -> Workspace {
        Workspace(self.0.snapshot.clone())
    }
}

/// Workspace mutations.
#[derive(Default)]
pub struct WorkspaceMutation;

#[Object]
impl WorkspaceMutation {
    /// Changes the workspace policy (`policy.updated`). Admins only.
    async fn update_policy(
        &self,
        ctx: &Context<'_>,
        input: UpdatePolicyInput,
    ) -> async_graphql::Result<Option<WorkspacePayload>> {
        let command = crate::store::writes::Command::UpdatePolicy {
            monthly_budget: input.monthly_budget,
            allowed_models: input.allowed_models,
        };
        Ok(Some(WorkspacePayload(ctx.write(command)?)))
    }

    /// Requests an export of a collection over a range of days, as CSV or
    /// JSON (`export.requested`); `export.url` downloads it. Every role.
    async fn request_export(
        &self,
        ctx: &Context<'_>,
        input: RequestExportInput,
    ) -> async_graphql::Result<Option<ExportPayload>> {
        let snap = ctx.snapshot()?;
        let mut parsed = super::context::Parsed::default();
        let (from, to) = parsed.take(
            super::range::DateRange::resolve_days(input.range, &snap.dataset.window, "input.range")
                .map(|period| (period.from(), period.to()))
                .map_err(|e| crate::error::ApiError::InvalidField {
                    field: "input.range".into(),
                    message: e.to_string(),
                }),
        );
        let command = crate::store::writes::Command::RequestExport {
            collection: input.collection.into(),
            format: input.format.into(),
            from,
            to,
        };
        let applied = ctx.write_parsed(command, parsed)?;
        Ok(Some(ExportPayload(applied, ctx.request()?.public_url.clone())))
    }

    /// Restores the seeded state: every write undone, the journal emptied,
    /// exports dropped. Admins only; writes no audit entry (the seeded
    /// trail is restored as it was).
    async fn reset_data(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<ResetPayload>> {
        Ok(Some(ResetPayload(ctx.write(crate::store::writes::Command::ResetData)?)))
    }
}
