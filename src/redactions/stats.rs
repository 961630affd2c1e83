//! Redaction statistics for a production and for each document in it: counts by code (with what
//! each code protects and whether it is mandatory, discretionary or an exclusion), by kind, leaks,
//! the redacted share of the text area, and the pages withheld whole.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::{Redaction, RedactionKind, codes};
use crate::documents::Document;
use crate::pdf::PageModel;

/// How often one code is used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CodeCount {
    /// The code (`21(1)(a)`).
    pub code: String,
    /// Redactions citing it.
    pub count: usize,
    /// Short title from the code table, when known.
    pub title: Option<String>,
    /// `mandatory`, `discretionary`, `exclusion`, or `None` when unknown.
    pub kind: Option<String>,
}

/// Statistics over a set of pages.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Stats {
    /// Redactions in all.
    pub redactions: usize,
    /// By kind (`box`, `marker`...).
    pub by_kind: BTreeMap<String, usize>,
    /// By code, most used first.
    pub by_code: Vec<CodeCount>,
    /// Redactions whose hidden text is still in the file.
    pub leaks: usize,
    /// Area of boxes, annotations and image blocks over the text area (text lines + those
    /// areas), 0..=1, on the pages covered.
    pub redacted_share: f64,
    /// Pages withheld whole according to the notices (as numbered in the notices).
    pub pages_withheld: usize,
}

/// The items of `items` on pages `first..=last`, in order: a binary search when `items` are
/// `sorted` by page (as an analysis gives them), a scan otherwise.
fn in_pages<T>(
    items: &[T],
    sorted: bool,
    page: impl Fn(&T) -> u32 + Copy,
    first: u32,
    last: u32,
) -> impl Iterator<Item = &T> {
    let slice = if sorted {
        let from = items.partition_point(|x| page(x) < first);
        let to = items.partition_point(|x| page(x) <= last).max(from);
        items.get(from..to).unwrap_or_default()
    } else {
        items
    };
    slice
        .iter()
        .filter(move |x| (first..=last).contains(&page(x)))
}

/// Statistics of `redactions` on pages `first..=last`.
pub fn stats(pages: &[PageModel], redactions: &[Redaction], first: u32, last: u32) -> Stats {
    stats_in(
        &Sorted::of(pages, redactions, &Reading::default()),
        first,
        last,
    )
}

/// The user's reading laid over the redactions found, as plain data (by redaction id): those
/// dismissed as wrong are left out, corrected codes replace the codes found.
#[derive(Debug, Clone, Default)]
pub struct Reading<'a> {
    /// Ids of redactions dismissed.
    pub dismissed: HashSet<&'a str>,
    /// Codes as corrected, by redaction id.
    pub codes: HashMap<&'a str, &'a [String]>,
}

impl Reading<'_> {
    /// The redaction's codes as read (corrected, else as found); `None` when it is dismissed.
    pub fn codes_of<'r>(&'r self, r: &'r Redaction) -> Option<&'r [String]> {
        if self.dismissed.contains(r.id.as_str()) {
            return None;
        }
        Some(self.codes.get(r.id.as_str()).copied().unwrap_or(&r.codes))
    }
}

/// Pages and redactions, with whether each is in page order (checked once per production), and
/// the user's reading of them.
struct Sorted<'a> {
    pages: &'a [PageModel],
    pages_sorted: bool,
    redactions: &'a [Redaction],
    redactions_sorted: bool,
    reading: &'a Reading<'a>,
}

impl<'a> Sorted<'a> {
    fn of(
        pages: &'a [PageModel],
        redactions: &'a [Redaction],
        reading: &'a Reading<'a>,
    ) -> Sorted<'a> {
        Sorted {
            pages,
            pages_sorted: pages.is_sorted_by_key(|p| p.number),
            redactions,
            redactions_sorted: redactions.is_sorted_by_key(|r| r.page),
            reading,
        }
    }
}

/// The area a redaction hides on its page, PDF points²: boxes, annotations and image blocks
/// (markers and withheld-page notices have none).
fn hidden_area(r: &Redaction) -> f64 {
    match (r.kind, r.bbox) {
        (RedactionKind::WithheldPages | RedactionKind::Marker, _) | (_, None) => 0.0,
        (_, Some(b)) => b.area(),
    }
}

/// `hidden` over the text area (`text` + `hidden`), 0..=1, to three decimals.
fn share(hidden: f64, text: f64) -> f64 {
    let total = text + hidden;
    if total > 0.0 {
        ((hidden / total) * 1000.0).round() / 1000.0
    } else {
        0.0
    }
}

