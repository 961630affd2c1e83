//! Redactions against the samples' truth (exact) and the real files of the shared corpus.

use std::path::Path;

use dossier::redactions::{Redaction, RedactionKind};
use dossier::{Options, analysis::NoProgress};

use crate::common;

fn analyse(path: &Path) -> Vec<Redaction> {
    dossier::analyze_file(path, &Options::default(), &NoProgress)
        .unwrap_or_else(|e| panic!("{e}"))
        .redactions
}

fn iou(a: [f64; 4], b: [f64; 4]) -> f64 {
    let i =
        ((a[2].min(b[2]) - a[0].max(b[0])).max(0.0)) * ((a[3].min(b[3]) - a[1].max(b[1])).max(0.0));
    let u = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - i;
    if u <= 0.0 { 0.0 } else { i / u }
}

/// Every redaction of the truth found once, with its codes, leak and withheld pages; nothing else.
#[test]
fn samples_every_redaction_code_and_leak() {
    let truth = common::read_json(&common::sample("production.truth.json"));
    let want = truth["redactions"].as_array().unwrap();
    let got = analyse(&common::sample("production.pdf"));
    let mut used = vec![false; got.len()];
    let mut problems = Vec::new();
    for w in want {
        let page = w["page"].as_u64().unwrap() as u32;
        let kind = w["kind"].as_str().unwrap();
        let wbox: Option<[f64; 4]> = w["bbox"].as_array().map(|a| {
            let v: Vec<f64> = a.iter().map(|x| x.as_f64().unwrap()).collect();
            [v[0], v[1], v[2], v[3]]
        });
        let wpages: Vec<u32> = w["withheld_pages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_u64().unwrap() as u32)
            .collect();
        let found = got.iter().enumerate().find(|(i, g)| {
            !used[*i]
                && g.page == page
                && g.kind.as_str() == kind
                && match (wbox, g.bbox) {
                    (Some(a), Some(b)) => iou(a, [b.x0, b.y0, b.x1, b.y1]) > 0.7,
                    (None, None) => g.withheld_pages == wpages,
                    _ => false,
                }
        });
        let Some((i, g)) = found else {
            problems.push(format!("missing: {w}"));
            continue;
        };
        used[i] = true;
        let codes: Vec<&str> = w["codes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        if g.codes != codes {
            problems.push(format!(
                "p{page} {kind}: codes {:?}, truth {codes:?}",
                g.codes
            ));
        }
        if g.leaked_text.as_deref() != w["leaked_text"].as_str() {
            problems.push(format!(
                "p{page} {kind}: leak {:?}, truth {}",
                g.leaked_text, w["leaked_text"]
            ));
        }
        if g.withheld_reason.as_deref() != w["withheld_reason"].as_str() {
            problems.push(format!(
                "p{page}: reason {:?}, truth {}",
                g.withheld_reason, w["withheld_reason"]
            ));
        }
        assert!(g.unknown_codes.is_empty(), "{:?}", g.unknown_codes);
    }
    for (i, g) in got.iter().enumerate() {
        if !used[i] {
            problems.push(format!("false: p{} {:?} {:?}", g.page, g.kind, g.bbox));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(got.len(), 29);
    assert_eq!(got.iter().filter(|r| r.leaked_text.is_some()).count(), 4);
    assert_eq!(
        got.iter()
            .filter(|r| r.kind == RedactionKind::Image)
            .count(),
        3
    );
}

fn leaks(path: &Path) -> usize {
    analyse(path)
        .iter()
        .filter(|r| r.leaked_text.is_some())
        .count()
}

/// x-ray's suite: the expected number of leaking redactions in every file.
#[test]
#[cfg_attr(
    not(dossier_corpus),
    ignore = "needs the shared corpus at ../shared/corpus or $DOSSIER_CORPUS (absent at build time)"
)]
fn xray_leak_counts() {
    let corpus = common::corpus();
    let dir = corpus.join("xray");
    let gt = common::read_json(&dir.join("GROUND_TRUTH.json"));
    let mut checked = 0;
    for (name, t) in gt.as_object().unwrap() {
        if name.starts_with('_') {
            continue;
        }
        let want = t
            .get("true_answer")
            .or_else(|| t.get("expected_detections"))
            .and_then(|v| v.as_u64())
            .unwrap() as usize;
        let got = leaks(&dir.join(name));
        if name == "bad_cross_hatched_redactions.pdf" {
            // Black boxes with grey hatching drawn over live text: the text is hidden and still in
            // the file. x-ray's snapshot says 0 (its pixel test rejects hatched boxes); upstream
            // PR #209 expects 16, counting drawn rectangles. Dossier reports them: a reporter
            // wants to know. A passage redacted line by line is one redaction for Dossier, so
            // the drawn boxes of the leaking redactions are counted.
            let boxes: usize = analyse(&dir.join(name))
                .iter()
                .filter(|r| r.leaked_text.is_some())
                .map(|r| r.boxes.len().max(1))
                .sum();
            assert!(boxes >= 16, "{name}: {boxes} leaking boxes");
            assert!(got < boxes, "{name}: passages are one redaction each");
        } else {
            assert_eq!(got, want, "{name}");
        }
        checked += 1;
    }
    assert!(checked >= 25);
}

/// Unapplied /Redact annotations, with the text under them; the applied (`cmp_`) versions have none.
#[test]
#[cfg_attr(
    not(dossier_corpus),
    ignore = "needs the shared corpus at ../shared/corpus or $DOSSIER_CORPUS (absent at build time)"
)]
fn redact_annotations_and_the_text_under_them() {
    let corpus = common::corpus();
    let dir = corpus.join("redact_annotations");
    let expect: &[(&str, usize, Option<&str>)] = &[
        ("pymupdf__test_2957_1.pdf", 2, Some("Dwight Crow")),
        ("pymupdf__test_2957_2.pdf", 1, Some("longer")),
        ("pymupdf__test_1824.pdf", 1, None),
        (
            "itext-pdfsweep__CleanUpTaggedPdfTest__cleanText_full.pdf",
            1,
            Some("jumped over a lazy"),
        ),
        (
            "itext-pdfsweep__CleanUpTaggedPdfTest__cleanText_partial.pdf",
            1,
            Some("ped ove"),
        ),
        (
            "itext-pdfsweep__PdfCleanUpToolTest__fontCleanup.pdf",
            1,
            Some("leonard_cl"),
        ),
        (
            "itext-pdfsweep__PdfCleanUpToolTest__page166_03.pdf",
            3,
            None,
        ),
        (
            "itext-pdfsweep__PdfCleanUpToolTest__clippingNWRule.pdf",
            3,
            None,
        ),
        ("itext-pdfsweep__PdfCleanUpToolTest__hello_05.pdf", 12, None),
        (
            "itext-pdfsweep__PdfCleanUpToolTest__BigImage-jpg.pdf",
            2,
            None,
        ),
    ];
    for (name, n, text) in expect {
        let found: Vec<Redaction> = analyse(&dir.join(name))
            .into_iter()
            .filter(|r| r.kind == RedactionKind::Annotation)
            .collect();
        assert_eq!(found.len(), *n, "{name}");
        if let Some(t) = text {
            assert!(
                found.iter().any(|r| r.leaked_text.as_deref() == Some(*t)),
                "{name}: {:?}",
                found.iter().map(|r| &r.leaked_text).collect::<Vec<_>>()
            );
        }
    }
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        if name.contains("__cmp_") {
            let annots = analyse(&e.path())
                .iter()
                .filter(|r| r.kind == RedactionKind::Annotation)
                .count();
            assert_eq!(annots, 0, "{name}");
        }
    }
}

