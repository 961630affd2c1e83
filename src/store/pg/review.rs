//! The review on a PostgreSQL case, for many reviewers at once. Every change (reviewed mark,
//! dismissal or correction, tag, tag removal) is a new row of `review_events` holding the whole
//! state after it, with who (a configured name, else the database role) and when; nothing is
//! updated in place. The current state of a finding is its row of highest version.
//!
//! Optimistic versioning: a change names the version it was made over ([`PgCase::edit`]); when
//! another reviewer changed the finding since, the change is refused with a [`Conflict`] carrying
//! the other's change (who, when, what), and the caller chooses (read again and redo, or leave
//! it). Each change is announced with `NOTIFY dossier_review` (payload: the event's id) in the
//! transaction that makes it; [`PgCase::listen`] and [`PgCase::wait_for_changes`] receive them,
//! and [`PgCase::changes_since`] reads them by cursor (the polling fallback; event ids are
//! handed out under a lock, so they commit in order and a cursor never skips one).

use std::time::Duration;

use serde::Serialize;

use super::{PgCase, PgError, Result};
use crate::project::review::Correction;
use crate::project::{Project, Tag};
use crate::store::review::Imported;

/// The advisory lock every review change takes (issue 19): changes commit one at a time, in the
/// order of their ids.
const REVIEW_LOCK: i64 = 0x0D05_5119;

/// One change as recorded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Its id: a cursor for [`PgCase::changes_since`].
    pub id: i64,
    /// The file's review key (first 16 hex digits of its SHA-256).
    pub file: String,
    /// The finding id (`tag:ID` for a tag).
    pub finding: String,
    /// The finding's version after the change (1 for the first).
    pub version: i32,
    /// What changed: `reviewed`, `unreviewed`, `correction`, `dismissed`, `tag`, `untag`.
    pub what: String,
    /// The state after it: reviewed mark.
    pub reviewed: bool,
    /// Correction (dismissal included).
    pub correction: Option<Correction>,
    /// The tag, for a tag.
    pub tag: Option<Tag>,
    /// Who (the name given, else the database role).
    pub who: String,
    /// The database role that wrote it.
    pub role: String,
    /// When (UTC, ISO 8601, milliseconds).
    pub at: String,
}

/// A finding's current review state.
pub type ReviewState = Change;

/// A change refused because the finding changed since the version it was made over.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conflict {
    /// The version the refused change was made over.
    pub expected: i32,
    /// The change that came first (now the current state).
    pub current: Change,
}

impl std::fmt::Display for Conflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{} was changed by {} at {} ({}, version {}) after the version {} this change was made over: read it again and choose",
            self.current.file,
            self.current.finding,
            self.current.who,
            self.current.at,
            self.current.what,
            self.current.version,
            self.expected
        )
    }
}

/// A review change.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Mark reviewed or not.
    Reviewed(bool),
    /// Set the correction (an empty one clears it; `dismissed` dismisses).
    Correct(Correction),
    /// Add or change a tag (its finding is `tag:ID`).
    Tag(Tag),
    /// Remove a tag.
    Untag,
}

const CHANGE_COLUMNS: &str =
    "id, file, finding, version, what, reviewed, correction, tag, who, role,
     to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";

fn change(r: &postgres::Row) -> Result<Change> {
    let correction: Option<String> = r.get(6);
    let tag: Option<String> = r.get(7);
    Ok(Change {
        id: r.get(0),
        file: r.get(1),
        finding: r.get(2),
        version: r.get(3),
        what: r.get(4),
        reviewed: r.get(5),
        correction: correction.map(|j| serde_json::from_str(&j)).transpose()?,
        tag: tag.map(|j| serde_json::from_str(&j)).transpose()?,
        who: r.get(8),
        role: r.get(9),
        at: r.get(10),
    })
}

/// The finding key of a tag.
pub fn tag_finding(tag: &Tag) -> (String, String) {
    (
        tag.file_sha256
            .get(..16)
            .unwrap_or(&tag.file_sha256)
            .to_string(),
        format!("tag:{}", tag.id),
    )
}

