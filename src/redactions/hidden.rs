//! Leaks outside the page's text: what a redaction hid that the file still says elsewhere.
//!
//! Page sources (see [`page_sources`]), placed by their own position: marked content whose
//! `/ActualText` or `/Alt` (in the content stream or the structure tree) stands for what was
//! painted under a box, form fields (`/V`, `/TU`) and annotations (`/Contents`, `/RC`, popup text)
//! whose rectangle lies under it. Document sources (see [`document_sources`]), which have no
//! place of their own: a bookmark that points at a redaction, and any bookmark title, metadata
//! value (Info, XMP) or attachment (name, description, plain-text content) that repeats the
//! redacted line's visible words around the box and fills the gap with words the page does not
//! show. Then, not a leak, [`estimate_chars`]: how many characters a box on a line could hide.
//!
//! Reads page models and [`DocumentExtras`] only.

use std::collections::HashMap;

use crate::geometry::Rect;
use crate::pdf::{DocumentExtras, MarkedKind, PageModel, TextLine};

use super::{Redaction, RedactionKind};

/// Fewest letters or digits that make a hidden text readable.
const MIN_ALNUM: usize = 3;
/// Context words taken on each side of a box on its line.
const CONTEXT_WORDS: usize = 3;
/// Most words a gap at a line's start or end may take from a document string.
const MAX_OPEN_GAP_WORDS: usize = 6;
/// Most words of document strings indexed (titles, metadata, attachments together).
const MAX_INDEXED_WORDS: usize = 200_000;
/// Most redactions looked up against document strings.
const MAX_DOCUMENT_LOOKUPS: usize = 20_000;

/// Where a leak was found, for people: `in an earlier revision 1 of 2 of the file; the page no
/// longer shows it`, `in a form field under the box`.
pub fn where_found(found_in: &str) -> String {
    if found_in.starts_with("earlier revision") {
        format!("in {found_in} of the file; the page no longer shows it")
    } else {
        format!("in {}", describe(found_in))
    }
}

/// A human phrase for a `leak_found_in` value: `"the text's /ActualText"`, `"a form field"`.
pub fn describe(found_in: &str) -> String {
    match found_in {
        "actual_text" => "the text's /ActualText (the text it stands for)".to_string(),
        "alt_text" => "alternate text (/Alt)".to_string(),
        "form_field" => "a form field under the box".to_string(),
        "annotation" => "an annotation under the box".to_string(),
        "bookmark" => "a bookmark (outline title)".to_string(),
        "metadata" => "the document's metadata".to_string(),
        "attachment" => "an attached file".to_string(),
        "same_colour" => "text drawn on the box in its own colour".to_string(),
        "clipped" => "text clipped away under the box".to_string(),
        other => format!("{other} of the file"),
    }
}

/// Whether `r` may hide text that another source still holds: a box, annotation or dark area
/// with nothing leaking yet.
fn wants(r: &Redaction) -> bool {
    r.leaked_text.is_none()
        && r.bbox.is_some()
        && matches!(
            r.kind,
            RedactionKind::Box | RedactionKind::Annotation | RedactionKind::Image
        )
}

/// The areas a redaction covers: its boxes, or its box.
fn areas(r: &Redaction) -> Vec<Rect> {
    if r.boxes.is_empty() {
        r.bbox.into_iter().collect()
    } else {
        r.boxes.clone()
    }
}

/// Letters and digits only, lower case: to compare texts whatever their spacing.
fn squash(t: &str) -> String {
    t.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The page's visible text, squashed.
fn shown(page: &PageModel) -> String {
    squash(
        &page
            .runs
            .iter()
            .filter(|r| r.is_visible() && r.ocr_conf.is_none())
            .map(|r| r.text.as_str())
            .collect::<Vec<_>>()
            .join(""),
    )
}

/// A hidden text worth reporting: readable (letters or digits, not only labels and codes) and
/// not shown anywhere on the page (a text the page prints elsewhere is no secret).
fn worth(text: &str, shown: &str) -> Option<String> {
    let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let key = squash(&t);
    if key.chars().count() < MIN_ALNUM || shown.contains(&key) {
        return None;
    }
    super::under::meaningful(t)
}

/// Whether `region` lies under one of `areas`: its centre inside and half of it covered.
fn under(region: &Rect, areas: &[Rect]) -> bool {
    region.area() > 0.0
        && areas
            .iter()
            .any(|a| a.contains(region.center()) && region.covered_by(a) >= 0.5)
}

/// Annotations whose texts are notes the page does not show (a popup, a comment on a
/// highlight or a shape, a file's description).
const NOTE_SUBTYPES: &[&str] = &[
    "Text",
    "Popup",
    "Highlight",
    "Underline",
    "Squiggly",
    "StrikeOut",
    "Caret",
    "Ink",
    "Square",
    "Circle",
    "Line",
    "Polygon",
    "PolyLine",
    "FileAttachment",
    "Sound",
];

/// Alternate text that describes the redaction itself (`black rectangle`, `redacted image`).
fn describes_a_box(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "black",
        "box",
        "rectangle",
        "bar",
        "shape",
        "image",
        "figure",
        "graphic",
        "picture",
        "blank",
        "redaction",
        "redacted",
        "redact",
        "mark",
        "marking",
        "filled",
        "solid",
        "a",
        "an",
        "the",
        "of",
    ];
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .all(|w| WORDS.contains(&w.to_lowercase().as_str()))
}

