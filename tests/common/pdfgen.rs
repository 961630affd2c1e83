//! Small one-page PDFs made with lopdf for the redaction tests: a content stream, Helvetica as
//! `/F1`, any extra fonts, graphics states and annotations.

use lopdf::{Dictionary, Document, Object, Stream, dictionary};

/// What goes on the page besides its content stream.
#[derive(Default)]
pub struct Extras {
    /// Fonts by resource name (besides `/F1`, Helvetica).
    pub fonts: Vec<(&'static str, Dictionary)>,
    /// `/ExtGState` entries by resource name.
    pub gstates: Vec<(&'static str, Dictionary)>,
    /// Annotations (dictionaries without `/P`).
    pub annots: Vec<Dictionary>,
}

/// A letter-size one-page PDF with `content`.
pub fn page(content: &str, extras: Extras) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let mut fonts = dictionary! {
        "F1" => dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
            "Encoding" => "WinAnsiEncoding",
        },
    };
    for (name, f) in extras.fonts {
        let id = doc.add_object(f);
        fonts.set(name, id);
    }
    let mut gs = Dictionary::new();
    for (name, g) in extras.gstates {
        gs.set(name, g);
    }
    let resources = dictionary! { "Font" => fonts, "ExtGState" => gs };
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.as_bytes().to_vec()));
    let annots: Vec<Object> = extras
        .annots
        .into_iter()
        .map(|a| doc.add_object(a).into())
        .collect();
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        "Resources" => resources, "Annots" => annots,
        "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// `BT /F1 {size} Tf {x} {y} Td ({text}) Tj ET` in black.
pub fn text(x: f64, y: f64, size: f64, text: &str) -> String {
    format!("BT /F1 {size} Tf {x} {y} Td ({text}) Tj ET\n")
}

/// [`text`] with `s` escaped (see [`escape`]): any text, parentheses and accents included.
pub fn show(x: f64, y: f64, size: f64, s: &str) -> String {
    text(x, y, size, &escape(s))
}

/// A black filled rectangle.
pub fn black(x0: f64, y0: f64, x1: f64, y1: f64) -> String {
    rect(x0, y0, x1, y1, 0.0)
}

/// A filled rectangle in grey level `g` (0 black).
pub fn rect(x0: f64, y0: f64, x1: f64, y1: f64, g: f64) -> String {
    format!("q {g} g {x0} {y0} {} {} re f Q\n", x1 - x0, y1 - y0)
}

/// A letter-size PDF with one page per content stream, Helvetica as `/F1`.
pub fn pages(contents: &[String]) -> Vec<u8> {
    let specs: Vec<PageSpec> = contents
        .iter()
        .map(|c| PageSpec {
            width: 612.0,
            height: 792.0,
            rotate: 0,
            content: c.clone(),
        })
        .collect();
    doc(&specs)
}

/// One page of [`doc`]: its media box size, `/Rotate` and content stream.
pub struct PageSpec {
    /// Media box width, points.
    pub width: f64,
    /// Media box height, points.
    pub height: f64,
    /// `/Rotate` (0 for none).
    pub rotate: i64,
    /// The content stream (Helvetica as `/F1`).
    pub content: String,
}

