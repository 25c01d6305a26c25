//! Checking a table's columns against its header, and remapping a header
//! printed one cell off its data.
//!
//! # Advice for hackers
//!
//! A header row can carry one cell more or one fewer than the data before
//! the columns it names (a leading empty cell added or lost by the
//! converter, a header cell split in two, two merged into one). Then every
//! column from that point on maps one over, and the rows read as an
//! operator in the value column, a number in the unit column, a project in
//! the 一级指标 column: records that cannot be right, and no warning.
//!
//! Each column expects a type of content (a [`Slot`], the one the row
//! realignment uses); each cell has a type (`classify`, through the
//! document's [`KindCache`], so a table already typed costs lookups only).
//! A column *disagrees* when most of its filled cells misfit it. A table
//! none of whose columns disagrees is left alone: that is nearly every
//! table, and it costs one pass over its cells.
//!
//! When some column disagrees, the header is tried one cell over: a blank
//! column inserted before column `k` (from `k` on, the header names the
//! data one column right; `k = 0` shifts the whole header) or column `k`
//! dropped (after `k`, the header names the data one column left). A cell
//! under an inserted blank misfits (it would not be read), so no remap can
//! hide a column of misfits. The best candidate is kept when it is clearly
//! better and announces the same kind of table:
//! - at least two rows that misfit in place fit under it (a one-row table
//!   is too little evidence, and is left alone), four for every row it
//!   makes misfit, and the cells fit better in total; or
//! - the header is narrower than a quarter of its rows or more (cells
//!   beyond its last column: certainly off), the candidate spans them all,
//!   and it makes at least as many rows fit as misfit;
//! - in a budget table, every row must fit: its readers read by position
//!   only when all figures sit under money columns, and by type otherwise.
//!
//! Rows are compared by whether they fit in place, not by how much: a row
//! that lost its leading cells misfits under any header and is realigned
//! on its own, and seed 001 has 35 of them; scored by degree, they made a
//! remap that broke the project rows look best. A count of disagreeing
//! columns would not do either: seed 003 shifted half its rows on its own,
//! and with its header shifted left those rows fit the narrow header.
//!
//! Invariant: a remap moves header columns, never cells; the rows are read
//! as before, under the remapped header, and every record read from it
//! says so (`header-shifted`). Trade-off: rows that drift on their own are
//! left to the per-row realignment (`align`). Seed 003 lost one empty
//! funding cell on every row after a page break (29 rows of 54): dropping
//! that header column would fit those rows and break the 25 above, so the
//! four-to-one rule keeps its header, and its rows are realigned one by one.
//! When no remap fits and the realigned rows of an indicator table still
//! disagree with their columns, the table gets one `column-types-disagree`
//! warning rather than silent records.
use budget_grammar::Field;
use budget_normalize::Row;

use crate::align::{align_texts, column_slot, KindCache, Kinds, Slot, OUTSIDE};
use crate::header::Header;
use crate::TableKind;

/// A change of which data column each header column names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Remap {
    /// A blank column before column `k`: the header lost a cell there.
    Insert(usize),
    /// Column `k` dropped: the header has a cell too many there.
    Drop(usize),
}

impl Remap {
    fn apply(self, header: &Header) -> Header {
        match self {
            Remap::Insert(k) => header.with_blank_at(k),
            Remap::Drop(k) => header.without(k),
        }
    }

    /// What was done, in words, for the diagnostic.
    pub(crate) fn describe(self, header: &Header) -> String {
        let label = |k: usize| header.columns.get(k).map_or(String::new(), |c| c.label.clone());
        match self {
            Remap::Insert(0) => "the whole header moved one cell right".into(),
            Remap::Drop(0) if label(0).is_empty() => "its empty first cell dropped, the whole header moved one cell left".into(),
            Remap::Insert(k) => format!("the columns from \"{}\" on moved one cell right", label(k)),
            Remap::Drop(k) => format!("the column \"{}\" dropped, the columns after it moved one cell left", label(k)),
        }
    }
}

/// What the check found.
#[derive(Debug)]
pub(crate) enum Verdict {
    /// The columns hold what the header says (or the rows are read by type).
    Fits,
    /// A remapped header under which the columns agree clearly better.
    Remapped(Remap, Header),
    /// No remap fits, and these columns (labels) still disagree with their
    /// cells after the rows were realigned.
    Disagrees(Vec<String>),
}

/// A row's filled cells, typed: (column, types).
type Typed = Vec<(usize, Kinds)>;

