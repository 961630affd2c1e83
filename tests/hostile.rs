//! Hostile input: broken, malicious and odd PDFs must each give an analysis or a clear per-file
//! error: never a panic, a hang or unbounded memory.
//!
//! Two sets: files made here by code (truncated, garbage xref, missing objects, wrong lengths, cyclic
//! page trees, huge dimensions, broken fonts and images, zero pages, self-including forms, deep
//! nesting, a Flate bomb), and the real broken files of `../shared/corpus/malformed/` (skipped when
//! absent). Each file runs through the real binary in its own process, so a crash or a hang is seen
//! as such; the generous time guard only catches hangs, it measures no speed.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::common;
use crate::common::hostile_files::{malformed_files, many_tiny_pages};

/// Longest any single file may take before it is killed and called a hang. Not a speed test:
/// the time each file took is printed, and `cargo bench --bench hostile` measures it in release.
const HANG_GUARD_SECS: u32 = 60;
/// Peak resident memory any single file may take, MiB.
const MEMORY_LIMIT_MIB: u64 = 512;

/// What one run of `dossier analyze --json FILE` gave.
#[derive(Debug)]
struct Outcome {
    analysed: bool,
    errors: Vec<String>,
    /// Peak resident memory of the process, MiB (`None` without `/usr/bin/time`).
    peak_mib: Option<u64>,
    /// Wall time, seconds.
    secs: f64,
}

/// `/usr/bin/time`, which reads the child's peak memory from the kernel, or `None` with a
/// printed reason.
fn time_tool() -> Option<&'static Path> {
    let time = Path::new("/usr/bin/time");
    if time.exists() {
        Some(time)
    } else {
        eprintln!(
            "peak memory not measured: /usr/bin/time is not installed (.ci/setup installs it)"
        );
        None
    }
}

/// Runs `dossier analyze --json FILE` (OCR as a user has it, with a cache of its own) under
/// `timeout`, measuring its peak memory, and checks what a user is owed: exit 0 with an
/// analysis or exit 2 with a per-file error naming the file, within the memory limit.
fn run_one(path: &Path) -> Outcome {
    let cache = common::root()
        .join("target")
        .join("test-tmp")
        .join("hostile-ocr-cache");
    let mut cmd = match time_tool() {
        Some(time) => {
            let mut c = Command::new(time);
            c.args(["-f", "dossier-peak-kib %M"]);
            c.arg("timeout");
            c
        }
        None => Command::new("timeout"),
    };
    cmd.args(["-s", "KILL", &HANG_GUARD_SECS.to_string()])
        .arg(common::dossier_bin())
        .args(["analyze", "--json"])
        .arg(path)
        .env("DOSSIER_CACHE_DIR", &cache);
    let start = Instant::now();
    let out = cmd.output().unwrap();
    let secs = start.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let code = out.status.code();
    assert_ne!(
        code,
        Some(137),
        "{}: killed after {HANG_GUARD_SECS} s (hang)",
        path.display()
    );
    let peak_mib = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("dossier-peak-kib "))
        .next_back()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(|kib| kib / 1024);
    assert!(
        code == Some(0) || code == Some(2),
        "{}: exit {code:?} (crash?) stderr: {stderr}",
        path.display()
    );
    if let Some(mib) = peak_mib {
        assert!(
            mib < MEMORY_LIMIT_MIB,
            "{}: peak memory {mib} MiB (limit {MEMORY_LIMIT_MIB} MiB)",
            path.display()
        );
    }
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{}: stdout is not JSON ({e}); stderr: {stderr}",
            path.display()
        )
    });
    let file = &report["files"][0];
    let errors: Vec<String> = file["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap().to_string())
        .collect();
    if !errors.is_empty() {
        // A per-file error names the file on stderr, says what is wrong, and sets exit 2.
        let name = path.file_name().unwrap().to_string_lossy();
        assert!(
            stderr.contains(&*name),
            "{}: stderr does not name the file: {stderr}",
            path.display()
        );
        assert!(
            errors.iter().all(|e| e.len() > 5),
            "{}: unclear error {errors:?}",
            path.display()
        );
        assert_eq!(
            code,
            Some(2),
            "{}: a failed file must set exit 2",
            path.display()
        );
    }
    let outcome = Outcome {
        analysed: errors.is_empty() && file["pages"].as_u64().unwrap_or(0) > 0,
        errors,
        peak_mib,
        secs,
    };
    eprintln!(
        "{}: {}, peak {} MiB, {:.1} s",
        path.file_name().unwrap_or_default().to_string_lossy(),
        if outcome.analysed {
            "analysed".to_string()
        } else {
            format!("error {:?}", outcome.errors)
        },
        outcome.peak_mib.map_or("?".to_string(), |m| m.to_string()),
        outcome.secs
    );
    outcome
}

fn write_all(dir: &Path) -> Vec<PathBuf> {
    malformed_files()
        .into_iter()
        .map(|(name, bytes)| {
            let path = dir.join(name);
            std::fs::write(&path, bytes).unwrap();
            path
        })
        .collect()
}

#[test]
fn generated_malformed_and_crafted_files_give_an_analysis_or_a_clear_error_within_512_mib() {
    let dir = common::temp_dir("hostile-generated");
    let paths = write_all(&dir);
    let mut must_fail = vec![
        "empty.pdf",
        "text-renamed.pdf",
        "header-only.pdf",
        "zero-pages.pdf",
    ];
    for path in &paths {
        // Small files: the point is that a few bytes cannot buy gigabytes.
        let size = std::fs::metadata(path).unwrap().len();
        assert!(size < 16_000_000, "{}: {size} bytes", path.display());
        let outcome = run_one(path);
        let name = path.file_name().unwrap().to_string_lossy();
        if let Some(i) = must_fail.iter().position(|n| *n == name) {
            assert!(!outcome.analysed, "{name} should be an error");
            must_fail.swap_remove(i);
        }
    }
    assert!(must_fail.is_empty(), "not generated: {must_fail:?}");
}

