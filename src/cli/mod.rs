//! The command line: `dossier analyze`, and the human summary.
//!
//! A thin layer over [`crate::analysis`]: walk the inputs, analyse each file, print. One bad file is
//! reported (in the output and on stderr) and the batch goes on; the exit code says something failed.

pub mod case;
pub mod diff;
pub mod identity;
pub mod pg;
pub mod summary;
pub mod text;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::analysis::{self, FileAnalysis, Options, Progress};
use crate::error::{Error, FileError, Result};
use crate::export;
use crate::ocr::OcrOptions;
use crate::permits::Registry;

/// Exit code when every file was analysed.
pub const EXIT_OK: u8 = 0;
/// Exit code when at least one file could not be analysed (the others were).
pub const EXIT_FILE_ERRORS: u8 = 2;

/// Expands files and directories into the list of files to analyse, in a stable order.
///
/// Directories are walked recursively for `*.pdf` (any case); files named explicitly are taken
/// whatever their extension. A path that does not exist becomes an error entry.
pub fn collect_inputs(paths: &[PathBuf]) -> Vec<Result<PathBuf, FileError>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            walk_dir(p, &mut found, &mut out, 0);
            found.sort();
            out.extend(found.into_iter().map(Ok));
        } else if p.exists() {
            out.push(Ok(p.clone()));
        } else {
            out.push(Err(FileError {
                path: p.clone(),
                source: Error::Io(std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "no such file or directory",
                )),
            }));
        }
    }
    out
}

fn walk_dir(
    dir: &Path,
    found: &mut Vec<PathBuf>,
    errors: &mut Vec<Result<PathBuf, FileError>>,
    depth: usize,
) {
    // Symlink loops and absurd trees stop here.
    if depth > 64 {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(Err(FileError {
                path: dir.to_path_buf(),
                source: e.into(),
            }));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            walk_dir(&path, found, errors, depth + 1);
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
        {
            found.push(path);
        }
    }
}

/// Loads the permit registry named by `--permits`.
pub fn load_registry(path: &Path) -> Result<Registry> {
    crate::permits::load_registry(path)
}

/// What a command shows while it works through its files: which file of how many is being read,
/// and (through [`Progress`]) that file's pages. The binary draws it on a terminal; the library
/// draws nothing. [`NoProgress`](crate::analysis::NoProgress) shows nothing.
pub trait BatchProgress: Progress {
    /// File `number` (1-based) of `total` starts.
    fn file_started(&self, number: usize, total: usize, path: &Path) {
        let _ = (number, total, path);
    }
    /// File `number` of `total` is done (analysed or failed).
    fn file_done(&self, number: usize, total: usize) {
        let _ = (number, total);
    }
    /// Every file is done; whatever was drawn is taken away before results are printed.
    fn finished(&self) {}
}

impl BatchProgress for crate::analysis::NoProgress {}

/// Analyses every input; errors are returned in place, in input order. `progress` hears of each
/// file and its pages.
pub fn analyze_all(
    inputs: &[Result<PathBuf, FileError>],
    options: &Options,
    progress: &dyn BatchProgress,
) -> Vec<Result<FileAnalysis, FileError>> {
    let total = inputs.len();
    let results = inputs
        .iter()
        .enumerate()
        .map(|(i, input)| {
            let r = match input {
                Ok(path) => {
                    progress.file_started(i + 1, total, path);
                    analysis::analyze_file(path, options, progress)
                }
                Err(e) => Err(FileError {
                    path: e.path.clone(),
                    source: Error::Data(e.source.to_string()),
                }),
            };
            progress.file_done(i + 1, total);
            r
        })
        .collect();
    progress.finished();
    results
}

/// Options from the `--permits`, `--roster`, `--ocr` and `--lang` flags; `None` (after reporting)
/// when one is unusable.
pub fn load_options(
    permits: Option<&Path>,
    roster: Option<&Path>,
    ocr: &OcrOptions,
    err: &mut dyn std::io::Write,
) -> std::io::Result<Option<Options>> {
    let mut options = Options {
        ocr: ocr.clone(),
        ..Options::default()
    };
    if let Some(r) = roster {
        let loaded = if r.as_os_str() == "bundled" {
            Ok(crate::officials::Roster::bundled())
        } else {
            crate::officials::Roster::load(r)
        };
        match loaded {
            Ok(roster) => options.roster = Some(Arc::new(roster)),
            Err(e) => {
                writeln!(err, "dossier: {e}")?;
                return Ok(None);
            }
        }
    }
    if let Some(p) = permits {
        match load_registry(p) {
            Ok(reg) => {
                for row in &reg.row_errors {
                    writeln!(err, "dossier: {}: {row}", p.display())?;
                }
                options.registry = Some(Arc::new(reg));
            }
            Err(e) => {
                writeln!(err, "dossier: {}: {e}", p.display())?;
                return Ok(None);
            }
        }
    }
    Ok(Some(options))
}

