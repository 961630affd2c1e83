//! Differences between releases in the window (issue 18): the current production compared with
//! another open one (or, alone, with itself: its repeated passages), on a background thread,
//! the result cached per pair of analyses; the Differences panel ([`panel`]), the two pages side
//! by side ([`side`]) and the released text drawn over the withholding copy's boxes
//! ([`overlay`], in the side-by-side view and, when switched on, in the single page view).
//!
//! A is the current production, B the one picked in the panel; every command goes through
//! [`DiffCommand`] (one arm of the app's command handler), so tests drive it like a user.

pub(super) mod overlay;
pub(super) mod panel;
pub(super) mod side;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use super::{DossierApp, FileState, Tab};
use crate::analysis::{self, FileAnalysis};
use crate::compare::{Change, Comparison, Which};
use crate::geometry::Rect;
use crate::redactions::codes;

/// What the user asked of the comparison; applied by [`DossierApp::apply_diff`].
#[derive(Debug, Clone, PartialEq)]
pub enum DiffCommand {
    /// Compare the current production with this open file (by index; the current one itself:
    /// its repeated passages).
    With(usize),
    /// The two pages side by side at this change (index into [`Comparison::changes`]).
    ShowChange(usize),
    /// Side by side at a passage withheld in both under other codes.
    ShowRecoded(usize),
    /// Side by side at a pair of documents' first pages.
    ShowPair(usize),
    /// The next (+1) or previous (-1) change of the list as filtered, side by side.
    Step(i32),
    /// Back to the single page view.
    Leave,
    /// Draw the released text over the boxes in the single page view too.
    Overlay(bool),
}

/// The key of a comparison: the loads (analyses) of A and B; a file analysed again has a new
/// load, so its comparisons are computed again.
pub type Key = (u64, u64);

/// A comparison done.
pub struct Done {
    /// File index of A.
    pub a: usize,
    /// File index of B (A itself for repeated passages).
    pub b: usize,
    /// The result.
    pub result: Arc<Comparison>,
    /// How long it took.
    pub took: Duration,
}

struct Job {
    key: Key,
    a: usize,
    b: usize,
    rx: Receiver<(Comparison, Duration)>,
    started: Instant,
}

/// Which rows the Differences list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowFilter {
    /// Passages withheld in A and readable in B.
    pub withheld_in_a: bool,
    /// Passages withheld in B and readable in A.
    pub withheld_in_b: bool,
    /// Passages withheld in both under other codes.
    pub recoded: bool,
}

impl Default for RowFilter {
    fn default() -> Self {
        RowFilter {
            withheld_in_a: true,
            withheld_in_b: true,
            recoded: true,
        }
    }
}

/// A row of the Differences list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// A change, by index.
    Change(usize),
    /// A recoded passage, by index.
    Recoded(usize),
}

/// The comparison's state in the app.
#[derive(Default)]
pub struct DiffState {
    /// The file B picked in the panel for the file A it was picked for (else B is the first
    /// other open file, or A itself).
    pub other: Option<(usize, usize)>,
    /// Row filter of the list.
    pub filter: RowFilter,
    /// Draw the released text over the boxes in the single page view.
    pub overlay: bool,
    /// The row last clicked.
    pub selected: Option<Row>,
    /// The two pages side by side, when shown.
    pub side: Option<side::SideBySide>,
    /// Open the first change side by side as soon as the comparison is done (`--compare`).
    pub open_first: bool,
    cache: HashMap<Key, Done>,
    job: Option<Job>,
}

impl DiffState {
    /// A comparison is running.
    pub fn running(&self) -> bool {
        self.job.is_some()
    }
}

impl DossierApp {
    /// A and B of the comparison the panel shows: the current file and the one picked (the
    /// current one when it is the only one open).
    pub fn diff_files(&self) -> (usize, usize) {
        let a = self.current;
        let b = self
            .diff
            .other
            .filter(|&(for_a, b)| for_a == a && b < self.files.len())
            .map(|(_, b)| b)
            .or_else(|| (0..self.files.len()).find(|&i| i != a))
            .unwrap_or(a);
        (a, b)
    }

    fn ready(&self, i: usize) -> Option<(u64, Arc<FileAnalysis>)> {
        let f = self.files.get(i)?;
        match &f.state {
            FileState::Ready(a) => Some((f.load, a.clone())),
            _ => None,
        }
    }

    /// The key of the comparison of files `a` and `b`, when both are analysed.
    fn diff_key(&self, a: usize, b: usize) -> Option<Key> {
        Some((self.ready(a)?.0, self.ready(b)?.0))
    }

