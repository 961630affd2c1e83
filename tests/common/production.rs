//! Random born-digital productions with their truth, and a scorer: the "done when"
//! measured on productions nobody tuned the detectors to.
//!
//! Each seed draws a whole production: a Government of Canada institution (from the vocabulary's
//! list of institutions), a request number and a stamp style, a page size, a font (Helvetica,
//! Times or Courier), a house style for exemption labels (right or left margin, above the box,
//! inside it in white; printed as `s.19(1)`, `19(1)`, `Sec. 19(1)`, French `al. 21(1)a)`,
//! qualifiers `15(1) - Int'l`), e-mails in Outlook print style in English and French (directory
//! names in several styles, threads with quoted messages), memos (English and French, some on a
//! landscape page shown by `/Rotate`), withheld-pages notices, a cover letter that claims its
//! grounds, a permit registry with distractor permits that share an end user, goods or dates, and
//! officials whose titles are stated in signatures, memo fields, before the name, in apposition
//! or in a following sentence. Names come from many Latin-script languages.
//!
//! Everything the generator lays on a page goes into [`Truth`]; [`score`] compares an analysis
//! with it category by category.

use std::collections::BTreeSet;

use dossier::FileAnalysis;
use dossier::documents::DocumentKind;
use dossier::pdf::fonts::{standard14, tables};
use lopdf::{Document, Object, Stream, dictionary};

// ---------------------------------------------------------------------------------------------
// Randomness: a small deterministic generator (SplitMix64), so a seed is a production.

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    /// `n` distinct indices below `len`.
    fn distinct(&mut self, n: usize, len: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..len).collect();
        for i in (1..len).rev() {
            let j = self.below(i + 1);
            all.swap(i, j);
        }
        all.truncate(n.min(len));
        all
    }
}

// ---------------------------------------------------------------------------------------------
// Truth.

/// One redaction as drawn: its boxes (page default user space), codes (normalised), the text
/// still under it when it leaks.
#[derive(Debug, Clone)]
pub struct TRedaction {
    pub page: u32,
    pub boxes: Vec<[f64; 4]>,
    pub codes: Vec<String>,
    pub leak: Option<String>,
    /// A withheld-pages notice (no box).
    pub withheld: bool,
}

/// A document's header as written.
#[derive(Debug, Clone)]
pub struct TDocument {
    pub page: u32,
    pub kind: DocumentKind,
    pub from: String,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub date: String,
    pub subject: String,
}

/// A title as stated: its role words and the unit they name, if any.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TTitle {
    pub role: String,
    pub unit: Option<String>,
}

#[derive(Debug, Default)]
pub struct Truth {
    pub stamps: Vec<String>,
    pub redactions: Vec<TRedaction>,
    pub documents: Vec<TDocument>,
    /// Every person named, canonical "Given Family", with the titles stated for them.
    pub people: Vec<(String, Vec<TTitle>)>,
    /// Sure permit links (page, permit number).
    pub links: BTreeSet<(u32, String)>,
    /// Pages whose context fits several permits alike: candidates, never links.
    pub ambiguous: BTreeSet<u32>,
    /// The codes the cover letter claims (empty: no cover letter).
    pub claimed: Vec<String>,
}

pub struct Production {
    pub pdf: Vec<u8>,
    pub registry_csv: String,
    pub truth: Truth,
    /// A one-line description of the production's styles, for reports.
    pub style: String,
}

// ---------------------------------------------------------------------------------------------
// Fonts and text.

const FONTS: [&str; 3] = ["Helvetica", "Times-Roman", "Courier"];

