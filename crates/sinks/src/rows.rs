//! Records flattened into table rows, shared by the CSV and SQLite formats so
//! both number, order and spell their columns the same way.
//!
//! Every record kind becomes one row of cells in the order of its fields in
//! `budget_records::model` (the `*_COLUMNS` arrays name them; the cell
//! functions return arrays of the same length, so the compiler keeps names
//! and values in step). Scalars stay scalars, decimal strings stay strings
//! (amounts are never turned into floats), and lists and maps become compact
//! JSON text. A project's amounts also become rows of their own.
//!
//! [`walk`] owns the numbering: ids run per kind over the whole output,
//! starting at 1, in input order, so the same inputs in the same order always
//! get the same ids in every format.

use budget_records::{
    Amount, Diagnostic, Document, Indicator, LineItem, Project, Record,
};
use serde::Serialize;

use crate::{FileRecords, SinkError};

/// One cell of a row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell<'a> {
    /// A null (or absent) field.
    Null,
    /// A whole number: a line, a page, a count, an id, a position.
    Int(i64),
    /// A floating-point field (only an indicator's weight).
    Real(f64),
    /// Text as it stands in the record, decimal strings included.
    Text(&'a str),
    /// A list or map as compact JSON text.
    Json(String),
}

/// The fields of a document, in model order.
pub(crate) const DOCUMENT_COLUMNS: [&str; 13] = [
    "source", "line", "format", "encoding", "pages", "lines", "tables", "table_units", "year", "budget_kind", "scope", "body",
    "region",
];

/// The fields of a project, in model order.
pub(crate) const PROJECT_COLUMNS: [&str; 13] = [
    "source",
    "line",
    "page",
    "bbox",
    "name",
    "department",
    "parent",
    "amounts",
    "goal",
    "variants",
    "attributes",
    "lines",
    "repairs",
];

/// The fields of one amount row: its 0-based position in the project's
/// list, then the amount's fields in model order.
pub(crate) const AMOUNT_COLUMNS: [&str; 5] = ["position", "label", "value", "unit", "yuan"];

/// The fields of an indicator, in model order.
pub(crate) const INDICATOR_COLUMNS: [&str; 16] = [
    "source",
    "line",
    "page",
    "bbox",
    "project",
    "department",
    "scope",
    "level1",
    "level2",
    "name",
    "op",
    "value",
    "unit",
    "weight",
    "raw",
    "repairs",
];

/// The fields of a line item, in model order.
pub(crate) const LINE_ITEM_COLUMNS: [&str; 17] = [
    "source", "line", "page", "bbox", "table", "table_number", "item", "code", "label", "name", "level", "parent", "side",
    "values", "unit", "verified", "repairs",
];

/// The fields of a diagnostic, in model order.
pub(crate) const DIAGNOSTIC_COLUMNS: [&str; 8] = [
    "source", "line", "page", "bbox", "lines", "severity", "code", "message",
];

/// A document's cells, in [`DOCUMENT_COLUMNS`] order.
pub(crate) fn document_cells(d: &Document) -> [Cell<'_>; 13] {
    [
        Cell::Text(&d.source),
        opt_int(d.line),
        Cell::Text(&d.format),
        opt_text(&d.encoding),
        opt_int(d.pages),
        int(d.lines),
        json(&d.tables),
        json(&d.table_units),
        opt_int(d.year.map(u32::from)),
        opt_text(&d.budget_kind),
        opt_text(&d.scope),
        opt_text(&d.body),
        opt_text(&d.region),
    ]
}

/// A project's cells, in [`PROJECT_COLUMNS`] order.
pub(crate) fn project_cells(p: &Project) -> [Cell<'_>; 13] {
    [
        Cell::Text(&p.source),
        int(p.line),
        opt_int(p.page),
        opt_json(&p.bbox),
        Cell::Text(&p.name),
        opt_text(&p.department),
        opt_text(&p.parent),
        json(&p.amounts),
        opt_text(&p.goal),
        json(&p.variants),
        json(&p.attributes),
        json(&p.lines),
        json(&p.repairs),
    ]
}

