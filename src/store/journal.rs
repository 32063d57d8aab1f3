//! The write journal: one JSON line per accepted write, appended and
//! flushed to disk before the write's response is sent, and replayed at
//! start-up so a restarted server has exactly the state it had.
//!
//! The first line is a header naming the dataset (seed, anchor, sizes); a
//! journal made for another dataset is refused. Each following line is
//! `{"n": <write number>, "actor": <user id or null>, "command": {...}}`,
//! with `"simulatedUntil"` when the simulator had run.
//! A torn last line (one without its newline: a crash mid-append, never
//! answered) is dropped with a warning and cut off the file; any other bad
//! line, the last included, stops start-up with a message naming the line.
//! `resetData` truncates the journal to its header. One server holds a
//! journal at a time (an exclusive lock); `check --journal` only reads it.
//!
//! Hand-written rather than a crate: the format is a dozen lines of serde,
//! and what matters (fsync before the response, the torn-tail rule) is
//! specific to this store.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;
use uuid::Uuid;

use super::writes::Command;
use crate::data::Params;

/// Format version of the header.
const VERSION: u32 = 1;

/// Why a journal cannot be used.
#[derive(Debug, Error)]
pub enum JournalError {
    #[error("cannot use the journal {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("the journal {path} has no valid header on line 1 ({message}); is it an agentmock journal?")]
    Header { path: PathBuf, message: String },
    #[error(
        "the journal {path} was made for another dataset ({found}); this server runs {expected}. \
         Start with the journal's settings, or use another --journal file"
    )]
    Mismatch { path: PathBuf, expected: String, found: String },
    #[error(
        "cannot create the journal {path}: its directory {} does not exist (was it deleted while a server \
         used it?). Create the directory to start afresh, or point --journal at another file",
        directory.display()
    )]
    NoDirectory { path: PathBuf, directory: PathBuf },
    #[error("the journal {path} is in use by another agentmock server (it holds a lock on it)")]
    Locked { path: PathBuf },
    #[error("the journal {path} is corrupt at line {line}: {message}")]
    Corrupt { path: PathBuf, line: usize, message: String },
}

/// The first line: which dataset the writes apply to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Header {
    agentmock_journal: u32,
    seed: u64,
    anchor: String,
    users: usize,
    agents: usize,
    conversations: usize,
    audit_logs: usize,
    days: u32,
    /// Absent for the default scenario (journals written before scenarios).
    #[serde(default, skip_serializing_if = "is_default")]
    scenario: crate::data::Scenario,
    /// Absent for the default home time zone (journals written before zones).
    #[serde(default = "default_zone", rename = "timeZone", skip_serializing_if = "is_default_zone")]
    time_zone: String,
}

fn is_default(scenario: &crate::data::Scenario) -> bool {
    *scenario == crate::data::Scenario::Default
}

fn default_zone() -> String {
    crate::data::calendar::DEFAULT_ZONE.name().to_string()
}

fn is_default_zone(zone: &str) -> bool {
    zone == crate::data::calendar::DEFAULT_ZONE.name()
}

impl Header {
    fn of(params: &Params) -> Self {
        let s = params.sizes;
        Header {
            agentmock_journal: VERSION,
            seed: params.seed,
            anchor: crate::data::dump::timestamp(params.anchor),
            users: s.users,
            agents: s.agents,
            conversations: s.conversations,
            audit_logs: s.audit_logs,
            days: s.days,
            scenario: params.scenario,
            time_zone: params.zone.name().to_string(),
        }
    }

    fn describe(&self) -> String {
        format!(
            "scenario {}, seed {}, anchor {}, time zone {}, {} users, {} agents, {} conversations, {} audit logs, {} days",
            self.scenario,
            self.seed,
            self.anchor,
            self.time_zone,
            self.users,
            self.agents,
            self.conversations,
            self.audit_logs,
            self.days
        )
    }
}

/// One accepted write.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// The write's number: 1, 2, ... since the seeded state (or the last reset).
    pub n: u64,
    /// The signed-in user who made it, by id.
    pub actor: Option<Uuid>,
    pub command: Command,
    /// How far the simulator had run when the write was made (absent when
    /// it never ran): replay simulates up to here first, so the write sees
    /// the state it saw. Simulator steps themselves are not journaled:
    /// they are a pure function of the state and the time they reach.
    #[serde(default, rename = "simulatedUntil", skip_serializing_if = "Option::is_none")]
    pub simulated_until: Option<chrono::DateTime<chrono::Utc>>,
}

/// An open journal, held with an exclusive lock (one server per file).
#[derive(Debug)]
pub struct Journal {
    file: File,
    path: PathBuf,
    /// Bytes of the header line.
    header_len: u64,
    /// Bytes of the header and every record appended whole: a failed append
    /// is cut back to this, so a later one starts on a fresh line.
    len: u64,
    /// Why the file is no longer the journal at its path, once found: it
    /// never becomes the journal again (a new file there is not this one).
    gone: Option<String>,
}

