//! Export permits: the user's permit registry and the links from pages to permits, by permit
//! number, by goods serial number, or by context when the number is redacted. Reads
//! [`PageModel`]s, documents and the registry.

mod matching;
pub mod mentions;
pub mod registry;
pub mod timeline;

use serde::{Deserialize, Serialize};

use crate::geometry::Rect;

/// How a page is linked to a permit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Via {
    /// The permit number is cited.
    Number,
    /// A goods serial number of the permit is cited.
    Serial,
    /// End user, consignee, goods, quantity and dates point to the permit.
    Context,
}

impl Via {
    /// The name used in the JSON and the CSV: `number`, `serial` or `context`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Via::Number => "number",
            Via::Serial => "serial",
            Via::Context => "context",
        }
    }
}

/// Whether a reporter can cite a link as it is, or a reviewer must first confirm it.
///
/// The rule ([`matching`] applies it): a link by permit number or by goods serial is a **link**.
/// A context link is a **link** only when its evidence is unambiguous: the page names at least
/// two independent specific cues of the permit, one of which names the deal (end user,
/// consignee, goods model or phrase; the others the quantity or an exact date of the permit),
/// within the permit's date window when the page or its document is dated, AND no other permit
/// of the registry fits the page as well (no other permit scores within [`NEAR_TIE`] of it). A
/// tie or near tie makes every tied permit a **candidate**, and so does a weak fit (a page
/// dated outside the permit's window, or a score under [`SURE_SCORE`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkStatus {
    /// Sure: counted as a link, cited as one.
    #[default]
    Link,
    /// Fits, but not alone or not enough: shown with its evidence and score, never counted as a
    /// link until a reviewer confirms it.
    Candidate,
}

impl LinkStatus {
    /// The name used in the JSON and the CSV: `link` or `candidate`.
    pub fn as_str(&self) -> &'static str {
        match self {
            LinkStatus::Link => "link",
            LinkStatus::Candidate => "candidate",
        }
    }
}

/// Two context fits whose scores differ by this much or less are a near tie (one weak cue: a
/// date in the window, the destination or the exporter).
pub const NEAR_TIE: f64 = 0.5;
/// The least score of a sure context link: two deal-naming cues (4.0), or one and the quantity
/// or an exact date (3.5), plus the date window (0.5).
pub const SURE_SCORE: f64 = 4.0;

/// A page linked to a permit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PermitLink {
    /// Permit number as in the registry.
    pub permit: String,
    /// 1-based page.
    pub page: u32,
    /// How.
    pub via: Via,
    /// A sure link or a candidate (see [`LinkStatus`]); `link` when absent.
    #[serde(default)]
    pub status: LinkStatus,
    /// The context score (sum of the cues' weights: 2 for each deal-naming cue, 1.5 for the
    /// quantity or an exact date, 0.5 for the date window, the destination or the exporter);
    /// absent for number and serial links.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// 0..=1.
    pub confidence: f64,
    /// The evidence in words.
    pub evidence: String,
    /// Where on the page, PDF points, when one place carries the link.
    pub bbox: Option<Rect>,
    /// Where the evidence was read (`source`: text, ocr or image; `ocr_confidence`).
    #[serde(flatten, default)]
    pub provenance: crate::pdf::Provenance,
}

use crate::documents::Document;
use crate::pdf::PageModel;

/// The user's permit registry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Registry {
    /// The permits, in file order.
    pub permits: Vec<Permit>,
    /// Rows that could not be read: line number and reason.
    pub row_errors: Vec<String>,
}

/// One permit or application of the registry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Permit {
    /// Permit or application number.
    pub number: String,
    /// Exporter.
    pub exporter: Option<String>,
    /// Consignee.
    pub consignee: Option<String>,
    /// End user.
    pub end_user: Option<String>,
    /// Destination country.
    pub destination: Option<String>,
    /// Goods description.
    pub goods: Option<String>,
    /// Quantity.
    pub quantity: Option<u32>,
    /// Goods serial numbers.
    pub serials: Vec<String>,
    /// Issue date, ISO.
    pub issued: Option<String>,
    /// Expiry date, ISO.
    pub expires: Option<String>,
    /// Status (issued, suspended, cancelled, not approved...).
    pub status: Option<String>,
    /// Date of the status, ISO.
    pub status_date: Option<String>,
    /// Earlier events from a notes column ("suspended 2020-10-05"): (ISO date, what).
    #[serde(default)]
    pub events: Vec<(String, String)>,
}

impl PermitLink {
    /// A sure link (see [`LinkStatus`]).
    pub fn is_sure(&self) -> bool {
        self.status == LinkStatus::Link
    }
}

/// Links pages to permits of the registry, sorted by (page, permit): sure links and candidates,
/// told apart by [`PermitLink::status`].
pub fn link(pages: &[PageModel], documents: &[Document], registry: &Registry) -> Vec<PermitLink> {
    matching::link(pages, documents, registry)
}

/// Loads a registry from a CSV (or XLSX) file: good rows load, bad rows are listed in `row_errors`.
pub fn load_registry(path: &std::path::Path) -> crate::Result<Registry> {
    registry::load_registry(path)
}
