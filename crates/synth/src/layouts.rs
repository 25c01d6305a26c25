//! The table layouts a document can print its content in, each with the
//! records a correct reader must give for it. Header words are the ones
//! real disclosures use (`shared/docs/domain.md`).
use std::collections::BTreeMap;

use rand::Rng;

use crate::content::{money, pick, Cents, Content, Indicator, Project, Rng8};
use crate::doc::{cells, Block, Row, Table};
use crate::expected::{self as exp, Expected};
use crate::vocab;
use crate::Layout;

/// A printed layout and the records it must give.
#[derive(Debug, Default)]
pub struct Part {
    /// What is printed.
    pub blocks: Vec<Block>,
    /// What a correct reader outputs for it.
    pub expected: Vec<Expected>,
}

/// Prints `content` in `layout`.
pub fn render(layout: Layout, rng: &mut Rng8, c: &Content) -> Part {
    match layout {
        Layout::Flat => flat(rng, c),
        Layout::Summary => summary(rng, c),
        Layout::Funding => funding(rng, c),
        Layout::Budget => budget(rng, c),
        Layout::Forms => forms(rng, c),
        Layout::TwoBlock => two_block(rng, c),
        Layout::TwoSided => two_sided(rng, c),
    }
}

/// The expected record of an indicator.
fn indicator(p: &Project, scope: &str, i: &Indicator) -> Expected {
    let t = &i.target;
    Expected::Indicator(exp::Indicator {
        project: Some(p.name.clone()),
        department: Some(p.department.clone()),
        scope: scope.into(),
        level1: Some(i.level1.into()),
        level2: Some(i.level2.into()),
        name: i.name.clone(),
        op: t.op.map(str::to_owned),
        value: t.value.clone(),
        unit: t.unit.clone(),
    })
}

/// The expected record of a project.
fn project(name: &str, department: Option<&str>, parent: Option<&str>, amounts: Vec<exp::Amount>) -> Expected {
    Expected::Project(exp::Project { name: name.into(), department: department.map(str::to_owned), parent: parent.map(str::to_owned), amounts })
}

/// An amount in 万元 as printed in a table cell.
fn wan(label: &str, c: Cents) -> exp::Amount {
    exp::Amount { label: label.into(), value: money(c, false), unit: "万元".into() }
}

/// The title of a table: department, year, name.
fn title(c: &Content, name: &str) -> Block {
    Block::Title(format!("{}{}年{name}", c.department, c.year))
}

/// (a) One indicator per row, with department and project columns; the
/// project may be printed on the first row of its block only.
fn flat(rng: &mut Rng8, c: &Content) -> Part {
    let parent = rng.random_bool(0.4);
    let split = rng.random_bool(0.7);
    let once = rng.random_bool(0.3);
    let mut header = vec![pick(rng, &["单位名称", "主管部门", "部门"]).to_string()];
    if parent {
        header.push("一级项目名称".into());
    }
    header.push(if parent { "二级项目名称" } else { "项目名称" }.into());
    let lead = header.len();
    header.extend(cells(&["一级指标", "二级指标", "三级指标"]));
    if split {
        header.push(pick(rng, &["计算符号", "运算符", "指标符号"]).to_string());
        header.push(pick(rng, &["指标值", "年度目标值"]).to_string());
        header.push(pick(rng, &["计量单位", "度量单位"]).to_string());
    } else {
        header.push(pick(rng, &["指标值", "年度指标值"]).to_string());
    }
    let mut table = Table { span_cols: (0..lead + 2).collect(), wrap_cols: vec![lead - 1, lead + 2], label_cols: Some(0), ..Table::default() };
    table.rows.push(Row::Header(header));
    let mut part = Part { blocks: vec![title(c, "项目支出绩效目标表"), Block::Blank], ..Part::default() };
    for p in &c.projects {
        for (k, i) in p.indicators.iter().enumerate() {
            let mut row = vec![p.department.clone()];
            if parent {
                row.push(p.parent.into());
            }
            row.push(p.name.clone());
            if once && k > 0 {
                row.iter_mut().for_each(String::clear);
            }
            row.extend([i.level1.to_string(), i.level2.to_string(), i.name.clone()]);
            let t = &i.target;
            if split {
                row.extend([t.op_cell.clone(), t.value_cell.clone(), t.unit_cell.clone()]);
            } else {
                row.push(t.merged.clone());
            }
            table.rows.push(Row::Data(row));
            part.expected.push(indicator(p, "annual", i));
        }
        part.expected.push(project(&p.name, Some(&p.department), parent.then_some(p.parent), vec![]));
    }
    part.blocks.push(Block::Table(table));
    part
}

