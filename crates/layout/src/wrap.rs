//! Wrapped cells in text dumps: a long cell that a narrow column broke
//! onto the next line.
//!
//! The dump prints the head of the cell on its row and the tail on a line
//! of its own, in the same column, with every other cell empty
//! (`体育场馆信息化及配套 | … | 87 | (%)` then `| 设施项目 | | …`). Read as
//! rows, the head is a truncated name and the tail a record of its own (a
//! line item `支出`, a project `设施项目`, an indicator without a target).
//!
//! A line continues the row above it when all of these hold:
//! - it is the very next line of a text dump (a PDF's wrapped cells are
//!   joined by the table reader, which sees their geometry);
//! - each of its texts sits in a free-text column (names, labels, goals)
//!   under a text of the row above: a tail continues a cell, it starts none;
//! - no text of it is a figure, a target, an operator, a whole 一级/二级
//!   word (`…指标`), or starts with an ordinal (`一、`, `(二)`): those start
//!   rows of their own;
//! - in a table, no text of it reads as a unit's name (`…办`, `…局`,
//!   `…本级`): a group row naming the unit of the rows below it (seed 003's
//!   `区统计办`) has the same shape, but stands on its own;
//! - in a table, the row above fills more cells than it does (a lone row
//!   above is a heading, not a row whose cells wrapped); in a form, a goal
//!   text alone on its row wraps too.
//!
//! Invariant: the joined row keeps the line of the row above; every record
//! read from it carries the repair `wrapped-cell-joined`, and an info note
//! names the continuation line, so the join stays visible. Trade-off: a
//! heading row that names a project without any of those words, printed
//! right under a row whose cell in that column is filled, is joined to it;
//! the repair on the record says so.
use budget_grammar::{classify, starts_with_ordinal, CellKind, Field};
use budget_normalize::{Row, Texts};

use crate::budget::is_total_label;
use crate::header::Header;
use crate::Note;

/// The repair named on a record read from a joined row.
pub(crate) const REPAIR: &str = "wrapped-cell-joined";

/// Endings of a spending unit's name: a row that ends so names a group.
const UNIT_ENDS: &[&str] = &["办", "办公室", "局", "委", "委员会", "院", "中心", "厅", "处", "本级", "所", "站", "队", "小组"];

/// Rows of a table with their wrapped cells joined, and the joins made as
/// (line of the joined row, line of the continuation).
pub(crate) struct Joined {
    pub rows: Vec<Row>,
    pub joins: Vec<(u32, u32)>,
}

/// True when a header column holds free text that a narrow cell may wrap.
fn is_text_column(field: Option<&Field>) -> bool {
    matches!(
        field,
        Some(Field::Project | Field::ParentProject | Field::Department | Field::Overview | Field::Goal(_) | Field::Name(_) | Field::Label | Field::Note(_))
    )
}

/// True when a text can be the tail of a wrapped cell (see the module doc).
fn is_tail(t: &str) -> bool {
    // A tail is often a word of its own: 成本 and 满意度 (short 一级指标
    // words), 人次 (a unit) end many names. In a text column, alone, with
    // no figure beside them, they start no row; a whole 一级/二级 word
    // (…指标) may, as a heading.
    let word = match classify(t) {
        CellKind::Text | CellKind::Qualitative | CellKind::Unit => true,
        CellKind::Level1 | CellKind::Level2 => !t.ends_with("指标"),
        _ => false,
    };
    // A total label may be a tail (`本年支` over `出合计`): a total row of its
    // own carries its figures.
    word && !starts_with_ordinal(t)
}

/// True when a row's text reads as a spending unit's name.
fn names_a_unit(row: &Row) -> bool {
    row.texts().any(|t| UNIT_ENDS.iter().any(|e| t.ends_with(e)))
}

/// True when `row` holds only the rest of cells of `above`, in columns for
/// which `text_column` is true. Whether `row` is the next line is the
/// caller's to check: a row joined already spans several lines.
pub(crate) fn continues(above: &Row, row: &Row, text_column: impl Fn(usize) -> bool) -> bool {
    if row.place.is_some() || above.place.is_some() || row.is_blank() {
        return false;
    }
    // Asked of nearly every row: the cheap tests of every cell first, as
    // most rows fill a column that is not free text and stop there.
    let filled = || row.cell_texts().enumerate().filter(|(_, t)| !t.is_empty());
    filled().all(|(c, _)| text_column(c) && !above.text(c).is_empty())
        && filled().all(|(c, t)| {
            let head = above.text(c);
            !budget_grammar::is_amount(head) && !is_total_label(head) && is_tail(t)
        })
}