/// The share of each page's text area withheld (as [`Stats::redacted_share`] for one page), in
/// the order of `pages`; a page carrying a withheld-page notice counts as withheld whole (it
/// stands for pages not released). Redactions the `reading` dismisses count for nothing.
pub fn page_shares(
    pages: &[PageModel],
    redactions: &[Redaction],
    reading: &Reading<'_>,
) -> Vec<f64> {
    let data = Sorted::of(pages, redactions, reading);
    pages
        .iter()
        .map(|p| {
            let mut hidden = 0.0;
            for r in in_pages(
                data.redactions,
                data.redactions_sorted,
                |r| r.page,
                p.number,
                p.number,
            ) {
                if reading.codes_of(r).is_none() {
                    continue;
                }
                if r.kind == RedactionKind::WithheldPages {
                    return 1.0;
                }
                hidden += hidden_area(r);
            }
            share(hidden, p.lines.iter().map(|l| l.bbox.area()).sum())
        })
        .collect()
}

fn stats_in(data: &Sorted<'_>, first: u32, last: u32) -> Stats {
    let mut s = Stats::default();
    let mut by_code: BTreeMap<String, usize> = BTreeMap::new();
    let mut red_area = 0.0;
    for r in in_pages(
        data.redactions,
        data.redactions_sorted,
        |r| r.page,
        first,
        last,
    ) {
        let Some(codes) = data.reading.codes_of(r) else {
            continue;
        };
        s.redactions += 1;
        *s.by_kind.entry(r.kind.as_str().to_string()).or_default() += 1;
        for c in codes {
            *by_code.entry(c.clone()).or_default() += 1;
        }
        if r.leaked_text.is_some() {
            s.leaks += 1;
        }
        if r.kind == RedactionKind::WithheldPages {
            s.pages_withheld += r.withheld_pages.len();
        }
        red_area += hidden_area(r);
    }
    let text_area: f64 = in_pages(data.pages, data.pages_sorted, |p| p.number, first, last)
        .flat_map(|p| p.lines.iter())
        .map(|l| l.bbox.area())
        .sum();
    s.redacted_share = share(red_area, text_area);
    let mut counts: Vec<CodeCount> = by_code
        .into_iter()
        .map(|(code, count)| {
            let info = codes::explain(&code);
            CodeCount {
                title: info.map(|i| i.title.clone()),
                kind: info.map(|i| i.kind.clone()),
                code,
                count,
            }
        })
        .collect();
    counts.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(&b.code)));
    s.by_code = counts;
    s
}

/// Statistics of one document (quoted messages count within the message quoting them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentStats {
    /// The document's id.
    pub document: String,
    /// Its statistics.
    pub stats: Stats,
}

/// Statistics for the whole production and for each top-level document.
pub fn production_stats(
    pages: &[PageModel],
    redactions: &[Redaction],
    documents: &[Document],
) -> (Stats, Vec<DocumentStats>) {
    read_production_stats(pages, redactions, documents, &Reading::default())
}

/// [`production_stats`] with the user's reading laid over the redactions (dismissed ones left
/// out, corrected codes counted).
pub fn read_production_stats(
    pages: &[PageModel],
    redactions: &[Redaction],
    documents: &[Document],
    reading: &Reading<'_>,
) -> (Stats, Vec<DocumentStats>) {
    // Each document's share is found by binary search over the pages and the redactions, both in
    // page order: no scan of the whole production per document.
    let data = Sorted::of(pages, redactions, reading);
    let last = pages.last().map_or(0, |p| p.number);
    let all = stats_in(&data, 1, last);
    let per_doc = documents
        .iter()
        .filter(|d| d.quoted_in.is_none())
        .map(|d| DocumentStats {
            document: d.id.clone(),
            stats: stats_in(&data, d.first_page, d.last_page),
        })
        .collect();
    (all, per_doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_on_pages_by_binary_search_or_scan() {
        let pages = [1u32, 2, 2, 3, 5, 8];
        let got = |items: &[u32], sorted: bool, a: u32, b: u32| {
            in_pages(items, sorted, |x| *x, a, b)
                .copied()
                .collect::<Vec<_>>()
        };
        assert_eq!(got(&pages, true, 2, 5), vec![2, 2, 3, 5]);
        assert_eq!(got(&pages, true, 4, 4), Vec::<u32>::new());
        assert_eq!(got(&pages, true, 6, 2), Vec::<u32>::new());
        assert_eq!(got(&pages, true, 0, 100), pages.to_vec());
        let unsorted = [5u32, 1, 3, 2];
        assert_eq!(got(&unsorted, false, 2, 3), vec![3, 2]);
    }
}
