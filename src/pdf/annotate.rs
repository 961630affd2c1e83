//! An annotated copy of a PDF: the file's own pages with annotations added (boxes outlined,
//! passages highlighted, sticky notes), each with a title and a note. The source's bytes are only
//! read; the copy is new bytes the caller writes elsewhere.
//!
//! What to draw is plain data ([`Annotation`]): this module knows nothing of findings. Existing
//! annotations of a page are kept; the new ones are appended to its `/Annots`.

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};

use super::{Limits, SourcePdf};
use crate::error::{Error, Result};
use crate::geometry::Rect;

/// How an annotation is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum AnnotKind {
    /// A rectangle outlined in the colour, `width` points wide (dashed when `dashed`).
    Square {
        /// Line width, points.
        width: f32,
        /// Dashed outline.
        dashed: bool,
    },
    /// The area highlighted in the colour (translucent, multiplied over the page).
    Highlight,
    /// A sticky note whose icon sits at the top-left corner of the rectangle.
    Note,
}

/// One annotation to add, in the page's default user space (PDF points, origin bottom-left,
/// before `/Rotate`).
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    /// 1-based page.
    pub page: u32,
    /// Where.
    pub rect: Rect,
    /// Colour, RGB.
    pub color: [u8; 3],
    /// How it is drawn.
    pub kind: AnnotKind,
    /// A unique name within the file (`/NM`), e.g. the finding's id.
    pub name: String,
    /// The title shown in the note's header (`/T`).
    pub title: String,
    /// A one-line subject (`/Subj`): what kind of finding.
    pub subject: String,
    /// The note's text (`/Contents`).
    pub contents: String,
}

/// The annotated copy.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Annotated {
    /// The new file's bytes.
    pub bytes: Vec<u8>,
    /// Annotations added.
    pub added: usize,
    /// Annotations left out, and why (a page that does not exist, a box that is not finite).
    pub skipped: Vec<String>,
}

/// Most annotations added to one file: past it the rest are skipped (a viewer would not cope).
pub const MAX_ANNOTATIONS: usize = 500_000;

/// The file in `bytes` with `annots` added, as new bytes. The file is opened as for an analysis
/// (under `limits`); one that cannot be opened is an error. An encrypted file that opens with the
/// empty password is written decrypted.
pub fn annotate(bytes: &[u8], annots: &[Annotation], limits: &Limits) -> Result<Annotated> {
    let source = SourcePdf::open(bytes, limits)?;
    let page_ids = source.page_ids;
    let mut doc = source.doc;
    let mut out = Annotated::default();
    // The annotations of each page, in the order given.
    let mut by_page: std::collections::BTreeMap<u32, Vec<ObjectId>> = Default::default();
    for a in annots {
        if out.added >= MAX_ANNOTATIONS {
            out.skipped.push(format!(
                "{}: more than {MAX_ANNOTATIONS} annotations",
                a.name
            ));
            continue;
        }
        let Some(&page_id) = usize::try_from(a.page)
            .ok()
            .and_then(|p| p.checked_sub(1))
            .and_then(|i| page_ids.get(i))
        else {
            out.skipped
                .push(format!("{}: no page {} in the file", a.name, a.page));
            continue;
        };
        if !a.rect.is_finite() {
            out.skipped.push(format!("{}: box is not a number", a.name));
            continue;
        }
        let dict = annotation_dict(&mut doc, a, page_id)?;
        let id = doc
            .try_add_object(dict)
            .map_err(|e| Error::Limit(e.to_string()))?;
        by_page.entry(a.page).or_default().push(id);
        out.added += 1;
    }
    for (page, ids) in by_page {
        let Some(&page_id) = usize::try_from(page)
            .ok()
            .and_then(|p| p.checked_sub(1))
            .and_then(|i| page_ids.get(i))
        else {
            continue;
        };
        // What the page already has, inline or referenced (a referenced array may be shared by
        // several pages: the page gets its own copy).
        let existing: Vec<Object> = doc
            .get_dictionary(page_id)
            .ok()
            .and_then(|d| d.get(b"Annots").ok())
            .and_then(|o| super::obj::resolve(&doc, o))
            .and_then(|o| o.as_array().ok())
            .cloned()
            .unwrap_or_default();
        let Ok(dict) = doc.get_dictionary_mut(page_id) else {
            out.added -= ids.len();
            out.skipped
                .push(format!("page {page}: the page object is not a dictionary"));
            continue;
        };
        let mut all = existing;
        all.extend(ids.into_iter().map(Object::Reference));
        dict.set("Annots", Object::Array(all));
    }
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes)
        .map_err(|e| Error::Damaged(format!("could not write the copy: {e}")))?;
    out.bytes = bytes;
    Ok(out)
}

