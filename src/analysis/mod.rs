//! Orchestration: the one entry point the CLI, the GUI and the tests call.
//!
//! [`analyze_file`] reads a file, extracts its pages in parallel, runs the page-level detectors while
//! each page's image data is still in memory, then the whole-file detectors, and returns one
//! immutable [`FileAnalysis`]. Nothing here knows about egui or the terminal.

pub mod context;
pub mod overview;
mod provenance;
pub mod releases;

pub use releases::{compare, repeated};

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use crate::documents::{self, Document};
use crate::error::{Error, FileError, Result};
use crate::ocr::{self, OcrOptions};
use crate::officials::{self, Official, Roster};
use crate::page_labels;
use crate::pdf::{Held, Limits, PageModel, SourcePdf};
use crate::permits::{self, PermitLink, Registry};
use crate::redactions::grounds::{self, Grounds};
use crate::redactions::{self, Redaction};

/// What to analyse with.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The user's permit registry; no permit links without one.
    pub registry: Option<Arc<Registry>>,
    /// Known people; detection never depends on it.
    pub roster: Option<Arc<Roster>>,
    /// Resource bounds.
    pub limits: Limits,
    /// OCR of page pictures.
    pub ocr: OcrOptions,
}

/// Reports progress and asks whether to stop; called from worker threads.
pub trait Progress: Sync {
    /// `done` of `total` pages are extracted.
    fn pages_done(&self, done: usize, total: usize);
    /// The caller wants the analysis to stop.
    fn is_cancelled(&self) -> bool {
        false
    }
    /// Page `page` is read (OCR included) and its page-level redactions found (ids not yet
    /// given: they are numbered once every page is done). Pages arrive in any order, from worker
    /// threads; a viewer can show them before the whole file is done.
    fn page_ready(&self, page: &PageModel, redactions: &[Redaction]) {
        let _ = (page, redactions);
    }
}

/// A [`Progress`] that ignores everything.
pub struct NoProgress;

impl Progress for NoProgress {
    fn pages_done(&self, _done: usize, _total: usize) {}
}

/// Everything found in one file. Immutable once built.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileAnalysis {
    /// The file as given.
    pub path: PathBuf,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
    /// Page models, in page order.
    pub pages: Vec<PageModel>,
    /// The release stamp of each page, `None` where there is none.
    pub page_labels: Vec<Option<String>>,
    /// Documents in page order.
    pub documents: Vec<Document>,
    /// Redactions in page order.
    pub redactions: Vec<Redaction>,
    /// People, sorted by name.
    pub officials: Vec<Official>,
    /// Sure permit links (by number, serial, or an unambiguous context), in page order: what
    /// counts as a link.
    pub permit_links: Vec<PermitLink>,
    /// Permit candidates (context that fits several permits alike, or fits weakly), in page
    /// order, with their evidence and score: never counted as links until a reviewer confirms
    /// one (see [`crate::project::review`]).
    #[serde(default)]
    pub permit_candidates: Vec<PermitLink>,
    /// The grounds the production's statements claim, laid over the codes stamped on its
    /// redactions (see [`crate::redactions::grounds`]).
    #[serde(default)]
    pub grounds: Grounds,
    /// Problems that did not stop the analysis, `page N: ...`.
    pub warnings: Vec<String>,
}

impl FileAnalysis {
    /// The stamp of page `page` (1-based), if any.
    pub fn label(&self, page: u32) -> Option<&str> {
        let i = usize::try_from(page).ok()?.checked_sub(1)?;
        self.page_labels.get(i)?.as_deref()
    }

    /// A box of page `page` as found (in the page's reading frame, see [`PageModel::turn`]) in
    /// the page's default user space, as exports give boxes.
    pub fn user_box(&self, page: u32, r: &crate::geometry::Rect) -> crate::geometry::Rect {
        let turn = usize::try_from(page)
            .ok()
            .and_then(|p| p.checked_sub(1))
            .and_then(|i| self.pages.get(i))
            .map_or(0, |p| p.turn);
        if turn == 0 {
            return *r;
        }
        crate::geometry::Matrix::quarter_turn_cw(360 - turn).apply_rect(r)
    }

