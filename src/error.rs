//! Errors of the analysis library.
//!
//! One input file failing never stops a batch: [`FileError`] ties an [`Error`] to its path, the CLI
//! prints it and goes on. Problems that leave a page usable are not errors but warnings on the page.

use std::path::PathBuf;

/// Why a file could not be analysed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file is empty.
    #[error("empty file (0 bytes)")]
    Empty,
    /// The file does not start with a PDF header.
    #[error("not a PDF (no %PDF- header in the first 1024 bytes)")]
    NotPdf,
    /// The file is encrypted and the empty user password does not open it.
    #[error("encrypted PDF: a password is required to open it")]
    Encrypted,
    /// The PDF's structure could not be read (truncated, broken cross-reference table...).
    #[error("damaged PDF: {0}")]
    Damaged(String),
    /// The PDF has no page that can be read.
    #[error("the PDF has no readable pages")]
    NoPages,
    /// A configured limit was reached (file size, page count, decompressed size).
    #[error("limit exceeded: {0}")]
    Limit(String),
    /// Reading the file failed.
    #[error("could not read the file: {0}")]
    Io(#[from] std::io::Error),
    /// A CSV or XLSX registry, roster or project file could not be read as a whole.
    #[error("{0}")]
    Data(String),
    /// The analysis was cancelled by the caller.
    #[error("cancelled")]
    Cancelled,
}

/// An [`Error`] tied to the file it happened in.
#[derive(Debug, thiserror::Error)]
#[error("{}: {source}", path.display())]
pub struct FileError {
    /// The file.
    pub path: PathBuf,
    /// What went wrong.
    #[source]
    pub source: Error,
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
