//! People and permits case-wide: one identity across productions (the key the officials
//! detector merges names by, [`crate::officials::identity_key`]), one permit across productions;
//! the case's review laid over them (a dismissed person or link is left out, a title or
//! organisation corrected is the one shown, a confirmed candidate is a link), and the identities
//! reviewed case-wide (see [`super::identities`]: merged identities listed once).

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::params;
use serde::Serialize;

use super::{Case, Result};
use crate::project::review::Correction;

/// Where one person or permit is cited in one production.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cited {
    /// The production's path.
    pub path: String,
    /// Its SHA-256.
    pub sha256: String,
    /// Pages, sorted.
    pub pages: Vec<u32>,
}

/// One person across the case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CasePerson {
    /// The name as most productions write it (accents kept).
    pub name: String,
    /// The identity key that merged the productions' people (for identities merged by the
    /// review, the one they were merged into).
    pub identity: String,
    /// Every form of the name written in the productions.
    pub names: Vec<String>,
    /// Every title given, as stated or corrected.
    pub titles: Vec<String>,
    /// Every organisation given.
    pub organizations: Vec<String>,
    /// A government official in at least one production.
    pub is_official: bool,
    /// Pages with a mention, over every production.
    pub pages: usize,
    /// The productions that name the person.
    pub productions: Vec<Cited>,
    /// Dismissed case-wide (listed by [`Case::people_with_dismissed`] only).
    pub dismissed: bool,
}

/// One permit across the case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CasePermit {
    /// Permit number.
    pub permit: String,
    /// Pages that cite it surely (links), per production.
    pub links: Vec<Cited>,
    /// Pages that fit it without being sure (candidates), per production.
    pub candidates: Vec<Cited>,
}

/// The case's corrections by `(file key, finding id)`, the identities reviewed case-wide
/// expanded into them.
fn corrections(case: &Case) -> Result<BTreeMap<(String, String), Correction>> {
    let project = case.review_project()?;
    Ok(project
        .corrections
        .into_iter()
        .map(|(key, c)| match key.split_once(':') {
            Some((file, finding)) => ((file.to_string(), finding.to_string()), c),
            None => ((String::new(), key), c),
        })
        .collect())
}

/// The key a project file gives a file: the first 16 hex digits of its hash.
pub(crate) fn file_key(sha256: &str) -> String {
    sha256.get(..16).unwrap_or(sha256).to_string()
}

/// Adds `pages` of one production to a list of citations (one entry a production, pages sorted).
pub(crate) fn add_pages(list: &mut Vec<Cited>, path: &str, sha256: &str, pages: &[u32]) {
    match list.iter_mut().find(|c| c.sha256 == sha256) {
        Some(c) => c.pages.extend_from_slice(pages),
        None => list.push(Cited {
            path: path.to_string(),
            sha256: sha256.to_string(),
            pages: pages.to_vec(),
        }),
    }
    for c in list.iter_mut() {
        c.pages.sort_unstable();
        c.pages.dedup();
    }
}

/// Adds `s` to `list` unless blank or already there.
pub(crate) fn push_new(list: &mut Vec<String>, s: Option<String>) {
    if let Some(s) = s.filter(|s| !s.trim().is_empty())
        && !list.contains(&s)
    {
        list.push(s);
    }
}

impl Case {
    /// Every person, one identity across productions (identities merged by the review listed
    /// once, dismissed ones left out); most productions, then most pages, first.
    pub fn people(&self) -> Result<Vec<CasePerson>> {
        self.people_listing(false)
    }

    /// [`Case::people`] with the people dismissed case-wide too (marked `dismissed`).
    pub fn people_with_dismissed(&self) -> Result<Vec<CasePerson>> {
        self.people_listing(true)
    }