/// Output formats of `dossier export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// One row per finding.
    Csv,
    /// The redaction log.
    RedactionLog,
    /// The analysis document.
    Json,
    /// FollowTheMoney entities, one JSON object a line (Aleph, OpenAleph).
    Ftm,
    /// The redaction log as an XLSX workbook.
    RedactionLogXlsx,
}

/// What `export` and `annotate` read: the files or folders, and the files their flags name.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    /// PDF files or folders.
    pub paths: &'a [PathBuf],
    /// Permit registry (`--permits`).
    pub permits: Option<&'a Path>,
    /// Roster of known people (`--roster`, or `bundled`).
    pub roster: Option<&'a Path>,
    /// The user's project file (`--project`): the review laid over the findings.
    pub project: Option<&'a Path>,
    /// OCR settings (`--ocr`, `--lang`).
    pub ocr: &'a OcrOptions,
}

/// `dossier export`: findings as CSV (or the redaction log, as CSV or XLSX), JSON or
/// FollowTheMoney entities on `out`, with the review of a project file laid over them when one
/// is given; exit code.
pub fn run_export(
    inputs: &Inputs<'_>,
    format: ExportFormat,
    progress: &dyn BatchProgress,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> std::io::Result<u8> {
    let from_case = case::is_case(inputs.paths);
    let loaded = match from_case {
        Some(c) => case::load_case(c, inputs, err)?,
        None => load_and_analyze(inputs, progress, err)?,
    };
    let Some((options, project, results, failed)) = loaded else {
        return Ok(EXIT_FILE_ERRORS);
    };
    let ok: Vec<&FileAnalysis> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    match format {
        ExportFormat::Csv => export::csv::write_findings(out, &ok, project.as_ref())?,
        ExportFormat::RedactionLog => {
            export::csv::write_redaction_log(out, &ok, project.as_ref())?;
        }
        ExportFormat::RedactionLogXlsx => {
            export::xlsx::write_redaction_log(out, &ok, project.as_ref())?;
        }
        ExportFormat::Json => {
            let mut report = export::json::reviewed_report(&results, project.as_ref());
            if from_case.is_some() {
                // A case keeps no page geometry: shares of the text area are not drawn from it.
                for f in &mut report.files {
                    f.redaction_stats = None;
                }
            }
            serde_json::to_writer_pretty(&mut *out, &report).map_err(std::io::Error::other)?;
            writeln!(out)?;
        }
        ExportFormat::Ftm => {
            export::ftm::write_ftm(out, &ok, project.as_ref(), options.registry.as_deref())?;
        }
    }
    Ok(if failed { EXIT_FILE_ERRORS } else { EXIT_OK })
}

/// What `export` and `annotate` share: the options of the flags, the project, every input
/// analysed (failures reported on `err`, the flag set when one failed); `None` (reported) when a
/// flag's file is unusable.
pub(crate) type Loaded = (
    Options,
    Option<crate::project::Project>,
    Vec<Result<FileAnalysis, FileError>>,
    bool,
);

fn load_and_analyze(
    inputs: &Inputs<'_>,
    progress: &dyn BatchProgress,
    err: &mut dyn std::io::Write,
) -> std::io::Result<Option<Loaded>> {
    let Some(options) = load_options(inputs.permits, inputs.roster, inputs.ocr, err)? else {
        return Ok(None);
    };
    let project = match inputs.project.map(crate::project::Project::load) {
        None => None,
        Some(Ok(p)) => Some(p),
        Some(Err(e)) => {
            writeln!(err, "dossier: {e}")?;
            return Ok(None);
        }
    };
    let results = analyze_all(&collect_inputs(inputs.paths), &options, progress);
    let mut failed = false;
    for e in results.iter().filter_map(|r| r.as_ref().err()) {
        failed = true;
        writeln!(err, "dossier: {e}")?;
    }
    Ok(Some((options, project, results, failed)))
}

/// `dossier annotate`: an annotated copy of each input PDF (every finding an annotation with a
/// note, the project's review laid over them), written to `output` (one input only) or beside
/// each input as `NAME-annotated.pdf`; one line per copy on `out`; exit code. The sources are
/// never written.
pub fn run_annotate(
    inputs: &Inputs<'_>,
    output: Option<&Path>,
    progress: &dyn BatchProgress,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> std::io::Result<u8> {
    let files = collect_inputs(inputs.paths).len();
    if output.is_some() && files != 1 {
        writeln!(
            err,
            "dossier: --output names one file; {files} inputs given (leave it out to write NAME-annotated.pdf beside each)"
        )?;
        return Ok(EXIT_FILE_ERRORS);
    }
    let Some((options, project, results, mut failed)) = load_and_analyze(inputs, progress, err)?
    else {
        return Ok(EXIT_FILE_ERRORS);
    };
    for a in results.iter().filter_map(|r| r.as_ref().ok()) {
        let dest = output.map_or_else(
            || export::annotated::default_path(&a.path),
            Path::to_path_buf,
        );
        match export::annotated::write_annotated_copy(a, project.as_ref(), &dest, &options.limits) {
            Ok(copy) => {
                writeln!(out, "{}: {} annotations", copy.path.display(), copy.added)?;
                for s in &copy.skipped {
                    writeln!(err, "dossier: {}: left out: {s}", copy.path.display())?;
                }
            }
            Err(e) => {
                failed = true;
                writeln!(err, "dossier: {}: {e}", a.path.display())?;
            }
        }
    }
    Ok(if failed { EXIT_FILE_ERRORS } else { EXIT_OK })
}

/// `dossier timeline`: permit events and document dates on one axis; exit code.
pub fn run_timeline(
    paths: &[PathBuf],
    json: bool,
    permits: Option<&Path>,
    ocr: &OcrOptions,
    progress: &dyn BatchProgress,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> std::io::Result<u8> {
    let inputs = Inputs {
        paths,
        permits,
        roster: None,
        project: None,
        ocr,
    };
    let loaded = match case::is_case(paths) {
        Some(c) => case::load_case(c, &inputs, err)?,
        None => load_and_analyze(&inputs, progress, err)?,
    };
    let Some((options, _, results, failed)) = loaded else {
        return Ok(EXIT_FILE_ERRORS);
    };
    let ok: Vec<&FileAnalysis> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    let events = analysis::timeline(options.registry.as_deref(), &ok);
    if json {
        serde_json::to_writer_pretty(&mut *out, &serde_json::json!({ "events": events }))
            .map_err(std::io::Error::other)?;
        writeln!(out)?;
    } else {
        for e in &events {
            let place = match (&e.pages, &e.stamp) {
                (Some([a, _]), Some(s)) => format!("  [p. {a}, {s}]"),
                (Some([a, _]), None) => format!("  [p. {a}]"),
                _ => String::new(),
            };
            writeln!(out, "{}  {:<20} {}{place}", e.date, e.kind, e.label)?;
        }
    }
    Ok(if failed { EXIT_FILE_ERRORS } else { EXIT_OK })
}

/// `dossier analyze`: returns the process exit code.
#[allow(clippy::too_many_arguments)] // one per command-line flag, then progress and the outputs
pub fn run_analyze(
    paths: &[PathBuf],
    json: bool,
    permits: Option<&Path>,
    roster: Option<&Path>,
    ocr: &OcrOptions,
    progress: &dyn BatchProgress,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> std::io::Result<u8> {
    let Some(options) = load_options(permits, roster, ocr, err)? else {
        return Ok(EXIT_FILE_ERRORS);
    };
    let inputs = collect_inputs(paths);
    if inputs.is_empty() {
        writeln!(err, "dossier: no PDF found in the given paths")?;
        return Ok(EXIT_FILE_ERRORS);
    }
    let results = analyze_all(&inputs, &options, progress);
    let mut failed = false;
    for r in &results {
        if let Err(e) = r {
            failed = true;
            writeln!(err, "dossier: {e}")?;
        }
    }
    if json {
        let report = export::json::report(&results);
        serde_json::to_writer_pretty(&mut *out, &report).map_err(std::io::Error::other)?;
        writeln!(out)?;
    } else {
        for r in &results {
            match r {
                Ok(a) => summary::write_summary(out, a)?,
                Err(e) => writeln!(out, "{}\n  ERROR: {}\n", e.path.display(), e.source)?,
            }
        }
    }
    out.flush()?;
    Ok(if failed { EXIT_FILE_ERRORS } else { EXIT_OK })
}
