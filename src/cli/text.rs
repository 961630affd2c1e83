//! `dossier text FILE`: the text layer in reading order (or the page models as JSON), page by
//! page, so a reporter can read what a page says, hidden text included, without a viewer.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, FileError};
use crate::pdf::{Limits, SourcePdf};

/// Prints the text of `pages` (all when empty) of `path`; with `json`, the page models.
pub fn run_text(
    path: &Path,
    pages: &[u32],
    json: bool,
    out: &mut dyn Write,
) -> Result<std::io::Result<()>, FileError> {
    let wrap = |source: Error| FileError {
        path: path.to_path_buf(),
        source,
    };
    let bytes = std::fs::read(path).map_err(|e| wrap(e.into()))?;
    let pdf = SourcePdf::open(&bytes, &Limits::default()).map_err(wrap)?;
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
            for im in &mut page.images {
                im.bitmap = None;
            }
            if json {
                serde_json::to_writer(&mut *out, &page).map_err(std::io::Error::other)?;
                writeln!(out)?;
            } else {
                writeln!(out, "--- page {n} of {total} ---")?;
                out.write_all(page.text().as_bytes())?;
                for w in &page.warnings {
                    writeln!(out, "[warning: {w}]")?;
                }
            }
        }
        Ok(())
    })())
}
