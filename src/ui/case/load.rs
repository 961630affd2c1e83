//! The case's threads: a production read from the case for the per-file views (its stored
//! findings and page text; its PDF's page boxes and text geometry when the PDF with its bytes is
//! still at one of its paths), and files added to the case one production at a time.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Sender, channel};

use rayon::prelude::*;

use super::super::loading::LoadMsg;
use super::{Adding, DossierApp, PdfNote};
use crate::analysis::{self, FileAnalysis, Options, Progress};
use crate::geometry::Rect;
use crate::pdf::{Limits, SourcePdf};
use crate::store::adding::{self, AddProgress, AddSummary, Outcome};
use crate::store::{Case, Production};

/// A production to read.
pub(super) struct ProductionJob {
    pub(super) case: PathBuf,
    pub(super) production: Production,
    pub(super) load: u64,
    pub(super) tx: Sender<LoadMsg>,
    pub(super) notes: Sender<PdfNote>,
    pub(super) ctx: Option<egui::Context>,
    /// The app's OCR settings: pages read by OCR come back from the OCR cache when these
    /// settings read them before.
    pub(super) ocr: crate::ocr::OcrOptions,
}

/// A US Letter page, for a production whose PDF is not there to say its size.
const LETTER: Rect = Rect {
    x0: 0.0,
    y0: 0.0,
    x1: 612.0,
    y1: 792.0,
};

/// The first of the production's paths holding its bytes, with them.
fn find_pdf(p: &Production) -> Option<(PathBuf, Vec<u8>)> {
    std::iter::once(&p.path)
        .chain(&p.other_paths)
        .find_map(|path| {
            let bytes = std::fs::read(path).ok()?;
            (analysis::sha256_hex(&bytes) == p.sha256).then(|| (path.clone(), bytes))
        })
}

/// Reads production `job.production` from the case and hands it to the app as a loaded file:
/// its page boxes, then the analysis (through the app's loader channel).
pub(super) fn production(job: ProductionJob) {
    let wake = || {
        if let Some(c) = &job.ctx {
            c.request_repaint();
        }
    };
    let read = Case::open(&job.case).and_then(|c| c.analysis(job.production.id));
    let mut a = match read {
        Ok(Some(a)) => a,
        Ok(None) => {
            let _ = job.tx.send(LoadMsg::Done(
                job.load,
                Box::new(Err("the case no longer holds this production".into())),
            ));
            wake();
            return;
        }
        Err(e) => {
            let _ = job
                .tx
                .send(LoadMsg::Done(job.load, Box::new(Err(e.to_string()))));
            wake();
            return;
        }
    };
    let pdf = find_pdf(&job.production);
    let missing = pdf.is_none().then(|| {
        format!(
            "The PDF is not at {} any more (or it changed since it was added): its pages are not \
             drawn; the findings and the text come from the case.",
            job.production.path.display()
        )
    });
    let _ = job.notes.send(PdfNote {
        load: job.load,
        found: pdf.as_ref().map(|(p, _)| p.clone()),
        missing: missing.clone(),
    });
    let bytes = pdf.map(|(_, b)| b).unwrap_or_default();
    match SourcePdf::open(&bytes, &Limits::default())
        .ok()
        .filter(|_| missing.is_none())
    {
        Some(src) => {
            let n = u32::try_from(src.page_count()).unwrap_or(u32::MAX);
            let boxes = (1..=n).map(|p| src.page_box(p)).collect();
            let _ = job.tx.send(LoadMsg::Boxes(job.load, boxes));
            wake();
            let sha = a.sha256.clone();
            let reader = crate::ocr::Reader::new(&src, &bytes, &sha, &job.ocr);
            with_geometry(&mut a, &src, &reader, &job);
        }
        None => {
            let why = missing.unwrap_or_else(|| "the PDF could not be read".to_string());
            for p in &mut a.pages {
                p.crop_box = LETTER;
                p.media_box = LETTER;
                p.stream_hazard = Some(why.clone());
            }
            let boxes = a.pages.iter().map(|p| (p.crop_box, 0)).collect();
            let _ = job.tx.send(LoadMsg::Boxes(job.load, boxes));
        }
    }
    let _ = job.tx.send(LoadMsg::Done(job.load, Box::new(Ok(a))));
    wake();
}

/// The stored pages of `a` with the PDF's geometry: each page read again from the file (no
/// detector; OCR only from its cache), so that the overview's shares, search boxes and tagging
/// by region work; a page without text in the file nor in the OCR cache keeps the case's text
/// (without geometry), and a page the analysis read turned keeps its stored reading.
fn with_geometry(
    a: &mut FileAnalysis,
    src: &SourcePdf,
    reader: &crate::ocr::Reader<'_>,
    job: &ProductionJob,
) {
    let total = a.pages.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let progress = |n: usize| {
        if n.is_multiple_of(25) || n == total {
            let _ = job.tx.send(LoadMsg::Progress(job.load, n, total));
            if let Some(c) = &job.ctx {
                c.request_repaint();
            }
        }
    };
    let read: Vec<_> = a
        .pages
        .par_iter()
        .map(|stored| {
            let mut page = src.extract_page_without_bitmaps(stored.number);
            if let Some(entry) = reader.cached_page(stored.number) {
                reader.apply_cached(&mut page, entry);
            }
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            progress(n);
            if stored.turn != 0 {
                let mut kept = stored.clone();
                (kept.crop_box, kept.media_box) = (page.crop_box, page.media_box);
                return kept;
            }
            if page.lines.is_empty() {
                page.lines = stored.lines.clone();
            }
            page.number = stored.number;
            page
        })
        .collect();
    a.pages = read;
}

