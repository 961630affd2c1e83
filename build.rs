//! Tells the tests whether the shared corpus (`../shared/corpus`, or `$DOSSIER_CORPUS`) is here, so
//! that a test needing it shows as *ignored, with its reason* when it is not, instead of passing
//! without having run (`#[cfg_attr(not(dossier_corpus), ignore = "...")]`).

use std::path::PathBuf;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(dossier_corpus)");
    println!("cargo::rerun-if-env-changed=DOSSIER_CORPUS");
    println!("cargo::rerun-if-changed=build.rs");
    let dir = std::env::var_os("DOSSIER_CORPUS").map_or_else(
        || {
            PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default())
                .join("..")
                .join("shared")
                .join("corpus")
        },
        PathBuf::from,
    );
    let manifest = dir.join("MANIFEST.json");
    if manifest.is_file() {
        println!("cargo::rustc-cfg=dossier_corpus");
        // Watched only when present: a missing path would make cargo rerun this script on every build.
        println!("cargo::rerun-if-changed={}", manifest.display());
    }
}
