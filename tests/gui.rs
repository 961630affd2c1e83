//! The desktop app driven headlessly with egui_kittest: open a sample, see its redactions, jump
//! to one, filter by code, tag, save, reopen.
#![cfg(feature = "gui")]

use std::path::PathBuf;

use dossier::ui::DossierApp;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::common;

fn harness(paths: Vec<PathBuf>, project: Option<PathBuf>) -> Harness<'static, DossierApp> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1300.0, 900.0))
        .build_eframe(move |_cc| DossierApp::for_tests(paths, project));
    // Background loading: step until every file is analysed (bounded).
    for _ in 0..600 {
        h.step();
        if h.state().loaded() && h.state().analysis().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(h.state().loaded(), "the sample did not load");
    h.step();
    h
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
    for _ in 0..600 {
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
    h.get_by_label(&format!(
        "Permit links ({})",
        truth["permit_links"].as_array().unwrap().len()
    ));
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
