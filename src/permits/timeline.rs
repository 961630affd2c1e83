//! One time axis for permits and documents: when each permit was issued, suspended, cancelled or
//! expired, and when each e-mail or memo was written, so that a reader sees that a memo
//! recommending approval came a week before the permit was issued.
//!
//! Takes plain data ([`TimelineFile`]: a file's path, documents and page stamps), not the
//! analysis that runs this module: `analysis::timeline` is the adapter over analysed files.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::Registry;
use crate::dates::{find_dates, normalize_date};
use crate::documents::{Document, DocumentKind};

/// What the timeline needs of one analysed file.
#[derive(Debug, Clone, Copy)]
pub struct TimelineFile<'a> {
    /// The file, as document events name it.
    pub path: &'a Path,
    /// Its documents, in page order.
    pub documents: &'a [Document],
    /// The release stamp of each page (page 1 first), `None` where there is none.
    pub page_labels: &'a [Option<String>],
}

impl<'a> TimelineFile<'a> {
    /// The release stamp of page `page` (1-based).
    fn label(&self, page: u32) -> Option<&'a str> {
        let i = usize::try_from(page).ok()?.checked_sub(1)?;
        self.page_labels.get(i)?.as_deref()
    }
}

/// One dated event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// ISO date.
    pub date: String,
    /// `permit_issued`, `permit_suspended`, `permit_cancelled`, `permit_expired`,
    /// `permit_not_approved`, `permit_status`, `document`.
    pub kind: String,
    /// The permit, for permit events.
    pub permit: Option<String>,
    /// The file, for document events.
    pub file: Option<String>,
    /// The document id, for document events.
    pub document: Option<String>,
    /// First and last page of the document.
    pub pages: Option<[u32; 2]>,
    /// Page stamp of the document's first page.
    pub stamp: Option<String>,
    /// What happened, in words.
    pub label: String,
}

fn status_kind(status: &str) -> &'static str {
    // Registries write statuses with and without accents ("délivré", "DELIVRE").
    let s = crate::textfold::fold_key(status);
    if s.contains("suspend") {
        "permit_suspended"
    } else if s.contains("cancel") || s.contains("annul") || s.contains("revok") {
        "permit_cancelled"
    } else if s.contains("not approved") || s.contains("denied") || s.contains("refus") {
        "permit_not_approved"
    } else if s.contains("expire") {
        "permit_expired"
    } else if s.contains("issued") || s.contains("approved") || s.contains("delivr") {
        "permit_issued"
    } else {
        "permit_status"
    }
}

/// The events of a registry and of analysed files, sorted by date. `files` are [`TimelineFile`]s
/// or what turns into one (an analysed file does).
pub fn timeline<'a, F>(registry: Option<&Registry>, files: &[F]) -> Vec<Event>
where
    F: Copy + Into<TimelineFile<'a>>,
{
    let mut out = Vec::new();
    let permit_event = |date: &str, kind: &str, number: &str, label: String| Event {
        date: date.to_string(),
        kind: kind.to_string(),
        permit: Some(number.to_string()),
        file: None,
        document: None,
        pages: None,
        stamp: None,
        label,
    };
    if let Some(reg) = registry {
        for p in &reg.permits {
            let what = p.goods.clone().unwrap_or_else(|| "goods".to_string());
            let to = p
                .end_user
                .clone()
                .or_else(|| p.consignee.clone())
                .unwrap_or_default();
            if let Some(d) = &p.issued {
                out.push(permit_event(
                    d,
                    "permit_issued",
                    &p.number,
                    format!("{} issued: {what} for {to}", p.number),
                ));
            }
            if let (Some(status), Some(d)) = (&p.status, &p.status_date) {
                let kind = status_kind(status);
                if kind != "permit_issued" || p.issued.as_deref() != Some(d.as_str()) {
                    out.push(permit_event(
                        d,
                        kind,
                        &p.number,
                        format!("{} {status}", p.number),
                    ));
                }
            }
            for (date, kind) in &p.events {
                out.push(permit_event(
                    date,
                    status_kind(kind),
                    &p.number,
                    format!("{} {kind}", p.number),
                ));
            }
            let ended = p
                .status
                .as_deref()
                .map(status_kind)
                .is_some_and(|k| k == "permit_cancelled" || k == "permit_expired");
            if let Some(d) = &p.expires
                && !ended
            {
                out.push(permit_event(
                    d,
                    "permit_expired",
                    &p.number,
                    format!("{} expires", p.number),
                ));
            }
        }
    }
    for f in files {
        let a: TimelineFile<'a> = (*f).into();
        for d in a.documents.iter().filter(|d| d.quoted_in.is_none()) {
            let Some(date) = &d.date else { continue };
            let kind = match d.kind {
                DocumentKind::Email => "e-mail",
                DocumentKind::Memo => "memo",
                DocumentKind::Other => "document",
            };
            out.push(Event {
                date: date.clone(),
                kind: "document".to_string(),
                permit: None,
                file: Some(a.path.display().to_string()),
                document: Some(d.id.clone()),
                pages: Some([d.first_page, d.last_page]),
                stamp: a.label(d.first_page).map(str::to_string),
                label: format!(
                    "{kind} from {}: {}",
                    d.from.as_deref().unwrap_or("?"),
                    d.subject.as_deref().unwrap_or("(no subject)")
                ),
            });
        }
    }
    out.sort_by(|a, b| a.date.cmp(&b.date).then(a.kind.cmp(&b.kind)));
    out
}

