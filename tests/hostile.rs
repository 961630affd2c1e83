//! Hostile input: broken, malicious and odd PDFs must each give an analysis or a clear per-file
//! error: never a panic, a hang or unbounded memory.
//!
//! Two sets: files made here by code (truncated, garbage xref, missing objects, wrong lengths, cyclic
//! page trees, huge dimensions, broken fonts and images, zero pages, self-including forms, deep
//! nesting, a Flate bomb), and the real broken files of `../shared/corpus/malformed/` (skipped when
//! absent). Each file runs through the real binary in its own process, so a crash or a hang is seen
//! as such; the generous time guard only catches hangs, it measures no speed.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, Stream, dictionary};

use crate::common;

/// Longest any single file may take before we call it a hang.
const HANG_GUARD: Duration = Duration::from_secs(60);

/// What one run of `dossier analyze --json FILE` gave.
#[derive(Debug)]
struct Outcome {
    analysed: bool,
    errors: Vec<String>,
    exit: Option<i32>,
}

fn run_one(path: &Path) -> Outcome {
    let mut child = Command::new(common::dossier_bin())
        .args(["analyze", "--json"])
        .arg(path)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > HANG_GUARD {
            child.kill().ok();
            panic!(
                "{}: still running after {HANG_GUARD:?} (hang)",
                path.display()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    let code = out.status.code();
    assert!(
        code == Some(0) || code == Some(2),
        "{}: exit {:?} (crash?) stderr: {}",
        path.display(),
        code,
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{}: stdout is not JSON ({e}); stderr: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let file = &report["files"][0];
    let errors: Vec<String> = file["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap().to_string())
        .collect();
    if !errors.is_empty() {
        // A per-file error names the file on stderr and says what is wrong in the report.
        let stderr = String::from_utf8_lossy(&out.stderr);
        let name = path.file_name().unwrap().to_string_lossy();
        assert!(
            stderr.contains(&*name),
            "{}: stderr does not name the file: {stderr}",
            path.display()
        );
        assert!(
            errors.iter().all(|e| e.len() > 5),
            "{}: unclear error {errors:?}",
            path.display()
        );
        assert_eq!(
            code,
            Some(2),
            "{}: a failed file must set exit 2",
            path.display()
        );
    }
    Outcome {
        analysed: errors.is_empty() && file["pages"].as_u64().unwrap_or(0) > 0,
        errors,
        exit: code,
    }
}

/// A one-page document with the given content and resources.
fn one_page(content: Vec<u8>, resources: Dictionary, media_box: Vec<Object>) -> Document {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let content_id = doc.add_object(Stream::new(dictionary! {}, content));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content_id,
        "Resources" => resources,
        "MediaBox" => media_box,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    doc
}

fn letter() -> Vec<Object> {
    vec![0.into(), 0.into(), 612.into(), 792.into()]
}

fn text_content(text: &str) -> Vec<u8> {
    Content {
        operations: vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 12.into()]),
            Operation::new("Td", vec![72.into(), 700.into()]),
            Operation::new("Tj", vec![Object::string_literal(text)]),
            Operation::new("ET", vec![]),
        ],
    }
    .encode()
    .unwrap()
}

fn helvetica() -> Dictionary {
    dictionary! {
        "Font" => dictionary! {
            "F1" => dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" },
        },
    }
}

fn save(doc: &mut Document) -> Vec<u8> {
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

fn good_pdf() -> Vec<u8> {
    save(&mut one_page(
        text_content("Hello, committee."),
        helvetica(),
        letter(),
    ))
}

/// Replaces the first occurrence of `from` by `to` (same length or not).
fn replace_once(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let pos = bytes.windows(from.len()).position(|w| w == from).unwrap();
    let mut out = bytes[..pos].to_vec();
    out.extend_from_slice(to);
    out.extend_from_slice(&bytes[pos + from.len()..]);
    out
}

/// Every malformed file, by name.
#[allow(clippy::vec_init_then_push)] // one push per case reads better than one huge literal
fn malformed_files() -> Vec<(&'static str, Vec<u8>)> {
    let good = good_pdf();
    let mut files: Vec<(&'static str, Vec<u8>)> = Vec::new();

    files.push(("empty.pdf", Vec::new()));
    files.push((
        "text-renamed.pdf",
        b"Minutes of the meeting, not a PDF at all.\n".to_vec(),
    ));
    files.push(("header-only.pdf", b"%PDF-1.7\n".to_vec()));
    files.push(("truncated-half.pdf", good[..good.len() / 2].to_vec()));
    files.push(("truncated-tail.pdf", good[..good.len() - 30].to_vec()));

    // Garbage where the xref table and its offset should be.
    let xref_at = good.windows(4).rposition(|w| w == b"xref").unwrap();
    let mut garbage_xref = good[..xref_at].to_vec();
    garbage_xref.extend_from_slice(b"xref\n0 9\nzzzzzzzzzz 65535 f \n#$%^&*\ntrailer\n<< /Size 9 >>\nstartxref\n99999999\n%%EOF\n");
    files.push(("garbage-xref.pdf", garbage_xref));

    // Wrong /Length on the content stream (too long and too short).
    files.push((
        "wrong-length-long.pdf",
        replace_once(&good, b"/Length ", b"/Length 9999"),
    ));
    files.push((
        "wrong-length-short.pdf",
        replace_once(&good, b"/Length ", b"/Length 1"),
    ));

    // A page whose content and resources point at objects that do not exist.
    {
        let mut doc = one_page(Vec::new(), Dictionary::new(), letter());
        let page_id = *doc.get_pages().values().next().unwrap();
        let page = doc.get_object_mut(page_id).unwrap().as_dict_mut().unwrap();
        page.set("Contents", Object::Reference((999, 0)));
        page.set("Resources", Object::Reference((998, 0)));
        files.push(("missing-objects.pdf", save(&mut doc)));
    }

    // A page tree whose Pages node lists itself.
    {
        let mut doc = one_page(text_content("cycle"), helvetica(), letter());
        let root = doc
            .catalog()
            .unwrap()
            .get(b"Pages")
            .unwrap()
            .as_reference()
            .unwrap();
        let pages = doc.get_object_mut(root).unwrap().as_dict_mut().unwrap();
        let mut kids = pages.get(b"Kids").unwrap().as_array().unwrap().clone();
        kids.push(Object::Reference(root));
        pages.set("Kids", kids);
        pages.set("Count", 2);
        files.push(("cyclic-page-tree.pdf", save(&mut doc)));
    }

    // Absurd page sizes.
    files.push((
        "huge-mediabox.pdf",
        save(&mut one_page(
            text_content("big"),
            helvetica(),
            vec![
                0.into(),
                0.into(),
                Object::Real(1.0e30),
                Object::Real(1.0e30),
            ],
        )),
    ));
    files.push((
        "inverted-nan-mediabox.pdf",
        save(&mut one_page(
            text_content("odd"),
            helvetica(),
            vec![
                612.into(),
                792.into(),
                0.into(),
                Object::Name(b"NaN".to_vec()),
            ],
        )),
    ));

    // Zero pages.
    {
        let mut doc = Document::with_version("1.7");
        let pages_id = doc.add_object(
            dictionary! { "Type" => "Pages", "Kids" => Vec::<Object>::new(), "Count" => 0 },
        );
        let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog_id);
        files.push(("zero-pages.pdf", save(&mut doc)));
    }

    // Broken fonts: a ToUnicode stream of garbage, /Widths that is not an array, a Type0 font without
    // descendants, and a huge /FirstChar.
    {
        let mut doc = Document::with_version("1.7");
        let tounicode = doc.add_object(Stream::new(
            dictionary! {},
            b"begincmap 1 beginbfrange <0000> <FFFF> [<00> <0041> ] endbfrange <zz> <41> beginbfchar <01".to_vec(),
        ));
        let resources = dictionary! {
            "Font" => dictionary! {
                "F1" => dictionary! { "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "Broken",
                    "ToUnicode" => tounicode, "Widths" => "NotAnArray", "FirstChar" => 4_000_000_000_i64 },
                "F2" => dictionary! { "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "NoKids",
                    "Encoding" => "Identity-H" },
            },
        };
        let content = b"BT /F1 12 Tf 72 700 Td (\x01\x02\x03) Tj /F2 12 Tf (\x00\x41\x00) Tj /F9 12 Tf (x) Tj ET".to_vec();
        let mut d = one_page(content, resources, letter());
        // Move the ToUnicode object into the new document.
        let obj = doc.get_object(tounicode).unwrap().clone();
        d.objects.insert(tounicode, obj);
        d.max_id = d.max_id.max(tounicode.0);
        files.push(("broken-fonts.pdf", save(&mut d)));
    }

    // Broken images: enormous declared size with tiny data, garbage JPEG, and a bad inline image.
    {
        let mut d = one_page(Vec::new(), Dictionary::new(), letter());
        let huge = d.add_object(Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 100_000, "Height" => 100_000,
                "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
            vec![0u8; 64],
        ));
        let bad_jpeg = d.add_object(Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 2000, "Height" => 2000,
                "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8, "Filter" => "DCTDecode" },
            b"\xFF\xD8\xFF\xE0 this is not a jpeg at all".to_vec(),
        ));
        let content = b"q 612 0 0 792 0 0 cm /Im1 Do Q q 600 0 0 780 0 0 cm /Im2 Do Q \
            BI /W 4000 /H 4000 /CS /G /BPC 8 ID \x00\x01\x02 EI"
            .to_vec();
        let content_id = d.add_object(Stream::new(dictionary! {}, content));
        let page_id = *d.get_pages().values().next().unwrap();
        let page = d.get_object_mut(page_id).unwrap().as_dict_mut().unwrap();
        page.set("Contents", content_id);
        page.set(
            "Resources",
            dictionary! { "XObject" => dictionary! { "Im1" => huge, "Im2" => bad_jpeg } },
        );
        files.push(("broken-images.pdf", save(&mut d)));
    }

    // A form XObject that draws itself, and two forms that draw each other.
    {
        let mut d = one_page(b"/Fx Do".to_vec(), Dictionary::new(), letter());
        let form_id = d.new_object_id();
        let other_id = d.new_object_id();
        d.objects.insert(
            form_id,
            Object::Stream(Stream::new(
                dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => letter(),
                    "Resources" => dictionary! { "XObject" => dictionary! { "Fx" => form_id, "Fy" => other_id } } },
                b"0 0 m 10 10 l S /Fx Do /Fy Do".to_vec(),
            )),
        );
        d.objects.insert(
            other_id,
            Object::Stream(Stream::new(
                dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => letter(),
                "Resources" => dictionary! { "XObject" => dictionary! { "Fx" => form_id } } },
                b"1 0 0 1 1 1 cm /Fx Do".to_vec(),
            )),
        );
        let page_id = *d.get_pages().values().next().unwrap();
        let page = d.get_object_mut(page_id).unwrap().as_dict_mut().unwrap();
        page.set(
            "Resources",
            dictionary! { "XObject" => dictionary! { "Fx" => form_id } },
        );
        files.push(("self-including-form.pdf", save(&mut d)));
    }

    // Deeply nested arrays in the content stream and in an object.
    {
        let mut content = Vec::new();
        content.extend(std::iter::repeat_n(b'[', 100_000));
        content.extend(std::iter::repeat_n(b']', 100_000));
        content.extend_from_slice(b" TJ");
        files.push((
            "deep-nesting-content.pdf",
            save(&mut one_page(content, helvetica(), letter())),
        ));
        let mut bytes = good.clone();
        let mut nested = b"\n50 0 obj\n".to_vec();
        nested.extend(std::iter::repeat_n(b'[', 200_000));
        nested.extend_from_slice(b"\nendobj\n");
        let at = bytes.windows(4).rposition(|w| w == b"xref").unwrap();
        bytes.splice(at..at, nested);
        files.push(("deep-nesting-object.pdf", bytes));
    }

    // A Flate bomb: a content stream of 300 MiB of spaces, compressed.
    {
        let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..300 {
            enc.write_all(&chunk).unwrap();
        }
        let compressed = enc.finish().unwrap();
        let mut d = one_page(Vec::new(), Dictionary::new(), letter());
        let bomb = d.add_object(
            Stream::new(dictionary! { "Filter" => "FlateDecode" }, compressed)
                .with_compression(false),
        );
        let page_id = *d.get_pages().values().next().unwrap();
        d.get_object_mut(page_id)
            .unwrap()
            .as_dict_mut()
            .unwrap()
            .set("Contents", bomb);
        files.push(("flate-bomb.pdf", save(&mut d)));
    }

    // An operator storm: one form with 20,000 path operators drawn 500 times (10 million operators).
    {
        let mut ops = Vec::new();
        for i in 0..20_000 {
            ops.extend_from_slice(format!("{} 0 m {} 1 l ", i % 600, i % 600).as_bytes());
        }
        ops.extend_from_slice(b"S");
        let mut d = one_page(Vec::new(), Dictionary::new(), letter());
        let form = d.add_object(Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => letter() },
            ops,
        ));
        let content: Vec<u8> = b"/F0 Do ".repeat(500);
        let content_id = d.add_object(Stream::new(dictionary! {}, content));
        let page_id = *d.get_pages().values().next().unwrap();
        let page = d.get_object_mut(page_id).unwrap().as_dict_mut().unwrap();
        page.set("Contents", content_id);
        page.set(
            "Resources",
            dictionary! { "XObject" => dictionary! { "F0" => form } },
        );
        files.push(("operator-storm.pdf", save(&mut d)));
    }

    // Encrypted with a user password we do not have: a real encryption dictionary would need the
    // crypt code; an /Encrypt entry with an unknown filter is what readers meet in the wild too.
    {
        let mut d = one_page(text_content("secret"), helvetica(), letter());
        let enc = d.add_object(
            dictionary! { "Filter" => "MysteryCrypt", "V" => 9, "R" => 9, "Length" => 256 },
        );
        d.trailer.set("Encrypt", enc);
        files.push(("encrypted-unknown.pdf", save(&mut d)));
    }

    files
}

