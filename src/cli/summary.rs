//! The human summary of `dossier analyze`: what a reporter reads first.

use std::collections::BTreeMap;
use std::io::Write;

use crate::analysis::FileAnalysis;
use crate::documents::DocumentKind;
use crate::redactions::codes;

/// Writes the summary of one file.
pub fn write_summary(out: &mut dyn Write, a: &FileAnalysis) -> std::io::Result<()> {
    let short_sha = a.sha256.get(..12).unwrap_or(&a.sha256);
    writeln!(
        out,
        "{}  ({} pages, sha256 {short_sha}…)",
        a.path.display(),
        a.pages.len()
    )?;
    let labels: Vec<&str> = a.page_labels.iter().flatten().map(String::as_str).collect();
    match (labels.first(), labels.last()) {
        (Some(first), Some(last)) => writeln!(
            out,
            "  stamps: {first} … {last} ({} of {} pages stamped)",
            labels.len(),
            a.pages.len()
        )?,
        _ => writeln!(out, "  stamps: none found")?,
    }
    let ocr: Vec<&crate::pdf::OcrInfo> = a.pages.iter().filter_map(|p| p.ocr.as_ref()).collect();
    if let Some(first) = ocr.first() {
        let full: Vec<&&crate::pdf::OcrInfo> = ocr.iter().filter(|o| o.full_page).collect();
        let words: u32 = full.iter().map(|o| o.words).sum();
        let mean = if full.is_empty() {
            0.0
        } else {
            full.iter().map(|o| o.mean_confidence).sum::<f32>() / full.len() as f32
        };
        let cached = ocr.iter().filter(|o| o.cached).count();
        let labels = ocr.len() - full.len();
        writeln!(
            out,
            "  OCR ({}, {}): {} page(s) read from their pictures ({words} words, mean confidence \
             {:.0}%){}{}; findings read by OCR are marked [OCR nn%]",
            first.engine,
            first.languages,
            full.len(),
            mean * 100.0,
            if labels > 0 {
                format!(", labels around redactions read on {labels} more")
            } else {
                String::new()
            },
            if cached > 0 {
                format!("; {cached} from the cache")
            } else {
                String::new()
            }
        )?;
    }
    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &a.redactions {
        *by_kind.entry(r.kind.as_str()).or_default() += 1;
        for c in &r.codes {
            *by_code.entry(c.as_str()).or_default() += 1;
        }
    }
    let leaks: Vec<_> = a
        .redactions
        .iter()
        .filter(|r| r.leaked_text.is_some())
        .collect();
    let kinds: Vec<String> = by_kind.iter().map(|(k, n)| format!("{k} {n}")).collect();
    writeln!(
        out,
        "  redactions: {}{}{}",
        a.redactions.len(),
        if kinds.is_empty() {
            String::new()
        } else {
            format!(" ({})", kinds.join(", "))
        },
        if leaks.is_empty() {
            String::new()
        } else {
            format!(
                "; {} LEAK{}",
                leaks.len(),
                if leaks.len() == 1 { "" } else { "S" }
            )
        }
    )?;
    if !by_code.is_empty() {
        let codes: Vec<String> = by_code.iter().map(|(c, n)| format!("s.{c} ×{n}")).collect();
        writeln!(out, "    codes: {}", codes.join(", "))?;
    }
    for r in &leaks {
        // One line per leak: a passage's line breaks become spaces here (the JSON keeps them).
        let leaked = r
            .leaked_text
            .as_deref()
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        writeln!(
            out,
            "    LEAK {}: {} reads \"{}\"{}",
            a.cite(r.page),
            format!("{} {}", r.kind.as_str(), codes::cite(&r.codes)).trim_end(),
            leaked,
            match (&r.leak_found_in, r.kind) {
                (Some(place), _) =>
                    format!("  ({})", crate::redactions::hidden::where_found(place)),
                (None, crate::redactions::RedactionKind::Image) => {
                    "  (in the page's OCR text layer, made before the box was drawn)".to_string()
                }
                (None, _) => String::new(),
            }
        )?;
    }
    for r in a.redactions.iter().filter(|r| !r.withheld_pages.is_empty()) {
        let (Some(first), Some(last)) = (r.withheld_pages.first(), r.withheld_pages.last()) else {
            continue;
        };
        let why = match (&r.withheld_reason, r.codes.is_empty()) {
            (Some(reason), _) => reason.replace('_', " "),
            (None, false) => codes::cite(&r.codes),
            (None, true) => "no reason given".to_string(),
        };
        writeln!(
            out,
            "    withheld {}: {} ({why})",
            a.cite(r.page),
            if first == last {
                format!("page {first}")
            } else {
                format!("pages {first}–{last}")
            }
        )?;
    }

    write_grounds(out, a)?;

    let emails = a
        .documents
        .iter()
        .filter(|d| d.kind == DocumentKind::Email)
        .count();
    let memos = a
        .documents
        .iter()
        .filter(|d| d.kind == DocumentKind::Memo)
        .count();
    writeln!(
        out,
        "  documents: {} ({emails} e-mails, {memos} memo(s))",
        a.documents.len()
    )?;
    for d in &a.documents {
        writeln!(
            out,
            "    {:<9} {:<5} {}  {}  from {}: {}{}",
            if d.first_page == d.last_page {
                format!("p. {}", d.first_page)
            } else {
                format!("pp. {}–{}", d.first_page, d.last_page)
            },
            match d.kind {
                DocumentKind::Email => "email",
                DocumentKind::Memo => "memo",
                DocumentKind::Other => "other",
            },
            d.date.as_deref().unwrap_or("----------"),
            d.time.as_deref().unwrap_or("     "),
            d.from.as_deref().unwrap_or("?"),
            d.subject.as_deref().unwrap_or("(no subject)"),
            {
                let mut notes = Vec::new();
                if let Some(c) = &d.classification {
                    notes.push(c.clone());
                }
                if let Some(f) = &d.file_number {
                    notes.push(format!("file {f}"));
                }
                if d.quoted_in.is_some() {
                    notes.push(if d.depth > 1 {
                        format!("quoted {} levels down in its thread", d.depth)
                    } else {
                        "quoted in the message above".to_string()
                    });
                }
                if let Some(first) = &d.same_as {
                    notes.push(format!("the same message as {first}, seen again"));
                }
                if notes.is_empty() {
                    String::new()
                } else {
                    format!("  ({})", notes.join("; "))
                }
            }
        )?;
        mark(out, &d.provenance)?;
    }

    let repeated = crate::analysis::repeated(a);
    writeln!(
        out,
        "  repeated passages: {} withheld in one place and readable in another ({} withheld alike in both){}",
        repeated.changes.len(),
        repeated.withheld_in_both,
        if repeated.changes.is_empty() {
            String::new()
        } else {
            format!("; dossier diff {} lists them", a.path.display())
        }
    )?;
    for ch in repeated.changes.iter().take(5) {
        writeln!(
            out,
            "    {} withholds what {} releases: \"{}\"",
            a.cite(ch.a_page),
            a.cite(ch.b_page),
            ch.text
        )?;
    }

    writeln!(out, "  people: {}", a.officials.len())?;
    for o in &a.officials {
        let role = [o.title.as_deref(), o.organization.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
        writeln!(
            out,
            "    {}{}{} (pages {}; {} mention{})",
            o.name,
            if role.is_empty() { "" } else { " — " },
            role,
            o.pages
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            o.mentions,
            if o.mentions == 1 { "" } else { "s" }
        )?;
        mark(out, &o.provenance)?;
    }

    writeln!(out, "  permit links: {}", a.permit_links.len())?;
    for l in &a.permit_links {
        writeln!(
            out,
            "    {} → {} by {} ({:.0}%): {}",
            a.cite(l.page),
            l.permit,
            l.via.as_str(),
            l.confidence * 100.0,
            l.evidence
        )?;
        mark(out, &l.provenance)?;
    }
    if !a.permit_candidates.is_empty() {
        writeln!(
            out,
            "  candidates: {} (not counted as links; confirm or dismiss them in the window)",
            a.permit_candidates.len()
        )?;
        for l in &a.permit_candidates {
            writeln!(
                out,
                "    {} ? {} by {} (score {:.1}, {:.0}%): {}",
                a.cite(l.page),
                l.permit,
                l.via.as_str(),
                l.score.unwrap_or_default(),
                l.confidence * 100.0,
                l.evidence
            )?;
            mark(out, &l.provenance)?;
        }
    }
    if !a.warnings.is_empty() {
        writeln!(out, "  warnings: {}", a.warnings.len())?;
        // What concerns many pages at once (pages past the page-model budget) comes first.
        let (many, one): (Vec<&String>, Vec<&String>) =
            a.warnings.iter().partition(|w| w.starts_with("pages "));
        for w in many.into_iter().chain(one).take(5) {
            writeln!(out, "    {w}")?;
        }
        if a.warnings.len() > 5 {
            writeln!(
                out,
                "    … and {} more (--json lists them all)",
                a.warnings.len() - 5
            )?;
        }
    }
    writeln!(out)
}

/// Codes with their pages: `s.21(1)(a) (pp. 3, 4)`.
fn code_pages(list: &[crate::redactions::grounds::CodeAt]) -> String {
    list.iter()
        .map(|c| format!("s.{} ({})", c.code, pages_txt(&c.pages)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn pages_txt(pages: &[u32]) -> String {
    let list = pages
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    if pages.len() == 1 {
        format!("p. {list}")
    } else {
        format!("pp. {list}")
    }
}

/// The grounds block: claimed, stamped not claimed, claimed not used, unknown in the act,
/// exclusions apart from exemptions.
fn write_grounds(out: &mut dyn Write, a: &FileAnalysis) -> std::io::Result<()> {
    use crate::redactions::grounds::Scope;
    let g = &a.grounds;
    // A file with no stamped code and no statement of grounds (not an ATIP release): nothing to say.
    if g.statements.is_empty() && g.stamped.is_empty() {
        return Ok(());
    }
    let acts = g
        .acts
        .iter()
        .map(|x| x.label())
        .collect::<Vec<_>>()
        .join(", ");
    writeln!(out, "  grounds ({acts}):")?;
    if g.claimed_found {
        writeln!(out, "    claimed: {}", code_pages(&g.claimed))?;
    } else {
        writeln!(
            out,
            "    claimed: none found (no statement of the production's grounds; nothing reported as not claimed)"
        )?;
    }
    for s in &g.statements {
        let what = match s.scope {
            Scope::Production => "statement".to_string(),
            Scope::WithheldPages => "withheld-page notice".to_string(),
        };
        writeln!(
            out,
            "      {what} {}: {} — \"{}\"",
            a.cite(s.page),
            codes::cite(&s.codes),
            s.text
        )?;
    }
    if !g.stamped_not_claimed.is_empty() {
        writeln!(
            out,
            "    stamped not claimed: {}",
            code_pages(&g.stamped_not_claimed)
        )?;
    }
    if !g.claimed_not_used.is_empty() {
        writeln!(
            out,
            "    claimed not used: {}",
            code_pages(&g.claimed_not_used)
        )?;
    }
    for u in &g.unknown_in_act {
        writeln!(
            out,
            "    unknown in {}: s.{} ({}, {})",
            u.acts
                .iter()
                .map(|x| x.label())
                .collect::<Vec<_>>()
                .join(" / "),
            u.code,
            u.source,
            pages_txt(&u.pages)
        )?;
    }
    writeln!(
        out,
        "    exemptions: {} claimed, {} redaction(s) stamped; exclusions: {} claimed, {} redaction(s) stamped",
        g.exemptions.claimed, g.exemptions.stamped, g.exclusions.claimed, g.exclusions.stamped
    )
}

/// Under a finding read by OCR: a line saying so (a low-confidence read is flagged).
fn mark(out: &mut dyn Write, p: &crate::pdf::Provenance) -> std::io::Result<()> {
    if p.source != crate::pdf::Source::Ocr {
        return Ok(());
    }
    if p.is_low_confidence() {
        writeln!(
            out,
            "      [{}: low-confidence OCR read, check the page]",
            p.mark()
        )
    } else {
        writeln!(out, "      [{}]", p.mark())
    }
}
