//! The colours of findings, shared by the screen (`ui::theme`) and the annotated copy of a PDF:
//! a stable colour per exemption code, an alarming red for leaks, one colour each for people,
//! permits and the user's tags. Plain RGB, no GUI type.

/// An RGB colour.
pub type Rgb = [u8; 3];

/// Leaks: text still under a redaction.
pub const LEAK: Rgb = [214, 31, 38];
/// Redactions without a code.
pub const NO_CODE: Rgb = [110, 110, 120];
/// People's mentions.
pub const PERSON: Rgb = [30, 110, 200];
/// Permit citations.
pub const PERMIT: Rgb = [0, 150, 110];
/// User tags.
pub const TAG: Rgb = [230, 140, 0];

/// The exemption codes' colours.
pub const PALETTE: [Rgb; 10] = [
    [91, 60, 196],
    [0, 121, 191],
    [210, 105, 30],
    [46, 139, 87],
    [199, 21, 133],
    [128, 128, 0],
    [70, 130, 180],
    [160, 82, 45],
    [0, 139, 139],
    [112, 128, 144],
];

/// A stable colour for an exemption code (same code, same colour, in every session and file).
pub fn code_color(code: &str) -> Rgb {
    let h = code.bytes().fold(2166136261u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(16777619)
    });
    PALETTE[(h as usize) % PALETTE.len()]
}

/// A redaction's outline: red when its text leaks, else its first code's colour (grey without a
/// code).
pub fn redaction_color(leaks: bool, codes: &[String]) -> Rgb {
    if leaks {
        LEAK
    } else {
        codes.first().map_or(NO_CODE, |c| code_color(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_keeps_its_colour() {
        assert_eq!(code_color("15(1)"), code_color("15(1)"));
        assert_eq!(redaction_color(true, &["15(1)".into()]), LEAK);
        assert_eq!(redaction_color(false, &[]), NO_CODE);
        assert_eq!(
            redaction_color(false, &["19(1)".into()]),
            code_color("19(1)")
        );
    }
}
