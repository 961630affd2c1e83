//! The menu bar: File (open, recent, registry, project, save, exports: CSV, XLSX, JSON, FtM,
//! annotated PDF; quit), Go, View, the OCR menu (when to read page pictures, in which
//! languages, the engine, re-analysis), Edit (undo, redo) and Help (the keys).

use egui::containers::menu::{MenuButton, MenuConfig};

use super::{Command, DossierApp, NativeDialogs, Tab, ocr, theme};
use crate::ocr::OcrMode;

/// Language choices offered in the OCR menu: (Tesseract codes, name).
const LANGUAGES: [(&str, &str); 3] = [
    ("eng+fra", "English + French"),
    ("eng", "English"),
    ("fra", "French"),
];

pub(super) fn ui(app: &mut DossierApp, ui: &mut egui::Ui) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            if ui.button("Open files…").clicked() {
                let files = app.dialogs.open_files();
                app.push(Command::Open(files));
            }
            if ui.button("Open folder…").clicked()
                && let Some(d) = app.dialogs.open_folder()
            {
                app.push(Command::Open(vec![d]));
            }
            ui.menu_button("Recent files", |ui| {
                for r in app.recent.clone() {
                    if ui.button(r.display().to_string()).clicked() {
                        app.commands.push(Command::Open(vec![r]));
                    }
                }
            });
            if ui.button("Load permit registry…").clicked()
                && let Some(p) = app.dialogs.open_registry()
            {
                app.commands.push(Command::LoadRegistry(p));
            }
            if ui.button("Open project…").clicked()
                && let Some(p) = app.dialogs.open_project()
            {
                let (ctx, ocr) = (app.ctx.clone(), app.ocr.clone());
                *app = DossierApp::with_ocr(
                    ctx,
                    Vec::new(),
                    Some(p),
                    Box::new(NativeDialogs),
                    ocr,
                );
            }
            super::case::file_menu(app, ui);
            if ui
                .add(
                    egui::Button::new("Save project").shortcut_text(ui.ctx().format_shortcut(
                        &egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, egui::Key::S),
                    )),
                )
                .clicked()
            {
                app.push(Command::Save);
            }
            ui.separator();
            if ui.button("Export findings (CSV)…").clicked() {
                app.push(Command::Export("csv"));
            }
            if ui.button("Export redaction log (CSV)…").clicked() {
                app.push(Command::Export("log"));
            }
            if ui.button("Export redaction log (XLSX)…").clicked() {
                app.push(Command::Export("xlsx"));
            }
            if ui.button("Export analysis (JSON)…").clicked() {
                app.push(Command::Export("json"));
            }
            if ui
                .button("Export entities for Aleph (FollowTheMoney)…")
                .on_hover_text("people, organisations, e-mails, mentions and permits as FtM JSON lines")
                .clicked()
            {
                app.push(Command::Export("ftm"));
            }
            if ui
                .button("Export annotated PDF…")
                .on_hover_text("a copy of this file with every finding as an annotation; the file itself is not changed")
                .clicked()
            {
                app.push(Command::Export("annotated"));
            }
            ui.separator();
            if ui.button("Quit").clicked() {
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            }
        });
        ui.menu_button("Go", |ui| {
            if ui
                .add(egui::Button::new("Next page").shortcut_text("PgDn"))
                .clicked()
            {
                app.push(Command::Step(1));
            }
            if ui
                .add(egui::Button::new("Previous page").shortcut_text("PgUp"))
                .clicked()
            {
                app.push(Command::Step(-1));
            }
            if ui
                .add(egui::Button::new("Next redaction").shortcut_text("N"))
                .clicked()
            {
                app.push(Command::NextRedaction(false));
            }
            if ui
                .add(egui::Button::new("Next leak").shortcut_text("L"))
                .clicked()
            {
                app.push(Command::NextRedaction(true));
            }
            if ui
                .add(egui::Button::new("Find…").shortcut_text("Ctrl+F"))
                .clicked()
            {
                app.tab = Tab::Search;
                app.search_focus = true;
            }
        });
        ui.menu_button("View", |ui| {
            if ui
                .add(egui::Button::new("Zoom in").shortcut_text("Ctrl++"))
                .clicked()
            {
                app.push(Command::Zoom(1.25));
            }
            if ui
                .add(egui::Button::new("Zoom out").shortcut_text("Ctrl+-"))
                .clicked()
            {
                app.push(Command::Zoom(0.8));
            }
            if ui
                .add(egui::Button::new("Fit width").shortcut_text("Ctrl+0"))
                .clicked()
            {
                app.push(Command::Zoom(0.0));
            }
            if ui.button("Fit page").clicked() {
                app.push(Command::Zoom(-1.0));
            }
            ui.separator();
            ui.checkbox(&mut app.show_ocr_words, "Show OCR words")
                .on_hover_text("boxes around the words read from page pictures: green sure, amber fair, red doubtful, grey an OCR layer in the file");
        });
        ocr_menu(app, ui);
        edit_menu(app, ui);
        help_menu(ui);
    });
}

