//! The Overview panel, the first thing shown once a production is analysed: pages, documents by
//! kind, redactions by code (a bar chart), where the redactions are (the page strip, in
//! `overview_strip`), the most withheld documents, leaks, people by number of pages, permits and
//! the grounds check. Every bar, cell and number is a click to the list behind it (a
//! [`Command`] that opens a tab with its filter set). The numbers are
//! [`crate::analysis::overview::Overview`]'s, computed once per analysis and reading, never per
//! frame. Also the chips the other panels show while an overview filter is on.

use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use egui::{Color32, RichText, Sense, Vec2};
use egui_plot::{AxisHints, Bar, BarChart, GridMark, Plot};

use super::overview_strip;
use crate::analysis::FileAnalysis;
use crate::analysis::overview::Overview;
use crate::documents::DocumentKind;
use crate::redactions::codes;
use crate::redactions::stats::{CodeCount, Reading};
use crate::ui::{Command, DossierApp, Tab, theme};

/// The overview's numbers for the current analysis and the user's reading of it, and the
/// productions whose overview was shown once already.
#[derive(Default)]
pub(in crate::ui) struct Cache {
    key: Option<(usize, u64)>,
    data: Arc<Overview>,
    seen: HashSet<String>,
}

/// Shows the overview the first time a production's analysis is there (a file opened, loaded
/// again); after that the tab stays where the user puts it.
pub(super) fn show_first(app: &mut DossierApp) {
    let Some(a) = app.analysis() else {
        return;
    };
    if !app.overview.seen.contains(&a.sha256) {
        let sha = a.sha256.clone();
        app.overview.seen.insert(sha);
        app.tab = Tab::Overview;
    }
}

/// The overview of `a`, computed again only when the analysis or the user's corrections change.
fn overview_of(app: &mut DossierApp, a: &Arc<FileAnalysis>) -> Arc<Overview> {
    let prefix = crate::project::review_key(&a.sha256, "");
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let mine = || {
        (app.project.corrections.iter()).filter_map(|(k, c)| Some((k.strip_prefix(&prefix)?, c)))
    };
    for (id, c) in mine() {
        (id, c.dismissed, &c.codes).hash(&mut h);
    }
    let key = (Arc::as_ptr(a) as usize, h.finish());
    if app.overview.key != Some(key) {
        let mut reading = Reading::default();
        for (id, c) in mine() {
            if c.dismissed {
                reading.dismissed.insert(id);
            }
            if let Some(codes) = &c.codes {
                reading.codes.insert(id, codes.as_slice());
            }
        }
        let data = Arc::new(Overview::of(a, &reading));
        app.overview.data = data;
        app.overview.key = Some(key);
    }
    app.overview.data.clone()
}

pub(super) fn ui(app: &mut DossierApp, ui: &mut egui::Ui, a: &Arc<FileAnalysis>) {
    let o = overview_of(app, a);
    let name = a.path.file_name().map_or_else(
        || a.path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    ui.label(RichText::new(format!("{name} · {} pages", o.pages)).heading());
    crate::ui::case::overview_note(app, ui);
    headline(app, ui, &o);
    ui.separator();
    codes_chart(app, ui, &o);
    ui.separator();
    overview_strip::ui(app, ui, a, &o);
    ui.separator();
    documents(app, ui, &o);
    ui.separator();
    people(app, ui, &o);
    ui.separator();
    permits_and_grounds(app, ui, a, &o);
}

/// A number that opens the list behind it.
fn link(ui: &mut egui::Ui, text: impl Into<egui::WidgetText>, hover: &str) -> bool {
    ui.link(text).on_hover_text(hover).clicked()
}

fn kind_name(kind: DocumentKind, n: usize) -> &'static str {
    match (kind, n == 1) {
        (DocumentKind::Email, true) => "e-mail",
        (DocumentKind::Email, false) => "e-mails",
        (DocumentKind::Memo, true) => "memo",
        (DocumentKind::Memo, false) => "memos",
        (DocumentKind::Other, true) => "other document",
        (DocumentKind::Other, false) => "other documents",
    }
}

fn percent(share: f64) -> String {
    let p = share * 100.0;
    if p > 0.0 && p < 1.0 {
        "<1%".to_string()
    } else {
        format!("{p:.0}%")
    }
}

