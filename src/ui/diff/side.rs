//! The two pages side by side: the central area split in two page views, A left and B right,
//! each with its stamp as a title. Scrolling (or paging) one scrolls the other to the aligned
//! place: the same offset inside the pair of documents the page belongs to. Each change's
//! released text is drawn over the withholding copy's boxes ([`super::overlay`]). Esc, or the
//! button, leaves.

use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::{Color32, Pos2, Rect as ERect, Stroke, StrokeKind, Vec2};

use super::overlay::{self, Overlay};
use super::{DiffCommand, DossierApp, Row};
use crate::analysis::FileAnalysis;
use crate::compare::{Comparison, Which};
use crate::geometry::Rect;
use crate::ui::{Command, FileState, geom, theme};

/// Space between pages, screen pixels.
const GAP: f32 = 10.0;
/// Textures kept around each column's page.
const NEAR: u32 = 6;

/// The side-by-side view's state.
#[derive(Debug, Clone)]
pub struct SideBySide {
    /// File indices of A and B (the same file for repeated passages).
    pub files: [usize; 2],
    /// The page at the top of each column.
    pub pages: [u32; 2],
    /// Where each column is to go at the next frame: a page and a box on it.
    want: [Option<(u32, Option<Rect>)>; 2],
    /// A scroll offset set on a column at the next frame (the other one was scrolled).
    follow: [Option<f32>; 2],
    /// Each column's offset at the last frame.
    last: [f32; 2],
    /// When the view last jumped (the boxes jumped to flash a moment).
    jumped: Option<(Instant, [Option<Rect>; 2])>,
}

impl SideBySide {
    pub(super) fn new(files: [usize; 2], at: [(u32, Option<Rect>); 2]) -> Self {
        let mut s = SideBySide {
            files,
            pages: [at[0].0, at[1].0],
            want: [None, None],
            follow: [None, None],
            last: [0.0, 0.0],
            jumped: None,
        };
        s.go(at);
        s
    }

    /// Both columns to these pages (and boxes) at the next frame.
    pub(super) fn go(&mut self, at: [(u32, Option<Rect>); 2]) {
        self.want = [Some(at[0]), Some(at[1])];
        self.pages = [at[0].0, at[1].0];
        self.follow = [None, None];
        self.jumped = Some((Instant::now(), [at[0].1, at[1].1]));
    }
}

/// One column's pages laid out at its width.
struct Layout {
    zoom: f32,
    tops: Vec<f32>,
    heights: Vec<f32>,
    total: f32,
}

impl Layout {
    fn of(boxes: &[(Rect, u16)], width: f32) -> Layout {
        let max_w = boxes
            .iter()
            .map(|(b, r)| geom::PageGeom::unplaced(*b, *r).display_width() as f32)
            .fold(1.0_f32, f32::max);
        let zoom = (width / max_w).clamp(0.1, 6.0);
        let heights: Vec<f32> = boxes
            .iter()
            .map(|(b, r)| geom::PageGeom::unplaced(*b, *r).display_height() as f32 * zoom)
            .collect();
        let mut tops = Vec::with_capacity(heights.len());
        let mut y = 0.0;
        for h in &heights {
            tops.push(y);
            y += h + GAP;
        }
        Layout {
            zoom,
            tops,
            heights,
            total: y,
        }
    }

    /// The page (1-based) and the fraction of it at offset `y`.
    fn at(&self, y: f32) -> (u32, f32) {
        let i = self.tops.partition_point(|t| *t <= y).saturating_sub(1);
        let (t, h) = (
            self.tops.get(i).copied().unwrap_or(0.0),
            self.heights.get(i).copied().unwrap_or(1.0).max(1.0),
        );
        (
            u32::try_from(i + 1).unwrap_or(1),
            ((y - t) / h).clamp(0.0, 1.0),
        )
    }

    /// The offset of a page's fraction.
    fn offset(&self, page: u32, frac: f32) -> f32 {
        let i = (page as usize).saturating_sub(1);
        self.tops.get(i).copied().unwrap_or(0.0)
            + frac * self.heights.get(i).copied().unwrap_or(0.0)
    }
}

