//! Page pictures for OCR: greyscale rasters and the affine map from their pixels back to PDF user
//! space, from a page's own image (see `pdf::SourcePdf::page_image`) or drawn by hayro.
//!
//! hayro is a renderer, not a parser of our findings: it reads the file's bytes on its own, and a
//! panic inside it (hostile files) is caught and reported as an error for that page.

use crate::geometry::{Matrix, Point, Rect};
use crate::pdf::GrayBitmap;

/// Maps raster pixels (x right, y down, continuous, 0..width / 0..height) to PDF points: an
/// affine [`Matrix`] from pixel space to user space.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PixelMap {
    /// Pixel space to PDF user space.
    pub m: Matrix,
}

impl PixelMap {
    /// A pixel position in PDF points.
    pub fn to_pdf(&self, px: f64, py: f64) -> Point {
        self.m.apply(Point::new(px, py))
    }

    /// A pixel rectangle `(x0, y0, x1, y1)` as a PDF rectangle (bounding box of its corners).
    pub fn rect_to_pdf(&self, x0: f64, y0: f64, x1: f64, y1: f64) -> Rect {
        self.m.apply_rect(&Rect::new(x0, y0, x1, y1))
    }

    /// A PDF point in pixels, `None` when the map is degenerate.
    pub fn to_px(&self, x: f64, y: f64) -> Option<(f64, f64)> {
        let p = self.m.invert()?.apply(Point::new(x, y));
        Some((p.x, p.y))
    }

    /// A PDF rectangle in pixels, `(x0, y0, x1, y1)` clamped to a `w`×`h` raster; `None` when
    /// nothing of it is on the raster.
    pub fn rect_to_px(&self, r: &Rect, w: u32, h: u32) -> Option<(u32, u32, u32, u32)> {
        let p = self.m.invert()?.apply_rect(r);
        let clamp = |v: f64, max: u32| v.clamp(0.0, f64::from(max)) as u32;
        let (x0, x1) = (clamp(p.x0, w), clamp(p.x1.ceil(), w));
        let (y0, y1) = (clamp(p.y0, h), clamp(p.y1.ceil(), h));
        (x1 > x0 && y1 > y0).then_some((x0, y0, x1, y1))
    }

    /// The map for a page image placed by `matrix` (`[a, 0, 0, d, e, f]`, no rotation) whose
    /// raster has row 0 at the top of the page (as `pdf::images` delivers it).
    pub fn for_image(matrix: [f64; 6], width: u32, height: u32) -> PixelMap {
        let [a, _, _, d, e, f] = matrix;
        let (w, h) = (f64::from(width.max(1)), f64::from(height.max(1)));
        let top = f.max(f + d);
        PixelMap {
            m: Matrix::new(a / w, 0.0, 0.0, -d.abs() / h, e, top),
        }
    }

    /// The map for a page drawn by hayro at `scale` pixels per point: the crop box `page`, turned
    /// clockwise by `rotate` degrees as every viewer shows it.
    pub fn for_render(page: &Rect, rotate: u16, scale: f64) -> PixelMap {
        let s = 1.0 / scale.max(1e-9);
        let m = match rotate {
            90 => Matrix::new(0.0, s, s, 0.0, page.x0, page.y0),
            180 => Matrix::new(-s, 0.0, 0.0, s, page.x1, page.y0),
            270 => Matrix::new(0.0, -s, -s, 0.0, page.x1, page.y1),
            _ => Matrix::new(s, 0.0, 0.0, -s, page.x0, page.y1),
        };
        PixelMap { m }
    }

    /// The map after turning the raster clockwise by `rotate` degrees (see [`rotate_cw`]);
    /// `width`/`height` are the raster's size before turning.
    pub fn rotated_cw(&self, rotate: u16, width: u32, height: u32) -> PixelMap {
        let (w, h) = (f64::from(width), f64::from(height));
        // The turned raster's pixel (X, Y) is the original's:
        let back = match rotate {
            // px = Y, py = h - X
            90 => Matrix::new(0.0, -1.0, 1.0, 0.0, 0.0, h),
            // px = w - X, py = h - Y
            180 => Matrix::new(-1.0, 0.0, 0.0, -1.0, w, h),
            // px = w - Y, py = X
            270 => Matrix::new(0.0, 1.0, -1.0, 0.0, w, 0.0),
            _ => return *self,
        };
        PixelMap {
            m: back.then(&self.m),
        }
    }
}

