//! Fixed catalogues of the seed: models and their prices, roles and what each
//! may do, the audit trail's action types, and the small word lists audit
//! entries draw from.

/// An LLM the agents run on (the seed's three).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Model {
    Gpt4o,
    Gpt4oMini,
    Gpt35Turbo,
}

/// Prices of a model in USD per 1K tokens.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Price {
    pub input: f64,
    pub output: f64,
}

impl Model {
    pub const ALL: [Model; 3] = [Model::Gpt4o, Model::Gpt4oMini, Model::Gpt35Turbo];

    /// The provider's model id, as the API shows it.
    pub fn id(self) -> &'static str {
        match self {
            Model::Gpt4o => "gpt-4o",
            Model::Gpt4oMini => "gpt-4o-mini",
            Model::Gpt35Turbo => "gpt-3.5-turbo",
        }
    }

    /// Human-readable name.
    pub fn display_name(self) -> &'static str {
        match self {
            Model::Gpt4o => "GPT-4o",
            Model::Gpt4oMini => "GPT-4o mini",
            Model::Gpt35Turbo => "GPT-3.5 Turbo",
        }
    }

    pub fn provider(self) -> &'static str {
        "OpenAI"
    }

    /// The seed's price table.
    pub fn price(self) -> Price {
        match self {
            Model::Gpt4o => Price { input: 0.005, output: 0.015 },
            Model::Gpt4oMini => Price { input: 0.00015, output: 0.0006 },
            Model::Gpt35Turbo => Price { input: 0.0005, output: 0.0015 },
        }
    }

    /// Prices per token in units of 10⁻⁸ USD: the seed's table, exactly
    /// (gpt-4o's 0.005 USD per 1K input tokens is 500 × 10⁻⁸ per token).
    fn price_units(self) -> (u64, u64) {
        match self {
            Model::Gpt4o => (500, 1500),
            Model::Gpt4oMini => (15, 60),
            Model::Gpt35Turbo => (50, 150),
        }
    }

    /// What `input_tokens` and `output_tokens` cost, exactly, in units of
    /// 10⁻⁸ USD (the weights costs are split by).
    pub fn cost_units(self, input_tokens: u64, output_tokens: u64) -> u128 {
        let (input, output) = self.price_units();
        input_tokens as u128 * input as u128 + output_tokens as u128 * output as u128
    }

    /// The seed's cost formula, `input/1000 × inputPrice + output/1000 ×
    /// outputPrice`, computed exactly in integers and rounded half up to
    /// whole micro-dollars: money never carries float noise, and sums of
    /// costs add up to the micro-dollar.
    pub fn cost_micros(self, input_tokens: u64, output_tokens: u64) -> i64 {
        let units = self.cost_units(input_tokens, output_tokens);
        i64::try_from(units / 100 + u128::from(units % 100 >= 50)).unwrap_or(i64::MAX)
    }

    pub fn from_id(id: &str) -> Option<Model> {
        Model::ALL.into_iter().find(|m| m.id() == id)
    }
}

/// What a request without a token may read (`--anonymous`). Writes always
/// need a token (but `signIn`, which gives one).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Anonymous {
    /// Everything, masked fields included: roles and masking apply to
    /// signed-in users (the default, so a first query needs no token).
    #[default]
    Read,
    /// What a viewer reads: masked fields are `null` with `FORBIDDEN`.
    Viewer,
    /// Nothing: a request without a token gets `401 UNAUTHENTICATED`, but
    /// one that only signs in.
    Refuse,
}

impl Anonymous {
    pub const ALL: [Anonymous; 3] = [Anonymous::Read, Anonymous::Viewer, Anonymous::Refuse];

    pub fn name(self) -> &'static str {
        match self {
            Anonymous::Read => "read",
            Anonymous::Viewer => "viewer",
            Anonymous::Refuse => "refuse",
        }
    }

    /// The policy named `name`.
    pub fn parse(name: &str) -> Result<Anonymous, String> {
        Anonymous::ALL
            .into_iter()
            .find(|a| a.name().eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| format!("{name:?} is not one of read, viewer, refuse"))
    }

    /// Whether an anonymous request may read what `capability` covers.
    pub fn can(self, capability: Capability) -> bool {
        match self {
            Anonymous::Read => capability.is_read(),
            Anonymous::Viewer => Role::Viewer.can(capability) && capability.is_read(),
            Anonymous::Refuse => false,
        }
    }
}

