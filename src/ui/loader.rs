//! The loader thread of a file: the page boxes first, then the analysis, with its progress and
//! each page as it is done sent to the app over a channel.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

use crate::analysis::{self, FileAnalysis, Options, Progress};
use crate::geometry::Rect;
use crate::pdf::{Limits, PageModel, SourcePdf};
use crate::redactions::Redaction;

/// Messages of a loader thread, by load id ([`super::OpenFile`]).
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
