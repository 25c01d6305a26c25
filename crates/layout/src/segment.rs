//! Segmenting a document into tables, forms and prose.
//!
//! A table starts at a header row (see `header::is_header_row`) and takes
//! the rows after it until something that cannot be a table row: another
//! header, a form, a heading, a title line, or a line of prose (one cell of
//! sentence-like text). Blank lines, page-break markers, column-number rows
//! (`** 1 2 3`, `栏次 1 2 3`), markdown separators and repeats of the header
//! after a page break are inside tables and are skipped with a note. The
//! title and the money unit of a table are taken from the lines just before
//! its header.
use std::sync::LazyLock;

use budget_grammar::{header_field, is_amount, Field};
use budget_normalize::Row;

use crate::align::KindCache;
use crate::header::{continues_header, is_header_row, precedes_header, Header};
use crate::remap::{self, Verdict};
use crate::{budget, form, indicator, names, wrap, Layout, Note, Prose, TableInfo, TableKind};

/// How many non-blank lines before a header may hold its title and unit.
const TITLE_LOOKBACK: usize = 4;

/// The word a column-number row may print in its label column (栏次,
/// "column number"), where other producers print `**`.
const COLUMN_NUMBER_LABEL: &str = "栏次";

/// A row that is never data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Filler {
    PageBreak,
    PageNumber,
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
    if row.only_text().is_some_and(is_page_number) {
        return Some(Filler::PageNumber);
    }
    // Every other filler starts with a rule, a star, a number or 栏次: a row
    // whose first text starts otherwise (nearly every row) is data or prose.
    let starts_like_filler = |t: &str| matches!(t.as_bytes().first(), Some(b'-' | b':' | b'|' | b'*' | b'+' | b'0'..=b'9')) || t == COLUMN_NUMBER_LABEL;
    if !row.texts().next().is_some_and(starts_like_filler) {
        return None;
    }
    if row.texts().all(|t| t.len() >= 2 && t.chars().all(|c| matches!(c, '-' | ':' | '|'))) {
        return Some(Filler::MarkdownRule);
    }
    // `** ** 1 2 3`, or `** 1` under a one-column table: stars and 1, 2, 3 …
    // `栏次 | | 1 | 2 …` names the same row in words, in its label column: it
    // counts as a star there, and is a label (a line item 栏次) nowhere.
    let (mut numbers, mut stars, mut last): (usize, usize, Option<u32>) = (0, 0, None);
    for (k, t) in row.texts().enumerate() {
        if k == 0 && t == COLUMN_NUMBER_LABEL {
            stars += 1;
            continue;
        }
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
/// row (`** 1 2 3`, `栏次 1 2 3`) or a markdown rule.
pub fn is_filler(row: &Row) -> bool {
    filler(row).is_some()
}

/// A page number standing alone on its line: `12`, `- 12 -`, `第12页`,
/// `12/30`. No table row is a lone integer: figures sit beside a label.
fn is_page_number(t: &str) -> bool {
    let core = t.trim_matches(|c: char| c == '-' || c == '—' || c.is_whitespace());
    let core = core.strip_prefix('第').and_then(|c| c.strip_suffix('页')).unwrap_or(core);
    let core = core.split_once('/').map_or(core, |(page, _)| page);
    (1..=4).contains(&core.len()) && core.bytes().all(|b| b.is_ascii_digit())
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

/// A part or chapter heading (`第三部分 | 2019年度部门预算情况说明`), which
/// some producers split into cells: it ends any table above it.
fn is_part_heading(row: &Row) -> bool {
    let Some(first) = row.texts().next() else { return false };
    let Some(rest) = first.strip_prefix('第') else { return false };
    let digits = rest.chars().take_while(|c| "一二三四五六七八九十".contains(*c) || c.is_ascii_digit()).count();
    let after: String = rest.chars().skip(digits).take(2).collect();
    digits > 0 && (after == "部分" || after.starts_with('章') || after.starts_with('节'))
}

/// One cell of text that is neither a total label, a code nor a figure.
fn is_lone_label(row: &Row) -> bool {
    matches!(row.only_text(), Some(t) if !crate::budget::is_total_label(t)
        && !budget_grammar::is_amount(t)
        && budget_grammar::parse_code(t).is_none())
}

/// A table title: a short line naming a table (`…预算表`, `…汇总表`,
/// `财政拨款支出预算表(功能科目)`, `表3 收支预算总表`).
pub(crate) fn is_title(t: &str) -> bool {
    let t = t.trim_start_matches('#').trim();
    let (_, t) = split_table_number(t);
    // A bracket after the title qualifies it: (功能科目), (续), (续表).
    let t = match t.strip_suffix(')').and_then(|s| s.rfind('(').map(|i| &s[..i])) {
        Some(head) if t.chars().count() - head.chars().count() <= 10 => head,
        _ => t,
    };
    t.chars().count() <= 60 && t.ends_with('表')
}

/// A standard budget table's title (收支总表, 功能分类, 经济分类, 三公经费,
/// 政府采购, 决算 tables …): its 项目名称 column names rows, not projects.
/// Tables of projects (项目支出) and of performance targets (绩效) are not.
pub(crate) fn is_budget_title(t: &str) -> bool {
    is_title(t)
        && ["收入", "支出", "收支", "经费", "采购", "决算", "预算表"].iter().any(|w| t.contains(w))
        && !["绩效", "项目支出", "项目表"].iter().any(|w| t.contains(w))
}

/// Splits a printed table number from a title line: `表3`, `表1-2`,
/// `附表3`, `公开01表`, `公开01表:收支预算总表`. Returns the number and the
/// rest (empty when the line is the number alone).
pub fn split_table_number(t: &str) -> (Option<&str>, &str) {
    let t = t.trim();
    let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    let end = ["附表", "表"]
        .iter()
        .find_map(|p| {
            let rest = t.strip_prefix(p)?;
            let mut n = digits(rest);
            if n > 0 && rest[n..].starts_with('-') && digits(&rest[n + 1..]) > 0 {
                n += 1 + digits(&rest[n + 1..]);
            }
            (n > 0).then_some(p.len() + n)
        })
        .or_else(|| {
            let rest = t.strip_prefix("公开").unwrap_or(t);
            let n = digits(rest);
            (n > 0 && rest[n..].starts_with('表')).then(|| t.len() - rest.len() + n + '表'.len_utf8())
        });
    match end {
        Some(e) => (Some(&t[..e]), t[e..].trim_start_matches([':', '：', ' ', '、', '.'])),
        None => (None, t),
    }
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
    /// Fillers skipped inside the table.
    skipped: Vec<(Filler, u32)>,
    /// Lines repeating the header after a page break.
    repeated: Vec<u32>,
}

impl Body<'_> {
    /// Notes the lines the body skipped.
    fn note_skipped(&mut self, out: &mut Layout) {
        push_filler_notes(out, std::mem::take(&mut self.skipped));
        if !self.repeated.is_empty() {
            out.notes.push(Note {
                lines: std::mem::take(&mut self.repeated),
                warning: false,
                code: "repeated-header",
                message: "the table header is repeated after a page break; the repeat is not a data row".into(),
            });
        }
    }
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
    // After every table: a summary table names rows whose codes a later
    // table prints.
    crate::hierarchy::link_all(&mut out.items);
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
    let Lookback { pre, title, number, unit, lines: title_lines } = lookback(rows, start, out);
    // Declared before the list that borrows it (see `code_part_fragment`).
    let fragment: Row;
    let mut header_rows: Vec<&Row> = pre.iter().map(|&k| &rows[k]).collect();
    let mut j = start;
    header_rows.push(&rows[j]);
    j += 1;
    // Header lines may be separated by blank lines (conversion inserts them),
    // and by a markdown rule: markdown has one header line, so a converter
    // puts its rule after the first line of a header of two.
    let mut rules = Vec::new();
    loop {
        let next = (j..rows.len()).find(|&k| !rows[k].is_blank() && filler(&rows[k]) != Some(Filler::MarkdownRule));
        let skipped = rows[j..next.unwrap_or(j)].iter().filter(|r| !r.is_blank()).map(|r| r.line);
        let skipped: Vec<u32> = skipped.collect();
        match next {
            Some(k) if continues_header(&rows[k]) && !is_prose(&rows[k]) && filler(&rows[k]).is_none() => {
                header_rows.push(&rows[k]);
                rules.extend(skipped);
                j = k + 1;
            }
            _ => break,
        }
    }
    if let Some(f) = rows[j..].iter().find(|r| !r.is_blank()).and_then(code_part_fragment) {
        fragment = f;
        header_rows.push(&fragment);
    }
    let header = Header::build(&header_rows);
    let budget_title = title.as_deref().is_some_and(is_budget_title);
    let kind = header.kind(budget_title)?;
    // Lines taken as title/unit/pre-header were counted as prose: reclaim them.
    let mut header_lines: Vec<u32> = title_lines.clone();
    header_lines.extend(header.lines.iter().copied());
    header_lines.extend(rules);
    header_lines.sort_unstable();
    outside.retain(|l| !header_lines.contains(l));
    out.prose.retain(|p| !header_lines.contains(&p.line));
    let body = read_body(rows, j, &header, kind);
    let verdict = remap::check(&header, kind, budget_title, &body.rows, kinds);
    let (header, remapped, disagrees, mut body) = match verdict {
        // Where the table ends depends on its label columns: read again.
        Verdict::Remapped(r, h) => {
            let body = read_body(rows, j, &h, kind);
            (h, Some(r.describe(&header)), None, body)
        }
        Verdict::Disagrees(columns) => (header, None, Some(columns), body),
        Verdict::Fits => (header, None, None, body),
    };
    body.note_skipped(out);
    let Body { rows: body_rows, end, .. } = body;
    let table = out.tables.len();
    let unit = unit.or_else(|| header.columns.iter().find_map(|c| c.unit.clone()));
    let joined = wrap::join_table(&body_rows, &header);
    out.tables.push(TableInfo {
        title: title.unwrap_or_else(|| format!("未命名表{}", table + 1)),
        number,
        kind,
        header_lines,
        unit,
        rows: joined.as_ref().map_or(body_rows.len(), |j| j.rows.len()),
    });
    let info = out.tables[table].clone();
    match &joined {
        None => read_rows(&header, &header_rows, &info, table, &body_rows, out, kinds),
        Some(j) => {
            // Joined rows live only as long as this table: their texts get a
            // cache of their own.
            let rows: Vec<&Row> = j.rows.iter().collect();
            read_rows(&header, &header_rows, &info, table, &rows, out, &mut KindCache::default());
            wrap::record(&j.joins, table, out);
        }
    }
    match (remapped, disagrees) {
        (Some(what), _) => note_remap(out, table, &info, what),
        (None, Some(columns)) => out.notes.push(Note {
            lines: info.header_lines.clone(),
            warning: true,
            code: "column-types-disagree",
            message: format!(
                "in \"{}\" most cells of the columns {} are not of the type their header names, and no remapping of the header one cell over fits; its records may be misread",
                info.title,
                columns.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ")
            ),
        }),
        _ => {}
    }
    Some(end)
}

/// Marks every record read from a table whose header was remapped (their
/// columns depend on it), and says what was done.
fn note_remap(out: &mut Layout, table: usize, info: &TableInfo, what: String) {
    const REPAIR: &str = "header-shifted";
    out.indicators.iter_mut().filter(|r| r.table == table).for_each(|r| r.repairs.push(REPAIR.into()));
    out.projects.iter_mut().filter(|r| r.table == table).for_each(|r| r.repairs.push(REPAIR.into()));
    out.items.iter_mut().chain(out.totals.iter_mut()).filter(|r| r.table == table).for_each(|r| r.repairs.push(REPAIR.into()));
    out.notes.push(Note {
        lines: info.header_lines.clone(),
        warning: false,
        code: "header-shifted",
        message: format!("the header of \"{}\" sits one cell off its data ({what}): most cells did not hold the type their column names, and do now", info.title),
    });
}

/// Reads a table's body rows by the kind of table.
fn read_rows<'r>(header: &Header, header_rows: &[&Row], info: &TableInfo, table: usize, rows: &[&'r Row], out: &mut Layout, kinds: &mut KindCache<'r>) {
    match info.kind {
        TableKind::Indicators | TableKind::Projects => indicator::read(header, info, table, rows, out, kinds),
        TableKind::Budget => budget::read_budget(header, header_rows, info, table, rows, out),
        TableKind::TwoSided => budget::read_two_sided(header, info, table, rows, out),
        TableKind::Form => {}
    }
}