/// The page frame the findings of page `i` are given in (a page read turned gives them turned).
fn frame(a: Option<&FileAnalysis>, i: usize, b: Rect, rot: u16) -> (Rect, u16) {
    a.and_then(|a| a.pages.get(i))
        .filter(|m| m.turn != 0)
        .map_or((b, rot), |m| (m.crop_box, m.rotate))
}

/// The pages of the document a page of `which` copy belongs to in a pair, and the pages of
/// its counterpart: `((first, last), (first, last))`.
fn pair_range(
    cmp: &Comparison,
    an: [Option<&FileAnalysis>; 2],
    which: Which,
    page: u32,
) -> Option<((u32, u32), (u32, u32))> {
    let last = |a: Option<&FileAnalysis>, doc: &Option<String>, first: u32| {
        doc.as_ref()
            .and_then(|id| a?.documents.iter().find(|d| &d.id == id))
            .map_or(first, |d| d.last_page.max(first))
    };
    cmp.pairs.iter().find_map(|p| {
        let (mine, theirs, ai, bi) = match which {
            Which::A => (&p.a, &p.b, 0, 1),
            Which::B => (&p.b, &p.a, 1, 0),
        };
        let m = (
            mine.first_page,
            last(an[ai], &mine.document, mine.first_page),
        );
        let t = (
            theirs.first_page,
            last(an[bi], &theirs.document, theirs.first_page),
        );
        (m.0..=m.1).contains(&page).then_some((m, t))
    })
}

