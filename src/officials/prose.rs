//! Titles stated in prose and headers: before a name ("Acting Director General Jane Roe",
//! "la sous-ministre Jane Roe"), in apposition ("Jane Roe, the deputy minister of …"), in
//! parentheses ("Jane Roe (ADM, International Security)"), in a "who" clause ("Ms. Roe, who heads
//! the bureau"), in a header's display name ("Roe, Jane (DG, TID)"). The heads come from
//! `assets/vocab/titles.json` (see [`super::words`]).

use std::sync::OnceLock;

use regex::Regex;

use super::words::{
    has_unit_word, is_government, is_institution_word, is_name_line, is_title_acronym,
    org_for_title, title_case,
};

/// A regex built once (`pat` runs only the first time), `None` if it does not compile.
pub(super) fn re(
    cell: &'static OnceLock<Option<Regex>>,
    pat: impl FnOnce() -> String,
) -> Option<&'static Regex> {
    cell.get_or_init(|| Regex::new(&pat()).ok()).as_ref()
}

pub(super) const NAME: &str = r"\p{Lu}[\p{L}'’-]+(?:\s(?:(?:van|von|der|den|de|del|du|la|le|da|di|bin)\s)*\p{Lu}[\p{L}'’-]+){1,3}";

pub(super) fn apposition() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    re(&RE, || {
        let en_mod = super::words::en_mod();
        let en_head_after = super::words::en_head_after();
        format!(
            r"(?P<name>{NAME}),\s(?:an?\s|the\s)?(?P<title>{en_mod}(?:{en_head_after}|Researcher|researcher|spokesperson)[^.;:|]*)"
        )
    })
}

pub(super) fn role_with_org() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    re(&RE, || {
        format!(
            r"(?P<name>{NAME}),\s(?:an?|the)\s(?P<role>(?:senior\s|research\s)?(?:researcher|analyst|spokesperson|spokesman|lawyer|professor|consultant|journalist|reporter|executive|director|manager))\s(?:with|at|of|for)\s(?P<org>(?:the\s)?\p{{Lu}}[\p{{L}}&'’.-]*(?:\s\p{{Lu}}[\p{{L}}&'’.-]*){{0,5}})"
        )
    })
}

/// "Minister of National Defence Jane Roe", "Deputy Minister Jane Roe": the portfolios of
/// `assets/vocab/portfolios.json`.
pub(super) fn title_before() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        let portfolios = crate::vocab::portfolio_phrases_en()
            .iter()
            .map(|p| regex::escape(p))
            .collect::<Vec<_>>()
            .join("|");
        Regex::new(&format!(
            r"\b(?P<title>(?:Prime Minister|Deputy Minister|Minister)(?: (?:of|for) (?:the )?(?:{portfolios}))?)\s(?P<name>{NAME})"
        ))
        .ok()
    })
    .as_ref()
}

/// An organisation after "of"/"for": capitalised words, with "and", "of", "the", "&".
pub(super) const ORG_EN: &str =
    r"\p{Lu}[\p{L}&'’.-]*(?:\s(?:(?:and|of|the|&)\s)?\p{Lu}[\p{L}&'’.-]*){0,5}";
/// A French organisation: capitalised words and adjective-like lower-case ones.
pub(super) const ORG_FR: &str = r"\p{Lu}[\p{L}'’.-]*(?:\s(?:(?:de|du|des|la|le|et|l'|d'|l’|d’)\s?)?(?:\p{Lu}[\p{L}'’.-]*|\p{Ll}[\p{L}'’-]*(?:ale|ales|aux|ique|iques|ère|ères|ier|iers|elle|elles|ée|ées|ien|ienne|ais|aise|al))){0,5}";
pub(super) const FR_OF: &str = r"(?:de la|de l['’]|du|des|de|d['’])";

