//! The 收支预算总表 of real Jiangsu provincial disclosures (2017–2019) against
//! totals someone else read from the same PDFs: the source repository
//! (ae86jack/open-budget) parsed each department's 收支预算总表 with camelot
//! into `<department>__收支预算总表.csv`, one row per year, one column per
//! row label of the table (财政拨款, 一般公共预算, 收入合计, 基本支出,
//! 项目支出, …), values in 万元. Every non-empty value there must be found
//! among our line items of that department's and year's 收支预算总表 (not the
//! 财政拨款收支预算总表), under the same name, in one of the item's columns.
//! Read from `../shared/external/`, which is third-party data kept outside
//! the repository; the test skips with a message when it is absent.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use regex::Regex;
use serde_json::Value;

fn folder() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/external/jiangsu-open-budget")
}

/// A row label without whitespace and without a leading ordinal (`一、`,
/// `1.`, `(一)`, `（一）` …).
fn bare(name: &str, ordinal: &Regex) -> String {
    let compact: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    ordinal.replace(&compact, "").into_owned()
}

/// A decimal as printed (a string in the records, maybe with thousands
/// separators), as a number.
fn number(value: &Value) -> Option<f64> {
    match value {
        Value::String(s) => s.replace([',', '，'], "").trim().parse().ok(),
        Value::Number(n) => n.as_f64(),
        _ => None,
    }
}

/// The line items of the 收支预算总表 (not the 财政拨款 one) in a PDF.
fn total_table_items(path: &Path) -> Vec<Value> {
    let bytes = std::fs::read(path).unwrap();
    budget_records::extract_file(&path.to_string_lossy(), &bytes)
        .iter()
        .map(|r| serde_json::to_value(r).unwrap())
        .filter(|r| r["kind"] == "line_item")
        .filter(|r| {
            let table = r["table"].as_str().unwrap_or("");
            table.ends_with("收支预算总表") && !table.contains("财政拨款")
        })
        .collect()
}

#[test]
fn jiangsu_income_and_expenditure_totals_match_the_csv_values() {
    let dir = folder();
    if !dir.is_dir() {
        eprintln!("SKIPPED: {} is absent; the external test data lives outside the repository", dir.display());
        return;
    }
    let ordinal = Regex::new(r"^(?:[一二三四五六七八九十]+[、.．]|[0-9０-９]+[、.．]|[(（][一二三四五六七八九十0-9０-９]+[)）][、.．]?)").unwrap();
    let mut files: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    files.sort();
    let csvs: Vec<&String> = files.iter().filter(|f| f.ends_with("__收支预算总表.csv")).collect();
    assert_eq!(csvs.len(), 3, "one 收支预算总表.csv per department: {csvs:?}");

    // PDF file name → its 收支预算总表 line items, each PDF extracted once.
    let mut extracted: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    let mut checked = 0usize;
    let mut misses: Vec<String> = Vec::new();
    for csv in csvs {
        let department = csv.split("__").next().unwrap();
        let text = std::fs::read_to_string(dir.join(csv)).unwrap();
        let mut lines = text.lines().filter(|l| !l.trim().is_empty());
        // The values are bare numbers and the names have no commas: no quoting.
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        for line in lines {
            let fields: Vec<&str> = line.split(',').collect();
            assert_eq!(fields.len(), header.len(), "{csv}: {line}");
            let year = &fields[0][..4];
            let pdfs: Vec<&String> =
                files.iter().filter(|f| f.starts_with(&format!("{department}__")) && f.ends_with(".pdf") && f.contains(year)).collect();
            // A year may have two PDFs (narrative and tables): take the line
            // items of whichever prints the 收支预算总表.
            let mut items: Vec<Value> = Vec::new();
            let mut sources: Vec<&str> = Vec::new();
            for pdf in &pdfs {
                let found = extracted.entry(pdf.to_string()).or_insert_with(|| total_table_items(&dir.join(pdf)));
                if !found.is_empty() {
                    items.extend(found.iter().cloned());
                    sources.push(pdf);
                }
            }
            for (column, expected) in header.iter().zip(&fields).skip(1) {
                let expected = expected.trim();
                if expected.is_empty() {
                    continue;
                }
                checked += 1;
                let want: f64 = expected.parse().unwrap_or_else(|_| panic!("{csv} {year} {column}: {expected}"));
                let name = bare(column, &ordinal);
                let named: Vec<&Value> =
                    items.iter().filter(|i| bare(i["name"].as_str().unwrap_or(""), &ordinal) == name).collect();
                let held = named.iter().any(|i| {
                    i["values"].as_object().is_some_and(|m| m.values().any(|v| number(v).is_some_and(|got| (got - want).abs() < 0.005)))
                });
                if held {
                    continue;
                }
                let holds = if sources.is_empty() {
                    format!("no 收支预算总表 line items in {pdfs:?}")
                } else if named.is_empty() {
                    let mut names: Vec<&str> = items.iter().map(|i| i["name"].as_str().unwrap_or("")).collect();
                    names.dedup();
                    format!("no line item named {name} in {sources:?}; names: {names:?}")
                } else {
                    named.iter().map(|i| format!("{} {}", i["table"], i["values"])).collect::<Vec<_>>().join("; ")
                };
                misses.push(format!("{department} {year} {column} = {expected}: {holds}"));
            }
        }
    }
    eprintln!("{checked} values checked, {} missed", misses.len());
    assert_eq!(checked, 111, "the three CSV files hold 111 values");
    assert!(misses.is_empty(), "{} of {checked} values missed:\n{}", misses.len(), misses.join("\n"));
}
