//! Key-value forms: one declaration form per project (财政项目支出绩效目标
//! 申报表): labelled fields, a money block, goal texts, and an indicator grid.
//!
//! A label's value is the next non-empty cell to its right that is not
//! itself a label. Money labels belong to the total label nearest to their
//! left (项目资金总额 or 年度资金申请总额), so two `其他资金` on one row stay
//! apart. A goal text sits right of its label on the label's row, or on the
//! row below, under (or right of) the label's column. The indicator grid is
//! read like an indicator table, with its label column (`绩效指标`) ignored.
use std::sync::Arc;

use budget_grammar::{header_field, is_amount, Field, Scope};
use budget_normalize::Row;

use crate::align::{align_texts, slot_of, KindCache, Slot};
use crate::header::{is_header_row, Header};
use crate::segment::{filler, is_prose, push_filler_notes, Filler};
use crate::indicator::{fill_levels, Levels};
use crate::{wrap, IndicatorRow, Layout, Note, ProjectRow, TableInfo, TableKind};

const TEXT_KEYS: &[&str] = &["项目名称", "项目性质", "项目类别", "主管部门", "实施单位", "计划开始日期", "计划完成日期", "项目负责人", "联系电话"];
const MONEY_KEYS: &[&str] = &["项目资金总额", "财政资金", "当年财政拨款", "上年结转资金", "其他资金", "年度资金申请总额"];
const TOTAL_KEYS: &[&str] = &["项目资金总额", "年度资金申请总额"];
const GOAL_KEYS: &[&str] = &["项目总目标", "年度总体目标", "总体目标", "年度目标"];
const BLOCK_LABELS: &[&str] = &["项目绩效目标", "绩效指标", "项目资金", "项目资金(元)", "项目资金(万元)", "绩效目标"];

fn key(t: &str) -> &str {
    // A prefix test, not a substring search: this runs on every cell of a form.
    t.strip_prefix("其中:").or_else(|| t.strip_prefix("其中：")).unwrap_or(t)
}

fn is_goal_key(t: &str) -> bool {
    let k = key(t);
    GOAL_KEYS.iter().any(|g| k.starts_with(g))
}

fn is_label(t: &str) -> bool {
    let k = key(t);
    TEXT_KEYS.contains(&k) || MONEY_KEYS.contains(&k) || BLOCK_LABELS.contains(&k) || is_goal_key(t)
}

fn is_form_title(t: &str) -> bool {
    t.contains("绩效目标申报表") || t.contains("绩效目标填报表")
}

/// True when a row opens a form: its title, or a 项目名称 row with its value
/// and another field label.
pub(crate) fn starts_form(row: &Row) -> bool {
    let mut texts = row.texts();
    let (Some(first), value) = (texts.next(), texts.next()) else {
        return false;
    };
    let mut rest = texts.peekable();
    match value {
        // One or two texts: a form's title row.
        _ if rest.peek().is_none() => is_form_title(first),
        Some(value) => first == "项目名称" && !is_label(value) && rest.any(is_label),
        None => false,
    }
}

fn is_grid_header(row: &Row) -> bool {
    let (mut name, mut value) = (false, false);
    // Empty cells name nothing, and a form's rows are mostly empty cells.
    for field in row.texts().filter_map(header_field) {
        name |= matches!(field, Field::Name(_));
        value |= matches!(field, Field::Value(_));
        if name && value {
            return true;
        }
    }
    false
}

#[derive(Default)]
struct Form {
    name: Option<(String, u32)>,
    fields: Vec<(String, String)>,
    unit: Option<String>,
    total_cols: Vec<(usize, String)>,
    /// (in the annual group, label, printed amount).
    amounts: Vec<(bool, String, String)>,
    goal_cols: Vec<(usize, String)>,
    goal: Option<String>,
    overall: Option<String>,
    grid: Option<(Header, Vec<Slot>)>,
    levels: Levels,
    indicators: Vec<IndicatorRow>,
    lines: Vec<u32>,
    /// Repairs of the form's project block (wrapped cells joined).
    repairs: Vec<String>,
}

