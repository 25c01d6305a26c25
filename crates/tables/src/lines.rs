//! Glyphs to text lines, lines to segments, and runs of segmented lines to
//! borderless tables.
//!
//! CJK text has no spaces, so words cannot be found by spaces: glyphs whose
//! gap is small relative to the font size belong to one segment, and a gap
//! of about half a character or more separates cells. Columns of a
//! borderless table are the vertical strips that (nearly) no line's text
//! covers; they carry over to the next page when the table does. A line
//! continues the row above (text wrapping inside its cells) when it is set
//! as close as a cell's lines are and each of its pieces would not have fit
//! beside the text above it. A line set in another size ends a table.
use budget_pdf::Glyph;

use crate::PageRow;

/// Gap (in font sizes) from which two glyphs of a line are in different
/// cells: CJK glyphs of one text touch, Latin words are about a third of a
/// size apart, and cells have padding on both sides.
const CELL_GAP: f32 = 0.45;
/// Gap (in font sizes) from which two Latin glyphs are separated by a space.
const SPACE_GAP: f32 = 0.4;
/// Narrowest gap (in font sizes) between columns of a borderless table. It
/// is smaller than `CELL_GAP` because a column gap is confirmed by many
/// lines at once, while a cell gap is judged on one line.
const COLUMN_GAP: f32 = 0.3;
/// How much (as a fraction) a line's font size may differ from a table's
/// and the line still be one of its cells.
const SIZE_SLACK: f32 = 0.1;
/// Vertical gap (in font sizes) below which a line may continue the line
/// above inside the same cells.
const WRAP_GAP: f32 = 1.0;
/// How much (in font sizes) the distance between two lines of one cell may
/// vary: positions are rounded, and a line of Latin text sits a little
/// lower than one of CJK text.
const PITCH_SLACK: f32 = 0.15;
/// Largest distance (in font sizes) from the top of one line to the next
/// of text wrapping in a table cell: producers set it 1.2 to 1.45 sizes
/// apart, and table rows with cell padding 1.6 to 1.9.
const MAX_WRAP_PITCH: f32 = 1.5;
/// How much wider (in font sizes) than the widest text of its column a
/// line's text may grow and still count as fitting. Small: the widest text
/// is the best bound we have of the column's room, and producers break lines
/// that would overrun it by a fraction of a point.
const FIT_SLACK: f32 = 0.02;

/// A line of text.
#[derive(Debug, Clone)]
pub(crate) struct TextLine<'g> {
    /// Glyphs, left to right.
    pub glyphs: Vec<&'g Glyph>,
    /// Top of the line.
    pub top: f32,
    /// Bottom of the line.
    pub bottom: f32,
    /// Typical font size.
    pub size: f32,
}

impl TextLine<'_> {
    fn left(&self) -> f32 {
        self.glyphs.first().map_or(0.0, |g| g.bbox[0])
    }
    fn right(&self) -> f32 {
        self.glyphs.iter().map(|g| g.bbox[2]).fold(f32::MIN, f32::max)
    }
}

fn center_y(g: &Glyph) -> f32 {
    (g.bbox[1] + g.bbox[3]) / 2.0
}

/// Groups glyphs into lines: a glyph joins the line whose vertical band
/// holds its centre. Whitespace glyphs only separate; they are dropped.
pub(crate) fn group_lines<'g>(glyphs: &[&'g Glyph]) -> Vec<TextLine<'g>> {
    let mut sorted: Vec<&Glyph> = glyphs.iter().copied().filter(|g| !g.text.trim().is_empty()).collect();
    sorted.sort_by(|a, b| center_y(a).total_cmp(&center_y(b)).then(a.bbox[0].total_cmp(&b.bbox[0])));
    let mut lines: Vec<TextLine> = Vec::new();
    for g in sorted {
        let c = center_y(g);
        match lines.last_mut() {
            Some(l) if c >= l.top && c <= l.bottom => {
                l.glyphs.push(g);
                l.top = l.top.min(g.bbox[1]);
                l.bottom = l.bottom.max(g.bbox[3]);
            }
            _ => lines.push(TextLine { glyphs: vec![g], top: g.bbox[1], bottom: g.bbox[3], size: g.size }),
        }
    }
    for l in &mut lines {
        l.glyphs.sort_by(|a, b| a.bbox[0].total_cmp(&b.bbox[0]));
        let mut sizes: Vec<f32> = l.glyphs.iter().map(|g| g.size).collect();
        sizes.sort_by(f32::total_cmp);
        l.size = sizes[sizes.len() / 2].max(1.0);
    }
    lines
}