/// The share of `areas` that `regions` cover, 0..=1.
fn coverage(regions: &[Rect], areas: &[Rect]) -> f32 {
    let total: f64 = areas.iter().map(Rect::area).sum();
    if total <= 0.0 {
        return 0.0;
    }
    let covered: f64 = regions
        .iter()
        .map(|g| {
            areas
                .iter()
                .filter_map(|a| g.intersection(a))
                .map(|x| x.area())
                .fold(0.0, f64::max)
        })
        .sum();
    (covered / total).clamp(0.0, 1.0) as f32
}

/// Fills in leaks of the page's redactions from the page's other sources: marked content with
/// `/ActualText` or `/Alt`, form fields and annotations, each placed under the box by its own
/// box. The first source (in that order) with something to say is used; its texts under one
/// redaction are joined in reading order.
pub fn page_sources(page: &PageModel, found: &mut [Redaction]) {
    if !found.iter().any(wants) {
        return;
    }
    // (source, region, text) in order of preference.
    let mut sources: Vec<(&'static str, Rect, &str)> = Vec::new();
    for m in &page.marked {
        let what = match m.kind {
            MarkedKind::ActualText => "actual_text",
            MarkedKind::Alt => "alt_text",
        };
        sources.push((what, m.bbox, m.text.as_str()));
    }
    for a in page.annotations.iter().filter(|a| a.subtype == "Widget") {
        for t in [&a.field_value, &a.tooltip].into_iter().flatten() {
            sources.push(("form_field", a.rect, t.as_str()));
        }
    }
    for a in &page.annotations {
        // Notes whose text the page does not show: a redaction mark's own texts (overlay,
        // reason) are its label, and what a free-text box or a stamp says is in plain sight.
        if !NOTE_SUBTYPES.contains(&a.subtype.as_str()) {
            continue;
        }
        // A dark square annotation is itself a redaction: its note is its label.
        if a.subtype == "Square"
            && a.interior_color
                .is_some_and(|c| c.luminance() < 0.3 && c.chroma() < 0.2)
        {
            continue;
        }
        for t in [&a.contents, &a.rich_text, &a.popup_text]
            .into_iter()
            .flatten()
        {
            sources.push(("annotation", a.rect, t.as_str()));
        }
    }
    if sources.is_empty() {
        return;
    }
    sources.sort_by_key(|(what, _, _)| match *what {
        "actual_text" => 0,
        "alt_text" => 1,
        "form_field" => 2,
        _ => 3,
    });
    let shown = shown(page);
    for r in found.iter_mut().filter(|r| wants(r)) {
        let areas = areas(r);
        // An annotation that is itself this redaction (a square drawn over the words) is not
        // a note about them.
        let itself = |what: &str, region: &Rect| {
            what == "annotation"
                && r.kind == RedactionKind::Annotation
                && r.bbox.is_some_and(|b| {
                    region.covered_by(&b.inflate(1.0)) > 0.8
                        && b.covered_by(&region.inflate(1.0)) > 0.8
                })
        };
        let hits: Vec<&(&'static str, Rect, &str)> = sources
            .iter()
            .filter(|(what, region, text)| {
                under(region, &areas)
                    && !itself(what, region)
                    && !(*what == "alt_text" && describes_a_box(text))
            })
            .collect();
        let Some(first) = hits.first().map(|h| h.0) else {
            continue;
        };
        let mut hits: Vec<&&(&str, Rect, &str)> = hits.iter().filter(|h| h.0 == first).collect();
        hits.sort_by(|a, b| b.1.y1.total_cmp(&a.1.y1).then(a.1.x0.total_cmp(&b.1.x0)));
        let mut texts: Vec<&str> = Vec::new();
        for h in &hits {
            if !texts.contains(&h.2) {
                texts.push(h.2);
            }
        }
        let Some(text) = worth(&texts.join(" "), &shown) else {
            continue;
        };
        let regions: Vec<Rect> = hits.iter().map(|h| h.1).collect();
        r.leaked_text = Some(text);
        r.leak_coverage = coverage(&regions, &areas);
        r.leak_found_in = Some(first.to_string());
    }
}

/// A word of a text: as written, and squashed for comparison.
#[derive(Debug, Clone)]
struct Word {
    text: String,
    key: String,
}

fn words(t: &str) -> Vec<Word> {
    t.split(|c: char| c.is_whitespace() || matches!(c, '/' | '—' | '–' | '|'))
        .filter_map(|w| {
            let key = squash(w);
            (!key.is_empty()).then(|| Word {
                text: w.to_string(),
                key,
            })
        })
        .collect()
}

/// The visible words of a redacted line around a box: up to [`CONTEXT_WORDS`] before and after
/// (squashed), the line's average glyph width, and its font size.
struct Context {
    before: Vec<String>,
    after: Vec<String>,
    glyph_width: f64,
}

/// The line a single box sits on: the one its band overlaps most, when the box is about a
/// line high.
fn line_of<'a>(page: &'a PageModel, b: &Rect) -> Option<&'a TextLine> {
    let overlap = |l: &TextLine| (l.bbox.y1.min(b.y1) - l.bbox.y0.max(b.y0)).max(0.0);
    page.lines
        .iter()
        .filter(|l| {
            let h = l.bbox.height().min(b.height()).max(0.1);
            overlap(l) >= 0.6 * h && b.height() <= 2.2 * l.font_size.max(1.0)
        })
        .max_by(|a, c| overlap(a).total_cmp(&overlap(c)))
}

