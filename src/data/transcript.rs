//! Deterministic conversation transcripts: the message texts of one conversation.

use rand::RngExt;

use super::kinds::{AgentKind, Complexity, Topic};
use super::model::Sentiment;

/// Who wrote a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Speaker {
    User,
    Assistant,
}

impl Speaker {
    /// The API spelling (`USER`, `ASSISTANT`).
    pub fn as_str(self) -> &'static str {
        match self {
            Speaker::User => "USER",
            Speaker::Assistant => "ASSISTANT",
        }
    }
}

/// One message's author and text.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub speaker: Speaker,
    pub content: String,
}

/// The message texts of one conversation: exactly `message_count` lines,
/// alternating User, Assistant, User, ... starting with the user's `topic.opener`.
///
/// `topic` should be one of `kind`'s topics. The shape is: opener, greeting
/// (with a clarifying question when there is room), the topic's details and
/// answer, its follow-up, then kind-specific and generic exchanges drawn
/// without repetition, and an ending that fits `resolved` and `sentiment`
/// (confirmation and thanks, or a hand-off with a ticket number, or the user
/// giving up). An odd count ends on a user line. The output is a pure
/// function of the arguments and the rng's state.
pub fn lines<R: RngExt + ?Sized>(
    kind: AgentKind,
    topic: &Topic,
    message_count: usize,
    resolved: bool,
    sentiment: Sentiment,
    rng: &mut R,
) -> Vec<Line> {
    let n = message_count;
    let mut out = Vec::with_capacity(n);
    if n == 0 {
        return out;
    }
    out.push(user(topic.opener.to_string()));
    if n == 1 {
        return out;
    }

    let pools = kind_lines(kind);
    let slots = Slots::draw(pools, topic.complexity, rng);
    let greeting = if rng.random_bool(0.55) { pick(GREETINGS, rng) } else { "" };

    if n == 2 {
        let body = if resolved { slots.fill(topic.answer) } else { slots.fill(pick(DIRECT_HANDOFFS, rng)) };
        out.push(assistant(join(greeting, &body)));
        return out;
    }

    let mut moods = Moods::new(sentiment, rng);
    let ending = Ending::for_count(n, resolved);
    let pairs = (n - 2 - ending.len()) / 2;

    // First assistant reply, then `pairs` (user, assistant) exchanges.
    if pairs == 0 {
        out.push(assistant(join(greeting, &slots.fill(topic.answer))));
    } else {
        out.push(assistant(join(greeting, &slots.fill(topic.clarify))));
        out.push(user(slots.fill(topic.details)));
        out.push(assistant(slots.fill(topic.answer)));
    }
    if pairs >= 2 {
        let question = moods.apply(slots.fill(topic.follow_up.0), rng);
        out.push(user(question));
        out.push(assistant(slots.fill(topic.follow_up.1)));
    }
    let extra = pairs.saturating_sub(2);
    if extra > 0 {
        let total = pools.exchanges.len() + GENERIC_EXCHANGES.len();
        let mut order: Vec<usize> = (0..total).collect();
        for i in 0..extra {
            // A partial Fisher-Yates shuffle, restarted once the pool is used up.
            let pos = i % total;
            let j = rng.random_range(pos..total);
            order.swap(pos, j);
            let (question, reply) = match order[pos].checked_sub(pools.exchanges.len()) {
                None => pools.exchanges[order[pos]],
                Some(g) => GENERIC_EXCHANGES[g],
            };
            out.push(user(moods.apply(slots.fill(question), rng)));
            out.push(assistant(slots.fill(reply)));
        }
    }

    match ending {
        Ending::ConfirmClose => {
            out.push(user(confirmation(topic, &slots, sentiment, rng)));
            out.push(assistant(closing(pools, &slots, sentiment, rng)));
        }
        Ending::Confirm => out.push(user(confirmation(topic, &slots, sentiment, rng))),
        Ending::StuckHandoff => {
            out.push(user(stuck(pools, &slots, sentiment, rng)));
            out.push(assistant(slots.fill(pick(pools.handoffs, rng))));
        }
        Ending::StuckHandoffAck => {
            out.push(user(stuck(pools, &slots, sentiment, rng)));
            out.push(assistant(slots.fill(pick(pools.handoffs, rng))));
            let ack = match sentiment {
                Sentiment::Positive => pick(ACK_POSITIVE, rng),
                Sentiment::Neutral => pick(ACK_NEUTRAL, rng),
                Sentiment::Negative => pick(ACK_NEGATIVE, rng),
            };
            out.push(user(slots.fill(ack)));
        }
        Ending::GiveUp => {
            let give_up = match sentiment {
                Sentiment::Positive => pick(GIVE_UP_POSITIVE, rng),
                Sentiment::Neutral => pick(GIVE_UP_NEUTRAL, rng),
                Sentiment::Negative => pick(GIVE_UP_NEGATIVE, rng),
            };
            let stuck_line = slots.fill(pick(pools.stuck, rng));
            out.push(user(join(&stuck_line, give_up)));
        }
    }
    debug_assert_eq!(out.len(), n);
    out
}

/// How a conversation of at least three messages ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ending {
    /// User confirms it worked, assistant wraps up.
    ConfirmClose,
    /// User confirms it worked (odd count).
    Confirm,
    /// User says it still fails, assistant hands off with a ticket.
    StuckHandoff,
    /// As `StuckHandoff`, then the user acknowledges (odd count).
    StuckHandoffAck,
    /// User says it still fails and gives up (three messages).
    GiveUp,
}

impl Ending {
    fn for_count(n: usize, resolved: bool) -> Ending {
        match (n.is_multiple_of(2), resolved) {
            (true, true) => Ending::ConfirmClose,
            (true, false) => Ending::StuckHandoff,
            (false, true) => Ending::Confirm,
            (false, false) if n >= 5 => Ending::StuckHandoffAck,
            (false, false) => Ending::GiveUp,
        }
    }

    /// Messages the ending takes.
    fn len(self) -> usize {
        match self {
            Ending::Confirm | Ending::GiveUp => 1,
            Ending::ConfirmClose | Ending::StuckHandoff => 2,
            Ending::StuckHandoffAck => 3,
        }
    }
}

fn user(content: String) -> Line {
    Line { speaker: Speaker::User, content }
}

fn assistant(content: String) -> Line {
    Line { speaker: Speaker::Assistant, content }
}

fn pick<T: Copy, R: RngExt + ?Sized>(items: &[T], rng: &mut R) -> T {
    items[rng.random_range(0..items.len())]
}

/// `a` and `b` separated by a space, skipping an empty part.
fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (false, true) => a.to_string(),
        (false, false) => format!("{a} {b}"),
    }
}

/// Reactions that sometimes lead a user question, each used at most once
/// per conversation.
struct Moods {
    prefixes: &'static [&'static str],
    start: usize,
    used: usize,
}

