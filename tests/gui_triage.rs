//! Triage at keyboard speed, driven headlessly with egui_kittest on the sample production: A
//! accepts, D dismisses, J/K move the selection (and the page), Ctrl+Z / Ctrl+Shift+Z undo and
//! redo, Shift+click selects a range that A reviews in one undoable step, U hides what is
//! reviewed, the column headers sort; every row shows the words around its redaction.
#![cfg(feature = "gui")]

use dossier::ui::{Command, DossierApp, Tab};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

use crate::common;
use crate::gui::{filter_box, filter_rows, harness, wait_loaded};

/// The sample, analysed, with no project file.
fn sample() -> Harness<'static, DossierApp> {
    harness(vec![common::sample("production.pdf")], None)
}

fn redactions() -> usize {
    common::read_json(&common::sample("production.truth.json"))["redactions"]
        .as_array()
        .unwrap()
        .len()
}

fn press(h: &mut Harness<'static, DossierApp>, key: Key) {
    h.key_press(key);
    h.step();
    h.step();
}

fn press_with(h: &mut Harness<'static, DossierApp>, m: Modifiers, key: Key) {
    h.key_press_modifiers(m, key);
    h.step();
    h.step();
}

fn reviewed(h: &Harness<'static, DossierApp>, key: &str) -> bool {
    h.state()
        .project
        .reviewed
        .get(key)
        .copied()
        .unwrap_or(false)
}

fn dismissed(h: &Harness<'static, DossierApp>, key: &str) -> bool {
    h.state()
        .project
        .corrections
        .get(key)
        .is_some_and(|c| c.dismissed)
}

/// The labels of the list rows drawn (their first line: `p. N kind codes`), top to bottom.
fn row_labels(h: &Harness<'static, DossierApp>) -> Vec<String> {
    h.query_all_by(|n| {
        n.role() == egui::accesskit::Role::Button && n.label().is_some_and(|l| l.starts_with("p. "))
    })
    .filter_map(|n| n.accesskit_node().label())
    .collect()
}

/// The `i`th list row drawn, top to bottom.
fn row<'h>(h: &'h Harness<'static, DossierApp>, i: usize) -> egui_kittest::Node<'h> {
    h.query_all_by(|n| {
        n.role() == egui::accesskit::Role::Button && n.label().is_some_and(|l| l.starts_with("p. "))
    })
    .nth(i)
    .unwrap()
}

