//! The numbers behind a production's overview (the GUI's first view of a file): pages, documents
//! by kind, redactions by code (exclusions apart from exemptions), the share of each document's
//! and each page's text area withheld, leaks, people by number of pages, permits linked and the
//! grounds check. Computed once per analysis (and again when the user's reading changes), never
//! per frame; no GUI type here.
//!
//! The redaction figures are [`crate::redactions::stats`]'s, read through the user's
//! [`Reading`] (dismissed redactions left out, corrected codes counted); the grounds check is the
//! analysis's own ([`crate::redactions::grounds`]), summed up.

use std::collections::BTreeSet;

use serde::Serialize;

use super::FileAnalysis;
use crate::documents::DocumentKind;
use crate::redactions::grounds::{self, Act, Tally};
use crate::redactions::stats::{self, CodeCount, Reading};

/// How many top-level documents of one kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KindCount {
    /// The kind.
    pub kind: DocumentKind,
    /// Top-level documents of that kind (quoted messages are counted apart).
    pub count: usize,
}

/// One top-level document and the share of its text area withheld.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentShare {
    /// The document's id.
    pub id: String,
    /// Its kind.
    pub kind: DocumentKind,
    /// First and last page, 1-based.
    pub first_page: u32,
    /// Last page.
    pub last_page: u32,
    /// Subject or title, when read.
    pub subject: Option<String>,
    /// Redactions on its pages.
    pub redactions: usize,
    /// Share of its text area withheld, 0..=1.
    pub share: f64,
}

/// A person and on how many pages they appear.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonPages {
    /// The person's id.
    pub id: String,
    /// Their name.
    pub name: String,
    /// Distinct pages naming them.
    pub pages: usize,
    /// The first of those pages.
    pub first_page: Option<u32>,
}

/// The grounds check in a few numbers and code lists.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GroundsSummary {
    /// A statement of the whole production's grounds was found.
    pub claimed_found: bool,
    /// Codes claimed.
    pub claimed: Vec<String>,
    /// Stamped codes no claim covers.
    pub stamped_not_claimed: Vec<String>,
    /// Claimed codes no stamp uses.
    pub claimed_not_used: Vec<String>,
    /// Codes that do not exist in the act named.
    pub unknown_in_act: Vec<String>,
    /// Exemptions claimed and stamped.
    pub exemptions: Tally,
    /// Exclusions claimed and stamped.
    pub exclusions: Tally,
}

impl GroundsSummary {
    /// Mismatches between claims and stamps (codes unknown in the act included).
    pub fn mismatches(&self) -> usize {
        self.stamped_not_claimed.len() + self.claimed_not_used.len() + self.unknown_in_act.len()
    }
}

/// Everything the overview shows.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Overview {
    /// Pages of the file.
    pub pages: usize,
    /// Top-level documents by kind (e-mails, memos, others), in that order, kinds absent left out.
    pub documents: Vec<KindCount>,
    /// Quoted (or forwarded) messages inside other documents.
    pub quoted: usize,
    /// Redactions counted (dismissed ones left out).
    pub redactions: usize,
    /// Redactions the user dismissed.
    pub dismissed: usize,
    /// Redactions without any code.
    pub uncoded: usize,
    /// Exemption codes, most used first.
    pub exemptions: Vec<CodeCount>,
    /// Exclusion codes (ATIA ss.68–69.1, Privacy Act ss.69–70.1: records the act does not apply
    /// to), most used first, apart from exemptions.
    pub exclusions: Vec<CodeCount>,
    /// Share of the production's text area withheld, 0..=1.
    pub redacted_share: f64,
    /// Pages withheld whole according to the notices.
    pub pages_withheld: usize,
    /// Each top-level document, in page order, with its withheld share.
    pub document_shares: Vec<DocumentShare>,
    /// The share of each page's text area withheld, in page order (1.0 for a withheld-page
    /// notice).
    pub page_shares: Vec<f64>,
    /// Redactions whose hidden text is still in the file.
    pub leaks: usize,
    /// Pages with a leak, in order, each once.
    pub leak_pages: Vec<u32>,
    /// People, most pages first (then by name).
    pub people: Vec<PersonPages>,
    /// Sure permit links.
    pub permit_links: usize,
    /// Permit candidates (to confirm).
    pub permit_candidates: usize,
    /// Distinct permits linked.
    pub permits_linked: usize,
    /// The grounds check.
    pub grounds: GroundsSummary,
    /// Passages repeated inside the production (a message and the reply quoting it) withheld in
    /// one place and readable in another (see [`super::repeated`]).
    pub repeated_withheld: usize,
}

