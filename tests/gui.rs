//! The desktop app driven headlessly with egui_kittest: open a sample, see its redactions, jump
//! to one, filter by code, tag, save, reopen.
#![cfg(feature = "gui")]

use std::path::PathBuf;

use dossier::ui::DossierApp;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::common;

pub(crate) fn harness(
    paths: Vec<PathBuf>,
    project: Option<PathBuf>,
) -> Harness<'static, DossierApp> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1300.0, 900.0))
        .build_eframe(move |_cc| DossierApp::for_tests(paths, project));
    // Background loading: step until every file is analysed (bounded in time: the OCR test
    // shares the thread pool and can slow the others down for a while).
    let until = std::time::Instant::now() + std::time::Duration::from_secs(180);
    while std::time::Instant::now() < until {
        h.step();
        if h.state().loaded() && h.state().analysis().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(h.state().loaded(), "the sample did not load");
    // The overview comes first (tests/gui_overview.rs); these tests start from the list.
    h.state_mut().tab = dossier::ui::Tab::Redactions;
    h.step();
    h
}

/// The filter box of the side panel's list.
pub(crate) fn filter_box<'h>(h: &'h Harness<'static, DossierApp>) -> egui_kittest::Node<'h> {
    h.get_by(|n| {
        n.role() == egui::accesskit::Role::TextInput && n.label().as_deref() == Some("Filter:")
    })
}

/// Types `text` in the list's filter box (the list draws only a screenful of its rows), then
/// leaves the box; an empty `text` clears the filter.
pub(crate) fn filter_rows(h: &mut Harness<'static, DossierApp>, text: &str) {
    filter_box(h).click();
    h.step();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.key_press(egui::Key::Backspace);
    h.step();
    if !text.is_empty() {
        filter_box(h).type_text(text);
    }
    h.step();
    // Leave the box (a click on the progress line above it): keys are the app's again.
    h.get_by_label_contains(" reviewed").click();
    h.step();
    h.step();
}

fn truth() -> serde_json::Value {
    common::read_json(&common::sample("production.truth.json"))
}

#[test]
fn open_jump_filter_tag_save_and_reopen() {
    let dir = common::temp_dir("gui-project");
    let project = dir.join("review.json");
    let truth = truth();
    let reds = truth["redactions"].as_array().unwrap();
    let mut h = harness(
        vec![common::sample("production.pdf")],
        Some(project.clone()),
    );

    // The redaction count of the truth is in the panel.
    h.get_by_label(&format!("Redactions ({})", reds.len()));

    // Click the leaking box of page 6 in the list: the view lands on page 6.
    filter_rows(&mut h, "p. 6 ");
    h.get_by_label_contains("p. 6 box s.21(1)(a)").click();
    h.step();
    h.step();
    assert_eq!(h.state().page, 6);

    // Filter by a code: only its redactions stay listed.
    let with_code = reds
        .iter()
        .filter(|r| {
            r["codes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c == "20(1)(b)")
        })
        .count();
    h.get_by_label(&format!("s.20(1)(b) ×{with_code}")).click();
    h.step();
    h.step();
    assert_eq!(h.state().visible_redactions().len(), with_code);
    assert!(h.query_by_label_contains("p. 6 box s.21(1)(a)").is_none());

    // Tag the current page and save.
    h.get_by_label("Tags").click();
    h.step();
    h.get_by_label("Tag current page").click();
    h.step();
    h.step();
    assert_eq!(h.state().project.tags.len(), 1);
    h.get_by_label("Save project").click();
    h.step();
    h.step();
    assert!(project.is_file(), "{}", h.state().status);
    drop(h);

    // Reopen the project alone: the file comes back with the tag, on the page we left.
    let mut h = harness(Vec::new(), Some(project.clone()));
    assert_eq!(h.state().project.tags.len(), 1);
    assert_eq!(h.state().project.tags[0].page, 6);
    h.get_by_label("Tags").click();
    h.step();
    h.get_by_label_contains("tag-1 p. 6");
}

#[test]
fn a_corrupted_project_says_so_and_uses_the_backup() {
    let dir = common::temp_dir("gui-corrupt");
    let project = dir.join("review.json");
    let mut p = dossier::project::Project::default();
    p.add_tag(
        "abc",
        2,
        dossier::geometry::Rect::new(0.0, 0.0, 10.0, 10.0),
        dossier::project::TagKind::Note,
        "kept",
        "",
    );
    p.save(&project).unwrap();
    p.save(&project).unwrap(); // the second save keeps the first as .bak
    std::fs::write(&project, b"{ this is not json").unwrap();
    let h = harness(
        vec![common::sample("production.pdf")],
        Some(project.clone()),
    );
    assert!(
        h.state().status.contains("not a readable project file"),
        "{}",
        h.state().status
    );
    assert_eq!(h.state().project.tags.len(), 1, "the backup's tag is there");
}

#[test]
fn registry_links_timeline_and_go_to_stamp() {
    let truth = truth();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1300.0, 900.0))
        .build_eframe(|_cc| {
            let mut app = DossierApp::for_tests(Vec::new(), None);
            app.push(dossier::ui::Command::LoadRegistry(common::sample(
                "permits.csv",
            )));
            app.push(dossier::ui::Command::Open(vec![common::sample(
                "production.pdf",
            )]));
            app.apply_commands();
            app
        });
    let until = std::time::Instant::now() + std::time::Duration::from_secs(180);
    while std::time::Instant::now() < until {
        h.step();
        if h.state().loaded() && h.state().analysis().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    h.step();
    h.get_by_label("Permits").click();
    h.step();
    h.step();
    // The truth's references: sure links, and the two candidates of page 5's tie.
    h.get_by_label(&format!(
        "Permit links ({})",
        truth["permit_links"].as_array().unwrap().len() - 2
    ));
    h.get_by_label("Candidates (2)");
    // Right-click a candidate → confirm it: stored in the project's review, counted as a link.
    h.get_by_label_contains("p. 5  EXP-2020-0517?")
        .click_secondary();
    h.step();
    h.step();
    h.get_by_label("Confirm as link (exported as a link)")
        .click();
    h.step();
    h.step();
    let confirmed: Vec<_> = h
        .state()
        .project
        .corrections
        .iter()
        .filter(|(_, c)| c.confirmed)
        .map(|(k, _)| k.clone())
        .collect();
    assert_eq!(confirmed.len(), 1, "{confirmed:?}");
    assert!(confirmed[0].ends_with(":EXP-2020-0517@p5"), "{confirmed:?}");
    h.get_by_label(&format!(
        "Permit links ({})",
        truth["permit_links"].as_array().unwrap().len() - 1
    ));
    h.get_by_label_contains("confirmed as link");
    h.get_by_label_contains("Timeline: 2019-07-18");
    // The stamp of PDF page 8 is 000010 (pages 7 to 9 are withheld behind one notice).
    h.state_mut().goto = "000010".to_string();
    h.state_mut()
        .push(dossier::ui::Command::GoToText("000010".to_string()));
    h.step();
    assert_eq!(h.state().page, 8);
    h.state_mut()
        .push(dossier::ui::Command::GoToText("12".to_string()));
    h.step();
    assert_eq!(h.state().page, 12);
}

