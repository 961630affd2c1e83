//! The redaction log as an XLSX workbook: the columns and rows of the CSV log
//! ([`super::csv::REDACTION_LOG_COLUMNS`]), the page as a number, a bold header row that stays in
//! view, and a filter on every column.

use std::io::Write;

use super::csv::{REDACTION_LOG_COLUMNS, redaction_log_rows};
use crate::analysis::FileAnalysis;
use crate::project::Project;

/// Longest text a cell holds (Excel's limit); longer text is cut, with `…` at the end.
const MAX_CELL_CHARS: usize = 32_767;

/// Most rows of a worksheet, the header included (Excel's limit).
const MAX_ROWS: usize = 1_048_576;

fn xlsx_err(e: rust_xlsxwriter::XlsxError) -> std::io::Error {
    std::io::Error::other(e)
}

/// Text cut to what a cell holds.
fn cell_text(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().count() <= MAX_CELL_CHARS {
        return s.into();
    }
    let mut t: String = s.chars().take(MAX_CELL_CHARS - 1).collect();
    t.push('…');
    t.into()
}

/// The redaction log (see [`redaction_log_rows`]) as an XLSX workbook on `w`, one worksheet
/// `Redaction log`.
pub fn write_redaction_log(
    w: &mut dyn Write,
    files: &[&FileAnalysis],
    project: Option<&Project>,
) -> std::io::Result<()> {
    let rows = redaction_log_rows(files, project);
    if rows.len() >= MAX_ROWS {
        return Err(std::io::Error::other(format!(
            "{} redactions: more than an XLSX worksheet holds ({}); export the CSV log",
            rows.len(),
            MAX_ROWS - 1
        )));
    }
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Redaction log").map_err(xlsx_err)?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (col, name) in (0u16..).zip(REDACTION_LOG_COLUMNS) {
        sheet
            .write_string_with_format(0, col, name, &bold)
            .map_err(xlsx_err)?;
    }
    let page_col = REDACTION_LOG_COLUMNS
        .iter()
        .position(|c| *c == "page")
        .unwrap_or(usize::MAX);
    for (row, cells) in (1u32..).zip(&rows) {
        for (col, (i, text)) in (0u16..).zip(cells.iter().enumerate()) {
            match text.parse::<u32>() {
                Ok(n) if i == page_col => {
                    sheet.write_number(row, col, n).map_err(xlsx_err)?;
                }
                _ if text.is_empty() => {}
                _ => {
                    sheet
                        .write_string(row, col, cell_text(text))
                        .map_err(xlsx_err)?;
                }
            }
        }
    }
    let last_col = u16::try_from(REDACTION_LOG_COLUMNS.len() - 1).unwrap_or(0);
    let last_row = u32::try_from(rows.len()).unwrap_or(0);
    sheet.set_freeze_panes(1, 0).map_err(xlsx_err)?;
    sheet
        .autofilter(0, 0, last_row, last_col)
        .map_err(xlsx_err)?;
    for (col, width) in (0u16..).zip([28.0, 6.0, 18.0, 12.0, 10.0, 18.0, 12.0, 40.0]) {
        sheet.set_column_width(col, width).map_err(xlsx_err)?;
    }
    // The workbook is built in memory: the writer need not be `Send`.
    let bytes = book.save_to_buffer().map_err(xlsx_err)?;
    w.write_all(&bytes)?;
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_to_a_cell() {
        let long = "x".repeat(MAX_CELL_CHARS + 10);
        assert_eq!(cell_text(&long).chars().count(), MAX_CELL_CHARS);
        assert_eq!(cell_text("short"), "short");
    }
}