    /// The findings with every box in its page's default user space (origin bottom-left, before
    /// `/Rotate`), as the JSON and CSV exports give them: a page read in a turned frame has its
    /// boxes turned back. Borrowed when no page was turned.
    pub fn in_user_space(&self) -> std::borrow::Cow<'_, FileAnalysis> {
        if self.pages.iter().all(|p| p.turn == 0) {
            return std::borrow::Cow::Borrowed(self);
        }
        let mut a = self.clone();
        for r in &mut a.redactions {
            r.bbox = r.bbox.map(|b| self.user_box(r.page, &b));
            for b in &mut r.boxes {
                *b = self.user_box(r.page, b);
            }
        }
        for o in &mut a.officials {
            for m in &mut o.mention_list {
                m.bbox = m.bbox.map(|b| self.user_box(m.page, &b));
            }
        }
        for l in a
            .permit_links
            .iter_mut()
            .chain(a.permit_candidates.iter_mut())
        {
            l.bbox = l.bbox.map(|b| self.user_box(l.page, &b));
        }
        std::borrow::Cow::Owned(a)
    }

    /// A citation for page `page`: `p. 3 (A-2020-00417 - 000003)`.
    pub fn cite(&self, page: u32) -> String {
        match self.label(page) {
            Some(l) => format!("p. {page} ({l})"),
            None => format!("p. {page}"),
        }
    }
}

/// Bookmark destinations on pages read in a turned frame ([`PageModel::turn`]) given in that
/// frame, as the page's boxes are; a destination with only one coordinate there has no place in it.
fn in_page_frames(extras: &mut crate::pdf::DocumentExtras, pages: &[PageModel]) {
    for o in &mut extras.outlines {
        let turn = o
            .page
            .and_then(|n| usize::try_from(n).ok()?.checked_sub(1))
            .and_then(|i| pages.get(i))
            .map_or(0, |p| p.turn);
        if turn == 0 {
            continue;
        }
        match (o.left, o.top) {
            (Some(x), Some(y)) => {
                let at = crate::geometry::Matrix::quarter_turn_cw(turn)
                    .apply(crate::geometry::Point::new(x, y));
                (o.left, o.top) = (Some(at.x), Some(at.y));
            }
            _ => (o.left, o.top) = (None, None),
        }
    }
}

/// Permit events and the documents' dates of analysed files on one time axis (see
/// [`permits::timeline`]): the CLI's `timeline` and the GUI's strip.
pub fn timeline(
    registry: Option<&Registry>,
    files: &[&FileAnalysis],
) -> Vec<permits::timeline::Event> {
    permits::timeline::timeline(registry, files)
}

impl<'a> From<&'a FileAnalysis> for permits::timeline::TimelineFile<'a> {
    fn from(a: &'a FileAnalysis) -> Self {
        permits::timeline::TimelineFile {
            path: &a.path,
            documents: &a.documents,
            page_labels: &a.page_labels,
        }
    }
}

/// Hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Text that an earlier revision of the file had under a box of the final page (the file was
/// redacted by an incremental update that took the text out of the page but not out of the file):
/// each earlier revision, newest first, is opened like a file of its own and its pages with
/// boxes are compared. Revisions that do not open are skipped.
fn history_leaks(bytes: &[u8], limits: &Limits, pages: &[PageModel], found: &mut [Redaction]) {
    if !found.iter().any(redactions::revisions::wants_history) {
        return;
    }
    let revisions = crate::pdf::earlier_revisions(bytes);
    let total = revisions.len() + 1;
    for (i, &end) in revisions.iter().enumerate().rev() {
        let Some(prefix) = bytes.get(..end) else {
            continue;
        };
        let Ok(old) = SourcePdf::open(prefix, limits) else {
            continue;
        };
        let label = format!("earlier revision {} of {total}", i + 1);
        let mut numbers: Vec<u32> = found
            .iter()
            .filter(|r| redactions::revisions::wants_history(r))
            .map(|r| r.page)
            .collect();
        numbers.dedup();
        for page in numbers {
            let now = usize::try_from(page)
                .ok()
                .and_then(|p| p.checked_sub(1))
                .and_then(|i| pages.get(i));
            let Some(now) = now else { continue };
            if usize::try_from(page).map_or(true, |p| p > old.page_count()) {
                continue;
            }
            let old_page = old.extract_page_without_bitmaps(page);
            let mut on_page: Vec<&mut Redaction> =
                found.iter_mut().filter(|r| r.page == page).collect();
            redactions::revisions::leaks_from(&old_page, now, &mut on_page, &label);
        }
        if !found.iter().any(redactions::revisions::wants_history) {
            return;
        }
    }
}