fn win_ansi(c: char) -> u8 {
    match c {
        '\u{2013}' => 0x96,
        '\u{2014}' => 0x97,
        '\u{2019}' => 0x92,
        '\u{201C}' => 0x93,
        '\u{201D}' => 0x94,
        '\u{0160}' => 0x8A,
        '\u{0161}' => 0x9A,
        '\u{017D}' => 0x8E,
        '\u{017E}' => 0x9E,
        '\u{0152}' => 0x8C,
        '\u{0153}' => 0x9C,
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

/// Text at (x, y) in font resource `f`, grey level `g`.
fn text_op(f: usize, size: f64, x: f64, y: f64, s: &str, g: f64) -> String {
    format!(
        "BT {g} g /F{} {size} Tf {x:.2} {y:.2} Td {} Tj ET\n",
        f + 1,
        literal(s)
    )
}

fn box_op(b: [f64; 4]) -> String {
    format!(
        "q 0 g {:.2} {:.2} {:.2} {:.2} re f Q\n",
        b[0],
        b[1],
        b[2] - b[0],
        b[3] - b[1]
    )
}

// ---------------------------------------------------------------------------------------------
// Pools. Names are fictional, from many Latin-script languages.

#[rustfmt::skip]
const GIVEN: &[&str] = &[
    "Ingrid", "Tomasz", "Lukas", "Amara", "José", "Søren", "Jürgen", "Aoife", "Kwame", "Priya",
    "Marie-Ève", "Þóra", "Chiara", "Mateus", "Élodie", "Rania", "Henrik", "Beatriz", "Nikolaj",
    "Oluwaseun", "Camille", "Dariusz", "Ximena", "Anneliese", "Kenji", "Gaëlle", "Björn",
    "Fatoumata", "Radek", "Inês",
];
#[rustfmt::skip]
const FAMILY: &[&str] = &[
    "Halvorsen", "Kowalczyk", "Berger", "Okonkwo", "Ramírez", "Østergaard", "Müller", "Brennan",
    "Mensah", "Raghunathan", "Tremblay", "Jónsdóttir", "Bianchi", "Conceição", "Lefebvre",
    "Haddad", "Lindqvist", "Sandoval", "Vestergaard", "Adeyemi", "Dubois", "Szabó", "Achterberg",
    "Nakamura", "Castellanos", "Åberg", "Diallo", "Novák", "Gonçalves", "O'Sullivan",
];
const ROLES: &[(&str, &str)] = &[
    ("Director General", "directeur général"),
    ("Assistant Deputy Minister", "sous-ministre adjoint"),
    ("Director", "directeur"),
    (
        "Senior Policy Advisor",
        "conseiller principal en politiques",
    ),
    ("Executive Director", "directeur exécutif"),
    ("Manager", "gestionnaire"),
    ("Chief of Staff", "chef de cabinet"),
    ("Deputy Minister", "sous-ministre"),
];
#[rustfmt::skip]
const UNITS: &[&str] = &[
    "Marine Safety Branch", "Strategic Policy Branch", "Regulatory Affairs Directorate",
    "Science Sector", "Export Controls Division", "International Affairs Bureau",
    "Corporate Services Sector", "Compliance and Enforcement Directorate",
];
#[rustfmt::skip]
const GENERIC_EN: &[&str] = &[
    "Please see the attached note for the meeting next week.",
    "The minister's office asked for a short update before Thursday.",
    "We will need the final numbers before the committee appearance.",
    "Thank you for the quick turnaround on this file.",
    "I have copied the communications team for their awareness.",
    "Let me know if you need anything further from our side.",
    "The briefing book will be updated once the analysis is complete.",
    "Our legal services unit has reviewed the draft and has no concerns.",
    "The regional office will send its comments by the end of the day.",
    "A revised timeline will follow once the consultations are done.",
];
#[rustfmt::skip]
const GENERIC_FR: &[&str] = &[
    "Veuillez trouver ci-joint la note pour la réunion de la semaine prochaine.",
    "Le cabinet du ministre a demandé une courte mise à jour avant jeudi.",
    "Merci de votre aide rapide dans ce dossier.",
    "Je reste disponible pour en discuter au besoin.",
    "Le bureau régional enverra ses commentaires en fin de journée.",
];
#[rustfmt::skip]
const HIDDEN: &[&str] = &[
    "the vessel will survey the northern coast in April",
    "an estimated budget of 4.2 million dollars",
    "the supplier's delivery schedule for the second quarter",
    "concerns raised privately by the host government",
    "a meeting at the embassy on Tuesday afternoon",
    "the third party's pricing and margin information",
    "legal advice received from the department's counsel",
    "the draft position the minister has not yet approved",
    "the home telephone number of the contact", "the results of the security assessment",
];
#[rustfmt::skip]
const SUBJECTS: &[&str] = &[
    "Committee appearance - briefing material", "Update on the review",
    "Follow-up from this morning", "Draft response for approval", "Media lines",
    "Question period note", "Consultation schedule",
];
#[rustfmt::skip]
const SUBJECTS_FR: &[&str] = &[
    "Comparution devant le comité", "Suivi de la réunion", "Ébauche de réponse",
    "Calendrier des consultations",
];
#[rustfmt::skip]
const MONTHS: [&str; 12] = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
];
#[rustfmt::skip]
const MOIS: [&str; 12] = [
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
];
#[rustfmt::skip]
const DAYS: [&str; 7] = [
    "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
];
#[rustfmt::skip]
const JOURS: [&str; 7] = [
    "dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
];
/// (base code, printed qualifier forms) of the Access to Information Act.
#[rustfmt::skip]
const CODES: &[&str] = &[
    "13(1)(a)", "15(1)", "16(1)(a)", "16(2)(c)", "19(1)", "20(1)(b)", "20(1)(c)", "21(1)(a)",
    "21(1)(b)", "23", "24(1)", "69(1)(g)",
];
/// Goods: (model prefix, phrase).
const GOODS: &[(&str, &str)] = &[
    ("TX", "thermal imaging camera"),
    ("HS", "hydrographic survey system"),
    ("NV", "night vision monocular"),
    ("RT", "radar transponder"),
    ("SM", "satellite communications modem"),
    ("GX", "gyrostabilized gimbal"),
];
/// (end user, consignee, destination).
const BUYERS: &[(&str, &str, &str)] = &[
    ("Royal Norwegian Navy", "Kongsberg Maritime AS", "Norway"),
    ("Armada de Chile", "Astilleros Australes S.A.", "Chile"),
    ("Polish Border Guard", "Polska Optyka Sp. z o.o.", "Poland"),
    ("Kenya Coast Guard", "Mombasa Marine Ltd.", "Kenya"),
    (
        "Philippine Coast Guard",
        "Luzon Defense Systems Inc.",
        "Philippines",
    ),
    ("Indonesian Navy", "PT Nusantara Teknik", "Indonesia"),
    ("Brazilian Navy", "Estaleiro Atlântico Ltda.", "Brazil"),
    (
        "Mexican Navy",
        "Grupo Naval del Golfo S.A. de C.V.",
        "Mexico",
    ),
];
#[rustfmt::skip]
const EXPORTERS: &[&str] = &[
    "Northvale Optics Inc.", "Halcyon Marine Ltd.", "Borealis Sensing Corp.",
    "Cascadia Avionics Ltd.",
];

// ---------------------------------------------------------------------------------------------
// Dates.

#[derive(Clone, Copy, Debug)]
struct Date {
    y: i32,
    m: u32,
    d: u32,
}

impl Date {
    fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
    fn weekday(self) -> usize {
        const T: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
        let y = if self.m < 3 { self.y - 1 } else { self.y };
        ((y + y / 4 - y / 100 + y / 400 + T[(self.m - 1) as usize] + self.d as i32) % 7) as usize
    }
    fn plus_days(self, n: u32) -> Date {
        let mut d = self;
        for _ in 0..n {
            d.d += 1;
            if d.d > 28 {
                d.d = 1;
                d.m += 1;
                if d.m > 12 {
                    d.m = 1;
                    d.y += 1;
                }
            }
        }
        d
    }
    fn en(self) -> String {
        format!("{} {}, {}", MONTHS[(self.m - 1) as usize], self.d, self.y)
    }
    fn fr(self) -> String {
        let d = if self.d == 1 {
            "1er".to_string()
        } else {
            self.d.to_string()
        };
        format!("{d} {} {}", MOIS[(self.m - 1) as usize], self.y)
    }
}

// ---------------------------------------------------------------------------------------------
// Layout.

#[derive(Clone, Copy, PartialEq, Debug)]
enum LabelStyle {
    RightMargin,
    LeftMargin,
    Above,
    Inside,
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum CodeForm {
    Section,
    Bare,
    Sec,
    French,
}

struct House {
    font: usize,
    size: f64,
    lead: f64,
    width: f64,
    height: f64,
    label: LabelStyle,
    form: CodeForm,
    qualifier: Option<&'static str>,
    stamp: usize,
    request: String,
    stamp_top: bool,
    leak_rate: f64,
}

impl House {
    fn left(&self, w: f64) -> f64 {
        if self.label == LabelStyle::LeftMargin {
            110.0
        } else {
            72.0_f64.min(w * 0.1).max(56.0)
        }
    }
    fn right(&self, w: f64) -> f64 {
        if self.label == LabelStyle::RightMargin {
            w - 120.0
        } else {
            w - 72.0
        }
    }
    fn print_code(&self, code: &str, rng: &mut Rng) -> String {
        let q = match self.qualifier {
            Some(q) if code.starts_with("15(") => format!(" - {q}"),
            _ => String::new(),
        };
        match self.form {
            CodeForm::Section => format!("s.{code}{q}"),
            // A section number alone ("23") is no label anyone prints bare.
            CodeForm::Bare if !code.contains('(') => format!("s.{code}{q}"),
            CodeForm::Bare => format!("{code}{q}"),
            CodeForm::Sec => format!("Sec. {code}{q}"),
            CodeForm::French => {
                // `21(1)(a)` -> `al. 21(1)a)`, `19(1)` -> `par. 19(1)`, `23` -> `art. 23`.
                let letters = code.matches(")(").count() >= 1 || code.ends_with(")(a)");
                let fr = french_code(code);
                let word = if letters {
                    "al."
                } else if code.contains('(') {
                    *rng.pick(&["par.", "art."])
                } else {
                    "art."
                };
                format!("{word} {fr}{q}")
            }
        }
    }
}

fn french_code(code: &str) -> String {
    // Paragraph letters lose their opening parenthesis: `21(1)(a)` -> `21(1)a)`.
    let mut out = String::new();
    let mut depth = 0;
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '(' {
            depth += 1;
            if depth >= 3 && chars.peek().is_some_and(|n| n.is_ascii_lowercase()) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// A page in the making, drawn in its reading frame (`turned`: a landscape frame on a portrait
/// page, shown by `/Rotate 90`).
struct PageB {
    frame_w: f64,
    frame_h: f64,
    turned: bool,
    ops: String,
    y: f64,
    number: u32,
    reds: Vec<TRedaction>,
}

impl PageB {
    fn new(house: &House, number: u32, turned: bool) -> PageB {
        let (fw, fh) = if turned {
            (house.height, house.width)
        } else {
            (house.width, house.height)
        };
        PageB {
            frame_w: fw,
            frame_h: fh,
            turned,
            ops: String::new(),
            y: fh - 72.0,
            number,
            reds: Vec::new(),
        }
    }

    fn user_box(&self, house: &House, b: [f64; 4]) -> [f64; 4] {
        if self.turned {
            // Frame drawn with `0 1 -1 0 W 0 cm`: frame (x, y) is user (W - y, x).
            [house.width - b[3], b[0], house.width - b[1], b[2]]
        } else {
            b
        }
    }

    fn line(&mut self, house: &House, x: f64, s: &str) {
        self.ops += &text_op(house.font, house.size, x, self.y, s, 0.0);
        self.y -= house.lead;
    }

    fn gap(&mut self, house: &House) {
        self.y -= house.lead * 0.6;
    }

    /// One wrapped line of a paragraph at the current height: visible runs as text, runs of a
    /// redaction as a box (the text under it only when it leaks).
    fn draw_line(
        &mut self,
        house: &House,
        idx: usize,
        line: &[(String, Option<usize>, f64)],
        spans: &mut [Span],
    ) {
        let y = self.y;
        let mut i = 0;
        while i < line.len() {
            let kind = line[i].1;
            let mut j = i;
            while j + 1 < line.len() && line[j + 1].1 == kind {
                j += 1;
            }
            let text: Vec<&str> = line[i..=j].iter().map(|w| w.0.as_str()).collect();
            let text = text.join(" ");
            let x0 = line[i].2;
            let x1 = x0 + width(FONTS[house.font], house.size, &text);
            match kind {
                None => self.ops += &text_op(house.font, house.size, x0, y, &text, 0.0),
                Some(k) => {
                    let b = [
                        x0 - 1.0,
                        y - 0.25 * house.size,
                        x1 + 1.0,
                        y + 0.8 * house.size,
                    ];
                    let span = &mut spans[k];
                    if span.leak {
                        self.ops += &text_op(house.font, house.size, x0, y, &text, 0.0);
                    }
                    if !span.block {
                        self.ops += &box_op(b);
                    }
                    span.boxes.push((idx, y, b, text));
                }
            }
            i = j + 1;
        }
        self.y -= house.lead;
    }
}

/// The labels of a redaction, once on each page it is on, beside its first box there: drawn
/// after the boxes (on top).
fn label(house: &House, rng: &mut Rng, pages: &mut [PageB], span: &Span) {
    let printed: Vec<String> = span
        .codes
        .iter()
        .map(|c| house.print_code(c, rng))
        .collect();
    let ls = 0.75 * house.size;
    let mut seen: Vec<usize> = Vec::new();
    for (n, (idx, row, first, _)) in span.boxes.iter().enumerate() {
        if seen.contains(idx) {
            continue;
        }
        seen.push(*idx);
        let on_page = span.boxes.iter().filter(|b| b.0 == *idx).count();
        let style = match house.label {
            LabelStyle::Inside => {
                let joined = printed.join(", ");
                if width("Helvetica", ls, &joined) + 6.0 < first[2] - first[0] {
                    LabelStyle::Inside
                } else {
                    LabelStyle::RightMargin
                }
            }
            LabelStyle::Above if on_page > 1 || n > 0 => LabelStyle::RightMargin,
            s => s,
        };
        let stacked = span.block && printed.len() > 1 && span.stack;
        let rows: Vec<String> = if stacked {
            printed.clone()
        } else {
            vec![printed.join(", ")]
        };
        let page = &mut pages[*idx];
        for (k, text) in rows.iter().enumerate() {
            let y = row - k as f64 * house.lead;
            let (x, y, g) = match style {
                // The house's margin column, or (a fallback from another style, whose text
                // runs wider) just past the text's right edge.
                LabelStyle::RightMargin if house.label == LabelStyle::RightMargin => {
                    (page.frame_w - 112.0, y, 0.0)
                }
                LabelStyle::RightMargin => (page.frame_w - 68.0, y, 0.0),
                LabelStyle::LeftMargin => (22.0, y, 0.0),
                LabelStyle::Above => (first[0], first[3] + 0.3 * ls, 0.0),
                LabelStyle::Inside => (first[0] + 3.0, y + 0.1 * house.size, 1.0),
            };
            page.ops += &format!(
                "BT {g} g /F4 {ls:.1} Tf {x:.2} {y:.2} Td {} Tj ET\n",
                literal(text)
            );
        }
    }
}

struct Span {
    codes: Vec<String>,
    leak: bool,
    stack: bool,
    /// One box over the whole paragraph (per page) rather than one per line.
    block: bool,
    /// (page index, baseline, box, words under it).
    boxes: Vec<(usize, f64, [f64; 4], String)>,
}

impl Span {
    fn new(codes: Vec<String>, leak: bool, stack: bool) -> Span {
        Span {
            codes,
            leak,
            stack,
            block: false,
            boxes: Vec::new(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// People.

#[derive(Clone, Debug)]
struct Person {
    given: String,
    family: String,
    role: usize,
    unit: usize,
    female: bool,
    acting: bool,
}

impl Person {
    fn name(&self) -> String {
        format!("{} {}", self.given, self.family)
    }
    fn role_en(&self) -> String {
        let r = ROLES[self.role].0;
        if self.acting {
            format!("Acting {r}")
        } else {
            r.to_string()
        }
    }
    fn role_fr(&self) -> String {
        let r = ROLES[self.role].1.to_string();
        if self.female {
            r.replace("directeur", "directrice")
                .replace("adjoint", "adjointe")
                .replace("conseiller", "conseillère")
                .replace("principal", "principale")
                .replace("général", "générale")
                .replace("exécutif", "exécutive")
        } else {
            r
        }
    }
    fn has_unit(&self) -> bool {
        !matches!(ROLES[self.role].0, "Deputy Minister" | "Chief of Staff")
    }
    fn title_en(&self) -> String {
        if self.has_unit() {
            format!("{}, {}", self.role_en(), UNITS[self.unit])
        } else {
            self.role_en()
        }
    }
    fn truth_title(&self) -> TTitle {
        TTitle {
            role: self.role_en(),
            unit: self.has_unit().then(|| UNITS[self.unit].to_string()),
        }
    }
    /// How a directory prints the name in an e-mail header.
    fn display(&self, style: usize, tag: &str, domain: &str) -> String {
        match style {
            0 => format!("{}, {} ({tag})", self.family, self.given),
            1 => format!(
                "{}, {} -{}",
                self.family,
                self.given,
                tag.split('/').next().unwrap_or(tag)
            ),
            2 => format!("{} {}", self.given, self.family),
            _ => format!(
                "{} {} <{}.{}@{domain}>",
                self.given,
                self.family,
                ascii_fold(&self.given),
                ascii_fold(&self.family)
            ),
        }
    }
}

fn ascii_fold(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            let base = match c {
                'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
                'é' | 'è' | 'ê' | 'ë' => 'e',
                'í' | 'ì' | 'î' | 'ï' => 'i',
                'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' => 'o',
                'ú' | 'ù' | 'û' | 'ü' => 'u',
                'ç' => 'c',
                'ñ' => 'n',
                'ś' => 's',
                'Á' | 'Å' | 'Ä' => 'a',
                'Ø' | 'Ö' => 'o',
                'É' => 'e',
                'Þ' => 't',
                'ð' => 'd',
                '\'' | '-' | ' ' => return None,
                c => c.to_ascii_lowercase(),
            };
            Some(base)
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Permits.

#[derive(Clone, Debug)]
struct Permit {
    number: String,
    exporter: String,
    buyer: usize,
    goods: usize,
    model: String,
    quantity: u32,
    serials: Vec<String>,
    issued: Date,
}

fn quantity_words(n: u32) -> String {
    const W: [&str; 11] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    W.get(n as usize).map_or(n.to_string(), |w| w.to_string())
}

// ---------------------------------------------------------------------------------------------
// The production.

struct Gen {
    rng: Rng,
    house: House,
    truth: Truth,
    pages: Vec<PageB>,
    people: Vec<Person>,
    tag: String,
    domain: String,
    org_en: String,
    display: usize,
    stamp_no: u32,
    year: i32,
    titles: Vec<Vec<TTitle>>,
    mentioned: Vec<bool>,
}

impl Gen {
    fn code(&mut self) -> String {
        self.rng.pick(CODES).to_string()
    }

    fn new_page(&mut self, turned: bool) -> usize {
        self.stamp_no += 1;
        let p = PageB::new(&self.house, (self.pages.len() + 1) as u32, turned);
        self.pages.push(p);
        self.pages.len() - 1
    }

    fn stamp_text(&self) -> String {
        let n = self.stamp_no;
        match self.house.stamp {
            0 => format!("{} - {n:06}", self.house.request),
            1 => format!("{} Page {n}", self.house.request),
            2 => format!("{} / {n:04}", self.house.request),
            _ => format!("{} | {n:06}", self.house.request),
        }
    }

    fn finish_page(&mut self, i: usize) {
        let stamp = self.stamp_text();
        let h = &self.house;
        let p = &mut self.pages[i];
        let size = 8.0;
        let w = width("Helvetica", size, &stamp);
        let y = if h.stamp_top { p.frame_h - 30.0 } else { 24.0 };
        p.ops += &format!(
            "BT 0 g /F4 {size} Tf {:.2} {y} Td {} Tj ET\n",
            p.frame_w - 40.0 - w,
            literal(&stamp)
        );
        let digits: String = stamp
            .rsplit(|c: char| !c.is_ascii_digit())
            .next()
            .unwrap_or_default()
            .to_string();
        self.truth
            .stamps
            .push(format!("{} - {digits}", self.house.request));
    }

    fn mention(&mut self, who: usize, title: Option<TTitle>) {
        self.mentioned[who] = true;
        if let Some(t) = title
            && !self.titles[who].contains(&t)
        {
            self.titles[who].push(t);
        }
    }

    fn cur(&self) -> usize {
        self.pages.len() - 1
    }

    fn number(&self) -> u32 {
        self.pages[self.cur()].number
    }

    /// Room for one more line on the current page, or a continuation page (same orientation).
    fn room(&mut self) {
        let i = self.cur();
        if self.pages[i].y < 72.0 {
            let turned = self.pages[i].turned;
            self.finish_page(i);
            self.new_page(turned);
        }
    }

    fn put(&mut self, s: &str) {
        self.room();
        let i = self.cur();
        let x = self.house.left(self.pages[i].frame_w);
        self.pages[i].line(&self.house, x, s);
    }

    fn gap(&mut self) {
        let i = self.cur();
        self.pages[i].gap(&self.house);
    }

    /// Words of a paragraph: sentences (`first` leads), some with a redaction inside.
    fn body(
        &mut self,
        fr: bool,
        sentences: usize,
        first: Vec<String>,
    ) -> (Vec<(String, Option<usize>)>, Vec<Span>) {
        let mut words: Vec<(String, Option<usize>)> = Vec::new();
        let mut spans: Vec<Span> = Vec::new();
        let mut all: Vec<String> = Vec::new();
        for _ in 0..sentences {
            let s = if fr {
                self.rng.pick(GENERIC_FR)
            } else {
                self.rng.pick(GENERIC_EN)
            };
            all.push(s.to_string());
        }
        let lead_count = first.len();
        let mut all: Vec<String> = first.into_iter().chain(all).collect();
        if lead_count > 1 {
            // The prose title sentence may go anywhere after the permit one.
            let t = all.remove(1);
            let at = 1 + self.rng.below(all.len());
            all.insert(at.min(all.len()), t);
        }
        for (n, s) in all.into_iter().enumerate() {
            let redact = n >= lead_count && self.rng.chance(0.45);
            if redact {
                let hidden = self.rng.pick(HIDDEN).to_string();
                let mut codes = vec![self.code()];
                if self.rng.chance(0.15) {
                    let c = self.code();
                    if !codes.contains(&c) {
                        codes.push(c);
                    }
                }
                // A long passage sometimes: two hidden phrases, over several lines.
                let hidden = if self.rng.chance(0.3) {
                    format!("{hidden} and {}", self.rng.pick(HIDDEN))
                } else {
                    hidden
                };
                let leak = self.rng.chance(self.house.leak_rate);
                let stack = self.rng.chance(0.5);
                spans.push(Span::new(codes, leak, stack));
                let k = spans.len() - 1;
                let lead = if fr {
                    "Selon nos notes,"
                } else {
                    "We understand"
                };
                for w in lead.split(' ') {
                    words.push((w.to_string(), None));
                }
                for w in hidden.split(' ') {
                    words.push((w.to_string(), Some(k)));
                }
            }
            for w in s.split(' ') {
                words.push((w.to_string(), None));
            }
        }
        (words, spans)
    }

    /// Lays out a paragraph from the current height, breaking pages as needed; records its
    /// redactions. Returns the page number its first line is on.
    fn layout(&mut self, words: &[(String, Option<usize>)], mut spans: Vec<Span>) -> u32 {
        let w = self.pages[self.cur()].frame_w;
        let left = self.house.left(w);
        let right = self.house.right(w);
        let font = FONTS[self.house.font];
        let space = width(font, self.house.size, " ");
        let mut lines: Vec<Vec<(String, Option<usize>, f64)>> = vec![Vec::new()];
        let mut x = left;
        for (word, k) in words {
            let ww = width(font, self.house.size, word);
            if x + ww > right && !lines.last().is_some_and(Vec::is_empty) {
                lines.push(Vec::new());
                x = left;
            }
            if let Some(l) = lines.last_mut() {
                l.push((word.clone(), *k, x));
            }
            x += ww + space;
        }
        let mut first_page = None;
        for line in &lines {
            self.room();
            let i = self.cur();
            first_page.get_or_insert(self.pages[i].number);
            self.pages[i].draw_line(&self.house, i, line, &mut spans);
        }
        let i = self.cur();
        self.pages[i].y -= self.house.lead * 0.4;
        // A block: one box per page over the passage's lines, drawn after them.
        for span in spans.iter_mut().filter(|s| s.block) {
            let mut merged: Vec<(usize, f64, [f64; 4], String)> = Vec::new();
            for (idx, row, b, t) in span.boxes.drain(..) {
                match merged.iter_mut().find(|m| m.0 == idx) {
                    Some(m) => {
                        m.2 = [
                            m.2[0].min(b[0]),
                            m.2[1].min(b[1]),
                            m.2[2].max(b[2]),
                            m.2[3].max(b[3]),
                        ];
                        m.3 = format!("{} {t}", m.3);
                    }
                    None => merged.push((idx, row, b, t)),
                }
            }
            for m in &merged {
                self.pages[m.0].ops += &box_op(m.2);
            }
            span.boxes = merged;
        }
        for span in &spans {
            label(&self.house, &mut self.rng, &mut self.pages, span);
        }
        // One redaction per page a passage is on.
        for span in spans {
            let mut pages: Vec<usize> = span.boxes.iter().map(|b| b.0).collect();
            pages.dedup();
            for idx in pages {
                let parts: Vec<&(usize, f64, [f64; 4], String)> =
                    span.boxes.iter().filter(|b| b.0 == idx).collect();
                let p = &self.pages[idx];
                let mut codes = span.codes.clone();
                codes.sort();
                let words: Vec<&str> = parts.iter().map(|b| b.3.as_str()).collect();
                self.truth.redactions.push(TRedaction {
                    page: p.number,
                    boxes: parts.iter().map(|b| p.user_box(&self.house, b.2)).collect(),
                    codes,
                    leak: span.leak.then(|| words.join(" ")),
                    withheld: false,
                });
            }
        }
        first_page.unwrap_or_else(|| self.number())
    }

    /// Sometimes a whole paragraph withheld under one box (one or two codes, stacked or not).
    fn block(&mut self) {
        if !self.rng.chance(0.3) {
            return;
        }
        let mut codes = vec![self.code()];
        if self.rng.chance(0.4) {
            let c = self.code();
            if !codes.contains(&c) {
                codes.push(c);
            }
        }
        let leak = self.rng.chance(self.house.leak_rate);
        let stack = self.rng.chance(0.6);
        let mut span = Span::new(codes, leak, stack);
        span.block = true;
        let text = format!(
            "{} and {}, as well as {}.",
            self.rng.pick(HIDDEN),
            self.rng.pick(HIDDEN),
            self.rng.pick(HIDDEN)
        );
        let words: Vec<(String, Option<usize>)> =
            text.split(' ').map(|w| (w.to_string(), Some(0))).collect();
        self.layout(&words, vec![span]);
    }

    fn signature(&mut self, who: usize) {
        self.gap();
        let person = self.people[who].clone();
        self.put(&person.name());
        let title = self.rng.chance(0.8);
        if title {
            if person.has_unit() && self.rng.chance(0.4) {
                self.put(&person.role_en());
                self.put(UNITS[person.unit]);
            } else {
                self.put(&person.title_en());
            }
            let org = self.org_en.clone();
            self.put(&org);
        }
        self.mention(who, title.then(|| person.truth_title()));
    }

    fn email(&mut self, fr: bool, thread: bool, permit: Option<(String, PermitRef)>) {
        self.new_page(false);
        let n = self.people.len();
        let pick = self.rng.distinct(3, n);
        let (from, to) = (pick[0], pick[1]);
        let cc = pick.get(2).copied().filter(|_| self.rng.chance(0.6));
        let date = match &permit {
            Some((_, r)) => r.date,
            None => Date {
                y: self.year,
                m: self.rng.range(1, 12) as u32,
                d: self.rng.range(2, 28) as u32,
            },
        };
        let subject = match (&permit, fr) {
            (Some((_, r)), _) if r.subject_number => format!("Permit {}", r.number),
            (_, true) => self.rng.pick(SUBJECTS_FR).to_string(),
            _ => self.rng.pick(SUBJECTS).to_string(),
        };
        let hour = self.rng.range(8, 17);
        let minute = self.rng.below(60);
        let disp = |g: &Gen, i: usize| g.people[i].display(g.display, &g.tag, &g.domain);
        let (lf, ls, lt, lc, lsub) = if fr {
            ("De :", "Envoyé :", "À :", "Cc :", "Objet :")
        } else {
            ("From:", "Sent:", "To:", "Cc:", "Subject:")
        };
        let sent = if fr {
            format!("{} {} {hour}:{minute:02}", JOURS[date.weekday()], date.fr())
        } else {
            let h12 = if hour > 12 { hour - 12 } else { hour };
            let ampm = if hour >= 12 { "PM" } else { "AM" };
            format!(
                "{}, {} {h12}:{minute:02} {ampm}",
                DAYS[date.weekday()],
                date.en()
            )
        };
        let top_subject = if thread {
            format!("{} {subject}", if fr { "RE :" } else { "RE:" })
        } else {
            subject.clone()
        };
        let page = self.number();
        let lines = [
            format!("{lf} {}", disp(self, from)),
            format!("{ls} {sent}"),
            format!("{lt} {}", disp(self, to)),
        ];
        for l in lines {
            self.put(&l);
        }
        if let Some(c) = cc {
            let l = format!("{lc} {}", disp(self, c));
            self.put(&l);
        }
        self.put(&format!("{lsub} {top_subject}"));
        self.gap();
        let greeting = self.people[to].given.clone();
        self.put(&format!("{greeting},"));
        let mut first = Vec::new();
        if let Some((s, _)) = &permit {
            first.push(s.clone());
        }
        if !fr && self.rng.chance(0.5) {
            if first.is_empty() {
                first.push(self.prose_title());
            } else {
                let t = self.prose_title();
                first.push(t);
            }
        }
        let sentences = self.rng.range(1, 3);
        let (words, spans) = self.body(fr, sentences, first);
        let body_page = self.layout(&words, spans);
        self.block();
        self.signature(from);
        self.mention(to, None);
        if let Some(c) = cc {
            self.mention(c, None);
        }
        self.truth.documents.push(TDocument {
            page,
            kind: DocumentKind::Email,
            from: self.people[from].name(),
            to: vec![self.people[to].name()],
            cc: cc.map(|c| self.people[c].name()).into_iter().collect(),
            date: date.iso(),
            subject: subject.clone(),
        });
        if thread {
            // The message it answers, quoted below it, Outlook style.
            let qdate = Date {
                d: (date.d - 1).max(1),
                ..date
            };
            self.gap();
            self.room();
            let qpage = self.number();
            self.put("-----Original Message-----");
            let qsent = if fr {
                format!("{} 10:15", qdate.fr())
            } else {
                format!("{} 10:15 AM", qdate.en())
            };
            let lines = [
                format!("{lf} {}", disp(self, to)),
                format!("{ls} {qsent}"),
                format!("{lt} {}", disp(self, from)),
                format!("{lsub} {subject}"),
            ];
            for l in lines {
                self.put(&l);
            }
            self.gap();
            let (words, spans) = self.body(fr, 1, Vec::new());
            self.layout(&words, spans);
            self.truth.documents.push(TDocument {
                page: qpage,
                kind: DocumentKind::Email,
                from: self.people[to].name(),
                to: vec![self.people[from].name()],
                cc: Vec::new(),
                date: qdate.iso(),
                subject,
            });
        }
        if let Some((_, r)) = permit {
            r.record(self, body_page);
        }
        let i = self.cur();
        self.finish_page(i);
    }

    /// A sentence stating someone's title in prose, in one of several forms.
    fn prose_title(&mut self) -> String {
        let who = self.rng.below(self.people.len());
        let p = self.people[who].clone();
        let t = p.truth_title();
        let (s, title) = match self.rng.below(4) {
            0 => (
                format!("{} {} will attend the meeting.", p.role_en(), p.name()),
                TTitle {
                    role: p.role_en(),
                    unit: None,
                },
            ),
            1 if p.has_unit() => (
                format!(
                    "{}, the {} of the {}, asked for the figures.",
                    p.name(),
                    p.role_en().to_lowercase(),
                    UNITS[p.unit]
                ),
                t,
            ),
            2 => (
                format!("{} ({}) agreed with the approach.", p.name(), p.title_en()),
                t,
            ),
            _ => (
                format!("I spoke with {}, {}, this morning.", p.name(), p.title_en()),
                t,
            ),
        };
        self.mention(who, Some(title));
        s
    }

    fn memo(&mut self, fr: bool, turned: bool, permit: Option<(String, PermitRef)>) {
        self.new_page(turned);
        let n = self.people.len();
        let pick = self.rng.distinct(2, n);
        let (from, to) = (pick[0], pick[1]);
        let date = match &permit {
            Some((_, r)) => r.date,
            None => Date {
                y: self.year,
                m: self.rng.range(1, 12) as u32,
                d: self.rng.range(1, 28) as u32,
            },
        };
        let subject = if fr {
            self.rng.pick(SUBJECTS_FR).to_string()
        } else {
            self.rng.pick(SUBJECTS).to_string()
        };
        let page = self.number();
        if self.rng.chance(0.6) {
            let c = *self
                .rng
                .pick(&["PROTECTED B", "SECRET", "UNCLASSIFIED", "PROTÉGÉ B"]);
            let i = self.cur();
            let p = &mut self.pages[i];
            let w = p.frame_w;
            p.ops += &text_op(
                self.house.font,
                self.house.size,
                w - 180.0,
                p.y + 20.0,
                c,
                0.0,
            );
        }
        let heading = if fr {
            "NOTE DE SERVICE"
        } else {
            *self
                .rng
                .pick(&["MEMORANDUM", "MEMORANDUM FOR THE DEPUTY MINISTER", "MEMO"])
        };
        self.put(heading);
        self.gap();
        let pf = self.people[from].clone();
        let pt = self.people[to].clone();
        let (lto, lfrom, ldate, lsub, lfile) = if fr {
            ("À :", "DE :", "DATE :", "OBJET :", "No de dossier :")
        } else {
            ("TO:", "FROM:", "DATE:", "SUBJECT:", "File No.:")
        };
        let with_title = |p: &Person| {
            if fr {
                format!("{}, {}", p.name(), p.role_fr())
            } else {
                format!("{}, {}", p.name(), p.title_en())
            }
        };
        let from_title = self.rng.chance(0.7);
        let date_text = if fr {
            date.fr()
        } else if self.rng.chance(0.5) {
            date.en()
        } else {
            date.iso()
        };
        let file = format!(
            "{}-{:02}-{:04}",
            self.rng.range(1000, 9999),
            self.rng.range(1, 99),
            self.rng.range(1, 9999)
        );
        let lines = vec![
            format!("{lto} {}", with_title(&pt)),
            format!(
                "{lfrom} {}",
                if from_title {
                    with_title(&pf)
                } else {
                    pf.name()
                }
            ),
            format!("{ldate} {date_text}"),
            format!("{lsub} {subject}"),
            format!("{lfile} {file}"),
        ];
        for l in lines {
            self.put(&l);
        }
        self.gap();
        if fr {
            // The French role is what is stated.
            let t = |p: &Person| TTitle {
                role: p.role_fr(),
                unit: None,
            };
            self.mention(to, Some(t(&pt)));
            self.mention(from, from_title.then(|| t(&pf)));
        } else {
            self.mention(to, Some(pt.truth_title()));
            self.mention(from, from_title.then(|| pf.truth_title()));
        }
        let mut first = Vec::new();
        if let Some((s, _)) = &permit {
            first.push(s.clone());
        }
        let sentences = self.rng.range(1, 3);
        let (words, spans) = self.body(fr, sentences, first);
        let body_page = self.layout(&words, spans);
        self.block();
        self.truth.documents.push(TDocument {
            page,
            kind: DocumentKind::Memo,
            from: pf.name(),
            to: vec![pt.name()],
            cc: Vec::new(),
            date: date.iso(),
            subject,
        });
        if let Some((_, r)) = permit {
            r.record(self, body_page);
        }
        let i = self.cur();
        self.finish_page(i);
    }

    fn notice(&mut self) {
        self.new_page(false);
        let first = self.stamp_no + 1;
        let count = self.rng.range(1, 4) as u32;
        let last = first + count - 1;
        let code = self.code();
        let printed = self.house.print_code(&code, &mut self.rng);
        let s = if last == first {
            format!("Page {first} is withheld pursuant to section {printed}")
        } else {
            format!("Pages {first} to {last} are withheld pursuant to section {printed}")
        };
        let s = s
            .replace("section s.", "section ")
            .replace("section Sec. ", "section ");
        let i = self.cur();
        self.pages[i].y = self.pages[i].frame_h / 2.0;
        self.put(&s);
        self.put("of the Access to Information Act");
        let number = self.number();
        self.truth.redactions.push(TRedaction {
            page: number,
            boxes: Vec::new(),
            codes: vec![code],
            leak: None,
            withheld: true,
        });
        self.finish_page(i);
        self.stamp_no = last;
    }

    fn cover(&mut self, codes: &[String]) {
        self.new_page(false);
        let mut listed: Vec<String> = codes.to_vec();
        listed.sort();
        let list = match listed.len() {
            1 => listed[0].clone(),
            _ => format!(
                "{} and {}",
                listed[..listed.len() - 1].join(", "),
                listed[listed.len() - 1]
            ),
        };
        let sections = if listed.len() == 1 {
            "section"
        } else {
            "sections"
        };
        let text = format!(
            "Please find enclosed the records responsive to your request. Some information has been withheld pursuant to {sections} {list} of the Access to Information Act."
        );
        let words: Vec<(String, Option<usize>)> =
            text.split(' ').map(|w| (w.to_string(), None)).collect();
        self.put("Dear Requester,");
        self.gap();
        self.layout(&words, Vec::new());
        self.put("ATIP Coordinator");
        self.truth.claimed = listed;
        let i = self.cur();
        self.finish_page(i);
    }
}

/// A reference to a permit the generator plans on a page.
#[derive(Clone, Debug)]
struct PermitRef {
    number: String,
    date: Date,
    subject_number: bool,
    /// The link it makes: `Some(permit)` sure, `None` ambiguous.
    sure: Option<String>,
}

impl PermitRef {
    fn record(self, g: &mut Gen, p: u32) {
        match self.sure {
            Some(n) => {
                g.truth.links.insert((p, n));
            }
            None => {
                g.truth.ambiguous.insert(p);
            }
        }
    }
}

fn registry_csv(permits: &[Permit]) -> String {
    let mut out = String::from(
        "permit_number,exporter,consignee,end_user,destination,goods,quantity,serial_numbers,issued,expires,status,status_date,notes\n",
    );
    for p in permits {
        let (end_user, consignee, dest) = BUYERS[p.buyer];
        let expires = Date {
            y: p.issued.y + 1,
            ..p.issued
        };
        out += &format!(
            "{},{},\"{}\",{},{},{} {},{},{},{},{},issued,{},\n",
            p.number,
            p.exporter,
            consignee,
            end_user,
            dest,
            p.model,
            GOODS[p.goods].1,
            p.quantity,
            p.serials.join(";"),
            p.issued.iso(),
            expires.iso(),
            p.issued.iso()
        );
    }
    out
}

fn document_bytes(house: &House, pages: &[PageB]) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
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
    for p in pages {
        let content = if p.turned {
            format!("q 0 1 -1 0 {} 0 cm\n{}Q\n", house.width, p.ops)
        } else {
            p.ops.clone()
        };
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
        let mut page = dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            "Resources" => dictionary! { "Font" => fonts_id },
            "MediaBox" => vec![0.into(), 0.into(), Object::Real(house.width as f32), Object::Real(house.height as f32)],
        };
        if p.turned {
            page.set("Rotate", 90);
        }
        kids.push(doc.add_object(page).into());
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    let _ = doc.save_to(&mut out);
    out
}

/// Institutions of the vocabulary: (English name, directory tag, e-mail domain).
fn institutions() -> Vec<(String, String, String)> {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/vocab/gc_organizations.json");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    let mut out = Vec::new();
    for o in v["organizations"].as_array().into_iter().flatten() {
        let acr: Vec<&str> = o["acronyms"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| a.as_str())
            .filter(|a| !a.contains('/') && a.chars().all(|c| c.is_ascii_uppercase()))
            .collect();
        let domain = o["domains"]
            .as_array()
            .and_then(|d| d.first())
            .and_then(|d| d.as_str());
        let (Some(en), Some(domain)) = (o["en"].as_str(), domain) else {
            continue;
        };
        let tag = match acr.as_slice() {
            [a, b, ..] => format!("{a}/{b}"),
            [a] => a.to_string(),
            [] => continue,
        };
        out.push((en.to_string(), tag, domain.to_string()));
    }
    out
}

/// The production of `seed`.
pub fn generate(seed: u64) -> Production {
    let mut rng = Rng::new(seed);
    let insts = institutions();
    let (org_en, tag, domain) = insts
        .get(rng.below(insts.len()))
        .cloned()
        .unwrap_or_else(|| ("Transport Canada".into(), "TC".into(), "tc.gc.ca".into()));
    let acronym = tag.split('/').next().unwrap_or("A").to_string();
    let year = rng.range(2018, 2024) as i32;
    let (width, height) = *rng.pick(&[(612.0, 792.0), (595.0, 842.0), (612.0, 1008.0)]);
    let font = rng.below(3);
    let size = *rng.pick(&[10.0, 10.5, 11.0, 12.0]);
    let label = *rng.pick(&[
        LabelStyle::RightMargin,
        LabelStyle::LeftMargin,
        LabelStyle::Above,
        LabelStyle::Inside,
    ]);
    let lead = size
        * if label == LabelStyle::Above {
            2.1
        } else {
            1.45
        };
    let form = *rng.pick(&[
        CodeForm::Section,
        CodeForm::Bare,
        CodeForm::Sec,
        CodeForm::French,
    ]);
    let qualifier = if rng.chance(0.3) {
        Some(*rng.pick(&["Int'l", "DEF", "IA"]))
    } else {
        None
    };
    let prefix = if rng.chance(0.5) {
        "A".to_string()
    } else {
        acronym
            .chars()
            .filter(char::is_ascii_uppercase)
            .take(4)
            .collect()
    };
    let request = format!("{prefix}-{year}-{:05}", rng.range(1, 99999));
    let house = House {
        font,
        size,
        lead,
        width,
        height,
        label,
        form,
        qualifier,
        stamp: rng.below(4),
        request,
        stamp_top: rng.chance(0.3),
        leak_rate: if rng.chance(0.5) { 0.0 } else { 0.2 },
    };
    let style = format!(
        "{org_en}; {} {size}pt on {width}x{height}; labels {label:?}, {form:?}{}; stamp style {}{}",
        FONTS[font],
        qualifier.map(|q| format!(" - {q}")).unwrap_or_default(),
        house.stamp,
        if house.stamp_top { " top" } else { "" }
    );
    // People.
    let count = rng.range(4, 7);
    let gi = rng.distinct(count, GIVEN.len());
    let fi = rng.distinct(count, FAMILY.len());
    let people: Vec<Person> = (0..count)
        .map(|i| Person {
            given: GIVEN[gi[i]].to_string(),
            family: FAMILY[fi[i]].to_string(),
            role: rng.below(ROLES.len()),
            unit: rng.below(UNITS.len()),
            female: rng.chance(0.5),
            acting: rng.chance(0.2),
        })
        .collect();
    let mut g = Gen {
        rng,
        truth: Truth::default(),
        pages: Vec::new(),
        titles: vec![Vec::new(); people.len()],
        mentioned: vec![false; people.len()],
        people,
        tag,
        domain,
        org_en,
        display: 0,
        stamp_no: 0,
        year,
        house,
    };
    g.display = g.rng.below(4);

    // Permits: two to five, with distractors sharing buyer or goods.
    let goods_a = g.rng.below(GOODS.len());
    let goods_b = (goods_a + 1 + g.rng.below(GOODS.len() - 1)) % GOODS.len();
    let buyer_a = g.rng.below(BUYERS.len());
    let buyer_b = (buyer_a + 1 + g.rng.below(BUYERS.len() - 1)) % BUYERS.len();
    let numbering = g.rng.below(3);
    let mut permits: Vec<Permit> = Vec::new();
    let plan = [
        (buyer_a, goods_a),
        (buyer_a, goods_b),
        (buyer_b, goods_a),
        (buyer_b, goods_b),
        (buyer_a, goods_a),
    ];
    let np = g.rng.range(3, 5);
    let exporter = g.rng.pick(EXPORTERS).to_string();
    for (i, (buyer, goods)) in plan.iter().take(np).enumerate() {
        let n = g.rng.range(100, 9999);
        let number = match numbering {
            0 => format!("EXP-{year}-{n:04}"),
            1 => format!("EP{year}{n:05}"),
            _ => format!("E-{n:06}-{}", year % 100),
        };
        let model = format!("{}-{}", GOODS[*goods].0, 100 * g.rng.range(1, 9));
        let quantity = (i as u32 % 3) + 2 + g.rng.below(3) as u32 + if i == 4 { 4 } else { 0 };
        let serials = (0..quantity.min(3))
            .map(|k| {
                format!(
                    "{}{}-{:05}",
                    GOODS[*goods].0,
                    7 + k,
                    g.rng.range(100, 99999)
                )
            })
            .collect();
        let issued = Date {
            y: year,
            m: g.rng.range(1, 6) as u32,
            d: g.rng.range(1, 28) as u32,
        };
        permits.push(Permit {
            number,
            exporter: exporter.clone(),
            buyer: *buyer,
            goods: *goods,
            model,
            quantity,
            serials,
            issued,
        });
    }
    // Permit 5, when drawn, is the same end user and model as permit 1 (an ambiguous pair).
    if permits.len() == 5 {
        permits[4].model = permits[0].model.clone();
        permits[4].issued = permits[0].issued.plus_days(5);
    }

    // Documents.
    let claim = g.rng.chance(0.6);
    let mut claimed_codes: BTreeSet<String> = BTreeSet::new();
    if claim {
        // The cover letter is written last (its claim lists the codes used); its page and
        // stamp are first.
        g.stamp_no = 1;
    }
    let docs = g.rng.range(3, 6);
    let mut refs: Vec<(String, PermitRef)> = Vec::new();
    for (k, p) in permits.iter().enumerate() {
        let (end_user, _, dest) = BUYERS[p.buyer];
        let goods = GOODS[p.goods].1;
        let within = p.issued.plus_days(3);
        match g.rng.below(4) {
            0 => refs.push((
                format!(
                    "The {goods}s under permit {} are ready to ship to {dest}.",
                    p.number
                ),
                PermitRef {
                    number: p.number.clone(),
                    date: within,
                    subject_number: g.rng.chance(0.3),
                    sure: Some(p.number.clone()),
                },
            )),
            1 => refs.push((
                format!(
                    "The shipment includes serial number {} for the customer.",
                    p.serials[0]
                ),
                PermitRef {
                    number: p.number.clone(),
                    date: within,
                    subject_number: false,
                    sure: Some(p.number.clone()),
                },
            )),
            2 if k < 4 => {
                // By context: end user, model and quantity of this permit only.
                refs.push((
                    format!(
                        "The {} asked again about the {} {} {}s.",
                        end_user,
                        quantity_words(p.quantity),
                        p.model,
                        goods
                    ),
                    PermitRef {
                        number: p.number.clone(),
                        date: within,
                        subject_number: false,
                        sure: Some(p.number.clone()),
                    },
                ));
            }
            _ => {}
        }
    }
    if permits.len() == 5 && g.rng.chance(0.7) {
        let p = &permits[0];
        let (end_user, _, _) = BUYERS[p.buyer];
        refs.push((
            format!(
                "The {end_user} application for {} {}s is still under review.",
                p.model, GOODS[p.goods].1
            ),
            PermitRef {
                number: p.number.clone(),
                date: p.issued.plus_days(2),
                subject_number: false,
                sure: None,
            },
        ));
    }
    let total = docs.max(refs.len());
    let mut turned_done = false;
    for i in 0..total {
        let r = refs.get(i).cloned();
        let fr = g.rng.chance(0.25);
        match g.rng.below(5) {
            0 | 1 => g.email(fr, false, r),
            2 => g.email(fr, true, r),
            _ => {
                let turned = !turned_done && g.rng.chance(0.4);
                turned_done |= turned;
                g.memo(fr, turned, r)
            }
        }
        if g.rng.chance(0.2) {
            g.notice();
        }
    }
    for r in &g.truth.redactions {
        for c in &r.codes {
            claimed_codes.insert(c.clone());
        }
    }
    if claim {
        // The cover letter: written now, moved to the front, stamps shifted by one.
        let mut codes: Vec<String> = claimed_codes.into_iter().collect();
        if codes.is_empty() {
            codes.push("19(1)".into());
        }
        let printed: Vec<String> = codes.clone();
        let before = g.stamp_no;
        g.stamp_no = 0;
        g.cover(&printed);
        g.truth.claimed = codes;
        g.stamp_no = before;
        let cover = g.pages.pop();
        let stamp = g.truth.stamps.pop();
        if let (Some(mut cover), Some(stamp)) = (cover, stamp) {
            cover.number = 1;
            // Everything after it moves down a page; the stamps already count it (stamp 1 was kept free).
            for p in g.pages.iter_mut() {
                p.number += 1;
            }
            for r in g.truth.redactions.iter_mut() {
                r.page += 1;
            }
            for d in g.truth.documents.iter_mut() {
                d.page += 1;
            }
            g.truth.links = g
                .truth
                .links
                .iter()
                .map(|(p, n)| (p + 1, n.clone()))
                .collect();
            g.truth.ambiguous = g.truth.ambiguous.iter().map(|p| p + 1).collect();
            g.pages.insert(0, cover);
            g.truth.stamps.insert(0, stamp);
        }
    }
    // People: everyone named, with their titles.
    for (i, p) in g.people.iter().enumerate() {
        if g.mentioned[i] {
            let mut t = g.titles[i].clone();
            t.sort();
            t.dedup();
            g.truth.people.push((p.name(), t));
        }
    }
    let pdf = document_bytes(&g.house, &g.pages);
    Production {
        pdf,
        registry_csv: registry_csv(&permits),
        truth: g.truth,
        style,
    }
}

// ---------------------------------------------------------------------------------------------
// Scoring.

/// True positives, misses and false findings of one category.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pub hit: usize,
    pub missed: usize,
    pub extra: usize,
}

impl Tally {
    pub fn recall(&self) -> f64 {
        let n = self.hit + self.missed;
        if n == 0 {
            1.0
        } else {
            self.hit as f64 / n as f64
        }
    }
    pub fn precision(&self) -> f64 {
        let n = self.hit + self.extra;
        if n == 0 {
            1.0
        } else {
            self.hit as f64 / n as f64
        }
    }
    fn add(&mut self, o: Tally) {
        self.hit += o.hit;
        self.missed += o.missed;
        self.extra += o.extra;
    }
}

#[derive(Debug, Default, Clone)]
pub struct Scores {
    pub redactions: Tally,
    pub codes: Tally,
    pub leaks: Tally,
    pub headers: Tally,
    pub people: Tally,
    pub titles: Tally,
    pub links: Tally,
    pub stamps: Tally,
    pub grounds: Tally,
    /// What went wrong, for reading.
    pub notes: Vec<String>,
}

impl Scores {
    pub fn add(&mut self, o: &Scores) {
        self.redactions.add(o.redactions);
        self.codes.add(o.codes);
        self.leaks.add(o.leaks);
        self.headers.add(o.headers);
        self.people.add(o.people);
        self.titles.add(o.titles);
        self.links.add(o.links);
        self.stamps.add(o.stamps);
        self.grounds.add(o.grounds);
    }
    pub fn rows(&self) -> Vec<(&'static str, Tally, f64)> {
        vec![
            ("redactions", self.redactions, 0.95),
            ("exemption codes", self.codes, 0.95),
            ("leaks", self.leaks, 1.0),
            ("header fields", self.headers, 0.95),
            ("people", self.people, 0.95),
            ("titles", self.titles, 0.9),
            ("permit links", self.links, 0.95),
            ("stamps", self.stamps, 0.95),
            ("grounds claimed", self.grounds, 0.95),
        ]
    }
    pub fn table(&self) -> String {
        let mut out = format!(
            "{:<17} {:>6} {:>6} {:>6} {:>8} {:>9} {:>6}\n",
            "category", "hit", "missed", "extra", "recall", "precision", "target"
        );
        for (name, t, target) in self.rows() {
            out += &format!(
                "{:<17} {:>6} {:>6} {:>6} {:>8.3} {:>9.3} {:>6.2}\n",
                name,
                t.hit,
                t.missed,
                t.extra,
                t.recall(),
                t.precision(),
                target
            );
        }
        out
    }
}

fn overlap(a: [f64; 4], b: &dossier::geometry::Rect) -> f64 {
    let w = (a[2].min(b.x1) - a[0].max(b.x0)).max(0.0);
    let h = (a[3].min(b.y1) - a[1].max(b.y0)).max(0.0);
    let area = ((a[2] - a[0]) * (a[3] - a[1]))
        .min(b.width() * b.height())
        .max(1e-6);
    w * h / area
}

fn words(s: &str) -> Vec<String> {
    const STOP: &[&str] = &["the", "of", "de", "la", "le", "du", "des", "l", "and", "et"];
    let expanded = s
        .replace("ADM", "Assistant Deputy Minister")
        .replace("DG", "Director General");
    expanded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !STOP.contains(&w.as_str()))
        .collect()
}

fn subject_key(s: &str) -> String {
    let mut t = s.trim();
    loop {
        let lower = t.to_lowercase();
        let mut cut = false;
        for p in ["re:", "re :", "fw:", "fwd:", "tr:", "tr :"] {
            if lower.starts_with(p) {
                t = t[p.len()..].trim_start();
                cut = true;
            }
        }
        if !cut {
            break;
        }
    }
    t.to_string()
}

fn title_matches(t: &TTitle, title: &str, org: Option<&str>) -> bool {
    let found = words(title);
    let mut with_org = found.clone();
    if let Some(o) = org {
        with_org.extend(words(o));
    }
    let role = words(&t.role);
    // The role's words in order, and nothing else in the title but the unit's words.
    let role_in = found.len() >= role.len() && found[..role.len()] == role[..];
    if !role_in {
        return false;
    }
    match &t.unit {
        // A title stated without its unit is matched by the same role with one.
        None => true,
        Some(u) => {
            let uw = words(u);
            let rest: Vec<String> = found[role.len()..].to_vec();
            rest == uw || rest.is_empty() && uw.iter().all(|w| with_org.contains(w))
        }
    }
}

/// Scores `a` against `truth`.
pub fn score(a: &FileAnalysis, truth: &Truth) -> Scores {
    let mut s = Scores::default();
    // Redactions: boxes matched one to one by overlap; notices by page.
    let mut used = vec![false; a.redactions.len()];
    for t in &truth.redactions {
        let best = a
            .redactions
            .iter()
            .enumerate()
            .filter(|(i, r)| !used[*i] && r.page == t.page)
            .filter(|(_, r)| {
                if t.withheld {
                    r.kind == dossier::redactions::RedactionKind::WithheldPages
                } else {
                    r.boxes.iter().chain(r.bbox.iter()).any(|b| {
                        let ub = a.user_box(r.page, b);
                        t.boxes.iter().any(|tb| overlap(*tb, &ub) > 0.5)
                    })
                }
            })
            .map(|(i, _)| i)
            .next();
        match best {
            Some(i) => {
                used[i] = true;
                let r = &a.redactions[i];
                s.redactions.hit += 1;
                if !t.withheld && r.boxes.len().max(1) != t.boxes.len() {
                    s.notes.push(format!(
                        "p{} redaction drawn as {} boxes found as {} (codes {:?})",
                        t.page,
                        t.boxes.len(),
                        r.boxes.len(),
                        t.codes
                    ));
                }
                let mut codes = r.codes.clone();
                codes.sort();
                if codes == t.codes {
                    s.codes.hit += 1;
                } else {
                    s.codes.missed += 1;
                    if !r.codes.is_empty() {
                        s.codes.extra += 1;
                    }
                    s.notes.push(format!(
                        "p{} codes {:?} read as {:?} (stamped {:?})",
                        t.page, t.codes, codes, r.stamped
                    ));
                }
                match (&t.leak, &r.leaked_text) {
                    (Some(want), Some(got)) => {
                        let norm = |x: &str| x.split_whitespace().collect::<Vec<_>>().join(" ");
                        if norm(got).contains(&norm(want))
                            || norm(want).contains(&norm(got)) && !got.trim().is_empty()
                        {
                            s.leaks.hit += 1;
                        } else {
                            s.leaks.missed += 1;
                            s.leaks.extra += 1;
                            s.notes
                                .push(format!("p{} leak {want:?} read as {got:?}", t.page));
                        }
                    }
                    (Some(want), None) => {
                        s.leaks.missed += 1;
                        s.notes.push(format!("p{} leak missed: {want:?}", t.page));
                    }
                    (None, Some(got)) => {
                        s.leaks.extra += 1;
                        s.notes.push(format!("p{} false leak {got:?}", t.page));
                    }
                    (None, None) => {}
                }
            }
            None => {
                s.redactions.missed += 1;
                s.codes.missed += 1;
                if t.leak.is_some() {
                    s.leaks.missed += 1;
                }
                s.notes.push(format!(
                    "p{} redaction missed: {:?} {:?}",
                    t.page, t.codes, t.boxes
                ));
            }
        }
    }
    for (i, r) in a.redactions.iter().enumerate() {
        if !used[i] {
            s.redactions.extra += 1;
            if !r.codes.is_empty() {
                s.codes.extra += 1;
            }
            // The rest of a passage found in two parts leaks what the passage leaks: no false
            // leak.
            let norm = |x: &str| x.split_whitespace().collect::<Vec<_>>().join(" ");
            if let Some(got) = &r.leaked_text
                && !truth.redactions.iter().any(|t| {
                    t.page == r.page
                        && t.leak
                            .as_deref()
                            .is_some_and(|w| norm(w).contains(&norm(got)))
                })
            {
                s.leaks.extra += 1;
            }
            s.notes.push(format!(
                "p{} extra redaction {:?} {:?} {:?} leak {:?}",
                r.page, r.kind, r.codes, r.bbox, r.leaked_text
            ));
        }
    }

    // Header fields: each truth document matched to the found one on its page that agrees most.
    let mut used = vec![false; a.documents.len()];
    for t in &truth.documents {
        let fields = |d: &dossier::documents::Document| -> usize {
            let mut n = 0;
            n += usize::from(d.kind == t.kind);
            n += usize::from(d.from.as_deref() == Some(t.from.as_str()));
            n += usize::from(d.date.as_deref() == Some(t.date.as_str()));
            n +=
                usize::from(d.subject.as_deref().map(subject_key) == Some(subject_key(&t.subject)));
            n += usize::from(d.to == t.to);
            n += usize::from(d.cc == t.cc);
            n
        };
        let best = a
            .documents
            .iter()
            .enumerate()
            .filter(|(i, d)| !used[*i] && d.first_page == t.page)
            .max_by_key(|(_, d)| fields(d))
            .map(|(i, _)| i);
        match best {
            Some(i) => {
                used[i] = true;
                let d = &a.documents[i];
                let n = fields(d);
                s.headers.hit += n;
                s.headers.missed += 6 - n;
                s.headers.extra += 6 - n;
                if n < 6 {
                    s.notes.push(format!(
                        "p{} {:?} from {:?} to {:?} cc {:?} date {:?} subject {:?} read as {:?} from {:?} to {:?} cc {:?} date {:?} subject {:?}",
                        t.page, t.kind, t.from, t.to, t.cc, t.date, t.subject, d.kind, d.from, d.to, d.cc, d.date, d.subject
                    ));
                }
            }
            None => {
                s.headers.missed += 6;
                s.notes.push(format!(
                    "p{} document missed: {:?} {:?}",
                    t.page, t.kind, t.subject
                ));
            }
        }
    }
    for (i, d) in a.documents.iter().enumerate() {
        if !used[i] {
            s.headers.extra += 6;
            s.notes.push(format!(
                "p{} extra document {:?} from {:?} subject {:?}",
                d.first_page, d.kind, d.from, d.subject
            ));
        }
    }

    // People and titles.
    let want: BTreeSet<&str> = truth.people.iter().map(|(n, _)| n.as_str()).collect();
    for (name, titles) in &truth.people {
        let Some(o) = a.officials.iter().find(|o| &o.name == name) else {
            s.people.missed += 1;
            s.titles.missed += titles.len();
            s.notes.push(format!("person missed: {name}"));
            continue;
        };
        s.people.hit += 1;
        for t in titles {
            if o.titles.iter().any(|f| {
                title_matches(
                    t,
                    &f.title,
                    f.organization.as_deref().or(o.organization.as_deref()),
                )
            }) {
                s.titles.hit += 1;
            } else {
                s.titles.missed += 1;
                s.notes.push(format!(
                    "{name}: title {t:?} not among {:?}",
                    o.titles.iter().map(|t| &t.title).collect::<Vec<_>>()
                ));
            }
        }
        for f in &o.titles {
            if !titles.iter().any(|t| {
                title_matches(
                    t,
                    &f.title,
                    f.organization.as_deref().or(o.organization.as_deref()),
                )
            }) {
                s.titles.extra += 1;
                s.notes.push(format!(
                    "{name}: extra title {:?} (org {:?})",
                    f.title, f.organization
                ));
            }
        }
    }
    for o in &a.officials {
        if !want.contains(o.name.as_str()) {
            s.people.extra += 1;
            s.titles.extra += o.titles.len();
            s.notes
                .push(format!("extra person {:?} on pages {:?}", o.name, o.pages));
        }
    }

    // Permit links.
    let found: BTreeSet<(u32, String)> = a
        .permit_links
        .iter()
        .map(|l| (l.page, l.permit.clone()))
        .collect();
    for l in &truth.links {
        if found.contains(l) {
            s.links.hit += 1;
        } else {
            s.links.missed += 1;
            let c: Vec<_> = a
                .permit_candidates
                .iter()
                .filter(|c| c.page == l.0)
                .map(|c| (&c.permit, &c.evidence))
                .collect();
            s.notes.push(format!(
                "link missed: p{} {} (candidates there: {c:?})",
                l.0, l.1
            ));
        }
    }
    for l in &found {
        if !truth.links.contains(l) {
            s.links.extra += 1;
            let why = if truth.ambiguous.contains(&l.0) {
                " (an ambiguous page)"
            } else {
                ""
            };
            s.notes.push(format!("false link: p{} {}{why}", l.0, l.1));
        }
    }

    // Stamps.
    for (i, want) in truth.stamps.iter().enumerate() {
        let got = a.page_labels.get(i).cloned().flatten();
        let norm = |x: &str| {
            let (req, n) = x.rsplit_once(" - ").unwrap_or((x, ""));
            (req.to_string(), n.trim_start_matches('0').to_string())
        };
        match got {
            Some(g) if norm(&g) == norm(want) => s.stamps.hit += 1,
            Some(g) => {
                s.stamps.missed += 1;
                s.stamps.extra += 1;
                s.notes
                    .push(format!("p{} stamp {want:?} read as {g:?}", i + 1));
            }
            None => {
                s.stamps.missed += 1;
                s.notes.push(format!("p{} stamp {want:?} not read", i + 1));
            }
        }
    }

    // Grounds claimed by the cover letter.
    let claimed: BTreeSet<String> = a.grounds.claimed.iter().map(|c| c.code.clone()).collect();
    let want: BTreeSet<String> = truth.claimed.iter().cloned().collect();
    s.grounds.hit += claimed.intersection(&want).count();
    s.grounds.missed += want.difference(&claimed).count();
    s.grounds.extra += claimed.difference(&want).count();
    if claimed != want {
        s.notes
            .push(format!("grounds claimed {want:?} read as {claimed:?}"));
    }
    s
}
