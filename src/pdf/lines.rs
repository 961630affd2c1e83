//! Lines in reading order, assembled from text runs.
//!
//! Horizontal runs whose baselines agree within 30% of the font size form a line; lines go top to
//! bottom, runs left to right; a visible gap wider than 0.2 em between two runs becomes a space
//! (with the gap's box), touching runs are joined as they are. Rotated text and text clipped away
//! stay out of lines (their runs are still in the page model); invisible text (render mode 3, the
//! OCR layer of a scan) is kept, since it is often the only text a scanned page has.

use super::model::{CharBox, TextLine, TextRun};
use crate::geometry::{Matrix, Point, Rect};

/// A point of the page (PDF user space) in display space: the page turned clockwise by `rotate`
/// as viewers show it, origin at the shown page's top-left, x right, y **up** (negative down the
/// page), so that reading order there is the usual one.
fn point_to_display(x: f64, y: f64, crop: &Rect, rotate: u16) -> (f64, f64) {
    let (w, h) = (crop.width(), crop.height());
    let (u, v) = (x - crop.x0, crop.y1 - y);
    let (du, dv) = match rotate {
        90 => (h - v, u),
        180 => (w - u, h - v),
        270 => (v, w - u),
        _ => (u, v),
    };
    (du, -dv)
}

fn point_from_display(dx: f64, dy: f64, crop: &Rect, rotate: u16) -> (f64, f64) {
    let (w, h) = (crop.width(), crop.height());
    let (du, dv) = (dx, -dy);
    let (u, v) = match rotate {
        90 => (dv, h - du),
        180 => (w - du, h - dv),
        270 => (w - dv, du),
        _ => (du, dv),
    };
    (crop.x0 + u, crop.y1 - v)
}

/// A page rectangle in display space (see [`point_to_display`]).
pub fn rect_to_display(r: &Rect, crop: &Rect, rotate: u16) -> Rect {
    let (ax, ay) = point_to_display(r.x0, r.y0, crop, rotate);
    let (bx, by) = point_to_display(r.x1, r.y1, crop, rotate);
    Rect::new(ax, ay, bx, by)
}

/// A display-space rectangle back on the page.
pub fn rect_from_display(r: &Rect, crop: &Rect, rotate: u16) -> Rect {
    let (ax, ay) = point_from_display(r.x0, r.y0, crop, rotate);
    let (bx, by) = point_from_display(r.x1, r.y1, crop, rotate);
    Rect::new(ax, ay, bx, by)
}

/// [`build`] for a page shown turned by `/Rotate`: upright runs are those that read upright on
/// the screen (Dossier's OCR words, whose `baseline_y` is already in display space); lines are
/// assembled in display space and their boxes given back in page space.
pub fn build_upright(runs: &[TextRun], crop: &Rect, rotate: u16) -> Vec<TextLine> {
    if rotate == 0 {
        return build(runs);
    }
    let shown: Vec<TextRun> = runs
        .iter()
        .map(|r| {
            let mut d = r.clone();
            if r.ocr_conf.is_some() {
                d.bbox = rect_to_display(&r.bbox, crop, rotate);
                d.chars = r
                    .chars
                    .iter()
                    .map(|c| CharBox::from_rect(&rect_to_display(&c.rect(), crop, rotate)))
                    .collect();
            } else {
                // Text laid out for the unturned page reads sideways on the screen.
                d.rotated = true;
                d.turn = 0;
            }
            d
        })
        .collect();
    let mut lines = build(&shown);
    for l in &mut lines {
        l.bbox = rect_from_display(&l.bbox, crop, rotate);
        for c in &mut l.chars {
            *c = CharBox::from_rect(&rect_from_display(&c.rect(), crop, rotate));
        }
    }
    lines
}

