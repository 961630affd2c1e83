//! Segmentation: header blocks (`From:`/`De :` ... `Subject:`/`Objet :`; `MEMORANDUM` with
//! `FROM:`/`DATE:`/`SUBJECT:`) start documents; a header block below body text or after an
//! `-----Original Message-----` line, or an attribution line (`On … wrote:`), is a quoted message of
//! the document around it. Gmail's print layout (a `Gmail - …` title, the subject over `N
//! messages`, then each message's sender and date, and `To:`) makes one document per message, the
//! later ones in the first one's thread. Documents end before the next start, a withheld-page
//! notice, or a page with no text.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;

use super::dates::parse_date_time;
use super::names::natural_name;
use super::{Document, DocumentKind};
use crate::pdf::PageModel;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    From,
    Sent,
    To,
    Cc,
    Subject,
}

fn label_regex() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            // The second group are the usual OCR misreadings of the same labels on scans
            // (`Ce:` for `Cc:`, `rn` for `m`, a lost accent, `;` for `:`).
            r"^\s*(?P<label>From|De|Sent|Envoyé|Date|To|À|A|Cc|CC|Bcc|Cci|Subject|Objet|Sujet|Re|FROM|DE|DATE|TO|SUBJECT|OBJET|RE|Frorn|Envoye|Ce|Subiect|Obiet|Sent\.)\s?[:;]\s*(?P<value>.*)$",
        )
        .ok()
    })
    .as_ref()
}

fn field_of(label: &str) -> Option<Field> {
    Some(match label {
        "From" | "De" | "FROM" | "DE" | "Frorn" => Field::From,
        "Sent" | "Envoyé" | "Date" | "DATE" | "Envoye" | "Sent." => Field::Sent,
        "To" | "À" | "A" | "TO" => Field::To,
        "Cc" | "CC" | "Bcc" | "Cci" | "Ce" => Field::Cc,
        "Subject" | "Objet" | "Sujet" | "Re" | "RE" | "SUBJECT" | "OBJET" | "Subiect" | "Obiet" => {
            Field::Subject
        }
        _ => return None,
    })
}

/// `On Mon, 5 Oct 2020 at 14:03, Jane Roe <jane.roe@example.org> wrote:`, `Le lun. 5 oct. 2020 à
/// 14 h 03, Jane Roe <…> a écrit :`: the part between `On`/`Le` and `wrote`/`a écrit`.
fn attribution_regex() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)^\s*(?:On|Le)\s+(?P<rest>.+?)\s*(?:wrote|a\s+[ée]crit)\s*:\s*$").ok()
    })
    .as_ref()
}

/// A clock time in an attribution line (`14:03`, `2:03 PM`, `14 h 03`): where the date ends.
fn clock_regex() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)\b\d{1,2}\s?(?::|h)\s?\d{2}(?::\d{2})?(?:\s*[ap]\.?\s?m\b\.?)?").ok()
    })
    .as_ref()
}

fn year_regex() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\b(?:19|20)\d{2}\b").ok())
        .as_ref()
}

/// Sender, date (ISO) and time (`HH:MM`) read from an attribution line.
type Attribution = (String, Option<String>, Option<String>);

/// The sender and the date and time of an attribution line; `None` when the line is not one or
/// gives no date.
fn attribution(line: &str) -> Option<Attribution> {
    let rest = attribution_regex()?.captures(line)?.name("rest")?.as_str();
    // The date runs to the clock time; without one, to the year.
    let split = clock_regex()
        .and_then(|re| re.find(rest))
        .or_else(|| year_regex().and_then(|re| re.find(rest)))?
        .end();
    let (when, who) = rest.split_at_checked(split)?;
    let raw = who.trim_start_matches([',', ' ']).trim();
    let who = natural_name(raw);
    // A person's name (capitalised) or an address, in a few words: not `… le ministre a écrit :`.
    let named = raw.contains('<')
        || raw.contains('@')
        || who.chars().next().is_some_and(char::is_uppercase);
    let (date, time) = parse_date_time(when.trim().trim_end_matches(','));
    if who.is_empty() || !named || who.split_whitespace().count() > 6 || date.is_none() {
        return None;
    }
    Some((who, date, time))
}

/// The attribution starting at line `i`, possibly wrapped onto the next two lines, and the number
/// of lines it takes.
fn attribution_at(lines: &[&str], i: usize) -> Option<(usize, Attribution)> {
    let first = lines.get(i)?;
    let starts = first.trim_start();
    if !(starts.starts_with("On ") || starts.starts_with("Le ")) {
        return None;
    }
    let mut joined = first.trim().to_string();
    for n in 1..=3 {
        if let Some(a) = attribution(&joined) {
            return Some((n, a));
        }
        joined.push(' ');
        joined.push_str(lines.get(i + n)?.trim());
    }
    None
}

