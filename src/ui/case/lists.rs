//! The case-wide lists of the case panel: people ("Jane Roe — 4 productions, 41 pages"), permits
//! (links and candidates), pages released more than once; every page a click away (the
//! production opens at it).

use egui::RichText;

use super::panel::file_name;
use super::{CaseCommand, CaseState};
use crate::store::people::Cited;
use crate::textfold::fold_accents;
use crate::ui::{Command, DossierApp, theme};

/// Rows drawn at most (the filter finds the others).
const MAX_ROWS: usize = 300;

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The filter box; the filter folded for matching.
fn filter(s: &mut CaseState, ui: &mut egui::Ui, hint: &str) -> String {
    ui.add(
        egui::TextEdit::singleline(&mut s.filter)
            .hint_text(hint)
            .desired_width(f32::INFINITY),
    );
    fold_accents(&s.filter.to_lowercase())
}

fn matches(folded_filter: &str, texts: &[&str]) -> bool {
    folded_filter.is_empty()
        || texts
            .iter()
            .any(|t| fold_accents(&t.to_lowercase()).contains(folded_filter))
}

/// Each production of `cited` with its pages, each page a link; `person` is flashed there.
fn cited_pages(
    s: &CaseState,
    ui: &mut egui::Ui,
    cited: &[Cited],
    person: Option<&str>,
    cmds: &mut Vec<Command>,
) {
    for c in cited {
        let id = s.production_by_sha(&c.sha256).map(|p| p.production.id);
        ui.label(RichText::new(file_name(&c.path)).strong())
            .on_hover_text(&c.path);
        ui.horizontal_wrapped(|ui| {
            for page in &c.pages {
                if ui
                    .link(format!("p. {page}"))
                    .on_hover_text("open the production at this page")
                    .clicked()
                    && let Some(id) = id
                {
                    cmds.push(Command::Case(CaseCommand::OpenProduction {
                        id,
                        page: Some(*page),
                        person: person.map(str::to_string),
                    }));
                }
            }
        });
    }
}

pub(super) fn people(s: &mut CaseState, ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
    let f = filter(s, ui, "Filter people (name, title, organisation)");
    if s.people.is_empty() {
        ui.label("No person named in the case's productions.");
        return;
    }
    let s = &*s;
    let shown: Vec<_> = s
        .people
        .iter()
        .filter(|p| {
            let mut texts = vec![p.name.as_str()];
            texts.extend(p.titles.iter().map(String::as_str));
            texts.extend(p.organizations.iter().map(String::as_str));
            matches(&f, &texts)
        })
        .collect();
    for p in shown.iter().take(MAX_ROWS) {
        let head = format!(
            "{} — {}, {}",
            p.name,
            plural(p.productions.len(), "production", "productions"),
            plural(p.pages, "page", "pages")
        );
        egui::CollapsingHeader::new(RichText::new(head).color(theme::PERSON))
            .id_salt(("case-person", &p.identity))
            .show(ui, |ui| {
                let about: Vec<&str> = p
                    .titles
                    .iter()
                    .chain(&p.organizations)
                    .map(String::as_str)
                    .collect();
                if !about.is_empty() {
                    ui.weak(about.join("; "));
                }
                cited_pages(s, ui, &p.productions, Some(p.identity.as_str()), cmds);
            });
    }
    if shown.len() > MAX_ROWS {
        ui.weak(format!(
            "{} more: filter to find them",
            shown.len() - MAX_ROWS
        ));
    }
}

pub(super) fn permits(s: &mut CaseState, ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
    let f = filter(s, ui, "Filter permits");
    if s.permits.is_empty() {
        ui.label(
            "No permit cited. Load a permit registry (File > Load permit registry…): it is kept \
             in the case, and the productions added from then on are linked to it.",
        );
        return;
    }
    let s = &*s;
    let shown: Vec<_> = s
        .permits
        .iter()
        .filter(|p| matches(&f, &[p.permit.as_str()]))
        .collect();
    for p in shown.iter().take(MAX_ROWS) {
        let pages = |l: &[Cited]| l.iter().map(|c| c.pages.len()).sum::<usize>();
        let mut productions: Vec<&str> = p
            .links
            .iter()
            .chain(&p.candidates)
            .map(|c| c.sha256.as_str())
            .collect();
        productions.sort_unstable();
        productions.dedup();
        let mut head = format!(
            "{} — {}, {} linked",
            p.permit,
            plural(productions.len(), "production", "productions"),
            plural(pages(&p.links), "page", "pages")
        );
        if !p.candidates.is_empty() {
            head.push_str(&format!(
                ", {}",
                plural(pages(&p.candidates), "candidate page", "candidate pages")
            ));
        }
        egui::CollapsingHeader::new(RichText::new(head).color(theme::PERMIT))
            .id_salt(("case-permit", &p.permit))
            .show(ui, |ui| {
                if !p.links.is_empty() {
                    ui.label("Links:");
                    cited_pages(s, ui, &p.links, None, cmds);
                }
                if !p.candidates.is_empty() {
                    ui.label("Candidates (to confirm):");
                    cited_pages(s, ui, &p.candidates, None, cmds);
                }
            });
    }
    if shown.len() > MAX_ROWS {
        ui.weak(format!(
            "{} more: filter to find them",
            shown.len() - MAX_ROWS
        ));
    }
}

pub(super) fn duplicates(s: &mut CaseState, ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
    if s.duplicates.is_none() {
        match s.case.duplicates() {
            Ok(d) => s.duplicates = Some(d),
            Err(e) => {
                ui.colored_label(theme::LEAK, format!("could not read the case: {e}"));
                return;
            }
        }
    }
    let Some(dups) = &s.duplicates else {
        return;
    };
    if dups.is_empty() {
        ui.label("No page is released more than once.");
        return;
    }
    ui.weak(format!(
        "{} released more than once (same words, stamps aside): read one copy",
        plural(dups.len(), "page", "pages")
    ));
    for (i, d) in dups.iter().enumerate().take(MAX_ROWS) {
        let mut line: String = d.first_line.chars().take(60).collect();
        if line.len() < d.first_line.len() {
            line.push('…');
        }
        let what = d
            .copies
            .iter()
            .find_map(|c| c.document.clone())
            .unwrap_or_else(|| format!("\"{line}\""));
        egui::CollapsingHeader::new(format!("{what} — {} copies", d.copies.len()))
            .id_salt(("case-dup", i))
            .show(ui, |ui| {
                for c in &d.copies {
                    let id = s.production_by_sha(&c.sha256).map(|p| p.production.id);
                    let stamp = c
                        .stamp
                        .as_deref()
                        .map(|x| format!(" · {x}"))
                        .unwrap_or_default();
                    if ui
                        .link(format!("{} p. {}{stamp}", file_name(&c.path), c.page))
                        .clicked()
                        && let Some(id) = id
                    {
                        cmds.push(Command::Case(CaseCommand::OpenProduction {
                            id,
                            page: Some(c.page),
                            person: None,
                        }));
                    }
                }
            });
    }
}

/// The side panel's line when a case is open and no production is: where to start.
pub(in crate::ui) fn empty_hint(app: &DossierApp, ui: &mut egui::Ui) -> bool {
    if app.case.is_none() {
        return false;
    }
    ui.label(
        "Open a production from the case panel (click its name, a search hit, a person's page), \
         or drop PDFs on this window to add them to the case.",
    );
    true
}