/// Turns a raster clockwise by 90, 180 or 270 degrees (other values: unchanged).
pub fn rotate_cw(bm: &GrayBitmap, rotate: u16) -> GrayBitmap {
    let (w, h) = (bm.width as usize, bm.height as usize);
    let at = |x: usize, y: usize| bm.pixels.get(y * w + x).copied().unwrap_or(255);
    match rotate {
        90 | 270 => {
            let mut out = Vec::with_capacity(w * h);
            for ny in 0..w {
                for nx in 0..h {
                    let (x, y) = if rotate == 90 {
                        (ny, h - 1 - nx)
                    } else {
                        (w - 1 - ny, nx)
                    };
                    out.push(at(x, y));
                }
            }
            GrayBitmap {
                width: bm.height,
                height: bm.width,
                pixels: out,
            }
        }
        180 => GrayBitmap {
            width: bm.width,
            height: bm.height,
            pixels: bm.pixels.iter().rev().copied().collect(),
        },
        _ => bm.clone(),
    }
}

/// Columns and rows of the grid a picture is reduced to for its [`difference_hash`]: 17 × 16, so
/// that each row gives 16 comparisons of neighbours, 256 bits in all.
const HASH_COLUMNS: usize = 17;
const HASH_ROWS: usize = 16;
/// How much brighter a grid cell must be than its right neighbour for its bit to be set, in
/// thousandths of the range of the grid's greys: blank paper beside blank paper stays 0 whatever
/// its speckles.
const HASH_STEP: u64 = 20;
/// A picture whose grid greys span fewer levels than this is blank paper: no hash.
const HASH_MIN_RANGE: u64 = 4;

/// A difference hash of a picture (dHash): the picture averaged down to a 17 × 16 grid (each cell
/// a tent-weighted mean reaching into its neighbours, so that a shift of a few pixels moves greys
/// a little), one bit per pair of neighbours in a row, set when the left cell is brighter by a
/// step (2 % of the grid's range of greys). Two scans of one page (moved a few pixels, speckled,
/// stamped anew) differ in a few bits; two different pages in many (compare with
/// [`hash_distance`]). `None` for a picture smaller than the grid, or blank.
pub fn difference_hash(bm: &GrayBitmap) -> Option<[u8; 32]> {
    difference_hash_with(bm, HASH_STEP)
}

/// [`difference_hash`] with another step (thousandths of the grid's range of greys a cell must
/// be brighter than its right neighbour by for its bit to be set).
pub fn difference_hash_with(bm: &GrayBitmap, step: u64) -> Option<[u8; 32]> {
    let (w, h) = (bm.width as usize, bm.height as usize);
    if w < HASH_COLUMNS || h < HASH_ROWS || bm.pixels.len() < w.checked_mul(h)? {
        return None;
    }
    // A fine grid (FINE × FINE cells per hash cell) of sums, then each hash cell the tent-weighted
    // mean of the fine cells within one hash cell of its centre: a picture moved by a few pixels
    // changes the cells a little, not a whole bit.
    const FINE: usize = 4;
    let (fw, fh) = (HASH_COLUMNS * FINE, HASH_ROWS * FINE);
    let column: Vec<usize> = (0..w).map(|x| x * fw / w).collect();
    let mut fine = vec![(0u64, 0u64); fw * fh];
    for (y, row) in bm.pixels.chunks_exact(w).take(h).enumerate() {
        let base = (y * fh / h) * fw;
        for (&c, &px) in column.iter().zip(row) {
            if let Some(cell) = fine.get_mut(base + c) {
                cell.0 += u64::from(px);
                cell.1 += 1;
            }
        }
    }
    let fine_mean: Vec<f64> = fine
        .iter()
        .map(|(s, n)| *s as f64 / (*n).max(1) as f64)
        .collect();
    let tent = |d: f64| (1.0 - d.abs() / FINE as f64).max(0.0);
    let means: Vec<Vec<u64>> = (0..HASH_ROWS)
        .map(|r| {
            (0..HASH_COLUMNS)
                .map(|c| {
                    // Centre of the hash cell in fine cells.
                    let (cx, cy) = ((c * FINE) as f64 + 1.5, (r * FINE) as f64 + 1.5);
                    let (mut total, mut weight) = (0.0, 0.0);
                    for fy in (r * FINE).saturating_sub(FINE)..((r + 2) * FINE).min(fh) {
                        for fx in (c * FINE).saturating_sub(FINE)..((c + 2) * FINE).min(fw) {
                            let wgt = tent(fx as f64 - cx) * tent(fy as f64 - cy);
                            if let Some(m) = fine_mean.get(fy * fw + fx) {
                                total += wgt * m;
                                weight += wgt;
                            }
                        }
                    }
                    // In 1/16 grey levels.
                    (total / weight.max(1e-9) * 16.0) as u64
                })
                .collect()
        })
        .collect();
    let lo = means.iter().flatten().min().copied().unwrap_or(0);
    let hi = means.iter().flatten().max().copied().unwrap_or(0);
    if hi - lo < HASH_MIN_RANGE * 16 {
        return None;
    }
    let step = ((hi - lo) as f64 * step as f64 / 1000.0) as u64;
    let mut out = [0u8; 32];
    let mut bit = 0usize;
    for mean in &means {
        for pair in mean.windows(2) {
            if let [left, right] = pair
                && *left > *right + step
                && let Some(byte) = out.get_mut(bit / 8)
            {
                *byte |= 1 << (bit % 8);
            }
            bit += 1;
        }
    }
    Some(out)
}