/// Builds the lines of a page from its runs (indices in `runs` are kept in [`TextLine::runs`]):
/// the lines of upright text first, in reading order, then those of text that runs along a
/// quarter turn (a stamp up the margin, a caption set sideways), each read in its own frame, as
/// a reader turns the page to read them.
pub fn build(runs: &[TextRun]) -> Vec<TextLine> {
    let mut lines = build_horizontal(runs);
    for q in [90u16, 180, 270] {
        if !runs.iter().any(|r| r.rotated && r.turn == q) {
            continue;
        }
        let to = Matrix::quarter_turn_cw(q);
        let back = Matrix::quarter_turn_cw(360 - q);
        let map = |r: &Rect, m: &Matrix| m.apply_rect(r);
        // Runs of other directions stay out of this frame's lines (kept `rotated`).
        let turned: Vec<TextRun> = runs
            .iter()
            .map(|r| {
                let mut t = r.clone();
                if r.rotated && r.turn == q {
                    t.rotated = false;
                    t.bbox = map(&r.bbox, &to);
                    t.chars = r
                        .chars
                        .iter()
                        .map(|c| CharBox::from_rect(&map(&c.rect(), &to)))
                        .collect();
                    let o = to.apply(Point::new(r.origin_x, r.baseline_y));
                    t.origin_x = o.x;
                    t.baseline_y = o.y;
                    t.clip = r.clip.map(|c| map(&c, &to));
                } else {
                    t.rotated = true;
                }
                t
            })
            .collect();
        for mut l in build_horizontal(&turned) {
            l.bbox = map(&l.bbox, &back);
            for c in &mut l.chars {
                *c = CharBox::from_rect(&map(&c.rect(), &back));
            }
            lines.push(l);
        }
    }
    lines
}

