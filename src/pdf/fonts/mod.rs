//! Fonts: from a font dictionary to Unicode text and glyph widths.
//!
//! A [`Font`] splits a shown string into character codes (one byte for simple fonts, two for
//! Identity-H and most Type0 fonts, the code-space lengths of an embedded CMap otherwise), and gives
//! each code its text (`/ToUnicode` first, then the encoding's glyph names through the Adobe Glyph
//! List) and its advance width (`/Widths`, `/W`, the standard-14 metrics, `/MissingWidth`).

pub mod cmap;
pub mod standard14;
pub mod tables;

use std::borrow::Cow;
use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object};

use super::obj;
use cmap::ToUnicode;
use tables::CodeTable;

/// Unicode of an Adobe glyph name: the glyph list, `uniXXXX`, `uXXXX[XX]`, `a65`-style fallbacks.
pub fn glyph_name_char(name: &[u8]) -> Option<char> {
    let name = std::str::from_utf8(name).ok()?;
    // `a.sc`, `T_h` ligature parts: use the part before the first period.
    let base = name.split('.').next().unwrap_or(name);
    if let Ok(i) = tables::GLYPH_LIST.binary_search_by(|(n, _)| n.cmp(&base)) {
        return tables::GLYPH_LIST
            .get(i)
            .and_then(|(_, u)| char::from_u32(u32::from(*u)));
    }
    let hex = |s: &str| u32::from_str_radix(s, 16).ok().and_then(char::from_u32);
    if let Some(h) = base.strip_prefix("uni")
        && h.len() >= 4
    {
        return h.get(..4).and_then(hex);
    }
    if let Some(h) = base.strip_prefix('u')
        && (4..=6).contains(&h.len())
    {
        return hex(h);
    }
    None
}

/// Unicode of a glyph name from an encoding table (`""` is none).
pub fn glyph_to_char(name: &str) -> Option<char> {
    if name.is_empty() {
        return None;
    }
    glyph_name_char(name.as_bytes())
}

/// What kind of font program the dictionary describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FontKind {
    /// Type1, MMType1, TrueType: one byte per code.
    Simple,
    /// Type3: one byte per code, widths in glyph space through `/FontMatrix`.
    Type3,
    /// Type0 (composite): multi-byte codes, widths by CID.
    Composite,
}

/// A font ready to decode strings. Cheap to share (`Arc`) between pages.
#[derive(Debug, Clone)]
pub struct Font {
    /// `/BaseFont` without a subset prefix, or the resource name.
    pub name: String,
    /// Font kind.
    pub kind: FontKind,
    /// Ascent, 1/1000 em (positive).
    pub ascent: f64,
    /// Descent, 1/1000 em (negative or zero).
    pub descent: f64,
    /// Vertical writing (Identity-V).
    pub vertical: bool,
    /// Glyph names by code for simple fonts (encoding with `/Differences` applied).
    names: Option<Box<[Option<Box<str>>]>>,
    to_unicode: Option<ToUnicode>,
    /// Simple fonts: widths by code (1/1000 em), `None` where not given.
    simple_widths: Option<Box<[Option<f64>]>>,
    /// Composite fonts: CID widths.
    cid_widths: HashMap<u32, f64>,
    default_width: f64,
    missing_width: Option<f64>,
    standard14: Option<&'static standard14::Standard14>,
    /// Code byte lengths for composite fonts (usually `[2]`).
    code_lengths: Vec<u8>,
    /// Some codes were not mappable to Unicode.
    pub has_unmapped: bool,
}

/// One decoded glyph.
#[derive(Debug, Clone)]
pub struct Glyph<'a> {
    /// The character code.
    pub code: u32,
    /// Number of bytes of the code (word spacing applies to the single-byte code 32 only).
    pub code_len: u8,
    /// Advance width, 1/1000 em (text space units × 1000).
    pub width: f64,
    /// The glyph's text (may be several chars, e.g. a ligature; empty when unknown).
    pub text: Cow<'a, str>,
}

