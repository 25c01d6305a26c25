//! Cross-checks: figures a document states twice must agree.
//!
//! Each check compares a printed figure with a sum and ends as one of three
//! outcomes: it holds (counted, and reported once per table as `info`), the
//! difference is within rounding (`warning`, code `…-rounding`), or it is a
//! real disagreement (`warning`, code `…-mismatch`). Rounding allows half a
//! unit of the last printed digit for each figure in the sum and for the
//! total itself, since each was rounded on its own. No printed number is
//! ever changed; the messages give both figures and the difference.
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::{Arc, LazyLock};

use budget_grammar::amount_value;
use budget_layout::{is_total_label, name_similarity_at_least, ItemRow, Layout, TableKind};
use regex::Regex;
use rust_decimal::Decimal;

use crate::build::to_yuan;
use crate::{Diagnostic, Project, Severity};

/// Collects check outcomes for one document.
pub(crate) struct Checker<'a> {
    source: &'a Arc<str>,
    pub(crate) out: Vec<Diagnostic>,
    /// Lines of the comparisons that held, per table title and check.
    holds: BTreeMap<(&'a str, &'static str), Vec<u32>>,
    /// Per table title: whether every identity it states held (exactly or
    /// within rounding).
    verdicts: BTreeMap<&'a str, bool>,
}

/// How the figures of a comparison were read.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reading {
    /// Every figure sat under its own column: a difference is the document's.
    Clean,
    /// Some figure was placed by a repair (matched to columns in order, a
    /// header re-segmented, cells realigned): a difference may be a misread.
    Repaired,
}

impl Reading {
    fn of(items: &[&ItemRow]) -> Reading {
        let repaired = items.iter().any(|i| !i.repairs.is_empty() || i.values.iter().any(|(l, _)| l.starts_with('第') && l.ends_with('列')));
        if repaired { Reading::Repaired } else { Reading::Clean }
    }
}

/// A figure as printed.
#[derive(Clone, Copy)]
struct Fig {
    value: Decimal,
    scale: u32,
}

fn fig(printed: &str) -> Option<Fig> {
    amount_value(printed).map(|value| Fig { value, scale: value.scale() })
}

fn sum(figs: &[Fig]) -> Fig {
    Fig { value: figs.iter().map(|f| f.value).sum(), scale: figs.iter().map(|f| f.scale).max().unwrap_or(0) }
}

impl<'a> Checker<'a> {
    pub(crate) fn new(source: &'a Arc<str>) -> Self {
        Checker { source, out: Vec::new(), holds: BTreeMap::new(), verdicts: BTreeMap::new() }
    }

    /// Pushes a diagnostic; its `line` is the first line given (the stated
    /// figure's), its `lines` all of them in order.
    /// Counts one comparison that held.
    pub(crate) fn held(&mut self, table: &'a str, check: &'static str, line: u32) {
        self.holds.entry((table, check)).or_default().push(line);
    }

    pub(crate) fn diag(&mut self, lines: Vec<u32>, severity: Severity, code: impl Into<Cow<'static, str>>, message: String) {
        let line = lines.first().copied();
        let mut lines = lines;
        lines.sort_unstable();
        lines.dedup();
        // The first line given, not the lowest, leads the diagnostic.
        self.out.push(Diagnostic { line, ..Diagnostic::new(self.source, lines, severity, code, message) });
    }