/// (b) Project summary: name, department, amount, and a 合计 row.
fn summary(rng: &mut Rng8, c: &Content) -> Part {
    let seq = rng.random_bool(0.5);
    let in_header = rng.random_bool(0.5);
    let label = *pick(rng, &["预算金额", "金额", "项目金额"]);
    let mut header = cells(&["项目名称", "主管部门"]);
    header.push(if in_header { format!("{label}(万元)") } else { label.into() });
    if seq {
        header.insert(0, "序号".into());
    }
    let mut table = Table { wrap_cols: vec![usize::from(seq)], label_cols: Some(2 + usize::from(seq)), ..Table::default() };
    table.rows.push(Row::Header(header));
    let mut part = Part { blocks: vec![title(c, "项目支出预算汇总表")], ..Part::default() };
    if !in_header {
        part.blocks.push(Block::Text("单位：万元".into()));
    }
    for (k, p) in c.projects.iter().enumerate() {
        let mut row = vec![p.name.clone(), p.department.clone(), money(p.total(), false)];
        if seq {
            row.insert(0, (k + 1).to_string());
        }
        table.rows.push(Row::Data(row));
        part.expected.push(project(&p.name, Some(&p.department), None, vec![wan(label, p.total())]));
    }
    let total: Cents = c.projects.iter().map(Project::total).sum();
    let mut row = vec!["合计".to_string(), String::new(), money(total, false)];
    if seq {
        row.insert(0, String::new());
    }
    table.rows.push(Row::Data(row));
    part.blocks.push(Block::Table(table));
    part
}

/// (c) Funding table: a project's amount by source, with a 合计 row.
fn funding(rng: &mut Rng8, c: &Content) -> Part {
    let with_dept = rng.random_bool(0.5);
    let mut header = vec!["项目名称".to_string()];
    if with_dept {
        header.push("主管部门".into());
    }
    header.push("合计".into());
    header.extend(cells(vocab::SOURCES));
    let mut table = Table { wrap_cols: vec![0], label_cols: Some(1 + usize::from(with_dept)), ..Table::default() };
    table.rows.push(Row::Header(header));
    let mut total_row = vec!["合计".to_string()];
    if with_dept {
        total_row.push(String::new());
    }
    let total: Cents = c.projects.iter().map(Project::total).sum();
    total_row.push(money(total, false));
    for s in 0..vocab::SOURCES.len() {
        total_row.push(blank_zero(c.projects.iter().map(|p| p.sources[s]).sum()));
    }
    table.rows.push(Row::Data(total_row));
    let mut part = Part { blocks: vec![title(c, "项目支出资金安排表"), Block::Text("单位：万元".into())], ..Part::default() };
    for p in &c.projects {
        let mut row = vec![p.name.clone()];
        if with_dept {
            row.push(p.department.clone());
        }
        row.push(money(p.total(), false));
        row.extend(p.sources.iter().map(|&s| blank_zero(s)));
        table.rows.push(Row::Data(row));
        let mut amounts = vec![wan("合计", p.total())];
        amounts.extend(vocab::SOURCES.iter().zip(&p.sources).filter(|(_, &s)| s != 0).map(|(l, &s)| wan(l, s)));
        part.expected.push(project(&p.name, with_dept.then_some(p.department.as_str()), None, amounts));
    }
    part.blocks.push(Block::Table(table));
    part
}

/// An amount cell: blank for zero, as most tables print it.
fn blank_zero(c: Cents) -> String {
    if c == 0 {
        String::new()
    } else {
        money(c, false)
    }
}

/// A budget row before printing: code, name, money by column.
struct BudgetRow {
    code: Option<String>,
    name: String,
    values: Vec<Cents>,
}

/// The 类 / 款 / 项 rows of the budget with parents summed, after a 合计 row.
fn budget_rows(c: &Content, columns: usize, split: impl Fn(&crate::content::BudgetLeaf) -> Vec<Cents>) -> Vec<BudgetRow> {
    let mut rows: Vec<BudgetRow> = vec![BudgetRow { code: None, name: "合计".into(), values: vec![0; columns] }];
    for leaf in &c.budget {
        let values = split(leaf);
        for (depth, (code, name)) in leaf.path.iter().enumerate() {
            let at = rows.iter().position(|r| r.code.as_deref() == Some(code));
            let at = at.unwrap_or_else(|| {
                rows.push(BudgetRow { code: Some(code.to_string()), name: name.to_string(), values: vec![0; columns] });
                rows.len() - 1
            });
            add(&mut rows[at].values, &values);
            if depth == 0 {
                add(&mut rows[0].values, &values);
            }
        }
    }
    rows
}

