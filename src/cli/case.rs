//! `dossier case add|import|list|people|permits` and `dossier search`: a case (see
//! [`crate::store`]) from the command line. Adding hashes each file first and analyses only the
//! ones the case does not hold; each production is committed on its own, and one file that fails
//! never stops the batch.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use super::{
    BatchProgress, EXIT_FILE_ERRORS, EXIT_OK, Inputs, Loaded, collect_inputs, load_options,
};
use crate::analysis;
use crate::ocr::OcrOptions;
use crate::store::engine::{CaseStore, open_store};
use crate::store::{Case, StoreError, adding};

pub use crate::store::adding::{AddSummary, Added, Already, Failed};

/// Opens a case for a command that reads it; the error reported on `err`.
fn open(case: &Path, err: &mut dyn Write) -> std::io::Result<Option<Case>> {
    match Case::open(case) {
        Ok(c) => Ok(Some(c)),
        Err(e) => {
            writeln!(err, "dossier: {e}")?;
            Ok(None)
        }
    }
}

/// The terminal's progress ([`BatchProgress`]) as the store's adding hears it.
struct Adding<'a>(&'a dyn BatchProgress);

impl crate::analysis::Progress for Adding<'_> {
    fn pages_done(&self, done: usize, total: usize) {
        self.0.pages_done(done, total);
    }
    fn is_cancelled(&self) -> bool {
        self.0.is_cancelled()
    }
    fn page_ready(
        &self,
        page: &crate::pdf::PageModel,
        redactions: &[crate::redactions::Redaction],
    ) {
        self.0.page_ready(page, redactions);
    }
}

impl adding::AddProgress for Adding<'_> {
    fn file_started(&self, number: usize, total: usize, path: &Path) {
        self.0.file_started(number, total, path);
    }
    fn file_done(&self, number: usize, total: usize, _outcome: &adding::Outcome) {
        self.0.file_done(number, total);
    }
}

/// What `case add` reads: the case, the files, the flags.
#[derive(Debug, Clone, Copy)]
pub struct AddArgs<'a> {
    /// The case file (created when absent).
    pub case: &'a Path,
    /// PDF files or folders.
    pub paths: &'a [PathBuf],
    /// Permit registry (`--permits`); without it, the one the case keeps.
    pub permits: Option<&'a Path>,
    /// Roster (`--roster`).
    pub roster: Option<&'a Path>,
    /// OCR settings.
    pub ocr: &'a OcrOptions,
    /// Print the summary as JSON.
    pub json: bool,
}

