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
    /// (first code, last code, text of the first code as UTF-16 units), in file order. Where
    /// ranges overlap, the first one read wins.
    ranges: Vec<(u32, u32, Vec<u16>)>,
    /// The ranges as sorted, disjoint segments `(first code, last code, index in ranges)`, each
    /// held by the first range covering it: lookups are a binary search.
    segments: Vec<(u32, u32, usize)>,
    /// Byte lengths declared by `begincodespacerange` (sorted, deduplicated).
    pub code_lengths: Vec<u8>,
}

impl ToUnicode {
    /// The text of `code`, if mapped.
    pub fn get(&self, code: u32) -> Option<std::borrow::Cow<'_, str>> {
        if let Some(s) = self.singles.get(&code) {
            return Some(std::borrow::Cow::Borrowed(s));
        }
        let at = self.segments.partition_point(|&(_, hi, _)| hi < code);
        let &(first, _, index) = self.segments.get(at)?;
        let (lo, _, base) = self.ranges.get(index)?;
        if code < first {
            return None;
        }
        let mut units = base.clone();
        if let Some(last) = units.last_mut() {
            *last = last.wrapping_add(u16::try_from(code - lo).unwrap_or(0));
        }
        Some(std::borrow::Cow::Owned(String::from_utf16_lossy(&units)))
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
    map.segments = segments(&map.ranges);
    map
}

