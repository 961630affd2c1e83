//! Solid dark rectangles in a greyscale bitmap (a scanned page): connected dark components that
//! fill their bounding box, large enough not to be letters, not the whole image.

use crate::pdf::GrayBitmap;

/// Darker than this is ink.
const DARK: u8 = 90;

/// Lighter than this but darker than paper: a grey box (fill 50–70% luminance on a scan).
const GREY: u8 = 196;

/// Solid rectangles `(x0, y0, x1, y1)` in pixels, row 0 at the top, right/bottom exclusive: black
/// ones, then grey ones (mean level 110..=190) that are not one of the black ones.
pub fn dark_rectangles(bm: &GrayBitmap) -> Vec<(u32, u32, u32, u32)> {
    let mut out = solid_rectangles(bm, DARK);
    for r in solid_rectangles(bm, GREY) {
        let overlaps = out
            .iter()
            .any(|o| r.0 < o.2 && o.0 < r.2 && r.1 < o.3 && o.1 < r.3);
        if overlaps {
            continue;
        }
        let mean = mean_level(bm, r);
        if (110.0..=190.0).contains(&mean) {
            out.push(r);
        }
    }
    out
}

fn mean_level(bm: &GrayBitmap, (x0, y0, x1, y1): (u32, u32, u32, u32)) -> f64 {
    let (mut sum, mut n) = (0u64, 0u64);
    for y in y0..y1 {
        for x in x0..x1 {
            if let Some(p) = bm.get(x, y) {
                sum += u64::from(p);
                n += 1;
            }
        }
    }
    if n == 0 { 255.0 } else { sum as f64 / n as f64 }
}

/// Connected components darker than `level` that fill their bounding box. Components are taken
/// on the mask eroded by one pixel, so that a box touching a table's rule or a letter (common on
/// bilevel scans) is not merged with them; the box found is grown back by that pixel.
fn solid_rectangles(bm: &GrayBitmap, level: u8) -> Vec<(u32, u32, u32, u32)> {
    let (w, h) = (bm.width as usize, bm.height as usize);
    if w < 8 || h < 8 || bm.pixels.len() < w * h {
        return Vec::new();
    }
    let dark: Vec<bool> = bm.pixels.iter().take(w * h).map(|p| *p < level).collect();
    let is_dark = |x: usize, y: usize| dark.get(y * w + x).copied().unwrap_or(false);
    let mut core = vec![false; w * h];
    for y in 1..h - 1 {
        for x in 1..w - 1 {
            if (y - 1..=y + 1).all(|yy| (x - 1..=x + 1).all(|xx| is_dark(xx, yy))) {
                core[y * w + x] = true;
            }
        }
    }
    let mut seen = vec![false; w * h];
    let mut out = Vec::new();
    let mut stack = Vec::new();
    for start in 0..w * h {
        if seen[start] || !core[start] {
            continue;
        }
        // Flood fill (4-connected) with an explicit stack.
        let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
        let mut count = 0usize;
        let mut members: Vec<usize> = Vec::new();
        seen[start] = true;
        stack.push(start);
        while let Some(i) = stack.pop() {
            let (x, y) = (i % w, i / w);
            count += 1;
            members.push(i);
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
            let mut visit = |j: usize| {
                if !seen[j] && core.get(j).copied().unwrap_or(false) {
                    seen[j] = true;
                    stack.push(j);
                }
            };
            if x > 0 {
                visit(i - 1);
            }
            if x + 1 < w {
                visit(i + 1);
            }
            if y > 0 {
                visit(i - w);
            }
            if y + 1 < h {
                visit(i + w);
            }
        }
        let (bw, bh) = (x1 + 1 - x0, y1 + 1 - y0);
        let fill = count as f64 / (bw * bh) as f64;
        // A box on a page scanned a little askew does not fill its upright bounding box, but
        // it fills every row and every column between its own edges.
        let solid = fill >= 0.85 || (fill >= 0.5 && spans_filled(&members, w, x0, y0, bw, bh));
        // Grown back by the eroded pixel.
        let (x0, y0, x1, y1) = (x0 - 1, y0 - 1, (x1 + 2).min(w), (y1 + 2).min(h));
        let (bw, bh) = (x1 - x0, y1 - y0);
        // Long side along the text or across it (a scan placed sideways).
        let big_enough = (bw >= (w / 50).max(8) && bh >= (h / 125).max(6))
            || (bh >= (h / 50).max(8) && bw >= (w / 125).max(6));
        let not_page = bw < w * 95 / 100 || bh < h * 95 / 100;
        if big_enough && not_page && solid {
            out.push((x0 as u32, y0 as u32, x1 as u32, y1 as u32));
        }
    }
    out
}