fn latest(tx: &mut postgres::Transaction<'_>, file: &str, finding: &str) -> Result<Option<Change>> {
    let row = tx.query_opt(
        &format!(
            "SELECT {CHANGE_COLUMNS} FROM review_events WHERE file = $1 AND finding = $2
              ORDER BY version DESC LIMIT 1"
        ),
        &[&file, &finding],
    )?;
    row.as_ref().map(change).transpose()
}

/// Applies `edit` over the finding's current state inside `tx` (which holds the review lock);
/// `expected`: the version it was made over (`None`: whatever is current). The new version, or
/// the conflict.
fn apply(
    tx: &mut postgres::Transaction<'_>,
    file: &str,
    finding: &str,
    expected: Option<i32>,
    edit: &Edit,
    who: &str,
) -> Result<std::result::Result<i32, Conflict>> {
    let now = latest(tx, file, finding)?;
    let version = now.as_ref().map_or(0, |c| c.version);
    if let (Some(expected), Some(current)) = (expected, &now)
        && expected != version
    {
        return Ok(Err(Conflict {
            expected,
            current: current.clone(),
        }));
    }
    let mut reviewed = now.as_ref().is_some_and(|c| c.reviewed);
    let mut correction = now.as_ref().and_then(|c| c.correction.clone());
    let mut tag = now.as_ref().and_then(|c| c.tag.clone());
    let what = match edit {
        Edit::Reviewed(r) => {
            reviewed = *r;
            if *r { "reviewed" } else { "unreviewed" }
        }
        Edit::Correct(c) => {
            correction = (!c.is_empty()).then(|| c.clone());
            if c.dismissed {
                "dismissed"
            } else {
                "correction"
            }
        }
        Edit::Tag(t) => {
            tag = Some(t.clone());
            "tag"
        }
        Edit::Untag => {
            tag = None;
            "untag"
        }
    };
    let dismissed = correction.as_ref().is_some_and(|c| c.dismissed);
    let correction = correction.as_ref().map(serde_json::to_string).transpose()?;
    let tag = tag.as_ref().map(serde_json::to_string).transpose()?;
    let next = version + 1;
    let id: i64 = tx
        .query_one(
            "INSERT INTO review_events(file, finding, version, what, reviewed, dismissed, correction, tag, who)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            &[
                &file,
                &finding,
                &next,
                &what,
                &reviewed,
                &dismissed,
                &correction,
                &tag,
                &who,
            ],
        )?
        .get(0);
    tx.execute("SELECT pg_notify('dossier_review', $1)", &[&id.to_string()])?;
    Ok(Ok(next))
}

impl PgCase {
    fn who(&self, who: Option<&str>) -> String {
        who.filter(|w| !w.trim().is_empty())
            .map_or_else(|| self.role().to_string(), str::to_string)
    }

