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
    // A Government of Canada directory suffix: `-TID`, `(TID)`, `/ TID`.
    let words: Vec<&str> = s.split_whitespace().collect();
    if let Some(last) = words.last()
        && words.len() > 1
        && (last.starts_with('-') || last.starts_with('(') || last.starts_with('/'))
        && last
            .trim_matches(|c: char| "-()/".contains(c))
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        s = words.get(..words.len() - 1).unwrap_or_default().join(" ");
    }
    match s.split_once(',') {
        Some((last, first)) if !first.trim().is_empty() && !last.trim().is_empty() => {
            format!("{} {}", first.trim(), last.trim())
        }
        _ => s.trim().to_string(),
    }
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
    }
}