fn write_all(dir: &Path) -> Vec<PathBuf> {
    malformed_files()
        .into_iter()
        .map(|(name, bytes)| {
            let path = dir.join(name);
            std::fs::write(&path, bytes).unwrap();
            path
        })
        .collect()
}

#[test]
fn generated_malformed_files_give_an_analysis_or_a_clear_error() {
    let dir = common::temp_dir("hostile-generated");
    let paths = write_all(&dir);
    let mut analysed = 0;
    let mut failed = 0;
    for path in &paths {
        let outcome = run_one(path);
        eprintln!(
            "{}: {}",
            path.file_name().unwrap().to_string_lossy(),
            if outcome.analysed {
                "analysed".to_string()
            } else {
                format!("error {:?}", outcome.errors)
            }
        );
        if outcome.analysed {
            analysed += 1;
        } else {
            failed += 1;
        }
        assert!(outcome.exit.is_some());
    }
    // Files that are certainly not analysable must fail; the rest may go either way.
    for name in [
        "empty.pdf",
        "text-renamed.pdf",
        "header-only.pdf",
        "zero-pages.pdf",
    ] {
        let outcome = run_one(&dir.join(name));
        assert!(!outcome.analysed, "{name} should be an error");
    }
    assert_eq!(analysed + failed, paths.len());
}