/// `dossier case add`: exit code (2 when a file failed, the others added all the same).
pub fn run_add(
    args: &AddArgs<'_>,
    progress: &dyn BatchProgress,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let inputs = collect_inputs(args.paths);
    if inputs.is_empty() {
        writeln!(err, "dossier: no PDF found in the given paths")?;
        return Ok(EXIT_FILE_ERRORS);
    }
    let Some(mut options) = load_options(args.permits, args.roster, args.ocr, err)? else {
        return Ok(EXIT_FILE_ERRORS);
    };
    let mut case = match Case::create_or_open(args.case) {
        Ok(c) => c,
        Err(e) => {
            writeln!(err, "dossier: {e}")?;
            return Ok(EXIT_FILE_ERRORS);
        }
    };
    let kept = match case.registry() {
        Ok(r) => r,
        Err(e) => {
            writeln!(err, "dossier: {e}")?;
            return Ok(EXIT_FILE_ERRORS);
        }
    };
    match (args.permits, &options.registry, kept) {
        (Some(source), Some(reg), kept) => {
            if kept.is_none_or(|(_, k)| k != **reg)
                && let Err(e) = case.save_registry(source, reg)
            {
                writeln!(err, "dossier: {e}")?;
                return Ok(EXIT_FILE_ERRORS);
            }
        }
        (None, _, Some((_, reg))) => options.registry = Some(Arc::new(reg)),
        _ => {}
    }
    let mut failed = Vec::new();
    let mut files = Vec::new();
    for input in inputs {
        match input {
            Ok(path) => files.push(path),
            Err(e) => failed.push(Failed {
                path: e.path.clone(),
                error: e.source.to_string(),
            }),
        }
    }
    let mut summary = adding::add_files(&mut case, &files, &options, &Adding(progress));
    failed.append(&mut summary.failed);
    summary.failed = failed;
    progress.finished();
    for f in &summary.failed {
        writeln!(err, "dossier: {}: {}", f.path.display(), f.error)?;
    }
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &summary).map_err(std::io::Error::other)?;
        writeln!(out)?;
    } else {
        write_add_summary(out, args.case, &summary)?;
    }
    Ok(if summary.failed.is_empty() {
        EXIT_OK
    } else {
        EXIT_FILE_ERRORS
    })
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn write_add_summary(out: &mut dyn Write, case: &Path, s: &AddSummary) -> std::io::Result<()> {
    let pages: usize = s.added.iter().map(|a| a.pages).sum();
    writeln!(
        out,
        "{}: added {} ({}), {} already in the case, {} failed",
        case.display(),
        plural(s.added.len(), "production", "productions"),
        plural(pages, "page", "pages"),
        s.already.len(),
        s.failed.len()
    )?;
    for a in &s.added {
        writeln!(
            out,
            "  added    {}  ({}, sha256 {})",
            a.path.display(),
            plural(a.pages, "page", "pages"),
            a.sha256.get(..12).unwrap_or(&a.sha256)
        )?;
    }
    for a in &s.already {
        if a.in_case_as == a.path {
            writeln!(out, "  already  {}", a.path.display())?;
        } else {
            writeln!(
                out,
                "  already  {}  (same bytes as {})",
                a.path.display(),
                a.in_case_as.display()
            )?;
        }
    }
    for f in &s.failed {
        writeln!(out, "  failed   {}: {}", f.path.display(), f.error)?;
    }
    Ok(())
}

/// What `case reanalyse` did.
#[derive(Debug, Default, Serialize)]
pub struct ReanalyseSummary {
    /// Productions analysed again.
    pub reanalysed: Vec<Added>,
    /// Productions already analysed by this version (left as they are).
    pub current: usize,
    /// Productions that could not be analysed again (no file with their bytes at any of their
    /// paths, or the analysis failed); they keep what they held.
    pub failed: Vec<Failed>,
}

