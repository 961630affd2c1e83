//! The case commands on a case given as a PostgreSQL URL (`dossier case add postgres://host/db
//! FILE...`, `dossier search postgres://...`, `case list|people|permits|duplicates|import`), and
//! `dossier case copy SRC DST` between engines. Everything goes through the storage trait
//! ([`crate::store::engine::CaseStore`]), so these commands work on a case file as well; the
//! output is the same as [`super::case`]'s. A URL is only ever printed with its password hidden.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use super::case::{AddSummary, Added, Already, Failed, SearchArgs};
use super::{BatchProgress, EXIT_FILE_ERRORS, EXIT_OK, collect_inputs, load_options};
use crate::analysis::{self, Options};
use crate::store::engine::{self, CaseStore, open_store};

/// True when `location` is a PostgreSQL URL.
pub fn is_url(location: &Path) -> bool {
    location
        .to_str()
        .is_some_and(crate::store::pg::conn::is_url)
}

fn open(
    location: &Path,
    create: bool,
    err: &mut dyn Write,
) -> std::io::Result<Option<Box<dyn CaseStore>>> {
    match open_store(&location.to_string_lossy(), create) {
        Ok(s) => Ok(Some(s)),
        Err(e) => {
            writeln!(err, "dossier: {e}")?;
            Ok(None)
        }
    }
}

fn failed(err: &mut dyn Write, e: &engine::Error) -> std::io::Result<u8> {
    writeln!(err, "dossier: {e}")?;
    Ok(EXIT_FILE_ERRORS)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

enum Outcome {
    Added(Added),
    Already(Already),
}

fn add_one(
    store: &mut dyn CaseStore,
    path: &Path,
    options: &Options,
    store_pdf: bool,
    progress: &dyn BatchProgress,
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
    if let Some(id) = store.production_id(&sha256).map_err(|e| e.to_string())? {
        let first = store.record_path(id, path).map_err(|e| e.to_string())?;
        return Ok(Outcome::Already(Already {
            path: path.to_path_buf(),
            in_case_as: first,
        }));
    }
    let a = analysis::analyze_bytes(path, &bytes, options, progress).map_err(|e| e.to_string())?;
    let pdf = store_pdf.then_some(bytes.as_slice());
    match store
        .add_production(&a, size, pdf)
        .map_err(|e| e.to_string())?
    {
        Some(_) => Ok(Outcome::Added(Added {
            path: path.to_path_buf(),
            sha256,
            pages: a.pages.len(),
        })),
        // Another machine added the same bytes while this one analysed them.
        None => {
            let id = store
                .production_id(&sha256)
                .map_err(|e| e.to_string())?
                .ok_or("the production vanished while being added")?;
            Ok(Outcome::Already(Already {
                path: path.to_path_buf(),
                in_case_as: store.record_path(id, path).map_err(|e| e.to_string())?,
            }))
        }
    }
}

/// `dossier case add` through the storage trait (`store_pdf`: keep each PDF's bytes in a
/// PostgreSQL case). Exit code 2 when a file failed.
pub fn run_add(
    args: &super::case::AddArgs<'_>,
    store_pdf: bool,
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
    let Some(mut store) = open(args.case, true, err)? else {
        return Ok(EXIT_FILE_ERRORS);
    };
    if store_pdf && store.engine() != "postgresql" {
        writeln!(
            err,
            "dossier: --store-pdf keeps PDFs in a PostgreSQL case only; a case file keeps the results"
        )?;
    }
    let kept = match store.registry() {
        Ok(r) => r,
        Err(e) => return failed(err, &e),
    };
    match (args.permits, &options.registry, kept) {
        (Some(source), Some(reg), kept) => {
            if kept.is_none_or(|(_, k)| k != **reg)
                && let Err(e) = store.save_registry(source, reg)
            {
                return failed(err, &e);
            }
        }
        (None, _, Some((_, reg))) => options.registry = Some(Arc::new(reg)),
        _ => {}
    }
    let total = inputs.len();
    let mut summary = AddSummary::default();
    for (i, input) in inputs.iter().enumerate() {
        match input {
            Err(e) => summary.failed.push(Failed {
                path: e.path.clone(),
                error: e.source.to_string(),
            }),
            Ok(path) => {
                progress.file_started(i + 1, total, path);
                match add_one(store.as_mut(), path, &options, store_pdf, progress) {
                    Ok(Outcome::Added(a)) => summary.added.push(a),
                    Ok(Outcome::Already(a)) => summary.already.push(a),
                    Err(error) => summary.failed.push(Failed {
                        path: path.clone(),
                        error,
                    }),
                }
                progress.file_done(i + 1, total);
            }
        }
    }
    progress.finished();
    for f in &summary.failed {
        writeln!(err, "dossier: {}: {}", f.path.display(), f.error)?;
    }
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &summary).map_err(std::io::Error::other)?;
        writeln!(out)?;
    } else {
        let pages: usize = summary.added.iter().map(|a| a.pages).sum();
        writeln!(
            out,
            "{}: added {} ({}), {} already in the case, {} failed",
            store.location(),
            plural(summary.added.len(), "production", "productions"),
            plural(pages, "page", "pages"),
            summary.already.len(),
            summary.failed.len()
        )?;
        for a in &summary.added {
            writeln!(
                out,
                "  added    {}  ({}, sha256 {})",
                a.path.display(),
                plural(a.pages, "page", "pages"),
                a.sha256.get(..12).unwrap_or(&a.sha256)
            )?;
        }
        for a in &summary.already {
            writeln!(
                out,
                "  already  {}  (as {})",
                a.path.display(),
                a.in_case_as.display()
            )?;
        }
        for f in &summary.failed {
            writeln!(out, "  failed   {}: {}", f.path.display(), f.error)?;
        }
    }
    Ok(if summary.failed.is_empty() {
        EXIT_OK
    } else {
        EXIT_FILE_ERRORS
    })
}

