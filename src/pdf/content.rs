//! The content-stream interpreter: operators in, positioned runs, paths and images out.
//!
//! Follows the graphics state (`q`/`Q`, `cm`, colours, clipping, `gs`), the text state (`BT`...`ET`,
//! `Tf`, `Tm`, `Td`, `TD`, `T*`, `TL`, `Tc`, `Tw`, `Tz`, `Ts`, `Tr`, `Tj`, `TJ`, `'`, `"`), paths
//! (`m l c v y h re` painted by `f F f* S s B B* b b* n`, clipped by `W W*`) and XObjects (forms
//! recursively with their matrix, resources and bounding box; images and inline images as
//! placements). Everything is bounded: operators per page, wall time per page, XObject depth,
//! characters per page, points per path. Unknown operators are ignored. The path being built and
//! the shapes read from it when painted (rectangles, stepped outlines, rounded boxes) are in
//! `pdf/paths.rs`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

use super::fonts::Font;
use super::images;
use super::model::{
    CharBox, Color, FillRule, GrayBitmap, ImagePlacement, MarkedKind, MarkedText, PathShape,
    TextRun, UndecodedGlyphs,
};
use super::paths::{PathBuilder, axis_rect, rectilinear_rects, rounded_rect, visible_part};
use super::{Limits, obj};
use crate::geometry::{Matrix, Point, Rect};

/// Fonts parsed once per document, shared by the page workers.
#[derive(Default)]
pub struct FontCache {
    map: Mutex<HashMap<usize, Arc<Font>>>,
}

/// Deepest `q` nesting kept.
const MAX_GSTATE_DEPTH: usize = 256;
/// Most operands (array elements included) one operation may have. A `TJ` line holds a few
/// hundred; nothing real comes near.
const MAX_OPERANDS: usize = 100_000;

/// Where to cut content-stream `data` so that no operation has more than `max` operand tokens
/// (array and dictionary elements count), or `None` when none has. A lexer of the content syntax
/// (ISO 32000-2, 7.2 and 8.9.7): white space, comments, literal strings with nesting and escapes,
/// hex strings, names, numbers and keywords; inline image data is skipped from `ID` to `EI`. It
/// only counts: parsing stays lopdf's.
fn operand_run_cut(data: &[u8], max: usize) -> Option<usize> {
    let is_space = |b: u8| matches!(b, 0 | b'\t' | b'\n' | 0x0C | b'\r' | b' ');
    let is_delim = |b: u8| {
        matches!(
            b,
            b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
        )
    };
    let mut i = 0;
    let mut count = 0usize;
    let mut op_start = 0;
    while i < data.len() {
        let b = data[i];
        if is_space(b) {
            i += 1;
            continue;
        }
        match b {
            b'%' => {
                while i < data.len() && !matches!(data[i], b'\n' | b'\r') {
                    i += 1;
                }
                continue;
            }
            b'(' => {
                let mut depth = 0usize;
                while i < data.len() {
                    match data[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
                count += 1;
            }
            b'<' if data.get(i + 1) == Some(&b'<') => i += 2,
            b'>' if data.get(i + 1) == Some(&b'>') => i += 2,
            b'<' => {
                while i < data.len() && data[i] != b'>' {
                    i += 1;
                }
                i += 1;
                count += 1;
            }
            b'[' | b']' | b'{' | b'}' | b'>' | b')' => i += 1,
            b'/' => {
                i += 1;
                while i < data.len() && !is_space(data[i]) && !is_delim(data[i]) {
                    i += 1;
                }
                count += 1;
            }
            _ => {
                let start = i;
                while i < data.len() && !is_space(data[i]) && !is_delim(data[i]) {
                    i += 1;
                }
                let token = &data[start..i];
                let numeric = token
                    .iter()
                    .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'-' | b'+'));
                if numeric || matches!(token, b"true" | b"false" | b"null") {
                    count += 1;
                } else {
                    // An operator ends the operation; `ID` starts inline image data, up to `EI`.
                    if token == b"ID" {
                        let rest = data.get(i..).unwrap_or_default();
                        let end = rest
                            .windows(3)
                            .position(|w| is_space(w[0]) && w[1] == b'E' && w[2] == b'I')
                            .map_or(rest.len(), |p| p + 3);
                        i += end;
                    }
                    count = 0;
                    op_start = i;
                    continue;
                }
            }
        }
        if count > max {
            return Some(op_start);
        }
    }
    None
}

#[derive(Debug, Clone)]
enum ColorSpace {
    Gray,
    Rgb,
    Cmyk,
    /// Lab and other 3-component spaces read as RGB-ish.
    Lab,
    Indexed {
        base: Box<ColorSpace>,
        hival: usize,
        lookup: Vec<u8>,
    },
    /// Separation / DeviceN: the tint is darkness.
    Tint(usize),
    Pattern,
}

impl ColorSpace {
    fn components(&self) -> usize {
        match self {
            ColorSpace::Gray | ColorSpace::Indexed { .. } | ColorSpace::Pattern => 1,
            ColorSpace::Rgb | ColorSpace::Lab => 3,
            ColorSpace::Cmyk => 4,
            ColorSpace::Tint(n) => *n,
        }
    }

    fn initial(&self) -> Color {
        match self {
            ColorSpace::Cmyk | ColorSpace::Gray | ColorSpace::Rgb | ColorSpace::Lab => Color::BLACK,
            ColorSpace::Indexed { .. } => self.color(&[0.0]),
            ColorSpace::Tint(_) => Color::BLACK,
            ColorSpace::Pattern => Color::gray(0.5),
        }
    }

