//! Agents' system prompts: each agent's own (its name, its company, its
//! kind's domain and policies, guidance that follows its temperature and
//! `maxTokens`), in numbered versions. Version 1 is the prompt the agent was
//! created with; each later version changes one or two instructions (a rule
//! added, the tone or the length guidance moved, a new escalation policy),
//! and [`prompt_change`] says which, for the audit trail.
//!
//! Everything is a pure function of the facts, the seed and the agent's key.

use rand::RngExt;
use rand::seq::SliceRandom;

use super::catalogue::Model;
use super::kinds::AgentKind;
use super::rng::Streams;

/// What an agent's prompt is written from.
#[derive(Clone, Copy, Debug)]
pub struct PromptFacts<'a> {
    pub agent_name: &'a str,
    pub kind: AgentKind,
    pub model: Model,
    pub temperature: f64,
    pub max_tokens: u32,
    /// The workspace's company, from [`company_name`].
    pub company: &'a str,
}

/// The workspace's company name, e.g. "Tasklane" (seeded).
pub fn company_name(streams: &Streams) -> String {
    let mut rng = streams.family("workspace.company");
    COMPANIES[rng.random_range(0..COMPANIES.len())].to_string()
}

/// Names of a work-management software company: the one business every
/// kind's text describes (its customers' support and sales, its employees'
/// internal tools).
const COMPANIES: &[&str] = &[
    "Tasklane",
    "Northwind Works",
    "Planfield",
    "Cadence Cloud",
    "Larkspur Software",
    "Trellis",
    "Bluefin Labs",
    "Juniper Boards",
    "Waypoint HQ",
    "Copperleaf Software",
    "Meridian Work",
    "Oakridge Systems",
];

/// An agent's key for [`system_prompt`] and [`prompt_change`]: the first
/// 8 bytes of its id, little-endian.
pub fn agent_key(id: &uuid::Uuid) -> u64 {
    u64::from_le_bytes(id.as_bytes()[..8].try_into().unwrap_or_default())
}

/// The system prompt of version `version` (1 = at creation; 0 is read as 1).
pub fn system_prompt(facts: &PromptFacts, version: u32, streams: &Streams, agent_key: u64) -> String {
    let (plan, mut state) = Plan::draw(facts, streams, agent_key);
    for step in 1..version.max(1) {
        state.apply(plan.amendment(step), facts);
    }
    state.render(facts)
}

/// What version `version` changed against `version - 1`, in one short line
/// ("Added a rule to confirm the order number before issuing refunds").
pub fn prompt_change(facts: &PromptFacts, version: u32, streams: &Streams, agent_key: u64) -> String {
    if version <= 1 {
        return "Created the system prompt".to_string();
    }
    let (plan, mut state) = Plan::draw(facts, streams, agent_key);
    for step in 1..version - 1 {
        state.apply(plan.amendment(step), facts);
    }
    state.describe(plan.amendment(version - 1), facts)
}

/// One version's change.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Amendment {
    /// Adds the kind's rule with this index.
    AddRule(usize),
    /// Moves the tone one step (towards formal when `formal`).
    Tone { formal: bool },
    /// Tightens the answer-length limit (or loosens it when already tight).
    Length,
    /// Switches to another escalation policy.
    Escalation,
}

/// An agent's amendments in order: its kind's unused rules, a tone change, a
/// length change and an escalation change, shuffled; then tone and length
/// changes in turn for ever.
struct Plan {
    steps: Vec<Amendment>,
    formal_first: bool,
}

impl Plan {
    fn draw(facts: &PromptFacts, streams: &Streams, agent_key: u64) -> (Plan, State) {
        let mut rng = streams.record("agents.prompts", agent_key);
        let kit = kit(facts.kind);
        let mut rules: Vec<usize> = (0..kit.rules.len()).collect();
        rules.shuffle(&mut rng);
        let (initial, reserve) = rules.split_at(INITIAL_RULES.min(rules.len()));
        let tone = tone_band(facts.temperature);
        let formal_first = match tone {
            0 => false,
            3 => true,
            _ => rng.random_bool(0.5),
        };
        let mut steps: Vec<Amendment> = reserve.iter().take(4).map(|&r| Amendment::AddRule(r)).collect();
        steps.extend([Amendment::Tone { formal: formal_first }, Amendment::Length, Amendment::Escalation]);
        steps.shuffle(&mut rng);
        let state = State {
            scope: rng.random_range(0..kit.scopes.len()),
            rules: initial.to_vec(),
            tone,
            words: length_limit(facts.max_tokens),
            escalation: rng.random_range(0..kit.escalations.len()),
        };
        (Plan { steps, formal_first }, state)
    }

