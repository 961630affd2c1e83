//! Findings of a file while its analysis runs. The analysis hands over each page as soon as it
//! is read (OCR included) with its page-level redactions ([`Progress::page_ready`]); they are
//! drawn on the page, listed in the side panel, and the page's OCR words and status line work at
//! once. When the whole analysis arrives they are dropped; when it is cancelled they stay on
//! screen (never saved nor exported: the project and the exports only read finished analyses).
//!
//! [`Progress::page_ready`]: crate::analysis::Progress::page_ready

use std::collections::HashMap;

use egui::{Rect as ERect, RichText, Sense, StrokeKind};

use super::{Command, DossierApp, FileState, theme};
use crate::geometry::Rect;
use crate::pdf::PageModel;
use crate::redactions::{Redaction, codes};

/// One page done.
pub struct PartialPage {
    /// The page as read (bitmaps dropped).
    pub page: PageModel,
    /// Its redactions (without ids).
    pub redactions: Vec<Redaction>,
    /// Its row in the list: `p. 3: 2 redactions (s.15(1), s.21(1)(a)), read by OCR 93%`.
    row: String,
    /// Redactions with text still under them.
    leaks: usize,
}

/// The pages of a file done so far, in any order.
#[derive(Default)]
pub struct Partial {
    pages: HashMap<u32, PartialPage>,
    /// Pages with redactions, in page order: the rows of the list.
    listed: Vec<u32>,
    redactions: usize,
    leaks: usize,
    /// The page that came last.
    newest: Option<u32>,
}

impl Partial {
    /// Adds a page done.
    pub fn add(&mut self, page: PageModel, redactions: Vec<Redaction>) {
        let n = page.number;
        if let Some(old) = self.pages.remove(&n) {
            self.redactions -= old.redactions.len();
            self.leaks -= old.leaks;
            self.listed.retain(|p| *p != n);
        }
        let leaks = redactions
            .iter()
            .filter(|r| r.leaked_text.is_some())
            .count();
        self.redactions += redactions.len();
        self.leaks += leaks;
        if !redactions.is_empty()
            && let Err(at) = self.listed.binary_search(&n)
        {
            self.listed.insert(at, n);
        }
        let row = row_text(&page, &redactions, leaks);
        self.pages.insert(
            n,
            PartialPage {
                page,
                redactions,
                row,
                leaks,
            },
        );
        self.newest = Some(n);
    }

    /// Page `n`, when it is done.
    pub fn page(&self, n: u32) -> Option<&PartialPage> {
        self.pages.get(&n)
    }

    /// No page is done.
    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }

    /// Pages done.
    pub fn len(&self) -> usize {
        self.pages.len()
    }
}

fn row_text(page: &PageModel, redactions: &[Redaction], leaks: usize) -> String {
    let mut codes: Vec<&str> = Vec::new();
    for c in redactions.iter().flat_map(|r| &r.codes) {
        if !codes.contains(&c.as_str()) {
            codes.push(c);
        }
    }
    let mut s = format!(
        "p. {}: {} redaction{}",
        page.number,
        redactions.len(),
        if redactions.len() == 1 { "" } else { "s" }
    );
    if !codes.is_empty() {
        let codes: Vec<String> = codes.iter().map(|c| format!("s.{c}")).collect();
        s.push_str(&format!(" ({})", codes.join(", ")));
    }
    if leaks > 0 {
        s.push_str(&format!(
            ", {leaks} LEAK{}",
            if leaks == 1 { "" } else { "S" }
        ));
    }
    match &page.ocr {
        Some(i) if i.full_page && i.words == 0 => s.push_str(", read by OCR: no words"),
        Some(i) if i.full_page => {
            s.push_str(&format!(", read by OCR {:.0}%", i.mean_confidence * 100.0));
        }
        Some(_) => s.push_str(", labels read by OCR"),
        None => {}
    }
    s
}

