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
use std::collections::HashMap;

use foldhash::fast::RandomState;

use budget_normalize::Row;

use crate::align::{column_slot, KindCache, Kinds, Slot, OUTSIDE};
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

    /// The same change to a list of per-column values, `blank` inserted.
    #[cfg(test)]
    fn apply_to<T: Copy>(self, columns: &[T], blank: T) -> Vec<T> {
        let mut out = columns.to_vec();
        match self {
            Remap::Insert(k) => out.insert(k, blank),
            Remap::Drop(k) => {
                out.remove(k);
            }
        }
        out
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

/// The distinct shapes of a table's rows, each with how many rows have it:
/// a table repeats a few shapes, and the check and every remap tried look
/// at each once.
#[derive(Debug, Default)]
struct Shapes {
    /// Every filled cell (column, types, whether it is a dash) and the
    /// number of rows of that shape, in order of first appearance.
    rows: Vec<(Vec<(usize, Kinds, bool)>, usize)>,
    /// The same shapes without their dashes: what the check weighs.
    typed: Vec<(Typed, usize)>,
}

impl Shapes {
    fn of<'r>(rows: &[&'r Row], kinds: &mut KindCache<'r>) -> Shapes {
        // Keyed by one number per cell (position, types, dash), hashed fast.
        let mut index: HashMap<Vec<u64>, usize, RandomState> = HashMap::default();
        let mut shapes = Shapes::default();
        let (mut shape, mut key) = (Vec::new(), Vec::new());
        for row in rows {
            shape.clear();
            shape.extend(row.cell_texts().enumerate().filter(|(_, t)| !t.is_empty()).map(|(i, t)| (i, kinds.kinds(t), is_dash(t))));
            key.clear();
            key.extend(shape.iter().map(|&(i, k, dash)| (i as u64) << 16 | k.code() << 1 | u64::from(dash)));
            match index.get(key.as_slice()) {
                Some(&k) => shapes.rows[k].1 += 1,
                None => {
                    index.insert(key.clone(), shapes.rows.len());
                    shapes.rows.push((shape.clone(), 1));
                }
            }
        }
        shapes.typed = shapes.rows.iter().map(|(shape, n)| (shape.iter().filter(|c| !c.2).map(|&(i, k, _)| (i, k)).collect(), *n)).collect();
        shapes
    }
}

/// Dashes (`-`, `—`, `/`) stand for an empty cell in money columns, and say
/// nothing of a column's type.
fn is_dash(text: &str) -> bool {
    text.chars().all(|c| matches!(c, '-' | '—' | '－' | '/'))
}

