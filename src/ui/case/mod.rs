//! A case in the app (`dossier CASE.dossier`, File > Open case / New case / Close case): the case
//! panel at the left (productions, case-wide search, people, permits, pages released twice), a
//! production opened from it in the per-file views (its findings and page text from the case,
//! its pages drawn from its PDF when that is still where it was added), PDFs dropped on the
//! window added to the case in the background, and the review written to the case as it is made
//! (with who), not to a project file.
//!
//! - `mod.rs`: the state ([`CaseState`]), the commands ([`CaseCommand`]) and their handler, the
//!   review written through, the hooks the rest of the app calls;
//! - `load.rs`: the threads: a production read from the case (and its PDF), files added;
//! - `panel.rs`: the panel, its productions list and search (and the case's File menu entries,
//!   banner and status bar part); `lists.rs`: people, permits, duplicates.

mod lists;
mod load;
mod panel;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};

use super::{Command, DossierApp, FileState, NoDialogs, OpenFile};
use crate::geometry::Rect;
use crate::store::browse::{self, ProductionCounts, ReviewWrite};
use crate::store::duplicates::Duplicate;
use crate::store::people::{CasePermit, CasePerson};
use crate::store::search::Hits;
use crate::store::{Case, adding};

pub(super) use lists::empty_hint;
pub(super) use panel::{banner, file_menu, overview_note, status, ui};

/// What the user asks of the case; applied by [`DossierApp`] like any [`Command`].
#[derive(Debug, Clone)]
pub enum CaseCommand {
    /// Open a case (created when the file does not exist), closing what is open.
    Open(PathBuf),
    /// File > Open case…: ask which.
    AskOpen,
    /// File > New case…: ask where.
    AskNew,
    /// Close the case (and its productions).
    Close,
    /// Add PDFs (files or folders) to the open case, in the background.
    Add(Vec<PathBuf>),
    /// Stop adding after the file being analysed (which is dropped).
    CancelAdd,
    /// Open production `id` in the per-file views, at a page (flashing a box) when given.
    OpenProduction {
        /// The production's row id.
        id: i64,
        /// The page to go to.
        page: Option<u32>,
        /// A person's identity whose mention on that page is flashed.
        person: Option<String>,
    },
    /// Search every page of every production.
    Search(String),
    /// Read the lists again from the case (after adding, or a review change).
    Refresh,
}

/// The side of the case panel shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseView {
    /// The productions.
    Productions,
    /// Case-wide search.
    Search,
    /// People across productions.
    People,
    /// Permits across productions.
    Permits,
    /// Pages released more than once.
    Duplicates,
}

/// A production opened from the case whose PDF is not where it was added (or changed since).
pub(super) struct PdfNote {
    pub(super) load: u64,
    /// The path of a file with the production's bytes, when one was found.
    pub(super) found: Option<PathBuf>,
    /// What to tell the user otherwise.
    pub(super) missing: Option<String>,
}

/// Files being added in the background.
pub(super) struct Adding {
    rx: Receiver<load::AddMsg>,
    cancel: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// File number, total, its name.
    file: (usize, usize, String),
    /// Pages done of the current file.
    pages: (usize, usize),
}

/// The open case.
pub struct CaseState {
    /// Where it is.
    pub path: PathBuf,
    case: Case,
    /// Its productions with their counts.
    pub productions: Vec<ProductionCounts>,
    /// People across productions.
    pub people: Vec<CasePerson>,
    /// Permits across productions.
    pub permits: Vec<CasePermit>,
    /// Pages released more than once (read when the list is first shown).
    pub duplicates: Option<Vec<Duplicate>>,
    /// The side of the panel shown.
    pub view: CaseView,
    /// The search box.
    pub query: String,
    /// The last search: its hits, or why it could not run.
    pub hits: Option<Result<Hits, String>>,
    /// The filter of the people and permits lists.
    pub filter: String,
    /// Who the review is written as (`$USER` unless set).
    pub reviewer: String,
    /// What went wrong last (reading the case, adding files), for the panel.
    pub errors: Vec<String>,
    /// Files added last, for the panel's summary.
    pub last_added: Option<adding::AddSummary>,
    /// The open file of each production opened.
    pub(super) files: HashMap<i64, usize>,
    /// Where to go once a production being opened is read: (file, page, person).
    pub(super) pending: Option<(usize, u32, Option<String>)>,
    /// Why the pages of an open file are not drawn, by file.
    pub(super) missing: HashMap<usize, String>,
    pub(super) notes_tx: Sender<PdfNote>,
    pub(super) notes_rx: Receiver<PdfNote>,
    pub(super) adding: Option<Adding>,
    /// Files given while others were being added: added next.
    pub(super) queued: Vec<PathBuf>,
}

