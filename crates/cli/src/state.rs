//! What `--incremental` remembers between runs into one output folder, in
//! `DIR/.budget-extract/`:
//!
//! - `state.jsonl`: one line per input extracted successfully, `{"input":
//!   relative path, "source": path as given, "hash": BLAKE3 of the bytes,
//!   "tool": version and executable hash, "output": where its records are,
//!   relative to DIR}`; when an input appears on several lines the last one
//!   counts.
//! - `records/<relative path>.jsonl`: each input's records, for aggregate
//!   formats (CSV, SQLite), whose single output file must be rebuilt whole
//!   from every input's records on each run. With one `.jsonl` per input,
//!   those files are the records and no copy is kept.
//!
//! Why a journal rather than one JSON document rewritten after every
//! chunk: rewriting the whole state after each chunk costs time in the size
//! of the archive, so over a run the cost grows with its square (50 000
//! inputs, chunks of 8: some 40 GB written). Appending one line as each
//! input's output is written costs the same per input however large the
//! archive, and a killed run loses nothing it finished. A line is written
//! with one `write` call on a file opened for appending, after the records
//! it names are in place, so a kill leaves at most one torn last line,
//! which loading ignores (that input is then extracted again). At the end
//! of a run the journal is rewritten atomically with one line per current
//! input, so it does not grow from run to run.
//!
//! An entry lets an input be skipped only when the bytes, the tool (a
//! rebuilt binary counts as another tool), the path as given and the output
//! location all match, and its records file exists. Files that failed are
//! not entered, so they are tried again on every run (their failure may
//! have been a timeout or a read error, and failing again is quick).
#![forbid(unsafe_code)]

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::output::{self, OutputError};

/// The folder, under the output folder, holding the state.
pub const STATE_DIR: &str = ".budget-extract";
/// The journal's name in [`STATE_DIR`].
const JOURNAL: &str = "state.jsonl";
/// Where the per-input records of aggregate formats are kept, relative to
/// the output folder.
pub const RECORDS_DIR: &str = ".budget-extract/records";

/// Why the state could not be read or written; the run stops (status 2).
#[derive(Debug, Error)]
pub enum StateError {
    /// The journal exists but cannot be read, or cannot be appended to.
    #[error("cannot use the incremental state {}: {source}", path.display())]
    Io {
        /// The journal.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// Writing the compacted journal or a folder failed.
    #[error(transparent)]
    Output(#[from] OutputError),
}

/// One input's entry: what its records were made from and where they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The input's path relative to the folder it was found in (`/`-separated).
    pub input: String,
    /// The path as given, which the records carry as `source`.
    pub source: String,
    /// BLAKE3 of the input's bytes, hex.
    pub hash: String,
    /// The tool that extracted it; see [`tool_version`].
    pub tool: String,
    /// The records file, relative to the output folder (`/`-separated).
    pub output: String,
}

/// The entries of the last run, read-only while workers consult them.
#[derive(Debug, Default)]
pub struct Previous {
    entries: HashMap<String, Entry>,
}

impl Previous {
    /// The previous entry for `input` if it still describes `candidate`
    /// (same bytes, tool, source and output) and its records file exists.
    pub fn unchanged(&self, out_dir: &Path, candidate: &Entry) -> Option<&Entry> {
        let entry = self.entries.get(&candidate.input)?;
        (entry == candidate && out_dir.join(&entry.output).is_file()).then_some(entry)
    }
}

/// The journal being written by this run.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    file: File,
    current: BTreeMap<String, Entry>,
}

/// `DIR/.budget-extract/state.jsonl`.
fn journal_path(out_dir: &Path) -> PathBuf {
    out_dir.join(STATE_DIR).join(JOURNAL)
}

/// Reads the last run's entries and opens the journal for this run.
pub fn open(out_dir: &Path) -> Result<(Previous, Journal), StateError> {
    let path = journal_path(out_dir);
    let io_error = |source| StateError::Io { path: path.clone(), source };
    let text = match std::fs::read(&path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(err) if err.kind() == io::ErrorKind::NotFound => String::new(),
        Err(err) => return Err(io_error(err)),
    };
    // A line that does not parse (a torn last line) is dropped: its input
    // is extracted again.
    let entries = text.lines().filter_map(|line| serde_json::from_str::<Entry>(line).ok()).map(|e| (e.input.clone(), e));
    let previous = Previous { entries: entries.collect() };
    output::create_dir(&out_dir.join(STATE_DIR))?;
    let file = File::options().create(true).append(true).open(&path).map_err(io_error)?;
    Ok((previous, Journal { path, file, current: BTreeMap::new() }))
}