    fn color(&self, v: &[f64]) -> Color {
        let c = |i: usize| v.get(i).copied().unwrap_or(0.0) as f32;
        match self {
            ColorSpace::Gray => Color::gray(c(0)),
            ColorSpace::Rgb => Color::rgb(c(0), c(1), c(2)),
            ColorSpace::Lab => Color::gray((c(0) / 100.0).clamp(0.0, 1.0)),
            ColorSpace::Cmyk => Color::cmyk(c(0), c(1), c(2), c(3)),
            ColorSpace::Tint(n) => {
                let avg = (0..(*n).max(1)).map(c).sum::<f32>() / (*n).max(1) as f32;
                Color::gray(1.0 - avg.clamp(0.0, 1.0))
            }
            ColorSpace::Pattern => Color::gray(0.5),
            ColorSpace::Indexed {
                base,
                hival,
                lookup,
            } => {
                let idx = (c(0).max(0.0) as usize).min(*hival);
                let n = base.components();
                let comps: Vec<f64> = (0..n)
                    .map(|k| f64::from(lookup.get(idx * n + k).copied().unwrap_or(0)) / 255.0)
                    .collect();
                base.color(&comps)
            }
        }
    }
}

#[derive(Debug, Clone)]
struct TextState {
    font: Option<Arc<Font>>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    scale: f64,
    leading: f64,
    rise: f64,
    render_mode: u8,
}

#[derive(Debug, Clone)]
struct GState {
    ctm: Matrix,
    fill: Color,
    stroke: Color,
    fill_cs: ColorSpace,
    stroke_cs: ColorSpace,
    line_width: f64,
    fill_alpha: f32,
    clip: Option<Rect>,
    text: TextState,
}

/// Deepest marked-content nesting followed.
const MAX_MARK_DEPTH: usize = 256;
/// Most marked-content sequences with `/ActualText`, `/Alt` or a wanted `/MCID` kept per page.
const MAX_MARKS: usize = 10_000;

/// A marked-content sequence being painted: what it says, and where the page's output stood
/// when it began.
#[derive(Debug, Clone)]
struct OpenMark {
    texts: Vec<(MarkedKind, String)>,
    mcid: Option<i64>,
    runs: usize,
    undecoded: usize,
    paths: usize,
    images: usize,
}

/// What a page's content produced.
#[derive(Default)]
pub struct Painted {
    /// Marked content with `/ActualText` or `/Alt` in its properties.
    pub marked: Vec<MarkedText>,
    /// Where the content of each wanted `/MCID` was painted (see [`Interp::with_mcids`]).
    pub mcid_boxes: Vec<(i64, Rect)>,
    /// Text runs in painting order.
    pub runs: Vec<TextRun>,
    /// Glyphs without Unicode, in painting order.
    pub undecoded: Vec<UndecodedGlyphs>,
    /// Paths in painting order.
    pub paths: Vec<PathShape>,
    /// Images in painting order.
    pub images: Vec<ImagePlacement>,
    /// Problems met.
    pub warnings: Vec<String>,
    /// A form stream past the decompression limit (see [`crate::pdf::PageModel::stream_hazard`]).
    pub stream_hazard: Option<String>,
    /// Characters shown along each quarter turn (index 0: reading left to right, 1: up the page,
    /// 2: upside down, 3: down the page), for [`Painted::dominant_turn`].
    pub turn_chars: [usize; 4],
}

impl Painted {
    /// The quarter turn (90, 180 or 270 degrees anticlockwise) along which most of the page's
    /// text reads, when more than half of it does: a landscape memo laid on a portrait page, or a
    /// page drawn turned and shown upright by `/Rotate`. `None` when most text reads left to
    /// right, or there is no text.
    pub fn dominant_turn(&self) -> Option<u16> {
        let total: usize = self.turn_chars.iter().sum();
        let (k, n) = self
            .turn_chars
            .iter()
            .enumerate()
            .max_by_key(|(_, n)| **n)?;
        (k != 0 && *n * 2 > total).then(|| k as u16 * 90)
    }
}

/// Interprets one page's content.
pub struct Interp<'a> {
    doc: &'a Document,
    limits: &'a Limits,
    fonts: &'a FontCache,
    page_area: Rect,
    out: Painted,
    seq: u32,
    ops: usize,
    chars: usize,
    started: Instant,
    stopped: bool,
    forms: Vec<ObjectId>,
    gs: GState,
    stack: Vec<GState>,
    path: PathBuilder,
    pending_clip: Option<FillRule>,
    tm: Matrix,
    tlm: Matrix,
    local_fonts: HashMap<usize, Arc<Font>>,
    bitmaps: bool,
    marks: Vec<Option<OpenMark>>,
    wanted_mcids: Vec<i64>,
}

impl<'a> Interp<'a> {
    /// A fresh interpreter for a page whose visible area is `page_area`.
    pub fn new(
        doc: &'a Document,
        limits: &'a Limits,
        fonts: &'a FontCache,
        page_area: Rect,
    ) -> Self {
        Interp {
            doc,
            limits,
            fonts,
            page_area,
            out: Painted::default(),
            seq: 0,
            ops: 0,
            chars: 0,
            started: Instant::now(),
            stopped: false,
            forms: Vec::new(),
            gs: GState {
                ctm: Matrix::IDENTITY,
                fill: Color::BLACK,
                stroke: Color::BLACK,
                fill_cs: ColorSpace::Gray,
                stroke_cs: ColorSpace::Gray,
                line_width: 1.0,
                fill_alpha: 1.0,
                clip: None,
                text: TextState {
                    font: None,
                    size: 0.0,
                    char_spacing: 0.0,
                    word_spacing: 0.0,
                    scale: 1.0,
                    leading: 0.0,
                    rise: 0.0,
                    render_mode: 0,
                },
            },
            stack: Vec::new(),
            path: PathBuilder::default(),
            pending_clip: None,
            tm: Matrix::IDENTITY,
            tlm: Matrix::IDENTITY,
            local_fonts: HashMap::new(),
            bitmaps: true,
            marks: Vec::new(),
            wanted_mcids: Vec::new(),
        }
    }

