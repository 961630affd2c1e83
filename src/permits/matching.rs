//! Links pages to permits: by permit number, by goods serial number, or by context.
//!
//! Numbers and serials are matched with one Aho-Corasick automaton built from the registry's own
//! identifiers over each page's compact text (so `EXP-2020-\n0517`, `EXP 2020 0517` and
//! `EXP–2020–0517` all match `EXP-2020-0517`), whole identifiers only.
//!
//! A context fit needs a sign that a permit is discussed (the word permit/licence/export/
//! application, or a redaction on the page), at least two independent specific cues of which one
//! names the deal (end user, consignee, goods model) — the others being the quantity and a date of
//! the permit written on the page — and no number or serial link on the page unless a number
//! there was redacted. Fits are ranked by score; the best and those within [`NEAR_TIE`] of it are
//! kept (none when more than three fit alike: the page is generic).
//!
//! **When a link is sure** (see [`LinkStatus`]): number and serial links always are. A context
//! fit is a sure link only when it is unambiguous — it is the only permit kept (no other permit
//! of the registry, fitting or not, scores within [`NEAR_TIE`] of it), its score is at least
//! [`SURE_SCORE`], and the page (or its document) is not dated only outside the permit's date
//! window. Everything else is a **candidate**: every permit of a tie or near tie, and a lone weak
//! fit. Candidates carry their score and, in their evidence, why they are not sure.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};

use super::mentions::{PageFacts, compact_id, model_codes};
use super::registry::fold;
use super::{LinkStatus, NEAR_TIE, Permit, PermitLink, Registry, SURE_SCORE, Via};
use crate::dates::{Ymd, iso_days};
use crate::documents::Document;
use crate::geometry::Rect;
use crate::pdf::PageModel;

/// Confidence of a link by permit number.
const NUMBER_CONFIDENCE: f64 = 0.98;
/// Confidence of a link by serial number.
const SERIAL_CONFIDENCE: f64 = 0.9;
/// Most candidates listed for one page by context; more alike means the page is generic.
const MAX_CANDIDATES: usize = 3;
/// Days before the issue date during which an application is discussed.
const WINDOW_BEFORE_DAYS: i64 = 120;
/// Days after the issue date a permit stays relevant when neither expiry nor status date is known.
const WINDOW_DEFAULT_DAYS: i64 = 730;

/// Folded ways a company may be written: the name, without its legal form, and its distinctive
/// words (`L3Harris Wescam Inc.` -> `l3harris wescam inc`, `l3harris wescam`, `l3harris`, `wescam`).
fn company_aliases(name: &str) -> Vec<String> {
    let full = fold(name);
    let mut out = vec![full.clone()];
    // Legal forms of any jurisdiction (`assets/vocab/company_forms.json`).
    let stripped = crate::vocab::strip_company_forms(&full);
    out.push(stripped.clone());
    for w in stripped.split(' ') {
        if w.chars().count() >= 5 && !crate::vocab::is_generic_company_word(w) {
            out.push(w.to_string());
        }
    }
    out.retain(|a| !a.is_empty());
    out.sort();
    out.dedup();
    out
}

/// Folded ways an end user may be written: the name, without a leading article.
fn end_user_aliases(name: &str) -> Vec<String> {
    let full = fold(name);
    let mut out = vec![full.clone()];
    if let Some(rest) = full.strip_prefix("the ") {
        out.push(rest.to_string());
    }
    out
}

/// Folded names of a country, with its other spellings in English and French
/// (`assets/vocab/countries.json`); the name alone when it is no known country.
fn country_aliases(name: &str) -> Vec<String> {
    crate::vocab::country_aliases(name)
}

