//! Leaks outside the page's text (issue 15, item 7): `/ActualText` and `/Alt`, form fields,
//! annotations, bookmarks, metadata, attachments, text in the box's own colour or clipped away;
//! and the estimated length of what a box on a line hides. Each source: a leak found, with where
//! it was found, and an ordinary file where nothing leaks.

use lopdf::{Object, dictionary};

use dossier::redactions::{Redaction, RedactionKind};
use dossier::{Options, analysis::NoProgress};

use crate::common::pdfgen::{self, DocExtras, Extras, rect, text};

/// "Transfer approved for" ends at x 187.4 (12 pt Helvetica from 72); the box is drawn from 192
/// to 292 over the name the update took out; "on Monday morning." starts at 297.
fn line() -> String {
    format!(
        "{}{}",
        text(72.0, 700.0, 12.0, "Transfer approved for"),
        text(297.0, 700.0, 12.0, "on Monday morning.")
    )
}

const BOX: (f64, f64, f64, f64) = (192.0, 696.0, 292.0, 710.0);

fn black_box() -> String {
    rect(BOX.0, BOX.1, BOX.2, BOX.3, 0.0)
}

fn redactions(pdf: &[u8]) -> Vec<Redaction> {
    dossier::analyze_bytes(
        std::path::Path::new("hidden.pdf"),
        pdf,
        &Options::default(),
        &NoProgress,
    )
    .unwrap()
    .redactions
}

/// The leaks: (leaked text, where found).
fn leaks(pdf: &[u8]) -> Vec<(String, Option<String>)> {
    redactions(pdf)
        .into_iter()
        .filter_map(|r| Some((r.leaked_text?, r.leak_found_in)))
        .collect()
}

fn one_leak(pdf: &[u8], want_text: &str, want_place: &str) {
    let found = leaks(pdf);
    assert_eq!(found.len(), 1, "{found:?}");
    let (t, place) = &found[0];
    assert!(t.contains(want_text), "{found:?}");
    assert_eq!(place.as_deref(), Some(want_place), "{found:?}");
}

