//! Scanned productions: OCR layers as text, Tesseract where there is none, codes on scans,
//! provenance, the cache, and `--ocr never`. Through the binary (as a reporter runs it) and the
//! library.

use std::path::Path;

use lopdf::{Dictionary, Document, Object, Stream, dictionary};
use serde_json::Value;

use crate::common;

/// `dossier ARGS` with its own OCR cache; stdout as JSON.
fn analyze_json(args: &[&str], cache: &Path) -> Value {
    serde_json::from_str(&common::run_dossier(args, Some(cache))).unwrap()
}

fn tesseract_here() -> bool {
    let ok =
        dossier::ocr::engine_version().is_ok() && Path::new("/usr/share/tesseract-ocr").exists();
    if !ok {
        eprintln!("skipping: Tesseract (tesseract-ocr-eng/-fra) is not installed; run .ci/setup");
    }
    ok
}

fn iou(a: &[f64], b: &[f64]) -> f64 {
    let (x0, y0, x1, y1) = (
        a[0].max(b[0]),
        a[1].max(b[1]),
        a[2].min(b[2]),
        a[3].min(b[3]),
    );
    if x1 <= x0 || y1 <= y0 {
        return 0.0;
    }
    let i = (x1 - x0) * (y1 - y0);
    i / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - i)
}

fn bbox(v: &Value) -> Option<Vec<f64>> {
    v.as_array()
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
}

fn norm(v: &Value) -> String {
    match v {
        Value::Array(a) => {
            let mut s: Vec<String> = a.iter().map(norm).collect();
            s.sort();
            s.join("|")
        }
        Value::Null => String::new(),
        other => other
            .as_str()
            .map_or_else(|| other.to_string(), str::to_string)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase(),
    }
}

