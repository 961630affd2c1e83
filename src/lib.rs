//! Dossier: analysis of government PDF productions for committee staff and reporters.
//!
//! ```text
//! pdf::SourcePdf::open ─► extract_page (rayon) ─► PageModel (plain data)
//!        page_labels · redactions · documents · officials · permits   (read PageModels only)
//! analysis::analyze_file ─► FileAnalysis (immutable)
//!        export (JSON/CSV) · cli · project (user review) · ui (feature "gui")
//! ```
//! Only `pdf/` sees lopdf; only `ui/` sees egui. The library never writes a source PDF.

pub mod analysis;
pub mod cli;
pub mod compare;
pub mod dates;
pub mod documents;
pub mod error;
pub mod export;
pub mod geometry;
pub mod ocr;
pub mod officials;
pub mod page_labels;
pub mod pdf;
pub mod permits;
pub mod project;
pub mod raster;
pub mod redactions;
pub mod store;
pub mod textfold;
#[cfg(feature = "gui")]
pub mod ui;
pub mod vocab;

pub use analysis::{FileAnalysis, Options, analyze_bytes, analyze_file};
pub use error::{Error, FileError, Result};