    /// Compares a stated figure with the sum of `parts`. `what` describes
    /// the comparison; it is only called when the figures disagree (most
    /// hold, and formatting every description cost more than comparing).
    #[allow(clippy::too_many_arguments)]
    fn compare(&mut self, check: &'static str, table: &'a str, lines: &[u32], what: &dyn Fn() -> String, stated: Fig, parts: &[Fig], unit: &str, reading: Reading) {
        let computed = sum(parts);
        let diff = stated.value - computed.value;
        self.verdicts.entry(table).or_insert(true);
        if diff.is_zero() {
            self.holds.entry((table, check)).or_default().extend_from_slice(lines);
            return;
        }
        let what = what();
        let scale = stated.scale.max(computed.scale);
        let tolerance = Decimal::new(5, scale + 1) * Decimal::from(parts.len() + 1);
        // A repair places whole figures: one in the wrong place moves a sum
        // by at least its own size. A difference within rounding, among
        // figures that are each larger than it could be, is the document's.
        let too_small_to_move = diff.abs() <= tolerance
            && std::iter::once(&stated).chain(parts).all(|f| f.value.is_zero() || f.value.abs() > tolerance);
        let whose = match reading {
            Reading::Clean => "the document's own: every figure was read under its printed column",
            Reading::Repaired if too_small_to_move => "the document's own: a repair placed some figures, but every figure is larger than the difference, so no misplaced figure can explain it",
            Reading::Repaired => "a possible misread: some figures were placed by a repair",
        };
        let (outcome, verdict) = if diff.abs() <= tolerance {
            ("rounding", format!("within rounding of {} printed figures; {whose}", parts.len() + 1))
        } else {
            self.verdicts.insert(table, false);
            ("mismatch", format!("more than rounding can explain; {whose}"))
        };
        let message = if parts.len() == 1 {
            format!("{what}: {} {unit} against {} {unit}; difference {} ({verdict})", stated.value, computed.value, diff)
        } else {
            format!(
                "{what}: printed {} {unit}, the {} figures it should total sum to {} {unit}; difference {} ({verdict})",
                stated.value,
                parts.len(),
                computed.value,
                diff
            )
        };
        self.diag(lines.to_vec(), Severity::Warning, format!("{check}-{outcome}"), message);
    }

    /// Per table title: whether every identity it states held (exactly or
    /// within rounding); titles with no identity are absent.
    pub(crate) fn verdicts(&self) -> BTreeMap<String, bool> {
        self.verdicts.iter().map(|(t, v)| (t.to_string(), *v)).collect()
    }

    /// Reports the checks that held, one line per table and check.
    pub(crate) fn finish(mut self) -> Vec<Diagnostic> {
        let holds = std::mem::take(&mut self.holds);
        for ((table, check), lines) in holds {
            let n = lines.len();
            self.diag(lines, Severity::Info, format!("{check}-holds"), format!("{check}: {n} comparisons in \"{table}\" hold exactly"));
        }
        self.out
    }
}

fn values(item: &ItemRow) -> BTreeMap<&str, Fig> {
    item.values.iter().filter_map(|(l, v)| Some((l.as_str(), fig(v)?))).collect()
}

fn unit(item: &ItemRow) -> &str {
    item.unit.as_deref().unwrap_or("")
}


/// Compares `stated` with the column-wise sums of `parts`, per value label.
/// Returns how many columns were compared.
fn compare_columns<'a>(c: &mut Checker<'a>, check: &'static str, title: &'a str, stated: &ItemRow, parts: &[&ItemRow], what: &dyn Fn() -> String) -> usize {
    let sv = values(stated);
    let labels: Vec<&str> = {
        let mut l: Vec<&str> = sv.keys().copied().collect();
        for p in parts {
            for (k, _) in &p.values {
                if !l.contains(&k.as_str()) {
                    l.push(k.as_str());
                }
            }
        }
        l
    };
    let part_values: Vec<BTreeMap<&str, Fig>> = parts.iter().map(|p| values(p)).collect();
    // The same lines and one buffer of figures serve every column.
    let lines: Vec<u32> = std::iter::once(stated.line).chain(parts.iter().map(|p| p.line)).collect();
    let reading = Reading::of(&[&[stated][..], parts].concat());
    let mut figs: Vec<Fig> = Vec::with_capacity(parts.len());
    let mut compared = 0;
    for label in labels {
        figs.clear();
        figs.extend(part_values.iter().filter_map(|v| v.get(label).copied()));
        let zero = Fig { value: Decimal::ZERO, scale: 0 };
        let st = sv.get(label).copied().unwrap_or(zero);
        if figs.is_empty() && st.value.is_zero() {
            continue;
        }
        c.compare(check, title, &lines, &|| format!("{} ({label}, line {})", what(), stated.line), st, &figs, unit(stated), reading);
        compared += 1;
    }
    compared
}

