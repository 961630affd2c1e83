//! The app's state and its command handler: the panels and the page view read the state and
//! push [`Command`]s, applied in one place ([`DossierApp::apply`]) after the frame is drawn (tests
//! push them too).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Instant;

use egui::Pos2;

use super::loading::LoadMsg;
use super::{Dialogs, FileState, NoDialogs, OpenFile, Tab, ocr, render, short};
use crate::analysis::FileAnalysis;
use crate::geometry::Rect;
use crate::project::history::Edit;
use crate::project::{self, Project, TagKind, review};

/// Something the user asked for; applied in [`DossierApp::apply`].
#[derive(Debug, Clone)]
pub enum Command {
    /// Go to a page of the current file, optionally flashing a box.
    GoTo(u32, Option<Rect>),
    /// Next/previous page.
    Step(i32),
    /// Next redaction after the current page (leaks only when true).
    NextRedaction(bool),
    /// Toggle the code filter.
    FilterCode(String),
    /// Add a tag on the current page.
    AddTag(Option<Rect>),
    /// Delete a tag.
    DeleteTag(String),
    /// Mark a finding reviewed or not.
    Review(String, bool),
    /// Save the project (asks where when it has no path).
    Save,
    /// Open files.
    Open(Vec<PathBuf>),
    /// Export: `csv`, `log`, `xlsx` (the log), `json`, `ftm`, `annotated` (the current file).
    Export(&'static str),
    /// Zoom by a factor (0 = fit width).
    Zoom(f32),
    /// Select a file.
    SelectFile(usize),
    /// Load a permit registry and re-analyse the open files with it.
    LoadRegistry(PathBuf),
    /// Go to a page number or a page stamp as typed.
    GoToText(String),
    /// Set (or, when empty, clear) the correction of a finding, by review key.
    Correct(String, review::Correction),
    /// Analyse the open files again with the current options (OCR, registry).
    Reanalyse,
    /// Stop the analysis of a file (by index); its pages stay readable.
    CancelLoad(usize),
    // The overview's clicks: each lands on the list behind a number.
    /// The Redactions tab with only these: one code, pages `first..=last`, leaks; the other
    /// filters cleared (`None`, `None`, `false`: every redaction).
    ShowRedactions {
        /// One code.
        code: Option<String>,
        /// Pages, first and last.
        pages: Option<(u32, u32)>,
        /// Leaks only.
        leaks: bool,
    },
    /// The Documents tab, with the top-level documents of one kind or all.
    ShowDocuments(Option<crate::documents::DocumentKind>),
    /// The People tab with one person (by id), at their first mention, or everyone.
    ShowPeople(Option<String>),
    /// Another tab, as it is.
    ShowTab(Tab),
    /// The Redactions tab with only the withheld-pages notices.
    ShowWithheldPages,
    /// Mark several findings reviewed (or not), by review key: one undoable step.
    ReviewMany(Vec<String>, bool),
    /// Dismiss several findings (or restore them: false), by review key: one undoable step.
    DismissMany(Vec<String>, bool),
    /// Take back the last review action.
    Undo,
    /// Something of the case (open, add, search, open a production).
    Case(super::CaseCommand),
    /// Make the last action taken back again.
    Redo,
    /// Releases compared: the Differences panel and the side-by-side view.
    Diff(super::DiffCommand),
}

/// A search hit.
#[derive(Debug, Clone)]
pub struct Hit {
    /// File index.
    pub file: usize,
    /// Page.
    pub page: u32,
    /// Box of the match.
    pub bbox: Option<Rect>,
    /// The line, for context.
    pub context: String,
}

/// The app.
pub struct DossierApp {
    /// Open files.
    pub files: Vec<OpenFile>,
    /// Current file.
    pub current: usize,
    /// Current page (1-based).
    pub page: u32,
    /// Screen pixels per PDF point; 0 = fit width.
    pub zoom: f32,
    /// The side panel tab.
    pub tab: Tab,
    /// Codes the redaction list is filtered by (empty: all).
    pub filter_codes: BTreeSet<String>,
    /// Show leaks only.
    pub leaks_only: bool,
    /// The search box.
    pub search: String,
    /// Hits of the last search.
    pub hits: Vec<Hit>,
    /// The project (tags, reviewed marks, view).
    pub project: Project,
    /// Where the project is saved.
    pub project_path: Option<PathBuf>,
    /// Kind of the next tag.
    pub tag_kind: TagKind,
    /// Note of the next tag.
    pub tag_note: String,
    /// A line for the status bar.
    pub status: String,
    pub(super) dirty: Option<Instant>,
    pub(super) scroll_to: Option<u32>,
    pub(super) flash: Option<(u32, Rect, Instant)>,
    pub(super) drag: Option<Pos2>,
    /// Text being typed in correction menus, by `key/field`.
    pub(super) edits: HashMap<String, String>,
    /// Index of the redaction last reached with N / L.
    pub(super) red_cursor: Option<usize>,
    pub(super) loader_tx: Sender<LoadMsg>,
    pub(super) loader_rx: Receiver<LoadMsg>,
    pub(super) renderer: render::Renderer,
    pub(super) textures: HashMap<(usize, u32, u32), egui::TextureHandle>,
    pub(super) requested: HashSet<(usize, u32, u32)>,
    pub(super) dialogs: Box<dyn Dialogs>,
    pub(super) commands: Vec<Command>,
    pub(super) ctx: Option<egui::Context>,
    pub(super) search_focus: bool,
    /// The permit registry, when one is loaded.
    pub registry: Option<Arc<crate::permits::Registry>>,
    /// OCR of page pictures for files opened from now on.
    pub ocr: crate::ocr::OcrOptions,
    /// The "go to page or stamp" box.
    pub goto: String,
    /// Recently opened files (kept in the config directory).
    pub recent: Vec<PathBuf>,
    /// Draw boxes around the words OCR read (View menu).
    pub show_ocr_words: bool,
    pub(super) next_load: u64,
    // The overview: the filters its clicks set, its numbers (computed once per analysis).
    /// Pages the redaction list is limited to, first and last (`None`: all).
    pub filter_pages: Option<(u32, u32)>,
    /// The kind of documents the document list is limited to (top-level ones only).
    pub filter_doc_kind: Option<crate::documents::DocumentKind>,
    /// The person (id) the people list is limited to.
    pub filter_person: Option<String>,
    /// The Redactions tab lists only withheld-pages notices (set from the overview).
    pub filter_withheld: bool,
    pub(super) overview: super::panels::overview::Cache,
    /// Review actions that can be undone and redone.
    pub history: crate::project::history::History,
    /// The review lists' sort, filter and selection.
    pub(super) triage: super::triage::Triage,
    /// The open case, when one is (the review is written to it, not to a project file).
    pub case: Option<super::CaseState>,
    /// Releases compared (the Differences panel, side by side).
    pub diff: super::diff::DiffState,
}

impl DossierApp {
    /// A new app; `paths` are opened at once. `project_path` is loaded when it exists.
    pub fn new(
        ctx: Option<egui::Context>,
        paths: Vec<PathBuf>,
        project_path: Option<PathBuf>,
        dialogs: Box<dyn Dialogs>,
    ) -> Self {
        Self::with_ocr(ctx, paths, project_path, dialogs, Default::default())
    }

