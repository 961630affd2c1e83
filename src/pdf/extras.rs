//! Text a file holds outside its pages' content: the structure tree's `/Alt` and `/ActualText`
//! (by marked-content id), bookmarks, document information, XMP metadata and attached files.
//!
//! Every walk is bounded: trees are visited once per object (outlines are linked lists that can
//! loop), with a cap on entries and on depth, and every string and stream is cut to a size.

use std::collections::{HashMap, HashSet};

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::model::{Attachment, DocumentExtras, MarkedKind, MarkedText, OutlineItem};
use super::obj;

/// Most structure-tree nodes visited.
const MAX_STRUCT_NODES: usize = 200_000;
/// Deepest structure or name tree followed.
const MAX_TREE_DEPTH: usize = 64;
/// Most name-tree nodes visited in one lookup or listing.
const MAX_NAME_NODES: usize = 10_000;
/// Largest XMP metadata stream read, bytes.
const MAX_XMP_BYTES: usize = 1024 * 1024;
/// Largest attachment decompressed to look for text, bytes.
const MAX_ATTACHMENT_BYTES: usize = 1024 * 1024;

/// The texts that structure elements give to marked content, by page object: `(mcid, kind,
/// text)`. An element's `/ActualText` or `/Alt` covers every marked-content id below it.
pub type StructureTexts = HashMap<ObjectId, Vec<(i64, MarkedKind, String)>>;

fn catalog(doc: &Document) -> Option<&Dictionary> {
    obj::resolve(doc, doc.trailer.get(b"Root").ok()?).and_then(obj::as_dict)
}

fn cut(t: &str, max: usize) -> String {
    t.chars().take(max).collect()
}

fn text(doc: &Document, d: &Dictionary, key: &[u8]) -> Option<String> {
    obj::get(doc, d, key)
        .and_then(obj::text_string)
        .map(|t| cut(t.trim(), DocumentExtras::MAX_STRING))
        .filter(|t| !t.is_empty())
}

/// The structure tree's texts for marked content (see [`StructureTexts`]).
pub fn structure_texts(doc: &Document) -> StructureTexts {
    let mut out = StructureTexts::new();
    let Some(root) = catalog(doc).and_then(|c| obj::get_dict(doc, c, b"StructTreeRoot")) else {
        return out;
    };
    let Some(kids) = root.get(b"K").ok() else {
        return out;
    };
    // (node, page inherited, texts inherited, depth)
    type Texts = Vec<(MarkedKind, String)>;
    type Node<'a> = (
        &'a Object,
        Option<ObjectId>,
        Option<std::rc::Rc<Texts>>,
        usize,
    );
    let mut stack: Vec<Node<'_>> = vec![(kids, None, None, 0)];
    let mut seen: HashSet<ObjectId> = HashSet::new();
    let mut visited = 0usize;
    while let Some((node, page, texts, depth)) = stack.pop() {
        visited += 1;
        if visited > MAX_STRUCT_NODES || depth > MAX_TREE_DEPTH {
            break;
        }
        let node = match node {
            Object::Reference(id) => {
                if !seen.insert(*id) {
                    continue;
                }
                match doc.get_object(*id) {
                    Ok(o) => o,
                    Err(_) => continue,
                }
            }
            o => o,
        };
        match node {
            Object::Integer(mcid) => {
                if let (Some(p), Some(t)) = (page, &texts) {
                    let list = out.entry(p).or_default();
                    for (kind, s) in t.iter() {
                        list.push((*mcid, *kind, s.clone()));
                    }
                }
            }
            Object::Array(a) => {
                for k in a.iter().rev() {
                    stack.push((k, page, texts.clone(), depth + 1));
                }
            }
            Object::Dictionary(d) => {
                let page = match d.get(b"Pg") {
                    Ok(Object::Reference(id)) => Some(*id),
                    _ => page,
                };
                if let Some(mcid) = obj::get_num(doc, d, b"MCID") {
                    // A marked-content reference.
                    if let (Some(p), Some(t)) = (page, &texts) {
                        let list = out.entry(p).or_default();
                        for (kind, s) in t.iter() {
                            list.push((mcid as i64, *kind, s.clone()));
                        }
                    }
                    continue;
                }
                if obj::get_name(doc, d, b"Type") == Some(b"OBJR") {
                    continue;
                }
                let mut own: Texts = Vec::new();
                for (key, kind) in [
                    (&b"ActualText"[..], MarkedKind::ActualText),
                    (b"Alt", MarkedKind::Alt),
                ] {
                    if let Some(t) = obj::get(doc, d, key).and_then(obj::text_string) {
                        let t = cut(t.trim(), MarkedText::MAX_CHARS);
                        if !t.is_empty() {
                            own.push((kind, t));
                        }
                    }
                }
                let texts = if own.is_empty() {
                    texts
                } else {
                    Some(std::rc::Rc::new(own))
                };
                if let Ok(k) = d.get(b"K") {
                    stack.push((k, page, texts, depth + 1));
                }
            }
            _ => {}
        }
    }
    out
}

