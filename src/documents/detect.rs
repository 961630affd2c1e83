//! Segmentation: header blocks (`From:`/`De :` ... `Subject:`/`Objet :`; `MEMORANDUM` with
//! `FROM:`/`DATE:`/`SUBJECT:`) start documents; a header block below body text or after an
//! `-----Original Message-----` line is a quoted message of the document around it. Documents end
//! before the next start, a withheld-page notice, or a page with no text.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;

use super::dates::parse_date_time;
use super::names::natural_name;
use super::{Document, DocumentKind};
use crate::pdf::PageModel;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    From,
    Sent,
    To,
    Cc,
    Subject,
}

fn label_regex() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            // The second group are the usual OCR misreadings of the same labels on scans
            // (`Ce:` for `Cc:`, `rn` for `m`, a lost accent, `;` for `:`).
            r"^\s*(?P<label>From|De|Sent|Envoyé|Date|To|À|A|Cc|CC|Bcc|Cci|Subject|Objet|Sujet|Re|FROM|DATE|TO|SUBJECT|OBJET|Frorn|Envoye|Ce|Subiect|Obiet|Sent\.)\s?[:;]\s*(?P<value>.*)$",
        )
        .ok()
    })
    .as_ref()
}

fn field_of(label: &str) -> Option<Field> {
    Some(match label {
        "From" | "De" | "FROM" | "Frorn" => Field::From,
        "Sent" | "Envoyé" | "Date" | "DATE" | "Envoye" | "Sent." => Field::Sent,
        "To" | "À" | "A" | "TO" => Field::To,
        "Cc" | "CC" | "Bcc" | "Cci" | "Ce" => Field::Cc,
        "Subject" | "Objet" | "Sujet" | "Re" | "SUBJECT" | "OBJET" | "Subiect" | "Obiet" => {
            Field::Subject
        }
        _ => return None,
    })
}

/// A header found on a page.
struct Header {
    page: u32,
    line: usize,
    kind: DocumentKind,
    from: Option<String>,
    to: Vec<String>,
    cc: Vec<String>,
    date: Option<String>,
    time: Option<String>,
    subject: Option<String>,
    /// Quoted inside the message before it (an earlier message of the thread).
    quoted: bool,
}

fn people(value: &str) -> Vec<String> {
    value
        .split(';')
        .map(natural_name)
        .filter(|n| !n.is_empty())
        .collect()
}

/// Lines that are page furniture (stamps, release bands), not content.
fn is_furniture(text: &str) -> bool {
    let t = text.trim();
    let lower = t.to_lowercase();
    lower.starts_with("released under")
        || lower.starts_with("divulgué en vertu")
        || crate::page_labels::looks_like_stamp(t)
        || t.is_empty()
}

/// A capitalised label that OCR split in two (`SUBJ ECT:`, `OBJ ET :`) joined again; other lines
/// unchanged.
fn join_split_label(line: &str) -> String {
    let t = line.trim_start();
    if let Some((label, rest)) = t.split_once(':') {
        let chunks: Vec<&str> = label.split_whitespace().collect();
        let letters: usize = chunks.iter().map(|c| c.chars().count()).sum();
        let joined = chunks.concat();
        if (2..=3).contains(&chunks.len())
            && letters >= 4
            && chunks.iter().all(|c| c.chars().all(|ch| ch.is_uppercase()))
            && label_regex().is_some_and(|re| re.is_match(&format!("{joined}:")))
        {
            return format!("{joined}:{rest}");
        }
    }
    line.to_string()
}