/// What the matcher knows of one permit.
struct Profile {
    end_user: Vec<String>,
    consignee: Vec<String>,
    exporter: Vec<String>,
    destination: Vec<String>,
    models: Vec<String>,
    goods_phrase: String,
    /// The goods' own words besides the model code, part by part ("software and technical
    /// documents", "training materials"), folded.
    goods_details: Vec<String>,
    quantity: Option<u32>,
    /// (label, day number) of issued, status and expiry dates.
    dates: Vec<(&'static str, i64, String)>,
    window: Option<(i64, i64)>,
}

impl Profile {
    fn of(p: &Permit) -> Profile {
        let goods = p.goods.as_deref().unwrap_or_default();
        let models: Vec<String> = model_codes(goods).into_iter().map(|(c, _)| c).collect();
        let issued = p.issued.as_deref().and_then(iso_days);
        let status = p.status_date.as_deref().and_then(iso_days);
        let expires = p.expires.as_deref().and_then(iso_days);
        let mut dates = Vec::new();
        if let (Some(d), Some(iso)) = (issued, &p.issued) {
            dates.push(("issued", d, iso.clone()));
        }
        if let (Some(d), Some(iso)) = (status, &p.status_date) {
            dates.push(("status", d, iso.clone()));
        }
        let window = issued.map(|i| {
            let end = [status, expires]
                .into_iter()
                .flatten()
                .max()
                .unwrap_or(i + WINDOW_DEFAULT_DAYS);
            (i - WINDOW_BEFORE_DAYS, end.max(i))
        });
        Profile {
            end_user: p
                .end_user
                .as_deref()
                .map(end_user_aliases)
                .unwrap_or_default(),
            consignee: p
                .consignee
                .as_deref()
                .map(company_aliases)
                .unwrap_or_default(),
            exporter: p
                .exporter
                .as_deref()
                .map(company_aliases)
                .unwrap_or_default(),
            destination: p
                .destination
                .as_deref()
                .map(country_aliases)
                .unwrap_or_default(),
            goods_details: goods_details(goods),
            goods_phrase: if models.is_empty() && goods.len() >= 6 {
                fold(goods)
            } else {
                String::new()
            },
            models,
            quantity: p.quantity,
            dates,
            window,
        }
    }
}

/// The cues of one permit found on one page.
#[derive(Debug, Default)]
struct Cues {
    /// The permit's own goods words said on the page (see [`goods_details`]).
    goods_detail: Option<String>,
    score: f64,
    specific: usize,
    names_deal: bool,
    /// The page or its document is dated, but no date there is the permit's or in its window.
    dated_outside: bool,
    evidence: Vec<String>,
}

/// The parts of a goods description besides its model codes, each of two words or more and not
/// only counting words: "MX-9 software and technical documents; training materials" gives
/// "software and technical documents" and "training materials" (folded).
fn goods_details(goods: &str) -> Vec<String> {
    let mut text = goods.to_string();
    for (_, written) in model_codes(goods) {
        text = text.replace(&written, " ");
    }
    text.split([';', ','])
        .map(fold)
        .filter(|d| {
            let words: Vec<&str> = d.split_whitespace().collect();
            words.len() >= 2
                && words.iter().any(|w| {
                    w.len() > 3 && !crate::vocab::is_goods_unit(w) && !matches!(*w, "with" | "avec")
                })
        })
        .collect()
}

/// The first of `details` the page says, singular or plural ("system" / "systems").
fn detail_said<'a>(facts: &PageFacts, details: &'a [String]) -> Option<&'a String> {
    details.iter().find(|d| {
        facts.says(d)
            || facts.says(&format!("{d}s"))
            || d.strip_suffix('s').is_some_and(|s| facts.says(s))
    })
}

fn first_said<'a>(facts: &PageFacts, aliases: &'a [String]) -> Option<&'a String> {
    // Longest alias first: "l3harris wescam" before "wescam".
    let mut sorted: Vec<&String> = aliases.iter().collect();
    sorted.sort_by_key(|a| std::cmp::Reverse(a.len()));
    sorted.into_iter().find(|a| facts.says(a))
}