/// "Acting Director General Jane Roe", "Minister of Natural Resources Jane Roe".
pub(super) fn prose_title_before() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    re(&RE, || {
        let en_mod = super::words::en_mod();
        let en_head_before = super::words::en_head_before();
        format!(
            r"\b(?P<title>{en_mod}{en_head_before}(?:\s(?:of|for)\s(?:the\s)?(?P<org>{ORG_EN}))?)\s(?P<name>{NAME})"
        )
    })
}

/// "la sous-ministre Jane Roe", "le ministre des Affaires étrangères Jane Roe".
pub(super) fn prose_title_before_fr() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    re(&RE, || {
        let fr_head = super::words::fr_head();
        format!(
            r"(?:^|[^\p{{L}}])(?i:le|la|l['’])\s?(?P<title>(?i:{fr_head})(?:\s{FR_OF}\s?(?P<org>{ORG_FR}))?)\s(?P<name>{NAME})"
        )
    })
}

/// "Jane Roe, the deputy minister of Natural Resources", "Jane Roe, directrice générale de ...".
pub(super) fn prose_title_after() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    re(&RE, || {
        let en_mod = super::words::en_mod();
        let en_head_after = super::words::en_head_after();
        let fr_head = super::words::fr_head();
        format!(
            r"(?P<name>{NAME}),\s(?:(?i:the|an?|le|la|l['’])\s?)?(?:(?P<en>(?i:{en_mod}{en_head_after}))(?:\s(?P<prep>of|for|at|with)\s(?:the\s)?(?P<org>{ORG_EN}))?|(?P<fr>(?i:{fr_head}))(?:\s{FR_OF}\s?(?P<orgfr>{ORG_FR}))?)"
        )
    })
}

/// "Omar Haddad (ADM, International Security)".
pub(super) fn prose_title_paren() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    re(&RE, || {
        format!(r"(?P<name>{NAME})\s\((?P<inner>[^()]{{2,100}})\)")
    })
}

/// A whole text that is a title ("Acting Director General of X", "directrice générale").
pub(super) fn title_alone() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    re(&RE, || {
        let en_mod = super::words::en_mod();
        let en_head_after = super::words::en_head_after();
        let fr_head = super::words::fr_head();
        format!(r"^(?:(?i:{en_mod}{en_head_after})(?:\s(?:of|for)\s.+)?|(?i:{fr_head})(?:\s.+)?)$")
    })
}

/// A name found by a title in prose: a name line with no institutional word.
pub(super) fn prose_name(name: &str) -> bool {
    is_name_line(name)
        && name.split_whitespace().count() >= 2
        && !name
            .split_whitespace()
            .any(|w| is_institution_word(w) || w.chars().all(char::is_uppercase))
}

/// The unit or institution named just after a title (", Marine Safety Branch, …"): capitalised
/// words with a unit word, or a government's name.
fn trailing_unit(rest: &str) -> Option<String> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let r = re(&RE, || format!(r"^,\s(?P<org>{ORG_EN})"))?;
    let org = r.captures(rest)?.name("org")?.as_str().trim();
    (has_unit_word(org) || is_government(org)).then(|| org.to_string())
}

/// A title written with its unit and institution, split at commas ("Director, Arms Control
/// Division, Global Affairs Canada"): the title with its units, and the institution. Parts after
/// the first that are not capitalised end it.
pub(super) fn title_parts(parts: &[&str]) -> (String, Option<String>) {
    let mut title = parts.first().map_or("", |p| p.trim()).to_string();
    let mut org = None;
    for part in parts.iter().skip(1).map(|p| p.trim()) {
        if !part.starts_with(char::is_uppercase) || org.is_some() {
            break;
        }
        if crate::vocab::gc_org_by_name(part).is_some()
            || is_government(part) && !has_unit_word(part)
        {
            org = Some(part.to_string());
        } else {
            title = format!("{title}, {part}");
        }
    }
    (title, org)
}

