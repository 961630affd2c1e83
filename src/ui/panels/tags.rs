//! The Tags panel: the user's tags on the current file (add one on the current page, edit its
//! note, delete it), and the project's save button.

use std::time::Instant;

use crate::analysis::FileAnalysis;
use crate::project::TagKind;
use crate::ui::{Command, DossierApp, short};

pub(super) fn ui(app: &mut DossierApp, ui: &mut egui::Ui, a: &FileAnalysis) {
    ui.heading("Your tags");
    ui.label(
        "Shift-drag on a page to tag a region (the text under it is quoted), double-click a line \
         to tag that run of text, or tag the whole current page:",
    );
    ui.horizontal(|ui| {
        for k in TagKind::ALL {
            ui.selectable_value(&mut app.tag_kind, k, k.label());
        }
    });
    ui.add(egui::TextEdit::singleline(&mut app.tag_note).hint_text("note"));
    if ui.button("Tag current page").clicked() {
        app.commands.push(Command::AddTag(None));
    }
    ui.separator();
    let tags: Vec<_> = app
        .project
        .tags
        .iter()
        .filter(|t| t.file_sha256 == a.sha256)
        .cloned()
        .collect();
    for t in tags {
        ui.horizontal(|ui| {
            if ui
                .selectable_label(
                    false,
                    if t.text.is_empty() {
                        format!("{} p. {} [{}]", t.id, t.page, t.kind.label())
                    } else {
                        format!(
                            "{} p. {} [{}] “{}”",
                            t.id,
                            t.page,
                            t.kind.label(),
                            short(&t.text, 40)
                        )
                    },
                )
                .clicked()
            {
                app.commands.push(Command::GoTo(t.page, Some(t.bbox)));
            }
            let mut note = t.note.clone();
            if ui
                .add(egui::TextEdit::singleline(&mut note).desired_width(140.0))
                .changed()
                && let Some(tag) = app.project.tags.iter_mut().find(|x| x.id == t.id)
            {
                tag.note = note;
                app.dirty = Some(Instant::now());
            }
            if ui.small_button("delete").clicked() {
                app.commands.push(Command::DeleteTag(t.id.clone()));
            }
        });
    }
    if ui.button("Save project").clicked() {
        app.commands.push(Command::Save);
    }
}
