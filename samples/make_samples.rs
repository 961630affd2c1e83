//! Builds the bundled sample production and its ground truth:
//! `samples/production.pdf`, `samples/production.truth.json`, `samples/permits.csv`.
//!
//! `cargo run --example make_samples` rewrites them; `tests/samples.rs` checks that the output is
//! byte-identical to the committed files. Everything here is deterministic (no clock, no random).
//!
//! The production follows the public record of the House of Commons foreign affairs committee's
//! 2021 inquiry into L3Harris Wescam MX-15D sensors exported to Turkey (see `samples/README.md`).
//! Real people appear only as the news reports quote them; other staff, the company contact, the
//! permit numbers and the serial numbers are fictional.
//!
//! The truth is computed from what is written: every text run with its box (same convention as the
//! extractor: x from the first glyph's origin to the end of the last advance, y from descent to
//! ascent of the font), every redaction with its box, codes and the exact text left under it, every
//! document header, every person with the pages where a name form appears, every permit link.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::too_many_arguments
)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use dossier::pdf::fonts::{glyph_to_char, standard14, tables};
use lopdf::{Document, Object, ObjectId, Stream, StringFormat, dictionary};
use serde_json::{Value, json};

const W: f64 = 612.0;
const H: f64 = 792.0;
const LEFT: f64 = 72.0;
const CODE_X: f64 = 530.0;
const REQUEST: &str = "A-2020-00417";
const DEJAVU: &str = "assets/fonts/DejaVuSans.ttf";

// ---------------------------------------------------------------------------------------------
// Fonts

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum F {
    /// Helvetica, standard 14, WinAnsi, no /Widths.
    Helv,
    /// Helvetica-Bold, standard 14.
    HelvB,
    /// DejaVuSans embedded as a simple TrueType font, WinAnsi + /Widths + /ToUnicode.
    Sans,
    /// DejaVuSans embedded as Type0 / CIDFontType2, Identity-H, /W, /ToUnicode.
    Cid,
}

impl F {
    fn res(self) -> &'static str {
        match self {
            F::Helv => "F1",
            F::HelvB => "F2",
            F::Sans => "F3",
            F::Cid => "F4",
        }
    }
}

pub(crate) struct TrueTypeMetrics {
    upem: f64,
    ascent: f64,
    descent: f64,
    advances: BTreeMap<char, (u16, f64)>, // char -> (glyph id, advance 1/1000 em)
}

pub(crate) fn load_dejavu(root: &Path) -> (Vec<u8>, TrueTypeMetrics) {
    use skrifa::MetadataProvider;
    use skrifa::instance::{LocationRef, Size};
    let data = std::fs::read(root.join(DEJAVU)).expect("assets/fonts/DejaVuSans.ttf");
    let font = skrifa::FontRef::new(&data).expect("DejaVuSans parses");
    let m = font.metrics(Size::unscaled(), LocationRef::default());
    let upem = f64::from(m.units_per_em);
    let gm = font.glyph_metrics(Size::unscaled(), LocationRef::default());
    let cmap = font.charmap();
    let mut advances = BTreeMap::new();
    // Every char the samples use: Latin-1, WinAnsi punctuation, a few more.
    let extra = "’‘“”–—…€•éèêëàâçîïôûùÉÈÀÇœŒ";
    let chars: Vec<char> = (0x20u32..0x7F)
        .chain(0xA0..0x180)
        .filter_map(char::from_u32)
        .chain(extra.chars())
        .collect();
    for c in chars {
        if let Some(g) = cmap.map(c) {
            let adv = f64::from(gm.advance_width(g).unwrap_or(0.0)) * 1000.0 / upem;
            advances.insert(c, (g.to_u32() as u16, adv));
        }
    }
    let tt = TrueTypeMetrics {
        upem,
        ascent: (f64::from(m.ascent) * 1000.0 / upem).round(),
        descent: (f64::from(m.descent) * 1000.0 / upem).round(),
        advances,
    };
    (data, tt)
}

/// WinAnsi code of a char.
fn winansi(c: char) -> Option<u8> {
    (0u16..256).find_map(|code| {
        let name = tables::WIN_ANSI_ENCODING[code as usize];
        (glyph_to_char(name) == Some(c)).then_some(code as u8)
    })
}

fn glyph_name(code: u8) -> &'static str {
    tables::WIN_ANSI_ENCODING[code as usize]
}

pub(crate) struct Fonts {
    pub(crate) tt: TrueTypeMetrics,
    pub(crate) used_gids: std::cell::RefCell<BTreeMap<u16, char>>,
}

impl Fonts {
    /// (ascent, descent) in 1/1000 em as the extractor reads them.
    fn metrics(&self, f: F) -> (f64, f64) {
        match f {
            F::Helv => std14("Helvetica"),
            F::HelvB => std14("Helvetica-Bold"),
            F::Sans | F::Cid => (self.tt.ascent, self.tt.descent),
        }
    }

    /// Advance of `c`, 1/1000 em.
    fn advance(&self, f: F, c: char) -> f64 {
        match f {
            F::Helv | F::HelvB => {
                let name = if f == F::Helv {
                    "Helvetica"
                } else {
                    "Helvetica-Bold"
                };
                let code = winansi(c).unwrap_or_else(|| panic!("{c:?} not in WinAnsi"));
                let w = standard14::lookup(name)
                    .and_then(|s| s.width(glyph_name(code)))
                    .unwrap_or_else(|| panic!("no width for {c:?}"));
                f64::from(w)
            }
            F::Sans => {
                winansi(c).unwrap_or_else(|| panic!("{c:?} not in WinAnsi"));
                self.tt
                    .advances
                    .get(&c)
                    .map(|a| a.1)
                    .unwrap_or_else(|| panic!("{c:?}"))
            }
            F::Cid => self
                .tt
                .advances
                .get(&c)
                .map(|a| a.1)
                .unwrap_or_else(|| panic!("{c:?}")),
        }
    }

    /// The bytes of a string operand.
    fn encode(&self, f: F, s: &str) -> String {
        match f {
            F::Cid => {
                let mut out = String::from("<");
                for c in s.chars() {
                    let (gid, _) = self.tt.advances[&c];
                    self.used_gids.borrow_mut().insert(gid, c);
                    write!(out, "{gid:04X}").unwrap();
                }
                out.push('>');
                out
            }
            _ => {
                let mut out = String::from("<");
                for c in s.chars() {
                    write!(out, "{:02X}", winansi(c).unwrap()).unwrap();
                }
                out.push('>');
                out
            }
        }
    }
}

fn std14(name: &str) -> (f64, f64) {
    let s = standard14::lookup(name).expect("standard 14");
    (f64::from(s.ascent), f64::from(s.descent))
}

// ---------------------------------------------------------------------------------------------
// Pages and truth

#[derive(Clone, Debug)]
pub(crate) struct Run {
    pub(crate) text: String,
    pub(crate) bbox: [f64; 4],
    font: &'static str,
    /// Per char (x0, x1).
    pub(crate) xs: Vec<(f64, f64)>,
}

#[derive(Clone, Debug)]
struct Red {
    kind: &'static str,
    bbox: Option<[f64; 4]>,
    codes: Vec<String>,
    leaked: Option<String>,
    withheld_pages: Vec<u32>,
    withheld_reason: Option<&'static str>,
}

pub(crate) struct Page {
    ops: String,
    /// Content drawn in a form XObject (page header band).
    form: Option<String>,
    pub(crate) runs: Vec<Run>,
    reds: Vec<Red>,
    label: Option<String>,
    scanned: bool,
    annots: Vec<lopdf::Dictionary>,
    image: Option<(u32, u32, Vec<u8>)>,
    links: Vec<(&'static str, &'static str)>,
}

impl Page {
    fn new() -> Page {
        Page {
            ops: String::new(),
            form: None,
            runs: Vec::new(),
            reds: Vec::new(),
            label: None,
            scanned: false,
            annots: Vec::new(),
            image: None,
            links: Vec::new(),
        }
    }
}

fn r2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

