//! What a page says that bears on permits: identifiers written in any format (matched in a
//! compact form that ignores spaces, hyphens, dashes and line breaks), goods model codes,
//! quantities, dates, names (folded text), signs that a number was redacted, and words that
//! show a permit is being discussed.

use std::sync::LazyLock;

use regex::Regex;

use super::dates::{Ymd, find_dates};
use super::registry::fold;
use crate::geometry::Rect;
use crate::pdf::PageModel;

/// The value of an English or French number word (`seven`, `sept`), 0..=30.
pub fn number_word(word: &str) -> Option<u32> {
    const EN: [&str; 21] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    const FR: [&str; 21] = [
        "zero", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
        "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit",
        "dix-neuf", "vingt",
    ];
    let w = word.to_lowercase();
    let found = EN
        .iter()
        .position(|x| *x == w)
        .or_else(|| FR.iter().position(|x| *x == w))
        .or(match w.as_str() {
            "a dozen" | "dozen" => Some(12),
            "thirty" | "trente" => Some(30),
            _ => None,
        })?;
    u32::try_from(found).ok()
}

/// The page's text in a compact form for identifier matching: ASCII letters and digits only,
/// upper-cased; spaces, hyphens, dashes, slashes, dots and line breaks are dropped but remembered
/// as word boundaries; other characters become a `#` barrier.
#[derive(Debug, Default)]
pub struct Compact {
    /// The compact text (ASCII).
    pub text: String,
    /// For each byte of `text`: (line index, char index in the line).
    pub pos: Vec<(usize, usize)>,
    /// For each byte of `text`: a boundary (separator, barrier, line start) precedes it.
    pub boundary: Vec<bool>,
}

fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '\u{2010}'
                | '\u{2011}'
                | '\u{2012}'
                | '\u{2013}'
                | '\u{2014}'
                | '\u{2212}'
                | '/'
                | '.'
                | '_'
                | '\u{ad}'
        )
}

impl Compact {
    /// Builds the compact text of a page.
    pub fn of_page(page: &PageModel) -> Compact {
        let mut c = Compact::default();
        let mut pending = true;
        for (li, line) in page.lines.iter().enumerate() {
            for (ci, ch) in line.text.chars().enumerate() {
                if ch.is_ascii_alphanumeric() {
                    c.text.push(ch.to_ascii_uppercase());
                    c.pos.push((li, ci));
                    c.boundary.push(pending);
                    pending = false;
                } else if is_separator(ch) {
                    pending = true;
                } else {
                    c.text.push('#');
                    c.pos.push((li, ci));
                    c.boundary.push(true);
                    pending = true;
                }
            }
            pending = true;
        }
        c
    }

    /// Whether `[start, end)` is a whole identifier: boundaries on both sides, no barrier inside.
    pub fn is_whole(&self, start: usize, end: usize) -> bool {
        let starts = self.boundary.get(start).copied().unwrap_or(false);
        let ends = end >= self.text.len() || self.boundary.get(end).copied().unwrap_or(true);
        let clean = self.text.get(start..end).is_some_and(|s| !s.contains('#'));
        starts && ends && clean
    }

    /// The text as written on the page for `[start, end)`, lines joined by a newline.
    pub fn written(&self, page: &PageModel, start: usize, end: usize) -> String {
        let (Some(&(l0, c0)), Some(&(l1, c1))) =
            (self.pos.get(start), self.pos.get(end.saturating_sub(1)))
        else {
            return String::new();
        };
        let mut out = String::new();
        for li in l0..=l1 {
            let Some(line) = page.lines.get(li) else {
                break;
            };
            let from = if li == l0 { c0 } else { 0 };
            let to = if li == l1 { c1 + 1 } else { usize::MAX };
            if li != l0 {
                out.push('\n');
            }
            out.extend(line.text.chars().skip(from).take(to.saturating_sub(from)));
        }
        out
    }

    /// The box of `[start, end)` on the page, union over the lines it spans.
    pub fn bbox(&self, page: &PageModel, start: usize, end: usize) -> Option<Rect> {
        let (&(l0, c0), &(l1, c1)) = (self.pos.get(start)?, self.pos.get(end.checked_sub(1)?)?);
        let mut acc: Option<Rect> = None;
        for li in l0..=l1 {
            let line = page.lines.get(li)?;
            let from = if li == l0 { c0 } else { 0 };
            let to = if li == l1 { c1 + 1 } else { line.chars.len() };
            if let Some(r) = line.span_bbox(from, to) {
                acc = Some(acc.map_or(r, |a| a.union(&r)));
            }
        }
        acc
    }
}

/// The compact form of an identifier from the registry (`EXP-2020-0517` -> `EXP20200517`).
pub fn compact_id(id: &str) -> String {
    id.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

static MODEL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"\b([A-Z]{2,5})[ \-\u{2010}\u{2011}\u{2013}]?(\d{1,4}[A-Z]{0,3})\b").ok()
});

/// Goods model codes in a text (`MX-15D`, `CMX 15D`, `MX10`), as (compact form, as written).
pub fn model_codes(text: &str) -> Vec<(String, String)> {
    let Some(re) = MODEL.as_ref() else {
        return Vec::new();
    };
    re.captures_iter(text)
        .filter_map(|c| {
            let whole = c.get(0)?.as_str();
            let letters = c.get(1)?.as_str();
            // Stamps and years ("A-2020", "CA-2020") are not models.
            let digits = c.get(2)?.as_str();
            if digits.len() == 4 && digits.chars().all(|d| d.is_ascii_digit()) {
                return None;
            }
            Some((format!("{letters}{digits}"), whole.to_string()))
        })
        .collect()
}