/// The bytes of production `p` from the first of its paths that still holds them.
fn find_bytes(p: &crate::store::Production) -> Result<(PathBuf, Vec<u8>), String> {
    for path in std::iter::once(&p.path).chain(&p.other_paths) {
        if let Ok(bytes) = std::fs::read(path)
            && analysis::sha256_hex(&bytes) == p.sha256
        {
            return Ok((path.clone(), bytes));
        }
    }
    Err(format!(
        "no file with its bytes (sha256 {}) at {}",
        p.sha256.get(..12).unwrap_or(&p.sha256),
        std::iter::once(&p.path)
            .chain(&p.other_paths)
            .map(|x| x.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

/// `dossier case reanalyse CASE [--all]`: the productions analysed by another Dossier version
/// (every production with `all`) analysed again from their files, each replaced in its own
/// transaction; the review stays (it is keyed by file hash and finding id). Exit code 2 when one
/// could not be.
pub fn run_reanalyse(
    case: &Path,
    all: bool,
    ocr: &OcrOptions,
    progress: &dyn BatchProgress,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let Some(mut c) = open(case, err)? else {
        return Ok(EXIT_FILE_ERRORS);
    };
    let Some(mut options) = load_options(None, None, ocr, err)? else {
        return Ok(EXIT_FILE_ERRORS);
    };
    let read = || -> crate::store::Result<_> { Ok((c.productions()?, c.registry()?)) };
    let (list, registry) = match read() {
        Ok(x) => x,
        Err(e) => return failed(err, case, &e),
    };
    options.registry = registry.map(|(_, r)| Arc::new(r));
    let mut summary = ReanalyseSummary::default();
    let todo: Vec<&crate::store::Production> = list
        .iter()
        .filter(|p| all || p.dossier_version != env!("CARGO_PKG_VERSION"))
        .collect();
    summary.current = list.len() - todo.len();
    for (i, p) in todo.iter().enumerate() {
        progress.file_started(i + 1, todo.len(), &p.path);
        let done = find_bytes(p).and_then(|(path, bytes)| {
            let a = analysis::analyze_bytes(&path, &bytes, &options, progress)
                .map_err(|e| e.to_string())?;
            // The production keeps the path it was first added from.
            let a = crate::FileAnalysis {
                path: p.path.clone(),
                ..a
            };
            c.replace_production(p.id, &a).map_err(|e| e.to_string())?;
            Ok(a.pages.len())
        });
        match done {
            Ok(pages) => summary.reanalysed.push(Added {
                path: p.path.clone(),
                sha256: p.sha256.clone(),
                pages,
            }),
            Err(error) => summary.failed.push(Failed {
                path: p.path.clone(),
                error,
            }),
        }
        progress.file_done(i + 1, todo.len());
    }
    progress.finished();
    for f in &summary.failed {
        writeln!(err, "dossier: {}: {}", f.path.display(), f.error)?;
    }
    writeln!(
        out,
        "{}: analysed again {}, {} already analysed by Dossier {}, {} failed",
        case.display(),
        plural(summary.reanalysed.len(), "production", "productions"),
        summary.current,
        env!("CARGO_PKG_VERSION"),
        summary.failed.len()
    )?;
    for a in &summary.reanalysed {
        writeln!(
            out,
            "  analysed again  {}  ({})",
            a.path.display(),
            plural(a.pages, "page", "pages")
        )?;
    }
    for f in &summary.failed {
        writeln!(out, "  failed          {}: {}", f.path.display(), f.error)?;
    }
    Ok(if summary.failed.is_empty() {
        EXIT_OK
    } else {
        EXIT_FILE_ERRORS
    })
}

/// `dossier case import CASE PROJECT.json`: the project's review work into the case, as
/// `reviewer`'s.
pub fn run_import(
    case: &Path,
    project: &Path,
    reviewer: Option<&str>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let p = match crate::project::Project::load(project) {
        Ok(p) => p,
        Err(e) => {
            writeln!(err, "dossier: {e}")?;
            return Ok(EXIT_FILE_ERRORS);
        }
    };
    // Either engine: a case file or a PostgreSQL URL (`store::engine`).
    let mut c = match open_store(&case.to_string_lossy(), true) {
        Ok(c) => c,
        Err(e) => {
            writeln!(err, "dossier: {e}")?;
            return Ok(EXIT_FILE_ERRORS);
        }
    };
    let who = crate::store::reviewer(reviewer);
    match c.import_project(&p, &who) {
        Ok(n) => {
            writeln!(
                out,
                "{}: imported from {} as {who}'s: {}, {}, {}{}",
                shown(case),
                project.display(),
                plural(n.reviewed, "reviewed mark", "reviewed marks"),
                plural(n.corrections, "correction", "corrections"),
                plural(n.tags, "tag", "tags"),
                if n.notes > 0 { ", the notes" } else { "" }
            )?;
            Ok(EXIT_OK)
        }
        Err(e) => {
            writeln!(err, "dossier: {}: {e}", shown(case))?;
            Ok(EXIT_FILE_ERRORS)
        }
    }
}

/// Reports a store error on `err`; the exit code.
fn failed(err: &mut dyn Write, case: &Path, e: &StoreError) -> std::io::Result<u8> {
    match e {
        StoreError::Query(_) => writeln!(err, "dossier: {e}")?,
        _ => writeln!(err, "dossier: {}: {e}", case.display())?,
    }
    Ok(EXIT_FILE_ERRORS)
}

/// Opens the case and reads a list of it; with `json`, prints it as `{key: list}`. `Err(code)`
/// when the command is done (an error reported, or the JSON printed).
fn read_list<T: Serialize>(
    case: &Path,
    json: bool,
    key: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
    read: impl FnOnce(&mut dyn CaseStore) -> crate::store::engine::Result<T>,
) -> std::io::Result<Result<T, u8>> {
    // Either engine: a case file or a PostgreSQL URL (`store::engine`).
    let mut store = match open_store(&case.to_string_lossy(), false) {
        Ok(s) => s,
        Err(e) => {
            writeln!(err, "dossier: {e}")?;
            return Ok(Err(EXIT_FILE_ERRORS));
        }
    };
    let list = match read(store.as_mut()) {
        Ok(l) => l,
        Err(e) => {
            writeln!(err, "dossier: {}: {e}", shown(case))?;
            return Ok(Err(EXIT_FILE_ERRORS));
        }
    };
    if json {
        let mut doc = serde_json::Map::new();
        doc.insert(
            key.to_string(),
            serde_json::to_value(&list).map_err(std::io::Error::other)?,
        );
        serde_json::to_writer_pretty(&mut *out, &doc).map_err(std::io::Error::other)?;
        writeln!(out)?;
        return Ok(Err(EXIT_OK));
    }
    Ok(Ok(list))
}

/// The case as shown to the user: a URL without its password.
fn shown(case: &Path) -> String {
    crate::store::pg::conn::redact(&case.to_string_lossy())
}

/// `dossier case list CASE`: the productions, in the order added.
pub fn run_list(
    case: &Path,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let list = match read_list(case, json, "productions", out, err, |c| c.productions())? {
        Ok(list) => list,
        Err(code) => return Ok(code),
    };
    let pages: i64 = list.iter().map(|p| p.pages).sum();
    writeln!(
        out,
        "{}: {}, {}",
        shown(case),
        plural(list.len(), "production", "productions"),
        plural(usize::try_from(pages).unwrap_or(0), "page", "pages")
    )?;
    let width = list
        .iter()
        .map(|p| p.path.display().to_string().chars().count())
        .max()
        .unwrap_or(0);
    for p in &list {
        writeln!(
            out,
            "  {:<width$}  {:>5} pages  sha256 {}  added {}",
            p.path.display().to_string(),
            p.pages,
            p.sha256.get(..12).unwrap_or(&p.sha256),
            p.added
        )?;
        for other in &p.other_paths {
            writeln!(
                out,
                "  {:<width$}  (the same file, seen again under this path)",
                other.display().to_string()
            )?;
        }
    }
    Ok(EXIT_OK)
}

/// What `dossier search` reads.
#[derive(Debug, Clone, Copy)]
pub struct SearchArgs<'a> {
    /// The case.
    pub case: &'a Path,
    /// The query, when one is given on the command line.
    pub query: Option<&'a str>,
    /// A file of queries, one a line (`--queries`).
    pub queries: Option<&'a Path>,
    /// JSON output.
    pub json: bool,
    /// Hits shown per query.
    pub limit: usize,
}

/// `dossier search`: exit code (2 for a query that is not one, or no case).
pub fn run_search(
    args: &SearchArgs<'_>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let Some(c) = open(args.case, err)? else {
        return Ok(EXIT_FILE_ERRORS);
    };
    let mut queries: Vec<String> = args.query.map(str::to_string).into_iter().collect();
    if let Some(file) = args.queries {
        match std::fs::read_to_string(file) {
            Ok(text) => queries.extend(
                text.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .map(str::to_string),
            ),
            Err(e) => {
                writeln!(err, "dossier: {}: {e}", file.display())?;
                return Ok(EXIT_FILE_ERRORS);
            }
        }
    }
    if queries.is_empty() {
        writeln!(
            err,
            "dossier: nothing to search for: give a QUERY or --queries FILE"
        )?;
        return Ok(EXIT_FILE_ERRORS);
    }
    // One query: `{"hits", "total"}`. A batch: one such object per query, with its query.
    if args.queries.is_none() {
        let q = &queries[..1];
        let Some(query) = q.first() else {
            return Ok(EXIT_FILE_ERRORS);
        };
        return match c.search(query, args.limit) {
            Ok(hits) => {
                if args.json {
                    serde_json::to_writer_pretty(&mut *out, &hits)
                        .map_err(std::io::Error::other)?;
                    writeln!(out)?;
                } else {
                    write_hits(out, query, &hits)?;
                }
                Ok(EXIT_OK)
            }
            Err(e) => failed(err, args.case, &e),
        };
    }
    let mut code = EXIT_OK;
    let mut batch = Vec::new();
    for query in &queries {
        match c.search(query, args.limit) {
            Ok(hits) => {
                if args.json {
                    batch.push(serde_json::json!({
                        "query": query, "hits": hits.hits, "total": hits.total
                    }));
                } else {
                    write_hits(out, query, &hits)?;
                    writeln!(out)?;
                }
            }
            Err(e) => {
                code = failed(err, args.case, &e)?;
                if args.json {
                    batch.push(serde_json::json!({ "query": query, "error": e.to_string() }));
                } else {
                    writeln!(out, "{query}: {e}\n")?;
                }
            }
        }
    }
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &serde_json::json!({ "queries": batch }))
            .map_err(std::io::Error::other)?;
        writeln!(out)?;
    }
    Ok(code)
}