pub(crate) struct Gen<'a> {
    pub(crate) fonts: &'a Fonts,
}

impl Gen<'_> {
    /// One `Tj` at (x, y): returns the run (also recorded).
    fn text(&self, p: &mut Page, f: F, size: f64, x: f64, y: f64, s: &str) -> Run {
        let run = self.measure(f, size, x, y, s, &[]);
        writeln!(
            p.ops,
            "BT /{} {size} Tf 1 0 0 1 {x} {y} Tm {} Tj ET",
            f.res(),
            self.fonts.encode(f, s)
        )
        .unwrap();
        p.runs.push(run.clone());
        run
    }

    /// One `TJ` with kerning: `parts` are strings and the adjustment after each.
    fn text_kerned(
        &self,
        p: &mut Page,
        f: F,
        size: f64,
        x: f64,
        y: f64,
        parts: &[(&str, f64)],
    ) -> Run {
        let s: String = parts.iter().map(|(t, _)| *t).collect();
        let mut kerns = Vec::new();
        let mut at = 0;
        for (t, k) in parts {
            at += t.chars().count();
            kerns.push((at, *k));
        }
        let run = self.measure(f, size, x, y, &s, &kerns);
        let mut arr = String::from("[");
        for (t, k) in parts {
            write!(arr, "{} {k} ", self.fonts.encode(f, t)).unwrap();
        }
        arr.push(']');
        writeln!(p.ops, "BT /{} {size} Tf {x} {y} Td {arr} TJ ET", f.res()).unwrap();
        p.runs.push(run.clone());
        run
    }

    /// Lines with `Td` / `TL` / `T*` in one text object.
    fn block(
        &self,
        p: &mut Page,
        f: F,
        size: f64,
        x: f64,
        y: f64,
        leading: f64,
        lines: &[&str],
    ) -> f64 {
        write!(p.ops, "BT /{} {size} Tf {leading} TL {x} {y} Td", f.res()).unwrap();
        for (i, l) in lines.iter().enumerate() {
            if i > 0 {
                p.ops.push_str(" T*");
            }
            write!(p.ops, " {} Tj", self.fonts.encode(f, l)).unwrap();
            let run = self.measure(f, size, x, y - leading * i as f64, l, &[]);
            p.runs.push(run);
        }
        p.ops.push_str(" ET\n");
        y - leading * lines.len() as f64
    }

    fn measure(&self, f: F, size: f64, x: f64, y: f64, s: &str, kerns: &[(usize, f64)]) -> Run {
        let (asc, desc) = self.fonts.metrics(f);
        let mut cx = x;
        let mut xs = Vec::new();
        for (i, c) in s.chars().enumerate() {
            let adv = self.fonts.advance(f, c) * size / 1000.0;
            xs.push((cx, cx + adv));
            cx += adv;
            for (at, k) in kerns {
                if *at == i + 1 {
                    cx -= k * size / 1000.0;
                }
            }
        }
        let x1 = xs.last().map_or(x, |l| l.1);
        Run {
            text: s.to_string(),
            bbox: [x, y + desc * size / 1000.0, x1, y + asc * size / 1000.0],
            font: match f {
                F::Helv => "Helvetica",
                F::HelvB => "Helvetica-Bold",
                F::Sans | F::Cid => "DejaVuSans",
            },
            xs,
        }
    }

    fn width(&self, f: F, size: f64, s: &str) -> f64 {
        s.chars().map(|c| self.fonts.advance(f, c)).sum::<f64>() * size / 1000.0
    }

    /// A filled box (`gray` 0 = black).
    fn rect(&self, p: &mut Page, b: [f64; 4], gray: f64) {
        writeln!(
            p.ops,
            "q {gray} g {} {} {} {} re f Q",
            r2(b[0]),
            r2(b[1]),
            r2(b[2] - b[0]),
            r2(b[3] - b[1])
        )
        .unwrap();
    }
}

fn norm_code(c: &str) -> String {
    c.trim_start_matches("s.").trim().to_string()
}

/// A line segment for [`Gen::line`].
enum Seg<'s> {
    /// Text in the line's font.
    T(&'s str),
    /// A proper redaction: the text was removed; a box of this many points wide stands in.
    Gap(f64),
    /// A bad redaction: the text is drawn, then a box over it.
    Leak(&'s str),
}

struct LineSpec<'s> {
    f: F,
    size: f64,
    segs: Vec<Seg<'s>>,
    /// Codes stamped in the right margin for the boxes of this line.
    codes: &'s [&'s str],
    /// Box colour (0 black, 0.5 grey).
    gray: f64,
    /// Codes written inside the boxes in white (drawn on top).
    code_inside: bool,
}

impl<'s> LineSpec<'s> {
    fn new(f: F, size: f64, segs: Vec<Seg<'s>>) -> Self {
        LineSpec {
            f,
            size,
            segs,
            codes: &[],
            gray: 0.0,
            code_inside: false,
        }
    }
    fn codes(mut self, c: &'s [&'s str]) -> Self {
        self.codes = c;
        self
    }
    fn gray(mut self, g: f64) -> Self {
        self.gray = g;
        self
    }
    fn inside(mut self) -> Self {
        self.code_inside = true;
        self
    }
}

impl Gen<'_> {
    /// A line with redaction boxes; returns the next baseline.
    fn line(&self, p: &mut Page, x: f64, y: f64, spec: LineSpec<'_>) -> f64 {
        let (asc, desc) = self.fonts.metrics(spec.f);
        let (bot, top) = (
            y + desc * spec.size / 1000.0 - 1.0,
            y + asc * spec.size / 1000.0 + 1.0,
        );
        let mut cx = x;
        let mut boxes: Vec<([f64; 4], Option<String>)> = Vec::new();
        for seg in &spec.segs {
            match seg {
                Seg::T(s) => {
                    let r = self.text(p, spec.f, spec.size, cx, y, s);
                    cx = r.bbox[2];
                }
                Seg::Gap(w) => {
                    boxes.push(([cx, bot, cx + w, top], None));
                    cx += w;
                }
                Seg::Leak(s) => {
                    let r = self.text(p, spec.f, spec.size, cx, y, s);
                    boxes.push((
                        [cx - 0.5, bot, r.bbox[2] + 0.5, top],
                        Some((*s).to_string()),
                    ));
                    cx = r.bbox[2];
                }
            }
        }
        let codes: Vec<String> = spec.codes.iter().map(|c| norm_code(c)).collect();
        for (b, leak) in &boxes {
            self.rect(p, *b, spec.gray);
            if spec.code_inside {
                // The code label, in white on the box: drawn after it, so not hidden text.
                let label = spec.codes.join(", ");
                let lw = self.width(F::Helv, 7.0, &label);
                let lx = r2((b[0] + b[2]) / 2.0 - lw / 2.0);
                writeln!(p.ops, "q 1 g").unwrap();
                self.text(p, F::Helv, 7.0, lx, r2(y + 0.5), &label);
                writeln!(p.ops, "Q").unwrap();
            }
            p.reds.push(Red {
                kind: "box",
                bbox: Some(b.map(r2)),
                codes: codes.clone(),
                leaked: leak.clone(),
                withheld_pages: Vec::new(),
                withheld_reason: None,
            });
        }
        if !spec.codes.is_empty() && !spec.code_inside {
            self.text(p, F::Helv, 8.0, CODE_X, y, &spec.codes.join(", "));
        }
        y - spec.size * 1.45
    }

    /// A paragraph of plain lines.
    fn para(&self, p: &mut Page, f: F, size: f64, x: f64, mut y: f64, lines: &[&str]) -> f64 {
        for l in lines {
            self.text(p, f, size, x, y, l);
            y -= size * 1.45;
        }
        y - size * 0.6
    }

    /// Outlook's printed header: bold sender name, a rule, then label/value lines.
    fn outlook(
        &self,
        p: &mut Page,
        mut y: f64,
        sender: &str,
        fields: &[(&str, &str)],
        french: bool,
    ) -> f64 {
        self.text(p, F::HelvB, 12.0, LEFT, y, sender);
        y -= 7.0;
        // A thin rule under the name (a stroked line, not a box).
        writeln!(p.ops, "q 0.6 w 0 G {LEFT} {y} m {} {y} l S Q", W - LEFT).unwrap();
        y -= 16.0;
        for (label, value) in fields {
            self.text(p, F::HelvB, 10.0, LEFT, y, label);
            let x = LEFT + if french { 68.0 } else { 60.0 };
            self.text(p, F::Sans, 10.0, x, y, value);
            y -= 14.0;
        }
        y - 10.0
    }

    /// Header band (form XObject) and footer stamp.
    fn frame(&self, p: &mut Page, stamp: u32) {
        let form_y = H - 36.0;
        let a = "Released under the Access to Information Act";
        let b = "Divulgué en vertu de la Loi sur l'accès à l'information";
        // The form is placed with a translation matrix; its text runs land in page space.
        let mut form = String::new();
        let w_a = self.width(F::Sans, 7.0, a);
        let w_b = self.width(F::Sans, 7.0, b);
        writeln!(
            form,
            "BT /F3 7 Tf 0 0 Td {} Tj ET",
            self.fonts.encode(F::Sans, a)
        )
        .unwrap();
        writeln!(
            form,
            "BT /F3 7 Tf 0 -9 Td {} Tj ET",
            self.fonts.encode(F::Sans, b)
        )
        .unwrap();
        p.form = Some(form);
        let fx = W - 36.0 - w_a.max(w_b);
        p.runs.push(self.measure(F::Sans, 7.0, fx, form_y, a, &[]));
        p.runs
            .push(self.measure(F::Sans, 7.0, fx, form_y - 9.0, b, &[]));
        writeln!(p.ops, "q 1 0 0 1 {} {form_y} cm /Hdr Do Q", r2(fx)).unwrap();
        // Fix the recorded runs to the rounded placement used in the content stream.
        let n = p.runs.len();
        for r in &mut p.runs[n - 2..] {
            let dx = r2(fx) - fx;
            r.bbox[0] += dx;
            r.bbox[2] += dx;
            for c in &mut r.xs {
                c.0 += dx;
                c.1 += dx;
            }
        }
        let label = format!("{REQUEST} - {stamp:06}");
        let lw = self.width(F::Helv, 9.0, &label);
        self.text(p, F::Helv, 9.0, r2(W - 36.0 - lw), 30.0, &label);
        p.label = Some(label);
    }
}

