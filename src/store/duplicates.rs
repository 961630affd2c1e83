//! Pages released more than once: the same e-mail in two tranches, a memo attached twice, the same
//! scan stamped anew. Two pages are the same page when
//!
//! - their **words** are the same: a page's words fingerprint is the first 8 bytes of the SHA-256
//!   of its words (accents folded, case and punctuation dropped, its release stamp left out, since
//!   each release stamps it anew); pages of fewer than [`MIN_WORDS`] words (blank, "Page
//!   withheld") are never fingerprinted; or
//! - their **pictures** are nearly the same: scanned pages carry a difference hash of their
//!   picture ([`crate::raster::difference_hash`], 256 bits), and two within
//!   [`MAX_PICTURE_DISTANCE`] bits are one scan (shifted, speckled, stamped anew). Near hashes are
//!   found by bands (locality-sensitive hashing: [`BANDS`] bands of 16 bits, pages that agree on
//!   one band are compared), not by comparing every pair. Two forms of one layout have near
//!   pictures too: when both pages have at least [`MIN_WORDS`] words (OCR or text layer), their
//!   words must also overlap (Jaccard at least [`MIN_WORDS_OVERLAP`]).
//!
//! Pages linked either way are grouped (union-find): each group is one [`Duplicate`].

use std::collections::{BTreeSet, HashMap, HashSet};

use rusqlite::params;
use serde::Serialize;

use super::search::DOCUMENT_OF_PAGE;
use super::{Case, Result, blob};

/// Pages with fewer words are not compared by words (cover sheets, "withheld" notices, blank
/// pages), nor checked for their words' overlap when their pictures are near.
pub const MIN_WORDS: usize = 12;
/// Most bits (of 256) in which the pictures of one page scanned twice differ.
pub const MAX_PICTURE_DISTANCE: u32 = 28;
/// Least overlap (Jaccard, distinct words) of two pages with near pictures and words of their own:
/// one scan read twice gives nearly the same words, whereas pages printed from one template (two
/// "pages withheld" notices, two forms) look alike but say different things.
pub const MIN_WORDS_OVERLAP: f64 = 0.8;
/// Pages with near pictures are compared by their words when both have at least this many.
pub const MIN_WORDS_COMPARED: usize = 3;
/// Bands of the picture hash (16 bits each) by which near pictures are found.
pub const BANDS: usize = 16;
/// In a band value shared by more pages than this (blank margins), each page is compared with at
/// most this many of the others (those that matched none before it), not with all.
const MAX_BUCKET_PAIRS: usize = 64;

/// The fingerprint of a page's text with its stamp left out (the first 8 bytes of the SHA-256 of
/// its folded words, as a big-endian integer); `None` for a page of few words.
pub fn fingerprint(text: &str, stamp: Option<&str>) -> Option<i64> {
    let text = match stamp {
        Some(s) if !s.is_empty() => text.replace(s, " "),
        _ => text.to_string(),
    };
    let words = crate::textfold::fold_words(&text);
    if words.split(' ').count() < MIN_WORDS {
        return None;
    }
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(words.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(digest.get(..8)?);
    Some(i64::from_be_bytes(first))
}

/// How the copies of a page were found to be one page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum By {
    /// The same words (whatever the stamps).
    Words,
    /// Nearly the same picture: the same scan (at least one copy is linked by its picture).
    Picture,
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

/// One page released more than once.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Duplicate {
    /// The words' fingerprint (16 hex digits), or for pages found by their picture the first
    /// copy's picture hash (64 hex digits).
    pub fingerprint: String,
    /// How the copies were found.
    pub by: By,
    /// The page's first line (not its stamp), to recognise it when it is in no document.
    pub first_line: String,
    /// Every copy, in the order the productions were added.
    pub copies: Vec<Copy>,
}

/// Union-find over page indexes.
struct Groups {
    parent: Vec<usize>,
}

impl Groups {
    fn new(n: usize) -> Groups {
        Groups {
            parent: (0..n).collect(),
        }
    }

    fn root(&mut self, mut i: usize) -> usize {
        while let Some(&p) = self.parent.get(i) {
            if p == i {
                break;
            }
            // Path halving.
            let gp = self.parent.get(p).copied().unwrap_or(p);
            if let Some(slot) = self.parent.get_mut(i) {
                *slot = gp;
            }
            i = gp;
        }
        i
    }