#[test]
fn a_batch_of_hostile_files_goes_on_past_each_failure() {
    let dir = common::temp_dir("hostile-batch");
    let paths = write_all(&dir);
    std::fs::copy(common::sample("production.pdf"), dir.join("zz-good.pdf")).ok();
    let out = Command::new(common::dossier_bin())
        .args(["analyze", "--json"])
        .arg(&dir)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = report["files"].as_array().unwrap();
    let expected = paths.len() + usize::from(dir.join("zz-good.pdf").exists());
    assert_eq!(files.len(), expected, "every file has an entry");
    if dir.join("zz-good.pdf").exists() {
        let good = files
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with("zz-good.pdf"))
            .unwrap();
        assert!(good["errors"].as_array().unwrap().is_empty());
        assert!(good["pages"].as_u64().unwrap() > 0);
    }
}

#[test]
fn shared_malformed_corpus_gives_an_analysis_or_a_clear_error() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let mut paths = Vec::new();
    let mut stack = vec![corpus.join("malformed")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "pdf" || e == "fuzz") {
                paths.push(p);
            }
        }
    }
    paths.sort();
    assert!(
        paths.len() > 50,
        "expected the qpdf and fuzz files, found {}",
        paths.len()
    );
    let (mut analysed, mut failed) = (0, 0);
    for p in &paths {
        if run_one(p).analysed {
            analysed += 1;
        } else {
            failed += 1;
        }
    }
    eprintln!(
        "malformed corpus: {analysed} analysed, {failed} per-file errors, 0 crashes, 0 hangs"
    );
}

