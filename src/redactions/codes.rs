//! Exemption codes: finding them in text (`s.15(1)`, `s. 19(1)`, `21(1)a)`, `15(1) - IA`,
//! `69(1)(g) re (a)`, `al. 21(1)a)`), normalising them (`21(1)(a)`), and explaining them from the
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
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Normalised (`21(1)(a)`).
    pub code: String,
    /// Byte range in the searched text (prefix included).
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
}

fn code_regex() -> &'static Regex {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?x)
            (?P<prefix>\b(?:ss?|art|arts|al|para|sec)\.\s*|\b(?:sections?|articles?|alin[ée]as?|subsections?)\s+)?
            \b(?P<sec>\d{1,2}(?:\.\d)?)
            \s?\(\s?(?P<sub>\d{1,2})\s?\)
            (?P<paras>(?:\s?\(?[a-z](?:\.\d)?\))*)
            |
            \bs\.\s?(?P<bare>1[4-8]|2[2-6]|23\.1|26|68|69\.1)\b
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

/// Every code in `text`, normalised, with its span.
pub fn find_codes(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    for c in code_regex().captures_iter(text) {
        let Some(m) = c.get(0) else { continue };
        let code = if let Some(bare) = c.name("bare") {
            bare.as_str().to_string()
        } else {
            let (Some(sec), Some(sub)) = (c.name("sec"), c.name("sub")) else {
                continue;
            };
            let mut code = format!("{}({})", sec.as_str(), sub.as_str());
            if let Some(p) = c.name("paras") {
                for part in p.as_str().split(')') {
                    let letter = part.trim().trim_start_matches('(').trim();
                    if !letter.is_empty() {
                        code.push('(');
                        code.push_str(letter);
                        code.push(')');
                    }
                }
            }
            code
        };
        out.push(Found {
            code,
            start: m.start(),
            end: m.end(),
        });
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
            "" | "re" | "and" | "et" | "IA" | "DEF" | "SA" | "s" | "PA"
        )
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
        assert_eq!(
            codes("pursuant to sections 69(1) and 21(1)(a) of the Act"),
            vec!["69(1)", "21(1)(a)"]
        );
        assert!(codes("EXP-2020-0517 613-555-0142 October 25, 2020").is_empty());
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
