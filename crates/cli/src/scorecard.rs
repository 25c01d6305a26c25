//! The figures of `budget-extract scorecard`: for each input file, how much
//! of it became records (tables, line items, rows used and left unused), how
//! its cross-checks came out (identities that held, checks that failed, and
//! of those the ones the document itself disagrees on or that may be
//! misreads), how many tables were verified, and how many errors it had.
//! One [`Score`] per file, summed into a total, shown as an aligned table
//! ([`render_table`]) or as JSON Lines ([`render_json`]).
#![forbid(unsafe_code)]

use std::collections::BTreeSet;
use std::iter::once;
use std::num::NonZeroUsize;

use budget_records::{Diagnostic, Record, Severity};
use serde_json::{json, Value};

use crate::inputs::Input;
use crate::ordered::PoolError;
use crate::run;

/// Code of the diagnostic that names the rows carrying an amount that gave no record.
pub const ROWS_UNUSED: &str = "amount-rows-unused";
/// Phrase in a failed check's message when the document disagrees with itself.
pub const OWN_PHRASE: &str = "the document's own";
/// Phrase in a failed check's message when a figure may have been misread.
pub const MISREAD_PHRASE: &str = "possible misread";
/// The label of the total row.
pub const TOTAL: &str = "total";

/// The column headers of the table, in order.
const HEADERS: [&str; 12] =
    ["file", "tables", "items", "rows used", "rows unused", "used %", "held", "failed", "own", "misread", "verified", "errors"];

/// One file's figures, or the sum of several files'.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Score {
    /// The file's path relative to the PATH it was found under (or its name),
    /// or [`TOTAL`].
    pub file: String,
    /// Table titles in the `document` record.
    pub tables: usize,
    /// `line_item` records.
    pub items: usize,
    /// Distinct lines that gave data: line items with values, projects (all
    /// their lines) and indicators.
    pub rows_used: usize,
    /// Lines named by the `amount-rows-unused` diagnostic.
    pub rows_unused: usize,
    /// Comparisons that held, summed over the `*-holds` diagnostics.
    pub held: usize,
    /// `*-mismatch` and `*-rounding` diagnostics.
    pub failed: usize,
    /// Failed checks the message calls the document's own disagreement.
    pub own: usize,
    /// Failed checks the message calls a possible misread.
    pub misread: usize,
    /// Distinct tables with a line item marked `"verified": true`.
    pub verified: usize,
    /// `error` diagnostics.
    pub errors: usize,
}

impl Score {
    /// Scores one file's records; `file` is the label of its row.
    pub fn of(file: String, records: &[Record]) -> Score {
        let mut score = Score { file, ..Score::default() };
        let mut used = BTreeSet::new();
        let mut verified = BTreeSet::new();
        for record in records {
            match record {
                Record::Document(document) => score.tables += document.tables.len(),
                Record::Project(project) => used.extend(project.lines.iter().copied()),
                Record::Indicator(indicator) => drop(used.insert(indicator.line)),
                Record::LineItem(item) => {
                    score.items += 1;
                    if !item.values.is_empty() {
                        used.insert(item.line);
                    }
                    if is_verified(record) {
                        verified.insert(item.table.as_str());
                    }
                }
                Record::Diagnostic(diagnostic) => score.add_diagnostic(diagnostic),
            }
        }
        score.rows_used = used.len();
        score.verified = verified.len();
        score
    }

    /// Counts one diagnostic into the errors, unused rows and checks.
    fn add_diagnostic(&mut self, diagnostic: &Diagnostic) {
        let (code, message) = (&*diagnostic.code, diagnostic.message.as_str());
        if diagnostic.severity == Severity::Error {
            self.errors += 1;
        }
        if code == ROWS_UNUSED {
            self.rows_unused += diagnostic.lines.len();
        }
        if code.ends_with("-holds") {
            self.held += held_count(message);
        }
        if code.ends_with("-mismatch") || code.ends_with("-rounding") {
            self.failed += 1;
            self.own += usize::from(message.contains(OWN_PHRASE));
            self.misread += usize::from(message.contains(MISREAD_PHRASE));
        }
    }

