//! The CSV format read back by Python's `csv` module, as a pandas user's
//! tools would: every golden record is a row, Chinese text survives, and the
//! byte-order mark is there exactly when asked for.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use budget_sinks::CsvSink;
use common::{expected_counts, feed, golden, have, nth_of_kind, run, KINDS as FILES};

/// Reads every CSV in `dir` with Python (`utf-8-sig`, which drops a BOM) and
/// returns, per file stem, its header and its data rows.
fn read_with_python(dir: &Path) -> BTreeMap<String, (Vec<String>, Vec<Vec<String>>)> {
    let script = r#"
import csv, json, sys
out = {}
for name in sys.argv[2:]:
    with open(f"{sys.argv[1]}/{name}.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    out[name] = [rows[0], rows[1:]]
print(json.dumps(out))
"#;
    let mut command = Command::new("python3");
    command.arg("-c").arg(script).arg(dir).args(FILES);
    serde_json::from_str(&run(&mut command)).unwrap()
}

#[test]
fn golden_records_read_back_with_python_csv() {
    if !have("python3", "golden_records_read_back_with_python_csv") {
        return;
    }
    let golden = golden();
    let dir = tempfile::tempdir().unwrap();
    feed(
        Box::new(CsvSink::create(dir.path(), true).unwrap()),
        &golden,
    );
    let tables = read_with_python(dir.path());
    let expected = expected_counts(&golden);

    for name in FILES {
        let (header, rows) = &tables[name];
        assert_eq!(rows.len(), expected[name], "rows in {name}.csv");
        assert_eq!(
            header[0], "id",
            "{name}.csv: the BOM is not part of the first name"
        );
        assert!(
            rows.iter().all(|r| r.len() == header.len()),
            "{name}.csv: ragged rows"
        );
        let ids: Vec<String> = (1..=rows.len()).map(|i| i.to_string()).collect();
        let got: Vec<&String> = rows.iter().map(|r| &r[0]).collect();
        assert!(
            got.iter().zip(&ids).all(|(a, b)| *a == b),
            "{name}.csv: ids run from 1"
        );
    }

    // The first project's Chinese name, and its document's id.
    let (header, rows) = &tables["projects"];
    let column = |n: &str| header.iter().position(|h| h == n).unwrap();
    let first = nth_of_kind(&golden, "project", 1);
    assert_eq!(rows[0][column("name")], first["name"].as_str().unwrap());
    assert_eq!(
        rows[0][column("department")],
        first["department"].as_str().unwrap()
    );
    assert_eq!(rows[0][column("document_id")], "1");
}

#[test]
fn cells_hold_nulls_as_empty_lists_as_json_and_amounts_as_text() {
    if !have(
        "python3",
        "cells_hold_nulls_as_empty_lists_as_json_and_amounts_as_text",
    ) {
        return;
    }
    let golden = golden();
    let dir = tempfile::tempdir().unwrap();
    feed(
        Box::new(CsvSink::create(dir.path(), false).unwrap()),
        &golden,
    );
    let tables = read_with_python(dir.path());

    // Every indicator's cells against its JSON: null → "", list → compact
    // JSON, string → itself, number → its JSON text.
    let (header, rows) = &tables["indicators"];
    let indicators = golden
        .iter()
        .flat_map(|g| &g.json)
        .filter(|v| v["kind"] == "indicator");
    for (row, json) in rows.iter().zip(indicators) {
        for (name, cell) in header.iter().zip(row).skip(2) {
            let expected = match json.get(name.as_str()) {
                None | Some(serde_json::Value::Null) => String::new(),
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(other) => other.to_string(),
            };
            assert_eq!(cell, &expected, "indicator {} column {name}", row[0]);
        }
    }
    let (header, rows) = &tables["amounts"];
    assert_eq!(
        header,
        &[
            "id",
            "project_id",
            "document_id",
            "source",
            "position",
            "label",
            "value",
            "unit",
            "yuan"
        ]
    );
    // The first amount: of the first project that has any, in the first
    // file that has one (document ids are file positions, from 1).
    let projects = golden.iter().enumerate().flat_map(|(file, g)| {
        g.json
            .iter()
            .filter(|v| v["kind"] == "project")
            .map(move |p| (file + 1, p))
    });
    let (index, (document_id, project)) = projects
        .enumerate()
        .find(|(_, (_, p))| !p["amounts"].as_array().unwrap().is_empty())
        .unwrap();
    let amount = &project["amounts"][0];
    let text = |v: &serde_json::Value| v.as_str().unwrap().to_owned();
    let expected_row = [
        "1".to_owned(),
        (index + 1).to_string(),
        document_id.to_string(),
        text(&project["source"]),
        "0".to_owned(),
        text(&amount["label"]),
        text(&amount["value"]),
        text(&amount["unit"]),
        text(&amount["yuan"]),
    ];
    assert_eq!(rows[0], expected_row, "first amount");
}

#[test]
fn byte_order_mark_only_when_asked() {
    for bom in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        feed(
            Box::new(CsvSink::create(dir.path(), bom).unwrap()),
            &golden()[..1],
        );
        for name in FILES {
            let bytes = std::fs::read(dir.path().join(format!("{name}.csv"))).unwrap();
            assert_eq!(
                bytes.starts_with(b"\xEF\xBB\xBF"),
                bom,
                "{name}.csv with excel_bom={bom}"
            );
            assert!(std::str::from_utf8(&bytes).is_ok(), "{name}.csv is UTF-8");
        }
    }
}

#[test]
fn headers_are_written_even_without_rows() {
    let dir = tempfile::tempdir().unwrap();
    feed(Box::new(CsvSink::create(dir.path(), false).unwrap()), &[]);
    let text = std::fs::read_to_string(dir.path().join("line_items.csv")).unwrap();
    assert_eq!(
        text,
        "id,document_id,source,line,page,bbox,table,table_number,item,code,label,name,level,parent,side,values,unit,verified,repairs\n"
    );
    let text = std::fs::read_to_string(dir.path().join("documents.csv")).unwrap();
    assert_eq!(text, "id,source,line,format,encoding,pages,lines,tables,table_units,year,budget_kind,scope,body,region\n");
}

#[test]
fn same_inputs_give_the_same_bytes() {
    let golden = golden();
    let write = || {
        let dir = tempfile::tempdir().unwrap();
        feed(
            Box::new(CsvSink::create(dir.path(), false).unwrap()),
            &golden,
        );
        let read = |n: &str| std::fs::read(dir.path().join(format!("{n}.csv"))).unwrap();
        FILES.map(read)
    };
    assert!(write() == write(), "two runs over the same inputs differ");
}
