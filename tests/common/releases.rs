//! Two releases of the same records, with their truth: what a comparison must find.
//!
//! A seed draws a set of e-mails (headers, paragraphs of generated sentences, some sentences
//! holding a passage an analyst might withhold: a name, an amount, advice, a foreign
//! government's position, a telephone number, each with the codes that fit it). Each release
//! then lays the same records out in its own house style: page size (letter, A4, legal), font
//! and size, margins and line length (so lines break elsewhere), a running header or none, its
//! own request number and stamp style at the top or bottom, its own order of the records, code
//! labels printed its own way, and its own redactions: each passage withheld or released at
//! random, sometimes under other codes. The truth says, for each passage, whether each release
//! withholds it, under which codes, and on which page it is.
//!
//! [`thread`] draws one production where a message is quoted in a reply further on, the
//! quoted copy redacted apart.

use dossier::pdf::fonts::{standard14, tables};
use lopdf::{Document, Object, Stream, dictionary};

use super::production::Rng;

const FONTS: [&str; 3] = ["Times-Roman", "Courier", "Helvetica"];

fn win_ansi(c: char) -> u8 {
    match c {
        '\u{2019}' => 0x92,
        c if (c as u32) < 0x100 => c as u32 as u8,
        _ => b'?',
    }
}

fn width(font: &str, size: f64, s: &str) -> f64 {
    let m = standard14::lookup(font);
    let units: f64 = s
        .chars()
        .map(|c| {
            let name = tables::WIN_ANSI_ENCODING[usize::from(win_ansi(c))];
            m.and_then(|m| m.width(name)).map_or(500.0, f64::from)
        })
        .sum();
    units * size / 1000.0
}

fn literal(s: &str) -> String {
    let mut out = String::from("(");
    for c in s.chars() {
        match c {
            '(' | ')' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
            c => out += &format!("\\{:03o}", win_ansi(c)),
        }
    }
    out.push(')');
    out
}

// ---------------------------------------------------------------------------------------------
// Records.

#[rustfmt::skip]
const PEOPLE: &[&str] = &[
    "Wanjiru Kamau", "Teodor Lindqvist", "Ilse Verhoeven", "Mariana Quispe", "Dmitri Halloran",
    "Noor Siddiqui", "Callum Ferreira", "Yasmin Haddou", "Emeka Obi", "Solveig Arnesen",
    "Paulo Tavares", "Hanna Kowalczyk", "Rohan Mehta", "Delphine Marchand", "Tariq Benali",
];
#[rustfmt::skip]
const SUBJECTS: &[&str] = &[
    "Harbour dredging contract", "Northern depot inspection", "Spring mission logistics",
    "Fishery quota briefing", "Committee response draft", "Vendor invoice dispute",
    "Coastal survey budget", "Partner letter translation", "Warehouse lease renewal",
    "Satellite imagery request", "Ferry schedule complaint", "Laboratory audit findings",
];
#[rustfmt::skip]
const WHO: &[&str] = &[
    "The regional office", "Our assessment team", "The program director", "The inspection unit",
    "Headquarters", "The working group", "Procurement staff", "The deputy's office",
    "The finance branch", "Our liaison officer", "The audit committee", "The field team",
];
#[rustfmt::skip]
const DID: &[&str] = &[
    "reviewed", "questioned", "approved", "postponed", "flagged", "summarised", "forwarded",
    "set aside", "confirmed", "discussed", "revisited", "annotated",
];
#[rustfmt::skip]
const WHAT: &[&str] = &[
    "the revised budget for the coastal survey", "the draft reply to the standing committee",
    "the amendment for harbour dredging", "the report on the northern depot",
    "the travel plan for the spring mission", "the note on fishery quotas",
    "the invoice from the cleaning contractor", "the letter from our partners abroad",
    "the lease terms for the east warehouse", "the request for satellite imagery",
    "the complaint about the ferry timetable", "the findings of the laboratory audit",
];
#[rustfmt::skip]
const WHEN: &[&str] = &[
    "before the end of the quarter", "at the request of the minister", "after the Tuesday meeting",
    "with two conditions attached", "pending further review", "in time for the hearing",
    "despite the short notice", "once the figures were checked", "over the long weekend",
    "without any objection", "as agreed last month", "for the second time",
];
#[rustfmt::skip]
const TOPICS: &[&str] = &[
    "the liability clause", "the termination notice", "the export conditions",
    "the lease extension", "the disclosure obligations", "the arbitration option",
];
#[rustfmt::skip]
const COUNTRIES: &[&str] = &["Norway", "Chile", "Kenya", "Portugal", "Vietnam", "Morocco", "Poland"];

