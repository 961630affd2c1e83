//! The app on a case, headless (egui_kittest): the productions listed, a case-wide search whose
//! hit opens the production at its page, a person's mention one click away, a review mark
//! written to the case (with who) and there again when the case is reopened, a production whose
//! PDF has gone still readable from the case.
#![cfg(feature = "gui")]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use dossier::analysis::NoProgress;
use dossier::ocr::{OcrMode, OcrOptions};
use dossier::project::review_key;
use dossier::store::Case;
use dossier::store::adding;
use dossier::ui::{CaseCommand, CaseView, Command, DossierApp};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::common::{self, pdfgen, production};

/// Three letters about a ferry terminal; the phrase "berth allocation" on the second only.
fn ferry_letters(dir: &Path) -> PathBuf {
    let lines = [
        "Ferry terminal upgrade: the harbour authority opened the tender in May.",
        "The berth allocation for the night crossings is still disputed by the operator.",
        "Dredging of the approach channel is deferred to the next fiscal year.",
    ];
    let pages: Vec<String> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            pdfgen::show(60.0, 690.0, 11.0, l)
                + &pdfgen::show(60.0, 36.0, 9.0, &format!("FERRY-{:04}", i + 1))
        })
        .collect();
    let path = dir.join("ferry letters.pdf");
    std::fs::write(&path, pdfgen::pages(&pages)).unwrap();
    path
}

/// A case of the ferry letters and a generated production (it names people).
fn build_case(name: &str) -> (PathBuf, PathBuf, PathBuf) {
    let dir = common::temp_dir(name);
    let letters = ferry_letters(&dir);
    let generated = dir.join("tranche-2.pdf");
    std::fs::write(&generated, production::generate(5).pdf).unwrap();
    let case_path = dir.join("ferry.dossier");
    let mut case = Case::create_or_open(&case_path).unwrap();
    let options = dossier::Options {
        ocr: OcrOptions {
            mode: OcrMode::Never,
            ..OcrOptions::default()
        },
        ..Default::default()
    };
    let s = adding::add_files(
        &mut case,
        &[letters.clone(), generated.clone()],
        &options,
        &NoProgress,
    );
    assert_eq!(s.added.len(), 2, "{s:?}");
    (case_path, letters, generated)
}

fn harness(case: PathBuf) -> Harness<'static, DossierApp> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 950.0))
        .build_eframe(move |_cc| {
            let mut app = DossierApp::for_tests(Vec::new(), None);
            app.push(Command::Case(CaseCommand::Open(case)));
            app.apply_commands();
            app
        });
    h.step();
    h
}

