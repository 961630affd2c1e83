//! CSV exports a spreadsheet opens as is: the findings (one row per redaction, person and permit
//! link, with file, page, page stamp and evidence) and the redaction log (the reverse of an
//! e-discovery privilege log: every redaction with its codes, their meaning, and any leak).

use std::io::Write;

use super::reviewed;
use crate::analysis::FileAnalysis;
use crate::project::Project;
use crate::project::review::{self, FileReview};
use crate::redactions::codes;

/// The user's review of a finding, in words: `reviewed`, `codes corrected (detected: 15(1))`.
pub(crate) fn review_note(rev: Option<&FileReview>, id: &str) -> String {
    let Some(rev) = rev else {
        return String::new();
    };
    let mut parts: Vec<String> = Vec::new();
    if rev.reviewed.iter().any(|x| x == id) {
        parts.push("reviewed".into());
    }
    for c in rev.corrected.iter().filter(|c| c.id == id) {
        let mut t = format!("{} corrected (detected: {})", c.field, c.detected);
        if !c.note.is_empty() {
            t.push_str(&format!(" — {}", c.note));
        }
        parts.push(t);
    }
    parts.join("; ")
}

fn fmt_box(b: Option<crate::geometry::Rect>) -> String {
    b.map(|r| {
        let r = r.rounded();
        format!("{} {} {} {}", r.x0, r.y0, r.x1, r.y1)
    })
    .unwrap_or_default()
}

