//! Words that tell a title, a unit or an institution from a person's name, read from
//! `assets/vocab/titles.json` (compiled in; the file names its sources), and the word-level tests
//! built on them.

use std::sync::LazyLock;

use serde::Deserialize;

const TITLES: &str = include_str!("../../assets/vocab/titles.json");

/// The titles vocabulary (`assets/vocab/titles.json`).
#[derive(Debug, Default, Deserialize)]
pub(super) struct TitleVocab {
    /// Words that make a line a title line in a signature block.
    pub title_words: Vec<String>,
    /// Words that make a phrase an organisational unit (Bureau, Division, Direction…).
    pub unit_words: Vec<String>,
    /// Capitalised words of institutions and phrases, never of a person's name.
    pub institution_words: Vec<String>,
    /// Title acronyms written in parentheses or headers (ADM, DG, A/DG…).
    pub title_acronyms: Vec<String>,
    /// Parts of titles that name a government office, lower case.
    pub government_titles: Vec<String>,
    /// Parts of organisation names that make them governmental, lower case.
    pub government_org_words: Vec<String>,
    /// English modifiers before a head (Acting, Senior, Assistant…).
    pub en_modifiers: Vec<String>,
    /// English heads a title ends in before a name.
    pub en_heads_before: Vec<String>,
    /// Fields of work before a working head ("Policy" Advisor).
    pub en_domains: Vec<String>,
    /// Heads that take a field of work (Advisor, Analyst…).
    pub en_domain_heads: Vec<String>,
    /// English heads in apposition, after a name.
    pub en_heads_after: Vec<String>,
    /// French heads (sous-ministre, directrice générale…).
    pub fr_heads: Vec<String>,
    /// French complements after a head (principale, en politiques, par intérim…).
    pub fr_complements: Vec<String>,
}

pub(super) static VOCAB: LazyLock<TitleVocab> = LazyLock::new(|| {
    serde_json::from_str(TITLES).unwrap_or_else(|e| {
        log::error!("assets/vocab/titles.json: not a vocabulary ({e})");
        TitleVocab::default()
    })
});

/// An alternation of `phrases`, longest first (so that "Director General" wins over
/// "Director"), each escaped, with `*` standing for `wildcard`.
fn alternation<S: AsRef<str>>(phrases: &[S], wildcard: &str) -> String {
    let mut v: Vec<&str> = phrases.iter().map(AsRef::as_ref).collect();
    v.sort_by_key(|p| std::cmp::Reverse(p.len()));
    v.dedup();
    let parts: Vec<String> = v
        .iter()
        .map(|p| {
            p.split(' ')
                .map(|w| {
                    if w == "*" {
                        wildcard.to_string()
                    } else {
                        regex::escape(w)
                    }
                })
                .collect::<Vec<_>>()
                .join(r"\s")
        })
        .collect();
    format!("(?:{})", parts.join("|"))
}

/// English modifiers: `(?:(?:Acting|Senior|…)\s)*`.
pub(super) fn en_mod() -> String {
    format!(r"(?:{}\s)*", alternation(&VOCAB.en_modifiers, ""))
}

/// English heads before a name, a word boundary after.
pub(super) fn en_head_before() -> String {
    format!(
        r"{}\b",
        alternation(&VOCAB.en_heads_before, r"\p{Lu}\p{Ll}+")
    )
}

/// English heads in apposition ("Policy Advisor", "Director General"…), a word boundary after.
pub(super) fn en_head_after() -> String {
    format!(
        r"(?:{}\s{}|{})\b",
        alternation(&VOCAB.en_domains, ""),
        alternation(&VOCAB.en_domain_heads, ""),
        alternation(&VOCAB.en_heads_after, r"\w+")
    )
}

/// French heads with their complements ("conseillère principale en politiques par intérim").
pub(super) fn fr_head() -> String {
    format!(
        r"{}(?:\s{})*",
        alternation(&VOCAB.fr_heads, ""),
        alternation(&VOCAB.fr_complements, r"\p{Ll}+")
    )
}

fn contains(list: &[String], w: &str) -> bool {
    list.iter().any(|x| x == w)
}

/// A word of a title line (Director, Conseillère…).
pub(super) fn is_title_word(w: &str) -> bool {
    contains(&VOCAB.title_words, w)
}

/// A word of a unit's name (Bureau, Division, Direction…).
pub(super) fn is_unit_word(w: &str) -> bool {
    contains(&VOCAB.unit_words, w)
}

/// A word of an institution or a phrase, never of a person's name.
pub(super) fn is_institution_word(w: &str) -> bool {
    contains(&VOCAB.institution_words, w)
}

