//! Hostile PDFs made by code: broken files (truncated, garbage xref, missing objects, wrong
//! lengths, cyclic page trees, absurd boxes, broken fonts and images, zero pages, self-including
//! forms, deep nesting, Flate bombs) and crafted ones, each small and aimed at one way a reader can
//! be made to allocate or loop without bound. Shared by `tests/hostile.rs` (which checks what a
//! user gets and the peak memory) and `benches/hostile.rs` (which times them in release).

use std::io::Write as _;

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, Stream, dictionary};

/// A one-page document with the given content and resources.
fn one_page(content: Vec<u8>, resources: Dictionary, media_box: Vec<Object>) -> Document {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let content_id = doc.add_object(Stream::new(dictionary! {}, content));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content_id,
        "Resources" => resources,
        "MediaBox" => media_box,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    doc
}

fn letter() -> Vec<Object> {
    vec![0.into(), 0.into(), 612.into(), 792.into()]
}

fn text_content(text: &str) -> Vec<u8> {
    Content {
        operations: vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 12.into()]),
            Operation::new("Td", vec![72.into(), 700.into()]),
            Operation::new("Tj", vec![Object::string_literal(text)]),
            Operation::new("ET", vec![]),
        ],
    }
    .encode()
    .unwrap()
}

fn helvetica() -> Dictionary {
    dictionary! {
        "Font" => dictionary! {
            "F1" => dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" },
        },
    }
}