/// A PDF number.
fn real(v: f64) -> Object {
    Object::Real(v as f32)
}

/// A PDF text string: PDFDocEncoding's ASCII part as is, anything else as UTF-16BE with a BOM.
pub fn text_string(s: &str) -> Object {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b) || b == b'\n') {
        return Object::String(s.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut b = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        b.extend_from_slice(&u.to_be_bytes());
    }
    Object::String(b, StringFormat::Hexadecimal)
}

fn rect_array(r: &Rect) -> Object {
    Object::Array(vec![real(r.x0), real(r.y0), real(r.x1), real(r.y1)])
}

fn color_array(c: [u8; 3]) -> Object {
    Object::Array(c.iter().map(|v| real(f64::from(*v) / 255.0)).collect())
}

/// Colour components for a content stream: `0.5 0.25 1`.
fn color_ops(c: [u8; 3]) -> String {
    c.iter()
        .map(|v| format!("{:.3}", f64::from(*v) / 255.0))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The annotation's dictionary; an appearance stream is added for boxes and highlights (viewers
/// draw sticky notes' icons themselves).
fn annotation_dict(
    doc: &mut lopdf::Document,
    a: &Annotation,
    page_id: ObjectId,
) -> Result<Dictionary> {
    // A box of no size still shows: at least 4 points each way.
    let mut r = Rect::new(a.rect.x0, a.rect.y0, a.rect.x1, a.rect.y1);
    if r.width() < 4.0 {
        let c = r.center().x;
        r.x0 = c - 2.0;
        r.x1 = c + 2.0;
    }
    if r.height() < 4.0 {
        let c = r.center().y;
        r.y0 = c - 2.0;
        r.y1 = c + 2.0;
    }
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"Annot".to_vec()));
    d.set("P", Object::Reference(page_id));
    d.set("NM", text_string(&a.name));
    d.set("T", text_string(&a.title));
    d.set("Subj", text_string(&a.subject));
    d.set("Contents", text_string(&a.contents));
    d.set("C", color_array(a.color));
    // Print.
    let mut flags = 4;
    match a.kind {
        AnnotKind::Square { width, dashed } => {
            let w = f64::from(width).clamp(0.5, 12.0);
            d.set("Subtype", Object::Name(b"Square".to_vec()));
            // The border is drawn inside the rectangle: grow it so the outline sits around the box.
            r = r.inflate(w / 2.0);
            let mut bs = Dictionary::new();
            bs.set("W", real(w));
            if dashed {
                bs.set("S", Object::Name(b"D".to_vec()));
                bs.set("D", Object::Array(vec![real(3.0), real(2.0)]));
            } else {
                bs.set("S", Object::Name(b"S".to_vec()));
            }
            d.set("BS", Object::Dictionary(bs));
            let inner = r.inflate(-w / 2.0);
            let dash = if dashed { "[3 2] 0 d" } else { "[] 0 d" };
            let ops = format!(
                "q {} RG {w:.2} w {dash} {:.2} {:.2} {:.2} {:.2} re S Q",
                color_ops(a.color),
                inner.x0,
                inner.y0,
                inner.width(),
                inner.height()
            );
            d.set("AP", appearance(doc, &r, ops, None)?);
        }
        AnnotKind::Highlight => {
            d.set("Subtype", Object::Name(b"Highlight".to_vec()));
            // Upper left, upper right, lower left, lower right: as viewers read them.
            d.set(
                "QuadPoints",
                Object::Array(
                    [r.x0, r.y1, r.x1, r.y1, r.x0, r.y0, r.x1, r.y0]
                        .into_iter()
                        .map(real)
                        .collect(),
                ),
            );
            d.set("CA", real(0.4));
            let ops = format!(
                "q /GS0 gs {} rg {:.2} {:.2} {:.2} {:.2} re f Q",
                color_ops(a.color),
                r.x0,
                r.y0,
                r.width(),
                r.height()
            );
            let mut gs = Dictionary::new();
            gs.set("Type", Object::Name(b"ExtGState".to_vec()));
            gs.set("ca", real(0.4));
            gs.set("CA", real(0.4));
            gs.set("BM", Object::Name(b"Multiply".to_vec()));
            d.set("AP", appearance(doc, &r, ops, Some(gs))?);
        }
        AnnotKind::Note => {
            d.set("Subtype", Object::Name(b"Text".to_vec()));
            d.set("Name", Object::Name(b"Comment".to_vec()));
            d.set("Open", Object::Boolean(false));
            // The icon keeps its size and stays upright (NoZoom, NoRotate).
            flags |= 8 | 16;
            r = Rect::new(r.x0, r.y1 - 20.0, r.x0 + 20.0, r.y1);
        }
    }
    d.set("F", Object::Integer(flags));
    d.set("Rect", rect_array(&r));
    Ok(d)
}

