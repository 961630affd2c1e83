//! `dossier export` (CSV findings, redaction log, JSON) and `dossier timeline` on the samples.

use crate::common;

fn run(args: &[&str]) -> String {
    common::run_dossier(args, None)
}

fn rows(csv_text: &str) -> Vec<csv::StringRecord> {
    csv::Reader::from_reader(csv_text.as_bytes())
        .records()
        .map(|r| r.unwrap())
        .collect()
}

#[test]
fn findings_csv_has_one_row_per_finding_with_stamps() {
    let text = run(&[
        "export",
        "samples/production.pdf",
        "--permits",
        "samples/permits.csv",
    ]);
    let truth = common::read_json(&common::sample("production.truth.json"));
    let person_pages: usize = truth["officials"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["pages"].as_array().unwrap().len())
        .sum();
    let r = rows(&text);
    let count = |kind: &str| r.iter().filter(|row| &row[3] == kind).count();
    assert_eq!(
        count("redaction"),
        truth["redactions"].as_array().unwrap().len()
    );
    assert_eq!(count("official") + count("person"), person_pages);
    assert_eq!(count("person"), 2, "the researcher and the company contact");
    // The truth's references are sure links, but for the tie of page 5 (two candidates: see
    // tests/permits.rs).
    assert_eq!(
        count("permit_link") + count("permit_candidate"),
        truth["permit_links"].as_array().unwrap().len()
    );
    assert_eq!(count("permit_candidate"), 2);
    // Every row cites its page stamp, the scanned page's too: OCR reads the stamp in its picture.
    let unstamped = r.iter().filter(|row| row[2].is_empty()).count();
    assert_eq!(unstamped, 0);
    let scanned_rows = r.iter().filter(|row| &row[1] == "11").count();
    assert!(
        scanned_rows >= 3,
        "the three blocks and the people on the scanned page"
    );
}

#[test]
fn redaction_log_lists_codes_meanings_and_leaks() {
    let r = rows(&run(&[
        "export",
        "samples/production.pdf",
        "--format",
        "log",
    ]));
    let truth = Truth::read();
    assert_eq!(r.len(), truth.redactions.len());
    let leaks: Vec<&str> = r
        .iter()
        .map(|row| &row[10])
        .filter(|t| !t.is_empty())
        .collect();
    assert_eq!(leaks.len(), truth.leaks());
    // A leak says how much of its box the text fills; a redaction that does not leak, nothing.
    for row in &r {
        let coverage = &row[14];
        if row[10].is_empty() {
            assert!(coverage.is_empty(), "{row:?}");
        } else {
            let c: f32 = coverage.parse().unwrap();
            assert!(c > 0.0 && c <= 1.0, "{row:?}");
        }
    }
    assert!(leaks.contains(&"613-555-0142"));
    let advice = r.iter().find(|row| &row[6] == "21(1)(a)").unwrap();
    assert!(
        advice[7].contains("Advice or recommendations (discretionary)"),
        "{advice:?}"
    );
    let notice = r.iter().find(|row| &row[4] == "withheld_pages").unwrap();
    assert_eq!(&notice[8], "7 8 9");
}

#[test]
fn json_export_is_the_analysis_document_with_statistics() {
    let v: serde_json::Value = serde_json::from_str(&run(&[
        "export",
        "samples/production.pdf",
        "--format",
        "json",
    ]))
    .unwrap();
    let stats = &v["files"][0]["redaction_stats"]["production"];
    let truth = Truth::read();
    assert_eq!(stats["redactions"], truth.redactions.len());
    assert_eq!(stats["leaks"], truth.leaks());
    let (code, count) = truth.most_used_code();
    assert_eq!(stats["by_code"][0]["code"], code.as_str());
    assert_eq!(stats["by_code"][0]["count"], count);
    assert_eq!(stats["pages_withheld"], truth.pages_withheld());
}

/// The counts the sample's truth file gives (never written here by hand).
struct Truth {
    redactions: Vec<serde_json::Value>,
}

impl Truth {
    fn read() -> Truth {
        let t = common::read_json(&common::sample("production.truth.json"));
        Truth {
            redactions: t["redactions"].as_array().unwrap().clone(),
        }
    }

