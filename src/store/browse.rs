//! What the app reads of a case and writes to it: whether a path is a case, the productions with
//! their counts, one production as an analysis (stored findings, each page with its stored text)
//! so that the per-file views show it, and the review written in batches (reviewed marks,
//! corrections, tags added, changed and removed), with who.

use std::io::Read as _;
use std::path::Path;

use rusqlite::params;
use serde::Serialize;

use super::review::{kind_name, split_key};
use super::{Case, Production, Result};
use crate::analysis::FileAnalysis;
use crate::pdf::TextLine;
use crate::project::Tag;
use crate::project::review::Correction;

/// The file name extension of a case.
pub const EXTENSION: &str = "dossier";

/// `path` names a case: a file ending in `.dossier` (which need not exist yet), or an existing
/// file that is an SQLite database (whatever its name).
pub fn is_case_path(path: &Path) -> bool {
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(EXTENSION))
    {
        return !path.is_dir();
    }
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && &head == b"SQLite format 3\0"
}

/// A production with what it holds, for a list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProductionCounts {
    /// The production.
    pub production: Production,
    /// Redactions found.
    pub redactions: usize,
    /// E-mails, memos and other documents.
    pub documents: usize,
    /// People named.
    pub people: usize,
}

/// One change of the review, by review key (`0123456789abcdef:red-p3-1`, as
/// [`crate::project::review_key`] makes it) or tag.
#[derive(Debug, Clone, PartialEq)]
pub enum ReviewWrite {
    /// A finding marked reviewed, or not.
    Reviewed(String, bool),
    /// A finding's correction (an empty one clears it; a dismissal is one).
    Correction(String, Correction),
    /// A tag added or changed.
    Tag(Tag),
    /// A tag removed, by id.
    RemoveTag(String),
}

fn count(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

/// A line of stored text, without geometry (the case keeps page text, not where each word is).
fn text_line(text: &str) -> TextLine {
    TextLine {
        text: text.to_string(),
        chars: Vec::new(),
        runs: Vec::new(),
        bbox: Default::default(),
        baseline_y: 0.0,
        font_size: 0.0,
    }
}

impl Case {
    /// The production with row id `id`.
    pub fn production(&self, id: i64) -> Result<Option<Production>> {
        Ok(self.productions()?.into_iter().find(|p| p.id == id))
    }

    /// Every production, in the order added, with its counts of redactions, documents and people.
    pub fn production_counts(&self) -> Result<Vec<ProductionCounts>> {
        let mut documents = self
            .conn()
            .prepare("SELECT count(*) FROM documents WHERE production = ?1")?;
        let mut people = self
            .conn()
            .prepare("SELECT count(*) FROM people WHERE production = ?1")?;
        let mut out = Vec::new();
        for p in self.productions()? {
            let docs: i64 = documents.query_row(params![p.id], |r| r.get(0))?;
            let named: i64 = people.query_row(params![p.id], |r| r.get(0))?;
            out.push(ProductionCounts {
                redactions: self.findings_json(p.id, "redaction")?.len(),
                documents: count(docs),
                people: count(named),
                production: p,
            });
        }
        Ok(out)
    }

    /// Production `id` as an analysis rebuilt from the case: its findings, stamps and warnings
    /// whole, each page with its stored text as lines without geometry (no boxes for words, no
    /// OCR details); `None` when the case holds no such production.
    pub fn analysis(&self, id: i64) -> Result<Option<FileAnalysis>> {
        let Some(p) = self.production(id)? else {
            return Ok(None);
        };
        let mut a = self.rebuild(p)?;
        for page in &mut a.pages {
            if let Some(text) = self.page_text(id, page.number)? {
                page.lines = text.lines().map(text_line).collect();
            }
        }
        Ok(Some(a))
    }

    /// Writes review changes as `who`'s, in one transaction; how many were written.
    pub fn write_review(&self, writes: &[ReviewWrite], who: &str) -> Result<usize> {
        let tx = self.conn().unchecked_transaction()?;
        for w in writes {
            match w {
                ReviewWrite::Reviewed(key, v) => {
                    let (file, finding) = split_key(key);
                    self.set_reviewed(file, finding, *v, who)?;
                }
                ReviewWrite::Correction(key, c) => {
                    let (file, finding) = split_key(key);
                    self.set_correction(file, finding, c, who)?;
                }
                ReviewWrite::Tag(t) => self.put_tag(t, who)?,
                ReviewWrite::RemoveTag(id) => {
                    self.remove_tag(id)?;
                }
            }
        }
        tx.commit()?;
        Ok(writes.len())
    }

    /// Adds tag `t` as `who`'s, or changes the tag with its id.
    pub fn put_tag(&self, t: &Tag, who: &str) -> Result<()> {
        self.conn().execute(
            "INSERT INTO tags(id, sha256, page, bbox, kind, note, text, who)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT(id) DO UPDATE SET sha256 = excluded.sha256, page = excluded.page,
                 bbox = excluded.bbox, kind = excluded.kind, note = excluded.note,
                 text = excluded.text, who = excluded.who,
                 at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
            params![
                t.id,
                t.file_sha256,
                t.page,
                serde_json::to_string(&t.bbox)?,
                kind_name(t.kind),
                t.note,
                t.text,
                who
            ],
        )?;
        Ok(())
    }

    /// Removes tag `id`; whether there was one.
    pub fn remove_tag(&self, id: &str) -> Result<bool> {
        Ok(self
            .conn()
            .execute("DELETE FROM tags WHERE id = ?1", params![id])?
            > 0)
    }

    /// Who last changed the review of finding `key` (a review key), and when.
    pub fn reviewed_by(&self, key: &str) -> Result<Option<(String, String)>> {
        let (file, finding) = split_key(key);
        let mut stmt = self
            .conn()
            .prepare("SELECT who, at FROM review WHERE file = ?1 AND finding = ?2")?;
        let mut rows = stmt.query_map(params![file, finding], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.next().transpose()?)
    }
}
