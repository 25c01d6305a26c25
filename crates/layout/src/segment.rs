//! Segmenting a document into tables, forms and prose.
//!
//! A table starts at a header row (see `header::is_header_row`) and takes
//! the rows after it until something that cannot be a table row: another
//! header, a form, a heading, a title line, or a line of prose (one cell of
//! sentence-like text). Blank lines, page-break markers, column-number rows
//! (`** 1 2 3`), markdown separators and repeats of the header after a page
//! break are inside tables and are skipped with a note. The title and the
//! money unit of a table are taken from the lines just before its header.
use std::sync::LazyLock;

use budget_normalize::Row;

use crate::align::KindCache;
use crate::header::{continues_header, is_header_row, precedes_header, Header};
use crate::{budget, form, indicator, names, Layout, Note, Prose, TableInfo, TableKind};

/// How many non-blank lines before a header may hold its title and unit.
const TITLE_LOOKBACK: usize = 4;

/// A row that is never data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Filler {
    PageBreak,
    ColumnNumbers,
    MarkdownRule,
}

pub(crate) fn filler(row: &Row) -> Option<Filler> {
    // Asked of every row: no allocation, and most rows stop at their first
    // text (see below).
    if row.is_blank() {
        return None;
    }
    if row.only_text().is_some_and(is_page_break) {
        return Some(Filler::PageBreak);
    }
    // Every other filler starts with a rule, a star or a number: a row whose
    // first text starts otherwise (nearly every row) is data or prose.
    let starts_like_filler = |t: &str| matches!(t.as_bytes().first(), Some(b'-' | b':' | b'|' | b'*' | b'+' | b'0'..=b'9'));
    if !row.texts().next().is_some_and(starts_like_filler) {
        return None;
    }
    if row.texts().all(|t| t.len() >= 2 && t.chars().all(|c| matches!(c, '-' | ':' | '|'))) {
        return Some(Filler::MarkdownRule);
    }
    // `** ** 1 2 3`, or `** 1` under a one-column table: stars and 1, 2, 3 …
    let (mut numbers, mut stars, mut last): (usize, usize, Option<u32>) = (0, 0, None);
    for t in row.texts() {
        if let Ok(n) = t.parse::<u32>() {
            let ascending = match last {
                None => n <= 1,
                Some(prev) => prev.checked_add(1) == Some(n),
            };
            if !ascending {
                return None;
            }
            numbers += 1;
            last = Some(n);
        } else if t.chars().all(|c| c == '*') {
            stars += 1;
        } else {
            return None;
        }
    }
    (numbers >= 1 && (numbers >= 2 || stars >= 1)).then_some(Filler::ColumnNumbers)
}

/// True for a row that is never data: a page-break marker, a column-number
/// row (`** 1 2 3`) or a markdown rule.
pub fn is_filler(row: &Row) -> bool {
    filler(row).is_some()
}

fn is_page_break(t: &str) -> bool {
    let core = t.trim_matches(|c: char| c == '-' || c == '=' || c.is_whitespace());
    let lower = core.to_ascii_lowercase();
    core.len() < t.len() && matches!(lower.as_str(), "page_break" | "page break" | "pagebreak" | "分页" | "分页符")
}

/// A line of prose: one cell of sentence-like text, a heading, or a note.
pub(crate) fn is_prose(row: &Row) -> bool {
    let Some(t) = row.only_text() else {
        return false;
    };
    t.starts_with('#')
        || t.contains('。')
        || t.chars().count() >= 40
        || ["注:", "注：", "备注", "说明:", "说明："].iter().any(|p| t.starts_with(p))
        || t.ends_with(':')
        || is_title(t)
}

/// One cell of text that is neither a total label, a code nor a figure.
fn is_lone_label(row: &Row) -> bool {
    matches!(row.only_text(), Some(t) if !crate::budget::is_total_label(t)
        && !budget_grammar::is_amount(t)
        && budget_grammar::parse_code(t).is_none())
}

/// A table title: a short line naming a table (`…预算表`, `…汇总表`).
pub(crate) fn is_title(t: &str) -> bool {
    let t = t.trim_start_matches('#').trim();
    t.chars().count() <= 60 && (t.ends_with('表') || t.ends_with("表(续)") || t.ends_with("表(续表)"))
}

/// The label before a declared unit.
static UNIT_LABEL: LazyLock<memchr::memmem::Finder<'static>> = LazyLock::new(|| memchr::memmem::Finder::new("单位"));

/// The money unit a line declares (`单位:万元`, `单位：元`, `金额单位:万元`).
pub(crate) fn declared_unit(row: &Row) -> Option<String> {
    // Asked of every row in a table: one search over the whole row rules
    // out nearly all of them.
    UNIT_LABEL.find(row.joined_text().as_bytes())?;
    row.cell_texts().find_map(|t| {
        // Every cell of every row is asked: memmem's searcher beats both
        // `str::find` and a scan for 单 alone.
        let i = UNIT_LABEL.find(t.as_bytes())?;
        let rest = t[i + "单位".len()..].trim_start_matches([':', '：', ' ']);
        if rest.starts_with("万元") {
            Some("万元".to_string())
        } else if rest.starts_with('元') {
            Some("元".to_string())
        } else {
            None
        }
    })
}