/// Documents, redactions, leaks: the counts, each a link.
fn headline(app: &mut DossierApp, ui: &mut egui::Ui, o: &Overview) {
    let mut cmds = Vec::new();
    ui.horizontal_wrapped(|ui| {
        let top: usize = o.documents.iter().map(|k| k.count).sum();
        if link(
            ui,
            format!("{top} documents"),
            "every document (Documents tab)",
        ) {
            cmds.push(Command::ShowDocuments(None));
        }
        for k in &o.documents {
            ui.label("·");
            if link(
                ui,
                format!("{} {}", k.count, kind_name(k.kind, k.count)),
                "these documents only",
            ) {
                cmds.push(Command::ShowDocuments(Some(k.kind)));
            }
        }
        if o.quoted > 0
            && link(
                ui,
                RichText::new(format!("(+{} quoted inside)", o.quoted)).weak(),
                "every document, quoted messages under the ones quoting them",
            )
        {
            cmds.push(Command::ShowDocuments(None));
        }
    });
    ui.horizontal_wrapped(|ui| {
        let all = Command::ShowRedactions {
            code: None,
            pages: None,
            leaks: false,
        };
        if link(
            ui,
            format!("{} redactions", o.redactions),
            "every redaction (Redactions tab)",
        ) {
            cmds.push(all.clone());
        }
        ui.label("·");
        if link(
            ui,
            format!("{} of the text withheld", percent(o.redacted_share)),
            "the share of the text area under redactions: every redaction",
        ) {
            cmds.push(all.clone());
        }
        if o.pages_withheld > 0 {
            ui.label("·");
            if link(
                ui,
                format!("{} pages withheld whole", o.pages_withheld),
                "the notices of pages withheld whole",
            ) {
                cmds.push(Command::ShowWithheldPages);
            }
        }
        if o.dismissed > 0 {
            ui.label("·");
            if link(
                ui,
                format!("{} dismissed by you", o.dismissed),
                "struck through in the list",
            ) {
                cmds.push(all);
            }
        }
    });
    if o.leaks > 0 {
        let pages: Vec<String> = o.leak_pages.iter().take(8).map(u32::to_string).collect();
        let more = if o.leak_pages.len() > 8 { ", …" } else { "" };
        let text = RichText::new(format!(
            "{} leak(s): hidden text still in the file (p. {}{more})",
            o.leaks,
            pages.join(", ")
        ))
        .color(theme::LEAK)
        .strong();
        if link(ui, text, "the leaks only") {
            cmds.push(Command::ShowRedactions {
                code: None,
                pages: None,
                leaks: true,
            });
        }
    } else {
        ui.weak("No leak found: no hidden text under the redactions.");
    }
    if o.repeated_withheld > 0
        && ui
            .link(format!(
                "{} repeated passage(s) withheld in one place and readable in another (a message and a reply quoting it)",
                o.repeated_withheld
            ))
            .on_hover_text("the Differences tab: this production against itself")
            .clicked()
    {
        // The Differences tab, this production against itself.
        cmds.push(Command::Diff(crate::ui::DiffCommand::With(app.current)));
        cmds.push(Command::ShowTab(Tab::Differences));
    }
    app.commands.extend(cmds);
}

/// The label of a code's bar, with its count.
fn bar_label(c: &CodeCount, exclusion: bool) -> String {
    if exclusion {
        format!("s.{} excl. ×{}", c.code, c.count)
    } else {
        format!("s.{} ×{}", c.code, c.count)
    }
}

