//! Glyph widths of the standard 14 fonts (1/1000 em), for fonts that carry no `/Widths`.
//!
//! The metrics are data, `assets/fonts/standard14.txt` (generated from the metric-compatible URW
//! base35 AFM files; its header gives the format), embedded at compile time and read once, on first
//! use. Glyph names are sorted for binary search. A row that cannot be read is left out (a test
//! holds that there is none), so a lookup never panics: at worst a glyph or a font is unknown.

use std::sync::{Arc, LazyLock};

/// The embedded metrics.
const DATA: &str = include_str!("../../../assets/fonts/standard14.txt");

/// The fonts of [`DATA`], read on first use.
static FONTS: LazyLock<Vec<Standard14>> = LazyLock::new(|| {
    let parsed = parse(DATA);
    if parsed.rejected > 0 {
        // A bug of ours (a test holds there is none): logged, the rest of the metrics still used.
        log::warn!("standard-14 metrics: {} lines left out", parsed.rejected);
    }
    parsed.fonts
});

/// Metrics of one standard-14 font.
#[derive(Debug)]
pub struct Standard14 {
    /// PostScript name (`Helvetica-Bold`).
    pub name: &'static str,
    /// Ascender, 1/1000 em.
    pub ascent: i16,
    /// Descender (negative), 1/1000 em.
    pub descent: i16,
    /// Glyph names, sorted (shared by the fonts of one group of the data file).
    glyphs: Arc<[&'static str]>,
    /// Widths, one per glyph name.
    widths: Box<[u16]>,
}

impl Standard14 {
    /// Width of the glyph named `glyph`, 1/1000 em.
    pub fn width(&self, glyph: &str) -> Option<u16> {
        let i = self.glyphs.binary_search(&glyph).ok()?;
        self.widths.get(i).copied()
    }
}

/// The standard-14 font a `/BaseFont` name stands for, with the usual aliases
/// (`Arial`, `TimesNewRoman,Bold`, `CourierNew`...), `None` for other fonts.
pub fn lookup(base_font: &str) -> Option<&'static Standard14> {
    let name = base_font.rsplit('+').next().unwrap_or(base_font);
    let lower = name.to_ascii_lowercase().replace([' ', '_'], "");
    let bold = lower.contains("bold") || lower.contains("black") || lower.contains("heavy");
    let italic = lower.contains("italic") || lower.contains("oblique");
    let family = if lower.starts_with("helvetica") || lower.starts_with("arial") {
        0
    } else if lower.starts_with("times") {
        1
    } else if lower.starts_with("courier") {
        2
    } else if lower.starts_with("symbol") {
        return font("Symbol");
    } else if lower.starts_with("zapfdingbats") {
        return font("ZapfDingbats");
    } else {
        return None;
    };
    font(match (family, bold, italic) {
        (0, false, false) => "Helvetica",
        (0, true, false) => "Helvetica-Bold",
        (0, false, true) => "Helvetica-Oblique",
        (0, true, true) => "Helvetica-BoldOblique",
        (1, false, false) => "Times-Roman",
        (1, true, false) => "Times-Bold",
        (1, false, true) => "Times-Italic",
        (1, true, true) => "Times-BoldItalic",
        (_, false, false) => "Courier",
        (_, true, false) => "Courier-Bold",
        (_, false, true) => "Courier-Oblique",
        (_, true, true) => "Courier-BoldOblique",
    })
}

/// The font of PostScript name `name` in the data.
fn font(name: &str) -> Option<&'static Standard14> {
    FONTS.iter().find(|f| f.name == name)
}

/// What [`parse`] read.
struct Parsed {
    fonts: Vec<Standard14>,
    /// Lines that could not be read (left out).
    rejected: usize,
}