    /// Starts from `ctm` instead of the identity: for reading a page in a turned frame.
    pub fn with_ctm(mut self, ctm: Matrix) -> Self {
        self.gs.ctm = ctm;
        self
    }

    /// Also records where the content of these marked-content ids is painted (structure
    /// elements with `/Alt` or `/ActualText` own them).
    pub fn with_mcids(mut self, mut mcids: Vec<i64>) -> Self {
        mcids.sort_unstable();
        mcids.dedup();
        self.wanted_mcids = mcids;
        self
    }

    /// Leaves page images undecoded (their dark areas are known already, from a cache).
    pub fn without_bitmaps(mut self) -> Self {
        self.bitmaps = false;
        self
    }

    /// The result.
    pub fn finish(mut self) -> Painted {
        // Sequences left open at the end of the page end there.
        while !self.marks.is_empty() {
            self.end_mark();
        }
        self.out
    }

    /// `BMC` / `BDC`: a marked-content sequence begins.
    fn begin_mark(&mut self, o: &[Object], res: Option<&'a Dictionary>) {
        if self.marks.len() >= MAX_MARK_DEPTH {
            self.warn("marked content nested too deeply".to_string());
            return;
        }
        let doc = self.doc;
        let props = match o.get(1) {
            Some(Object::Name(name)) => res
                .and_then(|r| obj::get_dict(doc, r, b"Properties"))
                .and_then(|p| obj::get_dict(doc, p, name)),
            Some(other) => obj::resolve(doc, other).and_then(obj::as_dict),
            None => None,
        };
        let mut texts = Vec::new();
        let mut mcid = None;
        if let Some(p) = props {
            for (key, kind) in [
                (&b"ActualText"[..], MarkedKind::ActualText),
                (b"Alt", MarkedKind::Alt),
            ] {
                if let Some(t) = obj::get(doc, p, key).and_then(obj::text_string) {
                    let t: String = t.chars().take(MarkedText::MAX_CHARS).collect();
                    if !t.trim().is_empty() {
                        texts.push((kind, t));
                    }
                }
            }
            mcid = obj::get_num(doc, p, b"MCID")
                .map(|m| m as i64)
                .filter(|m| self.wanted_mcids.binary_search(m).is_ok());
        }
        let wanted = (!texts.is_empty() || mcid.is_some())
            && self.out.marked.len() + self.out.mcid_boxes.len() < MAX_MARKS;
        self.marks.push(wanted.then_some(OpenMark {
            texts,
            mcid,
            runs: self.out.runs.len(),
            undecoded: self.out.undecoded.len(),
            paths: self.out.paths.len(),
            images: self.out.images.len(),
        }));
    }

    /// `EMC`: the innermost sequence ends; one that says something records where it painted.
    fn end_mark(&mut self) {
        let Some(Some(m)) = self.marks.pop() else {
            return;
        };
        let out = &self.out;
        let glyphs = out
            .runs
            .get(m.runs..)
            .unwrap_or_default()
            .iter()
            .filter(|r| r.render_mode != 7)
            .map(|r| r.bbox);
        let undecoded = out
            .undecoded
            .get(m.undecoded..)
            .unwrap_or_default()
            .iter()
            .filter_map(|u| u.chars.iter().map(CharBox::rect).reduce(|a, b| a.union(&b)));
        let paths = out
            .paths
            .get(m.paths..)
            .unwrap_or_default()
            .iter()
            .filter_map(|p| p.visible);
        let images = out
            .images
            .get(m.images..)
            .unwrap_or_default()
            .iter()
            .map(|i| i.bbox);
        let Some(bbox) = glyphs
            .chain(undecoded)
            .chain(paths)
            .chain(images)
            .filter(Rect::is_finite)
            .reduce(|a, b| a.union(&b))
        else {
            return;
        };
        if let Some(id) = m.mcid {
            self.out.mcid_boxes.push((id, bbox));
        }
        for (kind, text) in m.texts {
            self.out.marked.push(MarkedText {
                kind,
                text,
                bbox,
                from_structure: false,
            });
        }
    }

    /// Marks the page as not safe to hand to a renderer (which has none of these limits), with
    /// the first reason met; see [`crate::pdf::PageModel::render_hazard`].
    fn hazard(&mut self, why: &str) {
        if self.out.stream_hazard.is_none() {
            self.out.stream_hazard = Some(why.to_string());
        }
    }

    fn warn(&mut self, w: String) {
        if self.out.warnings.len() < 50 && !self.out.warnings.contains(&w) {
            self.out.warnings.push(w);
        }
    }

    fn next_seq(&mut self) -> u32 {
        self.seq = self.seq.saturating_add(1);
        self.seq
    }

    /// Runs a content stream's decoded bytes with `resources`.
    pub fn run(&mut self, data: &[u8], resources: Option<&'a Dictionary>) {
        // lopdf gathers all the operands of an operation before handing it over: millions of
        // numbers before one operator would cost ~120 bytes each. Cut the stream before such a run.
        let data = match operand_run_cut(data, MAX_OPERANDS) {
            Some(cut) => {
                self.warn(format!(
                    "more than {MAX_OPERANDS} operands for one operator; the rest of the content is ignored"
                ));
                self.hazard("an operation with more operands than the limit");
                data.get(..cut).unwrap_or_default()
            }
            None => data,
        };
        for op in Content::decode_iter(data) {
            if self.stopped {
                return;
            }
            let op = match op {
                Ok(op) => op,
                Err(_) => {
                    self.warn("content stream damaged; the rest of it is ignored".to_string());
                    return;
                }
            };
            self.ops += 1;
            if self.ops > self.limits.max_ops_per_page {
                self.warn(format!(
                    "more than {} operators; the rest of the page is ignored",
                    self.limits.max_ops_per_page
                ));
                self.hazard("more operators than the limit");
                self.stopped = true;
                return;
            }
            if self.ops.is_multiple_of(4096)
                && self.started.elapsed() > self.limits.page_time_budget
            {
                self.warn(format!(
                    "page took longer than {:?}; the rest of it is ignored",
                    self.limits.page_time_budget
                ));
                self.hazard("content that took longer than the time limit to read");
                self.stopped = true;
                return;
            }
            self.op(&op.operator, &op.operands, resources);
        }
    }

