//! What a page says that bears on permits: identifiers written in any format (matched in a
//! compact form that ignores spaces, hyphens, dashes and line breaks), goods model codes,
//! quantities, dates, names (folded text), signs that a number was redacted, and words that
//! show a permit is being discussed.

use std::sync::LazyLock;

use regex::Regex;

use super::registry::fold;
use crate::dates::{Ymd, find_dates};
use crate::geometry::Rect;
use crate::pdf::PageModel;

/// The value of a number written in English or French words (`seven`, `sept`, `twenty-one`,
/// `dix-sept`, `quatre-vingt-dix-neuf`, `a dozen`, `deux cents`): the whole text must be the
/// number.
pub fn number_word(text: &str) -> Option<u32> {
    let folded = fold(text);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    match read_number(&words) {
        Some((n, used)) if used == words.len() => Some(n),
        _ => None,
    }
}

/// The number written in words at the start of `words` (folded: lowercase, accents folded,
/// hyphens read as spaces), with how many words it takes. English and French, 0 to 999 999:
/// `twenty one`, `a hundred and five`, `two dozen`, `dix sept`, `soixante et onze`,
/// `quatre vingt dix neuf`, `deux cents`, `une douzaine`, `deux mille`.
pub fn read_number(words: &[&str]) -> Option<(u32, usize)> {
    let (n, used) = match words.first() {
        // "mille" alone is a thousand.
        Some(&"mille") => (1, 0),
        _ => below_thousand(words)?,
    };
    let rest = words.get(used..).unwrap_or_default();
    if matches!(rest.first(), Some(&("thousand" | "mille"))) {
        let after = rest.get(1..).unwrap_or_default();
        let (m, k) = below_thousand(after).unwrap_or((0, 0));
        return Some((n * 1000 + m, used + 1 + k));
    }
    Some((n, used))
}

/// A number below a thousand: hundreds, dozens, or a number below a hundred. French "cent" and
/// "douzaine" and English "dozen" stand alone; English "hundred" needs "a", "one"...
fn below_thousand(words: &[&str]) -> Option<(u32, usize)> {
    let word = |i: usize| words.get(i).copied().unwrap_or_default();
    let is_dozen = |w: &str| matches!(w, "dozen" | "dozens" | "douzaine" | "douzaines");
    // The multiplier: "a" and "an" count only before a multiplied word ("a unit" is no count).
    let (mult, used) = match word(0) {
        "a" | "an" if matches!(word(1), "hundred" | "dozen" | "thousand") => (1, 1),
        "cent" | "dozen" | "douzaine" => (1, 0),
        _ => below_hundred(words)?,
    };
    if mult > 0 && is_dozen(word(used)) {
        return Some((mult * 12, used + 1));
    }
    if (1..10).contains(&mult) && matches!(word(used), "hundred" | "cent" | "cents") {
        let used = used + 1;
        let rest = words.get(used..).unwrap_or_default();
        // "a hundred and five": "and" only when a number follows it.
        let and = usize::from(rest.first() == Some(&"and"));
        return Some(match rest.get(and..).and_then(below_hundred) {
            Some((n, k)) => (mult * 100 + n, used + and + k),
            None => (mult * 100, used),
        });
    }
    (used > 0).then_some((mult, used))
}

/// A number below a hundred in English or French words.
fn below_hundred(words: &[&str]) -> Option<(u32, usize)> {
    let word = |i: usize| words.get(i).copied().unwrap_or_default();
    let w = word(0);
    if let Some(t) = en_tens(w) {
        // "twenty one" (the folded "twenty-one").
        return Some(match en_unit(word(1)).filter(|u| (1..10).contains(u)) {
            Some(u) => (t + u, 2),
            None => (t, 1),
        });
    }
    // "quatre vingt(s)" is eighty, "quatre vingt un" eighty-one, "quatre vingt dix neuf" 99.
    if w == "quatre" && matches!(word(1), "vingt" | "vingts") {
        let rest = words.get(2..).unwrap_or_default();
        return Some(match fr_below_twenty(rest) {
            Some((n, k)) if n > 0 => (80 + n, 2 + k),
            _ => (80, 2),
        });
    }
    if let Some(t) = fr_tens(w) {
        let rest = words.get(1..).unwrap_or_default();
        let next = fr_below_twenty(rest);
        let found = match next {
            // "vingt et un", "soixante et onze".
            _ if word(1) == "et" => match fr_below_twenty(words.get(2..).unwrap_or_default()) {
                Some((n, k)) if n == 1 || (t == 60 && n == 11) => Some((t + n, 2 + k)),
                _ => None,
            },
            // "soixante dix sept": sixty takes ten to nineteen after it.
            Some((n, k)) if t == 60 && n >= 10 => Some((t + n, 1 + k)),
            Some((n, k)) if (2..10).contains(&n) => Some((t + n, 1 + k)),
            _ => None,
        };
        return Some(found.unwrap_or((t, 1)));
    }
    fr_below_twenty(words).or_else(|| en_unit(w).map(|n| (n, 1)))
}

