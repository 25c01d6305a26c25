//! Where records go once a file is extracted: each output format is a
//! [`Sink`] that receives every input's records, one input at a time and in
//! input order, and makes its output visible only when [`Sink::finish`]
//! succeeds (temporary names renamed into place), so a killed run never
//! leaves a half-written file that looks complete.
//!
//! Two formats live here: [`CsvSink`] (one CSV file per record kind, for
//! spreadsheets and pandas) and [`SqliteSink`] (one database, for SQL).
//! Both flatten records the same way (see `rows.rs`) and number rows the
//! same way: ids run per kind over the whole output, from 1, in input order.
#![forbid(unsafe_code)]

mod csv_sink;
mod rows;
mod sqlite_sink;
mod staging;

use budget_records::Record;
use thiserror::Error;

pub use csv_sink::CsvSink;
pub use sqlite_sink::{SqliteSink, INDEXES, SCHEMA, SCHEMA_VERSION};
pub use staging::staging_path;

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
    /// A CSV file could not be written.
    #[error("cannot write {path}: {source}")]
    Csv {
        /// The CSV file.
        path: String,
        /// The underlying error.
        source: csv::Error,
    },
    /// The SQLite database could not be written.
    #[error("cannot write {path} ({doing}): {source}")]
    Sqlite {
        /// The database file.
        path: String,
        /// What was being done, e.g. which input's records were being added.
        doing: String,
        /// The underlying error.
        source: rusqlite::Error,
    },
    /// An input's records break the [`FileRecords`] contract.
    #[error("cannot write the records of {input}: {reason}")]
    Records {
        /// The input path.
        input: String,
        /// What is wrong with its records.
        reason: String,
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