const DEFAULT_WIDTH: f64 = 500.0;
const MAX_WIDTH_ENTRIES: usize = 200_000;

impl Font {
    /// A fallback font for a missing or unreadable `/Font` resource: WinAnsi, Helvetica metrics.
    pub fn fallback(name: &str) -> Font {
        let std = standard14::lookup("Helvetica");
        Font {
            name: name.to_string(),
            kind: FontKind::Simple,
            ascent: std.map_or(800.0, |s| f64::from(s.ascent)),
            descent: std.map_or(-200.0, |s| f64::from(s.descent)),
            vertical: false,
            names: Some(names_from_table(&tables::WIN_ANSI_ENCODING)),
            to_unicode: None,
            simple_widths: None,
            cid_widths: HashMap::new(),
            default_width: DEFAULT_WIDTH,
            missing_width: None,
            standard14: std,
            code_lengths: vec![1],
            has_unmapped: false,
        }
    }

    /// Reads a font dictionary. Never fails: what cannot be read falls back to sensible defaults;
    /// `warnings` receives what was wrong.
    pub fn load(
        doc: &Document,
        dict: &Dictionary,
        resource_name: &str,
        max_stream: usize,
        warnings: &mut Vec<String>,
    ) -> Font {
        let subtype = obj::get_name(doc, dict, b"Subtype").unwrap_or(b"Type1");
        let base = obj::get_name(doc, dict, b"BaseFont")
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_else(|| resource_name.to_string());
        let name = strip_subset(&base).to_string();
        let to_unicode = obj::get(doc, dict, b"ToUnicode")
            .and_then(obj::as_stream)
            .and_then(|s| match s.get_plain_content_with_limit(max_stream) {
                Ok(data) => Some(cmap::parse(&data)),
                Err(e) => {
                    warnings.push(format!("font {name}: unreadable /ToUnicode ({e})"));
                    None
                }
            })
            .filter(|m| !m.is_empty());
        match subtype {
            b"Type0" => Self::load_composite(doc, dict, name, to_unicode, max_stream, warnings),
            _ => Self::load_simple(doc, dict, name, subtype == b"Type3", to_unicode),
        }
    }

    fn load_simple(
        doc: &Document,
        dict: &Dictionary,
        name: String,
        type3: bool,
        to_unicode: Option<ToUnicode>,
    ) -> Font {
        let standard14 = if type3 {
            None
        } else {
            standard14::lookup(&name)
        };
        let descriptor = obj::get_dict(doc, dict, b"FontDescriptor");
        let symbolic = descriptor
            .and_then(|d| obj::get_num(doc, d, b"Flags"))
            .is_some_and(|f| (f as i64) & 4 != 0);
        // Base encoding: the named one, else the font's built-in (Symbol, ZapfDingbats), else
        // Standard for Type1 fonts and WinAnsi otherwise (what viewers do in practice).
        let lower = name.to_ascii_lowercase();
        let builtin: &CodeTable = if lower.starts_with("symbol") {
            &tables::SYMBOL_ENCODING
        } else if standard14.is_some() || (!symbolic && !type3) {
            &tables::WIN_ANSI_ENCODING
        } else {
            &tables::STANDARD_ENCODING
        };
        let mut names = names_from_table(builtin);
        match obj::get(doc, dict, b"Encoding") {
            Some(Object::Name(n)) => {
                if let Some(t) = named_encoding(n) {
                    names = names_from_table(t);
                }
            }
            Some(Object::Dictionary(enc)) => {
                if let Some(t) = obj::get_name(doc, enc, b"BaseEncoding").and_then(named_encoding) {
                    names = names_from_table(t);
                }
                if let Some(diffs) = obj::get_array(doc, enc, b"Differences") {
                    apply_differences(doc, diffs, &mut names);
                }
            }
            _ => {}
        }

        let mut width_scale = 1.0;
        if type3 {
            width_scale = obj::get_array(doc, dict, b"FontMatrix")
                .and_then(|m| m.first())
                .and_then(|v| obj::num_deref(doc, v))
                .map_or(1.0, |a| a * 1000.0);
        }
        let simple_widths = obj::get_array(doc, dict, b"Widths").map(|ws| {
            let first = obj::get_num(doc, dict, b"FirstChar").unwrap_or(0.0);
            let mut out = vec![None; 256];
            for (k, w) in ws.iter().take(256).enumerate() {
                let code = first as i64 + k as i64;
                if let (Ok(code), Some(w)) = (usize::try_from(code), obj::num_deref(doc, w))
                    && let Some(slot) = out.get_mut(code)
                {
                    *slot = Some(w * width_scale);
                }
            }
            out.into_boxed_slice()
        });
        let missing_width = descriptor
            .and_then(|d| obj::get_num(doc, d, b"MissingWidth"))
            .map(|w| w * width_scale);
        let (ascent, descent) = metrics(doc, descriptor, standard14, type3);
        Font {
            name,
            kind: if type3 {
                FontKind::Type3
            } else {
                FontKind::Simple
            },
            ascent,
            descent,
            vertical: false,
            names: Some(names),
            to_unicode,
            simple_widths,
            cid_widths: HashMap::new(),
            default_width: DEFAULT_WIDTH,
            missing_width,
            standard14,
            code_lengths: vec![1],
            has_unmapped: false,
        }
    }

