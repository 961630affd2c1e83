//! The Permits panel: the timeline of the linked permits and the documents, the permit links, and
//! the candidates (confirm or dismiss by right-click).

use std::collections::BTreeSet;

use egui::{Pos2, Rect as ERect, Sense, Stroke, Vec2};

use super::correction;
use crate::analysis::FileAnalysis;
use crate::project::{self, review};
use crate::ui::{Command, DossierApp, ocr, theme};

pub(super) fn ui(app: &mut DossierApp, ui: &mut egui::Ui, a: &FileAnalysis) {
    timeline_strip(app, ui, a);
    // Candidates the user confirmed count as links, as in the exports.
    let confirmed = |id: &str| {
        app.correction(&a.sha256, id)
            .is_some_and(|c| c.confirmed && !c.dismissed)
    };
    let n_confirmed = a
        .permit_candidates
        .iter()
        .filter(|l| confirmed(&review::link_id(l)))
        .count();
    ui.heading(format!(
        "Permit links ({})",
        a.permit_links.len() + n_confirmed
    ));
    if a.permit_links.is_empty() && a.permit_candidates.is_empty() {
        ui.label(
            "No registry loaded, or no page cites a permit. Start with --permits FILE (CSV/XLSX).",
        );
    }
    let row_h = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
    let links_h = if a.permit_candidates.is_empty() {
        f32::INFINITY
    } else {
        (ui.available_height() * 0.55).max(3.0 * row_h)
    };
    egui::ScrollArea::vertical()
        .id_salt("permit-rows")
        .max_height(links_h)
        .auto_shrink([false, a.permit_candidates.is_empty()])
        .show_rows(ui, row_h, a.permit_links.len(), |ui, range| {
            for l in a.permit_links.get(range).unwrap_or_default() {
                permit_row(app, ui, a, l, false);
            }
        });
    if a.permit_candidates.is_empty() {
        return;
    }
    ui.separator();
    ui.heading(format!("Candidates ({})", a.permit_candidates.len()));
    ui.weak(
        "Context that fits several permits alike, or fits weakly: not counted as links. \
         Right-click: confirm as link, or dismiss.",
    );
    egui::ScrollArea::vertical()
        .id_salt("permit-candidates")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for l in &a.permit_candidates {
                permit_row(app, ui, a, l, true);
                ui.weak(format!("    {}", l.evidence));
            }
        });
}

/// One row of the Permits list: a link, or a candidate (`candidate`) with its score.
fn permit_row(
    app: &mut DossierApp,
    ui: &mut egui::Ui,
    a: &FileAnalysis,
    l: &crate::permits::PermitLink,
    candidate: bool,
) {
    let via = l.via.as_str();
    let id = review::link_id(l);
    let corr = app.correction(&a.sha256, &id).cloned().unwrap_or_default();
    let line = if candidate {
        format!(
            "p. {}  {}?  by {via}, score {:.1} ({:.0}%){}",
            l.page,
            l.permit,
            l.score.unwrap_or_default(),
            l.confidence * 100.0,
            if corr.confirmed && !corr.dismissed {
                "  confirmed as link"
            } else {
                ""
            }
        )
    } else {
        format!(
            "p. {}  {}  by {via} ({:.0}%)",
            l.page,
            l.permit,
            l.confidence * 100.0
        )
    };
    let text = egui::RichText::new(line);
    let text = if corr.dismissed {
        text.strikethrough().weak()
    } else if candidate && corr.confirmed {
        text.strong()
    } else {
        text
    };
    let hint = if candidate {
        "right-click: confirm as link, or dismiss as wrong"
    } else {
        "right-click: dismiss as wrong"
    };
    let resp = ui
        .horizontal(|ui| {
            let resp = ui
                .selectable_label(false, text)
                .on_hover_text(format!("{}\n{hint}", l.evidence));
            ocr::mark(ui, &l.provenance);
            resp
        })
        .inner;
    if resp.clicked() {
        app.commands.push(Command::GoTo(l.page, l.bbox));
    }
    correction::menu(
        app,
        &resp,
        &project::review_key(&a.sha256, &id),
        &[],
        candidate,
    );
}

/// The linked permits' events and the documents' dates on one axis.
fn timeline_strip(app: &mut DossierApp, ui: &mut egui::Ui, a: &FileAnalysis) {
    let Some(reg) = app.registry.clone() else {
        return;
    };
    let linked: BTreeSet<&str> = a.permit_links.iter().map(|l| l.permit.as_str()).collect();
    let events: Vec<_> = crate::analysis::timeline(Some(&reg), &[a])
        .into_iter()
        .filter(|e| e.permit.as_deref().is_none_or(|p| linked.contains(p)))
        .filter_map(|e| {
            let date = if e.date.len() == 7 {
                format!("{}-15", e.date)
            } else {
                e.date.clone()
            };
            crate::dates::iso_days(&date).map(|d| (d, e))
        })
        .collect();
    let (Some(lo), Some(hi)) = (
        events.iter().map(|e| e.0).min(),
        events.iter().map(|e| e.0).max(),
    ) else {
        return;
    };
    ui.label(format!(
        "Timeline: {} to {}",
        events.first().map_or("", |e| e.1.date.as_str()),
        events.last().map_or("", |e| e.1.date.as_str())
    ));
    let (rect, _) = ui.allocate_exact_size(Vec2::new(ui.available_width(), 54.0), Sense::hover());
    let painter = ui.painter_at(rect);
    let y = rect.center().y;
    painter.line_segment(
        [
            Pos2::new(rect.left() + 6.0, y),
            Pos2::new(rect.right() - 6.0, y),
        ],
        Stroke::new(1.0, theme::MUTED),
    );
    let span = (hi - lo).max(1) as f32;
    for (i, (d, e)) in events.iter().enumerate() {
        let x = rect.left() + 6.0 + (rect.width() - 12.0) * ((*d - lo) as f32 / span);
        let color = match e.kind.as_str() {
            "document" => theme::PERSON,
            "permit_issued" => theme::PERMIT,
            "permit_suspended" => theme::TAG,
            "permit_cancelled" | "permit_not_approved" => theme::LEAK,
            _ => theme::MUTED,
        };
        let up = if e.kind == "document" { -1.0 } else { 1.0 };
        let tick = ERect::from_center_size(Pos2::new(x, y + up * 12.0), Vec2::new(6.0, 18.0));
        painter.rect_filled(tick, 1.0, color);
        let resp = ui.interact(
            tick.expand(2.0),
            ui.scope_id().with(("tl", i)),
            Sense::click(),
        );
        if resp.clicked()
            && let Some([p, _]) = e.pages
        {
            app.commands.push(Command::GoTo(p, None));
        }
        resp.on_hover_text(format!("{}  {}", e.date, e.label));
    }
    ui.weak(
        "above: documents · below: permits (green issued, orange suspended, red cancelled/refused)",
    );
    ui.separator();
}