/// Adds `more` into `sum`, column by column.
fn add(sum: &mut [Cents], more: &[Cents]) {
    sum.iter_mut().zip(more).for_each(|(s, m)| *s += m);
}

/// (d) Expenditure budget by functional code: 类 / 款 / 项 rows whose
/// parents are the sums of their children, under a 合计 row.
fn budget(rng: &mut Rng8, c: &Content) -> Part {
    let detailed = rng.random_bool(0.5);
    let money_cols: &[&str] = if detailed { &["合计", "人员经费", "公用经费", "项目支出"] } else { &["合计", "基本支出", "项目支出"] };
    let rows = budget_rows(c, money_cols.len(), |l| {
        let (staff, office) = l.basic;
        if detailed {
            vec![staff + office + l.project, staff, office, l.project]
        } else {
            vec![staff + office + l.project, staff + office, l.project]
        }
    });
    let name = *pick(rng, &["部门支出预算表", "一般公共预算支出预算表", "支出预算总表"]);
    let table_title = format!("{}{}年{name}", c.department, c.year);
    let mut header = cells(&["科目编码", "科目名称"]);
    header.extend(cells(money_cols));
    let mut table = Table { wrap_cols: vec![1], label_cols: Some(2), ..Table::default() };
    table.rows.push(Row::Header(header));
    let mut part = Part { blocks: vec![Block::Title(table_title.clone()), Block::Text("单位：万元".into())], ..Part::default() };
    for r in &rows {
        let mut row = vec![r.code.clone().unwrap_or_default(), r.name.clone()];
        row.extend(r.values.iter().map(|&v| blank_zero(v)));
        table.rows.push(Row::Data(row));
        let values = money_cols.iter().zip(&r.values).filter(|(_, &v)| v != 0).map(|(l, &v)| (l.to_string(), money(v, false))).collect();
        part.expected.push(line_item(&table_title, r.code.clone(), &r.name, Some("expenditure"), values));
    }
    part.blocks.push(Block::Table(table));
    part
}

/// The expected record of a line item labelled `label` (its name is the
/// label without an ordinal `一、`).
fn line_item(table: &str, code: Option<String>, label: &str, side: Option<&str>, values: BTreeMap<String, String>) -> Expected {
    let name = label.split_once('、').map_or(label, |(_, rest)| rest);
    Expected::LineItem(exp::LineItem { table: table.into(), code, label: label.into(), name: name.into(), side: side.map(str::to_owned), values })
}

/// (e) One declaration form per project: key-value rows, the funding
/// block in 元 with thousands separators, then the indicator grid whose
/// value cells hold comparison, number and unit together.
fn forms(rng: &mut Rng8, c: &Content) -> Part {
    let mut part = Part { blocks: vec![Block::Title(format!("{}{}年度项目绩效目标申报表", c.department, c.year))], ..Part::default() };
    for p in &c.projects {
        part.blocks.push(Block::Blank);
        part.blocks.push(Block::Title("财政项目支出绩效目标申报表".into()));
        part.blocks.push(Block::Title(format!("({}年度)", c.year)));
        let (table, amounts) = form(rng, p);
        part.blocks.push(Block::Table(table));
        part.expected.push(project(&p.name, Some(&p.department), None, amounts));
        part.expected.extend(p.indicators.iter().map(|i| indicator(p, "annual", i)));
    }
    part
}

/// One project's form and its expected amounts (in 元).
fn form(rng: &mut Rng8, p: &Project) -> (Table, Vec<exp::Amount>) {
    let yuan = |c: Cents| money(c * 10_000, true);
    let carried = if rng.random_bool(0.3) { p.sources[0] / 4 } else { 0 };
    let grant = p.sources[0] + p.sources[1] - carried;
    let other = p.sources[2] + p.sources[3];
    let funds = [("年度资金申请总额", "年度资金申请总额", p.total()), ("其中：当年财政拨款", "当年财政拨款", grant), ("上年结转资金", "上年结转资金", carried), ("其他资金", "其他资金", other)];
    let mut table = Table { wrap_cols: vec![1], ..Table::default() };
    let mut push = |row: &[&str]| table.rows.push(Row::Data(cells(row)));
    push(&["项目名称", &p.name, "项目性质", *pick(rng, &["经常性项目", "一次性项目"])]);
    push(&["主管部门", &p.department, "实施单位", &p.department]);
    for (k, (printed, _, amount)) in funds.iter().enumerate() {
        push(&[if k == 0 { "项目资金(元)" } else { "" }, printed, &yuan(*amount), ""]);
    }
    // The goal text sits right of its label or, as in seed 004, on the row
    // below it.
    if rng.random_bool(0.5) {
        push(&["年度总体目标", &p.goal, "", ""]);
    } else {
        push(&["年度总体目标", "", "", ""]);
        push(&["", &p.goal, "", ""]);
    }
    table.rows.push(Row::Header(cells(&["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"])));
    for i in &p.indicators {
        table.rows.push(Row::Data(cells(&["", i.level1, i.level2, &i.name, &i.target.merged])));
    }
    // The grid's 一级 / 二级 cells are merged in the real forms.
    table.span_cols = vec![1, 2];
    let amounts = funds.iter().map(|(_, label, c)| exp::Amount { label: label.to_string(), value: money(c * 10_000, false), unit: "元".into() }).collect();
    (table, amounts)
}

