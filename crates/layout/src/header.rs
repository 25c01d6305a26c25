//! Table headers: recognising header rows by their vocabulary and merging a
//! header that takes several lines (group titles over their columns) into
//! one list of columns.
//!
//! A group title sits on an upper line over the columns it spans: from its
//! own column up to the next non-empty cell of that line, as long as a lower
//! line names columns inside the span (`绩效指标` over `一级指标 … 计量单位`,
//! `基本支出` over `人员支出 公用经费`). The name a column is known by is its
//! lowest text (the leaf); the group is kept in its label only where the leaf
//! alone would be ambiguous (`本年收入/小计`).
use budget_grammar::{header_field, is_amount, Field, Scope};
use budget_normalize::Row;

use crate::TableKind;

/// One column of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// What the column holds, when its header is vocabulary.
    pub field: Option<Field>,
    /// Label for output (leaf, or `group/leaf` when the leaf is ambiguous).
    pub label: String,
    /// Unit of money given in the header (`预算金额(万元)`).
    pub unit: Option<String>,
}

/// A merged header.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// Columns, left to right.
    pub columns: Vec<Column>,
    /// Lines the header took.
    pub lines: Vec<u32>,
    /// Normalized texts of the header rows, to recognise a repeated header.
    pub signature: Vec<Vec<String>>,
    /// The side (收入 `true` / 支出 `false`) a group title over each column
    /// names, when one does.
    pub sides: Vec<Option<bool>>,
}

/// True when some cell of `row` is header vocabulary.
fn has_vocabulary(row: &Row) -> bool {
    row.texts().any(|t| header_field(t).is_some())
}

/// True when a row can only be a header: at least two vocabulary cells, they
/// are two thirds of the row or more, and no cell is a number (data rows
/// carry numbers; column-number rows are recognised separately).
pub fn is_header_row(row: &Row) -> bool {
    // A figure rules a row out for a few instructions a cell (text cells
    // stop at their first byte), where asking the vocabulary costs hundreds:
    // most data rows hold one. Empty cells hold none, and are skipped.
    if row.texts().any(is_amount) {
        return false;
    }
    let filled = row.filled();
    let (mut vocab, mut other) = (0, 0);
    for t in row.texts() {
        if header_field(t).is_some() {
            vocab += 1;
        } else {
            other += 1;
            // Every row of every table is asked: a data row is told apart
            // after a few of its cells.
            if other * 3 > filled {
                return false;
            }
        }
    }
    vocab >= 2
}

/// True when a row may continue a header begun above: no numbers, and
/// header words in at least half its cells (a lone unknown word below a
/// header is a data row, such as a group row naming a unit; so is a row of
/// names and words whose project name happens to end in a column word such
/// as 经费).
pub fn continues_header(row: &Row) -> bool {
    // A lone 合计 under a header is the total row of an empty table.
    let lone_total = row.filled() == 1 && row.cell_texts().any(crate::budget::is_total_label);
    let words = || row.texts().filter(|t| header_field(t).is_some()).count();
    !row.is_blank() && !lone_total && !row.texts().any(is_amount) && has_vocabulary(row) && 2 * words() >= row.filled()
}

/// True when a row may sit above a header as part of it: no numbers, and
/// header words or only short cells (group titles, wrapped header words).
pub fn precedes_header(row: &Row) -> bool {
    !row.is_blank()
        && !row.texts().any(is_amount)
        && (has_vocabulary(row) || row.cell_texts().all(|t| t.chars().count() <= 12))
}

fn unit_in_header(s: &str) -> Option<String> {
    if s.ends_with("(万元)") {
        Some("万元".into())
    } else if s.ends_with("(元)") {
        Some("元".into())
    } else {
        None
    }
}

fn strip_unit(s: &str) -> &str {
    s.strip_suffix("(万元)").or_else(|| s.strip_suffix("(元)")).unwrap_or(s)
}

