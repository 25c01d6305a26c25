//! Extracts files, each on its own and behind a panic guard, so one file
//! that trips a bug in a stage still leaves a record of what happened and
//! the other files are processed; optionally with a time limit per file.
//!
//! Time limits and their cost: a thread cannot be killed in Rust (nor safely
//! in any language: it may hold a lock or be half way through an
//! allocation). So with a limit each file is extracted on a thread of its
//! own and the worker stops *waiting* for it when the limit passes: the file
//! gets a `file-timeout` error and the run goes on, but the abandoned thread
//! runs to completion in the background, holding its memory and a core
//! until then (the process does not wait for it at exit). To keep an archive
//! of hostile files from piling up such threads, at most [`Deadline`]'s
//! `max_abandoned` may be running at once; while that many are, further
//! files are not attempted and get a `too-many-timeouts` error instead, so
//! the run still ends and names them.
#![forbid(unsafe_code)]

use std::num::NonZeroUsize;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex, PoisonError};
use std::time::Duration;

use budget_records::Record;

use crate::inputs::Input;
use crate::ordered::{self, PoolError};

/// The extraction function: `source` and the file's bytes in, records out.
/// [`budget_records::extract_file`] in the binary; tests pass others.
pub type Extractor = fn(&str, &[u8]) -> Vec<Record>;

/// Diagnostic code of a file that took longer than `--file-timeout`.
pub const FILE_TIMEOUT: &str = "file-timeout";
/// Diagnostic code of a file not attempted because too many timed-out files
/// are still running.
pub const TOO_MANY_TIMEOUTS: &str = "too-many-timeouts";

/// How each file's extraction is isolated from the run.
#[derive(Debug, Clone)]
pub enum Isolation {
    /// On the worker thread, behind a panic guard; no time limit.
    PanicGuard,
    /// On a thread of its own, abandoned after a time limit.
    Deadline(Deadline),
}

/// A time limit per file, and the count of abandoned threads still running.
#[derive(Debug, Clone)]
pub struct Deadline {
    limit: Duration,
    max_abandoned: usize,
    abandoned: Arc<AtomicUsize>,
}

impl Deadline {
    /// A limit of `limit` per file, for a run on `jobs` worker threads. At
    /// most `jobs` (and at least 4) abandoned threads may run at once: the
    /// machine is then at worst twice oversubscribed, and on a small one a
    /// few slow files do not stop the others.
    pub fn new(limit: Duration, jobs: usize) -> Deadline {
        Deadline { limit, max_abandoned: jobs.max(4), abandoned: Arc::default() }
    }

    /// Extracts on a thread of its own; see the module documentation.
    fn extract(&self, source: &str, bytes: Vec<u8>, extractor: Extractor) -> Vec<Record> {
        let running = self.abandoned.load(Ordering::SeqCst);
        if running >= self.max_abandoned {
            let message = format!(
                "not attempted: {running} files that exceeded --file-timeout {} are still being extracted in the background (at most {} may be)",
                show_secs(self.limit),
                self.max_abandoned
            );
            return failed_file(source, TOO_MANY_TIMEOUTS, message);
        }
        let (sender, receiver) = mpsc::channel();
        // Set under this lock when the worker gives up, so that the thread
        // and the worker agree on who accounts for the thread.
        let gave_up = Arc::new(Mutex::new(false));
        let (owned_source, thread_gave_up, abandoned) = (source.to_string(), Arc::clone(&gave_up), Arc::clone(&self.abandoned));
        let spawned = std::thread::Builder::new().name(format!("extract {source}")).spawn(move || {
            let records = extract_guarded(&owned_source, &bytes, extractor);
            let gave_up = thread_gave_up.lock().unwrap_or_else(PoisonError::into_inner);
            if *gave_up {
                abandoned.fetch_sub(1, Ordering::SeqCst);
            } else {
                let _ = sender.send(records);
            }
        });
        if let Err(err) = spawned {
            return failed_file(source, "internal-panic", format!("cannot start a thread to extract this file: {err}"));
        }
        match receiver.recv_timeout(self.limit) {
            Ok(records) => records,
            Err(_) => {
                let mut flag = gave_up.lock().unwrap_or_else(PoisonError::into_inner);
                // The thread may have finished between the timeout and the lock.
                if let Ok(records) = receiver.try_recv() {
                    return records;
                }
                *flag = true;
                self.abandoned.fetch_add(1, Ordering::SeqCst);
                let message = format!("extraction took longer than --file-timeout {}; abandoned", show_secs(self.limit));
                failed_file(source, FILE_TIMEOUT, message)
            }
        }
    }
}