// ---------------------------------------------------------------------------------------------
// The production

const ANAND_SIG: [&str; 5] = [
    "Shalini Anand",
    "Acting Director General | Directrice générale par intérim",
    "Trade and Export Controls Bureau | Direction générale des contrôles à l'exportation",
    "Global Affairs Canada | Affaires mondiales Canada",
    "shalini.anand@international.gc.ca",
];

pub(crate) fn build_pages(
    g: &Gen<'_>,
    scan: Option<(u32, u32, Vec<u8>)>,
    scan_boxes: &[[f64; 4]],
) -> Vec<Page> {
    let mut pages = Vec::new();

    // Page 1: Shalini Anand's e-mail of 25 October 2020 (the seeds quote it).
    let mut p = Page::new();
    g.frame(&mut p, 1);
    let mut y = g.outlook(
        &mut p,
        720.0,
        "Anand, Shalini -TID",
        &[
            ("From:", "Anand, Shalini -TID"),
            ("Sent:", "Sunday, October 25, 2020 4:12 PM"),
            ("To:", "Vlasic, Katarina -TIE; Tremblay-Roy, Geneviève -TIC"),
            ("Cc:", "Lévesque, Jean-Marc -TIE"),
            (
                "Subject:",
                "RE: Wescam sensors - images from Nagorno-Karabakh",
            ),
        ],
        false,
    );
    y = g.para(&mut p, F::Helv, 10.0, LEFT, y, &["Hello all,"]);
    y = g.para(
        &mut p,
        F::Helv,
        10.0,
        LEFT,
        y,
        &[
            "We reached out to L3Harris Wescam about the images circulating online. They have indicated that",
            "some of the images may be their product, but it is difficult to confirm.",
        ],
    );
    y = g.para(
        &mut p,
        F::Helv,
        10.0,
        LEFT,
        y,
        &["In the case of the imaging and targeting gear in one video, a Wescam MX-15D system with this serial"],
    ) + 10.0 * 0.6;
    y = g.line(
        &mut p,
        LEFT,
        y,
        LineSpec::new(
            F::Helv,
            10.0,
            vec![
                Seg::T("number was delivered in September 2020 under permit number "),
                Seg::Gap(62.0),
                Seg::T(" approved "),
                Seg::Gap(58.0),
            ],
        )
        .codes(&["s.20(1)(b)"]),
    );
    y = g.para(
        &mut p,
        F::Helv,
        10.0,
        LEFT,
        y,
        &["for end user Turkish Naval Forces."],
    );
    y = g.line(
        &mut p,
        LEFT,
        y,
        LineSpec::new(
            F::Helv,
            10.0,
            vec![Seg::T("Our assessment of the footage: "), Seg::Gap(230.0)],
        )
        .codes(&["s.15(1)"]),
    );
    y = g.line(
        &mut p,
        LEFT,
        y,
        LineSpec::new(F::Helv, 10.0, vec![Seg::Gap(300.0), Seg::T(".")]).codes(&["s.15(1)"]),
    );
    y -= 6.0;
    y = g.para(&mut p, F::Helv, 10.0, LEFT, y, &["I will keep you posted."]);
    y = g.block(&mut p, F::Sans, 9.0, LEFT, y - 4.0, 11.0, &ANAND_SIG);
    g.line(
        &mut p,
        LEFT,
        y,
        LineSpec::new(F::Sans, 9.0, vec![Seg::T("Cell: "), Seg::Gap(60.0)]).codes(&["s.19(1)"]),
    );
    p.links.push(("EXP-2019-1142", "context"));
    pages.push(p);

    // Page 2: the earlier message in the thread, quoted below a separator.
    let mut p = Page::new();
    g.frame(&mut p, 2);
    let mut y = 730.0;
    y = g.para(
        &mut p,
        F::Helv,
        10.0,
        LEFT,
        y,
        &["-----Original Message-----"],
    );
    for (label, value) in [
        ("From:", "Vlasic, Katarina -TIE"),
        ("Sent:", "Saturday, October 24, 2020 10:37 AM"),
        ("To:", "Anand, Shalini -TID"),
        ("Subject:", "Wescam sensors - images from Nagorno-Karabakh"),
    ] {
        g.text(&mut p, F::HelvB, 10.0, LEFT, y, label);
        g.text(&mut p, F::Sans, 10.0, LEFT + 60.0, y, value);
        y -= 14.0;
    }
    y -= 10.0;
    y = g.para(&mut p, F::Helv, 10.0, LEFT, y, &["Shalini,"]);
    y = g.para(
        &mut p,
        F::Helv,
        10.0,
        LEFT,
        y,
        &[
            "Images of a targeting sensor on a drone used in Nagorno-Karabakh are circulating online. A serial",
            "number is legible on one of them: 15D-19042. Kelsey Gallagher, a researcher with Project",
            "Ploughshares, has raised concerns about Turkey's use of Canadian sensors.",
        ],
    );
    y = g.line(
        &mut p,
        LEFT,
        y,
        LineSpec::new(
            F::Helv,
            10.0,
            vec![
                Seg::T("The unit was inspected on "),
                Seg::Leak("14 September 2020 at the Aksaz naval base"),
                Seg::T(" by the Turkish authorities."),
            ],
        )
        .codes(&["s.15(1)"]),
    );
    y = g.line(
        &mut p,
        LEFT,
        y,
        LineSpec::new(
            F::Helv,
            10.0,
            vec![Seg::T("Views of our partners: "), Seg::Gap(250.0)],
        )
        .codes(&["s.15(1)"])
        .inside(),
    );
    y = g.para(
        &mut p,
        F::Helv,
        10.0,
        LEFT,
        y - 4.0,
        &["Could we ask the company to confirm the delivery record [redacted] before Monday?"],
    );
    y = g.block(
        &mut p,
        F::Sans,
        9.0,
        LEFT,
        y - 4.0,
        11.0,
        &[
            "Katarina Vlasic",
            "Director, Export Controls Policy Division | Directrice, Direction de la politique",
            "Global Affairs Canada | Affaires mondiales Canada",
        ],
    );
    g.line(
        &mut p,
        LEFT,
        y,
        LineSpec::new(
            F::Sans,
            9.0,
            vec![Seg::T("Cell: "), Seg::Leak("613-555-0142")],
        )
        .codes(&["s.19(1)"]),
    );
    p.links.push(("EXP-2019-1142", "serial"));
    pages.push(p);

    // Page 3: a French e-mail about the Azerbaijani Air Force applications.
    let mut p = Page::new();
    g.frame(&mut p, 3);
    let mut y = g.outlook(
        &mut p,
        720.0,
        "Tremblay-Roy, Geneviève -TIC",
        &[
            ("De :", "Tremblay-Roy, Geneviève -TIC"),
            ("Envoyé :", "26 octobre 2020 09:05"),
            ("À :", "Anand, Shalini -TID"),
            ("Cc :", "Vlasic, Katarina -TIE"),
            ("Objet :", "TR: Wescam - demandes pour l'Azerbaïdjan"),
        ],
        true,
    );
    y = g.para(
        &mut p,
        F::Sans,
        10.0,
        LEFT,
        y,
        &[
            "Bonjour Shalini,",
            "Les demandes APP-2020-1187 et APP-2020-1188 visent des systèmes MX-15D dont l'utilisateur",
            "final déclaré est la force aérienne de l'Azerbaïdjan (Azerbaijani Air Force). Elles n'ont pas",
            "été approuvées. [REDACTED] Selon l'entreprise, [...] aucune livraison n'a eu lieu.",
        ],
    );
    y = g.line(
        &mut p,
        LEFT,
        y,
        LineSpec::new(
            F::Sans,
            10.0,
            vec![Seg::T("Recommandation : "), Seg::Gap(280.0)],
        )
        .codes(&["s.21(1)(a)"])
        .gray(0.5),
    );
    y = g.line(
        &mut p,
        LEFT,
        y,
        LineSpec::new(
            F::Sans,
            10.0,
            vec![Seg::Gap(120.0), Seg::T(" et "), Seg::Gap(120.0)],
        )
        .codes(&["s.13(1)(a)", "s.15(1)"]),
    );
    g.block(
        &mut p,
        F::Sans,
        9.0,
        LEFT,
        y - 6.0,
        11.0,
        &[
            "Geneviève Tremblay-Roy",
            "Director, Export Controls Operations Division | Directrice, Direction des opérations",
            "Global Affairs Canada | Affaires mondiales Canada",
        ],
    );
    p.links.push(("APP-2020-1187", "number"));
    p.links.push(("APP-2020-1188", "number"));
    pages.push(p);

    // Page 4: the suspension e-mail, citing permit numbers.
    let mut p = Page::new();
    g.frame(&mut p, 4);
    let mut y = g.outlook(
        &mut p,
        720.0,
        "Anand, Shalini -TID",
        &[
            ("From:", "Anand, Shalini -TID"),
            ("Sent:", "Monday, October 5, 2020 6:48 PM"),
            ("To:", "Vlasic, Katarina -TIE"),
            (
                "Cc:",
                "Tremblay-Roy, Geneviève -TIC; Lévesque, Jean-Marc -TIE",
            ),
            ("Subject:", "Suspension of export permits - Turkey"),
        ],
        false,
    );
    y = g.para(
        &mut p,
        F::Helv,
        10.0,
        LEFT,
        y,
        &[
            "Katarina,",
            "Minister Champagne has decided to suspend the relevant export permits to Turkey while we",
            "examine the allegations. Please notify L3Harris Wescam today that permits EXP-2020-0517 and",
            "EXP-2020-0518 are suspended effective immediately.",
        ],
    );
    y = g.line(
        &mut p,
        LEFT,
        y,
        LineSpec::new(
            F::Helv,
            10.0,
            vec![Seg::T("Other permits under review: "), Seg::Gap(200.0)],
        )
        .codes(&["s.20(1)(b)"]),
    );
    g.block(&mut p, F::Sans, 9.0, LEFT, y - 6.0, 11.0, &ANAND_SIG);
    p.links.push(("EXP-2020-0517", "number"));
    p.links.push(("EXP-2020-0518", "number"));
    pages.push(p);

    // Pages 5-6: the deputy minister's memorandum of 6 May 2020 (Type0 font).
    let mut p = Page::new();
    g.frame(&mut p, 5);
    g.text_kerned(
        &mut p,
        F::HelvB,
        12.0,
        LEFT,
        720.0,
        &[
            ("MEMO", 20.0),
            ("RANDUM FOR THE MINISTER OF FOREIGN AFFAIRS", 0.0),
        ],
    );
    g.text(
        &mut p,
        F::Cid,
        11.0,
        LEFT,
        702.0,
        "The Honourable François-Philippe Champagne",
    );
    let mut y = 676.0;
    for (label, value) in [
        ("FROM:", "Marta Morgan, Deputy Minister of Foreign Affairs"),
        ("DATE:", "May 6, 2020"),
        (
            "SUBJECT:",
            "Export permit applications - L3Harris Wescam - Turkey (Baykar)",
        ),
    ] {
        g.text(&mut p, F::HelvB, 10.0, LEFT, y, label);
        g.text(&mut p, F::Cid, 10.0, LEFT + 70.0, y, value);
        y -= 15.0;
    }
    y -= 10.0;
    g.text(&mut p, F::HelvB, 10.0, LEFT, y, "SUMMARY");
    y -= 16.0;
    y = g.para(
        &mut p,
        F::Cid,
        10.0,
        LEFT,
        y,
        &[
            "L3Harris Wescam has applied for permits to export seven MX-15D imaging and targeting",
            "systems to Baykar, a Turkish drone maker, with related software and technical documents.",
            "This memo recommends that you approve the export on the basis of exceptional circumstances.",
        ],
    );
    y = g.line(
        &mut p,
        LEFT,
        y,
        LineSpec::new(
            F::Cid,
            10.0,
            vec![Seg::T("Considerations: "), Seg::Gap(300.0)],
        )
        .codes(&["s.21(1)(a)"]),
    );
    y = g.line(
        &mut p,
        LEFT,
        y,
        LineSpec::new(F::Cid, 10.0, vec![Seg::Gap(380.0)]).codes(&["s.15(1)"]),
    );
    y = g.line(
        &mut p,
        LEFT,
        y,
        LineSpec::new(
            F::Cid,
            10.0,
            vec![
                Seg::T("Company information: "),
                Seg::Gap(150.0),
                Seg::T(" units, value "),
                Seg::Gap(80.0),
            ],
        )
        .codes(&["s.20(1)(b)"]),
    );
    let _ = y;
    // The memo is about both Baykar permits: the seven MX-15D and the software and documents.
    p.links.push(("EXP-2020-0517", "context"));
    p.links.push(("EXP-2020-0518", "context"));
    pages.push(p);

    let mut p = Page::new();
    g.frame(&mut p, 6);
    let mut y = 730.0;
    g.text(&mut p, F::HelvB, 10.0, LEFT, y, "BACKGROUND");
    y -= 16.0;
    y = g.para(
        &mut p,
        F::Cid,
        10.0,
        LEFT,
        y,
        &[
            "In October 2019 the Government halted the approval of new export permits for military",
            "goods to Turkey, citing its military incursion into northern Syria.",
        ],
    );
    y = g.line(
        &mut p,
        LEFT,
        y,
        LineSpec::new(
            F::Cid,
            10.0,
            vec![
                Seg::T("The Department's advice: "),
                Seg::Leak("approve, given the NATO cooperation"),
                Seg::T("."),
            ],
        )
        .codes(&["s.21(1)(a)"]),
    );
    y = g.line(
        &mut p,
        LEFT,
        y,
        LineSpec::new(F::Cid, 10.0, vec![Seg::T("Cabinet: "), Seg::Gap(330.0)]).codes(&["s.69(1)"]),
    );
    y -= 20.0;
    y = g.block(
        &mut p,
        F::Cid,
        10.0,
        LEFT,
        y,
        12.0,
        &["Marta Morgan", "Deputy Minister of Foreign Affairs"],
    );
    let _ = y;
    pages.push(p);

    // Page 7 (stamped 7): pages 7 to 9 withheld.
    let mut p = Page::new();
    g.frame(&mut p, 7);
    g.para(
        &mut p,
        F::Helv,
        12.0,
        LEFT,
        420.0,
        &[
            "Pages 7 to 9 are withheld pursuant to sections 69(1) and 21(1)(a)",
            "of the Access to Information Act",
        ],
    );
    g.para(
        &mut p,
        F::Sans,
        12.0,
        LEFT,
        370.0,
        &[
            "Les pages 7 à 9 sont retenues en vertu des articles 69(1) et 21(1)a)",
            "de la Loi sur l'accès à l'information",
        ],
    );
    p.reds.push(Red {
        kind: "withheld_pages",
        bbox: None,
        codes: vec!["69(1)".into(), "21(1)(a)".into()],
        leaked: None,
        withheld_pages: vec![7, 8, 9],
        withheld_reason: None,
    });
    pages.push(p);

    // Page 8 (stamped 10): Minister Garneau's cancellation of 12 April 2021.
    let mut p = Page::new();
    g.frame(&mut p, 10);
    let mut y = g.outlook(
        &mut p,
        720.0,
        "Vlasic, Katarina -TIE",
        &[
            ("From:", "Vlasic, Katarina -TIE"),
            ("Sent:", "Monday, April 12, 2021 2:30 PM"),
            ("To:", "Tremblay-Roy, Geneviève -TIC"),
            ("Cc:", "Anand, Shalini -TID"),
            (
                "Subject:",
                "Minister's statement - cancellation of permits to Turkey",
            ),
        ],
        false,
    );
    y = g.para(
        &mut p,
        F::Helv,
        10.0,
        LEFT,
        y,
        &[
            "Geneviève,",
            "Minister of Foreign Affairs Marc Garneau announced today that 29 export permits to Turkey",
            "have been cancelled, including EXP-2020-0517 and EXP-2020-0518. Ms. Anand will brief the",
            "committee staff. Minister Garneau also spoke with his Turkish counterpart.",
            "The statement says the use was not consistent with Canadian foreign policy, nor with the",
            "end-use assurances given by Turkey.",
        ],
    );
    y = g.line(
        &mut p,
        LEFT,
        y,
        LineSpec::new(
            F::Helv,
            10.0,
            vec![Seg::T("Lines for the Minister's office: "), Seg::Gap(220.0)],
        )
        .codes(&["s.21(1)(a)"]),
    );
    g.block(
        &mut p,
        F::Sans,
        9.0,
        LEFT,
        y - 6.0,
        11.0,
        &[
            "Katarina Vlasic",
            "Director, Export Controls Policy Division | Directrice, Direction de la politique",
            "Global Affairs Canada | Affaires mondiales Canada",
        ],
    );
    p.links.push(("EXP-2020-0517", "number"));
    p.links.push(("EXP-2020-0518", "number"));
    pages.push(p);

    // Page 9 (stamped 11): not relevant.
    let mut p = Page::new();
    g.frame(&mut p, 11);
    g.para(
        &mut p,
        F::Helv,
        12.0,
        LEFT,
        420.0,
        &["Page 11 is not relevant to the request"],
    );
    g.para(
        &mut p,
        F::Sans,
        12.0,
        LEFT,
        395.0,
        &["La page 11 n'est pas pertinente à la demande"],
    );
    p.reds.push(Red {
        kind: "withheld_pages",
        bbox: None,
        codes: vec![],
        leaked: None,
        withheld_pages: vec![11],
        withheld_reason: Some("not_relevant"),
    });
    pages.push(p);

    // Page 10 (stamped 12): duplicate.
    let mut p = Page::new();
    g.frame(&mut p, 12);
    g.para(
        &mut p,
        F::Helv,
        12.0,
        LEFT,
        420.0,
        &["Page 12 is a duplicate of page 4"],
    );
    g.para(
        &mut p,
        F::Sans,
        12.0,
        LEFT,
        395.0,
        &["La page 12 est une copie de la page 4"],
    );
    p.reds.push(Red {
        kind: "withheld_pages",
        bbox: None,
        codes: vec![],
        leaked: None,
        withheld_pages: vec![12],
        withheld_reason: Some("duplicate"),
    });
    pages.push(p);

    // Page 11 (stamped 13): a scanned page, image only. Its stamp is in the picture: OCR reads it.
    let mut p = Page::new();
    p.scanned = true;
    p.label = Some(format!("{REQUEST} - {:06}", 13));
    p.image = scan;
    writeln!(p.ops, "q {W} 0 0 {H} 0 0 cm /Scan Do Q").unwrap();
    for b in scan_boxes {
        p.reds.push(Red {
            kind: "image",
            bbox: Some(*b),
            codes: vec![],
            leaked: None,
            withheld_pages: Vec::new(),
            withheld_reason: None,
        });
    }
    pages.push(p);

    // Page 12 (stamped 14): the company's reply, with an unapplied /Redact annotation.
    let mut p = Page::new();
    g.frame(&mut p, 14);
    let mut y = g.outlook(
        &mut p,
        720.0,
        "Daniel Okafor",
        &[
            ("From:", "Daniel Okafor <daniel.okafor@l3harris.example>"),
            ("Sent:", "Monday, November 2, 2020 11:15 AM"),
            ("To:", "Vlasic, Katarina -TIE"),
            ("Subject:", "Serial numbers - MX-15D deliveries to Baykar"),
        ],
        false,
    );
    y = g.para(
        &mut p,
        F::Helv,
        10.0,
        LEFT,
        y,
        &[
            "Ms. Vlasic,",
            "As requested, unit 15D-20117 was shipped to the consignee in June 2020. Shipping records",
        ],
    );
    let hidden = g.text(
        &mut p,
        F::Helv,
        10.0,
        LEFT,
        y,
        "are held by our logistics office in Burlington.",
    );
    y -= 14.5 + 6.0;
    y = g.para(
        &mut p,
        F::Helv,
        10.0,
        LEFT,
        y,
        &[
            "Daniel Okafor",
            "Manager, Trade Compliance",
            "L3Harris Wescam",
        ],
    );
    let _ = y;
    let rect = [
        hidden.bbox[0] - 1.0,
        hidden.bbox[1] - 1.0,
        hidden.bbox[2] + 1.0,
        hidden.bbox[3] + 1.0,
    ]
    .map(r2);
    p.annots.push(dictionary! {
        "Type" => "Annot", "Subtype" => "Redact",
        "Rect" => rect.iter().map(|v| Object::Real(*v as f32)).collect::<Vec<_>>(),
        "QuadPoints" => [rect[0], rect[3], rect[2], rect[3], rect[0], rect[1], rect[2], rect[1]]
            .iter().map(|v| Object::Real(*v as f32)).collect::<Vec<_>>(),
        "OverlayText" => Object::string_literal("s.20(1)(b)"),
        "IC" => vec![Object::Integer(0), Object::Integer(0), Object::Integer(0)],
        "T" => Object::string_literal("ATIP analyst"),
    });
    p.reds.push(Red {
        kind: "annotation",
        bbox: Some(rect),
        codes: vec!["20(1)(b)".into()],
        leaked: Some(hidden.text.clone()),
        withheld_pages: Vec::new(),
        withheld_reason: None,
    });
    p.links.push(("EXP-2020-0517", "serial"));
    pages.push(p);

    pages
}

