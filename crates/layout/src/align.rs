//! Realigning the cells of a row whose cells shifted.
//!
//! Conversion loses empty cells (a row's leading merged cells, one empty
//! funding column after a page break) or adds them (a value one cell too far
//! right), so a cell can sit under the wrong header. Each column expects a
//! type of content (a [`Slot`]); each cell has a type (`classify`). A row
//! whose cells all fit their columns is left alone. A row with a misfit is
//! realigned: its non-empty cells keep their order and are assigned to
//! columns so that the sum of fits is highest, with a small cost per column
//! moved so that the nearest good alignment wins. This one mechanism covers
//! a whole row shifted left or right, a gap closed in the middle of a row,
//! and a single cell one column off.
//!
//! Invariant: cells never change order and are never dropped or merged; a
//! row is only moved when that is clearly better (by `MIN_GAIN`) than
//! leaving it in place. Trade-off: a row of free text only (no anchors) can
//! never be realigned, because nothing in it says where it belongs.
use std::collections::HashMap;

use foldhash::fast::RandomState;

use budget_grammar::{classify, is_level2, CellKind, Field};
use budget_normalize::Row;

/// What a column expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// 序号: a small integer.
    Seq,
    /// Free text: names, goals, descriptions.
    Text,
    /// Money.
    Amount,
    /// 一级指标 word.
    Level1,
    /// 二级指标 word.
    Level2,
    /// Indicator name.
    Name,
    /// Comparison operator.
    Op,
    /// Target value.
    Value,
    /// Unit of measure.
    Unit,
    /// Weight.
    Weight,
    /// A remark or description: free text, but mostly left empty.
    Note,
    /// A label column that holds no data.
    Label,
}

/// The slot a header field expects.
pub fn slot_of(field: Option<&Field>) -> Slot {
    match field {
        Some(Field::Seq) => Slot::Seq,
        Some(Field::Amount) => Slot::Amount,
        Some(Field::Level1(_)) => Slot::Level1,
        Some(Field::Level2(_)) => Slot::Level2,
        Some(Field::Name(_)) => Slot::Name,
        Some(Field::Op(_)) => Slot::Op,
        Some(Field::Value(_)) => Slot::Value,
        Some(Field::Unit(_)) => Slot::Unit,
        Some(Field::Weight(_)) => Slot::Weight,
        Some(Field::Note(_)) => Slot::Note,
        _ => Slot::Text,
    }
}

/// The slot of a table column: its field's, or [`Slot::Label`] for a
/// column with no header text at all (one a header remap inserts, see
/// `remap`): nothing under it is read, so a cell there misfits and is
/// realigned into a named column rather than lost.
pub fn column_slot(column: &crate::Column) -> Slot {
    match column.field {
        None if column.label.is_empty() => Slot::Label,
        ref f => slot_of(f.as_ref()),
    }
}

/// Every cell kind and every slot, in declaration order: [`FIT`] is indexed
/// by their discriminants (its construction checks the order).
const ALL_KINDS: [CellKind; 9] = [
    CellKind::Empty, CellKind::Op, CellKind::Unit, CellKind::Number, CellKind::Target,
    CellKind::Level1, CellKind::Level2, CellKind::Qualitative, CellKind::Text,
];
const ALL_SLOTS: [Slot; 12] = [
    Slot::Seq, Slot::Text, Slot::Amount, Slot::Level1, Slot::Level2, Slot::Name,
    Slot::Op, Slot::Value, Slot::Unit, Slot::Weight, Slot::Note, Slot::Label,
];

/// [`fit`] for every slot and kind, worked out when compiling: aligning
/// asks it for every cell of every row, and for every column a misfit cell
/// may move to.
static FIT: [[f32; ALL_KINDS.len()]; ALL_SLOTS.len()] = {
    let mut table = [[0.0; ALL_KINDS.len()]; ALL_SLOTS.len()];
    let mut s = 0;
    while s < ALL_SLOTS.len() {
        assert!(ALL_SLOTS[s] as usize == s, "ALL_SLOTS is out of declaration order");
        let mut k = 0;
        while k < ALL_KINDS.len() {
            assert!(ALL_KINDS[k] as usize == k, "ALL_KINDS is out of declaration order");
            table[s][k] = fit(ALL_KINDS[k], ALL_SLOTS[s]);
            k += 1;
        }
        s += 1;
    }
    table
};