/// Bad and proper redactions of the same page; unredacted government documents.
#[test]
#[cfg_attr(
    not(dossier_corpus),
    ignore = "needs the shared corpus at ../shared/corpus or $DOSSIER_CORPUS (absent at build time)"
)]
fn redaction_pairs_and_clean_documents() {
    let corpus = common::corpus();
    let dir = corpus.join("redaction_pairs").join("deredaction");
    for (n, words) in [
        (1, "removing"),
        (2, "for removing"),
        (3, "test for removing"),
    ] {
        let bad = analyse(&dir.join(format!("redaction-defenses__testcases__trivial_{n}.pdf")));
        let leaked: Vec<_> = bad
            .iter()
            .filter_map(|r| r.leaked_text.as_deref())
            .collect();
        assert_eq!(leaked, vec![words], "trivial_{n}");
        let proper = dir.join(format!(
            "redaction-defenses__testcases__trivial_{n}.redacted.pdf"
        ));
        assert_eq!(leaks(&proper), 0, "trivial_{n}.redacted");
        assert!(
            !analyse(&proper).is_empty(),
            "the proper version still has its boxes"
        );
    }
    let mut stack = vec![corpus.join("gov_docs_no_redaction")];
    let mut files = 0;
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "pdf") {
                assert_eq!(leaks(&p), 0, "{}", p.display());
                files += 1;
            }
        }
    }
    assert!(files > 0);
}