fn write_hits(
    out: &mut dyn Write,
    query: &str,
    hits: &crate::store::search::Hits,
) -> std::io::Result<()> {
    let shown = if usize::try_from(hits.total).unwrap_or(usize::MAX) > hits.hits.len() {
        format!(" (the best {} shown)", hits.hits.len())
    } else {
        String::new()
    };
    let total = usize::try_from(hits.total).unwrap_or(usize::MAX);
    writeln!(
        out,
        "{}: {} {}{shown}",
        query,
        plural(total, "page", "pages"),
        if total == 1 { "matches" } else { "match" }
    )?;
    for h in &hits.hits {
        let mut place = format!("{}  p. {}", h.path, h.page);
        if let Some(s) = &h.stamp {
            place.push_str(&format!("  {s}"));
        }
        if let Some(d) = &h.document {
            place.push_str(&format!("  {d}"));
        }
        writeln!(out, "  {place}\n      {}", h.snippet)?;
    }
    Ok(())
}

fn pages_list(pages: &[u32]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while let Some(&start) = pages.get(i) {
        let mut end = start;
        while pages.get(i + 1) == Some(&(end + 1)) {
            end += 1;
            i += 1;
        }
        out.push(if end > start {
            format!("{start}–{end}")
        } else {
            start.to_string()
        });
        i += 1;
    }
    out.join(", ")
}