/// How well a cell of `kind` fits a column expecting `slot`.
const fn fit(kind: CellKind, slot: Slot) -> f32 {
    use CellKind as K;
    match (slot, kind) {
        (_, K::Empty) => 0.0,
        (Slot::Seq, K::Number) => 2.0,
        (Slot::Seq, _) => -4.0,
        (Slot::Text, K::Text) => 1.0,
        (Slot::Text, K::Qualitative) => 0.0,
        (Slot::Text, K::Target) => -1.0,
        (Slot::Text, K::Op) => -5.0,
        (Slot::Text, _) => -2.0,
        (Slot::Amount, K::Number) => 3.0,
        (Slot::Amount, _) => -4.0,
        (Slot::Level1, K::Level1) => 6.0,
        (Slot::Level1, K::Level2) => -2.0,
        (Slot::Level1, K::Text) => -3.0,
        (Slot::Level1, _) => -4.0,
        (Slot::Level2, K::Level2) => 6.0,
        (Slot::Level2, K::Level1) => -2.0,
        (Slot::Level2, K::Text) => -3.0,
        (Slot::Level2, _) => -4.0,
        (Slot::Name, K::Text) => 1.0,
        (Slot::Name, K::Qualitative | K::Level2) => 0.0,
        (Slot::Name, K::Number) => -1.0,
        (Slot::Name, K::Op) => -5.0,
        (Slot::Name, _) => -2.0,
        (Slot::Op, K::Op) => 5.0,
        (Slot::Op, _) => -5.0,
        (Slot::Value, K::Target) => 5.0,
        (Slot::Value, K::Number | K::Qualitative) => 3.0,
        (Slot::Value, K::Text) => 0.0,
        (Slot::Value, K::Op) => -5.0,
        (Slot::Value, K::Unit) => -2.0,
        (Slot::Value, _) => -3.0,
        (Slot::Unit, K::Unit) => 3.0,
        (Slot::Unit, K::Text) => -1.0,
        (Slot::Unit, K::Op) => -5.0,
        (Slot::Unit, K::Number) => -3.0,
        (Slot::Unit, _) => -2.0,
        (Slot::Weight, K::Number) => 2.0,
        (Slot::Weight, _) => -4.0,
        (Slot::Note, K::Text) => 0.5,
        (Slot::Note, K::Qualitative | K::Target) => 0.0,
        (Slot::Note, K::Op) => -5.0,
        (Slot::Note, _) => -2.0,
        (Slot::Label, K::Text | K::Level1 | K::Level2) => -2.0,
        (Slot::Label, _) => -4.0,
    }
}

/// A cell's type, with a second reading for words that are both a 一级 and
/// a 二级指标 (成本指标), which fit either column, and whether a number can
/// be a weight (points out of 100, or their totals).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Kinds(CellKind, Option<CellKind>, bool);

impl Kinds {
    /// A cell of one type, with no second reading and no weight.
    #[cfg(test)]
    pub(crate) fn only(kind: CellKind) -> Kinds {
        Kinds(kind, None, false)
    }

    /// The types as one number under 2^12, for keys of row shapes.
    pub(crate) fn code(self) -> u64 {
        let kind_code = |k: Option<CellKind>| k.map_or(0, |k| k as u64 + 1);
        kind_code(Some(self.0)) << 8 | kind_code(self.1) << 1 | u64::from(self.2)
    }

    /// How well a cell of these types fits a column expecting `slot`.
    pub(crate) fn fit(self, slot: Slot) -> f32 {
        if slot == Slot::Weight && self.0 == CellKind::Number {
            return if self.2 { 3.0 } else { -2.0 };
        }
        let row = &FIT[slot as usize];
        let first = row[self.0 as usize];
        self.1.map_or(first, |k| first.max(row[k as usize]))
    }
}