/// Dated events written in a free-text cell: "suspended 2020-10-05; delivered September 2020".
pub fn events_in_notes(notes: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for part in notes.split(';') {
        let words = part.trim();
        let Some(first) = find_dates(words).first().map(|d| d.iso()) else {
            continue;
        };
        // The verb before the date: "suspended 2020-10-05", "delivered September 2020".
        let what: String = words
            .split_whitespace()
            .next()
            .filter(|w| normalize_date(w).is_err())
            .unwrap_or("")
            .to_string();
        if [
            "suspended",
            "cancelled",
            "expired",
            "reinstated",
            "delivered",
            "shipped",
        ]
        .iter()
        .any(|k| what.to_lowercase().starts_with(k))
        {
            out.push((first, what));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::permits::Permit;

    #[test]
    fn plain_data_in_one_axis() {
        let memo = Document {
            id: "doc-2".to_string(),
            kind: DocumentKind::Memo,
            first_page: 3,
            last_page: 4,
            from: Some("Shalini Anand".to_string()),
            to: Vec::new(),
            cc: Vec::new(),
            date: Some("2020-10-01".to_string()),
            time: None,
            subject: Some("Permit 123".to_string()),
            thread: None,
            quoted_in: None,
            depth: 0,
            same_as: None,
            classification: None,
            file_number: None,
            provenance: crate::pdf::Provenance::default(),
        };
        let quoted = Document {
            id: "doc-3".to_string(),
            quoted_in: Some("doc-2".to_string()),
            ..memo.clone()
        };
        let registry = Registry {
            permits: vec![Permit {
                number: "123".to_string(),
                goods: Some("sensors".to_string()),
                end_user: Some("ACME".to_string()),
                issued: Some("2020-10-08".to_string()),
                ..Permit::default()
            }],
            row_errors: Vec::new(),
        };
        let documents = [memo, quoted];
        let labels = [None, None, Some("A-0003".to_string())];
        let file = TimelineFile {
            path: Path::new("prod.pdf"),
            documents: &documents,
            page_labels: &labels,
        };
        let events = timeline(Some(&registry), &[file]);
        let seen: Vec<(&str, &str, Option<&str>)> = events
            .iter()
            .map(|e| (e.date.as_str(), e.label.as_str(), e.stamp.as_deref()))
            .collect();
        assert_eq!(
            seen,
            vec![
                (
                    "2020-10-01",
                    "memo from Shalini Anand: Permit 123",
                    Some("A-0003")
                ),
                ("2020-10-08", "123 issued: sensors for ACME", None),
            ]
        );
        assert_eq!(
            events.first().and_then(|e| e.file.as_deref()),
            Some("prod.pdf")
        );
    }

    #[test]
    fn statuses_with_or_without_accents() {
        for s in ["Délivré", "DELIVRE", "délivrée", "Issued"] {
            assert_eq!(status_kind(s), "permit_issued", "{s}");
        }
        assert_eq!(status_kind("Refusé"), "permit_not_approved");
        assert_eq!(status_kind("Annulé"), "permit_cancelled");
        assert_eq!(status_kind("pending"), "permit_status");
    }
}
