//! Reading PDF files: the only module that touches lopdf.
//!
//! [`SourcePdf::open`] checks and loads a file's bytes under [`Limits`]; [`SourcePdf::extract_page`]
//! interprets one page's content stream into a [`PageModel`] (text runs with boxes, painted paths,
//! images, annotations, lines in reading order). Everything after this module sees plain data.
//! Source files are only ever read.

pub mod fonts;
pub mod model;

pub use model::*;

use std::time::Duration;

use crate::error::{Error, Result};

/// Bounds that keep a hostile file from exhausting memory or time.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest input file accepted, bytes.
    pub max_file_bytes: u64,
    /// Most pages analysed in one file.
    pub max_pages: usize,
    /// Most bytes one stream may decompress to.
    pub max_decompressed_bytes: usize,
    /// Most content-stream operators interpreted on one page (form XObjects included).
    pub max_ops_per_page: usize,
    /// Deepest nesting of form XObjects.
    pub max_xobject_depth: usize,
    /// Most text characters kept for one page.
    pub max_chars_per_page: usize,
    /// Wall-clock budget for one page; past it the page is cut short with a warning.
    pub page_time_budget: Duration,
    /// Largest bitmap side kept for a scanned image, pixels (downsampled to fit).
    pub max_bitmap_side: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 2 * 1024 * 1024 * 1024,
            max_pages: 100_000,
            max_decompressed_bytes: 64 * 1024 * 1024,
            max_ops_per_page: 2_000_000,
            max_xobject_depth: 12,
            max_chars_per_page: 200_000,
            page_time_budget: Duration::from_secs(10),
            max_bitmap_side: 1600,
        }
    }
}

/// An opened PDF, read-only.
pub struct SourcePdf {
    doc: lopdf::Document,
    page_ids: Vec<lopdf::ObjectId>,
    limits: Limits,
}

impl SourcePdf {
    /// Checks the header and loads the document structure.
    pub fn open(bytes: &[u8], limits: &Limits) -> Result<SourcePdf> {
        if bytes.is_empty() {
            return Err(Error::Empty);
        }
        let head = bytes.get(..bytes.len().min(1024)).unwrap_or_default();
        if !head.windows(5).any(|w| w == b"%PDF-") {
            return Err(Error::NotPdf);
        }
        let options = lopdf::LoadOptions {
            max_decompressed_size: Some(limits.max_decompressed_bytes),
            ..Default::default()
        };
        let doc = lopdf::Document::load_mem_with_options(bytes, options)
            .map_err(|e| Error::Damaged(e.to_string()))?;
        let page_ids: Vec<_> = doc
            .get_pages()
            .into_values()
            .take(limits.max_pages)
            .collect();
        if page_ids.is_empty() {
            return Err(Error::NoPages);
        }
        Ok(SourcePdf {
            doc,
            page_ids,
            limits: limits.clone(),
        })
    }

    /// Number of pages.
    pub fn page_count(&self) -> usize {
        self.page_ids.len()
    }

    /// The page model of page `number` (1-based). Never fails: problems become page warnings.
    pub fn extract_page(&self, number: u32) -> PageModel {
        // TODO(pdf): the content-stream interpreter of the foundation issue.
        let _ = (&self.doc, &self.limits);
        PageModel {
            number,
            ..Default::default()
        }
    }
}