/// A group title over a row-label column covers that label's money columns
/// too, up to the next label column. Some tables rule the second group's
/// cell one column early (`功能分类` over `功能科目名称` alone, `支出用途` over
/// `金额 | 项目名称 | 金额`): the first 金额 is still the 功能分类 amount, and
/// the two 金额 columns must not share one name.
fn keep_money_with_its_label(columns: &[Column], groups: &mut [Option<String>]) {
    let is_label = |c: usize| matches!(columns[c].field, Some(Field::Label | Field::Project));
    let labels: Vec<usize> = (0..columns.len()).filter(|&c| is_label(c)).collect();
    for (k, &l) in labels.iter().enumerate() {
        let Some(group) = groups[l].clone() else { continue };
        let next = labels.get(k + 1).copied().unwrap_or(columns.len());
        for c in l + 1..next {
            let other = groups[c].clone();
            // Only a group that has a label column of its own further right.
            let owns_later_label = other.as_ref().is_some_and(|o| o != &group && labels.iter().any(|&m| m > c && groups[m].as_ref() == Some(o)));
            if columns[c].field == Some(Field::Amount) && owns_later_label {
                groups[c] = Some(group.clone());
            }
        }
    }
}

impl Header {
    /// Merges header rows (top to bottom) into columns.
    pub fn build(rows: &[&Row]) -> Header {
        let width = rows.iter().map(|r| r.len()).max().unwrap_or(0);
        let mut leaf: Vec<Option<(usize, String)>> = vec![None; width];
        for (i, row) in rows.iter().enumerate() {
            for (c, text) in row.cell_texts().enumerate() {
                if !text.is_empty() {
                    leaf[c] = Some((i, text.to_owned()));
                }
            }
        }
        let mut groups = group_titles(rows, &leaf, width);
        let mut columns: Vec<Column> = (0..width)
            .map(|c| {
                let text = leaf[c].as_ref().map(|(_, t)| t.as_str()).unwrap_or("");
                Column { field: header_field(text), label: strip_unit(text).to_string(), unit: unit_in_header(text) }
            })
            .collect();
        keep_money_with_its_label(&columns, &mut groups);
        qualify_ambiguous_labels(&mut columns, &groups);
        resolve_unit_columns(&mut columns);
        Header {
            sides: sides(rows, width),
            columns,
            lines: rows.iter().map(|r| r.line).collect(),
            signature: rows.iter().map(|r| r.cell_texts().map(str::to_owned).collect()).collect(),
        }
    }

    /// The label columns that start a part of the table: each has money
    /// columns of its own before the next. Label columns without (专项名称 |
    /// 经济科目 | 采购物品名称) are levels of one hierarchy, not parts.
    pub(crate) fn row_labels(&self, budget_title: bool) -> Vec<usize> {
        let labels: Vec<usize> = (0..self.columns.len()).filter(|&c| self.is_row_label(c, budget_title)).collect();
        labels
            .iter()
            .enumerate()
            .filter(|&(i, &l)| {
                let end = labels.get(i + 1).copied().unwrap_or(self.columns.len());
                (l + 1..end).any(|c| self.columns[c].field == Some(Field::Amount))
            })
            .map(|(_, &l)| l)
            .collect()
    }

    /// Whether a column is the row label of a side of the table: 科目名称 /
    /// 项目, and 项目名称 where the table is a budget table (a standard
    /// title, or 收入 / 支出 over the header), not a list of projects.
    pub(crate) fn is_row_label(&self, c: usize, budget_title: bool) -> bool {
        match self.columns[c].field {
            Some(Field::Label) => true,
            Some(Field::Project) => budget_title || self.sides.iter().any(Option::is_some),
            _ => false,
        }
    }

    /// Index of the first column with this field.
    pub fn find(&self, f: &Field) -> Option<usize> {
        self.columns.iter().position(|c| c.field.as_ref() == Some(f))
    }

    /// Index of the first column whose field satisfies `pred`.
    pub fn find_by(&self, pred: impl Fn(&Field) -> bool) -> Option<usize> {
        self.columns.iter().position(|c| c.field.as_ref().is_some_and(&pred))
    }

