//! Exemption codes: finding them in text (`s.15(1)`, `s. 19(1)`, `21(1)a)`, `15(1) - IA`,
//! `69(1)(g) re (a)`, `al. 21(1)a)`, `21(1)(a)(b)`, `art. 19(1)`), normalising them (`21(1)(a)`), and explaining them from the
//! table shipped in `assets/exemptions.json` (Access to Information Act and Privacy Act).

use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

/// One row of the code table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeInfo {
    /// The code as normalised (`21(1)(a)`; Privacy Act codes start with `PA `).
    pub code: String,
    /// The Act.
    pub act: String,
    /// Short title.
    pub title: String,
    /// What it protects.
    pub protects: String,
    /// `mandatory`, `discretionary` or `exclusion`.
    pub kind: String,
}

#[derive(Deserialize)]
struct Table {
    codes: Vec<CodeInfo>,
}

/// The whole table, in the order of the Act.
pub fn table() -> &'static [CodeInfo] {
    static TABLE: OnceLock<Vec<CodeInfo>> = OnceLock::new();
    TABLE.get_or_init(|| {
        serde_json::from_str::<Table>(include_str!("../../assets/exemptions.json"))
            .map(|t| t.codes)
            .unwrap_or_default()
    })
}

/// What a normalised code means: the exact row, else its parent section (`15(1)(b)` → `15(1)`).
pub fn explain(code: &str) -> Option<&'static CodeInfo> {
    let t = table();
    if let Some(row) = t.iter().find(|r| r.code == code) {
        return Some(row);
    }
    // `15(1)(j)` is not a paragraph of its own in the table: explain it by `15(1)`.
    let parent = code.rfind('(').map(|i| &code[..i])?;
    if parent.contains('(') {
        return t.iter().find(|r| r.code == parent);
    }
    None
}

/// Codes as printed for people: `s.13(1)(a), s.15(1)` (empty when there are none).
pub fn cite(codes: &[String]) -> String {
    codes
        .iter()
        .map(|c| format!("s.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The code is in the table exactly (a known section or paragraph).
pub fn is_known(code: &str) -> bool {
    table().iter().any(|r| r.code == code)
}

/// A code found in text: its normalised form and its byte span in the text.
///
/// A compound label (`21(1)(a)(b)`) gives one `Found` per code it names, all with the label's
/// span and stamped text.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Normalised (`21(1)(a)`).
    pub code: String,
    /// Byte range in the searched text (prefix and qualifier included).
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// The label exactly as printed (`s.69(1)(g) re (a)`, `al. 21(1)a)`, `15(1) - Int'l`).
    pub stamped: String,
    /// What the label adds to the code: `re (a)`, `Int'l`, `DEF`, `AIPRP`.
    pub qualifier: Option<String>,
}

fn code_regex() -> &'static Regex {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?x)
            (?P<prefix>\b(?i:ss?|art|arts|al|para|paras|par|sec|secs)\.\s*
              |\b(?i:sections?|articles?|alin[ée]as?|subsections?|paragraphs?|paragraphes?)\s+)?
            \b(?P<sec>\d{1,2}(?:\.\d)?)
            \s?\(\s?(?P<sub>\d{1,2})\s?\)
            (?P<paras>(?:\s?\((?:i{1,3}|iv|vi{0,3}|ix|x)\)|\s?\(?[a-z](?:\.\d)?\))*)
            (?P<qual>
              \s{1,2}re\s?\(\s?[a-z](?:\.\d)?\s?\)
              |\s?[-–—]\s?(?:Int['’]?l\b|Intl\b|International\b|Def(?:ence|ense)?\b|Défense\b
                 |Sub(?:versive)?\b|[A-Z]{2,5}\b)
              |\s{1,2}(?:AIPRP|ATIP)\b
            )?
            |
            \b(?:(?:[Ss]|[Ss]ec|art)\.\s?|(?:[Ss]ection|article)\s)(?P<bare>1[4-8]|2[2-6]|23\.1|26|68|69\.1)\b
            ",
        )
        .ok()
    })
    .as_ref()
    .unwrap_or_else(|| unreachable_regex())
}

#[allow(clippy::panic)]
fn unreachable_regex() -> &'static Regex {
    // The pattern above is a constant; this cannot happen without a code change.
    panic!("exemption code regex does not compile")
}

/// A subparagraph numeral (`i`, `ii`, `iv`...).
fn is_roman(s: &str) -> bool {
    matches!(
        s,
        "i" | "ii" | "iii" | "iv" | "v" | "vi" | "vii" | "viii" | "ix" | "x"
    )
}

