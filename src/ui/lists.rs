//! The side panel's lists besides redactions: documents, people, permit links (with the
//! timeline), search hits and the user's tags. Long lists draw only their visible rows; every
//! finding read by OCR carries its mark (see [`super::ocr::mark`]).

use std::collections::BTreeSet;
use std::time::Instant;

use egui::{Pos2, Rect as ERect, Sense, Stroke, Vec2};

use super::{Command, DossierApp, ocr, short, theme};
use crate::analysis::FileAnalysis;
use crate::project::{self, TagKind, review};

impl DossierApp {
    /// The Redactions tab's "Grounds" section: the grounds the production's statements claim,
    /// with their page (click to go there), and the mismatches with the stamped codes.
    pub(super) fn grounds_section(&mut self, ui: &mut egui::Ui, a: &FileAnalysis) {
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
                        self.commands.push(Command::GoTo(s.page, None));
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
                            self.commands.push(Command::GoTo(page, None));
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
                        self.commands.push(Command::GoTo(page, None));
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

    pub(super) fn documents_tab(&mut self, ui: &mut egui::Ui, a: &FileAnalysis) {
        ui.heading(format!("Documents ({})", a.documents.len()));
        let row_h = 2.0 * (ui.spacing().interact_size.y + ui.spacing().item_spacing.y);
        egui::ScrollArea::vertical()
            .id_salt("document-rows")
            .auto_shrink([false, false])
            .show_rows(ui, row_h, a.documents.len(), |ui, range| {
                for d in a.documents.get(range).unwrap_or_default() {
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
                            self.commands.push(Command::GoTo(d.first_page, None));
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

    pub(super) fn people_tab(&mut self, ui: &mut egui::Ui, a: &FileAnalysis) {
        ui.heading(format!("People ({})", a.officials.len()));
        for o in &a.officials {
            let line = format!(
                "{}{}",
                o.name,
                o.title
                    .as_ref()
                    .map(|t| format!(" — {t}"))
                    .unwrap_or_default()
            );
            let corr = self
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
            self.correction_menu(
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
                    .find(|m| m.page > self.page)
                    .or_else(|| o.mention_list.first());
                if let Some(m) = next {
                    self.commands.push(Command::GoTo(m.page, m.bbox));
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

    pub(super) fn permits_tab(&mut self, ui: &mut egui::Ui, a: &FileAnalysis) {
        self.timeline_strip(ui, a);
        // Candidates the user confirmed count as links, as in the exports.
        let confirmed = |id: &str| {
            self.correction(&a.sha256, id)
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
            ui.label("No registry loaded, or no page cites a permit. Start with --permits FILE (CSV/XLSX).");
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
                    self.permit_row(ui, a, l, false);
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
                    self.permit_row(ui, a, l, true);
                    ui.weak(format!("    {}", l.evidence));
                }
            });
    }

    /// One row of the Permits list: a link, or a candidate (`candidate`) with its score.
    fn permit_row(
        &mut self,
        ui: &mut egui::Ui,
        a: &FileAnalysis,
        l: &crate::permits::PermitLink,
        candidate: bool,
    ) {
        let via = l.via.as_str();
        let id = review::link_id(l);
        let corr = self.correction(&a.sha256, &id).cloned().unwrap_or_default();
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
            self.commands.push(Command::GoTo(l.page, l.bbox));
        }
        self.correction_menu(&resp, &project::review_key(&a.sha256, &id), &[], candidate);
    }

    /// The linked permits' events and the documents' dates on one axis.
    fn timeline_strip(&mut self, ui: &mut egui::Ui, a: &FileAnalysis) {
        let Some(reg) = self.registry.clone() else {
            return;
        };
        let linked: BTreeSet<&str> = a.permit_links.iter().map(|l| l.permit.as_str()).collect();
        let events: Vec<_> = crate::permits::timeline::timeline(Some(&reg), &[a])
            .into_iter()
            .filter(|e| e.permit.as_deref().is_none_or(|p| linked.contains(p)))
            .filter_map(|e| {
                let date = if e.date.len() == 7 {
                    format!("{}-15", e.date)
                } else {
                    e.date.clone()
                };
                crate::permits::dates::iso_days(&date).map(|d| (d, e))
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
        let (rect, _) =
            ui.allocate_exact_size(Vec2::new(ui.available_width(), 54.0), Sense::hover());
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
                self.commands.push(Command::GoTo(p, None));
            }
            resp.on_hover_text(format!("{}  {}", e.date, e.label));
        }
        ui.weak("above: documents · below: permits (green issued, orange suspended, red cancelled/refused)");
        ui.separator();
    }

    pub(super) fn search_tab(&mut self, ui: &mut egui::Ui) {
        let resp =
            ui.add(egui::TextEdit::singleline(&mut self.search).hint_text("Search all open files"));
        if self.search_focus {
            resp.request_focus();
            self.search_focus = false;
        }
        if resp.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter))
            || ui.button("Search").clicked()
        {
            self.run_search();
        }
        let hits = self.hits.clone();
        for h in hits.iter().take(500) {
            let name = self
                .files
                .get(h.file)
                .and_then(|f| f.path.file_name())
                .map_or_else(String::new, |n| n.to_string_lossy().to_string());
            if ui
                .selectable_label(false, format!("{name} p. {}: {}", h.page, h.context))
                .clicked()
            {
                self.commands.push(Command::SelectFile(h.file));
                self.commands.push(Command::GoTo(h.page, h.bbox));
            }
        }
    }

    pub(super) fn tags_tab(&mut self, ui: &mut egui::Ui, a: &FileAnalysis) {
        ui.heading("Your tags");
        ui.label(
            "Shift-drag on a page to tag a region (the text under it is quoted), double-click a line \
             to tag that run of text, or tag the whole current page:",
        );
        ui.horizontal(|ui| {
            for k in TagKind::ALL {
                ui.selectable_value(&mut self.tag_kind, k, k.label());
            }
        });
        ui.add(egui::TextEdit::singleline(&mut self.tag_note).hint_text("note"));
        if ui.button("Tag current page").clicked() {
            self.commands.push(Command::AddTag(None));
        }
        ui.separator();
        let tags: Vec<_> = self
            .project
            .tags
            .iter()
            .filter(|t| t.file_sha256 == a.sha256)
            .cloned()
            .collect();
        for t in tags {
            ui.horizontal(|ui| {
                if ui
                    .selectable_label(
                        false,
                        if t.text.is_empty() {
                            format!("{} p. {} [{}]", t.id, t.page, t.kind.label())
                        } else {
                            format!(
                                "{} p. {} [{}] “{}”",
                                t.id,
                                t.page,
                                t.kind.label(),
                                short(&t.text, 40)
                            )
                        },
                    )
                    .clicked()
                {
                    self.commands.push(Command::GoTo(t.page, Some(t.bbox)));
                }
                let mut note = t.note.clone();
                if ui
                    .add(egui::TextEdit::singleline(&mut note).desired_width(140.0))
                    .changed()
                    && let Some(tag) = self.project.tags.iter_mut().find(|x| x.id == t.id)
                {
                    tag.note = note;
                    self.dirty = Some(Instant::now());
                }
                if ui.small_button("delete").clicked() {
                    self.commands.push(Command::DeleteTag(t.id.clone()));
                }
            });
        }
        if ui.button("Save project").clicked() {
            self.commands.push(Command::Save);
        }
    }
}