/// The mean width of the line's glyphs outside `b` (spaces left out), `None` without any.
fn glyph_width(line: &TextLine, b: &Rect) -> Option<f64> {
    let widths: Vec<f64> = line
        .text
        .chars()
        .zip(&line.chars)
        .filter(|(c, g)| !c.is_whitespace() && !b.contains(g.rect().center()))
        .map(|(_, g)| f64::from(g.x1 - g.x0))
        .filter(|w| *w > 0.0)
        .collect();
    (!widths.is_empty()).then(|| widths.iter().sum::<f64>() / widths.len() as f64)
}

fn context(page: &PageModel, b: &Rect) -> Option<Context> {
    let line = line_of(page, b)?;
    let (mut before, mut after) = (String::new(), String::new());
    for (c, g) in line.text.chars().zip(&line.chars) {
        let x = g.rect().center().x;
        if x < b.x0 {
            before.push(c);
        } else if x > b.x1 {
            after.push(c);
        } else {
            // A word cut by the box is no context.
            before.push(' ');
            after.push(' ');
        }
    }
    // The partial words touching the box are left out.
    let mut before: Vec<String> = if before.ends_with(char::is_whitespace) {
        words(&before).into_iter().map(|w| w.key).collect()
    } else {
        let mut w: Vec<String> = words(&before).into_iter().map(|w| w.key).collect();
        w.pop();
        w
    };
    let mut after: Vec<String> = if after.starts_with(char::is_whitespace) {
        words(&after).into_iter().map(|w| w.key).collect()
    } else {
        words(&after).into_iter().skip(1).map(|w| w.key).collect()
    };
    before.drain(..before.len().saturating_sub(CONTEXT_WORDS));
    after.truncate(CONTEXT_WORDS);
    let alnum: usize = before.iter().chain(&after).map(|w| w.chars().count()).sum();
    if before.len() + after.len() < 2 || alnum < 6 {
        return None;
    }
    Some(Context {
        before,
        after,
        glyph_width: glyph_width(line, b)?,
    })
}

/// One string of the document, split into words.
struct DocString {
    source: &'static str,
    words: Vec<Word>,
}

