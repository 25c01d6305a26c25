//! The records a correct reader must output, with the tool's own field
//! names (`crates/records/src/model.rs`), so that the tool's JSON Lines
//! read straight into these types: fields that are not scored are ignored.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One record, of the kinds that are scored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Expected {
    /// A project with its amounts.
    Project(Project),
    /// A performance indicator.
    Indicator(Indicator),
    /// A budget line item.
    LineItem(LineItem),
    /// Documents and diagnostics: not scored.
    #[serde(other)]
    Other,
}

/// A project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Project {
    /// Name.
    pub name: String,
    /// Spending unit, or null.
    pub department: Option<String>,
    /// 一级项目, or null.
    pub parent: Option<String>,
    /// Amounts, in print order.
    pub amounts: Vec<Amount>,
}

/// An amount of a project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Amount {
    /// The column header or form label.
    pub label: String,
    /// As printed, without grouping separators.
    pub value: String,
    /// `万元` or `元`.
    pub unit: String,
}

/// A performance indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    /// Project name, or null.
    pub project: Option<String>,
    /// Spending unit, or null.
    pub department: Option<String>,
    /// `annual` or `overall`.
    pub scope: String,
    /// 一级指标.
    pub level1: Option<String>,
    /// 二级指标.
    pub level2: Option<String>,
    /// 三级指标.
    pub name: String,
    /// Comparison: `>=`, `<=`, `=`, `>`, `<`, `qualitative`, or null.
    pub op: Option<String>,
    /// Target value.
    pub value: String,
    /// Unit, or null.
    pub unit: Option<String>,
}

/// A budget line item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineItem {
    /// Title of the table.
    pub table: String,
    /// 科目编码, or null.
    pub code: Option<String>,
    /// Row label as printed (normalized), ordinal included.
    pub label: String,
    /// Row label without its ordinal.
    pub name: String,
    /// `income`, `expenditure` or null.
    pub side: Option<String>,
    /// Column header → amount as printed without grouping separators.
    pub values: BTreeMap<String, String>,
}

/// Reads records from JSON Lines (the tool's output or an `.expected.jsonl`
/// file); kinds that are not scored are dropped.
pub fn read_jsonl(text: &str) -> Result<Vec<Expected>, serde_json::Error> {
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let record: Expected = serde_json::from_str(line)?;
        if record != Expected::Other {
            out.push(record);
        }
    }
    Ok(out)
}

/// Writes records as JSON Lines.
pub fn to_jsonl(records: &[Expected]) -> String {
    let mut out = String::new();
    for r in records {
        out.push_str(&serde_json::to_string(r).expect("plain data serializes"));
        out.push('\n');
    }
    out
}

/// The tool's records, read through their JSON so that the field names are
/// the ones users see.
pub fn from_tool(records: &[budget_records::Record]) -> Vec<Expected> {
    records
        .iter()
        .filter(|r| matches!(r, budget_records::Record::Project(_) | budget_records::Record::Indicator(_) | budget_records::Record::LineItem(_)))
        .map(|r| {
            let value = serde_json::to_value(r).expect("records serialize");
            serde_json::from_value(value).expect("the tool's records carry the scored fields")
        })
        .collect()
}
