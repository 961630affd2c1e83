//! Leaks in a file's history. A production redacted by an incremental update (the box drawn, the
//! text taken out of the page's new content) still carries the page as it was before: the bytes
//! up to an earlier `%%EOF` are a complete PDF of that revision. Text of an earlier revision that
//! lay under a box of the final page leaks, and says where it was found.
//!
//! Reads page models only: the analysis opens each earlier revision (`pdf::earlier_revisions`) and
//! hands its pages here.

use crate::pdf::PageModel;

use super::{Redaction, RedactionKind};

/// Fewest letters or digits that make leaked text readable (a stray glyph is not a leak).
const MIN_ALNUM: usize = 3;

/// Whether `r` could hide text that an earlier revision still has.
pub fn wants_history(r: &Redaction) -> bool {
    r.leaked_text.is_none()
        && r.bbox.is_some()
        && matches!(
            r.kind,
            RedactionKind::Box | RedactionKind::Annotation | RedactionKind::Image
        )
}

/// Fills in `leaked_text` of the redactions of one page from the same page in an earlier revision
/// (`old`), where that revision had readable text under the box that the page as it now reads
/// (`now`) no longer shows anywhere (text that only moved, or an update that changed nothing
/// there, is no leak). `label` says which revision (`earlier revision 1 of 2`). Returns how many
/// redactions were found to leak.
pub fn leaks_from(
    old: &PageModel,
    now: &PageModel,
    redactions: &mut [&mut Redaction],
    label: &str,
) -> usize {
    let squash = |t: &str| -> String { t.chars().filter(|c| c.is_alphanumeric()).collect() };
    let shown = squash(
        &now.runs
            .iter()
            .filter(|r| r.is_visible())
            .map(|r| r.text.as_str())
            .collect::<Vec<_>>()
            .join(""),
    );
    let mut found = 0;
    for r in redactions.iter_mut() {
        if !wants_history(r) {
            continue;
        }
        let Some(b) = r.bbox else { continue };
        let mut text = String::new();
        let mut area = 0.0;
        for line in &old.lines {
            let mut piece = String::new();
            for (c, cb) in line.text.chars().zip(&line.chars) {
                let g = cb.rect();
                let centre = crate::geometry::Point::new((g.x0 + g.x1) / 2.0, (g.y0 + g.y1) / 2.0);
                if b.contains(centre) {
                    piece.push(c);
                    area += g.intersection(&b).map_or(0.0, |i| i.area());
                } else if !piece.is_empty() && !piece.ends_with(' ') {
                    piece.push(' ');
                }
            }
            let piece = piece.trim();
            if !piece.is_empty() {
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(piece);
            }
        }
        let key = squash(&text);
        if key.chars().count() >= MIN_ALNUM && !shown.contains(&key) {
            r.leaked_text = Some(text);
            r.leak_coverage = (area / b.area().max(1.0)).clamp(0.0, 1.0) as f32;
            r.leak_found_in = Some(label.to_string());
            found += 1;
        }
    }
    found
}
