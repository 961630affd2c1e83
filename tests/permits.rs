//! Permit links on the samples: every link of the truth by each `via` and no other, and a registry
//! padded with a hundred unrelated permits changes nothing. Sure links apart from candidates, on a
//! production built here against a registry with distractor permits.

use std::collections::BTreeSet;
use std::sync::Arc;

use dossier::permits::{self, LinkStatus, Registry};
use dossier::{Options, analysis::NoProgress};

use crate::common;

type Link = (String, u32, String);

/// The sure links and the candidates of the sample production with `registry`.
fn split_with(registry: Registry) -> (BTreeSet<Link>, BTreeSet<Link>) {
    let options = Options {
        registry: Some(Arc::new(registry)),
        ..Options::default()
    };
    let a =
        dossier::analyze_file(&common::sample("production.pdf"), &options, &NoProgress).unwrap();
    let set = |v: &[dossier::permits::PermitLink], status: LinkStatus| -> BTreeSet<Link> {
        v.iter()
            .map(|l| {
                assert_eq!(l.status, status, "{l:?}");
                let via = serde_json::to_value(l.via).unwrap();
                (l.permit.clone(), l.page, via.as_str().unwrap().to_string())
            })
            .collect()
    };
    (
        set(&a.permit_links, LinkStatus::Link),
        set(&a.permit_candidates, LinkStatus::Candidate),
    )
}

/// Every permit reference found, sure or candidate.
fn links_with(registry: Registry) -> BTreeSet<Link> {
    let (links, candidates) = split_with(registry);
    links.union(&candidates).cloned().collect()
}

/// The references of the truth that the page can only give as candidates: the memo of page 5
/// (dated 2020-05-06, a week before both Baykar permits were issued) is about the applications
/// for the seven MX-15D and for the software and documents; it names no number, and both permits
/// share its end user, consignee, model and dates, so they tie.
fn truth_candidates() -> BTreeSet<Link> {
    ["EXP-2020-0517", "EXP-2020-0518"]
        .iter()
        .map(|p| (p.to_string(), 5, "context".to_string()))
        .collect()
}

