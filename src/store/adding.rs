//! Adding productions to a case, shared by `dossier case add` and the app (files dropped on its
//! window): each file is hashed first and analysed only when the case does not hold its bytes
//! (a file seen again under another path is recorded as such); each production is committed in
//! its own transaction; one file that fails never stops the others; progress and cancellation go
//! through [`AddProgress`].

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::Case;
use crate::analysis::{self, Options, Progress};

/// What adding did with each file.
#[derive(Debug, Default, Clone, Serialize)]
pub struct AddSummary {
    /// Productions analysed and added.
    pub added: Vec<Added>,
    /// Files whose bytes the case already holds (not analysed again).
    pub already: Vec<Already>,
    /// Files that could not be added.
    pub failed: Vec<Failed>,
    /// Adding was cancelled before these files were looked at (the one being analysed
    /// included); what was added before stays.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cancelled: Vec<PathBuf>,
}

/// A production added.
#[derive(Debug, Clone, Serialize)]
pub struct Added {
    /// As given.
    pub path: PathBuf,
    /// Its hash.
    pub sha256: String,
    /// Its pages.
    pub pages: usize,
}

/// A file the case already held.
#[derive(Debug, Clone, Serialize)]
pub struct Already {
    /// As given.
    pub path: PathBuf,
    /// The path the case first added it from.
    pub in_case_as: PathBuf,
}

/// A file that could not be added.
#[derive(Debug, Clone, Serialize)]
pub struct Failed {
    /// As given.
    pub path: PathBuf,
    /// Why.
    pub error: String,
}

/// What became of one file.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Analysed and added.
    Added(Added),
    /// The case held its bytes already.
    Already(Already),
    /// It could not be added.
    Failed(Failed),
}

/// Hears of each file as it is added (and, through [`Progress`], of its pages); says when to
/// stop ([`Progress::is_cancelled`]: the file being analysed is dropped, the ones added stay).
pub trait AddProgress: Progress {
    /// File `number` (1-based) of `total` starts.
    fn file_started(&self, number: usize, total: usize, path: &Path) {
        let _ = (number, total, path);
    }
    /// File `number` of `total` is done, with what became of it.
    fn file_done(&self, number: usize, total: usize, outcome: &Outcome) {
        let _ = (number, total, outcome);
    }
}

impl AddProgress for analysis::NoProgress {}

/// Adds `files` (PDF paths, already listed) to `case`, one transaction per production.
pub fn add_files(
    case: &mut Case,
    files: &[PathBuf],
    options: &Options,
    progress: &dyn AddProgress,
) -> AddSummary {
    let total = files.len();
    let mut summary = AddSummary::default();
    for (i, path) in files.iter().enumerate() {
        if progress.is_cancelled() {
            summary.cancelled.extend(files.iter().skip(i).cloned());
            break;
        }
        progress.file_started(i + 1, total, path);
        let outcome = match add_one(case, path, options, progress) {
            Ok(o) => o,
            Err(error) => Outcome::Failed(Failed {
                path: path.clone(),
                error,
            }),
        };
        if progress.is_cancelled() && matches!(outcome, Outcome::Failed(_)) {
            // Stopped in the middle of this file: it is not a failure of the file.
            summary.cancelled.extend(files.iter().skip(i).cloned());
            break;
        }
        progress.file_done(i + 1, total, &outcome);
        match outcome {
            Outcome::Added(a) => summary.added.push(a),
            Outcome::Already(a) => summary.already.push(a),
            Outcome::Failed(f) => summary.failed.push(f),
        }
    }
    summary
}

/// Hashes `path`; when the case holds those bytes, records the path and returns; otherwise
/// analyses the bytes and writes the production in its own transaction.
pub fn add_one(
    case: &mut Case,
    path: &Path,
    options: &Options,
    progress: &dyn Progress,
) -> Result<Outcome, String> {
    let size = std::fs::metadata(path)
        .map_err(|e| format!("could not read the file: {e}"))?
        .len();
    if size > options.limits.max_file_bytes {
        return Err(format!(
            "limit exceeded: file is {size} bytes, more than the {} byte limit",
            options.limits.max_file_bytes
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("could not read the file: {e}"))?;
    let sha256 = analysis::sha256_hex(&bytes);
    if let Some(id) = case.production_id(&sha256).map_err(|e| e.to_string())? {
        let first = case.record_path(id, path).map_err(|e| e.to_string())?;
        return Ok(Outcome::Already(Already {
            path: path.to_path_buf(),
            in_case_as: first,
        }));
    }
    let a = analysis::analyze_bytes(path, &bytes, options, progress).map_err(|e| e.to_string())?;
    drop(bytes);
    if let Err(e) = case.add_production(&a, size) {
        // Another process may have added the same bytes meanwhile.
        return match case.production_id(&sha256) {
            Ok(Some(id)) => Ok(Outcome::Already(Already {
                path: path.to_path_buf(),
                in_case_as: case.record_path(id, path).map_err(|e| e.to_string())?,
            })),
            _ => Err(e.to_string()),
        };
    }
    Ok(Outcome::Added(Added {
        path: path.to_path_buf(),
        sha256,
        pages: a.pages.len(),
    }))
}