pub(crate) fn meanings(codes_: &[String]) -> String {
    codes_
        .iter()
        .map(|c| match codes::explain(c) {
            Some(i) => format!("{c}: {} ({})", i.title, i.kind),
            None => format!("{c}: unknown code"),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The provenance columns: `source` (text, ocr, image) and the OCR confidence (0..1, empty when
/// none).
fn prov_cols(p: &crate::pdf::Provenance) -> [String; 2] {
    [
        p.source.as_str().to_string(),
        p.ocr_confidence
            .map_or(String::new(), |c| format!("{c:.2}")),
    ]
}

fn csv_err(e: csv::Error) -> std::io::Error {
    // An I/O error stays one (a closed pipe, `| head`, is not reported as a failure).
    match e.kind() {
        csv::ErrorKind::Io(io) => std::io::Error::new(io.kind(), io.to_string()),
        _ => std::io::Error::other(e),
    }
}

/// The redaction log's columns.
pub const REDACTION_LOG_COLUMNS: [&str; 17] = [
    "file",
    "page",
    "page_stamp",
    "id",
    "kind",
    "bbox",
    "codes",
    "code_meanings",
    "withheld_pages",
    "withheld_reason",
    "leaked_text",
    "review",
    "source",
    "ocr_confidence",
    "leak_coverage",
    "leak_found_in",
    "estimated_chars",
];

/// The redaction log's rows (see [`REDACTION_LOG_COLUMNS`]): every redaction with its codes,
/// their meanings, withheld pages, leak, and the user's review when a project is given
/// (dismissed redactions left out, corrected codes used). The CSV and the XLSX log both write
/// these.
pub fn redaction_log_rows(
    files: &[&FileAnalysis],
    project: Option<&Project>,
) -> Vec<[String; REDACTION_LOG_COLUMNS.len()]> {
    let mut rows = Vec::new();
    for (a, rev) in reviewed(files, project) {
        for r in &a.redactions {
            let [source, confidence] = prov_cols(&r.provenance);
            rows.push([
                a.path.display().to_string(),
                r.page.to_string(),
                a.label(r.page).unwrap_or("").to_string(),
                r.id.clone(),
                r.kind.as_str().to_string(),
                fmt_box(r.bbox),
                r.codes.join(" "),
                meanings(&r.codes),
                pages_list(&r.withheld_pages),
                r.withheld_reason.clone().unwrap_or_default(),
                r.leaked_text.clone().unwrap_or_default(),
                review_note(rev.as_ref(), &r.id),
                source,
                confidence,
                // How much of the box the leaked text fills, 0..1 (empty when nothing leaks).
                if r.leaked_text.is_some() {
                    format!("{:.2}", r.leak_coverage)
                } else {
                    String::new()
                },
                // Where the leaked text was found when not on the page as it reads
                // (`earlier revision 1 of 2`, `actual_text`, `form_field`, `metadata`...).
                r.leak_found_in.clone().unwrap_or_default(),
                // How many characters a box on a line could hide: `4-7`.
                r.estimated_chars
                    .map(|[lo, hi]| format!("{lo}-{hi}"))
                    .unwrap_or_default(),
            ]);
        }
    }
    rows
}

/// The redaction log as CSV: [`REDACTION_LOG_COLUMNS`], then [`redaction_log_rows`].
pub fn write_redaction_log(
    w: &mut dyn Write,
    files: &[&FileAnalysis],
    project: Option<&Project>,
) -> std::io::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(REDACTION_LOG_COLUMNS).map_err(csv_err)?;
    for row in redaction_log_rows(files, project) {
        out.write_record(&row).map_err(csv_err)?;
    }
    out.flush()
}

/// The mentions on `page`, in order: a binary search when `mentions` are `sorted` by page (as
/// detection gives them; a person named on every page would otherwise cost pages × mentions).
fn mentions_on(
    mentions: &[crate::officials::Mention],
    sorted: bool,
    page: u32,
) -> Vec<&crate::officials::Mention> {
    let slice = if sorted {
        let from = mentions.partition_point(|m| m.page < page);
        let to = mentions.partition_point(|m| m.page <= page).max(from);
        mentions.get(from..to).unwrap_or_default()
    } else {
        mentions
    };
    slice.iter().filter(|m| m.page == page).collect()
}

/// A person's provenance on one page (`mentions`: those on the page): OCR when every mention there was read by OCR (with the
/// lowest confidence), text otherwise.
fn page_provenance(mentions: &[&crate::officials::Mention]) -> crate::pdf::Provenance {
    let here: Vec<&crate::pdf::Provenance> = mentions.iter().map(|m| &m.provenance).collect();
    if here.is_empty() || here.iter().any(|p| p.source != crate::pdf::Source::Ocr) {
        return crate::pdf::Provenance::default();
    }
    crate::pdf::Provenance {
        source: crate::pdf::Source::Ocr,
        ocr_confidence: here
            .iter()
            .filter_map(|p| p.ocr_confidence)
            .reduce(f32::min),
    }
}

pub(crate) fn pages_list(pages: &[u32]) -> String {
    pages
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The `ground` rows of a file: (page, id, what, detail, evidence). `what` is `claimed`,
/// `withheld_pages_notice`, `stamped_not_claimed`, `claimed_not_used` or `unknown_in_act`. With
/// no `claimed` row, no statement of the production's grounds was found, and nothing is reported
/// as not claimed.
fn ground_rows(a: &FileAnalysis) -> Vec<(u32, String, String, String, String)> {
    use crate::redactions::grounds::Scope;
    let g = &a.grounds;
    let mut rows = Vec::new();
    let first = |p: &[u32]| p.first().copied().unwrap_or(0);
    let detail = |code: &str, kind: &str| {
        let meaning = meanings(&[code.to_string()]);
        if meaning.is_empty() {
            format!("s.{code} ({kind})")
        } else {
            format!("s.{meaning} [{kind}]")
        }
    };
    for (i, s) in g.statements.iter().enumerate() {
        let what = match s.scope {
            Scope::Production => "claimed",
            Scope::WithheldPages => "withheld_pages_notice",
        };
        rows.push((
            s.page,
            format!("ground-statement-{}", i + 1),
            what.to_string(),
            format!(
                "{} ({})",
                crate::redactions::codes::cite(&s.codes),
                s.act.label()
            ),
            s.text.clone(),
        ));
    }
    for (list, what) in [
        (&g.stamped_not_claimed, "stamped_not_claimed"),
        (&g.claimed_not_used, "claimed_not_used"),
    ] {
        for c in list {
            rows.push((
                first(&c.pages),
                format!("ground-{what}-{}", c.code),
                what.to_string(),
                detail(&c.code, &c.kind),
                format!("pages {}", pages_list(&c.pages)),
            ));
        }
    }
    for u in &g.unknown_in_act {
        let acts: Vec<&str> = u.acts.iter().map(|x| x.label()).collect();
        rows.push((
            first(&u.pages),
            format!("ground-unknown_in_act-{}", u.code),
            "unknown_in_act".to_string(),
            format!(
                "s.{} is not in the {} ({})",
                u.code,
                acts.join(" or "),
                u.source
            ),
            format!("pages {}", pages_list(&u.pages)),
        ));
    }
    rows
}

/// All findings, one row each: redactions, people (one row per mention page), permit links
/// (finding `permit_link`) then permit candidates (finding `permit_candidate`, never counted as
/// links; a candidate the user confirmed is a `permit_link`), the claimed grounds against the
/// stamped codes (finding `ground`, see [`ground_rows`]), and,
/// when a project is given, the user's tags, with the review of each finding (dismissed findings
/// left out, corrections used).
pub fn write_findings(
    w: &mut dyn Write,
    files: &[&FileAnalysis],
    project: Option<&Project>,
) -> std::io::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record([
        "file",
        "page",
        "page_stamp",
        "finding",
        "id",
        "what",
        "detail",
        "evidence",
        "bbox",
        "review",
        "source",
        "ocr_confidence",
    ])
    .map_err(csv_err)?;
    for (a, rev) in reviewed(files, project) {
        let rev = rev.as_ref();
        let file = a.path.display().to_string();
        for r in &a.redactions {
            out.write_record(
                [
                    file.clone(),
                    r.page.to_string(),
                    a.label(r.page).unwrap_or("").to_string(),
                    "redaction".to_string(),
                    r.id.clone(),
                    r.kind.as_str().to_string(),
                    meanings(&r.codes),
                    r.leaked_text
                        .as_ref()
                        .map(|t| match &r.leak_found_in {
                            Some(place) => format!("LEAK ({place}): {t}"),
                            None => format!("LEAK: {t}"),
                        })
                        .or_else(|| r.text.clone())
                        .unwrap_or_default(),
                    fmt_box(r.bbox),
                    review_note(rev, &r.id),
                ]
                .into_iter()
                .chain(prov_cols(&r.provenance)),
            )
            .map_err(csv_err)?;
        }
        for o in &a.officials {
            let sorted = o.mention_list.is_sorted_by_key(|m| m.page);
            for page in &o.pages {
                let on_page = mentions_on(&o.mention_list, sorted, *page);
                let here: Vec<&str> = on_page.iter().map(|m| m.text.as_str()).collect();
                out.write_record(
                    [
                        file.clone(),
                        page.to_string(),
                        a.label(*page).unwrap_or("").to_string(),
                        if o.is_official { "official" } else { "person" }.to_string(),
                        o.id.clone(),
                        o.name.clone(),
                        [o.title.as_deref(), o.organization.as_deref()]
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>()
                            .join(", "),
                        here.join("; "),
                        on_page.first().map_or(String::new(), |m| fmt_box(m.bbox)),
                        review_note(rev, &o.id),
                    ]
                    .into_iter()
                    .chain(prov_cols(&page_provenance(&on_page))),
                )
                .map_err(csv_err)?;
            }
        }
        let links = a.permit_links.iter().map(|l| (l, "permit_link"));
        let candidates = a.permit_candidates.iter().map(|l| (l, "permit_candidate"));
        for (l, kind) in links.chain(candidates) {
            let via = l.via.as_str();
            let score = l
                .score
                .map(|s| format!(", score {s:.1}"))
                .unwrap_or_default();
            out.write_record(
                [
                    file.clone(),
                    l.page.to_string(),
                    a.label(l.page).unwrap_or("").to_string(),
                    kind.to_string(),
                    review::link_id(l),
                    l.permit.clone(),
                    format!("by {via}, confidence {:.2}{score}", l.confidence),
                    l.evidence.clone(),
                    fmt_box(l.bbox),
                    review_note(rev, &review::link_id(l)),
                ]
                .into_iter()
                .chain(prov_cols(&l.provenance)),
            )
            .map_err(csv_err)?;
        }
        for row in ground_rows(&a) {
            let page = row.0;
            out.write_record([
                file.clone(),
                page.to_string(),
                a.label(page).unwrap_or("").to_string(),
                "ground".to_string(),
                row.1,
                row.2,
                row.3,
                row.4,
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ])
            .map_err(csv_err)?;
        }
        for t in rev.map(|r| r.tags.as_slice()).unwrap_or_default() {
            out.write_record([
                file.clone(),
                t.page.to_string(),
                t.page_stamp.clone().unwrap_or_default(),
                "tag".to_string(),
                t.id.clone(),
                t.kind.label().to_string(),
                t.note.clone(),
                t.text.clone(),
                fmt_box(Some(t.bbox)),
                "your tag".to_string(),
                String::new(),
                String::new(),
            ])
            .map_err(csv_err)?;
        }
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::officials::Mention;

    #[test]
    fn mentions_on_a_page_sorted_or_not() {
        let m = |page: u32, text: &str| Mention {
            page,
            bbox: None,
            text: text.to_string(),
            provenance: Default::default(),
        };
        let sorted = vec![m(1, "a"), m(3, "b"), m(3, "c"), m(7, "d")];
        let texts = |v: Vec<&Mention>| v.iter().map(|m| m.text.clone()).collect::<Vec<_>>();
        assert_eq!(texts(mentions_on(&sorted, true, 3)), vec!["b", "c"]);
        assert_eq!(texts(mentions_on(&sorted, true, 2)), Vec::<String>::new());
        assert_eq!(texts(mentions_on(&sorted, true, 7)), vec!["d"]);
        let unsorted = vec![m(3, "b"), m(1, "a"), m(3, "c")];
        assert!(!unsorted.is_sorted_by_key(|m| m.page));
        assert_eq!(texts(mentions_on(&unsorted, false, 3)), vec!["b", "c"]);
    }
}
