//! What the review lists (redactions, people, permits) share: the progress line, the filter box,
//! "unreviewed only", the column headers that sort, and the rows themselves, virtualised (only
//! the rows on screen are drawn), selectable (click, Ctrl+click, Shift+click), marked where they
//! are about the page being viewed, and scrolled to follow that page.

use egui::{Align, Layout, Vec2};

use crate::analysis::FileAnalysis;
use crate::ui::triage::{List, Rows};
use crate::ui::{Command, DossierApp, theme};

/// How a row is shown.
#[derive(Debug, Clone, Copy)]
pub(super) struct Look {
    /// In the selection.
    pub selected: bool,
}

/// The keys, in short (the Help menu has them all).
const KEYS_HINT: &str = "A accept · D dismiss · J/K move · U unreviewed · Ctrl+Z undo";

/// The lines above a list: "41 of 120 reviewed" (and how many rows the filters leave), the
/// filter box, "Unreviewed only", the sort.
fn controls(
    app: &mut DossierApp,
    ui: &mut egui::Ui,
    list: List,
    done: usize,
    total: usize,
    shown: usize,
) {
    ui.horizontal(|ui| {
        ui.strong(format!("{done} of {total} reviewed"))
            .on_hover_text("marked reviewed (A) or dismissed (D)");
        if shown != total {
            ui.weak(format!("· {shown} shown"));
        }
        let st = app.list_state_mut(list);
        ui.checkbox(&mut st.unreviewed_only, "Unreviewed only (U)");
    });
    ui.horizontal(|ui| {
        let st = app.list_state_mut(list);
        let label = ui.label("Filter:");
        ui.add(
            egui::TextEdit::singleline(&mut st.filter)
                .hint_text("words, codes, pages, names…")
                // Room for the clear button and the box's own margins: the panel must not grow.
                .desired_width((ui.available_width() - 48.0).max(60.0)),
        )
        .labelled_by(label.id);
        if !st.filter.is_empty()
            && ui
                .small_button("×")
                .on_hover_text("clear the filter")
                .clicked()
        {
            st.filter.clear();
        }
    });
    ui.horizontal_wrapped(|ui| {
        ui.weak("Sort:");
        let st = app.list_state_mut(list);
        for (i, name) in list.columns().iter().enumerate() {
            let label = if st.sort == i {
                format!("{name} {}", if st.desc { "▼" } else { "▲" })
            } else {
                (*name).to_string()
            };
            if ui
                .selectable_label(st.sort == i, label)
                .on_hover_text("click to sort; again for the other way")
                .clicked()
            {
                if st.sort == i {
                    st.desc = !st.desc;
                } else {
                    st.sort = i;
                    st.desc = false;
                }
            }
        }
    });
    ui.weak(KEYS_HINT);
}

/// A review list: its controls, then its rows as sorted and filtered, each drawn by `draw` (from
/// the analysis, the rows' context, the row's index and look; it returns the response that selects the row).
pub(super) fn show(
    app: &mut DossierApp,
    ui: &mut egui::Ui,
    a: &FileAnalysis,
    list: List,
    mut draw: impl FnMut(
        &mut DossierApp,
        &mut egui::Ui,
        &FileAnalysis,
        &Rows,
        usize,
        Look,
    ) -> egui::Response,
) {
    let rows = app.rows(a);
    let keys = rows.keys(list);
    let done = keys.iter().filter(|k| app.is_done(k)).count();
    // Indices, not copies: only the rows on screen are built.
    let order = app.order(list, a, &rows);
    controls(app, ui, list, done, keys.len(), order.len());
    rows_ui(app, ui, a, list, &order, |app, ui, i, look| {
        draw(app, ui, a, &rows, i, look)
    });
}

/// The reviewed mark of a row (a click is a [`Command::Review`]).
pub(super) fn reviewed_box(app: &mut DossierApp, ui: &mut egui::Ui, key: &str) {
    let mut reviewed = app.project.reviewed.get(key).copied().unwrap_or(false);
    if ui
        .checkbox(&mut reviewed, "")
        .on_hover_text("reviewed (A)")
        .changed()
    {
        app.commands
            .push(Command::Review(key.to_string(), reviewed));
    }
}

/// A row's second line, under its label: weak, cut to the width, a click selects the row.
pub(super) fn detail(ui: &mut egui::Ui, text: impl Into<String>) -> egui::Response {
    ui.horizontal(|ui| {
        // Under the label, past the reviewed mark.
        let s = ui.spacing();
        ui.add_space(s.icon_width + s.icon_spacing + s.item_spacing.x + s.button_padding.x);
        ui.add(
            egui::Label::new(egui::RichText::new(text).weak())
                .truncate()
                .sense(egui::Sense::click()),
        )
    })
    .inner
}

/// The rows of `order`, two lines each, drawn by `draw`.
fn rows_ui(
    app: &mut DossierApp,
    ui: &mut egui::Ui,
    a: &FileAnalysis,
    list: List,
    order: &[usize],
    mut draw: impl FnMut(&mut DossierApp, &mut egui::Ui, usize, Look) -> egui::Response,
) {
    let id = format!("{list:?}-rows");
    let sp = ui.spacing().item_spacing.y;
    let row_h = 2.0 * ui.spacing().interact_size.y + sp;
    // Follow the page being viewed; a row the keys moved to comes first.
    let page = app.page;
    let st = app.list_state_mut(list);
    let mut target = None;
    if let Some(item) = st.scroll_to.take() {
        target = order.iter().position(|&i| i == item);
        st.followed_page = page;
    } else if st.followed_page != page {
        st.followed_page = page;
        target = order
            .iter()
            .position(|&i| DossierApp::on_page(list, a, i, page));
    }
    let shown = st.shown.clone();
    let mut area = egui::ScrollArea::vertical()
        .id_salt(id)
        .auto_shrink([false, false]);
    if let Some(pos) = target
        && !(shown.start < pos && pos + 2 < shown.end)
    {
        let third = ui.available_height() / 3.0;
        area = area.vertical_scroll_offset((pos as f32 * (row_h + sp) - third).max(0.0));
    }
    let width = ui.available_width();
    area.show_rows(ui, row_h, order.len(), |ui, range| {
        app.list_state_mut(list).shown = range.clone();
        for &item in order.get(range).unwrap_or_default() {
            let st = app.list_state(list);
            let look = Look {
                selected: st.selected.contains(&item) || st.cursor == Some(item),
            };
            let on_page = DossierApp::on_page(list, a, item, page);
            let resp = ui.allocate_ui_with_layout(
                Vec2::new(width - 12.0, row_h),
                Layout::left_to_right(Align::Min),
                |ui| {
                    ui.set_min_size(Vec2::new(width - 12.0, row_h));
                    if look.selected {
                        let fill = ui.visuals().selection.bg_fill.gamma_multiply(0.25);
                        ui.painter().rect_filled(ui.max_rect(), 3.0, fill);
                    }
                    ui.add_space(6.0);
                    ui.vertical(|ui| draw(app, ui, item, look)).inner
                },
            );
            if on_page {
                // A mark at the row's left: it is about the page in view.
                let r = resp.response.rect;
                ui.painter().rect_filled(
                    egui::Rect::from_min_size(r.min, Vec2::new(3.0, r.height())),
                    1.0,
                    theme::FLASH,
                );
            }
            if resp.inner.clicked() {
                let m = ui.input(|i| i.modifiers);
                app.click_row(list, a, order, item, m);
            }
        }
    });
}