fn is_cjk(c: char) -> bool {
    // CJK radicals, punctuation and ideographs; compatibility ideographs; full-width forms.
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}')
}

/// Text of glyphs on one line, with a space where Latin words are apart.
fn line_text(glyphs: &[&Glyph], size: f32) -> String {
    let mut out = String::new();
    let mut prev: Option<&Glyph> = None;
    for g in glyphs {
        if let Some(p) = prev {
            let gap = g.bbox[0] - p.bbox[2];
            let latin = !p.text.chars().last().is_some_and(is_cjk) && !g.text.chars().next().is_some_and(is_cjk);
            if latin && gap > SPACE_GAP * size {
                out.push(' ');
            }
        }
        out.push_str(&g.text);
        prev = Some(g);
    }
    out
}

/// Whether two pieces of wrapped text need a space between them: only when
/// a Latin word ends one and begins the other. Chinese text and its
/// punctuation wrap anywhere without a space, and a number wrapped in a
/// narrow cell (`12500` / `00`) never had one.
fn needs_space(before: &str, after: &str) -> bool {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
    word(before.chars().last()) && word(after.chars().next())
}

/// Joins the lines of one cell back into one text.
pub(crate) fn join_cell(glyphs: &[&Glyph]) -> String {
    let mut out = String::new();
    for l in group_lines(glyphs) {
        let text = line_text(&l.glyphs, l.size);
        if needs_space(&out, &text) {
            out.push(' ');
        }
        out.push_str(&text);
    }
    out
}

/// The text of one cell's glyphs on one line: segments joined by a space.
fn cell_text(glyphs: &[&Glyph], size: f32) -> String {
    pieces(glyphs, size).into_iter().map(|p| line_text(p, size)).collect::<Vec<_>>().join(" ")
}

/// Splits a line's glyphs at the gaps that separate cells (`CELL_GAP`).
fn pieces<'a, 'g>(glyphs: &'a [&'g Glyph], size: f32) -> Vec<&'a [&'g Glyph]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=glyphs.len() {
        if i == glyphs.len() || glyphs[i].bbox[0] - glyphs[i - 1].bbox[2] > CELL_GAP * size {
            out.push(&glyphs[start..i]);
            start = i;
        }
    }
    out
}

/// A run of glyphs with small gaps: one cell's text on one line.
#[derive(Debug, Clone)]
struct Segment {
    text: String,
    x0: f32,
    x1: f32,
}

fn segments(line: &TextLine) -> Vec<Segment> {
    pieces(&line.glyphs, line.size)
        .into_iter()
        .map(|part| Segment {
            text: line_text(part, line.size),
            x0: part[0].bbox[0],
            x1: part.iter().map(|g| g.bbox[2]).fold(f32::MIN, f32::max),
        })
        .collect()
}

/// Rows outside ruled grids, in blocks with the top of their first line.
pub(crate) struct FreeRows {
    pub blocks: Vec<(f32, Vec<PageRow>)>,
    /// Columns of the last borderless table of the page.
    pub columns_at_end: Option<Vec<f32>>,
    /// Top of that table's block.
    pub last_table_top: Option<f32>,
}

/// Rows from glyphs outside ruled grids. `carried` are the columns of a
/// borderless table that ran to the end of the previous page: the page's
/// first table keeps them when its text fits them, since a page holding only
/// some of the columns would otherwise lose the others.
pub(crate) fn free_rows(glyphs: &[&Glyph], mut carried: Option<Vec<f32>>) -> FreeRows {
    let lines = group_lines(glyphs);
    let segs: Vec<Vec<Segment>> = lines.iter().map(segments).collect();
    let mut out = Vec::new();
    let (mut columns_at_end, mut last_table_top) = (None, None);
    let mut i = 0;
    while i < lines.len() {
        // A table continued from the previous page may open with lines of
        // one cell (the rest of a row that began there).
        let continued = if carried.is_some() && out.is_empty() { continued_table_end(&lines, &segs, i) } else { None };
        let end = continued.unwrap_or_else(|| table_run_end(&lines, &segs, i));
        if end > i + 1 {
            let size = typical_size(&lines[i..end]);
            let gaps = column_gaps(&segs[i..end], size);
            let bounds = match carried.take() {
                Some(prev) if fits(&segs[i..end], &prev, size) => merge_bounds(prev, &gaps, size),
                _ => gaps.iter().map(middle).collect(),
            };
            out.push((lines[i].top, borderless_table(&lines[i..end], &bounds)));
            columns_at_end = Some(bounds);
            last_table_top = Some(lines[i].top);
            i = end;
        } else {
            let l = &lines[i];
            let cells: Vec<String> = segs[i].iter().map(|s| s.text.clone()).collect();
            let continues = i > 0 && segs[i].len() == 1 && segs[i - 1].len() == 1 && wraps(&lines[i - 1], l);
            match out.last_mut() {
                Some((_, rows)) if continues && rows.len() == 1 && rows[0].cells.len() == 1 => {
                    let row = &mut rows[0];
                    if needs_space(&row.cells[0], &cells[0]) {
                        row.cells[0].push(' ');
                    }
                    row.cells[0].push_str(&cells[0]);
                    row.bbox = [row.bbox[0].min(l.left()), row.bbox[1], row.bbox[2].max(l.right()), l.bottom];
                }
                _ => out.push((l.top, vec![PageRow { cells, bbox: [l.left(), l.top, l.right(), l.bottom] }])),
            }
            i += 1;
        }
    }
    FreeRows { blocks: out, columns_at_end, last_table_top }
}