/// The code-part words (`类 | 款 | 项`) that some producers print on the
/// first data row, beside its 合计 and figures, instead of on a header line
/// of their own. Returned as a header row of those cells alone, so that the
/// columns below them are read as code columns; the data row keeps its
/// label and figures (the words are not codes, so no code is read from them).
fn code_part_fragment(row: &Row) -> Option<Row> {
    let lead = row.cell_texts().take_while(|t| matches!(header_field(t), Some(Field::CodePart(_)))).count();
    if lead < 2 || !row.texts().any(is_amount) {
        return None;
    }
    let cells = row.cell_texts().enumerate().map(|(i, t)| if i < lead { t } else { "" });
    Some(Row::new(row.line, cells))
}

/// Title, number, unit and header-like lines just before a header.
fn lookback(rows: &[Row], start: usize, out: &Layout) -> Lookback {
    let taken: Vec<u32> = out.tables.iter().flat_map(|t| t.header_lines.iter().copied()).collect();
    let mut pre = Vec::new();
    let mut title = None;
    let mut number = None;
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
        if let (Some(n), "") = split_table_number(&text) {
            number = Some(n.to_string());
            lines.push(row.line);
            in_pre = false;
            continue;
        }
        if title.is_none() && row.filled() == 1 && is_title(&text) {
            let text = heading_text(&text);
            let (n, rest) = split_table_number(&text);
            number = number.or(n.map(str::to_string));
            title = Some(rest.to_string());
            lines.push(row.line);
            // The number may stand alone on the line above its title.
            if number.is_none() {
                let above = rows[..k].iter().rev().find(|r| !r.is_blank() && filler(r).is_none());
                if let Some((Some(n), "")) = above.map(|r| split_table_number(r.only_text().unwrap_or_default())) {
                    if !taken.contains(&above.map_or(0, |r| r.line)) {
                        number = Some(n.to_string());
                        lines.push(above.map_or(0, |r| r.line));
                    }
                }
            }
            break;
        }
        if in_pre && precedes_header(row) && !is_prose(row) {
            pre.insert(0, k);
            continue;
        }
        in_pre = false;
    }
    lines.sort_unstable();
    Lookback { pre, title, number, unit, lines }
}

