//! Finding people: only where the text says someone is a person (e-mail headers, signature
//! blocks, appositions "Name, Title", titles before names, "The Honourable Name"), never from any
//! pair of capitalised words. Short forms (Ms. Anand, Minister Champagne, a first-name greeting, an
//! address first.last@) then resolve to the one full name they fit.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;

use super::{Mention, Official, Roster, TitleSeen};
use crate::documents::Document;
use crate::documents::names::{TagForm, directory_tag, natural_name};
use crate::pdf::PageModel;

use super::prose::*;
use super::words::*;

#[derive(Debug, Default, Clone)]
struct Person {
    name: String,
    title: Option<String>,
    org: Option<String>,
    official_hint: Option<bool>,
    aliases: Vec<String>,
    emails: Vec<String>,
    /// Every title stated, with its organisation and page, in the order found.
    titles: Vec<(String, Option<String>, u32)>,
}

struct Found {
    people: Vec<Person>,
    /// Index in `people` by identity key.
    index: HashMap<String, usize>,
}

use super::identity_key;

impl Found {
    /// Adds a person whose title (if any) is stated on `page`.
    fn add_stated(&mut self, page: u32, mut p: Person) {
        if let Some(t) = &p.title {
            p.titles.push((t.clone(), p.org.clone(), page));
        }
        self.add(p);
    }

    fn add(&mut self, p: Person) {
        let key = identity_key(&p.name);
        if let Some(e) = self.index.get(&key).and_then(|&i| self.people.get_mut(i)) {
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
            e.titles.extend(p.titles);
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
            self.index.insert(key, self.people.len());
            self.people.push(p);
        }
    }
}

