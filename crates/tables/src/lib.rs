//! Positioned text to rows of cells: the bridge from PDF pages to the
//! layout stage that text dumps feed.
//!
//! Text dumps give one table row per line with tab-separated cells; this
//! crate makes the same from geometry. Where ruling lines form a grid, its
//! cells are the cells (a spanning cell's text goes to the first row and
//! column it spans, the others left empty, as dumps do). Elsewhere glyphs
//! are grouped into lines by their vertical position and into segments by
//! the horizontal gaps between them; runs of lines with several segments are
//! tables whose columns are the gaps shared down the run. Text that wraps
//! inside one cell is joined back into one cell. Pages are separated by a
//! blank row, as page breaks are in dumps.
#![forbid(unsafe_code)]

mod grid;
mod lines;

use budget_normalize::{Place, Row};
use budget_pdf::{Document, Page};


/// A row of cell texts with its box, before numbering.
#[derive(Debug, Clone, PartialEq)]
pub struct PageRow {
    /// Cell texts, left to right.
    pub cells: Vec<String>,
    /// Box: left, top, right, bottom.
    pub bbox: [f32; 4],
}

/// Rows of a whole document, numbered in reading order, a blank row between pages.
pub fn rows(doc: &Document) -> Vec<Row> {
    let mut out: Vec<Row> = Vec::new();
    // Columns of a borderless table that ran to the end of the previous page.
    let mut carried: Option<Vec<f32>> = None;
    for page in &doc.pages {
        if !out.is_empty() {
            let line = out.len() as u32 + 1;
            out.push(Row::new(line, [""]));
        }
        let (rows, columns) = page_rows_after(page, carried.take());
        carried = columns;
        for r in rows {
            let line = out.len() as u32 + 1;
            let mut row = Row::new(line, r.cells);
            row.place = Some(Place { page: page.number, bbox: r.bbox });
            out.push(row);
        }
    }
    out
}

/// Rows of one page, top to bottom.
pub fn page_rows(page: &Page) -> Vec<PageRow> {
    page_rows_after(page, None).0
}

/// Rows of one page, given the columns of a borderless table that ran to the
/// end of the previous page; also returns the columns of a borderless table
/// that runs to the end of this one.
fn page_rows_after(page: &Page, carried: Option<Vec<f32>>) -> (Vec<PageRow>, Option<Vec<f32>>) {
    let grids = grid::find_grids(&page.rules);
    let mut inside = vec![false; page.glyphs.len()];
    let mut blocks: Vec<(f32, Vec<PageRow>)> = Vec::new();
    for g in &grids {
        let (rows, used) = g.rows(&page.glyphs, &inside);
        for i in used {
            inside[i] = true;
        }
        if !rows.is_empty() {
            blocks.push((g.top(), rows));
        }
    }
    let free: Vec<&budget_pdf::Glyph> = page.glyphs.iter().zip(&inside).filter(|(_, &i)| !i).map(|(g, _)| g).collect();
    let free = lines::free_rows(&free, carried);
    let last_columns = free.columns_at_end.clone();
    blocks.extend(free.blocks);
    blocks.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Columns carry over only when the borderless table is the last thing on the page.
    let ends_page = blocks.last().is_some_and(|(top, _)| free.last_table_top == Some(*top));
    (blocks.into_iter().flat_map(|(_, rows)| rows).collect(), last_columns.filter(|_| ends_page))
}
