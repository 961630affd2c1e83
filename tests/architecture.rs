//! Layering: lopdf only in `src/pdf/`, GUI crates only in `src/ui/` and `src/main.rs`, the
//! terminal's progress bar (indicatif) only in `src/main.rs`; the crate's modules import one way
//! (`ARCHITECTURE.md`): pdf -> detectors -> analysis -> project -> exports, CLI, GUI.

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
        for gui in ["egui", "egui_plot", "eframe", "rfd"] {
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

/// The crate's top-level modules a source file names: `crate::x` (and `$crate::x`),
/// `crate::{x, y::z}`, and `super::` chains that climb to the crate root from a file `depth`
/// modules deep (`x.rs` and `x/mod.rs` are 1 deep, `x/y.rs` 2). Comment lines are skipped.
fn named_modules(text: &str, depth: usize) -> std::collections::BTreeSet<String> {
    let code: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect();
    let code = code.join("\n");
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    // The first name of each path that starts at `rest` (one, or each of a `{...}` group).
    let heads = |rest: &str| -> Vec<String> {
        let Some(group) = rest.trim_start().strip_prefix('{') else {
            return vec![ident(rest)];
        };
        let (mut out, mut level, mut start) = (Vec::new(), 0usize, true);
        for (i, c) in group.char_indices() {
            match c {
                '{' => level += 1,
                '}' if level == 0 => break,
                '}' => level -= 1,
                ',' if level == 0 => start = true,
                c if start && !c.is_whitespace() => {
                    out.push(ident(&group[i..]));
                    start = false;
                }
                _ => {}
            }
        }
        out
    };
    let mut out = std::collections::BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        out.extend(heads(&code[at + "crate::".len()..]));
    }
    let mut rest = code.as_str();
    while let Some(at) = rest.find("super::") {
        let before = rest[..at].chars().next_back();
        let mut tail = &rest[at..];
        let mut ups = 0;
        while let Some(t) = tail.strip_prefix("super::") {
            ups += 1;
            tail = t;
        }
        if ups >= depth && !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            out.extend(heads(tail));
        }
        rest = tail;
    }
    out.retain(|m| !m.is_empty() && m != "self");
    out
}

#[test]
fn the_import_scanner_sees_every_form() {
    let text = "use crate::pdf::PageModel;\n\
                // crate::cli in a comment is not an import\n\
                use crate::{\n    analysis::{self, FileAnalysis},\n    permits,\n};\n\
                fn f() { let _ = crate::export::csv::write; let _ = super::super::ui::App; }";
    let seen: Vec<String> = named_modules(text, 2).into_iter().collect();
    assert_eq!(seen, ["analysis", "export", "pdf", "permits", "ui"]);
    // One `super::` from `x/y.rs` stays inside `x`.
    assert!(named_modules("use super::analysis;", 2).is_empty());
    assert_eq!(
        named_modules("use super::analysis;", 1)
            .into_iter()
            .collect::<Vec<_>>(),
        ["analysis"]
    );
}

/// Modules import one way: what each module (or group) must not name.
#[test]
fn modules_flow_one_way() {
    const DETECTORS: [&str; 5] = [
        "redactions",
        "documents",
        "officials",
        "permits",
        "page_labels",
    ];
    const ABOVE_DETECTORS: [&str; 6] = ["analysis", "project", "store", "export", "cli", "ui"];
    let forbidden = |module: &str| -> Vec<&'static str> {
        match module {
            // Leaves: plain helpers everything may use.
            "geometry" | "error" | "textfold" | "dates" => vec![
                "pdf",
                "ocr",
                "raster",
                "vocab",
                "redactions",
                "documents",
                "officials",
                "permits",
                "page_labels",
                "analysis",
                "project",
                "store",
                "export",
                "cli",
                "ui",
            ],
            // The page model knows nothing of what reads it.
            "pdf" => vec![
                "redactions",
                "documents",
                "officials",
                "permits",
                "page_labels",
                "analysis",
                "project",
                "store",
                "export",
                "cli",
                "ui",
                "ocr",
                "raster",
                "vocab",
            ],
            // Between detectors: stamps, then documents, then what reads documents.
            "page_labels" => [&ABOVE_DETECTORS[..], &DETECTORS[..4]].concat(),
            "documents" => [
                &ABOVE_DETECTORS[..],
                &["redactions", "officials", "permits"],
            ]
            .concat(),
            // Detectors read page models; OCR fills them. Both are run by the analysis.
            m if DETECTORS.contains(&m) || m == "ocr" => ABOVE_DETECTORS.to_vec(),
            // Releases compared over a plain view: no page model, no detector.
            "compare" => vec![
                "pdf",
                "ocr",
                "raster",
                "redactions",
                "documents",
                "officials",
                "permits",
                "page_labels",
                "analysis",
                "project",
                "store",
                "export",
                "cli",
                "ui",
            ],
            "analysis" => vec!["project", "store", "export", "cli", "ui"],
            "project" => vec!["store", "export", "cli", "ui"],
            // The case: analyses and the review in one database; read by exports, CLI, GUI.
            "store" => vec!["export", "cli", "ui"],
            "export" => vec!["cli", "ui"],
            _ => Vec::new(),
        }
    };
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
        let parts: Vec<&str> = rel.split('/').collect();
        let module = parts.first().unwrap().trim_end_matches(".rs");
        let depth = if rel.ends_with("/mod.rs") {
            parts.len() - 1
        } else {
            parts.len()
        };
        let text = std::fs::read_to_string(&f).unwrap();
        let named = named_modules(&text, depth);
        for bad in forbidden(module) {
            if named.contains(bad) {
                problems.push(format!("{rel} ({module}) imports {bad}"));
            }
        }
        // Inside the page model: fonts read objects through `obj`, never the other way.
        if rel == "pdf/obj.rs" && (text.contains("fonts::") || text.contains("mod fonts")) {
            problems.push(format!("{rel} imports pdf::fonts"));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}
