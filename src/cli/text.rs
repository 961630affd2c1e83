//! `dossier text FILE`: the text layer in reading order (or the page models as JSON), page by
//! page, so a reporter can read what a page says, hidden text included, without a viewer. Pages
//! that are pictures are read by OCR as in the analysis (`--ocr`), and say so.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, FileError};
use crate::ocr::{OcrOptions, Reader};
use crate::pdf::{Limits, SourcePdf};

/// Prints the text of `pages` (all when empty) of `path`; with `json`, the page models.
pub fn run_text(
    path: &Path,
    pages: &[u32],
    json: bool,
    ocr: &OcrOptions,
    out: &mut dyn Write,
) -> Result<std::io::Result<()>, FileError> {
    let wrap = |source: Error| FileError {
        path: path.to_path_buf(),
        source,
    };
    let bytes = std::fs::read(path).map_err(|e| wrap(e.into()))?;
    let pdf = SourcePdf::open(&bytes, &Limits::default()).map_err(wrap)?;
    let sha = crate::analysis::sha256_hex(&bytes);
    let reader = Reader::new(&pdf, &bytes, &sha, ocr);
    let total = u32::try_from(pdf.page_count()).unwrap_or(u32::MAX);
    let wanted: Vec<u32> = if pages.is_empty() {
        (1..=total).collect()
    } else {
        pages
            .iter()
            .copied()
            .filter(|p| (1..=total).contains(p))
            .collect()
    };
    Ok((|| {
        for n in wanted {
            let mut page = pdf.extract_page(n);
            page.dark_areas = crate::redactions::image_areas(&page);
            reader.read_page(&mut page);
            for im in &mut page.images {
                im.bitmap = None;
            }
            if json {
                serde_json::to_writer(&mut *out, &page).map_err(std::io::Error::other)?;
                writeln!(out)?;
            } else {
                match &page.ocr {
                    Some(o) => writeln!(
                        out,
                        "--- page {n} of {total} (read by OCR: {}, {}, {} dpi, mean confidence {:.0}%) ---",
                        o.engine,
                        o.languages,
                        o.dpi,
                        o.mean_confidence * 100.0
                    )?,
                    None => writeln!(out, "--- page {n} of {total} ---")?,
                }
                out.write_all(page.text().as_bytes())?;
                for w in &page.warnings {
                    writeln!(out, "[warning: {w}]")?;
                }
            }
        }
        Ok(())
    })())
}
