//! Output appears only when a run finishes: a sink dropped without `finish`
//! (a failed run) leaves neither a final-looking file nor a temporary one,
//! and a finished run replaces the output of an earlier one.

mod common;

use budget_records::{Diagnostic, Record, Severity};
use budget_sinks::{CsvSink, FileRecords, Sink, SinkError, SqliteSink};
use common::{feed, golden, listing, KINDS};

/// Writes the first golden file into `sink`, then drops it unfinished.
fn write_one_and_drop(mut sink: Box<dyn Sink>) {
    let g = &golden()[0];
    sink.write(FileRecords {
        source: &g.source,
        records: &g.records,
    })
    .unwrap();
    drop(sink);
}

#[test]
fn csv_dropped_unfinished_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("csv");
    write_one_and_drop(Box::new(CsvSink::create(&out, true).unwrap()));
    assert_eq!(listing(&out), Vec::<String>::new());
}

#[test]
fn sqlite_dropped_unfinished_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    write_one_and_drop(Box::new(
        SqliteSink::create(&dir.path().join("out.db")).unwrap(),
    ));
    assert_eq!(listing(dir.path()), Vec::<String>::new());
}

#[test]
fn csv_finish_replaces_earlier_output() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("documents.csv"), "old").unwrap();
    feed(
        Box::new(CsvSink::create(dir.path(), false).unwrap()),
        &golden()[..2],
    );
    let mut expected = KINDS.map(|kind| format!("{kind}.csv")).to_vec();
    expected.sort();
    assert_eq!(listing(dir.path()), expected);
    let documents = std::fs::read_to_string(dir.path().join("documents.csv")).unwrap();
    assert!(documents.starts_with("id,source,"), "{documents}");
    assert_eq!(documents.lines().count(), 3, "header and two documents");
}

#[test]
fn sqlite_finish_replaces_earlier_output() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("out.db");
    std::fs::write(&db, "old").unwrap();
    feed(Box::new(SqliteSink::create(&db).unwrap()), &golden()[..2]);
    assert_eq!(listing(dir.path()), ["out.db"]);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let documents: i64 = conn
        .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
        .unwrap();
    assert_eq!(documents, 2);
}

/// Records that break the contract: a diagnostic before any document.
fn no_document() -> Vec<Record> {
    vec![Record::Diagnostic(Diagnostic {
        source: "broken.txt".into(),
        line: None,
        page: None,
        bbox: None,
        lines: vec![],
        severity: Severity::Error,
        code: "x".into(),
        message: "x".into(),
    })]
}

/// A sink that was given bad records names the input and will not publish.
fn refuses_after_bad_input(mut sink: Box<dyn Sink>) {
    let g = &golden()[0];
    sink.write(FileRecords {
        source: &g.source,
        records: &g.records,
    })
    .unwrap();
    let records = no_document();
    let err = sink
        .write(FileRecords {
            source: "broken.txt",
            records: &records,
        })
        .unwrap_err();
    assert!(
        matches!(&err, SinkError::Records { input, .. } if input == "broken.txt"),
        "{err}"
    );
    assert!(sink.finish().is_err(), "finish after a failed write");
}

#[test]
fn csv_bad_input_publishes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    refuses_after_bad_input(Box::new(CsvSink::create(dir.path(), false).unwrap()));
    assert_eq!(listing(dir.path()), Vec::<String>::new());
}

#[test]
fn sqlite_bad_input_publishes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    refuses_after_bad_input(Box::new(
        SqliteSink::create(&dir.path().join("out.db")).unwrap(),
    ));
    assert_eq!(listing(dir.path()), Vec::<String>::new());
}

#[test]
fn sqlite_error_names_the_database_and_the_input() {
    // The same input twice breaks documents.source UNIQUE.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("out.db");
    let mut sink = SqliteSink::create(&db).unwrap();
    let g = &golden()[0];
    let file = FileRecords {
        source: &g.source,
        records: &g.records,
    };
    sink.write(file).unwrap();
    let message = sink.write(file).unwrap_err().to_string();
    assert!(message.contains(&db.display().to_string()), "{message}");
    assert!(message.contains(&g.source), "{message}");
    assert!(message.contains("UNIQUE"), "{message}");
}