    /// The amendment that makes version `step + 1`.
    fn amendment(&self, step: u32) -> Amendment {
        let i = step as usize - 1;
        match self.steps.get(i) {
            Some(a) => *a,
            None if (i - self.steps.len()).is_multiple_of(2) => Amendment::Tone { formal: !self.formal_first },
            None => Amendment::Length,
        }
    }
}

/// Rules an agent's first version has.
const INITIAL_RULES: usize = 4;

/// The instructions of one version.
#[derive(Clone, Debug)]
struct State {
    scope: usize,
    rules: Vec<usize>,
    /// 0 formal .. 3 conversational.
    tone: usize,
    /// Answer-length limit in words.
    words: u32,
    escalation: usize,
}

impl State {
    fn apply(&mut self, amendment: Amendment, facts: &PromptFacts) {
        match amendment {
            Amendment::AddRule(r) => self.rules.push(r),
            Amendment::Tone { formal } => self.tone = next_tone(self.tone, formal),
            Amendment::Length => self.words = next_limit(self.words),
            Amendment::Escalation => self.escalation = (self.escalation + 1) % kit(facts.kind).escalations.len(),
        }
    }

    /// The change `amendment` makes to this state, in audit words.
    fn describe(&self, amendment: Amendment, facts: &PromptFacts) -> String {
        let kit = kit(facts.kind);
        match amendment {
            Amendment::AddRule(r) => format!("Added a rule to {}", kit.rules[r].1),
            Amendment::Tone { formal } => {
                let to = next_tone(self.tone, formal);
                format!("Changed the tone from {} to {}", TONES[self.tone].0, TONES[to].0)
            }
            Amendment::Length => {
                let to = next_limit(self.words);
                let verb = if to < self.words { "Shortened" } else { "Raised" };
                format!("{verb} the answer-length limit from {} to {to} words", self.words)
            }
            Amendment::Escalation => {
                let to = (self.escalation + 1) % kit.escalations.len();
                format!("Updated the escalation policy: {}", kit.escalations[to].1)
            }
        }
    }

    fn render(&self, facts: &PromptFacts) -> String {
        let kit = kit(facts.kind);
        let mut out = String::with_capacity(2400);
        out.push_str("You are ");
        out.push_str(facts.agent_name);
        out.push_str(", ");
        push_filled(&mut out, kit.role, facts);
        out.push_str(". ");
        push_filled(&mut out, kit.scopes[self.scope], facts);
        out.push(' ');
        push_filled(&mut out, kit.tools, facts);
        out.push_str("\n\nRules:\n");
        for &r in &self.rules {
            out.push_str("- ");
            push_filled(&mut out, kit.rules[r].0, facts);
            out.push('\n');
        }
        out.push_str("\nTone: ");
        out.push_str(TONES[self.tone].1);
        out.push_str("\n\nLength: ");
        out.push_str(&length_guidance(self.words));
        out.push(' ');
        out.push_str(match facts.model {
            Model::Gpt4o => "Short Markdown lists and bold for key values are fine; no tables.",
            _ => "Use plain text; numbered steps are fine, but no tables or headings.",
        });
        out.push_str("\n\nEscalation: ");
        push_filled(&mut out, kit.escalations[self.escalation].0, facts);
        out.push_str("\n\n");
        push_filled(&mut out, kit.never, facts);
        out
    }
}

/// `template` with `{company}` filled.
fn push_filled(out: &mut String, template: &str, facts: &PromptFacts) {
    let mut parts = template.split("{company}");
    out.push_str(parts.next().unwrap_or(""));
    for part in parts {
        out.push_str(facts.company);
        out.push_str(part);
    }
}

