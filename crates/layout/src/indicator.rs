//! Indicator tables (and project tables, which are indicator tables without
//! indicator columns): rows to project rows and indicator rows.
//!
//! A row may carry a project (its name, amounts, goal) and up to one
//! indicator per block (one block, or an overall and an annual block). Cells
//! of spanning columns left empty (department, project, 一级/二级指标) are
//! filled down from the rows above, and the record says so.
//!
//! Rows that lost their leading (project) cells are realigned under the
//! indicator columns. A single such row ends the span of the project above
//! it (seen at project boundaries when the merged cells end), so it belongs
//! to that project. A run of two or more such rows means the project rows
//! above them were lost, so they are kept with no project and a warning:
//! guessing would attach another project's targets to the wrong one.
use std::sync::Arc;

use budget_grammar::{Field, Scope};
use budget_normalize::Row;

use crate::align::{align_cached, column_slot, KindCache, Slot};
use crate::budget::{is_total_label, ItemRow};
use crate::header::Header;
use crate::{Layout, Note, TableInfo, TableKind};

/// A row of a project table, or the project part of an indicator-table row,
/// or a form's project block.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectRow {
    /// Line.
    pub line: u32,
    /// Table index.
    pub table: usize,
    /// Name as printed (normalized).
    pub name: String,
    /// Department.
    pub department: Option<String>,
    /// Parent project.
    pub parent: Option<String>,
    /// (label, printed amount, unit).
    pub amounts: Vec<(String, String, Option<String>)>,
    /// Annual goal.
    pub goal: Option<String>,
    /// Other key-value fields (forms).
    pub attributes: Vec<(String, String)>,
    /// Spellings reconciled into `name`.
    pub variants: Vec<String>,
    /// Repairs.
    pub repairs: Vec<String>,
}

/// An indicator read from one block of one row.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorRow {
    /// Line.
    pub line: u32,
    /// Table index.
    pub table: usize,
    /// Project (canonical spelling), or `None` when it cannot be attributed.
    /// This and the other texts a table repeats on every row below them
    /// (department, 一级/二级指标) are shared, not copied, between the rows.
    pub project: Option<Arc<str>>,
    /// Department.
    pub department: Option<Arc<str>>,
    /// Block.
    pub scope: Scope,
    /// 一级指标.
    pub level1: Option<Arc<str>>,
    /// 二级指标.
    pub level2: Option<Arc<str>>,
    /// Name cell.
    pub name: String,
    /// Operator cell.
    pub op: String,
    /// Value cell.
    pub value: String,
    /// Unit cell.
    pub unit: String,
    /// Weight cell.
    pub weight: String,
    /// The block's goal text (for reconciling project spellings).
    pub goal: String,
    /// Repairs.
    pub repairs: Vec<String>,
}

/// The 一级 and 二级指标 in force in one block, filled down from the rows
/// above.
pub(crate) type Levels = (Option<Arc<str>>, Option<Arc<str>>);

/// Column indices of one indicator block.
#[derive(Debug, Clone, Default)]
pub(crate) struct Block {
    pub scope: Option<Scope>,
    pub level1: Option<usize>,
    pub level2: Option<usize>,
    pub name: Option<usize>,
    pub op: Option<usize>,
    pub value: Option<usize>,
    pub unit: Option<usize>,
    pub weight: Option<usize>,
    pub goal: Option<usize>,
}

impl Block {
    pub(crate) fn of(header: &Header, scope: Option<Scope>) -> Block {
        let f = |mk: fn(Option<Scope>) -> Field| header.find(&mk(scope));
        Block {
            scope,
            level1: f(Field::Level1),
            level2: f(Field::Level2),
            name: f(Field::Name),
            op: f(Field::Op),
            value: f(Field::Value),
            unit: f(Field::Unit),
            weight: f(Field::Weight),
            goal: f(Field::Goal).or_else(|| header.find_by(|x| matches!(x, Field::Goal(_)))),
        }
    }

    fn first_column(&self) -> Option<usize> {
        [self.level1, self.level2, self.name, self.op, self.value].into_iter().flatten().min()
    }
}

/// True when a block of the row states a target: a name, or a value that
/// is more than a bare number (a bare number alone, with no name,
/// comparison or unit, is typically a weight total that drifted).
fn block_has_indicator(block: &Block, cells: &[&str]) -> bool {
    let (name, value) = (cell(cells, block.name), cell(cells, block.value));
    let bare_number = cell(cells, block.op).is_empty()
        && cell(cells, block.unit).is_empty()
        && budget_grammar::is_amount(value);
    !name.is_empty() || (!value.is_empty() && !bare_number)
}

fn cell<'r>(cells: &[&'r str], i: Option<usize>) -> &'r str {
    i.and_then(|i| cells.get(i)).copied().unwrap_or("")
}