fn truth_links() -> BTreeSet<Link> {
    let truth = common::read_json(&common::sample("production.truth.json"));
    truth["permit_links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["permit"].as_str().unwrap().to_string(),
                l["page"].as_u64().unwrap() as u32,
                l["via"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn sample_links_match_the_truth_exactly() {
    let registry = permits::load_registry(&common::sample("permits.csv")).unwrap();
    assert!(registry.row_errors.is_empty(), "{:?}", registry.row_errors);
    assert_eq!(registry.permits.len(), 11);
    let (links, candidates) = split_with(registry);
    let want = truth_links();
    for via in ["number", "serial", "context"] {
        assert!(want.iter().any(|l| l.2 == via), "the truth has {via} links");
    }
    // Every reference of the truth is found, sure or candidate, and nothing else.
    assert_eq!(
        links.union(&candidates).cloned().collect::<BTreeSet<_>>(),
        want
    );
    // The tie of page 5 is candidates; the context link of page 1 (end user, model, quantity and
    // date of one permit only) is sure.
    assert_eq!(candidates, truth_candidates());
    assert!(links.contains(&("EXP-2019-1142".to_string(), 1, "context".to_string())));
}

/// A hundred permits of other exporters, countries and goods change no link.
#[test]
fn unrelated_permits_change_nothing() {
    let mut csv = std::fs::read_to_string(common::sample("permits.csv")).unwrap();
    let companies = [
        "Arctic Radar Ltd.",
        "Coastal Marine Corp.",
        "Boreal Aerospace Inc.",
        "Fundy Electronics",
    ];
    let countries = ["Norway", "Japan", "Chile", "Australia", "Poland"];
    let goods = [
        "radar spare parts",
        "night-vision goggles",
        "body armour",
        "sonar buoys",
        "flight data recorders",
    ];
    for i in 0..100 {
        csv.push_str(&format!(
            "EXP-2018-{:04},{},Ministry of Defence {},Armed Forces of {},{},{},{},AR-{:05},2018-03-{:02},2020-03-01,issued,2018-03-01,\n",
            3000 + i,
            companies[i % companies.len()],
            countries[i % countries.len()],
            countries[i % countries.len()],
            countries[i % countries.len()],
            goods[i % goods.len()],
            1 + i % 9,
            70000 + i,
            1 + i % 28,
        ));
    }
    let padded = permits::registry::registry_from_csv(&csv).unwrap();
    assert_eq!(padded.permits.len(), 111);
    assert_eq!(links_with(padded), truth_links());
}

/// Bad rows are reported by line with a reason; the good rows still load.
#[test]
fn bad_rows_are_reported_and_good_rows_load() {
    let csv = "Permit No.,Exporter,End-user,Destination,Goods,Qty,Serial numbers,Issued,Status\n\
               EXP-1,Acme,Navy,Norway,radar,2,R-1;R-2,2020-01-02,issued\n\
               ,Acme,Navy,Norway,radar,2,,2020-01-02,issued\n\
               EXP-3,Acme,Navy,Norway,radar,two hundred and x,,2020-13-45,issued\n";
    let r = permits::registry::registry_from_csv(csv).unwrap();
    assert_eq!(r.permits.len(), 1, "{r:?}");
    assert_eq!(r.permits[0].serials, vec!["R-1", "R-2"]);
    assert_eq!(r.row_errors.len(), 2, "{:?}", r.row_errors);
    assert!(r.row_errors[0].contains("line 3"), "{:?}", r.row_errors);
}

/// A registry kept as a spreadsheet (XLSX, read with calamine) loads like the CSV.
#[test]
fn xlsx_registry_loads() {
    use std::io::Write as _;
    let rows: Vec<Vec<&str>> = vec![
        vec![
            "Permit #",
            "Exporter",
            "End user",
            "Goods",
            "Qty",
            "Serial numbers",
            "Issued",
            "Status",
        ],
        vec![
            "EXP-2020-0517",
            "L3Harris Wescam",
            "Baykar",
            "MX-15D",
            "7",
            "15D-20117; 15D-20116",
            "2020-05-13",
            "Cancelled",
        ],
        vec![
            "EXP-2019-1142",
            "L3Harris Wescam",
            "Turkish Naval Forces",
            "MX-15D",
            "1",
            "15D-19042",
            "2019-07-18",
            "cancelled",
        ],
    ];
    let col = |i: usize| char::from(b'A' + i as u8);
    let mut sheet = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for (r, row) in rows.iter().enumerate() {
        sheet.push_str(&format!("<row r=\"{}\">", r + 1));
        for (c, v) in row.iter().enumerate() {
            sheet.push_str(&format!(
                "<c r=\"{}{}\" t=\"inlineStr\"><is><t>{v}</t></is></c>",
                col(c),
                r + 1
            ));
        }
        sheet.push_str("</row>");
    }
    sheet.push_str("</sheetData></worksheet>");
    let files = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_string()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
        ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Permits" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string()),
        ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string()),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    let dir = common::temp_dir("xlsx-registry");
    let path = dir.join("registry.xlsx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, body) in files {
        zip.start_file(name, options).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    let r = permits::load_registry(&path).unwrap();
    assert!(r.row_errors.is_empty(), "{:?}", r.row_errors);
    assert_eq!(r.permits.len(), 2);
    assert_eq!(r.permits[0].serials, vec!["15D-20117", "15D-20116"]);
    assert_eq!(r.permits[0].quantity, Some(7));
    assert_eq!(r.permits[1].status.as_deref(), Some("cancelled"));
    // And it links the samples like the CSV does for these permits.
    let links = links_with(r);
    assert!(links.contains(&("EXP-2019-1142".to_string(), 2, "serial".to_string())));
    assert!(links.contains(&("EXP-2020-0517".to_string(), 12, "serial".to_string())));
}

/// A production of `pages` (lines of text each, Helvetica), built with lopdf.
fn text_pdf(pages: &[&[&str]]) -> Vec<u8> {
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let helv = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let mut kids: Vec<Object> = Vec::new();
    for lines in pages {
        let mut content = String::from("BT /F1 11 Tf 72 720 Td 14 TL\n");
        for l in *lines {
            let escaped = l
                .replace('\\', "\\\\")
                .replace('(', "\\(")
                .replace(')', "\\)");
            content.push_str(&format!("({escaped}) Tj T*\n"));
        }
        content.push_str("ET\n");
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => helv } },
        });
        kids.push(page_id.into());
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => count,
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// The true permit and three distractors: one shares end user, goods and dates (only the
/// quantity and serials differ), one the end user and dates, one the goods and dates.
const DISTRACTOR_REGISTRY: &str = "\
permit_number,exporter,consignee,end_user,destination,goods,quantity,serial_numbers,issued,expires,status,status_date
EXP-2021-0101,Acme Optics,Marmara Drone Works,Marmara Drone Works,Turkey,MX-20 targeting sensor,4,AO-1001,2021-03-01,2022-03-01,issued,2021-03-01
EXP-2021-0102,Acme Optics,Marmara Drone Works,Marmara Drone Works,Turkey,MX-20 targeting sensor,2,AO-2001,2021-03-01,2022-03-01,issued,2021-03-01
EXP-2021-0150,Acme Optics,Marmara Drone Works,Marmara Drone Works,Turkey,night vision goggles,4,,2021-03-01,2022-03-01,issued,2021-03-01
EXP-2021-0177,Acme Optics,Aegean Coast Guard,Aegean Coast Guard,Greece,MX-20 targeting sensor,4,,2021-03-01,2022-03-01,issued,2021-03-01
";

/// The distractor production analysed: page 1 names end user and goods (shared by two permits),
/// page 2 cites a permit number among the same words, page 3 adds the quantity of one permit.
fn distractor_analysis() -> dossier::FileAnalysis {
    let pdf = text_pdf(&[
        &[
            "Subject: export permit application, number [redacted]",
            "The application covers MX-20 sensors for Marmara Drone Works.",
        ],
        &[
            "Subject: export permit EXP-2021-0101",
            "The permit covers MX-20 sensors for Marmara Drone Works.",
        ],
        &[
            "Subject: export permit [redacted]",
            "The permit covers four MX-20 sensors for Marmara Drone Works.",
        ],
    ]);
    let registry = permits::registry::registry_from_csv(DISTRACTOR_REGISTRY).unwrap();
    assert!(registry.row_errors.is_empty(), "{:?}", registry.row_errors);
    assert_eq!(registry.permits.len(), 4);
    let options = Options {
        registry: Some(Arc::new(registry)),
        ..Options::default()
    };
    dossier::analyze_bytes(
        std::path::Path::new("distractors.pdf"),
        &pdf,
        &options,
        &NoProgress,
    )
    .unwrap()
}

fn triples(v: &[dossier::permits::PermitLink]) -> Vec<(u32, &str, &str)> {
    v.iter()
        .map(|l| (l.page, l.permit.as_str(), l.via.as_str()))
        .collect()
}

/// Distractors sharing end user, goods or dates: a tie gives a candidate for each tied permit and
/// no link; a cited number gives a sure link whatever the distractors; cues that fit one permit
/// alone give a sure link.
#[test]
fn distractor_permits_make_candidates_not_links() {
    let a = distractor_analysis();
    assert_eq!(
        triples(&a.permit_links),
        vec![
            (2, "EXP-2021-0101", "number"),
            (3, "EXP-2021-0101", "context"),
        ],
        "{:#?}",
        a.permit_links
    );
    assert_eq!(
        triples(&a.permit_candidates),
        vec![
            (1, "EXP-2021-0101", "context"),
            (1, "EXP-2021-0102", "context"),
        ],
        "{:#?}",
        a.permit_candidates
    );
    for c in &a.permit_candidates {
        assert_eq!(c.status, LinkStatus::Candidate);
        assert!(c.score.is_some(), "{c:?}");
        assert!(c.evidence.contains("goods MX-20"), "{}", c.evidence);
        assert!(c.evidence.contains("fits as well"), "{}", c.evidence);
    }
    assert!(a.permit_links.iter().all(|l| l.status == LinkStatus::Link));
    // The sure context link names the cue no distractor has.
    assert!(
        a.permit_links[1].evidence.contains("quantity 4"),
        "{}",
        a.permit_links[1].evidence
    );
}

/// The split shows in the JSON (apart, with stats counting sure links only), the CSV (a
/// `permit_candidate` row kind), the summary (a candidates line with score and evidence), and a
/// reviewer's confirmation turns a candidate into a link in the exports.
#[test]
fn candidates_apart_in_exports_and_confirmed_by_review() {
    use dossier::project::{Project, review, review_key};
    let a = distractor_analysis();

    let report = dossier::export::json::report(&[Ok(a.clone())]);
    let f = serde_json::to_value(&report).unwrap()["files"][0].clone();
    assert_eq!(
        f["permit_stats"],
        serde_json::json!({"links": 2, "candidates": 2})
    );
    assert_eq!(f["permit_links"].as_array().unwrap().len(), 2);
    assert!(
        f["permit_links"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["status"] == "link")
    );
    let cands = f["permit_candidates"].as_array().unwrap();
    assert_eq!(cands.len(), 2);
    assert!(
        cands
            .iter()
            .all(|l| l["status"] == "candidate" && l["score"].is_f64())
    );

    let mut csv = Vec::new();
    dossier::export::csv::write_findings(&mut csv, &[&a], None).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    let kinds = |kind: &str| {
        csv.lines()
            .filter(|l| l.contains(&format!(",{kind},")))
            .count()
    };
    assert_eq!(kinds("permit_link"), 2, "{csv}");
    assert_eq!(kinds("permit_candidate"), 2, "{csv}");

    let mut out = Vec::new();
    dossier::cli::summary::write_summary(&mut out, &a).unwrap();
    let summary = String::from_utf8(out).unwrap();
    assert!(summary.contains("permit links: 2\n"), "{summary}");
    assert!(summary.contains("candidates: 2"), "{summary}");
    assert!(
        summary.contains("? EXP-2021-0102 by context (score"),
        "{summary}"
    );

    // Confirm one candidate, dismiss the other.
    let mut p = Project::default();
    let id = |permit: &str| format!("{permit}@p1");
    p.correction_mut(&review_key(&a.sha256, &id("EXP-2021-0101")))
        .confirmed = true;
    p.correction_mut(&review_key(&a.sha256, &id("EXP-2021-0102")))
        .dismissed = true;
    let (fixed, rev) = review::apply(&p, &a);
    assert_eq!(
        triples(&fixed.permit_links),
        vec![
            (1, "EXP-2021-0101", "context"),
            (2, "EXP-2021-0101", "number"),
            (3, "EXP-2021-0101", "context"),
        ]
    );
    assert!(
        fixed
            .permit_links
            .iter()
            .all(|l| l.status == LinkStatus::Link)
    );
    assert!(fixed.permit_candidates.is_empty());
    assert!(
        rev.corrected
            .iter()
            .any(|c| c.id == id("EXP-2021-0101") && c.field == "status" && c.corrected == "link")
    );
    assert!(rev.dismissed.iter().any(|d| d.id == id("EXP-2021-0102")));
    let report = dossier::export::json::reviewed_report(&[Ok(a.clone())], Some(&p));
    let f = serde_json::to_value(&report).unwrap()["files"][0].clone();
    assert_eq!(
        f["permit_stats"],
        serde_json::json!({"links": 3, "candidates": 0})
    );
    let mut csv = Vec::new();
    dossier::export::csv::write_findings(&mut csv, &[&a], Some(&p)).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert!(
        csv.lines()
            .any(|l| l.contains(",permit_link,EXP-2021-0101@p1,")
                && l.contains("status corrected (detected: candidate)")),
        "{csv}"
    );
    assert!(!csv.contains("permit_candidate"), "{csv}");
}
