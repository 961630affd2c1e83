//! Accent folding, one way for the whole library: `Bjørn Łukasz Dvořák Ångström` is
//! `Bjorn Lukasz Dvorak Angstrom`.
//!
//! A letter is decomposed (NFD) and its combining marks dropped (`é` → `e`, `ř` → `r`, `Å` → `A`);
//! a Latin letter that does not decompose (`ø`, `ł`, `đ`, `ß`, `æ`, `œ`, `ı`) is transliterated
//! by [`deunicode`]. Everything else is kept as written: digits, punctuation and dashes (callers
//! give `–` and `—` their own meaning), and letters of other scripts (Greek and Cyrillic names are
//! not romanised, only their accents dropped). Case is kept.
//!
//! Folding changes byte lengths (`é` is two bytes, `e` one) and, for `ß`, `æ`, `œ`, char counts:
//! positions found in folded text are not positions in the original.

use unicode_normalization::UnicodeNormalization as _;
use unicode_normalization::char::is_combining_mark;

/// The text with accents and Latin letter variants folded to ASCII letters; case kept.
pub fn fold_accents(text: &str) -> String {
    if text.is_ascii() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.nfd().filter(|c| !is_combining_mark(*c)) {
        if c.is_ascii() || !is_latin_letter(c) {
            out.push(c);
            continue;
        }
        match deunicode::deunicode_char(c) {
            // Only a transliteration into letters: deunicode spells some symbols out in words.
            Some(t) if !t.is_empty() && t.chars().all(|a| a.is_ascii_alphabetic()) => {
                out.push_str(t);
            }
            _ => out.push(c),
        }
    }
    out
}

/// An identity key: accents folded, then lowercase (`Geneviéve` and `GENEVIÈVE` are one).
pub fn fold_key(text: &str) -> String {
    fold_accents(text).to_lowercase()
}

/// Words only: accents folded, lower case, every character that is not a letter or digit a
/// space, `#` read as "number", spaces collapsed (`L3Harris Wescam Inc.` → `l3harris wescam inc`,
/// `A.Ş.` → `a s`). Phrases compare as whole words in this form.
pub fn fold_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in fold_accents(s).chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if c == '#' {
            out.push_str(" number ");
        } else {
            out.push(' ');
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A letter of the Latin script blocks (Latin-1 Supplement, Extended-A and -B, IPA, Extended
/// Additional); the only letters folded to ASCII.
fn is_latin_letter(c: char) -> bool {
    c.is_alphabetic() && matches!(u32::from(c), 0x00C0..=0x02AF | 0x1E00..=0x1EFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_nfd_alone_does_not_fold() {
        assert_eq!(
            fold_accents("Bjørn Łukasz Dvořák Ångström"),
            "Bjorn Lukasz Dvorak Angstrom"
        );
        assert_eq!(
            fold_accents("Straße Œuvre Đorđe ıi"),
            "Strasse OEuvre Dorde ii"
        );
        assert_eq!(fold_accents("Geneviève Côté"), "Genevieve Cote");
        // Combining marks written separately fold too.
        assert_eq!(fold_accents("Gene\u{301}vie\u{300}ve"), "Genevieve");
    }

    #[test]
    fn other_characters_are_kept() {
        assert_eq!(
            fold_accents("À-2020—00417 – 12 € №"),
            "A-2020—00417 – 12 € №"
        );
        // Other scripts keep their letters; only their accents go.
        assert_eq!(fold_accents("Ηλέκτρα Пётр"), "Ηλεκτρα Петр");
    }

    #[test]
    fn keys() {
        assert_eq!(fold_key("GENEVIÈVE Søren"), fold_key("geneviéve soren"));
        assert_ne!(fold_key("Marie"), fold_key("Mario"));
    }
}
