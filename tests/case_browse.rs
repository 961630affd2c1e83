//! What the app reads of a case and writes to it (store::browse, store::adding): a case told
//! from other files, files added with progress and cancellation, one production rebuilt as an
//! analysis with its page text, the review written in batches with who.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use dossier::analysis::{NoProgress, Progress};
use dossier::geometry::Rect;
use dossier::ocr::{OcrMode, OcrOptions};
use dossier::project::review::Correction;
use dossier::project::{Tag, TagKind, review_key};
use dossier::store::Case;
use dossier::store::adding::{self, AddProgress, Outcome};
use dossier::store::browse::{ReviewWrite, is_case_path};

use crate::common::{self, pdfgen, production};

fn options() -> dossier::Options {
    dossier::Options {
        ocr: OcrOptions {
            mode: OcrMode::Never,
            ..OcrOptions::default()
        },
        ..Default::default()
    }
}

/// A two-page memo about a tug-boat contract, with a box over a word and a stamp per page.
fn memo(dir: &Path, name: &str) -> PathBuf {
    let pages: Vec<String> = [
        "Harbour tug refit: the contract with Fundy Marine was signed in March.",
        "The refit schedule slipped twice; the harbour master asked for penalties.",
    ]
    .iter()
    .enumerate()
    .map(|(i, line)| {
        pdfgen::show(80.0, 700.0, 12.0, line)
            + &pdfgen::black(80.0, 660.0, 200.0, 674.0)
            + &pdfgen::show(420.0, 30.0, 8.0, &format!("TC-2019-0042 p{:04}", i + 1))
    })
    .collect();
    let path = dir.join(name);
    std::fs::write(&path, pdfgen::pages(&pages)).unwrap();
    path
}

#[test]
fn a_case_is_told_from_other_files() {
    let dir = common::temp_dir("browse-detect");
    // A name that ends in .dossier is a case, there or not (File > New case makes one).
    assert!(is_case_path(&dir.join("new.dossier")));
    assert!(is_case_path(&dir.join("UPPER.DOSSIER")));
    let pdf = memo(&dir, "memo.pdf");
    assert!(!is_case_path(&pdf));
    assert!(!is_case_path(&dir.join("absent.pdf")));
    // An SQLite database under another name is one too; a folder named like a case is not.
    let db = dir.join("inquiry.db");
    Case::create_or_open(&db).unwrap();
    assert!(is_case_path(&db));
    std::fs::create_dir_all(dir.join("folder.dossier")).unwrap();
    assert!(!is_case_path(&dir.join("folder.dossier")));
}

/// Records what adding said, and cancels once `stop_after` files are done.
struct Recorder {
    started: Mutex<Vec<(usize, usize)>>,
    outcomes: Mutex<Vec<String>>,
    stop_after: usize,
    cancel: AtomicBool,
}