/// `<< /N ref >>`: a form XObject drawn over `r` (its bounding box, in page space) by `ops`.
fn appearance(
    doc: &mut lopdf::Document,
    r: &Rect,
    ops: String,
    gs: Option<Dictionary>,
) -> Result<Object> {
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Form".to_vec()));
    dict.set("BBox", rect_array(r));
    let mut resources = Dictionary::new();
    if let Some(gs) = gs {
        let mut ext = Dictionary::new();
        ext.set("GS0", Object::Dictionary(gs));
        resources.set("ExtGState", Object::Dictionary(ext));
    }
    dict.set("Resources", Object::Dictionary(resources));
    let id = doc
        .try_add_object(Object::Stream(Stream::new(dict, ops.into_bytes())))
        .map_err(|e| Error::Limit(e.to_string()))?;
    let mut ap = Dictionary::new();
    ap.set("N", Object::Reference(id));
    Ok(Object::Dictionary(ap))
}

/// The number of annotations on each page of a PDF (its `/Annots`), and their subtypes: for
/// checks of an annotated copy.
pub fn count_annotations(bytes: &[u8], limits: &Limits) -> Result<Vec<Vec<String>>> {
    let source = SourcePdf::open(bytes, limits)?;
    let doc = &source.doc;
    Ok(source
        .page_ids
        .iter()
        .map(|id| {
            doc.get_dictionary(*id)
                .ok()
                .and_then(|d| super::obj::get_array(doc, d, b"Annots"))
                .unwrap_or_default()
                .iter()
                .filter_map(|o| super::obj::resolve(doc, o))
                .filter_map(super::obj::as_dict)
                .map(|d| {
                    super::obj::get_name(doc, d, b"Subtype")
                        .map(|n| String::from_utf8_lossy(n).into_owned())
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_ascii_or_utf16() {
        assert_eq!(
            text_string("s.15(1)"),
            Object::String(b"s.15(1)".to_vec(), StringFormat::Literal)
        );
        let Object::String(b, StringFormat::Hexadecimal) = text_string("é") else {
            panic!("not hex");
        };
        assert_eq!(b, vec![0xFE, 0xFF, 0x00, 0xE9]);
    }
}