fn no_leak(pdf: &[u8]) {
    let found = leaks(pdf);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn actual_text_of_what_the_box_replaced_leaks() {
    // The redaction tool drew the box inside the span whose /ActualText is the name.
    let content = format!(
        "{}/Span <</ActualText (Jane Doe)>> BDC {}EMC\n",
        line(),
        black_box()
    );
    one_leak(
        &pdfgen::page(&content, Extras::default()),
        "Jane Doe",
        "actual_text",
    );
    // /Alt in the properties, named through the page's /Properties resources, counts too.
    let content = format!("{}/Figure /P0 BDC {}EMC\n", line(), black_box());
    let pdf = pdfgen::page(&content, Extras::default());
    let with_props = add_page_properties(
        &pdf,
        dictionary! { "P0" => dictionary! { "Alt" => Object::string_literal("Signature of Jane Doe") } },
    );
    one_leak(&with_props, "Signature of Jane Doe", "alt_text");
}

#[test]
fn actual_text_outside_any_box_or_saying_what_the_page_shows_is_no_leak() {
    // The span stands for the visible words on the left; the box covers nothing.
    let content = format!(
        "/Span <</ActualText (Transfer approved for)>> BDC {}EMC {}{}",
        text(72.0, 700.0, 12.0, "Transfer approved for"),
        text(297.0, 700.0, 12.0, "on Monday morning."),
        black_box()
    );
    no_leak(&pdfgen::page(&content, Extras::default()));
    // A span over the box that only labels it.
    let content = format!(
        "{}/Span <</ActualText (REDACTED)>> BDC {}EMC\n",
        line(),
        black_box()
    );
    no_leak(&pdfgen::page(&content, Extras::default()));
}

#[test]
fn alternate_text_of_a_structure_element_under_the_box_leaks() {
    let content = format!("{}/Figure <</MCID 0>> BDC {}EMC\n", line(), black_box());
    let pdf = pdfgen::document(
        &content,
        Extras::default(),
        DocExtras {
            struct_alt: vec![("Figure", "Signature of Jane Doe", 0)],
            ..Default::default()
        },
    );
    one_leak(&pdf, "Signature of Jane Doe", "alt_text");
    // The same element owning content elsewhere on the page: no leak at the box.
    let content = format!(
        "{}/Figure <</MCID 0>> BDC {}EMC {}",
        line(),
        rect(72.0, 500.0, 172.0, 540.0, 0.6),
        black_box()
    );
    let pdf = pdfgen::document(
        &content,
        Extras::default(),
        DocExtras {
            struct_alt: vec![("Figure", "Signature of Jane Doe", 0)],
            ..Default::default()
        },
    );
    no_leak(&pdf);
}

fn widget(r: [f64; 4], value: &str, tooltip: Option<&str>) -> lopdf::Dictionary {
    let mut d = dictionary! {
        "Type" => "Annot", "Subtype" => "Widget", "FT" => "Tx", "T" => Object::string_literal("name"),
        "Rect" => r.iter().map(|v| Object::from(*v)).collect::<Vec<_>>(),
        "V" => Object::string_literal(value),
    };
    if let Some(t) = tooltip {
        d.set("TU", Object::string_literal(t));
    }
    d
}

#[test]
fn a_form_field_under_the_box_leaks_its_value() {
    let pdf = pdfgen::page(
        &format!("{}{}", line(), black_box()),
        Extras {
            annots: vec![widget([194.0, 698.0, 290.0, 709.0], "Jane Doe", None)],
            ..Default::default()
        },
    );
    one_leak(&pdf, "Jane Doe", "form_field");
}

#[test]
fn a_form_field_elsewhere_is_no_leak() {
    let pdf = pdfgen::page(
        &format!("{}{}", line(), black_box()),
        Extras {
            annots: vec![widget(
                [72.0, 500.0, 200.0, 515.0],
                "Jane Doe",
                Some("Applicant's name"),
            )],
            ..Default::default()
        },
    );
    no_leak(&pdf);
}

#[test]
fn a_note_under_the_box_leaks_its_contents_and_a_redaction_mark_its_label_does_not() {
    let note = dictionary! {
        "Type" => "Annot", "Subtype" => "Text",
        "Rect" => vec![200.into(), 698.into(), 220.into(), 708.into()],
        "Contents" => Object::string_literal("Called Jane Doe about the permit"),
    };
    let pdf = pdfgen::page(
        &format!("{}{}", line(), black_box()),
        Extras {
            annots: vec![note],
            ..Default::default()
        },
    );
    one_leak(&pdf, "Called Jane Doe", "annotation");

    // A /Redact mark over nothing, with its overlay text and reason: no leak.
    let mark = dictionary! {
        "Type" => "Annot", "Subtype" => "Redact",
        "Rect" => vec![192.into(), 696.into(), 292.into(), 710.into()],
        "OverlayText" => Object::string_literal("s.19(1)"),
        "Contents" => Object::string_literal("Personal information"),
    };
    let found = redactions(&pdfgen::page(
        &line(),
        Extras {
            annots: vec![mark.clone()],
            ..Default::default()
        },
    ));
    let r = found
        .iter()
        .find(|r| r.kind == RedactionKind::Annotation)
        .unwrap();
    assert_eq!(r.leaked_text, None, "{r:?}");
    // The same mark not applied, over live text: the page's own leak, as before.
    let live = format!("{}{}", line(), text(196.0, 700.0, 12.0, "Jane Doe Smith"));
    let found = redactions(&pdfgen::page(
        &live,
        Extras {
            annots: vec![mark],
            ..Default::default()
        },
    ));
    let r = found
        .iter()
        .find(|r| r.kind == RedactionKind::Annotation)
        .unwrap();
    assert!(
        r.leaked_text
            .as_deref()
            .is_some_and(|t| t.contains("Jane Doe")),
        "{r:?}"
    );
    assert_eq!(r.leak_found_in, None);
}

#[test]
fn a_bookmark_pointing_at_the_box_leaks_its_title() {
    // A heading redacted whole; its bookmark still names it.
    let content = format!(
        "{}{}{}",
        rect(72.0, 736.0, 260.0, 754.0, 0.0),
        text(265.0, 740.0, 9.0, "s.19\\(1\\)"),
        line()
    );
    let pdf = pdfgen::document(
        &content,
        Extras::default(),
        DocExtras {
            outlines: vec![("Jane Doe complaint file", Some(756.0))],
            ..Default::default()
        },
    );
    one_leak(&pdf, "Jane Doe complaint file", "bookmark");
}

#[test]
fn a_bookmark_equal_to_the_heading_or_pointing_elsewhere_is_no_leak() {
    let content = format!(
        "{}{}{}",
        text(72.0, 740.0, 14.0, "Quarterly Report"),
        line(),
        black_box()
    );
    let pdf = pdfgen::document(
        &content,
        Extras::default(),
        DocExtras {
            // The heading as shown; a bookmark to the page as a whole; one without destination.
            outlines: vec![
                ("Quarterly Report", Some(756.0)),
                ("Annex B", Some(792.0)),
                ("Draft notes", None),
            ],
            // A loop in the outline list: read once, no hang.
            outline_loop: true,
            ..Default::default()
        },
    );
    no_leak(&pdf);
}

#[test]
fn metadata_repeating_the_redacted_line_leaks_the_gap() {
    let pdf = pdfgen::document(
        &format!("{}{}", line(), black_box()),
        Extras::default(),
        DocExtras {
            info: vec![("Title", "Transfer approved for Jane Doe on Monday morning.")],
            ..Default::default()
        },
    );
    one_leak(&pdf, "Jane Doe", "metadata");
    let (t, _) = &leaks(&pdf)[0];
    assert_eq!(t, "Jane Doe");

    let xmp = r#"<?xpacket begin=""?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description><dc:description><rdf:Alt><rdf:li xml:lang="x-default">Transfer approved for Jane Doe on Monday morning.</rdf:li></rdf:Alt></dc:description></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="r"?>"#;
    let pdf = pdfgen::document(
        &format!("{}{}", line(), black_box()),
        Extras::default(),
        DocExtras {
            xmp: Some(xmp.to_string()),
            ..Default::default()
        },
    );
    one_leak(&pdf, "Jane Doe", "metadata");
}

#[test]
fn ordinary_metadata_is_no_leak() {
    let pdf = pdfgen::document(
        &format!(
            "{}{}{}",
            text(72.0, 740.0, 14.0, "Quarterly Report"),
            line(),
            black_box()
        ),
        Extras::default(),
        DocExtras {
            info: vec![
                ("Title", "Quarterly Report"),
                ("Author", "Jane Doe"),
                ("Subject", "Transfer approved for on Monday morning."),
                ("Keywords", "permits, transfers, Monday"),
            ],
            ..Default::default()
        },
    );
    no_leak(&pdf);
}

#[test]
fn an_attached_text_file_repeating_the_line_leaks_the_gap() {
    let pdf = pdfgen::document(
        &format!("{}{}", line(), black_box()),
        Extras::default(),
        DocExtras {
            attachments: vec![(
                "notes.txt",
                Some("Meeting notes"),
                b"Notes.\nTransfer approved for Jane Doe on Monday morning.\nNext steps.\n",
            )],
            ..Default::default()
        },
    );
    one_leak(&pdf, "Jane Doe", "attachment");
    // A binary attachment, and a text one that says nothing of the line.
    let pdf = pdfgen::document(
        &format!("{}{}", line(), black_box()),
        Extras::default(),
        DocExtras {
            attachments: vec![
                ("scan.png", None, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
                (
                    "readme.txt",
                    Some("About this release"),
                    b"Released under the Act.\n",
                ),
            ],
            ..Default::default()
        },
    );
    no_leak(&pdf);
}

/// A paper-clip note on the page (`/FileAttachment` annotation) whose file repeats the line.
fn with_file_attachment_annotation(pdf: &[u8], data: &[u8]) -> Vec<u8> {
    let mut doc = lopdf::Document::load_mem(pdf).unwrap();
    let file = doc.add_object(lopdf::Stream::new(
        dictionary! { "Type" => "EmbeddedFile" },
        data.to_vec(),
    ));
    let spec = doc.add_object(dictionary! {
        "Type" => "Filespec", "F" => Object::string_literal("minutes.txt"),
        "EF" => dictionary! { "F" => file },
    });
    let annot = doc.add_object(dictionary! {
        "Type" => "Annot", "Subtype" => "FileAttachment", "FS" => spec,
        "Rect" => vec![500.into(), 700.into(), 520.into(), 720.into()],
        "Name" => "PushPin",
    });
    let page_id = *doc.get_pages().values().next().unwrap();
    let page = doc.get_object_mut(page_id).unwrap().as_dict_mut().unwrap();
    let mut annots = page
        .get(b"Annots")
        .ok()
        .and_then(|a| a.as_array().ok().cloned())
        .unwrap_or_default();
    annots.push(annot.into());
    page.set("Annots", annots);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn a_file_attached_to_the_page_repeating_the_line_leaks_the_gap() {
    let page = pdfgen::page(&format!("{}{}", line(), black_box()), Extras::default());
    let pdf = with_file_attachment_annotation(
        &page,
        b"Minutes.\nTransfer approved for Jane Doe on Monday morning.\n",
    );
    one_leak(&pdf, "Jane Doe", "attachment");
    // An attached file that says nothing of the line.
    let pdf = with_file_attachment_annotation(&page, b"Agenda for the meeting.\n");
    no_leak(&pdf);
}

#[test]
fn text_in_the_box_colour_on_the_box_leaks_and_a_white_label_does_not() {
    // Black on black, painted after the box, inside it.
    let content = format!(
        "{}{}{}",
        line(),
        black_box(),
        text(196.0, 700.0, 12.0, "Jane Doe Smith")
    );
    one_leak(
        &pdfgen::page(&content, Extras::default()),
        "Jane Doe Smith",
        "same_colour",
    );
    // A white code label on the box.
    let content = format!(
        "{}{}BT 1 g /F1 9 Tf 220 700 Td (s.19\\(1\\)) Tj ET\n",
        line(),
        black_box()
    );
    let found = redactions(&pdfgen::page(&content, Extras::default()));
    let b: Vec<&Redaction> = found
        .iter()
        .filter(|r| r.kind == RedactionKind::Box)
        .collect();
    assert_eq!(b.len(), 1, "{found:?}");
    assert_eq!(b[0].leaked_text, None);
    assert_eq!(b[0].codes, vec!["19(1)"]);
}

#[test]
fn text_clipped_away_under_the_box_leaks() {
    // White text over the box, but clipped to a square elsewhere: never painted.
    let content = format!(
        "{}{}q 400 400 10 10 re W n BT 1 g /F1 12 Tf 196 700 Td (Jane Doe Smith) Tj ET Q\n",
        line(),
        black_box()
    );
    one_leak(
        &pdfgen::page(&content, Extras::default()),
        "Jane Doe Smith",
        "clipped",
    );
}

#[test]
fn a_box_on_a_line_estimates_how_many_characters_it_hides() {
    let found = redactions(&pdfgen::page(
        &format!("{}{}", line(), black_box()),
        Extras::default(),
    ));
    let b = found.iter().find(|r| r.kind == RedactionKind::Box).unwrap();
    let [lo, hi] = b.estimated_chars.unwrap();
    // 100 pt over Helvetica 12 pt's mean glyph width (about 6 pt): some 16 characters.
    assert!(
        (8..=16).contains(&lo) && (16..=30).contains(&hi),
        "{lo}..{hi}"
    );
    assert_eq!(b.leaked_text, None);

    // A box on its own, no text beside it: no estimate.
    let found = redactions(&pdfgen::page(
        &format!(
            "{}{}{}",
            line(),
            rect(72.0, 600.0, 300.0, 640.0, 0.0),
            text(310.0, 620.0, 9.0, "s.19(1)")
        ),
        Extras::default(),
    ));
    let b = found.iter().find(|r| r.kind == RedactionKind::Box).unwrap();
    assert_eq!(b.estimated_chars, None, "{b:?}");
}

#[test]
fn json_and_csv_say_where_the_leak_was_found() {
    let pdf = pdfgen::page(
        &format!("{}{}", line(), black_box()),
        Extras {
            annots: vec![widget([194.0, 698.0, 290.0, 709.0], "Jane Doe", None)],
            ..Default::default()
        },
    );
    let dir = crate::common::temp_dir("hidden-leaks-export");
    let path = dir.join("field.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let p = path.to_str().unwrap();
    let json: serde_json::Value = serde_json::from_str(&crate::common::run_dossier(
        &["analyze", "--json", "--ocr", "never", p],
        None,
    ))
    .unwrap();
    let r = &json["files"][0]["redactions"][0];
    assert_eq!(r["leaked_text"], "Jane Doe");
    assert_eq!(r["leak_found_in"], "form_field");
    let csv = crate::common::run_dossier(&["export", "--format", "log", p], None);
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let headers = rows.headers().unwrap().clone();
    let col = headers.iter().position(|h| h == "leak_found_in").unwrap();
    let row = rows.records().next().unwrap().unwrap();
    assert_eq!(&row[col], "form_field");
    let summary = crate::common::run_dossier(&["analyze", "--ocr", "never", p], None);
    assert!(
        summary.contains("in a form field under the box"),
        "{summary}"
    );
}

/// The page's resources with `/Properties` added.
fn add_page_properties(pdf: &[u8], props: lopdf::Dictionary) -> Vec<u8> {
    let mut doc = lopdf::Document::load_mem(pdf).unwrap();
    let page_id = *doc.get_pages().get(&1).unwrap();
    let page = doc.get_object_mut(page_id).unwrap().as_dict_mut().unwrap();
    let res = page.get_mut(b"Resources").unwrap().as_dict_mut().unwrap();
    res.set("Properties", props);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn a_structure_tree_that_loops_is_read_once() {
    let content = format!("{}/Figure <</MCID 0>> BDC {}EMC\n", line(), black_box());
    let pdf = pdfgen::document(
        &content,
        Extras::default(),
        DocExtras {
            struct_alt: vec![("Figure", "Signature of Jane Doe", 0)],
            ..Default::default()
        },
    );
    // The element's kids: its marked content, then the element itself.
    let mut doc = lopdf::Document::load_mem(&pdf).unwrap();
    let elem = doc
        .objects
        .iter()
        .find(|(_, o)| {
            o.as_dict().is_ok_and(|d| {
                d.get(b"S")
                    .is_ok_and(|s| s.as_name().is_ok_and(|n| n == b"Figure"))
            })
        })
        .map(|(id, _)| *id)
        .unwrap();
    doc.get_object_mut(elem)
        .unwrap()
        .as_dict_mut()
        .unwrap()
        .set("K", vec![Object::Integer(0), elem.into()]);
    let mut looped = Vec::new();
    doc.save_to(&mut looped).unwrap();
    one_leak(&looped, "Signature of Jane Doe", "alt_text");
}
