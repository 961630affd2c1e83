//! Benchmark: time and peak memory of `dossier analyze --json` (release build, OCR as a user has it)
//! on every hostile file the tests craft (`tests/common/hostile_files.rs`) and on the shared corpus's
//! `malformed/` set when `../shared/corpus` is there.
//!
//! `cargo bench --bench hostile` prints one line per file (wall time, peak resident memory read by
//! `/usr/bin/time`, what the user got) and the worst of each against the bounds the README states
//! (512 MiB, 10 s). The memory bound is a test (`hostile::*`); time is only measured here.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

#[allow(dead_code)]
#[path = "../tests/common/hostile_files.rs"]
mod hostile_files;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `(seconds, peak MiB, outcome)` of one run.
fn measure(bin: &Path, file: &Path, cache: &Path) -> (f64, Option<u64>, String) {
    let time_out = cache.join("time.txt");
    let start = Instant::now();
    let out = Command::new("/usr/bin/time")
        .arg("-o")
        .arg(&time_out)
        .args(["-f", "%M"])
        .arg(bin)
        .args(["analyze", "--json"])
        .arg(file)
        .env("DOSSIER_CACHE_DIR", cache)
        .output();
    let secs = start.elapsed().as_secs_f64();
    let Ok(out) = out else {
        return (
            secs,
            None,
            "could not run /usr/bin/time (.ci/setup installs it)".into(),
        );
    };
    let peak = std::fs::read_to_string(&time_out)
        .ok()
        .and_then(|t| t.lines().last().and_then(|l| l.trim().parse::<u64>().ok()))
        .map(|kib| kib / 1024);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let file = &report["files"][0];
    let outcome = match file["errors"].as_array().and_then(|e| e.first()) {
        Some(e) => format!("error: {}", e.as_str().unwrap_or("?")),
        None if file.is_object() => format!("{} pages", file["pages"]),
        None => format!("exit {:?}, no report", out.status.code()),
    };
    (secs, peak, outcome)
}

fn main() {
    let bin = root().join("target").join("release").join("dossier");
    let built = Command::new(env!("CARGO"))
        .args(["build", "--release", "--bin", "dossier"])
        .current_dir(root())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !built || !bin.exists() {
        eprintln!("could not build target/release/dossier");
        return;
    }
    let dir = root().join("target").join("bench").join("hostile");
    std::fs::create_dir_all(&dir).unwrap();
    let cache = dir.join("ocr-cache");
    std::fs::create_dir_all(&cache).unwrap();
    let mut files = Vec::new();
    let (name, bytes) = hostile_files::many_tiny_pages();
    for (name, bytes) in hostile_files::malformed_files()
        .into_iter()
        .chain(std::iter::once((name, bytes)))
    {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        files.push(path);
    }
    let corpus = std::env::var_os("DOSSIER_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("..").join("shared").join("corpus"));
    let mut stack = vec![corpus.join("malformed")];
    let mut shared = Vec::new();
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "pdf" || x == "fuzz") {
                shared.push(p);
            }
        }
    }
    shared.sort();
    if shared.is_empty() {
        println!(
            "(the shared corpus is not at {}: crafted files only)",
            corpus.display()
        );
    }
    let (mut worst_secs, mut worst_mib) = ((0.0, String::new()), (0, String::new()));
    println!("{:<42} {:>8} {:>9}  outcome", "file", "seconds", "peak MiB");
    for f in files.iter().chain(&shared) {
        let (secs, peak, outcome) = measure(&bin, f, &cache);
        let name = f
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        println!(
            "{name:<42} {secs:>8.2} {:>9}  {outcome}",
            peak.map_or("?".to_string(), |m| m.to_string())
        );
        if secs > worst_secs.0 {
            worst_secs = (secs, name.clone());
        }
        if let Some(m) = peak
            && m > worst_mib.0
        {
            worst_mib = (m, name);
        }
    }
    println!(
        "\n{} files; slowest {:.2} s ({}), bound 10 s; most memory {} MiB ({}), bound 512 MiB",
        files.len() + shared.len(),
        worst_secs.0,
        worst_secs.1,
        worst_mib.0,
        worst_mib.1
    );
}
