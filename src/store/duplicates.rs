//! Pages released more than once: the same e-mail in two tranches, a memo attached twice. A page's
//! fingerprint is the SHA-256 of its words (accents folded, case and punctuation dropped, its
//! release stamp left out, since each release stamps it anew); pages with the same fingerprint are
//! the same page. Pages of fewer than [`MIN_WORDS`] words (blank, "Page withheld") are never
//! fingerprinted. Text only: a page that is a picture without OCR text has no fingerprint.

use std::collections::BTreeMap;

use rusqlite::params;
use serde::Serialize;

use super::search::DOCUMENT_OF_PAGE;
use super::{Case, Result};

/// Pages with fewer words are not compared (cover sheets, "withheld" notices, blank pages).
pub const MIN_WORDS: usize = 12;

/// The fingerprint of a page's text with its stamp left out; `None` for a page of few words.
pub fn fingerprint(text: &str, stamp: Option<&str>) -> Option<String> {
    let text = match stamp {
        Some(s) if !s.is_empty() => text.replace(s, " "),
        _ => text.to_string(),
    };
    let words = crate::textfold::fold_words(&text);
    if words.split(' ').count() < MIN_WORDS {
        return None;
    }
    Some(crate::analysis::sha256_hex(words.as_bytes()))
}

/// One page as released.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Copy {
    /// The production's path.
    pub path: String,
    /// Its SHA-256.
    pub sha256: String,
    /// 1-based page.
    pub page: u32,
    /// The page's release stamp.
    pub stamp: Option<String>,
    /// The e-mail or memo the page is in, in this production.
    pub document: Option<String>,
}

/// Pages with the same words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Duplicate {
    /// The words' fingerprint.
    pub fingerprint: String,
    /// The page's first line (not its stamp), to recognise it when it is in no document.
    pub first_line: String,
    /// Every copy, in the order the productions were added.
    pub copies: Vec<Copy>,
}

impl Case {
    /// Fingerprints pages written before the case had fingerprints (schema 1); nothing when
    /// every page has been looked at.
    pub(crate) fn fill_fingerprints(&self) -> Result<()> {
        let todo: Vec<(i64, String, Option<String>)> = self
            .conn()
            .prepare("SELECT id, text, stamp FROM pages WHERE fingerprint IS NULL")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        if todo.is_empty() {
            return Ok(());
        }
        let tx = self.conn().unchecked_transaction()?;
        {
            let mut set = tx.prepare("UPDATE pages SET fingerprint = ?2 WHERE id = ?1")?;
            for (id, text, stamp) in &todo {
                // Few words: '' marks the page as looked at.
                let f = fingerprint(text, stamp.as_deref()).unwrap_or_default();
                set.execute(params![id, f])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Pages whose words appear on more than one page of the case (across productions or
    /// within one), most copies first.
    pub fn duplicates(&self) -> Result<Vec<Duplicate>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT pg.fingerprint, pg.text, pr.path, pr.sha256, pg.number, pg.stamp,
                    {DOCUMENT_OF_PAGE}
               FROM pages pg JOIN productions pr ON pr.id = pg.production
              WHERE pg.fingerprint IN (
                    SELECT fingerprint FROM pages WHERE fingerprint <> ''
                     GROUP BY fingerprint HAVING count(*) > 1)
              ORDER BY pr.id, pg.number"
        ))?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                Copy {
                    path: r.get(2)?,
                    sha256: r.get(3)?,
                    page: r.get(4)?,
                    stamp: r.get(5)?,
                    document: r.get(6)?,
                },
            ))
        })?;
        let mut by: BTreeMap<String, Duplicate> = BTreeMap::new();
        let mut order: Vec<String> = Vec::new();
        for row in rows {
            let (fp, text, copy) = row?;
            let d = by.entry(fp.clone()).or_insert_with(|| {
                order.push(fp.clone());
                Duplicate {
                    fingerprint: fp,
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
