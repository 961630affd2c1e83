//! Where a point of a page (PDF user space, points, origin bottom-left) lands on the screen, for
//! pages with any `/Rotate`. The rendered bitmap is the page turned clockwise by `/Rotate`
//! degrees (as hayro and every viewer draw it), so overlays must be turned the same way.

use egui::{Pos2, Rect as ERect};

use crate::geometry::Rect;

/// One page as laid out on the screen.
#[derive(Debug, Clone, Copy)]
pub struct PageGeom {
    /// The visible box (crop box), PDF points.
    pub page: Rect,
    /// `/Rotate`: 0, 90, 180 or 270.
    pub rotate: u16,
    /// Screen pixels per point.
    pub zoom: f32,
    /// Top-left corner of the page on the screen.
    pub origin: Pos2,
}

impl PageGeom {
    /// A page not yet placed on the screen (for its displayed size).
    pub fn unplaced(page: Rect, rotate: u16) -> Self {
        PageGeom {
            page,
            rotate,
            zoom: 1.0,
            origin: Pos2::ZERO,
        }
    }

    /// Width of the page as displayed, in points (after rotation).
    pub fn display_width(self) -> f64 {
        if self.rotate % 180 == 90 {
            self.page.height()
        } else {
            self.page.width()
        }
    }

    /// Height of the page as displayed, in points (after rotation).
    pub fn display_height(self) -> f64 {
        if self.rotate % 180 == 90 {
            self.page.width()
        } else {
            self.page.height()
        }
    }

    /// A page point on the screen.
    pub fn to_screen_pt(self, x: f64, y: f64) -> Pos2 {
        let (w, h) = (self.page.width(), self.page.height());
        // Unrotated display coordinates: from the top-left corner, y down.
        let (u, v) = (x - self.page.x0, self.page.y1 - y);
        let (du, dv) = match self.rotate {
            90 => (h - v, u),
            180 => (w - u, h - v),
            270 => (v, w - u),
            _ => (u, v),
        };
        Pos2::new(
            self.origin.x + (du as f32) * self.zoom,
            self.origin.y + (dv as f32) * self.zoom,
        )
    }

    /// A page box on the screen.
    pub fn to_screen(self, r: &Rect) -> ERect {
        ERect::from_two_pos(self.to_screen_pt(r.x0, r.y0), self.to_screen_pt(r.x1, r.y1))
    }

    /// A screen point back on the page.
    pub fn to_page(self, p: Pos2) -> (f64, f64) {
        let (w, h) = (self.page.width(), self.page.height());
        let zoom = f64::from(self.zoom.max(f32::EPSILON));
        let du = f64::from(p.x - self.origin.x) / zoom;
        let dv = f64::from(p.y - self.origin.y) / zoom;
        let (u, v) = match self.rotate {
            90 => (dv, h - du),
            180 => (w - du, h - dv),
            270 => (w - dv, du),
            _ => (du, dv),
        };
        (self.page.x0 + u, self.page.y1 - v)
    }

    /// A screen rectangle back on the page, as a normalised page box.
    pub fn to_page_rect(self, a: Pos2, b: Pos2) -> Rect {
        let (x0, y0) = self.to_page(a);
        let (x1, y1) = self.to_page(b);
        Rect::new(x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn geom(rotate: u16) -> PageGeom {
        // A letter page whose crop box does not start at 0, drawn at 2 px per point.
        PageGeom {
            page: Rect::new(10.0, 20.0, 622.0, 812.0),
            rotate,
            zoom: 2.0,
            origin: Pos2::new(100.0, 50.0),
        }
    }

    fn near(a: Pos2, x: f32, y: f32) -> bool {
        (a.x - x).abs() < 1e-3 && (a.y - y).abs() < 1e-3
    }

    #[test]
    fn unrotated_top_left_is_the_origin() {
        let g = geom(0);
        assert!(near(g.to_screen_pt(10.0, 812.0), 100.0, 50.0));
        assert!(near(
            g.to_screen_pt(622.0, 20.0),
            100.0 + 1224.0,
            50.0 + 1584.0
        ));
    }

    #[test]
    fn rotated_pages_turn_clockwise() {
        // /Rotate 90: the page's top-left corner goes to the top-right of the screen,
        // its bottom-left corner to the top-left.
        let g = geom(90);
        assert_eq!(g.display_width(), 792.0);
        assert!(near(g.to_screen_pt(10.0, 812.0), 100.0 + 1584.0, 50.0));
        assert!(near(g.to_screen_pt(10.0, 20.0), 100.0, 50.0));
        // 180: top-left goes to bottom-right.
        let g = geom(180);
        assert!(near(
            g.to_screen_pt(10.0, 812.0),
            100.0 + 1224.0,
            50.0 + 1584.0
        ));
        // 270: top-left goes to bottom-left.
        let g = geom(270);
        assert!(near(g.to_screen_pt(10.0, 812.0), 100.0, 50.0 + 1224.0));
    }

    #[test]
    fn screen_and_page_round_trip_for_every_rotation() {
        for rot in [0, 90, 180, 270] {
            let g = geom(rot);
            for (x, y) in [(10.0, 20.0), (300.5, 400.25), (622.0, 812.0), (55.0, 790.0)] {
                let (bx, by) = g.to_page(g.to_screen_pt(x, y));
                assert!(
                    (bx - x).abs() < 1e-3 && (by - y).abs() < 1e-3,
                    "{rot}: {x},{y}"
                );
            }
            let r = Rect::new(100.0, 200.0, 250.0, 230.0);
            let s = g.to_screen(&r);
            let back = g.to_page_rect(s.min, s.max);
            assert!((back.x0 - r.x0).abs() < 1e-3 && (back.y1 - r.y1).abs() < 1e-3);
            // A wide box stays wide on a portrait page and turns tall on a turned one.
            assert_eq!(s.width() > s.height(), rot % 180 == 0, "{rot}");
        }
    }
}