impl CaseState {
    fn open(path: &Path) -> crate::store::Result<CaseState> {
        let case = Case::create_or_open(path)?;
        let (notes_tx, notes_rx) = channel();
        let mut s = CaseState {
            path: path.to_path_buf(),
            case,
            productions: Vec::new(),
            people: Vec::new(),
            permits: Vec::new(),
            duplicates: None,
            view: CaseView::Productions,
            query: String::new(),
            hits: None,
            filter: String::new(),
            reviewer: crate::store::reviewer(None),
            errors: Vec::new(),
            last_added: None,
            files: HashMap::new(),
            pending: None,
            missing: HashMap::new(),
            notes_tx,
            notes_rx,
            adding: None,
            queued: Vec::new(),
        };
        s.refresh()?;
        Ok(s)
    }

    /// Reads the lists again.
    fn refresh(&mut self) -> crate::store::Result<()> {
        self.productions = self.case.production_counts()?;
        self.people = self.case.people()?;
        self.permits = self.case.permits()?;
        if self.duplicates.is_some() {
            self.duplicates = Some(self.case.duplicates()?);
        }
        Ok(())
    }

    /// The production whose bytes have this hash.
    pub fn production_by_sha(&self, sha256: &str) -> Option<&ProductionCounts> {
        self.productions
            .iter()
            .find(|p| p.production.sha256 == sha256)
    }

    /// The open case.
    pub fn case(&self) -> &Case {
        &self.case
    }

    /// Files are being added.
    pub fn is_adding(&self) -> bool {
        self.adding.is_some()
    }
}

/// The commands for paths dropped on the window at once: a case opens; PDFs and folders are added
/// to the open case in one batch, or opened as files when no case is open.
pub(super) fn dropped(case_open: bool, paths: Vec<PathBuf>) -> Vec<Command> {
    let (cases, files): (Vec<PathBuf>, Vec<PathBuf>) =
        paths.into_iter().partition(|p| browse::is_case_path(p));
    let mut out: Vec<Command> = Vec::new();
    if let Some(c) = cases.into_iter().next() {
        // The case first: the files go into it.
        out.push(Command::Case(CaseCommand::Open(c)));
        if !files.is_empty() {
            out.push(Command::Case(CaseCommand::Add(files)));
        }
    } else if case_open {
        if !files.is_empty() {
            out.push(Command::Case(CaseCommand::Add(files)));
        }
    } else if !files.is_empty() {
        out.push(Command::Open(files));
    }
    out
}

/// The review key of `key` names a finding (`file:finding`); tag ids have no file part.
fn is_finding_key(key: &str) -> bool {
    key.contains(':')
}

impl DossierApp {
    /// Applies a case command.
    pub(super) fn apply_case(&mut self, c: CaseCommand) {
        match c {
            CaseCommand::Open(path) => self.open_case(&path),
            CaseCommand::AskOpen => {
                if let Some(p) = self.dialogs.open_case() {
                    self.open_case(&p);
                }
            }
            CaseCommand::AskNew => {
                if let Some(mut p) = self.dialogs.save_file("inquiry.dossier", "dossier") {
                    if p.extension().is_none() {
                        p.set_extension(browse::EXTENSION);
                    }
                    if p.exists() {
                        self.status = format!(
                            "{} exists: File > Open case… opens it (a new case needs a new file)",
                            p.display()
                        );
                    } else {
                        self.open_case(&p);
                    }
                }
            }
            CaseCommand::Close => {
                if let Some(s) = &self.case {
                    let shown = s.path.display().to_string();
                    self.reset();
                    self.status = format!("closed the case {shown}");
                }
            }
            CaseCommand::Add(paths) => self.add_to_case(paths),
            CaseCommand::CancelAdd => {
                if let Some(a) = self.case.as_ref().and_then(|s| s.adding.as_ref()) {
                    a.cancel.store(true, std::sync::atomic::Ordering::Relaxed);
                    self.status =
                        "stopping: the file being analysed is dropped, the ones added stay"
                            .to_string();
                }
            }
            CaseCommand::OpenProduction { id, page, person } => {
                self.open_production(id, page, person)
            }
            CaseCommand::Search(q) => {
                if let Some(s) = &mut self.case {
                    s.query = q.clone();
                    s.view = CaseView::Search;
                    let found = s.case.search(&q, 500).map_err(|e| e.to_string());
                    self.status = match &found {
                        Ok(h) => format!("{} page(s) match \"{}\" in the case", h.total, q.trim()),
                        Err(e) => e.clone(),
                    };
                    s.hits = Some(found);
                }
            }
            CaseCommand::Refresh => self.refresh_case(),
        }
    }

