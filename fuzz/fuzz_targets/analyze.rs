//! Fuzz target: arbitrary bytes through the whole analysis (open, every page, every detector).
//! Any panic, abort, timeout or out-of-memory is a bug. See README "Fuzzing".
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut options = dossier::Options::default();
    // Small budgets keep each input fast; the limits themselves are what is being tested.
    options.limits.max_pages = 64;
    options.limits.max_decompressed_bytes = 16 * 1024 * 1024;
    options.limits.max_ops_per_page = 200_000;
    options.limits.page_time_budget = std::time::Duration::from_secs(2);
    let _ = dossier::analyze_bytes(
        Path::new("fuzz.pdf"),
        data,
        &options,
        &dossier::analysis::NoProgress,
    );
});
