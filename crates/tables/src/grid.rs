//! Ruled grids: tables whose cells are drawn with lines.
//!
//! Horizontal and vertical rules that touch form a grid. Its cells lie
//! between consecutive distinct rule positions; where the rule between two
//! neighbouring cells is missing they are one spanning cell, whose text is
//! given to its top-left cell (the others stay empty, as in text dumps).
use budget_pdf::{Glyph, Rule};

use crate::lines::join_cell;
use crate::PageRow;

/// Distance under which two rule positions are the same line (points).
pub(crate) const SNAP: f32 = 2.0;

#[derive(Debug, Clone, Copy)]
struct Seg {
    /// Position across the segment (y for horizontal, x for vertical).
    at: f32,
    from: f32,
    to: f32,
}

/// A grid of ruled cells.
#[derive(Debug, Clone)]
pub(crate) struct Grid {
    xs: Vec<f32>,
    ys: Vec<f32>,
    h: Vec<Seg>,
    v: Vec<Seg>,
}

/// Joins collinear segments that overlap or touch: segments are grouped by
/// position first (within `SNAP`), then joined along their length, so that
/// two separate tables whose rules sit at nearly the same position stay apart.
fn merge(mut segs: Vec<Seg>) -> Vec<Seg> {
    segs.sort_by(|a, b| a.at.total_cmp(&b.at));
    let mut out: Vec<Seg> = Vec::new();
    let mut i = 0;
    while i < segs.len() {
        let mut j = i + 1;
        while j < segs.len() && segs[j].at - segs[j - 1].at <= SNAP {
            j += 1;
        }
        let group = &mut segs[i..j];
        group.sort_by(|a, b| a.from.total_cmp(&b.from));
        let start = out.len();
        for s in group.iter() {
            let joins = out.len() > start && out.last().is_some_and(|l| s.from <= l.to + SNAP);
            match out.last_mut() {
                Some(l) if joins => l.to = l.to.max(s.to),
                _ => out.push(*s),
            }
        }
        i = j;
    }
    out
}

fn positions(segs: &[&Seg]) -> Vec<f32> {
    let mut at: Vec<f32> = segs.iter().map(|s| s.at).collect();
    at.sort_by(f32::total_cmp);
    let mut out: Vec<f32> = Vec::new();
    for a in at {
        if out.last().is_none_or(|l| a - l > SNAP) {
            out.push(a);
        }
    }
    out
}

fn crosses(h: &Seg, v: &Seg) -> bool {
    v.at >= h.from - SNAP && v.at <= h.to + SNAP && h.at >= v.from - SNAP && h.at <= v.to + SNAP
}

fn find(parent: &mut [usize], i: usize) -> usize {
    let mut r = i;
    while parent[r] != r {
        r = parent[r];
    }
    let mut i = i;
    while parent[i] != r {
        let next = parent[i];
        parent[i] = r;
        i = next;
    }
    r
}

/// Grids formed by the page's rules (at least two rows and one column of cells).
pub(crate) fn find_grids(rules: &[Rule]) -> Vec<Grid> {
    let long = |a: f32, b: f32| (a - b).abs() >= 3.0;
    let h = merge(
        rules
            .iter()
            .filter(|r| (r.y0 - r.y1).abs() <= 1.0 && long(r.x0, r.x1))
            .map(|r| Seg { at: (r.y0 + r.y1) / 2.0, from: r.x0.min(r.x1), to: r.x0.max(r.x1) })
            .collect(),
    );
    let v = merge(
        rules
            .iter()
            .filter(|r| (r.x0 - r.x1).abs() <= 1.0 && long(r.y0, r.y1))
            .map(|r| Seg { at: (r.x0 + r.x1) / 2.0, from: r.y0.min(r.y1), to: r.y0.max(r.y1) })
            .collect(),
    );
    let n = h.len() + v.len();
    let mut parent: Vec<usize> = (0..n).collect();
    for (i, hs) in h.iter().enumerate() {
        for (j, vs) in v.iter().enumerate() {
            if crosses(hs, vs) {
                let (a, b) = (find(&mut parent, i), find(&mut parent, h.len() + j));
                parent[a] = b;
            }
        }
    }
    let root_of: Vec<usize> = (0..n).map(|i| find(&mut parent, i)).collect();
    let mut roots = root_of.clone();
    roots.sort_unstable();
    roots.dedup();
    let mut grids = Vec::new();
    for root in roots {
        let hs: Vec<&Seg> = h.iter().enumerate().filter(|(i, _)| root_of[*i] == root).map(|(_, s)| s).collect();
        let vs: Vec<&Seg> = v.iter().enumerate().filter(|(j, _)| root_of[h.len() + j] == root).map(|(_, s)| s).collect();
        let (mut ys, xs) = (positions(&hs), positions(&vs));
        let mut h: Vec<Seg> = hs.into_iter().copied().collect();
        if ys.len() >= 2 && xs.len() >= 2 {
            close_open_edges(&mut ys, &mut h, &vs, &xs);
            grids.push(Grid { xs, ys, h, v: vs.into_iter().copied().collect() });
        }
    }
    grids
}