/// Steps until `done` holds (bounded in time).
fn step_until(h: &mut Harness<'static, DossierApp>, done: impl Fn(&DossierApp) -> bool) {
    let until = Instant::now() + Duration::from_secs(120);
    while Instant::now() < until {
        h.step();
        if done(h.state()) {
            h.step();
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!(
        "the app did not get there in time: status {:?}",
        h.state().status
    );
}

fn current_path(app: &DossierApp) -> PathBuf {
    app.files[app.current].path.clone()
}

#[test]
fn productions_search_hit_and_a_persons_mention() {
    let (case_path, letters, generated) = build_case("gui-case");
    let mut h = harness(case_path);
    let state = h.state();
    let s = state.case.as_ref().expect("the case is open");
    assert_eq!(s.productions.len(), 2);
    assert!(state.files.is_empty(), "nothing opened before a click");
    // The productions are listed by name, with their pages.
    h.get_by_label("ferry letters.pdf");
    h.get_by_label("tranche-2.pdf");
    h.get_by_label_contains("3 pages · 0 redactions");

    // Search the case: the hits are grouped by production; a click opens the page.
    h.state_mut().push(Command::Case(CaseCommand::Search(
        "\"berth allocation\"".into(),
    )));
    h.step();
    h.step();
    h.get_by_label_contains("1 page(s) match in 1 production(s)");
    h.get_by_label("ferry letters.pdf — 1 page(s)");
    let hit = match &h.state().case.as_ref().unwrap().hits {
        Some(Ok(hits)) => hits.hits[0].clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        (hit.page, hit.path.ends_with("ferry letters.pdf")),
        (2, true)
    );
    assert!(hit.snippet.contains("[berth allocation]"), "{hit:?}");
    let place = match &hit.stamp {
        Some(s) => format!("p. 2 · {s}"),
        None => "p. 2".to_string(),
    };
    h.get_by_label(&place).click();
    step_until(&mut h, |a| {
        a.loaded() && a.analysis().is_some() && a.page == 2
    });
    assert_eq!(current_path(h.state()), letters);
    assert_eq!(h.state().page, 2);
    // The production's Search tab reads the case's text too.
    let a = h.state().analysis().unwrap().clone();
    assert!(a.pages[1].text().contains("berth allocation"));

    // People: the first person of the case, expanded, then their first page.
    let person = h.state().case.as_ref().unwrap().people[0].clone();
    let head = format!(
        "{} — {} production{}, {} page{}",
        person.name,
        person.productions.len(),
        if person.productions.len() == 1 {
            ""
        } else {
            "s"
        },
        person.pages,
        if person.pages == 1 { "" } else { "s" }
    );
    h.state_mut().case.as_mut().unwrap().view = CaseView::People;
    h.step();
    h.get_by_label(&head).click();
    h.step();
    h.step();
    let cited = &person.productions[0];
    let first = cited.pages[0];
    h.get_all_by_label(&format!("p. {first}"))
        .next()
        .unwrap()
        .click();
    step_until(&mut h, |a| {
        a.loaded() && a.analysis().is_some_and(|x| x.sha256 == cited.sha256) && a.page == first
    });
    assert_eq!(current_path(h.state()), generated);
    // The person is among the production's people, named on that page.
    let a = h.state().analysis().unwrap().clone();
    assert!(
        a.officials.iter().any(
            |o| dossier::officials::identity_key(&o.name) == person.identity
                && o.pages.contains(&first)
        ),
        "{person:?}"
    );
}

#[test]
fn a_review_mark_is_written_to_the_case_and_seen_after_reopening() {
    let (case_path, _letters, generated) = build_case("gui-case-review");
    let mut h = harness(case_path.clone());
    h.get_by_label("tranche-2.pdf").click();
    step_until(&mut h, |a| a.loaded() && a.analysis().is_some());
    assert_eq!(current_path(h.state()), generated);
    let a = h.state().analysis().unwrap().clone();
    let red = a.redactions.first().expect("the production has redactions");
    let key = review_key(&a.sha256, &red.id);
    h.state_mut().case.as_mut().unwrap().reviewer = "Desk Reviewer".into();
    h.state_mut().push(Command::Review(key.clone(), true));
    h.step();
    // Ctrl+S has nothing to save: no project file is made.
    h.state_mut().push(Command::Save);
    h.step();
    assert!(h.state().project_path.is_none());
    assert!(
        h.state().status.contains("written to the case"),
        "{}",
        h.state().status
    );
    drop(h);

    let case = Case::open(&case_path).unwrap();
    assert_eq!(
        case.review_project().unwrap().reviewed.get(&key),
        Some(&true)
    );
    assert_eq!(case.reviewed_by(&key).unwrap().unwrap().0, "Desk Reviewer");
    drop(case);

    // Reopened: the mark is there, and shows in the list as reviewed.
    let mut h = harness(case_path.clone());
    assert_eq!(h.state().project.reviewed.get(&key), Some(&true));
    h.get_by_label("tranche-2.pdf").click();
    step_until(&mut h, |a| a.loaded() && a.analysis().is_some());
    h.state_mut().tab = dossier::ui::Tab::Redactions;
    h.step();
    let total = h.state().analysis().unwrap().redactions.len();
    h.get_by_label(&format!("1 of {total} reviewed"));
    // Undone in the app: off in the case too.
    h.state_mut().push(Command::Undo);
    h.step();
    assert_eq!(
        h.state().project.reviewed.get(&key),
        Some(&true),
        "nothing to undo yet"
    );
    h.state_mut().push(Command::Review(key.clone(), false));
    h.step();
    drop(h);
    let case = Case::open(&case_path).unwrap();
    assert_eq!(case.review_project().unwrap().reviewed.get(&key), None);
}

#[test]
fn a_production_whose_pdf_is_gone_still_opens_from_the_case() {
    let (case_path, letters, _generated) = build_case("gui-case-missing");
    std::fs::remove_file(&letters).unwrap();
    let mut h = harness(case_path);
    h.get_by_label("ferry letters.pdf").click();
    step_until(&mut h, |a| a.loaded() && a.analysis().is_some());
    // Said above the pages and on each page; the text is the case's.
    // Above the pages, and in the overview (whose shares of text withheld need the PDF).
    assert_eq!(
        h.query_all_by_label_contains("The PDF is not at").count(),
        2
    );
    h.get_by_label_contains("shares of text withheld need the PDF");
    let a = h.state().analysis().unwrap().clone();
    // Each page says why it is not drawn (and asks no renderer for it).
    assert!(a.pages.iter().all(|p| {
        p.render_hazard()
            .is_some_and(|w| w.contains("The PDF is not at"))
    }));
    assert_eq!(a.pages.len(), 3);
    assert!(a.pages[2].text().contains("approach channel"));
}

/// A file dropped on the window, as the window system hands it over.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn pdfs_dropped_on_the_window_are_added_to_the_case() {
    let (case_path, letters, _generated) = build_case("gui-case-drop");
    let dir = case_path.parent().unwrap().to_path_buf();
    let third = dir.join("tranche-3.pdf");
    std::fs::write(&third, production::generate(9).pdf).unwrap();
    let broken = dir.join("torn.pdf");
    std::fs::write(&broken, b"%PDF-1.7 and then nothing").unwrap();
    let mut h = harness(case_path.clone());
    h.state_mut().ocr.mode = OcrMode::Never;
    // The letters again (known: not analysed again), a new production, a broken file.
    for p in [&letters, &third, &broken] {
        h.input_mut()
            .dropped_files
            .push(std::sync::Arc::new(Dropped(p.clone())));
    }
    h.step();
    assert!(
        h.state().case.as_ref().unwrap().is_adding(),
        "{}",
        h.state().status
    );
    step_until(&mut h, |a| !a.case.as_ref().unwrap().is_adding());
    let s = h.state().case.as_ref().unwrap();
    assert_eq!(s.productions.len(), 3, "{:?}", s.errors);
    let last = s.last_added.as_ref().unwrap();
    assert_eq!(
        (last.added.len(), last.already.len(), last.failed.len()),
        (1, 1, 1)
    );
    // The failure is listed, with the file's name; the new production is in the list.
    assert!(
        s.errors.iter().any(|e| e.contains("torn.pdf")),
        "{:?}",
        s.errors
    );
    h.get_by_label_contains("1 problem(s)");
    h.get_by_label("tranche-3.pdf");
    assert_eq!(
        Case::open(&case_path).unwrap().productions().unwrap().len(),
        3
    );
    assert!(h.state().files.is_empty(), "adding opens nothing");

    // A registry loaded in the window is kept in the case.
    assert!(
        Case::open(&case_path)
            .unwrap()
            .registry()
            .unwrap()
            .is_none()
    );
    h.state_mut()
        .push(Command::LoadRegistry(common::sample("permits.csv")));
    h.step();
    assert!(
        h.state().status.contains("kept in the case"),
        "{}",
        h.state().status
    );
    let (source, reg) = Case::open(&case_path).unwrap().registry().unwrap().unwrap();
    assert_eq!(source, common::sample("permits.csv"));
    assert!(!reg.permits.is_empty());
}