/// Budget tables: parent codes against their children, total rows against
/// the top level.
pub(crate) fn budget_tables<'a>(c: &mut Checker<'a>, layout: &'a Layout) {
    for (t, info) in layout.tables.iter().enumerate() {
        if info.kind != TableKind::Budget {
            continue;
        }
        let items: Vec<&ItemRow> = layout.items.iter().filter(|i| i.table == t).collect();
        let coded: Vec<&ItemRow> = items.iter().copied().filter(|i| i.code.is_some()).collect();
        for parent in &coded {
            let code = parent.code.as_deref().unwrap_or("");
            let children: Vec<&ItemRow> = coded
                .iter()
                .copied()
                .filter(|i| i.code.as_deref().is_some_and(|k| k.len() == code.len() + 2 && k.starts_with(code)))
                .collect();
            if !children.is_empty() {
                compare_columns(c, "parent-sum", &info.title, parent, &children, &|| format!("{code} {}", parent.name));
            }
        }
        // Without codes, the hierarchy found from ordinals and indentation
        // names the top level; rows that add up to the one above them
        // (a department over its units) are found by their arithmetic.
        let body: Vec<&ItemRow> = items.iter().copied().filter(|i| !is_total_label(&i.name) && i.depth <= 1).collect();
        let top: Vec<&ItemRow> = if coded.is_empty() {
            top_level_by_subtotals(&body)
        } else {
            let shortest = coded.iter().filter_map(|i| i.code.as_ref().map(String::len)).min().unwrap_or(3);
            coded.iter().copied().filter(|i| i.code.as_ref().is_some_and(|k| k.len() == shortest)).collect()
        };
        for total in items.iter().filter(|i| is_total_label(&i.name) && i.code.is_none()) {
            if !top.is_empty() {
                compare_columns(c, "total-row", &info.title, total, &top, &|| format!("{} row", total.name));
            }
        }
    }
}

/// Rows without codes can nest (a department over its units). A row whose
/// values equal the sum of the rows right after it is their parent; the top
/// level is what no parent claims.
fn top_level_by_subtotals<'r>(rows: &[&'r ItemRow]) -> Vec<&'r ItemRow> {
    let mut top = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        top.push(rows[i]);
        let target = values(rows[i]);
        let mut acc: BTreeMap<&str, Decimal> = BTreeMap::new();
        let mut skip = 0;
        for (k, r) in rows[i + 1..].iter().enumerate() {
            for (l, f) in values(r) {
                *acc.entry(l).or_default() += f.value;
            }
            if !target.is_empty() && target.iter().all(|(l, f)| acc.get(l).copied().unwrap_or_default() == f.value) {
                skip = k + 1;
                break;
            }
        }
        i += 1 + skip;
    }
    top
}

