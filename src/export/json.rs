//! The `analyze --json` document (schema version 1).
//!
//! ```text
//! {"schema": 1, "files": [{"path", "sha256", "pages", "page_labels", "documents", "redactions",
//!   "officials", "permit_links", "permit_candidates", "permit_stats", "grounds",
//!   "repeated_passages", "warnings",
//!   "errors"}]}
//! ```
//! `grounds` lays the grounds claimed by the production's statements (cover letter, notice page)
//! over the codes stamped on its redactions: `claimed_found`, `acts`, `statements`, `claimed`,
//! `stamped`, `stamped_not_claimed`, `claimed_not_used`, `unknown_in_act`, and `exemptions` /
//! `exclusions` counted apart (see [`crate::redactions::grounds`]).
//! `permit_links` holds the sure links only; `permit_candidates` the context fits a reviewer must
//! confirm (each with `"status": "candidate"`, its `score` and evidence); `permit_stats` counts
//! both apart.
//! A file that could not be analysed is still listed, with its `errors` and empty findings.

use serde::{Deserialize, Serialize};

use crate::analysis::FileAnalysis;
use crate::documents::Document;
use crate::error::FileError;
use crate::officials::Official;
use crate::permits::PermitLink;
use crate::project::Project;
use crate::project::review::{self, FileReview};
use crate::redactions::Redaction;

/// Version of the JSON layout; bumped only for incompatible changes.
pub const SCHEMA_VERSION: u32 = 1;

/// The whole document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// [`SCHEMA_VERSION`].
    pub schema: u32,
    /// One entry per input file, in the order given.
    pub files: Vec<FileReport>,
}

/// Redaction statistics of a file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RedactionStats {
    /// The whole production.
    pub production: crate::redactions::stats::Stats,
    /// Each top-level document.
    pub documents: Vec<crate::redactions::stats::DocumentStats>,
}

/// A page read by OCR.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OcrPage {
    /// 1-based page.
    pub page: u32,
    /// What OCR did there.
    #[serde(flatten)]
    pub info: crate::pdf::OcrInfo,
}

/// Permit links and candidates of a file, counted apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PermitStats {
    /// Sure links.
    pub links: usize,
    /// Candidates.
    pub candidates: usize,
}

/// One file's findings, or its errors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    /// The file as given.
    pub path: String,
    /// SHA-256 of the bytes, hex; `null` when the file could not be read.
    pub sha256: Option<String>,
    /// Number of pages (0 when the file failed).
    pub pages: usize,
    /// Release stamp of each page, `null` where none.
    pub page_labels: Vec<Option<String>>,
    /// Documents in page order.
    pub documents: Vec<Document>,
    /// Redactions in page order.
    pub redactions: Vec<Redaction>,
    /// People.
    pub officials: Vec<Official>,
    /// Sure permit links (`"status": "link"`): what counts as a link.
    pub permit_links: Vec<PermitLink>,
    /// Permit candidates (`"status": "candidate"`), with evidence and score: not links.
    #[serde(default)]
    pub permit_candidates: Vec<PermitLink>,
    /// How many of each.
    #[serde(default)]
    pub permit_stats: PermitStats,
    /// Redactions by code and kind, leaks, redacted share of the text area, pages withheld:
    /// for the production and for each document.
    #[serde(default)]
    pub redaction_stats: Option<RedactionStats>,
    /// Claimed grounds against stamped codes.
    #[serde(default)]
    pub grounds: crate::redactions::grounds::Grounds,
    /// The pages Dossier read by OCR, with the engine, languages, resolution, words read, mean
    /// confidence and whether the result came from the cache.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ocr: Vec<OcrPage>,
    /// Passages repeated inside the production (a message and the reply quoting it) that one
    /// place withholds and another lets be read (`dossier diff FILE`): each with the released
    /// `text`, `withheld_in` (`a` the earlier place, `b` the later), both pages and stamps, and
    /// the codes claimed where it is withheld.
    #[serde(default)]
    pub repeated_passages: Vec<crate::compare::Change>,
    /// Problems that did not stop the analysis.
    pub warnings: Vec<String>,
    /// Why the file could not be analysed (empty on success).
    pub errors: Vec<String>,
    /// The user's review, when exported with a project: findings dismissed (left out of the
    /// arrays above), corrections (applied above), findings marked reviewed, the user's tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<FileReview>,
}

impl FileReport {
    /// The report of an analysed file.
    pub fn from_analysis(a: &FileAnalysis) -> Self {
        let a = &*a.in_user_space();
        FileReport {
            path: a.path.display().to_string(),
            sha256: Some(a.sha256.clone()),
            pages: a.pages.len(),
            page_labels: a.page_labels.clone(),
            documents: a.documents.clone(),
            redactions: a.redactions.clone(),
            officials: a.officials.clone(),
            permit_links: a.permit_links.clone(),
            permit_candidates: a.permit_candidates.clone(),
            permit_stats: PermitStats {
                links: a.permit_links.len(),
                candidates: a.permit_candidates.len(),
            },
            redaction_stats: Some({
                let (production, documents) = crate::redactions::stats::production_stats(
                    &a.pages,
                    &a.redactions,
                    &a.documents,
                );
                RedactionStats {
                    production,
                    documents,
                }
            }),
            grounds: a.grounds.clone(),
            ocr: a
                .pages
                .iter()
                .filter_map(|p| {
                    p.ocr.as_ref().map(|info| OcrPage {
                        page: p.number,
                        info: info.clone(),
                    })
                })
                .collect(),
            repeated_passages: crate::analysis::repeated(a).changes,
            warnings: a.warnings.clone(),
            errors: Vec::new(),
            review: None,
        }
    }

    /// The report of a file that failed.
    pub fn from_error(e: &FileError) -> Self {
        FileReport {
            path: e.path.display().to_string(),
            sha256: None,
            pages: 0,
            page_labels: Vec::new(),
            documents: Vec::new(),
            redactions: Vec::new(),
            officials: Vec::new(),
            permit_links: Vec::new(),
            permit_candidates: Vec::new(),
            permit_stats: PermitStats::default(),
            redaction_stats: None,
            grounds: Default::default(),
            ocr: Vec::new(),
            repeated_passages: Vec::new(),
            warnings: Vec::new(),
            errors: vec![e.source.to_string()],
            review: None,
        }
    }
}

/// Builds the report for a batch of results.
pub fn report(results: &[Result<FileAnalysis, FileError>]) -> Report {
    reviewed_report(results, None)
}

/// Builds the report with the user's review laid over each file: dismissed findings left out,
/// corrections applied, and each file's `review` filled.
pub fn reviewed_report(
    results: &[Result<FileAnalysis, FileError>],
    project: Option<&Project>,
) -> Report {
    Report {
        schema: SCHEMA_VERSION,
        files: results
            .iter()
            .map(|r| match (r, project) {
                (Ok(a), Some(p)) => {
                    let (fixed, mut rev) = review::apply(p, a);
                    for t in &mut rev.tags {
                        t.bbox = a.user_box(t.page, &t.bbox);
                    }
                    let mut report = FileReport::from_analysis(&fixed);
                    report.review = Some(rev);
                    report
                }
                (Ok(a), None) => FileReport::from_analysis(a),
                (Err(e), _) => FileReport::from_error(e),
            })
            .collect(),
    }
}