/// The difference hash of a page that is a picture (see [`crate::raster::difference_hash`]):
/// of its largest image when that covers more than half of the page and was decoded (extraction
/// decodes the images of scans; no page is drawn for this), turned as the page is shown.
fn picture_hash(page: &PageModel) -> Option<[u8; 32]> {
    let area = page.crop_box.area().max(1.0);
    let main = page
        .images
        .iter()
        .filter(|im| !im.rotated && !im.is_mask && im.bitmap.is_some())
        .filter(|im| {
            im.bbox
                .intersection(&page.crop_box)
                .is_some_and(|r| r.area() / area > 0.5)
        })
        .max_by(|a, b| a.bbox.area().total_cmp(&b.bbox.area()))?;
    let bm = main.bitmap.as_ref()?;
    if page.rotate == 0 {
        crate::raster::difference_hash(bm)
    } else {
        crate::raster::difference_hash(&crate::raster::rotate_cw(bm, page.rotate))
    }
}

/// Why a page past the page-model budget is empty.
fn truncation_warning(first: u32, budget: usize, held: &Held) -> String {
    format!(
        "not read: the file's page-model budget of {} MiB was used up by pages 1–{} ({} characters, {} path segments, {} images); the pages from {first} on are kept empty",
        budget / (1024 * 1024),
        first.saturating_sub(1),
        held.chars,
        held.path_segments,
        held.images
    )
}