// ---- No false leaks (issue 15, item 8): generated pages, one per kind of false alarm or miss.

mod generated {
    use lopdf::{Object, dictionary};

    use dossier::pdf::{Limits, SourcePdf};
    use dossier::redactions::{Redaction, RedactionKind};
    use dossier::{Options, analysis::NoProgress};

    use crate::common::pdfgen::{self, Extras, rect, text};

    fn redactions(pdf: &[u8]) -> Vec<Redaction> {
        dossier::analyze_bytes(
            std::path::Path::new("generated.pdf"),
            pdf,
            &Options::default(),
            &NoProgress,
        )
        .unwrap()
        .redactions
    }

    fn boxes(pdf: &[u8]) -> Vec<Redaction> {
        redactions(pdf)
            .into_iter()
            .filter(|r| r.kind == RedactionKind::Box)
            .collect()
    }

    fn leaks(pdf: &[u8]) -> Vec<String> {
        redactions(pdf)
            .into_iter()
            .filter_map(|r| r.leaked_text)
            .collect()
    }

    /// The char boxes (x0, y0, x1, y1) of the page's first run, to place boxes against glyphs.
    fn glyphs(content: &str) -> Vec<[f64; 4]> {
        let pdf = pdfgen::page(content, Extras::default());
        let page = SourcePdf::open(&pdf, &Limits::default())
            .unwrap()
            .extract_page(1);
        page.runs[0]
            .chars
            .iter()
            .map(|c| {
                [
                    f64::from(c.x0),
                    f64::from(c.y0),
                    f64::from(c.x1),
                    f64::from(c.y1),
                ]
            })
            .collect()
    }