/// Bits that differ between two [`difference_hash`]es (0 to 256).
pub fn hash_distance(a: &[u8; 32], b: &[u8; 32]) -> u32 {
    a.iter().zip(b).map(|(x, y)| (x ^ y).count_ones()).sum()
}

/// Pages drawn by hayro, for OCR of pages whose text is neither in the file nor in one image.
pub struct PageRenderer {
    pdf: Option<hayro::hayro_syntax::Pdf>,
}

impl PageRenderer {
    /// Parses `bytes` for drawing; a file hayro cannot read gives a renderer that always fails.
    pub fn new(bytes: &[u8]) -> PageRenderer {
        let pdf = std::panic::catch_unwind(|| hayro::hayro_syntax::Pdf::new(bytes.to_vec()).ok())
            .ok()
            .flatten();
        PageRenderer { pdf }
    }

    /// Draws page `number` (1-based) in grey at `dpi`, fewer dots when the page would hold more
    /// than `max_pixels`. Returns the raster (as shown, `/Rotate` applied), the map from its
    /// pixels to PDF points (for the crop box `crop` and `rotate`), and the dpi used.
    pub fn render_gray(
        &self,
        number: u32,
        crop: &Rect,
        rotate: u16,
        dpi: u32,
        max_pixels: u64,
    ) -> Result<(GrayBitmap, PixelMap, u32), String> {
        let pdf = self
            .pdf
            .as_ref()
            .ok_or_else(|| "the page renderer cannot read this file".to_string())?;
        let area = crop.width().max(1.0) * crop.height().max(1.0);
        let mut scale = f64::from(dpi.max(1)) / 72.0;
        if area * scale * scale > max_pixels as f64 {
            scale = (max_pixels as f64 / area).sqrt();
        }
        let index = usize::try_from(number)
            .ok()
            .and_then(|n| n.checked_sub(1))
            .ok_or_else(|| "no such page".to_string())?;
        let rendered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let pages = pdf.pages();
            let page = pages.get(index)?;
            let cache = hayro::RenderCache::new();
            let settings = hayro::hayro_interpret::InterpreterSettings::default();
            let ps = hayro::PixmapSettings {
                x_scale: scale as f32,
                y_scale: scale as f32,
                bg_color: hayro::vello_cpu::color::palette::css::WHITE,
            };
            let pix = hayro::render(
                page,
                &cache,
                &settings,
                &hayro::RenderSettings::default(),
                &ps,
            );
            let (w, h) = (u32::from(pix.width()), u32::from(pix.height()));
            let pixels: Vec<u8> = pix
                .data_as_u8_slice()
                .chunks_exact(4)
                .map(|p| {
                    // Premultiplied over white: add the uncovered share of white.
                    let a = f32::from(p[3]);
                    let l =
                        0.299 * f32::from(p[0]) + 0.587 * f32::from(p[1]) + 0.114 * f32::from(p[2]);
                    (l + (255.0 - a)).round().clamp(0.0, 255.0) as u8
                })
                .collect();
            Some(GrayBitmap {
                width: w,
                height: h,
                pixels,
            })
        }))
        .map_err(|_| "the page renderer failed on this page".to_string())?
        .ok_or_else(|| "no such page".to_string())?;
        let used_dpi = (scale * 72.0).round() as u32;
        Ok((
            rendered,
            PixelMap::for_render(crop, rotate, scale),
            used_dpi,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Point, x: f64, y: f64) -> bool {
        (a.x - x).abs() < 1e-6 && (a.y - y).abs() < 1e-6
    }

    #[test]
    fn render_maps_follow_every_rotation() {
        let page = Rect::new(0.0, 0.0, 612.0, 792.0);
        // At scale 1, the top-left pixel of the shown page is the PDF corner that ends up there.
        let m0 = PixelMap::for_render(&page, 0, 1.0);
        assert!(close(m0.to_pdf(0.0, 0.0), 0.0, 792.0));
        let m90 = PixelMap::for_render(&page, 90, 1.0);
        assert!(close(m90.to_pdf(0.0, 0.0), 0.0, 0.0));
        assert!(close(m90.to_pdf(792.0, 612.0), 612.0, 792.0));
        let m180 = PixelMap::for_render(&page, 180, 1.0);
        assert!(close(m180.to_pdf(0.0, 0.0), 612.0, 0.0));
        let m270 = PixelMap::for_render(&page, 270, 1.0);
        assert!(close(m270.to_pdf(0.0, 0.0), 612.0, 792.0));
        for m in [m0, m90, m180, m270] {
            let p = m.to_pdf(100.0, 40.0);
            let back = m.to_px(p.x, p.y).unwrap_or_default();
            assert!((back.0 - 100.0).abs() < 1e-6 && (back.1 - 40.0).abs() < 1e-6);
        }
    }

    /// A page-like picture: dark "lines of text" of the given lengths (fractions of the width),
    /// shifted by `dx`, `dy` pixels, with speckles where `speckle` says.
    fn page(
        lines: &[f64],
        dx: usize,
        dy: usize,
        speckle: impl Fn(usize, usize) -> bool,
    ) -> GrayBitmap {
        let (w, h) = (850usize, 1100usize);
        let mut px = vec![250u8; w * h];
        for (i, len) in lines.iter().enumerate() {
            let y0 = 100 + i * 40 + dy;
            let x1 = 80 + dx + (len * 650.0) as usize;
            for y in y0..(y0 + 14).min(h) {
                for x in (80 + dx)..x1.min(w) {
                    // Words: a gap every 60 pixels.
                    if (x - 80 - dx) % 60 < 52 {
                        px[y * w + x] = 30;
                    }
                }
            }
        }
        for y in 0..h {
            for x in 0..w {
                if speckle(x, y) {
                    px[y * w + x] = 0;
                }
            }
        }
        GrayBitmap {
            width: w as u32,
            height: h as u32,
            pixels: px,
        }
    }

    #[test]
    fn a_page_scanned_twice_hashes_close_and_another_far() {
        let lines = [
            0.9, 1.0, 0.95, 0.4, 0.0, 1.0, 0.8, 0.97, 0.6, 0.0, 0.3, 1.0, 0.99, 0.7,
        ];
        let other = [
            0.5, 0.3, 0.0, 1.0, 1.0, 0.2, 0.0, 0.9, 1.0, 1.0, 0.45, 0.0, 0.8, 0.35,
        ];
        let a = difference_hash(&page(&lines, 0, 0, |_, _| false)).unwrap();
        // Shifted, with 1% speckles.
        let b = difference_hash(&page(&lines, 4, 3, |x, y| {
            (x * 7919 + y * 104_729) % 97 == 0
        }))
        .unwrap();
        // Another page: other lines, set right to left.
        let mut flipped = page(&other, 0, 0, |_, _| false);
        for row in flipped.pixels.chunks_mut(850) {
            row.reverse();
        }
        let c = difference_hash(&flipped).unwrap();
        assert!(hash_distance(&a, &b) <= 20, "{}", hash_distance(&a, &b));
        assert!(hash_distance(&a, &c) > 36, "{}", hash_distance(&a, &c));
        let blank = page(&[], 0, 0, |x, y| (x * 7919 + y * 104_729) % 97 == 0);
        assert_eq!(difference_hash(&blank), None);
        assert_eq!(hash_distance(&a, &a), 0);
        let tiny = GrayBitmap {
            width: 4,
            height: 4,
            pixels: vec![0; 16],
        };
        assert_eq!(difference_hash(&tiny), None);
    }

    #[test]
    fn turning_a_raster_keeps_the_map_to_the_page() {
        // A 4×2 raster with one dark pixel at (3, 0), placed on a 400×200 pt area.
        let mut px = vec![255u8; 8];
        px[3] = 0;
        let bm = GrayBitmap {
            width: 4,
            height: 2,
            pixels: px,
        };
        let map = PixelMap::for_image([400.0, 0.0, 0.0, 200.0, 0.0, 0.0], 4, 2);
        let dark_at = map.to_pdf(3.5, 0.5);
        for rot in [90u16, 180, 270] {
            let turned = rotate_cw(&bm, rot);
            let tmap = map.rotated_cw(rot, 4, 2);
            let i = turned
                .pixels
                .iter()
                .position(|p| *p == 0)
                .unwrap_or(usize::MAX);
            let (x, y) = (i % turned.width as usize, i / turned.width as usize);
            let p = tmap.to_pdf(x as f64 + 0.5, y as f64 + 0.5);
            assert!(
                close(p, dark_at.x, dark_at.y),
                "rotation {rot}: {p:?} vs {dark_at:?}"
            );
        }
    }
}
