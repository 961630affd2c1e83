//! The People panel: the officials and other people named, with their title and organisation
//! (correctable by right-click); a click steps through their mentions.

use super::correction;
use crate::analysis::FileAnalysis;
use crate::project;
use crate::ui::{Command, DossierApp, ocr};

pub(super) fn ui(app: &mut DossierApp, ui: &mut egui::Ui, a: &FileAnalysis) {
    ui.heading(format!("People ({})", a.officials.len()));
    super::overview::person_chip(app, ui, a);
    for o in &a.officials {
        if !app.passes_person_filter(o) {
            continue;
        }
        let line = format!(
            "{}{}",
            o.name,
            o.title
                .as_ref()
                .map(|t| format!(" — {t}"))
                .unwrap_or_default()
        );
        let corr = app
            .correction(&a.sha256, &o.id)
            .cloned()
            .unwrap_or_default();
        let title = corr.title.clone().or_else(|| o.title.clone());
        let org = corr.organization.clone().or_else(|| o.organization.clone());
        let line = if title != o.title {
            format!(
                "{}{} (corrected)",
                o.name,
                title
                    .as_ref()
                    .map(|t| format!(" — {t}"))
                    .unwrap_or_default()
            )
        } else {
            line
        };
        let text = egui::RichText::new(line).strong();
        let text = if corr.dismissed {
            text.strikethrough().weak()
        } else {
            text
        };
        let resp = ui
            .horizontal(|ui| {
                let resp = ui
                    .selectable_label(false, text)
                    .on_hover_text("click: next mention · right-click: dismiss or correct");
                ocr::mark(ui, &o.provenance);
                resp
            })
            .inner;
        correction::menu(
            app,
            &resp,
            &project::review_key(&a.sha256, &o.id),
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
        if resp.clicked() {
            // Step through mentions: the first one after the current page.
            let next = o
                .mention_list
                .iter()
                .find(|m| m.page > app.page)
                .or_else(|| o.mention_list.first());
            if let Some(m) = next {
                app.commands.push(Command::GoTo(m.page, m.bbox));
            }
        }
        // Mentions read from pictures, when some are and some are not (all: the mark above).
        let by_ocr = o
            .mention_list
            .iter()
            .filter(|m| m.provenance.source == crate::pdf::Source::Ocr)
            .count();
        ui.weak(format!(
            "{}{} · pages {:?} · {} mentions{}",
            org.unwrap_or_default(),
            if o.is_official {
                ""
            } else {
                " (not an official)"
            },
            o.pages,
            o.mentions,
            if by_ocr > 0 && by_ocr < o.mention_list.len() {
                format!(" ({by_ocr} read by OCR)")
            } else {
                String::new()
            }
        ));
    }
}