/// Two-sided tables: each side's items against its totals, and income
/// against expenditure.
pub(crate) fn two_sided<'a>(c: &mut Checker<'a>, layout: &'a Layout) {
    let name_codes: BTreeMap<&str, usize> = layout
        .items
        .iter()
        .filter_map(|i| Some((i.name.as_str(), i.code.as_ref()?.len())))
        .collect();
    for (t, info) in layout.tables.iter().enumerate() {
        if info.kind != TableKind::TwoSided {
            continue;
        }
        let mut grand: Vec<&ItemRow> = Vec::new();
        // Each part on its own: a side, or one of two breakdowns of the same
        // side (支出 by 功能分类 and by 支出用途), each adding up to the total.
        let mut parts: Vec<(u8, bool)> = layout.items.iter().filter(|i| i.table == t).filter_map(|i| Some((i.part, i.side?))).collect();
        parts.sort_unstable();
        parts.dedup();
        for (part, side) in parts {
            let items: Vec<&ItemRow> = layout.items.iter().filter(|i| i.table == t && i.part == part && i.side == Some(side)).collect();
            let first_total = items.iter().position(|i| is_total_label(&i.name)).unwrap_or(items.len());
            let body = &items[..first_total];
            let totals: Vec<&ItemRow> = items.iter().copied().filter(|i| is_total_label(&i.name)).collect();
            let top = side_top_level(body, &name_codes);
            let word = if side { "income" } else { "expenditure" };
            if let (Some(first), Some(top)) = (totals.first(), top) {
                compare_columns(c, "side-total", &info.title, first, &top.iter().collect::<Vec<_>>(), &|| format!("{} ({word} side)", first.name));
            }
            if totals.len() >= 2 {
                let (sub, grand_total) = (totals[0], totals[totals.len() - 1]);
                let mut parts = vec![sub];
                // Rows after the subtotal at the top level only: their parts
                // (年初结转和结余 over 一、一般公共预算财政拨款) are in them.
                parts.extend(items[first_total + 1..].iter().copied().filter(|i| !is_total_label(&i.name) && i.depth <= 1));
                compare_columns(c, "side-total", &info.title, grand_total, &parts, &|| format!("{} ({word} side)", grand_total.name));
            }
            if let Some(g) = totals.last() {
                grand.push(g);
            }
        }
        // Income against each breakdown of expenditure.
        let (incomes, spendings): (Vec<&ItemRow>, Vec<&ItemRow>) = grand.iter().partition(|g| g.side == Some(true));
        for (income, spending) in incomes.first().into_iter().flat_map(|i| spendings.iter().map(move |s| (*i, *s))) {
            let (a, b) = (income.values.first().and_then(|v| fig(&v.1)), spending.values.first().and_then(|v| fig(&v.1)));
            if let (Some(a), Some(b)) = (a, b) {
                c.compare("income-expenditure", &info.title, &[income.line, spending.line], &|| format!("{} against {}", income.name, spending.name), a, &[b], unit(income), Reading::of(&[income, spending]));
            }
        }
    }
}

/// The top level of one side, as synthetic rows: enumerated items at the
/// highest level present (an empty one standing for the sum of its
/// children), or, without enumeration, the items whose names are 类-level
/// codes elsewhere in the document. `None` when neither applies.
fn side_top_level(body: &[&ItemRow], name_codes: &BTreeMap<&str, usize>) -> Option<Vec<ItemRow>> {
    let top_level = body.iter().map(|i| i.level).filter(|l| *l > 0).min();
    if let Some(level) = top_level {
        let mut out = Vec::new();
        for (k, item) in body.iter().enumerate() {
            if item.level != level {
                continue;
            }
            if item.values.is_empty() {
                let children: Vec<&ItemRow> = body[k + 1..].iter().take_while(|i| i.level == 0 || i.level > level).copied().collect();
                let mut synthetic = (*item).clone();
                let mut acc: BTreeMap<String, Decimal> = BTreeMap::new();
                for ch in children {
                    for (l, f) in values(ch) {
                        *acc.entry(l.to_string()).or_default() += f.value;
                    }
                }
                synthetic.values = acc.into_iter().map(|(l, v)| (l, v.to_string())).collect();
                out.push(synthetic);
            } else {
                out.push((*item).clone());
            }
        }
        return Some(out);
    }
    let shortest = body.iter().filter_map(|i| name_codes.get(i.name.as_str())).min()?;
    Some(body.iter().filter(|i| name_codes.get(i.name.as_str()) == Some(shortest)).map(|i| (*i).clone()).collect())
}

