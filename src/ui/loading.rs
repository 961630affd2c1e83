//! Opening files and analysing them in the background: a loader thread per file sends its page
//! boxes first, then its progress and each page as it is done, then the whole analysis; the app
//! takes them in at each frame ([`DossierApp::receive_loads`]). Also the project opened at start
//! and the list of recently opened files.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

use super::{DossierApp, ocr, partial};
use crate::analysis::{self, FileAnalysis, Options, Progress};
use crate::geometry::Rect;
use crate::pdf::{Limits, PageModel, SourcePdf};
use crate::project::{self, Project};
use crate::redactions::Redaction;

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
    pub(super) load: u64,
    /// Set to stop the current analysis.
    pub(super) cancel: Arc<AtomicBool>,
    /// Pages of the current analysis done so far, shown until it ends (kept when cancelled).
    pub(super) partial: partial::Partial,
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

/// Messages of a loader thread, by load id ([`OpenFile`]).
pub(super) enum LoadMsg {
    Boxes(u64, Vec<(Rect, u16)>),
    Progress(u64, usize, usize),
    Page(u64, Box<PageModel>, Vec<Redaction>),
    Done(u64, Box<Result<FileAnalysis, String>>),
}

struct ChannelProgress {
    tx: Sender<LoadMsg>,
    load: u64,
    ctx: Option<egui::Context>,
    last: std::sync::Mutex<Instant>,
    cancel: Arc<AtomicBool>,
}

impl Progress for ChannelProgress {
    fn pages_done(&self, done: usize, total: usize) {
        // Throttled: at most ~20 updates a second (the first and the last always sent).
        if let Ok(mut last) = self.last.lock()
            && (last.elapsed() > Duration::from_millis(50) || done == total || done == 0)
        {
            *last = Instant::now();
            let _ = self.tx.send(LoadMsg::Progress(self.load, done, total));
            if let Some(c) = &self.ctx {
                c.request_repaint();
            }
        }
    }

    fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    fn page_ready(&self, page: &PageModel, redactions: &[Redaction]) {
        // One clone per page (its bitmaps are already dropped); the app shows it at once.
        let msg = LoadMsg::Page(self.load, Box::new(page.clone()), redactions.to_vec());
        let _ = self.tx.send(msg);
        if let Some(c) = &self.ctx {
            c.request_repaint();
        }
    }
}

pub(super) fn load_file(
    load: u64,
    path: &Path,
    tx: Sender<LoadMsg>,
    ctx: Option<egui::Context>,
    options: Options,
    cancel: Arc<AtomicBool>,
) {
    // The page boxes first, so the pages can be laid out (and page 1 rendered) at once.
    if let Ok(bytes) = std::fs::read(path)
        && let Ok(src) = SourcePdf::open(&bytes, &Limits::default())
    {
        let n = u32::try_from(src.page_count()).unwrap_or(u32::MAX);
        let boxes = (1..=n).map(|p| src.page_box(p)).collect();
        let _ = tx.send(LoadMsg::Boxes(load, boxes));
        if let Some(c) = &ctx {
            c.request_repaint();
        }
    }
    let progress = ChannelProgress {
        tx: tx.clone(),
        load,
        ctx: ctx.clone(),
        last: std::sync::Mutex::new(Instant::now()),
        cancel,
    };
    let result = analysis::analyze_file(path, &options, &progress).map_err(|e| e.to_string());
    let _ = tx.send(LoadMsg::Done(load, Box::new(result)));
    if let Some(c) = &ctx {
        c.request_repaint();
    }
}

impl DossierApp {
    /// Reads the project at `pp` (when it exists) into the app, and adds its files to `to_open`;
    /// a project that cannot be read falls back to its backup, and says so in the status line.
    pub(super) fn load_project(&mut self, pp: PathBuf, to_open: &mut Vec<PathBuf>) {
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
                    self.page = p.view.page.max(1);
                    self.zoom = p.view.zoom;
                    self.current = p.view.file;
                    self.scroll_to = Some(self.page);
                    self.project = p;
                }
                Err(e) => {
                    // Never silently empty: say what happened and offer the backup.
                    self.status = match Project::load_backup(&pp) {
                        Ok(b) => {
                            self.project = b;
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
        self.project_path = Some(pp);
    }

    /// Opens files (folders: the PDFs in them), each analysed in the background; a file already
    /// open is skipped.
    pub(super) fn open(&mut self, paths: Vec<PathBuf>) {
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
    pub(super) fn start_load(&mut self, idx: usize) {
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

    /// Takes in what the loader threads sent since the last frame.
    pub(super) fn receive_loads(&mut self) {
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
    }
}

/// `$XDG_CONFIG_HOME/dossier/recent.txt` (or `~/.config/...`): recently opened files.
fn recent_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("dossier").join("recent.txt"))
}

pub(super) fn load_recent() -> Vec<PathBuf> {
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