    fn leaks(&self) -> usize {
        self.redactions
            .iter()
            .filter(|r| r["leaked_text"].is_string())
            .count()
    }

    /// The code on most redactions, and on how many (ties: the first in code order).
    fn most_used_code(&self) -> (String, usize) {
        let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
        for r in &self.redactions {
            for c in r["codes"].as_array().unwrap() {
                *counts.entry(c.as_str().unwrap().to_string()).or_default() += 1;
            }
        }
        let most = counts.values().copied().max().unwrap_or(0);
        counts.into_iter().find(|(_, n)| *n == most).unwrap()
    }

    fn pages_withheld(&self) -> usize {
        let mut pages: Vec<u64> = self
            .redactions
            .iter()
            .flat_map(|r| r["withheld_pages"].as_array().unwrap().clone())
            .filter_map(|p| p.as_u64())
            .collect();
        pages.sort_unstable();
        pages.dedup();
        pages.len()
    }
}

#[test]
fn timeline_puts_the_memo_a_week_before_the_permit() {
    let v: serde_json::Value = serde_json::from_str(&run(&[
        "timeline",
        "samples",
        "--permits",
        "samples/permits.csv",
        "--json",
    ]))
    .unwrap();
    let events = v["events"].as_array().unwrap();
    let dates: Vec<&str> = events.iter().map(|e| e["date"].as_str().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
    let pos = |pred: &dyn Fn(&serde_json::Value) -> bool| events.iter().position(pred).unwrap();
    let memo =
        pos(&|e| e["kind"] == "document" && e["label"].as_str().unwrap().starts_with("memo"));
    let issued = pos(&|e| e["kind"] == "permit_issued" && e["permit"] == "EXP-2020-0517");
    let suspended = pos(&|e| e["kind"] == "permit_suspended" && e["permit"] == "EXP-2020-0517");
    let cancelled = pos(&|e| e["kind"] == "permit_cancelled" && e["permit"] == "EXP-2020-0517");
    assert!(memo < issued && issued < suspended && suspended < cancelled);
    assert_eq!(events[memo]["date"], "2020-05-06");
    assert_eq!(events[issued]["date"], "2020-05-13");
    assert_eq!(events[cancelled]["date"], "2021-04-12");
    assert_eq!(events[memo]["stamp"], "A-2020-00417 - 000005");
}

/// A reporter's review (a project saved by the app) is laid over every export: dismissed
/// findings are left out, corrections are used and cited, reviewed marks and tags come along.
#[test]
fn exports_follow_the_review_in_a_project_file() {
    use dossier::geometry::Rect;
    use dossier::project::{self, Project, TagKind, review};
    use std::sync::Arc;

    let registry = dossier::permits::load_registry(&common::sample("permits.csv")).unwrap();
    let options = dossier::Options {
        registry: Some(Arc::new(registry)),
        ..Default::default()
    };
    let a = dossier::analyze_file(
        &common::sample("production.pdf"),
        &options,
        &dossier::analysis::NoProgress,
    )
    .unwrap();
    let key = |id: &str| project::review_key(&a.sha256, id);
    let anand = a
        .officials
        .iter()
        .find(|o| o.name == "Shalini Anand")
        .unwrap();
    let dismissed_red = a.redactions.iter().find(|r| r.page == 4).unwrap();
    let corrected_red = a
        .redactions
        .iter()
        .find(|r| r.page == 1 && r.codes == ["19(1)"])
        .unwrap();
    let link = &a.permit_links[0];
    let link_id = review::link_id(link);

    let mut p = Project::default();
    p.correction_mut(&key(&dismissed_red.id)).dismissed = true;
    p.correction_mut(&key(&corrected_red.id)).codes =
        Some(review::parse_codes("s.19(1), 21(1)(a)"));
    p.correction_mut(&key(&anand.id)).title = Some("Director General".into());
    let c = p.correction_mut(&key(&link_id));
    c.dismissed = true;
    c.note = "another end user".into();
    p.reviewed.insert(key(&a.redactions[0].id), true);
    // A tag over the first line of page 1 quotes its text.
    let page1 = &a.pages[0];
    let line = &page1.lines[0];
    let (quote, _) = page1.text_in(&line.bbox).unwrap();
    assert_eq!(quote, line.text.trim());
    p.add_tag(&a.sha256, 1, line.bbox, TagKind::Note, "check this", &quote);
    p.add_tag(
        "another-file",
        1,
        Rect::new(0.0, 0.0, 1.0, 1.0),
        TagKind::Note,
        "",
        "",
    );
    let dir = common::temp_dir("export-review");
    let path = dir.join("review.json");
    p.save(&path).unwrap();
    let pstr = path.to_str().unwrap();
    let base = [
        "samples/production.pdf",
        "--permits",
        "samples/permits.csv",
        "--project",
        pstr,
    ];

    // JSON: the arrays as corrected, and the review beside them.
    let mut args = vec!["export", "--format", "json"];
    args.extend(base);
    let v: serde_json::Value = serde_json::from_str(&run(&args)).unwrap();
    let f = &v["files"][0];
    assert_eq!(
        f["redactions"].as_array().unwrap().len(),
        a.redactions.len() - 1
    );
    assert!(
        f["redactions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["id"] != dismissed_red.id.as_str())
    );
    let fixed = f["redactions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == corrected_red.id.as_str())
        .unwrap();
    assert_eq!(fixed["codes"], serde_json::json!(["19(1)", "21(1)(a)"]));
    assert_eq!(
        f["redaction_stats"]["production"]["redactions"],
        a.redactions.len() - 1
    );
    assert_eq!(
        f["permit_links"].as_array().unwrap().len(),
        a.permit_links.len() - 1
    );
    let rev = &f["review"];
    assert_eq!(rev["dismissed"].as_array().unwrap().len(), 2);
    assert!(
        rev["dismissed"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["id"] == link_id.as_str() && d["note"] == "another end user")
    );
    assert_eq!(rev["corrected"].as_array().unwrap().len(), 2);
    assert_eq!(rev["reviewed"], serde_json::json!([a.redactions[0].id]));
    let tags = rev["tags"].as_array().unwrap();
    assert_eq!(tags.len(), 1, "only this file's tags");
    assert_eq!(tags[0]["text"], quote.as_str());
    assert_eq!(tags[0]["page_stamp"], a.label(1).unwrap());

    // CSV findings: the same, one row each, with a review column.
    let mut args = vec!["export"];
    args.extend(base);
    let r = rows(&run(&args));
    assert!(
        r.iter()
            .all(|row| &row[4] != dismissed_red.id.as_str() && &row[4] != link_id.as_str())
    );
    let person = r.iter().find(|row| &row[4] == anand.id.as_str()).unwrap();
    assert!(person[6].starts_with("Director General"), "{person:?}");
    assert!(
        person[9].contains("title corrected (detected: Acting Director General"),
        "{person:?}"
    );
    let first = r
        .iter()
        .find(|row| &row[4] == a.redactions[0].id.as_str())
        .unwrap();
    assert_eq!(&first[9], "reviewed");
    let tag = r.iter().find(|row| &row[3] == "tag").unwrap();
    assert_eq!(
        (&tag[1], &tag[2], &tag[6], &tag[7]),
        ("1", a.label(1).unwrap(), "check this", quote.as_str())
    );

    // The redaction log uses the corrected codes.
    let mut args = vec!["export", "--format", "log"];
    args.extend(base);
    let log = rows(&run(&args));
    assert_eq!(log.len(), a.redactions.len() - 1);
    let row = log
        .iter()
        .find(|row| &row[3] == corrected_red.id.as_str())
        .unwrap();
    assert_eq!(&row[6], "19(1) 21(1)(a)");
    assert!(row[11].contains("codes corrected (detected: 19(1))"));

    // Without the project, nothing of the review.
    let v: serde_json::Value = serde_json::from_str(&run(&[
        "export",
        "samples/production.pdf",
        "--format",
        "json",
    ]))
    .unwrap();
    assert!(v["files"][0].get("review").is_none());

    // A damaged project is a clear error, not an export without the review.
    std::fs::write(&path, b"{ not json").unwrap();
    let out = std::process::Command::new(common::dossier_bin())
        .args(["export", "samples/production.pdf", "--project", pstr])
        .current_dir(common::root())
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a readable project file"));
}