/// Reads one form starting at `start`; returns the index after it.
/// `kinds` types the indicator grid's cells (one cache for the document:
/// its forms repeat the same words).
pub(crate) fn read_form<'r>(rows: &'r [Row], start: usize, out: &mut Layout, kinds: &mut KindCache<'r>) -> usize {
    let table = out.tables.len();
    let mut f = Form::default();
    let mut title = "绩效目标申报表".to_string();
    let mut i = start;
    while i < rows.len() {
        let row = &rows[i];
        if row.is_blank() {
            i += 1;
            continue;
        }
        if let Some(kind) = filler(row) {
            push_filler_notes(out, vec![(kind, row.line)]);
            i += 1;
            continue;
        }
        // Before the grid, a field's value or a goal text may wrap onto the
        // next lines; the row is read with them joined.
        let joined = if f.grid.is_none() { joined_field_row(rows, i) } else { None };
        let row = joined.as_ref().map_or(row, |j| &j.row);
        let first = row.texts().next().unwrap_or("");
        if i > start && starts_form(row) && (is_form_title(first) || f.name.is_some()) {
            break;
        }
        if !f.goal_cols.is_empty() && f.grid.is_none() && read_goals(&mut f, row) {
            i += 1 + took_joined(&mut f, out, &joined);
            continue;
        }
        // The row that starts the form is always read here: ending before it
        // would hand the same row back to the caller for ever.
        let grid_header = is_grid_header(row);
        if i > start && ((is_header_row(row) && !grid_header) || (is_prose(row) && !is_form_title(first))) {
            break;
        }
        if is_form_title(first) {
            title = first.to_string();
            f.lines.push(row.line);
        } else if grid_header {
            start_grid(&mut f, row);
        } else if f.grid.is_some() {
            // Never a joined row: rows are joined before the grid only.
            grid_row(&mut f, &rows[i], table, kinds);
        } else if !read_fields(&mut f, row) && !read_goals(&mut f, row) {
            if row.filled() == 1 && first.starts_with('(') && first.ends_with(')') {
                f.lines.push(row.line);
            } else {
                out.notes.push(Note { lines: vec![row.line], warning: true, code: "unused-row", message: format!("this row of a form holds no field the form reader knows: {first}") });
            }
        }
        i += 1 + took_joined(&mut f, out, &joined);
    }
    finish(f, title, table, out);
    i
}

/// A field row with the lines that continue its wrapped cells joined to it.
struct JoinedRow {
    row: Row,
    /// The lines joined.
    lines: Vec<u32>,
    /// Markdown rules passed over between the row and its continuation: a
    /// converter that takes a form's first row for a header puts its rule
    /// there.
    rules: Vec<u32>,
}

/// Records the lines joined into a row the form read (the repair on the
/// project, a note naming them, one for the rules passed over); returns how
/// many rows they were.
fn took_joined(f: &mut Form, out: &mut Layout, joined: &Option<JoinedRow>) -> usize {
    let Some(j) = joined else { return 0 };
    if !f.repairs.iter().any(|r| r == wrap::REPAIR) {
        f.repairs.push(wrap::REPAIR.into());
    }
    out.notes.push(wrap::note(j.lines.clone()));
    push_filler_notes(out, j.rules.iter().map(|&l| (Filler::MarkdownRule, l)).collect());
    j.lines.len() + j.rules.len()
}