/// Every saved fuzz finding: in process (as the fuzz target runs it) and through the binary.
#[test]
fn fuzz_regressions_give_an_analysis_or_a_clear_error() {
    let dir = common::root().join("tests").join("fuzz_regressions");
    assert!(
        dir.join("README.md").is_file(),
        "tests/fuzz_regressions/ is missing"
    );
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let path = e.path();
        if path.extension().is_some_and(|x| x == "md") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let _ = dossier::analyze_bytes(
            &path,
            &bytes,
            &dossier::Options::default(),
            &dossier::analysis::NoProgress,
        );
        let outcome = run_one(&path);
        assert!(outcome.exit.is_some(), "{}", path.display());
    }
}

/// Peak resident memory of `dossier analyze --json FILE` in MiB (through `/usr/bin/time`), or
/// `None` with a printed reason when that tool is missing.
fn peak_rss_mib(path: &Path) -> Option<u64> {
    let time = Path::new("/usr/bin/time");
    if !time.exists() {
        eprintln!("skipping the memory measure: /usr/bin/time is not installed (.ci/setup)");
        return None;
    }
    let out = Command::new(time)
        .args(["-f", "peak-rss-kib %M"])
        .arg(common::dossier_bin())
        .args(["analyze", "--json", "--ocr", "never"])
        .arg(path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let kib: u64 = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("peak-rss-kib "))
        .next_back()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("{}: no peak memory in {stderr}", path.display()));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{}: no JSON ({e}): {stderr}", path.display()));
    assert!(report["files"][0].is_object(), "{}", path.display());
    Some(kib / 1024)
}