/// The 100,000-page file is analysed, not refused, and the pages past the file's page-model
/// budget (if any) are named in a warning.
#[test]
fn a_hundred_thousand_tiny_pages_are_analysed() {
    let dir = common::temp_dir("hostile-many-pages");
    let (name, bytes) = many_tiny_pages();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let outcome = run_one(&path);
    assert!(outcome.analysed, "{:?}", outcome.errors);
}

#[test]
fn a_batch_of_hostile_files_goes_on_past_each_failure() {
    let dir = common::temp_dir("hostile-batch");
    let paths = write_all(&dir);
    std::fs::copy(common::sample("production.pdf"), dir.join("zz-good.pdf")).ok();
    let out = Command::new(common::dossier_bin())
        .args(["analyze", "--json"])
        .arg(&dir)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = report["files"].as_array().unwrap();
    let expected = paths.len() + usize::from(dir.join("zz-good.pdf").exists());
    assert_eq!(files.len(), expected, "every file has an entry");
    if dir.join("zz-good.pdf").exists() {
        let good = files
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with("zz-good.pdf"))
            .unwrap();
        assert!(good["errors"].as_array().unwrap().is_empty());
        assert!(good["pages"].as_u64().unwrap() > 0);
    }
}

#[test]
#[cfg_attr(
    not(dossier_corpus),
    ignore = "needs the shared corpus at ../shared/corpus or $DOSSIER_CORPUS (absent at build time)"
)]
fn shared_malformed_corpus_gives_an_analysis_or_a_clear_error_within_512_mib() {
    let corpus = common::corpus();
    let mut paths = Vec::new();
    let mut stack = vec![corpus.join("malformed")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "pdf" || e == "fuzz") {
                paths.push(p);
            }
        }
    }
    paths.sort();
    assert!(
        paths.len() > 50,
        "expected the qpdf and fuzz files, found {}",
        paths.len()
    );
    let (mut analysed, mut failed) = (0, 0);
    for p in &paths {
        if run_one(p).analysed {
            analysed += 1;
        } else {
            failed += 1;
        }
    }
    eprintln!(
        "malformed corpus: {analysed} analysed, {failed} per-file errors, 0 crashes, 0 hangs"
    );
}

/// Every committed reproducer (fuzz findings and the crafted files above, saved): in process, as
/// the fuzz target runs it, and through the binary within the memory limit.
#[test]
fn fuzz_regressions_give_an_analysis_or_a_clear_error() {
    let dir = common::root().join("tests").join("fuzz_regressions");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_none_or(|x| x != "md"))
        .collect();
    paths.sort();
    assert!(
        paths.len() >= 10,
        "{}: expected the committed reproducers, found {}",
        dir.display(),
        paths.len()
    );
    for path in &paths {
        let bytes = std::fs::read(path).unwrap();
        let _ = dossier::analyze_bytes(
            path,
            &bytes,
            &dossier::Options::default(),
            &dossier::analysis::NoProgress,
        );
        run_one(path);
    }
}

/// Past the file's page-model budget, pages are kept empty and named once; the pages before it
/// are read as usual, and the same file always cuts at the same page.
#[test]
fn pages_past_the_page_model_budget_are_kept_empty_and_named() {
    let path = common::sample("production.pdf");
    let bytes = std::fs::read(&path).unwrap();
    // OCR off: a page read from the OCR cache says so, and the runs are compared page by page.
    let mut plain = dossier::Options::default();
    plain.ocr.mode = dossier::ocr::OcrMode::Never;
    let full =
        dossier::analyze_bytes(&path, &bytes, &plain, &dossier::analysis::NoProgress).unwrap();
    let total: usize = full.pages.iter().map(|p| p.held().bytes).sum();
    let mut options = plain.clone();
    options.limits.max_model_bytes = total / 2;
    options.limits.model_bytes_per_file_byte = 0;
    let cut = |o: &dossier::Options| {
        dossier::analyze_bytes(&path, &bytes, o, &dossier::analysis::NoProgress).unwrap()
    };
    let half = cut(&options);
    assert_eq!(
        half.pages.len(),
        full.pages.len(),
        "every page is still there"
    );
    let first_empty = half
        .pages
        .iter()
        .position(|p| p.runs.is_empty() && p.paths.is_empty())
        .expect("some pages are past the budget");
    assert!(first_empty > 0, "the first pages are read");
    for (kept, whole) in half.pages.iter().zip(&full.pages).take(first_empty) {
        assert_eq!(kept, whole, "page {} is read as usual", kept.number);
    }
    let held: usize = half.pages.iter().map(|p| p.held().bytes).sum();
    assert!(held <= total / 2, "{held} bytes held, budget {}", total / 2);
    let last = full.pages.len();
    let named = format!("pages {}–{last}: not read", first_empty + 1);
    assert!(
        half.warnings.iter().any(|w| w.starts_with(&named)),
        "no warning naming {named}: {:?}",
        half.warnings
    );
    assert!(
        half.redactions
            .iter()
            .all(|r| (r.page as usize) <= first_empty),
        "no findings from pages that were not read"
    );
    let again = cut(&options);
    assert_eq!(
        again.pages, half.pages,
        "the cut does not depend on thread timing"
    );
}
