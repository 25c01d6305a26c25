//! Budget tables: rows keyed by 科目编码 or by a row label, and two-sided
//! tables (收入 | 支出) split into two lists.
//!
//! Values go to columns by position when the dump kept the table's geometry
//! (every cell in place, as tab-separated dumps do). Scrapers that collapse
//! empty cells lose that geometry: then a row is read by cell type (leading
//! code parts, a label, then amounts) and its amounts are matched in order
//! to the value columns named by the header. A header whose words wrapped or
//! ran together is re-segmented with the budget column vocabulary; when the
//! names still do not match the number of values, the columns are labelled
//! by position and a warning says so, rather than guessing.
use budget_grammar::{is_amount, parse_code, Field};
use budget_normalize::Row;

use crate::header::Header;
use crate::{Layout, Note, TableInfo};

/// A budget line.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemRow {
    /// Line.
    pub line: u32,
    /// Table index.
    pub table: usize,
    /// 科目编码 (parts joined).
    pub code: Option<String>,
    /// Row label as printed, ordinal included (`一、财政拨款收入`).
    pub label: String,
    /// Row label without its ordinal.
    pub name: String,
    /// How many columns right of its side's label column the label was
    /// printed (a child row under a parent's label: `| 公共财政拨款资金`).
    pub indent: u8,
    /// The enclosing line item (an index into `Layout::items`), found by
    /// [`crate::hierarchy`] from codes, ordinals and indentation.
    pub parent: Option<usize>,
    /// `Some(true)` income, `Some(false)` expenditure.
    pub side: Option<bool>,
    /// Enumeration level: 1 for `一、`, 2 for `1.`, 0 when unmarked.
    pub level: u8,
    /// Which part of a table whose labels repeat across the page the item
    /// is in (0 for the left or only part).
    pub part: u8,
    /// Depth in the table's hierarchy: 0 for a total row, 1 for the top
    /// level, then one more per level (see [`crate::hierarchy`]).
    pub depth: u8,
    /// (column label, printed amount).
    pub values: Vec<(String, String)>,
    /// Money unit.
    pub unit: Option<String>,
    /// Repairs.
    pub repairs: Vec<String>,
}

/// True for a total row label: 合计, 总计, 小计, 本年收入合计, 当年收入小计, 支出总计 …
pub fn is_total_label(s: &str) -> bool {
    s.ends_with("合计") || s.ends_with("总计") || s.ends_with("小计")
}

/// Column words of budget tables, used to split header text that wrapped or
/// ran together (`事业收入 事业单位` + `经营收入 其他收入`). Longest first.
const COLUMN_WORDS: &[&str] = &[
    "机关运行经费预算数", "机关运行经费", "“三公”经费预算数", "\"三公\"经费预算数", "公务用车购置及运行费", "公务用车运行维护费",
    "公务用车购置费", "因公出国(境)费用", "因公出国(境)费", "对附属单位补助支出", "事业单位经营收入", "事业单位经营支出",
    "附属单位上缴收入", "财政专户管理资金", "国有资本经营预算", "政府性基金预算", "上级补助收入", "上缴上级支出", "上年结转结余",
    "财政拨款收入", "一般公共预算", "公务接待费", "政府性基金", "上年结转", "事业收入", "其他收入", "基本支出", "项目支出",
    "人员经费", "人员支出", "公用经费", "单位资金", "专户资金", "其他资金", "预算数", "购置费", "运行费", "合计", "总计", "小计",
];

/// Splits run-together header text into column words; unknown stretches
/// become their own pieces.
fn segment_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut unknown = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some(w) = COLUMN_WORDS.iter().find(|w| rest.starts_with(**w)) {
            if !unknown.is_empty() {
                out.push(std::mem::take(&mut unknown));
            }
            out.push((*w).to_string());
            rest = &rest[w.len()..];
        } else {
            unknown.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    if !unknown.is_empty() {
        out.push(unknown);
    }
    // Pieces naming the label columns (科目编码, 科目名称) are not value columns.
    out.retain(|w| !(w.contains("科目") || w.contains("编码") || w.contains("名称")));
    out
}

fn is_label_field(f: &Option<Field>) -> bool {
    matches!(f, Some(Field::Code | Field::CodePart(_) | Field::Label | Field::Department | Field::Project | Field::Side(_) | Field::Seq))
}

