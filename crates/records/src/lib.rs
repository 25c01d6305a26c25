//! Typed output records, their provenance, and the cross-checks the
//! documents allow. This is the public contract users' scripts read: one JSON
//! object per record, with `kind` one of `document`, `project`, `indicator`,
//! `line_item`, `diagnostic` (see `model.rs` for every field).
//!
//! Records come out in a fixed order: the document, then projects, then
//! indicators and line items in line order, then diagnostics in line order.
#![forbid(unsafe_code)]

mod build;
mod checks;
mod facts;
mod narrative;
mod model;
mod pdf;
mod unused;

use std::sync::Arc;

use budget_ingest::RawLine;
use budget_layout::{analyze, Layout};
use budget_normalize::{Row, Texts};

pub use model::*;
pub use unused::carries_amount;

/// Extracts every record from one input file. Never fails and never panics
/// on bad input: a file that cannot be read yields a `document` record and
/// an `error` diagnostic. `source` is the path as the user gave it.
pub fn extract_file(source: &str, bytes: &[u8]) -> Vec<Record> {
    if is_pdf(bytes) {
        return pdf::extract_pdf(source, bytes);
    }
    let dump = match budget_ingest::read_text_dump(bytes) {
        Ok(d) => d,
        Err(e) => return unreadable(source, "text", e.code(), &e.to_string()),
    };
    let lines = dump.lines();
    let truncated: Vec<u32> = lines.iter().filter(|l| l.truncated).map(|l| l.number).collect();
    let line_count = lines.len() as u32;
    let spaced = budget_tables::is_space_aligned(lines.iter().map(|l| l.text));
    let rows = if spaced { budget_tables::spaced_rows(lines.iter().map(|l| (l.number, l.text))) } else { rows_of(&lines) };
    let mut records = extract_rows(source, rows);
    if spaced {
        let message = "columns are aligned with spaces (as `pdftotext -layout` writes them), so they were found from the characters' display positions".to_string();
        records.push(Record::Diagnostic(Diagnostic::new(&source.into(), vec![], Severity::Info, "space-aligned", message)));
    }
    if !truncated.is_empty() {
        let message = format!("lines longer than {} bytes were cut to that length", budget_ingest::MAX_LINE_BYTES);
        records.push(Record::Diagnostic(Diagnostic::new(&source.into(), truncated, Severity::Warning, "line-truncated", message)));
    }
    if let Some(Record::Document(d)) = records.first_mut() {
        d.encoding = Some(dump.encoding);
        d.lines = line_count;
    }
    records
}

/// A text dump's lines as rows, one per line, blank ones included.
pub fn rows_of(lines: &[RawLine<'_>]) -> Vec<Row> {
    // A row's buffers are sized up front, from the line's length and the
    // width of the row before (a table's rows are alike), so they are not
    // copied over and over as they grow cell by cell.
    let mut width = 0;
    lines
        .iter()
        .map(|l| {
            let mut raw = Texts::with_capacity(width, l.text.len());
            l.cells().for_each(|c| raw.push(&c));
            width = raw.len();
            Row::from_raw(l.number, raw)
        })
        .collect()
}

/// True when the bytes are a PDF (`%PDF-` within the first kilobyte, as
/// readers allow junk before the header).
fn is_pdf(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(1024)].windows(5).any(|w| w == b"%PDF-")
}

/// The records of a file that could not be read: its document record and
/// one error diagnostic.
pub(crate) fn unreadable(source: &str, format: &str, code: &'static str, why: &str) -> Vec<Record> {
    failed_file(source, format, code, format!("this file could not be read: {why}; the other files are not affected"))
}

/// The records of a file that failed as a whole (unreadable, or a stage
/// failed on it): a document record of the given format and one `error`
/// diagnostic with no line. Callers that isolate failures use this too.
pub fn failed_file(source: &str, format: &str, code: &'static str, message: String) -> Vec<Record> {
    vec![
        Record::Document(Document { source: source.into(), format: format.into(), ..Document::default() }),
        Record::Diagnostic(Diagnostic::new(&source.into(), vec![], Severity::Error, code, message)),
    ]
}

