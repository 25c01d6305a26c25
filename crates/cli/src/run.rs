//! Extracts many files in parallel. Each file is read and extracted on its
//! own, behind a panic guard, so one file that trips a bug in a stage still
//! leaves a record of what happened and the other files are processed.
#![forbid(unsafe_code)]

use std::num::NonZeroUsize;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use budget_records::Record;
use rayon::prelude::*;
use thiserror::Error;

use crate::inputs::Input;

/// The extraction function: `source` and the file's bytes in, records out.
/// [`budget_records::extract_file`] in the binary; tests pass others.
pub type Extractor = fn(&str, &[u8]) -> Vec<Record>;

/// Why a run could not start.
#[derive(Debug, Error)]
pub enum RunError {
    /// The worker threads could not be created.
    #[error("cannot start {jobs} worker threads: {source}")]
    ThreadPool {
        /// Threads asked for (0: rayon's default).
        jobs: usize,
        /// The underlying error.
        source: rayon::ThreadPoolBuildError,
    },
}

/// Extracts every input with [`budget_records::extract_file`]; see
/// [`extract_all_with`].
pub fn extract_all(
    inputs: &[Input],
    jobs: Option<NonZeroUsize>,
    on_done: &(dyn Fn() + Sync),
) -> Result<Vec<Vec<Record>>, RunError> {
    extract_all_with(inputs, jobs, budget_records::extract_file, on_done)
}

/// Extracts every input on `jobs` threads (default: one per core) and
/// returns their records in input order, whatever order they finish in.
/// `on_done` is called once per finished file, from a worker thread (it
/// drives the progress bar).
pub fn extract_all_with(
    inputs: &[Input],
    jobs: Option<NonZeroUsize>,
    extractor: Extractor,
    on_done: &(dyn Fn() + Sync),
) -> Result<Vec<Vec<Record>>, RunError> {
    let threads = jobs.map_or(0, NonZeroUsize::get);
    // A pool of our own, so -j is honoured without touching rayon's global pool.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|source| RunError::ThreadPool { jobs: threads, source })?;
    Ok(pool.install(|| {
        inputs
            .par_iter()
            .map(|input| {
                let records = extract_path(&input.source(), &input.path, extractor);
                on_done();
                records
            })
            .collect()
    }))
}

/// Reads one file and extracts it. A file that cannot be read gives a
/// document record and an error diagnostic, like any other failed file.
pub fn extract_path(source: &str, path: &Path, extractor: Extractor) -> Vec<Record> {
    match std::fs::read(path) {
        Ok(bytes) => extract_guarded(source, &bytes, extractor),
        Err(err) => failed_file(source, "read-failed", format!("cannot read this file: {err}")),
    }
}

/// Runs `extractor` behind a panic guard: a panic becomes a document record
/// plus an `internal-panic` error diagnostic instead of ending the run.
pub fn extract_guarded(source: &str, bytes: &[u8], extractor: Extractor) -> Vec<Record> {
    // The extractor only sees shared borrows and owns all it builds, so no
    // broken state can leak out of a caught panic.
    match catch_unwind(AssertUnwindSafe(|| extractor(source, bytes))) {
        Ok(records) => records,
        Err(payload) => {
            let message = format!("budget-extract failed on this file: {}", panic_message(&*payload));
            failed_file(source, "internal-panic", message)
        }
    }
}

/// The records for a file that could not be extracted at all.
fn failed_file(source: &str, code: &str, message: String) -> Vec<Record> {
    budget_records::failed_file(source, "unknown", code, format!("{message}; the other files were processed"))
}

/// The text of a panic: `panic!` payloads are `&str` or `String`.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_string()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "unknown panic".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use budget_records::Severity;

    fn panicking(_: &str, bytes: &[u8]) -> Vec<Record> {
        if bytes.is_empty() {
            panic!("stage fell over: {}", 42);
        }
        budget_records::extract_file("unused", bytes)
    }

    #[test]
    fn a_panic_becomes_an_error_diagnostic() {
        let records = extract_guarded("a.txt", b"", panicking);
        assert_eq!(records.len(), 2);
        assert!(matches!(&records[0], Record::Document(d) if d.source == "a.txt"));
        let Record::Diagnostic(diag) = &records[1] else { panic!("expected a diagnostic") };
        assert_eq!(diag.severity, Severity::Error);
        assert_eq!(diag.code, "internal-panic");
        assert_eq!(diag.line, None);
        assert_eq!(
            diag.message,
            "budget-extract failed on this file: stage fell over: 42; the other files were processed"
        );
    }

    #[test]
    fn an_unreadable_file_becomes_an_error_diagnostic() {
        let records = extract_path("nope", Path::new("/nonexistent/budget-extract/x.txt"), panicking);
        let Record::Diagnostic(diag) = &records[1] else { panic!("expected a diagnostic") };
        assert_eq!(diag.code, "read-failed");
    }

    #[test]
    fn results_keep_input_order_and_survive_panics() {
        let dir = std::env::temp_dir().join(format!("budget-extract-run-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut inputs = Vec::new();
        for i in 0..20 {
            let path = dir.join(format!("{i:02}.txt"));
            // Every third file is empty and makes the extractor panic.
            std::fs::write(&path, if i % 3 == 0 { "" } else { "x" }).unwrap();
            inputs.push(Input { relative: path.file_name().unwrap().into(), path });
        }
        let results = extract_all_with(&inputs, NonZeroUsize::new(4), panicking, &|| {}).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(results.len(), 20);
        for (i, records) in results.iter().enumerate() {
            let panicked = records.iter().any(|r| matches!(r, Record::Diagnostic(d) if d.code == "internal-panic"));
            assert_eq!(panicked, i % 3 == 0, "file {i}");
        }
    }
}
