//! The Differences panel: the production to compare with (itself when alone), the comparison
//! running (spinner) or its numbers, the documents paired with their similarity, then every
//! difference as a row reading like `dossier diff` (one click: both pages side by side at it),
//! the passages recoded, and how many stayed withheld in both.

use egui::{Sense, Stroke, StrokeKind, Vec2};

use super::{DiffCommand, DossierApp, Row};
use crate::compare::{Comparison, Which};
use crate::redactions::codes;
use crate::ui::{Command, FileState};

/// Lines of text a row shows (the whole sentence on hover).
const ROW_LINES: usize = 3;

pub(in crate::ui) fn ui(app: &mut DossierApp, ui: &mut egui::Ui) {
    let (a, b) = app.diff_files();
    ui.heading("Differences");
    chooser(app, ui, a, b);
    let names = [super::file_name(app, a), super::file_name(app, b)];
    let Some(done) = app.diff_result() else {
        if let Some(s) = app.diff_elapsed() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(if a == b {
                    format!("Reading {}'s repeated passages… {s:.1} s", names[0])
                } else {
                    format!("Comparing {} with {}… {s:.1} s", names[0], names[1])
                });
            });
        } else if !ready(app, b) {
            ui.label(format!("{} is still being analysed.", names[1]));
        }
        return;
    };
    let cmp = done.result.clone();
    let took = done.took;
    summary(ui, &cmp, a == b, took.as_secs_f64());
    let mut overlay = app.diff.overlay;
    if ui
        .checkbox(
            &mut overlay,
            "Released text over the boxes in the page view",
        )
        .changed()
    {
        app.push(Command::Diff(DiffCommand::Overlay(overlay)));
    }
    pairs(app, ui, &cmp, a == b);
    ui.separator();
    filters(app, ui, &cmp);
    let rows = app.diff_rows();
    if rows.is_empty() {
        ui.weak("No row passes the filters.");
    }
    let line_h = ui.text_style_height(&egui::TextStyle::Body);
    let row_h = line_h * ROW_LINES as f32 + 8.0;
    let footer = ui.text_style_height(&egui::TextStyle::Body) + 16.0;
    egui::ScrollArea::vertical()
        .id_salt("difference-rows")
        .auto_shrink([false, false])
        .max_height((ui.available_height() - footer).max(row_h))
        .show_rows(ui, row_h, rows.len(), |ui, range| {
            for row in rows.get(range).unwrap_or_default() {
                let text = match *row {
                    Row::Change(i) => cmp
                        .changes
                        .get(i)
                        .map(|c| super::change_sentence(c, &names[0], &names[1])),
                    Row::Recoded(i) => cmp.recoded.get(i).map(|r| recoded_sentence(app, a, b, r)),
                };
                let Some(text) = text else { continue };
                let selected = app.diff.selected == Some(*row);
                if row_button(ui, &text, selected, row_h).clicked() {
                    app.push(Command::Diff(match *row {
                        Row::Change(i) => DiffCommand::ShowChange(i),
                        Row::Recoded(i) => DiffCommand::ShowRecoded(i),
                    }));
                }
            }
        });
    ui.label(format!(
        "{} passages withheld in both{}",
        cmp.withheld_in_both,
        if a == b {
            " places under the same codes"
        } else {
            " copies under the same codes"
        }
    ));
}

fn ready(app: &DossierApp, i: usize) -> bool {
    app.files
        .get(i)
        .is_some_and(|f| matches!(f.state, FileState::Ready(_)))
}

/// The production to compare with.
fn chooser(app: &mut DossierApp, ui: &mut egui::Ui, a: usize, b: usize) {
    if app.files.len() < 2 {
        ui.weak(
            "One production open: its repeated passages (a message and the reply quoting it, a \
             page printed twice) read against each other. Open another release of the same \
             records to compare the two.",
        );
        return;
    }
    let label = |i: usize| {
        if i == a {
            format!("{} itself (repeated passages)", super::file_name(app, i))
        } else {
            super::file_name(app, i)
        }
    };
    let mut pick = None;
    ui.horizontal(|ui| {
        ui.label(format!("A: {}   B:", super::file_name(app, a)));
        egui::ComboBox::from_id_salt("compare-with")
            .selected_text(label(b))
            .show_ui(ui, |ui| {
                for i in 0..app.files.len() {
                    if ui.selectable_label(i == b, label(i)).clicked() {
                        pick = Some(i);
                    }
                }
            });
    });
    if let Some(i) = pick
        && i != b
    {
        app.push(Command::Diff(DiffCommand::With(i)));
    }
}

