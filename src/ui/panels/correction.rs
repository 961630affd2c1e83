//! The right-click menu of a finding (a redaction, a person, a permit link or candidate), shared
//! by the panels that list findings.

use crate::project::review;
use crate::ui::{Command, DossierApp};

/// Right-click menu of a finding: dismiss or restore it, correct its fields, add a note,
/// and, for a permit candidate (`confirmable`), confirm it as a link or undo that.
/// `fields` are (name, label, current value); names are `codes`, `title`, `organization`.
pub(super) fn menu(
    app: &mut DossierApp,
    resp: &egui::Response,
    key: &str,
    fields: &[(&'static str, &'static str, String)],
    confirmable: bool,
) {
    let current = app
        .project
        .corrections
        .get(key)
        .cloned()
        .unwrap_or_default();
    // Typing in the menu's fields must not close it: close on a click outside only.
    let menu = egui::Popup::context_menu(resp)
        .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside);
    menu.show(|ui| {
        ui.set_min_width(260.0);
        if confirmable && !current.dismissed {
            let (label, confirmed) = if current.confirmed {
                ("Back to candidate (not a sure link)", false)
            } else {
                ("Confirm as link (exported as a link)", true)
            };
            if ui.button(label).clicked() {
                let mut c = current.clone();
                c.confirmed = confirmed;
                app.commands.push(Command::Correct(key.to_string(), c));
                ui.close();
            }
        }
        if current.dismissed {
            if ui.button("Restore (it is right after all)").clicked() {
                let mut c = current.clone();
                c.dismissed = false;
                app.commands.push(Command::Correct(key.to_string(), c));
                ui.close();
            }
        } else if ui
            .button("Dismiss as wrong (left out of exports)")
            .clicked()
        {
            let mut c = current.clone();
            c.dismissed = true;
            app.commands.push(Command::Correct(key.to_string(), c));
            ui.close();
        }
        for (name, label, value) in fields {
            let buf = app
                .edits
                .entry(format!("{key}/{name}"))
                .or_insert_with(|| value.clone());
            ui.label(*label);
            ui.horizontal(|ui| {
                ui.add(egui::TextEdit::singleline(buf).desired_width(180.0));
                if ui.button("Set").clicked() {
                    let mut c = current.clone();
                    match *name {
                        "codes" => c.codes = Some(review::parse_codes(buf)),
                        "title" => c.title = Some(buf.trim().to_string()),
                        _ => c.organization = Some(buf.trim().to_string()),
                    }
                    app.commands.push(Command::Correct(key.to_string(), c));
                    ui.close();
                }
            });
        }
        let nbuf = app
            .edits
            .entry(format!("{key}/note"))
            .or_insert_with(|| current.note.clone());
        ui.label("Note");
        ui.horizontal(|ui| {
            ui.add(egui::TextEdit::singleline(nbuf).desired_width(180.0));
            if ui.button("Set").clicked() {
                let mut c = current.clone();
                c.note = nbuf.trim().to_string();
                app.commands.push(Command::Correct(key.to_string(), c));
                ui.close();
            }
        });
        if !current.is_empty() && ui.button("Undo my corrections").clicked() {
            app.edits.retain(|k, _| !k.starts_with(&format!("{key}/")));
            app.commands.push(Command::Correct(
                key.to_string(),
                review::Correction::default(),
            ));
            ui.close();
        }
    });
}
