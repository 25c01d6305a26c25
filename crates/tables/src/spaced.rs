//! Space-aligned text dumps (`pdftotext -layout` and the many "PDF to text"
//! tools like it) to rows of cells.
//!
//! Such a dump lines its columns up with runs of spaces, in display width: a
//! CJK character takes two columns. A wrapped cell goes on at the same
//! column on the next line, and a merged cell appears on one line of its
//! span. That is a page of positioned text drawn in a fixed-width font, so
//! each character becomes a glyph at its column and line, and the same
//! borderless-table reader the PDF path uses finds the columns, joins the
//! wrapped cells and carries columns over page breaks (`\f`). Rows keep the
//! dump's line numbers, so records point at the lines the user sees.
use budget_grammar::{header_field, is_amount};
use budget_normalize::{normalize, Row};
use budget_pdf::{Glyph, Page};
use unicode_width::UnicodeWidthChar;

use crate::{page_rows_after, Carried, PageRow};

/// Font size of the synthetic glyphs, points.
const SIZE: f32 = 10.0;
/// Width of one display column, points. A single space (one column) stays
/// under the reader's cell gap (0.45 size) and over its column gap (0.3
/// size): words a space apart stay one cell unless the lines around them
/// confirm a column boundary there, and two spaces always split.
const COLUMN: f32 = 4.2;
/// Distance from one line's top to the next, points, and the height of a
/// glyph. The lines of a dump are all one distance apart, so the gap
/// between them is set where the borderless reader lets a table row's
/// cells wrap onto the next line (under 1.0 size) but does not join a line
/// of text to the one above as a wrapped paragraph (0.5 size and over): a
/// dump's text lines are kept apart, as a tab-separated dump's are.
const PITCH: f32 = 14.0;
const HEIGHT: f32 = 8.5;
/// Columns of a tab stop, as terminals and `expand` set them.
const TAB: usize = 8;
/// Most lines read as one page when the dump has no form feeds: the
/// borderless reader looks back over a table's lines, so its pages are kept
/// page-sized. Columns carry over the cut as over a page break.
const MAX_PAGE_LINES: usize = 200;
/// A page with no form feed is cut at the first blank line after this many
/// lines, so that a cut rarely falls inside a table.
const SOFT_PAGE_LINES: usize = 80;

/// True when a dump's columns are aligned with spaces rather than separated
/// by tabs or markdown pipes: at least three lines have a run of two or more
/// spaces between their texts and no tab, and they outnumber the lines that
/// are tab-separated or markdown rows.
pub fn is_space_aligned<'a>(lines: impl IntoIterator<Item = &'a str>) -> bool {
    let (mut spaced, mut other) = (0usize, 0usize);
    for line in lines {
        let inner = line.trim();
        if inner.starts_with('|') && inner.ends_with('|') && inner.len() > 1 {
            other += 1;
        } else if line.contains('\t') {
            other += usize::from(!has_inner_space_run(inner));
        } else if has_inner_space_run(inner) {
            spaced += 1;
        }
    }
    spaced >= 3 && spaced > other
}

/// A run of two or more spaces (ASCII or ideographic) inside the text.
fn has_inner_space_run(inner: &str) -> bool {
    inner.contains("  ") || inner.contains('\u{3000}')
}

/// Rows of a space-aligned dump: one per table row or text line, numbered by
/// the dump line it starts on, and one blank row per blank line. Lines that
/// continue a wrapped cell belong to the row above and give no row of their
/// own.
pub fn rows<'a>(lines: impl IntoIterator<Item = (u32, &'a str)>) -> Vec<Row> {
    let mut out = Vec::new();
    let mut carried = Carried::default();
    let mut page: Vec<(u32, &str)> = Vec::new();
    let mut number = 0;
    for (line, text) in lines {
        let breaks = text.contains('\u{c}');
        let full = page.len() >= MAX_PAGE_LINES || (page.len() >= SOFT_PAGE_LINES && text.trim().is_empty());
        if (breaks || full) && !page.is_empty() {
            number += 1;
            carried = page_into(&page, number, carried, &mut out);
            page.clear();
        }
        page.push((line, text));
    }
    if !page.is_empty() {
        page_into(&page, number + 1, carried, &mut out);
    }
    out
}