fn heading_text(t: &str) -> String {
    t.trim_start_matches('#').trim().to_string()
}

/// The body of one table: rows to read, and the lines skipped.
pub(crate) struct Body<'a> {
    pub rows: Vec<&'a Row>,
    pub end: usize,
}

/// Finds the layout of a document.
pub fn analyze(rows: &[Row]) -> Layout {
    let mut out = Layout::default();
    let mut outside: Vec<u32> = Vec::new();
    let mut fillers: Vec<(Filler, u32)> = Vec::new();
    // Cell types are a matter of the text alone, and a document's tables
    // and forms repeat the same words: one cache for all of them.
    let mut kinds = KindCache::default();
    let mut i = 0;
    while i < rows.len() {
        let row = &rows[i];
        if row.is_blank() {
            i += 1;
            continue;
        }
        if let Some(f) = filler(row) {
            fillers.push((f, row.line));
            i += 1;
            continue;
        }
        if form::starts_form(row) {
            // A form reader that read nothing must not stall the scan.
            i = form::read_form(rows, i, &mut out, &mut kinds).max(i + 1);
            continue;
        }
        if is_header_row(row) {
            if let Some(next) = read_table(rows, i, &mut out, &mut outside, &mut kinds) {
                i = next;
                continue;
            }
        }
        outside.push(row.line);
        out.prose.push(Prose { line: row.line, text: joined(row) });
        i += 1;
    }
    names::reconcile(&mut out);
    push_filler_notes(&mut out, fillers);
    if !outside.is_empty() {
        let n = outside.len();
        out.notes.push(Note {
            lines: outside,
            warning: false,
            code: "text-outside-tables",
            message: format!("{n} lines are headings, titles, narrative or notes outside any table; they are not table rows"),
        });
    }
    out
}

fn joined(row: &Row) -> String {
    row.texts().collect::<Vec<_>>().join(" ")
}

/// Reads the table whose header starts at `start`. Returns the index after
/// it, or `None` when the header announces no known kind of table.
fn read_table<'r>(rows: &'r [Row], start: usize, out: &mut Layout, outside: &mut Vec<u32>, kinds: &mut KindCache<'r>) -> Option<usize> {
    let (pre, title, unit, title_lines) = lookback(rows, start, out);
    let mut header_rows: Vec<&Row> = pre.iter().map(|&k| &rows[k]).collect();
    let mut j = start;
    header_rows.push(&rows[j]);
    j += 1;
    // Header lines may be separated by blank lines (conversion inserts them).
    loop {
        let next = (j..rows.len()).find(|&k| !rows[k].is_blank());
        match next {
            Some(k) if continues_header(&rows[k]) && !is_prose(&rows[k]) && filler(&rows[k]).is_none() => {
                header_rows.push(&rows[k]);
                j = k + 1;
            }
            _ => break,
        }
    }
    let header = Header::build(&header_rows);
    let kind = header.kind()?;
    // Lines taken as title/unit/pre-header were counted as prose: reclaim them.
    let mut header_lines: Vec<u32> = title_lines.clone();
    header_lines.extend(header.lines.iter().copied());
    outside.retain(|l| !header_lines.contains(l));
    out.prose.retain(|p| !header_lines.contains(&p.line));
    let body = read_body(rows, j, &header, kind, out);
    let table = out.tables.len();
    let unit = unit.or_else(|| header.columns.iter().find_map(|c| c.unit.clone()));
    out.tables.push(TableInfo {
        title: title.unwrap_or_else(|| format!("表{}", table + 1)),
        kind,
        header_lines,
        unit,
        rows: body.rows.len(),
    });
    let info = out.tables[table].clone();
    match kind {
        TableKind::Indicators | TableKind::Projects => indicator::read(&header, &info, table, &body.rows, out, kinds),
        TableKind::Budget => budget::read_budget(&header, &header_rows, &info, table, &body.rows, out),
        TableKind::TwoSided => budget::read_two_sided(&header, &info, table, &body.rows, out),
        TableKind::Form => {}
    }
    Some(body.end)
}