    /// The sum of `scores`, labelled [`TOTAL`].
    pub fn total(scores: &[Score]) -> Score {
        let mut total = Score { file: TOTAL.to_string(), ..Score::default() };
        for s in scores {
            total.tables += s.tables;
            total.items += s.items;
            total.rows_used += s.rows_used;
            total.rows_unused += s.rows_unused;
            total.held += s.held;
            total.failed += s.failed;
            total.own += s.own;
            total.misread += s.misread;
            total.verified += s.verified;
            total.errors += s.errors;
        }
        total
    }

    /// Rows used as a percentage of rows used and unused, to one decimal;
    /// `None` when there are neither.
    pub fn used_percent(&self) -> Option<f64> {
        let rows = self.rows_used + self.rows_unused;
        (rows > 0).then(|| (self.rows_used as f64 * 1000.0 / rows as f64).round() / 10.0)
    }

    /// The figures as one JSON object, keys in the order of the table.
    pub fn to_json(&self) -> Value {
        json!({
            "file": self.file,
            "tables": self.tables,
            "items": self.items,
            "rows_used": self.rows_used,
            "rows_unused": self.rows_unused,
            "used_percent": self.used_percent(),
            "held": self.held,
            "failed": self.failed,
            "own": self.own,
            "misread": self.misread,
            "verified": self.verified,
            "errors": self.errors,
        })
    }

    /// The cells of this score's table row, in the order of [`HEADERS`].
    fn cells(&self) -> [String; HEADERS.len()] {
        let percent = self.used_percent().map_or_else(|| "-".to_string(), |p| format!("{p:.1}"));
        [
            self.file.clone(),
            self.tables.to_string(),
            self.items.to_string(),
            self.rows_used.to_string(),
            self.rows_unused.to_string(),
            percent,
            self.held.to_string(),
            self.failed.to_string(),
            self.own.to_string(),
            self.misread.to_string(),
            self.verified.to_string(),
            self.errors.to_string(),
        ]
    }
}

/// The number of comparisons a `*-holds` message counts: the integer just
/// before " comparison" (`total-row: 2 comparisons in "收入预算总表" hold
/// exactly` counts 2), or 1 when the message states no such count.
pub fn held_count(message: &str) -> usize {
    let count = message.find(" comparison").and_then(|end| {
        let head = &message[..end];
        let start = head.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        head[start..].parse().ok()
    });
    count.unwrap_or(1)
}

/// Whether a record's JSON object has `"verified": true`. Read from the
/// JSON so that this works whether or not the record type has the field.
fn is_verified(record: &Record) -> bool {
    let value = serde_json::to_value(record).ok();
    value.and_then(|v| v.get("verified").and_then(Value::as_bool)).unwrap_or(false)
}

/// Extracts every input with [`budget_records::extract_file`] on `jobs`
/// threads (default: one per core) and scores it; returns the scores in
/// input order. Only the scores are kept, never the records. `on_done` is
/// called once per file, in input order (it drives the progress display).
pub fn score_all(inputs: &[Input], jobs: Option<NonZeroUsize>, on_done: &mut (dyn FnMut() + Send)) -> Result<Vec<Score>, PoolError> {
    run::extract_each(inputs, jobs, on_done, |input, records| Score::of(input.relative.to_string_lossy().into_owned(), &records))
}

/// The scores as an aligned plain-text table: a header, one row per file
/// and a total row (its used % recomputed from the totals). The file column
/// is aligned on the left, the figures on the right.
pub fn render_table(scores: &[Score]) -> String {
    let total = Score::total(scores);
    let header = HEADERS.map(str::to_string);
    let rows: Vec<[String; HEADERS.len()]> = once(header).chain(scores.iter().chain(once(&total)).map(Score::cells)).collect();
    let widths: [usize; HEADERS.len()] = std::array::from_fn(|c| rows.iter().map(|row| display_width(&row[c])).max().unwrap_or(0));
    let mut text = String::new();
    for row in &rows {
        for (c, cell) in row.iter().enumerate() {
            let pad = " ".repeat(widths[c] - display_width(cell));
            if c == 0 {
                text.push_str(cell);
                text.push_str(&pad);
            } else {
                text.push_str("  ");
                text.push_str(&pad);
                text.push_str(cell);
            }
        }
        text.push('\n');
    }
    text
}

