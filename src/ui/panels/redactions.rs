//! The Redactions panel: counts, leaks, the code filter, the grounds the production claims, and
//! the list of redactions (reviewed marks; right-click to dismiss or correct the codes).

use egui::{Sense, Vec2};

use super::correction;
use crate::analysis::FileAnalysis;
use crate::project;
use crate::redactions::{RedactionKind, codes};
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
    // References, not copies: only the rows on screen are built.
    let all: Vec<&crate::redactions::Redaction> = a
        .redactions
        .iter()
        .filter(|r| app.passes_filters(&a.sha256, r))
        .collect();
    let row_h = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
    egui::ScrollArea::vertical()
        .id_salt("redaction-rows")
        .auto_shrink([false, false])
        .show_rows(ui, row_h, all.len(), |ui, range| {
            for &r in all.get(range).unwrap_or_default() {
                let key = project::review_key(&a.sha256, &r.id);
                let mut reviewed = app.project.reviewed.get(&key).copied().unwrap_or(false);
                ui.horizontal(|ui| {
                    if ui
                        .checkbox(&mut reviewed, "")
                        .on_hover_text("reviewed")
                        .changed()
                    {
                        app.commands.push(Command::Review(key.clone(), reviewed));
                    }
                    let codes = app.codes_of(&a.sha256, r).to_vec();
                    let corrected = codes != r.codes;
                    let dismissed = app.is_dismissed(&a.sha256, &r.id);
                    let codes_txt = if codes.is_empty() {
                        String::new()
                    } else {
                        format!(" {}", codes::cite(&codes))
                    };
                    let codes_txt = if corrected {
                        format!("{codes_txt} (corrected)")
                    } else {
                        codes_txt
                    };
                    let withheld = if r.kind == RedactionKind::WithheldPages {
                        match (
                            r.withheld_pages.first(),
                            r.withheld_pages.last(),
                            &r.withheld_reason,
                        ) {
                            (Some(a), Some(b), reason) => format!(
                                " pp. {a}–{b}{}",
                                reason
                                    .as_ref()
                                    .map(|x| format!(" ({x})"))
                                    .unwrap_or_default()
                            ),
                            _ => String::new(),
                        }
                    } else {
                        String::new()
                    };
                    let label =
                        format!("p. {} {}{}{}", r.page, r.kind.as_str(), withheld, codes_txt);
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
                    let resp = ui.selectable_label(false, text);
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
                    if resp.clicked() {
                        app.commands.push(Command::GoTo(r.page, r.bbox));
                    }
                    ocr::mark(ui, &r.provenance);
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
                });
            }
        });
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