fn typical_size(lines: &[TextLine]) -> f32 {
    let mut sizes: Vec<f32> = lines.iter().map(|l| l.size).collect();
    sizes.sort_by(f32::total_cmp);
    sizes[sizes.len() / 2]
}

/// True when no segment runs across one of `bounds` by more than a size.
fn fits(segs: &[Vec<Segment>], bounds: &[f32], size: f32) -> bool {
    segs.iter().flatten().all(|s| bounds.iter().all(|&b| !(s.x0 < b - size && s.x1 > b + size)))
}

/// The carried columns, plus the middles of this block's own column gaps
/// that no carried boundary lies in or near (a gap holding one is that
/// column's; text ending short of a carried boundary leaves a gap beside it).
fn merge_bounds(mut carried: Vec<f32>, gaps: &[(f32, f32)], size: f32) -> Vec<f32> {
    let near = 2.0 * size;
    let own: Vec<f32> = gaps
        .iter()
        .filter(|&&(a, b)| !carried.iter().any(|&c| c >= a - near && c <= b + near))
        .map(middle)
        .collect();
    carried.extend(own);
    carried.sort_by(f32::total_cmp);
    carried
}

/// The boundary a column gap stands for: its middle.
fn middle(&(a, b): &(f32, f32)) -> f32 {
    (a + b) / 2.0
}

/// True when `next` is the wrapped continuation of the one-cell line
/// `prev`: right below it (no paragraph gap), aligned with it on the left or
/// centred under it, and not wider (only the last line of a wrapped text is
/// shorter than the ones above).
fn wraps(prev: &TextLine, next: &TextLine) -> bool {
    let size = prev.size.max(next.size);
    let close = next.top - prev.bottom < 0.5 * size;
    let left = (next.left() - prev.left()).abs() < size;
    let centred = ((next.left() + next.right()) - (prev.left() + prev.right())).abs() / 2.0 < size;
    let narrower = next.right() - next.left() <= prev.right() - prev.left() + size;
    close && (left || centred) && narrower
}

/// When the lines from `i` are one-cell lines right above a table and each
/// starts where a column of that table starts, other than its first (a
/// cell of a row continued from the previous page, not a title), the end
/// of the table they open.
fn continued_table_end(lines: &[TextLine], segs: &[Vec<Segment>], i: usize) -> Option<usize> {
    let close = |j: usize| lines[j].top - lines[j - 1].bottom < 2.5 * lines[j].size;
    let mut m = i;
    while m < lines.len() && segs[m].len() == 1 && (m == i || close(m)) {
        m += 1;
    }
    if m == i || m == lines.len() || !close(m) || segs[m].len() < 2 {
        return None;
    }
    let end = table_run_end(lines, segs, m);
    let starts: Vec<f32> = segs[m..end].iter().flatten().map(|s| s.x0).collect();
    let first = starts.iter().copied().fold(f32::MAX, f32::min);
    let size = typical_size(&lines[m..end]);
    let cell = |l: &TextLine| {
        l.left() > first + size
            && starts.iter().any(|&x| (x - l.left()).abs() < 0.5 * size)
            && (l.size - size).abs() <= SIZE_SLACK * size
    };
    lines[i..m].iter().all(cell).then_some(end)
}

