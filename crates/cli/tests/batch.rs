//! End-to-end tests of the batch driver on the built binary: output that
//! does not depend on `-j`, resuming a killed run with `--incremental`,
//! isolation of bad files, `--shard`, `--file-timeout` and `summary.json`.
//! Misbehaviour is provoked with the test hooks (`src/hooks.rs`); inputs
//! are the corpus or small copies of it, so the tests stay quick.
#![forbid(unsafe_code)]

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, Instant};

use common::{bin, bin_env, copy_into, describe, files_under, junk, record_files, records, repo, summary, text};
use serde_json::Value;

const DUMPS: [&str; 3] = ["corpus/000_9c019038647d4c62.txt", "corpus/002_9536b5809f16f8aa.txt", "corpus/004_c395438b008f884a.txt"];
const PDF: &str = "corpus/pdf/004_c395438b008f884a_lo_bordered_portrait.pdf";

/// The error diagnostics of one output file's records.
fn errors(records: &[Value]) -> Vec<&Value> {
    records.iter().filter(|r| r["kind"] == "diagnostic" && r["severity"] == "error").collect()
}

#[test]
fn output_is_identical_at_any_job_count() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = repo("corpus");
    let mut txt: Vec<String> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| p.display().to_string())
        .collect();
    txt.sort();
    let pdf = repo("corpus/pdf").display().to_string(); // walked: bad/ included
    let mut outputs = Vec::new();
    for jobs in ["1", "4"] {
        let out = format!("out{jobs}");
        let args: Vec<&str> = ["extract", "-j", jobs, "--quiet", "--out", &out, &pdf].into_iter().chain(txt.iter().map(String::as_str)).collect();
        let to_dir = bin(dir.path(), &args);
        assert_eq!(to_dir.status.code(), Some(1), "the two unreadable PDFs of bad/ fail: {}", describe(&to_dir));
        let stream = bin(dir.path(), &[&args[..4], &args[6..]].concat());
        assert_eq!(stream.status.code(), Some(1), "{}", describe(&stream));
        records(&stream.stdout); // nothing but records on stdout
        outputs.push((record_files(&dir.path().join(&out)), stream.stdout));
    }
    assert!(outputs[0].0.len() >= 25 && outputs[0].0.keys().any(|k| k.starts_with("bad/")), "{:?}", outputs[0].0.keys());
    assert!(outputs[0].0 == outputs[1].0, "-j 1 and -j 4 write different .jsonl files");
    assert!(outputs[0].1 == outputs[1].1, "-j 1 and -j 4 stream different stdout");
}

#[test]
fn a_killed_run_resumes_without_redoing_or_duplicating() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    copy_into(&inputs, &[DUMPS[0], DUMPS[1], DUMPS[2], "corpus/001_17e04ae03005bf38.txt", PDF]);
    let clean = bin(dir.path(), &["extract", "in", "--out", "clean", "--quiet"]);
    assert_eq!(clean.status.code(), Some(0), "{}", describe(&clean));

    let args = ["extract", "in", "--out", "out", "--incremental", "-j", "2", "--quiet"];
    let killed = bin_env(dir.path(), &args, &[("BUDGET_EXTRACT_TEST_ABORT_AFTER", "2")]);
    assert_eq!(killed.status.code(), Some(86), "the abort hook stops the run: {}", describe(&killed));
    assert!(!dir.path().join("out/summary.json").exists(), "a killed run writes no summary");
    let resumed = bin(dir.path(), &args);
    assert_eq!(resumed.status.code(), Some(0), "{}", describe(&resumed));
    let files = &summary(&dir.path().join("out/summary.json"))["files"];
    assert_eq!((files["extracted"].as_u64(), files["skipped_unchanged"].as_u64()), (Some(3), Some(2)), "{files}");
    assert!(record_files(&dir.path().join("out")) == record_files(&dir.path().join("clean")), "resumed output differs from a clean run");

    // A changed file is extracted again, the others are skipped.
    let changed = inputs.join("002_9536b5809f16f8aa.txt");
    let mut bytes = std::fs::read(&changed).unwrap();
    bytes.extend_from_slice("\n附注：本表为测试追加。\n".as_bytes());
    std::fs::write(&changed, bytes).unwrap();
    let again = bin(dir.path(), &args);
    assert_eq!(again.status.code(), Some(0), "{}", describe(&again));
    let files = &summary(&dir.path().join("out/summary.json"))["files"];
    assert_eq!((files["extracted"].as_u64(), files["skipped_unchanged"].as_u64()), (Some(1), Some(4)), "{files}");
    let lone = bin(dir.path(), &["extract", "in/002_9536b5809f16f8aa.txt", "--out", "lone", "--quiet"]);
    assert_eq!(lone.status.code(), Some(0), "{}", describe(&lone));
    let name = "002_9536b5809f16f8aa.txt.jsonl";
    assert_eq!(text(&files_under(&dir.path().join("out"))[name]), text(&files_under(&dir.path().join("lone"))[name]));
    assert_ne!(files_under(&dir.path().join("out"))[name], files_under(&dir.path().join("clean"))[name]);

    // An input gone from the folder is gone from the output.
    std::fs::remove_file(inputs.join("000_9c019038647d4c62.txt")).unwrap();
    let pruned = bin(dir.path(), &args);
    assert_eq!(pruned.status.code(), Some(0), "{}", describe(&pruned));
    assert!(!dir.path().join("out/000_9c019038647d4c62.txt.jsonl").exists());
    assert_eq!(summary(&dir.path().join("out/summary.json"))["files"]["removed"], 1);
}