fn context_cues(p: &Permit, prof: &Profile, facts: &PageFacts, doc_date: Option<Ymd>) -> Cues {
    let mut c = Cues::default();
    let shown = |o: &Option<String>| o.clone().unwrap_or_default();
    if first_said(facts, &prof.end_user).is_some() {
        c.score += 2.0;
        c.specific += 1;
        c.names_deal = true;
        c.evidence.push(format!("end user {}", shown(&p.end_user)));
    }
    // A consignee that is also the exporter (or names the same firm) says nothing of the deal.
    if let Some(alias) = first_said(facts, &prof.consignee)
        && !prof.exporter.contains(alias)
    {
        c.score += 2.0;
        c.specific += 1;
        c.names_deal = true;
        c.evidence
            .push(format!("consignee {}", shown(&p.consignee)));
    }
    let model = prof
        .models
        .iter()
        .find_map(|m| facts.models.iter().find(|(c, _)| c == m));
    if let Some((_, written)) = model {
        c.score += 2.0;
        c.specific += 1;
        c.names_deal = true;
        c.evidence.push(format!("goods {written}"));
    } else if facts.says(&prof.goods_phrase) {
        c.score += 2.0;
        c.specific += 1;
        c.names_deal = true;
        c.evidence.push(format!("goods {}", shown(&p.goods)));
    }
    // What the goods are, besides their model: a cue of its own, and what tells apart two
    // permits for the same model (the systems, and their software and documents).
    if let Some(d) = detail_said(facts, &prof.goods_details) {
        c.score += 1.0;
        c.evidence.push(format!("goods \"{d}\""));
        c.goods_detail = Some(d.clone());
    }
    if let Some(q) = prof.quantity
        && facts.quantities.contains(&q)
    {
        c.score += 1.5;
        c.specific += 1;
        c.evidence.push(format!("quantity {q}"));
    }
    let exact = prof.dates.iter().find(|(_, day, _)| {
        facts
            .dates
            .iter()
            .any(|d| d.day.is_some() && d.days() == *day)
    });
    if let Some((what, _, iso)) = exact {
        c.score += 1.5;
        c.specific += 1;
        c.evidence.push(format!("date {iso} (permit {what})"));
    } else if let Some((from, to)) = prof.window {
        let in_window = |d: &Ymd| d.last_day() >= from && d.days() <= to;
        let page_date = facts.dates.iter().find(|d| in_window(d));
        let found = page_date.map(|d| ("dated", *d)).or_else(|| {
            doc_date
                .filter(|d| in_window(d))
                .map(|d| ("document of", d))
        });
        if let Some((how, d)) = found {
            c.score += 0.5;
            let issued = p
                .issued
                .as_deref()
                .map(|i| format!(", permit issued {i}"))
                .unwrap_or_default();
            c.evidence.push(format!("{how} {}{issued}", d.iso()));
        } else {
            c.dated_outside = !facts.dates.is_empty() || doc_date.is_some();
        }
    }
    if first_said(facts, &prof.destination).is_some() {
        c.score += 0.5;
        c.evidence
            .push(format!("destination {}", shown(&p.destination)));
    }
    if first_said(facts, &prof.exporter).is_some() {
        c.score += 0.5;
        c.evidence.push(format!("exporter {}", shown(&p.exporter)));
    }
    c
}

/// A permit (index in the registry) and its cues on a page.
type Scored = (usize, Cues);

/// An identifier of the registry: a permit number or a serial.
struct Needle {
    permit: usize,
    serial: Option<String>,
}

/// Finds number and serial citations on a page: (permit index, via, evidence, bbox).
fn cited(
    page: &PageModel,
    facts: &PageFacts,
    automaton: &AhoCorasick,
    needles: &[Needle],
    registry: &Registry,
) -> Vec<(usize, Via, String, Option<Rect>)> {
    let c = &facts.compact;
    // Whole matches, the longest winning where they overlap.
    let mut hits: Vec<(usize, usize, usize)> = automaton
        .find_overlapping_iter(&c.text)
        .filter(|m| c.is_whole(m.start(), m.end()))
        .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
        .collect();
    hits.sort_by_key(|&(s, e, _)| (std::cmp::Reverse(e - s), s));
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let mut out: Vec<(usize, Via, String, Option<Rect>)> = Vec::new();
    for (s, e, n) in hits {
        if taken.iter().any(|&(a, b)| s < b && a < e) {
            continue;
        }
        taken.push((s, e));
        let Some(needle) = needles.get(n) else {
            continue;
        };
        let Some(permit) = registry.permits.get(needle.permit) else {
            continue;
        };
        let written = c.written(page, s, e).replace('\n', "⏎");
        let (via, evidence) = match &needle.serial {
            None => (
                Via::Number,
                format!("permit number {} cited (\"{written}\")", permit.number),
            ),
            Some(serial) => (
                Via::Serial,
                format!(
                    "serial number {serial} cited (\"{written}\"), goods of permit {}",
                    permit.number
                ),
            ),
        };
        if let Some(prev) = out.iter_mut().find(|x| x.0 == needle.permit) {
            // One link per permit and page: a number beats a serial.
            if prev.1 == Via::Serial && via == Via::Number {
                *prev = (needle.permit, via, evidence, c.bbox(page, s, e));
            }
            continue;
        }
        out.push((needle.permit, via, evidence, c.bbox(page, s, e)));
    }
    out
}

