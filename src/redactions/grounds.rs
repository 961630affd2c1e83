//! Claimed grounds against stamped codes.
//!
//! A production's cover letter or notice page states the grounds relied on ("… withheld pursuant
//! to sections 15(1), 19(1) and 21(1)(a) of the Access to Information Act", "retenus en vertu des
//! articles 15(1) et 19(1) de la Loi sur l'accès à l'information"). [`find_statements`] reads
//! them from the page models, with the act they name (the Access to Information Act when none is
//! named), lists with "and"/"et", ranges ("13(1)(a) to (e)") and paragraph shorthand
//! ("20(1)(b) and (c)"). [`compare`] lays them over the codes stamped on the redactions.
//!
//! Two scopes: a statement about the whole production (a cover letter, a notice page) is a
//! *claim*; a withheld-page notice ("Pages 7 to 9 are withheld pursuant to …") speaks for its
//! pages only, so its codes count as *used* (the pages were withheld under them) but never as a
//! claim for the rest of the production. With no statement of the whole production, nothing is
//! reported as "not claimed".

use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::Redaction;
use super::codes;
use crate::pdf::PageModel;

/// The act a statement names.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Act {
    /// Access to Information Act (R.S.C. 1985, c. A-1).
    #[default]
    Atia,
    /// Privacy Act (R.S.C. 1985, c. P-21).
    Privacy,
}

impl Act {
    /// Short name for people: `ATIA`, `Privacy Act`.
    pub fn label(&self) -> &'static str {
        match self {
            Act::Atia => "ATIA",
            Act::Privacy => "Privacy Act",
        }
    }
}

/// What a statement speaks for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The whole production (cover letter, notice page): a claim.
    #[default]
    Production,
    /// Only the pages a withheld-page notice names.
    WithheldPages,
}

/// One statement of grounds found in the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    /// 1-based page where it is written.
    pub page: u32,
    /// Whole production or withheld pages only.
    pub scope: Scope,
    /// The act named (the Access to Information Act when none is).
    pub act: Act,
    /// The act was named in the statement or on its page (not the default).
    pub act_named: bool,
    /// Codes cited, normalised (`21(1)(a)`), lists and ranges expanded, in order.
    pub codes: Vec<String>,
    /// For withheld-page notices: the pages withheld, as numbered in the notice.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub withheld_pages: Vec<u32>,
    /// The statement's text.
    pub text: String,
}

/// A code with where it appears.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeAt {
    /// Normalised code (`21(1)(a)`).
    pub code: String,
    /// `exemption` or `exclusion` (ATIA ss.68, 68.1, 68.2, 69, 69.1; Privacy Act ss.69, 69.1,
    /// 70, 70.1).
    pub kind: String,
    /// Pages: of the statements for a claim, of the redactions for a stamp.
    pub pages: Vec<u32>,
    /// How many statements claim it, or how many redactions carry it.
    pub count: usize,
}

/// A code that does not exist in the act named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnknownInAct {
    /// Normalised code.
    pub code: String,
    /// The act(s) it was checked against.
    pub acts: Vec<Act>,
    /// `stamped` or `claimed`.
    pub source: String,
    /// Pages where it appears.
    pub pages: Vec<u32>,
}

/// Exemptions and exclusions, counted apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Distinct codes claimed.
    pub claimed: usize,
    /// Redactions carrying at least one such code.
    pub stamped: usize,
}

/// Claimed grounds laid over stamped codes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Grounds {
    /// A statement of the whole production's grounds was found.
    pub claimed_found: bool,
    /// The act the production's stamps are read against (named by its statements; the Access to
    /// Information Act by default).
    pub acts: Vec<Act>,
    /// Every statement found (whole production and withheld-page notices), in page order.
    pub statements: Vec<Statement>,
    /// Codes the production-wide statements claim.
    pub claimed: Vec<CodeAt>,
    /// Codes on the redactions (withheld-page notices included).
    pub stamped: Vec<CodeAt>,
    /// Stamped codes no claim covers (empty when nothing is claimed).
    pub stamped_not_claimed: Vec<CodeAt>,
    /// Claimed codes no stamp uses.
    pub claimed_not_used: Vec<CodeAt>,
    /// Codes (stamped or claimed) that do not exist in the act named.
    pub unknown_in_act: Vec<UnknownInAct>,
    /// Exemptions.
    pub exemptions: Tally,
    /// Exclusions (records the act does not apply to), apart from exemptions.
    pub exclusions: Tally,
}

