//! Releases compared (issue 18): pairs of releases of the same records drawn by
//! `common::releases` (other order, page size, font, line breaks, running headers, stamps and
//! redactions), scored against their truth; a reply quoting a message in one production; two
//! identical copies; a scanned copy read by OCR against the born-digital one; the CLI.

use std::path::{Path, PathBuf};

use dossier::analysis::{self, FileAnalysis, NoProgress};
use dossier::compare::{Comparison, Which};
use dossier::ocr::{OcrMode, OcrOptions};

use crate::common::{self, releases};

fn no_ocr() -> dossier::Options {
    dossier::Options {
        ocr: OcrOptions {
            mode: OcrMode::Never,
            ..Default::default()
        },
        ..Default::default()
    }
}

fn analyse(dir: &Path, name: &str, bytes: &[u8]) -> FileAnalysis {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    analysis::analyze_file(&path, &no_ocr(), &NoProgress).unwrap()
}

/// The words of `s` folded, for matching released text with the truth's passage.
fn words(s: &str) -> Vec<String> {
    dossier::textfold::fold_words(s)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// How many of `expected` the comparison found (right direction, pages and text), and how many of
/// its changes are right: `(found, right, reported)`.
fn score(c: &Comparison, expected: &[(String, char, u32, u32)]) -> (usize, usize, usize) {
    let matches = |ch: &dossier::compare::Change, e: &(String, char, u32, u32)| {
        let dir = if ch.withheld_in == Which::A { 'a' } else { 'b' };
        let got = words(&ch.text);
        let want = words(&e.0);
        let shared = want.iter().filter(|w| got.contains(w)).count();
        dir == e.1 && ch.a_page == e.2 && ch.b_page == e.3 && shared * 2 >= want.len().max(1)
    };
    let found = expected
        .iter()
        .filter(|e| c.changes.iter().any(|ch| matches(ch, e)))
        .count();
    let right = c
        .changes
        .iter()
        .filter(|ch| expected.iter().any(|e| matches(ch, e)))
        .count();
    (found, right, c.changes.len())
}

#[test]
fn releases_of_the_same_records_give_what_one_withholds_and_the_other_releases() {
    let dir = common::temp_dir("compare-releases");
    let (mut found, mut right, mut reported, mut expected_n) = (0, 0, 0, 0);
    let (mut recoded_found, mut recoded_expected) = (0, 0);
    for seed in 1..=8u64 {
        let p = releases::pair(seed, 9);
        let a = analyse(&dir, &format!("a{seed}.pdf"), &p.a.bytes);
        let b = analyse(&dir, &format!("b{seed}.pdf"), &p.b.bytes);
        let c = analysis::compare(&a, &b);
        // Every record paired, first page with first page.
        for r in 0..p.records {
            let (fa, fb) = (p.a.first_pages[r], p.b.first_pages[r]);
            assert!(
                c.pairs
                    .iter()
                    .any(|x| x.a.first_page == fa && x.b.first_page == fb),
                "seed {seed}: record {r} (a p. {fa}, b p. {fb}) not paired: {:?}",
                c.pairs
            );
        }
        let expected = releases::expected_changes(&p);
        let (f, r, n) = score(&c, &expected);
        if f < expected.len() || r < n {
            eprintln!("seed {seed}: expected {expected:?}");
            for ch in &c.changes {
                eprintln!(
                    "  got {:?} a p.{} b p.{} {:?}",
                    ch.withheld_in, ch.a_page, ch.b_page, ch.text
                );
            }
        }
        found += f;
        right += r;
        reported += n;
        expected_n += expected.len();
        let want = releases::expected_recoded(&p);
        recoded_expected += want.len();
        recoded_found += want
            .iter()
            .filter(|(pa, pb)| c.recoded.iter().any(|x| x.a_page == *pa && x.b_page == *pb))
            .count();
    }
    let recall = found as f64 / expected_n.max(1) as f64;
    let precision = right as f64 / reported.max(1) as f64;
    eprintln!(
        "withheld in one, readable in the other: {found}/{expected_n} found (recall {recall:.3}), {right}/{reported} right (precision {precision:.3}); recoded {recoded_found}/{recoded_expected}"
    );
    assert!(expected_n >= 40, "too few differences drawn: {expected_n}");
    assert!(recall >= 0.9, "recall {recall:.3}");
    assert!(precision >= 0.9, "precision {precision:.3}");
    assert!(recoded_expected > 0);
    assert!(
        recoded_found as f64 >= 0.9 * recoded_expected as f64,
        "recoded {recoded_found}/{recoded_expected}"
    );
}

#[test]
fn two_identical_copies_differ_in_nothing() {
    let dir = common::temp_dir("compare-identical");
    for seed in [3u64, 11] {
        let bytes = releases::one_release(seed, 7);
        let a = analyse(&dir, &format!("one{seed}.pdf"), &bytes);
        let b = analyse(&dir, &format!("copy{seed}.pdf"), &bytes);
        let c = analysis::compare(&a, &b);
        assert!(c.changes.is_empty(), "{:?}", c.changes);
        assert!(c.recoded.is_empty(), "{:?}", c.recoded);
        assert_eq!(c.pairs.len(), 7, "{:?}", c.pairs);
        assert!(c.pairs.iter().all(|p| p.similarity > 0.99));
        assert!(c.unpaired.a.is_empty() && c.unpaired.b.is_empty());
    }
}

#[test]
fn a_reply_quoting_a_message_gives_away_what_the_message_withholds() {
    let dir = common::temp_dir("compare-thread");
    let (mut found, mut right, mut reported, mut expected_n) = (0, 0, 0, 0);
    for seed in 1..=5u64 {
        let (bytes, expected) = releases::thread(seed);
        let a = analyse(&dir, &format!("thread{seed}.pdf"), &bytes);
        let c = analysis::repeated(&a);
        let (f, r, n) = score(&c, &expected);
        if f < expected.len() || r < n {
            eprintln!("seed {seed}: expected {expected:?}");
            for ch in &c.changes {
                eprintln!(
                    "  got {:?} p.{} p.{} {:?}",
                    ch.withheld_in, ch.a_page, ch.b_page, ch.text
                );
            }
        }
        assert!(!c.pairs.is_empty());
        assert!(c.pairs.iter().all(|p| p.a.path == p.b.path));
        found += f;
        right += r;
        reported += n;
        expected_n += expected.len();
    }
    eprintln!("repeated passages: {found}/{expected_n} found, {right}/{reported} right");
    assert!(expected_n >= 5);
    assert!(found as f64 >= 0.9 * expected_n as f64);
    assert!(right as f64 >= 0.9 * reported as f64);
}

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = std::process::Command::new(common::dossier_bin())
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn dossier_diff_prints_a_note_json_and_csv() {
    let dir = common::temp_dir("compare-cli");
    let p = releases::pair(5, 6);
    let (a, b) = (dir.join("committee.pdf"), dir.join("atip.pdf"));
    std::fs::write(&a, &p.a.bytes).unwrap();
    std::fs::write(&b, &p.b.bytes).unwrap();
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let csv = dir.join("differences.csv");
    let (code, out, err) = run(&[
        "diff",
        a,
        b,
        "--json",
        "--ocr",
        "never",
        "--csv",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    for key in ["pairs", "changes", "recoded", "withheld_in_both"] {
        assert!(v.get(key).is_some(), "{key} missing: {v}");
    }
    let pair = &v["pairs"][0];
    for key in ["path", "document", "first_page"] {
        assert!(pair["a"].get(key).is_some() && pair["b"].get(key).is_some());
    }
    assert!(pair["similarity"].as_f64().is_some());
    let changes = v["changes"].as_array().unwrap();
    let expected = releases::expected_changes(&p);
    assert!(changes.len() >= expected.len() * 9 / 10, "{changes:?}");
    let ch = &changes[0];
    let mut keys: Vec<&str> = ch.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "a_page",
            "a_stamp",
            "b_page",
            "b_stamp",
            "codes",
            "text",
            "withheld_in"
        ]
    );
    assert!(["a", "b"].contains(&ch["withheld_in"].as_str().unwrap()));
    // The CSV: a row per change, cited by file, page and stamp.
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("difference,withheld_in,text,codes,a_file,a_page,a_stamp"));
    assert_eq!(
        text.lines().filter(|l| l.starts_with("released,")).count(),
        changes.len()
    );
    // The note: one line per change, as a reporter writes it.
    let (code, note, _) = run(&["diff", a, b, "--ocr", "never"]);
    assert_eq!(code, Some(0));
    let lines: Vec<&str> = note
        .lines()
        .filter(|l| l.contains(" releases: \""))
        .collect();
    assert_eq!(lines.len(), changes.len(), "{note}");
    assert!(
        lines.iter().any(|l| l.contains("withholds under s.")),
        "{note}"
    );
    // Wrong arguments: exit 2 and a word on stderr.
    let (code, _, err) = run(&["diff", "/nonexistent/x.pdf", b]);
    assert_eq!(code, Some(2));
    assert!(err.contains("x.pdf"), "{err}");
}