/// Reads one page of lines into `out`; returns the columns of a table that
/// runs to its end.
fn page_into(lines: &[(u32, &str)], number: u32, carried: Carried, out: &mut Vec<Row>) -> Carried {
    let metric = if aligned_starts(lines, Metric::Display) >= aligned_starts(lines, Metric::Chars) { Metric::Display } else { Metric::Chars };
    let page = layout_page(lines, number, metric);
    // Columns are not carried over: a dump lays out each page on its own
    // grid of characters, so a column moves by a few characters from one
    // page to the next, and the previous page's boundaries would cut it.
    let _ = carried;
    let (mut rows, next) = page_rows_after(&page, Carried::default());
    stack_header_bands(&mut rows);
    rows.iter_mut().for_each(spread_pieces);
    let text_at = |top: f32| lines.get((top / PITCH).round() as usize).map_or("", |l| l.1);
    align_headers_to_data(&mut rows, &|r: &PageRow| metric.pieces(text_at(r.bbox[1])));
    let mut rows = rows.into_iter().peekable();
    for (k, &(line, text)) in lines.iter().enumerate() {
        let top = k as f32 * PITCH;
        // A row starts on the line at its top; a blank line is a blank row;
        // any other line is a wrapped cell's continuation.
        if let Some(row) = rows.next_if(|r| (r.bbox[1] - top).abs() < PITCH / 2.0) {
            out.push(Row::new(line, row.cells));
        } else if is_blank(text) {
            out.push(Row::new(line, [""]));
        }
    }
    next
}

/// Header cells set on several lines (a tall header cell, its words
/// centred or wrapped: `本年收入合` over `计`) come out of a dump as a band of
/// lines each holding pieces of words. When its columns read top to bottom
/// are a header with more header words than its lines hold apart (pieces
/// joined into words; a group title over its columns joins nothing), the
/// band becomes one row: the first line's, with each column's pieces joined.
fn stack_header_bands(rows: &mut Vec<PageRow>) {
    let mut i = 0;
    while i < rows.len() {
        let end = band_end(rows, i);
        if end > i + 1 && rows.get(end).is_some_and(|r| adjacent(&rows[end - 1], r) && r.cells.len() == rows[i].cells.len()) {
            let band = &rows[i..end];
            let stacked: Vec<String> = (0..rows[i].cells.len()).map(|c| band.iter().map(|r| r.cells[c].as_str()).collect()).collect();
            let apart: usize = band.iter().map(|r| vocabulary(&r.cells)).sum();
            {
                if is_header(&stacked) && vocabulary(&stacked) > apart {
                    let bottom = band[band.len() - 1].bbox[3];
                    rows[i].cells = stacked;
                    rows[i].bbox[3] = bottom;
                    rows.drain(i + 1..end);
                    i += 1;
                    continue;
                }
            }
        }
        i += 1;
    }
}

/// A line the grid of characters did not push as far as the lines around
/// it (a header above rows whose long cells pushed theirs right) has two
/// texts in one column and an empty one beside. When its texts, from its
/// first filled column on, are exactly as many as the columns there, they
/// take those columns in order.
fn spread_pieces(row: &mut PageRow) {
    let Some(first) = row.cells.iter().position(|c| !c.is_empty()) else { return };
    let pieces: Vec<String> = row.cells[first..].iter().filter(|c| !c.is_empty()).flat_map(|c| split_words(c)).collect();
    let filled = row.cells[first..].iter().filter(|c| !c.is_empty()).count();
    if pieces.len() > filled && pieces.len() == row.cells.len() - first {
        row.cells.truncate(first);
        row.cells.extend(pieces);
    }
}

/// A header sits where the page drew it, while a grid of characters pushes
/// the rows below right wherever a long cell ran over: a header word can
/// then own a column no row fills, beside a column of figures no header
/// word names. Within one table (rows of the same columns), such a header
/// word and the words between it and the unnamed column move over by one,
/// to sit above the data they name.
fn align_headers_to_data(rows: &mut [PageRow], pieces: &Pieces) {
    let mut start = 0;
    while start < rows.len() {
        let width = rows[start].cells.len();
        let end = start + rows[start..].iter().take_while(|r| r.cells.len() == width).count();
        align_block(&mut rows[start..end], pieces);
        start = end;
    }
}

/// The display extents (first column, end column) of the texts of a row's
/// line, left to right.
type Pieces<'a> = dyn Fn(&PageRow) -> Vec<(usize, usize)> + 'a;