/// "Director, Arms Control Division, yesterday" after a name: (name, title, organisation).
pub(super) fn appositions(t: &str) -> Vec<(String, String, Option<String>)> {
    let Some(r) = apposition() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for c in r.captures_iter(t) {
        let (Some(n), Some(ti)) = (c.name("name"), c.name("title")) else {
            continue;
        };
        let name = n.as_str().trim().to_string();
        if !is_name_line(&name) {
            continue;
        }
        let parts: Vec<&str> = ti.as_str().split(", ").collect();
        let (mut title, mut org) = title_parts(&parts);
        title = title.trim_end_matches(',').to_string();
        for sep in [" with ", " at "] {
            if let Some((a, b)) = title.clone().split_once(sep) {
                title = a.trim().to_string();
                org = Some(b.trim().trim_end_matches(',').to_string());
            }
        }
        let title = cap_first(&title);
        let org = org.or_else(|| org_for_title(&title));
        out.push((name, title, org));
    }
    out
}

/// A page's text as prose reads: lines joined where a sentence runs over a line break (a name
/// or a title cut in two), exemption labels printed in the margin taken out; a short line, a
/// wide gap or a header field ends a paragraph (" | ", which no pattern crosses).
pub(super) fn prose_stream(lines: &[crate::pdf::TextLine]) -> String {
    static LABEL: OnceLock<Option<Regex>> = OnceLock::new();
    let label = re(&LABEL, || {
        r"(?i:\b(?:ss?|al|par|art|sec|section)\.?\s?)?\b\d{1,3}(?:\.\d+)?(?:\(\d+(?:\.\d+)?\))+(?:\([a-z]{1,4}\)|[a-z]\))*(?:\s?-\s?(?:Int'l|[A-Z]{2,5}))?(?:\s?,\s?)?".to_string()
    });
    static FIELD: OnceLock<Option<Regex>> = OnceLock::new();
    let field = re(&FIELD, || {
        r"^\s*\p{L}[\p{L} ./-]{0,24}?\s?:(?:\s|$)".to_string()
    });
    // The text's left and right edges: the leftmost start, and the right end that one line in
    // ten passes.
    let left = lines
        .iter()
        .map(|l| l.bbox.x0)
        .fold(f64::INFINITY, f64::min);
    let mut ends: Vec<f64> = lines.iter().map(|l| l.bbox.x1).collect();
    ends.sort_by(f64::total_cmp);
    let right = ends
        .get(ends.len().saturating_sub(1 + ends.len() / 10))
        .copied()
        .unwrap_or(0.0);
    let full_from = left + 0.7 * (right - left);
    let mut out = String::new();
    let mut prev: Option<&crate::pdf::TextLine> = None;
    for l in lines {
        let text = match label {
            Some(r) => r.replace_all(&l.text, " ").into_owned(),
            None => l.text.clone(),
        };
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.is_empty() {
            continue;
        }
        // A line runs on into the next when it is full (it reaches the text's right edge, as a
        // wrapped line does; a signature's or an address's lines stop short) and the next
        // follows at the line spacing. A header field ("TO: …", "Objet : …") is a paragraph of
        // its own.
        let joined = prev.is_some_and(|p| {
            let step = p.baseline_y - l.baseline_y;
            let size = p.font_size.max(l.font_size).max(1.0);
            step > 0.0
                && step <= 1.8 * size
                && p.bbox.x1 >= full_from
                && !p.text.trim_end().ends_with(':')
                && !field.is_some_and(|f| f.is_match(&p.text) || f.is_match(&l.text))
        });
        if !out.is_empty() {
            out.push_str(if joined { " " } else { " | " });
        }
        out.push_str(&text);
        prev = Some(l);
    }
    out
}

