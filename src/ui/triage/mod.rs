//! Triage of the review lists (redactions, people, permits): each list's sort, filter,
//! "unreviewed only" switch and selection ([`ListState`]), the rows' context worked out once per
//! analysis ([`Rows`]), the order the rows are shown in, and the keys: A accept, D dismiss,
//! J/K or Down/Up next and previous row (the page follows), U unreviewed only, Esc clear the
//! selection; Ctrl+Z / Ctrl+Shift+Z (Ctrl+Y) undo and redo (see `history.rs`).

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::Arc;

mod sort;

use super::{Command, DossierApp, Tab};
use crate::analysis::FileAnalysis;
use crate::analysis::context::{self, PersonSpan, RedactionContext};
use crate::geometry::Rect;
use crate::permits::PermitLink;
use crate::project::{self, review};
use crate::redactions::codes;

/// A review list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    /// The redactions.
    Redactions,
    /// The people.
    People,
    /// The permit links, then the candidates.
    Permits,
}

impl List {
    /// The list of a side-panel tab, when it has one.
    pub fn of(tab: Tab) -> Option<List> {
        match tab {
            Tab::Redactions => Some(List::Redactions),
            Tab::People => Some(List::People),
            Tab::Permits => Some(List::Permits),
            _ => None,
        }
    }

    /// Its columns, each a sort key.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            List::Redactions => &["Page", "Code", "Kind", "Context", "Document", "Reviewed"],
            List::People => &["Name", "Title", "Organisation", "Pages", "First", "Last"],
            List::Permits => &["Page", "Permit", "Via", "Confidence", "Evidence"],
        }
    }

    fn slot(self) -> usize {
        self as usize
    }
}

/// What a list shows and which of its rows are selected. Rows are named by their index in the
/// analysis (`redactions`, `officials`, or the permit links followed by the candidates).
#[derive(Debug, Clone, Default)]
pub struct ListState {
    /// Index of the column sorted by (see [`List::columns`]).
    pub sort: usize,
    /// Sorted in descending order.
    pub desc: bool,
    /// Filter text, matched over every column.
    pub filter: String,
    /// Hide what is reviewed (or dismissed).
    pub unreviewed_only: bool,
    /// Selected rows.
    pub selected: BTreeSet<usize>,
    /// The row the keys move from.
    pub cursor: Option<usize>,
    pub(super) anchor: Option<usize>,
    /// Bring this row into view on the next frame.
    pub(super) scroll_to: Option<usize>,
    /// The page the list last followed.
    pub(super) followed_page: u32,
    /// Positions drawn on the last frame.
    pub(super) shown: Range<usize>,
}

/// The lists' context, worked out once per analysis.
#[derive(Debug, Default)]
pub struct Rows {
    of: usize,
    /// Review keys of the redactions, people and permit rows.
    pub red_keys: Vec<String>,
    /// The words around each redaction and its document.
    pub red_context: Vec<RedactionContext>,
    /// Each document in a few words.
    pub doc_labels: Vec<String>,
    red_text: Vec<String>,
    /// Review keys of the people.
    pub people_keys: Vec<String>,
    /// Where each person appears.
    pub people_spans: Vec<PersonSpan>,
    people_text: Vec<String>,
    /// Review keys of the permit links, then the candidates.
    pub permit_keys: Vec<String>,
    permit_text: Vec<String>,
}

/// The state of the three lists and their context.
#[derive(Debug, Default)]
pub struct Triage {
    pub(super) lists: [ListState; 3],
    pub(super) rows: Option<Arc<Rows>>,
}

fn id_of(a: &FileAnalysis) -> usize {
    std::ptr::from_ref(a) as usize
}

/// Permit row `item`: a link, or a candidate (`true`).
pub(super) fn permit(a: &FileAnalysis, item: usize) -> Option<(&PermitLink, bool)> {
    match a.permit_links.get(item) {
        Some(l) => Some((l, false)),
        None => a
            .permit_candidates
            .get(item - a.permit_links.len())
            .map(|l| (l, true)),
    }
}