fn align_block(rows: &mut [PageRow], pieces: &Pieces) {
    // The header is the band of lines above the first that holds a digit,
    // when a line of it reads as a header (its other lines are group
    // titles and pieces of words).
    let band = rows.iter().position(|r| r.cells.iter().any(|c| c.chars().any(|ch| ch.is_ascii_digit()))).unwrap_or(rows.len());
    let header: Vec<bool> = if rows[..band].iter().any(|r| is_header(&r.cells)) {
        (0..rows.len()).map(|k| k < band).collect()
    } else {
        rows.iter().map(|r| is_header(&r.cells)).collect()
    };
    if rows[0].cells.len() < 3 || !header.iter().any(|&h| h) || header.iter().all(|&h| h) {
        return;
    }
    merge_split_columns(rows, &header);
    let width = rows[0].cells.len();
    let filled = |r: &PageRow, c: usize| !r.cells[c].trim().is_empty();
    let used: Vec<bool> = (0..width).map(|c| rows.iter().zip(&header).any(|(r, &h)| !h && filled(r, c))).collect();
    for k in (0..rows.len()).filter(|&k| header[k]) {
        // Each move fills a used column; bounded by the width.
        for _ in 0..width {
            let named = |c: usize| (0..rows.len()).any(|j| header[j] && filled(&rows[j], c));
            let Some(u) = (0..width).find(|&c| filled(&rows[k], c) && !used[c]) else { break };
            let right = (u + 1..width).find(|&c| !filled(&rows[k], c)).filter(|&d| used[d] && !named(d));
            let left = (0..u).rev().find(|&c| !filled(&rows[k], c)).filter(|&d| used[d] && !named(d));
            match (right, left) {
                (Some(d), _) => rows[k].cells[u..=d].rotate_right(1),
                (None, Some(d)) => rows[k].cells[d..=u].rotate_left(1),
                (None, None) => break,
            }
        }
    }
    centre_group_titles(&mut rows[..band], pieces);
}

/// A group title (`收入预算`) is centred over the columns it spans, while a
/// table's reader puts a spanning cell's text in the first of them. Each
/// title of a header line with fewer texts than a line below it moves to
/// the first column of the span centred on it: the run of columns between
/// its neighbours whose texts, on the header's lines, reach out evenly
/// on both sides of it.
fn centre_group_titles(band: &mut [PageRow], pieces: &Pieces) {
    let width = band.first().map_or(0, |r| r.cells.len());
    let mapped: Vec<Option<Vec<(usize, (usize, usize))>>> = band.iter().map(|r| cells_at(r, pieces)).collect();
    let mut extent: Vec<Option<(usize, usize)>> = vec![None; width];
    for (c, (s, e)) in mapped.iter().flatten().flatten() {
        extent[*c] = Some(extent[*c].map_or((*s, *e), |(a, b)| (a.min(*s), b.max(*e))));
    }
    // Titles stand above the line that names the most columns; what is
    // below it is pieces of its words.
    let filled = |r: &PageRow| r.cells.iter().filter(|c| !c.is_empty()).count();
    let most = band.iter().map(filled).max().unwrap_or(0);
    let leaf = band.iter().position(|r| filled(r) == most).unwrap_or(0);
    for (row, mapped) in band[..leaf].iter_mut().zip(&mapped) {
        let Some(mapped) = mapped else { continue };
        for (n, &(k, (s, e))) in mapped.iter().enumerate() {
            let low = if n == 0 { 0 } else { mapped[n - 1].0 + 1 };
            let high = mapped.get(n + 1).map_or(width, |m| m.0);
            if let Some(a) = span_start(&extent[low..high], k - low, s + e).map(|a| a + low) {
                if a < k {
                    row.cells.swap(a, k);
                }
            }
        }
    }
}

/// The filled cells of a row with the extents of their texts, when the
/// row's line has as many texts as the row has cells.
fn cells_at(row: &PageRow, pieces: &Pieces) -> Option<Vec<(usize, (usize, usize))>> {
    let filled: Vec<usize> = (0..row.cells.len()).filter(|&c| !row.cells[c].is_empty()).collect();
    let at = pieces(row);
    (at.len() == filled.len() && !filled.is_empty()).then(|| filled.into_iter().zip(at).collect())
}

/// The first column of the widest run of columns around `k` whose texts'
/// extents are centred on `twice_centre / 2` (within two columns).
fn span_start(extent: &[Option<(usize, usize)>], k: usize, twice_centre: usize) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for a in (0..=k).filter(|&a| extent[a].is_some()) {
        for b in (k..extent.len()).filter(|&b| extent[b].is_some()) {
            let (start, end) = (extent[a]?.0, extent[b]?.1);
            let off = (start + end).abs_diff(twice_centre);
            if off <= 4 && best.is_none_or(|(x, y)| b - a > y - x) {
                best = Some((a, b));
            }
        }
    }
    best.map(|(a, _)| a)
}