    /// The comparison of A and B (see [`DossierApp::diff_files`]), when done.
    pub fn diff_result(&self) -> Option<&Done> {
        let (a, b) = self.diff_files();
        self.diff.cache.get(&self.diff_key(a, b)?)
    }

    /// The comparison done with file `file` as A or B, the current pair's first, for the
    /// overlay of the single page view.
    pub(super) fn diff_for_file(&self, file: usize) -> Option<&Done> {
        self.diff_result()
            .filter(|d| d.a == file || d.b == file)
            .or_else(|| {
                self.diff.cache.iter().find_map(|(k, d)| {
                    let live = self.diff_key(d.a, d.b) == Some(*k);
                    (live && (d.a == file || d.b == file)).then_some(d)
                })
            })
    }

    /// The work of a frame: takes in a finished comparison, forgets those of files analysed
    /// again, and starts the one the panel (or `--compare`) waits for.
    pub(super) fn diff_step(&mut self) {
        if let Some(job) = &self.diff.job
            && let Ok((result, took)) = job.rx.try_recv()
        {
            let (key, a, b) = (job.key, job.a, job.b);
            self.diff.job = None;
            self.status = format!(
                "compared: {} withheld in one copy and readable in the other ({:.1} s)",
                result.changes.len(),
                took.as_secs_f64()
            );
            let result = Arc::new(result);
            self.diff.cache.insert(key, Done { a, b, result, took });
        }
        // A comparison whose files were analysed again (or closed) is stale.
        let live: Vec<Key> = (self.diff.cache.iter())
            .filter(|(k, d)| self.diff_key(d.a, d.b) == Some(**k))
            .map(|(k, _)| *k)
            .collect();
        self.diff.cache.retain(|k, _| live.contains(k));
        let wanted =
            self.tab == Tab::Differences || self.diff.open_first || self.diff.side.is_some();
        let (a, b) = self.diff_files();
        if wanted
            && self.diff.job.is_none()
            && let Some(key) = self.diff_key(a, b)
            && !self.diff.cache.contains_key(&key)
        {
            self.start_diff(key, a, b);
        }
        if self.diff.open_first && self.diff_result().is_some() {
            self.diff.open_first = false;
            self.tab = Tab::Differences;
            let first = self.diff_rows().first().copied();
            match first {
                Some(Row::Change(i)) => self.apply_diff(DiffCommand::ShowChange(i)),
                Some(Row::Recoded(i)) => self.apply_diff(DiffCommand::ShowRecoded(i)),
                None => {}
            }
        }
        if self.diff.job.is_some()
            && let Some(c) = &self.ctx
        {
            c.request_repaint_after(Duration::from_millis(100));
        }
    }

    fn start_diff(&mut self, key: Key, a: usize, b: usize) {
        let (Some((_, fa)), Some((_, fb))) = (self.ready(a), self.ready(b)) else {
            return;
        };
        let (tx, rx) = channel();
        let ctx = self.ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("compare".into())
            .spawn(move || {
                let t = Instant::now();
                let c = if a == b {
                    analysis::repeated(&fa)
                } else {
                    analysis::compare(&fa, &fb)
                };
                let _ = tx.send((c, t.elapsed()));
                if let Some(c) = ctx {
                    c.request_repaint();
                }
            });
        match spawned {
            Ok(_) => {
                self.diff.job = Some(Job {
                    key,
                    a,
                    b,
                    rx,
                    started: Instant::now(),
                });
            }
            Err(e) => self.status = format!("could not start the comparison: {e}"),
        }
    }

    /// Seconds the running comparison has taken so far.
    pub(super) fn diff_elapsed(&self) -> Option<f64> {
        self.diff
            .job
            .as_ref()
            .map(|j| j.started.elapsed().as_secs_f64())
    }

    /// The rows of the list as filtered: the changes in A's order, then the recoded passages.
    pub fn diff_rows(&self) -> Vec<Row> {
        let Some(d) = self.diff_result() else {
            return Vec::new();
        };
        let f = self.diff.filter;
        let changes = (d.result.changes.iter().enumerate())
            .filter(|(_, c)| match c.withheld_in {
                Which::A => f.withheld_in_a,
                Which::B => f.withheld_in_b,
            })
            .map(|(i, _)| Row::Change(i));
        let recoded = (0..d.result.recoded.len())
            .filter(|_| f.recoded)
            .map(Row::Recoded);
        changes.chain(recoded).collect()
    }