    fn op(&mut self, operator: &str, o: &[Object], res: Option<&'a Dictionary>) {
        let n = |i: usize| o.get(i).and_then(obj::num).unwrap_or(0.0);
        match operator {
            "q" => {
                if self.stack.len() < MAX_GSTATE_DEPTH {
                    self.stack.push(self.gs.clone());
                } else {
                    self.warn("graphics state nested too deeply".to_string());
                }
            }
            "Q" => {
                if let Some(g) = self.stack.pop() {
                    self.gs = g;
                }
            }
            "cm" => {
                let m = Matrix::new(n(0), n(1), n(2), n(3), n(4), n(5));
                if m.is_finite() {
                    self.gs.ctm = m.then(&self.gs.ctm);
                }
            }
            "w" => self.gs.line_width = n(0).abs(),
            "gs" => self.ext_gstate(o, res),
            // Colours.
            "g" => {
                self.gs.fill_cs = ColorSpace::Gray;
                self.gs.fill = Color::gray(n(0) as f32);
            }
            "G" => {
                self.gs.stroke_cs = ColorSpace::Gray;
                self.gs.stroke = Color::gray(n(0) as f32);
            }
            "rg" => {
                self.gs.fill_cs = ColorSpace::Rgb;
                self.gs.fill = Color::rgb(n(0) as f32, n(1) as f32, n(2) as f32);
            }
            "RG" => {
                self.gs.stroke_cs = ColorSpace::Rgb;
                self.gs.stroke = Color::rgb(n(0) as f32, n(1) as f32, n(2) as f32);
            }
            "k" => {
                self.gs.fill_cs = ColorSpace::Cmyk;
                self.gs.fill = Color::cmyk(n(0) as f32, n(1) as f32, n(2) as f32, n(3) as f32);
            }
            "K" => {
                self.gs.stroke_cs = ColorSpace::Cmyk;
                self.gs.stroke = Color::cmyk(n(0) as f32, n(1) as f32, n(2) as f32, n(3) as f32);
            }
            "cs" | "CS" => {
                let cs = o
                    .first()
                    .map(|x| self.color_space(x, res, 0))
                    .unwrap_or(ColorSpace::Gray);
                let initial = cs.initial();
                if operator == "cs" {
                    self.gs.fill_cs = cs;
                    self.gs.fill = initial;
                } else {
                    self.gs.stroke_cs = cs;
                    self.gs.stroke = initial;
                }
            }
            "sc" | "scn" | "SC" | "SCN" => {
                let vals: Vec<f64> = o.iter().filter_map(obj::num).collect();
                if operator.starts_with('s') {
                    let need = self.gs.fill_cs.components();
                    if vals.len() >= need.min(1) {
                        self.gs.fill = self.gs.fill_cs.color(&vals);
                    }
                } else {
                    self.gs.stroke = self.gs.stroke_cs.color(&vals);
                }
            }
            // Paths.
            "m" => {
                let p = self.gs.ctm.apply(Point::new(n(0), n(1)));
                self.path.push(p, true);
            }
            "l" => {
                let p = self.gs.ctm.apply(Point::new(n(0), n(1)));
                self.path.push(p, false);
            }
            "c" | "v" | "y" => {
                // Flattened: the curve's own points, not its control points, so that the shape
                // (a box with rounded corners, a circle) is known by its area.
                let pt = |k: usize| self.gs.ctm.apply(Point::new(n(2 * k), n(2 * k + 1)));
                let start = self.path.current();
                let (c1, c2, end) = match operator {
                    "c" => (Some(pt(0)), pt(1), pt(2)),
                    "v" => (None, pt(0), pt(1)),
                    _ => (Some(pt(0)), pt(1), pt(1)),
                };
                match start {
                    Some(p0) => {
                        let c1 = c1.unwrap_or(p0);
                        self.path.curve(p0, c1, c2, end);
                    }
                    None => self.path.push(end, false),
                }
                self.path.curves = true;
            }
            "h" => self.path.close(),
            "re" => {
                let (x, y, w, h) = (n(0), n(1), n(2), n(3));
                let ctm = self.gs.ctm;
                let corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)];
                for (k, (px, py)) in corners.into_iter().enumerate() {
                    self.path.push(ctm.apply(Point::new(px, py)), k == 0);
                }
                self.path.close();
            }
            "f" | "F" => self.paint(true, false, FillRule::NonZero),
            "f*" => self.paint(true, false, FillRule::EvenOdd),
            "S" => self.paint(false, true, FillRule::NonZero),
            "s" => {
                self.path.close();
                self.paint(false, true, FillRule::NonZero);
            }
            "B" => self.paint(true, true, FillRule::NonZero),
            "B*" => self.paint(true, true, FillRule::EvenOdd),
            "b" => {
                self.path.close();
                self.paint(true, true, FillRule::NonZero);
            }
            "b*" => {
                self.path.close();
                self.paint(true, true, FillRule::EvenOdd);
            }
            "n" => self.paint(false, false, FillRule::NonZero),
            "W" => self.pending_clip = Some(FillRule::NonZero),
            "W*" => self.pending_clip = Some(FillRule::EvenOdd),
            // Text.
            "BT" => {
                self.tm = Matrix::IDENTITY;
                self.tlm = Matrix::IDENTITY;
            }
            "ET" => {}
            "Tf" => {
                self.gs.text.size = n(1);
                let font = match o.first() {
                    Some(Object::Name(name)) => self.font(name, res),
                    _ => None,
                };
                self.gs.text.font = font;
            }
            "Tc" => self.gs.text.char_spacing = n(0),
            "Tw" => self.gs.text.word_spacing = n(0),
            "Tz" => self.gs.text.scale = n(0) / 100.0,
            "TL" => self.gs.text.leading = n(0),
            "Ts" => self.gs.text.rise = n(0),
            "Tr" => self.gs.text.render_mode = n(0).clamp(0.0, 7.0) as u8,
            "Td" => self.move_line(n(0), n(1)),
            "TD" => {
                self.gs.text.leading = -n(1);
                self.move_line(n(0), n(1));
            }
            "T*" => self.move_line(0.0, -self.gs.text.leading),
            "Tm" => {
                let m = Matrix::new(n(0), n(1), n(2), n(3), n(4), n(5));
                if m.is_finite() {
                    self.tm = m;
                    self.tlm = m;
                }
            }
            "Tj" => self.show(o),
            "TJ" => {
                if let Some(Object::Array(items)) = o.first() {
                    self.show(items);
                }
            }
            "'" => {
                self.move_line(0.0, -self.gs.text.leading);
                self.show(o);
            }
            "\"" => {
                self.gs.text.word_spacing = n(0);
                self.gs.text.char_spacing = n(1);
                self.move_line(0.0, -self.gs.text.leading);
                self.show(o.get(2..).unwrap_or_default());
            }
            // XObjects and inline images.
            "Do" => {
                if let Some(Object::Name(name)) = o.first() {
                    self.xobject(name, res);
                }
            }
            "BI" => {
                if let Some(Object::Stream(s)) = o.first() {
                    self.inline_image(&s.dict);
                }
            }
            // Marked content.
            "BMC" => self.begin_mark(&[], res),
            "BDC" => self.begin_mark(o, res),
            "EMC" => self.end_mark(),
            _ => {}
        }
    }

    fn ext_gstate(&mut self, o: &[Object], res: Option<&'a Dictionary>) {
        let Some(Object::Name(name)) = o.first() else {
            return;
        };
        let doc = self.doc;
        let Some(gs) = res
            .and_then(|r| obj::get_dict(doc, r, b"ExtGState"))
            .and_then(|d| obj::get_dict(doc, d, name))
        else {
            return;
        };
        if let Some(ca) = obj::get_num(doc, gs, b"ca") {
            self.gs.fill_alpha = ca.clamp(0.0, 1.0) as f32;
        }
        if let Some(lw) = obj::get_num(doc, gs, b"LW") {
            self.gs.line_width = lw.abs();
        }
    }

    fn color_space(&self, o: &Object, res: Option<&'a Dictionary>, depth: u8) -> ColorSpace {
        let doc = self.doc;
        if depth > 4 {
            return ColorSpace::Gray;
        }
        match obj::resolve(doc, o) {
            Some(Object::Name(n)) => match n.as_slice() {
                b"DeviceGray" | b"G" | b"CalGray" => ColorSpace::Gray,
                b"DeviceRGB" | b"RGB" | b"CalRGB" => ColorSpace::Rgb,
                b"DeviceCMYK" | b"CMYK" => ColorSpace::Cmyk,
                b"Pattern" => ColorSpace::Pattern,
                other => res
                    .and_then(|r| obj::get_dict(doc, r, b"ColorSpace"))
                    .and_then(|d| obj::get(doc, d, other))
                    .map(|x| self.color_space(x, None, depth + 1))
                    .unwrap_or(ColorSpace::Gray),
            },
            Some(Object::Array(a)) => {
                let kind = a.first().and_then(|k| obj::resolve(doc, k));
                match kind {
                    Some(Object::Name(k)) => match k.as_slice() {
                        b"ICCBased" => {
                            let n = a
                                .get(1)
                                .and_then(|s| obj::resolve(doc, s))
                                .and_then(obj::as_dict)
                                .and_then(|d| obj::get_num(doc, d, b"N"))
                                .unwrap_or(3.0);
                            match n as i64 {
                                1 => ColorSpace::Gray,
                                4 => ColorSpace::Cmyk,
                                _ => ColorSpace::Rgb,
                            }
                        }
                        b"CalGray" => ColorSpace::Gray,
                        b"CalRGB" => ColorSpace::Rgb,
                        b"Lab" => ColorSpace::Lab,
                        b"Separation" => ColorSpace::Tint(1),
                        b"DeviceN" => {
                            let n = a
                                .get(1)
                                .and_then(|x| obj::resolve(doc, x))
                                .and_then(|x| match x {
                                    Object::Array(v) => Some(v.len()),
                                    _ => None,
                                })
                                .unwrap_or(1)
                                .clamp(1, 32);
                            ColorSpace::Tint(n)
                        }
                        b"Pattern" => ColorSpace::Pattern,
                        b"Indexed" | b"I" => {
                            let base = a
                                .get(1)
                                .map(|b| self.color_space(b, res, depth + 1))
                                .unwrap_or(ColorSpace::Rgb);
                            let hival = a
                                .get(2)
                                .and_then(|h| obj::num_deref(doc, h))
                                .unwrap_or(0.0)
                                .clamp(0.0, 255.0) as usize;
                            let lookup = match a.get(3).and_then(|l| obj::resolve(doc, l)) {
                                Some(Object::String(s, _)) => s.clone(),
                                Some(Object::Stream(s)) => {
                                    s.get_plain_content_with_limit(4096).unwrap_or_default()
                                }
                                _ => Vec::new(),
                            };
                            ColorSpace::Indexed {
                                base: Box::new(base),
                                hival,
                                lookup,
                            }
                        }
                        other => self.color_space(&Object::Name(other.to_vec()), res, depth + 1),
                    },
                    _ => ColorSpace::Gray,
                }
            }
            _ => ColorSpace::Gray,
        }
    }

    fn paint(&mut self, fill: bool, stroke: bool, rule: FillRule) {
        let path = std::mem::take(&mut self.path);
        let bbox = path.bbox();
        if let Some(clip_rule) = self.pending_clip.take() {
            let _ = clip_rule;
            if let Some(b) = bbox {
                self.gs.clip = Some(match self.gs.clip {
                    Some(c) => c.intersection(&b).unwrap_or(Rect {
                        x0: b.x0,
                        y0: b.y0,
                        x1: b.x0,
                        y1: b.y0,
                    }),
                    None => b,
                });
            }
        }
        if !(fill || stroke) {
            return;
        }
        let Some(bbox) = bbox else {
            return;
        };
        let rects: Vec<Rect> = path
            .subs
            .iter()
            .map(|s| {
                axis_rect(&s.pts).map(|r| vec![r]).or_else(|| {
                    if path.curves {
                        rounded_rect(&s.pts).map(|r| vec![r])
                    } else {
                        rectilinear_rects(&s.pts)
                    }
                })
            })
            .collect::<Option<Vec<_>>>()
            .map(|v| v.concat())
            .unwrap_or_default();
        let is_rect = path.subs.len() == 1 && rects.len() == 1 && !path.curves;
        let seq = self.next_seq();
        let clip = self.gs.clip;
        let scale = self.gs.ctm.scale();
        self.out.paths.push(PathShape {
            bbox,
            is_rect,
            subpaths: u32::try_from(path.subs.len()).unwrap_or(u32::MAX),
            has_curves: path.curves,
            fill: fill.then_some(self.gs.fill),
            fill_rule: rule,
            stroke: stroke.then_some(self.gs.stroke),
            line_width: self.gs.line_width * scale,
            fill_alpha: self.gs.fill_alpha,
            clip,
            visible: visible_part(&bbox, clip),
            rects,
            seq,
        });
    }

    fn move_line(&mut self, tx: f64, ty: f64) {
        let m = Matrix::translate(tx, ty).then(&self.tlm);
        if m.is_finite() {
            self.tlm = m;
            self.tm = m;
        }
    }

    fn font(&mut self, name: &[u8], res: Option<&'a Dictionary>) -> Option<Arc<Font>> {
        let doc = self.doc;
        let dict = res
            .and_then(|r| obj::get_dict(doc, r, b"Font"))
            .and_then(|d| obj::get_dict(doc, d, name));
        let label = String::from_utf8_lossy(name).into_owned();
        let Some(dict) = dict else {
            self.warn(format!(
                "font /{label} is missing; Helvetica metrics assumed"
            ));
            return Some(Arc::new(Font::fallback(&label)));
        };
        let key = dict as *const Dictionary as usize;
        if let Some(f) = self.local_fonts.get(&key) {
            return Some(f.clone());
        }
        let cached = self
            .fonts
            .map
            .lock()
            .ok()
            .and_then(|m| m.get(&key).cloned());
        let font = match cached {
            Some(f) => f,
            None => {
                let mut warnings = Vec::new();
                let f = Arc::new(Font::load(
                    doc,
                    dict,
                    &label,
                    self.limits.max_decompressed_bytes,
                    &mut warnings,
                ));
                for w in warnings {
                    self.warn(w);
                }
                if let Ok(mut m) = self.fonts.map.lock() {
                    m.insert(key, f.clone());
                }
                f
            }
        };
        self.local_fonts.insert(key, font.clone());
        Some(font)
    }

    fn show(&mut self, items: &[Object]) {
        let ts = self.gs.text.clone();
        let Some(font) = ts.font.clone() else {
            self.warn("text shown without a font (Tf missing)".to_string());
            return;
        };
        if self.chars >= self.limits.max_chars_per_page {
            self.warn(format!(
                "more than {} characters; the rest of the page's text is ignored",
                self.limits.max_chars_per_page
            ));
            return;
        }
        let fs = ts.size;
        let th = ts.scale;
        let ctm = self.gs.ctm;
        let start = self.tm.then(&ctm);
        let mut text = String::new();
        let mut chars: Vec<CharBox> = Vec::new();
        // Boxes of glyphs the font gives no text.
        let mut lost: Vec<CharBox> = Vec::new();
        let mut bbox: Option<Rect> = None;
        let asc = font.ascent / 1000.0 * fs + ts.rise;
        let desc = font.descent / 1000.0 * fs + ts.rise;
        let mut tm = self.tm;
        // The character limit holds per glyph, not per operator: one text-show can hold millions.
        let budget = self.limits.max_chars_per_page.saturating_sub(self.chars);
        let mut cut = false;
        for item in items {
            match item {
                Object::String(bytes, _) => {
                    font.decode(bytes, |g| {
                        if chars.len() >= budget {
                            cut = true;
                            return false;
                        }
                        let spacing = ts.char_spacing
                            + if g.code_len == 1 && g.code == 32 {
                                ts.word_spacing
                            } else {
                                0.0
                            };
                        let m = tm.then(&ctm);
                        let (adv, glyph_rect) = if font.vertical {
                            let adv = fs + spacing;
                            (adv, Rect::new(-fs / 2.0, -adv, fs / 2.0, 0.0))
                        } else {
                            let adv = (g.width / 1000.0 * fs + spacing) * th;
                            (adv, Rect::new(0.0, desc, adv, asc))
                        };
                        let dev = m.apply_rect(&glyph_rect);
                        bbox = Some(bbox.map_or(dev, |b| b.union(&dev)));
                        let n = g.text.chars().count();
                        if n == 0 && g.width > 0.0 && !(g.code_len == 1 && g.code == 32) {
                            lost.push(CharBox::from_rect(&dev));
                        }
                        if n > 0 {
                            for k in 0..n {
                                let part = if n == 1 {
                                    dev
                                } else {
                                    let w = glyph_rect.width() / n as f64;
                                    m.apply_rect(&Rect::new(
                                        glyph_rect.x0 + w * k as f64,
                                        glyph_rect.y0,
                                        glyph_rect.x0 + w * (k + 1) as f64,
                                        glyph_rect.y1,
                                    ))
                                };
                                chars.push(CharBox::from_rect(&part));
                            }
                            text.push_str(&g.text);
                        }
                        tm = if font.vertical {
                            Matrix::translate(0.0, -adv).then(&tm)
                        } else {
                            Matrix::translate(adv, 0.0).then(&tm)
                        };
                        true
                    });
                    if cut {
                        break;
                    }
                }
                other => {
                    let Some(adj) = obj::num(other) else {
                        continue;
                    };
                    let shift = -adj / 1000.0 * fs * if font.vertical { 1.0 } else { th };
                    if font.vertical {
                        tm = Matrix::translate(0.0, -shift).then(&tm);
                        continue;
                    }
                    // A gap wider than 0.2 em between words is a space in the text.
                    if adj < -200.0 && !text.is_empty() && !text.ends_with(' ') {
                        let m = tm.then(&ctm);
                        let gap = m.apply_rect(&Rect::new(0.0, desc, shift, asc));
                        text.push(' ');
                        chars.push(CharBox::from_rect(&gap));
                    }
                    tm = Matrix::translate(shift, 0.0).then(&tm);
                }
            }
        }
        self.tm = tm;
        if cut {
            self.warn(format!(
                "more than {} characters; the rest of the page's text is ignored",
                self.limits.max_chars_per_page
            ));
        }
        let Some(bbox) = bbox else {
            return;
        };
        if !lost.is_empty() && bbox.is_finite() {
            self.chars += lost.len();
            let seq = self.next_seq();
            self.out.undecoded.push(UndecodedGlyphs {
                chars: lost,
                font_name: font.name.clone(),
                render_mode: ts.render_mode,
                fill: self.gs.fill,
                clip: self.gs.clip,
                seq,
            });
        }
        if text.is_empty() || !bbox.is_finite() {
            return;
        }
        self.chars += chars.len();
        // Orientation from the text rendering matrix (a negative size with a flipped CTM, or a
        // negative Tz, is still upright text).
        let trm = Matrix::new(fs * th, 0.0, 0.0, fs, 0.0, ts.rise).then(&start);
        let [ta, tb, tc, td, _, _] = trm.m;
        let rotated = font.vertical
            || tb.abs() > 1e-3 * ta.abs().max(1e-9)
            || tc.abs() > 1e-3 * td.abs().max(1e-9)
            || ta <= 0.0
            || td <= 0.0;
        let mut quarter = 0u16;
        // Only painted text decides a page's frame: an invisible OCR layer follows its scan, whose
        // picture (and the boxes found in it) stay in the page's own frame.
        let painted = ts.render_mode != 3 && ts.render_mode != 7;
        if !font.vertical && ta * td - tb * tc > 0.0 {
            let turn: Option<usize> = if tb.abs() <= 1e-3 * ta.abs() {
                if ta > 0.0 { Some(0) } else { Some(2) }
            } else if ta.abs() <= 1e-3 * tb.abs() {
                if tb > 0.0 { Some(1) } else { Some(3) }
            } else {
                None
            };
            if let Some(k) = turn {
                quarter = (k * 90) as u16;
                if let Some(slot) = self.out.turn_chars.get_mut(k).filter(|_| painted) {
                    *slot += chars.len();
                }
            }
        }
        let [_, _, c, d, _, _] = start.m;
        let origin = start.apply(Point::new(0.0, ts.rise));
        let seq = self.next_seq();
        self.out.runs.push(TextRun {
            text,
            chars,
            bbox,
            origin_x: origin.x,
            baseline_y: origin.y,
            font_size: (fs * (c * c + d * d).sqrt()).abs(),
            font_name: font.name.clone(),
            render_mode: ts.render_mode,
            ocr_conf: None,
            fill: self.gs.fill,
            rotated,
            turn: if rotated { quarter } else { 0 },
            clip: self.gs.clip,
            seq,
        });
    }

    fn xobject(&mut self, name: &[u8], res: Option<&'a Dictionary>) {
        let doc = self.doc;
        let Some(raw) = res
            .and_then(|r| obj::get_dict(doc, r, b"XObject"))
            .and_then(|d| d.get(name).ok())
        else {
            self.warn(format!(
                "XObject /{} is missing",
                String::from_utf8_lossy(name)
            ));
            return;
        };
        let Some((id, object)) = obj::resolve_with_id(doc, raw) else {
            return;
        };
        let Some(stream) = obj::as_stream(object) else {
            return;
        };
        match obj::get_name(doc, &stream.dict, b"Subtype") {
            Some(b"Image") => self.image(&stream.dict, Some(stream), name),
            Some(b"Form") => {
                if let Some(id) = id
                    && self.forms.contains(&id)
                {
                    self.warn("a form XObject draws itself; the loop is cut".to_string());
                    self.hazard("a form XObject that draws itself");
                    return;
                }
                if self.forms.len() >= self.limits.max_xobject_depth {
                    self.warn(format!(
                        "form XObjects nested deeper than {}; the deeper ones are ignored",
                        self.limits.max_xobject_depth
                    ));
                    self.hazard("form XObjects nested past the limit");
                    return;
                }
                let data =
                    match stream.get_plain_content_with_limit(self.limits.max_decompressed_bytes) {
                        Ok(d) => d,
                        Err(e) => {
                            self.warn(format!("form XObject unreadable ({e})"));
                            self.hazard(&format!("a form XObject unreadable ({e})"));
                            return;
                        }
                    };
                let matrix = obj::get_array(doc, &stream.dict, b"Matrix")
                    .map(|a| {
                        let v: Vec<f64> = a.iter().filter_map(|x| obj::num_deref(doc, x)).collect();
                        match v.as_slice() {
                            [a, b, c, d, e, f] => Matrix::new(*a, *b, *c, *d, *e, *f),
                            _ => Matrix::IDENTITY,
                        }
                    })
                    .unwrap_or(Matrix::IDENTITY);
                let form_res = obj::get_dict(doc, &stream.dict, b"Resources").or(res);
                let saved = self.gs.clone();
                let saved_depth = self.stack.len();
                let saved_path = std::mem::take(&mut self.path);
                if matrix.is_finite() {
                    self.gs.ctm = matrix.then(&self.gs.ctm);
                }
                if let Some(bb) = stream
                    .dict
                    .get(b"BBox")
                    .ok()
                    .and_then(|b| obj::rect(doc, b))
                {
                    let dev = self.gs.ctm.apply_rect(&bb);
                    self.gs.clip = Some(match self.gs.clip {
                        Some(c) => c.intersection(&dev).unwrap_or(Rect {
                            x0: dev.x0,
                            y0: dev.y0,
                            x1: dev.x0,
                            y1: dev.y0,
                        }),
                        None => dev,
                    });
                }
                if let Some(id) = id {
                    self.forms.push(id);
                } else {
                    self.forms.push((u32::MAX, 0));
                }
                let (tm, tlm) = (self.tm, self.tlm);
                let marks = self.marks.len();
                self.run(&data, form_res);
                // A form's marked content ends with it.
                while self.marks.len() > marks {
                    self.end_mark();
                }
                self.forms.pop();
                self.stack.truncate(saved_depth);
                self.gs = saved;
                self.path = saved_path;
                self.tm = tm;
                self.tlm = tlm;
            }
            _ => {}
        }
    }

    fn inline_image(&mut self, dict: &Dictionary) {
        self.image(dict, None, b"inline");
    }

    fn image(&mut self, dict: &Dictionary, stream: Option<&lopdf::Stream>, name: &[u8]) {
        let doc = self.doc;
        let num = |keys: &[&[u8]]| {
            keys.iter()
                .find_map(|k| obj::get_num(doc, dict, k))
                .unwrap_or(0.0)
        };
        let width_px = num(&[b"Width", b"W"]).clamp(0.0, f64::from(u32::MAX)) as u32;
        let height_px = num(&[b"Height", b"H"]).clamp(0.0, f64::from(u32::MAX)) as u32;
        let is_mask = [&b"ImageMask"[..], b"IM"]
            .iter()
            .any(|k| matches!(obj::get(doc, dict, k), Some(Object::Boolean(true))));
        let filter = [&b"Filter"[..], b"F"]
            .iter()
            .find_map(|k| match obj::get(doc, dict, k) {
                Some(Object::Name(n)) => Some(String::from_utf8_lossy(n).into_owned()),
                Some(Object::Array(a)) => a.last().and_then(|x| match obj::resolve(doc, x) {
                    Some(Object::Name(n)) => Some(String::from_utf8_lossy(n).into_owned()),
                    _ => None,
                }),
                _ => None,
            });
        let ctm = self.gs.ctm;
        let bbox = ctm.apply_rect(&Rect::new(0.0, 0.0, 1.0, 1.0));
        if !bbox.is_finite() {
            return;
        }
        let [a, b, c, d, e, f] = ctm.m;
        let rotated = b.abs() > 1e-6 || c.abs() > 1e-6;
        let covered = bbox.intersection(&self.page_area).map_or(0.0, |r| r.area())
            / self.page_area.area().max(1.0);
        let mut render_hazard =
            images::render_hazard(doc, dict, stream.map(|s| s.content.as_slice()));
        let mut bitmap: Option<GrayBitmap> = None;
        if covered >= 0.3
            && self.bitmaps
            && render_hazard.is_none()
            && let Some(stream) = stream
        {
            match images::decode_gray(doc, stream, self.limits, self.gs.fill) {
                Ok(mut bm) => {
                    // Image row 0 is the top of the unit square; flip for a mirrored placement.
                    if d < 0.0 {
                        images::flip_vertical(&mut bm);
                    }
                    bitmap = Some(bm);
                }
                Err(e) => {
                    // Past a decompression limit, the renderer (which has none) must not try.
                    if e.to_ascii_lowercase().contains("limit") {
                        render_hazard = Some(format!("an image past the decoding limit ({e})"));
                    }
                    self.warn(format!(
                        "image /{} not decoded ({e})",
                        String::from_utf8_lossy(name)
                    ));
                }
            }
        }
        if let Some(why) = &render_hazard {
            self.warn(format!(
                "image /{} not drawn or read: {why}",
                String::from_utf8_lossy(name)
            ));
        }
        let seq = self.next_seq();
        self.out.images.push(ImagePlacement {
            bbox,
            rotated,
            width_px,
            height_px,
            is_mask,
            filter,
            name: String::from_utf8_lossy(name).into_owned(),
            bitmap,
            render_hazard,
            matrix: [a, b, c, d, e, f],
            clip: self.gs.clip,
            seq,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operand_runs_are_cut_before_the_operation_that_overflows() {
        let ok =
            b"q 1 0 0 1 72 700 cm BT /F1 12 Tf (a (nested) \\) 1 2 3) Tj [(x) -250 (y)] TJ ET Q";
        assert_eq!(operand_run_cut(ok, 10), None);
        // A run of numbers with no operator: cut where it starts.
        let mut bad = b"BT /F1 12 Tf ".to_vec();
        bad.extend(b"0 ".repeat(50));
        bad.extend(b"Tj ET");
        assert_eq!(operand_run_cut(&bad, 40), Some(b"BT /F1 12 Tf".len()));
        // Array elements count; digits inside strings and inline image data do not.
        let arr = format!("[{}] TJ", "1 ".repeat(50));
        assert_eq!(operand_run_cut(arr.as_bytes(), 40), Some(0));
        let s = format!("({}) Tj", "1 ".repeat(50));
        assert_eq!(operand_run_cut(s.as_bytes(), 40), None);
        let inline = format!("BI /W 1 /H 1 ID {} EI Q", "9 ".repeat(50));
        assert_eq!(operand_run_cut(inline.as_bytes(), 40), None);
    }
}
