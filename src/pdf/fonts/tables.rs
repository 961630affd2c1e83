//! Encoding tables and the glyph list: code -> glyph name for the standard simple encodings, glyph
//! name -> Unicode.
//!
//! Both are data, `assets/fonts/encodings.txt` (from lopdf 0.47's tables) and
//! `assets/fonts/glyphlist.txt` (the Adobe Glyph List), embedded at compile time and read once, on
//! first use; their headers give the formats. A line that cannot be read is left out (a test holds
//! that there is none), so a lookup never panics: at worst a code has no glyph or a name no text.

use std::sync::LazyLock;

/// Glyph names by code; empty where the encoding has no glyph.
pub type CodeTable = [&'static str; 256];

/// The embedded encodings.
const ENCODINGS: &str = include_str!("../../../assets/fonts/encodings.txt");

/// The embedded glyph list.
const GLYPHS: &str = include_str!("../../../assets/fonts/glyphlist.txt");

/// Win Ansi Encoding.
pub static WIN_ANSI_ENCODING: LazyLock<CodeTable> =
    LazyLock::new(|| embedded_encoding("WinAnsiEncoding"));

/// Mac Roman Encoding.
pub static MAC_ROMAN_ENCODING: LazyLock<CodeTable> =
    LazyLock::new(|| embedded_encoding("MacRomanEncoding"));

/// Standard Encoding.
pub static STANDARD_ENCODING: LazyLock<CodeTable> =
    LazyLock::new(|| embedded_encoding("StandardEncoding"));

/// Pdf Doc Encoding.
pub static PDF_DOC_ENCODING: LazyLock<CodeTable> =
    LazyLock::new(|| embedded_encoding("PDFDocEncoding"));

/// Symbol Encoding.
pub static SYMBOL_ENCODING: LazyLock<CodeTable> =
    LazyLock::new(|| embedded_encoding("SymbolEncoding"));

/// Glyph name -> UTF-16 code unit, sorted by name for binary search.
pub static GLYPH_LIST: LazyLock<Box<[(&'static str, u16)]>> = LazyLock::new(|| {
    let list = glyph_list(GLYPHS);
    if list.rejected > 0 {
        log::warn!("glyph list: {} lines left out", list.rejected);
    }
    list.entries
});

/// The embedded encoding `name` (a missing table or line is a bug of ours: logged, not fatal).
fn embedded_encoding(name: &str) -> CodeTable {
    let e = encoding(ENCODINGS, name);
    if !e.found || e.rejected > 0 {
        log::warn!(
            "encoding {name}: {} (lines left out: {})",
            if e.found { "read" } else { "missing" },
            e.rejected
        );
    }
    e.table
}

/// One encoding as read.
struct Encoding {
    table: CodeTable,
    /// The data has a table of that name.
    found: bool,
    /// Lines of the table that could not be read (left out).
    rejected: usize,
}

/// The table `name` of `data`: after its `encoding NAME` line, rows `CODE GLYPH...` (two hex digits,
/// then the glyph names of that code and the next ones, `-` for none), up to the next `encoding`.
/// Codes on no row have no glyph; an absent table has none at all.
/// The lines of an embedded data file that hold data: trimmed, blank lines and `#` comments
/// left out.
pub(super) fn data_lines(data: &'static str) -> impl Iterator<Item = &'static str> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn encoding(data: &'static str, name: &str) -> Encoding {
    let mut out = Encoding {
        table: [""; 256],
        found: false,
        rejected: 0,
    };
    let mut inside = false;
    for line in data_lines(data) {
        let mut words = line.split_ascii_whitespace();
        let Some(first) = words.next() else { continue };
        if first == "encoding" {
            inside = words.next() == Some(name);
            out.found |= inside;
            continue;
        }
        if !inside {
            continue;
        }
        let Ok(start) = u8::from_str_radix(first, 16) else {
            out.rejected += 1;
            continue;
        };
        let mut fits = true;
        for (k, glyph) in words.enumerate() {
            match out.table.get_mut(usize::from(start) + k) {
                Some(slot) => *slot = if glyph == "-" { "" } else { glyph },
                None => fits = false,
            }
        }
        if !fits {
            out.rejected += 1;
        }
    }
    out
}

/// A glyph list as read.
struct GlyphList {
    entries: Box<[(&'static str, u16)]>,
    /// Lines that could not be read (left out).
    rejected: usize,
}

/// Reads `NAME;XXXX` lines (hex UTF-16 code unit), sorted by name; a line out of order is left
/// out, so that the list stays sorted for binary search.
fn glyph_list(data: &'static str) -> GlyphList {
    let mut entries: Vec<(&'static str, u16)> = Vec::new();
    let mut rejected = 0;
    for line in data_lines(data) {
        let entry = line
            .split_once(';')
            .and_then(|(name, hex)| Some((name, u16::from_str_radix(hex, 16).ok()?)));
        match entry {
            Some((name, unit)) if entries.last().is_none_or(|(last, _)| *last < name) => {
                entries.push((name, unit));
            }
            _ => rejected += 1,
        }
    }
    GlyphList {
        entries: entries.into_boxed_slice(),
        rejected,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded data reads whole: the five encodings and the glyph list, every line understood.
    #[test]
    fn embedded_tables_parse() {
        for name in [
            "WinAnsiEncoding",
            "MacRomanEncoding",
            "StandardEncoding",
            "PDFDocEncoding",
            "SymbolEncoding",
        ] {
            let e = encoding(ENCODINGS, name);
            assert!(e.found && e.rejected == 0, "{name}");
            assert_eq!(e.table.get(0x20), Some(&"space"), "{name}");
        }
        assert_eq!(WIN_ANSI_ENCODING.get(0x80), Some(&"Euro"));
        assert_eq!(MAC_ROMAN_ENCODING.get(0x8e), Some(&"eacute"));
        assert_eq!(WIN_ANSI_ENCODING.first(), Some(&""));
        let g = glyph_list(GLYPHS);
        assert_eq!(g.rejected, 0);
        assert!(g.entries.len() > 4000);
        assert!(g.entries.contains(&("eacute", 0x00e9)));
    }

    #[test]
    fn bad_lines_are_left_out() {
        let data = "encoding X\n41 A B\nzz a\nfe x y z\nencoding Y\n30 zero - two\n";
        let x = encoding(data, "X");
        assert_eq!((x.found, x.rejected), (true, 2));
        assert_eq!(&x.table[0x41..0x43], &["A", "B"]);
        assert_eq!(&x.table[0xfe..], &["x", "y"]);
        let y = encoding(data, "Y");
        assert_eq!(&y.table[0x30..0x33], &["zero", "", "two"]);
        assert!(!encoding(data, "Z").found);
        let g = glyph_list("b;0062\na;0061\nc\nd;xyz\ne;0065\n");
        assert_eq!(g.rejected, 3);
        assert_eq!(&*g.entries, &[("b", 0x62), ("e", 0x65)]);
    }
}