/// Builds the automaton of the registry's numbers and serials.
fn build_needles(registry: &Registry) -> (Option<AhoCorasick>, Vec<Needle>) {
    let mut patterns: Vec<String> = Vec::new();
    let mut needles = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let usable = |id: &str, min: usize| {
        id.len() >= min
            && id.chars().any(|c| c.is_ascii_digit())
            // Bare years and small numbers are not identifiers.
            && !(id.len() <= 4 && id.chars().all(|c| c.is_ascii_digit()))
    };
    for (i, p) in registry.permits.iter().enumerate() {
        let id = compact_id(&p.number);
        if usable(&id, 4) && !seen.contains_key(&id) {
            seen.insert(id.clone(), needles.len());
            patterns.push(id);
            needles.push(Needle {
                permit: i,
                serial: None,
            });
        }
        for s in &p.serials {
            let id = compact_id(s);
            if usable(&id, 4) && !seen.contains_key(&id) {
                seen.insert(id.clone(), needles.len());
                patterns.push(id);
                needles.push(Needle {
                    permit: i,
                    serial: Some(s.clone()),
                });
            }
        }
    }
    let automaton = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(&patterns)
        .ok();
    (automaton, needles)
}

/// For each page number up to `last_page`, the first document (in the order of `documents`) that
/// covers it and has a date. Each page is given once (a skip list over the pages already given),
/// so the cost is the pages plus the documents, not their product.
fn dated_documents(documents: &[Document], last_page: u32) -> Vec<Option<usize>> {
    let n = usize::try_from(last_page).unwrap_or(0);
    let mut first: Vec<Option<usize>> = vec![None; n + 1];
    // `next[p]`: the first page at or after `p` not given yet (n + 1 when none).
    let mut next: Vec<usize> = (0..=n + 1).collect();
    fn find(next: &mut [usize], p: usize) -> usize {
        let mut root = p;
        while let Some(&q) = next.get(root)
            && q != root
        {
            root = q;
        }
        let mut at = p;
        while let Some(&q) = next.get(at)
            && q != root
        {
            if let Some(slot) = next.get_mut(at) {
                *slot = root;
            }
            at = q;
        }
        root
    }
    for (k, d) in documents.iter().enumerate() {
        if d.date.is_none() {
            continue;
        }
        let lo = usize::try_from(d.first_page).unwrap_or(usize::MAX);
        let hi = usize::try_from(d.last_page).unwrap_or(usize::MAX).min(n);
        let mut p = find(&mut next, lo.min(n + 1));
        while p <= hi {
            if let Some(slot) = first.get_mut(p) {
                *slot = Some(k);
            }
            if let Some(slot) = next.get_mut(p) {
                *slot = p + 1;
            }
            p = find(&mut next, p + 1);
        }
    }
    first
}

/// The date of the document page `page` belongs to: the first document covering it that has a
/// date, looked up in `dated` (from [`dated_documents`]) or, without it, searched.
fn document_date(
    documents: &[Document],
    dated: Option<&[Option<usize>]>,
    page: u32,
) -> Option<Ymd> {
    let iso = match dated {
        Some(dated) => {
            let k = (*dated.get(usize::try_from(page).ok()?)?)?;
            documents.get(k)?.date.as_deref()
        }
        None => documents
            .iter()
            .filter(|d| d.first_page <= page && page <= d.last_page)
            .find_map(|d| d.date.as_deref()),
    };
    iso.and_then(|iso| crate::dates::parse_date(iso).ok())
}

/// Which permits a page may fit by context: a context link needs a cue that names the deal (end
/// user, consignee, goods model or goods phrase), so only permits with one of those written on
/// the page are scored, found with one automaton over the folded names and a map of the models.
struct ContextIndex {
    /// Over the distinct folded end-user, consignee and goods phrases.
    automaton: Option<AhoCorasick>,
    /// The permits of each pattern.
    owners: Vec<Vec<usize>>,
    /// The permits of each model code.
    by_model: HashMap<String, Vec<usize>>,
}

impl ContextIndex {
    fn new(profiles: &[Profile]) -> ContextIndex {
        let mut patterns: Vec<&str> = Vec::new();
        let mut pattern_of: HashMap<&str, usize> = HashMap::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        let mut by_model: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, prof) in profiles.iter().enumerate() {
            let phrases = prof
                .end_user
                .iter()
                .chain(&prof.consignee)
                .chain(std::iter::once(&prof.goods_phrase));
            for phrase in phrases.filter(|p| !p.is_empty()) {
                let k = *pattern_of.entry(phrase.as_str()).or_insert_with(|| {
                    patterns.push(phrase.as_str());
                    owners.push(Vec::new());
                    owners.len() - 1
                });
                if let Some(o) = owners.get_mut(k)
                    && o.last() != Some(&i)
                {
                    o.push(i);
                }
            }
            for m in &prof.models {
                let o = by_model.entry(m.clone()).or_default();
                if o.last() != Some(&i) {
                    o.push(i);
                }
            }
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .ok();
        ContextIndex {
            automaton,
            owners,
            by_model,
        }
    }