    /// True when the row repeats this header (a page-break header).
    pub fn is_repeated_by(&self, row: &Row) -> bool {
        let texts = row.texts();
        texts.clone().next().is_some()
            && self.signature.iter().any(|line| line.iter().map(String::as_str).filter(|t| !t.is_empty()).eq(texts.clone()))
    }

    /// What kind of table this header announces, under a title that is
    /// (`budget_title`) or is not a standard budget table's.
    pub fn kind(&self, budget_title: bool) -> Option<TableKind> {
        let has = |p: &dyn Fn(&Field) -> bool| self.find_by(p).is_some();
        let indicator_name = has(&|f| matches!(f, Field::Name(_)));
        let value = has(&|f| matches!(f, Field::Value(_)));
        if indicator_name && value {
            return Some(TableKind::Indicators);
        }
        // Row labels repeated across the page: sides (收入 | 支出), or one
        // table printed two or three times side by side (人员经费 | 公用经费).
        let labels = self.row_labels(budget_title).len();
        if labels >= 2 {
            return Some(TableKind::TwoSided);
        }
        if has(&|f| matches!(f, Field::Code | Field::CodePart(_))) {
            return Some(TableKind::Budget);
        }
        if has(&|f| matches!(f, Field::Side(_))) {
            return Some(TableKind::TwoSided);
        }
        let amounts = has(&|f| *f == Field::Amount);
        if has(&|f| *f == Field::Project) && amounts && !budget_title {
            return Some(TableKind::Projects);
        }
        let any_label = (0..self.columns.len()).any(|c| self.is_row_label(c, budget_title));
        if amounts && (any_label || has(&|f| *f == Field::Department)) {
            return Some(TableKind::Budget);
        }
        // A header of money columns only (a one-row summary such as a
        // “三公” table) is a budget table whose rows have no label.
        let money = self.columns.iter().filter(|c| c.field == Some(Field::Amount)).count();
        let others = self.columns.iter().filter(|c| c.field.is_some() && c.field != Some(Field::Amount)).count();
        if money >= 2 && others == 0 {
            return Some(TableKind::Budget);
        }
        None
    }

    /// The header with a blank column inserted before column `at`: its
    /// columns from `at` on name the data one column further right.
    pub(crate) fn with_blank_at(&self, at: usize) -> Header {
        let mut h = self.clone();
        h.columns.insert(at, Column { field: None, label: String::new(), unit: None });
        h.sides.insert(at, None);
        h
    }

    /// The header without column `at`: its columns after it name the data
    /// one column further left.
    pub(crate) fn without(&self, at: usize) -> Header {
        let mut h = self.clone();
        h.columns.remove(at);
        h.sides.remove(at);
        h
    }

    /// Scopes of the indicator blocks, in column order (one `None` for a
    /// single-block table).
    pub fn scopes(&self) -> Vec<Option<Scope>> {
        let mut out: Vec<Option<Scope>> = Vec::new();
        for c in &self.columns {
            if let Some(Field::Name(s)) = c.field {
                if !out.contains(&s) {
                    out.push(s);
                }
            }
        }
        out
    }
}

/// The group title over each column: the lowest title whose span holds it.
/// A title spans from its own column up to the next filled cell of its line
/// or of any line above it, since titles nest. In a text dump a wrapped
/// label head alone on its line (`部门预算经济分类科目` over `编码`) has no
/// cell after it on its line, and must not take the columns of the group
/// titles beside it.
fn group_titles(rows: &[&Row], leaf: &[Option<(usize, String)>], width: usize) -> Vec<Option<String>> {
    // The first line that fills each column.
    let top: Vec<usize> = (0..width).map(|j| rows.iter().position(|r| !r.text(j).is_empty()).unwrap_or(rows.len())).collect();
    let mut groups: Vec<Option<String>> = vec![None; width];
    for (i, row) in rows.iter().enumerate() {
        for c in 0..row.len() {
            let text = row.text(c);
            if text.is_empty() {
                continue;
            }
            let end = (c + 1..width).find(|&j| top[j] <= i).unwrap_or(width);
            let below = |j: usize| leaf[j].as_ref().is_some_and(|(li, _)| *li > i);
            for j in (c..end).filter(|&j| below(j)) {
                groups[j] = Some(text.to_string());
            }
        }
    }
    groups
}