/// A table continued from the previous page is often printed without its
/// top rule (and one running on to the next page without its bottom rule),
/// yet its vertical rules still reach the edge of the rows they frame. Where
/// two or more vertical rules end together beyond the outermost horizontal
/// rule, the grid is closed there, so that the row they frame is read as
/// cells of the grid and not as loose text.
fn close_open_edges(ys: &mut Vec<f32>, h: &mut Vec<Seg>, vs: &[&Seg], xs: &[f32]) {
    let (left, right) = (xs[0], xs[xs.len() - 1]);
    let beyond = |ends: Vec<f32>| -> Option<f32> {
        let lo = ends.iter().copied().fold(f32::INFINITY, f32::min);
        let hi = ends.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        (ends.len() >= 2 && hi - lo <= SNAP).then_some((lo + hi) / 2.0)
    };
    let top = ys[0];
    if let Some(y) = beyond(vs.iter().map(|s| s.from).filter(|&f| f < top - SNAP).collect()) {
        ys.insert(0, y);
        h.push(Seg { at: y, from: left, to: right });
    }
    let bottom = ys[ys.len() - 1];
    if let Some(y) = beyond(vs.iter().map(|s| s.to).filter(|&t| t > bottom + SNAP).collect()) {
        ys.push(y);
        h.push(Seg { at: y, from: left, to: right });
    }
}

impl Grid {
    pub(crate) fn top(&self) -> f32 {
        self.ys[0]
    }

    /// Positions of the grid's vertical rules, left to right.
    pub(crate) fn xs(&self) -> &[f32] {
        &self.xs
    }

    fn has_v(&self, x: f32, y: f32) -> bool {
        self.v.iter().any(|s| (s.at - x).abs() <= SNAP && y >= s.from - SNAP && y <= s.to + SNAP)
    }

    fn has_h(&self, y: f32, x: f32) -> bool {
        self.h.iter().any(|s| (s.at - y).abs() <= SNAP && x >= s.from - SNAP && x <= s.to + SNAP)
    }

    fn band(edges: &[f32], at: f32) -> Option<usize> {
        (0..edges.len() - 1).find(|&i| at >= edges[i] && at < edges[i + 1])
    }

    /// The grid's rows, and the indices of the glyphs it took.
    pub(crate) fn rows(&self, glyphs: &[Glyph], taken: &[bool]) -> (Vec<PageRow>, Vec<usize>) {
        let (nr, nc) = (self.ys.len() - 1, self.xs.len() - 1);
        let mut parent: Vec<usize> = (0..nr * nc).collect();
        for r in 0..nr {
            let ymid = (self.ys[r] + self.ys[r + 1]) / 2.0;
            for c in 0..nc {
                let xmid = (self.xs[c] + self.xs[c + 1]) / 2.0;
                if c > 0 && !self.has_v(self.xs[c], ymid) {
                    let (a, b) = (find(&mut parent, r * nc + c), find(&mut parent, r * nc + c - 1));
                    parent[a.max(b)] = a.min(b);
                }
                if r > 0 && !self.has_h(self.ys[r], xmid) {
                    let (a, b) = (find(&mut parent, r * nc + c), find(&mut parent, (r - 1) * nc + c));
                    parent[a.max(b)] = a.min(b);
                }
            }
        }
        let mut texts: Vec<Vec<&Glyph>> = vec![Vec::new(); nr * nc];
        let mut used = Vec::new();
        // A glyph another grid of the page holds (grids may overlap on a
        // malformed page) is not read twice.
        for (i, g) in glyphs.iter().enumerate().filter(|&(i, _)| !taken[i]) {
            // A glyph belongs to the column it starts in: punctuation that
            // hangs over a cell's right border stays with its text.
            let (cx, cy) = (g.bbox[0] + 0.25 * (g.bbox[2] - g.bbox[0]), (g.bbox[1] + g.bbox[3]) / 2.0);
            if let (Some(c), Some(r)) = (Self::band(&self.xs, cx), Self::band(&self.ys, cy)) {
                let root = find(&mut parent, r * nc + c);
                texts[root].push(g);
                used.push(i);
            }
        }
        let mut rows = Vec::new();
        for r in 0..nr {
            let cells: Vec<String> = (0..nc)
                .map(|c| {
                    let k = r * nc + c;
                    if find(&mut parent, k) == k { join_cell(&texts[k]) } else { String::new() }
                })
                .collect();
            if cells.iter().any(|c| !c.is_empty()) {
                rows.push(PageRow { cells, bbox: [self.xs[0], self.ys[r], self.xs[nc], self.ys[r + 1]] });
            }
        }
        (rows, used)
    }
}
