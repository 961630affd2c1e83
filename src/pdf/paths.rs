//! Paths as the interpreter builds them (subpaths of points, curves flattened) and the shapes
//! read from them: an axis-aligned rectangle, the bands of a stepped outline, a box with rounded
//! corners, and what of a box a clip leaves visible. Plain geometry: no lopdf, no graphics state.

use crate::geometry::{Point, Rect};

/// Most points kept in one path (hostile files draw millions).
const MAX_PATH_POINTS: usize = 100_000;

/// One subpath: its points (curves flattened), and whether `h` (or a closing paint) closed it.
#[derive(Debug, Default)]
pub(super) struct Subpath {
    pub(super) pts: Vec<Point>,
    pub(super) closed: bool,
}

/// The path being built, up to its paint: subpaths, whether it has curves, how many points
/// (at most [`MAX_PATH_POINTS`]).
#[derive(Debug, Default)]
pub(super) struct PathBuilder {
    pub(super) subs: Vec<Subpath>,
    pub(super) curves: bool,
    pub(super) points: usize,
}

impl PathBuilder {
    pub(super) fn push(&mut self, p: Point, new_sub: bool) {
        if self.points >= MAX_PATH_POINTS || !p.x.is_finite() || !p.y.is_finite() {
            return;
        }
        self.points += 1;
        if new_sub || self.subs.is_empty() {
            self.subs.push(Subpath::default());
        }
        if let Some(s) = self.subs.last_mut() {
            s.pts.push(p);
        }
    }

    /// The current point: the last point of the last subpath.
    pub(super) fn current(&self) -> Option<Point> {
        self.subs.last().and_then(|s| s.pts.last()).copied()
    }

    /// A cubic Bézier from `p0` (already in the path), flattened to a few line segments.
    pub(super) fn curve(&mut self, p0: Point, c1: Point, c2: Point, end: Point) {
        const STEPS: u32 = 8;
        for k in 1..=STEPS {
            let t = f64::from(k) / f64::from(STEPS);
            let u = 1.0 - t;
            let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
            let p = Point::new(
                a * p0.x + b * c1.x + c * c2.x + d * end.x,
                a * p0.y + b * c1.y + c * c2.y + d * end.y,
            );
            self.push(p, false);
        }
    }

    pub(super) fn close(&mut self) {
        if let Some(s) = self.subs.last_mut() {
            s.closed = true;
        }
    }

    pub(super) fn bbox(&self) -> Option<Rect> {
        Rect::bounding(self.subs.iter().flat_map(|s| s.pts.iter().copied()))
    }
}

/// The subpath as an axis-aligned rectangle, when it is one.
pub(super) fn axis_rect(pts: &[Point]) -> Option<Rect> {
    const EPS: f64 = 0.05;
    let mut v: Vec<Point> = Vec::with_capacity(5);
    for p in pts {
        if v.last()
            .is_none_or(|q: &Point| (q.x - p.x).abs() > EPS || (q.y - p.y).abs() > EPS)
        {
            v.push(*p);
        }
    }
    if v.len() == 5
        && let (Some(a), Some(b)) = (v.first(), v.last())
        && (a.x - b.x).abs() <= EPS
        && (a.y - b.y).abs() <= EPS
    {
        v.pop();
    }
    if v.len() != 4 {
        return None;
    }
    for i in 0..4 {
        let (a, b) = (v.get(i)?, v.get((i + 1) % 4)?);
        let horizontal = (a.y - b.y).abs() <= EPS;
        let vertical = (a.x - b.x).abs() <= EPS;
        if !(horizontal || vertical) {
            return None;
        }
    }
    Rect::bounding(v)
}