/// Names for `count` value columns: the header's own columns when they match,
/// else its words re-segmented, else positions (with a warning).
fn value_labels(header: &Header, header_rows: &[&Row], count: usize, out: &mut Layout, title: &str) -> (Vec<String>, bool) {
    let geometric: Vec<String> =
        header.columns.iter().filter(|c| c.field == Some(Field::Amount)).map(|c| c.label.clone()).collect();
    if geometric.len() == count {
        return (geometric, false);
    }
    for skip in [1, 0] {
        if header_rows.len() <= skip {
            continue;
        }
        let text: String = header_rows[skip..]
            .iter()
            .flat_map(|r| r.texts())
            .filter(|t| !is_label_field(&budget_grammar::header_field(t)))
            .collect();
        let words = segment_words(&text);
        if words.len() == count {
            return (words, true);
        }
    }
    out.notes.push(Note {
        lines: header.lines.clone(),
        warning: true,
        code: "column-labels-unresolved",
        message: format!("the header of \"{title}\" could not be matched to its {count} value columns; its values are labelled by position (第1列 …)"),
    });
    ((1..=count).map(|i| format!("第{i}列")).collect(), false)
}

/// Reads a one-sided budget table (coded or label-keyed).
pub(crate) fn read_budget(header: &Header, header_rows: &[&Row], info: &TableInfo, table: usize, rows: &[&Row], out: &mut Layout) {
    let amount_cols: Vec<usize> =
        header.columns.iter().enumerate().filter(|(_, c)| c.field == Some(Field::Amount)).map(|(i, _)| i).collect();
    let code_cols: Vec<usize> = header
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| matches!(c.field, Some(Field::Code | Field::CodePart(_))))
        .map(|(i, _)| i)
        .collect();
    // The dump kept the geometry when every number sits under a money column
    // (or is a code under a code column).
    let geometric = rows.iter().all(|r| {
        r.len() <= header.columns.len()
            && r.cell_texts().enumerate().all(|(i, t)| {
                t.is_empty() || !is_amount(t) || amount_cols.contains(&i) || (code_cols.contains(&i) && t.bytes().all(|b| b.is_ascii_digit()))
            })
    });
    let side = side_of_title(&info.title);
    if geometric {
        let segment = Segment::whole(header, side);
        for row in rows {
            segment.read(row, out, table, info.unit.as_ref());
        }
        return;
    }
    let parsed: Vec<Typed> = rows.iter().map(|r| parse_by_type(r)).collect();
    let count = parsed.iter().map(|p| p.2.len()).max().unwrap_or(0);
    let (labels, resegmented) = value_labels(header, header_rows, count, out, &info.title);
    for (row, (code, name, values, junk)) in rows.iter().zip(parsed) {
        let mut repairs = vec!["values-matched-in-order".to_string()];
        if resegmented {
            repairs.push("header-resegmented".into());
        }
        if !junk.is_empty() {
            out.notes.push(Note { lines: vec![row.line], warning: true, code: "unexpected-cells", message: format!("cells that are neither a code, a label nor an amount were not used: {}", junk.join(" | ")) });
        }
        let values = labels.iter().cloned().zip(values).collect();
        push_item(out, row.line, table, code, name, side, values, info.unit.clone(), repairs);
    }
}

/// One side of a table, or one copy of a table printed two or three times
/// across the page: its code columns, its label column and its money
/// columns, read by position.
struct Segment {
    part: u8,
    range: std::ops::Range<usize>,
    codes: Vec<usize>,
    label: Option<usize>,
    /// Columns whose header names row labels (the label column and any
    /// further label columns right of it).
    labels: Vec<usize>,
    amounts: Vec<(usize, String)>,
    side: Option<bool>,
}

impl Segment {
    /// The whole width of a one-sided table.
    fn whole(header: &Header, side: Option<bool>) -> Segment {
        let label = header.columns.iter().position(|c| is_label_field(&c.field) && !matches!(c.field, Some(Field::Code | Field::CodePart(_))));
        Segment::of(header, 0..header.columns.len(), label, side, false)
    }

