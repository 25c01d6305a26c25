//! From layout rows to records: interpreting indicator cells with the
//! grammar, merging project rows, converting amounts to exact yuan.
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use budget_grammar::{amount_value, parse_amount, parse_number, parse_op, parse_target, parse_unit, split_name_unit, Op, TargetForm};
use budget_layout::{scope_name, IndicatorRow, ItemRow, Layout, ProjectRow, TableInfo};
use budget_normalize::Texts;
use rust_decimal::Decimal;

use crate::{Amount, Diagnostic, Indicator, LineItem, Project, Severity};

/// Exact yuan for a printed amount in `unit`.
pub(crate) fn to_yuan(value: Decimal, unit: &str) -> Decimal {
    if unit == "万元" {
        value * Decimal::from(10_000)
    } else {
        value
    }
}

/// Builds an indicator record from one block of one row, whose raw cells
/// are `raw`. Takes the row by value: its texts move into the record.
pub(crate) fn indicator(source: &Arc<str>, row: IndicatorRow, raw: Texts) -> Indicator {
    let mut repairs = row.repairs;
    let target = parse_target(&row.value);
    let cell_op = parse_op(&row.op);
    let mut op = cell_op.or(target.op);
    if op.is_none() && target.form == TargetForm::Word && !target.value.is_empty() {
        op = Some(Op::Qualitative);
    }
    // A number is never a unit: seed 002 prints `1` in a unit column (its
    // name is `111`, its value `1`). The raw cells keep it.
    let unit_is_number = budget_grammar::is_amount(&row.unit);
    if unit_is_number {
        repairs.push("number-in-unit-dropped".into());
    }
    let cell_unit = (!row.unit.is_empty() && !unit_is_number).then(|| parse_unit(&row.unit).unwrap_or_else(|| row.unit.clone()));
    let numeric = matches!(target.form, TargetForm::Number | TargetForm::Range);
    let unit = match (cell_unit, target.unit.clone()) {
        (Some(c), Some(t)) if c != t => {
            repairs.push("unit-split-from-value".into());
            Some(format!("{t}/{c}"))
        }
        (Some(c), _) => Some(c),
        (None, Some(t)) => Some(t),
        (None, None) if numeric => split_name_unit(&row.name).map(|(_, u)| {
            repairs.push("unit-from-name".into());
            u
        }),
        (None, None) => None,
    };
    Indicator {
        page: None,
        bbox: None,
        source: Arc::clone(source),
        line: row.line,
        project: row.project,
        department: row.department,
        scope: scope_name(row.scope).into(),
        level1: row.level1,
        level2: row.level2,
        name: row.name,
        op: op.map(|o| o.as_str().into()),
        value: target.value,
        unit,
        weight: parse_number(&row.weight).and_then(|w| w.parse::<f64>().ok()),
        raw,
        repairs,
    }
}

/// Builds a line item.
pub(crate) fn line_item(source: &Arc<str>, table: &TableInfo, row: &ItemRow) -> LineItem {
    let values = row
        .values
        .iter()
        .filter_map(|(label, printed)| parse_amount(printed).map(|a| (label.clone(), serde_json::Value::String(a.printed))))
        .collect();
    LineItem {
        page: None,
        bbox: None,
        source: Arc::clone(source),
        line: row.line,
        table: table.title.clone(),
        table_number: table.number.clone(),
        item: 0,
        code: row.code.clone(),
        label: row.label.clone(),
        name: row.name.clone(),
        level: row.depth,
        parent: None,
        side: row.side.map(|s| if s { "income" } else { "expenditure" }.into()),
        values,
        unit: row.unit.clone(),
        verified: None,
        repairs: row.repairs.clone(),
    }
}

/// Merges project rows by name into project records, in order of first
/// appearance.
pub(crate) fn projects(source: &Arc<str>, layout: &Layout, diags: &mut Vec<Diagnostic>) -> Vec<Project> {
    let mut order: Vec<&str> = Vec::new();
    let mut rows: HashMap<&str, Vec<&ProjectRow>> = HashMap::new();
    for p in &layout.projects {
        rows.entry(p.name.as_str())
            .or_insert_with(|| {
                order.push(&p.name);
                Vec::new()
            })
            .push(p);
    }
    let units = column_units(source, layout, &rows, diags);
    order.iter().map(|name| merge(source, name, &rows[name], &units)).collect()
}

/// A money column without a declared unit: (table, label).
type Column = (usize, String);

