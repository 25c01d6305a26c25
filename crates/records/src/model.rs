//! The record types. They read back from their own JSON (incremental runs
//! reuse earlier output), so every field serializes losslessly.
use std::borrow::Cow;
use std::sync::Arc;

use budget_normalize::Texts;
use serde::{Deserialize, Serialize};

/// One output record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Record {
    /// The input file itself.
    Document(Document),
    /// A project with its amounts.
    Project(Project),
    /// A performance indicator.
    Indicator(Indicator),
    /// A budget line item.
    LineItem(LineItem),
    /// Something the user should know: an error, a repair, a check.
    Diagnostic(Diagnostic),
}

/// The input file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The input path as given.
    pub source: Arc<str>,
    /// Always null: a document has no single line.
    pub line: Option<u32>,
    /// `text` for a text dump, `pdf` for a PDF.
    pub format: String,
    /// Detected encoding of a text dump; null for a PDF or an unreadable file.
    pub encoding: Option<String>,
    /// Number of pages of a PDF (absent for text dumps).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<u32>,
    /// Number of lines read.
    pub lines: u32,
    /// Titles of the tables found, in order.
    pub tables: Vec<String>,
    /// The money unit of each table (`万元` / `元`, or null), in the order
    /// of `tables`.
    pub table_units: Vec<Option<String>>,
    /// Fiscal year the document is about, from its title or headings.
    pub year: Option<u16>,
    /// `预算` (budget) or `决算` (final accounts), when the document says.
    pub budget_kind: Option<String>,
    /// `部门` (a department's consolidated budget) or `单位` (one unit's).
    pub scope: Option<String>,
    /// The department or unit the document is about.
    pub body: Option<String>,
    /// The province, city or district its title names.
    pub region: Option<String>,
}

/// A project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Project {
    /// The input path as given.
    pub source: Arc<str>,
    /// First line the project appears on.
    pub line: u32,
    /// PDF page of the row (absent for text dumps).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Box of the row on its PDF page: left, top, right, bottom in points
    /// from the top-left corner (absent for text dumps).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[f32; 4]>,
    /// Project name (canonical spelling).
    pub name: String,
    /// Spending unit, or null.
    pub department: Option<String>,
    /// 一级项目, or null.
    pub parent: Option<String>,
    /// Amounts.
    pub amounts: Vec<Amount>,
    /// Annual goal text, or null.
    pub goal: Option<String>,
    /// Other spellings of the name seen in the document.
    pub variants: Vec<String>,
    /// Other labelled fields of the project (forms: 项目性质, 计划开始日期 …).
    pub attributes: serde_json::Map<String, serde_json::Value>,
    /// Every line the project's rows are on.
    pub lines: Vec<u32>,
    /// Repairs applied to this record.
    pub repairs: Vec<String>,
}

/// An amount of money.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Amount {
    /// What the amount is (the column header or form label).
    pub label: String,
    /// As printed, without grouping separators.
    pub value: String,
    /// `万元` or `元`.
    pub unit: String,
    /// Exact amount in yuan, as a decimal string.
    pub yuan: String,
}

/// A performance indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    /// The input path as given.
    pub source: Arc<str>,
    /// Line of the row.
    pub line: u32,
    /// PDF page of the row (absent for text dumps).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Box of the row on its PDF page: left, top, right, bottom in points
    /// from the top-left corner (absent for text dumps).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[f32; 4]>,
    /// Project name, or null when the row cannot be attributed. This and
    /// the department and 一级/二级指标 are shared between the indicators
    /// of a project rather than copied into each.
    pub project: Option<Arc<str>>,
    /// Spending unit, or null.
    pub department: Option<Arc<str>>,
    /// `annual` or `overall`. This, the comparison and the other fields
    /// that hold one of a few fixed words are borrowed words when built
    /// (`Cow::Borrowed`), not a copy per record.
    pub scope: Cow<'static, str>,
    /// 一级指标, or null.
    pub level1: Option<Arc<str>>,
    /// 二级指标, or null.
    pub level2: Option<Arc<str>>,
    /// 三级指标: the indicator's own name.
    pub name: String,
    /// Comparison, or null.
    pub op: Option<Cow<'static, str>>,
    /// Target value.
    pub value: String,
    /// Unit, or null.
    pub unit: Option<String>,
    /// Weight, or null.
    pub weight: Option<f64>,
    /// The original cells of the row.
    pub raw: Texts,
    /// Repairs applied to this record.
    pub repairs: Vec<String>,
}

/// A budget line item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineItem {
    /// The input path as given.
    pub source: Arc<str>,
    /// Line of the row.
    pub line: u32,
    /// PDF page of the row (absent for text dumps).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Box of the row on its PDF page: left, top, right, bottom in points
    /// from the top-left corner (absent for text dumps).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[f32; 4]>,
    /// Title of the table, as printed (without its number).
    pub table: String,
    /// The table's printed number (`表3`, `公开01表`), or null.
    pub table_number: Option<String>,
    /// This item's number among the document's line items, from 1 in
    /// output order: what `parent` refers to.
    pub item: u32,
    /// 科目编码, or null.
    pub code: Option<String>,
    /// Row label as printed, ordinal included (`一、财政拨款收入`).
    pub label: String,
    /// Row label without its ordinal.
    pub name: String,
    /// Depth in the table: 0 for a total row (合计, 总计), 1 for the top
    /// level, 2 for its children, and so on.
    pub level: u8,
    /// `item` of the enclosing line item, or null at the top level.
    pub parent: Option<u32>,
    /// `income`, `expenditure` or null.
    pub side: Option<Cow<'static, str>>,
    /// Column header → decimal string.
    pub values: serde_json::Map<String, serde_json::Value>,
    /// `万元` or `元`.
    pub unit: Option<String>,
    /// Whether every identity the table states (合计 rows, parent codes,
    /// 收入 = 支出) held; null when the table states none.
    pub verified: Option<bool>,
    /// Repairs applied to this record.
    pub repairs: Vec<String>,
}

/// Severity of a diagnostic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The file or a part of it could not be used.
    Error,
    /// Something is wrong or doubtful.
    Warning,
    /// For the record.
    Info,
}

impl Severity {
    /// The severity as spelled in the JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A diagnostic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The input path as given.
    pub source: Arc<str>,
    /// First line concerned, or null for the whole file.
    pub line: Option<u32>,
    /// PDF page of the row (absent for text dumps).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Box of the row on its PDF page: left, top, right, bottom in points
    /// from the top-left corner (absent for text dumps).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[f32; 4]>,
    /// All lines concerned.
    pub lines: Vec<u32>,
    /// Severity.
    pub severity: Severity,
    /// Kebab-case code.
    pub code: Cow<'static, str>,
    /// A sentence a researcher understands.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic about `lines` (the first is its `line`; none for the
    /// whole file), placed on its PDF page later from its line.
    pub fn new(source: &Arc<str>, lines: Vec<u32>, severity: Severity, code: impl Into<Cow<'static, str>>, message: String) -> Diagnostic {
        Diagnostic { source: Arc::clone(source), line: lines.first().copied(), page: None, bbox: None, lines, severity, code: code.into(), message }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severities_are_spelled_as_in_json() {
        for s in [Severity::Error, Severity::Warning, Severity::Info] {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
    }
}
