//! One identity across productions, reviewed once for the whole case: two identities merged into
//! one (two spellings the officials detector could not join: `Kate Roe` and `Katherine Roe`), a
//! person dismissed (not a person), a name, title or organisation corrected. Kept in
//! `identity_review` by identity key ([`crate::officials::identity_key`]), with who and when;
//! a merged identity points at the one it joined (`same_as`), and what is corrected is kept on the
//! identity a chain of merges ends at.
//!
//! [`Case::people`] lists merged identities once and shows the corrections;
//! [`Case::review_project`] expands them into corrections of each production's person findings
//! (a case-wide field wins over the same field corrected in one production), so that exports and
//! the GUI of every production see them.

use std::collections::BTreeMap;

use rusqlite::{OptionalExtension as _, params};
use serde::Serialize;

use super::{Case, Result};
use crate::project::Project;

/// What a case-wide correction of a person sets (`None`: left as it is; an empty string clears a
/// correction made before).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CorrectionFields {
    /// The name shown for the person.
    pub name: Option<String>,
    /// The title.
    pub title: Option<String>,
    /// The organisation.
    pub organization: Option<String>,
    /// Why (kept when empty).
    pub note: String,
}

/// The review of one identity, as stored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct IdentityReview {
    /// The identity key.
    pub identity: String,
    /// The identity it was merged into.
    pub same_as: Option<String>,
    /// Not a person (left out of lists and exports).
    pub dismissed: bool,
    /// Name shown.
    pub name: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Organisation.
    pub organization: Option<String>,
    /// Why.
    pub note: String,
    /// Who.
    pub who: String,
    /// When (UTC, ISO 8601).
    pub at: String,
}

/// Every identity review of the case, by identity key.
pub(crate) type Reviews = BTreeMap<String, IdentityReview>;

/// The identity a chain of merges from `identity` ends at (a loop, which the store never writes,
/// ends where it closes).
pub(crate) fn root<'a>(reviews: &'a Reviews, identity: &'a str) -> &'a str {
    let mut at = identity;
    for _ in 0..=reviews.len() {
        match reviews.get(at).and_then(|r| r.same_as.as_deref()) {
            Some(next) if next != at => at = next,
            _ => break,
        }
    }
    at
}

/// `Some(s)` for a non-empty `s`, `None` for an empty one.
fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

const UPSERT: &str = "INSERT INTO identity_review(identity, same_as, dismissed, name, title, organization, note, who)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
     ON CONFLICT(identity) DO UPDATE SET same_as = excluded.same_as, dismissed = excluded.dismissed,
         name = excluded.name, title = excluded.title, organization = excluded.organization,
         note = excluded.note, who = excluded.who, at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";

fn write(conn: &rusqlite::Connection, r: &IdentityReview, who: &str) -> Result<()> {
    conn.execute(
        UPSERT,
        params![
            r.identity,
            r.same_as,
            r.dismissed,
            r.name,
            r.title,
            r.organization,
            r.note,
            who
        ],
    )?;
    Ok(())
}