    fn load_composite(
        doc: &Document,
        dict: &Dictionary,
        name: String,
        to_unicode: Option<ToUnicode>,
        max_stream: usize,
        warnings: &mut Vec<String>,
    ) -> Font {
        let descendant = obj::get_array(doc, dict, b"DescendantFonts")
            .and_then(|a| a.first())
            .and_then(|d| obj::resolve(doc, d))
            .and_then(obj::as_dict);
        let mut vertical = false;
        let mut code_lengths = vec![2];
        match obj::get(doc, dict, b"Encoding") {
            Some(Object::Name(n)) => {
                vertical = n.ends_with(b"-V");
                // Predefined CMaps: Identity and the UCS2/UTF16 ones are 2-byte; others are
                // mixed-length and not worth a table here (best effort: 2 bytes).
            }
            Some(Object::Stream(s)) => {
                if let Ok(data) = s.get_plain_content_with_limit(max_stream) {
                    let m = cmap::parse(&data);
                    if !m.code_lengths.is_empty() {
                        code_lengths = m.code_lengths;
                    }
                }
                vertical = obj::get_num(doc, &s.dict, b"WMode") == Some(1.0);
            }
            _ => warnings.push(format!(
                "font {name}: Type0 font without a usable /Encoding"
            )),
        }
        let mut cid_widths = HashMap::new();
        let mut default_width = 1000.0;
        let mut descriptor = None;
        if let Some(d) = descendant {
            default_width = obj::get_num(doc, d, b"DW").unwrap_or(1000.0);
            descriptor = obj::get_dict(doc, d, b"FontDescriptor");
            if let Some(w) = obj::get_array(doc, d, b"W") {
                parse_w(doc, w, &mut cid_widths);
            }
        } else {
            warnings.push(format!("font {name}: Type0 font without /DescendantFonts"));
        }
        let (ascent, descent) = metrics(doc, descriptor, None, false);
        Font {
            name,
            kind: FontKind::Composite,
            ascent,
            descent,
            vertical,
            names: None,
            to_unicode,
            simple_widths: None,
            cid_widths,
            default_width,
            missing_width: None,
            standard14: None,
            code_lengths,
            has_unmapped: false,
        }
    }