impl Journal {
    /// Notes that `entry`'s records are in place (appended at once).
    pub fn record(&mut self, entry: Entry) -> Result<(), StateError> {
        let mut line = serde_json::to_string(&entry).map_err(|e| StateError::Io { path: self.path.clone(), source: e.into() })?;
        line.push('\n');
        // One write call per line: see the module documentation.
        self.file.write_all(line.as_bytes()).map_err(|source| StateError::Io { path: self.path.clone(), source })?;
        self.current.insert(entry.input.clone(), entry);
        Ok(())
    }

    /// Keeps an unchanged input's entry (already in the journal).
    pub fn keep(&mut self, entry: &Entry) {
        self.current.insert(entry.input.clone(), entry.clone());
    }

    /// Ends the run: removes the records files of inputs the last run had
    /// and this one does not (`present` holds this run's inputs), and
    /// rewrites the journal with this run's entries only. Returns the
    /// removed files.
    pub fn finish(self, out_dir: &Path, previous: &Previous, present: &dyn Fn(&str) -> bool) -> Result<Vec<PathBuf>, StateError> {
        let mut removed = Vec::new();
        let gone = |e: &&Entry| !present(&e.input) && !self.current.contains_key(&e.input);
        // Only plain relative paths: an edited journal must not delete files elsewhere.
        let inside = |e: &&Entry| Path::new(&e.output).components().all(|c| matches!(c, Component::Normal(_)));
        for entry in previous.entries.values().filter(gone).filter(inside) {
            let file = out_dir.join(&entry.output);
            // Already gone is fine: the user may have cleaned up.
            if std::fs::remove_file(&file).is_ok() {
                removed.push(file);
            }
        }
        let mut text = String::new();
        for entry in self.current.values() {
            let line = serde_json::to_string(entry).map_err(|e| StateError::Io { path: self.path.clone(), source: e.into() })?;
            text.push_str(&line);
            text.push('\n');
        }
        drop(self.file);
        output::write_atomically(&self.path, text.as_bytes())?;
        removed.sort();
        Ok(removed)
    }
}

/// BLAKE3 of `bytes`, hex.
pub fn content_hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// This tool's identity for the state: the package version and a hash of
/// the running executable, so that a rebuilt binary (whose extraction may
/// differ under the same version number) re-extracts everything.
pub fn tool_version() -> Result<String, io::Error> {
    let exe = std::env::current_exe()?;
    let mut hasher = blake3::Hasher::new();
    hasher.update_reader(File::open(&exe)?)?;
    let hex = hasher.finalize().to_hex();
    Ok(format!("{} {}", env!("CARGO_PKG_VERSION"), &hex[..16]))
}

/// The records cache file of an input for aggregate formats, relative to
/// the output folder: `.budget-extract/records/<relative path>.jsonl`.
pub fn cache_file(relative: &Path) -> String {
    format!("{RECORDS_DIR}/{}", output::jsonl_name(&slash_path(relative)))
}

/// `/`-separated form of a relative path, as state entries hold it.
pub fn slash_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(input: &str, hash: &str) -> Entry {
        Entry { input: input.into(), source: format!("in/{input}"), hash: hash.into(), tool: "t".into(), output: format!("{input}.jsonl") }
    }

    #[test]
    fn the_last_line_wins_and_a_torn_line_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let (_, mut journal) = open(dir.path()).unwrap();
        for e in [entry("a", "1"), entry("b", "1"), entry("a", "2")] {
            std::fs::write(dir.path().join(&e.output), "{}\n").unwrap();
            journal.record(e).unwrap();
        }
        drop(journal);
        let mut file = File::options().append(true).open(journal_path(dir.path())).unwrap();
        file.write_all(br#"{"input":"b","sou"#).unwrap();
        let (previous, _) = open(dir.path()).unwrap();
        assert!(previous.unchanged(dir.path(), &entry("a", "2")).is_some());
        assert!(previous.unchanged(dir.path(), &entry("a", "1")).is_none());
        assert!(previous.unchanged(dir.path(), &entry("b", "1")).is_some());
        std::fs::remove_file(dir.path().join("b.jsonl")).unwrap();
        assert!(previous.unchanged(dir.path(), &entry("b", "1")).is_none(), "records file gone");
    }

    #[test]
    fn finishing_drops_inputs_no_longer_present() {
        let dir = tempfile::tempdir().unwrap();
        let (_, mut journal) = open(dir.path()).unwrap();
        for e in [entry("a", "1"), entry("gone", "1")] {
            std::fs::write(dir.path().join(&e.output), "{}\n").unwrap();
            journal.record(e).unwrap();
        }
        drop(journal);
        let (previous, mut journal) = open(dir.path()).unwrap();
        journal.keep(&entry("a", "1"));
        let removed = journal.finish(dir.path(), &previous, &|input| input == "a").unwrap();
        assert_eq!(removed, vec![dir.path().join("gone.jsonl")]);
        let text = std::fs::read_to_string(journal_path(dir.path())).unwrap();
        assert_eq!(text.lines().count(), 1, "{text}");
        assert!(dir.path().join("a.jsonl").exists());
    }
}
