//! The page view: the pages of the current file stacked in a scroll area (only the visible ones
//! drawn, rendered off the UI thread and cached near the view), with the findings laid over
//! them, the search hits, the flash of the box last jumped to, and tagging by shift-drag or
//! double-click.

use std::time::Duration;

use egui::{Color32, Pos2, Rect as ERect, Sense, Stroke, StrokeKind, Vec2};

use super::{Command, DossierApp, geom, ocr, partial, theme};
use crate::geometry::{Point, Rect};
use crate::redactions::codes;

/// Space between pages, in screen pixels.
const GAP: f32 = 12.0;

pub(super) fn ui(app: &mut DossierApp, ui: &mut egui::Ui) {
    let Some(file) = app.files.get(app.current) else {
        let hint = if app.case.is_some() {
            "Open a production from the case panel, or drop PDFs here to add them to the case."
        } else {
            "Dossier — open a production (File > Open files…) or drop PDFs here."
        };
        ui.centered_and_justified(|ui| {
            ui.label(hint);
        });
        return;
    };
    if file.boxes.is_empty() {
        ui.label("Opening…");
        return;
    }
    super::case::banner(app, ui);
    let boxes = file.boxes.clone();
    let avail = ui.available_width() - 24.0;
    let max_w = boxes
        .iter()
        .map(|(b, r)| geom::PageGeom::unplaced(*b, *r).display_width() as f32)
        .fold(1.0_f32, f32::max);
    let max_h = boxes
        .iter()
        .map(|(b, r)| geom::PageGeom::unplaced(*b, *r).display_height() as f32)
        .fold(1.0_f32, f32::max);
    let zoom = if app.zoom < 0.0 {
        (avail / max_w)
            .min((ui.available_height() - GAP) / max_h)
            .clamp(0.2, 6.0)
    } else if app.zoom == 0.0 {
        (avail / max_w).clamp(0.2, 6.0)
    } else {
        app.zoom
    };
    let bucket = (zoom * 100.0).round() as u32;
    let heights: Vec<f32> = boxes
        .iter()
        .map(|(b, r)| geom::PageGeom::unplaced(*b, *r).display_height() as f32 * zoom)
        .collect();
    let mut tops = Vec::with_capacity(heights.len());
    let mut y = 0.0;
    for h in &heights {
        tops.push(y);
        y += h + GAP;
    }
    let total = y;
    let mut area = egui::ScrollArea::vertical().auto_shrink([false, false]);
    if let Some(p) = app.scroll_to.take()
        && let Some(t) = tops.get(p as usize - 1)
    {
        area = area.vertical_scroll_offset(*t);
    }
    let analysis = app.analysis().cloned();
    let cur = app.current;
    // While the analysis runs (or after it was cancelled): the pages done so far.
    // (Taken out of the file while the pages are drawn, put back after.)
    let partial_store = app
        .files
        .get_mut(cur)
        .map(|f| std::mem::take(&mut f.partial));
    let partial = partial_store
        .as_ref()
        .filter(|p| analysis.is_none() && !p.is_empty());
    let mut want: Vec<(usize, u32, u32, f32)> = Vec::new();
    let mut visible_first = None;
    let mut new_tag: Option<(u32, Rect)> = None;
    area.show_viewport(ui, |ui, viewport| {
        ui.set_min_height(total);
        ui.set_min_width(avail);
        let origin = ui.min_rect().min;
        for (i, (b, rot)) in boxes.iter().enumerate() {
            let top = tops.get(i).copied().unwrap_or(0.0);
            let h = heights.get(i).copied().unwrap_or(0.0);
            if top + h < viewport.min.y || top > viewport.max.y {
                continue;
            }
            let page = u32::try_from(i + 1).unwrap_or(u32::MAX);
            if visible_first.is_none() && top + h * 0.5 >= viewport.min.y {
                visible_first = Some(page);
            }
            let w = geom::PageGeom::unplaced(*b, *rot).display_width() as f32 * zoom;
            let rect = ERect::from_min_size(origin + Vec2::new(12.0, top), Vec2::new(w, h));
            let painter = ui.painter_at(rect.expand(4.0));
            painter.rect_filled(rect, 0.0, Color32::WHITE);
            painter.rect_stroke(
                rect,
                0.0,
                Stroke::new(1.0, theme::PAGE_BORDER),
                StrokeKind::Outside,
            );
            match app.textures.get(&(cur, page, bucket)) {
                Some(tex) => {
                    painter.image(
                        tex.id(),
                        rect,
                        ERect::from_min_max(Pos2::ZERO, Pos2::new(1.0, 1.0)),
                        Color32::WHITE,
                    );
                }
                None => {
                    // A page is drawn once it is read: a page whose images or streams could
                    // make the renderer allocate without bound says so instead.
                    let model = analysis
                        .as_ref()
                        .and_then(|a| a.pages.get(i))
                        .or_else(|| partial.and_then(|p| p.page(page)).map(|p| &p.page));
                    let hazard = model.and_then(crate::pdf::PageModel::render_hazard);
                    let label = match &hazard {
                        Some(why) => format!("page {page} is not drawn: {why}"),
                        None => format!("page {page}"),
                    };
                    painter.text(
                        rect.center(),
                        egui::Align2::CENTER_CENTER,
                        label,
                        egui::FontId::proportional(14.0),
                        theme::MUTED,
                    );
                    if model.is_some() && hazard.is_none() {
                        want.push((cur, page, bucket, zoom));
                    }
                }
            }
            // The page senses clicks and drags first, so that the overlays drawn on it (with
            // their hover texts) sit above it.
            let resp = ui.interact(
                rect,
                ui.scope_id().with(("page", page)),
                Sense::click_and_drag(),
            );
            // Overlays: PDF points → screen, turned like the rendered page. A page read in a
            // turned frame (PageModel::turn) gives its findings in that frame: its model's
            // crop box and rotation show that frame as the page is drawn.
            let (frame_box, frame_rot) = analysis
                .as_ref()
                .and_then(|a| a.pages.get(i))
                .or_else(|| partial.and_then(|p| p.page(page)).map(|p| &p.page))
                .filter(|m| m.turn != 0)
                .map_or((*b, *rot), |m| (m.crop_box, m.rotate));
            let g = geom::PageGeom {
                page: frame_box,
                rotate: frame_rot,
                zoom,
                origin: rect.min,
            };
            let to_screen = |r: &Rect| g.to_screen(r);
            {
                if let Some(a) = &analysis {
                    for r in a.redactions.iter().filter(|r| r.page == page) {
                        let Some(bb) = r.bbox else { continue };
                        let sr = to_screen(&bb);
                        let corr = app.correction(&a.sha256, &r.id);
                        let codes = corr.and_then(|c| c.codes.as_ref()).unwrap_or(&r.codes);
                        let (stroke, fill) = if corr.is_some_and(|c| c.dismissed) {
                            (Stroke::new(1.0, theme::MUTED), Color32::TRANSPARENT)
                        } else {
                            theme::redaction_style(r.leaked_text.is_some(), codes)
                        };
                        painter.rect_filled(sr, 1.0, fill);
                        painter.rect_stroke(sr, 1.0, stroke, StrokeKind::Outside);
                        let hover = ui.interact(
                            sr,
                            ui.scope_id().with(("red", page, &r.id)),
                            Sense::hover(),
                        );
                        // Named for screen readers (and tests): "redaction red-p1-1".
                        hover.widget_info(|| {
                            egui::WidgetInfo::labeled(
                                egui::Role::Unknown,
                                true,
                                format!("redaction {}", r.id),
                            )
                        });
                        let mut tip = codes
                            .iter()
                            .map(|c| {
                                format!(
                                    "s.{c}: {}",
                                    codes::explain(c)
                                        .map_or("unknown code", |i| i.protects.as_str())
                                )
                            })
                            .collect::<Vec<_>>()
                            .join("\n");
                        if let Some(t) = &r.leaked_text {
                            let place = r.leak_found_in.as_deref().map_or_else(
                                || "in the file".to_string(),
                                crate::redactions::hidden::where_found,
                            );
                            tip.push_str(&format!("\nLEAK — still {place}: {t}"));
                        }
                        if !tip.is_empty() {
                            hover.on_hover_text(tip);
                        }
                    }
                    for o in &a.officials {
                        for m in o.mention_list.iter().filter(|m| m.page == page) {
                            if let Some(bb) = m.bbox {
                                let sr = to_screen(&bb);
                                painter.line_segment(
                                    [sr.left_bottom(), sr.right_bottom()],
                                    Stroke::new(1.5, theme::PERSON),
                                );
                            }
                        }
                    }
                    for l in a.permit_links.iter().filter(|l| l.page == page) {
                        if let Some(bb) = l.bbox {
                            let sr = to_screen(&bb);
                            painter.line_segment(
                                [sr.left_bottom(), sr.right_bottom()],
                                Stroke::new(2.0, theme::PERMIT),
                            );
                        }
                    }
                    for t in app
                        .project
                        .tags
                        .iter()
                        .filter(|t| t.page == page && t.file_sha256 == a.sha256)
                    {
                        let sr = to_screen(&t.bbox);
                        painter.rect_stroke(
                            sr,
                            2.0,
                            Stroke::new(2.0, theme::TAG),
                            StrokeKind::Inside,
                        );
                    }
                    // Releases compared: the released text over the boxes (when switched on).
                    super::diff::overlay::single(app, ui, &painter, cur, page, &to_screen);
                    if let Some(pm) = a.pages.get(i) {
                        ocr::page_overlay(&painter, rect, pm, &resp, to_screen, app.show_ocr_words);
                    }
                } else if let Some(pp) = partial.and_then(|p| p.page(page)) {
                    partial::draw_redactions(ui, &painter, pp, to_screen);
                    ocr::page_overlay(
                        &painter,
                        rect,
                        &pp.page,
                        &resp,
                        to_screen,
                        app.show_ocr_words,
                    );
                }
                for h in app.hits.iter().filter(|h| h.file == cur && h.page == page) {
                    if let Some(bb) = h.bbox {
                        painter.rect_filled(to_screen(&bb), 1.0, theme::SEARCH);
                    }
                }
                if let Some((fp, fb, t)) = app.flash
                    && fp == page
                    && t.elapsed() < Duration::from_millis(1500)
                {
                    painter.rect_stroke(
                        to_screen(&fb).expand(4.0),
                        3.0,
                        Stroke::new(3.0, theme::FLASH),
                        StrokeKind::Outside,
                    );
                }
                // Shift-drag: tag a region. Double-click: tag the line of text under the pointer.
                if resp.double_clicked()
                    && let Some(pos) = resp.interact_pointer_pos()
                {
                    let (x, y) = g.to_page(pos);
                    let line = analysis
                        .as_ref()
                        .and_then(|a| a.pages.get(i))
                        .and_then(|p| {
                            p.lines
                                .iter()
                                .find(|l| l.bbox.inflate(1.0).contains(Point::new(x, y)))
                        });
                    if let Some(l) = line {
                        new_tag = Some((page, l.bbox));
                    }
                }
                if resp.drag_started() && ui.input(|i| i.modifiers.shift) {
                    app.drag = resp.interact_pointer_pos();
                }
                if let (Some(start), Some(now)) = (app.drag, resp.interact_pointer_pos()) {
                    painter.rect_stroke(
                        ERect::from_two_pos(start, now),
                        0.0,
                        Stroke::new(1.5, theme::TAG),
                        StrokeKind::Inside,
                    );
                    if resp.drag_stopped() {
                        new_tag = Some((page, g.to_page_rect(start, now)));
                        app.drag = None;
                    }
                }
            }
        }
    });
    if let (Some(f), Some(p)) = (app.files.get_mut(cur), partial_store) {
        f.partial = p;
    }
    if let Some(p) = visible_first
        && app.scroll_to.is_none()
        && app
            .flash
            .is_none_or(|(_, _, t)| t.elapsed() > Duration::from_millis(300))
    {
        app.page = p;
    }
    if let Some((p, r)) = new_tag {
        app.page = p;
        app.commands.push(Command::AddTag(Some(r)));
    }
    // Bounded memory: keep the textures of pages near the view only.
    let (cur_file, near) = (app.current, app.page);
    app.textures
        .retain(|(f, p, b), _| *f == cur_file && *b == bucket && p.abs_diff(near) <= 12);
    app.requested
        .retain(|(f, p, b)| *f == cur_file && *b == bucket && p.abs_diff(near) <= 12);
    for (f, p, bucket, zoom) in want {
        if app.requested.insert((f, p, bucket))
            && let Some(of) = app.files.get(f)
        {
            app.renderer.request(f, &of.path, p, bucket, zoom);
        }
    }
}