/// Looks `key` up in a name tree (`/Names` and `/Kids`), bounded.
fn name_tree_get<'a>(doc: &'a Document, root: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut found = None;
    name_tree_walk(doc, root, |k, v| {
        if k == key {
            found = Some(v);
            false
        } else {
            true
        }
    });
    found
}

/// Calls `f(key, value)` for the entries of a name tree until it returns false, bounded.
fn name_tree_walk<'a>(
    doc: &'a Document,
    root: &'a Dictionary,
    mut f: impl FnMut(&'a [u8], &'a Object) -> bool,
) {
    let mut stack: Vec<(&Dictionary, usize)> = vec![(root, 0)];
    let mut seen: HashSet<ObjectId> = HashSet::new();
    let mut visited = 0usize;
    while let Some((node, depth)) = stack.pop() {
        visited += 1;
        if visited > MAX_NAME_NODES {
            return;
        }
        if let Some(names) = obj::get_array(doc, node, b"Names") {
            for pair in names.chunks_exact(2).take(MAX_NAME_NODES) {
                if let [k, v] = pair
                    && let Some(k) = obj::resolve(doc, k).and_then(obj::string_bytes)
                    && !f(k, v)
                {
                    return;
                }
            }
        }
        if depth >= MAX_TREE_DEPTH {
            continue;
        }
        if let Some(kids) = obj::get_array(doc, node, b"Kids") {
            for k in kids.iter().rev().take(MAX_NAME_NODES) {
                if let Object::Reference(id) = k
                    && !seen.insert(*id)
                {
                    continue;
                }
                if let Some(d) = obj::resolve(doc, k).and_then(obj::as_dict) {
                    stack.push((d, depth + 1));
                }
            }
        }
    }
}

/// A destination's page and position: `[page /XYZ left top zoom]`, `[page /FitH top]`,
/// `[page /FitR left bottom right top]`..., or a named one (`/Dests`, the `/Names` tree).
fn destination(
    doc: &Document,
    dest: &Object,
    pages: &HashMap<ObjectId, u32>,
    depth: usize,
) -> Option<(u32, Option<f64>, Option<f64>)> {
    if depth > 4 {
        return None;
    }
    let dest = obj::resolve(doc, dest)?;
    match dest {
        Object::Array(a) => {
            let page = match a.first()? {
                Object::Reference(id) => *pages.get(id)?,
                _ => return None,
            };
            let kind = match a.get(1).and_then(|o| obj::resolve(doc, o)) {
                Some(Object::Name(n)) => n.as_slice(),
                _ => b"Fit",
            };
            let n = |i: usize| a.get(i).and_then(|o| obj::num_deref(doc, o));
            let (left, top) = match kind {
                b"XYZ" => (n(2), n(3)),
                b"FitH" | b"FitBH" => (None, n(2)),
                b"FitV" | b"FitBV" => (n(2), None),
                b"FitR" => (n(2), n(5)),
                _ => (None, None),
            };
            Some((page, left, top))
        }
        Object::Dictionary(d) => destination(doc, d.get(b"D").ok()?, pages, depth + 1),
        Object::Name(name) | Object::String(name, _) => {
            let cat = catalog(doc)?;
            let target = obj::get_dict(doc, cat, b"Dests")
                .and_then(|d| d.get(name).ok())
                .or_else(|| {
                    let tree = obj::get_dict(doc, cat, b"Names")
                        .and_then(|n| obj::get_dict(doc, n, b"Dests"))?;
                    name_tree_get(doc, tree, name)
                })?;
            destination(doc, target, pages, depth + 1)
        }
        _ => None,
    }
}