/// First letter upper case.
pub(super) fn cap_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// People with a title stated in a prose line: before the name, in apposition, in parentheses,
/// in English or French. (name, title, organisation).
pub(super) fn prose_titles(t: &str) -> Vec<(String, String, Option<String>)> {
    let mut out = Vec::new();
    for r in [prose_title_before(), prose_title_before_fr()]
        .into_iter()
        .flatten()
    {
        for c in r.captures_iter(t) {
            let (Some(n), Some(ti)) = (c.name("name"), c.name("title")) else {
                continue;
            };
            let name = n.as_str().to_string();
            if !prose_name(&name) {
                continue;
            }
            let title = cap_first(ti.as_str().trim());
            let org = org_for_title(&title).or_else(|| {
                c.name("org")
                    .map(|o| o.as_str().trim().to_string())
                    .filter(|o| has_unit_word(o) || is_government(o))
            });
            out.push((name, title, org));
        }
    }
    if let Some(r) = prose_title_after() {
        for c in r.captures_iter(t) {
            let Some(n) = c.name("name") else { continue };
            let name = n.as_str().to_string();
            if !prose_name(&name) {
                continue;
            }
            let (title, org) = if let Some(en) = c.name("en") {
                let head = title_case(en.as_str());
                let org = c.name("org").map(|o| o.as_str().trim().to_string());
                let end = c.name("org").map_or(en.end(), |o| o.end());
                match (c.name("prep").map(|p| p.as_str()), org) {
                    (Some("of" | "for"), Some(o)) => {
                        let rest = t.get(en.end()..end).unwrap_or("");
                        let title = format!("{head}{rest}");
                        let org = org_for_title(&title)
                            .or_else(|| Some(o).filter(|o| has_unit_word(o) || is_government(o)));
                        (title, org)
                    }
                    // "Jane Roe, Senior Policy Advisor, Marine Safety Branch, …".
                    (None, _) => match t.get(en.end()..).and_then(trailing_unit) {
                        Some(unit) => (head, Some(unit)),
                        None => (head, None),
                    },
                    (_, org) => (head, org),
                }
            } else if let Some(fr) = c.name("fr") {
                let org = c.name("orgfr").map(|o| o.as_str().trim().to_string());
                let end = c.name("orgfr").map_or(fr.end(), |o| o.end());
                let title = cap_first(t.get(fr.start()..end).unwrap_or(fr.as_str()).trim());
                (title, org.filter(|o| has_unit_word(o) || is_government(o)))
            } else {
                continue;
            };
            out.push((name, title, org));
        }
    }
    if let Some(r) = prose_title_paren() {
        for c in r.captures_iter(t) {
            let (Some(n), Some(inner)) = (c.name("name"), c.name("inner")) else {
                continue;
            };
            let name = n.as_str().to_string();
            if !prose_name(&name) {
                continue;
            }
            if let Some((title, org)) = paren_title(inner.as_str()) {
                out.push((name, title, org));
            }
        }
    }
    out
}

/// Who a "who is …" clause speaks of: a full name, or a courtesy title and a surname.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Who {
    Name(String),
    Surname(String),
}

/// "Ms. Roe, who heads the Marine Safety Branch", "Jane Roe, who is the acting deputy minister",
/// "Mme Roe, qui est directrice générale de …": a title stated in a clause after the name.
pub(super) fn who_clause() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    re(&RE, || {
        let en_mod = super::words::en_mod();
        let en_head_after = super::words::en_head_after();
        let fr_head = super::words::fr_head();
        format!(
            r"(?:(?:Ms\.|Mrs\.|Mr\.|Dr\.|Mme|M\.)\s(?P<last>\p{{Lu}}[\p{{L}}'’-]+)|(?P<name>{NAME})),\s(?i:who|qui)\s(?:(?i:is|was|serves\sas|has\sbeen|is\snow|est|était|sera)\s(?:(?i:now|currently|also|the|an?|le|la|l['’]|désormais)\s?)*(?:(?P<en>(?i:{en_mod}{en_head_after}))(?:\s(?:of|for)\s(?:the\s)?(?P<org>{ORG_EN}))?|(?P<fr>(?i:{fr_head}))(?:\s{FR_OF}\s?(?P<orgfr>{ORG_FR}))?)|(?P<verb>(?i:heads|leads|directs|runs|dirige))\s(?:(?i:the|la|le|l['’])\s?)?(?P<unit>{ORG_EN}))"
        )
    })
}