    fn of(header: &Header, range: std::ops::Range<usize>, label: Option<usize>, side: Option<bool>, strip_group: bool) -> Segment {
        let cols = &header.columns;
        let codes = range.clone().filter(|&c| matches!(cols[c].field, Some(Field::Code | Field::CodePart(_)))).collect();
        let amounts = range
            .clone()
            .filter(|&c| cols[c].field == Some(Field::Amount))
            .map(|c| {
                // The side is on each line item, so a side's labels drop its
                // group title (which collapsed dumps also misplace); another
                // group (功能分类 / 支出用途: two breakdowns of one side) stays,
                // so that each breakdown's column sums on its own.
                let l = &cols[c].label;
                let side_group = l.rsplit_once('/').filter(|(g, _)| matches!(budget_grammar::header_field(g), Some(Field::Side(_))));
                (c, match side_group {
                    Some((_, leaf)) if strip_group => leaf.to_string(),
                    _ => l.clone(),
                })
            })
            .collect();
        let labels = range.clone().filter(|&c| is_label_field(&cols[c].field) && !matches!(cols[c].field, Some(Field::Code | Field::CodePart(_)))).collect();
        Segment { part: 0, range, codes, label, labels, amounts, side }
    }

    /// Reads this segment of a row that kept the table's geometry. Returns
    /// whether it gave a line item.
    fn read(&self, row: &Row, out: &mut Layout, table: usize, unit: Option<&String>) -> bool {
        match self.item(row, out, table, unit) {
            Some(item) => {
                out.items.push(item);
                true
            }
            None => false,
        }
    }

    /// The line item this segment of a row gives, if any.
    fn item(&self, row: &Row, out: &Layout, table: usize, unit: Option<&String>) -> Option<ItemRow> {
        let code = join_code(self.codes.iter().map(|&c| row.text(c)));
        let printed = self.label.map(|c| row.text(c)).unwrap_or("");
        // A label printed right of its column is a child row's (收入预算总表:
        // `一般公共预算资金 | 小计` over `| 公共财政拨款资金`).
        let (label, indent) = if !printed.is_empty() {
            (printed, 0)
        } else {
            let start = self.label.unwrap_or(self.range.start);
            self.range
                .clone()
                .filter(|&c| !self.amounts.iter().any(|(a, _)| *a == c))
                .map(|c| (c, row.text(c)))
                // A label may span the code columns (`合计` over 类 | 款 | 项).
                .find(|(_, t)| !t.is_empty() && !is_amount(t) && parse_code(t).is_none())
                .map_or(("", 0), |(c, t)| (t, c.saturating_sub(start).min(3) as u8))
        };
        // A row that names several label columns (政府采购: 专项名称 | 经济科目
        // over 采购物品名称 rows) sits at the level of the deepest one it names:
        // a row naming only that column (`| | 专用设备购置`) is its sibling.
        let start = self.label.unwrap_or(self.range.start);
        let deepest = self
            .labels
            .iter()
            .rev()
            .find(|&&c| c > start + indent as usize && { let t = row.text(c); !t.is_empty() && !is_total_label(t) && !is_amount(t) })
            .map(|&c| (c - start).min(3) as u8);
        let indent = deepest.unwrap_or(indent);
        let values: Vec<(String, String)> =
            self.amounts.iter().filter(|(c, _)| !row.text(*c).is_empty()).map(|(c, l)| (l.clone(), row.text(*c).to_string())).collect();
        if label.is_empty() && code.is_none() && values.is_empty() {
            return None;
        }
        let mut item = new_item(out, row.line, table, code, label.to_string(), self.side, values, unit.cloned(), Vec::new());
        item.indent = if label.is_empty() { 0 } else { indent };
        item.part = self.part;
        Some(item)
    }
}