impl Overview {
    /// The overview of `a` as the user reads it (`reading`: dismissed and corrected findings, by
    /// id; dismissed people are left out too).
    pub fn of(a: &FileAnalysis, reading: &Reading<'_>) -> Overview {
        let (all, per_doc) =
            stats::read_production_stats(&a.pages, &a.redactions, &a.documents, reading);
        let act = a.grounds.acts.first().copied().unwrap_or(Act::Atia);
        let (exclusions, exemptions): (Vec<CodeCount>, Vec<CodeCount>) = all
            .by_code
            .into_iter()
            .partition(|c| grounds::kind_in(&c.code, act) == "exclusion");
        let read: Vec<(&crate::redactions::Redaction, &[String])> = a
            .redactions
            .iter()
            .filter_map(|r| reading.codes_of(r).map(|c| (r, c)))
            .collect();
        let leak_pages: BTreeSet<u32> = read
            .iter()
            .filter(|(r, _)| r.leaked_text.is_some())
            .map(|(r, _)| r.page)
            .collect();
        let top = a.documents.iter().filter(|d| d.quoted_in.is_none());
        let documents = [DocumentKind::Email, DocumentKind::Memo, DocumentKind::Other]
            .into_iter()
            .map(|kind| KindCount {
                kind,
                count: top.clone().filter(|d| d.kind == kind).count(),
            })
            .filter(|k| k.count > 0)
            .collect();
        let document_shares = top
            .zip(per_doc)
            .map(|(d, s)| DocumentShare {
                id: d.id.clone(),
                kind: d.kind,
                first_page: d.first_page,
                last_page: d.last_page,
                subject: d.subject.clone(),
                redactions: s.stats.redactions,
                share: s.stats.redacted_share,
            })
            .collect();
        let mut people: Vec<PersonPages> = a
            .officials
            .iter()
            .filter(|o| !reading.dismissed.contains(o.id.as_str()))
            .map(|o| {
                let pages: BTreeSet<u32> = o.pages.iter().copied().collect();
                PersonPages {
                    id: o.id.clone(),
                    name: o.name.clone(),
                    pages: pages.len(),
                    first_page: pages.first().copied(),
                }
            })
            .collect();
        people.sort_by(|x, y| y.pages.cmp(&x.pages).then_with(|| x.name.cmp(&y.name)));
        let g = &a.grounds;
        let codes = |list: &[grounds::CodeAt]| list.iter().map(|c| c.code.clone()).collect();
        Overview {
            pages: a.pages.len(),
            documents,
            quoted: a.documents.iter().filter(|d| d.quoted_in.is_some()).count(),
            redactions: all.redactions,
            dismissed: a.redactions.len() - read.len(),
            uncoded: read.iter().filter(|(_, c)| c.is_empty()).count(),
            exemptions,
            exclusions,
            redacted_share: all.redacted_share,
            pages_withheld: all.pages_withheld,
            document_shares,
            page_shares: stats::page_shares(&a.pages, &a.redactions, reading),
            leaks: all.leaks,
            leak_pages: leak_pages.into_iter().collect(),
            people,
            permit_links: a.permit_links.len(),
            permit_candidates: a.permit_candidates.len(),
            permits_linked: a
                .permit_links
                .iter()
                .map(|l| l.permit.as_str())
                .collect::<BTreeSet<_>>()
                .len(),
            grounds: GroundsSummary {
                claimed_found: g.claimed_found,
                claimed: codes(&g.claimed),
                stamped_not_claimed: codes(&g.stamped_not_claimed),
                claimed_not_used: codes(&g.claimed_not_used),
                unknown_in_act: g.unknown_in_act.iter().map(|u| u.code.clone()).collect(),
                exemptions: g.exemptions,
                exclusions: g.exclusions,
            },
            repeated_withheld: super::repeated(a).changes.len(),
        }
    }

