//! What a review list shows beside each finding, worked out once per analysis (a viewer keeps
//! the result): the words around each redaction and the document it is in, and for each person
//! the number of pages they appear on and the first and last dates of those pages' documents.

use super::FileAnalysis;
use crate::documents::{Document, DocumentKind};
use crate::geometry::Rect;
use crate::redactions::context::{Around, words_around};

/// A redaction in its place.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RedactionContext {
    /// The words just before and after the box (see [`words_around`]).
    pub around: Around,
    /// Index in [`FileAnalysis::documents`] of the document the redaction's page belongs to.
    pub document: Option<usize>,
}

/// Where a person appears.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonSpan {
    /// Pages with a mention.
    pub pages: usize,
    /// Earliest date (ISO) of the documents they appear in.
    pub first: Option<String>,
    /// Latest date (ISO).
    pub last: Option<String>,
}

/// For each page (index `page - 1`), the document it belongs to: the outermost document whose
/// pages hold it (a quoted message shares the pages of the one quoting it), the first one when
/// several start on it.
pub fn page_documents(a: &FileAnalysis) -> Vec<Option<usize>> {
    let mut out = vec![None; a.pages.len()];
    for pass_quoted in [false, true] {
        for (i, d) in a.documents.iter().enumerate() {
            if d.quoted_in.is_some() != pass_quoted {
                continue;
            }
            for p in d.first_page..=d.last_page {
                let slot = usize::try_from(p)
                    .ok()
                    .and_then(|p| p.checked_sub(1))
                    .and_then(|k| out.get_mut(k));
                if let Some(slot) = slot
                    && slot.is_none()
                {
                    *slot = Some(i);
                }
            }
        }
    }
    out
}

fn doc_at(docs: &[Option<usize>], page: u32) -> Option<usize> {
    let k = usize::try_from(page).ok()?.checked_sub(1)?;
    docs.get(k).copied().flatten()
}

/// The boxes a redaction is drawn as: one per line when it has several, else its box.
fn boxes_of(r: &crate::redactions::Redaction) -> Vec<Rect> {
    if r.boxes.is_empty() {
        r.bbox.into_iter().collect()
    } else {
        r.boxes.clone()
    }
}

/// Every redaction's context, in the order of [`FileAnalysis::redactions`]: up to `words` words
/// either side.
pub fn redaction_contexts(a: &FileAnalysis, words: usize) -> Vec<RedactionContext> {
    let docs = page_documents(a);
    let mut by_page: std::collections::HashMap<u32, Vec<usize>> = Default::default();
    for (i, r) in a.redactions.iter().enumerate() {
        by_page.entry(r.page).or_default().push(i);
    }
    a.redactions
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let page = usize::try_from(r.page)
                .ok()
                .and_then(|p| p.checked_sub(1))
                .and_then(|k| a.pages.get(k));
            let others: Vec<Rect> = by_page
                .get(&r.page)
                .into_iter()
                .flatten()
                .filter(|&&j| j != i)
                .filter_map(|&j| a.redactions.get(j))
                .flat_map(boxes_of)
                .collect();
            RedactionContext {
                around: page
                    .map(|p| words_around(p, &boxes_of(r), &others, words))
                    .unwrap_or_default(),
                document: doc_at(&docs, r.page),
            }
        })
        .collect()
}

/// Every person's span, in the order of [`FileAnalysis::officials`].
pub fn person_spans(a: &FileAnalysis) -> Vec<PersonSpan> {
    let docs = page_documents(a);
    a.officials
        .iter()
        .map(|o| {
            let mut dates: Vec<&str> = o
                .pages
                .iter()
                .filter_map(|&p| doc_at(&docs, p))
                .filter_map(|d| a.documents.get(d)?.date.as_deref())
                .collect();
            dates.sort_unstable();
            PersonSpan {
                pages: o.pages.len(),
                first: dates.first().map(|d| d.to_string()),
                last: dates.last().map(|d| d.to_string()),
            }
        })
        .collect()
}

