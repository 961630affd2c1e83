//! People as e-mail clients print them, to natural order: `Anand, Shalini -TID` → `Shalini Anand`,
//! `Daniel Okafor <daniel.okafor@example.com>` → `Daniel Okafor`, `"Vlasic, Katarina"` → ...

/// The display name in natural order, accents kept; the address alone when there is no name.
pub fn natural_name(raw: &str) -> String {
    let mut s = raw.trim().trim_matches('"').trim().to_string();
    // Drop an address in angle brackets, keep it when it is all there is.
    if let Some(i) = s.find('<') {
        let before = s
            .get(..i)
            .unwrap_or("")
            .trim()
            .trim_matches('"')
            .trim()
            .to_string();
        if before.is_empty() {
            return s.trim_matches(|c| c == '<' || c == '>').trim().to_string();
        }
        s = before;
    }
    // A directory tag: `-TID`, `(TID)`, `(DFO/MPO)`, `/ NCR`, `(NRCan/RNCan)`.
    if let Some((name, _)) = directory_tag(&s) {
        s = name.to_string();
    }
    match s.split_once(',') {
        Some((last, first)) if !first.trim().is_empty() && !last.trim().is_empty() => {
            format!("{} {}", first.trim(), last.trim())
        }
        _ => s.trim().to_string(),
    }
}

/// How a directory tag is written after a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagForm {
    /// `-TID`: a unit code of the releasing institution's directory.
    Hyphen,
    /// `(DFO/MPO)`, `(TIE)`.
    Parenthesised,
    /// `/ NCR`, `/NCR`.
    Slashed,
}

/// One code of a tag: letters and digits, an upper-case first letter, at least two upper-case
/// letters and no more lower-case ones (`TID`, `DFO`, `NRCan`, `A2B`, not `L3Harris`), up to ten
/// characters.
fn tag_code(code: &str) -> bool {
    let n = code.chars().count();
    let upper = code.chars().filter(|c| c.is_uppercase()).count();
    let lower = code.chars().filter(|c| c.is_lowercase()).count();
    (2..=10).contains(&n)
        && code.chars().next().is_some_and(char::is_uppercase)
        && code.chars().all(char::is_alphanumeric)
        && upper >= 2
        && lower <= upper
}

/// Codes joined by `/` or `-` (`DFO/MPO`, `TID-SPA`).
fn tag_codes(t: &str) -> bool {
    !t.is_empty() && t.split(['/', '-']).all(tag_code)
}

/// The directory tag ending a display name, as e-mail clients print an organisation's global
/// address list (`Anand, Shalini -TID`, `Olsen, Kari (DFO/MPO)`, `Roe, Jane / NCR`), whatever
/// the organisation: the name before it, and the tag (codes without the hyphen, parentheses or
/// slash) with its form. The last tag only; a name alone has none.
pub fn directory_tag(raw: &str) -> Option<(&str, (String, TagForm))> {
    let s = raw.trim();
    if let Some(open) = s.strip_suffix(')').and_then(|i| i.rfind('(')) {
        let inner = s.get(open + 1..s.len() - 1)?.trim();
        let name = s.get(..open)?.trim_end();
        if tag_codes(inner) && name.split_whitespace().count() >= 1 && !name.is_empty() {
            return Some((name, (inner.to_string(), TagForm::Parenthesised)));
        }
        return None;
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.len() < 2 {
        return None;
    }
    let last = words.last()?;
    let cut = |w: &str| s.get(..s.len() - w.len()).map(str::trim_end);
    if let Some(code) = last.strip_prefix('-')
        && tag_codes(code)
    {
        return Some((cut(last)?, (code.to_string(), TagForm::Hyphen)));
    }
    if let Some(code) = last.strip_prefix('/')
        && tag_codes(code)
    {
        return Some((cut(last)?, (code.to_string(), TagForm::Slashed)));
    }
    // "/ NCR": the slash alone before the code.
    if words.len() >= 3 && words.get(words.len() - 2) == Some(&"/") && tag_codes(last) {
        let name = cut(last)?.strip_suffix('/')?.trim_end();
        return Some((name, (last.to_string(), TagForm::Slashed)));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_natural_order() {
        assert_eq!(natural_name("Anand, Shalini -TID"), "Shalini Anand");
        assert_eq!(
            natural_name(" Tremblay-Roy, Geneviève -TIC"),
            "Geneviève Tremblay-Roy"
        );
        assert_eq!(
            natural_name("Daniel Okafor <daniel.okafor@l3harris.example>"),
            "Daniel Okafor"
        );
        assert_eq!(natural_name("<a.b@c.ca>"), "a.b@c.ca");
        assert_eq!(natural_name("Marta Morgan"), "Marta Morgan");
        assert_eq!(
            natural_name("\"Vlasic, Katarina (TIE)\""),
            "Katarina Vlasic"
        );
        assert_eq!(natural_name("Olsen, Kari (DFO/MPO)"), "Kari Olsen");
        assert_eq!(natural_name("Wróbel, Łukasz / NCR"), "Łukasz Wróbel");
        assert_eq!(
            natural_name("Ní Bhriain, Zoë (NRCan/RNCan)"),
            "Zoë Ní Bhriain"
        );
        assert_eq!(natural_name("Şahin, Ahmet -DMA"), "Ahmet Şahin");
    }

    #[test]
    fn directory_tags_of_any_department() {
        let tag = |raw: &str| directory_tag(raw).map(|(n, (t, f))| (n.to_string(), t, f));
        assert_eq!(
            tag("Anand, Shalini -TID"),
            Some(("Anand, Shalini".into(), "TID".into(), TagForm::Hyphen))
        );
        assert_eq!(
            tag("Olsen, Kari (DFO/MPO)"),
            Some((
                "Olsen, Kari".into(),
                "DFO/MPO".into(),
                TagForm::Parenthesised
            ))
        );
        assert_eq!(
            tag("Roe, Jane / NCR"),
            Some(("Roe, Jane".into(), "NCR".into(), TagForm::Slashed))
        );
        assert_eq!(
            tag("Haddad, Omar (NRCan/RNCan)").map(|t| t.1),
            Some("NRCan/RNCan".to_string())
        );
        assert_eq!(tag("Roe, Jane (DG, TPB)"), None);
        assert_eq!(tag("Jean-Marc Lévesque"), None);
        assert_eq!(tag("Roe, Jane (Ottawa)"), None);
        assert_eq!(tag("Daniel Okafor (L3Harris)"), None);
    }
}
