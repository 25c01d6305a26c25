//! Rows that carry an amount but ended in no record.
//!
//! A table row with a figure is what users came for: when the reader does
//! not turn it into a line item, a project or an indicator (an unrecognised
//! table, a row the reader could not split), the document record alone would
//! not show it. This names those rows in one warning, `amount-rows-unused`,
//! and the scorecard counts them against the rows that were used.
//!
//! A figure in running text is not a table row: narrative split around its
//! figures (`支出决算为 | 1092.80 | 万元，完成…`), and numbered list rows
//! (`1 | 某某单位(本级)`) are left out, so the warning names table rows only.
use std::sync::Arc;

use budget_grammar::is_amount;
use budget_layout::{Layout, TableKind};
use budget_normalize::Row;

use crate::{Diagnostic, Severity};

/// True when a row carries a figure the way a table row does.
pub fn carries_amount(row: &Row) -> bool {
    // Asked of every row no record used: most hold no figure, and a figure
    // is told at a cell's first byte, so that test goes first.
    if !row.texts().any(is_amount) || budget_layout::is_filler(row) {
        return false;
    }
    let mut amounts = 0;
    let mut small_integers = 0;
    for t in row.texts() {
        if is_amount(t) {
            amounts += 1;
            if t.bytes().all(|b| b.is_ascii_digit()) && (t.len() <= 4 || row.filled() == 1) {
                small_integers += 1;
            }
        } else if is_prose_piece(t) {
            return false;
        }
    }
    // A lone small integer is a sequence number, a year or a page number; a
    // lone longer one, a telephone number under a signature.
    !(amounts == 1 && small_integers == 1)
}

/// A piece of a sentence: sentence punctuation, or the unit or word that
/// follows a figure in running text.
fn is_prose_piece(t: &str) -> bool {
    t.contains(['，', ',', '。', '；', ';', '：', ':']) || ["万元", "元", "年", "个", "%", "家"].iter().any(|p| t.starts_with(p))
}

/// The warning naming rows that carry an amount and ended in no record,
/// and one `table-not-recognised` warning per run of them. `records` are
/// the lines that gave a record.
pub(crate) fn amount_rows_unused(source: &Arc<str>, rows: &[Row], layout: &Layout, records: impl Iterator<Item = u32>) -> Vec<Diagnostic> {
    let lines = records
        .chain(layout.totals.iter().map(|t| t.line))
        // A form's rows are read into its project's fields.
        .chain(layout.tables.iter().filter(|t| t.kind == TableKind::Form).flat_map(|t| t.header_lines.iter().copied()));
    let used = crate::line_flags(rows, lines);
    let missing: Vec<u32> = rows.iter().filter(|r| !used[r.line as usize] && carries_amount(r)).map(|r| r.line).collect();
    let mut out: Vec<Diagnostic> = unrecognised_tables(source, &missing, layout);
    let message = format!(
        "{} rows carry an amount but gave no line item, project or indicator (each is also named by the diagnostic that says why)",
        missing.len()
    );
    out.extend((!missing.is_empty()).then(|| Diagnostic::new(source, missing, Severity::Warning, "amount-rows-unused", message)));
    out
}

/// Runs of at least this many unused amount rows, no more than
/// [`RUN_GAP`] lines apart, are a table the reader did not recognise.
const RUN_ROWS: usize = 3;
const RUN_GAP: u32 = 3;

/// A `table-not-recognised` warning for each run of rows dense with
/// amounts that no table took, naming the short line above it (its title,
/// as printed) so the user can find it.
fn unrecognised_tables(source: &Arc<str>, missing: &[u32], layout: &Layout) -> Vec<Diagnostic> {
    let mut runs: Vec<Vec<u32>> = Vec::new();
    for &line in missing {
        match runs.last_mut() {
            Some(run) if line - run[run.len() - 1] <= RUN_GAP => run.push(line),
            _ => runs.push(vec![line]),
        }
    }
    runs.into_iter()
        .filter(|run| run.len() >= RUN_ROWS)
        .map(|run| {
            let title = layout.prose.iter().rev().find(|p| p.line < run[0] && p.text.chars().count() <= 40).map(|p| p.text.as_str());
            let message = format!(
                "{} rows dense with amounts (lines {}-{}) belong to no recognised table{}",
                run.len(),
                run[0],
                run[run.len() - 1],
                title.map(|t| format!("; the line above them reads \"{t}\"")).unwrap_or_default()
            );
            Diagnostic::new(source, run, Severity::Warning, "table-not-recognised", message)
        })
        .collect()
}

/// Words by which a narrative says its tables are published in another
/// file: `公开表附后`, `具体公开表样附后`, `详见附件`, `附件:…公开表`.
fn says_tables_elsewhere(text: &str) -> bool {
    // Asked of every prose line of a file without budget tables: a search
    // for 附 first rules out nearly all of them.
    text.contains('附')
        && ((text.contains("附后") && text.contains('表')) || text.contains("见附件") || (text.starts_with("附件") && text.contains('表')))
}

/// An `info` for a document with no budget table whose text says its
/// tables are published separately, so that an empty result is explained.
pub(crate) fn tables_elsewhere(source: &Arc<str>, layout: &Layout) -> Option<Diagnostic> {
    if layout.tables.iter().any(|t| matches!(t.kind, TableKind::Budget | TableKind::TwoSided)) {
        return None;
    }
    let prose = layout.prose.iter().find(|p| says_tables_elsewhere(&p.text))?;
    let message = format!("this file holds no budget table; its text says the tables are published separately: \"{}\"", prose.text);
    Some(Diagnostic::new(source, vec![prose.line], Severity::Info, "tables-published-separately", message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_rows_carry_amounts_and_prose_pieces_do_not() {
        let carries = |cells: &[&str]| carries_amount(&Row::new(1, cells));
        assert!(carries(&["201", "一般公共服务支出", "22,395.50"]));
        assert!(carries(&["合计", "", "27,664.22"]));
        assert!(carries(&["", "", "十一、城乡社区支出", "3845.25"]));
        assert!(carries(&["12", "34"]), "two integers are figures");
        assert!(!carries(&["1115.48", "万元,支出决算为", "1092.80"]));
        assert!(!carries(&["业单位养老保险支出。年初预算为", "452.40"]));
        assert!(!carries(&["1", "东海市南湖区某某局(本级)", ""]), "a numbered list row");
        assert!(!carries(&["12"]), "a page number");
        assert!(!carries(&["84119169"]), "a telephone number");
        assert!(!carries(&["**", "1", "2", "3"]), "column numbers");
        assert!(!carries(&["第二部分", "东海市某局", "2024", "年度部门决算"]));
        assert!(!carries(&["项目名称", "金额"]));
    }

    #[test]
    fn a_narrative_that_points_to_its_tables() {
        for text in ["2019年部门预算公开表附后", "具体公开表样附后", "详见附件", "附件:某某厅2019年度部门预算公开表"] {
            assert!(says_tables_elsewhere(text), "{text}");
        }
        for text in ["附件", "收支预算总表", "资产附后说明"] {
            assert!(!says_tables_elsewhere(text), "{text}");
        }
    }
}