fn write_hits(
    out: &mut dyn Write,
    query: &str,
    hits: &crate::store::search::Hits,
) -> std::io::Result<()> {
    let total = usize::try_from(hits.total).unwrap_or(usize::MAX);
    let shown = if total > hits.hits.len() {
        format!(" (the best {} shown)", hits.hits.len())
    } else {
        String::new()
    };
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

/// `dossier search LOCATION QUERY` through the storage trait.
pub fn run_search(
    args: &SearchArgs<'_>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let Some(mut store) = open(args.case, false, err)? else {
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
    let mut code = EXIT_OK;
    let mut batch = Vec::new();
    for query in &queries {
        match store.search(query, args.limit) {
            Ok(hits) => {
                if args.json && args.queries.is_none() {
                    serde_json::to_writer_pretty(&mut *out, &hits)
                        .map_err(std::io::Error::other)?;
                    writeln!(out)?;
                } else if args.json {
                    batch.push(
                        serde_json::json!({"query": query, "hits": hits.hits, "total": hits.total}),
                    );
                } else {
                    write_hits(out, query, &hits)?;
                    if args.queries.is_some() {
                        writeln!(out)?;
                    }
                }
            }
            Err(e) => {
                code = failed(err, &e)?;
                if args.json && args.queries.is_some() {
                    batch.push(serde_json::json!({"query": query, "error": e.to_string()}));
                }
            }
        }
    }
    if args.json && args.queries.is_some() {
        serde_json::to_writer_pretty(&mut *out, &serde_json::json!({ "queries": batch }))
            .map_err(std::io::Error::other)?;
        writeln!(out)?;
    }
    Ok(code)
}

/// `dossier case copy SRC DST`: every production, the registry and the whole review of one
/// case into another (a case file to a PostgreSQL database and back).
pub fn run_copy(
    src: &Path,
    dst: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let Some(mut from) = open(src, false, err)? else {
        return Ok(EXIT_FILE_ERRORS);
    };
    let Some(mut to) = open(dst, true, err)? else {
        return Ok(EXIT_FILE_ERRORS);
    };
    match engine::copy(from.as_mut(), to.as_mut()) {
        Ok(c) => {
            writeln!(
                out,
                "{} → {}: copied {} ({}), {} already there, {}, {}",
                from.location(),
                to.location(),
                plural(c.productions, "production", "productions"),
                plural(c.pages, "page", "pages"),
                c.already,
                plural(c.marks, "review mark", "review marks"),
                plural(c.tags, "tag", "tags"),
            )?;
            Ok(EXIT_OK)
        }
        Err(e) => failed(err, &e),
    }
}

/// What `export` and `timeline` read from a case given as a URL (as [`super::case`] reads a case
/// file): the stored findings, the case's review (a `--project` file's laid over it), the
/// registry the case keeps.
pub(crate) fn load_store(
    location: &Path,
    inputs: &super::Inputs<'_>,
    err: &mut dyn Write,
) -> std::io::Result<Option<super::Loaded>> {
    let Some(mut options) = load_options(inputs.permits, inputs.roster, inputs.ocr, err)? else {
        return Ok(None);
    };
    let Some(mut store) = open(location, false, err)? else {
        return Ok(None);
    };
    let mut read = || -> engine::Result<_> {
        Ok((
            store.analyses()?,
            store.review_project()?,
            store.registry()?,
        ))
    };
    let (analyses, mut project, registry) = match read() {
        Ok(x) => x,
        Err(e) => {
            failed(err, &e)?;
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

/// `dossier case changes URL [--since ID] [--follow SECONDS]`: the review changes of a PostgreSQL
/// case after change ID (every one by default), oldest first, each with who and when; with
/// `follow`, then the changes others make as they arrive (`LISTEN dossier_review`), for that many
/// seconds of quiet.
pub fn run_changes(
    location: &Path,
    since: i64,
    follow: Option<u64>,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    if !is_url(location) {
        writeln!(
            err,
            "dossier: {}: the history of review changes is kept by a PostgreSQL case (postgres://...)",
            location.display()
        )?;
        return Ok(EXIT_FILE_ERRORS);
    }
    let mut case = match crate::store::pg::PgCase::open(&location.to_string_lossy()) {
        Ok(c) => c,
        Err(e) => {
            writeln!(err, "dossier: {e}")?;
            return Ok(EXIT_FILE_ERRORS);
        }
    };
    let mut cursor = since;
    let print = |case: &mut crate::store::pg::PgCase,
                 cursor: &mut i64,
                 out: &mut dyn Write|
     -> Result<(), crate::store::pg::PgError> {
        loop {
            let batch = case.changes_since(*cursor, 1000)?;
            let Some(last) = batch.last() else {
                return Ok(());
            };
            *cursor = last.id;
            for c in &batch {
                let line = if json {
                    serde_json::to_string(c).map_err(crate::store::pg::PgError::Json)?
                } else {
                    let note = c
                        .correction
                        .as_ref()
                        .map(|x| x.note.as_str())
                        .filter(|n| !n.is_empty())
                        .map(|n| format!(" \"{n}\""))
                        .unwrap_or_default();
                    format!(
                        "{:>6}  {}  {:<20}  {:<10}  {}:{} (version {}){note}",
                        c.id, c.at, c.who, c.what, c.file, c.finding, c.version
                    )
                };
                writeln!(out, "{line}").map_err(|e| {
                    crate::store::pg::PgError::Url(format!("writing the changes: {e}"))
                })?;
            }
        }
    };
    let mut run = |case: &mut crate::store::pg::PgCase,
                   out: &mut dyn Write|
     -> Result<(), crate::store::pg::PgError> {
        if follow.is_some() {
            case.listen()?;
        }
        print(case, &mut cursor, out)?;
        if let Some(secs) = follow {
            let quiet = std::time::Duration::from_secs(secs);
            while !case.wait_for_changes(quiet)?.is_empty() {
                print(case, &mut cursor, out)?;
            }
        }
        Ok(())
    };
    match run(&mut case, out) {
        Ok(()) => Ok(EXIT_OK),
        Err(e) => {
            writeln!(err, "dossier: {e}")?;
            Ok(EXIT_FILE_ERRORS)
        }
    }
}