/// A PDF of pages of any size and rotation, Helvetica as `/F1`.
pub fn doc(specs: &[PageSpec]) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let mut kids: Vec<Object> = Vec::new();
    for s in specs {
        let content_id = doc.add_object(Stream::new(dictionary! {}, s.content.as_bytes().to_vec()));
        let mut page = dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
            "MediaBox" => vec![0.into(), 0.into(), Object::Real(s.width as f32), Object::Real(s.height as f32)],
        };
        if s.rotate != 0 {
            page.set("Rotate", s.rotate);
        }
        kids.push(doc.add_object(page).into());
    }
    let count = i64::try_from(kids.len()).unwrap();
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// What a document holds besides its page's content: bookmarks, information, XMP metadata,
/// attachments, structure elements with alternate text.
#[derive(Default)]
pub struct DocExtras {
    /// Bookmarks: title and the top of their `/XYZ` destination on page 1 (`None`: none).
    pub outlines: Vec<(&'static str, Option<f64>)>,
    /// The bookmarks are linked in a loop (the last one's `/Next` is the first).
    pub outline_loop: bool,
    /// Document information entries.
    pub info: Vec<(&'static str, &'static str)>,
    /// An XMP metadata packet.
    pub xmp: Option<String>,
    /// Attached files: name, description, content.
    pub attachments: Vec<(&'static str, Option<&'static str>, &'static [u8])>,
    /// Structure elements on page 1: type, `/Alt`, marked-content id.
    pub struct_alt: Vec<(&'static str, &'static str, i64)>,
}

/// [`page`] with the document-level parts of `more` added to its catalog and trailer.
pub fn document(content: &str, extras: Extras, more: DocExtras) -> Vec<u8> {
    let bytes = page(content, extras);
    let mut doc = Document::load_mem(&bytes).unwrap();
    let page_id = *doc.get_pages().get(&1).unwrap();
    let root_id = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    let mut catalog_adds: Vec<(&str, Object)> = Vec::new();
    if !more.outlines.is_empty() {
        let outlines_id = doc.new_object_id();
        let ids: Vec<_> = more.outlines.iter().map(|_| doc.new_object_id()).collect();
        for (i, (title, top)) in more.outlines.iter().enumerate() {
            let mut d = dictionary! {
                "Title" => Object::string_literal(*title), "Parent" => outlines_id,
            };
            if let Some(t) = top {
                d.set(
                    "Dest",
                    vec![
                        page_id.into(),
                        "XYZ".into(),
                        72.into(),
                        (*t).into(),
                        Object::Null,
                    ],
                );
            }
            if let Some(next) = ids.get(i + 1) {
                d.set("Next", *next);
            } else if more.outline_loop {
                d.set("Next", ids[0]);
            }
            if i > 0 {
                d.set("Prev", ids[i - 1]);
            }
            doc.objects.insert(ids[i], Object::Dictionary(d));
        }
        doc.objects.insert(
            outlines_id,
            Object::Dictionary(dictionary! {
                "Type" => "Outlines", "First" => ids[0], "Last" => *ids.last().unwrap(),
                "Count" => i64::try_from(ids.len()).unwrap(),
            }),
        );
        catalog_adds.push(("Outlines", outlines_id.into()));
    }
    if !more.info.is_empty() {
        let mut info = Dictionary::new();
        for (k, v) in &more.info {
            info.set(*k, Object::string_literal(*v));
        }
        let id = doc.add_object(info);
        doc.trailer.set("Info", id);
    }
    if let Some(xmp) = &more.xmp {
        let id = doc.add_object(Stream::new(
            dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
            xmp.as_bytes().to_vec(),
        ));
        catalog_adds.push(("Metadata", id.into()));
    }
    if !more.attachments.is_empty() {
        let mut names: Vec<Object> = Vec::new();
        for (name, desc, data) in &more.attachments {
            let file = doc.add_object(Stream::new(
                dictionary! { "Type" => "EmbeddedFile" },
                data.to_vec(),
            ));
            let mut spec = dictionary! {
                "Type" => "Filespec", "F" => Object::string_literal(*name),
                "UF" => Object::string_literal(*name), "EF" => dictionary! { "F" => file },
            };
            if let Some(d) = desc {
                spec.set("Desc", Object::string_literal(*d));
            }
            names.push(Object::string_literal(*name));
            names.push(doc.add_object(spec).into());
        }
        catalog_adds.push((
            "Names",
            dictionary! { "EmbeddedFiles" => dictionary! { "Names" => names } }.into(),
        ));
    }
    if !more.struct_alt.is_empty() {
        let root = doc.new_object_id();
        let kids: Vec<Object> = more
            .struct_alt
            .iter()
            .map(|(kind, alt, mcid)| {
                doc.add_object(dictionary! {
                    "Type" => "StructElem", "S" => *kind, "P" => root, "Pg" => page_id,
                    "Alt" => Object::string_literal(*alt), "K" => *mcid,
                })
                .into()
            })
            .collect();
        doc.objects.insert(
            root,
            Object::Dictionary(dictionary! { "Type" => "StructTreeRoot", "K" => kids }),
        );
        catalog_adds.push(("StructTreeRoot", root.into()));
        catalog_adds.push(("MarkInfo", dictionary! { "Marked" => true }.into()));
    }
    let catalog = doc.get_object_mut(root_id).unwrap().as_dict_mut().unwrap();
    for (k, v) in catalog_adds {
        catalog.set(k, v);
    }
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// `s` as the inside of a PDF string literal: parentheses and backslashes escaped, characters
/// past ASCII as octal escapes of their Latin-1 code (WinAnsi agrees for accented letters).
pub fn escape(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '(' | ')' | '\\' => format!("\\{c}"),
            c if c.is_ascii() => c.to_string(),
            c => format!("\\{:03o}", u32::from(c) & 0xff),
        })
        .collect()
}

/// A page's content of rows of text from the top, 16 pt apart, in 10 pt Helvetica: each row is
/// pieces `(x, text)` on one baseline (text escaped here).
pub fn rows(rows: &[Vec<(f64, &str)>]) -> String {
    rows.iter()
        .enumerate()
        .flat_map(|(i, row)| {
            row.iter()
                .map(move |(x, t)| text(*x, 740.0 - 16.0 * i as f64, 10.0, &escape(t)))
        })
        .collect()
}