/// What the lines before a header say about its table.
struct Lookback {
    /// Indices of pre-header rows (short header words above the first
    /// vocabulary row).
    pre: Vec<usize>,
    title: Option<String>,
    /// The printed table number (`表3`, `公开01表`).
    number: Option<String>,
    unit: Option<String>,
    /// The lines used.
    lines: Vec<u32>,
}

/// Collects the body rows of a table, skipping fillers and repeated headers.
fn read_body<'a>(rows: &'a [Row], mut j: usize, header: &Header, kind: TableKind) -> Body<'a> {
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
        let budget = matches!(kind, TableKind::Budget | TableKind::TwoSided);
        // Row labels that read like column words (上年结转资金 | 结转下年资金)
        // are data when they sit in this table's label columns. Asked only
        // of the rows that would end the table otherwise.
        let labels_in_place = || budget && in_label_columns(row, header);
        if (is_header_row(row) && !labels_in_place()) || is_prose(row) || is_part_heading(row) || form::starts_form(row) || declared_unit(row).is_some() {
            break;
        }
        if budget && is_lone_label(row) && !labels_in_place() {
            // A budget row carries figures; a lone label after the table is
            // a heading, unless it sits in a label column right of the first
            // (a side with more rows than the other: `| | 十、节能环保支出`).
            break;
        }
        body.push(row);
        j += 1;
    }
    Body { rows: body, end: j, skipped, repeated }
}