fn is_total_amount(label: &str) -> bool {
    label.ends_with("合计") || label.ends_with("总计") || label.ends_with("总额") || label == "预算金额"
}

/// Project amounts: each total against the sources listed after it, table
/// total rows against their projects, and a form's two totals.
pub(crate) fn projects<'a>(c: &mut Checker<'a>, layout: &'a Layout, projects: &[Project]) {
    for row in &layout.projects {
        let title = layout.tables.get(row.table).map_or("", |t| t.title.as_str());
        let mut k = 0;
        while k < row.amounts.len() {
            let (label, printed, unit) = &row.amounts[k];
            let mut end = k + 1;
            while end < row.amounts.len() && !is_total_amount(&row.amounts[end].0) && row.amounts[end].2 == *unit {
                end += 1;
            }
            if is_total_amount(label) && end > k + 1 {
                let parts: Vec<Fig> = row.amounts[k + 1..end].iter().filter_map(|a| fig(&a.1)).collect();
                if let Some(total) = fig(printed) {
                    c.compare("funding-sum", title, &[row.line], &|| format!("{label} of \"{}\"", row.name), total, &parts, unit.as_deref().unwrap_or(""), Reading::Clean);
                }
            }
            k = end;
        }
    }
    for total in &layout.totals {
        let title = layout.tables.get(total.table).map_or("", |t| t.title.as_str());
        let rows: Vec<ItemRow> = layout
            .projects
            .iter()
            .filter(|p| p.table == total.table && !p.amounts.is_empty())
            .map(|p| ItemRow {
                line: p.line,
                table: p.table,
                code: None,
                label: p.name.clone(),
                name: p.name.clone(),
                indent: 0,
                parent: None,
                side: None,
                level: 0,
                part: 0,
                depth: 0,
                values: p.amounts.iter().map(|(l, v, _)| (l.clone(), v.clone())).collect(),
                unit: None,
                repairs: Vec::new(),
            })
            .collect();
        let what = || format!("{} row against the {} projects above it", total.name, rows.len());
        if compare_columns(c, "total-row", title, total, &rows.iter().collect::<Vec<_>>(), &what) == 0 {
            // Not a figure in it, nor in the projects: say so rather than let the row pass unseen.
            let printed: Vec<&str> = total.values.iter().map(|(_, v)| v.as_str()).filter(|v| !v.is_empty()).collect();
            let message = format!("the {} row of \"{title}\" holds no figure to check against the projects above it ({})", total.name, printed.join(" | "));
            c.diag(vec![total.line], Severity::Warning, "total-row-unchecked", message);
        }
    }
    for p in projects {
        let get = |l: &str| p.amounts.iter().find(|a| a.label == l).and_then(|a| a.yuan.parse::<Decimal>().ok());
        if let (Some(total), Some(annual)) = (get("项目资金总额"), get("年度资金申请总额")) {
            c.compare("form-totals", "forms", &p.lines, &|| format!("项目资金总额 against 年度资金申请总额 of \"{}\"", p.name), Fig { value: total, scale: 2 }, &[Fig { value: annual, scale: 2 }], "元", Reading::Clean);
        }
    }
}