impl Progress for Recorder {
    fn pages_done(&self, _: usize, _: usize) {}
    fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

impl AddProgress for Recorder {
    fn file_started(&self, number: usize, total: usize, _: &Path) {
        self.started.lock().unwrap().push((number, total));
    }
    fn file_done(&self, _: usize, _: usize, outcome: &Outcome) {
        let mut o = self.outcomes.lock().unwrap();
        o.push(
            match outcome {
                Outcome::Added(_) => "added",
                Outcome::Already(_) => "already",
                Outcome::Failed(_) => "failed",
            }
            .to_string(),
        );
        if o.len() >= self.stop_after {
            self.cancel.store(true, Ordering::Relaxed);
        }
    }
}

#[test]
fn adding_reports_each_file_and_stops_when_cancelled() {
    let dir = common::temp_dir("browse-add");
    let case_path = dir.join("c.dossier");
    let a = memo(&dir, "a.pdf");
    let copy = dir.join("a copy.pdf");
    std::fs::copy(&a, &copy).unwrap();
    let broken = dir.join("broken.pdf");
    std::fs::write(&broken, b"%PDF-1.4 nothing else").unwrap();
    let b = dir.join("b.pdf");
    std::fs::write(&b, production::generate(7).pdf).unwrap();

    let mut case = Case::create_or_open(&case_path).unwrap();
    let r = Recorder {
        started: Mutex::default(),
        outcomes: Mutex::default(),
        stop_after: 3,
        cancel: AtomicBool::new(false),
    };
    let files = vec![a.clone(), copy.clone(), broken.clone(), b.clone()];
    let s = adding::add_files(&mut case, &files, &options(), &r);
    assert_eq!(*r.outcomes.lock().unwrap(), ["added", "already", "failed"]);
    assert_eq!(*r.started.lock().unwrap(), [(1, 4), (2, 4), (3, 4)]);
    assert_eq!(s.added.len(), 1);
    assert_eq!(s.already.len(), 1);
    assert_eq!(s.already[0].in_case_as, a);
    assert_eq!(s.failed.len(), 1);
    assert_eq!(s.failed[0].path, broken);
    // Cancelled after the third file: the fourth was never looked at.
    assert_eq!(s.cancelled, vec![b.clone()]);
    assert_eq!(case.productions().unwrap().len(), 1);

    // Again, without cancelling: only the new file is analysed.
    let s = adding::add_files(&mut case, &[a.clone(), b.clone()], &options(), &NoProgress);
    assert_eq!((s.added.len(), s.already.len()), (1, 1));
    let counts = case.production_counts().unwrap();
    assert_eq!(counts.len(), 2);
    assert_eq!(counts[0].production.path, a);
    assert_eq!(counts[0].production.other_paths, vec![copy]);
    assert_eq!(counts[0].production.pages, 2);
    // The counts are the analysis's.
    let fresh = dossier::analyze_file(&b, &options(), &NoProgress).unwrap();
    assert_eq!(counts[1].redactions, fresh.redactions.len());
    assert_eq!(counts[1].documents, fresh.documents.len());
    assert_eq!(counts[1].people, fresh.officials.len());
    assert!(counts[1].people > 0 && counts[1].redactions > 0);
}

#[test]
fn one_production_reads_back_as_its_analysis_with_its_page_text() {
    let dir = common::temp_dir("browse-analysis");
    let case_path = dir.join("c.dossier");
    let a = memo(&dir, "a.pdf");
    let b = dir.join("b.pdf");
    std::fs::write(&b, production::generate(11).pdf).unwrap();
    let mut case = Case::create_or_open(&case_path).unwrap();
    let s = adding::add_files(&mut case, &[a.clone(), b.clone()], &options(), &NoProgress);
    assert_eq!(s.added.len(), 2, "{s:?}");
    let list = case.productions().unwrap();
    let id_b = list.iter().find(|p| p.path == b).unwrap().id;

    let fresh = dossier::analyze_file(&b, &options(), &NoProgress).unwrap();
    let stored = case.analysis(id_b).unwrap().expect("production b");
    assert_eq!(stored.sha256, fresh.sha256);
    assert_eq!(stored.path, b);
    assert_eq!(stored.redactions, fresh.redactions);
    // (Boxes go through JSON: their last bits may differ, so people compare by what they say.)
    let said = |a: &dossier::FileAnalysis| -> Vec<_> {
        a.officials
            .iter()
            .map(|o| {
                (
                    o.id.clone(),
                    o.name.clone(),
                    o.title.clone(),
                    o.pages.clone(),
                )
            })
            .collect()
    };
    assert_eq!(said(&stored), said(&fresh));
    assert_eq!(
        stored.documents.iter().map(|d| &d.id).collect::<Vec<_>>(),
        fresh.documents.iter().map(|d| &d.id).collect::<Vec<_>>()
    );
    assert_eq!(stored.page_labels, fresh.page_labels);
    assert_eq!(stored.pages.len(), fresh.pages.len());
    for (s, f) in stored.pages.iter().zip(&fresh.pages) {
        assert_eq!(s.number, f.number);
        // Each page's text as stored, line for line.
        assert_eq!(s.text(), f.text(), "page {}", f.number);
        assert_eq!(
            case.page_text(id_b, f.number).unwrap().as_deref(),
            Some(f.text().as_str())
        );
    }
    let n = u32::try_from(fresh.pages.len()).unwrap();
    assert_eq!(case.page_text(id_b, n + 1).unwrap(), None);
    assert!(case.analysis(id_b + 100).unwrap().is_none());
    // The memo's words are on its pages.
    let id_a = list.iter().find(|p| p.path == a).unwrap().id;
    let memo = case.analysis(id_a).unwrap().unwrap();
    assert!(memo.pages[1].text().contains("harbour master"));
}

#[test]
fn review_writes_go_in_with_who_and_read_back_as_a_project() {
    let dir = common::temp_dir("browse-review");
    let case_path = dir.join("c.dossier");
    let case = Case::create_or_open(&case_path).unwrap();
    let sha = "0123456789abcdef0123456789abcdef";
    let k1 = review_key(sha, "red-p1-1");
    let k2 = review_key(sha, "person-alex-sample");
    let tag = Tag {
        id: "tag-1".into(),
        file_sha256: sha.into(),
        page: 2,
        bbox: Rect::new(10.0, 20.0, 110.0, 40.0),
        kind: TagKind::Official,
        note: "the aide named on page 2".into(),
        text: "Alex Sample".into(),
    };
    let title = Correction {
        title: Some("Chief of Staff".into()),
        ..Default::default()
    };
    let n = case
        .write_review(
            &[
                ReviewWrite::Reviewed(k1.clone(), true),
                ReviewWrite::Correction(k2.clone(), title.clone()),
                ReviewWrite::Tag(tag.clone()),
            ],
            "R. Analyst",
        )
        .unwrap();
    assert_eq!(n, 3);
    let p = case.review_project().unwrap();
    assert_eq!(p.reviewed.get(&k1), Some(&true));
    assert_eq!(p.corrections.get(&k2), Some(&title));
    assert_eq!(p.tags, vec![tag.clone()]);
    let (who, at) = case.reviewed_by(&k1).unwrap().unwrap();
    assert_eq!(who, "R. Analyst");
    assert!(at.ends_with('Z'), "{at}");

    // Changed by someone else: the mark off, the correction cleared, the tag's note changed.
    let mut changed = tag.clone();
    changed.note = "not the aide: the deputy".into();
    case.write_review(
        &[
            ReviewWrite::Reviewed(k1.clone(), false),
            ReviewWrite::Correction(k2.clone(), Correction::default()),
            ReviewWrite::Tag(changed.clone()),
        ],
        "S. Editor",
    )
    .unwrap();
    drop(case);
    let case = Case::open(&case_path).unwrap();
    let p = case.review_project().unwrap();
    assert!(p.reviewed.is_empty(), "{:?}", p.reviewed);
    assert!(p.corrections.is_empty(), "{:?}", p.corrections);
    assert_eq!(p.tags, vec![changed]);
    assert_eq!(case.reviewed_by(&k2).unwrap().unwrap().0, "S. Editor");

    // Removed.
    assert!(case.remove_tag("tag-1").unwrap());
    assert!(!case.remove_tag("tag-1").unwrap());
    case.write_review(&[ReviewWrite::RemoveTag("tag-9".into())], "x")
        .unwrap();
    assert!(case.review_project().unwrap().tags.is_empty());
}