/// The content of the scanned page, drawn as a normal page (then rasterised): an e-mail with
/// three solid black boxes. Returns the page and the boxes.
pub(crate) fn scan_source(g: &Gen<'_>) -> (Page, Vec<[f64; 4]>) {
    let mut p = Page::new();
    let mut y = 720.0;
    for l in [
        "From: Lévesque, Jean-Marc -TIE",
        "Sent: Tuesday, October 27, 2020 8:02 AM",
        "To: Anand, Shalini -TID",
        "Subject: Handwritten notes - call with the company",
    ] {
        g.text(&mut p, F::Helv, 11.0, LEFT, y, l);
        y -= 16.0;
    }
    y -= 14.0;
    for l in [
        "Notes from the call, scanned for the file.",
        "The company confirmed the list of deliveries.",
        "Details of the end-use assurance:",
    ] {
        g.text(&mut p, F::Helv, 11.0, LEFT, y, l);
        y -= 16.0;
    }
    let boxes = vec![
        [LEFT, y - 40.0, LEFT + 320.0, y + 10.0],
        [LEFT, y - 90.0, LEFT + 220.0, y - 60.0],
        [LEFT + 240.0, y - 90.0, LEFT + 420.0, y - 60.0],
    ];
    for b in &boxes {
        g.rect(&mut p, *b, 0.0);
    }
    let y2 = y - 130.0;
    g.text(&mut p, F::Helv, 11.0, LEFT, y2, "Jean-Marc");
    let lab = format!("{REQUEST} - {:06}", 13);
    g.text(&mut p, F::Helv, 9.0, 480.0, 30.0, &lab);
    (p, boxes)
}

