//! Benchmark: how the cost grows with the input (issue 14, "linear cost").
//!
//! `cargo bench --bench growth` times, at growing sizes, with the median of a few runs:
//! - registry rows (1k, 10k, 100k, 200k less the header: the loader's limit is 200,000 rows):
//!   loading a generated CSV (the sample registry's rows, then generated ones) with
//!   `dossier::permits::load_registry`, and linking the pages of `samples/production.pdf` to it
//!   with `dossier::permits::link`;
//! - pages (50, 200, 800): `dossier::analyze_file` of `samples/production.pdf` repeated (OCR off);
//! - people (10, 100, 1,000 distinct officials, ten to a page): `dossier::analyze_file` of a
//!   generated production of e-mails with headers, short forms and signature blocks.
//!
//! For each series it prints the time per unit and, between consecutive sizes, the factor by which
//! the time grows against the factor by which the input grows, with the slope in log-log terms
//! (1.0 = linear, 2.0 = quadratic). Generated files go under `target/bench/` (never committed).
//! Nothing here is asserted: speed is measured, not tested.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[path = "common.rs"]
mod common;

/// Small PDFs made with lopdf (shared with the tests).
#[allow(dead_code)]
#[path = "../tests/common/pdfgen.rs"]
mod pdfgen;

/// Runs `f` up to `reps` times (fewer once `budget` is spent) and returns the median time.
fn median(reps: usize, budget: Duration, mut f: impl FnMut()) -> Duration {
    let start = Instant::now();
    let mut times = Vec::new();
    for _ in 0..reps {
        let t = Instant::now();
        f();
        times.push(t.elapsed());
        if start.elapsed() > budget {
            break;
        }
    }
    times.sort();
    times[times.len() / 2]
}

/// Prints one series: time per unit and the growth between consecutive sizes.
fn report(series: &str, unit: &str, points: &[(usize, Duration)]) {
    println!("{series}:");
    for (n, t) in points {
        println!(
            "  {n:>7} {unit}: {:>9.3} ms, {:>8.2} µs per {}",
            t.as_secs_f64() * 1e3,
            t.as_secs_f64() * 1e6 / *n as f64,
            if unit == "people" {
                "person"
            } else {
                unit.trim_end_matches('s')
            }
        );
    }
    for w in points.windows(2) {
        let ((n0, t0), (n1, t1)) = (w[0], w[1]);
        let size = n1 as f64 / n0 as f64;
        let time = t1.as_secs_f64() / t0.as_secs_f64().max(1e-9);
        println!(
            "  {n0} -> {n1} {unit} (x{size:.1}): time x{time:.2}, slope {:.2}",
            time.ln() / size.ln()
        );
    }
    if let (Some((n0, t0)), Some((n1, t1))) = (points.first(), points.last()) {
        let size = *n1 as f64 / *n0 as f64;
        let time = t1.as_secs_f64() / t0.as_secs_f64().max(1e-9);
        let slope = time.ln() / size.ln();
        println!(
            "  overall {n0} -> {n1}: time x{time:.1} for size x{size:.0}, slope {slope:.2}; \
             doubling the input multiplies the time by {:.2}",
            2f64.powf(slope)
        );
    }
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out_dir = root.join("target").join("bench");
    std::fs::create_dir_all(&out_dir).expect("create target/bench");
    let sample = root.join("samples").join("production.pdf");
    let options = dossier::Options {
        ocr: dossier::ocr::OcrOptions {
            mode: dossier::ocr::OcrMode::Never,
            ..Default::default()
        },
        ..Default::default()
    };
    println!(
        "{} cores; median of up to 3 runs per size",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );

    registry_rows(&out_dir, &sample, &options);
    pages(&out_dir, &sample, &options);
    people(&out_dir, &options);
}

/// (a) Registry rows: load, then link the sample's pages.
fn registry_rows(out_dir: &Path, sample: &Path, options: &dossier::Options) {
    let analysis = dossier::analyze_file(sample, options, &dossier::analysis::NoProgress)
        .expect("analysis of the sample production");
    let mut load = Vec::new();
    let mut link = Vec::new();
    for rows in [1_000, 10_000, 100_000, 199_999] {
        let path = out_dir.join(format!("registry-{rows}.csv"));
        if !path.exists() {
            let sample = std::fs::read_to_string(sample.with_file_name("permits.csv"))
                .expect("samples/permits.csv");
            std::fs::write(&path, registry_csv(&sample, rows)).expect("write the registry");
        }
        let mut registry = None;
        let t = median(3, Duration::from_secs(10), || {
            registry = Some(dossier::permits::load_registry(&path).expect("registry loads"));
        });
        load.push((rows, t));
        let registry = registry.expect("loaded");
        assert_eq!(registry.permits.len(), rows);
        let mut links = 0;
        let t = median(3, Duration::from_secs(10), || {
            links = dossier::permits::link(&analysis.pages, &analysis.documents, &registry).len();
        });
        println!(
            "  ({rows} rows: {links} links on {} pages)",
            analysis.pages.len()
        );
        link.push((rows, t));
    }
    report("registry: load_registry (CSV)", "rows", &load);
    report(
        &format!(
            "registry: link {} pages of samples/production.pdf",
            analysis.pages.len()
        ),
        "rows",
        &link,
    );
}