/// `above` with the texts of `row` appended to its cells, column by column.
pub(crate) fn join(above: &Row, row: &Row) -> Row {
    let raw: Texts = (0..above.len().max(row.len()))
        .map(|c| {
            let (a, b) = (above.raw_texts().get(c).unwrap_or(""), row.raw_texts().get(c).unwrap_or(""));
            format!("{}{}", a.trim_end(), b.trim_start())
        })
        .collect();
    let mut joined = Row::from_raw(above.line, raw);
    joined.place = above.place;
    joined
}

/// Joins the wrapped cells of a table's body rows; `None` when no line of
/// it continues the row above (nearly every table), so that the caller
/// reads the rows it has.
pub(crate) fn join_table(rows: &[&Row], header: &Header) -> Option<Joined> {
    let text_column = |c: usize| header.columns.get(c).is_some_and(|col| is_text_column(col.field.as_ref()));
    // In a table, a lone row above is a heading, not a row whose cells
    // wrapped; and a row naming a unit is a group row (a form has none: there
    // a unit's name is a field's value, and wraps like any other).
    let continues = |above: &Row, row: &Row| above.filled() > row.filled() && continues(above, row, text_column) && !names_a_unit(row);
    let first = rows.windows(2).position(|w| w[1].line == w[0].line + 1 && continues(w[0], w[1]))?;
    let mut out = Joined { rows: rows[..first].iter().map(|r| (*r).clone()).collect(), joins: Vec::new() };
    // The last line the last row took: a cell wrapped over three lines
    // continues a row joined already.
    let mut last = 0;
    for &row in &rows[first..] {
        match out.rows.last_mut() {
            Some(above) if row.line == last + 1 && continues(above, row) => {
                out.joins.push((above.line, row.line));
                *above = join(above, row);
            }
            _ => out.rows.push(row.clone()),
        }
        last = row.line;
    }
    Some(out)
}

/// Names the repair on every record read from a joined row of `table`, and
/// the continuation lines in an info note.
pub(crate) fn record(joins: &[(u32, u32)], table: usize, out: &mut crate::Layout) {
    let joined = |t: usize, line: u32| t == table && joins.iter().any(|&(l, _)| l == line);
    let mark = |repairs: &mut Vec<String>| {
        if !repairs.iter().any(|r| r == REPAIR) {
            repairs.push(REPAIR.into());
        }
    };
    out.indicators.iter_mut().filter(|r| joined(r.table, r.line)).for_each(|r| mark(&mut r.repairs));
    out.projects.iter_mut().filter(|r| joined(r.table, r.line)).for_each(|r| mark(&mut r.repairs));
    out.items.iter_mut().chain(out.totals.iter_mut()).filter(|r| joined(r.table, r.line)).for_each(|r| mark(&mut r.repairs));
    out.notes.push(note(joins.iter().map(|&(_, l)| l).collect()));
}

/// The note naming continuation lines.
pub(crate) fn note(lines: Vec<u32>) -> Note {
    Note {
        lines,
        warning: false,
        code: REPAIR,
        message: "these lines hold the rest of a cell of the row above them (a long cell wrapped onto the next line); they were joined into that row".into(),
    }
}

#[cfg(test)]
mod tests {
    use crate::{analyze, Layout};
    use budget_normalize::Row;

    fn layout(lines: &[&[&str]]) -> Layout {
        analyze(&lines.iter().enumerate().map(|(i, cells)| Row::new(i as u32 + 1, cells.iter().copied())).collect::<Vec<_>>())
    }

    fn joined_note(l: &Layout) -> Option<Vec<u32>> {
        l.notes.iter().find(|n| n.code == super::REPAIR).map(|n| n.lines.clone())
    }