/// What a dashboard user may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Admin,
    Operator,
    Viewer,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Admin, Role::Operator, Role::Viewer];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "ADMIN",
            Role::Operator => "OPERATOR",
            Role::Viewer => "VIEWER",
        }
    }

    /// The role matrix: which audited actions a role may perform (the
    /// audit-trail side of [`Role::capabilities`]).
    pub fn may(self, action: AuditAction) -> bool {
        use AuditAction::*;
        let needs = match action {
            AgentCreated => Capability::CreateAgent,
            AgentUpdated => Capability::UpdateAgent,
            AgentDeleted => Capability::DeleteAgent,
            AgentStarted | AgentStopped => Capability::StartStopAgent,
            ConfigChanged => Capability::ConfigureAgent,
            UserLogin | UserLogout => Capability::ViewDashboards,
            PolicyUpdated => Capability::UpdatePolicy,
            ExportRequested => Capability::RequestExport,
        };
        self.can(needs)
    }

    /// The role matrix: everything a role may do.
    pub fn capabilities(self) -> &'static [Capability] {
        use Capability::*;
        match self {
            Role::Admin => &Capability::ALL,
            Role::Operator => &[
                ViewDashboards,
                ViewCosts,
                ViewSystemPrompts,
                CreateAgent,
                UpdateAgent,
                ConfigureAgent,
                StartStopAgent,
                RequestExport,
            ],
            Role::Viewer => &[ViewDashboards, ViewCosts, RequestExport],
        }
    }

    pub fn can(self, capability: Capability) -> bool {
        self.capabilities().contains(&capability)
    }

    /// One sentence on what the role is for.
    pub fn description(self) -> &'static str {
        match self {
            Role::Admin => "Everything: agents, users and their roles, workspace policy, data resets.",
            Role::Operator => "Runs the fleet: creates, edits, configures, starts and stops agents; exports data.",
            Role::Viewer => "Reads the dashboards and exports data.",
        }
    }
}

/// Something a role may do: the role matrix's columns, for a UI to gate on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

impl Capability {
    /// Whether it is a capability to see, not to change.
    pub fn is_read(self) -> bool {
        matches!(
            self,
            Capability::ViewDashboards
                | Capability::ViewCosts
                | Capability::ViewSystemPrompts
                | Capability::ViewAuditNetwork
        )
    }

    pub const ALL: [Capability; 13] = [
        Capability::ViewDashboards,
        Capability::ViewCosts,
        Capability::ViewSystemPrompts,
        Capability::ViewAuditNetwork,
        Capability::CreateAgent,
        Capability::UpdateAgent,
        Capability::ConfigureAgent,
        Capability::StartStopAgent,
        Capability::DeleteAgent,
        Capability::ManageUsers,
        Capability::UpdatePolicy,
        Capability::RequestExport,
        Capability::ResetData,
    ];

    /// The API spelling (`CREATE_AGENT`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Capability::ViewDashboards => "VIEW_DASHBOARDS",
            Capability::ViewCosts => "VIEW_COSTS",
            Capability::ViewSystemPrompts => "VIEW_SYSTEM_PROMPTS",
            Capability::ViewAuditNetwork => "VIEW_AUDIT_NETWORK",
            Capability::CreateAgent => "CREATE_AGENT",
            Capability::UpdateAgent => "UPDATE_AGENT",
            Capability::ConfigureAgent => "CONFIGURE_AGENT",
            Capability::StartStopAgent => "START_STOP_AGENT",
            Capability::DeleteAgent => "DELETE_AGENT",
            Capability::ManageUsers => "MANAGE_USERS",
            Capability::UpdatePolicy => "UPDATE_POLICY",
            Capability::RequestExport => "REQUEST_EXPORT",
            Capability::ResetData => "RESET_DATA",
        }
    }
}

/// The seed's ten audit action types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AuditAction {
    AgentCreated,
    AgentUpdated,
    AgentDeleted,
    AgentStarted,
    AgentStopped,
    ConfigChanged,
    UserLogin,
    UserLogout,
    PolicyUpdated,
    ExportRequested,
}

impl AuditAction {
    pub const ALL: [AuditAction; 10] = [
        AuditAction::AgentCreated,
        AuditAction::AgentUpdated,
        AuditAction::AgentDeleted,
        AuditAction::AgentStarted,
        AuditAction::AgentStopped,
        AuditAction::ConfigChanged,
        AuditAction::UserLogin,
        AuditAction::UserLogout,
        AuditAction::PolicyUpdated,
        AuditAction::ExportRequested,
    ];

