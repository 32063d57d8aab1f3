//! The write journal: one JSON line per accepted write, appended and
//! flushed to disk before the write's response is sent, and replayed at
//! start-up so a restarted server has exactly the state it had.
//!
//! The first line is a header naming the dataset (seed, anchor, sizes); a
//! journal made for another dataset is refused. Each following line is
//! `{"n": <write number>, "actor": <user id or null>, "command": {...}}`,
//! with `"simulatedUntil"` when the simulator had run.
//! A torn last line (a crash mid-append) is dropped with a warning and cut
//! off the file; a bad line anywhere before it stops start-up with a
//! message naming the line. `resetData` truncates the journal to its header.
//!
//! Hand-written rather than a crate: the format is a dozen lines of serde,
//! and what matters (fsync before the response, the torn-tail rule) is
//! specific to this store.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Seek, SeekFrom, Write};
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
        }
    }

    fn describe(&self) -> String {
        format!(
            "seed {}, anchor {}, {} users, {} agents, {} conversations, {} audit logs, {} days",
            self.seed, self.anchor, self.users, self.agents, self.conversations, self.audit_logs, self.days
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

/// An open journal, positioned at its end.
#[derive(Debug)]
pub struct Journal {
    file: File,
    path: PathBuf,
    /// Bytes of the header line.
    header_len: u64,
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

impl Journal {
    /// Opens (or creates) the journal at `path` for the dataset of `params`.
    pub fn open(path: &Path, params: &Params) -> Result<Opened, JournalError> {
        let io = |source| JournalError::Io { path: path.to_path_buf(), source };
        let mut file = OpenOptions::new().read(true).write(true).create(true).truncate(false).open(path).map_err(io)?;
        let expected = Header::of(params);
        let mut lines = Vec::new();
        {
            let mut reader = BufReader::new(&file);
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
        }
        if lines.is_empty() {
            let mut header = serde_json::to_vec(&expected).map_err(|e| io(std::io::Error::other(e)))?;
            header.push(b'\n');
            file.write_all(&header).map_err(io)?;
            file.sync_all().map_err(io)?;
            let header_len = header.len() as u64;
            return Ok(Opened {
                journal: Journal { file, path: path.to_path_buf(), header_len },
                records: Vec::new(),
                dropped_tail: None,
            });
        }
        let (_, first) = &lines[0];
        let header: Header = serde_json::from_slice(trim_newline(first))
            .map_err(|e| JournalError::Header { path: path.to_path_buf(), message: e.to_string() })?;
        if header.agentmock_journal != VERSION {
            return Err(JournalError::Header {
                path: path.to_path_buf(),
                message: format!("format version {} (this agentmock reads {VERSION})", header.agentmock_journal),
            });
        }
        if header != expected {
            return Err(JournalError::Mismatch {
                path: path.to_path_buf(),
                expected: expected.describe(),
                found: header.describe(),
            });
        }
        let header_len = first.len() as u64;
        let last = lines.len() - 1;
        let mut records = Vec::new();
        let mut dropped_tail = None;
        for (i, (offset, line)) in lines.iter().enumerate().skip(1) {
            let number = i + 1;
            let parsed =
                serde_json::from_slice::<Record>(trim_newline(line)).map_err(|e| e.to_string()).and_then(|r| {
                    let expected_n = records.len() as u64 + 1;
                    if r.n == expected_n {
                        Ok(r)
                    } else {
                        Err(format!("write number {} where {expected_n} was due", r.n))
                    }
                });
            match parsed {
                Ok(record) if line.ends_with(b"\n") => records.push((number, record)),
                Err(message) if i != last => {
                    return Err(JournalError::Corrupt { path: path.to_path_buf(), line: number, message });
                }
                // The last line without its newline, or unreadable: a torn append.
                _ => {
                    file.set_len(*offset).map_err(io)?;
                    file.sync_all().map_err(io)?;
                    dropped_tail = Some(number);
                }
            }
        }
        file.seek(SeekFrom::End(0)).map_err(io)?;
        Ok(Opened { journal: Journal { file, path: path.to_path_buf(), header_len }, records, dropped_tail })
    }

    /// Appends one record and flushes it to disk.
    pub fn append(&mut self, record: &Record) -> std::io::Result<()> {
        let mut line = serde_json::to_vec(record).map_err(std::io::Error::other)?;
        line.push(b'\n');
        self.file.write_all(&line)?;
        self.file.sync_data()
    }

    /// Drops every record, keeping the header (`resetData`).
    pub fn truncate(&mut self) -> std::io::Result<()> {
        self.file.set_len(self.header_len)?;
        self.file.seek(SeekFrom::End(0))?;
        self.file.sync_all()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

fn trim_newline(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\n").unwrap_or(line)
}
