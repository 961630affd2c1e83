//! The page-level detectors: drawn boxes (with the leak check), inline markers, redaction
//! annotations, withheld-page notices and dark areas of scanned images; then the exemption codes
//! stamped beside, above or inside each box.

use std::sync::OnceLock;

use regex::Regex;

use super::codes;
use super::under::{
    Drawn, hidden_under_boxes, meaningful, readable_on, text_coverage, text_under, text_under_runs,
};
use super::{Qualifier, Redaction, RedactionKind};
use crate::geometry::Rect;
use crate::pdf::{CharBox, Color, PageModel, PathShape, TextLine};

/// A code stamp on the page: the codes and where they are printed.
#[derive(Debug, Clone)]
struct Stamp {
    codes: Vec<String>,
    /// The labels as printed, and the qualifiers they carry.
    labels: Labels,
    bbox: Rect,
    /// The stamp is a whole run of its own (a margin stamp), not words inside a sentence.
    standalone: bool,
}

/// Labels as printed and the qualifiers they give codes.
#[derive(Debug, Clone, Default, PartialEq)]
struct Labels {
    stamped: Vec<String>,
    qualifiers: Vec<Qualifier>,
}

impl Labels {
    fn of(found: &[codes::Found]) -> Labels {
        let mut l = Labels::default();
        for f in found {
            l.add_found(f);
        }
        l
    }

    fn add_found(&mut self, f: &codes::Found) {
        if !self.stamped.contains(&f.stamped) {
            self.stamped.push(f.stamped.clone());
        }
        if let Some(q) = &f.qualifier {
            let q = Qualifier {
                code: f.code.clone(),
                qualifier: q.clone(),
            };
            if !self.qualifiers.contains(&q) {
                self.qualifiers.push(q);
            }
        }
    }

    fn add(&mut self, other: &Labels) {
        for s in &other.stamped {
            if !self.stamped.contains(s) {
                self.stamped.push(s.clone());
            }
        }
        for q in &other.qualifiers {
            if !self.qualifiers.contains(q) {
                self.qualifiers.push(q.clone());
            }
        }
    }
}

fn luminance_ok_for_box(c: &Color) -> bool {
    // Black, dark and mid grey; not coloured highlights.
    c.luminance() < 0.62 && c.chroma() < 0.25
}

/// Page-level detection (see the module docs).
pub fn detect_page(page: &PageModel) -> Vec<Redaction> {
    let mut out = Vec::new();
    let stamps = stamps(page);
    // Codes sit beside or above a box as the page is read, which on a turned page (/Rotate) is
    // not the page's own x and y: placement is judged in display space.
    let shown = shown_stamps(page, &stamps);
    boxes(page, &shown, &mut out);
    markers(page, &stamps, &mut out);
    annotations(page, &mut out);
    notices(page, &mut out);
    scans(page, &shown, &mut out);
    out
}

/// The stamps with their boxes in display space (the page as shown), for [`codes_for`].
fn shown_stamps(page: &PageModel, stamps: &[Stamp]) -> Vec<Stamp> {
    stamps
        .iter()
        .map(|s| Stamp {
            bbox: crate::pdf::lines::rect_to_display(
                &s.bbox,
                &page.crop_box,
                reading_rotation(page),
            ),
            ..s.clone()
        })
        .collect()
}

/// The codes of a box `b` (page space) from the stamps in display space, with their labels.
/// `boxes` are the page's boxes in display space, `b` among them at index `own`: a label on the
/// line of another box is that box's, not a continuation of `b`'s.
fn codes_for(
    page: &PageModel,
    b: &Rect,
    shown: &[Stamp],
    boxes: &[Rect],
    own: Option<usize>,
) -> (Vec<String>, Labels) {
    let chosen = box_stamps(
        &crate::pdf::lines::rect_to_display(b, &page.crop_box, reading_rotation(page)),
        shown,
        boxes,
        own,
    );
    gather(&chosen)
}

/// The codes of the stamps, in order, without repeats, and their labels.
fn gather(stamps: &[&Stamp]) -> (Vec<String>, Labels) {
    let mut codes: Vec<String> = Vec::new();
    let mut labels = Labels::default();
    for s in stamps {
        for c in &s.codes {
            if !codes.contains(c) {
                codes.push(c.clone());
            }
        }
        labels.add(&s.labels);
    }
    (codes, labels)
}

/// Adds the labels as stamped and the qualifiers.
fn set_labels(r: &mut Redaction, labels: &Labels) {
    for st in &labels.stamped {
        if !r.stamped.contains(st) {
            r.stamped.push(st.clone());
        }
    }
    for q in &labels.qualifiers {
        if !r.qualifiers.contains(q) {
            r.qualifiers.push(q.clone());
        }
    }
}

fn set_codes(r: &mut Redaction, codes: &[String]) {
    for c in codes {
        if !r.codes.contains(c) {
            r.codes.push(c.clone());
        }
        if !codes::is_known(c) && codes::explain(c).is_none() && !r.unknown_codes.contains(c) {
            r.unknown_codes.push(c.clone());
        }
    }
}

/// The rotation under which the page reads upright, for "beside" and "after": as shown
/// (`/Rotate`), but for a page read in a turned frame, whose text already runs left to right in
/// the model (see [`PageModel::turn`]), however the page is shown.
fn reading_rotation(page: &PageModel) -> u16 {
    if page.turn != 0 { 0 } else { page.rotate }
}

