//! Benchmark: pages per second of the full `analyze` on a big production, beside `pdftotext` and
//! `pdftoppm` (poppler-utils) on the same file, with peak memory.
//!
//! `cargo bench` (or `cargo bench --bench analyze -- PAGES`) builds a production of PAGES pages
//! (default 2,000) by repeating the pages of `samples/production.pdf`, writes it under
//! `target/bench/` (never committed), then times, on the same machine in the same run:
//! - `dossier::analyze_file` in this process (median of 3 runs, all cores via rayon),
//! - the release binary `dossier analyze --json --ocr never` as a process, with its peak RSS from `/proc`,
//! - `pdftotext` (text layer) and `pdftoppm -r 72` (rendering) when installed;
//!
//! then prints pages/s and the ratios. Nothing here is asserted: speed is measured, not tested.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

#[path = "common.rs"]
mod common;

fn main() {
    let (big, pages) = common::big_production(2000);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out_dir = root.join("target").join("bench");
    let size = std::fs::metadata(&big).map(|m| m.len()).unwrap_or(0);
    println!(
        "file: {} ({pages} pages, {:.1} MB), {} cores",
        big.display(),
        size as f64 / 1e6,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );

    // In-process analysis (median of 3).
    // The text pipeline: the sample's scanned page (one in twelve) is searched for dark blocks
    // but not read by OCR here; `cargo bench --bench ocr` measures OCR.
    let options = dossier::Options {
        ocr: dossier::ocr::OcrOptions {
            mode: dossier::ocr::OcrMode::Never,
            ..Default::default()
        },
        ..Default::default()
    };
    let mut times = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let a = dossier::analyze_file(&big, &options, &dossier::analysis::NoProgress)
            .expect("analysis of the benchmark file");
        times.push(t.elapsed());
        assert_eq!(a.pages.len(), pages);
    }
    times.sort();
    let ours = times[1];
    report("dossier analyze (in process, median of 3)", pages, ours);
    if let Some(hwm) = peak_rss_kib() {
        println!("  peak RSS of this process: {:.0} MiB", hwm as f64 / 1024.0);
    }

    // The release binary as a user runs it.
    let bin = root.join("target").join("release").join("dossier");
    if bin.exists() {
        if let Some((t, rss)) = time_process(&bin, &["analyze", "--json", "--ocr", "never"], &big) {
            report("dossier analyze --json (process)", pages, t);
            if let Some(rss) = rss {
                println!("  peak RSS: {:.0} MiB", rss as f64 / 1024.0);
            }
        }
    } else {
        println!("(build `cargo build --release` to also time the binary as a process)");
    }

    for (tool, args) in [
        ("pdftotext", vec!["-q"]),
        ("pdftoppm", vec!["-q", "-r", "72", "-gray"]),
    ] {
        let Some(path) = which(tool) else {
            println!("{tool}: not installed (apt-get install poppler-utils)");
            continue;
        };
        let t = if tool == "pdftotext" {
            time_command(Command::new(&path).args(&args).arg(&big).arg("/dev/null"))
        } else {
            let prefix = out_dir.join("ppm");
            let t = time_command(Command::new(&path).args(&args).arg(&big).arg(&prefix));
            for entry in std::fs::read_dir(&out_dir).into_iter().flatten().flatten() {
                if entry.file_name().to_string_lossy().starts_with("ppm") {
                    std::fs::remove_file(entry.path()).ok();
                }
            }
            t
        };
        if let Some(t) = t {
            report(tool, pages, t);
            println!(
                "  ratio: dossier analyze is {:.2}× the speed of {tool}",
                t.as_secs_f64() / ours.as_secs_f64()
            );
        }
    }
}

fn report(what: &str, pages: usize, t: Duration) {
    println!(
        "{what}: {:.2} s, {:.0} pages/s",
        t.as_secs_f64(),
        pages as f64 / t.as_secs_f64()
    );
}

fn which(tool: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|d| Path::new(d).join(tool))
        .find(|p| p.is_file())
}

fn time_command(cmd: &mut Command) -> Option<Duration> {
    let t = Instant::now();
    let status = cmd.status().ok()?;
    status.success().then(|| t.elapsed())
}

/// Runs `bin args file`, returns the wall time and the child's peak RSS (KiB) when
/// `/usr/bin/time` is there to tell it (Debian package `time`).
fn time_process(bin: &Path, args: &[&str], file: &Path) -> Option<(Duration, Option<u64>)> {
    let time_bin = Path::new("/usr/bin/time");
    let rss_file = std::env::temp_dir().join(format!("dossier-bench-rss-{}", std::process::id()));
    let mut cmd = if time_bin.exists() {
        let mut c = Command::new(time_bin);
        c.arg("-f").arg("%M").arg("-o").arg(&rss_file).arg(bin);
        c
    } else {
        Command::new(bin)
    };
    let t = Instant::now();
    let status = cmd
        .args(args)
        .arg(file)
        .stdout(std::process::Stdio::null())
        .status()
        .ok()?;
    let elapsed = t.elapsed();
    let rss = std::fs::read_to_string(&rss_file)
        .ok()
        .and_then(|s| s.trim().parse().ok());
    std::fs::remove_file(&rss_file).ok();
    status.success().then_some((elapsed, rss))
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}