fn kinds(text: &str) -> Kinds {
    let kind = classify(text);
    let also = (kind == CellKind::Level1 && is_level2(text)).then_some(CellKind::Level2);
    // Weights are points out of 100; a project's heading row carries their
    // totals (100, 180, 200). Money columns hold far larger figures.
    let weight_like = kind == CellKind::Number
        && budget_grammar::amount_value(text).is_some_and(|v| v >= rust_decimal::Decimal::ZERO && v <= rust_decimal::Decimal::from(1000));
    Kinds(kind, also, weight_like)
}

/// Whether a plain decimal (`123`, `4396.61`) is at most 1000, read off
/// its digits: what `kinds` works out by parsing.
fn plain_at_most_1000(text: &str) -> bool {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let whole = whole.trim_start_matches('0');
    whole.len() < 4 || (whole == "1000" && fraction.bytes().all(|b| b == b'0'))
}

/// Penalty for a non-empty cell beyond the last column.
pub(crate) const OUTSIDE: f32 = -6.0;
/// Cost per column a cell moves.
const MOVE_COST: f32 = 0.02;
/// Cost per column of changing the spacing between two neighbouring cells.
const GAP_COST: f32 = 0.6;
/// How much better a realignment must be than leaving the row in place.
const MIN_GAIN: f32 = 0.5;

/// A row's cells placed under the table's columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Aligned<'r> {
    /// Normalized text per column (exactly one per slot), borrowed from the row.
    pub cells: Vec<&'r str>,
    /// True when cells were moved.
    pub moved: bool,
    /// Column of the first non-empty cell before and after alignment.
    pub first: Option<(usize, usize)>,
    /// Non-empty cells that lie beyond the last column and could not be placed.
    pub overflow: Vec<&'r str>,
}

/// The types of cell texts and the placements of row shapes already worked
/// out, for one document. Its tables and forms repeat most of their texts
/// row after row (一级/二级指标 words, units, unit and project names), and
/// typing a text is the costliest part of aligning a row; misfit rows repeat
/// a few shapes, and placing a shape is the costliest part of realigning one.
/// Hashed with foldhash, seeded per process: the standard SipHash cost as
/// much as the typing it saves, and a seeded hash still keeps a hostile
/// file from forcing collisions. Both maps hold at most one entry per row.
#[derive(Debug)]
pub struct KindCache<'r> {
    kinds: HashMap<&'r str, Kinds, RandomState>,
    /// Placements by shape, for the columns in `placed_for` (a reader aligns
    /// all its rows to the same columns; others empty the map).
    placements: HashMap<Vec<u64>, Placement, RandomState>,
    placed_for: Vec<Slot>,
    /// A row's non-empty cells (column, text, types), kept between rows.
    filled: Vec<(usize, &'r str, Kinds)>,
}

/// A placement's total fit and each cell's column, or `None` when the cells
/// cannot be placed.
type Placement = Option<(f32, Vec<usize>)>;

impl Default for KindCache<'_> {
    fn default() -> Self {
        // Room for the distinct texts of a typical table from the start: the
        // map grew through five sizes, rehashing every time.
        KindCache {
            kinds: HashMap::with_capacity_and_hasher(128, RandomState::default()),
            placements: HashMap::default(),
            placed_for: Vec::new(),
            filled: Vec::new(),
        }
    }
}

impl<'r> KindCache<'r> {
    /// The types of a cell text, worked out once per document.
    pub(crate) fn kinds(&mut self, text: &'r str) -> Kinds {
        // A plain figure, the commonest cell of money tables, is typed by
        // looking at it: cheaper than hashing it, and figures rarely repeat.
        if text.len() <= 28 && budget_grammar::is_plain_decimal(text) {
            return Kinds(CellKind::Number, None, plain_at_most_1000(text));
        }
        *self.kinds.entry(text).or_insert_with(|| kinds(text))
    }

    /// [`best_placement`], worked out once per shape: what it depends on
    /// besides the columns, each non-empty cell's position and type, packed
    /// one cell to a number so that the key hashes as one slice.
    fn placement(&mut self, filled: &[(usize, &str, Kinds)], slots: &[Slot]) -> Placement {
        if self.placed_for != slots {
            self.placements.clear();
            self.placed_for = slots.to_vec();
        }
        // The position takes the bits above 16, exactly: a row of 2^48
        // cells cannot be held in memory.
        let shape: Vec<u64> = filled.iter().map(|&(i, _, k)| (i as u64) << 16 | k.code()).collect();
        if let Some(known) = self.placements.get(&shape) {
            return known.clone();
        }
        let cells: Vec<(usize, Kinds)> = filled.iter().map(|&(i, _, k)| (i, k)).collect();
        let placement = best_placement(&cells, slots);
        self.placements.insert(shape, placement.clone());
        placement
    }
}