    /// [`DossierApp::new`] with OCR options for the files it opens (those of the project too).
    pub fn with_ocr(
        ctx: Option<egui::Context>,
        paths: Vec<PathBuf>,
        project_path: Option<PathBuf>,
        dialogs: Box<dyn Dialogs>,
        ocr: crate::ocr::OcrOptions,
    ) -> Self {
        let (loader_tx, loader_rx) = channel();
        let mut app = DossierApp {
            files: Vec::new(),
            current: 0,
            page: 1,
            zoom: 0.0,
            tab: Tab::Overview,
            filter_codes: BTreeSet::new(),
            leaks_only: false,
            search: String::new(),
            hits: Vec::new(),
            project: Project::default(),
            project_path: None,
            tag_kind: TagKind::Note,
            tag_note: String::new(),
            status: String::new(),
            dirty: None,
            scroll_to: None,
            flash: None,
            drag: None,
            edits: HashMap::new(),
            red_cursor: None,
            loader_tx,
            loader_rx,
            renderer: render::Renderer::new(ctx.clone()),
            textures: HashMap::new(),
            requested: HashSet::new(),
            dialogs,
            commands: Vec::new(),
            ctx,
            search_focus: false,
            registry: None,
            ocr,
            goto: String::new(),
            recent: Vec::new(),
            show_ocr_words: false,
            next_load: 0,
            filter_pages: None,
            filter_doc_kind: None,
            filter_person: None,
            filter_withheld: false,
            overview: Default::default(),
            history: Default::default(),
            triage: Default::default(),
            case: None,
            diff: Default::default(),
        };
        let mut to_open = paths;
        if let Some(pp) = project_path {
            app.load_project(pp, &mut to_open);
        }
        app.open(to_open);
        app
    }