/// The segments of a table whose row labels repeat across the page: each
/// starts at a label column, or at the code columns just before it.
fn segments(header: &Header, info: &TableInfo) -> Vec<Segment> {
    let budget_title = crate::segment::is_budget_title(&info.title);
    let cols = &header.columns;
    let width = cols.len();
    let labels = header.row_labels(budget_title);
    let mut starts: Vec<usize> = labels
        .iter()
        .map(|&l| {
            let mut s = l;
            while s > 0 && matches!(cols[s - 1].field, Some(Field::Code | Field::CodePart(_))) {
                s -= 1;
            }
            s
        })
        .collect();
    if let Some(first) = starts.first_mut() {
        *first = 0;
    }
    let title_side = side_of_title(&info.title);
    if labels.len() < 2 {
        // No label column repeats (收入 | 支出 over money columns only): the
        // left half is income, the right expenditure.
        let half = width / 2;
        return [(0..half, true), (half..width, false)]
            .into_iter()
            .map(|(range, income)| {
                let label = range.clone().find(|&c| is_label_field(&cols[c].field));
                let side = header.sides.get(range.start).copied().flatten().unwrap_or(income);
                Segment { part: u8::from(!income), ..Segment::of(header, range, label, Some(side), true) }
            })
            .collect();
    }
    let any_side = header.sides.iter().any(Option::is_some);
    let n = starts.len();
    (0..n)
        .map(|i| {
            let range = starts[i]..starts.get(i + 1).copied().unwrap_or(width);
            // Sides from the header's 收入 / 支出; else the title's; else a
            // two-part table is income on the left, expenditure on the right.
            let side = match (any_side, title_side) {
                (true, _) => header.sides[labels[i]],
                (false, Some(s)) => Some(s),
                (false, None) if n == 2 => Some(i == 0),
                _ => None,
            };
            Segment { part: i as u8, ..Segment::of(header, range, Some(labels[i]), side, true) }
        })
        .collect()
}

/// A code printed whole or over 类 / 款 / 项 columns. A 款 or 项 part
/// printed with one digit (`301 | 2`) is the code's two digits (`30102`).
fn join_code<'a>(parts: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut code = String::new();
    for p in parts.filter(|p| !p.is_empty()) {
        if !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if !code.is_empty() && p.len() == 1 {
            code.push('0');
        }
        code.push_str(p);
    }
    Some(code).filter(|c| !c.is_empty())
}

fn side_of_title(title: &str) -> Option<bool> {
    match (title.contains("收入"), title.contains("支出"), title.contains("收支")) {
        (true, false, false) => Some(true),
        (false, true, false) => Some(false),
        _ => None,
    }
}

/// A row read by cell type: (code, label, amounts, unexpected cells).
type Typed = (Option<String>, String, Vec<String>, Vec<String>);

/// Reads a row by cell type: code parts, label, amounts.
fn parse_by_type(row: &Row) -> Typed {
    let mut cells = row.texts().peekable();
    let mut code = String::new();
    while let Some(&t) = cells.peek() {
        let part_ok = match code.len() {
            0 => matches!(t.len(), 3 | 5 | 7),
            3 | 5 => t.len() == 2,
            _ => false,
        };
        if part_ok && parse_code(t).is_some() {
            code.push_str(t);
            cells.next();
        } else {
            break;
        }
    }
    let mut name = String::new();
    if let Some(&t) = cells.peek() {
        if !is_amount(t) {
            name = t.to_string();
            cells.next();
        }
    }
    let (mut values, mut junk) = (Vec::new(), Vec::new());
    for t in cells {
        if is_amount(t) {
            values.push(t.to_string());
        } else {
            junk.push(t.to_string());
        }
    }
    (Some(code).filter(|c| !c.is_empty()), name, values, junk)
}

#[allow(clippy::too_many_arguments)]
fn push_item(out: &mut Layout, line: u32, table: usize, code: Option<String>, name: String, side: Option<bool>, values: Vec<(String, String)>, unit: Option<String>, repairs: Vec<String>) {
    let item = new_item(out, line, table, code, name, side, values, unit, repairs);
    out.items.push(item);
}

#[allow(clippy::too_many_arguments)]
fn new_item(out: &Layout, line: u32, table: usize, code: Option<String>, label: String, side: Option<bool>, values: Vec<(String, String)>, unit: Option<String>, repairs: Vec<String>) -> ItemRow {
    let (level, name) = strip_enumeration(&label);
    // A row with no label (a one-row summary table) is named by its table.
    let name = if name.is_empty() && code.is_none() { out.tables.get(table).map_or(name, |t| t.title.clone()) } else { name };
    ItemRow { line, table, code, label: label.trim().to_string(), name, indent: 0, parent: None, side, level, part: 0, depth: 0, values, unit, repairs }
}

