//! OCR in the app (its menu is in [`super::menu`]): the options as used, the mark every finding
//! read from a picture carries in the lists, the current page's OCR line for the status bar, and
//! the optional overlay of the words OCR read, coloured by confidence.

use std::sync::OnceLock;

use egui::{Color32, Pos2, Rect as ERect, RichText, Stroke, StrokeKind};

use super::theme;
use crate::geometry::Rect;
use crate::ocr::{OcrMode, OcrOptions};
use crate::pdf::{OcrInfo, PageModel, Provenance, Source};

/// Hover text of a low-confidence read.
pub const LOW_CONFIDENCE_HOVER: &str =
    "read by OCR from a page image with low confidence; check against the page";

/// The OCR engine and its version (or why there is none), asked once per run.
pub fn engine() -> &'static Result<String, String> {
    static ENGINE: OnceLock<Result<String, String>> = OnceLock::new();
    ENGINE.get_or_init(crate::ocr::engine_version)
}

/// The options as the user left them, made usable: languages `+`-joined without blanks, the
/// default languages when the field is empty.
pub fn effective(o: &OcrOptions) -> OcrOptions {
    let langs: Vec<&str> = o
        .languages
        .split(|c: char| c == '+' || c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .collect();
    let mut o = o.clone();
    o.languages = if langs.is_empty() {
        OcrOptions::default().languages
    } else {
        langs.join("+")
    };
    o
}

/// A one-line summary of OCR options: `OCR auto, eng+fra`.
pub fn summary(o: &OcrOptions) -> String {
    match o.mode {
        OcrMode::Never => "OCR off".to_string(),
        m => format!("OCR {}, {}", m.as_str(), effective(o).languages),
    }
}

/// The colour of an OCR word's confidence: green, amber, red under the low-confidence line.
pub fn confidence_color(conf: f32) -> Color32 {
    if conf < Provenance::LOW_CONFIDENCE {
        theme::LEAK
    } else if conf < 0.85 {
        theme::OCR_LOW
    } else {
        theme::OCR_GOOD
    }
}

/// Shows a finding's provenance mark after its row, when it was not read from the file's text:
/// weak `OCR 87%`, `OCR layer` or `image`; a low-confidence read in the warning colour.
pub fn mark(ui: &mut egui::Ui, p: &Provenance) {
    if p.source == Source::Text {
        return;
    }
    let (color, hover) = if p.is_low_confidence() {
        (theme::OCR_LOW, LOW_CONFIDENCE_HOVER.to_string())
    } else {
        let hover = match (p.source, p.ocr_confidence) {
            (Source::Ocr, Some(c)) => format!(
                "read by OCR from a page image (lowest word confidence {:.0}%): a machine read \
                 this, not the file's text",
                c * 100.0
            ),
            (Source::Ocr, None) => "read from an OCR layer in the file (made by another \
                                    program, confidence unknown); check against the page"
                .to_string(),
            _ => "seen in the pixels of a page image; no text in the file".to_string(),
        };
        (ui.visuals().weak_text_color(), hover)
    };
    ui.label(RichText::new(p.mark()).small().color(color))
        .on_hover_text(hover);
}

/// Dossier read the whole page (not only the exemption labels around its redactions).
pub fn read_whole_page(info: &OcrInfo) -> bool {
    info.full_page
}

/// The status line of a page read by OCR: `page read by OCR (tesseract 5.3.0, eng+fra, 150 dpi,
/// mean confidence 91%, from cache)`; for a page whose text is an OCR layer in the file, says so.
pub fn page_line(page: &PageModel) -> Option<String> {
    if let Some(info) = page.ocr.as_ref().filter(|i| read_whole_page(i)) {
        return Some(format!(
            "page read by OCR ({}, {}, {} dpi{}, {} words, mean confidence {:.0}%{})",
            info.engine,
            info.languages,
            info.dpi,
            if info.raster == "render" {
                ", page drawn"
            } else {
                ""
            },
            info.words,
            info.mean_confidence * 100.0,
            if info.cached { ", from cache" } else { "" }
        ));
    }
    // An invisible text layer over a picture: someone else's OCR.
    let (mut layer, mut other) = (0usize, 0usize);
    for r in &page.runs {
        if r.render_mode == 3 && r.ocr_conf.is_none() {
            layer += r.chars.len();
        } else if r.render_mode != 7 && r.ocr_conf.is_none() {
            other += r.chars.len();
        }
    }
    let layer = (layer > other && !page.images.is_empty())
        .then_some("page text is an OCR layer in the file (confidence unknown)");
    let labels = page.ocr.as_ref().map(|i| {
        format!(
            "labels around redactions read by OCR ({}, {} dpi, {} found{})",
            i.engine,
            i.dpi,
            i.words,
            if i.cached { ", from cache" } else { "" }
        )
    });
    match (layer, labels) {
        (Some(l), Some(c)) => Some(format!("{l}; {c}")),
        (Some(l), None) => Some(l.to_string()),
        (None, c) => c,
    }
}

/// Thin boxes around the words of a page that were read from its picture: Dossier's OCR coloured
/// by confidence, OCR layers of the file in grey. Returns the word under `pointer`, if any, with
/// its confidence (for a hover text).
pub fn draw_words(
    painter: &egui::Painter,
    page: &PageModel,
    to_screen: impl Fn(&Rect) -> ERect,
    pointer: Option<Pos2>,
) -> Option<(String, Option<f32>)> {
    let mut under = None;
    for r in page.runs.iter().filter(|r| r.is_ocr()) {
        let sr = to_screen(&r.bbox);
        let color = r.ocr_conf.map_or(theme::MUTED, confidence_color);
        painter.rect_stroke(sr, 0.0, Stroke::new(1.0, color), StrokeKind::Outside);
        if under.is_none() && pointer.is_some_and(|p| sr.contains(p)) {
            under = Some((r.text.clone(), r.ocr_conf));
        }
    }
    under
}

/// The OCR overlays of a page: its badge, and (when `words`) its OCR words with the one under
/// the pointer in a hover text.
pub fn page_overlay(
    painter: &egui::Painter,
    rect: ERect,
    page: &PageModel,
    resp: &egui::Response,
    to_screen: impl Fn(&Rect) -> ERect,
    words: bool,
) {
    if let Some(info) = &page.ocr {
        page_badge(painter, rect, info);
    }
    if words && let Some((word, conf)) = draw_words(painter, page, to_screen, resp.hover_pos()) {
        resp.clone().on_hover_text_at_pointer(match conf {
            Some(c) => format!("OCR read “{word}” ({:.0}%)", c * 100.0),
            None => format!("OCR layer of the file: “{word}”"),
        });
    }
}

/// A small badge in the top-right corner of a page read by OCR: `OCR 91%`.
pub fn page_badge(painter: &egui::Painter, page_rect: ERect, info: &OcrInfo) {
    if !read_whole_page(info) {
        return;
    }
    let text = format!("OCR {:.0}%", info.mean_confidence * 100.0);
    let font = egui::FontId::proportional(11.0);
    let galley = painter.layout_no_wrap(text, font, Color32::WHITE);
    let size = galley.size() + egui::vec2(8.0, 4.0);
    let rect = ERect::from_min_size(
        Pos2::new(page_rect.right() - size.x - 4.0, page_rect.top() + 4.0),
        size,
    );
    let fill = if info.mean_confidence < Provenance::LOW_CONFIDENCE {
        theme::OCR_LOW
    } else {
        theme::OCR_BADGE
    };
    painter.rect_filled(rect, 3.0, fill);
    painter.galley(rect.min + egui::vec2(4.0, 2.0), galley, Color32::WHITE);
}
