//! The overview's page strip: one cell a page, in page order, coloured by the share of the page's
//! text area withheld (a withheld-page notice in full), so that where the redactions are shows at
//! a glance; leaks outlined in red, the current page in black. A click on a cell goes to the page
//! and lists its redactions. One widget for the whole strip (the cell is found from the pointer):
//! a 2,000-page production costs 2,000 filled rectangles a frame, nothing more.

use egui::{Color32, Pos2, Rect, RichText, Sense, Stroke, Vec2};

use crate::analysis::FileAnalysis;
use crate::analysis::overview::Overview;
use crate::ui::{Command, DossierApp, theme};

/// The colour of a page withheld by `share` (0..=1): pale grey for nothing, then from a light
/// orange to a deep red.
pub(super) fn heat(share: f64) -> Color32 {
    if share <= 0.0 {
        return Color32::from_gray(232);
    }
    let t = share.clamp(0.0, 1.0).powf(0.6) as f32;
    let lerp = |a: u8, b: u8| (f32::from(a) + (f32::from(b) - f32::from(a)) * t).round() as u8;
    Color32::from_rgb(lerp(253, 110), lerp(208, 8), lerp(162, 20))
}

/// Cells of the strip: (columns, rows, cell size) for `n` pages in `width` points.
fn layout(n: usize, width: f32) -> (usize, usize, Vec2) {
    let w = (width / n.max(1) as f32).clamp(6.0, 24.0).floor();
    let cols = ((width / w).floor() as usize).clamp(1, n.max(1));
    let rows = n.div_ceil(cols);
    let h = if rows == 1 { 22.0 } else { 9.0 };
    (cols, rows, Vec2::new(w, h))
}

pub(super) fn ui(app: &mut DossierApp, ui: &mut egui::Ui, a: &FileAnalysis, o: &Overview) {
    ui.label(RichText::new("Where the redactions are").strong());
    let n = o.page_shares.len();
    if n == 0 {
        return;
    }
    ui.weak("One cell a page, darker where more is withheld: click one for its redactions.");
    let (cols, rows, cell) = layout(n, ui.available_width());
    let size = Vec2::new(cols as f32 * cell.x, rows as f32 * cell.y);
    let (rect, resp) = ui.allocate_exact_size(size, Sense::click());
    resp.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Button,
            true,
            "Page strip: withheld share per page",
        )
    });
    let cell_rect = |i: usize| {
        let at = rect.min + Vec2::new((i % cols) as f32 * cell.x, (i / cols) as f32 * cell.y);
        Rect::from_min_size(at, cell).shrink(if cell.x > 7.0 { 0.5 } else { 0.0 })
    };
    let page_at = |pos: Pos2| {
        let d = pos - rect.min;
        if d.x < 0.0 || d.y < 0.0 {
            return None;
        }
        let i = (d.y / cell.y) as usize * cols + (d.x / cell.x) as usize;
        (i < n && (d.x / cell.x) < cols as f32).then_some(i)
    };
    let painter = ui.painter_at(rect);
    for (i, share) in o.page_shares.iter().enumerate() {
        painter.rect_filled(cell_rect(i), 0.0, heat(*share));
    }
    for p in &o.leak_pages {
        let i = (*p as usize).saturating_sub(1);
        if i < n {
            painter.rect_stroke(
                cell_rect(i).shrink(0.5),
                0.0,
                Stroke::new(1.5, theme::LEAK),
                egui::StrokeKind::Inside,
            );
        }
    }
    let current = (app.page as usize).saturating_sub(1);
    if current < n {
        painter.rect_stroke(
            cell_rect(current),
            0.0,
            Stroke::new(1.5, Color32::BLACK),
            egui::StrokeKind::Outside,
        );
    }
    if let Some(i) = resp.hover_pos().and_then(page_at) {
        let page = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let reds = &a.redactions;
        let from = reds.partition_point(|r| r.page < page);
        let count = (reds.get(from..).unwrap_or_default()).partition_point(|r| r.page <= page);
        let share = o.page_shares.get(i).copied().unwrap_or(0.0);
        let leak = if o.leak_pages.binary_search(&page).is_ok() {
            " · LEAK"
        } else {
            ""
        };
        painter.rect_stroke(
            cell_rect(i),
            0.0,
            Stroke::new(1.0, theme::FLASH),
            egui::StrokeKind::Outside,
        );
        resp.clone().on_hover_text_at_pointer(format!(
            "{} · {:.0}% withheld · {count} redaction(s){leak}",
            a.cite(page),
            share * 100.0
        ));
    }
    if resp.clicked()
        && let Some(i) = resp.interact_pointer_pos().and_then(page_at)
    {
        let page = u32::try_from(i + 1).unwrap_or(u32::MAX);
        app.commands.push(Command::ShowRedactions {
            code: None,
            pages: Some((page, page)),
            leaks: false,
        });
        app.commands.push(Command::GoTo(page, None));
    }
    // The key.
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 2.0;
        ui.weak("0%");
        for s in [0.0, 0.1, 0.3, 0.6, 1.0] {
            let (r, _) = ui.allocate_exact_size(Vec2::new(14.0, 10.0), Sense::hover());
            ui.painter().rect_filled(r, 0.0, heat(s));
        }
        ui.weak("100% withheld  ·  ");
        ui.colored_label(theme::LEAK, "red outline: leak");
        ui.weak("  ·  black: current page");
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_fill_the_width_and_wrap() {
        assert_eq!(layout(12, 380.0), (12, 1, Vec2::new(24.0, 22.0)));
        let (cols, rows, cell) = layout(2000, 380.0);
        assert_eq!((cols, cell.x), (63, 6.0));
        assert_eq!(rows, 32);
        assert!(heat(0.0) != heat(0.01) && heat(1.0) != heat(0.5));
    }
}
