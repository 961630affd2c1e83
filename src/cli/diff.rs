//! `dossier diff`: what one release withholds and another gives away.
//!
//! - `dossier diff A.pdf B.pdf`: the two productions compared (A is the first file given);
//! - `dossier diff FILE`: the passages repeated inside one production read against each other;
//! - `dossier diff CASE`: every two productions of a case that share records, each analysed again
//!   from the path it was added from (or another path its bytes were seen under).
//!
//! Human output reads like a reporter's note; `--json` prints the [`Comparison`]; `--csv FILE`
//! writes the differences as CSV too.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{BatchProgress, EXIT_FILE_ERRORS, EXIT_OK, case};
use crate::analysis::{self, FileAnalysis, Options};
use crate::compare::{Change, Comparison, Which};
use crate::export;
use crate::redactions::codes;

/// What `dossier diff` was asked.
#[derive(Debug, Clone, Copy)]
pub struct DiffArgs<'a> {
    /// Two PDFs, one PDF, or one case file.
    pub paths: &'a [PathBuf],
    /// Print JSON instead of the note.
    pub json: bool,
    /// Also write the differences as CSV to this file.
    pub csv: Option<&'a Path>,
    /// Analysis options (OCR).
    pub options: &'a Options,
}

/// `dossier diff`; exit code (2 when a file could not be read or the arguments are wrong).
pub fn run_diff(
    args: &DiffArgs<'_>,
    progress: &dyn BatchProgress,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    if let Some(c) = case::is_case(args.paths) {
        return run_case(c, args, progress, out, err);
    }
    let inputs: Vec<_> = args.paths.iter().map(|p| Ok(p.clone())).collect();
    if !(1..=2).contains(&inputs.len()) {
        writeln!(
            err,
            "dossier: diff takes two PDF files (A then B), one PDF (its repeated passages) or one case"
        )?;
        return Ok(EXIT_FILE_ERRORS);
    }
    let results = super::analyze_all(&inputs, args.options, progress);
    let mut ok = Vec::new();
    for r in results {
        match r {
            Ok(a) => ok.push(a),
            Err(e) => writeln!(err, "dossier: {e}")?,
        }
    }
    if ok.len() != args.paths.len() {
        return Ok(EXIT_FILE_ERRORS);
    }
    let (comparison, a, b) = match ok.as_slice() {
        [a, b] => (analysis::compare(a, b), a, b),
        [a] => (analysis::repeated(a), a, a),
        _ => return Ok(EXIT_FILE_ERRORS),
    };
    let (pa, pb) = (a.path.display().to_string(), b.path.display().to_string());
    let list = [(pa.as_str(), pb.as_str(), &comparison)];
    if args.json {
        export::diff::write_json(out, &list, false)?;
    } else if std::ptr::eq(a, b) {
        write_repeated(out, a, &comparison)?;
    } else {
        write_note(out, a, b, &comparison)?;
    }
    if let Some(path) = args.csv {
        write_csv_file(path, &list, err)?;
    }
    out.flush()?;
    Ok(EXIT_OK)
}

fn write_csv_file(
    path: &Path,
    list: &[(&str, &str, &Comparison)],
    err: &mut dyn Write,
) -> std::io::Result<()> {
    let written = std::fs::File::create(path).and_then(|f| {
        let mut w = std::io::BufWriter::new(f);
        export::diff::write_csv(&mut w, list)?;
        w.flush()
    });
    if let Err(e) = written {
        writeln!(err, "dossier: {}: {e}", path.display())?;
    }
    Ok(())
}

