//! The side panel's rooms, one a tab: each a module with one `ui` entry that reads the app's
//! state, draws, and pushes [`Command`]s (widgets bound to a field, such as a text box or a
//! checkbox, edit it in place). A new panel is a module here, a [`Tab`] (in [`Tab::ALL`]) and an
//! arm in [`show`].

mod correction;
mod documents;
pub(crate) mod list;
pub(super) mod overview;
mod overview_strip;
mod people;
mod permits;
mod redactions;
mod search;
mod tags;

use super::{Command, DossierApp, FileState, ocr, theme};

/// Side panel tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// The overview of the production: the first thing shown once it is analysed.
    Overview,
    /// Redactions.
    Redactions,
    /// Documents.
    Documents,
    /// People.
    People,
    /// Permit links.
    Permits,
    /// Search.
    Search,
    /// The user's tags.
    Tags,
    /// Releases compared: what one copy withholds and another releases.
    Differences,
}

impl Tab {
    /// The tabs in the order shown.
    pub const ALL: [Tab; 8] = [
        Tab::Overview,
        Tab::Redactions,
        Tab::Documents,
        Tab::People,
        Tab::Permits,
        Tab::Search,
        Tab::Tags,
        Tab::Differences,
    ];

    /// The tab's name.
    pub fn label(self) -> &'static str {
        match self {
            Tab::Overview => "Overview",
            Tab::Redactions => "Redactions",
            Tab::Documents => "Documents",
            Tab::People => "People",
            Tab::Permits => "Permits",
            Tab::Search => "Search",
            Tab::Tags => "Tags",
            Tab::Differences => "Differences",
        }
    }
}

/// The side panel: the tabs, then the current tab's panel; while the current file is analysed,
/// its progress and the findings so far instead.
pub(super) fn show(app: &mut DossierApp, ui: &mut egui::Ui) {
    overview::show_first(app);
    ui.horizontal_wrapped(|ui| {
        for t in Tab::ALL {
            ui.selectable_value(&mut app.tab, t, t.label());
        }
    });
    ui.separator();
    let Some(a) = app.analysis().cloned() else {
        if app.files.is_empty() {
            if super::case::empty_hint(app, ui) {
                return;
            }
            ui.label("Open a production: File > Open files…, or drop PDFs on this window.");
        } else {
            loading_panel(app, ui);
        }
        return;
    };
    // Long lists (thousands of rows on big productions) draw only their visible rows.
    match app.tab {
        Tab::Overview => {
            egui::ScrollArea::vertical()
                .id_salt("overview")
                .show(ui, |ui| overview::ui(app, ui, &a));
        }
        Tab::Redactions => redactions::ui(app, ui, &a),
        Tab::Documents => documents::ui(app, ui, &a),
        Tab::Permits => permits::ui(app, ui, &a),
        Tab::People => people::ui(app, ui, &a),
        Tab::Search => {
            egui::ScrollArea::vertical().show(ui, |ui| search::ui(app, ui));
        }
        Tab::Tags => {
            egui::ScrollArea::vertical().show(ui, |ui| tags::ui(app, ui, &a));
        }
        Tab::Differences => crate::ui::diff::panel::ui(app, ui),
    }
}

/// The side panel while the current file is being analysed.
fn loading_panel(app: &mut DossierApp, ui: &mut egui::Ui) {
    let Some(f) = app.files.get(app.current) else {
        return;
    };
    match &f.state {
        FileState::Loading(d, t) => {
            ui.label(if *t == 0 {
                "Analysing…".to_string()
            } else {
                format!("Analysing… {d} of {t} pages done")
            });
            ui.weak(format!(
                "{}. The pages can be read while this runs; their redactions appear as each \
                 page is done, the documents, people and permits when every page is.",
                ocr::summary(&f.ocr)
            ));
            if ui.button("Cancel analysis").clicked() {
                app.commands.push(Command::CancelLoad(app.current));
            }
        }
        FileState::Failed(e) => {
            ui.colored_label(theme::LEAK, e);
            ui.weak("The pages can still be read. OCR > Re-analyse to try again.");
        }
        FileState::Ready(_) => {}
    }
    app.partial_panel(ui);
}