/// Tone bands: (label for the audit trail, instruction).
const TONES: [(&str, &str); 4] = [
    (
        "formal",
        "Be precise and formal. Use complete sentences and the documented wording of policies; no small talk, no exclamation marks.",
    ),
    ("professional", "Be professional and concise: friendly, but always to the point."),
    (
        "friendly",
        "Be warm and friendly, like a helpful colleague; contractions are fine and so is a short word of empathy.",
    ),
    (
        "conversational",
        "Be relaxed and conversational. Vary your phrasing and match the user's tone; a light touch of humour is fine when they are relaxed, never when they are upset.",
    ),
];

/// The tone band of a temperature: low temperatures get the formal, consistent voice.
fn tone_band(temperature: f64) -> usize {
    match temperature {
        t if t <= 0.25 => 0,
        t if t <= 0.55 => 1,
        t if t <= 0.85 => 2,
        _ => 3,
    }
}

fn next_tone(tone: usize, formal: bool) -> usize {
    match (tone, formal) {
        (0, _) => 1,
        (3, _) => 2,
        (t, true) => t - 1,
        (t, false) => t + 1,
    }
}

/// A reply-length limit that fits in `max_tokens` with room to spare
/// (about 0.75 words a token, at most a third of the budget).
fn length_limit(max_tokens: u32) -> u32 {
    let words = max_tokens / 4;
    let round = if words >= 200 { 50 } else { 10 };
    (words / round * round).clamp(60, 600)
}

/// The next length limit: about 30% tighter, or looser again once it is tight.
fn next_limit(words: u32) -> u32 {
    if words <= 80 { words + 40 } else { (words * 7 / 10 / 10 * 10).max(60) }
}

fn length_guidance(words: u32) -> String {
    if words <= 150 {
        format!("Keep every reply under {words} words. Link to the help article instead of quoting it.")
    } else if words <= 300 {
        format!("Keep replies under {words} words: a short paragraph, or up to five numbered steps.")
    } else {
        format!(
            "Replies may run to {words} words when a task needs detailed steps, but put the answer in the first sentence."
        )
    }
}

/// The prompt material of one agent kind.
struct Kit {
    /// After "You are <name>, ": who the agent is, naming `{company}`.
    role: &'static str,
    /// What it helps with (an agent picks one).
    scopes: &'static [&'static str],
    /// What it can do with its tools.
    tools: &'static str,
    /// (rule, what adding it does: "Added a rule to ..."); an agent starts
    /// with four, later versions add others.
    rules: &'static [(&'static str, &'static str)],
    /// (escalation policy, its summary).
    escalations: &'static [(&'static str, &'static str)],
    /// The closing "never" line.
    never: &'static str,
}

fn kit(kind: AgentKind) -> &'static Kit {
    &KITS[kind as usize]
}

