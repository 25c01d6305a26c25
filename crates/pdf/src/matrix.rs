//! Affine matrices in the PDF convention (ISO 32000-1 §8.3.3): a point is
//! a row vector, `[x y 1] × M`, so `a × b` applies `a` first, then `b`.

/// `[a b c d e f]`: x' = a·x + c·y + e, y' = b·x + d·y + f.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Matrix(pub [f64; 6]);

impl Matrix {
    /// The identity.
    pub(crate) const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// A translation.
    pub(crate) fn translate(x: f64, y: f64) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, x, y])
    }

    /// Reads six numbers, or `None` when one is not finite (a NaN would
    /// poison every box drawn after it).
    pub(crate) fn from_slice(v: &[f64]) -> Option<Matrix> {
        let m: [f64; 6] = v.get(..6)?.try_into().ok()?;
        m.iter().all(|n| n.is_finite()).then_some(Matrix(m))
    }

    /// `self` applied first, then `other`.
    pub(crate) fn then(&self, other: &Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = other.0;
        Matrix([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    /// Transforms a point.
    pub(crate) fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    /// Length of the transformed unit y vector: how tall one unit of text
    /// space is on the page, whatever the rotation.
    pub(crate) fn y_scale(&self) -> f64 {
        let [_, _, c, d, _, _] = self.0;
        (c * c + d * d).sqrt()
    }

    /// Bounding box `[left, top, right, bottom]` of a rectangle given in
    /// this matrix's source space.
    pub(crate) fn bbox(&self, x0: f64, y0: f64, x1: f64, y1: f64) -> [f32; 4] {
        let pts = [self.apply(x0, y0), self.apply(x1, y0), self.apply(x0, y1), self.apply(x1, y1)];
        let mut b = [f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY];
        for (x, y) in pts {
            b[0] = b[0].min(x);
            b[1] = b[1].min(y);
            b[2] = b[2].max(x);
            b[3] = b[3].max(y);
        }
        b.map(|v| v as f32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn then_applies_left_first() {
        let scale = Matrix([2.0, 0.0, 0.0, 2.0, 0.0, 0.0]);
        let shift = Matrix::translate(10.0, 0.0);
        assert_eq!(scale.then(&shift).apply(1.0, 1.0), (12.0, 2.0));
        assert_eq!(shift.then(&scale).apply(1.0, 1.0), (22.0, 2.0));
    }
}