const UNIT_WORDS: &[&str] = &[
    "system", "systems", "unit", "units", "sensor", "sensors", "camera", "cameras", "turret",
    "turrets", "gimbal", "gimbals", "item", "items", "piece", "pieces", "device", "devices",
    "systemes", "unites", "capteurs",
];

/// Quantities of goods in a page: a number (digits or word) followed, within three words, by a
/// unit word or a model code; or after "quantity"/"qty".
pub fn quantities(folded: &str, models: &[(String, String)]) -> Vec<u32> {
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let model_words: Vec<String> = models
        .iter()
        .flat_map(|(_, w)| fold(w).split(' ').map(str::to_string).collect::<Vec<_>>())
        .collect();
    let value = |w: &str| -> Option<u32> {
        if w.chars().all(|c| c.is_ascii_digit()) && w.len() <= 4 {
            w.parse().ok()
        } else {
            number_word(w)
        }
    };
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if matches!(*w, "quantity" | "qty" | "quantite") {
            if let Some(n) = words.get(i + 1).and_then(|w| value(w)) {
                out.push(n);
            }
            continue;
        }
        let Some(n) = value(w) else { continue };
        if n == 0 {
            continue;
        }
        for next in words.iter().skip(i + 1).take(4) {
            if UNIT_WORDS.contains(next) || model_words.iter().any(|m| m == next) {
                out.push(n);
                break;
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

static REDACTED: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\[\s*(?:redacted|caviard[ée]|removed|withheld|\.\.\.|…)\s*\]|\bredacted\b|X{4,}|█|\bs\.\s?(?:13|14|15|16|18|19|20|21|23|24|68|69)\(\d\)",
    )
    .ok()
});

/// The page shows a redaction: a marker in the text, an exemption code, or a dark filled box.
pub fn has_redaction(page: &PageModel, text: &str) -> bool {
    if REDACTED.as_ref().is_some_and(|r| r.is_match(text)) {
        return true;
    }
    let boxes = page.paths.iter().any(|p| {
        p.fill.is_some_and(|c| c.luminance() < 0.25)
            && p.visible
                .is_some_and(|v| v.width() > 12.0 && v.height() > 5.0 && v.height() < 80.0)
    });
    let annots = page
        .annotations
        .iter()
        .any(|a| a.subtype == "Redact" || a.overlay_text.is_some());
    boxes || annots
}

/// Words that show a permit is discussed.
pub fn permit_talk(folded: &str) -> bool {
    folded.split(' ').any(|w| {
        matches!(
            w,
            "permit"
                | "permits"
                | "licence"
                | "licences"
                | "license"
                | "licenses"
                | "export"
                | "exports"
                | "exported"
                | "exporting"
                | "exporter"
                | "application"
                | "applications"
                | "permis"
                | "exportation"
                | "licensing"
        )
    })
}

/// Everything the permit matcher reads from one page.
#[derive(Debug, Default)]
pub struct PageFacts {
    /// The page number.
    pub page: u32,
    /// Identifier matching text.
    pub compact: Compact,
    /// Folded text with a leading and trailing space (`" turkish naval forces "`).
    pub folded: String,
    /// Model codes: compact form and as written.
    pub models: Vec<(String, String)>,
    /// Quantities of goods.
    pub quantities: Vec<u32>,
    /// Dates written on the page.
    pub dates: Vec<Ymd>,
    /// A redaction is on the page.
    pub redacted: bool,
    /// The page talks about permits, licences, exports or applications.
    pub permit_talk: bool,
}

impl PageFacts {
    /// Reads a page.
    pub fn of_page(page: &PageModel) -> PageFacts {
        let text = page.text();
        let folded = format!(" {} ", fold(&text));
        let models = model_codes(&text);
        let quantities = quantities(&folded, &models);
        PageFacts {
            page: page.number,
            compact: Compact::of_page(page),
            dates: find_dates(&text),
            redacted: has_redaction(page, &text),
            permit_talk: permit_talk(&folded),
            quantities,
            models,
            folded,
        }
    }

    /// The folded phrase occurs as whole words.
    pub fn says(&self, folded_phrase: &str) -> bool {
        !folded_phrase.is_empty() && self.folded.contains(&format!(" {folded_phrase} "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::permits::synthetic::page_from_lines;

    #[test]
    fn compact_tolerates_breaks() {
        let page = page_from_lines(
            1,
            &["Permit EXP-2020-", "0517 was issued; see EXP–2020–0518x."],
        );
        let c = Compact::of_page(&page);
        let at = c.text.find("EXP20200517").unwrap();
        assert!(c.is_whole(at, at + 11));
        assert_eq!(c.written(&page, at, at + 11), "EXP-2020-\n0517");
        assert!(c.bbox(&page, at, at + 11).is_some());
        let at2 = c.text.find("EXP20200518").unwrap();
        assert!(!c.is_whole(at2, at2 + 11));
    }

    #[test]
    fn models_and_quantities() {
        let text = "seven (7) MX-15D systems and 2 CMX 15D; stamp A-2020-00417";
        let m = model_codes(text);
        let codes: Vec<&str> = m.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(codes, vec!["MX15D", "CMX15D"]);
        let f = format!(" {} ", fold(text));
        assert_eq!(quantities(&f, &m), vec![2, 7]);
    }

    #[test]
    fn talk_and_redaction() {
        let page = page_from_lines(1, &["Permit number [redacted] s.15(1)"]);
        let f = PageFacts::of_page(&page);
        assert!(f.redacted && f.permit_talk);
        let page = page_from_lines(1, &["Lunch at noon."]);
        let f = PageFacts::of_page(&page);
        assert!(!f.redacted && !f.permit_talk);
    }
}