// ---------------------------------------------------------------------------------------------
// Acts' sections beyond the shipped code table (`assets/exemptions.json`).

/// Access to Information Act sections and paragraphs not in the shipped table.
const ATIA_EXTRA: &[&str] = &[
    "16(1)", "16.1", "16.2", "16.3", "16.4", "16.5", "16.6", "18.1", "20(1)", "20.1", "20.2",
    "20.4", "21(1)", "68", "68(b)", "68(c)", "68.1", "68.2",
];

/// Privacy Act exemptions and exclusions (ss.18–28, 69–70.1).
const PA_SECTIONS: &[&str] = &[
    "18(2)", "19(1)", "19(1)(a)", "19(1)(b)", "19(1)(c)", "19(1)(d)", "19(1)(e)", "20", "21",
    "22(1)", "22(1)(a)", "22(1)(b)", "22(1)(c)", "22(2)", "22(3)", "22.1", "22.2", "22.3", "22.4",
    "23", "23(a)", "23(b)", "24", "24(a)", "24(b)", "25", "26", "27", "27.1", "28", "69", "69(1)",
    "69(1)(a)", "69(1)(b)", "69.1", "70", "70(1)", "70(1)(a)", "70(1)(b)", "70(1)(c)", "70(1)(d)",
    "70(1)(e)", "70(1)(f)", "70.1",
];

fn sections(act: Act) -> &'static [String] {
    static ATIA: OnceLock<Vec<String>> = OnceLock::new();
    static PA: OnceLock<Vec<String>> = OnceLock::new();
    match act {
        Act::Atia => ATIA.get_or_init(|| {
            codes::table()
                .iter()
                .filter(|r| !r.code.starts_with("PA "))
                .map(|r| r.code.clone())
                .chain(ATIA_EXTRA.iter().map(|s| s.to_string()))
                .collect()
        }),
        Act::Privacy => PA.get_or_init(|| {
            codes::table()
                .iter()
                .filter_map(|r| r.code.strip_prefix("PA ").map(str::to_string))
                .chain(PA_SECTIONS.iter().map(|s| s.to_string()))
                .collect()
        }),
    }
}

/// `a` is `b` or one of its ancestors (`15(1)` of `15(1)(a)`, `69` of `69(1)`).
fn is_ancestor_or_same(a: &str, b: &str) -> bool {
    a == b || (b.len() > a.len() && b.starts_with(a) && b[a.len()..].starts_with('('))
}

/// The code exists in the act: a listed section, subsection or paragraph, a heading of listed
/// ones (`15` of `15(1)`), or a paragraph of a listed subsection whose paragraphs are not listed
/// (`16(2)(c)`). A paragraph of a subsection whose paragraphs are listed must be one of them.
pub fn exists_in(code: &str, act: Act) -> bool {
    let known = sections(act);
    if known.iter().any(|k| is_ancestor_or_same(code, k.as_str())) {
        return true;
    }
    let mut parent = code;
    while let Some(i) = parent.rfind('(') {
        parent = &parent[..i];
        if !parent.contains('(') {
            break;
        }
        if known.iter().any(|k| k == parent) {
            let has_children = known
                .iter()
                .any(|k| k.len() > parent.len() && is_ancestor_or_same(parent, k));
            return !has_children;
        }
    }
    false
}

/// `exclusion` for the act's exclusions, else `exemption`.
pub fn kind_in(code: &str, act: Act) -> &'static str {
    let section = code.split('(').next().unwrap_or(code);
    let exclusions: &[&str] = match act {
        Act::Atia => &["68", "68.1", "68.2", "69", "69.1"],
        Act::Privacy => &["69", "69.1", "70", "70.1"],
    };
    if exclusions.contains(&section) {
        "exclusion"
    } else {
        "exemption"
    }
}

// ---------------------------------------------------------------------------------------------
// Reading statements.

/// A statement read from a text: codes, the act if named, scope and withheld pages, the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// Codes, normalised and expanded.
    pub codes: Vec<String>,
    /// The act named in the statement, if any.
    pub act: Option<Act>,
    /// Whole production or withheld pages.
    pub scope: Scope,
    /// Withheld pages (withheld-page notices).
    pub withheld_pages: Vec<u32>,
    /// The statement's text.
    pub text: String,
}

