//! The desktop app (feature `gui`): a thin layer over the analysis library.
//!
//! `App::logic` does the work (messages from the loader and renderer threads, autosave,
//! keyboard shortcuts); `App::ui` only draws and turns clicks into [`Command`]s, applied in one
//! place. Files load in background threads with per-file progress; pages are rendered by hayro
//! off the UI thread and cached as textures; the first page shows as soon as it is rendered,
//! and every page can be read while the analysis (OCR included) runs; it can be cancelled.

mod geom;
mod lists;
mod loader;
mod ocr;
mod partial;
mod render;
pub mod theme;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

use egui::{Color32, Pos2, Rect as ERect, Sense, Stroke, StrokeKind, Vec2};

use crate::analysis::{FileAnalysis, Options};
use crate::geometry::{Point, Rect};
use crate::project::{self, Project, TagKind, review};
use crate::redactions::{RedactionKind, codes};
use loader::{LoadMsg, load_file};

/// Native dialogs behind a trait, so tests never open one.
pub trait Dialogs: Send {
    /// PDF files to open.
    fn open_files(&mut self) -> Vec<PathBuf>;
    /// A folder to open.
    fn open_folder(&mut self) -> Option<PathBuf>;
    /// Where to save something.
    fn save_file(&mut self, name: &str, ext: &str) -> Option<PathBuf>;
    /// A project file to open.
    fn open_project(&mut self) -> Option<PathBuf>;
    /// A permit registry to load.
    fn open_registry(&mut self) -> Option<PathBuf>;
}

/// rfd's native dialogs.
pub struct NativeDialogs;

impl Dialogs for NativeDialogs {
    fn open_files(&mut self) -> Vec<PathBuf> {
        rfd::FileDialog::new()
            .add_filter("PDF", &["pdf", "PDF"])
            .pick_files()
            .unwrap_or_default()
    }
    fn open_folder(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new().pick_folder()
    }
    fn save_file(&mut self, name: &str, ext: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_file_name(name)
            .add_filter(ext, &[ext])
            .save_file()
    }
    fn open_project(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .add_filter("Dossier project", &["json"])
            .pick_file()
    }
    fn open_registry(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .add_filter("Permit registry", &["csv", "xlsx"])
            .pick_file()
    }
}

/// No dialogs (tests): every question is answered "cancel".
pub struct NoDialogs;

impl Dialogs for NoDialogs {
    fn open_files(&mut self) -> Vec<PathBuf> {
        Vec::new()
    }
    fn open_folder(&mut self) -> Option<PathBuf> {
        None
    }
    fn save_file(&mut self, _: &str, _: &str) -> Option<PathBuf> {
        None
    }
    fn open_project(&mut self) -> Option<PathBuf> {
        None
    }
    fn open_registry(&mut self) -> Option<PathBuf> {
        None
    }
}

/// A loaded (or loading) file.
pub struct OpenFile {
    /// The path.
    pub path: PathBuf,
    /// Loading state.
    pub state: FileState,
    /// Visible box and rotation of each page, known before the analysis ends.
    pub boxes: Vec<(Rect, u16)>,
    /// The OCR options of its (last) analysis.
    pub ocr: crate::ocr::OcrOptions,
    /// Which analysis of the file is the current one (messages of older ones are dropped).
    load: u64,
    /// Set to stop the current analysis.
    cancel: Arc<AtomicBool>,
    /// Pages of the current analysis done so far, shown until it ends (kept when cancelled).
    partial: partial::Partial,
    /// Pages the current analysis handed over as they were done (kept after it ends).
    pub pages_received: usize,
}

/// Where a file's analysis is.
pub enum FileState {
    /// Pages done out of total.
    Loading(usize, usize),
    /// Done.
    Ready(Arc<FileAnalysis>),
    /// Could not be analysed.
    Failed(String),
}

/// Side panel tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// Redactions.
    Redactions,
    /// Documents.
    Documents,
    /// People.
    People,
    /// Permit links.
    Permits,
    /// Search.
    Search,
    /// The user's tags.
    Tags,
}

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
    /// Export CSV or JSON.
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
    dirty: Option<Instant>,
    scroll_to: Option<u32>,
    flash: Option<(u32, Rect, Instant)>,
    drag: Option<Pos2>,
    /// Text being typed in correction menus, by `key/field`.
    edits: HashMap<String, String>,
    /// Index of the redaction last reached with N / L.
    red_cursor: Option<usize>,
    loader_tx: Sender<LoadMsg>,
    loader_rx: Receiver<LoadMsg>,
    renderer: render::Renderer,
    textures: HashMap<(usize, u32, u32), egui::TextureHandle>,
    requested: HashSet<(usize, u32, u32)>,
    dialogs: Box<dyn Dialogs>,
    commands: Vec<Command>,
    ctx: Option<egui::Context>,
    search_focus: bool,
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
    next_load: u64,
}