/// End of the run of table-like lines starting at `i`: lines with two or
/// more segments, and runs of one-segment lines between them.
fn table_run_end(lines: &[TextLine], segs: &[Vec<Segment>], i: usize) -> usize {
    if segs[i].len() < 2 {
        return i + 1;
    }
    let close = |j: usize| lines[j].top - lines[j - 1].bottom < 2.5 * lines[j].size;
    let mut j = i + 1;
    while j < lines.len() && close(j) {
        if segs[j].len() >= 2 {
            j += 1;
            continue;
        }
        // One-cell lines (a group row, text wrapping in one column) stay in
        // the table when a table line follows them, close below. A line wider
        // than a few columns is text of its own (a form's goal spanning the
        // form), not a cell.
        let (left, right) = lines[i..j].iter().fold((f32::MAX, f32::MIN), |(a, b), l| (a.min(l.left()), b.max(l.right())));
        // It must also start where a cell of the table starts (a wrapped
        // cell, a group row); a centred title does not.
        let starts: Vec<f32> = segs[i..j].iter().flatten().map(|s| s.x0).collect();
        // And it is set in the table's type: a title or a unit line above
        // the next table is larger.
        let size = typical_size(&lines[i..j]);
        // A wide line may still be a cell when it starts inside the table
        // (a form's goal in its last columns); at the table's left edge it
        // is a paragraph.
        let narrow = |k: usize| {
            let at_start = |x: f32| (x - lines[k].left()).abs() < 0.5 * lines[k].size;
            (lines[k].right() - lines[k].left() < 0.4 * (right - left) || !at_start(left))
                && starts.iter().any(|&x| at_start(x))
                && (lines[k].size - size).abs() <= SIZE_SLACK * size
        };
        let mut k = j;
        while k < lines.len() && segs[k].len() == 1 && close(k) && narrow(k) {
            k += 1;
        }
        if k < lines.len() && segs[k].len() >= 2 && close(k) {
            j = k;
        } else {
            // The last row's cells may wrap onto lines of their own (at the
            // foot of a page): lines set as tight as a cell's lines stay.
            let tight = |m: usize| lines[m].top - lines[m - 1].bottom < WRAP_GAP * lines[m].size;
            while j < k && tight(j) {
                j += 1;
            }
            break;
        }
    }
    j
}

/// Column gaps of a block: the x ranges, left to right, that (nearly) no
/// line's text covers; a column boundary lies in each. A few lines may run
/// across a boundary (a long name overflowing into the next column) without
/// hiding it.
fn column_gaps(segs: &[Vec<Segment>], size: f32) -> Vec<(f32, f32)> {
    let (lo, hi) = segs.iter().flatten().fold((f32::MAX, f32::MIN), |(a, b), s| (a.min(s.x0), b.max(s.x1)));
    if lo >= hi {
        return Vec::new();
    }
    // Coverage sampled every quarter point: column gaps can be under 4 points.
    const STEP: f32 = 0.25;
    // Bounded: a hostile page may put text at infinity.
    let width = (((hi - lo) / STEP).ceil() as usize).saturating_add(1).min(40_000);
    let mut cover = vec![0u32; width];
    for s in segs.iter().flatten() {
        // The cells a segment covers: [floor(x0), ceil(x1)) in steps.
        let a = (((s.x0 - lo) / STEP).floor() as usize).min(width - 1);
        let b = ((((s.x1 - lo) / STEP).ceil() as usize).max(a + 1)).min(width);
        cover[a..b].iter_mut().for_each(|c| *c += 1);
    }
    // Lines allowed to cross a boundary: long cells in narrow columns run
    // right up to the next column on many lines.
    let tolerated = (segs.len() / 8) as u32;
    let min_gap = COLUMN_GAP * size;
    let mut gaps = Vec::new();
    let mut run: Option<usize> = None;
    // A sentinel above any tolerance closes a stretch that reaches the right edge.
    for (x, &c) in cover.iter().chain(std::iter::once(&u32::MAX)).enumerate() {
        match (c <= tolerated, run) {
            (true, None) => run = Some(x),
            (false, Some(start)) => {
                let inner = gaps_in_run(&cover[start..x], min_gap / STEP)
                    .into_iter()
                    .map(|(a, b)| (start + a, start + b))
                    // A gap touching the table's edge is margin, not a boundary.
                    .filter(|&(a, b)| a > 0 && b < width);
                gaps.extend(inner.map(|(a, b)| (lo + STEP * a as f32, lo + STEP * b as f32)));
                run = None;
            }
            _ => {}
        }
    }
    gaps
}