/// The side each column is under: a 收入 / 支出 cell of a header row spans
/// its column up to the next filled cell of that row.
fn sides(rows: &[&Row], width: usize) -> Vec<Option<bool>> {
    let mut out = vec![None; width];
    for row in rows {
        for c in 0..row.len() {
            if let Some(Field::Side(side)) = header_field(row.text(c)) {
                let end = (c + 1..width).find(|&j| !row.text(j).is_empty()).unwrap_or(width);
                out[c..end].iter_mut().for_each(|s| *s = Some(side));
            }
        }
    }
    out
}

/// `小计` alone says nothing, and two `其他资金` columns must not share a
/// label: such leaves keep their group title.
fn qualify_ambiguous_labels(columns: &mut [Column], groups: &[Option<String>]) {
    let labels: Vec<String> = columns.iter().map(|c| c.label.clone()).collect();
    for (i, col) in columns.iter_mut().enumerate() {
        let repeated = labels.iter().filter(|l| **l == col.label).count() > 1;
        let vague = matches!(col.label.as_str(), "小计" | "合计" | "计");
        if let (true, Some(g)) = (repeated || vague, &groups[i]) {
            if *g != col.label {
                col.label = format!("{}/{}", strip_unit(g), col.label);
            }
        }
    }
}

/// A bare `单位` header right after a value column is the unit of measure,
/// not the spending unit.
fn resolve_unit_columns(columns: &mut [Column]) {
    for i in 1..columns.len() {
        if columns[i].field == Some(Field::Department) && columns[i].label == "单位" {
            if let Some(Field::Value(s)) = columns[i - 1].field {
                columns[i].field = Some(Field::Unit(s));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The column labels of the header these rows make.
    fn labels(rows: &[Row]) -> Vec<String> {
        Header::build(&rows.iter().collect::<Vec<_>>()).columns.into_iter().map(|c| c.label).collect()
    }

    #[test]
    fn a_group_ruled_one_column_early_does_not_take_the_money_of_the_label_before_it() {
        let rows = [
            Row::new(1, ["收入", "", "支出", "", "", ""]),
            Row::new(2, ["项目名称", "金额", "功能分类", "支出用途", "", ""]),
            Row::new(3, ["", "", "功能科目名称", "金额", "项目名称", "金额"]),
        ];
        let got = labels(&rows);
        assert_eq!(got[3], "功能分类/金额");
        assert_eq!(got[5], "支出用途/金额");
    }

    #[test]
    fn a_label_head_alone_on_its_line_does_not_take_the_group_beside_it() {
        // A text dump puts a wrapped row-label head on a line of its own;
        // nothing after it on that line ends its span.
        let rows = [
            Row::new(1, ["", "项目", "", "一般公共预算支出", "", ""]),
            Row::new(2, ["经济分类科目", "", "", "", "", ""]),
            Row::new(3, ["编码", "", "科目名称", "合计", "人员经费", "公用经费"]),
        ];
        let got = labels(&rows);
        assert_eq!(got[3], "一般公共预算支出/合计");
        // A lower title nested in a higher one still names its columns.
        let rows = [
            Row::new(1, ["支出", "", "", ""]),
            Row::new(2, ["基本支出", "", "项目支出", ""]),
            Row::new(3, ["合计", "人员经费", "合计", "其他"]),
        ];
        let got = labels(&rows);
        assert_eq!(got[0], "基本支出/合计");
        assert_eq!(got[2], "项目支出/合计");
    }
}
