//! Differences between releases (`dossier diff`) as CSV and JSON, cited by production, page and
//! stamp.
//!
//! JSON: the [`Comparison`] itself, `{"pairs", "changes", "recoded", "withheld_in_both",
//! "unpaired"}`; for several comparisons (every pair of productions of a case), `{"comparisons":
//! [{"a", "b", ...}]}`. CSV: one row per difference, [`CSV_COLUMNS`].

use std::io::Write;

use serde::Serialize;

use crate::compare::{Comparison, Which};

/// The CSV's columns.
pub const CSV_COLUMNS: [&str; 12] = [
    "difference",
    "withheld_in",
    "text",
    "codes",
    "a_file",
    "a_page",
    "a_stamp",
    "a_codes",
    "b_file",
    "b_page",
    "b_stamp",
    "b_codes",
];

fn csv_err(e: csv::Error) -> std::io::Error {
    match e.kind() {
        csv::ErrorKind::Io(io) => std::io::Error::new(io.kind(), io.to_string()),
        _ => std::io::Error::other(e),
    }
}

/// The two files a comparison read (`a`, `b`): the paths of its first pair, or the ones given.
fn paths<'a>(c: &'a Comparison, a: &'a str, b: &'a str, pair: usize) -> (&'a str, &'a str) {
    match c.pairs.get(pair) {
        Some(p) => (p.a.path.as_str(), p.b.path.as_str()),
        None => (a, b),
    }
}

/// Writes the differences of comparisons, each with the paths of its two productions
/// (`(a, b, comparison)`), as CSV: `released` rows (withheld in one copy, readable in the other)
/// then `recoded` rows (withheld in both under other codes) of each comparison, and one
/// `withheld_in_both` row with the count in `text`.
pub fn write_csv(
    w: &mut dyn Write,
    comparisons: &[(&str, &str, &Comparison)],
) -> std::io::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(CSV_COLUMNS).map_err(csv_err)?;
    for (a, b, c) in comparisons {
        for ch in &c.changes {
            let (fa, fb) = paths(c, a, b, ch.pair);
            let codes = ch.codes.join("; ");
            let (a_codes, b_codes) = match ch.withheld_in {
                Which::A => (codes.clone(), String::new()),
                Which::B => (String::new(), codes.clone()),
            };
            out.write_record([
                "released",
                ch.withheld_in.as_str(),
                &ch.text,
                &codes,
                fa,
                &ch.a_page.to_string(),
                ch.a_stamp.as_deref().unwrap_or(""),
                &a_codes,
                fb,
                &ch.b_page.to_string(),
                ch.b_stamp.as_deref().unwrap_or(""),
                &b_codes,
            ])
            .map_err(csv_err)?;
        }
        for r in &c.recoded {
            let (fa, fb) = paths(c, a, b, r.pair);
            out.write_record([
                "recoded",
                "",
                r.text.as_deref().unwrap_or(""),
                "",
                fa,
                &r.a_page.to_string(),
                "",
                &r.a_codes.join("; "),
                fb,
                &r.b_page.to_string(),
                "",
                &r.b_codes.join("; "),
            ])
            .map_err(csv_err)?;
        }
        out.write_record([
            "withheld_in_both",
            "",
            &c.withheld_in_both.to_string(),
            "",
            a,
            "",
            "",
            "",
            b,
            "",
            "",
            "",
        ])
        .map_err(csv_err)?;
    }
    out.flush()
}

/// One comparison of several, with the paths of its productions.
#[derive(Serialize)]
struct Named<'a> {
    a: &'a str,
    b: &'a str,
    #[serde(flatten)]
    comparison: &'a Comparison,
}

/// Writes one comparison as its JSON document, or (`many`, or not exactly one) several as
/// `{"comparisons": [...]}`, each with its `a` and `b` paths.
pub fn write_json(
    w: &mut dyn Write,
    comparisons: &[(&str, &str, &Comparison)],
    many: bool,
) -> std::io::Result<()> {
    match comparisons {
        [(_, _, one)] if !many => serde_json::to_writer_pretty(&mut *w, one)?,
        many => {
            let list: Vec<Named<'_>> = many
                .iter()
                .map(|(a, b, c)| Named {
                    a,
                    b,
                    comparison: c,
                })
                .collect();
            serde_json::to_writer_pretty(&mut *w, &serde_json::json!({ "comparisons": list }))?;
        }
    }
    writeln!(w)
}
