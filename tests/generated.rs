//! Productions drawn at random (see `common::production`): other institutions, fonts, page
//! sizes, label styles, code forms, stamp styles, turned memos, threads, permits with distractors.
//! Scored together against the targets: redactions, exemption codes, header fields,
//! people and permit links at least 0.95 in recall and precision, titles 0.9, every leak found
//! with no false one. `DOSSIER_GEN_SEEDS=200 cargo test --release --test integration generated --
//! --nocapture` scores more seeds and prints the table; `DOSSIER_GEN_OUT=dir` keeps the files.

use std::sync::Arc;

use dossier::{Options, analysis::NoProgress};

use crate::common::production::{self, Scores};

/// Seeds scored by default (`DOSSIER_GEN_SEEDS` for more).
const SEEDS: u64 = 24;

#[test]
fn generated_productions_meet_the_targets() {
    let mut total = Scores::default();
    let mut notes = Vec::new();
    let seeds = std::env::var("DOSSIER_GEN_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(SEEDS);
    for seed in 1..=seeds {
        let p = production::generate(seed);
        let registry = dossier::permits::registry::registry_from_csv(&p.registry_csv).unwrap();
        let options = Options {
            registry: Some(Arc::new(registry)),
            ..Options::default()
        };
        let name = format!("generated-{seed}.pdf");
        // DOSSIER_GEN_OUT=dir keeps each production and its registry for reading.
        if let Some(dir) = std::env::var_os("DOSSIER_GEN_OUT") {
            let dir = std::path::PathBuf::from(dir);
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join(&name), &p.pdf).unwrap();
            std::fs::write(dir.join(format!("generated-{seed}.csv")), &p.registry_csv).unwrap();
        }
        let a = dossier::analysis::analyze_bytes(
            std::path::Path::new(&name),
            &p.pdf,
            &options,
            &NoProgress,
        )
        .unwrap();
        let s = production::score(&a, &p.truth);
        for n in &s.notes {
            notes.push(format!("seed {seed} ({}): {n}", p.style));
        }
        total.add(&s);
    }
    eprintln!("{}", total.table());
    for n in &notes {
        eprintln!("{n}");
    }
    let failed: Vec<String> = total
        .rows()
        .into_iter()
        .filter(|(_, t, target)| t.recall() < *target || t.precision() < *target)
        .map(|(name, t, _)| {
            format!(
                "{name}: recall {:.3}, precision {:.3}",
                t.recall(),
                t.precision()
            )
        })
        .collect();
    assert!(failed.is_empty(), "{failed:#?}\n{}", total.table());
}