#[test]
fn right_click_dismisses_and_corrects_redactions() {
    let truth = truth();
    let reds = truth["redactions"].as_array().unwrap();
    let with_code = |code: &str| {
        reds.iter()
            .filter(|r| r["codes"].as_array().unwrap().iter().any(|c| c == code))
            .count()
    };
    let dir = common::temp_dir("gui-corrections");
    let project = dir.join("review.json");
    let mut h = harness(
        vec![common::sample("production.pdf")],
        Some(project.clone()),
    );

    // Dismiss the page-4 box as wrong: struck out, counted apart, out of the code counts.
    filter_rows(&mut h, "p. 4 ");
    h.get_by_label_contains("p. 4 box s.20(1)(b)")
        .click_secondary();
    h.step();
    h.step();
    h.get_by_label("Dismiss as wrong (left out of exports)")
        .click();
    h.step();
    h.step();
    let dismissed: Vec<_> = h
        .state()
        .project
        .corrections
        .values()
        .filter(|c| c.dismissed)
        .collect();
    assert_eq!(dismissed.len(), 1);
    h.get_by_label_contains("1 dismissed by you");
    h.get_by_label(&format!("s.20(1)(b) ×{}", with_code("20(1)(b)") - 1));

    // Correct the codes of page 1's s.19(1) box in its menu.
    filter_rows(&mut h, "");
    h.get_by_label_contains("p. 1 box s.19(1)")
        .click_secondary();
    h.step();
    h.step();
    // Click in the field as a user would, go to its end, type.
    h.get_all_by_value("s.19(1)").next().unwrap().click();
    h.step();
    h.key_press(egui::Key::End);
    h.step();
    h.get_all_by_value("s.19(1)")
        .next()
        .unwrap()
        .type_text(", s.21(1)(a)");
    h.step();
    h.get_all_by_label("Set").next().unwrap().click();
    h.step();
    h.step();
    h.get_by_label_contains("p. 1 box s.19(1), s.21(1)(a) (corrected)");
    h.get_by_label(&format!("s.21(1)(a) ×{}", with_code("21(1)(a)") + 1));

    // Saved with the project (Ctrl+S), and kept when the project is reopened.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.step();
    h.step();
    drop(h);
    let p = dossier::project::Project::load(&project).unwrap();
    assert_eq!(p.corrections.len(), 2);
    assert!(
        p.corrections
            .values()
            .any(|c| c.codes.as_deref() == Some(&["19(1)".to_string(), "21(1)(a)".to_string()][..]))
    );
}

