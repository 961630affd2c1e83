//! Wire formats: the JSON document of `dossier analyze --json` and the CSV exports.
//!
//! These types are the stable contract reporters script against; they are built from
//! [`FileAnalysis`](crate::analysis::FileAnalysis) and never the other way round.

pub mod csv;
pub mod json;