/// Undo and redo of review actions, saying what they would do.
fn edit_menu(app: &mut DossierApp, ui: &mut egui::Ui) {
    ui.menu_button("Edit", |ui| {
        let undo = app.history.undo_label().map(|l| format!("Undo {l}"));
        let redo = app.history.redo_label().map(|l| format!("Redo {l}"));
        let button = |text: &Option<String>, none: &str, keys: &str| {
            egui::Button::new(text.as_deref().unwrap_or(none)).shortcut_text(keys)
        };
        if ui
            .add_enabled(undo.is_some(), button(&undo, "Undo", "Ctrl+Z"))
            .clicked()
        {
            app.push(Command::Undo);
        }
        if ui
            .add_enabled(redo.is_some(), button(&redo, "Redo", "Ctrl+Shift+Z"))
            .clicked()
        {
            app.push(Command::Redo);
        }
    });
}

/// The keys.
fn help_menu(ui: &mut egui::Ui) {
    ui.menu_button("Help", |ui| {
        ui.set_min_width(360.0);
        ui.strong("Review lists (Redactions, People, Permits)");
        egui::Grid::new("keys").num_columns(2).show(ui, |ui| {
            for (keys, what) in KEYS {
                ui.monospace(keys);
                ui.label(what);
                ui.end_row();
            }
        });
        ui.separator();
        ui.weak(
            "Elsewhere J / K step pages. Keys act when no text box has the keyboard \
             (Esc leaves one).",
        );
    });
}

/// The keys of the Help menu.
const KEYS: [(&str, &str); 13] = [
    (
        "A",
        "accept: mark the selected rows reviewed (again: unmark)",
    ),
    ("D", "dismiss the selected rows as wrong (again: restore)"),
    (
        "J / Down",
        "next row; the page follows (Shift: add to the selection)",
    ),
    ("K / Up", "previous row"),
    ("U", "unreviewed only, or all rows"),
    ("Esc", "clear the selection"),
    ("Ctrl+click", "add a row to the selection, or take it out"),
    ("Shift+click", "select the rows from the last one clicked"),
    (
        "Ctrl+Z",
        "undo the last review action (a whole selection at once)",
    ),
    ("Ctrl+Shift+Z, Ctrl+Y", "redo"),
    ("N / L", "next redaction / next leak"),
    ("PgDn / PgUp", "next / previous page"),
    ("Ctrl+F, Ctrl+S", "find, save the project"),
];

/// The OCR menu: mode, languages, the engine, and re-analysis of the open files.
pub(super) fn ocr_menu(app: &mut DossierApp, ui: &mut egui::Ui) {
    // Typing in the languages field must not close the menu.
    let config = MenuConfig::new().close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside);
    MenuButton::new("OCR").config(config).ui(ui, |ui| {
        ui.set_min_width(320.0);
        match ocr::engine() {
            Ok(v) => {
                ui.label(format!("Engine: {v}"));
            }
            Err(e) => {
                ui.colored_label(theme::LEAK, format!("No OCR engine: {e}"));
            }
        }
        ui.separator();
        ui.label("Read page pictures:");
        ui.radio_value(
            &mut app.ocr.mode,
            OcrMode::Auto,
            "Auto: pages without a text layer",
        );
        ui.radio_value(&mut app.ocr.mode, OcrMode::Always, "Always: every page");
        ui.radio_value(&mut app.ocr.mode, OcrMode::Never, "Never");
        ui.separator();
        ui.label("Languages:");
        for (codes, name) in LANGUAGES {
            if ui
                .radio(app.ocr.languages == codes, format!("{name} ({codes})"))
                .clicked()
            {
                app.ocr.languages = codes.to_string();
            }
        }
        ui.horizontal(|ui| {
            ui.label("Other:");
            ui.add(
                egui::TextEdit::singleline(&mut app.ocr.languages)
                    .hint_text("e.g. eng+fra+spa")
                    .desired_width(150.0),
            );
        });
        ui.weak("Tesseract codes joined by +; each needs its language data installed.");
        ui.separator();
        ui.weak("Used for files opened from now on.");
        if let Some(f) = app.files.get(app.current) {
            ui.weak(format!(
                "This file was analysed with {}.",
                ocr::summary(&f.ocr)
            ));
        }
        let resp = ui
            .add_enabled(
                !app.files.is_empty(),
                egui::Button::new("Re-analyse with these settings"),
            )
            .on_hover_text(
                "Analyse the open files again. Your review (tags, reviewed marks, \
                 corrections) lives in the project, laid over the findings by id: it is kept.",
            );
        if resp.clicked() {
            app.push(Command::Reanalyse);
            ui.close();
        }
    });
}