    /// Splits `bytes` into glyphs and calls `f` for each, until `f` returns `false` (a text-show
    /// of millions of glyphs past the page's character limit is not looked up glyph by glyph).
    pub fn decode<'s>(&'s self, bytes: &[u8], mut f: impl FnMut(Glyph<'s>) -> bool) {
        let mut i = 0;
        while i < bytes.len() {
            let (code, len) = self.next_code(bytes, i);
            i += usize::from(len.max(1));
            let go_on = f(Glyph {
                code,
                code_len: len,
                width: self.width(code),
                text: self.text(code),
            });
            if !go_on {
                return;
            }
        }
    }

    fn next_code(&self, bytes: &[u8], at: usize) -> (u32, u8) {
        if self.kind != FontKind::Composite {
            return (u32::from(bytes.get(at).copied().unwrap_or(0)), 1);
        }
        // Shortest declared length that fits; the common case is a single length of 2.
        let len = match self.code_lengths.as_slice() {
            [one] => *one,
            _ => {
                // Mixed lengths (e.g. 1-byte ASCII + 2-byte): prefer 1 for bytes < 0x80.
                let b = bytes.get(at).copied().unwrap_or(0);
                if self.code_lengths.contains(&1) && b < 0x80 {
                    1
                } else {
                    self.code_lengths
                        .iter()
                        .copied()
                        .find(|l| *l >= 2)
                        .unwrap_or(2)
                }
            }
        };
        let end = (at + usize::from(len)).min(bytes.len());
        let slice = bytes.get(at..end).unwrap_or_default();
        let code = slice.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b));
        (code, len)
    }

    /// Advance width of `code`, 1/1000 em.
    pub fn width(&self, code: u32) -> f64 {
        match self.kind {
            FontKind::Composite => self
                .cid_widths
                .get(&code)
                .copied()
                .unwrap_or(self.default_width),
            FontKind::Simple | FontKind::Type3 => {
                if let Some(w) = self
                    .simple_widths
                    .as_ref()
                    .and_then(|ws| ws.get(code as usize))
                    .copied()
                    .flatten()
                {
                    return w;
                }
                if let (Some(std), Some(name)) = (self.standard14, self.glyph_name(code))
                    && let Some(w) = std.width(name)
                {
                    return f64::from(w);
                }
                self.missing_width
                    .unwrap_or(if self.simple_widths.is_some() {
                        0.0
                    } else {
                        DEFAULT_WIDTH
                    })
            }
        }
    }

    fn glyph_name(&self, code: u32) -> Option<&str> {
        self.names
            .as_ref()?
            .get(code as usize)?
            .as_deref()
            .filter(|n| !n.is_empty())
    }

    /// Text of `code` (empty when it cannot be mapped).
    pub fn text(&self, code: u32) -> Cow<'_, str> {
        if let Some(t) = self.to_unicode.as_ref().and_then(|m| m.get(code)) {
            return t;
        }
        if let Some(name) = self.glyph_name(code) {
            if let Some(c) = glyph_name_char(name.as_bytes()) {
                return Cow::Owned(c.to_string());
            }
            // Ligature names like `f_f_i`.
            if name.contains('_') {
                let s: String = name
                    .split('_')
                    .filter_map(|p| glyph_name_char(p.as_bytes()))
                    .collect();
                if !s.is_empty() {
                    return Cow::Owned(s);
                }
            }
        }
        Cow::Borrowed("")
    }
}

fn strip_subset(name: &str) -> &str {
    match name.split_once('+') {
        Some((tag, rest)) if tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()) => rest,
        _ => name,
    }
}

fn named_encoding(n: &[u8]) -> Option<&'static CodeTable> {
    match n {
        b"WinAnsiEncoding" => Some(&tables::WIN_ANSI_ENCODING),
        b"MacRomanEncoding" => Some(&tables::MAC_ROMAN_ENCODING),
        b"StandardEncoding" => Some(&tables::STANDARD_ENCODING),
        b"PDFDocEncoding" => Some(&tables::PDF_DOC_ENCODING),
        _ => None,
    }
}