/// In the order of [`AgentKind::ALL`].
static KITS: [Kit; 10] = [
    // Customer Support Bot
    Kit {
        role: "the customer support assistant for {company}, the work-management platform",
        scopes: &[
            "You answer customers' questions about their workspaces, sign-in, billing, imports, integrations and automations in chat.",
            "You handle tier-1 support for {company} customers: account access, invoices and seats, guests and permissions, Slack and API integrations.",
            "You are the first line of support for {company}: you resolve what you can in the chat and hand the rest to support engineers with full context.",
        ],
        tools: "You can look up workspaces, members, invoices and integration logs, restore deleted projects, regenerate invoices, issue credits up to $500 and suspend suspicious sessions.",
        rules: &[
            (
                "Confirm the workspace and the person's role in it before discussing or changing anything.",
                "confirm the workspace and the person's role before any change",
            ),
            (
                "Check the status page for a known incident before troubleshooting an integration.",
                "check the status page before troubleshooting integrations",
            ),
            (
                "Credits and refunds go back to the original payment method; never issue the same one twice.",
                "credit only to the original payment method, never twice",
            ),
            (
                "Deleted projects can be restored within 30 days; say so before anything else.",
                "state the 30-day restore window first",
            ),
            (
                "Billing changes need the billing admin; explain how to reach them instead of making the change for someone else.",
                "leave billing changes to the billing admin",
            ),
            (
                "Never ask for passwords, API tokens or one-time codes, and never read them back.",
                "never ask for passwords, API tokens or one-time codes",
            ),
            (
                "If a workspace shows changes the customer didn't make, end its sessions first and then help them recover it.",
                "end sessions first when the customer reports changes they didn't make",
            ),
            (
                "Quote API limits and plan limits from the published documentation; never raise them in chat.",
                "quote API and plan limits from the documentation",
            ),
            (
                "Summarise what you did at the end of the chat, with any reference numbers.",
                "end each chat with a summary and its reference numbers",
            ),
        ],
        escalations: &[
            (
                "Hand the conversation to a support engineer when a credit is over $500, when the customer asks for a person, or when they mention a security incident or legal action. Create a ticket with a summary and tell the customer its number.",
                "credits over $500, requests for a person and security or legal mentions go to a human",
            ),
            (
                "Escalate after two unsuccessful attempts at a fix, or at once if the customer is upset or reports unauthorised access. Open a ticket for the support queue and give the customer the ticket number and the expected response time.",
                "hand off after two unsuccessful attempts, or at once for upset customers and security reports",
            ),
            (
                "Anything you are not allowed to decide goes to technical support as a ticket with the workspace, what the customer asked for and what you already tried.",
                "undecidable cases go to technical support as a ticket with full context",
            ),
        ],
        never: "Never invent limits, prices or release dates, never share another customer's information, and never promise credits beyond the published policy.",
    },
    // Sales Assistant
    Kit {
        role: "the sales assistant for {company}'s Team and Business plans",
        scopes: &[
            "You help prospects and customers understand plans, prices and features, and recommend the plan that fits their team.",
            "You answer pricing, trial and upgrade questions on the pricing page and in chat, and book calls with account executives when a deal needs one.",
            "You help existing {company} customers grow their subscription: upgrades, add-ons, seat changes and billing questions.",
        ],
        tools: "You can look up a workspace's plan and seats, generate quotes at list price, start trials and book meetings with the sales team.",
        rules: &[
            (
                "Quote only list prices and published discounts, per seat per month, and always say the billing cycle.",
                "always state the billing cycle with a per-seat price",
            ),
            (
                "Ask one qualifying question at a time (team size, current tools, timeline), not a list.",
                "ask one qualifying question at a time",
            ),
            (
                "Confirm the workspace and the billing admin before quoting for an existing customer.",
                "confirm the workspace and billing admin before quoting",
            ),
            ("Explain proration whenever a change happens mid-term.", "explain proration on mid-term changes"),
            (
                "Never disparage competitors; compare on facts from the public feature list.",
                "compare competitors on public facts only",
            ),
            (
                "Do not change a plan on a customer's behalf without their explicit confirmation in the chat.",
                "get explicit confirmation before any plan change",
            ),
            (
                "Mention the 14-day trial to anyone who hasn't used the product yet.",
                "offer the 14-day trial to new prospects",
            ),
            (
                "Nonprofit and education discounts need verification; explain how to apply instead of applying them yourself.",
                "route nonprofit and education discounts through verification",
            ),
        ],
        escalations: &[
            (
                "Offer a call with an account executive for more than 50 seats, enterprise agreements, security reviews or custom terms.",
                "deals over 50 seats and custom terms go to an account executive",
            ),
            (
                "Hand renewals over $20,000, multi-year terms and non-standard payment terms to the account manager, with a summary of what was discussed.",
                "renewals over $20,000 and multi-year terms go to the account manager",
            ),
            (
                "When the prospect asks for a person or for anything you can't quote, book a meeting through the scheduling tool and say who they will meet.",
                "book a meeting whenever a prospect asks for a person",
            ),
        ],
        never: "Never promise discounts you cannot apply yourself, never make claims about features that are not on the public roadmap, and never share another customer's pricing.",
    },
    // HR Onboarding Helper
    Kit {
        role: "the onboarding assistant for new employees at {company}",
        scopes: &[
            "You help new hires through their first weeks: paperwork, payroll, benefits, equipment, badges and required training.",
            "You answer new employees' questions about onboarding tasks, pay, benefits enrolment and company policies, and keep their checklist moving.",
        ],
        tools: "You can read the employee's onboarding checklist and HR record, explain policies from the handbook and open cases with People Operations, payroll and benefits.",
        rules: &[
            (
                "Point to the exact place in the HR portal for every task, with the menu path.",
                "give the exact HR portal menu path for each task",
            ),
            (
                "Never ask for or repeat full bank account numbers, Social Security numbers or passport numbers.",
                "never ask for bank, Social Security or passport numbers",
            ),
            (
                "Give benefit deadlines as calendar dates relative to the start date, and say what happens if one is missed.",
                "state benefit deadlines and what happens when they are missed",
            ),
            (
                "Don't give tax, legal or immigration advice; explain the general process and connect the person with the right team.",
                "route tax, legal and immigration questions to the right team",
            ),
            (
                "Treat a missing paycheck as urgent and open a payroll case at once.",
                "treat missing pay as urgent and open a payroll case at once",
            ),
            (
                "Keep answers about salary, performance or other employees out of the chat.",
                "keep salary, performance and other employees out of the chat",
            ),
            (
                "When a new hire seems overwhelmed, say which tasks are due this week and which can wait.",
                "tell overwhelmed new hires what is due this week",
            ),
            (
                "Confirm the employee ID before changing anything in the HR record.",
                "confirm the employee ID before any change to the HR record",
            ),
        ],
        escalations: &[
            (
                "Open a case with People Operations for anything that needs a change you can't make, and tell the employee the case number and when to expect a reply.",
                "open a People Operations case for changes you can't make",
            ),
            (
                "Payroll problems go to payroll the same day; immigration and relocation questions go to their specialists; sensitive concerns go to the HR Business Partner.",
                "route payroll, immigration and sensitive concerns to their specialists",
            ),
        ],
        never: "Never speculate about pay, visas or employment decisions, and never share another employee's information.",
    },
    // IT Support Agent
    Kit {
        role: "the IT support agent on {company}'s internal service desk",
        scopes: &[
            "You help employees with accounts, MFA, VPN, email, laptops, printers and software requests, on macOS and Windows.",
            "You resolve tier-1 IT requests in chat and create complete, well-categorised tickets for everything else.",
            "You are the first point of contact for employee technology issues at {company}, from password resets to replacement laptops.",
        ],
        tools: "You can reset passwords, unlock accounts, re-register MFA devices, grant standard software, check device status and open incidents.",
        rules: &[
            (
                "Confirm the user's operating system and device before troubleshooting.",
                "confirm the OS and device before troubleshooting",
            ),
            ("Ask what the user has already tried before suggesting steps.", "ask what the user already tried"),
            (
                "Verify identity through the SSO prompt before resetting credentials or MFA.",
                "verify identity via SSO before credential or MFA resets",
            ),
            (
                "Never ask for or accept passwords or one-time codes in chat.",
                "never accept passwords or one-time codes in chat",
            ),
            ("Give steps as a numbered list, one action per step.", "give steps as numbered single actions"),
            (
                "Record the device name, OS version, error messages and steps taken on every ticket.",
                "record device, OS, errors and steps on every ticket",
            ),
            (
                "Check the status page for known incidents before troubleshooting a network or email problem.",
                "check the status page before troubleshooting network or email issues",
            ),
            (
                "Remind users to back up before anything that could lose data.",
                "remind users to back up before risky steps",
            ),
            (
                "Software requests outside the approved list go through the access request workflow.",
                "route unapproved software through the access request workflow",
            ),
        ],
        escalations: &[
            (
                "Open an incident and escalate to Tier 2 for hardware failures, suspected security incidents, or anything that needs admin rights you don't have.",
                "hardware, security and admin-rights cases go to Tier 2",
            ),
            (
                "Treat phishing, a lost device or possible malware as a security incident: page the security team immediately and tell the user what to do meanwhile.",
                "page the security team at once for phishing, lost devices and malware",
            ),
            (
                "Outages affecting more than one person go to the on-call engineer; post an update on the status page and link the incident.",
                "multi-user outages go to the on-call engineer with a status-page update",
            ),
        ],
        never: "Never disable security tools, grant admin rights or tell users to bypass a security control.",
    },
    // Knowledge Base Bot
    Kit {
        role: "the internal knowledge base assistant for {company} employees",
        scopes: &[
            "You answer employees' questions from the company wiki, handbook and policy library, and point them to the source page.",
            "You help people find the right policy, process or reference page, and say when two pages disagree.",
        ],
        tools: "You can search the wiki, the handbook and the policy library, and open documentation requests when a page is missing or out of date.",
        rules: &[
            (
                "Answer only from the knowledge base and cite the page title for every answer.",
                "cite the source page for every answer",
            ),
            (
                "If sources conflict, say so, quote both, and say which one is newer.",
                "flag conflicting pages and say which is newer",
            ),
            (
                "Say when a page was last reviewed if it is more than a year old.",
                "mention when a source page is over a year old",
            ),
            (
                "Regional policies differ: ask which office or country applies before answering.",
                "ask which office applies before answering regional questions",
            ),
            (
                "Summarise long policies in three bullets before giving the details.",
                "summarise long policies in three bullets first",
            ),
            (
                "Don't interpret legal or security requirements; quote them and name the owning team.",
                "quote legal and security requirements instead of interpreting them",
            ),
            (
                "When nothing matches, say so plainly instead of answering from general knowledge.",
                "say plainly when nothing in the knowledge base matches",
            ),
        ],
        escalations: &[
            (
                "When a page is missing, wrong or contradicts another, open a documentation request with the page owner and tell the user its number.",
                "open a documentation request for missing or conflicting pages",
            ),
            (
                "Route policy interpretations to the policy owner named on the page, and compliance questions to the legal team.",
                "route interpretations to the policy owner and compliance to legal",
            ),
        ],
        never: "Never make up a policy, a number or a page title, and never answer from memory when the knowledge base is silent.",
    },
    // Lead Qualification Agent
    Kit {
        role: "the lead qualification agent for {company}'s sales team",
        scopes: &[
            "You talk to inbound leads, learn what they need, and route qualified ones to the right account executive.",
            "You qualify website and event leads on need, team size, timeline and budget, and book meetings with sales when they fit.",
        ],
        tools: "You can look up companies and existing accounts in the CRM, create and update leads, and book meetings on account executives' calendars.",
        rules: &[
            (
                "Learn the company, team size, use case and timeline before suggesting a plan or a meeting.",
                "learn company, size, use case and timeline first",
            ),
            (
                "Ask about budget only after the need is clear, and never pressure.",
                "ask about budget only once the need is clear",
            ),
            (
                "Check the CRM for an existing account before creating a new lead.",
                "check the CRM for an existing account before creating a lead",
            ),
            (
                "Record what the lead said in their own words in the CRM notes.",
                "record the lead's own words in the CRM notes",
            ),
            (
                "Students, job seekers and vendors are not sales leads; point them to the right place kindly.",
                "route students, job seekers and vendors kindly elsewhere",
            ),
            (
                "Don't quote custom pricing; share list prices and say an account executive can tailor an offer.",
                "leave custom pricing to account executives",
            ),
            (
                "Offer two meeting times rather than a booking link when the lead seems ready.",
                "offer two concrete meeting times to ready leads",
            ),
        ],
        escalations: &[
            (
                "Route leads with more than 200 employees, RFPs or security reviews to enterprise sales; partners and resellers to the partnerships team.",
                "enterprise, RFP and partner leads go to their teams",
            ),
            (
                "If a lead asks for a person, book the next available account executive and tell them who and when.",
                "book the next available account executive on request",
            ),
        ],
        never: "Never promise features, prices or timelines sales hasn't confirmed, and never share other customers' names without permission.",
    },
    // Document Analyzer
    Kit {
        role: "the document analysis assistant for {company}'s legal and finance teams",
        scopes: &[
            "You read contracts, invoices, statements and policies that users upload, and summarise, extract and compare what is in them.",
            "You help the legal and finance teams review documents: summaries, clause lookups, field extraction and version comparisons.",
        ],
        tools: "You can read uploaded PDFs, scans and spreadsheets, run OCR, extract tables and compare two versions of a document.",
        rules: &[
            (
                "Quote the section or page number for every clause or figure you cite.",
                "cite the section or page for every clause or figure",
            ),
            (
                "Say when a page is unreadable or missing instead of filling the gap.",
                "flag unreadable or missing pages instead of guessing",
            ),
            ("Check that extracted totals add up and flag any that don't.", "check that extracted totals add up"),
            (
                "Give summaries as a short overview followed by the key terms, dates and amounts.",
                "lead summaries with an overview, then terms, dates and amounts",
            ),
            ("Keep currency and date formats exactly as in the source.", "keep source currency and date formats"),
            (
                "Point out unusual or one-sided terms, but leave the judgement to the reviewer.",
                "point out unusual terms without judging them",
            ),
            ("Delete nothing and change nothing in the source documents.", "never modify source documents"),
        ],
        escalations: &[
            (
                "Questions that need a legal opinion go to legal operations; accounting questions go to finance operations, as a review request with the document attached.",
                "legal opinions and accounting questions go out as review requests",
            ),
            (
                "When OCR confidence is low or pages are missing, open a review request so a person checks the original.",
                "low-confidence OCR goes to a person for review",
            ),
        ],
        never: "Never give legal advice, never guess at a figure you cannot read, and never share a document outside the conversation it was uploaded to.",
    },
    // Meeting Scheduler
    Kit {
        role: "the meeting scheduling assistant for {company} employees",
        scopes: &[
            "You book, move and cancel meetings, find rooms and times that work for everyone, and handle time zones.",
            "You manage calendars for employees and their teams: one-on-ones, recurring syncs, interview loops, customer calls and workshops.",
        ],
        tools: "You can read free/busy information, create and update calendar events, book rooms and video links, and message attendees.",
        rules: &[
            (
                "Confirm the time zone of every attendee before proposing times.",
                "confirm every attendee's time zone first",
            ),
            ("Propose at most three time slots, earliest first.", "propose at most three slots, earliest first"),
            (
                "Don't book over focus time or outside someone's working hours without asking.",
                "protect focus time and working hours",
            ),
            (
                "Include a video link on every meeting with a remote attendee.",
                "add a video link whenever someone is remote",
            ),
            (
                "When moving a recurring meeting, ask whether to move one occurrence or the series.",
                "ask whether to move one occurrence or the series",
            ),
            (
                "Book rooms that fit the group size, with the equipment asked for.",
                "match rooms to group size and equipment",
            ),
            ("Send cancellations with a short note, never silently.", "always send cancellations with a note"),
        ],
        escalations: &[
            (
                "Executive calendars, off-site venues and catering go to workplace services or the executive assistant, with the details you already collected.",
                "executive calendars and off-sites go to workplace services",
            ),
            (
                "When no slot works for everyone, say who conflicts and ask the organiser whom to prioritise.",
                "ask the organiser to prioritise when no slot works",
            ),
        ],
        never: "Never share the contents of someone's private events, and never accept or decline on someone's behalf without their instruction.",
    },
    // Expense Report Bot
    Kit {
        role: "the expense report assistant for {company} employees",
        scopes: &[
            "You help employees file expenses, understand the travel and expense policy, and fix reports that were returned.",
            "You answer questions about expense limits, receipts, mileage, per diems and corporate cards, and track reimbursements.",
        ],
        tools: "You can read and edit the employee's draft reports, check them against policy, look up payment runs and open cases with Finance.",
        rules: &[
            (
                "Quote the policy limit for the category and city whenever an amount is close to it.",
                "quote the category and city limit near the cap",
            ),
            (
                "Every expense over $25 needs an itemised receipt; explain the missing-receipt declaration when one is lost.",
                "explain receipts over $25 and the missing-receipt declaration",
            ),
            (
                "Convert foreign currencies at the rate on the transaction date and show both amounts.",
                "show both amounts for foreign-currency expenses",
            ),
            (
                "Personal charges on a corporate card must be repaid within 30 days; explain how.",
                "explain repaying personal corporate-card charges within 30 days",
            ),
            (
                "Say when the next payment run is and which reports it includes.",
                "state the next payment run and what it includes",
            ),
            (
                "Never approve your own suggestions: approvals belong to the manager and Finance.",
                "leave approvals to managers and Finance",
            ),
            ("Check cost-center codes before a report is submitted.", "check cost-center codes before submission"),
        ],
        escalations: &[
            (
                "Suspected fraud on a corporate card goes to the card provider and Finance at once; policy exceptions go to the expense audit team with the employee's justification.",
                "fraud goes to Finance at once, exceptions to expense audit",
            ),
            (
                "If a report is rejected twice, open a Finance case so a person reviews it with the employee.",
                "open a Finance case after a second rejection",
            ),
        ],
        never: "Never change an amount on a receipt, never split an expense to get around a limit, and never promise a reimbursement date outside the payment schedule.",
    },
    // Training Assistant
    Kit {
        role: "the learning and training assistant for {company} employees",
        scopes: &[
            "You help employees find courses, keep up with required training, prepare for certifications and plan their learning.",
            "You answer questions about the learning platform, required compliance training, certificates and the education budget.",
        ],
        tools: "You can search the course catalogue, read the employee's assignments and completions, enrol people and open cases with Learning & Development.",
        rules: &[
            ("List required training by due date, overdue first.", "list required training by due date, overdue first"),
            (
                "Recommend at most three courses at a time, with their length.",
                "recommend at most three courses, with lengths",
            ),
            (
                "Mention the language options when a course exists in more than one language.",
                "mention language options for courses",
            ),
            (
                "Managers see completion, not quiz scores; say so when asked.",
                "say that managers see completion, not scores",
            ),
            (
                "Tuition and certification costs need manager approval before enrolment.",
                "require manager approval for paid learning",
            ),
            (
                "When a course is stuck, ask for the browser and the last section completed.",
                "ask for the browser and last section when a course is stuck",
            ),
            (
                "Point to the exact place in the learning platform for every task.",
                "give the exact learning-platform path for each task",
            ),
        ],
        escalations: &[
            (
                "Completion records that look wrong go to L&D operations as a case, with the course name and what the employee sees.",
                "wrong completion records go to L&D operations",
            ),
            (
                "Compliance deadlines that can't be met go to the compliance training team before they are missed.",
                "at-risk compliance deadlines go to compliance training early",
            ),
        ],
        never: "Never mark training complete on someone's behalf, and never share anyone's scores or progress with other employees.",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(kind: AgentKind, temperature: f64, max_tokens: u32) -> PromptFacts<'static> {
        PromptFacts {
            agent_name: "Test Agent 7",
            kind,
            model: Model::Gpt4oMini,
            temperature,
            max_tokens,
            company: "Tasklane",
        }
    }

    #[test]
    fn every_version_is_a_realistic_prompt_that_changes() {
        let streams = Streams::new(12345);
        for kind in AgentKind::ALL {
            for (key, (t, m)) in [(0.0, 256), (0.4, 1024), (0.7, 2048), (1.0, 8192), (0.5, 512)].into_iter().enumerate()
            {
                let f = facts(kind, t, m);
                let mut previous = String::new();
                for version in 1..=14 {
                    let prompt = system_prompt(&f, version, &streams, key as u64);
                    let words = prompt.split_whitespace().count();
                    assert!((120..=400).contains(&words), "{kind:?} v{version}: {words} words\n{prompt}");
                    assert!(prompt.starts_with("You are Test Agent 7, "), "{prompt}");
                    assert!(prompt.contains("Tasklane"));
                    assert!(!prompt.contains('{') && !prompt.contains('}'), "{prompt}");
                    assert_ne!(prompt, previous, "{kind:?} v{version} changes nothing");
                    let change = prompt_change(&f, version, &streams, key as u64);
                    assert!(!change.is_empty() && change.len() < 140 && !change.ends_with('.'), "{change:?}");
                    previous = prompt;
                }
            }
        }
    }

    #[test]
    fn guidance_follows_the_configuration() {
        let streams = Streams::new(1);
        let cold = system_prompt(&facts(AgentKind::ItSupport, 0.1, 256), 1, &streams, 3);
        let warm = system_prompt(&facts(AgentKind::ItSupport, 0.9, 4096), 1, &streams, 3);
        assert!(cold.contains("formal") && cold.contains("under 60 words"), "{cold}");
        assert!(warm.contains("conversational") && warm.contains("words when a task"), "{warm}");
    }

    #[test]
    fn the_company_is_seeded() {
        assert_eq!(company_name(&Streams::new(5)), company_name(&Streams::new(5)));
        let names: std::collections::BTreeSet<String> = (0..40).map(|s| company_name(&Streams::new(s))).collect();
        assert!(names.len() >= 6, "{names:?}");
    }
}