/// Finds people in the pages, merged with the roster.
pub fn detect(pages: &[PageModel], documents: &[Document], roster: &Roster) -> Vec<Official> {
    let mut found = Found {
        people: Vec::new(),
        index: HashMap::new(),
    };

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
                let display = display_name_title(raw);
                let name = natural_name(display.as_ref().map_or(raw, |d| d.0));
                if !is_name_line(&name) {
                    continue;
                }
                if let Some((_, title, org)) = display {
                    found.add_stated(
                        page.number,
                        Person {
                            official_hint: government_title(&title).then_some(true),
                            name: name.clone(),
                            title: Some(title),
                            org,
                            ..Person::default()
                        },
                    );
                }
                // "Anand, Shalini -TID", "Olsen, Kari (DFO/MPO)", "Roe, Jane / NCR": a government
                // directory, any department's ("-EXT" marks outsiders); a tag that is a known
                // department's acronym names the organisation.
                let before_addr = raw
                    .split('<')
                    .next()
                    .unwrap_or(raw)
                    .trim()
                    .trim_matches('"');
                let tag = directory_tag(before_addr).map(|(_, t)| t);
                let directory_form = raw.contains(',')
                    && tag
                        .as_ref()
                        .is_some_and(|(code, _)| !code.eq_ignore_ascii_case("EXT"));
                let tag_org = tag
                    .as_ref()
                    .filter(|(_, form)| *form != TagForm::Hyphen)
                    .and_then(|(code, _)| crate::vocab::gc_org_by_directory_tag(code))
                    .map(|o| o.en.clone());
                let mut p = Person {
                    name: name.clone(),
                    official_hint: (directory_form || tag_org.is_some()).then_some(true),
                    org: tag_org,
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
    let mut by_surname: Vec<(u32, String, String, Option<String>)> = Vec::new();
    for page in pages {
        let lines: Vec<&str> = page.lines.iter().map(|l| l.text.trim()).collect();
        for (i, t) in lines.iter().enumerate() {
            if is_name_line(t)
                && let Some(next) = lines.get(i + 1)
                && has_title_word(&left(next))
                && !next.contains(':')
            {
                // "Senior Policy Advisor, Regulatory Affairs Directorate, Privy Council Office".
                let first = left(next);
                let parts: Vec<&str> = first.split(", ").collect();
                let (mut title, mut org) = title_parts(&parts);
                let mut k = i + 2;
                while let Some(l) = lines.get(k).filter(|_| org.is_none()) {
                    let l2 = left(l);
                    if l2.contains('@')
                        || l2.chars().filter(char::is_ascii_digit).count() > 5
                        || l2.contains(':')
                    {
                        break;
                    }
                    if has_unit_word(&l2) && org.is_none() && !l2.contains("Canada") {
                        title = format!("{title}, {l2}");
                    } else if org.is_none()
                        && l2.split_whitespace().count() <= 6
                        // An institution's name, not a rule or a quoted message's marker.
                        && l2.starts_with(char::is_uppercase)
                        && l2.chars().filter(|c| c.is_alphabetic()).count() * 4
                            >= l2.chars().count() * 3
                    {
                        org = Some(l2);
                        break;
                    } else {
                        break;
                    }
                    k += 1;
                }
                let org = org.or_else(|| org_for_title(&title));
                found.add_stated(
                    page.number,
                    Person {
                        name: t.to_string(),
                        title: Some(title),
                        org,
                        ..Person::default()
                    },
                );
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
                    found.add_stated(
                        page.number,
                        Person {
                            org: org_for_title(&title),
                            name,
                            title: Some(title),
                            official_hint: Some(true),
                            ..Person::default()
                        },
                    );
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
                found.add_stated(
                    page.number,
                    Person {
                        org: title.as_deref().and_then(org_for_title),
                        name: n.as_str().to_string(),
                        title,
                        official_hint: Some(true),
                        ..Person::default()
                    },
                );
            }
        }
        // Sentences run over line breaks and past labels in the margin: titles stated in prose
        // are read from the page as one stream.
        let stream = prose_stream(&page.lines);
        for (name, title, org) in appositions(&stream) {
            found.add_stated(
                page.number,
                Person {
                    name,
                    title: Some(title),
                    org,
                    ..Person::default()
                },
            );
        }
        let mut stated = prose_titles(&stream);
        for (who, title, org) in who_titles(&stream) {
            match who {
                Who::Name(name) => stated.push((name, title, org)),
                // Given to the one person of that surname once everyone is known.
                Who::Surname(last) => by_surname.push((page.number, last, title, org)),
            }
        }
        for (name, title, org) in stated {
            found.add_stated(
                page.number,
                Person {
                    official_hint: government_title(&title).then_some(true),
                    name,
                    title: Some(title),
                    org,
                    ..Person::default()
                },
            );
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
                found.add_stated(
                    page.number,
                    Person {
                        name: n.as_str().to_string(),
                        title,
                        org: Some(org.as_str().trim().to_string()),
                        ..Person::default()
                    },
                );
            }
        }
    }

    // "Ms. Roe, who heads the bureau": the title goes to the one person named Roe.
    for (page, last, title, org) in by_surname {
        let key = identity_key(&last);
        let mut same = found.people.iter_mut().filter(|p| {
            p.name
                .split_whitespace()
                .last()
                .is_some_and(|w| identity_key(w) == key)
        });
        if let (Some(p), None) = (same.next(), same.next()) {
            p.titles.push((title.clone(), org.clone(), page));
            if p.title.is_none() {
                p.title = Some(title);
            }
            if p.org.is_none() {
                p.org = org;
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
    // The first person of each exact name.
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for (i, p) in found.people.iter().enumerate() {
        by_name.entry(p.name.clone()).or_insert(i);
    }
    for entry in &roster.people {
        // The first person named by the entry's name or one of its aliases.
        let first = std::iter::once(&entry.name)
            .chain(&entry.aliases)
            .filter_map(|n| by_name.get(n).copied())
            .min();
        if let Some(p) = first.and_then(|i| found.people.get_mut(i)) {
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
    let people = found.people.clone();
    let keys = Keys::of_all(&people);
    let index = MentionIndex::new(&people, &keys);
    let mut found_mentions: Vec<PersonMentions> = people
        .iter()
        .map(|p| PersonMentions {
            aliases: p.aliases.clone(),
            emails: p.emails.clone(),
            mentions: Vec::new(),
        })
        .collect();
    let mut candidates: Vec<usize> = Vec::new();
    for page in pages {
        for line in &page.lines {
            let text = &line.text;
            // Every regular expression runs once per line; each hit goes to the people it fits.
            let line_hits = LineHits::of(text);
            index.candidates(text, &line_hits, &mut candidates);
            for &i in &candidates {
                let (Some(p), Some(k), Some(state)) =
                    (people.get(i), keys.get(i), found_mentions.get_mut(i))
                else {
                    continue;
                };
                state.scan_line(p, k, page.number, line, &line_hits);
            }
        }
    }
    cut_names(pages, &people, &mut found_mentions);
    let mut out = Vec::new();
    for (p, state) in people.iter().zip(found_mentions) {
        let PersonMentions {
            mut aliases,
            emails,
            mentions,
        } = state;
        if mentions.is_empty() {
            continue;
        }
        let mut pages_of: Vec<u32> = mentions.iter().map(|m| m.page).collect();
        pages_of.dedup();
        // An address names its department (`assets/vocab/gc_organizations.json`).
        let org = p.org.clone().or_else(|| {
            emails
                .iter()
                .find_map(|e| crate::vocab::gc_org_by_email(e))
                .map(|o| o.en.clone())
        });
        let is_official = match (&org, p.official_hint) {
            (_, Some(true)) => true,
            (Some(o), _) => is_government(o) || emails.iter().any(|e| crate::vocab::is_gc_email(e)),
            (None, _) => emails.iter().any(|e| crate::vocab::is_gc_email(e)),
        };
        aliases.retain(|a| a != &p.name);
        let titles = titles_seen(&p.titles);
        out.push(Official {
            titles,
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

/// Each distinct title stated, with the pages where it is stated, in order of first statement. A
/// title that only begins another stated on the same page ("Director" and "Director, Arms
/// Control Division") is the same statement.
fn titles_seen(stated: &[(String, Option<String>, u32)]) -> Vec<TitleSeen> {
    let mut out: Vec<TitleSeen> = Vec::new();
    for (title, org, page) in stated {
        let shorter_on_page = stated.iter().any(|(t, _, p)| {
            p == page && t.len() > title.len() && identity_key(t).starts_with(&identity_key(title))
        });
        if shorter_on_page {
            continue;
        }
        let key = identity_key(title);
        if let Some(seen) = out.iter_mut().find(|s| identity_key(&s.title) == key) {
            if !seen.pages.contains(page) {
                seen.pages.push(*page);
                seen.pages.sort_unstable();
            }
            // An organisation cut at a line break gives way to its full form.
            match (&seen.organization, org) {
                (None, o) => seen.organization.clone_from(o),
                (Some(old), Some(new))
                    if new.len() > old.len() && new.starts_with(old.as_str()) =>
                {
                    seen.organization = Some(new.clone());
                }
                _ => {}
            }
        } else {
            out.push(TitleSeen {
                title: title.clone(),
                organization: org.clone(),
                pages: vec![*page],
            });
        }
    }
    out
}

/// What the mention search needs of one person's name.
struct Keys<'a> {
    first: &'a str,
    last: &'a str,
    first_lower: String,
    last_lower: String,
    /// No one else has this last name: "Ms. Anand" is this person.
    unique_last: bool,
    /// No one else has this first name: a greeting "Shalini," is this person.
    unique_first: bool,
}

impl<'a> Keys<'a> {
    /// The keys of every person, name counts taken once for all.
    fn of_all(people: &'a [Person]) -> Vec<Keys<'a>> {
        let mut firsts: HashMap<&str, usize> = HashMap::new();
        let mut lasts: HashMap<&str, usize> = HashMap::new();
        for p in people {
            if let Some(w) = p.name.split_whitespace().next() {
                *firsts.entry(w).or_default() += 1;
            }
            if let Some(w) = p.name.split_whitespace().last() {
                *lasts.entry(w).or_default() += 1;
            }
        }
        people
            .iter()
            .map(|p| {
                let last = p.name.split_whitespace().last().unwrap_or("");
                let first = p.name.split_whitespace().next().unwrap_or("");
                Keys {
                    first,
                    last,
                    // Addresses are written without accents: `lukasz.wrobel@` is Łukasz Wróbel.
                    first_lower: identity_key(first),
                    last_lower: identity_key(last),
                    unique_last: lasts.get(last) == Some(&1),
                    unique_first: firsts.get(first) == Some(&1),
                }
            })
            .collect()
    }
}

/// The regular-expression hits of one line, found once for all people.
struct LineHits<'t> {
    /// "Ms. Anand": (start, end, whole, last name).
    short_refs: Vec<(usize, usize, &'t str, &'t str)>,
    /// "Dear Shalini,": the first name.
    greeting: Option<&'t str>,
    /// first.last@domain: (start, end, whole, first, last).
    emails: Vec<(usize, usize, &'t str, &'t str, &'t str)>,
}

impl<'t> LineHits<'t> {
    fn of(text: &'t str) -> LineHits<'t> {
        let short_refs = short_ref()
            .map(|r| {
                r.captures_iter(text)
                    .filter_map(|c| {
                        let (m, l) = (c.get(0)?, c.name("last")?);
                        Some((m.start(), m.end(), m.as_str(), l.as_str()))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let greeting = greeting()
            .and_then(|r| r.captures(text.trim()))
            .and_then(|c| c.name("first"))
            .map(|f| f.as_str());
        let emails = email()
            .map(|r| {
                r.captures_iter(text)
                    .filter_map(|c| {
                        let (m, f, l) = (c.get(0)?, c.name("first")?, c.name("last")?);
                        Some((m.start(), m.end(), m.as_str(), f.as_str(), l.as_str()))
                    })
                    .collect()
            })
            .unwrap_or_default();
        LineHits {
            short_refs,
            greeting,
            emails,
        }
    }
}

/// Which people a line may mention, without trying every person on every line: one automaton
/// over every full name and alias, and the regular-expression hits looked up by name.
struct MentionIndex<'a> {
    /// Over the distinct non-empty names and aliases.
    automaton: Option<AhoCorasick>,
    /// The people of each pattern of the automaton.
    owners: Vec<Vec<usize>>,
    /// People with an empty form (it matches everywhere) or, when the automaton could not be
    /// built, everyone: tried on every line.
    always: Vec<usize>,
    /// The one person of each unique last name.
    by_unique_last: HashMap<&'a str, usize>,
    /// The one person of each unique first name.
    by_unique_first: HashMap<&'a str, usize>,
    /// People by lower-case (first, last) name, for addresses.
    by_address: HashMap<(&'a str, &'a str), Vec<usize>>,
}

impl<'a> MentionIndex<'a> {
    fn new(people: &'a [Person], keys: &'a [Keys<'a>]) -> MentionIndex<'a> {
        let mut patterns: Vec<&'a str> = Vec::new();
        let mut pattern_of: HashMap<&'a str, usize> = HashMap::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        let mut always = Vec::new();
        for (i, p) in people.iter().enumerate() {
            for form in std::iter::once(&p.name).chain(&p.aliases) {
                if form.is_empty() {
                    always.push(i);
                    continue;
                }
                let k = *pattern_of.entry(form.as_str()).or_insert_with(|| {
                    patterns.push(form.as_str());
                    owners.push(Vec::new());
                    owners.len() - 1
                });
                if let Some(o) = owners.get_mut(k)
                    && o.last() != Some(&i)
                {
                    o.push(i);
                }
            }
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .ok();
        if automaton.is_none() {
            always = (0..people.len()).collect();
        }
        always.dedup();
        let mut by_unique_last = HashMap::new();
        let mut by_unique_first = HashMap::new();
        let mut by_address: HashMap<(&'a str, &'a str), Vec<usize>> = HashMap::new();
        for (i, k) in keys.iter().enumerate() {
            if k.unique_last {
                by_unique_last.insert(k.last, i);
            }
            if k.unique_first {
                by_unique_first.insert(k.first, i);
            }
            by_address
                .entry((k.first_lower.as_str(), k.last_lower.as_str()))
                .or_default()
                .push(i);
        }
        MentionIndex {
            automaton,
            owners,
            always,
            by_unique_last,
            by_unique_first,
            by_address,
        }
    }

    /// The people `text` may mention, ascending, into `out`.
    fn candidates(&self, text: &str, hits: &LineHits<'_>, out: &mut Vec<usize>) {
        out.clear();
        out.extend_from_slice(&self.always);
        if let Some(a) = &self.automaton {
            for m in a.find_overlapping_iter(text) {
                if let Some(o) = self.owners.get(m.pattern().as_usize()) {
                    out.extend_from_slice(o);
                }
            }
        }
        for (_, _, _, last) in &hits.short_refs {
            out.extend(self.by_unique_last.get(last));
        }
        if let Some(first) = hits.greeting {
            out.extend(self.by_unique_first.get(first));
        }
        for (_, _, _, first, last) in &hits.emails {
            let (first, last) = (identity_key(first), identity_key(last));
            if let Some(o) = self.by_address.get(&(first.as_str(), last.as_str())) {
                out.extend_from_slice(o);
            }
        }
        out.sort_unstable();
        out.dedup();
    }
}

/// One person's mentions, and the aliases and addresses found with them.
struct PersonMentions {
    aliases: Vec<String>,
    emails: Vec<String>,
    mentions: Vec<Mention>,
}

impl PersonMentions {
    /// The mentions of `p` on one line: full name and aliases, then (when the name is unique)
    /// short forms and greetings, then addresses; overlapping finds count once.
    fn scan_line(
        &mut self,
        p: &Person,
        k: &Keys<'_>,
        page: u32,
        line: &crate::pdf::model::TextLine,
        hits: &LineHits<'_>,
    ) {
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
        if k.unique_last {
            for &(start, end, whole, last) in &hits.short_refs {
                if last == k.last {
                    let before = spans.len();
                    add(start, end, &mut spans);
                    if spans.len() > before && !self.aliases.iter().any(|a| a == whole) {
                        self.aliases.push(whole.to_string());
                    }
                }
            }
        }
        if k.unique_first
            && hits.greeting == Some(k.first)
            && let Some(s) = text.find(k.first)
        {
            add(s, s + k.first.len(), &mut spans);
            if !self.aliases.iter().any(|a| a == k.first) {
                self.aliases.push(k.first.to_string());
            }
        }
        for &(start, end, whole, first, last) in &hits.emails {
            if identity_key(first) == k.first_lower && identity_key(last) == k.last_lower {
                add(start, end, &mut spans);
                let addr = whole.to_string();
                if !self.emails.contains(&addr) {
                    self.emails.push(addr.clone());
                }
                if !self.aliases.contains(&addr) {
                    self.aliases.push(addr);
                }
            }
        }
        spans.sort_unstable();
        for (s, e) in spans {
            self.mentions.push(Mention {
                provenance: Default::default(),
                page,
                bbox: line.byte_span_bbox(s, e),
                text: text.get(s..e).unwrap_or("").to_string(),
            });
        }
    }
}

/// Full names cut by a line break ("… We understand Kenji" / "Kowalczyk, the executive …"):
/// a mention on the page, boxed on the line where the name begins.
fn cut_names(pages: &[PageModel], people: &[Person], found: &mut [PersonMentions]) {
    // By the word that ends a name's first part: a line's last word gives the few to try.
    let mut by_word: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    for (i, p) in people.iter().enumerate() {
        let words: Vec<&str> = p.name.split_whitespace().collect();
        for k in 1..words.len() {
            if let Some(w) = words.get(k - 1) {
                by_word.entry(w).or_default().push((i, k));
            }
        }
    }
    for page in pages {
        for pair in page.lines.windows(2) {
            let [a, b] = pair else { continue };
            let (a_text, b_text) = (a.text.trim_end(), b.text.trim_start());
            let Some(last) = a_text.split_whitespace().last() else {
                continue;
            };
            let Some(cands) = by_word.get(last) else {
                continue;
            };
            for &(i, k) in cands {
                let (Some(p), Some(state)) = (people.get(i), found.get_mut(i)) else {
                    continue;
                };
                let words: Vec<&str> = p.name.split_whitespace().collect();
                let (head, tail) = (words[..k].join(" "), words[k..].join(" "));
                let starts_tail = b_text.strip_prefix(tail.as_str()).is_some_and(|rest| {
                    !rest.starts_with(|c: char| c.is_alphanumeric() || c == '-')
                });
                let Some(before) = a_text.strip_suffix(head.as_str()) else {
                    continue;
                };
                if !starts_tail || !(before.is_empty() || before.ends_with(char::is_whitespace)) {
                    continue;
                }
                let start = before.len();
                state.mentions.push(Mention {
                    provenance: Default::default(),
                    page: page.number,
                    bbox: a.byte_span_bbox(start, start + head.len()),
                    text: p.name.clone(),
                });
            }
        }
    }
    for state in found.iter_mut() {
        state.mentions.sort_by_key(|m| m.page);
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::synthetic::page_from_lines;

    fn person(name: &str, aliases: &[&str]) -> Person {
        Person {
            name: name.to_string(),
            aliases: aliases.iter().map(|a| (*a).to_string()).collect(),
            ..Person::default()
        }
    }

    #[test]
    fn index_finds_the_people_a_line_may_name() {
        let people = vec![
            person("Shalini Anand", &["Anand, Shalini -TID"]),
            person("Marc Tremblay", &[]),
            person("Marc Dubois", &["M. Dubois"]),
            person("Anne Dubois", &[]),
        ];
        let keys = Keys::of_all(&people);
        assert!(keys[0].unique_last && keys[0].unique_first);
        assert!(keys[1].unique_last && !keys[1].unique_first);
        assert!(!keys[2].unique_last && !keys[3].unique_last);
        let index = MentionIndex::new(&people, &keys);
        let candidates = |text: &str| {
            let hits = LineHits::of(text);
            let mut out = Vec::new();
            index.candidates(text, &hits, &mut out);
            out
        };
        assert_eq!(candidates("From: Anand, Shalini -TID"), vec![0]);
        assert_eq!(candidates("Ms. Anand and Mr. Tremblay agreed."), vec![0, 1]);
        // "Dubois" alone names no one (two people share it); the alias "M. Dubois" does.
        assert_eq!(candidates("Mr. Dubois called M. Dubois."), vec![2]);
        assert_eq!(candidates("Shalini,"), vec![0]);
        assert_eq!(candidates("Marc,"), Vec::<usize>::new());
        assert_eq!(candidates("cc anne.dubois@international.gc.ca"), vec![3]);
        assert_eq!(candidates("Lunch at noon."), Vec::<usize>::new());
    }

    #[test]
    fn mentions_in_line_order_with_short_forms_and_addresses() {
        let pages = vec![
            page_from_lines(
                1,
                &[
                    "From: Anand, Shalini -TID",
                    "To: Tremblay, Marc -TID",
                    "Sent: March 3, 2021",
                    "Subject: Permits",
                    "Marc,",
                    "Ms. Anand will call. Shalini Anand",
                ],
            ),
            page_from_lines(
                2,
                &["Reply to shalini.anand@international.gc.ca and Marc Tremblay."],
            ),
        ];
        let found = detect(&pages, &[], &Roster::default());
        let names: Vec<&str> = found.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, vec!["Marc Tremblay", "Shalini Anand"]);
        let anand = &found[1];
        let texts: Vec<(u32, &str)> = anand
            .mention_list
            .iter()
            .map(|m| (m.page, m.text.as_str()))
            .collect();
        assert_eq!(
            texts,
            vec![
                (1, "Anand, Shalini -TID"),
                (1, "Ms. Anand"),
                (1, "Shalini Anand"),
                (2, "shalini.anand@international.gc.ca")
            ]
        );
        assert_eq!(anand.pages, vec![1, 2]);
        assert_eq!(anand.emails, vec!["shalini.anand@international.gc.ca"]);
        assert!(anand.aliases.contains(&"Ms. Anand".to_string()));
        let marc = &found[0];
        assert_eq!(marc.mentions, 3);
        assert!(marc.aliases.contains(&"Marc".to_string()));
    }

    fn titles_of(found: &[Official], name: &str) -> Vec<(String, Option<String>)> {
        found
            .iter()
            .find(|o| o.name == name)
            .map(|o| {
                o.titles
                    .iter()
                    .map(|t| (t.title.clone(), t.organization.clone()))
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn titles_stated_over_line_breaks_and_margin_labels() {
        let page = page_from_lines(
            1,
            &[
                "The figures came late this week, as we expected. We understand that Ingrid",
                "Haugland, the executive director of the Fisheries Science",
                "Sector, asked for them. The draft is ready. I spoke with Tariq Benali,",
                "s.21(1)(a) Senior Policy Advisor, Coastal Programs Directorate, this morning.",
                "Ruth Okafor",
                "Director, Licensing Division, Transport Canada",
                "-----Original Message-----",
                "Anita Sørensen",
                "Deputy Minister",
                "Financial Transactions and Reports Analysis Centre of Canada",
            ],
        );
        let found = detect(&[page], &[], &Roster::default());
        let h = titles_of(&found, "Ingrid Haugland");
        assert!(
            h.iter()
                .any(|(t, _)| t == "Executive Director of the Fisheries Science Sector"),
            "{h:?}"
        );
        let b = titles_of(&found, "Tariq Benali");
        assert!(
            b.iter().any(|(t, o)| t.starts_with("Senior Policy Advisor")
                && (t.contains("Coastal Programs Directorate")
                    || o.as_deref() == Some("Coastal Programs Directorate"))),
            "{b:?}"
        );
        // A signature's lines are no sentence: "Deputy Minister Financial Transactions" is
        // nobody.
        assert!(found.iter().all(|o| o.name != "Financial Transactions"));
        // The institution after the unit is the organisation, and a rule is none.
        let o = titles_of(&found, "Ruth Okafor");
        assert_eq!(
            o,
            vec![(
                "Director, Licensing Division".to_string(),
                Some("Transport Canada".to_string())
            )]
        );
    }

    #[test]
    fn a_wide_gap_ends_the_prose() {
        let mut page = page_from_lines(
            1,
            &[
                "We went over the budget and the figures with Nadia",
                "Kowal, Director, said no.",
            ],
        );
        // Far apart: two paragraphs, no name across them.
        if let Some(l) = page.lines.get_mut(1) {
            l.bbox.y0 -= 200.0;
            l.bbox.y1 -= 200.0;
            l.baseline_y -= 200.0;
        }
        let found = detect(&[page], &[], &Roster::default());
        assert!(found.iter().all(|o| o.name != "Nadia Kowal"), "{found:?}");
    }
}