    /// Everything closed: no case, no files, no review; the settings stay.
    fn reset(&mut self) {
        if let Some(a) = self.case.as_ref().and_then(|s| s.adding.as_ref()) {
            a.cancel.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        for f in &self.files {
            f.cancel.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        let dialogs = std::mem::replace(&mut self.dialogs, Box::new(NoDialogs));
        let mut fresh = DossierApp::with_ocr(
            self.ctx.clone(),
            Vec::new(),
            None,
            dialogs,
            self.ocr.clone(),
        );
        fresh.recent = std::mem::take(&mut self.recent);
        fresh.next_load = self.next_load;
        *self = fresh;
    }

    /// Opens the case at `path` (created when absent), closing what was open: its review becomes
    /// the app's, its registry the app's.
    pub(super) fn open_case(&mut self, path: &Path) {
        self.reset();
        let opened = CaseState::open(path).and_then(|s| {
            let project = s.case.review_project()?;
            let registry = s.case.registry()?;
            Ok((s, project, registry))
        });
        match opened {
            Ok((s, project, registry)) => {
                self.status = format!(
                    "case {}: {} production(s); the review is written to it as you go",
                    path.display(),
                    s.productions.len()
                );
                self.project = project;
                self.registry = registry.map(|(_, r)| std::sync::Arc::new(r));
                self.case = Some(s);
            }
            Err(e) => self.status = format!("could not open the case {}: {e}", path.display()),
        }
    }

    fn refresh_case(&mut self) {
        if let Some(s) = &mut self.case
            && let Err(e) = s.refresh()
        {
            s.errors.push(format!("could not read the case: {e}"));
        }
    }

    /// Opens production `id` (or selects it when open), then goes to `page`.
    fn open_production(&mut self, id: i64, page: Option<u32>, person: Option<String>) {
        let Some(s) = &mut self.case else {
            return;
        };
        if let Some(&file) = s.files.get(&id) {
            s.pending = Some((file, page.unwrap_or(1), person));
            self.apply(Command::SelectFile(file));
            self.case_goto();
            return;
        }
        let Some(p) = s.productions.iter().find(|p| p.production.id == id) else {
            return;
        };
        let p = p.production.clone();
        // The first of its paths that exists (the loader checks its bytes).
        let shown = std::iter::once(&p.path)
            .chain(&p.other_paths)
            .find(|x| x.is_file())
            .unwrap_or(&p.path)
            .clone();
        self.next_load += 1;
        let load = self.next_load;
        let file = self.files.len();
        self.files.push(OpenFile {
            path: shown,
            state: FileState::Loading(0, 0),
            boxes: Vec::new(),
            ocr: self.ocr.clone(),
            load,
            cancel: Default::default(),
            partial: Default::default(),
            pages_received: 0,
        });
        s.files.insert(id, file);
        s.pending = Some((file, page.unwrap_or(1), person));
        let job = load::ProductionJob {
            case: s.path.clone(),
            production: p,
            load,
            tx: self.loader_tx.clone(),
            notes: s.notes_tx.clone(),
            ctx: self.ctx.clone(),
            ocr: super::ocr::effective(&self.ocr),
        };
        if let Err(e) = std::thread::Builder::new()
            .name(format!("case-production-{id}"))
            .spawn(move || load::production(job))
            && let Some(f) = self.files.get_mut(file)
        {
            f.state = FileState::Failed(format!("could not start reading the production: {e}"));
        }
        self.current = file;
        self.page = 1;
        self.scroll_to = Some(1);
    }

    /// Goes where the last production opened asked, once it is read.
    fn case_goto(&mut self) {
        let Some((file, page, person)) = self.case.as_ref().and_then(|s| s.pending.clone()) else {
            return;
        };
        let Some(f) = self.files.get(file) else {
            return;
        };
        let FileState::Ready(a) = &f.state else {
            if matches!(f.state, FileState::Failed(_))
                && let Some(s) = &mut self.case
            {
                s.pending = None;
            }
            return;
        };
        // A person's mention on the page is flashed.
        let bbox: Option<Rect> = person.as_ref().and_then(|who| {
            a.officials
                .iter()
                .filter(|o| &crate::officials::identity_key(&o.name) == who)
                .flat_map(|o| o.mention_list.iter())
                .find(|m| m.page == page)
                .and_then(|m| m.bbox)
        });
        if let Some(s) = &mut self.case {
            s.pending = None;
        }
        self.current = file;
        self.apply(Command::GoTo(page, bbox));
    }

    /// Adds PDFs to the open case in the background, one production at a time.
    fn add_to_case(&mut self, paths: Vec<PathBuf>) {
        let registry = self.registry.clone();
        let ocr = super::ocr::effective(&self.ocr);
        let ctx = self.ctx.clone();
        let Some(s) = &mut self.case else {
            self.status = "no case is open: File > New case… first".to_string();
            return;
        };
        if s.adding.is_some() {
            s.queued.extend(paths);
            self.status = "queued: added after the files being added now".to_string();
            return;
        }
        let mut files = Vec::new();
        for input in crate::cli::collect_inputs(&paths) {
            match input {
                Ok(p) => files.push(std::fs::canonicalize(&p).unwrap_or(p)),
                Err(e) => s.errors.push(e.to_string()),
            }
        }
        if files.is_empty() {
            self.status = "no PDF in what was given".to_string();
            return;
        }
        let options = crate::analysis::Options {
            registry,
            ocr,
            ..Default::default()
        };
        match load::start_adding(s.path.clone(), files, options, ctx) {
            Ok(a) => {
                self.status = format!("adding {} file(s) to the case…", a.file.1);
                s.adding = Some(a);
            }
            Err(e) => self.status = format!("could not start adding: {e}"),
        }
    }

    /// The case's work at each frame: files being added, productions read, where to go.
    pub(super) fn case_logic(&mut self) {
        let Some(s) = &mut self.case else {
            return;
        };
        while let Ok(n) = s.notes_rx.try_recv() {
            if let Some((i, f)) = self
                .files
                .iter_mut()
                .enumerate()
                .find(|(_, f)| f.load == n.load)
            {
                if let Some(p) = n.found {
                    f.path = p;
                }
                match n.missing {
                    Some(m) => s.missing.insert(i, m),
                    None => s.missing.remove(&i),
                };
            }
        }
        if let Some(line) = self.receive_adding() {
            self.status = line;
        }
        if let Some(s) = &mut self.case
            && s.adding.is_none()
            && !s.queued.is_empty()
        {
            let next = std::mem::take(&mut s.queued);
            self.add_to_case(next);
        }
        self.case_goto();
    }

    /// Writes the review of `keys` (review keys of findings, tag ids) as the app holds it now to
    /// the open case; nothing without a case.
    pub(super) fn case_write<S: AsRef<str>>(&mut self, keys: &[S]) {
        let Some(s) = &mut self.case else {
            return;
        };
        let mut writes = Vec::new();
        for k in keys {
            let k = k.as_ref();
            if is_finding_key(k) {
                let reviewed = self.project.reviewed.get(k).copied().unwrap_or(false);
                writes.push(ReviewWrite::Reviewed(k.to_string(), reviewed));
                let c = self.project.corrections.get(k).cloned().unwrap_or_default();
                writes.push(ReviewWrite::Correction(k.to_string(), c));
            } else {
                match self.project.tags.iter().find(|t| t.id == k) {
                    Some(t) => writes.push(ReviewWrite::Tag(t.clone())),
                    None => writes.push(ReviewWrite::RemoveTag(k.to_string())),
                }
            }
        }
        match s.case.write_review(&writes, &s.reviewer) {
            Ok(_) => {
                // Written: nothing left for a project file to save.
                self.dirty = None;
                // Dismissals and corrections change the case-wide lists.
                if keys.iter().any(|k| is_finding_key(k.as_ref()))
                    && let Err(e) = s.refresh()
                {
                    s.errors.push(format!("could not read the case: {e}"));
                }
            }
            Err(e) => {
                self.status = format!("could not write the review to the case: {e}");
                s.errors.push(self.status.clone());
            }
        }
    }

    /// A registry loaded while a case is open is kept in the case; `true` when it was.
    pub(super) fn case_registry(&mut self, path: &Path) -> bool {
        let (Some(s), Some(reg)) = (&self.case, &self.registry) else {
            return false;
        };
        self.status = match s.case.save_registry(path, reg) {
            Ok(()) => format!(
                "registry {} kept in the case: productions added from now on are linked to it \
                 (`dossier case reanalyse --all` links those already in)",
                path.display()
            ),
            Err(e) => format!("could not keep the registry in the case: {e}"),
        };
        true
    }

    /// Why the pages of the current file are not drawn, when it is a case production whose PDF
    /// is missing.
    pub(super) fn case_missing_pdf(&self) -> Option<&str> {
        self.case
            .as_ref()?
            .missing
            .get(&self.current)
            .map(String::as_str)
    }
}
