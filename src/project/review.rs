//! The user's review laid over an analysis: findings dismissed as wrong, exemption codes and
//! titles corrected, findings marked reviewed, and the user's own tags. Exports (CLI and GUI) go
//! through [`apply`], so what a reporter publishes is what they checked. Keys are finding ids
//! within a file (see [`crate::project::review_key`]), so a re-analysis keeps the review.

use serde::{Deserialize, Serialize};

use crate::analysis::FileAnalysis;
use crate::geometry::Rect;
use crate::permits::{LinkStatus, PermitLink};
use crate::project::{Project, TagKind, review_key};
use crate::redactions::codes;

/// A user's correction of one finding.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Correction {
    /// The finding is wrong (not a redaction, not a person, not this permit): left out of
    /// exports, listed in the review.
    #[serde(default)]
    pub dismissed: bool,
    /// A permit candidate the user confirmed: exported as a link (status `link`), listed in the
    /// review as a `status` correction.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub confirmed: bool,
    /// Exemption codes as the user reads them (redactions), replacing the detected ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub codes: Option<Vec<String>>,
    /// Title as the user knows it (people).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Organisation as the user knows it (people).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    /// Why.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl Correction {
    /// Nothing is corrected (the entry can be dropped).
    pub fn is_empty(&self) -> bool {
        !self.dismissed
            && !self.confirmed
            && self.codes.is_none()
            && self.title.is_none()
            && self.organization.is_none()
            && self.note.is_empty()
    }
}

/// The id under which a permit link or candidate is reviewed: `EXP-2020-0517@p2` (a candidate
/// keeps its id when confirmed).
pub fn link_id(l: &PermitLink) -> String {
    format!("{}@p{}", l.permit, l.page)
}

/// Codes as a user types them (`s.15(1), 21(1)(a)`), normalised like detected ones; text that
/// is not a recognisable code is kept as written.
pub fn parse_codes(text: &str) -> Vec<String> {
    let found = codes::find_codes(text);
    if !found.is_empty() {
        let mut out: Vec<String> = Vec::new();
        for f in found {
            if !out.contains(&f.code) {
                out.push(f.code);
            }
        }
        return out;
    }
    text.split([',', ';'])
        .map(|s| s.trim().trim_start_matches("s.").trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// A finding the user dismissed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dismissed {
    /// Finding id.
    pub id: String,
    /// What it was, in words (`p. 3 box s.15(1)`, a person's name, a permit link).
    pub what: String,
    /// The user's note.
    pub note: String,
}

/// A finding the user corrected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Corrected {
    /// Finding id.
    pub id: String,
    /// The field corrected: `codes`, `title`, `organization`, or `status` (a permit candidate
    /// confirmed as a link).
    pub field: String,
    /// What the detectors said.
    pub detected: String,
    /// What the user says.
    pub corrected: String,
    /// The user's note.
    pub note: String,
}

/// A user's tag as exported, with its page stamp.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TagReport {
    /// Tag id.
    pub id: String,
    /// 1-based page.
    pub page: u32,
    /// The page's release stamp.
    pub page_stamp: Option<String>,
    /// What it marks.
    pub kind: TagKind,
    /// Region, PDF points.
    pub bbox: Rect,
    /// The text under the region when it was tagged.
    pub text: String,
    /// The user's note.
    pub note: String,
}

/// The review of one file.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct FileReview {
    /// Ids of the findings marked reviewed.
    pub reviewed: Vec<String>,
    /// Findings left out as wrong.
    pub dismissed: Vec<Dismissed>,
    /// Fields corrected.
    pub corrected: Vec<Corrected>,
    /// The user's tags.
    pub tags: Vec<TagReport>,
}

impl FileReview {
    /// The user did nothing on this file.
    pub fn is_empty(&self) -> bool {
        self.reviewed.is_empty()
            && self.dismissed.is_empty()
            && self.corrected.is_empty()
            && self.tags.is_empty()
    }
}

