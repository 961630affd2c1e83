//! Permit links on the samples: every link of the truth by each `via` and no other, and a registry
//! padded with a hundred unrelated permits changes nothing.

use std::collections::BTreeSet;
use std::sync::Arc;

use dossier::permits::{self, Registry};
use dossier::{Options, analysis::NoProgress};

use crate::common;

type Link = (String, u32, String);

fn links_with(registry: Registry) -> BTreeSet<Link> {
    let options = Options {
        registry: Some(Arc::new(registry)),
        ..Options::default()
    };
    let a =
        dossier::analyze_file(&common::sample("production.pdf"), &options, &NoProgress).unwrap();
    a.permit_links
        .iter()
        .map(|l| {
            let via = serde_json::to_value(l.via).unwrap();
            (l.permit.clone(), l.page, via.as_str().unwrap().to_string())
        })
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
    let got = links_with(registry);
    let want = truth_links();
    for via in ["number", "serial", "context"] {
        assert!(want.iter().any(|l| l.2 == via), "the truth has {via} links");
    }
    assert_eq!(got, want);
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