/// The gaps inside one low-coverage stretch, as (start, end) offsets: its
/// stretches at the lowest coverage that leaves any as wide as a gap (so a
/// header's own words, which cover columns no data fills, do not hide the
/// gaps between them, while a sliver of the lowest coverage beside one
/// overhanging mark does not hide the gap it narrows).
fn gaps_in_run(cover: &[u32], min_gap: f32) -> Vec<(usize, usize)> {
    let mut levels: Vec<u32> = cover.to_vec();
    levels.sort_unstable();
    levels.dedup();
    levels.into_iter().map(|level| stretches_at_most(cover, level, min_gap)).find(|gaps| !gaps.is_empty()).unwrap_or_default()
}

/// The stretches of `cover` at or below `level` at least `min_gap` wide.
fn stretches_at_most(cover: &[u32], level: u32, min_gap: f32) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (x, &c) in cover.iter().chain(std::iter::once(&u32::MAX)).enumerate() {
        match (c <= level, start) {
            (true, None) => start = Some(x),
            (false, Some(s)) => {
                if (x - s) as f32 >= min_gap {
                    out.push((s, x));
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Rows of a borderless table. A line continues the row above (text
/// wrapping inside its cells) when every cell it fills continues a cell of
/// that row whose text could not take the line's first unbreakable piece.
fn borderless_table(lines: &[TextLine], bounds: &[f32]) -> Vec<PageRow> {
    let parts: Vec<Vec<Vec<&Glyph>>> = lines.iter().map(|l| line_parts(l, bounds)).collect();
    let limits = column_limits(&parts, bounds);
    let tight = tight_pitch(lines, !bounds.is_empty());
    let mut rows: Vec<PageRow> = Vec::new();
    // Right end of the text in each column of the previous row.
    let mut reach: Vec<f32> = Vec::new();
    let mut prev: Option<&TextLine> = None;
    // Which cells the last row's first line filled.
    let mut first_filled: Vec<bool> = Vec::new();
    for (l, parts) in lines.iter().zip(parts) {
        let cells: Vec<String> = parts.iter().map(|p| cell_text(p, l.size)).collect();
        let ends: Vec<f32> = parts.iter().map(|p| right_end(p)).collect();
        // Lines of one cell are set closer than rows, which have padding.
        let close = prev.is_some_and(|p| l.top - p.bottom < WRAP_GAP * l.size && l.top - p.top <= tight);
        // Figures are never the wrapped end of a text: a line with a bare
        // number or sign in a cell is a row of its own.
        // Full-width digits (`１０５４.７８`) are figures too.
        let digit = |ch: char| ch.is_ascii_digit() || ('０'..='９').contains(&ch);
        let figure = |t: &str| t.chars().any(digit) && t.chars().all(|ch| digit(ch) || ".,%+-~≥≤<>=()（）．，％".contains(ch));
        let text_only = cells.iter().all(|t| t.is_empty() || !figure(t));
        // Line breaking moves a piece down only when it does not fit beside
        // the text above; the widest text of the column shows how far text
        // may run in it.
        // A line that fills again every one of four or more columns the
        // row's first line filled is a row: every cell of a row wrapping at
        // once happens in narrow tables of two or three columns, not wider.
        let refills = !rows.is_empty() && first_filled.iter().filter(|&&f| f).count() >= 4 && cells.iter().map(|c| !c.is_empty()).eq(first_filled.iter().copied());
        let wrap = close
            && text_only
            && !refills
            && parts.iter().enumerate().all(|(c, p)| {
                p.is_empty() || reach.get(c).is_some_and(|&r| r > f32::MIN && r + unbreakable_width(p, l.size) > limits[c] + FIT_SLACK * l.size)
            });
        prev = Some(l);
        match rows.last_mut() {
            Some(last) if wrap => {
                for (c, (into, more)) in last.cells.iter_mut().zip(cells).enumerate() {
                    if needs_space(into, &more) {
                        into.push(' ');
                    }
                    into.push_str(&more);
                    if ends[c] > f32::MIN {
                        reach[c] = ends[c];
                    }
                }
                last.bbox[3] = l.bottom;
            }
            _ => {
                reach = ends;
                first_filled.clear();
                first_filled.extend(cells.iter().map(|c| !c.is_empty()));
                rows.push(PageRow { cells, bbox: [l.left(), l.top, l.right(), l.bottom] });
            }
        }
    }
    rows
}

/// The largest distance from one line's top to the next at which the
/// second may be the first's text wrapping on: cells add padding between
/// rows that lines inside a cell do not have, so where a table shows two
/// pitches only the smaller is a wrap. In a table of several columns, lines
/// further apart than `MAX_WRAP_PITCH` are rows, so a table whose only pitch
/// is wider has no wraps at all; one with a single tighter pitch (rows
/// without padding) leaves the decision to the fit of text. Text of one
/// column is a paragraph, which may be set at any line spacing (Chinese
/// documents often use 1.5 or a fixed 28 points for 16-point type).
fn tight_pitch(lines: &[TextLine], columns: bool) -> f32 {
    let size = typical_size(lines);
    let smallest = lines.windows(2).map(|w| w[1].top - w[0].top).filter(|&p| p > 0.0).fold(f32::MAX, f32::min);
    let tight = smallest + PITCH_SLACK * size;
    if columns {
        tight.min(MAX_WRAP_PITCH * size)
    } else {
        tight
    }
}

/// Right end of some glyphs (`f32::MIN` for none).
fn right_end(glyphs: &[&Glyph]) -> f32 {
    glyphs.iter().map(|g| g.bbox[2]).fold(f32::MIN, f32::max)
}

/// A line's glyphs split into the columns between `bounds`. Pieces of text
/// go to the column they start in. A piece ends at a cell gap, or at a
/// narrower gap with a column boundary inside it (text run up close to the
/// next column); text without such a gap stays whole even across a boundary
/// (a cell spanning columns).
fn line_parts<'g>(l: &TextLine<'g>, bounds: &[f32]) -> Vec<Vec<&'g Glyph>> {
    let column = |x: f32| bounds.iter().filter(|&&b| b <= x).count();
    let mut parts: Vec<Vec<&Glyph>> = vec![Vec::new(); bounds.len() + 1];
    let mut col = 0;
    for (k, g) in l.glyphs.iter().enumerate() {
        let starts_piece = k == 0 || {
            let (end, start) = (l.glyphs[k - 1].bbox[2], g.bbox[0]);
            let gap = start - end;
            gap > CELL_GAP * l.size || (gap > COLUMN_GAP * l.size && bounds.iter().any(|&b| b > end && b < start + 0.5 * l.size))
        };
        if starts_piece {
            col = column(g.bbox[0] + 0.25 * (g.bbox[2] - g.bbox[0]));
        }
        parts[col].push(g);
    }
    parts
}

/// How far text runs in each column: the right end of its widest text that
/// stays inside the column (text spanning into the next column is not a
/// measure of this one).
fn column_limits(parts: &[Vec<Vec<&Glyph>>], bounds: &[f32]) -> Vec<f32> {
    let mut limits = vec![f32::MIN; bounds.len() + 1];
    for line in parts {
        for (c, p) in line.iter().enumerate() {
            let end = right_end(p);
            if bounds.get(c).is_none_or(|&b| end <= b) {
                limits[c] = limits[c].max(end);
            }
        }
    }
    limits
}

/// Width of the piece a line of text starts with that line breaking cannot
/// split: one CJK character or one Latin word or number, with the opening
/// marks before it and the closing marks after it (which may not end or
/// start a line: `（期）`, `(%)`, `率）`).
fn unbreakable_width(glyphs: &[&Glyph], size: f32) -> f32 {
    let first_char = |g: &Glyph| g.text.chars().next().unwrap_or(' ');
    let opening = |c: char| "（(《「『【“‘[".contains(c);
    let closing = |c: char| "。，、；：！？）」』】》”’,.;:!?)]%".contains(c);
    let mut k = 0;
    while k < glyphs.len() && opening(first_char(glyphs[k])) {
        k += 1;
    }
    if k < glyphs.len() {
        let cjk = is_cjk(first_char(glyphs[k]));
        k += 1;
        // A Latin word or number runs on up to a space, a CJK character or a mark.
        while !cjk && k < glyphs.len() {
            let c = first_char(glyphs[k]);
            let apart = glyphs[k].bbox[0] - glyphs[k - 1].bbox[2] > SPACE_GAP * size;
            if apart || is_cjk(c) || opening(c) || closing(c) {
                break;
            }
            k += 1;
        }
    }
    while k < glyphs.len() && closing(first_char(glyphs[k])) {
        k += 1;
    }
    match glyphs.get(..k.max(1)) {
        Some([first, .., last]) => last.bbox[2] - first.bbox[0],
        Some([only]) => only.bbox[2] - only.bbox[0],
        _ => 0.0,
    }
}