    /// The permits (ascending) that may name the deal of the page; every permit when the
    /// automaton could not be built.
    fn candidates(&self, facts: &PageFacts, permits: usize) -> Vec<usize> {
        let Some(a) = &self.automaton else {
            return (0..permits).collect();
        };
        let mut out: Vec<usize> = Vec::new();
        for m in a.find_overlapping_iter(&facts.folded) {
            if let Some(o) = self.owners.get(m.pattern().as_usize()) {
                out.extend_from_slice(o);
            }
        }
        for (code, _) in &facts.models {
            if let Some(o) = self.by_model.get(code) {
                out.extend_from_slice(o);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// The status of a context fit kept for a page, `kept` permits (fits and rivals) being within
/// [`NEAR_TIE`] of the best: see the module documentation.
fn sure_context(cues: &Cues, kept: usize) -> LinkStatus {
    let sure = kept == 1
        && cues.specific >= 2
        && cues.names_deal
        && cues.score >= SURE_SCORE
        && !cues.dated_outside;
    if sure {
        LinkStatus::Link
    } else {
        LinkStatus::Candidate
    }
}

/// Links pages to permits; see the module documentation.
pub fn link(pages: &[PageModel], documents: &[Document], registry: &Registry) -> Vec<PermitLink> {
    if registry.permits.is_empty() {
        return Vec::new();
    }
    let (automaton, needles) = build_needles(registry);
    let profiles: Vec<Profile> = registry.permits.iter().map(Profile::of).collect();
    let context_index = ContextIndex::new(&profiles);
    // Pages are numbered 1..=n in an analysis; numbers far beyond the page count (pages put
    // together by a caller) are searched instead of indexed.
    let last_page = pages.iter().map(|p| p.number).max().unwrap_or(0);
    let dated = (u64::from(last_page) <= 2 * pages.len() as u64 + 1024)
        .then(|| dated_documents(documents, last_page));
    let mut links = Vec::new();
    for page in pages {
        let facts = PageFacts::of_page(page);
        let citations = automaton
            .as_ref()
            .map(|a| cited(page, &facts, a, &needles, registry))
            .unwrap_or_default();
        for (i, via, evidence, bbox) in &citations {
            let Some(p) = registry.permits.get(*i) else {
                continue;
            };
            links.push(PermitLink {
                provenance: Default::default(),
                permit: p.number.clone(),
                page: page.number,
                via: *via,
                status: LinkStatus::Link,
                score: None,
                confidence: if *via == Via::Number {
                    NUMBER_CONFIDENCE
                } else {
                    SERIAL_CONFIDENCE
                },
                evidence: evidence.clone(),
                bbox: *bbox,
            });
        }
        // A page that cites a permit by number or serial is explained by that citation. Context
        // is read where a permit may be meant: talk of permits or exports, a redaction, or a
        // goods model code named (a deal named by its goods needs no word "permit").
        let may_mean = facts.permit_talk || facts.redacted || !facts.models.is_empty();
        if !may_mean || !citations.is_empty() {
            continue;
        }
        let doc_date = document_date(documents, dated.as_deref(), page.number);
        let scored: Vec<Scored> = context_index
            .candidates(&facts, registry.permits.len())
            .into_iter()
            .filter_map(|i| Some((i, registry.permits.get(i)?, profiles.get(i)?)))
            .map(|(i, p, prof)| (i, context_cues(p, prof, &facts, doc_date)))
            .collect();
        let (mut fits, others): (Vec<Scored>, Vec<Scored>) = scored
            .into_iter()
            .partition(|(_, c)| c.specific >= 2 && c.names_deal);
        fits.sort_by(|a, b| b.1.score.total_cmp(&a.1.score).then(a.0.cmp(&b.0)));
        let Some(best) = fits.first().map(|c| c.1.score) else {
            continue;
        };
        // Below a near tie, a fit stays (a candidate) when the page names goods of its own that
        // the best fit's are not: a memo about two applications for one model, the systems and
        // their software, is about both.
        let best_detail = fits.first().and_then(|c| c.1.goods_detail.clone());
        fits.retain(|c| {
            c.1.score >= best - NEAR_TIE
                || c.1
                    .goods_detail
                    .as_ref()
                    .is_some_and(|d| best_detail.as_ref() != Some(d))
        });
        if fits.len() > MAX_CANDIDATES {
            continue;
        }
        // Permits that name the deal too but lack a second specific cue still make a near tie.
        let rivals: Vec<&str> = others
            .iter()
            .filter(|c| c.1.score >= best - NEAR_TIE)
            .filter_map(|c| registry.permits.get(c.0).map(|p| p.number.as_str()))
            .collect();
        let n = fits.len();
        let tied: Vec<&str> = fits
            .iter()
            .filter_map(|c| registry.permits.get(c.0).map(|p| p.number.as_str()))
            .chain(rivals.iter().copied())
            .collect();
        for (rank, (i, cues)) in fits.iter().enumerate() {
            let Some(p) = registry.permits.get(*i) else {
                continue;
            };
            let status = sure_context(cues, tied.len());
            let base = (0.45 + 0.05 * cues.score).min(0.85);
            let confidence = if n == 1 {
                base
            } else {
                base / (n as f64) * (1.0 - 0.1 * rank as f64)
            };
            let redacted = if facts.redacted {
                "number absent or redacted"
            } else {
                "number absent"
            };
            let mut evidence = format!("{}; {redacted}", cues.evidence.join(" + "));
            if status == LinkStatus::Candidate {
                let others: Vec<&str> = tied.iter().copied().filter(|t| *t != p.number).collect();
                let why = if !others.is_empty() {
                    format!("fits as well: {}", others.join(", "))
                } else if cues.dated_outside {
                    "dated outside the permit's window".to_string()
                } else {
                    format!("weak fit (score {:.1} < {SURE_SCORE:.1})", cues.score)
                };
                evidence.push_str(&format!("; candidate, {why}"));
            }
            if n > 1 {
                evidence.push_str(&format!("; candidate {} of {n}", rank + 1));
            }
            links.push(PermitLink {
                provenance: Default::default(),
                permit: p.number.clone(),
                page: page.number,
                via: Via::Context,
                status,
                score: Some(cues.score),
                confidence: (confidence * 100.0).round() / 100.0,
                evidence,
                bbox: None,
            });
        }
    }
    // Sorted by (page, permit) as documented.
    links.sort_by(|a, b| a.page.cmp(&b.page).then_with(|| a.permit.cmp(&b.permit)));
    links
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::synthetic::page_from_lines;

    fn registry() -> Registry {
        let p = |n: &str, q: u32, goods: &str, serials: &[&str], issued: &str| Permit {
            number: n.to_string(),
            exporter: Some("L3Harris Wescam".to_string()),
            consignee: Some("Baykar Makina".to_string()),
            end_user: Some("Turkish Naval Forces".to_string()),
            destination: Some("Turkey".to_string()),
            goods: Some(goods.to_string()),
            quantity: Some(q),
            serials: serials.iter().map(|s| (*s).to_string()).collect(),
            issued: Some(issued.to_string()),
            expires: Some("2022-05-14".to_string()),
            status: Some("cancelled".to_string()),
            status_date: Some("2021-04-12".to_string()),
            events: Vec::new(),
        };
        Registry {
            permits: vec![
                p(
                    "EXP-2020-0517",
                    7,
                    "MX-15D EO/IR sensor",
                    &["WX15D-20931"],
                    "2020-05-14",
                ),
                p(
                    "EXP-2020-0602",
                    2,
                    "MX-10 EO/IR sensor",
                    &["WX10-7781"],
                    "2020-06-02",
                ),
            ],
            row_errors: Vec::new(),
        }
    }

    fn doc(first_page: u32, last_page: u32, date: Option<&str>) -> Document {
        Document {
            id: format!("doc-{first_page}-{last_page}"),
            kind: crate::documents::DocumentKind::Email,
            first_page,
            last_page,
            from: None,
            to: Vec::new(),
            cc: Vec::new(),
            date: date.map(str::to_string),
            time: None,
            subject: None,
            classification: None,
            file_number: None,
            thread: None,
            quoted_in: None,
            depth: 0,
            same_as: None,
            provenance: Default::default(),
        }
    }

    #[test]
    fn document_dates_by_page_index() {
        let docs = vec![
            doc(1, 5, None),
            doc(1, 3, Some("2020-01-01")),
            doc(2, 2, Some("2020-02-02")),
            doc(3, 8, Some("2020-03-03")),
            doc(9, 20, Some("2020-04-04")),
        ];
        let dated = dated_documents(&docs, 10);
        assert_eq!(
            dated,
            vec![
                None,
                Some(1),
                Some(1),
                Some(1),
                Some(3),
                Some(3),
                Some(3),
                Some(3),
                Some(3),
                Some(4),
                Some(4)
            ]
        );
        // The index gives what a search of every document gives, on a pseudo-random layout.
        let mut x: u32 = 7;
        let mut docs = Vec::new();
        for k in 0..200 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let first = 1 + (x >> 8) % 300;
            let last = first + (x >> 4) % 40;
            docs.push(doc(first, last, (k % 3 != 0).then_some("2021-05-06")));
        }
        let dated = dated_documents(&docs, 330);
        for page in 0..=335 {
            let want = docs
                .iter()
                .position(|d| d.first_page <= page && page <= d.last_page && d.date.is_some());
            let got = dated.get(page as usize).copied().flatten();
            assert_eq!(got, if page <= 330 { want } else { None }, "page {page}");
            assert_eq!(
                document_date(&docs, Some(&dated), page).is_some(),
                document_date(&docs, None, page).is_some() && page <= 330
            );
        }
    }

    #[test]
    fn context_candidates_hold_every_permit_naming_the_deal() {
        let reg = registry();
        let profiles: Vec<Profile> = reg.permits.iter().map(Profile::of).collect();
        let index = ContextIndex::new(&profiles);
        let facts = |lines: &[&str]| PageFacts::of_page(&page_from_lines(1, lines));
        // End user (shared): both permits; a model: its permit only; nothing: none.
        let f = facts(&["The Turkish Naval Forces asked again."]);
        assert_eq!(index.candidates(&f, 2), vec![0, 1]);
        let f = facts(&["Two MX-10 units."]);
        assert_eq!(index.candidates(&f, 2), vec![1]);
        let f = facts(&["Lunch at noon."]);
        assert!(index.candidates(&f, 2).is_empty());
    }

    #[test]
    fn company_alias_words() {
        assert_eq!(
            company_aliases("L3Harris Wescam Inc."),
            vec![
                "l3harris",
                "l3harris wescam",
                "l3harris wescam inc",
                "wescam"
            ]
        );
        assert_eq!(
            company_aliases("Baykar Makina"),
            vec!["baykar", "baykar makina"]
        );
        // Legal forms and industry words of other languages (`assets/vocab/company_forms.json`).
        assert_eq!(
            company_aliases("Aselsan Elektronik Sanayi ve Ticaret A.Ş."),
            vec![
                "aselsan",
                "aselsan elektronik",
                "aselsan elektronik sanayi ve ticaret a s"
            ]
        );
        assert_eq!(
            company_aliases("Rheinmetall Waffe Munition GmbH"),
            vec![
                "rheinmetall",
                "rheinmetall waffe munition",
                "rheinmetall waffe munition gmbh"
            ]
        );
        assert_eq!(
            company_aliases("WB Electronics Sp. z o.o."),
            vec!["wb electronics", "wb electronics sp z o o"]
        );
        // A destination in any of its names; a registry's ISO code too.
        assert!(country_aliases("Türkiye").contains(&"turkey".to_string()));
        assert!(country_aliases("TUR").contains(&"turquie".to_string()));
        assert!(country_aliases("Czech Republic").contains(&"czechia".to_string()));
    }

    #[test]
    fn consignee_written_without_its_accents() {
        let permit = Permit {
            number: "EXP-1".to_string(),
            consignee: Some("Łódź Dvořák Ørsted AS".to_string()),
            end_user: Some("Forsvarets Ångström-Båt".to_string()),
            ..Permit::default()
        };
        let prof = Profile::of(&permit);
        let page = page_from_lines(
            1,
            &["Shipped to LODZ DVORAK ORSTED for the forsvarets angstrom bat."],
        );
        let facts = PageFacts::of_page(&page);
        assert_eq!(
            first_said(&facts, &prof.consignee).map(String::as_str),
            Some("lodz dvorak orsted")
        );
        assert_eq!(
            first_said(&facts, &prof.end_user).map(String::as_str),
            Some("forsvarets angstrom bat")
        );
    }

    #[test]
    fn by_number_serial_and_context() {
        let pages = vec![
            page_from_lines(1, &["Re: permit EXP-2020-", "0517 for the sensors."]),
            page_from_lines(2, &["Serial WX15D 20931 was seen in footage."]),
            page_from_lines(
                3,
                &[
                    "Permit number [redacted] covers seven MX-15D systems",
                    "for the Turkish Naval Forces, issued May 14, 2020.",
                ],
            ),
            page_from_lines(4, &["Weather report: sunny, 2020-05-14."]),
            page_from_lines(5, &["The MX-15D is made by Wescam."]),
        ];
        let links = link(&pages, &[], &registry());
        let got: Vec<(u32, &str, Via)> = links
            .iter()
            .map(|l| (l.page, l.permit.as_str(), l.via))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, "EXP-2020-0517", Via::Number),
                (2, "EXP-2020-0517", Via::Serial),
                (3, "EXP-2020-0517", Via::Context),
            ]
        );
        assert!(links[0].bbox.is_some());
        // The MX-10 permit shares the end user but scores far lower: page 3 is a sure link.
        assert!(links.iter().all(PermitLink::is_sure), "{links:#?}");
        assert!(links[2].score.is_some_and(|s| s >= SURE_SCORE));
        assert!(links[2].evidence.contains("end user Turkish Naval Forces"));
        assert!(links[2].evidence.contains("goods MX-15D"));
    }