/// Header words centred over figures set flush right (or left) share no
/// characters with them, so the reader gives each its own column: one only
/// the header fills, one only the rows below fill. Side by side, the two
/// are one column, and become one.
fn merge_split_columns(rows: &mut [PageRow], header: &[bool]) {
    let mut c = 0;
    while c + 1 < rows[0].cells.len() {
        let only = |c: usize, of_header: bool| {
            let mut filled = rows.iter().zip(header).filter(|(r, _)| !r.cells[c].trim().is_empty());
            filled.clone().next().is_some() && filled.all(|(_, &h)| h == of_header)
        };
        if (only(c, true) && only(c + 1, false)) || (only(c, false) && only(c + 1, true)) {
            for r in rows.iter_mut() {
                let next = r.cells.remove(c + 1);
                r.cells[c].push_str(&next);
            }
        } else {
            c += 1;
        }
    }
}

/// A cell's texts: the pieces between the spaces that separate two CJK
/// characters (a space the page had between two texts; a Latin word's
/// spaces stay).
fn split_words(cell: &str) -> Vec<String> {
    let chars: Vec<char> = cell.chars().collect();
    let mut out = vec![String::new()];
    for (k, &c) in chars.iter().enumerate() {
        let between = c == ' ' && k > 0 && is_cjk(chars[k - 1]) && chars.get(k + 1).copied().is_some_and(is_cjk);
        match (between, out.last_mut()) {
            (true, _) => out.push(String::new()),
            (false, Some(last)) => last.push(c),
            (false, None) => {}
        }
    }
    out
}

/// The end of the run of rows from `i` that could be a header band: lines
/// of one table (the same columns), close together, with no figure.
fn band_end(rows: &[PageRow], i: usize) -> usize {
    let width = rows[i].cells.len();
    let text_only = |r: &PageRow| r.cells.len() == width && width >= 3 && !r.cells.iter().any(|c| is_amount(&normalize(c)));
    let mut end = i;
    while end < rows.len() && text_only(&rows[end]) && (end == i || adjacent(&rows[end - 1], &rows[end])) {
        end += 1;
    }
    end
}

/// True when `b` starts at most one blank line below `a`.
fn adjacent(a: &PageRow, b: &PageRow) -> bool {
    b.bbox[1] - a.bbox[3] < 2.0 * PITCH
}

/// True when cells read as a header: two or more are header vocabulary,
/// and they are two thirds of the filled cells or more (the layout stage's
/// test for a header line).
fn is_header(cells: &[String]) -> bool {
    let filled = cells.iter().filter(|c| !c.trim().is_empty()).count();
    let words = vocabulary(cells);
    words >= 2 && words * 3 >= filled * 2
}

/// How many cells are header vocabulary.
fn vocabulary(cells: &[String]) -> usize {
    cells.iter().filter(|c| !c.is_empty() && header_field(&normalize(c)).is_some()).count()
}

fn is_blank(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace() || c == '\u{c}')
}