/// Reads the data file: runs of `font NAME ASCENT DESCENT` lines, each run followed by rows
/// `GLYPH WIDTH...` (one width per font of the run), sorted by glyph name. Total: a line that does
/// not fit (a bad number, a wrong count of widths, a row out of order) is counted and left out.
fn parse(data: &'static str) -> Parsed {
    let mut fonts = Vec::new();
    let mut rejected = 0;
    // The group being read: its fonts, its glyph names, and one column of widths per font.
    let mut heads: Vec<(&'static str, i16, i16)> = Vec::new();
    let mut glyphs: Vec<&'static str> = Vec::new();
    let mut columns: Vec<Vec<u16>> = Vec::new();
    let mut flush = |heads: &mut Vec<(&'static str, i16, i16)>,
                     glyphs: &mut Vec<&'static str>,
                     columns: &mut Vec<Vec<u16>>| {
        let shared: Arc<[&'static str]> = std::mem::take(glyphs).into();
        for ((name, ascent, descent), widths) in heads.drain(..).zip(columns.drain(..)) {
            fonts.push(Standard14 {
                name,
                ascent,
                descent,
                glyphs: Arc::clone(&shared),
                widths: widths.into_boxed_slice(),
            });
        }
    };
    for line in super::tables::data_lines(data) {
        let mut words = line.split_ascii_whitespace();
        let Some(first) = words.next() else { continue };
        if first == "font" {
            if !glyphs.is_empty() {
                flush(&mut heads, &mut glyphs, &mut columns);
            }
            let name = words.next();
            let ascent = words.next().and_then(|w| w.parse::<i16>().ok());
            let descent = words.next().and_then(|w| w.parse::<i16>().ok());
            match (name, ascent, descent, words.next()) {
                (Some(name), Some(ascent), Some(descent), None) => {
                    heads.push((name, ascent, descent));
                    columns.push(Vec::new());
                }
                _ => rejected += 1,
            }
            continue;
        }
        let row: Option<Vec<u16>> = words.map(|w| w.parse::<u16>().ok()).collect();
        let in_order = glyphs.last().is_none_or(|last| *last < first);
        match row {
            Some(row) if in_order && !heads.is_empty() && row.len() == heads.len() => {
                glyphs.push(first);
                for (column, w) in columns.iter_mut().zip(row) {
                    column.push(w);
                }
            }
            _ => rejected += 1,
        }
    }
    flush(&mut heads, &mut glyphs, &mut columns);
    Parsed { fonts, rejected }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helvetica_widths_match_adobe_afm() {
        let h = lookup("Helvetica").unwrap();
        assert_eq!(h.width("A"), Some(667));
        assert_eq!(h.width("space"), Some(278));
        assert_eq!(lookup("ABCDEF+Arial,Bold").unwrap().name, "Helvetica-Bold");
        assert_eq!(lookup("Courier").unwrap().width("W"), Some(600));
        assert!(lookup("DejaVuSans").is_none());
    }

    /// The embedded data reads whole: fourteen fonts, every line understood.
    #[test]
    fn embedded_metrics_parse() {
        let p = parse(DATA);
        assert_eq!(p.rejected, 0);
        let names: Vec<&str> = p.fonts.iter().map(|f| f.name).collect();
        assert_eq!(names.len(), 14, "{names:?}");
        for name in [
            "Helvetica",
            "Times-BoldItalic",
            "Courier-Oblique",
            "Symbol",
            "ZapfDingbats",
        ] {
            assert!(names.contains(&name), "{name}");
        }
        for f in &p.fonts {
            assert_eq!(f.glyphs.len(), f.widths.len(), "{}", f.name);
            assert!(f.glyphs.len() >= 188, "{}", f.name);
            assert!(f.ascent > 0 && f.descent < 0, "{}", f.name);
        }
    }

    #[test]
    fn bad_lines_are_left_out() {
        let p = parse(
            "# comment\nfont A 700 -200\nfont B 700\nb 5\na 4\nc x\nd 1 2\ne 7\nfont C 1 -1\nz 9\n",
        );
        assert_eq!(p.rejected, 4);
        let a = p.fonts.first().unwrap();
        assert_eq!(
            (a.name, a.width("b"), a.width("e"), a.width("a")),
            ("A", Some(5), Some(7), None)
        );
        assert_eq!(p.fonts.get(1).unwrap().width("z"), Some(9));
        assert!(parse("").fonts.is_empty());
        // Rows before any font have no column to go to.
        assert_eq!(parse("a 1\n").rejected, 1);
    }
}
