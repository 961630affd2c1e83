//! One frame: the work step (messages from the loader and renderer threads, keyboard shortcuts,
//! autosave) and the layout of the rooms (menu bar, status bar, side panel, page view).

use std::time::{Duration, Instant};

use super::{Command, DossierApp, Tab, menu, page_view, panels, status_bar};

impl DossierApp {
    /// One step of work: messages, autosave, shortcuts. Called by `App::logic` (and tests).
    pub fn logic_step(&mut self, ctx: &egui::Context) {
        if self.ctx.is_none() {
            self.ctx = Some(ctx.clone());
            self.renderer.set_ctx(ctx.clone());
            super::theme::fonts(ctx);
        }
        self.receive_loads();
        self.case_logic();
        self.diff_step();
        for (key, image) in self.renderer.finished() {
            let tex =
                ctx.load_texture(format!("page-{key:?}"), image, egui::TextureOptions::LINEAR);
            self.textures.insert(key, tex);
        }
        // Keyboard.
        let mut cmds = Vec::new();
        let typing = ctx.egui_wants_keyboard_input();
        let list = super::List::of(self.tab).is_some();
        ctx.input_mut(|i| {
            use egui::{Key, KeyboardShortcut, Modifiers};
            if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::F)) {
                self.tab = Tab::Search;
                self.search_focus = true;
            }
            if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::S)) {
                cmds.push(Command::Save);
            }
            if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Plus))
                || i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Equals))
            {
                cmds.push(Command::Zoom(1.25));
            }
            if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Minus)) {
                cmds.push(Command::Zoom(0.8));
            }
            if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Num0)) {
                cmds.push(Command::Zoom(0.0));
            }
            if !typing {
                // J / K step through a review list's rows (triage) where there is one.
                if i.key_pressed(Key::PageDown) || (i.key_pressed(Key::J) && !list) {
                    cmds.push(Command::Step(1));
                }
                if i.key_pressed(Key::PageUp) || (i.key_pressed(Key::K) && !list) {
                    cmds.push(Command::Step(-1));
                }
                if i.key_pressed(Key::N) {
                    cmds.push(Command::NextRedaction(false));
                }
                if i.key_pressed(Key::L) {
                    cmds.push(Command::NextRedaction(true));
                }
            }
            let zoom_delta = i.zoom_delta();
            if zoom_delta != 1.0 {
                cmds.push(Command::Zoom(zoom_delta));
            }
            // With a case open, PDFs dropped are added to it; a case dropped opens.
            let case_open = self.case.is_some();
            let paths = i.raw.dropped_files.iter().map(|f| f.path().to_path_buf());
            cmds.extend(super::case::dropped(case_open, paths.collect()));
        });
        self.commands.extend(cmds);
        if !typing {
            self.triage_keys(ctx);
        }
        self.apply_commands();
        // Autosave a few seconds after a change, when the project has a file.
        if let Some(t) = self.dirty
            && t.elapsed() > Duration::from_secs(3)
            && self.project_path.is_some()
        {
            self.save_now();
        }
        let adding = self.case.as_ref().is_some_and(super::CaseState::is_adding);
        if self.dirty.is_some() || !self.loaded() || self.renderer.busy() || adding {
            ctx.request_repaint_after(Duration::from_millis(200));
        }
    }
}

impl eframe::App for DossierApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.logic_step(ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let started = Instant::now();
        egui::Panel::top("menu").show(ui, |ui| menu::ui(self, ui));
        egui::Panel::bottom("status").show(ui, |ui| status_bar::ui(self, ui));
        if self.case.is_some() {
            egui::Panel::left("case")
                .default_size(340.0)
                .show(ui, |ui| super::case::ui(self, ui));
        }
        egui::Panel::left("side")
            .default_size(380.0)
            .show(ui, |ui| panels::show(self, ui));
        egui::CentralPanel::default().show(ui, |ui| {
            if self.diff.side.is_some() {
                super::diff::side::ui(self, ui);
            } else {
                page_view::ui(self, ui);
            }
        });
        self.apply_commands();
        // `DOSSIER_FRAME_LOG=1`: frame build times on stderr, for measuring big productions.
        if std::env::var_os("DOSSIER_FRAME_LOG").is_some() {
            eprintln!(
                "frame {:.2} ms, page {}, loaded {}",
                started.elapsed().as_secs_f64() * 1000.0,
                self.page,
                self.loaded()
            );
        }
    }

    fn save(&mut self, _storage: &mut dyn eframe::Storage) {
        if self.dirty.is_some() && self.project_path.is_some() {
            self.save_now();
        }
    }
}
