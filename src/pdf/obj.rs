//! Small, total helpers over lopdf objects: every lookup dereferences (bounded by lopdf) and
//! returns `None` instead of failing, so hostile files degrade to missing values, never panics.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use crate::geometry::Rect;

/// Follows references; `None` for a dangling or cyclic chain.
pub fn resolve<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    doc.dereference(o).ok().map(|(_, o)| o)
}

/// Follows references and also says which object it landed on (for caches and cycle checks).
pub fn resolve_with_id<'a>(
    doc: &'a Document,
    o: &'a Object,
) -> Option<(Option<ObjectId>, &'a Object)> {
    doc.dereference(o).ok()
}

/// `dict[key]`, dereferenced.
pub fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    resolve(doc, dict.get(key).ok()?)
}

/// `dict[key]` as a dictionary (a stream's dictionary counts).
pub fn get_dict<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    as_dict(get(doc, dict, key)?)
}

/// `dict[key]` as an array.
pub fn get_array<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [Object]> {
    match get(doc, dict, key)? {
        Object::Array(a) => Some(a),
        _ => None,
    }
}

/// `dict[key]` as a name.
pub fn get_name<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    match get(doc, dict, key)? {
        Object::Name(n) => Some(n),
        _ => None,
    }
}

/// `dict[key]` as a number.
pub fn get_num(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<f64> {
    num(get(doc, dict, key)?)
}

/// A dictionary, or a stream's dictionary.
pub fn as_dict(o: &Object) -> Option<&Dictionary> {
    match o {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

/// A stream.
pub fn as_stream(o: &Object) -> Option<&Stream> {
    match o {
        Object::Stream(s) => Some(s),
        _ => None,
    }
}

/// A finite number (integer or real).
pub fn num(o: &Object) -> Option<f64> {
    let v = match o {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => f64::from(*r),
        _ => return None,
    };
    v.is_finite().then_some(v)
}

/// A number, dereferencing first.
pub fn num_deref(doc: &Document, o: &Object) -> Option<f64> {
    num(resolve(doc, o)?)
}

/// An array of four numbers as a normalised rectangle.
pub fn rect(doc: &Document, o: &Object) -> Option<Rect> {
    let a = match resolve(doc, o)? {
        Object::Array(a) => a,
        _ => return None,
    };
    if a.len() < 4 {
        return None;
    }
    let v: Vec<f64> = a.iter().take(4).filter_map(|x| num_deref(doc, x)).collect();
    match v.as_slice() {
        [x0, y0, x1, y1] => {
            let r = Rect::new(*x0, *y0, *x1, *y1);
            r.is_finite().then_some(r)
        }
        _ => None,
    }
}

/// Decodes a PDF text string: UTF-16BE with BOM, UTF-8 with BOM, else PDFDocEncoding.
pub fn text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| {
                let hi = c.first().copied().unwrap_or(0);
                let lo = c.get(1).copied().unwrap_or(0);
                u16::from_be_bytes([hi, lo])
            })
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    bytes
        .iter()
        .map(|&b| {
            super::fonts::glyph_to_char(super::fonts::tables::PDF_DOC_ENCODING[usize::from(b)])
                .unwrap_or(if b.is_ascii() {
                    char::from(b)
                } else {
                    '\u{FFFD}'
                })
        })
        .collect()
}

/// A string object's bytes.
pub fn string_bytes(o: &Object) -> Option<&[u8]> {
    match o {
        Object::String(s, _) => Some(s),
        _ => None,
    }
}