fn re(cell: &'static OnceLock<Option<Regex>>, pat: &str) -> Option<&'static Regex> {
    cell.get_or_init(|| Regex::new(pat).ok()).as_ref()
}

fn triggers() -> &'static [Regex] {
    static RE: OnceLock<Vec<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        [
            // English: "withheld pursuant to sections", "exempted under paragraphs",
            // "excluded under section", "severed in accordance with the provisions of".
            r"(?i)\b(?:withheld|exempted|excluded|severed|redacted|removed|refused|protected|applied|invoked|claimed|relied\s+(?:up)?on)\s+(?:in\s+(?:their\s+|its\s+)?entirety\s+|in\s+(?:full|part)\s+|from\s+(?:release|disclosure)\s+)?(?:pursuant\s+to|under|in\s+accordance\s+with)\s+(?:the\s+)?(?:provisions?\s+of\s+)?",
            // "The following exemptions were applied: 15(1), 19(1)".
            r"(?i)\bexemptions?\s+(?:(?:and|or)\s+exclusions?\s+)?(?:(?:were|have\s+been)\s+)?(?:applied|invoked|claimed|cited|relied\s+(?:up)?on)?\s*(?:under\s+|pursuant\s+to\s+)?:\s*",
            // French: "retenus en vertu des articles", "exclus en vertu de l'article",
            // "soustraits aux termes des alinéas".
            r"(?i)\b(?:retenu|exempté|exclu|soustrait|prélevé|caviardé|protégé|refusé|supprimé)e?s?\s+(?:(?:en\s+(?:totalité|partie|entier)|intégralement)\s+)?(?:en\s+vertu|aux\s+termes|conformément|au\s+titre)\s+(?:des|de\s+l['’]|de\s+la|du|de|aux|à\s+l['’]|à\s+la|au)\s*",
            // "Exceptions appliquées : 15(1), 19(1)".
            r"(?i)\bexceptions?\s+(?:et\s+exclusions?\s+)?(?:(?:prévues?|invoquées?|appliquées?)\s*)?(?:aux\s+|en\s+vertu\s+des?\s+|:\s*)",
        ]
        .iter()
        .filter_map(|p| Regex::new(p).ok())
        .collect()
    })
}

/// Separators and the word before a code ("sections", "paragraphes", "s.", "al.").
fn lead() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    re(
        &RE,
        r"(?i)^(?:\s|,|;|&|\band\b|\bet\b|\bor\b|\bou\b|\bas\s+well\s+as\b|\bainsi\s+que\b)*(?:(?:de\s+l['’]|des\s+|du\s+)(?:(?:sous-)?alin[ée]as?|articles?|paragraphes?)\s+|(?:sub)?(?:sections?|paragraphs?|subparagraphs?)\s+|articles?\s+|paragraphes?\s+|(?:sous-)?alin[ée]as?\s+|(?:ss?|arts?|al|para|sec)\.\s*)?",
    )
}

/// A code: section and its groups (`21(1)(a)`, French `21(1)a)`).
fn item() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    re(
        &RE,
        r"(?i)^(?P<sec>\d{1,3}(?:\.\d{1,2})?)(?P<groups>(?:\s?\(\s?[0-9a-z](?:\.\d)?\s?\)|[a-z](?:\.\d)?\))*)",
    )
}

/// Shorthand continuing the previous code: `(c)`, `(2)(a)`, French `c)`.
fn shorthand() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    re(
        &RE,
        r"(?i)^(?P<groups>(?:\(\s?[0-9a-z](?:\.\d)?\s?\)\s?)+|[a-z](?:\.\d)?\))",
    )
}

fn range_word() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    re(&RE, r"(?i)^\s*(?:to|through|à|au|-|–)\s*")
}

fn act_names() -> &'static [(Regex, Act)] {
    static RE: OnceLock<Vec<(Regex, Act)>> = OnceLock::new();
    RE.get_or_init(|| {
        [
            (
                r"(?i)access\s+to\s+information\s+act|loi\s+sur\s+l.acc[eè]s\s+[àa]\s+l.information",
                Act::Atia,
            ),
            (
                r"(?i)privacy\s+act|loi\s+sur\s+la\s+protection\s+des\s+renseignements\s+personnels",
                Act::Privacy,
            ),
        ]
        .into_iter()
        .filter_map(|(p, a)| Regex::new(p).ok().map(|r| (r, a)))
        .collect()
    })
}

fn withheld_before() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    re(
        &RE,
        // The connector may be one short token of any kind: OCR reads "7 à 9" as "7 4 9".
        r"(?i)\bpages?\s+(?P<a>\d+)(?:\s*(?:to|through|-|–|à|and|et|\S{1,3})\s*(?P<b>\d+))?\s+(?:is|are|est|sont)\s+(?:being\s+)?$",
    )
}

