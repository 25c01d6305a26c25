//! The CSV format: one file per record kind in an output folder, for
//! spreadsheets and pandas.
//!
//! Files: `documents.csv`, `projects.csv`, `amounts.csv` (one row per
//! project amount, so nobody has to parse JSON to sum money),
//! `indicators.csv`, `line_items.csv`, `diagnostics.csv`. Each starts with a
//! header row, written even when no row follows. Columns: `id` (per kind,
//! from 1, over the whole output), `document_id` (the row of the input's
//! document) on every non-document row, then the record's fields in model
//! order, `source` first. `amounts.csv` has `id, project_id, document_id,
//! source, position, label, value, unit, yuan`.
//!
//! Cells: null is an empty cell; numbers are their JSON text; decimal
//! strings are copied unchanged (never through a float); lists and maps are
//! compact JSON. UTF-8, optionally preceded by a byte-order mark, without
//! which Excel reads the Chinese text as the local code page.
//!
//! Rows are streamed through a buffer, so memory does not grow with the
//! number of inputs. Files are written under hidden temporary names and
//! renamed into place by `finish` (see `staging.rs`).

use std::borrow::Cow;
use std::fs::File;
use std::io::Write;
use std::path::Path;

use budget_records::{Amount, Diagnostic, Document, Indicator, LineItem, Project};

use crate::rows::{self, AmountOwner, Cell, Progress, RowSink};
use crate::staging::{create_dir, io_error, Staged};
use crate::{FileRecords, Sink, SinkError};

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Writes the records as one CSV file per kind into a folder.
#[derive(Debug)]
pub struct CsvSink {
    progress: Progress,
    files: Files,
    /// The output folder, for error messages.
    dir: String,
}

/// The six files, one per kind of row.
#[derive(Debug)]
struct Files {
    documents: CsvFile,
    projects: CsvFile,
    amounts: CsvFile,
    indicators: CsvFile,
    line_items: CsvFile,
    diagnostics: CsvFile,
}

impl CsvSink {
    /// Starts writing into the folder `dir`, creating it if needed. With
    /// `excel_bom`, every file starts with the UTF-8 byte-order mark so that
    /// Excel opens the Chinese text correctly. Nothing appears under the
    /// final file names until [`Sink::finish`] succeeds.
    pub fn create(dir: &Path, excel_bom: bool) -> Result<CsvSink, SinkError> {
        create_dir(dir)?;
        let open = |name: &str, keys: &[&str], columns: &[&str]| {
            CsvFile::create(&dir.join(name), excel_bom, keys, columns)
        };
        let with_document = ["id", "document_id"];
        let files = Files {
            documents: open("documents.csv", &["id"], &rows::DOCUMENT_COLUMNS)?,
            projects: open("projects.csv", &with_document, &rows::PROJECT_COLUMNS)?,
            amounts: open(
                "amounts.csv",
                &["id", "project_id", "document_id", "source"],
                &rows::AMOUNT_COLUMNS,
            )?,
            indicators: open("indicators.csv", &with_document, &rows::INDICATOR_COLUMNS)?,
            line_items: open("line_items.csv", &with_document, &rows::LINE_ITEM_COLUMNS)?,
            diagnostics: open("diagnostics.csv", &with_document, &rows::DIAGNOSTIC_COLUMNS)?,
        };
        Ok(CsvSink {
            progress: Progress::default(),
            files,
            dir: dir.display().to_string(),
        })
    }
}

impl Sink for CsvSink {
    fn write(&mut self, file: FileRecords<'_>) -> Result<(), SinkError> {
        self.progress.write(file, &mut self.files)
    }

    fn finish(self: Box<Self>) -> Result<(), SinkError> {
        self.progress
            .check_complete(&format!("CSV files in {}", self.dir))?;
        let Files {
            documents,
            projects,
            amounts,
            indicators,
            line_items,
            diagnostics,
        } = self.files;
        let files = [
            documents,
            projects,
            amounts,
            indicators,
            line_items,
            diagnostics,
        ];
        // Every file complete on disk before any is renamed: a failure here
        // publishes nothing (the unpublished ones clean up as they drop).
        let mut done = Vec::with_capacity(files.len());
        for f in files {
            done.push(f.close()?);
        }
        for staged in done {
            staged.publish()?;
        }
        Ok(())
    }
}

impl RowSink for Files {
    fn document(&mut self, id: i64, d: &Document) -> Result<(), SinkError> {
        self.documents
            .row(&[Cell::Int(id)], &rows::document_cells(d))
    }

    fn project(&mut self, id: i64, document_id: i64, p: &Project) -> Result<(), SinkError> {
        self.projects.row(
            &[Cell::Int(id), Cell::Int(document_id)],
            &rows::project_cells(p),
        )
    }

