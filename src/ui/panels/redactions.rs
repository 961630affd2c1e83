//! The Redactions panel: counts, leaks, the code filter, the grounds the production claims, and
//! the list of redactions, each with the words around it and its document (reviewed marks;
//! right-click to dismiss or correct the codes; triage keys in `triage.rs`).

use egui::{Sense, Vec2};

use super::{correction, list};
use crate::analysis::FileAnalysis;
use crate::redactions::{RedactionKind, codes};
use crate::ui::triage::{List, Rows};
use crate::ui::{Command, DossierApp, ocr, theme};

pub(super) fn ui(app: &mut DossierApp, ui: &mut egui::Ui, a: &FileAnalysis) {
    let leaks = a
        .redactions
        .iter()
        .filter(|r| r.leaked_text.is_some())
        .count();
    ui.heading(format!("Redactions ({})", a.redactions.len()));
    if leaks > 0 {
        ui.colored_label(
            theme::LEAK,
            format!("{leaks} leak(s): hidden text still in the file"),
        );
    }
    ui.checkbox(&mut app.leaks_only, "Leaks only");
    super::overview::pages_chip(app, ui);
    ui.label("By code (click to filter):");
    let mut counts: Vec<(String, usize)> = Vec::new();
    let mut dismissed = 0;
    for r in &a.redactions {
        if app.is_dismissed(&a.sha256, &r.id) {
            dismissed += 1;
            continue;
        }
        for c in app.codes_of(&a.sha256, r) {
            match counts.iter_mut().find(|(k, _)| k == c) {
                Some((_, n)) => *n += 1,
                None => counts.push((c.clone(), 1)),
            }
        }
    }
    if dismissed > 0 {
        ui.weak(format!(
            "{dismissed} dismissed by you (struck through, left out of exports)"
        ));
    }
    counts.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
    for (code, n) in counts {
        let meaning = codes::explain(&code).map_or_else(
            || "unknown code".to_string(),
            |i| {
                if i.title.contains(i.kind.as_str()) {
                    i.title.clone()
                } else {
                    format!("{} ({})", i.title, i.kind)
                }
            },
        );
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(Vec2::splat(10.0), Sense::hover());
            ui.painter()
                .rect_filled(rect, 2.0, theme::code_color(&code));
            if ui
                .selectable_label(app.filter_codes.contains(&code), format!("s.{code} ×{n}"))
                .on_hover_text(&meaning)
                .clicked()
            {
                app.commands.push(Command::FilterCode(code.clone()));
            }
            ui.weak(meaning);
        });
    }
    grounds_section(app, ui, a);
    ui.separator();
    list::show(app, ui, a, List::Redactions, row);
}

/// One redaction: reviewed mark, page, kind, codes, stamp; the words around it and its document.
fn row(
    app: &mut DossierApp,
    ui: &mut egui::Ui,
    a: &FileAnalysis,
    rows: &Rows,
    i: usize,
    look: list::Look,
) -> egui::Response {
    let Some(r) = a.redactions.get(i) else {
        return ui.label("");
    };
    let key = rows
        .key(List::Redactions, i)
        .unwrap_or_default()
        .to_string();
    let codes = app.codes_of(&a.sha256, r).to_vec();
    let line = ui.horizontal(|ui| {
        list::reviewed_box(app, ui, &key);
        let corrected = codes != r.codes;
        let dismissed = app.is_dismissed(&a.sha256, &r.id);
        let mut label = format!("p. {} {}", r.page, r.kind.as_str());
        if r.kind == RedactionKind::WithheldPages
            && let (Some(f), Some(l)) = (r.withheld_pages.first(), r.withheld_pages.last())
        {
            label.push_str(&format!(" pp. {f}–{l}"));
            if let Some(x) = &r.withheld_reason {
                label.push_str(&format!(" ({x})"));
            }
        }
        if !codes.is_empty() {
            label.push(' ');
            label.push_str(&codes::cite(&codes));
        }
        if corrected {
            label.push_str(" (corrected)");
        }
        if let Some(stamp) = a.label(r.page) {
            // The stamp's number is what the release cites.
            let tail = stamp.rsplit(' ').next().unwrap_or(stamp);
            label.push_str(&format!("  · {tail}"));
        }
        let text = if r.leaked_text.is_some() {
            egui::RichText::new(format!("{label}  LEAK"))
                .color(theme::LEAK)
                .strong()
        } else {
            egui::RichText::new(label)
        };
        let text = if dismissed {
            text.strikethrough().weak()
        } else {
            text
        };
        let resp = ui.add(egui::Button::selectable(look.selected, text).truncate());
        let resp = match &r.leaked_text {
            Some(t) => resp.on_hover_text(match &r.leak_found_in {
                Some(place) => format!(
                    "Still {}: {t}",
                    crate::redactions::hidden::where_found(place)
                ),
                None => format!("Still in the file: {t}"),
            }),
            None => resp.on_hover_text("right-click to dismiss or correct"),
        };
        ocr::mark(ui, &r.provenance);
        resp
    });
    let resp = line.inner;
    correction::menu(
        app,
        &resp,
        &key,
        &[(
            "codes",
            "Exemption codes (e.g. s.15(1), s.21(1)(a))",
            codes::cite(&codes),
        )],
        false,
    );
    let ctx = rows.red_context.get(i).map(|c| &c.around);
    let mut words = match ctx {
        Some(c) if r.bbox.is_some() && !(c.before.is_empty() && c.after.is_empty()) => {
            format!("…{} ███ {}…", c.before, c.after)
        }
        _ => r.text.clone().unwrap_or_default(),
    };
    if let Some(d) = rows.document(i) {
        if !words.is_empty() {
            words.push_str("  · ");
        }
        words.push_str(d);
    }
    let second = list::detail(ui, words);
    resp.union(second)
}