/// An English word for 0 to 19.
fn en_unit(w: &str) -> Option<u32> {
    const EN: [&str; 20] = [
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
    ];
    EN.iter()
        .position(|x| *x == w)
        .and_then(|n| u32::try_from(n).ok())
}

/// A French number from 0 to 19 (`un`, `une`, `deux`... `seize`, `dix sept`, `dix huit`,
/// `dix neuf`), with how many words it takes.
fn fr_below_twenty(words: &[&str]) -> Option<(u32, usize)> {
    const FR: [&str; 17] = [
        "zero", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
        "onze", "douze", "treize", "quatorze", "quinze", "seize",
    ];
    let w = *words.first()?;
    if w == "dix" {
        return Some(match words.get(1).copied() {
            Some("sept") => (17, 2),
            Some("huit") => (18, 2),
            Some("neuf") => (19, 2),
            _ => (10, 1),
        });
    }
    if w == "une" {
        return Some((1, 1));
    }
    let n = FR.iter().position(|x| *x == w)?;
    Some((u32::try_from(n).ok()?, 1))
}

fn en_tens(w: &str) -> Option<u32> {
    Some(match w {
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    })
}

fn fr_tens(w: &str) -> Option<u32> {
    Some(match w {
        "vingt" => 20,
        "trente" => 30,
        "quarante" => 40,
        "cinquante" => 50,
        "soixante" => 60,
        // Belgian and Swiss French.
        "septante" => 70,
        "huitante" | "octante" => 80,
        "nonante" => 90,
        _ => return None,
    })
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

static CODE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:s|ss|art|al|para)?\.?\s?\d{1,2}(?:\.\d)?\(\d{1,2}\)(?:\s?\(?[a-z]\)|\(\d\))*",
    )
    .ok()
});

/// The text with its exemption codes blanked out (`s.21(1)(a)`, `19(1)`, `al. 21(1)a)`).
fn without_codes(text: &str) -> std::borrow::Cow<'_, str> {
    match CODE.as_ref() {
        Some(re) => re.replace_all(text, " "),
        None => std::borrow::Cow::Borrowed(text),
    }
}