/// Extracts records from rows already split into cells.
pub fn extract_rows(source: &str, rows: Vec<Row>) -> Vec<Record> {
    // One shared copy of the path for all the file's records.
    let source: &Arc<str> = &Arc::from(source);
    let mut layout = analyze(&rows);
    let mut diags: Vec<Diagnostic> = Vec::new();
    let projects = build::projects(source, &layout, &mut diags);
    let mut checker = checks::Checker::new(source);
    checks::budget_tables(&mut checker, &layout);
    checks::two_sided(&mut checker, &layout);
    checks::projects(&mut checker, &layout, &projects);
    checks::prose(&mut checker, &layout);
    checks::indicator_projects(&mut checker, &layout);
    let facts = facts::facts(&rows, layout.tables.iter().map(|t| t.title.as_str()));
    narrative::check(&mut checker, &layout, facts.year, facts.budget_kind.as_deref());
    let verdicts = checker.verdicts();
    diags.extend(checker.finish());
    diags.extend(layout.notes.iter().map(|n| {
        let severity = if n.warning { Severity::Warning } else { Severity::Info };
        Diagnostic::new(source, n.lines.clone(), severity, n.code, n.message.clone())
    }));
    diags.extend(table_diagnostics(source, &layout));
    // Nothing reads the layout's indicator rows after the checks above.
    let indicators: Vec<Indicator> = std::mem::take(&mut layout.indicators)
        .into_iter()
        .map(|r| {
            let raw = row_at(&rows, r.line).map(|at| rows[at].raw_texts().clone()).unwrap_or_default();
            build::indicator(source, r, raw)
        })
        .collect();
    let mut items = line_items(source, &layout);
    for item in &mut items {
        item.verified = verdicts.get(&item.table).copied();
    }
    let records = || record_lines(&projects, &indicators, &items);
    diags.extend(unused::amount_rows_unused(source, &rows, &layout, records()));
    diags.extend(unused::tables_elsewhere(source, &layout));
    if let Some(d) = unaccounted(source, &rows, &layout, records(), &diags) {
        diags.push(d);
    }
    diags.sort_by_key(|d| d.line.unwrap_or(0));
    // Sized once: records are large, and growing the vector copied them all
    // over again at every doubling.
    let mut records = Vec::with_capacity(1 + projects.len() + indicators.len() + items.len() + diags.len() + 1);
    records.push(Record::Document(Document {
        source: Arc::clone(source),
        line: None,
        format: "text".into(),
        encoding: None,
        pages: None,
        lines: rows.len() as u32,
        tables: layout.tables.iter().map(|t| t.title.clone()).collect(),
        table_units: layout.tables.iter().map(|t| t.unit.clone()).collect(),
        year: facts.year,
        budget_kind: facts.budget_kind,
        scope: facts.scope,
        body: facts.body,
        region: facts.region,
    }));
    records.extend(projects.into_iter().map(Record::Project));
    records.extend(indicators.into_iter().map(Record::Indicator));
    records.extend(items.into_iter().map(Record::LineItem));
    records.extend(diags.into_iter().map(Record::Diagnostic));
    pdf::place_records(&mut records, &rows);
    records
}

/// The line items in output (line) order, numbered from 1, each with the
/// number of its parent.
fn line_items(source: &Arc<str>, layout: &Layout) -> Vec<LineItem> {
    let mut order: Vec<usize> = (0..layout.items.len()).collect();
    order.sort_by_key(|&k| layout.items[k].line);
    let mut number = vec![0u32; layout.items.len()];
    for (n, &k) in order.iter().enumerate() {
        number[k] = n as u32 + 1;
    }
    order
        .iter()
        .map(|&k| {
            let r = &layout.items[k];
            LineItem { item: number[k], parent: r.parent.map(|p| number[p]), ..build::line_item(source, &layout.tables[r.table], r) }
        })
        .collect()
}

fn table_diagnostics(source: &Arc<str>, layout: &Layout) -> Vec<Diagnostic> {
    layout
        .tables
        .iter()
        .map(|t| {
            let message = format!(
                "table \"{}\" ({:?}, {} rows{}); its title, unit and header lines are listed here",
                t.title,
                t.kind,
                t.rows,
                t.unit.as_ref().map(|u| format!(", amounts in {u}")).unwrap_or_default()
            );
            Diagnostic::new(source, t.header_lines.clone(), Severity::Info, "table-found", message)
        })
        .collect()
}

/// The index of the row on `line`. Rows come in line order, so a binary
/// search finds it; the scan is a fallback that keeps this right if a
/// reader ever numbered rows otherwise.
fn row_at(rows: &[Row], line: u32) -> Option<usize> {
    rows.binary_search_by_key(&line, |r| r.line)
        .ok()
        .filter(|&at| rows[at].line == line)
        .or_else(|| rows.iter().position(|r| r.line == line))
}

/// One flag per line, set for the lines given: rows are numbered from 1 up
/// to the last row's line, so a vector indexed by line answers in one step.
pub(crate) fn line_flags(rows: &[Row], lines: impl Iterator<Item = u32>) -> Vec<bool> {
    let last = rows.iter().map(|r| r.line as usize).max().unwrap_or(0);
    let mut flags = vec![false; last + 1];
    for line in lines {
        if let Some(flag) = flags.get_mut(line as usize) {
            *flag = true;
        }
    }
    flags
}

/// The lines that gave a project, an indicator or a line item.
pub(crate) fn record_lines<'a>(projects: &'a [Project], indicators: &'a [Indicator], items: &'a [LineItem]) -> impl Iterator<Item = u32> + 'a {
    projects.iter().flat_map(|p| p.lines.iter().copied()).chain(indicators.iter().map(|i| i.line)).chain(items.iter().map(|i| i.line))
}

/// The safety net for "nothing is lost silently": a non-blank row that no
/// record or diagnostic names gets a warning of its own.
/// `records` are the lines that gave a record.
fn unaccounted(source: &Arc<str>, rows: &[Row], layout: &Layout, records: impl Iterator<Item = u32>, diags: &[Diagnostic]) -> Option<Diagnostic> {
    let lines = records
        .chain(diags.iter().flat_map(|d| d.lines.iter().copied()))
        .chain(layout.tables.iter().flat_map(|t| t.header_lines.iter().copied()));
    let covered = line_flags(rows, lines);
    let missing: Vec<u32> = rows.iter().filter(|r| !r.is_blank() && !covered[r.line as usize]).map(|r| r.line).collect();
    let message = format!("{} non-blank rows were neither used nor explained by the reader; please report this", missing.len());
    (!missing.is_empty()).then(|| Diagnostic::new(source, missing, Severity::Warning, "row-not-accounted", message))
}