#[test]
fn n_steps_through_every_redaction_and_l_through_the_leaks() {
    let truth = truth();
    let reds = truth["redactions"].as_array().unwrap();
    let on_page_1 = reds.iter().filter(|r| r["page"] == 1).count();
    let mut leak_pages: Vec<u64> = reds
        .iter()
        .filter(|r| !r["leaked_text"].is_null())
        .map(|r| r["page"].as_u64().unwrap())
        .collect();
    leak_pages.sort();
    let mut h = harness(vec![common::sample("production.pdf")], None);
    // Every redaction of page 1, one after another, then page 2.
    for _ in 0..on_page_1 {
        h.key_press(egui::Key::N);
        h.step();
        assert_eq!(h.state().page, 1);
    }
    h.key_press(egui::Key::N);
    h.step();
    assert_eq!(h.state().page, 2);
    // L: from here, each leak once (wrapping around), then the same cycle again.
    let mut seen = Vec::new();
    for _ in 0..2 * leak_pages.len() {
        h.key_press(egui::Key::L);
        h.step();
        seen.push(u64::from(h.state().page));
    }
    let (first, second) = seen.split_at(leak_pages.len());
    assert_eq!(first, second, "{seen:?}");
    let mut once = first.to_vec();
    once.sort();
    assert_eq!(once, leak_pages, "{seen:?}");
}

#[test]
fn hovering_a_box_on_the_page_says_what_its_code_protects() {
    let mut h = harness(vec![common::sample("production.pdf")], None);
    // Let page 1 lay out, then point at its first box (s.20(1)(b)) on the page itself.
    for _ in 0..5 {
        h.step();
    }
    h.get_by_label("redaction red-p1-1").hover();
    for _ in 0..90 {
        h.step();
    }
    h.get_by_label_contains("s.20(1)(b): Confidential financial, commercial");
}

/// Steps the app until every file is analysed (bounded by `secs`).
pub(crate) fn wait_loaded(h: &mut Harness<'static, DossierApp>, secs: u64) {
    let until = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    while std::time::Instant::now() < until {
        h.step();
        if h.state().loaded() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(h.state().loaded(), "not analysed in {secs} s");
    h.step();
    h.step();
}

/// An empty app whose OCR results go to a fresh cache (so OCR really runs).
fn ocr_harness(name: &str) -> Harness<'static, DossierApp> {
    let cache = common::temp_dir(name).join("ocr");
    Harness::builder()
        .with_size(egui::vec2(1300.0, 900.0))
        .build_eframe(move |_cc| {
            let mut app = DossierApp::for_tests(Vec::new(), None);
            app.ocr.cache_dir = Some(cache);
            app
        })
}

fn open_ocr_menu(h: &mut Harness<'static, DossierApp>) {
    h.get_by_label("OCR").click();
    h.step();
    h.step();
}

fn documents_from(h: &Harness<'static, DossierApp>) -> Vec<u32> {
    h.state()
        .analysis()
        .unwrap()
        .documents
        .iter()
        .map(|d| d.first_page)
        .collect()
}

#[test]
fn ocr_menu_never_applies_to_the_next_file_and_ocr_layers_are_marked() {
    // No OCR engine runs here: mode Never.
    let mut h = ocr_harness("gui-ocr-never");
    open_ocr_menu(&mut h);
    h.get_by_label("Never").click();
    h.step();
    assert_eq!(h.state().ocr.mode, dossier::ocr::OcrMode::Never);
    h.get_by_label("French (fra)").click();
    h.step();
    assert_eq!(h.state().ocr.languages, "fra");
    h.key_press(egui::Key::Escape);
    h.step();

    h.state_mut()
        .push(dossier::ui::Command::Open(vec![common::sample(
            "scanned.pdf",
        )]));
    h.step();
    wait_loaded(&mut h, 60);
    assert_eq!(h.state().files[0].ocr.mode, dossier::ocr::OcrMode::Never);
    // Page 3 is a picture without a text layer: without OCR, no document is found on it.
    let docs = documents_from(&h);
    assert!(!docs.contains(&3), "{docs:?}");
    // Pages with an invisible OCR layer made by another program: their findings say so.
    h.get_by_label("Redactions").click();
    h.step();
    assert!(
        h.get_all_by_label("OCR layer").next().is_some(),
        "a row is marked"
    );
    h.get_by_label("Documents").click();
    h.step();
    h.get_by_label(&format!("Documents ({})", docs.len()));
}