/// Row `i` with the lines that continue its wrapped cells joined to it;
/// `None` when the next line does not continue it. A label never wraps into
/// a value, nor a value into a label.
fn joined_field_row(rows: &[Row], i: usize) -> Option<JoinedRow> {
    // A title's next line (`(2023年度)`) qualifies it; it is not its tail.
    if rows[i].texts().next().is_some_and(is_form_title) {
        return None;
    }
    // Copied only once a line joins it: nearly every field row stands alone.
    let mut joined: Option<Row> = None;
    let (mut lines, mut rules) = (Vec::new(), Vec::new());
    let mut last = rows[i].line;
    for next in &rows[i + 1..] {
        if next.line == last + 1 && filler(next) == Some(Filler::MarkdownRule) {
            rules.push(next.line);
            last = next.line;
            continue;
        }
        let row = joined.as_ref().unwrap_or(&rows[i]);
        // A label's tail is a label only when joined (`其中：` over `当年财政拨款`).
        let text_column = |c: usize| {
            let (head, tail) = (row.text(c), next.text(c));
            !is_label(head) && (!is_label(tail) || is_label(&format!("{head}{tail}")))
        };
        // The header test last: it is the dearest, and few lines get so far.
        if next.line != last + 1 || !wrap::continues(row, next, text_column) || is_grid_header(next) {
            break;
        }
        joined = Some(wrap::join(row, next));
        lines.push(next.line);
        last = next.line;
    }
    // Rules after the last joined line are the main loop's to note.
    rules.retain(|&l| lines.last().is_some_and(|&end| l < end));
    joined.map(|row| JoinedRow { row, lines, rules })
}

/// Reads label/value pairs; returns false when the row has no label.
fn read_fields(f: &mut Form, row: &Row) -> bool {
    let cells: Vec<(usize, &str)> = row.cell_texts().enumerate().filter(|(_, t)| !t.is_empty()).collect();
    if !cells.iter().any(|(_, t)| is_label(t)) {
        return false;
    }
    f.lines.push(row.line);
    f.goal_cols.clear();
    for (n, &(col, t)) in cells.iter().enumerate() {
        if !is_label(t) {
            continue;
        }
        let k = key(t);
        if let Some(u) = k.strip_prefix("项目资金(").and_then(|r| r.strip_suffix(')')) {
            f.unit = Some(u.to_string());
        }
        let value = cells[n + 1..].iter().take_while(|(_, v)| !is_label(v)).map(|(_, v)| *v).next();
        if is_goal_key(t) {
            // The goal text sits right of its label, or on the row below
            // (seed 004): only then does the next row hold it.
            match value {
                Some(text) => set_goal(f, k, text),
                None => f.goal_cols.push((col, k.to_string())),
            }
            continue;
        }
        if TOTAL_KEYS.contains(&k) {
            f.total_cols.push((col, k.to_string()));
        }
        match value {
            Some(v) if MONEY_KEYS.contains(&k) && is_amount(v) => {
                let annual = money_group(f, k, col, &cells);
                f.amounts.push((annual, k.to_string(), v.to_string()))
            }
            Some(v) if k == "项目名称" => f.name = Some((v.to_string(), row.line)),
            Some(v) if TEXT_KEYS.contains(&k) => f.fields.push((k.to_string(), v.to_string())),
            _ => {}
        }
    }
    true
}

/// Whether a money label belongs to the annual group (年度资金申请总额) or
/// to the project total (项目资金总额). Most labels say so themselves; only
/// 其他资金 appears in both, and then the order on its row decides (the
/// annual block is on the right), or, alone on its row, the nearer total's
/// column.
fn money_group(f: &Form, key: &str, col: usize, cells: &[(usize, &str)]) -> bool {
    match key {
        "项目资金总额" | "财政资金" => false,
        "年度资金申请总额" | "当年财政拨款" | "上年结转资金" => true,
        _ => {
            let twins: Vec<usize> = cells.iter().filter(|(_, t)| self::key(t) == key).map(|(c, _)| *c).collect();
            if twins.len() >= 2 {
                return twins.last() == Some(&col);
            }
            let distance = |name: &str| f.total_cols.iter().find(|(_, k)| k == name).map(|(c, _)| c.abs_diff(col));
            match (distance("项目资金总额"), distance("年度资金申请总额")) {
                (Some(l), Some(r)) => r <= l,
                (Some(_), None) => false,
                _ => true,
            }
        }
    }
}