    /// Control: a box drawn over a whole sentence leaks it, with the share of the box it fills.
    #[test]
    fn box_over_words_leaks_with_coverage() {
        let words = text(72.0, 700.0, 12.0, "Meeting with Jane Doe on Friday");
        let g = glyphs(&words);
        let (x0, x1) = (g[0][0] - 1.0, g[g.len() - 1][2] + 1.0);
        let pdf = pdfgen::page(
            &format!("{words}{}", rect(x0, 696.0, x1, 710.0, 0.0)),
            Extras::default(),
        );
        let b = boxes(&pdf);
        assert_eq!(b.len(), 1);
        assert_eq!(
            b[0].leaked_text.as_deref(),
            Some("Meeting with Jane Doe on Friday")
        );
        assert!(
            b[0].leak_coverage > 0.4 && b[0].leak_coverage <= 1.0,
            "{}",
            b[0].leak_coverage
        );
        // And nothing leaks, with no coverage, when the box is over empty paper.
        let empty = pdfgen::page(
            &format!(
                "{}{}",
                text(72.0, 700.0, 12.0, "Meeting:"),
                rect(140.0, 696.0, 300.0, 710.0, 0.0)
            ),
            Extras::default(),
        );
        let b = boxes(&empty);
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].leaked_text, None);
        assert_eq!(b[0].leak_coverage, 0.0);
    }

    /// Two boxes that overlap into an L (one redaction) hide nothing; the words printed on the
    /// second line beside the lower box are in plain sight, though the hull of the two covers them.
    #[test]
    fn neighbouring_boxes_do_not_cover_the_words_between_them() {
        let content = format!(
            "{}{}{}{}",
            text(72.0, 700.0, 12.0, "The report was sent in"),
            text(72.0, 684.0, 12.0, "and August but the evidence shows"),
            rect(220.0, 696.0, 420.0, 710.0, 0.0),
            rect(300.0, 680.0, 420.0, 710.0, 0.0),
        );
        let pdf = pdfgen::page(&content, Extras::default());
        let b = boxes(&pdf);
        assert!(!b.is_empty(), "the boxes are a redaction");
        assert_eq!(leaks(&pdf), Vec::<String>::new());
        // Control: the same boxes over words that are really under the lower one leak them.
        let content = format!(
            "{}{}{}{}{}",
            text(72.0, 700.0, 12.0, "The report was sent in"),
            text(72.0, 684.0, 12.0, "and August but the evidence shows"),
            text(305.0, 684.0, 12.0, "Carol Smithers"),
            rect(220.0, 696.0, 420.0, 710.0, 0.0),
            rect(300.0, 680.0, 420.0, 710.0, 0.0),
        );
        let pdf = pdfgen::page(&content, Extras::default());
        assert_eq!(leaks(&pdf), vec!["Carol Smithers".to_string()]);
    }

    /// The last one to three letters of a visible word that stick out under a box's edge.
    #[test]
    fn letters_sticking_out_past_a_box_edge_are_no_leak() {
        for tip in 1..=3 {
            let words = text(72.0, 700.0, 12.0, "the witness testified");
            let g = glyphs(&words);
            // "witness" ends at index 10; the box starts on the tip's first letter.
            let start = 11 - tip;
            let x0 = g[start][0] - 0.5;
            let pdf = pdfgen::page(
                &format!("{words}{}", rect(x0, 696.0, x0 + 150.0, 710.0, 0.0)),
                Extras::default(),
            );
            let b = boxes(&pdf);
            assert_eq!(b.len(), 1, "tip {tip}");
            // The box also covers " testified": put it far from it instead.
            let _ = b;
            let pdf = pdfgen::page(
                &format!(
                    "{}{}",
                    text(72.0, 700.0, 12.0, "the witness"),
                    rect(x0, 696.0, x0 + 150.0, 710.0, 0.0)
                ),
                Extras::default(),
            );
            assert_eq!(leaks(&pdf), Vec::<String>::new(), "tip {tip}");
        }
    }

    /// A deposition: line numbers in the margin, each box starting just over the number's edge.
    #[test]
    fn margin_line_numbers_beside_boxes_are_no_leak() {
        let mut content = String::new();
        for (i, n) in (10..16).enumerate() {
            let y = 700.0 - 24.0 * i as f64;
            content.push_str(&text(50.0, y, 12.0, &n.to_string()));
            content.push_str(&text(90.0, y, 12.0, "Q."));
        }
        for i in 0..6 {
            let y = 700.0 - 24.0 * i as f64;
            // Over the number's last digit (its centre inside), and on to the right.
            content.push_str(&rect(58.0, y - 4.0, 400.0, y + 10.0, 0.0));
        }
        let pdf = pdfgen::page(&content, Extras::default());
        assert!(boxes(&pdf).len() >= 6);
        // "Q." is under the boxes too: a lone letter, no leak.
        assert_eq!(leaks(&pdf), Vec::<String>::new());
    }

    /// Footnote marks and a stray glyph under a box whose real text was removed.
    #[test]
    fn lone_glyphs_under_a_box_are_no_leak() {
        let content = format!(
            "{}{}{}{}",
            text(72.0, 700.0, 12.0, "Payments were made to"),
            text(250.0, 700.0, 12.0, "a"),
            BT_SUP,
            rect(200.0, 696.0, 380.0, 710.0, 0.0),
        );
        let pdf = pdfgen::page(&content, Extras::default());
        assert_eq!(boxes(&pdf).len(), 1);
        assert_eq!(leaks(&pdf), Vec::<String>::new());
    }

    /// A footnote mark, small and raised, at the box's right edge.
    const BT_SUP: &str = "BT /F1 7 Tf 374 706 Td (3) Tj ET\n";

    /// Yellow and translucent fills over text are highlights, not redactions.
    #[test]
    fn highlight_fills_are_not_redactions() {
        let words = text(72.0, 700.0, 12.0, "Meeting with Jane Doe on Friday");
        let yellow = format!("{words}q 1 1 0 rg 70 696 200 14 re f Q\n");
        assert_eq!(boxes(&pdfgen::page(&yellow, Extras::default())), vec![]);
        let pale_grey_translucent = format!("{words}q /GS1 gs 0 g 70 696 200 14 re f Q\n");
        let extras = Extras {
            gstates: vec![("GS1", dictionary! { "Type" => "ExtGState", "ca" => 0.35 })],
            ..Extras::default()
        };
        assert_eq!(boxes(&pdfgen::page(&pale_grey_translucent, extras)), vec![]);
        // Control: the same black fill, opaque, is a redaction that leaks.
        let opaque = format!("{words}q 0 g 70 696 200 14 re f Q\n");
        assert_eq!(leaks(&pdfgen::page(&opaque, Extras::default())).len(), 1);
    }

    /// A `/Highlight` annotation over text is no redaction.
    #[test]
    fn highlight_annotations_are_not_redactions() {
        let words = text(72.0, 700.0, 12.0, "Meeting with Jane Doe on Friday");
        let quad: Vec<Object> = [70, 710, 270, 710, 70, 696, 270, 696]
            .iter()
            .map(|v| Object::from(*v))
            .collect();
        let annot = |subtype: &str| {
            dictionary! {
                "Type" => "Annot", "Subtype" => Object::Name(subtype.as_bytes().to_vec()),
                "Rect" => vec![70.into(), 696.into(), 270.into(), 710.into()],
                "QuadPoints" => quad.clone(),
                "C" => vec![1.into(), 1.into(), 0.into()],
            }
        };
        let extras = Extras {
            annots: vec![annot("Highlight")],
            ..Extras::default()
        };
        assert_eq!(redactions(&pdfgen::page(&words, extras)), vec![]);
        // Control: a /Redact annotation at the same place is one, and leaks.
        let extras = Extras {
            annots: vec![annot("Redact")],
            ..Extras::default()
        };
        let r = redactions(&pdfgen::page(&words, extras));
        assert_eq!(r.len(), 1);
        assert!(r[0].leaked_text.is_some());
    }

    /// A court header stamped across the top of a blacked-out page after the box: on a white
    /// band laid over the box, in black, it is in plain sight.
    #[test]
    fn header_drawn_on_top_of_a_box_is_no_leak() {
        let content = format!(
            "{}{}{}",
            rect(36.0, 36.0, 576.0, 770.0, 0.0),
            rect(36.0, 748.0, 576.0, 766.0, 1.0),
            text(
                40.0,
                752.0,
                10.0,
                "Case 3:17-cv-00939 Document 149-1 Filed 08/01/17 Page 2 of 9"
            ),
        );
        // The whole-page box is more than half the page: a smaller one over a text block too.
        let block = format!(
            "{}{}{}",
            rect(36.0, 500.0, 576.0, 770.0, 0.0),
            rect(36.0, 748.0, 576.0, 766.0, 1.0),
            text(
                40.0,
                752.0,
                10.0,
                "Case 3:17-cv-00939 Document 149-1 Filed 08/01/17 Page 2 of 9"
            ),
        );
        for c in [content, block] {
            assert_eq!(
                leaks(&pdfgen::page(&c, Extras::default())),
                Vec::<String>::new()
            );
        }
        // Control: the header in black straight on the black box (no white band) cannot be
        // read: it is hidden text.
        let hidden = format!(
            "{}{}",
            rect(36.0, 500.0, 576.0, 770.0, 0.0),
            text(
                40.0,
                752.0,
                10.0,
                "Case 3:17-cv-00939 Document 149-1 Filed 08/01/17 Page 2 of 9"
            ),
        );
        assert_eq!(leaks(&pdfgen::page(&hidden, Extras::default())).len(), 1);
    }

    /// A simple font without /ToUnicode whose codes from `first` on are the glyphs `names` (an
    /// /Encoding with /Differences), 600 units wide.
    fn differences_font(
        subtype: &str,
        base: &str,
        first: i64,
        names: &[impl AsRef<str>],
    ) -> lopdf::Dictionary {
        let mut diffs: Vec<Object> = vec![first.into()];
        diffs.extend(
            names
                .iter()
                .map(|n| Object::Name(n.as_ref().as_bytes().to_vec())),
        );
        let last = first + names.len() as i64 - 1;
        dictionary! {
            "Type" => "Font", "Subtype" => Object::Name(subtype.as_bytes().to_vec()),
            "BaseFont" => Object::Name(base.as_bytes().to_vec()),
            "FirstChar" => first, "LastChar" => last,
            "Widths" => vec![600.into(); names.len()],
            "Encoding" => dictionary! { "Type" => "Encoding", "Differences" => diffs },
        }
    }

    /// A simple font with no /ToUnicode: glyph names through /Differences decode the leak.
    #[test]
    fn leak_in_a_font_without_tounicode_is_decoded_from_glyph_names() {
        let names = ["S", "m", "i", "t", "h", "space", "J", "o", "n", "e", "s"];
        let font = differences_font("Type1", "ABCDEF+Custom", 33, &names);
        // Codes 33.. are "!\"#$%&'()*+" in ASCII: gibberish if read as such.
        let content = "BT /F2 12 Tf 72 700 Td (!\"#$%&\\'\\(\\)*+) Tj ET\n".to_string()
            + &rect(70.0, 696.0, 160.0, 710.0, 0.0);
        let extras = Extras {
            fonts: vec![("F2", font)],
            ..Extras::default()
        };
        assert_eq!(
            leaks(&pdfgen::page(&content, extras)),
            vec!["Smith Jones".to_string()]
        );
    }

    /// Glyph names that mean nothing (`g12`) and no /ToUnicode: the leak says undecodable text
    /// is there instead of printing gibberish or nothing.
    #[test]
    fn undecodable_text_under_a_box_is_reported_as_such() {
        let names: Vec<String> = (1..=8).map(|k| format!("g{k}")).collect();
        let font = differences_font("TrueType", "ABCDEF+Opaque", 65, &names);
        let content = "BT /F2 12 Tf 72 700 Td (ABCDEFGH) Tj ET\n".to_string()
            + &rect(70.0, 696.0, 132.0, 710.0, 0.0);
        let extras = Extras {
            fonts: vec![("F2", font)],
            ..Extras::default()
        };
        let l = leaks(&pdfgen::page(&content, extras));
        assert_eq!(l.len(), 1, "{l:?}");
        assert!(l[0].contains("8 glyphs of undecodable text"), "{l:?}");
        assert!(!l[0].contains("ABC"), "{l:?}");
    }

    /// A box with rounded (Bézier) corners over text is a redaction, and leaks; a circle is not.
    #[test]
    fn box_with_curved_corners_is_found_and_leaks() {
        let words = text(72.0, 700.0, 12.0, "Meeting with Jane Doe on Friday");
        // Rounded rectangle 70..270 x 694..712, corner radius 4.
        let (x0, y0, x1, y1, r, k) = (70.0, 694.0, 270.0, 712.0, 4.0, 4.0 * 0.5523);
        let path = format!(
            "0 g {a} {y0} m {b} {y0} l {bk} {y0} {x1} {c2} {x1} {c} c {x1} {d} l {x1} {dk} {bk} {y1} {b} {y1} c \
             {a} {y1} l {ak} {y1} {x0} {dk} {x0} {d} c {x0} {c} l {x0} {c2} {ak} {y0} {a} {y0} c h f\n",
            a = x0 + r,
            b = x1 - r,
            c = y0 + r,
            d = y1 - r,
            ak = x0 + r - k,
            bk = x1 - r + k,
            c2 = y0 + r - k,
            dk = y1 - r + k,
        );
        let pdf = pdfgen::page(&format!("{words}{path}"), Extras::default());
        let b = boxes(&pdf);
        assert_eq!(b.len(), 1, "{b:?}");
        assert_eq!(
            b[0].leaked_text.as_deref(),
            Some("Meeting with Jane Doe on Friday")
        );
        // A black dot (a circle) over a word is no box.
        let (cx, cy, rr, kk) = (100.0, 703.0, 9.0, 9.0 * 0.5523);
        let circle = format!(
            "0 g {} {cy} m {} {} {} {} {cx} {} c {} {} {} {} {} {cy} c {} {} {} {} {cx} {} c {} {} {} {} {} {cy} c f\n",
            cx + rr,
            cx + rr,
            cy + kk,
            cx + kk,
            cy + rr,
            cy + rr,
            cx - kk,
            cy + rr,
            cx - rr,
            cy + kk,
            cx - rr,
            cx - rr,
            cy - kk,
            cx - kk,
            cy - rr,
            cy - rr,
            cx + kk,
            cy - rr,
            cx + rr,
            cy - kk,
            cx + rr,
        );
        let pdf = pdfgen::page(&format!("{words}{circle}"), Extras::default());
        assert_eq!(boxes(&pdf), vec![]);
    }
}

