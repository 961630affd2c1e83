//! Pages laid out unlike the samples: a landscape memo drawn turned (shown upright by `/Rotate`,
//! or left sideways), upside down, a stamp up the margin, a French memo with no title line.
//! Every file is generated here.

use dossier::documents::DocumentKind;
use dossier::{FileAnalysis, Options, analysis::NoProgress};

use crate::common::pdfgen::{self, PageSpec, black, show as t};

fn analyze(bytes: &[u8]) -> FileAnalysis {
    dossier::analysis::analyze_bytes(
        std::path::Path::new("layouts.pdf"),
        bytes,
        &Options::default(),
        &NoProgress,
    )
    .unwrap()
}

/// A landscape memo (792 × 612 points of its own) with a classification, a file number, one box
/// over text still in the file and one over removed text, each with its code in the margin.
fn landscape_memo() -> String {
    let mut c = String::new();
    c += &t(340.0, 585.0, 10.0, "PROTECTED B");
    c += &t(72.0, 550.0, 14.0, "MEMORANDUM");
    c += &t(
        72.0,
        520.0,
        11.0,
        "TO: Ingrid Halvorsen, Assistant Deputy Minister",
    );
    c += &t(
        72.0,
        504.0,
        11.0,
        "FROM: Tomasz Kowalczyk, Director General, Marine Safety Branch",
    );
    c += &t(72.0, 488.0, 11.0, "DATE: March 3, 2022");
    c += &t(
        72.0,
        472.0,
        11.0,
        "SUBJECT: Hydrographic survey equipment for Chile",
    );
    c += &t(72.0, 456.0, 11.0, "File No.: 4567-12-0033");
    c += &t(
        72.0,
        420.0,
        11.0,
        "The applicant asks to ship two survey systems to the navy.",
    );
    // A box drawn over words that are still in the file.
    c += &t(
        72.0,
        400.0,
        11.0,
        "The end user is the Valparaiso naval yard of the navy.",
    );
    c += &black(160.0, 396.0, 300.0, 410.0);
    c += &t(640.0, 400.0, 9.0, "s.20(1)(b)");
    // A box over words that were removed.
    c += &t(72.0, 380.0, 11.0, "Officials met with");
    c += &black(170.0, 376.0, 330.0, 390.0);
    c += &t(640.0, 380.0, 9.0, "s.19(1)");
    c
}

/// `content` drawn on a portrait letter page turned a quarter anticlockwise (up the page).
fn turned_up(content: &str) -> String {
    format!("q 0 1 -1 0 612 0 cm\n{content}Q\n")
}

fn check_memo(a: &FileAnalysis, page: u32) {
    let memo = a
        .documents
        .iter()
        .find(|d| d.first_page == page)
        .unwrap_or_else(|| panic!("no document on page {page}: {:?}", a.documents));
    assert_eq!(memo.kind, DocumentKind::Memo, "{memo:?}");
    assert_eq!(memo.from.as_deref(), Some("Tomasz Kowalczyk"), "{memo:?}");
    assert_eq!(memo.to, vec!["Ingrid Halvorsen".to_string()], "{memo:?}");
    assert_eq!(memo.date.as_deref(), Some("2022-03-03"), "{memo:?}");
    assert_eq!(
        memo.subject.as_deref(),
        Some("Hydrographic survey equipment for Chile")
    );
    assert_eq!(memo.classification.as_deref(), Some("PROTECTED B"));
    assert_eq!(memo.file_number.as_deref(), Some("4567-12-0033"));
    let mut reds: Vec<_> = a.redactions.iter().filter(|r| r.page == page).collect();
    reds.sort_by(|x, y| x.codes.cmp(&y.codes));
    assert_eq!(reds.len(), 2, "{reds:#?}");
    assert_eq!(reds[0].codes, vec!["19(1)"]);
    assert!(reds[0].leaked_text.is_none(), "{:?}", reds[0]);
    assert_eq!(reds[1].codes, vec!["20(1)(b)"]);
    let leak = reds[1].leaked_text.as_deref().unwrap_or("");
    assert!(leak.contains("Valparaiso naval"), "{leak:?}");
    let people: Vec<&str> = a.officials.iter().map(|o| o.name.as_str()).collect();
    assert!(people.contains(&"Tomasz Kowalczyk"), "{people:?}");
    assert!(people.contains(&"Ingrid Halvorsen"), "{people:?}");
}

