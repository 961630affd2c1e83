//! Benchmark: the case on PostgreSQL against the case file (issue 19).
//! `cargo bench --bench pg -- [PAGES]` (default 50,000) makes PAGES / 1,000 generated productions
//! of 1,000 pages each (`tests/common/production.rs`, seeds 1.., pages repeated) under
//! `target/bench/pg/`, analyses each once (OCR off), and writes each analysis into a fresh SQLite
//! case and a fresh PostgreSQL case (one transaction per production each), then runs the same
//! phrase and word searches on both. Prints the time of each and their ratios (PostgreSQL /
//! SQLite). The server: `DOSSIER_PG_URL` and `DOSSIER_PG_ADMIN_URL` (as `.ci/pg-start` prints
//! them), else one started with `.ci/pg-start` and stopped at the end. Nothing is asserted.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

#[allow(dead_code)]
#[path = "../tests/common/production.rs"]
mod production;

#[path = "common.rs"]
mod common;

fn exports(text: &str) -> std::collections::HashMap<String, String> {
    text.lines()
        .filter_map(|l| l.strip_prefix("export "))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.trim_matches('\'').to_string()))
        .collect()
}

fn percentile(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i.min(v.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let pages_wanted: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(50_000);
    let per = 1000usize;
    let n = pages_wanted.div_ceil(per).max(1);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("target").join("bench").join("pg");
    let files_dir = dir.join(format!("productions-{n}x{per}"));
    std::fs::create_dir_all(&files_dir).unwrap();

    // The server.
    let (url, admin, started) = match (
        std::env::var("DOSSIER_PG_URL"),
        std::env::var("DOSSIER_PG_ADMIN_URL"),
    ) {
        (Ok(u), Ok(a)) => (u, a, None),
        _ => {
            let out = Command::new("bash")
                .arg(root.join(".ci/pg-start"))
                .arg("55999")
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "no server: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let v = exports(&String::from_utf8_lossy(&out.stdout));
            (
                v["DOSSIER_PG_URL"].clone(),
                v["DOSSIER_PG_ADMIN_URL"].clone(),
                Some(v["DOSSIER_PG_DIR"].clone()),
            )
        }
    };
    let mut a = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
    a.batch_execute("DROP DATABASE IF EXISTS bench_pg WITH (FORCE)")
        .unwrap();
    a.batch_execute("CREATE DATABASE bench_pg OWNER dossier_owner")
        .unwrap();
    let pg_url = format!("{}/bench_pg", url.rsplit_once('/').unwrap().0);
    let mut pg = dossier::store::pg::PgCase::create_or_open(&pg_url).unwrap();
    let case_path = dir.join(format!("bench-{n}.dossier"));
    for suffix in ["", "-wal", "-shm"] {
        let mut p = case_path.clone().into_os_string();
        p.push(suffix);
        std::fs::remove_file(PathBuf::from(p)).ok();
    }
    let mut sqlite = dossier::store::Case::create_or_open(&case_path).unwrap();

    let options = dossier::Options {
        ocr: dossier::ocr::OcrOptions {
            mode: dossier::ocr::OcrMode::Never,
            ..Default::default()
        },
        ..Default::default()
    };
    let (mut analyse, mut to_sqlite, mut to_pg) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    let mut pages = 0usize;
    let mut rng = production::Rng::new(19);
    let mut phrases: Vec<String> = Vec::new();
    for seed in 1..=n as u64 {
        let path = files_dir.join(format!("production-{seed:03}.pdf"));
        if !path.exists() {
            let one = files_dir.join(format!("one-{seed:03}.pdf"));
            std::fs::write(&one, production::generate(seed).pdf).unwrap();
            common::repeat_pages(&one, per, &path);
            std::fs::remove_file(&one).unwrap();
        }
        let size = std::fs::metadata(&path).unwrap().len();
        let t = Instant::now();
        let an = dossier::analyze_file(&path, &options, &dossier::analysis::NoProgress).unwrap();
        analyse += t.elapsed();
        pages += an.pages.len();
        let t = Instant::now();
        sqlite.add_production(&an, size).unwrap();
        to_sqlite += t.elapsed();
        let t = Instant::now();
        pg.add_production(&an, size, None).unwrap();
        to_pg += t.elapsed();
        for _ in 0..4 {
            let page = &an.pages[rng.below(an.pages.len())];
            let text = dossier::textfold::fold_words(&page.text());
            let words: Vec<&str> = text.split(' ').collect();
            let word = |w: &&str| w.len() > 2 && w.chars().all(char::is_alphabetic);
            let starts: Vec<usize> = (0..words.len().saturating_sub(3))
                .filter(|&i| words[i..i + 3].iter().all(word))
                .collect();
            if !starts.is_empty() {
                let i = starts[rng.below(starts.len())];
                phrases.push(format!("\"{}\"", words[i..i + 3].join(" ")));
                phrases.push(words[i].to_string());
            }
        }
        eprint!("\r{seed}/{n} productions");
    }
    eprintln!();
    let (mut sq_times, mut pg_times) = (Vec::new(), Vec::new());
    let mut differ = 0;
    for q in &phrases {
        let t = Instant::now();
        let a = sqlite.search(q, 20).unwrap();
        sq_times.push(t.elapsed());
        let t = Instant::now();
        let b = pg.search(q, 20).unwrap();
        pg_times.push(t.elapsed());
        if a.total != b.total {
            differ += 1;
        }
    }
    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64().max(1e-9);
    println!(
        "{pages} pages in {n} productions; analysis {:.1} s",
        analyse.as_secs_f64()
    );
    println!(
        "writing: SQLite {:.1} s, PostgreSQL {:.1} s (ratio {:.2}); adding (analysis + writing): ratio {:.2}",
        to_sqlite.as_secs_f64(),
        to_pg.as_secs_f64(),
        ratio(to_pg, to_sqlite),
        ratio(analyse + to_pg, analyse + to_sqlite)
    );
    let (sq50, sq95) = (
        percentile(&mut sq_times, 0.5),
        percentile(&mut sq_times, 0.95),
    );
    let (pg50, pg95) = (
        percentile(&mut pg_times, 0.5),
        percentile(&mut pg_times, 0.95),
    );
    println!(
        "search ({} queries, phrases and single words): SQLite p50 {:.1} ms p95 {:.1} ms; PostgreSQL p50 {:.1} ms p95 {:.1} ms (ratios {:.2}, {:.2}); totals differing: {differ}",
        phrases.len(),
        ms(sq50),
        ms(sq95),
        ms(pg50),
        ms(pg95),
        ratio(pg50, sq50),
        ratio(pg95, sq95)
    );
    let size: i64 = a
        .query_one("SELECT pg_database_size('bench_pg')", &[])
        .unwrap()
        .get(0);
    println!(
        "size: case file {:.1} MB, PostgreSQL database {:.1} MB",
        std::fs::metadata(&case_path).unwrap().len() as f64 / 1e6,
        size as f64 / 1e6
    );
    drop(pg);
    if let Some(d) = started {
        Command::new("bash")
            .arg(root.join(".ci/pg-stop"))
            .arg(d)
            .status()
            .ok();
    }
}
