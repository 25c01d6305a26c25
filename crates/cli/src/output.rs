//! Writes records as JSON Lines, as two [`Sink`]s: [`JsonlDirSink`] (one
//! `.jsonl` per input into an output folder) and [`JsonlStreamSink`] (one
//! stream, on stdout). Files are written under a temporary name and renamed
//! into place, so a reader never sees half a file and an interrupted run
//! leaves the previous output intact.
#![forbid(unsafe_code)]

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use std::collections::HashMap;

use budget_records::Record;
use budget_sinks::{staging_path, FileRecords, Sink, SinkError};
use thiserror::Error;

use crate::inputs::Input;

/// Why output could not be written. All of these end the run with status 2.
#[derive(Debug, Error)]
pub enum OutputError {
    /// A folder could not be created.
    #[error("cannot create folder {}: {source}", path.display())]
    CreateDir {
        /// The folder.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// A file could not be written or renamed into place.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// A record could not be serialized (a bug in the record types).
    #[error("cannot serialize a record of {source_path}: {error}")]
    Serialize {
        /// The record's source.
        source_path: String,
        /// The underlying error.
        error: io::Error,
    },
    /// Two inputs would write the same output file.
    #[error("{} and {} both map to {}; give them in separate runs or rename one", first.display(), second.display(), output.display())]
    Collision {
        /// The output file both map to.
        output: PathBuf,
        /// One input.
        first: PathBuf,
        /// The other input.
        second: PathBuf,
    },
}

/// Serializes records as JSON Lines: one compact object per line, each line
/// ending in `\n`, encoded by [`crate::encode`]: the bytes serde_json
/// writes for the records, with sonic-rs's SIMD string escaping (serde_json's
/// byte-at-a-time escaping was a sixth of a text run, most of it on Chinese
/// text that needs no escape).
pub fn to_jsonl(records: &[Record]) -> Result<Vec<u8>, OutputError> {
    // Sized for a little more than the typical record (400 to 600 bytes),
    // so the buffer is not copied over and over as it doubles.
    let mut bytes = Vec::with_capacity(records.len() * 640);
    for record in records {
        crate::encode::write_record(&mut bytes, record).map_err(|error| OutputError::Serialize {
            source_path: record_source(record).to_string(),
            error,
        })?;
        bytes.push(b'\n');
    }
    Ok(bytes)
}

/// The `source` of any record, for error messages.
fn record_source(record: &Record) -> &str {
    match record {
        Record::Document(r) => &r.source,
        Record::Project(r) => &r.source,
        Record::Indicator(r) => &r.source,
        Record::LineItem(r) => &r.source,
        Record::Diagnostic(r) => &r.source,
    }
}

/// `<out>/<sub-folders>/<file name>.jsonl` for an input: the input's place
/// under the folder it was found in, with `.jsonl` appended to the name (so
/// `a.txt` and `a.md` do not collide).
pub fn output_path(out_dir: &Path, input: &Input) -> PathBuf {
    let folder = input.relative.parent().map_or_else(|| out_dir.to_path_buf(), |p| out_dir.join(p));
    folder.join(jsonl_name(&input.file_name()))
}

/// `<file name>.jsonl`.
pub fn jsonl_name(file_name: &str) -> String {
    format!("{file_name}.jsonl")
}

/// The output file of every input, refusing two inputs that would land on
/// the same file (one would silently overwrite the other).
pub fn plan(inputs: &[Input], target: impl Fn(&Input) -> PathBuf) -> Result<Vec<PathBuf>, OutputError> {
    let targets: Vec<PathBuf> = inputs.iter().map(target).collect();
    let mut order: Vec<usize> = (0..targets.len()).collect();
    order.sort_by(|&a, &b| targets[a].cmp(&targets[b]));
    for pair in order.windows(2) {
        if targets[pair[0]] == targets[pair[1]] {
            return Err(OutputError::Collision {
                output: targets[pair[0]].clone(),
                first: inputs[pair[0]].path.clone(),
                second: inputs[pair[1]].path.clone(),
            });
        }
    }
    Ok(targets)
}

/// One `.jsonl` per input, each written atomically as soon as the input's
/// records arrive (so each is complete or absent, and a killed run keeps the
/// files it finished). Inputs are recognised by their `source`.
#[derive(Debug)]
pub struct JsonlDirSink {
    targets: HashMap<String, PathBuf>,
}

impl JsonlDirSink {
    /// A sink writing the input with `source` to its planned file (see
    /// [`plan`]).
    pub fn new(targets: impl IntoIterator<Item = (String, PathBuf)>) -> JsonlDirSink {
        JsonlDirSink { targets: targets.into_iter().collect() }
    }
}

impl JsonlDirSink {
    /// Writes one input's file. Takes `&self`: each file depends on its
    /// input alone, so workers may write theirs at the same time.
    pub fn write_input(&self, file: FileRecords<'_>) -> Result<(), SinkError> {
        let target = self.targets.get(file.source).ok_or_else(|| {
            SinkError::Other(format!("no output file was planned for {} (a bug in budget-extract)", file.source))
        })?;
        write_atomically(target, &to_jsonl(file.records)?).map_err(SinkError::from)
    }
}

impl Sink for JsonlDirSink {
    fn write(&mut self, file: FileRecords<'_>) -> Result<(), SinkError> {
        self.write_input(file)
    }