/// A landscape memo drawn turned on a portrait page and shown upright by `/Rotate 90`: read as
/// the reader sees it, with its fields, marking, file number, boxes, codes and leak.
#[test]
fn memo_drawn_turned_and_shown_upright_is_read() {
    let pdf = pdfgen::doc(&[PageSpec {
        width: 612.0,
        height: 792.0,
        rotate: 90,
        content: turned_up(&landscape_memo()),
    }]);
    let a = analyze(&pdf);
    let p = &a.pages[0];
    assert_eq!(p.turn, 90);
    // The frame is shown as the file's page is: upright, 792 wide.
    assert_eq!(p.rotate, 0);
    assert!(
        (p.crop_box.width() - 792.0).abs() < 0.01,
        "{:?}",
        p.crop_box
    );
    assert_eq!(p.lines[0].text, "PROTECTED B");
    assert_eq!(p.lines[1].text, "MEMORANDUM");
    check_memo(&a, 1);
    // Exports give boxes in the file's user space: the leaking box (x 160–300, y 396–410 on
    // the memo) lies at x 202–216, y 160–300 of the portrait page.
    let report = dossier::export::json::FileReport::from_analysis(&a);
    let leak = report
        .redactions
        .iter()
        .find(|r| r.leaked_text.is_some())
        .and_then(|r| r.bbox)
        .unwrap();
    let near = |a: f64, b: f64| (a - b).abs() < 1.5;
    assert!(
        near(leak.x0, 202.0)
            && near(leak.x1, 216.0)
            && near(leak.y0, 160.0)
            && near(leak.y1, 300.0),
        "{leak:?}"
    );
}

/// The same memo on a page without `/Rotate` (it shows sideways), drawn upside down and shown
/// upright by `/Rotate 180`, and upright on a landscape media box (no turn needed): read line by
/// line each time, the frame and its rotation as the page is shown.
#[test]
fn memo_drawn_sideways_upside_down_or_landscape_is_read() {
    let memo = landscape_memo();
    let cases = [
        // (page width, height, /Rotate, content, turn found, rotation of the frame)
        (612.0, 792.0, 0, turned_up(&memo), 90, 270),
        (
            792.0,
            612.0,
            180,
            format!("q -1 0 0 -1 792 612 cm\n{memo}Q\n"),
            180,
            0,
        ),
        (792.0, 612.0, 0, memo.clone(), 0, 0),
    ];
    for (width, height, rotate, content, turn, shown) in cases {
        let a = analyze(&pdfgen::doc(&[PageSpec {
            width,
            height,
            rotate,
            content,
        }]));
        assert_eq!((a.pages[0].turn, a.pages[0].rotate), (turn, shown));
        check_memo(&a, 1);
    }
}

/// Mixed orientations: an upright e-mail with its release stamp set up the right margin. The
/// body is read first, the stamp after it, and the stamp is the page's label.
#[test]
fn stamp_up_the_margin_is_read_after_the_body_and_labels_the_page() {
    let mut c = String::new();
    c += &t(72.0, 720.0, 11.0, "From: Lukas Berger");
    c += &t(72.0, 706.0, 11.0, "Sent: April 14, 2022 9:12 AM");
    c += &t(72.0, 692.0, 11.0, "To: Sophie Lambert");
    c += &t(72.0, 678.0, 11.0, "Subject: Sensor licences");
    c += &t(72.0, 650.0, 11.0, "Please find the list attached.");
    c += "BT /F1 9 Tf 0 1 -1 0 590 300 Tm (B-2022-00031 - 000007) Tj ET\n";
    let pdf = pdfgen::doc(&[PageSpec {
        width: 612.0,
        height: 792.0,
        rotate: 0,
        content: c,
    }]);
    let a = analyze(&pdf);
    let p = &a.pages[0];
    assert_eq!(p.turn, 0);
    let texts: Vec<&str> = p.lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(
        texts.last().copied(),
        Some("B-2022-00031 - 000007"),
        "{texts:?}"
    );
    assert_eq!(
        texts.first().copied(),
        Some("From: Lukas Berger"),
        "{texts:?}"
    );
    assert_eq!(a.page_labels[0].as_deref(), Some("B-2022-00031 - 000007"));
    assert_eq!(a.documents.len(), 1);
    assert_eq!(a.documents[0].kind, DocumentKind::Email);
}

