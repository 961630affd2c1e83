//! The overview, headless: it is what a production opens on, and a bar of the code chart, a
//! cell of the page strip, the leaks, a kind of document and a person each land on the list
//! behind them.
#![cfg(feature = "gui")]

use dossier::analysis::overview::Overview;
use dossier::redactions::stats::Reading;
use dossier::ui::{DossierApp, Tab};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::common;

fn loaded() -> Harness<'static, DossierApp> {
    let path = common::sample("production.pdf");
    let mut h = Harness::builder()
        .with_size(egui::vec2(1300.0, 900.0))
        .build_eframe(move |_cc| DossierApp::for_tests(vec![path], None));
    let until = std::time::Instant::now() + std::time::Duration::from_secs(180);
    while std::time::Instant::now() < until {
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

fn truth_redactions() -> Vec<serde_json::Value> {
    common::read_json(&common::sample("production.truth.json"))["redactions"]
        .as_array()
        .unwrap()
        .clone()
}

/// A primary click at `pos`, as a user's.
fn click_at(h: &mut Harness<'static, DossierApp>, pos: egui::Pos2) {
    h.event(egui::Event::PointerMoved(pos));
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::default(),
        });
    }
    h.step();
    h.step();
}

#[test]
fn the_overview_comes_first_and_a_bar_lists_its_codes_redactions() {
    let mut h = loaded();
    assert_eq!(h.state().tab, Tab::Overview);
    let reds = truth_redactions();
    h.get_by_label(&format!("{} redactions", reds.len()));
    // The chart's rows, top to bottom: exemptions most used first, then exclusions.
    let o = Overview::of(h.state().analysis().unwrap(), &Reading::default());
    let rows: Vec<_> = o.exemptions.iter().chain(&o.exclusions).collect();
    let n = rows.len();
    assert!(n >= 3, "{rows:?}");
    // The second bar, not the first: the click must find its row.
    let (i, code) = (1, rows[1].code.clone());
    let with_code = reds
        .iter()
        .filter(|r| r["codes"].as_array().unwrap().iter().any(|c| c == &code))
        .count();
    assert_eq!(rows[i].count, with_code);
    let chart = h.get_by_label("Redactions by code chart").rect();
    let at = egui::pos2(
        chart.left() + chart.width() * 0.05,
        chart.top() + (i as f32 + 0.5) * chart.height() / n as f32,
    );
    click_at(&mut h, at);
    let app = h.state();
    assert_eq!(app.tab, Tab::Redactions, "the click did not open the list");
    assert_eq!(app.filter_codes.iter().collect::<Vec<_>>(), vec![&code]);
    let visible = app.visible_redactions();
    assert_eq!(visible.len(), with_code);
    assert!(visible.iter().all(|r| r.codes.contains(&code)));
    // The list shows it: the code's filter is on in the panel.
    h.get_by_label(&format!("s.{code} ×{with_code}"));

    // An exclusion's bar, apart at the bottom: s.69(1).
    h.state_mut().tab = Tab::Overview;
    h.step();
    let last = n - 1;
    assert_eq!(rows[last].code, "69(1)");
    let chart = h.get_by_label("Redactions by code chart").rect();
    let at = egui::pos2(
        chart.left() + chart.width() * 0.05,
        chart.top() + (last as f32 + 0.5) * chart.height() / n as f32,
    );
    click_at(&mut h, at);
    assert_eq!(h.state().tab, Tab::Redactions);
    assert!(h.state().filter_codes.contains("69(1)"));
    assert_eq!(h.state().visible_redactions().len(), rows[last].count);
}