/// The component's pixels fill at least 92% of the span between their first and last pixel in
/// every row, and in every column: a (possibly slightly turned) solid rectangle, not letters
/// or a frame.
fn spans_filled(members: &[usize], w: usize, x0: usize, y0: usize, bw: usize, bh: usize) -> bool {
    let mut rows = vec![(usize::MAX, 0usize, 0usize); bh];
    let mut cols = vec![(usize::MAX, 0usize, 0usize); bw];
    for &i in members {
        let (x, y) = (i % w - x0, i / w - y0);
        if let Some(r) = rows.get_mut(y) {
            *r = (r.0.min(x), r.1.max(x), r.2 + 1);
        }
        if let Some(c) = cols.get_mut(x) {
            *c = (c.0.min(y), c.1.max(y), c.2 + 1);
        }
    }
    let filled = |spans: &[(usize, usize, usize)]| {
        let (have, span) = spans
            .iter()
            .filter(|(a, _, _)| *a != usize::MAX)
            .fold((0usize, 0usize), |(h, s), (a, b, n)| {
                (h + n, s + (b + 1 - a))
            });
        span > 0 && have as f64 >= 0.92 * span as f64
    };
    filled(&rows) && filled(&cols)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `w`×`h` page of `paper` with solid rectangles `(x0, y0, x1, y1, level)` painted on it.
    fn page(w: u32, h: u32, paper: u8, blocks: &[(u32, u32, u32, u32, u8)]) -> GrayBitmap {
        let mut pixels = vec![paper; (w * h) as usize];
        for &(x0, y0, x1, y1, v) in blocks {
            for y in y0..y1 {
                for x in x0..x1 {
                    pixels[(y * w + x) as usize] = v;
                }
            }
        }
        GrayBitmap {
            width: w,
            height: h,
            pixels,
        }
    }

    #[test]
    fn finds_blocks_not_letters_or_rules() {
        let bm = page(
            200,
            100,
            255,
            &[
                (20, 10, 120, 30, 0),  // a redaction block
                (150, 10, 153, 16, 0), // a letter-sized blob
                (0, 90, 200, 92, 0),   // a rule
                (20, 35, 120, 36, 0),  // a table rule touching the block below
                (20, 36, 21, 70, 0),   // and a cell border
                (21, 40, 100, 60, 0),  // the cell's box, touching the border
            ],
        );
        // The cell's box is found apart from the rule and the border it touches.
        assert_eq!(
            dark_rectangles(&bm),
            vec![(20, 10, 120, 30), (20, 40, 100, 60)]
        );
    }

    #[test]
    fn finds_a_box_scanned_askew_but_not_a_frame() {
        // A 200×16 box turned by about 1.5°: its columns step down 1 px every 40 px.
        let mut blocks: Vec<(u32, u32, u32, u32, u8)> = (0..5u32)
            .map(|k| (40 + 40 * k, 20 + k, 80 + 40 * k, 36 + k, 0))
            .collect();
        // A hollow frame of 3 px lines.
        blocks.extend([
            (40, 70, 240, 73, 0),
            (40, 107, 240, 110, 0),
            (40, 73, 43, 107, 0),
            (237, 73, 240, 107, 0),
        ]);
        let found = dark_rectangles(&page(300, 120, 255, &blocks));
        assert_eq!(found.len(), 1, "{found:?}");
        let (x0, y0, x1, y1) = found[0];
        assert!(x0 <= 41 && x1 >= 239 && y0 <= 21 && y1 >= 39, "{found:?}");
    }

    #[test]
    fn finds_grey_boxes_on_off_white_paper_but_not_shading_around_black() {
        let bm = page(
            200,
            100,
            245,
            &[
                (20, 10, 120, 30, 158),  // a grey redaction (62% luminance)
                (20, 50, 120, 70, 0),    // a black one
                (140, 50, 180, 70, 230), // a faint tint: not a box
            ],
        );
        assert_eq!(
            dark_rectangles(&bm),
            vec![(20, 50, 120, 70), (20, 10, 120, 30)]
        );
    }
}