    /// For tests: no dialogs, no storage.
    pub fn for_tests(paths: Vec<PathBuf>, project_path: Option<PathBuf>) -> Self {
        DossierApp::new(None, paths, project_path, Box::new(NoDialogs))
    }

    /// Every file has finished loading (or failed).
    pub fn loaded(&self) -> bool {
        self.files
            .iter()
            .all(|f| !matches!(f.state, FileState::Loading(..)))
    }

    /// The current file's analysis, when ready.
    pub fn analysis(&self) -> Option<&Arc<FileAnalysis>> {
        match &self.files.get(self.current)?.state {
            FileState::Ready(a) => Some(a),
            _ => None,
        }
    }

    /// Redactions of the current file that pass the filters.
    pub fn visible_redactions(&self) -> Vec<&crate::redactions::Redaction> {
        let Some(a) = self.analysis() else {
            return Vec::new();
        };
        a.redactions
            .iter()
            .filter(|r| self.passes_filters(&a.sha256, r))
            .collect()
    }

    /// The redaction passes the panel's filters (leaks only, pages, codes).
    pub(super) fn passes_filters(&self, sha: &str, r: &crate::redactions::Redaction) -> bool {
        (!self.leaks_only || r.leaked_text.is_some())
            && (!self.filter_withheld || r.kind == crate::redactions::RedactionKind::WithheldPages)
            && self
                .filter_pages
                .is_none_or(|(a, b)| (a..=b).contains(&r.page))
            && (self.filter_codes.is_empty()
                || self
                    .codes_of(sha, r)
                    .iter()
                    .any(|c| self.filter_codes.contains(c)))
    }

    /// A redaction's codes as the user corrected them, else as detected (no copy: this runs for
    /// every redaction on every frame).
    pub fn codes_of<'a>(&'a self, sha: &str, r: &'a crate::redactions::Redaction) -> &'a [String] {
        self.correction(sha, &r.id)
            .and_then(|c| c.codes.as_deref())
            .unwrap_or(&r.codes)
    }

    /// The user dismissed this finding as wrong.
    pub fn is_dismissed(&self, sha: &str, id: &str) -> bool {
        self.correction(sha, id).is_some_and(|c| c.dismissed)
    }

    /// The user's correction of a finding, if any.
    pub(super) fn correction(&self, sha: &str, id: &str) -> Option<&review::Correction> {
        // Called per finding per frame: free when nothing is corrected.
        if self.project.corrections.is_empty() {
            return None;
        }
        self.project.corrections.get(&project::review_key(sha, id))
    }

    pub(super) fn mark_dirty(&mut self) {
        self.dirty = Some(Instant::now());
    }

    /// Applies the queued commands (and returns how many ran).
    pub fn apply_commands(&mut self) -> usize {
        let cmds = std::mem::take(&mut self.commands);
        let n = cmds.len();
        for c in cmds {
            self.apply(c);
        }
        n
    }

    /// Queues a command (used by the panels, and by tests).
    pub fn push(&mut self, c: Command) {
        self.commands.push(c);
    }

    pub(super) fn page_count(&self) -> u32 {
        self.files
            .get(self.current)
            .map_or(0, |f| u32::try_from(f.boxes.len()).unwrap_or(u32::MAX))
    }

