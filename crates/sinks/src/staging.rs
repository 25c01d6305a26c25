//! Temporary output files that become visible only when the run succeeds.
//!
//! Each output is written under a hidden temporary name beside its final
//! path (same folder, so the final rename stays on one file system and is
//! atomic) and renamed into place by [`Staged::publish`]. A [`Staged`] that
//! is dropped unpublished — the run failed or was abandoned — removes its
//! temporary file, so neither a final-looking file nor litter is left.

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::SinkError;

/// The temporary name an output is written under before it is renamed to
/// `dest`: `.NAME.PID.tmp` in the same folder (hidden, so a folder walk
/// never takes it for an input or an output). `None` when `dest` names no
/// file. Every output of the program is staged under this name.
pub fn staging_path(dest: &Path) -> Option<PathBuf> {
    let name = dest.file_name()?;
    Some(dest.with_file_name(format!(".{}.{}.tmp", name.to_string_lossy(), std::process::id())))
}

/// An output file being written under a temporary name.
#[derive(Debug)]
pub(crate) struct Staged {
    /// Where the file is being written: `.NAME.PID.tmp` beside `dest`.
    tmp: PathBuf,
    /// Where it goes on success.
    dest: PathBuf,
    /// Set once renamed, so drop leaves the file alone.
    published: bool,
}

impl Staged {
    /// Plans `dest`'s temporary name, removing any stale file of that name
    /// (left by a killed earlier run that had the same process id).
    pub(crate) fn new(dest: &Path) -> Result<Staged, SinkError> {
        let tmp = staging_path(dest)
            .ok_or_else(|| SinkError::Other(format!("{} names no file", dest.display())))?;
        match std::fs::remove_file(&tmp) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io_error(&tmp, e)),
            _ => {}
        }
        Ok(Staged {
            tmp,
            dest: dest.to_owned(),
            published: false,
        })
    }

    /// The temporary path being written.
    pub(crate) fn tmp(&self) -> &Path {
        &self.tmp
    }

    /// Creates the temporary file.
    pub(crate) fn create(&self) -> Result<File, SinkError> {
        File::create(&self.tmp).map_err(|e| io_error(&self.tmp, e))
    }

    /// Forces the temporary file's contents to disk, so the rename cannot
    /// expose an empty or partial file after a crash of the machine.
    pub(crate) fn sync(&self) -> Result<(), SinkError> {
        File::open(&self.tmp)
            .and_then(|f| f.sync_all())
            .map_err(|e| io_error(&self.tmp, e))
    }

    /// Renames the temporary file to its final path, replacing any file
    /// already there.
    pub(crate) fn publish(mut self) -> Result<(), SinkError> {
        std::fs::rename(&self.tmp, &self.dest).map_err(|e| io_error(&self.dest, e))?;
        self.published = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.published {
            // Nothing useful can be done if this fails: the run is already
            // failing, and the hidden name makes the leftover harmless.
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// An I/O error naming the file or folder it happened on.
pub(crate) fn io_error(path: &Path, source: std::io::Error) -> SinkError {
    SinkError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Creates `dir` and its parents if missing.
pub(crate) fn create_dir(dir: &Path) -> Result<(), SinkError> {
    std::fs::create_dir_all(dir).map_err(|e| io_error(dir, e))
}