/// Quantities of goods in a page: a number (digits or word) followed, within four words, by a
/// counting word for goods (`assets/vocab/goods_units.json`) or a model code; or after
/// "quantity"/"qty".
pub fn quantities(folded: &str, models: &[(String, String)]) -> Vec<u32> {
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let model_words: Vec<String> = models
        .iter()
        .flat_map(|(_, w)| fold(w).split(' ').map(str::to_string).collect::<Vec<_>>())
        .collect();
    // A number at the start of `ws`, in digits or in words ("twenty one", "dix sept"), with the
    // number of words it takes.
    let number_at = |ws: &[&str]| -> Option<(u32, usize)> {
        let w = ws.first()?;
        if w.chars().all(|c| c.is_ascii_digit()) {
            return if w.len() <= 4 {
                w.parse().ok().map(|n| (n, 1))
            } else {
                None
            };
        }
        read_number(ws)
    };
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(w) = words.get(i) {
        let rest = words.get(i + 1..).unwrap_or_default();
        if matches!(*w, "quantity" | "qty" | "quantite") {
            if let Some((n, _)) = number_at(rest) {
                out.push(n);
            }
            i += 1;
            continue;
        }
        // The number of a model code ("HS-200") counts nothing.
        if model_words.iter().any(|m| m == w) {
            i += 1;
            continue;
        }
        let Some((n, used)) = number_at(words.get(i..).unwrap_or_default()) else {
            i += 1;
            continue;
        };
        // "per cent", "pour cent" is a rate, not a hundred.
        let rate = i > 0 && matches!(words.get(i - 1), Some(&("per" | "pour")));
        if n != 0 && !rate {
            for next in words.iter().skip(i + used).take(4) {
                if crate::vocab::is_goods_unit(next) || model_words.iter().any(|m| m == next) {
                    out.push(n);
                    break;
                }
            }
        }
        // The words of a number are read once: "twenty one" is not also "one".
        i += used.max(1);
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
        // Exemption codes ("s.21(1)(a)", "19(1)") hold numbers that count nothing.
        let quantities = quantities(&format!(" {} ", fold(&without_codes(&text))), &models);
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
    use crate::pdf::synthetic::page_from_lines;

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
    fn codes_count_nothing() {
        let text = "s.15(1) sensors; 19(1) units; al. 21(1)a) systèmes; seven HS-200 systems";
        let f = format!(" {} ", fold(&without_codes(text)));
        assert_eq!(quantities(&f, &model_codes(text)), vec![7]);
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
    fn number_words_english() {
        let n = number_word;
        assert_eq!(n("seven"), Some(7));
        assert_eq!(n("Twenty-one"), Some(21));
        assert_eq!(n("twenty one"), Some(21));
        assert_eq!(n("ninety-nine"), Some(99));
        assert_eq!(n("thirty"), Some(30));
        assert_eq!(n("a dozen"), Some(12));
        assert_eq!(n("dozen"), Some(12));
        assert_eq!(n("two dozen"), Some(24));
        assert_eq!(n("a hundred and five"), Some(105));
        assert_eq!(n("one hundred twenty-one"), Some(121));
        assert_eq!(n("nine hundred ninety-nine"), Some(999));
        assert_eq!(n("two thousand five hundred"), Some(2500));
        assert_eq!(n("a"), None);
        assert_eq!(n("hundred"), None);
        assert_eq!(n("twenty two three"), None);
        assert_eq!(n("lots"), None);
    }

    #[test]
    fn number_words_french() {
        let n = number_word;
        assert_eq!(n("sept"), Some(7));
        assert_eq!(n("dix"), Some(10));
        assert_eq!(n("dix-sept"), Some(17));
        assert_eq!(n("dix sept"), Some(17));
        assert_eq!(n("dix-neuf"), Some(19));
        assert_eq!(n("vingt et un"), Some(21));
        assert_eq!(n("vingt-et-une"), Some(21));
        assert_eq!(n("trente-deux"), Some(32));
        assert_eq!(n("soixante-dix"), Some(70));
        assert_eq!(n("soixante et onze"), Some(71));
        assert_eq!(n("soixante-dix-sept"), Some(77));
        assert_eq!(n("quatre-vingts"), Some(80));
        assert_eq!(n("quatre-vingt-un"), Some(81));
        assert_eq!(n("quatre-vingt-dix-neuf"), Some(99));
        assert_eq!(n("cent"), Some(100));
        assert_eq!(n("cent un"), Some(101));
        assert_eq!(n("deux cents"), Some(200));
        assert_eq!(n("deux cent cinq"), Some(205));
        assert_eq!(n("neuf cent quatre-vingt-dix-neuf"), Some(999));
        assert_eq!(n("une douzaine"), Some(12));
        assert_eq!(n("deux douzaines"), Some(24));
        assert_eq!(n("mille"), Some(1000));
        assert_eq!(n("zéro"), Some(0));
    }

    #[test]
    fn quantities_written_in_words() {
        let q = |text: &str| quantities(&format!(" {} ", fold(text)), &model_codes(text));
        // The words of one number are one quantity: no stray "one" or "sept".
        assert_eq!(q("twenty-one MX-15D systems"), vec![21]);
        assert_eq!(q("dix-sept systèmes livrés"), vec![17]);
        assert_eq!(q("quatre-vingt-dix-neuf capteurs"), vec![99]);
        assert_eq!(q("a dozen turrets and two dozen cameras"), vec![12, 24]);
        assert_eq!(q("a hundred and five units"), vec![105]);
        assert_eq!(q("Quantity: vingt et un"), vec![21]);
        // A rate is not a count; "a" alone is not one.
        assert!(q("fifty per cent of the systems").is_empty());
        assert!(!q("cinquante pour cent des systèmes").contains(&100));
        assert_eq!(q("cent systèmes"), vec![100]);
        assert!(q("a unit was shipped").is_empty());
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