fn headers_on(page: &PageModel, out: &mut Vec<Header>) {
    let Some(re) = label_regex() else { return };
    let owned: Vec<String> = page
        .lines
        .iter()
        .map(|l| join_split_label(&l.text))
        .collect();
    let lines: Vec<&str> = owned.iter().map(String::as_str).collect();
    let mut i = 0;
    let mut body_seen = false;
    while i < lines.len() {
        let text = lines.get(i).copied().unwrap_or("");
        let upper = text.trim_start().to_uppercase();
        // A memorandum: its title line, then its labelled fields.
        if upper.starts_with("MEMORANDUM") || upper.starts_with("NOTE DE SERVICE") {
            let mut h = Header {
                page: page.number,
                line: i,
                kind: DocumentKind::Memo,
                from: None,
                to: Vec::new(),
                cc: Vec::new(),
                date: None,
                time: None,
                subject: None,
                quoted: false,
            };
            let addressee = text
                .split_once(" FOR ")
                .or_else(|| text.split_once(" TO "))
                .map(|(_, a)| a.trim().to_string());
            let mut j = i + 1;
            while j < lines.len() && j <= i + 8 {
                let l = lines.get(j).copied().unwrap_or("");
                if let Some(c) = re.captures(l) {
                    let value = c.name("value").map_or("", |m| m.as_str()).trim();
                    match c.name("label").and_then(|m| field_of(m.as_str())) {
                        Some(Field::From) => {
                            h.from = Some(natural_name(value.split(',').next().unwrap_or(value)))
                        }
                        Some(Field::To) => h.to = people(value),
                        Some(Field::Sent) => (h.date, h.time) = parse_date_time(value),
                        Some(Field::Subject) => h.subject = Some(value.to_string()),
                        Some(Field::Cc) => h.cc = people(value),
                        None => {}
                    }
                } else if h.to.is_empty()
                    && let Some(name) = l
                        .trim()
                        .strip_prefix("The Honourable ")
                        .or_else(|| l.trim().strip_prefix("L'honorable "))
                {
                    h.to = vec![name.trim().to_string()];
                }
                j += 1;
            }
            if h.to.is_empty()
                && let Some(a) = addressee
            {
                h.to = vec![title_case(&a)];
            }
            out.push(h);
            i = j;
            body_seen = true;
            continue;
        }
        let Some(c) = re.captures(text) else {
            if !is_furniture(text) {
                body_seen = true;
            }
            i += 1;
            continue;
        };
        // A block of consecutive labelled lines.
        let start = i;
        let mut fields: Vec<(Field, String)> = Vec::new();
        let mut j = i;
        let mut cur = Some(c);
        while let Some(c) = cur {
            if let Some(f) = c.name("label").and_then(|m| field_of(m.as_str())) {
                fields.push((
                    f,
                    c.name("value")
                        .map_or("", |m| m.as_str())
                        .trim()
                        .to_string(),
                ));
            }
            j += 1;
            cur = lines.get(j).and_then(|l| re.captures(l));
        }
        let has = |f: Field| fields.iter().any(|(g, _)| *g == f);
        let is_email =
            has(Field::From) && (has(Field::Sent) || has(Field::To)) && fields.len() >= 3;
        if is_email {
            let prev = (0..start)
                .rev()
                .map(|k| lines.get(k).copied().unwrap_or(""))
                .find(|l| !is_furniture(l))
                .unwrap_or("");
            let separator = prev.contains("Original Message") || prev.contains("Message d'origine");
            let mut h = Header {
                page: page.number,
                line: start,
                kind: DocumentKind::Email,
                from: None,
                to: Vec::new(),
                cc: Vec::new(),
                date: None,
                time: None,
                subject: None,
                quoted: separator || (body_seen && !is_sender_banner(prev)),
            };
            for (f, v) in fields {
                match f {
                    Field::From => h.from = people(&v).into_iter().next(),
                    Field::Sent => (h.date, h.time) = parse_date_time(&v),
                    Field::To => h.to = people(&v),
                    Field::Cc => h.cc = people(&v),
                    Field::Subject => h.subject = Some(v),
                }
            }
            out.push(h);
            body_seen = true;
        }
        i = j.max(i + 1);
    }
}

/// Outlook prints the sender's name in bold above the header: that line is not body text.
fn is_sender_banner(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && t.split_whitespace().count() <= 6 && !t.ends_with('.')
}

fn title_case(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let lower = w.to_lowercase();
            if ["of", "the", "for", "and", "de", "des", "du", "la", "le"].contains(&lower.as_str())
            {
                lower
            } else {
                let mut c = lower.chars();
                c.next()
                    .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                    .unwrap_or_default()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
        .trim_start_matches("the ")
        .to_string()
}

fn notice_regex() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)\bpages?\s+\d+.{0,20}\b(withheld|not relevant|duplicate|retenues?|pertinente|copie)").ok()
    })
    .as_ref()
}