// ---------------------------------------------------------------------------------------------
// Writing PDFs

struct FontObjects {
    ids: BTreeMap<&'static str, ObjectId>,
}

fn tounicode_cmap(entries: &[(u32, char)], two_byte: bool) -> Vec<u8> {
    let mut s = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n",
    );
    s.push_str(if two_byte {
        "<0000> <FFFF>\n"
    } else {
        "<00> <FF>\n"
    });
    s.push_str("endcodespacerange\n");
    for chunk in entries.chunks(100) {
        writeln!(s, "{} beginbfchar", chunk.len()).unwrap();
        for (code, c) in chunk {
            let mut buf = [0u16; 2];
            let units: String = c
                .encode_utf16(&mut buf)
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            if two_byte {
                writeln!(s, "<{code:04X}> <{units}>").unwrap();
            } else {
                writeln!(s, "<{code:02X}> <{units}>").unwrap();
            }
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s.into_bytes()
}

fn compressed(dict: lopdf::Dictionary, data: Vec<u8>) -> Stream {
    let mut s = Stream::new(dict, data);
    s.compress().unwrap();
    s
}

fn add_fonts(doc: &mut Document, fonts: &Fonts, ttf: &[u8], with_embedded: bool) -> FontObjects {
    let mut ids = BTreeMap::new();
    ids.insert(
        "F1",
        doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding" }),
    );
    ids.insert(
        "F2",
        doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica-Bold", "Encoding" => "WinAnsiEncoding" }),
    );
    if !with_embedded {
        return FontObjects { ids };
    }
    let tt = &fonts.tt;
    let file = doc.add_object(compressed(
        dictionary! { "Length1" => ttf.len() as i64 },
        ttf.to_vec(),
    ));
    let descriptor = |doc: &mut Document, name: &str, flags: i64| {
        doc.add_object(dictionary! {
            "Type" => "FontDescriptor", "FontName" => name.to_string(), "Flags" => flags,
            "FontBBox" => vec![(-1021).into(), (-463).into(), 1793.into(), 1232.into()],
            "ItalicAngle" => 0, "Ascent" => tt.ascent, "Descent" => tt.descent, "CapHeight" => 729,
            "StemV" => 80, "FontFile2" => file,
        })
    };
    // Simple TrueType, WinAnsi, widths for 32..255, ToUnicode for every code.
    let d3 = descriptor(doc, "AAAAAA+DejaVuSans", 32);
    let mut widths = Vec::new();
    let mut tu = Vec::new();
    for code in 32u32..=255 {
        let c = glyph_to_char(tables::WIN_ANSI_ENCODING[code as usize]);
        let w = c.and_then(|c| tt.advances.get(&c)).map_or(0.0, |a| a.1);
        widths.push(Object::Real(w as f32));
        if let Some(c) = c {
            tu.push((code, c));
        }
    }
    let tu3 = doc.add_object(compressed(dictionary! {}, tounicode_cmap(&tu, false)));
    ids.insert(
        "F3",
        doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "AAAAAA+DejaVuSans",
            "Encoding" => "WinAnsiEncoding", "FirstChar" => 32, "LastChar" => 255, "Widths" => widths,
            "FontDescriptor" => d3, "ToUnicode" => tu3,
        }),
    );
    // Type0, Identity-H, glyph ids as codes.
    let d4 = descriptor(doc, "BBBBBB+DejaVuSans", 32);
    let used = fonts.used_gids.borrow();
    let mut w_arr = Vec::new();
    let mut tu = Vec::new();
    for (gid, c) in used.iter() {
        let adv = tt.advances[c].1;
        w_arr.push(Object::Integer(i64::from(*gid)));
        w_arr.push(Object::Array(vec![Object::Real(adv as f32)]));
        tu.push((u32::from(*gid), *c));
    }
    let tu4 = doc.add_object(compressed(dictionary! {}, tounicode_cmap(&tu, true)));
    let cid = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "BBBBBB+DejaVuSans",
        "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Identity"), "Supplement" => 0 },
        "FontDescriptor" => d4, "DW" => 1000, "W" => w_arr, "CIDToGIDMap" => "Identity",
    });
    ids.insert(
        "F4",
        doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "BBBBBB+DejaVuSans",
            "Encoding" => "Identity-H", "DescendantFonts" => vec![cid.into()], "ToUnicode" => tu4,
        }),
    );
    let _ = tt.upem;
    FontObjects { ids }
}