fn save(doc: &mut Document) -> Vec<u8> {
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

fn good_pdf() -> Vec<u8> {
    save(&mut one_page(
        text_content("Hello, committee."),
        helvetica(),
        letter(),
    ))
}

/// Replaces the first occurrence of `from` by `to` (same length or not).
fn replace_once(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let pos = bytes.windows(from.len()).position(|w| w == from).unwrap();
    let mut out = bytes[..pos].to_vec();
    out.extend_from_slice(to);
    out.extend_from_slice(&bytes[pos + from.len()..]);
    out
}

/// Every malformed file, by name.
#[allow(clippy::vec_init_then_push)] // one push per case reads better than one huge literal
pub fn malformed_files() -> Vec<(&'static str, Vec<u8>)> {
    let good = good_pdf();
    let mut files: Vec<(&'static str, Vec<u8>)> = Vec::new();

    files.push(("empty.pdf", Vec::new()));
    files.push((
        "text-renamed.pdf",
        b"Minutes of the meeting, not a PDF at all.\n".to_vec(),
    ));
    files.push(("header-only.pdf", b"%PDF-1.7\n".to_vec()));
    files.push(("truncated-half.pdf", good[..good.len() / 2].to_vec()));
    files.push(("truncated-tail.pdf", good[..good.len() - 30].to_vec()));

    // Garbage where the xref table and its offset should be.
    let xref_at = good.windows(4).rposition(|w| w == b"xref").unwrap();
    let mut garbage_xref = good[..xref_at].to_vec();
    garbage_xref.extend_from_slice(b"xref\n0 9\nzzzzzzzzzz 65535 f \n#$%^&*\ntrailer\n<< /Size 9 >>\nstartxref\n99999999\n%%EOF\n");
    files.push(("garbage-xref.pdf", garbage_xref));

    // Wrong /Length on the content stream (too long and too short).
    files.push((
        "wrong-length-long.pdf",
        replace_once(&good, b"/Length ", b"/Length 9999"),
    ));
    files.push((
        "wrong-length-short.pdf",
        replace_once(&good, b"/Length ", b"/Length 1"),
    ));

    // A page whose content and resources point at objects that do not exist.
    {
        let mut doc = one_page(Vec::new(), Dictionary::new(), letter());
        let page_id = *doc.get_pages().values().next().unwrap();
        let page = doc.get_object_mut(page_id).unwrap().as_dict_mut().unwrap();
        page.set("Contents", Object::Reference((999, 0)));
        page.set("Resources", Object::Reference((998, 0)));
        files.push(("missing-objects.pdf", save(&mut doc)));
    }

    // A page tree whose Pages node lists itself.
    {
        let mut doc = one_page(text_content("cycle"), helvetica(), letter());
        let root = doc
            .catalog()
            .unwrap()
            .get(b"Pages")
            .unwrap()
            .as_reference()
            .unwrap();
        let pages = doc.get_object_mut(root).unwrap().as_dict_mut().unwrap();
        let mut kids = pages.get(b"Kids").unwrap().as_array().unwrap().clone();
        kids.push(Object::Reference(root));
        pages.set("Kids", kids);
        pages.set("Count", 2);
        files.push(("cyclic-page-tree.pdf", save(&mut doc)));
    }

    // Absurd page sizes.
    files.push((
        "huge-mediabox.pdf",
        save(&mut one_page(
            text_content("big"),
            helvetica(),
            vec![
                0.into(),
                0.into(),
                Object::Real(1.0e30),
                Object::Real(1.0e30),
            ],
        )),
    ));
    files.push((
        "inverted-nan-mediabox.pdf",
        save(&mut one_page(
            text_content("odd"),
            helvetica(),
            vec![
                612.into(),
                792.into(),
                0.into(),
                Object::Name(b"NaN".to_vec()),
            ],
        )),
    ));

    // Zero pages.
    {
        let mut doc = Document::with_version("1.7");
        let pages_id = doc.add_object(
            dictionary! { "Type" => "Pages", "Kids" => Vec::<Object>::new(), "Count" => 0 },
        );
        let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog_id);
        files.push(("zero-pages.pdf", save(&mut doc)));
    }

    // Broken fonts: a ToUnicode stream of garbage, /Widths that is not an array, a Type0 font without
    // descendants, and a huge /FirstChar.
    {
        let mut doc = Document::with_version("1.7");
        let tounicode = doc.add_object(Stream::new(
            dictionary! {},
            b"begincmap 1 beginbfrange <0000> <FFFF> [<00> <0041> ] endbfrange <zz> <41> beginbfchar <01".to_vec(),
        ));
        let resources = dictionary! {
            "Font" => dictionary! {
                "F1" => dictionary! { "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "Broken",
                    "ToUnicode" => tounicode, "Widths" => "NotAnArray", "FirstChar" => 4_000_000_000_i64 },
                "F2" => dictionary! { "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "NoKids",
                    "Encoding" => "Identity-H" },
            },
        };
        let content = b"BT /F1 12 Tf 72 700 Td (\x01\x02\x03) Tj /F2 12 Tf (\x00\x41\x00) Tj /F9 12 Tf (x) Tj ET".to_vec();
        let mut d = one_page(content, resources, letter());
        // Move the ToUnicode object into the new document.
        let obj = doc.get_object(tounicode).unwrap().clone();
        d.objects.insert(tounicode, obj);
        d.max_id = d.max_id.max(tounicode.0);
        files.push(("broken-fonts.pdf", save(&mut d)));
    }

    // Broken images: enormous declared size with tiny data, garbage JPEG, and a bad inline image.
    {
        let mut d = one_page(Vec::new(), Dictionary::new(), letter());
        let huge = d.add_object(Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 100_000, "Height" => 100_000,
                "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
            vec![0u8; 64],
        ));
        let bad_jpeg = d.add_object(Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 2000, "Height" => 2000,
                "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8, "Filter" => "DCTDecode" },
            b"\xFF\xD8\xFF\xE0 this is not a jpeg at all".to_vec(),
        ));
        let content = b"q 612 0 0 792 0 0 cm /Im1 Do Q q 600 0 0 780 0 0 cm /Im2 Do Q \
            BI /W 4000 /H 4000 /CS /G /BPC 8 ID \x00\x01\x02 EI"
            .to_vec();
        let content_id = d.add_object(Stream::new(dictionary! {}, content));
        let page_id = *d.get_pages().values().next().unwrap();
        let page = d.get_object_mut(page_id).unwrap().as_dict_mut().unwrap();
        page.set("Contents", content_id);
        page.set(
            "Resources",
            dictionary! { "XObject" => dictionary! { "Im1" => huge, "Im2" => bad_jpeg } },
        );
        files.push(("broken-images.pdf", save(&mut d)));
    }

    // A form XObject that draws itself, and two forms that draw each other.
    {
        let mut d = one_page(b"/Fx Do".to_vec(), Dictionary::new(), letter());
        let form_id = d.new_object_id();
        let other_id = d.new_object_id();
        d.objects.insert(
            form_id,
            Object::Stream(Stream::new(
                dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => letter(),
                    "Resources" => dictionary! { "XObject" => dictionary! { "Fx" => form_id, "Fy" => other_id } } },
                b"0 0 m 10 10 l S /Fx Do /Fy Do".to_vec(),
            )),
        );
        d.objects.insert(
            other_id,
            Object::Stream(Stream::new(
                dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => letter(),
                "Resources" => dictionary! { "XObject" => dictionary! { "Fx" => form_id } } },
                b"1 0 0 1 1 1 cm /Fx Do".to_vec(),
            )),
        );
        let page_id = *d.get_pages().values().next().unwrap();
        let page = d.get_object_mut(page_id).unwrap().as_dict_mut().unwrap();
        page.set(
            "Resources",
            dictionary! { "XObject" => dictionary! { "Fx" => form_id } },
        );
        files.push(("self-including-form.pdf", save(&mut d)));
    }

    // Deeply nested arrays in the content stream and in an object.
    {
        let mut content = Vec::new();
        content.extend(std::iter::repeat_n(b'[', 100_000));
        content.extend(std::iter::repeat_n(b']', 100_000));
        content.extend_from_slice(b" TJ");
        files.push((
            "deep-nesting-content.pdf",
            save(&mut one_page(content, helvetica(), letter())),
        ));
        let mut bytes = good.clone();
        let mut nested = b"\n50 0 obj\n".to_vec();
        nested.extend(std::iter::repeat_n(b'[', 200_000));
        nested.extend_from_slice(b"\nendobj\n");
        let at = bytes.windows(4).rposition(|w| w == b"xref").unwrap();
        bytes.splice(at..at, nested);
        files.push(("deep-nesting-object.pdf", bytes));
    }

    // A Flate bomb: a content stream of 300 MiB of spaces, compressed.
    {
        let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..300 {
            enc.write_all(&chunk).unwrap();
        }
        let compressed = enc.finish().unwrap();
        let mut d = one_page(Vec::new(), Dictionary::new(), letter());
        let bomb = d.add_object(
            Stream::new(dictionary! { "Filter" => "FlateDecode" }, compressed)
                .with_compression(false),
        );
        let page_id = *d.get_pages().values().next().unwrap();
        d.get_object_mut(page_id)
            .unwrap()
            .as_dict_mut()
            .unwrap()
            .set("Contents", bomb);
        files.push(("flate-bomb.pdf", save(&mut d)));
    }

    // An operator storm: one form with 20,000 path operators drawn 500 times (10 million operators).
    {
        let mut ops = Vec::new();
        for i in 0..20_000 {
            ops.extend_from_slice(format!("{} 0 m {} 1 l ", i % 600, i % 600).as_bytes());
        }
        ops.extend_from_slice(b"S");
        let mut d = one_page(Vec::new(), Dictionary::new(), letter());
        let form = d.add_object(Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => letter() },
            ops,
        ));
        let content: Vec<u8> = b"/F0 Do ".repeat(500);
        let content_id = d.add_object(Stream::new(dictionary! {}, content));
        let page_id = *d.get_pages().values().next().unwrap();
        let page = d.get_object_mut(page_id).unwrap().as_dict_mut().unwrap();
        page.set("Contents", content_id);
        page.set(
            "Resources",
            dictionary! { "XObject" => dictionary! { "F0" => form } },
        );
        files.push(("operator-storm.pdf", save(&mut d)));
    }

    // Encrypted with a user password we do not have: a real encryption dictionary would need the
    // crypt code; an /Encrypt entry with an unknown filter is what readers meet in the wild too.
    {
        let mut d = one_page(text_content("secret"), helvetica(), letter());
        let enc = d.add_object(
            dictionary! { "Filter" => "MysteryCrypt", "V" => 9, "R" => 9, "Length" => 256 },
        );
        d.trailer.set("Encrypt", enc);
        files.push(("encrypted-unknown.pdf", save(&mut d)));
    }

    files.extend(crafted_files());

    files
}