const GAP: f32 = 12.0;

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
            tab: Tab::Redactions,
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
        };
        let mut to_open = paths;
        if let Some(pp) = project_path {
            if pp.exists() {
                match Project::load(&pp) {
                    Ok(mut p) => {
                        // Paths saved relative (older projects) are found beside the project.
                        let base = pp.parent().map(Path::to_path_buf).unwrap_or_default();
                        for f in &mut p.files {
                            if f.path.is_relative() && base.join(&f.path).exists() {
                                f.path = base.join(&f.path);
                            }
                            f.path = std::fs::canonicalize(&f.path).unwrap_or(f.path.clone());
                        }
                        for f in &p.files {
                            if !to_open.contains(&f.path) {
                                to_open.push(f.path.clone());
                            }
                        }
                        app.page = p.view.page.max(1);
                        app.zoom = p.view.zoom;
                        app.current = p.view.file;
                        app.scroll_to = Some(app.page);
                        app.project = p;
                    }
                    Err(e) => {
                        // Never silently empty: say what happened and offer the backup.
                        app.status = match Project::load_backup(&pp) {
                            Ok(b) => {
                                app.project = b;
                                format!(
                                    "{e}. Opened the previous version ({}) instead.",
                                    project::backup_path(&pp).display()
                                )
                            }
                            Err(_) => format!(
                                "{e}. No usable backup either; the project starts empty and will not overwrite it until you save."
                            ),
                        };
                    }
                }
            }
            app.project_path = Some(pp);
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

    /// The redaction passes the panel's filters (leaks only, codes).
    fn passes_filters(&self, sha: &str, r: &crate::redactions::Redaction) -> bool {
        (!self.leaks_only || r.leaked_text.is_some())
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

    fn open(&mut self, paths: Vec<PathBuf>) {
        for p in crate::cli::collect_inputs(&paths).into_iter().flatten() {
            // Absolute, so that the project reopens the file from any working directory and the
            // recent list means the same file tomorrow.
            let p = std::fs::canonicalize(&p).unwrap_or(p);
            if self.files.iter().any(|f| f.path == p) {
                continue;
            }
            let idx = self.files.len();
            self.files.push(OpenFile {
                path: p.clone(),
                state: FileState::Loading(0, 0),
                boxes: Vec::new(),
                ocr: self.ocr.clone(),
                load: 0,
                cancel: Arc::default(),
                partial: Default::default(),
                pages_received: 0,
            });
            if !self.project.files.iter().any(|f| f.path == p) {
                self.project.files.push(project::ProjectFile {
                    path: p.clone(),
                    sha256: None,
                });
            }
            self.recent.retain(|r| r != &p);
            self.recent.insert(0, p.clone());
            self.recent.truncate(10);
            if self.ctx.is_some() {
                save_recent(&self.recent);
            }
            self.start_load(idx);
        }
    }

    /// Starts (or restarts) the analysis of file `idx` with the current options, in the
    /// background; a previous analysis of it is cancelled. Its page boxes are kept, so its pages
    /// stay on screen.
    fn start_load(&mut self, idx: usize) {
        self.next_load += 1;
        let load = self.next_load;
        let ocr = ocr::effective(&self.ocr);
        let options = Options {
            registry: self.registry.clone(),
            ocr: ocr.clone(),
            ..Options::default()
        };
        let (tx, ctx) = (self.loader_tx.clone(), self.ctx.clone());
        let Some(f) = self.files.get_mut(idx) else {
            return;
        };
        f.cancel.store(true, Ordering::Relaxed);
        let cancel = Arc::new(AtomicBool::new(false));
        f.cancel = cancel.clone();
        f.load = load;
        f.state = FileState::Loading(0, 0);
        f.partial = Default::default();
        f.pages_received = 0;
        f.ocr = ocr;
        let p = f.path.clone();
        let spawn = std::thread::Builder::new()
            .name(format!("load-{idx}"))
            .spawn(move || load_file(load, &p, tx, ctx, options, cancel));
        if let Err(e) = spawn {
            f.state = FileState::Failed(format!("could not start the analysis: {e}"));
        }
    }

    fn mark_dirty(&mut self) {
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

    fn page_count(&self) -> u32 {
        self.files
            .get(self.current)
            .map_or(0, |f| u32::try_from(f.boxes.len()).unwrap_or(u32::MAX))
    }

    fn apply(&mut self, c: Command) {
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
                self.project.corrections.insert(key, c);
                self.project.prune_corrections();
                self.mark_dirty();
            }
            Command::DeleteTag(id) => {
                self.project.tags.retain(|t| t.id != id);
                self.mark_dirty();
            }
            Command::Review(key, v) => {
                self.project.reviewed.insert(key, v);
                self.mark_dirty();
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
        }
    }

    fn save_now(&mut self) {
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

    fn export(&mut self, fmt: &str) {
        let ready: Vec<&FileAnalysis> = self
            .files
            .iter()
            .filter_map(|f| match &f.state {
                FileState::Ready(a) => Some(a.as_ref()),
                _ => None,
            })
            .collect();
        let name = format!(
            "dossier-findings.{}",
            if fmt == "json" { "json" } else { "csv" }
        );
        let Some(path) = self
            .dialogs
            .save_file(&name, if fmt == "json" { "json" } else { "csv" })
        else {
            return;
        };
        let result = std::fs::File::create(&path).and_then(|mut f| match fmt {
            "json" => {
                let results: Vec<Result<FileAnalysis, crate::FileError>> =
                    ready.iter().map(|a| Ok((*a).clone())).collect();
                serde_json::to_writer_pretty(
                    &mut f,
                    &crate::export::json::reviewed_report(&results, Some(&self.project)),
                )
                .map_err(std::io::Error::other)
            }
            "log" => crate::export::csv::write_redaction_log(&mut f, &ready, Some(&self.project)),
            _ => crate::export::csv::write_findings(&mut f, &ready, Some(&self.project)),
        });
        self.status = match result {
            Ok(()) => format!("exported {}", path.display()),
            Err(e) => format!("export failed: {e}"),
        };
    }

    fn run_search(&mut self) {
        self.hits.clear();
        let needle = self.search.trim().to_lowercase();
        if needle.is_empty() {
            return;
        }
        for (fi, f) in self.files.iter().enumerate() {
            let FileState::Ready(a) = &f.state else {
                continue;
            };
            for p in &a.pages {
                for l in &p.lines {
                    let lower = l.text.to_lowercase();
                    // Byte offsets of the lowercase text match the original for most scripts;
                    // when they do not, the hit still lists without a box.
                    for (at, _) in lower.match_indices(&needle) {
                        self.hits.push(Hit {
                            file: fi,
                            page: p.number,
                            bbox: l.byte_span_bbox(at, at + needle.len()),
                            context: l.text.clone(),
                        });
                        if self.hits.len() >= 5000 {
                            return;
                        }
                    }
                }
            }
        }
        self.status = format!("{} hits for \"{}\"", self.hits.len(), self.search.trim());
    }

    /// One step of work: messages, autosave, shortcuts. Called by `App::logic` (and tests).
    pub fn logic_step(&mut self, ctx: &egui::Context) {
        if self.ctx.is_none() {
            self.ctx = Some(ctx.clone());
            self.renderer.set_ctx(ctx.clone());
        }
        while let Ok(msg) = self.loader_rx.try_recv() {
            match msg {
                LoadMsg::Boxes(id, b) => {
                    if let Some(f) = self.files.iter_mut().find(|f| f.load == id) {
                        f.boxes = b;
                    }
                }
                LoadMsg::Progress(id, d, t) => {
                    if let Some(f) = self.files.iter_mut().find(|f| f.load == id)
                        && matches!(f.state, FileState::Loading(..))
                    {
                        f.state = FileState::Loading(d, t);
                    }
                }
                LoadMsg::Page(id, page, reds) => {
                    if let Some(f) = self.files.iter_mut().find(|f| f.load == id)
                        && matches!(f.state, FileState::Loading(..))
                    {
                        f.partial.add(*page, reds);
                        f.pages_received += 1;
                        // The count of pages done is throttled; the pages themselves are not.
                        if let FileState::Loading(d, _) = &mut f.state {
                            *d = (*d).max(f.partial.len());
                        }
                    }
                }
                LoadMsg::Done(id, r) => {
                    if let Some(f) = self.files.iter_mut().find(|f| f.load == id) {
                        let cancelled = r.is_err() && f.cancel.load(Ordering::Relaxed);
                        if !cancelled {
                            // The whole analysis replaces the pages done so far.
                            f.partial = Default::default();
                        }
                        f.state = match *r {
                            Ok(a) => {
                                if let Some(pf) =
                                    self.project.files.iter_mut().find(|pf| pf.path == f.path)
                                {
                                    pf.sha256 = Some(a.sha256.clone());
                                }
                                FileState::Ready(Arc::new(a))
                            }
                            Err(_) if cancelled => {
                                self.status = if f.partial.is_empty() {
                                    "analysis cancelled".to_string()
                                } else {
                                    format!(
                                        "analysis cancelled: findings of the {} pages done \
                                         shown, not saved",
                                        f.partial.len()
                                    )
                                };
                                FileState::Failed("analysis cancelled".to_string())
                            }
                            Err(e) => {
                                self.status = e.clone();
                                FileState::Failed(e)
                            }
                        };
                    }
                }
            }
        }
        for (key, image) in self.renderer.finished() {
            let tex =
                ctx.load_texture(format!("page-{key:?}"), image, egui::TextureOptions::LINEAR);
            self.textures.insert(key, tex);
        }
        // Keyboard.
        let mut cmds = Vec::new();
        let typing = ctx.egui_wants_keyboard_input();
        ctx.input_mut(|i| {
            use egui::{Key, KeyboardShortcut, Modifiers};
            if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::F)) {
                self.tab = Tab::Search;
                self.search_focus = true;
            }
            if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::S)) {
                cmds.push(Command::Save);
            }
            if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Plus))
                || i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Equals))
            {
                cmds.push(Command::Zoom(1.25));
            }
            if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Minus)) {
                cmds.push(Command::Zoom(0.8));
            }
            if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Num0)) {
                cmds.push(Command::Zoom(0.0));
            }
            if !typing {
                if i.key_pressed(Key::PageDown) || i.key_pressed(Key::J) {
                    cmds.push(Command::Step(1));
                }
                if i.key_pressed(Key::PageUp) || i.key_pressed(Key::K) {
                    cmds.push(Command::Step(-1));
                }
                if i.key_pressed(Key::N) {
                    cmds.push(Command::NextRedaction(false));
                }
                if i.key_pressed(Key::L) {
                    cmds.push(Command::NextRedaction(true));
                }
            }
            let zoom_delta = i.zoom_delta();
            if zoom_delta != 1.0 {
                cmds.push(Command::Zoom(zoom_delta));
            }
            for f in &i.raw.dropped_files {
                cmds.push(Command::Open(vec![f.path().to_path_buf()]));
            }
        });
        self.commands.extend(cmds);
        self.apply_commands();
        // Autosave a few seconds after a change, when the project has a file.
        if let Some(t) = self.dirty
            && t.elapsed() > Duration::from_secs(3)
            && self.project_path.is_some()
        {
            self.save_now();
        }
        if self.dirty.is_some() || !self.loaded() || self.renderer.busy() {
            ctx.request_repaint_after(Duration::from_millis(200));
        }
    }

    fn menu(&mut self, ui: &mut egui::Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if ui.button("Open files…").clicked() {
                    let files = self.dialogs.open_files();
                    self.push(Command::Open(files));
                }
                if ui.button("Open folder…").clicked()
                    && let Some(d) = self.dialogs.open_folder()
                {
                    self.push(Command::Open(vec![d]));
                }
                ui.menu_button("Recent files", |ui| {
                    for r in self.recent.clone() {
                        if ui.button(r.display().to_string()).clicked() {
                            self.commands.push(Command::Open(vec![r]));
                        }
                    }
                });
                if ui.button("Load permit registry…").clicked()
                    && let Some(p) = self.dialogs.open_registry()
                {
                    self.commands.push(Command::LoadRegistry(p));
                }
                if ui.button("Open project…").clicked()
                    && let Some(p) = self.dialogs.open_project()
                {
                    let (ctx, ocr) = (self.ctx.clone(), self.ocr.clone());
                    *self = DossierApp::with_ocr(
                        ctx,
                        Vec::new(),
                        Some(p),
                        Box::new(NativeDialogs),
                        ocr,
                    );
                }
                if ui
                    .add(
                        egui::Button::new("Save project").shortcut_text(ui.ctx().format_shortcut(
                            &egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, egui::Key::S),
                        )),
                    )
                    .clicked()
                {
                    self.push(Command::Save);
                }
                ui.separator();
                if ui.button("Export findings (CSV)…").clicked() {
                    self.push(Command::Export("csv"));
                }
                if ui.button("Export redaction log (CSV)…").clicked() {
                    self.push(Command::Export("log"));
                }
                if ui.button("Export analysis (JSON)…").clicked() {
                    self.push(Command::Export("json"));
                }
                ui.separator();
                if ui.button("Quit").clicked() {
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
            ui.menu_button("Go", |ui| {
                if ui
                    .add(egui::Button::new("Next page").shortcut_text("PgDn / J"))
                    .clicked()
                {
                    self.push(Command::Step(1));
                }
                if ui
                    .add(egui::Button::new("Previous page").shortcut_text("PgUp / K"))
                    .clicked()
                {
                    self.push(Command::Step(-1));
                }
                if ui
                    .add(egui::Button::new("Next redaction").shortcut_text("N"))
                    .clicked()
                {
                    self.push(Command::NextRedaction(false));
                }
                if ui
                    .add(egui::Button::new("Next leak").shortcut_text("L"))
                    .clicked()
                {
                    self.push(Command::NextRedaction(true));
                }
                if ui
                    .add(egui::Button::new("Find…").shortcut_text("Ctrl+F"))
                    .clicked()
                {
                    self.tab = Tab::Search;
                    self.search_focus = true;
                }
            });
            ui.menu_button("View", |ui| {
                if ui
                    .add(egui::Button::new("Zoom in").shortcut_text("Ctrl++"))
                    .clicked()
                {
                    self.push(Command::Zoom(1.25));
                }
                if ui
                    .add(egui::Button::new("Zoom out").shortcut_text("Ctrl+-"))
                    .clicked()
                {
                    self.push(Command::Zoom(0.8));
                }
                if ui
                    .add(egui::Button::new("Fit width").shortcut_text("Ctrl+0"))
                    .clicked()
                {
                    self.push(Command::Zoom(0.0));
                }
                if ui.button("Fit page").clicked() {
                    self.push(Command::Zoom(-1.0));
                }
                ui.separator();
                ui.checkbox(&mut self.show_ocr_words, "Show OCR words")
                    .on_hover_text("boxes around the words read from page pictures: green sure, amber fair, red doubtful, grey an OCR layer in the file");
            });
            self.ocr_menu(ui);
        });
    }

    fn status_bar(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            for (i, f) in self.files.iter().enumerate() {
                let name = f
                    .path
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().to_string());
                match &f.state {
                    FileState::Loading(d, t) => {
                        if ui
                            .selectable_label(i == self.current, format!("{name}:"))
                            .clicked()
                        {
                            self.commands.push(Command::SelectFile(i));
                        }
                        ui.add(
                            egui::ProgressBar::new(if *t == 0 {
                                0.0
                            } else {
                                *d as f32 / *t as f32
                            })
                            .desired_width(120.0)
                            .text(format!("{d}/{t} pages")),
                        )
                        .on_hover_text(format!(
                            "pages analysed ({}); the pages can be read meanwhile",
                            ocr::summary(&f.ocr)
                        ));
                        if ui
                            .small_button("Cancel")
                            .on_hover_text("stop the analysis of this file")
                            .clicked()
                        {
                            self.commands.push(Command::CancelLoad(i));
                        }
                    }
                    FileState::Ready(_) => {
                        if ui.selectable_label(i == self.current, &name).clicked() {
                            self.commands.push(Command::SelectFile(i));
                        }
                    }
                    FileState::Failed(e) => {
                        let t = egui::RichText::new(format!("{name}: {e}")).color(theme::LEAK);
                        if ui.selectable_label(i == self.current, t).clicked() {
                            self.commands.push(Command::SelectFile(i));
                        }
                    }
                }
            }
            ui.separator();
            let resp = ui.add(
                egui::TextEdit::singleline(&mut self.goto)
                    .hint_text("go to page or stamp")
                    .desired_width(150.0),
            );
            if resp.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                let t = std::mem::take(&mut self.goto);
                self.commands.push(Command::GoToText(t));
            }
            ui.separator();
            let stamp = self
                .analysis()
                .and_then(|a| a.label(self.page).map(str::to_string));
            ui.label(format!(
                "page {} of {}{}",
                self.page,
                self.page_count(),
                stamp.map(|s| format!("  ·  {s}")).unwrap_or_default()
            ));
            // How the current page was read, when a machine read it.
            if let Some(line) = self.page_model(self.page).and_then(ocr::page_line) {
                ui.separator();
                ui.label(egui::RichText::new(line).color(theme::OCR_LOW));
            }
            ui.separator();
            ui.label(&self.status);
        });
    }

    fn side_panel(&mut self, ui: &mut egui::Ui) {
        ui.horizontal_wrapped(|ui| {
            for (t, name) in [
                (Tab::Redactions, "Redactions"),
                (Tab::Documents, "Documents"),
                (Tab::People, "People"),
                (Tab::Permits, "Permits"),
                (Tab::Search, "Search"),
                (Tab::Tags, "Tags"),
            ] {
                ui.selectable_value(&mut self.tab, t, name);
            }
        });
        ui.separator();
        let Some(a) = self.analysis().cloned() else {
            if self.files.is_empty() {
                ui.label("Open a production: File > Open files…, or drop PDFs on this window.");
            } else {
                self.loading_panel(ui);
            }
            return;
        };
        // Long lists (thousands of rows on big productions) draw only their visible rows.
        match self.tab {
            Tab::Redactions => self.redactions_tab(ui, &a),
            Tab::Documents => self.documents_tab(ui, &a),
            Tab::Permits => self.permits_tab(ui, &a),
            Tab::People => {
                egui::ScrollArea::vertical().show(ui, |ui| self.people_tab(ui, &a));
            }
            Tab::Search => {
                egui::ScrollArea::vertical().show(ui, |ui| self.search_tab(ui));
            }
            Tab::Tags => {
                egui::ScrollArea::vertical().show(ui, |ui| self.tags_tab(ui, &a));
            }
        }
    }

    fn redactions_tab(&mut self, ui: &mut egui::Ui, a: &FileAnalysis) {
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
        ui.checkbox(&mut self.leaks_only, "Leaks only");
        ui.label("By code (click to filter):");
        let mut counts: Vec<(String, usize)> = Vec::new();
        let mut dismissed = 0;
        for r in &a.redactions {
            if self.is_dismissed(&a.sha256, &r.id) {
                dismissed += 1;
                continue;
            }
            for c in self.codes_of(&a.sha256, r) {
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
                    .selectable_label(self.filter_codes.contains(&code), format!("s.{code} ×{n}"))
                    .on_hover_text(&meaning)
                    .clicked()
                {
                    self.commands.push(Command::FilterCode(code.clone()));
                }
                ui.weak(meaning);
            });
        }
        self.grounds_section(ui, a);
        ui.separator();
        // References, not copies: only the rows on screen are built.
        let all: Vec<&crate::redactions::Redaction> = a
            .redactions
            .iter()
            .filter(|r| self.passes_filters(&a.sha256, r))
            .collect();
        let row_h = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
        egui::ScrollArea::vertical()
            .id_salt("redaction-rows")
            .auto_shrink([false, false])
            .show_rows(ui, row_h, all.len(), |ui, range| {
                for &r in all.get(range).unwrap_or_default() {
                    let key = project::review_key(&a.sha256, &r.id);
                    let mut reviewed = self.project.reviewed.get(&key).copied().unwrap_or(false);
                    ui.horizontal(|ui| {
                        if ui
                            .checkbox(&mut reviewed, "")
                            .on_hover_text("reviewed")
                            .changed()
                        {
                            self.commands.push(Command::Review(key.clone(), reviewed));
                        }
                        let codes = self.codes_of(&a.sha256, r).to_vec();
                        let corrected = codes != r.codes;
                        let dismissed = self.is_dismissed(&a.sha256, &r.id);
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
                            self.commands.push(Command::GoTo(r.page, r.bbox));
                        }
                        ocr::mark(ui, &r.provenance);
                        self.correction_menu(
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

    /// The user's correction of a finding, if any.
    fn correction(&self, sha: &str, id: &str) -> Option<&review::Correction> {
        // Called per finding per frame: free when nothing is corrected.
        if self.project.corrections.is_empty() {
            return None;
        }
        self.project.corrections.get(&project::review_key(sha, id))
    }

    /// Right-click menu of a finding: dismiss or restore it, correct its fields, add a note,
    /// and, for a permit candidate (`confirmable`), confirm it as a link or undo that.
    /// `fields` are (name, label, current value); names are `codes`, `title`, `organization`.
    fn correction_menu(
        &mut self,
        resp: &egui::Response,
        key: &str,
        fields: &[(&'static str, &'static str, String)],
        confirmable: bool,
    ) {
        let current = self
            .project
            .corrections
            .get(key)
            .cloned()
            .unwrap_or_default();
        // Typing in the menu's fields must not close it: close on a click outside only.
        let menu = egui::Popup::context_menu(resp)
            .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside);
        menu.show(|ui| {
            ui.set_min_width(260.0);
            if confirmable && !current.dismissed {
                let (label, confirmed) = if current.confirmed {
                    ("Back to candidate (not a sure link)", false)
                } else {
                    ("Confirm as link (exported as a link)", true)
                };
                if ui.button(label).clicked() {
                    let mut c = current.clone();
                    c.confirmed = confirmed;
                    self.commands.push(Command::Correct(key.to_string(), c));
                    ui.close();
                }
            }
            if current.dismissed {
                if ui.button("Restore (it is right after all)").clicked() {
                    let mut c = current.clone();
                    c.dismissed = false;
                    self.commands.push(Command::Correct(key.to_string(), c));
                    ui.close();
                }
            } else if ui
                .button("Dismiss as wrong (left out of exports)")
                .clicked()
            {
                let mut c = current.clone();
                c.dismissed = true;
                self.commands.push(Command::Correct(key.to_string(), c));
                ui.close();
            }
            for (name, label, value) in fields {
                let buf = self
                    .edits
                    .entry(format!("{key}/{name}"))
                    .or_insert_with(|| value.clone());
                ui.label(*label);
                ui.horizontal(|ui| {
                    ui.add(egui::TextEdit::singleline(buf).desired_width(180.0));
                    if ui.button("Set").clicked() {
                        let mut c = current.clone();
                        match *name {
                            "codes" => c.codes = Some(review::parse_codes(buf)),
                            "title" => c.title = Some(buf.trim().to_string()),
                            _ => c.organization = Some(buf.trim().to_string()),
                        }
                        self.commands.push(Command::Correct(key.to_string(), c));
                        ui.close();
                    }
                });
            }
            let nbuf = self
                .edits
                .entry(format!("{key}/note"))
                .or_insert_with(|| current.note.clone());
            ui.label("Note");
            ui.horizontal(|ui| {
                ui.add(egui::TextEdit::singleline(nbuf).desired_width(180.0));
                if ui.button("Set").clicked() {
                    let mut c = current.clone();
                    c.note = nbuf.trim().to_string();
                    self.commands.push(Command::Correct(key.to_string(), c));
                    ui.close();
                }
            });
            if !current.is_empty() && ui.button("Undo my corrections").clicked() {
                self.edits.retain(|k, _| !k.starts_with(&format!("{key}/")));
                self.commands.push(Command::Correct(
                    key.to_string(),
                    review::Correction::default(),
                ));
                ui.close();
            }
        });
    }

    fn pages_view(&mut self, ui: &mut egui::Ui) {
        let Some(file) = self.files.get(self.current) else {
            ui.centered_and_justified(|ui| {
                ui.label("Dossier — open a production (File > Open files…) or drop PDFs here.");
            });
            return;
        };
        if file.boxes.is_empty() {
            ui.label("Opening…");
            return;
        }
        let boxes = file.boxes.clone();
        let avail = ui.available_width() - 24.0;
        let max_w = boxes
            .iter()
            .map(|(b, r)| geom::PageGeom::unplaced(*b, *r).display_width() as f32)
            .fold(1.0_f32, f32::max);
        let max_h = boxes
            .iter()
            .map(|(b, r)| geom::PageGeom::unplaced(*b, *r).display_height() as f32)
            .fold(1.0_f32, f32::max);
        let zoom = if self.zoom < 0.0 {
            (avail / max_w)
                .min((ui.available_height() - GAP) / max_h)
                .clamp(0.2, 6.0)
        } else if self.zoom == 0.0 {
            (avail / max_w).clamp(0.2, 6.0)
        } else {
            self.zoom
        };
        let bucket = (zoom * 100.0).round() as u32;
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
        let total = y;
        let mut area = egui::ScrollArea::vertical().auto_shrink([false, false]);
        if let Some(p) = self.scroll_to.take()
            && let Some(t) = tops.get(p as usize - 1)
        {
            area = area.vertical_scroll_offset(*t);
        }
        let analysis = self.analysis().cloned();
        let cur = self.current;
        // While the analysis runs (or after it was cancelled): the pages done so far.
        // (Taken out of the file while the pages are drawn, put back after.)
        let partial_store = self
            .files
            .get_mut(cur)
            .map(|f| std::mem::take(&mut f.partial));
        let partial = partial_store
            .as_ref()
            .filter(|p| analysis.is_none() && !p.is_empty());
        let mut want: Vec<(usize, u32, u32, f32)> = Vec::new();
        let mut visible_first = None;
        let mut new_tag: Option<(u32, Rect)> = None;
        area.show_viewport(ui, |ui, viewport| {
            ui.set_min_height(total);
            ui.set_min_width(avail);
            let origin = ui.min_rect().min;
            for (i, (b, rot)) in boxes.iter().enumerate() {
                let top = tops.get(i).copied().unwrap_or(0.0);
                let h = heights.get(i).copied().unwrap_or(0.0);
                if top + h < viewport.min.y || top > viewport.max.y {
                    continue;
                }
                let page = u32::try_from(i + 1).unwrap_or(u32::MAX);
                if visible_first.is_none() && top + h * 0.5 >= viewport.min.y {
                    visible_first = Some(page);
                }
                let w = geom::PageGeom::unplaced(*b, *rot).display_width() as f32 * zoom;
                let rect = ERect::from_min_size(origin + Vec2::new(12.0, top), Vec2::new(w, h));
                let painter = ui.painter_at(rect.expand(4.0));
                painter.rect_filled(rect, 0.0, Color32::WHITE);
                painter.rect_stroke(
                    rect,
                    0.0,
                    Stroke::new(1.0, theme::PAGE_BORDER),
                    StrokeKind::Outside,
                );
                match self.textures.get(&(cur, page, bucket)) {
                    Some(tex) => {
                        painter.image(
                            tex.id(),
                            rect,
                            ERect::from_min_max(Pos2::ZERO, Pos2::new(1.0, 1.0)),
                            Color32::WHITE,
                        );
                    }
                    None => {
                        // A page is drawn once it is read: a page whose images or streams could
                        // make the renderer allocate without bound says so instead.
                        let model = analysis
                            .as_ref()
                            .and_then(|a| a.pages.get(i))
                            .or_else(|| partial.and_then(|p| p.page(page)).map(|p| &p.page));
                        let hazard = model.and_then(crate::pdf::PageModel::render_hazard);
                        let label = match &hazard {
                            Some(why) => format!("page {page} is not drawn: {why}"),
                            None => format!("page {page}"),
                        };
                        painter.text(
                            rect.center(),
                            egui::Align2::CENTER_CENTER,
                            label,
                            egui::FontId::proportional(14.0),
                            theme::MUTED,
                        );
                        if model.is_some() && hazard.is_none() {
                            want.push((cur, page, bucket, zoom));
                        }
                    }
                }
                // The page senses clicks and drags first, so that the overlays drawn on it (with
                // their hover texts) sit above it.
                let resp = ui.interact(
                    rect,
                    ui.scope_id().with(("page", page)),
                    Sense::click_and_drag(),
                );
                // Overlays: PDF points → screen, turned like the rendered page. A page read in a
                // turned frame (PageModel::turn) gives its findings in that frame: its model's
                // crop box and rotation show that frame as the page is drawn.
                let (frame_box, frame_rot) = analysis
                    .as_ref()
                    .and_then(|a| a.pages.get(i))
                    .or_else(|| partial.and_then(|p| p.page(page)).map(|p| &p.page))
                    .filter(|m| m.turn != 0)
                    .map_or((*b, *rot), |m| (m.crop_box, m.rotate));
                let g = geom::PageGeom {
                    page: frame_box,
                    rotate: frame_rot,
                    zoom,
                    origin: rect.min,
                };
                let to_screen = |r: &Rect| g.to_screen(r);
                {
                    if let Some(a) = &analysis {
                        for r in a.redactions.iter().filter(|r| r.page == page) {
                            let Some(bb) = r.bbox else { continue };
                            let sr = to_screen(&bb);
                            let corr = self.correction(&a.sha256, &r.id);
                            let codes = corr.and_then(|c| c.codes.as_ref()).unwrap_or(&r.codes);
                            let (stroke, fill) = if corr.is_some_and(|c| c.dismissed) {
                                (Stroke::new(1.0, theme::MUTED), Color32::TRANSPARENT)
                            } else {
                                theme::redaction_style(r.leaked_text.is_some(), codes)
                            };
                            painter.rect_filled(sr, 1.0, fill);
                            painter.rect_stroke(sr, 1.0, stroke, StrokeKind::Outside);
                            let hover = ui.interact(
                                sr,
                                ui.scope_id().with(("red", page, &r.id)),
                                Sense::hover(),
                            );
                            // Named for screen readers (and tests): "redaction red-p1-1".
                            hover.widget_info(|| {
                                egui::WidgetInfo::labeled(
                                    egui::Role::Unknown,
                                    true,
                                    format!("redaction {}", r.id),
                                )
                            });
                            let mut tip = codes
                                .iter()
                                .map(|c| {
                                    format!(
                                        "s.{c}: {}",
                                        codes::explain(c)
                                            .map_or("unknown code", |i| i.protects.as_str())
                                    )
                                })
                                .collect::<Vec<_>>()
                                .join("\n");
                            if let Some(t) = &r.leaked_text {
                                let place = r.leak_found_in.as_deref().map_or_else(
                                    || "in the file".to_string(),
                                    crate::redactions::hidden::where_found,
                                );
                                tip.push_str(&format!("\nLEAK — still {place}: {t}"));
                            }
                            if !tip.is_empty() {
                                hover.on_hover_text(tip);
                            }
                        }
                        for o in &a.officials {
                            for m in o.mention_list.iter().filter(|m| m.page == page) {
                                if let Some(bb) = m.bbox {
                                    let sr = to_screen(&bb);
                                    painter.line_segment(
                                        [sr.left_bottom(), sr.right_bottom()],
                                        Stroke::new(1.5, theme::PERSON),
                                    );
                                }
                            }
                        }
                        for l in a.permit_links.iter().filter(|l| l.page == page) {
                            if let Some(bb) = l.bbox {
                                let sr = to_screen(&bb);
                                painter.line_segment(
                                    [sr.left_bottom(), sr.right_bottom()],
                                    Stroke::new(2.0, theme::PERMIT),
                                );
                            }
                        }
                        for t in self
                            .project
                            .tags
                            .iter()
                            .filter(|t| t.page == page && t.file_sha256 == a.sha256)
                        {
                            let sr = to_screen(&t.bbox);
                            painter.rect_stroke(
                                sr,
                                2.0,
                                Stroke::new(2.0, theme::TAG),
                                StrokeKind::Inside,
                            );
                        }
                        if let Some(pm) = a.pages.get(i) {
                            ocr::page_overlay(
                                &painter,
                                rect,
                                pm,
                                &resp,
                                to_screen,
                                self.show_ocr_words,
                            );
                        }
                    } else if let Some(pp) = partial.and_then(|p| p.page(page)) {
                        partial::draw_redactions(ui, &painter, pp, to_screen);
                        ocr::page_overlay(
                            &painter,
                            rect,
                            &pp.page,
                            &resp,
                            to_screen,
                            self.show_ocr_words,
                        );
                    }
                    for h in self.hits.iter().filter(|h| h.file == cur && h.page == page) {
                        if let Some(bb) = h.bbox {
                            painter.rect_filled(to_screen(&bb), 1.0, theme::SEARCH);
                        }
                    }
                    if let Some((fp, fb, t)) = self.flash
                        && fp == page
                        && t.elapsed() < Duration::from_millis(1500)
                    {
                        painter.rect_stroke(
                            to_screen(&fb).expand(4.0),
                            3.0,
                            Stroke::new(3.0, theme::FLASH),
                            StrokeKind::Outside,
                        );
                    }
                    // Shift-drag: tag a region. Double-click: tag the line of text under the pointer.
                    if resp.double_clicked()
                        && let Some(pos) = resp.interact_pointer_pos()
                    {
                        let (x, y) = g.to_page(pos);
                        let line = analysis
                            .as_ref()
                            .and_then(|a| a.pages.get(i))
                            .and_then(|p| {
                                p.lines
                                    .iter()
                                    .find(|l| l.bbox.inflate(1.0).contains(Point::new(x, y)))
                            });
                        if let Some(l) = line {
                            new_tag = Some((page, l.bbox));
                        }
                    }
                    if resp.drag_started() && ui.input(|i| i.modifiers.shift) {
                        self.drag = resp.interact_pointer_pos();
                    }
                    if let (Some(start), Some(now)) = (self.drag, resp.interact_pointer_pos()) {
                        painter.rect_stroke(
                            ERect::from_two_pos(start, now),
                            0.0,
                            Stroke::new(1.5, theme::TAG),
                            StrokeKind::Inside,
                        );
                        if resp.drag_stopped() {
                            new_tag = Some((page, g.to_page_rect(start, now)));
                            self.drag = None;
                        }
                    }
                }
            }
        });
        if let (Some(f), Some(p)) = (self.files.get_mut(cur), partial_store) {
            f.partial = p;
        }
        if let Some(p) = visible_first
            && self.scroll_to.is_none()
            && self
                .flash
                .is_none_or(|(_, _, t)| t.elapsed() > Duration::from_millis(300))
        {
            self.page = p;
        }
        if let Some((p, r)) = new_tag {
            self.page = p;
            self.commands.push(Command::AddTag(Some(r)));
        }
        // Bounded memory: keep the textures of pages near the view only.
        let (cur_file, near) = (self.current, self.page);
        self.textures
            .retain(|(f, p, b), _| *f == cur_file && *b == bucket && p.abs_diff(near) <= 12);
        self.requested
            .retain(|(f, p, b)| *f == cur_file && *b == bucket && p.abs_diff(near) <= 12);
        for (f, p, bucket, zoom) in want {
            if self.requested.insert((f, p, bucket))
                && let Some(of) = self.files.get(f)
            {
                self.renderer.request(f, &of.path, p, bucket, zoom);
            }
        }
    }
}

/// `$XDG_CONFIG_HOME/dossier/recent.txt` (or `~/.config/...`): recently opened files.
fn recent_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("dossier").join("recent.txt"))
}

fn load_recent() -> Vec<PathBuf> {
    recent_path()
        .and_then(|p| std::fs::read_to_string(p).ok())
        .map(|t| {
            t.lines()
                .filter(|l| !l.is_empty())
                .map(PathBuf::from)
                .collect()
        })
        .unwrap_or_default()
}

fn save_recent(recent: &[PathBuf]) {
    if let Some(p) = recent_path() {
        if let Some(d) = p.parent() {
            let _ = std::fs::create_dir_all(d);
        }
        let text: Vec<String> = recent.iter().map(|r| r.display().to_string()).collect();
        let _ = std::fs::write(p, text.join("\n"));
    }
}

impl eframe::App for DossierApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.logic_step(ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let started = Instant::now();
        egui::Panel::top("menu").show(ui, |ui| self.menu(ui));
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar(ui));
        egui::Panel::left("side")
            .default_size(380.0)
            .show(ui, |ui| self.side_panel(ui));
        egui::CentralPanel::default().show(ui, |ui| self.pages_view(ui));
        self.apply_commands();
        // `DOSSIER_FRAME_LOG=1`: frame build times on stderr, for measuring big productions.
        if std::env::var_os("DOSSIER_FRAME_LOG").is_some() {
            eprintln!(
                "frame {:.2} ms, page {}, loaded {}",
                started.elapsed().as_secs_f64() * 1000.0,
                self.page,
                self.loaded()
            );
        }
    }

    fn save(&mut self, _storage: &mut dyn eframe::Storage) {
        if self.dirty.is_some() && self.project_path.is_some() {
            self.save_now();
        }
    }
}

