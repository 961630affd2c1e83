//! Benchmark: the case (issue 17). `cargo bench --bench case -- [PRODUCTIONS] [REPEAT]` generates
//! PRODUCTIONS productions (default 50) with `tests/common/production.rs` (seeds 1..), each made
//! REPEAT times longer (default 1) by repeating its pages, under `target/bench/case/`, then prints:
//!
//! - the plain analysis of every file (`dossier::analyze_file`, OCR off) against `case add` of the
//!   same files into a fresh case (hash, analysis, one transaction per production), and adding
//!   them again (hashes only);
//! - the case file's size against the pages' text;
//! - phrase searches (three words in a row taken from pages of the case), p50 and p95;
//! - a production read back as the app opens it (`Case::analysis`).
//!
//! Issue 17's targets: adding at most 1.2× the plain analysis, the case under 2× the text, a phrase
//! search under 50 ms at the 95th percentile. Nothing is asserted: speed is measured, not tested.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

#[allow(dead_code)]
#[path = "../tests/common/production.rs"]
mod production;

#[path = "common.rs"]
mod common;

fn main() {
    let numbers: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let n = numbers.first().copied().unwrap_or(50);
    let repeat = numbers.get(1).copied().unwrap_or(1).max(1);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("target").join("bench").join("case");
    let files_dir = dir.join(format!("productions-{n}x{repeat}"));
    std::fs::create_dir_all(&files_dir).unwrap();
    let mut files = Vec::new();
    for seed in 1..=n as u64 {
        let path = files_dir.join(format!("production-{seed:03}.pdf"));
        if !path.exists() {
            let one = files_dir.join(format!("one-{seed:03}.pdf"));
            std::fs::write(&one, production::generate(seed).pdf).unwrap();
            if repeat > 1 {
                let pages = lopdf::Document::load(&one).unwrap().get_pages().len();
                common::repeat_pages(&one, pages * repeat, &path);
                std::fs::remove_file(&one).unwrap();
            } else {
                std::fs::rename(&one, &path).unwrap();
            }
        }
        files.push(path);
    }
    let options = dossier::Options {
        ocr: dossier::ocr::OcrOptions {
            mode: dossier::ocr::OcrMode::Never,
            ..Default::default()
        },
        ..Default::default()
    };

    // Plain analysis.
    let t = Instant::now();
    let mut pages = 0usize;
    let mut text_bytes = 0usize;
    for f in &files {
        let a = dossier::analyze_file(f, &options, &dossier::analysis::NoProgress).unwrap();
        pages += a.pages.len();
        text_bytes += a.pages.iter().map(|p| p.text().len()).sum::<usize>();
    }
    let plain = t.elapsed();

    // The same files into a fresh case.
    let case_path = dir.join(format!("bench-{n}x{repeat}.dossier"));
    for suffix in ["", "-wal", "-shm"] {
        let mut p = case_path.clone().into_os_string();
        p.push(suffix);
        std::fs::remove_file(PathBuf::from(p)).ok();
    }
    let add = |label: &str| -> Duration {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let t = Instant::now();
        let code = dossier::cli::case::run_add(
            &dossier::cli::case::AddArgs {
                case: &case_path,
                paths: std::slice::from_ref(&files_dir),
                permits: None,
                roster: None,
                ocr: &options.ocr,
                json: false,
            },
            &dossier::analysis::NoProgress,
            &mut out,
            &mut err,
        )
        .unwrap();
        let took = t.elapsed();
        assert_eq!(code, 0, "{label}: {}", String::from_utf8_lossy(&err));
        took
    };
    let first = add("first");
    let again = add("again");
    let case_size = std::fs::metadata(&case_path).unwrap().len();

    // Phrase searches: three words in a row from pages of the case.
    let case = dossier::store::Case::open(&case_path).unwrap();
    let mut rng = production::Rng::new(17);
    let mut phrases = Vec::new();
    for f in files.iter().take(20) {
        let a = dossier::analyze_file(f, &options, &dossier::analysis::NoProgress).unwrap();
        for _ in 0..10 {
            let page = &a.pages[rng.below(a.pages.len())];
            let text = dossier::textfold::fold_words(&page.text());
            let words: Vec<&str> = text.split(' ').collect();
            let word = |w: &&str| w.len() > 2 && w.chars().all(char::is_alphabetic);
            let starts: Vec<usize> = (0..words.len().saturating_sub(3))
                .filter(|&i| words[i..i + 3].iter().all(word))
                .collect();
            if !starts.is_empty() {
                let i = starts[rng.below(starts.len())];
                phrases.push(format!("\"{}\"", words[i..i + 3].join(" ")));
            }
        }
    }
    let mut times = Vec::new();
    let mut found = 0usize;
    for q in &phrases {
        let t = Instant::now();
        let hits = case.search(q, 20).unwrap();
        times.push(t.elapsed());
        found += usize::from(hits.total > 0);
    }
    times.sort();
    let at = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];

    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{n} productions ({} pages each time {repeat}), {pages} pages, {:.1} MB of page text",
        pages / n.max(1) / repeat,
        text_bytes as f64 / 1e6
    );
    println!(
        "  plain analysis (analyze_file, OCR off): {:>9.0} ms",
        ms(plain)
    );
    println!(
        "  case add, fresh case:                   {:>9.0} ms  ({:.2}x the plain analysis)",
        ms(first),
        first.as_secs_f64() / plain.as_secs_f64()
    );
    println!(
        "  case add again (hashes only):           {:>9.0} ms  ({:.3}x)",
        ms(again),
        again.as_secs_f64() / plain.as_secs_f64()
    );
    println!(
        "  case file: {:.1} MB ({:.2}x the page text)",
        case_size as f64 / 1e6,
        case_size as f64 / text_bytes.max(1) as f64
    );
    println!(
        "  phrase search ({} phrases, {found} found): p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        phrases.len(),
        ms(at(0.5)),
        ms(at(0.95)),
        ms(at(1.0))
    );
    // A production opened in the app from the case: its findings and page text read back
    // (`Case::analysis`, what the app's loader thread reads before the PDF's geometry).
    let ids: Vec<i64> = case.productions().unwrap().iter().map(|p| p.id).collect();
    let mut opens = Vec::new();
    for id in ids.iter().rev().take(5) {
        let t = Instant::now();
        let a = case.analysis(*id).unwrap().unwrap();
        opens.push(t.elapsed());
        assert!(!a.pages.is_empty());
    }
    opens.sort();
    println!(
        "  a production read back for the app (Case::analysis, {} tries): median {:.0} ms, max {:.0} ms",
        opens.len(),
        ms(opens[opens.len() / 2]),
        ms(opens[opens.len() - 1])
    );
    // What takes the space: tables and indexes (FTS5's shadow tables summed as `pages_fts*`).
    drop(case);
    let db = rusqlite::Connection::open(&case_path).unwrap();
    let mut stmt = db
        .prepare(
            "SELECT CASE WHEN name LIKE 'pages_fts%' THEN 'pages_fts*' ELSE name END AS n,
                    sum(pgsize) FROM dbstat GROUP BY n ORDER BY 2 DESC",
        )
        .unwrap();
    let rows: Vec<(String, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let parts: Vec<String> = rows
        .iter()
        .filter(|(_, b)| *b as f64 > case_size as f64 * 0.01)
        .map(|(n, b)| format!("{n} {:.1} MB", *b as f64 / 1e6))
        .collect();
    println!("  space: {}", parts.join(", "));
}