/// The codes a section, subsection and run of bracketed parts name: `21(1)` + `(a)(b)` is
/// `21(1)(a)` and `21(1)(b)` (two paragraphs); `16(1)` + `(a)(i)(ii)` is `16(1)(a)(i)` and
/// `16(1)(a)(ii)` (subparagraphs of one paragraph). A numeral right after the letter before it
/// (`(h)(i)`) is the next paragraph, not a subparagraph.
fn expand(base: &str, paras: &str) -> Vec<String> {
    let parts: Vec<&str> = paras
        .split(')')
        .map(|p| p.trim().trim_start_matches('(').trim())
        .filter(|p| !p.is_empty())
        .collect();
    // (paragraph, its subparagraphs)
    let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
    for part in parts {
        let sub = match groups.last() {
            Some((para, subs)) if is_roman(part) => {
                let next_letter = para.len() == 1
                    && part.len() == 1
                    && para
                        .chars()
                        .next()
                        .zip(part.chars().next())
                        .is_some_and(|(a, b)| b as u32 == a as u32 + 1);
                !subs.is_empty() || !next_letter
            }
            _ => false,
        };
        match groups.last_mut() {
            Some((_, subs)) if sub => subs.push(part),
            _ => groups.push((part, Vec::new())),
        }
    }
    if groups.is_empty() {
        return vec![base.to_string()];
    }
    let mut out = Vec::new();
    for (para, subs) in groups {
        if subs.is_empty() {
            out.push(format!("{base}({para})"));
        }
        for s in subs {
            out.push(format!("{base}({para})({s})"));
        }
    }
    out
}

/// The qualifier as printed, without the joining dash or spaces (`re (a)`, `Int'l`, `AIPRP`).
fn qualifier(q: &str) -> Option<String> {
    let q = q.trim().trim_start_matches(['-', '–', '—']).trim();
    (!q.is_empty()).then(|| q.to_string())
}

/// Every code in `text`, normalised, with its span, its label as stamped and its qualifier.
pub fn find_codes(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    for c in code_regex().captures_iter(text) {
        let Some(m) = c.get(0) else { continue };
        let stamped = m.as_str().trim().to_string();
        let (codes, qual) = if let Some(bare) = c.name("bare") {
            (vec![bare.as_str().to_string()], None)
        } else {
            let (Some(sec), Some(sub)) = (c.name("sec"), c.name("sub")) else {
                continue;
            };
            let base = format!("{}({})", sec.as_str(), sub.as_str());
            let paras = c.name("paras").map_or("", |p| p.as_str());
            (
                expand(&base, paras),
                c.name("qual").and_then(|q| qualifier(q.as_str())),
            )
        };
        for code in codes {
            out.push(Found {
                code,
                start: m.start(),
                end: m.end(),
                stamped: stamped.clone(),
                qualifier: qual.clone(),
            });
        }
    }
    out
}

fn ocr_code_regex() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?x)
            (?P<pre>[sS$5§])(?P<dot>[.,:;])(?P<sp>\s?)
            (?P<sec>[0-9lIi|!O]{1,2}(?:\.[0-9])?)
            (?P<open>[(\[{])(?P<sub>[0-9lIi|!O]{1,2})[)\]}]
            (?P<rest>(?:[(\[{][a-zA-Z0-9.]{1,3}[)\]}])*)
            ",
        )
        .ok()
    })
    .as_ref()
}

/// Repairs the usual OCR misreadings of exemption codes (`$.15(1)`, `s.2l(1)(a)`, `5.19(1)`,
/// `s.19{1)`) so that [`find_codes`] reads them. Character for character: the repaired text has
/// as many `char`s as the original, so character boxes still line up. Other text is unchanged.
pub fn repair_ocr(text: &str) -> String {
    let Some(re) = ocr_code_regex() else {
        return text.to_string();
    };
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for c in re.captures_iter(text) {
        let Some(m) = c.get(0) else { continue };
        // A code starts a word: not the tail of a longer number or word.
        if text
            .get(..m.start())
            .and_then(|s| s.chars().next_back())
            .is_some_and(|ch| ch.is_alphanumeric() || ch == '.')
        {
            continue;
        }
        out.push_str(text.get(at..m.start()).unwrap_or(""));
        let digits = |s: &str| -> String {
            s.chars()
                .map(|ch| match ch {
                    'l' | 'I' | 'i' | '|' | '!' => '1',
                    'O' => '0',
                    other => other,
                })
                .collect()
        };
        let group = |s: &str| -> String {
            s.chars()
                .map(|ch| match ch {
                    '[' | '{' => '(',
                    ']' | '}' => ')',
                    other => other,
                })
                .collect()
        };
        let get = |k: &str| c.name(k).map_or("", |m| m.as_str());
        out.push('s');
        out.push('.');
        out.push_str(get("sp"));
        out.push_str(&digits(get("sec")));
        out.push('(');
        out.push_str(&digits(get("sub")));
        out.push(')');
        out.push_str(&group(&get("rest").to_lowercase()));
        at = m.end();
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out
}

/// A word a label adds to its code: `Int'l`, `Def`, `Sub` (a short capitalised word).
fn qualifier_word(w: &str) -> bool {
    let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'');
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    (2..=6).contains(&letters)
        && w.chars().next().is_some_and(char::is_uppercase)
        && w.chars()
            .all(|c| c.is_alphabetic() || c == '\'' || c == '’')
}

