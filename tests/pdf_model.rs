//! The page model against PDFs built here with known geometry, and against the samples' truth.

use lopdf::{Document, Object, Stream, dictionary};

use dossier::pdf::{Limits, PageModel, SourcePdf};

use crate::common;

/// One-page PDF with `content` and the given extra resources (a Helvetica /F1 is always there).
fn page_pdf(
    content: &[u8],
    extra_resources: lopdf::Dictionary,
    page_extra: lopdf::Dictionary,
) -> Vec<u8> {
    page_pdf_with(content, |_| (extra_resources, page_extra))
}

/// Like [`page_pdf`], with resources that need indirect objects (streams) made in the document.
fn page_pdf_with(
    content: &[u8],
    make: impl FnOnce(&mut Document) -> (lopdf::Dictionary, lopdf::Dictionary),
) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let (extra_resources, page_extra) = make(&mut doc);
    let pages_id = doc.new_object_id();
    let helv = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let mut fonts = dictionary! { "F1" => helv };
    let mut resources = dictionary! {};
    for (k, v) in extra_resources.iter() {
        if k == b"Font" {
            if let Object::Dictionary(d) = v {
                for (fk, fv) in d.iter() {
                    fonts.set(fk.clone(), fv.clone());
                }
            }
        } else {
            resources.set(k.clone(), v.clone());
        }
    }
    resources.set("Font", fonts);
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.to_vec()));
    let mut page = dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        "Resources" => resources,
    };
    for (k, v) in page_extra.iter() {
        page.set(k.clone(), v.clone());
    }
    let page_id = doc.add_object(page);
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn extract(bytes: &[u8]) -> PageModel {
    SourcePdf::open(bytes, &Limits::default())
        .unwrap()
        .extract_page(1)
}

fn simple(content: &[u8]) -> PageModel {
    extract(&page_pdf(content, dictionary! {}, dictionary! {}))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 0.01
}

fn assert_box(got: [f64; 4], want: [f64; 4]) {
    assert!(
        got.iter().zip(want.iter()).all(|(g, w)| close(*g, *w)),
        "box {got:?} != {want:?}"
    );
}

fn bx(r: &dossier::geometry::Rect) -> [f64; 4] {
    [r.x0, r.y0, r.x1, r.y1]
}

#[test]
fn standard14_run_box_from_the_metrics() {
    let p = simple(b"BT /F1 10 Tf 100 700 Td (Hello) Tj ET");
    assert_eq!(p.runs.len(), 1);
    let r = &p.runs[0];
    assert_eq!(r.text, "Hello");
    assert_eq!(r.font_name, "Helvetica");
    // H 722 + e 556 + l 222 + l 222 + o 556 = 2278; ascent 718, descent -207.
    assert_box(bx(&r.bbox), [100.0, 697.93, 122.78, 707.18]);
    assert_eq!(r.chars.len(), 5);
    assert!(close(f64::from(r.chars[1].x0), 107.22));
    assert!(close(r.font_size, 10.0) && close(r.baseline_y, 700.0));
    assert_eq!(p.lines.len(), 1);
    assert_eq!(p.text(), "Hello\n");
    assert_box(bx(&p.media_box), [0.0, 0.0, 612.0, 792.0]);
}

#[test]
fn tj_kerning_and_word_gaps() {
    let p = simple(b"BT /F1 20 Tf 100 700 Td [(A) 120 (V)] TJ 0 -30 Td [(A) -300 (V)] TJ ET");
    assert_eq!(p.runs[0].text, "AV");
    // A 667 - 120 + V 667 = 1214 thousandths of 20 pt.
    assert!(close(p.runs[0].bbox.x1, 124.28));
    assert_eq!(p.runs[1].text, "A V");
    assert_eq!(p.runs[1].chars.len(), 3);
    assert!(close(
        p.runs[1].bbox.x1,
        100.0 + (667.0 + 300.0 + 667.0) * 0.02
    ));
}

#[test]
fn spacing_and_horizontal_scale() {
    let p = simple(b"BT /F1 10 Tf 50 Tz 1 Tc 5 Tw 100 700 Td (a b) Tj ET");
    let r = &p.runs[0];
    // a: (5.56 + 1) * 0.5; space: (2.78 + 1 + 5) * 0.5; b: (5.56 + 1) * 0.5.
    assert!(
        close(r.bbox.x1 - r.bbox.x0, 3.28 + 4.39 + 3.28),
        "{:?}",
        r.bbox
    );
    assert!(close(f64::from(r.chars[2].x0), 100.0 + 3.28 + 4.39));
}