    #[test]
    fn a_project_name_wrapped_onto_the_next_line_is_joined() {
        // Synthetic summary, wrapped damage: the tail had become a project.
        let l = layout(&[
            &["项目支出预算汇总表"],
            &["项目名称", "主管部门", "预算金额(万元)"],
            &["图书馆培训", "南屏县文化旅游局", "12.00"],
            &["三年行动补助资金", "", ""],
            &["档案馆维护经费", "南屏县文化旅游局", "8.00"],
            &["合计", "", "20.00"],
        ]);
        let names: Vec<&str> = l.projects.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["图书馆培训三年行动补助资金", "档案馆维护经费"]);
        assert_eq!(l.projects[0].repairs, [super::REPAIR]);
        assert_eq!(joined_note(&l), Some(vec![4]));
    }

    #[test]
    fn a_two_sided_label_wrapped_onto_the_next_line_is_joined() {
        let l = layout(&[
            &["部门收支预算总表"],
            &["收入", "", "支出", ""],
            &["项目", "预算数", "项目", "预算数"],
            &["一、一般公共预算拨款收入", "969.89", "住房改", "969.89"],
            &["", "", "革支出", ""],
            &["收入总计", "969.89", "支出总计", "969.89"],
        ]);
        let labels: Vec<&str> = l.items.iter().map(|i| i.label.as_str()).collect();
        assert!(labels.contains(&"住房改革支出"), "{labels:?}");
        assert!(!labels.contains(&"革支出"), "{labels:?}");
        assert_eq!(joined_note(&l), Some(vec![5]));
    }

    #[test]
    fn an_indicator_name_and_project_wrapped_together_are_joined() {
        // The tails 成本 and 满意度 are short 一级指标 words, alone in text columns.
        let l = layout(&[
            &["项目支出绩效目标表"],
            &["单位名称", "项目名称", "一级指标", "二级指标", "三级指标", "指标值"],
            &["东湖区水利委员会", "数据平台信", "成本指标", "经济成本指标", "全年人均", "≤770元/人"],
            &["", "息化项目", "", "", "成本", ""],
        ]);
        assert_eq!(l.indicators.len(), 1);
        assert_eq!(l.indicators[0].project.as_deref(), Some("数据平台信息化项目"));
        assert_eq!(l.indicators[0].name, "全年人均成本");
        assert!(l.indicators[0].repairs.iter().any(|r| r == super::REPAIR));
    }

    #[test]
    fn a_group_row_naming_a_unit_is_not_a_tail() {
        // Seed 003's shape: a unit's name alone in the project column, above
        // its projects, right under the last row of the unit before it.
        let l = layout(&[
            &["项目实施单位及项目名称", "合计", "一般公共预算", "一级指标", "明细指标", "指标值"],
            &["区统计办", "", "", "", "", ""],
            &["道路养护监测系统", "10", "10", "产出指标", "涉及项目数", "1个"],
            &["区农业办", "", "", "", "", ""],
            &["档案整理经费", "20", "20", "产出指标", "活动次数", "≥6次"],
        ]);
        let names: Vec<&str> = l.projects.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["道路养护监测系统", "档案整理经费"]);
        assert_eq!(joined_note(&l), None);
        assert_eq!(l.notes.iter().filter(|n| n.code == "group-row").count(), 2);
    }

    #[test]
    fn a_form_field_wrapped_onto_the_next_line_is_joined() {
        let l = layout(&[
            &["财政项目支出绩效目标申报表"],
            &["(2025年度)"],
            &["项目名称", "体育场馆改造", "项目性质", "经常性项目"],
            &["", "工作经费", "", ""],
            &["主管部门", "白沙区交", "实施单位", "白沙区交通运输局"],
            &["", "通运输局", "", ""],
            &["项目资金(元)", "年度资金申请总额", "44,321,500.00", ""],
            &["", "其中:", "44,321,500.00", ""],
            &["", "当年财政拨款", "", ""],
            &["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
            &["", "产出指标", "时效指标", "日常响应时长", ">431分钟"],
        ]);
        let p = &l.projects[0];
        assert_eq!(p.name, "体育场馆改造工作经费");
        assert!(p.amounts.iter().any(|(label, ..)| label == "当年财政拨款"), "{:?}", p.amounts);
        assert_eq!(p.repairs, [super::REPAIR]);
        assert_eq!(l.indicators.len(), 1);
        let mut lines: Vec<u32> = l.notes.iter().filter(|n| n.code == super::REPAIR).flat_map(|n| n.lines.clone()).collect();
        lines.sort_unstable();
        assert_eq!(lines, [4, 6, 9]);
        // The title's qualifier is not a tail of the title.
        assert_eq!(l.tables[0].title, "财政项目支出绩效目标申报表");
    }
}