/// A French memo with its fields in capitals and no title line: a memo, not an e-mail, with
/// its marking and reference number.
#[test]
fn french_memo_fields_without_a_title_make_a_memo() {
    let mut c = String::new();
    c += &t(260.0, 750.0, 10.0, "NON CLASSIFIÉ");
    c += &t(
        72.0,
        700.0,
        11.0,
        "À : Sophie Lambert, sous-ministre adjointe",
    );
    c += &t(72.0, 684.0, 11.0, "DE : Lukas Berger, directeur général");
    c += &t(72.0, 668.0, 11.0, "DATE : 14 avril 2022");
    c += &t(
        72.0,
        652.0,
        11.0,
        "OBJET : Demande de licence pour des capteurs",
    );
    c += &t(72.0, 636.0, 11.0, "N/Réf. : 2022-0117");
    c += &t(72.0, 600.0, 11.0, "La demande vise deux capteurs.");
    let pdf = pdfgen::doc(&[PageSpec {
        width: 612.0,
        height: 792.0,
        rotate: 0,
        content: c,
    }]);
    let a = analyze(&pdf);
    assert_eq!(a.documents.len(), 1, "{:?}", a.documents);
    let d = &a.documents[0];
    assert_eq!(d.kind, DocumentKind::Memo, "{d:?}");
    assert_eq!(d.from.as_deref(), Some("Lukas Berger"));
    assert_eq!(d.to, vec!["Sophie Lambert".to_string()]);
    assert_eq!(d.date.as_deref(), Some("2022-04-14"));
    assert_eq!(
        d.subject.as_deref(),
        Some("Demande de licence pour des capteurs")
    );
    assert_eq!(d.classification.as_deref(), Some("NON CLASSIFIÉ"));
    assert_eq!(d.file_number.as_deref(), Some("2022-0117"));
}

/// An e-mail printed by a mail program (`From:`, `Sent:`) stays an e-mail, and a paragraph
/// that begins "Memorandum of Understanding" starts no memo.
#[test]
fn mail_labels_and_memorandum_in_prose_make_no_memo() {
    let mut c = String::new();
    c += &t(72.0, 720.0, 11.0, "From: Lukas Berger");
    c += &t(72.0, 706.0, 11.0, "Sent: April 14, 2022 9:12 AM");
    c += &t(72.0, 692.0, 11.0, "To: Sophie Lambert");
    c += &t(72.0, 678.0, 11.0, "Subject: MOU");
    c += &t(
        72.0,
        650.0,
        11.0,
        "Memorandum of Understanding between the two agencies,",
    );
    c += &t(72.0, 636.0, 11.0, "to: be signed in May.");
    let pdf = pdfgen::pages(&[c]);
    let a = analyze(&pdf);
    assert_eq!(a.documents.len(), 1, "{:?}", a.documents);
    assert_eq!(a.documents[0].kind, DocumentKind::Email);
}

/// A passage redacted with one stepped outline (the end of a line, a whole line, the start of
/// the next): one redaction, with a box per line, and its code.
#[test]
fn stepped_outline_over_a_passage_is_one_redaction_with_its_boxes() {
    let mut c = String::new();
    c += &t(100.0, 703.0, 11.0, "The minister said that");
    c += &t(260.0, 675.0, 11.0, "was agreed in May.");
    c += "q 0 g 300 712 m 500 712 l 500 686 l 250 686 l 250 672 l 100 672 l 100 700 l 300 700 l h f Q\n";
    c += &t(520.0, 703.0, 9.0, "s.21(1)(a)");
    c += &t(100.0, 640.0, 11.0, "Next paragraph in plain sight.");
    let a = analyze(&pdfgen::pages(&[c]));
    assert_eq!(a.redactions.len(), 1, "{:#?}", a.redactions);
    let r = &a.redactions[0];
    assert_eq!(r.codes, vec!["21(1)(a)"]);
    assert_eq!(r.boxes.len(), 3, "{r:?}");
    assert!(r.leaked_text.is_none(), "{r:?}");
    let b = r.bbox.unwrap();
    assert!(
        (b.x0 - 100.0).abs() < 0.5 && (b.x1 - 500.0).abs() < 0.5,
        "{b:?}"
    );
}