/// Where a table keeps each kind of column, worked out once per table.
struct Columns {
    slots: Vec<Slot>,
    blocks: Vec<Block>,
    project: Option<usize>,
    department: Option<usize>,
    parent: Option<usize>,
    seq: Option<usize>,
    overview: Option<usize>,
    amounts: Vec<usize>,
    goal: Option<usize>,
    has_weights: bool,
    first_indicator: Option<usize>,
    first_lead: Option<usize>,
}

impl Columns {
    fn of(header: &Header, kind: TableKind) -> Columns {
        let blocks: Vec<Block> = if kind == TableKind::Indicators {
            header.scopes().into_iter().map(|s| Block::of(header, s)).collect()
        } else {
            Vec::new()
        };
        let project = header.find(&Field::Project);
        let department = header.find(&Field::Department);
        let parent = header.find(&Field::ParentProject);
        let seq = header.find(&Field::Seq);
        Columns {
            slots: header.columns.iter().map(column_slot).collect(),
            has_weights: blocks.iter().any(|b| b.weight.is_some()),
            first_indicator: blocks.iter().filter_map(Block::first_column).min(),
            first_lead: [project, department, parent, seq].into_iter().flatten().min(),
            blocks,
            project,
            department,
            parent,
            seq,
            overview: header.find(&Field::Overview),
            amounts: header.columns.iter().enumerate().filter(|(_, c)| c.field == Some(Field::Amount)).map(|(i, _)| i).collect(),
            goal: header.find(&Field::Goal(Some(Scope::Annual))).or_else(|| header.find(&Field::Goal(None))),
        }
    }
}

/// Per-table reading state.
struct State {
    project: Option<Arc<str>>,
    department: Option<Arc<str>>,
    parent: Option<String>,
    levels: Vec<Levels>,
    /// Whether the current project's goal has been read.
    goal_seen: bool,
    /// Indices (into `out.indicators`) of the current run of rows that lost their leading cells.
    lost_run: Vec<(u32, Vec<usize>)>,
}

/// Reads one table's rows into project and indicator rows.
struct Reader<'a, 'r> {
    header: &'a Header,
    info: &'a TableInfo,
    table: usize,
    cols: Columns,
    st: State,
    kinds: &'a mut KindCache<'r>,
}

/// One row after alignment.
struct Placed<'r> {
    row: &'r Row,
    cells: Vec<&'r str>,
    repairs: Vec<String>,
    lost_leading: bool,
}

/// Reads the body of an indicator or project table, typing cells through
/// `kinds` (one cache for the document: its tables repeat the same words).
pub(crate) fn read<'r>(header: &Header, info: &TableInfo, table: usize, rows: &[&'r Row], out: &mut Layout, kinds: &mut KindCache<'r>) {
    let cols = Columns::of(header, info.kind);
    let st = State {
        project: None,
        department: None,
        parent: None,
        levels: vec![(None, None); cols.blocks.len()],
        goal_seen: false,
        lost_run: Vec::new(),
    };
    let mut reader = Reader { header, info, table, cols, st, kinds };
    // Most rows of an indicator table give one indicator: reserving for
    // them spares copying the (large) rows over and over as the vector grows.
    out.indicators.reserve(rows.len());
    for row in rows {
        reader.row(row, out);
    }
    flush_lost_run(&mut reader.st, out);
}

