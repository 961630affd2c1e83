//! `dossier export` (CSV findings, redaction log, JSON) and `dossier timeline` on the samples.

use std::process::Command;

use crate::common;

fn run(args: &[&str]) -> String {
    let out = Command::new(common::dossier_bin())
        .args(args)
        .current_dir(common::root())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
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
    assert_eq!(
        count("permit_link"),
        truth["permit_links"].as_array().unwrap().len()
    );
    // Every row cites its page stamp, except the scanned page's.
    let unstamped = r.iter().filter(|row| row[2].is_empty()).count();
    assert_eq!(unstamped, 3, "the three blocks on the scanned page");
}

#[test]
fn redaction_log_lists_codes_meanings_and_leaks() {
    let r = rows(&run(&["export", "samples", "--format", "log"]));
    assert_eq!(r.len(), 29);
    let leaks: Vec<&str> = r
        .iter()
        .map(|row| &row[10])
        .filter(|t| !t.is_empty())
        .collect();
    assert_eq!(leaks.len(), 4);
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
    let v: serde_json::Value =
        serde_json::from_str(&run(&["export", "samples", "--format", "json"])).unwrap();
    let stats = &v["files"][0]["redaction_stats"]["production"];
    assert_eq!(stats["redactions"], 29);
    assert_eq!(stats["leaks"], 4);
    assert_eq!(stats["by_code"][0]["code"], "15(1)");
    assert_eq!(stats["by_code"][0]["count"], 7);
    assert_eq!(stats["pages_withheld"], 5);
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