/// Infers the unit of money columns that declare none, from the same
/// projects' amounts in a declared unit: a column whose values are the
/// projects' amounts in yuan is in 元 (500000 beside 50.00 万元), one whose
/// values equal their 万元 figures is in 万元. A column is settled only when
/// its matches agree; otherwise one warning says its values were left out.
fn column_units(source: &Arc<str>, layout: &Layout, rows: &HashMap<&str, Vec<&ProjectRow>>, diags: &mut Vec<Diagnostic>) -> BTreeMap<Column, &'static str> {
    let undeclared = |p: &&ProjectRow| p.amounts.iter().any(|(_, _, unit)| unit.is_none());
    if !layout.projects.iter().any(|p| undeclared(&p)) {
        return BTreeMap::new();
    }
    // Each project's amounts in a declared unit, in yuan: worked out once
    // per project, where a table repeats a project on each of its rows.
    let known: HashMap<&str, Vec<Decimal>> = rows
        .iter()
        .map(|(&name, rs)| {
            let yuan = rs
                .iter()
                .flat_map(|r| r.amounts.iter())
                .filter_map(|(_, v, u)| Some(to_yuan(amount_value(v)?, u.as_deref()?)))
                .collect();
            (name, yuan)
        })
        .collect();
    let mut votes: BTreeMap<Column, (usize, usize, Vec<u32>)> = BTreeMap::new();
    for p in layout.projects.iter().filter(undeclared) {
        let known = &known[p.name.as_str()];
        for (label, printed, unit) in &p.amounts {
            if unit.is_some() {
                continue;
            }
            let entry = votes.entry((p.table, label.clone())).or_default();
            entry.2.push(p.line);
            match amount_value(printed).filter(|v| !v.is_zero()) {
                Some(v) if known.contains(&v) => entry.0 += 1,
                Some(v) if known.contains(&(v * Decimal::from(10_000))) => entry.1 += 1,
                _ => {}
            }
        }
    }
    let mut out = BTreeMap::new();
    for ((table, label), (yuan, wan, lines)) in votes {
        let title = layout.tables.get(table).map_or("", |t| t.title.as_str());
        match (yuan, wan) {
            (y, 0) if y > 0 => {
                out.insert((table, label), "元");
            }
            (0, w) if w > 0 => {
                out.insert((table, label), "万元");
            }
            _ => diags.push(Diagnostic::new(
                source,
                lines,
                Severity::Warning,
                "amount-column-without-unit",
                format!("the \"{label}\" column of \"{title}\" declares no unit (万元 or 元) and its values match no amount of the same projects in a declared unit, so they are not in the projects' amounts"),
            )),
        }
    }
    out
}

fn merge(source: &Arc<str>, name: &str, rows: &[&ProjectRow], units: &BTreeMap<Column, &'static str>) -> Project {
    let first = rows[0];
    let mut amounts: Vec<Amount> = Vec::new();
    let mut repairs: Vec<String> = Vec::new();
    for row in rows {
        for (label, printed, unit) in &row.amounts {
            let Some(a) = parse_amount(printed) else { continue };
            if amounts.iter().any(|x| x.label == *label) {
                continue;
            }
            let unit = match unit {
                Some(u) => u.clone(),
                None => match units.get(&(row.table, label.clone())) {
                    Some(u) => {
                        repairs.push("amount-unit-inferred".into());
                        u.to_string()
                    }
                    None => continue,
                },
            };
            let yuan = to_yuan(a.value, &unit).normalize().to_string();
            amounts.push(Amount { label: label.clone(), value: a.printed, yuan, unit });
        }
    }
    let mut variants: Vec<String> = rows.iter().flat_map(|r| r.variants.iter().cloned()).collect();
    variants.sort();
    variants.dedup();
    repairs.extend(rows.iter().flat_map(|r| r.repairs.iter().cloned()));
    repairs.sort();
    repairs.dedup();
    let mut lines: Vec<u32> = rows.iter().map(|r| r.line).collect();
    lines.sort_unstable();
    lines.dedup();
    Project {
        page: None,
        bbox: None,
        source: Arc::clone(source),
        line: lines[0],
        name: name.to_string(),
        department: rows.iter().find_map(|r| r.department.clone()),
        parent: rows.iter().find_map(|r| r.parent.clone()),
        amounts,
        goal: rows.iter().find_map(|r| r.goal.clone()),
        variants,
        attributes: first.attributes.iter().map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone()))).collect(),
        lines,
        repairs,
    }
}
