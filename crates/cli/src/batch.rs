//! The batch driver behind `extract`: inputs are read, hashed, skipped when
//! unchanged or extracted, in parallel ([`ordered`]), and their records are
//! handed to the output [`Sink`] one input at a time in input order, so the
//! output does not depend on the thread count and memory does not grow with
//! the archive.
//!
//! One `.jsonl` per input is the exception: each file depends on its input
//! alone, so the workers write them ([`JsonlDirSink::write_input`] takes
//! `&self`), in parallel. Measured on 40 MB of dumps (1853 files, 170 MB of
//! JSON written): creating, writing and renaming the files on the single
//! consuming thread took longer than extracting, and `-j 2` was no faster
//! than `-j 1`.
//!
//! Incremental runs (see [`state`]): a worker hashes the input and, when the
//! last run's entry still describes it, does not extract it. One `.jsonl`
//! per input needs nothing more (the file is there); an aggregate output
//! gets the input's records read back from the records cache, so it is
//! rebuilt complete, each input once, in input order. An input's entry is
//! appended to the journal only after its records are written, so a killed
//! run resumes where it stopped and never counts a record twice.
#![forbid(unsafe_code)]

use std::collections::HashSet;
use std::num::NonZeroUsize;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use budget_records::Record;
use budget_sinks::{FileRecords, Sink, SinkError};
use thiserror::Error;

use crate::inputs::Input;
use crate::ordered::{self, PoolError};
use crate::output::{self, JsonlDirSink, OutputError};
use crate::progress::{Figures, Progress};
use crate::run::{self, Extractor, Isolation};
use crate::state::{self, Entry, Journal, Previous, StateError};
use crate::summary::{Summary, Tally};

/// Why a run stopped before its end. All end the run with status 2.
#[derive(Debug, Error)]
pub enum BatchError {
    /// The worker pool could not start.
    #[error(transparent)]
    Pool(#[from] PoolError),
    /// Output could not be written.
    #[error("cannot write output: {0}")]
    Sink(#[from] SinkError),
    /// A per-input records file could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// The incremental state could not be read or written.
    #[error(transparent)]
    State(#[from] StateError),
}

/// Where records go.
pub enum Destination {
    /// One `.jsonl` per input, planned in input order; in an incremental
    /// run these files are also the records cache.
    PerInput(JsonlDirSink, Vec<PathBuf>),
    /// One output for all inputs (a stream, a CSV set, a database).
    Aggregate(Box<dyn Sink>),
}

/// What an incremental run needs to know besides the state it reads.
pub struct Incremental {
    /// The output folder.
    pub out_dir: PathBuf,
    /// See [`state::tool_version`].
    pub tool: String,
}

/// Everything a run needs besides its output.
pub struct Batch<'a> {
    /// The inputs, in the order their records are written.
    pub inputs: &'a [Input],
    /// Worker threads (default: one per core).
    pub jobs: Option<NonZeroUsize>,
    /// The extraction function.
    pub extractor: Extractor,
    /// Panic guard, optionally with a time limit.
    pub isolation: Isolation,
    /// `--incremental`, when given.
    pub incremental: Option<Incremental>,
    /// Test hook: exit abruptly after this many files are written.
    pub abort_after: Option<usize>,
}

/// What a worker made of one input.
enum Processed {
    /// Extracted now; `entry` is what the journal will hold (incremental
    /// runs). The records only for aggregate outputs: a worker that wrote
    /// the input's own `.jsonl` drops them itself, because freeing them on
    /// the consuming thread costs more than counting them here.
    Extracted { records: Option<Vec<Record>>, tally: Tally, bytes: u64, entry: Option<Entry> },
    /// Unchanged since the last run; records only for aggregate outputs.
    Unchanged { records: Option<Vec<Record>>, bytes: u64, entry: Entry },
}

/// Read-only context the workers share.
struct Workers<'a> {
    batch: &'a Batch<'a>,
    previous: &'a Previous,
    /// Per input, its records file relative to the output folder
    /// (incremental runs only).
    records_files: Vec<String>,
    /// Whether the records files are a cache the workers write (aggregate
    /// outputs) rather than the sink's own output files.
    separate_cache: bool,
    /// One `.jsonl` per input, written by the workers.
    per_input: Option<&'a JsonlDirSink>,
}

impl Batch<'_> {
    /// Runs the batch into `destination`; returns the summary (the run
    /// finished; failed files are in the summary).
    pub fn run(&self, destination: Destination, progress: Progress) -> Result<Summary, BatchError> {
        let (previous, mut journal) = match &self.incremental {
            Some(inc) => {
                let (previous, journal) = state::open(&inc.out_dir)?;
                (previous, Some(journal))
            }
            None => (Previous::default(), None),
        };
        let (per_input, aggregate) = match destination {
            Destination::PerInput(sink, targets) => (Some((sink, targets)), None),
            Destination::Aggregate(sink) => (None, Some(sink)),
        };
        let workers = Workers::new(self, &previous, per_input.as_ref());
        let mut writer = Writer { aggregate, journal: journal.as_mut(), summary: Summary::new(), progress, abort_after: self.abort_after };
        let work = |i: usize| workers.process_guarded(i);
        ordered::for_each_ordered(self.inputs.len(), self.jobs, work, |i, processed| writer.consume(&self.inputs[i], processed))??;
        let Writer { aggregate, mut summary, progress, .. } = writer;
        progress.finish(figures(&summary));
        if let Some(sink) = aggregate {
            sink.finish()?;
        }
        if let (Some(inc), Some(journal)) = (&self.incremental, journal) {
            let present: HashSet<String> = self.inputs.iter().map(|i| state::slash_path(&i.relative)).collect();
            let removed = journal.finish(&inc.out_dir, &previous, &|input| present.contains(input))?;
            summary.files.removed = removed.len();
        }
        Ok(summary)
    }
}