/// The scanned sample (page images without and with OCR layers, one layer made before the boxes,
/// grey boxes, small margin codes, an A4 page) reads as well as its truth says a reader can.
#[test]
fn scanned_production_gives_what_a_born_digital_one_gives() {
    if !tesseract_here() {
        return;
    }
    let cache = common::temp_dir("ocr-cache");
    let truth = common::read_json(&common::sample("scanned.truth.json"));
    let v = analyze_json(
        &[
            "analyze",
            "--json",
            "--permits",
            "samples/permits.csv",
            "samples/scanned.pdf",
        ],
        &cache,
    );
    let f = &v["files"][0];
    assert!(f["errors"].as_array().unwrap().is_empty(), "{f}");

    // Redactions: matched by page and box overlap.
    let want = truth["redactions"].as_array().unwrap();
    let got = f["redactions"].as_array().unwrap();
    let mut used = vec![false; got.len()];
    let (mut matched, mut codes_ok, mut codes_total) = (0, 0, 0);
    let (mut leaks_found, mut leaks_total, mut false_leaks) = (0, 0, 0);
    for t in want {
        let hit = got.iter().enumerate().position(|(i, g)| {
            !used[i]
                && g["page"] == t["page"]
                && match (bbox(&t["bbox"]), bbox(&g["bbox"])) {
                    (Some(a), Some(b)) => iou(&a, &b) > 0.5,
                    (None, None) => g["kind"] == t["kind"],
                    _ => false,
                }
        });
        let leaks = !t["leaked_text"].is_null();
        leaks_total += usize::from(leaks);
        let Some(i) = hit else { continue };
        used[i] = true;
        matched += 1;
        let g = &got[i];
        if !t["codes"].as_array().unwrap().is_empty() {
            codes_total += 1;
            codes_ok += usize::from(norm(&t["codes"]) == norm(&g["codes"]));
        }
        if leaks {
            let text = g["leaked_text"].as_str().unwrap_or_default();
            assert_eq!(
                norm(&t["leaked_text"]),
                norm(&Value::from(text)),
                "leak p. {}",
                t["page"]
            );
            leaks_found += 1;
            assert_eq!(g["source"], "ocr", "a leak read from an OCR layer says so");
        } else if !g["leaked_text"].is_null() {
            false_leaks += 1;
        }
    }
    false_leaks += got
        .iter()
        .enumerate()
        .filter(|(i, g)| !used[*i] && !g["leaked_text"].is_null())
        .count();
    let recall = matched as f64 / want.len() as f64;
    let precision = matched as f64 / got.len() as f64;
    assert!(recall >= 0.9, "redaction recall {recall}");
    assert!(precision >= 0.9, "redaction precision {precision}");
    let code_rate = codes_ok as f64 / codes_total as f64;
    assert!(code_rate >= 0.8, "codes {codes_ok}/{codes_total}");
    assert_eq!(leaks_found, leaks_total, "every OCR-layer leak");
    assert!(leaks_total >= 2);
    assert_eq!(false_leaks, 0, "no false leak");
    let grey = want
        .iter()
        .filter(|t| t["grey"] == true)
        .filter(|t| {
            got.iter().any(|g| {
                g["page"] == t["page"]
                    && iou(
                        &bbox(&t["bbox"]).unwrap(),
                        &bbox(&g["bbox"]).unwrap_or_default(),
                    ) > 0.5
            })
        })
        .count();
    assert!(grey >= 2, "grey boxes on scans count as redactions");

    // Header fields of every document.
    let docs = f["documents"].as_array().unwrap();
    let (mut fields, mut fields_ok) = (0, 0);
    for d in truth["documents"].as_array().unwrap() {
        let g = docs.iter().find(|g| g["first_page"] == d["first_page"]);
        for k in ["from", "to", "cc", "date", "subject"] {
            if d[k].is_null() || d[k].as_array().is_some_and(Vec::is_empty) {
                continue;
            }
            fields += 1;
            fields_ok += usize::from(g.is_some_and(|g| norm(&g[k]) == norm(&d[k])));
        }
    }
    assert!(
        fields_ok as f64 >= 0.8 * fields as f64,
        "header fields {fields_ok}/{fields}"
    );

    // People and permit links.
    let names = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|o| norm(&o["name"]))
            .collect()
    };
    let (tn, gn) = (names(&truth["officials"]), names(&f["officials"]));
    let common_people = tn.iter().filter(|n| gn.contains(n)).count() as f64;
    assert!(
        common_people >= 0.8 * tn.len() as f64,
        "people recall: {gn:?}"
    );
    assert!(
        common_people >= 0.8 * gn.len() as f64,
        "people precision: {gn:?}"
    );
    let links = |v: &Value| -> Vec<(u64, String)> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|l| (l["page"].as_u64().unwrap(), norm(&l["permit"])))
            .collect()
    };
    // References found, sure links and candidates alike (the truth does not tell them apart).
    let (tl, gl) = (
        links(&truth["permit_links"]),
        [links(&f["permit_links"]), links(&f["permit_candidates"])].concat(),
    );
    let common_links = tl.iter().filter(|l| gl.contains(l)).count() as f64;
    assert!(common_links >= 0.8 * tl.len() as f64, "link recall: {gl:?}");
    assert!(
        common_links >= 0.8 * gl.len() as f64,
        "link precision: {gl:?}"
    );

    // Page stamps read from the pictures.
    let labels = f["page_labels"].as_array().unwrap();
    let stamped = truth["pages"]
        .as_array()
        .unwrap()
        .iter()
        .zip(labels)
        .filter(|(t, g)| !t["label"].is_null() && norm(&t["label"]) == norm(g))
        .count();
    assert!(stamped >= 11, "stamps read on {stamped} pages: {labels:?}");

    // Provenance: what OCR read says so, with a confidence where Dossier read it.
    let ocr_docs: Vec<&Value> = docs.iter().filter(|d| d["source"] == "ocr").collect();
    assert!(!ocr_docs.is_empty());
    assert!(
        f["officials"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|o| o["mention_list"].as_array().unwrap())
            .any(|m| m["source"] == "ocr" && m["ocr_confidence"].as_f64().is_some_and(|c| c > 0.3))
    );

    // Opening it again costs no OCR: every page read comes from the cache, findings identical.
    let again = analyze_json(
        &[
            "analyze",
            "--json",
            "--permits",
            "samples/permits.csv",
            "samples/scanned.pdf",
        ],
        &cache,
    );
    let g = &again["files"][0];
    for k in [
        "redactions",
        "documents",
        "officials",
        "permit_links",
        "permit_candidates",
        "page_labels",
    ] {
        assert_eq!(g[k], f[k], "{k} differ when read from the cache");
    }
}

