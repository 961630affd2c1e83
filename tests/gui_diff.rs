//! Releases compared in the window (issue 18), headless: two releases of the same records
//! redacted apart (`common::releases`), the Differences tab, a change row clicked, both pages
//! side by side at it with the released text over the box; paging one column takes the other
//! along; Esc back to one page, where the overlay stays; one production alone compared with
//! itself.
#![cfg(feature = "gui")]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use dossier::compare::Which;
use dossier::ui::{Command, DiffCommand, DossierApp, Tab};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::common::{self, releases};

fn harness(paths: Vec<PathBuf>) -> Harness<'static, DossierApp> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_eframe(move |_cc| DossierApp::for_tests(paths, None));
    step_until(&mut h, "the files to load", |app| {
        app.loaded() && app.analysis().is_some()
    });
    h
}

/// Steps the app until `done` (bounded: the machine may be shared).
fn step_until(
    h: &mut Harness<'static, DossierApp>,
    what: &str,
    done: impl Fn(&DossierApp) -> bool,
) {
    let until = Instant::now() + Duration::from_secs(180);
    while Instant::now() < until {
        h.step();
        if done(h.state()) {
            h.step();
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("waited in vain for {what}");
}

/// Two releases of the same records written to a folder of their own: `(a, b, pair)`.
fn two_releases(seed: u64) -> (PathBuf, PathBuf, releases::Pair) {
    write_pair(seed, releases::pair(seed, 5))
}

fn write_pair(seed: u64, p: releases::Pair) -> (PathBuf, PathBuf, releases::Pair) {
    let dir = common::temp_dir(&format!("gui-diff-{seed}"));
    let (a, b) = (dir.join("committee.pdf"), dir.join("atip.pdf"));
    std::fs::write(&a, &p.a.bytes).unwrap();
    std::fs::write(&b, &p.b.bytes).unwrap();
    (a, b, p)
}

#[test]
fn a_change_row_opens_both_pages_side_by_side_with_the_released_text_over_the_box() {
    let (a, b, pair) = two_releases(4);
    let expected = releases::expected_changes(&pair);
    assert!(!expected.is_empty(), "the seed draws no difference");
    let mut h = harness(vec![a, b]);
    // The tab, as a user opens it: the comparison starts by itself.
    h.get_by_label("Differences").click();
    h.step();
    assert_eq!(h.state().tab, Tab::Differences);
    step_until(&mut h, "the comparison", |app| app.diff_result().is_some());
    let result = h.state().diff_result().unwrap().result.clone();
    assert_eq!(h.state().diff_files(), (0, 1));
    // The window shows what the library finds, and the library finds what the truth says.
    let truth = |c: &dossier::compare::Change| {
        let w = if c.withheld_in == Which::A { 'a' } else { 'b' };
        expected
            .iter()
            .any(|e| e.1 == w && e.2 == c.a_page && e.3 == c.b_page)
    };
    let (_, change) = result
        .changes
        .iter()
        .enumerate()
        .find(|(_, c)| truth(c) && !c.withheld_boxes.is_empty() && !c.released_boxes.is_empty())
        .expect("no change of the truth found");
    h.get_by_label_contains("records found in both");
    // The row reads like `dossier diff`: "p. 3 (STAMP) withholds under s.… what STAMP releases".
    let sentence = dossier::ui::change_sentence(change, "committee.pdf", "atip.pdf");
    assert!(sentence.contains(" what ") && sentence.contains(" releases: \""));
    assert!(sentence.contains(&change.text));
    h.get_by_label(&sentence).click();
    h.step();
    h.step();
    let side = h.state().diff.side.clone().expect("no side by side");
    assert_eq!(side.files, [0, 1]);
    assert_eq!(side.pages, [change.a_page, change.b_page]);
    // Each column titled by its page's stamp.
    for (k, which) in [(0, Which::A), (1, Which::B)] {
        let stamp = change.at(which).1.unwrap_or("no stamp").to_string();
        let letter = if k == 0 { "A" } else { "B" };
        h.get_by_label(&format!("{letter}: {stamp}"));
    }
    // The released text over the withholding copy's box, the words highlighted in the other.
    h.get_by_label(&format!("released over the box: {}", change.text));
    h.get_by_label(&format!(
        "released here, withheld in the other copy: {}",
        change.text
    ));
    // Esc: back to one page, the withholding copy's when it is A; the overlay stays on.
    h.key_press(egui::Key::Escape);
    h.step();
    h.step();
    let app = h.state();
    assert!(app.diff.side.is_none());
    assert!(app.diff.overlay);
    assert_eq!((app.current, app.page), (0, change.a_page));
    let label = match change.withheld_in {
        Which::A => format!("released over the box: {}", change.text),
        Which::B => format!("released here, withheld in the other copy: {}", change.text),
    };
    h.get_by_label(&label);
}

#[test]
fn paging_one_column_takes_the_other_to_the_same_place_in_the_pair() {
    let (a, b, pair) = two_releases(6);
    let mut h = harness(vec![a, b]);
    h.state_mut().tab = Tab::Differences;
    step_until(&mut h, "the comparison", |app| app.diff_result().is_some());
    let result = h.state().diff_result().unwrap().result.clone();
    // The first record: A lays the records out in their order, B in its own.
    let (fa, fb) = (pair.a.first_pages[0], pair.b.first_pages[0]);
    let k = result
        .pairs
        .iter()
        .position(|p| p.a.first_page == fa && p.b.first_page == fb)
        .unwrap_or_else(|| panic!("record 0 not paired: {:?}", result.pairs));
    // The page after it in A, and where that place is in B: the same record, as far in.
    let next = fa + 1;
    let r = (0..pair.records)
        .filter(|r| pair.a.first_pages[*r] <= next)
        .max_by_key(|r| pair.a.first_pages[*r])
        .unwrap();
    let want_b = pair.b.first_pages[r] + (next - pair.a.first_pages[r]);
    assert_ne!(want_b, fb + 1, "B's pages follow A's anyway: a weak test");
    h.state_mut().push(Command::Diff(DiffCommand::ShowPair(k)));
    h.step();
    h.step();
    assert_eq!(h.state().diff.side.as_ref().unwrap().pages, [fa, fb]);
    // PgDn in A: B follows to the same place of the record on that page, elsewhere in B.
    h.key_press(egui::Key::PageDown);
    for _ in 0..4 {
        h.step();
    }
    let pages = h.state().diff.side.as_ref().unwrap().pages;
    assert_eq!(pages, [next, want_b]);
    // The wheel over B, two screens down: A follows to the same place of B's record.
    let over_b = egui::pos2(1150.0, 500.0);
    h.event(egui::Event::PointerMoved(over_b));
    h.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Page,
        delta: egui::vec2(0.0, -2.0),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
        modifiers: egui::Modifiers::default(),
    });
    for _ in 0..60 {
        h.step();
    }
    let pages = h.state().diff.side.as_ref().unwrap().pages;
    assert!(pages[1] > want_b, "the wheel did not scroll B: {pages:?}");
    let r = (0..pair.records)
        .filter(|r| pair.b.first_pages[*r] <= pages[1])
        .max_by_key(|r| pair.b.first_pages[*r])
        .unwrap();
    let want_a = pair.a.first_pages[r] + (pages[1] - pair.b.first_pages[r]);
    assert_eq!(pages[0], want_a, "A did not follow B: {pages:?}");
    // Another button: back to the single page view.
    h.get_by_label("Leave side by side").click();
    h.step();
    assert!(h.state().diff.side.is_none());
}

