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
mod model;

use std::collections::BTreeSet;

use budget_layout::{analyze, Layout};
use budget_normalize::Row;

pub use model::*;

/// Extracts every record from one input file. Never fails and never panics
/// on bad input: a file that cannot be read yields a `document` record and
/// an `error` diagnostic. `source` is the path as the user gave it.
pub fn extract_file(source: &str, bytes: &[u8]) -> Vec<Record> {
    let dump = match budget_ingest::read_text_dump(bytes) {
        Ok(d) => d,
        Err(e) => {
            return vec![
                Record::Document(Document { source: source.into(), line: None, encoding: None, lines: 0, tables: vec![] }),
                Record::Diagnostic(Diagnostic {
                    source: source.into(),
                    line: None,
                    lines: vec![],
                    severity: Severity::Error,
                    code: e.code().into(),
                    message: format!("this file could not be read: {e}; the other files are not affected"),
                }),
            ];
        }
    };
    let rows: Vec<Row> = dump.lines.iter().map(|l| Row::new(l.number, l.cells.iter().cloned())).collect();
    let mut records = extract_rows(source, &rows);
    let truncated: Vec<u32> = dump.lines.iter().filter(|l| l.truncated).map(|l| l.number).collect();
    if !truncated.is_empty() {
        records.push(Record::Diagnostic(Diagnostic {
            source: source.into(),
            line: truncated.first().copied(),
            lines: truncated,
            severity: Severity::Warning,
            code: "line-truncated".into(),
            message: format!("lines longer than {} bytes were cut to that length", budget_ingest::MAX_LINE_BYTES),
        }));
    }
    if let Some(Record::Document(d)) = records.first_mut() {
        d.encoding = Some(dump.encoding);
        d.lines = dump.lines.len() as u32;
    }
    records
}

/// Extracts records from rows already split into cells.
pub fn extract_rows(source: &str, rows: &[Row]) -> Vec<Record> {
    let layout = analyze(rows);
    let mut diags: Vec<Diagnostic> = Vec::new();
    let projects = build::projects(source, &layout, &mut diags);
    let mut checker = checks::Checker::new(source);
    checks::budget_tables(&mut checker, &layout);
    checks::two_sided(&mut checker, &layout);
    checks::projects(&mut checker, &layout, &projects);
    checks::prose(&mut checker, &layout, &projects);
    checks::indicator_projects(&mut checker, &layout);
    diags.extend(checker.finish());
    diags.extend(layout.notes.iter().map(|n| Diagnostic {
        source: source.into(),
        line: n.lines.first().copied(),
        lines: n.lines.clone(),
        severity: if n.warning { Severity::Warning } else { Severity::Info },
        code: n.code.into(),
        message: n.message.clone(),
    }));
    diags.extend(table_diagnostics(source, &layout));
    let indicators: Vec<Indicator> = layout.indicators.iter().map(|r| build::indicator(source, r)).collect();
    let mut items: Vec<LineItem> = layout
        .items
        .iter()
        .map(|r| build::line_item(source, &layout.tables[r.table].title, r))
        .collect();
    items.sort_by_key(|i| i.line);
    if let Some(d) = unaccounted(source, rows, &layout, &projects, &indicators, &items, &diags) {
        diags.push(d);
    }
    diags.sort_by_key(|d| d.line.unwrap_or(0));
    let mut records = vec![Record::Document(Document {
        source: source.into(),
        line: None,
        encoding: None,
        lines: rows.len() as u32,
        tables: layout.tables.iter().map(|t| t.title.clone()).collect(),
    })];
    records.extend(projects.into_iter().map(Record::Project));
    records.extend(indicators.into_iter().map(Record::Indicator));
    records.extend(items.into_iter().map(Record::LineItem));
    records.extend(diags.into_iter().map(Record::Diagnostic));
    records
}

fn table_diagnostics(source: &str, layout: &Layout) -> Vec<Diagnostic> {
    layout
        .tables
        .iter()
        .map(|t| Diagnostic {
            source: source.into(),
            line: t.header_lines.first().copied(),
            lines: t.header_lines.clone(),
            severity: Severity::Info,
            code: "table-found".into(),
            message: format!(
                "table \"{}\" ({:?}, {} rows{}); its title, unit and header lines are listed here",
                t.title,
                t.kind,
                t.rows,
                t.unit.as_ref().map(|u| format!(", amounts in {u}")).unwrap_or_default()
            ),
        })
        .collect()
}

/// The safety net for "nothing is lost silently": a non-blank row that no
/// record or diagnostic names gets a warning of its own.
fn unaccounted(
    source: &str,
    rows: &[Row],
    layout: &Layout,
    projects: &[Project],
    indicators: &[Indicator],
    items: &[LineItem],
    diags: &[Diagnostic],
) -> Option<Diagnostic> {
    let mut covered: BTreeSet<u32> = BTreeSet::new();
    covered.extend(projects.iter().flat_map(|p| p.lines.iter().copied()));
    covered.extend(indicators.iter().map(|i| i.line));
    covered.extend(items.iter().map(|i| i.line));
    covered.extend(diags.iter().flat_map(|d| d.lines.iter().copied()));
    covered.extend(layout.tables.iter().flat_map(|t| t.header_lines.iter().copied()));
    let missing: Vec<u32> = rows.iter().filter(|r| !r.is_blank() && !covered.contains(&r.line)).map(|r| r.line).collect();
    (!missing.is_empty()).then(|| Diagnostic {
        source: source.into(),
        line: missing.first().copied(),
        lines: missing.clone(),
        severity: Severity::Warning,
        code: "row-not-accounted".into(),
        message: format!("{} non-blank rows were neither used nor explained by the reader; please report this", missing.len()),
    })
}
