//! Documents inside a production: where each e-mail, memo or other record starts and ends, and its
//! header (from, to, cc, date, subject). Reads [`PageModel`]s only.

pub mod dates;
mod detect;
pub mod names;

use serde::{Deserialize, Serialize};

use crate::pdf::PageModel;

/// The kind of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// An e-mail message (also a quoted earlier message in a thread).
    Email,
    /// A memorandum or briefing note.
    Memo,
    /// Anything else.
    Other,
}

/// One document of a production.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Stable id within the file: `doc-{ordinal}` in order of appearance.
    pub id: String,
    /// Kind.
    pub kind: DocumentKind,
    /// First page, 1-based.
    pub first_page: u32,
    /// Last page, 1-based.
    pub last_page: u32,
    /// Sender, natural-order name ("Shalini Anand") or the address when no name is given.
    pub from: Option<String>,
    /// Recipients, natural order.
    pub to: Vec<String>,
    /// Copied recipients, natural order.
    pub cc: Vec<String>,
    /// Date, ISO 8601 (`2020-10-25`).
    pub date: Option<String>,
    /// Time of day when given, `HH:MM` (24 h).
    pub time: Option<String>,
    /// Subject.
    pub subject: Option<String>,
    /// For e-mails: the thread this message belongs to (the id of the thread's first message; in
    /// Gmail's print layout, the thread's first printed message).
    pub thread: Option<String>,
    /// For quoted messages: the id of the message that quotes (or forwards) this one.
    pub quoted_in: Option<String>,
    /// Place in the thread: 0 for a message printed whole (the one that starts the document, or
    /// each message of a Gmail print), 1 for the message it quotes, 2 for the one that one
    /// quotes, ...
    #[serde(default)]
    pub depth: u32,
    /// The same message (same sender, date, time and subject, `RE:`/`TR:`/`FW:` aside) seen
    /// earlier in the production, in this thread or another: the id of its first occurrence.
    #[serde(default)]
    pub same_as: Option<String>,
    /// A memo's (or message's) security marking as printed near its header: `PROTECTED B`,
    /// `SECRET // CANADIAN EYES ONLY`, `NON CLASSIFIÉ`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classification: Option<String>,
    /// The file or tracking number printed near the header (`File No.: 4567-12-0033`,
    /// `N/Réf. : 2022-0117`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_number: Option<String>,
    /// Where the evidence was read (`source`: text, ocr or image; `ocr_confidence`).
    #[serde(flatten, default)]
    pub provenance: crate::pdf::Provenance,
}

/// Splits a production into documents, in page order.
pub fn detect(pages: &[PageModel]) -> Vec<Document> {
    detect::detect(pages)
}