/// `--ocr never` reads no picture: image-only pages give no text, and nothing claims OCR except
/// an OCR layer the file itself holds.
#[test]
fn ocr_never_reads_no_picture_and_export_marks_the_source() {
    if !tesseract_here() {
        return;
    }
    let cache = common::temp_dir("ocr-never");
    let v = analyze_json(
        &["analyze", "--json", "--ocr", "never", "samples/scanned.pdf"],
        &cache,
    );
    let truth = common::read_json(&common::sample("scanned.truth.json"));
    let image_only: Vec<u64> = truth["pages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["text_layer"] == "none")
        .map(|p| p["number"].as_u64().unwrap())
        .collect();
    assert!(!image_only.is_empty());
    let docs = v["files"][0]["documents"].as_array().unwrap();
    assert!(
        docs.iter()
            .all(|d| !image_only.contains(&d["first_page"].as_u64().unwrap())),
        "{docs:?}"
    );
    assert!(
        std::fs::read_dir(&cache).map_or(true, |mut d| d.next().is_none()),
        "nothing cached without OCR"
    );

    // The CSV export carries the source of every finding.
    let text = common::run_dossier(
        &["export", "samples/scanned.pdf", "--format", "csv"],
        Some(&cache),
    );
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let headers = rows.headers().unwrap().clone();
    let source = headers.iter().position(|h| h == "source").unwrap();
    let conf = headers.iter().position(|h| h == "ocr_confidence").unwrap();
    let records: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert!(
        records
            .iter()
            .any(|r| &r[source] == "ocr" && r[conf].parse::<f32>().is_ok())
    );
    assert!(records.iter().any(|r| &r[source] == "image"));
}

// ---------------------------------------------------------------------------------------------
// Files in styles the samples do not have.

/// A one-page PDF: an image XObject `pixels` (8-bit grey, `w`×`h`) over the whole page, the
/// given extra content after it, `/Rotate`.
fn image_page(
    w: u32,
    h: u32,
    pixels: Vec<u8>,
    page: [f64; 2],
    rotate: i64,
    extra: &str,
) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let image = doc.add_object(Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => i64::from(w),
        "Height" => i64::from(h), "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
        pixels,
    ));
    let content = format!("q {} 0 0 {} 0 0 cm /Im0 Do Q\n{extra}", page[0], page[1]);
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
    let font = doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "Type1",
    "BaseFont" => "Courier", "Encoding" => "WinAnsiEncoding" });
    let resources: Dictionary = dictionary! {
        "XObject" => dictionary! { "Im0" => image },
        "Font" => dictionary! { "F1" => font },
    };
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        "Resources" => resources, "Rotate" => rotate,
        "MediaBox" => vec![0.into(), 0.into(), page[0].into(), page[1].into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// An A4 scan from another department whose invisible OCR layer (Courier, one text-show per
/// line, as some capture software writes it) was made before one box was drawn and after
/// another: the first leaks its words, the second holds only what the engine made of the black
/// area; the codes are in the layer beside and above the boxes, one misread as OCR does.
#[test]
fn an_ocr_layer_is_text_its_codes_label_boxes_and_words_under_a_box_leak() {
    let (pw, ph) = (595.0, 842.0);
    let (w, h) = (1240u32, 1754u32); // 150 dpi
    let s = 150.0 / 72.0;
    let mut px = vec![250u8; (w * h) as usize];
    // Boxes in PDF points: [x0, y0, x1, y1].
    let leaky = [90.0, 600.0, 300.0, 614.0];
    let sealed = [90.0, 500.0, 260.0, 514.0];
    for b in [leaky, sealed] {
        let (x0, x1) = ((b[0] * s) as u32, (b[2] * s) as u32);
        let (y0, y1) = (((ph - b[3]) * s) as u32, ((ph - b[1]) * s) as u32);
        for y in y0..y1 {
            for x in x0..x1 {
                px[(y * w + x) as usize] = 0;
            }
        }
    }
    // The layer: Courier 10 pt (600/1000 em per glyph), render mode 3.
    let line = |x: f64, y: f64, t: &str| format!("BT 3 Tr /F1 10 Tf {x} {y} Td ({t}) Tj ET\n");
    let mut layer = String::new();
    layer += &line(72.0, 760.0, "DEPARTMENT OF FISHERIES AND OCEANS");
    layer += &line(72.0, 640.0, "Re: Patrol vessel refit");
    // Under the leaky box (x 90..300), made before it was drawn.
    layer += &line(92.0, 603.0, "Kowalczyk Marine bid 4.2M");
    layer += &line(320.0, 603.0, "s.20(1)(c)");
    // Above the sealed box, its code (misread), and what the engine made of the black area.
    layer += &line(92.0, 518.0, "$.2l(1)(a)");
    layer += "BT 3 Tr /F1 10 Tf 95 503 Td 1100 Tz (EN) Tj ET\n";
    let pdf = image_page(w, h, px, [pw, ph], 0, &layer);
    let dir = common::temp_dir("ocr-layer");
    let path = dir.join("dfo-refit.pdf");
    std::fs::write(&path, pdf).unwrap();
    // No Tesseract needed: the layer is in the file.
    let v = analyze_json(
        &[
            "analyze",
            "--json",
            "--ocr",
            "never",
            path.to_str().unwrap(),
        ],
        &dir,
    );
    let reds = v["files"][0]["redactions"].as_array().unwrap();
    let at = |b: [f64; 4]| {
        reds.iter()
            .find(|r| iou(&bbox(&r["bbox"]).unwrap_or_default(), &b) > 0.7)
            .unwrap_or_else(|| panic!("no redaction at {b:?}: {reds:?}"))
    };
    let l = at(leaky);
    assert_eq!(l["kind"], "image");
    assert_eq!(l["codes"], serde_json::json!(["20(1)(c)"]));
    assert_eq!(l["leaked_text"], "Kowalczyk Marine bid 4.2M");
    assert_eq!(l["source"], "ocr");
    let sealed_r = at(sealed);
    assert_eq!(sealed_r["codes"], serde_json::json!(["21(1)(a)"]));
    assert!(sealed_r["leaked_text"].is_null(), "{sealed_r}");
    assert_eq!(reds.len(), 2, "{reds:?}");
}

/// A page scanned sideways and shown upright by `/Rotate 90`: OCR reads it upright and maps
/// every word back to the page, so its header, its people and its box's code are found.
#[test]
fn a_sideways_scan_is_read_upright_with_boxes_in_page_space() {
    if !tesseract_here() {
        return;
    }
    // Draw an upright memo (Courier, another department), render it, turn the picture a
    // quarter-turn anticlockwise and place it on a landscape page with /Rotate 90.
    let text = [
        (700.0, "From: Oyelaran, Adebayo -DND"),
        (684.0, "To: Lindqvist, Maja -DND"),
        (668.0, "Date: March 3, 2021"),
        (652.0, "Subject: Frigate radar maintenance contract"),
        (620.0, "The contractor asked for an extension."),
        (604.0, "The amount is"),
        (604.0 - 16.0, "We will reply next week."),
    ];
    let mut ops = String::new();
    for (y, t) in text {
        ops += &format!("BT /F1 12 Tf 72 {y} Td ({t}) Tj ET\n");
    }
    ops += "0 g 175 601 120 14 re f\nBT /F1 8 Tf 310 604 Td (s.20(1)(b)) Tj ET\n";
    let (rw, rh, gray) = render_gray(image_page(1, 1, vec![255], [612.0, 792.0], 0, &ops), 200.0);
    // Anticlockwise quarter turn: new (x, y) = old (W - 1 - y, x); new size rh × rw.
    let mut turned = vec![255u8; (rw * rh) as usize];
    for y in 0..rw {
        for x in 0..rh {
            let (ox, oy) = (rw - 1 - y, x);
            turned[(y * rh + x) as usize] = gray[(oy * rw + ox) as usize];
        }
    }
    let sideways = image_page(rh, rw, turned, [792.0, 612.0], 90, "");
    let dir = common::temp_dir("ocr-sideways");
    let path = dir.join("dnd-memo.pdf");
    std::fs::write(&path, sideways).unwrap();
    let v = analyze_json(&["analyze", "--json", path.to_str().unwrap()], &dir);
    let f = &v["files"][0];
    let doc = &f["documents"][0];
    assert_eq!(doc["from"], "Adebayo Oyelaran", "{f}");
    assert_eq!(doc["subject"], "Frigate radar maintenance contract");
    assert_eq!(doc["date"], "2021-03-03");
    assert_eq!(doc["source"], "ocr");
    let names: Vec<&str> = f["officials"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Maja Lindqvist"), "{names:?}");
    // The box: upright at x 175..295, y 601..615 of a portrait page; on the landscape page
    // turned back (X = 792 - y, Y = x), that is x 177..191 and y 175..295.
    let reds = f["redactions"].as_array().unwrap();
    assert_eq!(reds.len(), 1, "{reds:?}");
    let b = bbox(&reds[0]["bbox"]).unwrap();
    assert!(iou(&b, &[177.0, 175.0, 191.0, 295.0]) > 0.6, "{b:?}");
    assert_eq!(reds[0]["codes"], serde_json::json!(["20(1)(b)"]));
}

/// Page 1 of `pdf` drawn by hayro in grey at `dpi`: `(width, height, pixels)`.
fn render_gray(pdf: Vec<u8>, dpi: f32) -> (u32, u32, Vec<u8>) {
    let pdf = hayro::hayro_syntax::Pdf::new(pdf).unwrap();
    let s = dpi / 72.0;
    let pix = hayro::render(
        &pdf.pages()[0],
        &hayro::RenderCache::new(),
        &hayro::hayro_interpret::InterpreterSettings::default(),
        &hayro::RenderSettings::default(),
        &hayro::PixmapSettings {
            x_scale: s,
            y_scale: s,
            bg_color: hayro::vello_cpu::color::palette::css::WHITE,
        },
    );
    let gray = pix
        .data_as_u8_slice()
        .chunks(4)
        .map(|p| ((u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2])) / 3) as u8)
        .collect();
    (u32::from(pix.width()), u32::from(pix.height()), gray)
}

