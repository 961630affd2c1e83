//! CSV exports a spreadsheet opens as is: the findings (one row per redaction, person and permit
//! link, with file, page, page stamp and evidence) and the redaction log (the reverse of an
//! e-discovery privilege log: every redaction with its codes, their meaning, and any leak).

use std::io::Write;

use crate::analysis::FileAnalysis;
use crate::redactions::codes;

fn fmt_box(b: Option<crate::geometry::Rect>) -> String {
    b.map(|r| {
        let r = r.rounded();
        format!("{} {} {} {}", r.x0, r.y0, r.x1, r.y1)
    })
    .unwrap_or_default()
}

fn meanings(codes_: &[String]) -> String {
    codes_
        .iter()
        .map(|c| match codes::explain(c) {
            Some(i) => format!("{c}: {} ({})", i.title, i.kind),
            None => format!("{c}: unknown code"),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn csv_err(e: csv::Error) -> std::io::Error {
    std::io::Error::other(e)
}

/// The redaction log: file, page, stamp, kind, box, codes, meanings, withheld pages, leak.
pub fn write_redaction_log(w: &mut dyn Write, files: &[&FileAnalysis]) -> std::io::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record([
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
    ])
    .map_err(csv_err)?;
    for a in files {
        for r in &a.redactions {
            out.write_record([
                a.path.display().to_string(),
                r.page.to_string(),
                a.label(r.page).unwrap_or("").to_string(),
                r.id.clone(),
                r.kind.as_str().to_string(),
                fmt_box(r.bbox),
                r.codes.join(" "),
                meanings(&r.codes),
                r.withheld_pages
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(" "),
                r.withheld_reason.clone().unwrap_or_default(),
                r.leaked_text.clone().unwrap_or_default(),
            ])
            .map_err(csv_err)?;
        }
    }
    out.flush()
}

/// All findings, one row each: redactions, people (one row per mention page), permit links.
pub fn write_findings(w: &mut dyn Write, files: &[&FileAnalysis]) -> std::io::Result<()> {
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
    ])
    .map_err(csv_err)?;
    for a in files {
        let file = a.path.display().to_string();
        for r in &a.redactions {
            out.write_record([
                file.clone(),
                r.page.to_string(),
                a.label(r.page).unwrap_or("").to_string(),
                "redaction".to_string(),
                r.id.clone(),
                r.kind.as_str().to_string(),
                meanings(&r.codes),
                r.leaked_text
                    .as_ref()
                    .map(|t| format!("LEAK: {t}"))
                    .or_else(|| r.text.clone())
                    .unwrap_or_default(),
                fmt_box(r.bbox),
            ])
            .map_err(csv_err)?;
        }
        for o in &a.officials {
            for page in &o.pages {
                let here: Vec<&str> = o
                    .mention_list
                    .iter()
                    .filter(|m| m.page == *page)
                    .map(|m| m.text.as_str())
                    .collect();
                out.write_record([
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
                    o.mention_list
                        .iter()
                        .find(|m| m.page == *page)
                        .map_or(String::new(), |m| fmt_box(m.bbox)),
                ])
                .map_err(csv_err)?;
            }
        }
        for l in &a.permit_links {
            let via = match l.via {
                crate::permits::Via::Number => "number",
                crate::permits::Via::Serial => "serial",
                crate::permits::Via::Context => "context",
            };
            out.write_record([
                file.clone(),
                l.page.to_string(),
                a.label(l.page).unwrap_or("").to_string(),
                "permit_link".to_string(),
                format!("{}@p{}", l.permit, l.page),
                l.permit.clone(),
                format!("by {via}, confidence {:.2}", l.confidence),
                l.evidence.clone(),
                fmt_box(l.bbox),
            ])
            .map_err(csv_err)?;
        }
    }
    out.flush()
}