#[test]
fn bad_files_fail_alone_and_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    copy_into(&inputs, &[DUMPS[0], DUMPS[1], PDF, "corpus/pdf/bad/truncated.pdf"]);
    std::fs::write(inputs.join("empty.txt"), b"").unwrap();
    std::fs::write(inputs.join("junk.txt"), junk(4096)).unwrap();
    std::fs::write(inputs.join("panics.txt"), "项目名称\tBOOM-MARKER\n").unwrap();
    let bad = ["empty.txt", "junk.txt", "panics.txt", "truncated.pdf"];
    let output = bin_env(dir.path(), &["extract", "in", "--out", "out", "-j", "2"], &[("BUDGET_EXTRACT_TEST_PANIC_MARKER", "BOOM-MARKER")]);
    assert_eq!(output.status.code(), Some(1), "{}", describe(&output));
    let written = record_files(&dir.path().join("out"));
    assert_eq!(written.len(), 7, "{:?}", written.keys());
    for good in [DUMPS[0], DUMPS[1], PDF] {
        let name = Path::new(good).file_name().unwrap().to_str().unwrap();
        let lone = bin(dir.path(), &["extract", &format!("in/{name}"), "--out", "lone", "--quiet"]);
        assert_eq!(lone.status.code(), Some(0), "{}", describe(&lone));
        let key = format!("{name}.jsonl");
        assert!(written[&key] == files_under(&dir.path().join("lone"))[&key], "{name} differs from a lone extraction");
    }
    for name in bad {
        let records = records(&written[&format!("{name}.jsonl")]);
        assert_eq!(errors(&records).len(), 1, "{name}: {records:?}");
    }
    let panicked = records(&written["panics.txt.jsonl"]);
    assert_eq!(errors(&panicked)[0]["code"], "internal-panic");

    // The summary: on stderr and in summary.json.
    let stderr = text(&output.stderr);
    let json = summary(&dir.path().join("out/summary.json"));
    let failed: BTreeSet<&str> = json["failed"].as_array().unwrap().iter().map(|f| f["source"].as_str().unwrap()).collect();
    assert_eq!(failed, bad.iter().map(|b| format!("in/{b}")).collect::<BTreeSet<_>>().iter().map(String::as_str).collect());
    for name in bad {
        assert!(stderr.contains(&format!("failed: in/{name}: ")), "{stderr}");
    }
    assert!(stderr.contains("7 files: 7 extracted, 0 unchanged (skipped), 4 failed"), "{stderr}");
    assert_summary_counts(&json, &written);
}

/// summary.json agrees with the records written.
fn assert_summary_counts(json: &Value, written: &std::collections::BTreeMap<String, Vec<u8>>) {
    let all: Vec<Value> = written.values().flat_map(|b| records(b)).collect();
    assert_eq!(json["files"]["extracted"], 7);
    assert_eq!(json["files"]["failed"], 4);
    for kind in ["document", "project", "indicator", "line_item", "diagnostic"] {
        let count = all.iter().filter(|r| r["kind"] == kind).count();
        assert_eq!(json["records"][kind], count, "{kind}");
    }
    let internal = all.iter().filter(|r| r["code"] == "internal-panic").count();
    assert_eq!((json["diagnostics_by_code"]["internal-panic"].as_u64(), internal), (Some(1), 1));
    let errors = all.iter().filter(|r| r["severity"] == "error").count();
    assert_eq!(json["diagnostics_by_severity"]["error"], errors);
    assert!(json["input_bytes"].as_u64().unwrap() > 0);
    assert!(json["wall_seconds"].as_f64().unwrap() > 0.0);
    assert!(json["mb_per_second"].as_f64().unwrap() > 0.0 && json["files_per_second"].as_f64().unwrap() > 0.0);
}