#[test]
fn dossier_diff_of_one_file_and_analyze_count_repeated_passages() {
    let dir = common::temp_dir("compare-cli-one");
    let (bytes, expected) = releases::thread(2);
    let f = dir.join("thread.pdf");
    std::fs::write(&f, bytes).unwrap();
    let f = f.to_str().unwrap();
    let (code, out, err) = run(&["diff", f, "--json", "--ocr", "never"]);
    assert_eq!(code, Some(0), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let changes = v["changes"].as_array().unwrap();
    assert_eq!(changes.len(), expected.len(), "{v}");
    assert!(
        v["pairs"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["a"]["path"] == p["b"]["path"])
    );
    let (_, summary, _) = run(&["analyze", f, "--ocr", "never"]);
    assert!(
        summary.contains(&format!(
            "repeated passages: {} withheld in one place",
            expected.len()
        )),
        "{summary}"
    );
    let (_, json, _) = run(&["analyze", f, "--json", "--ocr", "never"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v["files"][0]["repeated_passages"].as_array().map(Vec::len),
        Some(expected.len())
    );
}

#[test]
fn dossier_diff_of_a_case_compares_every_two_productions_and_names_the_missing() {
    let dir = common::temp_dir("compare-case");
    let p = releases::pair(7, 5);
    let other = releases::pair(99, 4);
    let files: Vec<PathBuf> = ["gac.pdf", "atip.pdf", "unrelated.pdf"]
        .iter()
        .map(|n| dir.join(n))
        .collect();
    std::fs::write(&files[0], &p.a.bytes).unwrap();
    std::fs::write(&files[1], &p.b.bytes).unwrap();
    std::fs::write(&files[2], &other.a.bytes).unwrap();
    let case = dir.join("inquiry.dossier");
    let case_s = case.to_str().unwrap();
    let mut args = vec!["case", "add", case_s];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    let (code, _, err) = run(&args);
    assert_eq!(code, Some(0), "{err}");
    let (code, out, err) = run(&["diff", case_s, "--json", "--ocr", "never"]);
    assert_eq!(code, Some(0), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let list = v["comparisons"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{v}");
    assert!(list[0]["a"].as_str().unwrap().ends_with("gac.pdf"));
    assert!(list[0]["b"].as_str().unwrap().ends_with("atip.pdf"));
    assert_eq!(list[0]["pairs"].as_array().unwrap().len(), 5);
    // A production moved away: said, and the others still compared.
    std::fs::remove_file(&files[2]).unwrap();
    let (code, out, err) = run(&["diff", case_s, "--ocr", "never"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("unrelated.pdf") && err.contains("not found"),
        "{err}"
    );
    assert!(out.contains("1 missing"), "{out}");
}

/// Tesseract is there (the OCR tests say how to install it).
fn tesseract_here() -> bool {
    let ok =
        dossier::ocr::engine_version().is_ok() && Path::new("/usr/share/tesseract-ocr").exists();
    if !ok {
        eprintln!("skipping: Tesseract (tesseract-ocr-eng/-fra) is not installed; run .ci/setup");
    }
    ok
}

/// Each page of `pdf` drawn by hayro in grey at `dpi`, as a scan: one picture a page.
fn scanned(pdf: &[u8], dpi: f32) -> Vec<u8> {
    use lopdf::{Document, Object, Stream, dictionary};
    let src = hayro::hayro_syntax::Pdf::new(pdf.to_vec()).unwrap();
    let s = dpi / 72.0;
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let mut kids: Vec<Object> = Vec::new();
    for page in src.pages().iter() {
        let (w, h) = page.render_dimensions();
        let pix = hayro::render(
            page,
            &hayro::RenderCache::new(),
            &hayro::hayro_interpret::InterpreterSettings::default(),
            &hayro::RenderSettings::default(),
            &hayro::PixmapSettings {
                x_scale: s,
                y_scale: s,
                bg_color: hayro::vello_cpu::color::palette::css::WHITE,
            },
        );
        let gray: Vec<u8> = pix
            .data_as_u8_slice()
            .chunks(4)
            .map(|p| ((u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2])) / 3) as u8)
            .collect();
        let image = doc.add_object(Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Image",
            "Width" => i64::from(pix.width()), "Height" => i64::from(pix.height()),
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
            gray,
        ));
        let content = format!("q {w} 0 0 {h} 0 0 cm /Im0 Do Q\n");
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
        kids.push(
            doc.add_object(dictionary! {
                "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
                "Resources" => dictionary! { "XObject" => dictionary! { "Im0" => image } },
                "MediaBox" => vec![0.into(), 0.into(), Object::Real(w), Object::Real(h)],
            })
            .into(),
        );
    }
    let count = kids.len() as i64;
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

#[test]
fn a_scanned_copy_read_by_ocr_gives_no_false_difference() {
    if !tesseract_here() {
        return;
    }
    let dir = common::temp_dir("compare-ocr");
    let p = releases::pair(4, 3);
    let digital = analyse(&dir, "digital.pdf", &p.b.bytes);
    let scan = dir.join("scanned.pdf");
    std::fs::write(&scan, scanned(&p.b.bytes, 200.0)).unwrap();
    let options = dossier::Options {
        ocr: OcrOptions {
            cache_dir: Some(dir.join("cache")),
            ..Default::default()
        },
        ..Default::default()
    };
    let read = analysis::analyze_file(&scan, &options, &NoProgress).unwrap();
    assert!(read.pages.iter().all(|pg| pg.ocr.is_some()));
    let c = analysis::compare(&read, &digital);
    assert_eq!(c.pairs.len(), 3, "{:?}", c.pairs);
    assert!(c.changes.is_empty(), "{:?}", c.changes);
    // The scan against the other release: what the other release withholds and the scan shows
    // confidently is still found, and nothing else.
    let other = analyse(&dir, "other.pdf", &p.a.bytes);
    let c = analysis::compare(&other, &read);
    let expected = releases::expected_changes(&p);
    let (found, right, reported) = score(&c, &expected);
    eprintln!(
        "scan against the other release: {found}/{} found, {right}/{reported} right",
        expected.len()
    );
    assert_eq!(right, reported, "{:?}", c.changes);
}