impl<'a> Workers<'a> {
    fn new(batch: &'a Batch<'a>, previous: &'a Previous, per_input: Option<&'a (JsonlDirSink, Vec<PathBuf>)>) -> Workers<'a> {
        let (records_files, separate_cache) = match (&batch.incremental, per_input) {
            (None, _) => (Vec::new(), false),
            (Some(inc), Some((_, targets))) => {
                let relative = targets.iter().map(|t| state::slash_path(t.strip_prefix(&inc.out_dir).unwrap_or(t)));
                (relative.collect(), false)
            }
            (Some(_), None) => (batch.inputs.iter().map(|i| state::cache_file(&i.relative)).collect(), true),
        };
        Workers { batch, previous, per_input: per_input.map(|(sink, _)| sink), records_files, separate_cache }
    }

    /// [`Workers::process`] behind a panic guard: a bug in our own code
    /// (hashing, the cache) fails that file rather than hanging the run.
    fn process_guarded(&self, i: usize) -> Result<Processed, BatchError> {
        let input = &self.batch.inputs[i];
        catch_unwind(AssertUnwindSafe(|| self.process(i))).unwrap_or_else(|_| {
            let records = run::failed_file(&input.source(), "internal-panic", "budget-extract failed on this file".into());
            Ok(self.extracted(records, 0, None))
        })
    }

    /// Reads one input, then skips or extracts it.
    fn process(&self, i: usize) -> Result<Processed, BatchError> {
        let input = &self.batch.inputs[i];
        let source = input.source();
        let bytes = match std::fs::read(&input.path) {
            Ok(bytes) => bytes,
            Err(err) => {
                let records = run::failed_file(&source, "read-failed", format!("cannot read this file: {err}"));
                return Ok(self.extracted(records, 0, None));
            }
        };
        let size = bytes.len() as u64;
        let entry = self.batch.incremental.as_ref().map(|inc| Entry {
            input: state::slash_path(&input.relative),
            source: source.clone(),
            hash: state::content_hash(&bytes),
            tool: inc.tool.clone(),
            output: self.records_files[i].clone(),
        });
        if let (Some(inc), Some(entry)) = (&self.batch.incremental, &entry) {
            if let Some(unchanged) = self.skip(&inc.out_dir, entry) {
                return Ok(Processed::Unchanged { records: unchanged, bytes: size, entry: entry.clone() });
            }
        }
        let records = self.batch.isolation.extract(&source, bytes, self.batch.extractor);
        if let Some(sink) = self.per_input {
            sink.write_input(FileRecords { source: &source, records: &records })?;
        }
        if let (true, Some(inc), Some(entry)) = (self.separate_cache, &self.batch.incremental, &entry) {
            output::write_atomically(&inc.out_dir.join(&entry.output), &output::to_jsonl(&records)?)?;
        }
        Ok(self.extracted(records, size, entry))
    }

    /// The result of extracting an input; its records are kept only when
    /// the consuming thread writes them.
    fn extracted(&self, records: Vec<Record>, bytes: u64, entry: Option<Entry>) -> Processed {
        let tally = Tally::of(&records);
        let records = self.per_input.is_none().then_some(records);
        Processed::Extracted { records, tally, bytes, entry }
    }

    /// `Some` when the input can be skipped: with its cached records for an
    /// aggregate output, `None` inside for one file per input. A cache that
    /// cannot be read back means extracting again.
    fn skip(&self, out_dir: &Path, entry: &Entry) -> Option<Option<Vec<Record>>> {
        let previous = self.previous.unchanged(out_dir, entry)?;
        if !self.separate_cache {
            return Some(None);
        }
        let text = std::fs::read_to_string(out_dir.join(&previous.output)).ok()?;
        let records: Result<Vec<Record>, _> = text.lines().map(serde_json::from_str).collect();
        records.ok().map(Some)
    }
}