/// A title acronym (ADM, DG, A/DG…).
pub(super) fn is_title_acronym(w: &str) -> bool {
    contains(&VOCAB.title_acronyms, w)
}

/// A title naming a government office (the person is an official whatever the organisation).
pub(super) fn government_title(title: &str) -> bool {
    let t = title.to_lowercase();
    VOCAB
        .government_titles
        .iter()
        .any(|k| t.contains(k.as_str()))
        || title
            .split(|c: char| !c.is_alphanumeric() && c != '/')
            .any(is_title_acronym)
}

/// An organisation of government: a word of the vocabulary, or a known institution's name.
pub(super) fn is_government(org: &str) -> bool {
    let o = org.to_lowercase();
    VOCAB
        .government_org_words
        .iter()
        .any(|k| o.contains(k.as_str()))
        || crate::vocab::gc_org_by_name(org).is_some()
}

pub(super) fn name_word(w: &str) -> bool {
    let w = w.trim_end_matches(',');
    let mut chars = w.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    first.is_uppercase()
        && w.chars().skip(1).any(char::is_lowercase)
        && w.chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’' || c == '.')
}

/// Two to four capitalised words with no digits: a plausible personal name line.
pub(super) fn is_name_line(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            name_word(w)
                || [
                    "de", "van", "von", "der", "du", "la", "le", "da", "di", "bin",
                ]
                .contains(w)
        })
        && words.first().is_some_and(|w| name_word(w))
        // A sentence's end ("… of the Access to Information Act."), not a name: a name ends
        // in a full stop only after an initial or a suffix ("Jane Q.", "John Roe Jr.").
        && words.last().is_none_or(|w| {
            !w.ends_with('.')
                || w.trim_end_matches('.').chars().count() <= 1
                || ["Jr.", "Sr."].contains(w)
        })
        && !words
            .iter()
            .any(|w| is_unit_word(w) || is_title_word(w))
        && !["Canada", "Affairs", "Government", "Forces"]
            .iter()
            .any(|x| words.contains(x))
        // A company ("Aselsan A.Ş.", "Acme GmbH"), a country or a nationality
        // ("Turkish Naval Forces", "New Zealand"): `assets/vocab/`.
        && !words
            .iter()
            .any(|w| crate::vocab::is_company_word(w) || crate::vocab::is_place_word(w))
        && !crate::vocab::has_place_phrase(t)
}

pub(super) fn has_title_word(t: &str) -> bool {
    t.split(|c: char| !c.is_alphabetic()).any(is_title_word)
}

pub(super) fn has_unit_word(t: &str) -> bool {
    t.split(|c: char| !c.is_alphabetic()).any(is_unit_word)
}

/// The English side of a bilingual `English | Français` line.
pub(super) fn left(t: &str) -> String {
    t.split(" | ").next().unwrap_or(t).trim().to_string()
}

/// The department of a minister's title by its portfolio (`assets/vocab/portfolios.json`).
pub(super) fn org_for_title(title: &str) -> Option<String> {
    crate::vocab::portfolio_org(title).map(str::to_string)
}

pub(super) fn title_case(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let lower = w.to_lowercase();
            if ["of", "the", "for", "and"].contains(&lower.as_str()) {
                lower
            } else {
                let mut c = lower.chars();
                c.next()
                    .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                    .unwrap_or_default()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_reads_and_names_its_sources() {
        let v = &*VOCAB;
        assert!(v.title_words.len() >= 30);
        assert!(v.unit_words.len() >= 10);
        assert!(v.fr_heads.len() >= 30);
        let value: serde_json::Value = serde_json::from_str(TITLES).unwrap_or_default();
        assert!(value["source"].as_str().unwrap_or_default().len() > 40);
    }

    #[test]
    fn heads_are_whole_phrases_longest_first() {
        let re = regex::Regex::new(&format!("^(?:{}{})$", en_mod(), en_head_after())).unwrap();
        for t in [
            "Senior Policy Advisor",
            "Acting Director General",
            "Chief Financial Officer",
            "Director",
            "Access to Information Officer",
        ] {
            assert!(re.is_match(t), "{t}");
        }
        assert!(!re.is_match("Policy"));
        let fr = regex::Regex::new(&format!("^(?i:{})$", fr_head())).unwrap();
        for t in [
            "conseillère principale en politiques",
            "sous-ministre adjointe par intérim",
            "chef de cabinet",
            "conseiller en relations internationales",
        ] {
            assert!(fr.is_match(t), "{t}");
        }
    }
}
