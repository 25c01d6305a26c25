//! End-to-end tests of `budget-extract scorecard`: one row per file plus a
//! total, its line-item counts agreeing with what `extract` writes, and a
//! run over the real disclosures in `../shared/external/` (third-party data
//! kept outside the repository; that test skips with a message when the
//! folder is absent). The table is parsed from the right, since a file
//! name may hold spaces but the figures do not.
#![forbid(unsafe_code)]

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use common::{bin, describe, records, repo, text};
use serde_json::Value;

/// Figures after the file name in each row of the table.
const FIGURES: usize = 11;
/// Where the `items` figure is among them.
const ITEMS: usize = 1;
/// Where the `errors` figure is among them.
const ERRORS: usize = 10;

/// The table's rows after the header, as (file, figures as printed).
fn rows(table: &str) -> Vec<(String, Vec<String>)> {
    let mut lines = table.lines();
    let header = lines.next().expect("a header line");
    assert!(header.starts_with("file ") && header.ends_with("errors"), "header: {header}");
    lines
        .map(|line| {
            let words: Vec<&str> = line.split_whitespace().collect();
            assert!(words.len() > FIGURES, "short row: {line}");
            let (file, figures) = words.split_at(words.len() - FIGURES);
            (file.join(" "), figures.iter().map(|f| f.to_string()).collect())
        })
        .collect()
}

/// The five seed dumps, as paths relative to the repository root.
fn seed_dumps() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(repo("corpus"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".txt"))
        .map(|name| format!("corpus/{name}"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 5, "{names:?}");
    names
}

#[test]
fn scorecard_counts_the_line_items_extract_writes() {
    let files = seed_dumps();
    let args = |command: &[&'static str]| -> Vec<String> {
        command.iter().map(|word| word.to_string()).chain(files.iter().cloned()).collect()
    };
    let run = |args: Vec<String>| bin(&repo(""), &args.iter().map(String::as_str).collect::<Vec<_>>());
    let scorecard = run(args(&["scorecard", "--quiet"]));
    assert_eq!(scorecard.status.code(), Some(0), "{}", describe(&scorecard));
    let rows = rows(&text(&scorecard.stdout));
    assert_eq!(rows.len(), files.len() + 1, "one row per file plus a total: {}", describe(&scorecard));
    assert_eq!(rows.last().unwrap().0, "total");

    let extract = run(args(&["extract", "--quiet"]));
    assert_eq!(extract.status.code(), Some(0), "{}", describe(&extract));
    let mut items: BTreeMap<String, usize> = files.iter().map(|f| (f.clone(), 0)).collect();
    for record in records(&extract.stdout).iter().filter(|r| r["kind"] == "line_item") {
        *items.get_mut(record["source"].as_str().unwrap()).expect("a source named on the command line") += 1;
    }
    for ((file, figures), (source, count)) in rows.iter().zip(&items) {
        assert_eq!(format!("corpus/{file}"), *source);
        assert_eq!(figures[ITEMS], count.to_string(), "items of {file}");
    }
    let total: usize = items.values().sum();
    assert!(total > 0, "the seed dumps hold line items");
    assert_eq!(rows.last().unwrap().1[ITEMS], total.to_string(), "total items");

    // --json gives the same figures, one object per file and no total.
    let json = run(args(&["scorecard", "--quiet", "--json"]));
    assert_eq!(json.status.code(), Some(0), "{}", describe(&json));
    let objects: Vec<Value> = text(&json.stdout).lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    let from_json: Vec<usize> = objects.iter().map(|o| o["items"].as_u64().unwrap() as usize).collect();
    assert_eq!(from_json, items.values().copied().collect::<Vec<_>>());
}

#[test]
fn scorecard_over_the_external_disclosures() {
    let external = repo("../shared/external");
    if !external.is_dir() {
        eprintln!("SKIPPED: {} is absent; the external test data lives outside the repository", external.display());
        return;
    }
    let folders = ["../shared/external/sh-putuo", "../shared/external/jiangsu-open-budget"];
    let output = bin(&repo(""), &[&["scorecard", "--quiet"], &folders[..]].concat());
    let table = text(&output.stdout);
    println!("{table}");
    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
    let rows = rows(&table);
    let paths: Vec<PathBuf> = folders.iter().map(|f| repo(f)).collect();
    let inputs = budget_extract::inputs::collect(&paths).expect("the external folders hold inputs");
    assert_eq!(rows.len(), inputs.len() + 1, "one row per file plus a total");
    for (input, (file, _)) in inputs.iter().zip(&rows) {
        assert_eq!(*file, input.relative.to_string_lossy());
    }
    for (file, figures) in &rows {
        assert_eq!(figures[ERRORS], "0", "{file} has an error diagnostic");
    }
}