/// A text that is nothing but exemption codes (a stamp): `s.15(1)`, `s.13(1)(a), s.15(1)`.
pub fn is_stamp(text: &str) -> bool {
    let found = find_codes(text);
    if found.is_empty() {
        return false;
    }
    let mut rest = String::new();
    let mut at = 0;
    for f in &found {
        rest.push_str(text.get(at..f.start).unwrap_or(""));
        at = f.end;
    }
    rest.push_str(text.get(at..).unwrap_or(""));
    rest.chars().all(|c| {
        c.is_whitespace()
            || ",;-–/&".contains(c)
            || c.is_ascii_uppercase()
            || rest.trim().eq_ignore_ascii_case("re")
    }) || rest.split_whitespace().all(|w| {
        matches!(
            w.trim_matches(|c: char| !c.is_alphanumeric()),
            "" | "re" | "and" | "et" | "IA" | "DEF" | "SA" | "s" | "PA" | "AIPRP" | "ATIP"
        ) || qualifier_word(w)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(t: &str) -> Vec<String> {
        find_codes(t).into_iter().map(|f| f.code).collect()
    }

    #[test]
    fn forms_of_codes() {
        assert_eq!(codes("s.15(1)"), vec!["15(1)"]);
        assert_eq!(codes("s. 19(1)"), vec!["19(1)"]);
        assert_eq!(codes("s.20(1)(b)"), vec!["20(1)(b)"]);
        assert_eq!(codes("s.13(1)(a), s.15(1)"), vec!["13(1)(a)", "15(1)"]);
        assert_eq!(codes("15(1) - IA"), vec!["15(1)"]);
        assert_eq!(codes("69(1)(g) re (a)"), vec!["69(1)(g)"]);
        assert_eq!(codes("al. 21(1)a)"), vec!["21(1)(a)"]);
        assert_eq!(codes("s.20(1)(b.1)"), vec!["20(1)(b.1)"]);
        assert_eq!(codes("s.17 and s.23"), vec!["17", "23"]);
        assert_eq!(codes("Sec. 23"), vec!["23"]);
        assert_eq!(codes("art. 23"), vec!["23"]);
        assert_eq!(codes("Sec. 19(1) - DEF"), vec!["19(1)"]);
        assert_eq!(codes("SEC. 21(1)(b)"), vec!["21(1)(b)"]);
        assert!(is_stamp("Sec. 19(1) - DEF"));
        assert!(is_stamp("s.15(1) - Int'l"));
        assert!(is_stamp("Sec. 23"));
        assert!(!is_stamp("Section 23 of the Act applies"));
        assert_eq!(
            codes("pursuant to sections 69(1) and 21(1)(a) of the Act"),
            vec!["69(1)", "21(1)(a)"]
        );
        assert!(codes("EXP-2020-0517 613-555-0142 October 25, 2020").is_empty());
    }

    fn parsed(t: &str) -> Vec<(String, String, Option<String>)> {
        find_codes(t)
            .into_iter()
            .map(|f| (f.code, f.stamped, f.qualifier))
            .collect()
    }

    fn one(code: &str, stamped: &str, q: Option<&str>) -> (String, String, Option<String>) {
        (code.into(), stamped.into(), q.map(str::to_string))
    }

    #[test]
    fn compound_codes_name_each_paragraph() {
        assert_eq!(
            parsed("21(1)(a)(b)"),
            vec![
                one("21(1)(a)", "21(1)(a)(b)", None),
                one("21(1)(b)", "21(1)(a)(b)", None)
            ]
        );
        assert_eq!(
            codes("s.21(1)(a)(b)(c)(d)"),
            vec!["21(1)(a)", "21(1)(b)", "21(1)(c)", "21(1)(d)"]
        );
        // Subparagraphs stay under their paragraph.
        assert_eq!(codes("s.16(1)(a)(i)"), vec!["16(1)(a)(i)"]);
        assert_eq!(
            codes("s.16(1)(a)(i)(iii)"),
            vec!["16(1)(a)(i)", "16(1)(a)(iii)"]
        );
        assert_eq!(codes("s.16(1)(c)(ii)"), vec!["16(1)(c)(ii)"]);
        // `(h)(i)`: the next letter, a paragraph.
        assert_eq!(codes("s.16(1)(h)(i)"), vec!["16(1)(h)", "16(1)(i)"]);
        assert_eq!(codes("s.20(1)(b)(b.1)"), vec!["20(1)(b)", "20(1)(b.1)"]);
        // The span covers the whole label once.
        let f = find_codes("x s.21(1)(a)(b) y");
        assert!(f.iter().all(|f| (f.start, f.end) == (2, 15)));
    }

    #[test]
    fn qualifiers_are_kept_and_parsed() {
        assert_eq!(
            parsed("s.69(1)(g) re (a)"),
            vec![one("69(1)(g)", "s.69(1)(g) re (a)", Some("re (a)"))]
        );
        assert_eq!(
            parsed("s.69(1)(g) re(c)"),
            vec![one("69(1)(g)", "s.69(1)(g) re(c)", Some("re(c)"))]
        );
        assert_eq!(
            parsed("15(1) - Int'l"),
            vec![one("15(1)", "15(1) - Int'l", Some("Int'l"))]
        );
        assert_eq!(
            parsed("s.15(1) - DEF"),
            vec![one("15(1)", "s.15(1) - DEF", Some("DEF"))]
        );
        assert_eq!(
            parsed("s.15(1)-IA"),
            vec![one("15(1)", "s.15(1)-IA", Some("IA"))]
        );
        assert_eq!(
            parsed("s.15(1) – Subversive"),
            vec![one("15(1)", "s.15(1) – Subversive", Some("Subversive"))]
        );
        assert_eq!(
            parsed("19(1) AIPRP"),
            vec![one("19(1)", "19(1) AIPRP", Some("AIPRP"))]
        );
        // A dash before ordinary words is no qualifier.
        assert_eq!(
            parsed("under 15(1) - the minister"),
            vec![one("15(1)", "15(1)", None)]
        );
        assert_eq!(
            parsed("69(1)(g) regarding"),
            vec![one("69(1)(g)", "69(1)(g)", None)]
        );
    }

    #[test]
    fn french_forms() {
        assert_eq!(
            parsed("al. 21(1)a)"),
            vec![one("21(1)(a)", "al. 21(1)a)", None)]
        );
        assert_eq!(parsed("art. 19(1)"), vec![one("19(1)", "art. 19(1)", None)]);
        assert_eq!(codes("alinéa 20(1)b)"), vec!["20(1)(b)"]);
        assert_eq!(codes("alinéas 21(1)a)b)"), vec!["21(1)(a)", "21(1)(b)"]);
        assert_eq!(codes("paragraphe 19(1)"), vec!["19(1)"]);
        assert_eq!(codes("article 69(1)"), vec!["69(1)"]);
        assert_eq!(
            find_codes("paragraphe 19(1)")[0].stamped,
            "paragraphe 19(1)"
        );
        assert!(is_stamp("al. 21(1)a)"));
        assert!(is_stamp("art. 19(1)"));
        assert!(is_stamp("19(1) AIPRP"));
        assert!(is_stamp("s.69(1)(g) re (a)"));
        assert!(is_stamp("15(1) - Int'l"));
        assert!(is_stamp("s.21(1)(a)(b)"));
    }

    #[test]
    fn ocr_misreadings_are_repaired() {
        let fixed = |t: &str| codes(&repair_ocr(t));
        assert_eq!(fixed("$.15(1)"), vec!["15(1)"]);
        assert_eq!(fixed("s.2l(1)(a)"), vec!["21(1)(a)"]);
        assert_eq!(fixed("5.19(1)"), vec!["19(1)"]);
        assert_eq!(fixed("s.19{l]"), vec!["19(1)"]);
        assert_eq!(fixed("§.20(1)(b)"), vec!["20(1)(b)"]);
        assert_eq!(fixed("S,16(2)(c)"), vec!["16(2)(c)"]);
        // Same number of characters, other text untouched.
        for t in [
            "$.15(1) and 5.19(1)",
            "§.2l(1)(a)",
            "version 2.5.19(1) kept",
        ] {
            assert_eq!(repair_ocr(t).chars().count(), t.chars().count());
        }
        assert_eq!(
            repair_ocr("version 2.5.19(1) kept"),
            "version 2.5.19(1) kept"
        );
        assert_eq!(repair_ocr("Ottawa, 5 May"), "Ottawa, 5 May");
    }

    #[test]
    fn stamps_and_meanings() {
        assert!(is_stamp("s.13(1)(a), s.15(1)"));
        assert!(is_stamp("15(1) - IA"));
        assert!(!is_stamp("pursuant to section 15(1) of the Act"));
        assert_eq!(
            explain("21(1)(a)").map(|c| c.kind.as_str()),
            Some("discretionary")
        );
        assert_eq!(explain("19(1)").map(|c| c.kind.as_str()), Some("mandatory"));
        assert_eq!(explain("15(1)(z)").map(|c| c.code.as_str()), Some("15(1)"));
        assert!(explain("99(9)").is_none());
        assert!(table().len() > 50);
    }
}
