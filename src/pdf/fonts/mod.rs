//! Fonts: from a font dictionary to Unicode text and glyph widths.

pub mod standard14;