/// An amount's cells, in [`AMOUNT_COLUMNS`] order.
pub(crate) fn amount_cells(position: usize, a: &Amount) -> [Cell<'_>; 5] {
    [
        Cell::Int(i64::try_from(position).unwrap_or(i64::MAX)),
        Cell::Text(&a.label),
        Cell::Text(&a.value),
        Cell::Text(&a.unit),
        Cell::Text(&a.yuan),
    ]
}

/// An indicator's cells, in [`INDICATOR_COLUMNS`] order.
pub(crate) fn indicator_cells(i: &Indicator) -> [Cell<'_>; 16] {
    [
        Cell::Text(&i.source),
        int(i.line),
        opt_int(i.page),
        opt_json(&i.bbox),
        opt_text(&i.project),
        opt_text(&i.department),
        Cell::Text(&i.scope),
        opt_text(&i.level1),
        opt_text(&i.level2),
        Cell::Text(&i.name),
        opt_text(&i.op),
        Cell::Text(&i.value),
        opt_text(&i.unit),
        i.weight.map_or(Cell::Null, Cell::Real),
        json(&i.raw),
        json(&i.repairs),
    ]
}

/// A line item's cells, in [`LINE_ITEM_COLUMNS`] order.
pub(crate) fn line_item_cells(l: &LineItem) -> [Cell<'_>; 17] {
    [
        Cell::Text(&l.source),
        int(l.line),
        opt_int(l.page),
        opt_json(&l.bbox),
        Cell::Text(&l.table),
        opt_text(&l.table_number),
        int(l.item),
        opt_text(&l.code),
        Cell::Text(&l.label),
        Cell::Text(&l.name),
        int(l.level.into()),
        opt_int(l.parent),
        opt_text(&l.side),
        json(&l.values),
        opt_text(&l.unit),
        // SQLite has no booleans: 1, 0 or null.
        l.verified.map_or(Cell::Null, |v| Cell::Int(i64::from(v))),
        json(&l.repairs),
    ]
}

/// A diagnostic's cells, in [`DIAGNOSTIC_COLUMNS`] order.
pub(crate) fn diagnostic_cells(d: &Diagnostic) -> [Cell<'_>; 8] {
    [
        Cell::Text(&d.source),
        opt_int(d.line),
        opt_int(d.page),
        opt_json(&d.bbox),
        json(&d.lines),
        Cell::Text(d.severity.as_str()),
        Cell::Text(&d.code),
        Cell::Text(&d.message),
    ]
}

/// One entry of a line item's values map as a cell: the decimal string
/// itself (not its JSON quoting), null as null, anything else as JSON.
pub(crate) fn value_cell(v: &serde_json::Value) -> Cell<'_> {
    match v {
        serde_json::Value::Null => Cell::Null,
        serde_json::Value::String(s) => Cell::Text(s),
        other => Cell::Json(other.to_string()),
    }
}

fn int(n: u32) -> Cell<'static> {
    Cell::Int(i64::from(n))
}

fn opt_int(n: Option<u32>) -> Cell<'static> {
    n.map_or(Cell::Null, int)
}

fn opt_text<S: std::ops::Deref<Target = str>>(s: &Option<S>) -> Cell<'_> {
    s.as_deref().map_or(Cell::Null, Cell::Text)
}

fn json<T: Serialize + ?Sized>(v: &T) -> Cell<'static> {
    // Lists of strings and numbers and string-keyed maps cannot fail to
    // serialize; an empty cell would be the least wrong answer if one did.
    serde_json::to_string(v).map_or(Cell::Null, Cell::Json)
}

fn opt_json<T: Serialize>(v: &Option<T>) -> Cell<'static> {
    v.as_ref().map_or(Cell::Null, json)
}