impl Case {
    /// Every identity review, by identity key.
    pub fn identity_reviews(&self) -> Result<BTreeMap<String, IdentityReview>> {
        let mut stmt = self.conn().prepare(
            "SELECT identity, same_as, dismissed, name, title, organization, note, who, at
               FROM identity_review",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(IdentityReview {
                identity: r.get(0)?,
                same_as: r.get(1)?,
                dismissed: r.get(2)?,
                name: r.get(3)?,
                title: r.get(4)?,
                organization: r.get(5)?,
                note: r.get(6)?,
                who: r.get(7)?,
                at: r.get(8)?,
            })
        })?;
        let mut out = BTreeMap::new();
        for row in rows {
            let r = row?;
            out.insert(r.identity.clone(), r);
        }
        Ok(out)
    }

    /// The review of the identity `identity`'s merges end at (a default one when there is none).
    fn root_review(&self, identity: &str) -> Result<IdentityReview> {
        let reviews = self.identity_reviews()?;
        let key = root(&reviews, identity).to_string();
        Ok(reviews.get(&key).cloned().unwrap_or(IdentityReview {
            identity: key,
            ..Default::default()
        }))
    }

    /// Merges identity `a` into identity `b` (keys as [`crate::officials::identity_key`] gives
    /// them) for the whole case, as `who`'s: listed once, with the pages of both; what was
    /// corrected of `a` and not of `b` moves to `b`. Nothing when they are one already.
    pub fn merge_identities(&self, a: &str, b: &str, who: &str) -> Result<()> {
        let reviews = self.identity_reviews()?;
        let (ra, rb) = (root(&reviews, a).to_string(), root(&reviews, b).to_string());
        if ra == rb {
            return Ok(());
        }
        let get = |k: &str| {
            reviews.get(k).cloned().unwrap_or(IdentityReview {
                identity: k.to_string(),
                ..Default::default()
            })
        };
        let (mut from, mut into) = (get(&ra), get(&rb));
        into.name = into.name.or(from.name.take());
        into.title = into.title.or(from.title.take());
        into.organization = into.organization.or(from.organization.take());
        into.dismissed |= from.dismissed;
        if into.note.is_empty() {
            into.note = std::mem::take(&mut from.note);
        }
        from.same_as = Some(rb);
        let tx = self.conn().unchecked_transaction()?;
        write(&tx, &into, who)?;
        write(&tx, &from, who)?;
        tx.commit()?;
        Ok(())
    }

    /// Takes identity `identity` out of the identity it was merged into (its own corrections were
    /// moved there when merged and stay there).
    pub fn separate_identity(&self, identity: &str, who: &str) -> Result<()> {
        let r: Option<Option<String>> = self
            .conn()
            .query_row(
                "SELECT same_as FROM identity_review WHERE identity = ?1",
                params![identity],
                |r| r.get(0),
            )
            .optional()?;
        if r.flatten().is_some() {
            self.conn().execute(
                "UPDATE identity_review SET same_as = NULL, who = ?2,
                        at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE identity = ?1",
                params![identity, who],
            )?;
        }
        Ok(())
    }

    /// Corrects a person for the whole case (the identity its merges end at), as `who`'s.
    pub fn correct_identity(
        &self,
        identity: &str,
        fields: &CorrectionFields,
        who: &str,
    ) -> Result<()> {
        let mut r = self.root_review(identity)?;
        if let Some(n) = &fields.name {
            r.name = non_empty(n);
        }
        if let Some(t) = &fields.title {
            r.title = non_empty(t);
        }
        if let Some(o) = &fields.organization {
            r.organization = non_empty(o);
        }
        if !fields.note.is_empty() {
            r.note = fields.note.clone();
        }
        write(self.conn(), &r, who)
    }

    /// Dismisses a person for the whole case (or takes the dismissal back), as `who`'s.
    pub fn dismiss_identity(&self, identity: &str, dismissed: bool, who: &str) -> Result<()> {
        let mut r = self.root_review(identity)?;
        r.dismissed = dismissed;
        write(self.conn(), &r, who)
    }

    /// Lays the identity reviews over `p` as corrections of each production's person findings.
    pub(crate) fn expand_identity_reviews(&self, p: &mut Project) -> Result<()> {
        let reviews = self.identity_reviews()?;
        if reviews.is_empty() {
            return Ok(());
        }
        let mut stmt = self.conn().prepare(
            "SELECT pr.sha256, pe.id, pe.identity
               FROM people pe JOIN productions pr ON pr.id = pe.production",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        for row in rows {
            let (sha, id, identity) = row?;
            let Some(r) = reviews.get(root(&reviews, &identity)) else {
                continue;
            };
            if !r.dismissed && r.title.is_none() && r.organization.is_none() {
                continue;
            }
            let c = p
                .corrections
                .entry(crate::project::review_key(&sha, &id))
                .or_default();
            c.dismissed |= r.dismissed;
            if r.title.is_some() {
                c.title.clone_from(&r.title);
            }
            if r.organization.is_some() {
                c.organization.clone_from(&r.organization);
            }
            if c.note.is_empty() {
                c.note.clone_from(&r.note);
            }
        }
        Ok(())
    }
}
