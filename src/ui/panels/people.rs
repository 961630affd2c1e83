//! The People panel: the officials and other people named, each with their title and
//! organisation (correctable by right-click), the number of pages they appear on and the first
//! and last dates of those pages' documents; a click steps through their mentions.

use super::{correction, list};
use crate::analysis::FileAnalysis;
use crate::ui::triage::{List, Rows};
use crate::ui::{DossierApp, ocr};

pub(super) fn ui(app: &mut DossierApp, ui: &mut egui::Ui, a: &FileAnalysis) {
    ui.heading(format!("People ({})", a.officials.len()));
    super::overview::person_chip(app, ui, a);
    list::show(app, ui, a, List::People, row);
}

/// One person: reviewed mark, name and title; organisation, pages, first and last dates.
fn row(
    app: &mut DossierApp,
    ui: &mut egui::Ui,
    a: &FileAnalysis,
    rows: &Rows,
    i: usize,
    look: list::Look,
) -> egui::Response {
    let Some(o) = a.officials.get(i) else {
        return ui.label("");
    };
    let key = rows.key(List::People, i).unwrap_or_default().to_string();
    let corr = app
        .correction(&a.sha256, &o.id)
        .cloned()
        .unwrap_or_default();
    let title = corr.title.clone().or_else(|| o.title.clone());
    let org = corr.organization.clone().or_else(|| o.organization.clone());
    let line = format!(
        "{}{}{}",
        o.name,
        title
            .as_ref()
            .map(|t| format!(" — {t}"))
            .unwrap_or_default(),
        if title != o.title { " (corrected)" } else { "" }
    );
    let text = egui::RichText::new(line).strong();
    let text = if corr.dismissed {
        text.strikethrough().weak()
    } else {
        text
    };
    let resp = ui
        .horizontal(|ui| {
            list::reviewed_box(app, ui, &key);
            let resp = ui
                .add(egui::Button::selectable(look.selected, text).truncate())
                .on_hover_text("click: next mention · right-click: dismiss or correct");
            ocr::mark(ui, &o.provenance);
            resp
        })
        .inner;
    correction::menu(
        app,
        &resp,
        &key,
        &[
            ("title", "Title", title.clone().unwrap_or_default()),
            (
                "organization",
                "Organisation",
                org.clone().unwrap_or_default(),
            ),
        ],
        false,
    );
    // Mentions read from pictures, when some are and some are not (all: the mark above).
    let by_ocr = o
        .mention_list
        .iter()
        .filter(|m| m.provenance.source == crate::pdf::Source::Ocr)
        .count();
    let span = rows.people_spans.get(i).cloned().unwrap_or_default();
    let dates = match (&span.first, &span.last) {
        (Some(f), Some(l)) if f == l => format!(" · {f}"),
        (Some(f), Some(l)) => format!(" · {f} – {l}"),
        _ => String::new(),
    };
    let details = format!(
        "{}{} · {} page{}{dates} · {} mentions{}",
        org.unwrap_or_else(|| "no organisation".to_string()),
        if o.is_official {
            ""
        } else {
            " (not an official)"
        },
        span.pages,
        if span.pages == 1 { "" } else { "s" },
        o.mentions,
        if by_ocr > 0 && by_ocr < o.mention_list.len() {
            format!(" ({by_ocr} read by OCR)")
        } else {
            String::new()
        }
    );
    let second = list::detail(ui, details).on_hover_text(format!("pages {:?}", o.pages));
    resp.union(second)
}