/// The side-by-side view in the central area.
pub(in crate::ui) fn ui(app: &mut DossierApp, ui: &mut egui::Ui) {
    let Some(mut s) = app.diff.side.take() else {
        return;
    };
    let result = app
        .diff_result()
        .filter(|d| [d.a, d.b] == s.files)
        .map(|d| d.result.clone());
    let analyses: [Option<Arc<FileAnalysis>>; 2] =
        s.files.map(|f| match &app.files.get(f)?.state {
            FileState::Ready(a) => Some(a.clone()),
            _ => None,
        });
    let names = s.files.map(|f| super::file_name(app, f));
    header(app, ui, result.as_deref(), &names);
    if ui.input(|i| i.key_pressed(egui::Key::Escape)) && !ui.ctx().egui_wants_keyboard_input() {
        app.push(Command::Diff(DiffCommand::Leave));
    }
    // PgUp / PgDn (and J / K) step A's pages: B follows.
    let mut paged = None;
    if let Some(p) = app.scroll_to.take()
        && app.current == s.files[0]
    {
        s.want[0] = Some((p, None));
        paged = Some(p);
    }
    let selected = match app.diff.selected {
        Some(Row::Change(i)) => Some(i),
        _ => None,
    };
    let avail = ui.available_size();
    let col_w = ((avail.x - 12.0) / 2.0).max(50.0);
    let mut offsets = [0.0_f32; 2];
    let mut set = [false; 2];
    let mut layouts: Vec<Layout> = Vec::with_capacity(2);
    let mut want_tex = Vec::new();
    ui.horizontal_top(|ui| {
        for c in 0..2 {
            let size = Vec2::new(col_w, avail.y);
            let down = egui::Layout::top_down(egui::Align::Min);
            ui.allocate_ui_with_layout(size, down, |ui| {
                let file = s.files[c];
                let boxes = app
                    .files
                    .get(file)
                    .map(|f| f.boxes.clone())
                    .unwrap_or_default();
                let layout = Layout::of(&boxes, col_w - 24.0);
                let a = analyses[c].as_deref();
                // Title: the copy, its file and the stamp of the page at the top.
                let page = s.pages[c];
                let stamp = a.and_then(|a| a.label(page)).unwrap_or("no stamp");
                let letter = if c == 0 { "A" } else { "B" };
                ui.horizontal(|ui| {
                    ui.strong(format!("{letter}: {stamp}"));
                    ui.weak(format!("{} · p. {page}", names[c]));
                });
                let view_h = ui.available_height();
                let mut area = egui::ScrollArea::vertical()
                    .id_salt(("side-by-side", c))
                    .auto_shrink([false, false]);
                if let Some((p, b)) = s.want[c].take() {
                    let i = (p as usize).saturating_sub(1);
                    let y = b.zip(boxes.get(i)).map_or(0.0, |(b, (pb, rot))| {
                        let (fb, fr) = frame(a, i, *pb, *rot);
                        let g = geom::PageGeom {
                            page: fb,
                            rotate: fr,
                            zoom: layout.zoom,
                            origin: Pos2::ZERO,
                        };
                        g.to_screen(&b).min.y - view_h / 3.0
                    });
                    area = area.vertical_scroll_offset((layout.offset(p, 0.0) + y).max(0.0));
                    set[c] = true;
                } else if let Some(y) = s.follow[c].take() {
                    area = area.vertical_scroll_offset(y.max(0.0));
                    set[c] = true;
                }
                let sides = [if c == 0 { Which::A } else { Which::B }];
                let ov = result.as_deref().map(|cmp| Overlay {
                    cmp,
                    sides: &sides,
                    selected,
                    names: [&names[0], &names[1]],
                    salt: c,
                });
                let jumped = s
                    .jumped
                    .filter(|(t, _)| t.elapsed() < Duration::from_millis(1500))
                    .and_then(|(_, b)| b[c]);
                let out = area.show_viewport(ui, |ui, viewport| {
                    ui.set_min_height(layout.total);
                    ui.set_min_width(col_w - 12.0);
                    let origin = ui.min_rect().min;
                    let mut first = None;
                    for (i, (b, rot)) in boxes.iter().enumerate() {
                        let top = layout.tops.get(i).copied().unwrap_or(0.0);
                        let h = layout.heights.get(i).copied().unwrap_or(0.0);
                        if top + h < viewport.min.y || top > viewport.max.y {
                            continue;
                        }
                        let page = u32::try_from(i + 1).unwrap_or(u32::MAX);
                        if first.is_none() && top + h * 0.5 >= viewport.min.y {
                            first = Some(page);
                        }
                        let w =
                            geom::PageGeom::unplaced(*b, *rot).display_width() as f32 * layout.zoom;
                        let rect =
                            ERect::from_min_size(origin + Vec2::new(6.0, top), Vec2::new(w, h));
                        let painter = ui.painter_at(rect.expand(4.0));
                        let bucket = (layout.zoom * 100.0).round() as u32;
                        draw_page(
                            app,
                            &painter,
                            rect,
                            (file, page, bucket),
                            &mut want_tex,
                            layout.zoom,
                        );
                        let (fb, fr) = frame(a, i, *b, *rot);
                        let g = geom::PageGeom {
                            page: fb,
                            rotate: fr,
                            zoom: layout.zoom,
                            origin: rect.min,
                        };
                        let to_screen = |r: &Rect| g.to_screen(r);
                        if let Some(a) = a {
                            for r in a.redactions.iter().filter(|r| r.page == page) {
                                let Some(bb) = r.bbox else { continue };
                                let (stroke, _) =
                                    theme::redaction_style(r.leaked_text.is_some(), &r.codes);
                                painter.rect_stroke(
                                    to_screen(&bb),
                                    1.0,
                                    stroke,
                                    StrokeKind::Outside,
                                );
                            }
                        }
                        if let Some(o) = &ov {
                            overlay::draw(ui, &painter, o, page, &to_screen);
                        }
                        if let Some(jb) = jumped
                            && s.pages[c] == page
                        {
                            painter.rect_stroke(
                                to_screen(&jb).expand(5.0),
                                3.0,
                                Stroke::new(3.0, theme::FLASH),
                                StrokeKind::Outside,
                            );
                        }
                    }
                    first
                });
                if let Some(p) = out.inner
                    && !set[c]
                {
                    s.pages[c] = p;
                }
                offsets[c] = out.state.clamped_offset().y;
                layouts.push(layout);
            });
            ui.add_space(4.0);
        }
    });
    // A column the user scrolled takes the other one along, to the same place in the pair.
    if let (Some(cmp), [la, lb]) = (result.as_deref(), layouts.as_slice()) {
        let ls = [la, lb];
        for c in 0..2 {
            let by_keys = paged.filter(|_| c == 0);
            if by_keys.is_none() && (set[c] || (offsets[c] - s.last[c]).abs() < 0.5) {
                continue;
            }
            let o = 1 - c;
            let (page, frac) = by_keys.map_or_else(|| ls[c].at(offsets[c]), |p| (p, 0.0));
            let which = if c == 0 { Which::A } else { Which::B };
            let an = [analyses[0].as_deref(), analyses[1].as_deref()];
            if let Some(((mf, _), (tf, tl))) = pair_range(cmp, an, which, page) {
                let target = (tf + (page - mf)).min(tl);
                let frac = if tf + (page - mf) > tl { 1.0 } else { frac };
                s.follow[o] = Some(ls[o].offset(target, frac));
            }
            break;
        }
    }
    s.last = offsets;
    if app.current == s.files[0] {
        app.page = s.pages[0];
    }
    // Bounded memory: the textures of the pages near each column's.
    let keep = |f: usize, p: u32| (0..2).any(|c| s.files[c] == f && s.pages[c].abs_diff(p) <= NEAR);
    app.textures.retain(|(f, p, _), _| keep(*f, *p));
    app.requested.retain(|(f, p, _)| keep(*f, *p));
    for (f, p, bucket, zoom) in want_tex {
        if app.requested.insert((f, p, bucket))
            && let Some(of) = app.files.get(f)
        {
            app.renderer.request(f, &of.path, p, bucket, zoom);
        }
    }
    if app.diff.side.is_none() {
        app.diff.side = Some(s);
    }
}