    fn review_tx(&mut self) -> Result<postgres::Transaction<'_>> {
        let (role, shown) = (self.role().to_string(), self.location().to_string());
        let mut tx = self
            .client()
            .transaction()
            .map_err(|e| super::write_error(e, &role, &shown))?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&REVIEW_LOCK])?;
        Ok(tx)
    }

    /// The current review state of a finding (`None` when nobody has reviewed it: version 0).
    pub fn review_state(&mut self, file: &str, finding: &str) -> Result<Option<ReviewState>> {
        let row = self.client().query_opt(
            &format!(
                "SELECT {CHANGE_COLUMNS} FROM review_events WHERE file = $1 AND finding = $2
                  ORDER BY version DESC LIMIT 1"
            ),
            &[&file, &finding],
        )?;
        row.as_ref().map(change).transpose()
    }

    /// Makes one review change over version `expected` of the finding (0 when it had none) as
    /// `who` (else the database role): the new version, or [`PgError::Conflict`] with the change
    /// another reviewer made since (nothing is written then).
    pub fn edit(
        &mut self,
        file: &str,
        finding: &str,
        expected: i32,
        edit: &Edit,
        who: Option<&str>,
    ) -> Result<i32> {
        let who = self.who(who);
        let (role, shown) = (self.role().to_string(), self.location().to_string());
        let mut tx = self.review_tx()?;
        match apply(&mut tx, file, finding, Some(expected), edit, &who) {
            Ok(Ok(v)) => {
                tx.commit()
                    .map_err(|e| super::write_error(e, &role, &shown))?;
                Ok(v)
            }
            Ok(Err(c)) => Err(PgError::Conflict(Box::new(c))),
            Err(PgError::Db(e)) => Err(super::write_error(e, &role, &shown)),
            Err(e) => Err(e),
        }
    }

    /// A change over whatever the current state is (last writer wins, and is recorded): for
    /// imports and copies, and callers that do not track versions.
    pub fn edit_latest(
        &mut self,
        file: &str,
        finding: &str,
        edit: &Edit,
        who: Option<&str>,
    ) -> Result<i32> {
        let who = self.who(who);
        let (role, shown) = (self.role().to_string(), self.location().to_string());
        let mut tx = self.review_tx()?;
        match apply(&mut tx, file, finding, None, edit, &who) {
            Ok(Ok(v)) => {
                tx.commit()
                    .map_err(|e| super::write_error(e, &role, &shown))?;
                Ok(v)
            }
            Ok(Err(c)) => Err(PgError::Conflict(Box::new(c))),
            Err(PgError::Db(e)) => Err(super::write_error(e, &role, &shown)),
            Err(e) => Err(e),
        }
    }

    /// Marks a finding reviewed (or not) by `who`, over its current state.
    pub fn set_reviewed(
        &mut self,
        file: &str,
        finding: &str,
        reviewed: bool,
        who: &str,
    ) -> Result<()> {
        self.edit_latest(file, finding, &Edit::Reviewed(reviewed), Some(who))
            .map(drop)
    }

    /// Sets the correction of a finding (an empty one clears it) by `who`.
    pub fn set_correction(
        &mut self,
        file: &str,
        finding: &str,
        c: &Correction,
        who: &str,
    ) -> Result<()> {
        self.edit_latest(file, finding, &Edit::Correct(c.clone()), Some(who))
            .map(drop)
    }

    /// Every change recorded for one finding, oldest first.
    pub fn history(&mut self, file: &str, finding: &str) -> Result<Vec<Change>> {
        let rows = self.client().query(
            &format!(
                "SELECT {CHANGE_COLUMNS} FROM review_events WHERE file = $1 AND finding = $2 ORDER BY version"
            ),
            &[&file, &finding],
        )?;
        rows.iter().map(change).collect()
    }

    /// The changes after `cursor` (a [`Change::id`]; 0 for all), oldest first, at most `limit`.
    pub fn changes_since(&mut self, cursor: i64, limit: usize) -> Result<Vec<Change>> {
        let rows = self.client().query(
            &format!(
                "SELECT {CHANGE_COLUMNS} FROM review_events WHERE id > $1 ORDER BY id LIMIT $2"
            ),
            &[&cursor, &super::int(limit)],
        )?;
        rows.iter().map(change).collect()
    }

    /// Starts receiving the case's review notifications on this connection.
    pub fn listen(&mut self) -> Result<()> {
        self.client().batch_execute("LISTEN dossier_review")?;
        Ok(())
    }

    /// The ids of the changes announced since the last call, waiting up to `timeout` for the
    /// first (after [`PgCase::listen`]); empty when none came.
    pub fn wait_for_changes(&mut self, timeout: Duration) -> Result<Vec<i64>> {
        let mut out = Vec::new();
        use fallible_iterator::FallibleIterator as _;
        let mut n = self.client().notifications();
        if let Some(note) = n.timeout_iter(timeout).next()? {
            out.extend(note.payload().parse::<i64>().ok());
        }
        let mut rest = n.iter();
        while let Some(note) = rest.next()? {
            out.extend(note.payload().parse::<i64>().ok());
        }
        Ok(out)
    }

    /// Imports the review work of a project file in one transaction, as `who`'s (as
    /// [`crate::store::Case::import_project`]): a mark or correction becomes the finding's new
    /// state, a tag the case holds already is not added twice, one whose id is taken gets a new
    /// id, the notes are added unless the case holds them.
    pub fn import_project(&mut self, p: &Project, who: &str) -> Result<Imported> {
        let who = self.who(Some(who));
        let (role, shown) = (self.role().to_string(), self.location().to_string());
        let we = |e: PgError| match e {
            PgError::Db(e) => super::write_error(e, &role, &shown),
            e => e,
        };
        let mut tx = self.review_tx()?;
        let mut done = Imported::default();
        let mut run = |tx: &mut postgres::Transaction<'_>| -> Result<()> {
            for (key, reviewed) in &p.reviewed {
                let (file, finding) = key.split_once(':').unwrap_or(("", key));
                let _ = apply(tx, file, finding, None, &Edit::Reviewed(*reviewed), &who)?;
                done.reviewed += 1;
            }
            for (key, c) in &p.corrections {
                let (file, finding) = key.split_once(':').unwrap_or(("", key));
                let _ = apply(tx, file, finding, None, &Edit::Correct(c.clone()), &who)?;
                done.corrections += 1;
            }
            let mut current: Vec<Tag> = current_tags(tx)?;
            for t in &p.tags {
                let same = current.iter().any(|c| {
                    c.file_sha256 == t.file_sha256
                        && c.page == t.page
                        && c.bbox == t.bbox
                        && c.kind == t.kind
                        && c.note == t.note
                        && c.text == t.text
                });
                if same {
                    continue;
                }
                let mut t = t.clone();
                if current.iter().any(|c| c.id == t.id) {
                    let n = current
                        .iter()
                        .filter_map(|c| c.id.strip_prefix("tag-")?.parse::<u64>().ok())
                        .max()
                        .unwrap_or(0);
                    t.id = format!("tag-{}", n + 1);
                }
                let (file, finding) = tag_finding(&t);
                let _ = apply(tx, &file, &finding, None, &Edit::Tag(t.clone()), &who)?;
                current.push(t);
                done.tags += 1;
            }
            if !p.notes.trim().is_empty() {
                let same: i64 = tx
                    .query_one("SELECT count(*) FROM notes WHERE text = $1", &[&p.notes])?
                    .get(0);
                if same == 0 {
                    tx.execute(
                        "INSERT INTO notes(text, who) VALUES ($1, $2)",
                        &[&p.notes, &who],
                    )?;
                    done.notes = 1;
                }
            }
            Ok(())
        };
        run(&mut tx).map_err(we)?;
        tx.commit().map_err(|e| we(PgError::Db(e)))?;
        Ok(done)
    }

    /// The case's current review as a project: what [`crate::project::review::apply`] lays over
    /// stored findings.
    pub fn review_project(&mut self) -> Result<Project> {
        let mut p = Project::default();
        let rows = self.client().query(
            "SELECT file, finding, reviewed, correction, tag FROM review ORDER BY file, finding",
            &[],
        )?;
        for r in &rows {
            let (file, finding): (String, String) = (r.get(0), r.get(1));
            let reviewed: bool = r.get(2);
            let correction: Option<String> = r.get(3);
            let tag: Option<String> = r.get(4);
            if let Some(t) = tag {
                p.tags.push(serde_json::from_str(&t)?);
                continue;
            }
            if finding.starts_with("tag:") {
                continue;
            }
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
        let notes: Vec<String> = self
            .client()
            .query("SELECT text FROM notes ORDER BY id", &[])?
            .iter()
            .map(|r| r.get(0))
            .collect();
        p.notes = notes.join("\n\n");
        Ok(p)
    }
}

fn current_tags(tx: &mut postgres::Transaction<'_>) -> Result<Vec<Tag>> {
    tx.query("SELECT tag FROM review WHERE tag IS NOT NULL", &[])?
        .iter()
        .map(|r| serde_json::from_str(&r.get::<_, String>(0)).map_err(PgError::from))
        .collect()
}
