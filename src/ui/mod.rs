//! The desktop app (feature `gui`): a thin layer over the analysis library.
//!
//! `App::logic` does the work (messages from the loader and renderer threads, autosave,
//! keyboard shortcuts); `App::ui` only draws and turns clicks into [`Command`]s, applied in one
//! place. Files load in background threads with per-file progress; pages are rendered by hayro
//! off the UI thread and cached as textures; the first page shows as soon as it is rendered,
//! and every page can be read while the analysis (OCR included) runs; it can be cancelled.

mod app;
mod dialogs;
mod frame;
mod geom;
mod loading;
mod ocr;
mod panels;
mod partial;
mod render;
pub mod theme;

use std::path::PathBuf;
use std::time::Duration;

use egui::{Color32, Pos2, Rect as ERect, Sense, Stroke, StrokeKind, Vec2};

use crate::geometry::{Point, Rect};
use crate::redactions::codes;

pub use app::{Command, DossierApp, Hit};
pub use dialogs::{Dialogs, NativeDialogs, NoDialogs};
pub use loading::{FileState, OpenFile};
pub use panels::Tab;

const GAP: f32 = 12.0;

impl DossierApp {
    fn menu(&mut self, ui: &mut egui::Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if ui.button("Open files…").clicked() {
                    let files = self.dialogs.open_files();
                    self.push(Command::Open(files));
                }
                if ui.button("Open folder…").clicked()
                    && let Some(d) = self.dialogs.open_folder()
                {
                    self.push(Command::Open(vec![d]));
                }
                ui.menu_button("Recent files", |ui| {
                    for r in self.recent.clone() {
                        if ui.button(r.display().to_string()).clicked() {
                            self.commands.push(Command::Open(vec![r]));
                        }
                    }
                });
                if ui.button("Load permit registry…").clicked()
                    && let Some(p) = self.dialogs.open_registry()
                {
                    self.commands.push(Command::LoadRegistry(p));
                }
                if ui.button("Open project…").clicked()
                    && let Some(p) = self.dialogs.open_project()
                {
                    let (ctx, ocr) = (self.ctx.clone(), self.ocr.clone());
                    *self = DossierApp::with_ocr(
                        ctx,
                        Vec::new(),
                        Some(p),
                        Box::new(NativeDialogs),
                        ocr,
                    );
                }
                if ui
                    .add(
                        egui::Button::new("Save project").shortcut_text(ui.ctx().format_shortcut(
                            &egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, egui::Key::S),
                        )),
                    )
                    .clicked()
                {
                    self.push(Command::Save);
                }
                ui.separator();
                if ui.button("Export findings (CSV)…").clicked() {
                    self.push(Command::Export("csv"));
                }
                if ui.button("Export redaction log (CSV)…").clicked() {
                    self.push(Command::Export("log"));
                }
                if ui.button("Export analysis (JSON)…").clicked() {
                    self.push(Command::Export("json"));
                }
                ui.separator();
                if ui.button("Quit").clicked() {
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
            ui.menu_button("Go", |ui| {
                if ui
                    .add(egui::Button::new("Next page").shortcut_text("PgDn / J"))
                    .clicked()
                {
                    self.push(Command::Step(1));
                }
                if ui
                    .add(egui::Button::new("Previous page").shortcut_text("PgUp / K"))
                    .clicked()
                {
                    self.push(Command::Step(-1));
                }
                if ui
                    .add(egui::Button::new("Next redaction").shortcut_text("N"))
                    .clicked()
                {
                    self.push(Command::NextRedaction(false));
                }
                if ui
                    .add(egui::Button::new("Next leak").shortcut_text("L"))
                    .clicked()
                {
                    self.push(Command::NextRedaction(true));
                }
                if ui
                    .add(egui::Button::new("Find…").shortcut_text("Ctrl+F"))
                    .clicked()
                {
                    self.tab = Tab::Search;
                    self.search_focus = true;
                }
            });
            ui.menu_button("View", |ui| {
                if ui
                    .add(egui::Button::new("Zoom in").shortcut_text("Ctrl++"))
                    .clicked()
                {
                    self.push(Command::Zoom(1.25));
                }
                if ui
                    .add(egui::Button::new("Zoom out").shortcut_text("Ctrl+-"))
                    .clicked()
                {
                    self.push(Command::Zoom(0.8));
                }
                if ui
                    .add(egui::Button::new("Fit width").shortcut_text("Ctrl+0"))
                    .clicked()
                {
                    self.push(Command::Zoom(0.0));
                }
                if ui.button("Fit page").clicked() {
                    self.push(Command::Zoom(-1.0));
                }
                ui.separator();
                ui.checkbox(&mut self.show_ocr_words, "Show OCR words")
                    .on_hover_text("boxes around the words read from page pictures: green sure, amber fair, red doubtful, grey an OCR layer in the file");
            });
            self.ocr_menu(ui);
        });
    }

    fn status_bar(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            for (i, f) in self.files.iter().enumerate() {
                let name = f
                    .path
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().to_string());
                match &f.state {
                    FileState::Loading(d, t) => {
                        if ui
                            .selectable_label(i == self.current, format!("{name}:"))
                            .clicked()
                        {
                            self.commands.push(Command::SelectFile(i));
                        }
                        ui.add(
                            egui::ProgressBar::new(if *t == 0 {
                                0.0
                            } else {
                                *d as f32 / *t as f32
                            })
                            .desired_width(120.0)
                            .text(format!("{d}/{t} pages")),
                        )
                        .on_hover_text(format!(
                            "pages analysed ({}); the pages can be read meanwhile",
                            ocr::summary(&f.ocr)
                        ));
                        if ui
                            .small_button("Cancel")
                            .on_hover_text("stop the analysis of this file")
                            .clicked()
                        {
                            self.commands.push(Command::CancelLoad(i));
                        }
                    }
                    FileState::Ready(_) => {
                        if ui.selectable_label(i == self.current, &name).clicked() {
                            self.commands.push(Command::SelectFile(i));
                        }
                    }
                    FileState::Failed(e) => {
                        let t = egui::RichText::new(format!("{name}: {e}")).color(theme::LEAK);
                        if ui.selectable_label(i == self.current, t).clicked() {
                            self.commands.push(Command::SelectFile(i));
                        }
                    }
                }
            }
            ui.separator();
            let resp = ui.add(
                egui::TextEdit::singleline(&mut self.goto)
                    .hint_text("go to page or stamp")
                    .desired_width(150.0),
            );
            if resp.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                let t = std::mem::take(&mut self.goto);
                self.commands.push(Command::GoToText(t));
            }
            ui.separator();
            let stamp = self
                .analysis()
                .and_then(|a| a.label(self.page).map(str::to_string));
            ui.label(format!(
                "page {} of {}{}",
                self.page,
                self.page_count(),
                stamp.map(|s| format!("  ·  {s}")).unwrap_or_default()
            ));
            // How the current page was read, when a machine read it.
            if let Some(line) = self.page_model(self.page).and_then(ocr::page_line) {
                ui.separator();
                ui.label(egui::RichText::new(line).color(theme::OCR_LOW));
            }
            ui.separator();
            ui.label(&self.status);
        });
    }

    fn pages_view(&mut self, ui: &mut egui::Ui) {
        let Some(file) = self.files.get(self.current) else {
            ui.centered_and_justified(|ui| {
                ui.label("Dossier — open a production (File > Open files…) or drop PDFs here.");
            });
            return;
        };
        if file.boxes.is_empty() {
            ui.label("Opening…");
            return;
        }
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
        let zoom = if self.zoom < 0.0 {
            (avail / max_w)
                .min((ui.available_height() - GAP) / max_h)
                .clamp(0.2, 6.0)
        } else if self.zoom == 0.0 {
            (avail / max_w).clamp(0.2, 6.0)
        } else {
            self.zoom
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
        if let Some(p) = self.scroll_to.take()
            && let Some(t) = tops.get(p as usize - 1)
        {
            area = area.vertical_scroll_offset(*t);
        }
        let analysis = self.analysis().cloned();
        let cur = self.current;
        // While the analysis runs (or after it was cancelled): the pages done so far.
        // (Taken out of the file while the pages are drawn, put back after.)
        let partial_store = self
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
                match self.textures.get(&(cur, page, bucket)) {
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
                            let corr = self.correction(&a.sha256, &r.id);
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
                        for t in self
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
                        if let Some(pm) = a.pages.get(i) {
                            ocr::page_overlay(
                                &painter,
                                rect,
                                pm,
                                &resp,
                                to_screen,
                                self.show_ocr_words,
                            );
                        }
                    } else if let Some(pp) = partial.and_then(|p| p.page(page)) {
                        partial::draw_redactions(ui, &painter, pp, to_screen);
                        ocr::page_overlay(
                            &painter,
                            rect,
                            &pp.page,
                            &resp,
                            to_screen,
                            self.show_ocr_words,
                        );
                    }
                    for h in self.hits.iter().filter(|h| h.file == cur && h.page == page) {
                        if let Some(bb) = h.bbox {
                            painter.rect_filled(to_screen(&bb), 1.0, theme::SEARCH);
                        }
                    }
                    if let Some((fp, fb, t)) = self.flash
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
                        self.drag = resp.interact_pointer_pos();
                    }
                    if let (Some(start), Some(now)) = (self.drag, resp.interact_pointer_pos()) {
                        painter.rect_stroke(
                            ERect::from_two_pos(start, now),
                            0.0,
                            Stroke::new(1.5, theme::TAG),
                            StrokeKind::Inside,
                        );
                        if resp.drag_stopped() {
                            new_tag = Some((page, g.to_page_rect(start, now)));
                            self.drag = None;
                        }
                    }
                }
            }
        });
        if let (Some(f), Some(p)) = (self.files.get_mut(cur), partial_store) {
            f.partial = p;
        }
        if let Some(p) = visible_first
            && self.scroll_to.is_none()
            && self
                .flash
                .is_none_or(|(_, _, t)| t.elapsed() > Duration::from_millis(300))
        {
            self.page = p;
        }
        if let Some((p, r)) = new_tag {
            self.page = p;
            self.commands.push(Command::AddTag(Some(r)));
        }
        // Bounded memory: keep the textures of pages near the view only.
        let (cur_file, near) = (self.current, self.page);
        self.textures
            .retain(|(f, p, b), _| *f == cur_file && *b == bucket && p.abs_diff(near) <= 12);
        self.requested
            .retain(|(f, p, b)| *f == cur_file && *b == bucket && p.abs_diff(near) <= 12);
        for (f, p, bucket, zoom) in want {
            if self.requested.insert((f, p, bucket))
                && let Some(of) = self.files.get(f)
            {
                self.renderer.request(f, &of.path, p, bucket, zoom);
            }
        }
    }
}

