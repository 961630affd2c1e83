//! Builds a scanned version of the sample production: `samples/scanned.pdf` and
//! `samples/scanned.truth.json`, as the release would come back from "print, redact, scan".
//!
//! `cargo run --example make_scanned` rewrites them from the committed `samples/production.pdf`
//! and `samples/production.truth.json` (run `make_samples` first after changing those);
//! `tests/scanned_samples.rs` checks that the output matches the committed files (the truth byte
//! for byte, the page images within a small tolerance: hayro's anti-aliasing may differ by a grey
//! level between CPUs). Everything is deterministic: no clock, no OS randomness.
//!
//! Each page of the production is rendered by hayro at 150 dpi; every redaction box is painted
//! solid (the unapplied `/Redact` annotation of the last page too, which hayro does not draw), a
//! few boxes light grey; the page gets a deterministic speckle and is stored as one image XObject:
//! a 1-bit bilevel image (threshold 160), or 8-bit grey on a 245 paper where a grey box must stay
//! grey. No skew: every coordinate of the truth is exact. One page is placed on an A4 canvas.
//!
//! Text layers, as a production mixes them: none (image only); an invisible OCR layer made after
//! the boxes (text render mode 3, one `Tj` per word in Helvetica, `Tz` so that its advance matches
//! the word's box; words under boxes absent); and on one page an OCR layer made before the boxes
//! were drawn, so the words under the boxes are in the file: those leak.
//!
//! The words and their boxes come from the sample generator's own runs (`make_samples.rs`, per
//! char boxes), checked against `production.truth.json`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use dossier::pdf::fonts::{glyph_to_char, standard14, tables};
use lopdf::{Document, Object, Stream, dictionary};
use serde_json::{Value, json};

#[allow(dead_code, clippy::all)]
#[path = "make_samples.rs"]
mod make_samples;

/// Scan resolution.
const DPI: f64 = 150.0;
/// One pixel in PDF points (0.48).
const PX: f64 = 72.0 / DPI;
const LETTER: [f64; 2] = [612.0, 792.0];
const A4: [f64; 2] = [595.0, 842.0];
/// The A4 canvas in pixels (its image is drawn 595.2 x 841.92 pt: exactly 150 dpi).
const A4_PX: [usize; 2] = [1240, 1754];
/// Where the letter raster's top-left pixel lands on the A4 canvas (18 px cropped on the left,
/// 52 px of paper above): every letter coordinate moves by (-8.64, +24.96) pt.
const A4_OFFSET: [i64; 2] = [-18, 52];
/// The bilevel threshold: darker is black.
const THRESHOLD: u8 = 160;
/// Light grey boxes (62% luminance).
const GREY: u8 = 158;
/// The paper of the 8-bit pages.
const PAPER: f64 = 245.0;
/// Dark specks per page.
const SPECKS: usize = 14;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Layer {
    /// Image only.
    None,
    /// Invisible OCR text made after the boxes: nothing under a box.
    After,
    /// Invisible OCR text made before the boxes: the words under them are there (leaks).
    Before,
}

impl Layer {
    fn name(self) -> &'static str {
        match self {
            Layer::None => "none",
            Layer::After => "ocr_after_boxes",
            Layer::Before => "ocr_before_boxes",
        }
    }
}

struct Plan {
    layer: Layer,
    a4: bool,
    /// Indexes, among the page's box and annotation redactions in truth order, painted grey.
    grey: &'static [usize],
}

const fn plan(layer: Layer, a4: bool, grey: &'static [usize]) -> Plan {
    Plan { layer, a4, grey }
}

/// Page by page. Pages with a grey box are stored as 8-bit grey, the others as 1-bit.
const PLAN: [Plan; 12] = [
    plan(Layer::After, false, &[]),  // 1  Anand e-mail
    plan(Layer::Before, false, &[]), // 2  two leaky boxes: the OCR layer leaks them
    plan(Layer::None, false, &[0]),  // 3  French e-mail; the grey s.21(1)(a) box, lightened
    plan(Layer::After, true, &[]),   // 4  A4
    plan(Layer::None, false, &[2]),  // 5  memo; first s.20(1)(b) box grey
    plan(Layer::After, false, &[]),  // 6  memo, second page (its leaky box is now solid)
    plan(Layer::None, false, &[]),   // 7  withheld pages 7-9
    plan(Layer::After, false, &[0]), // 8  Garneau; its s.21(1)(a) box grey
    plan(Layer::None, false, &[]),   // 9  not relevant
    plan(Layer::After, false, &[]),  // 10 duplicate
    plan(Layer::None, false, &[]),   // 11 the original scan
    plan(Layer::None, false, &[]),   // 12 the /Redact annotation, now burnt in
];

