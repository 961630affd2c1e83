//! What lies under a redaction box: the text a box hides (painted before it, in its own colour
//! after it, or clipped away), how much of the box that text fills, and whether it is a readable
//! run of words rather than a stray glyph.

use super::codes;
use super::detect::vertical_overlap;
use crate::geometry::{Point, Rect};
use crate::pdf::{CharBox, Color, PageModel};

/// Whether text painted in `fill` on top of a box of luminance `box_lum` can be read.
pub(super) fn readable_on(fill: &Color, box_lum: f32) -> bool {
    (fill.luminance() - box_lum).abs() >= 0.3
}

/// One box as drawn: where, its paint order and its luminance.
#[derive(Debug, Clone, Copy)]
pub(super) struct Drawn {
    pub(super) rect: Rect,
    pub(super) seq: u32,
    pub(super) color: Color,
}

/// What the boxes of one redaction hide: the text, the share of the boxes' area it fills, and
/// how it is hidden when not simply under the box (`same_colour`, `clipped`).
#[derive(Debug)]
pub(super) struct Hidden {
    pub(super) text: String,
    pub(super) coverage: f32,
    pub(super) found_in: Option<&'static str>,
}

/// How a glyph was painted: paint order, fill colour, clip.
#[derive(Debug, Clone, Copy)]
struct Painted {
    seq: u32,
    fill: Color,
    clip: Option<Rect>,
}

/// How a glyph under a box is hidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HiddenHow {
    /// Painted before the box, which covers it.
    Under,
    /// Painted after the box, inside it, in a colour that does not stand out from it.
    SameColour,
    /// Clipped away (the clipping area in force leaves none of it), inside the box.
    Clipped,
}

/// Whether the char `r` of `run` is hidden by the drawn box `d`: its centre and half its area
/// under that one box (never a hull of several), and painted before the box, or after it in a
/// colour that does not stand out from it, with nothing else painted in between at that spot (a
/// court header stamped on a white patch laid over a black page is in plain sight), or clipped
/// away entirely. Says how.
fn hidden_by(page: &PageModel, run: Painted, r: &Rect, d: &Drawn) -> Option<HiddenHow> {
    if r.area() <= 0.0 || !d.rect.contains(r.center()) || r.covered_by(&d.rect) < 0.5 {
        return None;
    }
    // No part of the glyph is inside the clipping area: it is never painted, in any colour.
    let clipped = run.clip.is_some_and(|c| c.intersection(r).is_none());
    if clipped {
        return Some(HiddenHow::Clipped);
    }
    if run.seq < d.seq {
        return Some(HiddenHow::Under);
    }
    if stands_out(&run.fill, &d.color)
        || run
            .clip
            .is_some_and(|c| c.covered_by(&d.rect.inflate(1.0)) > 0.95)
    {
        return None;
    }
    // The topmost opaque fill under the glyph when it was painted must be this box.
    let covered_later = page.paths.iter().any(|p| {
        p.seq > d.seq
            && p.seq < run.seq
            && p.fill_alpha >= 0.9
            && p.fill.is_some_and(|f| stands_out(&run.fill, &f))
            && p.visible.is_some_and(|v| v.contains(r.center()))
            && p.rects.iter().any(|q| q.contains(r.center()))
    });
    (!covered_later).then_some(HiddenHow::SameColour)
}