/// Checks a table's body against its header (see the module doc).
pub(crate) fn check<'r>(header: &Header, kind: TableKind, budget_title: bool, rows: &[&'r Row], kinds: &mut KindCache<'r>) -> Verdict {
    let typed: Vec<Typed> = rows.iter().map(|r| typed(r, kinds)).collect();
    let budget = matches!(kind, TableKind::Budget | TableKind::TwoSided);
    let slots = check_slots(header, budget);
    if disagreeing(&typed, &slots).is_empty() {
        return Verdict::Fits;
    }
    if let Some((remap, remapped)) = best_remap(header, kind, budget_title, &typed, budget) {
        return Verdict::Remapped(remap, remapped);
    }
    // The indicator readers realign rows one by one: what matters is
    // whether the realigned rows still disagree. Budget readers read rows
    // that lost their geometry by type and say so themselves.
    if !matches!(kind, TableKind::Indicators | TableKind::Projects) {
        return Verdict::Fits;
    }
    let after = disagreeing_after_alignment(header, rows, kinds);
    if after.is_empty() {
        Verdict::Fits
    } else {
        Verdict::Disagrees(after.iter().map(|&c| header.columns.get(c).map_or_else(|| "(beyond the last column)".into(), |h| h.label.clone())).collect())
    }
}

/// A row's filled cells with their types. Dashes (`-`, `—`, `/`) stand for
/// an empty cell in money columns, and say nothing of a column's type.
fn typed<'r>(row: &'r Row, kinds: &mut KindCache<'r>) -> Typed {
    row.cell_texts()
        .enumerate()
        .filter(|(_, t)| !t.is_empty() && !t.chars().all(|c| matches!(c, '-' | '—' | '－' | '/')))
        .map(|(i, t)| (i, kinds.kinds(t)))
        .collect()
}

/// The slots of the check: the realignment's, except that a code column
/// expects a number (the realignment never moves cells into one), and a
/// column with no header at all (one a remap inserts) expects nothing: a
/// cell under it would not be read, so it misfits, and a remap cannot hide
/// a column of misfits under a blank. Budget tables (`budget`) print child
/// labels right of their label column, under money or unnamed columns (`|
/// 公共财政拨款资金`), and their readers take them as indentation: there a
/// money column takes a figure or a label (the value slot fits both), and
/// an unnamed one a label but no figure (the note slot).
fn check_slots(header: &Header, budget: bool) -> Vec<Slot> {
    let slot = |c: &crate::Column| match c.field {
        Some(Field::Code | Field::CodePart(_)) => Slot::Seq,
        Some(Field::Amount) if budget => Slot::Value,
        None if budget && c.label.is_empty() => Slot::Note,
        _ => column_slot(c),
    };
    header.columns.iter().map(slot).collect()
}

fn fit_at(slots: &[Slot], col: usize, k: Kinds) -> f32 {
    slots.get(col).map_or(OUTSIDE, |&s| k.fit(s))
}

fn row_score(row: &[(usize, Kinds)], slots: &[Slot]) -> f32 {
    row.iter().map(|&(c, k)| fit_at(slots, c, k)).sum()
}

/// Columns most of whose filled cells (two at least, or the one of a
/// one-row table) misfit the column;
/// `slots.len()` stands for the cells beyond the last column.
fn disagreeing(typed: &[Typed], slots: &[Slot]) -> Vec<usize> {
    let mut tally = vec![(0u32, 0u32); slots.len() + 1];
    for &(c, k) in typed.iter().flatten() {
        let t = &mut tally[c.min(slots.len())];
        t.0 += 1;
        t.1 += u32::from(fit_at(slots, c, k) < 0.0);
    }
    // Two misfits at least, where the table has two rows: one odd cell in a
    // long column is the document's, not the header's.
    let least = typed.iter().filter(|r| !r.is_empty()).count().min(2) as u32;
    tally.iter().enumerate().filter(|(_, &(filled, bad))| bad >= least.max(1) && 2 * bad > filled).map(|(c, _)| c).collect()
}

/// True when every cell of the row fits its column: the row is read as it
/// stands, without realignment.
fn fits(row: &[(usize, Kinds)], slots: &[Slot]) -> bool {
    row.iter().all(|&(c, k)| fit_at(slots, c, k) >= 0.0)
}

