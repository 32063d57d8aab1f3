//! The ten agent kinds of the seed ("Customer Support Bot", ...) and the text
//! that makes each one read like a real deployment: descriptions, conversation
//! topics, the lines its transcripts are built from and the values that make
//! each conversation specific (order numbers, amounts, apps, rooms, ...).
//!
//! Every text below except `title`, `base_name` and `descriptions` is a
//! template for [`super::transcript`]: `{slot}` names a per-conversation
//! value (see [`SlotValues`]; a topic's own `slots` override its kind's, which
//! override the common ones in `transcript.rs`), and `[a|b|c]` picks one
//! wording per use (an empty option makes the part optional). A template may
//! use any slot its topic, its kind or the common table defines; the tests
//! render every template with every option and reject any that leaks a brace.

use super::transcript::{Slots, write_grouped, write_money};

/// How much work a conversation topic takes; drives message count and duration.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Complexity {
    /// A one-question lookup: few messages, resolved in minutes.
    Simple,
    /// A task with a couple of follow-ups.
    #[default]
    Moderate,
    /// A multi-step problem with back-and-forth.
    Complex,
}

impl Complexity {
    /// Share of conversations the user leaves after the first answer (two
    /// messages): a quick lookup is often answered at once, or abandoned.
    pub fn abandon_share(self) -> f64 {
        match self {
            Complexity::Simple => 0.24,
            Complexity::Moderate => 0.12,
            Complexity::Complex => 0.06,
        }
    }

    /// Median messages of the conversations that go on past the first
    /// answer, before the kind's extra messages.
    fn median_length(self) -> f64 {
        match self {
            Complexity::Simple => 6.0,
            Complexity::Moderate => 10.5,
            Complexity::Complex => 15.0,
        }
    }
}

/// Spread (natural log) of the lengths of conversations that go on: a
/// lognormal's right tail of long threads.
const LENGTH_SIGMA: f64 = 0.33;
/// The longest conversation (the tail clamped).
pub const MAX_MESSAGES: u16 = 36;

/// Messages in a conversation of `complexity` at an agent kind with `extra`
/// more than the baseline, from one uniform draw `u` in (0, 1): two (the
/// user left after the first answer) with the complexity's
/// [`Complexity::abandon_share`], otherwise a lognormal length around its
/// median (at least three, at most [`MAX_MESSAGES`]). One draw, so the
/// telemetry's other draws keep their places.
pub fn conversation_length(complexity: Complexity, extra: u16, u: f64) -> u16 {
    let abandon = complexity.abandon_share();
    if u < abandon {
        return 2;
    }
    let v = ((u - abandon) / (1.0 - abandon)).clamp(1e-9, 1.0 - 1e-9);
    let z = super::rng::inverse_normal_cdf(v);
    let length = (complexity.median_length() + extra as f64) * (LENGTH_SIGMA * z).exp();
    (length.round() as u16).clamp(3, MAX_MESSAGES)
}

/// The mean of [`conversation_length`] over its draws (before failures cut
/// conversations short).
pub fn mean_length(complexity: Complexity, extra: u16) -> f64 {
    let abandon = complexity.abandon_share();
    let on = (complexity.median_length() + extra as f64) * (LENGTH_SIGMA * LENGTH_SIGMA / 2.0).exp();
    abandon * 2.0 + (1.0 - abandon) * on
}

/// Where the value of a `{slot}` comes from. Each conversation draws its own
/// value once, so every line and the title agree on it.
#[derive(Clone, Copy, Debug)]
pub enum SlotValues {
    /// One of these.
    Pick(&'static [&'static str]),
    /// One of `pool` other than the value of slot `of` (which draws from the same pool).
    Another { of: &'static str, pool: &'static [&'static str] },
    /// One half of a pair drawn together under the name `draw` (a city and its zip code).
    Paired { draw: &'static str, pool: &'static [(&'static str, &'static str)], second: bool },
    /// A whole number in `lo..=hi` after `prefix`, zero-padded to `width` digits ("A-20931").
    Number { prefix: &'static str, lo: u32, hi: u32, width: u8 },
    /// An amount of money between `lo` and `hi` cents in steps of `step` cents,
    /// shown with cents unless the step is whole units ("$64.99", "€1,250").
    Money { symbol: &'static str, lo: u32, hi: u32, step: u32 },
    /// Computed from other slots (a total from a seat count and a price).
    Derived(fn(&Slots, &mut String)),
}

/// One thing end users come to an agent kind for.
#[derive(Debug)]
pub struct Topic {
    /// The topic's stable label, e.g. "Refund for a double charge".
    pub title: &'static str,
    pub complexity: Complexity,
    /// Conversation-list titles, worded as a dashboard's auto-summary would
    /// ("Double charge on order {order}").
    pub titles: &'static [&'static str],
    /// What the end user says first.
    pub openers: &'static [&'static str],
    /// The assistant's clarifying question (after an optional greeting).
    pub clarify: &'static [&'static str],
    /// The end user's reply to `clarify`, with the specifics.
    pub details: &'static [&'static str],
    /// The assistant's concrete answer or steps. Reads well with or without
    /// the `clarify`/`details` exchange before it (short conversations skip it).
    pub answers: &'static [&'static str],
    /// Topic-specific follow-ups after the answer: (user question, assistant answer).
    pub follow_ups: &'static [(&'static str, &'static str)],
    /// The end user confirming that the answer worked.
    pub confirms: &'static [&'static str],
    /// The end user saying why the answer did not settle it, before a
    /// hand-off: problems of this topic only.
    pub stuck: &'static [&'static str],
    /// Values of slots specific to this topic (override the kind's).
    pub slots: &'static [(&'static str, SlotValues)],
}

/// Static text and tuning for one agent kind.
#[derive(Debug)]
pub struct KindProfile {
    /// Base name from the seed, e.g. "Customer Support Bot".
    pub base_name: &'static str,
    /// One-sentence descriptions that fit the name (an agent picks one).
    pub descriptions: &'static [&'static str],
    /// Conversation topics (at least 12, mixed complexity).
    pub topics: &'static [Topic],
    /// Typical input tokens per conversation (context + history), inclusive range.
    pub input_tokens_per_conversation: (u32, u32),
    /// Extra messages per conversation over the complexity baseline
    /// (customer support runs longer).
    pub extra_messages: u16,
    /// Values of the kind's slots; must define `ticket`, `team` and `system`
    /// (the back-end a tool error names).
    pub slots: &'static [(&'static str, SlotValues)],
    /// How the assistant opens its first reply (templates; may be empty text).
    pub greetings: &'static [&'static str],
    /// Mid-conversation (user question, assistant answer) pairs that fit
    /// every topic of the kind.
    pub exchanges: &'static [(&'static str, &'static str)],
    /// The assistant handing an unresolved conversation to a person, with a ticket.
    pub handoffs: &'static [&'static str],
    /// The assistant wrapping up a resolved conversation, after a
    /// sentiment-specific interjection (so these don't start with one).
    pub closings: &'static [&'static str],
}

/// The kinds, in the seed's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AgentKind {
    CustomerSupport,
    SalesAssistant,
    HrOnboarding,
    ItSupport,
    KnowledgeBase,
    LeadQualification,
    DocumentAnalyzer,
    MeetingScheduler,
    ExpenseReport,
    TrainingAssistant,
}

impl AgentKind {
    /// Whether the company's customers (rather than its employees) talk to
    /// agents of this kind.
    pub fn is_customer_facing(self) -> bool {
        matches!(self, AgentKind::CustomerSupport | AgentKind::SalesAssistant | AgentKind::LeadQualification)
    }

    pub const ALL: [AgentKind; 10] = [
        AgentKind::CustomerSupport,
        AgentKind::SalesAssistant,
        AgentKind::HrOnboarding,
        AgentKind::ItSupport,
        AgentKind::KnowledgeBase,
        AgentKind::LeadQualification,
        AgentKind::DocumentAnalyzer,
        AgentKind::MeetingScheduler,
        AgentKind::ExpenseReport,
        AgentKind::TrainingAssistant,
    ];

    pub fn profile(self) -> &'static KindProfile {
        &PROFILES[self as usize]
    }

    pub fn base_name(self) -> &'static str {
        self.profile().base_name
    }
}

static PROFILES: [KindProfile; 10] = [
    CUSTOMER_SUPPORT,
    SALES_ASSISTANT,
    HR_ONBOARDING,
    IT_SUPPORT,
    KNOWLEDGE_BASE,
    LEAD_QUALIFICATION,
    DOCUMENT_ANALYZER,
    MEETING_SCHEDULER,
    EXPENSE_REPORT,
    TRAINING_ASSISTANT,
];

const CUSTOMER_SUPPORT: KindProfile = KindProfile {
    base_name: "Customer Support Bot",
    descriptions: &[
        "Handles tier-1 customer inquiries and FAQs for workspaces, billing and integrations.",
        "Answers workspace, billing and sign-in questions around the clock and escalates the rest to the support team.",
        "First line of customer support for the platform: access, invoices, imports, integrations and automations.",
        "Resolves common customer issues in chat and hands complex cases to a support engineer with full context.",
        "Helps workspace admins with seats, permissions, SSO and billing, and troubleshoots integrations.",
        "In-app support for customers' admins and members: restores, invites, invoices, imports and Slack alerts.",
    ],
    topics: &[
        Topic {
            title: "Restore a deleted project",
            complexity: Complexity::Simple,
            titles: &[
                "Restore deleted project \"{project}\"",
                "Accidentally deleted {project} in {workspace}",
                "Recover the {project} project from trash",
            ],
            openers: &[
                "i deleted our {project} project by mistake this morning. can it be restored?? workspace is {workspace}",
                "[Hi, |]someone on my team deleted the {project} project in {workspace}. Is it gone for good?",
            ],
            clarify: &[
                "[Don't worry|No need to panic] — deleted projects stay recoverable for 30 days. Are you an admin of {workspace}, or a member?",
                "That's usually recoverable. [Do you have admin rights in {workspace}?|Are you one of the admins of {workspace}?]",
            ],
            details: &["yes I'm an admin", "I'm the owner of the workspace", "admin, yes"],
            answers: &[
                "Deleted projects sit in the trash for 30 days. Go to Settings > Trash in {workspace}, find {project} and choose Restore: its tasks, comments, files and automations all come back, and members keep the access they had.",
                "{project} is still in the trash, so nothing is lost. Open Settings > Trash, pick it and press Restore — it comes back exactly as it was, including its {tasks} tasks and their history.",
            ],
            follow_ups: &[
                (
                    "[Will the task assignments come back too?|do people get their tasks back?]",
                    "Yes — assignees, due dates and subtasks are restored with {project}, and nobody is notified again about tasks that were already assigned.",
                ),
                (
                    "[Can I stop members from deleting projects?|how do I stop this happening again?]",
                    "Under Settings > Permissions in {workspace}, set 'Who can delete projects' to Admins only. Members can still archive their own projects.",
                ),
                (
                    "[Can I see who deleted it?|is there a log of who deleted {project}?]",
                    "The audit log under Settings > Security lists who deleted {project} and when; it's on the Business plan and above.",
                ),
            ],
            confirms: &[
                "Restored, {project} is back with everything in it.",
                "[Ok, |]found it in the trash and restored it.",
            ],
            stuck: &[
                "{project} isn't in the trash at all, the trash is empty.",
                "The Restore button is greyed out for {project}.",
            ],
            slots: &[],
        },
        Topic {
            title: "Update an expired card",
            complexity: Complexity::Simple,
            titles: &[
                "Payment failed: card ending {card} expired",
                "Update expired card ending {card}",
                "Renewal payment failed for {workspace} (card {card})",
            ],
            openers: &[
                "our payment failed because the card ending {card} expired. how do I put a new card on {workspace}?",
                "Got an email that the renewal for {workspace} didn't go through. The card ending {card} expired last month — where do I update it?",
            ],
            clarify: &[
                "I can walk you through it[, {first}|]. Are you the billing admin on {workspace}?",
                "[Let's get that card swapped.|Easy fix.] Only billing admins can change the card — is that you?",
            ],
            details: &["yes, I'm the billing admin", "yes that's me", "I'm the owner, so yes"],
            answers: &[
                "Go to Settings > Billing > Payment method, choose 'Replace card' and enter the new card. The failed {amount} invoice retries automatically within 24 hours, and {workspace} stays fully active in the meantime.",
                "Open Settings > Billing, replace the card ending {card} under Payment method and save. The {amount} invoice is retried within a day; nothing is locked while it's pending.",
            ],
            follow_ups: &[
                (
                    "[Will we be charged twice when it retries?|wait, could it charge us twice?]",
                    "No — the failed attempt was never captured, so only the retry charges the new card. You may see a pending hold of {amount} from the failed attempt; it drops off on its own.",
                ),
                (
                    "[Can we pay by invoice instead of card?|could we switch to paying by invoice?]",
                    "Invoice billing is available on annual plans over $10,000 a year. {workspace} is below that, so card or ACH it is for now.",
                ),
                (
                    "[When's the next renewal after this?|when do we renew next?]",
                    "Once the retry goes through, the next renewal is on the same date next month, and a receipt goes to {email}.",
                ),
            ],
            confirms: &[
                "New card saved, and the {amount} invoice shows as paid now.",
                "[Done|Ok done] — the card ending {card} is gone and the retry went through.",
            ],
            stuck: &[
                "It keeps saying 'card declined' for the new card, and my bank says it's fine.",
                "There's no 'Replace card' option on the billing page, only 'Add'.",
            ],
            slots: &[],
        },
        Topic {
            title: "Invoice with a VAT number",
            complexity: Complexity::Simple,
            titles: &[
                "VAT number missing on invoice {invoice}",
                "Add VAT ID to {workspace} invoices",
                "Reissue invoice {invoice} with company details",
            ],
            openers: &[
                "our finance team needs invoice {invoice} reissued with our VAT number on it. how do I do that?",
                "[Hi, |]invoice {invoice} is missing our VAT number and company address, finance rejected it. Can you fix it?",
            ],
            clarify: &[
                "Sure. Is the VAT number already saved under Settings > Billing for {workspace}, or should we add it first?",
                "[I can help with that.|No problem.] Has the VAT number been added to the billing details yet?",
            ],
            details: &["No, never added it", "not yet, it's {vat}", "I don't think so, it's {vat}"],
            answers: &[
                "Add it under Settings > Billing > Company details (VAT ID and registered address), then open Invoices and choose 'Regenerate' on {invoice}: the new PDF carries the VAT number, and every future invoice will too.",
                "Once the VAT ID is saved in the billing details, invoice {invoice} can be regenerated from Settings > Billing > Invoices. The amount stays {amount}; only the company details change.",
            ],
            follow_ups: &[
                (
                    "[Does adding the VAT number change what we pay?|will VAT be taken off?]",
                    "For EU businesses with a valid VAT ID, reverse charge applies from the next invoice, so VAT is no longer added; {invoice} itself keeps the tax it was charged.",
                ),
                (
                    "[Can the invoices go straight to our finance inbox?|can finance get them by email?]",
                    "Yes — add a billing contact under Settings > Billing and every invoice is emailed there as well as to {email}.",
                ),
            ],
            confirms: &[
                "Got it, the regenerated {invoice} has the VAT number on it.",
                "[Perfect, |]finance has the new PDF of {invoice}.",
            ],
            stuck: &[
                "It says the VAT number is invalid, but it's the one on all our paperwork.",
                "There's no 'Regenerate' on {invoice}, only Download.",
            ],
            slots: &[(
                "vat",
                SlotValues::Pick(&["DE 811 907 980", "NL 8531.28.473.B01", "IE 6388047V", "FR 40 303 265 045"]),
            )],
        },
        Topic {
            title: "Invite a guest to a project",
            complexity: Complexity::Simple,
            titles: &[
                "Invite a client as a guest to {project}",
                "Guest access for an outside contractor ({project})",
                "Sharing {project} with someone outside {workspace}",
            ],
            openers: &[
                "how do I share the {project} project with a client without giving them access to everything else?",
                "[Hi! |]Can I add an outside contractor to {project} only? They shouldn't see our other projects",
            ],
            clarify: &[
                "Yes, that's what guests are for. Should they be able to edit tasks, or only view and comment?",
                "[Sure.|Absolutely.] Do they need to edit, or just view and comment?",
            ],
            details: &["they need to edit tasks", "view and comment is enough", "edit, they'll update their own tasks"],
            answers: &[
                "Open {project}, choose Share > Invite guest and enter their email. Guests only see the projects they're invited to, and on your plan each paid seat includes {guests} free guests, so it won't add to the bill.",
                "Use Share > Invite guest inside {project} and pick 'Can edit' or 'Can comment'. They'll get an email invite and see only {project} — nothing else in {workspace}.",
            ],
            follow_ups: &[
                (
                    "[Can I remove them later?|how do I take the access away when the job's done?]",
                    "In {project}, Share > Members, click their name and choose Remove. Their comments stay; they just lose access.",
                ),
                (
                    "[Do guests count as paid seats?|will this cost us a seat?]",
                    "Not while {workspace} stays within {guests} guests per paid seat; past that, extra guests are billed as members.",
                ),
            ],
            confirms: &["Invite sent, they can see {project} now.", "[Ok, |]they accepted and only see {project}."],
            stuck: &[
                "The invite says 'guests are disabled by your admin', and I am the admin.",
                "They got the invite but see an empty project when they open {project}.",
            ],
            slots: &[("guests", SlotValues::Pick(&["five", "five", "three"]))],
        },
        Topic {
            title: "Slack integration stopped posting",
            complexity: Complexity::Moderate,
            titles: &[
                "Slack notifications stopped for {project}",
                "No updates in #{channel} since {due}",
                "Slack integration not posting ({workspace})",
            ],
            openers: &[
                "our Slack channel #{channel} stopped getting updates from {project} since {due}. nothing changed on our side",
                "[Hi, |]the Slack integration hasn't posted anything to #{channel} since {due}. Is it broken?",
            ],
            clarify: &[
                "Let's check the connection. Did anyone on your side leave the company or change roles around {due}?",
                "[Sorry about that.|That's annoying, let's fix it.] Was the Slack app connected by someone who might have left, or lost admin rights?",
            ],
            details: &[
                "hmm, yes — {coworker} set it up and left last week",
                "{coworker} connected it originally, they moved teams recently",
            ],
            answers: &[
                "That's the cause: the Slack connection belongs to the person who set it up, and it stopped when {coworker}'s account was deactivated on {due}. Reconnect it under {project} > Integrations > Slack with your own account and pick #{channel} again; updates resume right away.",
                "The integration was authorised with {coworker}'s account, which was deactivated on {due}, so Slack stopped accepting its posts. Go to {project} > Integrations > Slack, choose Reconnect and select #{channel} — the rules you had are kept.",
            ],
            follow_ups: &[
                (
                    "[Will the missed updates get posted?|do we get the updates from the last few days?]",
                    "No, updates aren't queued while the connection is down. The activity tab in {project} has everything since {due} if you need to catch up.",
                ),
                (
                    "[Can the integration belong to the workspace instead of a person?|how do we stop this if someone else leaves?]",
                    "On Business, an admin can connect Slack for all of {workspace} under Settings > Integrations, so it doesn't depend on one person. On your current plan, connect it with a shared admin account.",
                ),
                (
                    "[Can it post only when tasks are completed?|can we cut down the noise in #{channel}?]",
                    "Yes — after reconnecting, open the rule for #{channel} and tick only 'Task completed' and 'Due date changed'.",
                ),
            ],
            confirms: &[
                "Reconnected it and a test update just showed up in #{channel}.",
                "[Yep, |]#{channel} is getting updates again.",
            ],
            stuck: &[
                "Reconnecting fails with 'missing scope: chat:write' every time.",
                "I reconnected it, but #{channel} doesn't show up in the channel list.",
            ],
            slots: &[],
        },
        Topic {
            title: "Charged for deactivated seats",
            complexity: Complexity::Moderate,
            titles: &[
                "Billed for {seats} seats after removing users",
                "Invoice {invoice}: charged for deactivated members",
                "Seat count wrong on {workspace}'s invoice",
            ],
            openers: &[
                "we removed a few people last month but invoice {invoice} still charges us for {seats} seats. why?",
                "[Hi, |]our invoice {invoice} bills {seats} seats, but we deactivated several users weeks ago. Can you check?",
            ],
            clarify: &[
                "Let's look at {invoice}. Were the people deactivated, or removed from {workspace} entirely?",
                "[I'll check the seat history.|Let me look into it.] Did you deactivate those members, or remove them from the workspace?",
            ],
            details: &[
                "deactivated them I think, under Members",
                "we just deactivated them",
                "not sure, {coworker} did it",
            ],
            answers: &[
                "Deactivated members still hold a paid seat until they're removed — that's why {invoice} counts {seats}. Under Settings > Members, filter by Deactivated and choose Remove from workspace; the seats drop on the next invoice and the unused days are credited as {amount}.",
                "Invoice {invoice} counts every seat that was assigned on the billing date, including deactivated members. Remove them under Settings > Members and the seat count falls right away; I've credited {amount} for the days they weren't used.",
            ],
            follow_ups: &[
                (
                    "[Can we get a refund instead of a credit?|could the {amount} go back to our card?]",
                    "Yes, I can refund {amount} to the card on file instead; it takes 5–10 business days to show up.",
                ),
                (
                    "[What happens to their tasks if we remove them?|do we lose the stuff they worked on?]",
                    "Nothing is lost: their tasks stay in {workspace}, shown as assigned to a former member, and you can reassign them in bulk from the Members page.",
                ),
            ],
            confirms: &[
                "Removed them, and the billing page shows the lower seat count now.",
                "[Ok, |]I see the {amount} credit on the account.",
            ],
            stuck: &[
                "There's no Remove option for deactivated members, only Reactivate.",
                "The seat count still says {seats} after I removed them.",
            ],
            slots: &[("seats", SlotValues::Number { prefix: "", lo: 12, hi: 60, width: 1 })],
        },
        Topic {
            title: "CSV import puts dates in the wrong month",
            complexity: Complexity::Moderate,
            titles: &[
                "CSV import into {project} swaps day and month",
                "Import of {rows} tasks has wrong due dates",
                "Due dates wrong after importing {rows} rows into {project}",
            ],
            openers: &[
                "I imported {rows} tasks from a CSV into {project} and all the due dates are wrong, 3 March shows as March 3 or as 12 April",
                "[Hi, |]just imported a spreadsheet with {rows} tasks into {project} and half the due dates landed in the wrong month. What happened?",
            ],
            clarify: &[
                "That sounds like a date format mix-up. What format are the dates in your file, e.g. 03/04/2025?",
                "[Let's sort that out.|I think I know what this is.] Are the dates in the file written day first (03/04) or month first?",
            ],
            details: &["day first, we're in the UK office", "DD/MM/YYYY", "they're like 03/04/2025, day first"],
            answers: &[
                "The importer reads dates as month-first unless you say otherwise, so 03/04 became March 4. Undo the import from {project} > Activity (it removes all {rows} tasks), then import again and set 'Date format' to DD/MM/YYYY on the mapping step.",
                "The mapping step assumed MM/DD. You can undo the whole import from {project} > Activity, then re-import and pick DD/MM/YYYY under Date format — the {rows} tasks come in with the right dates.",
            ],
            follow_ups: &[
                (
                    "[Will undoing it delete tasks we already edited?|people already commented on some, do we lose that?]",
                    "Undo removes the imported tasks including any edits since. If people have already worked in them, fix the dates in bulk instead: select the tasks in {project}, choose Edit > Shift dates.",
                ),
                (
                    "[Can I set the date format once for everyone?|can I make DD/MM the default?]",
                    "Yes — each person can set it under Profile > Language & region, and the workspace default is under Settings > General in {workspace}.",
                ),
            ],
            confirms: &[
                "Re-imported with DD/MM and the {rows} tasks have the right dates now.",
                "[Ok, |]the dates look right this time.",
            ],
            stuck: &[
                "There's no Undo in the activity log for the import.",
                "I picked DD/MM/YYYY and the dates are still shifted by a month.",
            ],
            slots: &[("rows", SlotValues::Number { prefix: "", lo: 40, hi: 900, width: 1 })],
        },
        Topic {
            title: "Transfer workspace ownership",
            complexity: Complexity::Moderate,
            titles: &[
                "Transfer ownership of {workspace} ({coworker} left)",
                "Owner of {workspace} has left the company",
                "Make {first} {last} the owner of {workspace}",
            ],
            openers: &[
                "the owner of our workspace {workspace}, {coworker}, left the company. how do I become the owner?",
                "[Hi, |]{coworker} owned {workspace} and has left. I'm an admin — can ownership move to me?",
            ],
            clarify: &[
                "Yes, that can be done. Is {coworker}'s account still active, or was it already deactivated?",
                "[We can do that.|That's a common one.] Can {coworker} still sign in, or was their account shut down?",
            ],
            details: &["already deactivated", "their email was shut off last Friday", "they can't sign in anymore"],
            answers: &[
                "Since {coworker} can no longer sign in, we transfer it on our side after a verification: I've emailed the admins of {workspace} a confirmation link under {ticket}. Once one other admin confirms, you become the owner, usually within a business day.",
                "With the old owner's account gone, the transfer needs a second admin to confirm. I've opened {ticket} and sent the confirmation to the other admins of {workspace}; as soon as one approves, ownership moves to you.",
            ],
            follow_ups: &[
                (
                    "[What if we're the only admin?|there's no other admin, now what?]",
                    "Then we verify through the billing contact: reply to the email on {ticket} from your company address and attach the latest invoice of {workspace}.",
                ),
                (
                    "[Does billing move to me as well?|will invoices come to me after this?]",
                    "Ownership and billing are separate: after the transfer, open Settings > Billing and make yourself the billing admin so invoices go to {email}.",
                ),
            ],
            confirms: &[
                "{manager} confirmed and I'm listed as the owner now.",
                "[Ok, |]got the email — I'm the owner of {workspace}.",
            ],
            stuck: &[
                "Nobody got the confirmation email, and the other admin is on leave.",
                "It says ownership can't move while there's an unpaid invoice.",
            ],
            slots: &[],
        },
        Topic {
            title: "SSO sign-in loop",
            complexity: Complexity::Complex,
            titles: &[
                "SAML SSO redirect loop for {workspace}",
                "Users stuck in a sign-in loop after the {idp} change",
                "SSO broken after moving to {idp}",
            ],
            openers: &[
                "since we moved SSO to {idp} this morning, everyone in {workspace} gets bounced back to the sign-in page in a loop",
                "[Hi — |]urgent: after switching our SAML to {idp}, nobody at {workspace} can sign in. It just loops.",
            ],
            clarify: &[
                "That's a priority, let's get people back in. Did you update the SAML certificate and the sign-in URL in {workspace} when you switched to {idp}?",
                "[Sorry, that's stressful.|Let's get everyone back in.] When you moved to {idp}, did you paste the new certificate into Settings > Security > SSO?",
            ],
            details: &[
                "we changed the sign-in URL, not sure about the certificate",
                "yes, URL and certificate, I think",
                "only the URL, {coworker} said that was enough",
            ],
            answers: &[
                "The loop is what happens when the certificate doesn't match: {idp} signs the response with its new certificate and {workspace} still expects the old one, so it rejects it and sends people back. Download the signing certificate from {idp}, paste it under Settings > Security > SSO and save. Admins can sign in meanwhile with the bypass link from {ticket}.",
                "Our logs show every SAML response from {idp} failing the signature check, which means {workspace} still has the old certificate. Upload the one from {idp} under Settings > Security > SSO. Until then, admins can use the SSO bypass link I've emailed under {ticket}.",
            ],
            follow_ups: &[
                (
                    "[Can we turn SSO off until it's fixed?|could we switch SSO off for now?|Is it safe to disable SSO while you look?|can people log in with passwords meanwhile?]",
                    "You can set SSO to Optional instead of Required under Settings > Security, so people can use a password; but most of {workspace}'s members never set one, so fixing the certificate is quicker.",
                ),
                (
                    "[Will people lose anything they were working on?|is any data affected?]",
                    "No — nothing in {workspace} changes while people can't sign in; drafts are saved on their devices and sync once they're back.",
                ),
                (
                    "[How do we avoid this next time?|can we test SSO changes first?]",
                    "Use 'Test connection' under Settings > Security > SSO before saving, which signs in one admin through {idp} without affecting anyone else.",
                ),
            ],
            confirms: &[
                "New certificate is in and people are signing in through {idp} again.",
                "[Ok, |]that was it — the loop is gone.",
            ],
            stuck: &[
                "I uploaded the {idp} certificate and it still loops.",
                "Now it says 'user not assigned to this application' for half the team.",
            ],
            slots: &[(
                "idp",
                SlotValues::Pick(&["Okta", "Microsoft Entra ID", "Google Workspace", "OneLogin", "JumpCloud"]),
            )],
        },
        Topic {
            title: "Automation creating duplicate tasks",
            complexity: Complexity::Complex,
            titles: &[
                "Automation \"{rule}\" creating duplicate tasks",
                "Duplicate tasks in {project} from a recurring rule",
                "{rule} rule firing twice in {project}",
            ],
            openers: &[
                "our automation \"{rule}\" in {project} is creating every task twice, sometimes three times. started this week",
                "[Hi, |]the \"{rule}\" rule keeps making duplicate tasks in {project}. How do I stop it?",
            ],
            clarify: &[
                "Let's find what's triggering it twice. Is \"{rule}\" the only rule in {project}, or are there others that move or create tasks?",
                "[That shouldn't happen.|Let me look.] Are there other automations in {project}, or any integration like Zapier touching it?",
            ],
            details: &[
                "[there's also a Zapier zap that copies tasks from our form|we also have a Zapier zap copying tasks in from a form|a Zapier integration creates tasks from our intake form too]",
                "{coworker} added a second rule last week I think",
                "just that one rule, as far as I know",
            ],
            answers: &[
                "The run history of \"{rule}\" shows it firing on 'Task created', and a second rule in {project} creates a task in the same section, which triggers \"{rule}\" again. Add the condition 'Created by is not Automation' to \"{rule}\" and the chain stops.",
                "Each duplicate comes from a chain: something creates a task, \"{rule}\" reacts and creates another, and that one sets it off again. In {project} > Automations, open \"{rule}\" and add 'Only when created by a person'. I can also delete the {tasks} duplicates made since Monday.",
            ],
            follow_ups: &[
                (
                    "[Can you delete the duplicates for us?|is there a quick way to clean up the copies?|Could you remove the copies it made?|any way to bulk-delete the extra tasks?]",
                    "Yes — I've removed the {tasks} duplicates created by \"{rule}\" since Monday under {ticket}; the originals and their comments are untouched.",
                ),
                (
                    "[Do duplicates count against our automation limit?|did this use up our monthly runs?]",
                    "They did count, but I've added the runs back: {project}'s automations have their full monthly allowance again, noted on {ticket}.",
                ),
                (
                    "[Can I get an alert when a rule misbehaves?|how would we notice this sooner?]",
                    "Turn on 'Notify me when a rule fails or runs more than 100 times an hour' in the settings of \"{rule}\"; the alert goes to {email}.",
                ),
            ],
            confirms: &[
                "Added the condition and \"{rule}\" only fired once on a test task.",
                "[Ok, |]no more duplicates since the change.",
            ],
            stuck: &[
                "I added the condition and \"{rule}\" still fires twice.",
                "There's no 'Created by' condition in the rule editor for {project}.",
            ],
            slots: &[(
                "rule",
                SlotValues::Pick(&[
                    "New request → triage",
                    "Weekly report task",
                    "Assign on form submit",
                    "Move to QA when done",
                    "Create subtasks for launch",
                    "Sprint carry-over",
                ]),
            )],
        },
        Topic {
            title: "Unknown admin added to the workspace",
            complexity: Complexity::Complex,
            titles: &[
                "Unknown admin added to {workspace}",
                "Suspicious sign-in and new admin in {workspace}",
                "Possible account takeover: {first} {last}'s login",
            ],
            openers: &[
                "someone I don't know was made admin of {workspace} last night and my email settings changed. I think my account was hacked",
                "[Hi. |]There's a new admin in {workspace} nobody here added, and I got a password reset I didn't ask for. Please help",
            ],
            clarify: &[
                "I'm sorry, let's lock this down first. Can you still sign in to your own account right now?",
                "[Let's secure this right away.|I'll help you lock it down first.] Are you still able to sign in?",
            ],
            details: &[
                "yes, I'm signed in on my laptop",
                "only on my phone, the laptop session was logged out",
                "yes but my email address on the account was changed to something else",
            ],
            answers: &[
                "I've signed every session out of your account, restored your email to {email}, and suspended the unknown admin in {workspace}. Please set a new password now and turn on two-factor authentication under Profile > Security. Our security team is reviewing the sign-ins under {ticket}.",
                "Done: all sessions are ended, the unknown admin is suspended and your account email is back to {email}. Change your password and turn on two-factor now; the security team has the sign-in logs under {ticket} and will email you {eta}.",
            ],
            follow_ups: &[
                (
                    "[Did they look at or export any of our data?|can you tell what they accessed?]",
                    "The audit log shows the unknown admin's activity; the security team is checking exports and API tokens created since last night and will list them on {ticket}.",
                ),
                (
                    "[Should we force everyone to reset their password?|do the rest of the team need to change passwords?|Does everyone on my team need a new password?|should the others reset theirs as well?]",
                    "As a precaution, yes — an admin can require it under Settings > Security > 'Require password reset'. Requiring two-factor for all of {workspace} is on the same page.",
                ),
                (
                    "[Could they have created API tokens?|what about integrations they might have added?]",
                    "I've revoked every API token and integration created after 6 PM yesterday in {workspace}; anything legitimate will need to be reconnected.",
                ),
            ],
            confirms: &[
                "New password set, two-factor is on, and the stranger is gone from the admin list.",
                "[Ok, |]I'm back in and the email is {email} again.",
            ],
            stuck: &[
                "I can't set up two-factor, the QR code never loads.",
                "The unknown admin shows as suspended but I still got a new sign-in alert after that.",
            ],
            slots: &[],
        },
        Topic {
            title: "API requests rate limited",
            complexity: Complexity::Complex,
            titles: &[
                "429 errors from the API in our {tool} sync",
                "Rate limited syncing {rows} tasks to {tool}",
                "API rate limits for {workspace}'s integration",
            ],
            openers: &[
                "our {tool} sync started failing with HTTP 429 errors. we sync about {rows} tasks every 15 minutes",
                "[Hi, |]we're getting rate limited (429) on the API since yesterday. Our {tool} integration moves about {rows} tasks each run",
            ],
            clarify: &[
                "Let's see what's hitting the limit. Does the sync fetch each task one by one, or use the batch endpoints?",
                "[I can help with that.|Let me check the API logs.] Is your {tool} sync requesting tasks one at a time, or in pages?",
            ],
            details: &[
                "one by one I think, {coworker} wrote it",
                "one request per task, plus one per comment",
                "pages of 100, but it fetches comments separately",
            ],
            answers: &[
                "{workspace}'s token is limited to 150 requests a minute, and syncing {rows} tasks one at a time goes far past it. Switch to GET /tasks with modified_since and limit=100, and honour the Retry-After header on a 429: that cuts each run to a handful of requests.",
                "The API allows 150 requests a minute per token. At one call per task, a run of {rows} tasks needs hundreds, so the later calls get 429s. Use the batch endpoint with modified_since and page size 100, and back off for the Retry-After seconds; the limits are in the API docs under Rate limits.",
            ],
            follow_ups: &[
                (
                    "[Can you raise our limit instead?|is a higher limit possible?]",
                    "Enterprise workspaces can get 500 a minute; on your plan the limit is fixed, but with modified_since a run of {rows} tasks stays well under 150.",
                ),
                (
                    "[Do we get webhooks so we don't have to poll?|can you push changes to us instead?]",
                    "Yes, webhooks are available on every plan: subscribe to task.updated for {project} and {tool} is told about changes within seconds, with no polling.",
                ),
            ],
            confirms: &[
                "{coworker} switched it to modified_since and the 429s stopped.",
                "[Ok, |]the sync ran clean with {rows} tasks, no 429s.",
            ],
            stuck: &[
                "We're already paging by 100 and still get 429s.",
                "Retry-After comes back as 0, so it retries immediately and fails again.",
            ],
            slots: &[
                ("tool", SlotValues::Pick(&["Salesforce", "HubSpot", "Jira", "Zendesk", "NetSuite", "Airtable"])),
                ("rows", SlotValues::Number { prefix: "", lo: 400, hi: 4000, width: 1 }),
            ],
        },
    ],
    input_tokens_per_conversation: (7_000, 11_000),
    extra_messages: 4,
    slots: &[
        ("ticket", SlotValues::Number { prefix: "#", lo: 10000, hi: 99999, width: 5 }),
        ("team", SlotValues::Pick(&["billing", "customer success", "technical support"])),
        ("system", SlotValues::Pick(&["the account service", "the billing service", "the workspace service"])),
        ("workspace", SlotValues::Pick(CUSTOMER_WORKSPACES)),
        ("project", SlotValues::Pick(PROJECTS)),
        ("tasks", SlotValues::Number { prefix: "", lo: 14, hi: 380, width: 1 }),
        ("invoice", SlotValues::Number { prefix: "INV-", lo: 100000, hi: 999999, width: 6 }),
        ("amount", SlotValues::Money { symbol: "$", lo: 3600, hi: 96000, step: 100 }),
        ("card", SlotValues::Number { prefix: "", lo: 1000, hi: 9999, width: 4 }),
        (
            "channel",
            SlotValues::Pick(&[
                "marketing-ops",
                "eng-releases",
                "design-team",
                "launch-q3",
                "client-acme",
                "ops-alerts",
                "content",
            ]),
        ),
        ("due", SlotValues::Another { of: "day", pool: WEEKDAYS }),
    ],
    greetings: &[
        "Hi there!",
        "Hi {first}!",
        "Hello!",
        "Thanks for reaching out, {first}.",
        "Hi {first}, thanks for the message.",
    ],
    exchanges: &[
        (
            "[Will I get an email confirming all this?|will I get this in an email?]",
            "Yes — a summary of this chat goes to {email} within a few minutes, with reference {ticket}.",
        ),
        (
            "[Can you add a note so I don't have to explain this again?|can you note this in case I write in again?]",
            "Done — this chat is saved on {workspace}'s account as {ticket}, so anyone on the support team can see the full history.",
        ),
        (
            "[How do I reach an actual person if I need one later?|is there a phone number if I need a human later?|What's the quickest way to reach a person next time?]",
            "Reply 'agent' in this chat any time to reach the support team, Monday to Friday, 8am–8pm ET. They'll see this conversation as {ticket}.",
        ),
        (
            "[Is there a reference number for this chat?|do I get a reference number?]",
            "Yes, this conversation is saved as {ticket}. Mention it if you contact us again.",
        ),
        (
            "[Is there a status page I can check?|how would I know if it's an outage on your side?]",
            "Our status page shows incidents as they happen, and you can subscribe with {email} to get an email for each one.",
        ),
        (
            "[Can other admins see this chat?|will {coworker} see what we discussed?]",
            "Support chats are private to you, but I can add {coworker} to {ticket} so they get the updates too.",
        ),
        (
            "[Is there a help article on this I can send my team?|do you have docs on this?]",
            "Yes — I've sent the help center link to {email} with {ticket}, so you can forward it to the team.",
        ),
        (
            "[Does this affect anyone else in {workspace}?|will the rest of the team notice anything?]",
            "No one else in {workspace} needs to do anything; the change applies as soon as it's saved, and I've noted it on {ticket}.",
        ),
    ],
    handoffs: &[
        "I'm sorry this still isn't sorted. I've escalated it to {person} on our {team} team as ticket {ticket}, with a summary of everything we've covered. They'll email you {eta}, so you won't need to repeat anything.",
        "Thanks for bearing with me. This needs someone with more access than I have, so I've created ticket {ticket} for our {team} team and {person} is picking it up. You'll hear back {eta}.",
        "I don't want to guess on this one, {first}. {person} on our {team} team can look at it properly — it's ticket {ticket}, and they'll be in touch {eta}.",
    ],
    closings: &[
        "If anything else comes up with {workspace}, just message us here any time.",
        "I'll close this chat now — you can reopen it from the help menu if you need anything else.",
        "Have a good rest of your day[, {first}|]!",
        "Take care, and thanks for your patience while I looked into it.",
        "Thanks for your patience[, {first}|] — we're here if anything else comes up.",
    ],
};

const SALES_ASSISTANT: KindProfile = KindProfile {
    base_name: "Sales Assistant",
    descriptions: &[
        "Answers pricing, plan and feature questions for prospects and books demos with the sales team.",
        "Guides website visitors to the right plan and generates quotes for Team and Business subscriptions.",
        "Helps prospects compare plans, start trials and connect with an account executive.",
        "Handles inbound sales chat: pricing, discounts, trials, upgrades and procurement questions.",
        "Quotes seats, add-ons and upgrades at list price and hands larger deals to account executives.",
        "Pricing-page assistant: plan comparisons, trial sign-ups and expansion quotes for existing workspaces.",
    ],
    topics: &[
        Topic {
            title: "Annual vs monthly pricing",
            complexity: Complexity::Simple,
            titles: &[
                "Annual vs monthly for {seats} Team seats",
                "Team plan pricing: {seats} seats, annual billing",
                "Savings on annual billing ({seats} seats)",
            ],
            openers: &[
                "what's the difference in price if we pay annually instead of monthly? we're {seats} people on the Team plan",
                "[Hi! |]How much do we save on Team if we pay yearly? {seats} seats right now",
            ],
            clarify: &[
                "[Good question!|Sure!] Are you planning to stay on Team, or also considering Business?",
                "[Happy to run the numbers.|Sure!] Is it Team you're comparing, or Business too?",
            ],
            details: &[
                "Just Team for now, we don't need SSO yet",
                "only Team, Business is overkill for {seats} people",
                "Team. no SSO needed",
            ],
            answers: &[
                "On the Team plan it's $15 per seat per month billed monthly, or $12 per seat per month billed annually — a 20% saving. For {seats} seats that's {monthly_year} over a year month-to-month versus {annual_year} paid annually, so you'd save {saving}. You can switch to annual billing any time from the billing page, and the unused part of your current month is credited.",
                "Annual Team is $12 per seat per month instead of $15. With {seats} seats: {annual_year} a year paid annually, against {monthly_year} if you stay monthly — {saving} less. Switching is one click under Settings > Billing, and this month's unused days are credited.",
            ],
            follow_ups: &[
                (
                    "[If we add people halfway through the year, how does that work on annual?|what if we hire more people mid-year?]",
                    "New seats are prorated to your renewal date and billed at the same $12 rate, so you only pay for the months remaining. Going from {seats} to {more} seats halfway through would add about {half_extra}.",
                ),
                (
                    "[Can we go back to monthly later if we need to?|is annual a lock-in?]",
                    "You can switch back at renewal. During the year the {seats} seats stay committed, but you can still add more at any time.",
                ),
                (
                    "[Do we pay it all upfront?|is it paid all at once?]",
                    "Yes, annual is invoiced upfront — {annual_year} for {seats} seats — by card, or by invoice once you're over $10,000 a year.",
                ),
            ],
            confirms: &[
                "Makes sense, I just switched us to annual.",
                "[Ok, |]switched to annual — the invoice shows {annual_year}.",
            ],
            stuck: &[
                "The billing page shows a different total than {annual_year} for annual, though.",
                "It won't let me switch to annual, the option is greyed out for our workspace.",
            ],
            slots: &[
                ("seats", SlotValues::Number { prefix: "", lo: 5, hi: 48, width: 1 }),
                ("monthly_year", SlotValues::Derived(team_monthly_year)),
                ("annual_year", SlotValues::Derived(team_annual_year)),
                ("saving", SlotValues::Derived(team_saving)),
                ("more", SlotValues::Derived(seats_plus_five)),
                ("half_extra", SlotValues::Derived(five_seats_half_year)),
            ],
        },
        Topic {
            title: "Nonprofit discount",
            complexity: Complexity::Simple,
            titles: &[
                "Nonprofit discount for {company}",
                "501(c)(3) pricing — {seats} seats",
                "Nonprofit pricing question ({seats} staff)",
            ],
            openers: &[
                "Do you have a nonprofit discount? {company} is a registered 501(c)(3) with about {seats} staff",
                "[Hi, |]I work at {company}, a 501(c)(3) with {seats} staff. Is there a discount for us?",
            ],
            clarify: &[
                "We do[, {first}|]! Which plan are you most interested in, and how many of your staff would need a seat?",
                "[Yes, there is.|We do have nonprofit pricing.] Which plan are you looking at, and would everyone need a seat?",
            ],
            details: &["Business plan probably, and all {seats}", "business, everyone needs one"],
            answers: &[
                "Registered nonprofits like {company} get 40% off the Team and Business plans on annual billing. You'll just need to verify your status: go to Settings > Billing > Apply for nonprofit pricing and upload your determination letter. Verification usually takes 1–2 business days, and the discount is applied to your next invoice once approved.",
                "Nonprofits get 40% off annual Team and Business. For {seats} Business seats that's {np_year} a year instead of {list_year}. Apply under Settings > Billing > Apply for nonprofit pricing with your IRS determination letter; approval takes a day or two.",
            ],
            follow_ups: &[
                (
                    "[Can we start a trial while we wait for verification?|can we try it while you verify us?]",
                    "Yes — start the 14-day trial now and apply for nonprofit pricing during it. If {company} is approved before the trial ends, your first invoice will already include the discount.",
                ),
                (
                    "[Does the discount apply to volunteers too?|we have volunteers, do they need seats?]",
                    "Volunteers who only view and comment can be free guests. Anyone who edits needs a seat, at the same 40% off — {np_seat} per seat per month on Business.",
                ),
                (
                    "[Is it 40% forever or just the first year?|does the discount renew?]",
                    "It renews as long as {company} stays a registered nonprofit; we ask for a current letter every two years.",
                ),
            ],
            confirms: &[
                "Great, application submitted with our letter.",
                "[Ok, |]applied with the letter for {company}.",
            ],
            stuck: &[
                "The nonprofit form rejects our determination letter, it says the file can't be read.",
                "We're a registered charity in Canada, not a 501(c)(3) — the form doesn't have an option for that.",
            ],
            slots: &[
                ("seats", SlotValues::Number { prefix: "", lo: 12, hi: 60, width: 1 }),
                ("np_year", SlotValues::Derived(business_nonprofit_year)),
                ("list_year", SlotValues::Derived(business_annual_year)),
                ("np_seat", SlotValues::Pick(&["$14.40"])),
                ("company", SlotValues::Pick(NONPROFITS)),
            ],
        },
        Topic {
            title: "Free trial terms",
            complexity: Complexity::Simple,
            titles: &[
                "Free trial for a team of {seats}",
                "Trial length and card question from {first}",
                "Starting a Business trial for {seats} people",
            ],
            openers: &[
                "how long is the free trial and do i need a credit card? there'd be {seats} of us",
                "[Hey, |]thinking of trying this with my team ({seats} of us). How does the trial work?",
            ],
            clarify: &[
                "Happy to help you get started[, {first}|]! Do you want to invite everyone right away, or start with a few people?",
                "[Great!|Sure thing.] Will you invite the whole team on day one, or a few people first?",
            ],
            details: &["everyone, all {seats} of us", "a few of us first, then the rest of the {seats}"],
            answers: &[
                "The trial is 14 days on the Business plan, and no credit card is needed. You can invite all {seats} of you during the trial, and at the end you choose a plan — or drop to the free tier, which keeps up to 3 members and all your data. Sign up with your work email and you'll be in within a minute.",
                "14 days of Business, free, no card. Invite all {seats} of you — there's no seat limit during the trial — and pick a plan at the end, or stay on the free tier (3 members, nothing deleted).",
            ],
            follow_ups: &[
                (
                    "[What happens to our stuff if we don't pick a plan?|and if we don't pay at the end?]",
                    "Nothing is deleted. The workspace moves to the free tier, and anything beyond the free limits becomes read-only until you upgrade, so your {seats} members can pick up where they left off.",
                ),
                (
                    "[Can we extend the trial if we need more time?|is 14 days extendable?]",
                    "Once, by 7 days — ask here or from the billing page before it ends. I can do it now if you like; it would end on {day} the week after.",
                ),
                (
                    "[How much would it be after the trial for us?|what would we pay after?]",
                    "For {seats} seats, Team is {team_year} a year and Business {biz_year}, both billed annually.",
                ),
            ],
            confirms: &[
                "Ok, signed up and the invites are out to the team.",
                "[Done, |]workspace is up and {seats} invites sent.",
            ],
            stuck: &[
                "The sign-up page says our email domain already has a workspace, but nobody here made one.",
                "It's asking for a credit card at the last step, even though you said it doesn't need one.",
            ],
            slots: &[
                ("seats", SlotValues::Number { prefix: "", lo: 4, hi: 25, width: 1 }),
                ("team_year", SlotValues::Derived(team_annual_year)),
                ("biz_year", SlotValues::Derived(business_annual_year)),
            ],
        },
        Topic {
            title: "API access on the Team plan",
            complexity: Complexity::Simple,
            titles: &[
                "API access on Team for a {helpdesk} sync",
                "Is the API included on Team? ({helpdesk} tasks)",
                "API rate limits: Team vs Business ({helpdesk})",
            ],
            openers: &[
                "Quick one - is API access included on the Team plan or only on Business? [For a {helpdesk} sync|We use {helpdesk}]",
                "[Hi, |]we'd like to connect {helpdesk} through your API. Do we need Business for that?",
            ],
            clarify: &[
                "[Sure!|Good question.] What are you planning to use the API for — pulling data out, or pushing data in from another system?",
                "[Good question.|Happy to check.] Will you mostly push data in, or pull it out?",
            ],
            details: &["We want to push tasks in from {helpdesk}", "push — new {helpdesk} tickets should become tasks"],
            answers: &[
                "API access is included on every paid plan, Team included, so {helpdesk} can connect on Team. The difference is rate limits: Team allows 100 requests per minute per workspace and Business allows 1,000, plus webhooks with automatic retries. For pushing in tasks from another system, 100 per minute is plenty unless you're syncing thousands of records at once.",
                "Team includes the API — 100 requests a minute per workspace, against 1,000 on Business, which also adds webhooks with retries. Creating tasks from {helpdesk} tickets fits comfortably in the Team limit.",
            ],
            follow_ups: &[
                (
                    "[Is there a ready-made integration for that, so we don't have to code it?|is there a {helpdesk} integration already?]",
                    "Yes, there's a native {helpdesk} integration in the integrations directory, included on Team — it creates a task per ticket and syncs status both ways.",
                ),
                (
                    "[What happens if we go over the limit?|and if we hit the rate limit?]",
                    "Requests over the limit get a 429 with a Retry-After header; nothing is lost if your script retries. If {helpdesk} bursts above 100 a minute regularly, Business is the safer choice.",
                ),
                (
                    "[Do API calls count against our seats?|do we need a seat for the integration?]",
                    "No, the integration uses a service token, not a seat. It shows up as '{helpdesk} bot' in the activity feed.",
                ),
            ],
            confirms: &[
                "Perfect, that covers it.",
                "[Great, |]that's what I needed — we'll use the {helpdesk} integration.",
            ],
            stuck: &[
                "The {helpdesk} integration isn't in our directory at all, even though we're on Team.",
                "We're already getting 429 errors at about 40 requests a minute, well under the limit you said.",
            ],
            slots: &[(
                "helpdesk",
                SlotValues::Pick(&["Zendesk", "Freshdesk", "Help Scout", "Intercom", "HubSpot", "Front", "Gorgias"]),
            )],
        },
        Topic {
            title: "Quote for Business seats",
            complexity: Complexity::Moderate,
            titles: &[
                "Quote: {seats} Business seats for {company}",
                "Annual Business quote ({seats} seats) needed by {day}",
                "{company} — formal quote for {seats} seats",
            ],
            openers: &[
                "Can you put together a quote for {seats} seats on Business, annual? Finance needs it by {day}",
                "[Hi — |]I need a formal quote for {seats} Business seats, billed annually, for {company}. Can you do that here?",
            ],
            clarify: &[
                "[Absolutely.|Happy to.] Should the quote be addressed to your company's legal name, and do you need it to include SSO or just the base plan?",
                "[Of course.|Sure.] What legal name should the quote go to, and should it list SSO separately?",
            ],
            details: &[
                "Legal name is {company}. SSO is included on Business right?",
                "{company}. and yes pls show SSO on it, our IT will ask",
            ],
            answers: &[
                "Here's the summary: Business plan, {seats} seats at $24 per seat per month billed annually, which comes to {biz_year} per year. SAML SSO, SCIM provisioning and audit logs are all included on Business, so there's no add-on needed. I've generated a formal PDF quote valid for 30 days — it'll arrive by email in a minute and can be signed online, then paid by card or invoice.",
                "Done: {seats} Business seats, annual, $24 per seat per month = {biz_year} a year, addressed to {company}. SSO, SCIM and audit logs are listed as included. The PDF (quote {ticket}) is on its way by email and is valid for 30 days.",
            ],
            follow_ups: &[
                (
                    "[Can we pay by invoice with net 30?|does invoice with net 30 work?|can {company} pay on net-30 terms?]",
                    "Yes, invoicing with net-30 terms is available on annual plans over $10,000, and {biz_year} qualifies. Just choose 'Pay by invoice' when you accept the quote and add your AP contact's email.",
                ),
                (
                    "[Can you add a W-9 to that?|finance will want your W-9 too]",
                    "Sure — I've attached our W-9 and a security summary to the quote email for {company}, so procurement has everything in one place.",
                ),
                (
                    "[Is the price locked if we sign next month?|how long is the price good for?]",
                    "The quote holds the $24 rate for 30 days; sign before then and {biz_year} is fixed for the whole first year.",
                ),
            ],
            confirms: &[
                "Got the PDF, forwarding it to finance now.",
                "[Got it, |]quote {ticket} is in my inbox. Sending it on.",
            ],
            stuck: &[
                "The PDF has the wrong company name on it, and I can't edit it.",
                "Finance says they need the quote in euros, and the PDF is in dollars.",
            ],
            slots: &[
                ("seats", SlotValues::Number { prefix: "", lo: 25, hi: 95, width: 1 }),
                ("biz_year", SlotValues::Derived(business_annual_year)),
            ],
        },
        Topic {
            title: "Mid-term upgrade proration",
            complexity: Complexity::Moderate,
            titles: &[
                "Proration for upgrading {seats} seats to Business",
                "Mid-term Team → Business upgrade, {seats} seats",
                "Upgrade cost with {months} months left on annual",
            ],
            openers: &[
                "If we upgrade from Team to Business today, do we pay the full Business price for this month? We're midway through our annual term, {months} months left, {seats} seats",
                "[Hi! |]We have {months} months left on annual Team with {seats} seats. What would upgrading to Business cost right now?",
            ],
            clarify: &[
                "[Good question.|Let me check.] Are you the billing owner on the workspace? Only billing owners can change the plan.",
                "[Let me work it out.|Happy to explain.] First, are you a billing owner? They're the only ones who can upgrade.",
            ],
            details: &["yes, I'm the billing owner", "yep, billing owner"],
            answers: &[
                "You won't pay twice. When you upgrade, we credit the unused portion of your Team subscription and charge the Business rate only for the {months} months left in the term. The difference shows as a single prorated line on the invoice, and Business features switch on immediately. You can see the exact amount before confirming on the Change plan screen.",
                "The upgrade is prorated: the unused Team months are credited and Business is charged only for the {months} months left, so you pay the $12 per seat per month difference — about {upgrade} for {seats} seats. Business features switch on the moment you confirm.",
            ],
            follow_ups: &[
                (
                    "[Roughly what would that be for us?|so what's the number for us?]",
                    "With {seats} seats and {months} months left, it's $12 per seat per month extra, so roughly {upgrade} for the rest of the term. The checkout screen shows the exact figure to the cent before you confirm.",
                ),
                (
                    "[Does the renewal then go up to the Business price?|what happens at renewal?]",
                    "You'd renew on Business at $24 per seat per month — {biz_year} a year for {seats} seats, unless you change the count before then.",
                ),
                (
                    "[Can we upgrade just some of the seats?|can half the team stay on Team?]",
                    "Plans are per workspace, so all {seats} seats move together. If only some people need Business features, a separate workspace on Business is an option.",
                ),
            ],
            confirms: &[
                "Ok, upgraded. The prorated amount matched what you said.",
                "[Done, |]upgraded — it came to about {upgrade}, like you said.",
            ],
            stuck: &[
                "The Change plan screen shows a full year of Business, not a prorated amount.",
                "It charged us {upgrade} and also the full Business price for this month.",
            ],
            slots: &[
                ("seats", SlotValues::Number { prefix: "", lo: 10, hi: 40, width: 1 }),
                ("months", SlotValues::Number { prefix: "", lo: 3, hi: 9, width: 1 }),
                ("upgrade", SlotValues::Derived(upgrade_prorated)),
                ("biz_year", SlotValues::Derived(business_annual_year)),
            ],
        },
        Topic {
            title: "Contractor permissions: Team vs Business",
            complexity: Complexity::Moderate,
            titles: &[
                "Permissions for {contractors} contractors: Team or Business?",
                "Guest access for {contractors} contractors",
                "Restricting {contractors} contractors to their own projects",
            ],
            openers: &[
                "we're deciding between Team and Business[.|, for {company}.] main thing for us is permissions, we have {contractors} contractors who shouldn't see everything",
                "[Hi, |]we work with {contractors} freelancers. Can we stop them from seeing all our projects on Team?",
            ],
            clarify: &[
                "That's a common reason to look at Business[, {first}|]. Do the contractors need to edit work, or just view and comment?",
                "[Good question.|Let's figure out the right plan.] Do they need to edit, or only comment?",
            ],
            details: &["They need to edit tasks in their own projects only", "edit, but only in their own projects"],
            answers: &[
                "Business is the better fit for {contractors} contractors. Team only has workspace-wide roles, so members can see every public project. Business adds guest accounts restricted to specific projects, custom roles and project-level permissions, so contractors only see what they're invited to. Guests are also free on Business up to 10 per workspace, so contractors usually don't need paid seats.",
                "On Team everyone can see every public project, so Business is what you want: guests restricted to the projects they're invited to, plus project-level permissions. Up to 10 guests are free on Business, so your {contractors} contractors wouldn't need paid seats.",
            ],
            follow_ups: &[
                (
                    "[Can guests see the member directory or other teams' stuff?|would they see our other teams?]",
                    "No — guests only see the projects they're invited to and the people in those projects. The directory, other projects and workspace settings are hidden from all {contractors} of them.",
                ),
                (
                    "[What if we go over 10 contractors?|and past 10 guests?]",
                    "Guests beyond 10 are $8 per month each, still cheaper than a seat. With {contractors} today you'd be within the free allowance.",
                ),
                (
                    "[Can a contractor be removed instantly when their contract ends?|how fast can we cut off a contractor?]",
                    "Removing a guest takes effect immediately and signs them out everywhere; their comments and files stay in the project. It's the same for all {contractors} of them.",
                ),
            ],
            confirms: &[
                "That settles it, we'll go with Business for the {contractors} contractors.",
                "[Ok, |]Business it is, {contractors} free guests is exactly what we need.",
            ],
            stuck: &[
                "We tried a guest account in the trial and it could still see a project it wasn't invited to.",
                "Our contractors use their own company emails and the guest invite keeps bouncing.",
            ],
            slots: &[("contractors", SlotValues::Number { prefix: "", lo: 3, hi: 9, width: 1 })],
        },
        Topic {
            title: "Switching from a competitor mid-contract",
            complexity: Complexity::Moderate,
            titles: &[
                "Switching offer: {seats} seats, current contract ends in {month}",
                "Avoid paying for two tools until {month}",
                "Migration and switching discount for {company}",
            ],
            openers: &[
                "We're currently paying for another tool until {month}, {seats} seats. Do you do anything for teams switching over? Don't want to pay for two tools for 3 months",
                "[Hi — |]{company} is moving {seats} seats off our current tool, but that contract runs until {month}. Any deal for switchers?",
            ],
            clarify: &[
                "We do have an offer for that[, {first}|]. Which plan are you considering, and when exactly does the current contract end?",
                "[Yes, we do.|We have a switching offer.] Which plan would you go for, and when does the old contract end?",
            ],
            details: &["Business, and it ends at the end of {month}", "business. end of {month}"],
            answers: &[
                "Our switching offer covers exactly that: if you sign an annual Business plan for the {seats} seats, we waive the first three months, so you're not paying for two tools while your current contract runs out. You'd just need to share a copy of your current invoice showing the end date. I can set that up as a quote, or connect you with an account executive if you'd also like to discuss migration help.",
                "Sign annual Business and the first three months are free — for {seats} seats that's {three_months} you don't pay while your old contract runs to {month}. Just send a copy of the current invoice with its end date and I'll put it in a quote.",
            ],
            follow_ups: &[
                (
                    "[Do you help with moving our data over?|can you help migrate our data?]",
                    "Yes — there's a self-serve importer for the most common tools, and on Business annual plans our onboarding team runs the migration with you on a call, including mapping custom fields. For {seats} seats that's usually a one-week project.",
                ),
                (
                    "[Can we start using it before {month}?|could we run both in parallel for a bit?]",
                    "Yes, the free months start when you sign, so you can run both side by side until {month} and cut over when you're ready.",
                ),
                (
                    "[What if the migration doesn't work out?|and if we hate it after a month?]",
                    "Annual plans can be cancelled for a full refund within 30 days, and the free months don't count against that — {company} would get every cent back.",
                ),
            ],
            confirms: &[
                "Ok, sent over our invoice. Please go ahead with the quote.",
                "[Great, |]invoice sent — go ahead with the quote for {seats} seats.",
            ],
            stuck: &[
                "Our current contract doesn't end until next year, not {month} — does the offer still work?",
                "The quote you sent only waives one month, not three.",
            ],
            slots: &[
                ("seats", SlotValues::Number { prefix: "", lo: 20, hi: 70, width: 1 }),
                ("three_months", SlotValues::Derived(business_three_months)),
            ],
        },
        Topic {
            title: "Advanced Analytics add-on pricing",
            complexity: Complexity::Moderate,
            titles: &[
                "Advanced Analytics add-on for {seats} seats",
                "Price of Advanced Analytics ({seats} seats)",
                "Cross-project dashboards add-on quote for {company}",
            ],
            openers: &[
                "How much is the Advanced Analytics add-on? We're on Business with {seats} seats and our ops lead [wants|is asking for] dashboards across all projects",
                "[Hi, |]what does Advanced Analytics cost for {seats} seats on Business?",
            ],
            clarify: &[
                "[Sure!|Happy to check.] Would you like a price first, or go straight to a trial?",
                "[Happy to price it.|Let me check.] Price first, or a trial?",
            ],
            details: &["price first, then probably a trial", "a price first"],
            answers: &[
                "Advanced Analytics is $6 per seat per month on annual billing — {analytics_month} a month for {seats} seats — and is available on Business and Enterprise. It's licensed for every seat in the workspace and prorated to your renewal date. You can add it yourself from Settings > Billing > Add-ons, or I can send a quote first if your ops lead needs approval.",
                "It's $6 per seat per month, annual, for every seat in the workspace — {analytics_month} a month for your {seats} seats, prorated to your renewal. Add it from Settings > Billing > Add-ons, or I can send a quote if your ops lead needs sign-off.",
            ],
            follow_ups: &[
                (
                    "[So for us that's {analytics_month} a month? Can we trial it before committing?|can we trial it first?]",
                    "Yes — admins can switch on a 14-day free trial from the add-ons page; after that it's {analytics_month} a month for {seats} seats, and there's no charge unless you keep it.",
                ),
                (
                    "[Can we buy it for just the ops team?|does every seat need it?]",
                    "It's licensed per workspace, so all {seats} seats are counted — but only people with the Analytics role see the dashboards.",
                ),
                (
                    "[Does it export to our BI tool?|can it feed Looker or Power BI?]",
                    "Yes, the add-on includes a daily export of all {seats} seats' project data to Snowflake, BigQuery or S3, which most BI tools read directly.",
                ),
            ],
            confirms: &[
                "Trial's switched on. Our ops lead is already building a dashboard.",
                "[Ok, |]trial is on, {analytics_month} a month is fine if it works out.",
            ],
            stuck: &[
                "The add-ons page says Advanced Analytics isn't available for our workspace.",
                "Our ops lead turned on the trial but the dashboards are empty for every project.",
            ],
            slots: &[
                ("seats", SlotValues::Number { prefix: "", lo: 30, hi: 120, width: 1 }),
                ("analytics_month", SlotValues::Derived(analytics_month)),
            ],
        },
        Topic {
            title: "Enterprise security review",
            complexity: Complexity::Complex,
            titles: &[
                "Enterprise security review for {users} users ({eu_city})",
                "SOC 2, DPA and vendor questionnaire for {company}",
                "EU data residency and security docs for {users} Enterprise users",
            ],
            openers: &[
                "We're interested in Enterprise for ~{users} users but our security team needs a SOC 2 report, a DPA and answers to a 200-question vendor questionnaire before we can sign. What's the process?",
                "[Hello. |]{company} is evaluating Enterprise for {users} users. Security wants your SOC 2, a DPA and a questionnaire filled in. How do we start?",
            ],
            clarify: &[
                "Thanks for the detail[, {first}|] — that's a standard process for us. Is your timeline tied to a specific go-live date, and do you need data residency in the EU?",
                "[That's a well-trodden path.|We do this often.] Is there a go-live date driving it, and do you need EU data residency?",
            ],
            details: &[
                "We'd like to go live in Q3. Yes, EU residency is required, we're headquartered in {eu_city}",
                "go-live next quarter, and yes EU — HQ is in {eu_city}",
            ],
            answers: &[
                "Here's how it works for {company}: 1) Our SOC 2 Type II report and pen test summary are in the Trust Center once you sign a mutual NDA, which takes a few minutes online. 2) The standard DPA includes the EU SCCs and is pre-signed on our side. 3) For the questionnaire, we have a completed SIG Lite and CAIQ that answer most standard questions, and the security team handles anything custom. EU data residency is available on Enterprise, hosted in Frankfurt. Since this involves a custom agreement, I'll introduce you to an account executive who'll coordinate all of it.",
                "Three parts: sign the mutual NDA online and the SOC 2 Type II and pen test summary unlock in the Trust Center; the DPA with EU SCCs is pre-signed on our side; and our SIG Lite and CAIQ cover most questionnaires, with security answering the rest. Enterprise data can live in Frankfurt, close to {eu_city}. {person}, an account executive, will coordinate it for {company}.",
            ],
            follow_ups: &[
                (
                    "[How long does the questionnaire usually take on your side?|how long for the questionnaire?]",
                    "Usually 5–7 business days for a custom questionnaire, faster if most answers map to the SIG Lite. {person} will track it and give your security team a direct contact.",
                ),
                (
                    "[Do you support SSO with Azure AD and SCIM?|Entra ID SSO and SCIM?]",
                    "Yes, SAML SSO with Entra ID, Okta or Google, and SCIM provisioning, for all {users} users.",
                ),
                (
                    "[Can we get a pen test report, not just a summary?|is the full pen test available?]",
                    "The full report is shared under NDA with your security team on request; {person} can arrange a call with our security lead to walk through it.",
                ),
                (
                    "[Where are the backups stored?|are backups in the EU too?]",
                    "With EU residency, all {users} users' data and its backups stay in the EU — Frankfurt, with backups in Dublin.",
                ),
            ],
            confirms: &[
                "Great, NDA is signed and I can see the SOC 2 report in the Trust Center.",
                "[Ok, |]NDA done, SOC 2 downloaded. I'll forward it to security in {eu_city}.",
            ],
            stuck: &[
                "Our legal team can't sign a click-through NDA, they need to send their own paper.",
                "Security needs residency in {eu_city} specifically, not just somewhere in the EU.",
            ],
            slots: &[
                ("users", SlotValues::Number { prefix: "", lo: 250, hi: 900, width: 1 }),
                (
                    "eu_city",
                    SlotValues::Pick(&[
                        "Amsterdam",
                        "Berlin",
                        "Copenhagen",
                        "Dublin",
                        "Lisbon",
                        "Vienna",
                        "Madrid",
                        "Stockholm",
                    ]),
                ),
            ],
        },
        Topic {
            title: "Consolidating three workspaces",
            complexity: Complexity::Complex,
            titles: &[
                "Consolidate three workspaces ({mkt}/{prod}/{sup} seats) onto one bill",
                "One invoice for {company}'s marketing, product and support workspaces",
                "Org account for {company}: three workspaces, one bill",
            ],
            openers: &[
                "We have 3 separate workspaces (marketing {mkt} seats Team, product {prod} Business, support {sup} Team) billed on different cards. Can we consolidate into one bill and what would it cost?",
                "[Hi, |]{company} has three workspaces — {mkt}, {prod} and {sup} seats — each paid separately. Can they go on one invoice?",
            ],
            clarify: &[
                "Yes, we can consolidate those[, {first}|]. Do you want to keep them as three separate workspaces under one billing account, or merge them into a single workspace?",
                "[Definitely.|We can do that.] Should they stay as three workspaces on one bill, or become one workspace?",
            ],
            details: &[
                "Keep them separate but one bill. And ideally everyone on Business so permissions are the same",
                "separate workspaces, one bill, all {all_seats} on Business",
            ],
            answers: &[
                "That's doable with an organization account: the three workspaces stay separate but share one invoice and one admin console. Moving all {all_seats} seats to Business annual at $24 per seat per month would be {all_year} per year, and the credit left on the current subscriptions is applied to the first invoice, so you don't pay twice for overlapping months. Since that's over $20,000, an account manager finalizes it — they can also look at volume pricing at that size.",
                "An organization account does exactly that: three workspaces, one invoice, one admin console. All {all_seats} seats on annual Business at $24 would be {all_year} a year, less the credit left on today's subscriptions. Deals that size are finalized by an account manager, {person}, who can also check volume pricing.",
            ],
            follow_ups: &[
                (
                    "[Would we get a volume discount at that size?|any volume discount at {all_seats} seats?]",
                    "Volume pricing starts at 75 seats on annual plans, so at {all_seats} you'd likely qualify. I can't apply it myself, but {person} can include it in the consolidated quote.",
                ),
                (
                    "[Can one admin manage all three?|will I be able to admin all three workspaces?|who admins what after that?]",
                    "Org admins see all three workspaces — {mkt}, {prod} and {sup} seats — in one console, and each workspace can keep its own admins too.",
                ),
                (
                    "[What happens to the three old cards?|do the old subscriptions just stop?|what about the three current subscriptions?]",
                    "They're cancelled when the org invoice for {company} starts, and the unused time on each is credited — nothing is charged twice.",
                ),
            ],
            confirms: &[
                "Great, that's exactly what we needed — please loop in the account manager.",
                "[Perfect, |]please send {person} my way.",
            ],
            stuck: &[
                "Our finance team wants each department billed to its own cost center, not one invoice.",
                "The product workspace is on a different billing currency, and the org account won't accept it.",
            ],
            slots: &[
                ("mkt", SlotValues::Number { prefix: "", lo: 20, hi: 60, width: 1 }),
                ("prod", SlotValues::Number { prefix: "", lo: 12, hi: 40, width: 1 }),
                ("sup", SlotValues::Number { prefix: "", lo: 8, hi: 30, width: 1 }),
                ("all_seats", SlotValues::Derived(all_workspace_seats)),
                ("all_year", SlotValues::Derived(all_workspace_year)),
            ],
        },
        Topic {
            title: "Renewal with a seat reduction",
            complexity: Complexity::Complex,
            titles: &[
                "Renewal: reduce {seats} seats to {keep}",
                "Seat reduction at renewal on the {dom}",
                "Keep our seat price going from {seats} to {keep} seats",
            ],
            openers: &[
                "Our renewal is coming up on the {dom} and we need to drop from {seats} seats to {keep} because of a reorg. Is that allowed or only at renewal? Also want to know if we keep our current price per seat",
                "[Hi, |]we're down to {keep} people after a reorg but pay for {seats} seats. Renewal is the {dom}. Can we reduce, and keep our rate?",
            ],
            clarify: &[
                "Thanks for the heads-up before the renewal[, {first}|]. Are you on a one-year or multi-year agreement, and is your current rate locked in from an earlier promotion?",
                "[Good timing.|Thanks for asking ahead.] Is it a one-year agreement, and is your rate from a promotion?",
            ],
            details: &[
                "One year. We got $20/seat two years ago, I think it was a launch promo",
                "1 year. we pay $20 a seat for all {seats}, from some promo",
            ],
            answers: &[
                "Seat reductions take effect at renewal, so the {dom} is exactly the right time. Lower the seat count in Settings > Billing > Renewal before that date and the new invoice will reflect {keep} seats. Locked-in promotional rates are kept as long as the subscription renews without a gap, even with fewer seats. One caveat: the workspace needs {keep} or fewer active members at renewal, so deactivate the extra accounts first.",
                "You can reduce at renewal: set {keep} seats under Settings > Billing > Renewal before the {dom}. The $20 rate stays as long as there's no gap in the subscription — that's {keep_year} a year instead of {seats_year}. Deactivate the extra members first; renewal needs {keep} or fewer active accounts.",
            ],
            follow_ups: &[
                (
                    "[What happens to the content owned by the people we deactivate?|do we lose the stuff owned by people who left?]",
                    "Nothing is deleted. Deactivated members' tasks, files and comments stay in place, and you can reassign ownership in bulk from the admin console before the {dom}.",
                ),
                (
                    "[Can we add seats back later at $20?|if we grow again do we get $20 again?]",
                    "Yes, seats added during the term are billed at your $20 rate, so going back above {keep} costs the same per seat, and the rate carries into the next renewal.",
                ),
                (
                    "[Can we reduce right now instead of waiting?|can we drop seats today?]",
                    "Not mid-term — the {seats} seats are committed until the {dom}. After that the invoice is for {keep}.",
                ),
            ],
            confirms: &[
                "Renewal now shows {keep} seats at $20. Thank you.",
                "[Ok, |]the renewal shows {keep} seats, {keep_year}.",
            ],
            stuck: &[
                "The renewal page won't let me go below {seats} seats, the field is locked.",
                "It shows {keep} seats, but at $24 a seat instead of our $20.",
            ],
            slots: &[
                ("seats", SlotValues::Number { prefix: "", lo: 90, hi: 160, width: 1 }),
                ("keep", SlotValues::Number { prefix: "", lo: 45, hi: 85, width: 1 }),
                ("keep_year", SlotValues::Derived(keep_twenty_year)),
                ("seats_year", SlotValues::Derived(seats_twenty_year)),
            ],
        },
    ],
    input_tokens_per_conversation: (8_000, 12_000),
    extra_messages: 1,
    slots: &[
        ("ticket", SlotValues::Number { prefix: "Q-", lo: 10000, hi: 99999, width: 5 }),
        ("team", SlotValues::Pick(&["sales", "account management", "solutions"])),
        ("system", SlotValues::Pick(&["the billing system"])),
        ("company", SlotValues::Pick(B2B_COMPANIES)),
        ("month", SlotValues::Pick(MONTHS)),
    ],
    greetings: &["Hi there!", "Hello!", "Hi!", "Thanks for reaching out.", "Hi, thanks for your interest!"],
    exchanges: &[
        (
            "[Do you offer a money-back guarantee?|what if it doesn't work out for us?|can we get a refund if it's not a fit?|what if {company} changes its mind after buying?]",
            "Annual plans can be cancelled for a full refund within 30 days of purchase. After that, you keep access until the end of the term and it simply doesn't renew. I've noted it on {ticket}, {first}.",
        ),
        (
            "[Can I get all of this in writing to share with my manager?|could you email me a summary for my boss?]",
            "Of course — I'll email you a summary of the plan, pricing and terms we discussed as {ticket}, and you can forward it as-is. Quotes are valid for 30 days.",
        ),
        (
            "[Is there a minimum number of seats?|can we start small?|is there a seat minimum?]",
            "No minimum on Team or Business — you can start with a single seat and add more any time, so {first}, you could start with just your own team; Enterprise agreements start at 100 seats.",
        ),
        (
            "[Which payment methods do you take?|can we pay by bank transfer?|do you take ACH?]",
            "Cards on all plans, plus ACH, SEPA and wire transfer on annual plans. Invoicing with net-30 terms is available for annual plans over $10,000 — I've added the payment options to {ticket}.",
        ),
        (
            "[Are prices going up anytime soon?|should we lock in now before a price change?]",
            "There's no announced price change, and annual plans lock your rate for the full term, so any future change wouldn't affect you until renewal in {month}.",
        ),
        (
            "[Do you charge VAT or sales tax on top of that?|are those prices before tax?|is tax included in that?]",
            "Prices are shown before tax. Sales tax or VAT is added based on your billing address, and VAT-registered businesses in the EU can add their VAT number to apply reverse charge. The quote under {ticket} shows tax as a separate line.",
        ),
        (
            "[Could I talk to someone on a call?|can I get on a call with someone?]",
            "Sure — I've sent you a link to book 30 minutes with {person}, an account executive. The earliest opening is {day} at {time}.",
        ),
        (
            "[What does onboarding look like for a team our size?|how long does setup usually take?]",
            "Business plans include a kickoff call, a workspace setup checklist and weekly live training sessions. Most teams are fully set up within {weeks} weeks.",
        ),
        (
            "[Is there a discount if we commit to two years?|what about a two-year deal?|any better price for multi-year?]",
            "Multi-year agreements are handled by our account executives and usually come with a better rate than annual. I'll flag it on {ticket} so {person} includes a two-year option in your quote.",
        ),
        (
            "[Does the price include support?|is support extra?|what kind of support do we get?]",
            "All paid plans include email and chat support, Business adds 24/7 priority support with a 4-hour response target, and Enterprise adds a named customer success manager. The support tiers are in the summary for {ticket}.",
        ),
        (
            "[Is there a mobile app?|does it work on phones?|can people use it on their phones?]",
            "Yes, iOS and Android apps are included on every plan at no extra cost, with offline access to recent projects. I'll include the download links in the summary for {ticket}.",
        ),
    ],
    handoffs: &[
        "That's fair — this needs someone who can look at your account in detail. I've passed it to {person}, an account executive on our {team} team, under reference {ticket}. They'll reach out {eta} with exact numbers.",
        "I don't want to give you an inaccurate figure, so I've asked {person} on our {team} team to take this over (reference {ticket}). You'll get an email from them {eta}, and they can set up a call if that's easier.",
        "Let me get a person on this. {person} from {team} has the details as {ticket} and will contact you {eta}.",
    ],
    closings: &[
        "Reach out any time if questions come up as you roll it out to the team.",
        "You'll get a confirmation email with everything we discussed shortly.",
        "If anything changes on your side, just message us here.",
        "Good luck with the rollout[, and welcome aboard|]!",
    ],
};

const HR_ONBOARDING: KindProfile = KindProfile {
    base_name: "HR Onboarding Helper",
    descriptions: &[
        "Guides new hires through paperwork, payroll setup, benefits enrollment and first-week tasks.",
        "Answers onboarding questions for new employees and keeps their checklist moving.",
        "Helps new employees with direct deposit, benefits, equipment and required trainings.",
        "First stop for new hires: HR policies, pay dates, time off and who to ask for what.",
        "Walks new starters through their first 30 days, from I-9 to 401(k) enrollment.",
        "Keeps onboarding on track: checklist reminders, benefits deadlines and payroll questions.",
    ],
    topics: &[
        Topic {
            title: "Set up direct deposit",
            complexity: Complexity::Simple,
            titles: &[
                "Direct deposit setup before {day} start — {first}",
                "Where to add bank details for payroll ({first} {last})",
                "Splitting direct deposit between two accounts — {first}",
            ],
            openers: &[
                "Hi! Where do I enter my bank info for direct deposit? I start {day} and want to make sure I get paid lol",
                "[Hey, |]new hire here ({first} {last}). How do I set up direct deposit?",
            ],
            clarify: &[
                "Welcome aboard, {first}! You can set it up yourself in the HR portal. Do you already have your portal login from the welcome email?",
                "[Happy to help!|Sure thing.] Have you been able to log in to the HR portal yet?",
            ],
            details: &["Yep, I can log in", "yes, logged in this morning"],
            answers: &[
                "In the HR portal, go to Pay > Payment elections > Add account, enter your routing and account number, and save — it takes a minute before your {day} start. Please don't share bank details here in chat — the portal is the secure place for them. Accounts added at least five business days before payday are used for that payroll; otherwise your first check arrives on a pay card and direct deposit starts the next cycle.",
                "Go to Pay > Payment elections > Add account in the portal and enter the routing and account numbers there (not in this chat, please). If it's saved five business days before payday — so by {day} for this cycle — your first pay goes straight to your bank.",
            ],
            follow_ups: &[
                (
                    "[Can I split it between two accounts?|can part of it go to savings?]",
                    "Yes, you can add up to three accounts and split by percentage or a fixed amount, {first}. The last account in the list gets whatever is left over.",
                ),
                (
                    "[How long does the verification take?|it says pending verification, is that normal?]",
                    "That's normal: we send two small test deposits to the account, which arrive in 1–2 business days. Confirm the amounts under Payment elections by {day} and it's active.",
                ),
                (
                    "[What if I change banks later?|can I update it later?]",
                    "Any time, {first} — add the new account under Payment elections and remove the old one. Changes made five business days before payday apply to that payday, so keep both open until the first pay lands on the new one.",
                ),
            ],
            confirms: &[
                "Done, it says my account is pending verification until {day}.",
                "[Ok, |]saved — it's pending the test deposits now.",
            ],
            stuck: &[
                "The portal won't accept my routing number, it says it's invalid — it's a credit union.",
                "I don't see 'Payment elections' under Pay at all, just Payslips.",
            ],
            slots: &[],
        },
        Topic {
            title: "When is the first payday?",
            complexity: Complexity::Simple,
            titles: &[
                "First paycheck date for a start on the {start_dom}",
                "When is {first}'s first payday?",
                "Pay schedule question ({first} {last})",
            ],
            openers: &[
                "When's my first paycheck? Started on the {start_dom}",
                "[Hi, |]I'm {first}, started on the {start_dom}. When do I get paid for the first time?",
            ],
            clarify: &[
                "Congrats on the new role[, {first}|]! Are you salaried or hourly? The pay schedules are a little different.",
                "[Good question!|Let me check.] Are you on a salary or paid hourly?",
            ],
            details: &["Salaried", "salary"],
            answers: &[
                "Salaried employees are paid semi-monthly, on the 15th and the last business day of the month. Since you started on the {start_dom}, your first paycheck arrives on the next of those dates and covers the days from your start. Your pay stub appears in the HR portal under Pay > Payslips the day before payday.",
                "Salaried pay runs on the 15th and the last business day of each month. Starting on the {start_dom}, you'll be paid on the first of those after your start, for the days worked so far — the payslip shows up in the portal the day before.",
            ],
            follow_ups: &[
                (
                    "[Will the first one have taxes and benefits taken out already?|are benefits deducted from the first one?]",
                    "Taxes, yes. Benefits deductions start the pay period after your elections are processed, so if you enroll by {day} they usually begin on your second paycheck.",
                ),
                (
                    "[Is it direct deposit or a check?|how does it get paid?]",
                    "Direct deposit, if your bank account was added five business days before payday; otherwise the first pay goes on a pay card mailed to your home address in {office}.",
                ),
                (
                    "[Where do I see my salary breakdown?|can I see the gross and net somewhere?]",
                    "Under Pay > Payslips in the portal — each payslip shows gross pay, taxes and deductions. The first one for you, {first}, appears the day before payday.",
                ),
            ],
            confirms: &[
                "Perfect, thanks, I'll look out for the payslip for the {start_dom} onwards.",
                "[Got it, |]I'll watch for the payslip then.",
            ],
            stuck: &[
                "My offer letter says biweekly pay though, not twice a month.",
                "The portal shows my start date as a week later than the {start_dom}, so I'm worried I'll be paid short.",
            ],
            slots: &[(
                "start_dom",
                SlotValues::Pick(&["2nd", "3rd", "4th", "7th", "8th", "9th", "10th", "16th", "17th", "21st", "22nd"]),
            )],
        },
        Topic {
            title: "Time off in the first months",
            complexity: Complexity::Simple,
            titles: &[
                "PTO in first months: {days} days in {month}",
                "Time off request during probation — {first}",
                "Can {first} take {days} days off in {month}?",
            ],
            openers: &[
                "Am I allowed to take time off in my first few months? I have a wedding to go to in {month} ({days} days)",
                "[Hi! |]I just started and already have a trip planned in {month}, {days} days. Is that ok?",
            ],
            clarify: &[
                "[Congrats on the event!|Sounds fun!] Which dates are you thinking of taking off?",
                "[Of course, let's check.|No problem.] Which days exactly?",
            ],
            details: &[
                "{day} to the following Tuesday, in {month}",
                "the {dom} of {month}, plus the next couple of days",
            ],
            answers: &[
                "Yes — there's no waiting period for PTO. You accrue 1.67 days per month from your first day, and you can go up to 3 days negative in your first year, so {days} days in {month} is fine. Request it in the HR portal under Time off > Request, and mention it to your manager early so they can plan around it.",
                "That works. PTO accrues from day one (1.67 days a month) and new hires can go up to 3 days negative, so {days} days is covered. Put the request in under Time off > Request and give {manager} a heads-up.",
            ],
            follow_ups: &[
                (
                    "[Does my manager have to approve it or is it automatic?|does {manager} need to approve it?]",
                    "{manager} approves it in the portal, usually within a couple of days. You'll get an email once it's approved, and it shows on the team calendar.",
                ),
                (
                    "[What if I go over my balance?|what happens if I run out of days?]",
                    "Up to 3 days negative is fine in your first year; beyond that it would be unpaid leave, which {manager} and HR approve together.",
                ),
                (
                    "[Are public holidays separate?|do holidays count as PTO?]",
                    "Separate — the company holidays for the {office} office are on top of PTO and listed under Time off > Holidays.",
                ),
            ],
            confirms: &[
                "Submitted! My manager already approved it actually.",
                "[Done, |]request is in and {manager} approved it.",
            ],
            stuck: &[
                "The request form says I have 0 days available and won't let me submit.",
                "It's asking me to pick a leave type and none of them look like regular vacation.",
            ],
            slots: &[("days", SlotValues::Pick(&["2", "3", "4", "5"]))],
        },
        Topic {
            title: "Picking up an ID badge",
            complexity: Complexity::Simple,
            titles: &[
                "Badge pickup at the {office} office",
                "New hire ID badge — {first} {last}",
                "Where to get a badge in {office} — {first}",
            ],
            openers: &[
                "where do i get my badge? i'm in the {office} office",
                "[Hi, |]first day in {office} today. Who gives out ID badges?",
            ],
            clarify: &[
                "Welcome, {first}! Are you picking it up today, or planning ahead for your first day?",
                "[Welcome!|Hi {first}!] Are you in the office right now, or is this for later?",
            ],
            details: &["Today, I'm in the lobby now", "today, just got here"],
            answers: &[
                "Badges for new hires in {office} are issued at the front desk on floor {floor}. Bring a photo ID; they'll take your picture and print the badge on the spot, which takes about 10 minutes. Until then, reception can give you a temporary pass so you can get to your team's floor.",
                "Head to the front desk on floor {floor} with a photo ID — they take the picture and print your badge right there, about 10 minutes. If there's a queue, ask reception in the {office} lobby for a temporary pass.",
            ],
            follow_ups: &[
                (
                    "[Does the badge open the parking garage too?|will it work for parking?]",
                    "It does once you register your vehicle — fill out the parking form in the HR portal under Workplace > Parking, and garage access is added to your badge within one business day in {office}.",
                ),
                (
                    "[What if I lose it?|and if I lose the badge?]",
                    "Report it under Workplace > Badge in the portal so it's deactivated right away; a replacement is printed at the floor {floor} desk the same day.",
                ),
                (
                    "[Can I use it at other offices?|does it work in other offices?]",
                    "Yes, badges work at every office; visiting another one the first time just needs a quick registration at their reception, not just {office}.",
                ),
            ],
            confirms: &["Got my badge, all set.", "[Ok, |]badge done, the floor {floor} desk was quick."],
            stuck: &[
                "The front desk says they don't have me in their system as a new hire.",
                "There's nobody at the desk on floor {floor} and the sign says closed today.",
            ],
            slots: &[("floor", SlotValues::Number { prefix: "", lo: 2, hi: 9, width: 1 })],
        },
        Topic {
            title: "Choosing a health plan",
            complexity: Complexity::Moderate,
            titles: &[
                "PPO vs HDHP for {first} ({coverage})",
                "Benefits enrollment: choosing a health plan — {first}",
                "Health plan decision before the 30-day deadline ({coverage})",
            ],
            openers: &[
                "I got an email that I have 30 days to enroll in benefits[ for {coverage}|]. Can I pick a plan now and change it later? Not sure between the PPO and HDHP",
                "[Hi! |]Trying to decide between the PPO and the HDHP for {coverage} within my 30 days. Can I switch later if I pick wrong?",
            ],
            clarify: &[
                "Good question to ask before you submit[, {first}|]. Do you expect many doctor visits or prescriptions this year? That usually decides between the two.",
                "[Happy to help you compare.|Let's compare.] Do you see doctors often, or mostly just checkups?",
            ],
            details: &["Not many, mostly checkups", "some — one of us has regular prescriptions"],
            answers: &[
                "Elections are locked for the plan year once submitted, unless you have a qualifying life event like a marriage or a new child — so for {coverage} it's worth deciding before you submit. Roughly: the PPO has higher premiums but lower deductibles and copays, while the HDHP has lower premiums, a higher deductible and an HSA with a company contribution of $750 for individual or $1,500 for family coverage. There's a cost calculator in the HR portal under Benefits > Compare plans. Your 30-day window counts from your start date.",
                "Once submitted, elections hold for the plan year unless there's a qualifying life event. For {coverage}: the PPO costs more per paycheck but less at the doctor; the HDHP costs less per paycheck, has a higher deductible, and comes with an HSA the company funds. Benefits > Compare plans has a calculator.",
            ],
            follow_ups: &[
                (
                    "[If we pick the HDHP, can I use the HSA money right away?|is the HSA money available straight away?]",
                    "Yes — the company contribution is deposited in two halves, the first with your first benefits paycheck, and you can spend what's in the account as soon as it's there. For {coverage} the first half arrives by the end of the month.",
                ),
                (
                    "[Is my doctor in network?|how do I check if my doctor's covered?]",
                    "Use 'Find a provider' under Benefits > Compare plans — both plans use the same network, so if your doctor near {office} is in one, they're in both.",
                ),
                (
                    "[What's the deadline exactly?|when do I have to decide by?]",
                    "30 days from your start date, so by {day} of your fifth week. If you miss it you'd get no medical coverage until open enrollment.",
                ),
            ],
            confirms: &[
                "Ok, used the calculator, went with the HDHP and submitted our elections.",
                "[Done, |]picked the PPO for {coverage} and submitted.",
            ],
            stuck: &[
                "The calculator says both plans come out the same for us, so I still don't know which to pick.",
                "The enrollment page only shows employee-only coverage, I can't add my family.",
            ],
            slots: &[(
                "coverage",
                SlotValues::Pick(&[
                    "me and my husband",
                    "me and my wife",
                    "just me",
                    "me and two kids",
                    "my partner and me",
                    "the whole family, 4 of us",
                ]),
            )],
        },
        Topic {
            title: "Remote I-9 verification",
            complexity: Complexity::Moderate,
            titles: &[
                "Remote I-9 section 2 overdue — {first} {last}",
                "I-9 verification for a remote hire ({first})",
                "I-9 overdue on day {late_day}, fully remote",
            ],
            openers: &[
                "My onboarding checklist says I-9 section 2 is overdue (day {late_day}) but I'm fully remote, how am I supposed to show my documents??",
                "[Hi. |]I'm remote and it says my I-9 is overdue (day {late_day}). What do I do?",
            ],
            clarify: &[
                "Don't worry[, {first}|], there's a remote process for exactly this. Which document are you planning to use — a passport, or a combination like a driver's license and birth certificate?",
                "[No problem, it happens.|That's fixable today.] Which documents do you have — a passport, or a license plus something else?",
            ],
            details: &["I have my passport", "driver's license and my birth certificate"],
            answers: &[
                "Remote employees complete Section 2 with our verification partner over video — the next slot is {day} at {time}: 1) Open the I-9 task in your checklist and click 'Schedule remote verification'. 2) Pick a 10-minute slot — there are slots every day, including early mornings. 3) Have your original document with you on the call; photocopies can't be accepted. The overdue flag clears automatically once the verifier submits Section 2. Please don't send photos of your documents through chat or email.",
                "Open the I-9 task, choose 'Schedule remote verification' and pick a 10-minute video slot — there's one at {time} on {day}. Have the originals with you (no copies). Once the verifier submits Section 2 the overdue flag disappears. Please don't send document photos here.",
            ],
            follow_ups: &[
                (
                    "[Is being overdue going to be a problem? I'm on day {late_day}|am I in trouble for being late?]",
                    "The legal deadline is the end of your third business day, so it's flagged, but HR sees these daily and it's resolved as soon as you complete the call. Book the earliest slot you can — {day} at {time} is open.",
                ),
                (
                    "[What if my passport is expired?|my passport expired last year, does it still count?]",
                    "An expired passport isn't accepted. A driver's license plus a birth certificate or Social Security card works instead — {first}, bring those to the call.",
                ),
                (
                    "[Can I do the call from my phone?|does it work on mobile?]",
                    "Yes, the link works on a phone with a camera; you'll hold the document up when the verifier asks. It takes about 10 minutes on {day}.",
                ),
            ],
            confirms: &[
                "Just finished the video call on {day} and the task shows complete now.",
                "[Done, |]the verifier submitted it and the red flag is gone.",
            ],
            stuck: &[
                "There are no remote verification slots showing at all for the next two weeks.",
                "The verifier said my document was blurry on camera and ended the call.",
            ],
            slots: &[("late_day", SlotValues::Pick(&["4", "5", "6", "7"]))],
        },
        Topic {
            title: "Laptop hasn't shipped",
            complexity: Complexity::Moderate,
            titles: &[
                "Laptop not shipped before {day} start — {first}",
                "New hire laptop missing ({city})",
                "No equipment shipping notice for {first} {last}",
            ],
            openers: &[
                "I start on {day} and my laptop hasn't shipped yet? I got the welcome email but nothing about equipment",
                "[Hi, |]starting {day}, no laptop yet and no tracking. Should I be worried?",
            ],
            clarify: &[
                "Let's make sure you're set for {day}. Could you confirm the shipping address you gave during onboarding, and whether you asked for a Mac or Windows laptop?",
                "[Let me look into it.|I'll check.] What address did you give, and did you ask for a Mac or a Windows machine?",
            ],
            details: &["{os_pick}. Address is my home in {city}, {zip}", "{os_pick}, shipping to {city} {zip}"],
            answers: &[
                "Your equipment request was approved but never reached the shipping queue. I've flagged it to IT as urgent, and it'll go out overnight today so it arrives before {day}. Your manager has been told as well, and if anything delays it, you can still join first-day orientation from any device using the link in your welcome email.",
                "Found it: the request for your {os_pick} laptop was approved but stuck before shipping. It's now marked urgent and goes out overnight to {city}, so it should arrive before {day}. {manager} knows, and orientation works from any device if it's late.",
            ],
            follow_ups: &[
                (
                    "[How do I log in the first time once it arrives?|what do I do when it arrives?]",
                    "You'll get an email on your personal address with a temporary password. Power on the {os_pick} laptop, connect to Wi-Fi, and sign in with your work email — the setup assistant installs everything else in about 20 minutes.",
                ),
                (
                    "[Do I get a monitor too?|is there a monitor and keyboard?]",
                    "Remote hires can order a monitor, keyboard and headset from the equipment catalog in the portal; they ship separately to {city} within a week.",
                ),
                (
                    "[Will someone need to sign for it?|do I have to be home?]",
                    "Yes, laptops ship signature-required, so someone in {city} needs to be there when it arrives — tracking will show a time window.",
                ),
            ],
            confirms: &[
                "Tracking just came through, it says delivery Saturday.",
                "[Ok, |]got the tracking, it lands in {city} before {day}.",
            ],
            stuck: &[
                "Tracking says it's going to {city} but I moved — the address on file is my old one.",
                "The tracking link says the label was cancelled, not shipped.",
            ],
            slots: &[("os_pick", SlotValues::Pick(&["Mac", "Windows"]))],
        },
        Topic {
            title: "Enrolling in the 401(k)",
            complexity: Complexity::Moderate,
            titles: &[
                "401(k) enrollment and match — {first}",
                "Rolling over an old 401(k) — {first}",
                "401(k) contribution and Roth question ({first} {last})",
            ],
            openers: &[
                "How do I sign up for the 401k and what's the match[?| here?]",
                "[Hi! |]I want to enroll in the 401(k) and roll over about {rollover} from my last job. Where do I start?",
            ],
            clarify: &[
                "Great thing to sort out in your first week[, {first}|]! Would you like the match explained first, or do you already know what you want to contribute?",
                "[Good call doing it early.|Happy to help.] Shall I explain the match first?",
            ],
            details: &[
                "Match first please. Also I have about {rollover} in my last job's 401(k)",
                "yes explain the match. I also have {rollover} from my previous employer",
            ],
            answers: &[
                "You're automatically enrolled at 4% after 30 days unless you change it, but you can enroll sooner, {first}: go to Benefits > Retirement in the HR portal and choose your contribution rate and investments. The company matches 100% of the first 4% you contribute, and the match vests immediately. Rollovers from a previous plan are handled by the plan provider through the 'Roll money in' option once your account is set up.",
                "Enroll under Benefits > Retirement — pick a rate and investments (otherwise you're auto-enrolled at 4% after 30 days). The match is 100% of the first 4%, vested right away. For the {rollover}, use 'Roll money in' with the plan provider once your account exists.",
            ],
            follow_ups: &[
                (
                    "[Can I do Roth instead of pre-tax?|is there a Roth option?]",
                    "Yes, you can choose pre-tax, Roth, or a split between the two. The company match always goes into the pre-tax portion, whatever you pick, {first}.",
                ),
                (
                    "[How long does the rollover take?|when will the {rollover} show up?]",
                    "Usually two to three weeks: your old provider sends a check or a direct transfer, and the {rollover} appears in your account once it's received.",
                ),
                (
                    "[Can I change my percentage later?|what if I want to put in more later?]",
                    "Any time under Benefits > Retirement; changes apply from the next payroll, so a change by {day} counts for this cycle.",
                ),
            ],
            confirms: &[
                "Set it to 6%, and I started the rollover form.",
                "[Done, |]enrolled at 5% and the rollover for the {rollover} is started.",
            ],
            stuck: &[
                "Benefits > Retirement says I'm not eligible yet, even though you said I can enroll now.",
                "The rollover form asks for a plan number from my old employer that I don't have.",
            ],
            slots: &[("rollover", SlotValues::Money { symbol: "$", lo: 600000, hi: 6000000, step: 50000 })],
        },
        Topic {
            title: "First-week required trainings",
            complexity: Complexity::Moderate,
            titles: &[
                "Which first-week trainings are required? ({first})",
                "Five trainings on the checklist — what's due first for {first}",
                "Training deadlines in week one ({office})",
            ],
            openers: &[
                "How many trainings do I have to do in my first week? My checklist shows 5 and they seem [long|like a lot]",
                "[Hi, |]my onboarding list has 5 trainings. Do I really need all of them this week?",
            ],
            clarify: &[
                "They can look like a lot[, {first}|]! Which ones are showing on your checklist?",
                "[Let me check which are urgent.|Not all of them are due now.] Which five do you see?",
            ],
            details: &[
                "Security awareness, code of conduct, anti-harassment, data privacy and something called 'expense policy basics'",
                "security, code of conduct, harassment prevention, privacy, expenses",
            ],
            answers: &[
                "Only three have a first-week deadline, {first}: security awareness, code of conduct and data privacy, at about 25 minutes each. Anti-harassment training is due within 30 days, and expense policy basics only applies once you need to submit expenses. You can pause any module and resume later — progress is saved.",
                "Three are due this week — security awareness, code of conduct and data privacy, about 25 minutes each. Anti-harassment is due within 30 days (by {day} in your fifth week), and expense basics only when you first file an expense.",
            ],
            follow_ups: &[
                (
                    "[Do I need to do them in a certain order?|which one should I start with?]",
                    "There's no particular order, but security awareness is a good one to start with — it has to be finished before some systems give you full access, {first}.",
                ),
                (
                    "[Can I do them on my phone?|do they work on mobile?]",
                    "Yes, the learning app has all three; progress syncs, so you can start on the phone and finish on the laptop before {day}.",
                ),
                (
                    "[Does my manager see when I finish?|will {manager} know when I'm done?]",
                    "{manager} sees completion on the team dashboard, not quiz scores.",
                ),
            ],
            confirms: &[
                "Done with the security one, the other two are on my calendar for tomorrow.",
                "[Ok, |]security's done, privacy and conduct are booked for {day}.",
            ],
            stuck: &[
                "The security awareness course won't load, it just shows a spinner.",
                "I finished code of conduct but the checklist still shows it as not started.",
            ],
            slots: &[],
        },
        Topic {
            title: "Relocation reimbursement",
            complexity: Complexity::Complex,
            titles: &[
                "Relocation {from_city} → {office}: what's covered",
                "Relocation assistance up to $10k — {first} {last}",
                "Mover deposit and direct billing for a move to {office}",
            ],
            openers: &[
                "I'm relocating from {from_city} to {office} for this role, start date is the {dom}. My offer letter mentions relocation assistance up to $10k but I don't know what's covered or how to claim it. Movers want a deposit this week",
                "[Hi — |]moving from {from_city} to {office} for the job. What does the $10k relocation cover? The movers want {deposit} upfront",
            ],
            clarify: &[
                "Congratulations on the move to {office}! To check how your package works: is your relocation assistance a lump sum or a reimbursement of expenses? It's listed in your offer letter under 'Relocation'.",
                "[Congrats on the move!|Exciting!] Does your offer letter call it a lump sum, or reimbursement of expenses?",
            ],
            details: &[
                "It says 'reimbursement of eligible moving expenses up to $10,000'",
                "reimbursement, up to $10,000",
            ],
            answers: &[
                "For your move to {office}: with reimbursement, you either pay eligible expenses and submit receipts, or our relocation partner bills us directly so you don't pay upfront. Eligible: movers and packing, up to 30 days of temporary housing, one trip for your household, and car shipping. Not eligible: extra house-hunting trips, furniture purchases or lease break fees. Since the mover wants a deposit this week, direct billing is the quickest route, and I've asked your relocation coordinator to reach out today. Note that relocation payments are taxable income, partly grossed up by the company.",
                "Reimbursement means eligible costs up to $10,000 are covered — movers, 30 days of temporary housing in {office}, one household trip and car shipping, but not furniture or lease-break fees. Skip paying the {deposit} yourself: our relocation partner can bill us directly, and {coworker}, your relocation coordinator, will contact you today.",
            ],
            follow_ups: &[
                (
                    "[Who do I talk to at the relocation partner? I'd rather not front {deposit}|can the partner pay the {deposit} deposit?]",
                    "{coworker} will email you an introduction to the partner, including a direct-billing form for your mover. Send the mover's quote to them and they'll pay the {deposit} deposit directly, usually within one or two business days.",
                ),
                (
                    "[Is temporary housing near the {office} office?|where would temporary housing be?]",
                    "The partner books furnished apartments within 30 minutes of the {office} office, for up to 30 days from your start on the {dom}.",
                ),
                (
                    "[Do I have to pay it back if I leave?|is there a clawback?]",
                    "Yes — the relocation agreement has a 12-month clawback, prorated by month. {coworker} will send it for signature before any payment.",
                ),
            ],
            confirms: &[
                "The coordinator emailed me and the mover confirmed they'll bill the partner directly.",
                "[Great, |]{coworker} reached out and the {deposit} deposit is being billed directly.",
            ],
            stuck: &[
                "The mover says they won't work with the relocation partner, they only take a card deposit.",
                "My offer letter actually says lump sum, not reimbursement — I misread it.",
            ],
            slots: &[
                (
                    "from_city",
                    SlotValues::Pick(&[
                        "Seattle",
                        "Phoenix",
                        "Miami",
                        "Minneapolis",
                        "Detroit",
                        "Salt Lake City",
                        "St. Louis",
                        "Charlotte",
                    ]),
                ),
                ("deposit", SlotValues::Money { symbol: "$", lo: 150000, hi: 450000, step: 25000 }),
            ],
        },
        Topic {
            title: "Visa transfer before start date",
            complexity: Complexity::Complex,
            titles: &[
                "H-1B transfer receipt pending, start in {wait} days — {first}",
                "Visa transfer timing before a {day} start",
                "Can {first} start before the H-1B receipt notice?",
            ],
            openers: &[
                "My H-1B transfer petition was filed last week but I haven't received the receipt notice yet. My start date is in {wait} days. Can I still start on time? My last day at my current job is {day}",
                "[Hi. |]Worried about my H-1B transfer — no receipt notice yet and I start in {wait} days. What happens if it doesn't come?",
            ],
            clarify: &[
                "Thanks for flagging this early[, {first}|] — it's time-sensitive. Do you know whether the petition was filed with premium processing?",
                "[Good that you asked now.|Let's get the right people on this.] Was it filed with premium processing, do you know?",
            ],
            details: &["I think so? The immigration lawyer mentioned premium", "yes, premium I'm pretty sure"],
            answers: &[
                "I can't give immigration advice, {first}, but I can explain the general process and get the right people on it. With H-1B portability, people can usually start once the transfer petition has been filed, and the receipt notice is what confirms that; with premium processing it normally arrives within a few days of filing. Because this affects your start date, I've flagged your case to our immigration team and outside counsel, who'll confirm whether your start date stands. Please wait for their confirmation before changing any plans.",
                "I can't advise on immigration myself, but generally, with H-1B portability people can start once the transfer is filed, and the receipt notice proves it — with premium it usually comes within days. I've sent your case to the immigration team and outside counsel as {ticket}; please don't change plans until they confirm your start in {wait} days.",
            ],
            follow_ups: &[
                (
                    "[How fast will they get back to me? I'm kind of stressed about it|when will I hear back?]",
                    "Cases close to a start date are prioritized, so you should hear from them {eta}. Your recruiter and {manager} also know the date might move, so you don't have to sort it out alone.",
                ),
                (
                    "[Should I tell my current employer to push my last day?|should I move my last day?]",
                    "Please hold off on changing anything until the immigration team replies on {ticket}; they'll tell you if your last day on {day} needs to move.",
                ),
                (
                    "[What if the start date has to move?|and if I can't start on time?]",
                    "Then HR moves it with you — {manager} has already been told it might shift, and your offer stays the same.",
                ),
            ],
            confirms: &[
                "The immigration team confirmed the receipt came in and I'm good to start on the original date.",
                "[Ok, |]counsel confirmed — I start in {wait} days as planned.",
            ],
            stuck: &[
                "The lawyer now says it was filed without premium processing, so the receipt could take weeks.",
                "I got the receipt notice but the name on it is misspelled.",
            ],
            slots: &[("wait", SlotValues::Pick(&["8", "9", "10", "12", "14"]))],
        },
        Topic {
            title: "Missed first paycheck",
            complexity: Complexity::Complex,
            titles: &[
                "Missed first paycheck — {employee_id}",
                "Payslip shows $0, 'no active pay assignment' ({first} {last})",
                "Not paid on the 15th: {employee_id}",
            ],
            openers: &[
                "I didn't get paid on the 15th[.|!] My payslip in the portal shows $0 and it says 'no active pay assignment'. I started 2 weeks ago and filled everything out, ID {employee_id}. Rent is due",
                "[Hi, |]I'm {first} {last}, {employee_id}. My first paycheck didn't come on the 15th and the payslip says $0. What happened?",
            ],
            clarify: &[
                "I'm really sorry[, {first}|] — a missing paycheck is stressful, and we'll get this fixed. Could you confirm whether you completed both the tax withholding form and the direct deposit setup?",
                "[That's not ok, and we'll fix it.|I'm sorry — let's sort this out now.] Can you confirm that the tax form and direct deposit are both done?",
            ],
            details: &["Yes both done on my first day", "yes, both done on day one"],
            answers: &[
                "'No active pay assignment' means the hire record for {employee_id} wasn't fully activated in payroll, so you were skipped in the run — that's on our side, not something you did wrong. Payroll can issue an off-cycle payment for the full amount, usually paid within two business days by direct deposit, and I've raised it as urgent with payroll and your HR Business Partner. If rent timing is a problem, ask about the emergency pay advance, which can be released the same day.",
                "Thanks. {employee_id} was never activated in payroll, so the run skipped you — our mistake, not yours. I've raised an urgent off-cycle payment with payroll as {ticket}; it usually lands within two business days. If rent can't wait, the emergency advance can be released today.",
            ],
            follow_ups: &[
                (
                    "[Will this happen again next payday?|is it fixed for next time?]",
                    "Once payroll activates {employee_id} it stays active, so next payday is fine. They'll also confirm it's fixed before the next run, and you'll see a normal payslip on the last business day of the month.",
                ),
                (
                    "[How do I ask for the emergency advance?|can I get the advance today?]",
                    "Reply 'advance' here and I'll add it to {ticket}; payroll releases it the same day once {manager} confirms, usually within hours.",
                ),
                (
                    "[Will I get a late fee covered if rent bounces?|what if my landlord charges a late fee?]",
                    "Send the late fee notice to payroll on {ticket} — the company reimburses fees caused by a payroll error.",
                ),
            ],
            confirms: &[
                "Payroll just confirmed the off-cycle payment on {ticket}, it's showing in my bank as pending.",
                "[Ok, |]the off-cycle payment is pending in my account now.",
            ],
            stuck: &[
                "Payroll says they can't do an off-cycle run until my manager approves my timesheet, and I'm salaried.",
                "The off-cycle payment came through but it's only half of what I should have got.",
            ],
            slots: &[],
        },
    ],
    input_tokens_per_conversation: (6_000, 10_000),
    extra_messages: 0,
    slots: &[
        ("ticket", SlotValues::Number { prefix: "HR-", lo: 10000, hi: 99999, width: 5 }),
        ("team", SlotValues::Pick(&["People Operations", "payroll", "benefits"])),
        ("system", SlotValues::Pick(&["the HR portal"])),
        ("employee_id", SlotValues::Number { prefix: "E-", lo: 20000, hi: 29999, width: 5 }),
        ("office", SlotValues::Pick(OFFICES)),
        ("city", SlotValues::Paired { draw: "place", pool: US_CITIES, second: false }),
        ("zip", SlotValues::Paired { draw: "place", pool: US_CITIES, second: true }),
        ("month", SlotValues::Pick(MONTHS)),
    ],
    greetings: &["Hi {first}!", "Welcome, {first}!", "Hi there!", "Hi {first}, welcome to the team!", "Hello!"],
    exchanges: &[
        (
            "[Is there a checklist somewhere so I can see what else I still need to do?|where's my onboarding checklist?]",
            "Your onboarding checklist is on the home page of the HR portal, {first}. Items are grouped by week, and anything overdue is marked in red so you can see what's urgent.",
        ),
        (
            "[Who's my HR contact if I have questions later?|who do I ask in HR later on?]",
            "Each team has an HR Business Partner; yours is {coworker}, listed on your profile under 'My contacts'. You can also keep asking me anything, any time.",
        ),
        (
            "[When do I get my first one-on-one with my manager?|when's my first 1:1 with {manager}?]",
            "Managers are asked to schedule one in your first week. If nothing from {manager} is on your calendar by {day}, it's completely fine to send an invite yourself.",
        ),
        (
            "[Where can I find the employee handbook?|is there a handbook?]",
            "It's in the HR portal under Policies > Employee handbook. The search box at the top is the fastest way to find a specific policy — the {office} office addendum is linked there too.",
        ),
        (
            "[Do we have a buddy program or something like that?|do new people get a buddy?]",
            "We do — every new hire gets an onboarding buddy from another team. Yours is {coworker}, and they'll usually reach out in your first week for a coffee chat.",
        ),
        (
            "[What's the dress code in the office?|what do people wear at the {office} office?]",
            "Business casual is the norm, and most teams in {office} are fairly relaxed day to day. Client-facing days are the exception, and {manager} will let you know when one comes up.",
        ),
        (
            "[How do I update my emergency contact?|where do I add an emergency contact?]",
            "In the HR portal, go to Personal > Emergency contacts. You can add up to two, and changes take effect immediately for {employee_id}.",
        ),
        (
            "[Is there a new hire orientation I'm supposed to attend?|is there an orientation session?]",
            "Yes — orientation runs every other {day} at 10am, virtually. The invite goes to your work email, and if you missed yours you can join the next session.",
        ),
        (
            "[Can I work from home some days?|what's the hybrid policy?]",
            "The hybrid policy is three office days a week for people assigned to an office like {office}, with the specific days agreed with your team. Fully remote roles are noted in the offer letter.",
        ),
        (
            "[Where do I find my payslips later on?|where will my payslips be?]",
            "All payslips and tax documents are in the HR portal under Pay > Payslips, and you'll get an email each time a new one is available for {employee_id}.",
        ),
        (
            "[Is there a parental leave policy?|how much parental leave do we get?]",
            "16 weeks fully paid for any new parent after 90 days of employment; the details are under Policies > Leave, and {coworker} can walk you through it.",
        ),
    ],
    handoffs: &[
        "I'm sorry that didn't do it. I've opened case {ticket} with {person} on our {team} team — they can make changes I can't, and they'll reach out {eta}.",
        "This needs a manual fix from a person, so I've passed it to {person} on our {team} team as case {ticket}. You'll hear from them {eta}; there's nothing else you need to do in the meantime.",
        "Let me get someone with access to your record. {person} from {team} has case {ticket} and will contact you {eta}, {first}.",
    ],
    closings: &[
        "One more item off your checklist — enjoy your first weeks[, {first}|]!",
        "Let me know if anything else comes up during onboarding.",
        "You can message me here any time during onboarding[, {first}|].",
        "Good luck this week[, {first}|], and welcome again!",
        "Have a great first week, {first} — the checklist will keep you on track.",
        "All done here — {manager} will see it on your onboarding checklist too.",
    ],
};

const IT_SUPPORT: KindProfile = KindProfile {
    base_name: "IT Support Agent",
    descriptions: &[
        "Resolves common IT requests: password resets, MFA, VPN access and software installs.",
        "First-line service desk agent for employee laptops, accounts and access requests.",
        "Troubleshoots device, network and account issues and opens service desk tickets when needed.",
        "Automates tier-1 IT support, from account unlocks to software license requests.",
        "Service desk assistant for Mac and Windows users: access, devices, email and printing.",
        "Handles IT tickets in Slack and Teams and escalates hardware and security issues to Tier 2.",
    ],
    topics: &[
        Topic {
            title: "Reset MFA device",
            complexity: Complexity::Simple,
            titles: &[
                "MFA reset after switching to a {phone}",
                "Lost MFA codes on new phone — {first} {last}",
                "Re-register authenticator on {phone}",
            ],
            openers: &[
                "got a new phone ({phone}) and now I can't get my MFA codes. old phone is traded in already",
                "[Hi, |]I switched to a {phone} and my authenticator didn't come with me. Can't sign in to anything",
            ],
            clarify: &[
                "No problem[, {first}|], this happens a lot after a phone upgrade. Which authenticator were you using — the push app or a code app?",
                "[Happens all the time.|Easy fix.] Were you using push notifications or six-digit codes?",
            ],
            details: &["the push one, with the green icon", "push notifications"],
            answers: &[
                "Here's how to get set up on the {phone}: 1) I've sent a verification request to {manager}; once they approve, your old MFA device is removed. 2) Go to the account security page from any browser and sign in with your password. 3) You'll be prompted to register a new device — scan the QR code with the authenticator app on your new phone. It takes about 5 minutes once the approval comes through.",
                "I've asked {manager} to approve removing your old device. Once they do, sign in at the account security page, choose 'Register new device' and scan the QR code with the authenticator on your {phone}. About 5 minutes in all.",
            ],
            follow_ups: &[
                (
                    "[My manager is on vacation this week, does someone else approve?|{manager} is out this week, now what?]",
                    "If {manager} doesn't respond within an hour, the request goes to their delegate automatically. You can also verify through a quick video call with the service desk instead — they check your badge photo.",
                ),
                (
                    "[Can I use my laptop as a backup in case this happens again?|can I add a backup method?]",
                    "Yes — after registering the {phone}, add a hardware key or the desktop authenticator as a second method under Security info, so losing one device never locks you out.",
                ),
                (
                    "[Do I need to do this for every app?|will this fix Slack and email too?]",
                    "It's one sign-in for everything behind SSO: once the {phone} is registered, all apps use it, email and chat included.",
                ),
            ],
            confirms: &[
                "Approved and registered, I'm getting push notifications on the new phone.",
                "[Ok, |]{manager} approved it and the {phone} is registered.",
            ],
            stuck: &[
                "The QR code page says my account has no devices to replace, so there's nothing to approve.",
                "{manager} approved it but the security page still asks for a code from the old phone.",
            ],
            slots: &[(
                "phone",
                SlotValues::Pick(&["iPhone 15", "iPhone 14", "Pixel 8", "Galaxy S24", "Pixel 7a", "iPhone 13"]),
            )],
        },
        Topic {
            title: "Expired password while remote",
            complexity: Complexity::Simple,
            titles: &[
                "Expired password, locked out of {laptop} at home",
                "Password expired while working remotely — {first}",
                "Can't log in after password expiry — {first}",
            ],
            openers: &[
                "My password expired and it won't let me log into my {laptop}. I'm working from home",
                "[Hi, |]password expired overnight and my {laptop} won't take the new one. I'm remote today",
            ],
            clarify: &[
                "Let's get you back in[, {first}|]. Can you get past the login screen at all, or does it reject the password there?",
                "[Let's fix it.|Ok, let's get you in.] Does it fail at the login screen?",
            ],
            details: &["it rejects it at the login screen", "can't get past the login screen"],
            answers: &[
                "Because you're off the office network, the laptop can't check a new password yet. Try this: 1) On another device, go to the password reset page and set a new password. 2) On the laptop, sign in with your old password — it still works locally. 3) Connect to the VPN, press Ctrl+Alt+Del, choose 'Lock', and unlock with the new password. That syncs the new password to {device}.",
                "Off the office network, {device} only knows your old password. So: reset it from your phone, sign in to the laptop with the old one, connect the VPN, then lock and unlock with the new password — that syncs it.",
            ],
            follow_ups: &[
                (
                    "[Do I need to change it on my phone email too?|will my phone keep working?]",
                    "Your phone will ask for the new password the next time it syncs mail. If it keeps asking, remove and re-add the work account in the mail app — your mail is on the server, so nothing is lost, {first}.",
                ),
                (
                    "[How often does it expire?|when will it expire again?]",
                    "Every 90 days; you'll get reminders 14 and 3 days before. The next one for you would be around {month}.",
                ),
                (
                    "[Can I reuse an old password?|can I go back to my old one?]",
                    "No, the last 12 are blocked. A passphrase of four random words is easier to remember and passes the rules on {device}.",
                ),
            ],
            confirms: &[
                "That worked, laptop accepted the new password.",
                "[Ok, |]the lock/unlock trick worked, {device} takes the new one.",
            ],
            stuck: &[
                "The VPN won't connect either now, it wants the new password and rejects it.",
                "The laptop says 'the trust relationship with the domain failed' when I unlock it.",
            ],
            slots: &[("laptop", SlotValues::Pick(WINDOWS_LAPTOPS))],
        },
        Topic {
            title: "Install approved software",
            complexity: Complexity::Simple,
            titles: &[
                "Install {app} — {first} {last}",
                "{app} license request — {first} {last}",
                "Software request: {app} desktop app",
            ],
            openers: &[
                "Can I get {app} installed? my manager said it's fine",
                "[Hi, |]I need {app} on my laptop for a project. How do I get it?",
            ],
            clarify: &[
                "[Sure!|Sure, {first}!] Do you need the desktop app, or is the browser version enough for what you're doing?",
                "[Happy to help.|Sure thing.] Desktop app or would the web version do?",
            ],
            details: &["desktop app please, I'm on a mac", "desktop, on my {laptop}"],
            answers: &[
                "{app} is on the approved software list, so you can install it yourself: open Self Service from your Applications folder, search for '{app}' and click Install. It takes a couple of minutes, and a license is assigned automatically when you sign in with your work email.",
                "Good news, {app} is pre-approved. Open Self Service, search '{app}', click Install — a license is assigned the first time you sign in with SSO.",
            ],
            follow_ups: &[
                (
                    "[It says I need admin rights to open it?|why is it asking for an admin password?]",
                    "That prompt appears when the app was downloaded from the website instead of Self Service. Delete that copy of {app} from Applications and install it from Self Service, which sets the right permissions.",
                ),
                (
                    "[Will it update itself?|do I need to keep it updated?]",
                    "Self Service updates {app} automatically overnight; you'll just be asked to restart it the next morning.",
                ),
                (
                    "[Can my teammate get it too?|does {coworker} need to ask separately?]",
                    "Anyone can install {app} the same way, no request needed — {coworker} just opens Self Service.",
                ),
            ],
            confirms: &[
                "Installed from Self Service and it opens fine now.",
                "[Done, |]{app} is installed and licensed.",
            ],
            stuck: &[
                "{app} isn't in Self Service at all when I search for it.",
                "It installed but says 'no license assigned to this account' when I sign in.",
            ],
            slots: &[("laptop", SlotValues::Pick(MACS))],
        },
        Topic {
            title: "Wi-Fi for a personal tablet",
            complexity: Complexity::Simple,
            titles: &[
                "Office Wi-Fi for a personal {tablet} ({office})",
                "Guest network access — {first}",
                "Connecting a personal {tablet} in {office}",
            ],
            openers: &[
                "what's the wifi password for the office? trying to connect my {tablet}",
                "[Hi! |]How do I get my {tablet} on the wifi here in {office}?",
            ],
            clarify: &[
                "Happy to help. Is the {tablet} a company device, or a personal one?",
                "[Sure.|Let's check.] Is it a company {tablet} or your own?",
            ],
            details: &["personal", "it's my own"],
            answers: &[
                "Personal devices like your {tablet} go on the Guest network rather than the corporate one. Connect to 'Guest', open a browser and sign in with your work email — you'll get a daily access code, no password needed. Company-managed devices join the corporate network automatically with a certificate, so there's no shared password to hand out.",
                "Personal devices use the Guest network in {office}: join 'Guest', sign in with your work email in the browser that pops up, and you'll get a code valid for the day. There's no shared password for the corporate network — company devices use certificates.",
            ],
            follow_ups: &[
                (
                    "[Can I get to internal sites from the guest network?|can I open the intranet on guest?]",
                    "Not directly — the guest network is internet-only. For internal sites, use your work laptop, or enroll the {tablet} in device management so it can run the VPN.",
                ),
                (
                    "[Do I have to do this every day?|is the code good for more than a day?]",
                    "The code lasts 24 hours on the {tablet}; after that the sign-in page comes back once and takes a few seconds.",
                ),
                (
                    "[Is it fast enough for video calls?|can I do Zoom on guest?]",
                    "Yes, guest Wi-Fi in {office} is capped at 50 Mbps per device, plenty for video calls.",
                ),
            ],
            confirms: &["Connected, all good.", "[Ok, |]the {tablet} is on Guest now."],
            stuck: &[
                "The Guest sign-in page never loads on the {tablet}, it just spins.",
                "It says my work email isn't allowed to request a guest code.",
            ],
            slots: &[("tablet", SlotValues::Pick(&["iPad", "iPad Air", "Galaxy Tab", "Surface Go", "Kindle Fire"]))],
        },
        Topic {
            title: "VPN keeps disconnecting",
            complexity: Complexity::Moderate,
            titles: &[
                "VPN drops every {minutes} min on {os}",
                "VPN disconnects after {os} update — {first}",
                "Unstable VPN at home, SSH sessions lost every {minutes} min",
            ],
            openers: &[
                "VPN drops every {minutes} min since yesterday. Have to reconnect and lose my SSH sessions every time. {os}, on home wifi",
                "[Hi — |]my VPN keeps dropping, like every {minutes} minutes. It started after I updated to {os}",
            ],
            clarify: &[
                "That's disruptive[, {first}|], especially with SSH sessions. Did anything change yesterday — an update, a new router, anything like that?",
                "[Let's look into it.|Ok, let's dig in.] Did anything change right before it started?",
            ],
            details: &[
                "I did install the {os} update yesterday now that you mention it",
                "only the {os} update yesterday",
            ],
            answers: &[
                "There's a known issue where the {os} update resets the VPN client's network extension, which causes drops every few minutes. Fix: 1) Open Self Service and run 'VPN client repair' — it reinstalls the network extension. 2) When macOS asks to allow the system extension, approve it in System Settings > Privacy & Security. 3) Restart and reconnect. That clears it for most people.",
                "That's a known one: {os} resets the VPN's network extension. Run 'VPN client repair' in Self Service, allow the system extension when macOS asks (Privacy & Security), then restart. The drops every {minutes} minutes should stop.",
            ],
            follow_ups: &[
                (
                    "[Is there a way to keep ssh alive even if it drops?|can I stop losing my ssh sessions?]",
                    "Yes — add 'ServerAliveInterval 30' to your SSH config, or run tmux on the server so sessions survive a reconnect. Short blips then won't kill your work, {first}.",
                ),
                (
                    "[Could it be my router?|should I restart my router too?]",
                    "Unlikely if it started right after the {os} update, but if drops continue after the repair, try a wired connection for an hour — that tells us quickly whether Wi-Fi is involved.",
                ),
                (
                    "[Will the repair log me out of everything?|do I lose anything with the repair?]",
                    "No, it only reinstalls the VPN extension; browser sessions and files on {device} are untouched.",
                ),
            ],
            confirms: &[
                "Ran the repair and it's been stable for over an hour now.",
                "[Ok, |]repair done, no drops since — way longer than {minutes} minutes.",
            ],
            stuck: &[
                "Ran the repair twice, it still drops every {minutes} minutes.",
                "Self Service says 'VPN client repair' isn't available for {os}.",
            ],
            slots: &[
                ("minutes", SlotValues::Pick(&["5", "10", "15", "20", "10-15"])),
                (
                    "os",
                    SlotValues::Pick(&[
                        "macOS Sonoma 14.5",
                        "macOS Sequoia 15.1",
                        "macOS Sonoma 14.6",
                        "macOS Sequoia 15.2",
                    ]),
                ),
            ],
        },
        Topic {
            title: "Outlook stuck offline",
            complexity: Complexity::Moderate,
            titles: &[
                "Outlook not receiving mail since {time}",
                "Outlook says 'Working Offline' — {first}",
                "Desktop Outlook stuck, web mail fine ({first} {last})",
            ],
            openers: &[
                "Outlook isn't getting new emails since about {time}. Web version works fine. Windows 11",
                "[Hi, |]no new mail in Outlook since about {time}, but I can see it in the browser. What's up?",
            ],
            clarify: &[
                "Thanks[, {first}|] — that helps narrow it down. What does the status bar at the bottom of the Outlook window say: 'Disconnected', 'Working offline' or 'Updating this folder'?",
                "[Good clue that web works.|That narrows it down.] What does the bottom bar of Outlook say right now?",
            ],
            details: &["It says Working Offline", "'working offline'"],
            answers: &[
                "Since the web version works, your mailbox is fine and the problem is the desktop app on {device}. Let's try: 1) Open the Send/Receive tab and check whether 'Work Offline' is highlighted — clicking it toggles it off. 2) If that doesn't help, close Outlook, open Self Service and run 'Outlook reset profile'. 3) Reopen Outlook and let it resync; large mailboxes can take 10–15 minutes.",
                "Your mailbox is fine — it's the app. In Outlook on {device}, open Send/Receive and click 'Work Offline' to turn it off. If it won't reconnect, run 'Outlook reset profile' from Self Service and give it 10–15 minutes to resync.",
            ],
            follow_ups: &[
                (
                    "[Will resetting the profile delete my signature or rules?|do I lose my signature if I reset?]",
                    "Rules live on the server, so they stay. Signatures are stored locally — copy yours somewhere first, or find it afterwards in the backup folder the reset creates on {device}.",
                ),
                (
                    "[Did I miss emails in the meantime?|will the mails from this morning come in?]",
                    "Nothing is lost — everything since {time} is on the server and downloads as soon as Outlook reconnects.",
                ),
                (
                    "[Why did it go offline by itself?|how did it end up offline?]",
                    "Usually the button gets clicked by accident, or Outlook switches after a network drop and doesn't switch back. If it happens again on {device}, the reset profile step is the lasting fix.",
                ),
            ],
            confirms: &[
                "It was the Work Offline button, emails are coming in now.",
                "[Ok, |]toggled it off and the mail from {time} onwards just came in.",
            ],
            stuck: &[
                "'Work Offline' isn't highlighted, and after the profile reset it says 'Disconnected' instead.",
                "The reset profile step fails with 'profile in use' even with Outlook closed.",
            ],
            slots: &[("time", SlotValues::Pick(&["8:15", "8:40", "9:00", "9:30", "7:50", "10:10"]))],
        },
        Topic {
            title: "Access to the Finance shared drive",
            complexity: Complexity::Moderate,
            titles: &[
                "{drive} drive access for {quarter} close — {first} {last}",
                "Access denied on the {drive} shared drive",
                "Edit access to {drive} for {quarter} work",
            ],
            openers: &[
                "I need access to the {drive} Shared drive for the {quarter} close. Getting 'access denied' when I try to open it",
                "[Hi, |]can I get edit access to the {drive} drive? Helping {coworker} with {quarter} stuff",
            ],
            clarify: &[
                "Sure[, {first}|], I can start that. What kind of access do you need — view only or edit? And whose work are you helping with?",
                "[Sure.|I can request it.] View or edit, and who are you working with?",
            ],
            details: &[
                "edit access, I'm helping {coworker} with the {quarter} reconciliations",
                "edit — it's for {coworker}'s {quarter} work",
            ],
            answers: &[
                "The {drive} Shared drive is a restricted resource, so access needs the data owner's approval. I've created access request {ticket} and sent it to the drive owner. Once it's approved, access is applied within 15 minutes — you may need to sign out and back in — and you'll get an email when it's done.",
                "{drive} is restricted, so the owner has to approve. Request {ticket} is with them now; once they approve, edit access applies within 15 minutes (sign out and back in if it doesn't show).",
            ],
            follow_ups: &[
                (
                    "[Can you make it expire after the close so I don't have to remember to remove it?|can it expire automatically?]",
                    "Good thinking — I've set the access on {ticket} to expire automatically after 45 days, which covers the {quarter} close. If you need it longer, you can request an extension before then.",
                ),
                (
                    "[Who is the owner? Maybe I can ping them|can I nudge the approver?]",
                    "The owner of {drive} is {manager}. A quick message mentioning {ticket} usually speeds things up.",
                ),
                (
                    "[Will I see everything or just the {quarter} folder?|is it the whole drive?]",
                    "The request is for the whole {drive} drive, edit; if you only need the {quarter} folder, I can narrow it, which often gets approved faster.",
                ),
            ],
            confirms: &[
                "Approved and I can open the {quarter} folder now.",
                "[Ok, |]approved — {drive} shows up and I can edit.",
            ],
            stuck: &[
                "The request was approved but I still get 'access denied' on the {quarter} folder, even after signing out.",
                "{manager} says they're not the owner of {drive} anymore and can't approve it.",
            ],
            slots: &[
                ("drive", SlotValues::Pick(&["Finance", "Finance Close", "Treasury", "FP&A", "Revenue Ops"])),
                ("quarter", SlotValues::Pick(&["Q1", "Q2", "Q3", "Q4", "year-end"])),
            ],
        },
        Topic {
            title: "Slow laptop and loud fan",
            complexity: Complexity::Moderate,
            titles: &[
                "Slow {laptop}, fan always on",
                "Laptop lag during calls — {first}",
                "{laptop} running hot and slow — {first}",
            ],
            openers: &[
                "my laptop has been super slow all week, fan is always on and calls lag. {laptop}",
                "[Hi, |]{device} is crawling — fan at full speed and video calls stutter. It's a {laptop}",
            ],
            clarify: &[
                "Let's find out what's eating the resources on {device}. Could you open Activity Monitor, sort by % CPU, and tell me what's at the top?",
                "[Let's find the culprit.|Ok, let's check what's busy.] Can you open Activity Monitor and see what's using the most CPU?",
            ],
            details: &[
                "something called 'mds_stores' at {index_cpu}% and the backup agent at like {backup_cpu}%",
                "mds_stores {index_cpu}%, backup agent {backup_cpu}%",
            ],
            answers: &[
                "A week of heavy load like that usually means Spotlight is reindexing while the backup agent runs a full backup, which happens after a major update and can take a few days. Plug in and leave the {laptop} on overnight so both can finish. If it's still slow after that, run 'Performance check' in Self Service — it clears caches and checks disk health.",
                "mds_stores is Spotlight reindexing and the backup agent is doing a full backup — both normal after an update, both heavy. Leave {device} plugged in overnight so they finish; if it's still slow tomorrow, run 'Performance check' from Self Service.",
            ],
            follow_ups: &[
                (
                    "[Can I pause the backup during work hours?|can I pause the backup during calls?]",
                    "Yes, click the backup icon in the menu bar and choose 'Pause for 4 hours'. It resumes automatically, so it's safe to use during meetings on {day}.",
                ),
                (
                    "[Is my laptop just too old?|should I ask for a new one?]",
                    "The {laptop} is within its 4-year cycle, so it should keep up once indexing finishes. If it doesn't, the performance check result goes on {ticket} and counts toward an early replacement.",
                ),
                (
                    "[Can I stop Spotlight from indexing some folders?|can Spotlight skip my code folder?]",
                    "Yes — System Settings > Spotlight > Search Privacy; adding big folders like node_modules or your build directory cuts indexing on {device} a lot.",
                ),
            ],
            confirms: &[
                "Left it on overnight and it's back to normal, fan's quiet.",
                "[Yep, |]after a night plugged in {device} is quiet again.",
            ],
            stuck: &[
                "Left it on two nights and mds_stores is still at {index_cpu}%.",
                "The performance check says the disk has errors and recommends a replacement.",
            ],
            slots: &[
                ("laptop", SlotValues::Pick(MACS)),
                // What Activity Monitor shows, read off per conversation.
                ("index_cpu", SlotValues::Number { prefix: "", lo: 78, hi: 99, width: 0 }),
                ("backup_cpu", SlotValues::Number { prefix: "", lo: 25, hi: 48, width: 0 }),
            ],
        },
        Topic {
            title: "Office printer not showing up",
            complexity: Complexity::Moderate,
            titles: &[
                "Can't find the floor {floor} printer ({office})",
                "Printer missing on Mac before a {time} meeting",
                "Add Floor {floor} printer — {first}",
            ],
            openers: &[
                "Can't find the floor {floor} printer on my laptop. Other people can print to it. Need to print contracts for a {time} meeting",
                "[Hi, |]the printer on {floor} doesn't show up on my Mac. Meeting at {time}, need printouts",
            ],
            clarify: &[
                "Let's get you printing before {time}. Are you on the office Wi-Fi or plugged in with a cable?",
                "[We'll get you sorted before {time}.|Let's fix it quickly.] Wi-Fi or cable?",
            ],
            details: &["Wifi, on my Mac", "wifi"],
            answers: &[
                "Office printers are added through Self Service rather than by searching the network. Open Self Service, go to Printers and click Install next to 'Floor {floor} – North'. When you print, tap your badge at the printer to release the job — that's why it may not seem to print right away.",
                "Printers come from Self Service, not the network list: Self Service > Printers > 'Floor {floor} – North' > Install. Print as usual, then tap your badge on the printer to release it.",
            ],
            follow_ups: &[
                (
                    "[It printed but everything is black and white, I need color for one page|how do I print in color?]",
                    "Color is off by default to save costs. In the print dialog, open 'Printer options' and set Color mode to 'Color' — you'll need to choose it each time on Floor {floor}, or save it as a preset.",
                ),
                (
                    "[Can I print double-sided?|is duplex possible?]",
                    "Yes, duplex is the default on Floor {floor}; choose 'One-sided' under Layout if you need single pages for the {time} meeting.",
                ),
                (
                    "[My badge doesn't release the job?|tapped my badge, nothing happens]",
                    "Jobs are held for 4 hours; if the badge doesn't release them, sign in on the printer's screen with your username instead. I'll note the badge issue on {ticket}.",
                ),
            ],
            confirms: &[
                "Found it and printed, contracts are ready.",
                "[Done, |]printed on floor {floor}, ready for {time}.",
            ],
            stuck: &[
                "'Floor {floor} – North' isn't in the Self Service printer list at all.",
                "It installed, but every job says 'held — authentication failed' at the printer.",
            ],
            slots: &[
                ("floor", SlotValues::Number { prefix: "", lo: 2, hi: 8, width: 1 }),
                ("time", SlotValues::Pick(&["11:00", "1:00", "2:00", "2:30", "3:00", "4:00"])),
            ],
        },
        Topic {
            title: "Entered password on a phishing page",
            complexity: Complexity::Complex,
            titles: &[
                "Possible phishing: password entered {minutes} min ago — {first} {last}",
                "Security incident: fake {lure} email",
                "Credential phishing report from {first}",
            ],
            openers: &[
                "I think I clicked a phishing link. Email looked like it was from {lure}, I entered my password on the page before realizing the URL was weird. This was about {minutes} min ago",
                "[Urgent — |]I typed my password into a fake login page. The email pretended to be {lure}. About {minutes} minutes ago",
            ],
            clarify: &[
                "Thank you for reporting it right away[, {first}|] — that makes a big difference. Please don't delete the email. Did you enter anything besides your password, like an MFA code, or approve a push notification?",
                "[Thanks for telling us fast, {first}.|You did the right thing reporting it.] Keep the email. Did you also approve a push or type an MFA code?",
            ],
            details: &["I approved a push I think. I didn't realize that was part of it", "no, just the password"],
            answers: &[
                "I'm treating this as a security incident ({ticket}) and have paged the security team. What happens now: 1) I've signed you out of all sessions and blocked your current password. 2) Go to the password reset page on your laptop and set a new password now. 3) Use the 'Report phishing' button in Outlook on that email so security can block the sender and find anyone else who received it. Someone from security will contact you shortly to review recent sign-ins.",
                "This is now security incident {ticket}, and the security team is paged. I've ended all your sessions and blocked the old password — set a new one on the reset page now, then use 'Report phishing' on the {lure} email so they can pull it from everyone's inbox. {person} from security will call you shortly.",
            ],
            follow_ups: &[
                (
                    "[Am I in trouble for this?|is this going to be a problem for me?]",
                    "No, {first} — reporting quickly is exactly what we ask people to do, and it's what limits the damage. The security review is about protecting your account, not about blame.",
                ),
                (
                    "[Should I warn my team?|should I tell people not to click it?]",
                    "Security is already pulling the {lure} email from every mailbox under {ticket}; a short heads-up to your team is still welcome.",
                ),
                (
                    "[Do I need to change other passwords too?|I use a similar password elsewhere|Should I change my other passwords as well?|what about my other accounts, same password]",
                    "If you used the same or a similar password anywhere else, change those too — personal accounts included. Security will check recent sign-ins on {ticket}.",
                ),
            ],
            confirms: &[
                "Password's reset and I reported the email. Security already called me.",
                "[Ok, |]new password set, email reported, and {person} from security called.",
            ],
            stuck: &[
                "The reset page says my account is locked and I can't set a new password.",
                "I'm getting MFA push requests right now that I didn't start.",
            ],
            slots: &[
                ("minutes", SlotValues::Pick(&["10", "15", "20", "5", "30"])),
                (
                    "lure",
                    SlotValues::Pick(&[
                        "payroll about a W-2 update",
                        "DocuSign",
                        "the CEO",
                        "IT about mailbox storage",
                        "a shared OneDrive file",
                        "HR about benefits",
                    ]),
                ),
            ],
        },
        Topic {
            title: "Data migration to a replacement laptop",
            complexity: Complexity::Complex,
            titles: &[
                "Move {data_size} of local data to a replacement {laptop}",
                "Laptop swap tomorrow: swollen battery on {device}",
                "Migrating Docker Postgres and files to a new laptop — {first}",
            ],
            openers: &[
                "I'm getting a replacement {laptop} tomorrow (old one, {device}, has a swollen battery). I have about {data_size} of local stuff not in the cloud - project files, browser bookmarks, a local Postgres database in Docker for testing. How do I move everything?",
                "[Hi, |]{device} has a swollen battery and I get a new {laptop} tomorrow. About {data_size} of local stuff plus a Postgres in Docker. What's the best way to move it?",
            ],
            clarify: &[
                "Good call getting that battery looked at — keep {device} on a hard surface and don't leave it charging overnight. Do you have an external drive, or should the service desk lend you one?",
                "[First, please don't charge {device} unattended.|Safety first: keep it unplugged when you're not at it.] Do you have an external drive to copy to?",
            ],
            details: &["no external drive, please lend me one", "I don't have one"],
            answers: &[
                "Here's a plan for tomorrow: 1) Today, export the database with its own dump tool (pg_dump for Postgres), since container volumes don't migrate cleanly. 2) Copy project files to your cloud drive, or to the external SSD the service desk will lend you. 3) Export bookmarks from the browser's bookmark manager. 4) On the new {laptop}, sign in, install your tools from Self Service, restore the dump and copy the files back. Because of the battery, the old laptop can't be shipped — bring it to the service desk when you pick up the new one and they'll run the file migration tool there.",
                "For {data_size}: dump the Postgres database with pg_dump today (Docker volumes don't move cleanly), copy project files to the cloud drive or the loaner SSD, and export your bookmarks. Tomorrow, set up the new {laptop} from Self Service and restore. Bring {device} to the desk in person — a swollen battery can't be shipped — and they'll run the migration tool for anything left.",
            ],
            follow_ups: &[
                (
                    "[Can you make sure the new one has 32GB RAM? Docker eats memory|will the new one have enough RAM for Docker?]",
                    "I've noted it on the hardware request {ticket}. Engineering laptops come with 32GB by default, so the replacement {laptop} will match, and the desk will confirm before handing it over.",
                ),
                (
                    "[What happens to the old laptop's data after?|is my data wiped from the old one?]",
                    "Once the migration is confirmed, the desk wipes {device} with a certified erase and logs it on {ticket} before it goes for battery disposal.",
                ),
                (
                    "[Can I keep my SSH keys?|what about my ssh keys and dotfiles?]",
                    "Copy ~/.ssh and your dotfiles to the loaner SSD, not the cloud drive; restore them on the {laptop} and run 'chmod 600' on the private keys.",
                ),
            ],
            confirms: &[
                "Everything's moved over and the database restored fine. New laptop is working.",
                "[Done, |]{data_size} moved, Postgres restored, the {laptop} is up and running.",
            ],
            stuck: &[
                "pg_dump fails halfway with 'could not write to file: No space left on device'.",
                "The desk says they have no loaner SSD today and the cloud drive upload would take 10 hours.",
            ],
            slots: &[("data_size", SlotValues::Pick(&["120GB", "80GB", "200GB", "150GB", "60GB"]))],
        },
        Topic {
            title: "Team can't see each other's calendars",
            complexity: Complexity::Complex,
            titles: &[
                "{team_size} people can't see each other's free/busy",
                "Calendar free/busy error for {first}'s team",
                "Possible outage: 'free/busy information couldn't be retrieved' for {team_size} users",
            ],
            openers: &[
                "Nobody on our team (about {team_size} people) can see each other's calendars since this morning, we all get 'free/busy information couldn't be retrieved'. Booking meetings is impossible",
                "[Hi, |]our whole team ({team_size} of us) gets a free/busy error on every calendar since this morning. Can you check?",
            ],
            clarify: &[
                "Thanks for reporting it[, {first}|] — since several people are affected, I'll treat it as a possible outage. Is it only your team, or are other departments seeing it too? And does it happen in Outlook on the web as well as the desktop app?",
                "[That sounds server-side.|Several people at once suggests an outage.] Is it just your team, and does Outlook on the web show the same error?",
            ],
            details: &["Just our team as far as I know. Web too, same error", "only us I think. web has it too"],
            answers: &[
                "An error that appears for a whole team points to the server side, so I've opened priority incident {ticket} and paged the messaging engineer on call. The likely cause is the calendar sharing permissions on your team's group, which were touched by last night's directory sync. While they fix it, the room booking tool's scheduling assistant still shows availability, because it reads it a different way. Updates will be posted on the status page.",
                "That points to the server, so this is now priority incident {ticket} and the on-call messaging engineer is paged. Most likely last night's directory sync changed your group's calendar sharing. Meanwhile, the room booking tool still shows everyone's availability. Updates go to the status page.",
            ],
            follow_ups: &[
                (
                    "[Any idea how long it will take?|how long until it's fixed?]",
                    "If it's the permissions sync, the fix is quick but can take up to an hour to propagate to all {team_size} people. The on-call engineer will post an estimate on the status page within 30 minutes.",
                ),
                (
                    "[Should everyone on the team open a ticket?|do the others need to report it too?]",
                    "No, one incident covers the team — people can add themselves to {ticket} for updates instead of opening new tickets.",
                ),
                (
                    "[Can we still send invites?|will invites work in the meantime?]",
                    "Yes, invites still send and arrive; only the free/busy view is broken, so check times with the room booking tool until {ticket} is fixed.",
                ),
            ],
            confirms: &[
                "Calendars are showing up again for everyone on the team.",
                "[Fixed, |]free/busy is back for all {team_size} of us.",
            ],
            stuck: &[
                "The status page says resolved, but we still get the free/busy error in Outlook.",
                "Now two other teams on our floor have the same calendar error.",
            ],
            slots: &[("team_size", SlotValues::Number { prefix: "", lo: 8, hi: 25, width: 1 })],
        },
    ],
    input_tokens_per_conversation: (8_000, 12_000),
    extra_messages: 1,
    slots: &[
        ("ticket", SlotValues::Number { prefix: "INC00", lo: 10000, hi: 99999, width: 5 }),
        ("team", SlotValues::Pick(&["Tier 2", "desktop support", "identity and access"])),
        ("system", SlotValues::Pick(&["the service desk system"])),
        ("laptop", SlotValues::Pick(LAPTOPS)),
        ("device", SlotValues::Number { prefix: "LT-", lo: 1000, hi: 9999, width: 4 }),
        ("app", SlotValues::Pick(APPS)),
        ("office", SlotValues::Pick(OFFICES)),
        ("month", SlotValues::Pick(MONTHS)),
    ],
    greetings: &["Hi {first}!", "Hi there!", "Hello!", "Hi {first}, thanks for reaching out.", "Hey {first}!"],
    exchanges: &[
        (
            "[Do I need to restart for that to take effect?|should I restart?]",
            "Usually not, but if things look odd afterwards, a restart of {device} is the quickest way to make sure every change is picked up. Save your work first.",
        ),
        (
            "[Will this be logged somewhere so I can check later?|is there a ticket for this?]",
            "Yes — everything from this chat is recorded on ticket {ticket}, which you can see in the IT portal under My tickets.",
        ),
        (
            "[Can I do this from my phone or do I need the laptop?|can I do it on my phone?]",
            "The IT portal and password reset both work in your phone's browser, but anything in Self Service needs the laptop, {device}.",
        ),
        (
            "[Does this mess with my VPN setup at all?|will my VPN still work after?]",
            "The VPN configuration isn't touched, so it keeps working. If the VPN asks you to sign in again, that's expected and just uses your normal credentials, {first}.",
        ),
        (
            "[Who do I contact if it's after hours?|what if this happens at night?]",
            "The service desk is staffed 7am–7pm on weekdays. Outside those hours this chat still works, and urgent issues like lockouts page the on-call technician — mention {ticket}.",
        ),
        (
            "[Is my data backed up in case something goes wrong?|are my files backed up?]",
            "Your Documents and Desktop folders on {device} sync to the cloud drive automatically, and the backup agent runs nightly. Files saved elsewhere, like Downloads, aren't covered.",
        ),
        (
            "[Are there any known issues going on right now?|is anything else down today?]",
            "No open incidents on the status page at the moment, apart from scheduled maintenance on the expense system on {day} evening.",
        ),
        (
            "[Should I tell my manager about this?|do I need to tell {manager}?]",
            "Not for anything we've done here. If you lost working time because of it, mention ticket {ticket} to {manager} so they have the context.",
        ),
        (
            "[Is there a self-service guide for this?|is there a how-to article?]",
            "Yes — search the IT knowledge base for the topic; the articles have screenshots for both Mac and Windows. I've also linked the relevant one on {ticket}.",
        ),
    ],
    handoffs: &[
        "Thanks for trying that. I've escalated it to our {team} team as incident {ticket} with all the details and the steps we've tried; {person} is picking it up and will contact you {eta}.",
        "This needs hands-on troubleshooting, so I've opened incident {ticket} and assigned it to {person} on our {team} team. They'll reach out {eta} — keep the laptop on and connected if you can.",
        "I'd rather have a person look at it, {first}. {person} ({team}) has incident {ticket} and will contact you {eta}.",
    ],
    closings: &[
        "I'll close the ticket; reply here if it happens again.",
        "I've marked {ticket} as resolved — have a good one[, {first}|].",
        "The ticket closes automatically in 3 days if nothing else comes up.",
        "Ping me any time if anything else acts up[, {first}|].",
    ],
};

const KNOWLEDGE_BASE: KindProfile = KindProfile {
    base_name: "Knowledge Base Bot",
    descriptions: &[
        "Answers employee questions from the internal wiki, handbook and policy library, with sources.",
        "Finds the right page in the company knowledge base and summarizes it in plain language.",
        "Searches documentation, runbooks and policies to give cited, up-to-date answers.",
        "Internal Q&A over the wiki and policy library; flags outdated or conflicting pages.",
        "Answers 'where is the doc for...' questions and quotes the source page.",
        "Policy and runbook lookup for every team, with the owning team named on each answer.",
    ],
    topics: &[
        Topic {
            title: "Is the day after Thanksgiving off?",
            complexity: Complexity::Simple,
            titles: &[
                "Is {holiday} a company holiday? ({office} office)",
                "Holiday calendar check: {holiday}",
                "{holiday} off in {office}?",
            ],
            openers: &[
                "is {holiday} a company holiday this year?",
                "[Quick question — |]do we get {holiday} off? I'm in {office}",
            ],
            clarify: &[
                "Let me check the holiday calendar. Is it this year's you need, or next year's? Next year's was published last month.",
                "[Let me look.|Checking the calendar.] This year or next year?",
            ],
            details: &["this year", "this year. I'm in {office}"],
            answers: &[
                "According to 'US Holiday Calendar' (People team, updated in January): {holiday_rule}. Source: People Hub > Time off > Holiday calendars.",
                "The 'US Holiday Calendar' for this year says {holiday_rule}. You'll find it under People Hub > Time off > Holiday calendars.",
            ],
            follow_ups: &[
                (
                    "[What about Christmas Eve?|and Christmas Eve?]",
                    "Christmas Eve is a half day in the US calendar — offices close at 1pm, and Christmas Day is a full holiday. Same source, 'US Holiday Calendar', which covers {office}.",
                ),
                (
                    "[Do support teams get it off too?|is support working that day?]",
                    "Support runs a reduced on-call rotation on company holidays; the rota for {holiday} is on the Support Ops page, and on-call days are paid back as a floating day.",
                ),
                (
                    "[Can I swap it for another day?|can I move the holiday to a different day?]",
                    "US employees get two floating holidays a year that can be used for any day; fixed holidays like {holiday} can't be moved, per the same calendar page.",
                ),
            ],
            confirms: &["Great, that's what I needed.", "[Ok, |]good to know about {holiday}."],
            stuck: &[
                "My team calendar shows {holiday} as a working day though, which contradicts that page.",
                "The holiday calendar page you linked says it's for last year, not this year.",
            ],
            slots: &[
                ("holiday", SlotValues::Paired { draw: "holiday_pair", pool: HOLIDAYS, second: false }),
                ("holiday_rule", SlotValues::Paired { draw: "holiday_pair", pool: HOLIDAYS, second: true }),
            ],
        },
        Topic {
            title: "Brand color hex codes",
            complexity: Complexity::Simple,
            titles: &[
                "Brand color hex codes for {deck}",
                "Official palette for {deck}",
                "Chart colors and brand hex values — {first}",
            ],
            openers: &[
                "what are the official hex codes for our brand colors? need them for {deck}",
                "[Hi! |]Where do I find the brand colors? Making {deck}",
            ],
            clarify: &[
                "Sure! Do you need just the primary palette, or the chart colors as well?",
                "[Happy to help.|Sure thing.] Primary colors only, or the chart palette too?",
            ],
            details: &["primary plus the chart colors", "both please"],
            answers: &[
                "From 'Brand Guidelines – Color' (Brand team): the primary colors are Deep Navy #1B2A4A, Signal Blue #2F6FED and White #FFFFFF. For charts, use the data palette in this order: #2F6FED, #16A38A, #F2A93B, #E4572E, #7A5CFA. The official slide template already has these set as theme colors, which makes {deck} easier. Source: Brand Hub > Visual identity > Color.",
                "Per 'Brand Guidelines – Color': Deep Navy #1B2A4A, Signal Blue #2F6FED, White #FFFFFF; chart palette #2F6FED, #16A38A, #F2A93B, #E4572E, #7A5CFA, in that order. For {deck}, the official template already has them as theme colors (Brand Hub > Visual identity > Color).",
            ],
            follow_ups: &[
                (
                    "[Is there an accessible combo for text on the blue?|which text color works on the blue?]",
                    "The guidelines say to use white text on Signal Blue or Deep Navy, which both pass WCAG AA contrast. Avoid Signal Blue text on Deep Navy, which fails; that matters for {deck}.",
                ),
                (
                    "[Is there a logo pack too?|where's the logo?]",
                    "The logo pack is on the same Brand Hub page — SVG and PNG, light and dark versions. The guidelines ask for at least 24px of clear space around it in {deck}.",
                ),
                (
                    "[What font do we use?|which font should I use?]",
                    "Inter for everything, per 'Brand Guidelines – Typography'; the slide template for {deck} has it set, and it's free to install from Self Service.",
                ),
            ],
            confirms: &["Perfect, updated my slides with the template.", "[Ok, |]{deck} uses the template colors now."],
            stuck: &[
                "The template in Brand Hub has different hex codes than the guidelines page.",
                "The chart palette you gave me has only five colors and my chart needs eight series.",
            ],
            slots: &[(
                "deck",
                SlotValues::Pick(&[
                    "a customer QBR deck",
                    "the all-hands slides",
                    "a conference booth banner",
                    "a sales one-pager",
                    "the board deck",
                    "a recruiting flyer",
                    "our team offsite slides",
                ]),
            )],
        },
        Topic {
            title: "Travel meal limits",
            complexity: Complexity::Simple,
            titles: &[
                "Meal limits for a trip to {trip_city}",
                "Travel & expense policy: daily meals in {trip_city}",
                "Where is the T&E policy? ({first})",
            ],
            openers: &[
                "where's the travel and expense policy? can't find it on the wiki. going to {trip_city} next week",
                "[Hi, |]what's the daily meal limit when traveling? I'll be in {trip_city}",
            ],
            clarify: &[
                "Happy to point you to it. Are you looking for the whole policy, or a specific part like meal limits or booking rules?",
                "[Sure.|Let me find it.] The whole policy, or just meals?",
            ],
            details: &["mostly meal limits when traveling", "meals mainly"],
            answers: &[
                "The current policy is 'Travel & Expense Policy v4.2' in the Finance space (Finance > Policies). Meal limits while traveling are $75 per day in most US cities and $90 in high-cost cities, including tips — for {trip_city} it's {meal_limit}. The older 'T&E Guidelines' page in the Operations space is outdated, so I'd ignore it.",
                "It's 'Travel & Expense Policy v4.2' under Finance > Policies. The daily meal limit in {trip_city} is {meal_limit}, tips included. Ignore the old 'T&E Guidelines' page in Operations — it's out of date.",
            ],
            follow_ups: &[
                (
                    "[Is breakfast included in that if the hotel doesn't have it?|does that cover breakfast?]",
                    "Yes, the {meal_limit} daily limit covers all meals, breakfast included. If breakfast is part of your hotel rate, it isn't reimbursed separately.",
                ),
                (
                    "[What about alcohol?|can I expense a drink with dinner?]",
                    "One drink with dinner is fine within the {meal_limit}; alcohol on its own isn't reimbursable, per section 5 of the policy.",
                ),
                (
                    "[Is it per day or per meal?|can I go over one day and under the next?]",
                    "Per day — {meal_limit} in {trip_city}, and days don't carry over; the policy averages nothing across the trip.",
                ),
            ],
            confirms: &["Found it, thanks. Bookmarked.", "[Ok, |]{meal_limit} a day in {trip_city}, got it."],
            stuck: &[
                "The expense tool rejected a {trip_city} dinner under {meal_limit} as over the limit.",
                "Finance > Policies shows v4.1 for me, not v4.2.",
            ],
            slots: &[
                ("trip_city", SlotValues::Paired { draw: "trip", pool: MEAL_LIMITS, second: false }),
                ("meal_limit", SlotValues::Paired { draw: "trip", pool: MEAL_LIMITS, second: true }),
            ],
        },
        Topic {
            title: "Public API rate limits",
            complexity: Complexity::Simple,
            titles: &[
                "Public API rate limits — question from {company}",
                "REST rate limit for Business workspaces ({company})",
                "429s and Retry-After for {company}",
            ],
            openers: &[
                "What's the rate limit on the public API for Business customers, and do they get a Retry-After with a 429? customer asking ({company})",
                "[Hey, |]{company} wants to know our API rate limits on Business and what a 429 means for them. Where's that documented?",
            ],
            clarify: &[
                "Let me look it up. Is the customer asking about the REST API or webhooks?",
                "[Checking the platform docs.|Let me find it.] REST API or webhooks?",
            ],
            details: &["REST", "the REST API"],
            answers: &[
                "Per 'Public API – Rate limits' (Platform docs, updated last month): Business workspaces get 1,000 requests per minute per workspace, with bursts up to 1,500 for 10 seconds. Going over returns HTTP 429 with a Retry-After header. Enterprise limits are set per contract. There's a public version of the page you can share with {company} under Developers > Guides > Rate limits.",
                "'Public API – Rate limits' says: 1,000 requests a minute per Business workspace, bursts to 1,500 for 10 seconds, then HTTP 429 with Retry-After. The public page under Developers > Guides > Rate limits is fine to send to {company}.",
            ],
            follow_ups: &[
                (
                    "[Is it per API token or per workspace?|does each token get its own limit?]",
                    "Per workspace — all tokens in the same workspace share the limit. The doc recommends one integration token per system so usage is easy to trace for {company}.",
                ),
                (
                    "[Can we raise it for them?|can {company} get a higher limit?]",
                    "Only on Enterprise, per contract; the doc says to route requests to the account team — {coworker} owns {company}.",
                ),
                (
                    "[Do webhooks count toward it?|are webhook deliveries part of the limit?]",
                    "No, outgoing webhooks don't count; only requests {company} makes to the REST API do.",
                ),
            ],
            confirms: &["Sent them the public doc link.", "[Ok, |]sent {company} the public page."],
            stuck: &[
                "{company} says they're getting 429s at about 300 requests a minute, way under 1,000.",
                "The public rate limits page returns a 404 when I open it logged out.",
            ],
            slots: &[],
        },
        Topic {
            title: "Buying from a new vendor",
            complexity: Complexity::Moderate,
            titles: &[
                "PO for a new vendor: {vendor} ({amount} a year)",
                "Buying a {amount} {vendor} license",
                "New vendor procurement steps for {vendor}",
            ],
            openers: &[
                "How do I get a PO for a new vendor? We want to buy a {amount} annual license for {vendor}",
                "[Hi — |]first time buying software here. We need {vendor}, about {amount} a year. What's the process?",
            ],
            clarify: &[
                "I can walk you through that. Is the vendor already set up in our procurement system, or would they be brand new?",
                "[Happy to help.|Sure.] Is {vendor} already a vendor in the procurement system?",
            ],
            details: &["Brand new vendor", "no, brand new"],
            answers: &[
                "According to 'Procurement – How to buy' (Finance), software purchases over $10,000 need: 1) A purchase request in the procurement portal with the quote attached. 2) Vendor onboarding if they're new — procurement sends {vendor} a form for tax and bank details. 3) A security review, since it's software — fill in the short data questionnaire. 4) Approval from your department head, after which Finance issues the PO. Expect two to three weeks end to end, mostly for the security review.",
                "For {amount} of software from a new vendor, 'Procurement – How to buy' lists four steps: purchase request with the {vendor} quote, vendor onboarding (procurement emails them), a security questionnaire, and your department head's approval before Finance issues the PO. Plan for two to three weeks.",
            ],
            follow_ups: &[
                (
                    "[Can the security review happen at the same time as vendor onboarding?|can those run in parallel?]",
                    "Yes, the doc says they run in parallel once the purchase request is submitted, so submitting early with the {vendor} quote attached is the best way to keep it short.",
                ),
                (
                    "[Can I just put it on my corporate card?|what if I pay by card instead?]",
                    "Not at {amount} — the card limit for software is $2,000 a year. Above that it has to be a PO.",
                ),
                (
                    "[Who's the procurement contact?|who do I talk to in procurement?]",
                    "{coworker} handles software purchases; the doc says to mention the request number once it's submitted.",
                ),
            ],
            confirms: &[
                "Submitted the request with the quote attached.",
                "[Ok, |]purchase request for {vendor} is in.",
            ],
            stuck: &[
                "The procurement portal won't let me attach the {vendor} quote, it says the PDF is too large.",
                "{vendor} only sells by credit card on their website, they can't accept a PO.",
            ],
            slots: &[
                (
                    "vendor",
                    SlotValues::Pick(&[
                        "Dovetail",
                        "Qualtrics",
                        "Maze",
                        "UserTesting",
                        "Hotjar",
                        "Airtable",
                        "Gong",
                        "Mixpanel",
                    ]),
                ),
                ("amount", SlotValues::Money { symbol: "$", lo: 1050000, hi: 4800000, step: 50000 }),
            ],
        },
        Topic {
            title: "SEV2 vs SEV3",
            complexity: Complexity::Moderate,
            titles: &[
                "SEV2 or SEV3? {flow} slow for {pct}% of users",
                "Severity for a {duration}-minute {flow} slowdown",
                "Incident severity question — {flow}",
            ],
            openers: &[
                "what's the difference between SEV2 and SEV3? Our {flow} was slow for ~{pct}% of users for {duration} min and I'm not sure what to file",
                "[Hi, |]{flow} latency spiked for {duration} minutes, about {pct}% of users. SEV2 or SEV3?",
            ],
            clarify: &[
                "Let me check the incident handbook. Did the slowdown cause any failed requests or errors, or was it only slower?",
                "[Checking the SRE handbook.|Let me look.] Were there errors, or only latency?",
            ],
            details: &["Only slower, no errors as far as we can tell", "just slow, no errors"],
            answers: &[
                "From 'Incident Severity Levels' (SRE handbook): SEV2 is a significant degradation of a core flow for a subset of customers, or any risk of data loss; SEV3 is a minor degradation with a workaround or limited impact. A slowdown without errors for about {pct}% of users over {duration} minutes fits SEV3. The handbook says to file SEV3 and upgrade it if errors turn up in the logs later, with a short post-incident note due within 5 business days.",
                "The SRE handbook's 'Incident Severity Levels' puts latency-only degradation for a small share of users at SEV3 — {pct}% for {duration} minutes qualifies. File SEV3, upgrade it if errors show up in the {flow} logs, and write the short note within 5 business days.",
            ],
            follow_ups: &[
                (
                    "[Does SEV3 need a full postmortem?|is a postmortem required for SEV3?]",
                    "No — SEV3 only needs the short note template. Full postmortems with a review meeting are required for SEV1 and SEV2, so the {flow} note is enough.",
                ),
                (
                    "[Who do I notify for a SEV3?|do I need to page anyone?]",
                    "Nobody is paged for a SEV3; post in #incidents with the {flow} details and tag the owning team's on-call.",
                ),
                (
                    "[What if it happens again tomorrow?|and if it recurs?]",
                    "The handbook says a recurrence within 7 days links to the same incident and may be upgraded to SEV2 if {flow} degrades for more than {pct}% again.",
                ),
            ],
            confirms: &["Filed it as SEV3 with the short note template.", "[Ok, |]SEV3 filed for the {flow} slowdown."],
            stuck: &[
                "We just found errors in the {flow} logs for part of that window, so I'm not sure SEV3 still fits.",
                "The incident tool only offers SEV1 and SEV2 for the {flow} service.",
            ],
            slots: &[
                (
                    "flow",
                    SlotValues::Pick(&["checkout", "login", "search", "file upload", "invoice export", "sign-up"]),
                ),
                ("pct", SlotValues::Number { prefix: "", lo: 2, hi: 9, width: 1 }),
                ("duration", SlotValues::Pick(&["15", "20", "25", "30", "40"])),
            ],
        },
        Topic {
            title: "UK parental leave",
            complexity: Complexity::Moderate,
            titles: &[
                "UK parental leave, due in {month} — {first}",
                "Non-birthing parent leave in the UK office — {first}",
                "Parental leave blocks and phased return ({first} {last})",
            ],
            openers: &[
                "how much parental leave do we get? my partner is due in {month}. I'm in the UK office",
                "[Hi! |]We're expecting in {month}. What's the parental leave policy for the UK?",
            ],
            clarify: &[
                "Congratulations! Are you the birthing parent or the non-birthing parent? The UK policy covers both but the details differ.",
                "[Congratulations!|That's wonderful news!] Are you the birthing or the non-birthing parent?",
            ],
            details: &["non-birthing", "non-birthing parent"],
            answers: &[
                "Under 'UK Parental Leave Policy' (People team), non-birthing parents get 16 weeks of fully paid leave, which can be taken in up to two blocks within 12 months of the birth. You need at least 6 months of service by the due date, and you should notify your manager and HR at least 15 weeks before the due week — for a {month} due date, that's soon. Requests go through the HR portal under Time off > Parental leave.",
                "'UK Parental Leave Policy': 16 weeks fully paid for non-birthing parents, in up to two blocks within 12 months. You need 6 months' service by the due date and should tell {manager} and HR 15 weeks before the due week in {month}. Request it under Time off > Parental leave.",
            ],
            follow_ups: &[
                (
                    "[Can I do some of it as part time instead?|is a phased return possible?]",
                    "Yes, the policy allows a phased return — up to 8 weeks on a 50% schedule, which counts as 4 weeks of leave. Agree it with {manager} and note it in the request.",
                ),
                (
                    "[Does it affect my bonus?|will it affect my bonus or review?]",
                    "No, per the policy leave doesn't reduce bonus eligibility, and {manager} has to base your review on the time worked.",
                ),
                (
                    "[What if the baby comes early?|what if it's earlier than {month}?]",
                    "The leave starts from the actual birth date; just update the request and tell {manager} — no new notice period applies.",
                ),
            ],
            confirms: &[
                "Great, request submitted and my manager's in the loop.",
                "[Ok, |]submitted and {manager} knows.",
            ],
            stuck: &[
                "I'll only have 5 months of service by the due date in {month}, so I'm not sure I qualify.",
                "The HR portal only shows the US parental leave option for me.",
            ],
            slots: &[],
        },
        Topic {
            title: "Year-end deploy freeze",
            complexity: Complexity::Moderate,
            titles: &[
                "Deploy freeze dates vs a {migration} migration",
                "Year-end change freeze for {migration}",
                "Can {migration} ship on December {freeze_dom}?",
            ],
            openers: &[
                "Is there a deploy freeze around the end of year? Trying to plan the {migration} migration for December {freeze_dom}",
                "[Hi, |]when does the year-end freeze start? We want to ship the {migration} change on December {freeze_dom}",
            ],
            clarify: &[
                "Let me check the release calendar. Does the migration touch customer-facing services, or internal tooling only?",
                "[Checking the release calendar.|Let me look it up.] Is {migration} customer-facing?",
            ],
            details: &["customer facing, it's the {migration} migration", "yes, customer facing"],
            answers: &[
                "Per 'Release Calendar & Change Freezes' (Platform team), customer-facing services are frozen from December 18 to January 3. Changes to billing or payment systems also need approval from the Change Advisory Board, which meets on Tuesdays. So the {migration} migration should be done before the 18th and submitted to the CAB at least a week ahead.",
                "'Release Calendar & Change Freezes' freezes customer-facing services December 18 – January 3. {migration} on December {freeze_dom} is before the freeze, but data migrations need a CAB slot — they meet Tuesdays — so submit at least a week ahead.",
            ],
            follow_ups: &[
                (
                    "[What if something breaks during the freeze?|can we fix bugs during the freeze?]",
                    "Fixes for active incidents are allowed during the freeze with the incident commander's approval. The page says to link the incident in the change request for {migration}.",
                ),
                (
                    "[Does the freeze apply to feature flags?|can we flip flags during the freeze?]",
                    "Flag changes that alter customer behaviour count as changes; the page allows only kill switches. Plan the {migration} rollout flags before the 18th.",
                ),
                (
                    "[Who chairs the CAB?|who do I send it to?]",
                    "{coworker} chairs the CAB this quarter; the submission form is linked from the release calendar page.",
                ),
            ],
            confirms: &[
                "Moved the migration to the 10th and booked a CAB slot.",
                "[Ok, |]CAB slot booked, {migration} ships before the freeze.",
            ],
            stuck: &[
                "The CAB calendar has no Tuesday slots left before the 18th.",
                "{migration} can't be done in one go — it needs a second step in early January.",
            ],
            slots: &[
                (
                    "migration",
                    SlotValues::Pick(&[
                        "billing database",
                        "search cluster",
                        "auth service",
                        "invoice storage",
                        "payments queue",
                    ]),
                ),
                ("freeze_dom", SlotValues::Pick(&["9", "10", "11", "12", "15", "16"])),
            ],
        },
        Topic {
            title: "Conflicting office-day rules",
            complexity: Complexity::Moderate,
            titles: &[
                "Hybrid policy vs FAQ: 2 or 3 office days? ({office})",
                "Conflicting office-day rules on '{faq}'",
                "Which hybrid rule is current? ({first})",
            ],
            openers: &[
                "The remote work policy page says 3 office days but the FAQ says 2. Which one is right?",
                "[Hey, |]'{faq}' says two office days a week, the policy page says three. Which is it for {office}?",
            ],
            clarify: &[
                "Good catch. Which FAQ are you looking at — the People team FAQ, or a team-specific page?",
                "[Good catch.|Let's check.] Which FAQ page exactly?",
            ],
            details: &["The one linked from #ask-people, '{faq}'", "'{faq}'"],
            answers: &[
                "The policy page is the authoritative source: 'Hybrid Work Policy' was updated in March and requires three office days a week for office-assigned employees. '{faq}' hasn't been edited in over a year and still shows the old two-day rule, so it's out of date. I've flagged it to the page owner on the People team as {ticket} so it gets corrected.",
                "Go with 'Hybrid Work Policy' — three days, updated in March. '{faq}' is over a year old and still has the old rule. I've opened {ticket} for the People team to fix it.",
            ],
            follow_ups: &[
                (
                    "[Does the policy say which days?|are the days fixed?]",
                    "No fixed days company-wide — teams agree on their anchor days, and the policy asks managers to publish them on the team page; for {office}, most teams use Tuesday to Thursday.",
                ),
                (
                    "[What if I live far from the office?|are there exceptions for long commutes?]",
                    "The policy allows exceptions over 90 minutes each way, approved by {manager} and People; the form is linked at the bottom of the page.",
                ),
                (
                    "[Does this apply to contractors?|do contractors follow it too?]",
                    "No, the policy covers employees only; contractors follow what's in their statement of work. {ticket} doesn't change that.",
                ),
            ],
            confirms: &["Thanks, that clears it up.", "[Ok, |]three days then. Thanks for flagging '{faq}'."],
            stuck: &[
                "My manager says our team was told two days in writing, so which one applies to us?",
                "The 'Hybrid Work Policy' link in the handbook points to a page I don't have access to.",
            ],
            slots: &[(
                "faq",
                SlotValues::Pick(&[
                    "Hybrid FAQ",
                    "Office Days FAQ",
                    "Return to Office Q&A",
                    "Hybrid Work – FAQ (old)",
                    "Working From Home FAQ",
                ]),
            )],
        },
        Topic {
            title: "GDPR deletion request process",
            complexity: Complexity::Complex,
            titles: &[
                "GDPR deletion request for account {account} ({country})",
                "Data subject request from an unverified email — {account}",
                "Erasure request, customer in {country}",
            ],
            openers: &[
                "A customer emailed us asking to delete all their data under GDPR. I'm in support, what exactly is the process and the deadline? Customer is in {country}, account ID {account}",
                "[Hi, |]got a GDPR erasure request for account {account} ({country}). What's the deadline and who does what?",
            ],
            clarify: &[
                "Let me pull the process. Did the request come from the email address on the account, or from a different address? Identity verification depends on it.",
                "[Pulling the runbook.|Let me check the privacy runbook.] Did it come from the account's registered email?",
            ],
            details: &["From a different email, says it's their personal one", "no, from another address"],
            answers: &[
                "From 'Data Subject Requests – Support Runbook' (Privacy team): 1) We have one month from receipt to complete the request. 2) If it came from an address that isn't on the account, verify identity first by sending the runbook's verification template to the account's registered email. 3) Once verified, file a deletion request in the privacy tool with account ID {account}; it covers all systems, and backups are purged within 35 days. 4) Don't delete anything manually. 5) Reply with the confirmation template and log it in the DSR register. Loop in the Privacy team if the customer disputes anything.",
                "The 'Data Subject Requests – Support Runbook' gives you one month. Because it came from an unknown address, send the verification template to the registered email first; once verified, file the deletion in the privacy tool for {account} — it covers every system and purges backups within 35 days. Don't delete by hand, and log it in the DSR register.",
            ],
            follow_ups: &[
                (
                    "[What if they don't respond to the verification email?|and if they never verify?]",
                    "The runbook says to wait 14 days, send one reminder, and then close the request for {account} as unverified, noting it in the register. The one-month clock pauses while you wait for verification.",
                ),
                (
                    "[Do we have to delete invoices too?|what about their invoices?]",
                    "Invoices are kept for the legal retention period even after erasure; the privacy tool marks them as restricted for {account} instead.",
                ),
                (
                    "[Do I need to tell the authority in {country}?|do we report this to a regulator?]",
                    "No, a routine deletion isn't reported. Only a breach or a complaint goes to the Privacy team, who handle any contact with the authority in {country}.",
                ),
            ],
            confirms: &[
                "Sent the verification email and logged it in the register.",
                "[Ok, |]verification sent for {account} and it's in the register.",
            ],
            stuck: &[
                "The privacy tool says account {account} is under legal hold and won't accept the deletion.",
                "The customer replied from the unverified address again and refuses to use the registered one.",
            ],
            slots: &[
                ("account", SlotValues::Number { prefix: "", lo: 10000, hi: 99999, width: 5 }),
                (
                    "country",
                    SlotValues::Pick(&[
                        "Germany",
                        "France",
                        "Spain",
                        "the Netherlands",
                        "Ireland",
                        "Italy",
                        "Sweden",
                        "Poland",
                    ]),
                ),
            ],
        },
        Topic {
            title: "Production readiness for a new service",
            complexity: Complexity::Complex,
            titles: &[
                "Production readiness checklist for {service}",
                "{service}: what's needed before on-call",
                "Launch blockers for {service}",
            ],
            openers: &[
                "We're launching a new service next week ({service}). What do we need in place before it can go into the on-call rotation? Looking for the official checklist, not the tribal knowledge version lol",
                "[Hi! |]{service} goes live next week. Where's the official production readiness checklist?",
            ],
            clarify: &[
                "Ha, fair. Is the service customer-facing, and will your team own the on-call or is it joining a shared rotation?",
                "[Sure.|Let me pull it up.] Is {service} customer-facing, and who owns its on-call?",
            ],
            details: &[
                "customer facing, our team owns it, {engineers} engineers",
                "customer-facing, we own on-call, team of {engineers}",
            ],
            answers: &[
                "The official list is 'Production Readiness Checklist' (SRE, v3): 1) A service catalog entry with owner, tier and runbook link. 2) SLOs with alerts on burn rate, not raw error counts. 3) Dashboards for the golden signals. 4) A runbook covering the top five failure modes. 5) An on-call schedule in the paging tool with at least four engineers. 6) Load test results at 2x expected peak. 7) A readiness review with an SRE partner, booked at least a week before launch. Tier-1 services also need a rollback plan tested in staging, so {service} will too.",
                "'Production Readiness Checklist' (SRE, v3) for {service}: catalog entry, SLOs with burn-rate alerts, golden-signal dashboards, a runbook for the top five failures, an on-call schedule of at least four (your {engineers} works), a 2x-peak load test, and a readiness review with an SRE partner a week before launch.",
            ],
            follow_ups: &[
                (
                    "[We haven't done the load test yet. Can that come after launch?|can the load test wait?]",
                    "Not for customer-facing services — the checklist marks it as a launch blocker. Your SRE partner can approve a limited rollout of {service} behind a feature flag, with the load test done before the full rollout.",
                ),
                (
                    "[Who's our SRE partner?|who do we book the review with?]",
                    "For your org it's {coworker}; the review can be booked from the checklist page, and {service} needs it at least a week before launch.",
                ),
                (
                    "[Is there a runbook template?|do you have a template for the runbook?]",
                    "Yes, 'Runbook Template (SRE)' is linked from item 4; copy it into the {service} repo's docs folder so it's versioned with the code.",
                ),
            ],
            confirms: &[
                "Booked the readiness review and we're working through the list.",
                "[Ok, |]review booked for {service}, working through the checklist.",
            ],
            stuck: &[
                "Our SRE partner is out until after the launch date, so we can't get the readiness review.",
                "The paging tool won't let us create a schedule for {service} until it's in the service catalog, and the catalog wants the schedule.",
            ],
            slots: &[
                (
                    "service",
                    SlotValues::Pick(&[
                        "recommendations-api",
                        "invoice-renderer",
                        "search-indexer",
                        "notifications-gateway",
                        "pricing-engine",
                        "audit-exporter",
                    ]),
                ),
                ("engineers", SlotValues::Number { prefix: "", lo: 4, hi: 9, width: 1 }),
            ],
        },
        Topic {
            title: "Conflicting retention periods for an audit",
            complexity: Complexity::Complex,
            titles: &[
                "Transcript retention for the {audit} audit",
                "Conflicting retention: policy, notice and support tool ({audit})",
                "Which retention period applies? {first} preparing for {audit}",
            ],
            openers: &[
                "For our {audit} audit I need to know how long we keep support chat transcripts. Security policy says 2 years, the privacy notice says 18 months, and the support tool is set to 3 years. Which is correct and who decides?",
                "[Hi, |]prepping for our {audit} audit — three documents give three retention periods for chat transcripts. Which one wins?",
            ],
            clarify: &[
                "That's a real conflict, so let me check all three. Is the audit about customer data only, or internal employee chats as well?",
                "[Let me check all three sources.|That needs untangling.] Customer chats only, or internal chats too?",
            ],
            details: &["Customer chats only. External auditor, {audit}", "customer only, it's {audit}"],
            answers: &[
                "Here's what the sources say: 'Data Retention Schedule' (Legal, updated in February) is the controlling document and sets 18 months for customer support transcripts. The 'Information Security Policy' still says 2 years because it references an older version of the schedule, and the support tool's 3-year setting matches neither. For the {audit} audit, cite the Data Retention Schedule and note that Legal owns retention decisions. I've flagged both discrepancies to the page owners as {ticket}; the tool setting needs a change request from support operations.",
                "'Data Retention Schedule' (Legal, February) controls: 18 months for customer transcripts. The security policy's 2 years cites an older schedule, and the tool's 3 years matches nothing. Cite the schedule for {audit}, say Legal owns retention, and expect a question on the tool — I've logged the mismatch as {ticket}.",
            ],
            follow_ups: &[
                (
                    "[Will the auditor flag the 3-year tool setting as an exception?|is the tool setting going to be an audit finding?]",
                    "Possibly — the safest path is to open the change request now and show the {audit} auditor the ticket with a target date. The schedule itself allows a 90-day remediation window for discrepancies found.",
                ),
                (
                    "[Who in Legal owns the schedule?|who signs off on retention?]",
                    "{coworker} in Legal owns the Data Retention Schedule; {ticket} is assigned to them.",
                ),
                (
                    "[Do backups follow the same 18 months?|what about backups?]",
                    "Backups roll off 35 days after deletion in the source, which the schedule explicitly allows; mention that to the {audit} auditor if asked.",
                ),
            ],
            confirms: &[
                "Change request's open, and I've got the right document for the auditor.",
                "[Ok, |]I'll cite the schedule for {audit} and show them {ticket}.",
            ],
            stuck: &[
                "The auditor says the privacy notice is what customers see, so they'll test against 18 months AND the tool's 3 years.",
                "Support ops says the tool can't be set to 18 months, only 1, 2 or 3 years.",
            ],
            slots: &[("audit", SlotValues::Pick(&["SOC 2", "ISO 27001", "SOC 2 Type II", "HIPAA", "PCI DSS"]))],
        },
    ],
    input_tokens_per_conversation: (9_000, 13_000),
    extra_messages: 0,
    slots: &[
        ("ticket", SlotValues::Number { prefix: "DOC-", lo: 1000, hi: 9999, width: 4 }),
        ("team", SlotValues::Pick(&["documentation", "knowledge management", "policy"])),
        ("system", SlotValues::Pick(&["the knowledge base search"])),
        ("office", SlotValues::Pick(OFFICES)),
        ("company", SlotValues::Pick(B2B_COMPANIES)),
        ("month", SlotValues::Pick(MONTHS)),
    ],
    greetings: &["Hi {first}!", "Hi there!", "Hello!", "Sure, {first}.", "Hi!"],
    exchanges: &[
        (
            "[Can you send me the link to that page?|can I get the link?]",
            "Here it is — I've also added it to your saved pages, {first}, so you can find it again from the wiki's sidebar.",
        ),
        (
            "[How do I know if a page is up to date?|is that page current?]",
            "Every page shows 'Last reviewed' under the title. Pages older than a year get an 'Outdated?' banner — if you spot one, I can open a review request like {ticket} with the owner.",
        ),
        (
            "[Who owns that page if I have a follow-up?|who can I ask about it?]",
            "The owner is listed at the top right of the page. For this one it's {coworker}'s team, and they answer questions in their Slack channel too.",
        ),
        (
            "[Is there a shorter version I can share with my team?|is there a summary I can share?]",
            "Most policy pages have a one-paragraph TL;DR at the top. If this one doesn't, I can write a short summary with the source link for your team, {first}.",
        ),
        (
            "[Can I suggest an edit if something's wrong?|how do I fix a wrong page?]",
            "Use 'Suggest edit' on the page. The owner gets a notification and reviews it, usually within a week; I can also log it as {ticket}.",
        ),
        (
            "[Is this the same for contractors?|does it apply to contractors?]",
            "Most policies apply to employees only. Contractors follow their statement of work, and the page usually says so near the top — ask {coworker} if it doesn't.",
        ),
        (
            "[Where do I find older versions of the policy?|can I see what it said before?]",
            "Open the page's history from the '…' menu; every published version is kept, with who changed what and when — handy for the {month} changes.",
        ),
        (
            "[Does this differ by country?|is it the same outside the US?]",
            "Some policies have regional versions, listed in a 'Regional variations' box at the bottom. If yours isn't there, the main page applies, including for {office}.",
        ),
        (
            "[Can you search Slack too?|can you look in Slack for this?]",
            "No, I only search the wiki, handbook and policy library. For Slack threads, try the search in #ask-people, or ask {coworker}'s team directly.",
        ),
        (
            "[Is there a page that lists all policies?|where's the list of all policies?]",
            "'Policy Index' under Handbook > Policies lists every policy with its owner and review date; it was last updated in {month}.",
        ),
    ],
    handoffs: &[
        "I couldn't find a reliable answer in the knowledge base, so I've opened documentation request {ticket} and assigned it to {person} on our {team} team. They'll get back to you {eta}.",
        "Those pages disagree and I don't want to guess. I've flagged it as {ticket} to {person} on our {team} team, who owns these pages — expect an answer {eta}.",
        "This needs someone from {team} to confirm. {person} has {ticket} and will reply {eta}, {first}.",
    ],
    closings: &[
        "Happy to help — ask any time you can't find something.",
        "Let me know if you need anything else from the wiki[, {first}|].",
        "If the page looks outdated when you open it, tell me and I'll flag it.",
        "Good luck with it!",
    ],
};

const LEAD_QUALIFICATION: KindProfile = KindProfile {
    base_name: "Lead Qualification Agent",
    descriptions: &[
        "Qualifies inbound leads by company size, use case and timeline, then routes them to sales.",
        "Chats with website visitors, captures their needs and books meetings with the right account executive.",
        "Screens demo requests and enriches leads before handing them to the sales team.",
        "Engages inbound prospects, answers first questions and scores leads for follow-up.",
        "Turns webinar sign-ups and contact forms into qualified meetings for sales.",
        "First conversation for new prospects: needs, team size, budget timing and next steps.",
    ],
    topics: &[
        Topic {
            title: "Demo request from a design agency",
            complexity: Complexity::Simple,
            titles: &[
                "Demo request: {company}, {size}-person agency",
                "Agency moving off spreadsheets — {company}",
                "Guided trial for {company} ({size} people)",
            ],
            openers: &[
                "Hi, I'd like a demo. We're a design agency, {size} people, currently using spreadsheets to track projects",
                "[Hello! |]I run ops at {company}, a {size}-person design studio. Could we get a demo?",
            ],
            clarify: &[
                "Thanks for reaching out! What's the main thing that isn't working with spreadsheets right now — deadlines, client visibility, or something else?",
                "[Happy to set that up.|Great to hear from you.] What's the biggest pain with the current setup?",
            ],
            details: &[
                "Mostly deadlines slipping and nobody knowing who's working on what",
                "deadlines, and no one knows who's on what",
            ],
            answers: &[
                "That's exactly why agencies your size usually move off spreadsheets. The fastest way to see it is a guided trial: you get an agency project template with timelines and workload views already set up, plus a 20-minute onboarding call with {person} from our team. I've sent you a link to start the trial and a calendar link for the onboarding call.",
                "For a {size}-person agency, a guided trial shows it fastest: an agency template with timelines and a workload view (who's on what this week), plus a 20-minute call with {person}. Links for both are in your inbox.",
            ],
            follow_ups: &[
                (
                    "[Can we bring in our clients to see progress?|can clients see their projects?]",
                    "Yes — clients can be added as free guests with view and comment access to just their projects, so {company} can share progress without exporting anything.",
                ),
                (
                    "[Does it do time tracking?|can we log hours on tasks?]",
                    "Yes, time tracking is built in, with billable flags per client — most agencies of {size} use it to check estimates against actuals.",
                ),
                (
                    "[Can we import our spreadsheet?|will we have to retype everything?]",
                    "No retyping: the CSV importer maps columns to fields, and {person} can do the first import with you on the onboarding call.",
                ),
            ],
            confirms: &[
                "Trial's set up, and I booked the onboarding call for {day}.",
                "[Great, |]trial started and the call with {person} is on {day}.",
            ],
            stuck: &[
                "The calendar link only shows slots in a time zone that doesn't work for us, we're in {country}.",
                "We really need a live demo with our partners first, not a trial.",
            ],
            slots: &[("size", SlotValues::Number { prefix: "", lo: 8, hi: 30, width: 1 })],
        },
        Topic {
            title: "Team vs Business for a marketing team",
            complexity: Complexity::Simple,
            titles: &[
                "Team vs Business for a {size}-person marketing team",
                "Pricing question from {company} marketing",
                "Which plan for campaign approvals? ({size} users)",
            ],
            openers: &[
                "just looking at pricing, whats the difference between team and business? we're about {size} people in marketing",
                "[Hi, |]marketing lead at {company} here. Team or Business for about {size} people?",
            ],
            clarify: &[
                "Happy to explain! What matters most for your team — approvals on campaign assets, reporting, or working with outside agencies?",
                "[Sure!|Happy to help.] What matters most — approvals, reporting, or outside agencies?",
            ],
            details: &["approvals mostly, and a couple of agencies need access", "approvals on assets"],
            answers: &[
                "In short: Team covers projects, tasks, timelines and integrations at $12 per user per month billed annually. Business adds guest permissions, custom fields with reporting, approvals and SSO at $24. Marketing teams often pick Business for the approval workflows on campaign assets — for {size} people that's {biz_year} a year. You can try Business free for 14 days and decide at the end.",
                "Team ($12 per user per month, annual) has projects, timelines and integrations; Business ($24) adds approvals, guest permissions, custom-field reporting and SSO. For {size} marketers the approvals usually decide it: {team_year} a year on Team, {biz_year} on Business.",
            ],
            follow_ups: &[
                (
                    "[Is there a discount for annual?|is it cheaper yearly?]",
                    "Yes, those prices are for annual billing; monthly is about 20% more. Annual can be cancelled for a full refund in the first 30 days, so {company} isn't locked in.",
                ),
                (
                    "[Can agencies we work with approve assets too?|can outside agencies approve stuff?]",
                    "On Business, yes — external reviewers join as free guests and can approve assets in the projects you share with them, without seeing the rest of {company}'s workspace.",
                ),
                (
                    "[Do you integrate with our design tools?|does it connect to Figma and Canva?]",
                    "Yes, Figma and Canva previews show inline on tasks on both plans, so the {size} of you can review without switching tabs.",
                ),
            ],
            confirms: &["Ok cool, I'll start the Business trial.", "[Ok, |]Business trial started for {company}."],
            stuck: &[
                "Business is over our budget, but we really need the approvals — is there anything in between?",
                "I still can't tell which one we need without seeing the approval flow live.",
            ],
            slots: &[
                ("size", SlotValues::Number { prefix: "", lo: 10, hi: 40, width: 1 }),
                ("seats", SlotValues::Derived(size_as_seats)),
                ("team_year", SlotValues::Derived(team_annual_year)),
                ("biz_year", SlotValues::Derived(business_annual_year)),
            ],
        },
        Topic {
            title: "Student asking for free access",
            complexity: Complexity::Simple,
            titles: &[
                "Student access for a {course} class project",
                "Free plan for a student group of {group}",
                "Education program question — {first}",
            ],
            openers: &[
                "hi im a student at {school} working on a {course} project with {group} people, can i get it for free?",
                "[Hello, |]I'm a student at {school}, our {course} group ({group} of us) wants to use this. Is there a free option?",
            ],
            clarify: &[
                "Hi! Happy to help. Is it for a university class, or a personal project?",
                "[Hi {first}!|Happy to help!] Is it for a class, or something personal?",
            ],
            details: &["class project, {group} of us", "it's for a {course} class"],
            answers: &[
                "Good news — the free plan covers up to 3 members and unlimited projects. For bigger groups, our education program gives students and teachers free Business features: apply with your {school} email on the education page, and approval is usually instant.",
                "The free plan covers 3 members; with {group} of you, the education program is better — free Business features for students. Apply with your {school} email on the education page; it's usually approved instantly.",
            ],
            follow_ups: &[
                (
                    "[Does it expire when the semester ends?|what happens after the semester?]",
                    "Education access lasts a year and can be renewed as long as you have an active {school} email.",
                ),
                (
                    "[Can our professor see the project?|can we add our professor?]",
                    "Yes, invite them with their {school} email — teachers qualify for the education program too.",
                ),
                (
                    "[Can we keep the project after we graduate?|what happens to our stuff after graduation?]",
                    "You can export everything, or move the workspace to the free plan; the {course} project stays intact either way.",
                ),
            ],
            confirms: &[
                "Applied with my school email and it got approved right away.",
                "[Done, |]approved with my {school} email.",
            ],
            stuck: &[
                "My {school} email isn't accepted — it says the domain isn't recognized as a school.",
                "We're in a bootcamp, not a university, so we don't have school emails.",
            ],
            slots: &[
                ("group", SlotValues::Number { prefix: "", lo: 4, hi: 7, width: 1 }),
                (
                    "school",
                    SlotValues::Pick(&[
                        "UT Austin",
                        "Georgia Tech",
                        "NYU",
                        "UCLA",
                        "the University of Michigan",
                        "Boston University",
                        "McGill",
                        "Purdue",
                    ]),
                ),
                (
                    "course",
                    SlotValues::Pick(&[
                        "product design",
                        "software engineering",
                        "marketing strategy",
                        "capstone",
                        "HCI",
                        "operations management",
                    ]),
                ),
            ],
        },
        Topic {
            title: "Existing customer can't add seats",
            complexity: Complexity::Simple,
            titles: &[
                "Existing customer can't add seats ({company})",
                "Add seats button greyed out — {first} at {company}",
                "Expansion: {company} wants {extra} more seats",
            ],
            openers: &[
                "Hi I'm already a customer, I'm trying to add {extra} more seats but the button is greyed out",
                "[Hi, |]we're a customer ({company}) and I need to add {extra} seats, but I can't click 'Add seats'",
            ],
            clarify: &[
                "Thanks for letting me know! Are you the billing owner on your workspace, or an admin?",
                "[Let me check.|Thanks, {first}.] Are you a billing owner on the workspace, or an admin?",
            ],
            details: &["I'm an admin but I think my boss set up the billing", "admin, billing is {manager}"],
            answers: &[
                "That's the likely reason: only billing owners can add seats, even if you're an admin. Ask the billing owner to add them under Settings > Billing > Seats, or to make you a billing owner on the same page. I've also let your account manager, {person}, know you're looking to expand, in case you'd like help with pricing.",
                "Only billing owners can add seats — admins can't. {manager} (or whoever owns billing at {company}) can add the {extra} seats under Settings > Billing > Seats, or make you a billing owner there. I've told {person}, your account manager, too.",
            ],
            follow_ups: &[
                (
                    "[Can there be two billing owners?|can I be a billing owner too?]",
                    "Yes, a workspace can have up to three billing owners, and they all get invoices and renewal reminders — you and {manager} can both be on it.",
                ),
                (
                    "[Will the new seats be prorated?|do we pay the full year for new seats?]",
                    "They're prorated to your renewal date, so {extra} seats added now cost only for the months left in the term.",
                ),
                (
                    "[Is there a discount if we add a lot?|any discount for {extra} more seats?]",
                    "Volume tiers start at 75 seats; {person} can check whether {company} qualifies once the new seats are added.",
                ),
            ],
            confirms: &[
                "My boss made me a billing owner and I've added the seats.",
                "[Ok, |]{manager} added me as billing owner and the {extra} seats are in.",
            ],
            stuck: &[
                "I'm already listed as a billing owner and the button is still greyed out.",
                "Our billing owner left {company} and nobody else can change billing now.",
            ],
            slots: &[("extra", SlotValues::Number { prefix: "", lo: 3, hi: 25, width: 1 })],
        },
        Topic {
            title: "Engineering org replacing a legacy tool",
            complexity: Complexity::Moderate,
            titles: &[
                "{size}-person engineering org replacing a legacy tool ({company})",
                "Discovery call: {company} eng ops evaluation",
                "Legacy PM tool end-of-life, {size} engineers",
            ],
            openers: &[
                "We're evaluating project management tools for our {size}-person engineering org. Currently on a legacy tool that's end of life next year. Looking at 3 vendors",
                "[Hi — |]{company} engineering ({size} people) needs to replace our old tracker before it's retired. Can we talk?",
            ],
            clarify: &[
                "Thanks — that's helpful context. Who else is involved in the decision, and do you have a target date to be moved over?",
                "[Thanks for the context.|Good to know.] Who's involved in the decision, and when do you need to be moved over?",
            ],
            details: &[
                "Me ({role}), our CTO signs off. Want to be migrated by end of Q2",
                "I'm the {role}, CTO decides. Target is end of Q2",
            ],
            answers: &[
                "That's a great fit for a guided evaluation. For an org of {size} moving off a legacy tool, I'd suggest a 45-minute discovery call with an account executive and a solutions engineer: they'll cover migration, permissions for engineering teams and a pilot plan. I've sent calendar options for this week. A pilot with one or two teams usually takes 3–4 weeks, which leaves plenty of time for a company-wide rollout.",
                "A guided evaluation fits best: a 45-minute discovery call with {person} (account executive) and a solutions engineer on migration, permissions and a pilot. Calendar options for this week are in your inbox; a pilot of 3–4 weeks still leaves time to roll out to all {size} by Q2.",
            ],
            follow_ups: &[
                (
                    "[Can you handle importing 6 years of history from the old tool?|can we bring over years of history?]",
                    "Yes — the migration tool imports projects, tasks, comments and attachments, including history. For large imports, the solutions engineer runs a test import first so {company} can check the result before the real move.",
                ),
                (
                    "[Do you integrate with GitHub and our CI?|does it link to GitHub PRs?]",
                    "Yes, GitHub and GitLab link PRs and commits to tasks, and CI status shows on the task; the solutions engineer will demo it for the {size} engineers' workflow.",
                ),
                (
                    "[What does it cost at our size?|rough price for {size} people?]",
                    "On Business annual it's $24 per user per month, so about {biz_year} a year for {size}; at that size {person} will also discuss volume pricing.",
                ),
            ],
            confirms: &[
                "Booked the discovery call for {day} at {time}. Sent the invite to our CTO too.",
                "[Booked, |]discovery call {day} {time}, CTO invited.",
            ],
            stuck: &[
                "None of the calendar slots work for our CTO this week or next.",
                "We need on-prem hosting for part of the org, and I don't see that anywhere.",
            ],
            slots: &[
                ("size", SlotValues::Number { prefix: "", lo: 80, hi: 260, width: 1 }),
                ("seats", SlotValues::Derived(size_as_seats)),
                ("biz_year", SlotValues::Derived(business_annual_year)),
            ],
        },
        Topic {
            title: "Budget not approved until January",
            complexity: Complexity::Moderate,
            titles: &[
                "Budget in January: {company}, ~{size} seats",
                "Quote for next year's budget request ({company})",
                "Extended trial while budget is pending — {first}",
            ],
            openers: &[
                "We like the product but budget for next year isn't approved until January. We'd be around {size} people. Is there any point talking now?",
                "[Hi, |]{company} is interested ({size} people), but our budget only gets approved in January. Should we wait?",
            ],
            clarify: &[
                "Absolutely — a lot of teams use this time to get ready. What's driving the change?",
                "[No need to wait.|It's a good time to start.] What's behind the change?",
            ],
            details: &["We're growing fast and our current setup doesn't scale", "we've outgrown our current setup"],
            answers: &[
                "Then it's worth starting now, so {company} is ready when the budget lands. Here's what I'd suggest: a free 30-day extended trial for a pilot team, a quote you can attach to your budget request, and a check-in in early January. Quotes are valid for 60 days, so we can refresh it then if anything changes.",
                "Start now and be ready in January: a 30-day extended trial for a pilot team, a quote for about {size} seats to attach to the budget request, and a check-in with {person} in early January. The quote is valid 60 days and easy to refresh.",
            ],
            follow_ups: &[
                (
                    "[Can the quote say 'estimated' since the seat count might change?|can the quote show a range?]",
                    "Yes — the quote can show a range, for example {low} to {high} seats, with the per-seat price for each tier. Finance teams usually prefer that for budget planning.",
                ),
                (
                    "[Will the price be the same in January?|will prices change by then?]",
                    "The quote locks today's price for 60 days; {person} can extend it into January so {company}'s budget number still holds.",
                ),
                (
                    "[What happens to the pilot data after the trial?|do we lose the trial work?]",
                    "Nothing is deleted — the pilot workspace stays on the free tier until January and upgrades in place when {company} signs.",
                ),
            ],
            confirms: &[
                "Perfect, the extended trial's active and I've got the quote for the budget request.",
                "[Great, |]trial's on and the quote for {size} seats is in my inbox.",
            ],
            stuck: &[
                "Finance says they need a quote in our procurement portal, not a PDF.",
                "We can't run a pilot before January either — IT won't approve any new tool until then.",
            ],
            slots: &[
                ("size", SlotValues::Number { prefix: "", lo: 40, hi: 90, width: 1 }),
                ("low", SlotValues::Derived(size_low)),
                ("high", SlotValues::Derived(size_high)),
            ],
        },
        Topic {
            title: "How are you different from our current tool?",
            complexity: Complexity::Moderate,
            titles: &[
                "Comparison with current tool, contract ends in {months} months",
                "Cross-project reporting vs current tool — {company}",
                "Switch evaluation for {company}: reporting",
            ],
            openers: &[
                "How are you different from the tool we use now? We're not unhappy exactly but our contract is up in {months} months",
                "[Hi, |]our contract with our current tool ends in {months} months. Convince me — what's different?",
            ],
            clarify: &[
                "Fair question! Which tool are you on now, and what would have to be better to make a switch worth it?",
                "[Fair question.|Happy to compare.] What would have to be better for a switch to be worth it?",
            ],
            details: &[
                "I'd rather not say the name, but the main pain is reporting. Getting cross-project reports takes forever",
                "reporting, mainly. cross-project reports are painful",
            ],
            answers: &[
                "Understood. Reporting is the most common reason teams tell us they switched: cross-project dashboards are built into Business, with filters by team, client or custom field, and they update in real time instead of from exports. There's also a portfolio view that rolls up status across projects for leadership. With {months} months left on your contract, a two-week trial with your real data imported is usually enough to compare properly.",
                "Reporting is where we're strongest: live cross-project dashboards on Business, filtered by team, client or any custom field, plus a portfolio view for leadership. With {months} months left on the contract, a two-week trial on {company}'s real data is the fairest comparison.",
            ],
            follow_ups: &[
                (
                    "[Can we schedule reports to go out by email?|can reports be emailed on a schedule?]",
                    "Yes, any dashboard can be sent by email or posted to a chat channel daily, weekly or monthly, as a link or a PDF — the {company} leadership could get one every Monday.",
                ),
                (
                    "[How long does a migration take?|how long to move everything over?]",
                    "Most teams migrate in a week or two with the importer; with {months} months left there's plenty of buffer before the contract ends.",
                ),
                (
                    "[Can we export our data if we leave?|is there lock-in?]",
                    "Everything exports to CSV and JSON at any time, and {company}'s admins can do it without contacting us.",
                ),
            ],
            confirms: &[
                "Ok, that's convincing enough to try. I've started the import.",
                "[Ok, |]starting the trial with {company}'s real data this week.",
            ],
            stuck: &[
                "The importer doesn't support our current tool's export format.",
                "Our reports rely on formulas across projects, and the trial dashboards can't do those.",
            ],
            slots: &[("months", SlotValues::Pick(&["3", "4", "5", "6"]))],
        },
        Topic {
            title: "Webinar follow-up on capacity planning",
            complexity: Complexity::Moderate,
            titles: &[
                "Webinar follow-up: capacity planning for {size} consultants",
                "Resource planning for {company} after the webinar",
                "Replacing a capacity spreadsheet ({size} consultants)",
            ],
            openers: &[
                "I attended your webinar on resource planning yesterday. Can you tell me more about capacity planning for consultancies? We have about {size} consultants",
                "[Hi! |]Saw the capacity planning webinar. We're {company}, {size} consultants — does it fit us?",
            ],
            clarify: &[
                "[Thanks for joining the webinar|Glad you made it to the webinar|Thanks for sitting in on the session]! How do you plan capacity today?",
                "[Thanks for joining!|Glad you came.] How do you plan capacity now?",
            ],
            details: &["We do it in a big Excel file that one person maintains", "all in one giant spreadsheet"],
            answers: &[
                "The workload view shows each consultant's allocation across projects week by week, with billable vs non-billable time and planned vs actual hours. You can set capacity per person, including part-time schedules, and spot over-allocation before it happens. For consultancies there's also a template that imports an existing spreadsheet plan. I've sent you the webinar recording and a short case study from a consultancy of about {size}.",
                "For {size} consultants, the workload view replaces the spreadsheet: weekly allocation per person, billable vs non-billable, planned vs actual, with part-time capacity. A consultancy template imports your existing file. The recording and a case study are in your inbox.",
            ],
            follow_ups: &[
                (
                    "[Does it connect to our time tracking?|does it work with Harvest or Toggl?]",
                    "It integrates with the most common time-tracking tools, Harvest and Toggl included, and there's a built-in timesheet if {company} would rather have everything in one place.",
                ),
                (
                    "[Can it forecast hiring needs?|can it show when we need to hire?]",
                    "The capacity forecast shows demand vs available hours for the next 12 weeks, so you see a shortfall across the {size} consultants before it happens.",
                ),
                (
                    "[Who can see rates and margins?|can we hide billing rates?]",
                    "Rates and margins are visible only to the Finance role at {company}; consultants see their allocation, not the money.",
                ),
            ],
            confirms: &[
                "Great, got the recording and the case study. I'll share them with our ops lead.",
                "[Thanks, |]I'll show the case study to our ops lead at {company}.",
            ],
            stuck: &[
                "Our spreadsheet has per-client rate cards the template can't import.",
                "We need capacity by skill, not by person, and I don't see that in the workload view.",
            ],
            slots: &[("size", SlotValues::Number { prefix: "", lo: 20, hi: 90, width: 1 })],
        },
        Topic {
            title: "Reseller partnership inquiry",
            complexity: Complexity::Moderate,
            titles: &[
                "Reseller partnership inquiry from {country}",
                "Partner program: {company}, {customers} SMB customers",
                "Channel partner request — {country}",
            ],
            openers: &[
                "We're a reseller in {country} with about {customers} SMB customers, interested in partnering. Do you have a partner program?",
                "[Hello. |]{company} resells SaaS to about {customers} SMBs in {country}. How do we become a partner?",
            ],
            clarify: &[
                "Thanks for your interest! Do you currently resell other SaaS tools?",
                "[Thanks for reaching out!|Great to hear.] Do you resell other tools today?",
            ],
            details: &["Yes, we resell 3 other tools", "yes, a few"],
            answers: &[
                "We do have a partner program, with reseller and referral tracks. Resellers get discounted pricing, a partner portal for managing customer subscriptions, and training for their team. Partnerships in {country} are handled by our channel team, so I've passed your details to them, and the partner program overview is on its way to your inbox.",
                "Yes — reseller and referral tracks. Resellers get partner pricing, a portal to manage customer subscriptions, and team training. I've sent {company}'s details to the channel team covering {country}; the program overview is in your inbox.",
            ],
            follow_ups: &[
                (
                    "[Do you support billing in our local currency?|can we bill customers in local currency?]",
                    "Partners invoice their own customers in local currency, while partner pricing is in USD. The channel team can go through tax and invoicing details for {country} on your call.",
                ),
                (
                    "[Is there a minimum commitment?|do we have to sell a certain amount?]",
                    "No minimum to start; the discount tier grows with the number of active customers, and {customers} would already put {company} in the second tier.",
                ),
                (
                    "[Do you provide marketing materials in Portuguese or Spanish?|are materials translated?]",
                    "Core materials are available in Spanish and Portuguese; the partner portal has co-branded templates you can use in {country}.",
                ),
            ],
            confirms: &[
                "Received the overview for {country}, thanks. Looking forward to the call.",
                "[Got it, |]overview received, waiting for the channel team's call.",
            ],
            stuck: &[
                "We're already a referral partner and want to switch to reselling, but the portal won't let us.",
                "The overview says the program isn't available in {country} yet.",
            ],
            slots: &[("customers", SlotValues::Pick(&["120", "150", "200", "250", "300", "400"]))],
        },
        Topic {
            title: "Enterprise RFP submission",
            complexity: Complexity::Complex,
            titles: &[
                "Enterprise RFP: {users} users across 4 countries ({company})",
                "RFP due on the {dom} — where to send documents",
                "{company} RFP for a work management platform",
            ],
            openers: &[
                "We're running an RFP for a work management platform for ~{users} users across 4 countries. Submissions due on the {dom}. Who should I send the RFP documents to?",
                "[Hi, |]{company} is issuing an RFP for {users} users, deadline the {dom}. Where do the documents go?",
            ],
            clarify: &[
                "Thanks for including us. To route this to the right team: which countries are involved, and will the RFP require SSO, data residency or on-prem deployment?",
                "[Thanks for thinking of us.|Happy to route it.] Which countries, and do you need SSO, data residency or on-prem?",
            ],
            details: &[
                "US, UK, Germany and Japan. SSO is required, EU data residency for Germany, no on-prem",
                "US, UK, Germany, Japan. SSO yes, EU residency for Germany, no on-prem",
            ],
            answers: &[
                "RFPs of this size are handled by a dedicated account executive and a proposal manager, and I've assigned them to you now — you'll get an intro email from {person} within the hour, and you can send the RFP documents to them directly. SSO and multi-region hosting, including EU data residency, are standard on Enterprise. They'll confirm receipt and give you a point of contact for clarification questions well before the {dom}.",
                "For {users} users, a dedicated account executive ({person}) and a proposal manager take RFPs; they're assigned now and will email you within the hour — send the documents to them. SSO and EU residency for Germany are standard on Enterprise. They'll confirm receipt well before the {dom}.",
            ],
            follow_ups: &[
                (
                    "[Can you also provide references from companies with over 1,000 users?|do you have references of our size?]",
                    "Yes — {person} can include references of similar size, including in Europe, with the submission. Reference calls are usually arranged once you've shortlisted vendors.",
                ),
                (
                    "[Do you have a data center in Japan?|is there hosting in Japan?]",
                    "Yes, Tokyo is one of the Enterprise regions, so the Japan users can be hosted there while Germany stays in the EU; the proposal for {company} will spell it out.",
                ),
                (
                    "[Will you sign our MSA instead of yours?|can we use our own contract paper?]",
                    "For an enterprise of {users} users that's common; legal reviews your MSA during the RFP, and {person} will flag any clauses early.",
                ),
            ],
            confirms: &[
                "Got the intro email from the account executive. RFP documents are on their way.",
                "[Ok, |]{person} emailed, sending the RFP pack now.",
            ],
            stuck: &[
                "Our procurement rules say RFPs go only through our supplier portal, not by email.",
                "The deadline moved up to this week — can the proposal team still make it?",
            ],
            slots: &[("users", SlotValues::Pick(&["1,500", "2,000", "2,500", "3,000", "1,200", "4,000"]))],
        },
        Topic {
            title: "Returning after choosing a competitor",
            complexity: Complexity::Complex,
            titles: &[
                "Returning prospect: {company}, {size} people",
                "Revisit after competitor didn't work out ({company})",
                "Pilot for a returning lead, contract ends in {month}",
            ],
            openers: &[
                "We talked to your team last year but went with someone else. Honestly it hasn't worked out. Can we revisit? We're {size} people now",
                "[Hi again — |]{company} picked another tool last year. Adoption is bad and we'd like to look at you again. {size} people now",
            ],
            clarify: &[
                "Thanks for coming back to us — and for being upfront. What hasn't worked out with the current tool, and when does that contract end?",
                "[Glad you came back.|Thanks for the honesty.] What isn't working, and when does that contract end?",
            ],
            details: &[
                "Adoption is terrible, people find it too complicated. Contract ends in {month}",
                "people hate using it. contract's up in {month}",
            ],
            answers: &[
                "Adoption is usually the deciding factor, so this time I'd suggest a pilot rather than only a demo: one or two teams use it for real work for three weeks, with help from our onboarding team. I can see your earlier conversations with us, so I've routed you back to the same account executive, {person}, who'll reach out with pilot options that fit your contract end in {month}. Anything from the previous evaluation, like the security review, can be refreshed rather than redone.",
                "This time a three-week pilot with one or two real teams will tell you more than a demo. I've routed {company} back to {person}, who ran last year's evaluation; they'll propose a pilot that finishes well before {month}, and last year's security review can be refreshed, not redone.",
            ],
            follow_ups: &[
                (
                    "[Last time the price was a sticking point. Has that changed?|is it still as expensive as last year?]",
                    "Pricing has changed since then, and there are now volume tiers starting at 75 seats, which {company} would qualify for at {size}. {person} will bring updated numbers.",
                ),
                (
                    "[How do we know adoption will be better?|what makes you think people will actually use it?]",
                    "The pilot measures it: weekly active users per team are in the admin dashboard, so after three weeks {company} has real numbers, not a promise.",
                ),
                (
                    "[Can you help move our data out of the other tool?|can you import from the tool we're on?]",
                    "Yes, the importer covers most tools, and for {size} people onboarding runs the migration with you once the pilot is approved.",
                ),
            ],
            confirms: &[
                "Ok, sounds like a plan. The account executive just emailed me.",
                "[Great, |]{person} just reached out about the pilot.",
            ],
            stuck: &[
                "{person} isn't at the company anymore according to LinkedIn, so who's our contact?",
                "We can't run a pilot — our current contract forbids using another tool in parallel.",
            ],
            slots: &[("size", SlotValues::Number { prefix: "", lo: 60, hi: 140, width: 1 })],
        },
        Topic {
            title: "Building a case for a VP",
            complexity: Complexity::Complex,
            titles: &[
                "Materials for a VP pitch: {size}-person ops team at {company}",
                "Business case deck for {first}'s VP",
                "Exec one-pager and ROI worksheet for {company}",
            ],
            openers: &[
                "I'm researching tools for our operations team ({size} people). I'm not the decision maker, I'd need to present options to my VP. Can you send me materials I can put in a deck?",
                "[Hi, |]I'm building a deck for my VP at {company} on tools for our ops team ({size} people). What can you send me?",
            ],
            clarify: &[
                "Of course — happy to help you build the case. What problems is your operations team hoping to solve?",
                "[Happy to help you make the case.|Of course.] What should the tool fix?",
            ],
            details: &[
                "About {size} people. Too much work is tracked in email, and the VP wants better visibility into what's late",
                "{size} people. everything lives in email and the VP can't see what's late",
            ],
            answers: &[
                "Here's what I'll send you: a one-page overview written for executives, a case study from an operations team of about {size}, an ROI worksheet to fill in with your own numbers, and screenshots of the portfolio dashboard, which is usually what VPs care about most. If it helps, an account executive can also join a 20-minute call with you and your VP to answer questions directly — that often speeds things up.",
                "I'll send four things: an executive one-pager, a case study from a similar {size}-person ops team, an ROI worksheet, and portfolio dashboard screenshots (what VPs usually ask about). {person} can also join a 20-minute call with you and your VP.",
            ],
            follow_ups: &[
                (
                    "[Is there anything on security I should include? Our VP will ask|what about security, my VP will ask]",
                    "I'll add the security overview, which covers SOC 2 Type II, encryption, SSO and data residency in two pages. It answers most first-round questions for {company}.",
                ),
                (
                    "[Can the ROI worksheet use our numbers?|can I plug in our own numbers?]",
                    "Yes, it's a spreadsheet: enter {size} people, hours spent chasing status each week and your loaded cost, and it calculates the payback period.",
                ),
                (
                    "[Do you have a case study from our industry?|anything from {industry}?]",
                    "There's one from a {industry} operations team I can add; {person} can also arrange a reference call if your VP wants one.",
                ),
            ],
            confirms: &[
                "Got everything, the one-pager is great. I'll present it on {day}.",
                "[Thanks, |]got the pack, presenting to my VP on {day}.",
            ],
            stuck: &[
                "My VP wants pricing in the deck, and the materials don't include any numbers.",
                "The case study link in the email goes to a page that says 'access denied'.",
            ],
            slots: &[("size", SlotValues::Number { prefix: "", lo: 20, hi: 60, width: 1 })],
        },
    ],
    input_tokens_per_conversation: (6_000, 9_000),
    extra_messages: 1,
    slots: &[
        ("ticket", SlotValues::Number { prefix: "LQ-", lo: 10000, hi: 99999, width: 5 }),
        ("team", SlotValues::Pick(&["sales development", "enterprise sales", "partnerships"])),
        ("system", SlotValues::Pick(&["the CRM"])),
        ("company", SlotValues::Pick(B2B_COMPANIES)),
        ("country", SlotValues::Pick(&["Brazil", "Mexico", "Colombia", "Chile", "Argentina", "Peru"])),
        ("month", SlotValues::Pick(MONTHS)),
        (
            "role",
            SlotValues::Pick(&[
                "director of eng ops",
                "VP of engineering",
                "engineering manager",
                "head of platform",
                "TPM lead",
            ]),
        ),
        (
            "industry",
            SlotValues::Pick(&[
                "logistics",
                "healthcare",
                "insurance",
                "retail",
                "manufacturing",
                "financial services",
            ]),
        ),
    ],
    greetings: &["Hi there!", "Hello!", "Hi {first}!", "Thanks for reaching out!", "Hi, thanks for stopping by!"],
    exchanges: &[
        (
            "[Is there a free trial?|can we try it first?]",
            "Yes, 14 days on the Business plan with no credit card. For larger teams we can extend it to 30 days with a guided setup — I'll note that on {ticket}.",
        ),
        (
            "[Do you have customers in our industry?|who else like us uses it?]",
            "We have customers in most industries, including {industry}. I'll include a relevant case study in the follow-up email under {ticket}.",
        ),
        (
            "[Can you send me a recording of a demo instead of a live call?|is there a recorded demo?]",
            "Sure — I've sent you a 15-minute recorded demo. If questions come up after watching it, reply to that email and {person} will pick them up.",
        ),
        (
            "[How long does implementation usually take?|how long to get up and running?]",
            "Most teams are up and running in one to two weeks; larger rollouts with migrations take four to six, with an onboarding specialist like {person} throughout.",
        ),
        (
            "[Is our data secure with you?|what about security?]",
            "We're SOC 2 Type II certified, data is encrypted in transit and at rest, and SSO is available on Business and Enterprise. The security overview is attached to {ticket}.",
        ),
        (
            "[Do you integrate with Salesforce?|does it connect to our CRM?]",
            "Yes, there's a native Salesforce integration that syncs accounts and opportunities with projects. It's included on Business and Enterprise — {person} can show it.",
        ),
        (
            "[Who would I be talking to on the call?|who's on the call?]",
            "An account executive for your region — {person} — plus a solutions engineer for technical questions if you need one. Calls are 30 minutes unless you ask for longer.",
        ),
        (
            "[Can you send pricing by email?|could I get pricing in an email?]",
            "Of course — list prices for all plans are on their way to your inbox under {ticket}. Custom pricing for larger teams comes from the account executive.",
        ),
        (
            "[Do you offer onboarding in other languages?|is onboarding only in English?]",
            "Onboarding calls are available in English, Spanish, Portuguese, French and German; tell {person} which you prefer.",
        ),
        (
            "[Can I loop in a colleague?|can I add someone to this?]",
            "Of course — share their email and I'll add them to {ticket}, so they get the same follow-ups and meeting invites.",
        ),
    ],
    handoffs: &[
        "Fair enough — a person can go deeper than I can. I've passed your details to {person} on our {team} team (reference {ticket}), and they'll be in touch {eta}.",
        "Let me get the right person on this. {person} from {team} has your notes as {ticket} and will contact you {eta}.",
        "That's beyond what I can answer well, so I've handed it to {person} on our {team} team under {ticket}. Expect to hear from them {eta}.",
    ],
    closings: &[
        "Looking forward to the conversation — talk soon!",
        "Thanks for your time today[, {first}|]!",
        "Reach out here any time if questions come up before the call.",
        "Good luck with the evaluation!",
    ],
};

const DOCUMENT_ANALYZER: KindProfile = KindProfile {
    base_name: "Document Analyzer",
    descriptions: &[
        "Extracts key terms, dates and obligations from contracts, invoices and policies.",
        "Summarizes long documents and answers questions about them with page references.",
        "Reviews uploaded PDFs and scans, pulls structured fields and flags unusual clauses.",
        "Compares document versions and highlights changes that need a human review.",
        "Reads leases, statements and board packs and turns them into tables and summaries.",
        "OCR, extraction and comparison for legal and finance documents, with section citations.",
    ],
    topics: &[
        Topic {
            title: "Summarize a facilities contract",
            complexity: Complexity::Simple,
            titles: &[
                "Summary of '{vendor} MSA.pdf' ({pages} pages)",
                "Key terms: {vendor} facilities contract",
                "Contract summary for {manager}: {vendor}",
            ],
            openers: &[
                "Can you give me a quick summary of this contract? Uploaded '{vendor} MSA.pdf', {pages} pages. Just need the basics for my manager",
                "[Hi, |]need the key terms of the {vendor} services agreement I just uploaded ({pages} pages) for {manager}",
            ],
            clarify: &[
                "Got it — I've processed all {pages} pages. Do you want a plain-language summary, or a list of key terms like dates, fees and termination?",
                "[All {pages} pages are in.|I've read the whole thing.] Plain summary, or key terms as a list?",
            ],
            details: &["Key terms please, bullet style", "key terms, bullets"],
            answers: &[
                "Key terms from '{vendor} MSA.pdf': Parties — your company and {vendor} (p. 1). Term — 3 years from the March 1 effective date, auto-renewing for 1-year periods unless either side gives 90 days' notice (s. 12.1). Fees — {amount} per month, with annual increases capped at 3% (Schedule B). Termination for convenience — either party, on 60 days' notice, no penalty after year one (s. 12.3). Liability — capped at 12 months of fees, excluding confidentiality breaches (s. 15).",
                "The {vendor} agreement in brief: 3-year term from March 1 that auto-renews yearly unless 90 days' notice is given (s. 12.1); {amount} a month, increases capped at 3% a year (Schedule B); either side can terminate on 60 days' notice after year one (s. 12.3); liability capped at 12 months of fees (s. 15).",
            ],
            follow_ups: &[
                (
                    "[When's the last day we could give notice to stop it renewing?|what's the notice deadline for non-renewal?]",
                    "The initial term ends after three years, so non-renewal notice to {vendor} is due 90 days before that — around December 1 of the third year (s. 12.1). A reminder in October leaves time for a review.",
                ),
                (
                    "[Is there anything unusual in it?|anything I should warn {manager} about?]",
                    "One thing: s. 9.2 lets {vendor} subcontract without your consent, which is less common in facilities deals. Everything else is standard.",
                ),
                (
                    "[Who signed it on their side?|who's the signatory for {vendor}?]",
                    "{coworker} {other_last}, listed as Regional Director on the signature page (p. {pages}).",
                ),
            ],
            confirms: &[
                "Perfect, that's exactly what my manager wanted.",
                "[Great, |]sending the {vendor} summary to {manager}.",
            ],
            stuck: &[
                "That's not the fee I see — Schedule B in my copy says a different monthly amount than {amount}.",
                "The version I uploaded is the unsigned draft, I need the executed one summarized instead.",
            ],
            slots: &[
                ("pages", SlotValues::Number { prefix: "", lo: 14, hi: 48, width: 1 }),
                ("amount", SlotValues::Money { symbol: "$", lo: 420000, hi: 1850000, step: 10000 }),
            ],
        },
        Topic {
            title: "Extract fields from six invoices",
            complexity: Complexity::Simple,
            titles: &[
                "Extract fields from {count} invoices to CSV",
                "Invoice data extraction: {count} PDFs from {vendor}",
                "Invoice totals check ({count} files)",
            ],
            openers: &[
                "pull the invoice number, date, total and due date out of these {count} invoices pls, uploaded as a zip",
                "[Hi! |]I uploaded {count} invoices from {vendor}. Can you get me number, date, total and due date for each?",
            ],
            clarify: &[
                "Sure! I've unpacked the zip and found {count} PDFs. Do you want the output as a table here, or as a CSV you can download?",
                "[Got all {count}.|All {count} PDFs are in.] Table in the chat, or a CSV?",
            ],
            details: &["CSV", "csv please"],
            answers: &[
                "Done — I've extracted the fields from all {count} invoices into 'invoices_extracted.csv' with the columns invoice_number, invoice_date, total, currency and due_date. Two things to check: {invoice} shows a total of {amount} but its line items add up to {amount_less} (p. 1), and one invoice has no due date printed, so that cell is blank and marked in a notes column.",
                "'invoices_extracted.csv' is ready — {count} rows with number, date, total, currency and due date. Check {invoice}: the printed total is {amount}, but the line items sum to {amount_less}. One other invoice has no due date, flagged in the notes column.",
            ],
            follow_ups: &[
                (
                    "[Can you add the vendor name as a column too?|can you add the supplier name?]",
                    "Added — the CSV now has a vendor_name column, taken from each invoice's letterhead. All {count} names were clearly legible.",
                ),
                (
                    "[Can you convert everything to USD?|can the totals be in dollars?]",
                    "Added a total_usd column using the ECB rate on each invoice date; {invoice} converts at the rate for its date.",
                ),
                (
                    "[Are any of them duplicates?|did they bill anything twice?]",
                    "No duplicates among the {count} — invoice numbers and amounts are all distinct.",
                ),
            ],
            confirms: &[
                "Got the CSV, looks right. Good catch on the total mismatch.",
                "[Got it, |]I'll ask {vendor} about {invoice}.",
            ],
            stuck: &[
                "The CSV has only half the invoices in it — the scanned ones are missing.",
                "The dates came out in the wrong format, month and day are swapped for {vendor}'s invoices.",
            ],
            slots: &[
                ("count", SlotValues::Number { prefix: "", lo: 4, hi: 12, width: 1 }),
                ("invoice", SlotValues::Number { prefix: "INV-", lo: 30000, hi: 39999, width: 5 }),
                ("amount", SlotValues::Money { symbol: "€", lo: 120000, hi: 480000, step: 500 }),
                ("amount_less", SlotValues::Derived(amount_minus_45)),
            ],
        },
        Topic {
            title: "Find the tenant termination clause",
            complexity: Complexity::Simple,
            titles: &[
                "Tenant termination clause in the {site} lease",
                "Early termination in a {pages}-page lease",
                "Where's the break clause? ({site})",
            ],
            openers: &[
                "where's the termination clause in the lease I uploaded? {pages} pages and no table of contents",
                "[Hi, |]can you find the early termination section in the {site} lease? It's {pages} pages",
            ],
            clarify: &[
                "No problem. Are you looking for termination by the tenant, by the landlord, or both?",
                "[Sure.|On it.] Termination by you as tenant, by the landlord, or both?",
            ],
            details: &["by us, the tenant", "tenant side"],
            answers: &[
                "Tenant termination is in Section 18.2 'Early Termination', pages {page}–{page_next}. It allows early termination after the 5th lease year with 12 months' written notice and a termination fee equal to 6 months of base rent. There's also a separate termination right in Section 22.4 if the premises are damaged and can't be restored within 180 days.",
                "It's Section 18.2, 'Early Termination', on pages {page}–{page_next} of the {site} lease: after year five, 12 months' written notice plus a fee of 6 months' base rent. Section 22.4 adds a right to terminate if the premises are damaged and not restored within 180 days.",
            ],
            follow_ups: &[
                (
                    "[Does the notice have to be sent a certain way?|can I just email the landlord?]",
                    "Written notice by courier or certified mail to the landlord's address in Section 27 'Notices', with a copy by email. Email alone doesn't count under the {site} lease.",
                ),
                (
                    "[When does year five start?|when can we first use it?]",
                    "The commencement date on page 2 is the {dom} of {month}, so the right opens on that date in year five.",
                ),
                (
                    "[How much would the fee be?|what's six months of rent here?]",
                    "Base rent is {rent} a month per Schedule 1, so six months is {fee} before any escalation adjustments.",
                ),
            ],
            confirms: &["Found it, that saved me a lot of scrolling.", "[Perfect, |]page {page}, got it."],
            stuck: &[
                "Section 18.2 in my copy is about signage, not termination — maybe the numbering is off.",
                "There's an amendment from {month} that changes the notice period, and it's not in what I uploaded.",
            ],
            slots: &[
                ("pages", SlotValues::Number { prefix: "", lo: 40, hi: 90, width: 1 }),
                ("page", SlotValues::Number { prefix: "", lo: 31, hi: 39, width: 1 }),
                ("page_next", SlotValues::Derived(page_plus_one)),
                ("site", SlotValues::Pick(LEASE_SITES)),
                ("rent", SlotValues::Money { symbol: "$", lo: 800000, hi: 2400000, step: 50000 }),
                ("fee", SlotValues::Derived(six_months_rent)),
            ],
        },
        Topic {
            title: "Summarize a letter in German",
            complexity: Complexity::Simple,
            titles: &[
                "Summary of a German letter from {supplier}",
                "Supplier price increase letter ({supplier})",
                "Translate the gist of a letter from {supplier}",
            ],
            openers: &[
                "Got a letter from a supplier in German. Can you tell me what it says? I uploaded a photo of it",
                "[Hi, |]{supplier} sent us a letter in German, photo attached. What do they want?",
            ],
            clarify: &[
                "Sure. The photo is readable, though the bottom edge is slightly cut off. Do you want a full translation, or a short summary of what they're asking for?",
                "[I can read it.|The photo is mostly readable.] Full translation or just the gist?",
            ],
            details: &["Summary is fine", "just the gist"],
            answers: &[
                "Here's the gist: the supplier, {supplier}, is announcing a {increase}% price increase on all corrugated packaging from the first of next month, citing raw material and energy costs. Orders placed before the end of this month will be invoiced at current prices. They ask you to confirm your volume forecast for next quarter by the 20th. The last two lines are cut off in the photo, so I couldn't read the signature block.",
                "{supplier} is raising prices on corrugated packaging by {increase}% from next month (raw material and energy costs). Anything ordered this month is billed at today's prices, and they want your next-quarter volume forecast by the 20th. The signature block is cut off in the photo.",
            ],
            follow_ups: &[
                (
                    "[Do they say if the increase is negotiable?|can we push back on it?]",
                    "Not directly. The letter invites you to contact your account manager 'for questions about your individual conditions', which in German business letters usually signals some room to discuss the {increase}%.",
                ),
                (
                    "[Who's our contact there?|who should we reply to?]",
                    "The letterhead names {coworker} Hofmann in sales as your contact at {supplier}, with a direct phone number.",
                ),
                (
                    "[Can you draft a reply in German?|could you write a short answer in German?]",
                    "Here's a short draft confirming receipt and asking {supplier} for a call about the {increase}% before the 20th — please have a fluent speaker check the tone.",
                ),
            ],
            confirms: &["Great, that's clear enough.", "[Ok, |]I'll forward the {supplier} summary to purchasing."],
            stuck: &[
                "The part that's cut off might be the important bit, and I can't get a better photo until {day}.",
                "Purchasing says it's actually about a different product line, not packaging.",
            ],
            slots: &[
                (
                    "supplier",
                    SlotValues::Pick(&[
                        "Keller Verpackungen GmbH",
                        "Brandt Logistik AG",
                        "Vogel Kartonagen GmbH",
                        "Schuster & Söhne KG",
                        "Weber Industriebedarf GmbH",
                    ]),
                ),
                ("increase", SlotValues::Pick(&["4.5", "5", "6.5", "7", "8"])),
            ],
        },
        Topic {
            title: "Compare two contract versions",
            complexity: Complexity::Moderate,
            titles: &[
                "Compare v2 and v3 of the {vendor} SaaS agreement",
                "Redline summary: {vendor} agreement v3",
                "What changed in {vendor} contract v3?",
            ],
            openers: &[
                "Legal sent back v3 of the SaaS agreement with {vendor}. Can you compare it against v2 and tell me what changed? Both uploaded",
                "[Hi, |]two versions of the {vendor} agreement uploaded (v2 and v3). What's different?",
            ],
            clarify: &[
                "I've loaded both versions: v2 is {pages} pages and v3 is one page longer. Should I list every change, including formatting and numbering, or only substantive changes?",
                "[Both are in.|Loaded both.] Every change, or only the substantive ones?",
            ],
            details: &["Substantive only", "only what matters"],
            answers: &[
                "Substantive changes from v2 to v3: 1) Liability cap (s. 10.1) changed from 'fees paid in the prior 12 months' to 'fees paid in the prior 6 months', which lowers the cap. 2) New s. 7.4 lets {vendor} use aggregated, anonymized usage data for product improvement. 3) Payment terms (s. 5.2) changed from net 45 to net 30. 4) Removed: the customer's right to terminate for convenience (old s. 13.3). 5) Governing law changed from New York to Delaware (s. 16).",
                "Five real changes in v3: the liability cap drops from 12 to 6 months of fees (s. 10.1); a new s. 7.4 lets {vendor} use anonymized usage data; payment moves from net 45 to net 30 (s. 5.2); your termination for convenience (old s. 13.3) is gone; and governing law moves to Delaware (s. 16).",
            ],
            follow_ups: &[
                (
                    "[Was anything added about data security?|did the security terms change?]",
                    "Only indirectly, through the new s. 7.4 on anonymized usage data. The security exhibit (Exhibit C) is identical in both versions of the {vendor} agreement — no changes to encryption, breach notification or audit rights.",
                ),
                (
                    "[Which change should we push back on first?|what matters most here?]",
                    "I can't advise, but commercially the removed termination right and the halved liability cap have the biggest effect; {manager} or legal may want to start there.",
                ),
                (
                    "[Can you give me a redline?|can I get it as a redline PDF?]",
                    "Done — 'v2_vs_v3_redline.pdf' shows every change, with the five substantive ones highlighted for the {vendor} review.",
                ),
            ],
            confirms: &[
                "That's super helpful, sending this to our lawyer now.",
                "[Great, |]forwarding the {vendor} comparison to legal.",
            ],
            stuck: &[
                "Legal says v3 also changed the SLA credits, but that's not in your list.",
                "The v3 I uploaded turns out to be a scan, and the comparison missed the handwritten edits.",
            ],
            slots: &[("pages", SlotValues::Number { prefix: "", lo: 14, hi: 32, width: 1 })],
        },
        Topic {
            title: "Check a vendor W-9",
            complexity: Complexity::Moderate,
            titles: &[
                "W-9 check before vendor setup: {agency}",
                "Is {agency}'s W-9 complete?",
                "Vendor onboarding W-9 review ({agency})",
            ],
            openers: &[
                "Can you check if this vendor W-9 is filled out correctly before I set them up in the system?",
                "[Hi, |]uploaded a W-9 from {agency}. Anything wrong with it before I enter them in AP?",
            ],
            clarify: &[
                "Sure — I can see the uploaded W-9. Is the vendor a company or an individual contractor? The required lines differ.",
                "[Happy to check.|Sure.] Is {agency} a company or an individual?",
            ],
            details: &["It's an LLC, a small marketing agency", "LLC — small agency"],
            answers: &[
                "Most of {agency}'s form is complete, but there are two issues: 1) Line 3 has 'LLC' checked but the tax classification letter (C, S or P) is blank, which is required for LLCs. 2) The form isn't dated in Part II. The TIN is in the EIN field and correctly formatted, and the form is signed. I'd send it back to the vendor to add the classification and date before setting them up. For privacy, I haven't repeated the TIN here.",
                "Two fixes needed on {agency}'s W-9: the LLC tax classification letter on line 3 is missing, and Part II isn't dated. The EIN is in the right field and the form is signed. Send it back for those two items; I haven't repeated the TIN here.",
            ],
            follow_ups: &[
                (
                    "[Is an electronic signature ok on a W-9?|can they e-sign it?]",
                    "Generally yes, as long as it comes from the vendor. Your AP policy may have its own rule, so it's worth checking with {coworker} in AP.",
                ),
                (
                    "[Do we need a W-9 if they're paid under $600?|is it needed for small amounts?]",
                    "Most AP teams collect it from every vendor regardless of amount, since 1099 totals are only known at year end — {agency} should send one anyway.",
                ),
                (
                    "[Does the address need to match their invoices?|their invoice has a different address?]",
                    "It should match the address you'll send the 1099 to; if {agency}'s invoices use another one, ask which is their mailing address.",
                ),
            ],
            confirms: &[
                "Sent it back, the vendor already returned a fixed one and it checks out.",
                "[Ok, |]{agency} sent a corrected W-9 and it passes.",
            ],
            stuck: &[
                "{agency} says they're a sole proprietor, not an LLC, so the form may be wrong altogether.",
                "The corrected form they sent has a different EIN than the first one.",
            ],
            slots: &[(
                "agency",
                SlotValues::Pick(&[
                    "Brightside Creative LLC",
                    "North Loop Media LLC",
                    "Fable & Co. LLC",
                    "Pixel Harbor LLC",
                    "Tandem Studio LLC",
                    "Wildflower Marketing LLC",
                ]),
            )],
        },
        Topic {
            title: "Action items from board minutes",
            complexity: Complexity::Moderate,
            titles: &[
                "Action items from {quarter} board minutes",
                "Owners and deadlines from the {quarter} board meeting",
                "Board minutes ({pages} pages): follow-ups",
            ],
            openers: &[
                "Here are the minutes from our {quarter} board meeting (PDF, {pages} pages). Can you pull out all action items with owners and deadlines?",
                "[Hi, |]{quarter} board minutes uploaded ({pages} pages). I need every action item with owner and due date",
            ],
            clarify: &[
                "I've read all {pages} pages. Do you want only explicit action items, or should I also include decisions that imply follow-up work?",
                "[All {pages} pages read.|Done reading.] Explicit action items only, or implied ones too?",
            ],
            details: &["Explicit ones, but flag the implied ones separately", "explicit, implied ones separately"],
            answers: &[
                "I found 7 explicit action items: 1) Finalize the budget revision — CFO — by the 15th. 2) Circulate the revised hiring plan — COO — before the next meeting. 3) Engage outside counsel on the lease renewal — General Counsel — no date given. 4) Present vendor consolidation options — VP Operations — next quarter. 5) Update the risk register — Head of Compliance — by month end. 6) Schedule the auditor session — CFO — within 30 days. 7) Share the {quarter} customer churn analysis — CEO — at the next meeting. Two implied follow-ups are listed separately at the end.",
                "Seven explicit items in the {quarter} minutes, each with owner and deadline: budget revision (CFO, the 15th), revised hiring plan (COO, next meeting), outside counsel on the lease (General Counsel, no date), vendor consolidation options (VP Ops, next quarter), risk register update (Compliance, month end), auditor session (CFO, 30 days) and the churn analysis (CEO, next meeting). Two implied ones are listed separately.",
            ],
            follow_ups: &[
                (
                    "[Can you put that into a table I can paste into an email?|table format please?]",
                    "Done — it's formatted as a table with columns for action, owner, deadline and page, ready to paste. Item 3 shows 'not specified' under deadline, so you may want to ask the General Counsel for a date before the {quarter} follow-up goes out.",
                ),
                (
                    "[What were the implied ones?|and the implied items?]",
                    "1) The board asked for 'more detail on pipeline' — likely a sales update from the CRO. 2) The note on the {month} offsite suggests someone owns the planning, but no name is given.",
                ),
                (
                    "[Did they approve the budget?|was the budget approved?]",
                    "Approved subject to the CFO's revision due on the 15th — the vote is recorded on page {vote_page}.",
                ),
            ],
            confirms: &[
                "Table looks great, pasting it into the follow-up email now.",
                "[Perfect, |]sending the {quarter} action items to the board secretary.",
            ],
            stuck: &[
                "Two of the owners you listed left the company, and the minutes don't say who took over.",
                "The CEO says there was an eighth item that was discussed but isn't in these minutes.",
            ],
            slots: &[
                ("pages", SlotValues::Number { prefix: "", lo: 9, hi: 24, width: 1 }),
                ("quarter", SlotValues::Pick(&["Q1", "Q2", "Q3", "Q4"])),
                ("vote_page", SlotValues::Number { prefix: "", lo: 2, hi: 8, width: 1 }),
            ],
        },
        Topic {
            title: "Reconcile a bank statement",
            complexity: Complexity::Moderate,
            titles: &[
                "Bank reconciliation for {month}: statement vs books",
                "Unmatched transactions for {month}",
                "Statement vs accounting export — {month} close",
            ],
            openers: &[
                "I have our bank statement for last month (PDF) and an export from our accounting system (CSV). Can you find the transactions that don't match?",
                "[Hi, |]{month} bank statement and the ledger export are uploaded. What doesn't match?",
            ],
            clarify: &[
                "Sure. I've read both: {stmt} transactions on the statement and {books} in the export. Should I match on amount and date only, or also use the description or reference?",
                "[Both read: {stmt} vs {books} lines.|Got both files.] Match on amount and date, or on references too?",
            ],
            details: &["Amount and date, date can be off by 2-3 days", "amount + date, allow a few days"],
            answers: &[
                "Matching on amount with a 3-day date window, there are 7 unmatched items. On the statement only: a $45.00 monthly bank fee, two card refunds of $129.99 and $18.50, an incoming wire of {wire} from {company}, and an ACH debit of $612.37 labeled 'PAYROLL TAX ADJ'. In the accounting export only: check #{check} for $960.00 and check #{check2} for $2,310.00, which haven't cleared. The list is saved as 'unmatched_items.csv'.",
                "With amount matching and a 3-day window: 5 items are only on the statement (a $45.00 bank fee, refunds of $129.99 and $18.50, a {wire} wire from {company}, a $612.37 'PAYROLL TAX ADJ' debit) and 2 only in the books (checks #{check} and #{check2}, not cleared yet). All 7 are in 'unmatched_items.csv'.",
            ],
            follow_ups: &[
                (
                    "[Are the two checks just timing, or should I worry?|should I worry about the checks?]",
                    "Both were written in the last four days of {month}, so they're most likely outstanding checks that will clear this month. I'd mark #{check} and #{check2} as outstanding and look again in a week.",
                ),
                (
                    "[What's the payroll tax adjustment?|any idea what PAYROLL TAX ADJ is?]",
                    "The statement only gives the label; it's usually a quarterly correction from the payroll provider. {coworker} in payroll can confirm it against the {month} filing.",
                ),
                (
                    "[Where should the {company} wire go?|which account does the wire belong to?]",
                    "The reference on the wire matches an open invoice to {company} in the export's receivables, so it's likely that payment — it was just never recorded.",
                ),
            ],
            confirms: &["Reconciled, the numbers tie out now.", "[Done, |]{month} reconciles now, thanks."],
            stuck: &[
                "The statement PDF is missing the last page, so {month} isn't complete in what I uploaded.",
                "Our books show the {company} wire on a different date and amount, so I can't just record it.",
            ],
            slots: &[
                ("stmt", SlotValues::Number { prefix: "", lo: 180, hi: 260, width: 1 }),
                ("books", SlotValues::Derived(statement_minus_five)),
                ("wire", SlotValues::Money { symbol: "$", lo: 150000, hi: 980000, step: 5000 }),
                ("check", SlotValues::Number { prefix: "", lo: 1100, hi: 1400, width: 4 }),
                ("check2", SlotValues::Derived(check_plus_three)),
            ],
        },
        Topic {
            title: "Unreadable pages in an old scan",
            complexity: Complexity::Moderate,
            titles: &[
                "OCR fails on pages {first_page}-{last_page} of a {year} scan",
                "Unreadable pages in the {year} {doc} scan",
                "Re-run OCR on a crooked {year} scan",
            ],
            openers: &[
                "The analyzer keeps saying it can't read pages {first_page}-{last_page} of this scanned {doc}. It's an old scan from {year} but I can read it fine on screen",
                "[Hi, |]pages {first_page} to {last_page} of the {year} {doc} come out blank. What's wrong with them?",
            ],
            clarify: &[
                "Thanks for flagging it. Is the file a PDF straight from a scanner, or photos of the pages combined into a PDF?",
                "[Let me look at the file.|Checking the scan.] Scanner PDF, or photos put together?",
            ],
            details: &["Scanner, but the pages are a bit crooked", "scanner, pages a bit crooked"],
            answers: &[
                "Pages {first_page} to {last_page} were scanned at 150 dpi and are rotated by about 4 degrees, which is fine for human eyes but below what text recognition handles reliably. I've re-run those pages with deskewing and enhanced OCR, and all but one are now readable. Page {last_page} still has a few low-confidence passages in section 8.3, which I've highlighted — please check them against the original before relying on them.",
                "Those pages are 150 dpi and tilted about 4 degrees — readable for people, not for OCR. After deskewing and enhanced OCR, everything but page {last_page} reads cleanly; its low-confidence passages in section 8.3 are highlighted for you to check against the paper {doc}.",
            ],
            follow_ups: &[
                (
                    "[What resolution should we scan at going forward?|how should we scan next time?]",
                    "300 dpi in grayscale works best for text, with the page as straight as possible. Use color at 300 dpi if there are stamps or signatures, like the ones in this {year} {doc}.",
                ),
                (
                    "[Can you fix the rest of the file too?|are other pages affected?]",
                    "I checked every page; only {first_page} to {last_page} were below the OCR threshold, and they're fixed except the flagged passages.",
                ),
                (
                    "[Can I get a searchable PDF back?|can you give me the fixed PDF?]",
                    "Yes — '{doc}_{year}_searchable.pdf' has the text layer for every page, including the re-run ones.",
                ),
            ],
            confirms: &[
                "The pages come through now, and section 8.3 checked out against the paper copy.",
                "[Great, |]pages {first_page}-{last_page} are readable now.",
            ],
            stuck: &[
                "Page {last_page} is the one with the payment terms, so I can't use the low-confidence text.",
                "We don't have the paper original anymore, only this {year} scan.",
            ],
            slots: &[
                ("first_page", SlotValues::Number { prefix: "", lo: 2, hi: 9, width: 1 }),
                ("last_page", SlotValues::Derived(page_plus_four)),
                ("year", SlotValues::Pick(&["2009", "2011", "2012", "2013", "2014", "2016"])),
                (
                    "doc",
                    SlotValues::Pick(&["contract", "lease", "supply agreement", "loan agreement", "license agreement"]),
                ),
            ],
        },
        Topic {
            title: "Abstract a portfolio of 14 leases",
            complexity: Complexity::Complex,
            titles: &[
                "Lease abstracts for {leases} office locations",
                "Portfolio of {leases} leases: table for the CFO by {day}",
                "Co-tenancy and escalations across {leases} leases",
            ],
            openers: &[
                "I uploaded {leases} commercial leases for our office locations. I need a table with landlord, location, start/end dates, base rent, escalations, renewal options and any co-tenancy clauses. Due to our CFO {day}",
                "[Hi, |]{leases} store leases are uploaded — can you abstract them into one table for the CFO by {day}?",
            ],
            clarify: &[
                "I've received all {leases} leases ({total_pages} pages in total). Two have amendments filed as separate documents — should I apply the amendments and show current terms, or show the original lease terms?",
                "[All {leases} are in.|Got them — {total_pages} pages.] Two have separate amendments: apply them, or show original terms?",
            ],
            details: &["Apply the amendments, current terms", "current terms with amendments"],
            answers: &[
                "All {leases} leases are abstracted in 'lease_abstracts.xlsx', one row per location, with a page reference for every field and amendments applied where present. Worth flagging to your CFO: 1) Three leases expire within 18 months — {site}, Oak Street and Northgate. 2) Two have co-tenancy clauses allowing reduced rent if an anchor tenant leaves: Westfield Commons (s. 14.2) and Harbor Point (s. 9.6). 3) Escalations range from fixed 2.5% to CPI-linked with a 4% cap.",
                "'lease_abstracts.xlsx' has {leases} rows with page references for every field, amendments applied. For the CFO: {site}, Oak Street and Northgate expire within 18 months; Westfield Commons and Harbor Point have co-tenancy clauses; escalations run from fixed 2.5% to CPI capped at 4%.",
            ],
            follow_ups: &[
                (
                    "[Can you add a column for the total remaining rent per lease?|can I get remaining rent per lease?]",
                    "Added — 'remaining_base_rent' runs from today to each lease's expiry using the scheduled escalations. CPI-linked leases use the cap as a conservative estimate, noted in the column header; {site} is the largest.",
                ),
                (
                    "[Which renewal options are coming up soonest?|any renewal deadlines soon?]",
                    "{site} has the earliest: the renewal notice is due 9 months before expiry, which falls in {month}. It's highlighted in the sheet.",
                ),
                (
                    "[Any leases with personal guarantees?|are any personally guaranteed?]",
                    "One — the oldest lease, {site}, has a guarantee from the former owner (s. 31). The other {leases_minus_one} have corporate guarantees or none.",
                ),
            ],
            confirms: &[
                "This is great. The CFO can work with this.",
                "[Perfect, |]sending the {leases} abstracts to the CFO before {day}.",
            ],
            stuck: &[
                "The {site} row shows the old rent — the amendment with the new rent must be missing.",
                "Two of the leases are in French and the abstracts for those came out mostly empty.",
            ],
            slots: &[
                ("leases", SlotValues::Number { prefix: "", lo: 9, hi: 22, width: 1 }),
                ("leases_minus_one", SlotValues::Derived(leases_minus_one)),
                ("total_pages", SlotValues::Derived(lease_pages)),
                ("site", SlotValues::Pick(LEASE_SITES)),
            ],
        },
        Topic {
            title: "Water damage coverage in a property policy",
            complexity: Complexity::Complex,
            titles: &[
                "Water damage coverage: burst pipe at the {warehouse} office",
                "Property policy check before the broker call ({pages} pages)",
                "Flood vs. pipe burst under our policy — {warehouse}",
            ],
            openers: &[
                "We had water damage at our {warehouse} office last week. I uploaded our property insurance policy ({pages} pages) and endorsements. Does it cover flood from a burst pipe vs. actual flooding? Need to know before calling the broker",
                "[Hi, |]a pipe burst at the {warehouse} office. Policy ({pages} pages) and endorsements uploaded — are we covered?",
            ],
            clarify: &[
                "I'm sorry about the office. I've processed the policy and 4 endorsements. To check the right provisions: did the water come from inside the building, like a pipe or sprinkler, or from outside, like a river or heavy rain?",
                "[Sorry to hear it.|That sounds stressful.] Did the water come from inside, like a pipe, or from outside?",
            ],
            details: &["From inside, a burst sprinkler pipe", "inside — sprinkler pipe burst"],
            answers: &[
                "I can't give a coverage opinion, but here's what the policy says: 1) Water damage from a 'sudden and accidental discharge' from plumbing or fire protection systems is covered under Section III.B. 2) Flood, defined as surface water or overflow from outside, is excluded in Section IV.A.3, but Endorsement 2 adds flood coverage with a $250,000 sublimit. 3) Damage from leaks 'continuing over a period of 14 days or more' is excluded. A burst sprinkler pipe reads as the first case — the broker will confirm for the {warehouse} claim.",
                "Not a coverage opinion, but the wording: sudden discharge from plumbing or sprinklers is covered (Section III.B); outside flood is excluded (IV.A.3) except a $250,000 sublimit in Endorsement 2; slow leaks over 14 days are excluded. A burst sprinkler pipe at {warehouse} looks like the covered case — confirm with the broker.",
            ],
            follow_ups: &[
                (
                    "[Does it cover the inventory that got ruined, or just the building?|is the damaged stock covered?]",
                    "Business personal property, including inventory, is covered under Coverage B with a {limit} limit at replacement cost. Inventory held on consignment for others has a separate $100,000 limit.",
                ),
                (
                    "[What's the deductible?|how much do we pay ourselves?]",
                    "The declarations page lists a {deductible} deductible per occurrence for water damage at {warehouse}.",
                ),
                (
                    "[Is there a deadline to report it?|how soon do we have to tell them?]",
                    "'Prompt notice' under Section VI, with a sworn proof of loss within 60 days of the insurer's request — worth calling the broker before {day}.",
                ),
            ],
            confirms: &[
                "That's exactly what I needed for the broker call.",
                "[Great, |]I have what I need for the broker on the {warehouse} claim.",
            ],
            stuck: &[
                "The adjuster says the pipe had been leaking for weeks, so the 14-day exclusion might apply.",
                "Endorsement 3 is missing from what I uploaded, and the broker says it changes the water damage terms.",
            ],
            slots: &[
                ("warehouse", SlotValues::Pick(&["Reno", "Columbus", "Fresno", "Memphis", "Allentown", "Joliet"])),
                ("pages", SlotValues::Number { prefix: "", lo: 60, hi: 120, width: 1 }),
                ("limit", SlotValues::Pick(&["$2.4 million", "$3.2 million", "$4 million", "$5.5 million"])),
                ("deductible", SlotValues::Pick(&["$10,000", "$25,000", "$50,000"])),
            ],
        },
        Topic {
            title: "Due diligence data room review",
            complexity: Complexity::Complex,
            titles: &[
                "Due diligence review of {docs} data room documents",
                "Change-of-control and litigation flags: {target}",
                "Data room findings report for the {target} deal",
            ],
            openers: &[
                "We're doing due diligence on a small acquisition. There are {docs} documents in the data room export I uploaded. Can you flag change-of-control clauses, exclusivity, and anything about pending litigation?",
                "[Hi, |]data room for {target} is uploaded ({docs} docs). I need change of control, exclusivity and litigation flagged",
            ],
            clarify: &[
                "I've started on the {docs} documents; about 40 are scanned images, which take longer. Do you want results as they come in, grouped by document, or one report at the end grouped by issue type?",
                "[Working through all {docs}.|Started on the {docs} documents.] Results as they come, or one report grouped by issue?",
            ],
            details: &["Single report grouped by issue type", "one report by issue type"],
            answers: &[
                "The report is ready as 'dd_findings.docx', grouped by issue type with document names and page references. Summary: 1) Change of control — 9 contracts require consent or allow termination on a change of control, including the two largest customer agreements (Northbridge Health and Carver Logistics). 2) Exclusivity — 3 agreements, one of which bars selling to a key customer's competitors until the end of next year. 3) Litigation — one pending employment claim and a settled IP dispute from {year}; no other active matters. For {target}, the change-of-control clauses are the ones to raise with deal counsel.",
                "'dd_findings.docx' covers all {docs} documents for {target}: 9 change-of-control clauses (including the two biggest customers, Northbridge Health and Carver Logistics), 3 exclusivity provisions, one pending employment claim and an IP dispute settled in {year}. Each finding has a document name and page.",
            ],
            follow_ups: &[
                (
                    "[Which of the change-of-control ones are the most urgent?|which change-of-control clauses matter most?]",
                    "The two customer agreements: they allow termination on a change of control and, per the financial statements in the data room, account for about 40% of {target}'s revenue. Both require notice within 30 days of closing.",
                ),
                (
                    "[Anything about key employees?|are there retention or non-compete issues?]",
                    "Two founder agreements at {target} have non-competes that end at closing, and there's no retention plan in the data room — worth asking for one.",
                ),
                (
                    "[How confident are you on the scanned ones?|were the scans readable?]",
                    "All but 3 of the scanned documents read cleanly; those 3 are listed at the end of the {target} report for a manual check.",
                ),
            ],
            confirms: &[
                "This is a huge help. Forwarding to our deal counsel.",
                "[Great, |]sending the {target} findings to deal counsel.",
            ],
            stuck: &[
                "Deal counsel found a change-of-control clause in a supplier contract that's not in the report.",
                "The data room was updated yesterday with 30 more documents, so the report is already out of date.",
            ],
            slots: &[
                ("docs", SlotValues::Number { prefix: "", lo: 140, hi: 320, width: 1 }),
                (
                    "target",
                    SlotValues::Pick(&[
                        "Ridgeline Software",
                        "Copperfield Labs",
                        "Baywater Analytics",
                        "Tallgrass Systems",
                        "Quarry Street Health",
                    ]),
                ),
                ("year", SlotValues::Pick(&["2019", "2020", "2021", "2022"])),
            ],
        },
    ],
    input_tokens_per_conversation: (14_000, 18_000),
    extra_messages: 0,
    slots: &[
        ("ticket", SlotValues::Number { prefix: "REV-", lo: 10000, hi: 99999, width: 5 }),
        ("team", SlotValues::Pick(&["legal operations", "contract review", "finance operations"])),
        ("system", SlotValues::Pick(&["the document store"])),
        ("vendor", SlotValues::Pick(DOC_VENDORS)),
        ("company", SlotValues::Pick(B2B_COMPANIES)),
        ("month", SlotValues::Pick(MONTHS)),
    ],
    greetings: &["Hi {first}!", "Hi there!", "Hello!", "Sure, {first}.", "Hi!"],
    exchanges: &[
        (
            "[How long do you keep the files I upload?|do you store my uploads?]",
            "Uploaded documents stay available in this conversation for 30 days and are then deleted automatically. You can delete them earlier from the Files panel, {first}.",
        ),
        (
            "[Can you export this as a Word document?|can I get it in Word?]",
            "Yes — I've saved the results as a .docx file you can download from the Files panel. Page and section references are kept as footnotes; it's filed under {ticket}.",
        ),
        (
            "[How accurate is this? Should I double-check anything?|can I trust this completely?]",
            "Extraction from clean digital PDFs is very reliable; scanned pages are less so. I've marked any value with low OCR confidence, and anything legally significant is worth a quick look at the cited page before {day}.",
        ),
        (
            "[Can I share these results with someone outside the company?|can I send this to our outside counsel?]",
            "You can download the file and share it under the usual confidentiality rules. If the source documents are under NDA, check with legal — {coworker} — first.",
        ),
        (
            "[Can you handle Excel files too, or only PDFs?|does it work with spreadsheets?]",
            "PDFs, Word documents, spreadsheets and scanned images all work. For spreadsheets I read every tab and tell you which one each value comes from, as in {ticket}.",
        ),
        (
            "[Is there a size limit on uploads?|can I upload something bigger?]",
            "Up to 500 pages or 200 MB per file, and up to 20 files per conversation. Larger sets, like data room exports, can be uploaded as a zip — I'll note it on {ticket}.",
        ),
        (
            "[Can you highlight those parts in the original PDF?|can you mark them up in the PDF?]",
            "Yes — I've created an annotated copy with each cited passage highlighted and a comment explaining why. It's in the Files panel next to the original, under {ticket}.",
        ),
        (
            "[Can you do this in other languages?|what if the document isn't in English?]",
            "I can read most European languages and Japanese; summaries come in English unless you ask otherwise. Names and figures are kept exactly as in the source, {first}.",
        ),
        (
            "[Can I ask follow-up questions later?|can I come back to this next week?]",
            "Yes, the files and results stay in this conversation for 30 days, so you can pick it up any time before {month} ends.",
        ),
        (
            "[Who else can see what I uploaded?|is this private?]",
            "Only you and anyone you share the conversation with; admins can see that files were uploaded, not their contents. The review is logged as {ticket}.",
        ),
    ],
    handoffs: &[
        "This needs a person's judgement, so I've opened review request {ticket} for {person} on our {team} team with the documents and my notes attached. They'll follow up {eta}.",
        "I don't want you to rely on a guess here. I've sent it to {person} on our {team} team as {ticket}, with the relevant pages flagged. Expect a reply {eta}.",
        "Let me hand this to {person} in {team}, who can check the originals — review request {ticket}, reply {eta}.",
    ],
    closings: &[
        "All files stay in this conversation for 30 days if you need them again.",
        "Let me know if you'd like any other documents looked at[, {first}|].",
        "Happy to dig into anything else in these files.",
        "Good luck with the review!",
    ],
};

const MEETING_SCHEDULER: KindProfile = KindProfile {
    base_name: "Meeting Scheduler",
    descriptions: &[
        "Finds times that work across calendars and time zones and sends the invites.",
        "Books, moves and cancels meetings and rooms from chat.",
        "Schedules internal and customer meetings while respecting working hours and focus time.",
        "Coordinates multi-person meetings, interview loops and recurring syncs across time zones.",
        "Keeps calendars tidy: reschedules conflicts, books rooms and adds video links.",
        "Calendar assistant for teams and executives, from quick 1:1s to off-site workshops.",
    ],
    topics: &[
        Topic {
            title: "Book a 30-minute 1:1",
            complexity: Complexity::Simple,
            titles: &[
                "30-minute 1:1 with {coworker} {other_last}",
                "Book time with {coworker} this week",
                "1:1 with {coworker} {other_last} this week",
            ],
            openers: &[
                "set up 30 min with {coworker} {other_last} sometime this week",
                "[Hey, |]can you find 30 minutes for me and {coworker} this week?",
            ],
            clarify: &[
                "Sure! In person or video? And is there a day that works better for you?",
                "[On it.|Sure thing.] Video or in person, and any preferred day?",
            ],
            details: &["video is fine", "video, any day"],
            answers: &[
                "You and {coworker} are both free on {day} at {time} for 30 minutes. I've sent the invite with a video link, titled '1:1' — let me know if you'd like a different title or an agenda added.",
                "Booked: {day}, {time}, 30 minutes with {coworker}, video link included. The title is '{first} / {coworker} 1:1' — happy to change it.",
            ],
            follow_ups: &[
                (
                    "[Can you add a short agenda? Q3 goals and the offsite|can you add an agenda to it?]",
                    "Added to the invite description: 1) Q3 goals, 2) Offsite planning. {coworker} sees the update right away.",
                ),
                (
                    "[Can you make it recurring?|make it every other week?]",
                    "Done — every other {day} at {time}, starting this week, with the same video link. {coworker} gets one invite for the series.",
                ),
                (
                    "[Is there a room free instead?|can we do it in person after all?]",
                    "'Fjord' on floor {floor} is free on {day} at {time}; I've added it to the invite and kept the video link for backup.",
                ),
            ],
            confirms: &["Perfect, thanks.", "[Great, |]{day} at {time} works."],
            stuck: &[
                "{coworker} just told me {day} won't work after all, they're traveling.",
                "The invite went to the wrong {coworker}, there are two people with that name.",
            ],
            slots: &[],
        },
        Topic {
            title: "Room for 8 with a screen",
            complexity: Complexity::Simple,
            titles: &[
                "Room for {people} with a screen, tomorrow {time}",
                "Book {room} for {people} people",
                "Meeting room with a display for {people}",
            ],
            openers: &[
                "need a room for {people} people tomorrow at {time}, with a screen",
                "[Hi, |]can you book a room with a screen for {people}, tomorrow {time}?",
            ],
            clarify: &[
                "I can do that. Which office, and do you have a floor preference?",
                "[Sure.|On it.] Which office and floor?",
            ],
            details: &["floor {floor} if possible, HQ", "HQ, floor {floor} ideally"],
            answers: &[
                "Booked: '{room}' on floor {floor} at HQ — seats {seats}, with a display and video bar — tomorrow at {time} for an hour. It's on your calendar now. If the meeting already has an invite, I can attach the room to that instead.",
                "'{room}' (floor {floor}, seats {seats}, display and video bar) is yours tomorrow at {time}. It's on your calendar; I can move it onto an existing invite if there is one.",
            ],
            follow_ups: &[
                (
                    "[Is there a whiteboard in there?|does {room} have a whiteboard?]",
                    "Yes, {room} has a wall-mounted whiteboard and a digital whiteboard on the display. Markers are in the drawer under the screen.",
                ),
                (
                    "[Can we get coffee brought in?|can you order coffee for {people}?]",
                    "Catering goes through workplace services; I've sent a request for coffee for {people} in {room} at {time} — they confirm by email.",
                ),
                (
                    "[Can I keep it for an extra 30 minutes?|can we extend it?]",
                    "{room} is free for another 30 minutes after, so I've extended the booking.",
                ),
            ],
            confirms: &["Great, thanks!", "[Perfect, |]{room} it is."],
            stuck: &[
                "The screen in {room} is broken, there's a sign on it — I need a different room.",
                "{people} people won't fit, we're actually more like {more_people} now.",
            ],
            slots: &[
                ("people", SlotValues::Number { prefix: "", lo: 5, hi: 10, width: 1 }),
                ("more_people", SlotValues::Derived(people_plus_six)),
                ("seats", SlotValues::Pick(&["10", "12"])),
                ("time", SlotValues::Pick(&["10am", "11am", "1pm", "2pm", "3pm", "4pm"])),
            ],
        },
        Topic {
            title: "Cancel today's vendor meeting",
            complexity: Complexity::Simple,
            titles: &[
                "Cancel today's {time} with {vendor}",
                "Reschedule {vendor} meeting to next week",
                "Late cancellation: {vendor} call",
            ],
            openers: &[
                "please cancel my {time} today with {vendor}, something came up",
                "[Hi, |]I can't make the {vendor} meeting at {time} today. Can you cancel and move it?",
            ],
            clarify: &[
                "Will do. Do you want me to send them a note with some alternative times?",
                "[Sure.|No problem.] Should I offer them new times in the note?",
            ],
            details: &["yes say sorry and offer next week", "yes, next week, with an apology"],
            answers: &[
                "Done — today's {time} meeting with {vendor} is cancelled, with a short note apologizing for the late change and three options for next week. I'll let you know when they pick one.",
                "Cancelled the {time} with {vendor} and sent an apology with three slots next week. I'll tell you which one they choose.",
            ],
            follow_ups: &[
                (
                    "[Which times did you offer?|what times did you give them?]",
                    "{day} at 10:00 AM, {day} at 2:30 PM, or Friday at 11:30 AM, all in your time zone. Your calendar is clear for each of them.",
                ),
                (
                    "[Can you tell {coworker} too? they were joining|{coworker} was on it too, can you let them know?]",
                    "Done — {coworker} got the cancellation and will be added to whichever new time {vendor} picks.",
                ),
                (
                    "[Did they reply yet?|any answer from them?]",
                    "Not yet; {vendor} usually replies within a few hours. I'll ping you as soon as they do.",
                ),
            ],
            confirms: &["Thanks, appreciate it.", "[Perfect, |]thanks for handling {vendor}."],
            stuck: &[
                "{vendor} replied that none of those times work, they're only available this week.",
                "The meeting is on their calendar, not mine, so the cancel didn't go through to them.",
            ],
            slots: &[
                ("time", SlotValues::Pick(&["2pm", "3pm", "3:30", "4pm", "4:30"])),
                (
                    "vendor",
                    SlotValues::Pick(&[
                        "Northline Print",
                        "Blue Ridge Catering",
                        "Apex Staffing",
                        "Clearwater IT",
                        "Summit Office Supply",
                        "Greenleaf Facilities",
                    ]),
                ),
            ],
        },
        Topic {
            title: "Pacific to London time check",
            complexity: Complexity::Simple,
            titles: &[
                "{hour}am Pacific in {far_city} time",
                "Time zone check: Pacific vs {far_city}",
                "Best slot for Pacific and {far_city} on {day}",
            ],
            openers: &[
                "what time would {hour}am Pacific be for our {far_city} office?",
                "[Quick one: |]if I book {hour}am Pacific, what time is that in {far_city}?",
            ],
            clarify: &[
                "Happy to check. Is this for a specific date? The offset changes for a few weeks around the clock changes.",
                "[Sure.|Let me check.] Which date? Clock changes shift it for a few weeks.",
            ],
            details: &["Next {day}", "{day} next week"],
            answers: &[
                "{hour}:00 AM Pacific is {far_time} in {far_city} for most of the year, an hour earlier during the few weeks when the clock changes don't line up. That's at or past the end of the {far_city} working day, so 8:00 AM Pacific usually works better for both sides.",
                "On {day}, {hour}:00 AM Pacific is {far_time} in {far_city} — late in their day. An 8:00 AM Pacific start is friendlier for both offices.",
            ],
            follow_ups: &[
                (
                    "[Can you book 8am Pacific {day} with the {far_city} team then?|ok book 8am Pacific with {far_city}]",
                    "Done — 8:00 AM Pacific on {day}, sent to the {far_city} team list with a video link, showing each person's local time.",
                ),
                (
                    "[When do the clocks change there?|when's daylight saving in {far_city}?]",
                    "Europe changes on the last Sundays of March and October, the US on the second Sunday of March and the first of November — in between, {far_city} is one hour closer.",
                ),
                (
                    "[Can you add {far_city} to my calendar's second time zone?|can my calendar show their time too?]",
                    "Yes — I've added {far_city} as a second time zone in your calendar settings, so it shows next to Pacific.",
                ),
            ],
            confirms: &[
                "Got it, thanks — {far_time} in {far_city} is too late.",
                "[Ok, |]8am Pacific then, for {far_city}.",
            ],
            stuck: &[
                "Half the {far_city} team starts at 7 and leaves by 4, so that time doesn't work for them.",
                "Our {far_city} people say they don't take calls after 5 at all.",
            ],
            slots: &[
                ("hour", SlotValues::Pick(&["9", "10", "11"])),
                ("far_city", SlotValues::Paired { draw: "far", pool: FAR_OFFICES, second: false }),
                ("far_time", SlotValues::Derived(far_local_time)),
                ("far_offset", SlotValues::Paired { draw: "far", pool: FAR_OFFICES, second: true }),
            ],
        },
        Topic {
            title: "Move the weekly team sync",
            complexity: Complexity::Moderate,
            titles: &[
                "Move weekly sync from Monday to Tuesday ({people} people)",
                "Recurring {team_name} sync clashes with leadership meeting",
                "Reschedule the {team_name} weekly sync",
            ],
            openers: &[
                "Can we move our weekly team sync from Mondays 9am to Tuesdays? Mondays keep clashing with the leadership meeting. {people} people on the invite",
                "[Hi, |]the {team_name} weekly sync on Monday mornings keeps colliding with leadership. Tuesday instead? {people} attendees",
            ],
            clarify: &[
                "Sure. Any preferred time on Tuesdays, and should it stay the same length?",
                "[Let's move it.|Can do.] Preferred Tuesday time, and same length?",
            ],
            details: &["Any time Tuesday morning, 45 min like now", "tuesday morning, still 45 min"],
            answers: &[
                "Tuesday at 10:00 AM works for all {people} people every week for the next two months; 9:00 AM had two recurring conflicts. I've moved the series to Tuesdays 10:00–10:45 AM starting next week, with the same video link and room. Everyone gets a single update notification, and the Monday occurrences are removed from next week on.",
                "Tuesdays 10:00–10:45 are clear for all {people} for the next two months (9:00 had conflicts). The {team_name} sync series is moved from next week, same link and room; the Monday ones are gone.",
            ],
            follow_ups: &[
                (
                    "[Will the notes doc still be linked?|is the notes doc still attached?]",
                    "Yes — the invite description and attachments carry over, so the shared {team_name} notes doc is still linked on every occurrence.",
                ),
                (
                    "[Can you skip the week of the offsite?|we'll be at the offsite in {month}, skip that one?]",
                    "Done — the occurrence during the {month} offsite week is cancelled, with a note in the series.",
                ),
                (
                    "[Did anyone decline?|is everyone ok with Tuesday?]",
                    "All {people} accepted except {coworker}, who marked 'maybe' for the first week only.",
                ),
            ],
            confirms: &["Perfect, that works.", "[Great, |]Tuesdays at 10 for the {team_name} sync."],
            stuck: &[
                "{coworker} says Tuesday mornings are their focus block and they can't move it.",
                "The room we use is booked on Tuesdays by another team for the next month.",
            ],
            slots: &[
                ("people", SlotValues::Number { prefix: "", lo: 6, hi: 14, width: 1 }),
                (
                    "team_name",
                    SlotValues::Pick(&["design", "data platform", "growth", "payments", "support ops", "mobile"]),
                ),
            ],
        },
        Topic {
            title: "Final-round interview loop",
            complexity: Complexity::Moderate,
            titles: &[
                "Final-round loop for {candidate} (4 × 45 min)",
                "Interview loop on {day}: {candidate}",
                "Schedule {candidate}'s final interviews ({cand_city})",
            ],
            openers: &[
                "Need to schedule a final round for a candidate ({candidate}) next week: 4 interviews, 45 min each, with {person}, {coworker}, {manager} and Tom. Candidate is in {cand_city}",
                "[Hi, |]final round for {candidate} next week — 4 × 45 min with {person}, {coworker}, {manager} and Tom. They're in {cand_city}",
            ],
            clarify: &[
                "Got it. Should the interviews be on the same day, and in person or over video?",
                "[Will do.|On it.] All on one day? Video or onsite?",
            ],
            details: &["One day if possible, video", "same day, video"],
            answers: &[
                "Here's a loop on {day} that works for everyone, in {cand_city} time: 10:00 {person}, 10:45 {coworker}, a 30-minute break, then 12:00 {manager} and 12:45 Tom, finishing at 1:30 PM. No interviewer goes over their weekly interview limit, and {candidate} never has more than 90 minutes back-to-back. I've placed holds on the interviewers' calendars.",
                "{day} works, in {cand_city} time: {person} at 10:00, {coworker} 10:45, break, {manager} 12:00, Tom 12:45 — done by 1:30. Holds are on all four calendars; {candidate}'s invite goes out once you confirm.",
            ],
            follow_ups: &[
                (
                    "[Can Tom go first? He has to leave early that day|Tom needs to go first, can you swap?]",
                    "Swapped: 10:00 Tom, 10:45 {coworker}, break, 12:00 {manager}, 12:45 {person}. Everyone's still free, the holds are updated, and {candidate}'s invite has gone out with the video links.",
                ),
                (
                    "[Can you add a debrief after?|book a debrief for the panel?]",
                    "Booked a 30-minute debrief at 4:00 PM on {day} for the four interviewers, titled '{candidate} – debrief'.",
                ),
                (
                    "[Does the candidate get the schedule?|will {candidate} see who they're meeting?]",
                    "Yes, {candidate} gets one invite with the full schedule, each interviewer's name and role, and a single video link.",
                ),
            ],
            confirms: &["Looks good, go ahead and send it.", "[Perfect, |]send {candidate} the invite."],
            stuck: &[
                "{candidate} just emailed that {day} doesn't work for them at all.",
                "{manager} is on jury duty next week, so we need a replacement interviewer.",
            ],
            slots: &[
                (
                    "candidate",
                    SlotValues::Pick(&[
                        "Sam Oduya",
                        "Lena Fischer",
                        "Arjun Mehta",
                        "Claire Dubois",
                        "Marco Rossi",
                        "Aiko Tanaka",
                        "Jonah Reyes",
                    ]),
                ),
                ("cand_city", SlotValues::Pick(&["Toronto", "Chicago", "Denver", "New York", "Boston", "Atlanta"])),
            ],
        },
        Topic {
            title: "Double-booked at 11",
            complexity: Complexity::Moderate,
            titles: &[
                "Double-booked tomorrow at {clash}: customer call vs skip-level",
                "Conflict at {clash} with {customer}",
                "Move the skip-level, keep the {customer} call",
            ],
            openers: &[
                "I'm double booked tomorrow at {clash} - customer call and my skip-level. Which one can move?",
                "[Help — |]tomorrow at {clash} I have the {customer} call and my skip-level with {manager}. What can move?",
            ],
            clarify: &[
                "Let me look at both. Is one of them more important to keep at that time?",
                "[Let me check both calendars.|Checking.] Which one matters more to keep at {clash}?",
            ],
            details: &["Customer call, definitely", "the {customer} call"],
            answers: &[
                "The skip-level is the easier one to move: {manager} has open time tomorrow at 3:00 PM and on {day} at {time}, while the {customer} call has external attendees. I've proposed the 3:00 PM slot with a short note about the customer conflict, and I'll update you when they respond.",
                "Move the skip-level — {manager} is free tomorrow at 3:00 PM or {day} at {time}, and the {customer} call has outside attendees. I've proposed 3:00 PM with a note about the conflict.",
            ],
            follow_ups: &[
                (
                    "[Can you also add 15 min of prep before the customer call?|block prep time before the call?]",
                    "Done — 'Prep: {customer}' is blocked for the 15 minutes before {clash} tomorrow and marked busy.",
                ),
                (
                    "[Did {manager} accept?|any reply on the new time?]",
                    "{manager} accepted 3:00 PM a minute ago, so the {clash} slot is now only the {customer} call.",
                ),
                (
                    "[How did that even happen?|why was I double booked?]",
                    "The skip-level was booked by {manager}'s assistant while your calendar showed the {customer} call as tentative. I've marked it as busy now.",
                ),
            ],
            confirms: &["Great, thank you!", "[Ok, |]{clash} is just the {customer} call now."],
            stuck: &[
                "{manager}'s assistant says the skip-level can't move, it's the only slot this month.",
                "{customer} just asked to move their call to 3pm too.",
            ],
            slots: &[
                ("clash", SlotValues::Pick(&["10", "11", "11:30", "2", "3"])),
                (
                    "customer",
                    SlotValues::Pick(&[
                        "Fairline Foods",
                        "Brightwater Logistics",
                        "Kestrel Analytics",
                        "Pinecrest Dental",
                        "Halvorsen Engineering",
                        "Vantage Freight",
                    ]),
                ),
            ],
        },
        Topic {
            title: "Weekly office hours booking page",
            complexity: Complexity::Moderate,
            titles: &[
                "Weekly office hours booking page ({weekday}s)",
                "15-minute office hours slots for {first}'s team",
                "Set up bookable office hours on {weekday}s",
            ],
            openers: &[
                "I want to set up weekly office hours for my team where people can book 15 min slots with me. {weekday} afternoons?",
                "[Hi, |]can you make a booking page for my office hours? 15-minute slots on {weekday}s",
            ],
            clarify: &[
                "Good idea. How long should the window be each week, and should people be able to book more than one slot?",
                "[Sure.|Happy to.] How long a window, and one slot per person or more?",
            ],
            details: &["2 hours, {window}, one slot per person per week", "{window}, one each"],
            answers: &[
                "Done — I've created an 'Office hours' booking page with 15-minute slots every {weekday} from {window}, limited to one booking per person per week, with a 5-minute buffer between slots. Bookings appear on your calendar with the person's name. The link is pinned in your calendar description so you can share it with the team.",
                "Your booking page is live: {weekday}s, {window}, 15-minute slots with 5-minute buffers, one booking per person per week. Bookings land on your calendar with names; the link is pinned in your calendar description.",
            ],
            follow_ups: &[
                (
                    "[Can I block it off on weeks I'm traveling?|what about weeks I'm away?]",
                    "Any {weekday} you're marked out of office is closed for bookings automatically, and you can also pause the booking page manually.",
                ),
                (
                    "[Can people add a topic when they book?|can they say what it's about?]",
                    "Added a short 'What would you like to talk about?' field; the answer shows in the invite for each {weekday} slot.",
                ),
                (
                    "[Can people outside my team book it?|is it open to anyone?]",
                    "Right now it's limited to your team's group. I can open it to the whole company or just add {coworker}'s team, if you like.",
                ),
            ],
            confirms: &["Nice, sharing it with the team now.", "[Great, |]sharing the {weekday} link in our channel."],
            stuck: &[
                "The booking page shows my slots in UTC, so people are booking at the wrong times.",
                "{coworker} says the link asks them to sign in and then shows 'no availability'.",
            ],
            slots: &[
                ("weekday", SlotValues::Pick(&["Thursday", "Wednesday", "Tuesday", "Friday"])),
                (
                    "window",
                    SlotValues::Pick(&["1:00 to 3:00 PM", "2:00 to 4:00 PM", "3:00 to 5:00 PM", "1:30 to 3:30 PM"]),
                ),
            ],
        },
        Topic {
            title: "Monthly customer check-in",
            complexity: Complexity::Moderate,
            titles: &[
                "Monthly check-in series with {customer}",
                "{customer} monthly call: first {weekday}s",
                "Recurring customer meeting with {coworker} from CS",
            ],
            openers: &[
                "Set up a monthly check-in with our customer {customer}, 1 hour, with me, {coworker} from CS and their ops manager ({contact})",
                "[Hi, |]can you create a monthly 1-hour call with {customer}? Me, {coworker} from CS, and {contact} on their side",
            ],
            clarify: &[
                "Sure. Any preferred week or weekday, and which time zone are they in?",
                "[Happy to.|Will do.] Which day of the month, and their time zone?",
            ],
            details: &["First {weekday} each month, they're in Chicago", "first {weekday}, Chicago"],
            answers: &[
                "I've set up a monthly series on the first {weekday} at 11:00 AM Central / 12:00 PM Eastern, which is clear for you and {coworker} for the next six months. The invite to {contact} has a video link and the title '{customer} – monthly check-in'. I'll let you know when they respond.",
                "Monthly series created: first {weekday}, 11:00 AM Central, clear for you and {coworker} for six months. {contact} has the invite, titled '{customer} – monthly check-in', with a video link.",
            ],
            follow_ups: &[
                (
                    "[Can you attach our QBR deck to the first one?|attach the QBR deck please?]",
                    "Attached to the first occurrence only, so it doesn't repeat on later ones. You can update it from the {customer} invite any time.",
                ),
                (
                    "[Did {contact} accept?|did they accept the series?]",
                    "Yes, {contact} accepted the series and forwarded it to one colleague at {customer}.",
                ),
                (
                    "[Can you skip {month}? we have the annual review then|skip the {month} one?]",
                    "Done — the {month} occurrence is cancelled with a note pointing to the annual review.",
                ),
            ],
            confirms: &["Perfect, thanks.", "[Great, |]the {customer} series looks right."],
            stuck: &[
                "{contact} replied that their company blocks external calendar invites, it never reached them.",
                "{coworker} is leaving the account next month, so the series should be under someone else.",
            ],
            slots: &[
                ("weekday", SlotValues::Pick(&["Wednesday", "Tuesday", "Thursday"])),
                (
                    "customer",
                    SlotValues::Pick(&[
                        "Fairline Foods",
                        "Brightwater Logistics",
                        "Kestrel Analytics",
                        "Marigold Events",
                        "Granite Peak Insurance",
                        "Sundial Health",
                    ]),
                ),
                (
                    "contact",
                    SlotValues::Pick(&[
                        "ana.ruiz@fairlinefoods.com",
                        "j.okafor@brightwaterlog.com",
                        "mkim@kestrelanalytics.io",
                        "priya@marigoldevents.com",
                        "tom.becker@granitepeak.com",
                        "lwalsh@sundialhealth.com",
                    ]),
                ),
            ],
        },
        Topic {
            title: "Planning session across four time zones",
            complexity: Complexity::Complex,
            titles: &[
                "2-hour planning session: SF, NYC, London, Bangalore ({people} people)",
                "Quarterly planning across four time zones, {people} attendees",
                "Find a slot for {people} people in 4 cities",
            ],
            openers: &[
                "I need to find a 2-hour slot in the next 2 weeks for our quarterly planning with {people} people across SF, NYC, London and Bangalore. Nobody should be outside 8am-7pm local if possible",
                "[Hi, |]quarterly planning: {people} people, four cities (SF, NYC, London, Bangalore), 2 hours, next two weeks. Possible?",
            ],
            clarify: &[
                "That's a tricky spread. Are all {people} required, or are some optional? And is splitting into two sessions an option?",
                "[Tricky spread!|Let's see.] Is everyone required, and could it be split into two sessions?",
            ],
            details: &[
                "The 3 Bangalore folks are required. Two people in NYC are optional. Splitting is ok as a last resort",
                "Bangalore people required, 2 NYC optional. split only if needed",
            ],
            answers: &[
                "There's no 2-hour slot inside 8am–7pm for all four cities — 8:00 AM in San Francisco is already 8:30 PM in Bangalore. The two best options: A) {day}, 7:00–9:00 AM Pacific (10:00 AM New York, 3:00 PM London, 7:30 PM Bangalore), with all {people} people free. B) Two 1-hour sessions on consecutive days: 8:00 AM Pacific for SF, NYC and London, and 9:00 AM New York for NYC, London and Bangalore.",
                "No 2-hour window keeps all four cities inside 8–7 (8 AM in SF is 8:30 PM in Bangalore). Best bets: A) {day} 7:00–9:00 AM Pacific, everyone free, Bangalore ending at 9:30 PM; or B) two 1-hour sessions on consecutive days, one for SF/NYC/London and one for NYC/London/Bangalore.",
            ],
            follow_ups: &[
                (
                    "[Let's do A. Can you make sure there's a break in the middle?|A please, with a break halfway]",
                    "Booked A with a 10-minute break at the one-hour mark, noted in the agenda. Invites went to all {people} with the time shown in each person's zone, plus a note thanking the Bangalore team for staying late.",
                ),
                (
                    "[Can we record it for the optional NYC folks?|can it be recorded?]",
                    "Recording is on for {day}'s session; the link goes to all {people} invitees afterwards.",
                ),
                (
                    "[Can you book a room in each office?|rooms in each city?]",
                    "Booked rooms in SF, New York and London for {day}; Bangalore joins from their usual project room, which {coworker} confirmed.",
                ),
            ],
            confirms: &["Great, A it is.", "[Ok, |]option A on {day}."],
            stuck: &[
                "The Bangalore team says 7:30 PM is during their office's shutdown, they can't join from there.",
                "{day} is a public holiday in India, so option A doesn't work.",
            ],
            slots: &[("people", SlotValues::Number { prefix: "", lo: 10, hi: 18, width: 1 })],
        },
        Topic {
            title: "Rework the CEO's Thursday",
            complexity: Complexity::Complex,
            titles: &[
                "Rework the CEO's {exec_day}: board prep 9–12",
                "Executive calendar conflicts on {exec_day}",
                "Board prep overlaps three meetings ({exec_day})",
            ],
            openers: &[
                "Our CEO's board prep got moved and now overlaps with three other meetings on {exec_day}. Can you rework {exec_day} so board prep gets the 9-12 block and the others fit elsewhere? Her EA is out sick",
                "[Hi, |]the CEO's {exec_day} is a mess — board prep 9 to 12 clashes with three meetings. EA is out. Can you fix it?",
            ],
            clarify: &[
                "I can help with that. Which of the three meetings have to stay on {exec_day}, and which can move to another day?",
                "[Let's untangle it.|I'll take a look.] Which of the three must stay on {exec_day}?",
            ],
            details: &[
                "The investor call at 10 has to stay {exec_day} but can move to the afternoon. The other two can go anywhere this week",
                "investor call must stay that day, afternoon ok. others anywhere",
            ],
            answers: &[
                "Here's the proposed {exec_day}: 9:00–12:00 board prep, blocked with no interruptions; the 12:00 lunch hold stays; the investor call moves from 10:00 to 2:00 PM, where all four external attendees show as free; the product review moves to Friday at 9:30 AM; and the 1:1 with the CFO moves to Wednesday at 4:00 PM. Because it's an executive calendar, I've sent the plan to the backup executive assistant, {person}, for approval before anything changes.",
                "Proposal for {exec_day}: board prep 9–12 uninterrupted, lunch stays, the investor call to 2:00 PM (all externals free), product review to Friday 9:30, CFO 1:1 to Wednesday 4:00. It's with the backup EA, {person}, for approval first.",
            ],
            follow_ups: &[
                (
                    "[Who's the backup EA?|who approves it?]",
                    "It's {person}, listed as the CEO's calendar delegate this week. They've been notified and can approve from their phone.",
                ),
                (
                    "[Will the investors get a note about the change?|do the investors know?]",
                    "Once {person} approves, the investors get a short note from the CEO's calendar explaining the move to 2:00 PM on {exec_day}.",
                ),
                (
                    "[Can you add prep time before the investor call?|15 min before the investor call?]",
                    "Added a 15-minute hold at 1:45 PM on {exec_day}, pending {person}'s approval with the rest.",
                ),
            ],
            confirms: &["Looks right. Go ahead once it's approved.", "[Good, |]go ahead once {person} approves."],
            stuck: &[
                "The CFO can't do Wednesday at 4, she's flying that afternoon.",
                "{person} says the CEO also needs 30 minutes after board prep to call the chair.",
            ],
            slots: &[("exec_day", SlotValues::Pick(&["Thursday", "Wednesday", "Tuesday"]))],
        },
        Topic {
            title: "In-person workshop in Munich",
            complexity: Complexity::Complex,
            titles: &[
                "Half-day workshop at {customer} in {eu_city}",
                "In-person customer workshop: {ours} travelers from {home}",
                "Date poll for the {eu_city} workshop",
            ],
            openers: &[
                "We need a half-day workshop with the customer ({theirs} people on their side, they're in {eu_city}) plus {ours} of us, sometime in the next 3 weeks, in person at their office. Need to book travel too so the sooner we lock a date the better",
                "[Hi, |]workshop with {customer} in {eu_city}: {theirs} of them, {ours} of us flying from {home}. Next 3 weeks. Can you find a date?",
            ],
            clarify: &[
                "Happy to coordinate that. Should I propose dates to the customer directly, or send them a poll? And where would your group travel from?",
                "[I'll coordinate it.|Sure.] Poll or direct proposal to them, and where are you flying from?",
            ],
            details: &["Send them a poll. All {ours} of us would fly from {home}", "poll. we're all in {home}"],
            answers: &[
                "I found four half-day windows where all {ours} of you are free with room for travel, flying out the evening before: {day} next week and three options the week after. I've sent the customer's contact a poll with those dates as morning sessions in {eu_city} time and asked them to reply by Friday. As soon as they pick one, I'll send the invites, block travel days on your calendars, and notify the travel desk.",
                "Four windows work for all {ours} of you with a travel day before: {day} next week and three the week after. {customer} has a poll with those as {eu_city}-morning sessions, reply by Friday; then I'll send invites, block travel days and tell the travel desk.",
            ],
            follow_ups: &[
                (
                    "[Can you put a hold on the dates for us in the meantime?|hold the dates for us?]",
                    "Done — tentative holds are on all {ours} calendars for all four options, titled 'Hold: {eu_city} workshop'. They're released automatically when the customer picks a date.",
                ),
                (
                    "[Can you book a dinner the evening before?|dinner with the customer the night before?]",
                    "Once the date is fixed, I'll ask workplace services to book dinner for {total} in {eu_city}; I've noted it on {ticket}.",
                ),
                (
                    "[Does anyone need a visa?|visa issues for anyone?]",
                    "Travel from {home} to {eu_city} for a short business trip doesn't need a visa for US passport holders; the travel desk checks everyone's passports when booking.",
                ),
            ],
            confirms: &["Perfect, thanks for sorting this.", "[Great, |]holds are on, waiting for {customer}."],
            stuck: &[
                "{customer} replied that their office is closed for a company event two of those weeks.",
                "The travel desk says flights from {home} on those dates are over our travel budget.",
            ],
            slots: &[
                ("theirs", SlotValues::Number { prefix: "", lo: 4, hi: 9, width: 1 }),
                ("ours", SlotValues::Number { prefix: "", lo: 3, hi: 6, width: 1 }),
                ("total", SlotValues::Derived(workshop_total)),
                ("eu_city", SlotValues::Pick(&["Munich", "Hamburg", "Zurich", "Vienna", "Milan", "Lyon"])),
                ("home", SlotValues::Pick(&["Boston", "New York", "Chicago", "Atlanta"])),
                (
                    "customer",
                    SlotValues::Pick(&[
                        "Brandt Logistik",
                        "Weber Industriebedarf",
                        "Alpina Medical",
                        "Rheinwerk Systems",
                        "Solara Energie",
                    ]),
                ),
            ],
        },
    ],
    input_tokens_per_conversation: (5_000, 8_000),
    extra_messages: 0,
    slots: &[
        ("ticket", SlotValues::Number { prefix: "REQ-", lo: 10000, hi: 99999, width: 5 }),
        ("team", SlotValues::Pick(&["scheduling", "workplace services", "office coordination"])),
        ("system", SlotValues::Pick(&["the calendar service"])),
        (
            "room",
            SlotValues::Pick(&["Juniper", "Harbor", "Atlas", "Fjord", "Cypress", "Granite", "Meridian", "Willow"]),
        ),
        ("floor", SlotValues::Number { prefix: "", lo: 2, hi: 9, width: 1 }),
        ("month", SlotValues::Pick(MONTHS)),
        ("office", SlotValues::Pick(OFFICES)),
    ],
    greetings: &["Hi {first}!", "Sure thing!", "Hi there!", "Got it, {first}.", "On it!"],
    exchanges: &[
        (
            "[Can you add a video link to that?|does it have a video link?]",
            "Done — there's a video link in the invite now, and dial-in numbers for anyone joining by phone, {first}.",
        ),
        (
            "[Will people get a notification about the change?|do attendees get notified?]",
            "Yes, attendees get one update email with the new details. I've kept the note short so it doesn't clutter their inboxes; it's logged as {ticket}.",
        ),
        (
            "[Can you make it private so people can't see the title?|can the title be hidden?]",
            "Done — it's marked private, so others only see you as busy. Attendees still see the full details, {first}.",
        ),
        (
            "[Can you remind me 10 minutes before?|can I get a reminder?]",
            "Sure — I've set a 10-minute reminder on that event, in addition to your default reminders; it's on your calendar for {day}.",
        ),
        (
            "[What time zone are you using?|is that my time zone?]",
            "Your calendar's time zone, which is Eastern. Invites show each attendee the time in their own zone, including anyone outside {office}.",
        ),
        (
            "[Can you block my focus time too?|protect some focus time for me?]",
            "I've blocked 9:00–11:00 AM on {day} and Thursday as focus time; it declines new invites automatically unless you accept them yourself.",
        ),
        (
            "[Can you add a room too?|is there a room for it?]",
            "'{room}' on floor {floor} is free at that time and fits everyone, so I've added it to the invite.",
        ),
        (
            "[Can you add the doc to the invite?|attach the doc please?]",
            "Attached — attendees can open the doc straight from the invite, and edit access matches the sharing settings it already had, {first}.",
        ),
        (
            "[Do I have anything else that day?|what else is on my calendar that day?]",
            "On {day} you have a 9:30 stand-up and a 3:00 review; the rest is free, including the hour after lunch.",
        ),
        (
            "[Can you send a note to everyone?|message the attendees for me?]",
            "Sent a short note to all attendees from your calendar; replies come to you directly. I've logged it on {ticket}.",
        ),
    ],
    handoffs: &[
        "Sorry about that. I've passed it to {person} on the {team} team as request {ticket}, with all the details and constraints we discussed. They'll sort it out and come back to you {eta}.",
        "This one needs a person who can make calls on priorities, so I've handed it to {person} in {team} (request {ticket}). They'll be in touch {eta}.",
        "Let me get {person} from {team} on this — request {ticket}, and you'll hear back {eta}, {first}.",
    ],
    closings: &[
        "It's on your calendar. Anything else you'd like me to schedule?",
        "All set — I'll flag it if anyone declines.",
        "Done on my end[, {first}|]. Enjoy the meeting!",
        "Let me know if anything changes and I'll move things around.",
    ],
};

const EXPENSE_REPORT: KindProfile = KindProfile {
    base_name: "Expense Report Bot",
    descriptions: &[
        "Helps employees file expense reports, checks receipts against policy and tracks reimbursements.",
        "Answers travel and expense policy questions and fixes rejected expense reports.",
        "Reads receipts, fills in expense lines and flags anything out of policy before submission.",
        "Guides employees through expenses, mileage, per diems and corporate card questions.",
        "Turns receipt photos into expense lines and explains why a report was sent back.",
        "Expense policy helper: limits by city, missing receipts, currency conversion and card issues.",
    ],
    topics: &[
        Topic {
            title: "When will I be reimbursed?",
            complexity: Complexity::Simple,
            titles: &[
                "Reimbursement timing for the {trip_city} trip ({amount})",
                "When is report {report} paid?",
                "Status of {trip_city} expenses — {first} {last}",
            ],
            openers: &[
                "When will I get reimbursed for my {trip_city} trip? Submitted the report ({report}, {amount}) last Tuesday",
                "[Hi, |]report {report} for {trip_city} ({amount}) — any idea when it'll be paid?",
            ],
            clarify: &[
                "Let me look it up. Is it the report called '{trip_city} trip' for {amount}?",
                "[Checking.|Let me find it.] Is that {report}, the {trip_city} trip for {amount}?",
            ],
            details: &["Yeah that's the one", "yes, that one"],
            answers: &[
                "Your {trip_city} report ({amount}) was approved by {manager} on Thursday and is now with Finance for audit, which usually takes 2–3 business days. Reimbursements then go out in the next weekly payment run on Wednesday, so you should see it in your bank account by {day} next week.",
                "{report} ({amount}) is approved by {manager} and in Finance's audit queue (2–3 business days). It then goes out in Wednesday's payment run, so expect it around {day} next week.",
            ],
            follow_ups: &[
                (
                    "[Will it come with my paycheck or separately?|is it paid with my salary?]",
                    "Separately — it goes to the same bank account as your salary, but as its own payment labeled 'EXP REIMB {report}'.",
                ),
                (
                    "[Can I see where it is myself?|is there a status page?]",
                    "Yes, open {report} in the app: the timeline shows each step — submitted, approved by {manager}, audit, paid.",
                ),
                (
                    "[What if audit finds something?|and if Finance questions a line?]",
                    "They'd send the report back with a comment on the line; the rest of the {amount} isn't held up unless the issue affects the total.",
                ),
            ],
            confirms: &["Ok, good to know, thanks.", "[Great, |]I'll look out for {amount} next week."],
            stuck: &[
                "The app says {report} is still waiting for approval from {manager}, not in audit.",
                "It says paid last week, but nothing arrived in my bank account.",
            ],
            slots: &[],
        },
        Topic {
            title: "Mileage to a client site",
            complexity: Complexity::Simple,
            titles: &[
                "Mileage claim: {miles} miles to a client site",
                "Mileage rate for a {miles}-mile round trip",
                "Expensing a drive to {client} ({miles} miles)",
            ],
            openers: &[
                "what's the mileage rate this year? drove to a client site, {miles} miles round trip",
                "[Hi, |]I drove to {client} and back, {miles} miles. How do I claim that?",
            ],
            clarify: &[
                "Sure! Was it in your personal car, and was the trip outside your normal commute?",
                "[Happy to help.|Sure.] Personal car, and was it outside your usual commute?",
            ],
            details: &["personal car, yes it's a different city", "my own car, yes, different city"],
            answers: &[
                "The current rate is 70 cents per mile for personal vehicles, so {miles} miles comes to {mileage}. Add it as a 'Mileage' line: enter the start and end addresses and the app calculates the distance, or enter the miles manually with a short note. Tolls and parking go on separate lines with receipts.",
                "It's 70 cents a mile this year: {miles} miles = {mileage}. Add a 'Mileage' line with the start and end addresses (or the miles and a note about {client}); tolls and parking are separate lines.",
            ],
            follow_ups: &[
                (
                    "[Do I need a receipt for parking if it was a meter?|receipt needed for street parking?]",
                    "No receipt is needed for parking under $25. Just add a note like 'street meter near {client}' in the description.",
                ),
                (
                    "[Can I claim the whole distance or minus my commute?|do I subtract my normal commute?]",
                    "Subtract your usual commute if the trip started from home on a workday; the note field is where you say '{miles} minus commute'.",
                ),
                (
                    "[What about gas?|can I expense gas instead?]",
                    "The {mileage} already covers gas and wear, so fuel receipts for your own car aren't reimbursed on top.",
                ),
            ],
            confirms: &["Ok, added the mileage line.", "[Done, |]{mileage} for the {client} trip is on the report."],
            stuck: &[
                "The app calculates a much shorter distance than {miles} miles and won't let me change it.",
                "It rejects the line because the trip was on a Saturday.",
            ],
            slots: &[
                ("miles", SlotValues::Number { prefix: "", lo: 40, hi: 260, width: 1 }),
                ("mileage", SlotValues::Derived(mileage_amount)),
                (
                    "client",
                    SlotValues::Pick(&[
                        "Halvorsen Engineering",
                        "Pinecrest Dental",
                        "Vantage Freight",
                        "Riverside Property",
                        "Clearpath Robotics",
                        "Sundial Health",
                    ]),
                ),
            ],
        },
        Topic {
            title: "Limit for a client dinner",
            complexity: Complexity::Simple,
            titles: &[
                "Client dinner limit: {guests} guests from {client}",
                "Entertainment cap for a dinner on {day}",
                "Client dinner budget for {guests} guests",
            ],
            openers: &[
                "is there a limit on client dinners? Taking {guests} people from {client} out {day}",
                "[Hi, |]what can I spend on a client dinner? {guests} from {client}, on {day}",
            ],
            clarify: &[
                "There is. How many people from our side will be there?",
                "[Yes, there's a cap.|Good question.] How many from our side?",
            ],
            details: &["Just me, so {total} total", "only me — {total} people"],
            answers: &[
                "Client entertainment is capped at $100 per person including tax and tip, so a dinner for you and {guests} guests can come to {cap}. Alcohol is fine at client meals in moderation. When you submit it, use the category 'Client entertainment', list the attendees' names and company plus the business purpose, and attach the itemized receipt — not just the card slip.",
                "$100 a person including tax and tip, so {cap} for {total} of you. Use 'Client entertainment', list everyone from {client} and the purpose, and attach the itemized receipt, not the card slip.",
            ],
            follow_ups: &[
                (
                    "[What if we go over a bit?|and if it comes to a bit more?]",
                    "Small overages up to 10% are usually approved with a short explanation. Beyond that {manager} has to approve the exception, so it's best to ask beforehand.",
                ),
                (
                    "[Does the tip count toward the limit?|is the tip included in the {cap}?]",
                    "Yes, the {cap} includes tax and tip.",
                ),
                (
                    "[Can I pay with my corporate card?|should I use the corporate card?]",
                    "Yes, the corporate card is preferred for client meals; the charge then appears in the app and you just attach the receipt and list the {client} guests.",
                ),
            ],
            confirms: &["Great, that's plenty.", "[Ok, |]{cap} is fine for {client}."],
            stuck: &[
                "{client} is a government agency, and I read somewhere that different rules apply.",
                "The restaurant has a fixed tasting menu that's over {cap} for {total} people.",
            ],
            slots: &[
                ("guests", SlotValues::Number { prefix: "", lo: 2, hi: 5, width: 1 }),
                ("total", SlotValues::Derived(guests_plus_one)),
                ("cap", SlotValues::Derived(dinner_cap)),
                (
                    "client",
                    SlotValues::Pick(&[
                        "Harbor & Pine",
                        "Kestrel Analytics",
                        "Granite Peak Insurance",
                        "Bluebird Media",
                        "Marigold Events",
                        "Northgate Architects",
                    ]),
                ),
            ],
        },
        Topic {
            title: "Lost a taxi receipt",
            complexity: Complexity::Simple,
            titles: &[
                "Lost receipt for a {amount} taxi in {trip_city}",
                "Missing receipt declaration — {first}",
                "{amount} {ride} without a receipt",
            ],
            openers: &[
                "I lost the receipt for a {amount} taxi in {trip_city}. Can I still expense it?",
                "[Hi, |]no receipt for a {ride} in {trip_city}, {amount}. What do I do?",
            ],
            clarify: &[
                "Usually yes. Do you remember the date and roughly where you went?",
                "[That's fixable.|No problem.] Do you have the date and the route?",
            ],
            details: &["the {dom}, airport to the hotel downtown", "{dom}, hotel to the client office"],
            answers: &[
                "Receipts are required over $25, but for a lost one you can submit a missing receipt declaration instead: add the line, choose 'No receipt', and fill in the date, merchant, amount and reason. Declarations are accepted up to $75, so {amount} is well within that. If you paid by card, a screenshot of the statement line also helps the approver.",
                "Use a missing receipt declaration: add the {amount} line, pick 'No receipt', and give the date, merchant and reason. They're accepted up to $75. A screenshot of the card statement line helps {manager} approve it.",
            ],
            follow_ups: &[
                (
                    "[How many of those am I allowed to do?|is there a limit on declarations?]",
                    "There's no hard limit, but more than three per quarter gets flagged to Finance for review. Snapping each receipt in the app right away is the easiest way to avoid it, {first}.",
                ),
                (
                    "[Can I get the receipt from the app instead?|the ride app has a receipt, does that count?]",
                    "Yes — if it was a {ride} booked through an app, the emailed or in-app receipt counts, and then you don't need the declaration.",
                ),
                (
                    "[Does the tip go on the same line?|where does the tip go?]",
                    "Same line — enter the {amount} total including the tip.",
                ),
            ],
            confirms: &["Perfect, did the declaration.", "[Ok, |]declaration done for the {amount} ride."],
            stuck: &[
                "The 'No receipt' option is greyed out for me on the {amount} line.",
                "It says declarations need manager pre-approval, and {manager} is on leave.",
            ],
            slots: &[
                ("amount", SlotValues::Money { symbol: "$", lo: 2600, hi: 7400, step: 1 }),
                ("ride", SlotValues::Pick(&["taxi", "cab ride", "taxi ride", "car service ride"])),
            ],
        },
        Topic {
            title: "Rejected for a missing itemized receipt",
            complexity: Complexity::Moderate,
            titles: &[
                "Sent back: itemized receipt for a {amount} dinner at {restaurant}",
                "'Itemized receipt required' on report {report}",
                "Team dinner at {restaurant} rejected ({amount})",
            ],
            openers: &[
                "My report {report} got sent back, says 'itemized receipt required' for a {amount} dinner. I only have the card slip. The restaurant was in {trip_city}, {restaurant}",
                "[Hi, |]{report} came back for an itemized receipt — {amount} at {restaurant}. I only have the card slip",
            ],
            clarify: &[
                "I can help you fix it. Was it a client dinner or a team meal, and how many people were there?",
                "[Let's fix it.|That's common.] Team meal or client dinner, and how many people?",
            ],
            details: &["Team dinner, {diners} of us", "team dinner, {diners} people"],
            answers: &[
                "Meals over $75 need an itemized receipt so approvers can check per-person limits and alcohol. Two ways to fix it: 1) Call or email {restaurant} for a copy of the itemized bill — most restaurants can reprint it from the date and the card's last four digits. 2) If that's not possible, submit a missing receipt declaration with the card slip attached and the attendees listed. Then resubmit {report}.",
                "Over $75, approvers need the itemized bill. Ask {restaurant} to reprint it (date plus card's last four digits usually does it), or file a missing receipt declaration with the card slip and the {diners} attendees listed — then resubmit {report}.",
            ],
            follow_ups: &[
                (
                    "[For a team dinner, what's the per person limit?|what's the team meal limit per person?]",
                    "Team meals are capped at $50 per person including tax and tip, with {manager}'s approval. At {amount} for {diners} people you're within that.",
                ),
                (
                    "[Will resubmitting reset the approval?|does {manager} have to approve again?]",
                    "Only the changed line goes back to {manager}; the rest of {report} keeps its approval.",
                ),
                (
                    "[Can I just attach a photo of the menu?|would the menu with prices work?]",
                    "No, a menu doesn't show what was ordered. The reprint from {restaurant} or the declaration are the two accepted options.",
                ),
            ],
            confirms: &[
                "Restaurant emailed me the itemized bill, resubmitted.",
                "[Done, |]{restaurant} sent the bill and {report} is resubmitted.",
            ],
            stuck: &[
                "{restaurant} closed permanently last month, so there's no way to get the bill.",
                "I attached the itemized bill and it got sent back again with the same message.",
            ],
            slots: &[
                ("amount", SlotValues::Money { symbol: "$", lo: 11000, hi: 29000, step: 1 }),
                ("diners", SlotValues::Number { prefix: "", lo: 4, hi: 7, width: 1 }),
                (
                    "restaurant",
                    SlotValues::Pick(&[
                        "Salt & Fig",
                        "The Copper Pot",
                        "Luna Trattoria",
                        "Ember & Oak",
                        "Blue Door Bistro",
                        "Casa Verde",
                    ]),
                ),
            ],
        },
        Topic {
            title: "Receipts in euros and pounds",
            complexity: Complexity::Moderate,
            titles: &[
                "Currency conversion for {eu_city} and London receipts",
                "Foreign currency expenses from {eu_city}",
                "Euro and pound receipts from {eu_city} and London",
            ],
            openers: &[
                "I have receipts in euros and pounds from my trip to {eu_city} and London. Do I convert them myself?",
                "[Hi, |]trip to {eu_city} and London — receipts in € and £. How do I enter them?",
            ],
            clarify: &[
                "No need to convert them yourself. Did you pay by corporate card, personal card, or cash?",
                "[The system converts them.|You don't have to convert.] Corporate card, personal card or cash?",
            ],
            details: &["Mix of personal card and some cash", "personal card mostly, some cash"],
            answers: &[
                "Enter each receipt in its original currency and the system converts it: card payments use the rate on the transaction date, and for cash you can use the same daily rate or attach the receipt from your currency exchange. If your personal card charged a foreign transaction fee, add it as a separate 'Bank fees' line with a statement screenshot — it's reimbursable. It all goes on {report}.",
                "Enter every receipt in € or £ as printed; {report} converts at each transaction date's rate. Cash can use the same rate or your exchange receipt. Foreign transaction fees on your own card go on a 'Bank fees' line — they're reimbursed.",
            ],
            follow_ups: &[
                (
                    "[The rate on my card statement is different from the one the system uses. Which one counts?|my bank's rate is different, which one?]",
                    "For personal cards you can use your statement rate: attach the statement line and edit the converted amount. The system's rate is only the default on {report}.",
                ),
                (
                    "[Are the meal limits in euros then?|what's the meal limit in {eu_city}?]",
                    "Limits are set in dollars; {eu_city} counts as a high-cost city at $90 a day, checked after conversion.",
                ),
                (
                    "[What about VAT on the receipts?|can we reclaim the VAT?]",
                    "Keep the VAT receipts — Finance reclaims VAT on business travel in {eu_city} and London, so the itemized receipts matter more than usual.",
                ),
            ],
            confirms: &["Makes sense, entering them now.", "[Ok, |]entering the {eu_city} receipts in euros."],
            stuck: &[
                "The app only offers USD as a currency on my lines, no euros or pounds.",
                "It converted a £48 receipt to over $600, the rate is clearly wrong.",
            ],
            slots: &[("eu_city", SlotValues::Pick(&["Amsterdam", "Paris", "Berlin", "Madrid", "Dublin", "Milan"]))],
        },
        Topic {
            title: "Hotel over the city cap",
            complexity: Complexity::Moderate,
            titles: &[
                "Hotel at {rate}/night vs the {cap} cap in {hotel_city}",
                "Over-policy conference hotel in {hotel_city}",
                "Over the hotel cap in {hotel_city} — {first}",
            ],
            openers: &[
                "My hotel in {hotel_city} was {rate}/night, policy says {cap}. Conference hotel was the only thing left. Will it get rejected?",
                "[Hi, |]booked the conference hotel in {hotel_city} at {rate} a night, over the {cap} cap. Is that a problem?",
            ],
            clarify: &[
                "Not necessarily. Did you book through the travel portal, and how many nights was it?",
                "[Probably fine.|Let's check.] Portal booking or direct, and how many nights?",
            ],
            details: &["Through the portal, {nights} nights", "portal, {nights} nights"],
            answers: &[
                "It won't be rejected automatically. The {hotel_city} cap is {cap} a night, but the policy allows exceptions for conference hotels or when nothing under the cap is available nearby. When you add the hotel line, tick 'Over policy', choose the reason 'Conference hotel / no availability', and add a sentence of explanation. Portal bookings also carry the availability check, which helps.",
                "The {cap} cap in {hotel_city} has an exception for conference hotels: tick 'Over policy' on the line, pick 'Conference hotel / no availability', add a sentence. Since it went through the portal, the availability check is already attached to all {nights} nights.",
            ],
            follow_ups: &[
                (
                    "[Does the room service charge go on the hotel line or separately?|where does room service go?]",
                    "Separately — itemize the folio and put room service under 'Meals – travel', so it counts toward the daily meal limit instead of the {cap} hotel cap.",
                ),
                (
                    "[Will my manager have to approve the exception?|does {manager} need to sign off?]",
                    "Yes, {manager} sees the 'Over policy' flag and approves the line; with the portal check it's usually quick.",
                ),
                (
                    "[What about the resort fee?|there's a resort fee too, is that ok?]",
                    "Resort fees count as part of the room rate, so add them to the hotel line; they're covered by the same exception as the {rate} rate.",
                ),
            ],
            confirms: &[
                "Great, I'll add the explanation.",
                "[Ok, |]flagged the {hotel_city} hotel with the conference reason.",
            ],
            stuck: &[
                "There's no 'Over policy' checkbox on the hotel line in my app.",
                "{manager} rejected it anyway, saying I should have booked further out.",
            ],
            slots: &[
                ("hotel_city", SlotValues::Paired { draw: "hotel", pool: HOTEL_CAPS, second: false }),
                ("cap", SlotValues::Paired { draw: "hotel", pool: HOTEL_CAPS, second: true }),
                ("rate", SlotValues::Money { symbol: "$", lo: 34900, hi: 46900, step: 1000 }),
                ("nights", SlotValues::Number { prefix: "", lo: 2, hi: 5, width: 1 }),
            ],
        },
        Topic {
            title: "Split a lunch across cost centers",
            complexity: Complexity::Moderate,
            titles: &[
                "Split a {amount} team lunch across cost centers",
                "Cost center split for a team lunch ({diners} people)",
                "Lunch for {diners}: half on marketing's budget",
            ],
            openers: &[
                "I paid for a team lunch for {diners} ({amount}) but half of them are on a different cost center (marketing). How do I split it?",
                "[Hi, |]{amount} lunch, {diners} people, half of them in marketing. Can I split the cost?",
            ],
            clarify: &[
                "Yes, you can split one expense line across cost centers. Do you know marketing's cost center code, and should it be split by headcount?",
                "[Easy to do.|You can split it.] Do you have marketing's cost center, and is it by headcount?",
            ],
            details: &["It's {cost_center} I think, and yes by headcount, half and half", "{cost_center}, 50/50"],
            answers: &[
                "Add the lunch as one line, then click 'Split' on it. Choose split by percentage, put 50% on your cost center and 50% on {cost_center}, and list all {diners} attendees in the description. The marketing portion also goes to their budget owner for approval, so it may take a day or two longer.",
                "Enter the {amount} as one line, click 'Split', and put 50% on your cost center and 50% on {cost_center}; list the {diners} attendees. Marketing's budget owner approves their half, so allow an extra day.",
            ],
            follow_ups: &[
                (
                    "[{cost_center} shows as inactive when I type it|it says {cost_center} is inactive?]",
                    "{cost_center} was closed last quarter; marketing's current team cost center is {new_cost_center}. It's worth double-checking with {coworker} on that team before you submit.",
                ),
                (
                    "[Who approves the marketing half?|who signs off for marketing?]",
                    "Their budget owner, {coworker}, gets a notification for the {cost_center} half; {manager} approves yours.",
                ),
                (
                    "[Can I split by amount instead?|what if it's not exactly half?]",
                    "Switch the split to 'Amount' and enter each part; the two have to add up to {amount}.",
                ),
            ],
            confirms: &["Got it, split with {cost_center} and submitted.", "[Ok, |]split the {amount} 50/50 and sent."],
            stuck: &[
                "The 'Split' button doesn't appear on card transactions, only on cash lines.",
                "Marketing's budget owner rejected their half, saying the lunch wasn't their event.",
            ],
            slots: &[
                ("diners", SlotValues::Pick(&["6", "8", "10", "12"])),
                ("amount", SlotValues::Money { symbol: "$", lo: 9000, hi: 32000, step: 1 }),
                ("cost_center", SlotValues::Number { prefix: "MKT-", lo: 4400, hi: 4490, width: 4 }),
                ("new_cost_center", SlotValues::Derived(cost_center_plus_five)),
            ],
        },
        Topic {
            title: "Personal charge on the corporate card",
            complexity: Complexity::Moderate,
            titles: &[
                "Personal {merchant} charge on the corporate card ({amount})",
                "Repay an accidental corporate card charge — {first} {last}",
                "Accidental {amount} charge at {merchant}",
            ],
            openers: &[
                "I accidentally used my corporate card for groceries ({amount}). How do I fix that?",
                "[Oops — |]used the corporate card at {merchant} by mistake, {amount}. What now?",
            ],
            clarify: &[
                "Easy to fix. Has the charge already shown up in your card transactions in the app?",
                "[No big deal.|That happens.] Is it showing in your card transactions yet?",
            ],
            details: &["Yes, it's sitting there", "yes, it's there"],
            answers: &[
                "Mark the transaction as 'Personal' in the app, then choose how to repay: a deduction from your next reimbursement, or a payment to the card program through the link that appears. Either way it should be settled within 30 days. As a one-off it's not a problem — add a short note like 'accidental use' so the card program team doesn't follow up about the {amount}.",
                "Mark the {merchant} charge as 'Personal', then repay the {amount} either from your next reimbursement or via the payment link. Settle it within 30 days and add 'accidental use' as a note — one-offs aren't an issue.",
            ],
            follow_ups: &[
                (
                    "[Does my manager get told about this?|will {manager} see it?]",
                    "Personal charges show on your monthly card statement, which {manager} approves, but a single accidental charge that's repaid isn't escalated anywhere.",
                ),
                (
                    "[How long do I have to pay it back?|when do I have to repay by?]",
                    "Within 30 days of the {merchant} charge; after that it's deducted from your next reimbursement automatically.",
                ),
                (
                    "[Can I just get the store to refund it?|could {merchant} refund it instead?]",
                    "Yes, if {merchant} refunds it to the card, the credit cancels the charge and there's nothing to repay; just note it on the transaction.",
                ),
            ],
            confirms: &["Done, marked it and picked the deduction.", "[Ok, |]marked personal and repaid the {amount}."],
            stuck: &[
                "The transaction is locked because the statement already closed, so I can't mark it personal.",
                "The payment link takes me to a page that says my card program account isn't set up.",
            ],
            slots: &[
                ("amount", SlotValues::Money { symbol: "$", lo: 1800, hi: 14900, step: 1 }),
                ("merchant", SlotValues::Pick(&["Trader Joe's", "Whole Foods", "Target", "CVS", "Safeway", "Kroger"])),
            ],
        },
        Topic {
            title: "Nine-day multi-city trip",
            complexity: Complexity::Complex,
            titles: &[
                "{days}-day trip: {trip_city}, Toronto, New York ({receipts} receipts)",
                "Expense report for a multi-city trip — {first}",
                "{receipts} receipts, some in CAD, from a {days}-day trip",
            ],
            openers: &[
                "Just back from a {days}-day trip: {trip_city}, then Toronto, then NYC. About {receipts} receipts, some in CAD, a couple are photos of crumpled paper. Also a flight change fee and a day I worked from the hotel. Where do I even start",
                "[Hi, |]{days} days, three cities ({trip_city}, Toronto, New York), {receipts} receipts. How do I turn this into a report?",
            ],
            clarify: &[
                "Let's break it down. Was it all one trip request, and did you book the flights and hotels through the travel portal?",
                "[We can do this in one go.|Let's tackle it.] One trip request? And were flights and hotels booked in the portal?",
            ],
            details: &[
                "One trip request, yes. Flights through the portal, hotels I booked myself",
                "yes one trip. flights portal, hotels myself",
            ],
            answers: &[
                "Here's the plan for the {receipts} receipts: 1) Upload all the photos at once — I'll read them, create lines with date, merchant, amount and currency, and group them by city. 2) CAD receipts are converted at the rate on each transaction date. 3) Portal flights are billed to the company account, so the change fee only needs a line if you paid it yourself, with the reason. 4) Hotels you booked yourself go on your report with their folios. 5) The hotel work day is fine — there's nothing to claim for it beyond the normal meal limit.",
                "Upload all {receipts} photos at once and I'll build the lines by city, converting CAD at each date's rate. Portal flights are already billed to the company (add the change fee only if you paid it); your own hotel bookings need their folios. The work day at the hotel needs nothing extra.",
            ],
            follow_ups: &[
                (
                    "[Uploaded all {receipts}. What did you find?|ok uploaded, anything wrong?]",
                    "Created {receipts} lines, about a third in CAD. Three need your attention: a Toronto dinner over the daily meal limit, two receipts too blurry to read the total, and a duplicate taxi charge on the {dom}. Everything else is in policy.",
                ),
                (
                    "[Can it be one report or does it need three?|one report for all three cities?]",
                    "One report, since it's one trip request; the lines are grouped by city so {manager} can review them easily.",
                ),
                (
                    "[What do I do about the blurry ones?|can you read the crumpled receipts?|two are unreadable, now what?]",
                    "For the two I couldn't read, retake the photo flat in good light, or file missing receipt declarations if they're under $75 — the rest of the {receipts} lines are fine.",
                ),
            ],
            confirms: &[
                "Fixed those three and submitted. Way easier than I expected.",
                "[Done, |]all {receipts} lines sorted and submitted.",
            ],
            stuck: &[
                "The app only lets me pick one city per report, so Toronto and New York lines are rejected.",
                "The change fee was charged to my card but the portal shows it as company-paid.",
            ],
            slots: &[
                ("days", SlotValues::Pick(&["7", "8", "9", "10", "11"])),
                ("receipts", SlotValues::Number { prefix: "", lo: 24, hi: 41, width: 1 }),
                ("trip_city", SlotValues::Pick(&["Chicago", "Boston", "Detroit", "Philadelphia", "Pittsburgh"])),
            ],
        },
        Topic {
            title: "Disputed conference registration",
            complexity: Complexity::Complex,
            titles: &[
                "{conference} registration ({amount}) rejected for pre-approval",
                "Retroactive pre-approval for {conference}",
                "Third attempt to get {conference} reimbursed",
            ],
            openers: &[
                "Finance rejected my conference registration ({amount}) saying it needed pre-approval, but my manager approved it over Slack in January. This is the third time I'm trying to get this reimbursed",
                "[Hi. |]my {conference} registration, {amount}, keeps getting rejected for missing pre-approval. {manager} approved it in chat weeks ago",
            ],
            clarify: &[
                "I'm sorry it's been bounced around. Do you have the date of your manager's approval message, and which conference was it?",
                "[Let's get this settled.|Sorry for the runaround.] When did {manager} approve it, and which conference?",
            ],
            details: &[
                "The {dom}, from my manager {manager}. It's {conference}",
                "{manager} approved it on the {dom} — {conference}",
            ],
            answers: &[
                "Conference registrations over $1,000 need pre-approval recorded in the expense system, which is why a chat approval was rejected — the audit check can't see it. The fastest fix: 1) Ask {manager} to submit a retroactive pre-approval in the system, which takes about a minute. 2) Attach a screenshot of the original approval to the expense line. 3) Resubmit the report. Since this is the third attempt, I've added a note for Finance under {ticket} so it isn't bounced again.",
                "Over $1,000, pre-approval has to be in the expense system; the audit can't see chat. So: {manager} files a retroactive pre-approval (a minute's work), you attach the chat screenshot and resubmit. I've left Finance a note on {ticket} explaining it's the third try.",
            ],
            follow_ups: &[
                (
                    "[{manager}'s on parental leave though. Who else can do the retroactive approval?|{manager} is out, who can approve?]",
                    "Their delegate in the system can, which for your team is the department head while {manager} is out. I've added that to the Finance note on {ticket} so they know who to expect it from.",
                ),
                (
                    "[Do hotel and travel for {conference} need the same?|what about the hotel for the conference?]",
                    "Travel and hotel follow the normal policy; only the {amount} registration needed pre-approval.",
                ),
                (
                    "[How long until it's paid once approved?|when do I get the {amount}?]",
                    "After the retroactive approval, the {amount} goes through audit and the next Wednesday payment run — usually within a week.",
                ),
            ],
            confirms: &[
                "Manager submitted the retro approval and I resubmitted. Fingers crossed.",
                "[Ok, |]retro approval done, resubmitted with the note on {ticket}.",
            ],
            stuck: &[
                "The retroactive pre-approval option says it's only available within 30 days of the expense.",
                "Finance rejected it again, now saying conference fees have to go through procurement.",
            ],
            slots: &[
                ("amount", SlotValues::Money { symbol: "$", lo: 109900, hi: 249900, step: 5000 }),
                (
                    "conference",
                    SlotValues::Pick(&[
                        "DataWorks Summit",
                        "SaaStr Annual",
                        "re:Invent",
                        "KubeCon",
                        "Config",
                        "Gartner Symposium",
                    ]),
                ),
            ],
        },
        Topic {
            title: "Fraudulent corporate card charges",
            complexity: Complexity::Complex,
            titles: &[
                "{charges} fraudulent charges on corporate card ending {card}",
                "Suspected card fraud: {amount} at online stores",
                "Corporate card ending {card} compromised — {first} {last}",
            ],
            openers: &[
                "There are {charges} charges on my corporate card ending {card} I didn't make. Online electronics stores, total {amount}. I still have the card in my wallet",
                "[Urgent: |]my corporate card ending {card} has {charges} charges I don't recognize, {amount} in total",
            ],
            clarify: &[
                "Thanks for flagging it right away. First, please freeze the card in the app under Cards > Freeze. Have you used it anywhere new recently, like a new website or a trip?",
                "[Let's act fast.|Thanks for reporting it.] Freeze the card under Cards > Freeze first. Any new places you used it lately?",
            ],
            details: &[
                "Froze it. Only thing new was a hotel booking site last week",
                "frozen. only a new hotel site last week",
            ],
            answers: &[
                "Here's what happens next: 1) I've reported the {charges} transactions as suspected fraud to the card program team under {ticket}, who'll open a dispute with the card issuer — you won't be held liable for them. 2) A replacement card with a new number will arrive within 5–7 business days. 3) Legitimate recurring charges on the old card, like software subscriptions, need the new number once it arrives. 4) Don't mark the fraudulent charges as personal.",
                "Reported as fraud under {ticket}: the card program team disputes the {charges} charges ({amount}) with the issuer, and you're not liable. A new card arrives in 5–7 business days; move any subscriptions from the card ending {card} to it. Don't mark the fraud charges as personal.",
            ],
            follow_ups: &[
                (
                    "[I have a trip on {day}, can I get the new card faster?|can the new card come before {day}?]",
                    "Yes — I've requested express delivery, which usually takes 2 business days. If it doesn't arrive in time for {day}, the card program team can issue a temporary virtual card for bookings.",
                ),
                (
                    "[Do I need to file a police report?|should I go to the police?]",
                    "Not for a card dispute; the issuer handles it. The card program team on {ticket} will tell you if they need anything from you.",
                ),
                (
                    "[What about the hotel booking site?|should I report the hotel site?]",
                    "Mention it on {ticket} — the issuer looks for common merchants across fraud cases, and it may help other cardholders.",
                ),
            ],
            confirms: &[
                "Ok, thanks for handling it so fast. I'll watch for the new card.",
                "[Thanks, |]new card's on the way and the dispute for the {amount} is open.",
            ],
            stuck: &[
                "One more charge went through after I froze the card ending {card}.",
                "The card program team says one of the {charges} charges can't be disputed because it was 'card present'.",
            ],
            slots: &[
                ("charges", SlotValues::Pick(&["3", "4", "5", "6"])),
                ("amount", SlotValues::Money { symbol: "$", lo: 120000, hi: 390000, step: 1 }),
                ("card", SlotValues::Number { prefix: "", lo: 1000, hi: 9999, width: 4 }),
                ("system", SlotValues::Pick(&["the card program service"])),
            ],
        },
    ],
    input_tokens_per_conversation: (6_000, 9_500),
    extra_messages: 0,
    slots: &[
        ("ticket", SlotValues::Number { prefix: "EXP-", lo: 10000, hi: 99999, width: 5 }),
        ("team", SlotValues::Pick(&["Finance", "accounts payable", "expense audit"])),
        ("system", SlotValues::Pick(&["the expense system"])),
        ("report", SlotValues::Number { prefix: "ER-", lo: 20000, hi: 29999, width: 5 }),
        (
            "trip_city",
            SlotValues::Pick(&["Denver", "Chicago", "Austin", "Boston", "Seattle", "Atlanta", "Nashville", "Phoenix"]),
        ),
        ("amount", SlotValues::Money { symbol: "$", lo: 48000, hi: 219000, step: 1 }),
        ("month", SlotValues::Pick(MONTHS)),
    ],
    greetings: &["Hi {first}!", "Hi there!", "Hello!", "Sure, {first}.", "Hi {first}, happy to help."],
    exchanges: &[
        (
            "[Can I submit the report before all the receipts are in?|can I send it in before I have everything?]",
            "You can submit what you have now and add the rest later as a second report. Just note 'part 2 to follow' on the first one so the approver knows, {first}.",
        ),
        (
            "[Where can I see the full expense policy?|is the policy written down somewhere?]",
            "It's under Finance > Policies > Travel & Expense Policy in the wiki. The app also shows the relevant limit next to each line — ask me about {ticket} any time.",
        ),
        (
            "[Do I need my manager's approval for this?|does {manager} need to approve it?]",
            "Every report goes to {manager} for approval when you submit it. Anything marked over policy gets a second review from Finance.",
        ),
        (
            "[Can I take a photo of the receipt instead of keeping the paper?|do I need to keep paper receipts?]",
            "Yes — a clear photo in the app is enough, and you don't need to keep the paper. Make sure the merchant, date, total and payment method are readable; I've noted it on {ticket}.",
        ),
        (
            "[When's the deadline to submit expenses?|how long do I have to submit?]",
            "Within 60 days of the expense date. After 90 days, late expenses need Finance approval and may be taxable — so for {month} expenses, sooner is better.",
        ),
        (
            "[Is there a limit on how much I can claim per trip?|is there a cap per trip?]",
            "No overall cap, just category limits like hotel nightly rates and daily meals. Trips over $5,000 get an extra review from Finance; {manager} sees the total first.",
        ),
        (
            "[Can I expense Wi-Fi on the plane?|is in-flight wifi reimbursable?]",
            "Yes, in-flight Wi-Fi is reimbursable when you're working during the flight. Put it under 'Internet & phone' with the receipt, {first}.",
        ),
        (
            "[Who do I talk to if I disagree with a rejection?|can I appeal a rejection?]",
            "Reply to the rejection comment on the report; it goes to the reviewer. If that doesn't resolve it, ask me and I'll open a case with the expense audit team, like {ticket}.",
        ),
        (
            "[Does the app read receipts automatically?|can I just snap the receipts?]",
            "Yes — snap a photo and it fills in merchant, date and amount; check the category before you submit, {first}.",
        ),
        (
            "[Can I delegate my expenses to my assistant?|can someone else file for me?]",
            "Yes, add a delegate under Settings > Delegates; they can prepare reports for you, and you still submit them. {coworker} could be set up in a minute.",
        ),
    ],
    handoffs: &[
        "I'm sorry this still isn't resolved. I've opened case {ticket} with {person} on our {team} team, including the report and the receipts. They'll reply {eta}.",
        "This needs a manual review, so I've passed it to {person} in {team} as {ticket}. You'll hear from them {eta} — no need to resubmit anything in the meantime.",
        "Let me get a person from {team} on this: {person} has case {ticket} and will contact you {eta}, {first}.",
    ],
    closings: &[
        "You should see the reimbursement in the next Wednesday payment run.",
        "Safe travels on your next trip[, {first}|]!",
        "Let me know if anything else comes back from the approver.",
        "Happy to check the next report before you submit it.",
    ],
};

const TRAINING_ASSISTANT: KindProfile = KindProfile {
    base_name: "Training Assistant",
    descriptions: &[
        "Recommends courses, tracks required training and answers questions about the learning platform.",
        "Helps employees find the right learning content and keep up with compliance training.",
        "Builds learning paths, answers course questions and reminds people of training deadlines.",
        "Supports managers and employees with course enrollment, certifications and learning plans.",
        "Finds courses, fixes stuck completions and explains certification and tuition programs.",
        "Learning platform helper: required training, certificates, languages and team assignments.",
    ],
    topics: &[
        Topic {
            title: "Overdue security training",
            complexity: Complexity::Simple,
            titles: &[
                "Overdue '{security_course}' — {first} {last}",
                "Security training shows overdue after {month}",
                "Quiz missing on '{security_course}'",
            ],
            openers: &[
                "I got an email saying my security training is overdue?? I thought I did it in {month}",
                "[Hi, |]why does '{security_course}' say overdue? I'm sure I did it back in {month}",
            ],
            clarify: &[
                "Let me check your record. Do you remember finishing the quiz at the end, or only the videos?",
                "[Let me look.|Checking your record.] Did you do the final quiz, or just the videos?",
            ],
            details: &["I think I watched everything, not sure about the quiz", "videos yes, quiz... not sure"],
            answers: &[
                "Your record shows '{security_course}' started in {month} with all 6 modules watched, but the final quiz was never submitted — that's why it's still open. Your progress is saved, so you only need the 10-question quiz, which takes about 10 minutes. Open the course from My learning > Assigned and click 'Resume'; it's marked complete as soon as you pass.",
                "All six modules of '{security_course}' are done since {month}; only the 10-question quiz is missing. Resume it from My learning > Assigned — about 10 minutes — and it's complete once you pass.",
            ],
            follow_ups: &[
                (
                    "[What score do I need?|what's the pass mark?]",
                    "80% to pass, so 8 out of 10. You can retake it right away if needed, and the questions are reshuffled, {first}.",
                ),
                (
                    "[Will my manager get an overdue notice?|does {manager} get told it's overdue?]",
                    "{manager} sees it on the team dashboard; once you pass, it switches to complete and the reminder emails stop.",
                ),
                (
                    "[Do I have to rewatch the videos?|do I need to watch everything again?]",
                    "No, progress on '{security_course}' is saved; the quiz is the only thing left.",
                ),
            ],
            confirms: &[
                "Did the quiz, passed. Thanks!",
                "[Done, |]passed the quiz, '{security_course}' shows complete.",
            ],
            stuck: &[
                "There's no 'Resume' button, it only lets me start '{security_course}' from the beginning.",
                "I passed the quiz but it still shows overdue on my dashboard.",
            ],
            slots: &[(
                "security_course",
                SlotValues::Pick(&[
                    "Security Awareness",
                    "Phishing & Security Basics",
                    "Information Security Essentials",
                    "Security Fundamentals",
                ]),
            )],
        },
        Topic {
            title: "Course on pivot tables",
            complexity: Complexity::Simple,
            titles: &[
                "Excel course for pivot tables — {first}",
                "Learning Excel pivots for {purpose}",
                "Course suggestions: pivot tables and XLOOKUP for {purpose}",
            ],
            openers: &[
                "any good courses for getting better at Excel? pivot tables mostly, for {purpose}",
                "[Hi! |]I need to get better at pivot tables for {purpose}. What would you recommend?",
            ],
            clarify: &[
                "Definitely. How comfortable are you with Excel today — basic formulas, or already using pivot tables a bit?",
                "[Happy to help.|Sure!] Where are you at now — formulas, or some pivots already?",
            ],
            details: &["I can do basic formulas, pivot tables confuse me", "formulas ok, pivots no"],
            answers: &[
                "Three that fit: 1) 'Pivot Tables from Scratch' — 45 minutes, video, beginner-friendly with practice files. 2) 'Excel for Data Analysis' — 3 hours, self-paced, covering pivots, charts and XLOOKUP. 3) 'Data Clinic' — a live 1-hour session every other {day} where you can bring your own spreadsheet. I'd start with the first one; it's the quickest win for {purpose}.",
                "For {purpose}, start with 'Pivot Tables from Scratch' (45 minutes, with practice files), then 'Excel for Data Analysis' (3 hours) if you want more. The live 'Data Clinic' every other {day} lets you bring your own file.",
            ],
            follow_ups: &[
                (
                    "[Can I get credit for these toward my development goals?|do these count for my goals?]",
                    "Yes — completed courses show on your learning profile, and you can link them to a development goal from the Goals tab so {manager} sees them at review time.",
                ),
                (
                    "[Is there something for Google Sheets too?|what about Sheets?]",
                    "'Sheets for Analysts' (1 hour) covers pivot tables in Google Sheets; the ideas carry over from the Excel course, {first}.",
                ),
                (
                    "[Can I do the Data Clinic without booking?|do I need to sign up for the clinic?]",
                    "Booking is optional but recommended — the {day} sessions fill up, and booked people get their question answered first.",
                ),
            ],
            confirms: &[
                "Signed up for the first one, thanks — should help with {purpose}.",
                "[Great, |]starting 'Pivot Tables from Scratch' today.",
            ],
            stuck: &[
                "The practice files won't open, my laptop only has the web version of Excel.",
                "'Pivot Tables from Scratch' says it's full and I'm on a waitlist.",
            ],
            slots: &[(
                "purpose",
                SlotValues::Pick(&[
                    "our monthly sales report",
                    "budget tracking",
                    "the support dashboard",
                    "inventory reports",
                    "survey results",
                ]),
            )],
        },
        Topic {
            title: "Download a first aid certificate",
            complexity: Complexity::Simple,
            titles: &[
                "Download first aid certificate — {first} {last}",
                "First Aid & CPR certificate for the {office} file",
                "Certificate missing after the practical — {first}",
            ],
            openers: &[
                "how do i download my certificate for the first aid course? need it for my file",
                "[Hi, |]where's my First Aid & CPR certificate? Did the practical on the {dom}",
            ],
            clarify: &[
                "Happy to help. Did you complete both the online part and the practical session?",
                "[Sure.|Let me check.] Both the online part and the practical are done?",
            ],
            details: &["both, the practical was last week", "yes both, practical on the {dom}"],
            answers: &[
                "Certificates appear once both parts are marked complete. Go to My learning > Completed, open 'First Aid & CPR' and click 'Download certificate' — it's a PDF with your name, completion date and the 2-year validity. If the practical isn't showing yet, the instructor may still be submitting attendance, which usually happens within a week of the {dom}.",
                "Once both parts are complete, it's under My learning > Completed > 'First Aid & CPR' > Download certificate (PDF, valid 2 years). If the practical from the {dom} isn't showing, the instructor hasn't submitted attendance yet — usually within a week.",
            ],
            follow_ups: &[
                (
                    "[Will I get reminded when it expires?|do I get a reminder before it runs out?]",
                    "Yes — you'll get reminders 60 and 30 days before it expires, with a link to the refresher course. For you that's two years after the {dom}.",
                ),
                (
                    "[Does it count as an official certificate outside work?|is it valid outside the company?]",
                    "It's issued by our accredited provider, so it's recognized outside work too; the provider's registration number is on the PDF for the {office} course.",
                ),
                (
                    "[Can HR get a copy directly?|can you send it to HR?]",
                    "HR can see completions in your record already; if they need the PDF, I can share it with {coworker} in People Ops.",
                ),
            ],
            confirms: &["Downloaded it, thanks.", "[Got it, |]certificate saved for the {office} file."],
            stuck: &[
                "My name is misspelled on the certificate, and the download button doesn't let me change it.",
                "It's been over a week since the practical on the {dom} and it still shows only the online part.",
            ],
            slots: &[],
        },
        Topic {
            title: "Code of conduct course in Spanish",
            complexity: Complexity::Simple,
            titles: &[
                "Code of conduct in Spanish for the {latam_office} team",
                "Spanish version of '{conduct_course}'",
                "Course language for the {latam_office} team",
            ],
            openers: &[
                "Is the code of conduct course available in Spanish? My team in {latam_office} is asking",
                "[Hi, |]{team_size} people on my team in {latam_office} would rather do '{conduct_course}' in Spanish. Possible?",
            ],
            clarify: &[
                "Let me check. Do they need the whole course in Spanish, or would subtitles be enough?",
                "[Checking the catalog.|Let me see.] Whole course, or are subtitles fine?",
            ],
            details: &["Whole course ideally", "the whole thing, quiz too"],
            answers: &[
                "Yes — '{conduct_course}' is fully available in Spanish, including the quiz. Each person can switch under Profile > Language, or use the language menu in the top right of the course player. Completion counts the same in any language, so nobody in {latam_office} has to redo it.",
                "It is: '{conduct_course}' exists fully in Spanish, quiz included. People switch under Profile > Language or in the player's language menu; a completion in Spanish counts exactly the same for the {latam_office} team.",
            ],
            follow_ups: &[
                (
                    "[Can I set it to Spanish for the whole team at once?|can I change it for everyone?]",
                    "Managers can't change other people's language settings, but L&D can set a default language per location. I've passed that request along for the {latam_office} office; it usually takes about a day.",
                ),
                (
                    "[Are the other required courses in Spanish too?|what about the other mandatory ones?]",
                    "Security awareness and data privacy are in Spanish too; the anti-harassment course has Spanish subtitles only, for now, in {latam_office}.",
                ),
                (
                    "[Does the deadline change?|do they get more time?]",
                    "No, the deadline stays the same for all {team_size}; switching language keeps their progress.",
                ),
            ],
            confirms: &["Perfect, I'll let them know.", "[Great, |]telling the {latam_office} team now."],
            stuck: &[
                "Spanish doesn't show up in the language menu for anyone in {latam_office}.",
                "The Spanish version's quiz still comes up in English.",
            ],
            slots: &[
                (
                    "latam_office",
                    SlotValues::Pick(&["Monterrey", "Mexico City", "Bogotá", "Madrid", "Buenos Aires", "Santiago"]),
                ),
                ("team_size", SlotValues::Number { prefix: "", lo: 5, hi: 18, width: 1 }),
                (
                    "conduct_course",
                    SlotValues::Pick(&["Code of Conduct", "Our Code of Conduct", "Business Ethics & Code of Conduct"]),
                ),
            ],
        },
        Topic {
            title: "Preparing for a cloud certification",
            complexity: Complexity::Moderate,
            titles: &[
                "Prep plan for {cert} in {exam_weeks} weeks",
                "{cert} exam: courses and fee coverage",
                "Study plan for {cert} — {first}",
            ],
            openers: &[
                "I'm taking the {cert} exam in {exam_weeks} weeks. What do you have that could help me prepare? Work pays for it right?",
                "[Hi! |]Booked {cert} for {exam_weeks} weeks from now. Any prep courses, and is the fee covered?",
            ],
            clarify: &[
                "Nice goal! Have you registered for the exam yet, and how much time can you spend on it each week?",
                "[Good luck!|Great plan.] Are you registered, and how many hours a week can you study?",
            ],
            details: &["Registered yes. Maybe {hours} hours a week", "yes registered, ~{hours} h a week"],
            answers: &[
                "For {exam_weeks} weeks, this path works well: 1) '{cert} Exam Prep' — 8 hours of video across 6 modules, one or two a week. 2) Two full practice exams in the learning platform — one halfway through and one a few days before the exam. 3) The weekly study group on {day} at noon, run by colleagues who passed recently. The certification program covers the exam fee; it's reimbursed after you submit the receipt and the result.",
                "With {hours} hours a week for {exam_weeks} weeks: '{cert} Exam Prep' (8 hours), two practice exams (midway and just before), and the {day} noon study group. The exam fee is covered by the certification program — submit the receipt and result.",
            ],
            follow_ups: &[
                (
                    "[What if I fail? Do I have to pay it back?|and if I don't pass?]",
                    "No repayment — the program also covers one retake of {cert} if you don't pass the first time. Further attempts need {manager}'s approval.",
                ),
                (
                    "[Can I study during work hours?|is it ok to study at work?]",
                    "Yes, up to 2 hours a week of certification study counts as work time — agree the slots with {manager}.",
                ),
                (
                    "[Is there a badge when I pass?|do I get anything on my profile?]",
                    "Yes, passing {cert} adds a badge to your learning profile, and it shows in the internal directory.",
                ),
            ],
            confirms: &[
                "Great, enrolled in the prep course and joined the study group.",
                "[Ok, |]enrolled — {cert} prep starts this week.",
            ],
            stuck: &[
                "The practice exams are for an older version of {cert} than the one I registered for.",
                "The certification program says {cert} isn't on the covered list.",
            ],
            slots: &[
                (
                    "cert",
                    SlotValues::Pick(&[
                        "AWS Cloud Practitioner",
                        "Azure Fundamentals",
                        "Google Cloud Digital Leader",
                        "AWS Solutions Architect Associate",
                        "Kubernetes CKAD",
                    ]),
                ),
                ("exam_weeks", SlotValues::Pick(&["3", "4", "5", "6"])),
                ("hours", SlotValues::Pick(&["3", "4", "5", "6"])),
            ],
        },
        Topic {
            title: "Assign a course to my team",
            complexity: Complexity::Moderate,
            titles: &[
                "Assign '{course}' to {team_size} direct reports",
                "Team assignment with a due date: '{course}'",
                "{first} assigning '{course}' to the team",
            ],
            openers: &[
                "How do I assign the new '{course}' course to my whole team? {team_size} people, need it done by end of month",
                "[Hi, |]I want my {team_size} reports to take '{course}' by month end. How do I assign it?",
            ],
            clarify: &[
                "Easy to do. Is it your direct reports only, or also people in other teams?",
                "[Sure.|Easy.] Direct reports only, or others too?",
            ],
            details: &["All direct reports", "just my directs"],
            answers: &[
                "Go to Manager view > My team > Assign learning, select '{course}', choose 'All direct reports' and set the due date to the last day of the month. Everyone gets an email with the link, and automatic reminders go out 7 days and 1 day before the due date. You can track progress on the same page.",
                "Manager view > My team > Assign learning: pick '{course}', 'All direct reports', due the last day of the month. All {team_size} get an email and reminders 7 days and 1 day before; progress shows on the same page.",
            ],
            follow_ups: &[
                (
                    "[Can I exclude someone who's on leave?|{coworker} is on leave, can I skip them?]",
                    "Yes — untick {coworker} in the list before assigning, and assign it later with a new due date when they're back.",
                ),
                (
                    "[Can I see who hasn't started?|how do I see who's behind?]",
                    "On the same page, filter by 'Not started'; you can nudge everyone in that list with one click, out of your {team_size}.",
                ),
                (
                    "[Does it count toward their training hours?|do they get credit for the hours?]",
                    "Yes, '{course}' counts toward each person's yearly learning hours once completed.",
                ),
            ],
            confirms: &["Done, assigned to everyone.", "[Ok, |]'{course}' is assigned to all {team_size}."],
            stuck: &[
                "'Assign learning' isn't in my Manager view, I only see 'My team' and 'Reports'.",
                "'{course}' doesn't show up in the assign list, only older courses.",
            ],
            slots: &[
                ("team_size", SlotValues::Number { prefix: "", lo: 5, hi: 16, width: 1 }),
                (
                    "course",
                    SlotValues::Pick(&[
                        "Data Privacy Essentials",
                        "Inclusive Hiring",
                        "Feedback that Lands",
                        "Secure Coding Basics",
                        "Customer Empathy 101",
                        "Accessibility Fundamentals",
                    ]),
                ),
            ],
        },
        Topic {
            title: "Course stuck at 95%",
            complexity: Complexity::Moderate,
            titles: &[
                "'{course}' stuck at 95% — {first}",
                "Completion not recorded for '{course}'",
                "Course shows in progress after finishing on {device_kind}",
            ],
            openers: &[
                "I finished '{course}' yesterday but it still shows 95% and 'in progress'. I watched everything",
                "[Hi, |]'{course}' won't go to complete, it's stuck at 95%",
            ],
            clarify: &[
                "That's frustrating after finishing it. Did you do the last part on the mobile app or on the web, and was the last section a video or a quiz?",
                "[Let's get it to 100%.|Annoying, let's fix it.] Did you finish on mobile or web, and was the last bit a video?",
            ],
            details: &["{device_kind}, last one was a short video", "on {device_kind}, a short video at the end"],
            answers: &[
                "This is a known issue with the {device_kind}: if the final video is closed a few seconds early, the completion isn't sent. Fix: open '{course}' on the web, go to the last module, and play the final 30 seconds of the video through to the end. The course should switch to 'Complete' within a few minutes.",
                "Known {device_kind} issue — closing the last video a few seconds early skips the completion. Open '{course}' in a browser, replay the last 30 seconds of the final video to the end, and it flips to 'Complete' within minutes.",
            ],
            follow_ups: &[
                (
                    "[Will it count as late if it updates today?|does it count as late now?]",
                    "Completion uses the date you finish on the web, so if the due date is after today it won't count as late. If it's already past, {manager} can see why in the activity log.",
                ),
                (
                    "[Will this happen on other courses too?|is it every course?]",
                    "Only courses that end on a video; the {device_kind} fix is coming in the next app update.",
                ),
                (
                    "[Do I have to redo the quiz?|does my quiz score stay?]",
                    "No, your quiz result on '{course}' is kept; only the final video's completion is missing.",
                ),
            ],
            confirms: &["That fixed it, shows complete now.", "[Yep, |]'{course}' is at 100% now."],
            stuck: &[
                "I replayed the end of the video in the browser twice and '{course}' is still at 95%.",
                "The web version says I haven't started '{course}' at all.",
            ],
            slots: &[
                (
                    "course",
                    SlotValues::Pick(&[
                        "Workplace Safety",
                        "Anti-Harassment Training",
                        "Data Privacy Essentials",
                        "Fire Safety Basics",
                        "Ergonomics at Work",
                    ]),
                ),
                ("device_kind", SlotValues::Pick(&["mobile app", "iPad app", "Android app"])),
            ],
        },
        Topic {
            title: "Tuition reimbursement for an MBA",
            complexity: Complexity::Moderate,
            titles: &[
                "Tuition reimbursement for a part-time {degree}",
                "{degree} funding question — {first} {last}",
                "How much tuition help for a {degree} at {school}?",
            ],
            openers: &[
                "Does the company pay for part of a master's degree? Thinking about a part time {degree} at {school} starting in the fall",
                "[Hi, |]I got into a part-time {degree} at {school}. Does the tuition program cover it?",
            ],
            clarify: &[
                "There is a program for that. How long have you been with the company, and is the degree related to your role?",
                "[Congrats!|Good news — there's a program.] How long have you been here, and does it relate to your job?",
            ],
            details: &[
                "{tenure} years in June, and yes, I'm in finance",
                "{tenure} years, and yes, it's for my finance role",
            ],
            answers: &[
                "The tuition reimbursement program covers up to $5,250 per calendar year for degree programs related to your role or career path here. You need at least one year of service, pre-approval from {manager} and L&D before the course starts, and a grade of B or better. If you leave within 12 months of a reimbursement, it has to be repaid. Apply in the learning platform under Programs > Tuition.",
                "Up to $5,250 a calendar year for a related degree like the {degree} at {school}: one year of service, pre-approval from {manager} and L&D before the term starts, and a B or better. It's repayable if you leave within 12 months. Apply under Programs > Tuition.",
            ],
            follow_ups: &[
                (
                    "[Does it cover books and fees or only tuition?|are books covered?]",
                    "Tuition and mandatory course fees for the {degree} are covered; books, travel and application fees aren't.",
                ),
                (
                    "[Is it taxable?|do I pay tax on it?]",
                    "Up to $5,250 a year is tax-free under the current rules, which is why the cap is set there; payroll handles it, {first}.",
                ),
                (
                    "[Can I start before approval comes through?|what if classes start before it's approved?]",
                    "Pre-approval has to come before the first class; apply now and L&D usually decides within two weeks, well before the fall term at {school}.",
                ),
            ],
            confirms: &["Great, I'll talk to my manager and apply.", "[Ok, |]applying for the {degree} this week."],
            stuck: &[
                "The application form only lists certificate programs, not degrees like the {degree}.",
                "{manager} says our department's budget for tuition is already used up this year.",
            ],
            slots: &[
                ("degree", SlotValues::Pick(&["MBA", "MS in Finance", "MS in Data Analytics", "Executive MBA", "MPA"])),
                (
                    "school",
                    SlotValues::Pick(&[
                        "Boston University",
                        "UT Austin",
                        "Georgia State",
                        "NYU Stern",
                        "Northeastern",
                        "the University of Denver",
                    ]),
                ),
                ("tenure", SlotValues::Pick(&["2", "3", "4"])),
            ],
        },
        Topic {
            title: "Data minimization vs purpose limitation",
            complexity: Complexity::Moderate,
            titles: &[
                "Data minimization vs purpose limitation (quiz prep, {first})",
                "Privacy course concepts before the quiz — {first}",
                "Explaining GDPR principles from '{privacy_course}'",
            ],
            openers: &[
                "The data privacy course keeps mentioning 'data minimization' and 'purpose limitation'. What's the difference? I have the quiz later",
                "[Hi, |]quiz for '{privacy_course}' at {time} — can you explain minimization vs purpose limitation?",
            ],
            clarify: &[
                "Happy to explain. Do you want the general idea, or how it applies to your team's work specifically?",
                "[Sure!|Good question.] General idea, or how it applies to your work?",
            ],
            details: &["The general one", "general is fine"],
            answers: &[
                "Purpose limitation means you collect personal data for a specific, stated reason and don't reuse it for something unrelated later. Data minimization means you only collect the data you actually need for that purpose. Example: a newsletter signup only needs an email address — asking for a date of birth too breaks minimization, and later using those emails for an unrelated survey breaks purpose limitation. Both are in module 2 of '{privacy_course}'.",
                "Purpose limitation: use personal data only for the reason you collected it. Minimization: collect only what that reason needs. A newsletter form asking for a birth date breaks minimization; reusing its emails for an unrelated survey breaks purpose limitation. Module 2 of '{privacy_course}' covers both.",
            ],
            follow_ups: &[
                (
                    "[So keeping data forever 'just in case' is a minimization problem?|what about keeping data forever?]",
                    "Close — that's mostly storage limitation, a related principle: keep data only as long as the purpose needs it. It's covered in module 3 of '{privacy_course}'.",
                ),
                (
                    "[How many questions are on the quiz?|is the quiz long?]",
                    "Twelve questions, 80% to pass; you can retake it right away if needed, {first}.",
                ),
                (
                    "[Does this apply to employee data too?|is HR data covered?]",
                    "Yes, the same principles apply to employee data; '{privacy_course}' has an HR example in module 4.",
                ),
            ],
            confirms: &["That makes sense now, thanks.", "[Got it, |]ready for the {time} quiz."],
            stuck: &[
                "The quiz question gives an example that seems to break both principles and only one answer is allowed.",
                "Module 2 of '{privacy_course}' won't load for me, so I can't check the wording.",
            ],
            slots: &[
                (
                    "privacy_course",
                    SlotValues::Pick(&[
                        "Data Privacy Essentials",
                        "GDPR for Everyone",
                        "Privacy by Design",
                        "Handling Personal Data",
                    ]),
                ),
                ("time", SlotValues::Pick(&["2pm", "3pm", "4pm", "11am"])),
            ],
        },
        Topic {
            title: "Learning plan for a move into product",
            complexity: Complexity::Complex,
            titles: &[
                "Learning plan: support → product in {plan_months} months",
                "Career move into product management — {first} {last}",
                "Product management learning path for {first}",
            ],
            openers: &[
                "I'm moving from customer support into a product manager role in about {plan_months} months. My manager supports it. Can you help me put together a learning plan?",
                "[Hi! |]I'm switching from support to a PM role in {plan_months} months. Could you build me a learning plan?",
            ],
            clarify: &[
                "Congratulations on the move! Which product skills feel least familiar right now, and how many hours a week can you spend on learning?",
                "[Exciting!|Congrats!] Which PM skills feel newest to you, and how many hours a week do you have?",
            ],
            details: &[
                "Data and metrics and writing specs. {hours} hours a week",
                "metrics and specs, ~{hours} hours a week",
            ],
            answers: &[
                "Here's a {plan_weeks}-week plan: Weeks 1–3: 'Product Management Foundations' (6 hours) for the big picture. Weeks 4–6: 'Writing Great Product Specs' (4 hours), then a practice spec for a support pain point you know well — your support background is a real advantage there. Weeks 7–9: 'Metrics for Product Managers' (5 hours) and 'SQL Basics' (4 hours) so you can pull your own data. The rest: shadow two product reviews and present your practice spec to {manager}.",
                "A {plan_weeks}-week path at {hours} hours a week: PM Foundations first (6 h), then 'Writing Great Product Specs' with a practice spec on a support pain point, then 'Metrics for Product Managers' and 'SQL Basics', and finally shadowing product reviews and presenting your spec to {manager}.",
            ],
            follow_ups: &[
                (
                    "[Can I get a mentor too?|is there mentoring for this?]",
                    "Yes — the internal mentoring program matches people changing roles with a mentor in the target role. I've added the application to your path; matches are made at the start of each month, and {coworker} is a likely match.",
                ),
                (
                    "[Can I shadow a PM before I move?|can I sit in on product meetings?]",
                    "Yes — I've asked {coworker}'s team if you can join their sprint reviews for the next {plan_months} months.",
                ),
                (
                    "[Is the SQL course hard?|how technical is SQL Basics?]",
                    "It's beginner-level, 4 hours, with exercises on a copy of the support data you already know, {first}.",
                ),
            ],
            confirms: &[
                "This is great, starting week 1 on Monday.",
                "[Thanks, |]the {plan_weeks}-week plan is on my learning page.",
            ],
            stuck: &[
                "'Metrics for Product Managers' is only open to people already in product roles.",
                "My new manager wants me to start in {plan_months} weeks, not months, so the plan is too long.",
            ],
            slots: &[
                ("plan_months", SlotValues::Pick(&["2", "3", "4"])),
                ("plan_weeks", SlotValues::Pick(&["10", "12", "14"])),
                ("hours", SlotValues::Pick(&["3", "4", "5"])),
            ],
        },
        Topic {
            title: "Required training for a new German office",
            complexity: Complexity::Complex,
            titles: &[
                "Mandatory training for the new {de_city} office ({hires} hires)",
                "German compliance curriculum for {hires} new hires",
                "Training in German for the {de_city} launch",
            ],
            openers: &[
                "We're opening a sales office in {de_city} next quarter. {hires} new hires there plus 3 managers moving over. What training do they legally need and do we have it in German?",
                "[Hi, |]new office in {de_city}: {hires} hires and 3 managers. Which trainings are mandatory, and are they in German?",
            ],
            clarify: &[
                "Let me pull the regional requirements. Will they be employed by the German entity, and what kind of roles are they?",
                "[Checking the regional catalog.|Let me look.] Employed by the German entity, and what roles?",
            ],
            details: &[
                "German entity, yes. Sales roles, they handle customer data but not payments",
                "yes German entity, sales, customer data but no payments",
            ],
            answers: &[
                "From the regional compliance catalog, the German curriculum includes: 1) Data protection (GDPR) basics — required for all roles, available in German. 2) Occupational health and safety instruction — required at hiring and yearly; the online part is in German, and the office-specific part has to be delivered on site in {de_city}. 3) Anti-corruption and gifts policy — required for sales roles, in German. 4) The code of conduct — in German. I've assigned them to the {hires} new hires as a path that starts on their first day.",
                "For {de_city}: GDPR basics (German), health and safety instruction at hiring and yearly (online part in German, the office-specific part on site), anti-corruption for sales (German) and the code of conduct (German). It's set up as a first-day path for all {hires} hires.",
            ],
            follow_ups: &[
                (
                    "[Who delivers the on-site safety instruction?|who does the safety part on site?]",
                    "Usually the office's designated safety officer or an external provider. L&D already works with a provider in Germany, and {coworker}, the regional lead, can book them for the {de_city} opening.",
                ),
                (
                    "[Do the 3 managers need anything extra?|what about the managers?]",
                    "A leadership module on German labor law basics and works council rules, about 2 hours, in English or German; I've added it to the {de_city} path.",
                ),
                (
                    "[What's the deadline for all this?|when does it have to be done?]",
                    "Safety instruction before their first day of work in {de_city}; the rest within 30 days of hiring.",
                ),
            ],
            confirms: &[
                "Perfect, that's the list I needed for the launch plan.",
                "[Great, |]the {de_city} path goes into the launch plan.",
            ],
            stuck: &[
                "Our German entity isn't set up in the learning platform yet, so I can't assign anything to the {hires} hires.",
                "Legal says the works council has to approve the training plan before we roll it out.",
            ],
            slots: &[
                ("de_city", SlotValues::Pick(&["Munich", "Berlin", "Hamburg", "Frankfurt", "Cologne", "Düsseldorf"])),
                ("hires", SlotValues::Number { prefix: "", lo: 5, hi: 14, width: 1 }),
            ],
        },
        Topic {
            title: "Moving an analyst team from Excel to Python",
            complexity: Complexity::Complex,
            titles: &[
                "Excel → Python plan for {analysts} analysts",
                "Python upskilling for {first}'s analyst team",
                "Six-month Python migration training ({analysts} people)",
            ],
            openers: &[
                "I manage a team of {analysts} data analysts. Leadership wants us moving to Python from Excel over the next 6 months. How do I figure out where everyone is and plan training without it taking over their jobs?",
                "[Hi, |]my {analysts} analysts need to move from Excel to Python in 6 months. How do I plan the training?",
            ],
            clarify: &[
                "Good that you're planning it up front. Does anyone already code, and is there a concrete target, like moving certain reports?",
                "[Let's plan it.|Happy to help.] Does anyone already code, and what's the concrete goal?",
            ],
            details: &[
                "{coders} of them already code a bit. Target is all recurring reports in Python by month 6",
                "{coders} can code a little, goal is recurring reports in Python by month 6",
            ],
            answers: &[
                "Here's an approach: 1) Assign the 20-minute Python skills assessment in the learning platform; results come back per skill, not just as a score. 2) Group people by level: beginners take 'Python for Excel Users' (10 hours), and the {coders} who already code take 'Pandas for Analysts' (8 hours). 3) Protect time — 2 hours a week blocked on calendars works better than squeezing it in. 4) From month 2, move one recurring report at a time, pairing a beginner with a stronger coder.",
                "For {analysts} analysts: start with the 20-minute skills assessment, then split into 'Python for Excel Users' (10 h) and, for the {coders} who code, 'Pandas for Analysts' (8 h). Block 2 hours a week on calendars, and from month 2 migrate one recurring report at a time in pairs.",
            ],
            follow_ups: &[
                (
                    "[What if someone really struggles with it?|and if someone falls behind?]",
                    "The assessment surfaces that early. L&D offers 1:1 coaching for people who get stuck, and pairing with one of the {coders} stronger coders on real reports is usually the biggest help.",
                ),
                (
                    "[Do they need new laptops or software?|what do they need installed?]",
                    "Python and Jupyter are in Self Service; for {analysts} people, IT can also set up the shared notebook server so nobody installs anything locally.",
                ),
                (
                    "[How do I show leadership progress?|how do I report progress upward?]",
                    "The manager dashboard tracks course completion per person, and a simple count of reports migrated each month makes progress visible to {manager}.",
                ),
            ],
            confirms: &[
                "That's a plan I can take to leadership. Assigning the assessment now.",
                "[Great, |]assessment assigned to all {analysts}.",
            ],
            stuck: &[
                "Half the team can't install Python on their laptops, it needs admin rights.",
                "Leadership now wants it done in 3 months, not 6.",
            ],
            slots: &[
                ("analysts", SlotValues::Number { prefix: "", lo: 6, hi: 14, width: 1 }),
                ("coders", SlotValues::Pick(&["2", "3"])),
            ],
        },
    ],
    input_tokens_per_conversation: (8_000, 12_000),
    extra_messages: 1,
    slots: &[
        ("ticket", SlotValues::Number { prefix: "LD-", lo: 10000, hi: 99999, width: 5 }),
        ("team", SlotValues::Pick(&["Learning & Development", "L&D operations", "compliance training"])),
        ("system", SlotValues::Pick(&["the learning platform"])),
        ("office", SlotValues::Pick(OFFICES)),
        ("month", SlotValues::Pick(MONTHS)),
    ],
    greetings: &["Hi {first}!", "Hi there!", "Hello!", "Hi {first}, happy to help.", "Sure, {first}!"],
    exchanges: &[
        (
            "[Can I do the courses on my phone?|is there a mobile app?]",
            "Yes, the mobile app has every course, and you can download videos to watch offline. Progress syncs when you're back online, {first}.",
        ),
        (
            "[Do I need my manager's approval to enroll?|does {manager} have to approve it?]",
            "Not for courses in the catalog — you can enroll yourself. Paid external courses and certifications need {manager}'s approval.",
        ),
        (
            "[Does training time count as work time?|can I do this during work hours?]",
            "Yes, required training counts as work time, and you're encouraged to block time for it on your calendar — {day} afternoons are popular.",
        ),
        (
            "[How do I see what I still have to complete?|where's my list of assigned courses?]",
            "Go to My learning > Assigned. Everything is sorted by due date, with overdue items at the top in red, {first}.",
        ),
        (
            "[Can I pause a course and come back later?|does it save my progress?]",
            "Yes, progress is saved automatically at the end of each section, so you can pick up where you left off on any device — even next {day}.",
        ),
        (
            "[Is there a live version of this instead of video?|are there live sessions?]",
            "Some courses have live sessions listed under the 'Sessions' tab; the next one is on {day}. If there's no live option, ask L&D to add you to the interest list.",
        ),
        (
            "[Are there any courses on giving feedback? My manager suggested it|any feedback courses?]",
            "Yes — 'Feedback that Lands' is a 90-minute interactive course, and there's a 20-minute version if you just want the key ideas. {manager} can see completion if you link it to a goal.",
        ),
        (
            "[Will my manager see my quiz scores?|can {manager} see my scores?]",
            "Managers see completion status and dates, not individual quiz scores — {manager} included.",
        ),
        (
            "[Can I suggest a course that isn't in the catalog?|how do I request a new course?]",
            "Absolutely — use 'Suggest content' in the learning platform. L&D reviews suggestions monthly; I can also log it for you as {ticket}.",
        ),
        (
            "[How many hours of learning are we expected to do a year?|is there a yearly learning target?]",
            "The guideline is 40 hours a year, including required training. There's no penalty for going over — plenty of people do, {first}.",
        ),
    ],
    handoffs: &[
        "Thanks for trying that. I've opened case {ticket} with {person} on our {team} team, who can look at your record directly. They'll be in touch {eta}.",
        "This needs someone with admin access to the learning platform, so I've passed it to {person} on our {team} team (case {ticket}). Expect a reply {eta}.",
        "Let me hand this to {person} in {team}: case {ticket}, and they'll contact you {eta}, {first}.",
    ],
    closings: &[
        "Happy learning[, {first}|]!",
        "Let me know if you need anything else for your training.",
        "Ping me any time you need help finding a course.",
        "Good luck with it!",
    ],
};

// ---------------------------------------------------------------------------
// Value pools several topics share.

/// Weekdays, as the common `{day}` slot draws them (an `Another` over `day` must use this pool).
pub const WEEKDAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];

/// Customers' workspaces on the platform (each reads well after "the" and "in").
const CUSTOMER_WORKSPACES: &[&str] = &[
    "Brightwater Logistics",
    "Kestrel Analytics",
    "Pinecrest Dental",
    "Halvorsen Engineering",
    "Bluebird Media",
    "Ironwood Capital",
    "Sundial Health",
    "Northgate Architects",
    "Marigold Events",
    "Riverside Property",
    "Vantage Freight",
    "Orchard Lane Studios",
    "Granite Peak Insurance",
    "Lumen Learning",
    "Copperline Foods",
    "Redwood Legal",
    "Tallgrass Energy",
    "Westbrook Realty",
    "Fathom Labs",
    "Quarry Creative",
];
/// Projects in customers' workspaces.
const PROJECTS: &[&str] = &[
    "Q3 Launch",
    "Website Redesign",
    "Client Onboarding",
    "Spring Campaign",
    "Office Move",
    "Mobile App v2",
    "Hiring Pipeline",
    "Product Roadmap",
    "Vendor Audit",
    "Trade Show 2025",
    "Content Calendar",
    "ERP Migration",
    "Sales Playbook",
    "Annual Report",
];
/// (city, zip code).
const US_CITIES: &[(&str, &str)] = &[
    ("Chicago", "60614"),
    ("Portland", "97205"),
    ("Austin", "78704"),
    ("Denver", "80206"),
    ("Seattle", "98103"),
    ("Boston", "02116"),
    ("Atlanta", "30307"),
    ("Minneapolis", "55408"),
    ("Philadelphia", "19146"),
    ("San Diego", "92104"),
    ("Nashville", "37206"),
    ("Columbus", "43215"),
    ("Raleigh", "27605"),
    ("Tucson", "85719"),
    ("Madison", "53703"),
    ("Pittsburgh", "15217"),
    ("Sacramento", "95816"),
    ("Richmond", "23220"),
];
/// Prospect companies (legal names).
const B2B_COMPANIES: &[&str] = &[
    "Brightwater Logistics LLC",
    "Kestrel Analytics Inc.",
    "Pinecrest Dental Group",
    "Halvorsen Engineering",
    "Bluebird Media Co.",
    "Ironwood Capital Partners",
    "Sundial Health Inc.",
    "Northgate Architects",
    "Clearpath Robotics Ltd",
    "Marigold Events LLC",
    "Riverside Property Management",
    "Summit Ridge Software",
    "Vantage Freight Inc.",
    "Orchard Lane Studios",
    "Granite Peak Insurance",
    "Lumen Learning Labs",
];
const NONPROFITS: &[&str] = &[
    "Green Valley Food Bank",
    "Open Shelf Literacy",
    "Riverbend Youth Soccer",
    "Harbor Animal Rescue",
    "Bright Futures Mentoring",
    "Coastal Cleanup Alliance",
    "Maple Street Clinic",
    "Second Chance Housing",
];
pub const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

// Sales arithmetic: list prices are $15/$12 a seat a month on Team (monthly/annual), $24 on annual Business.

fn count(slots: &Slots, name: &str) -> u64 {
    slots.number(name).unwrap_or(0)
}

fn dollars(out: &mut String, amount: u64) {
    write_money(out, "$", amount * 100, false);
}

fn team_monthly_year(s: &Slots, out: &mut String) {
    dollars(out, count(s, "seats") * 15 * 12);
}
fn team_annual_year(s: &Slots, out: &mut String) {
    dollars(out, count(s, "seats") * 12 * 12);
}
fn team_saving(s: &Slots, out: &mut String) {
    dollars(out, count(s, "seats") * 3 * 12);
}
fn seats_plus_five(s: &Slots, out: &mut String) {
    write_grouped(out, count(s, "seats") + 5);
}
fn five_seats_half_year(_: &Slots, out: &mut String) {
    dollars(out, 5 * 12 * 6);
}
fn business_annual_year(s: &Slots, out: &mut String) {
    dollars(out, count(s, "seats") * 24 * 12);
}
fn business_nonprofit_year(s: &Slots, out: &mut String) {
    write_money(out, "$", count(s, "seats") * 24 * 12 * 60, false);
}
fn upgrade_prorated(s: &Slots, out: &mut String) {
    dollars(out, count(s, "seats") * 12 * count(s, "months"));
}
fn business_three_months(s: &Slots, out: &mut String) {
    dollars(out, count(s, "seats") * 24 * 3);
}
fn analytics_month(s: &Slots, out: &mut String) {
    dollars(out, count(s, "seats") * 6);
}
fn all_workspace_seats(s: &Slots, out: &mut String) {
    write_grouped(out, count(s, "mkt") + count(s, "prod") + count(s, "sup"));
}
fn all_workspace_year(s: &Slots, out: &mut String) {
    dollars(out, (count(s, "mkt") + count(s, "prod") + count(s, "sup")) * 24 * 12);
}
fn keep_twenty_year(s: &Slots, out: &mut String) {
    dollars(out, count(s, "keep") * 20 * 12);
}
fn seats_twenty_year(s: &Slots, out: &mut String) {
    dollars(out, count(s, "seats") * 20 * 12);
}

/// The company's offices (internal kinds).
const OFFICES: &[&str] = &[
    "Denver",
    "Austin",
    "Chicago",
    "Boston",
    "Seattle",
    "Atlanta",
    "New York",
    "San Francisco",
    "Raleigh",
    "Minneapolis",
];

const MACS: &[&str] =
    &["14-inch MacBook Pro", "16-inch MacBook Pro", "MacBook Air M2", "MacBook Air M3", "MacBook Pro M1"];
const WINDOWS_LAPTOPS: &[&str] =
    &["ThinkPad X1 Carbon", "ThinkPad T14", "Dell Latitude 7440", "HP EliteBook 840", "Surface Laptop 5"];
const LAPTOPS: &[&str] = &[
    "14-inch MacBook Pro",
    "16-inch MacBook Pro",
    "MacBook Air M2",
    "MacBook Air M3",
    "ThinkPad X1 Carbon",
    "ThinkPad T14",
    "Dell Latitude 7440",
    "HP EliteBook 840",
];
/// Approved desktop software.
const APPS: &[&str] = &[
    "Figma",
    "Miro",
    "Tableau",
    "Postman",
    "Lucidchart",
    "Adobe Acrobat Pro",
    "Notion",
    "Docker Desktop",
    "Sketch",
    "Loom",
    "DBeaver",
    "Visual Studio Code",
    "Balsamiq",
    "Snagit",
];

/// (holiday, what the US holiday calendar says about it).
const HOLIDAYS: &[(&str, &str)] = &[
    (
        "the day after Thanksgiving",
        "both Thanksgiving Day and the Friday after are company holidays for US employees, and offices are closed",
    ),
    ("Juneteenth", "Juneteenth is a full company holiday for US employees"),
    (
        "Good Friday",
        "Good Friday isn't a company holiday in the US offices, though the UK and Canada calendars include it",
    ),
    ("Easter Monday", "Easter Monday isn't a US company holiday; it's only on the UK calendar"),
    ("Veterans Day", "Veterans Day is a working day for most teams, but it's one of the suggested floating holidays"),
    ("Indigenous Peoples' Day", "Indigenous Peoples' Day is a working day, and you can use a floating holiday for it"),
    (
        "New Year's Eve",
        "New Year's Eve is a half day, with offices closing at 1pm, and New Year's Day is a full holiday",
    ),
    ("Presidents' Day", "Presidents' Day is a full company holiday for US employees"),
    ("MLK Day", "Martin Luther King Jr. Day is a full company holiday for US employees"),
];
/// (trip city, daily meal limit).
const MEAL_LIMITS: &[(&str, &str)] = &[
    ("New York", "$90"),
    ("San Francisco", "$90"),
    ("Boston", "$90"),
    ("Seattle", "$90"),
    ("Washington, D.C.", "$90"),
    ("Chicago", "$75"),
    ("Denver", "$75"),
    ("Austin", "$75"),
    ("Atlanta", "$75"),
    ("Phoenix", "$75"),
    ("Nashville", "$75"),
    ("Minneapolis", "$75"),
];
fn size_as_seats(s: &Slots, out: &mut String) {
    write_grouped(out, count(s, "size"));
}
fn size_low(s: &Slots, out: &mut String) {
    write_grouped(out, count(s, "size") * 8 / 10 / 5 * 5);
}
fn size_high(s: &Slots, out: &mut String) {
    write_grouped(out, (count(s, "size") * 125 / 100).div_ceil(5) * 5);
}

/// Counterparties of contracts users upload.
const DOC_VENDORS: &[&str] = &[
    "Acme Facilities",
    "Summit Janitorial",
    "Crestline Building Services",
    "Lakeshore Maintenance",
    "Pioneer Security Services",
    "Evergreen Facility Partners",
    "Atlas Workplace Solutions",
    "Meridian Cloud",
    "Vector Data Systems",
];
const LEASE_SITES: &[&str] =
    &["Riverside Plaza", "Maple Commons", "Cedar Point Mall", "Lakeview Center", "Union Square", "Pine Ridge Crossing"];

fn amount_minus_45(s: &Slots, out: &mut String) {
    write_money(out, "€", count(s, "amount").saturating_sub(4500), true);
}
fn page_plus_one(s: &Slots, out: &mut String) {
    write_grouped(out, count(s, "page") + 1);
}
fn page_plus_four(s: &Slots, out: &mut String) {
    write_grouped(out, count(s, "first_page") + 4);
}
fn six_months_rent(s: &Slots, out: &mut String) {
    write_money(out, "$", count(s, "rent") * 6, false);
}
fn statement_minus_five(s: &Slots, out: &mut String) {
    write_grouped(out, count(s, "stmt").saturating_sub(5));
}
fn check_plus_three(s: &Slots, out: &mut String) {
    write_grouped(out, count(s, "check") + 3);
}
fn leases_minus_one(s: &Slots, out: &mut String) {
    write_grouped(out, count(s, "leases").saturating_sub(1));
}
fn lease_pages(s: &Slots, out: &mut String) {
    write_grouped(out, count(s, "leases") * 43 + 11);
}

/// (office, hours ahead of Pacific time for most of the year).
const FAR_OFFICES: &[(&str, &str)] =
    &[("London", "8"), ("Dublin", "8"), ("Lisbon", "8"), ("Berlin", "9"), ("Paris", "9"), ("Amsterdam", "9")];

fn people_plus_six(s: &Slots, out: &mut String) {
    write_grouped(out, count(s, "people") + 6);
}
fn far_local_time(s: &Slots, out: &mut String) {
    let hour = count(s, "hour") + count(s, "far_offset");
    let (h, half) = if hour > 12 { (hour - 12, "PM") } else { (hour, "AM") };
    write_grouped(out, h);
    out.push_str(":00 ");
    out.push_str(half);
}
fn workshop_total(s: &Slots, out: &mut String) {
    write_grouped(out, count(s, "theirs") + count(s, "ours"));
}

/// (city, nightly hotel cap).
const HOTEL_CAPS: &[(&str, &str)] = &[
    ("San Francisco", "$300"),
    ("New York", "$325"),
    ("Boston", "$275"),
    ("Seattle", "$260"),
    ("Washington, D.C.", "$280"),
    ("Los Angeles", "$250"),
];

fn mileage_amount(s: &Slots, out: &mut String) {
    write_money(out, "$", count(s, "miles") * 70, true);
}
fn guests_plus_one(s: &Slots, out: &mut String) {
    write_grouped(out, count(s, "guests") + 1);
}
fn dinner_cap(s: &Slots, out: &mut String) {
    dollars(out, (count(s, "guests") + 1) * 100);
}
fn cost_center_plus_five(s: &Slots, out: &mut String) {
    out.push_str("MKT-");
    write_grouped(out, count(s, "cost_center") + 5);
}