/// A line that introduces an earlier or forwarded message.
fn is_separator(line: &str) -> bool {
    let lower = line.to_lowercase();
    [
        "original message",
        "message d'origine",
        "message d’origine",
        "forwarded message",
        "message transféré",
        "begin forwarded message",
    ]
    .iter()
    .any(|s| lower.contains(s))
}

/// A memorandum's title line: `MEMORANDUM`, `MEMORANDUM FOR THE MINISTER`, `MEMO`, `BRIEFING
/// NOTE`, `NOTE DE SERVICE`, `NOTE D'INFORMATION`, `NOTE DE BREFFAGE` (in capitals, or alone on
/// its line: "Memorandum of Understanding between…" in a paragraph is not one).
fn is_memo_title(line: &str) -> bool {
    let t = line.trim();
    let upper = t.to_uppercase();
    let titled = [
        "MEMORANDUM",
        "MEMO",
        "BRIEFING NOTE",
        "INFORMATION NOTE",
        "NOTE DE SERVICE",
        "NOTE D'INFORMATION",
        "NOTE D’INFORMATION",
        "NOTE DE BREFFAGE",
        "NOTE POUR",
    ]
    .iter()
    .any(|w| {
        upper
            .strip_prefix(w)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', ':', '/', '-']))
    });
    titled && (t == upper || t.split_whitespace().count() <= 3)
}

/// A security marking alone on its line (`PROTECTED B`, `SECRET // CANADIAN EYES ONLY`,
/// `UNCLASSIFIED / NON CLASSIFIÉ`), in capitals, or after a `Classification:` label.
fn classification(line: &str) -> Option<String> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let re = RE
        .get_or_init(|| {
            Regex::new(
                r"(?i)^\s*(?P<label>(?:security\s+)?classification\s*:\s*|cote\s+de\s+s[ée]curit[ée]\s*:\s*)?(?P<c>(?:top\s+secret|tr[èe]s\s+secret|secret|confidential|confidentiel|unclassified|non[\s-]classifi[ée]|protected(?:\s+[abc])?|prot[ée]g[ée](?:\s+[abc])?)(?:\s*(?:/{1,2}|-)\s*[\p{L}' ]{1,40})?)\s*$",
            )
            .ok()
        })
        .as_ref()?;
    let c = re.captures(line)?;
    let value = c.name("c")?.as_str().trim();
    let labelled = c.name("label").is_some();
    (labelled || value == value.to_uppercase()).then(|| value.to_string())
}

/// A file or tracking number on a labelled line: `File No.: 4567-12-0033`, `Our file: …`,
/// `N/Réf. : 2022-0117`, `No de dossier : …`, `Tracking No.: …` (the value holds a digit).
fn file_number(line: &str) -> Option<String> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let re = RE
        .get_or_init(|| {
            Regex::new(
                r"(?i)^\s*(?:(?:our|your)\s+)?(?:file(?:\s+(?:no\.?|number|#))?|(?:[nv]/\s?)?r[ée]f(?:[ée]rence)?\.?|(?:n/\s?)?dossier|(?:no\.?|num[ée]ro)\s+de\s+(?:dossier|suivi|r[ée]f[ée]rence)|reference(?:\s+no\.?)?|tracking\s+(?:no\.?|number|#))\s*:\s*(?P<v>[\p{L}\p{N}][\p{L}\p{N} ./_-]{0,40})\s*$",
            )
            .ok()
        })
        .as_ref()?;
    let v = re.captures(line)?.name("v")?.as_str().trim();
    v.chars().any(|c| c.is_ascii_digit()).then(|| v.to_string())
}

/// The marking and file number printed around a header (lines `from..to`).
fn markings(lines: &[&str], from: usize, to: usize) -> (Option<String>, Option<String>) {
    let near = lines.get(from..to.min(lines.len())).unwrap_or(&[]);
    (
        near.iter().find_map(|l| classification(l)),
        near.iter().find_map(|l| file_number(l)),
    )
}

/// A header found on a page.
struct Header {
    page: u32,
    line: usize,
    kind: DocumentKind,
    from: Option<String>,
    to: Vec<String>,
    cc: Vec<String>,
    date: Option<String>,
    time: Option<String>,
    subject: Option<String>,
    /// Security marking printed around the header.
    classification: Option<String>,
    /// File or tracking number printed around the header.
    file_number: Option<String>,
    /// Quoted inside the message before it (an earlier message of the thread).
    quoted: bool,
    /// A later message of the thread of the header before it (Gmail's print layout: a thread's
    /// messages one after the other, each printed whole).
    continues_thread: bool,
}

