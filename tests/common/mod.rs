//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod hostile_files;
pub mod pdfgen;
pub mod production;
pub mod releases;

use std::path::{Path, PathBuf};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file in `samples/`.
pub fn sample(name: &str) -> PathBuf {
    root().join("samples").join(name)
}

/// The `dossier` binary built for these tests.
pub fn dossier_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_dossier"))
}

/// `dossier ARGS` from the repository root with an OCR cache of its own (`cache`, or the user's
/// when `None`); its stdout, after checking it exited 0.
pub fn run_dossier(args: &[&str], cache: Option<&Path>) -> String {
    let mut cmd = std::process::Command::new(dossier_bin());
    cmd.args(args).current_dir(root());
    if let Some(c) = cache {
        cmd.env("DOSSIER_CACHE_DIR", c);
    }
    let out = cmd.output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "dossier {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `../shared/corpus` (or `$DOSSIER_CORPUS`). Tests that call it carry
/// `#[cfg_attr(not(dossier_corpus), ignore = "...")]`: build.rs sets `dossier_corpus` when the
/// corpus is there, so without it they show as ignored, with their reason.
pub fn corpus() -> PathBuf {
    let dir = std::env::var_os("DOSSIER_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("..").join("shared").join("corpus"));
    assert!(
        dir.join("MANIFEST.json").is_file(),
        "the shared corpus was at {} when the tests were built and is gone now: rebuild (cargo test) to have these tests ignored",
        dir.display()
    );
    dir
}

/// A fresh temporary directory under the target dir.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = root()
        .join("target")
        .join("test-tmp")
        .join(format!("{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Reads a JSON file.
pub fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
