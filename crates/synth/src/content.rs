//! The invented truth of one document: its department, projects with
//! amounts and indicators, and a budget tree whose totals add up. Layouts
//! print this truth; the expected records are read off it, never off the
//! printed text.
use rand::seq::IndexedRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::vocab::{self, Fit};

/// The random source every generator step draws from.
pub type Rng8 = ChaCha8Rng;

/// Picks one element of a non-empty slice.
pub fn pick<'a, T>(rng: &mut Rng8, items: &'a [T]) -> &'a T {
    items.choose(rng).expect("word lists are not empty")
}

/// Money in hundredths of the unit (分 of 元 or of 万元), so sums are exact.
pub type Cents = i64;

/// Prints an amount with two decimals, optionally with thousands separators.
pub fn money(c: Cents, grouped: bool) -> String {
    let (int, frac) = (c / 100, c % 100);
    let digits = int.to_string();
    if !grouped {
        return format!("{digits}.{frac:02}");
    }
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{out}.{frac:02}")
}

/// One performance indicator and the ways a table may print its target.
#[derive(Debug, Clone)]
pub struct Indicator {
    /// 一级指标.
    pub level1: &'static str,
    /// 二级指标.
    pub level2: &'static str,
    /// 三级指标.
    pub name: String,
    /// The printed cells and the reading a correct reader must give.
    pub target: Target,
}

/// A target as printed in two styles: split over comparison / value / unit
/// columns, or merged into one value cell. Both read the same.
#[derive(Debug, Clone)]
pub struct Target {
    /// Comparison cell (may be empty).
    pub op_cell: String,
    /// Value cell beside a comparison column.
    pub value_cell: String,
    /// Unit cell (may be empty).
    pub unit_cell: String,
    /// The one cell of tables without comparison and unit columns.
    pub merged: String,
    /// Expected comparison (`>=`, `qualitative` …).
    pub op: Option<&'static str>,
    /// Expected value.
    pub value: String,
    /// Expected unit.
    pub unit: Option<String>,
}

/// A project.
#[derive(Debug, Clone)]
pub struct Project {
    /// Name (unique in the document).
    pub name: String,
    /// Spending unit.
    pub department: String,
    /// 一级项目.
    pub parent: &'static str,
    /// Amount by funding source, in hundredths of 万元, same order as
    /// [`vocab::SOURCES`]; zero when the source gives nothing.
    pub sources: Vec<Cents>,
    /// Annual goal sentence.
    pub goal: String,
    /// Annual indicators.
    pub indicators: Vec<Indicator>,
    /// Overall (multi-year) indicators, as many as the annual ones.
    pub overall: Vec<Indicator>,
}

impl Project {
    /// Total of the funding sources.
    pub fn total(&self) -> Cents {
        self.sources.iter().sum()
    }
}

/// One 项 (7-digit code) row of the budget: basic and project spending.
#[derive(Debug, Clone)]
pub struct BudgetLeaf {
    /// 类, 款 and 项 codes and names.
    pub path: [(&'static str, &'static str); 3],
    /// 基本支出, split into 人员经费 and 公用经费 (hundredths of 万元).
    pub basic: (Cents, Cents),
    /// 项目支出.
    pub project: Cents,
}