/// The titles stated in "who is …" clauses of a line: (who, title, organisation).
pub(super) fn who_titles(t: &str) -> Vec<(Who, String, Option<String>)> {
    let Some(r) = who_clause() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for c in r.captures_iter(t) {
        let who = match (c.name("name"), c.name("last")) {
            (Some(n), _) if prose_name(n.as_str()) => Who::Name(n.as_str().to_string()),
            (None, Some(l)) => Who::Surname(l.as_str().to_string()),
            _ => continue,
        };
        let (title, org) = if let Some(u) = c.name("unit") {
            let unit = u.as_str().trim().to_string();
            if has_unit_word(&unit) || is_government(&unit) {
                ("Head".to_string(), Some(unit))
            } else {
                (format!("Head of {unit}"), None)
            }
        } else if let Some(en) = c.name("en") {
            let head = title_case(en.as_str());
            match c.name("org") {
                Some(o) => {
                    let rest = t.get(en.end()..o.end()).unwrap_or("");
                    let title = format!("{head}{rest}");
                    let org = org_for_title(&title).or_else(|| {
                        Some(o.as_str().trim().to_string())
                            .filter(|o| has_unit_word(o) || is_government(o))
                    });
                    (title, org)
                }
                None => (head, None),
            }
        } else if let Some(fr) = c.name("fr") {
            let end = c.name("orgfr").map_or(fr.end(), |o| o.end());
            let title = cap_first(t.get(fr.start()..end).unwrap_or(fr.as_str()).trim());
            let org = c
                .name("orgfr")
                .map(|o| o.as_str().trim().to_string())
                .filter(|o| has_unit_word(o) || is_government(o));
            (title, org)
        } else {
            continue;
        };
        out.push((who, title, org));
    }
    out
}

/// The title and organisation in parentheses after a name: "(ADM, International Security)",
/// "(DG, TID)" (a unit acronym is the organisation; words stay in the title).
pub(super) fn paren_title(inner: &str) -> Option<(String, Option<String>)> {
    let inner = inner.trim();
    let mut parts = inner.splitn(2, ", ");
    let head = parts.next().unwrap_or("").trim();
    let rest = parts.next().map(str::trim);
    let is_title = is_title_acronym(head) || title_alone().is_some_and(|r| r.is_match(head));
    if !is_title {
        return None;
    }
    let acronym = |s: &str| {
        s.len() <= 8
            && s.chars()
                .all(|c| c.is_ascii_uppercase() || c == '/' || c == '-')
    };
    Some(match rest {
        Some(r) if acronym(r) => (head.to_string(), Some(r.to_string())),
        Some(r) => (format!("{head}, {r}"), None),
        None => (head.to_string(), None),
    })
}

/// A header display name with a title in parentheses, "Roe, Jane (DG, TID)": the name part and
/// the title and organisation.
pub(super) fn display_name_title(raw: &str) -> Option<(&str, String, Option<String>)> {
    let before_addr = raw.split('<').next().unwrap_or(raw).trim();
    let inner = before_addr.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let (title, org) = paren_title(inner.get(open + 1..)?)?;
    Some((inner.get(..open)?.trim(), title, org))
}

pub(super) fn honourable() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    re(&RE, || {
        format!(r"(?:The Honourable|L'honorable|Hon\.)\s(?P<name>{NAME})")
    })
}

pub(super) fn email() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    re(&RE, || {
        r"\b(?P<first>\p{Ll}+(?:-\p{Ll}+)?)\.(?P<last>\p{Ll}+(?:-\p{Ll}+)?)@(?P<domain>[a-z0-9.-]+\.[a-z]{2,})".to_string()
    })
}

pub(super) fn short_ref() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    re(&RE, || {
        r"\b(?P<hon>Ms\.|Mr\.|Mrs\.|Dr\.|M\.|Mme|Minister|Deputy Minister|Director)\s(?P<last>\p{Lu}[\p{L}'’-]+)".to_string()
    })
}

pub(super) fn greeting() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    re(&RE, || {
        r"^(?:(?:Hello|Hi|Dear|Bonjour|Salut|Cher|Chère)\s)?(?P<first>\p{Lu}[\p{L}'’-]+),$"
            .to_string()
    })
}