/// What the adding thread says.
pub(super) enum AddMsg {
    /// File `n` of `total` starts.
    File(usize, usize, PathBuf),
    /// Pages done of the current file.
    Pages(usize, usize),
    /// A file is done (added, known already, or failed).
    Done(Outcome),
    /// Every file is done (or adding was cancelled).
    Finished(AddSummary),
}

struct ToApp {
    tx: Sender<AddMsg>,
    cancel: Arc<AtomicBool>,
    ctx: Option<egui::Context>,
    last: std::sync::Mutex<std::time::Instant>,
}

impl ToApp {
    fn send(&self, m: AddMsg) {
        let _ = self.tx.send(m);
        if let Some(c) = &self.ctx {
            c.request_repaint();
        }
    }
}

impl Progress for ToApp {
    fn pages_done(&self, done: usize, total: usize) {
        if let Ok(mut last) = self.last.lock()
            && (last.elapsed() > std::time::Duration::from_millis(100) || done == total)
        {
            *last = std::time::Instant::now();
            self.send(AddMsg::Pages(done, total));
        }
    }
    fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

impl AddProgress for ToApp {
    fn file_started(&self, number: usize, total: usize, path: &std::path::Path) {
        self.send(AddMsg::File(number, total, path.to_path_buf()));
    }
    fn file_done(&self, _number: usize, _total: usize, outcome: &Outcome) {
        self.send(AddMsg::Done(outcome.clone()));
    }
}

/// Starts adding `files` to the case at `case` in a thread of its own (its own connection).
pub(super) fn start_adding(
    case: PathBuf,
    files: Vec<PathBuf>,
    options: Options,
    ctx: Option<egui::Context>,
) -> std::io::Result<Adding> {
    let (tx, rx) = channel();
    let cancel = Arc::new(AtomicBool::new(false));
    let total = files.len();
    let first = files
        .first()
        .and_then(|f| f.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let to_app = ToApp {
        tx,
        cancel: cancel.clone(),
        ctx,
        last: std::sync::Mutex::new(std::time::Instant::now()),
    };
    std::thread::Builder::new()
        .name("case-add".into())
        .spawn(move || {
            let summary = match Case::open(&case) {
                Ok(mut c) => adding::add_files(&mut c, &files, &options, &to_app),
                Err(e) => AddSummary {
                    failed: files
                        .iter()
                        .map(|p| adding::Failed {
                            path: p.clone(),
                            error: e.to_string(),
                        })
                        .collect(),
                    ..Default::default()
                },
            };
            to_app.send(AddMsg::Finished(summary));
        })?;
    Ok(Adding {
        rx,
        cancel,
        file: (1, total, first),
        pages: (0, 0),
    })
}

impl DossierApp {
    /// Takes in what the adding thread said; a line for the status bar when something ended.
    pub(super) fn receive_adding(&mut self) -> Option<String> {
        let s = self.case.as_mut()?;
        let a = s.adding.as_mut()?;
        let mut line = None;
        let mut changed = false;
        let mut finished = None;
        while let Ok(m) = a.rx.try_recv() {
            match m {
                AddMsg::File(n, total, path) => {
                    let name = path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    (a.file, a.pages) = ((n, total, name), (0, 0));
                }
                AddMsg::Pages(d, t) => a.pages = (d, t),
                AddMsg::Done(o) => {
                    changed |= matches!(o, Outcome::Added(_) | Outcome::Already(_));
                    line = Some(match o {
                        Outcome::Added(x) => {
                            format!("added {} ({} pages) to the case", x.path.display(), x.pages)
                        }
                        Outcome::Already(x) => {
                            format!("{}: already in the case", x.path.display())
                        }
                        Outcome::Failed(f) => format!("{}: {}", f.path.display(), f.error),
                    });
                }
                AddMsg::Finished(summary) => finished = Some(summary),
            }
        }
        if let Some(summary) = finished {
            s.adding = None;
            for f in &summary.failed {
                s.errors
                    .push(format!("could not add {}: {}", f.path.display(), f.error));
            }
            line = Some(format!(
                "case: {} added, {} already in it, {} failed{}",
                summary.added.len(),
                summary.already.len(),
                summary.failed.len(),
                if summary.cancelled.is_empty() {
                    String::new()
                } else {
                    format!(", {} not added (cancelled)", summary.cancelled.len())
                }
            ));
            s.last_added = Some(summary);
            changed = true;
        }
        if changed && let Err(e) = s.refresh() {
            s.errors.push(format!("could not read the case: {e}"));
        }
        line
    }
}
