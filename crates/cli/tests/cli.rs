//! End-to-end tests of the built `budget-extract` binary on a small folder:
//! one real corpus file, an empty file and binary junk. They check what a
//! user relies on (file names, JSON lines, exit statuses, the check report)
//! and nothing about the records' contents, which other crates decide.
#![forbid(unsafe_code)]

mod common;

use std::path::Path;
use std::process::Output;

use common::{bin, describe, files_under, junk, records, text};
use serde_json::Value;
use tempfile::TempDir;

/// The corpus file copied into the test folder.
const CORPUS_FILE: &str = "000_9c019038647d4c62.txt";

/// A temp folder with `inputs/` holding the three inputs plus two files a
/// folder walk must skip (hidden, unknown extension).
fn setup() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("inputs");
    std::fs::create_dir_all(inputs.join("nested")).unwrap();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus").join(CORPUS_FILE);
    std::fs::copy(corpus, inputs.join(CORPUS_FILE)).unwrap();
    std::fs::write(inputs.join("nested/empty.md"), b"").unwrap();
    std::fs::write(inputs.join("junk.pdf"), junk(4096)).unwrap();
    std::fs::write(inputs.join(".hidden.txt"), b"hidden").unwrap();
    std::fs::write(inputs.join("notes.docx"), b"not ours").unwrap();
    dir
}

fn expected_outputs() -> Vec<String> {
    let mut names =
        vec![format!("{CORPUS_FILE}.jsonl"), "junk.pdf.jsonl".into(), "nested/empty.md.jsonl".into(), "summary.json".into()];
    names.sort();
    names
}

/// Extraction itself succeeded: 0, or 1 when the extractor calls the empty
/// or junk file a failed file. Never 2.
fn assert_extracted(output: &Output) {
    assert!(matches!(output.status.code(), Some(0 | 1)), "{}", describe(output));
}

#[test]
fn extract_writes_one_jsonl_per_input() {
    let dir = setup();
    let output = bin(dir.path(), &["extract", "inputs", "--out", "out", "--quiet"]);
    assert_extracted(&output);
    assert!(output.stdout.is_empty(), "stdout must be empty with --out: {}", describe(&output));
    let files = files_under(&dir.path().join("out"));
    assert_eq!(files.keys().cloned().collect::<Vec<_>>(), expected_outputs(), "no temporary files may be left");
    for (name, bytes) in files.iter().filter(|(name, _)| name.ends_with(".jsonl")) {
        let records = records(bytes);
        let source = format!("inputs/{}", name.trim_end_matches(".jsonl"));
        assert_eq!(records[0]["kind"], "document", "{name}");
        assert_eq!(records[0]["source"], Value::from(source), "{name}");
    }
}

#[test]
fn extract_without_out_streams_records_to_stdout() {
    let dir = setup();
    let output = bin(dir.path(), &["extract", "inputs", "inputs/junk.pdf"]);
    assert_extracted(&output);
    let records = records(&output.stdout);
    // The junk file is reached twice but extracted once.
    let documents: Vec<&Value> = records.iter().filter(|r| r["kind"] == "document").collect();
    assert_eq!(documents.len(), 3, "{}", describe(&output));
    let summary = text(&output.stderr);
    assert!(summary.contains("3 files") && summary.contains("document"), "{summary}");
}

#[test]
fn usage_and_output_errors_exit_2() {
    let dir = setup();
    let missing = bin(dir.path(), &["extract", "no-such-folder"]);
    assert_eq!(missing.status.code(), Some(2), "{}", describe(&missing));
    assert!(text(&missing.stderr).contains("no-such-folder"), "{}", describe(&missing));
    std::fs::write(dir.path().join("a-file"), b"").unwrap();
    let bad_out = bin(dir.path(), &["extract", "inputs", "--out", "a-file/out"]);
    assert_eq!(bad_out.status.code(), Some(2), "{}", describe(&bad_out));
    assert!(bad_out.stdout.is_empty());
    let no_paths = bin(dir.path(), &["extract"]);
    assert_eq!(no_paths.status.code(), Some(2), "{}", describe(&no_paths));
}

#[test]
fn check_blesses_matches_and_reports_changes() {
    let dir = setup();
    let check = |extra: &[&str]| bin(dir.path(), &[&["check", "--golden", "golden", "inputs"], extra].concat());

    let first = check(&[]);
    assert_eq!(first.status.code(), Some(1), "{}", describe(&first));
    let report = text(&first.stdout);
    assert!(report.contains(&format!("golden/{CORPUS_FILE}.jsonl: no golden file; run with --bless")), "{report}");

    let blessed = check(&["--bless"]);
    assert_eq!(blessed.status.code(), Some(0), "{}", describe(&blessed));
    // Golden files are keyed by file name only: no sub-folders.
    let golden: Vec<String> = files_under(&dir.path().join("golden")).into_keys().collect();
    assert_eq!(golden, vec![format!("{CORPUS_FILE}.jsonl"), "empty.md.jsonl".into(), "junk.pdf.jsonl".into()]);

    let again = check(&[]);
    assert_eq!(again.status.code(), Some(0), "{}", describe(&again));
    assert!(again.stdout.is_empty(), "{}", describe(&again));
    // `source` is the path as typed and does not count.
    let retyped = bin(dir.path(), &["check", "--golden", "golden", "./inputs/"]);
    assert_eq!(retyped.status.code(), Some(0), "{}", describe(&retyped));

    // The golden file now holds the edited value; extraction gives the real one.
    let (real, edited) = bump_document_lines(&dir.path().join("golden").join(format!("{CORPUS_FILE}.jsonl")));
    let changed = check(&[]);
    assert_eq!(changed.status.code(), Some(1), "{}", describe(&changed));
    let report = text(&changed.stdout);
    assert!(report.contains(&format!("golden/{CORPUS_FILE}.jsonl: 1 record differs")), "{report}");
    assert!(report.contains(&format!("record 1 (document): lines: {edited} → {real}")), "{report}");
}

/// Changes the `lines` of the golden file's document record; returns the
/// value before and after the edit.
fn bump_document_lines(path: &Path) -> (u64, u64) {
    let content = text(&std::fs::read(path).unwrap());
    let mut lines: Vec<String> = content.lines().map(str::to_string).collect();
    let mut document: Value = serde_json::from_str(&lines[0]).unwrap();
    let old = document["lines"].as_u64().expect("a document has a line count");
    document["lines"] = Value::from(old + 1000);
    lines[0] = document.to_string();
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
    (old, old + 1000)
}