impl Moods {
    fn new<R: RngExt + ?Sized>(sentiment: Sentiment, rng: &mut R) -> Moods {
        let prefixes = match sentiment {
            Sentiment::Positive => MOOD_POSITIVE,
            Sentiment::Neutral => MOOD_NEUTRAL,
            Sentiment::Negative => MOOD_NEGATIVE,
        };
        Moods { prefixes, start: rng.random_range(0..prefixes.len()), used: 0 }
    }

    fn apply<R: RngExt + ?Sized>(&mut self, line: String, rng: &mut R) -> String {
        if !rng.random_bool(0.3) || self.used == self.prefixes.len() {
            return line;
        }
        let prefix = self.prefixes[(self.start + self.used) % self.prefixes.len()];
        self.used += 1;
        join(prefix, &line)
    }
}

/// The user's last word on a resolved conversation.
fn confirmation<R: RngExt + ?Sized>(topic: &Topic, slots: &Slots, sentiment: Sentiment, rng: &mut R) -> String {
    let confirm = slots.fill(topic.confirm);
    match sentiment {
        Sentiment::Positive => join(&confirm, pick(THANKS_POSITIVE, rng)),
        Sentiment::Neutral => join(&confirm, pick(THANKS_NEUTRAL, rng)),
        Sentiment::Negative => {
            let lead = if rng.random_bool(0.5) { "Finally." } else { "" };
            join(&join(lead, &confirm), pick(RESOLVED_NEGATIVE, rng))
        }
    }
}

/// The assistant's wrap-up after the user confirmed.
fn closing<R: RngExt + ?Sized>(pools: &KindLines, slots: &Slots, sentiment: Sentiment, rng: &mut R) -> String {
    let lead = match sentiment {
        Sentiment::Positive => pick(CLOSE_LEAD_POSITIVE, rng),
        Sentiment::Neutral => pick(CLOSE_LEAD_NEUTRAL, rng),
        Sentiment::Negative => pick(CLOSE_LEAD_NEGATIVE, rng),
    };
    join(lead, &slots.fill(pick(pools.closings, rng)))
}

/// The user reporting that the answer didn't help.
fn stuck<R: RngExt + ?Sized>(pools: &KindLines, slots: &Slots, sentiment: Sentiment, rng: &mut R) -> String {
    let line = slots.fill(pick(pools.stuck, rng));
    let tail = match sentiment {
        Sentiment::Positive => pick(STUCK_POSITIVE, rng),
        Sentiment::Neutral => "",
        Sentiment::Negative => pick(STUCK_NEGATIVE, rng),
    };
    join(&line, tail)
}

/// Per-conversation values for the `{slot}`s in templates, drawn once so a
/// conversation stays consistent (one ticket number, one colleague, ...).
struct Slots {
    ticket: String,
    person: &'static str,
    team: &'static str,
    eta: &'static str,
    day: &'static str,
    time: &'static str,
}

impl Slots {
    fn draw<R: RngExt + ?Sized>(pools: &KindLines, complexity: Complexity, rng: &mut R) -> Slots {
        let digits = pools.ticket_digits;
        let hi = 10u32.pow(digits.min(5));
        let number = rng.random_range(hi / 10..hi);
        let ticket = format!("{}{:0width$}", pools.ticket_prefix, number, width = digits as usize);
        let etas = match complexity {
            Complexity::Simple => ETA_SIMPLE,
            Complexity::Moderate => ETA_MODERATE,
            Complexity::Complex => ETA_COMPLEX,
        };
        Slots {
            ticket,
            person: pick(PEOPLE, rng),
            team: pick(pools.teams, rng),
            eta: pick(etas, rng),
            day: pick(DAYS, rng),
            time: pick(TIMES, rng),
        }
    }

    fn get(&self, key: &str) -> Option<&str> {
        Some(match key {
            "ticket" => &self.ticket,
            "person" => self.person,
            "team" => self.team,
            "eta" => self.eta,
            "day" => self.day,
            "time" => self.time,
            _ => return None,
        })
    }

    /// `template` with each known `{slot}` replaced; unknown slots are kept
    /// verbatim (the tests reject any brace in the output).
    fn fill(&self, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 16);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}') {
                Some(close) => {
                    let key = &after[..close];
                    match self.get(key) {
                        Some(value) => out.push_str(value),
                        None => out.push_str(&rest[open..open + close + 2]),
                    }
                    rest = &after[close + 1..];
                }
                None => {
                    out.push_str(&rest[open..]);
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        out
    }
}

const PEOPLE: &[&str] = &[
    "Priya", "Marcus", "Elena", "Jamal", "Sofia", "Daniel", "Aisha", "Tom", "Mei", "Lucas", "Grace", "Omar", "Hannah",
    "Diego", "Nina", "Kwame", "Rachel", "Arjun", "Claire", "Mateo",
];
const DAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday"];
const TIMES: &[&str] = &["9:30 AM", "11:00 AM", "1:30 PM", "2:00 PM", "3:30 PM", "4:00 PM"];
const ETA_SIMPLE: &[&str] = &["within a few hours", "later today", "by end of day"];
const ETA_MODERATE: &[&str] = &["by end of day", "within one business day", "by tomorrow morning"];
const ETA_COMPLEX: &[&str] = &["within one business day", "within two business days", "by the end of the week"];

const GREETINGS: &[&str] = &["Hi there!", "Hello!", "Hi!", "Thanks for reaching out.", "Hey, thanks for the message."];

/// Assistant's hand-off when the conversation is only the opener and one reply.
const DIRECT_HANDOFFS: &[&str] = &[
    "This one needs a person to look at it, so I've opened {ticket} and passed it to {person} on our {team} team. They'll follow up {eta}.",
    "I can't resolve this directly from here, so I've created {ticket} for our {team} team. {person} will pick it up and get back to you {eta}.",
    "I want to make sure this is handled properly, so I've routed it to {person} on our {team} team as {ticket}. Expect a reply {eta}.",
];

const MOOD_POSITIVE: &[&str] = &["Great, thanks!", "Oh nice.", "Perfect.", "Super helpful."];
const MOOD_NEUTRAL: &[&str] = &["Ok.", "Got it.", "Alright.", "Ok, noted."];
const MOOD_NEGATIVE: &[&str] = &["Fine.", "Ok...", "Ugh, ok.", "Right."];

const THANKS_POSITIVE: &[&str] = &[
    "Thanks so much, you've been really helpful!",
    "Really appreciate the help!",
    "Amazing, thank you!",
    "You're a lifesaver, thanks.",
    "Thank you, that was quick!",
];
const THANKS_NEUTRAL: &[&str] = &["Thanks.", "Ok, thanks.", "Cool, thanks.", "Thanks, that's all."];
const RESOLVED_NEGATIVE: &[&str] = &[
    "Took way longer than it should have, though.",
    "Would have been nice if that was explained up front.",
    "Not a great experience, honestly.",
    "Shouldn't have been this complicated.",
];

