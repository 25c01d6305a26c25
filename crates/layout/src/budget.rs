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
    /// Row label (enumeration prefix removed).
    pub name: String,
    /// `Some(true)` income, `Some(false)` expenditure.
    pub side: Option<bool>,
    /// Enumeration level: 1 for `一、`, 2 for `1.`, 0 when unmarked.
    pub level: u8,
    /// (column label, printed amount).
    pub values: Vec<(String, String)>,
    /// Money unit.
    pub unit: Option<String>,
    /// Repairs.
    pub repairs: Vec<String>,
}

/// True for a total row label: 合计, 总计, 小计, 本年收入合计, 支出总计 …
pub fn is_total_label(s: &str) -> bool {
    s.ends_with("合计") || s.ends_with("总计") || s == "小计"
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
                t.is_empty() || !is_amount(t) || amount_cols.contains(&i) || (code_cols.contains(&i) && parse_code(t).is_some())
            })
    });
    let side = side_of_title(&info.title);
    if geometric {
        let label_col = header.columns.iter().position(|c| is_label_field(&c.field) && !matches!(c.field, Some(Field::Code | Field::CodePart(_))));
        for row in rows {
            let code: String = code_cols.iter().map(|&c| row.text(c)).collect();
            let code = Some(code).filter(|c| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_digit()));
            let name = label_col.map(|c| row.text(c).to_string()).unwrap_or_default();
            let name = if name.is_empty() && code.is_none() { first_text(row) } else { name };
            let values = amount_cols
                .iter()
                .filter(|&&c| !row.text(c).is_empty())
                .map(|&c| (header.columns[c].label.clone(), row.text(c).to_string()))
                .collect();
            push_item(out, row.line, table, code, name, side, values, info.unit.clone(), Vec::new());
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

fn first_text(row: &Row) -> String {
    row.texts().find(|t| !is_amount(t)).unwrap_or("").to_string()
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
    let (level, name) = strip_enumeration(&name);
    // A row with no label (a one-row summary table) is named by its table.
    let name = if name.is_empty() && code.is_none() { out.tables.get(table).map_or(name, |t| t.title.clone()) } else { name };
    out.items.push(ItemRow { line, table, code, name, side, level, values, unit, repairs });
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

/// Reads a two-sided table: the left half is income, the right expenditure.
pub(crate) fn read_two_sided(header: &Header, info: &TableInfo, table: usize, rows: &[&Row], out: &mut Layout) {
    let width = header.columns.len();
    let split = header
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.field == Some(Field::Label))
        .map(|(i, _)| i)
        .nth(1)
        .unwrap_or(width / 2);
    let labels = |range: std::ops::Range<usize>| -> Vec<(usize, String)> {
        // The side is on each line item, so labels drop the side's group
        // title (which collapsed dumps also misplace).
        range
            .filter(|&i| header.columns[i].field == Some(Field::Amount))
            .map(|i| {
                let label = &header.columns[i].label;
                (i, label.rsplit('/').next().unwrap_or(label).to_string())
            })
            .collect()
    };
    let (left, right) = (labels(0..split), labels(split..width));
    for row in rows {
        if row.len() == width {
            let before = out.items.len();
            for (range, cols, side) in [(0..split, &left, true), (split..width, &right, false)] {
                let name = range.clone().map(|i| row.text(i)).find(|t| !t.is_empty() && !is_amount(t)).unwrap_or("");
                let values: Vec<(String, String)> =
                    cols.iter().filter(|(i, _)| !row.text(*i).is_empty()).map(|(i, l)| (l.clone(), row.text(*i).to_string())).collect();
                if !name.is_empty() || !values.is_empty() {
                    push_item(out, row.line, table, None, name.to_string(), Some(side), values, info.unit.clone(), Vec::new());
                }
            }
            if out.items.len() == before && !row.is_blank() {
                out.notes.push(Note { lines: vec![row.line], warning: true, code: "unused-row", message: "this row of a two-sided table has neither a label nor a figure under an amount column".into() });
            }
            continue;
        }
        let entries = entries(row);
        if entries.len() > 2 || entries.is_empty() {
            out.notes.push(Note { lines: vec![row.line], warning: true, code: "unused-row", message: "this row of a two-sided table could not be split into an income and an expenditure entry".into() });
            continue;
        }
        let sides: Vec<bool> = if entries.len() == 2 { vec![true, false] } else { vec![lone_entry_is_income(&entries[0].0)] };
        for ((name, values), side) in entries.into_iter().zip(sides) {
            let cols = if side { &left } else { &right };
            if values.len() > cols.len() {
                let extra = values[cols.len()..].join(" ");
                out.notes.push(Note { lines: vec![row.line], warning: true, code: "unexpected-cells", message: format!("figures beyond the amount columns of this side were not used: {extra}") });
            }
            let values = cols.iter().map(|(_, l)| l.clone()).zip(values).collect();
            push_item(out, row.line, table, None, name, Some(side), values, info.unit.clone(), vec!["values-matched-in-order".into()]);
        }
    }
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
