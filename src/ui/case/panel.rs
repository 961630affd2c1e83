//! The case panel: the case's name and size, who the review is written as, the views
//! (productions, search, people, permits, duplicates) and what went wrong. The productions list
//! and the search are here; the case-wide lists in `lists.rs`. Also the case's bits elsewhere in
//! the window: the File menu's entries, the banner above the pages of a production whose PDF is
//! gone, the status bar's progress of files being added.

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, RichText};

use super::{CaseCommand, CaseState, CaseView, lists};
use crate::store::search::{Hit, MARK_CLOSE, MARK_OPEN};
use crate::ui::{Command, DossierApp, theme};

/// The views, in the order shown.
const VIEWS: [(CaseView, &str); 5] = [
    (CaseView::Productions, "Productions"),
    (CaseView::Search, "Search"),
    (CaseView::People, "People"),
    (CaseView::Permits, "Permits"),
    (CaseView::Duplicates, "Duplicates"),
];

/// The file name of a path as text.
pub(super) fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned())
}

/// The case panel.
pub(in crate::ui) fn ui(app: &mut DossierApp, ui: &mut egui::Ui) {
    let current = app.current;
    let mut cmds = Vec::new();
    let Some(s) = app.case.as_mut() else {
        return;
    };
    let name = file_name(&s.path.to_string_lossy());
    ui.label(RichText::new(format!("Case: {name}")).heading())
        .on_hover_text(s.path.display().to_string());
    let pages: i64 = s.productions.iter().map(|p| p.production.pages).sum();
    ui.label(format!(
        "{} production(s) · {pages} pages · {} people · {} permits",
        s.productions.len(),
        s.people.len(),
        s.permits.len()
    ));
    ui.horizontal(|ui| {
        ui.label("Reviewer:");
        ui.add(egui::TextEdit::singleline(&mut s.reviewer).desired_width(140.0))
            .on_hover_text("the name your review marks, corrections and tags are written under");
    });
    ui.horizontal_wrapped(|ui| {
        for (v, label) in VIEWS {
            ui.selectable_value(&mut s.view, v, label);
        }
    });
    ui.separator();
    errors(s, ui);
    let open_id = s
        .files
        .iter()
        .find(|(_, f)| **f == current)
        .map(|(id, _)| *id);
    egui::ScrollArea::vertical()
        .id_salt("case-panel")
        .auto_shrink([false, false])
        .show(ui, |ui| match s.view {
            CaseView::Productions => productions(s, ui, open_id, &mut cmds),
            CaseView::Search => search(s, ui, &mut cmds),
            CaseView::People => lists::people(s, ui, &mut cmds),
            CaseView::Permits => lists::permits(s, ui, &mut cmds),
            CaseView::Duplicates => lists::duplicates(s, ui, &mut cmds),
        });
    app.commands.extend(cmds);
}

/// What went wrong (files that could not be added, a case that could not be read), with a
/// button to clear it.
fn errors(s: &mut CaseState, ui: &mut egui::Ui) {
    if s.errors.is_empty() {
        return;
    }
    let mut clear = false;
    egui::CollapsingHeader::new(
        RichText::new(format!("{} problem(s)", s.errors.len())).color(theme::LEAK),
    )
    .id_salt("case-errors")
    .default_open(true)
    .show(ui, |ui| {
        for e in s.errors.iter().rev().take(20) {
            ui.colored_label(theme::LEAK, e);
        }
        clear = ui.small_button("Clear").clicked();
    });
    if clear {
        s.errors.clear();
    }
    ui.separator();
}

fn productions(s: &CaseState, ui: &mut egui::Ui, open_id: Option<i64>, cmds: &mut Vec<Command>) {
    if s.productions.is_empty() {
        ui.label(
            "No production yet: drop PDFs or folders on the window to add them \
             (or File > Add PDFs to the case…).",
        );
        return;
    }
    if let Some(last) = &s.last_added {
        ui.weak(format!(
            "Last added: {} new, {} already in the case, {} failed.",
            last.added.len(),
            last.already.len(),
            last.failed.len()
        ));
    }
    for p in &s.productions {
        let pr = &p.production;
        let name = file_name(&pr.path.to_string_lossy());
        let resp = ui
            .selectable_label(open_id == Some(pr.id), RichText::new(&name).strong())
            .on_hover_text(format!(
                "{}\nsha256 {}\nanalysed by Dossier {}\nclick: open it",
                pr.path.display(),
                pr.sha256,
                pr.dossier_version
            ));
        if resp.clicked() {
            cmds.push(Command::Case(CaseCommand::OpenProduction {
                id: pr.id,
                page: None,
                person: None,
            }));
        }
        ui.weak(format!(
            "{} pages · {} redactions · {} documents · {} people · added {}",
            pr.pages,
            p.redactions,
            p.documents,
            p.people,
            pr.added.replace('T', " ").trim_end_matches('Z')
        ));
        for other in &pr.other_paths {
            ui.weak(format!("also seen as {}", other.display()));
        }
        ui.add_space(4.0);
    }
}

/// A snippet with its matches (between the store's marks) highlighted.
pub(super) fn snippet(text: &str, base: Color32) -> LayoutJob {
    let mut job = LayoutJob::default();
    let plain = TextFormat {
        color: base,
        ..Default::default()
    };
    let hit = TextFormat {
        color: Color32::BLACK,
        background: theme::FLASH,
        ..Default::default()
    };
    let mut rest = text;
    while let Some(start) = rest.find(MARK_OPEN) {
        let (before, after) = rest.split_at(start);
        let after = &after[MARK_OPEN.len()..];
        let Some(end) = after.find(MARK_CLOSE) else {
            break;
        };
        job.append(before, 0.0, plain.clone());
        job.append(&after[..end], 0.0, hit.clone());
        rest = &after[end + MARK_CLOSE.len()..];
    }
    job.append(rest, 0.0, plain);
    job.wrap.max_width = f32::INFINITY;
    job
}