fn names_from_table(t: &CodeTable) -> Box<[Option<Box<str>>]> {
    t.iter()
        .map(|n| (!n.is_empty()).then(|| Box::<str>::from(*n)))
        .collect()
}

fn apply_differences(doc: &Document, diffs: &[Object], names: &mut [Option<Box<str>>]) {
    let mut code: i64 = -1;
    for d in diffs.iter().take(4096) {
        match obj::resolve(doc, d) {
            Some(Object::Integer(i)) => code = *i,
            Some(Object::Real(r)) => code = *r as i64,
            Some(Object::Name(n)) => {
                if let Ok(c) = usize::try_from(code)
                    && let Some(slot) = names.get_mut(c)
                {
                    *slot = Some(String::from_utf8_lossy(n).into());
                }
                code = code.saturating_add(1);
            }
            _ => {}
        }
    }
}

fn parse_w(doc: &Document, w: &[Object], out: &mut HashMap<u32, f64>) {
    let mut i = 0;
    let mut budget = MAX_WIDTH_ENTRIES;
    while i < w.len() && budget > 0 {
        let first = w.get(i).and_then(|o| obj::num_deref(doc, o));
        let next = w.get(i + 1).and_then(|o| obj::resolve(doc, o));
        match (first, next) {
            (Some(c), Some(Object::Array(ws))) => {
                for (k, v) in ws.iter().enumerate().take(budget) {
                    if let Some(v) = obj::num_deref(doc, v) {
                        out.insert((c as u32).saturating_add(k as u32), v);
                    }
                    budget -= 1;
                }
                i += 2;
            }
            (Some(lo), Some(hi_obj)) => {
                let hi = obj::num(hi_obj);
                let v = w.get(i + 2).and_then(|o| obj::num_deref(doc, o));
                if let (Some(hi), Some(v)) = (hi, v)
                    && hi >= lo
                {
                    let (lo, hi) = (lo as u32, hi as u32);
                    for cid in lo..=hi {
                        if budget == 0 {
                            break;
                        }
                        out.insert(cid, v);
                        budget -= 1;
                    }
                }
                i += 3;
            }
            _ => break,
        }
    }
}

fn metrics(
    doc: &Document,
    descriptor: Option<&Dictionary>,
    std: Option<&'static standard14::Standard14>,
    type3: bool,
) -> (f64, f64) {
    let from_desc = descriptor.and_then(|d| {
        let a = obj::get_num(doc, d, b"Ascent")?;
        let dsc = obj::get_num(doc, d, b"Descent").unwrap_or(-200.0);
        (a > 0.0 && a < 5000.0).then_some((a, -(dsc.abs().min(5000.0))))
    });
    if let Some(m) = from_desc
        && !type3
    {
        return m;
    }
    if let Some(s) = std {
        return (f64::from(s.ascent), f64::from(s.descent));
    }
    (800.0, -200.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_names_resolve() {
        assert_eq!(glyph_name_char(b"eacute"), Some('é'));
        assert_eq!(glyph_name_char(b"uni00E9"), Some('é'));
        assert_eq!(glyph_name_char(b"u1F600"), Some('😀'));
        assert_eq!(glyph_name_char(b"a.sc"), Some('a'));
        assert_eq!(glyph_name_char(b"nonsense"), None);
        assert_eq!(strip_subset("ABCDEF+DejaVuSans"), "DejaVuSans");
        assert_eq!(strip_subset("Arial+Bold"), "Arial+Bold");
    }

    #[test]
    fn standard14_helvetica_widths_and_winansi() {
        let f = Font::fallback("F1");
        let mut text = String::new();
        let mut width = 0.0;
        f.decode(b"Caf\xe9 \x92", |g| {
            text.push_str(&g.text);
            width += g.width;
            true
        });
        assert_eq!(text, "Café ’");
        // C 722 + a 556 + f 278 + eacute 556 + space 278 + quoteright 222
        assert_eq!(width, 2612.0);
    }
}
