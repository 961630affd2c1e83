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

/// A filled rectangle in grey level `g` (0 black).
pub fn rect(x0: f64, y0: f64, x1: f64, y1: f64, g: f64) -> String {
    format!("q {g} g {x0} {y0} {} {} re f Q\n", x1 - x0, y1 - y0)
}

/// A letter-size PDF with one page per content stream, Helvetica as `/F1`.
pub fn pages(contents: &[String]) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let mut kids: Vec<Object> = Vec::new();
    for content in contents {
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.as_bytes().to_vec()));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        });
        kids.push(page_id.into());
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
        let content_id =
            doc.add_object(Stream::new(dictionary! {}, s.content.as_bytes().to_vec()));
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