/// Titles stated in a clause after the name, by surname or by full name: each goes to the
/// person it names, with its page.
#[test]
fn titles_in_a_who_clause_go_to_the_person_named() {
    let mut c = String::new();
    c += &t(72.0, 720.0, 11.0, "From: Ingrid Halvorsen");
    c += &t(72.0, 706.0, 11.0, "Sent: April 14, 2022 9:12 AM");
    c += &t(72.0, 692.0, 11.0, "To: Tomasz Kowalczyk");
    c += &t(72.0, 678.0, 11.0, "Subject: Survey licences");
    c += &t(
        72.0,
        650.0,
        11.0,
        "I spoke with Ms. Halvorsen, who heads the Marine Safety Branch, today.",
    );
    c += &t(
        72.0,
        636.0,
        11.0,
        "Tomasz Kowalczyk, who is the acting director general of Fisheries Protection,",
    );
    c += &t(
        72.0,
        622.0,
        11.0,
        "agreed. Mr. Nobody, who leads the Unknown Office, was away.",
    );
    let a = analyze(&pdfgen::pages(&[c]));
    let person = |n: &str| {
        a.officials
            .iter()
            .find(|o| o.name == n)
            .unwrap_or_else(|| panic!("{n} missing: {:#?}", a.officials))
    };
    let h = person("Ingrid Halvorsen");
    assert_eq!(h.title.as_deref(), Some("Head"), "{h:?}");
    assert_eq!(
        h.organization.as_deref(),
        Some("Marine Safety Branch"),
        "{h:?}"
    );
    let k = person("Tomasz Kowalczyk");
    assert_eq!(
        k.title.as_deref(),
        Some("Acting Director General of Fisheries Protection"),
        "{k:?}"
    );
    assert_eq!(k.titles[0].pages, vec![1]);
    assert!(a.officials.iter().all(|o| o.name != "Nobody"));
}

/// A passage boxed line by line whose first box ends one line (after visible words) and whose
/// next box starts the next line further left: one redaction, both boxes, the one margin label.
/// Also with the label printed inside the first box in white (in qualifier form), right above
/// where the second box ends: still the first box's label, and still one passage.
#[test]
fn a_passage_from_the_end_of_one_line_to_the_start_of_the_next_is_one_redaction() {
    for inside in [false, true] {
        let mut c = String::new();
        c += &t(72.0, 700.0, 11.0, "The shipyard told us that");
        c += &black(210.0, 696.0, 500.0, 710.0);
        // Under its own label, the second box reaches past where the label starts.
        let end = if inside { 260.0 } else { 180.0 };
        c += &black(72.0, 680.0, end, 694.0);
        c += &t(end + 5.0, 684.0, 11.0, "before the spring survey.");
        if inside {
            c += &format!(
                "BT 1 g /F1 8 Tf 214 699 Td ({}) Tj ET\n",
                pdfgen::escape("Sec. 19(1) - DEF")
            );
        } else {
            c += &t(520.0, 700.0, 8.0, "Sec. 23");
        }
        c += &t(72.0, 640.0, 11.0, "Next paragraph in plain sight.");
        let a = analyze(&pdfgen::pages(&[c]));
        assert_eq!(
            a.redactions.len(),
            1,
            "inside {inside}: {:#?}",
            a.redactions
        );
        let r = &a.redactions[0];
        let want = if inside { "19(1)" } else { "23" };
        assert_eq!(r.codes, vec![want], "{r:?}");
        assert_eq!(r.boxes.len(), 2, "{r:?}");
    }
}

