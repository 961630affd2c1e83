//! Redaction statistics for a production and for each document in it: counts by code (with what
//! each code protects and whether it is mandatory, discretionary or an exclusion), by kind, leaks,
//! the redacted share of the text area, and the pages withheld whole.

use std::collections::BTreeMap;

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
    stats_in(&Sorted::of(pages, redactions), first, last)
}

/// Pages and redactions, with whether each is in page order (checked once per production).
struct Sorted<'a> {
    pages: &'a [PageModel],
    pages_sorted: bool,
    redactions: &'a [Redaction],
    redactions_sorted: bool,
}

impl<'a> Sorted<'a> {
    fn of(pages: &'a [PageModel], redactions: &'a [Redaction]) -> Sorted<'a> {
        Sorted {
            pages,
            pages_sorted: pages.is_sorted_by_key(|p| p.number),
            redactions,
            redactions_sorted: redactions.is_sorted_by_key(|r| r.page),
        }
    }
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
        s.redactions += 1;
        *s.by_kind.entry(r.kind.as_str().to_string()).or_default() += 1;
        for c in &r.codes {
            *by_code.entry(c.clone()).or_default() += 1;
        }
        if r.leaked_text.is_some() {
            s.leaks += 1;
        }
        if r.kind == RedactionKind::WithheldPages {
            s.pages_withheld += r.withheld_pages.len();
        } else if r.kind != RedactionKind::Marker
            && let Some(b) = r.bbox
        {
            red_area += b.area();
        }
    }
    let text_area: f64 = in_pages(data.pages, data.pages_sorted, |p| p.number, first, last)
        .flat_map(|p| p.lines.iter())
        .map(|l| l.bbox.area())
        .sum();
    let total = text_area + red_area;
    s.redacted_share = if total > 0.0 {
        ((red_area / total) * 1000.0).round() / 1000.0
    } else {
        0.0
    };
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
    // Each document's share is found by binary search over the pages and the redactions, both in
    // page order: no scan of the whole production per document.
    let data = Sorted::of(pages, redactions);
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
