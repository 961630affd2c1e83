//! Solid dark rectangles in a greyscale bitmap (a scanned page): connected dark components that
//! fill their bounding box, large enough not to be letters, not the whole image.

use crate::pdf::GrayBitmap;

/// Darker than this is ink.
const DARK: u8 = 90;

/// Rectangles `(x0, y0, x1, y1)` in pixels, row 0 at the top, right/bottom exclusive.
pub fn dark_rectangles(bm: &GrayBitmap) -> Vec<(u32, u32, u32, u32)> {
    let (w, h) = (bm.width as usize, bm.height as usize);
    if w < 8 || h < 8 || bm.pixels.len() < w * h {
        return Vec::new();
    }
    let mut seen = vec![false; w * h];
    let mut out = Vec::new();
    let mut stack = Vec::new();
    for start in 0..w * h {
        if seen[start] || bm.pixels.get(start).is_none_or(|p| *p >= DARK) {
            continue;
        }
        // Flood fill (4-connected) with an explicit stack.
        let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
        let mut count = 0usize;
        seen[start] = true;
        stack.push(start);
        while let Some(i) = stack.pop() {
            let (x, y) = (i % w, i / w);
            count += 1;
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
            let mut visit = |j: usize| {
                if !seen[j] && bm.pixels.get(j).is_some_and(|p| *p < DARK) {
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
        let big_enough = bw >= (w / 50).max(8) && bh >= (h / 125).max(6);
        let not_page = bw < w * 95 / 100 || bh < h * 95 / 100;
        if big_enough && not_page && fill >= 0.85 {
            out.push((x0 as u32, y0 as u32, (x1 + 1) as u32, (y1 + 1) as u32));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_blocks_not_letters_or_rules() {
        let (w, h) = (200u32, 100u32);
        let mut px = vec![255u8; (w * h) as usize];
        let mut paint = |x0: u32, y0: u32, x1: u32, y1: u32| {
            for y in y0..y1 {
                for x in x0..x1 {
                    px[(y * w + x) as usize] = 0;
                }
            }
        };
        paint(20, 10, 120, 30); // a redaction block
        paint(150, 10, 153, 16); // a letter-sized blob
        paint(0, 90, 200, 92); // a rule
        let bm = GrayBitmap {
            width: w,
            height: h,
            pixels: px,
        };
        assert_eq!(dark_rectangles(&bm), vec![(20, 10, 120, 30)]);
    }
}