fn write_pdf(pages: &[Page], fonts: &Fonts, ttf: &[u8], embedded: bool) -> Vec<u8> {
    let mut doc = Document::with_version("1.6");
    let pages_id = doc.new_object_id();
    let fo = add_fonts(&mut doc, fonts, ttf, embedded);
    let mut font_dict = lopdf::Dictionary::new();
    for (k, v) in &fo.ids {
        font_dict.set(*k, *v);
    }
    let mut kids = Vec::new();
    for p in pages {
        let mut xobjects = lopdf::Dictionary::new();
        if let Some(form) = &p.form {
            let id = doc.add_object(compressed(
                dictionary! { "Type" => "XObject", "Subtype" => "Form",
                "BBox" => vec![0.into(), (-20).into(), 300.into(), 20.into()],
                "Resources" => dictionary! { "Font" => font_dict.clone() } },
                form.clone().into_bytes(),
            ));
            xobjects.set("Hdr", id);
        }
        if let Some((w, h, px)) = &p.image {
            let id = doc.add_object(compressed(
                dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => *w as i64,
                "Height" => *h as i64, "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
                px.clone(),
            ));
            xobjects.set("Scan", id);
        }
        let content = doc.add_object(compressed(dictionary! {}, p.ops.clone().into_bytes()));
        let mut resources = dictionary! { "Font" => font_dict.clone() };
        if !xobjects.is_empty() {
            resources.set("XObject", xobjects);
        }
        let mut page = dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content, "Resources" => resources,
        };
        if !p.annots.is_empty() {
            let ids: Vec<Object> = p
                .annots
                .iter()
                .map(|a| doc.add_object(a.clone()).into())
                .collect();
            page.set("Annots", ids);
        }
        kids.push(Object::Reference(doc.add_object(page)));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count,
            "MediaBox" => vec![0.into(), 0.into(), (W as i64).into(), (H as i64).into()] },
        ),
    );
    let info = doc.add_object(dictionary! {
        "Title" => Object::String(b"A-2020-00417 - release package (sample)".to_vec(), StringFormat::Literal),
        "Producer" => Object::string_literal("Dossier samples generator"),
    });
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    doc.trailer.set("Info", info);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// Renders page 1 of `pdf` to 8-bit grey at `dpi`.
fn rasterise(pdf: Vec<u8>, dpi: f32) -> (u32, u32, Vec<u8>) {
    let pdf = hayro::hayro_syntax::Pdf::new(pdf).expect("scan source parses");
    let (w, h, luma) = render_luma(&pdf, 0, dpi / 72.0);
    let gray = luma
        .into_iter()
        .map(|v| {
            // A scanner's threshold: crisp black and white with a little grey.
            let v = if v < 96.0 {
                0.0
            } else if v > 200.0 {
                255.0
            } else {
                v
            };
            v.round() as u8
        })
        .collect();
    (w, h, gray)
}