fn build_horizontal(runs: &[TextRun]) -> Vec<TextLine> {
    let mut idx: Vec<usize> = runs
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            !r.rotated
                && r.render_mode != 7
                && r.clip
                    .is_none_or(|c| c.intersection(&r.bbox).is_some() || r.bbox.area() == 0.0)
        })
        .map(|(i, _)| i)
        .collect();
    idx.sort_by(|&a, &b| {
        let (ra, rb) = (&runs[a], &runs[b]);
        rb.baseline_y
            .total_cmp(&ra.baseline_y)
            .then(ra.bbox.x0.total_cmp(&rb.bbox.x0))
    });

    // Cluster by baseline.
    let mut groups: Vec<(f64, f64, Vec<usize>)> = Vec::new(); // (baseline, size, runs)
    for i in idx {
        let Some(r) = runs.get(i) else { continue };
        let size = r.font_size.max(1.0);
        if let Some((base, gsize, members)) = groups.last_mut() {
            let tol = 0.3 * size.max(*gsize);
            if (r.baseline_y - *base).abs() <= tol {
                members.push(i);
                *gsize = gsize.max(size);
                continue;
            }
        }
        groups.push((r.baseline_y, size, vec![i]));
    }

    let mut lines = Vec::with_capacity(groups.len());
    for (_, _, mut members) in groups {
        members.sort_by(|&a, &b| runs[a].bbox.x0.total_cmp(&runs[b].bbox.x0));
        let mut text = String::new();
        let mut chars: Vec<CharBox> = Vec::new();
        let mut bbox: Option<Rect> = None;
        let mut prev: Option<&TextRun> = None;
        let mut size_weight: Vec<(f64, usize)> = Vec::new();
        for &i in &members {
            let Some(r) = runs.get(i) else { continue };
            if let Some(p) = prev {
                let gap = r.bbox.x0 - p.bbox.x1;
                let em = r.font_size.min(p.font_size).max(1.0);
                // Dossier's OCR gives one run per word: words are always apart.
                let words = r.ocr_conf.is_some() && p.ocr_conf.is_some();
                if (gap > 0.2 * em || words) && !text.ends_with(' ') && !r.text.starts_with(' ') {
                    text.push(' ');
                    chars.push(CharBox {
                        x0: p.bbox.x1 as f32,
                        y0: p.bbox.y0.min(r.bbox.y0) as f32,
                        x1: r.bbox.x0 as f32,
                        y1: p.bbox.y1.max(r.bbox.y1) as f32,
                    });
                }
            }
            text.push_str(&r.text);
            chars.extend_from_slice(&r.chars);
            bbox = Some(bbox.map_or(r.bbox, |b| b.union(&r.bbox)));
            let n = r.chars.len();
            match size_weight
                .iter_mut()
                .find(|(s, _)| (*s - r.font_size).abs() < 0.05)
            {
                Some((_, w)) => *w += n,
                None => size_weight.push((r.font_size, n)),
            }
            prev = Some(r);
        }
        if text.trim().is_empty() {
            continue;
        }
        let font_size = size_weight
            .iter()
            .max_by_key(|(_, w)| *w)
            .map_or(0.0, |(s, _)| *s);
        let baseline_y = members
            .first()
            .and_then(|&i| runs.get(i))
            .map_or(0.0, |r| r.baseline_y);
        lines.push(TextLine {
            text,
            chars,
            runs: members
                .iter()
                .map(|&i| u32::try_from(i).unwrap_or(u32::MAX))
                .collect(),
            bbox: bbox.unwrap_or_default(),
            baseline_y,
            font_size,
        });
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::model::Color;

    fn run(text: &str, x0: f64, x1: f64, baseline: f64, size: f64) -> TextRun {
        let n = text.chars().count();
        let w = (x1 - x0) / n.max(1) as f64;
        TextRun {
            text: text.to_string(),
            chars: (0..n)
                .map(|k| CharBox {
                    x0: (x0 + w * k as f64) as f32,
                    y0: (baseline - 0.2 * size) as f32,
                    x1: (x0 + w * (k + 1) as f64) as f32,
                    y1: (baseline + 0.8 * size) as f32,
                })
                .collect(),
            bbox: Rect::new(x0, baseline - 0.2 * size, x1, baseline + 0.8 * size),
            origin_x: x0,
            baseline_y: baseline,
            font_size: size,
            font_name: "Helvetica".to_string(),
            render_mode: 0,
            ocr_conf: None,
            fill: Color::BLACK,
            rotated: false,
            turn: 0,
            clip: None,
            seq: 0,
        }
    }

    #[test]
    fn lines_in_reading_order_with_spaces() {
        let runs = vec![
            run("world", 131.0, 160.0, 700.0, 10.0),
            run("Second", 100.0, 140.0, 680.0, 10.0),
            run("Hello", 100.0, 128.0, 700.3, 10.0),
            run("s.19(1)", 500.0, 530.0, 700.0, 8.0),
            run("!", 160.0, 163.0, 700.0, 10.0),
        ];
        let lines = build(&runs);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, vec!["Hello world! s.19(1)", "Second"]);
        for l in &lines {
            assert_eq!(l.text.chars().count(), l.chars.len());
        }
        assert_eq!(lines[0].runs, vec![2, 0, 4, 3]);
        assert_eq!(lines[0].font_size, 10.0);
        let b = lines[0].byte_span_bbox(13, 20).unwrap_or_default();
        assert!((b.x0 - 500.0).abs() < 0.01 && (b.x1 - 530.0).abs() < 0.01);
    }

    #[test]
    fn text_along_a_quarter_turn_is_read_in_its_own_frame_after_upright_text() {
        // "UP" drawn up the left margin (turn 90), two runs on one turned line.
        let turned = |text: &str, y0: f64, y1: f64| {
            let mut r = run(text, 0.0, 1.0, 0.0, 10.0);
            let n = text.chars().count();
            let h = (y1 - y0) / n.max(1) as f64;
            r.chars = (0..n)
                .map(|k| CharBox {
                    x0: 22.0,
                    y0: (y0 + h * k as f64) as f32,
                    x1: 30.0,
                    y1: (y0 + h * (k + 1) as f64) as f32,
                })
                .collect();
            r.bbox = Rect::new(22.0, y0, 30.0, y1);
            r.origin_x = 28.0;
            r.baseline_y = y0;
            r.rotated = true;
            r.turn = 90;
            r
        };
        let runs = vec![
            turned("000042", 150.0, 190.0),
            run("Body text", 100.0, 160.0, 700.0, 10.0),
            turned("B-2022-00031 -", 50.0, 140.0),
        ];
        let lines = build(&runs);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, vec!["Body text", "B-2022-00031 - 000042"]);
        let b = lines[1].bbox;
        assert!(
            (b.x0 - 22.0).abs() < 0.01 && (b.y0 - 50.0).abs() < 0.01 && (b.y1 - 190.0).abs() < 0.01
        );
        assert_eq!(lines[1].chars.len(), lines[1].text.chars().count());
    }

    #[test]
    fn rotated_and_clipped_text_stays_out() {
        let mut r1 = run("side", 10.0, 20.0, 400.0, 10.0);
        r1.rotated = true;
        let mut r2 = run("hidden", 100.0, 140.0, 300.0, 10.0);
        r2.clip = Some(Rect::new(0.0, 0.0, 50.0, 50.0));
        let mut r3 = run("ocr", 100.0, 140.0, 200.0, 10.0);
        r3.render_mode = 3;
        let lines = build(&[r1, r2, r3]);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].text, "ocr");
    }
}