/// The scores as JSON Lines, one object per file (no total: a script sums them).
pub fn render_json(scores: &[Score]) -> String {
    let mut text = String::new();
    for score in scores {
        text.push_str(&score.to_json().to_string());
        text.push('\n');
    }
    text
}

/// The columns a text takes on a terminal: two for CJK and other wide
/// characters (file names are often Chinese), one for the rest.
fn display_width(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

/// East Asian wide and full-width characters, by their main blocks.
fn is_wide(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn held_count_reads_the_number_before_comparison() {
        assert_eq!(held_count("total-row: 2 comparisons in \"收入预算总表\" hold exactly"), 2);
        assert_eq!(held_count("parent-sum: 137 comparisons in \"支出预算表\" hold exactly"), 137);
        assert_eq!(held_count("side-total: 1 comparison in \"x\" holds exactly"), 1);
        assert_eq!(held_count("funding-sum holds for \"x\""), 1);
        assert_eq!(held_count("prose-count: some comparisons in \"x\" hold"), 1);
        assert_eq!(held_count(""), 1);
    }

    fn diagnostic(severity: Severity, code: &'static str, message: &str, lines: Vec<u32>) -> Record {
        Record::Diagnostic(Diagnostic {
            source: "a".into(),
            line: lines.first().copied(),
            page: None,
            bbox: None,
            lines,
            severity,
            code: code.into(),
            message: message.to_string(),
        })
    }

    #[test]
    fn diagnostics_are_counted_by_code() {
        let records = [
            diagnostic(Severity::Info, "total-row-holds", "total-row: 3 comparisons in \"t\" hold exactly", vec![4, 5, 6]),
            diagnostic(Severity::Info, "parent-sum-holds", "parent-sum: 2 comparisons in \"t\" hold exactly", vec![7, 8]),
            diagnostic(Severity::Warning, "parent-sum-rounding", "212 … the document's own rounding", vec![9]),
            diagnostic(Severity::Warning, "total-row-mismatch", "合计 … possible misread", vec![10]),
            diagnostic(Severity::Warning, ROWS_UNUSED, "3 rows", vec![11, 12, 13]),
            diagnostic(Severity::Error, "read-failed", "cannot read", vec![]),
        ];
        let score = Score::of("a.txt".into(), &records);
        let expected = Score { file: "a.txt".into(), rows_unused: 3, held: 5, failed: 2, own: 1, misread: 1, errors: 1, ..Score::default() };
        assert_eq!(score, expected);
        assert_eq!(score.used_percent(), Some(0.0));
        assert_eq!(Score::default().used_percent(), None);
    }

    #[test]
    fn the_table_is_aligned_and_totalled() {
        let a = Score { file: "收入.txt".into(), tables: 2, items: 10, rows_used: 2, rows_unused: 1, ..Score::default() };
        let b = Score { file: "b.txt".into(), tables: 1, items: 5, rows_used: 1, errors: 1, ..Score::default() };
        let table = render_table(&[a, b]);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 4, "{table}");
        assert!(lines[0].starts_with("file      tables  items  rows used  rows unused  used %"), "{table}");
        assert!(lines[1].starts_with("收入.txt       2     10          2            1    66.7"), "{table}");
        assert!(lines[3].starts_with("total          3     15          3            1    75.0"), "{table}");
        let widths: Vec<usize> = lines.iter().map(|line| display_width(line)).collect();
        assert!(widths.iter().all(|&w| w == widths[0]), "{table}");
        let json = render_json(&[Score::of("x".into(), &[])]);
        assert!(json.starts_with("{\"file\":\"x\",\"tables\":0,"), "{json}");
        assert!(json.contains("\"used_percent\":null"), "{json}");
    }
}