/// Reads and analyses one file.
pub fn analyze_file(
    path: &Path,
    options: &Options,
    progress: &dyn Progress,
) -> Result<FileAnalysis, FileError> {
    let wrap = |source: Error| FileError {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(|e| wrap(e.into()))?;
    if meta.len() > options.limits.max_file_bytes {
        return Err(wrap(Error::Limit(format!(
            "file is {} bytes, more than the {} byte limit",
            meta.len(),
            options.limits.max_file_bytes
        ))));
    }
    let bytes = std::fs::read(path).map_err(|e| wrap(e.into()))?;
    analyze_bytes(path, &bytes, options, progress).map_err(wrap)
}

/// Analyses a file already in memory (`path` is only recorded).
pub fn analyze_bytes(
    path: &Path,
    bytes: &[u8],
    options: &Options,
    progress: &dyn Progress,
) -> Result<FileAnalysis> {
    let sha256 = sha256_hex(bytes);
    let source = SourcePdf::open(bytes, &options.limits)?;
    let total = source.page_count();
    let done = AtomicUsize::new(0);
    progress.pages_done(0, total);
    let reader = ocr::Reader::new(&source, bytes, &sha256, &options.ocr);

    // Pages in parallel; page-level detectors run while the page's bitmaps are still there.
    let read_one = |i: usize| -> Option<(PageModel, Vec<Redaction>)> {
        if progress.is_cancelled() {
            return None;
        }
        let number = u32::try_from(i).unwrap_or(u32::MAX);
        // OCR before the detectors: they read its words like any text. A page read before
        // with the same settings comes from the cache, without decoding its images again.
        let mut page = match reader.cached_page(number) {
            Some(entry) if entry.picture_known() => {
                let mut page = source.extract_page_without_bitmaps(number);
                reader.apply_cached(&mut page, entry);
                page
            }
            Some(entry) => {
                // An entry an earlier Dossier wrote without the picture's hash: the picture is
                // decoded once more for it (not read again).
                let mut page = source.extract_page(number);
                let picture = picture_hash(&page);
                reader.remember_picture(number, entry.clone(), picture);
                reader.apply_cached(&mut page, entry);
                page.picture = picture;
                page
            }
            None => {
                let mut page = source.extract_page(number);
                page.dark_areas = redactions::image_areas(&page);
                page.picture = picture_hash(&page);
                reader.read_page(&mut page);
                page
            }
        };
        let found = redactions::detect_page(&page);
        for image in &mut page.images {
            image.bitmap = None;
        }
        progress.page_ready(&page, &found);
        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
        progress.pages_done(n, total);
        Some((page, found))
    };

    // The page models of one file share one budget, counted in page order so that the same file
    // always keeps the same pages: batches of pages are read in parallel, then counted in order.
    // Past the budget, pages are kept empty (number and boxes) and named in a warning.
    let budget = options.limits.model_budget(bytes.len());
    let batch = (rayon::current_num_threads() * 4).max(8);
    let mut held = Held::default();
    let mut cut_at: Option<u32> = None;
    let mut pages = Vec::with_capacity(total);
    let mut found_redactions = Vec::new();
    let mut start = 1;
    while start <= total {
        let end = total.min(start + batch - 1);
        if let Some(first) = cut_at {
            for i in start..=end {
                let number = u32::try_from(i).unwrap_or(u32::MAX);
                let mut page = source.blank_page(number);
                page.truncate(truncation_warning(first, budget, &held));
                pages.push(page);
            }
            let n = done.fetch_add(end + 1 - start, Ordering::Relaxed) + end + 1 - start;
            progress.pages_done(n, total);
        } else {
            let read: Vec<Option<(PageModel, Vec<Redaction>)>> =
                (start..=end).into_par_iter().map(read_one).collect();
            if progress.is_cancelled() {
                return Err(Error::Cancelled);
            }
            for (mut page, found) in read.into_iter().flatten() {
                let h = page.held();
                if cut_at.is_none() && held.bytes.saturating_add(h.bytes) > budget {
                    cut_at = Some(page.number);
                }
                match cut_at {
                    Some(first) => page.truncate(truncation_warning(first, budget, &held)),
                    None => {
                        held += h;
                        found_redactions.extend(found);
                    }
                }
                pages.push(page);
            }
        }
        start = end + 1;
    }
    if progress.is_cancelled() {
        return Err(Error::Cancelled);
    }
    redactions::assign_ids(&mut found_redactions);
    history_leaks(bytes, &options.limits, &pages, &mut found_redactions);
    // What bookmarks, metadata and attachments still say of what a box hides.
    if found_redactions
        .iter()
        .any(|r| r.leaked_text.is_none() && r.bbox.is_some())
    {
        let mut extras = source.document_extras();
        in_page_frames(&mut extras, &pages);
        redactions::hidden::document_sources(&pages, &extras, &mut found_redactions);
    }

    let page_labels = pages.iter().map(page_labels::detect).collect();
    let documents = documents::detect(&pages);
    let empty_roster = Roster::default();
    let roster = options.roster.as_deref().unwrap_or(&empty_roster);
    let officials = officials::detect(&pages, &documents, roster);
    let permit_links = match options.registry.as_deref() {
        Some(registry) => permits::link(&pages, &documents, registry),
        None => Vec::new(),
    };
    let mut documents = documents;
    let mut officials = officials;
    let mut permit_links = permit_links;
    provenance::annotate(
        &pages,
        &mut found_redactions,
        &mut documents,
        &mut officials,
        &mut permit_links,
    );
    let (permit_links, permit_candidates): (Vec<PermitLink>, Vec<PermitLink>) =
        permit_links.into_iter().partition(PermitLink::is_sure);
    let grounds = grounds::detect(&pages, &found_redactions);
    // Pages cut by the budget are named once, as a range, not once each.
    let first_cut = cut_at.unwrap_or(u32::MAX);
    let mut warnings: Vec<String> = pages
        .iter()
        .filter(|p| p.number < first_cut)
        .flat_map(|p| {
            p.warnings
                .iter()
                .map(move |w| format!("page {}: {w}", p.number))
        })
        .collect();
    if let Some(first) = cut_at {
        let last = pages.last().map_or(first, |p| p.number);
        let range = if last > first {
            format!("pages {first}–{last}")
        } else {
            format!("page {first}")
        };
        warnings.push(format!(
            "{range}: {}",
            truncation_warning(first, budget, &held)
        ));
    }

    Ok(FileAnalysis {
        path: path.to_path_buf(),
        sha256,
        pages,
        page_labels,
        documents,
        redactions: found_redactions,
        officials,
        permit_links,
        permit_candidates,
        grounds,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn sha256_is_lowercase_hex() {
        // FIPS 180-2 test vector.
        assert_eq!(
            super::sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn bookmarks_on_a_turned_page_point_into_its_frame() {
        use crate::pdf::{DocumentExtras, OutlineItem, PageModel};
        let pages = vec![
            PageModel {
                number: 1,
                turn: 90,
                ..Default::default()
            },
            PageModel {
                number: 2,
                ..Default::default()
            },
        ];
        let item = |page: u32, left: Option<f64>, top: Option<f64>| OutlineItem {
            title: "t".to_string(),
            page: Some(page),
            left,
            top,
        };
        let mut extras = DocumentExtras {
            outlines: vec![
                item(1, Some(100.0), Some(500.0)),
                item(1, None, Some(500.0)),
                item(2, Some(100.0), Some(500.0)),
            ],
            ..Default::default()
        };
        super::in_page_frames(&mut extras, &pages);
        let at: Vec<(Option<f64>, Option<f64>)> =
            extras.outlines.iter().map(|o| (o.left, o.top)).collect();
        // Turned a quarter clockwise: (x, y) is (y, -x) in the frame.
        assert_eq!(
            at,
            vec![
                (Some(500.0), Some(-100.0)),
                (None, None),
                (Some(100.0), Some(500.0))
            ]
        );
    }
}