/// (f) Overall and annual indicators side by side, 002-style headers.
fn two_block(rng: &mut Rng8, c: &Content) -> Part {
    let goal_once = rng.random_bool(0.5);
    let mut header = cells(&["单位", "项目名称"]);
    for scope in ["总体绩效", "年度绩效"] {
        for col in ["目标", "一级指标名称", "二级指标名称", "三级指标名称", "指标符号", "指标值", "指标单位"] {
            header.push(format!("{scope}{col}"));
        }
    }
    let mut table = Table { span_cols: vec![0, 1], wrap_cols: vec![1, 5], label_cols: Some(0), ..Table::default() };
    table.rows.push(Row::Header(header));
    let mut part = Part { blocks: vec![title(c, "部门(单位)绩效指标表"), Block::Blank], ..Part::default() };
    for p in &c.projects {
        for (k, (o, a)) in p.overall.iter().zip(&p.indicators).enumerate() {
            let goal = if goal_once && k > 0 { String::new() } else { p.goal.clone() };
            let mut row = vec![p.department.clone(), p.name.clone()];
            for i in [o, a] {
                let t = &i.target;
                row.extend([goal.clone(), i.level1.into(), i.level2.into(), i.name.clone(), t.op_cell.clone(), t.value_cell.clone(), t.unit_cell.clone()]);
            }
            table.rows.push(Row::Data(row));
            part.expected.push(indicator(p, "overall", o));
            part.expected.push(indicator(p, "annual", a));
        }
        part.expected.push(project(&p.name, Some(&p.department), None, vec![]));
    }
    part.blocks.push(Block::Table(table));
    part
}

/// (g) Income and expenditure side by side, sharing rows, with totals.
fn two_sided(_rng: &mut Rng8, c: &Content) -> Part {
    let table_title = format!("{}{}年部门收支预算总表", c.department, c.year);
    let spend: Vec<BudgetRow> = budget_rows(c, 1, |l| vec![l.basic.0 + l.basic.1 + l.project]).into_iter().skip(1).filter(|r| r.code.as_ref().is_some_and(|k| k.len() <= 5)).collect();
    let total: Cents = c.income.iter().map(|(_, v)| v).sum();
    let mut table = Table { wrap_cols: vec![2], ..Table::default() };
    table.rows.push(Row::Header(cells(&["收入", "", "支出", ""])));
    table.rows.push(Row::Header(cells(&["项目", "预算数", "项目", "预算数"])));
    let mut part = Part { blocks: vec![Block::Title(table_title.clone()), Block::Text("单位：万元".into())], ..Part::default() };
    let one = |v: Cents| if v == 0 { BTreeMap::new() } else { BTreeMap::from([("预算数".to_string(), money(v, false))]) };
    for k in 0..c.income.len().max(spend.len()) {
        let mut row = vec![String::new(); 4];
        if let Some((label, v)) = c.income.get(k) {
            row[0] = label.to_string();
            row[1] = blank_zero(*v);
            part.expected.push(line_item(&table_title, None, label, Some("income"), one(*v)));
        }
        if let Some(r) = spend.get(k) {
            row[2] = r.name.clone();
            row[3] = blank_zero(r.values[0]);
            part.expected.push(line_item(&table_title, None, &r.name, Some("expenditure"), one(r.values[0])));
        }
        table.rows.push(Row::Data(row));
    }
    for (income, spending) in [("本年收入合计", "本年支出合计"), ("收入总计", "支出总计")] {
        table.rows.push(Row::Data(vec![income.into(), money(total, false), spending.into(), money(total, false)]));
        part.expected.push(line_item(&table_title, None, income, Some("income"), one(total)));
        part.expected.push(line_item(&table_title, None, spending, Some("expenditure"), one(total)));
    }
    part.blocks.push(Block::Table(table));
    part
}
