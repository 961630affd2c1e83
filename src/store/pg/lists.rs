//! People, permits and pages released twice, case-wide, on a PostgreSQL case: the same lists as
//! the SQLite case's ([`crate::store::people`], [`crate::store::duplicates`]), built the same way
//! from the same rows, the current review laid over them.

use std::collections::{BTreeMap, BTreeSet};

use crate::project::review::Correction;
use crate::store::duplicates::{Copy, Duplicate};
use crate::store::people::{CasePermit, CasePerson, add_pages, file_key, push_new};

use super::{PgCase, Result};

fn page(n: i32) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

impl PgCase {
    /// The current corrections by `(file key, finding id)`.
    fn corrections(&mut self) -> Result<BTreeMap<(String, String), Correction>> {
        let mut out = BTreeMap::new();
        for r in self.client().query(
            "SELECT file, finding, correction FROM review WHERE correction IS NOT NULL",
            &[],
        )? {
            let json: String = r.get(2);
            out.insert((r.get(0), r.get(1)), serde_json::from_str(&json)?);
        }
        Ok(out)
    }

    /// Every person, one identity across productions; most productions, then pages, first.
    pub fn people(&mut self) -> Result<Vec<CasePerson>> {
        let fixes = self.corrections()?;
        let rows = self.client().query(
            "SELECT pe.identity, pe.name, pe.title, pe.organization, pe.is_official, pe.pages,
                    pe.id, pr.path, pr.sha256
               FROM people pe JOIN productions pr ON pr.id = pe.production
              ORDER BY pr.id, pe.id",
            &[],
        )?;
        let mut by_identity: BTreeMap<String, (CasePerson, BTreeMap<String, usize>)> =
            BTreeMap::new();
        for r in &rows {
            let identity: String = r.get(0);
            let name: String = r.get(1);
            let mut title: Option<String> = r.get(2);
            let mut org: Option<String> = r.get(3);
            let official: bool = r.get(4);
            let pages: String = r.get(5);
            let id: String = r.get(6);
            let path: String = r.get(7);
            let sha: String = r.get(8);
            if let Some(c) = fixes.get(&(file_key(&sha), id)) {
                if c.dismissed {
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
            let (p, names) = by_identity.entry(identity.clone()).or_insert_with(|| {
                (
                    CasePerson {
                        name: name.clone(),
                        identity,
                        titles: Vec::new(),
                        organizations: Vec::new(),
                        is_official: false,
                        pages: 0,
                        productions: Vec::new(),
                        names: Vec::new(),
                        dismissed: false,
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
                if let Some((n, _)) = names
                    .into_iter()
                    .max_by_key(|(n, count)| (*count, n.len() - n.chars().count(), n.clone()))
                {
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
    pub fn permits(&mut self) -> Result<Vec<CasePermit>> {
        let fixes = self.corrections()?;
        let rows = self.client().query(
            "SELECT r.permit, r.page, r.status, r.id, pr.path, pr.sha256
               FROM permit_refs r JOIN productions pr ON pr.id = r.production
              ORDER BY r.permit, pr.id, r.page",
            &[],
        )?;
        let mut by_permit: BTreeMap<String, CasePermit> = BTreeMap::new();
        let mut seen: BTreeSet<(String, String, u32, bool)> = BTreeSet::new();
        for r in &rows {
            let permit: String = r.get(0);
            let pg = page(r.get(1));
            let status: String = r.get(2);
            let id: String = r.get(3);
            let path: String = r.get(4);
            let sha: String = r.get(5);
            let fix = fixes.get(&(file_key(&sha), id));
            if fix.is_some_and(|c| c.dismissed) {
                continue;
            }
            let link = status == "link" || fix.is_some_and(|c| c.confirmed);
            if !seen.insert((permit.clone(), sha.clone(), pg, link)) {
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
            add_pages(list, &path, &sha, &[pg]);
        }
        Ok(by_permit.into_values().collect())
    }

    /// Pages whose words appear on more than one page of the case, most copies first.
    pub fn duplicates(&mut self) -> Result<Vec<Duplicate>> {
        let rows = self.client().query(
            &format!(
                "SELECT pg.fingerprint, pg.text, pr.path, pr.sha256, pg.number, pg.stamp,
                        {}
                   FROM pages pg JOIN productions pr ON pr.id = pg.production
                  WHERE pg.fingerprint IN (
                        SELECT fingerprint FROM pages WHERE fingerprint <> ''
                         GROUP BY fingerprint HAVING count(*) > 1)
                  ORDER BY pr.id, pg.number",
                crate::store::search::DOCUMENT_OF_PAGE
            ),
            &[],
        )?;
        let mut by: BTreeMap<String, Duplicate> = BTreeMap::new();
        let mut order: Vec<String> = Vec::new();
        for r in &rows {
            let fp: String = r.get(0);
            let text: String = r.get(1);
            let copy = Copy {
                path: r.get(2),
                sha256: r.get(3),
                page: page(r.get(4)),
                stamp: r.get(5),
                document: r.get(6),
            };
            let d = by.entry(fp.clone()).or_insert_with(|| {
                order.push(fp.clone());
                Duplicate {
                    fingerprint: fp,
                    by: crate::store::duplicates::By::Words,
                    first_line: text
                        .lines()
                        .map(str::trim)
                        .find(|l| !l.is_empty() && copy.stamp.as_deref() != Some(*l))
                        .unwrap_or("")
                        .to_string(),
                    copies: Vec::new(),
                }
            });
            d.copies.push(copy);
        }
        let mut out: Vec<Duplicate> = order.into_iter().filter_map(|f| by.remove(&f)).collect();
        out.sort_by_key(|d| std::cmp::Reverse(d.copies.len()));
        Ok(out)
    }
}
