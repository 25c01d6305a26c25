//! Where records go once a file is extracted: each output format is a
//! [`Sink`] that receives every input's records, one input at a time and in
//! input order, and makes its output visible only when [`Sink::finish`]
//! succeeds (temporary names renamed into place), so a killed run never
//! leaves a half-written file that looks complete.
#![forbid(unsafe_code)]

use budget_records::Record;
use thiserror::Error;

/// One input file's records, as handed to a sink.
#[derive(Debug, Clone, Copy)]
pub struct FileRecords<'a> {
    /// The input path as given (the records' `source`).
    pub source: &'a str,
    /// Every record of the file, in extraction order (document first).
    pub records: &'a [Record],
}

/// Why output could not be written.
#[derive(Debug, Error)]
pub enum SinkError {
    /// A file or folder could not be created, written or renamed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file or folder.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Anything else, with its context in the message.
    #[error("{0}")]
    Other(String),
}

/// An output format being written.
pub trait Sink: Send {
    /// Adds one input's records. Called once per input, in input order.
    fn write(&mut self, file: FileRecords<'_>) -> Result<(), SinkError>;
    /// Completes the output and moves it into place.
    fn finish(self: Box<Self>) -> Result<(), SinkError>;
}
