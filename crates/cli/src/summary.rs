//! Counts what a run produced, for the one-line summary and the exit
//! status: records by kind, error diagnostics, and files that failed.
#![forbid(unsafe_code)]

use std::fmt;

use budget_records::{Record, Severity};

/// The record kinds in the order the summary lists them.
pub const KINDS: [&str; 5] = ["document", "project", "indicator", "line_item", "diagnostic"];

/// The `kind` tag of a record, as written in the JSON.
pub fn kind_of(record: &Record) -> &'static str {
    KINDS[kind_index(record)]
}

/// The record's place in [`KINDS`].
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
pub fn file_failure(record: &Record) -> Option<&str> {
    match record {
        Record::Diagnostic(d) if d.severity == Severity::Error && d.line.is_none() => Some(&d.message),
        _ => None,
    }
}

/// A file that failed, with the first reason given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedFile {
    /// The input path as given.
    pub source: String,
    /// The message of its first file-level error diagnostic.
    pub message: String,
}

/// Running totals over the files of one run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files seen.
    pub files: usize,
    /// Records per kind, in [`KINDS`] order.
    pub by_kind: [usize; 5],
    /// Diagnostics of severity `error`, line-level ones included.
    pub errors: usize,
    /// Files with a file-level error, in input order.
    pub failed: Vec<FailedFile>,
}

impl Summary {
    /// Adds one file's records.
    pub fn add(&mut self, source: &str, records: &[Record]) {
        self.files += 1;
        for record in records {
            self.by_kind[kind_index(record)] += 1;
            if matches!(record, Record::Diagnostic(d) if d.severity == Severity::Error) {
                self.errors += 1;
            }
        }
        if let Some(message) = records.iter().find_map(file_failure) {
            self.failed.push(FailedFile { source: source.to_string(), message: message.to_string() });
        }
    }

    /// Total records of every kind.
    pub fn records(&self) -> usize {
        self.by_kind.iter().sum()
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} files", self.files)?;
        if !self.failed.is_empty() {
            write!(f, " ({} failed)", self.failed.len())?;
        }
        write!(f, ", {} records (", self.records())?;
        for (i, (kind, count)) in KINDS.iter().zip(self.by_kind).enumerate() {
            let sep = if i == 0 { "" } else { ", " };
            write!(f, "{sep}{count} {kind}")?;
        }
        write!(f, "), {} errors", self.errors)
    }
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
        let doc = Record::Document(Document { source: "a".into(), line: None, format: "text".into(), encoding: None, pages: None, lines: 0, tables: vec![] });
        let mut summary = Summary::default();
        summary.add("a", &[doc.clone(), diagnostic(Some(3), Severity::Error), diagnostic(None, Severity::Warning)]);
        summary.add("b", &[doc, diagnostic(None, Severity::Error)]);
        assert_eq!(summary.errors, 2);
        assert_eq!(summary.failed, vec![FailedFile { source: "b".into(), message: "m".into() }]);
        assert_eq!(
            summary.to_string(),
            "2 files (1 failed), 5 records (2 document, 0 project, 0 indicator, 0 line_item, 3 diagnostic), 2 errors"
        );
    }
}
