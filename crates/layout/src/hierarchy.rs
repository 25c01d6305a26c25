//! The hierarchy of a budget table's line items: which item encloses which,
//! so that a sum over the leaves, or over one level, counts every yuan once.
//!
//! Within one part of one table (a side of a two-sided table), in line
//! order, an item's parent is found from what the page prints:
//! - a code: the nearest item above whose code is a prefix of it
//!   (`2013101` under `20131` under `201`);
//! - an ordinal: the nesting of ordinal styles, in the order they first
//!   appear (`一、` over `1.` over `(1)`): an item with a style already open
//!   closes the deeper ones and is their sibling, a new style opens a level;
//! - an indented label (printed right of its column, under a label to its
//!   left: `一般公共预算资金 | 小计` then `| 公共财政拨款资金`): the nearest
//!   item above printed further left;
//! - `其中:` (of which): a part of the item above, one level down.
//!
//! Total rows (合计, 总计, 小计 …) have depth 0 and no parent; they close
//! every open level. An unmarked item is at the top level.
use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::budget::{is_total_label, ItemRow};

/// Ordinal styles, told apart by their shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// 一、
    ChineseComma,
    /// (一)
    ChineseParen,
    /// 1. or 1、
    Arabic,
    /// (1)
    ArabicParen,
    /// No ordinal: an unmarked row whose figure the ordinal rows right
    /// after it add up to (`年初结转和结余` over `一、一般公共预算财政拨款`).
    Unmarked,
}

fn style(label: &str) -> Option<Style> {
    if !budget_grammar::starts_with_ordinal(label) {
        return None;
    }
    let paren = label.starts_with('(');
    let arabic = label.trim_start_matches('(').starts_with(|c: char| c.is_ascii_digit());
    Some(match (arabic, paren) {
        (false, false) => Style::ChineseComma,
        (false, true) => Style::ChineseParen,
        (true, false) => Style::Arabic,
        (true, true) => Style::ArabicParen,
    })
}

/// Sets `depth` and `parent` on every line item, table by table. A row
/// without a code whose name is a coded row's elsewhere in the document
/// (the 支出 side of a 收支总表 lists 一般公共服务支出 / 人大事务 / 行政运行
/// by name only) nests by that code.
pub(crate) fn link_all(items: &mut [ItemRow]) {
    let mut codes: HashMap<String, String> = HashMap::new();
    for i in items.iter() {
        if let Some(code) = &i.code {
            codes.entry(i.name.clone()).or_insert_with(|| code.clone());
        }
    }
    let mut from = 0;
    while from < items.len() {
        let table = items[from].table;
        let to = (from..items.len()).find(|&k| items[k].table != table).unwrap_or(items.len());
        link(&mut items[..to], from, &codes);
        from = to;
    }
}

/// Sets `depth` and `parent` on `items[from..]`, one table's items.
fn link(items: &mut [ItemRow], from: usize, codes: &HashMap<String, String>) {
    let parts: Vec<u8> = {
        let mut p: Vec<u8> = items[from..].iter().map(|i| i.part).collect();
        p.sort_unstable();
        p.dedup();
        p
    };
    for part in parts {
        let members: Vec<usize> = (from..items.len()).filter(|&k| items[k].part == part).collect();
        link_part(items, &members, codes);
    }
}

/// The code an item nests by: its own, or, for an unmarked row at its label
/// column, the code its name has elsewhere in the document.
fn nesting_code(item: &ItemRow, codes: &HashMap<String, String>) -> Option<String> {
    item.code.clone().or_else(|| (item.indent == 0 && style(&item.label).is_none()).then(|| codes.get(&item.name).cloned()).flatten())
}

