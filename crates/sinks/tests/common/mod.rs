//! Helpers shared by the sink tests: the golden records, what they should
//! count up to, and running the outside tools (`sqlite3`, `python3`) that
//! read the output the way users do.
#![allow(dead_code)] // each test file uses a different part

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use budget_records::Record;
use budget_sinks::{FileRecords, Sink};

/// The table (and CSV file) of each record kind, and of amounts.
pub const KINDS: [&str; 6] = [
    "documents",
    "projects",
    "amounts",
    "indicators",
    "line_items",
    "diagnostics",
];

/// One golden file: its records, and each line parsed as plain JSON (for
/// counting without going through the types under test).
pub struct Golden {
    pub source: String,
    pub records: Vec<Record>,
    pub json: Vec<serde_json::Value>,
}

/// Every `golden/*.jsonl`, in sorted file-name order.
pub fn golden() -> Vec<Golden> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../golden");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    paths.sort();
    assert!(
        paths.len() >= 10,
        "golden files missing in {}",
        dir.display()
    );
    paths.iter().map(|p| read_golden(p)).collect()
}

fn read_golden(path: &Path) -> Golden {
    let text = std::fs::read_to_string(path).unwrap();
    let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
    let records = lines
        .iter()
        .map(|l| serde_json::from_str::<Record>(l).unwrap())
        .collect();
    let json: Vec<serde_json::Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let source = json[0]["source"].as_str().unwrap().to_owned();
    Golden {
        source,
        records,
        json,
    }
}

/// Hands every golden file to `sink`, in order, and finishes it.
pub fn feed(mut sink: Box<dyn Sink>, golden: &[Golden]) {
    for g in golden {
        sink.write(FileRecords {
            source: &g.source,
            records: &g.records,
        })
        .unwrap();
    }
    sink.finish().unwrap();
}

/// How many rows each table should get, keyed by table name (`documents`,
/// `projects`, `amounts`, `indicators`, `line_items`, `diagnostics`,
/// `line_item_values`), counted from the JSON.
pub fn expected_counts(golden: &[Golden]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for table in KINDS {
        counts.insert(table.to_owned(), 0);
    }
    counts.insert("line_item_values".to_owned(), 0);
    for v in golden.iter().flat_map(|g| &g.json) {
        *counts
            .get_mut(&format!("{}s", v["kind"].as_str().unwrap()))
            .unwrap() += 1;
        if let Some(a) = v.get("amounts") {
            *counts.get_mut("amounts").unwrap() += a.as_array().unwrap().len();
        }
        if let Some(m) = v.get("values") {
            *counts.get_mut("line_item_values").unwrap() += m.as_object().unwrap().len();
        }
    }
    counts
}

/// The n-th (1-based, over all files) record of `kind` in the JSON, which
/// is the row with id n.
pub fn nth_of_kind<'g>(golden: &'g [Golden], kind: &str, n: usize) -> &'g serde_json::Value {
    golden
        .iter()
        .flat_map(|g| &g.json)
        .filter(|v| v["kind"] == kind)
        .nth(n - 1)
        .unwrap()
}

/// Whether `tool` runs; if not, says the test is skipped.
pub fn have(tool: &str, test: &str) -> bool {
    let found = Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        println!("skipping {test}: `{tool}` is not on PATH");
    }
    found
}

/// Runs a command, failing the test with its stderr unless it succeeds;
/// returns its stdout.
pub fn run(command: &mut Command) -> String {
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "{command:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The names of the files in `dir`, sorted.
pub fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