/// Code stamps: from every run (a margin stamp is usually its own run) and from lines. Text of
/// an OCR layer or of Dossier's OCR counts (a scan's labels are only there), with the usual OCR
/// misreadings of codes repaired.
fn stamps(page: &PageModel) -> Vec<Stamp> {
    let mut out = Vec::new();
    for (i, run) in page.runs.iter().enumerate() {
        let readable = run.is_visible()
            || (run.render_mode == 3
                && run.clip.is_none_or(|c| c.intersection(&run.bbox).is_some()));
        if run.rotated || !readable {
            continue;
        }
        let repaired;
        let run_text = if run.is_ocr() {
            repaired = codes::repair_ocr(&run.text);
            repaired.as_str()
        } else {
            run.text.as_str()
        };
        let found = codes::find_codes(run_text);
        if found.is_empty() {
            continue;
        }
        // OCR gives a run per word: a code is a stamp when its neighbours on the line are codes
        // too or far away, not when it sits in a sentence ("under section 15(1) of the Act").
        let standalone = codes::is_stamp(run_text) && (!run.is_ocr() || !in_prose(page, i));
        if standalone {
            out.push(Stamp {
                labels: Labels::of(&found),
                codes: found.into_iter().map(|f| f.code).collect(),
                bbox: run.bbox,
                standalone: true,
            });
        } else {
            // Codes inside a sentence ("pursuant to section 15(1)") are prose, not stamps; keep
            // them only when the code is set apart (e.g. "... [box] s.19(1)" at the end).
            for f in found {
                let chars = run_text.get(..f.start).map_or(0, |s| s.chars().count());
                let n = run_text
                    .get(f.start..f.end)
                    .map_or(0, |s| s.chars().count());
                let tail = run_text.get(f.end..).unwrap_or("").trim();
                if tail.is_empty()
                    && let Some(b) = span(&run.chars, chars, chars + n)
                {
                    out.push(Stamp {
                        labels: Labels::of(std::slice::from_ref(&f)),
                        codes: vec![f.code],
                        bbox: b,
                        standalone: false,
                    });
                }
            }
        }
    }
    out
}

/// Run `i` (an OCR word) sits in a sentence: a neighbour on its line, within two font sizes, is
/// a word that is not a code or a joining word.
fn in_prose(page: &PageModel, i: usize) -> bool {
    let Some(run) = page.runs.get(i) else {
        return false;
    };
    let Some(line) = page
        .lines
        .iter()
        .find(|l| l.runs.iter().any(|&r| r as usize == i))
    else {
        return false;
    };
    let pos = line.runs.iter().position(|&r| r as usize == i);
    let near = |j: Option<usize>| -> bool {
        let Some(other) = j
            .and_then(|j| line.runs.get(j))
            .and_then(|&r| page.runs.get(r as usize))
        else {
            return false;
        };
        let gap = (other.bbox.x0 - run.bbox.x1).max(run.bbox.x0 - other.bbox.x1);
        if gap > 2.0 * run.font_size.max(other.font_size) {
            return false;
        }
        // Another read of the same place (an OCR layer under Dossier's reading) is not a
        // neighbour.
        let smaller = run.bbox.area().min(other.bbox.area()).max(0.01);
        if run
            .bbox
            .intersection(&other.bbox)
            .is_some_and(|i| i.area() > 0.3 * smaller)
        {
            return false;
        }
        let t = codes::repair_ocr(&other.text);
        let word = t
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        !(codes::is_stamp(&t) || matches!(word.as_str(), "" | "and" | "et" | "s"))
    };
    pos.is_some_and(|p| near(p.checked_sub(1)) || near(Some(p + 1)))
}

fn span(chars: &[CharBox], start: usize, end: usize) -> Option<Rect> {
    chars
        .get(start..end.min(chars.len()))?
        .iter()
        .map(CharBox::rect)
        .reduce(|a, b| a.union(&b))
}

pub(super) fn vertical_overlap(a: &Rect, b: &Rect) -> f64 {
    (a.y1.min(b.y1) - a.y0.max(b.y0)).max(0.0)
}

/// Candidate opaque rectangles, each with its paint order.
fn candidate_boxes(page: &PageModel) -> Vec<(Rect, u32, Color)> {
    let page_area = page.crop_box.area().max(1.0);
    let mut out = Vec::new();
    for p in &page.paths {
        let Some(fill) = p.fill else { continue };
        if p.fill_alpha < 0.9 {
            continue;
        }
        let white_bordered = fill.luminance() > 0.95
            && p.stroke.is_some_and(|s| s.luminance() < 0.3)
            && p.line_width >= 0.5;
        if !luminance_ok_for_box(&fill) && !white_bordered {
            continue;
        }
        for r in solid_rects(p) {
            let Some(vis) = r.intersection(&p.visible.unwrap_or_default()) else {
                continue;
            };
            // Clipped to a sliver: what shows is not the box that was drawn.
            if vis.area() < 0.5 * r.area() {
                continue;
            }
            if r.width() < 4.0 || r.height() < 4.0 || r.area() / page_area > 0.5 {
                continue;
            }
            out.push((r, p.seq, fill));
        }
    }
    out
}

/// The solid rectangles a path fills: each rectangle subpath, except frames (a rectangle with
/// another inside it under even-odd, or drawn in opposite directions: a hollow border).
fn solid_rects(p: &PathShape) -> Vec<Rect> {
    if p.rects.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, r) in p.rects.iter().enumerate() {
        let holed =
            p.rects.iter().enumerate().any(|(j, o)| {
                j != i && o.x0 >= r.x0 && o.y0 >= r.y0 && o.x1 <= r.x1 && o.y1 <= r.y1
            });
        let inside_other =
            p.rects.iter().enumerate().any(|(j, o)| {
                j != i && r.x0 >= o.x0 && r.y0 >= o.y0 && r.x1 <= o.x1 && r.y1 <= o.y1
            });
        if holed || inside_other {
            continue;
        }
        out.push(*r);
    }
    out
}