/// How a dump counts columns. Tools that pad for a terminal give CJK
/// characters two columns, as they are displayed; `pdftotext -layout` places
/// text on a grid of characters, one column each, whatever their width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Metric {
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
    fn pieces(self, text: &str) -> Vec<(usize, usize)> {
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
fn aligned_starts(lines: &[(u32, &str)], metric: Metric) -> usize {
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
fn layout_page(lines: &[(u32, &str)], number: u32, metric: Metric) -> Page {
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
            let mut width = metric.width(c, column);
            let single = c == ' ' && !after_space && chars.peek().is_some_and(|n| !n.is_whitespace());
            after_space = c.is_whitespace();
            // A dump on a grid of characters pushes a cell right when the
            // one before it ran long, down to a single space after an amount
            // (`189,767,551 一、…`, `82,096,797.42 82,096,797.42`). A space
            // after a grouped or decimal figure is a cell boundary: widen it.
            if single && grouped_figure_before(&glyphs, top) {
                width += 1;
            }
            // On a grid of characters, Chinese text has no spaces, so one
            // space between two words of it is a gap the page had: between
            // cells. Letters spaced out one by one (`项 目 名 称`) are one
            // word, and stay. (Padding for display keeps two spaces between
            // columns, and a space inside a cell is the cell's own.)
            if single && metric == Metric::Chars && cjk_word_before(&glyphs, top) && chars.clone().take(2).all(is_cjk) {
                width += 1;
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

fn is_cjk(c: char) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(rows: &[Row]) -> Vec<(u32, Vec<String>)> {
        rows.iter().map(|r| (r.line, r.raw_texts().iter().map(str::to_string).collect())).collect()
    }

    fn numbered(text: &str) -> Vec<(u32, &str)> {
        text.lines().enumerate().map(|(k, l)| (k as u32 + 1, l)).collect()
    }

    #[test]
    fn columns_are_found_in_display_width_and_wrapped_cells_rejoin() {
        let text = "\
项目名称          一级指标    指标值   单位
道路养护经费      产出指标    100      公里
城乡社区公共设    效益指标    95       %
施维护经费
合计                          195
";
        let rows = rows(numbered(text));
        let got = cells(&rows);
        assert_eq!(got[0], (1, vec!["项目名称".into(), "一级指标".into(), "指标值".into(), "单位".into()]));
        assert_eq!(got[2], (3, vec!["城乡社区公共设施维护经费".into(), "效益指标".into(), "95".into(), "%".into()]));
        // The continuation line gives no row of its own.
        assert_eq!(got[3].0, 5);
        assert_eq!(got[3].1.iter().filter(|c| !c.is_empty()).count(), 2);
    }

    #[test]
    fn a_single_space_after_an_amount_ends_its_cell() {
        // As `pdftotext -layout` wrote a two-sided table: the amount pushed
        // the next label right, up against it.
        let text = [
            "           项目             预算数                       项目          预算数",
            "一、财政拨款收入                   189,767,551 一、一般公共服务支出                  3,296,600",
            "1. 一般公共预算资金                189,767,551 二、公共安全支出                    2,878,025",
        ]
        .join("\n");
        let got = cells(&rows(numbered(&text)));
        assert_eq!(got[1].1, ["一、财政拨款收入", "189,767,551", "一、一般公共服务支出", "3,296,600"]);
    }

    #[test]
    fn header_words_centred_over_flush_right_figures_share_their_column() {
        // 事业收入 is centred over figures set flush right: no character of
        // one sits above the other.
        let text = "\
科目名称        合计      事业收入        其他收入
行政运行       1,000.00                 200.00
事业运行         500.00         300.00
";
        let got = cells(&rows(numbered(text)));
        assert_eq!(got[0].1, vec!["科目名称".to_string(), "合计".into(), "事业收入".into(), "其他收入".into()]);
        assert_eq!(got[2].1, vec!["事业运行".to_string(), "500.00".into(), "300.00".into(), "".into()]);
    }

    #[test]
    fn a_header_left_behind_by_pushed_rows_moves_over_to_their_columns() {
        // pdftotext counts characters: long names push the rows' cells
        // right of where the page drew them, and of the header.
        let rows = vec![
            PageRow { cells: ["单位名称", "", "一级指标", "二级指标", "", "指标值"].map(String::from).to_vec(), bbox: [0.0; 4] },
            PageRow { cells: ["某某单位", "", "", "产出指标", "数量指标", "100"].map(String::from).to_vec(), bbox: [0.0; 4] },
        ];
        let mut rows = rows;
        align_headers_to_data(&mut rows, &|_| Vec::new());
        assert_eq!(rows[0].cells, ["单位名称", "", "", "一级指标", "二级指标", "指标值"]);
    }

    #[test]
    fn a_centred_group_title_moves_to_the_first_column_of_its_span() {
        let text = [
            "  项目                    收入预算",
            "科目名称      合计      财政拨款收入      事业收入",
            "行政运行      1,000.00  800.00            200.00",
            "事业运行      500.00    300.00            200.00",
        ]
        .join("\n");
        let got = cells(&rows(numbered(&text)));
        assert_eq!(got[0].1, ["项目", "收入预算", "", ""]);
        assert_eq!(got[1].1, ["科目名称", "合计", "财政拨款收入", "事业收入"]);
    }

    #[test]
    fn detection_wants_space_runs_to_outnumber_tabs_and_pipes() {
        let spaced = "a  b\nc  d\ne  f\n";
        assert!(is_space_aligned(spaced.lines()));
        let tabs = "a\tb\nc\td\ne\tf\ng  h\ni  j\nk  l\nm\tn\n";
        assert!(!is_space_aligned(tabs.lines()));
        let markdown = "| a  | b |\n| c  | d |\n| e  | f |\n";
        assert!(!is_space_aligned(markdown.lines()));
        assert!(!is_space_aligned("一段文字，没有表格。\n第二段  文字\n".lines()));
    }

    #[test]
    fn tabs_expand_to_tab_stops_and_form_feeds_start_pages() {
        let text = "项目\t\t金额\n道路养护  100\n\u{c}绿化养护  200\n";
        let rows = rows(numbered(text));
        let got = cells(&rows);
        assert_eq!(got.len(), 3);
        assert_eq!(got[2].1, vec!["绿化养护".to_string(), "200".into()]);
    }
}