/// Opens the window on `paths` (files, folders, or a `.json` project).
pub fn run(
    paths: Vec<PathBuf>,
    permits: Option<PathBuf>,
    ocr: crate::ocr::OcrOptions,
) -> eframe::Result {
    let (projects, pdfs): (Vec<PathBuf>, Vec<PathBuf>) = paths
        .into_iter()
        .partition(|p| p.extension().is_some_and(|e| e == "json"));
    let project = projects.into_iter().next();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([1360.0, 860.0])
            .with_title("Dossier")
            .with_drag_and_drop(true),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    eframe::run_native(
        "Dossier",
        options,
        Box::new(move |cc| {
            theme::apply(&cc.egui_ctx);
            // The project's files are analysed with the command line's OCR options too.
            let mut app = DossierApp::with_ocr(
                Some(cc.egui_ctx.clone()),
                Vec::new(),
                project,
                Box::new(NativeDialogs),
                ocr,
            );
            app.recent = loading::load_recent();
            if let Some(p) = permits {
                app.push(Command::LoadRegistry(p));
                app.apply_commands();
            }
            app.push(Command::Open(pdfs));
            app.apply_commands();
            Ok(Box::new(app))
        }),
    )
}

/// At most `n` characters of `s`, with an ellipsis when cut.
fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n).collect();
        t.push('…');
        t
    }
}