/// Receives the rows of one input, already numbered, from [`walk`].
pub(crate) trait RowSink {
    /// The input's document row.
    fn document(&mut self, id: i64, d: &Document) -> Result<(), SinkError>;
    /// A project row.
    fn project(&mut self, id: i64, document_id: i64, p: &Project) -> Result<(), SinkError>;
    /// One amount of the project `project_id`, at `position` in its list.
    fn amount(
        &mut self,
        id: i64,
        project: AmountOwner<'_>,
        position: usize,
        a: &Amount,
    ) -> Result<(), SinkError>;
    /// An indicator row.
    fn indicator(&mut self, id: i64, document_id: i64, i: &Indicator) -> Result<(), SinkError>;
    /// A line item row.
    fn line_item(&mut self, id: i64, document_id: i64, l: &LineItem) -> Result<(), SinkError>;
    /// A diagnostic row.
    fn diagnostic(&mut self, id: i64, document_id: i64, d: &Diagnostic) -> Result<(), SinkError>;
}

/// The project an amount belongs to.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AmountOwner<'a> {
    /// The project's id.
    pub project_id: i64,
    /// The id of the project's document.
    pub document_id: i64,
    /// The project's source.
    pub source: &'a str,
}

/// The last id given to each kind of row; the next is one more.
#[derive(Debug, Default)]
pub(crate) struct Ids {
    documents: i64,
    projects: i64,
    amounts: i64,
    indicators: i64,
    line_items: i64,
    diagnostics: i64,
}

/// The numbering of one output, and whether any input failed to go in.
#[derive(Debug, Default)]
pub(crate) struct Progress {
    ids: Ids,
    failed: bool,
}

impl Progress {
    /// Hands one input's rows to `sink` (see [`walk`]), remembering a failure.
    pub(crate) fn write(
        &mut self,
        file: FileRecords<'_>,
        sink: &mut impl RowSink,
    ) -> Result<(), SinkError> {
        let result = walk(file, &mut self.ids, sink);
        self.failed |= result.is_err();
        result
    }

    /// Fails if any write failed: the output may then hold part of an input
    /// (half a CSV row, or rows a journal-less database cannot roll back),
    /// so it must not be published. `output` names it in the message.
    pub(crate) fn check_complete(&self, output: &str) -> Result<(), SinkError> {
        if self.failed {
            let message = format!("{output} not written: an earlier input's records failed");
            return Err(SinkError::Other(message));
        }
        Ok(())
    }
}

fn next(counter: &mut i64) -> i64 {
    *counter += 1;
    *counter
}