impl<'r> KindCache<'r> {
    /// Each filled cell's column when the row is realigned, or `None` when
    /// it stays as it is: it fits, or no placement is clearly better.
    fn moved_columns(&mut self, filled: &[(usize, &'r str, Kinds)], slots: &[Slot]) -> Option<Vec<usize>> {
        let in_place: f32 = filled.iter().map(|&(i, _, k)| slots.get(i).map_or(OUTSIDE, |&s| k.fit(s))).sum();
        let misfit = filled.iter().any(|&(i, _, k)| slots.get(i).is_none_or(|&s| k.fit(s) < 0.0));
        if !misfit || filled.len() > slots.len() {
            return None;
        }
        self.placement(filled, slots).filter(|(score, _)| *score > in_place + MIN_GAIN).map(|(_, p)| p)
    }

    /// A row's filled cells (column, types) where [`align_texts`] puts
    /// them; a column at or beyond `slots.len()` is the overflow. A table's
    /// rows repeat a few shapes, and this works on the shape alone.
    pub(crate) fn realign_shape(&mut self, cells: &[(usize, Kinds)], slots: &[Slot]) -> Vec<(usize, Kinds)> {
        let filled: Vec<(usize, &'r str, Kinds)> = cells.iter().map(|&(i, k)| (i, "", k)).collect();
        let moved = self.moved_columns(&filled, slots);
        let column = |n: usize, i: usize| moved.as_ref().map_or(i, |p| p[n]).min(slots.len());
        cells.iter().enumerate().map(|(n, &(i, k))| (column(n, i), k)).collect()
    }
}

/// Places the row's cells under `slots`, realigning when the row does not
/// fit; the readers go through [`align_cached`] with a cache per document.
#[cfg(test)]
fn align<'r>(row: &'r Row, slots: &[Slot]) -> Aligned<'r> {
    align_cached(row, slots, &mut KindCache::default())
}

/// Places the row's cells under `slots`, realigning when the row does not
/// fit, typing cells through `cache` (one per document).
pub fn align_cached<'r>(row: &'r Row, slots: &[Slot], cache: &mut KindCache<'r>) -> Aligned<'r> {
    align_texts(row.cell_texts(), slots, cache)
}

/// [`align_cached`] on a row's normalized cell texts, in order (a reader
/// that must blank some cells first passes them as empty).
pub fn align_texts<'r>(texts: impl Iterator<Item = &'r str>, slots: &[Slot], cache: &mut KindCache<'r>) -> Aligned<'r> {
    // The cache lends its buffer for the filled cells, so that aligning a
    // row allocates only what it returns.
    let mut filled = std::mem::take(&mut cache.filled);
    filled.clear();
    filled.extend(texts.enumerate().filter(|(_, t)| !t.is_empty()).map(|(i, t)| (i, t, cache.kinds(t))));
    let placement = cache.moved_columns(&filled, slots);
    let mut cells = vec![""; slots.len()];
    let mut overflow = Vec::new();
    let moved = placement.is_some();
    // Each cell's column: the placement's, or its own when left in place.
    let column = |k: usize| placement.as_ref().map_or(filled[k].0, |p| p[k]);
    for (k, &(_, text, _)) in filled.iter().enumerate() {
        match cells.get_mut(column(k)) {
            Some(slot) => *slot = text,
            None => overflow.push(text),
        }
    }
    let first = filled.first().map(|f| (f.0, column(0)));
    cache.filled = filled;
    Aligned { cells, moved, first, overflow }
}

/// Order-preserving assignment of cells to columns with the highest total
/// fit, by dynamic programming over (cell, column): O(cells × columns²).
/// Changing the spacing between two neighbouring cells costs `GAP_COST` per
/// column, so a shift of the whole row (or of its tail) beats tearing a row
/// apart to put each cell at its nearest plausible column.
fn best_placement(filled: &[(usize, Kinds)], slots: &[Slot]) -> Placement {
    let (n, m) = (filled.len(), slots.len());
    if n == 0 || n > m {
        return None;
    }
    // Flat n × m tables, row i for cell i: this runs on every misfit row,
    // and one allocation each beats a vector per cell.
    let mut best = vec![f32::NEG_INFINITY; n * m];
    let mut from = vec![usize::MAX; n * m];
    let score = |i: usize, j: usize| {
        let (pos, kind) = filled[i];
        kind.fit(slots[j]) - MOVE_COST * (j as f32 - pos as f32).abs()
    };
    // Cell i can only sit in column i or later (one column per cell before
    // it) and in column `m - n + i` or earlier (one per cell after it); the
    // columns outside stay unreachable (-inf), and no complete placement
    // runs through them.
    let slack = m - n;
    for (j, cell) in best[..=slack].iter_mut().enumerate() {
        *cell = score(0, j);
    }
    for i in 1..n {
        let spacing = (filled[i].0 - filled[i - 1].0) as f32;
        let (done, rest) = best.split_at_mut(i * m);
        let above = &done[(i - 1) * m..];
        let (row, row_from) = (&mut rest[..m], &mut from[i * m..(i + 1) * m]);
        for j in i..=i + slack {
            let here = score(i, j);
            let (mut top, mut from_k) = (row[j], row_from[j]);
            // Cell i - 1 sits left of cell i. An unreachable column above
            // (-inf) gives -inf, which never beats `top`: no test for it
            // needed in this, the hottest loop.
            for (k, &prev) in above[i - 1..j].iter().enumerate().map(|(d, p)| (d + i - 1, p)) {
                let total = prev + here - GAP_COST * ((j - k) as f32 - spacing).abs();
                if total > top {
                    top = total;
                    from_k = k;
                }
            }
            (row[j], row_from[j]) = (top, from_k);
        }
    }
    let (mut j, total) = best[(n - 1) * m..]
        .iter()
        .enumerate()
        .filter(|(_, s)| s.is_finite())
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map(|(j, s)| (j, *s))?;
    let mut cols = vec![0; n];
    for i in (0..n).rev() {
        cols[i] = j;
        j = from[i * m + j];
    }
    Some((total, cols))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slots_001() -> Vec<Slot> {
        use Slot::*;
        vec![Seq, Text, Text, Amount, Amount, Amount, Text, Name, Op, Value, Unit]
    }

    #[test]
    fn plain_figures_are_typed_as_the_grammar_types_them() {
        let mut cache = KindCache::default();
        for t in ["0", "7", "100", "999.99", "1000", "1000.00", "1000.01", "01000", "0001000.0", "1001", "12345.6", "0.5"] {
            assert_eq!(cache.kinds(t), kinds(t), "{t}");
        }
    }

    #[test]
    fn row_that_lost_its_leading_cells_moves_right() {
        let row = Row::new(1, ["三类会议标准", "≦", "400", "元", "", "", "", "", "", "", ""]);
        let a = align(&row, &slots_001());
        assert!(a.moved);
        assert_eq!(&a.cells[7..], &["三类会议标准", "≤", "400", "元"]);
        assert_eq!(a.first, Some((0, 7)));
    }

    #[test]
    fn row_without_operator_still_moves() {
        let row = Row::new(1, ["代表工作便捷性提升", "", "明显", "", "", "", "", "", "", "", ""]);
        let a = align(&row, &slots_001());
        assert_eq!(a.cells[7], "代表工作便捷性提升");
        assert_eq!(a.cells[9], "明显");
    }

    #[test]
    fn rows_of_one_shape_are_placed_once_and_alike() {
        let slots = slots_001();
        let mut cache = KindCache::default();
        let first = Row::new(1, ["三类会议标准", "≦", "400", "元", "", "", "", "", "", "", ""]);
        // Other texts of the same types at the same positions.
        let second = Row::new(2, ["二类会议标准", "≦", "550", "元", "", "", "", "", "", "", ""]);
        let a = align_cached(&first, &slots, &mut cache);
        let b = align_cached(&second, &slots, &mut cache);
        assert_eq!(cache.placements.len(), 1);
        assert_eq!(&b.cells[7..], &["二类会议标准", "≤", "550", "元"]);
        assert_eq!((a.moved, a.first), (b.moved, b.first));
        assert_eq!(b, align(&second, &slots), "a cached placement is the one worked out afresh");
    }

    #[test]
    fn the_fit_table_is_the_fit_function() {
        for slot in ALL_SLOTS {
            for kind in ALL_KINDS {
                let weight_number = slot == Slot::Weight && kind == CellKind::Number;
                if !weight_number {
                    assert_eq!(Kinds(kind, None, false).fit(slot), fit(kind, slot), "{slot:?} {kind:?}");
                }
            }
        }
    }

    #[test]
    fn fitting_row_stays() {
        let row = Row::new(1, ["", "", "", "", "", "", "", "受益人员满意度", "≧", "95", "%"]);
        let a = align(&row, &slots_001());
        assert!(!a.moved);
    }

    #[test]
    fn gap_closed_mid_row_is_reopened() {
        use Slot::*;
        let slots = [Text, Amount, Amount, Amount, Amount, Amount, Level1, Name, Value, Text];
        let row = Row::new(1, ["区人大一届四次会议经费", "200", "200", "", "", "产出指标", "单位成本", "550元/天", "反映人均日均成本控制情况"]);
        let a = align(&row, &slots);
        assert!(a.moved);
        assert_eq!(a.cells[6], "产出指标");
        assert_eq!(a.cells[8], "550元/天");
        assert_eq!(a.cells[1], "200");
    }

    /// What a placement scores: each cell's fit less its move, less the
    /// change of spacing between neighbours (the objective of
    /// `best_placement`, written out plainly).
    fn placement_score(filled: &[(usize, Kinds)], slots: &[Slot], cols: &[usize]) -> f32 {
        let mut total = 0.0;
        for (i, (&(pos, kind), &c)) in filled.iter().zip(cols).enumerate() {
            total += kind.fit(slots[c]) - MOVE_COST * (c as f32 - pos as f32).abs();
            if i > 0 {
                let (was, now) = ((pos - filled[i - 1].0) as f32, (c - cols[i - 1]) as f32);
                total -= GAP_COST * (now - was).abs();
            }
        }
        total
    }

    /// Every order-preserving assignment of `n` cells to `m` columns.
    fn assignments(n: usize, m: usize, from: usize, prefix: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if prefix.len() == n {
            out.push(prefix.clone());
            return;
        }
        for c in from..m {
            prefix.push(c);
            assignments(n, m, c + 1, prefix, out);
            prefix.pop();
        }
    }

    proptest::proptest! {
        /// The dynamic programme finds the best placement there is: its
        /// columns rise, and no order-preserving assignment scores higher.
        #[test]
        fn best_placement_is_optimal(
            cells in proptest::collection::vec((0usize..3, 0usize..9, proptest::bool::ANY, proptest::bool::ANY), 1..6),
            slots in proptest::collection::vec(0usize..12, 1..9),
        ) {
            let mut pos = 0;
            let filled: Vec<(usize, Kinds)> = cells
                .iter()
                .map(|&(gap, k, also, weight)| {
                    pos += gap;
                    let kind = ALL_KINDS[k];
                    let at = pos;
                    pos += 1;
                    (at, Kinds(kind, (also && kind == CellKind::Level1).then_some(CellKind::Level2), weight))
                })
                .collect();
            let slots: Vec<Slot> = slots.iter().map(|&s| ALL_SLOTS[s]).collect();
            let mut all = Vec::new();
            assignments(filled.len(), slots.len(), 0, &mut Vec::new(), &mut all);
            let best = all.iter().map(|cols| placement_score(&filled, &slots, cols)).fold(f32::NEG_INFINITY, f32::max);
            match best_placement(&filled, &slots) {
                None => proptest::prop_assert!(all.is_empty()),
                Some((score, cols)) => {
                    proptest::prop_assert!(cols.windows(2).all(|w| w[0] < w[1]) && cols.iter().all(|&c| c < slots.len()));
                    proptest::prop_assert!((score - placement_score(&filled, &slots, &cols)).abs() < 1e-3);
                    proptest::prop_assert!((score - best).abs() < 1e-3, "{score} found, {best} possible");
                }
            }
        }
    }
}
