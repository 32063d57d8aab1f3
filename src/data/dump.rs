//! The canonical JSON form of a dataset (`agentmock dump`) and its
//! fingerprint: field names as in the API, fixed key order, records in table
//! order, times as RFC 3339 UTC seconds, dates as `YYYY-MM-DD`.

use std::io::{self, Write};

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};
use sha2::{Digest, Sha256};

use super::catalogue::{Model, usd};
use super::histogram::Histogram;
use super::model::{
    Agent, AuditLog, Conversation, CostRecord, DailyMetric, ErrorType, Sentiment, StatusChange, User, shown_ms,
    shown_rate,
};
use super::{Dataset, calendar::Window};

/// `2025-01-19T14:22:00Z`.
pub fn timestamp(at: DateTime<Utc>) -> String {
    use chrono::Timelike;
    let time = at.time();
    let mut text = String::with_capacity(20);
    if !push_day(&mut text, at.date_naive()) {
        return at.to_rfc3339_opts(SecondsFormat::Secs, true);
    }
    text.push('T');
    push_digits(&mut text, time.hour(), 2);
    text.push(':');
    push_digits(&mut text, time.minute(), 2);
    text.push(':');
    push_digits(&mut text, time.second(), 2);
    text.push('Z');
    text
}

/// `2025-01-19`.
pub fn day(date: NaiveDate) -> String {
    use chrono::Datelike;
    let mut text = String::with_capacity(10);
    if push_day(&mut text, date) { text } else { format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day()) }
}

/// Appends `YYYY-MM-DD` for a year of four digits; `false` (nothing
/// appended) for any other year. Hand-formatted, digit by digit: this runs
/// for every date a response carries, and `format!` costs ten times more.
fn push_day(text: &mut String, date: NaiveDate) -> bool {
    use chrono::Datelike;
    let Ok(year) = u32::try_from(date.year()) else { return false };
    if year > 9999 {
        return false;
    }
    push_digits(text, year, 4);
    text.push('-');
    push_digits(text, date.month(), 2);
    text.push('-');
    push_digits(text, date.day(), 2);
    true
}

/// `n` in `width` decimal digits, zero-padded (`n` has at most `width`).
fn push_digits(text: &mut String, n: u32, width: u32) {
    let mut unit = 10u32.pow(width - 1);
    while unit > 0 {
        text.push(char::from(b'0' + (n / unit % 10) as u8));
        unit /= 10;
    }
}

/// Writes the canonical dump.
pub fn write<W: Write>(dataset: &Dataset, out: W) -> io::Result<()> {
    serde_json::to_writer(out, &DatasetOut(dataset)).map_err(io::Error::from)
}

/// The canonical dump as a string.
pub fn to_string(dataset: &Dataset) -> String {
    let mut bytes = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = write(dataset, &mut bytes);
    String::from_utf8(bytes).unwrap_or_default()
}

/// SHA-256 (hex) of the canonical dump: the dataset's fingerprint.
pub fn fingerprint(dataset: &Dataset) -> String {
    struct Hasher(Sha256);
    impl Write for Hasher {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.update(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let mut hasher = Hasher(Sha256::new());
    let _ = write(dataset, io::BufWriter::with_capacity(1 << 16, &mut hasher));
    hex::encode(hasher.0.finalize())
}

struct DatasetOut<'a>(&'a Dataset);

impl Serialize for DatasetOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let d = self.0;
        let mut out = serializer.serialize_struct("Dataset", 12)?;
        out.serialize_field("seed", &d.params.seed)?;
        out.serialize_field("anchorTime", &timestamp(d.params.anchor))?;
        // A scenario names itself (the default's dump has no such key).
        if d.params.scenario != super::Scenario::Default {
            out.serialize_field("scenario", d.params.scenario.name())?;
        } else {
            out.skip_field("scenario")?;
        }
        // The write clock, once writes moved it (the seeded dump has none).
        if d.now != d.params.anchor {
            out.serialize_field("now", &timestamp(d.now))?;
        } else {
            out.skip_field("now")?;
        }
        out.serialize_field("window", &WindowOut::from(&d.window))?;
        out.serialize_field("models", &Model::ALL.map(ModelOut::from))?;
        out.serialize_field("workspace", &WorkspaceOut::new(d))?;
        out.serialize_field("users", &Rows(&d.users, UserOut::from))?;
        out.serialize_field("agents", &Rows(&d.agents, |a| AgentOut::new(d, a)))?;
        out.serialize_field("conversations", &Rows(&d.conversations, |c| ConversationOut::new(d, c)))?;
        out.serialize_field("dailyMetrics", &Rows(&d.daily_metrics, |m| DailyMetricOut::new(d, m)))?;
        out.serialize_field("costRecords", &Rows(&d.cost_records, |c| CostRecordOut::new(d, c)))?;
        out.serialize_field("auditLogs", &Rows(&d.audit_logs, |l| AuditLogOut::new(d, l)))?;
        out.end()
    }
}