fn summary(ui: &mut egui::Ui, c: &Comparison, itself: bool, secs: f64) {
    let count = |w: Which| c.changes.iter().filter(|x| x.withheld_in == w).count();
    if itself {
        ui.label(format!(
            "{} passages repeated inside the production; {} withheld in one place and readable \
             in another.",
            c.pairs.len(),
            c.changes.len()
        ));
    } else {
        ui.label(format!(
            "{} records found in both ({} of A and {} of B with no counterpart). Withheld in A \
             and readable in B: {}; withheld in B and readable in A: {}.",
            c.pairs.len(),
            c.unpaired.a.len(),
            c.unpaired.b.len(),
            count(Which::A),
            count(Which::B)
        ));
    }
    ui.weak(format!("compared in {secs:.1} s"));
}

/// The documents paired, with their similarity: a click shows both first pages side by side.
fn pairs(app: &mut DossierApp, ui: &mut egui::Ui, c: &Comparison, itself: bool) {
    let title = if itself {
        format!("Repeated passages ({})", c.pairs.len())
    } else {
        format!("Documents paired ({})", c.pairs.len())
    };
    egui::CollapsingHeader::new(title)
        .id_salt("diff-pairs")
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("diff-pair-rows")
                .max_height(160.0)
                .show(ui, |ui| {
                    for (i, p) in c.pairs.iter().enumerate() {
                        let text = format!(
                            "A p. {}  ↔  B p. {}   {:.0} % alike",
                            p.a.first_page,
                            p.b.first_page,
                            p.similarity * 100.0
                        );
                        if ui.selectable_label(false, text).clicked() {
                            app.push(Command::Diff(DiffCommand::ShowPair(i)));
                        }
                    }
                    for (l, list) in [("A", &c.unpaired.a), ("B", &c.unpaired.b)] {
                        if !list.is_empty() {
                            let pages: Vec<String> = list
                                .iter()
                                .map(|s| format!("p. {}", s.first_page))
                                .collect();
                            ui.weak(format!("No counterpart in {l}: {}", pages.join(", ")));
                        }
                    }
                });
        });
}

fn filters(app: &mut DossierApp, ui: &mut egui::Ui, c: &Comparison) {
    let count = |w: Which| c.changes.iter().filter(|x| x.withheld_in == w).count();
    ui.horizontal_wrapped(|ui| {
        ui.label("Show:");
        let f = &mut app.diff.filter;
        ui.checkbox(
            &mut f.withheld_in_a,
            format!("withheld in A ({})", count(Which::A)),
        );
        ui.checkbox(
            &mut f.withheld_in_b,
            format!("withheld in B ({})", count(Which::B)),
        );
        ui.checkbox(&mut f.recoded, format!("recoded ({})", c.recoded.len()));
    });
}

/// `p. 3 (STAMP) under s.19(1); p. 9 (STAMP) under s.21(1)(a)`.
fn recoded_sentence(app: &DossierApp, a: usize, b: usize, r: &crate::compare::Recoded) -> String {
    let cite = |i: usize, page: u32| match &app.files.get(i).map(|f| &f.state) {
        Some(FileState::Ready(an)) => an.cite(page),
        _ => format!("p. {page}"),
    };
    let mut s = format!(
        "withheld in both, recoded: {} under {}; {} under {}",
        cite(a, r.a_page),
        codes::cite(&r.a_codes),
        cite(b, r.b_page),
        codes::cite(&r.b_codes)
    );
    if let Some(t) = &r.text {
        s.push_str(&format!(": \"{t}\""));
    }
    s
}

/// A row of the list: the sentence on up to [`ROW_LINES`] lines (all of it on hover), selected
/// when it was the last clicked; named by its whole sentence for screen readers (and tests).
fn row_button(ui: &mut egui::Ui, text: &str, selected: bool, h: f32) -> egui::Response {
    let w = ui.available_width();
    let (rect, resp) = ui.allocate_exact_size(Vec2::new(w, h - 4.0), Sense::click());
    resp.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, text));
    let visuals = ui.style().interact_selectable(&resp, selected);
    if selected || resp.hovered() {
        ui.painter().rect_filled(rect, 2.0, visuals.weak_bg_fill);
        ui.painter().rect_stroke(
            rect,
            2.0,
            Stroke::new(1.0, visuals.bg_stroke.color),
            StrokeKind::Inside,
        );
    }
    let font = egui::TextStyle::Body.resolve(ui.style());
    let mut job = egui::text::LayoutJob::simple(
        text.to_string(),
        font,
        visuals.text_color(),
        rect.width() - 8.0,
    );
    job.wrap.max_rows = ROW_LINES;
    job.wrap.break_anywhere = false;
    let galley = ui.painter().layout_job(job);
    let cut = galley.elided;
    ui.painter()
        .galley(rect.min + Vec2::new(4.0, 2.0), galley, visuals.text_color());
    if cut { resp.on_hover_text(text) } else { resp }
}