#[test]
fn a_accepts_d_dismisses_ctrl_z_undoes_and_ctrl_shift_z_redoes() {
    let n = redactions();
    let mut h = sample();
    h.get_by_label(&format!("0 of {n} reviewed"));
    let keys = h.state_mut().shown_keys();
    assert_eq!(keys.len(), n);

    // J selects the first row; A accepts it and moves on to the next.
    press(&mut h, Key::J);
    assert_eq!(h.state_mut().selected_keys(), [keys[0].clone()]);
    press(&mut h, Key::A);
    assert!(reviewed(&h, &keys[0]));
    h.get_by_label(&format!("1 of {n} reviewed"));
    assert_eq!(h.state_mut().selected_keys(), [keys[1].clone()]);

    // D dismisses the second (a decision too: it counts as reviewed).
    press(&mut h, Key::D);
    assert!(dismissed(&h, &keys[1]));
    h.get_by_label(&format!("2 of {n} reviewed"));

    // Ctrl+Z takes back the dismissal, then the acceptance; the status bar says what.
    press_with(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(!dismissed(&h, &keys[1]));
    assert!(
        h.state().status.starts_with("undone: dismissed"),
        "{}",
        h.state().status
    );
    press_with(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(!reviewed(&h, &keys[0]));
    assert!(
        h.state().project.reviewed.is_empty(),
        "back to no mark at all"
    );
    h.get_by_label(&format!("0 of {n} reviewed"));

    // Ctrl+Shift+Z redoes the acceptance, Ctrl+Y the dismissal.
    press_with(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert!(reviewed(&h, &keys[0]));
    assert!(
        h.state().status.starts_with("redone: reviewed"),
        "{}",
        h.state().status
    );
    press_with(&mut h, Modifiers::COMMAND, Key::Y);
    assert!(dismissed(&h, &keys[1]));
    h.get_by_label(&format!("2 of {n} reviewed"));

    press_with(&mut h, Modifiers::COMMAND, Key::Z);
    press_with(&mut h, Modifiers::COMMAND, Key::Z);
    h.get_by_label(&format!("0 of {n} reviewed"));

    // The row's checkbox and its right-click menu go through the same history.
    h.query_all_by(|n| {
        n.role() == egui::accesskit::Role::CheckBox && n.label().as_deref() == Some("reviewed (A)")
    })
    .next()
    .unwrap()
    .click();
    h.step();
    h.step();
    assert!(reviewed(&h, &keys[0]));
    press_with(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(!reviewed(&h, &keys[0]));
    row(&h, 2).click_secondary();
    h.step();
    h.step();
    h.get_by_label("Dismiss as wrong (left out of exports)")
        .click();
    h.step();
    h.step();
    assert!(dismissed(&h, &keys[2]));
    press_with(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(!dismissed(&h, &keys[2]));
    assert!(
        h.state().status.starts_with("undone: dismissed red-p1-3"),
        "{}",
        h.state().status
    );
}

#[test]
fn j_and_k_move_the_selection_and_the_page_follows() {
    let mut h = sample();
    let keys = h.state_mut().shown_keys();
    let a = h.state().analysis().unwrap().clone();
    let on_page_1 = a.redactions.iter().filter(|r| r.page == 1).count();
    // Down the rows of page 1, then one more: the view turns to page 2.
    for (k, key) in keys.iter().enumerate().take(on_page_1 + 1) {
        press(&mut h, if k % 2 == 0 { Key::J } else { Key::ArrowDown });
        assert_eq!(h.state_mut().selected_keys(), std::slice::from_ref(key));
    }
    assert_eq!(h.state().page, 2);
    press(&mut h, Key::K);
    assert_eq!(h.state().page, 1);
    assert_eq!(h.state_mut().selected_keys(), [keys[on_page_1 - 1].clone()]);
    // J / K step pages where there is no list (the Documents tab).
    h.get_by_label("Documents").click();
    h.step();
    press(&mut h, Key::J);
    assert_eq!(h.state().page, 2);
}

#[test]
fn shift_click_selects_a_range_that_a_reviews_in_one_undoable_step() {
    let n = redactions();
    let mut h = sample();
    let keys = h.state_mut().shown_keys();
    assert!(row_labels(&h).len() >= 4, "{:?}", row_labels(&h));
    // Click the first row, Shift+click the third: three rows selected.
    row(&h, 0).click();
    h.step();
    h.step();
    row(&h, 2).click_modifiers(Modifiers::SHIFT);
    h.step();
    h.step();
    assert_eq!(h.state_mut().selected_keys(), keys[..3].to_vec());
    // Ctrl+click the fourth: four.
    row(&h, 3).click_modifiers(Modifiers::COMMAND);
    h.step();
    h.step();
    assert_eq!(h.state_mut().selected_keys(), keys[..4].to_vec());
    press(&mut h, Key::A);
    assert!(keys[..4].iter().all(|k| reviewed(&h, k)));
    h.get_by_label(&format!("4 of {n} reviewed"));
    // One undo takes back all four.
    press_with(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(keys[..4].iter().all(|k| !reviewed(&h, k)));
    h.get_by_label(&format!("0 of {n} reviewed"));
    assert!(
        h.state().status.contains("4 findings"),
        "{}",
        h.state().status
    );
    // The undone rows are selected again; Esc clears that, Shift+J extends from the keyboard.
    assert_eq!(h.state_mut().selected_keys(), keys[..4].to_vec());
    press(&mut h, Key::Escape);
    assert!(h.state_mut().selected_keys().is_empty());
    press(&mut h, Key::J);
    press_with(&mut h, Modifiers::SHIFT, Key::J);
    press_with(&mut h, Modifiers::SHIFT, Key::ArrowDown);
    assert_eq!(h.state_mut().selected_keys(), keys[1..4].to_vec());
}

#[test]
fn unreviewed_only_hides_what_is_reviewed_or_dismissed() {
    let n = redactions();
    let mut h = sample();
    let keys = h.state_mut().shown_keys();
    press(&mut h, Key::J);
    press(&mut h, Key::A);
    press(&mut h, Key::D);
    press(&mut h, Key::U);
    let shown = h.state_mut().shown_keys();
    assert_eq!(shown.len(), n - 2);
    assert!(!shown.contains(&keys[0]) && !shown.contains(&keys[1]));
    assert_eq!(row_labels(&h).len().min(n - 2), row_labels(&h).len());
    // The switch is on the panel too, and U again shows every row.
    h.get_by_label("Unreviewed only (U)");
    press(&mut h, Key::U);
    assert_eq!(h.state_mut().shown_keys().len(), n);
}

#[test]
fn sorting_by_page_descending_reverses_the_order_and_the_filter_finds_words() {
    let mut h = sample();
    let before = h.state_mut().shown_keys();
    let last_page = h
        .state()
        .analysis()
        .unwrap()
        .redactions
        .last()
        .unwrap()
        .page;
    h.get_by_label("Page ▲").click();
    h.step();
    h.step();
    let mut after = h.state_mut().shown_keys();
    assert_ne!(after, before);
    after.reverse();
    assert_eq!(after, before);
    h.get_by_label("Page ▼");
    let rows = row_labels(&h);
    assert!(rows[0].starts_with(&format!("p. {last_page} ")), "{rows:?}");

    // Each row shows the words around its box: page 2's marker in its sentence.
    h.get_by_label("Page ▼").click();
    h.step();
    h.step();
    h.get_by_label_contains("confirm the delivery record ███ before Monday");
    // The filter matches those words (and only the rows that have them).
    filter_rows(&mut h, "delivery record");
    let shown = h.state_mut().shown_keys();
    assert_eq!(shown.len(), 1, "{shown:?}");
    let a = h.state().analysis().unwrap().clone();
    let r = a
        .redactions
        .iter()
        .find(|r| shown[0].ends_with(&format!(":{}", r.id)))
        .unwrap();
    assert_eq!((r.page, r.kind.as_str()), (2, "marker"));
    // While the filter box has the keyboard, A is typing: it does not accept.
    press(&mut h, Key::J);
    assert_eq!(h.state_mut().selected_keys(), shown);
    filter_box(&h).click();
    h.step();
    press(&mut h, Key::A);
    assert!(h.state().project.reviewed.is_empty());
    press(&mut h, Key::Escape);
    press(&mut h, Key::J);
    press(&mut h, Key::A);
    assert!(reviewed(&h, &shown[0]));
}

#[test]
fn the_list_follows_the_page_and_people_and_permit_rows_say_where_and_why() {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1300.0, 900.0))
        .build_eframe(|_cc| {
            let mut app = DossierApp::for_tests(Vec::new(), None);
            app.push(Command::LoadRegistry(common::sample("permits.csv")));
            app.push(Command::Open(vec![common::sample("production.pdf")]));
            app.apply_commands();
            app
        });
    wait_loaded(&mut h, 180);
    // The overview comes first; this starts from the list.
    h.state_mut().tab = Tab::Redactions;
    h.step();
    let a = h.state().analysis().unwrap().clone();

    // Page 11's rows are far down the list: going there brings them into view.
    let last = a.redactions.iter().map(|r| r.page).max().unwrap();
    assert!(
        !row_labels(&h)
            .iter()
            .any(|l| l.starts_with(&format!("p. {last} ")))
    );
    h.state_mut().push(Command::GoTo(last, None));
    for _ in 0..3 {
        h.step();
    }
    let rows = row_labels(&h);
    assert!(
        rows.iter().any(|l| l.starts_with(&format!("p. {last} "))),
        "{rows:?}"
    );

    // People: each row says on how many pages, and the first and last dates.
    h.get_by_label("People").click();
    h.step();
    h.step();
    let spans = dossier::analysis::context::person_spans(&a);
    let s = spans
        .iter()
        .find(|s| s.pages > 1 && s.first != s.last && s.first.is_some())
        .unwrap();
    h.get_by_label_contains(&format!(
        "{} pages · {} – {}",
        s.pages,
        s.first.as_deref().unwrap(),
        s.last.as_deref().unwrap()
    ));
    // Sorted by number of pages, most first.
    h.get_by_label("Pages").click();
    h.step();
    h.step();
    h.get_by_label("Pages ▲").click();
    h.step();
    h.step();
    let shown = h.state_mut().shown_keys();
    let pages_of = |k: &String| {
        let i = a
            .officials
            .iter()
            .position(|o| k.ends_with(&format!(":{}", o.id)))
            .unwrap();
        spans[i].pages
    };
    let counts: Vec<usize> = shown.iter().map(pages_of).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    // J picks the first person and shows their first mention; A reviews them.
    press(&mut h, Key::J);
    let first = &a.officials[a
        .officials
        .iter()
        .position(|o| shown[0].ends_with(&format!(":{}", o.id)))
        .unwrap()];
    assert_eq!(h.state().page, first.mention_list[0].page);
    press(&mut h, Key::A);
    h.get_by_label(&format!("1 of {} reviewed", a.officials.len()));
    assert!(reviewed(&h, &shown[0]));

    // Permits: each row shows its evidence; the triage keys work there too.
    h.get_by_label("Permits").click();
    h.step();
    h.step();
    let link = &a.permit_links[0];
    assert!(h.get_all_by_label(&link.evidence).next().is_some());
    press(&mut h, Key::J);
    press(&mut h, Key::D);
    let n = a.permit_links.len() + a.permit_candidates.len();
    h.get_by_label(&format!("1 of {n} reviewed"));
    press_with(&mut h, Modifiers::COMMAND, Key::Z);
    h.get_by_label(&format!("0 of {n} reviewed"));
}