/// The text the drawn boxes `boxes` (one redaction) hide, decided box by box. A leak is a
/// readable run of words: lone characters (a footnote mark, a stray glyph left when the real text
/// was removed) and the tips of words that stick out past a box's edge are not, unless they fill
/// a good part of the box. `None` when nothing leaks.
pub(super) fn hidden_under_boxes(page: &PageModel, boxes: &[Drawn]) -> Option<Hidden> {
    // (baseline, x0, x1, font size, text) of every run's hidden chars, for the text.
    let mut pieces: Vec<(f64, f64, f64, f64, String)> = Vec::new();
    // Every glyph on the boxes' lines, hidden or not, to find words across runs (some
    // producers show one glyph per operator): (baseline, size, char, box, hidden).
    let mut glyphs: Vec<(f64, f64, char, Rect, bool)> = Vec::new();
    let band = |r: &Rect| boxes.iter().any(|d| vertical_overlap(r, &d.rect) > 0.0);
    // How each hidden letter or digit is hidden.
    let mut hows: Vec<HiddenHow> = Vec::new();
    for run in &page.runs {
        if run.render_mode == 7 || run.ocr_conf.is_some() || run.rotated || !band(&run.bbox) {
            continue;
        }
        let painted = Painted {
            seq: run.seq,
            fill: run.fill,
            clip: run.clip,
        };
        pieces.extend(hidden_piece(run, |c, r| {
            let how = boxes.iter().find_map(|d| hidden_by(page, painted, r, d));
            if let Some(how) = how
                && c.is_alphanumeric()
            {
                hows.push(how);
            }
            let h = how.is_some();
            glyphs.push((run.baseline_y, run.font_size, c, *r, h));
            h
        }));
    }
    // Letters and digits of whole words (and of long pieces cut by a box edge); the area under
    // the boxes of every hidden piece of two or more.
    let (mut substance, mut area) = hidden_words(glyphs, boxes);
    // Glyphs in a font without a Unicode map: say that text is there rather than guess it.
    for u in &page.undecoded {
        if u.render_mode == 7 {
            continue;
        }
        let painted = Painted {
            seq: u.seq,
            fill: u.fill,
            clip: u.clip,
        };
        let under: Vec<Rect> = u
            .chars
            .iter()
            .map(CharBox::rect)
            .filter(|r| {
                boxes
                    .iter()
                    .any(|d| hidden_by(page, painted, r, d).is_some())
            })
            .collect();
        // A run of glyphs, not a stray one.
        if under.len() < 2 {
            continue;
        }
        substance += under.len();
        for r in &under {
            area += under_area(r, boxes);
        }
        let (Some(first), Some(last)) = (under.first(), under.last()) else {
            continue;
        };
        let size = first.height();
        pieces.push((
            first.y0,
            first.x0,
            last.x1,
            size,
            format!(
                "[{} glyphs of undecodable text, font {}]",
                under.len(),
                u.font_name
            ),
        ));
    }
    let box_area: f64 = boxes.iter().map(|d| d.rect.area()).sum::<f64>().max(1e-6);
    let coverage = (area / box_area).clamp(0.0, 1.0);
    // A readable run of words: four letters or digits in whole words (or in a piece of a word
    // cut by the box's edge), or fewer that fill most of the box (it was drawn over just them).
    if substance < 4 && !(area > 0.0 && coverage >= 0.5) {
        return None;
    }
    let text = meaningful(compose(pieces))?;
    let all = |how: HiddenHow| !hows.is_empty() && hows.iter().all(|h| *h == how);
    let found_in = if all(HiddenHow::Clipped) {
        Some("clipped")
    } else if all(HiddenHow::SameColour) {
        Some("same_colour")
    } else {
        None
    };
    Some(Hidden {
        text,
        coverage: coverage as f32,
        found_in,
    })
}

/// The share of `areas` (0..=1) that the glyphs lying under them fill (their centre inside one
/// and at least `min_cover` of their box), over the runs `keep` accepts: how much of an
/// annotation or a dark area of a scan the leaked text fills.
pub(super) fn text_coverage(
    page: &PageModel,
    areas: &[Rect],
    min_cover: f64,
    keep: impl Fn(&crate::pdf::TextRun) -> bool,
) -> f32 {
    let total: f64 = areas.iter().map(Rect::area).sum();
    if total <= 0.0 {
        return 0.0;
    }
    let mut filled = 0.0;
    for run in &page.runs {
        if run.render_mode == 7 || run.ocr_conf.is_some() || !keep(run) {
            continue;
        }
        for (c, cb) in run.text.chars().zip(&run.chars) {
            let r = cb.rect();
            if c.is_whitespace() || r.area() <= 0.0 {
                continue;
            }
            filled += areas
                .iter()
                .filter(|a| a.contains(r.center()) && r.covered_by(a) >= min_cover)
                .filter_map(|a| r.intersection(a))
                .map(|x| x.area())
                .fold(0.0, f64::max);
        }
    }
    (filled / total).clamp(0.0, 1.0) as f32
}

