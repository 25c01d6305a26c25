//! A document before it is printed: text lines and tables of cells. Damage
//! works on this form, and each dump form (tab, space, markdown) prints it.

/// One piece of a document, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A line of text (a heading, `单位：万元`, a sentence).
    Text(String),
    /// A table title: centred in the space-aligned form.
    Title(String),
    /// An empty line.
    Blank,
    /// The end of a page.
    PageBreak,
    /// A table.
    Table(Table),
}

/// A table: its rows and which columns damage may touch.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// Rows, header rows first.
    pub rows: Vec<Row>,
    /// Columns whose repeated values a merged cell would print once, outer
    /// first (department, project, 一级指标, 二级指标).
    pub span_cols: Vec<usize>,
    /// Columns holding long names that a narrow cell wraps.
    pub wrap_cols: Vec<usize>,
    /// How a column-number row numbers this table: `Some(n)` numbers the
    /// columns after the first `n` (label) columns, `Some(0)` every column;
    /// `None` for tables that are never printed with one.
    pub label_cols: Option<usize>,
}

/// One row of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    /// A header row.
    Header(Vec<String>),
    /// A data row.
    Data(Vec<String>),
    /// A row that is neither: a column-number row or a wrapped cell's
    /// continuation.
    Extra(Vec<String>),
    /// An empty line inside the table.
    Blank,
    /// A page break inside the table.
    PageBreak,
}

impl Row {
    /// The cells of a row that has some.
    pub fn cells(&self) -> Option<&Vec<String>> {
        match self {
            Row::Header(c) | Row::Data(c) | Row::Extra(c) => Some(c),
            Row::Blank | Row::PageBreak => None,
        }
    }

    /// The cells of a row that has some, to change.
    pub fn cells_mut(&mut self) -> Option<&mut Vec<String>> {
        match self {
            Row::Header(c) | Row::Data(c) | Row::Extra(c) => Some(c),
            Row::Blank | Row::PageBreak => None,
        }
    }
}

/// Builds a row of owned cells from string slices.
pub fn cells<S: AsRef<str>>(items: &[S]) -> Vec<String> {
    items.iter().map(|s| s.as_ref().to_owned()).collect()
}