    #[test]
    fn goods_details_are_the_words_besides_the_model() {
        assert_eq!(
            goods_details("HS-200 survey software and technical documents; training materials"),
            vec![
                "survey software and technical documents",
                "training materials"
            ]
        );
        // Counting words alone and a bare model say nothing of their own.
        assert!(goods_details("HS-200 systems, 2 units").is_empty());
    }

    #[test]
    fn the_rule_of_a_sure_context_link() {
        let cues = |score: f64, specific: usize, dated_outside: bool| Cues {
            score,
            specific,
            names_deal: true,
            dated_outside,
            evidence: Vec::new(),
            goods_detail: None,
        };
        // Alone, two deal cues (end user + goods): sure.
        assert_eq!(sure_context(&cues(4.0, 2, false), 1), LinkStatus::Link);
        // The same with another permit within a near tie: a candidate.
        assert_eq!(sure_context(&cues(4.0, 2, false), 2), LinkStatus::Candidate);
        assert_eq!(sure_context(&cues(9.0, 4, false), 3), LinkStatus::Candidate);
        // A weak fit: one deal cue and the quantity, nothing else.
        assert_eq!(sure_context(&cues(3.5, 2, false), 1), LinkStatus::Candidate);
        // A page dated only outside the permit's window.
        assert_eq!(sure_context(&cues(4.0, 2, true), 1), LinkStatus::Candidate);
        // One specific cue is never a link.
        assert_eq!(sure_context(&cues(4.5, 1, false), 1), LinkStatus::Candidate);
    }