#[test]
fn line_moves_and_quote_operators() {
    let p = simple(
        b"BT /F1 10 Tf 100 700 Td (one) Tj 0 -12 TD (two) Tj T* (three) Tj (four) ' 2 1 (five) \" ET",
    );
    let baselines: Vec<f64> = p.runs.iter().map(|r| r.baseline_y).collect();
    assert_eq!(baselines, vec![700.0, 688.0, 676.0, 664.0, 652.0]);
    let texts: Vec<&str> = p.lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts, vec!["one", "two", "three", "four", "five"]);
}

#[test]
fn text_matrix_and_ctm() {
    let p = simple(b"q 2 0 0 2 10 20 cm BT /F1 5 Tf 1 0 0 1 30 40 Tm (X) Tj ET Q");
    let r = &p.runs[0];
    assert!(close(r.origin_x, 70.0) && close(r.baseline_y, 100.0));
    assert!(close(r.font_size, 10.0));
    assert!(!r.rotated);
    // A page whose text all runs up the page is read in the frame where it runs left to right.
    let p = simple(b"BT /F1 10 Tf 0 1 -1 0 300 300 Tm (Up) Tj ET");
    assert_eq!(p.turn, 90);
    assert!(!p.runs[0].rotated);
    assert_eq!(p.lines.len(), 1);
    // An invisible layer (OCR of a scan) follows its picture: the page keeps its own frame.
    let p = simple(b"BT 3 Tr /F1 10 Tf 0 1 -1 0 300 300 Tm (Up) Tj ET");
    assert_eq!(p.turn, 0);
    // Beside more upright text, it stays turned, and its line comes after the upright ones.
    let p = simple(
        b"BT /F1 10 Tf 100 700 Td (Upright text) Tj ET BT /F1 10 Tf 0 1 -1 0 300 300 Tm (Up) Tj ET",
    );
    assert_eq!(p.turn, 0);
    assert!(p.runs[1].rotated);
    assert_eq!(p.runs[1].turn, 90);
    let texts: Vec<&str> = p.lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts, vec!["Upright text", "Up"]);
}

#[test]
fn form_xobject_with_matrix_and_own_resources() {
    let bytes = page_pdf_with(b"q /Fm1 Do Q", |doc| {
        let form = Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Form",
                "BBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
                "Matrix" => vec![2.into(), 0.into(), 0.into(), 2.into(), 50.into(), 50.into()],
            },
            b"BT /F1 10 Tf 10 10 Td (X) Tj ET 0 0 5 5 re f".to_vec(),
        );
        let id = doc.add_object(form);
        (
            dictionary! { "XObject" => dictionary! { "Fm1" => id } },
            dictionary! {},
        )
    });
    let p = extract(&bytes);
    assert_eq!(p.runs.len(), 1);
    assert!(close(p.runs[0].origin_x, 70.0) && close(p.runs[0].font_size, 20.0));
    assert_eq!(p.paths.len(), 1);
    assert_box(bx(&p.paths[0].bbox), [50.0, 50.0, 60.0, 60.0]);
    assert_box(bx(&p.paths[0].clip.unwrap()), [50.0, 50.0, 250.0, 250.0]);
    assert!(p.runs[0].seq < p.paths[0].seq);
}

#[test]
fn paths_colours_and_rectangles() {
    let p = simple(
        b"0 0 0 1 k 100 100 50 20 re f \
          100 200 50 20 re 0.5 g f \
          10 10 m 60 10 l 60 30 l 10 30 l h f \
          10 300 m 60 310 l 60 330 l h f \
          1 0 0 RG 2 w 0 400 m 612 400 l S \
          0 0 1 rg /DeviceCMYK cs 0 0 0 0 sc 0 500 10 10 re f",
    );
    assert_eq!(p.paths.len(), 6);
    let fills: Vec<_> = p.paths.iter().map(|s| s.fill).collect();
    assert_eq!(fills[0].unwrap().luminance(), 0.0);
    assert!((fills[1].unwrap().r - 0.5).abs() < 1e-6);
    assert!(p.paths[0].is_rect && p.paths[1].is_rect && p.paths[2].is_rect);
    assert_box(bx(&p.paths[2].rects[0]), [10.0, 10.0, 60.0, 30.0]);
    assert!(!p.paths[3].is_rect);
    assert_eq!(p.paths[4].fill, None);
    assert_eq!(p.paths[4].stroke.unwrap().r, 1.0);
    assert!(close(p.paths[4].line_width, 2.0));
    assert!(p.paths[4].visible.is_some());
    assert_eq!(fills[5].unwrap().luminance(), 1.0);
}