fn link_part(items: &mut [ItemRow], members: &[usize], codes: &HashMap<String, String>) {
    // Open ordinal levels: (style, item).
    let mut open: Vec<(Style, usize)> = Vec::new();
    // Coded items above, nearest last.
    let mut coded: Vec<(usize, String)> = Vec::new();
    // Items above by how far right their label is printed, nearest last;
    // and the last item of any kind.
    let mut indented: Vec<usize> = Vec::new();
    let mut last: Option<usize> = None;
    // Unmarked rows right after an ordinal row that add up to it.
    let mut claimed: Vec<usize> = Vec::new();
    for (at, &k) in members.iter().enumerate() {
        let after = &members[at + 1..];
        let item = &items[k];
        let (depth, parent) = if is_total_label(&item.name) {
            open.clear();
            (0, None)
        } else if let Some(code) = nesting_code(item, codes) {
            coded.retain(|(_, p)| code.starts_with(p.as_str()) && p.len() < code.len());
            let parent = coded.last().map(|&(c, _)| c);
            coded.push((k, code));
            (parent.map_or(1, |p| items[p].depth + 1), parent)
        } else if item.name.starts_with("其中") {
            let parent = last.filter(|&p| items[p].depth > 0);
            (parent.map_or(1, |p| items[p].depth + 1), parent)
        } else if item.indent > 0 {
            let indent = item.indent;
            indented.retain(|&p| items[p].indent < indent);
            let parent = indented.last().copied().filter(|&p| items[p].depth > 0);
            (parent.map_or(1, |p| items[p].depth + 1), parent)
        } else if let Some(s) = style(&item.label) {
            if let Some(at) = open.iter().position(|(o, _)| *o == s) {
                open.truncate(at);
            }
            let parent = open.last().map(|&(_, p)| p);
            open.push((s, k));
            claimed = unmarked_run_claimed(items, after, k, codes);
            (open.len() as u8, parent)
        } else if let Some(&(_, p)) = open.last().filter(|_| claimed.contains(&k)) {
            (items[p].depth + 1, Some(p))
        } else {
            open.clear();
            if claims_next_run(items, after, k) {
                open.push((Style::Unmarked, k));
            }
            (1, None)
        };
        items[k].depth = depth;
        items[k].parent = parent;
        if depth == 0 {
            indented.clear();
        } else if !items[k].name.starts_with("其中") {
            let indent = items[k].indent;
            indented.retain(|&p| items[p].indent < indent);
            indented.push(k);
        }
        last = Some(k);
    }
}

/// The unmarked rows right after the ordinal row `k` (no ordinal, no code,
/// not a total, at the label column) when they add up exactly to its first
/// figure: `一、财政拨款 4185.26` over `一般公共预算 4185.26`, `政府性基金预算`.
fn unmarked_run_claimed(items: &[ItemRow], after: &[usize], k: usize, codes: &HashMap<String, String>) -> Vec<usize> {
    let run: Vec<usize> = after
        .iter()
        .copied()
        .take_while(|&m| {
            let i = &items[m];
            style(&i.label).is_none() && nesting_code(i, codes).is_none() && !is_total_label(&i.name) && i.indent == 0 && !i.name.starts_with("其中")
        })
        .collect();
    match run_sum(items, k, &run) {
        Some(RunSum { total, sum, figures }) if figures > 0 && sum == total => run,
        _ => vec![],
    }
}

/// True when the ordinal rows right after `k` (one style, consecutive) add
/// up exactly to `k`'s first figure: they are its parts.
fn claims_next_run(items: &[ItemRow], after: &[usize], k: usize) -> bool {
    let Some(first) = after.first().and_then(|&m| style(&items[m].label)) else {
        return false;
    };
    let run: Vec<usize> = after.iter().copied().take_while(|&m| style(&items[m].label) == Some(first)).collect();
    run_sum(items, k, &run).is_some_and(|r| r.sum == r.total)
}

/// `k`'s first figure, and the sum of the figures the rows of `run` print
/// in the same column (and how many there are).
struct RunSum {
    total: Decimal,
    sum: Decimal,
    figures: usize,
}