/// The e-mail on the original scanned page (page 11), which a reader of the scan can see.
fn page11_document() -> Value {
    json!({"kind": "email", "first_page": 11, "last_page": 11, "from": "Jean-Marc Lévesque",
        "to": ["Shalini Anand"], "cc": [], "date": "2020-10-27", "time": "08:02",
        "subject": "Handwritten notes - call with the company", "quoted_in": null})
}

fn r2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

fn r3(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

/// A small fixed-seed PRNG (splitmix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

// ---------------------------------------------------------------------------------------------
// Words

#[derive(Clone, Debug)]
struct Word {
    text: String,
    bbox: [f64; 4],
    /// A code label drawn on its box (white on black): visible, and drawn with the box.
    label: bool,
}

fn centre_inside(b: &[f64; 4], r: &[f64; 4]) -> bool {
    let (cx, cy) = ((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0);
    cx >= r[0] && cx <= r[2] && cy >= r[1] && cy <= r[3]
}

/// The words of `runs`, boxes from the char boxes.
fn words(runs: &[make_samples::Run], boxes: &[[f64; 4]]) -> Vec<Word> {
    let mut out = Vec::new();
    for r in runs {
        let label = r.text.starts_with("s.") && boxes.iter().any(|b| centre_inside(&r.bbox, b));
        let mut cur: Option<(String, f64, f64)> = None;
        for (c, (x0, x1)) in r.text.chars().zip(&r.xs) {
            if c.is_whitespace() {
                if let Some((t, a, b)) = cur.take() {
                    out.push(Word {
                        text: t,
                        bbox: [a, r.bbox[1], b, r.bbox[3]].map(r2),
                        label,
                    });
                }
            } else if let Some(w) = &mut cur {
                w.0.push(c);
                w.2 = *x1;
            } else {
                cur = Some((c.to_string(), *x0, *x1));
            }
        }
        if let Some((t, a, b)) = cur {
            out.push(Word {
                text: t,
                bbox: [a, r.bbox[1], b, r.bbox[3]].map(r2),
                label,
            });
        }
    }
    out
}

fn under_a_box(w: &Word, boxes: &[[f64; 4]]) -> bool {
    boxes.iter().any(|b| centre_inside(&w.bbox, b))
}

fn reading_order(ws: &mut [Word]) {
    ws.sort_by(|a, b| {
        (-a.bbox[3], a.bbox[0])
            .partial_cmp(&(-b.bbox[3], b.bbox[0]))
            .unwrap()
    });
}

// ---------------------------------------------------------------------------------------------
// The invisible OCR layer: Helvetica, WinAnsi

fn winansi(c: char) -> u8 {
    (0u16..256)
        .find_map(|code| {
            let name = tables::WIN_ANSI_ENCODING[code as usize];
            (glyph_to_char(name) == Some(c)).then_some(code as u8)
        })
        .unwrap_or_else(|| panic!("{c:?} is not in WinAnsi"))
}

/// `BT 3 Tr ... ET`: one `Tj` per word, its advance scaled (`Tz`) to the word's box, its size
/// such that Helvetica's ascent - descent is the box's height.
fn ocr_layer(ws: &[Word]) -> String {
    let helv = standard14::lookup("Helvetica").expect("Helvetica metrics");
    let (asc, desc) = (f64::from(helv.ascent), f64::from(helv.descent));
    let mut ops = String::from("BT\n3 Tr\n");
    for w in ws {
        let [x0, y0, x1, y1] = w.bbox;
        let size = r3((y1 - y0) * 1000.0 / (asc - desc));
        let base = r3(y0 - desc * size / 1000.0);
        let mut hex = String::new();
        let mut natural = 0.0;
        for c in w.text.chars() {
            let code = winansi(c);
            let name = tables::WIN_ANSI_ENCODING[code as usize];
            natural += f64::from(helv.width(name).unwrap_or(556)) * size / 1000.0;
            write!(hex, "{code:02X}").unwrap();
        }
        let tz = r3(100.0 * (x1 - x0) / natural);
        writeln!(
            ops,
            "/F1 {size} Tf {tz} Tz 1 0 0 1 {x0} {base} Tm <{hex}> Tj"
        )
        .unwrap();
    }
    ops.push_str("ET\n");
    ops
}

// ---------------------------------------------------------------------------------------------
// Raster

/// Page `index` of `pdf` rendered at 150 dpi, 8-bit luminance.
fn render(pdf: &hayro::hayro_syntax::Pdf, index: usize) -> (usize, usize, Vec<u8>) {
    // A hair above 150/72: hayro floors the pixmap size, and 792 x 150/72 in f32 is 1649.9999.
    let s = (DPI / 72.0) as f32 + 1e-5;
    let (w, h, luma) = make_samples::render_luma(pdf, index, s);
    let gray = luma.into_iter().map(|v| v.round() as u8).collect();
    (w as usize, h as usize, gray)
}

/// Fills a box (letter page points) of a letter raster.
fn fill(w: usize, h: usize, px: &mut [u8], b: &[f64; 4], v: u8) {
    let c0 = (b[0] / PX).round().max(0.0) as usize;
    let c1 = ((b[2] / PX).round() as usize).min(w);
    let r0 = ((LETTER[1] - b[3]) / PX).round().max(0.0) as usize;
    let r1 = (((LETTER[1] - b[1]) / PX).round() as usize).min(h);
    for r in r0..r1 {
        px[r * w + c0..r * w + c1].fill(v);
    }
}

/// The letter raster on an A4 canvas of white paper.
fn on_a4(w: usize, h: usize, px: &[u8], paper: u8) -> (usize, usize, Vec<u8>) {
    let [aw, ah] = A4_PX;
    let mut out = vec![paper; aw * ah];
    for (r, row) in out.chunks_mut(aw).enumerate() {
        let sr = r as i64 - A4_OFFSET[1];
        if sr < 0 || sr >= h as i64 {
            continue;
        }
        for (c, v) in row.iter_mut().enumerate() {
            let sc = c as i64 - A4_OFFSET[0];
            if sc >= 0 && sc < w as i64 {
                *v = px[sr as usize * w + sc as usize];
            }
        }
    }
    (aw, ah, out)
}

/// A few isolated dark specks (1x1 or 2x2 pixels).
fn speckle(w: usize, h: usize, px: &mut [u8], seed: u64) {
    let mut rng = Rng(seed);
    for _ in 0..SPECKS {
        let (c, r) = (8 + rng.below(w - 16), 8 + rng.below(h - 16));
        let v = rng.below(60) as u8;
        let big = rng.below(3) == 0;
        px[r * w + c] = v;
        if big {
            px[r * w + c + 1] = v;
            px[(r + 1) * w + c] = v;
            px[(r + 1) * w + c + 1] = v;
        }
    }
}

/// 1 bit per pixel, rows padded to a byte, 1 = white.
fn bilevel(w: usize, h: usize, px: &[u8]) -> Vec<u8> {
    let stride = w.div_ceil(8);
    let mut out = vec![0u8; stride * h];
    for r in 0..h {
        for c in 0..w {
            if px[r * w + c] >= THRESHOLD {
                out[r * stride + c / 8] |= 0x80 >> (c % 8);
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Generation

fn shift(b: [f64; 4], d: [f64; 2]) -> [f64; 4] {
    [b[0] + d[0], b[1] + d[1], b[2] + d[0], b[3] + d[1]].map(r2)
}

fn as_box(v: &Value) -> Option<[f64; 4]> {
    let a = v.as_array()?;
    Some([0, 1, 2, 3].map(|i| a[i].as_f64().unwrap()))
}

fn word_json(ws: &[Word], font: bool, d: [f64; 2]) -> Vec<Value> {
    ws.iter()
        .map(|w| {
            if font {
                json!({"text": w.text, "bbox": shift(w.bbox, d), "font": "Helvetica"})
            } else {
                json!({"text": w.text, "bbox": shift(w.bbox, d)})
            }
        })
        .collect()
}

/// Generates `scanned.pdf` and `scanned.truth.json` from the committed production: (file name,
/// bytes).
pub fn generate(root: &Path) -> Vec<(String, Vec<u8>)> {
    let samples = root.join("samples");
    let production = std::fs::read(samples.join("production.pdf")).expect("samples/production.pdf");
    let truth: Value = serde_json::from_slice(
        &std::fs::read(samples.join("production.truth.json")).expect("production.truth.json"),
    )
    .expect("production truth parses");
    let registry =
        std::fs::read_to_string(samples.join("permits.csv")).expect("samples/permits.csv");

    // The generator's runs, with their char boxes; they must be the committed truth's.
    let (_, tt) = make_samples::load_dejavu(root);
    let fonts = make_samples::Fonts {
        tt,
        used_gids: std::cell::RefCell::new(BTreeMap::new()),
    };
    let g = make_samples::Gen { fonts: &fonts };
    let (scan_page, scan_boxes) = make_samples::scan_source(&g);
    let built = make_samples::build_pages(&g, Some((1, 1, vec![255])), &scan_boxes);
    let tpages = truth["pages"].as_array().unwrap();
    assert_eq!(built.len(), tpages.len());
    assert_eq!(built.len(), PLAN.len());
    for (p, t) in built.iter().zip(tpages) {
        let truth_runs = t["runs"].as_array().unwrap();
        if t["scanned"].as_bool() == Some(true) {
            continue;
        }
        assert_eq!(p.runs.len(), truth_runs.len(), "page {}", t["number"]);
        for (r, tr) in p.runs.iter().zip(truth_runs) {
            assert_eq!(tr["text"].as_str(), Some(r.text.as_str()));
            assert_eq!(as_box(&tr["bbox"]), Some(r.bbox.map(r2)), "{}", r.text);
        }
    }

    let all_reds = truth["redactions"].as_array().unwrap();
    let pdf = hayro::hayro_syntax::Pdf::new(production).expect("production.pdf parses");

    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let mut kids = Vec::new();
    let mut out_pages = Vec::new();
    let mut out_reds = Vec::new();
    let mut visible_text = Vec::new();

    for (i, (page, plan)) in built.iter().zip(&PLAN).enumerate() {
        let n = i as u64 + 1;
        let original = i == 10;
        let reds: Vec<&Value> = all_reds
            .iter()
            .filter(|r| r["page"].as_u64() == Some(n))
            .collect();
        // Every box of the page, and which of them are box/annotation redactions (grey candidates).
        let boxes: Vec<[f64; 4]> = reds
            .iter()
            .filter(|r| matches!(r["kind"].as_str(), Some("box" | "annotation" | "image")))
            .filter_map(|r| as_box(&r["bbox"]))
            .collect();
        let runs = if original {
            &scan_page.runs
        } else {
            &page.runs
        };
        let all_words = words(runs, &boxes);
        let visible: Vec<Word> = all_words
            .iter()
            .filter(|w| w.label || !under_a_box(w, &boxes))
            .cloned()
            .collect();
        let layer: Vec<Word> = match plan.layer {
            Layer::None => Vec::new(),
            Layer::After => visible.clone(),
            Layer::Before => all_words.iter().filter(|w| !w.label).cloned().collect(),
        };
        visible_text.push(
            visible
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        );

        // The raster.
        let eight_bit = !plan.grey.is_empty();
        let (w, h, mut px) = render(&pdf, i);
        assert_eq!((w, h), (1275, 1650), "page {n} at 150 dpi");
        if eight_bit {
            for v in &mut px {
                *v = (f64::from(*v) * PAPER / 255.0).round() as u8;
            }
        }
        let mut painted = 0;
        for r in &reds {
            let kind = r["kind"].as_str().unwrap();
            let Some(b) = as_box(&r["bbox"]) else {
                continue;
            };
            let grey = match kind {
                "box" | "annotation" => {
                    let g = plan.grey.contains(&painted);
                    painted += 1;
                    g
                }
                "image" => false,
                _ => continue,
            };
            // A box with its code written inside in white keeps it.
            if all_words
                .iter()
                .any(|w| w.label && centre_inside(&w.bbox, &b))
            {
                assert!(!grey, "page {n}: a labelled box cannot be grey");
                continue;
            }
            fill(w, h, &mut px, &b, if grey { GREY } else { 0 });
        }
        assert!(
            plan.grey.iter().all(|g| *g < painted),
            "page {n}: grey index"
        );
        let paper = if eight_bit { PAPER as u8 } else { 255 };
        let (w, h, mut px) = if plan.a4 {
            on_a4(w, h, &px, paper)
        } else {
            (w, h, px)
        };
        speckle(w, h, &mut px, 0x5CA7_0000 + n);
        let (data, bpc) = if eight_bit {
            (px, 8)
        } else {
            (bilevel(w, h, &px), 1)
        };
        let mut image = Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Image",
            "Width" => w as i64, "Height" => h as i64, "ColorSpace" => "DeviceGray",
            "BitsPerComponent" => bpc },
            data,
        );
        image.compress().unwrap();
        let image_id = doc.add_object(image);

        // Letter points to A4 points: the canvas is drawn from (0, 0), its rows counted from the
        // top (1754 px = 841.92 pt).
        let d = if plan.a4 {
            [
                A4_OFFSET[0] as f64 * PX,
                (A4_PX[1] as i64 - A4_OFFSET[1]) as f64 * PX - LETTER[1],
            ]
            .map(r2)
        } else {
            [0.0, 0.0]
        };
        let size = if plan.a4 { A4 } else { LETTER };
        let shifted_layer: Vec<Word> = layer
            .iter()
            .map(|w| Word {
                bbox: shift(w.bbox, d),
                ..w.clone()
            })
            .collect();
        let mut content = format!(
            "q {} 0 0 {} 0 0 cm /Im0 Do Q\n",
            r2(w as f64 * PX),
            r2(h as f64 * PX)
        );
        if plan.layer != Layer::None {
            content.push_str(&ocr_layer(&shifted_layer));
        }
        let mut content = Stream::new(dictionary! {}, content.into_bytes());
        content.compress().unwrap();
        let content_id = doc.add_object(content);
        let mut resources = dictionary! { "XObject" => dictionary! { "Im0" => image_id } };
        if plan.layer != Layer::None {
            resources.set("Font", dictionary! { "F1" => font_id });
        }
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), (size[0] as i64).into(), (size[1] as i64).into()],
            "Resources" => resources, "Contents" => content_id,
        });
        kids.push(Object::Reference(page_id));

        // The truth of the page.
        let t = &tpages[i];
        let label = if original {
            // The stamp is on the scanned image: a reader sees it.
            let stamp = visible
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let at = stamp.find("A-2020-00417 - ").expect("page 11 stamp");
            json!(stamp[at..at + 21].to_string())
        } else {
            t["label"].clone()
        };
        out_pages.push(json!({
            "number": n, "label": label, "media_box": [0, 0, size[0] as i64, size[1] as i64],
            "scanned": true, "page_size": if plan.a4 { "a4" } else { "letter" },
            "encoding": if eight_bit { "8bit" } else { "1bit" },
            "text_layer": plan.layer.name(),
            "runs": word_json(&layer, true, d),
            "words": word_json(&visible, false, d),
        }));
        let mut painted = 0;
        for r in &reds {
            let mut r = (*r).clone();
            let kind = r["kind"].as_str().unwrap().to_string();
            let mut grey = false;
            match kind.as_str() {
                "box" | "annotation" => {
                    grey = plan.grey.contains(&painted);
                    painted += 1;
                    let b = as_box(&r["bbox"]).unwrap();
                    let leak = if plan.layer == Layer::Before {
                        let mut under: Vec<Word> = layer
                            .iter()
                            .filter(|w| centre_inside(&w.bbox, &b))
                            .cloned()
                            .collect();
                        reading_order(&mut under);
                        let t = under
                            .iter()
                            .map(|w| w.text.as_str())
                            .collect::<Vec<_>>()
                            .join(" ");
                        assert_eq!(
                            Some(t.as_str()).filter(|t| !t.is_empty()),
                            r["leaked_text"].as_str(),
                            "page {n}: the layer leaks what the production leaked"
                        );
                        (!t.is_empty()).then_some(t)
                    } else {
                        None
                    };
                    if kind == "annotation" {
                        // Its code was only the annotation's overlay text, never printed: the
                        // scan shows a bare box.
                        r["codes"] = json!([]);
                    }
                    r["kind"] = json!("image");
                    r["bbox"] = json!(shift(b, d));
                    r["leaked_text"] = json!(leak);
                }
                "marker" => {
                    r["bbox"] = json!(shift(as_box(&r["bbox"]).unwrap(), d));
                }
                _ => {}
            }
            r["grey"] = json!(grey);
            out_reds.push(r);
        }
    }

    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let info = doc.add_object(dictionary! {
        "Title" => Object::string_literal("A-2020-00417 - release package, scanned (sample)"),
        "Producer" => Object::string_literal("Dossier samples generator (scan)"),
    });
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    doc.trailer.set("Info", info);
    let mut pdf_bytes = Vec::new();
    doc.save_to(&mut pdf_bytes).unwrap();

    let mut notes = vec![
        "Every page is an image (150 dpi); `runs` is the page's invisible OCR layer as an extractor \
         reads it (one run per word, Helvetica, text render mode 3), `words` what is visible on the \
         scan (what an ideal OCR reads)."
            .to_string(),
        "Page 4 is A4: the letter page sits on an A4 canvas (image drawn 595.2 x 841.92 pt, 1240 x \
         1754 px); its boxes are the letter boxes moved by (-8.64, +24.96) pt."
            .to_string(),
        "Page 2's OCR layer was made before the boxes: the words under its two leaky boxes are in \
         it (leaked_text); the white code label inside its third box was drawn with the box, so it \
         is visible (words) but not in that layer."
            .to_string(),
        "Page 11 (the production's scanned page) is readable on the scan: its words, its stamp \
         (label) and its e-mail (documents) are listed, and officials count it."
            .to_string(),
    ];

    // Officials: the pages where a name form is visible.
    let mut officials = Vec::new();
    for o in truth["officials"].as_array().unwrap() {
        let name = o["name"].as_str().unwrap();
        let aliases: Vec<&str> = o["aliases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        let forms: Vec<&str> = std::iter::once(name)
            .chain(aliases.iter().copied())
            .collect();
        let pages: Vec<u64> = (0..visible_text.len())
            .filter(|&i| forms.iter().any(|f| visible_text[i].contains(f)))
            .map(|i| i as u64 + 1)
            .collect();
        let seen: Vec<&str> = aliases
            .iter()
            .copied()
            .filter(|a| visible_text.iter().any(|t| t.contains(a)))
            .collect();
        let was: Vec<u64> = o["pages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_u64().unwrap())
            .collect();
        if pages != was {
            notes.push(format!(
                "officials: {name} on pages {pages:?} (production: {was:?})"
            ));
        }
        if seen != aliases {
            notes.push(format!(
                "officials: {name}'s aliases seen on the scan: {seen:?}"
            ));
        }
        let mut o = o.clone();
        o["pages"] = json!(pages);
        o["aliases"] = json!(seen);
        officials.push(o);
    }

    // Permit links: a number must be visible on its page, a serial of the permit too.
    let mut links = Vec::new();
    for l in truth["permit_links"].as_array().unwrap() {
        let permit = l["permit"].as_str().unwrap();
        let page = l["page"].as_u64().unwrap() as usize;
        let text = &visible_text[page - 1];
        let ok = match l["via"].as_str().unwrap() {
            "number" => text.contains(permit),
            "serial" => registry
                .lines()
                .find(|row| row.starts_with(&format!("{permit},")))
                .and_then(|row| row.split(',').nth(7))
                .is_some_and(|serials| serials.split(';').any(|s| text.contains(s))),
            _ => true,
        };
        if ok {
            links.push(l.clone());
        } else {
            notes.push(format!(
                "permit_links: {permit} on page {page} dropped (not visible on the scan)"
            ));
        }
    }

    let mut documents: Vec<Value> = truth["documents"].as_array().unwrap().clone();
    let at = documents
        .iter()
        .position(|d| d["first_page"].as_u64().unwrap() > 11)
        .unwrap_or(documents.len());
    // The production's truth has it since OCR reads its scanned page; older truths did not.
    if !documents
        .iter()
        .any(|d| d["first_page"].as_u64() == Some(11))
    {
        documents.insert(at, page11_document());
    }

    let out = json!({
        "file": "scanned.pdf", "source": "production.pdf", "request": truth["request"], "dpi": 150,
        "pages": out_pages, "redactions": out_reds, "documents": documents,
        "officials": officials, "permit_links": links, "notes": notes,
    });
    let mut text = serde_json::to_string_pretty(&out).unwrap();
    text.push('\n');
    vec![
        ("scanned.pdf".to_string(), pdf_bytes),
        ("scanned.truth.json".to_string(), text.into_bytes()),
    ]
}

#[allow(dead_code)]
fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for (name, bytes) in generate(&root) {
        let path = root.join("samples").join(&name);
        std::fs::write(&path, &bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        println!("wrote {} ({} bytes)", path.display(), bytes.len());
    }
}