/// The remap whose columns agree clearly better than the header's, if any.
/// Rows are compared by whether they fit in place: a row that misfits under
/// both mappings (one that lost its leading cells, say) is realigned on its
/// own either way, and says nothing about the header. In a budget table
/// (`budget`) every row must fit: budget readers read a table by position only when all its
/// figures sit under money columns, and by type otherwise (rows of one
/// table whose empty cells collapsed, say), which no remap improves.
fn best_remap(header: &Header, kind: TableKind, budget_title: bool, typed: &[Typed], budget: bool) -> Option<(Remap, Header)> {
    let slots = check_slots(header, budget);
    let base: Vec<(f32, bool)> = typed.iter().map(|r| (row_score(r, &slots), fits(r, &slots))).collect();
    // Two rows at least must come to fit: one row is too little evidence
    // against the header (a one-row “三公” table's figures can sit under
    // a merged header cell's neighbour), and such tables are left alone.
    let rows = typed.iter().filter(|r| !r.is_empty()).count();
    let least = 2;
    // A quarter of the rows or more: a few rows shifted on their own poke
    // out of any header.
    let overflows = 4 * beyond(typed, &slots) >= rows.max(1) && beyond(typed, &slots) >= least;
    let width = header.columns.len();
    let candidates = (0..width).map(Remap::Insert).chain((0..width).map(Remap::Drop));
    let mut best: Option<((isize, f32), Remap, Header)> = None;
    for remap in candidates {
        let h = remap.apply(header);
        if h.kind(budget_title) != Some(kind) {
            continue;
        }
        let s = check_slots(&h, budget);
        let (mut gain, mut better, mut worse) = (0.0, 0, 0);
        for (r, &(score, fitted)) in typed.iter().zip(&base) {
            let now = fits(r, &s);
            gain += row_score(r, &s) - score;
            better += usize::from(now && !fitted);
            worse += usize::from(fitted && !now);
        }
        // A header narrower than many of its rows is certainly off: one that
        // spans them all wins over rows that happen to fit the narrow one,
        // as long as it makes as many rows fit as misfit (seed 003 shifted
        // left: the rows that lost a cell on their own fit the narrow one).
        let spans = overflows && beyond(typed, &s) == 0;
        let all_fit = || typed.iter().all(|r| fits(r, &s));
        let clearly = better >= least && ((spans && better >= worse) || (better >= 4 * worse && gain > 0.0)) && (!budget || all_fit());
        if !clearly {
            continue;
        }
        let key = (better as isize - worse as isize, gain);
        if best.as_ref().is_none_or(|(k, _, _)| key.0 > k.0 || (key.0 == k.0 && key.1 > k.1)) {
            best = Some((key, remap, h));
        }
    }
    best.map(|(_, r, h)| (r, h))
}

/// How many rows have a cell beyond the last column.
fn beyond(typed: &[Typed], slots: &[Slot]) -> usize {
    typed.iter().filter(|r| r.last().is_some_and(|&(c, _)| c >= slots.len())).count()
}

