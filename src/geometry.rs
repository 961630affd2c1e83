//! Plain geometry in PDF user space.
//!
//! Every box in Dossier is in PDF points (1/72 inch) in the page's default user space, origin at the
//! bottom-left corner, y growing upwards, before any `/Rotate`. Names carry the space where it matters
//! (`bbox_in_page_pt`, `screen_from_page`).

use serde::{Deserialize, Serialize};

/// An axis-aligned rectangle in PDF points, origin bottom-left: `x0 <= x1`, `y0 <= y1`.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(from = "[f64; 4]", into = "[f64; 4]")]
pub struct Rect {
    /// Left edge.
    pub x0: f64,
    /// Bottom edge.
    pub y0: f64,
    /// Right edge.
    pub x1: f64,
    /// Top edge.
    pub y1: f64,
}

impl From<[f64; 4]> for Rect {
    fn from(a: [f64; 4]) -> Self {
        Rect::new(a[0], a[1], a[2], a[3])
    }
}

impl From<Rect> for [f64; 4] {
    fn from(r: Rect) -> Self {
        [r.x0, r.y0, r.x1, r.y1]
    }
}

impl Rect {
    /// A rectangle from two corners in any order.
    pub fn new(xa: f64, ya: f64, xb: f64, yb: f64) -> Self {
        Rect {
            x0: xa.min(xb),
            y0: ya.min(yb),
            x1: xa.max(xb),
            y1: ya.max(yb),
        }
    }

    /// The smallest rectangle holding all `points`; `None` when there are none or one is not finite.
    pub fn bounding(points: impl IntoIterator<Item = Point>) -> Option<Self> {
        let mut it = points.into_iter();
        let first = it.next()?;
        let mut r = Rect::new(first.x, first.y, first.x, first.y);
        for p in it {
            r.x0 = r.x0.min(p.x);
            r.y0 = r.y0.min(p.y);
            r.x1 = r.x1.max(p.x);
            r.y1 = r.y1.max(p.y);
        }
        r.is_finite().then_some(r)
    }

    /// Width in points.
    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }

    /// Height in points.
    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }

    /// Area in square points.
    pub fn area(&self) -> f64 {
        self.width().max(0.0) * self.height().max(0.0)
    }

    /// Centre point.
    pub fn center(&self) -> Point {
        Point {
            x: (self.x0 + self.x1) / 2.0,
            y: (self.y0 + self.y1) / 2.0,
        }
    }

    /// All four coordinates are finite numbers.
    pub fn is_finite(&self) -> bool {
        self.x0.is_finite() && self.y0.is_finite() && self.x1.is_finite() && self.y1.is_finite()
    }

    /// The overlap of two rectangles, `None` when they do not overlap with positive area.
    pub fn intersection(&self, other: &Rect) -> Option<Rect> {
        let r = Rect {
            x0: self.x0.max(other.x0),
            y0: self.y0.max(other.y0),
            x1: self.x1.min(other.x1),
            y1: self.y1.min(other.y1),
        };
        (r.x0 < r.x1 && r.y0 < r.y1).then_some(r)
    }

    /// The smallest rectangle holding both.
    pub fn union(&self, other: &Rect) -> Rect {
        Rect {
            x0: self.x0.min(other.x0),
            y0: self.y0.min(other.y0),
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
        }
    }

    /// `p` lies inside or on the border.
    pub fn contains(&self, p: Point) -> bool {
        p.x >= self.x0 && p.x <= self.x1 && p.y >= self.y0 && p.y <= self.y1
    }

    /// Grown by `d` points on every side (shrunk when `d` is negative).
    pub fn inflate(&self, d: f64) -> Rect {
        Rect::new(self.x0 - d, self.y0 - d, self.x1 + d, self.y1 + d)
    }

    /// Share of `self`'s area covered by `other`, in 0..=1.
    pub fn covered_by(&self, other: &Rect) -> f64 {
        let a = self.area();
        if a <= 0.0 {
            return if other.contains(self.center()) {
                1.0
            } else {
                0.0
            };
        }
        self.intersection(other).map_or(0.0, |i| i.area() / a)
    }

    /// Rounded to 2 decimals, for stable output.
    pub fn rounded(&self) -> Rect {
        let r = |v: f64| (v * 100.0).round() / 100.0;
        Rect {
            x0: r(self.x0),
            y0: r(self.y0),
            x1: r(self.x1),
            y1: r(self.y1),
        }
    }
}