/// The consuming side: aggregate sink, journal, summary and progress, in
/// input order.
struct Writer<'a> {
    aggregate: Option<Box<dyn Sink>>,
    journal: Option<&'a mut Journal>,
    summary: Summary,
    progress: Progress,
    abort_after: Option<usize>,
}

impl Writer<'_> {
    fn consume(&mut self, input: &Input, processed: Result<Processed, BatchError>) -> Result<(), BatchError> {
        let source = input.source();
        match processed? {
            Processed::Extracted { records, tally, bytes, entry } => {
                if let Some(records) = records {
                    self.write(&source, &records)?;
                }
                // A failed file is not entered: it is tried again next run.
                if let (Some(journal), Some(entry), false) = (self.journal.as_deref_mut(), entry, tally.failed()) {
                    journal.record(entry)?;
                }
                self.summary.add_extracted(&source, &tally, bytes);
            }
            Processed::Unchanged { records, bytes, entry } => {
                if let Some(records) = records {
                    self.write(&source, &records)?;
                }
                if let Some(journal) = self.journal.as_deref_mut() {
                    journal.keep(&entry);
                }
                self.summary.add_skipped(bytes);
            }
        }
        self.progress.update(figures(&self.summary));
        if self.abort_after == Some(self.summary.files_done()) {
            // Test hook (see `hooks`): stop as `kill -9` would, no clean-up.
            std::process::exit(crate::hooks::ABORT_STATUS);
        }
        Ok(())
    }

    fn write(&mut self, source: &str, records: &[Record]) -> Result<(), SinkError> {
        match &mut self.aggregate {
            Some(sink) => sink.write(FileRecords { source, records }),
            // One file per input: the worker wrote it.
            None => Ok(()),
        }
    }
}

fn figures(summary: &Summary) -> Figures {
    Figures { done: summary.files_done(), bytes: summary.input_bytes, failed: summary.files.failed }
}