impl Rows {
    fn build(a: &FileAnalysis) -> Rows {
        let key = |id: &str| project::review_key(&a.sha256, id);
        let red_context = context::redaction_contexts(a, 6);
        let doc_labels: Vec<String> = a.documents.iter().map(context::document_label).collect();
        let red_text = a
            .redactions
            .iter()
            .zip(&red_context)
            .map(|(r, c)| {
                format!(
                    "p. {} {} {} {} {} {} {} {} {}",
                    r.page,
                    r.kind.as_str(),
                    codes::cite(&r.codes),
                    a.label(r.page).unwrap_or_default(),
                    c.around.before,
                    c.around.after,
                    c.document
                        .and_then(|d| doc_labels.get(d))
                        .map_or("", String::as_str),
                    r.leaked_text.as_deref().unwrap_or_default(),
                    r.text.as_deref().unwrap_or_default(),
                )
                .to_lowercase()
            })
            .collect();
        let people_spans = context::person_spans(a);
        let people_text = a
            .officials
            .iter()
            .zip(&people_spans)
            .map(|(o, s)| {
                format!(
                    "{} {} {} {} {} {} {}",
                    o.name,
                    o.title.as_deref().unwrap_or_default(),
                    o.organization.as_deref().unwrap_or_default(),
                    o.aliases.join(" "),
                    o.emails.join(" "),
                    s.first.as_deref().unwrap_or_default(),
                    s.last.as_deref().unwrap_or_default(),
                )
                .to_lowercase()
            })
            .collect();
        let links = a.permit_links.iter().chain(&a.permit_candidates);
        Rows {
            of: id_of(a),
            red_keys: a.redactions.iter().map(|r| key(&r.id)).collect(),
            red_context,
            doc_labels,
            red_text,
            people_keys: a.officials.iter().map(|o| key(&o.id)).collect(),
            people_spans,
            people_text,
            permit_keys: links.clone().map(|l| key(&review::link_id(l))).collect(),
            permit_text: links
                .map(|l| {
                    format!(
                        "p. {} {} {} {}",
                        l.page,
                        l.permit,
                        l.via.as_str(),
                        l.evidence
                    )
                    .to_lowercase()
                })
                .collect(),
        }
    }

    /// The review keys of a list's rows.
    pub fn keys(&self, list: List) -> &[String] {
        match list {
            List::Redactions => &self.red_keys,
            List::People => &self.people_keys,
            List::Permits => &self.permit_keys,
        }
    }

    /// The review key of a row.
    pub fn key(&self, list: List, item: usize) -> Option<&str> {
        self.keys(list).get(item).map(String::as_str)
    }

    /// The document a redaction is in, in a few words.
    pub fn document(&self, item: usize) -> Option<&str> {
        let d = self.red_context.get(item)?.document?;
        self.doc_labels.get(d).map(String::as_str)
    }
}

impl DossierApp {
    /// The state of a list.
    pub fn list_state(&self, list: List) -> &ListState {
        &self.triage.lists[list.slot()]
    }

    pub(super) fn list_state_mut(&mut self, list: List) -> &mut ListState {
        &mut self.triage.lists[list.slot()]
    }

    /// The rows' context for `a` (worked out on first use; a new analysis drops the selections).
    pub(super) fn rows(&mut self, a: &FileAnalysis) -> Arc<Rows> {
        if let Some(r) = &self.triage.rows
            && r.of == id_of(a)
        {
            return r.clone();
        }
        let r = Arc::new(Rows::build(a));
        self.triage.rows = Some(r.clone());
        for s in &mut self.triage.lists {
            let keep = (
                s.sort,
                s.desc,
                std::mem::take(&mut s.filter),
                s.unreviewed_only,
            );
            *s = ListState::default();
            (s.sort, s.desc, s.filter, s.unreviewed_only) = keep;
        }
        r
    }

    /// The finding is decided: marked reviewed, or dismissed.
    pub fn is_done(&self, key: &str) -> bool {
        self.project.reviewed.get(key).copied().unwrap_or(false)
            || self
                .project
                .corrections
                .get(key)
                .is_some_and(|c| c.dismissed)
    }

    /// The rows of `list` as shown: filtered (the panel's filters, the filter text, unreviewed
    /// only) and sorted.
    pub(super) fn order(&self, list: List, a: &FileAnalysis, rows: &Rows) -> Vec<usize> {
        let st = self.list_state(list);
        let needle = st.filter.trim().to_lowercase();
        let keep = |item: usize, text: Option<&String>| {
            (!st.unreviewed_only || rows.key(list, item).is_none_or(|k| !self.is_done(k)))
                && (needle.is_empty() || text.is_some_and(|t| t.contains(&needle)))
        };
        let mut out: Vec<usize> = match list {
            List::Redactions => (0..a.redactions.len())
                .filter(|&i| {
                    a.redactions.get(i).is_some_and(|r| {
                        self.passes_filters(&a.sha256, r)
                            && (keep(i, rows.red_text.get(i))
                                || (!needle.is_empty()
                                    && keep(i, Some(&codes::cite(self.codes_of(&a.sha256, r))))))
                    })
                })
                .collect(),
            List::People => (0..a.officials.len())
                .filter(|&i| {
                    a.officials
                        .get(i)
                        .is_some_and(|o| self.passes_person_filter(o))
                        && keep(i, rows.people_text.get(i))
                })
                .collect(),
            List::Permits => (0..rows.permit_keys.len())
                .filter(|&i| keep(i, rows.permit_text.get(i)))
                .collect(),
        };
        self.sort(list, a, rows, &mut out);
        out
    }

