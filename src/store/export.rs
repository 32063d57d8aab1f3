//! Export files: a collection over a range of days, as CSV or JSON, from
//! the snapshot the request saw (so a download never changes). Records are
//! in their dump form; fields the requester's role may not see are left
//! out (system prompts, audit network details).
//!
//! CSV flattens nested objects into dotted columns (`config.temperature`)
//! and writes arrays as JSON text; columns are every record's, sorted by
//! name, and a record without one has an empty cell. A text that starts
//! like a spreadsheet formula gets a leading `'`. Hand-written: a few lines over serde_json values,
//! where a CSV crate would still need the flattening.

use chrono::NaiveDate;

use super::writes::{Export, ExportCollection, ExportFormat};
use crate::data::catalogue::Capability;
use crate::data::dump::record;

/// The download path of an export: `/exports/<id>.<csv|json>`.
pub fn path(export: &Export) -> String {
    format!("/exports/{}.{}", export.id, export.format.extension())
}

/// The export's records, in table order.
pub fn rows(export: &Export) -> Vec<serde_json::Value> {
    let d = &export.of.dataset;
    let day = |date: NaiveDate| (export.from..=export.to).contains(&date);
    let mut rows: Vec<serde_json::Value> = match export.collection {
        ExportCollection::Agents => {
            d.agents.iter().filter(|a| a.deleted_at.is_none()).map(|a| record::agent(d, a)).collect()
        }
        ExportCollection::Conversations => d
            .conversations
            .iter()
            .filter(|c| day(c.started_at.date_naive()))
            .map(|c| record::conversation(d, c))
            .collect(),
        ExportCollection::DailyMetrics => {
            d.daily_metrics.iter().filter(|m| day(m.date)).map(|m| record::daily_metric(d, m)).collect()
        }
        ExportCollection::CostRecords => {
            d.cost_records.iter().filter(|c| day(c.date)).map(|c| record::cost_record(d, c)).collect()
        }
        ExportCollection::AuditLogs => {
            d.audit_logs.iter().filter(|l| day(l.created_at.date_naive())).map(|l| record::audit_log(d, l)).collect()
        }
    };
    let role = d.users.get(export.requested_by as usize).map(|u| u.role);
    let may = |c: Capability| role.is_some_and(|r| r.can(c));
    for row in &mut rows {
        let Some(object) = row.as_object_mut() else { continue };
        if !may(Capability::ViewSystemPrompts)
            && let Some(config) = object.get_mut("config").and_then(|c| c.as_object_mut())
        {
            config.remove("systemPrompt");
        }
        if !may(Capability::ViewAuditNetwork) {
            object.remove("ipAddress");
            object.remove("userAgent");
        }
    }
    rows
}

/// The file's bytes and media type.
pub fn file(export: &Export) -> (Vec<u8>, &'static str) {
    let rows = rows(export);
    match export.format {
        ExportFormat::Json => (serde_json::to_vec_pretty(&rows).unwrap_or_default(), "application/json"),
        ExportFormat::Csv => (csv(&rows).into_bytes(), "text/csv; charset=utf-8"),
    }
}

fn flatten(prefix: &str, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map {
                let name = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
                flatten(&name, inner, out);
            }
        }
        // A text a spreadsheet would run as a formula (OWASP's CSV
        // injection: `=`, `+`, `-`, `@`, tab, CR first) starts with `'`.
        serde_json::Value::String(s) if s.starts_with(['=', '+', '-', '@', '\t', '\r']) => {
            out.push((prefix.to_string(), format!("'{s}")))
        }
        serde_json::Value::String(s) => out.push((prefix.to_string(), s.clone())),
        serde_json::Value::Null => out.push((prefix.to_string(), String::new())),
        other => out.push((prefix.to_string(), other.to_string())),
    }
}

/// RFC 4180 quoting: fields with a comma, quote or line break are quoted.
fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

fn csv(rows: &[serde_json::Value]) -> String {
    let flat: Vec<std::collections::BTreeMap<String, String>> = rows
        .iter()
        .map(|r| {
            let mut out = Vec::new();
            flatten("", r, &mut out);
            out.into_iter().collect()
        })
        .collect();
    if flat.is_empty() {
        return String::new();
    }
    // Every record's columns: a field one record lacks (a null relation,
    // a detail only some entries have) is an empty cell, not a lost column.
    let columns: std::collections::BTreeSet<&str> = flat.iter().flat_map(|r| r.keys().map(String::as_str)).collect();
    let mut text = columns.iter().map(|c| quote(c)).collect::<Vec<_>>().join(",");
    text.push_str("\r\n");
    for row in &flat {
        let cells: Vec<String> = columns.iter().map(|c| row.get(*c).map_or_else(String::new, |v| quote(v))).collect();
        text.push_str(&cells.join(","));
        text.push_str("\r\n");
    }
    text
}