fn boxes(page: &PageModel, shown: &[Stamp], out: &mut Vec<Redaction>) {
    let mut cands = candidate_boxes(page);
    // Merge boxes that touch or overlap (one redaction drawn in pieces).
    cands.sort_by(|a, b| b.0.y1.total_cmp(&a.0.y1).then(a.0.x0.total_cmp(&b.0.x0)));
    // (hull, latest paint order, luminance, the boxes as drawn). The hull is what is reported;
    // what a box hides is decided on the boxes as drawn, never on the hull (two boxes side by
    // side do not hide the words printed between them).
    let mut merged: Vec<(Rect, u32, f32, Vec<Drawn>)> = Vec::new();
    for (r, seq, color) in cands {
        let lum = color.luminance();
        // Overlapping pieces, or pieces side by side on one line; boxes stacked line over line
        // stay separate redactions (each line usually carries its own code).
        let drawn = Drawn {
            rect: r,
            seq,
            color,
        };
        if let Some(m) = merged.iter_mut().find(|(m, _, _, _)| {
            let overlap = m
                .intersection(&r)
                .is_some_and(|i| i.area() > 0.25 * r.area().min(m.area()));
            let same_band = vertical_overlap(m, &r) > 0.8 * m.height().min(r.height());
            let gap = (r.x0 - m.x1).max(m.x0 - r.x1);
            overlap || (same_band && gap <= 1.0)
        }) {
            m.0 = m.0.union(&r);
            m.1 = m.1.max(seq);
            m.3.push(drawn);
        } else {
            merged.push((r, seq, lum, vec![drawn]));
        }
    }
    let display =
        |r: &Rect| crate::pdf::lines::rect_to_display(r, &page.crop_box, reading_rotation(page));
    let all: Vec<Rect> = merged.iter().map(|m| display(&m.0)).collect();
    // Paths (by paint order) with a box on a text line: the other boxes of one such path (a
    // stepped outline over a passage, a path of one box per line) are part of the same
    // redaction, even over a line whose text was taken out entirely.
    let on_a_line = |b: &Rect| {
        page.lines
            .iter()
            .any(|l| vertical_overlap(&l.bbox, b) > 0.4 * l.bbox.height().min(b.height()))
    };
    let line_paths: std::collections::HashSet<u32> = merged
        .iter()
        .filter(|(b, _, _, _)| on_a_line(b))
        .flat_map(|(_, _, _, drawn)| drawn.iter().map(|d| d.seq))
        .collect();
    // Boxes on a text line (or of such a path), and boxes joined to one of them line under line:
    // the middle box of a passage boxed line by line sits over a line whose text was taken out
    // entirely, yet belongs to the passage.
    let mut near_line: Vec<bool> = merged
        .iter()
        .map(|(b, _, _, drawn)| on_a_line(b) || drawn.iter().any(|d| line_paths.contains(&d.seq)))
        .collect();
    if merged.len() <= MAX_GROUPED_BOXES {
        let shown: Vec<Rect> = merged.iter().map(|m| display(&m.0)).collect();
        for _ in 0..4 {
            let mut changed = false;
            for i in 0..shown.len() {
                if near_line.get(i).copied().unwrap_or(true) {
                    continue;
                }
                let Some(b) = shown.get(i) else { continue };
                let joined = shown.iter().enumerate().any(|(j, o)| {
                    near_line.get(j).copied().unwrap_or(false)
                        && (line_below(o, b) || line_below(b, o))
                });
                if joined && let Some(flag) = near_line.get_mut(i) {
                    *flag = true;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
    }
    // (redaction, hull in display space, the boxes as drawn)
    let mut found: Vec<(Redaction, Rect)> = Vec::new();
    for (i, (b, seq, lum, drawn)) in merged.into_iter().enumerate() {
        // Covered by an opaque image painted later (a page-sized scan over old content): not
        // visible, so not a redaction anyone sees.
        if page
            .images
            .iter()
            .any(|im| im.seq > seq && !im.is_mask && b.covered_by(&im.bbox) > 0.8)
        {
            continue;
        }
        // Text printed on top of the box and readable on it: a code label is fine; other text
        // means a shaded cell or a banner (a title in white on black), not a redaction.
        let on_top: Vec<_> = page
            .runs
            .iter()
            .filter(|r| r.seq > seq && r.is_visible() && !r.text.trim().is_empty())
            .filter(|r| readable_on(&r.fill, lum) && r.bbox.covered_by(&b) > 0.5)
            .collect();
        if on_top.iter().any(|r| !codes::is_stamp(&r.text)) {
            continue;
        }
        // A box must sit where text would be: on a text line's band, or have text under it, or a
        // code stamp beside it.
        let under = text_under(page, &b, Some((seq, lum)));
        let on_line = near_line.get(i).copied().unwrap_or(false);
        let (codes, labels) = codes_for(page, &b, shown, &all, Some(i));
        let hidden = hidden_under_boxes(page, &drawn);
        if under.trim().is_empty() && !on_line && codes.is_empty() && hidden.is_none() {
            continue;
        }
        let mut r = Redaction::new(page.number, RedactionKind::Box, Some(b));
        if let Some(h) = hidden {
            r.leaked_text = Some(h.text);
            r.leak_coverage = h.coverage;
            r.leak_found_in = h.found_in.map(str::to_string);
        }
        set_codes(&mut r, &codes);
        set_labels(&mut r, &labels);
        found.push((r, display(&b)));
    }
    // Which boxes have a label of their own (before labels are shared in a group).
    let own: Vec<bool> = found.iter().map(|(r, _)| !r.codes.is_empty()).collect();
    let glyphs = visible_glyphs(page);
    share_group_labels(&mut found, shown, &glyphs);
    out.extend(passages(found, &own, &glyphs));
}

/// Box `r` is on the line right under box `u` (display space): the vertical gap is at most
/// about a line and their horizontal extents overlap.
fn line_below(u: &Rect, r: &Rect) -> bool {
    let gap = u.y0 - r.y1;
    let h = u.height().min(r.height());
    r.y1 < u.y1 && gap >= -0.25 * h && gap <= h && u.x0 < r.x1 && r.x0 < u.x1
}

/// Box `r` is on the text line after box `u`'s (display space), wherever it stands on it: below
/// it, at most two box heights lower (double spacing), with no visible glyph between the two
/// (a line skipped is another passage).
fn next_line(glyphs: &[Rect], u: &Rect, r: &Rect) -> bool {
    let gap = u.y0 - r.y1;
    let h = u.height().min(r.height());
    let (x0, x1) = (u.x0.min(r.x0), u.x1.max(r.x1));
    r.y1 < u.y1
        && gap >= -0.25 * h
        && gap <= 2.0 * h
        && !glyphs.iter().any(|g| {
            let cy = (g.y0 + g.y1) / 2.0;
            cy > r.y1 && cy < u.y0 && g.x1 > x0 && g.x0 < x1
        })
}

/// Box `r` goes on with the passage box `u` ends: on the line right under it and overlapping
/// it, or, when `u` ends its line (no text right of it) and `r` starts the next one (no text
/// left of it, starting left of where `u` starts), anywhere on that line: a passage boxed line
/// by line whose first box is the end of one line and whose next box starts the next.
fn continues(glyphs: &[Rect], u: &Rect, r: &Rect) -> bool {
    if line_below(u, r) {
        return true;
    }
    let reach = 2.0 * u.height().min(r.height());
    next_line(glyphs, u, r)
        && r.x0 <= u.x0 + 2.0
        && !text_beside(glyphs, u, reach, false)
        && !text_beside(glyphs, r, reach, true)
}

/// Boxes on consecutive lines, one under the other: the groups of boxes joined by
/// [`line_below`]. Indices into `boxes` (display space).
fn vertical_groups(boxes: &[Rect], glyphs: &[Rect]) -> Vec<Vec<usize>> {
    let n = boxes.len();
    let mut group: Vec<usize> = (0..n).collect();
    fn root(group: &mut [usize], mut i: usize) -> usize {
        while let Some(&p) = group.get(i) {
            if p == i {
                break;
            }
            i = p;
        }
        i
    }
    for (i, u) in boxes.iter().enumerate() {
        for (j, r) in boxes.iter().enumerate() {
            if i != j && continues(glyphs, u, r) {
                let (a, b) = (root(&mut group, i), root(&mut group, j));
                if let Some(g) = group.get_mut(a) {
                    *g = b;
                }
            }
        }
    }
    let mut out: Vec<(usize, Vec<usize>)> = Vec::new();
    for i in 0..n {
        let r = root(&mut group, i);
        match out.iter_mut().find(|(k, _)| *k == r) {
            Some((_, g)) => g.push(i),
            None => out.push((r, vec![i])),
        }
    }
    out.into_iter().map(|(_, g)| g).collect()
}

/// One label serving several adjacent boxes: boxes on consecutive lines without a label of their
/// own take the label of the group when every labelled box of the group has the same codes, or,
/// when none has, a margin label printed beside the group.
fn share_group_labels(found: &mut [(Redaction, Rect)], shown: &[Stamp], glyphs: &[Rect]) {
    if found.len() > MAX_GROUPED_BOXES {
        return;
    }
    let rects: Vec<Rect> = found.iter().map(|(_, r)| *r).collect();
    for group in vertical_groups(&rects, glyphs) {
        if group.len() < 2 {
            continue;
        }
        let members: Vec<&Redaction> = group
            .iter()
            .filter_map(|&i| found.get(i).map(|(r, _)| r))
            .collect();
        if members.iter().all(|r| !r.codes.is_empty()) {
            continue;
        }
        let labelled: Vec<&&Redaction> = members.iter().filter(|r| !r.codes.is_empty()).collect();
        let share: Option<(Vec<String>, Labels)> = if let Some(first) = labelled.first() {
            labelled.iter().all(|r| r.codes == first.codes).then(|| {
                (
                    first.codes.clone(),
                    Labels {
                        stamped: first.stamped.clone(),
                        qualifiers: first.qualifiers.clone(),
                    },
                )
            })
        } else {
            let hull = group
                .iter()
                .filter_map(|&i| rects.get(i))
                .copied()
                .reduce(|a, b| a.union(&b));
            hull.map(|h| {
                let beside: Vec<&Stamp> = shown
                    .iter()
                    .filter(|s| {
                        let cy = (s.bbox.y0 + s.bbox.y1) / 2.0;
                        s.standalone
                            && cy >= h.y0
                            && cy <= h.y1
                            && (s.bbox.x0 >= h.x1 - 1.0 || s.bbox.x1 <= h.x0 + 1.0)
                    })
                    .collect();
                gather(&beside)
            })
        };
        let Some((codes, labels)) = share else {
            // Labels that differ within the group (a name boxed on the line above a passage
            // under another code): an unlabelled box continues the labelled box right above it
            // (the passage it ends), or else starts the one right below it.
            if !labelled.is_empty() {
                continue_labels(found, &group, glyphs);
            }
            continue;
        };
        for &i in &group {
            if let Some((r, _)) = found.get_mut(i)
                && r.codes.is_empty()
            {
                set_codes(r, &codes);
                set_labels(r, &labels);
            }
        }
    }
}

/// In a group of boxes line under line whose labels differ, each unlabelled box takes the codes
/// of the box right above it once that one has codes (top down, so a passage's label runs down
/// it), and the still unlabelled ones those of the box right below (bottom up).
fn continue_labels(found: &mut [(Redaction, Rect)], group: &[usize], glyphs: &[Rect]) {
    let mut order: Vec<usize> = group.to_vec();
    let top = |i: &usize| found.get(*i).map_or(0.0, |(_, r)| r.y1);
    order.sort_by(|a, b| top(b).total_cmp(&top(a)));
    for downward in [true, false] {
        let walk: Vec<usize> = if downward {
            order.clone()
        } else {
            order.iter().rev().copied().collect()
        };
        for &i in &walk {
            let Some((r, b)) = found.get(i) else { continue };
            if !r.codes.is_empty() {
                continue;
            }
            let b = *b;
            let from = group.iter().copied().find(|&j| {
                found.get(j).is_some_and(|(o, ob)| {
                    !o.codes.is_empty()
                        && if downward {
                            continues(glyphs, ob, &b)
                        } else {
                            continues(glyphs, &b, ob)
                        }
                })
            });
            let Some((codes, labels)) = from.and_then(|j| found.get(j)).map(|(o, _)| {
                (
                    o.codes.clone(),
                    Labels {
                        stamped: o.stamped.clone(),
                        qualifiers: o.qualifiers.clone(),
                    },
                )
            }) else {
                continue;
            };
            if let Some((r, _)) = found.get_mut(i) {
                set_codes(r, &codes);
                set_labels(r, &labels);
            }
        }
    }
}

/// The visible glyphs of the page in display space (code labels left out), for
/// [`text_beside`].
fn visible_glyphs(page: &PageModel) -> Vec<Rect> {
    let mut out = Vec::new();
    for run in &page.runs {
        if !run.is_visible() || run.rotated || codes::is_stamp(&run.text) {
            continue;
        }
        for (c, cb) in run.text.chars().zip(&run.chars) {
            if !c.is_whitespace() {
                out.push(crate::pdf::lines::rect_to_display(
                    &cb.rect(),
                    &page.crop_box,
                    reading_rotation(page),
                ));
            }
        }
    }
    out
}

/// Whether one of `glyphs` stands on the band of `b` within `reach` points left of it (`left`)
/// or right of it.
fn text_beside(glyphs: &[Rect], b: &Rect, reach: f64, left: bool) -> bool {
    glyphs.iter().any(|r| {
        if vertical_overlap(r, b) < 0.5 * r.height().min(b.height()) {
            return false;
        }
        if left {
            r.x1 <= b.x0 + 0.5 && r.x1 > b.x0 - reach
        } else {
            r.x0 >= b.x1 - 0.5 && r.x0 < b.x1 + reach
        }
    })
}

/// Past this many boxes on a page, boxes are not grouped (labels shared, passages joined): no
/// page of prose has as many, and grouping costs the square of their number.
const MAX_GROUPED_BOXES: usize = 2000;

/// A passage being gathered: its redaction, its boxes, the leaked area, its last box, and how
/// many of its boxes carry a label of their own.
struct Passage {
    r: Redaction,
    boxes: Vec<Rect>,
    leak_area: f64,
    last: usize,
    labelled: usize,
}

/// One redaction per passage: boxes drawn line by line over one passage (each the next line of
/// the text: the upper box ends its line, the lower one starts its line at or left of where the
/// upper one starts, about a line below, with the same codes) are one redaction with the list of
/// its boxes. Boxes that each carry a label printed for them alone (`own`) are separate
/// severances and stay apart; one label serving the passage is one redaction. What each box
/// hides was decided on that box as drawn; the passage only joins the findings.
fn passages(found: Vec<(Redaction, Rect)>, own: &[bool], glyphs: &[Rect]) -> Vec<Redaction> {
    if found.len() > MAX_GROUPED_BOXES {
        return found.into_iter().map(|(r, _)| r).collect();
    }
    let rects: Vec<Rect> = found.iter().map(|(_, r)| *r).collect();
    let mut order: Vec<usize> = (0..rects.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (rects.get(a), rects.get(b));
        rb.map_or(0.0, |r| r.y1)
            .total_cmp(&ra.map_or(0.0, |r| r.y1))
            .then(
                ra.map_or(0.0, |r| r.x0)
                    .total_cmp(&rb.map_or(0.0, |r| r.x0)),
            )
    });
    let mut slots: Vec<Option<Redaction>> = found.into_iter().map(|(r, _)| Some(r)).collect();
    let mut open: Vec<Passage> = Vec::new();
    for i in order {
        let (Some(r), Some(shown)) = (slots.get_mut(i).and_then(Option::take), rects.get(i)) else {
            continue;
        };
        let labelled = usize::from(own.get(i).copied().unwrap_or(false));
        let area = r.bbox.map_or(0.0, |b| b.area());
        let joins = open.iter_mut().find(|p| {
            let Some(u) = rects.get(p.last) else {
                return false;
            };
            let reach = 2.0 * u.height().min(shown.height());
            p.r.codes == r.codes
                && p.r.kind == r.kind
                && p.labelled + labelled <= 1
                && next_line(glyphs, u, shown)
                && shown.x0 <= u.x0 + 2.0
                && !text_beside(glyphs, u, reach, false)
                && !text_beside(glyphs, shown, reach, true)
        });
        match joins {
            Some(p) => {
                if let Some(b) = r.bbox {
                    p.boxes.push(b);
                    p.r.bbox = p.r.bbox.map(|h| h.union(&b).rounded());
                }
                p.leak_area += f64::from(r.leak_coverage) * area;
                p.r.leaked_text = match (p.r.leaked_text.take(), r.leaked_text) {
                    (Some(a), Some(b)) => Some(format!("{a}\n{b}")),
                    (a, b) => a.or(b),
                };
                set_labels(
                    &mut p.r,
                    &Labels {
                        stamped: r.stamped,
                        qualifiers: r.qualifiers,
                    },
                );
                p.last = i;
                p.labelled += labelled;
            }
            None => open.push(Passage {
                boxes: r.bbox.into_iter().collect(),
                leak_area: f64::from(r.leak_coverage) * area,
                r,
                last: i,
                labelled,
            }),
        }
    }
    open.into_iter().map(finish).collect()
}

/// A passage's redaction: its boxes listed when there are several, its leak coverage the share
/// of the boxes' area the leaked text fills.
fn finish(p: Passage) -> Redaction {
    let mut r = p.r;
    if p.boxes.len() > 1 {
        let total: f64 = p.boxes.iter().map(Rect::area).sum();
        if total > 0.0 {
            r.leak_coverage = (p.leak_area / total).clamp(0.0, 1.0) as f32;
        }
        r.boxes = p.boxes;
    }
    r
}

/// The stamps that give a box its codes: printed inside it, on its line (a margin stamp, or a
/// code right after the box, with the labels stacked under or over it or wrapped to the next
/// line), just above it, or, for a tall block, in the margin anywhere along it. `boxes`: the
/// page's boxes, `b` at index `own` (a label on another box's line is that box's).
fn box_stamps<'a>(
    b: &Rect,
    stamps: &'a [Stamp],
    boxes: &[Rect],
    own: Option<usize>,
) -> Vec<&'a Stamp> {
    // Inside.
    let inside: Vec<&Stamp> = stamps
        .iter()
        .filter(|s| s.bbox.covered_by(b) > 0.6)
        .collect();
    if !inside.is_empty() {
        return inside;
    }
    let on_band = |s: &Stamp, b: &Rect| {
        let h = s.bbox.height().min(b.height()).max(1.0);
        vertical_overlap(&s.bbox, b) >= 0.5 * h && (s.standalone || s.bbox.x0 >= b.x1 - 1.0)
    };
    // Same line (a margin stamp, or a code right after the box).
    let mut same_line: Vec<&Stamp> = stamps.iter().filter(|s| on_band(s, b)).collect();
    if !same_line.is_empty() {
        // Labels stacked over or under these, or a label wrapped to the next line: margin
        // labels one line apart, overlapping horizontally, on no other box's line.
        loop {
            let next = stamps.iter().find(|s| {
                s.standalone
                    && !same_line.iter().any(|c| std::ptr::eq(*c, *s))
                    && same_line.iter().any(|c| {
                        let h = c.bbox.height().min(s.bbox.height()).max(1.0);
                        let gap = (c.bbox.y0 - s.bbox.y1).max(s.bbox.y0 - c.bbox.y1);
                        gap <= 0.8 * h
                            && vertical_overlap(&c.bbox, &s.bbox) < 0.5 * h
                            && c.bbox.x0 < s.bbox.x1
                            && s.bbox.x0 < c.bbox.x1
                    })
                    && !boxes.iter().enumerate().any(|(j, o)| {
                        Some(j) != own && (on_band(s, o) || s.bbox.covered_by(o) > 0.6)
                    })
            });
            match next {
                Some(s) => same_line.push(s),
                None => break,
            }
        }
        same_line.sort_by(|a, c| c.bbox.y1.total_cmp(&a.bbox.y1));
        return same_line;
    }
    // Just above, overlapping horizontally: unless it is printed in another box or on another
    // box's line (the label of the line above, of a passage this box goes on with).
    if let Some(s) = stamps.iter().find(|s| {
        s.bbox.y0 >= b.y1 - 1.0
            && s.bbox.y0 - b.y1 <= 12.0
            && s.bbox.x1 > b.x0
            && s.bbox.x0 < b.x1
            && !boxes
                .iter()
                .enumerate()
                .any(|(j, o)| Some(j) != own && (s.bbox.covered_by(o) > 0.6 || on_band(s, o)))
    }) {
        return vec![s];
    }
    // A tall block: a margin stamp anywhere along it.
    if b.height() > 20.0 {
        return stamps
            .iter()
            .filter(|s| s.standalone && s.bbox.y0 >= b.y0 - 2.0 && s.bbox.y1 <= b.y1 + 2.0)
            .collect();
    }
    Vec::new()
}

