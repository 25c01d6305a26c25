//! Counts what a run produced, for the table printed at the end, for
//! `summary.json` and for the exit status: files extracted, skipped as
//! unchanged and failed; records by kind; diagnostics by severity and code;
//! bytes read and time taken.
#![forbid(unsafe_code)]

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::time::Duration;

use budget_records::{Record, Severity};
use serde::Serialize;

/// The record kinds in the order the summary lists them.
pub const KINDS: [&str; 5] = ["document", "project", "indicator", "line_item", "diagnostic"];

/// How many diagnostic codes the printed table names (all are in the JSON).
const CODES_SHOWN: usize = 8;

/// The `kind` tag of a record, as written in the JSON.
pub fn kind_of(record: &Record) -> &'static str {
    KINDS[kind_index(record)]
}

/// The record's kind as an index into [`KINDS`].
fn kind_index(record: &Record) -> usize {
    match record {
        Record::Document(_) => 0,
        Record::Project(_) => 1,
        Record::Indicator(_) => 2,
        Record::LineItem(_) => 3,
        Record::Diagnostic(_) => 4,
    }
}

/// If the record says the whole file failed (an error diagnostic not tied
/// to a line), its message.
fn file_failure(record: &Record) -> Option<&str> {
    match record {
        Record::Diagnostic(d) if d.severity == Severity::Error && d.line.is_none() => Some(&d.message),
        _ => None,
    }
}

/// The message of the file's first file-level error, if it failed.
fn failure_of(records: &[Record]) -> Option<&str> {
    records.iter().find_map(file_failure)
}

/// The severities, in the order [`Tally::severities`] counts them.
const SEVERITIES: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

/// The severity as an index into [`SEVERITIES`].
fn severity_index(severity: Severity) -> usize {
    match severity {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

/// What one file adds to the [`Summary`]: counted by the worker that
/// extracted it, so the records need not travel to the consuming thread
/// when the worker wrote them itself (one `.jsonl` per input).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Records per kind, in the order of [`KINDS`].
    kinds: [usize; KINDS.len()],
    /// Diagnostics per severity, in the order of [`SEVERITIES`].
    severities: [usize; SEVERITIES.len()],
    /// Diagnostics per code, in order of first appearance (a file has few).
    codes: Vec<(String, usize)>,
    /// The file's failure message, if it failed.
    failure: Option<String>,
}

impl Tally {
    /// Counts one file's records.
    pub fn of(records: &[Record]) -> Tally {
        let mut tally = Tally { failure: failure_of(records).map(str::to_string), ..Tally::default() };
        for record in records {
            tally.kinds[kind_index(record)] += 1;
            if let Record::Diagnostic(d) = record {
                tally.severities[severity_index(d.severity)] += 1;
                match tally.codes.iter_mut().find(|(code, _)| *code == d.code) {
                    Some((_, n)) => *n += 1,
                    None => tally.codes.push((d.code.to_string(), 1)),
                }
            }
        }
        tally
    }

    /// Whether the file failed (an error diagnostic not tied to a line).
    pub fn failed(&self) -> bool {
        self.failure.is_some()
    }
}

/// A file that failed, with the first reason given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FailedFile {
    /// The input path as given.
    pub source: String,
    /// The message of its first file-level error diagnostic.
    pub message: String,
}

/// Files by outcome. Every input is counted once: extracted (failed ones
/// included) or skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FileCounts {
    /// Files read and extracted in this run (the failed ones included).
    pub extracted: usize,
    /// Files skipped by `--incremental` because they had not changed.
    pub skipped_unchanged: usize,
    /// Extracted files with a file-level error.
    pub failed: usize,
    /// Records files of inputs gone since the last incremental run, removed.
    pub removed: usize,
}

/// Running totals over the files of one run. Records and diagnostics are
/// counted over the files extracted in this run (not the skipped ones).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Files by outcome.
    pub files: FileCounts,
    /// Records per kind, every kind present.
    pub records: BTreeMap<&'static str, usize>,
    /// Diagnostics per severity (`error`, `warning`, `info`).
    pub diagnostics_by_severity: BTreeMap<&'static str, usize>,
    /// Diagnostics per code.
    pub diagnostics_by_code: BTreeMap<String, usize>,
    /// Files with a file-level error, in input order.
    pub failed: Vec<FailedFile>,
    /// Bytes of input read, skipped files included (they are read to hash them).
    pub input_bytes: u64,
}

impl Summary {
    /// An empty summary, every record kind and severity at zero.
    pub fn new() -> Summary {
        Summary {
            records: KINDS.iter().map(|k| (*k, 0)).collect(),
            diagnostics_by_severity: SEVERITIES.map(|s| (s.as_str(), 0)).into(),
            ..Summary::default()
        }
    }

