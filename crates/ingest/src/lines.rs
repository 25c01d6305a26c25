//! Decoded text to lines and raw cells: line ends, the per-line length cap,
//! and tab or markdown-pipe cell splitting.
//!
//! Cells keep their text exactly as given (no trimming); `budget-normalize`
//! decides what white space means.

use crate::RawLine;

/// Longest line kept, in bytes of UTF-8. Longer lines are cut at the last
/// character boundary at or below this length and marked `truncated`; no
/// real table row comes close, so such a line is junk whose cost must stay
/// bounded.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;

/// Splits decoded text into numbered lines of raw cells.
///
/// `\r\n`, `\r` and `\n` each end a line, in any mix. Line numbers start at
/// 1; a final line ending does not open an extra empty line; blank lines are
/// kept with a single empty cell.
pub fn split_lines(text: &str) -> Vec<RawLine> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0usize;
    let mut number = 0u32;
    while start < bytes.len() {
        let end = memchr::memchr2(b'\n', b'\r', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        number = number.saturating_add(1);
        // Line ends are ASCII, so `start..end` always lies on char boundaries.
        lines.push(make_line(number, &text[start..end]));
        start = match bytes.get(end..end + 2) {
            Some(b"\r\n") => end + 2,
            _ => end + 1,
        };
    }
    lines
}

/// Builds one line, cutting it to [`MAX_LINE_BYTES`] first.
fn make_line(number: u32, line: &str) -> RawLine {
    let truncated = line.len() > MAX_LINE_BYTES;
    let line = if truncated {
        &line[..floor_char_boundary(line, MAX_LINE_BYTES)]
    } else {
        line
    };
    RawLine {
        number,
        cells: split_cells(line),
        truncated,
    }
}

/// The largest char boundary of `s` at or below `index`.
fn floor_char_boundary(s: &str, index: usize) -> usize {
    let mut i = index.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Splits one line into raw cells: on `|` for a markdown table row, else on
/// tabs (empty cells included).
pub fn split_cells(line: &str) -> Vec<String> {
    match markdown_row_inner(line) {
        Some(inner) => split_pipes(inner),
        None => {
            // Sized up front (a collected `split` grew the vector by
            // doubling, a twentieth of a run), and cut with memchr, which
            // beats `split`'s searcher and a plain byte loop alike.
            let tabs = memchr::memchr_iter(b'\t', line.as_bytes());
            let mut cells = Vec::with_capacity(tabs.clone().count() + 1);
            let mut start = 0;
            // Tabs are ASCII, so every piece lies on char boundaries.
            for tab in tabs {
                cells.push(line[start..tab].to_owned());
                start = tab + 1;
            }
            cells.push(line[start..].to_owned());
            cells
        }
    }
}

/// The text between the outer pipes when `line` is a markdown table row:
/// after trimming it starts with `|` and ends with an unescaped `|`.
fn markdown_row_inner(line: &str) -> Option<&str> {
    let trimmed = line.trim();
    let is_row = trimmed.len() >= 2
        && trimmed.starts_with('|')
        && trimmed.ends_with('|')
        && !trimmed.ends_with("\\|");
    is_row.then(|| &trimmed[1..trimmed.len() - 1])
}

/// Splits a markdown row's inner text on unescaped pipes; `\|` becomes a
/// literal `|` in the cell, as markdown renders it.
fn split_pipes(inner: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cell.push('|');
                chars.next();
            }
            '|' => cells.push(std::mem::take(&mut cell)),
            _ => cell.push(c),
        }
    }
    cells.push(cell);
    cells
}