/// Everything a document says.
#[derive(Debug, Clone)]
pub struct Content {
    /// Fiscal year.
    pub year: u16,
    /// The department the document is about.
    pub department: String,
    /// Projects, each with its own spending unit.
    pub projects: Vec<Project>,
    /// Budget rows, in code order.
    pub budget: Vec<BudgetLeaf>,
    /// Income lines of the two-sided table: (label, amount); they add up to
    /// the budget's total.
    pub income: Vec<(&'static str, Cents)>,
}

/// Invents a document's content.
pub fn content(rng: &mut Rng8) -> Content {
    let year = rng.random_range(2021..=2026);
    let region = *pick(rng, vocab::REGIONS);
    let department = department(rng, region);
    let units: Vec<String> = (0..rng.random_range(1..=3)).map(|i| if i == 0 { department.clone() } else { self::department(rng, region) }).collect();
    let mut projects: Vec<Project> = Vec::new();
    for _ in 0..rng.random_range(2..=5) {
        let name = unique_project_name(rng, &projects);
        let unit = pick(rng, &units).clone();
        projects.push(project(rng, name, unit, year));
    }
    let budget = budget(rng);
    let total = budget.iter().map(|l| l.basic.0 + l.basic.1 + l.project).sum();
    let income = income(rng, total);
    Content { year, department, projects, budget, income }
}

/// A department name: region + body + suffix.
fn department(rng: &mut Rng8, region: &str) -> String {
    format!("{region}{}{}", pick(rng, vocab::BODIES), pick(rng, vocab::DEPT_SUFFIXES))
}

/// A project name not used yet in the document.
fn unique_project_name(rng: &mut Rng8, taken: &[Project]) -> String {
    loop {
        let mut name = format!("{}{}", pick(rng, vocab::OBJECTS), pick(rng, vocab::ACTIVITIES));
        if rng.random_bool(0.3) {
            name.push_str(*pick(rng, vocab::LONG_PARTS));
        }
        name.push_str(*pick(rng, vocab::PROJECT_ENDS));
        if !taken.iter().any(|p| p.name == name) {
            return name;
        }
    }
}

/// A project with funding and indicators.
fn project(rng: &mut Rng8, name: String, department: String, year: u16) -> Project {
    let mut sources = vec![0; vocab::SOURCES.len()];
    sources[0] = rng.random_range(5..5000) * 100 + rng.random_range(0..100);
    for s in sources.iter_mut().skip(1) {
        if rng.random_bool(0.3) {
            *s = rng.random_range(1..2000) * 100;
        }
    }
    let count = rng.random_range(3..=7);
    let annual = indicators(rng, count, year);
    let end = year + rng.random_range(1..=2);
    let overall = indicators(rng, count, end);
    let goal = format!("保障{}顺利实施，提升服务质量和管理水平。", name);
    Project { name, department, parent: *pick(rng, vocab::PARENTS), sources, goal, indicators: annual, overall }
}

/// `count` indicators of distinct names, grouped by level as tables print
/// them (all 产出 first, then 效益 …).
fn indicators(rng: &mut Rng8, count: usize, year: u16) -> Vec<Indicator> {
    let mut out: Vec<Indicator> = Vec::new();
    while out.len() < count {
        let (level1, level2s) = *pick(rng, vocab::LEVELS);
        let level2 = *pick(rng, level2s);
        let (stem, fit) = *pick(rng, vocab::measures(level2));
        let name = format!("{}{stem}", pick(rng, vocab::NAME_PREFIXES));
        if out.iter().any(|i| i.name == name) {
            continue;
        }
        out.push(Indicator { level1, level2, name, target: target(rng, fit, year) });
    }
    let rank = |l1: &str| vocab::LEVELS.iter().position(|(l, _)| *l == l1).unwrap_or(0);
    // A stable sort keeps the draw order inside each level pair.
    out.sort_by_key(|i| (rank(i.level1), i.level2));
    out
}

/// Comparison spellings a clean document uses, with their reading.
const OPS: &[(&str, &str)] = &[
    ("≥", ">="), ("≥", ">="), ("≥", ">="), (">=", ">="), ("大于等于", ">="), ("≤", "<="), ("小于等于", "<="), ("=", "="), ("等于", "="),
    (">", ">"), ("＞", ">"), ("<", "<"), ("＜", "<"),
];

/// A target of the kind `fit` calls for, printed both ways.
fn target(rng: &mut Rng8, fit: Fit, year: u16) -> Target {
    match fit {
        Fit::Count(units) => count_target(rng, units),
        Fit::Rate if rng.random_bool(0.25) => range_target(rng),
        Fit::Rate => rate_target(rng),
        Fit::Deadline => deadline_target(rng, year),
        Fit::Word => word_target(rng),
        Fit::Money => money_target(rng),
    }
}

/// `≥ | 100 | 人次`, merged `≥100人次`; or glued `100人次` with no comparison.
fn count_target(rng: &mut Rng8, units: &[&str]) -> Target {
    let unit = pick(rng, units).to_string();
    // A count of years stays small: `1969年` would be a year, a deadline.
    let n = if unit == "年" { rng.random_range(1..=10) } else { rng.random_range(1..2000) }.to_string();
    if rng.random_bool(0.25) {
        let glued = format!("{n}{unit}");
        return Target { op_cell: String::new(), value_cell: glued.clone(), unit_cell: String::new(), merged: glued, op: None, value: n, unit: Some(unit) };
    }
    let (sym, op) = *pick(rng, OPS);
    let merged = format!("{sym}{n}{unit}");
    Target { op_cell: sym.into(), value_cell: n.clone(), unit_cell: unit.clone(), merged, op: Some(op), value: n, unit: Some(unit) }
}

/// `≥ | 95 | %` or `(%)`, merged `≥95%`, `≥95(%)` or `不低于95%`.
fn rate_target(rng: &mut Rng8) -> Target {
    let n = if rng.random_bool(0.3) { format!("{}.00", rng.random_range(80..=100)) } else { rng.random_range(80..=100).to_string() };
    let unit_cell = if rng.random_bool(0.5) { "%" } else { "(%)" };
    let (sym, op) = if rng.random_bool(0.7) { ("≥", ">=") } else { *pick(rng, OPS) };
    let merged = match rng.random_range(0..3) {
        0 if op == ">=" => format!("不低于{n}%"),
        1 => format!("{sym}{n}(%)"),
        _ => format!("{sym}{n}%"),
    };
    Target { op_cell: sym.into(), value_cell: n.clone(), unit_cell: unit_cell.into(), merged, op: Some(op), value: n, unit: Some("%".into()) }
}

/// `90-100` with unit `%`: a range has no comparison.
fn range_target(rng: &mut Rng8) -> Target {
    let low = rng.random_range(60..95);
    let value = format!("{low}-100");
    Target {
        op_cell: String::new(),
        value_cell: value.clone(),
        unit_cell: "%".into(),
        merged: format!("{value}%"),
        op: None,
        value,
        unit: Some("%".into()),
    }
}

/// `2025年12月31日前`: a deadline reads as `<=` with the text as value.
fn deadline_target(rng: &mut Rng8, year: u16) -> Target {
    let month = rng.random_range(6..=12);
    let value = match rng.random_range(0..3) {
        0 => format!("{year}年{month}月底前"),
        1 => format!("{year}年{month}月前"),
        _ => format!("{year}年12月31日前"),
    };
    Target { op_cell: String::new(), value_cell: value.clone(), unit_cell: String::new(), merged: value.clone(), op: Some("<="), value, unit: None }
}

/// `定性 | 良好 |`: a word target.
fn word_target(rng: &mut Rng8) -> Target {
    let word = pick(rng, vocab::WORDS).to_string();
    let op_cell = if rng.random_bool(0.6) { "定性" } else { "" };
    Target { op_cell: op_cell.into(), value_cell: word.clone(), unit_cell: String::new(), merged: word.clone(), op: Some("qualitative"), value: word, unit: None }
}

/// `≤ | 400 | 元/天`, merged `≤400元/天`.
fn money_target(rng: &mut Rng8) -> Target {
    let n = (rng.random_range(2..80) * 10).to_string();
    let unit = pick(rng, vocab::RATE_UNITS).to_string();
    let merged = format!("≤{n}{unit}");
    Target { op_cell: "≤".into(), value_cell: n.clone(), unit_cell: unit.clone(), merged, op: Some("<="), value: n, unit: Some(unit) }
}

/// A budget of a few 项 rows drawn from the classification tree.
fn budget(rng: &mut Rng8) -> Vec<BudgetLeaf> {
    let mut leaves = Vec::new();
    for (c_code, c_name, kuans) in some(rng, vocab::CLASSES, 0.6) {
        for (k_code, k_name, xiangs) in some(rng, kuans, 0.7).into_iter().take(2) {
            for (x_code, x_name) in some(rng, xiangs, 0.7) {
                leaves.push(leaf(rng, [(c_code, c_name), (k_code, k_name), (x_code, x_name)]));
            }
        }
    }
    if leaves.is_empty() {
        let (c, n, k) = vocab::CLASSES[0];
        leaves.push(leaf(rng, [(c, n), (k[0].0, k[0].1), k[0].2[0]]));
    }
    leaves
}

/// Each item kept with probability `p`, in order.
fn some<T: Copy>(rng: &mut Rng8, items: &[T], p: f64) -> Vec<T> {
    items.iter().copied().filter(|_| rng.random_bool(p)).collect()
}

/// One 项 with random basic / project spending (one of them may be zero).
fn leaf(rng: &mut Rng8, path: [(&'static str, &'static str); 3]) -> BudgetLeaf {
    let mut draw = |p: f64| if rng.random_bool(p) { rng.random_range(1..500_000) } else { 0 };
    let (staff, office, project) = (draw(0.6), draw(0.5), draw(0.5));
    let project = if staff + office + project == 0 { 12_345 } else { project };
    BudgetLeaf { path, basic: (staff, office), project }
}

/// Income lines adding up to `total`: most from the general budget.
fn income(rng: &mut Rng8, total: Cents) -> Vec<(&'static str, Cents)> {
    let mut left = total;
    let mut out = Vec::new();
    for (i, label) in vocab::INCOME.iter().enumerate() {
        let amount = if i == 0 || !rng.random_bool(0.4) { 0 } else { rng.random_range(0..=left / 5) };
        left -= amount;
        out.push((*label, amount));
    }
    out[0].1 = left;
    out
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    use super::*;

    #[test]
    fn money_prints_two_decimals_with_optional_grouping() {
        assert_eq!(money(123_456_789, true), "1,234,567.89");
        assert_eq!(money(5, false), "0.05");
        assert_eq!(money(100_000, true), "1,000.00");
    }

    #[test]
    fn income_adds_up_to_the_budget() {
        for seed in 0..50 {
            let c = content(&mut Rng8::seed_from_u64(seed));
            let spent: Cents = c.budget.iter().map(|l| l.basic.0 + l.basic.1 + l.project).sum();
            assert_eq!(c.income.iter().map(|(_, v)| v).sum::<Cents>(), spent);
            assert!(c.income.iter().all(|(_, v)| *v >= 0));
        }
    }
}
