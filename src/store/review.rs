//! The review layer of a case: reviewed marks, dismissals and corrections keyed by file and
//! finding id (the file as [`crate::project::review_key`] names it: the first 16 hex digits of
//! its SHA-256), tags on page regions, notes; each with who and when. A project file imports into
//! it without loss, and it reads back as a [`Project`] so that [`crate::project::review::apply`]
//! lays it over stored findings as it does over fresh ones.

use rusqlite::params;
use serde::Serialize;

use super::{Case, Result};
use crate::geometry::Rect;
use crate::project::review::Correction;
use crate::project::{Project, Tag, TagKind};

/// What an import brought in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Imported {
    /// Reviewed marks.
    pub reviewed: usize,
    /// Corrections (dismissals included).
    pub corrections: usize,
    /// Tags added (a tag the case already holds is not added twice).
    pub tags: usize,
    /// Free notes (0 or 1).
    pub notes: usize,
}

/// The file part and the finding part of a project's review key (`0123456789abcdef:red-p3-1`).
pub(super) fn split_key(key: &str) -> (&str, &str) {
    key.split_once(':').unwrap_or(("", key))
}

pub(super) fn kind_name(k: TagKind) -> &'static str {
    match k {
        TagKind::MissedRedaction => "missed_redaction",
        TagKind::Official => "official",
        TagKind::Permit => "permit",
        TagKind::Note => "note",
    }
}

fn kind_of(name: &str) -> TagKind {
    TagKind::ALL
        .into_iter()
        .find(|k| kind_name(*k) == name)
        .unwrap_or(TagKind::Note)
}

impl Case {
    /// Marks a finding reviewed (or not) by `who`.
    pub fn set_reviewed(
        &self,
        file_key: &str,
        finding: &str,
        reviewed: bool,
        who: &str,
    ) -> Result<()> {
        self.conn().execute(
            "INSERT INTO review(file, finding, reviewed, who) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(file, finding) DO UPDATE SET reviewed = excluded.reviewed,
                 who = excluded.who, at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
            params![file_key, finding, reviewed, who],
        )?;
        Ok(())
    }

    /// Sets the correction of a finding (an empty one clears it) by `who`.
    pub fn set_correction(
        &self,
        file_key: &str,
        finding: &str,
        c: &Correction,
        who: &str,
    ) -> Result<()> {
        let json = if c.is_empty() {
            None
        } else {
            Some(serde_json::to_string(c)?)
        };
        self.conn().execute(
            "INSERT INTO review(file, finding, dismissed, correction, who) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(file, finding) DO UPDATE SET dismissed = excluded.dismissed,
                 correction = excluded.correction, who = excluded.who,
                 at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
            params![file_key, finding, c.dismissed, json, who],
        )?;
        Ok(())
    }

    /// Imports the review work of a project file (reviewed marks, corrections, tags, notes), in
    /// one transaction, as `who`'s. A mark or correction of the same finding is replaced; a tag
    /// the case already holds (same file, page, box, kind, note and text) is not added again, and
    /// one whose id is taken by another tag gets a new id.
    pub fn import_project(&mut self, p: &Project, who: &str) -> Result<Imported> {
        let tx = self.conn_mut().transaction()?;
        let mut done = Imported::default();
        for (key, reviewed) in &p.reviewed {
            let (file, finding) = split_key(key);
            tx.execute(
                "INSERT INTO review(file, finding, reviewed, who) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(file, finding) DO UPDATE SET reviewed = excluded.reviewed,
                     who = excluded.who, at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
                params![file, finding, reviewed, who],
            )?;
            done.reviewed += 1;
        }
        for (key, c) in &p.corrections {
            let (file, finding) = split_key(key);
            tx.execute(
                "INSERT INTO review(file, finding, dismissed, correction, who) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(file, finding) DO UPDATE SET dismissed = excluded.dismissed,
                     correction = excluded.correction, who = excluded.who,
                     at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
                params![file, finding, c.dismissed, serde_json::to_string(c)?, who],
            )?;
            done.corrections += 1;
        }
        for t in &p.tags {
            let bbox = serde_json::to_string(&t.bbox)?;
            let kind = kind_name(t.kind);
            let same: i64 = tx.query_row(
                "SELECT count(*) FROM tags WHERE sha256 = ?1 AND page = ?2 AND bbox = ?3
                   AND kind = ?4 AND note = ?5 AND text = ?6",
                params![t.file_sha256, t.page, bbox, kind, t.note, t.text],
                |r| r.get(0),
            )?;
            if same > 0 {
                continue;
            }
            let taken: i64 = tx.query_row(
                "SELECT count(*) FROM tags WHERE id = ?1",
                params![t.id],
                |r| r.get(0),
            )?;
            let id = if taken == 0 {
                t.id.clone()
            } else {
                let n: i64 = tx.query_row(
                    "SELECT coalesce(max(CAST(substr(id, 5) AS INTEGER)), 0) FROM tags WHERE id LIKE 'tag-%'",
                    [],
                    |r| r.get(0),
                )?;
                format!("tag-{}", n + 1)
            };
            tx.execute(
                "INSERT INTO tags(id, sha256, page, bbox, kind, note, text, who)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![id, t.file_sha256, t.page, bbox, kind, t.note, t.text, who],
            )?;
            done.tags += 1;
        }
        if !p.notes.trim().is_empty() {
            let same: i64 = tx.query_row(
                "SELECT count(*) FROM notes WHERE text = ?1",
                params![p.notes],
                |r| r.get(0),
            )?;
            if same == 0 {
                tx.execute(
                    "INSERT INTO notes(text, who) VALUES (?1, ?2)",
                    params![p.notes, who],
                )?;
                done.notes = 1;
            }
        }
        tx.commit()?;
        Ok(done)
    }

    /// The case's review as a project (no open files, no view): what
    /// [`crate::project::review::apply`] lays over stored findings. The identities reviewed
    /// case-wide (see [`super::identities`]) are in it as corrections of each production's person
    /// findings.
    pub fn review_project(&self) -> Result<Project> {
        let mut p = Project::default();
        let mut stmt = self.conn().prepare(
            "SELECT file, finding, reviewed, correction FROM review ORDER BY file, finding",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, bool>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })?;
        for row in rows {
            let (file, finding, reviewed, correction) = row?;
            let key = if file.is_empty() {
                finding
            } else {
                format!("{file}:{finding}")
            };
            if reviewed {
                p.reviewed.insert(key.clone(), true);
            }
            if let Some(json) = correction {
                p.corrections.insert(key, serde_json::from_str(&json)?);
            }
        }
        let mut stmt = self
            .conn()
            .prepare("SELECT id, sha256, page, bbox, kind, note, text FROM tags ORDER BY rowid")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, u32>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?;
        for row in rows {
            let (id, file_sha256, page, bbox, kind, note, text) = row?;
            let bbox: Rect = serde_json::from_str(&bbox)?;
            p.tags.push(Tag {
                id,
                file_sha256,
                page,
                bbox,
                kind: kind_of(&kind),
                note,
                text,
            });
        }
        let notes: Vec<String> = self
            .conn()
            .prepare("SELECT text FROM notes ORDER BY id")?
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        p.notes = notes.join("\n\n");
        self.expand_identity_reviews(&mut p)?;
        Ok(p)
    }
}