    /// Documents of `kind` (top level).
    pub fn documents_of(&self, kind: DocumentKind) -> usize {
        self.documents
            .iter()
            .find(|k| k.kind == kind)
            .map_or(0, |k| k.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::Rect;
    use crate::pdf::{PageModel, TextLine};
    use crate::redactions::{Redaction, RedactionKind};

    fn line(bbox: Rect) -> TextLine {
        TextLine {
            text: "x".to_string(),
            chars: Vec::new(),
            runs: Vec::new(),
            bbox,
            baseline_y: bbox.y0,
            font_size: 10.0,
        }
    }

    fn redaction(
        id: &str,
        page: u32,
        kind: RedactionKind,
        bbox: Option<Rect>,
        codes: &[&str],
    ) -> Redaction {
        let mut r = Redaction::new(page, kind, None);
        r.id = id.to_string();
        r.bbox = bbox;
        r.codes = codes.iter().map(|c| c.to_string()).collect();
        r
    }

    fn analysis() -> FileAnalysis {
        // Page 1: 100×10 of text and a 100×10 box (half withheld); page 2: a withheld-page
        // notice; page 3: text only.
        let pages = (1..=3)
            .map(|n| PageModel {
                number: n,
                lines: vec![line(Rect::new(0.0, 0.0, 100.0, 10.0))],
                ..Default::default()
            })
            .collect();
        let mut leak = redaction("red-p1-2", 1, RedactionKind::Marker, None, &["19(1)"]);
        leak.leaked_text = Some("secret".to_string());
        FileAnalysis {
            path: "x.pdf".into(),
            sha256: "00".to_string(),
            pages,
            page_labels: vec![None; 3],
            documents: Vec::new(),
            redactions: vec![
                redaction(
                    "red-p1-1",
                    1,
                    RedactionKind::Box,
                    Some(Rect::new(0.0, 20.0, 100.0, 30.0)),
                    &["19(1)", "69(1)"],
                ),
                leak,
                redaction(
                    "red-p2-1",
                    2,
                    RedactionKind::WithheldPages,
                    None,
                    &["21(1)(a)"],
                ),
                redaction("red-p3-1", 3, RedactionKind::Marker, None, &[]),
            ],
            officials: Vec::new(),
            permit_links: Vec::new(),
            permit_candidates: Vec::new(),
            grounds: Default::default(),
            warnings: Vec::new(),
        }
    }

    #[test]
    fn codes_exclusions_apart_shares_per_page_and_leaks() {
        let a = analysis();
        let o = Overview::of(&a, &Reading::default());
        assert_eq!(o.pages, 3);
        assert_eq!(o.redactions, 4);
        let counts = |v: &[CodeCount]| -> Vec<(String, usize)> {
            v.iter().map(|c| (c.code.clone(), c.count)).collect()
        };
        assert_eq!(
            counts(&o.exemptions),
            vec![("19(1)".to_string(), 2), ("21(1)(a)".to_string(), 1)]
        );
        assert_eq!(counts(&o.exclusions), vec![("69(1)".to_string(), 1)]);
        assert_eq!(o.uncoded, 1);
        assert_eq!(o.page_shares, vec![0.5, 1.0, 0.0]);
        assert_eq!((o.leaks, o.leak_pages.clone()), (1, vec![1]));
    }

    #[test]
    fn the_users_reading_counts() {
        let a = analysis();
        let corrected = ["15(1)".to_string()];
        let mut reading = Reading::default();
        reading.dismissed.insert("red-p2-1");
        reading.codes.insert("red-p1-1", &corrected);
        let o = Overview::of(&a, &reading);
        assert_eq!((o.redactions, o.dismissed), (3, 1));
        assert!(o.exclusions.is_empty());
        let codes: Vec<&str> = o.exemptions.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(codes, vec!["15(1)", "19(1)"]);
        assert_eq!(o.page_shares, vec![0.5, 0.0, 0.0]);
    }

    #[test]
    fn the_sample_production() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/production.pdf");
        let options = crate::Options {
            ocr: crate::ocr::OcrOptions {
                mode: crate::ocr::OcrMode::Never,
                ..Default::default()
            },
            ..Default::default()
        };
        let a = crate::analyze_file(&path, &options, &super::super::NoProgress)
            .unwrap_or_else(|e| panic!("{e}"));
        let o = Overview::of(&a, &Reading::default());
        assert_eq!(o.pages, a.pages.len());
        assert_eq!(o.page_shares.len(), a.pages.len());
        assert_eq!(o.redactions, a.redactions.len());
        let by_code = |code: &str| {
            a.redactions
                .iter()
                .filter(|r| r.codes.iter().any(|c| c == code))
                .count()
        };
        for c in o.exemptions.iter().chain(&o.exclusions) {
            assert_eq!(c.count, by_code(&c.code), "{}", c.code);
        }
        assert!(o.exclusions.iter().any(|c| c.code == "69(1)"));
        assert!(o.exemptions.iter().all(|c| !c.code.starts_with("69")));
        // Pages 7 to 9 are withheld behind the notice on PDF page 7.
        assert_eq!(o.page_shares.get(6), Some(&1.0));
        assert!(o.leaks > 0 && o.leak_pages.contains(&6));
        let docs: usize = o.documents.iter().map(|k| k.count).sum();
        assert_eq!(docs + o.quoted, a.documents.len());
        assert_eq!(o.document_shares.len(), docs);
        assert!(o.people.windows(2).all(|w| w[0].pages >= w[1].pages));
        assert_eq!(o.grounds.claimed_found, a.grounds.claimed_found);
    }
}