/// zlib-compressed `data`.
fn deflate(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

/// A PDF written byte by byte: `objects` are (number, body) in order, then a cross-reference
/// stream whose entries are given by `entry(number) -> (type, field2, field3)` for objects
/// 0..=`size`-1. Lets a test say what lopdf itself would refuse to write (object streams that
/// contain themselves, entries that lie).
fn raw_pdf_with_xref_stream(
    objects: &[(u32, Vec<u8>)],
    size: u32,
    entry: impl Fn(u32, &std::collections::HashMap<u32, usize>) -> (u8, u32, u16),
) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = std::collections::HashMap::new();
    for (n, body) in objects {
        offsets.insert(*n, out.len());
        out.extend_from_slice(format!("{n} 0 obj\n").as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref_num = size;
    offsets.insert(xref_num, out.len());
    let mut rows = Vec::new();
    for n in 0..=xref_num {
        let (t, f2, f3) = entry(n, &offsets);
        rows.push(t);
        rows.extend_from_slice(&f2.to_be_bytes());
        rows.extend_from_slice(&f3.to_be_bytes());
    }
    let stream = deflate(&rows);
    out.extend_from_slice(
        format!(
            "{xref_num} 0 obj\n<< /Type /XRef /Size {} /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length {} >>\nstream\n",
            xref_num + 1,
            stream.len()
        )
        .as_bytes(),
    );
    out.extend_from_slice(&stream);
    out.extend_from_slice(b"\nendstream\nendobj\n");
    out.extend_from_slice(format!("startxref\n{}\n%%EOF\n", offsets[&xref_num]).as_bytes());
    out
}

/// An object stream (`/Type /ObjStm`) holding `inner` objects, Flate-compressed.
fn object_stream(inner: &[(u32, Vec<u8>)], extends: Option<u32>) -> Vec<u8> {
    let mut header = String::new();
    let mut body = Vec::new();
    for (n, obj) in inner {
        header.push_str(&format!("{n} {} ", body.len()));
        body.extend_from_slice(obj);
        body.push(b' ');
    }
    let mut data = header.clone().into_bytes();
    data.extend_from_slice(&body);
    let mut entries = format!(
        "/Type /ObjStm /N {} /First {} /Filter /FlateDecode",
        inner.len(),
        header.len()
    );
    if let Some(e) = extends {
        entries.push_str(&format!(" /Extends {e} 0 R"));
    }
    stream_object(&entries, &deflate(&data))
}

/// The objects every raw file starts with: catalog 1, pages 2, page 3 drawing content 4.
fn raw_page_objects(content: &[u8], resources: &str) -> Vec<(u32, Vec<u8>)> {
    vec![
        (1, b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()),
        (2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec()),
        (
            3,
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources {resources} >>"
            )
            .into_bytes(),
        ),
        (4, stream_object("", content)),
    ]
}

/// A stream object body: `<< entries /Length n >>` and `data` as given (already encoded).
fn stream_object(entries: &str, data: &[u8]) -> Vec<u8> {
    let mut s = format!("<< {entries} /Length {} >>\nstream\n", data.len()).into_bytes();
    s.extend_from_slice(data);
    s.extend_from_slice(b"\nendstream");
    s
}

/// A stream object body holding already Flate-packed `packed` data.
fn flate_stream(packed: &[u8]) -> Vec<u8> {
    stream_object("/Filter /FlateDecode", packed)
}

/// An image XObject stream with `dict` entries and raw `data`.
fn image_object(dict: &str, data: &[u8]) -> Vec<u8> {
    stream_object(&format!("/Type /XObject /Subtype /Image {dict}"), data)
}

/// Files made to hurt: each one small, each aimed at one way a reader can be made to allocate or
/// loop without bound.
pub fn crafted_files() -> Vec<(&'static str, Vec<u8>)> {
    let mut files: Vec<(&'static str, Vec<u8>)> = Vec::new();
    let plain_xref = |n: u32, offsets: &std::collections::HashMap<u32, usize>| match offsets.get(&n)
    {
        Some(&o) => (1, u32::try_from(o).unwrap(), 0),
        None => (0, 0, 0xFFFF),
    };
    let draw_im = b"q 612 0 0 792 0 0 cm /Im0 Do Q";
    let with_im = "<< /XObject << /Im0 5 0 R >> >>";

    // Image dimensions that disagree with the filter's parameters.
    // CCITT: 1 pixel wide, 100,000 rows, rows of 100,000 columns (10 GB if the buffer followed
    // /Columns); Group 4, every bit a "vertical 0" code: one row per bit.
    let mut objs = raw_page_objects(draw_im, with_im);
    objs.push((
        5,
        image_object(
            "/Width 1 /Height 100000 /BitsPerComponent 1 /ColorSpace /DeviceGray /Filter /CCITTFaxDecode \
             /DecodeParms << /K -1 /Columns 100000 /Rows 100000 /EndOfBlock false >>",
            &vec![0xFF; 12_500],
        ),
    ));
    files.push((
        "ccitt-columns-wider-than-width.pdf",
        raw_pdf_with_xref_stream(&objs, 6, plain_xref),
    ));

    // Flate with a PNG predictor whose /Columns and /Colors make rows far wider than the image.
    let mut objs = raw_page_objects(draw_im, with_im);
    let rows: Vec<u8> = std::iter::repeat_n(0u8, 40_000_000).collect();
    objs.push((
        5,
        image_object(
            "/Width 8 /Height 8 /BitsPerComponent 8 /ColorSpace /DeviceRGB /Filter /FlateDecode \
             /DecodeParms << /Predictor 15 /Columns 10000000 /Colors 4 /BitsPerComponent 16 >>",
            &deflate(&rows),
        ),
    ));
    files.push((
        "flate-predictor-columns.pdf",
        raw_pdf_with_xref_stream(&objs, 6, plain_xref),
    ));

    // A JPEG whose frame header says 65,000 × 65,000 inside an image declared 16 × 16.
    let mut jpeg = vec![
        0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0xFD, 0xE8, 0xFD, 0xE8, 0x01, 0x01, 0x11, 0x00,
    ];
    jpeg.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]);
    jpeg.extend(std::iter::repeat_n(0u8, 4096));
    jpeg.extend_from_slice(&[0xFF, 0xD9]);
    let mut objs = raw_page_objects(draw_im, with_im);
    objs.push((
        5,
        image_object(
            "/Width 16 /Height 16 /BitsPerComponent 8 /ColorSpace /DeviceGray /Filter /DCTDecode",
            &jpeg,
        ),
    ));
    files.push((
        "jpeg-frame-larger-than-image.pdf",
        raw_pdf_with_xref_stream(&objs, 6, plain_xref),
    ));

    // JBIG2 and JPEG 2000 images declaring 60,000 × 60,000 pixels (page images a renderer would
    // decode for OCR).
    for (name, filter, data) in [
        (
            "jbig2-huge-page.pdf",
            "/JBIG2Decode",
            // A page-information segment for a 60,000 × 60,000 page, then end of page.
            vec![
                0, 0, 0, 0, 0x30, 0x00, 0x01, 0, 0, 0, 0x13, 0, 0, 0xEA, 0x60, 0, 0, 0xEA, 0x60, 0,
                0, 0, 0, 0, 0, 0, 0, 0x01, 0, 0, 0, 0, 1, 0x31, 0, 0x01, 0, 0, 0, 0,
            ],
        ),
        (
            "jpx-huge.pdf",
            "/JPXDecode",
            // A codestream: SOC, SIZ for 60,000 × 60,000, one component, then garbage.
            {
                let mut j = vec![0xFF, 0x4F, 0xFF, 0x51, 0x00, 0x29, 0x00, 0x00];
                for v in [60_000u32, 60_000, 0, 0, 60_000, 60_000, 0, 0] {
                    j.extend_from_slice(&v.to_be_bytes());
                }
                j.extend_from_slice(&[0x00, 0x01, 0x07, 0x01, 0x01]);
                j.extend(std::iter::repeat_n(0x55u8, 2048));
                j
            },
        ),
    ] {
        let mut objs = raw_page_objects(draw_im, with_im);
        objs.push((
            5,
            image_object(
                &format!("/Width 60000 /Height 60000 /BitsPerComponent 1 /ColorSpace /DeviceGray /Filter {filter}"),
                &data,
            ),
        ));
        files.push((name, raw_pdf_with_xref_stream(&objs, 6, plain_xref)));
    }

    // One text-show of 16 million characters, Flate-compressed to a few kilobytes, on one page
    // and on four pages sharing the stream.
    let mut show = b"BT /F1 1 Tf 0 0 Td (".to_vec();
    show.extend(std::iter::repeat_n(b'a', 16_000_000));
    show.extend_from_slice(b") Tj ET");
    let packed = deflate(&show);
    for (name, pages) in [("huge-text-show.pdf", 1), ("huge-text-show-4-pages.pdf", 4)] {
        let kids: String = (0..pages).map(|i| format!("{} 0 R ", 10 + i)).collect();
        let mut objs = vec![
            (1, b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()),
            (
                2,
                format!("<< /Type /Pages /Kids [{kids}] /Count {pages} >>").into_bytes(),
            ),
            (4, flate_stream(&packed)),
            (
                5,
                b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
            ),
        ];
        for i in 0..pages {
            objs.push((
                10 + i,
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
                    .to_vec(),
            ));
        }
        files.push((
            name,
            raw_pdf_with_xref_stream(&objs, 10 + pages, plain_xref),
        ));
    }

    // One operator with 30 million operands before it (60 MB of numbers, Flate-packed): a parser
    // that gathers operands before the operator holds them all.
    {
        let mut content = b"BT /F1 12 Tf ".to_vec();
        content.extend(b"0 ".repeat(30_000_000));
        content.extend_from_slice(b"Tj ET");
        let packed = deflate(&content);
        let mut objs = raw_page_objects(b"", "<< >>");
        objs[3] = (4, flate_stream(&packed));
        files.push((
            "operand-run-30-million.pdf",
            raw_pdf_with_xref_stream(&objs, 5, plain_xref),
        ));
    }

    // A chain of 2,000 Form XObjects, each drawing the next twice (2^2000 paintings if followed).
    {
        let mut objs = raw_page_objects(b"/X0 Do", "<< /XObject << /X0 10 0 R >> >>");
        for i in 0..2000u32 {
            let next = 10 + i + 1;
            let body = format!("/X{} Do /X{} Do 0 0 m 5 5 l S", i + 1, i + 1);
            objs.push((
                10 + i,
                format!(
                    "<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /XObject << /X{} {next} 0 R >> >> /Length {} >>\nstream\n{body}\nendstream",
                    i + 1,
                    body.len()
                )
                .into_bytes(),
            ));
        }
        files.push((
            "form-chain-2000.pdf",
            raw_pdf_with_xref_stream(&objs, 2011, plain_xref),
        ));
    }

    // Huge arrays and dictionaries: written out (a 4 MB array of 2 million numbers, a dictionary
    // of 200,000 keys) and packed in an object stream (60 MB of numbers from a 70 KB file).
    // (Written out, an array costs lopdf about 60 bytes of memory for each byte of file while it
    // is parsed, before anything can refuse it: the README's limits say so.)
    {
        let mut objs = raw_page_objects(b"BT ET", "<< /Big 5 0 R /Dict 6 0 R >>");
        let mut arr = b"[".to_vec();
        arr.extend(std::iter::repeat_n(&b"0 "[..], 2_000_000).flatten());
        arr.push(b']');
        objs.push((5, arr));
        let mut dict = b"<<".to_vec();
        for i in 0..200_000 {
            dict.extend_from_slice(format!("/K{i} {i} ").as_bytes());
        }
        dict.extend_from_slice(b">>");
        objs.push((6, dict));
        files.push((
            "huge-array-and-dict.pdf",
            raw_pdf_with_xref_stream(&objs, 7, plain_xref),
        ));
    }
    {
        let mut big = b"[".to_vec();
        big.extend(std::iter::repeat_n(&b"0 "[..], 30_000_000).flatten());
        big.push(b']');
        let mut objs = raw_page_objects(b"BT ET", "<< /Big 6 0 R >>");
        objs.push((5, object_stream(&[(6, big)], None)));
        files.push((
            "object-stream-huge-array.pdf",
            raw_pdf_with_xref_stream(&objs, 7, |n, offsets| {
                if n == 6 {
                    (2, 5, 0)
                } else {
                    plain_xref(n, offsets)
                }
            }),
        ));
    }

    // Object streams that point at themselves: one whose /Extends is itself and whose xref entry
    // says it lives inside itself, and two that extend each other.
    {
        let mut objs = raw_page_objects(b"BT ET", "<< /A 6 0 R /B 8 0 R >>");
        objs.push((
            5,
            object_stream(&[(6, b"<< /Deep 5 0 R >>".to_vec())], Some(5)),
        ));
        objs.push((7, object_stream(&[(8, b"[7 0 R 9 0 R]".to_vec())], Some(9))));
        objs.push((9, object_stream(&[(10, b"42".to_vec())], Some(7))));
        files.push((
            "object-stream-self-reference.pdf",
            raw_pdf_with_xref_stream(&objs, 11, |n, offsets| match n {
                5 => (2, 5, 0),
                6 => (2, 5, 0),
                8 => (2, 7, 0),
                10 => (2, 9, 0),
                _ => plain_xref(n, offsets),
            }),
        ));
    }

    // A cross-reference stream of 9 million entries (63 MB of rows, a few hundred KB packed).
    files.push((
        "xref-stream-9-million-entries.pdf",
        raw_pdf_with_xref_stream(&raw_page_objects(b"BT ET", "<< >>"), 9_000_000, plain_xref),
    ));

    // A Flate bomb in an image: 1 KB that inflates to 1 GB.
    {
        let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        let chunk = vec![0u8; 1 << 20];
        for _ in 0..1024 {
            enc.write_all(&chunk).unwrap();
        }
        let bomb = enc.finish().unwrap();
        let mut objs = raw_page_objects(draw_im, with_im);
        objs.push((
            5,
            image_object(
                "/Width 30000 /Height 30000 /BitsPerComponent 8 /ColorSpace /DeviceRGB /Filter /FlateDecode",
                &bomb,
            ),
        ));
        files.push((
            "flate-bomb-image.pdf",
            raw_pdf_with_xref_stream(&objs, 6, plain_xref),
        ));
    }

    // A page tree with a cycle two levels down: Pages 2 → Pages 5 → Pages 2.
    {
        let mut objs = raw_page_objects(b"BT /F1 12 Tf 72 700 Td (loop) Tj ET", "<< >>");
        objs[1] = (
            2,
            b"<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 3 >>".to_vec(),
        );
        objs.push((
            5,
            b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 3 0 R] /Count 2 >>".to_vec(),
        ));
        files.push((
            "page-tree-cycle-deep.pdf",
            raw_pdf_with_xref_stream(&objs, 6, plain_xref),
        ));
    }

    files
}