/// Removes a leading enumeration (`一、`, `(一)`, `1.`, `1、`, `(1)`) and
/// returns its level: 1 for Chinese numerals, 2 for Arabic ones, 0 for none.
pub fn strip_enumeration(name: &str) -> (u8, String) {
    const CN: &str = "一二三四五六七八九十";
    let s = name.trim();
    let num_end = |s: &str, cn: bool| -> usize {
        s.char_indices()
            .find(|(_, c)| !(if cn { CN.contains(*c) } else { c.is_ascii_digit() }))
            .map_or(s.len(), |(i, _)| i)
    };
    for cn in [true, false] {
        let level = if cn { 1 } else { 2 };
        if let Some(inner) = s.strip_prefix('(') {
            let n = num_end(inner, cn);
            if n > 0 && inner[n..].starts_with(')') {
                return (level, inner[n + 1..].trim().to_string());
            }
        }
        let n = num_end(s, cn);
        if n > 0 {
            let rest = &s[n..];
            for sep in ["、", ".", "．"] {
                if let Some(r) = rest.strip_prefix(sep) {
                    if !r.starts_with(|c: char| c.is_ascii_digit()) {
                        return (level, r.trim().to_string());
                    }
                }
            }
        }
    }
    (0, s.to_string())
}

/// Reads a table whose row labels repeat across the page: two sides (收入 |
/// 支出), three (收入 | 功能分类 | 支出用途), or one table printed twice
/// side by side (人员经费 | 公用经费). Each part of a row gives its own line
/// item, with its own code.
pub(crate) fn read_two_sided(header: &Header, info: &TableInfo, table: usize, rows: &[&Row], out: &mut Layout) {
    let width = header.columns.len();
    let segments = segments(header, info);
    // A row of the header's width kept its geometry; a shorter one may have
    // lost empty cells (`八、城乡社区支出 | 154,369,326` is the right side).
    let in_place = |row: &Row| {
        row.len() == width
            && row.cell_texts().enumerate().all(|(i, t)| {
                t.is_empty()
                    || !is_amount(t)
                    || segments.iter().any(|s| s.amounts.iter().any(|(c, _)| *c == i) || s.codes.contains(&i))
            })
    };
    let mut previous: Option<&Row> = None;
    for row in rows {
        let before = previous.replace(row);
        if let Some(before) = before.filter(|b| continues_across_page(b, row)) {
            join_continued_labels(&segments, before, row, out);
            continue;
        }
        if segments.len() >= 2 && in_place(row) {
            let items = merged_labels(segments.iter().map(|s| s.item(row, out, table, info.unit.as_ref())).collect());
            let any = !items.is_empty();
            out.items.extend(items);
            if !any {
                out.notes.push(Note { lines: vec![row.line], warning: true, code: "unused-row", message: "this row of a two-sided table has neither a label nor a figure under an amount column".into() });
            }
            continue;
        }
        read_collapsed(&segments, row, info, table, out);
    }
}

/// The parts of one row, where a label cell merged across two parts (`当年
/// 支出小计` over the 功能分类 and 支出用途 columns) printed its figure
/// under the last: the label goes to the part holding the figure.
fn merged_labels(parts: Vec<Option<ItemRow>>) -> Vec<ItemRow> {
    let mut out: Vec<ItemRow> = Vec::new();
    for item in parts.into_iter().flatten() {
        if let Some(prev) = out.last_mut() {
            let unnamed = item.label.is_empty() && item.code.is_none() && !item.values.is_empty();
            if unnamed && prev.values.is_empty() && prev.code.is_none() && item.side == prev.side && prev.part + 1 == item.part {
                let ItemRow { label, name, level, .. } = prev.clone();
                *prev = ItemRow { label, name, level, ..item };
                continue;
            }
        }
        out.push(item);
    }
    out
}

