//! Layering: lopdf only in `src/pdf/`, GUI crates only in `src/ui/` and `src/main.rs`, the
//! terminal's progress bar (indicatif) only in `src/main.rs`.

use crate::common;

fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn crates_stay_in_their_layer() {
    let src = common::root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut problems = Vec::new();
    for f in files {
        let rel = f
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(&f).unwrap();
        let uses = |krate: &str| {
            text.lines().any(|l| {
                let l = l.trim_start();
                !l.starts_with("//")
                    && (l.contains(&format!("{krate}::")) || l.contains(&format!("use {krate}")))
            })
        };
        if uses("lopdf") && !rel.starts_with("pdf/") {
            problems.push(format!("{rel} uses lopdf"));
        }
        for gui in ["egui", "eframe", "rfd"] {
            if uses(gui) && !rel.starts_with("ui/") && rel != "main.rs" {
                problems.push(format!("{rel} uses {gui}"));
            }
        }
        // Pages are drawn for the screen and for OCR: hayro stays in those two places.
        if uses("hayro") && !rel.starts_with("ui/") && rel != "raster.rs" {
            problems.push(format!("{rel} uses hayro"));
        }
        // The terminal's progress bar is the binary's: the library only reports progress.
        if uses("indicatif") && rel != "main.rs" {
            problems.push(format!("{rel} uses indicatif"));
        }
        // Tesseract is behind one module.
        if uses("tesseract_plumbing") && rel != "ocr/engine.rs" {
            problems.push(format!("{rel} uses tesseract"));
        }
    }
    assert!(problems.is_empty(), "{problems:?}");
}