/// [`disagreeing`] on the rows as the indicator reader realigns them.
fn disagreeing_after_alignment<'r>(header: &Header, rows: &[&'r Row], kinds: &mut KindCache<'r>) -> Vec<usize> {
    let slots: Vec<Slot> = header.columns.iter().map(column_slot).collect();
    let typed: Vec<Typed> = rows
        .iter()
        .map(|r| {
            let a = align_texts(r.cell_texts(), &slots, kinds);
            let mut cells: Typed = a.cells.iter().enumerate().filter(|(_, t)| !t.is_empty()).map(|(i, t)| (i, kinds.kinds(t))).collect();
            cells.extend(a.overflow.iter().map(|t| (slots.len(), kinds.kinds(t))));
            cells
        })
        .collect();
    disagreeing(&typed, &slots)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(cells: &[&str]) -> Header {
        Header::build(&[&Row::new(1, cells.iter().copied())])
    }

    fn body(rows: &[&[&str]]) -> Vec<Row> {
        rows.iter().enumerate().map(|(i, r)| Row::new(i as u32 + 2, r.iter().copied())).collect()
    }

    const FLAT: &[&str] = &["单位名称", "项目名称", "一级指标", "二级指标", "三级指标", "计算符号", "指标值", "计量单位"];

    fn flat_rows() -> Vec<Row> {
        body(&[
            &["甲局", "会议经费", "产出指标", "数量指标", "会议次数", "≥", "6", "次"],
            &["甲局", "会议经费", "产出指标", "质量指标", "合格率", "=", "100", "%"],
            &["甲局", "会议经费", "效益指标", "社会效益指标", "投诉次数", "<", "3", "次"],
            &["甲局", "会议经费", "满意度指标", "服务对象满意度指标", "满意度", "≥", "90", "%"],
        ])
    }

    fn verdict(head: &[&str], rows: &[Row]) -> Verdict {
        let h = header(head);
        let kind = h.kind(false).unwrap();
        let refs: Vec<&Row> = rows.iter().collect();
        check(&h, kind, false, &refs, &mut KindCache::default())
    }

    #[test]
    fn a_header_that_fits_is_left_alone() {
        assert!(matches!(verdict(FLAT, &flat_rows()), Verdict::Fits));
    }

    #[test]
    fn a_header_with_an_extra_leading_cell_drops_it() {
        let mut head = vec![""];
        head.extend(FLAT);
        match verdict(&head, &flat_rows()) {
            Verdict::Remapped(Remap::Drop(0), h) => assert_eq!(h.columns[5].label, "计算符号"),
            v => panic!("{v:?}"),
        }
    }

    #[test]
    fn a_header_one_cell_left_of_its_data_moves_right() {
        let rows: Vec<Row> = flat_rows().iter().map(|r| Row::new(r.line, std::iter::once("").chain(r.cell_texts()))).collect();
        match verdict(FLAT, &rows) {
            Verdict::Remapped(Remap::Insert(0), h) => {
                assert_eq!(h.columns.len(), FLAT.len() + 1);
                assert_eq!(h.columns[7].label, "指标值");
            }
            v => panic!("{v:?}"),
        }
    }

    #[test]
    fn a_column_whose_name_was_lost_is_not_dropped_silently() {
        // The department's name went missing: a remap would leave its
        // cells unread, so none is made.
        assert!(matches!(verdict(&FLAT[1..], &flat_rows()), Verdict::Disagrees(_)));
    }

    #[test]
    fn a_header_cell_split_in_two_is_dropped_where_the_columns_part() {
        let head = ["单位名称", "项目名称", "一级指标", "二级指标", "三级指标", "备注", "计算符号", "指标值", "计量单位"];
        match verdict(&head, &flat_rows()) {
            Verdict::Remapped(Remap::Drop(k), h) => {
                assert!((4..=5).contains(&k), "{k}");
                assert_eq!(h.columns[7].label, "计量单位");
            }
            v => panic!("{v:?}"),
        }
    }

    #[test]
    fn a_budget_header_shifted_right_over_rows_with_empty_cells_moves_back() {
        let head = ["", "科目编码", "科目名称", "合计", "基本支出", "项目支出"];
        let rows = body(&[
            &["208", "社会保障和就业支出", "30.00", "20.00", "10.00"],
            &["20805", "行政事业单位养老支出", "30.00", "20.00", "10.00"],
            &["2080505", "机关事业单位基本养老保险缴费支出", "10.00", "", "10.00"],
            &["2080506", "机关事业单位职业年金缴费支出", "20.00", "20.00", ""],
        ]);
        let h = header(&head);
        let refs: Vec<&Row> = rows.iter().collect();
        let v = check(&h, TableKind::Budget, true, &refs, &mut KindCache::default());
        assert!(matches!(v, Verdict::Remapped(Remap::Drop(0), _)), "{v:?}");
    }

    #[test]
    fn rows_that_drifted_on_their_own_keep_the_header() {
        // Half the rows lost an empty funding cell (seed 003 after its page
        // break): no remap fits both halves, and realignment reads them.
        let head = ["项目名称", "合计", "一般公共预算", "其他资金", "一级指标", "明细指标", "指标值"];
        let rows = body(&[
            &["会议经费", "10", "10", "", "产出指标", "会议次数", "6次"],
            &["", "", "", "", "产出指标", "合格率", "100%"],
            &["", "", "", "", "效益指标", "投诉次数", "≤3次"],
            &["调研经费", "20", "20", "产出指标", "调研次数", "12次"],
            &["", "", "", "产出指标", "报告数量", ">5篇"],
            &["", "", "", "效益指标", "宣传时效", "及时"],
        ]);
        assert!(matches!(verdict(&head, &rows), Verdict::Fits), "{:?}", verdict(&head, &rows));
    }

    #[test]
    fn columns_no_remap_explains_are_named() {
        // The unit column holds operators on every row, and nothing one
        // cell over reads better.
        let head = ["项目名称", "三级指标", "指标值", "计量单位"];
        let rows = body(&[
            &["会议经费", "会议次数", "6", "≥"],
            &["会议经费", "合格率", "100", "="],
            &["会议经费", "投诉次数", "3", "<"],
        ]);
        match verdict(&head, &rows) {
            Verdict::Disagrees(cols) => assert!(cols.contains(&"计量单位".to_string()), "{cols:?}"),
            v => panic!("{v:?}"),
        }
    }
}