impl Header {
    /// A header of `kind` at line `line` of page `page`, its fields still to be read.
    fn new(page: u32, line: usize, kind: DocumentKind, quoted: bool) -> Self {
        Header {
            page,
            line,
            kind,
            from: None,
            to: Vec::new(),
            cc: Vec::new(),
            date: None,
            time: None,
            subject: None,
            classification: None,
            file_number: None,
            quoted,
            continues_thread: false,
        }
    }
}

/// A memo's person field, `Jane Roe, Director General` (a full name, then the title) or `Roe,
/// Jane` (a name printed surname first): the name in natural order.
fn memo_person(value: &str) -> String {
    match value.split_once(',') {
        Some((name, _)) if name.split_whitespace().count() >= 2 => natural_name(name),
        _ => natural_name(value),
    }
}

/// A memo's recipients (`;`-separated, each perhaps with a title after a comma).
fn memo_people(value: &str) -> Vec<String> {
    value
        .split(';')
        .map(memo_person)
        .filter(|n| !n.is_empty())
        .collect()
}

fn people(value: &str) -> Vec<String> {
    value
        .split(';')
        .map(natural_name)
        .filter(|n| !n.is_empty())
        .collect()
}

/// Lines that are page furniture (stamps, release bands), not content.
fn is_furniture(text: &str) -> bool {
    let t = text.trim();
    let lower = t.to_lowercase();
    lower.starts_with("released under")
        || lower.starts_with("divulgué en vertu")
        || crate::page_labels::looks_like_stamp(t)
        || t.is_empty()
}

/// A capitalised label that OCR split in two (`SUBJ ECT:`, `OBJ ET :`) joined again; other lines
/// unchanged.
fn join_split_label(line: &str) -> String {
    let t = line.trim_start();
    if let Some((label, rest)) = t.split_once(':') {
        let chunks: Vec<&str> = label.split_whitespace().collect();
        let letters: usize = chunks.iter().map(|c| c.chars().count()).sum();
        let joined = chunks.concat();
        if (2..=3).contains(&chunks.len())
            && letters >= 4
            && chunks.iter().all(|c| c.chars().all(|ch| ch.is_uppercase()))
            && label_regex().is_some_and(|re| re.is_match(&format!("{joined}:")))
        {
            return format!("{joined}:{rest}");
        }
    }
    line.to_string()
}

/// Gmail's print layout, across the pages of a production: the thread being printed.
#[derive(Debug, Default)]
struct GmailPrint {
    /// The print's title, `Gmail - …`, repeated by the browser at the top of every page.
    title: Option<String>,
    /// The thread's subject: its heading above `N messages`, else the print's title.
    subject: Option<String>,
    /// A message of the thread has been read: the next one is a later message of it.
    open: bool,
}

/// The print's title, `Gmail - Site visit schedule` (after the browser's date when printed):
/// the subject.
fn gmail_title(line: &str) -> Option<String> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let re = RE
        .get_or_init(|| Regex::new(r"(?:^|\s)Gmail\s+[-–]\s+(?P<s>\S.*?)\s*$").ok())
        .as_ref()?;
    Some(re.captures(line)?.name("s")?.as_str().to_string())
}

/// The line under a thread's heading: `3 messages`, `1 message`.
fn is_message_count(line: &str) -> bool {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)^\s*\d{1,4}\s+messages?\s*$").ok())
        .as_ref()
        .is_some_and(|re| re.is_match(line))
}

/// `Jane Roe <jane.roe@example.org>` and what follows on the line: the sender as printed and the
/// rest.
fn gmail_sender(line: &str) -> Option<(String, String)> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let re = RE
        .get_or_init(|| {
            Regex::new(
                r"^\s*(?P<who>[^<>:]{0,80}?)\s*<(?P<addr>[^<>\s@]+@[^<>\s]+)>\s*(?P<rest>.*)$",
            )
            .ok()
        })
        .as_ref()?;
    let c = re.captures(line)?;
    let who = c.name("who").map_or("", |m| m.as_str()).trim();
    let addr = c.name("addr")?.as_str();
    let rest = c.name("rest").map_or("", |m| m.as_str()).trim();
    Some((format!("{who} <{addr}>"), rest.to_string()))
}