fn page_word(pages: &[u32]) -> &'static str {
    if pages.len() == 1 { "p." } else { "pp." }
}

/// `dossier case people CASE`: every person, one identity across productions.
pub fn run_people(
    case: &Path,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let people = match read_list(case, json, "people", out, err, |c| c.people())? {
        Ok(people) => people,
        Err(code) => return Ok(code),
    };
    for p in &people {
        writeln!(
            out,
            "{} — {}, {}",
            p.name,
            plural(p.productions.len(), "production", "productions"),
            plural(p.pages, "page", "pages")
        )?;
        let about: Vec<&str> = p
            .titles
            .iter()
            .chain(&p.organizations)
            .map(String::as_str)
            .collect();
        if !about.is_empty() {
            writeln!(out, "    {}", about.join("; "))?;
        }
        for at in &p.productions {
            writeln!(
                out,
                "    {}  {} {}",
                at.path,
                page_word(&at.pages),
                pages_list(&at.pages)
            )?;
        }
    }
    Ok(EXIT_OK)
}

/// `dossier case duplicates CASE`: pages released more than once, each with its copies.
pub fn run_duplicates(
    case: &Path,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let dups = match read_list(case, json, "duplicates", out, err, |c| c.duplicates())? {
        Ok(d) => d,
        Err(code) => return Ok(code),
    };
    writeln!(
        out,
        "{} released more than once",
        plural(dups.len(), "page", "pages")
    )?;
    for d in &dups {
        let mut line: String = d.first_line.chars().take(70).collect();
        if line.len() < d.first_line.len() {
            line.push('…');
        }
        let what = d
            .copies
            .iter()
            .find_map(|c| c.document.clone())
            .unwrap_or_else(|| format!("\"{line}\""));
        let scan = match d.by {
            crate::store::duplicates::By::Picture => " (the same scan)",
            crate::store::duplicates::By::Words => "",
        };
        writeln!(out, "{what} — {} copies{scan}", d.copies.len())?;
        for c in &d.copies {
            let stamp = c
                .stamp
                .as_deref()
                .map(|s| format!("  {s}"))
                .unwrap_or_default();
            writeln!(out, "    {}  p. {}{stamp}", c.path, c.page)?;
        }
    }
    Ok(EXIT_OK)
}