/// Numbers one input's records and hands them to `sink` as rows, document
/// first. Fails, naming the input, unless the records hold exactly one
/// document and it comes first (the [`FileRecords`] contract): without it
/// the other rows would have no `document_id` to point to.
fn walk(file: FileRecords<'_>, ids: &mut Ids, sink: &mut impl RowSink) -> Result<(), SinkError> {
    let bad = |reason: &str| SinkError::Records {
        input: file.source.to_owned(),
        reason: reason.to_owned(),
    };
    let (document, rest) = match file.records.split_first() {
        Some((Record::Document(d), rest)) => (d, rest),
        Some(_) => return Err(bad("the first record is not the document")),
        None => return Err(bad("there are no records, not even the document")),
    };
    let document_id = next(&mut ids.documents);
    sink.document(document_id, document)?;
    for record in rest {
        match record {
            Record::Document(_) => return Err(bad("there is more than one document record")),
            Record::Project(p) => {
                let project_id = next(&mut ids.projects);
                sink.project(project_id, document_id, p)?;
                let owner = AmountOwner {
                    project_id,
                    document_id,
                    source: &p.source,
                };
                for (position, a) in p.amounts.iter().enumerate() {
                    sink.amount(next(&mut ids.amounts), owner, position, a)?;
                }
            }
            Record::Indicator(i) => sink.indicator(next(&mut ids.indicators), document_id, i)?,
            Record::LineItem(l) => sink.line_item(next(&mut ids.line_items), document_id, l)?,
            Record::Diagnostic(d) => sink.diagnostic(next(&mut ids.diagnostics), document_id, d)?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project() -> Project {
        Project {
            source: "a.txt".into(),
            line: 4,
            page: None,
            bbox: None,
            name: "示例项目".into(),
            department: None,
            parent: Some("示例一级项目".into()),
            amounts: vec![Amount {
                label: "预算金额".into(),
                value: "110.00".into(),
                unit: "万元".into(),
                yuan: "1100000.005".into(),
            }],
            goal: None,
            variants: vec![],
            attributes: serde_json::Map::new(),
            lines: vec![4, 5],
            repairs: vec!["merged \"x\"".into()],
        }
    }

    #[test]
    fn nulls_become_null_cells_and_lists_become_compact_json() {
        let p = project();
        let cells = project_cells(&p);
        assert_eq!(cells[2], Cell::Null, "absent page");
        assert_eq!(cells[3], Cell::Null, "absent bbox");
        assert_eq!(cells[5], Cell::Null, "null department");
        assert_eq!(cells[6], Cell::Text("示例一级项目"));
        assert_eq!(
            cells[7],
            Cell::Json(
                r#"[{"label":"预算金额","value":"110.00","unit":"万元","yuan":"1100000.005"}]"#
                    .into()
            )
        );
        assert_eq!(cells[9], Cell::Json("[]".into()));
        assert_eq!(cells[10], Cell::Json("{}".into()));
        assert_eq!(cells[11], Cell::Json("[4,5]".into()));
        assert_eq!(cells[12], Cell::Json(r#"["merged \"x\""]"#.into()));
    }

    #[test]
    fn amounts_keep_their_decimal_text() {
        let p = project();
        let cells = amount_cells(2, &p.amounts[0]);
        assert_eq!(cells[0], Cell::Int(2));
        assert_eq!(cells[4], Cell::Text("1100000.005"));
    }

    #[test]
    fn bbox_is_json_with_the_records_own_digits() {
        let mut p = project();
        p.bbox = Some([34.0, 84.55096, 807.9, 100.05096]);
        assert_eq!(
            project_cells(&p)[3],
            Cell::Json("[34.0,84.55096,807.9,100.05096]".into())
        );
    }

    #[test]
    fn line_item_values_are_their_strings() {
        let v: serde_json::Value = serde_json::json!({"a": "4185.26", "b": null, "c": 3});
        let m = v.as_object().unwrap();
        assert_eq!(value_cell(&m["a"]), Cell::Text("4185.26"));
        assert_eq!(value_cell(&m["b"]), Cell::Null);
        assert_eq!(value_cell(&m["c"]), Cell::Json("3".into()));
    }

    /// The keys of a record's JSON (all optional fields present), less `kind`.
    fn json_keys(r: &Record) -> Vec<String> {
        let v = serde_json::to_value(r).unwrap();
        v.as_object()
            .unwrap()
            .keys()
            .filter(|k| *k != "kind")
            .cloned()
            .collect()
    }

    #[test]
    fn columns_are_the_model_fields_in_order() {
        // Golden records of PDFs carry page and bbox, so no field is
        // skipped: if the model gains, loses or reorders a field this fails.
        let golden = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../golden");
        let mut text = String::new();
        for entry in std::fs::read_dir(golden).unwrap() {
            let path = entry.unwrap().path();
            if path.to_string_lossy().ends_with(".pdf.jsonl") {
                text.push_str(&std::fs::read_to_string(path).unwrap());
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        for line in text.lines() {
            let r: Record = serde_json::from_str(line).unwrap();
            let (name, columns): (&str, &[&str]) = match &r {
                Record::Document(_) => ("document", &DOCUMENT_COLUMNS),
                Record::Project(_) => ("project", &PROJECT_COLUMNS),
                Record::Indicator(_) => ("indicator", &INDICATOR_COLUMNS),
                Record::LineItem(_) => ("line_item", &LINE_ITEM_COLUMNS),
                Record::Diagnostic(_) => ("diagnostic", &DIAGNOSTIC_COLUMNS),
            };
            if json_keys(&r).len() == columns.len() && seen.insert(name) {
                assert_eq!(json_keys(&r), columns, "{name}");
            }
        }
        assert_eq!(seen.len(), 5, "every kind checked: {seen:?}");
        let a = serde_json::to_value(&project().amounts[0]).unwrap();
        let keys: Vec<_> = a.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, AMOUNT_COLUMNS[1..]);
    }
}
