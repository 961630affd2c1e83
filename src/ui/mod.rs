//! The desktop app (feature `gui`): a thin layer over the analysis library.
//!
//! `App::logic` does the work (messages from the loader and renderer threads, autosave,
//! keyboard shortcuts); `App::ui` only draws and turns clicks into [`Command`]s, applied in one
//! place. Files load in background threads with per-file progress; pages are rendered by hayro
//! off the UI thread and cached as textures; the first page shows as soon as it is rendered,
//! and every page can be read while the analysis (OCR included) runs; it can be cancelled.
//!
//! The rooms, as in egui's demo app, each in its own file:
//! - `app`: the state ([`DossierApp`]) and the command handler ([`Command`], `apply`);
//! - `frame`: one frame, the work step ([`DossierApp::logic_step`]) and the layout of the rooms;
//! - `menu`, `status_bar`, `page_view`: the menu bar, the status bar, the pages;
//! - `panels`: the side panel, one module a tab, each with one `ui` entry;
//! - `filters`: the filters the overview's clicks set over the lists;
//! - `loading`: opening files and analysing them in background threads; `dialogs`: file dialogs;
//! - `diff`: releases compared (the Differences panel, the two pages side by side, the released
//!   text over the boxes);
//! - `triage`: the review lists' sort, filter, selection and keys; `history`: review actions
//!   through the undo history;
//! - `case`: a case (many productions in one file): its panel, productions opened from it, files
//!   added to it, the review written to it;
//! - helpers: `ocr` (marks, overlays), `partial` (findings while an analysis runs), `render`
//!   (page pictures off the UI thread), `geom` (page to screen), [`theme`].

mod app;
mod case;
mod dialogs;
mod diff;
mod exporting;
mod filters;
mod frame;
mod geom;
mod history;
mod loading;
mod menu;
mod ocr;
mod page_view;
mod panels;
mod partial;
mod render;
mod status_bar;
pub mod theme;
mod triage;

use std::path::PathBuf;

pub use app::{Command, DossierApp, Hit};
pub use case::{CaseCommand, CaseState, CaseView};
pub use dialogs::{Dialogs, NativeDialogs, NoDialogs};
pub use diff::{DiffCommand, DiffState, Row as DiffRow, RowFilter, change_sentence};
pub use loading::{FileState, OpenFile};
pub use panels::Tab;
pub use triage::{List, ListState};

/// Opens the window on `paths` (files, folders, or a `.json` project; or one case, a `.dossier`
/// file, created when absent).
pub fn run(
    paths: Vec<PathBuf>,
    permits: Option<PathBuf>,
    ocr: crate::ocr::OcrOptions,
) -> eframe::Result {
    run_with(paths, permits, ocr, false)
}

/// [`run`]; with `compare`, the window opens on the Differences tab and shows the first
/// difference side by side once the files are compared (`dossier --compare A.pdf B.pdf`).
pub fn run_with(
    paths: Vec<PathBuf>,
    permits: Option<PathBuf>,
    ocr: crate::ocr::OcrOptions,
    compare: bool,
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
            // One case file: the window on the case (a registry given is kept in it).
            let case = match pdfs.as_slice() {
                [one] if crate::store::browse::is_case_path(one) => Some(one.clone()),
                _ => None,
            };
            let on_case = case.is_some();
            if let Some(c) = case {
                app.push(Command::Case(CaseCommand::Open(c)));
                app.apply_commands();
            }
            if let Some(p) = permits {
                app.push(Command::LoadRegistry(p));
                app.apply_commands();
            }
            if !on_case {
                app.push(Command::Open(pdfs));
                app.apply_commands();
                if compare {
                    app.tab = Tab::Differences;
                    app.diff.open_first = true;
                }
            }
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
