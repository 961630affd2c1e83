//! Named people in a production: officials with their titles and organisations, one identity
//! across name variants ("Anand, Shalini -TID" = "Shalini Anand" = "Ms. Anand"). Reads
//! [`PageModel`]s and the documents found in them.

mod detect;
mod prose;
mod words;

use serde::{Deserialize, Serialize};

use crate::geometry::Rect;

/// Where a person is named.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// 1-based page.
    pub page: u32,
    /// Box of the name on the page, PDF points.
    pub bbox: Option<Rect>,
    /// The text as written.
    pub text: String,
    /// Where the evidence was read (`source`: text, ocr or image; `ocr_confidence`).
    #[serde(flatten, default)]
    pub provenance: crate::pdf::Provenance,
}

/// A title as stated for a person, and where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TitleSeen {
    /// The title as stated ("Acting Director General").
    pub title: String,
    /// The organisation stated with it, if any.
    #[serde(default)]
    pub organization: Option<String>,
    /// Pages where it is stated, sorted.
    pub pages: Vec<u32>,
}

/// One person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Official {
    /// Stable id: `person-{slug of name}`.
    pub id: String,
    /// Natural-order name with accents ("François-Philippe Champagne").
    pub name: String,
    /// Title, when the production gives one (the most informative one stated).
    pub title: Option<String>,
    /// Every distinct title stated over the production (acting, then confirmed...), each with
    /// the pages where it is stated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub titles: Vec<TitleSeen>,
    /// Organisation, when given or implied (e-mail domain).
    pub organization: Option<String>,
    /// A government official (false for company contacts, researchers, journalists...).
    pub is_official: bool,
    /// Other forms seen ("Anand, Shalini -TID", "Ms. Anand").
    pub aliases: Vec<String>,
    /// E-mail addresses seen.
    pub emails: Vec<String>,
    /// Pages with a mention, sorted.
    pub pages: Vec<u32>,
    /// Number of mentions.
    pub mentions: u32,
    /// Every mention, in page order.
    pub mention_list: Vec<Mention>,
    /// Where the evidence was read (`source`: text, ocr or image; `ocr_confidence`).
    #[serde(flatten, default)]
    pub provenance: crate::pdf::Provenance,
}

use crate::documents::Document;
use crate::pdf::PageModel;

/// The key under which names are one identity, whatever the case and the accents (OCR often
/// reads `è` as `é`, or drops it): what merges people within a production and, in a case,
/// across productions.
pub fn identity_key(name: &str) -> String {
    crate::textfold::fold_key(name)
}

/// Known people the user supplies (and the samples' public officials in `assets/`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Roster {
    /// The people.
    pub people: Vec<RosterEntry>,
}

/// One known person.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RosterEntry {
    /// Natural-order name.
    pub name: String,
    /// Title.
    #[serde(default)]
    pub title: Option<String>,
    /// Organisation.
    #[serde(default)]
    pub organization: Option<String>,
    /// Other forms of the name.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// A government official.
    #[serde(default = "yes")]
    pub is_official: bool,
}

impl Roster {
    /// Reads a roster file (JSON: `{"people": [{"name", "title", "organization", "aliases"}]}`).
    pub fn load(path: &std::path::Path) -> crate::Result<Roster> {
        let text = std::fs::read_to_string(path)?;
        serde_json::from_str(&text)
            .map_err(|e| crate::Error::Data(format!("{}: not a roster file ({e})", path.display())))
    }

    /// The roster shipped in `assets/roster.json`: the public officials of the samples' record.
    pub fn bundled() -> Roster {
        serde_json::from_str(include_str!("../../assets/roster.json")).unwrap_or_default()
    }
}

fn yes() -> bool {
    true
}

/// Finds the people named in a production, merged into one identity each, sorted by name.
pub fn detect(pages: &[PageModel], documents: &[Document], roster: &Roster) -> Vec<Official> {
    detect::detect(pages, documents, roster)
}