/// A page that cannot continue a document: a withheld/not-relevant/duplicate notice or no text.
fn breaks(page: &PageModel) -> bool {
    let content: Vec<&str> = page
        .lines
        .iter()
        .map(|l| l.text.as_str())
        .filter(|t| !is_furniture(t))
        .collect();
    if content.is_empty() {
        return true;
    }
    content.len() <= 8 && notice_regex().is_some_and(|re| content.iter().any(|l| re.is_match(l)))
}

/// The first of `sorted` greater than `page`.
fn first_after(sorted: &[u32], page: u32) -> Option<u32> {
    sorted.get(sorted.partition_point(|b| *b <= page)).copied()
}

/// Finds the documents of a production, in page order.
pub fn detect(pages: &[PageModel]) -> Vec<Document> {
    let mut headers = Vec::new();
    for p in pages {
        headers_on(p, &mut headers);
    }
    let last_page = pages.last().map_or(0, |p| p.number);
    // Sorted, so that the first break after a header is a binary search.
    let mut breaking: Vec<u32> = pages
        .iter()
        .filter(|p| breaks(p))
        .map(|p| p.number)
        .collect();
    breaking.sort_unstable();
    let mut docs: Vec<Document> = Vec::new();
    let mut parent: Option<usize> = None;
    for (k, h) in headers.iter().enumerate() {
        let id = format!("doc-{}", k + 1);
        if h.quoted
            && let Some(pi) = parent
        {
            let parent_id = docs.get(pi).map(|d| d.id.clone());
            let thread = docs.get(pi).and_then(|d| d.thread.clone());
            docs.push(Document {
                provenance: Default::default(),
                id,
                kind: h.kind,
                first_page: h.page,
                last_page: h.page,
                from: h.from.clone(),
                to: h.to.clone(),
                cc: h.cc.clone(),
                date: h.date.clone(),
                time: h.time.clone(),
                subject: h.subject.clone(),
                thread,
                quoted_in: parent_id,
            });
            continue;
        }
        // The end: before the next top-level header's page (or that page when it starts lower),
        // and before any breaking page.
        let next_start = headers.iter().skip(k + 1).find(|n| !n.quoted).map(|n| {
            if n.line == 0 || n.page > h.page {
                n.page.saturating_sub(1)
            } else {
                n.page
            }
        });
        let mut end = next_start.unwrap_or(last_page).max(h.page);
        if let Some(b) = first_after(&breaking, h.page).filter(|b| *b <= end) {
            end = b - 1;
        }
        parent = Some(docs.len());
        docs.push(Document {
            provenance: Default::default(),
            id: id.clone(),
            kind: h.kind,
            first_page: h.page,
            last_page: end,
            from: h.from.clone(),
            to: h.to.clone(),
            cc: h.cc.clone(),
            date: h.date.clone(),
            time: h.time.clone(),
            subject: h.subject.clone(),
            thread: Some(id),
            quoted_in: None,
        });
        let _ = h.line;
    }
    // A quoted message runs to the end of the message quoting it.
    let mut ends: HashMap<String, u32> = HashMap::new();
    for d in &docs {
        ends.entry(d.id.clone()).or_insert(d.last_page);
    }
    for d in &mut docs {
        if let Some(q) = &d.quoted_in
            && let Some(end) = ends.get(q)
        {
            d.last_page = (*end).max(d.first_page);
        }
    }
    docs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_split_by_ocr_are_joined() {
        assert_eq!(
            join_split_label("SUBJ ECT: Export permits"),
            "SUBJECT: Export permits"
        );
        assert_eq!(join_split_label("OBJ ET: Demande"), "OBJET: Demande");
        assert_eq!(
            join_split_label("De : Anand, Shalini"),
            "De : Anand, Shalini"
        );
        assert_eq!(join_split_label("NOTE TO FILE: x"), "NOTE TO FILE: x");
    }

    #[test]
    fn first_break_after_a_page() {
        let breaking = [3, 7, 7, 12];
        assert_eq!(first_after(&breaking, 0), Some(3));
        assert_eq!(first_after(&breaking, 3), Some(7));
        assert_eq!(first_after(&breaking, 6), Some(7));
        assert_eq!(first_after(&breaking, 7), Some(12));
        assert_eq!(first_after(&breaking, 12), None);
        assert_eq!(first_after(&[], 1), None);
    }
}
