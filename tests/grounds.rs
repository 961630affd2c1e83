//! Claimed grounds against stamped codes (issue 15, item 9): a production whose notice page
//! claims s.15(1) and s.19(1) while its boxes are stamped s.15(1), s.21(1)(a) and s.22(1)(b).

use std::path::PathBuf;

use crate::common::{self, pdfgen};

/// Page 1: the notice; pages 2–3: boxes with their stamps beside them.
fn production() -> PathBuf {
    let notice = [
        pdfgen::text(72.0, 720.0, 12.0, "Dear Requester,"),
        pdfgen::text(
            72.0,
            700.0,
            12.0,
            "Some information has been withheld pursuant to sections 15(1) and 19(1)",
        ),
        pdfgen::text(72.0, 686.0, 12.0, "of the Access to Information Act."),
    ]
    .concat();
    let boxed = |y: f64, stamp: &str| {
        format!(
            "{}{}{}",
            pdfgen::text(
                72.0,
                y + 30.0,
                12.0,
                "The following was discussed at the meeting."
            ),
            pdfgen::rect(72.0, y, 300.0, y + 14.0, 0.0),
            pdfgen::text(310.0, y + 3.0, 9.0, stamp)
        )
    };
    let p2 = [boxed(600.0, "s.15(1)"), boxed(500.0, "s.21(1)(a)")].concat();
    let p3 = [boxed(600.0, "s.22(1)(b)"), boxed(500.0, "s.21(1)(a)")].concat();
    let dir = common::temp_dir("grounds");
    let path = dir.join("grounds.pdf");
    std::fs::write(&path, pdfgen::pages(&[notice, p2, p3])).unwrap();
    path
}

fn codes(list: &serde_json::Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn claimed_grounds_against_stamped_codes_in_json_csv_and_summary() {
    let path = production();
    let p = path.to_str().unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&common::run_dossier(&["analyze", "--json", p], None)).unwrap();
    let g = &json["files"][0]["grounds"];
    assert_eq!(g["claimed_found"], true, "{g:#}");
    assert_eq!(codes(&g["claimed"]), vec!["15(1)", "19(1)"]);
    assert_eq!(g["statements"][0]["page"], 1);
    assert_eq!(g["statements"][0]["act"], "atia");
    assert!(
        g["statements"][0]["text"]
            .as_str()
            .unwrap()
            .contains("withheld pursuant to sections 15(1) and 19(1)"),
        "{g:#}"
    );
    assert_eq!(
        codes(&g["stamped_not_claimed"]),
        vec!["21(1)(a)", "22(1)(b)"],
        "{g:#}"
    );
    assert_eq!(
        g["stamped_not_claimed"][0]["pages"],
        serde_json::json!([2, 3])
    );
    assert_eq!(codes(&g["claimed_not_used"]), vec!["19(1)"]);
    assert_eq!(codes(&g["unknown_in_act"]), vec!["22(1)(b)"]);
    assert_eq!(g["unknown_in_act"][0]["source"], "stamped");
    assert_eq!(g["exemptions"]["claimed"], 2);
    assert_eq!(g["exemptions"]["stamped"], 4);
    assert_eq!(g["exclusions"]["stamped"], 0);

    let csv = common::run_dossier(&["export", p], None);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let ground = |what: &str| -> Vec<csv::StringRecord> {
        rows.iter()
            .filter(|r| &r[3] == "ground" && &r[5] == what)
            .cloned()
            .collect()
    };
    assert_eq!(ground("claimed").len(), 1);
    assert_eq!(&ground("claimed")[0][1], "1");
    let snc = ground("stamped_not_claimed");
    assert_eq!(snc.len(), 2);
    assert!(snc[0][6].starts_with("s.21(1)(a)"), "{snc:?}");
    assert_eq!(&snc[0][7], "pages 2 3");
    assert_eq!(ground("claimed_not_used").len(), 1);
    assert_eq!(ground("unknown_in_act").len(), 1);

    let summary = common::run_dossier(&["analyze", p], None);
    assert!(summary.contains("  grounds (ATIA):"), "{summary}");
    assert!(
        summary.contains("claimed: s.15(1) (p. 1), s.19(1) (p. 1)"),
        "{summary}"
    );
    assert!(
        summary.contains("stamped not claimed: s.21(1)(a) (pp. 2, 3), s.22(1)(b) (p. 3)"),
        "{summary}"
    );
    assert!(
        summary.contains("claimed not used: s.19(1) (p. 1)"),
        "{summary}"
    );
    assert!(summary.contains("unknown in ATIA: s.22(1)(b)"), "{summary}");
}

/// The sample production has withheld-page notices only: they speak for their pages, so nothing
/// is claimed for the production and nothing is reported as not claimed.
#[test]
fn sample_withheld_notices_are_not_claims_for_the_whole_production() {
    let json: serde_json::Value = serde_json::from_str(&common::run_dossier(
        &["analyze", "--json", "samples/production.pdf"],
        None,
    ))
    .unwrap();
    let g = &json["files"][0]["grounds"];
    assert_eq!(g["claimed_found"], false, "{g:#}");
    assert!(g["stamped_not_claimed"].as_array().unwrap().is_empty());
    assert!(g["unknown_in_act"].as_array().unwrap().is_empty());
    let statements = g["statements"].as_array().unwrap();
    assert_eq!(
        statements.len(),
        2,
        "the English notice and its French mirror"
    );
    for s in statements {
        assert_eq!(s["scope"], "withheld_pages");
        assert_eq!(s["withheld_pages"], serde_json::json!([7, 8, 9]));
        assert_eq!(codes_of(s), vec!["69(1)", "21(1)(a)"]);
    }
    assert!(g["exclusions"]["stamped"].as_u64().unwrap() >= 1);
    let summary = common::run_dossier(&["analyze", "samples/production.pdf"], None);
    assert!(summary.contains("claimed: none found"), "{summary}");
}

fn codes_of(s: &serde_json::Value) -> Vec<&str> {
    s["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect()
}

/// A file with neither a stamped code nor a statement of grounds (a court filing, a report) gets
/// no grounds block in the summary, and its leaks stay one line each.
#[test]
fn no_grounds_block_without_codes_or_statements() {
    let page = [
        pdfgen::text(72.0, 700.0, 12.0, "The parties agree that the payments"),
        pdfgen::text(72.0, 686.0, 12.0, "were made through the second quarter."),
        pdfgen::rect(70.0, 682.0, 320.0, 712.0, 0.0),
    ]
    .concat();
    let path = common::temp_dir("grounds-none").join("filing.pdf");
    std::fs::write(&path, pdfgen::pages(&[page])).unwrap();
    let summary = common::run_dossier(&["analyze", path.to_str().unwrap()], None);
    assert!(!summary.contains("grounds ("), "{summary}");
    let leak = summary
        .lines()
        .find(|l| l.contains("LEAK p. "))
        .unwrap_or_else(|| panic!("{summary}"));
    assert!(leak.contains("payments were made"), "{summary}");
}