    fn join(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.root(a), self.root(b));
        if ra != rb
            && let Some(slot) = self.parent.get_mut(ra.max(rb))
        {
            *slot = ra.min(rb);
        }
    }
}

/// A page taking part in the comparison.
struct Candidate {
    id: i64,
    words_fp: Option<i64>,
    picture: Option<[u8; 32]>,
}

/// Distinct folded words of a page, for the overlap check of near pictures.
fn word_set(text: &str, stamp: Option<&str>) -> HashSet<String> {
    let text = match stamp {
        Some(s) if !s.is_empty() => text.replace(s, " "),
        _ => text.to_string(),
    };
    crate::textfold::fold_words(&text)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn jaccard(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    let inter = a.intersection(b).count();
    let union = a.len() + b.len() - inter;
    if union == 0 {
        1.0
    } else {
        inter as f64 / union as f64
    }
}

/// The 16-bit value of band `band` of a picture hash.
fn band_value(h: &[u8; 32], band: usize) -> u16 {
    let at = |i: usize| h.get(i).copied().unwrap_or(0);
    u16::from_be_bytes([at(band * 2), at(band * 2 + 1)])
}

impl Case {
    /// Pages found more than once in the case (across productions or within one), by their words
    /// or their pictures (see the module docs); most copies first.
    pub fn duplicates(&self) -> Result<Vec<Duplicate>> {
        let mut pages: Vec<Candidate> = Vec::new();
        {
            let mut stmt = self.conn().prepare(
                "SELECT id, fingerprint, picture FROM pages
                  WHERE picture IS NOT NULL
                     OR fingerprint IN (SELECT fingerprint FROM pages WHERE fingerprint IS NOT NULL
                                         GROUP BY fingerprint HAVING count(*) > 1)
                  ORDER BY id",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let picture: Option<Vec<u8>> = r.get(2)?;
                pages.push(Candidate {
                    id: r.get(0)?,
                    words_fp: r.get(1)?,
                    picture: picture.and_then(|p| <[u8; 32]>::try_from(p).ok()),
                });
            }
        }
        let mut groups = Groups::new(pages.len());
        // Words: the same fingerprint.
        let mut by_words: HashMap<i64, usize> = HashMap::new();
        for (i, p) in pages.iter().enumerate() {
            if let Some(fp) = p.words_fp {
                match by_words.get(&fp) {
                    Some(&first) => groups.join(first, i),
                    None => {
                        by_words.insert(fp, i);
                    }
                }
            }
        }
        // Pictures: pages that agree on a band are compared.
        let pictured: Vec<usize> = (0..pages.len())
            .filter(|&i| pages.get(i).is_some_and(|p| p.picture.is_some()))
            .collect();
        if pictured.len() > 1 {
            let words = self.picture_page_words(&pages, &pictured)?;
            let near = |a: usize, b: usize| -> bool {
                let (Some(pa), Some(pb)) = (
                    pages.get(a).and_then(|p| p.picture.as_ref()),
                    pages.get(b).and_then(|p| p.picture.as_ref()),
                ) else {
                    return false;
                };
                if crate::raster::hash_distance(pa, pb) > MAX_PICTURE_DISTANCE {
                    return false;
                }
                match (words.get(&a), words.get(&b)) {
                    (Some(wa), Some(wb))
                        if wa.len() >= MIN_WORDS_COMPARED && wb.len() >= MIN_WORDS_COMPARED =>
                    {
                        jaccard(wa, wb) >= MIN_WORDS_OVERLAP
                    }
                    _ => true,
                }
            };
            for band in 0..BANDS {
                let mut buckets: HashMap<u16, Vec<usize>> = HashMap::new();
                for &i in &pictured {
                    if let Some(h) = pages.get(i).and_then(|p| p.picture.as_ref()) {
                        buckets.entry(band_value(h, band)).or_default().push(i);
                    }
                }
                for bucket in buckets.values().filter(|b| b.len() > 1) {
                    if bucket.len() <= MAX_BUCKET_PAIRS {
                        for (k, &a) in bucket.iter().enumerate() {
                            for &b in bucket.iter().skip(k + 1) {
                                if groups.root(a) != groups.root(b) && near(a, b) {
                                    groups.join(a, b);
                                }
                            }
                        }
                    } else {
                        // Each page against the pages that matched none before it.
                        let mut firsts: Vec<usize> = Vec::new();
                        for &a in bucket {
                            let mut matched = false;
                            for &b in &firsts {
                                if groups.root(a) == groups.root(b) || near(a, b) {
                                    groups.join(a, b);
                                    matched = true;
                                }
                            }
                            if !matched && firsts.len() < MAX_BUCKET_PAIRS {
                                firsts.push(a);
                            }
                        }
                    }
                }
            }
        }
        // The groups of more than one page, as page ids.
        let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
        for i in 0..pages.len() {
            let r = groups.root(i);
            members.entry(r).or_default().push(i);
        }
        let mut found: Vec<Vec<usize>> = members.into_values().filter(|m| m.len() > 1).collect();
        found.sort_unstable();
        let mut out = Vec::new();
        for group in found {
            let fps: BTreeSet<Option<i64>> = group
                .iter()
                .filter_map(|&i| pages.get(i))
                .map(|p| p.words_fp)
                .collect();
            let ids: Vec<i64> = group
                .iter()
                .filter_map(|&i| pages.get(i))
                .map(|p| p.id)
                .collect();
            let (by, fingerprint) = match fps.iter().next() {
                Some(Some(fp)) if fps.len() == 1 => (By::Words, format!("{fp:016x}")),
                _ => (
                    By::Picture,
                    group
                        .iter()
                        .filter_map(|&i| pages.get(i)?.picture)
                        .next()
                        .map(hex::encode)
                        .unwrap_or_default(),
                ),
            };
            let (first_line, copies) = self.copies(&ids)?;
            out.push(Duplicate {
                fingerprint,
                by,
                first_line,
                copies,
            });
        }
        // Most copies first; then in the order of the first copy.
        out.sort_by_key(|d| std::cmp::Reverse(d.copies.len()));
        Ok(out)
    }

    /// The words of the pages with pictures (indexes into `pages`), by index.
    fn picture_page_words(
        &self,
        pages: &[Candidate],
        pictured: &[usize],
    ) -> Result<HashMap<usize, HashSet<String>>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT body, stamp FROM pages WHERE id = ?1")?;
        let mut out = HashMap::new();
        for &i in pictured {
            let Some(p) = pages.get(i) else { continue };
            let (body, stamp): (Vec<u8>, Option<String>) =
                stmt.query_row(params![p.id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            out.insert(i, word_set(&blob::inflate(&body)?, stamp.as_deref()));
        }
        Ok(out)
    }

    /// The copies of pages `ids` in the order of the productions and pages, with the first copy's
    /// first line (not its stamp).
    fn copies(&self, ids: &[i64]) -> Result<(String, Vec<Copy>)> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT pr.path, pr.sha256, pg.number, pg.stamp, {DOCUMENT_OF_PAGE}, pg.body
               FROM pages pg JOIN productions pr ON pr.id = pg.production
              WHERE pg.id IN (SELECT value FROM json_each(?1))
              ORDER BY pr.id, pg.number"
        ))?;
        let list = serde_json::to_string(ids)?;
        let mut rows = stmt.query(params![list])?;
        let mut copies = Vec::new();
        let mut first_line: Option<String> = None;
        while let Some(r) = rows.next()? {
            let copy = Copy {
                path: r.get(0)?,
                sha256: r.get(1)?,
                page: r.get(2)?,
                stamp: r.get(3)?,
                document: r.get(4)?,
            };
            if first_line.is_none() {
                let body: Vec<u8> = r.get(5)?;
                let text = blob::inflate(&body)?;
                first_line = Some(
                    text.lines()
                        .map(str::trim)
                        .find(|l| !l.is_empty() && copy.stamp.as_deref() != Some(*l))
                        .unwrap_or("")
                        .to_string(),
                );
            }
            copies.push(copy);
        }
        Ok((first_line.unwrap_or_default(), copies))
    }
}