#[test]
fn a_strip_cell_goes_to_its_page_and_lists_its_redactions() {
    let mut h = loaded();
    let pages = h.state().analysis().unwrap().pages.len();
    let strip = h.get_by_label("Page strip: withheld share per page").rect();
    // The sample's pages fit on one row: cell i of n is the i-th n-th of the width.
    assert!(strip.height() < 30.0, "{strip:?}");
    let at = strip.center();
    let page = ((at.x - strip.left()) / (strip.width() / pages as f32)) as u32 + 1;
    assert!(page > 1, "the click must move the view");
    click_at(&mut h, at);
    let app = h.state();
    assert_eq!(app.page, page, "the click did not go to the page");
    assert_eq!(app.tab, Tab::Redactions);
    assert_eq!(app.filter_pages, Some((page, page)));
    let on_page = truth_redactions()
        .iter()
        .filter(|r| r["page"] == page)
        .count();
    assert!(on_page > 0);
    assert_eq!(app.visible_redactions().len(), on_page);
    assert!(app.visible_redactions().iter().all(|r| r.page == page));
    // The list says so, and the chip clears it.
    h.get_by_label(&format!("Only p. {page} ×")).click();
    h.step();
    h.step();
    assert_eq!(h.state().filter_pages, None);
    assert_eq!(
        h.state().visible_redactions().len(),
        truth_redactions().len()
    );
}

#[test]
fn the_leaks_number_lists_the_leaks_a_kind_its_documents_a_person_their_row() {
    let mut h = loaded();
    let leaks = truth_redactions()
        .iter()
        .filter(|r| !r["leaked_text"].is_null())
        .count();
    assert!(leaks > 0);
    h.get_by_label_contains(&format!("{leaks} leak(s): hidden text"))
        .click();
    h.step();
    h.step();
    assert_eq!(h.state().tab, Tab::Redactions);
    assert!(h.state().leaks_only);
    let visible = h.state().visible_redactions();
    assert_eq!(visible.len(), leaks);
    assert!(visible.iter().all(|r| r.leaked_text.is_some()));

    // Back to the overview: the memos, one click away.
    h.get_by_label("Overview").click();
    h.step();
    let memos = h
        .state()
        .analysis()
        .unwrap()
        .documents
        .iter()
        .filter(|d| d.kind == dossier::documents::DocumentKind::Memo && d.quoted_in.is_none())
        .count();
    assert!(memos > 0);
    let label = if memos == 1 {
        "1 memo".to_string()
    } else {
        format!("{memos} memos")
    };
    h.get_by_label(&label).click();
    h.step();
    h.step();
    assert_eq!(h.state().tab, Tab::Documents);
    assert_eq!(
        h.state().filter_doc_kind,
        Some(dossier::documents::DocumentKind::Memo)
    );
    h.get_by_label("Only memos ×");
    assert!(h.query_by_label_contains("e-mail  ").is_none());

    // And the person named on the most pages: their row, at their first mention.
    h.get_by_label("Overview").click();
    h.step();
    let o = Overview::of(h.state().analysis().unwrap(), &Reading::default());
    let top = o.people.first().unwrap().clone();
    h.get_by_label(&format!("{} · {} page(s)", top.name, top.pages))
        .click();
    h.step();
    h.step();
    assert_eq!(h.state().tab, Tab::People);
    assert_eq!(h.state().filter_person.as_deref(), Some(top.id.as_str()));
    let a = h.state().analysis().unwrap().clone();
    let person = a.officials.iter().find(|p| p.id == top.id).unwrap();
    assert_eq!(h.state().page, person.mention_list.first().unwrap().page);
    h.get_by_label(&format!("Only {} ×", top.name));
}

/// "N pages withheld whole" is a link too: the notices, alone, and a chip that clears them.
#[test]
fn the_pages_withheld_whole_list_their_notices() {
    let mut h = loaded();
    let notices: Vec<serde_json::Value> = truth_redactions()
        .into_iter()
        .filter(|r| r["kind"] == "withheld_pages")
        .collect();
    let pages: usize = notices
        .iter()
        .map(|r| r["withheld_pages"].as_array().map_or(0, Vec::len))
        .sum();
    assert!(pages > 0);
    h.get_by_label(&format!("{pages} pages withheld whole"))
        .click();
    h.step();
    h.step();
    assert_eq!(h.state().tab, Tab::Redactions);
    let visible = h.state().visible_redactions();
    assert_eq!(visible.len(), notices.len());
    assert!(
        visible
            .iter()
            .all(|r| r.kind == dossier::redactions::RedactionKind::WithheldPages)
    );
    h.get_by_label("Only pages withheld whole ×").click();
    h.step();
    h.step();
    assert_eq!(
        h.state().visible_redactions().len(),
        truth_redactions().len()
    );
}