#[test]
fn clipping_hides_text_and_paths() {
    let p = simple(
        b"q 0 0 100 100 re W n BT /F1 10 Tf 200 200 Td (out) Tj ET 150 150 10 10 re f \
          BT /F1 10 Tf 20 20 Td (in) Tj ET Q BT /F1 10 Tf 20 50 Td (free) Tj ET",
    );
    assert_eq!(p.runs.len(), 3);
    assert!(!p.runs[0].is_visible());
    assert!(p.runs[1].is_visible() && p.runs[2].is_visible());
    assert_eq!(p.runs[2].clip, None);
    assert_eq!(p.paths.len(), 1);
    assert_eq!(p.paths[0].visible, None);
    let texts: Vec<&str> = p.lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts, vec!["free", "in"]);
}

#[test]
fn invisible_text_is_kept_with_its_mode() {
    let p = simple(b"BT 3 Tr /F1 10 Tf 100 100 Td (ocr layer) Tj ET");
    assert_eq!(p.runs[0].render_mode, 3);
    assert!(!p.runs[0].is_visible());
    assert_eq!(p.lines[0].text, "ocr layer");
}

#[test]
fn inline_and_xobject_images() {
    let bytes = page_pdf_with(
        b"q 612 0 0 792 0 0 cm /Im1 Do Q q 100 0 0 50 10 20 cm BI /W 2 /H 2 /CS /G /BPC 8 ID \x00\x00\x00\x00 EI Q",
        |doc| {
            // 40×20 gray image: left half black, right half white.
            let mut pixels = Vec::new();
            for _ in 0..20 {
                pixels.extend(std::iter::repeat_n(0u8, 20));
                pixels.extend(std::iter::repeat_n(255u8, 20));
            }
            let mut img = Stream::new(
                dictionary! {
                    "Type" => "XObject", "Subtype" => "Image", "Width" => 40, "Height" => 20,
                    "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
                },
                pixels,
            );
            img.compress().unwrap();
            let id = doc.add_object(img);
            (dictionary! { "XObject" => dictionary! { "Im1" => id } }, dictionary! {})
        },
    );
    let p = extract(&bytes);
    assert_eq!(p.images.len(), 2);
    let scan = &p.images[0];
    assert_eq!((scan.width_px, scan.height_px), (40, 20));
    assert_eq!(scan.filter.as_deref(), Some("FlateDecode"));
    let bm = scan.bitmap.as_ref().expect("page-sized image decoded");
    assert_eq!((bm.width, bm.height), (40, 20));
    assert_eq!(bm.get(5, 5), Some(0));
    assert_eq!(bm.get(35, 5), Some(255));
    let inline = &p.images[1];
    assert_eq!(inline.name, "inline");
    assert_box(bx(&inline.bbox), [10.0, 20.0, 110.0, 70.0]);
    assert!(inline.bitmap.is_none());
    assert!(p.is_scanned());
}

fn type0_resources(doc: &mut Document, to_unicode: &[u8]) -> lopdf::Dictionary {
    let tu = doc.add_object(Stream::new(dictionary! {}, to_unicode.to_vec()));
    let cid = dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "ABCDEF+DejaVuSerif",
        "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Identity"), "Supplement" => 0 },
        "FontDescriptor" => dictionary! { "Type" => "FontDescriptor", "FontName" => "ABCDEF+DejaVuSerif",
            "Ascent" => 760, "Descent" => -240, "Flags" => 4 },
        "DW" => 1000,
        "W" => vec![1.into(), vec![600.into(), 700.into()].into(), 5.into(), 7.into(), 300.into()],
    };
    let font = dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "ABCDEF+DejaVuSerif",
        "Encoding" => "Identity-H", "DescendantFonts" => vec![cid.into()],
        "ToUnicode" => tu,
    };
    dictionary! { "Font" => dictionary! { "F2" => font } }
}

