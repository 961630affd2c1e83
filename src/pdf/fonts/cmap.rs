//! A lenient `/ToUnicode` CMap parser (and the code-space ranges of embedded encoding CMaps).
//!
//! Real files carry broken maps: odd-length destinations, 5-digit code points, stray tokens, a bad
//! line in the middle. Each entry is read on its own; a bad one is skipped, the rest of the map
//! still works. Ranges are expanded when small and kept as ranges otherwise, so an identity
//! `<0000> <FFFF> <0000>` costs nothing.

use std::collections::HashMap;

/// Most entries expanded from one `bfrange` line (larger ranges stay ranges).
const EXPAND_LIMIT: u32 = 256;
/// Most tokens read from one CMap (hostile files).
const MAX_TOKENS: usize = 2_000_000;

/// A parsed Unicode map: character code -> text.
#[derive(Debug, Default, Clone)]
pub struct ToUnicode {
    singles: HashMap<u32, Box<str>>,
    /// (first code, last code, text of the first code as UTF-16 units), searched linearly.
    ranges: Vec<(u32, u32, Vec<u16>)>,
    /// Byte lengths declared by `begincodespacerange` (sorted, deduplicated).
    pub code_lengths: Vec<u8>,
}

impl ToUnicode {
    /// The text of `code`, if mapped.
    pub fn get(&self, code: u32) -> Option<std::borrow::Cow<'_, str>> {
        if let Some(s) = self.singles.get(&code) {
            return Some(std::borrow::Cow::Borrowed(s));
        }
        for (lo, hi, base) in &self.ranges {
            if (*lo..=*hi).contains(&code) {
                let mut units = base.clone();
                if let Some(last) = units.last_mut() {
                    *last = last.wrapping_add(u16::try_from(code - lo).unwrap_or(0));
                }
                return Some(std::borrow::Cow::Owned(String::from_utf16_lossy(&units)));
            }
        }
        None
    }

    /// Number of mapped codes (ranges counted in full).
    pub fn len(&self) -> usize {
        self.singles.len()
            + self
                .ranges
                .iter()
                .map(|(lo, hi, _)| (hi - lo) as usize + 1)
                .sum::<usize>()
    }

    /// Nothing mapped.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok<'a> {
    Hex(&'a [u8]),
    Open,
    Close,
    Word(&'a [u8]),
    Name(&'a [u8]),
}

fn tokens(data: &[u8]) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < data.len() && out.len() < MAX_TOKENS {
        let c = data.get(i).copied().unwrap_or(b' ');
        match c {
            b'%' => {
                while i < data.len() && !matches!(data.get(i), Some(b'\n' | b'\r')) {
                    i += 1;
                }
            }
            b'<' if data.get(i + 1) == Some(&b'<') => {
                i += 2;
            }
            b'>' if data.get(i + 1) == Some(&b'>') => {
                i += 2;
            }
            b'<' => {
                let start = i + 1;
                let mut j = start;
                while j < data.len() && data.get(j) != Some(&b'>') {
                    j += 1;
                }
                out.push(Tok::Hex(data.get(start..j).unwrap_or_default()));
                i = j + 1;
            }
            b'[' => {
                out.push(Tok::Open);
                i += 1;
            }
            b']' => {
                out.push(Tok::Close);
                i += 1;
            }
            b'(' => {
                // Literal strings appear in headers (/Registry (Adobe)); skip them, nesting aware.
                let mut depth = 0usize;
                while i < data.len() {
                    match data.get(i) {
                        Some(b'\\') => i += 1,
                        Some(b'(') => depth += 1,
                        Some(b')') => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                i += 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
            }
            b'/' => {
                let start = i + 1;
                let mut j = start;
                while j < data.len() && is_regular(data.get(j).copied().unwrap_or(b' ')) {
                    j += 1;
                }
                out.push(Tok::Name(data.get(start..j).unwrap_or_default()));
                i = j;
            }
            c if c.is_ascii_whitespace() || c == 0 => i += 1,
            _ => {
                let start = i;
                let mut j = i;
                while j < data.len() && is_regular(data.get(j).copied().unwrap_or(b' ')) {
                    j += 1;
                }
                if j == start {
                    j += 1;
                }
                out.push(Tok::Word(data.get(start..j).unwrap_or_default()));
                i = j;
            }
        }
    }
    out
}

fn is_regular(c: u8) -> bool {
    !(c.is_ascii_whitespace() || b"()<>[]{}/%".contains(&c) || c == 0)
}

/// Hex digits to bytes (an odd last digit is padded with 0, as the PDF spec says).
fn hex_bytes(h: &[u8]) -> Vec<u8> {
    let digits: Vec<u8> = h
        .iter()
        .filter_map(|c| (*c as char).to_digit(16))
        .map(|d| d as u8)
        .collect();
    digits
        .chunks(2)
        .map(|p| (p.first().copied().unwrap_or(0) << 4) | p.get(1).copied().unwrap_or(0))
        .collect()
}

fn hex_digit_count(h: &[u8]) -> usize {
    h.iter().filter(|c| c.is_ascii_hexdigit()).count()
}

fn code_of(h: &[u8]) -> Option<(u32, u8)> {
    let b = hex_bytes(h);
    if b.is_empty() || b.len() > 4 {
        return None;
    }
    let v = b.iter().fold(0u32, |acc, x| (acc << 8) | u32::from(*x));
    Some((v, b.len() as u8))
}

/// Destination text as UTF-16 units. Odd-length or 5/6-digit forms are read as code points.
fn dest_units(h: &[u8]) -> Option<Vec<u16>> {
    let n = hex_digit_count(h);
    if n == 0 {
        return None;
    }
    if !n.is_multiple_of(4) {
        // `<41>` (one byte) or `<1F600>` (a code point written out): read as one scalar value.
        let v = h
            .iter()
            .filter_map(|c| (*c as char).to_digit(16))
            .fold(0u32, |acc, d| acc.saturating_mul(16).saturating_add(d));
        let c = char::from_u32(v)?;
        let mut buf = [0u16; 2];
        return Some(c.encode_utf16(&mut buf).to_vec());
    }
    let b = hex_bytes(h);
    Some(
        b.chunks(2)
            .map(|c| {
                u16::from_be_bytes([
                    c.first().copied().unwrap_or(0),
                    c.get(1).copied().unwrap_or(0),
                ])
            })
            .collect(),
    )
}

fn units_to_text(units: &[u16]) -> Option<Box<str>> {
    let s = String::from_utf16_lossy(units);
    // A map to U+0000 (seen in broken producers) says nothing.
    if s.chars().all(|c| c == '\0') {
        return None;
    }
    Some(s.into_boxed_str())
}

/// Parses a ToUnicode (or any) CMap stream's decoded bytes. Never fails; bad entries are skipped.
pub fn parse(data: &[u8]) -> ToUnicode {
    let toks = tokens(data);
    let mut map = ToUnicode::default();
    let mut i = 0;
    let mut lengths = Vec::new();
    while i < toks.len() {
        match toks.get(i) {
            Some(Tok::Word(b"begincodespacerange")) => {
                i += 1;
                while let (Some(Tok::Hex(lo)), Some(Tok::Hex(_))) = (toks.get(i), toks.get(i + 1)) {
                    let n = hex_digit_count(lo).div_ceil(2);
                    if (1..=4).contains(&n) {
                        lengths.push(n as u8);
                    }
                    i += 2;
                }
            }
            Some(Tok::Word(b"beginbfchar")) => {
                i += 1;
                loop {
                    match (toks.get(i), toks.get(i + 1)) {
                        (Some(Tok::Hex(src)), Some(Tok::Hex(dst))) => {
                            if let (Some((code, _)), Some(units)) = (code_of(src), dest_units(dst))
                                && let Some(text) = units_to_text(&units)
                            {
                                map.singles.insert(code, text);
                            }
                            i += 2;
                        }
                        (Some(Tok::Hex(src)), Some(Tok::Name(n))) => {
                            if let (Some((code, _)), Some(c)) =
                                (code_of(src), super::glyph_name_char(n))
                            {
                                map.singles.insert(code, c.to_string().into_boxed_str());
                            }
                            i += 2;
                        }
                        _ => break,
                    }
                }
            }
            Some(Tok::Word(b"beginbfrange")) => {
                i += 1;
                while let (Some(Tok::Hex(lo)), Some(Tok::Hex(hi))) = (toks.get(i), toks.get(i + 1))
                {
                    let (lo, hi) = match (code_of(lo), code_of(hi)) {
                        (Some((a, _)), Some((b, _))) if a <= b => (a, b),
                        _ => (0, 0),
                    };
                    match toks.get(i + 2) {
                        Some(Tok::Hex(dst)) => {
                            if let Some(base) = dest_units(dst) {
                                add_range(&mut map, lo, hi, base);
                            }
                            i += 3;
                        }
                        Some(Tok::Open) => {
                            let mut j = i + 3;
                            let mut code = lo;
                            while let Some(t) = toks.get(j) {
                                match t {
                                    Tok::Hex(dst) => {
                                        if code <= hi
                                            && let Some(units) = dest_units(dst)
                                            && let Some(text) = units_to_text(&units)
                                        {
                                            map.singles.insert(code, text);
                                        }
                                        code = code.saturating_add(1);
                                        j += 1;
                                    }
                                    Tok::Close => {
                                        j += 1;
                                        break;
                                    }
                                    _ => break,
                                }
                            }
                            i = j;
                        }
                        _ => {
                            i += 2;
                            break;
                        }
                    }
                }
            }
            _ => i += 1,
        }
    }
    lengths.sort_unstable();
    lengths.dedup();
    map.code_lengths = lengths;
    map
}

fn add_range(map: &mut ToUnicode, lo: u32, hi: u32, base: Vec<u16>) {
    if base.is_empty() {
        return;
    }
    if hi - lo < EXPAND_LIMIT {
        for (k, code) in (lo..=hi).enumerate() {
            let mut units = base.clone();
            if let Some(last) = units.last_mut() {
                *last = last.wrapping_add(k as u16);
            }
            if let Some(text) = units_to_text(&units) {
                map.singles.insert(code, text);
            }
        }
    } else if map.ranges.len() < 10_000 {
        map.ranges.push((lo, hi, base));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bfchar_bfrange_and_arrays() {
        let m = parse(
            b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
              1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
              3 beginbfchar <0001> <0041> <0002> <00E9> <0003> <D83DDE00> endbfchar\n\
              2 beginbfrange <0010> <0012> <0061> <0020> <0021> [<0066 0069> <004F>] endbfrange\n\
              1 beginbfrange <0100> <FFFF> <0100> endbfrange\n\
              endcmap",
        );
        assert_eq!(m.get(1).as_deref(), Some("A"));
        assert_eq!(m.get(2).as_deref(), Some("é"));
        assert_eq!(m.get(3).as_deref(), Some("😀"));
        assert_eq!(m.get(0x11).as_deref(), Some("b"));
        assert_eq!(m.get(0x12).as_deref(), Some("c"));
        assert_eq!(m.get(0x20).as_deref(), Some("fi"));
        assert_eq!(m.get(0x21).as_deref(), Some("O"));
        assert_eq!(m.get(0x0105).as_deref(), Some("\u{0105}"));
        assert_eq!(m.get(0x13), None);
        assert_eq!(m.code_lengths, vec![2]);
    }

    #[test]
    fn broken_entries_do_not_kill_the_map() {
        let m = parse(
            b"beginbfchar <01> <41> <02> garbage <03> <1F600> <04> <0043> endbfchar \
              beginbfrange <05> endbfrange beginbfchar <06> <0044> endbfchar",
        );
        assert_eq!(m.get(1).as_deref(), Some("A"));
        assert_eq!(m.get(6).as_deref(), Some("D"));
    }

    #[test]
    fn hostile_input_is_bounded() {
        let mut data = b"beginbfrange ".to_vec();
        for _ in 0..1000 {
            data.extend_from_slice(b"<00000000> <FFFFFFFF> <0041> ");
        }
        let m = parse(&data);
        assert!(m.ranges.len() <= 10_000);
        assert_eq!(m.get(5).as_deref(), Some("F"));
        let _ = parse(b"<<<<<<[[[[((((\\");
    }
}