/// Reads a row of a two-sided table whose empty cells were collapsed: its
/// (label, amounts) entries in order, the first income and the second
/// expenditure, or a lone one by its words.
fn read_collapsed(segments: &[Segment], row: &Row, info: &TableInfo, table: usize, out: &mut Layout) {
    let entries = entries(row);
    if entries.len() > 2 || entries.is_empty() {
        out.notes.push(Note { lines: vec![row.line], warning: true, code: "unused-row", message: "this row of a two-sided table could not be split into its sides".into() });
        return;
    }
    let no_labels = Vec::new();
    let sides: Vec<bool> = if entries.len() == 2 { vec![true, false] } else { vec![lone_entry_is_income(&entries[0].0)] };
    for ((name, values), side) in entries.into_iter().zip(sides) {
        // Income is the first part; expenditure's totals sit under the last.
        let part = if side { 0 } else { segments.len().saturating_sub(1) };
        let cols = segments.get(part).map_or(&no_labels, |s| &s.amounts);
        if values.len() > cols.len() {
            let extra = values[cols.len()..].join(" ");
            out.notes.push(Note { lines: vec![row.line], warning: true, code: "unexpected-cells", message: format!("figures beyond the amount columns of this side were not used: {extra}") });
        }
        let values = cols.iter().map(|(_, l)| l.clone()).zip(values).collect();
        let mut item = new_item(out, row.line, table, None, name, Some(side), values, info.unit.clone(), vec!["values-matched-in-order".into()]);
        item.part = part as u8;
        out.items.push(item);
    }
}

/// True when `row` is the rest of `before` carried over a page break: the
/// first row of a new page, with no figure, whose every text sits in a
/// column where `before` has a label that the text continues (`八、社会保障
/// 和就` then `业支出`; `当年收入` then `小计`).
fn continues_across_page(before: &Row, row: &Row) -> bool {
    let (Some(a), Some(b)) = (before.place, row.place) else {
        return false;
    };
    let mut texts = row.cell_texts().enumerate().filter(|(_, t)| !t.is_empty()).peekable();
    b.page > a.page
        && texts.peek().is_some()
        && texts.all(|(c, t)| {
            let above = before.text(c);
            !is_amount(t) && !budget_grammar::starts_with_ordinal(t) && !above.is_empty() && !is_amount(above) && !is_total_label(above)
        })
}

/// Appends the texts of a continued row to the labels of the items read
/// from the row before it, part by part, and names the repair on them.
fn join_continued_labels(segments: &[Segment], before: &Row, row: &Row, out: &mut Layout) {
    for (c, t) in row.cell_texts().enumerate().filter(|(_, t)| !t.is_empty()) {
        let part = segments.iter().position(|s| s.range.contains(&c)).unwrap_or(0) as u8;
        let item = out.items.iter_mut().rev().take_while(|i| i.line >= before.line).find(|i| i.line == before.line && i.part == part);
        if let Some(item) = item {
            item.label.push_str(t);
            let (level, name) = strip_enumeration(&item.label);
            (item.level, item.name) = (level, name);
            item.repairs.push("label-joined-across-page".into());
        }
    }
    out.notes.push(Note {
        lines: vec![row.line],
        warning: false,
        code: "label-continued",
        message: "this row carries the rest of the labels of the row before it, over a page break; they were joined".into(),
    });
}

/// (label, amounts) pairs of a row whose empty cells were collapsed.
fn entries(row: &Row) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for t in row.texts() {
        if is_amount(t) {
            match out.last_mut() {
                Some(e) => e.1.push(t.to_owned()),
                None => out.push((String::new(), vec![t.to_owned()])),
            }
        } else {
            out.push((t.to_owned(), Vec::new()));
        }
    }
    out
}

/// Which side a lone entry of a collapsed two-sided row belongs to, by its
/// label: spending words go right, everything else left.
fn lone_entry_is_income(label: &str) -> bool {
    let (_, name) = strip_enumeration(label);
    !(name.ends_with("支出") || name.starts_with("年终") || name.contains("支出合计") || name.contains("支出总计"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enumerations() {
        assert_eq!(strip_enumeration("一、财政拨款"), (1, "财政拨款".into()));
        assert_eq!(strip_enumeration("1. 一般公共预算资金"), (2, "一般公共预算资金".into()));
        assert_eq!(strip_enumeration("(二)事业收入"), (1, "事业收入".into()));
        assert_eq!(strip_enumeration("一般公共预算"), (0, "一般公共预算".into()));
        assert_eq!(strip_enumeration("2024年预算"), (0, "2024年预算".into()));
    }

    #[test]
    fn wrapped_header_words_are_resegmented() {
        assert_eq!(segment_words("合计财政拨款收入事业收入事业单位经营收入其他收入"), ["合计", "财政拨款收入", "事业收入", "事业单位经营收入", "其他收入"]);
        assert_eq!(segment_words("编码经济分类科目名称合计人员经费公用经费"), ["合计", "人员经费", "公用经费"]);
    }
}