#[test]
fn ocr_is_cancellable_and_auto_reads_the_scans_with_marks() {
    if let Err(e) = dossier::ocr::engine_version() {
        eprintln!("skipping: no OCR engine ({e})");
        return;
    }
    let mut h = ocr_harness("gui-ocr-auto");
    h.step();
    open_ocr_menu(&mut h);
    h.get_by_label_contains("Engine: tesseract");
    h.get_by_label("Always: every page").click();
    h.step();
    h.key_press(egui::Key::Escape);
    h.step();

    // Open, then cancel at once from the status bar: the analysis stops, the pages stay.
    h.state_mut()
        .push(dossier::ui::Command::Open(vec![common::sample(
            "scanned.pdf",
        )]));
    h.step();
    h.step();
    h.get_by_label("Cancel").click();
    h.step();
    wait_loaded(&mut h, 120);
    assert!(
        matches!(&h.state().files[0].state, dossier::ui::FileState::Failed(e) if e.contains("cancelled")),
        "{}",
        h.state().status
    );
    assert_eq!(
        h.state().files[0].boxes.len(),
        12,
        "the pages are still there"
    );

    // Auto, and re-analyse from the menu: the scanned pages are read, their findings marked.
    open_ocr_menu(&mut h);
    h.get_by_label("Auto: pages without a text layer").click();
    h.step();
    h.get_by_label("Re-analyse with these settings").click();
    h.step();
    let started = std::time::Instant::now();
    wait_loaded(&mut h, 300);
    eprintln!("OCR of samples/scanned.pdf: {:?}", started.elapsed());
    assert_eq!(h.state().files[0].ocr.mode, dossier::ocr::OcrMode::Auto);
    let docs = documents_from(&h);
    assert!(docs.contains(&3), "{docs:?}");

    // The document of page 3 was read by OCR: its row carries the mark with the confidence.
    let a = h.state().analysis().unwrap().clone();
    let p3 = a.documents.iter().find(|d| d.first_page == 3).unwrap();
    assert_eq!(p3.provenance.source, dossier::pdf::Source::Ocr);
    assert!(p3.provenance.ocr_confidence.is_some());
    h.get_by_label("Documents").click();
    h.step();
    h.step();
    h.get_by_label_contains("p. 3–3");
    for d in a
        .documents
        .iter()
        .filter(|d| d.provenance.source != dossier::pdf::Source::Text)
    {
        assert!(
            h.get_all_by_label(&d.provenance.mark()).next().is_some(),
            "no mark {:?} for the document of p. {}",
            d.provenance.mark(),
            d.first_page
        );
    }

    // Page 3 says how it was read; its OCR words can be drawn.
    h.state_mut().show_ocr_words = true;
    h.state_mut().push(dossier::ui::Command::GoTo(3, None));
    h.step();
    h.step();
    h.get_by_label_contains("page read by OCR (tesseract");
}

#[test]
fn pages_are_handed_over_as_they_are_done() {
    // No OCR engine runs here: mode Never (fast).
    let mut h = ocr_harness("gui-partial");
    h.state_mut().ocr.mode = dossier::ocr::OcrMode::Never;
    h.state_mut()
        .push(dossier::ui::Command::Open(vec![common::sample(
            "scanned.pdf",
        )]));
    h.step();
    // While it runs, each page done is shown with its redactions (seen when a frame falls in
    // between: the analysis is quick without OCR, so this is not required).
    let until = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let mut seen_partial = false;
    while std::time::Instant::now() < until && !h.state().loaded() {
        h.step();
        let f = &h.state().files[0];
        if matches!(f.state, dossier::ui::FileState::Loading(..)) && f.pages_received > 0 {
            h.step();
            if matches!(
                h.state().files[0].state,
                dossier::ui::FileState::Loading(..)
            ) {
                h.get_by_label_contains("Found so far:");
                seen_partial = true;
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    wait_loaded(&mut h, 60);
    eprintln!("partial findings seen while loading: {seen_partial}");
    // Every page came through `page_ready` before the whole analysis arrived...
    let pages = common::read_json(&common::sample("scanned.truth.json"))["pages"]
        .as_array()
        .unwrap()
        .len();
    let f = &h.state().files[0];
    assert_eq!(f.boxes.len(), pages);
    assert_eq!(f.pages_received, pages);
    // ...which then replaced them: the usual panel, no "found so far" list.
    let a = h.state().analysis().unwrap().clone();
    assert_eq!(a.pages.len(), pages);
    h.get_by_label("Redactions").click();
    h.step();
    h.get_by_label(&format!("Redactions ({})", a.redactions.len()));
    assert!(h.query_by_label_contains("Found so far:").is_none());
}