/// The groups of `(1)(a)` or `(1)a)`: `["1", "a"]`.
fn groups(s: &str) -> Vec<String> {
    s.split(')')
        .map(|p| p.trim().trim_start_matches('(').trim().to_lowercase())
        .filter(|p| !p.is_empty())
        .collect()
}

fn code_of(sec: &str, gs: &[String]) -> String {
    let mut c = sec.to_string();
    for g in gs {
        c.push('(');
        c.push_str(g);
        c.push(')');
    }
    c
}

/// `prev` continued by shorthand groups: a number replaces from the subsection on, a letter the
/// paragraph (`20(1)(b)` + `(c)` → `20(1)(c)`; `15(1)` + `(2)` → `15(2)`).
fn continue_code(prev: &(String, Vec<String>), short: &[String]) -> (String, Vec<String>) {
    let (sec, gs) = prev;
    let numeric = short
        .first()
        .is_some_and(|g| g.chars().all(|c| c.is_ascii_digit()));
    let keep = if numeric {
        0
    } else {
        gs.iter()
            .position(|g| !g.chars().all(|c| c.is_ascii_digit()))
            .unwrap_or(gs.len())
    };
    let mut out: Vec<String> = gs.iter().take(keep).cloned().collect();
    out.extend(short.iter().cloned());
    (sec.clone(), out)
}

/// Codes between `a` and `b` (both included) when they differ only in their last part and that
/// part is a single letter or a number; else just the two.
fn expand_range(a: &(String, Vec<String>), b: &(String, Vec<String>)) -> Vec<String> {
    const MAX: u32 = 30;
    let ends = || vec![code_of(&a.0, &a.1), code_of(&b.0, &b.1)];
    if a.1.is_empty() && b.1.is_empty() {
        if let (Ok(x), Ok(y)) = (a.0.parse::<u32>(), b.0.parse::<u32>())
            && x < y
            && y - x <= MAX
        {
            return (x..=y).map(|n| n.to_string()).collect();
        }
        return ends();
    }
    if a.0 != b.0 || a.1.len() != b.1.len() || a.1[..a.1.len() - 1] != b.1[..b.1.len() - 1] {
        return ends();
    }
    let (Some(x), Some(y)) = (a.1.last(), b.1.last()) else {
        return ends();
    };
    let head = &a.1[..a.1.len() - 1];
    let with = |last: String| {
        let mut g = head.to_vec();
        g.push(last);
        code_of(&a.0, &g)
    };
    if let (Ok(x), Ok(y)) = (x.parse::<u32>(), y.parse::<u32>()) {
        if x < y && y - x <= MAX {
            return (x..=y).map(|n| with(n.to_string())).collect();
        }
        return ends();
    }
    let (mut xc, mut yc) = (x.chars(), y.chars());
    if let (Some(xa), None, Some(ya), None) = (xc.next(), xc.next(), yc.next(), yc.next())
        && xa.is_ascii_lowercase()
        && ya.is_ascii_lowercase()
        && xa < ya
    {
        return (xa..=ya).map(|c| with(c.to_string())).collect();
    }
    ends()
}

