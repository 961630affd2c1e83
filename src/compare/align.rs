//! Pairing units across productions and aligning the words of a pair.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::tokens::{self, Stream, Tok, Unit};
use super::{Change, Comparison, Pair, Production, Recoded, Side, Unpaired, Which};
use crate::textfold;

/// Words in a shingle.
const SHINGLE: usize = 3;
/// A shingle found in more units than this is boilerplate: it pairs nothing.
const COMMON: usize = 40;
/// Least score for two units to be a pair.
const PAIR_FLOOR: f64 = 0.3;
/// Cells of the longest-common-subsequence table between two anchors, at most.
const LCS_CELLS: usize = 40_000;

/// The shingles of a token range: hashes of `SHINGLE` words in a row with no gap between,
/// sorted, each once.
fn shingles(toks: &[Tok]) -> Vec<u64> {
    let mut out = Vec::new();
    for w in toks.windows(SHINGLE) {
        if w.iter().any(|t| t.gap) {
            continue;
        }
        let mut h: u64 = 0x9e37_79b9_7f4a_7c15;
        for t in w {
            h = (h ^ t.key)
                .wrapping_mul(0x0000_0100_0000_01b3)
                .rotate_left(17);
        }
        out.push(h);
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn header_key(p: &Production, u: &Unit) -> Option<String> {
    let d = p.documents.get(u.doc?)?;
    let subject = d.subject.as_deref().map(|s| {
        let mut s = textfold::fold_words(s);
        // Reply and forward prefixes aside.
        loop {
            let t = ["re ", "tr ", "fw ", "fwd ", "ref "]
                .iter()
                .find_map(|p| s.strip_prefix(p).map(str::to_string));
            match t {
                Some(t) => s = t,
                None => break,
            }
        }
        s
    })?;
    let from = textfold::fold_words(d.from.as_deref()?);
    let date = d.date.clone()?;
    Some(format!("{from}|{date}|{subject}"))
}

fn side(p: &Production, u: &Unit) -> Side {
    Side {
        path: p.path.display().to_string(),
        document: u.document.clone(),
        first_page: u.first_page,
    }
}

/// Units of `a` paired with units of `b`, best first, each unit in one pair at most:
/// `(unit of a, unit of b, similarity)`.
fn pair_units(
    a: &Production,
    sa: &Stream,
    ua: &[Unit],
    b: &Production,
    sb: &Stream,
    ub: &[Unit],
) -> Vec<(usize, usize, f64)> {
    let sh_a: Vec<Vec<u64>> = ua
        .iter()
        .map(|u| shingles(&sa.toks[u.start..u.end]))
        .collect();
    let sh_b: Vec<Vec<u64>> = ub
        .iter()
        .map(|u| shingles(&sb.toks[u.start..u.end]))
        .collect();
    let mut index: HashMap<u64, Vec<u32>> = HashMap::new();
    for (j, s) in sh_b.iter().enumerate() {
        for h in s {
            index
                .entry(*h)
                .or_default()
                .push(u32::try_from(j).unwrap_or(u32::MAX));
        }
    }
    let keys_b: Vec<Option<String>> = ub.iter().map(|u| header_key(b, u)).collect();
    let mut headers: HashMap<String, Vec<usize>> = HashMap::new();
    for (j, k) in keys_b.iter().enumerate() {
        if let Some(k) = k {
            headers.entry(k.clone()).or_default().push(j);
        }
    }
    let mut candidates: Vec<(f64, usize, usize, f64)> = Vec::new();
    for (i, s) in sh_a.iter().enumerate() {
        let mut common: HashMap<u32, usize> = HashMap::new();
        for h in s {
            if let Some(js) = index.get(h)
                && js.len() <= COMMON
            {
                for j in js {
                    *common.entry(*j).or_default() += 1;
                }
            }
        }
        let key = header_key(a, &ua[i]);
        let same_header: HashSet<usize> = key
            .as_ref()
            .and_then(|k| headers.get(k))
            .map(|js| js.iter().copied().collect())
            .unwrap_or_default();
        let mut seen: HashSet<usize> = HashSet::new();
        for (j, c) in common {
            let j = j as usize;
            let total = s.len() + sh_b[j].len();
            let dice = if total == 0 {
                0.0
            } else {
                2.0 * c as f64 / total as f64
            };
            // Containment too: one copy withholding much has fewer shingles.
            let contain = c as f64 / s.len().min(sh_b[j].len()).max(1) as f64;
            let sim = dice.max(0.8 * contain);
            let score = match (&key, &keys_b[j]) {
                (Some(x), Some(y)) if x == y => sim + 0.5,
                (Some(_), Some(_)) => sim * 0.5,
                _ => sim,
            };
            seen.insert(j);
            if score >= PAIR_FLOOR {
                candidates.push((score, i, j, dice.max(contain * 0.8).min(1.0)));
            }
        }
        // Same headers, no shared words (a copy withheld whole): still the same record.
        for j in same_header {
            if !seen.contains(&j) {
                candidates.push((0.5, i, j, 0.0));
            }
        }
    }
    candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    let (mut used_a, mut used_b) = (vec![false; ua.len()], vec![false; ub.len()]);
    let mut out = Vec::new();
    for (_, i, j, sim) in candidates {
        if used_a[i] || used_b[j] {
            continue;
        }
        used_a[i] = true;
        used_b[j] = true;
        out.push((i, j, (sim * 1000.0).round() / 1000.0));
    }
    out.sort_by_key(|x| x.0);
    out
}

/// Matched word positions of `a` and `b` (indices into the slices), increasing in both:
/// unique shared words as anchors (their longest increasing run), then the same again between
/// anchors, common prefixes and suffixes, and a longest common subsequence where a stretch is
/// small enough.
pub(crate) fn align_words(a: &[u64], b: &[u64]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut stack = vec![(0usize, a.len(), 0usize, b.len())];
    while let Some((mut a0, mut a1, mut b0, mut b1)) = stack.pop() {
        while a0 < a1 && b0 < b1 && a[a0] == b[b0] {
            out.push((a0, b0));
            a0 += 1;
            b0 += 1;
        }
        while a0 < a1 && b0 < b1 && a[a1 - 1] == b[b1 - 1] {
            out.push((a1 - 1, b1 - 1));
            a1 -= 1;
            b1 -= 1;
        }
        if a0 >= a1 || b0 >= b1 {
            continue;
        }
        // Words once in each side.
        let mut count: HashMap<u64, (u32, usize, u32, usize)> = HashMap::new();
        for (i, k) in a.iter().enumerate().take(a1).skip(a0) {
            let e = count.entry(*k).or_insert((0, i, 0, 0));
            e.0 += 1;
        }
        for (j, k) in b.iter().enumerate().take(b1).skip(b0) {
            if let Some(e) = count.get_mut(k) {
                e.2 += 1;
                e.3 = j;
            }
        }
        let mut uniq: Vec<(usize, usize)> = count
            .values()
            .filter(|e| e.0 == 1 && e.2 == 1)
            .map(|e| (e.1, e.3))
            .collect();
        if uniq.is_empty() {
            if (a1 - a0).saturating_mul(b1 - b0) <= LCS_CELLS {
                lcs(a, b, (a0, a1), (b0, b1), &mut out);
            }
            continue;
        }
        uniq.sort_unstable();
        let anchors = longest_increasing(&uniq);
        let (mut pa, mut pb) = (a0, b0);
        for (i, j) in anchors {
            out.push((i, j));
            stack.push((pa, i, pb, j));
            pa = i + 1;
            pb = j + 1;
        }
        stack.push((pa, a1, pb, b1));
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The longest run of `pairs` (sorted by first) increasing in second (patience sorting).
fn longest_increasing(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    // tails[k]: index into pairs of the smallest second ending a run of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; pairs.len()];
    for (i, p) in pairs.iter().enumerate() {
        let k = tails.partition_point(|&t| pairs[t].1 < p.1);
        if k > 0 {
            prev[i] = Some(tails[k - 1]);
        }
        if k == tails.len() {
            tails.push(i);
        } else {
            tails[k] = i;
        }
    }
    let mut out = Vec::new();
    let mut at = tails.last().copied();
    while let Some(i) = at {
        out.push(pairs[i]);
        at = prev[i];
    }
    out.reverse();
    out
}

/// Longest common subsequence of two small stretches, pushed into `out`.
fn lcs(
    a: &[u64],
    b: &[u64],
    (a0, a1): (usize, usize),
    (b0, b1): (usize, usize),
    out: &mut Vec<(usize, usize)>,
) {
    let (n, m) = (a1 - a0, b1 - b0);
    let mut t = vec![0u32; (n + 1) * (m + 1)];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            t[i * (m + 1) + j] = if a[a0 + i] == b[b0 + j] {
                t[(i + 1) * (m + 1) + j + 1] + 1
            } else {
                t[(i + 1) * (m + 1) + j].max(t[i * (m + 1) + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if a[a0 + i] == b[b0 + j] {
            out.push((a0 + i, b0 + j));
            i += 1;
            j += 1;
        } else if t[(i + 1) * (m + 1) + j] >= t[i * (m + 1) + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
}

/// What the differences of a pair go into.
struct Out<'a> {
    pa: &'a Production,
    pb: &'a Production,
    cmp: Comparison,
}

/// One copy's side of a stretch where the copies differ.
#[derive(Default)]
struct Stretch {
    /// Words (page index, word index).
    words: Vec<(u32, u32)>,
    /// Gaps (page index, redaction index).
    gaps: Vec<(u32, u32)>,
}

fn collect(toks: &[Tok]) -> Stretch {
    let mut s = Stretch::default();
    for t in toks {
        if t.gap {
            s.gaps.push((t.page, t.item));
        } else {
            s.words.push((t.page, t.item));
        }
    }
    s
}

impl Out<'_> {
    fn prod(&self, w: Which) -> &Production {
        match w {
            Which::A => self.pa,
            Which::B => self.pb,
        }
    }

    fn page_of(&self, w: Which, page: u32) -> (u32, Option<String>) {
        self.prod(w)
            .pages
            .get(page as usize)
            .map_or((0, None), |p| (p.number, p.stamp.clone()))
    }

    fn codes(&self, w: Which, gaps: &[(u32, u32)]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (p, g) in gaps {
            if let Some(g) = self
                .prod(w)
                .pages
                .get(*p as usize)
                .and_then(|pg| pg.redactions.get(*g as usize))
            {
                for c in &g.codes {
                    if !out.contains(c) {
                        out.push(c.clone());
                    }
                }
            }
        }
        out
    }

    /// The released text of `words` in copy `w`, `None` when it is not read well enough (OCR
    /// noise) or holds no word of three letters or digits.
    fn released(
        &self,
        w: Which,
        words: &[(u32, u32)],
    ) -> Option<(String, Vec<crate::geometry::Rect>)> {
        let p = self.prod(w);
        let ws: Vec<&super::Word> = words
            .iter()
            .filter_map(|(pg, i)| p.pages.get(*pg as usize)?.words.get(*i as usize))
            .collect();
        if ws.is_empty() {
            return None;
        }
        let sure = ws.iter().filter(|x| tokens::confident(x)).count();
        if sure * 10 < ws.len() * 9 {
            return None;
        }
        if !ws
            .iter()
            .any(|x| tokens::confident(x) && tokens::fold(&x.text).chars().count() >= 3)
        {
            return None;
        }
        let text = ws
            .iter()
            .map(|x| x.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let boxes = ws.iter().map(|x| x.bbox).collect();
        Some((text, boxes))
    }

    /// How many characters the boxes of `gaps` can hide, by their width and the mean width of a
    /// character on their page; 0 when a page has no words to measure by.
    fn hidden_chars(&self, w: Which, gaps: &[(u32, u32)]) -> f64 {
        let p = self.prod(w);
        let mut total = 0.0;
        for (pg, g) in gaps {
            let Some(page) = p.pages.get(*pg as usize) else {
                continue;
            };
            let (width, chars) = page.words.iter().fold((0.0, 0usize), |(w, c), x| {
                (w + x.bbox.width(), c + x.text.chars().count() + 1)
            });
            if chars == 0 || width <= 0.0 {
                return 0.0;
            }
            let per = width / chars as f64;
            if let Some(g) = page.redactions.get(*g as usize) {
                total += g.boxes.iter().map(|b| b.width()).sum::<f64>() / per;
            }
        }
        total
    }

    /// A stretch where `withheld` shows only gaps (or gaps and no words) and the other copy shows
    /// `words`.
    fn change(&mut self, withheld: Which, gaps: &[(u32, u32)], words: &[(u32, u32)], pair: usize) {
        let Some(&(gp, _)) = gaps.first() else { return };
        let Some(&(wp, _)) = words.first() else {
            return;
        };
        let Some((text, released_boxes)) = self.released(withheld.other(), words) else {
            return;
        };
        // The boxes must be able to hide that text: about as many characters as their width
        // holds in their page's type (within a wide margin: other fonts, other justification).
        let hidden = self.hidden_chars(withheld, gaps);
        let shown = text.chars().count() as f64;
        if hidden > 0.0 && (shown > 2.5 * hidden + 8.0 || shown + 5.0 < hidden / 3.0) {
            return;
        }
        let codes = self.codes(withheld, gaps);
        let (gpage, gstamp) = self.page_of(withheld, gp);
        let (wpage, wstamp) = self.page_of(withheld.other(), wp);
        let p = self.prod(withheld);
        let mut redactions = Vec::new();
        let mut withheld_boxes = Vec::new();
        for (pg, g) in gaps {
            if let Some(g) = p
                .pages
                .get(*pg as usize)
                .and_then(|x| x.redactions.get(*g as usize))
            {
                redactions.push(g.id.clone());
                if *pg == gp {
                    withheld_boxes.extend(g.boxes.iter().copied());
                }
            }
        }
        let ((a_page, a_stamp), (b_page, b_stamp)) = match withheld {
            Which::A => ((gpage, gstamp), (wpage, wstamp)),
            Which::B => ((wpage, wstamp), (gpage, gstamp)),
        };
        self.cmp.changes.push(Change {
            text,
            withheld_in: withheld,
            a_page,
            b_page,
            a_stamp,
            b_stamp,
            codes,
            pair,
            redactions,
            withheld_boxes,
            released_boxes,
        });
    }

    /// Reads the stretch between two matched places: `ta` of copy a against `tb` of copy b.
    fn stretch(&mut self, ta: &[Tok], tb: &[Tok], pair: usize) {
        let (sa, sb) = (collect(ta), collect(tb));
        match (sa.gaps.is_empty(), sb.gaps.is_empty()) {
            (true, true) => {}
            (false, true) => self.change(Which::A, &sa.gaps, &sb.words, pair),
            (true, false) => self.change(Which::B, &sb.gaps, &sa.words, pair),
            (false, false) => {
                let (ca, cb) = (
                    self.codes(Which::A, &sa.gaps),
                    self.codes(Which::B, &sb.gaps),
                );
                let set = |c: &[String]| c.iter().cloned().collect::<BTreeSet<String>>();
                // A copy whose codes could not be read (a scan's labels missed by OCR, a box
                // with no label) says nothing about its grounds: withheld in both, not recoded.
                if set(&ca) == set(&cb) || ca.is_empty() || cb.is_empty() {
                    self.cmp.withheld_in_both += 1;
                } else {
                    let (a_page, _) = self.page_of(Which::A, sa.gaps[0].0);
                    let (b_page, _) = self.page_of(Which::B, sb.gaps[0].0);
                    self.cmp.recoded.push(Recoded {
                        text: None,
                        a_codes: ca,
                        b_codes: cb,
                        a_page,
                        b_page,
                        pair,
                    });
                }
                // One copy shows words besides its gaps where the other shows gaps only: those
                // words are withheld in the other.
                if sa.words.is_empty() && !sb.words.is_empty() {
                    self.change(Which::A, &sa.gaps, &sb.words, pair);
                } else if sb.words.is_empty() && !sa.words.is_empty() {
                    self.change(Which::B, &sb.gaps, &sa.words, pair);
                }
            }
        }
    }

    /// Aligns token ranges `ra` of a and `rb` of b and reads every stretch between matched words;
    /// `bounded`: the ranges' ends are the same place in both (a document's start and end), so
    /// the stretches before the first and after the last matched word count too.
    fn pair(&mut self, ta: &[Tok], tb: &[Tok], bounded: bool, pair: usize) -> f64 {
        let wa: Vec<usize> = (0..ta.len()).filter(|i| !ta[*i].gap).collect();
        let wb: Vec<usize> = (0..tb.len()).filter(|i| !tb[*i].gap).collect();
        let ka: Vec<u64> = wa.iter().map(|i| ta[*i].key).collect();
        let kb: Vec<u64> = wb.iter().map(|i| tb[*i].key).collect();
        let matched = align_words(&ka, &kb);
        let mut cuts: Vec<(usize, usize)> = matched.iter().map(|(i, j)| (wa[*i], wb[*j])).collect();
        if cuts.is_empty() && !bounded {
            return 0.0;
        }
        // How many matched words in a row (in both copies) end at, and start at, each match: a
        // stretch counts only between runs of `solid` words (or a unit's ends), so that a few
        // words matched by chance in text that is not the same never frame a difference.
        let n = matched.len();
        let follows = |k: usize| {
            k > 0 && matched[k].0 == matched[k - 1].0 + 1 && matched[k].1 == matched[k - 1].1 + 1
        };
        let mut before = vec![1usize; n];
        for k in 1..n {
            if follows(k) {
                before[k] = before[k - 1] + 1;
            }
        }
        let mut after = vec![1usize; n];
        for k in (0..n.saturating_sub(1)).rev() {
            if follows(k + 1) {
                after[k] = after[k + 1] + 1;
            }
        }
        let solid = if bounded { 2 } else { 3 };
        let mut prev: Option<(usize, usize, usize)> = None;
        if bounded {
            cuts.push((ta.len(), tb.len()));
        }
        for (k, (i, j)) in cuts.into_iter().enumerate() {
            let end_ok = k >= n || after[k] >= solid;
            let from = match prev {
                Some((pk, pi, pj)) => (before[pk] >= solid).then_some((pi + 1, pj + 1)),
                None if bounded => Some((0, 0)),
                None => None,
            };
            if let Some((fa, fb)) = from
                && end_ok
                && (fa < i || fb < j)
            {
                self.stretch(&ta[fa..i.max(fa)], &tb[fb..j.max(fb)], pair);
            }
            prev = Some((k, i, j));
        }
        let total = ka.len().max(kb.len()).max(1);
        matched.len() as f64 / total as f64
    }
}

pub(super) fn compare(a: &Production, b: &Production) -> Comparison {
    let (sa, sb) = (tokens::stream(a), tokens::stream(b));
    let (ua, ub) = (tokens::units(a, &sa), tokens::units(b, &sb));
    let pairs = pair_units(a, &sa, &ua, b, &sb, &ub);
    use rayon::prelude::*;
    let mut out = Out {
        pa: a,
        pb: b,
        cmp: Comparison::default(),
    };
    let (mut used_a, mut used_b) = (vec![false; ua.len()], vec![false; ub.len()]);
    for (i, j, sim) in &pairs {
        used_a[*i] = true;
        used_b[*j] = true;
        out.cmp.pairs.push(Pair {
            a: side(a, &ua[*i]),
            b: side(b, &ub[*j]),
            similarity: *sim,
        });
    }
    // Each pair on its own (in parallel), the differences kept in pair order.
    let each: Vec<Comparison> = pairs
        .par_iter()
        .enumerate()
        .map(|(n, (i, j, _))| {
            let mut one = Out {
                pa: a,
                pb: b,
                cmp: Comparison::default(),
            };
            let (x, y) = (&ua[*i], &ub[*j]);
            one.pair(&sa.toks[x.start..x.end], &sb.toks[y.start..y.end], true, n);
            one.cmp
        })
        .collect();
    for c in each {
        out.cmp.changes.extend(c.changes);
        out.cmp.recoded.extend(c.recoded);
        out.cmp.withheld_in_both += c.withheld_in_both;
    }
    // Units with no words (a blank page, a page withheld whole with nothing to read) have
    // nothing to pair with: only units with text are listed as unpaired.
    let has_text = |s: &Stream, u: &Unit| s.toks[u.start..u.end].iter().any(|t| !t.gap);
    out.cmp.unpaired = Unpaired {
        a: ua
            .iter()
            .zip(&used_a)
            .filter(|(u, used)| !**used && has_text(&sa, u))
            .map(|(u, _)| side(a, u))
            .collect(),
        b: ub
            .iter()
            .zip(&used_b)
            .filter(|(u, used)| !**used && has_text(&sb, u))
            .map(|(u, _)| side(b, u))
            .collect(),
    };
    out.cmp
}

/// Words in a seed of [`repeated`].
const SEED: usize = 4;
/// A seed shared by more places than this is a formula (a signature, a disclaimer).
const SEED_COMMON: usize = 6;
/// Least number of seeds in a repeated passage.
const CHAIN_MIN: usize = 4;
/// Least share of matched words for two places to be one passage repeated.
const REPEAT_FLOOR: f64 = 0.5;
/// Least number of tokens a repeated passage spans in each place.
const SPAN_MIN: usize = 16;

pub(super) fn repeated(p: &Production) -> Comparison {
    let s = tokens::stream(p);
    let toks = &s.toks;
    // Seeds: SEED words in a row (no gap between) found in two places at least.
    let mut index: HashMap<u64, Vec<u32>> = HashMap::new();
    for (i, w) in toks.windows(SEED).enumerate() {
        if w.iter().any(|t| t.gap) {
            continue;
        }
        let mut h: u64 = 0x9e37_79b9_7f4a_7c15;
        for t in w {
            h = (h ^ t.key)
                .wrapping_mul(0x0000_0100_0000_01b3)
                .rotate_left(17);
        }
        index
            .entry(h)
            .or_default()
            .push(u32::try_from(i).unwrap_or(u32::MAX));
    }
    let mut seeds: Vec<(usize, usize)> = Vec::new();
    for places in index.values() {
        if places.len() < 2 || places.len() > SEED_COMMON {
            continue;
        }
        for (k, x) in places.iter().enumerate() {
            for y in &places[k + 1..] {
                let (x, y) = (*x as usize, *y as usize);
                if y >= x + 2 * SEED {
                    seeds.push((x, y));
                }
            }
        }
    }
    seeds.sort_unstable();
    // Chains: seeds that follow one another in both places, allowing for what one place shows
    // and the other withholds.
    let mut chains: Vec<Vec<(usize, usize)>> = Vec::new();
    let mut active: Vec<usize> = Vec::new();
    for (x, y) in seeds {
        active.retain(|c| chains[*c].last().is_some_and(|l| x <= l.0 + 60));
        let fit = active.iter().copied().find(|c| {
            chains[*c].last().is_some_and(|&(lx, ly)| {
                x > lx && y > ly && y <= ly + 120 && (y - ly).abs_diff(x - lx) <= 100
            })
        });
        match fit {
            Some(c) => chains[c].push((x, y)),
            None => {
                chains.push(vec![(x, y)]);
                active.push(chains.len() - 1);
            }
        }
    }
    let mut out = Out {
        pa: p,
        pb: p,
        cmp: Comparison::default(),
    };
    let doc_of = |page_index: u32| -> Side {
        let number = p.pages.get(page_index as usize).map_or(0, |pg| pg.number);
        let d = p
            .documents
            .iter()
            .find(|d| d.first_page <= number && number <= d.last_page);
        Side {
            path: p.path.display().to_string(),
            document: d.map(|d| d.id.clone()),
            first_page: number,
        }
    };
    let mut seen_gaps: HashSet<String> = HashSet::new();
    for chain in chains.iter().filter(|c| c.len() >= CHAIN_MIN) {
        let (Some(first), Some(last)) = (chain.first(), chain.last()) else {
            continue;
        };
        let (a0, a1) = (first.0, last.0 + SEED);
        let (b0, b1) = (first.1, (last.1 + SEED).min(toks.len()));
        if a1 > b0 || a1 - a0 < SPAN_MIN || b1 - b0 < SPAN_MIN {
            continue;
        }
        let n = out.cmp.pairs.len();
        let before = out.cmp.changes.len();
        let (recoded, both) = (out.cmp.recoded.len(), out.cmp.withheld_in_both);
        let sim = out.pair(&toks[a0..a1], &toks[b0..b1], false, n);
        // Stock phrases chained by chance are no repeated passage: most words must match.
        if sim < REPEAT_FLOOR {
            out.cmp.changes.truncate(before);
            out.cmp.recoded.truncate(recoded);
            out.cmp.withheld_in_both = both;
            continue;
        }
        // A gap read once is reported once (a message quoted twice over).
        let mut kept = Vec::new();
        for c in out.cmp.changes.drain(before..) {
            let key = c.redactions.first().cloned().unwrap_or_default();
            if seen_gaps.insert(key) {
                kept.push(c);
            }
        }
        out.cmp.changes.extend(kept);
        out.cmp.pairs.push(Pair {
            a: doc_of(toks[a0].page),
            b: doc_of(toks[b0].page),
            similarity: (sim * 1000.0).round() / 1000.0,
        });
    }
    out.cmp
}