/// Two boxes on consecutive lines that do not go on from one another (text after the upper one)
/// stay two redactions.
#[test]
fn boxes_on_consecutive_lines_with_text_between_stay_apart() {
    let mut c = String::new();
    c += &t(72.0, 700.0, 11.0, "The shipyard told us that");
    c += &black(210.0, 696.0, 300.0, 710.0);
    c += &t(305.0, 700.0, 11.0, "will call on Monday.");
    c += &t(520.0, 700.0, 8.0, "s.19(1)");
    c += &black(72.0, 680.0, 150.0, 694.0);
    c += &t(155.0, 684.0, 11.0, "asked for the figures.");
    c += &t(520.0, 684.0, 8.0, "s.19(1)");
    let a = analyze(&pdfgen::pages(&[c]));
    assert_eq!(a.redactions.len(), 2, "{:#?}", a.redactions);
    assert!(a.redactions.iter().all(|r| r.codes == ["19(1)"]));
}

/// French titles keep their complements; the end of a sentence above a title line is no name.
#[test]
fn french_title_complements_kept_and_a_sentence_end_is_no_name() {
    let c = pdfgen::rows(&[
        vec![(72.0, "Objet : Calendrier")],
        vec![(
            72.0,
            "Nous avons parl\u{e9} avec Ana Gon\u{e7}alves, conseill\u{e8}re principale en politiques,",
        )],
        vec![(72.0, "et avec Jonas Berg, chef de cabinet, hier.")],
        vec![(
            72.0,
            "Some information is withheld under the Access to Information Act.",
        )],
        vec![(72.0, "ATIP Coordinator")],
    ]);
    let a = analyze(&pdfgen::pages(&[c]));
    let title = |name: &str| {
        a.officials
            .iter()
            .find(|o| o.name == name)
            .map(|o| o.titles.iter().map(|t| t.title.clone()).collect::<Vec<_>>())
    };
    assert_eq!(
        title("Ana Gonçalves"),
        Some(vec!["Conseillère principale en politiques".to_string()]),
        "{:#?}",
        a.officials
    );
    assert_eq!(
        title("Jonas Berg"),
        Some(vec!["Chef de cabinet".to_string()]),
        "{:#?}",
        a.officials
    );
    assert!(
        a.officials.iter().all(|o| !o.name.contains("Act")),
        "{:#?}",
        a.officials
    );
}

/// A box ending one line and a box starting the line after the next, with a line of text
/// between them: two redactions (a line skipped is another passage), though the gap is within
/// double spacing.
#[test]
fn boxes_with_a_line_of_text_between_them_are_two_passages() {
    let mut c = String::new();
    c += &t(72.0, 700.0, 11.0, "The shipyard told us that");
    c += &black(210.0, 696.0, 500.0, 710.0);
    c += &t(
        72.0,
        687.0,
        11.0,
        "A line in plain sight between the two boxes.",
    );
    c += &black(72.0, 670.0, 180.0, 684.0);
    c += &t(185.0, 674.0, 11.0, "before the spring survey.");
    let a = analyze(&pdfgen::pages(&[c]));
    assert_eq!(a.redactions.len(), 2, "{:#?}", a.redactions);
}

/// A withheld-pages notice citing a code with an abbreviated prefix (`par.`, `al.`, `s.`): the
/// abbreviation's full stop does not end the notice, so its codes are read, in English and French.
#[test]
fn withheld_pages_notice_with_abbreviated_prefixes_keeps_its_codes() {
    let mut en = String::new();
    en += &t(
        72.0,
        700.0,
        11.0,
        "Pages 4 to 7 are withheld pursuant to par. 15(1) and s. 19(1)",
    );
    en += &t(72.0, 686.0, 11.0, "of the Access to Information Act.");
    let mut fr = String::new();
    fr += &t(
        72.0,
        700.0,
        11.0,
        "Les pages 9 à 10 sont retenues en vertu de l'al. 21(1)a). Voir la lettre.",
    );
    let a = analyze(&pdfgen::pages(&[en, fr]));
    let codes = |page: u32| -> Vec<String> {
        a.redactions
            .iter()
            .filter(|r| r.page == page && !r.withheld_pages.is_empty())
            .flat_map(|r| r.codes.clone())
            .collect()
    };
    assert_eq!(codes(1), ["15(1)", "19(1)"], "{:#?}", a.redactions);
    assert_eq!(codes(2), ["21(1)(a)"], "{:#?}", a.redactions);
}