    #[test]
    fn a_deal_named_by_its_goods_model_links_without_the_word_permit() {
        // No "permit", no redaction: the end user, the model and the quantity of one permit.
        let pages = vec![
            page_from_lines(
                1,
                &["The Turkish Naval Forces asked again about the seven MX-15D sensors."],
            ),
            // A page naming neither a model nor permits is not read for context.
            page_from_lines(2, &["The Turkish Naval Forces will visit in June."]),
        ];
        let got: Vec<(u32, String, LinkStatus)> = link(&pages, &[], &registry())
            .into_iter()
            .map(|l| (l.page, l.permit, l.status))
            .collect();
        assert_eq!(
            got,
            vec![(1, "EXP-2020-0517".to_string(), LinkStatus::Link)]
        );
    }

    #[test]
    fn distractors_sharing_end_user_and_goods_make_candidates() {
        // Two permits for the same end user and model, issued the same day; only the quantity and
        // the serials differ.
        let mut reg = registry();
        let mut twin = reg.permits[0].clone();
        twin.number = "EXP-2020-0519".to_string();
        twin.quantity = Some(3);
        twin.serials = vec!["WX15D-30001".to_string()];
        reg.permits.push(twin);
        let pages = vec![
            page_from_lines(
                1,
                &["Export permit [redacted]: MX-15D sensors for the Turkish Naval Forces."],
            ),
            page_from_lines(
                2,
                &["Permit EXP-2020-0519 covers MX-15D sensors for the Turkish Naval Forces."],
            ),
            page_from_lines(
                3,
                &["Export permit [redacted]: three MX-15D sensors for the Turkish Naval Forces."],
            ),
        ];
        let links = link(&pages, &[], &reg);
        let got: Vec<(u32, &str, LinkStatus)> = links
            .iter()
            .map(|l| (l.page, l.permit.as_str(), l.status))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, "EXP-2020-0517", LinkStatus::Candidate),
                (1, "EXP-2020-0519", LinkStatus::Candidate),
                (2, "EXP-2020-0519", LinkStatus::Link),
                (3, "EXP-2020-0519", LinkStatus::Link),
            ],
            "{links:#?}"
        );
        let tie = &links[0];
        assert!(
            tie.evidence.contains("fits as well: EXP-2020-0519"),
            "{}",
            tie.evidence
        );
        assert_eq!(tie.score, links[1].score);
        assert_eq!(links[3].via, Via::Context);
    }
}
