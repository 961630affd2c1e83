//! Finding people: only where the text says someone is a person (e-mail headers, signature
//! blocks, appositions "Name, Title", titles before names, "The Honourable Name"), never from any
//! pair of capitalised words. Short forms (Ms. Anand, Minister Champagne, a first-name greeting, an
//! address first.last@) then resolve to the one full name they fit.

use std::sync::OnceLock;

use regex::Regex;

use super::{Mention, Official, Roster};
use crate::documents::Document;
use crate::documents::names::natural_name;
use crate::pdf::PageModel;

const TITLE_WORDS: &[&str] = &[
    "Director",
    "Minister",
    "Manager",
    "Researcher",
    "researcher",
    "Advisor",
    "Adviser",
    "Analyst",
    "Officer",
    "Chief",
    "Head",
    "President",
    "Counsel",
    "Ambassador",
    "Secretary",
    "Coordinator",
    "Spokesperson",
    "Commissioner",
    "Clerk",
    "Chair",
    "Consultant",
    "Specialist",
    "Directrice",
    "Directeur",
    "Ministre",
    "Conseiller",
    "Conseillère",
    "Analyste",
    "Gestionnaire",
];
const UNIT_WORDS: &[&str] = &[
    "Bureau",
    "Division",
    "Branch",
    "Directorate",
    "Office",
    "Sector",
    "Section",
    "Unit",
    "Secretariat",
    "Team",
    "Group",
];

#[derive(Debug, Default, Clone)]
struct Person {
    name: String,
    title: Option<String>,
    org: Option<String>,
    official_hint: Option<bool>,
    aliases: Vec<String>,
    emails: Vec<String>,
}

fn name_word(w: &str) -> bool {
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
fn is_name_line(t: &str) -> bool {
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
        && !words
            .iter()
            .any(|w| UNIT_WORDS.contains(w) || TITLE_WORDS.contains(w))
        && !["Canada", "Affairs", "Government", "Inc.", "Ltd.", "Forces"]
            .iter()
            .any(|x| words.contains(x))
}

fn has_title_word(t: &str) -> bool {
    t.split(|c: char| !c.is_alphabetic())
        .any(|w| TITLE_WORDS.contains(&w))
}

fn has_unit_word(t: &str) -> bool {
    t.split(|c: char| !c.is_alphabetic())
        .any(|w| UNIT_WORDS.contains(&w))
}

/// The English side of a bilingual `English | Français` line.
fn left(t: &str) -> String {
    t.split(" | ").next().unwrap_or(t).trim().to_string()
}

fn org_for_title(title: &str) -> Option<String> {
    let t = title.to_lowercase();
    (t.contains("foreign affairs")
        || t.contains("international trade")
        || t.contains("international development"))
    .then(|| "Global Affairs Canada".to_string())
}

fn is_government(org: &str) -> bool {
    let o = org.to_lowercase();
    [
        "canada",
        "government",
        "gouvernement",
        "ministry",
        "department",
        "ministère",
        "agency",
        "privy council",
        "parliament",
        "house of commons",
    ]
    .iter()
    .any(|k| o.contains(k))
}

struct Found {
    people: Vec<Person>,
}

/// One identity whatever the case and the accents (OCR often reads `è` as `é`, or drops it).
fn identity_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    name.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

impl Found {
    fn add(&mut self, p: Person) {
        let key = identity_key(&p.name);
        if let Some(e) = self
            .people
            .iter_mut()
            .find(|e| identity_key(&e.name) == key)
        {
            // Keep the most informative title (longest) and the first organisation.
            if let Some(t) = p.title
                && e.title.as_ref().is_none_or(|old| t.len() > old.len())
            {
                e.title = Some(t);
            }
            // An organisation cut at a line break ("Project") gives way to its full form.
            match (&e.org, p.org) {
                (None, o) => e.org = o,
                (Some(old), Some(new))
                    if new.len() > old.len() && new.starts_with(old.as_str()) =>
                {
                    e.org = Some(new)
                }
                _ => {}
            }
            if e.official_hint.is_none() {
                e.official_hint = p.official_hint;
            }
            for a in p.aliases {
                if !e.aliases.contains(&a) {
                    e.aliases.push(a);
                }
            }
            for m in p.emails {
                if !e.emails.contains(&m) {
                    e.emails.push(m);
                }
            }
        } else {
            self.people.push(p);
        }
    }
}

fn re(cell: &'static OnceLock<Option<Regex>>, pat: &str) -> Option<&'static Regex> {
    cell.get_or_init(|| Regex::new(pat).ok()).as_ref()
}

const NAME: &str = r"\p{Lu}[\p{L}'’-]+(?:\s(?:(?:van|von|der|den|de|del|du|la|le|da|di|bin)\s)*\p{Lu}[\p{L}'’-]+){1,3}";

fn apposition() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    re(
        &RE,
        &format!(
            r"(?P<name>{NAME}),\s(?:an?\s|the\s)?(?P<title>(?:(?:Acting|Senior|Associate|Assistant|Deputy|Executive|Interim)\s)*(?:Director General|Director|Deputy Minister|Minister|Manager|Researcher|researcher|Advisor|Adviser|Analyst|Officer|Chief|Head|President|Vice-President|Counsel|Ambassador|Spokesperson|spokesperson|Secretary)[^.;:|]*)"
        ),
    )
}

fn role_with_org() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    re(
        &RE,
        &format!(
            r"(?P<name>{NAME}),\s(?:an?|the)\s(?P<role>(?:senior\s|research\s)?(?:researcher|analyst|spokesperson|spokesman|lawyer|professor|consultant|journalist|reporter|executive|director|manager))\s(?:with|at|of|for)\s(?P<org>(?:the\s)?\p{{Lu}}[\p{{L}}&'’.-]*(?:\s\p{{Lu}}[\p{{L}}&'’.-]*){{0,5}})"
        ),
    )
}

