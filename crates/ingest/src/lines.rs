//! Decoded text to lines and raw cells: line ends, the per-line length cap,
//! and tab or markdown-pipe cell splitting.
//!
//! Cells keep their text exactly as given (no trimming); `budget-normalize`
//! decides what white space means.

use std::borrow::Cow;

use crate::RawLine;

/// Longest line kept, in bytes of UTF-8. Longer lines are cut at the last
/// character boundary at or below this length and marked `truncated`; no
/// real table row comes close, so such a line is junk whose cost must stay
/// bounded.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;

/// Splits decoded text into numbered lines; their cells are cut on demand
/// (see [`RawLine::cells`]).
///
/// `\r\n`, `\r` and `\n` each end a line, in any mix. Line numbers start at
/// 1; a final line ending does not open an extra empty line; blank lines are
/// kept with a single empty cell.
pub fn split_lines(text: &str) -> Vec<RawLine<'_>> {
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
fn make_line(number: u32, line: &str) -> RawLine<'_> {
    let truncated = line.len() > MAX_LINE_BYTES;
    let text = if truncated { &line[..floor_char_boundary(line, MAX_LINE_BYTES)] } else { line };
    RawLine { number, text, truncated }
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
pub fn split_cells(line: &str) -> Cells<'_> {
    match markdown_row_inner(line) {
        Some(inner) => Cells { rest: Some(inner), pipes: true },
        None => Cells { rest: Some(line), pipes: false },
    }
}

/// The raw cells of one line, cut as they are asked for: a row copies them
/// into its own buffer, so cutting them into strings first would only cost
/// an allocation per cell. Borrowed from the line, except a markdown cell
/// holding an escaped pipe.
#[derive(Debug, Clone)]
pub struct Cells<'t> {
    /// What is left of the line; `None` once the last cell is out.
    rest: Option<&'t str>,
    /// Markdown row: cut on unescaped `|`, and unescape `\|`.
    pipes: bool,
}

impl<'t> Iterator for Cells<'t> {
    type Item = Cow<'t, str>;

    fn next(&mut self) -> Option<Cow<'t, str>> {
        let rest = self.rest?;
        if !self.pipes {
            // memchr beats `split`'s searcher and a plain byte loop alike.
            return Some(Cow::Borrowed(match memchr::memchr(b'\t', rest.as_bytes()) {
                // Tabs are ASCII, so both pieces lie on char boundaries.
                Some(tab) => {
                    self.rest = Some(&rest[tab + 1..]);
                    &rest[..tab]
                }
                None => {
                    self.rest = None;
                    rest
                }
            }));
        }
        let (cell, escaped, next) = cut_pipe(rest);
        self.rest = next;
        Some(if escaped { Cow::Owned(cell.replace("\\|", "|")) } else { Cow::Borrowed(cell) })
    }
}

/// The text before the first unescaped `|` of `s`, whether it holds an
/// escaped one (`\|`, which markdown renders as a literal `|`), and what
/// follows the separator (`None` when there is none). A backslash escapes
/// only the `|` right after it.
fn cut_pipe(s: &str) -> (&str, bool, Option<&str>) {
    let bytes = s.as_bytes();
    let (mut i, mut escaped) = (0, false);
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1)) {
            (b'\\', Some(b'|')) => {
                escaped = true;
                i += 2;
            }
            // ASCII, so both pieces lie on char boundaries.
            (b'|', _) => return (&s[..i], escaped, Some(&s[i + 1..])),
            _ => i += 1,
        }
    }
    (s, escaped, None)
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