/// Serializes a table lazily, one record view at a time.
struct Rows<'a, T: Clone, F>(&'a super::Table<T>, F);

impl<'a, T: Clone, O: Serialize, F: Fn(&'a T) -> O> Serialize for Rows<'a, T, F> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for row in self.0 {
            seq.serialize_element(&(self.1)(row))?;
        }
        seq.end()
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WindowOut {
    start: String,
    end: String,
    days: u32,
}

impl From<&Window> for WindowOut {
    fn from(w: &Window) -> Self {
        WindowOut { start: timestamp(w.start()), end: timestamp(w.end()), days: w.days }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ModelOut {
    id: &'static str,
    name: &'static str,
    provider: &'static str,
    #[serde(rename = "inputPricePer1K")]
    input_price_per_1k: f64,
    #[serde(rename = "outputPricePer1K")]
    output_price_per_1k: f64,
}

impl From<Model> for ModelOut {
    fn from(m: Model) -> Self {
        let price = m.price();
        ModelOut {
            id: m.id(),
            name: m.display_name(),
            provider: m.provider(),
            input_price_per_1k: price.input,
            output_price_per_1k: price.output,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WorkspaceOut<'a> {
    company: &'a str,
    monthly_budget: f64,
    allowed_models: Vec<&'static str>,
}

impl<'a> WorkspaceOut<'a> {
    fn new(d: &'a Dataset) -> Self {
        let w = &d.workspace;
        WorkspaceOut {
            company: &w.company,
            monthly_budget: usd(w.monthly_budget_micros),
            allowed_models: w.allowed_models.iter().map(|m| m.id()).collect(),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct UserOut<'a> {
    id: uuid::Uuid,
    name: &'a str,
    email: &'a str,
    role: &'static str,
    avatar_url: String,
    created_at: String,
}

impl<'a> From<&'a User> for UserOut<'a> {
    fn from(u: &'a User) -> Self {
        UserOut {
            id: u.id,
            name: &u.name,
            email: &u.email,
            role: u.role.as_str(),
            avatar_url: u.avatar_path(),
            created_at: timestamp(u.created_at),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AgentOut<'a> {
    id: uuid::Uuid,
    name: &'a str,
    kind: &'static str,
    description: &'a str,
    model: &'static str,
    status: &'static str,
    created_at: String,
    last_active_at: String,
    config: ConfigOut<'a>,
    metrics: MetricsOut,
    created_by_id: uuid::Uuid,
    status_history: Vec<StatusChangeOut<'a>>,
    /// Only for agents a write deleted (so the seeded dump is unchanged).
    #[serde(skip_serializing_if = "Option::is_none")]
    deleted_at: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ConfigOut<'a> {
    temperature: f64,
    max_tokens: u32,
    system_prompt: &'a str,
    prompt_version: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StatusChangeOut<'a> {
    at: String,
    status: &'static str,
    actor_id: Option<uuid::Uuid>,
    reason: &'a str,
}

impl<'a> StatusChangeOut<'a> {
    fn new(d: &Dataset, c: &'a StatusChange) -> Self {
        StatusChangeOut {
            at: timestamp(c.at),
            status: c.status.as_str(),
            actor_id: c.actor.map(|u| d.users[u as usize].id),
            reason: &c.reason,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MetricsOut {
    total_conversations: u64,
    avg_response_time: Option<f64>,
    success_rate: Option<f64>,
}

impl<'a> AgentOut<'a> {
    fn new(d: &Dataset, a: &'a Agent) -> Self {
        AgentOut {
            id: a.id,
            name: &a.name,
            kind: a.kind.as_str(),
            description: &a.description,
            model: a.model.id(),
            status: a.status.as_str(),
            created_at: timestamp(a.created_at),
            last_active_at: timestamp(a.last_active_at),
            config: ConfigOut {
                temperature: a.config.temperature,
                max_tokens: a.config.max_tokens,
                system_prompt: &a.config.system_prompt,
                prompt_version: a.config.prompt_version,
            },
            metrics: MetricsOut {
                total_conversations: a.metrics.total_conversations,
                avg_response_time: a.metrics.avg_response_time().map(shown_ms),
                success_rate: a.metrics.success_rate().map(shown_rate),
            },
            created_by_id: d.users[a.created_by as usize].id,
            status_history: a.status_changes.iter().map(|c| StatusChangeOut::new(d, c)).collect(),
            deleted_at: a.deleted_at.map(timestamp),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ConversationOut<'a> {
    id: uuid::Uuid,
    agent_id: uuid::Uuid,
    title: &'a str,
    complexity: &'static str,
    channel: &'static str,
    started_at: String,
    ended_at: String,
    duration_ms: i64,
    message_count: u16,
    sentiment: &'static str,
    resolved: bool,
    outcome: &'static str,
    error_type: Option<&'static str>,
    end_user_id: String,
    avg_response_time: u32,
    reply_latencies_ms: &'a [u32],
    think_time_ms: u32,
    model: &'static str,
    input_tokens: u32,
    output_tokens: u32,
    cost: f64,
}

impl<'a> ConversationOut<'a> {
    fn new(d: &Dataset, c: &'a Conversation) -> Self {
        let agent = &d.agents[c.agent as usize];
        ConversationOut {
            id: c.id,
            agent_id: agent.id,
            title: &c.title,
            complexity: c.complexity.as_str(),
            channel: c.channel.as_str(),
            started_at: timestamp(c.started_at),
            ended_at: timestamp(c.ended_at),
            duration_ms: c.duration_ms(),
            message_count: c.message_count,
            sentiment: c.sentiment.as_str(),
            resolved: c.resolved,
            outcome: if c.outcome.error().is_some() { "FAILED" } else { "SUCCEEDED" },
            error_type: c.outcome.error().map(ErrorType::as_str),
            end_user_id: c.end_user_id(),
            avg_response_time: c.avg_response_time,
            reply_latencies_ms: &c.reply_latencies_ms,
            think_time_ms: c.think_ms,
            model: c.model.id(),
            input_tokens: c.input_tokens,
            output_tokens: c.output_tokens,
            cost: usd(c.cost_micros),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DailyMetricOut<'a> {
    id: uuid::Uuid,
    agent_id: uuid::Uuid,
    date: NaiveDate,
    conversations: u32,
    succeeded: u32,
    failed: u32,
    avg_response_time: Option<f64>,
    success_rate: Option<f64>,
    errors: serde_json::Map<String, serde_json::Value>,
    sentiments: serde_json::Map<String, serde_json::Value>,
    resolved: u32,
    messages: u32,
    replies: u32,
    latency_sum_ms: u64,
    latency_histogram: HistogramOut<'a>,
    duration_sum_ms: u64,
    duration_histogram: HistogramOut<'a>,
    hourly: &'a [u16; 24],
    hourly_failed: &'a [u16; 24],
    total_tokens_input: u64,
    total_tokens_output: u64,
    tool_calls: u32,
    tool_errors: u32,
    rated_replies: u32,
    thumbs_down: u32,
}

/// A histogram as `[[bucket, count], ...]`.
struct HistogramOut<'a>(&'a Histogram);

impl Serialize for HistogramOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        for pair in self.0.iter() {
            seq.serialize_element(&[pair.0, pair.1])?;
        }
        seq.end()
    }
}

impl<'a> DailyMetricOut<'a> {
    fn new(d: &Dataset, m: &'a DailyMetric) -> Self {
        let by_name = |names: &mut dyn Iterator<Item = (&'static str, u32)>| {
            names.map(|(name, count)| (name.to_string(), serde_json::Value::from(count))).collect()
        };
        DailyMetricOut {
            id: m.id,
            agent_id: d.agents[m.agent as usize].id,
            date: m.date,
            conversations: m.conversations,
            succeeded: m.succeeded,
            failed: m.failed(),
            avg_response_time: m.avg_response_time().map(shown_ms),
            success_rate: m.success_rate().map(shown_rate),
            errors: by_name(&mut ErrorType::ALL.iter().map(|e| (e.as_str(), m.error_count(*e)))),
            sentiments: by_name(&mut Sentiment::ALL.iter().map(|s| (s.as_str(), m.sentiment_count(*s)))),
            resolved: m.resolved,
            messages: m.messages,
            replies: m.replies,
            latency_sum_ms: m.latency_sum_ms,
            latency_histogram: HistogramOut(&m.latency),
            duration_sum_ms: m.duration_sum_ms,
            duration_histogram: HistogramOut(&m.durations),
            hourly: &m.hourly,
            hourly_failed: &m.hourly_failed,
            total_tokens_input: m.total_tokens_input,
            total_tokens_output: m.total_tokens_output,
            tool_calls: m.traces.tool_calls,
            tool_errors: m.traces.tool_errors,
            rated_replies: m.traces.rated,
            thumbs_down: m.traces.thumbs_down,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CostRecordOut {
    id: uuid::Uuid,
    agent_id: uuid::Uuid,
    date: NaiveDate,
    input_tokens: u64,
    output_tokens: u64,
    total_cost: f64,
    model: &'static str,
}

impl CostRecordOut {
    fn new(d: &Dataset, c: &CostRecord) -> Self {
        CostRecordOut {
            id: c.id,
            agent_id: d.agents[c.agent as usize].id,
            date: c.date,
            input_tokens: c.input_tokens,
            output_tokens: c.output_tokens,
            total_cost: usd(c.cost_micros),
            model: c.model.id(),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AuditLogOut {
    id: uuid::Uuid,
    action: &'static str,
    actor_id: uuid::Uuid,
    target_type: Option<&'static str>,
    target_id: Option<uuid::Uuid>,
    created_at: String,
    ip_address: String,
    user_agent: &'static str,
    details: serde_json::Value,
}

impl AuditLogOut {
    fn new(d: &Dataset, l: &AuditLog) -> Self {
        AuditLogOut {
            id: l.id,
            action: l.action.as_str(),
            actor_id: d.users[l.actor as usize].id,
            target_type: l.target.map(|t| t.type_name()),
            target_id: l.target.map(|t| d.target_id(t)),
            created_at: timestamp(l.created_at),
            ip_address: l.ip_address(),
            user_agent: l.user_agent(),
            details: l.details.to_json(),
        }
    }
}

/// One record in its dump form, for exports.
pub mod record {
    use super::*;

    fn value(out: impl Serialize) -> serde_json::Value {
        serde_json::to_value(out).unwrap_or(serde_json::Value::Null)
    }

    pub fn agent(d: &Dataset, a: &Agent) -> serde_json::Value {
        value(AgentOut::new(d, a))
    }

    pub fn conversation(d: &Dataset, c: &Conversation) -> serde_json::Value {
        value(ConversationOut::new(d, c))
    }

    pub fn daily_metric(d: &Dataset, m: &DailyMetric) -> serde_json::Value {
        value(DailyMetricOut::new(d, m))
    }

    pub fn cost_record(d: &Dataset, c: &CostRecord) -> serde_json::Value {
        value(CostRecordOut::new(d, c))
    }

    pub fn audit_log(d: &Dataset, l: &AuditLog) -> serde_json::Value {
        value(AuditLogOut::new(d, l))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_days_are_written_as_chrono_writes_them() {
        let instants = ["2025-01-19T14:22:07Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1970-03-04T05:06:07Z"];
        for text in instants {
            let at = DateTime::parse_from_rfc3339(text).expect("valid").with_timezone(&Utc);
            assert_eq!(timestamp(at), at.to_rfc3339_opts(SecondsFormat::Secs, true));
            assert_eq!(day(at.date_naive()), at.date_naive().format("%Y-%m-%d").to_string());
        }
        let far = NaiveDate::from_ymd_opt(12345, 6, 7).expect("valid");
        assert_eq!(day(far), "12345-06-07");
        let before = NaiveDate::from_ymd_opt(-1, 6, 7).expect("valid");
        assert_eq!(day(before), "-001-06-07");
        let at = far.and_hms_opt(1, 2, 3).expect("valid").and_utc();
        assert_eq!(timestamp(at), at.to_rfc3339_opts(SecondsFormat::Secs, true));
    }
}