// ---- Codes exactly as stamped (issue 15, item 5): generated pages, one per form.

mod stamped {
    use dossier::redactions::{Qualifier, Redaction, RedactionKind};
    use dossier::{Options, analysis::NoProgress};

    use crate::common::pdfgen::{self, Extras, rect, text};

    /// The page's box redactions, top to bottom.
    fn boxes(content: &str) -> Vec<Redaction> {
        let pdf = pdfgen::page(content, Extras::default());
        let mut b: Vec<Redaction> = dossier::analyze_bytes(
            std::path::Path::new("generated.pdf"),
            &pdf,
            &Options::default(),
            &NoProgress,
        )
        .unwrap()
        .redactions
        .into_iter()
        .filter(|r| r.kind == RedactionKind::Box)
        .collect();
        b.sort_by(|x, y| {
            let (x, y) = (x.bbox.unwrap(), y.bbox.unwrap());
            y.y1.total_cmp(&x.y1).then(x.x0.total_cmp(&y.x0))
        });
        b
    }

    /// A line of words with a box after them and a label in the margin, baseline `y`.
    fn labelled_line(y: f64, label: &str) -> String {
        format!(
            "{}{}{}",
            text(72.0, y, 12.0, "Meeting with"),
            rect(160.0, y - 4.0, 400.0, y + 10.0, 0.0),
            // Parentheses escaped: French labels leave them unbalanced (`21(1)a)`).
            text(
                480.0,
                y,
                9.0,
                &label.replace('(', "\\(").replace(')', "\\)")
            ),
        )
    }

