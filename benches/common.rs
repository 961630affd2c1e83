//! Shared by the benchmarks: longer productions made by repeating a sample's pages.

#![allow(clippy::expect_used)]

use std::path::{Path, PathBuf};

use lopdf::{Document, Object, ObjectId, dictionary};

/// Writes a production of `pages` pages made by repeating the sample's pages.
pub fn repeat_pages(sample: &Path, pages: usize, out: &Path) {
    let mut doc =
        Document::load(sample).expect("the sample production (run the samples generator)");
    let originals: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let pages_root = doc
        .catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference)
        .expect("page tree root");
    let mut kids = Vec::with_capacity(pages);
    for i in 0..pages {
        let src = originals[i % originals.len()];
        let mut page = doc.get_dictionary(src).expect("page").clone();
        // Inherited attributes are copied onto the page so the flat tree stays equivalent.
        for key in [&b"Resources"[..], b"MediaBox", b"CropBox", b"Rotate"] {
            if page.get(key).is_err()
                && let Ok(parent) = doc.get_dictionary(pages_root)
                && let Ok(v) = parent.get(key)
            {
                page.set(key, v.clone());
            }
        }
        page.set("Parent", pages_root);
        kids.push(Object::Reference(doc.add_object(page)));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_root,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    doc.prune_objects();
    doc.save(out).expect("write the benchmark production");
}

/// The production of the benchmarks on big files: PAGES pages (the first number among the
/// arguments, else `default_pages`) repeating `samples/production.pdf`'s, under `target/bench/`
/// (made once, never committed). Returns its path and the number of pages.
#[allow(dead_code)] // `growth` makes its own sizes.
pub fn big_production(default_pages: usize) -> (PathBuf, usize) {
    let pages: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(default_pages);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let sample = root.join("samples").join("production.pdf");
    let out_dir = root.join("target").join("bench");
    std::fs::create_dir_all(&out_dir).expect("create target/bench");
    let big = out_dir.join(format!("production-{pages}.pdf"));
    if !big.exists() {
        repeat_pages(&sample, pages, &big);
    }
    (big, pages)
}