/// The file's name, for notes.
fn name(a: &FileAnalysis) -> String {
    a.path.file_name().map_or_else(
        || a.path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// `p. 3 (A-2022-01183 - 000003)`, or `a.pdf p. 3` without a stamp.
fn cite(file: &str, page: u32, stamp: Option<&str>) -> String {
    match stamp {
        Some(s) => format!("p. {page} ({s})"),
        None => format!("{file} p. {page}"),
    }
}

/// `withholds under s.21(1)(a)` or `withholds (no code given)`.
fn under(codes_: &[String]) -> String {
    if codes_.is_empty() {
        "withholds (no code given)".to_string()
    } else {
        format!("withholds under {}", codes::cite(codes_))
    }
}

/// One change as a reporter's note: `p. 3 (STAMP) withholds under s.21(1)(a) what STAMP
/// releases: "…"`.
fn change_line(c: &Change, name_a: &str, name_b: &str) -> String {
    let (w, r) = (c.withheld_in, c.withheld_in.other());
    let file = |x: Which| if x == Which::A { name_a } else { name_b };
    let (wp, ws) = c.at(w);
    let (rp, rs) = c.at(r);
    let released = match rs {
        Some(s) => s.to_string(),
        None => format!("{} p. {rp}", file(r)),
    };
    format!(
        "{} {} what {released} releases: \"{}\"",
        cite(file(w), wp, ws),
        under(&c.codes),
        c.text
    )
}

/// The note for two productions.
pub fn write_note(
    out: &mut dyn Write,
    a: &FileAnalysis,
    b: &FileAnalysis,
    c: &Comparison,
) -> std::io::Result<()> {
    let (na, nb) = (name(a), name(b));
    writeln!(
        out,
        "A: {} ({} pages, {} documents)",
        a.path.display(),
        a.pages.len(),
        top_documents(a)
    )?;
    writeln!(
        out,
        "B: {} ({} pages, {} documents)",
        b.path.display(),
        b.pages.len(),
        top_documents(b)
    )?;
    writeln!(
        out,
        "{} records found in both; {} in A and {} in B with no counterpart.",
        c.pairs.len(),
        c.unpaired.a.len(),
        c.unpaired.b.len()
    )?;
    for (w, label) in [(Which::A, (&na, &nb)), (Which::B, (&nb, &na))] {
        let list: Vec<&Change> = c.changes.iter().filter(|x| x.withheld_in == w).collect();
        writeln!(
            out,
            "\nWithheld in {} ({}), readable in {} ({}): {}",
            w.as_str().to_uppercase(),
            label.0,
            w.other().as_str().to_uppercase(),
            label.1,
            list.len()
        )?;
        for ch in list {
            writeln!(out, "  {}", change_line(ch, &na, &nb))?;
        }
    }
    if !c.recoded.is_empty() {
        writeln!(
            out,
            "\nWithheld in both under other codes: {}",
            c.recoded.len()
        )?;
        for r in &c.recoded {
            writeln!(
                out,
                "  {} under {}; {} under {}",
                a.cite(r.a_page),
                codes::cite(&r.a_codes),
                b.cite(r.b_page),
                codes::cite(&r.b_codes)
            )?;
        }
    }
    writeln!(
        out,
        "\nWithheld in both under the same codes: {} passages.",
        c.withheld_in_both
    )?;
    for (label, list, f) in [("A", &c.unpaired.a, a), ("B", &c.unpaired.b, b)] {
        if list.is_empty() {
            continue;
        }
        let pages: Vec<String> = list.iter().map(|s| f.cite(s.first_page)).collect();
        writeln!(
            out,
            "No counterpart for {} record(s) of {label}, from {}",
            list.len(),
            pages.join(", ")
        )?;
    }
    Ok(())
}

fn top_documents(a: &FileAnalysis) -> usize {
    a.documents
        .iter()
        .filter(|d| d.depth == 0 && d.quoted_in.is_none())
        .count()
}

/// The note for one production's repeated passages.
pub fn write_repeated(
    out: &mut dyn Write,
    a: &FileAnalysis,
    c: &Comparison,
) -> std::io::Result<()> {
    let n = name(a);
    writeln!(
        out,
        "{}: {} passage(s) repeated inside the production; {} withheld in one place and readable in another.",
        a.path.display(),
        c.pairs.len(),
        c.changes.len()
    )?;
    for ch in &c.changes {
        writeln!(out, "  {}", change_line(ch, &n, &n))?;
    }
    if !c.recoded.is_empty() {
        writeln!(
            out,
            "Withheld in both places under other codes: {}",
            c.recoded.len()
        )?;
        for r in &c.recoded {
            writeln!(
                out,
                "  {} under {}; {} under {}",
                a.cite(r.a_page),
                codes::cite(&r.a_codes),
                a.cite(r.b_page),
                codes::cite(&r.b_codes)
            )?;
        }
    }
    writeln!(
        out,
        "Withheld in both places under the same codes: {} passages.",
        c.withheld_in_both
    )?;
    Ok(())
}

/// `dossier diff CASE`: every two productions of the case that share records.
fn run_case(
    path: &Path,
    args: &DiffArgs<'_>,
    progress: &dyn BatchProgress,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let productions = match crate::store::Case::open(path).and_then(|c| c.productions()) {
        Ok(p) => p,
        Err(e) => {
            writeln!(err, "dossier: {}: {e}", path.display())?;
            return Ok(EXIT_FILE_ERRORS);
        }
    };
    // Each production from a path that still holds it.
    let mut inputs = Vec::new();
    let mut missing = Vec::new();
    for p in &productions {
        let found = std::iter::once(&p.path)
            .chain(&p.other_paths)
            .find(|x| x.is_file());
        match found {
            Some(f) => inputs.push((p, f.clone())),
            None => missing.push(p),
        }
    }
    for p in &missing {
        writeln!(
            err,
            "dossier: {}: not found (nor at the {} other path(s) the case knows): left out of the comparison",
            p.path.display(),
            p.other_paths.len()
        )?;
    }
    let list: Vec<_> = inputs.iter().map(|(_, f)| Ok(f.clone())).collect();
    let results = super::analyze_all(&list, args.options, progress);
    let mut analyses: Vec<FileAnalysis> = Vec::new();
    let mut failed = !missing.is_empty();
    for ((p, _), r) in inputs.iter().zip(results) {
        match r {
            Ok(a) if a.sha256 == p.sha256 => analyses.push(a),
            Ok(a) => {
                failed = true;
                writeln!(
                    err,
                    "dossier: {}: changed since it was added to the case: left out",
                    a.path.display()
                )?;
            }
            Err(e) => {
                failed = true;
                writeln!(err, "dossier: {e}")?;
            }
        }
    }
    let views: Vec<_> = analyses
        .iter()
        .map(analysis::releases::production)
        .collect();
    let mut found: Vec<(usize, usize, Comparison)> = Vec::new();
    for (i, x) in views.iter().enumerate() {
        for (j, y) in views.iter().enumerate().skip(i + 1) {
            let c = crate::compare::compare(x, y);
            if !c.pairs.is_empty() {
                found.push((i, j, c));
            }
        }
    }
    let names: Vec<String> = analyses
        .iter()
        .map(|a| a.path.display().to_string())
        .collect();
    let list: Vec<(&str, &str, &Comparison)> = found
        .iter()
        .map(|(i, j, c)| (names[*i].as_str(), names[*j].as_str(), c))
        .collect();
    if args.json {
        export::diff::write_json(out, &list, true)?;
    } else {
        writeln!(
            out,
            "{}: {} productions compared ({} missing), {} pairs of them share records.",
            path.display(),
            analyses.len(),
            missing.len(),
            found.len()
        )?;
        for (i, j, c) in &found {
            writeln!(out)?;
            write_note(out, &analyses[*i], &analyses[*j], c)?;
        }
    }
    if let Some(p) = args.csv {
        write_csv_file(p, &list, err)?;
    }
    out.flush()?;
    Ok(if failed { EXIT_FILE_ERRORS } else { EXIT_OK })
}