/// Redactions by code, a horizontal bar a code (exemptions, then exclusions apart); a click on a
/// bar's row lists its redactions.
fn codes_chart(app: &mut DossierApp, ui: &mut egui::Ui, o: &Overview) {
    ui.label(RichText::new("Redactions by code").strong());
    let rows: Vec<(&CodeCount, bool)> = (o.exemptions.iter().map(|c| (c, false)))
        .chain(o.exclusions.iter().map(|c| (c, true)))
        .collect();
    if rows.is_empty() {
        ui.weak("No exemption code read on the redactions.");
        return;
    }
    ui.weak("Click a bar for its redactions. Exclusions (s.69: the act does not apply) apart.");
    let n = rows.len();
    let max = rows.iter().map(|(c, _)| c.count).max().unwrap_or(1) as f64;
    // The first code on top: row i is at y = n - 1 - i.
    let y_of = |i: usize| (n - 1 - i) as f64;
    let labels: Vec<String> = rows.iter().map(|(c, x)| bar_label(c, *x)).collect();
    let bars: Vec<Bar> = rows
        .iter()
        .enumerate()
        .map(|(i, (c, exclusion))| {
            let color = theme::code_color(&c.code);
            let bar = Bar::new(y_of(i), c.count as f64)
                .name(&labels[i])
                .width(0.7);
            if *exclusion {
                bar.fill(color.gamma_multiply(0.25))
                    .stroke(egui::Stroke::new(1.5, color))
            } else {
                bar.fill(color).stroke(egui::Stroke::NONE)
            }
        })
        .collect();
    let meanings: Vec<String> = rows
        .iter()
        .map(|(c, _)| {
            codes::explain(&c.code).map_or_else(|| "unknown code".to_string(), |i| i.title.clone())
        })
        .collect();
    let row_labels = labels.clone();
    let response = Plot::new("overview-codes")
        .height(n as f32 * 20.0 + 4.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_x(false)
        .show_y(false)
        .set_margin_fraction(Vec2::ZERO)
        .default_x_bounds(0.0, max * 1.12)
        .default_y_bounds(-0.5, n as f64 - 0.5)
        .show_grid(false)
        .show_axes([false, true])
        // One label a row, at full strength (the plot fades labels closer than 20 points).
        .custom_y_axes(vec![
            AxisHints::new_y()
                .min_thickness(96.0)
                .label_spacing(4.0..=8.0)
                .tick_label_color(ui.visuals().text_color())
                .formatter(move |mark, _| {
                    let i = n as f64 - 1.0 - mark.value;
                    if i.fract() == 0.0 && i >= 0.0 {
                        row_labels.get(i as usize).cloned().unwrap_or_default()
                    } else {
                        String::new()
                    }
                }),
        ])
        .y_grid_spacer(move |_| {
            (0..n)
                .map(|i| GridMark {
                    value: i as f64,
                    step_size: 1.0,
                })
                .collect()
        })
        .show(ui, |plot| {
            plot.bar_chart(
                // The tooltip below says what each code protects: no hover label of the plot's.
                BarChart::new("redactions by code", bars)
                    .horizontal()
                    .allow_hover(false),
            );
        });
    let resp = &response.response;
    resp.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Button, true, "Redactions by code chart")
    });
    let row_at = |pos: egui::Pos2| {
        let y = response.transform.value_from_position(pos).y.round();
        let i = n as f64 - 1.0 - y;
        (i >= 0.0 && i < n as f64).then_some(i as usize)
    };
    if let Some(i) = resp.hover_pos().and_then(row_at)
        && let (Some((c, exclusion)), Some(meaning)) = (rows.get(i), meanings.get(i))
    {
        resp.clone().on_hover_text_at_pointer(format!(
            "s.{}{}: {} redaction(s) · {meaning} · click for the list",
            c.code,
            if *exclusion { " (exclusion)" } else { "" },
            c.count
        ));
    }
    if resp.clicked()
        && let Some((c, _)) = resp
            .interact_pointer_pos()
            .and_then(row_at)
            .and_then(|i| rows.get(i))
    {
        app.commands.push(Command::ShowRedactions {
            code: Some(c.code.clone()),
            pages: None,
            leaks: false,
        });
    }
}

/// A thin bar under a row, its length the share of the longest.
fn share_bar(ui: &mut egui::Ui, share: f32, color: Color32) {
    let width = ui.available_width().min(260.0);
    let (rect, _) = ui.allocate_exact_size(Vec2::new(width, 4.0), Sense::hover());
    let mut filled = rect;
    filled.set_width(width * share.clamp(0.0, 1.0));
    ui.painter()
        .rect_filled(rect, 1.0, theme::PAGE_BORDER.gamma_multiply(0.4));
    ui.painter().rect_filled(filled, 1.0, color);
}

/// The documents most withheld: a click lists the redactions on their pages.
fn documents(app: &mut DossierApp, ui: &mut egui::Ui, o: &Overview) {
    ui.label(RichText::new("Most withheld documents").strong());
    let mut docs: Vec<_> = o.document_shares.iter().filter(|d| d.share > 0.0).collect();
    docs.sort_by(|x, y| {
        y.share
            .total_cmp(&x.share)
            .then(x.first_page.cmp(&y.first_page))
    });
    if docs.is_empty() {
        ui.weak("No document has text withheld.");
    }
    for d in docs.iter().take(6) {
        let pages = if d.first_page == d.last_page {
            format!("p. {}", d.first_page)
        } else {
            format!("pp. {}–{}", d.first_page, d.last_page)
        };
        let text = format!(
            "{} withheld · {pages} {} · {}",
            percent(d.share),
            kind_name(d.kind, 1),
            crate::ui::short(d.subject.as_deref().unwrap_or("(no subject)"), 40)
        );
        if link(
            ui,
            text,
            &format!("the {} redaction(s) on these pages", d.redactions),
        ) {
            app.commands.push(Command::ShowRedactions {
                code: None,
                pages: Some((d.first_page, d.last_page)),
                leaks: false,
            });
        }
        share_bar(ui, d.share as f32, theme::LEAK.gamma_multiply(0.6));
    }
}

/// People by number of pages: a click lists the person (at their first mention).
fn people(app: &mut DossierApp, ui: &mut egui::Ui, o: &Overview) {
    ui.horizontal(|ui| {
        ui.label(RichText::new("People by pages").strong());
        if link(
            ui,
            format!("{} people", o.people.len()),
            "everyone (People tab)",
        ) {
            app.commands.push(Command::ShowPeople(None));
        }
    });
    let most = o.people.first().map_or(1, |p| p.pages.max(1)) as f32;
    for p in o.people.iter().take(8) {
        if link(
            ui,
            format!("{} · {} page(s)", p.name, p.pages),
            "this person, at their first mention",
        ) {
            app.commands.push(Command::ShowPeople(Some(p.id.clone())));
        }
        share_bar(ui, p.pages as f32 / most, theme::PERSON);
    }
}

