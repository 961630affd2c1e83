//! Release stamps: the label an ATIP office prints on every page (`A-2020-00417 - 000123`).
//!
//! A stamp is a request number (`A-YYYY-NNNNN`, also `A-2020-00417` with other prefixes such as
//! `AI-`, `DND-`) followed by a page number, usually in a header or footer band. Reads
//! [`PageModel`]s only.

use std::sync::LazyLock;

use regex::Regex;

use crate::pdf::PageModel;

static STAMP: LazyLock<Option<Regex>> = LazyLock::new(|| {
    // `A:2020-00417` and `A-2020—00417`: a hyphen as OCR of a scanned stamp may read it.
    Regex::new(
        r"\b([A-Z]{1,4}[-:.]?\d{4}[-–—]\d{3,6})\b\s*[-–—/|:]?\s*(?:(?i:p(?:age|g\.?|\.)?)\s*)?(\d{1,7})\b",
    )
    .ok()
});

/// The text is a release stamp and nothing more (`A-2020-00417 - 000123`).
pub fn looks_like_stamp(text: &str) -> bool {
    STAMP
        .as_ref()
        .and_then(|re| re.find(text.trim()))
        .is_some_and(|m| m.start() == 0 && m.end() == text.trim().len())
}

/// The release stamp printed on the page, normalised as `REQUEST - NNNNNN` (page number as printed).
pub fn detect(page: &PageModel) -> Option<String> {
    let re = STAMP.as_ref()?;
    let h = page.height();
    let band = (h * 0.15).max(36.0);
    // Prefer lines in the header or footer band; take the bottom-most footer first.
    let mut candidates: Vec<(f64, String)> = Vec::new();
    for line in &page.lines {
        let top = page.crop_box.y1 - line.bbox.y1;
        let bottom = line.bbox.y0 - page.crop_box.y0;
        // A stamp set up or down a side margin (a line read along a quarter turn).
        let upright = line.bbox.height() > line.bbox.width();
        let side = (line.bbox.x0 - page.crop_box.x0).min(page.crop_box.x1 - line.bbox.x1);
        let side_band = (page.width() * 0.12).max(36.0);
        if top > band && bottom > band && !(upright && side <= side_band) {
            continue;
        }
        let (top, bottom) = if upright && side <= side_band {
            (side, side)
        } else {
            (top, bottom)
        };
        // OCR of a bilingual page reads the stamp's `A` as `À` now and then.
        // Folding keeps the dashes the stamp pattern reads.
        let text = crate::textfold::fold_accents(&line.text);
        for cap in re.captures_iter(&text) {
            let (Some(req), Some(num)) = (cap.get(1), cap.get(2)) else {
                continue;
            };
            let req: String = req
                .as_str()
                .chars()
                .map(|c| if ":.–—".contains(c) { '-' } else { c })
                .collect();
            candidates.push((bottom.min(top), format!("{req} - {}", num.as_str())));
        }
    }
    candidates.sort_by(|a, b| a.0.total_cmp(&b.0));
    candidates.into_iter().next().map(|(_, s)| s)
}

#[cfg(test)]
mod tests {
    use super::looks_like_stamp;

    #[test]
    fn stamps_in_the_forms_offices_print() {
        for s in [
            "A-2020-00417 - 000123",
            "A-2020-00417-000123",
            "A-2020-00417 / 12",
            "A-2020-00417 page 12",
            "A-2020-00417 Page 12",
            "AI-2019-00031 PAGE 7",
            "A-2020-00417 pg. 12",
            "DND-2021-00088 | 000007",
            "A:2020-00417 - 000013",
        ] {
            assert!(looks_like_stamp(s), "{s}");
        }
    }

    #[test]
    fn accented_and_dashed_stamp_read_by_ocr() {
        // A first line sits in the header band of the synthetic page.
        let page = crate::pdf::synthetic::page_from_lines(1, &["À-2020—00417 – 000123"]);
        assert_eq!(
            super::detect(&page).as_deref(),
            Some("A-2020-00417 - 000123")
        );
    }

    #[test]
    fn a_permit_number_is_not_a_stamp() {
        // The request number's digits are never split to make a page number.
        for s in [
            "EXP-2020-0517",
            "EXP-2020-0517 for Baykar",
            "A-2020-00417",
            "The permit EXP-2020-0517 was",
        ] {
            assert!(!looks_like_stamp(s), "{s}");
        }
    }
}
