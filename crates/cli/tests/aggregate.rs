//! The batch driver with an aggregate output (one output for all inputs, as
//! CSV and SQLite are), through the library with an in-memory sink: an
//! interrupted incremental run, resumed, hands the sink every input's
//! records exactly once and in input order, the unchanged ones read back
//! from the records cache.
#![forbid(unsafe_code)]

mod common;

use std::sync::{Arc, Mutex};

use budget_extract::batch::{Batch, Destination, Incremental};
use budget_extract::inputs;
use budget_extract::progress::Progress;
use budget_extract::run::Isolation;
use budget_extract::summary::Summary;
use budget_records::Record;
use budget_sinks::{FileRecords, Sink, SinkError};
use common::copy_into;

/// Each input's source and records, as the sink received them.
type Files = Vec<(String, Vec<Record>)>;
type Written = Arc<Mutex<Option<Files>>>;

/// Keeps what it is given; makes it visible on `finish`, like a real
/// aggregate sink. Fails on the write after `fail_after` writes, as a
/// killed run would stop.
struct MemorySink {
    pending: Files,
    visible: Written,
    fail_after: Option<usize>,
}

impl Sink for MemorySink {
    fn write(&mut self, file: FileRecords<'_>) -> Result<(), SinkError> {
        if self.fail_after == Some(self.pending.len()) {
            return Err(SinkError::Other("stopped".into()));
        }
        self.pending.push((file.source.to_string(), file.records.to_vec()));
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<(), SinkError> {
        *self.visible.lock().unwrap() = Some(self.pending);
        Ok(())
    }
}

/// One run over `dir/in`: what the sink made visible, and the summary
/// (both `None` when the run stopped).
fn run(dir: &std::path::Path, incremental: bool, fail_after: Option<usize>) -> (Option<Files>, Option<Summary>) {
    let inputs = inputs::collect(&[dir.join("in")]).unwrap();
    let visible = Written::default();
    let sink = MemorySink { pending: Vec::new(), visible: Arc::clone(&visible), fail_after };
    let batch = Batch {
        inputs: &inputs,
        jobs: std::num::NonZeroUsize::new(2),
        extractor: budget_records::extract_file,
        isolation: Isolation::PanicGuard,
        incremental: incremental.then(|| Incremental { out_dir: dir.join("out"), tool: "test tool".into() }),
        abort_after: None,
    };
    let summary = batch.run(Destination::Aggregate(Box::new(sink)), Progress::new(inputs.len(), true, budget_extract::progress::LOG_EVERY)).ok();
    let written = visible.lock().unwrap().take();
    (written, summary)
}

#[test]
fn an_interrupted_aggregate_resumes_complete_and_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let files = ["corpus/000_9c019038647d4c62.txt", "corpus/001_17e04ae03005bf38.txt", "corpus/002_9536b5809f16f8aa.txt", "corpus/003_5ceddb66a5525401.txt"];
    copy_into(&dir.path().join("in"), &files);
    let (clean, _) = run(dir.path(), false, None);
    let clean = clean.expect("a clean run finishes");
    assert_eq!(clean.len(), 4);

    let (stopped, summary) = run(dir.path(), true, Some(3));
    assert!(stopped.is_none() && summary.is_none(), "the stopped run shows no output");
    let (resumed, summary) = run(dir.path(), true, None);
    let summary = summary.unwrap();
    assert_eq!((summary.files.extracted, summary.files.skipped_unchanged), (1, 3));
    assert!(resumed.unwrap() == clean, "the resumed aggregate differs from a clean run's");

    let (again, summary) = run(dir.path(), true, None);
    assert_eq!(summary.unwrap().files.skipped_unchanged, 4);
    assert!(again.unwrap() == clean);
}