    fn amount(
        &mut self,
        id: i64,
        owner: AmountOwner<'_>,
        position: usize,
        a: &Amount,
    ) -> Result<(), SinkError> {
        let keys = [
            Cell::Int(id),
            Cell::Int(owner.project_id),
            Cell::Int(owner.document_id),
            Cell::Text(owner.source),
        ];
        self.amounts.row(&keys, &rows::amount_cells(position, a))
    }

    fn indicator(&mut self, id: i64, document_id: i64, i: &Indicator) -> Result<(), SinkError> {
        self.indicators.row(
            &[Cell::Int(id), Cell::Int(document_id)],
            &rows::indicator_cells(i),
        )
    }

    fn line_item(&mut self, id: i64, document_id: i64, l: &LineItem) -> Result<(), SinkError> {
        self.line_items.row(
            &[Cell::Int(id), Cell::Int(document_id)],
            &rows::line_item_cells(l),
        )
    }

    fn diagnostic(&mut self, id: i64, document_id: i64, d: &Diagnostic) -> Result<(), SinkError> {
        let keys = [Cell::Int(id), Cell::Int(document_id)];
        self.diagnostics.row(&keys, &rows::diagnostic_cells(d))
    }
}

/// One CSV file being written.
#[derive(Debug)]
struct CsvFile {
    // Declared before `staged` so it is closed before the temporary file is
    // removed on drop.
    writer: csv::Writer<File>,
    staged: Staged,
}

impl CsvFile {
    /// Creates the temporary file for `dest` and writes the BOM (if asked)
    /// and the header row.
    fn create(
        dest: &Path,
        bom: bool,
        keys: &[&str],
        columns: &[&str],
    ) -> Result<CsvFile, SinkError> {
        let staged = Staged::new(dest)?;
        let mut file = staged.create()?;
        if bom {
            file.write_all(BOM).map_err(|e| io_error(staged.tmp(), e))?;
        }
        // The csv writer buffers on its own; a larger buffer than its 8 KiB
        // default means fewer system calls on big runs.
        let writer = csv::WriterBuilder::new()
            .buffer_capacity(1 << 16)
            .from_writer(file);
        let mut f = CsvFile { writer, staged };
        f.writer
            .write_record(keys.iter().chain(columns))
            .map_err(|e| f.error(e))?;
        Ok(f)
    }

    /// Writes one row: the key cells, then the record's cells.
    fn row(&mut self, keys: &[Cell<'_>], cells: &[Cell<'_>]) -> Result<(), SinkError> {
        for cell in keys.iter().chain(cells) {
            let written = self.writer.write_field(cell_text(cell).as_bytes());
            written.map_err(|e| self.error(e))?;
        }
        let ended = self.writer.write_record(std::iter::empty::<&[u8]>());
        ended.map_err(|e| self.error(e))
    }

    /// Flushes and syncs the file, leaving it ready to be published.
    fn close(self) -> Result<Staged, SinkError> {
        let CsvFile { writer, staged } = self;
        let file = writer
            .into_inner()
            .map_err(|e| io_error(staged.tmp(), e.into_error()))?;
        file.sync_all().map_err(|e| io_error(staged.tmp(), e))?;
        Ok(staged)
    }

    fn error(&self, source: csv::Error) -> SinkError {
        SinkError::Csv {
            path: self.staged.tmp().display().to_string(),
            source,
        }
    }
}

/// A cell as CSV text: null as an empty cell, numbers as their JSON text,
/// text and JSON as they are.
fn cell_text<'c>(cell: &'c Cell<'_>) -> Cow<'c, str> {
    match cell {
        Cell::Null => Cow::Borrowed(""),
        Cell::Int(n) => Cow::Owned(n.to_string()),
        // `Number` spells floats as the JSON output does (10.0, not 10);
        // a NaN or infinity, which JSON writes as null, is an empty cell.
        Cell::Real(x) => serde_json::Number::from_f64(*x)
            .map_or(Cow::Borrowed(""), |n| Cow::Owned(n.to_string())),
        Cell::Text(s) => Cow::Borrowed(s),
        Cell::Json(s) => Cow::Borrowed(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_render_as_json_text_and_null_as_empty() {
        assert_eq!(cell_text(&Cell::Null), "");
        assert_eq!(cell_text(&Cell::Int(42)), "42");
        assert_eq!(cell_text(&Cell::Real(10.0)), "10.0");
        assert_eq!(cell_text(&Cell::Real(0.25)), "0.25");
        assert_eq!(cell_text(&Cell::Real(f64::NAN)), "");
        assert_eq!(cell_text(&Cell::Text("1100000.005")), "1100000.005");
        assert_eq!(cell_text(&Cell::Json("[1,2]".into())), "[1,2]");
    }
}