fn marker_regex() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)\[\s*(?:redacted|removed|withheld|caviardé|retiré|supprimé|exempt(?:ed)?)\s*\]|\[\s*(?:\.\s*){3}\]|\[\s*…\s*\]|\bX{4,}\b|█{2,}|■{2,}",
        )
        .ok()
    })
    .as_ref()
}

fn markers(page: &PageModel, stamps: &[Stamp], out: &mut Vec<Redaction>) {
    let Some(re) = marker_regex() else { return };
    for line in &page.lines {
        for m in re.find_iter(&line.text) {
            let bbox = line.byte_span_bbox(m.start(), m.end());
            let mut r = Redaction::new(page.number, RedactionKind::Marker, bbox);
            r.text = Some(m.as_str().to_string());
            if let Some(b) = bbox {
                let chosen = line_stamps(line, &b, stamps);
                let (codes, labels) = gather(&chosen);
                set_codes(&mut r, &codes);
                set_labels(&mut r, &labels);
            }
            out.push(r);
        }
    }
}

/// A stamp right after a marker on the same line (`[redacted] s.19(1)`).
fn line_stamps<'a>(line: &TextLine, b: &Rect, stamps: &'a [Stamp]) -> Vec<&'a Stamp> {
    stamps
        .iter()
        .filter(|s| {
            vertical_overlap(&s.bbox, &line.bbox) > 0.5 * s.bbox.height().max(1.0)
                && s.bbox.x0 >= b.x1
                && s.bbox.x0 - b.x1 < 20.0
        })
        .collect()
}