/// The gap a string fills between `ctx.before` and `ctx.after`: the words between them (when
/// both are given), or up to the string's end after `before` / from its start before `after`
/// (a few words at most). `None` when the string does not repeat the context.
fn fill<'a>(s: &'a DocString, ctx: &Context, at: usize) -> Option<&'a [Word]> {
    let w = &s.words;
    let eq = |i: usize, k: &String| w.get(i).is_some_and(|x| &x.key == k);
    if !ctx.before.is_empty() {
        // `at` is where `before`'s last word is.
        let start = at.checked_sub(ctx.before.len() - 1)?;
        if !ctx.before.iter().enumerate().all(|(k, b)| eq(start + k, b)) {
            return None;
        }
        let gap = at + 1;
        if ctx.after.is_empty() {
            let rest = w.get(gap..)?;
            return (rest.len() <= MAX_OPEN_GAP_WORDS).then_some(rest);
        }
        let first = ctx.after.first()?;
        let end = (gap..w.len())
            .find(|&j| eq(j, first) && ctx.after.iter().enumerate().all(|(k, a)| eq(j + k, a)))?;
        return w.get(gap..end);
    }
    // Only `after`: `at` is where its first word is.
    if !ctx.after.iter().enumerate().all(|(k, a)| eq(at + k, a)) {
        return None;
    }
    let rest = w.get(..at)?;
    (rest.len() <= MAX_OPEN_GAP_WORDS).then_some(rest)
}

/// Fills in leaks from the document's bookmarks, metadata and attachments (see the module
/// docs): a bookmark whose destination is at a redaction, with a title the page does not show;
/// a string that repeats a redacted line's visible words around the box and fills the gap with
/// words the page does not show, about as long as the box is wide.
pub fn document_sources(pages: &[PageModel], extras: &DocumentExtras, found: &mut [Redaction]) {
    if !found.iter().any(wants) {
        return;
    }
    let page_of = |n: u32| {
        usize::try_from(n)
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| pages.get(i))
    };
    let mut shown_cache: HashMap<u32, String> = HashMap::new();

    // Bookmarks that point at a redaction.
    for item in &extras.outlines {
        let (Some(n), Some(top)) = (item.page, item.top) else {
            continue;
        };
        let Some(page) = page_of(n) else { continue };
        for r in found.iter_mut().filter(|r| r.page == n && wants(r)) {
            let Some(b) = r.bbox else { continue };
            // A destination's top is at, or a little above, the first line it shows; the
            // page's top edge is where a bookmark to the page as a whole points.
            let at = top >= b.y0 && top <= b.y1 + b.height().max(12.0);
            let left_ok = item.left.is_none_or(|l| l <= b.x1);
            if !at || !left_ok || top >= page.crop_box.y1 - 1.0 {
                continue;
            }
            // About as long as the box is wide.
            let glyph = line_of(page, &b)
                .and_then(|l| glyph_width(l, &b))
                .unwrap_or(0.5 * b.height().min(24.0));
            let width = item.title.chars().count() as f64 * glyph;
            if width < 0.3 * b.width() || width > 2.5 * b.width() {
                continue;
            }
            let shown = shown_cache.entry(n).or_insert_with(|| shown(page));
            if let Some(t) = worth(&item.title, shown) {
                r.leak_coverage = (width / b.width().max(1.0)).clamp(0.0, 1.0) as f32;
                r.leaked_text = Some(t);
                r.leak_found_in = Some("bookmark".to_string());
            }
        }
    }

    // Every document string, split into words, with an index of where each word is.
    let mut strings: Vec<DocString> = Vec::new();
    let mut budget = MAX_INDEXED_WORDS;
    let mut add = |source: &'static str, t: &str, strings: &mut Vec<DocString>| {
        let mut w = words(t);
        w.truncate(budget);
        budget -= w.len();
        if !w.is_empty() {
            strings.push(DocString { source, words: w });
        }
    };
    for o in &extras.outlines {
        add("bookmark", &o.title, &mut strings);
    }
    for (_, v) in extras.info.iter().chain(&extras.xmp) {
        add("metadata", v, &mut strings);
    }
    for a in &extras.attachments {
        for t in [Some(&a.name), a.description.as_ref(), a.text.as_ref()]
            .into_iter()
            .flatten()
        {
            add("attachment", t, &mut strings);
        }
    }
    if strings.is_empty() {
        return;
    }
    let mut index: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    for (i, s) in strings.iter().enumerate() {
        for (j, w) in s.words.iter().enumerate() {
            index.entry(w.key.as_str()).or_default().push((i, j));
        }
    }
    for r in found
        .iter_mut()
        .filter(|r| wants(r) && r.boxes.is_empty())
        .take(MAX_DOCUMENT_LOOKUPS)
    {
        let (Some(b), Some(page)) = (r.bbox, page_of(r.page)) else {
            continue;
        };
        let Some(ctx) = context(page, &b) else {
            continue;
        };
        let anchor = ctx.before.last().or(ctx.after.first());
        let Some(at) = anchor.and_then(|a| index.get(a.as_str())) else {
            continue;
        };
        for &(i, j) in at.iter().take(1000) {
            let Some(s) = strings.get(i) else { continue };
            let Some(gap) = fill(s, &ctx, j) else {
                continue;
            };
            let text = gap
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let text = text
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_string();
            // About as long as the box is wide (a box is padded; glyph widths vary).
            let width = text.chars().count() as f64 * ctx.glyph_width;
            if width < 0.3 * b.width() || width > 2.5 * b.width() {
                continue;
            }
            let shown = shown_cache.entry(r.page).or_insert_with(|| shown(page));
            if let Some(t) = worth(&text, shown) {
                r.leak_coverage = (width / b.width().max(1.0)).clamp(0.0, 1.0) as f32;
                r.leaked_text = Some(t);
                r.leak_found_in = Some(s.source.to_string());
                break;
            }
        }
    }
}

