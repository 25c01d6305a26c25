//! Layout: finds the tables in a document by their header vocabulary, maps
//! their columns, repairs the rows that conversion broke, and hands typed
//! rows to the records stage.
//!
//! # Advice for hackers
//!
//! The input is a list of rows of normalized cells (`budget_normalize::Row`),
//! blank rows included. The output ([`Layout`]) accounts for every non-blank
//! row: it is used by a table row, a form, a header, or it is listed in a
//! [`Note`] that says why it was not used. Keep that invariant: the corpus
//! tests check it for every seed and every perturbation of it.
//!
//! No rule here may key on a file name, a line number or a project's name.
//! Rules key on header vocabulary (`budget_grammar::header_field`), on cell
//! types (`budget_grammar::classify`) and on the consistency of neighbouring
//! rows. Every repair that changes what a row says is recorded on the row
//! (`repairs`), so the records built from it show it.
#![forbid(unsafe_code)]

mod align;
mod budget;
mod form;
mod header;
mod hierarchy;
mod indicator;
mod names;
mod remap;
mod segment;
mod wrap;

pub use budget::{is_total_label, strip_enumeration, ItemRow};
pub use header::{Column, Header};
pub use indicator::{IndicatorRow, ProjectRow};
pub use names::name_similarity_at_least;
pub use segment::{analyze, is_filler, split_table_number};

use budget_grammar::Scope;

/// What kind of table a header announced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    /// Performance indicators, possibly with project columns.
    Indicators,
    /// Projects with amounts, no indicators.
    Projects,
    /// Budget lines keyed by 科目编码 or by a row label.
    Budget,
    /// Budget lines on two sides (收入 | 支出).
    TwoSided,
    /// One key-value form per project.
    Form,
}

/// One table (or form) found in the document.
#[derive(Debug, Clone, PartialEq)]
pub struct TableInfo {
    /// Title (the heading or title line before the header, without its
    /// number), or `未命名表N` when none was found.
    pub title: String,
    /// The printed table number (`表3`, `公开01表`), if any.
    pub number: Option<String>,
    /// Kind.
    pub kind: TableKind,
    /// Lines of the header rows (and title/unit lines).
    pub header_lines: Vec<u32>,
    /// Unit of money declared for the table (`万元` / `元`), if any.
    pub unit: Option<String>,
    /// Data rows that were read.
    pub rows: usize,
}

/// Why a row was not used as data, or what was noticed about some rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// Lines concerned.
    pub lines: Vec<u32>,
    /// `info` or `warning`.
    pub warning: bool,
    /// Kebab-case code.
    pub code: &'static str,
    /// A sentence for the user.
    pub message: String,
}

/// A line of prose outside tables, kept for the prose cross-checks.
#[derive(Debug, Clone, PartialEq)]
pub struct Prose {
    /// Line.
    pub line: u32,
    /// Normalized text (cells joined by a space).
    pub text: String,
}

/// Everything layout found in one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    /// Tables, in document order.
    pub tables: Vec<TableInfo>,
    /// Project rows (from project tables, indicator tables and forms).
    pub projects: Vec<ProjectRow>,
    /// Indicator rows, one per block filled.
    pub indicators: Vec<IndicatorRow>,
    /// Budget line items.
    pub items: Vec<ItemRow>,
    /// Total (合计) rows of project and indicator tables, for the checks.
    pub totals: Vec<ItemRow>,
    /// Notes about rows not used as data.
    pub notes: Vec<Note>,
    /// Prose lines.
    pub prose: Vec<Prose>,
}

/// Scope name for output.
pub fn scope_name(scope: Scope) -> &'static str {
    match scope {
        Scope::Overall => "overall",
        Scope::Annual => "annual",
    }
}
