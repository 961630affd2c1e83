//! The committed samples are exactly what the generator makes, and their truth is coherent.

use crate::common;

#[cfg(feature = "gui")]
#[allow(dead_code, clippy::all)]
#[path = "../samples/make_samples.rs"]
mod make_samples;

/// The committed scan raster: the one page-sized image of the sample.
#[cfg(feature = "gui")]
fn committed_scan() -> (u32, u32, Vec<u8>) {
    let doc = lopdf::Document::load(common::sample("production.pdf")).unwrap();
    for obj in doc.objects.values() {
        if let Ok(s) = obj.as_stream()
            && s.dict.get(b"Subtype").ok().and_then(|o| o.as_name().ok()) == Some(&b"Image"[..])
        {
            let w = s.dict.get(b"Width").unwrap().as_i64().unwrap() as u32;
            let h = s.dict.get(b"Height").unwrap().as_i64().unwrap() as u32;
            return (w, h, s.decompressed_content().unwrap());
        }
    }
    panic!("no image in the sample");
}

/// Regenerating gives the committed bytes (run `cargo run --example make_samples` after a change).
/// The scan's raster comes from the committed file (anti-aliasing may differ by a grey level
/// between CPUs); a fresh rasterisation must agree with it on almost every pixel.
#[cfg(feature = "gui")]
#[test]
fn generator_reproduces_the_committed_samples() {
    let root = common::root();
    let scan = committed_scan();
    let fresh = make_samples::scan_raster(&root);
    assert_eq!((fresh.0, fresh.1), (scan.0, scan.1));
    let differ = fresh
        .2
        .iter()
        .zip(&scan.2)
        .filter(|(a, b)| a.abs_diff(**b) > 64)
        .count();
    assert!(
        differ * 1000 < scan.2.len(),
        "{differ} pixels of the scan differ"
    );
    for (name, bytes) in make_samples::generate_with(&root, Some(scan)) {
        let committed = std::fs::read(root.join("samples").join(&name)).unwrap();
        assert!(
            committed == bytes,
            "samples/{name} differs from the generator's output: run `cargo run --example make_samples`"
        );
    }
}

/// The truth agrees with itself and with the CSV: codes normalised, leaks inside their pages' runs,
/// every linked permit in the registry, every page of every document inside the file.
#[test]
fn truth_is_coherent() {
    let truth = common::read_json(&common::sample("production.truth.json"));
    let pages = truth["pages"].as_array().unwrap();
    let n = pages.len() as u64;
    let code = regex::Regex::new(r"^\d+(\.\d+)?\(\d+\)(\([a-z](\.\d)?\))*$").unwrap();
    let mut leaks = 0;
    for r in truth["redactions"].as_array().unwrap() {
        let page = r["page"].as_u64().unwrap();
        assert!((1..=n).contains(&page));
        for c in r["codes"].as_array().unwrap() {
            assert!(code.is_match(c.as_str().unwrap()), "code {c}");
        }
        if let Some(leak) = r["leaked_text"].as_str() {
            leaks += 1;
            let text: String = pages[page as usize - 1]["runs"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["text"].as_str().unwrap())
                .collect::<Vec<_>>()
                .join(" ");
            assert!(
                text.contains(leak),
                "leak {leak:?} not in page {page}'s runs"
            );
        }
    }
    assert_eq!(leaks, 4);
    let csv = std::fs::read_to_string(common::sample("permits.csv")).unwrap();
    for l in truth["permit_links"].as_array().unwrap() {
        let permit = l["permit"].as_str().unwrap();
        assert!(
            csv.contains(&format!("\n{permit},")),
            "{permit} not in permits.csv"
        );
        assert!(["number", "serial", "context"].contains(&l["via"].as_str().unwrap()));
    }
    for d in truth["documents"].as_array().unwrap() {
        let (a, b) = (
            d["first_page"].as_u64().unwrap(),
            d["last_page"].as_u64().unwrap(),
        );
        assert!(1 <= a && a <= b && b <= n);
    }
    let labels: Vec<_> = pages.iter().filter(|p| p["label"].is_string()).collect();
    assert_eq!(
        labels.len(),
        pages.len(),
        "every page carries a stamp (the scan's is in its picture)"
    );
}
