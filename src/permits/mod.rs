//! Export permits: the user's permit registry and the links from pages to permits, by permit
//! number, by goods serial number, or by context when the number is redacted. Reads
//! [`PageModel`]s, documents and the registry.

pub mod dates;
mod matching;
pub mod mentions;
pub mod registry;
pub mod synthetic;
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

/// A page linked to a permit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PermitLink {
    /// Permit number as in the registry.
    pub permit: String,
    /// 1-based page.
    pub page: u32,
    /// How.
    pub via: Via,
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

/// Links pages to permits of the registry, sorted by (page, permit).
pub fn link(pages: &[PageModel], documents: &[Document], registry: &Registry) -> Vec<PermitLink> {
    matching::link(pages, documents, registry)
}

/// Loads a registry from a CSV (or XLSX) file: good rows load, bad rows are listed in `row_errors`.
pub fn load_registry(path: &std::path::Path) -> crate::Result<Registry> {
    registry::load_registry(path)
}