fn annotations(page: &PageModel, out: &mut Vec<Redaction>) {
    for a in &page.annotations {
        if a.hidden {
            continue;
        }
        let is_redact = a.subtype == "Redact";
        // A filled square annotation: dark ones are redactions; light ones ("white-out") are
        // when they cover text, which then still sits in the page.
        let square = if a.subtype == "Square" {
            a.interior_color
        } else {
            None
        };
        if !is_redact && square.is_none() {
            continue;
        }
        let dark_square = square.is_some_and(|c| c.luminance() < 0.3 && c.chroma() < 0.2);
        let areas: Vec<Rect> = if a.quads.is_empty() {
            vec![a.rect]
        } else {
            a.quads.clone()
        };
        let bbox = areas
            .iter()
            .copied()
            .reduce(|x, y| x.union(&y))
            .unwrap_or(a.rect);
        let mut r = Redaction::new(page.number, RedactionKind::Annotation, Some(bbox));
        // The annotation is over everything: any text under it is still in the file.
        let under: Vec<String> = areas
            .iter()
            .map(|q| text_under(page, &q.inflate(0.5), None))
            .filter(|t| !t.trim().is_empty())
            .collect();
        r.leaked_text = meaningful(under.join("\n"));
        if r.leaked_text.is_some() {
            r.leak_coverage = text_coverage(page, &areas, 0.3, |_| true);
        }
        if !is_redact && !dark_square && r.leaked_text.is_none() {
            continue;
        }
        let label = a.overlay_text.clone().or_else(|| a.contents.clone());
        if let Some(t) = &label {
            let found = codes::find_codes(t);
            set_labels(&mut r, &Labels::of(&found));
            let found: Vec<String> = found.into_iter().map(|f| f.code).collect();
            set_codes(&mut r, &found);
        }
        r.text = label;
        out.push(r);
    }
}