/// Title, unit and header-like lines just before a header. Returns the
/// indices of pre-header rows (short header words above the first vocabulary
/// row), the title, the unit and the lines used.
fn lookback(rows: &[Row], start: usize, out: &Layout) -> (Vec<usize>, Option<String>, Option<String>, Vec<u32>) {
    let taken: Vec<u32> = out.tables.iter().flat_map(|t| t.header_lines.iter().copied()).collect();
    let mut pre = Vec::new();
    let mut title = None;
    let mut unit = None;
    let mut lines = Vec::new();
    let mut seen = 0;
    let mut k = start;
    let mut in_pre = true;
    while k > 0 && seen < TITLE_LOOKBACK + pre.len() {
        k -= 1;
        let row = &rows[k];
        if row.is_blank() || filler(row).is_some() {
            in_pre = false;
            continue;
        }
        if taken.contains(&row.line) || is_header_row(row) {
            break;
        }
        seen += 1;
        let text = joined(row);
        if unit.is_none() {
            if let Some(u) = declared_unit(row) {
                unit = Some(u);
                lines.push(row.line);
                in_pre = false;
                continue;
            }
        }
        if title.is_none() && row.filled() == 1 && is_title(&text) {
            title = Some(heading_text(&text));
            lines.push(row.line);
            break;
        }
        if in_pre && precedes_header(row) && !is_prose(row) {
            pre.insert(0, k);
            continue;
        }
        in_pre = false;
    }
    lines.sort_unstable();
    (pre, title, unit, lines)
}

/// Collects the body rows of a table, skipping fillers and repeated headers.
fn read_body<'a>(rows: &'a [Row], mut j: usize, header: &Header, kind: TableKind, out: &mut Layout) -> Body<'a> {
    let mut body = Vec::new();
    let mut skipped: Vec<(Filler, u32)> = Vec::new();
    let mut repeated: Vec<u32> = Vec::new();
    while j < rows.len() {
        let row = &rows[j];
        if row.is_blank() {
            j += 1;
            continue;
        }
        if let Some(f) = filler(row) {
            skipped.push((f, row.line));
            j += 1;
            continue;
        }
        if header.is_repeated_by(row) || title_of_repeat(rows, j, header) {
            repeated.push(row.line);
            j += 1;
            continue;
        }
        if is_header_row(row) || is_prose(row) || form::starts_form(row) || declared_unit(row).is_some() {
            break;
        }
        if matches!(kind, TableKind::Budget | TableKind::TwoSided) && is_lone_label(row) {
            // A budget row carries figures; a lone label after the table is a heading.
            break;
        }
        body.push(row);
        j += 1;
    }
    push_filler_notes(out, skipped);
    if !repeated.is_empty() {
        out.notes.push(Note {
            lines: repeated,
            warning: false,
            code: "repeated-header",
            message: "the table header is repeated after a page break; the repeat is not a data row".into(),
        });
    }
    Body { rows: body, end: j }
}

/// A title line right before a repeat of the header (a page-break repeat
/// that includes the table's title) is part of the repeat.
fn title_of_repeat(rows: &[Row], j: usize, header: &Header) -> bool {
    let row = &rows[j];
    row.filled() == 1
        && is_title(&joined(row))
        && rows[j + 1..].iter().find(|r| !r.is_blank() && filler(r).is_none()).is_some_and(|next| header.is_repeated_by(next))
}

pub(crate) fn push_filler_notes(out: &mut Layout, fillers: Vec<(Filler, u32)>) {
    for (kind, code, message) in [
        (Filler::PageBreak, "page-break", "page-break marker lines; not data"),
        (Filler::ColumnNumbers, "column-numbers", "column-number rows (** 1 2 3 …) under a header; not data"),
        (Filler::MarkdownRule, "markdown-rule", "markdown table rules (--|---); not data"),
    ] {
        let lines: Vec<u32> = fillers.iter().filter(|(f, _)| *f == kind).map(|(_, l)| *l).collect();
        if !lines.is_empty() {
            out.notes.push(Note { lines, warning: false, code, message: message.into() });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fillers_are_told_from_data_rows() {
        let kind = |cells: &[&str]| filler(&Row::new(1, cells));
        assert_eq!(kind(&["", "--- page_break ---"]), Some(Filler::PageBreak));
        assert_eq!(kind(&["---", ":--:", "|--"]), Some(Filler::MarkdownRule));
        assert_eq!(kind(&["**", "**", "1", "2", "3"]), Some(Filler::ColumnNumbers));
        assert_eq!(kind(&["1", "2", "3"]), Some(Filler::ColumnNumbers));
        assert_eq!(kind(&["+1", "2"]), Some(Filler::ColumnNumbers), "u32 parsing takes a leading +");
        assert_eq!(kind(&["**", "1"]), Some(Filler::ColumnNumbers));
        for data in [&["1", "3"][..], &["合计", "1", "2"], &["产出指标", "---"], &["2", "3"], &["1"], &["*", "项目"]] {
            assert_eq!(kind(data), None, "{data:?}");
        }
    }

    #[test]
    fn declared_unit_is_read_from_one_cell_never_across_two() {
        let unit = |cells: &[&str]| declared_unit(&Row::new(1, cells));
        assert_eq!(unit(&["部门预算表", "", "单位：万元"]).as_deref(), Some("万元"));
        assert_eq!(unit(&["金额单位:元"]).as_deref(), Some("元"));
        // The row's texts end to end read 单位:万元, but no cell says it.
        assert_eq!(unit(&["预算单", "位:万元"]), None);
        assert_eq!(unit(&["单位名称", "项目名称"]), None);
        assert_eq!(unit(&[]), None);
    }
}