/// Tiny crafted files that used to make Dossier allocate gigabytes: a CCITT image whose
/// `/Columns` is far wider than its `/Width`, one text-show of 16 million characters, and four
/// pages sharing it. Each is analysed (or refused) within 512 MiB, measured.
#[test]
fn crafted_files_stay_within_512_mib() {
    let dir = common::temp_dir("hostile-memory");
    // CCITT: 1 pixel wide, 100,000 rows declared, rows of 100,000 columns in the parameters
    // (10 GB if the buffer followed /Columns).
    let image = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 100_000,
            "BitsPerComponent" => 1, "ColorSpace" => "DeviceGray", "Filter" => "CCITTFaxDecode",
            "DecodeParms" => dictionary! { "K" => -1, "Columns" => 100_000, "Rows" => 100_000,
                "EndOfBlock" => false },
        },
        // Group 4, every bit a "vertical 0" code: one all-white row per bit, 100,000 rows.
        vec![0xFF; 12_500],
    );
    let mut doc = one_page(
        b"q 612 0 0 792 0 0 cm /Im0 Do Q".to_vec(),
        dictionary! {},
        letter(),
    );
    let id = doc.add_object(image);
    if let Some(Object::Dictionary(page)) = doc
        .get_pages()
        .values()
        .next()
        .copied()
        .and_then(|p| doc.objects.get_mut(&p))
    {
        page.set(
            "Resources",
            dictionary! { "XObject" => dictionary! { "Im0" => id } },
        );
    }
    let ccitt = dir.join("ccitt-columns.pdf");
    std::fs::write(&ccitt, save(&mut doc)).unwrap();

    // One text-show of 16 million characters, Flate-compressed to a few kilobytes.
    let mut content = b"BT /F1 1 Tf 0 0 Td (".to_vec();
    content.extend(std::iter::repeat_n(b'a', 16_000_000));
    content.extend_from_slice(b") Tj ET");
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut enc, &content).unwrap();
    let packed = enc.finish().unwrap();
    let mut doc = one_page(Vec::new(), helvetica(), letter());
    let stream = Stream::new(dictionary! { "Filter" => "FlateDecode" }, packed);
    let shared = doc.add_object(stream);
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().values().copied().collect();
    for p in &pages {
        if let Some(Object::Dictionary(d)) = doc.objects.get_mut(p) {
            d.set("Contents", shared);
        }
    }
    let huge_show = dir.join("huge-text-show.pdf");
    std::fs::write(&huge_show, save(&mut doc)).unwrap();
    // Four pages sharing that stream.
    let page = pages.first().copied().unwrap();
    let template = doc.get_dictionary(page).unwrap().clone();
    let kids: Vec<Object> = (0..4)
        .map(|_| Object::Reference(doc.add_object(template.clone())))
        .collect();
    let root = doc
        .catalog()
        .unwrap()
        .get(b"Pages")
        .unwrap()
        .as_reference()
        .unwrap();
    doc.objects.insert(
        root,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => 4 }),
    );
    let shared_pages = dir.join("huge-text-show-4-pages.pdf");
    std::fs::write(&shared_pages, save(&mut doc)).unwrap();

    for path in [&ccitt, &huge_show, &shared_pages] {
        let size = std::fs::metadata(path).unwrap().len();
        assert!(
            size < 100_000,
            "{}: a small file ({size} bytes)",
            path.display()
        );
        let Some(mib) = peak_rss_mib(path) else {
            return;
        };
        eprintln!("{}: {size} bytes, peak {mib} MiB", path.display());
        assert!(mib < 512, "{}: peak {mib} MiB", path.display());
    }
}