#[test]
fn shards_cover_the_inputs_once() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir_all(inputs.join("sub")).unwrap();
    for i in 0..24 {
        let folder = if i % 2 == 0 { "" } else { "sub/" };
        std::fs::write(inputs.join(format!("{folder}{i:02}.txt")), format!("第{i}行\n")).unwrap();
    }
    let sources = |shard: &str| -> Vec<String> {
        let output = bin(dir.path(), &["extract", "in", "--shard", shard, "--quiet"]);
        assert!(matches!(output.status.code(), Some(0 | 1)), "{}", describe(&output));
        let documents = records(&output.stdout).into_iter().filter(|r| r["kind"] == "document");
        documents.map(|r| r["source"].as_str().unwrap().to_string()).collect()
    };
    let all = sources("1/1");
    assert_eq!(all.len(), 24);
    let shards: Vec<Vec<String>> = ["1/3", "2/3", "3/3"].into_iter().map(sources).collect();
    let mut union: Vec<String> = shards.concat();
    union.sort();
    assert_eq!(union, all, "every input in exactly one shard");
    assert!(shards.iter().all(|s| !s.is_empty()), "{shards:?}");
    assert_eq!(sources("2/3"), shards[1], "the same shard again");
    for bad in ["0/3", "4/3", "3", "a/b", "1/0"] {
        let output = bin(dir.path(), &["extract", "in", "--shard", bad]);
        assert_eq!(output.status.code(), Some(2), "--shard {bad}: {}", describe(&output));
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn a_slow_file_times_out_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    copy_into(&inputs, &[DUMPS[0], DUMPS[2]]);
    std::fs::write(inputs.join("001_slow.txt"), "项目名称\tSLOW-MARKER\n").unwrap();
    let started = Instant::now();
    let output = bin_env(
        dir.path(),
        &["extract", "in", "--file-timeout", "1", "-j", "1", "--summary", "s.json"],
        &[("BUDGET_EXTRACT_TEST_SLOW_MARKER", "SLOW-MARKER")],
    );
    assert!(started.elapsed() < Duration::from_secs(15), "the run waited for the slow file: {:?}", started.elapsed());
    assert_eq!(output.status.code(), Some(1), "{}", describe(&output));
    let all = records(&output.stdout);
    let documents: Vec<&str> = all.iter().filter(|r| r["kind"] == "document").map(|r| r["source"].as_str().unwrap()).collect();
    assert_eq!(documents, ["in/000_9c019038647d4c62.txt", "in/001_slow.txt", "in/004_c395438b008f884a.txt"], "input order kept");
    let slow: Vec<Value> = all.iter().filter(|r| r["source"] == "in/001_slow.txt").cloned().collect();
    let errors = errors(&slow);
    assert_eq!(errors.len(), 1, "{slow:?}");
    assert_eq!(errors[0]["code"], "file-timeout");
    assert!(errors[0]["message"].as_str().unwrap().contains("--file-timeout 1s"), "{}", errors[0]);
    let json = summary(&dir.path().join("s.json"));
    assert_eq!((json["files"]["extracted"].as_u64(), json["files"]["failed"].as_u64()), (Some(3), Some(1)));
    // 1e30 seconds does not fit a Duration: a usage error, not a panic.
    for bad in ["0", "-1", "x", "inf", "1e30"] {
        let output = bin(dir.path(), &["extract", "in", "--file-timeout", bad]);
        assert_eq!(output.status.code(), Some(2), "--file-timeout {bad}: {}", describe(&output));
    }
}

#[test]
fn log_lines_keep_coming_while_a_slow_file_runs() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    copy_into(&inputs, &[DUMPS[0]]);
    // Sorted last: one file is done, and the count stays there while it runs.
    std::fs::write(inputs.join("zz_slow.txt"), "项目名称\tSLOW-MARKER\n").unwrap();
    let output = bin_env(
        dir.path(),
        &["extract", "in", "--out", "out", "--file-timeout", "2", "--log-interval", "0.25", "-j", "1"],
        &[("BUDGET_EXTRACT_TEST_SLOW_MARKER", "SLOW-MARKER")],
    );
    assert_eq!(output.status.code(), Some(1), "{}", describe(&output));
    let stderr = text(&output.stderr);
    let waiting = stderr.lines().filter(|l| l.starts_with("budget-extract: 1/2 files")).count();
    // About eight in the two seconds the slow file holds the run; a loaded
    // machine may lose some, but not most.
    assert!(waiting >= 3, "{waiting} progress lines while the slow file ran:\n{stderr}");
    assert!(stderr.lines().any(|l| l.starts_with("budget-extract: 2/2 files")), "a last line at the end:\n{stderr}");
    for bad in ["0", "x"] {
        let output = bin(dir.path(), &["extract", "in", "--log-interval", bad]);
        assert_eq!(output.status.code(), Some(2), "--log-interval {bad}: {}", describe(&output));
    }
}

#[test]
fn formats_needing_a_folder_say_so() {
    let dir = tempfile::tempdir().unwrap();
    copy_into(&dir.path().join("in"), &[DUMPS[0]]);
    for args in [&["--format", "csv"][..], &["--format", "sqlite"], &["--incremental"], &["--excel", "--out", "o"]] {
        let output = bin(dir.path(), &[&["extract", "in"], args].concat());
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", describe(&output));
        assert!(output.stdout.is_empty());
    }
}