/// A closed subpath whose every edge is horizontal or vertical (a stepped outline drawn over a
/// passage: the end of one line, the lines between, the start of the last), as the rectangles
/// it is made of: one per horizontal band, bands with the same span joined. At most 64 corners.
pub(super) fn rectilinear_rects(pts: &[Point]) -> Option<Vec<Rect>> {
    const EPS: f64 = 0.05;
    const MAX_CORNERS: usize = 64;
    let mut v: Vec<Point> = Vec::new();
    for p in pts {
        if v.last()
            .is_none_or(|q: &Point| (q.x - p.x).abs() > EPS || (q.y - p.y).abs() > EPS)
        {
            v.push(*p);
            if v.len() > MAX_CORNERS + 1 {
                return None;
            }
        }
    }
    if let (Some(a), Some(b)) = (v.first(), v.last())
        && v.len() > 1
        && (a.x - b.x).abs() <= EPS
        && (a.y - b.y).abs() <= EPS
    {
        v.pop();
    }
    if v.len() < 6 {
        return None;
    }
    // Vertical edges (x, y low, y high); every edge must be horizontal or vertical.
    let mut verticals: Vec<(f64, f64, f64)> = Vec::new();
    for i in 0..v.len() {
        let (a, b) = (v.get(i)?, v.get((i + 1) % v.len())?);
        let horizontal = (a.y - b.y).abs() <= EPS;
        let vertical = (a.x - b.x).abs() <= EPS;
        if vertical && !horizontal {
            verticals.push((a.x, a.y.min(b.y), a.y.max(b.y)));
        } else if !horizontal {
            return None;
        }
    }
    let mut ys: Vec<f64> = v.iter().map(|p| p.y).collect();
    ys.sort_by(f64::total_cmp);
    ys.dedup_by(|a, b| (*a - *b).abs() <= EPS);
    let mut out: Vec<Rect> = Vec::new();
    for w in ys.windows(2) {
        let [lo, hi] = [*w.first()?, *w.get(1)?];
        let mid = (lo + hi) / 2.0;
        let mut xs: Vec<f64> = verticals
            .iter()
            .filter(|(_, a, b)| *a < mid && mid < *b)
            .map(|(x, _, _)| *x)
            .collect();
        xs.sort_by(f64::total_cmp);
        for pair in xs.chunks_exact(2) {
            let (x0, x1) = (*pair.first()?, *pair.get(1)?);
            if x1 - x0 <= EPS {
                continue;
            }
            // A band with the same span as the one below it continues that rectangle.
            match out.iter_mut().find(|r| {
                (r.y1 - lo).abs() <= EPS && (r.x0 - x0).abs() <= EPS && (r.x1 - x1).abs() <= EPS
            }) {
                Some(r) => r.y1 = hi,
                None => out.push(Rect::new(x0, lo, x1, hi)),
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The subpath (curves flattened) as the rectangle it nearly fills: a box with rounded corners.
/// A shape that covers at least 90% of its bounding box counts (a circle covers 79%, a rounded
/// box with corners up to a quarter of its height far more).
pub(super) fn rounded_rect(pts: &[Point]) -> Option<Rect> {
    if pts.len() < 4 {
        return None;
    }
    let bbox = Rect::bounding(pts.iter().copied())?;
    if bbox.width() <= 0.0 || bbox.height() <= 0.0 {
        return None;
    }
    let mut twice = 0.0;
    for (i, a) in pts.iter().enumerate() {
        let b = pts.get((i + 1) % pts.len())?;
        twice += a.x * b.y - b.x * a.y;
    }
    (twice.abs() / 2.0 >= 0.9 * bbox.area()).then_some(bbox)
}

/// Overlap of `r` with the clip, tolerant of zero-width/height boxes (hairlines).
pub(super) fn visible_part(r: &Rect, clip: Option<Rect>) -> Option<Rect> {
    let Some(c) = clip else {
        return Some(*r);
    };
    let v = Rect {
        x0: r.x0.max(c.x0),
        y0: r.y0.max(c.y0),
        x1: r.x1.min(c.x1),
        y1: r.y1.min(c.y1),
    };
    (v.x0 <= v.x1 && v.y0 <= v.y1 && (v.x0 < v.x1 || v.y0 < v.y1 || r.area() == 0.0)).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stepped_outline_is_its_bands() {
        let p = |x: f64, y: f64| Point::new(x, y);
        // The end of line 1 (x 300–500, y 700–712), line 2 whole (100–500, 686–700), the
        // start of line 3 (100–250, 672–686): eight corners.
        let outline = [
            p(300.0, 712.0),
            p(500.0, 712.0),
            p(500.0, 686.0),
            p(250.0, 686.0),
            p(250.0, 672.0),
            p(100.0, 672.0),
            p(100.0, 700.0),
            p(300.0, 700.0),
            p(300.0, 712.0),
        ];
        let rects = rectilinear_rects(&outline).unwrap_or_default();
        assert_eq!(
            rects,
            vec![
                Rect::new(100.0, 672.0, 250.0, 686.0),
                Rect::new(100.0, 686.0, 500.0, 700.0),
                Rect::new(300.0, 700.0, 500.0, 712.0),
            ]
        );
        // A slanted edge: no rectangles.
        assert!(
            rectilinear_rects(&[
                p(0.0, 0.0),
                p(10.0, 0.0),
                p(10.0, 5.0),
                p(5.0, 10.0),
                p(0.0, 10.0),
                p(0.0, 5.0)
            ])
            .is_none()
        );
    }

    #[test]
    fn axis_rects() {
        let p = |x, y| Point::new(x, y);
        assert_eq!(
            axis_rect(&[p(0.0, 0.0), p(10.0, 0.0), p(10.0, 5.0), p(0.0, 5.0)]),
            Some(Rect::new(0.0, 0.0, 10.0, 5.0))
        );
        assert_eq!(
            axis_rect(&[
                p(0.0, 0.0),
                p(10.0, 0.0),
                p(10.0, 5.0),
                p(0.0, 5.0),
                p(0.0, 0.0)
            ]),
            Some(Rect::new(0.0, 0.0, 10.0, 5.0))
        );
        assert_eq!(
            axis_rect(&[p(0.0, 0.0), p(10.0, 1.0), p(10.0, 5.0), p(0.0, 5.0)]),
            None
        );
        assert_eq!(axis_rect(&[p(0.0, 0.0), p(10.0, 0.0), p(10.0, 5.0)]), None);
    }
}