/// A document in a few words: `e-mail 2020-10-25 RE: Wescam sensors`.
pub fn document_label(d: &Document) -> String {
    let kind = match d.kind {
        DocumentKind::Email => "e-mail",
        DocumentKind::Memo => "memo",
        DocumentKind::Other => "document",
    };
    let mut s = kind.to_string();
    if let Some(date) = &d.date {
        s.push(' ');
        s.push_str(date);
    }
    if let Some(subject) = &d.subject {
        s.push(' ');
        s.push_str(subject);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::PageModel;
    use crate::pdf::model::{CharBox, TextLine};
    use crate::redactions::{Redaction, RedactionKind};

    fn line(text: &str, y: f64) -> TextLine {
        let chars: Vec<CharBox> = (0..text.chars().count())
            .map(|k| {
                let x = 72.0 + 6.0 * k as f64;
                CharBox::from_rect(&Rect::new(x, y - 2.0, x + 6.0, y + 8.0))
            })
            .collect();
        TextLine {
            text: text.to_string(),
            bbox: Rect::new(72.0, y - 2.0, 72.0 + 6.0 * chars.len() as f64, y + 8.0),
            chars,
            runs: Vec::new(),
            baseline_y: y,
            font_size: 10.0,
        }
    }

    fn doc(id: &str, first: u32, last: u32, date: &str, quoted: bool) -> Document {
        Document {
            id: id.to_string(),
            kind: DocumentKind::Email,
            first_page: first,
            last_page: last,
            from: None,
            to: Vec::new(),
            cc: Vec::new(),
            date: Some(date.to_string()),
            time: None,
            subject: Some(format!("subject {id}")),
            thread: None,
            quoted_in: quoted.then(|| "doc-1".to_string()),
            depth: u32::from(quoted),
            same_as: None,
            classification: None,
            file_number: None,
            provenance: Default::default(),
        }
    }

    fn redaction(page: u32, bbox: Option<Rect>) -> Redaction {
        let mut r = Redaction::new(page, RedactionKind::Box, None);
        r.id = format!("red-p{page}");
        r.bbox = bbox;
        r
    }

    /// Three pages: an e-mail on pages 1–2 quoting one of page 2, a memo on page 3.
    fn analysis() -> FileAnalysis {
        let mut pages = vec![
            PageModel::default(),
            PageModel::default(),
            PageModel::default(),
        ];
        pages[1].lines = vec![line("the serial number XXXXXXXX was seen by them", 700.0)];
        FileAnalysis {
            path: "x.pdf".into(),
            sha256: "00".to_string(),
            pages,
            page_labels: vec![None; 3],
            documents: vec![
                doc("doc-1", 1, 2, "2020-10-25", false),
                doc("doc-2", 2, 2, "2020-10-24", true),
                doc("doc-3", 3, 3, "2021-01-05", false),
            ],
            redactions: vec![
                // Over "XXXXXXXX" (characters 18..26) on page 2; a notice without a box on 3.
                redaction(2, Some(Rect::new(72.0 + 108.0, 697.0, 72.0 + 156.0, 709.0))),
                redaction(3, None),
            ],
            officials: Vec::new(),
            permit_links: Vec::new(),
            permit_candidates: Vec::new(),
            grounds: Default::default(),
            warnings: Vec::new(),
        }
    }

    #[test]
    fn redactions_get_their_words_and_their_outer_document() {
        let a = analysis();
        let c = redaction_contexts(&a, 3);
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].around.before, "the serial number");
        assert_eq!(c[0].around.after, "was seen by");
        // Page 2 holds the quoted message too: the redaction belongs to the quoting e-mail.
        assert_eq!(c[0].document, Some(0));
        assert_eq!(c[1].around, Around::default());
        assert_eq!(c[1].document, Some(2));
        assert_eq!(
            document_label(&a.documents[2]),
            "e-mail 2021-01-05 subject doc-3"
        );
    }

    #[test]
    fn people_span_their_documents_dates() {
        let mut a = analysis();
        let o: crate::officials::Official = serde_json::from_value(serde_json::json!({
            "id": "person-x", "name": "X", "title": null, "organization": null,
            "is_official": true, "aliases": [], "emails": [], "pages": [1, 3],
            "mentions": 2, "mention_list": []
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        a.officials.push(o);
        let s = person_spans(&a);
        assert_eq!(s[0].pages, 2);
        assert_eq!(s[0].first.as_deref(), Some("2020-10-25"));
        assert_eq!(s[0].last.as_deref(), Some("2021-01-05"));
    }
}