/// Reads the goal texts on the row under the goal labels.
fn read_goals(f: &mut Form, row: &Row) -> bool {
    if f.goal_cols.is_empty() {
        return false;
    }
    let texts: Vec<(usize, &str)> = row.cell_texts().enumerate().filter(|(_, t)| !t.is_empty()).collect();
    for (n, &(col, text)) in texts.iter().enumerate() {
        // As many texts as labels: in order. Otherwise each text goes to the
        // nearest label (ties to the later one, the annual goal).
        let label = if texts.len() == f.goal_cols.len() {
            Some(f.goal_cols[n].1.clone())
        } else {
            f.goal_cols.iter().rev().min_by_key(|(c, _)| c.abs_diff(col)).map(|(_, l)| l.clone())
        };
        if let Some(l) = label {
            set_goal(f, &l, text);
        }
    }
    f.goal_cols.clear();
    f.lines.push(row.line);
    true
}

/// Keeps a goal text under its label: 年度… is the annual goal, any other
/// (项目总目标, 总体目标) the overall one.
fn set_goal(f: &mut Form, label: &str, text: &str) {
    if label.starts_with("年度") {
        f.goal = Some(text.to_owned());
    } else {
        f.overall = Some(text.to_owned());
    }
}

fn start_grid(f: &mut Form, row: &Row) {
    let mut header = Header::build(&[row]);
    while header.columns.last().is_some_and(|c| c.field.is_none()) {
        header.columns.pop();
    }
    let first = header.columns.iter().position(|c| c.field.is_some()).unwrap_or(0);
    let slots = header.columns.iter().enumerate().map(|(i, c)| if i < first { Slot::Label } else { slot_of(c.field.as_ref()) }).collect();
    f.lines.push(row.line);
    f.grid = Some((header, slots));
}

fn grid_row<'r>(f: &mut Form, row: &'r Row, table: usize, kinds: &mut KindCache<'r>) {
    let Some((header, slots)) = &f.grid else { return };
    // The label column's words (绩效指标) are a merged label, not data.
    let texts = row.cell_texts().map(|t| if BLOCK_LABELS.contains(&t) { "" } else { t });
    let a = align_texts(texts, slots, kinds);
    let col = |f: fn(Option<Scope>) -> Field| header.columns.iter().position(|c| matches!(&c.field, Some(x) if std::mem::discriminant(x) == std::mem::discriminant(&f(None))));
    let text = |i: Option<usize>| i.map_or(String::new(), |i| a.cells[i].to_string());
    let (name, value) = (text(col(Field::Name)), text(col(Field::Value)));
    let mut repairs: Vec<String> = Vec::new();
    if a.moved {
        repairs.push("cells-realigned".into());
    }
    if name.is_empty() && value.is_empty() {
        f.lines.push(row.line);
        return;
    }
    let (level1, level2) = fill_levels(
        &mut f.levels,
        (col(Field::Level1).is_some(), &text(col(Field::Level1))),
        (col(Field::Level2).is_some(), &text(col(Field::Level2))),
        &mut repairs,
    );
    // The grid's value column is 年度(/项目)指标值: annual targets.
    let scope = Scope::Annual;
    f.indicators.push(IndicatorRow {
        line: row.line,
        table,
        project: None,
        department: None,
        scope,
        level1,
        level2,
        name,
        op: String::new(),
        value,
        unit: String::new(),
        weight: String::new(),
        goal: String::new(),
        repairs,
    });
}

