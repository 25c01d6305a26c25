//! A page of a space-aligned dump as a fixed-width font would draw it: a
//! glyph per character at its column, counted as the dump counts columns.
use budget_pdf::{Glyph, Page};
use unicode_width::UnicodeWidthChar;

use super::{COLUMN, HEIGHT, PITCH, SIZE, TAB};

/// How a dump counts columns. Tools that pad for a terminal give CJK
/// characters two columns, as they are displayed; `pdftotext -layout` places
/// text on a grid of characters, one column each, whatever their width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Metric {
    Display,
    Chars,
}

impl Metric {
    /// Columns taken by `c` at `column`.
    fn width(self, c: char, column: usize) -> usize {
        match c {
            '\t' => TAB - column % TAB,
            '\u{c}' => 0,
            _ if c.is_control() => 0,
            _ if self == Metric::Chars => 1,
            _ => c.width().unwrap_or(0),
        }
    }

    /// The extents (first column, end column) of the texts of a line: runs
    /// of characters apart by two or more spaces.
    pub(super) fn pieces(self, text: &str) -> Vec<(usize, usize)> {
        let (mut column, mut spaces, mut out) = (0usize, 0usize, Vec::<(usize, usize)>::new());
        for c in text.chars() {
            let width = self.width(c, column);
            if c.is_whitespace() {
                spaces += width.max(1);
            } else if width > 0 {
                match out.last_mut() {
                    Some(last) if spaces < 2 => last.1 = column + width,
                    _ => out.push((column, column + width)),
                }
                spaces = 0;
            }
            column += width;
        }
        out
    }

    /// Columns where the texts of a line start after a run of two or more
    /// spaces (or indentation): where its cells start.
    fn starts(self, text: &str) -> Vec<usize> {
        let (mut column, mut spaces, mut out) = (0usize, 0usize, Vec::new());
        for c in text.chars() {
            let width = self.width(c, column);
            if c.is_whitespace() {
                spaces += width.max(1);
            } else if width > 0 {
                if spaces >= 2 || (column == spaces && column > 0) {
                    out.push(column);
                }
                spaces = 0;
            }
            column += width;
        }
        out
    }
}

/// How many cell starts of a page's lines are echoed, at the same column,
/// by a cell start on a nearby line: the metric that reads the dump as it
/// was written aligns its columns, the other lets them drift with the count
/// of CJK characters before them.
pub(super) fn aligned_starts(lines: &[(u32, &str)], metric: Metric) -> usize {
    let starts: Vec<Vec<usize>> = lines.iter().map(|&(_, t)| metric.starts(t)).filter(|s| !s.is_empty()).collect();
    let mut count = 0;
    for (k, line) in starts.iter().enumerate() {
        let near = &starts[k.saturating_sub(3)..(k + 4).min(starts.len())];
        count += line.iter().filter(|x| near.iter().enumerate().any(|(j, other)| j + k.saturating_sub(3) != k && other.contains(x))).count();
    }
    count
}

/// The page a fixed-width font would draw: a glyph per visible character,
/// at its display column (tabs to the next tab stop) and its line.
pub(super) fn layout_page(lines: &[(u32, &str)], number: u32, metric: Metric) -> Page {
    let mut glyphs = Vec::new();
    let mut widest = 0usize;
    for (k, &(_, text)) in lines.iter().enumerate() {
        let top = k as f32 * PITCH;
        let mut column = 0usize;
        let mut chars = text.chars().peekable();
        // Whether the character before was a space: only a single space
        // between two texts is ever widened.
        let mut after_space = false;
        while let Some(c) = chars.next() {
            let width = metric.width(c, column);
            let single = c == ' ' && !after_space && chars.peek().is_some_and(|n| !n.is_whitespace());
            after_space = c.is_whitespace();
            // A dump on a grid of characters pushes a cell right when the
            // one before it ran long, down to a single space after an amount
            // (`189,767,551 一、…`, `82,096,797.42 82,096,797.42`). A space
            // after a grouped or decimal figure is a cell boundary.
            if single && grouped_figure_before(&glyphs, top) {
                set_apart(&mut glyphs);
            }
            // On a grid of characters, Chinese text has no spaces, so one
            // space between two words of it is a gap the page had: between
            // cells. Letters spaced out one by one (`项 目 名 称`) are one
            // word, and stay. (Padding for display keeps two spaces between
            // columns, and a space inside a cell is the cell's own.)
            if single && metric == Metric::Chars && cjk_word_before(&glyphs, top) && chars.clone().take(2).all(is_cjk) {
                set_apart(&mut glyphs);
            }
            if width == 0 {
                // A combining mark or a zero-width character belongs to the
                // glyph before it; control characters are dropped.
                if let (Some(g), false) = (glyphs.last_mut(), c.is_control()) {
                    let g: &mut Glyph = g;
                    if g.bbox[1] == top {
                        g.text.push(c);
                    }
                }
                continue;
            }
            if !c.is_whitespace() {
                let x = column as f32 * COLUMN;
                glyphs.push(Glyph { text: c.to_string(), bbox: [x, top, x + width as f32 * COLUMN, top + HEIGHT], size: SIZE, invisible: false });
            }
            column += width;
        }
        widest = widest.max(column);
    }
    Page {
        number,
        width: widest as f32 * COLUMN,
        height: lines.len() as f32 * PITCH,
        glyphs,
        ..Page::default()
    }
}

/// Makes the space after the last glyph a cell gap (over the reader's 0.45
/// size) by narrowing that glyph, not by moving what follows: moving it
/// would carry the rest of the line off its columns.
fn set_apart(glyphs: &mut [Glyph]) {
    if let Some(g) = glyphs.last_mut() {
        g.bbox[2] -= 0.2 * COLUMN;
    }
}

pub(super) fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// True when the last two glyphs on this line are CJK characters set side
/// by side: the end of a word, not a letter spaced out on its own.
fn cjk_word_before(glyphs: &[Glyph], top: f32) -> bool {
    match glyphs {
        [.., a, b] => {
            let cjk = |g: &Glyph| g.bbox[1] == top && g.text.chars().all(is_cjk);
            cjk(a) && cjk(b) && b.bbox[0] - a.bbox[2] < COLUMN / 2.0
        }
        _ => false,
    }
}

/// True when the glyphs just before on this line spell a figure of four or
/// more characters with a group or decimal separator (`2,112.86`), which
/// no word runs on from.
fn grouped_figure_before(glyphs: &[Glyph], top: f32) -> bool {
    let run: Vec<&str> = glyphs
        .iter()
        .rev()
        .take_while(|g| g.bbox[1] == top && g.text.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.'))
        .map(|g| g.text.as_str())
        .collect();
    run.len() >= 4 && run.iter().any(|t| *t == "," || *t == ".") && run.iter().any(|t| t.chars().all(|c| c.is_ascii_digit()))
}
