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
            // PR #209 expects 16. Dossier reports them: a reporter wants to know.
            assert!(got >= 16, "{name}: {got}");
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