/// Recipients as Gmail prints them, separated by commas (`Jane Roe <jane@…>, "Roe, John"
/// <john@…>`; a comma inside quotes or angle brackets separates nothing), or by semicolons.
fn gmail_people(value: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let (mut quoted, mut angled) = (false, false);
    for ch in value.chars() {
        match ch {
            '"' => quoted = !quoted,
            '<' => angled = true,
            '>' => angled = false,
            ',' | ';' if !quoted && !angled => {
                parts.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(ch);
    }
    parts.push(cur);
    // `Roe, Jane` alone (no address anywhere): one name printed surname first.
    if !value.contains('<') && !value.contains('@') && !value.contains(';') {
        return people(value);
    }
    parts
        .iter()
        .map(|p| natural_name(p))
        .filter(|n| !n.is_empty())
        .collect()
}

/// A date with its time of day written on a line (`Mon, Oct 5, 2020 at 2:03 PM`, `5 octobre 2020
/// à 14:03`).
fn dated(text: &str) -> Option<(Option<String>, Option<String>)> {
    let (date, time) = parse_date_time(text);
    (date.is_some() && time.is_some() && text.split_whitespace().count() <= 10)
        .then_some((date, time))
}

/// A message of Gmail's print layout starting at line `i`: the sender with the date on its line
/// or the next, then `To:` (and `Cc:`) lines. The header and the index of the line after it.
fn gmail_message_at(lines: &[&str], i: usize, re: &Regex, page: u32) -> Option<(usize, Header)> {
    let line = lines.get(i)?;
    // `On Oct 6, 2020, Jane Roe <jane@…> wrote:` is a quoted message's attribution.
    if attribution_regex().is_some_and(|a| a.is_match(line)) {
        return None;
    }
    let (sender, rest) = gmail_sender(line)?;
    let (mut j, (date, time)) = if rest.is_empty() {
        let next = lines.get(i + 1)?;
        if re.is_match(next) {
            return None;
        }
        (i + 2, dated(next)?)
    } else {
        (i + 1, dated(&rest)?)
    };
    let mut to = Vec::new();
    let mut cc = Vec::new();
    let start = j;
    while let Some(c) = lines.get(j).and_then(|l| re.captures(l)) {
        let value = c.name("value").map_or("", |m| m.as_str());
        match c.name("label").and_then(|m| field_of(m.as_str())) {
            Some(Field::To) => to.extend(gmail_people(value)),
            Some(Field::Cc) => cc.extend(gmail_people(value)),
            _ => break,
        }
        j += 1;
    }
    if j == start {
        return None;
    }
    Some((
        j,
        Header {
            from: Some(natural_name(&sender)),
            to,
            cc,
            date,
            time,
            ..Header::new(page, i, DocumentKind::Email, false)
        },
    ))
}

/// Gmail's lines around a thread (title, heading, message count, messages) read at line `i`: the
/// line after them, `None` when line `i` is none of them.
fn gmail_at(
    lines: &[&str],
    i: usize,
    re: &Regex,
    page: u32,
    gmail: &mut GmailPrint,
    out: &mut Vec<Header>,
) -> Option<usize> {
    let text = lines.get(i)?;
    if let Some(title) = gmail_title(text) {
        // The same title on the next page is the same print; another one, another print.
        if gmail.title.as_deref() != Some(title.as_str()) {
            *gmail = GmailPrint {
                title: Some(title.clone()),
                subject: Some(title),
                open: false,
            };
        }
        return Some(i + 1);
    }
    if is_message_count(text) {
        // The heading: the line above, past the account's address.
        let heading = (0..i)
            .rev()
            .filter_map(|k| lines.get(k).copied())
            .find(|l| !is_furniture(l) && gmail_sender(l).is_none())
            .filter(|l| gmail_title(l).is_none());
        if let Some(h) = heading {
            gmail.subject = Some(h.trim().to_string());
        }
        gmail.open = false;
        return Some(i + 1);
    }
    let (next, mut h) = gmail_message_at(lines, i, re, page)?;
    h.subject = gmail.subject.clone();
    h.continues_thread = gmail.open;
    gmail.open = true;
    out.push(h);
    Some(next)
}

fn headers_on(page: &PageModel, gmail: &mut GmailPrint, out: &mut Vec<Header>) {
    let Some(re) = label_regex() else { return };
    // Plain-text quote markers (`> From: ...`) dropped.
    let owned: Vec<String> = page
        .lines
        .iter()
        .map(|l| {
            let t = l.text.trim_start();
            let unquoted = if t.starts_with('>') {
                t.trim_start_matches(|c: char| c == '>' || c.is_whitespace())
            } else {
                l.text.as_str()
            };
            join_split_label(unquoted)
        })
        .collect();
    let lines: Vec<&str> = owned.iter().map(String::as_str).collect();
    let mut i = 0;
    let mut body_seen = false;
    while i < lines.len() {
        let text = lines.get(i).copied().unwrap_or("");
        let before = out.len();
        if let Some(next) = gmail_at(&lines, i, re, page.number, gmail, out) {
            // A message is what its body follows; the title and heading are not body text.
            body_seen |= out.len() > before;
            i = next.max(i + 1);
            continue;
        }
        // A memorandum: its title line, then its labelled fields (one at least).
        let fields_follow = || {
            (i + 1..(i + 9).min(lines.len())).any(|j| {
                lines
                    .get(j)
                    .and_then(|l| re.captures(l))
                    .and_then(|c| c.name("label"))
                    .is_some_and(|m| field_of(m.as_str()).is_some())
            })
        };
        if is_memo_title(text) && fields_follow() {
            let mut h = Header::new(page.number, i, DocumentKind::Memo, false);
            let addressee = text
                .split_once(" FOR ")
                .or_else(|| text.split_once(" TO "))
                .map(|(_, a)| a.trim().to_string());
            let mut j = i + 1;
            while j < lines.len() && j <= i + 8 {
                let l = lines.get(j).copied().unwrap_or("");
                if let Some(c) = re.captures(l) {
                    let value = c.name("value").map_or("", |m| m.as_str()).trim();
                    match c.name("label").and_then(|m| field_of(m.as_str())) {
                        Some(Field::From) => h.from = Some(memo_person(value)),
                        Some(Field::To) => h.to = memo_people(value),
                        Some(Field::Sent) => (h.date, h.time) = parse_date_time(value),
                        Some(Field::Subject) => h.subject = Some(value.to_string()),
                        Some(Field::Cc) => h.cc = memo_people(value),
                        None => {}
                    }
                } else if h.to.is_empty()
                    && let Some(name) = l
                        .trim()
                        .strip_prefix("The Honourable ")
                        .or_else(|| l.trim().strip_prefix("L'honorable "))
                {
                    h.to = vec![name.trim().to_string()];
                }
                j += 1;
            }
            if h.to.is_empty()
                && let Some(a) = addressee
            {
                h.to = vec![title_case(&a)];
            }
            (h.classification, h.file_number) = markings(&lines, i.saturating_sub(4), j + 3);
            *gmail = GmailPrint::default();
            out.push(h);
            i = j;
            body_seen = true;
            continue;
        }
        if let Some((n, (from, date, time))) = attribution_at(&lines, i) {
            out.push(Header {
                from: Some(from),
                date,
                time,
                ..Header::new(page.number, i, DocumentKind::Email, true)
            });
            body_seen = true;
            i += n;
            continue;
        }
        let Some(c) = re.captures(text) else {
            if !is_furniture(text) {
                body_seen = true;
            }
            i += 1;
            continue;
        };
        // A block of consecutive labelled lines.
        let start = i;
        let mut fields: Vec<(Field, String)> = Vec::new();
        let mut j = i;
        let mut cur = Some(c);
        while let Some(c) = cur {
            if let Some(f) = c.name("label").and_then(|m| field_of(m.as_str())) {
                fields.push((
                    f,
                    c.name("value")
                        .map_or("", |m| m.as_str())
                        .trim()
                        .to_string(),
                ));
            }
            j += 1;
            cur = lines.get(j).and_then(|l| re.captures(l));
        }
        let has = |f: Field| fields.iter().any(|(g, _)| *g == f);
        let is_email =
            has(Field::From) && (has(Field::Sent) || has(Field::To)) && fields.len() >= 3;
        // Labels in capitals (`TO:`, `FROM:`, `DATE:`, `SUBJECT:` / `À :`, `DE :`, `OBJET :`)
        // with no `Sent:`: a memorandum's fields, even without its title line (mail programs
        // print `From:`, `Sent:`).
        let label_at = |k: usize| {
            lines
                .get(k)
                .and_then(|l| re.captures(l))
                .and_then(|c| c.name("label"))
                .map(|m| m.as_str())
        };
        let caps = (start..j).all(|k| label_at(k).is_some_and(|l| l == l.to_uppercase()))
            && (start..j).any(|k| {
                label_at(k).is_some_and(|l| matches!(l, "FROM" | "DE" | "SUBJECT" | "OBJET"))
            });
        let sent = (start..j).any(|k| {
            label_at(k).is_some_and(|l| matches!(l, "Sent" | "Envoyé" | "Envoye" | "Sent."))
        });
        let is_memo = caps
            && !sent
            && fields.len() >= 3
            && (has(Field::From) || has(Field::To))
            && (has(Field::Subject) || has(Field::Sent));
        if is_memo {
            let mut h = Header::new(page.number, start, DocumentKind::Memo, false);
            for (f, v) in fields {
                match f {
                    Field::From => h.from = Some(memo_person(&v)),
                    Field::Sent => (h.date, h.time) = parse_date_time(&v),
                    Field::To => h.to = memo_people(&v),
                    Field::Cc => h.cc = memo_people(&v),
                    Field::Subject => h.subject = Some(v),
                }
            }
            (h.classification, h.file_number) = markings(&lines, start.saturating_sub(6), j + 3);
            *gmail = GmailPrint::default();
            out.push(h);
            body_seen = true;
            i = j.max(i + 1);
            continue;
        }
        if is_email {
            let prev = (0..start)
                .rev()
                .map(|k| lines.get(k).copied().unwrap_or(""))
                .find(|l| !is_furniture(l))
                .unwrap_or("");
            let separator = is_separator(prev);
            let mut h = Header::new(
                page.number,
                start,
                DocumentKind::Email,
                separator || (body_seen && !is_sender_banner(prev)),
            );
            for (f, v) in fields {
                match f {
                    Field::From => h.from = people(&v).into_iter().next(),
                    Field::Sent => (h.date, h.time) = parse_date_time(&v),
                    Field::To => h.to = people(&v),
                    Field::Cc => h.cc = people(&v),
                    Field::Subject => h.subject = Some(v),
                }
            }
            if !h.quoted {
                *gmail = GmailPrint::default();
            }
            out.push(h);
            body_seen = true;
        }
        i = j.max(i + 1);
    }
}

/// Outlook prints the sender's name in bold above the header: that line is not body text.
fn is_sender_banner(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && t.split_whitespace().count() <= 6 && !t.ends_with('.')
}

fn title_case(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let lower = w.to_lowercase();
            if ["of", "the", "for", "and", "de", "des", "du", "la", "le"].contains(&lower.as_str())
            {
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
        .trim_start_matches("the ")
        .to_string()
}

fn notice_regex() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)\bpages?\s+\d+.{0,20}\b(withheld|not relevant|duplicate|retenues?|pertinente|copie)").ok()
    })
    .as_ref()
}

