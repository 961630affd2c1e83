//! Releases compared: what one copy of a record withholds and another gives away (issue 18).
//!
//! The comparison reads a plain [`Production`] view (per page: words with their boxes, redactions
//! with their boxes and codes, the stamp; the documents with their header fields and pages), built
//! by [`crate::analysis::releases`] from an analysis, so nothing here touches a PDF and a view can
//! as well be built from a case.
//!
//! - [`tokens`]: each page's words folded (accents, case, punctuation), running headers and
//!   footers left out, each redaction one gap token in reading order; a production cut into
//!   units (its top-level documents, pages outside any document one by one).
//! - [`align`]: units paired across two productions by header fields and by the shingles of their
//!   unredacted words; inside a pair, words aligned on unique shared words (patience diff) and,
//!   between those anchors, by the longest common subsequence; every stretch where the copies
//!   differ read as released in one / withheld in the other, recoded, or withheld in both.
//! - [`compare`] (two productions) and [`repeated`] (one production against itself: a message
//!   and the reply that quotes it) give one [`Comparison`], the shape of `dossier diff --json`.
//!
//! Words read by OCR count as released text only when read confidently ([`OCR_CONFIDENT`]) and
//! shaped like words: OCR noise gives no difference.

mod align;
mod tokens;

#[cfg(test)]
mod tests;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::geometry::Rect;

/// OCR confidence (0..=1) from which a word read by OCR counts as read.
pub const OCR_CONFIDENT: f32 = 0.8;

/// A production as the comparison reads it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Production {
    /// The file it was read from.
    pub path: PathBuf,
    /// Every page, in page order.
    pub pages: Vec<Page>,
    /// Top-level documents (quoted messages are inside them), in page order.
    pub documents: Vec<Doc>,
}

/// One page of a [`Production`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// 1-based page number.
    pub number: u32,
    /// The release stamp, when there is one.
    pub stamp: Option<String>,
    /// Visible words in reading order, without the stamp, the exemption labels and any text under
    /// a redaction box.
    pub words: Vec<Word>,
    /// Redactions with a box on the page.
    pub redactions: Vec<Gap>,
}

/// A word on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// As printed.
    pub text: String,
    /// The page's line it is on (0-based, reading order).
    pub line: u32,
    /// Its box, page points.
    pub bbox: Rect,
    /// OCR confidence (0..=1) when read by OCR; `None` for the file's own text.
    pub ocr: Option<f32>,
}

/// A redaction as the comparison reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    /// The redaction's id in its analysis.
    pub id: String,
    /// Its boxes (one per line, or one), page points, reading order.
    pub boxes: Vec<Rect>,
    /// Its exemption codes, normalised (`21(1)(a)`).
    pub codes: Vec<String>,
}

/// A document of a [`Production`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Doc {
    /// The document's id in its analysis.
    pub id: String,
    /// First page, 1-based.
    pub first_page: u32,
    /// Last page, 1-based.
    pub last_page: u32,
    /// Sender, when read.
    pub from: Option<String>,
    /// Date (ISO), when read.
    pub date: Option<String>,
    /// Subject, when read.
    pub subject: Option<String>,
}

/// Which copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Which {
    /// The first production given.
    A,
    /// The second.
    B,
}

impl Which {
    /// `"a"` or `"b"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Which::A => "a",
            Which::B => "b",
        }
    }

    /// The other copy.
    pub fn other(self) -> Which {
        match self {
            Which::A => Which::B,
            Which::B => Which::A,
        }
    }
}

/// One side of a pair: a document (or a page outside any document) of one production.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Side {
    /// The production's path.
    pub path: String,
    /// The document's id, `None` for a page outside any document.
    pub document: Option<String>,
    /// Its first page, 1-based.
    pub first_page: u32,
}

/// Two copies of one record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pair {
    /// In the first production.
    pub a: Side,
    /// In the second (for [`repeated`]: the same production, elsewhere).
    pub b: Side,
    /// How alike their unredacted words are, 0..=1.
    pub similarity: f64,
}

/// A passage withheld in one copy and readable in the other.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// The text the other copy releases.
    pub text: String,
    /// The copy that withholds it.
    pub withheld_in: Which,
    /// Its page in the first copy (where it is withheld or released).
    pub a_page: u32,
    /// Its page in the second copy.
    pub b_page: u32,
    /// The stamp of `a_page`.
    pub a_stamp: Option<String>,
    /// The stamp of `b_page`.
    pub b_stamp: Option<String>,
    /// The codes claimed where it is withheld.
    pub codes: Vec<String>,
    /// The pair it was found in (index into [`Comparison::pairs`]).
    #[serde(skip)]
    pub pair: usize,
    /// The withholding copy's redaction ids (the boxes the released text fills).
    #[serde(skip)]
    pub redactions: Vec<String>,
    /// The withholding copy's boxes on its page (`a_page` or `b_page`), page points: where the
    /// released text would show.
    #[serde(skip)]
    pub withheld_boxes: Vec<Rect>,
    /// The released words' boxes on the releasing copy's page.
    #[serde(skip)]
    pub released_boxes: Vec<Rect>,
}

impl Change {
    /// The page and stamp of `which` copy.
    pub fn at(&self, which: Which) -> (u32, Option<&str>) {
        match which {
            Which::A => (self.a_page, self.a_stamp.as_deref()),
            Which::B => (self.b_page, self.b_stamp.as_deref()),
        }
    }
}

/// A passage withheld in both copies under different codes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recoded {
    /// The passage, when either copy lets it be read (a leak), else absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Codes in the first copy.
    pub a_codes: Vec<String>,
    /// Codes in the second.
    pub b_codes: Vec<String>,
    /// Page in the first copy.
    pub a_page: u32,
    /// Page in the second.
    pub b_page: u32,
    /// The pair it was found in (index into [`Comparison::pairs`]).
    #[serde(skip)]
    pub pair: usize,
}

/// Documents without a counterpart in the other production.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Unpaired {
    /// In the first production.
    pub a: Vec<Side>,
    /// In the second.
    pub b: Vec<Side>,
}

/// What two copies (or two places of one production) show differently.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// Records found in both, in the first production's page order.
    pub pairs: Vec<Pair>,
    /// Passages withheld in one copy and readable in the other, in the first production's order.
    pub changes: Vec<Change>,
    /// Passages withheld in both under different codes.
    pub recoded: Vec<Recoded>,
    /// Passages withheld in both under the same codes.
    pub withheld_in_both: usize,
    /// Documents with no counterpart (empty for [`repeated`]).
    #[serde(default)]
    pub unpaired: Unpaired,
}

/// Compares two productions: documents paired, then every redaction of each pair read against
/// the other copy.
pub fn compare(a: &Production, b: &Production) -> Comparison {
    align::compare(a, b)
}

/// Passages repeated inside one production (a message and the reply quoting it, a page printed
/// twice) read against each other: `a` is the earlier place, `b` the later, both in `p`.
pub fn repeated(p: &Production) -> Comparison {
    align::repeated(p)
}
