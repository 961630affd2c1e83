//! One integration-test binary (faster to build than one per file). One module per area.

// Test helpers may unwrap: a failing helper is a failing test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

// Shared helpers: sample paths, the built binary, ../shared corpus lookup.
mod common;

// The JSON contract and the CLI on good and bad files.
mod cli;

// Broken and malicious files: an analysis or a per-file error, never a crash or a hang.
mod hostile;

// The page model: synthetic PDFs with known geometry, the samples' truth, the corpus.
mod pdf_model;

// The bundled samples: reproducible from the generator, truth coherent.
mod samples;

// The scanned sample production: reproducible from its generator, truth coherent with its pixels.
mod scanned_samples;

// Scanned productions: OCR layers, Tesseract, codes on scans, provenance, the cache.
mod ocr;

// Unfamiliar layouts: turned and landscape pages, margin stamps, memos without a title.
mod layouts;

// A production of another inquiry in other layouts, scored against the targets.
mod other_inquiry;

// Productions drawn at random, scored against the targets.
mod generated;

// Permit registry and links.
mod permits;

// Redactions: samples truth, x-ray, /Redact annotations, pairs, clean documents.
mod redactions;

// Leaks in a file's history (incremental updates).
mod revisions;

// Leaks outside the page's text: /ActualText, /Alt, form fields, annotations, bookmarks,
// metadata, attachments, text in the box's colour or clipped away.
mod hidden_leaks;

// Claimed grounds against stamped codes.
mod grounds;

// Documents and people.
mod documents;

// Threads: Gmail's print layout, quoted messages' subjects, Outlook threads beside them.
mod threads;

// Productions of other inquiries: vocabularies from `assets/vocab/`, not the samples'.
mod vocab_other_inquiries;

// Exports and the timeline.
mod export;

// Exports other tools read: FollowTheMoney entities, the annotated PDF, the XLSX redaction log.
mod exports_other_tools;

// The project file.
mod project;

// A case: productions in one SQLite file, searched across, added again for free, killed mid-way.
mod case;

// Releases compared: what one copy withholds and another releases (issue 18).
mod compare;
// What the app reads of a case and writes to it: productions, one as an analysis, review in batches.
mod case_browse;
// A team's case on PostgreSQL: a real server (.ci/pg-start), same pages as SQLite, many reviewers.
mod pg;

// Layering of the crates.
mod architecture;

// The desktop app, headless (feature `gui`).
#[cfg(feature = "gui")]
mod gui;

// The overview, headless: shown first, every chart a click to the list behind it.
#[cfg(feature = "gui")]
mod gui_overview;

// Triage in the desktop app: keys, selections, undo and redo, sorting and filtering.
#[cfg(feature = "gui")]
mod gui_triage;

// The app on a case: productions, case-wide search and people, review written to the case.
#[cfg(feature = "gui")]
mod gui_case;
// Releases compared in the window: the Differences tab, side by side, the text over the box.
#[cfg(feature = "gui")]
mod gui_diff;