/// Counts and totals stated in prose against the project table.
pub(crate) fn prose(c: &mut Checker, layout: &Layout) {
    let tables: Vec<usize> = layout
        .tables
        .iter()
        .enumerate()
        .filter(|(_, t)| t.kind == TableKind::Projects)
        .map(|(i, _)| i)
        .collect();
    let tables = if tables.is_empty() {
        let with_amounts: Vec<usize> = layout.projects.iter().filter(|p| !p.amounts.is_empty() && layout.tables[p.table].kind == TableKind::Indicators).map(|p| p.table).collect();
        with_amounts.into_iter().take(1).collect::<Vec<_>>()
    } else {
        tables
    };
    if tables.is_empty() {
        return;
    }
    let rows: Vec<_> = layout.projects.iter().filter(|p| tables.contains(&p.table) && !p.amounts.is_empty()).collect();
    let mut names: Vec<&str> = rows.iter().map(|p| p.name.as_str()).collect();
    names.dedup();
    let total_yuan: Decimal = rows
        .iter()
        .filter_map(|p| {
            let (_, v, u) = p.amounts.iter().find(|a| is_total_amount(&a.0)).or(p.amounts.first())?;
            Some(to_yuan(amount_value(v)?, u.as_deref().unwrap_or("元")))
        })
        .sum();
    // Compiled once per process: compiling them per file cost more than the check.
    static COUNT_RE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?:(\d+)\s*个项目|项目\s*(\d+)\s*个)").expect("valid regex"));
    static MONEY_RE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"([0-9][0-9,]*(?:\.[0-9]+)?)\s*(万元|元)").expect("valid regex"));
    let (count_re, money_re) = (&*COUNT_RE, &*MONEY_RE);
    for p in &layout.prose {
        // Both forms of the count need 个, which few lines hold: a memchr
        // turns the rest away before the regex walks them.
        if !p.text.contains('个') {
            continue;
        }
        let Some(m) = count_re.captures(&p.text) else { continue };
        let declared: usize = m.get(1).or(m.get(2)).and_then(|g| g.as_str().parse().ok()).unwrap_or(0);
        let title = "prose";
        if declared == names.len() {
            c.holds.entry((title, "prose-count")).or_default().push(p.line);
        } else {
            c.diag(vec![p.line], Severity::Warning, "prose-count-mismatch", format!("the text on line {} declares {declared} projects, but {} projects were found in the project table", p.line, names.len()));
        }
        let after = &p.text[m.get(0).map_or(0, |g| g.end())..];
        if let Some(mm) = money_re.captures(after) {
            let Some(stated) = fig(&mm[1]) else { continue };
            let found_in_unit = if &mm[2] == "万元" { total_yuan / Decimal::from(10_000) } else { total_yuan };
            let computed = Fig { value: found_in_unit.normalize(), scale: stated.scale.max(2) };
            let what = || format!("the text on line {} declares a total for {} projects; the {} projects found in the project table sum to the second figure", p.line, declared, names.len());
            c.compare("prose-total", title, &[p.line], &what, stated, &[computed], &mm[2], Reading::Clean);
        }
    }
}

/// Projects named in indicator tables must be in the project table.
pub(crate) fn indicator_projects(c: &mut Checker, layout: &Layout) {
    let table_names: Vec<&str> = layout
        .projects
        .iter()
        .filter(|p| layout.tables[p.table].kind == TableKind::Projects)
        .map(|p| p.name.as_str())
        .collect();
    if table_names.is_empty() {
        return;
    }
    let mut seen: Vec<&str> = Vec::new();
    for ind in &layout.indicators {
        let Some(name) = ind.project.as_deref() else { continue };
        if seen.contains(&name) {
            continue;
        }
        seen.push(name);
        if table_names.contains(&name) {
            c.holds.entry(("project table", "project-in-table")).or_default().push(ind.line);
            continue;
        }
        // The closest spelling, when one is close enough to be a variant.
        let best = table_names.iter().filter_map(|t| Some((name_similarity_at_least(name, t, 0.7)?, *t))).max_by(|a, b| a.0.total_cmp(&b.0));
        match best {
            Some((_, t)) => c.diag(vec![ind.line], Severity::Warning, "project-in-table-variant", format!("the indicator table names project \"{name}\" (line {}), which the project table spells \"{t}\"", ind.line)),
            _ => c.diag(vec![ind.line], Severity::Warning, "project-in-table-missing", format!("the indicator table names project \"{name}\" (line {}), which is not in the project table", ind.line)),
        }
    }
}