fn title_before() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    re(
        &RE,
        &format!(
            r"\b(?P<title>(?:Prime Minister|Deputy Minister|Minister)(?: of (?:Foreign Affairs|International Trade|National Defence|International Development))?)\s(?P<name>{NAME})"
        ),
    )
}

fn honourable() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    re(
        &RE,
        &format!(r"(?:The Honourable|L'honorable|Hon\.)\s(?P<name>{NAME})"),
    )
}

fn email() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    re(
        &RE,
        r"\b(?P<first>[a-z]+(?:-[a-z]+)?)\.(?P<last>[a-z]+(?:-[a-z]+)?)@(?P<domain>[a-z0-9.-]+\.[a-z]{2,})",
    )
}

fn short_ref() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    re(
        &RE,
        r"\b(?P<hon>Ms\.|Mr\.|Mrs\.|Dr\.|M\.|Mme|Minister|Deputy Minister|Director)\s(?P<last>\p{Lu}[\p{L}'’-]+)",
    )
}

fn greeting() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    re(
        &RE,
        r"^(?:(?:Hello|Hi|Dear|Bonjour|Salut|Cher|Chère)\s)?(?P<first>\p{Lu}[\p{L}'’-]+),$",
    )
}

/// Finds people in the pages, merged with the roster.
pub fn detect(pages: &[PageModel], documents: &[Document], roster: &Roster) -> Vec<Official> {
    let mut found = Found { people: Vec::new() };

    // 1. E-mail and memo headers: natural names, raw forms as aliases.
    let header_re = Regex::new(r"^\s*(?:From|De|To|À|A|Cc|CC|Bcc|Cci)\s?:\s*(?P<v>.+)$").ok();
    for page in pages {
        for line in &page.lines {
            let Some(c) = header_re.as_ref().and_then(|r| r.captures(&line.text)) else {
                continue;
            };
            let v = c.name("v").map_or("", |m| m.as_str());
            for raw in v.split(';') {
                let raw = raw.trim();
                let name = natural_name(raw);
                if !is_name_line(&name) {
                    continue;
                }
                // "Anand, Shalini -TID": the releasing institution's directory; "-EXT" marks outsiders.
                let suffix = raw.split_whitespace().last().filter(|w| w.starts_with('-'));
                let directory_form =
                    raw.contains(',') && suffix.is_some_and(|w| !w.eq_ignore_ascii_case("-EXT"));
                let mut p = Person {
                    name: name.clone(),
                    official_hint: directory_form.then_some(true),
                    ..Person::default()
                };
                let alias = raw.split('<').next().unwrap_or(raw).trim().to_string();
                if alias != name && !alias.is_empty() {
                    p.aliases.push(alias);
                }
                if let Some(m) = email().and_then(|r| r.find(raw)) {
                    p.emails.push(m.as_str().to_string());
                }
                found.add(p);
            }
        }
    }
    let _ = documents;

    // 2. Signature blocks, appositions, titles before names, "The Honourable".
    for page in pages {
        let lines: Vec<&str> = page.lines.iter().map(|l| l.text.trim()).collect();
        for (i, t) in lines.iter().enumerate() {
            if is_name_line(t)
                && let Some(next) = lines.get(i + 1)
                && has_title_word(&left(next))
                && !next.contains(':')
            {
                let mut title = left(next);
                let mut org = None;
                let mut k = i + 2;
                while let Some(l) = lines.get(k) {
                    let l2 = left(l);
                    if l2.contains('@')
                        || l2.chars().filter(char::is_ascii_digit).count() > 5
                        || l2.contains(':')
                    {
                        break;
                    }
                    if has_unit_word(&l2) && org.is_none() && !l2.contains("Canada") {
                        title = format!("{title}, {l2}");
                    } else if org.is_none() && l2.split_whitespace().count() <= 6 {
                        org = Some(l2);
                        break;
                    } else {
                        break;
                    }
                    k += 1;
                }
                let org = org.or_else(|| org_for_title(&title));
                found.add(Person {
                    name: t.to_string(),
                    title: Some(title),
                    org,
                    ..Person::default()
                });
            }
            if let Some(r) = apposition() {
                for c in r.captures_iter(t) {
                    let (Some(n), Some(ti)) = (c.name("name"), c.name("title")) else {
                        continue;
                    };
                    let name = n.as_str().trim().to_string();
                    if !is_name_line(&name) {
                        continue;
                    }
                    // "Director, Arms Control Division, yesterday": titles are capitalised parts.
                    let mut title = ti
                        .as_str()
                        .split(", ")
                        .enumerate()
                        .take_while(|(k, part)| *k == 0 || part.starts_with(char::is_uppercase))
                        .map(|(_, part)| part.trim())
                        .collect::<Vec<_>>()
                        .join(", ")
                        .trim_end_matches(',')
                        .to_string();
                    let mut org = None;
                    for sep in [" with ", " at "] {
                        if let Some((a, b)) = title.clone().split_once(sep) {
                            title = a.trim().to_string();
                            org = Some(b.trim().trim_end_matches(',').to_string());
                        }
                    }
                    let mut chars = title.chars();
                    if let Some(f) = chars.next() {
                        title = f.to_uppercase().collect::<String>() + chars.as_str();
                    }
                    let org = org.or_else(|| org_for_title(&title));
                    found.add(Person {
                        name,
                        title: Some(title),
                        org,
                        ..Person::default()
                    });
                }
            }
            if let Some(r) = title_before() {
                for c in r.captures_iter(t) {
                    let (Some(n), Some(ti)) = (c.name("name"), c.name("title")) else {
                        continue;
                    };
                    let name = n.as_str().trim().to_string();
                    if !is_name_line(&name) || name.split_whitespace().count() < 2 {
                        continue;
                    }
                    let title = ti.as_str().to_string();
                    found.add(Person {
                        org: org_for_title(&title),
                        name,
                        title: Some(title),
                        official_hint: Some(true),
                        ..Person::default()
                    });
                }
            }
            if let Some(r) = honourable()
                && let Some(c) = r.captures(t)
                && let Some(n) = c.name("name")
            {
                // The addressee of a memorandum "FOR THE MINISTER OF ..." just above.
                let title = (i.saturating_sub(2)..i)
                    .filter_map(|k| lines.get(k))
                    .find_map(|l| l.split_once(" FOR THE ").map(|(_, t)| title_case(t)));
                found.add(Person {
                    org: title.as_deref().and_then(org_for_title),
                    name: n.as_str().to_string(),
                    title,
                    official_hint: Some(true),
                    ..Person::default()
                });
            }
        }
    }

    // "Name, a researcher with Organisation": the organisation often runs over a line break.
    for page in pages {
        let joined = page
            .lines
            .iter()
            .map(|l| l.text.trim())
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(r) = role_with_org() {
            for c in r.captures_iter(&joined) {
                let (Some(n), Some(role), Some(org)) =
                    (c.name("name"), c.name("role"), c.name("org"))
                else {
                    continue;
                };
                if !is_name_line(n.as_str()) {
                    continue;
                }
                let mut chars = role.as_str().chars();
                let title = chars
                    .next()
                    .map(|f| f.to_uppercase().collect::<String>() + chars.as_str());
                found.add(Person {
                    name: n.as_str().to_string(),
                    title,
                    org: Some(org.as_str().trim().to_string()),
                    ..Person::default()
                });
            }
        }
    }

    // People printed in the directory form of the releasing institution ("Anand, Shalini -TID")
    // belong to it: when every such person whose organisation is known shares one, the others
    // get it too.
    let directory_orgs: Vec<String> = found
        .people
        .iter()
        .filter(|p| p.official_hint == Some(true) && p.aliases.iter().any(|a| a.contains(", ")))
        .filter_map(|p| p.org.clone())
        .collect();
    if let Some(first) = directory_orgs.first()
        && directory_orgs.iter().all(|o| o == first)
    {
        let org = first.clone();
        for p in &mut found.people {
            if p.org.is_none()
                && p.official_hint == Some(true)
                && p.aliases.iter().any(|a| a.contains(", "))
            {
                p.org = Some(org.clone());
            }
        }
    }

    // 3. Roster: fills titles and organisations, adds aliases; never required.
    for entry in &roster.people {
        if let Some(p) = found
            .people
            .iter_mut()
            .find(|p| p.name == entry.name || entry.aliases.contains(&p.name))
        {
            if p.title.is_none() {
                p.title = entry.title.clone();
            }
            if p.org.is_none() {
                p.org = entry.organization.clone();
            }
            for a in &entry.aliases {
                if !p.aliases.contains(a) {
                    p.aliases.push(a.clone());
                }
            }
        }
    }

    // 4. Mentions: full names, aliases, short forms, first-name greetings, addresses.
    let mut out = Vec::new();
    let people = found.people.clone();
    for p in &people {
        let last = p.name.split_whitespace().last().unwrap_or("").to_string();
        let first = p.name.split_whitespace().next().unwrap_or("").to_string();
        let unique_last = people
            .iter()
            .filter(|o| o.name.split_whitespace().last() == Some(last.as_str()))
            .count()
            == 1;
        let unique_first = people
            .iter()
            .filter(|o| o.name.split_whitespace().next() == Some(first.as_str()))
            .count()
            == 1;
        let mut aliases = p.aliases.clone();
        let mut emails = p.emails.clone();
        let mut mentions: Vec<Mention> = Vec::new();
        for page in pages {
            for line in &page.lines {
                let text = &line.text;
                let mut spans: Vec<(usize, usize)> = Vec::new();
                let add = |s: usize, e: usize, spans: &mut Vec<(usize, usize)>| {
                    if !spans.iter().any(|(a, b)| s < *b && e > *a) {
                        spans.push((s, e));
                    }
                };
                for form in std::iter::once(&p.name).chain(p.aliases.iter()) {
                    for (s, _) in text.match_indices(form.as_str()) {
                        add(s, s + form.len(), &mut spans);
                    }
                }
                if unique_last && let Some(r) = short_ref() {
                    for c in r.captures_iter(text) {
                        if let (Some(m), Some(l)) = (c.get(0), c.name("last"))
                            && l.as_str() == last
                        {
                            let before = spans.len();
                            add(m.start(), m.end(), &mut spans);
                            if spans.len() > before && !aliases.iter().any(|a| a == m.as_str()) {
                                aliases.push(m.as_str().to_string());
                            }
                        }
                    }
                }
                if unique_first
                    && let Some(r) = greeting()
                    && let Some(c) = r.captures(text.trim())
                    && c.name("first").is_some_and(|f| f.as_str() == first)
                    && let Some(s) = text.find(first.as_str())
                {
                    add(s, s + first.len(), &mut spans);
                    if !aliases.contains(&first) {
                        aliases.push(first.clone());
                    }
                }
                if let Some(r) = email() {
                    for c in r.captures_iter(text) {
                        let (Some(m), Some(f), Some(l)) =
                            (c.get(0), c.name("first"), c.name("last"))
                        else {
                            continue;
                        };
                        if f.as_str() == first.to_lowercase() && l.as_str() == last.to_lowercase() {
                            add(m.start(), m.end(), &mut spans);
                            let addr = m.as_str().to_string();
                            if !emails.contains(&addr) {
                                emails.push(addr.clone());
                            }
                            if !aliases.contains(&addr) {
                                aliases.push(addr);
                            }
                        }
                    }
                }
                spans.sort_unstable();
                for (s, e) in spans {
                    mentions.push(Mention {
                        provenance: Default::default(),
                        page: page.number,
                        bbox: line.byte_span_bbox(s, e),
                        text: text.get(s..e).unwrap_or("").to_string(),
                    });
                }
            }
        }
        if mentions.is_empty() {
            continue;
        }
        let mut pages_of: Vec<u32> = mentions.iter().map(|m| m.page).collect();
        pages_of.dedup();
        let org = p.org.clone().or_else(|| {
            emails
                .iter()
                .any(|e| e.ends_with("@international.gc.ca"))
                .then(|| "Global Affairs Canada".to_string())
        });
        let is_official = match (&org, p.official_hint) {
            (_, Some(true)) => true,
            (Some(o), _) => is_government(o),
            (None, _) => emails.iter().any(|e| e.ends_with(".gc.ca")),
        };
        aliases.retain(|a| a != &p.name);
        out.push(Official {
            provenance: Default::default(),
            id: format!("person-{}", slug(&p.name)),
            name: p.name.clone(),
            title: p.title.clone(),
            organization: org,
            is_official,
            aliases,
            emails,
            pages: pages_of,
            mentions: u32::try_from(mentions.len()).unwrap_or(u32::MAX),
            mention_list: mentions,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

fn title_case(s: &str) -> String {
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

fn slug(name: &str) -> String {
    let mut s = String::new();
    for c in name.to_lowercase().chars() {
        if c.is_alphanumeric() {
            s.push(c);
        } else if !s.ends_with('-') {
            s.push('-');
        }
    }
    s.trim_matches('-').to_string()
}