    pub(super) fn apply(&mut self, c: Command) {
        match c {
            Command::GoTo(page, flash) => {
                self.page = page.clamp(1, self.page_count().max(1));
                self.scroll_to = Some(self.page);
                if let Some(b) = flash {
                    self.flash = Some((self.page, b, Instant::now()));
                }
            }
            Command::Step(d) => {
                let p = (i64::from(self.page) + i64::from(d))
                    .clamp(1, i64::from(self.page_count().max(1)));
                self.apply(Command::GoTo(u32::try_from(p).unwrap_or(1), None));
            }
            Command::NextRedaction(leaks) => {
                // One redaction after another (several on a page included), skipping those you
                // dismissed; from the current page when the last one visited is elsewhere.
                let next = self.analysis().and_then(|a| {
                    let wanted = |r: &crate::redactions::Redaction| {
                        (!leaks || r.leaked_text.is_some()) && !self.is_dismissed(&a.sha256, &r.id)
                    };
                    let start = match self.red_cursor {
                        Some(i) if a.redactions.get(i).is_some_and(|r| r.page == self.page) => {
                            i + 1
                        }
                        _ => a
                            .redactions
                            .iter()
                            .position(|r| r.page >= self.page)
                            .unwrap_or(0),
                    };
                    let n = a.redactions.len();
                    (0..n)
                        .map(|k| (start + k) % n)
                        .find(|&i| a.redactions.get(i).is_some_and(wanted))
                        .and_then(|i| a.redactions.get(i).map(|r| (i, r.page, r.bbox)))
                });
                if let Some((i, p, b)) = next {
                    self.red_cursor = Some(i);
                    self.apply(Command::GoTo(p, b));
                }
            }
            Command::FilterCode(code) => {
                if !self.filter_codes.remove(&code) {
                    self.filter_codes.insert(code);
                }
            }
            Command::AddTag(region) => {
                let Some((sha, bbox, text)) = self.analysis().map(|a| {
                    let page = a.pages.get((self.page as usize).saturating_sub(1));
                    let b = region.unwrap_or_else(|| {
                        page.map_or(Rect::new(0.0, 0.0, 612.0, 792.0), |p| p.crop_box)
                    });
                    // A region over text quotes it; a whole-page tag does not.
                    let text = region
                        .and_then(|r| page.and_then(|p| p.text_in(&r)))
                        .map(|(t, _)| t)
                        .unwrap_or_default();
                    (a.sha256.clone(), b, text)
                }) else {
                    return;
                };
                let id = self.project.add_tag(
                    &sha,
                    self.page,
                    bbox,
                    self.tag_kind,
                    &self.tag_note,
                    &text,
                );
                self.status = if text.is_empty() {
                    format!("added {id} on page {}", self.page)
                } else {
                    format!("added {id} on page {}: “{}”", self.page, short(&text, 60))
                };
                self.tag_note.clear();
                self.record_tag(&id);
                self.mark_dirty();
            }
            Command::Correct(key, c) => {
                self.status = if c.dismissed {
                    "dismissed: left out of exports (right-click to restore)".to_string()
                } else if c.is_empty() {
                    "correction cleared".to_string()
                } else {
                    "corrected: exports use your reading".to_string()
                };
                let label = self.correction_label(&key, &c);
                self.edit(&label, vec![Edit::Correction(key, Some(c))]);
                self.project.prune_corrections();
            }
            Command::DeleteTag(id) => {
                self.edit(&format!("delete {id}"), vec![Edit::Tag(id, None)]);
            }
            Command::Review(key, v) => self.apply_history(Command::ReviewMany(vec![key], v)),
            Command::Save if self.case.is_some() => {
                self.status = "the review is written to the case as you go".to_string();
            }
            Command::Save => {
                if self.project_path.is_none() {
                    self.project_path = self.dialogs.save_file("dossier-project.json", "json");
                }
                self.save_now();
            }
            Command::Open(paths) => self.open(paths),
            Command::Export(fmt) => self.export(fmt),
            Command::Zoom(f) => {
                self.zoom = if f <= 0.0 {
                    f
                } else {
                    (self.zoom.max(0.25) * f).clamp(0.25, 6.0)
                };
                self.textures.clear();
                self.requested.clear();
                self.scroll_to = Some(self.page);
            }
            Command::LoadRegistry(path) => match crate::permits::load_registry(&path) {
                Ok(reg) => {
                    let bad = reg.row_errors.len();
                    self.registry = Some(Arc::new(reg));
                    self.status = format!("registry {} loaded ({bad} bad rows)", path.display());
                    if self.case_registry(&path) {
                        return;
                    }
                    (0..self.files.len()).for_each(|i| self.start_load(i));
                }
                Err(e) => self.status = format!("{}: {e}", path.display()),
            },
            Command::GoToText(t) => {
                let t = t.trim().to_string();
                // "12" is a page number; "000010" or "A-2020-00417 - 000010" is a stamp.
                let as_page = t
                    .parse::<u32>()
                    .ok()
                    .filter(|n| *n >= 1 && *n <= self.page_count());
                let stamp_first = t.starts_with('0') || !t.chars().all(|c| c.is_ascii_digit());
                let by_stamp = self.analysis().and_then(|a| {
                    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
                    let tail = |l: &str| -> String {
                        let mut d: Vec<char> = l
                            .chars()
                            .rev()
                            .take_while(|c| c.is_ascii_digit() || *c == ' ')
                            .filter(char::is_ascii_digit)
                            .collect();
                        d.reverse();
                        d.into_iter().collect()
                    };
                    a.page_labels
                        .iter()
                        .position(|l| {
                            l.as_deref().is_some_and(|l| {
                                l == t
                                    || (!digits.is_empty()
                                        && tail(l).trim_start_matches('0')
                                            == digits.trim_start_matches('0'))
                            })
                        })
                        .and_then(|i| u32::try_from(i + 1).ok())
                });
                let target = if stamp_first {
                    by_stamp.or(as_page)
                } else {
                    as_page.or(by_stamp)
                };
                match target {
                    Some(p) => self.apply(Command::GoTo(p, None)),
                    None => self.status = format!("no page or stamp \"{t}\""),
                }
            }
            Command::Reanalyse => {
                (0..self.files.len()).for_each(|i| self.start_load(i));
                self.status = format!(
                    "re-analysing {} file(s) ({}); your review is kept",
                    self.files.len(),
                    ocr::summary(&self.ocr)
                );
            }
            Command::CancelLoad(i) => {
                if let Some(f) = self.files.get(i)
                    && matches!(f.state, FileState::Loading(..))
                {
                    f.cancel.store(true, Ordering::Relaxed);
                    self.status = "cancelling the analysis…".to_string();
                }
            }
            Command::SelectFile(i) => {
                if i < self.files.len() {
                    self.current = i;
                    self.page = 1;
                    self.scroll_to = Some(1);
                }
            }
            Command::ShowRedactions { code, pages, leaks } => {
                if let Some(first) = self.show_redactions(code, pages, leaks) {
                    self.apply(Command::GoTo(first, None));
                }
            }
            Command::ShowDocuments(kind) => {
                (self.filter_doc_kind, self.tab) = (kind, Tab::Documents)
            }
            Command::ShowPeople(id) => {
                if let Some((page, bbox)) = self.show_person(id) {
                    self.apply(Command::GoTo(page, bbox));
                }
            }
            Command::ShowTab(tab) => self.tab = tab,
            Command::ShowWithheldPages => {
                self.show_redactions(None, None, false);
                self.filter_withheld = true;
            }
            Command::Case(c) => self.apply_case(c),
            Command::ReviewMany(..) | Command::DismissMany(..) | Command::Undo | Command::Redo => {
                self.apply_history(c)
            }
            Command::Diff(d) => self.apply_diff(d),
        }
    }

    pub(super) fn save_now(&mut self) {
        let Some(path) = self.project_path.clone() else {
            self.status = "not saved: no project file chosen".to_string();
            return;
        };
        self.project.view = project::View {
            file: self.current,
            page: self.page,
            zoom: self.zoom,
        };
        match self.project.save(&path) {
            Ok(()) => {
                self.status = format!("saved {}", path.display());
                self.dirty = None;
            }
            Err(e) => self.status = format!("could not save {}: {e}", path.display()),
        }
    }
}
