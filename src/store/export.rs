//! Export files and the shelf that keeps them.
//!
//! A file is a collection over a range of days, as CSV or JSON, rendered
//! when `requestExport` is written, from the state the write applies to,
//! and kept as bytes: a download is always that file, whatever changed
//! since, and an export pins no snapshot (an export used to hold the
//! snapshot it was requested at, whose exports held older snapshots: a
//! chain as long as the number of exports, dropped recursively, that
//! overflowed the stack after some ten thousand).
//!
//! Records are in their dump form; fields the requester's role may not
//! see are left out (system prompts, audit network details). CSV flattens
//! nested objects into dotted columns (`config.temperature`) and writes
//! arrays as JSON text; columns are every record's, sorted by name, and a
//! record without one has an empty cell. A text that starts like a
//! spreadsheet formula gets a leading `'`. Hand-written: a few lines over
//! serde_json values, where a CSV crate would still need the flattening.
//!
//! The [`Shelf`] keeps the newest exports within a count and a byte budget
//! ([`ExportLimits`]): a new export pushes the oldest out. Which exports
//! are kept is a function of the writes alone (file sizes are), so a
//! replayed journal keeps the same ones.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serializer;
use uuid::Uuid;

use super::Snapshot;
use super::writes::{Export, ExportCollection, ExportFormat};
use crate::data::catalogue::Capability;
use crate::data::dump::record;

/// How many exports are kept, and how many bytes they may hold together.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExportLimits {
    /// Exports kept at once; a new one pushes the oldest out.
    pub max_count: usize,
    /// Bytes the kept exports hold together (files and [`EXPORT_OVERHEAD`]
    /// each); a file larger than this is refused.
    pub max_bytes: usize,
}

impl Default for ExportLimits {
    fn default() -> Self {
        ExportLimits { max_count: 100, max_bytes: 64 << 20 }
    }
}

/// What an export holds beyond its file: its record (ids, dates, the
/// `Arc`), the shelf's slot, the allocator's rounding. Counted with the
/// file, so a flood of tiny exports is bounded by bytes too.
pub const EXPORT_OVERHEAD: usize = 256;

/// A rendered export file.
#[derive(Debug)]
pub struct ExportFile {
    /// The file, exactly as downloaded.
    pub bytes: Arc<[u8]>,
    /// Records in it.
    pub rows: usize,
    pub media_type: &'static str,
}

impl ExportFile {
    /// Bytes it holds, as the shelf counts them.
    pub fn held(&self) -> usize {
        self.bytes.len() + EXPORT_OVERHEAD
    }
}

/// A file that would be larger than the budget for every kept export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the export would hold more than {limit} bytes, the most exports may hold together (--max-export-mb)")]
pub struct ExportTooLarge {
    pub limit: usize,
}

/// The exports kept, oldest first, within their limits.
#[derive(Clone, Debug, Default)]
pub struct Shelf {
    kept: imbl::Vector<Arc<Export>>,
    /// Bytes the kept exports hold, as [`ExportFile::held`] counts them.
    bytes: usize,
    pub limits: ExportLimits,
}

impl Shelf {
    pub fn new(limits: ExportLimits) -> Self {
        Shelf { kept: imbl::Vector::new(), bytes: 0, limits }
    }

    /// Keeps `export`, pushing out the oldest until the count and the
    /// bytes are within the limits (the new one fits alone: a larger file
    /// is refused before it is made).
    pub fn keep(&mut self, export: Arc<Export>) {
        self.bytes += export.file.held();
        self.kept.push_back(export);
        while self.kept.len() > self.limits.max_count.max(1) || self.bytes > self.limits.max_bytes {
            let Some(oldest) = self.kept.pop_front() else { break };
            self.bytes -= oldest.file.held();
        }
    }

    /// The kept export with this id.
    pub fn find(&self, id: Uuid) -> Option<&Arc<Export>> {
        self.kept.iter().find(|e| e.id == id)
    }

    /// Exports kept.
    pub fn len(&self) -> usize {
        self.kept.len()
    }