/// `2.5s`, `10s`.
fn show_secs(duration: Duration) -> String {
    format!("{}s", duration.as_secs_f64())
}

impl Isolation {
    /// Extracts one file's bytes under this isolation.
    pub fn extract(&self, source: &str, bytes: Vec<u8>, extractor: Extractor) -> Vec<Record> {
        match self {
            Isolation::PanicGuard => extract_guarded(source, &bytes, extractor),
            Isolation::Deadline(deadline) => deadline.extract(source, bytes, extractor),
        }
    }
}

/// Extracts every input with [`budget_records::extract_file`] on `jobs`
/// threads (default: one per core) and returns their records in input
/// order. `on_done` is called once per file, in input order (it drives the
/// progress bar). For `check`, whose inputs are few: the records of every
/// file are kept.
pub fn extract_all(inputs: &[Input], jobs: Option<NonZeroUsize>, on_done: &mut (dyn FnMut() + Send)) -> Result<Vec<Vec<Record>>, PoolError> {
    extract_each(inputs, jobs, on_done, |_, records| records)
}

/// Extracts every input on `jobs` threads and keeps what `keep` makes of
/// each file's records, in input order; `on_done` is called once per file,
/// in input order.
pub fn extract_each<T: Send>(
    inputs: &[Input],
    jobs: Option<NonZeroUsize>,
    on_done: &mut (dyn FnMut() + Send),
    keep: impl Fn(&Input, Vec<Record>) -> T + Sync,
) -> Result<Vec<T>, PoolError> {
    let mut results = Vec::with_capacity(inputs.len());
    let work = |i: usize| keep(&inputs[i], extract_path(&inputs[i].source(), &inputs[i].path, budget_records::extract_file));
    let collected = ordered::for_each_ordered(inputs.len(), jobs, work, |_, records| {
        results.push(records);
        on_done();
        Ok::<(), std::convert::Infallible>(())
    })?;
    let Ok(()) = collected;
    Ok(results)
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
pub fn failed_file(source: &str, code: &'static str, message: String) -> Vec<Record> {
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
        assert!(matches!(&records[0], Record::Document(d) if &*d.source == "a.txt"));
        let Record::Diagnostic(diag) = &records[1] else { panic!("expected a diagnostic") };
        assert_eq!(diag.severity, Severity::Error);
        assert_eq!(diag.code, "internal-panic");
        assert_eq!(diag.line, None);
        assert_eq!(
            diag.message,
            "budget-extract failed on this file: stage fell over: 42; the other files were processed"
        );
    }

    fn sleepy(source: &str, bytes: &[u8]) -> Vec<Record> {
        std::thread::sleep(Duration::from_millis(if bytes == b"slow" { 2000 } else { 0 }));
        budget_records::extract_file(source, bytes)
    }

    fn error_code(records: &[Record]) -> Option<&str> {
        records.iter().find_map(|r| match r {
            Record::Diagnostic(d) if d.severity == Severity::Error => Some(&*d.code),
            _ => None,
        })
    }

    #[test]
    fn abandoned_threads_are_bounded() {
        let deadline = Isolation::Deadline(Deadline { limit: Duration::from_millis(50), max_abandoned: 2, abandoned: Arc::default() });
        assert_eq!(error_code(&deadline.extract("a", b"fast".to_vec(), sleepy)), None);
        assert_eq!(error_code(&deadline.extract("b", b"slow".to_vec(), sleepy)), Some(FILE_TIMEOUT));
        assert_eq!(error_code(&deadline.extract("c", b"slow".to_vec(), sleepy)), Some(FILE_TIMEOUT));
        // Two threads abandoned and still running: the next file is not tried.
        let refused = deadline.extract("d", b"fast".to_vec(), sleepy);
        assert_eq!(error_code(&refused), Some(TOO_MANY_TIMEOUTS));
        let Isolation::Deadline(d) = &deadline else { unreachable!() };
        assert_eq!(d.abandoned.load(Ordering::SeqCst), 2);
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
        let mut results = Vec::new();
        let work = |i: usize| extract_path(&inputs[i].source(), &inputs[i].path, panicking);
        let done = ordered::for_each_ordered(20, NonZeroUsize::new(4), work, |_, r| {
            results.push(r);
            Ok::<(), ()>(())
        });
        assert!(matches!(done, Ok(Ok(()))));
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(results.len(), 20);
        for (i, records) in results.iter().enumerate() {
            let panicked = records.iter().any(|r| matches!(r, Record::Diagnostic(d) if d.code == "internal-panic"));
            assert_eq!(panicked, i % 3 == 0, "file {i}");
        }
    }
}