/// Hits of one production, best first, in the order of its best hit.
fn grouped(hits: &[Hit]) -> Vec<(&str, Vec<&Hit>)> {
    let mut out: Vec<(&str, Vec<&Hit>)> = Vec::new();
    for h in hits {
        match out.iter_mut().find(|(sha, _)| *sha == h.sha256) {
            Some((_, list)) => list.push(h),
            None => out.push((&h.sha256, vec![h])),
        }
    }
    out
}

fn search(s: &mut CaseState, ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
    let resp = ui.add(
        egui::TextEdit::singleline(&mut s.query)
            .hint_text("Search every production")
            .desired_width(f32::INFINITY),
    );
    let enter = resp.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    if ui.button("Search the case").clicked() || enter {
        cmds.push(Command::Case(CaseCommand::Search(s.query.clone())));
    }
    ui.weak("words, \"phrases\", prefix*, OR, NOT, NEAR(a b, 5)");
    ui.separator();
    let Some(found) = &s.hits else {
        return;
    };
    let hits = match found {
        Ok(h) => h,
        Err(e) => {
            ui.colored_label(theme::LEAK, e);
            return;
        }
    };
    let groups = grouped(&hits.hits);
    ui.label(format!(
        "{} page(s) match in {} production(s){}",
        hits.total,
        groups.len(),
        if usize::try_from(hits.total).unwrap_or(usize::MAX) > hits.hits.len() {
            format!(" (the best {} shown)", hits.hits.len())
        } else {
            String::new()
        }
    ));
    for (sha, list) in groups {
        let id = s.production_by_sha(sha).map(|p| p.production.id);
        let name = list.first().map(|h| file_name(&h.path)).unwrap_or_default();
        egui::CollapsingHeader::new(
            RichText::new(format!("{name} — {} page(s)", list.len())).strong(),
        )
        .id_salt(("case-hits", sha))
        .default_open(true)
        .show(ui, |ui| {
            for h in list {
                let mut place = format!("p. {}", h.page);
                if let Some(st) = &h.stamp {
                    place.push_str(&format!(" · {st}"));
                }
                let resp = ui.link(place);
                if let Some(d) = &h.document {
                    resp.clone().on_hover_text(d.clone());
                }
                if resp.clicked()
                    && let Some(id) = id
                {
                    cmds.push(Command::Case(CaseCommand::OpenProduction {
                        id,
                        page: Some(h.page),
                        person: None,
                    }));
                }
                if let Some(d) = &h.document {
                    ui.weak(d);
                }
                ui.label(snippet(&h.snippet, ui.visuals().text_color()));
                ui.add_space(4.0);
            }
        });
    }
}

/// File menu entries: open, new, close case.
pub(in crate::ui) fn file_menu(app: &mut DossierApp, ui: &mut egui::Ui) {
    ui.separator();
    if ui
        .button("Open case…")
        .on_hover_text("a .dossier file: many productions, searched together")
        .clicked()
    {
        app.push(Command::Case(CaseCommand::AskOpen));
    }
    if ui
        .button("New case…")
        .on_hover_text("an empty case; drop PDFs on the window to add them")
        .clicked()
    {
        app.push(Command::Case(CaseCommand::AskNew));
    }
    if app.case.is_some() {
        if ui.button("Add PDFs to the case…").clicked() {
            let files = app.dialogs.open_files();
            if !files.is_empty() {
                app.push(Command::Case(CaseCommand::Add(files)));
            }
        }
        if ui.button("Close case").clicked() {
            app.push(Command::Case(CaseCommand::Close));
        }
    }
    ui.separator();
}

/// The banner above the pages of a case production whose PDF is not there.
pub(in crate::ui) fn banner(app: &DossierApp, ui: &mut egui::Ui) {
    if let Some(m) = app.case_missing_pdf() {
        ui.colored_label(theme::LEAK, m);
    }
}

/// The status bar's part: files being added, with their progress and a Cancel button.
pub(in crate::ui) fn status(app: &mut DossierApp, ui: &mut egui::Ui) {
    let Some(a) = app.case.as_ref().and_then(|s| s.adding.as_ref()) else {
        return;
    };
    let (n, total, name) = &a.file;
    let (d, t) = a.pages;
    ui.label(format!("adding {n}/{total}: {name}"));
    ui.add(
        egui::ProgressBar::new(if t == 0 { 0.0 } else { d as f32 / t as f32 })
            .desired_width(120.0)
            .text(format!("{d}/{t} pages")),
    );
    if ui
        .small_button("Cancel")
        .on_hover_text("stop adding: the file being analysed is dropped, the ones added stay")
        .clicked()
    {
        app.push(Command::Case(CaseCommand::CancelAdd));
    }
    ui.separator();
}

/// The overview's caveat for a case production whose PDF is gone: the case keeps no page
/// geometry, so the shares of text withheld cannot be measured (the counts are exact).
pub(in crate::ui) fn overview_note(app: &DossierApp, ui: &mut egui::Ui) {
    if app.case_missing_pdf().is_some() {
        ui.colored_label(
            theme::OCR_LOW,
            "The PDF is not at its recorded path: the counts below are the case's, but the \
             shares of text withheld need the PDF's page geometry and read as whole pages here.",
        );
    }
}