/// Splits `ranges` (`(first, last, _)`, in file order) into sorted disjoint segments, each given
/// to the first range that covers it, adjacent pieces of one range merged: a sweep over the
/// sorted ends with a heap of the ranges open at each point, O(n log n).
fn segments<T>(ranges: &[(u32, u32, T)]) -> Vec<(u32, u32, usize)> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;

    // Events at u64 points so that `last + 1` of a range ending at u32::MAX does not overflow.
    let mut starts: Vec<(u64, usize)> = ranges
        .iter()
        .enumerate()
        .filter(|(_, (lo, hi, _))| lo <= hi)
        .map(|(k, (lo, _, _))| (u64::from(*lo), k))
        .collect();
    starts.sort_unstable();
    let mut points: Vec<u64> = ranges
        .iter()
        .filter(|(lo, hi, _)| lo <= hi)
        .flat_map(|(lo, hi, _)| [u64::from(*lo), u64::from(*hi) + 1])
        .collect();
    points.sort_unstable();
    points.dedup();
    let end_of = |k: usize| ranges.get(k).map_or(0, |(_, hi, _)| u64::from(*hi) + 1);

    let mut out: Vec<(u32, u32, usize)> = Vec::new();
    let mut open: BinaryHeap<Reverse<usize>> = BinaryHeap::new();
    let mut next = 0;
    for pair in points.windows(2) {
        let (from, to) = (pair[0], pair[1]);
        while let Some(&(at, k)) = starts.get(next)
            && at <= from
        {
            open.push(Reverse(k));
            next += 1;
        }
        // Ranges that ended at or before `from` leave (lazily, when they reach the top).
        while let Some(&Reverse(k)) = open.peek()
            && end_of(k) <= from
        {
            open.pop();
        }
        let Some(&Reverse(winner)) = open.peek() else {
            continue;
        };
        let (Ok(first), Ok(last)) = (u32::try_from(from), u32::try_from(to - 1)) else {
            continue;
        };
        match out.last_mut() {
            Some((_, prev_last, k)) if *k == winner && u64::from(*prev_last) + 1 == from => {
                *prev_last = last;
            }
            _ => out.push((first, last, winner)),
        }
    }
    out
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

    #[test]
    fn range_boundaries() {
        let m = parse(
            b"beginbfrange <0100> <0200> <0041> <0300> <FFFF> <4E00> \
              <FFFFFE00> <FFFFFFFF> <0061> endbfrange",
        );
        assert_eq!(m.segments.len(), 3);
        assert_eq!(m.get(0x00FF), None);
        assert_eq!(m.get(0x0100).as_deref(), Some("A"));
        assert_eq!(m.get(0x0101).as_deref(), Some("B"));
        assert_eq!(m.get(0x01FF).as_deref(), Some("\u{0140}"));
        assert_eq!(m.get(0x0200).as_deref(), Some("\u{0141}"));
        assert_eq!(m.get(0x0201), None);
        assert_eq!(m.get(0x02FF), None);
        assert_eq!(m.get(0x0300).as_deref(), Some("\u{4E00}"));
        // The last unit wraps around (u16 arithmetic, as before).
        assert_eq!(m.get(0xFFFF).as_deref(), Some("\u{4AFF}"));
        assert_eq!(m.get(0x1_0000), None);
        assert_eq!(m.get(0xFFFF_FE00).as_deref(), Some("a"));
        assert_eq!(m.get(0xFFFF_FF00).as_deref(), Some("\u{0161}"));
        assert_eq!(m.get(0xFFFF_FFFF).as_deref(), Some("\u{0260}"));
        assert_eq!(m.get(0xFFFF_FDFF), None);
    }

    #[test]
    fn overlapping_ranges_first_wins_and_singles_beat_ranges() {
        // The second range lies inside the first; the third straddles the end of the first.
        let m = parse(
            b"beginbfrange <1000> <1FFF> <0041> <1400> <17FF> <0061> <1F00> <2FFF> <4E00> endbfrange \
              beginbfchar <1005> <005A> endbfchar",
        );
        assert_eq!(m.get(0x1000).as_deref(), Some("A"));
        assert_eq!(m.get(0x1005).as_deref(), Some("Z"));
        assert_eq!(m.get(0x1401).as_deref(), Some("\u{0442}"));
        assert_eq!(m.get(0x1FFF).as_deref(), Some("\u{1040}"));
        assert_eq!(m.get(0x2000).as_deref(), Some("\u{4F00}"));
        assert_eq!(m.get(0x2FFF).as_deref(), Some("\u{5EFF}"));
        assert_eq!(m.get(0x3000), None);
        // The first range is one segment (its inner pieces merged back), the third one more.
        assert_eq!(m.segments, vec![(0x1000, 0x1FFF, 0), (0x2000, 0x2FFF, 2)]);
    }

    #[test]
    fn segments_of_nested_and_later_outer_ranges() {
        // A later range around an earlier one holds what the earlier one leaves.
        let r = [(10u32, 19u32, ()), (0, 29, ()), (15, 40, ()), (50, 50, ())];
        assert_eq!(
            segments(&r),
            vec![
                (0, 9, 1),
                (10, 19, 0),
                (20, 29, 1),
                (30, 40, 2),
                (50, 50, 3)
            ]
        );
        assert_eq!(segments::<()>(&[]), vec![]);
        let whole = [(0u32, u32::MAX, ()), (0, u32::MAX, ())];
        assert_eq!(segments(&whole), vec![(0, u32::MAX, 0)]);
    }

    #[test]
    fn lookups_match_a_linear_scan() {
        // Many overlapping ranges of a pseudo-random layout: the binary search gives what the
        // first range in file order gives.
        let mut data = b"beginbfrange ".to_vec();
        let mut x: u32 = 12345;
        let mut ranges = Vec::new();
        for _ in 0..300 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let lo = (x >> 8) % 60_000;
            let hi = lo + 256 + (x % 3000);
            data.extend_from_slice(
                format!("<{lo:08X}> <{hi:08X}> <{:04X}> ", 0x4E00 + (x % 500)).as_bytes(),
            );
            ranges.push((lo, hi, 0x4E00 + (x % 500)));
        }
        let m = parse(&data);
        for code in (0..70_000).step_by(7) {
            let want = ranges
                .iter()
                .find(|(lo, hi, _)| (*lo..=*hi).contains(&code))
                .map(|(lo, _, base)| {
                    String::from_utf16_lossy(&[(*base as u16).wrapping_add((code - lo) as u16)])
                });
            assert_eq!(m.get(code).map(|c| c.into_owned()), want, "code {code}");
        }
    }
}