/// For every single box on one line of text, with text in the same size on both sides of it:
/// how many characters the box could hide, from its width over the line's mean glyph width
/// (the glyphs outside the box), as a range (±25 %). Not for passages, boxes between lines, or
/// lines in mixed sizes around the box.
pub fn estimate_chars(page: &PageModel, found: &mut [Redaction]) {
    for r in found
        .iter_mut()
        .filter(|r| r.kind == RedactionKind::Box && r.boxes.is_empty())
    {
        let Some(b) = r.bbox else { continue };
        let Some(line) = line_of(page, &b) else {
            continue;
        };
        // The glyphs right beside the box on each side, and their heights (font size).
        let size = line.font_size.max(1.0);
        let near = |left: bool| -> Option<f64> {
            line.text
                .chars()
                .zip(&line.chars)
                .filter(|(c, _)| !c.is_whitespace())
                .map(|(_, g)| g.rect())
                .filter(|g| {
                    if left {
                        g.x1 <= b.x0 + 1.0 && g.x1 > b.x0 - 3.0 * size
                    } else {
                        g.x0 >= b.x1 - 1.0 && g.x0 < b.x1 + 3.0 * size
                    }
                })
                .map(|g| g.height())
                .next()
        };
        let (Some(hl), Some(hr)) = (near(true), near(false)) else {
            continue;
        };
        if (hl - hr).abs() > 0.1 * hl.max(hr) {
            continue;
        }
        let Some(w) = glyph_width(line, &b).filter(|w| *w > 0.1 * size) else {
            continue;
        };
        let n = b.width() / w;
        if !n.is_finite() || !(0.5..=500.0).contains(&n) {
            continue;
        }
        let lo = (n * 0.75).floor().max(1.0) as u32;
        let hi = (n * 1.25).ceil().max(f64::from(lo)) as u32;
        r.estimated_chars = Some([lo, hi]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(t: &str) -> DocString {
        DocString {
            source: "metadata",
            words: words(t),
        }
    }

    fn ctx(before: &[&str], after: &[&str]) -> Context {
        Context {
            before: before.iter().map(|s| s.to_string()).collect(),
            after: after.iter().map(|s| s.to_string()).collect(),
            glyph_width: 6.0,
        }
    }

    fn gap(s: &DocString, c: &Context) -> Option<String> {
        let anchor = c.before.last().or(c.after.first())?;
        s.words
            .iter()
            .enumerate()
            .filter(|(_, w)| &w.key == anchor)
            .find_map(|(j, _)| fill(s, c, j))
            .map(|g| {
                g.iter()
                    .map(|w| w.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
    }

    #[test]
    fn a_string_fills_the_gap_between_the_words_around_a_box() {
        let s = doc("Memo: transfer of LAV 6.0 vehicles to Saudi Arabia");
        let c = ctx(&["memo", "transfer", "of"], &["to", "saudi", "arabia"]);
        assert_eq!(gap(&s, &c).as_deref(), Some("LAV 6.0 vehicles"));
        // The heading as shown: nothing between.
        let same = doc("Memo: transfer of to Saudi Arabia");
        assert_eq!(gap(&same, &c).as_deref(), Some(""));
        // A box at the line's end: the rest of a short string.
        let end = ctx(&["approved", "for"], &[]);
        assert_eq!(
            gap(&doc("Transfer approved for Jane Doe"), &end).as_deref(),
            Some("Jane Doe")
        );
        // Other words: no fill.
        assert_eq!(gap(&doc("Quarterly report"), &c), None);
    }

    #[test]
    fn describes_every_source() {
        for s in [
            "actual_text",
            "alt_text",
            "form_field",
            "bookmark",
            "clipped",
        ] {
            assert!(!describe(s).contains('_'), "{s}");
        }
    }
}
