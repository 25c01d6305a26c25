//! The spreadsheet and database outputs through the command: the same
//! records as the JSON Lines, readable by the tools users load them with
//! (`sqlite3`, Python's csv module), byte-identical at any job count, and
//! whole and without duplicates after a killed `--incremental` run resumes.
//! Tests that need `sqlite3` or `python3` skip with a message without them.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use common::{bin, bin_env, copy_into, describe, files_under, records};

const INPUTS: [&str; 5] = [
    "corpus/000_9c019038647d4c62.txt",
    "corpus/001_17e04ae03005bf38.txt",
    "corpus/002_9536b5809f16f8aa.txt",
    "corpus/004_c395438b008f884a.txt",
    "corpus/pdf/003_5ceddb66a5525401_lo_borderless_landscape.pdf",
];

/// Table (and CSV file) name of each record kind.
const TABLES: [(&str, &str); 5] = [
    ("document", "documents"),
    ("project", "projects"),
    ("indicator", "indicators"),
    ("line_item", "line_items"),
    ("diagnostic", "diagnostics"),
];

fn have(tool: &str) -> bool {
    let found = Command::new(tool).arg("--version").output().is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("SKIPPED: `{tool}` is not installed");
    }
    found
}

/// Records per kind of the JSON Lines stream of the same inputs.
fn jsonl_counts(dir: &Path) -> BTreeMap<String, usize> {
    let output = bin(dir, &["extract", "in", "--quiet"]);
    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
    let mut counts = BTreeMap::new();
    for record in records(&output.stdout) {
        *counts.entry(record["kind"].as_str().unwrap().to_string()).or_default() += 1;
    }
    counts
}

fn extract(dir: &Path, format: &str, out: &str, extra: &[&str]) {
    let output = bin(dir, &[&["extract", "in", "--format", format, "--out", out, "--quiet"], extra].concat());
    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
}

/// `sqlite3 DB SQL`'s output, trimmed.
fn sqlite3(db: &Path, sql: &str) -> String {
    let output = Command::new("sqlite3").arg(db).arg(sql).output().unwrap();
    assert!(output.status.success(), "sqlite3 {sql}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap().trim().to_string()
}

/// Data rows of each CSV file as Python's csv module reads them.
fn python_csv_counts(dir: &Path) -> BTreeMap<String, usize> {
    let script = "import csv, sys, json, os\n\
                  out = {}\n\
                  for name in sorted(os.listdir(sys.argv[1])):\n\
                  \x20   if name.endswith('.csv'):\n\
                  \x20       with open(os.path.join(sys.argv[1], name), encoding='utf-8-sig', newline='') as f:\n\
                  \x20           out[name[:-4]] = len(list(csv.reader(f))) - 1\n\
                  print(json.dumps(out))\n";
    let output = Command::new("python3").arg("-c").arg(script).arg(dir).output().unwrap();
    assert!(output.status.success(), "python3: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn sqlite_and_csv_hold_the_records_of_the_jsonl() {
    let dir = tempfile::tempdir().unwrap();
    copy_into(&dir.path().join("in"), &INPUTS);
    let want = jsonl_counts(dir.path());
    assert!(want["indicator"] > 300, "{want:?}");
    if have("sqlite3") {
        extract(dir.path(), "sqlite", "db", &[]);
        let db = dir.path().join("db/records.sqlite");
        for (kind, table) in TABLES {
            let got = sqlite3(&db, &format!("SELECT count(*) FROM {table}"));
            assert_eq!(got, want[kind].to_string(), "{table}");
        }
        assert_eq!(sqlite3(&db, "PRAGMA foreign_key_check"), "");
        // The build that wrote it: the version and a hash of the executable.
        let tool = sqlite3(&db, "SELECT value FROM meta WHERE key = 'tool_version'");
        let (version, build) = tool.split_once(' ').unwrap_or_else(|| panic!("no build in {tool:?}"));
        assert_eq!(version, env!("CARGO_PKG_VERSION"));
        assert!(build.len() == 16 && build.chars().all(|c| c.is_ascii_hexdigit()), "{tool:?}");
    }
    if have("python3") {
        extract(dir.path(), "csv", "csv", &["--excel"]);
        let got = python_csv_counts(&dir.path().join("csv"));
        for (kind, table) in TABLES {
            assert_eq!(got[table], want[kind], "{table}.csv");
        }
        let bytes = std::fs::read(dir.path().join("csv/indicators.csv")).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "--excel writes a byte order mark");
    }
}

#[test]
fn sqlite_and_csv_are_the_same_bytes_at_any_job_count() {
    let dir = tempfile::tempdir().unwrap();
    copy_into(&dir.path().join("in"), &INPUTS);
    for format in ["csv", "sqlite"] {
        extract(dir.path(), format, &format!("{format}1"), &["-j", "1"]);
        extract(dir.path(), format, &format!("{format}4"), &["-j", "4"]);
        let data = |out: &str| {
            let mut files = files_under(&dir.path().join(out));
            // The summary holds timings.
            files.remove("summary.json");
            files
        };
        assert!(data(&format!("{format}1")) == data(&format!("{format}4")), "{format} differs between -j 1 and -j 4");
    }
}

#[test]
fn a_killed_incremental_run_resumes_to_the_records_of_a_clean_run() {
    let dir = tempfile::tempdir().unwrap();
    copy_into(&dir.path().join("in"), &INPUTS);
    for format in ["csv", "sqlite"] {
        if format == "sqlite" && !have("sqlite3") {
            continue;
        }
        extract(dir.path(), format, &format!("{format}-clean"), &[]);
        let out = format!("{format}-resumed");
        let args = ["extract", "in", "--format", format, "--out", &out, "--incremental", "--quiet"];
        let killed = bin_env(dir.path(), &args, &[("BUDGET_EXTRACT_TEST_ABORT_AFTER", "2")]);
        assert_eq!(killed.status.code(), Some(86), "{}", describe(&killed));
        let resumed = bin(dir.path(), &args);
        assert_eq!(resumed.status.code(), Some(0), "{}", describe(&resumed));
        let files = &common::summary(&dir.path().join(&out).join("summary.json"))["files"];
        assert_eq!(files["skipped_unchanged"].as_u64(), Some(2), "{format}: {files}");
        match format {
            "csv" => {
                let data = |out: &str| {
                    let mut files = files_under(&dir.path().join(out));
                    files.retain(|name, _| name.ends_with(".csv"));
                    files
                };
                assert!(data(&out) == data(&format!("{format}-clean")), "resumed CSV differs from a clean run");
            }
            _ => {
                // Same rows in the same order: no record lost, none twice.
                let dump = |out: &str| sqlite3(&dir.path().join(out).join("records.sqlite"), ".dump");
                assert_eq!(dump(&out), dump(&format!("{format}-clean")), "resumed database differs from a clean run");
            }
        }
    }
}
