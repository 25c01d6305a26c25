//! Turns the PATH arguments into the list of files to extract: files are
//! taken as given, folders are walked for the file types we read.
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};

use thiserror::Error;
use walkdir::WalkDir;

/// File extensions (lower case) picked up when walking a folder. A file named
/// explicitly on the command line is taken whatever its extension.
pub const EXTENSIONS: [&str; 4] = ["txt", "tsv", "md", "pdf"];

/// One file to extract.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Input {
    /// The path to read, as typed by the user (or the typed folder joined
    /// with the walked part).
    pub path: PathBuf,
    /// Where the file sits relative to the folder it was found in; just the
    /// file name for a file given directly. Output files mirror this.
    pub relative: PathBuf,
}

impl Input {
    /// The `source` written into every record: the path as the user gave it.
    pub fn source(&self) -> String {
        self.path.to_string_lossy().into_owned()
    }

    /// The file name alone (golden files are keyed by it).
    pub fn file_name(&self) -> String {
        let name = self.relative.file_name().unwrap_or(self.relative.as_os_str());
        name.to_string_lossy().into_owned()
    }
}

/// Why the inputs could not be collected. All of these are usage errors.
#[derive(Debug, Error)]
pub enum InputError {
    /// A PATH argument does not exist (or cannot be inspected).
    #[error("cannot use input {}: {source}", path.display())]
    Missing {
        /// The path as given.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Walking a folder failed part way (permissions, a symlink loop...).
    /// We stop rather than silently extract fewer files than asked.
    #[error("cannot walk folder {}: {source}", path.display())]
    Walk {
        /// The folder given.
        path: PathBuf,
        /// The underlying error.
        source: walkdir::Error,
    },
    /// The arguments named no file at all.
    #[error("no input files found (folders are searched for .txt, .tsv, .md and .pdf files)")]
    Empty,
}

/// Collects the input files from the PATH arguments, sorted by path, each
/// path once.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<Input>, InputError> {
    let mut inputs = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path)
            .map_err(|source| InputError::Missing { path: path.clone(), source })?;
        if meta.is_dir() {
            walk(path, &mut inputs)?;
        } else {
            inputs.push(Input { path: path.clone(), relative: file_name_of(path) });
        }
    }
    inputs.sort();
    // The same file reached twice (a folder and a file inside it) is extracted once.
    inputs.dedup_by(|a, b| a.path == b.path);
    if inputs.is_empty() {
        return Err(InputError::Empty);
    }
    Ok(inputs)
}

/// Adds every wanted file under `root` to `inputs`.
fn walk(root: &Path, inputs: &mut Vec<Input>) -> Result<(), InputError> {
    // Follow links so a corpus made of symlinks works; walkdir reports loops.
    let walker = WalkDir::new(root).follow_links(true).into_iter();
    // The root itself may be "." or "..": only hide entries below it.
    for entry in walker.filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name())) {
        let entry = entry.map_err(|source| InputError::Walk { path: root.to_path_buf(), source })?;
        if entry.file_type().is_file() && has_wanted_extension(entry.path()) {
            let relative = entry.path().strip_prefix(root).unwrap_or(entry.path()).to_path_buf();
            inputs.push(Input { path: entry.path().to_path_buf(), relative });
        }
    }
    Ok(())
}

/// The file name of a path given directly, or the whole path when it has
/// none (such as `..`, which cannot be a file anyway).
fn file_name_of(path: &Path) -> PathBuf {
    PathBuf::from(path.file_name().unwrap_or(path.as_os_str()))
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// Whether a walked file has one of [`EXTENSIONS`], in any case.
pub fn has_wanted_extension(path: &Path) -> bool {
    path.extension()
        .map(|ext| ext.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|ext| EXTENSIONS.contains(&ext.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_are_case_insensitive() {
        assert!(has_wanted_extension(Path::new("a/B.TXT")));
        assert!(has_wanted_extension(Path::new("x.Pdf")));
        assert!(!has_wanted_extension(Path::new("x.docx")));
        assert!(!has_wanted_extension(Path::new("txt")));
    }

    #[test]
    fn file_name_keys_ignore_folders() {
        let input = Input { path: "corpus/sub/a.txt".into(), relative: "sub/a.txt".into() };
        assert_eq!(input.file_name(), "a.txt");
        assert_eq!(input.source(), "corpus/sub/a.txt");
    }
}