/// A page that cannot continue a document: a withheld/not-relevant/duplicate notice or no text.
fn breaks(page: &PageModel) -> bool {
    let content: Vec<&str> = page
        .lines
        .iter()
        .map(|l| l.text.as_str())
        .filter(|t| !is_furniture(t))
        .collect();
    if content.is_empty() {
        return true;
    }
    content.len() <= 8 && notice_regex().is_some_and(|re| content.iter().any(|l| re.is_match(l)))
}

/// The first of `sorted` greater than `page`.
fn first_after(sorted: &[u32], page: u32) -> Option<u32> {
    sorted.get(sorted.partition_point(|b| *b <= page)).copied()
}

/// Finds the documents of a production, in page order.
pub fn detect(pages: &[PageModel]) -> Vec<Document> {
    let mut headers = Vec::new();
    let mut gmail = GmailPrint::default();
    for p in pages {
        headers_on(p, &mut gmail, &mut headers);
    }
    let last_page = pages.last().map_or(0, |p| p.number);
    // Sorted, so that the first break after a header is a binary search.
    let mut breaking: Vec<u32> = pages
        .iter()
        .filter(|p| breaks(p))
        .map(|p| p.number)
        .collect();
    breaking.sort_unstable();
    let mut docs: Vec<Document> = Vec::new();
    // The document being read, and the last message of its thread so far (which quotes the next).
    let mut parent: Option<usize> = None;
    let mut last: Option<usize> = None;
    for (k, h) in headers.iter().enumerate() {
        let id = format!("doc-{}", k + 1);
        if h.quoted
            && let Some(pi) = parent
        {
            let quoter = docs.get(last.unwrap_or(pi));
            let parent_id = quoter.map(|d| d.id.clone());
            let depth = quoter.map_or(1, |d| d.depth + 1);
            let thread = docs.get(pi).and_then(|d| d.thread.clone());
            // An attribution line gives no subject: the quoting message's, without `RE:`.
            let subject = h.subject.clone().or_else(|| {
                quoter
                    .and_then(|d| d.subject.as_deref())
                    .map(without_prefixes)
                    .filter(|s| !s.is_empty())
            });
            last = Some(docs.len());
            docs.push(Document {
                provenance: Default::default(),
                id,
                kind: h.kind,
                first_page: h.page,
                last_page: h.page,
                from: h.from.clone(),
                to: h.to.clone(),
                cc: h.cc.clone(),
                date: h.date.clone(),
                time: h.time.clone(),
                subject,
                classification: h.classification.clone(),
                file_number: h.file_number.clone(),
                thread,
                quoted_in: parent_id,
                depth,
                same_as: None,
            });
            continue;
        }
        // The end: before the next top-level header's page (or that page when it starts lower),
        // and before any breaking page.
        let next_start = headers.iter().skip(k + 1).find(|n| !n.quoted).map(|n| {
            if n.line == 0 || n.page > h.page {
                n.page.saturating_sub(1)
            } else {
                n.page
            }
        });
        let mut end = next_start.unwrap_or(last_page).max(h.page);
        if let Some(b) = first_after(&breaking, h.page).filter(|b| *b <= end) {
            end = b - 1;
        }
        // A later message of a Gmail print: in the thread of the message before it.
        let thread = if h.continues_thread {
            parent
                .and_then(|pi| docs.get(pi))
                .and_then(|d| d.thread.clone())
        } else {
            None
        };
        parent = Some(docs.len());
        last = parent;
        docs.push(Document {
            provenance: Default::default(),
            id: id.clone(),
            kind: h.kind,
            first_page: h.page,
            last_page: end,
            from: h.from.clone(),
            to: h.to.clone(),
            cc: h.cc.clone(),
            date: h.date.clone(),
            time: h.time.clone(),
            subject: h.subject.clone(),
            classification: h.classification.clone(),
            file_number: h.file_number.clone(),
            thread: thread.or(Some(id)),
            quoted_in: None,
            depth: 0,
            same_as: None,
        });
        let _ = h.line;
    }
    // A quoted message runs to the end of the message quoting it (in document order, so that
    // the quoting message's end is already known).
    let mut ends: HashMap<String, u32> = HashMap::new();
    for d in &mut docs {
        if let Some(end) = d.quoted_in.as_ref().and_then(|q| ends.get(q)) {
            d.last_page = (*end).max(d.first_page);
        }
        ends.insert(d.id.clone(), d.last_page);
    }
    mark_repeats(&mut docs);
    docs
}