    /// Applies a [`DiffCommand`].
    pub(super) fn apply_diff(&mut self, c: DiffCommand) {
        match c {
            DiffCommand::With(i) => {
                if i < self.files.len() {
                    self.diff.other = Some((self.current, i));
                    self.diff.selected = None;
                    self.diff.side = None;
                }
            }
            DiffCommand::ShowChange(i) => {
                let Some(d) = self.diff_result() else { return };
                let Some(ch) = d.result.changes.get(i) else {
                    return;
                };
                let (w, r) = (ch.withheld_in, ch.withheld_in.other());
                let mut at = [(ch.a_page, None), (ch.b_page, None)];
                at[idx(w)].1 = union(&ch.withheld_boxes);
                at[idx(r)].1 = union(&ch.released_boxes);
                let (a, b) = (d.a, d.b);
                self.diff.selected = Some(Row::Change(i));
                self.show_side(a, b, at);
            }
            DiffCommand::ShowRecoded(i) => {
                let Some(d) = self.diff_result() else { return };
                let Some(r) = d.result.recoded.get(i) else {
                    return;
                };
                let at = [(r.a_page, None), (r.b_page, None)];
                let (a, b) = (d.a, d.b);
                self.diff.selected = Some(Row::Recoded(i));
                self.show_side(a, b, at);
            }
            DiffCommand::ShowPair(i) => {
                let Some(d) = self.diff_result() else { return };
                let Some(p) = d.result.pairs.get(i) else {
                    return;
                };
                let at = [(p.a.first_page, None), (p.b.first_page, None)];
                let (a, b) = (d.a, d.b);
                self.diff.selected = None;
                self.show_side(a, b, at);
            }
            DiffCommand::Step(delta) => {
                let rows = self.diff_rows();
                if rows.is_empty() {
                    return;
                }
                let n = rows.len() as i64;
                let at = self
                    .diff
                    .selected
                    .and_then(|s| rows.iter().position(|r| *r == s))
                    .map_or(if delta > 0 { -1 } else { 0 }, |p| p as i64);
                let next = (at + i64::from(delta)).rem_euclid(n) as usize;
                match rows.get(next) {
                    Some(Row::Change(i)) => self.apply_diff(DiffCommand::ShowChange(*i)),
                    Some(Row::Recoded(i)) => self.apply_diff(DiffCommand::ShowRecoded(*i)),
                    None => {}
                }
            }
            DiffCommand::Leave => {
                if let Some(s) = self.diff.side.take() {
                    self.current = s.files[0];
                    self.page = s.pages[0];
                    self.scroll_to = Some(self.page);
                    // The single view draws what the side-by-side view drew: the overlay.
                    self.diff.overlay = true;
                }
            }
            DiffCommand::Overlay(on) => self.diff.overlay = on,
        }
    }

    fn show_side(&mut self, a: usize, b: usize, at: [(u32, Option<Rect>); 2]) {
        self.current = a;
        self.page = at[0].0;
        match &mut self.diff.side {
            Some(s) if s.files == [a, b] => s.go(at),
            _ => self.diff.side = Some(side::SideBySide::new([a, b], at)),
        }
    }
}

/// 0 for A, 1 for B.
pub(super) fn idx(w: Which) -> usize {
    match w {
        Which::A => 0,
        Which::B => 1,
    }
}

fn union(boxes: &[Rect]) -> Option<Rect> {
    boxes.iter().copied().reduce(|a, b| a.union(&b))
}

/// A file's name, for rows.
pub(super) fn file_name(app: &DossierApp, i: usize) -> String {
    app.files.get(i).map_or_else(String::new, |f| {
        f.path.file_name().map_or_else(
            || f.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    })
}

/// `p. 3 (STAMP)`, or `a.pdf p. 3` without a stamp.
fn cite(name: &str, page: u32, stamp: Option<&str>) -> String {
    match stamp {
        Some(s) => format!("p. {page} ({s})"),
        None => format!("{name} p. {page}"),
    }
}

/// One change as the command line writes it: `p. 3 (STAMP) withholds under s.21(1)(a) what
/// STAMP releases: "…"`.
pub fn change_sentence(c: &Change, name_a: &str, name_b: &str) -> String {
    let (w, r) = (c.withheld_in, c.withheld_in.other());
    let file = |x: Which| if x == Which::A { name_a } else { name_b };
    let (wp, ws) = c.at(w);
    let (rp, rs) = c.at(r);
    let released = match rs {
        Some(s) => s.to_string(),
        None => format!("{} p. {rp}", file(r)),
    };
    let under = if c.codes.is_empty() {
        "withholds (no code given)".to_string()
    } else {
        format!("withholds under {}", codes::cite(&c.codes))
    };
    format!(
        "{} {under} what {released} releases: \"{}\"",
        cite(file(w), wp, ws),
        c.text
    )
}