#[test]
fn type0_identity_h_with_tounicode_and_w() {
    let cmap = b"begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange \
        2 beginbfchar <0001> <00C9> <0002> <0074> endbfchar \
        1 beginbfrange <0005> <0007> <0061> endbfrange endcmap";
    let p = extract(&page_pdf_with(
        b"BT /F2 10 Tf 100 700 Td <0001000200050009> Tj ET",
        |doc| (type0_resources(doc, cmap), dictionary! {}),
    ));
    let r = &p.runs[0];
    assert_eq!(r.font_name, "DejaVuSerif");
    assert_eq!(r.text, "Éta");
    // 600 + 700 + 300 + DW 1000 (code 9 unmapped: no char, but it advances).
    assert_box(bx(&r.bbox), [100.0, 697.6, 126.0, 707.6]);
    assert_eq!(r.chars.len(), 3);
}

#[test]
fn differences_and_tounicode_ligatures() {
    let p = extract(&page_pdf_with(
        b"BT /F3 10 Tf 100 700 Td (ABC) Tj /F4 10 Tf 1 0 0 1 100 600 Tm (AB) Tj ET",
        |doc| {
            let tu = doc.add_object(Stream::new(
                dictionary! {},
                b"beginbfchar <41> <00660069> endbfchar".to_vec(),
            ));
            let res = dictionary! { "Font" => dictionary! {
                "F3" => dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
                    "Encoding" => dictionary! { "Type" => "Encoding", "BaseEncoding" => "WinAnsiEncoding",
                        "Differences" => vec![65.into(), Object::Name(b"eacute".to_vec()), Object::Name(b"Aring".to_vec())] } },
                "F4" => dictionary! { "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "Custom",
                    "FirstChar" => 65, "Widths" => vec![500.into(), 600.into()], "ToUnicode" => tu },
            }};
            (res, dictionary! {})
        },
    ));
    assert_eq!(p.runs[0].text, "éÅC");
    // eacute 556 + Aring 667 + C 722 from the standard-14 table.
    assert!(close(p.runs[0].bbox.x1, 100.0 + 19.45));
    assert_eq!(p.runs[1].text, "fiB");
    // The ligature's box is split between its two letters.
    assert!(close(f64::from(p.runs[1].chars[0].x1), 102.5));
    assert!(close(f64::from(p.runs[1].chars[1].x1), 105.0));
}

#[test]
fn annotations_boxes_and_page_geometry() {
    let annot = dictionary! {
        "Type" => "Annot", "Subtype" => "Redact",
        "Rect" => vec![300.into(), 500.into(), 100.into(), 480.into()],
        "QuadPoints" => vec![100.into(), 500.into(), 300.into(), 500.into(), 100.into(), 480.into(), 300.into(), 480.into()],
        "OverlayText" => Object::string_literal("s.19(1)"),
        "Contents" => Object::String(vec![0xFE, 0xFF, 0, b'D', 0, 0xE9], lopdf::StringFormat::Hexadecimal),
        "IC" => vec![0.into(), 0.into(), 0.into()],
    };
    let p = extract(&page_pdf(
        b"",
        dictionary! {},
        dictionary! { "Annots" => vec![annot.into()], "Rotate" => -90,
        "CropBox" => vec![10.into(), 10.into(), 600.into(), 780.into()] },
    ));
    assert_eq!(p.annotations.len(), 1);
    let a = &p.annotations[0];
    assert_eq!(a.subtype, "Redact");
    assert_box(bx(&a.rect), [100.0, 480.0, 300.0, 500.0]);
    assert_eq!(a.quads.len(), 1);
    assert_eq!(a.overlay_text.as_deref(), Some("s.19(1)"));
    assert_eq!(a.contents.as_deref(), Some("Dé"));
    assert_eq!(a.interior_color.unwrap().luminance(), 0.0);
    assert!(!a.has_appearance && !a.hidden);
    assert_eq!(p.rotate, 270);
    assert_box(bx(&p.crop_box), [10.0, 10.0, 600.0, 780.0]);
}

