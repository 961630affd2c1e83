//! An analysis as [`compare`] reads it: each page's visible words with their boxes (the stamp,
//! the exemption labels and any text under a box left out), its redactions, its stamp; the
//! top-level documents with their header fields.

use crate::compare::{self, Comparison, Doc, Gap, Page, Production, Word};
use crate::geometry::Rect;
use crate::pdf::PageModel;
use crate::redactions::{RedactionKind, codes};

use super::FileAnalysis;

/// The comparison's view of `a`.
pub fn production(a: &FileAnalysis) -> Production {
    use rayon::prelude::*;
    let pages: Vec<Page> = a
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, pm)| page(a, i, pm))
        .collect();
    let documents = a
        .documents
        .iter()
        .filter(|d| d.depth == 0 && d.quoted_in.is_none())
        .map(|d| Doc {
            id: d.id.clone(),
            first_page: d.first_page,
            last_page: d.last_page,
            from: d.from.clone(),
            date: d.date.clone(),
            subject: d.subject.clone(),
        })
        .collect();
    Production {
        path: a.path.clone(),
        pages,
        documents,
    }
}

/// Page `pm` (index `i`) of `a` as the comparison reads it.
fn page(a: &FileAnalysis, i: usize, pm: &PageModel) -> Page {
    {
        let stamp = a.page_labels.get(i).cloned().flatten();
        let redactions: Vec<Gap> = a
            .redactions
            .iter()
            .filter(|r| r.page == pm.number && r.kind != RedactionKind::WithheldPages)
            .filter_map(|r| {
                let boxes = if r.boxes.is_empty() {
                    vec![r.bbox?]
                } else {
                    r.boxes.clone()
                };
                Some(Gap {
                    id: r.id.clone(),
                    boxes,
                    codes: r.codes.clone(),
                })
            })
            .collect();
        let hidden: Vec<Rect> = redactions
            .iter()
            .flat_map(|g| g.boxes.iter().copied())
            .collect();
        Page {
            number: pm.number,
            words: words(pm, stamp.as_deref(), &hidden),
            stamp,
            redactions,
        }
    }
}

/// The stamp's characters on a line: `(start, end)` char indices, when the line holds it.
fn stamp_span(text: &str, stamp: &str) -> Option<(usize, usize)> {
    // The stamp as detected is normalised (`REQUEST - NNNNNN`); on the page it may read
    // `REQUEST Page N` or `REQUEST / NNNN`: its request number and the number after it.
    let request = stamp.split(" - ").next()?;
    let at = text.find(request)?;
    let start = text[..at].chars().count();
    let after = &text[at + request.len()..];
    let mut end = start + request.chars().count();
    let mut seen_digit = false;
    for c in after.chars() {
        if c.is_ascii_digit() {
            seen_digit = true;
        } else if seen_digit || !(c.is_whitespace() || "-–—/|:.Pagepg".contains(c)) {
            break;
        }
        end += 1;
    }
    Some((start, end))
}

/// The visible words of a page in reading order.
fn words(pm: &PageModel, stamp: Option<&str>, hidden: &[Rect]) -> Vec<Word> {
    let ocr_page = pm.ocr.is_some();
    let mut out = Vec::new();
    for (li, line) in pm.lines.iter().enumerate() {
        let chars: Vec<char> = line.text.chars().collect();
        let mut keep = vec![true; chars.len()];
        // Exemption labels (read as OCR reads them, too).
        let repaired = if ocr_page {
            codes::repair_ocr(&line.text)
        } else {
            line.text.clone()
        };
        let findings = if repaired.chars().any(|c| c.is_ascii_digit()) {
            codes::find_codes(&repaired)
        } else {
            Vec::new()
        };
        for f in findings {
            let s = repaired.get(..f.start).map_or(0, |t| t.chars().count());
            let e = repaired.get(..f.end).map_or(0, |t| t.chars().count());
            keep.iter_mut().take(e).skip(s).for_each(|k| *k = false);
        }
        if let Some((s, e)) = stamp.and_then(|st| stamp_span(&line.text, st)) {
            keep.iter_mut().take(e).skip(s).for_each(|k| *k = false);
        }
        let mut word = String::new();
        let mut bbox: Option<Rect> = None;
        let flush = |word: &mut String, bbox: &mut Option<Rect>, out: &mut Vec<Word>| {
            if let Some(b) = bbox.take()
                && !word.is_empty()
            {
                out.push(Word {
                    text: std::mem::take(word),
                    line: u32::try_from(li).unwrap_or(u32::MAX),
                    bbox: b,
                    ocr: ocr_conf(pm, &line.runs, &b),
                });
            }
            word.clear();
        };
        for (k, c) in chars.iter().enumerate() {
            let Some(cb) = line.chars.get(k) else { break };
            let r = cb.rect();
            let under = hidden.iter().any(|h| h.contains(r.center()));
            if c.is_whitespace() || !keep[k] || under {
                flush(&mut word, &mut bbox, &mut out);
                continue;
            }
            word.push(*c);
            bbox = Some(bbox.map_or(r, |b| b.union(&r)));
        }
        flush(&mut word, &mut bbox, &mut out);
    }
    out
}

/// The OCR confidence of the run a word is in (`None` for the file's own text).
fn ocr_conf(pm: &PageModel, runs: &[u32], b: &Rect) -> Option<f32> {
    let c = b.center();
    runs.iter()
        .filter_map(|i| pm.runs.get(*i as usize))
        .find(|r| r.bbox.inflate(0.5).contains(c))
        .and_then(|r| r.ocr_conf)
}

/// Two analysed productions compared (see [`compare::compare`]).
pub fn compare(a: &FileAnalysis, b: &FileAnalysis) -> Comparison {
    compare::compare(&production(a), &production(b))
}

/// The passages repeated inside one analysed production read against each other (see
/// [`compare::repeated`]).
pub fn repeated(a: &FileAnalysis) -> Comparison {
    compare::repeated(&production(a))
}