    /// Where a row is: the page and box to show. A person's next mention after `after`, else
    /// their first.
    pub(super) fn place(
        list: List,
        a: &FileAnalysis,
        item: usize,
        after: Option<u32>,
    ) -> Option<(u32, Option<Rect>)> {
        match list {
            List::Redactions => a.redactions.get(item).map(|r| (r.page, r.bbox)),
            List::People => {
                let o = a.officials.get(item)?;
                let m = after
                    .and_then(|p| o.mention_list.iter().find(|m| m.page > p))
                    .or_else(|| o.mention_list.first())?;
                Some((m.page, m.bbox))
            }
            List::Permits => permit(a, item).map(|(l, _)| (l.page, l.bbox)),
        }
    }

    /// The row is about page `page`.
    pub(super) fn on_page(list: List, a: &FileAnalysis, item: usize, page: u32) -> bool {
        match list {
            List::Redactions => a
                .redactions
                .get(item)
                .is_some_and(|r| r.page == page || r.withheld_pages.contains(&page)),
            List::People => a
                .officials
                .get(item)
                .is_some_and(|o| o.pages.binary_search(&page).is_ok()),
            List::Permits => permit(a, item).is_some_and(|(l, _)| l.page == page),
        }
    }

    /// A click on a row: Ctrl toggles it in the selection, Shift selects the range from the last
    /// row clicked; a plain click selects it alone and shows it (again on a person: their next
    /// mention).
    pub(super) fn click_row(
        &mut self,
        list: List,
        a: &FileAnalysis,
        order: &[usize],
        item: usize,
        m: egui::Modifiers,
    ) {
        let st = self.list_state_mut(list);
        if m.command {
            if !st.selected.remove(&item) {
                st.selected.insert(item);
            }
            st.cursor = Some(item);
            st.anchor = Some(item);
        } else if m.shift {
            let from = st.anchor.and_then(|x| order.iter().position(|&i| i == x));
            let to = order.iter().position(|&i| i == item);
            if let (Some(f), Some(t)) = (from, to) {
                let (lo, hi) = (f.min(t), f.max(t));
                st.selected = order
                    .get(lo..=hi)
                    .unwrap_or_default()
                    .iter()
                    .copied()
                    .collect();
            } else {
                st.selected = BTreeSet::from([item]);
                st.anchor = Some(item);
            }
            st.cursor = Some(item);
        } else {
            let again = st.cursor == Some(item);
            self.set_cursor(list, a, item, false, again);
        }
    }

    /// Moves the cursor to `item` (added to the selection with `extend`, else selected alone)
    /// and shows it; `again`: a person's next mention.
    fn set_cursor(&mut self, list: List, a: &FileAnalysis, item: usize, extend: bool, again: bool) {
        let after = again.then_some(self.page);
        let place = Self::place(list, a, item, after);
        let st = self.list_state_mut(list);
        if !extend {
            st.selected.clear();
            st.anchor = Some(item);
        }
        st.selected.insert(item);
        st.cursor = Some(item);
        st.scroll_to = Some(item);
        if let Some((page, bbox)) = place {
            st.followed_page = page;
            self.commands.push(Command::GoTo(page, bbox));
        }
    }

