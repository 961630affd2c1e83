//! Page annotations (`/Annots`): subtype, rectangle, quadrilaterals, texts and colours.

use lopdf::{Dictionary, Document, Object};

use super::model::{Annotation, Color};
use super::obj;
use crate::geometry::{Point, Rect};

/// Most annotations read on one page.
const MAX_ANNOTS: usize = 10_000;

fn color(doc: &Document, o: Option<&Object>) -> Option<Color> {
    let a = match obj::resolve(doc, o?)? {
        Object::Array(a) => a,
        _ => return None,
    };
    let v: Vec<f32> = a
        .iter()
        .filter_map(|x| obj::num_deref(doc, x))
        .map(|x| x as f32)
        .collect();
    match v.as_slice() {
        [g] => Some(Color::gray(*g)),
        [r, g, b] => Some(Color::rgb(*r, *g, *b)),
        [c, m, y, k] => Some(Color::cmyk(*c, *m, *y, *k)),
        _ => None,
    }
}

fn text(doc: &Document, d: &Dictionary, key: &[u8]) -> Option<String> {
    obj::get(doc, d, key).and_then(obj::text_string)
}

/// Most `/Parent` links followed from a widget to its field.
const MAX_FIELD_DEPTH: usize = 32;

/// Most characters kept of one annotation text.
const MAX_TEXT: usize = 4000;

/// `key` of a form field: the widget's own, else its field's (`/Parent`, up the field tree).
fn field_text(doc: &Document, d: &Dictionary, key: &[u8]) -> Option<String> {
    let mut dict = d;
    for _ in 0..MAX_FIELD_DEPTH {
        if let Some(o) = obj::get(doc, dict, key) {
            return obj::text_string(o).map(|t| cut(&t));
        }
        dict = obj::get_dict(doc, dict, b"Parent")?;
    }
    None
}

/// At most [`MAX_TEXT`] characters.
fn cut(t: &str) -> String {
    t.chars().take(MAX_TEXT).collect()
}

/// The text of rich-text contents (XHTML): tags removed, the usual entities decoded, blanks
/// collapsed.
fn strip_tags(xml: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in xml.chars().take(MAX_TEXT * 4) {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
    cut(&out.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The annotations of a page dictionary.
pub fn read(doc: &Document, page: &Dictionary, warnings: &mut Vec<String>) -> Vec<Annotation> {
    let Some(list) = obj::get_array(doc, page, b"Annots") else {
        return Vec::new();
    };
    if list.len() > MAX_ANNOTS {
        warnings.push(format!(
            "{} annotations; only the first {MAX_ANNOTS} are read",
            list.len()
        ));
    }
    let mut out = Vec::new();
    for item in list.iter().take(MAX_ANNOTS) {
        let Some(d) = obj::resolve(doc, item).and_then(obj::as_dict) else {
            continue;
        };
        let subtype = obj::get_name(doc, d, b"Subtype")
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_default();
        let Some(rect) = d.get(b"Rect").ok().and_then(|r| obj::rect(doc, r)) else {
            continue;
        };
        let quads = obj::get_array(doc, d, b"QuadPoints")
            .map(|q| {
                let v: Vec<f64> = q
                    .iter()
                    .take(8 * 4096)
                    .filter_map(|x| obj::num_deref(doc, x))
                    .collect();
                v.chunks_exact(8)
                    .filter_map(|c| {
                        Rect::bounding(c.chunks_exact(2).map(|p| {
                            Point::new(
                                p.first().copied().unwrap_or(0.0),
                                p.get(1).copied().unwrap_or(0.0),
                            )
                        }))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let flags = obj::get_num(doc, d, b"F").unwrap_or(0.0) as i64;
        let has_appearance = obj::get_dict(doc, d, b"AP").is_some_and(|ap| ap.has(b"N"));
        let widget = subtype == "Widget";
        let popup_text = if subtype == "Popup" {
            obj::get_dict(doc, d, b"Parent").and_then(|p| text(doc, p, b"Contents"))
        } else {
            None
        };
        out.push(Annotation {
            subtype,
            rect,
            quads,
            contents: text(doc, d, b"Contents").map(|t| cut(&t)),
            overlay_text: text(doc, d, b"OverlayText"),
            interior_color: color(doc, d.get(b"IC").ok()),
            color: color(doc, d.get(b"C").ok()),
            author: text(doc, d, b"T"),
            has_appearance,
            hidden: flags & 2 != 0,
            field_value: widget.then(|| field_text(doc, d, b"V")).flatten(),
            tooltip: widget.then(|| field_text(doc, d, b"TU")).flatten(),
            rich_text: obj::get(doc, d, b"RC")
                .and_then(|o| match o {
                    Object::Stream(st) => st
                        .get_plain_content_with_limit(1024 * 1024)
                        .ok()
                        .map(|b| String::from_utf8_lossy(&b).into_owned()),
                    other => obj::text_string(other),
                })
                .map(|x| strip_tags(&x))
                .filter(|t| !t.is_empty()),
            popup_text: popup_text.map(|t| cut(&t)),
        });
    }
    out
}
