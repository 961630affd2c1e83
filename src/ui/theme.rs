//! Every colour of the app, in one place: a calm light theme, a stable colour per exemption code,
//! an alarming red for leaks. The findings' colours are [`crate::export::colours`], which the
//! annotated PDF uses too.

use egui::Color32;

use crate::export::colours::{self, Rgb};

const fn rgb(c: Rgb) -> Color32 {
    Color32::from_rgb(c[0], c[1], c[2])
}

/// Leaks: text still under a redaction.
pub const LEAK: Color32 = rgb(colours::LEAK);
/// Leak fill over the page.
pub const LEAK_FILL: Color32 = Color32::from_rgba_premultiplied(120, 10, 14, 70);
/// Redactions without a code.
pub const NO_CODE: Color32 = rgb(colours::NO_CODE);
/// People's mentions.
pub const PERSON: Color32 = rgb(colours::PERSON);
/// Permit citations.
pub const PERMIT: Color32 = rgb(colours::PERMIT);
/// User tags.
pub const TAG: Color32 = rgb(colours::TAG);
/// Search hits.
pub const SEARCH: Color32 = Color32::from_rgba_premultiplied(120, 100, 0, 90);
/// The box a jump lands on.
pub const FLASH: Color32 = Color32::from_rgb(250, 190, 0);
/// Page outline.
pub const PAGE_BORDER: Color32 = Color32::from_rgb(190, 190, 196);
/// Placeholder text.
pub const MUTED: Color32 = Color32::from_rgb(150, 150, 160);
/// A read by OCR to check: low confidence marks, middling OCR words.
pub const OCR_LOW: Color32 = Color32::from_rgb(204, 112, 0);
/// OCR words read with good confidence.
pub const OCR_GOOD: Color32 = Color32::from_rgb(40, 150, 70);
/// The "read by OCR" badge on a page.
pub const OCR_BADGE: Color32 = Color32::from_rgb(90, 90, 110);

/// A stable colour for an exemption code (same code, same colour, in every session).
pub fn code_color(code: &str) -> Color32 {
    rgb(colours::code_color(code))
}

/// How a redaction box is drawn on the page: red when its text leaks, else its first code's
/// colour (grey without a code). Stroke and fill.
pub fn redaction_style(leaks: bool, codes: &[String]) -> (egui::Stroke, Color32) {
    if leaks {
        (egui::Stroke::new(2.5, LEAK), LEAK_FILL)
    } else {
        let c = rgb(colours::redaction_color(false, codes));
        (egui::Stroke::new(2.0, c), c.gamma_multiply(0.15))
    }
}

/// The light theme.
pub fn apply(ctx: &egui::Context) {
    ctx.set_visuals(egui::Visuals::light());
    fonts(ctx);
}

/// egui's fonts, with its monospace font (Hack) behind the proportional one for the signs that
/// has and it lacks: `███` standing for a redaction in context lines, the sort arrows `▲ ▼`.
pub fn fonts(ctx: &egui::Context) {
    let mut defs = egui::FontDefinitions::default();
    if defs.font_data.contains_key("Hack")
        && let Some(family) = defs.families.get_mut(&egui::FontFamily::Proportional)
        && !family.iter().any(|f| f == "Hack")
    {
        family.push("Hack".to_string());
    }
    ctx.set_fonts(defs);
}