/// A passage an analyst might withhold, with the codes that fit it.
fn passage(rng: &mut Rng) -> (String, Vec<&'static str>) {
    let n = rng.range(2, 97);
    match rng.below(6) {
        0 => (
            format!(
                "{} of the {} unit",
                rng.pick(PEOPLE),
                rng.pick(&["permits", "claims", "audit", "fleet"])
            ),
            vec!["19(1)"],
        ),
        1 => (
            format!("a cost of {n}.{} million dollars", rng.below(10)),
            vec!["20(1)(b)"],
        ),
        2 => (format!("legal advice on {}", rng.pick(TOPICS)), vec!["23"]),
        3 => (
            format!(
                "the position of {} on the {n} cargo vessels",
                rng.pick(COUNTRIES)
            ),
            vec!["15(1)"],
        ),
        4 => (
            format!(
                "telephone 613-{:03}-{:04}",
                rng.range(200, 999),
                rng.range(1000, 9999)
            ),
            vec!["19(1)"],
        ),
        _ => (
            format!("the options the deputy weighed on {}", rng.pick(TOPICS)),
            vec!["21(1)(a)", "21(1)(b)"],
        ),
    }
}

/// Another code for a passage withheld under other grounds in the other release.
fn other_code(codes: &[&str]) -> &'static str {
    if codes.contains(&"21(1)(a)") {
        "16(1)(c)"
    } else {
        "21(1)(a)"
    }
}

/// A word of a record: its text and the passage it belongs to.
type W = (String, Option<usize>);

/// A record: header lines and paragraphs of words.
pub struct Record {
    pub header: Vec<String>,
    pub paragraphs: Vec<Vec<W>>,
}

/// A passage of the records.
pub struct Passage {
    pub text: String,
    pub codes: Vec<&'static str>,
    /// Its record.
    pub record: usize,
}

fn sentence(rng: &mut Rng, passages: &mut Vec<Passage>, record: usize, with: bool) -> Vec<W> {
    let mut out: Vec<W> = Vec::new();
    let push = |s: &str, p: Option<usize>, out: &mut Vec<W>| {
        for w in s.split(' ') {
            out.push((w.to_string(), p));
        }
    };
    push(
        &format!("{} {} {}", rng.pick(WHO), rng.pick(DID), rng.pick(WHAT)),
        None,
        &mut out,
    );
    if with {
        let (text, codes) = passage(rng);
        let joiner = rng.pick::<&str>(&[
            "and noted",
            "while citing",
            "after hearing of",
            "in light of",
        ]);
        push(joiner, None, &mut out);
        passages.push(Passage {
            text: text.clone(),
            codes,
            record,
        });
        push(&text, Some(passages.len() - 1), &mut out);
    }
    let when = rng.pick::<&str>(WHEN);
    push(when, None, &mut out);
    if let Some(last) = out.last_mut() {
        last.0.push('.');
    }
    out
}