/// 100,000 tiny pages, packed in object streams (a few hundred kilobytes on disk).
pub fn many_tiny_pages() -> (&'static str, Vec<u8>) {
    let plain_xref = |n: u32, offsets: &std::collections::HashMap<u32, usize>| match offsets.get(&n)
    {
        Some(&o) => (1, u32::try_from(o).unwrap(), 0),
        None => (0, 0, 0xFFFF),
    };
    {
        const PAGES: u32 = 100_000;
        const PER_STREAM: u32 = 1000;
        let first_page = 100;
        let kids: String = (0..PAGES)
            .map(|i| format!("{} 0 R ", first_page + i))
            .collect();
        let mut objs = vec![
            (1, b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()),
            (
                2,
                format!("<< /Type /Pages /Kids [{kids}] /Count {PAGES} >>").into_bytes(),
            ),
            (
                3,
                b"<< /Length 38 >>\nstream\nBT /F1 9 Tf 72 700 Td (Page) Tj ET    \nendstream"
                    .to_vec(),
            ),
            (
                4,
                b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
            ),
        ];
        let streams = PAGES / PER_STREAM;
        let first_stream = first_page + PAGES;
        for s in 0..streams {
            let inner: Vec<(u32, Vec<u8>)> = (0..PER_STREAM)
                .map(|k| {
                    (
                        first_page + s * PER_STREAM + k,
                        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 3 0 R /Resources << /Font << /F1 4 0 R >> >> >>".to_vec(),
                    )
                })
                .collect();
            objs.push((first_stream + s, object_stream(&inner, None)));
        }
        (
            "100000-tiny-pages.pdf",
            raw_pdf_with_xref_stream(&objs, first_stream + streams, |n, offsets| {
                if (first_page..first_stream).contains(&n) {
                    let k = n - first_page;
                    (
                        2,
                        first_stream + k / PER_STREAM,
                        u16::try_from(k % PER_STREAM).unwrap(),
                    )
                } else {
                    plain_xref(n, offsets)
                }
            }),
        )
    }
}