    /// The seed's dotted name (`agent.created`).
    pub fn dotted(self) -> &'static str {
        match self {
            AuditAction::AgentCreated => "agent.created",
            AuditAction::AgentUpdated => "agent.updated",
            AuditAction::AgentDeleted => "agent.deleted",
            AuditAction::AgentStarted => "agent.started",
            AuditAction::AgentStopped => "agent.stopped",
            AuditAction::ConfigChanged => "config.changed",
            AuditAction::UserLogin => "user.login",
            AuditAction::UserLogout => "user.logout",
            AuditAction::PolicyUpdated => "policy.updated",
            AuditAction::ExportRequested => "export.requested",
        }
    }

    /// The API spelling (`AGENT_CREATED`).
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::AgentCreated => "AGENT_CREATED",
            AuditAction::AgentUpdated => "AGENT_UPDATED",
            AuditAction::AgentDeleted => "AGENT_DELETED",
            AuditAction::AgentStarted => "AGENT_STARTED",
            AuditAction::AgentStopped => "AGENT_STOPPED",
            AuditAction::ConfigChanged => "CONFIG_CHANGED",
            AuditAction::UserLogin => "USER_LOGIN",
            AuditAction::UserLogout => "USER_LOGOUT",
            AuditAction::PolicyUpdated => "POLICY_UPDATED",
            AuditAction::ExportRequested => "EXPORT_REQUESTED",
        }
    }

    /// Whether entries of this action point at an existing agent.
    pub fn targets_agent(self) -> bool {
        matches!(
            self,
            AuditAction::AgentCreated
                | AuditAction::AgentUpdated
                | AuditAction::AgentStarted
                | AuditAction::AgentStopped
                | AuditAction::ConfigChanged
        )
    }
}

/// Browsers the dashboard is used from (audit entries record one).
pub const USER_AGENTS: [&str; 6] = [
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
    "agentctl/2.4.1 (linux; amd64)",
];

/// Policies an admin can update, with the kind of change recorded.
pub const POLICIES: [(&str, &[&str]); 5] = [
    (
        "Data retention",
        &[
            "Conversation retention shortened to 90 days",
            "Transcript retention extended to 180 days",
            "Audit log retention set to 2 years",
        ],
    ),
    (
        "PII redaction",
        &[
            "Email addresses now redacted in transcripts",
            "Phone numbers now redacted in transcripts",
            "Card numbers masked before they reach the model",
        ],
    ),
    (
        "Model access",
        &[
            "gpt-4o restricted to approved agents",
            "gpt-3.5-turbo marked for deprecation",
            "New agents default to gpt-4o-mini",
        ],
    ),
    (
        "Spend limits",
        &[
            "Daily spend alert raised to $250",
            "Per-agent monthly cap set to $1,500",
            "Spend alerts now email the admins",
        ],
    ),
    (
        "Escalation",
        &[
            "Negative-sentiment conversations now page the on-call operator",
            "Handoff to humans after 3 failed answers",
            "Paused agents page the on-call operator",
        ],
    ),
];

/// Datasets a user can export from the dashboard.
pub const EXPORT_DATASETS: [&str; 4] = ["conversations", "cost records", "daily metrics", "audit logs"];

/// Export file formats.
pub const EXPORT_FORMATS: [&str; 2] = ["CSV", "JSON"];

/// Sign-in methods recorded on session entries.
pub const SIGN_IN_METHODS: [&str; 2] = ["password", "sso"];

/// Descriptive agent fields an `agent.updated` entry may name.
pub const UPDATABLE_AGENT_FIELDS: [&str; 2] = ["description", "systemPrompt"];

/// Micro-dollars as USD (exact to the micro-dollar: the shortest decimal of
/// the result has at most six decimals).
pub fn usd(micros: i64) -> f64 {
    micros as f64 / 1_000_000.0
}

/// Why an operator restarted an agent: (the stop's reason, the start's).
pub const RESTART_REASONS: [(&str, &str); 6] = [
    ("Restarting to pick up the updated system prompt", "Back up with the updated system prompt"),
    ("Tool connections stuck after the CRM maintenance window", "Restarted; tool connections healthy again"),
    ("Clearing a backlog of hung sessions", "Restarted after clearing hung sessions"),
    ("Rolling the knowledge-base index to last night's build", "Running on the new knowledge-base index"),
    ("Pausing during the upstream API migration", "Upstream API migration finished"),
    ("Rotating the provider API key", "Restarted with the rotated API key"),
];

/// Why an agent was retired (its last stop).
pub const RETIRE_REASONS: [&str; 6] = [
    "Replaced by a newer agent for the same queue",
    "Pilot ended; results handed to the team",
    "Seasonal campaign finished",
    "Paused pending a review of its prompts",
    "Queue merged into another agent",
    "Team moved to a different tool",
];