/// Reads the list of codes at the start of `text`: the codes and the byte length read.
fn read_list(text: &str) -> (Vec<String>, usize) {
    let (Some(lead), Some(item), Some(short), Some(range)) =
        (lead(), item(), shorthand(), range_word())
    else {
        return (Vec::new(), 0);
    };
    let mut out: Vec<String> = Vec::new();
    let mut prev: Option<(String, Vec<String>)> = None;
    let mut at = 0;
    let mut end = 0;
    loop {
        let rest = text.get(at..).unwrap_or("");
        let skip = lead.find(rest).map_or(0, |m| m.end());
        let here = rest.get(skip..).unwrap_or("");
        let next = if let Some(c) = item.captures(here) {
            let Some(m) = c.get(0) else { break };
            let sec = c.name("sec").map_or("", |m| m.as_str());
            let gs = groups(c.name("groups").map_or("", |m| m.as_str()));
            // A year or a page count, not a section ("1985", "Act, 2019").
            if sec.len() > 2 && !sec.contains('.') {
                break;
            }
            Some(((sec.to_string(), gs), m.end()))
        } else if let (Some(c), Some(p)) = (short.captures(here), prev.as_ref()) {
            let Some(m) = c.get(0) else { break };
            let gs = groups(c.name("groups").map_or("", |m| m.as_str()));
            Some((continue_code(p, &gs), m.end()))
        } else {
            None
        };
        let Some((code, len)) = next else { break };
        at += skip + len;
        end = at;
        // A range: "13(1)(a) to (e)", "sections 13 to 16".
        let rest = text.get(at..).unwrap_or("");
        let mut pushed = false;
        if let Some(r) = range.find(rest) {
            let after = rest.get(r.end()..).unwrap_or("");
            let to = if let Some(c) = item.captures(after) {
                c.get(0).map(|m| {
                    (
                        (
                            c.name("sec").map_or("", |m| m.as_str()).to_string(),
                            groups(c.name("groups").map_or("", |m| m.as_str())),
                        ),
                        m.end(),
                    )
                })
            } else if let Some(c) = short.captures(after) {
                c.get(0).map(|m| {
                    (
                        continue_code(&code, &groups(c.name("groups").map_or("", |m| m.as_str()))),
                        m.end(),
                    )
                })
            } else {
                None
            };
            if let Some((to, len)) = to {
                for c in expand_range(&code, &to) {
                    if !out.contains(&c) {
                        out.push(c);
                    }
                }
                at += r.end() + len;
                end = at;
                prev = Some(to);
                pushed = true;
            }
        }
        if !pushed {
            let c = code_of(&code.0, &code.1);
            if !out.contains(&c) {
                out.push(c);
            }
            prev = Some(code);
        }
    }
    (out, end)
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The act named right after a list (`of the Access to Information Act`), within its sentence.
fn act_after(text: &str) -> Option<(Act, usize)> {
    let window = text.get(..floor_boundary(text, 120)).unwrap_or("");
    // Stop at the end of the sentence: a period followed by a space (codes have none here).
    let stop = window.find(". ").unwrap_or(window.len());
    let window = window.get(..stop).unwrap_or(window);
    act_names()
        .iter()
        .filter_map(|(r, a)| r.find(window).map(|m| (m.start(), m.end(), *a)))
        .min_by_key(|(s, _, _)| *s)
        .map(|(_, e, a)| (a, e))
}

/// The statements of grounds in one text (a page's lines joined).
pub fn parse_statements(text: &str) -> Vec<Parsed> {
    let mut hits: Vec<(usize, usize)> = Vec::new();
    for t in triggers() {
        for m in t.find_iter(text) {
            // Two patterns on one statement: keep the first.
            if hits.iter().any(|&(s, e)| m.start() < e && s < m.end()) {
                continue;
            }
            hits.push((m.start(), m.end()));
        }
    }
    hits.sort_unstable();
    let mut out = Vec::new();
    for (start, end) in hits {
        let rest = text.get(end..).unwrap_or("");
        let (codes, len) = read_list(rest);
        if codes.is_empty() {
            continue;
        }
        let mut stop = end + len;
        let act = act_after(text.get(stop..).unwrap_or("")).map(|(a, e)| {
            stop += e;
            a
        });
        // The sentence's start: a withheld-page notice's "Pages 7 to 9 are", else the last
        // sentence end within 200 bytes.
        let from = floor_boundary(text, start.saturating_sub(200));
        let before = text.get(from..start).unwrap_or("");
        let (scope, withheld_pages, begin) =
            match withheld_before().and_then(|r| r.captures(before)) {
                Some(c) => {
                    let a = c.name("a").and_then(|m| m.as_str().parse::<u32>().ok());
                    let b = c.name("b").and_then(|m| m.as_str().parse::<u32>().ok());
                    let pages = match (a, b) {
                        (Some(a), Some(b)) if a <= b && b - a <= 5000 => (a..=b).collect(),
                        (Some(a), _) => vec![a],
                        _ => Vec::new(),
                    };
                    let s = c.get(0).map_or(start, |m| from + m.start());
                    // "Les pages": keep the article.
                    let s = text
                        .get(..s)
                        .filter(|t| t.to_lowercase().ends_with("les "))
                        .map_or(s, |_| s - 4);
                    (Scope::WithheldPages, pages, s)
                }
                None => {
                    let s = before.rfind(". ").map_or(from, |i| from + i + 2).max(from);
                    (Scope::Production, Vec::new(), s)
                }
            };
        let stop = ceil_boundary(text, stop);
        let begin = floor_boundary(text, begin);
        out.push(Parsed {
            codes,
            act,
            scope,
            withheld_pages,
            text: text.get(begin..stop).unwrap_or("").trim().to_string(),
        });
    }
    out
}

/// The statements of grounds on the pages, in page order.
pub fn find_statements(pages: &[PageModel]) -> Vec<Statement> {
    let mut out = Vec::new();
    for page in pages {
        let text = page.flowing_text();
        let parsed = parse_statements(&text);
        if parsed.is_empty() {
            continue;
        }
        // An unnamed act is the one the page names, when it names exactly one.
        let named: Vec<Act> = act_names()
            .iter()
            .filter(|(r, _)| r.is_match(&text))
            .map(|(_, a)| *a)
            .collect();
        for p in parsed {
            let (act, act_named) = match (p.act, named.as_slice()) {
                (Some(a), _) => (a, true),
                (None, [one]) => (*one, true),
                (None, _) => (Act::Atia, false),
            };
            out.push(Statement {
                page: page.number,
                scope: p.scope,
                act,
                act_named,
                codes: p.codes,
                withheld_pages: p.withheld_pages,
                text: p.text,
            });
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Comparing.

/// One covers the other: the same code, or one a heading of the other (`15(1)` and `15(1)(a)`).
fn covers(a: &str, b: &str) -> bool {
    is_ancestor_or_same(a, b) || is_ancestor_or_same(b, a)
}

fn add(map: &mut BTreeMap<String, (Vec<u32>, usize)>, code: &str, page: u32) {
    let e = map.entry(code.to_string()).or_default();
    if !e.0.contains(&page) {
        e.0.push(page);
    }
    e.1 += 1;
}

/// Lays the statements over the codes stamped on `redactions`.
pub fn compare(statements: Vec<Statement>, redactions: &[Redaction]) -> Grounds {
    let production: Vec<&Statement> = statements
        .iter()
        .filter(|s| s.scope == Scope::Production)
        .collect();
    let claimed_found = !production.is_empty();
    let mut acts: Vec<Act> = production.iter().map(|s| s.act).collect();
    if acts.is_empty() {
        acts = statements
            .iter()
            .filter(|s| s.act_named)
            .map(|s| s.act)
            .collect();
    }
    acts.sort_unstable();
    acts.dedup();
    if acts.is_empty() {
        acts.push(Act::Atia);
    }
    let main = acts.first().copied().unwrap_or_default();

    let mut claimed_map: BTreeMap<String, (Vec<u32>, usize)> = BTreeMap::new();
    let mut claimed_acts: BTreeMap<String, Act> = BTreeMap::new();
    for s in &production {
        for c in &s.codes {
            add(&mut claimed_map, c, s.page);
            claimed_acts.entry(c.clone()).or_insert(s.act);
        }
    }
    let mut stamped_map: BTreeMap<String, (Vec<u32>, usize)> = BTreeMap::new();
    let mut exemptions = Tally::default();
    let mut exclusions = Tally::default();
    for r in redactions {
        let mut seen: Vec<&str> = Vec::new();
        for c in &r.codes {
            if !seen.contains(&c.as_str()) {
                seen.push(c);
                add(&mut stamped_map, c, r.page);
            }
        }
        if seen.iter().any(|c| kind_in(c, main) == "exemption") {
            exemptions.stamped += 1;
        }
        if seen.iter().any(|c| kind_in(c, main) == "exclusion") {
            exclusions.stamped += 1;
        }
    }
    let at = |map: &BTreeMap<String, (Vec<u32>, usize)>, act_of: &dyn Fn(&str) -> Act| {
        map.iter()
            .map(|(code, (pages, n))| {
                let mut pages = pages.clone();
                pages.sort_unstable();
                CodeAt {
                    code: code.clone(),
                    kind: kind_in(code, act_of(code)).to_string(),
                    pages,
                    count: *n,
                }
            })
            .collect::<Vec<_>>()
    };
    let claimed = at(&claimed_map, &|c| {
        claimed_acts.get(c).copied().unwrap_or(main)
    });
    let stamped = at(&stamped_map, &|_| main);
    for c in &claimed {
        if c.kind == "exclusion" {
            exclusions.claimed += 1;
        } else {
            exemptions.claimed += 1;
        }
    }
    let stamped_not_claimed = if claimed_found {
        stamped
            .iter()
            .filter(|s| !claimed.iter().any(|c| covers(&c.code, &s.code)))
            .cloned()
            .collect()
    } else {
        Vec::new()
    };
    let claimed_not_used = claimed
        .iter()
        .filter(|c| !stamped.iter().any(|s| covers(&c.code, &s.code)))
        .cloned()
        .collect();
    let mut unknown_in_act = Vec::new();
    for s in &stamped {
        if !acts.iter().any(|a| exists_in(&s.code, *a)) {
            unknown_in_act.push(UnknownInAct {
                code: s.code.clone(),
                acts: acts.clone(),
                source: "stamped".to_string(),
                pages: s.pages.clone(),
            });
        }
    }
    for c in &claimed {
        let act = claimed_acts.get(&c.code).copied().unwrap_or(main);
        if !exists_in(&c.code, act) && !unknown_in_act.iter().any(|u| u.code == c.code) {
            unknown_in_act.push(UnknownInAct {
                code: c.code.clone(),
                acts: vec![act],
                source: "claimed".to_string(),
                pages: c.pages.clone(),
            });
        }
    }
    Grounds {
        claimed_found,
        acts,
        statements,
        claimed,
        stamped,
        stamped_not_claimed,
        claimed_not_used,
        unknown_in_act,
        exemptions,
        exclusions,
    }
}

/// Statements found on `pages`, laid over the codes of `redactions`.
pub fn detect(pages: &[PageModel], redactions: &[Redaction]) -> Grounds {
    compare(find_statements(pages), redactions)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Parsed {
        let mut p = parse_statements(text);
        assert_eq!(p.len(), 1, "{text}: {p:?}");
        p.remove(0)
    }

    #[test]
    fn english_list_with_act() {
        let p = one(
            "Dear requester, information has been withheld pursuant to sections 15(1), 19(1) and 21(1)(a) of the Access to Information Act. Yours truly",
        );
        assert_eq!(p.codes, vec!["15(1)", "19(1)", "21(1)(a)"]);
        assert_eq!(p.act, Some(Act::Atia));
        assert_eq!(p.scope, Scope::Production);
        assert!(
            p.text
                .starts_with("Dear requester, information has been withheld")
        );
        assert!(p.text.ends_with("Access to Information Act"));
    }

    #[test]
    fn paragraph_shorthand_and_ranges() {
        assert_eq!(
            one("Some records were exempted under paragraphs 20(1)(b) and (c).").codes,
            vec!["20(1)(b)", "20(1)(c)"]
        );
        assert_eq!(
            one("Information was withheld under paragraphs 13(1)(a) to (c) and 16(2).").codes,
            vec!["13(1)(a)", "13(1)(b)", "13(1)(c)", "16(2)"]
        );
        assert_eq!(
            one("Records were withheld under sections 13 to 15 of the Act.").codes,
            vec!["13", "14", "15"]
        );
        assert_eq!(
            one("Information was withheld under subsections 15(1) and (2).").codes,
            vec!["15(1)", "15(2)"]
        );
    }

    #[test]
    fn french_list() {
        let p = one(
            "Des renseignements ont été retenus en vertu des articles 15(1) et 19(1) et de l'alinéa 21(1)a) de la Loi sur l'accès à l'information.",
        );
        assert_eq!(p.codes, vec!["15(1)", "19(1)", "21(1)(a)"]);
        assert_eq!(p.act, Some(Act::Atia));
        let p = one(
            "Les renseignements sont exemptés en vertu des alinéas 20(1)b) et c) de la Loi sur la protection des renseignements personnels",
        );
        assert_eq!(p.codes, vec!["20(1)(b)", "20(1)(c)"]);
        assert_eq!(p.act, Some(Act::Privacy));
    }

    #[test]
    fn privacy_act_and_exclusion() {
        let p = one("Information was withheld under sections 26 and 27 of the Privacy Act.");
        assert_eq!(p.codes, vec!["26", "27"]);
        assert_eq!(p.act, Some(Act::Privacy));
        let p = one("Some records were excluded under section 69 of the Act.");
        assert_eq!(p.codes, vec!["69"]);
        assert_eq!(p.act, None);
        assert_eq!(kind_in("69", Act::Atia), "exclusion");
        assert_eq!(kind_in("69(1)(g)", Act::Atia), "exclusion");
        assert_eq!(kind_in("70(1)", Act::Privacy), "exclusion");
        assert_eq!(kind_in("69(1)", Act::Privacy), "exclusion");
        assert_eq!(kind_in("19(1)", Act::Atia), "exemption");
    }

    #[test]
    fn withheld_page_notices_speak_for_their_pages() {
        let p = one(
            "Pages 7 to 9 are withheld pursuant to sections 69(1) and 21(1)(a) of the Access to Information Act",
        );
        assert_eq!(p.scope, Scope::WithheldPages);
        assert_eq!(p.withheld_pages, vec![7, 8, 9]);
        // As OCR reads it ("à" as "4"): still a notice for its pages, not a claim for the whole.
        let ocr = parse_statements(
            "Les pages 7 4 9 sont retenues en vertu des articles 69(1) et 21(1)a) de la Loi sur l'accès à l'information",
        );
        assert_eq!(ocr.first().map(|p| p.scope), Some(Scope::WithheldPages));
        assert_eq!(
            ocr.first().map(|p| p.withheld_pages.clone()),
            Some(vec![7, 8, 9])
        );
        assert_eq!(p.codes, vec!["69(1)", "21(1)(a)"]);
        assert!(p.text.starts_with("Pages 7 to 9"));
        let p = one("Les pages 7 à 9 sont retenues en vertu des articles 69(1) et 21(1)a)");
        assert_eq!(p.scope, Scope::WithheldPages);
        assert_eq!(p.codes, vec!["69(1)", "21(1)(a)"]);
        assert!(p.text.starts_with("Les pages"));
    }

    #[test]
    fn no_statement_in_prose_without_codes_or_verbs() {
        assert!(parse_statements("Released under the Access to Information Act").is_empty());
        assert!(
            parse_statements("Divulgué en vertu de la Loi sur l'accès à l'information").is_empty()
        );
        assert!(parse_statements("The meeting was held under section 4 rules").is_empty());
        // A year after the list is not a section.
        assert_eq!(
            one("Withheld under section 19(1) of the Access to Information Act, 1985").codes,
            vec!["19(1)"]
        );
    }

    #[test]
    fn codes_exist_in_their_act() {
        for c in [
            "15(1)",
            "15",
            "21(1)(a)",
            "16(2)(c)",
            "69",
            "69(1)(g)",
            "17",
            "20(1)(b.1)",
        ] {
            assert!(exists_in(c, Act::Atia), "{c}");
        }
        for c in ["22(1)(b)", "15(1)(z)", "27", "70(1)", "19(3)", "30(1)"] {
            assert!(!exists_in(c, Act::Atia), "{c}");
        }
        for c in ["19(1)", "21", "22(1)(b)", "26", "27", "70", "70(1)(c)"] {
            assert!(exists_in(c, Act::Privacy), "{c}");
        }
        for c in ["21(1)(a)", "15(1)", "20(1)(b)"] {
            assert!(!exists_in(c, Act::Privacy), "{c}");
        }
    }

    fn stamped(page: u32, codes: &[&str]) -> Redaction {
        let mut r = Redaction::new(page, super::super::RedactionKind::Box, None);
        r.codes = codes.iter().map(|c| c.to_string()).collect();
        r
    }

    fn statement(page: u32, scope: Scope, codes: &[&str]) -> Statement {
        Statement {
            page,
            scope,
            act: Act::Atia,
            act_named: true,
            codes: codes.iter().map(|c| c.to_string()).collect(),
            withheld_pages: Vec::new(),
            text: String::new(),
        }
    }

    #[test]
    fn claimed_against_stamped() {
        let g = compare(
            vec![statement(1, Scope::Production, &["15(1)", "19(1)", "69"])],
            &[
                stamped(2, &["15(1)(a)"]),
                stamped(3, &["21(1)(a)", "22(1)(b)"]),
                stamped(4, &["21(1)(a)"]),
            ],
        );
        assert!(g.claimed_found);
        let codes = |v: &[CodeAt]| v.iter().map(|c| c.code.clone()).collect::<Vec<_>>();
        assert_eq!(codes(&g.stamped_not_claimed), vec!["21(1)(a)", "22(1)(b)"]);
        assert_eq!(g.stamped_not_claimed[0].pages, vec![3, 4]);
        assert_eq!(codes(&g.claimed_not_used), vec!["19(1)", "69"]);
        assert_eq!(g.unknown_in_act.len(), 1);
        assert_eq!(g.unknown_in_act[0].code, "22(1)(b)");
        assert_eq!(g.exclusions.claimed, 1);
        assert_eq!(g.exemptions.claimed, 2);
        assert_eq!(g.exemptions.stamped, 3);
        assert_eq!(g.exclusions.stamped, 0);
    }

    #[test]
    fn nothing_claimed_means_nothing_unclaimed() {
        let g = compare(
            vec![statement(5, Scope::WithheldPages, &["69(1)"])],
            &[stamped(2, &["15(1)"])],
        );
        assert!(!g.claimed_found);
        assert!(g.stamped_not_claimed.is_empty());
        assert!(g.claimed.is_empty());
        assert_eq!(g.statements.len(), 1);
    }
}