    pub fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    /// Bytes they hold.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// The kept exports, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = &Arc<Export>> {
        self.kept.iter()
    }
}

/// The download path of an export: `/exports/<id>.<csv|json>`.
pub fn path(export: &Export) -> String {
    format!("/exports/{}.{}", export.id, export.format.extension())
}

/// What to export: a collection over days, for a user (whose role decides
/// the fields left out).
#[derive(Clone, Copy, Debug)]
pub struct Request {
    pub collection: ExportCollection,
    pub format: ExportFormat,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub requested_by: u32,
}

/// Renders the file of `request` over `snap`, within `limit` bytes: work
/// and memory stop at the limit, whatever the dataset's size.
pub fn render(snap: &Snapshot, request: &Request, limit: usize) -> Result<ExportFile, ExportTooLarge> {
    let too_large = ExportTooLarge { limit };
    let mut out = Capped { bytes: Vec::new(), room: limit.saturating_sub(EXPORT_OVERHEAD) };
    let (rows, media_type) = match request.format {
        ExportFormat::Json => {
            let mut rows = 0;
            let mut serializer =
                serde_json::Serializer::with_formatter(&mut out, serde_json::ser::PrettyFormatter::new());
            serializer.collect_seq(records(snap, request).inspect(|_| rows += 1)).map_err(|_| too_large)?;
            (rows, "application/json")
        }
        ExportFormat::Csv => (csv(snap, request, &mut out).map_err(|_| too_large)?, "text/csv; charset=utf-8"),
    };
    Ok(ExportFile { bytes: out.bytes.into(), rows, media_type })
}

/// A buffer that refuses to grow past `room` bytes.
struct Capped {
    bytes: Vec<u8>,
    room: usize,
}