fn finish(f: Form, title: String, table: usize, out: &mut Layout) {
    let department = ["实施单位", "主管部门"].iter().find_map(|k| f.fields.iter().find(|(l, _)| l == k).map(|(_, v)| v.clone()));
    let project = f.name.clone().map(|(n, _)| n);
    let n_rows = f.indicators.len();
    // The form's indicators share one copy of each.
    let shared_project: Option<Arc<str>> = project.as_deref().map(Arc::from);
    let shared_department: Option<Arc<str>> = department.as_deref().map(Arc::from);
    for mut ind in f.indicators {
        ind.project = shared_project.clone();
        ind.department = shared_department.clone();
        out.indicators.push(ind);
    }
    let mut amounts: Vec<(bool, String, String)> = f
        .amounts
        .iter()
        .map(|(annual, k, v)| {
            let label = if !annual && k != "项目资金总额" { format!("项目资金总额/{k}") } else { k.clone() };
            (*annual, label, v.clone())
        })
        .collect();
    amounts.sort_by_key(|(annual, label, _)| (*annual, !TOTAL_KEYS.iter().any(|t| label == t)));
    let mut attributes = f.fields.clone();
    attributes.retain(|(k, _)| k != "项目名称");
    if let Some(o) = f.overall {
        attributes.push(("项目总目标".into(), o));
    }
    let line = f.name.as_ref().map(|(_, l)| *l).or(f.lines.first().copied()).unwrap_or(0);
    match project {
        Some(name) => out.projects.push(ProjectRow {
            line,
            table,
            name,
            department,
            parent: None,
            amounts: amounts.into_iter().map(|(_, l, v)| (l, v, f.unit.clone())).collect(),
            goal: f.goal,
            attributes,
            variants: Vec::new(),
            repairs: f.repairs,
        }),
        None => out.notes.push(Note { lines: f.lines.clone(), warning: true, code: "form-without-name", message: "a form has no 项目名称; its indicators have no project".into() }),
    }
    out.tables.push(TableInfo { title, number: None, kind: TableKind::Form, header_lines: f.lines, unit: f.unit, rows: n_rows });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(lines: &[&[&str]]) -> Vec<Row> {
        lines.iter().enumerate().map(|(i, cells)| Row::new(i as u32 + 1, cells.iter().copied())).collect()
    }

    /// A form whose goal row is `goal`; the indicator grid follows it.
    fn form_with_goal(goal: &[&[&str]]) -> Layout {
        let mut lines: Vec<&[&str]> = vec![
            &["财政项目支出绩效目标申报表"],
            &["项目名称", "图书馆保障补助资金", "项目性质", "一次性项目"],
            &["主管部门", "南屏县农业农村局", "实施单位", "南屏县农业农村局"],
        ];
        lines.extend_from_slice(goal);
        lines.extend_from_slice(&[
            &["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
            &["", "产出指标", "质量指标", "专项达标率", "不低于86.00%"],
            &["", "满意度指标", "服务对象满意度指标", "全年群众满意度", ">=80.00%"],
        ]);
        crate::analyze(&rows(&lines))
    }

    #[test]
    fn a_goal_beside_its_label_leaves_the_grid_header_to_the_grid() {
        // Synthetic forms print the goal on its label's row as often as on
        // the row below (seed 004); both must give the grid's indicators.
        let goal = "保障图书馆保障补助资金顺利实施,提升服务质量和管理水平。";
        for layout in [form_with_goal(&[&["年度总体目标", goal, "", ""]]), form_with_goal(&[&["年度总体目标", "", "", ""], &["", goal, "", ""]])] {
            assert_eq!(layout.projects.len(), 1);
            assert_eq!(layout.projects[0].goal.as_deref(), Some(goal));
            let names: Vec<&str> = layout.indicators.iter().map(|i| i.name.as_str()).collect();
            assert_eq!(names, ["专项达标率", "全年群众满意度"]);
        }
    }

    #[test]
    fn a_markdown_rule_between_a_field_and_its_wrapped_tail_is_passed_over() {
        // A converter takes the form's first row for a header and puts its
        // rule under it, between the project name and the name's tail.
        let layout = crate::analyze(&rows(&[
            &["财政项目支出绩效目标申报表"],
            &["项目名称", "东湖公园绿化养护", "项目性质", "经常性项目"],
            &["---", "---", "---", "---"],
            &["", "工作经费", "", ""],
            &["主管部门", "南屏县园林局", "实施单位", "南屏县园林局"],
            &["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
            &["", "产出指标", "数量指标", "养护面积", "≥120亩"],
        ]));
        assert_eq!(layout.projects.len(), 1);
        assert_eq!(layout.projects[0].name, "东湖公园绿化养护工作经费");
        assert!(layout.projects[0].repairs.iter().any(|r| r == wrap::REPAIR));
        assert_eq!(layout.indicators.len(), 1);
        assert!(layout.notes.iter().any(|n| n.lines == [3]), "the rule is named: {:?}", layout.notes);
    }
}