/// The analysis as the user corrected it, and what the user did.
pub fn apply(project: &Project, a: &FileAnalysis) -> (FileAnalysis, FileReview) {
    let mut out = a.clone();
    let mut review = FileReview::default();
    let get = |id: &str| project.corrections.get(&review_key(&a.sha256, id));
    let note = |c: &Correction| c.note.clone();

    out.redactions.retain_mut(|r| {
        let Some(c) = get(&r.id) else { return true };
        if c.dismissed {
            review.dismissed.push(Dismissed {
                id: r.id.clone(),
                what: format!(
                    "p. {} {} {}",
                    r.page,
                    r.kind.as_str(),
                    codes::cite(&r.codes)
                )
                .trim_end()
                .to_string(),
                note: note(c),
            });
            return false;
        }
        if let Some(new) = &c.codes
            && *new != r.codes
        {
            review.corrected.push(Corrected {
                id: r.id.clone(),
                field: "codes".into(),
                detected: r.codes.join(" "),
                corrected: new.join(" "),
                note: note(c),
            });
            r.codes = new.clone();
            r.unknown_codes = new
                .iter()
                .filter(|x| codes::explain(x).is_none())
                .cloned()
                .collect();
        }
        true
    });
    // The grounds follow the reviewed codes (dismissed redactions, corrected codes).
    out.grounds = crate::redactions::grounds::compare(
        std::mem::take(&mut out.grounds.statements),
        &out.redactions,
    );

    out.officials.retain_mut(|o| {
        let Some(c) = get(&o.id) else { return true };
        if c.dismissed {
            review.dismissed.push(Dismissed {
                id: o.id.clone(),
                what: o.name.clone(),
                note: note(c),
            });
            return false;
        }
        for (field, new, old) in [
            ("title", &c.title, &mut o.title),
            ("organization", &c.organization, &mut o.organization),
        ] {
            if let Some(new) = new
                && old.as_deref() != Some(new.as_str())
            {
                review.corrected.push(Corrected {
                    id: o.id.clone(),
                    field: field.into(),
                    detected: old.clone().unwrap_or_default(),
                    corrected: new.clone(),
                    note: note(c),
                });
                *old = Some(new.clone()).filter(|s| !s.is_empty());
            }
        }
        true
    });

    let mut dismiss_link = |l: &PermitLink| {
        let id = link_id(l);
        match get(&id) {
            Some(c) if c.dismissed => {
                review.dismissed.push(Dismissed {
                    id,
                    what: format!("{} on p. {} ({})", l.permit, l.page, l.evidence),
                    note: note(c),
                });
                false
            }
            _ => true,
        }
    };
    out.permit_links.retain(&mut dismiss_link);
    out.permit_candidates.retain(&mut dismiss_link);
    // Candidates the user confirmed become links.
    let (confirmed, candidates): (Vec<PermitLink>, Vec<PermitLink>) =
        std::mem::take(&mut out.permit_candidates)
            .into_iter()
            .partition(|l| get(&link_id(l)).is_some_and(|c| c.confirmed));
    out.permit_candidates = candidates;
    if !confirmed.is_empty() {
        for mut l in confirmed {
            let id = link_id(&l);
            review.corrected.push(Corrected {
                id: id.clone(),
                field: "status".into(),
                detected: LinkStatus::Candidate.as_str().into(),
                corrected: LinkStatus::Link.as_str().into(),
                note: get(&id).map(note).unwrap_or_default(),
            });
            l.status = LinkStatus::Link;
            l.evidence.push_str("; confirmed by the reviewer");
            out.permit_links.push(l);
        }
        out.permit_links
            .sort_by(|a, b| a.page.cmp(&b.page).then_with(|| a.permit.cmp(&b.permit)));
    }

    let prefix = review_key(&a.sha256, "");
    review.reviewed = project
        .reviewed
        .iter()
        .filter(|(k, v)| **v && k.starts_with(&prefix))
        .filter_map(|(k, _)| k.strip_prefix(&prefix).map(str::to_string))
        .collect();
    review.tags = project
        .tags
        .iter()
        .filter(|t| t.file_sha256 == a.sha256)
        .map(|t| TagReport {
            id: t.id.clone(),
            page: t.page,
            page_stamp: a.label(t.page).map(str::to_string),
            kind: t.kind,
            bbox: t.bbox,
            text: t.text.clone(),
            note: t.note.clone(),
        })
        .collect();
    (out, review)
}