    fn people_listing(&self, with_dismissed: bool) -> Result<Vec<CasePerson>> {
        let fixes = corrections(self)?;
        let reviews = self.identity_reviews()?;
        let mut stmt = self.conn().prepare(
            "SELECT pe.identity, pe.name, pe.title, pe.organization, pe.is_official, pe.pages,
                    pe.id, pr.path, pr.sha256
               FROM people pe JOIN productions pr ON pr.id = pe.production
              ORDER BY pr.id, pe.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, bool>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, String>(8)?,
            ))
        })?;
        let mut by_identity: BTreeMap<String, (CasePerson, BTreeMap<String, usize>)> =
            BTreeMap::new();
        for row in rows {
            let (identity, name, mut title, mut org, official, pages, id, path, sha) = row?;
            let key = super::identities::root(&reviews, &identity).to_string();
            let case_wide = reviews.get(&key);
            let dismissed_here = case_wide.is_some_and(|r| r.dismissed);
            if let Some(c) = fixes.get(&(file_key(&sha), id)) {
                if c.dismissed && !(with_dismissed && dismissed_here) {
                    continue;
                }
                if let Some(t) = &c.title {
                    title = Some(t.clone());
                }
                if let Some(o) = &c.organization {
                    org = Some(o.clone());
                }
            }
            let pages: Vec<u32> = serde_json::from_str(&pages)?;
            let (p, names) = by_identity.entry(key.clone()).or_insert_with(|| {
                (
                    CasePerson {
                        name: name.clone(),
                        identity: key,
                        names: Vec::new(),
                        titles: Vec::new(),
                        organizations: Vec::new(),
                        is_official: false,
                        pages: 0,
                        productions: Vec::new(),
                        dismissed: dismissed_here,
                    },
                    BTreeMap::new(),
                )
            });
            *names.entry(name).or_default() += 1;
            push_new(&mut p.titles, title);
            push_new(&mut p.organizations, org);
            p.is_official |= official;
            add_pages(&mut p.productions, &path, &sha, &pages);
        }
        let mut out: Vec<CasePerson> = by_identity
            .into_values()
            .map(|(mut p, names)| {
                p.names = names.keys().cloned().collect();
                // The name corrected; else the most written form; between equals, the one with
                // accents (more letters).
                let corrected = reviews.get(&p.identity).and_then(|r| r.name.clone());
                if let Some(n) = corrected.or_else(|| {
                    names
                        .into_iter()
                        .max_by_key(|(n, count)| (*count, n.len() - n.chars().count(), n.clone()))
                        .map(|(n, _)| n)
                }) {
                    p.name = n;
                }
                p.pages = p.productions.iter().map(|c| c.pages.len()).sum();
                p
            })
            .collect();
        out.sort_by(|a, b| {
            b.productions
                .len()
                .cmp(&a.productions.len())
                .then(b.pages.cmp(&a.pages))
                .then_with(|| a.identity.cmp(&b.identity))
        });
        Ok(out)
    }

    /// Every permit cited, with the productions and pages citing it; links before candidates.
    pub fn permits(&self) -> Result<Vec<CasePermit>> {
        let fixes = corrections(self)?;
        let mut stmt = self.conn().prepare(
            "SELECT r.permit, r.page, r.status, r.id, pr.path, pr.sha256
               FROM permit_refs r JOIN productions pr ON pr.id = r.production
              ORDER BY r.permit, pr.id, r.page",
        )?;
        let rows = stmt.query_map(params![], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, u32>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        let mut by_permit: BTreeMap<String, CasePermit> = BTreeMap::new();
        let mut seen: BTreeSet<(String, String, u32, bool)> = BTreeSet::new();
        for row in rows {
            let (permit, page, status, id, path, sha) = row?;
            let fix = fixes.get(&(file_key(&sha), id));
            if fix.is_some_and(|c| c.dismissed) {
                continue;
            }
            let link = status == "link" || fix.is_some_and(|c| c.confirmed);
            if !seen.insert((permit.clone(), sha.clone(), page, link)) {
                continue;
            }
            let p = by_permit
                .entry(permit.clone())
                .or_insert_with(|| CasePermit {
                    permit,
                    links: Vec::new(),
                    candidates: Vec::new(),
                });
            let list = if link {
                &mut p.links
            } else {
                &mut p.candidates
            };
            add_pages(list, &path, &sha, &[page]);
        }
        Ok(by_permit.into_values().collect())
    }
}
