//! Token streams: a production's words and redactions in reading order, folded so that two
//! releases of one record read alike whatever their fonts, line breaks and page sizes.

use std::collections::HashMap;

use super::{OCR_CONFIDENT, Production, Word};
use crate::geometry::Rect;
use crate::textfold;

/// One token of a production's stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tok {
    /// The folded word's hash; 0 for a gap.
    pub key: u64,
    /// Index into `Production::pages`.
    pub page: u32,
    /// Index into the page's words (or redactions, for a gap).
    pub item: u32,
    /// A redaction.
    pub gap: bool,
}

/// A production's tokens, all pages in order, and where each page starts.
#[derive(Debug, Clone, Default)]
pub(crate) struct Stream {
    pub toks: Vec<Tok>,
    /// `page_start[i]` is the first token of page index `i`; one more entry at the end.
    pub page_start: Vec<usize>,
}

/// A word folded for comparison: accents and case folded, letters and digits only.
pub(crate) fn fold(word: &str) -> String {
    textfold::fold_accents(word)
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// FNV-1a, 64 bits, never 0 (0 marks gaps).
pub(crate) fn hash(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h.max(1)
}

/// The lines of each page that repeat over many pages at the top or bottom: running headers and
/// footers (digits aside, so page numbers do not tell them apart). `(page index, line)` pairs.
fn running_lines(p: &Production) -> std::collections::HashSet<(usize, u32)> {
    let mut out = std::collections::HashSet::new();
    if p.pages.len() < 3 {
        return out;
    }
    let line_key = |words: &[&Word]| -> String {
        words
            .iter()
            .map(|w| fold(&w.text))
            .map(|s| {
                s.chars()
                    .filter(|c| !c.is_ascii_digit())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    // Each page's first two and last two lines, by key.
    let mut seen: HashMap<String, Vec<(usize, u32)>> = HashMap::new();
    for (pi, page) in p.pages.iter().enumerate() {
        let mut lines: Vec<u32> = page.words.iter().map(|w| w.line).collect();
        lines.dedup();
        let n = lines.len();
        let edge: Vec<u32> = lines
            .iter()
            .enumerate()
            .filter(|(i, _)| *i < 2 || *i + 2 >= n)
            .map(|(_, l)| *l)
            .collect();
        for l in edge {
            let words: Vec<&Word> = page.words.iter().filter(|w| w.line == l).collect();
            let key = line_key(&words);
            if key.trim().is_empty() {
                continue;
            }
            seen.entry(key).or_default().push((pi, l));
        }
    }
    let floor = (p.pages.len() / 4).max(3);
    for places in seen.into_values() {
        let mut pages: Vec<usize> = places.iter().map(|x| x.0).collect();
        pages.dedup();
        if pages.len() >= floor {
            out.extend(places);
        }
    }
    out
}

/// The box and a line of words share most of their height.
fn on_line(line: &Rect, b: &Rect) -> bool {
    let lo = line.y0.max(b.y0);
    let hi = line.y1.min(b.y1);
    let h = line.height().min(b.height()).max(0.1);
    hi - lo >= 0.5 * h
}

/// The production's stream: per page, its words (running headers and footers left out) and its
/// redactions, each placed where it is read (on the line it sits on, or between lines).
pub(crate) fn stream(p: &Production) -> Stream {
    use rayon::prelude::*;
    let running = running_lines(p);
    let per_page: Vec<Vec<Tok>> = p
        .pages
        .par_iter()
        .enumerate()
        .map(|(pi, page)| page_tokens(pi, page, &running))
        .collect();
    let mut out = Stream::default();
    for toks in per_page {
        out.page_start.push(out.toks.len());
        out.toks.extend(toks);
    }
    out.page_start.push(out.toks.len());
    out
}

/// One page's tokens in reading order.
fn page_tokens(
    pi: usize,
    page: &super::Page,
    running: &std::collections::HashSet<(usize, u32)>,
) -> Vec<Tok> {
    {
        let pi32 = u32::try_from(pi).unwrap_or(u32::MAX);
        // Each line's box, in reading order.
        let mut lines: Vec<(u32, Rect)> = Vec::new();
        for w in &page.words {
            match lines.last_mut() {
                Some((l, r)) if *l == w.line => *r = r.union(&w.bbox),
                _ => lines.push((w.line, w.bbox)),
            }
        }
        // (order, x, token)
        let mut items: Vec<(f64, f64, Tok)> = Vec::new();
        for (wi, w) in page.words.iter().enumerate() {
            if running.contains(&(pi, w.line)) {
                continue;
            }
            let f = fold(&w.text);
            if f.is_empty() {
                continue;
            }
            let order = lines.iter().position(|(l, _)| *l == w.line).unwrap_or(0) as f64;
            items.push((
                order,
                w.bbox.x0,
                Tok {
                    key: hash(&f),
                    page: pi32,
                    item: u32::try_from(wi).unwrap_or(u32::MAX),
                    gap: false,
                },
            ));
        }
        for (gi, g) in page.redactions.iter().enumerate() {
            let Some(first) = g.boxes.first() else {
                continue;
            };
            let order = match lines.iter().position(|(_, r)| on_line(r, first)) {
                Some(i) => i as f64,
                None => {
                    let above = lines
                        .iter()
                        .filter(|(_, r)| r.center().y > first.center().y)
                        .count();
                    above as f64 - 0.5
                }
            };
            items.push((
                order,
                first.x0,
                Tok {
                    key: 0,
                    page: pi32,
                    item: u32::try_from(gi).unwrap_or(u32::MAX),
                    gap: true,
                },
            ));
        }
        items.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        items.into_iter().map(|x| x.2).collect()
    }
}

/// A word read well enough to count as released text: the file's own text, or OCR read with
/// confidence and shaped like a word (letters in one case pattern, or digits).
pub(crate) fn confident(w: &Word) -> bool {
    let Some(conf) = w.ocr else { return true };
    if conf < OCR_CONFIDENT {
        return false;
    }
    let core = w
        .text
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string();
    if core.is_empty() {
        return false;
    }
    let letters = core.chars().all(char::is_alphabetic);
    let digits = core
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '/'));
    if digits {
        return true;
    }
    if core
        .chars()
        .any(|c| !c.is_alphanumeric() && !"-'\u{2019}./,&@".contains(c))
    {
        return false;
    }
    if !letters {
        // Letters and digits mixed: a permit number or a serial, but not a word with one letter
        // read as a digit (`adv1ce`, `rep0rt`) or a number with a letter read for a digit.
        let cs: Vec<char> = core.chars().collect();
        let confused = cs.windows(3).any(|w| {
            (w[0].is_alphabetic() && w[2].is_alphabetic() && "01568".contains(w[1]))
                || (w[0].is_ascii_digit() && w[2].is_ascii_digit() && "lIOoSB".contains(w[1]))
        });
        let ends = cs.len() > 2
            && cs[..cs.len() - 1].iter().all(|c| c.is_alphabetic())
            && "01".contains(cs[cs.len() - 1]);
        return !confused && !ends;
    }
    // Lower case, Capitalised or UPPER CASE; not mIxEd.
    let mut chars = core.chars();
    let rest: Vec<char> = chars.by_ref().skip(1).collect();
    rest.iter().all(|c| c.is_lowercase()) || core.chars().all(char::is_uppercase)
}

/// The units of a production: its documents, and each page outside any document on its own, as
/// token ranges, with (document id, first page).
pub(crate) struct Unit {
    pub start: usize,
    pub end: usize,
    pub document: Option<String>,
    /// Index of the document in `Production::documents`.
    pub doc: Option<usize>,
    pub first_page: u32,
}

pub(crate) fn units(p: &Production, s: &Stream) -> Vec<Unit> {
    let n = p.pages.len();
    let mut covered = vec![false; n];
    let mut out = Vec::new();
    let numbers: HashMap<u32, usize> = p
        .pages
        .iter()
        .enumerate()
        .map(|(i, pg)| (pg.number, i))
        .collect();
    let index = |number: u32| -> Option<usize> { numbers.get(&number).copied() };
    for (di, d) in p.documents.iter().enumerate() {
        let (Some(f), Some(l)) = (index(d.first_page), index(d.last_page)) else {
            continue;
        };
        if l < f || covered[f..=l].iter().any(|c| *c) {
            continue;
        }
        covered[f..=l].iter_mut().for_each(|c| *c = true);
        out.push(Unit {
            start: s.page_start[f],
            end: s.page_start[l + 1],
            document: Some(d.id.clone()),
            doc: Some(di),
            first_page: d.first_page,
        });
    }
    for (i, c) in covered.iter().enumerate() {
        if !c {
            out.push(Unit {
                start: s.page_start[i],
                end: s.page_start[i + 1],
                document: None,
                doc: None,
                first_page: p.pages[i].number,
            });
        }
    }
    out.sort_by_key(|u| u.start);
    out
}