/// A subject without its reply and forward prefixes (`RE:`, `TR:`, `FW:`, `Fwd:`, `RÉF :`), as
/// written otherwise.
fn without_prefixes(s: &str) -> String {
    let mut t = s.trim();
    while let Some((prefix, rest)) = t.split_once(':') {
        let p = prefix.trim().to_lowercase();
        if ["re", "ré", "tr", "fw", "fwd", "réf", "ref", "aw", "wg"].contains(&p.as_str()) {
            t = rest.trim_start();
        } else {
            break;
        }
    }
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A subject without its reply and forward prefixes, lower case, spaces collapsed.
fn bare_subject(s: &str) -> String {
    without_prefixes(s).to_lowercase()
}

/// The same e-mail seen again (same sender, date, time, and subject when both give one): its
/// `same_as` is the id of its first occurrence.
fn mark_repeats(docs: &mut [Document]) {
    let key = |d: &Document| -> Option<(String, String, String)> {
        if d.kind != DocumentKind::Email {
            return None;
        }
        Some((
            d.from.as_deref()?.to_lowercase(),
            d.date.clone()?,
            d.time.clone()?,
        ))
    };
    // (sender, date, time), bare subject, id of the first occurrence.
    type Seen = ((String, String, String), Option<String>, String);
    let mut firsts: Vec<Seen> = Vec::new();
    for d in docs.iter_mut() {
        let Some(k) = key(d) else { continue };
        let subject = d.subject.as_deref().map(bare_subject);
        let earlier = firsts.iter().find(|(fk, fs, _)| {
            *fk == k
                && match (fs, &subject) {
                    (Some(a), Some(b)) => a == b,
                    _ => true,
                }
        });
        match earlier {
            Some((_, _, id)) => d.same_as = Some(id.clone()),
            None => firsts.push((k, subject, d.id.clone())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_split_by_ocr_are_joined() {
        assert_eq!(
            join_split_label("SUBJ ECT: Export permits"),
            "SUBJECT: Export permits"
        );
        assert_eq!(join_split_label("OBJ ET: Demande"), "OBJET: Demande");
        assert_eq!(
            join_split_label("De : Anand, Shalini"),
            "De : Anand, Shalini"
        );
        assert_eq!(join_split_label("NOTE TO FILE: x"), "NOTE TO FILE: x");
    }

    #[test]
    fn attribution_lines() {
        let a = |s: &str| attribution(s);
        let who = |n: &str, d: &str, t: Option<&str>| {
            Some((n.to_string(), Some(d.to_string()), t.map(str::to_string)))
        };
        assert_eq!(
            a("On Mon, 5 Oct 2020 at 14:03, Mirela Dunst <m.dunst@example.org> wrote:"),
            who("Mirela Dunst", "2020-10-05", Some("14:03"))
        );
        assert_eq!(
            a("On Mon, Oct 5, 2020 at 2:03 PM Mirela Dunst <m.dunst@example.org> wrote:"),
            who("Mirela Dunst", "2020-10-05", Some("14:03"))
        );
        assert_eq!(
            a("Le lun. 5 oct. 2020 à 14 h 03, Mirela Dunst <m.dunst@example.org> a écrit :"),
            who("Mirela Dunst", "2020-10-05", Some("14:03"))
        );
        assert_eq!(
            a("On Oct 5, 2020, Dunst, Mirela wrote:"),
            who("Mirela Dunst", "2020-10-05", None)
        );
        assert_eq!(a("On the whole, the team wrote:"), None);
        assert_eq!(a("Le 5 mars 2021, le ministre a écrit :"), None);
        assert_eq!(a("On 5 March 2021, the Minister wrote:"), None);
        assert_eq!(a("On Monday we met."), None);
    }

    #[test]
    fn subjects_without_prefixes() {
        assert_eq!(bare_subject("RE: TR: Fwd:  Permit  list"), "permit list");
        assert_eq!(bare_subject("Objet: Permit list"), "objet: permit list");
        assert_eq!(bare_subject("Permit list"), "permit list");
    }

    #[test]
    fn prefixes_stripped_case_kept() {
        assert_eq!(
            without_prefixes("RE: TR:  Site  inspection"),
            "Site inspection"
        );
        assert_eq!(without_prefixes("Fwd: Re: Objet"), "Objet");
        assert_eq!(without_prefixes("Agenda: March"), "Agenda: March");
    }

    #[test]
    fn gmail_print_lines() {
        assert_eq!(
            gmail_title("10/7/20, 9:12 AM Gmail - Site inspection"),
            Some("Site inspection".to_string())
        );
        assert_eq!(gmail_title("Gmail"), None);
        assert!(is_message_count("3 messages"));
        assert!(is_message_count("1 message"));
        assert!(!is_message_count("3 messages were lost"));
        assert_eq!(
            gmail_people(
                "Maren Solberg <m.solberg@example.org>, \"Okonkwo, Adaeze\" <a.okonkwo@example.org>"
            ),
            vec!["Maren Solberg", "Adaeze Okonkwo"]
        );
        assert_eq!(gmail_people("Okonkwo, Adaeze"), vec!["Adaeze Okonkwo"]);
        assert_eq!(
            gmail_people("a@example.org, b@example.org"),
            vec!["a@example.org", "b@example.org"]
        );
        let (who, rest) = gmail_sender(
            "Ingrid Halvorsen <ingrid.halvorsen@example.org> Mon, Oct 5, 2020 at 2:03 PM",
        )
        .unwrap_or_default();
        assert_eq!(who, "Ingrid Halvorsen <ingrid.halvorsen@example.org>");
        assert_eq!(
            dated(&rest),
            Some((Some("2020-10-05".to_string()), Some("14:03".to_string())))
        );
        assert_eq!(gmail_sender("To: Ingrid <i@example.org>"), None);
    }

    #[test]
    fn gmail_sender_needs_a_dated_line_and_recipients() {
        let re = label_regex();
        let at = |lines: &[&str]| {
            re.and_then(|re| gmail_message_at(lines, 0, re, 1))
                .map(|(n, h)| (n, h.from, h.date, h.time, h.to))
        };
        let person = "Ingrid Halvorsen <ingrid.halvorsen@example.org>";
        // The account line at the top of the print, above the heading: no message.
        assert!(at(&[person, "Site inspection", "3 messages"]).is_none());
        // No recipients: no message.
        assert!(at(&[person, "5 octobre 2020 à 14:03", "Bonjour."]).is_none());
        assert_eq!(
            at(&[
                person,
                "5 octobre 2020 à 14:03",
                "À : Tomasz Kowalczyk <t.kowalczyk@example.org>",
                "Bonjour."
            ]),
            Some((
                3,
                Some("Ingrid Halvorsen".to_string()),
                Some("2020-10-05".to_string()),
                Some("14:03".to_string()),
                vec!["Tomasz Kowalczyk".to_string()]
            ))
        );
        // An attribution line is a quoted message's, not a printed one.
        assert!(
            at(&[
                "On Oct 5, 2020, Ingrid Halvorsen <ingrid.halvorsen@example.org> wrote:",
                "To: x@example.org"
            ])
            .is_none()
        );
    }

    #[test]
    fn first_break_after_a_page() {
        let breaking = [3, 7, 7, 12];
        assert_eq!(first_after(&breaking, 0), Some(3));
        assert_eq!(first_after(&breaking, 3), Some(7));
        assert_eq!(first_after(&breaking, 6), Some(7));
        assert_eq!(first_after(&breaking, 7), Some(12));
        assert_eq!(first_after(&breaking, 12), None);
        assert_eq!(first_after(&[], 1), None);
    }
}