/// Page `index` of `pdf` drawn by hayro at `scale` pixels per point: width, height and the
/// luminance of every pixel (0..=255, not rounded).
pub(crate) fn render_luma(
    pdf: &hayro::hayro_syntax::Pdf,
    index: usize,
    scale: f32,
) -> (u32, u32, Vec<f32>) {
    let cache = hayro::RenderCache::new();
    let settings = hayro::hayro_interpret::InterpreterSettings::default();
    let ps = hayro::PixmapSettings {
        x_scale: scale,
        y_scale: scale,
        bg_color: hayro::vello_cpu::color::palette::css::WHITE,
    };
    let pix = hayro::render(
        &pdf.pages()[index],
        &cache,
        &settings,
        &hayro::RenderSettings::default(),
        &ps,
    );
    let (w, h) = (u32::from(pix.width()), u32::from(pix.height()));
    let luma = pix
        .data_as_u8_slice()
        .chunks(4)
        .map(|p| 0.299 * f32::from(p[0]) + 0.587 * f32::from(p[1]) + 0.114 * f32::from(p[2]))
        .collect();
    (w, h, luma)
}

// ---------------------------------------------------------------------------------------------
// Truth

struct Person {
    name: &'static str,
    title: Option<&'static str>,
    org: Option<&'static str>,
    official: bool,
    aliases: &'static [&'static str],
}

const PEOPLE: &[Person] = &[
    Person {
        name: "Shalini Anand",
        title: Some("Acting Director General, Trade and Export Controls Bureau"),
        org: Some("Global Affairs Canada"),
        official: true,
        aliases: &[
            "Shalini Anand",
            "Anand, Shalini -TID",
            "Ms. Anand",
            "Shalini",
            "shalini.anand@international.gc.ca",
        ],
    },
    Person {
        name: "Katarina Vlasic",
        title: Some("Director, Export Controls Policy Division"),
        org: Some("Global Affairs Canada"),
        official: true,
        aliases: &[
            "Katarina Vlasic",
            "Vlasic, Katarina -TIE",
            "Ms. Vlasic",
            "Katarina",
        ],
    },
    Person {
        name: "Geneviève Tremblay-Roy",
        title: Some("Director, Export Controls Operations Division"),
        org: Some("Global Affairs Canada"),
        official: true,
        aliases: &[
            "Geneviève Tremblay-Roy",
            "Tremblay-Roy, Geneviève -TIC",
            "Geneviève",
        ],
    },
    Person {
        name: "Jean-Marc Lévesque",
        title: None,
        org: Some("Global Affairs Canada"),
        official: true,
        aliases: &["Lévesque, Jean-Marc -TIE"],
    },
    Person {
        name: "Marta Morgan",
        title: Some("Deputy Minister of Foreign Affairs"),
        org: Some("Global Affairs Canada"),
        official: true,
        aliases: &["Marta Morgan"],
    },
    Person {
        name: "François-Philippe Champagne",
        title: Some("Minister of Foreign Affairs"),
        org: Some("Global Affairs Canada"),
        official: true,
        aliases: &["François-Philippe Champagne", "Minister Champagne"],
    },
    Person {
        name: "Marc Garneau",
        title: Some("Minister of Foreign Affairs"),
        org: Some("Global Affairs Canada"),
        official: true,
        aliases: &["Marc Garneau", "Minister Garneau"],
    },
    Person {
        name: "Kelsey Gallagher",
        title: Some("Researcher"),
        org: Some("Project Ploughshares"),
        official: false,
        aliases: &["Kelsey Gallagher"],
    },
    Person {
        name: "Daniel Okafor",
        title: Some("Manager, Trade Compliance"),
        org: Some("L3Harris Wescam"),
        official: false,
        aliases: &["Daniel Okafor", "daniel.okafor@l3harris.example"],
    },
];

fn leaked_under(runs: &[Run], b: &[f64; 4]) -> Option<String> {
    let mut out = String::new();
    for r in runs {
        let cy = (r.bbox[1] + r.bbox[3]) / 2.0;
        if cy < b[1] || cy > b[3] {
            continue;
        }
        for (c, (x0, x1)) in r.text.chars().zip(&r.xs) {
            let cx = (x0 + x1) / 2.0;
            if cx >= b[0] && cx <= b[2] {
                out.push(c);
            }
        }
    }
    let t = out.trim().to_string();
    (!t.is_empty()).then_some(t)
}