impl Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > self.room {
            return Err(std::io::Error::other("over the export budget"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The export's records, in table order, one at a time, with the fields
/// the requester's role may not see left out.
fn records<'a>(snap: &'a Snapshot, request: &'a Request) -> Box<dyn Iterator<Item = serde_json::Value> + 'a> {
    let d = &snap.dataset;
    let day = move |date: NaiveDate| (request.from..=request.to).contains(&date);
    let rows: Box<dyn Iterator<Item = serde_json::Value> + 'a> = match request.collection {
        ExportCollection::Agents => {
            Box::new(d.agents.iter().filter(|a| a.deleted_at.is_none()).map(move |a| record::agent(d, a)))
        }
        ExportCollection::Conversations => Box::new(
            d.conversations
                .iter()
                .filter(move |c| day(c.started_at.date_naive()))
                .map(move |c| record::conversation(d, c)),
        ),
        ExportCollection::DailyMetrics => {
            Box::new(d.daily_metrics.iter().filter(move |m| day(m.date)).map(move |m| record::daily_metric(d, m)))
        }
        ExportCollection::CostRecords => {
            Box::new(d.cost_records.iter().filter(move |c| day(c.date)).map(move |c| record::cost_record(d, c)))
        }
        ExportCollection::AuditLogs => Box::new(
            d.audit_logs.iter().filter(move |l| day(l.created_at.date_naive())).map(move |l| record::audit_log(d, l)),
        ),
    };
    let role = d.users.get(request.requested_by as usize).map(|u| u.role);
    let may = move |c: Capability| role.is_some_and(|r| r.can(c));
    Box::new(rows.map(move |mut row| {
        if let Some(object) = row.as_object_mut() {
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
        row
    }))
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

/// One record's cells, by column.
fn cells(row: &serde_json::Value) -> BTreeMap<String, String> {
    let mut out = Vec::new();
    flatten("", row, &mut out);
    out.into_iter().collect()
}

/// Writes the CSV file; the number of records. Two passes over the
/// records: the columns first (every record's), then the lines, so only
/// one record is held at a time. The first pass gives up as soon as the
/// cells alone are over the room left.
fn csv(snap: &Snapshot, request: &Request, out: &mut Capped) -> std::io::Result<usize> {
    let mut columns = BTreeSet::new();
    let mut rows = 0;
    let mut least = 0usize;
    for row in records(snap, request) {
        let row = cells(&row);
        least += row.values().map(|v| v.len() + 1).sum::<usize>();
        if least > out.room {
            return Err(std::io::Error::other("over the export budget"));
        }
        columns.extend(row.into_keys());
        rows += 1;
    }
    if rows == 0 {
        return Ok(0);
    }
    let header: Vec<String> = columns.iter().map(|c| quote(c)).collect();
    out.write_all(header.join(",").as_bytes())?;
    out.write_all(b"\r\n")?;
    for row in records(snap, request) {
        let row = cells(&row);
        let line: Vec<String> = columns.iter().map(|c| row.get(c).map_or_else(String::new, |v| quote(v))).collect();
        out.write_all(line.join(",").as_bytes())?;
        out.write_all(b"\r\n")?;
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Sizes;

    fn snapshot() -> Snapshot {
        let params = crate::data::Params::new(12345, "2025-01-19T14:00:00Z".parse().unwrap(), Sizes::default());
        Snapshot::generate(&params).unwrap()
    }

    fn request(collection: ExportCollection, format: ExportFormat) -> Request {
        let (from, to) = ("2024-12-21".parse().unwrap(), "2025-01-19".parse().unwrap());
        Request { collection, format, from, to, requested_by: 0 }
    }

    #[test]
    fn a_file_is_rendered_within_its_limit_or_refused() {
        let snap = snapshot();
        for format in [ExportFormat::Json, ExportFormat::Csv] {
            let daily = request(ExportCollection::DailyMetrics, format);
            let file = render(&snap, &daily, usize::MAX).unwrap();
            assert_eq!(file.rows, snap.dataset.daily_metrics.len());
            assert_eq!(render(&snap, &daily, file.held()).unwrap().bytes, file.bytes, "exactly at the limit");
            assert_eq!(render(&snap, &daily, file.held() - 1).unwrap_err(), ExportTooLarge { limit: file.held() - 1 });
        }
        let json = render(&snap, &request(ExportCollection::Agents, ExportFormat::Json), usize::MAX).unwrap();
        let rows: Vec<serde_json::Value> = serde_json::from_slice(&json.bytes).unwrap();
        assert_eq!(rows.len(), snap.dataset.agents.len());
        assert_eq!(&json.bytes[..], serde_json::to_vec_pretty(&rows).unwrap(), "pretty-printed, as before");
    }

    #[test]
    fn the_shelf_keeps_the_newest_exports_within_count_and_bytes() {
        let snap = snapshot();
        let file = Arc::new(render(&snap, &request(ExportCollection::Agents, ExportFormat::Csv), usize::MAX).unwrap());
        let export = |n: u128| {
            Arc::new(Export {
                id: Uuid::from_u128(n),
                collection: ExportCollection::Agents,
                format: ExportFormat::Csv,
                from: "2025-01-01".parse().unwrap(),
                to: "2025-01-01".parse().unwrap(),
                requested_by: 0,
                requested_at: snap.dataset.params.anchor,
                file: file.clone(),
            })
        };
        let mut shelf = Shelf::new(ExportLimits { max_count: 3, max_bytes: usize::MAX });
        for n in 0..10 {
            shelf.keep(export(n));
        }
        assert_eq!(shelf.iter().map(|e| e.id.as_u128()).collect::<Vec<_>>(), [7, 8, 9]);
        assert_eq!(shelf.bytes(), 3 * file.held());
        let mut shelf = Shelf::new(ExportLimits { max_count: 100, max_bytes: 2 * file.held() + 1 });
        for n in 0..10 {
            shelf.keep(export(n));
            assert!(shelf.bytes() <= shelf.limits.max_bytes);
        }
        assert_eq!(shelf.len(), 2);
        assert!(shelf.find(Uuid::from_u128(9)).is_some() && shelf.find(Uuid::from_u128(7)).is_none());
    }
}