/// Words of the glyphs on a line (sorted by baseline then x; a space or a gap of a fifth of the
/// font size ends a word), and in them the stretches of hidden glyphs. Returns the letters and
/// digits of hidden stretches that count as words (two or more in a whole word; four or more in
/// a piece of a word cut by a box's edge, whose rest is in plain sight), and the area under the
/// boxes of every stretch of two or more.
fn hidden_words(mut glyphs: Vec<(f64, f64, char, Rect, bool)>, boxes: &[Drawn]) -> (usize, f64) {
    glyphs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.3.x0.total_cmp(&b.3.x0)));
    // Split into words.
    let mut words: Vec<Vec<(char, Rect, bool)>> = Vec::new();
    let mut last: Option<(f64, f64, f64)> = None; // baseline, x1, size
    for (y, size, c, r, h) in glyphs {
        let size = size.max(1.0);
        let joined = last.is_some_and(|(ly, lx1, ls)| {
            (y - ly).abs() <= 0.3 * ls.max(size) && r.x0 - lx1 <= 0.2 * ls.max(size)
        });
        if c.is_whitespace() {
            last = None;
            continue;
        }
        match words.last_mut() {
            Some(w) if joined => w.push((c, r, h)),
            _ => words.push(vec![(c, r, h)]),
        }
        last = Some((y, r.x1, size));
    }
    let (mut substance, mut area) = (0usize, 0.0f64);
    for w in &words {
        let shown_alnum = w.iter().any(|(c, _, h)| !h && c.is_alphanumeric());
        let mut i = 0;
        while i < w.len() {
            if !w.get(i).is_some_and(|g| g.2) {
                i += 1;
                continue;
            }
            let start = i;
            while w.get(i).is_some_and(|g| g.2) {
                i += 1;
            }
            let piece = w.get(start..i).unwrap_or_default();
            let alnum = piece.iter().filter(|(c, _, _)| c.is_alphanumeric()).count();
            if alnum < 2 {
                continue;
            }
            if !shown_alnum || alnum >= 4 {
                substance += alnum;
            }
            area += piece
                .iter()
                .map(|(_, r, _)| under_area(r, boxes))
                .sum::<f64>();
        }
    }
    (substance, area)
}

/// The area of glyph `r` under the boxes (the largest share one box covers).
fn under_area(r: &Rect, boxes: &[Drawn]) -> f64 {
    boxes
        .iter()
        .filter_map(|d| r.intersection(&d.rect))
        .map(|x| x.area())
        .fold(0.0, f64::max)
}

/// Pieces of text (baseline, x0, x1, font size, text) in reading order, lines joined by newlines.
fn compose(mut pieces: Vec<(f64, f64, f64, f64, String)>) -> String {
    pieces.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.total_cmp(&b.1)));
    let mut out = String::new();
    let mut last: Option<(f64, f64)> = None; // (baseline, x1)
    for (y, x0, x1, size, t) in pieces {
        if let Some((ly, lx1)) = last {
            if (y - ly).abs() > 0.3 * size.max(1.0) {
                out.push('\n');
            } else if x0 - lx1 > 0.15 * size.max(1.0) {
                out.push(' ');
            }
        }
        out.push_str(&t);
        last = Some((y, x1));
    }
    out
}

/// Whether text painted in `fill` on a surface of colour `under` can be seen: the two differ in
/// lightness, or clearly in hue (blue on black is seen though both are dark).
fn stands_out(fill: &Color, under: &Color) -> bool {
    let channel = (fill.r - under.r)
        .abs()
        .max((fill.g - under.g).abs())
        .max((fill.b - under.b).abs());
    readable_on(fill, under.luminance()) || channel >= 0.5
}

/// Chars whose box lies mostly under `b` and that the box hides: drawn before it, or drawn after
/// it in a colour that does not stand out from it (black on black). In reading order.
/// `cover` is the box's paint order and luminance; `None` for annotations (over everything).
pub(super) fn text_under(page: &PageModel, b: &Rect, cover: Option<(u32, f32)>) -> String {
    text_under_runs(page, b, cover, 0.3, |_| true)
}