/// Permits linked and candidates; the grounds check, each code a link to its redactions.
fn permits_and_grounds(app: &mut DossierApp, ui: &mut egui::Ui, a: &FileAnalysis, o: &Overview) {
    let mut cmds = Vec::new();
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Permits linked:").strong());
        if o.permit_links + o.permit_candidates == 0 {
            ui.weak("none linked (no registry loaded, or no page cites a permit)");
        } else {
            let text = RichText::new(format!(
                "{} link(s) to {} permit(s)",
                o.permit_links, o.permits_linked
            ))
            .color(theme::PERMIT);
            if link(ui, text, "the permit links (Permits tab)") {
                cmds.push(Command::ShowTab(Tab::Permits));
            }
            if o.permit_candidates > 0 {
                ui.label("·");
                if link(
                    ui,
                    format!("{} candidate(s) to confirm", o.permit_candidates),
                    "the candidates (Permits tab)",
                ) {
                    cmds.push(Command::ShowTab(Tab::Permits));
                }
            }
        }
    });
    ui.separator();
    let g = &o.grounds;
    ui.label(RichText::new("Grounds check").strong());
    if !g.claimed_found {
        ui.weak("No statement of the grounds claimed found (cover letter, notice).");
    }
    let statement_page = a
        .grounds
        .statements
        .iter()
        .find(|s| s.scope == crate::redactions::grounds::Scope::Production)
        .map(|s| s.page);
    let lists: [(&str, &[String], bool); 4] = [
        ("claimed", &g.claimed, false),
        ("stamped, not claimed", &g.stamped_not_claimed, false),
        ("claimed, not used", &g.claimed_not_used, true),
        ("not in the act", &g.unknown_in_act, false),
    ];
    for (title, list, to_statement) in lists {
        if list.is_empty() {
            continue;
        }
        ui.horizontal_wrapped(|ui| {
            ui.label(format!("{title}:"));
            for code in list {
                let clicked = if to_statement {
                    link(ui, format!("s.{code}"), "the statement claiming it")
                } else {
                    link(ui, format!("s.{code}"), "its redactions")
                };
                if !clicked {
                    continue;
                }
                match (to_statement, statement_page) {
                    (true, Some(p)) => cmds.push(Command::GoTo(p, None)),
                    (true, None) => {}
                    (false, _) => cmds.push(Command::ShowRedactions {
                        code: Some(code.clone()),
                        pages: None,
                        leaks: false,
                    }),
                }
            }
        });
    }
    let mismatches = g.mismatches();
    ui.weak(format!(
        "{mismatches} mismatch(es) · exemptions: {} claimed, {} stamped · exclusions: {} \
         claimed, {} stamped",
        g.exemptions.claimed, g.exemptions.stamped, g.exclusions.claimed, g.exclusions.stamped
    ));
    app.commands.extend(cmds);
}

/// A filter chip: the filter's name with a × that clears it.
fn chip(ui: &mut egui::Ui, text: String) -> bool {
    ui.button(format!("{text} ×"))
        .on_hover_text("set from the overview: click to clear")
        .clicked()
}

/// The Redactions tab's chip while the list is limited to pages.
pub(super) fn pages_chip(app: &mut DossierApp, ui: &mut egui::Ui) {
    if let Some((first, last)) = app.filter_pages {
        let text = if first == last {
            format!("Only p. {first}")
        } else {
            format!("Only pp. {first}–{last}")
        };
        if chip(ui, text) {
            app.filter_pages = None;
        }
    }
    if app.filter_withheld && chip(ui, "Only pages withheld whole".to_string()) {
        app.filter_withheld = false;
    }
}

/// The Documents tab's chip while the list is limited to a kind.
pub(super) fn kind_chip(app: &mut DossierApp, ui: &mut egui::Ui) {
    if let Some(kind) = app.filter_doc_kind
        && chip(ui, format!("Only {}", kind_name(kind, 2)))
    {
        app.filter_doc_kind = None;
    }
}

/// The People tab's chip while the list is limited to one person.
pub(super) fn person_chip(app: &mut DossierApp, ui: &mut egui::Ui, a: &FileAnalysis) {
    let Some(id) = &app.filter_person else {
        return;
    };
    let name = (a.officials.iter())
        .find(|o| &o.id == id)
        .map_or_else(|| id.clone(), |o| o.name.clone());
    if chip(ui, format!("Only {name}")) {
        app.filter_person = None;
    }
}
