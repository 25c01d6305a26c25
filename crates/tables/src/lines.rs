//! Glyphs to text lines, lines to segments, and runs of segmented lines to
//! borderless tables.
//!
//! CJK text has no spaces, so words cannot be found by spaces: glyphs whose
//! gap is small relative to the font size belong to one segment, and a gap
//! of about a character or more separates cells. Columns of a borderless
//! table are the vertical strips that (nearly) no line's text covers.
use budget_pdf::Glyph;

use crate::PageRow;

/// Gap (in font sizes) from which two glyphs of a line are in different cells.
const CELL_GAP: f32 = 0.9;
/// Gap (in font sizes) from which two Latin glyphs are separated by a space.
const SPACE_GAP: f32 = 0.4;
/// Vertical gap (in font sizes) below which a line continues the line above
/// inside the same cell (wrapped text has no cell padding between lines).
const WRAP_GAP: f32 = 0.35;

/// A line of text.
#[derive(Debug, Clone)]
pub struct TextLine<'g> {
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
pub fn group_lines<'g>(glyphs: &[&'g Glyph]) -> Vec<TextLine<'g>> {
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

/// A run of glyphs with small gaps: one cell's text on one line.
#[derive(Debug, Clone)]
struct Segment {
    text: String,
    x0: f32,
    x1: f32,
}

fn segments(line: &TextLine) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut start = 0;
    for i in 1..=line.glyphs.len() {
        let split = i == line.glyphs.len() || line.glyphs[i].bbox[0] - line.glyphs[i - 1].bbox[2] > CELL_GAP * line.size;
        if split {
            let part = &line.glyphs[start..i];
            out.push(Segment {
                text: line_text(part, line.size),
                x0: part[0].bbox[0],
                x1: part.iter().map(|g| g.bbox[2]).fold(f32::MIN, f32::max),
            });
            start = i;
        }
    }
    out
}

/// Rows from glyphs outside ruled grids, grouped into blocks, each with
/// the top of its first line.
pub(crate) fn free_rows(glyphs: &[&Glyph]) -> Vec<(f32, Vec<PageRow>)> {
    let lines = group_lines(glyphs);
    let segs: Vec<Vec<Segment>> = lines.iter().map(segments).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let end = table_run_end(&lines, &segs, i);
        if end > i + 1 {
            out.push((lines[i].top, borderless_table(&lines[i..end], &segs[i..end])));
            i = end;
        } else {
            let l = &lines[i];
            let text = segs[i].iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join("\t");
            let cells: Vec<String> = text.split('\t').map(str::to_string).collect();
            out.push((l.top, vec![PageRow { cells, bbox: [l.left(), l.top, l.right(), l.bottom] }]));
            i += 1;
        }
    }
    out
}

/// End of the run of table-like lines starting at `i`: lines with two or
/// more segments, and single-segment lines between them (a group row, a
/// wrapped cell) when the next line is again table-like and close.
fn table_run_end(lines: &[TextLine], segs: &[Vec<Segment>], i: usize) -> usize {
    if segs[i].len() < 2 {
        return i + 1;
    }
    let mut j = i + 1;
    while j < lines.len() {
        let close = lines[j].top - lines[j - 1].bottom < 2.5 * lines[j].size;
        if segs[j].len() >= 2 && close {
            j += 1;
        } else if segs[j].len() == 1 && close && j + 1 < lines.len() && segs[j + 1].len() >= 2 {
            j += 1;
        } else {
            break;
        }
    }
    j
}

/// Column boundaries of a block: middles of the x ranges no segment covers.
fn column_bounds(segs: &[Vec<Segment>], size: f32) -> Vec<f32> {
    let mut spans: Vec<(f32, f32)> = segs.iter().flatten().map(|s| (s.x0, s.x1)).collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut bounds = Vec::new();
    let mut reach = f32::MIN;
    for (x0, x1) in spans {
        if reach > f32::MIN && x0 - reach > 0.5 * size {
            bounds.push((reach + x0) / 2.0);
        }
        reach = reach.max(x1);
    }
    bounds
}

fn borderless_table(lines: &[TextLine], segs: &[Vec<Segment>]) -> Vec<PageRow> {
    let size = lines.iter().map(|l| l.size).fold(0.0, f32::max);
    let bounds = column_bounds(segs, size);
    let column = |x: f32| bounds.iter().filter(|&&b| b < x).count();
    let mut rows: Vec<PageRow> = Vec::new();
    let mut prev_bottom: Option<f32> = None;
    for (l, ss) in lines.iter().zip(segs) {
        let mut cells = vec![String::new(); bounds.len() + 1];
        for s in ss {
            let c = column((s.x0 + s.x1) / 2.0);
            if !cells[c].is_empty() {
                cells[c].push(' ');
            }
            cells[c].push_str(&s.text);
        }
        let wrapped = prev_bottom.is_some_and(|b| l.top - b < WRAP_GAP * l.size);
        prev_bottom = Some(l.bottom);
        match rows.last_mut() {
            Some(last) if wrapped => {
                for (into, more) in last.cells.iter_mut().zip(cells) {
                    if needs_space(into, &more) {
                        into.push(' ');
                    }
                    into.push_str(&more);
                }
                last.bbox[3] = l.bottom;
            }
            _ => rows.push(PageRow { cells, bbox: [l.left(), l.top, l.right(), l.bottom] }),
        }
    }
    rows
}
