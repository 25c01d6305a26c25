//! PDFs: pages to rows (through `budget-tables`), rows to the same records
//! as text dumps, and every record given the page and box of its row.
use std::collections::BTreeMap;

use budget_normalize::Row;

use crate::{extract_rows, unreadable, Diagnostic, Record, Severity};

/// Extracts the records of a PDF.
pub(crate) fn extract_pdf(source: &str, bytes: &[u8]) -> Vec<Record> {
    let doc = match budget_pdf::read_pdf(bytes) {
        Ok(d) => d,
        Err(e) => return unreadable(source, "pdf", e.code(), &e.to_string()),
    };
    let rows = budget_tables::rows(&doc);
    let mut records = extract_rows(source, rows);
    if let Some(Record::Document(d)) = records.first_mut() {
        d.format = "pdf".into();
        d.pages = Some(doc.pages.len() as u32);
    }
    let notes = doc.notes.iter().chain(doc.pages.iter().flat_map(|p| p.notes.iter()));
    records.extend(notes.map(|n| {
        Record::Diagnostic(Diagnostic {
            page: n.page,
            bbox: None,
            source: source.into(),
            line: None,
            lines: Vec::new(),
            severity: if n.warning { Severity::Warning } else { Severity::Info },
            code: n.code.into(),
            message: n.message.clone(),
        })
    }));
    records
}

/// Gives each record the page and box of the row on its line (rows from a
/// PDF carry them; rows from a text dump do not, and records stay as they are).
pub(crate) fn place_records(records: &mut [Record], rows: &[Row]) {
    let places: BTreeMap<u32, budget_normalize::Place> = rows.iter().filter_map(|r| Some((r.line, r.place?))).collect();
    if places.is_empty() {
        return;
    }
    for r in records.iter_mut() {
        let (line, page, bbox) = match r {
            Record::Project(p) => (Some(p.line), &mut p.page, &mut p.bbox),
            Record::Indicator(i) => (Some(i.line), &mut i.page, &mut i.bbox),
            Record::LineItem(i) => (Some(i.line), &mut i.page, &mut i.bbox),
            Record::Diagnostic(d) => (d.line, &mut d.page, &mut d.bbox),
            Record::Document(_) => continue,
        };
        if let Some(place) = line.and_then(|l| places.get(&l)) {
            *page = Some(place.page);
            *bbox = Some(place.bbox);
        }
    }
}
