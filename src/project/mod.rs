//! The user's project file: which productions are open, the user's own tags, which findings are
//! reviewed, and the view. Laid over the analysis by finding id and file hash, so re-analysing a
//! file never loses review work. Plain serde JSON; no GUI code here.
//!
//! Saving is atomic: the new content goes to a temporary file in the same directory, is flushed to
//! disk, the previous version is kept as `NAME.bak`, then the temporary file is renamed over
//! `NAME`. A crash mid-save leaves the old file (or its `.bak`) intact. A damaged project file is
//! an error that says so, never an empty project; [`Project::load_backup`] opens the `.bak`.

pub mod history;
pub mod review;

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::geometry::Rect;

/// Current project format version.
pub const VERSION: u32 = 1;

/// What a user tag marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TagKind {
    /// A redaction the detectors missed.
    MissedRedaction,
    /// A person.
    Official,
    /// A permit reference.
    Permit,
    /// A free note.
    Note,
}

impl TagKind {
    /// All kinds, in menu order.
    pub const ALL: [TagKind; 4] = [
        TagKind::MissedRedaction,
        TagKind::Official,
        TagKind::Permit,
        TagKind::Note,
    ];

    /// A label for people.
    pub fn label(&self) -> &'static str {
        match self {
            TagKind::MissedRedaction => "missed redaction",
            TagKind::Official => "official",
            TagKind::Permit => "permit",
            TagKind::Note => "note",
        }
    }
}

/// A user's tag on a page region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tag {
    /// Stable id (`tag-N`).
    pub id: String,
    /// SHA-256 of the file it belongs to (survives renames and moves).
    pub file_sha256: String,
    /// 1-based page.
    pub page: u32,
    /// Region, PDF points (origin bottom-left).
    pub bbox: Rect,
    /// What it marks.
    pub kind: TagKind,
    /// The user's note.
    pub note: String,
    /// The text under the region when it was tagged (a run of text, a name, a permit number).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
}

/// An open file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectFile {
    /// Where it was opened from.
    pub path: PathBuf,
    /// SHA-256 of its bytes when last analysed.
    pub sha256: Option<String>,
}

/// Where the user was.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct View {
    /// Index in `files`.
    pub file: usize,
    /// 1-based page.
    pub page: u32,
    /// Zoom (screen pixels per PDF point).
    pub zoom: f32,
}

/// The project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Project {
    /// Format version.
    pub version: u32,
    /// Open files.
    pub files: Vec<ProjectFile>,
    /// The user's tags.
    pub tags: Vec<Tag>,
    /// Finding id (`red-p3-1`, `person-…`, `EXP-…@p2`) keyed by file hash → reviewed.
    pub reviewed: BTreeMap<String, bool>,
    /// Corrections, keyed like `reviewed`: findings dismissed as wrong, codes or titles fixed.
    #[serde(default)]
    pub corrections: BTreeMap<String, review::Correction>,
    /// Free notes.
    #[serde(default)]
    pub notes: String,
    /// The view.
    #[serde(default)]
    pub view: View,
}

impl Default for Project {
    fn default() -> Self {
        Project {
            version: VERSION,
            files: Vec::new(),
            tags: Vec::new(),
            reviewed: BTreeMap::new(),
            corrections: BTreeMap::new(),
            notes: String::new(),
            view: View::default(),
        }
    }
}

/// The key of a reviewed mark: finding id within a file.
pub fn review_key(file_sha256: &str, finding_id: &str) -> String {
    format!(
        "{}:{finding_id}",
        file_sha256.get(..16).unwrap_or(file_sha256)
    )
}

/// The backup kept beside a project file.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".bak");
    path.with_file_name(name)
}

impl Project {
    /// Reads a project file. A damaged file is an error naming it (use [`Project::load_backup`]).
    pub fn load(path: &Path) -> Result<Project> {
        let text = std::fs::read_to_string(path)?;
        let p: Project = serde_json::from_str(&text).map_err(|e| {
            Error::Data(format!(
                "{} is not a readable project file ({e}); its previous version is {}",
                path.display(),
                backup_path(path).display()
            ))
        })?;
        if p.version > VERSION {
            return Err(Error::Data(format!(
                "{} was written by a newer Dossier (project version {})",
                path.display(),
                p.version
            )));
        }
        Ok(p)
    }

    /// Reads the `.bak` kept beside `path`.
    pub fn load_backup(path: &Path) -> Result<Project> {
        Project::load(&backup_path(path))
    }

    /// Writes the project atomically (see the module docs).
    pub fn save(&self, path: &Path) -> Result<()> {
        let json = serde_json::to_vec_pretty(self).map_err(|e| Error::Data(e.to_string()))?;
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or_else(|| Path::new("."));
        let mut tmp_name = path
            .file_name()
            .map(|n| n.to_os_string())
            .unwrap_or_default();
        tmp_name.push(format!(".tmp-{}", std::process::id()));
        let tmp = dir.join(tmp_name);
        {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(&json)?;
            f.write_all(b"\n")?;
            f.sync_all()?;
        }
        if path.exists() {
            std::fs::copy(path, backup_path(path))?;
        }
        std::fs::rename(&tmp, path).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })?;
        Ok(())
    }

    /// Adds a tag and returns its id.
    pub fn add_tag(
        &mut self,
        file_sha256: &str,
        page: u32,
        bbox: Rect,
        kind: TagKind,
        note: &str,
        text: &str,
    ) -> String {
        let n = self
            .tags
            .iter()
            .filter_map(|t| t.id.strip_prefix("tag-")?.parse::<u64>().ok())
            .max()
            .unwrap_or(0)
            + 1;
        let id = format!("tag-{n}");
        self.tags.push(Tag {
            id: id.clone(),
            file_sha256: file_sha256.to_string(),
            page,
            bbox,
            kind,
            note: note.to_string(),
            text: text.to_string(),
        });
        id
    }

    /// The correction of a finding, created empty when there is none.
    pub fn correction_mut(&mut self, key: &str) -> &mut review::Correction {
        self.corrections.entry(key.to_string()).or_default()
    }

    /// Drops corrections that no longer correct anything.
    pub fn prune_corrections(&mut self) {
        self.corrections.retain(|_, c| !c.is_empty());
    }
}
