//! The scanned sample (`samples/scanned.pdf`): reproducible from its generator, its truth coherent
//! with its images and text layers.

use lopdf::content::Content;
use lopdf::{Document, Object, ObjectId};
use serde_json::Value;

use crate::common;

#[allow(dead_code, clippy::all)]
#[path = "../samples/make_scanned.rs"]
mod make_scanned;

/// A page's image: (width, height, bits per component, one byte per pixel, 0 = black) and the
/// `cm` it is drawn with (a, d, e, f).
struct PageImage {
    w: usize,
    h: usize,
    bpc: i64,
    px: Vec<u8>,
    cm: [f64; 4],
}

fn num(o: &Object) -> f64 {
    match o {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => f64::from(*r),
        other => panic!("not a number: {other:?}"),
    }
}

fn page_content(doc: &Document, id: ObjectId) -> Content {
    Content::decode(&doc.get_page_content(id)).unwrap()
}

fn page_image(doc: &Document, id: ObjectId) -> PageImage {
    let content = page_content(doc, id);
    let cm = content
        .operations
        .iter()
        .find(|op| op.operator == "cm")
        .expect("the image's cm");
    let cm = [
        num(&cm.operands[0]),
        num(&cm.operands[3]),
        num(&cm.operands[4]),
        num(&cm.operands[5]),
    ];
    let (resources, _) = doc.get_page_resources(id).unwrap();
    let xobjects = resources
        .unwrap()
        .get(b"XObject")
        .unwrap()
        .as_dict()
        .unwrap();
    let im = doc
        .get_object(xobjects.get(b"Im0").unwrap().as_reference().unwrap())
        .unwrap()
        .as_stream()
        .unwrap();
    let w = im.dict.get(b"Width").unwrap().as_i64().unwrap() as usize;
    let h = im.dict.get(b"Height").unwrap().as_i64().unwrap() as usize;
    let bpc = im.dict.get(b"BitsPerComponent").unwrap().as_i64().unwrap();
    assert_eq!(
        im.dict.get(b"ColorSpace").unwrap().as_name().unwrap(),
        b"DeviceGray"
    );
    let data = im.decompressed_content().unwrap();
    let px = match bpc {
        8 => {
            assert_eq!(data.len(), w * h);
            data
        }
        1 => {
            let stride = w.div_ceil(8);
            assert_eq!(data.len(), stride * h);
            (0..h)
                .flat_map(|r| (0..w).map(move |c| (r, c)))
                .map(|(r, c)| {
                    if data[r * stride + c / 8] & (0x80 >> (c % 8)) != 0 {
                        255
                    } else {
                        0
                    }
                })
                .collect()
        }
        other => panic!("BitsPerComponent {other}"),
    };
    PageImage { w, h, bpc, px, cm }
}

fn page_ids(doc: &Document) -> Vec<ObjectId> {
    doc.get_pages().values().copied().collect()
}

fn bbox(v: &Value) -> [f64; 4] {
    let a = v.as_array().unwrap();
    [0, 1, 2, 3].map(|i| a[i].as_f64().unwrap())
}

/// Regenerating gives the committed truth byte for byte, and a PDF with the same pages, the same
/// text layers and the same images up to anti-aliasing (which may differ between CPUs): at most
/// 0.5% of any page's pixels differ. Run `cargo run --example make_scanned` after a change.
#[test]
fn scanned_generator_reproduces_the_committed_files() {
    let root = common::root();
    let generated = make_scanned::generate(&root);
    let mut fresh_pdf = None;
    for (name, bytes) in generated {
        let committed = std::fs::read(common::sample(&name)).unwrap();
        if name.ends_with(".pdf") {
            fresh_pdf = Some((committed, bytes));
        } else {
            assert!(
                committed == bytes,
                "samples/{name} differs from the generator's output: run `cargo run --example make_scanned`"
            );
        }
    }
    let (committed, fresh) = fresh_pdf.expect("the generator writes scanned.pdf");
    if committed == fresh {
        return;
    }
    let (a, b) = (
        Document::load_mem(&committed).unwrap(),
        Document::load_mem(&fresh).unwrap(),
    );
    let (pa, pb) = (page_ids(&a), page_ids(&b));
    assert_eq!(pa.len(), pb.len(), "page count");
    for (n, (ia, ib)) in pa.into_iter().zip(pb).enumerate() {
        let n = n + 1;
        assert_eq!(
            a.get_page_content(ia),
            b.get_page_content(ib),
            "page {n}: content (text layer) differs"
        );
        let (x, y) = (page_image(&a, ia), page_image(&b, ib));
        assert_eq!((x.w, x.h, x.bpc), (y.w, y.h, y.bpc), "page {n}: image");
        let differ =
            x.px.iter()
                .zip(&y.px)
                .filter(|(p, q)| p.abs_diff(**q) > 32)
                .count();
        assert!(
            differ * 200 <= x.px.len(),
            "page {n}: {differ} of {} pixels differ",
            x.px.len()
        );
    }
}

