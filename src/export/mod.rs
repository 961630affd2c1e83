//! Wire formats: the JSON document of `dossier analyze --json`, the CSV exports, the redaction
//! log as XLSX, FollowTheMoney entities (JSON lines, for Aleph) and the annotated copy of a PDF.
//!
//! These types are the stable contract reporters script against; they are built from
//! [`FileAnalysis`](crate::analysis::FileAnalysis) and never the other way round.

pub mod annotated;
pub mod colours;
pub mod csv;
pub mod diff;
pub mod ftm;
pub mod json;
pub mod xlsx;

use crate::analysis::FileAnalysis;
use crate::project::Project;
use crate::project::review::{self, FileReview};

/// Each file as the user's project corrected it, with its review (or as analysed, without one).
pub(crate) fn reviewed<'a>(
    files: &[&'a FileAnalysis],
    project: Option<&Project>,
) -> Vec<(std::borrow::Cow<'a, FileAnalysis>, Option<FileReview>)> {
    files
        .iter()
        .map(|a| match project {
            // Boxes as exports give them: in each page's default user space.
            Some(p) => {
                let (fixed, mut rev) = review::apply(p, a);
                for t in &mut rev.tags {
                    t.bbox = a.user_box(t.page, &t.bbox);
                }
                let fixed = fixed.in_user_space().into_owned();
                (std::borrow::Cow::Owned(fixed), Some(rev))
            }
            None => (a.in_user_space(), None),
        })
        .collect()
}