impl<'r> Reader<'_, 'r> {
    /// Reads one row; a row that yields nothing (no project, indicator,
    /// total or note) is named by an `unused-row` note, so that no row of the
    /// table is dropped without a word, whatever path it took.
    fn row(&mut self, row: &'r Row, out: &mut Layout) {
        let before = (out.indicators.len(), out.projects.len(), out.totals.len(), out.notes.len());
        self.read_row(row, out);
        let line = row.line;
        // Notes written now may be about earlier rows: what counts is that
        // something names this row (or will, when its run of rows that lost
        // their project cells is settled).
        let named = out.indicators[before.0..].iter().any(|r| r.line == line)
            || out.projects[before.1..].iter().any(|r| r.line == line)
            || out.totals[before.2..].iter().any(|r| r.line == line)
            || out.notes[before.3..].iter().any(|n| n.lines.contains(&line))
            || self.st.lost_run.iter().any(|(l, _)| *l == line);
        if !named && !row.is_blank() {
            out.notes.push(unused(row, "gave no project, indicator or total"));
        }
    }

    fn read_row(&mut self, row: &'r Row, out: &mut Layout) {
        let a = align_cached(row, &self.cols.slots, self.kinds);
        // The row starts where the leading (project) columns do, not
        // necessarily in column 0: a remapped header can start with a blank.
        let lost_leading = a.moved
            && matches!((a.first, self.cols.first_indicator, self.cols.first_lead), (Some((from, to)), Some(fi), Some(lead)) if from <= lead && to >= fi && lead < fi);
        let repairs = if a.moved { vec!["cells-realigned".to_string()] } else { Vec::new() };
        let mut r = Placed { row, cells: a.cells, repairs, lost_leading };
        let lead = [self.cols.seq, self.cols.project].into_iter().flatten().map(|c| cell(&r.cells, Some(c))).find(|t| !t.is_empty());
        if lead.is_some_and(is_total_label) {
            out.totals.push(total_row(self.header, self.info, self.table, row, &r.cells, &self.cols.amounts));
            return;
        }
        // Which blocks of the row state a target, worked out once.
        let stated: Vec<bool> = self.cols.blocks.iter().map(|b| block_has_indicator(b, &r.cells)).collect();
        let has_indicator = stated.contains(&true);
        if self.group_row(&r, has_indicator, out) {
            return;
        }
        if let Some(p) = self.cols.parent.map(|c| r.cells[c]).filter(|p| !p.is_empty()).map(str::to_string) {
            self.st.parent = Some(p);
        }
        let has_amounts = self.cols.amounts.iter().any(|&c| !r.cells[c].is_empty());
        if !cell(&r.cells, self.cols.project).is_empty() {
            self.project_row(&r, has_indicator, has_amounts, out);
        } else if has_indicator && self.cols.project.is_some() {
            if !r.lost_leading {
                r.repairs.push("project-filled-down".into());
            }
        } else if !has_indicator && !has_amounts {
            out.notes.push(unused(row, "fits no column of the table"));
            return;
        }
        let before = out.indicators.len();
        for (b, &states) in stated.iter().enumerate() {
            self.push_indicator(b, states, &r, out);
        }
        track_lost_rows(r.lost_leading, row.line, before, &mut self.st, out);
    }

    /// A row naming only a unit heads the projects below it: in the
    /// department column, or alone in the project column of a table whose
    /// projects carry amounts. Returns true when the row was one.
    fn group_row(&mut self, r: &Placed, has_indicator: bool, out: &mut Layout) -> bool {
        if let Some(d) = self.cols.department.map(|c| r.cells[c]).filter(|d| !d.is_empty()) {
            self.st.department = Some(d.into());
            if r.row.filled() != 1 {
                return false;
            }
            out.notes.push(Note { lines: vec![r.row.line], warning: false, code: "group-row", message: format!("\"{d}\" names the unit of the projects below it") });
            return true;
        }
        let name = cell(&r.cells, self.cols.project);
        let lone = r.row.filled() == 1 && !name.is_empty() && !self.cols.amounts.is_empty();
        if lone && !has_indicator {
            out.notes.push(Note { lines: vec![r.row.line], warning: false, code: "group-row", message: format!("\"{name}\" names the unit of the projects below it") });
            self.st.department = Some(name.into());
            self.st.project = None;
            return true;
        }
        false
    }

    /// A row with a project name: the project starts (or continues). A
    /// project row is kept when the project starts, and when a later row of
    /// it brings amounts or the goal it did not yet have.
    fn project_row(&mut self, r: &Placed, has_indicator: bool, has_amounts: bool, out: &mut Layout) {
        let name = cell(&r.cells, self.cols.project);
        let changed = self.st.project.as_deref() != Some(name);
        if changed {
            self.st.levels.iter_mut().for_each(|l| *l = (None, None));
            self.st.goal_seen = false;
            self.st.project = Some(name.into());
        }
        let name = name.to_string();
        let goal = self.cols.goal.map(|c| r.cells[c]).filter(|g| !g.is_empty()).map(str::to_string);
        if !(changed || has_amounts || (goal.is_some() && !self.st.goal_seen)) {
            return;
        }
        self.st.goal_seen |= goal.is_some();
        // On a project's heading row of a table with weights, the numbers
        // are weight totals that drifted, not money.
        let weights_only = !has_indicator && self.cols.has_weights;
        let header = self.header;
        let amounts = self
            .cols
            .amounts
            .iter()
            .filter(|&&c| !weights_only && !r.cells[c].is_empty())
            .map(|&c| (header.columns[c].label.clone(), r.cells[c].to_string(), header.columns[c].unit.clone().or(self.info.unit.clone())))
            .collect();
        let overview = self.cols.overview.map(|c| r.cells[c]).filter(|o| !o.is_empty()).map(str::to_string);
        out.projects.push(ProjectRow {
            line: r.row.line,
            table: self.table,
            name,
            department: self.st.department.as_deref().map(String::from),
            parent: self.st.parent.clone(),
            amounts,
            goal,
            variants: Vec::new(),
            attributes: overview.map(|o| vec![("项目概况".to_string(), o)]).unwrap_or_default(),
            repairs: r.repairs.clone(),
        });
    }

    /// The indicator of block `b` of the row, if it states one (`states`).
    fn push_indicator(&mut self, b: usize, states: bool, r: &Placed, out: &mut Layout) {
        let block = &self.cols.blocks[b];
        let cells = &r.cells;
        let (name, value) = (cell(cells, block.name), cell(cells, block.value));
        if name.is_empty() && value.is_empty() {
            return;
        }
        if !states {
            out.notes.push(Note {
                lines: vec![r.row.line],
                warning: true,
                code: "number-without-indicator",
                message: format!("the number {value} stands alone in an indicator block (no name, comparison or unit); it is not taken as a target"),
            });
            return;
        }
        let mut repairs = r.repairs.clone();
        let (level1, level2) = fill_levels(
            &mut self.st.levels[b],
            (block.level1.is_some(), cell(cells, block.level1)),
            (block.level2.is_some(), cell(cells, block.level2)),
            &mut repairs,
        );
        out.indicators.push(IndicatorRow {
            line: r.row.line,
            table: self.table,
            project: self.st.project.clone(),
            department: self.st.department.clone(),
            scope: block.scope.unwrap_or(Scope::Annual),
            level1,
            level2,
            name: name.to_string(),
            op: cell(cells, block.op).to_string(),
            value: value.to_string(),
            unit: cell(cells, block.unit).to_string(),
            weight: cell(cells, block.weight).to_string(),
            goal: cell(cells, block.goal).to_string(),
            repairs,
        });
    }
}