/// Every redaction box lies on its page and is dark on the image (grey 130-180 when `grey`);
/// pages without a text layer have no text operators, pages with one draw it invisibly (`3 Tr`),
/// one word per run as the truth lists them; the layer made before the boxes is the one that leaks.
#[test]
fn scanned_truth_is_consistent() {
    let truth = common::read_json(&common::sample("scanned.truth.json"));
    assert_eq!(truth["file"], "scanned.pdf");
    let doc = Document::load(common::sample("scanned.pdf")).unwrap();
    let ids = page_ids(&doc);
    let pages = truth["pages"].as_array().unwrap();
    assert_eq!(ids.len(), pages.len());

    let mut images = Vec::new();
    for (p, id) in pages.iter().zip(&ids) {
        let n = p["number"].as_u64().unwrap();
        let media: Vec<f64> = doc
            .get_dictionary(*id)
            .unwrap()
            .get(b"MediaBox")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(num)
            .collect();
        assert_eq!(media, bbox(&p["media_box"]).to_vec(), "page {n}: media box");
        let size = if media[2] < 600.0 { "a4" } else { "letter" };
        assert_eq!(p["page_size"], size, "page {n}");

        let image = page_image(&doc, *id);
        let enc = if image.bpc == 1 { "1bit" } else { "8bit" };
        assert_eq!(p["encoding"], enc, "page {n}");
        // The image covers the page at 150 dpi.
        assert!((image.cm[0] - image.w as f64 * 0.48).abs() < 0.01);
        assert!((image.cm[1] - image.h as f64 * 0.48).abs() < 0.01);
        assert!(image.cm[0] >= media[2] && image.cm[1] >= media[3] - 0.1);

        let ops = page_content(&doc, *id).operations;
        let shows: Vec<_> = ops
            .iter()
            .filter(|op| ["Tj", "TJ", "'", "\""].contains(&op.operator.as_str()))
            .collect();
        let runs = p["runs"].as_array().unwrap();
        match p["text_layer"].as_str().unwrap() {
            "none" => {
                assert!(
                    ops.iter()
                        .all(|op| !["BT", "ET", "Tj", "TJ", "Tf", "Tr"]
                            .contains(&op.operator.as_str())),
                    "page {n}: text operators on an image-only page"
                );
                assert!(runs.is_empty());
            }
            "ocr_after_boxes" | "ocr_before_boxes" => {
                assert!(
                    ops.iter()
                        .any(|op| op.operator == "Tr" && op.operands.first().map(num) == Some(3.0)),
                    "page {n}: no 3 Tr"
                );
                assert_eq!(shows.len(), runs.len(), "page {n}: one Tj per word");
                assert!(!runs.is_empty());
            }
            other => panic!("page {n}: text layer {other}"),
        }
        images.push(image);
    }

    let mut grey = 0;
    let mut leaks = 0;
    for r in truth["redactions"].as_array().unwrap() {
        let n = r["page"].as_u64().unwrap() as usize;
        let p = &pages[n - 1];
        if let Some(leak) = r["leaked_text"].as_str() {
            leaks += 1;
            assert_eq!(p["text_layer"], "ocr_before_boxes", "page {n}: leak {leak}");
            let layer: Vec<&str> = p["runs"]
                .as_array()
                .unwrap()
                .iter()
                .map(|w| w["text"].as_str().unwrap())
                .collect();
            assert!(layer.join(" ").contains(leak), "page {n}: {leak}");
        }
        if r["kind"] != "image" {
            continue;
        }
        let b = bbox(&r["bbox"]);
        let media = bbox(&p["media_box"]);
        assert!(
            b[0] >= media[0] && b[1] >= media[1] && b[2] <= media[2] && b[3] <= media[3],
            "page {n}: {b:?} outside the page"
        );
        // The mean inside the box, one point in from its edges.
        let im = &images[n - 1];
        let (sx, sy) = (im.w as f64 / im.cm[0], im.h as f64 / im.cm[1]);
        let c0 = ((b[0] + 1.0 - im.cm[2]) * sx).ceil() as usize;
        let c1 = ((b[2] - 1.0 - im.cm[2]) * sx).floor() as usize;
        let r0 = ((im.cm[1] + im.cm[3] - (b[3] - 1.0)) * sy).ceil() as usize;
        let r1 = ((im.cm[1] + im.cm[3] - (b[1] + 1.0)) * sy).floor() as usize;
        let (mut sum, mut count) = (0u64, 0u64);
        for row in r0..r1 {
            for col in c0..c1 {
                sum += u64::from(im.px[row * im.w + col]);
                count += 1;
            }
        }
        assert!(count > 0, "page {n}: empty box {b:?}");
        let mean = sum as f64 / count as f64;
        // A box with its code written inside in white is a little lighter.
        let labelled = p["words"].as_array().unwrap().iter().any(|w| {
            w["text"].as_str().unwrap().starts_with("s.") && {
                let wb = bbox(&w["bbox"]);
                let (cx, cy) = ((wb[0] + wb[2]) / 2.0, (wb[1] + wb[3]) / 2.0);
                cx > b[0] && cx < b[2] && cy > b[1] && cy < b[3]
            }
        });
        if r["grey"] == true {
            grey += 1;
            assert_eq!(
                p["encoding"], "8bit",
                "page {n}: a grey box needs grey levels"
            );
            assert!(
                (130.0..=180.0).contains(&mean),
                "page {n}: grey box {b:?} has mean {mean}"
            );
        } else {
            let limit = if labelled { 90.0 } else { 20.0 };
            assert!(mean <= limit, "page {n}: box {b:?} has mean {mean}");
        }
    }
    assert!((2..=3).contains(&grey), "{grey} grey boxes");
    assert!(leaks >= 2, "{leaks} leaks");
    let before: Vec<_> = pages
        .iter()
        .filter(|p| p["text_layer"] == "ocr_before_boxes")
        .collect();
    assert_eq!(before.len(), 1, "exactly one page OCRed before its boxes");
}