/// A point in PDF points.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Point {
    /// Horizontal position.
    pub x: f64,
    /// Vertical position (up).
    pub y: f64,
}

impl Point {
    /// A point.
    pub fn new(x: f64, y: f64) -> Self {
        Point { x, y }
    }
}

/// A PDF transformation matrix `[a b c d e f]`: `x' = a x + c y + e`, `y' = b x + d y + f`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Matrix {
    /// Coefficients `a b c d e f`.
    pub m: [f64; 6],
}

impl Default for Matrix {
    fn default() -> Self {
        Matrix::IDENTITY
    }
}

impl Matrix {
    /// The identity.
    pub const IDENTITY: Matrix = Matrix {
        m: [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
    };

    /// A matrix from its six coefficients.
    pub fn new(a: f64, b: f64, c: f64, d: f64, e: f64, f: f64) -> Self {
        Matrix {
            m: [a, b, c, d, e, f],
        }
    }

    /// A translation.
    pub fn translate(tx: f64, ty: f64) -> Self {
        Matrix::new(1.0, 0.0, 0.0, 1.0, tx, ty)
    }

    /// `self` then `then`: the PDF convention `self × then` (e.g. `Tm × CTM`).
    pub fn then(&self, then: &Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.m;
        let [a2, b2, c2, d2, e2, f2] = then.m;
        Matrix::new(
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        )
    }

    /// The user space turned clockwise by `degrees` (a multiple of 90; others are the identity):
    /// text drawn `degrees` anticlockwise then reads left to right.
    pub fn quarter_turn_cw(degrees: u16) -> Matrix {
        match degrees % 360 {
            90 => Matrix::new(0.0, -1.0, 1.0, 0.0, 0.0, 0.0),
            180 => Matrix::new(-1.0, 0.0, 0.0, -1.0, 0.0, 0.0),
            270 => Matrix::new(0.0, 1.0, -1.0, 0.0, 0.0, 0.0),
            _ => Matrix::IDENTITY,
        }
    }

    /// Maps a point.
    pub fn apply(&self, p: Point) -> Point {
        let [a, b, c, d, e, f] = self.m;
        Point::new(a * p.x + c * p.y + e, b * p.x + d * p.y + f)
    }

    /// Maps a rectangle and returns the bounding box of the four mapped corners.
    pub fn apply_rect(&self, r: &Rect) -> Rect {
        let pts = [
            self.apply(Point::new(r.x0, r.y0)),
            self.apply(Point::new(r.x1, r.y0)),
            self.apply(Point::new(r.x1, r.y1)),
            self.apply(Point::new(r.x0, r.y1)),
        ];
        Rect::bounding(pts).unwrap_or_default()
    }

    /// The inverse map, `None` when the matrix is singular.
    pub fn invert(&self) -> Option<Matrix> {
        let [a, b, c, d, e, f] = self.m;
        let det = a * d - b * c;
        if det.abs() < 1e-12 || !det.is_finite() {
            return None;
        }
        Some(Matrix::new(
            d / det,
            -b / det,
            -c / det,
            a / det,
            (c * f - d * e) / det,
            (b * e - a * f) / det,
        ))
    }

    /// All coefficients finite.
    pub fn is_finite(&self) -> bool {
        self.m.iter().all(|v| v.is_finite())
    }

    /// Rough scale factor (geometric mean of the axis lengths), for font sizes and line widths.
    pub fn scale(&self) -> f64 {
        let [a, b, c, d, _, _] = self.m;
        ((a * a + b * b).sqrt() * (c * c + d * d).sqrt()).sqrt()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrix_concat_follows_pdf_order() {
        // Scale by 2 then translate by 10: (1,1) -> (2,2) -> (12,12).
        let m = Matrix::new(2.0, 0.0, 0.0, 2.0, 0.0, 0.0).then(&Matrix::translate(10.0, 10.0));
        assert_eq!(m.apply(Point::new(1.0, 1.0)), Point::new(12.0, 12.0));
    }

    #[test]
    fn rect_overlap_and_cover() {
        let a = Rect::new(0.0, 0.0, 10.0, 10.0);
        let b = Rect::new(5.0, 0.0, 20.0, 10.0);
        assert_eq!(a.intersection(&b), Some(Rect::new(5.0, 0.0, 10.0, 10.0)));
        assert!((a.covered_by(&b) - 0.5).abs() < 1e-9);
        assert!(a.intersection(&Rect::new(11.0, 0.0, 12.0, 1.0)).is_none());
    }
}
