//! The Documents panel: the production's e-mails, memos and other documents, a quoted message
//! under the one quoting it; a click goes to the document's first page.

use crate::analysis::FileAnalysis;
use crate::ui::{Command, DossierApp, ocr};

pub(super) fn ui(app: &mut DossierApp, ui: &mut egui::Ui, a: &FileAnalysis) {
    ui.heading(format!("Documents ({})", a.documents.len()));
    super::overview::kind_chip(app, ui);
    let docs: Vec<_> = (a.documents.iter())
        .filter(|d| app.passes_document_filter(d))
        .collect();
    let row_h = 2.0 * (ui.spacing().interact_size.y + ui.spacing().item_spacing.y);
    egui::ScrollArea::vertical()
        .id_salt("document-rows")
        .auto_shrink([false, false])
        .show_rows(ui, row_h, docs.len(), |ui, range| {
            for d in docs.get(range).unwrap_or_default() {
                // A quoted message sits under the one quoting it, one step per level.
                let indent = if d.quoted_in.is_some() {
                    format!("{}» ", "    ".repeat(d.depth.clamp(1, 4) as usize))
                } else {
                    String::new()
                };
                let kind = match d.kind {
                    crate::documents::DocumentKind::Email => "e-mail",
                    crate::documents::DocumentKind::Memo => "memo",
                    crate::documents::DocumentKind::Other => "document",
                };
                let head = format!(
                    "{indent}p. {}–{}  {kind}  {}  {}",
                    d.first_page,
                    d.last_page,
                    d.date.as_deref().unwrap_or("undated"),
                    d.subject.as_deref().unwrap_or("(no subject)")
                );
                ui.horizontal(|ui| {
                    if ui.selectable_label(false, head).clicked() {
                        app.commands.push(Command::GoTo(d.first_page, None));
                    }
                    ocr::mark(ui, &d.provenance);
                });
                let mut marks = Vec::new();
                if let Some(c) = &d.classification {
                    marks.push(c.clone());
                }
                if let Some(f) = &d.file_number {
                    marks.push(format!("file {f}"));
                }
                if let Some(first) = &d.same_as {
                    marks.push(format!("seen before as {first}"));
                }
                ui.weak(format!(
                    "{indent}from {}  to {}{}{}",
                    d.from.as_deref().unwrap_or("?"),
                    d.to.join(", "),
                    if d.cc.is_empty() {
                        String::new()
                    } else {
                        format!("  cc {}", d.cc.join(", "))
                    },
                    if marks.is_empty() {
                        String::new()
                    } else {
                        format!("  · {}", marks.join(" · "))
                    }
                ));
            }
        });
}