/// Draws the redactions of a page done so far, as the finished ones are drawn, with a hover text
/// (kind, codes and what they protect, the leak).
pub fn draw_redactions(
    ui: &egui::Ui,
    painter: &egui::Painter,
    p: &PartialPage,
    to_screen: impl Fn(&Rect) -> ERect,
) {
    for (k, r) in p.redactions.iter().enumerate() {
        let Some(bb) = r.bbox else { continue };
        let sr = to_screen(&bb);
        let (stroke, fill) = theme::redaction_style(r.leaked_text.is_some(), &r.codes);
        painter.rect_filled(sr, 1.0, fill);
        painter.rect_stroke(sr, 1.0, stroke, StrokeKind::Outside);
        let hover = ui.interact(
            sr,
            ui.scope_id().with(("partial-red", p.page.number, k)),
            Sense::hover(),
        );
        hover.widget_info(|| {
            egui::WidgetInfo::labeled(
                egui::Role::Unknown,
                true,
                format!("redaction found on p. {}", p.page.number),
            )
        });
        let mut tip = vec![format!(
            "{} redaction, found as its page was done (the file's analysis is not finished)",
            r.kind.as_str()
        )];
        tip.extend(r.codes.iter().map(|c| {
            format!(
                "s.{c}: {}",
                codes::explain(c).map_or("unknown code", |i| i.protects.as_str())
            )
        }));
        if let Some(t) = &r.leaked_text {
            let place = r.leak_found_in.as_deref().map_or_else(
                || "in the file".to_string(),
                crate::redactions::hidden::where_found,
            );
            tip.push(format!("LEAK — still {place}: {t}"));
        }
        hover.on_hover_text(tip.join("\n"));
    }
}

/// The list of the pages done so far that have redactions; a click goes to the page.
fn list(ui: &mut egui::Ui, partial: &Partial, loading: bool, commands: &mut Vec<Command>) {
    ui.label(format!(
        "Found so far: {} redaction{} on {} of the {} pages done{}",
        partial.redactions,
        if partial.redactions == 1 { "" } else { "s" },
        partial.listed.len(),
        partial.len(),
        match partial.leaks {
            0 => String::new(),
            1 => ", 1 leak".to_string(),
            n => format!(", {n} leaks"),
        }
    ));
    let row_h = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_rows(ui, row_h, partial.listed.len(), |ui, range| {
            // One line a row (the rows are laid out by a fixed height); the whole row on hover.
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
            for n in partial.listed.get(range).unwrap_or_default() {
                let Some(p) = partial.page(*n) else { continue };
                let mut text = RichText::new(&p.row);
                if p.leaks > 0 {
                    text = text.color(theme::LEAK);
                }
                let newest = loading && partial.newest == Some(*n);
                let resp = ui
                    .selectable_label(newest, text)
                    .on_hover_text(format!("{}\nclick: go to the page", p.row));
                if resp.clicked() {
                    let first = p.redactions.iter().find_map(|r| r.bbox);
                    commands.push(Command::GoTo(*n, first));
                }
            }
        });
}

impl DossierApp {
    /// The page model of page `page` of the current file: from its analysis, or, while it runs
    /// (or after it was cancelled), from the pages done so far.
    pub(super) fn page_model(&self, page: u32) -> Option<&PageModel> {
        if let Some(a) = self.analysis() {
            return a.pages.get((page as usize).checked_sub(1)?);
        }
        Some(&self.files.get(self.current)?.partial.page(page)?.page)
    }

    /// The findings so far in the side panel, under the loading (or cancelled) message.
    pub(super) fn partial_panel(&mut self, ui: &mut egui::Ui) {
        let Some(f) = self.files.get(self.current) else {
            return;
        };
        if f.partial.is_empty() {
            if matches!(f.state, FileState::Loading(..)) {
                ui.weak("Findings appear here page by page as the pages are done.");
            }
            return;
        }
        let loading = matches!(f.state, FileState::Loading(..));
        if !loading {
            ui.colored_label(
                theme::OCR_LOW,
                "Analysis cancelled: the findings of the pages done so far are shown, without \
                 ids, documents or people; they are not saved or exported.",
            );
        }
        ui.separator();
        list(ui, &f.partial, loading, &mut self.commands);
    }
}
