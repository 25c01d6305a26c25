//! Character-level normalization of cell text, and the `Row` type that
//! every later stage works on.
//!
//! Budget disclosures write the same thing with different characters:
//! full-width digits and brackets, `≧` beside `≥`, ideographic spaces, and
//! spaces that PDF conversion inserts between two Chinese characters. Every
//! cell keeps its raw text beside the normalized text, so a record can always
//! show what was printed.
#![forbid(unsafe_code)]

mod radicals;
mod rules;
mod texts;

pub use rules::{normalize, normalize_into};
pub use texts::{Iter as TextsIter, Texts};

/// One input row: its 1-based line number and its cells, raw and
/// normalized, each list packed into one buffer (see [`Texts`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// 1-based line number in the input (for a PDF: the row's number in
    /// reading order over the whole document).
    pub line: u32,
    /// Where the row is on a PDF page, when it comes from one.
    pub place: Option<Place>,
    /// Raw cell texts, exactly as the input gave them. Private, with
    /// `text`, so that both always hold one string per cell.
    raw: Texts,
    /// Normalized cell texts (see [`normalize`]); empty for a blank cell.
    /// `None` when normalizing changes no cell, as in half the rows of a
    /// text dump: such a row holds its text once, not twice.
    text: Option<Texts>,
    /// How many normalized texts are not empty: the layout asks this of
    /// every row, several times over, to tell prose and headings from table
    /// rows.
    filled: usize,
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
    /// Builds a row from raw cell texts, normalizing each.
    pub fn new<S: AsRef<str>>(line: u32, raw_cells: impl IntoIterator<Item = S>) -> Row {
        Row::from_raw(line, raw_cells.into_iter().collect())
    }

    /// Builds a row from its raw cell texts, normalizing each.
    pub fn from_raw(line: u32, raw: Texts) -> Row {
        // One scan of the whole row finds the first byte that normalizing
        // may change; the cells before the one holding it are left as they
        // are, and half the rows of a text dump hold no such byte at all.
        let plain = rules::plain_run(raw.concatenated().as_bytes());
        let unchanged = raw.index_of_byte(plain);
        let mut filled = raw.iter().take(unchanged).filter(|c| !c.is_empty()).count();
        if unchanged == raw.len() {
            return Row { line, place: None, raw, text: None, filled };
        }
        // Room for the raw text: normalizing shortens text or keeps its
        // length, bar `>=` becoming the three bytes of `≥`.
        let mut text = raw.prefix(unchanged);
        for cell in raw.iter().skip(unchanged) {
            let before = text.bytes();
            text.push_normalized(cell);
            filled += usize::from(text.bytes() > before);
        }
        Row { line, place: None, raw, text: Some(text), filled }
    }

    /// The normalized texts.
    #[inline]
    fn normalized(&self) -> &Texts {
        self.text.as_ref().unwrap_or(&self.raw)
    }

    /// Number of cells, empty ones included.
    #[inline]
    pub fn len(&self) -> usize {
        self.raw.len()
    }

    /// True when the row has no cells at all (see [`Row::is_blank`] for a
    /// row of empty cells).
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// The normalized texts of all cells, empty ones included.
    #[inline]
    pub fn cell_texts(&self) -> TextsIter<'_> {
        self.normalized().iter()
    }

    /// The raw texts of all cells.
    #[inline]
    pub fn raw_texts(&self) -> &Texts {
        &self.raw
    }

    /// All normalized cell texts end to end, with nothing between them: one
    /// search over a row instead of one per cell, for words that cannot
    /// straddle a cell boundary anyway. A word no cell holds is not in it; a
    /// match in it may straddle two cells, so callers confirm per cell.
    #[inline]
    pub fn joined_text(&self) -> &str {
        self.normalized().concatenated()
    }

    /// True when every cell is empty.
    #[inline]
    pub fn is_blank(&self) -> bool {
        self.filled == 0
    }

    /// Normalized text of cell `i`, or "" when the row is shorter.
    #[inline]
    pub fn text(&self, i: usize) -> &str {
        self.normalized().get(i).unwrap_or("")
    }

    /// The non-empty normalized texts, in order.
    #[inline]
    pub fn texts(&self) -> impl Iterator<Item = &str> + Clone {
        self.normalized().iter().filter(|t| !t.is_empty())
    }

    /// The one non-empty text when exactly one cell is filled.
    #[inline]
    pub fn only_text(&self) -> Option<&str> {
        if self.filled != 1 {
            return None;
        }
        self.texts().next()
    }

    /// Number of non-empty cells.
    #[inline]
    pub fn filled(&self) -> usize {
        self.filled
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filled_counts_cells_that_normalize_to_text() {
        // A cell of spaces is blank once normalized, whatever its raw text.
        let row = Row::new(1, ["", "  ", "\u{3000}", "项目", "", " 95 "]);
        assert_eq!(row.filled(), 2);
        assert_eq!(row.only_text(), None);
        let single = Row::new(2, [" ", "（一）总体目标", ""]);
        assert_eq!((single.filled(), single.only_text()), (1, Some("(一)总体目标")));
        let blank = Row::new(3, ["", " "]);
        assert_eq!((blank.filled(), blank.only_text(), blank.is_blank()), (0, None, true));
    }

    proptest::proptest! {
        /// A row holds each cell's normalized text, whether normalizing
        /// changes no cell (the row keeps one copy), the first, or only a
        /// later one (the cells before it are copied as they are).
        #[test]
        fn a_row_holds_each_cell_normalized(
            cells in proptest::collection::vec(proptest::collection::vec(0..ALPHABET.len(), 0..5), 0..6)
        ) {
            let cells: Vec<String> = cells.iter().map(|c| c.iter().map(|&i| ALPHABET[i]).collect()).collect();
            let row = Row::new(7, &cells);
            let want: Vec<String> = cells.iter().map(|c| normalize(c)).collect();
            proptest::prop_assert_eq!(row.cell_texts().collect::<Vec<_>>(), want.iter().map(String::as_str).collect::<Vec<_>>());
            proptest::prop_assert_eq!(row.joined_text(), want.concat());
            proptest::prop_assert_eq!(row.filled(), want.iter().filter(|t| !t.is_empty()).count());
            proptest::prop_assert_eq!(row.raw_texts().iter().collect::<Vec<_>>(), cells.iter().map(String::as_str).collect::<Vec<_>>());
        }
    }

    /// Characters normalizing keeps (ideographs, ASCII) and ones it changes
    /// or drops (spaces, full-width forms, `≧`, `=` after `>`).
    const ALPHABET: &[char] = &['人', '1', 'a', '%', '-', '>', '=', ' ', '\u{3000}', '（', '≧', '１'];
}