/// A page's picture (rendered in the background; a placeholder until it is).
fn draw_page(
    app: &DossierApp,
    painter: &egui::Painter,
    rect: ERect,
    key: (usize, u32, u32),
    want: &mut Vec<(usize, u32, u32, f32)>,
    zoom: f32,
) {
    painter.rect_filled(rect, 0.0, Color32::WHITE);
    painter.rect_stroke(
        rect,
        0.0,
        Stroke::new(1.0, theme::PAGE_BORDER),
        StrokeKind::Outside,
    );
    match app.textures.get(&key) {
        Some(tex) => {
            painter.image(
                tex.id(),
                rect,
                ERect::from_min_max(Pos2::ZERO, Pos2::new(1.0, 1.0)),
                Color32::WHITE,
            );
        }
        None => {
            painter.text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                format!("page {}", key.1),
                egui::FontId::proportional(14.0),
                theme::MUTED,
            );
            want.push((key.0, key.1, key.2, zoom));
        }
    }
}

/// The bar above the columns: the change shown, previous / next, leave.
fn header(app: &mut DossierApp, ui: &mut egui::Ui, cmp: Option<&Comparison>, names: &[String; 2]) {
    ui.horizontal(|ui| {
        if ui.button("◀ Previous difference").clicked() {
            app.push(Command::Diff(DiffCommand::Step(-1)));
        }
        if ui.button("Next difference ▶").clicked() {
            app.push(Command::Diff(DiffCommand::Step(1)));
        }
        if ui
            .button("Leave side by side")
            .on_hover_text("back to one page view (Esc)")
            .clicked()
        {
            app.push(Command::Diff(DiffCommand::Leave));
        }
    });
    let line = match (app.diff.selected, cmp) {
        (Some(Row::Change(i)), Some(c)) => c
            .changes
            .get(i)
            .map(|ch| super::change_sentence(ch, &names[0], &names[1])),
        (Some(Row::Recoded(i)), Some(c)) => c.recoded.get(i).map(|r| {
            format!(
                "withheld in both: A p. {} under {}, B p. {} under {}",
                r.a_page,
                crate::redactions::codes::cite(&r.a_codes),
                r.b_page,
                crate::redactions::codes::cite(&r.b_codes)
            )
        }),
        _ => None,
    };
    if let Some(l) = line {
        ui.add(egui::Label::new(l).truncate());
    }
    ui.separator();
}
