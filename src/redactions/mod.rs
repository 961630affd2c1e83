//! Redactions: every place where the production hides something, with its exemption codes and
//! whether the hidden text is still in the file.
//!
//! Reads [`PageModel`]s only. Kinds: drawn boxes, inline markers, `/Redact` and square annotations,
//! whole pages withheld, and dark rectangles inside scanned page images.

pub mod codes;
pub mod context;
mod detect;
pub mod grounds;
pub mod hidden;
pub mod revisions;
mod scan;
pub mod stats;
mod under;

use serde::{Deserialize, Serialize};

use crate::geometry::Rect;
use crate::pdf::PageModel;

/// What kind of redaction a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RedactionKind {
    /// An opaque box drawn over the text.
    Box,
    /// An inline marker in the text layer (`[redacted]`, `XXXX`...).
    Marker,
    /// A `/Redact` annotation (not applied) or a square annotation used as a redaction.
    Annotation,
    /// A solid dark rectangle inside a scanned page image.
    Image,
    /// A notice that whole pages are withheld (or not relevant, or duplicates).
    WithheldPages,
}

impl RedactionKind {
    /// The name used in JSON and CSV.
    pub fn as_str(&self) -> &'static str {
        match self {
            RedactionKind::Box => "box",
            RedactionKind::Marker => "marker",
            RedactionKind::Annotation => "annotation",
            RedactionKind::Image => "image",
            RedactionKind::WithheldPages => "withheld_pages",
        }
    }
}

/// One redaction found in a production.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Redaction {
    /// Stable id within the file: `red-p{page}-{ordinal}` (ordinal in page order), used by the
    /// project file to lay the user's review over findings.
    pub id: String,
    /// 1-based page.
    pub page: u32,
    /// What kind.
    pub kind: RedactionKind,
    /// Box on the page, PDF points; `None` for withheld-page notices without a box.
    pub bbox: Option<Rect>,
    /// Exemption codes without the `s.` prefix, normalised (`15(1)`, `21(1)(a)`), in order of appearance.
    pub codes: Vec<String>,
    /// Codes as written that are not in the code table (kept, and flagged).
    pub unknown_codes: Vec<String>,
    /// The code labels exactly as printed (`s.69(1)(g) re (a)`, `al. 21(1)a)`, `21(1)(a)(b)`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stamped: Vec<String>,
    /// What labels add to a code: `69(1)(g)` `re (a)`, `15(1)` `Int'l`, `19(1)` `AIPRP`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub qualifiers: Vec<Qualifier>,
    /// A redaction drawn as several boxes over one passage (one box per line): each box, in
    /// reading order; `bbox` is their union. Empty when the redaction is one box.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub boxes: Vec<Rect>,
    /// Text still present under the redaction (a bad redaction), `None` when nothing leaks.
    pub leaked_text: Option<String>,
    /// How much of the redaction's area the leaked text fills, 0..=1 (0 when nothing leaks).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub leak_coverage: f32,
    /// For withheld-page notices: every page withheld, as numbered in the notice.
    pub withheld_pages: Vec<u32>,
    /// Why pages are withheld when it is not an exemption: `not_relevant`, `duplicate`, or `None`.
    pub withheld_reason: Option<String>,
    /// The marker or notice text, or the annotation's overlay text.
    pub text: Option<String>,
    /// Where the evidence was read (`source`: text, ocr or image; `ocr_confidence`).
    #[serde(flatten, default)]
    pub provenance: crate::pdf::Provenance,
    /// Where leaked text was found when not on the page as it now reads: `earlier revision 1 of 2`
    /// (an incremental update drew the box and removed the text, which the file still keeps).
    /// Where else: `same_colour` (text painted in the box's own colour on it), `clipped` (text
    /// clipped away), `actual_text`, `alt_text` (marked content), `form_field`, `annotation`,
    /// `bookmark`, `metadata`, `attachment` (see [`hidden`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leak_found_in: Option<String>,
    /// For a box on one line of text: how many characters the box could hide, estimated from its
    /// width and the line's average glyph width (low, high). Not a leak.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimated_chars: Option<[u32; 2]>,
}

impl Redaction {
    /// A redaction of `kind` on `page` (its box rounded to a hundredth of a point), with no code,
    /// no leak and no id yet.
    pub fn new(page: u32, kind: RedactionKind, bbox: Option<Rect>) -> Redaction {
        Redaction {
            provenance: Default::default(),
            id: String::new(),
            page,
            kind,
            bbox: bbox.map(|b| b.rounded()),
            codes: Vec::new(),
            unknown_codes: Vec::new(),
            stamped: Vec::new(),
            qualifiers: Vec::new(),
            boxes: Vec::new(),
            leaked_text: None,
            leak_coverage: 0.0,
            withheld_pages: Vec::new(),
            withheld_reason: None,
            text: None,
            leak_found_in: None,
            estimated_chars: None,
        }
    }
}

/// A qualifier printed with a code: `re (a)` after `69(1)(g)`, `Int'l` after `15(1)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Qualifier {
    /// The normalised code it qualifies.
    pub code: String,
    /// The qualifier as printed, without the joining dash (`re (a)`, `Int'l`, `DEF`, `AIPRP`).
    pub qualifier: String,
}

fn is_zero(v: &f32) -> bool {
    *v == 0.0
}

/// Finds the redactions on one page. Runs while the page's image bitmaps are still present.
/// Ids are left empty; [`assign_ids`] numbers them once all pages are done.
pub fn detect_page(page: &PageModel) -> Vec<Redaction> {
    let mut found = detect::detect_page(page);
    hidden::page_sources(page, &mut found);
    hidden::estimate_chars(page, &mut found);
    found
}

/// The dark (and grey) areas of a page's scanned images, PDF points: image redactions, and
/// where OCR looks for their exemption labels. Needs the page's image bitmaps; the analysis keeps
/// them in [`PageModel::dark_areas`].
pub fn image_areas(page: &PageModel) -> Vec<crate::pdf::DarkArea> {
    detect::dark_areas(page)
        .into_iter()
        .map(|(r, im)| crate::pdf::DarkArea {
            bbox: r,
            image_seq: im.seq,
        })
        .collect()
}

/// Gives every redaction its stable id, `red-p{page}-{ordinal}`, in (page, top-to-bottom) order.
pub fn assign_ids(redactions: &mut [Redaction]) {
    redactions.sort_by(|a, b| {
        a.page.cmp(&b.page).then_with(|| {
            let ya = a.bbox.map_or(f64::INFINITY, |r| r.y1);
            let yb = b.bbox.map_or(f64::INFINITY, |r| r.y1);
            yb.total_cmp(&ya).then_with(|| {
                let xa = a.bbox.map_or(0.0, |r| r.x0);
                let xb = b.bbox.map_or(0.0, |r| r.x0);
                xa.total_cmp(&xb)
            })
        })
    });
    let mut page = 0;
    let mut ordinal = 0;
    for r in redactions.iter_mut() {
        if r.page != page {
            page = r.page;
            ordinal = 0;
        }
        ordinal += 1;
        r.id = format!("red-p{}-{}", r.page, ordinal);
    }
}