/// True when every filled cell of a row is under a label column of the
/// header (or an unnamed column right of one, where a child's label is
/// printed), and the row has the table's shape (more than one cell): a row
/// of a table's other side, or a label-only row of this one.
fn in_label_columns(row: &Row, header: &Header) -> bool {
    use budget_grammar::Field;
    let mut label = vec![false; header.columns.len()];
    for (i, c) in header.columns.iter().enumerate() {
        label[i] = match c.field {
            Some(Field::Label | Field::Project | Field::Side(_)) => true,
            None => i > 0 && label[i - 1],
            _ => false,
        };
    }
    let mut filled = row.cell_texts().enumerate().filter(|(_, t)| !t.is_empty()).map(|(i, _)| i).peekable();
    row.len() >= 2 && row.len() <= label.len() && filled.peek().is_some() && filled.all(|i| label[i])
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
        (Filler::PageNumber, "page-number", "page numbers standing alone on their lines; not data"),
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
        // 栏次 in the label column, where others print `**` (synthetic
        // `column-numbers` damage: it had become a project and a line item).
        assert_eq!(kind(&["栏次", "", "1", "2", "3"]), Some(Filler::ColumnNumbers));
        assert_eq!(kind(&["栏次", "1"]), Some(Filler::ColumnNumbers));
        for page in ["18", "- 3 -", "第12页", "12/30"] {
            assert_eq!(kind(&["", page, ""]), Some(Filler::PageNumber), "{page}");
        }
        for data in [&["1", "3"][..], &["合计", "1", "2"], &["产出指标", "---"], &["2", "3"], &["1", "3"], &["*", "项目"], &["12345"], &["栏次"], &["1", "栏次", "2"], &["栏次", "3", "4"]] {
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

    fn rows(lines: &[&[&str]]) -> Vec<Row> {
        lines.iter().enumerate().map(|(i, cells)| Row::new(i as u32 + 1, cells.iter().copied())).collect()
    }

    fn values_at(layout: &Layout, line: u32) -> Vec<(String, String)> {
        layout.items.iter().find(|i| i.line == line).map(|i| i.values.clone()).unwrap_or_default()
    }

    #[test]
    fn code_part_words_on_the_total_row_are_header_and_the_columns_stay_in_place() {
        let layout = analyze(&rows(&[
            &["支出决算表"],
            &["单位:万元"],
            &["项目", "", "", "", "本年支出合计", "基本支出", "项目支出"],
            &["支出功能分类科目编码", "", "", "科目名称", "", "", ""],
            &["类", "款", "项", "合计", "30.00", "20.00", "10.00"],
            &["201", "", "", "一般公共服务支出", "30.00", "20.00", "10.00"],
            &["201", "06", "", "财政事务", "30.00", "20.00", "10.00"],
            &["201", "06", "01", "行政运行", "20.00", "20.00", ""],
            &["201", "06", "02", "一般行政管理事务", "10.00", "", "10.00"],
            &["第三部分", "东海市南湖区财政局", "2024", "年度部门决算情况说明"],
        ]));
        let total = layout.items.iter().find(|i| i.line == 5).expect("the total row is an item");
        assert_eq!((total.name.as_str(), total.code.as_deref()), ("合计", None));
        let pair = |l: &str, v: &str| (l.to_string(), v.to_string());
        assert_eq!(values_at(&layout, 9), vec![pair("本年支出合计", "10.00"), pair("项目支出", "10.00")]);
        assert_eq!(layout.items.iter().find(|i| i.line == 9).and_then(|i| i.code.as_deref()), Some("2010602"));
        // The part heading after the table is not one of its rows.
        assert!(layout.items.iter().all(|i| i.line != 10), "{:?}", layout.items.last());
    }

    #[test]
    fn a_row_naming_several_label_columns_sits_at_the_deepest_one() {
        let layout = analyze(&rows(&[
            &["政府采购预算表"],
            &["单位:万元"],
            &["采购品目大类", "专项名称", "经济科目", "采购物品名称", "采购组织形式", "总计"],
            &["合计", "", "", "", "", "40.00"],
            &["一、货物", "", "", "", "", "40.00"],
            &["", "设备购置费", "办公设备购置", "", "", "30.00"],
            &["", "", "", "台式计算机", "政府集中采购", "30.00"],
            &["", "", "专用设备购置", "", "", "10.00"],
            &["", "", "", "其他专用设备", "分散自行组织", "10.00"],
        ]));
        let at = |line: u32| layout.items.iter().position(|i| i.line == line).expect("an item");
        let parent = |line: u32| layout.items[at(line)].parent;
        assert_eq!(parent(6), Some(at(5)));
        assert_eq!(parent(7), Some(at(6)));
        // A sibling of the 专项 × 经济科目 row above, not its child.
        assert_eq!(parent(8), Some(at(5)));
        assert_eq!(parent(9), Some(at(8)));
    }
}