/// Opens the window on `paths` (files, folders, or a `.json` project).
pub fn run(
    paths: Vec<PathBuf>,
    permits: Option<PathBuf>,
    ocr: crate::ocr::OcrOptions,
) -> eframe::Result {
    let (projects, pdfs): (Vec<PathBuf>, Vec<PathBuf>) = paths
        .into_iter()
        .partition(|p| p.extension().is_some_and(|e| e == "json"));
    let project = projects.into_iter().next();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([1360.0, 860.0])
            .with_title("Dossier")
            .with_drag_and_drop(true),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    eframe::run_native(
        "Dossier",
        options,
        Box::new(move |cc| {
            theme::apply(&cc.egui_ctx);
            // The project's files are analysed with the command line's OCR options too.
            let mut app = DossierApp::with_ocr(
                Some(cc.egui_ctx.clone()),
                Vec::new(),
                project,
                Box::new(NativeDialogs),
                ocr,
            );
            app.recent = load_recent();
            if let Some(p) = permits {
                app.push(Command::LoadRegistry(p));
                app.apply_commands();
            }
            app.push(Command::Open(pdfs));
            app.apply_commands();
            Ok(Box::new(app))
        }),
    )
}

/// At most `n` characters of `s`, with an ellipsis when cut.
fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n).collect();
        t.push('…');
        t
    }
}