const CLOSE_LEAD_POSITIVE: &[&str] = &["You're very welcome!", "My pleasure!", "Glad I could help!", "Anytime!"];
const CLOSE_LEAD_NEUTRAL: &[&str] = &["Great.", "Good to hear.", "Perfect.", "Glad that worked."];
const CLOSE_LEAD_NEGATIVE: &[&str] = &[
    "Sorry it took a few tries to get there.",
    "I'm sorry this was more hassle than it should have been — thanks for your patience.",
    "Understood, and I'll pass your feedback on.",
];

const STUCK_POSITIVE: &[&str] = &["Sorry to be a pain!", "Any other ideas?"];
const STUCK_NEGATIVE: &[&str] =
    &["This is really frustrating.", "I've already spent way too long on this.", "Honestly, this is ridiculous."];

const GIVE_UP_POSITIVE: &[&str] =
    &["No worries, I'll try again later. Thanks anyway!", "I'll come back to it tomorrow, thanks for trying though!"];
const GIVE_UP_NEUTRAL: &[&str] =
    &["I'll try again later.", "Ok, I'll look into it myself.", "Never mind, I'll come back to it."];
const GIVE_UP_NEGATIVE: &[&str] = &[
    "Forget it, I'll find another way.",
    "This is a waste of time. I'll sort it out myself.",
    "Useless. I'll reach out to someone directly.",
];

const ACK_POSITIVE: &[&str] = &[
    "Ok, thanks for trying! I'll keep an eye out for updates on {ticket}.",
    "Sounds good, appreciate you passing it on.",
    "Thanks, I'll wait to hear from {person}.",
];
const ACK_NEUTRAL: &[&str] = &["Ok.", "Ok, will wait for the email.", "Fine, thanks.", "Got it, {ticket}."];
const ACK_NEGATIVE: &[&str] = &[
    "So I just wait? Great.",
    "I was hoping to get this fixed today. Fine.",
    "Whatever. Please make sure someone actually follows up this time.",
    "Not what I wanted, but ok.",
];

/// Exchanges that fit any kind and topic: (user question, assistant answer).
const GENERIC_EXCHANGES: &[(&str, &str)] = &[
    (
        "Is there a way to get this as an email so I can come back to it?",
        "Sure — I'll email you a transcript of this chat with the key steps at the top. It should land in your inbox in a couple of minutes.",
    ),
    (
        "Can I come back to this chat later if I need to?",
        "Yes, this conversation stays in your history, so you can pick it up any time and I'll have the full context.",
    ),
    (
        "Sorry, I got pulled into something. Where were we?",
        "No problem! We'd just gone through the steps above — pick up wherever you left off, and I'll help with anything that's unclear.",
    ),
    ("Thanks for being patient with all my questions.", "Not at all — it's much better to ask than to guess."),
    (
        "How long will all of this take?",
        "The steps on your side only take a few minutes. If anything needs another team, it's usually done within a business day.",
    ),
    (
        "Do I need to do anything else on my side?",
        "Nothing else for now. If something changes you'll get an email, and you can always reply here.",
    ),
];

/// Per-kind dialogue pools and ticket style.
struct KindLines {
    ticket_prefix: &'static str,
    /// Digits in a ticket number (zero-padded beyond 5).
    ticket_digits: u32,
    /// Teams a hand-off goes to, as in "{person} on our {team} team".
    teams: &'static [&'static str],
    /// Mid-conversation (user question, assistant answer) pairs that fit any topic of the kind.
    exchanges: &'static [(&'static str, &'static str)],
    /// User saying the answer didn't help.
    stuck: &'static [&'static str],
    /// Assistant escalating after `stuck`.
    handoffs: &'static [&'static str],
    /// Assistant wrapping up a resolved conversation, after a sentiment-specific
    /// interjection (so these don't start with one).
    closings: &'static [&'static str],
}

fn kind_lines(kind: AgentKind) -> &'static KindLines {
    &KIND_LINES[kind as usize]
}