fn notice_regexes() -> &'static [(Regex, Option<&'static str>)] {
    static RE: OnceLock<Vec<(Regex, Option<&'static str>)>> = OnceLock::new();
    RE.get_or_init(|| {
        let pats: [(&str, Option<&'static str>); 6] = [
            (
                r"(?is)\bpages?\s+(?P<a>\d+)(?:\s*(?:to|-|–|through|and)\s*(?P<b>\d+))?\s+(?:is|are)\s+(?:being\s+)?withheld\s+(?:(?:in\s+(?:their\s+)?entirety\s+)?(?:pursuant\s+to|under)\s+(?P<codes>.{0,160}?)(?:of\s+the|\.(?:\s*$|\s+\p{Lu})|$))?",
                None,
            ),
            (
                r"(?is)\b(?:les\s+)?pages?\s+(?P<a>\d+)(?:\s*(?:à|-|–|et)\s*(?P<b>\d+))?\s+(?:est|sont)\s+(?:retenues?|exclues?|soustraites?)\s+(?:en\s+vertu\s+(?:des?|de\s+l')\s+(?P<codes>.{0,160}?)(?:de\s+la|\.(?:\s*$|\s+\p{Lu})|$))?",
                None,
            ),
            (
                r"(?is)\bpages?\s+(?P<a>\d+)(?:\s*(?:to|-|–|through)\s*(?P<b>\d+))?\s+(?:is|are)\s+(?:not\s+relevant|out\s+of\s+scope|non[- ]responsive)",
                Some("not_relevant"),
            ),
            (
                r"(?is)\b(?:la\s+|les\s+)?pages?\s+(?P<a>\d+)(?:\s*(?:à|-|–)\s*(?P<b>\d+))?\s+(?:n'est|ne\s+sont)\s+pas\s+pertinentes?",
                Some("not_relevant"),
            ),
            (
                r"(?is)\bpages?\s+(?P<a>\d+)(?:\s*(?:to|-|–|through)\s*(?P<b>\d+))?\s+(?:is|are)\s+(?:an?\s+)?duplicates?\b",
                Some("duplicate"),
            ),
            (
                r"(?is)\b(?:la\s+|les\s+)?pages?\s+(?P<a>\d+)(?:\s*(?:à|-|–)\s*(?P<b>\d+))?\s+(?:est|sont)\s+(?:une\s+|des\s+)?(?:copies?|doublons?)\b",
                Some("duplicate"),
            ),
        ];
        pats.iter()
            .filter_map(|(p, reason)| Regex::new(p).ok().map(|r| (r, *reason)))
            .collect()
    })
}

fn notices(page: &PageModel, out: &mut Vec<Redaction>) {
    let text = page.flowing_text();
    // One finding per withheld range and reason (the French mirror repeats the English notice).
    let mut seen: Vec<(Vec<u32>, Option<&str>)> = Vec::new();
    for (re, reason) in notice_regexes() {
        for c in re.captures_iter(&text) {
            let Some(a) = c.name("a").and_then(|m| m.as_str().parse::<u32>().ok()) else {
                continue;
            };
            let b = c
                .name("b")
                .and_then(|m| m.as_str().parse::<u32>().ok())
                .unwrap_or(a);
            if b < a || b - a > 5000 {
                continue;
            }
            let pages: Vec<u32> = (a..=b).collect();
            let codes: Vec<String> = c
                .name("codes")
                .map(|m| {
                    codes::find_codes(m.as_str())
                        .into_iter()
                        .map(|f| f.code)
                        .collect()
                })
                .unwrap_or_default();
            if let Some(prev) = seen.iter().position(|(p, r)| *p == pages && r == reason) {
                // Keep the codes of the mirror too, in case one language lists more.
                if let Some(existing) = out
                    .iter_mut()
                    .filter(|r| r.kind == RedactionKind::WithheldPages)
                    .nth(prev)
                {
                    set_codes(existing, &codes);
                }
                continue;
            }
            seen.push((pages.clone(), *reason));
            let mut r = Redaction::new(page.number, RedactionKind::WithheldPages, None);
            r.withheld_pages = pages;
            r.withheld_reason = reason.map(str::to_string);
            r.text = Some(c.get(0).map_or("", |m| m.as_str()).trim().to_string());
            set_codes(&mut r, &codes);
            out.push(r);
        }
    }
}

/// A run of an OCR layer shaped like text: characters at most about as wide as the line is tall.
fn plausible_word(run: &crate::pdf::TextRun) -> bool {
    let n = run.text.chars().filter(|c| !c.is_whitespace()).count();
    let h = run.bbox.height().max(run.font_size * 0.5).max(0.1);
    n > 0 && run.bbox.width() / (n as f64 * h) <= 1.2
}

/// Solid dark (or grey) rectangles inside page-sized images, PDF points, with their image.
pub fn dark_areas(page: &PageModel) -> Vec<(Rect, &crate::pdf::ImagePlacement)> {
    let mut out = Vec::new();
    for im in &page.images {
        let Some(bm) = &im.bitmap else { continue };
        if im.rotated {
            continue;
        }
        for (x0, y0, x1, y1) in super::scan::dark_rectangles(bm) {
            let [a, _, _, d, e, f] = im.matrix;
            let (w, h) = (f64::from(bm.width), f64::from(bm.height));
            // Pixel row 0 is the top of the image: unit square v = 1 - y / h.
            let ux0 = f64::from(x0) / w;
            let ux1 = f64::from(x1) / w;
            let uy0 = 1.0 - f64::from(y1) / h;
            let uy1 = 1.0 - f64::from(y0) / h;
            out.push((
                Rect::new(a * ux0 + e, d * uy0 + f, a * ux1 + e, d * uy1 + f),
                im,
            ));
        }
    }
    out
}

/// Solid dark rectangles inside page-sized images (scans).
fn scans(page: &PageModel, shown: &[Stamp], out: &mut Vec<Redaction>) {
    // Known from the analysis (or its cache), else from the bitmaps still on the page.
    let areas: Vec<(Rect, u32)> = if page.dark_areas.is_empty() {
        dark_areas(page)
            .into_iter()
            .map(|(r, im)| (r, im.seq))
            .collect()
    } else {
        page.dark_areas
            .iter()
            .map(|d| (d.bbox, d.image_seq))
            .collect()
    };
    for (rect, seq) in areas {
        let Some(im) = page.images.iter().find(|im| im.seq == seq) else {
            continue;
        };
        let mut r = Redaction::new(page.number, RedactionKind::Image, Some(rect));
        let (codes, labels) = codes_for(page, &rect, shown, &[], None);
        set_codes(&mut r, &codes);
        set_labels(&mut r, &labels);
        // Words of an OCR layer (invisible, or hidden under the scan) whose box lies under
        // the dark area: the layer was made before the box was drawn.
        // An OCR layer made after the box holds what the engine made of the black area itself
        // ("EN", "Ill"): glyphs far too wide for their height, or no word of substance.
        let layer = |run: &crate::pdf::TextRun| {
            (run.render_mode == 3 || (run.seq < im.seq && run.bbox.covered_by(&im.bbox) > 0.9))
                && plausible_word(run)
        };
        let under = text_under_runs(page, &rect, None, 0.5, layer);
        r.leaked_text = meaningful(codes::repair_ocr(&under)).filter(|t| {
            t.split_whitespace().any(|w| {
                let alnum = w.chars().filter(|c| c.is_alphanumeric()).count();
                let digits = w.chars().filter(char::is_ascii_digit).count();
                alnum >= 4 || digits >= 3
            })
        });
        if r.leaked_text.is_some() {
            r.leak_coverage = text_coverage(page, &[rect], 0.5, layer);
        }
        out.push(r);
    }
}