#[test]
fn one_production_alone_is_compared_with_itself() {
    let dir = common::temp_dir("gui-diff-thread");
    let (bytes, expected) = releases::thread(2);
    let path = dir.join("thread.pdf");
    std::fs::write(&path, bytes).unwrap();
    let mut h = harness(vec![path]);
    // The overview counts the repeated passages; the count is a link to them.
    assert_eq!(h.state().tab, Tab::Overview);
    h.get_by_label_contains("repeated passage(s) withheld in one place")
        .click();
    step_until(&mut h, "the repeated passages", |app| {
        app.diff_result().is_some()
    });
    assert_eq!(h.state().tab, Tab::Differences);
    assert_eq!(h.state().diff_files(), (0, 0));
    h.get_by_label_contains("passages repeated inside the production");
    let result = h.state().diff_result().unwrap().result.clone();
    assert!(!expected.is_empty());
    let first = result.changes.first().expect("no change in a quoted reply");
    let sentence = dossier::ui::change_sentence(first, "thread.pdf", "thread.pdf");
    h.get_by_label(&sentence).click();
    h.step();
    h.step();
    let side = h.state().diff.side.clone().unwrap();
    assert_eq!(side.files, [0, 0]);
    assert_eq!(side.pages, [first.a_page, first.b_page]);
    h.get_by_label(&format!("released over the box: {}", first.text));
}

/// Not a test: writes two releases for a look at the window (`DOSSIER_PAIR_DIR=/tmp cargo test
/// --test integration write_two_releases -- --ignored`, then `dossier --compare a.pdf b.pdf`;
/// `DOSSIER_PAIR_RECORDS=N` for N records, 6 by default).
#[test]
#[ignore]
fn write_two_releases() {
    let dir = PathBuf::from(std::env::var("DOSSIER_PAIR_DIR").unwrap_or_else(|_| "/tmp".into()));
    let n = std::env::var("DOSSIER_PAIR_RECORDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(6);
    let p = releases::pair(4, n);
    std::fs::write(dir.join("a.pdf"), &p.a.bytes).unwrap();
    std::fs::write(dir.join("b.pdf"), &p.b.bytes).unwrap();
}