/// What opening a journal found.
#[derive(Debug)]
pub struct Opened {
    pub journal: Journal,
    /// The records to replay, in order, with their line numbers.
    pub records: Vec<(usize, Record)>,
    /// A torn last line that was cut off, by line number.
    pub dropped_tail: Option<usize>,
}

/// What reading a journal found, without changing it.
#[derive(Debug)]
pub struct Replay {
    /// The records to replay, in order, with their line numbers.
    pub records: Vec<(usize, Record)>,
    /// A torn last line, left out, by line number.
    pub dropped_tail: Option<usize>,
}

/// A journal's lines, parsed.
struct Scan {
    header_len: u64,
    /// Whether the header line ends in its newline (a file cut right after
    /// the header may lack it).
    header_ends_line: bool,
    records: Vec<(usize, Record)>,
    /// A last line without its newline (an append cut short): its line
    /// number and where it starts.
    torn: Option<(usize, u64)>,
}

impl Journal {
    /// The anchor a journal at `path` was made for, if the file exists and
    /// starts with a readable header (a server without `--now` resumes on
    /// it, so a journal made an hour ago still applies).
    pub fn anchor_of(path: &Path) -> Option<chrono::DateTime<chrono::Utc>> {
        let file = File::open(path).ok()?;
        let mut first = Vec::new();
        BufReader::new(file).take(64 * 1024).read_until(b'\n', &mut first).ok()?;
        let header: Header = serde_json::from_slice(trim_newline(&first)).ok()?;
        chrono::DateTime::parse_from_rfc3339(&header.anchor).ok().map(|t| t.with_timezone(&chrono::Utc))
    }

    /// Opens (or creates) the journal at `path` for the dataset of `params`,
    /// locks it, and repairs what a crash can leave: a torn last line is cut
    /// off, a header without its newline gets one.
    pub fn open(path: &Path, params: &Params) -> Result<Opened, JournalError> {
        let io = |source| JournalError::Io { path: path.to_path_buf(), source };
        let opened = OpenOptions::new().read(true).write(true).create(true).truncate(false).open(path);
        let mut file = opened.map_err(|e| match path.parent().filter(|d| !d.as_os_str().is_empty()) {
            Some(directory) if e.kind() == std::io::ErrorKind::NotFound && !directory.exists() => {
                JournalError::NoDirectory { path: path.to_path_buf(), directory: directory.to_path_buf() }
            }
            _ => io(e),
        })?;
        file.try_lock().map_err(|e| match e {
            std::fs::TryLockError::WouldBlock => JournalError::Locked { path: path.to_path_buf() },
            std::fs::TryLockError::Error(e) => io(e),
        })?;
        let Some(scan) = scan(&file, path, params)? else {
            let mut header = serde_json::to_vec(&Header::of(params)).map_err(|e| io(std::io::Error::other(e)))?;
            header.push(b'\n');
            file.write_all(&header).map_err(io)?;
            file.sync_all().map_err(io)?;
            let len = header.len() as u64;
            return Ok(Opened {
                journal: Journal { file, path: path.to_path_buf(), header_len: len, len, gone: None },
                records: Vec::new(),
                dropped_tail: None,
            });
        };
        let mut header_len = scan.header_len;
        if let Some((_, offset)) = scan.torn {
            file.set_len(offset).map_err(io)?;
        }
        if !scan.header_ends_line {
            file.seek(SeekFrom::Start(header_len)).map_err(io)?;
            file.write_all(b"\n").map_err(io)?;
            header_len += 1;
        }
        file.sync_all().map_err(io)?;
        let len = file.seek(SeekFrom::End(0)).map_err(io)?;
        Ok(Opened {
            journal: Journal { file, path: path.to_path_buf(), header_len, len, gone: None },
            records: scan.records,
            dropped_tail: scan.torn.map(|(line, _)| line),
        })
    }

    /// Reads the journal at `path` for the dataset of `params` without
    /// creating, locking or repairing it (`check --journal`; a server may
    /// be appending to it).
    pub fn read(path: &Path, params: &Params) -> Result<Replay, JournalError> {
        let file = File::open(path).map_err(|source| JournalError::Io { path: path.to_path_buf(), source })?;
        match scan(&file, path, params)? {
            Some(scan) => Ok(Replay { records: scan.records, dropped_tail: scan.torn.map(|(line, _)| line) }),
            None => Ok(Replay { records: Vec::new(), dropped_tail: None }),
        }
    }