    /// Adds one extracted file, counted by [`Tally::of`].
    pub fn add_extracted(&mut self, source: &str, tally: &Tally, bytes: u64) {
        self.files.extracted += 1;
        self.input_bytes += bytes;
        for (kind, n) in KINDS.iter().zip(tally.kinds) {
            *self.records.entry(kind).or_default() += n;
        }
        for (severity, n) in SEVERITIES.iter().zip(tally.severities) {
            *self.diagnostics_by_severity.entry(severity.as_str()).or_default() += n;
        }
        for (code, n) in &tally.codes {
            match self.diagnostics_by_code.get_mut(code.as_str()) {
                Some(total) => *total += n,
                None => drop(self.diagnostics_by_code.insert(code.clone(), *n)),
            }
        }
        if let Some(message) = &tally.failure {
            self.files.failed += 1;
            self.failed.push(FailedFile { source: source.to_string(), message: message.clone() });
        }
    }

    /// Adds one file skipped as unchanged.
    pub fn add_skipped(&mut self, bytes: u64) {
        self.files.skipped_unchanged += 1;
        self.input_bytes += bytes;
    }

    /// Files seen so far.
    pub fn files_done(&self) -> usize {
        self.files.extracted + self.files.skipped_unchanged
    }

    /// Total records of every kind.
    pub fn record_count(&self) -> usize {
        self.records.values().sum()
    }

    /// The summary with the run's wall time, as `summary.json` holds it.
    pub fn finished(&self, wall: Duration) -> Finished<'_> {
        let seconds = wall.as_secs_f64().max(1e-9);
        Finished {
            summary: self,
            wall_seconds: wall.as_secs_f64(),
            mb_per_second: self.input_bytes as f64 / 1e6 / seconds,
            files_per_second: self.files_done() as f64 / seconds,
        }
    }
}

/// A summary with its timing: what `summary.json` holds and the table shows.
#[derive(Debug, Serialize)]
pub struct Finished<'a> {
    /// The counts.
    #[serde(flatten)]
    pub summary: &'a Summary,
    /// Wall time of the run.
    pub wall_seconds: f64,
    /// Input bytes per second, in 10^6 bytes.
    pub mb_per_second: f64,
    /// Files (extracted or skipped) per second.
    pub files_per_second: f64,
}

impl fmt::Display for Finished<'_> {
    /// The short table printed on stderr at the end of a run.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.summary;
        let files = &s.files;
        writeln!(
            f,
            "files        {} files: {} extracted, {} unchanged (skipped), {} failed",
            s.files_done(),
            files.extracted,
            files.skipped_unchanged,
            files.failed
        )?;
        writeln!(f, "records      {} ({})", s.record_count(), counts(s.records.iter().map(|(k, n)| (*k, *n))))?;
        writeln!(f, "diagnostics  {}", counts(s.diagnostics_by_severity.iter().map(|(k, n)| (*k, *n))))?;
        let mut codes: Vec<(&str, usize)> = s.diagnostics_by_code.iter().map(|(k, n)| (k.as_str(), *n)).collect();
        codes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        if !codes.is_empty() {
            let more = codes.len().saturating_sub(CODES_SHOWN);
            let tail = if more > 0 { format!(", {more} more codes in summary.json") } else { String::new() };
            writeln!(f, "codes        {}{tail}", counts(codes.into_iter().take(CODES_SHOWN)))?;
        }
        write!(
            f,
            "time         {:.2} s, {:.1} MB/s, {:.1} files/s",
            self.wall_seconds, self.mb_per_second, self.files_per_second
        )
    }
}

/// `a 1, b 2`, in the order given.
fn counts<'a>(items: impl Iterator<Item = (&'a str, usize)>) -> String {
    let mut text = String::new();
    for (i, (name, count)) in items.enumerate() {
        let sep = if i == 0 { "" } else { ", " };
        // Writing to a String cannot fail.
        let _ = write!(text, "{sep}{name} {count}");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use budget_records::{Diagnostic, Document};

    fn diagnostic(line: Option<u32>, severity: Severity) -> Record {
        Record::Diagnostic(Diagnostic {
            page: None,
            bbox: None,
            source: "a".into(),
            line,
            lines: line.into_iter().collect(),
            severity,
            code: "c".into(),
            message: "m".into(),
        })
    }

    #[test]
    fn only_file_level_errors_fail_a_file() {
        let doc = Record::Document(Document { source: "a".into(), format: "text".into(), ..Document::default() });
        let mut summary = Summary::new();
        summary.add_extracted("a", &Tally::of(&[doc.clone(), diagnostic(Some(3), Severity::Error), diagnostic(None, Severity::Warning)]), 10);
        summary.add_extracted("b", &Tally::of(&[doc, diagnostic(None, Severity::Error)]), 20);
        summary.add_skipped(70);
        assert_eq!(summary.diagnostics_by_severity["error"], 2);
        assert_eq!(summary.failed, vec![FailedFile { source: "b".into(), message: "m".into() }]);
        let table = summary.finished(Duration::from_secs(2)).to_string();
        assert!(table.starts_with("files        3 files: 2 extracted, 1 unchanged (skipped), 1 failed\n"), "{table}");
        assert!(table.contains("records      5 (diagnostic 3, document 2, indicator 0, line_item 0, project 0)"), "{table}");
        assert!(table.contains("diagnostics  error 2, info 0, warning 1"), "{table}");
        assert!(table.contains("codes        c 3\n"), "{table}");
        assert!(table.ends_with("time         2.00 s, 0.0 MB/s, 1.5 files/s"), "{table}");
    }
}