/// Fills 一级/二级指标 down from the rows above when a row leaves them empty
/// (they are spanning cells). A new 一级指标 ends the 二级指标 above it.
/// Each argument pair is (the table has this column, the cell's text).
pub(crate) fn fill_levels(
    levels: &mut Levels,
    (has1, t1): (bool, &str),
    (has2, t2): (bool, &str),
    repairs: &mut Vec<String>,
) -> Levels {
    // A text repeated from the row above keeps the one already shared.
    if !t1.is_empty() {
        if levels.0.as_deref() != Some(t1) {
            levels.1 = None;
            levels.0 = Some(t1.into());
        }
    } else if has1 && levels.0.is_some() {
        repairs.push("level1-filled-down".into());
    }
    if !t2.is_empty() {
        if levels.1.as_deref() != Some(t2) {
            levels.1 = Some(t2.into());
        }
    } else if has2 && levels.1.is_some() {
        repairs.push("level2-filled-down".into());
    }
    (levels.0.clone().filter(|_| has1), levels.1.clone().filter(|_| has2))
}

/// The `unused-row` note for a row, saying `why` and showing its cells.
fn unused(row: &Row, why: &str) -> Note {
    let text = row.texts().collect::<Vec<_>>().join(" | ");
    Note { lines: vec![row.line], warning: true, code: "unused-row", message: format!("this row {why} and was not used: {text}") }
}

fn track_lost_rows(lost: bool, line: u32, before: usize, st: &mut State, out: &mut Layout) {
    // A row that yielded no indicator is not part of a run: it is noted as
    // unused on its own.
    if lost && out.indicators.len() > before {
        st.lost_run.push((line, (before..out.indicators.len()).collect()));
    } else {
        flush_lost_run(st, out);
    }
}

/// Settles a run of rows that lost their leading cells (see the module doc).
fn flush_lost_run(st: &mut State, out: &mut Layout) {
    let run = std::mem::take(&mut st.lost_run);
    match run.len() {
        0 => {}
        1 => {
            for &i in &run[0].1 {
                out.indicators[i].repairs.push("project-from-row-above".into());
            }
        }
        n => {
            let lines: Vec<u32> = run.iter().map(|(l, _)| *l).collect();
            for (_, idx) in &run {
                for &i in idx {
                    out.indicators[i].project = None;
                }
            }
            out.notes.push(Note {
                lines,
                warning: true,
                code: "unattributed-rows",
                message: format!(
                    "{n} consecutive indicator rows lost their project cells (the project rows above them are missing), so they are kept with no project"
                ),
            });
            st.project = None;
        }
    }
}

fn total_row(header: &Header, info: &TableInfo, table: usize, row: &Row, cells: &[&str], amount_cols: &[usize]) -> ItemRow {
    ItemRow {
        line: row.line,
        table,
        code: None,
        label: "合计".into(),
        name: "合计".into(),
        indent: 0,
        parent: None,
        side: None,
        level: 0,
        part: 0,
        depth: 0,
        values: amount_cols
            .iter()
            .filter(|&&c| !cells[c].is_empty())
            .map(|&c| (header.columns[c].label.clone(), cells[c].to_string()))
            .collect(),
        unit: header.columns.iter().find_map(|c| c.unit.clone()).or(info.unit.clone()),
        repairs: Vec::new(),
    }
}