/// A registry of `rows` permits: the sample registry's (so that the sample production links), then
/// generated ones with distinct numbers and serials, end users, consignees and goods models from
/// pools, so that context cues are shared by some permits but not all.
fn registry_csv(sample: &str, rows: usize) -> String {
    const SYL: &[&str] = &[
        "ka", "lo", "mi", "ner", "vo", "tas", "ril", "du", "sen", "gar", "pel", "zu",
    ];
    let word = |mut k: usize| {
        let mut w = String::new();
        for _ in 0..3 {
            w.push_str(SYL[k % SYL.len()]);
            k /= SYL.len();
        }
        let mut c = w.chars();
        c.next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    };
    let mut s = String::new();
    for line in sample.lines().filter(|l| !l.trim().is_empty()) {
        s.push_str(line);
        s.push('\n');
    }
    let sample_rows = s.lines().count().saturating_sub(1);
    let countries = ["Turkey", "Saudi Arabia", "Azerbaijan", "Germany", "Chile"];
    for i in 0..rows.saturating_sub(sample_rows) {
        let year = 2015 + i % 8;
        let month = 1 + i % 12;
        let day = 1 + i % 28;
        writeln!(
            s,
            "EXP-{year}-{i:06},{} Systems Inc.,{} Makina,{} Air Force,{},ZX-{}D imaging sensor,{},ZS{i}-1;ZS{i}-2,{year}-{month:02}-{day:02},{}-{month:02}-{day:02},issued,{year}-{month:02}-{day:02},",
            word(i % 300),
            word(i % 997 + 300),
            word(i % 1499 + 1300),
            countries[i % countries.len()],
            i % 5000,
            1 + i % 9,
            year + 2,
        )
        .unwrap();
    }
    s
}

/// (b) Pages: the sample production repeated.
fn pages(out_dir: &Path, sample: &Path, options: &dossier::Options) {
    let mut points = Vec::new();
    for pages in [50, 200, 800] {
        let path = out_dir.join(format!("production-{pages}.pdf"));
        if !path.exists() {
            common::repeat_pages(sample, pages, &path);
        }
        let t = median(3, Duration::from_secs(20), || {
            let a = dossier::analyze_file(&path, options, &dossier::analysis::NoProgress)
                .expect("analysis");
            assert_eq!(a.pages.len(), pages);
        });
        points.push((pages, t));
    }
    report(
        "pages: analyze_file of samples/production.pdf repeated",
        "pages",
        &points,
    );
}

/// (c) People: e-mails naming `people` distinct officials, ten to a page.
fn people(out_dir: &Path, options: &dossier::Options) {
    let mut points = Vec::new();
    for people in [10, 100, 1000] {
        let path = out_dir.join(format!("people-{people}.pdf"));
        if !path.exists() {
            std::fs::write(&path, people_pdf(people)).expect("write the people production");
        }
        let mut found = 0;
        let t = median(3, Duration::from_secs(20), || {
            let a = dossier::analyze_file(&path, options, &dossier::analysis::NoProgress)
                .expect("analysis");
            found = a.officials.len();
        });
        println!("  ({people} people written: {found} found)");
        points.push((people, t));
    }
    report(
        "people: analyze_file of generated e-mails",
        "people",
        &points,
    );
}

/// The natural name of person `k`: distinct first and last names made of syllables.
fn person(k: usize) -> (String, String) {
    const FIRST: &[&str] = &[
        "Anna", "Marc", "Sofia", "Louis", "Nadia", "Pierre", "Claire", "Omar", "Julie", "Samir",
    ];
    const SYL: &[&str] = &[
        "bar", "den", "kol", "mar", "nis", "pel", "rov", "sun", "tel", "vik",
    ];
    let mut last = String::new();
    let mut n = k;
    for _ in 0..4 {
        last.push_str(SYL[n % SYL.len()]);
        n /= SYL.len();
    }
    let mut c = last.chars();
    let last = c
        .next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default();
    (FIRST[(k / 7) % FIRST.len()].to_string(), last)
}

/// A production where each page is an e-mail between ten people: header in the directory form,
/// a body with short forms and an apposition, a signature block.
fn people_pdf(people: usize) -> Vec<u8> {
    let per_page = 10;
    let mut contents = Vec::new();
    for (page_no, first) in (0..people).step_by(per_page).enumerate() {
        let group: Vec<(String, String)> = (first..(first + per_page).min(people))
            .map(person)
            .collect();
        let (f0, l0) = &group[0];
        let mut lines = vec![
            format!("From: {l0}, {f0} -TID"),
            format!(
                "To: {}",
                group
                    .iter()
                    .skip(1)
                    .map(|(f, l)| format!("{l}, {f} -TID"))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            format!(
                "Sent: March {}, 2021 10:{:02} AM",
                1 + page_no % 28,
                page_no % 60
            ),
            format!("Subject: Export file {page_no} for review"),
            String::new(),
        ];
        for (f, l) in &group[1..] {
            lines.push(format!("{f},"));
            lines.push(format!(
                "Ms. {l} asked about the permit; {f} {l}, Director General, Export Controls Bureau, agreed."
            ));
        }
        lines.push(String::new());
        lines.push(format!("{f0} {l0}"));
        lines.push("Director General, Export Controls Bureau".to_string());
        lines.push("Global Affairs Canada".to_string());
        lines.push(format!(
            "{}.{}@international.gc.ca",
            f0.to_lowercase(),
            l0.to_lowercase()
        ));
        let mut ops = String::from("BT /F1 8 Tf 10 TL 40 760 Td\n");
        for l in &lines {
            let escaped = l
                .replace('\\', "\\\\")
                .replace('(', "\\(")
                .replace(')', "\\)");
            writeln!(ops, "({escaped}) Tj T*").unwrap();
        }
        ops.push_str("ET\n");
        contents.push(ops);
    }
    pdfgen::pages(&contents)
}