fn records(rng: &mut Rng, n: usize, passages: &mut Vec<Passage>) -> Vec<Record> {
    let months = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
    let mut out = Vec::new();
    for r in 0..n {
        let from = *rng.pick(PEOPLE);
        let to = *rng.pick(PEOPLE);
        let header = vec![
            format!("From: {from}"),
            format!(
                "Sent: {}, {} {}, 2023 {}:{:02} AM",
                rng.pick(&days),
                rng.pick(&months),
                rng.range(1, 28),
                rng.range(8, 11),
                rng.below(60)
            ),
            format!("To: {to}"),
            format!("Subject: {} ({})", rng.pick(SUBJECTS), r + 1),
        ];
        let mut paragraphs = Vec::new();
        paragraphs.push(vec![(
            format!("{},", to.split(' ').next().unwrap_or("Hello")),
            None,
        )]);
        for _ in 0..rng.range(2, 4) {
            let mut p = Vec::new();
            for _ in 0..rng.range(2, 4) {
                let with = rng.chance(0.55);
                p.extend(sentence(rng, passages, r, with));
            }
            paragraphs.push(p);
        }
        paragraphs.push(vec![
            ("Regards,".to_string(), None),
            (from.to_string(), None),
        ]);
        out.push(Record { header, paragraphs });
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Releases.

/// How one release looks.
pub struct House {
    pub width: f64,
    pub height: f64,
    pub font: usize,
    pub size: f64,
    pub lead: f64,
    pub left: f64,
    pub right: f64,
    pub header: Option<&'static str>,
    pub request: String,
    pub stamp_style: usize,
    pub stamp_top: bool,
    pub label_style: usize,
    /// Chance a passage is withheld.
    pub withhold: f64,
}

impl House {
    pub fn draw(rng: &mut Rng, request: &str) -> House {
        let (width, height) = *rng.pick(&[(612.0, 792.0), (595.0, 842.0), (612.0, 1008.0)]);
        let size = *rng.pick(&[9.5, 10.0, 11.0, 12.0]);
        let left = *rng.pick(&[54.0, 66.0, 80.0]);
        House {
            width,
            height,
            font: rng.below(FONTS.len()),
            size,
            lead: size * *rng.pick(&[1.25, 1.4, 1.6]),
            left,
            right: width - *rng.pick(&[100.0, 130.0, 160.0]),
            header: *rng.pick(&[
                None,
                Some("Released under the Access to Information Act - UNCLASSIFIED"),
                Some("Released under the ATIA / Divulgu\u{e9} en vertu de la LAI"),
            ]),
            request: request.to_string(),
            stamp_style: rng.below(3),
            stamp_top: rng.chance(0.3),
            label_style: rng.below(3),
            withhold: 0.45 + 0.3 * (rng.below(100) as f64 / 100.0),
        }
    }

    fn stamp(&self, n: u32) -> String {
        match self.stamp_style {
            0 => format!("{} - {n:06}", self.request),
            1 => format!("{} Page {n}", self.request),
            _ => format!("{} / {n:04}", self.request),
        }
    }

    fn label(&self, codes: &[&str]) -> String {
        codes
            .iter()
            .map(|c| match self.label_style {
                0 => format!("s.{c}"),
                1 if c.contains('(') => (*c).to_string(),
                1 => format!("s.{c}"),
                _ => format!("Sec. {c}"),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// What one release did with one passage.
#[derive(Debug, Clone, PartialEq)]
pub struct Fate {
    /// Codes it is withheld under, `None` when released.
    pub withheld: Option<Vec<String>>,
    /// Its page (where its first word or box is).
    pub page: u32,
}

/// One release: its bytes, each passage's fate, each record's first page.
pub struct Release {
    pub bytes: Vec<u8>,
    pub fates: Vec<Fate>,
    pub first_pages: Vec<u32>,
    pub pages: u32,
}

/// A release of `records` in `house`'s style, records in `order`; `withheld[k]`: codes passage k
/// is withheld under, or `None`.
fn lay_out(
    house: &House,
    records: &[Record],
    order: &[usize],
    withheld: &[Option<Vec<String>>],
) -> Release {
    let font = FONTS[house.font];
    let mut pages: Vec<String> = Vec::new();
    let mut fates: Vec<Fate> = withheld
        .iter()
        .map(|w| Fate {
            withheld: w.clone(),
            page: 0,
        })
        .collect();
    let mut first_pages = vec![0u32; records.len()];
    let top = house.height - 72.0;
    let mut y = top;
    let new_page = |pages: &mut Vec<String>, y: &mut f64| {
        let mut ops = String::new();
        if let Some(h) = house.header {
            ops += &format!(
                "BT /F4 7.5 Tf {:.2} {:.2} Td {} Tj ET\n",
                house.left,
                house.height - 40.0,
                literal(h)
            );
        }
        pages.push(ops);
        *y = top;
    };
    let text = |x: f64, y: f64, s: &str| {
        format!(
            "BT /F{} {} Tf {x:.2} {y:.2} Td {} Tj ET\n",
            house.font + 1,
            house.size,
            literal(s)
        )
    };
    for &r in order {
        new_page(&mut pages, &mut y);
        first_pages[r] = pages.len() as u32;
        let rec = &records[r];
        for h in &rec.header {
            let last = pages.len() - 1;
            pages[last] += &text(house.left, y, h);
            y -= house.lead;
        }
        y -= house.lead * 0.5;
        for para in &rec.paragraphs {
            // Wrap the paragraph's words to the line length.
            let space = width(font, house.size, " ");
            let mut lines: Vec<Vec<(usize, f64)>> = vec![Vec::new()];
            let mut x = house.left;
            for (i, (w, _)) in para.iter().enumerate() {
                let ww = width(font, house.size, w);
                if x + ww > house.right && !lines.last().is_some_and(Vec::is_empty) {
                    lines.push(Vec::new());
                    x = house.left;
                }
                if let Some(l) = lines.last_mut() {
                    l.push((i, x));
                }
                x += ww + space;
            }
            for line in lines {
                if y < 80.0 {
                    new_page(&mut pages, &mut y);
                }
                let pi = pages.len() - 1;
                let page_no = pages.len() as u32;
                // Runs of words shown, or of one withheld passage (one box per line).
                let mut k = 0;
                let mut labelled = false;
                while k < line.len() {
                    let (i, x0) = line[k];
                    let p = para[i].1;
                    let hidden = p.and_then(|p| withheld[p].as_ref()).is_some();
                    let mut j = k;
                    while j + 1 < line.len() && para[line[j + 1].0].1 == p {
                        j += 1;
                    }
                    let words: Vec<&str> = line[k..=j]
                        .iter()
                        .map(|(i, _)| para[*i].0.as_str())
                        .collect();
                    let s = words.join(" ");
                    let x1 = x0 + width(font, house.size, &s);
                    if let Some(p) = p
                        && fates[p].page == 0
                    {
                        fates[p].page = page_no;
                    }
                    if hidden {
                        let p = p.unwrap_or(0);
                        pages[pi] += &format!(
                            "q 0 g {:.2} {:.2} {:.2} {:.2} re f Q\n",
                            x0 - 1.0,
                            y - 0.25 * house.size,
                            x1 - x0 + 2.0,
                            1.05 * house.size
                        );
                        let first_box = !labelled;
                        if first_box {
                            let codes: Vec<&str> = withheld[p]
                                .as_ref()
                                .map(|c| c.iter().map(String::as_str).collect())
                                .unwrap_or_default();
                            pages[pi] += &format!(
                                "BT /F4 7 Tf {:.2} {:.2} Td {} Tj ET\n",
                                house.right + 12.0,
                                y,
                                literal(&house.label(&codes))
                            );
                            labelled = true;
                        }
                    } else {
                        pages[pi] += &text(x0, y, &s);
                    }
                    k = j + 1;
                }
                y -= house.lead;
            }
            y -= house.lead * 0.4;
        }
    }
    let count = pages.len() as u32;
    for (i, ops) in pages.iter_mut().enumerate() {
        let stamp = house.stamp(i as u32 + 1);
        let sy = if house.stamp_top {
            house.height - 28.0
        } else {
            26.0
        };
        let w = width("Helvetica", 8.0, &stamp);
        *ops += &format!(
            "BT /F4 8 Tf {:.2} {sy:.2} Td {} Tj ET\n",
            house.width - 40.0 - w,
            literal(&stamp)
        );
    }
    Release {
        bytes: pdf(house, &pages),
        fates,
        first_pages,
        pages: count,
    }
}

fn pdf(house: &House, pages: &[String]) -> Vec<u8> {
    let mut doc = Document::with_version("1.6");
    let pages_id = doc.new_object_id();
    let mut fonts = lopdf::Dictionary::new();
    for (i, f) in FONTS.iter().chain(["Helvetica"].iter()).enumerate() {
        let id = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => *f,
            "Encoding" => "WinAnsiEncoding",
        });
        fonts.set(format!("F{}", i + 1), id);
    }
    let fonts_id = doc.add_object(fonts);
    let mut kids: Vec<Object> = Vec::new();
    for ops in pages {
        let content_id = doc.add_object(Stream::new(dictionary! {}, ops.clone().into_bytes()));
        kids.push(
            doc.add_object(dictionary! {
                "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
                "Resources" => dictionary! { "Font" => fonts_id },
                "MediaBox" => vec![0.into(), 0.into(), Object::Real(house.width as f32), Object::Real(house.height as f32)],
            })
            .into(),
        );
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// Two releases of one set of records, and the passages.
pub struct Pair {
    pub a: Release,
    pub b: Release,
    pub passages: Vec<Passage>,
    pub records: usize,
}

/// A difference the comparison must report: `(text, withheld_in, a_page, b_page)`.
pub type Expected = (String, char, u32, u32);

/// What the comparison of a pair must report: `(text, withheld_in, a_page, b_page)` for each
/// passage withheld in one release and readable in the other.
pub fn expected_changes(p: &Pair) -> Vec<Expected> {
    p.passages
        .iter()
        .enumerate()
        .filter_map(|(k, ps)| {
            let (fa, fb) = (&p.a.fates[k], &p.b.fates[k]);
            let dir = match (&fa.withheld, &fb.withheld) {
                (Some(_), None) => 'a',
                (None, Some(_)) => 'b',
                _ => return None,
            };
            Some((ps.text.clone(), dir, fa.page, fb.page))
        })
        .collect()
}

/// Passages withheld in both releases under other codes: `(a_page, b_page)`.
pub fn expected_recoded(p: &Pair) -> Vec<(u32, u32)> {
    (0..p.passages.len())
        .filter_map(|k| {
            let (fa, fb) = (&p.a.fates[k], &p.b.fates[k]);
            match (&fa.withheld, &fb.withheld) {
                (Some(x), Some(y)) if x != y => Some((fa.page, fb.page)),
                _ => None,
            }
        })
        .collect()
}

/// `n` records released twice (seeded): each release its own house, order and redactions.
pub fn pair(seed: u64, n: usize) -> Pair {
    let mut rng = Rng::new(seed ^ 0x005e_ed0f_2e1e);
    let mut passages = Vec::new();
    let recs = records(&mut rng, n, &mut passages);
    let year = 2021 + rng.below(3);
    let request = format!("A-{year}-{:05}", rng.range(100, 99999));
    let ha = House::draw(&mut rng, &request);
    let request = format!("DFO-{}-{:05}", year + 1, rng.range(100, 99999));
    let hb = House::draw(&mut rng, &request);
    let fates = |h: &House, rng: &mut Rng, recode: bool| -> Vec<Option<Vec<String>>> {
        passages
            .iter()
            .map(|p| {
                rng.chance(h.withhold).then(|| {
                    if recode && rng.chance(0.2) {
                        vec![other_code(&p.codes).to_string()]
                    } else {
                        p.codes.iter().map(|c| (*c).to_string()).collect()
                    }
                })
            })
            .collect()
    };
    let wa = fates(&ha, &mut rng, false);
    let wb = fates(&hb, &mut rng, true);
    let order_a: Vec<usize> = (0..n).collect();
    let mut order_b: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = rng.below(i + 1);
        order_b.swap(i, j);
    }
    let a = lay_out(&ha, &recs, &order_a, &wa);
    let b = lay_out(&hb, &recs, &order_b, &wb);
    Pair {
        a,
        b,
        passages,
        records: n,
    }
}

/// The same release twice over is no pair of releases: the same bytes.
pub fn one_release(seed: u64, n: usize) -> Vec<u8> {
    pair(seed, n).a.bytes
}

/// One production holding a message and, later, a reply that quotes it whole, the quoted copy
/// redacted apart: `(bytes, expected)` where expected lists `(text, withheld_in, a_page, b_page)`
/// with `a` the message's place and `b` the quote's.
pub fn thread(seed: u64) -> (Vec<u8>, Vec<Expected>) {
    let mut rng = Rng::new(seed ^ 0x7e_ad);
    let mut passages = Vec::new();
    let mut recs = records(&mut rng, 3, &mut passages);
    // Record 2 becomes a reply quoting record 0: its own words, then the original, quoted.
    let original = &recs[0];
    let mut quoted: Vec<Vec<W>> = vec![vec![
        ("-----Original".to_string(), None),
        ("Message-----".to_string(), None),
    ]];
    quoted.push(
        original
            .header
            .iter()
            .flat_map(|h| h.split(' ').map(|w| (w.to_string(), None)))
            .collect(),
    );
    let shift = passages.len();
    for para in &original.paragraphs {
        quoted.push(
            para.iter()
                .map(|(w, p)| (w.clone(), p.map(|k| k + shift)))
                .collect(),
        );
    }
    // The quoted passages are passages of their own (the same words), fated apart.
    let copies: Vec<Passage> = passages
        .iter()
        .filter(|p| p.record == 0)
        .map(|p| Passage {
            text: p.text.clone(),
            codes: p.codes.clone(),
            record: 2,
        })
        .collect();
    // Indices: passages of record 0 are the first ones (records are drawn in order).
    let n0 = copies.len();
    passages.extend(copies);
    let subject = format!(
        "Subject: RE: {}",
        original.header[3].trim_start_matches("Subject: ")
    );
    let reply = &mut recs[2];
    reply.header[3] = subject;
    reply.paragraphs.extend(quoted);
    let house = House::draw(&mut rng, "A-2024-00871");
    let mut withheld: Vec<Option<Vec<String>>> = passages
        .iter()
        .map(|p| {
            rng.chance(0.6)
                .then(|| p.codes.iter().map(|c| (*c).to_string()).collect())
        })
        .collect();
    // Make sure at least one passage differs between the two places.
    if (0..n0).all(|k| withheld[k].is_some() == withheld[shift + k].is_some()) && n0 > 0 {
        withheld[0] = Some(passages[0].codes.iter().map(|c| (*c).to_string()).collect());
        withheld[shift] = None;
    }
    let rel = lay_out(&house, &recs, &[0, 1, 2], &withheld);
    let mut expected = Vec::new();
    for (k, passage) in passages.iter().enumerate().take(n0) {
        let (o, q) = (&rel.fates[k], &rel.fates[shift + k]);
        let dir = match (&o.withheld, &q.withheld) {
            (Some(_), None) => 'a',
            (None, Some(_)) => 'b',
            _ => continue,
        };
        expected.push((passage.text.clone(), dir, o.page, q.page));
    }
    (rel.bytes, expected)
}