    /// Appends one record and flushes it to disk. On failure the file is cut
    /// back to its last whole record, so nothing half-written stays. A file
    /// that is no longer the journal at its path fails too (see
    /// [`Journal::in_place`]).
    pub fn append(&mut self, record: &Record) -> std::io::Result<()> {
        let mut line = serde_json::to_vec(record).map_err(std::io::Error::other)?;
        line.push(b'\n');
        let written = self
            .file
            .seek(SeekFrom::Start(self.len))
            .and_then(|_| self.file.write_all(&line))
            .and_then(|()| self.file.sync_data())
            .and_then(|()| self.in_place());
        match written {
            Ok(()) => {
                self.len += line.len() as u64;
                Ok(())
            }
            Err(e) => {
                let _ = self.file.set_len(self.len);
                let _ = self.file.sync_data();
                Err(e)
            }
        }
    }

    /// Drops every record, keeping the header (`resetData`).
    pub fn truncate(&mut self) -> std::io::Result<()> {
        self.in_place()?;
        self.file.set_len(self.header_len)?;
        self.len = self.header_len;
        self.file.seek(SeekFrom::End(0))?;
        self.file.sync_all()
    }

    /// Whether the open file is still the journal a restart would read: a
    /// file deleted (with its directory, say) or replaced while the server
    /// runs would take writes that no restart replays, so they are refused.
    pub fn in_place(&mut self) -> std::io::Result<()> {
        if let Some(gone) = &self.gone {
            return Err(std::io::Error::other(gone.clone()));
        }
        let found = self.find_in_place();
        if let Err(e) = &found
            && e.kind() == std::io::ErrorKind::Other
        {
            self.gone = Some(e.to_string());
        }
        found
    }

    fn find_in_place(&self) -> std::io::Result<()> {
        let gone = |what: &str| {
            std::io::Error::other(format!(
                "the journal {} {what} while the server ran; no write can be made durable, so none is accepted \
                 (restart the server: the writes since its start are lost with the file)",
                self.path.display()
            ))
        };
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let open = self.file.metadata()?;
            if open.nlink() == 0 {
                let directory = self.path.parent().filter(|d| !d.as_os_str().is_empty() && !d.exists());
                return Err(match directory {
                    Some(directory) => gone(&format!("was deleted with its directory {}", directory.display())),
                    None => gone("was deleted"),
                });
            }
            match std::fs::metadata(&self.path) {
                Ok(named) if named.dev() == open.dev() && named.ino() == open.ino() => {}
                Ok(_) => return Err(gone("was replaced by another file")),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(gone("was moved away")),
                Err(e) => return Err(e),
            }
        }
        #[cfg(not(unix))]
        if !self.path.exists() {
            return Err(gone("was deleted"));
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Parses a journal's lines: `None` for an empty file. Only a last line
/// without its newline is torn (the append that wrote it was never
/// answered); any other unreadable line, the last one included, is corrupt.
fn scan(file: &File, path: &Path, params: &Params) -> Result<Option<Scan>, JournalError> {
    let io = |source| JournalError::Io { path: path.to_path_buf(), source };
    let mut lines = Vec::new();
    let mut reader = BufReader::new(file);
    let mut offset = 0u64;
    loop {
        let mut line = Vec::new();
        let read = reader.read_until(b'\n', &mut line).map_err(io)?;
        if read == 0 {
            break;
        }
        lines.push((offset, line));
        offset += read as u64;
    }
    let Some((_, first)) = lines.first() else { return Ok(None) };
    let header: Header = serde_json::from_slice(trim_newline(first))
        .map_err(|e| JournalError::Header { path: path.to_path_buf(), message: e.to_string() })?;
    if header.agentmock_journal != VERSION {
        return Err(JournalError::Header {
            path: path.to_path_buf(),
            message: format!("format version {} (this agentmock reads {VERSION})", header.agentmock_journal),
        });
    }
    let expected = Header::of(params);
    if header != expected {
        return Err(JournalError::Mismatch {
            path: path.to_path_buf(),
            expected: expected.describe(),
            found: header.describe(),
        });
    }
    let mut scan = Scan {
        header_len: first.len() as u64,
        header_ends_line: first.ends_with(b"\n"),
        records: Vec::new(),
        torn: None,
    };
    for (i, (offset, line)) in lines.iter().enumerate().skip(1) {
        let number = i + 1;
        if !line.ends_with(b"\n") {
            scan.torn = Some((number, *offset));
            break;
        }
        let record = serde_json::from_slice::<Record>(trim_newline(line)).map_err(|e| e.to_string()).and_then(|r| {
            let due = scan.records.len() as u64 + 1;
            if r.n == due { Ok(r) } else { Err(format!("write number {} where {due} was due", r.n)) }
        });
        match record {
            Ok(record) => scan.records.push((number, record)),
            Err(message) => return Err(JournalError::Corrupt { path: path.to_path_buf(), line: number, message }),
        }
    }
    Ok(Some(scan))
}

fn trim_newline(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\n").unwrap_or(line)
}
