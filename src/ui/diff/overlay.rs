//! The released text over the box: on the withholding copy's page, each box a passage fills
//! gets a light fill with the released words fitted in it (the whole text and the codes on
//! hover); on the releasing copy's page, the released words are highlighted.

use egui::{Color32, FontId, Rect as ERect, Sense, Stroke, StrokeKind};

use super::{DossierApp, Row};
use crate::compare::{Change, Comparison, Which};
use crate::geometry::Rect;
use crate::redactions::codes;

/// The fill over a box whose text the other copy releases: light, nearly opaque, so the
/// released words read over the black box.
const OVER_FILL: Color32 = Color32::from_rgba_premultiplied(250, 244, 205, 236);
/// Its outline.
const OVER_STROKE: Color32 = Color32::from_rgb(214, 150, 0);
/// The released words on the other copy's page.
const RELEASED_FILL: Color32 = Color32::from_rgba_premultiplied(40, 150, 70, 60);
/// The row last clicked.
const SELECTED: Color32 = Color32::from_rgb(250, 120, 0);

/// What a page's overlay draws from.
pub(super) struct Overlay<'a> {
    /// The comparison.
    pub cmp: &'a Comparison,
    /// The copies this page belongs to (both for one production's repeated passages).
    pub sides: &'a [Which],
    /// The change selected in the list.
    pub selected: Option<usize>,
    /// Names of A and B, for the hover texts of pages without a stamp.
    pub names: [&'a str; 2],
    /// Salt of the hover areas' ids (the column).
    pub salt: usize,
}

/// Draws the overlay of page `page`; `to_screen` maps page points to the screen.
pub(super) fn draw(
    ui: &egui::Ui,
    painter: &egui::Painter,
    o: &Overlay<'_>,
    page: u32,
    to_screen: &dyn Fn(&Rect) -> ERect,
) {
    for (i, c) in o.cmp.changes.iter().enumerate() {
        for &side in o.sides {
            if c.at(side).0 != page {
                continue;
            }
            let selected = o.selected == Some(i);
            if c.withheld_in == side {
                over_boxes(ui, painter, o, i, c, selected, to_screen);
            } else {
                released(ui, painter, o, i, c, selected, to_screen);
            }
        }
    }
}

/// The single page view's overlay, when switched on and a comparison of the file was run.
pub(in crate::ui) fn single(
    app: &DossierApp,
    ui: &egui::Ui,
    painter: &egui::Painter,
    file: usize,
    page: u32,
    to_screen: &dyn Fn(&Rect) -> ERect,
) {
    if !app.diff.overlay {
        return;
    }
    let Some(d) = app.diff_for_file(file) else {
        return;
    };
    let mut sides = Vec::with_capacity(2);
    if d.a == file {
        sides.push(Which::A);
    }
    if d.b == file {
        sides.push(Which::B);
    }
    let (na, nb) = (super::file_name(app, d.a), super::file_name(app, d.b));
    let selected = match app.diff.selected {
        Some(Row::Change(i)) => Some(i),
        _ => None,
    };
    let o = Overlay {
        cmp: &d.result,
        sides: &sides,
        selected,
        names: [&na, &nb],
        salt: 9,
    };
    draw(ui, painter, &o, page, to_screen);
}

/// The hover text of a change: the whole released text, the codes and both places.
fn tip(o: &Overlay<'_>, c: &Change) -> String {
    let mut t = super::change_sentence(c, o.names[0], o.names[1]);
    for code in &c.codes {
        t.push_str(&format!(
            "\ns.{code}: {}",
            codes::explain(code).map_or("unknown code", |i| i.protects.as_str())
        ));
    }
    t
}

fn over_boxes(
    ui: &egui::Ui,
    painter: &egui::Painter,
    o: &Overlay<'_>,
    i: usize,
    c: &Change,
    selected: bool,
    to_screen: &dyn Fn(&Rect) -> ERect,
) {
    let rects: Vec<ERect> = c.withheld_boxes.iter().map(to_screen).collect();
    let Some(all) = rects.iter().copied().reduce(|a, b| a.union(b)) else {
        return;
    };
    let widths: Vec<f32> = rects.iter().map(ERect::width).collect();
    for (r, text) in rects.iter().zip(split_over(&c.text, &widths)) {
        painter.rect_filled(*r, 1.0, OVER_FILL);
        painter.rect_stroke(*r, 1.0, Stroke::new(1.0, OVER_STROKE), StrokeKind::Outside);
        fitted_text(painter, *r, &text);
    }
    if selected {
        painter.rect_stroke(
            all.expand(3.0),
            2.0,
            Stroke::new(2.5, SELECTED),
            StrokeKind::Outside,
        );
    }
    let hover = ui.interact(all, ui.scope_id().with(("over", o.salt, i)), Sense::hover());
    // Named for screen readers (and tests).
    hover.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Unknown,
            true,
            format!("released over the box: {}", c.text),
        )
    });
    hover.on_hover_text(tip(o, c));
}