/// In the order of [`AgentKind::ALL`].
static KIND_LINES: [KindLines; 10] = [
    // Customer Support Bot
    KindLines {
        ticket_prefix: "#",
        ticket_digits: 5,
        teams: &["billing", "customer care", "order resolution"],
        exchanges: &[
            (
                "Will I get an email confirming all this?",
                "Yes — a confirmation goes to the email address on your account within a few minutes. If it doesn't arrive, check your spam folder or let me know and I'll resend it.",
            ),
            (
                "Can you add a note to my account so I don't have to explain this again if I call?",
                "Done — I've added a summary of this chat to your account notes, so anyone on the team can see the full history if you contact us again.",
            ),
            (
                "How do I reach an actual person if I need one later?",
                "Reply 'agent' in this chat any time to be connected to the support team, or call us Monday to Friday, 8am–8pm ET. They'll see this conversation, so you won't need to repeat anything.",
            ),
            (
                "Is this going to affect my Plus membership at all?",
                "No — membership status and benefits aren't affected by anything we've done here.",
            ),
            (
                "How long do refunds usually take to show up?",
                "Once a refund is issued it usually appears within 5–7 business days, depending on your bank. Credit cards tend to be faster than debit cards, and store credit is instant.",
            ),
            (
                "Can I still use the coupon from last month on my next order?",
                "If it hasn't expired, yes — coupons stay in your account under Account > Offers until their end date, and nothing in this chat uses one up.",
            ),
            (
                "Do you have my right phone number? I want the delivery texts",
                "The account has a mobile number ending in 07. If that's not current, update it under Account > Profile and delivery texts will go to the new number from your next order on.",
            ),
            (
                "What's the easiest way to keep track of all this?",
                "Everything we discussed shows under My orders — each order has a timeline with shipping, return and refund updates, and you'll get an email at each step.",
            ),
            (
                "Sorry, one more thing — can I change the gift message on a different order?",
                "Sure — gift messages can be edited until the order ships. Open the order, choose 'Edit gift options' and update the message; if the button is greyed out, it's already been packed.",
            ),
            (
                "Is there a reference number for this chat?",
                "Yes, this conversation is saved as {ticket}. Mention it if you contact us again and the team will pull up the full history.",
            ),
        ],
        stuck: &[
            "I tried that and it's still showing the same thing on my end.",
            "That didn't change anything, it still looks exactly the same.",
            "I did all of that and nothing's different.",
        ],
        handoffs: &[
            "I'm sorry this still isn't sorted. I've escalated it to {person} on our {team} team as ticket {ticket}, with a summary of everything we've covered. They'll email you {eta}, so you won't need to repeat anything.",
            "Thanks for bearing with me. This needs someone with more access than I have, so I've created ticket {ticket} for our {team} team and {person} is picking it up. You'll hear back {eta}, and the ticket number will be in the email subject.",
        ],
        closings: &[
            "If anything else comes up with your order, just message us here any time.",
            "I'll close this chat now — you can reopen it from your order page if you need anything else.",
            "Have a lovely rest of your day!",
        ],
    },
    // Sales Assistant
    KindLines {
        ticket_prefix: "#",
        ticket_digits: 5,
        teams: &["sales", "account management", "solutions"],
        exchanges: &[
            (
                "Do you offer a money-back guarantee?",
                "Annual plans can be cancelled for a full refund within 30 days of purchase. After that, you keep access until the end of the term and it simply doesn't renew.",
            ),
            (
                "Can I get all of this in writing to share with my manager?",
                "Of course — I'll email you a summary of the plan, pricing and terms we discussed, and you can forward it as-is. Quotes are valid for 30 days.",
            ),
            (
                "Is there a minimum number of seats?",
                "No minimum on Team or Business — you can start with a single seat. Enterprise agreements start at 100 seats.",
            ),
            (
                "Which payment methods do you take?",
                "Cards on all plans, plus ACH, SEPA and wire transfer on annual plans. Invoicing with net-30 terms is available for annual plans over $10,000.",
            ),
            (
                "Are prices going up anytime soon?",
                "There's no announced price change, and annual plans lock your rate for the full term, so any future change wouldn't affect you until renewal.",
            ),
            (
                "Do you charge VAT or sales tax on top of that?",
                "Prices are shown before tax. Sales tax or VAT is added based on your billing address, and VAT-registered businesses in the EU can add their VAT number to apply reverse charge.",
            ),
            (
                "Could I talk to someone on a call?",
                "Sure — I've sent you a link to book 30 minutes with an account executive. The earliest opening is {day} at {time}.",
            ),
            (
                "What does onboarding look like for a team our size?",
                "Business plans include a kickoff call, a workspace setup checklist and weekly live training sessions. Most teams are fully set up within two weeks.",
            ),
            (
                "Is there a discount if we commit to two years?",
                "Multi-year agreements are handled by our account executives and usually come with a better rate than annual. I'll flag your interest so they include a two-year option in your quote.",
            ),
            (
                "Does the price include support?",
                "Yes — all paid plans include email and chat support, Business adds 24/7 priority support with a 4-hour response target, and Enterprise adds a named customer success manager.",
            ),
        ],
        stuck: &[
            "That still doesn't tell me what we'd actually pay, to be honest.",
            "Hmm, that doesn't really work for us.",
            "The numbers on the billing page don't match what you said.",
        ],
        handoffs: &[
            "That's fair — this needs someone who can look at your account in detail. I've passed it to {person}, an account executive on our {team} team, under reference {ticket}. They'll reach out {eta} with exact numbers.",
            "I don't want to give you an inaccurate figure, so I've asked {person} on our {team} team to take this over (reference {ticket}). You'll get an email from them {eta}, and they can set up a call if that's easier.",
        ],
        closings: &[
            "Reach out any time if questions come up as you roll it out to the team.",
            "You'll get a confirmation email with everything we discussed shortly.",
            "If anything changes on your side, just message us here.",
        ],
    },
    // HR Onboarding Helper
    KindLines {
        ticket_prefix: "HR-",
        ticket_digits: 5,
        teams: &["People Operations", "payroll", "benefits"],
        exchanges: &[
            (
                "Is there a checklist somewhere so I can see what else I still need to do?",
                "Yes — your onboarding checklist is on the home page of the HR portal. Items are grouped by week, and anything overdue is marked in red so you can see what's urgent.",
            ),
            (
                "Who's my HR contact if I have questions later?",
                "Each team has an HR Business Partner; yours is listed on your profile in the HR portal under 'My contacts'. You can also keep asking me anything, any time.",
            ),
            (
                "When do I get my first one-on-one with my manager?",
                "Managers are asked to schedule one in your first week. If nothing is on your calendar by Wednesday, it's completely fine to send them an invite yourself.",
            ),
            (
                "Where can I find the employee handbook?",
                "It's in the HR portal under Policies > Employee handbook. The search box at the top is the fastest way to find a specific policy.",
            ),
            (
                "Do we have a buddy program or something like that?",
                "We do — every new hire gets an onboarding buddy from another team. Your buddy's name is on your checklist, and they'll usually reach out in your first week for a coffee chat.",
            ),
            (
                "What's the dress code in the office?",
                "Business casual is the norm, and most teams are fairly relaxed day to day. Client-facing days are the exception, and your manager will let you know when one comes up.",
            ),
            (
                "How do I update my emergency contact?",
                "In the HR portal, go to Personal > Emergency contacts. You can add up to two, and changes take effect immediately.",
            ),
            (
                "Is there a new hire orientation I'm supposed to attend?",
                "Yes — orientation runs every other {day} at 10am, virtually. The invite goes to your work email, and if you missed yours you can join the next session.",
            ),
            (
                "Can I work from home some days?",
                "The hybrid policy is three office days a week for people assigned to an office, with the specific days agreed with your team. Fully remote roles are noted in the offer letter.",
            ),
            (
                "Where do I find my payslips later on?",
                "All payslips and tax documents are in the HR portal under Pay > Payslips, and you'll get an email each time a new one is available.",
            ),
        ],
        stuck: &[
            "I tried that but the portal still shows it as incomplete.",
            "That didn't work, I'm getting the same message.",
            "I did that and nothing changed on my checklist.",
        ],
        handoffs: &[
            "I'm sorry that didn't do it. I've opened case {ticket} with {person} on our {team} team — they can make changes I can't, and they'll reach out {eta}.",
            "This needs a manual fix from a person, so I've passed it to {person} on our {team} team as case {ticket}. You'll hear from them {eta}; there's nothing else you need to do in the meantime.",
        ],
        closings: &[
            "One more item off your checklist — enjoy your first weeks!",
            "Let me know if anything else comes up during onboarding.",
            "You can message me here any time during onboarding.",
        ],
    },
    // IT Support Agent
    KindLines {
        ticket_prefix: "INC",
        ticket_digits: 7,
        teams: &["Tier 2", "desktop support", "identity and access"],
        exchanges: &[
            (
                "Do I need to restart for that to take effect?",
                "Usually not, but if things look odd afterwards, a restart is the quickest way to make sure every change is picked up. Save your work first.",
            ),
            (
                "Will this be logged somewhere so I can check later?",
                "Yes — everything from this chat is recorded on ticket {ticket}, which you can see in the IT portal under My tickets.",
            ),
            (
                "Is there anything I should do to avoid this next time?",
                "Keeping the laptop on the latest approved update and restarting at least once a week prevents most of these issues. Self Service shows when an update is waiting.",
            ),
            (
                "Can I do this from my phone or do I need the laptop?",
                "The IT portal and password reset both work in your phone's browser, but anything in Self Service needs the laptop.",
            ),
            (
                "Does this mess with my VPN setup at all?",
                "No, the VPN configuration isn't touched. If the VPN asks you to sign in again, that's expected and just uses your normal credentials.",
            ),
            (
                "Who do I contact if it's after hours?",
                "The service desk is staffed 7am–7pm on weekdays. Outside those hours this chat still works, and urgent issues like lockouts page the on-call technician.",
            ),
            (
                "Is my data backed up in case something goes wrong?",
                "Your Documents and Desktop folders sync to the cloud drive automatically, and the backup agent runs nightly. Files saved elsewhere, like Downloads, aren't covered.",
            ),
            (
                "Are there any known issues going on right now?",
                "No open incidents on the status page at the moment, apart from scheduled maintenance on the expense system this weekend.",
            ),
            (
                "Should I tell my manager about this?",
                "Not for anything we've done here. If you lost working time because of it, mention ticket {ticket} so they have the context.",
            ),
            (
                "Is there a self-service guide for this?",
                "Yes — search the IT knowledge base for the topic; the articles have screenshots for both Mac and Windows. I'll also link the relevant one in your ticket.",
            ),
        ],
        stuck: &[
            "Tried that, still the same error.",
            "No change, it's doing exactly the same thing.",
            "I followed the steps but it's still not working.",
        ],
        handoffs: &[
            "Thanks for trying that. I've escalated it to our {team} team as incident {ticket} with all the details and the steps we've tried; {person} is picking it up and will contact you {eta}.",
            "This needs hands-on troubleshooting, so I've opened incident {ticket} and assigned it to {person} on our {team} team. They'll reach out {eta} — keep the laptop on and connected if you can.",
        ],
        closings: &[
            "I'll close the ticket; reply here if it happens again.",
            "I've marked this as resolved — have a good one.",
            "The ticket closes automatically in 3 days if nothing else comes up.",
        ],
    },
    // Knowledge Base Bot
    KindLines {
        ticket_prefix: "DOC-",
        ticket_digits: 4,
        teams: &["documentation", "knowledge management", "policy"],
        exchanges: &[
            (
                "Can you link me the source?",
                "Sure — it's linked at the end of my answer. If it doesn't open, you may need to request access to that space from its owner.",
            ),
            (
                "How up to date is that page?",
                "It was last reviewed within the past quarter, and the owner is listed at the top. Pages older than 12 months show a yellow 'needs review' banner.",
            ),
            (
                "Is there a shorter version I can send to my team?",
                "Most policy pages start with a 'Key points' summary. You can copy that section directly — it's written to be shared.",
            ),
            (
                "Who owns that page if I have more questions?",
                "The owning team is listed in the page header. For quick questions, their channel is usually faster than commenting on the page.",
            ),
            (
                "Does this apply to contractors too?",
                "The page says it applies to employees; contractors follow the terms in their agreement. If you're unsure about a specific person, the owning team can confirm.",
            ),
            (
                "Is this different in other countries?",
                "Some policies have country-specific versions linked at the top of the page. If there isn't one for a country, the main version applies.",
            ),
            (
                "Is there anything related to this in the engineering wiki too?",
                "I found two related pages in the engineering space, but both link back to the same source article, so nothing contradicts it.",
            ),
            (
                "What if the doc turns out to be wrong?",
                "Use 'Report an issue' at the bottom of the page, or tell me and I'll flag it to the owner. Until it's corrected, the owning team's answer takes precedence.",
            ),
            (
                "Is there a video or training on this?",
                "There's a short recorded walkthrough linked from the article, and a related course in the learning portal if you want more depth.",
            ),
            (
                "How do I find this faster next time?",
                "Star the page so it appears under 'Starred' on the wiki home page — or just ask me again and I'll find it.",
            ),
        ],
        stuck: &[
            "That's not what the other page says though.",
            "That doesn't really answer my question.",
            "Hmm, I still can't find anything that matches what you said.",
        ],
        handoffs: &[
            "I don't want to guess on this one. I've sent your question to {person} on the {team} team as request {ticket}, and they'll reply {eta}. I've also flagged the pages so they get updated.",
            "The knowledge base doesn't have a reliable answer here, so I've routed it to {person} on the {team} team as {ticket}. Expect a reply {eta}.",
        ],
        closings: &[
            "Ask me any time you need to find something.",
            "If you notice anything outdated on that page, let me know and I'll flag it.",
            "Good luck with it!",
        ],
    },
    // Lead Qualification Agent
    KindLines {
        ticket_prefix: "LQ-",
        ticket_digits: 5,
        teams: &["sales development", "enterprise sales", "partnerships"],
        exchanges: &[
            (
                "Do you integrate with our CRM?",
                "Yes, there are native two-way integrations with the major CRMs on Business and Enterprise, and a public API for anything else.",
            ),
            (
                "How long does implementation usually take?",
                "Most teams are up and running within two to four weeks. Larger rollouts usually go in phases, team by team, with our onboarding team.",
            ),
            (
                "Do you have customers in our industry?",
                "Yes — we work with companies across professional services, tech, manufacturing and nonprofits, and the account executive can share case studies from your industry.",
            ),
            (
                "Is there a free plan we could start with?",
                "There is — the free plan covers up to 3 members. It's great for trying things out, though most teams need the trial to test collaboration features.",
            ),
            (
                "Where is your data hosted?",
                "In the US by default, with EU and Australia hosting available on Enterprise. All data is encrypted in transit and at rest.",
            ),
            (
                "Will I get bombarded with sales emails after this?",
                "No — you'll get one follow-up from the account executive, and you can unsubscribe from marketing emails any time with one click.",
            ),
            (
                "Can we talk to an existing customer?",
                "Yes, reference calls can be arranged once you're evaluating seriously. The account executive will match you with a customer of similar size.",
            ),
            (
                "What's the contract length?",
                "Plans are monthly or annual, and Enterprise agreements are usually one to three years. No long-term commitment is needed to start.",
            ),
            (
                "Do you offer training for our team?",
                "Yes — live onboarding sessions, on-demand courses and, for larger teams, dedicated training with a customer success manager.",
            ),
            (
                "Is the mobile app included?",
                "Yes, the iOS and Android apps are included on every plan at no extra cost, and they work offline too.",
            ),
        ],
        stuck: &[
            "That doesn't really help me, to be honest.",
            "Hmm, I was hoping for something more specific than that.",
            "I'm not sure that answers what I asked.",
        ],
        handoffs: &[
            "Fair enough — a person can go deeper than I can. I've passed your details to {person} on our {team} team (reference {ticket}), and they'll be in touch {eta}.",
            "I'd rather get you a precise answer than a generic one. {person} on our {team} team will follow up {eta}; your reference is {ticket}.",
        ],
        closings: &[
            "Looking forward to the conversation — let me know if anything comes up before then.",
            "Thanks for the chat, and good luck with the evaluation!",
            "You'll get a confirmation email with everything we discussed.",
        ],
    },
    // Document Analyzer
    KindLines {
        ticket_prefix: "REV-",
        ticket_digits: 5,
        teams: &["legal operations", "contract review", "finance operations"],
        exchanges: &[
            (
                "Can you export that as a PDF?",
                "Done — it's saved as a PDF with the page references kept as links, so you can jump straight to the source pages.",
            ),
            (
                "How confident are you in that?",
                "The text on those pages was clean, so the extraction is high-confidence. The few spots where I wasn't sure are marked as low confidence.",
            ),
            (
                "Are you keeping a copy of my documents?",
                "Files are kept only for this session and deleted after 30 days under the retention setting. Nothing from them is used for other users.",
            ),
            (
                "Can I upload more files to the same analysis?",
                "Yes, just drop them into this chat. I'll add them to the same set and tell you what changed in the results.",
            ),
            (
                "Did you check the appendices too?",
                "Yes, all attachments and appendices were included. Where an appendix is referenced but missing from the file, I've noted it.",
            ),
            (
                "Can I share this with a colleague?",
                "Use the 'Share' button at the top of this session. They'll need access to the workspace, and they'll see the same files and findings.",
            ),
            (
                "What file types can you handle?",
                "PDF, Word, Excel, CSV, email files and images like JPG or PNG. Password-protected files need the password removed before uploading.",
            ),
            (
                "Is there a page limit?",
                "Up to 2,000 pages per session. Anything over 200 pages also gets a human review option if you need a formal sign-off.",
            ),
            (
                "Can you highlight those parts in the original document?",
                "Yes — I've created an annotated copy with each finding highlighted and a comment linking back to the summary.",
            ),
            (
                "How long did that take you to go through?",
                "The full read took a few minutes. Scanned pages take longer because they go through text recognition first.",
            ),
        ],
        stuck: &[
            "That doesn't match what I see in the document.",
            "The numbers you gave me don't add up with the original.",
            "Hmm, that's not the section I meant.",
        ],
        handoffs: &[
            "You're right to double-check. I've sent this to {person} on the {team} team for a human review as request {ticket}, including the pages in question. You'll have their findings {eta}.",
            "Since accuracy matters here, I've queued a manual review with the {team} team (request {ticket}); {person} will confirm against the original {eta}.",
        ],
        closings: &[
            "The results stay in this session if you need to come back to them.",
            "Let me know if you upload anything else.",
            "Good luck with it!",
        ],
    },
    // Meeting Scheduler
    KindLines {
        ticket_prefix: "REQ-",
        ticket_digits: 5,
        teams: &["scheduling", "workplace services", "office coordination"],
        exchanges: &[
            (
                "Can you add a video link to that?",
                "Done — the invite now has a video link, plus dial-in numbers for anyone joining by phone.",
            ),
            (
                "What time zone is that in?",
                "The times I gave are in your calendar's time zone. Each attendee sees the invite in their own local time.",
            ),
            (
                "Can you send me a reminder 10 minutes before?",
                "Set — you'll get a notification 10 minutes before the start, in addition to your default reminder.",
            ),
            (
                "Can you make it private so people can't see the title?",
                "Done — it's marked private, so others only see you as busy. Attendees still see the full details.",
            ),
            (
                "Is a room booked too or just the calendar?",
                "If it's in person, the room is attached to the invite, so it shows on the room's calendar and on the screen outside the door. Video-only meetings don't hold a room.",
            ),
            (
                "Can you add my manager as optional?",
                "Added as optional — they get the invite without it blocking their calendar as a required meeting.",
            ),
            (
                "What happens if someone declines?",
                "I'll let you know and suggest alternative times that still work for everyone else. Nothing gets rescheduled without your go-ahead.",
            ),
            (
                "Can you block some focus time for me later this week too?",
                "I've added two 2-hour focus blocks on open afternoons this week, marked busy so nobody can book over them.",
            ),
            (
                "Do people get an agenda with the invite?",
                "If you give me a few points, I'll add them to the invite description. Otherwise it just has the title and the link.",
            ),
            (
                "Can you avoid scheduling anything over lunch?",
                "Of course — I already avoid 12:00–1:00 PM in each attendee's time zone, and I'll keep doing that for your future requests.",
            ),
        ],
        stuck: &[
            "That time doesn't work either, I already have something then.",
            "Hmm, that's not going to work for everyone.",
            "The invite didn't show up on my calendar.",
        ],
        handoffs: &[
            "Sorry about that. I've passed it to {person} on the {team} team as request {ticket}, with all the details and constraints we discussed. They'll sort it out and come back to you {eta}.",
            "This needs a person to look at the calendars directly, so {person} on the {team} team is taking over (request {ticket}). Expect an update {eta}.",
        ],
        closings: &[
            "Let me know if anything changes.",
            "It's all on the calendar — have a good meeting!",
            "Message me any time you need something scheduled.",
        ],
    },
    // Expense Report Bot
    KindLines {
        ticket_prefix: "EXP-",
        ticket_digits: 5,
        teams: &["Finance", "accounts payable", "expense audit"],
        exchanges: &[
            (
                "Does my manager get notified when I submit?",
                "Yes, your manager gets an email and an in-app notification as soon as you submit. Most approvals happen within two business days.",
            ),
            (
                "Can I add more receipts to a report after submitting?",
                "Not to a submitted report, but you can recall it if it hasn't been approved yet, add the lines and resubmit. If it's already approved, create a new report for the extra items.",
            ),
            (
                "What's the deadline for submitting expenses?",
                "Expenses need to be submitted within 60 days of the purchase date. After 90 days they need a Finance exception.",
            ),
            (
                "Is there a per diem instead of receipts for meals?",
                "Yes, for trips of two nights or more you can claim a per diem instead of meal receipts — $65 a day for most US cities. You can't mix per diem and receipts on the same day.",
            ),
            (
                "Does the tip count toward the meal limit?",
                "Yes, the limits include tax and tip. Tips up to 20% are considered reasonable.",
            ),
            (
                "Can I expense internet at the hotel?",
                "Yes, hotel Wi-Fi is reimbursable when you need it for work. Add it under 'Communications', or leave it on the hotel folio and it's covered with the room.",
            ),
            (
                "How do I know which cost center to use?",
                "Your default cost center comes from your team and is pre-filled on every line. Only change it if the expense is for another team's project or budget.",
            ),
            (
                "Can I see all my past reports somewhere?",
                "Yes — in the app under Reports, filter by 'All'. You can export them to a spreadsheet with their status and payment dates.",
            ),
            (
                "Is there a limit on how many reports I can have open?",
                "No limit, but one report per trip or per month makes approvals quicker, because approvers see related costs together.",
            ),
            (
                "What if my manager is out of office?",
                "Reports are routed to their approval delegate automatically after two days. If no delegate is set, the next manager up gets it.",
            ),
        ],
        stuck: &[
            "It's still showing as out of policy, even after I did that.",
            "That didn't work, the app gives me the same error.",
            "I did that but it got sent back again.",
        ],
        handoffs: &[
            "I'm sorry this is dragging on. I've escalated it to {person} on our {team} team as case {ticket}, with the full history of the report. They'll get back to you {eta}.",
            "This one needs a manual review, so I've opened case {ticket} and assigned it to {person} on our {team} team. You'll hear back {eta} — there's nothing else you need to submit right now.",
        ],
        closings: &[
            "Reimbursements go out in the Wednesday payment run.",
            "Safe travels on your next trip!",
            "Let me know if anything else comes back from the approver.",
        ],
    },
    // Training Assistant
    KindLines {
        ticket_prefix: "LD-",
        ticket_digits: 5,
        teams: &["Learning & Development", "L&D operations", "compliance training"],
        exchanges: &[
            (
                "Can I do the courses on my phone?",
                "Yes, the mobile app has every course, and you can download videos to watch offline. Progress syncs when you're back online.",
            ),
            (
                "Do I need my manager's approval to enroll?",
                "Not for courses in the catalog — you can enroll yourself. Paid external courses and certifications need manager approval.",
            ),
            (
                "Does training time count as work time?",
                "Yes, required training counts as work time, and you're encouraged to block time for it on your calendar.",
            ),
            (
                "How do I see what I still have to complete?",
                "Go to My learning > Assigned. Everything is sorted by due date, with overdue items at the top in red.",
            ),
            (
                "Can I pause a course and come back later?",
                "Yes, progress is saved automatically at the end of each section, so you can pick up where you left off on any device.",
            ),
            (
                "Is there a live version of this instead of video?",
                "Some courses have live sessions listed under the 'Sessions' tab. If there's no live option, ask L&D to add you to the interest list.",
            ),
            (
                "Are there any courses on giving feedback? My manager suggested it",
                "Yes — 'Feedback that Lands' is a 90-minute interactive course, and there's a 20-minute version if you just want the key ideas.",
            ),
            (
                "Will my manager see my quiz scores?",
                "Managers see completion status and dates, not individual quiz scores.",
            ),
            (
                "Can I suggest a course that isn't in the catalog?",
                "Absolutely — use 'Suggest content' in the learning platform. L&D reviews suggestions monthly and adds the ones with enough interest.",
            ),
            (
                "How many hours of learning are we expected to do a year?",
                "The guideline is 40 hours a year, including required training. There's no penalty for going over — plenty of people do.",
            ),
        ],
        stuck: &[
            "That didn't fix it, it still says in progress.",
            "I tried that and nothing changed.",
            "Still not working on my end.",
        ],
        handoffs: &[
            "Thanks for trying that. I've opened case {ticket} with {person} on our {team} team, who can look at your record directly. They'll be in touch {eta}.",
            "This needs someone with admin access to the learning platform, so I've passed it to {person} on our {team} team (case {ticket}). Expect a reply {eta}.",
        ],
        closings: &[
            "Happy learning!",
            "Let me know if you need anything else for your training.",
            "Ping me any time you need help finding a course.",
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    const SENTIMENTS: [Sentiment; 3] = [Sentiment::Positive, Sentiment::Neutral, Sentiment::Negative];

    /// Every (kind, topic index, topic) triple.
    fn all_topics() -> impl Iterator<Item = (AgentKind, usize, &'static Topic)> {
        AgentKind::ALL
            .into_iter()
            .flat_map(|kind| kind.profile().topics.iter().enumerate().map(move |(i, topic)| (kind, i, topic)))
    }

    fn seed(kind: AgentKind, topic: usize, count: usize, variant: u64) -> u64 {
        ((kind as u64) << 40) ^ ((topic as u64) << 24) ^ ((count as u64) << 8) ^ variant
    }

    fn check_line(line: &Line, context: &str) {
        let text = &line.content;
        assert!(!text.is_empty(), "empty line ({context})");
        assert!(!text.contains('{') && !text.contains('}'), "unfilled slot in {text:?} ({context})");
        assert!(!text.contains("TODO"), "TODO in {text:?} ({context})");
        assert_eq!(text.trim(), text, "stray whitespace in {text:?} ({context})");
        assert!(!text.contains("  "), "double space in {text:?} ({context})");
    }

    #[test]
    fn exact_count_alternation_and_clean_text() {
        for (kind, ti, topic) in all_topics() {
            for count in 0..=26 {
                for resolved in [true, false] {
                    for (si, sentiment) in SENTIMENTS.into_iter().enumerate() {
                        let mut rng = ChaCha8Rng::seed_from_u64(seed(kind, ti, count, si as u64));
                        let out = lines(kind, topic, count, resolved, sentiment, &mut rng);
                        let context = format!("{kind:?} topic {ti} n={count} resolved={resolved} {sentiment:?}");
                        assert_eq!(out.len(), count, "{context}");
                        for (i, line) in out.iter().enumerate() {
                            let expected = if i % 2 == 0 { Speaker::User } else { Speaker::Assistant };
                            assert_eq!(line.speaker, expected, "message {i} ({context})");
                            check_line(line, &context);
                        }
                        if count >= 1 {
                            assert_eq!(out[0].content, topic.opener, "{context}");
                        }
                        // No verbatim repeats within a conversation.
                        for i in 0..out.len() {
                            for j in i + 1..out.len() {
                                assert_ne!(out[i].content, out[j].content, "repeat at {i}/{j} ({context})");
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn mood_prefixes_do_not_repeat_within_a_conversation() {
        for (kind, ti, topic) in all_topics() {
            for (si, sentiment) in SENTIMENTS.into_iter().enumerate() {
                let s = seed(kind, ti, 26, 11 + si as u64);
                let out = lines(kind, topic, 26, true, sentiment, &mut ChaCha8Rng::seed_from_u64(s));
                for prefix in MOOD_POSITIVE.iter().chain(MOOD_NEUTRAL).chain(MOOD_NEGATIVE) {
                    let lead = format!("{prefix} ");
                    let uses = out.iter().filter(|l| l.content.starts_with(&lead)).count();
                    assert!(uses <= 1, "{prefix:?} used {uses} times ({kind:?} topic {ti})");
                }
            }
        }
    }

    #[test]
    fn one_message_is_just_the_opener() {
        let kind = AgentKind::CustomerSupport;
        let topic = &kind.profile().topics[0];
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let out = lines(kind, topic, 1, true, Sentiment::Positive, &mut rng);
        assert_eq!(out, vec![Line { speaker: Speaker::User, content: topic.opener.to_string() }]);
    }

    #[test]
    fn deterministic_for_the_same_seed() {
        for (kind, ti, topic) in all_topics() {
            for count in [2, 3, 7, 12, 19, 26] {
                for resolved in [true, false] {
                    let s = seed(kind, ti, count, resolved as u64);
                    let a = lines(kind, topic, count, resolved, Sentiment::Neutral, &mut ChaCha8Rng::seed_from_u64(s));
                    let b = lines(kind, topic, count, resolved, Sentiment::Neutral, &mut ChaCha8Rng::seed_from_u64(s));
                    assert_eq!(a, b);
                }
            }
        }
    }

    #[test]
    fn different_seeds_vary_long_conversations() {
        let kind = AgentKind::ItSupport;
        let topic = &kind.profile().topics[4];
        let a = lines(kind, topic, 24, true, Sentiment::Positive, &mut ChaCha8Rng::seed_from_u64(1));
        let b = lines(kind, topic, 24, true, Sentiment::Positive, &mut ChaCha8Rng::seed_from_u64(2));
        assert_ne!(a, b);
    }

    #[test]
    fn resolved_and_unresolved_endings_differ() {
        for (kind, ti, topic) in all_topics() {
            for count in 2..=26 {
                for sentiment in SENTIMENTS {
                    let s = seed(kind, ti, count, 7);
                    let yes = lines(kind, topic, count, true, sentiment, &mut ChaCha8Rng::seed_from_u64(s));
                    let no = lines(kind, topic, count, false, sentiment, &mut ChaCha8Rng::seed_from_u64(s));
                    assert_ne!(yes.last(), no.last(), "{kind:?} topic {ti} n={count}");
                }
            }
        }
    }

    #[test]
    fn resolved_endings_confirm_and_unresolved_hand_off() {
        for (kind, ti, topic) in all_topics() {
            let s = seed(kind, ti, 0, 3);
            let confirm_start: String = topic.confirm.chars().take(12).collect();
            // Even: user confirms, assistant closes.
            let out = lines(kind, topic, 10, true, Sentiment::Neutral, &mut ChaCha8Rng::seed_from_u64(s));
            assert!(out[8].content.contains(&confirm_start) || topic.confirm.contains('{'));
            // Unresolved: the last assistant line carries the ticket prefix.
            let out = lines(kind, topic, 10, false, Sentiment::Negative, &mut ChaCha8Rng::seed_from_u64(s));
            assert!(out[9].content.contains(kind_lines(kind).ticket_prefix), "{kind:?} topic {ti}");
        }
    }

    #[test]
    fn every_template_slot_is_known() {
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        for kind in AgentKind::ALL {
            let pools = kind_lines(kind);
            for complexity in [Complexity::Simple, Complexity::Moderate, Complexity::Complex] {
                let slots = Slots::draw(pools, complexity, &mut rng);
                let mut templates: Vec<&str> = Vec::new();
                templates.extend(pools.exchanges.iter().flat_map(|(q, a)| [*q, *a]));
                templates.extend(pools.stuck);
                templates.extend(pools.handoffs);
                templates.extend(pools.closings);
                templates.extend(GENERIC_EXCHANGES.iter().flat_map(|(q, a)| [*q, *a]));
                templates.extend(DIRECT_HANDOFFS);
                templates.extend(ACK_POSITIVE.iter().chain(ACK_NEUTRAL).chain(ACK_NEGATIVE));
                for topic in kind.profile().topics {
                    templates.extend([
                        topic.clarify,
                        topic.details,
                        topic.answer,
                        topic.follow_up.0,
                        topic.follow_up.1,
                        topic.confirm,
                    ]);
                }
                for template in templates {
                    let filled = slots.fill(template);
                    assert!(!filled.contains('{') && !filled.contains('}'), "{filled:?}");
                    assert!(!filled.contains("TODO"));
                }
            }
            assert!(pools.exchanges.len() + GENERIC_EXCHANGES.len() >= 11, "{kind:?}");
        }
    }

    #[test]
    fn tickets_look_right() {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let cs = Slots::draw(kind_lines(AgentKind::CustomerSupport), Complexity::Simple, &mut rng);
        assert!(cs.ticket.starts_with('#') && cs.ticket.len() == 6, "{}", cs.ticket);
        let it = Slots::draw(kind_lines(AgentKind::ItSupport), Complexity::Simple, &mut rng);
        assert!(it.ticket.starts_with("INC00") && it.ticket.len() == 10, "{}", it.ticket);
        let kb = Slots::draw(kind_lines(AgentKind::KnowledgeBase), Complexity::Simple, &mut rng);
        assert!(kb.ticket.starts_with("DOC-") && kb.ticket.len() == 8, "{}", kb.ticket);
    }

    #[test]
    fn fill_replaces_known_slots_only() {
        let slots = Slots {
            ticket: "#12345".into(),
            person: "Mei",
            team: "billing",
            eta: "later today",
            day: "Monday",
            time: "9:30 AM",
        };
        assert_eq!(
            slots.fill("{person} ({team}) has {ticket}, {eta}, {day} {time}."),
            "Mei (billing) has #12345, later today, Monday 9:30 AM."
        );
        assert_eq!(slots.fill("keep {unknown} and {"), "keep {unknown} and {");
        assert_eq!(slots.fill("no slots"), "no slots");
    }

    fn check_profile(kind: AgentKind) {
        let profile = kind.profile();
        assert!(profile.topics.len() >= 12, "{kind:?}");
        for complexity in [Complexity::Simple, Complexity::Moderate, Complexity::Complex] {
            assert!(profile.topics.iter().any(|t| t.complexity == complexity), "{kind:?} lacks {complexity:?}");
        }
        let (lo, hi) = profile.input_tokens_per_conversation;
        assert!(5_000 <= lo && lo <= hi && hi <= 18_000, "{kind:?}");
        assert!(hi - lo <= 4_000, "{kind:?}");
        assert_eq!(profile.descriptions.len(), 4, "{kind:?}");
        assert_eq!(profile.system_prompts.len(), 3, "{kind:?}");
        for prompt in profile.system_prompts {
            assert!(prompt.starts_with("You are "), "{kind:?}");
        }
        let static_text = profile
            .descriptions
            .iter()
            .chain(profile.system_prompts)
            .copied()
            .chain(profile.topics.iter().flat_map(|t| [t.title, t.opener]));
        for text in static_text {
            assert!(!text.is_empty() && !text.contains('{') && !text.contains('}') && !text.contains("TODO"));
            assert_eq!(text.trim(), text);
        }
        let mut titles: Vec<&str> = profile.topics.iter().map(|t| t.title).collect();
        titles.sort_unstable();
        titles.dedup();
        assert_eq!(titles.len(), profile.topics.len(), "{kind:?} has duplicate titles");
    }

    #[test]
    fn profiles_are_complete() {
        let names: Vec<&str> = AgentKind::ALL.iter().map(|k| k.base_name()).collect();
        assert_eq!(
            names,
            [
                "Customer Support Bot",
                "Sales Assistant",
                "HR Onboarding Helper",
                "IT Support Agent",
                "Knowledge Base Bot",
                "Lead Qualification Agent",
                "Document Analyzer",
                "Meeting Scheduler",
                "Expense Report Bot",
                "Training Assistant",
            ]
        );
        for kind in AgentKind::ALL {
            check_profile(kind);
            let extra = kind.profile().extra_messages;
            if kind == AgentKind::CustomerSupport {
                assert_eq!(extra, 4);
            } else {
                assert!(extra <= 1, "{kind:?}");
            }
        }
    }
}