fn outlines(doc: &Document, pages: &HashMap<ObjectId, u32>) -> Vec<OutlineItem> {
    let mut out = Vec::new();
    let Some(root) = catalog(doc).and_then(|c| obj::get_dict(doc, c, b"Outlines")) else {
        return out;
    };
    let Ok(first) = root.get(b"First") else {
        return out;
    };
    let mut stack: Vec<&Object> = vec![first];
    let mut seen: HashSet<ObjectId> = HashSet::new();
    while let Some(item) = stack.pop() {
        if out.len() >= DocumentExtras::MAX_OUTLINES || seen.len() > DocumentExtras::MAX_OUTLINES {
            break;
        }
        // Entries are linked by reference: each is read once, so a loop ends.
        let Object::Reference(id) = item else {
            continue;
        };
        if !seen.insert(*id) {
            continue;
        }
        let Some(d) = doc.get_object(*id).ok().and_then(obj::as_dict) else {
            continue;
        };
        let dest = d
            .get(b"Dest")
            .ok()
            .or_else(|| {
                let action = obj::get_dict(doc, d, b"A")?;
                (obj::get_name(doc, action, b"S") == Some(b"GoTo"))
                    .then(|| action.get(b"D").ok())
                    .flatten()
            })
            .and_then(|o| destination(doc, o, pages, 0));
        if let Some(title) = text(doc, d, b"Title") {
            out.push(OutlineItem {
                title,
                page: dest.map(|x| x.0),
                left: dest.and_then(|x| x.1),
                top: dest.and_then(|x| x.2),
            });
        }
        // The next sibling after this entry's children: children first, in order.
        if let Ok(next) = d.get(b"Next") {
            stack.push(next);
        }
        if let Ok(child) = d.get(b"First") {
            stack.push(child);
        }
    }
    out
}

fn info(doc: &Document) -> Vec<(String, String)> {
    let Some(d) = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|o| obj::resolve(doc, o))
        .and_then(obj::as_dict)
    else {
        return Vec::new();
    };
    ["Title", "Subject", "Keywords", "Author"]
        .iter()
        .filter_map(|k| text(doc, d, k.as_bytes()).map(|v| (k.to_string(), v)))
        .collect()
}