    fn finish(self: Box<Self>) -> Result<(), SinkError> {
        Ok(())
    }
}

/// Every input's records as one JSON Lines stream, in input order. A reader
/// that goes away (`| head`) is not an error: it has all it wanted, and the
/// rest is dropped.
pub struct JsonlStreamSink<W: Write + Send> {
    out: io::BufWriter<W>,
    closed: bool,
}

impl JsonlStreamSink<io::Stdout> {
    /// The stream on stdout.
    pub fn stdout() -> JsonlStreamSink<io::Stdout> {
        JsonlStreamSink::new(io::stdout())
    }
}

impl<W: Write + Send> JsonlStreamSink<W> {
    /// The stream on any writer.
    pub fn new(out: W) -> JsonlStreamSink<W> {
        JsonlStreamSink { out: io::BufWriter::new(out), closed: false }
    }

    /// Maps a broken pipe to "closed", other errors to a sink error.
    fn absorb(&mut self, result: io::Result<()>) -> Result<(), SinkError> {
        match result {
            Err(err) if err.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            other => other.map_err(|source| SinkError::Io { path: "stdout".into(), source }),
        }
    }
}

impl<W: Write + Send> Sink for JsonlStreamSink<W> {
    fn write(&mut self, file: FileRecords<'_>) -> Result<(), SinkError> {
        if self.closed {
            return Ok(());
        }
        let bytes = to_jsonl(file.records)?;
        let written = self.out.write_all(&bytes);
        self.absorb(written)
    }

    fn finish(mut self: Box<Self>) -> Result<(), SinkError> {
        if self.closed {
            return Ok(());
        }
        let flushed = self.out.flush();
        self.absorb(flushed)
    }
}

impl From<OutputError> for SinkError {
    fn from(err: OutputError) -> SinkError {
        match err {
            OutputError::Write { path, source } => SinkError::Io { path: path.display().to_string(), source },
            other => SinkError::Other(other.to_string()),
        }
    }
}

/// Creates a folder and its parents.
pub fn create_dir(path: &Path) -> Result<(), OutputError> {
    std::fs::create_dir_all(path).map_err(|source| OutputError::CreateDir { path: path.to_path_buf(), source })
}

/// Writes `bytes` to `path` through a temporary file in the same folder
/// (same file system, so the rename is atomic), creating the folder if
/// needed. The temporary name is hidden so a folder walk never picks it up.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let temp = staging_path(path).unwrap_or_else(|| folder.join(format!(".{}.tmp", std::process::id())));
    // The folder nearly always exists already: asking first cost two system
    // calls per output file, so create it only when the write says it is
    // missing.
    let written = match std::fs::write(&temp, bytes) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            create_dir(folder)?;
            std::fs::write(&temp, bytes)
        }
        other => other,
    };
    let result = written.and_then(|()| std::fs::rename(&temp, path));
    result.map_err(|source| {
        // Best effort: do not leave the temporary file behind on failure.
        let _ = std::fs::remove_file(&temp);
        OutputError::Write { path: path.to_path_buf(), source }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(path: &str, relative: &str) -> Input {
        Input { path: path.into(), relative: relative.into() }
    }

    #[test]
    fn output_keeps_sub_folders_and_appends_jsonl() {
        let out = Path::new("out");
        assert_eq!(output_path(out, &input("corpus/000_x.txt", "000_x.txt")), Path::new("out/000_x.txt.jsonl"));
        assert_eq!(output_path(out, &input("c/2024/a.md", "2024/a.md")), Path::new("out/2024/a.md.jsonl"));
    }

    #[test]
    fn writing_creates_missing_folders_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("2024/zj/a.txt.jsonl");
        write_atomically(&target, b"{}\n").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"{}\n");
        write_atomically(&target, b"[]\n").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"[]\n");
        let names: Vec<_> = std::fs::read_dir(target.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["a.txt.jsonl"]);
    }

    #[test]
    fn colliding_outputs_are_refused() {
        let inputs = [input("a/x.txt", "x.txt"), input("b/y.txt", "y.txt"), input("b/x.txt", "x.txt")];
        let err = plan(&inputs, |i| output_path(Path::new("out"), i)).unwrap_err();
        assert!(matches!(err, OutputError::Collision { .. }), "{err}");
        assert!(err.to_string().contains("a/x.txt and b/x.txt"), "{err}");
    }
}
