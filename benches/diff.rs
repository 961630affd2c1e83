//! Benchmark: releases compared (issue 18). `cargo bench --bench diff -- [PAGES]` draws two
//! releases of the same records with `tests/common/releases.rs` (other order, layout, font,
//! stamps and redactions), about PAGES pages each (default 2,000), under `target/bench/diff/`,
//! then prints the analysis of one release against the whole comparison (`dossier diff A B`:
//! both analysed, then compared) and the comparison step alone, median of 3.
//!
//! Issue 18's target: the two compared in at most 2× the time of analysing one. Nothing is
//! asserted: speed is measured, not tested.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

#[allow(dead_code)]
#[path = "../tests/common/production.rs"]
mod production;

#[allow(dead_code)]
#[path = "../tests/common/releases.rs"]
mod releases;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let pages: u32 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(2000);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("target").join("bench").join("diff");
    std::fs::create_dir_all(&dir).unwrap();
    let (a, b) = (
        dir.join(format!("a-{pages}.pdf")),
        dir.join(format!("b-{pages}.pdf")),
    );
    if !a.exists() || !b.exists() {
        // Records until release A has the pages asked for.
        let per = releases::pair(1, 20).a.pages as f64 / 20.0;
        let mut n = (f64::from(pages) / per) as usize;
        let p = loop {
            let p = releases::pair(1, n);
            if p.a.pages >= pages || n > 100_000 {
                break p;
            }
            n += n / 20 + 1;
        };
        std::fs::write(&a, &p.a.bytes).unwrap();
        std::fs::write(&b, &p.b.bytes).unwrap();
    }
    let options = dossier::Options {
        ocr: dossier::ocr::OcrOptions {
            mode: dossier::ocr::OcrMode::Never,
            ..Default::default()
        },
        ..Default::default()
    };
    let analyse =
        |p: &PathBuf| dossier::analyze_file(p, &options, &dossier::analysis::NoProgress).unwrap();
    let (mut one, mut whole, mut step) = (Vec::new(), Vec::new(), Vec::new());
    let mut last = None;
    for _ in 0..3 {
        let t = Instant::now();
        let x = analyse(&a);
        one.push(t.elapsed());
        drop(x);
        let t = Instant::now();
        let (x, y) = (analyse(&a), analyse(&b));
        let s = Instant::now();
        let c = dossier::analysis::compare(&x, &y);
        step.push(s.elapsed());
        whole.push(t.elapsed());
        last = Some((x.pages.len(), y.pages.len(), c));
    }
    let (pa, pb, c) = last.unwrap();
    let (one, whole, step) = (median(one), median(whole), median(step));
    println!("releases: A {pa} pages, B {pb} pages ({})", dir.display());
    println!(
        "pairs {}, withheld in one and readable in the other {}, recoded {}, withheld in both {}",
        c.pairs.len(),
        c.changes.len(),
        c.recoded.len(),
        c.withheld_in_both
    );
    println!(
        "analysis of A alone (median of 3):            {:>8.2} s",
        one.as_secs_f64()
    );
    println!(
        "diff A B: both analysed, then compared:       {:>8.2} s",
        whole.as_secs_f64()
    );
    println!(
        "  of which the comparison:                    {:>8.3} s",
        step.as_secs_f64()
    );
    println!(
        "diff / analysis of one: {:.2}x (issue 18's target: at most 2x)",
        whole.as_secs_f64() / one.as_secs_f64()
    );
}
