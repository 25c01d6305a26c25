//! Character-level normalization of cell text, and the `Cell`/`Row` types
//! that every later stage works on.
//!
//! Budget disclosures write the same thing with different characters:
//! full-width digits and brackets, `≧` beside `≥`, ideographic spaces, and
//! spaces that PDF conversion inserts between two Chinese characters. Every
//! cell keeps its raw text beside the normalized text, so a record can always
//! show what was printed.
#![forbid(unsafe_code)]

mod rules;

pub use rules::normalize;

/// One cell: the text as printed, and its normalized form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The cell text exactly as the input gave it.
    pub raw: String,
    /// The normalized text (see [`normalize`]); empty for a blank cell.
    pub text: String,
}

impl Cell {
    /// Builds a cell from its raw text, normalizing it.
    pub fn new(raw: impl Into<String>) -> Cell {
        let raw = raw.into();
        let text = normalize(&raw);
        Cell { raw, text }
    }

    /// True when the normalized text is empty.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// One input row: its 1-based line number and its cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// 1-based line number in the input (for a PDF: the row's number in
    /// reading order over the whole document).
    pub line: u32,
    /// The cells, in input order.
    pub cells: Vec<Cell>,
    /// Where the row is on a PDF page, when it comes from one.
    pub place: Option<Place>,
}

/// A row's position in a PDF.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Place {
    /// 1-based page number.
    pub page: u32,
    /// Box of the row on the page: left, top, right, bottom, in points from
    /// the top-left corner.
    pub bbox: [f32; 4],
}

impl Row {
    /// Builds a row from raw cell texts.
    pub fn new<S: Into<String>>(line: u32, raw_cells: impl IntoIterator<Item = S>) -> Row {
        Row { line, cells: raw_cells.into_iter().map(Cell::new).collect(), place: None }
    }

    /// True when every cell is empty.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_empty)
    }

    /// Normalized text of cell `i`, or "" when the row is shorter.
    pub fn text(&self, i: usize) -> &str {
        self.cells.get(i).map_or("", |c| c.text.as_str())
    }

    /// The non-empty normalized texts, in order.
    pub fn texts(&self) -> impl Iterator<Item = &str> + Clone {
        self.cells.iter().map(|c| c.text.as_str()).filter(|t| !t.is_empty())
    }

    /// The one non-empty text when exactly one cell is filled.
    pub fn only_text(&self) -> Option<&str> {
        let mut texts = self.texts();
        match (texts.next(), texts.next()) {
            (Some(t), None) => Some(t),
            _ => None,
        }
    }

    /// Number of non-empty cells.
    pub fn filled(&self) -> usize {
        self.texts().count()
    }
}