/// The Redactions tab's "Grounds" section: the grounds the production's statements claim,
/// with their page (click to go there), and the mismatches with the stamped codes.
pub(super) fn grounds_section(app: &mut DossierApp, ui: &mut egui::Ui, a: &FileAnalysis) {
    use crate::redactions::grounds::Scope;
    let g = &a.grounds;
    // Closed by default, with what matters in its title: the list below keeps its room.
    let mismatches =
        g.stamped_not_claimed.len() + g.claimed_not_used.len() + g.unknown_in_act.len();
    let title = if g.claimed_found {
        format!(
            "Grounds: {} claimed, {mismatches} mismatch(es)",
            g.claimed.len()
        )
    } else if mismatches > 0 {
        format!("Grounds: claimed none found, {mismatches} unknown in the act")
    } else {
        "Grounds: claimed none found".to_string()
    };
    egui::CollapsingHeader::new(title)
        .id_salt("grounds-section")
        .default_open(false)
        .show(ui, |ui| {
            if !g.claimed_found {
                ui.weak("claimed: none found");
            }
            for s in &g.statements {
                let what = match s.scope {
                    Scope::Production => "claimed",
                    Scope::WithheldPages => "withheld pages",
                };
                let label = format!(
                    "p. {}  {what}: {} ({})",
                    s.page,
                    crate::redactions::codes::cite(&s.codes),
                    s.act.label()
                );
                if ui
                    .selectable_label(false, label)
                    .on_hover_text(&s.text)
                    .clicked()
                {
                    app.commands.push(Command::GoTo(s.page, None));
                }
            }
            let lists = [
                ("stamped, not claimed", &g.stamped_not_claimed),
                ("claimed, not used", &g.claimed_not_used),
            ];
            for (title, list) in lists {
                for c in list.iter() {
                    let page = c.pages.first().copied().unwrap_or(1);
                    if ui
                        .selectable_label(false, format!("{title}: s.{} (p. {page})", c.code))
                        .clicked()
                    {
                        app.commands.push(Command::GoTo(page, None));
                    }
                }
            }
            for u in &g.unknown_in_act {
                let page = u.pages.first().copied().unwrap_or(1);
                let acts: Vec<&str> = u.acts.iter().map(|x| x.label()).collect();
                if ui
                    .selectable_label(
                        false,
                        format!(
                            "not in the {}: s.{} ({}, p. {page})",
                            acts.join(" / "),
                            u.code,
                            u.source
                        ),
                    )
                    .clicked()
                {
                    app.commands.push(Command::GoTo(page, None));
                }
            }
            ui.weak(format!(
                "exemptions: {} claimed, {} stamped · exclusions: {} claimed, {} stamped",
                g.exemptions.claimed,
                g.exemptions.stamped,
                g.exclusions.claimed,
                g.exclusions.stamped
            ));
        });
}