/// [`text_under`] over the runs `keep` accepts; `min_annot_cover` is the share of a glyph an
/// annotation must cover. Dossier's own OCR never counts: it reads only what the picture shows.
pub(super) fn text_under_runs(
    page: &PageModel,
    b: &Rect,
    cover: Option<(u32, f32)>,
    min_annot_cover: f64,
    keep: impl Fn(&crate::pdf::TextRun) -> bool,
) -> String {
    // Boxes: the char's centre under the box and half its area; annotations mark any glyph they
    // touch substantially (that is what applying them removes).
    let min_cover = if cover.is_some() {
        0.5
    } else {
        min_annot_cover
    };
    // (baseline, x0, x1, font size, text)
    let mut pieces: Vec<(f64, f64, f64, f64, String)> = Vec::new();
    for run in &page.runs {
        if run.render_mode == 7 || run.ocr_conf.is_some() || !keep(run) {
            continue;
        }
        // Painted after the box: readable on it (a label in white), or clipped to the box (the
        // box's own caption, drawn by the same appearance), it is not hidden text.
        if let Some((seq, lum)) = cover
            && run.seq > seq
            && (readable_on(&run.fill, lum)
                || run
                    .clip
                    .is_some_and(|c| c.covered_by(&b.inflate(1.0)) > 0.95))
        {
            continue;
        }
        if run.bbox.intersection(b).is_none() {
            continue;
        }
        pieces.extend(hidden_piece(run, |_, r| {
            let center = Point::new((r.x0 + r.x1) / 2.0, (r.y0 + r.y1) / 2.0);
            let covered = if r.area() > 0.0 { r.covered_by(b) } else { 0.0 };
            (b.contains(center) || cover.is_none()) && covered >= min_cover
        }));
    }
    compose(pieces)
}

/// The characters of `run` that `hidden` says are hidden, as one piece with its horizontal
/// extent: `(baseline, x0, x1, font size, text)`, each gap of visible characters one space.
fn hidden_piece(
    run: &crate::pdf::TextRun,
    mut hidden: impl FnMut(char, &Rect) -> bool,
) -> Option<(f64, f64, f64, f64, String)> {
    let mut text = String::new();
    let (mut x0, mut x1) = (f64::INFINITY, f64::NEG_INFINITY);
    for (c, cb) in run.text.chars().zip(&run.chars) {
        let r = cb.rect();
        if hidden(c, &r) {
            text.push(c);
            x0 = x0.min(r.x0);
            x1 = x1.max(r.x1);
        } else if !text.is_empty() && !text.ends_with(' ') {
            text.push(' ');
        }
    }
    let text = text.trim();
    (!text.is_empty()).then(|| (run.baseline_y, x0, x1, run.font_size, text.to_string()))
}

/// Words that label a redaction rather than reveal what it hides (`REDACTED`, `Privileged`,
/// `s.19(1)`): text under a box made only of these is not a leak.
const LABEL_WORDS: &[&str] = &[
    "redacted",
    "redaction",
    "privilege",
    "privileged",
    "confidential",
    "withheld",
    "exempt",
    "exempted",
    "removed",
    "sealed",
    "pii",
    "caviardé",
    "retiré",
    "protected",
    "protégé",
    "b",
    "attorney-client",
    "work",
    "product",
];

/// Leaked text worth reporting: some letters or digits that are not only labels and codes.
pub(super) fn meaningful(text: String) -> Option<String> {
    let t = text.trim();
    if !t.chars().any(char::is_alphanumeric) {
        return None;
    }
    let mut rest = t.to_string();
    // A compound label gives several codes with one span: blank each span once.
    let mut spans: Vec<(usize, usize)> = codes::find_codes(t)
        .iter()
        .map(|f| (f.start, f.end))
        .collect();
    spans.dedup();
    for &(start, end) in spans.iter().rev() {
        if rest.is_char_boundary(start) && rest.is_char_boundary(end) && end <= rest.len() {
            rest.replace_range(start..end, " ");
        }
    }
    let informative = rest
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .any(|w| !LABEL_WORDS.contains(&w.to_lowercase().as_str()));
    informative.then(|| t.to_string())
}
