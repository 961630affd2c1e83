//! The status bar: the open files with their progress (click to select, cancel an analysis), the
//! "go to page or stamp" box, the current page and its stamp, how the page was read, the status
//! line.

use super::{Command, DossierApp, FileState, ocr, theme};

pub(super) fn ui(app: &mut DossierApp, ui: &mut egui::Ui) {
    ui.horizontal(|ui| {
        super::case::status(app, ui);
        for (i, f) in app.files.iter().enumerate() {
            let name = f
                .path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().to_string());
            match &f.state {
                FileState::Loading(d, t) => {
                    if ui
                        .selectable_label(i == app.current, format!("{name}:"))
                        .clicked()
                    {
                        app.commands.push(Command::SelectFile(i));
                    }
                    ui.add(
                        egui::ProgressBar::new(if *t == 0 { 0.0 } else { *d as f32 / *t as f32 })
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
                        app.commands.push(Command::CancelLoad(i));
                    }
                }
                FileState::Ready(_) => {
                    if ui.selectable_label(i == app.current, &name).clicked() {
                        app.commands.push(Command::SelectFile(i));
                    }
                }
                FileState::Failed(e) => {
                    let t = egui::RichText::new(format!("{name}: {e}")).color(theme::LEAK);
                    if ui.selectable_label(i == app.current, t).clicked() {
                        app.commands.push(Command::SelectFile(i));
                    }
                }
            }
        }
        ui.separator();
        let resp = ui.add(
            egui::TextEdit::singleline(&mut app.goto)
                .hint_text("go to page or stamp")
                .desired_width(150.0),
        );
        if resp.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            let t = std::mem::take(&mut app.goto);
            app.commands.push(Command::GoToText(t));
        }
        ui.separator();
        let stamp = app
            .analysis()
            .and_then(|a| a.label(app.page).map(str::to_string));
        ui.label(format!(
            "page {} of {}{}",
            app.page,
            app.page_count(),
            stamp.map(|s| format!("  ·  {s}")).unwrap_or_default()
        ));
        // How the current page was read, when a machine read it.
        if let Some(line) = app.page_model(app.page).and_then(ocr::page_line) {
            ui.separator();
            ui.label(egui::RichText::new(line).color(theme::OCR_LOW));
        }
        ui.separator();
        ui.label(&app.status);
    });
}