/// A scan that release software stamped with a few words of real text (its page stamp, the
/// release notice, a code label): those words do not make it a born-digital page, and the picture
/// is still read, without doubling what the stamped text says.
#[test]
fn a_scan_stamped_with_a_few_words_of_real_text_is_still_read() {
    if !tesseract_here() {
        return;
    }
    let mut ops = String::new();
    for (y, t) in [
        (720.0, "From: Haddad, Rania -ECCC"),
        (704.0, "Sent: June 14, 2022 9:41 AM"),
        (688.0, "To: Moreau, Luc -ECCC"),
        (672.0, "Subject: Pipeline inspection findings"),
        (
            640.0,
            "Inspectors found two corroded welds near the valve station.",
        ),
    ] {
        ops += &format!("BT /F1 12 Tf 72 {y} Td ({t}) Tj ET\n");
    }
    let (w, h, gray) = render_gray(image_page(1, 1, vec![255], [612.0, 792.0], 0, &ops), 200.0);
    let stamped = "BT /F1 8 Tf 330 770 Td (Released under the Access to Information Act) Tj ET\n\
                   BT /F1 9 Tf 430 30 Td (A-2022-01183 - 000042) Tj ET\n";
    let dir = common::temp_dir("ocr-stamped");
    let path = dir.join("eccc-stamped.pdf");
    std::fs::write(&path, image_page(w, h, gray, [612.0, 792.0], 0, stamped)).unwrap();
    let v = analyze_json(&["analyze", "--json", path.to_str().unwrap()], &dir);
    let f = &v["files"][0];
    let doc = &f["documents"][0];
    assert_eq!(doc["from"], "Rania Haddad", "{f}");
    assert_eq!(doc["to"], serde_json::json!(["Luc Moreau"]));
    assert_eq!(doc["subject"], "Pipeline inspection findings");
    assert_eq!(doc["date"], "2022-06-14");
    assert_eq!(doc["source"], "ocr");
    assert_eq!(f["page_labels"][0], "A-2022-01183 - 000042");
}