    fn q(code: &str, qualifier: &str) -> Qualifier {
        Qualifier {
            code: code.into(),
            qualifier: qualifier.into(),
        }
    }

    /// `s.21(1)(a)(b)` names two paragraphs; the label is kept as printed.
    #[test]
    fn compound_code_names_each_paragraph() {
        let b = boxes(&labelled_line(700.0, "s.21(1)(a)(b)"));
        assert_eq!(b.len(), 1, "{b:?}");
        assert_eq!(b[0].codes, vec!["21(1)(a)", "21(1)(b)"]);
        assert_eq!(b[0].stamped, vec!["s.21(1)(a)(b)"]);
        assert!(b[0].unknown_codes.is_empty());
    }

    /// Qualifiers are parsed off the code and kept.
    #[test]
    fn qualifiers_are_kept() {
        let content = [
            labelled_line(700.0, "s.69(1)(g) re (a)"),
            labelled_line(640.0, "15(1) - Int'l"),
            labelled_line(580.0, "s.15(1) - DEF"),
            labelled_line(520.0, "19(1) AIPRP"),
        ]
        .concat();
        let b = boxes(&content);
        assert_eq!(b.len(), 4, "{b:?}");
        let codes: Vec<_> = b.iter().map(|r| r.codes.clone()).collect();
        assert_eq!(
            codes,
            vec![
                vec!["69(1)(g)".to_string()],
                vec!["15(1)".into()],
                vec!["15(1)".into()],
                vec!["19(1)".into()]
            ]
        );
        assert_eq!(b[0].qualifiers, vec![q("69(1)(g)", "re (a)")]);
        assert_eq!(b[0].stamped, vec!["s.69(1)(g) re (a)"]);
        assert_eq!(b[1].qualifiers, vec![q("15(1)", "Int'l")]);
        assert_eq!(b[2].qualifiers, vec![q("15(1)", "DEF")]);
        assert_eq!(b[3].qualifiers, vec![q("19(1)", "AIPRP")]);
    }