#[test]
fn form_that_draws_itself_stops() {
    let mut doc = Document::with_version("1.7");
    let form_id = doc.new_object_id();
    let form = Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Form",
        "BBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
        "Resources" => dictionary! { "XObject" => dictionary! { "Me" => form_id } } },
        b"0 0 1 1 re f /Me Do".to_vec(),
    );
    doc.objects.insert(form_id, Object::Stream(form));
    let pages_id = doc.new_object_id();
    let content = doc.add_object(Stream::new(dictionary! {}, b"/Me Do".to_vec()));
    let page = doc.add_object(dictionary! { "Type" => "Page", "Parent" => pages_id,
        "Contents" => content, "Resources" => dictionary! { "XObject" => dictionary! { "Me" => form_id } } });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let cat = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", cat);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    let p = extract(&bytes);
    assert_eq!(p.paths.len(), 1);
    assert!(
        p.warnings.iter().any(|w| w.contains("draws itself")),
        "{:?}",
        p.warnings
    );
    assert!(p.warnings.iter().any(|w| w.contains("MediaBox")));
}

/// Every sample page: runs in order, text exact, boxes within 1 pt of the truth.
#[test]
fn samples_match_their_ground_truth() {
    let dir = common::root().join("samples");
    let mut truths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".truth.json"))
        .collect();
    truths.sort();
    assert!(!truths.is_empty(), "no samples/*.truth.json");
    let mut checked_runs = 0;
    for truth_path in truths {
        let truth = common::read_json(&truth_path);
        let pdf = dir.join(truth["file"].as_str().unwrap());
        let bytes = std::fs::read(&pdf).unwrap();
        let src = SourcePdf::open(&bytes, &Limits::default()).unwrap();
        let pages = truth["pages"].as_array().unwrap();
        assert_eq!(src.page_count(), pages.len(), "{}", pdf.display());
        for tp in pages {
            let n = tp["number"].as_u64().unwrap() as u32;
            let page = src.extract_page(n);
            let want = tp["runs"].as_array().unwrap();
            let got: Vec<_> = page.runs.iter().filter(|r| !r.text.is_empty()).collect();
            let diff = || {
                let g: Vec<_> = got.iter().map(|r| (&r.text, bx(&r.bbox))).collect();
                let w: Vec<_> = want.iter().map(|r| (&r["text"], &r["bbox"])).collect();
                format!("{} page {n}:\n got  {g:?}\n want {w:?}", pdf.display())
            };
            assert_eq!(got.len(), want.len(), "run count: {}", diff());
            for (g, w) in got.iter().zip(want) {
                assert_eq!(g.text, w["text"].as_str().unwrap(), "text: {}", diff());
                let wb: Vec<f64> = w["bbox"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_f64().unwrap())
                    .collect();
                let gb = bx(&g.bbox);
                for k in 0..4 {
                    assert!(
                        (gb[k] - wb[k]).abs() <= 1.0,
                        "{} page {n} run {:?}: box {gb:?} vs truth {wb:?}",
                        pdf.display(),
                        g.text
                    );
                }
                checked_runs += 1;
            }
            assert_eq!(
                page.is_scanned(),
                tp["scanned"].as_bool().unwrap_or(false),
                "{} page {n} scanned",
                pdf.display()
            );
        }
    }
    assert!(checked_runs > 100, "only {checked_runs} runs checked");
}

/// Every file of the shared corpus opens to pages or a clean error (no panic, no hang).
#[test]
#[cfg_attr(
    not(dossier_corpus),
    ignore = "needs the shared corpus at ../shared/corpus or $DOSSIER_CORPUS (absent at build time)"
)]
fn corpus_files_extract_without_panic() {
    let corpus = common::corpus();
    let mut stack = vec![corpus];
    let mut files = 0;
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "pdf" || x == "fuzz") {
                let bytes = std::fs::read(&p).unwrap();
                if let Ok(src) = SourcePdf::open(&bytes, &Limits::default()) {
                    for n in 1..=src.page_count().min(30) as u32 {
                        let page = src.extract_page(n);
                        for l in &page.lines {
                            assert_eq!(l.text.chars().count(), l.chars.len(), "{}", p.display());
                        }
                        for r in &page.runs {
                            assert_eq!(r.text.chars().count(), r.chars.len(), "{}", p.display());
                        }
                    }
                }
                files += 1;
            }
        }
    }
    assert!(files > 50, "only {files} corpus files");
}
