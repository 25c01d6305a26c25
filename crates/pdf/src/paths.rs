//! Path construction (ISO 32000-1 §8.5.2) and the ruling segments a paint
//! operator leaves: horizontal and vertical line segments of stroked paths
//! (so the four edges of a stroked rectangle) and the centre lines of thin
//! filled rectangles, which many producers (WPS, Excel) draw instead of
//! lines. Curves and large fills (cell shading) give no rules.
//!
//! Points arrive already in page space (top-left origin, y down), because
//! `cm` cannot change inside a path.

use crate::limits::MAX_PATH_POINTS;
use crate::Rule;

/// Segments within this many points of horizontal or vertical count as
/// axis-aligned: producers round coordinates, we should not care.
const AXIS_TOLERANCE: f64 = 0.5;
/// A filled rectangle at most this thick is a rule.
const MAX_RULE_THICKNESS: f64 = 2.0;

type Point = (f64, f64);

/// One subpath: points, each flagged true when reached by a straight line.
#[derive(Debug, Default)]
struct Subpath {
    points: Vec<(Point, bool)>,
    closed: bool,
    curved: bool,
}

/// The current path.
#[derive(Debug, Default)]
pub(crate) struct Path {
    subpaths: Vec<Subpath>,
    count: usize,
    /// Start of the last subpath, where `h` returns the pen.
    start: Option<Point>,
}

impl Path {
    fn push(&mut self, p: Point, line: bool) {
        if self.count >= MAX_PATH_POINTS {
            return;
        }
        self.count += 1;
        match self.subpaths.last_mut() {
            Some(sub) if !sub.closed => {
                sub.curved |= !line;
                sub.points.push((p, line));
            }
            // `l` after `h` (or with no `m`) starts from the last start point.
            _ => {
                let from = self.start.unwrap_or(p);
                self.subpaths.push(Subpath { points: vec![(from, false), (p, line)], closed: false, curved: !line });
            }
        }
    }

    /// `m`.
    pub(crate) fn move_to(&mut self, p: Point) {
        if self.count >= MAX_PATH_POINTS {
            return;
        }
        self.count += 1;
        self.start = Some(p);
        self.subpaths.push(Subpath { points: vec![(p, false)], closed: false, curved: false });
    }

    /// `l`.
    pub(crate) fn line_to(&mut self, p: Point) {
        self.push(p, true);
    }

    /// `c`, `v`, `y`: only the end point matters for rules.
    pub(crate) fn curve_to(&mut self, p: Point) {
        self.push(p, false);
    }

    /// `h`.
    pub(crate) fn close(&mut self) {
        if let Some(sub) = self.subpaths.last_mut() {
            sub.closed = true;
        }
    }

    /// `re`, given its four corners in drawing order.
    pub(crate) fn rect(&mut self, corners: [Point; 4]) {
        self.move_to(corners[0]);
        for &c in &corners[1..] {
            self.line_to(c);
        }
        self.close();
    }

    /// Paints the path (`stroke` and/or `fill` rules go to `out`) and
    /// starts a new one.
    pub(crate) fn paint(&mut self, stroke: bool, fill: bool, out: &mut Vec<Rule>) {
        for sub in &self.subpaths {
            if stroke {
                stroke_rules(sub, out);
            }
            if fill {
                fill_rule(sub, out);
            }
        }
        self.subpaths.clear();
        self.count = 0;
    }
}

fn stroke_rules(sub: &Subpath, out: &mut Vec<Rule>) {
    for pair in sub.points.windows(2) {
        if pair[1].1 {
            push_segment(pair[0].0, pair[1].0, out);
        }
    }
    if let (true, Some(first), Some(last)) = (sub.closed, sub.points.first(), sub.points.last()) {
        push_segment(last.0, first.0, out);
    }
}

/// Adds a segment if it is horizontal or vertical.
fn push_segment(a: Point, b: Point, out: &mut Vec<Rule>) {
    let (dx, dy) = ((b.0 - a.0).abs(), (b.1 - a.1).abs());
    if dy <= AXIS_TOLERANCE && dx > AXIS_TOLERANCE {
        let y = ((a.1 + b.1) / 2.0) as f32;
        out.push(Rule { x0: a.0.min(b.0) as f32, y0: y, x1: a.0.max(b.0) as f32, y1: y });
    } else if dx <= AXIS_TOLERANCE && dy > AXIS_TOLERANCE {
        let x = ((a.0 + b.0) / 2.0) as f32;
        out.push(Rule { x0: x, y0: a.1.min(b.1) as f32, x1: x, y1: a.1.max(b.1) as f32 });
    }
}

/// A filled subpath that is an axis-aligned rectangle no thicker than
/// [`MAX_RULE_THICKNESS`] becomes its centre line.
fn fill_rule(sub: &Subpath, out: &mut Vec<Rule>) {
    if sub.curved || sub.points.len() < 3 {
        return;
    }
    let pts: Vec<Point> = sub.points.iter().map(|p| p.0).collect();
    let edges = pts.iter().zip(pts.iter().cycle().skip(1));
    let axis_aligned = edges
        .take(pts.len())
        .all(|(a, b)| (a.0 - b.0).abs() <= AXIS_TOLERANCE || (a.1 - b.1).abs() <= AXIS_TOLERANCE);
    if !axis_aligned {
        return;
    }
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in &pts {
        (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
    }
    let (w, h) = (x1 - x0, y1 - y0);
    if h <= MAX_RULE_THICKNESS && w > h && w > AXIS_TOLERANCE {
        let y = ((y0 + y1) / 2.0) as f32;
        out.push(Rule { x0: x0 as f32, y0: y, x1: x1 as f32, y1: y });
    } else if w <= MAX_RULE_THICKNESS && h > w && h > AXIS_TOLERANCE {
        let x = ((x0 + x1) / 2.0) as f32;
        out.push(Rule { x0: x, y0: y0 as f32, x1: x, y1: y1 as f32 });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stroked_rectangle_gives_four_edges() {
        let mut p = Path::default();
        p.rect([(0.0, 0.0), (10.0, 0.0), (10.0, 5.0), (0.0, 5.0)]);
        let mut out = Vec::new();
        p.paint(true, false, &mut out);
        assert_eq!(out.len(), 4);
    }

    #[test]
    fn thin_fill_is_a_rule_thick_fill_is_not() {
        let mut p = Path::default();
        p.rect([(0.0, 10.0), (100.0, 10.0), (100.0, 10.5), (0.0, 10.5)]);
        p.rect([(0.0, 20.0), (100.0, 20.0), (100.0, 40.0), (0.0, 40.0)]);
        let mut out = Vec::new();
        p.paint(false, true, &mut out);
        assert_eq!(out, vec![Rule { x0: 0.0, y0: 10.25, x1: 100.0, y1: 10.25 }]);
    }
}
