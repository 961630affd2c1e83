//! The Permits panel: the timeline of the linked permits and the documents, then one list of the
//! permit links and the candidates (confirm or dismiss by right-click), each with its evidence
//! (the number, the serial or the context words matched).

use std::collections::BTreeSet;

use egui::{Pos2, Rect as ERect, Sense, Stroke, Vec2};

use super::{correction, list};
use crate::analysis::FileAnalysis;
use crate::project::review;
use crate::ui::triage::{List, Rows, permit};
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
    if !a.permit_candidates.is_empty() {
        ui.label(format!("Candidates ({})", a.permit_candidates.len()));
        ui.weak(
            "Candidates (marked ?): context that fits several permits alike, or fits weakly; not \
             counted as links. Right-click: confirm as link, or dismiss.",
        );
    }
    list::show(
        app,
        ui,
        a,
        List::Permits,
        |app, ui, a, rows, i, look| match permit(a, i) {
            Some((l, candidate)) => permit_row(app, ui, a, rows, i, l, candidate, look),
            None => ui.label(""),
        },
    );
}

/// One row of the Permits list: a link, or a candidate (`candidate`) with its score; its
/// evidence under it.
#[allow(clippy::too_many_arguments)]
fn permit_row(
    app: &mut DossierApp,
    ui: &mut egui::Ui,
    a: &FileAnalysis,
    rows: &Rows,
    i: usize,
    l: &crate::permits::PermitLink,
    candidate: bool,
    look: list::Look,
) -> egui::Response {
    let via = l.via.as_str();
    let id = review::link_id(l);
    let key = rows.key(List::Permits, i).unwrap_or_default().to_string();
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
            list::reviewed_box(app, ui, &key);
            let resp = ui
                .add(egui::Button::selectable(look.selected, text).truncate())
                .on_hover_text(format!("{}\n{hint}", l.evidence));
            ocr::mark(ui, &l.provenance);
            resp
        })
        .inner;
    correction::menu(app, &resp, &key, &[], candidate);
    let second = list::detail(ui, l.evidence.clone());
    resp.union(second)
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