    /// French labels: `al. 21(1)a)`, `art. 19(1)`, `alinéa 20(1)b)`.
    #[test]
    fn french_forms() {
        let content = [
            labelled_line(700.0, "al. 21(1)a)"),
            labelled_line(640.0, "art. 19(1)"),
            labelled_line(580.0, "alin\\351a 20(1)b)"),
        ]
        .concat();
        let b = boxes(&content);
        assert_eq!(b.len(), 3, "{b:?}");
        assert_eq!(b[0].codes, vec!["21(1)(a)"]);
        assert_eq!(b[0].stamped, vec!["al. 21(1)a)"]);
        assert_eq!(b[1].codes, vec!["19(1)"]);
        assert_eq!(b[1].stamped, vec!["art. 19(1)"]);
        assert_eq!(b[2].codes, vec!["20(1)(b)"]);
        assert_eq!(b[2].stamped, vec!["alinéa 20(1)b)"]);
    }

    /// A label wrapped to a second line, and labels stacked, beside one box give it every code;
    /// a label on the next box's line stays that box's.
    #[test]
    fn wrapped_and_stacked_labels() {
        let wrapped = format!(
            "{}{}{}",
            text(72.0, 700.0, 12.0, "Meeting with"),
            rect(160.0, 696.0, 400.0, 710.0, 0.0),
            text(480.0, 703.0, 9.0, "s.21(1)(a),") + &text(480.0, 694.0, 9.0, "s.19(1)"),
        );
        let b = boxes(&wrapped);
        assert_eq!(b.len(), 1, "{b:?}");
        assert_eq!(b[0].codes, vec!["21(1)(a)", "19(1)"]);
        // The label as printed, without the comma that joins it to the next line.
        assert_eq!(b[0].stamped, vec!["s.21(1)(a)", "s.19(1)"]);

        let stacked = format!(
            "{}{}{}{}{}{}{}",
            text(72.0, 700.0, 12.0, "Meeting with"),
            rect(160.0, 694.0, 400.0, 712.0, 0.0),
            text(480.0, 706.0, 9.0, "s.13(1)(a)"),
            text(480.0, 697.0, 9.0, "s.15(1)"),
            text(480.0, 688.0, 9.0, "s.16(2)"),
            // The next line: its box and its own label.
            rect(160.0, 656.0, 400.0, 670.0, 0.0),
            text(480.0, 660.0, 9.0, "s.19(1)") + &text(72.0, 660.0, 12.0, "Call with"),
        );
        let b = boxes(&stacked);
        assert_eq!(b.len(), 2, "{b:?}");
        assert_eq!(b[0].codes, vec!["13(1)(a)", "15(1)", "16(2)"]);
        assert_eq!(b[1].codes, vec!["19(1)"]);

        // Control: one box per line, each with its label, close together: no label crosses.
        let lines = [
            labelled_line(700.0, "s.21(1)(a)"),
            labelled_line(684.0, "s.19(1)"),
        ]
        .concat();
        let b = boxes(&lines);
        assert_eq!(b.len(), 2, "{b:?}");
        assert_eq!(b[0].codes, vec!["21(1)(a)"]);
        assert_eq!(b[1].codes, vec!["19(1)"]);
    }