fn released(
    ui: &egui::Ui,
    painter: &egui::Painter,
    o: &Overlay<'_>,
    i: usize,
    c: &Change,
    selected: bool,
    to_screen: &dyn Fn(&Rect) -> ERect,
) {
    let rects: Vec<ERect> = c.released_boxes.iter().map(to_screen).collect();
    let Some(all) = rects.iter().copied().reduce(|a, b| a.union(b)) else {
        return;
    };
    for r in &rects {
        painter.rect_filled(r.expand(1.0), 1.0, RELEASED_FILL);
    }
    if selected {
        painter.rect_stroke(
            all.expand(3.0),
            2.0,
            Stroke::new(2.5, SELECTED),
            StrokeKind::Outside,
        );
    }
    let hover = ui.interact(
        all,
        ui.scope_id().with(("released", o.salt, i)),
        Sense::hover(),
    );
    hover.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Unknown,
            true,
            format!("released here, withheld in the other copy: {}", c.text),
        )
    });
    hover.on_hover_text(tip(o, c));
}

/// `text` in `r`, as large as the box allows (never below 5 px: then cut at the box's edge).
fn fitted_text(painter: &egui::Painter, r: ERect, text: &str) {
    if text.is_empty() || r.width() < 2.0 || r.height() < 2.0 {
        return;
    }
    let colour = Color32::from_rgb(40, 30, 0);
    let mut size = (r.height() * 0.78).clamp(5.0, 28.0);
    let mut galley = painter.layout_no_wrap(text.to_string(), FontId::proportional(size), colour);
    let room = r.width() - 3.0;
    if galley.size().x > room && galley.size().x > 0.0 {
        size = (size * room / galley.size().x).max(5.0);
        galley = painter.layout_no_wrap(text.to_string(), FontId::proportional(size), colour);
    }
    let pos = egui::pos2(r.left() + 1.5, r.center().y - galley.size().y / 2.0);
    painter
        .with_clip_rect(r.intersect(painter.clip_rect()))
        .galley(pos, galley, colour);
}

/// `text` cut into one piece per box, at word boundaries, each box's share of the words as its
/// share of the boxes' width (a passage over three lines has three boxes).
pub(super) fn split_over(text: &str, widths: &[f32]) -> Vec<String> {
    let n = widths.len();
    if n <= 1 {
        return vec![text.to_string(); n];
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let total_w: f32 = widths.iter().map(|w| w.max(0.0)).sum::<f32>().max(1.0);
    let total_c: usize = words.iter().map(|w| w.chars().count() + 1).sum();
    let mut out = vec![String::new(); n];
    let (mut k, mut acc_w, mut acc_c) = (0, widths[0].max(0.0), 0usize);
    for w in words {
        // Move on once this box holds its share (the last box takes the rest).
        while k + 1 < n && acc_c as f32 >= acc_w / total_w * total_c as f32 {
            k += 1;
            acc_w += widths[k].max(0.0);
        }
        if !out[k].is_empty() {
            out[k].push(' ');
        }
        out[k].push_str(w);
        acc_c += w.chars().count() + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::split_over;

    #[test]
    fn a_passage_spreads_over_its_boxes_by_width() {
        let parts = split_over("one two three four five six", &[100.0, 100.0]);
        assert_eq!(parts, vec!["one two three", "four five six"]);
        let parts = split_over("one two three four", &[300.0, 100.0]);
        assert_eq!(parts.len(), 2);
        assert!(parts[0].split(' ').count() >= 3, "{parts:?}");
        assert_eq!(split_over("a b", &[10.0]), vec!["a b"]);
        assert!(split_over("a b", &[]).is_empty());
        // Every word is kept, in order.
        let text = "w1 w2 w3 w4 w5 w6 w7";
        assert_eq!(split_over(text, &[5.0, 50.0, 20.0]).join(" "), text);
    }
}