fn run_sum(items: &[ItemRow], k: usize, run: &[usize]) -> Option<RunSum> {
    let (column, printed) = items[k].values.first()?;
    let total = budget_grammar::amount_value(printed)?;
    let figures: Vec<Decimal> = run
        .iter()
        .filter_map(|&m| items[m].values.iter().find(|(c, _)| c == column))
        .filter_map(|(_, v)| budget_grammar::amount_value(v))
        .collect();
    Some(RunSum { total, sum: figures.iter().sum(), figures: figures.len() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valued(label: &str, value: &str) -> ItemRow {
        ItemRow { values: vec![("决算数".into(), value.into())], ..item(label, None, 0) }
    }

    #[test]
    fn an_unmarked_row_the_ordinals_after_it_add_up_to_is_their_parent() {
        let got = linked(vec![
            valued("本年收入合计", "2940.05"),
            valued("年初财政拨款结转和结余", "21.63"),
            valued("一、一般公共预算财政拨款", "21.63"),
            item("二、政府性基金预算财政拨款", None, 0),
            valued("总计", "2961.68"),
            valued("上年结转", "5.00"),
            valued("一、其他", "4.00"),
        ]);
        assert_eq!(got, [(0, None), (1, None), (2, Some(1)), (2, Some(1)), (0, None), (1, None), (1, None)]);
    }

    fn item(label: &str, code: Option<&str>, indent: u8) -> ItemRow {
        let (level, name) = crate::budget::strip_enumeration(label);
        ItemRow {
            line: 1,
            table: 0,
            code: code.map(str::to_string),
            label: label.into(),
            name,
            indent,
            parent: None,
            side: None,
            level,
            part: 0,
            depth: 0,
            values: vec![],
            unit: None,
            repairs: vec![],
        }
    }

    fn linked(items: Vec<ItemRow>) -> Vec<(u8, Option<usize>)> {
        let mut items = items;
        link_all(&mut items);
        items.iter().map(|i| (i.depth, i.parent)).collect()
    }

    #[test]
    fn codes_nest_by_prefix() {
        let got = linked(vec![
            item("合计", None, 0),
            item("一般公共服务支出", Some("201"), 0),
            item("党委办公厅(室)及相关机构事务", Some("20131"), 0),
            item("行政运行", Some("2013101"), 0),
            item("一般行政管理事务", Some("2013102"), 0),
            item("社会保障和就业支出", Some("208"), 0),
            item("行政事业单位离退休", Some("20805"), 0),
        ]);
        assert_eq!(got, [(0, None), (1, None), (2, Some(1)), (3, Some(2)), (3, Some(2)), (1, None), (2, Some(5))]);
    }

    #[test]
    fn names_without_codes_nest_by_the_codes_they_have_elsewhere() {
        let mut items = vec![
            item("一般公共服务支出", None, 0),
            item("人大事务", None, 0),
            item("行政运行", None, 0),
            item("教育支出", None, 0),
            item("一般公共服务支出", Some("201"), 0),
            item("人大事务", Some("20101"), 0),
            item("行政运行", Some("2010101"), 0),
        ];
        items[4..].iter_mut().for_each(|i| i.table = 1);
        link_all(&mut items);
        let got: Vec<(u8, Option<usize>)> = items.iter().map(|i| (i.depth, i.parent)).collect();
        assert_eq!(got, [(1, None), (2, Some(0)), (3, Some(1)), (1, None), (1, None), (2, Some(4)), (3, Some(5))]);
    }

    #[test]
    fn unmarked_rows_that_add_up_to_the_ordinal_row_above_are_its_parts() {
        let got = linked(vec![
            valued("一、财政拨款", "4185.26"),
            valued("一般公共预算", "4185.26"),
            item("政府性基金预算", None, 0),
            item("二、财政专户管理资金", None, 0),
            valued("三、其他收入", "28.60"),
            valued("上年结转结余", "182.75"),
        ]);
        assert_eq!(got, [(1, None), (2, Some(0)), (2, Some(0)), (1, None), (1, None), (1, None)]);
    }

    #[test]
    fn ordinals_nest_in_the_order_their_styles_appear() {
        let got = linked(vec![
            item("一、财政拨款", None, 0),
            item("1.一般公共预算", None, 0),
            item("2.政府性基金预算", None, 0),
            item("二、财政专户管理资金", None, 0),
            item("当年收入小计", None, 0),
            item("上年结转资金", None, 0),
            item("收入合计", None, 0),
        ]);
        assert_eq!(got, [(1, None), (2, Some(0)), (2, Some(0)), (1, None), (0, None), (1, None), (0, None)]);
    }

    #[test]
    fn indented_labels_are_children_of_the_label_to_their_left() {
        let got = linked(vec![
            item("收入总计", None, 0),
            item("一般公共预算资金", None, 0),
            item("公共财政拨款(补助)资金", None, 1),
            item("专项收入", None, 1),
            item("财政专户管理资金", None, 0),
            item("其中:动用上年结转和结余资金", None, 1),
            item("一、货物A", None, 0),
            item("机要及电子政务业务费", None, 1),
            item("PC服务器", None, 3),
            item("小型机", None, 3),
            item("办公设备购置费", None, 1),
            item("台式计算机", None, 3),
        ]);
        assert_eq!(
            got,
            [(0, None), (1, None), (2, Some(1)), (2, Some(1)), (1, None), (2, Some(4)), (1, None), (2, Some(6)), (3, Some(7)), (3, Some(7)), (2, Some(6)), (3, Some(10))]
        );
    }
}