/// Decodes the five XML entities and numeric character references.
fn xml_unescape(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(rest.get(..p).unwrap_or_default());
        let after = rest.get(p..).unwrap_or_default();
        let Some(end) = after.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = after.get(1..).unwrap_or_default();
            continue;
        };
        let entity = after.get(1..end).unwrap_or_default();
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e => e
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| e.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = after.get(end + 1..).unwrap_or_default();
            }
            None => {
                out.push('&');
                rest = after.get(1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text inside `<tag …>…</tag>` (tags inside removed), or an attribute `tag="…"`, for
/// each occurrence.
fn xmp_field(xml: &str, tag: &str) -> Vec<String> {
    let mut out = Vec::new();
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut at = 0;
    while let Some(p) = xml.get(at..).and_then(|r| r.find(&open)) {
        let start = at + p + open.len();
        let Some(gt) = xml.get(start..).and_then(|r| r.find('>')) else {
            break;
        };
        let body_start = start + gt + 1;
        let Some(end) = xml.get(body_start..).and_then(|r| r.find(&close)) else {
            break;
        };
        let body = xml.get(body_start..body_start + end).unwrap_or_default();
        let mut plain = String::new();
        let mut in_tag = false;
        for c in body.chars() {
            match c {
                '<' => {
                    in_tag = true;
                    plain.push(' ');
                }
                '>' => in_tag = false,
                c if !in_tag => plain.push(c),
                _ => {}
            }
        }
        let v = xml_unescape(&plain.split_whitespace().collect::<Vec<_>>().join(" "));
        if !v.is_empty() {
            out.push(cut(&v, DocumentExtras::MAX_STRING));
        }
        at = body_start + end + close.len();
    }
    let attr = format!("{tag}=\"");
    let mut at = 0;
    while let Some(p) = xml.get(at..).and_then(|r| r.find(&attr)) {
        let start = at + p + attr.len();
        let Some(end) = xml.get(start..).and_then(|r| r.find('"')) else {
            break;
        };
        let v = xml_unescape(xml.get(start..start + end).unwrap_or_default().trim());
        if !v.is_empty() {
            out.push(cut(&v, DocumentExtras::MAX_STRING));
        }
        at = start + end + 1;
    }
    out
}

fn xmp(doc: &Document) -> Vec<(String, String)> {
    let Some(stream) = catalog(doc)
        .and_then(|c| obj::get(doc, c, b"Metadata"))
        .and_then(obj::as_stream)
    else {
        return Vec::new();
    };
    let Ok(bytes) = stream.get_plain_content_with_limit(MAX_XMP_BYTES) else {
        return Vec::new();
    };
    let xml = String::from_utf8_lossy(&bytes);
    let mut out = Vec::new();
    for tag in ["dc:title", "dc:description", "dc:subject", "pdf:Keywords"] {
        for v in xmp_field(&xml, tag) {
            if !out
                .iter()
                .any(|(k, x): &(String, String)| k == tag && *x == v)
            {
                out.push((tag.to_string(), v));
            }
        }
    }
    out
}

/// Bytes that read as plain text: no NUL, almost no other control bytes; decoded as UTF-8, or
/// as Latin-1 when they are not UTF-8.
fn plain_text(bytes: &[u8], cut_short: bool) -> Option<String> {
    if bytes.is_empty() || bytes.contains(&0) {
        return None;
    }
    let controls = bytes
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    if controls * 100 > bytes.len() {
        return None;
    }
    Some(match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        // Cut inside a character at the size bound, or not UTF-8 at all.
        Err(e) if cut_short && e.error_len().is_none() => bytes
            .get(..e.valid_up_to())
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default(),
        Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
    })
}

fn attachment(doc: &Document, key: &[u8], spec: &Object) -> Option<Attachment> {
    let spec = obj::resolve(doc, spec)?;
    let (name, d) = match spec {
        Object::Dictionary(d) => (
            text(doc, d, b"UF")
                .or_else(|| text(doc, d, b"F"))
                .unwrap_or_else(|| String::from_utf8_lossy(key).into_owned()),
            Some(d),
        ),
        Object::String(..) => (obj::text_string(spec)?, None),
        _ => return None,
    };
    let description = d.and_then(|d| text(doc, d, b"Desc"));
    let text = d
        .and_then(|d| obj::get_dict(doc, d, b"EF"))
        .and_then(|ef| obj::get(doc, ef, b"F").or_else(|| obj::get(doc, ef, b"UF")))
        .and_then(obj::as_stream)
        .and_then(|st| {
            let bytes = if st.dict.has(b"Filter") {
                st.get_plain_content_with_limit(MAX_ATTACHMENT_BYTES).ok()?
            } else {
                // Unfiltered: only the head is ever read.
                st.content
                    .get(
                        ..st.content
                            .len()
                            .min(DocumentExtras::MAX_ATTACHMENT_TEXT + 1),
                    )
                    .unwrap_or_default()
                    .to_vec()
            };
            let head = bytes
                .get(..bytes.len().min(DocumentExtras::MAX_ATTACHMENT_TEXT))
                .unwrap_or_default();
            plain_text(head, head.len() < bytes.len())
        });
    Some(Attachment {
        name: cut(&name, DocumentExtras::MAX_STRING),
        description,
        text,
    })
}

/// Files attached to the document (its `EmbeddedFiles` name tree) and to its pages
/// (`/FileAttachment` annotations: a paper-clip icon whose file may repeat what a box hides).
fn attachments(doc: &Document, pages: &HashMap<ObjectId, u32>) -> Vec<Attachment> {
    let mut out = Vec::new();
    if let Some(tree) = catalog(doc)
        .and_then(|c| obj::get_dict(doc, c, b"Names"))
        .and_then(|n| obj::get_dict(doc, n, b"EmbeddedFiles"))
    {
        name_tree_walk(doc, tree, |k, v| {
            if let Some(a) = attachment(doc, k, v) {
                out.push(a);
            }
            out.len() < DocumentExtras::MAX_ATTACHMENTS
        });
    }
    let mut page_ids: Vec<(&ObjectId, &u32)> = pages.iter().collect();
    page_ids.sort_by_key(|(_, n)| **n);
    for (id, _) in page_ids {
        let Some(annots) = doc
            .get_object(*id)
            .ok()
            .and_then(obj::as_dict)
            .and_then(|p| obj::get_array(doc, p, b"Annots"))
        else {
            continue;
        };
        for a in annots
            .iter()
            .filter_map(|a| obj::resolve(doc, a)?.as_dict().ok())
        {
            if out.len() >= DocumentExtras::MAX_ATTACHMENTS {
                return out;
            }
            if obj::get_name(doc, a, b"Subtype") != Some(b"FileAttachment".as_slice()) {
                continue;
            }
            if let Some(att) = obj::get(doc, a, b"FS").and_then(|fs| attachment(doc, b"", fs)) {
                out.push(att);
            }
        }
    }
    out
}

/// Bookmarks, metadata and attachments of the document; `pages` maps page objects to 1-based
/// numbers.
pub fn document_extras(doc: &Document, pages: &HashMap<ObjectId, u32>) -> DocumentExtras {
    DocumentExtras {
        outlines: outlines(doc, pages),
        info: info(doc),
        xmp: xmp(doc),
        attachments: attachments(doc, pages),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn xmp_fields() {
        let xml = r#"<x:xmpmeta><rdf:Description pdf:Keywords="a &amp; b"><dc:title><rdf:Alt><rdf:li xml:lang="x-default">Memo &#x2014; transfer</rdf:li></rdf:Alt></dc:title></rdf:Description></x:xmpmeta>"#;
        assert_eq!(
            super::xmp_field(xml, "dc:title"),
            vec!["Memo \u{2014} transfer"]
        );
        assert_eq!(super::xmp_field(xml, "pdf:Keywords"), vec!["a & b"]);
        assert!(super::xmp_field(xml, "dc:description").is_empty());
        assert_eq!(super::xml_unescape("R&D &bogus x"), "R&D &bogus x");
    }

    #[test]
    fn plain_text_or_not() {
        assert_eq!(
            super::plain_text(b"hello\n", false).as_deref(),
            Some("hello\n")
        );
        assert_eq!(super::plain_text(b"\x89PNG\x00\x01", false), None);
        assert_eq!(
            super::plain_text(b"caf\xe9", false).as_deref(),
            Some("caf\u{e9}")
        );
        // Cut at the size bound inside a character: the whole characters are kept.
        assert_eq!(super::plain_text(b"caf\xc3", true).as_deref(), Some("caf"));
    }
}
