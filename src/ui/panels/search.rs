//! The Search panel: a search over the text of every open file (Ctrl+F), its hits listed; a
//! click goes to the hit and flashes it.

use crate::ui::{Command, DossierApp, FileState, Hit};

pub(super) fn ui(app: &mut DossierApp, ui: &mut egui::Ui) {
    let resp =
        ui.add(egui::TextEdit::singleline(&mut app.search).hint_text("Search all open files"));
    if app.search_focus {
        resp.request_focus();
        app.search_focus = false;
    }
    if resp.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter))
        || ui.button("Search").clicked()
    {
        run_search(app);
    }
    let hits = app.hits.clone();
    for h in hits.iter().take(500) {
        let name = app
            .files
            .get(h.file)
            .and_then(|f| f.path.file_name())
            .map_or_else(String::new, |n| n.to_string_lossy().to_string());
        if ui
            .selectable_label(false, format!("{name} p. {}: {}", h.page, h.context))
            .clicked()
        {
            app.commands.push(Command::SelectFile(h.file));
            app.commands.push(Command::GoTo(h.page, h.bbox));
        }
    }
}

fn run_search(app: &mut DossierApp) {
    app.hits.clear();
    let needle = app.search.trim().to_lowercase();
    if needle.is_empty() {
        return;
    }
    for (fi, f) in app.files.iter().enumerate() {
        let FileState::Ready(a) = &f.state else {
            continue;
        };
        for p in &a.pages {
            for l in &p.lines {
                let lower = l.text.to_lowercase();
                // Byte offsets of the lowercase text match the original for most scripts;
                // when they do not, the hit still lists without a box.
                for (at, _) in lower.match_indices(&needle) {
                    app.hits.push(Hit {
                        file: fi,
                        page: p.number,
                        bbox: l.byte_span_bbox(at, at + needle.len()),
                        context: l.text.clone(),
                    });
                    if app.hits.len() >= 5000 {
                        return;
                    }
                }
            }
        }
    }
    app.status = format!("{} hits for \"{}\"", app.hits.len(), app.search.trim());
}