/// Checks a table's body against its header (see the module doc).
pub(crate) fn check<'r>(header: &Header, kind: TableKind, budget_title: bool, rows: &[&'r Row], kinds: &mut KindCache<'r>) -> Verdict {
    let shapes = Shapes::of(rows, kinds);
    let budget = matches!(kind, TableKind::Budget | TableKind::TwoSided);
    let slots = check_slots(header, budget);
    if disagreeing(&shapes.typed, &slots).is_empty() {
        return Verdict::Fits;
    }
    if let Some((remap, remapped)) = best_remap(header, kind, budget_title, &shapes.typed, budget) {
        return Verdict::Remapped(remap, remapped);
    }
    // The indicator readers realign rows one by one: what matters is
    // whether the realigned rows still disagree. Budget readers read rows
    // that lost their geometry by type and say so themselves.
    if !matches!(kind, TableKind::Indicators | TableKind::Projects) {
        return Verdict::Fits;
    }
    let after = disagreeing_after_alignment(header, &shapes, kinds);
    if after.is_empty() {
        Verdict::Fits
    } else {
        Verdict::Disagrees(after.iter().map(|&c| header.columns.get(c).map_or_else(|| "(beyond the last column)".into(), |h| h.label.clone())).collect())
    }
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
fn disagreeing(typed: &[(Typed, usize)], slots: &[Slot]) -> Vec<usize> {
    let mut tally = vec![(0usize, 0usize); slots.len() + 1];
    for (row, n) in typed {
        for &(c, k) in row {
            let t = &mut tally[c.min(slots.len())];
            t.0 += n;
            t.1 += n * usize::from(fit_at(slots, c, k) < 0.0);
        }
    }
    // Two misfits at least, where the table has two rows: one odd cell in a
    // long column is the document's, not the header's.
    let least = typed.iter().filter(|(r, _)| !r.is_empty()).map(|(_, n)| n).sum::<usize>().min(2);
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
fn best_remap(header: &Header, kind: TableKind, budget_title: bool, typed: &[(Typed, usize)], budget: bool) -> Option<(Remap, Header)> {
    let slots = check_slots(header, budget);
    let base: Vec<(f32, bool)> = typed.iter().map(|(r, _)| (row_score(r, &slots), fits(r, &slots))).collect();
    // Two rows at least must come to fit: one row is too little evidence
    // against the header (a one-row “三公” table's figures can sit under
    // a merged header cell's neighbour), and such tables are left alone.
    let rows: usize = typed.iter().filter(|(r, _)| !r.is_empty()).map(|(_, n)| n).sum();
    let least = 2;
    // A quarter of the rows or more: a few rows shifted on their own poke
    // out of any header.
    let overflows = 4 * beyond(typed, &slots) >= rows.max(1) && beyond(typed, &slots) >= least;
    // Only rows that misfit in place can come to fit: most tables have
    // too few of them for any remap, and are done without trying one.
    let misfits: usize = typed.iter().zip(&base).filter(|(_, &(_, fitted))| !fitted).map(|((_, n), _)| n).sum();
    if misfits < least {
        return None;
    }
    let width = header.columns.len();
    let candidates = (0..width).map(Remap::Insert).chain((0..width).map(Remap::Drop));
    let blank = check_slots(&header.with_blank_at(0), budget)[0];
    // The rows that misfit in place first: a remap under which too few of
    // them come to fit (nearly every one) is done without the others.
    let misfit: Vec<(usize, Scored)> = typed.iter().zip(&base).filter(|(_, b)| !b.1).map(|((r, n), _)| (*n, Scored::new(r, &slots, blank))).collect();
    let mut scored: Vec<Scored> = Vec::new();
    // Remaps clearly better than the header, by their slots alone; the
    // header is rebuilt only for the best of them, which must still
    // announce the same kind of table.
    let mut clear: Vec<((isize, f32), Remap)> = Vec::new();
    for remap in candidates {
        let can_fit: usize = misfit.iter().filter(|(_, r)| r.under(remap).1).map(|(n, _)| n).sum();
        if can_fit < least {
            continue;
        }
        if scored.is_empty() {
            scored = typed.iter().map(|(r, _)| Scored::new(r, &slots, blank)).collect();
        }
        let under: Vec<(f32, bool)> = scored.iter().map(|r| r.under(remap)).collect();
        let (mut gain, mut better, mut worse) = (0.0, 0, 0);
        for (((_, n), &(score, fitted)), &(now_score, now)) in typed.iter().zip(&base).zip(&under) {
            gain += *n as f32 * (now_score - score);
            better += n * usize::from(now && !fitted);
            worse += n * usize::from(fitted && !now);
        }
        // A header narrower than many of its rows is certainly off: one that
        // spans them all wins over rows that happen to fit the narrow one,
        // as long as it makes as many rows fit as misfit (seed 003 shifted
        // left: the rows that lost a cell on their own fit the narrow one).
        let wide = match remap {
            Remap::Insert(_) => width + 1,
            Remap::Drop(_) => width - 1,
        };
        let spans = overflows && typed.iter().all(|(r, _)| r.last().is_none_or(|&(c, _)| c < wide));
        let all_fit = under.iter().all(|u| u.1);
        if better >= least && ((spans && better >= worse) || (better >= 4 * worse && gain > 0.0)) && (!budget || all_fit) {
            clear.push(((better as isize - worse as isize, gain), remap));
        }
    }
    // Best first; among equals, the first tried.
    clear.sort_by(|a, b| b.0 .0.cmp(&a.0 .0).then(b.0 .1.total_cmp(&a.0 .1)));
    clear.into_iter().map(|(_, remap)| (remap, remap.apply(header))).find(|(_, h)| h.kind(budget_title) == Some(kind))
}

/// One row shape's fit under every remap, from sums worked out once: a
/// remap at column `k` leaves the cells left of `k` where they were, and
/// moves the header over all the cells from `k` on by the same one column.
struct Scored {
    /// Each filled cell's column, ascending.
    columns: Vec<usize>,
    /// Fit and whether all fit, of the first `j` cells under the header.
    before: Vec<(f32, bool)>,
    /// Fit and whether all fit, of the cells from `j` on, under the header
    /// moved one column right (`right`, an insert) or left (`left`, a drop).
    right: Vec<(f32, bool)>,
    left: Vec<(f32, bool)>,
    /// Each cell's fit under the blank column an insert adds.
    blank: Vec<f32>,
}

impl Scored {
    fn new(row: &[(usize, Kinds)], slots: &[Slot], blank: Slot) -> Scored {
        // Cell `c` under the header moved `shift` columns right.
        let fit = |shift: isize, &(c, k): &(usize, Kinds)| c.checked_add_signed(-shift).map_or(OUTSIDE, |c| fit_at(slots, c, k));
        let suffix = |shift: isize| {
            let mut s = running(row.iter().rev().map(|cell| fit(shift, cell)));
            s.reverse();
            s
        };
        Scored {
            columns: row.iter().map(|&(c, _)| c).collect(),
            before: running(row.iter().map(|cell| fit(0, cell))),
            right: suffix(1),
            left: suffix(-1),
            blank: row.iter().map(|&(_, k)| k.fit(blank)).collect(),
        }
    }

    /// The row's total fit and whether every cell fits, under `remap`.
    fn under(&self, remap: Remap) -> (f32, bool) {
        let join = |a: (f32, bool), b: (f32, bool)| (a.0 + b.0, a.1 && b.1);
        match remap {
            Remap::Drop(k) => {
                let j = self.columns.partition_point(|&c| c < k);
                join(self.before[j], self.left[j])
            }
            Remap::Insert(k) => {
                let j = self.columns.partition_point(|&c| c < k);
                if self.columns.get(j) == Some(&k) {
                    let f = self.blank[j];
                    join(join(self.before[j], (f, f >= 0.0)), self.right[j + 1])
                } else {
                    join(self.before[j], self.right[j])
                }
            }
        }
    }
}

/// Running totals of fits, from none to all, and whether all so far fit.
fn running(fits: impl Iterator<Item = f32>) -> Vec<(f32, bool)> {
    let mut out = vec![(0.0, true)];
    for f in fits {
        let (total, all) = out[out.len() - 1];
        out.push((total + f, all && f >= 0.0));
    }
    out
}

/// How many rows have a cell beyond the last column.
fn beyond(typed: &[(Typed, usize)], slots: &[Slot]) -> usize {
    typed.iter().filter(|(r, _)| r.last().is_some_and(|&(c, _)| c >= slots.len())).map(|(_, n)| n).sum()
}

/// [`disagreeing`] on the rows as the indicator reader realigns them
/// (dashes included: the reader places them like any cell).
fn disagreeing_after_alignment(header: &Header, shapes: &Shapes, kinds: &mut KindCache<'_>) -> Vec<usize> {
    let slots: Vec<Slot> = header.columns.iter().map(column_slot).collect();
    let typed: Vec<(Typed, usize)> = shapes
        .rows
        .iter()
        .map(|(shape, n)| {
            let cells: Typed = shape.iter().map(|&(i, k, _)| (i, k)).collect();
            (kinds.realign_shape(&cells, &slots), *n)
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
    fn a_shape_scored_once_fits_every_remap_as_its_remapped_slots_say() {
        use budget_grammar::CellKind as K;
        let h = header(FLAT);
        let slots = check_slots(&h, false);
        let blank = check_slots(&h.with_blank_at(0), false)[0];
        let kinds = Kinds::only;
        let rows: [Typed; 4] = [
            vec![(0, kinds(K::Text)), (1, kinds(K::Text)), (2, kinds(K::Level1)), (5, kinds(K::Op)), (6, kinds(K::Number)), (7, kinds(K::Unit))],
            vec![(1, kinds(K::Text)), (6, kinds(K::Op)), (7, kinds(K::Number)), (8, kinds(K::Unit))],
            vec![(4, kinds(K::Text)), (5, kinds(K::Number)), (6, kinds(K::Unit))],
            vec![],
        ];
        for row in &rows {
            let scored = Scored::new(row, &slots, blank);
            for k in 0..slots.len() {
                for remap in [Remap::Insert(k), Remap::Drop(k)] {
                    let s = remap.apply_to(&slots, blank);
                    let (score, all) = scored.under(remap);
                    assert!((score - row_score(row, &s)).abs() < 1e-4, "{remap:?} {row:?}");
                    assert_eq!(all, fits(row, &s), "{remap:?} {row:?}");
                }
            }
        }
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
