//! Leaks in a file's history: a page redacted by an incremental update (box drawn, text taken out
//! of the new content) still has its old content in the file, before the last `%%EOF`.

use lopdf::dictionary;

use crate::common;

/// The page's content streams as two revisions: `before` saved normally, then an incremental
/// update appended that gives the page the content `after`.
fn updated(before: &str, after: &str) -> Vec<u8> {
    let mut doc = lopdf::Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let content = doc.add_object(lopdf::Stream::new(
        dictionary! {},
        before.as_bytes().to_vec(),
    ));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        "Contents" => content,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
    });
    doc.objects.insert(
        pages_id,
        lopdf::Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let prev: usize = text
        .rsplit("startxref")
        .next()
        .and_then(|t| t.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    // The update: a new content stream and the page pointing at it.
    let new_content = doc.max_id + 1;
    let size = new_content + 1;
    let content_at = bytes.len();
    bytes.extend_from_slice(
        format!(
            "{new_content} 0 obj\n<< /Length {} >>\nstream\n{after}\nendstream\nendobj\n",
            after.len()
        )
        .as_bytes(),
    );
    let page_at = bytes.len();
    bytes.extend_from_slice(
        format!(
            "{} 0 obj\n<< /Type /Page /Parent {} 0 R /MediaBox [0 0 612 792] /Contents {new_content} 0 R /Resources << /Font << /F1 {} 0 R >> >> >>\nendobj\n",
            page.0, pages_id.0, font.0
        )
        .as_bytes(),
    );
    let xref_at = bytes.len();
    bytes.extend_from_slice(
        format!(
            "xref\n0 1\n0000000000 65535 f \n{} 1\n{page_at:010} 00000 n \n{new_content} 1\n{content_at:010} 00000 n \ntrailer\n<< /Size {size} /Root {} 0 R /Prev {prev} >>\nstartxref\n{xref_at}\n%%EOF\n",
            page.0, catalog.0
        )
        .as_bytes(),
    );
    bytes
}

const LINE: &str =
    "BT /F1 12 Tf 72 700 Td (The ambassador approved transfer 4417 on Monday.) Tj ET";
/// A black box over "approved transfer 4417" (x 150..305 at 12 pt Helvetica from x 72).
const BOX: &str = "0 0 0 rg 148 696 160 14 re f";

fn analyse(bytes: &[u8], name: &str) -> serde_json::Value {
    let dir = common::temp_dir(&format!("revisions-{name}"));
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let out = common::run_dossier(
        &[
            "analyze",
            "--json",
            "--ocr",
            "never",
            path.to_str().unwrap(),
        ],
        None,
    );
    serde_json::from_str(&out).unwrap()
}

fn leaks(v: &serde_json::Value) -> Vec<(String, String)> {
    v["files"][0]["redactions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| {
            Some((
                r["leaked_text"].as_str()?.to_string(),
                r["leak_found_in"]
                    .as_str()
                    .unwrap_or("the page")
                    .to_string(),
            ))
        })
        .collect()
}

#[test]
fn text_removed_by_an_incremental_update_leaks_from_the_earlier_revision() {
    // The update keeps the start and end of the line and draws the box where the words were.
    let after = format!(
        "BT /F1 12 Tf 72 700 Td (The ambassador) Tj ET BT /F1 12 Tf 310 700 Td (on Monday.) Tj ET {BOX}"
    );
    let v = analyse(&updated(LINE, &after), "updated.pdf");
    let found = leaks(&v);
    assert_eq!(found.len(), 1, "{found:?}");
    let (text, place) = &found[0];
    assert!(text.contains("transfer 4417"), "{text}");
    assert!(
        !text.contains("ambassador"),
        "only what lay under the box: {text}"
    );
    assert_eq!(place, "earlier revision 1 of 2");
}

#[test]
fn an_update_that_moves_the_text_or_changes_nothing_there_leaks_nothing() {
    // The words under the box in the first revision are printed elsewhere in the second.
    let moved = format!(
        "BT /F1 12 Tf 72 650 Td (The ambassador approved transfer 4417 on Monday.) Tj ET {BOX}"
    );
    assert!(leaks(&analyse(&updated(LINE, &moved), "moved.pdf")).is_empty());
    // The box was there from the start, over nothing, in both revisions.
    let boxed = format!("BT /F1 12 Tf 72 650 Td (Nothing under the box.) Tj ET {BOX}");
    let stamped = format!("{boxed} BT /F1 8 Tf 500 30 Td (A-2021-00012 - 000001) Tj ET");
    assert!(leaks(&analyse(&updated(&boxed, &stamped), "stamped.pdf")).is_empty());
    // Saved once: no history to read.
    let once = updated(LINE, &after_box_only());
    let cut = once
        .windows(5)
        .position(|w| w == b"%%EOF")
        .map(|p| p + 5)
        .unwrap();
    assert!(leaks(&analyse(&once[..cut], "once.pdf")).is_empty());
}

fn after_box_only() -> String {
    BOX.to_string()
}