    /// One label beside the middle of three boxes on consecutive lines serves all three; they
    /// stay three redactions (words in plain sight after each).
    #[test]
    fn one_label_for_three_adjacent_boxes() {
        let mut content = String::new();
        for (i, y) in [700.0, 684.0, 668.0].into_iter().enumerate() {
            content += &text(72.0, y, 12.0, "Name:");
            content += &rect(120.0, y - 4.0, 260.0, y + 10.0, 0.0);
            content += &text(270.0, y, 12.0, &format!("attended item {}", i + 1));
        }
        content += &text(480.0, 684.0, 9.0, "s.19(1)");
        let b = boxes(&content);
        assert_eq!(b.len(), 3, "{b:?}");
        for r in &b {
            assert_eq!(r.codes, vec!["19(1)"], "{r:?}");
            assert_eq!(r.stamped, vec!["s.19(1)"], "{r:?}");
            assert!(r.boxes.is_empty(), "{r:?}");
        }
        // Control: a label far below the group serves none of them.
        let mut far = String::new();
        for y in [700.0, 684.0, 668.0] {
            far += &text(72.0, y, 12.0, "Name:");
            far += &rect(120.0, y - 4.0, 260.0, y + 10.0, 0.0);
            far += &text(270.0, y, 12.0, "attended");
        }
        far += &text(480.0, 500.0, 9.0, "s.19(1)");
        assert!(boxes(&far).iter().all(|r| r.codes.is_empty()));
    }

    /// A code printed in white inside the black box is its code, not a leak.
    #[test]
    fn inverted_code_inside_the_box() {
        let content = format!(
            "{}{}BT 1 g /F1 9 Tf 250 700 Td (s.19\\(1\\) - DEF) Tj ET\n",
            text(72.0, 700.0, 12.0, "Meeting with"),
            rect(160.0, 696.0, 400.0, 710.0, 0.0),
        );
        let b = boxes(&content);
        assert_eq!(b.len(), 1, "{b:?}");
        assert_eq!(b[0].codes, vec!["19(1)"]);
        assert_eq!(b[0].stamped, vec!["s.19(1) - DEF"]);
        assert_eq!(b[0].qualifiers, vec![q("19(1)", "DEF")]);
        assert_eq!(b[0].leaked_text, None);
    }

    /// A passage redacted line by line under one label is one redaction with both boxes; what
    /// each box hides is found box by box and joined.
    #[test]
    fn passage_redacted_line_by_line() {
        let page = |after_first: &str, second_label: bool| {
            format!(
                "{}{}{}{}{}{}{}{}",
                text(72.0, 700.0, 12.0, "The parties agreed that"),
                text(230.0, 700.0, 12.0, "the secret plan"),
                rect(220.0, 696.0, 420.0, 710.0, 0.0),
                text(430.0, 700.0, 12.0, after_first),
                text(480.0, 700.0, 9.0, "s.21(1)(a)"),
                rect(72.0, 680.0, 250.0, 694.0, 0.0),
                text(260.0, 684.0, 12.0, "and then left."),
                if second_label {
                    text(480.0, 684.0, 9.0, "s.21(1)(a)")
                } else {
                    String::new()
                },
            )
        };
        let b = boxes(&page("", false));
        assert_eq!(b.len(), 1, "{b:?}");
        let r = &b[0];
        assert_eq!(r.codes, vec!["21(1)(a)"]);
        assert_eq!(r.boxes.len(), 2, "{r:?}");
        let hull = r.bbox.unwrap();
        assert!(hull.x0 <= 72.5 && hull.x1 >= 419.5 && hull.y0 <= 680.5 && hull.y1 >= 709.5);
        assert_eq!(r.leaked_text.as_deref(), Some("the secret plan"));
        assert!(r.leak_coverage > 0.0 && r.leak_coverage < 0.5, "{r:?}");
        // Words in plain sight after the first box: the passage does not go on to the next line.
        assert_eq!(boxes(&page("now", false)).len(), 2);
        // A label printed for each box: two severances.
        assert_eq!(boxes(&page("", true)).len(), 2);
    }
}