/// The truth of the sample. `scan_text` is what the scanned page's picture says (its text
/// before rasterising): OCR reads it, so its people and its e-mail are in the truth.
fn truth(pages: &[Page], scan_text: &str) -> Value {
    let mut tpages = Vec::new();
    let mut reds = Vec::new();
    let mut links = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        let n = i as u32 + 1;
        let runs: Vec<Value> = p
            .runs
            .iter()
            .filter(|_| !p.scanned)
            .map(|r| json!({"text": r.text, "bbox": r.bbox.map(r2), "font": r.font}))
            .collect();
        tpages.push(
            json!({"number": n, "label": p.label, "media_box": [0, 0, 612, 792],
            "scanned": p.scanned, "runs": runs}),
        );
        for rd in &p.reds {
            // Leaked text is recomputed from the runs, to check the generator's own claim.
            let computed = match (rd.kind, rd.bbox) {
                ("box" | "annotation", Some(b)) => leaked_under(&p.runs, &b),
                _ => None,
            };
            let computed = computed.filter(|t| {
                // A code label drawn on top of its box is not hidden text.
                !t.starts_with("s.")
            });
            assert_eq!(
                computed, rd.leaked,
                "page {n}: leaked text of {:?}",
                rd.bbox
            );
            reds.push(
                json!({"page": n, "kind": rd.kind, "bbox": rd.bbox, "codes": rd.codes,
                "leaked_text": rd.leaked, "withheld_pages": rd.withheld_pages,
                "withheld_reason": rd.withheld_reason}),
            );
        }
        // Markers in the text layer.
        for r in &p.runs {
            for m in ["[redacted]", "[REDACTED]", "[...]"] {
                if let Some(at) = r.text.find(m) {
                    let start = r.text[..at].chars().count();
                    let len = m.chars().count();
                    let x0 = r.xs[start].0;
                    let x1 = r.xs[start + len - 1].1;
                    reds.push(json!({"page": n, "kind": "marker",
                        "bbox": [r2(x0), r2(r.bbox[1]), r2(x1), r2(r.bbox[3])], "codes": [],
                        "leaked_text": null, "withheld_pages": [], "withheld_reason": null}));
                }
            }
        }
        for (permit, via) in &p.links {
            links.push(json!({"permit": permit, "page": n, "via": via}));
        }
    }
    let page_text: Vec<String> = pages
        .iter()
        .map(|p| {
            if p.scanned {
                return scan_text.to_string();
            }
            p.runs
                .iter()
                .map(|r| r.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let mut officials = Vec::new();
    for person in PEOPLE {
        let mut on_pages = Vec::new();
        let mut aliases = Vec::new();
        for (i, text) in page_text.iter().enumerate() {
            let hit: Vec<&str> = person
                .aliases
                .iter()
                .copied()
                .filter(|a| text.contains(a))
                .collect();
            if !hit.is_empty() {
                on_pages.push(i as u32 + 1);
            }
            for a in hit {
                if a != person.name && !aliases.contains(&a) {
                    aliases.push(a);
                }
            }
        }
        officials.push(
            json!({"name": person.name, "title": person.title, "organization": person.org,
            "is_official": person.official, "pages": on_pages, "aliases": aliases}),
        );
    }
    let documents = json!([
        {"kind": "email", "first_page": 1, "last_page": 2, "from": "Shalini Anand",
         "to": ["Katarina Vlasic", "Geneviève Tremblay-Roy"], "cc": ["Jean-Marc Lévesque"],
         "date": "2020-10-25", "time": "16:12", "subject": "RE: Wescam sensors - images from Nagorno-Karabakh",
         "quoted_in": null},
        {"kind": "email", "first_page": 2, "last_page": 2, "from": "Katarina Vlasic",
         "to": ["Shalini Anand"], "cc": [], "date": "2020-10-24", "time": "10:37",
         "subject": "Wescam sensors - images from Nagorno-Karabakh", "quoted_in": 0},
        {"kind": "email", "first_page": 3, "last_page": 3, "from": "Geneviève Tremblay-Roy",
         "to": ["Shalini Anand"], "cc": ["Katarina Vlasic"], "date": "2020-10-26", "time": "09:05",
         "subject": "TR: Wescam - demandes pour l'Azerbaïdjan", "quoted_in": null},
        {"kind": "email", "first_page": 4, "last_page": 4, "from": "Shalini Anand",
         "to": ["Katarina Vlasic"], "cc": ["Geneviève Tremblay-Roy", "Jean-Marc Lévesque"],
         "date": "2020-10-05", "time": "18:48", "subject": "Suspension of export permits - Turkey",
         "quoted_in": null},
        {"kind": "memo", "first_page": 5, "last_page": 6, "from": "Marta Morgan",
         "to": ["François-Philippe Champagne"], "cc": [], "date": "2020-05-06", "time": null,
         "subject": "Export permit applications - L3Harris Wescam - Turkey (Baykar)", "quoted_in": null},
        {"kind": "email", "first_page": 8, "last_page": 8, "from": "Katarina Vlasic",
         "to": ["Geneviève Tremblay-Roy"], "cc": ["Shalini Anand"], "date": "2021-04-12", "time": "14:30",
         "subject": "Minister's statement - cancellation of permits to Turkey", "quoted_in": null},
        {"kind": "email", "first_page": 11, "last_page": 11, "from": "Jean-Marc Lévesque",
         "to": ["Shalini Anand"], "cc": [], "date": "2020-10-27", "time": "08:02",
         "subject": "Handwritten notes - call with the company", "quoted_in": null},
        {"kind": "email", "first_page": 12, "last_page": 12, "from": "Daniel Okafor",
         "to": ["Katarina Vlasic"], "cc": [], "date": "2020-11-02", "time": "11:15",
         "subject": "Serial numbers - MX-15D deliveries to Baykar", "quoted_in": null}
    ]);
    json!({"file": "production.pdf", "request": REQUEST, "pages": tpages, "redactions": reds,
        "documents": documents, "officials": officials, "permit_links": links})
}

const PERMITS_CSV: &str = "\
permit_number,exporter,consignee,end_user,destination,goods,quantity,serial_numbers,issued,expires,status,status_date,notes
EXP-2020-0517,L3Harris Wescam,Baykar,Baykar,Turkey,MX-15D imaging and targeting system,7,15D-20111;15D-20112;15D-20113;15D-20114;15D-20115;15D-20116;15D-20117,2020-05-13,2021-06-30,cancelled,2021-04-12,suspended 2020-10-05
EXP-2020-0518,L3Harris Wescam,Baykar,Baykar,Turkey,MX-15D software and technical documents; training materials,1,,2020-05-13,2021-06-30,cancelled,2021-04-12,suspended 2020-10-05
EXP-2019-1142,L3Harris Wescam,Turkish Naval Forces Command,Turkish Naval Forces,Turkey,MX-15D imaging and targeting system,1,15D-19042,2019-07-18,2021-07-17,cancelled,2021-04-12,delivered September 2020; suspended 2020-10-05
APP-2020-1187,L3Harris Wescam,Baykar,Azerbaijani Air Force,Turkey,MX-15D imaging and targeting system,2,,,,not approved,2020-10-05,application
APP-2020-1188,L3Harris Wescam,Baykar,Azerbaijani Air Force,Turkey,CMX-15D imaging and targeting system,2,,,,not approved,2020-10-05,application
EXP-2020-0233,Northstar Avionics Inc.,Royal Air Force,Royal Air Force,United Kingdom,flight simulator spare parts,40,NSA-7781;NSA-7782,2020-02-20,2022-02-19,issued,2020-02-20,
EXP-2020-0391,Laurentian Optics Ltd.,Australian Defence Force,Australian Defence Force,Australia,thermal imaging cameras,12,LO-TI-5501;LO-TI-5502;LO-TI-5503,2020-03-11,2022-03-10,issued,2020-03-11,
EXP-2019-0877,Maritime Sonar Systems Ltd.,Royal Norwegian Navy,Royal Norwegian Navy,Norway,towed sonar arrays,3,MSS-3301;MSS-3302;MSS-3303,2019-09-02,2021-09-01,expired,2021-09-01,
EXP-2020-0612,Prairie Ballistics Corp.,US Army Contracting Command,US Army,United States,armour plate sets,500,,2020-06-30,2022-06-29,issued,2020-06-30,
EXP-2021-0044,Northstar Avionics Inc.,Bundeswehr,Bundeswehr,Germany,avionics test equipment,6,NSA-9001;NSA-9002,2021-01-15,2023-01-14,issued,2021-01-15,
EXP-2020-0715,Laurentian Optics Ltd.,Saudi Arabian National Guard,Saudi Arabian National Guard,Saudi Arabia,gun sights,150,,2020-07-22,2022-07-21,suspended,2020-09-17,
";

/// Generates every sample file: (file name, bytes).
pub fn generate(root: &Path) -> Vec<(String, Vec<u8>)> {
    generate_with(root, None)
}

/// The scanned page's raster, made fresh (hayro at 100 dpi).
pub fn scan_raster(root: &Path) -> (u32, u32, Vec<u8>) {
    let (ttf, tt) = load_dejavu(root);
    let fonts = Fonts {
        tt,
        used_gids: std::cell::RefCell::new(BTreeMap::new()),
    };
    let g = Gen { fonts: &fonts };
    let (src, _) = scan_source(&g);
    rasterise(write_pdf(&[src], &fonts, &ttf, false), 100.0)
}

/// Generates the samples; `scan` replaces the fresh rasterisation of the scanned page (the
/// reproducibility test passes the committed one: anti-aliasing may differ by a grey level
/// between CPUs, everything else must be identical).
pub fn generate_with(root: &Path, scan: Option<(u32, u32, Vec<u8>)>) -> Vec<(String, Vec<u8>)> {
    let (ttf, tt) = load_dejavu(root);
    let fonts = Fonts {
        tt,
        used_gids: std::cell::RefCell::new(BTreeMap::new()),
    };
    let g = Gen { fonts: &fonts };
    // The scanned page: draw it, rasterise it at 100 dpi, keep only the image.
    let (src, boxes) = scan_source(&g);
    let scan_text = src
        .runs
        .iter()
        .map(|r| r.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let scan = scan.unwrap_or_else(|| rasterise(write_pdf(&[src], &fonts, &ttf, false), 100.0));
    let pages = build_pages(&g, Some(scan), &boxes);
    let truth = truth(&pages, &scan_text);
    let pdf = write_pdf(&pages, &fonts, &ttf, true);
    let mut truth_text = serde_json::to_string_pretty(&truth).unwrap();
    truth_text.push('\n');
    vec![
        ("production.pdf".to_string(), pdf),
        ("production.truth.json".to_string(), truth_text.into_bytes()),
        ("permits.csv".to_string(), PERMITS_CSV.as_bytes().to_vec()),
    ]
}

#[allow(dead_code)]
fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for (name, bytes) in generate(&root) {
        let path = root.join("samples").join(&name);
        std::fs::write(&path, &bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        println!("wrote {} ({} bytes)", path.display(), bytes.len());
    }
}
