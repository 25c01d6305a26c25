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
mod spaced;

pub use spaced::{is_space_aligned, rows as spaced_rows};

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
    // Columns of a table that ran to the end of the previous page.
    let mut carried = Carried::default();
    for page in &doc.pages {
        if !out.is_empty() {
            let line = out.len() as u32 + 1;
            out.push(Row::new(line, [""]));
        }
        let (rows, next) = page_rows_after(page, std::mem::take(&mut carried));
        carried = next;
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
    page_rows_after(page, Carried::default()).0
}

/// The columns of a table that runs to the end of a page, for the page after.
#[derive(Debug, Default)]
struct Carried {
    /// Column bounds of a borderless table.
    free: Option<Vec<f32>>,
    /// Vertical rule positions of a ruled grid.
    grid: Option<Vec<f32>>,
}

/// Rows of one page, given the columns of a table that ran to the end of
/// the previous page; also returns the columns of a table that runs to the
/// end of this one.
fn page_rows_after(page: &Page, carried: Carried) -> (Vec<PageRow>, Carried) {
    let grids = grid::find_grids(&page.rules);
    let mut inside = vec![false; page.glyphs.len()];
    let mut blocks: Vec<Block> = Vec::new();
    for g in &grids {
        let (rows, used) = g.rows(&page.glyphs, &inside);
        for i in used {
            inside[i] = true;
        }
        if !rows.is_empty() {
            blocks.push(Block { top: g.top(), rows, rules: Some(g.xs()) });
        }
    }
    let free: Vec<&budget_pdf::Glyph> = page.glyphs.iter().zip(&inside).filter(|(_, &i)| !i).map(|(g, _)| g).collect();
    let free = lines::free_rows(&free, carried.free);
    let last_columns = free.columns_at_end.clone();
    blocks.extend(free.blocks.into_iter().map(|(top, rows)| Block { top, rows, rules: None }));
    blocks.sort_by(|a, b| a.top.total_cmp(&b.top));
    if let (Some(Block { rows, rules: Some(xs), .. }), Some(previous)) = (blocks.first_mut(), &carried.grid) {
        respread(rows, xs, previous);
    }
    // Columns carry over only when the table is the last thing on the page.
    let next = Carried {
        free: last_columns.filter(|_| blocks.last().is_some_and(|b| free.last_table_top == Some(b.top))),
        grid: last_grid(&blocks),
    };
    (blocks.into_iter().flat_map(|b| b.rows).collect(), next)
}

/// Rows of one grid or one run of loose lines, by their top on the page.
struct Block<'g> {
    top: f32,
    rows: Vec<PageRow>,
    /// A grid's vertical rule positions; `None` for loose lines.
    rules: Option<&'g [f32]>,
}

/// The vertical rules of the page's last grid, when nothing but footer
/// lines (page numbers: one cell a row) follows it.
fn last_grid(blocks: &[Block]) -> Option<Vec<f32>> {
    let footer = |rows: &[PageRow]| rows.iter().all(|r| r.cells.iter().filter(|c| !c.is_empty()).count() <= 1);
    let k = blocks.iter().rposition(|b| b.rules.is_some() || !footer(&b.rows))?;
    blocks[k].rules.map(<[f32]>::to_vec)
}

/// A ruled table continued at the top of a new page whose first rows span
/// columns (a 合计 across 类 | 款 | 项 | 名称) has fewer vertical rules than
/// it had on the page before. When its rules are a subset of those, each of
/// its cells goes back to the column it starts in, and the columns it spans
/// stay empty, as for a spanning cell anywhere else.
fn respread(rows: &mut [PageRow], xs: &[f32], previous: &[f32]) {
    use grid::SNAP;
    if xs.len() >= previous.len() {
        return;
    }
    let Some(at): Option<Vec<usize>> = xs.iter().map(|x| previous.iter().position(|p| (p - x).abs() <= SNAP)).collect() else {
        return;
    };
    if at.first() != Some(&0) || at.last() != Some(&(previous.len() - 1)) {
        return;
    }
    for row in rows {
        let mut cells = vec![String::new(); previous.len() - 1];
        for (cell, &column) in std::mem::take(&mut row.cells).into_iter().zip(&at) {
            cells[column] = cell;
        }
        row.cells = cells;
    }
}
