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

/// Decodes a PDF text string object (`/Contents`, `/T`, `/Title`...): UTF-16BE or UTF-8 after a
/// byte order mark, else PDFDocEncoding; `None` for an object that is not a string.
///
/// lopdf's [`lopdf::decode_text_string`] does the decoding. It refuses a whole string for one
/// bad code unit (a lone UTF-16 surrogate, invalid UTF-8), which a hostile or careless producer
/// writes; such a string is then decoded lossily here, the bad units read as U+FFFD, so the rest
/// of the text is kept.
pub fn text_string(o: &Object) -> Option<String> {
    let bytes = string_bytes(o)?;
    if let Ok(text) = lopdf::decode_text_string(o) {
        return Some(text);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .as_chunks::<2>()
            .0
            .iter()
            .map(|&c| u16::from_be_bytes(c))
            .collect();
        return Some(String::from_utf16_lossy(&units));
    }
    // Only the BOM-marked encodings can fail in lopdf; PDFDocEncoding decodes every byte string.
    Some(
        String::from_utf8_lossy(bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes))
            .into_owned(),
    )
}

/// A string object's bytes.
pub fn string_bytes(o: &Object) -> Option<&[u8]> {
    match o {
        Object::String(s, _) => Some(s),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use lopdf::{Object, StringFormat};

    fn text(bytes: &[u8]) -> Option<String> {
        super::text_string(&Object::String(bytes.to_vec(), StringFormat::Literal))
    }

    #[test]
    fn text_strings() {
        // PDFDocEncoding: 0x92 is the trade mark sign, 0x80 a bullet, 0xE9 an e acute.
        assert_eq!(
            text(b"A\x92 \x80 caf\xe9").as_deref(),
            Some("A\u{2122} \u{2022} café")
        );
        assert_eq!(text(b"\xFE\xFF\x00R\x00\xE9\x00d").as_deref(), Some("Réd"));
        assert_eq!(text(b"\xEF\xBB\xBFR\xC3\xA9d").as_deref(), Some("Réd"));
        // A lone surrogate or bad UTF-8 spoils one character, not the string.
        assert_eq!(
            text(b"\xFE\xFF\x00R\xD8\x00\x00d").as_deref(),
            Some("R\u{fffd}d")
        );
        assert_eq!(text(b"\xEF\xBB\xBFR\xFFd").as_deref(), Some("R\u{fffd}d"));
        assert_eq!(super::text_string(&Object::Integer(7)), None);
    }
}