/// `dossier case permits CASE`: every permit cited, its links and candidates per production.
pub fn run_permits(
    case: &Path,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let permits = match read_list(case, json, "permits", out, err, |c| c.permits())? {
        Ok(permits) => permits,
        Err(code) => return Ok(code),
    };
    if permits.is_empty() {
        writeln!(
            out,
            "no permit cited (productions are linked to permits when added with --permits REGISTRY)"
        )?;
    }
    for p in &permits {
        let count = |l: &[crate::store::people::Cited]| l.iter().map(|c| c.pages.len()).sum();
        let mut productions: Vec<&str> = p
            .links
            .iter()
            .chain(&p.candidates)
            .map(|c| c.sha256.as_str())
            .collect();
        productions.sort_unstable();
        productions.dedup();
        let mut counts = vec![format!(
            "{} linked",
            plural(count(&p.links), "page", "pages")
        )];
        if !p.candidates.is_empty() {
            counts.push(plural(
                count(&p.candidates),
                "candidate page",
                "candidate pages",
            ));
        }
        writeln!(
            out,
            "{} — {}: {}",
            p.permit,
            plural(productions.len(), "production", "productions"),
            counts.join(", ")
        )?;
        for (what, list) in [("link", &p.links), ("candidate", &p.candidates)] {
            for at in list {
                writeln!(
                    out,
                    "    {what:<9}  {}  {} {}",
                    at.path,
                    page_word(&at.pages),
                    pages_list(&at.pages)
                )?;
            }
        }
    }
    Ok(EXIT_OK)
}

/// The case among `paths` when they name one case file (an SQLite database), not PDFs.
pub fn is_case(paths: &[PathBuf]) -> Option<&Path> {
    let [one] = paths else { return None };
    if super::pg::is_url(one) {
        return Some(one.as_path());
    }
    let mut head = [0u8; 16];
    let mut f = std::fs::File::open(one).ok()?;
    std::io::Read::read_exact(&mut f, &mut head).ok()?;
    (&head == b"SQLite format 3\0").then_some(one.as_path())
}

/// What `export` reads from a case: the stored findings, the case's review (with the project
/// file's, when `--project` is given too, laid over it), the registry the case keeps.
pub(crate) fn load_case(
    case: &Path,
    inputs: &Inputs<'_>,
    err: &mut dyn Write,
) -> std::io::Result<Option<Loaded>> {
    if super::pg::is_url(case) {
        return super::pg::load_store(case, inputs, err);
    }
    let Some(mut options) = load_options(inputs.permits, inputs.roster, inputs.ocr, err)? else {
        return Ok(None);
    };
    let Some(c) = open(case, err)? else {
        return Ok(None);
    };
    let read =
        || -> crate::store::Result<_> { Ok((c.analyses()?, c.review_project()?, c.registry()?)) };
    let (analyses, mut project, registry) = match read() {
        Ok(x) => x,
        Err(e) => {
            failed(err, case, &e)?;
            return Ok(None);
        }
    };
    if options.registry.is_none() {
        options.registry = registry.map(|(_, r)| Arc::new(r));
    }
    if let Some(path) = inputs.project {
        match crate::project::Project::load(path) {
            Ok(p) => {
                project.reviewed.extend(p.reviewed);
                project.corrections.extend(p.corrections);
                project.tags.extend(p.tags);
            }
            Err(e) => {
                writeln!(err, "dossier: {e}")?;
                return Ok(None);
            }
        }
    }
    Ok(Some((
        options,
        Some(project),
        analyses.into_iter().map(Ok).collect(),
        false,
    )))
}