    /// The triage keys (when no text box has the keyboard). Undo and redo work on every tab.
    pub(super) fn triage_keys(&mut self, ctx: &egui::Context) {
        use egui::{Key, KeyboardShortcut, Modifiers};
        let (undo, redo) = ctx.input_mut(|i| {
            let redo = i.consume_shortcut(&KeyboardShortcut::new(
                Modifiers::COMMAND | Modifiers::SHIFT,
                Key::Z,
            )) || i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Y));
            let undo = i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Z));
            (undo, redo)
        });
        if undo {
            self.commands.push(Command::Undo);
        }
        if redo {
            self.commands.push(Command::Redo);
        }
        let Some(list) = List::of(self.tab) else {
            return;
        };
        // Each key with the modifiers held when it was pressed (they may be released by the
        // time the frame runs: a fast Shift+J).
        let (mut accept, mut dismiss, mut next, mut prev) = (false, false, false, false);
        let (mut unreviewed, mut clear, mut shift) = (false, false, false);
        ctx.input(|i| {
            for e in &i.events {
                let egui::Event::Key {
                    key,
                    pressed: true,
                    modifiers: m,
                    ..
                } = e
                else {
                    continue;
                };
                if m.command || m.alt {
                    continue;
                }
                match key {
                    Key::A => accept = true,
                    Key::D => dismiss = true,
                    Key::J | Key::ArrowDown => next = true,
                    Key::K | Key::ArrowUp => prev = true,
                    Key::U => unreviewed = true,
                    Key::Escape => clear = true,
                    _ => continue,
                }
                shift |= m.shift;
            }
        });
        if !(accept || dismiss || next || prev || unreviewed || clear) {
            return;
        }
        let Some(a) = self.analysis().cloned() else {
            return;
        };
        let rows = self.rows(&a);
        if unreviewed {
            let st = self.list_state_mut(list);
            st.unreviewed_only = !st.unreviewed_only;
            self.status = if st.unreviewed_only {
                "unreviewed only (U shows all)".to_string()
            } else {
                "showing reviewed rows too".to_string()
            };
        }
        if clear {
            let st = self.list_state_mut(list);
            st.selected.clear();
        }
        let order = self.order(list, &a, &rows);
        let st = self.list_state(list);
        let pos = st.cursor.and_then(|c| order.iter().position(|&i| i == c));
        let targets: Vec<usize> = if st.selected.is_empty() {
            st.cursor.into_iter().collect()
        } else {
            st.selected.iter().copied().collect()
        };
        if next || prev {
            let to = match (pos, next) {
                (None, _) => Some(0),
                (Some(p), true) => Some((p + 1).min(order.len().saturating_sub(1))),
                (Some(p), false) => Some(p.saturating_sub(1)),
            };
            if let Some(&item) = to.and_then(|p| order.get(p)) {
                self.set_cursor(list, &a, item, shift, false);
            }
        }
        if accept || dismiss {
            let keys: Vec<String> = targets
                .iter()
                .filter_map(|&i| rows.key(list, i).map(str::to_string))
                .collect();
            if keys.is_empty() {
                self.status = "no row selected: J / K (or a click) picks one".to_string();
                return;
            }
            if accept {
                let all = keys
                    .iter()
                    .all(|k| self.project.reviewed.get(k).copied().unwrap_or(false));
                self.commands.push(Command::ReviewMany(keys, !all));
            } else {
                let all = keys
                    .iter()
                    .all(|k| self.project.corrections.get(k).is_some_and(|c| c.dismissed));
                self.commands.push(Command::DismissMany(keys, !all));
            }
            // One row: on to the next, as a reader goes down a list.
            if targets.len() == 1
                && let Some(&item) = pos.and_then(|p| order.get(p + 1))
            {
                self.set_cursor(list, &a, item, false, false);
            }
        }
    }

    /// Selects the rows of the current list named by `keys` (after an undo or redo).
    pub(super) fn reselect(&mut self, keys: &[&str]) {
        let (Some(list), Some(rows)) = (List::of(self.tab), self.triage.rows.clone()) else {
            return;
        };
        let items: BTreeSet<usize> = keys
            .iter()
            .filter_map(|k| (0..).map_while(|i| rows.key(list, i)).position(|x| x == *k))
            .collect();
        if let Some(&first) = items.first() {
            let st = self.list_state_mut(list);
            st.selected = items;
            st.cursor = Some(first);
            st.anchor = Some(first);
            st.scroll_to = Some(first);
        }
    }

    /// The review keys of the current list's rows, in the order shown (for tests and tools).
    pub fn shown_keys(&mut self) -> Vec<String> {
        let (Some(list), Some(a)) = (List::of(self.tab), self.analysis().cloned()) else {
            return Vec::new();
        };
        let rows = self.rows(&a);
        self.order(list, &a, &rows)
            .into_iter()
            .filter_map(|i| rows.key(list, i).map(str::to_string))
            .collect()
    }

    /// The review keys of the current list's selected rows.
    pub fn selected_keys(&mut self) -> Vec<String> {
        let (Some(list), Some(a)) = (List::of(self.tab), self.analysis().cloned()) else {
            return Vec::new();
        };
        let rows = self.rows(&a);
        self.list_state(list)
            .selected
            .iter()
            .filter_map(|&i| rows.key(list, i).map(str::to_string))
            .collect()
    }
}
